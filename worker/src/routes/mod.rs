//! The HTTP edge: every API route in one table ([`ROUTES`]), each handler
//! extracting its input, checking who asks, calling the store or an object,
//! and answering JSON. Errors become the JSON error body via [`AppError`].
//!
//! The table is the one source of the routes: the router resolves a path
//! to the most specific pattern it matches (a literal segment wins over a
//! `{param}`), dispatches on the method, and answers a method the pattern
//! does not take with 405 and an `Allow` header listing the pattern's
//! methods in the table; `HEAD` is answered wherever `GET` is, like `GET`
//! without a body, and `OPTIONS` with 204 and `Allow`. A unit test checks
//! that the OpenAPI document lists exactly these routes. Every path
//! parameter and query value is bounded here ([`MAX_PARAM_BYTES`],
//! [`MAX_QUERY_BYTES`]) before any handler builds a KV key from it (KV keys
//! hold at most 512 bytes); handlers check each value's own shape.

mod admin;
mod attachments;
mod auth;
mod body;
mod bootstrap;
mod cases;
mod health;
mod jobs;
mod people;
mod queues;
pub(crate) mod reports;
mod setup;
mod track;

use afterloop_domain::wire::API_PREFIX;
use worker::{Env, Request, Response};

use crate::error::AppError;
use crate::openapi;

/// The longest path parameter, in bytes as sent (percent-encoded).
pub const MAX_PARAM_BYTES: usize = 128;

/// The longest query value, in bytes as sent (percent-encoded).
pub const MAX_QUERY_BYTES: usize = 1024;

/// The query parameters handlers read (for naming one in an error).
const QUERY_PARAMS: &[&str] = &[
    "q",
    "limit",
    "cursor",
    "kind",
    "name",
    "event_id",
    "recorded_at",
    "from",
    "to",
    "format",
    "table",
    "version",
];

/// What a route does: one handler each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Health,
    OpenApi,
    Login,
    Logout,
    Me,
    DemoUsers,
    PastWrite,
    FirstManager,
    PastBatch,
    ListCases,
    CreateCase,
    GetCase,
    Events,
    History,
    Jobs,
    Command,
    Upload,
    Download,
    QueueCounts,
    Queue,
    Search,
    Users,
    CreateUser,
    ChangeUser,
    Policy,
    Directory,
    Rebuild,
    SoldUnits,
    SetSoldUnits,
    Report,
    Challenge,
    NewRequest,
    Lookup,
    Track,
    Message,
    Survey,
    TrackUpload,
    TrackDownload,
    RepQueue,
    AnswerQuote,
}

/// One route: a method, a path under `/api/v1` (`{name}` stands for one
/// non-empty segment), and what it does.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// `GET`, `POST` or `PUT`.
    pub method: &'static str,
    /// The path pattern under `/api/v1`, as the OpenAPI document writes it.
    pub path: &'static str,
    op: Op,
}

const fn route(method: &'static str, path: &'static str, op: Op) -> Route {
    Route { method, path, op }
}

/// Every API route. The router, the `Allow` header and (by a unit test) the
/// OpenAPI document all follow this table.
pub const ROUTES: &[Route] = &[
    route("GET", "/health", Op::Health),
    route("GET", "/openapi.json", Op::OpenApi),
    route("POST", "/auth/login", Op::Login),
    route("POST", "/auth/logout", Op::Logout),
    route("GET", "/auth/me", Op::Me),
    route("POST", "/setup/demo-users", Op::DemoUsers),
    route("POST", "/setup/history", Op::PastWrite),
    route("POST", "/setup/first-manager", Op::FirstManager),
    route("POST", "/setup/history/batch", Op::PastBatch),
    route("GET", "/cases", Op::ListCases),
    route("POST", "/cases", Op::CreateCase),
    route("GET", "/cases/{id}", Op::GetCase),
    route("GET", "/cases/{id}/events", Op::Events),
    route("GET", "/cases/{id}/history", Op::History),
    route("GET", "/jobs", Op::Jobs),
    route("POST", "/cases/{id}/commands", Op::Command),
    route("POST", "/cases/{id}/attachments", Op::Upload),
    route("GET", "/cases/{id}/attachments/{n}", Op::Download),
    route("GET", "/queues/counts", Op::QueueCounts),
    route("GET", "/queues/{queue}", Op::Queue),
    route("GET", "/queues/stage/{kind}/{stage}", Op::Queue),
    route("GET", "/queues/owner/{user}", Op::Queue),
    route("GET", "/queues/tech/{user}", Op::Queue),
    route("GET", "/queues/tech/{user}/{day}", Op::Queue),
    route("GET", "/queues/serial/{serial}", Op::Queue),
    route("GET", "/queues/rep/{user}", Op::RepQueue),
    route("GET", "/search", Op::Search),
    route("GET", "/admin/users", Op::Users),
    route("POST", "/admin/users", Op::CreateUser),
    route("POST", "/admin/users/{name}", Op::ChangeUser),
    route("GET", "/admin/policy", Op::Policy),
    route("POST", "/admin/reports/rebuild", Op::Rebuild),
    route("GET", "/users", Op::Directory),
    route("GET", "/reports/sold-units", Op::SoldUnits),
    route("PUT", "/reports/sold-units", Op::SetSoldUnits),
    route("GET", "/reports/quality", Op::Report),
    route("GET", "/reports/service", Op::Report),
    route("GET", "/reports/goods", Op::Report),
    route("GET", "/reports/money", Op::Report),
    route("GET", "/reports/customers", Op::Report),
    route("GET", "/reports/summary", Op::Report),
    route("GET", "/public/challenge", Op::Challenge),
    route("POST", "/public/requests", Op::NewRequest),
    route("POST", "/track/lookup", Op::Lookup),
    route("GET", "/track/{token}", Op::Track),
    route("POST", "/track/{token}/messages", Op::Message),
    route("POST", "/track/{token}/survey", Op::Survey),
    route("POST", "/track/{token}/attachments", Op::TrackUpload),
    route("GET", "/track/{token}/attachments/{n}", Op::TrackDownload),
    route("POST", "/track/{token}/quotes/{n}", Op::AnswerQuote),
];

/// A path's parameters by name (`("id", "AL-1001")`).
type Params<'a> = Vec<(&'static str, &'a str)>;

/// A path's segments against a pattern's: the parameters, or `None` when
/// it does not match.
fn matches<'a>(pattern: &'static str, segments: &[&'a str]) -> Option<Params<'a>> {
    let parts: Vec<&'static str> = pattern.split('/').skip(1).collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (part, segment) in parts.iter().zip(segments) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) if !segment.is_empty() => params.push((name, *segment)),
            Some(_) => return None,
            None if part == segment => {}
            None => return None,
        }
    }
    Some(params)
}

/// How specific a pattern is: its literal segments' positions, so that of
/// two patterns matching one path the one with a literal first wins.
fn specificity(pattern: &str) -> Vec<bool> {
    pattern
        .split('/')
        .skip(1)
        .map(|part| !part.starts_with('{'))
        .collect()
}

/// The routes of the most specific pattern `segments` match (all sharing
/// that pattern, one per method), with its parameters; `None` for no route.
fn resolve<'a>(segments: &[&'a str]) -> Option<(Vec<&'static Route>, Params<'a>)> {
    let best = ROUTES
        .iter()
        .filter_map(|r| matches(r.path, segments).map(|params| (r, params)))
        .max_by(|(a, _), (b, _)| specificity(a.path).cmp(&specificity(b.path)))?;
    let pattern = best.0.path;
    let routes = ROUTES.iter().filter(|r| r.path == pattern).collect();
    Some((routes, best.1))
}

/// The `Allow` header of a pattern's routes: their methods, `HEAD` with
/// `GET`, and `OPTIONS`.
fn allow(routes: &[&Route]) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for r in routes {
        methods.push(r.method);
        if r.method == "GET" {
            methods.push("HEAD");
        }
    }
    methods.push("OPTIONS");
    methods.join(", ")
}

/// Answers one request; never fails: every error is a JSON response.
pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    let method = req.inner().method();
    if let Some(page) = bundle_page(&path) {
        let result = match method.as_str() {
            "GET" | "HEAD" => serve_page(page, &req, &env).await,
            _ => Err(AppError::MethodNotAllowed {
                allow: "GET, HEAD".to_owned(),
            }),
        };
        return result.unwrap_or_else(AppError::into_response);
    }
    let result = match path.strip_prefix(API_PREFIX) {
        Some(rest) => route_api(&method, rest.to_owned(), req, &env).await,
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

async fn route_api(
    method: &str,
    rest: String,
    req: Request,
    env: &Env,
) -> Result<Response, AppError> {
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').skip(1).collect();
    let Some((routes, params)) = resolve(&segments) else {
        return Err(AppError::NotFound(format!(
            "No API route {API_PREFIX}{rest}."
        )));
    };
    let head = method == "HEAD";
    let wanted = if head { "GET" } else { method };
    let Some(route) = routes.iter().find(|r| r.method == wanted) else {
        if method == "OPTIONS" {
            let mut resp = Response::empty()?.with_status(204);
            resp.headers_mut().set("Allow", &allow(&routes))?;
            return Ok(resp);
        }
        return Err(AppError::MethodNotAllowed {
            allow: allow(&routes),
        });
    };
    check_lengths(&params, &req)?;
    let resp = dispatch(route.op, &segments, &params, req, env).await?;
    if head {
        let mut empty = Response::empty()?.with_status(resp.status_code());
        *empty.headers_mut() = resp.headers().clone();
        return Ok(empty);
    }
    Ok(resp)
}

/// 400 for a path parameter or query value too long to be part of a KV key
/// (or to mean anything), naming it.
fn check_lengths(params: &[(&'static str, &str)], req: &Request) -> Result<(), AppError> {
    for (name, value) in params {
        if value.len() > MAX_PARAM_BYTES {
            return Err(AppError::TooLong {
                message: format!("`{name}` is longer than {MAX_PARAM_BYTES} bytes."),
                field: Some(name),
                max_bytes: MAX_PARAM_BYTES,
            });
        }
    }
    let url = req.url()?;
    for (name, value) in url.query_pairs() {
        if value.len() > MAX_QUERY_BYTES || name.len() > MAX_PARAM_BYTES {
            let name: String = name.chars().take(40).collect();
            return Err(AppError::TooLong {
                message: format!(
                    "The query parameter `{name}` is longer than {MAX_QUERY_BYTES} bytes."
                ),
                field: QUERY_PARAMS.iter().find(|known| **known == name).copied(),
                max_bytes: MAX_QUERY_BYTES,
            });
        }
    }
    Ok(())
}

async fn dispatch(
    op: Op,
    segments: &[&str],
    params: &[(&'static str, &str)],
    req: Request,
    env: &Env,
) -> Result<Response, AppError> {
    let p = |name: &str| {
        params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| *v)
    };
    match op {
        Op::Health => health::get(env).await,
        Op::OpenApi => openapi::get(),
        Op::Login => auth::login(req, env).await,
        Op::Logout => auth::logout(req, env).await,
        Op::Me => auth::me(req, env).await,
        Op::DemoUsers => setup::demo_users(req, env).await,
        Op::PastWrite => setup::history(req, env).await,
        Op::FirstManager => bootstrap::first_manager(req, env).await,
        Op::PastBatch => setup::history_batch(req, env).await,
        Op::ListCases => cases::list(req, env).await,
        Op::CreateCase => cases::create(req, env).await,
        Op::GetCase => cases::get(p("id"), req, env).await,
        Op::Events => cases::events(p("id"), req, env).await,
        Op::History => cases::history(p("id"), req, env).await,
        Op::Jobs => jobs::bundle(req, env).await,
        Op::Command => cases::command(p("id"), req, env).await,
        Op::Upload => attachments::upload(p("id"), req, env).await,
        Op::Download => attachments::download(p("id"), p("n"), req, env).await,
        Op::QueueCounts => queues::counts(req, env).await,
        Op::Queue => queues::list(&segments[1..], req, env).await,
        Op::Search => queues::search(req, env).await,
        Op::Users => admin::users(req, env).await,
        Op::CreateUser => admin::create_user(req, env).await,
        Op::ChangeUser => admin::change_user(p("name"), req, env).await,
        Op::Policy => admin::policy_view(req, env).await,
        Op::Directory => admin::directory(req, env).await,
        Op::Rebuild => reports::rebuild(req, env).await,
        Op::SoldUnits => reports::sold_units(req, env).await,
        Op::SetSoldUnits => reports::set_sold_units(req, env).await,
        Op::Report => reports::get(segments[1], req, env).await,
        Op::Challenge => track::challenge(req, env).await,
        Op::NewRequest => track::new_request(req, env).await,
        Op::Lookup => track::lookup(req, env).await,
        Op::Track => track::get(p("token"), req, env).await,
        Op::Message => track::message(p("token"), req, env).await,
        Op::Survey => track::survey(p("token"), req, env).await,
        Op::TrackUpload => track::upload(p("token"), req, env).await,
        Op::TrackDownload => track::download(p("token"), p("n"), req, env).await,
        Op::RepQueue => queues::rep(p("user"), req, env).await,
        Op::AnswerQuote => track::quote(p("token"), p("n"), req, env).await,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use utoipa::OpenApi;

    use super::*;

    #[test]
    fn the_openapi_document_lists_exactly_the_routed_methods_and_paths() {
        let doc = serde_json::to_value(openapi::ApiDoc::openapi()).unwrap();
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (method.to_uppercase(), path.clone()))
            })
            .collect();
        let routed: BTreeSet<(String, String)> = ROUTES
            .iter()
            .map(|r| (r.method.to_owned(), format!("{API_PREFIX}{}", r.path)))
            .collect();
        assert_eq!(
            documented.difference(&routed).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "documented but not routed"
        );
        assert_eq!(
            routed.difference(&documented).collect::<Vec<_>>(),
            Vec::<&(String, String)>::new(),
            "routed but not documented"
        );
    }

    fn segments(path: &str) -> Vec<&str> {
        path.split('/').skip(1).collect()
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter() {
        let (routes, params) = resolve(&segments("/track/lookup")).unwrap();
        assert_eq!(routes.len(), 1);
        assert_eq!((routes[0].method, routes[0].op), ("POST", Op::Lookup));
        assert!(params.is_empty());
        assert_eq!(allow(&routes), "POST, OPTIONS");

        let (routes, params) = resolve(&segments("/queues/counts")).unwrap();
        assert_eq!(routes[0].op, Op::QueueCounts);
        assert!(params.is_empty());

        let (routes, params) = resolve(&segments("/track/abc/attachments/2")).unwrap();
        assert_eq!(routes[0].op, Op::TrackDownload);
        assert_eq!(params, vec![("token", "abc"), ("n", "2")]);
    }

    #[test]
    fn allow_lists_a_patterns_methods_with_head_and_options() {
        let (routes, _) = resolve(&segments("/cases")).unwrap();
        assert_eq!(allow(&routes), "GET, HEAD, POST, OPTIONS");
        let (routes, _) = resolve(&segments("/reports/sold-units")).unwrap();
        assert_eq!(allow(&routes), "GET, HEAD, PUT, OPTIONS");
        let (routes, params) = resolve(&segments("/queues/serial/SN1")).unwrap();
        assert_eq!(allow(&routes), "GET, HEAD, OPTIONS");
        assert_eq!(params, vec![("serial", "SN1")]);
    }

    #[test]
    fn unknown_paths_and_empty_parameters_match_nothing() {
        for path in [
            "/nope",
            "/cases/AL-1/nope",
            "/cases//events",
            "/queues/a/b/c/d",
        ] {
            assert!(resolve(&segments(path)).is_none(), "{path}");
        }
    }
}
