//! `GET /api/v1/health`: the worker answers and its KV binding is reachable.

use afterloop_domain::wire::Health;
use worker::{Env, Response};

use crate::bindings;
use crate::error::AppError;

/// Reports `ok` after one KV read succeeds.
pub async fn get(env: &Env) -> Result<Response, AppError> {
    env.kv(bindings::KV)?.get("health/probe").text().await?;
    Ok(Response::from_json(&Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })?)
}
