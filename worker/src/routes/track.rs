//! Customers, without an account: a public new-request form, the case link
//! (`/api/v1/track/{token}`, an unguessable token), finding a case by its
//! number plus the phone or email on it, public messages and the survey.
//! Responses hold only the public view: no internal notes, costs or staff names.

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::flow::info::AttachmentKind;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::view::{next_step, PublicCaseView, PublicEvent};
use afterloop_domain::wire::{
    CommandRequest, CustomerWrite, NewRequestReceipt, PublicRequest, QuoteAnswer, TrackLookup,
    TrackToken, TrackView,
};
use afterloop_domain::{Case, CaseId, Command, NewCase, UserId};
use worker::{Env, Request, Response};

use super::attachments::{self, Upload};
use super::body;
use super::cases::{
    apply, idempotency_key, open_case, outcome_response, read_case, scoped_key, store, today,
    version_param,
};
use crate::error::AppError;
use crate::limits;
use crate::objects::{self, protocol};
use crate::policy;

fn customer() -> Actor {
    Actor {
        user: UserId::parse("customer").expect("constant"),
        role: Role::Customer,
    }
}

/// `GET /api/v1/public/challenge`: a fresh single-use challenge for the
/// request form (and a sign-in that needs one), kept in KV until it is used
/// or expires.
pub async fn challenge(req: Request, env: &Env) -> Result<Response, AppError> {
    limits::public(&req, env, "challenge").await?;
    Ok(Response::from_json(&limits::issue_challenge(env).await?)?)
}

/// Whether an idempotency key (as `open_case` scopes it for `actor`)
/// already opened a case.
async fn key_known(env: &Env, actor: &Actor, key: &str) -> Result<bool, AppError> {
    let asked = objects::call(
        env,
        protocol::CASES_COUNTER,
        &protocol::Allocate {
            idempotency_key: Some(scoped_key(actor, key)),
            known_only: true,
        },
    )
    .await?;
    match asked {
        Ok(_) => Ok(true),
        Err(r) if r.status == 404 => Ok(false),
        Err(r) => Err(AppError::Unexpected(format!(
            "counter refused: {}",
            r.body.message
        ))),
    }
}

/// `POST /api/v1/public/requests`: a customer's new request (web form),
/// with a solved challenge. The body is a [`PublicRequest`]: only what a
/// customer can know. An `Idempotency-Key` is scoped to the challenge,
/// which only this sender holds: their retry (same challenge, nonce and
/// key) answers the case it opened, even after the challenge was spent;
/// another sender's same key opens a case of its own.
pub async fn new_request(mut req: Request, env: &Env) -> Result<Response, AppError> {
    limits::public(&req, env, "request").await?;
    // The key is scoped to the challenge this sender solved: another
    // sender's same key is another key.
    let challenge = req.headers().get("X-Challenge")?.unwrap_or_default();
    let key = idempotency_key(&req)?.map(|k| format!("{challenge}:{k}"));
    let actor = customer();
    // A retry (same challenge, solution and key) of a request that opened a
    // case answers that case, though its challenge is spent; anything else
    // spends a fresh challenge.
    let retry = match &key {
        Some(k) => limits::solves_challenge(&req).await? && key_known(env, &actor, k).await?,
        None => false,
    };
    if !retry {
        limits::spend_challenge(&req, env).await?;
    }
    let dto: PublicRequest = body::json(&mut req).await?;
    let new_case = NewCase::parse_public(&dto, today())?;
    let (outcome, status) = open_case(
        env,
        &actor,
        new_case,
        policy().intake_owner,
        key,
        crate::now(),
    )
    .await?;
    Ok(Response::from_json(&NewRequestReceipt {
        id: outcome.case.id,
        next: next_step(&outcome.case, crate::now(), &policy().sla),
        token: outcome.case.public_token,
    })?
    .with_status(status))
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn contact_matches(case: &Case, contact: &str) -> bool {
    let contact = contact.trim();
    if contact.contains('@') {
        return case
            .customer
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(contact));
    }
    // Customers often leave out the country code: "138 1000 2001" matches
    // "+86 138 1000 2001". The shorter number must still have 7 digits.
    let given = digits(contact);
    case.customer.phone.as_deref().is_some_and(|p| {
        let stored = digits(p);
        let (long, short) = if stored.len() >= given.len() {
            (&stored, &given)
        } else {
            (&given, &stored)
        };
        short.len() >= 7 && long.ends_with(short.as_str())
    })
}

/// `POST /api/v1/track/lookup`: case number plus phone or email → link token.
pub async fn lookup(mut req: Request, env: &Env) -> Result<Response, AppError> {
    limits::public(&req, env, "lookup").await?;
    let dto: TrackLookup = body::json(&mut req).await?;
    let no_match = || AppError::NotFound("No case matches that number and contact.".into());
    let id = CaseId::parse(&dto.case).map_err(|_| no_match())?;
    let case = store(env)?.get(id).await?.ok_or_else(no_match)?;
    if !contact_matches(&case, &dto.contact) {
        return Err(no_match());
    }
    Ok(Response::from_json(&TrackToken {
        token: case.public_token,
    })?)
}

async fn by_token(token: &str, env: &Env) -> Result<Case, AppError> {
    store(env)?
        .by_token(token)
        .await?
        .ok_or_else(|| AppError::NotFound("This link does not open any case.".into()))
}

/// `GET /api/v1/track/{token}[?version=N]`: the customer's view and the
/// public timeline, never older than version `N` (the newest the page was
/// shown: their own message, photo or answer).
pub async fn get(token: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let at_least = version_param(&req)?;
    let mut case = by_token(token, env).await?;
    let mut events = None;
    if at_least.is_some_and(|v| case.version < v) {
        if let Some((newer, log)) = read_case(env, case.id, at_least, true).await? {
            (case, events) = (newer, log);
        }
    }
    let events = match events {
        Some(events) => events,
        None => store(env)?.events(&case).await?,
    }
    .iter()
    .filter_map(PublicEvent::of)
    .collect();
    Ok(Response::from_json(&TrackView {
        case: PublicCaseView::of(&case, crate::now(), &policy().sla),
        events,
    })?)
}

async fn customer_write(
    token: &str,
    mut req: Request,
    env: &Env,
    command: impl FnOnce(CustomerWrite) -> Command,
) -> Result<Response, AppError> {
    let case = by_token(token, env).await?;
    let dto: CustomerWrite = body::json(&mut req).await?;
    let event_id = dto.event_id.clone();
    let outcome = apply(
        env,
        &customer(),
        case.id,
        CommandRequest {
            event_id,
            command: command(dto),
            recorded_at: None,
        },
        Some(token),
    )
    .await
    .map_err(customer_fields)?;
    outcome_response(&customer(), outcome)
}

/// A refusal of a customer's write, its fields named as in their body
/// ([`CustomerWrite`]: `text`, `score`) rather than in the command.
fn customer_fields(e: AppError) -> AppError {
    let AppError::Refused(mut refused) = e else {
        return e;
    };
    for f in &mut refused.body.fields {
        f.field = match f.field.as_str() {
            "command.text" | "command.comment" => "text",
            "command.score" => "score",
            other => other.strip_prefix("command.").unwrap_or(other),
        }
        .to_owned();
    }
    AppError::Refused(refused)
}

/// `POST /api/v1/track/{token}/messages`: a public message from the customer.
pub async fn message(token: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    customer_write(token, req, env, |dto| Command::AddNote {
        text: dto.text,
        visibility: Visibility::Public,
    })
    .await
}

/// `POST /api/v1/track/{token}/survey`: the satisfaction answer after closing.
pub async fn survey(token: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    customer_write(token, req, env, |dto| Command::AnswerSurvey {
        score: dto.score.unwrap_or(0),
        comment: dto.text,
    })
    .await
}

/// `POST /api/v1/track/{token}/quotes/{n}`: the customer accepts or
/// declines quote `n` with the amount they saw ([`QuoteAnswer`]).
pub async fn quote(
    token: &str,
    n: &str,
    mut req: Request,
    env: &Env,
) -> Result<Response, AppError> {
    let quote: u32 = n
        .parse()
        .map_err(|_| AppError::bad("invalid_quote", "A quote is named by its number.", "n"))?;
    let case = by_token(token, env).await?;
    let dto: QuoteAnswer = body::json(&mut req).await?;
    let outcome = apply(
        env,
        &customer(),
        case.id,
        CommandRequest {
            event_id: dto.event_id,
            command: Command::AnswerQuote {
                quote,
                decision: dto.decision,
                amount: dto.amount,
            },
            recorded_at: None,
        },
        Some(token),
    )
    .await
    .map_err(customer_fields)?;
    outcome_response(&customer(), outcome)
}

/// `POST /api/v1/track/{token}/attachments?name=…&event_id=…`: a photo from
/// the customer (raw body), on their timeline and the company's.
pub async fn upload(token: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    limits::public(&req, env, "upload").await?;
    let case = by_token(token, env).await?;
    let upload = Upload::read(req, Some(AttachmentKind::Photo)).await?;
    let outcome =
        attachments::store_and_record(env, &customer(), case.id, upload, Some(token)).await?;
    outcome_response(&customer(), outcome)
}

/// `GET /api/v1/track/{token}/attachments/{n}`: a photo the customer sent.
pub async fn download(token: &str, n: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let case = by_token(token, env).await?;
    attachments::serve(env, &req, &case, n, true).await
}
