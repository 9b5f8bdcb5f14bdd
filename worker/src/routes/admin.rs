//! `/api/v1/admin/…`: managers administer users and read the rules in
//! force. Everything here needs `Action::Administer`, except the
//! directory of active users (`GET /api/v1/users`), which staff read too.

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::users::{NewUser, UserPatch};
use afterloop_domain::wire::{NewUserRequest, PolicyView, UserChange, UserDirectory, UserList};
use afterloop_domain::UserId;
use worker::kv::KvStore;
use worker::{Env, Request, Response};

use super::body;
use super::cases::session;
use crate::auth::UserRecord;
use crate::bindings;
use crate::error::AppError;
use crate::policy;
use crate::store::keys;

async fn manager(req: &Request, env: &Env) -> Result<Actor, AppError> {
    let actor = session(req, env).await?.actor();
    if !allowed(&actor, Action::Administer, None) {
        return Err(AppError::forbidden("administer users and rules"));
    }
    Ok(actor)
}

/// Every user record in KV, by name.
pub(crate) async fn all_users(kv: &KvStore) -> Result<Vec<UserRecord>, AppError> {
    let mut names = Vec::new();
    let mut cursor = None;
    loop {
        let mut list = kv.list().prefix(keys::USERS_PREFIX.to_owned()).limit(1000);
        if let Some(c) = cursor.take() {
            list = list.cursor(c);
        }
        let page = list.execute().await?;
        names.extend(page.keys.into_iter().map(|k| k.name));
        if page.list_complete || page.cursor.is_none() {
            break;
        }
        cursor = page.cursor;
    }
    let mut users = Vec::with_capacity(names.len());
    for chunk in names.chunks(100) {
        let mut got = kv.get_bulk(chunk).json::<UserRecord>().await?;
        for name in chunk {
            if let Some(Some(u)) = got.remove(name) {
                users.push(u);
            }
        }
    }
    users.sort_by(|a, b| a.name.as_ref().cmp(b.name.as_ref()));
    Ok(users)
}

/// `GET /api/v1/admin/users`: every user, by name.
pub async fn users(req: Request, env: &Env) -> Result<Response, AppError> {
    manager(&req, env).await?;
    let kv = env.kv(bindings::KV)?;
    let users = all_users(&kv)
        .await?
        .iter()
        .map(UserRecord::admin)
        .collect();
    Ok(Response::from_json(&UserList { users })?)
}

/// `GET /api/v1/users`: the active users, by name, for choosing an owner or
/// a technician (staff and managers).
pub async fn directory(req: Request, env: &Env) -> Result<Response, AppError> {
    let actor = session(&req, env).await?.actor();
    if !allowed(&actor, Action::Queues, None) {
        return Err(AppError::forbidden("list the company's users"));
    }
    let kv = env.kv(bindings::KV)?;
    let users = all_users(&kv)
        .await?
        .iter()
        .filter(|u| !u.disabled)
        .map(UserRecord::info)
        .collect();
    Ok(Response::from_json(&UserDirectory { users })?)
}

/// `POST /api/v1/admin/users`: a new user (409 when the name is taken).
pub async fn create_user(mut req: Request, env: &Env) -> Result<Response, AppError> {
    manager(&req, env).await?;
    let dto: NewUserRequest = body::json(&mut req).await?;
    let new = NewUser::parse(&dto)?;
    let kv = env.kv(bindings::KV)?;
    if kv.get(&keys::user(&new.name)).text().await?.is_some() {
        return Err(AppError::Conflict {
            code: "user_exists",
            message: format!("There is already a user `{}`.", new.name),
        });
    }
    let user = UserRecord::new(
        new.name.clone(),
        &new.display_name,
        new.role,
        new.language,
        &new.password,
    )
    .await?;
    kv.put(&keys::user(&new.name), serde_json::to_string(&user)?)?
        .execute()
        .await?;
    Ok(Response::from_json(&user.admin())?.with_status(201))
}

/// `POST /api/v1/admin/users/{name}`: changes a user's name shown, role,
/// language, password, or disables signing in.
pub async fn change_user(name: &str, mut req: Request, env: &Env) -> Result<Response, AppError> {
    let me = manager(&req, env).await?;
    let target = UserId::parse(name).map_err(|m| AppError::bad("invalid_user", m, "name"))?;
    let dto: UserChange = body::json(&mut req).await?;
    let patch = UserPatch::parse(&dto, &target, &me.user)?;
    let kv = env.kv(bindings::KV)?;
    let Some(mut user) = kv.get(&keys::user(&target)).json::<UserRecord>().await? else {
        return Err(AppError::NotFound(format!("There is no user `{target}`.")));
    };
    if let Some(v) = patch.display_name {
        user.display_name = v;
    }
    if let Some(v) = patch.role {
        user.role = v;
    }
    if let Some(v) = patch.language {
        user.language = v;
    }
    if let Some(v) = patch.disabled {
        user.disabled = v;
    }
    if let Some(v) = &patch.password {
        user.set_password(v).await?;
    }
    kv.put(&keys::user(&target), serde_json::to_string(&user)?)?
        .execute()
        .await?;
    Ok(Response::from_json(&user.admin())?)
}

/// `GET /api/v1/admin/policy`: the SLA targets and calendar, approval
/// limits, intake owner and root-cause taxonomy in force.
pub async fn policy_view(req: Request, env: &Env) -> Result<Response, AppError> {
    manager(&req, env).await?;
    let p = policy();
    Ok(Response::from_json(&PolicyView {
        sla: p.sla,
        approval: p.approval,
        intake_owner: p.intake_owner,
        root_causes: RootCause::ALL.to_vec(),
    })?)
}
