//! `/api/v1/auth`: sign in, sign out, who am I.

use afterloop_domain::wire::LoginRequest;
use worker::{Env, Request, Response};

use super::body;
use crate::error::AppError;
use crate::{auth, bindings, now};

/// `POST /api/v1/auth/login`.
pub async fn login(mut req: Request, env: &Env) -> Result<Response, AppError> {
    let dto: LoginRequest = body::json(&mut req).await?;
    let resp = auth::login(env, &req, &dto, now(), auth::session_ttl(env)).await?;
    Ok(Response::from_json(&resp)?)
}

/// `POST /api/v1/auth/logout`: 204, also when already signed out.
pub async fn logout(req: Request, env: &Env) -> Result<Response, AppError> {
    auth::logout(&req, &env.kv(bindings::KV)?).await?;
    Ok(Response::empty()?.with_status(204))
}

/// `GET /api/v1/auth/me`.
pub async fn me(req: Request, env: &Env) -> Result<Response, AppError> {
    let session = auth::session(&req, &env.kv(bindings::KV)?, now()).await?;
    Ok(Response::from_json(&session.user)?)
}
