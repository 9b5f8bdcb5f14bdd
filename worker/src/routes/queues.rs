//! `GET /api/v1/queues/…`: the work lists, each one index prefix listed in
//! order with cursor paging. Which lists there are, their paths, who may
//! see each and their index prefixes are [`Queue`]'s; here they are
//! served. `rep/{user}` answers a sales rep's rows ([`RepRow`]), with a
//! briefing.
//!
//! `counts` gives each queue's size; `GET /api/v1/search?q=` finds cases by
//! number, serial, phone or customer name.

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::queue::{Queue, QueueError, QueueTab};
use afterloop_domain::report::{briefing, CustomersReport, Period, ReportName};
use afterloop_domain::view::RepRow;
use afterloop_domain::wire::{CasePage, CaseSummary, RepPage};
use afterloop_domain::{CaseId, CaseKind, Date, UserId};
use worker::{Env, Request, Response};

use super::context::{session, store, Context};
use crate::error::AppError;
use crate::objects::{self, protocol::CountsAsked};
use crate::store::index;

// Types the OpenAPI annotations name.
use crate::openapi::Stage;
use afterloop_domain::wire::ErrorBody;

/// Default and largest page size.
const DEFAULT_PAGE: u64 = 20;
const MAX_PAGE: u64 = 100;

/// A refused queue path as the API answers it; `forbidden` says what the
/// caller may not do.
fn refused(e: QueueError, forbidden: &str) -> AppError {
    match (&e, e.code_and_field()) {
        (QueueError::Forbidden, _) => AppError::forbidden(forbidden),
        (_, Some((code, field))) => AppError::bad(code, e.to_string(), field),
        _ => AppError::NotFound(e.to_string()),
    }
}

/// How many entries each queue the caller may see holds, kept as cases
/// are written: `recent`, `open`, `sla`, `outstanding`, `approvals`,
/// `mine`, `owner/{user}`, `stage/{kind}/{stage}`, `tech/{user}/{day}`.
#[utoipa::path(
    get,
    path = "/api/v1/queues/counts",
    tag = "queues",
    operation_id = "queue_counts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Entries per queue.", body = afterloop_domain::wire::QueueCounts),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn counts(cx: Context) -> Result<Response, AppError> {
    // How many entries each queue the caller may
    // see holds (from the stats object, never by listing KV). Staff and
    // managers get every shared queue, every owner's, stage's and technician
    // day's; a technician their own days; everyone `mine`.
    let Context { req, env, .. } = cx;
    let env = &env;
    let actor = session(&req, env).await?.actor();
    let (queues, prefixes) = Queue::counted(&actor);
    let ask = CountsAsked { queues, prefixes };
    let mut counts = objects::call(env, objects::STATS_OBJECT, &ask)
        .await?
        .map_err(AppError::Refused)?;
    Queue::alias_counts(&actor, &mut counts.counts);
    Ok(Response::from_json(&counts)?)
}

/// Cases by number, or by the start of a serial number, phone number or
/// customer name (staff and managers).
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "queues",
    operation_id = "search",
    security(("bearer" = [])),
    params(
        ("q" = String, Query, description = "1 to 100 characters: `AL-1001`, `1001`, a serial, phone or name start."),
        ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows (default 20)."),
    ),
    responses(
        (status = 200, description = "Matching cases, newest first.", body = CasePage),
        (status = 400, description = "No or too long `q`, or invalid `limit`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not search.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn search(cx: Context) -> Result<Response, AppError> {
    // Cases by number (`AL-1001` or `1001`), or by
    // the start of a serial number, phone number or customer name: one index
    // listing each, at most `limit` (default 20) rows, newest first.
    let Context { req, env, .. } = cx;
    let env = &env;
    let actor = session(&req, env).await?.actor();
    if !allowed(&actor, Action::Queues, None) {
        return Err(AppError::forbidden("search cases"));
    }
    let url = req.url()?;
    let q = url
        .query_pairs()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    if q.is_empty() || q.chars().count() > 100 {
        return Err(AppError::bad(
            "invalid_query",
            "Give 1 to 100 characters to search for.",
            "q",
        ));
    }
    let (limit, _) = paging(&req)?;
    let store = store(env)?;
    let id = CaseId::parse(&q).or_else(|_| CaseId::parse(&format!("{}{q}", CaseId::PREFIX)));
    if let Ok(id) = id {
        if let Some(case) = store.get(id).await? {
            let mut row = CaseSummary::of(&case);
            row.sla = afterloop_domain::wire::DueClock::next(&case, &crate::policy().sla);
            return Ok(Response::from_json(&CasePage {
                items: vec![row],
                cursor: None,
            })?);
        }
    }
    let prefixes = index::search_prefixes(&q);
    let pages =
        futures_util::future::try_join_all(prefixes.iter().map(|p| store.page(p, limit, None)))
            .await?;
    let mut seen = std::collections::BTreeSet::new();
    let mut items: Vec<CaseSummary> = pages
        .into_iter()
        .flat_map(|p| p.items)
        .filter(|row| seen.insert(row.id.sequence()))
        .collect();
    items.sort_by_key(|row| std::cmp::Reverse(row.id.sequence()));
    items.truncate(limit as usize);
    Ok(Response::from_json(&CasePage {
        items,
        cursor: None,
    })?)
}

/// Every case, newest first (the `recent` queue).
#[utoipa::path(
    get,
    path = "/api/v1/cases",
    tag = "cases",
    operation_id = "list_cases",
    security(("bearer" = [])),
    params(
        ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
        ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page.", body = CasePage),
        (status = 400, description = "Invalid `limit`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not list every case.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn cases(cx: Context) -> Result<Response, AppError> {
    list(&["recent"], cx.req, &cx.env).await
}

/// A work list: `recent`, `open`, `sla`, `outstanding`, `approvals`
/// (staff and managers), or `mine`, `replies` (anyone signed in).
#[utoipa::path(
    get,
    path = "/api/v1/queues/{queue}",
    tag = "queues",
    operation_id = "queue",
    security(("bearer" = [])),
    params(
        ("queue" = QueueTab, Path, description = "The queue."),
        ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
        ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page.", body = CasePage),
        (status = 400, description = "Invalid `limit`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not see this queue.", body = ErrorBody),
        (status = 404, description = "No such queue.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn queue(cx: Context) -> Result<Response, AppError> {
    let p = &cx.params;
    list(&[p.get("queue")], cx.req, &cx.env).await
}

/// A queue route: its handler, listing the queue its path names, and the
/// handler's annotation; what every queue answers (paging, 200, 401, 500)
/// is written here once.
macro_rules! queue_route {
    (
        $(#[doc = $doc:literal])*
        $handler:ident, $path:literal, $operation:literal,
        params($($param:tt)*),
        bad = $bad:literal,
        forbidden = $forbidden:literal,
        |$p:ident| $segments:expr
    ) => {
        $(#[doc = $doc])*
        #[utoipa::path(
            get,
            path = $path,
            tag = "queues",
            operation_id = $operation,
            security(("bearer" = [])),
            params(
                $($param)*
                ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
                ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
            ),
            responses(
                (status = 200, description = "One page.", body = CasePage),
                (status = 400, description = $bad, body = ErrorBody),
                (status = 401, description = "Not signed in.", body = ErrorBody),
                (status = 403, description = $forbidden, body = ErrorBody),
                (status = 500, description = "Unexpected.", body = ErrorBody),
            )
        )]
        pub async fn $handler(cx: Context) -> Result<Response, AppError> {
            let $p = &cx.params;
            list(&$segments, cx.req, &cx.env).await
        }
    };
}

queue_route! {
    /// Cases in one stage of a kind (e.g. `stage/repair/new`).
    stage, "/api/v1/queues/stage/{kind}/{stage}", "queue_stage",
    params(
        ("kind" = CaseKind, Path, description = "The kind of case."),
        ("stage" = Stage, Path, description = "A stage of that kind."),
    ),
    bad = "Invalid kind, stage of that kind, or `limit`.",
    forbidden = "The role may not see this queue.",
    |p| ["stage", p.get("kind"), p.get("stage")]
}

queue_route! {
    /// The open cases of one owner.
    owner, "/api/v1/queues/owner/{user}", "queue_owner",
    params(
        ("user" = UserId, Path, description = "The owner."),
    ),
    bad = "Invalid user name or `limit`.",
    forbidden = "The role may not see this queue.",
    |p| ["owner", p.get("user")]
}

queue_route! {
    /// A technician's open jobs on every day, by day and window start
    /// (staff, managers, or that technician).
    tech, "/api/v1/queues/tech/{user}", "queue_tech_jobs",
    params(
        ("user" = UserId, Path, description = "The technician."),
    ),
    bad = "Invalid user name or `limit`.",
    forbidden = "Another technician's jobs.",
    |p| ["tech", p.get("user")]
}

queue_route! {
    /// A technician's visits on one day (staff, managers, or that technician).
    tech_day, "/api/v1/queues/tech/{user}/{day}", "queue_tech",
    params(
        ("user" = UserId, Path, description = "The technician."),
        ("day" = Date, Path, description = "The day, `YYYY-MM-DD`."),
    ),
    bad = "Invalid user name, date or `limit`.",
    forbidden = "Another technician's visits.",
    |p| ["tech", p.get("user"), p.get("day")]
}

queue_route! {
    /// Every case of one serial number.
    serial, "/api/v1/queues/serial/{serial}", "queue_serial",
    params(
        ("serial" = String, Path, min_length = 1, description = "The serial number."),
    ),
    bad = "No serial left after cleaning, or one over 64 characters (`invalid_serial`); invalid `limit`.",
    forbidden = "The role may not see this queue.",
    |p| ["serial", p.get("serial")]
}

/// Lists one queue page.
pub async fn list(queue: &[&str], req: Request, env: &Env) -> Result<Response, AppError> {
    let actor = session(&req, env).await?.actor();
    let queue = Queue::parse(queue, &actor).map_err(|e| refused(e, "see this queue"))?;
    let prefix = queue.prefix(&actor.user);
    let (limit, cursor) = paging(&req)?;
    Ok(Response::from_json(
        &store(env)?.page(&prefix, limit, cursor).await?,
    )?)
}

/// A sales rep's customers' open cases, newest first, each as the
/// rep's row (stage, what the customer was last told, what happens
/// next, what waits on the customer or on her), with the frequent
/// problems of their models on the first page (the rep herself, staff
/// and managers).
#[utoipa::path(
    get,
    path = "/api/v1/queues/rep/{user}",
    tag = "queues",
    operation_id = "queue_rep",
    security(("bearer" = [])),
    params(
        ("user" = UserId, Path, description = "The sales rep."),
        ("limit" = Option<u8>, Query, minimum = 1, maximum = 100, description = "Rows per page (default 20)."),
        ("cursor" = Option<String>, Query, description = "The `cursor` of the previous page."),
    ),
    responses(
        (status = 200, description = "One page.", body = afterloop_domain::wire::RepPage),
        (status = 400, description = "Invalid user name, `limit` or `cursor`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Another sales rep's customers.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn rep(cx: Context) -> Result<Response, AppError> {
    // A sales rep's customers' open cases,
    // newest first, each as her allow-list row ([`RepRow`]): the rep herself,
    // or staff and managers; another rep is refused before anything is read.
    // One index listing, then each listed case's snapshot (the row needs what
    // the customer was told and the quote, which a KV key's metadata cannot
    // hold); the first page adds the frequent problems of those cases' models
    // from the customers report of the last year.
    let Context { req, env, params } = cx;
    let env = &env;
    let user_name = params.get("user");
    let actor = session(&req, env).await?.actor();
    let queue = Queue::parse(&["rep", user_name], &actor)
        .map_err(|e| refused(e, "see another sales rep's customers"))?;
    let Queue::Rep(u) = &queue else {
        unreachable!("`rep/{{user}}` is a sales rep's queue")
    };
    let (limit, cursor) = paging(&req)?;
    let first = cursor.is_none();
    let store = store(env)?;
    let page = store
        .page(&queue.prefix(&actor.user), limit, cursor)
        .await?;
    let cases =
        futures_util::future::try_join_all(page.items.iter().map(|r| store.get(r.id))).await?;
    let (now, policy) = (crate::now(), crate::policy());
    let items: Vec<RepRow> = cases
        .into_iter()
        .flatten()
        // The index may lag a change of rep: the case decides.
        .filter(|c| c.customer.sales_rep.as_ref() == Some(u))
        .map(|c| RepRow::of(&c, now, &policy.sla))
        .collect();
    let briefing = if first && !items.is_empty() {
        let mut models: Vec<&str> = items.iter().map(|r| r.model.as_str()).collect();
        models.sort_unstable();
        models.dedup();
        let report = frequent_requests(env, &actor).await?;
        briefing(&report, &models)
    } else {
        Vec::new()
    };
    Ok(Response::from_json(&RepPage {
        items,
        cursor: page.cursor,
        briefing,
    })?)
}

/// The customers report of the last year (China days), for a briefing.
async fn frequent_requests(
    env: &Env,
    actor: &afterloop_domain::access::Actor,
) -> Result<CustomersReport, AppError> {
    let today = super::context::today();
    let ask = objects::protocol::ReportAsked {
        actor: actor.clone(),
        report: ReportName::Customers,
        period: Period {
            from: today.saturating_plus_days(-364),
            to: today,
        },
        as_of: crate::now(),
    };
    let json = objects::call_json(env, objects::REPORTS_OBJECT, &ask)
        .await?
        .map_err(AppError::Refused)?;
    Ok(serde_json::from_str(&json)?)
}

fn paging(req: &Request) -> Result<(u64, Option<String>), AppError> {
    let url = req.url()?;
    let mut limit = DEFAULT_PAGE;
    let mut cursor = None;
    for (name, value) in url.query_pairs() {
        match name.as_ref() {
            "limit" => {
                limit = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| {
                        AppError::bad(
                            "invalid_limit",
                            format!("`limit` must be a whole number from 1 to {MAX_PAGE}."),
                            "limit",
                        )
                    })?;
            }
            "cursor" if !value.is_empty() => cursor = Some(value.into_owned()),
            _ => {}
        }
    }
    Ok((limit, cursor))
}
