//! The demo company's setup, answered only where the worker runs with
//! `DEMO_SETUP = "enabled"`: `worker/.dev.vars`, which only `wrangler dev`
//! reads, says so; `wrangler deploy` never sends it, so a deployed worker
//! refuses both routes (403 `demo_setup_disabled`) before anything else.
//!
//! - `POST /api/v1/setup/demo-users` creates the demo users. Existing users
//!   are left as they are, so seeding is idempotent.
//! - `POST /api/v1/setup/history` writes the demo company's past: a case's
//!   intake and commands, each by a demo user at a past time, through the
//!   same case objects and rules as every write (the object writes them
//!   through to KV once). Only the seeding manager ([`SEEDING_MANAGER`])
//!   may send it, signed in.
//! - `POST /api/v1/setup/history/batch` does the same for many cases in
//!   one request (the seed sends the year this way): the cases are opened
//!   in the order sent, then written at once.

use afterloop_domain::access::{allowed, Action, Actor, Role};
use afterloop_domain::case::Language;
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, DAY_MS};
use afterloop_domain::wire::{
    CaseView, CommandRequest, CommandResult, PastBatch, PastBatchResult, PastCase, PastCaseResult,
    PastCommand, PastWrites, PAST_BATCH_MAX, PAST_COMMANDS_MAX, PAST_WRITE_MAX_DAYS,
};
use afterloop_domain::{CaseId, Command, FieldError, Timestamp, UserId, ValidationError};
use futures_util::future::try_join_all;
use serde::Serialize;
use std::collections::BTreeMap;
use worker::{Env, Request, Response};

use super::context::Context;
use super::{body, case_calls, context, people};
use crate::auth::UserRecord;
use crate::error::AppError;
use crate::objects::protocol::Outcome;
use crate::store::keys;
use crate::{bindings, now, policy};

// Types the OpenAPI annotations name.
use crate::openapi::DemoUsers;
use afterloop_domain::wire::ErrorBody;

/// The worker var that enables the demo setup routes (value `enabled`).
pub const DEMO_SETUP_VAR: &str = "DEMO_SETUP";

/// The demo user who writes the company's history (the demo's manager).
pub const SEEDING_MANAGER: &str = "chen.jie";

/// The demo users: (name, display name, role, language, password).
pub const DEMO_USERS: &[(&str, &str, Role, Language, &str)] = &[
    (
        "chen.jie",
        "陈杰 Chen Jie",
        Role::Manager,
        Language::ZhCn,
        "manager-demo-2026",
    ),
    (
        "li.na",
        "李娜 Li Na",
        Role::Staff,
        Language::ZhCn,
        "staff-demo-2026",
    ),
    (
        "zhao.lei",
        "赵磊 Zhao Lei",
        Role::Staff,
        Language::ZhCn,
        "staff-demo-2026",
    ),
    (
        "service.desk",
        "Service desk",
        Role::Staff,
        Language::En,
        "desk-demo-2026",
    ),
    (
        "wu.gang",
        "吴刚 Wu Gang",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "sun.hao",
        "孙浩 Sun Hao",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "huang.min",
        "黄敏 Huang Min",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "liu.yang",
        "刘洋 Liu Yang",
        Role::Technician,
        Language::ZhCn,
        "tech-demo-2026",
    ),
    (
        "emma.sales",
        "Emma Schmidt",
        Role::SalesRep,
        Language::En,
        "sales-demo-2026",
    ),
];

#[derive(Serialize)]
struct Seeded {
    created: Vec<String>,
    existing: Vec<String>,
}

/// Refuses everything where demo setup is not enabled (a deployed worker).
fn require_demo_setup(env: &Env) -> Result<(), AppError> {
    let enabled = env
        .var(DEMO_SETUP_VAR)
        .map(|v| v.to_string() == "enabled")
        .unwrap_or(false);
    if enabled {
        Ok(())
    } else {
        Err(AppError::Forbidden {
            code: "demo_setup_disabled",
            message: "Demo setup is disabled on this server: it creates no demo users and writes no past events.".into(),
        })
    }
}

/// Creates the missing demo users (only where `DEMO_SETUP = "enabled"`: local development).
#[utoipa::path(
    post,
    path = "/api/v1/setup/demo-users",
    tag = "meta",
    operation_id = "setup_demo_users",
    responses(
        (status = 200, description = "Seeded (idempotent).", body = DemoUsers),
        (status = 403, description = "Demo setup is disabled on this server (`demo_setup_disabled`).", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn demo_users(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    require_demo_setup(env)?;
    let kv = env.kv(bindings::KV)?;
    let mut out = Seeded {
        created: Vec::new(),
        existing: Vec::new(),
    };
    for (name, display, role, language, password) in DEMO_USERS {
        let id = UserId::parse(name).map_err(AppError::Unexpected)?;
        if kv.get(&keys::user(&id)).text().await?.is_some() {
            out.existing.push(id.to_string());
            continue;
        }
        let user = UserRecord::new(id.clone(), display, *role, *language, password).await?;
        kv.put(&keys::user(&id), serde_json::to_string(&user)?)?
            .execute()
            .await?;
        out.created.push(id.to_string());
    }
    Ok(Response::from_json(&out)?)
}

fn field_error(field: &str, code: &str, message: impl Into<String>) -> AppError {
    AppError::Validation(ValidationError {
        fields: vec![FieldError::new(field, code, message)],
    })
}

/// Refuses anyone but the signed-in seeding manager (401, 403
/// `not_seeding_manager`); demo setup is checked before.
async fn require_seeding_manager(req: &Request, env: &Env) -> Result<(), AppError> {
    let session = context::session(req, env).await?;
    if session.user.name.as_ref() != SEEDING_MANAGER || session.user.role != Role::Manager {
        return Err(AppError::Forbidden {
            code: "not_seeding_manager",
            message: format!("Only the demo's manager, {SEEDING_MANAGER}, writes its history."),
        });
    }
    Ok(())
}

/// Writes part of one case's past in the demo company: its intake (or
/// the case) and commands, each by a demo user at a past time, through
/// the case object's rules (only where `DEMO_SETUP = "enabled"`, and
/// only for the seeding manager).
#[utoipa::path(
    post,
    path = "/api/v1/setup/history",
    tag = "meta",
    operation_id = "setup_history",
    security(("bearer" = [])),
    request_body = PastWrites,
    responses(
        (status = 200, description = "Applied (the events added; none on a replay).", body = CommandResult),
        (status = 201, description = "The case was opened, and the commands applied.", body = CommandResult),
        (status = 400, description = "Unreadable body.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Demo setup is disabled (`demo_setup_disabled`), or not the seeding manager (`not_seeding_manager`), or the actor's role may not.", body = ErrorBody),
        (status = 404, description = "No such case.", body = ErrorBody),
        (status = 409, description = "The case's state forbids it, or it has later events (`past_out_of_order`).", body = ErrorBody),
        (status = 413, description = "Body too large.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "A rule refused it (fields named).", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn history(mut cx: Context) -> Result<Response, AppError> {
    // Part of one case's past in the demo
    // company. Refused, in this order and before anything is looked up: where
    // demo setup is disabled (403 `demo_setup_disabled`), signed out (401),
    // for anyone but the seeding manager (403 `not_seeding_manager`). Then
    // every time must be past (at most [`PAST_WRITE_MAX_DAYS`] ago) and every
    // actor an active demo user; the case object refuses a time before the
    // case's last event (409 `past_out_of_order`) and applies every rule as
    // it does for `POST /cases` and `POST /cases/{id}/commands`.
    let env = &cx.env;
    require_demo_setup(env)?;
    require_seeding_manager(&cx.req, env).await?;
    let dto: PastWrites = body::json(&mut cx.req).await?;
    let mut actors = BTreeMap::new();
    check_past(env, &dto, "", now(), &mut actors).await?;
    let (id, opened) = open_past(env, dto.case, &actors).await?;
    let newly_opened = opened.as_ref().is_some_and(|o| o.applied);
    let (case, mut events) = match opened {
        Some(o) => (o.case, if o.applied { o.events } else { Vec::new() }),
        None => (
            context::store(env)?
                .get(id)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?,
            Vec::new(),
        ),
    };
    let case = match write_past(env, id, dto.commands, &actors).await? {
        Some(outcome) => {
            events.extend(outcome.events);
            outcome.case
        }
        None => case,
    };
    let applied = !events.is_empty();
    Ok(Response::from_json(&CommandResult {
        case: CaseView::of(case, now(), &policy().sla),
        events,
        applied,
    })?
    .with_status(if newly_opened { 201 } else { 200 }))
}

/// Writes the pasts of several cases of the demo company in one
/// request: the cases to open are opened in the order sent, then each
/// case's commands written (only where `DEMO_SETUP = "enabled"`, and
/// only for the seeding manager).
#[utoipa::path(
    post,
    path = "/api/v1/setup/history/batch",
    tag = "meta",
    operation_id = "setup_history_batch",
    security(("bearer" = [])),
    request_body = PastBatch,
    responses(
        (status = 200, description = "Written: per case, whether it was opened and how many events were added (none on a replay).", body = PastBatchResult),
        (status = 400, description = "Unreadable body.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "Demo setup is disabled (`demo_setup_disabled`), or not the seeding manager (`not_seeding_manager`), or the actor's role may not.", body = ErrorBody),
        (status = 404, description = "No such case.", body = ErrorBody),
        (status = 409, description = "A case's state forbids it, or it has later events (`past_out_of_order`).", body = ErrorBody),
        (status = 413, description = "Body too large.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "A rule refused it (fields named, `cases[i].…`).", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn history_batch(mut cx: Context) -> Result<Response, AppError> {
    // The pasts of up to
    // [`PAST_BATCH_MAX`] cases in one request, refused as `/setup/history`
    // is and checked whole before anything is written (fields named
    // `cases[i].…`). The cases to open are opened in the order sent, so their
    // numbers follow it; then every case's commands are written, the cases at
    // once. A refusal stops the request; what was written before it stands,
    // and sending the batch again writes only what is missing.
    let env = &cx.env;
    require_demo_setup(env)?;
    require_seeding_manager(&cx.req, env).await?;
    let dto: PastBatch = body::json(&mut cx.req).await?;
    if dto.cases.len() > PAST_BATCH_MAX {
        return Err(field_error(
            "cases",
            "too_many",
            format!("At most {PAST_BATCH_MAX} cases at once."),
        ));
    }
    let real_now = now();
    let mut actors = BTreeMap::new();
    for (i, past) in dto.cases.iter().enumerate() {
        check_past(env, past, &format!("cases[{i}]."), real_now, &mut actors).await?;
    }
    let mut opened = Vec::with_capacity(dto.cases.len());
    let mut pending = Vec::with_capacity(dto.cases.len());
    for past in dto.cases {
        let (id, outcome) = open_past(env, past.case, &actors).await?;
        let created_at = outcome.as_ref().map(|o| o.case.created_at);
        let new_events = outcome
            .as_ref()
            .filter(|o| o.applied)
            .map_or(0, |o| o.events.len());
        opened.push((
            id,
            created_at,
            outcome.is_some_and(|o| o.applied),
            new_events,
        ));
        pending.push((id, past.commands));
    }
    let written = try_join_all(
        pending
            .into_iter()
            .map(|(id, commands)| write_past(env, id, commands, &actors)),
    )
    .await?;
    let mut out = Vec::with_capacity(opened.len());
    for ((id, created_at, newly_opened, new_events), outcome) in opened.into_iter().zip(written) {
        let created_at = match (created_at, &outcome) {
            (_, Some(o)) => o.case.created_at,
            (Some(at), None) => at,
            (None, None) => {
                context::store(env)?
                    .get(id)
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?
                    .created_at
            }
        };
        out.push(PastCaseResult {
            id,
            created_at,
            opened: newly_opened,
            events: (new_events + outcome.map_or(0, |o| o.events.len())) as u32,
        });
    }
    Ok(Response::from_json(&PastBatchResult { cases: out })?)
}

/// Checks one case's past before anything is written: at most
/// [`PAST_COMMANDS_MAX`] commands, every time past (at most
/// [`PAST_WRITE_MAX_DAYS`] ago), every actor an active demo user (looked up
/// once into `actors`), no files. `prefix` names the case in a batch.
async fn check_past(
    env: &Env,
    dto: &PastWrites,
    prefix: &str,
    real_now: Timestamp,
    actors: &mut BTreeMap<UserId, Actor>,
) -> Result<(), AppError> {
    if dto.commands.len() > PAST_COMMANDS_MAX {
        return Err(field_error(
            &format!("{prefix}commands"),
            "too_many",
            format!("At most {PAST_COMMANDS_MAX} commands at once."),
        ));
    }
    let earliest = real_now.plus_millis(-PAST_WRITE_MAX_DAYS * DAY_MS);
    let past = |field: String, at: Timestamp| {
        if at > real_now || at < earliest {
            Err(field_error(
                &field,
                "not_past",
                format!("A past write is between {PAST_WRITE_MAX_DAYS} days ago and now."),
            ))
        } else {
            Ok(())
        }
    };
    if let PastCase::Open { at, .. } = &dto.case {
        past(format!("{prefix}case.open.at"), *at)?;
    }
    for (i, c) in dto.commands.iter().enumerate() {
        past(format!("{prefix}commands[{i}].at"), c.at)?;
        if matches!(c.command, Command::Attach { .. }) {
            return Err(field_error(
                &format!("{prefix}commands[{i}].command.type"),
                "use_attachments",
                "The demo's history carries no files.",
            ));
        }
    }
    let names = match &dto.case {
        PastCase::Open { actor, .. } => Some((format!("{prefix}case.open.actor"), actor)),
        PastCase::Existing { .. } => None,
    }
    .into_iter()
    .chain(
        dto.commands
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("{prefix}commands[{i}].actor"), &c.actor)),
    );
    for (field, name) in names {
        if actors.contains_key(name) {
            continue;
        }
        actors.insert(name.clone(), demo_actor(env, &field, name).await?);
    }
    if let PastCase::Open {
        idempotency_key, ..
    } = &dto.case
    {
        let key_ok = !idempotency_key.is_empty()
            && idempotency_key.len() <= 128
            && idempotency_key.bytes().all(|b| b.is_ascii_graphic());
        if !key_ok {
            return Err(field_error(
                &format!("{prefix}case.open.idempotency_key"),
                "invalid",
                "1 to 128 visible ASCII characters.",
            ));
        }
    }
    Ok(())
}

/// Opens a checked past case (once per key), or names the existing one.
async fn open_past(
    env: &Env,
    case: PastCase,
    actors: &BTreeMap<UserId, Actor>,
) -> Result<(CaseId, Option<Outcome>), AppError> {
    match case {
        PastCase::Open {
            actor,
            at,
            idempotency_key,
            case,
        } => {
            let actor = actors[&actor].clone();
            if !allowed(&actor, Action::Open, None) {
                return Err(AppError::forbidden("open cases"));
            }
            let today = at.date_at_offset(CHINA_OFFSET_MINUTES);
            let (new_case, owner) = case_calls::intake(env, &actor, &case, today).await?;
            let (outcome, _) =
                case_calls::open_case(env, &actor, new_case, owner, Some(idempotency_key), at)
                    .await?;
            Ok((outcome.case.id, Some(outcome)))
        }
        PastCase::Existing { id } => Ok((id, None)),
    }
}

/// Writes a case's checked past commands through its object, in order and
/// written through once; `None` when there are none.
async fn write_past(
    env: &Env,
    id: CaseId,
    commands: Vec<PastCommand>,
    actors: &BTreeMap<UserId, Actor>,
) -> Result<Option<Outcome>, AppError> {
    if commands.is_empty() {
        return Ok(None);
    }
    let mut writes = Vec::with_capacity(commands.len());
    for c in commands {
        let actor = actors[&c.actor].clone();
        people::check_command(env, &actor, &c.command).await?;
        writes.push((
            actor,
            CommandRequest {
                event_id: c.event_id,
                command: c.command,
                recorded_at: None,
            },
            c.at,
        ));
    }
    Ok(Some(case_calls::apply_past(env, id, writes).await?))
}

/// The demo user `name` (named in `field`) as an actor: 422 unless a demo
/// user and active.
async fn demo_actor(env: &Env, field: &str, name: &UserId) -> Result<Actor, AppError> {
    if !DEMO_USERS.iter().any(|(demo, ..)| *demo == name.as_ref()) {
        return Err(field_error(
            field,
            "not_demo_user",
            "Only a demo user acts in the demo's history.",
        ));
    }
    let record = env
        .kv(bindings::KV)?
        .get(&keys::user(name))
        .json::<UserRecord>()
        .await?
        .filter(|r| !r.disabled)
        .ok_or_else(|| field_error(field, "inactive", "This demo user is not active."))?;
    Ok(Actor {
        user: record.name,
        role: record.role,
    })
}
