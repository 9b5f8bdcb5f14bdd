//! The HTTP edge: every API route in one `match`, each handler extracting its
//! input, checking who asks, calling the store or an object, and answering
//! JSON. Errors become the JSON error body via [`AppError`].

mod admin;
mod attachments;
mod auth;
mod body;
mod cases;
mod health;
mod people;
mod queues;
pub(crate) mod reports;
mod setup;
mod track;

use afterloop_domain::wire::API_PREFIX;
use worker::{Env, Method, Request, Response};

use crate::error::AppError;
use crate::openapi;

/// Answers one request; never fails: every error is a JSON response.
pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    // workers-rs reads any method it does not know as GET; route those as
    // TRACE, which no route accepts, so they get 405 with the path's `Allow`.
    let known = matches!(
        req.inner().method().as_str(),
        "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS"
    );
    let method = if known { req.method() } else { Method::Trace };
    if let Some(page) = bundle_page(&path) {
        return serve_page(page, &req, &env)
            .await
            .unwrap_or_else(AppError::into_response);
    }
    let result = match path.strip_prefix(API_PREFIX) {
        Some(rest) => route(method, rest.to_owned(), req, &env).await,
        None => Err(AppError::NotFound(format!("No route for {path}."))),
    };
    result.unwrap_or_else(AppError::into_response)
}

/// The page of a bundle other than the back office's, by path: the field
/// app (`/jobs…`, `field.html`), the reports (`/reports`, `reports.html`)
/// and the customer's pages (`/track…`, `/request`, `customer.html`).
fn bundle_page(path: &str) -> Option<&'static str> {
    if path == "/jobs" || path.starts_with("/jobs/") {
        Some("/field")
    } else if path == "/reports" {
        Some("/reports")
    } else if path == "/track" || path == "/request" || path.starts_with("/track/") {
        Some("/customer")
    } else {
        None
    }
}

/// A bundle's page from the static assets.
async fn serve_page(page: &str, req: &Request, env: &Env) -> Result<Response, AppError> {
    let mut url = req.url()?;
    url.set_path(page);
    url.set_query(None);
    Ok(env.assets("ASSETS")?.fetch(url.to_string(), None).await?)
}

async fn route(
    method: Method,
    rest: String,
    req: Request,
    env: &Env,
) -> Result<Response, AppError> {
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').skip(1).collect();
    let not_allowed = |allow: &'static str| Err(AppError::MethodNotAllowed { allow });
    match (segments.as_slice(), method) {
        (["health"], Method::Get) => health::get(env).await,
        (["health"], _) => not_allowed("GET"),
        (["openapi.json"], Method::Get) => openapi::get(),
        (["auth", "login"], Method::Post) => auth::login(req, env).await,
        (["auth", "logout"], Method::Post) => auth::logout(req, env).await,
        (["auth", "me"], Method::Get) => auth::me(req, env).await,
        (["auth", "login" | "logout"], _) => not_allowed("POST"),
        (["auth", "me"], _) => not_allowed("GET"),
        (["setup", "demo-users"], Method::Post) => setup::demo_users(req, env).await,
        (["cases"], Method::Get) => cases::list(req, env).await,
        (["cases"], Method::Post) => cases::create(req, env).await,
        (["cases"], _) => not_allowed("GET, POST"),
        (["cases", id], Method::Get) => cases::get(id, req, env).await,
        (["cases", _], _) => not_allowed("GET"),
        (["cases", id, "events"], Method::Get) => cases::events(id, req, env).await,
        (["cases", _, "events"], _) => not_allowed("GET"),
        (["cases", id, "history"], Method::Get) => cases::history(id, req, env).await,
        (["cases", _, "history"], _) => not_allowed("GET"),
        (["cases", id, "commands"], Method::Post) => cases::command(id, req, env).await,
        (["cases", _, "commands"], _) => not_allowed("POST"),
        (["cases", id, "attachments"], Method::Post) => attachments::upload(id, req, env).await,
        (["cases", _, "attachments"], _) => not_allowed("POST"),
        (["cases", id, "attachments", n], Method::Get) => {
            attachments::download(id, n, req, env).await
        }
        (["cases", _, "attachments", _], _) => not_allowed("GET"),
        (["queues", "counts"], Method::Get) => queues::counts(req, env).await,
        (["search"], Method::Get) => queues::search(req, env).await,
        (["search"], _) => not_allowed("GET"),
        (["admin", "users"], Method::Get) => admin::users(req, env).await,
        (["admin", "users"], Method::Post) => admin::create_user(req, env).await,
        (["admin", "users"], _) => not_allowed("GET, POST"),
        (["admin", "users", name], Method::Post) => admin::change_user(name, req, env).await,
        (["admin", "users", _], _) => not_allowed("POST"),
        (["admin", "policy"], Method::Get) => admin::policy_view(req, env).await,
        (["admin", "policy"], _) => not_allowed("GET"),
        (["admin", "reports", "rebuild"], Method::Post) => reports::rebuild(req, env).await,
        (["admin", "reports", "rebuild"], _) => not_allowed("POST"),
        (["reports", "sold-units"], Method::Get) => reports::sold_units(req, env).await,
        (["reports", "sold-units"], Method::Put) => reports::set_sold_units(req, env).await,
        (["reports", "sold-units"], _) => not_allowed("GET, PUT"),
        (["reports", name], Method::Get) => reports::get(name, req, env).await,
        (["reports", _], _) => not_allowed("GET"),
        (["users"], Method::Get) => admin::directory(req, env).await,
        (["users"], _) => not_allowed("GET"),
        (["queues", queue @ ..], Method::Get) if !queue.is_empty() => {
            queues::list(queue, req, env).await
        }
        (["public", "requests"], Method::Post) => track::new_request(req, env).await,
        (["public", "challenge"], Method::Get) => track::challenge(req, env).await,
        (["public", "challenge"], _) => not_allowed("GET"),
        (["track", token, "attachments"], Method::Post) => track::upload(token, req, env).await,
        (["track", _, "attachments"], _) => not_allowed("POST"),
        (["track", token, "attachments", n], Method::Get) => track::download(token, n, env).await,
        (["track", _, "attachments", _], _) => not_allowed("GET"),
        (["track", "lookup"], Method::Post) => track::lookup(req, env).await,
        (["track", token], Method::Get) => track::get(token, env).await,
        (["track", token, "messages"], Method::Post) => track::message(token, req, env).await,
        (["track", token, "survey"], Method::Post) => track::survey(token, req, env).await,
        (["queues", _, ..] | ["track", _] | ["openapi.json"], _) => not_allowed("GET"),
        (
            ["public", "requests"] | ["track", _, "messages" | "survey"] | ["setup", "demo-users"],
            _,
        ) => not_allowed("POST"),
        _ => Err(AppError::NotFound(format!(
            "No API route {API_PREFIX}{rest}."
        ))),
    }
}
