//! The HTTP edge: every API route in one table (the `routes!` macro below),
//! each handler taking the request's [`Context`], checking who asks,
//! calling the store or an object, and answering JSON. Errors become the
//! JSON error body via [`AppError`].
//!
//! The table is the one source of the routes: it makes [`ROUTES`] for the
//! router and [`RoutePaths`] (the handlers' `#[utoipa::path]` annotations)
//! for the OpenAPI document. The router resolves a path
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
mod case_calls;
mod cases;
mod context;
mod files;
mod health;
mod jobs;
mod pages;
mod people;
mod queues;
mod reports;
mod setup;
mod track;
mod users;

use std::future::Future;
use std::pin::Pin;

use afterloop_domain::wire::API_PREFIX;
use worker::{Env, Request, Response};

pub use context::Context;
use context::Params;

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

/// A handler's answer, boxed so that every handler fits one table.
type Answer = Pin<Box<dyn Future<Output = Result<Response, AppError>>>>;

/// One route: a method, a path under `/api/v1` (`{name}` stands for one
/// non-empty segment), and its handler.
#[derive(Clone, Copy)]
pub struct Route {
    /// `GET`, `POST` or `PUT`.
    pub method: &'static str,
    /// The path pattern under `/api/v1`, as the OpenAPI document writes it.
    pub path: &'static str,
    /// The handler's name (`cases::get`), for tests and logs.
    pub name: &'static str,
    handler: fn(Context) -> Answer,
    /// The handler's own annotation as a document of one operation, which
    /// a test holds to this route's method and path.
    #[cfg(test)]
    annotation: fn() -> utoipa::openapi::OpenApi,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} => {}", self.method, self.path, self.name)
    }
}

/// The route table: each line a method, a path and the handler, which
/// carries its own `#[utoipa::path]`. Makes [`ROUTES`] for the router and
/// [`RoutePaths`], the document's operations, for [`openapi::document`]; so
/// adding a route is one line here beside its annotated handler.
macro_rules! routes {
    ($($method:ident $path:literal => $module:ident::$handler:ident,)*) => {
        /// Every API route. The router and the `Allow` header follow this
        /// table, and the OpenAPI document lists its handlers.
        pub const ROUTES: &[Route] = &[$(
            Route {
                method: stringify!($method),
                path: $path,
                name: concat!(stringify!($module), "::", stringify!($handler)),
                handler: |cx| Box::pin($module::$handler(cx)),
                #[cfg(test)]
                annotation: || {
                    #[derive(utoipa::OpenApi)]
                    #[openapi(paths($module::$handler))]
                    struct One;
                    <One as utoipa::OpenApi>::openapi()
                },
            },
        )*];

        /// The operations of [`ROUTES`], from their handlers' annotations.
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($module::$handler),*))]
        pub struct RoutePaths;
    };
}

routes! {
    GET "/health" => health::get,
    GET "/openapi.json" => openapi::get,
    POST "/auth/login" => auth::login,
    POST "/auth/logout" => auth::logout,
    GET "/auth/me" => auth::me,
    POST "/setup/demo-users" => setup::demo_users,
    POST "/setup/history" => setup::history,
    POST "/setup/first-manager" => bootstrap::first_manager,
    POST "/setup/history/batch" => setup::history_batch,
    GET "/cases" => queues::cases,
    POST "/cases" => cases::create,
    GET "/cases/{id}" => cases::get,
    GET "/cases/{id}/events" => cases::events,
    GET "/cases/{id}/history" => cases::history,
    GET "/jobs" => jobs::bundle,
    POST "/cases/{id}/commands" => cases::command,
    POST "/cases/{id}/attachments" => attachments::upload,
    GET "/cases/{id}/attachments/{n}" => attachments::download,
    GET "/queues/counts" => queues::counts,
    GET "/queues/{queue}" => queues::queue,
    GET "/queues/stage/{kind}/{stage}" => queues::stage,
    GET "/queues/owner/{user}" => queues::owner,
    GET "/queues/tech/{user}" => queues::tech,
    GET "/queues/tech/{user}/{day}" => queues::tech_day,
    GET "/queues/serial/{serial}" => queues::serial,
    GET "/queues/rep/{user}" => queues::rep,
    GET "/search" => queues::search,
    GET "/admin/users" => admin::users,
    POST "/admin/users" => admin::create_user,
    POST "/admin/users/{name}" => admin::change_user,
    GET "/admin/policy" => admin::policy_view,
    POST "/admin/reports/rebuild" => reports::rebuild,
    GET "/users" => admin::directory,
    GET "/reports/sold-units" => reports::sold_units,
    PUT "/reports/sold-units" => reports::set_sold_units,
    GET "/reports/quality" => reports::quality,
    GET "/reports/service" => reports::service,
    GET "/reports/goods" => reports::goods,
    GET "/reports/money" => reports::money,
    GET "/reports/customers" => reports::customers,
    GET "/reports/summary" => reports::summary,
    GET "/public/challenge" => track::challenge,
    POST "/public/requests" => track::new_request,
    POST "/track/lookup" => track::lookup,
    GET "/track/{token}" => track::get,
    POST "/track/{token}/messages" => track::message,
    POST "/track/{token}/survey" => track::survey,
    POST "/track/{token}/attachments" => track::upload,
    GET "/track/{token}/attachments/{n}" => track::download,
    POST "/track/{token}/quotes/{n}" => track::quote,
}

/// A path's parameters by name (`("id", "AL-1001")`), as matched.
type Matched<'a> = Vec<(&'static str, &'a str)>;

/// A path's segments against a pattern's: the parameters, or `None` when
/// it does not match.
fn matches<'a>(pattern: &'static str, segments: &[&'a str]) -> Option<Matched<'a>> {
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
fn resolve<'a>(segments: &[&'a str]) -> Option<(Vec<&'static Route>, Matched<'a>)> {
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
    if pages::is_customer_page(&path) {
        let result = match method.as_str() {
            "GET" | "HEAD" => pages::serve(&req, &env, method.as_str() == "HEAD").await,
            _ => Err(AppError::MethodNotAllowed {
                allow: "GET, HEAD".to_owned(),
            }),
        };
        return result.unwrap_or_else(AppError::into_response);
    }
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
/// app (`/jobs…`, `field.html`) and the reports (`/reports`,
/// `reports.html`); the customer's pages are rendered ([`pages`]).
fn bundle_page(path: &str) -> Option<&'static str> {
    if path == "/jobs" || path.starts_with("/jobs/") {
        Some("/field")
    } else if path == "/reports" {
        Some("/reports")
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
    // A parameter as the client meant it (`huang%2Emin` is `huang.min`),
    // decoded only after the path was matched, so an encoded `/` stays in
    // its segment; bytes that are no UTF-8 become U+FFFD, which every
    // parameter's own parser refuses.
    let params = Params(
        params
            .into_iter()
            .map(|(name, value)| {
                let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
                (name, value.into_owned())
            })
            .collect(),
    );
    let cx = Context {
        req,
        env: env.clone(),
        params,
    };
    let resp = (route.handler)(cx).await?;
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// A document's operations as (method, path).
    fn operations(doc: utoipa::openapi::OpenApi) -> Vec<(String, String)> {
        let doc = serde_json::to_value(doc).unwrap();
        doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (method.to_uppercase(), path.clone()))
            })
            .collect()
    }

    #[test]
    fn the_openapi_document_lists_exactly_the_routed_methods_and_paths() {
        let documented: BTreeSet<(String, String)> =
            operations(openapi::document()).into_iter().collect();
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

    #[test]
    fn each_routes_handler_is_annotated_with_its_own_method_and_path() {
        for route in ROUTES {
            assert_eq!(
                operations((route.annotation)()),
                vec![(
                    route.method.to_owned(),
                    format!("{API_PREFIX}{}", route.path)
                )],
                "{route:?}: its handler's annotation"
            );
        }
    }

    fn segments(path: &str) -> Vec<&str> {
        path.split('/').skip(1).collect()
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter() {
        let (routes, params) = resolve(&segments("/track/lookup")).unwrap();
        assert_eq!(routes.len(), 1);
        assert_eq!(
            (routes[0].method, routes[0].name),
            ("POST", "track::lookup")
        );
        assert!(params.is_empty());
        assert_eq!(allow(&routes), "POST, OPTIONS");

        let (routes, params) = resolve(&segments("/queues/counts")).unwrap();
        assert_eq!(routes[0].name, "queues::counts");
        assert!(params.is_empty());

        let (routes, params) = resolve(&segments("/track/abc/attachments/2")).unwrap();
        assert_eq!(routes[0].name, "track::download");
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
