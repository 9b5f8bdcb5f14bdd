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

use super::body;
use super::case_calls::{apply, open_case, outcome_response, read_case, scoped_key};
use super::context::{store, today, Context};
use super::files::{self, Upload};
use crate::error::AppError;
use crate::limits;
use crate::objects::{self, protocol};
use crate::policy;

// Types the OpenAPI annotations name.
use afterloop_domain::wire::{Challenge, ErrorBody};

fn customer() -> Actor {
    Actor {
        user: UserId::parse("customer").expect("constant"),
        role: Role::Customer,
    }
}

/// A fresh single-use challenge for the public request form, and for a
/// sign-in that needs one: find a nonce whose SHA-256 of
/// `"{challenge}:{nonce}"` starts with `difficulty` zero bits.
/// Rate-limited per client address.
#[utoipa::path(
    get,
    path = "/api/v1/public/challenge",
    tag = "customers",
    operation_id = "public_challenge",
    responses(
        (status = 200, description = "A challenge, valid for `expires_in` seconds.", body = Challenge),
        (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn challenge(cx: Context) -> Result<Response, AppError> {
    // A fresh single-use challenge for the
    // request form (and a sign-in that needs one), kept in KV until it is used
    // or expires.
    let env = &cx.env;
    limits::public(&cx.req, env, "challenge").await?;
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

/// A customer's new request (the public web form), with a solved
/// challenge: only what a customer can know (repair or return, title,
/// description, contact, model, serial, purchase date, order reference
/// and the price they state). Any other field is refused (400, naming
/// it); the stated price and purchase date are recorded as the
/// customer's statement until staff confirm the purchase.
/// Rate-limited per client address.
#[utoipa::path(
    post,
    path = "/api/v1/public/requests",
    tag = "customers",
    operation_id = "new_request",
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,128}$",
            description = "1-128 visible ASCII characters, scoped to the challenge: a retry with the same key, challenge and nonce opens no second case (answers 200), also once the challenge is spent."),
        ("X-Challenge" = String, Header, description = "From `GET /api/v1/public/challenge`."),
        ("X-Challenge-Nonce" = String, Header, description = "The nonce that solves it."),
    ),
    request_body = PublicRequest,
    responses(
        (status = 201, description = "Opened.", body = NewRequestReceipt),
        (status = 200, description = "Opened before under this `Idempotency-Key`.", body = NewRequestReceipt),
        (status = 400, description = "Malformed JSON, a field the form does not have (`fields` names it), an invalid `Idempotency-Key`, or the challenge missing, expired, used or unsolved (`challenge_failed`).", body = ErrorBody),
        (status = 409, description = "Conflicts with stored state.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Fields break the intake rules; see `fields`.", body = ErrorBody),
        (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn new_request(mut cx: Context) -> Result<Response, AppError> {
    // A customer's new request (web form),
    // with a solved challenge. The body is a [`PublicRequest`]: only what a
    // customer can know. An `Idempotency-Key` is scoped to the challenge,
    // which only this sender holds: their retry (same challenge, nonce and
    // key) answers the case it opened, even after the challenge was spent;
    // another sender's same key opens a case of its own.
    let env = &cx.env;
    limits::public(&cx.req, env, "request").await?;
    // The key is scoped to the challenge this sender solved: another
    // sender's same key is another key.
    let challenge = cx.req.headers().get("X-Challenge")?.unwrap_or_default();
    let key = cx.idempotency_key()?.map(|k| format!("{challenge}:{k}"));
    let actor = customer();
    // A retry (same challenge, solution and key) of a request that opened a
    // case answers that case, though its challenge is spent; anything else
    // spends a fresh challenge.
    let retry = match &key {
        Some(k) => limits::solves_challenge(&cx.req).await? && key_known(env, &actor, k).await?,
        None => false,
    };
    if !retry {
        limits::spend_challenge(&cx.req, env).await?;
    }
    let dto: PublicRequest = body::json(&mut cx.req).await?;
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

/// Finds a case by its number plus the phone or email on it; answers
/// the token of its link. Rate-limited per client address.
#[utoipa::path(
    post,
    path = "/api/v1/track/lookup",
    tag = "customers",
    operation_id = "track_lookup",
    request_body = TrackLookup,
    responses(
        (status = 200, description = "Found.", body = TrackToken),
        (status = 400, description = "Malformed JSON.", body = ErrorBody),
        (status = 404, description = "No case matches that number and contact.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn lookup(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    limits::public(&cx.req, env, "lookup").await?;
    let dto: TrackLookup = body::json(&mut cx.req).await?;
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

/// The case's public view and public timeline.
#[utoipa::path(
    get,
    path = "/api/v1/track/{token}",
    tag = "customers",
    operation_id = "track_get",
    params(
        ("token" = String, Path, description = "The token of the customer's link."),
        ("version" = Option<u32>, Query, description = "The newest version of the case the reader was shown (a command's answer, an earlier read): the answer is never older (read from the case's object when KV's copy lags). 400 `invalid_version` unless a whole number."),
    ),
    responses(
        (status = 200, description = "The public view.", body = TrackView),
        (status = 400, description = "`version` not a version.", body = ErrorBody),
        (status = 404, description = "The link opens no case.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn get(cx: Context) -> Result<Response, AppError> {
    // The customer's view and the
    // public timeline, never older than version `N` (the newest the page was
    // shown: their own message, photo or answer).
    let at_least = cx.version()?;
    Ok(Response::from_json(
        &view(cx.params.get("token"), at_least, &cx.env).await?,
    )?)
}

/// What the link `token` shows, never older than version `at_least`: the
/// answer of `GET /api/v1/track/{token}` and the data of the page the
/// worker renders for `/track/{token}` alike (404 for a link that opens no
/// case).
pub async fn view(token: &str, at_least: Option<u32>, env: &Env) -> Result<TrackView, AppError> {
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
    Ok(TrackView {
        case: PublicCaseView::of(&case, crate::now(), &policy().sla),
        events,
    })
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

/// A public message from the customer (`text`; `score` is ignored).
#[utoipa::path(
    post,
    path = "/api/v1/track/{token}/messages",
    tag = "customers",
    operation_id = "track_message",
    params(("token" = String, Path, description = "The token of the customer's link.")),
    request_body = CustomerWrite,
    responses(
        (status = 200, description = "Added, or replayed.", body = TrackView),
        (status = 400, description = "Malformed JSON.", body = ErrorBody),
        (status = 403, description = "Customers may not do this.", body = ErrorBody),
        (status = 404, description = "The link opens no case.", body = ErrorBody),
        (status = 409, description = "Not allowed in the case's state.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Empty or too long; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn message(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let token = cx.params.get("token");
    customer_write(token, cx.req, env, |dto| Command::AddNote {
        text: dto.text,
        visibility: Visibility::Public,
    })
    .await
}

/// The satisfaction answer after closing (`score` 1-5, `text` the comment).
#[utoipa::path(
    post,
    path = "/api/v1/track/{token}/survey",
    tag = "customers",
    operation_id = "track_survey",
    params(("token" = String, Path, description = "The token of the customer's link.")),
    request_body = CustomerWrite,
    responses(
        (status = 200, description = "Recorded, or replayed.", body = TrackView),
        (status = 400, description = "Malformed JSON.", body = ErrorBody),
        (status = 403, description = "Customers may not do this.", body = ErrorBody),
        (status = 404, description = "The link opens no case.", body = ErrorBody),
        (status = 409, description = "Not closed yet, or answered already.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "Score not 1-5, or comment too long; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn survey(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let token = cx.params.get("token");
    customer_write(token, cx.req, env, |dto| Command::AnswerSurvey {
        score: dto.score.unwrap_or(0),
        comment: dto.text,
    })
    .await
}

/// The customer accepts or declines a quote, with the amount they saw
/// (the repair waits while a quote is open).
#[utoipa::path(
    post,
    path = "/api/v1/track/{token}/quotes/{n}",
    tag = "customers",
    operation_id = "track_answer_quote",
    params(
        ("token" = String, Path, description = "The token of the customer's link."),
        ("n" = u32, Path, description = "The quote's number."),
    ),
    request_body = afterloop_domain::wire::QuoteAnswer,
    responses(
        (status = 200, description = "Recorded, or replayed.", body = TrackView),
        (status = 400, description = "Malformed JSON, or a quote number that is not one.", body = ErrorBody),
        (status = 404, description = "The link opens no case, or the case has no such quote.", body = ErrorBody),
        (status = 409, description = "Answered already, the amount is not the quote's, the case is closed, or the event id is taken.", body = ErrorBody),
        (status = 413, description = "Body over 64 KiB.", body = ErrorBody),
        (status = 415, description = "Body not `application/json`.", body = ErrorBody),
        (status = 422, description = "The amount is in another currency; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn quote(mut cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let token = cx.params.get("token");
    let n = cx.params.get("n");
    let quote: u32 = n
        .parse()
        .map_err(|_| AppError::bad("invalid_quote", "A quote is named by its number.", "n"))?;
    let case = by_token(token, env).await?;
    let dto: QuoteAnswer = body::json(&mut cx.req).await?;
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

/// A photo from the customer (raw body, JPEG, PNG or WebP, at most 2 MiB):
/// on the case's timeline for the customer and the company, and in the
/// owner's replies queue.
#[utoipa::path(
    post,
    path = "/api/v1/track/{token}/attachments",
    tag = "customers",
    operation_id = "track_upload",
    params(
        ("token" = String, Path, description = "The token of the customer's link."),
        ("name" = String, Query, description = "The file name."),
        ("event_id" = String, Query, description = "The client's id for this write (a retry applies once)."),
    ),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses(
        (status = 200, description = "Added, or replayed.", body = TrackView),
        (status = 400, description = "Bad event id.", body = ErrorBody),
        (status = 404, description = "The link opens no case.", body = ErrorBody),
        (status = 413, description = "Over 2 MiB.", body = ErrorBody),
        (status = 422, description = "Bad name or content type; see `fields`.", body = ErrorBody),
        (status = 429, description = "Too many requests from this address this minute.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn upload(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let token = cx.params.get("token");
    limits::public(&cx.req, env, "upload").await?;
    let case = by_token(token, env).await?;
    let upload = Upload::read(cx.req, Some(AttachmentKind::Photo)).await?;
    let outcome = files::store_and_record(env, &customer(), case.id, upload, Some(token)).await?;
    outcome_response(&customer(), outcome)
}

/// A photo the customer sent.
#[utoipa::path(
    get,
    path = "/api/v1/track/{token}/attachments/{n}",
    tag = "customers",
    operation_id = "track_download",
    params(
        ("token" = String, Path, description = "The token of the customer's link."),
        ("n" = u32, Path, description = "The attachment's number."),
    ),
    responses(
        (status = 200, description = "The file, with `ETag` (its hash) and `Cache-Control: private, no-cache`.", content_type = "image/jpeg"),
        (status = 304, description = "Unchanged: `If-None-Match` named its `ETag`."),
        (status = 404, description = "No such link, or no such photo from the customer.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn download(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let token = cx.params.get("token");
    let n = cx.params.get("n");
    let case = by_token(token, env).await?;
    files::serve(env, &cx.req, &case, n, true).await
}
