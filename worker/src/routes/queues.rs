//! `GET /api/v1/queues/…`: the work lists, each one index prefix listed in
//! order with cursor paging. Staff and managers see every queue; a
//! technician sees only their own jobs.
//!
//! | path | rows |
//! |---|---|
//! | `recent` | every case, newest first |
//! | `open` | cases not closed or cancelled |
//! | `stage/{kind}/{stage}` | cases in a stage (e.g. `stage/repair/new`) |
//! | `mine`, `owner/{user}` | open cases of an owner |
//! | `tech/{user}/{YYYY-MM-DD}` | a technician's visits that day |
//! | `sla` | open cases by next SLA deadline |
//! | `outstanding` | defective units not yet received, oldest first |
//! | `approvals` | money entries awaiting approval, oldest first |
//! | `serial/{serial}` | every case of a serial number |

use afterloop_domain::access::{allowed, Action, Role};
use afterloop_domain::{CaseKind, Date, Status, UserId};
use worker::{Env, Request, Response};

use super::cases::{session, store};
use crate::error::AppError;
use crate::store::index;

/// Default and largest page size.
const DEFAULT_PAGE: u64 = 20;
const MAX_PAGE: u64 = 100;

fn user(text: &str) -> Result<UserId, AppError> {
    UserId::parse(text).map_err(|m| AppError::bad("invalid_user", m, "user"))
}

/// Lists one queue page.
pub async fn list(queue: &[&str], req: Request, env: &Env) -> Result<Response, AppError> {
    let actor = session(&req, env).await?.actor();
    let everything = allowed(&actor, Action::Queues, None);
    let prefix = match queue {
        ["recent" | "open" | "sla" | "outstanding" | "approvals"] if everything => {
            index::prefix(queue[0])
        }
        ["stage", kind, stage] if everything => {
            let kind = CaseKind::parse(kind)
                .map_err(|e| AppError::bad("invalid_kind", e.message, "kind"))?;
            let status = Status::parse(kind, stage).ok_or_else(|| {
                AppError::bad(
                    "invalid_stage",
                    format!("`{stage}` is not a stage of a {kind}."),
                    "stage",
                )
            })?;
            index::prefix(&format!("stage/{kind}/{}", status.name()))
        }
        ["mine"] => index::prefix(&format!("owner/{}", actor.user)),
        ["owner", u] if everything => index::prefix(&format!("owner/{}", user(u)?)),
        ["tech", u, day] => {
            let u = user(u)?;
            let own = actor.role == Role::Technician && actor.user == u;
            if !(everything || own) {
                return Err(AppError::forbidden("see this queue"));
            }
            let day = Date::parse(day)
                .map_err(|e| AppError::bad("invalid_date", e.to_string(), "day"))?;
            index::prefix(&format!("tech/{u}/{day}"))
        }
        ["serial", serial] if everything => {
            let seg = index::serial_segment(serial);
            if seg.is_empty() {
                return Err(AppError::bad(
                    "invalid_serial",
                    "Give a serial number.",
                    "serial",
                ));
            }
            index::prefix(&format!("serial/{seg}"))
        }
        ["recent" | "open" | "sla" | "outstanding" | "approvals"]
        | ["stage", _, _]
        | ["owner", _]
        | ["serial", _] => return Err(AppError::forbidden("see this queue")),
        _ => {
            return Err(AppError::NotFound(format!(
                "No queue `{}`.",
                queue.join("/")
            )))
        }
    };
    let (limit, cursor) = paging(&req)?;
    Ok(Response::from_json(
        &store(env)?.page(&prefix, limit, cursor).await?,
    )?)
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
