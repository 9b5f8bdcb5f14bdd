//! `/api/v1/admin/…`: managers administer users and read the rules in
//! force. Everything here needs `Action::Administer`, except the
//! directory of active users (`GET /api/v1/users`), which staff read too.

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::users::{NewUser, UserPatch};
use afterloop_domain::wire::{NewUserRequest, PolicyView, UserChange, UserDirectory, UserList};
use afterloop_domain::UserId;
use worker::Response;

use super::context::Context;
use super::{body, users};
use crate::auth::UserRecord;
use crate::bindings;
use crate::error::AppError;
use crate::policy;
use crate::store::keys;

// Types the OpenAPI annotations name.
use crate::openapi::Policy;
use afterloop_domain::wire::{AdminUser, ErrorBody};

/// The caller, if a manager (who administers users and rules).
async fn manager(cx: &Context) -> Result<Actor, AppError> {
    cx.actor_allowed(Action::Administer, "administer users and rules")
        .await
}

/// Every user, by name (managers).
#[utoipa::path(
    get,
    path = "/api/v1/admin/users",
    tag = "admin",
    operation_id = "admin_users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The users.", body = UserList),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Not a manager.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn users(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    manager(&cx).await?;
    let kv = env.kv(bindings::KV)?;
    let users = users::all(&kv)
        .await?
        .iter()
        .map(UserRecord::admin)
        .collect();
    Ok(Response::from_json(&UserList { users })?)
}

/// The active users, by name, for choosing an owner or a technician
/// (staff and managers).
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "admin",
    operation_id = "users_directory",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The active users.", body = UserDirectory),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Neither staff nor a manager.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn directory(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let actor = cx.actor().await?;
    if !allowed(&actor, Action::Queues, None) {
        return Err(AppError::forbidden("list the company's users"));
    }
    let kv = env.kv(bindings::KV)?;
    let users = users::all(&kv)
        .await?
        .iter()
        .filter(|u| !u.disabled)
        .map(UserRecord::info)
        .collect();
    Ok(Response::from_json(&UserDirectory { users })?)
}

/// A new user (managers).
#[utoipa::path(
    post,
    path = "/api/v1/admin/users",
    tag = "admin",
    operation_id = "admin_create_user",
    security(("bearer" = [])),
    request_body = NewUserRequest,
    responses(
        (status = 201, description = "Created.", body = AdminUser),
        (status = 400, description = "Bad body.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Not a manager.", body = ErrorBody),
        (status = 409, description = "The name is taken.", body = ErrorBody),
        (status = 413, description = "Body too large.", body = ErrorBody),
        (status = 415, description = "Not JSON.", body = ErrorBody),
        (status = 422, description = "Fields at fault.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn create_user(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    manager(&cx).await?;
    let dto: NewUserRequest = body::json(&mut cx.req).await?;
    let new = NewUser::parse(&dto)?;
    let kv = env.kv(bindings::KV)?;
    if kv.get(&keys::user(&new.name)).text().await?.is_some() {
        return Err(AppError::Conflict {
            code: "user_exists",
            message: format!("There is already a user `{}`.", new.name),
        });
    }
    let user = users::create(&kv, &new).await?;
    Ok(Response::from_json(&user.admin())?.with_status(201))
}

/// Changes a user: name shown, role, language, password, disabled (managers;
/// not their own role or account).
#[utoipa::path(
    post,
    path = "/api/v1/admin/users/{name}",
    tag = "admin",
    operation_id = "admin_change_user",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's login name.")),
    request_body = UserChange,
    responses(
        (status = 200, description = "Changed.", body = AdminUser),
        (status = 400, description = "Bad body or name.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Not a manager.", body = ErrorBody),
        (status = 404, description = "No such user.", body = ErrorBody),
        (status = 413, description = "Body too large.", body = ErrorBody),
        (status = 415, description = "Not JSON.", body = ErrorBody),
        (status = 422, description = "Fields at fault.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn change_user(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let name = cx.params.get("name");
    let me = manager(&cx).await?;
    let target = UserId::parse(name).map_err(|m| AppError::bad("invalid_user", m, "name"))?;
    let dto: UserChange = body::json(&mut cx.req).await?;
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

/// The rules in force: SLA targets and calendar, approval limits, intake
/// owner, root-cause taxonomy (managers).
#[utoipa::path(
    get,
    path = "/api/v1/admin/policy",
    tag = "admin",
    operation_id = "admin_policy",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules.", body = Policy),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Not a manager.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn policy_view(cx: Context) -> Result<Response, AppError> {
    manager(&cx).await?;
    let p = policy();
    Ok(Response::from_json(&PolicyView {
        sla: p.sla,
        approval: p.approval,
        intake_owner: p.intake_owner,
        root_causes: RootCause::ALL.to_vec(),
    })?)
}
