//! Calls to a case's object shared by the routes (staff, customers, the
//! demo setup): open a case, apply or check a command, read the case as its
//! log has it; and the answers for each reader's audience.

use afterloop_domain::access::{Actor, Duty};
use afterloop_domain::view::{Audience, PublicCaseView, PublicEvent, RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    CaseView, CommandRequest, CommandResult, CreateCaseRequest, RepCommandResult,
    TechCommandResult, TrackView,
};
use afterloop_domain::{Case, CaseId, Event, EventId, NewCase, Timestamp, UserId};
use worker::{Env, Response};

use super::context::store;
use super::people;
use crate::error::AppError;
use crate::objects::{self, protocol};
use crate::{crypto, now, policy};

/// The case as JSON for its reader: staff the whole case, every other
/// audience its own allow-list type (`afterloop_domain::view`).
pub fn view_response(actor: &Actor, case: &Case) -> Result<Response, AppError> {
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
pub fn outcome_response(actor: &Actor, outcome: protocol::Outcome) -> Result<Response, AppError> {
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
pub fn scoped_key(actor: &Actor, key: &str) -> String {
    format!("{}:{key}", actor.user)
}

/// Opens a case through the counter and the case's object; shared by staff
/// intake and public requests. A repeated idempotency key returns the first case.
pub async fn open_case(
    env: &Env,
    actor: &Actor,
    new_case: NewCase,
    owner: UserId,
    idempotency_key: Option<String>,
    at: Timestamp,
) -> Result<(protocol::Outcome, u16), AppError> {
    let scoped_key = idempotency_key.map(|k| scoped_key(actor, &k));
    let allocated = objects::call(
        env,
        protocol::CASES_COUNTER,
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
    match objects::call(env, &id.to_string(), &open).await? {
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
pub async fn intake(
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

/// One case, never older than `at_least`: KV's snapshot when it is that
/// new (or no version is asked), otherwise the case's object, which holds
/// the log (KV may lag a write by a minute on Cloudflare's network). With
/// `with_events`, an object read also brings the whole log (`Some`); a KV
/// read leaves the events to [`CaseStore::events`] (`None`).
pub async fn read_case(
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
    match objects::call(env, &id.to_string(), &read).await? {
        Ok(outcome) => Ok(Some((outcome.case, with_events.then_some(outcome.events)))),
        Err(refused) if refused.status == 404 => Ok(None),
        Err(refused) => Err(AppError::Refused(refused)),
    }
}

/// Sends one command to a case's object, which authorizes the actor
/// before it looks anything up; `link` is a customer's link token.
pub async fn apply(
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
pub async fn apply_past(
    env: &Env,
    id: CaseId,
    writes: Vec<(Actor, CommandRequest, Timestamp)>,
) -> Result<protocol::Outcome, AppError> {
    let batch = writes
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
    objects::call(env, &id.to_string(), &protocol::ApplyPast(batch))
        .await?
        .map_err(AppError::Refused)
}

/// As [`apply`], but the object only authorizes, looks for an earlier
/// write with the id and decides: nothing is recorded (an upload asks this
/// before it stores bytes).
pub async fn check(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    dto: CommandRequest,
    link: Option<&str>,
) -> Result<protocol::Outcome, AppError> {
    send(env, actor, id, dto, link, true).await
}

/// Sends one command to a case's object, to apply or (`check_only`) only to check.
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
    objects::call(env, &id.to_string(), &apply)
        .await?
        .map_err(AppError::Refused)
}
