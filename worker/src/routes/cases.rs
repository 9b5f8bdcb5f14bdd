//! `/api/v1/cases`: open a case, read one with its timeline, list them, and
//! send commands to one.

use afterloop_domain::access::{allowed, Action, Actor, Duty};
use afterloop_domain::layout::index;
use afterloop_domain::queue::Queue;
use afterloop_domain::view::{Audience, PublicCaseView, PublicEvent, RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    CasePage, CaseView, CommandRequest, CommandResult, CreateCaseRequest, PublicTimeline,
    RepCommandResult, TechCommandResult, Timeline, TrackView,
};
use afterloop_domain::{Case, CaseId, Command, Event, EventId, NewCase, Timestamp, UserId};
use worker::{Env, Request, Response};

use super::{body, people, queues};
use crate::auth::{self, Session};
use crate::error::AppError;
use crate::objects::{self, protocol};
use crate::store::CaseStore;
use crate::{bindings, crypto, now, policy};

/// The company's day now (China time): intake judges purchase dates by it.
pub(super) fn today() -> afterloop_domain::Date {
    now().date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
}

/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 128;

pub(super) fn store(env: &Env) -> Result<CaseStore, AppError> {
    Ok(CaseStore::new(env.kv(bindings::KV)?))
}

pub(super) async fn session(req: &Request, env: &Env) -> Result<Session, AppError> {
    auth::session(req, &env.kv(bindings::KV)?, now()).await
}

/// A case number from the path: 400 when it is not shaped like one, 404
/// when it is shaped like one that cannot exist (`AL-0`, beyond the range).
pub(super) fn parse_id(id: &str) -> Result<CaseId, AppError> {
    CaseId::parse(id).map_err(|e| {
        let shaped = id
            .get(..CaseId::PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(CaseId::PREFIX))
            && id.len() > CaseId::PREFIX.len()
            && id[CaseId::PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_digit());
        if shaped {
            AppError::NotFound(format!("There is no case {id}."))
        } else {
            AppError::bad("invalid_case_id", e.to_string(), "id")
        }
    })
}

/// The case as JSON for its reader: staff the whole case, every other
/// audience its own allow-list type (`afterloop_domain::view`).
pub(super) fn view_response(actor: &Actor, case: &Case) -> Result<Response, AppError> {
    let (now, sla) = (now(), &policy().sla);
    Ok(match Audience::of(actor) {
        Audience::Staff => Response::from_json(&CaseView::of(case.clone(), now, sla))?,
        Audience::Technician => Response::from_json(&TechCaseView::of(case, now, sla))?,
        Audience::SalesRep => Response::from_json(&RepCaseView::of(case, now, sla))?,
        Audience::Customer => Response::from_json(&PublicCaseView::of(case, now, sla))?,
    })
}

/// A command's answer for its sender: their view of the case and the
/// events they may see.
pub(super) fn outcome_response(
    actor: &Actor,
    outcome: protocol::Outcome,
) -> Result<Response, AppError> {
    let (now, sla) = (now(), &policy().sla);
    let protocol::Outcome {
        case,
        events,
        applied,
    } = outcome;
    Ok(match Audience::of(actor) {
        Audience::Staff => Response::from_json(&CommandResult {
            case: CaseView::of(case, now, sla),
            events,
            applied,
        })?,
        Audience::Technician => Response::from_json(&TechCommandResult {
            case: TechCaseView::of(&case, now, sla),
            events: events.iter().filter_map(Event::for_technician).collect(),
            applied,
        })?,
        Audience::SalesRep => Response::from_json(&RepCommandResult {
            case: RepCaseView::of(&case, now, sla),
            events: events.iter().filter_map(PublicEvent::of).collect(),
            applied,
        })?,
        Audience::Customer => Response::from_json(&TrackView {
            case: PublicCaseView::of(&case, now, sla),
            events: events.iter().filter_map(PublicEvent::of).collect(),
        })?,
    })
}

/// An idempotency key as the counter keeps it: one actor's key never
/// finds another actor's case.
pub(super) fn scoped_key(actor: &Actor, key: &str) -> String {
    format!("{}:{key}", actor.user)
}

/// Opens a case through the counter and the case's object; shared by staff
/// intake and public requests. A repeated idempotency key returns the first case.
pub(super) async fn open_case(
    env: &Env,
    actor: &Actor,
    new_case: NewCase,
    owner: UserId,
    idempotency_key: Option<String>,
    at: Timestamp,
) -> Result<(protocol::Outcome, u16), AppError> {
    let scoped_key = idempotency_key.map(|k| scoped_key(actor, &k));
    let allocated: protocol::Allocated = objects::call(
        env,
        bindings::COUNTER,
        "cases",
        "/allocate",
        &protocol::Allocate {
            idempotency_key: scoped_key,
            known_only: false,
        },
    )
    .await?
    .map_err(|r| AppError::Unexpected(format!("counter refused: {}", r.body.message)))?;
    let id = CaseId::from_sequence(allocated.sequence)
        .ok_or_else(|| AppError::Unexpected("counter returned 0".into()))?;
    let open = protocol::Open {
        id,
        case: new_case,
        owner,
        actor: actor.clone(),
        event_id: EventId::parse(&format!("open-{id}")).map_err(AppError::Unexpected)?,
        public_token: crypto::token()?,
        now: at,
    };
    match objects::call::<_, protocol::Outcome>(
        env,
        bindings::CASE,
        &id.to_string(),
        "/open",
        &open,
    )
    .await?
    {
        Ok(outcome) => {
            let status = if outcome.applied { 201 } else { 200 };
            Ok((outcome, status))
        }
        Err(refused) => Err(AppError::Refused(refused)),
    }
}

/// Reads a staff intake on the company's day `today`: the new case (its
/// sales rep checked) and its first owner (the staff member or manager who
/// opens it, otherwise the intake owner).
pub(super) async fn intake(
    env: &Env,
    actor: &Actor,
    dto: &CreateCaseRequest,
    today: afterloop_domain::Date,
) -> Result<(NewCase, UserId), AppError> {
    let mut new_case = NewCase::parse(dto, today)?;
    // A sales rep opens cases for her own customers: she keeps them.
    if actor.role == afterloop_domain::access::Role::SalesRep {
        new_case.customer.sales_rep = Some(actor.user.clone());
    }
    if let Some(rep) = &new_case.customer.sales_rep {
        people::check(env, "customer.sales_rep", Duty::SalesRep, rep).await?;
    }
    let owner = match actor.role {
        afterloop_domain::access::Role::Staff | afterloop_domain::access::Role::Manager => {
            actor.user.clone()
        }
        _ => policy().intake_owner,
    };
    Ok((new_case, owner))
}

/// `POST /api/v1/cases`: staff intake. With an `Idempotency-Key` header, a
/// retried request returns the case the first one opened (200).
pub async fn create(mut req: Request, env: &Env) -> Result<Response, AppError> {
    let session = session(&req, env).await?;
    let actor = session.actor();
    if !allowed(&actor, Action::Open, None) {
        return Err(AppError::forbidden("open cases"));
    }
    let idempotency_key = idempotency_key(&req)?;
    let dto: CreateCaseRequest = body::json(&mut req).await?;
    let (new_case, owner) = intake(env, &actor, &dto, today()).await?;
    let (outcome, status) = open_case(env, &actor, new_case, owner, idempotency_key, now()).await?;
    let id = outcome.case.id;
    let mut resp = view_response(&actor, &outcome.case)?.with_status(status);
    resp.headers_mut()
        .set("Location", &format!("/api/v1/cases/{id}"))?;
    Ok(resp)
}

/// `GET /api/v1/cases/{id}[?version=N]`: the case with its balance and
/// SLA clocks, never older than version `N` (see [`read_case`]).
pub async fn get(id: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let at_least = version_param(&req)?;
    let actor = session(&req, env).await?.actor();
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

/// The `version` query value: the newest version of the case the reader
/// was shown (a command's answer, an earlier read). 400 `invalid_version`
/// unless it is a whole number from 0 to 4294967295.
pub(super) fn version_param(req: &Request) -> Result<Option<u32>, AppError> {
    let url = req.url()?;
    let Some((_, value)) = url.query_pairs().find(|(name, _)| name == "version") else {
        return Ok(None);
    };
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<u32>() {
        Ok(v) if digits => Ok(Some(v)),
        _ => Err(AppError::bad(
            "invalid_version",
            "`version` must be a case version: a whole number from 0 to 4294967295.",
            "version",
        )),
    }
}

/// One case, never older than `at_least`: KV's snapshot when it is that
/// new (or no version is asked), otherwise the case's object, which holds
/// the log (KV may lag a write by a minute on Cloudflare's network). With
/// `with_events`, an object read also brings the whole log (`Some`); a KV
/// read leaves the events to [`CaseStore::events`] (`None`).
pub(super) async fn read_case(
    env: &Env,
    id: CaseId,
    at_least: Option<u32>,
    with_events: bool,
) -> Result<Option<(Case, Option<Vec<Event>>)>, AppError> {
    let in_kv = store(env)?.get(id).await?;
    let behind = match (&in_kv, at_least) {
        (Some(case), Some(v)) => case.version < v,
        (None, Some(_)) => true,
        (_, None) => false,
    };
    if !behind {
        return Ok(in_kv.map(|case| (case, None)));
    }
    let read = protocol::Read {
        events: with_events,
    };
    match objects::call::<_, protocol::Outcome>(
        env,
        bindings::CASE,
        &id.to_string(),
        "/read",
        &read,
    )
    .await?
    {
        Ok(outcome) => Ok(Some((outcome.case, with_events.then_some(outcome.events)))),
        Err(refused) if refused.status == 404 => Ok(None),
        Err(refused) => Err(AppError::Refused(refused)),
    }
}

/// `GET /api/v1/cases/{id}/history`: the other cases of the same serial
/// number, newest first (previous repairs a technician checks on site).
/// Needs the case's internal view; empty when the case has no serial.
pub async fn history(id: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let actor = session(&req, env).await?.actor();
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

/// `GET /api/v1/cases/{id}/events`: the timeline as the reader may see it:
/// every event for staff, the work for a technician, messages and photos
/// for a sales rep.
/// With `?version=N`, never older than version `N` (see [`read_case`]).
pub async fn events(id: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let at_least = version_param(&req)?;
    let actor = session(&req, env).await?.actor();
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

/// `POST /api/v1/cases/{id}/commands`: one command, applied once per `event_id`.
pub async fn command(id: &str, mut req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let actor = session(&req, env).await?.actor();
    let dto: CommandRequest = body::json(&mut req).await?;
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

/// Sends one command to a case's object, which authorizes the actor
/// before it looks anything up; `link` is a customer's link token.
pub(super) async fn apply(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    dto: CommandRequest,
    link: Option<&str>,
) -> Result<protocol::Outcome, AppError> {
    send(env, actor, id, dto, link, false).await
}

/// Sends past writes (the demo company's history: only `routes::setup`,
/// where demo setup is enabled) to a case's object, applied in order and
/// written through once.
pub(super) async fn apply_past(
    env: &Env,
    id: CaseId,
    writes: Vec<(Actor, CommandRequest, Timestamp)>,
) -> Result<protocol::Outcome, AppError> {
    let batch: Vec<protocol::Apply> = writes
        .into_iter()
        .map(|(actor, dto, at)| protocol::Apply {
            actor,
            event_id: dto.event_id,
            command: dto.command,
            now: at,
            recorded_at: None,
            token: None,
            check_only: false,
            past: true,
        })
        .collect();
    objects::call::<_, protocol::Outcome>(
        env,
        bindings::CASE,
        &id.to_string(),
        "/apply_past",
        &batch,
    )
    .await?
    .map_err(AppError::Refused)
}

/// As [`apply`], but the object only authorizes, looks for an earlier
/// write with the id and decides: nothing is recorded (an upload asks this
/// before it stores bytes).
pub(super) async fn check(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    dto: CommandRequest,
    link: Option<&str>,
) -> Result<protocol::Outcome, AppError> {
    send(env, actor, id, dto, link, true).await
}

async fn send(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    dto: CommandRequest,
    link: Option<&str>,
    check_only: bool,
) -> Result<protocol::Outcome, AppError> {
    let apply = protocol::Apply {
        actor: actor.clone(),
        event_id: dto.event_id,
        command: dto.command,
        now: now(),
        recorded_at: dto.recorded_at,
        token: link.map(str::to_owned),
        check_only,
        past: false,
    };
    objects::call::<_, protocol::Outcome>(env, bindings::CASE, &id.to_string(), "/apply", &apply)
        .await?
        .map_err(AppError::Refused)
}

/// `GET /api/v1/cases`: every case, newest first (the `recent` queue).
pub async fn list(req: Request, env: &Env) -> Result<Response, AppError> {
    queues::list(&["recent"], req, env).await
}

pub(super) fn idempotency_key(req: &Request) -> Result<Option<String>, AppError> {
    let Some(key) = req.headers().get("Idempotency-Key")? else {
        return Ok(None);
    };
    let valid = !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY
        && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key))
    } else {
        Err(AppError::BadRequest {
            code: "invalid_idempotency_key",
            message: format!(
                "`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters."
            ),
            field: Some("Idempotency-Key"),
        })
    }
}
