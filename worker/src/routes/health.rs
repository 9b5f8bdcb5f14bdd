//! `GET /api/v1/health`: the worker answers and its KV binding is reachable.

use super::context::Context;
use afterloop_domain::wire::Health;
use worker::Response;

use crate::bindings;
use crate::error::AppError;

// Types the OpenAPI annotations name.
use afterloop_domain::wire::ErrorBody;

/// The worker answers and its KV binding is reachable.
#[utoipa::path(
    get,
    path = "/api/v1/health",
    tag = "meta",
    operation_id = "health",
    responses(
        (status = 200, description = "Up.", body = Health),
        (status = 500, description = "KV unreachable.", body = ErrorBody),
    )
)]
pub async fn get(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    env.kv(bindings::KV)?.get("health/probe").text().await?;
    Ok(Response::from_json(&Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })?)
}
