//! `GET /api/v1/queues/…`: the work lists, each one index prefix listed in
//! order with cursor paging. Which lists there are, their paths, who may
//! see each and their index prefixes are [`Queue`]'s; here they are
//! served. `rep/{user}` answers a sales rep's rows ([`RepRow`]), with a
//! briefing.
//!
//! `counts` gives each queue's size; `GET /api/v1/search?q=` finds cases by
//! number, serial, phone or customer name.

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::queue::{Queue, QueueError};
use afterloop_domain::report::{briefing, CustomersReport, Period, ReportName};
use afterloop_domain::view::RepRow;
use afterloop_domain::wire::{CasePage, CaseSummary, QueueCounts, RepPage};
use afterloop_domain::CaseId;
use worker::{Env, Request, Response};

use super::cases::{session, store};
use crate::bindings;
use crate::error::AppError;
use crate::objects::{self, protocol::CountsAsked};
use crate::store::index;

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

/// `GET /api/v1/queues/counts`: how many entries each queue the caller may
/// see holds (from the stats object, never by listing KV). Staff and
/// managers get every shared queue, every owner's, stage's and technician
/// day's; a technician their own days; everyone `mine`.
pub async fn counts(req: Request, env: &Env) -> Result<Response, AppError> {
    let actor = session(&req, env).await?.actor();
    let (queues, prefixes) = Queue::counted(&actor);
    let ask = CountsAsked { queues, prefixes };
    let mut counts =
        objects::call::<_, QueueCounts>(env, bindings::STATS, "queues", "/counts", &ask)
            .await?
            .map_err(AppError::Refused)?;
    Queue::alias_counts(&actor, &mut counts.counts);
    Ok(Response::from_json(&counts)?)
}

/// `GET /api/v1/search?q=…`: cases by number (`AL-1001` or `1001`), or by
/// the start of a serial number, phone number or customer name: one index
/// listing each, at most `limit` (default 20) rows, newest first.
pub async fn search(req: Request, env: &Env) -> Result<Response, AppError> {
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

/// `GET /api/v1/queues/rep/{user}`: a sales rep's customers' open cases,
/// newest first, each as her allow-list row ([`RepRow`]): the rep herself,
/// or staff and managers; another rep is refused before anything is read.
/// One index listing, then each listed case's snapshot (the row needs what
/// the customer was told and the quote, which a KV key's metadata cannot
/// hold); the first page adds the frequent problems of those cases' models
/// from the customers report of the last year.
pub async fn rep(user_name: &str, req: Request, env: &Env) -> Result<Response, AppError> {
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
    let today = super::cases::today();
    let ask = objects::protocol::ReportAsked {
        actor: actor.clone(),
        report: ReportName::Customers,
        period: Period {
            from: today.saturating_plus_days(-364),
            to: today,
        },
        as_of: crate::now(),
    };
    let json = objects::call_text(
        env,
        bindings::REPORTS,
        objects::REPORTS_OBJECT,
        "/report",
        &ask,
    )
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
