//! `/api/v1/auth`: sign in, sign out, who am I.

use super::context::Context;
use afterloop_domain::wire::LoginRequest;
use worker::Response;

use super::body;
use crate::error::AppError;
use crate::{auth, bindings, now};

// Types the OpenAPI annotations name.
use afterloop_domain::wire::{ErrorBody, LoginResponse, UserInfo};

/// Signs in: checks the password and opens a session (12 hours unless the
/// deployment sets `SESSION_TTL_SECONDS`; `expires_at` says until when).
/// Password checks are limited: 10 a quarter hour per user name and
/// client address (then 429 for that pair), and beyond 20 a quarter hour
/// per user name from all addresses a sign-in must carry a solved
/// challenge from `GET /api/v1/public/challenge` (400 `challenge_required`
/// without one).
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    operation_id = "login",
    params(
        ("X-Challenge" = Option<String>, Header, description = "From `GET /api/v1/public/challenge`, when a sign-in needs one."),
        ("X-Challenge-Nonce" = Option<String>, Header, description = "The nonce that solves it."),
    ),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in.", body = LoginResponse),
        (status = 400, description = "Malformed JSON; or many sign-ins as this user failed lately and the request carries no solved challenge (`challenge_required`), or a challenge expired, used or unsolved (`challenge_failed`).", body = ErrorBody),
        (status = 401, description = "Wrong user name or password.", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins as this user from this address.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn login(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let dto: LoginRequest = body::json(&mut cx.req).await?;
    let resp = auth::login(env, &cx.req, &dto, now(), auth::session_ttl(env)).await?;
    Ok(Response::from_json(&resp)?)
}

/// Signs out: ends the bearer token's session; 204 also when there is none.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    operation_id = "logout",
    security((), ("bearer" = [])),
    responses(
        (status = 204, description = "Signed out."),
        (status = 401, description = "An `Authorization` header that is not `Bearer <64 hex>`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn logout(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    auth::logout(&cx.req, &env.kv(bindings::KV)?).await?;
    Ok(Response::empty()?.with_status(204))
}

/// The signed-in user.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    operation_id = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Who is signed in.", body = UserInfo),
        (status = 401, description = "Not signed in, or the session ended.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn me(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let session = auth::session(&cx.req, &env.kv(bindings::KV)?, now()).await?;
    Ok(Response::from_json(&session.user)?)
}
