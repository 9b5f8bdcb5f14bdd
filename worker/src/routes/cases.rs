//! `/api/v1/cases`: open a case, read one with its timeline, list them, and
//! send commands to one.

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::layout::index;
use afterloop_domain::queue::Queue;
use afterloop_domain::view::{Audience, PublicEvent};
use afterloop_domain::wire::{
    CasePage, CaseView, CommandRequest, CommandResult, CreateCaseRequest, ErrorBody,
    PublicTimeline, Timeline,
};
use afterloop_domain::{Case, CaseId, Command, Event};
use worker::{Env, Response};

use super::case_calls::{apply, intake, open_case, outcome_response, read_case, view_response};
use super::context::{store, today, Context};
use super::{body, people};
use crate::error::AppError;
use crate::now;

/// Staff intake: opens a case. With an `Idempotency-Key`, a retried
/// request answers 200 with the case the first one opened.
#[utoipa::path(
    post,
    path = "/api/v1/cases",
    tag = "cases",
    operation_id = "create_case",
    security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,128}$",
            description = "1-128 visible ASCII characters; a retry with the same key opens no second case."),
    ),
    request_body = CreateCaseRequest,
    responses(
        (status = 201, description = "Opened.", body = CaseView,
            headers(("Location" = String, description = "`/api/v1/cases/{id}`"))),
        (status = 200, description = "Opened before under this `Idempotency-Key`.", body = CaseView,
            headers(("Location" = String, description = "`/api/v1/cases/{id}`"))),
        (status = 400, description = "Malformed JSON or `Idempotency-Key`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not open cases.", body = ErrorBody),
        (status = 409, description = "Conflicts with stored state.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Fields break the intake rules; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn create(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let session = cx.session().await?;
    let actor = session.actor();
    if !allowed(&actor, Action::Open, None) {
        return Err(AppError::forbidden("open cases"));
    }
    let idempotency_key = cx.idempotency_key()?;
    let dto: CreateCaseRequest = body::json(&mut cx.req).await?;
    let (new_case, owner) = intake(env, &actor, &dto, today()).await?;
    let (outcome, status) = open_case(env, &actor, new_case, owner, idempotency_key, now()).await?;
    let id = outcome.case.id;
    let mut resp = view_response(&actor, &outcome.case)?.with_status(status);
    resp.headers_mut()
        .set("Location", &format!("/api/v1/cases/{id}"))?;
    Ok(resp)
}

/// The case with its balance and SLA clocks, as the reader may see it:
/// staff and managers a `CaseView`, a technician a `TechCaseView`, a
/// sales rep a `RepCaseView` (each an allow-list of fields).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}",
    tag = "cases",
    operation_id = "get_case",
    security(("bearer" = [])),
    params(
        ("id" = CaseId, Path, description = "The case number."),
        ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
    ),
    responses(
        (status = 200, description = "The case.", body = CaseView),
        (status = 400, description = "Not a case number, or `version` not a version.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not see this case.", body = ErrorBody),
        (status = 404, description = "No such case.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn get(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let id = cx.params.case_id()?;
    let at_least = cx.version()?;
    let actor = cx.actor().await?;
    let (case, _) = readable_at(env, &actor, id, at_least, false).await?;
    view_response(&actor, &case)
}

async fn readable(env: &Env, actor: &Actor, id: CaseId) -> Result<Case, AppError> {
    Ok(readable_at(env, actor, id, None, false).await?.0)
}

/// As [`read_case`], for a reader who must be allowed to read the case.
async fn readable_at(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    at_least: Option<u32>,
    with_events: bool,
) -> Result<(Case, Option<Vec<Event>>), AppError> {
    let (case, events) = read_case(env, id, at_least, with_events)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?;
    if !allowed(actor, Action::Read, Some(&case)) {
        return Err(AppError::forbidden("see this case"));
    }
    Ok((case, events))
}

/// The other cases of the same serial number, newest first (previous
/// repairs); for roles that see the case's internals.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/history",
    tag = "cases",
    operation_id = "case_history",
    security(("bearer" = [])),
    params(("id" = CaseId, Path, description = "The case number.")),
    responses(
        (status = 200, description = "The serial's other cases (empty without a serial).", body = CasePage),
        (status = 400, description = "Not a case number.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not see this case's internals.", body = ErrorBody),
        (status = 404, description = "No such case.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn history(cx: Context) -> Result<Response, AppError> {
    // The other cases of the same serial
    // number, newest first (previous repairs a technician checks on site).
    // Needs the case's internal view; empty when the case has no serial.
    let env = &cx.env;
    let id = cx.params.case_id()?;
    let actor = cx.actor().await?;
    let case = readable(env, &actor, id).await?;
    if !allowed(&actor, Action::ReadInternal, Some(&case)) {
        return Err(AppError::forbidden("see this case's history"));
    }
    let segment = case
        .product
        .serial
        .as_deref()
        .map(index::serial_segment)
        .unwrap_or_default();
    let mut page = if segment.is_empty() {
        CasePage::default()
    } else {
        store(env)?
            .page(&Queue::Serial(segment).prefix(&actor.user), 50, None)
            .await?
    };
    page.items.retain(|row| row.id != id);
    page.cursor = None;
    Ok(Response::from_json(&page)?)
}

/// The timeline: every event for staff (`Timeline`), the work for a
/// technician (`Timeline`), messages and photos for a sales rep
/// (`PublicTimeline`).
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/events",
    tag = "cases",
    operation_id = "case_events",
    security(("bearer" = [])),
    params(
        ("id" = CaseId, Path, description = "The case number."),
        ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
    ),
    responses(
        (status = 200, description = "The timeline.", body = Timeline),
        (status = 400, description = "Not a case number, or `version` not a version.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not see this case.", body = ErrorBody),
        (status = 404, description = "No such case.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn events(cx: Context) -> Result<Response, AppError> {
    // The timeline as the reader may see it:
    // every event for staff, the work for a technician, messages and photos
    // for a sales rep.
    // With `?version=N`, never older than version `N` (see [`read_case`]).
    let env = &cx.env;
    let id = cx.params.case_id()?;
    let at_least = cx.version()?;
    let actor = cx.actor().await?;
    let (case, events) = readable_at(env, &actor, id, at_least, true).await?;
    let events = match events {
        Some(events) => events,
        None => store(env)?.events(&case).await?,
    };
    Ok(match Audience::of(&actor) {
        Audience::Staff => Response::from_json(&Timeline { events })?,
        Audience::Technician => Response::from_json(&Timeline {
            events: events.iter().filter_map(Event::for_technician).collect(),
        })?,
        Audience::SalesRep | Audience::Customer => Response::from_json(&PublicTimeline {
            events: events.iter().filter_map(PublicEvent::of).collect(),
        })?,
    })
}

/// One command, applied once per `event_id`: the same actor sending the
/// same command again gets `applied: false` with the events it appended
/// then; an `event_id` of another write or another actor is 409. The
/// answer is the sender's view (`CommandResult` for staff,
/// `TechCommandResult` for a technician, `RepCommandResult` for a sales rep).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/commands",
    tag = "cases",
    operation_id = "case_command",
    security(("bearer" = [])),
    params(("id" = CaseId, Path, description = "The case number.")),
    request_body = CommandRequest,
    responses(
        (status = 200, description = "Applied, or replayed.", body = CommandResult),
        (status = 400, description = "Not a case number, or malformed JSON.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not do this (or not for this amount).", body = ErrorBody),
        (status = 404, description = "No such case, movement or entry.", body = ErrorBody),
        (status = 409, description = "Not allowed in the case's state (e.g. `illegal_transition`), or the `event_id` belongs to another write (`event_id_taken`, `event_id_reused`).", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Fields break the rules; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn command(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let id = cx.params.case_id()?;
    let actor = cx.actor().await?;
    let dto: CommandRequest = body::json(&mut cx.req).await?;
    if matches!(dto.command, Command::Attach { .. }) {
        return Err(AppError::bad(
            "use_attachments",
            "Send files to /api/v1/cases/{id}/attachments, which stores their bytes.",
            "command.type",
        ));
    }
    people::check_command(env, &actor, &dto.command).await?;
    let outcome = apply(env, &actor, id, dto, None).await?;
    outcome_response(&actor, outcome)
}
