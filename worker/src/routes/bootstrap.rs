//! `POST /api/v1/setup/first-manager`: the first manager of a real
//! deployment (the demo users are local only). It answers only where the
//! secret `BOOTSTRAP_TOKEN` is set (`wrangler secret put BOOTSTRAP_TOKEN`),
//! to a request carrying that token in `X-Bootstrap-Token`, and only while
//! no manager exists: once one does, every further call is refused (409
//! `manager_exists`) and managers create everyone else in `/admin`. Besides
//! KV's list of users (eventually consistent on Cloudflare), the creation
//! is claimed once, ever, from a counter object (`first-manager`), so two
//! calls at once cannot both create a manager.
//! Calls are counted per client address like the public endpoints.

use afterloop_domain::access::Role;
use afterloop_domain::users::NewUser;
use afterloop_domain::wire::NewUserRequest;
use afterloop_domain::{FieldError, ValidationError};
use worker::{Env, Response};

use super::body;
use super::context::Context;
use super::users;
use crate::error::AppError;
use crate::objects::{self, protocol, FIRST_SEQUENCE_OFFSET};
use crate::{bindings, crypto, limits};

// Types the OpenAPI annotations name.
use afterloop_domain::wire::ErrorBody;

/// The secret holding the one-time token (unset: the route is refused).
pub const BOOTSTRAP_TOKEN_VAR: &str = "BOOTSTRAP_TOKEN";

/// The request header carrying the token.
pub const TOKEN_HEADER: &str = "X-Bootstrap-Token";

/// Creates the first manager of a real deployment: only where the
/// secret `BOOTSTRAP_TOKEN` is set, with that token in
/// `X-Bootstrap-Token`, and only while no manager exists.
#[utoipa::path(
    post,
    path = "/api/v1/setup/first-manager",
    tag = "meta",
    operation_id = "setup_first_manager",
    params(
        ("X-Bootstrap-Token" = String, Header, description = "The secret `BOOTSTRAP_TOKEN` set on the server."),
    ),
    request_body = afterloop_domain::wire::NewUserRequest,
    responses(
        (status = 201, description = "Created: the first manager.", body = afterloop_domain::wire::AdminUser),
        (status = 400, description = "Bad body.", body = ErrorBody),
        (status = 401, description = "No `X-Bootstrap-Token`.", body = ErrorBody),
        (status = 403, description = "No token is set on this server (`bootstrap_disabled`), or it is another one (`bootstrap_token_invalid`).", body = ErrorBody),
        (status = 409, description = "A manager exists already (`manager_exists`), or the name is taken.", body = ErrorBody),
        (status = 413, description = "Body too large.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Fields at fault (`role` must be `manager`).", body = ErrorBody),
        (status = 429, description = "Too many requests from this address.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn first_manager(mut cx: Context) -> Result<Response, AppError> {
    // Creates the first manager from a [`NewUserRequest`] whose role is
    // `manager`. Refused, in this order: beyond the address's limit (429),
    // where no token is configured (403 `bootstrap_disabled`), without the
    // token (401), with another token (403 `bootstrap_token_invalid`), once a
    // manager exists (409 `manager_exists`); then the body as for
    // `POST /admin/users`.
    let env = &cx.env;
    limits::public(&cx.req, env, "bootstrap").await?;
    let expected = env
        .var(BOOTSTRAP_TOKEN_VAR)
        .map(|v| v.to_string())
        .unwrap_or_default();
    if expected.is_empty() {
        return Err(AppError::Forbidden {
            code: "bootstrap_disabled",
            message: format!(
                "No first manager can be created here: the secret {BOOTSTRAP_TOKEN_VAR} is not set."
            ),
        });
    }
    let sent = cx.req.headers().get(TOKEN_HEADER)?.unwrap_or_default();
    if sent.is_empty() {
        return Err(AppError::Unauthorized(format!(
            "Send the bootstrap token in the {TOKEN_HEADER} header."
        )));
    }
    // Compared by their hashes, so the time taken says nothing of the token.
    if crypto::sha256_hex(sent.as_bytes()).await? != crypto::sha256_hex(expected.as_bytes()).await?
    {
        return Err(AppError::Forbidden {
            code: "bootstrap_token_invalid",
            message: "This is not the bootstrap token set on this server.".into(),
        });
    }
    let dto: NewUserRequest = body::json(&mut cx.req).await?;
    let new = NewUser::parse(&dto)?;
    if new.role != Role::Manager {
        return Err(AppError::Validation(ValidationError {
            fields: vec![FieldError::new(
                "role",
                "not_manager",
                "The first user is a manager: `role` must be `manager`.",
            )],
        }));
    }
    let kv = env.kv(bindings::KV)?;
    let exists = || AppError::Conflict {
        code: "manager_exists",
        message: "A manager exists already: managers create every other user in Admin.".into(),
    };
    if users::all(&kv)
        .await?
        .iter()
        .any(|u| u.role == Role::Manager)
    {
        return Err(exists());
    }
    if !claim(env).await? {
        return Err(exists());
    }
    let user = users::create(&kv, &new).await?;
    Ok(Response::from_json(&user.admin())?.with_status(201))
}

/// Claims the one creation of a first manager: the counter object
/// `first-manager` hands out its first number once, ever.
async fn claim(env: &Env) -> Result<bool, AppError> {
    let allocated = objects::call(
        env,
        "first-manager",
        &protocol::Allocate {
            idempotency_key: None,
            known_only: false,
        },
    )
    .await?
    .map_err(|r| AppError::Unexpected(format!("counter refused: {}", r.body.message)))?;
    Ok(i64::from(allocated.sequence) == FIRST_SEQUENCE_OFFSET + 1)
}
