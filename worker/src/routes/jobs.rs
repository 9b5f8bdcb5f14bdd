//! `GET /api/v1/jobs`: what a technician's phone keeps to work with no
//! signal, in one answer: every open job dispatched to them, in their view
//! (`TechCaseView`), with the timeline a technician may see and the
//! serial's earlier cases. The phone opened each job's case, timeline and
//! history one by one before (three requests a job); closed and cancelled
//! jobs are never sent.

use std::collections::BTreeMap;

use afterloop_domain::access::{allowed, Action, Role};
use afterloop_domain::layout::index;
use afterloop_domain::queue::Queue;
use afterloop_domain::view::TechCaseView;
use afterloop_domain::wire::{CaseSummary, JobsBundle, OfflineJob};
use afterloop_domain::{CaseId, Event};
use futures_util::future::try_join_all;
use worker::Response;

use super::context::{store, Context};
use crate::error::AppError;
use crate::{now, policy};

// Types the OpenAPI annotations name.
use afterloop_domain::wire::ErrorBody;

/// The most jobs one answer holds (a technician has a few dozen at most).
const MAX_JOBS: usize = 200;
/// Rows listed per index page.
const PAGE: u64 = 100;
/// Earlier cases kept per serial.
const EARLIER: u64 = 50;

/// What a technician's phone keeps to work with no signal, in one
/// answer: each open job dispatched to the signed-in technician (never
/// a closed or cancelled one), in the technician's view, with the
/// timeline a technician may see and the serial's earlier cases.
#[utoipa::path(
    get,
    path = "/api/v1/jobs",
    tag = "cases",
    operation_id = "technician_jobs",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The technician's open jobs.", body = JobsBundle),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Not a technician.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn bundle(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let actor = cx.actor().await?;
    if actor.role != Role::Technician {
        return Err(AppError::forbidden(
            "read a technician's jobs (sign in as the technician)",
        ));
    }
    let store = store(env)?;
    // The technician's own index, by visit day and window.
    let prefix = Queue::Tech {
        user: actor.user.clone(),
        day: None,
    }
    .prefix(&actor.user);
    let mut ids: Vec<CaseId> = Vec::new();
    let mut cursor = None;
    loop {
        let page = store.page(&prefix, PAGE, cursor).await?;
        for row in page.items {
            if !ids.contains(&row.id) {
                ids.push(row.id);
            }
        }
        cursor = page.cursor;
        if cursor.is_none() || ids.len() >= MAX_JOBS {
            break;
        }
    }
    ids.truncate(MAX_JOBS);
    // The snapshots decide, not the index (which may lag): still theirs,
    // still dispatched to them, and not closed.
    let cases: Vec<_> = store
        .get_many(&ids)
        .await?
        .into_iter()
        .filter(|c| allowed(&actor, Action::ReadInternal, Some(c)))
        .filter(|c| {
            c.dispatch
                .as_ref()
                .is_some_and(|d| d.technician == actor.user)
        })
        .filter(|c| !c.status.is_terminal())
        .collect();
    let timelines = try_join_all(cases.iter().map(|c| store.events(c))).await?;
    // Each serial's earlier cases, listed once however many jobs share it.
    let serials: Vec<String> = cases
        .iter()
        .filter_map(|c| c.product.serial.as_deref().map(index::serial_segment))
        .filter(|s| !s.is_empty())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let pages = try_join_all(serials.iter().map(|s| {
        let (store, actor) = (&store, &actor);
        async move {
            store
                .page(&Queue::Serial(s.clone()).prefix(&actor.user), EARLIER, None)
                .await
        }
    }))
    .await?;
    let by_serial: BTreeMap<&str, Vec<CaseSummary>> = serials
        .iter()
        .map(String::as_str)
        .zip(pages.into_iter().map(|p| p.items))
        .collect();
    let (now, sla) = (now(), &policy().sla);
    let jobs = cases
        .iter()
        .zip(timelines)
        .map(|(case, events)| {
            let earlier = case
                .product
                .serial
                .as_deref()
                .map(index::serial_segment)
                .and_then(|s| by_serial.get(s.as_str()))
                .map(|rows| rows.iter().filter(|r| r.id != case.id).cloned().collect())
                .unwrap_or_default();
            OfflineJob {
                case: TechCaseView::of(case, now, sla),
                events: events.iter().filter_map(Event::for_technician).collect(),
                earlier,
            }
        })
        .collect();
    Ok(Response::from_json(&JobsBundle { jobs })?)
}
