//! The demo company's setup, answered only where the worker runs with
//! `DEMO_SETUP = "enabled"`: `worker/.dev.vars`, which only `wrangler dev`
//! reads, says so; `wrangler deploy` never sends it, so a deployed worker
//! refuses both routes (403 `demo_setup_disabled`) before anything else.
//!
//! - `POST /api/v1/setup/demo-users` creates the demo users. Existing users
//!   are left as they are, so seeding is idempotent.
//! - `POST /api/v1/setup/history` writes the demo company's past: a case's
//!   intake and commands, each by a demo user at a past time, through the
//!   same case objects and rules as every write (the object writes them
//!   through to KV once). Only the seeding manager ([`SEEDING_MANAGER`])
//!   may send it, signed in.

use afterloop_domain::access::{allowed, Action, Actor, Role};
use afterloop_domain::case::Language;
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, DAY_MS};
use afterloop_domain::wire::{
    CaseView, CommandRequest, CommandResult, PastCase, PastWrites, PAST_COMMANDS_MAX,
    PAST_WRITE_MAX_DAYS,
};
use afterloop_domain::{Command, FieldError, Timestamp, UserId, ValidationError};
use serde::Serialize;
use std::collections::BTreeMap;
use worker::{Env, Request, Response};

use super::{body, cases, people};
use crate::auth::UserRecord;
use crate::error::AppError;
use crate::store::keys;
use crate::{bindings, now, policy};

/// The worker var that enables the demo setup routes (value `enabled`).
pub const DEMO_SETUP_VAR: &str = "DEMO_SETUP";

/// The demo user who writes the company's history (the demo's manager).
pub const SEEDING_MANAGER: &str = "chen.jie";

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
        "huang.min",
        "黄敏 Huang Min",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "liu.yang",
        "刘洋 Liu Yang",
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

/// Refuses everything where demo setup is not enabled (a deployed worker).
fn require_demo_setup(env: &Env) -> Result<(), AppError> {
    let enabled = env
        .var(DEMO_SETUP_VAR)
        .map(|v| v.to_string() == "enabled")
        .unwrap_or(false);
    if enabled {
        Ok(())
    } else {
        Err(AppError::Forbidden {
            code: "demo_setup_disabled",
            message: "Demo setup is disabled on this server: it creates no demo users and writes no past events.".into(),
        })
    }
}

/// Creates the missing demo users.
pub async fn demo_users(_req: Request, env: &Env) -> Result<Response, AppError> {
    require_demo_setup(env)?;
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

fn field_error(field: &str, code: &str, message: impl Into<String>) -> AppError {
    AppError::Validation(ValidationError {
        fields: vec![FieldError::new(field, code, message)],
    })
}

/// `POST /api/v1/setup/history`: part of one case's past in the demo
/// company. Refused, in this order and before anything is looked up: where
/// demo setup is disabled (403 `demo_setup_disabled`), signed out (401),
/// for anyone but the seeding manager (403 `not_seeding_manager`). Then
/// every time must be past (at most [`PAST_WRITE_MAX_DAYS`] ago) and every
/// actor an active demo user; the case object refuses a time before the
/// case's last event (409 `past_out_of_order`) and applies every rule as
/// it does for `POST /cases` and `POST /cases/{id}/commands`.
pub async fn history(mut req: Request, env: &Env) -> Result<Response, AppError> {
    require_demo_setup(env)?;
    let session = cases::session(&req, env).await?;
    if session.user.name.as_ref() != SEEDING_MANAGER || session.user.role != Role::Manager {
        return Err(AppError::Forbidden {
            code: "not_seeding_manager",
            message: format!("Only the demo's manager, {SEEDING_MANAGER}, writes its history."),
        });
    }
    let dto: PastWrites = body::json(&mut req).await?;
    if dto.commands.len() > PAST_COMMANDS_MAX {
        return Err(field_error(
            "commands",
            "too_many",
            format!("At most {PAST_COMMANDS_MAX} commands at once."),
        ));
    }
    let real_now = now();
    let earliest = real_now.plus_millis(-PAST_WRITE_MAX_DAYS * DAY_MS);
    let past = |field: String, at: Timestamp| {
        if at > real_now || at < earliest {
            Err(AppError::Validation(ValidationError {
                fields: vec![FieldError::new(
                    &field,
                    "not_past",
                    format!("A past write is between {PAST_WRITE_MAX_DAYS} days ago and now."),
                )],
            }))
        } else {
            Ok(())
        }
    };
    if let PastCase::Open { at, .. } = &dto.case {
        past("case.open.at".into(), *at)?;
    }
    for (i, c) in dto.commands.iter().enumerate() {
        past(format!("commands[{i}].at"), c.at)?;
    }
    let mut actors: BTreeMap<UserId, Actor> = BTreeMap::new();
    let names = match &dto.case {
        PastCase::Open { actor, .. } => Some(("case.open.actor".to_owned(), actor)),
        PastCase::Existing { .. } => None,
    }
    .into_iter()
    .chain(
        dto.commands
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("commands[{i}].actor"), &c.actor)),
    );
    for (field, name) in names {
        if actors.contains_key(name) {
            continue;
        }
        actors.insert(name.clone(), demo_actor(env, &field, name).await?);
    }
    let (id, opened) = match dto.case {
        PastCase::Open {
            actor,
            at,
            idempotency_key,
            case,
        } => {
            let key_ok = !idempotency_key.is_empty()
                && idempotency_key.len() <= 128
                && idempotency_key.bytes().all(|b| b.is_ascii_graphic());
            if !key_ok {
                return Err(field_error(
                    "case.open.idempotency_key",
                    "invalid",
                    "1 to 128 visible ASCII characters.",
                ));
            }
            let actor = actors[&actor].clone();
            if !allowed(&actor, Action::Open, None) {
                return Err(AppError::forbidden("open cases"));
            }
            let today = at.date_at_offset(CHINA_OFFSET_MINUTES);
            let (new_case, owner) = cases::intake(env, &actor, &case, today).await?;
            let (outcome, _) =
                cases::open_case(env, &actor, new_case, owner, Some(idempotency_key), at).await?;
            (outcome.case.id, Some(outcome))
        }
        PastCase::Existing { id } => (id, None),
    };
    let mut writes = Vec::with_capacity(dto.commands.len());
    for c in dto.commands {
        if matches!(c.command, Command::Attach { .. }) {
            return Err(field_error(
                "commands.command.type",
                "use_attachments",
                "The demo's history carries no files.",
            ));
        }
        let actor = actors[&c.actor].clone();
        people::check_command(env, &actor, &c.command).await?;
        writes.push((
            actor,
            CommandRequest {
                event_id: c.event_id,
                command: c.command,
                recorded_at: None,
            },
            c.at,
        ));
    }
    let sla = &policy().sla;
    let newly_opened = opened.as_ref().is_some_and(|o| o.applied);
    let (case, mut events) = match opened {
        Some(o) => (o.case, if o.applied { o.events } else { Vec::new() }),
        None => (
            cases::store(env)?
                .get(id)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?,
            Vec::new(),
        ),
    };
    let case = if writes.is_empty() {
        case
    } else {
        let outcome = cases::apply_past(env, id, writes).await?;
        events.extend(outcome.events);
        outcome.case
    };
    let applied = !events.is_empty();
    Ok(Response::from_json(&CommandResult {
        case: CaseView::of(case, real_now, sla),
        events,
        applied,
    })?
    .with_status(if newly_opened { 201 } else { 200 }))
}

/// The demo user `name` (named in `field`) as an actor: 422 unless a demo
/// user and active.
async fn demo_actor(env: &Env, field: &str, name: &UserId) -> Result<Actor, AppError> {
    if !DEMO_USERS.iter().any(|(demo, ..)| *demo == name.as_ref()) {
        return Err(field_error(
            field,
            "not_demo_user",
            "Only a demo user acts in the demo's history.",
        ));
    }
    let record = env
        .kv(bindings::KV)?
        .get(&keys::user(name))
        .json::<UserRecord>()
        .await?
        .filter(|r| !r.disabled)
        .ok_or_else(|| field_error(field, "inactive", "This demo user is not active."))?;
    Ok(Actor {
        user: record.name,
        role: record.role,
    })
}
