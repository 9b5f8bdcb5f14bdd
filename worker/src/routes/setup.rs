//! `POST /api/v1/setup/demo-users`: creates the demo company's users when
//! the worker runs with `DEMO_SETUP = "enabled"` (local `wrangler dev`
//! only; deployed workers leave it unset). Existing users are left as they
//! are, so seeding is idempotent.

use afterloop_domain::access::Role;
use afterloop_domain::case::Language;
use afterloop_domain::UserId;
use serde::Serialize;
use worker::{Env, Request, Response};

use crate::auth::UserRecord;
use crate::bindings;
use crate::error::AppError;
use crate::store::keys;

/// The demo users: (name, display name, role, language, password).
pub const DEMO_USERS: &[(&str, &str, Role, Language, &str)] = &[
    (
        "chen.jie",
        "陈杰 Chen Jie",
        Role::Manager,
        Language::ZhCn,
        "manager-demo-2026",
    ),
    (
        "li.na",
        "李娜 Li Na",
        Role::Staff,
        Language::ZhCn,
        "staff-demo-2026",
    ),
    (
        "zhao.lei",
        "赵磊 Zhao Lei",
        Role::Staff,
        Language::ZhCn,
        "staff-demo-2026",
    ),
    (
        "service.desk",
        "Service desk",
        Role::Staff,
        Language::En,
        "desk-demo-2026",
    ),
    (
        "wu.gang",
        "吴刚 Wu Gang",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "sun.hao",
        "孙浩 Sun Hao",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "emma.sales",
        "Emma Schmidt",
        Role::SalesRep,
        Language::En,
        "sales-demo-2026",
    ),
];

#[derive(Serialize)]
struct Seeded {
    created: Vec<String>,
    existing: Vec<String>,
}

/// Creates the missing demo users.
pub async fn demo_users(_req: Request, env: &Env) -> Result<Response, AppError> {
    let enabled = env
        .var("DEMO_SETUP")
        .map(|v| v.to_string() == "enabled")
        .unwrap_or(false);
    if !enabled {
        return Err(AppError::NotFound(
            "Demo setup is disabled on this deployment.".into(),
        ));
    }
    let kv = env.kv(bindings::KV)?;
    let mut out = Seeded {
        created: Vec::new(),
        existing: Vec::new(),
    };
    for (name, display, role, language, password) in DEMO_USERS {
        let id = UserId::parse(name).map_err(AppError::Unexpected)?;
        if kv.get(&keys::user(&id)).text().await?.is_some() {
            out.existing.push(id.to_string());
            continue;
        }
        let user = UserRecord::new(id.clone(), display, *role, *language, password).await?;
        kv.put(&keys::user(&id), serde_json::to_string(&user)?)?
            .execute()
            .await?;
        out.created.push(id.to_string());
    }
    Ok(Response::from_json(&out)?)
}
