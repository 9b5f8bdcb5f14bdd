//! The HTTP edge: every API route in one `match`, each handler extracting its
//! input, calling the store or an object, and answering JSON. Errors become
//! the JSON error body via [`AppError`].

mod body;
mod cases;
mod health;

use afterloop_domain::wire::API_PREFIX;
use worker::{Env, Method, Request, Response};

use crate::error::AppError;

/// Answers one request; never fails: every error is a JSON response.
pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    let method = req.method();
    let result = match path.strip_prefix(API_PREFIX) {
        Some(rest) => route(method, rest, req, &env).await,
        None => Err(AppError::NotFound(format!("No route for {path}."))),
    };
    result.unwrap_or_else(AppError::into_response)
}

async fn route(method: Method, rest: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').skip(1).collect();
    match (segments.as_slice(), method) {
        (["health"], Method::Get) => health::get(env).await,
        (["health"], _) => Err(AppError::MethodNotAllowed { allow: "GET" }),
        (["cases"], Method::Get) => cases::list(req, env).await,
        (["cases"], Method::Post) => cases::create(req, env).await,
        (["cases"], _) => Err(AppError::MethodNotAllowed { allow: "GET, POST" }),
        (["cases", id], Method::Get) => cases::get(id, env).await,
        (["cases", _], _) => Err(AppError::MethodNotAllowed { allow: "GET" }),
        _ => Err(AppError::NotFound(format!(
            "No API route {API_PREFIX}{rest}."
        ))),
    }
}
