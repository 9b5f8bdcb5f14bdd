//! The only module that talks HTTP: URL builders, one request builder and
//! sender ([`Call`], which sets the bearer token, `Idempotency-Key` and
//! challenge headers), one JSON reader, and the typed calls the pages, the
//! customer pages and the outbox use. Staff calls carry the session's bearer
//! token; any 401 clears the session, so the app shows the sign-in page.
//! Reads are aborted when the reactive owner that made them is cleaned up
//! (as leptos's `hackernews` example does). Errors come back as
//! [`ApiError`] so pages can render them instead of panicking.

use afterloop_domain::flow::info::AttachmentKind;
use afterloop_domain::view::{RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    AdminUser, CasePage, CaseView, CommandRequest, CreateCaseRequest, ErrorBody, LoginRequest,
    LoginResponse, NewUserRequest, PolicyView, PublicTimeline, QueueCounts, Timeline, UserChange,
    UserDirectory, UserInfo, UserList, API_PREFIX,
};
use afterloop_domain::{CaseId, Command, EventId, FieldError, MovementNo, Timestamp, UserId};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use serde::de::DeserializeOwned;

use crate::session::Session;

/// Why an API call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error body.
    #[error("{}", .0.message)]
    Rejected(ErrorBody),
    /// The server refused for now (429): too many requests or failed
    /// sign-ins from here; it says how long to wait.
    #[error("Too many attempts; try again in {retry_after_secs} s.")]
    TooMany {
        /// The answer's `Retry-After`, in seconds.
        retry_after_secs: u64,
    },
    /// The server could not be reached.
    #[error("Could not reach the server. Check the connection and try again.")]
    Network,
    /// The server answered something unreadable.
    #[error("The server sent an answer this page cannot read ({0}).")]
    Unreadable(String),
}

impl ApiError {
    /// The field errors in the answer, if any.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            ApiError::Rejected(body) => &body.fields,
            _ => &[],
        }
    }

    /// An error made here rather than by the server (e.g. a malformed address).
    pub fn local(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::Rejected(ErrorBody::new(code, message))
    }
}

pub use afterloop_domain::queue::Queue;

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

fn case_url(id: CaseId) -> String {
    url(&format!("/cases/{id}"))
}

/// `POST` address of a file for a case: what it is, its name, its event id,
/// when it was recorded on the phone (an outbox upload) and the goods
/// movement it shows.
fn attachments_url(
    id: CaseId,
    kind: AttachmentKind,
    name: &str,
    event_id: &str,
    recorded_at: Option<i64>,
    movement: Option<MovementNo>,
) -> String {
    let kind = match kind {
        AttachmentKind::Photo => "photo",
        AttachmentKind::Signature => "signature",
    };
    let name = String::from(js_sys::encode_uri_component(name));
    let recorded_at = recorded_at
        .map(|t| format!("&recorded_at={t}"))
        .unwrap_or_default();
    let movement = movement
        .map(|m| format!("&movement={m}"))
        .unwrap_or_default();
    format!(
        "{}/attachments?kind={kind}&name={name}&event_id={event_id}{recorded_at}{movement}",
        case_url(id)
    )
}

/// Whom a call speaks for.
#[derive(Clone, Copy)]
enum Auth<'a> {
    /// No one (the customer side, sign-in).
    Anonymous,
    /// The signed-in user; a 401 ends the session.
    Session(Session),
    /// A given token; a 401 is left to the caller (sign-out, the outbox).
    Token(&'a str),
}

/// One HTTP call being built: method and address, whom it speaks for, its
/// headers and its body. [`Call::fetch`] is the one place a request is sent.
struct Call<'a> {
    builder: RequestBuilder,
    auth: Auth<'a>,
    body: Body,
    /// Reads are aborted when the reactive owner that made them is cleaned
    /// up (the page was left); writes run to their answer.
    abort_on_cleanup: bool,
}

/// What a request carries.
enum Body {
    Empty,
    Json(Result<String, String>),
    File {
        blob: web_sys::Blob,
        content_type: String,
    },
}

impl<'a> Call<'a> {
    fn get(url: &str) -> Call<'a> {
        Call::new(Request::get(url), true)
    }

    fn post(url: &str) -> Call<'a> {
        Call::new(Request::post(url), false)
    }

    fn put(url: &str) -> Call<'a> {
        Call::new(Request::put(url), false)
    }

    fn new(builder: RequestBuilder, abort_on_cleanup: bool) -> Call<'a> {
        Call {
            builder,
            auth: Auth::Anonymous,
            body: Body::Empty,
            abort_on_cleanup,
        }
    }

    fn session(mut self, session: Session) -> Call<'a> {
        self.auth = Auth::Session(session);
        self
    }

    fn token(mut self, token: &'a str) -> Call<'a> {
        self.auth = Auth::Token(token);
        self
    }

    fn header(mut self, name: &str, value: &str) -> Call<'a> {
        self.builder = self.builder.header(name, value);
        self
    }

    /// The key that makes a retry of one submission apply it once.
    fn idempotency_key(self, key: &str) -> Call<'a> {
        self.header("Idempotency-Key", key)
    }

    /// A solved proof-of-work challenge.
    fn challenge(self, challenge: &str, nonce: &str) -> Call<'a> {
        self.header("X-Challenge", challenge)
            .header("X-Challenge-Nonce", nonce)
    }

    fn json<B: serde::Serialize>(mut self, body: &B) -> Call<'a> {
        self.body = Body::Json(serde_json::to_string(body).map_err(|e| e.to_string()));
        self
    }

    fn file(mut self, blob: web_sys::Blob, content_type: &str) -> Call<'a> {
        self.body = Body::File {
            blob,
            content_type: content_type.to_owned(),
        };
        self
    }

    /// The session a 401 ends, if any.
    fn ends_session(&self) -> Option<Session> {
        match self.auth {
            Auth::Session(session) => Some(session),
            Auth::Anonymous | Auth::Token(_) => None,
        }
    }

    /// Sends the request and hands back the raw answer.
    async fn send(self) -> Result<Response, ApiError> {
        let mut builder = self.builder;
        let bearer = match self.auth {
            Auth::Anonymous => None,
            Auth::Session(session) => session.token(),
            Auth::Token(token) => Some(token.to_owned()),
        };
        if let Some(token) = bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if self.abort_on_cleanup {
            builder = abort_on_cleanup(builder);
        }
        let request = match self.body {
            Body::Empty => builder.build(),
            Body::Json(json) => builder
                .header("Content-Type", "application/json")
                .body(json.map_err(ApiError::Unreadable)?),
            Body::File { blob, content_type } => {
                builder.header("Content-Type", &content_type).body(blob)
            }
        };
        request
            .map_err(|e| ApiError::Unreadable(e.to_string()))?
            .send()
            .await
            .map_err(|_| ApiError::Network)
    }

    /// Sends the request and reads the answer as `T` (or the error it is).
    async fn fetch<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        let session = self.ends_session();
        read(self.send().await?, session).await
    }
}

/// Ties the request to the current reactive owner: when the owner is
/// cleaned up (its page left, its resource read again) the request is
/// aborted rather than answering to no one. Outside an owner it runs on.
fn abort_on_cleanup(builder: RequestBuilder) -> RequestBuilder {
    let Ok(controller) = web_sys::AbortController::new() else {
        return builder;
    };
    let signal = controller.signal();
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || controller.take().abort());
    builder.abort_signal(Some(&signal))
}

/// The error of a failed answer; a 401 on a staff call also ends the session.
async fn failure(resp: Response, session: Option<Session>) -> ApiError {
    let status = resp.status();
    if status == 401 {
        if let Some(session) = session {
            session.clear();
        }
    }
    let retry_after = resp
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let (429, Some(retry_after_secs)) = (status, retry_after) {
        return ApiError::TooMany { retry_after_secs };
    }
    match resp.json::<ErrorBody>().await {
        Ok(body) => ApiError::Rejected(body),
        Err(_) => ApiError::Unreadable(format!("status {status}")),
    }
}

async fn read<T: DeserializeOwned>(
    resp: Response,
    session: Option<Session>,
) -> Result<T, ApiError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|e| ApiError::Unreadable(e.to_string()))
    } else {
        Err(failure(resp, session).await)
    }
}

/// A staff read.
async fn get<T: DeserializeOwned>(session: Session, url: &str) -> Result<T, ApiError> {
    Call::get(url).session(session).fetch().await
}

/// Signs in; a wrong name or password is a rejection with the server's
/// message. When many sign-ins as this user failed lately, the server asks
/// for a proof of work (`challenge_required`): this fetches a challenge,
/// solves it (tens of milliseconds) and sends the sign-in again with it.
pub async fn login(req: &LoginRequest) -> Result<LoginResponse, ApiError> {
    match login_with(req, None).await {
        Err(ApiError::Rejected(body)) if body.error == "challenge_required" => {
            let c = track::challenge().await?;
            let nonce = crate::customer::challenge::solve(&c.challenge, c.difficulty);
            login_with(req, Some((&c.challenge, &nonce))).await
        }
        other => other,
    }
}

async fn login_with(
    req: &LoginRequest,
    challenge: Option<(&str, &str)>,
) -> Result<LoginResponse, ApiError> {
    let mut call = Call::post(&url("/auth/login"));
    if let Some((challenge, nonce)) = challenge {
        call = call.challenge(challenge, nonce);
    }
    call.json(req).fetch().await
}

/// Ends the session of `token` on the server (the app forgets it either way).
pub async fn logout(token: String) -> Result<(), ApiError> {
    let resp = Call::post(&url("/auth/logout"))
        .token(&token)
        .send()
        .await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(failure(resp, None).await)
    }
}

/// The signed-in user as the server sees them.
pub async fn me(session: Session) -> Result<UserInfo, ApiError> {
    get(session, &url("/auth/me")).await
}

/// One case, with its balance and SLA clocks (staff and managers).
pub async fn get_case(session: Session, id: CaseId) -> Result<CaseView, ApiError> {
    get(session, &case_url(id)).await
}

/// One case as the technician working it sees it.
pub async fn get_job(session: Session, id: CaseId) -> Result<TechCaseView, ApiError> {
    get(session, &case_url(id)).await
}

/// One case as the sales rep keeping its customer sees it.
pub async fn get_rep_case(session: Session, id: CaseId) -> Result<RepCaseView, ApiError> {
    get(session, &case_url(id)).await
}

/// A case's messages and photos (a sales rep's timeline).
pub async fn get_public_events(session: Session, id: CaseId) -> Result<PublicTimeline, ApiError> {
    get(session, &format!("{}/events", case_url(id))).await
}

/// The timeline of a case, as far as the user may see it.
pub async fn get_events(session: Session, id: CaseId) -> Result<Timeline, ApiError> {
    get(session, &format!("{}/events", case_url(id))).await
}

/// A read of one case (`part` `""`: the case, `"/events"`: its timeline)
/// in the reader's view, never older than `version` (the newest this
/// browser was shown, see `crate::fresh`).
pub async fn read_case<T: DeserializeOwned>(
    session: Session,
    id: CaseId,
    part: &str,
    version: Option<u32>,
) -> Result<T, ApiError> {
    let at = version.map(|v| format!("?version={v}")).unwrap_or_default();
    get(session, &format!("{}{part}{at}", case_url(id))).await
}

/// Opens a case. `idempotency_key` makes a retry of the same submission
/// return the case the first attempt opened instead of opening another.
pub async fn create_case(
    session: Session,
    req: &CreateCaseRequest,
    idempotency_key: &str,
) -> Result<CaseId, ApiError> {
    /// The one field every role's view of a case has.
    #[derive(serde::Deserialize)]
    struct Opened {
        id: CaseId,
    }
    Call::post(&url("/cases"))
        .session(session)
        .idempotency_key(idempotency_key)
        .json(req)
        .fetch::<Opened>()
        .await
        .map(|o| o.id)
}

/// Sends one command to a case, with a fresh event id (so it is applied
/// once); the answer is the sender's view (`CommandResult` for staff,
/// `RepCommandResult` for a sales rep).
pub async fn send_command<R: DeserializeOwned>(
    session: Session,
    id: CaseId,
    command: Command,
) -> Result<R, ApiError> {
    let event_id =
        EventId::parse(&random_id()).map_err(|e| ApiError::local("invalid_event_id", e))?;
    let body = CommandRequest {
        event_id,
        command,
        recorded_at: None,
    };
    Call::post(&format!("{}/commands", case_url(id)))
        .session(session)
        .json(&body)
        .fetch()
        .await
}

/// Uploads a photo to a case as staff (`movement`: the goods movement it
/// shows), answering the case as staff read it.
pub async fn upload_photo(
    session: Session,
    id: CaseId,
    name: &str,
    content_type: &str,
    file: web_sys::Blob,
    movement: Option<MovementNo>,
) -> Result<afterloop_domain::wire::CommandResult, ApiError> {
    let event_id = random_id();
    let path = attachments_url(id, AttachmentKind::Photo, name, &event_id, None, movement);
    Call::post(&path)
        .session(session)
        .file(file, content_type)
        .fetch()
        .await
}

/// How the server took a write sent from the phone's outbox.
pub enum Replayed {
    /// Accepted, with the answer's JSON (a [`afterloop_domain::wire::TechCommandResult`], read by
    /// the job page only: `crate::fresh::job_answer_json`) when there is one.
    Accepted(Option<String>),
    /// No answer: no signal.
    Unreachable,
    /// Not taken for now, by this status: 401 (sign in again), or 408,
    /// 429 or a server fault (try again later).
    Later(u16),
    /// Refused for good, for the reason given.
    Refused(ErrorBody),
}

/// A file for a case, as the outbox keeps it.
pub struct Upload<'a> {
    /// Photo or signature.
    pub kind: AttachmentKind,
    /// The file name.
    pub name: &'a str,
    /// The file's content type.
    pub content_type: &'a str,
    /// The goods movement a photo shows.
    pub movement: Option<MovementNo>,
}

/// Sends a command the technician recorded at `recorded_at_ms` (ms since
/// the epoch) under `event_id`, as the user of `token`. A 401 does not end
/// the session here: the outbox waits for a new sign-in.
pub async fn replay_command(
    token: &str,
    case: CaseId,
    event_id: &EventId,
    command: &serde_json::Value,
    recorded_at_ms: i64,
) -> Replayed {
    /// A [`CommandRequest`] with its command as kept: the same wire form.
    #[derive(serde::Serialize)]
    struct Replay<'a> {
        event_id: &'a EventId,
        command: &'a serde_json::Value,
        recorded_at: Timestamp,
    }
    let body = Replay {
        event_id,
        command,
        recorded_at: Timestamp::from_millis(recorded_at_ms),
    };
    let call = Call::post(&format!("{}/commands", case_url(case)))
        .token(token)
        .json(&body);
    replayed(call).await
}

/// Sends a file the technician recorded at `recorded_at_ms` under
/// `event_id`, as the user of `token`.
pub async fn replay_upload(
    token: &str,
    case: CaseId,
    event_id: &EventId,
    recorded_at_ms: i64,
    upload: Upload<'_>,
    blob: web_sys::Blob,
) -> Replayed {
    let path = attachments_url(
        case,
        upload.kind,
        upload.name,
        event_id.as_ref(),
        Some(recorded_at_ms),
        upload.movement,
    );
    let call = Call::post(&path)
        .token(token)
        .file(blob, upload.content_type);
    replayed(call).await
}

async fn replayed(call: Call<'_>) -> Replayed {
    let resp = match call.send().await {
        Ok(resp) => resp,
        Err(ApiError::Network) => return Replayed::Unreachable,
        Err(_) => {
            return Replayed::Refused(ErrorBody::new("unsendable", "This item cannot be sent."))
        }
    };
    match resp.status() {
        200..=299 => Replayed::Accepted(resp.text().await.ok()),
        status @ (401 | 408 | 429 | 500..=599) => Replayed::Later(status),
        status => Replayed::Refused(
            resp.json::<ErrorBody>()
                .await
                .unwrap_or_else(|_| ErrorBody::new("refused", format!("Refused ({status})."))),
        ),
    }
}

/// A fresh random key for one form submission.
pub fn new_idempotency_key() -> String {
    random_id()
}

fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{:016x}", js_sys::Math::random().to_bits()))
}

/// How many entries each queue the user may see holds.
pub async fn queue_counts(session: Session) -> Result<QueueCounts, ApiError> {
    get(session, &url("/queues/counts")).await
}

/// A page of a queue, after the `cursor` of the previous page. Its path
/// needs no escaping: user names, days and serial segments are URL-safe.
pub async fn queue_page(
    session: Session,
    queue: &Queue,
    limit: u8,
    cursor: Option<String>,
) -> Result<CasePage, ApiError> {
    let after = cursor
        .map(|c| format!("&cursor={}", String::from(js_sys::encode_uri_component(&c))))
        .unwrap_or_default();
    get(
        session,
        &url(&format!("/queues/{}?limit={limit}{after}", queue.path())),
    )
    .await
}

/// A page of a sales rep's customers' cases, as her rows, with a briefing.
pub async fn rep_page(
    session: Session,
    rep: &UserId,
    cursor: Option<String>,
) -> Result<afterloop_domain::wire::RepPage, ApiError> {
    let after = cursor
        .map(|c| format!("&cursor={}", String::from(js_sys::encode_uri_component(&c))))
        .unwrap_or_default();
    let queue = Queue::Rep(rep.clone()).path();
    get(session, &url(&format!("/queues/{queue}?limit=50{after}"))).await
}

/// Cases by number, or the start of a serial, phone or customer name.
pub async fn search(session: Session, q: &str) -> Result<CasePage, ApiError> {
    let q = String::from(js_sys::encode_uri_component(q));
    get(session, &url(&format!("/search?q={q}&limit=50"))).await
}

/// Attachment `n` of a case (a photo or signature), fetched with the
/// session's token (an `<img>` cannot send it) and handed back as an
/// object URL for `<img src>`. The caller revokes it when done
/// (`web_sys::Url::revoke_object_url`).
pub async fn attachment_url(session: Session, id: CaseId, n: u32) -> Result<String, ApiError> {
    let path = format!("{}/attachments/{n}", case_url(id));
    let resp = Call::get(&path).session(session).send().await?;
    if !resp.ok() {
        return Err(failure(resp, Some(session)).await);
    }
    let unreadable = |e: wasm_bindgen::JsValue| ApiError::Unreadable(format!("{e:?}"));
    let raw: web_sys::Response = resp.into();
    let blob = raw.blob().map_err(unreadable)?;
    let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob)
        .await
        .map_err(unreadable)?
        .into();
    web_sys::Url::create_object_url_with_blob(&blob).map_err(unreadable)
}

/// How many visits a technician has on a day (China time), and whether
/// there are more than one page holds (`limit`).
pub async fn visits_on(
    session: Session,
    technician: &str,
    day: &str,
    limit: u8,
) -> Result<(usize, bool), ApiError> {
    let queue = Queue::Tech {
        user: UserId::parse(technician).map_err(|m| ApiError::local("invalid_user", m))?,
        day: Some(
            afterloop_domain::Date::parse(day)
                .map_err(|e| ApiError::local("invalid_date", e.to_string()))?,
        ),
    };
    let page = queue_page(session, &queue, limit, None).await?;
    Ok((page.items.len(), page.cursor.is_some()))
}

/// Every user (managers).
pub async fn users(session: Session) -> Result<UserList, ApiError> {
    get(session, &url("/admin/users")).await
}

/// The company's active users, by name (staff and managers).
pub async fn directory(session: Session) -> Result<UserDirectory, ApiError> {
    get(session, &url("/users")).await
}

/// Creates a user (managers).
pub async fn create_user(session: Session, req: &NewUserRequest) -> Result<AdminUser, ApiError> {
    Call::post(&url("/admin/users"))
        .session(session)
        .json(req)
        .fetch()
        .await
}

/// Changes a user (managers).
pub async fn change_user(
    session: Session,
    name: &UserId,
    change: &UserChange,
) -> Result<AdminUser, ApiError> {
    Call::post(&url(&format!("/admin/users/{name}")))
        .session(session)
        .json(change)
        .fetch()
        .await
}

/// The rules in force (managers).
pub async fn policy(session: Session) -> Result<PolicyView, ApiError> {
    get(session, &url("/admin/policy")).await
}

/// The other cases of a case's serial number, newest first.
pub async fn history(session: Session, id: CaseId) -> Result<CasePage, ApiError> {
    get(session, &format!("{}/history", case_url(id))).await
}

/// The signed-in technician's open jobs, each with its timeline and the
/// serial's earlier cases, in one answer: what the phone keeps for work
/// with no signal (the service worker keeps the last answer).
pub async fn jobs(session: Session) -> Result<afterloop_domain::wire::JobsBundle, ApiError> {
    get(session, &url("/jobs")).await
}

/// The same answer as [`jobs`], read for the job list: each job's case
/// alone, as `T` (the fields the list shows). The list shows no timeline, and leaving the events unparsed keeps
/// their decoding out of the field app's first load (the job page, a chunk
/// of its own, reads them).
pub async fn job_list<T: DeserializeOwned>(session: Session) -> Result<Vec<T>, ApiError> {
    #[derive(serde::Deserialize)]
    struct ListedJob<T> {
        case: T,
    }
    #[derive(serde::Deserialize)]
    struct JobList<T> {
        jobs: Vec<ListedJob<T>>,
    }
    let list: JobList<T> = get(session, &url("/jobs")).await?;
    Ok(list.jobs.into_iter().map(|j| j.case).collect())
}

/// The customer side: no session, the case link's token instead.
pub mod track {
    use afterloop_domain::wire::{
        Challenge, CustomerWrite, NewRequestReceipt, PublicRequest, TrackLookup, TrackToken,
        TrackView,
    };
    use afterloop_domain::EventId;

    use super::{url, ApiError, Call};

    fn event_id() -> Result<EventId, ApiError> {
        EventId::parse(&super::random_id()).map_err(|e| ApiError::local("invalid_event_id", e))
    }

    fn track_url(token: &str) -> String {
        url(&format!("/track/{token}"))
    }

    /// The address of attachment `n` of the case behind `token`, for `<img src>`.
    pub fn attachment_url(token: &str, n: u32) -> String {
        format!("{}/attachments/{n}", track_url(token))
    }

    /// What the link shows.
    pub async fn get(token: &str) -> Result<TrackView, ApiError> {
        Call::get(&track_url(token)).fetch().await
    }

    /// What the link shows, never older than `version` (see `crate::fresh`).
    pub async fn get_at(token: &str, version: Option<u32>) -> Result<TrackView, ApiError> {
        let at = version.map(|v| format!("?version={v}")).unwrap_or_default();
        Call::get(&format!("{}{at}", track_url(token)))
            .fetch()
            .await
    }

    /// The link of a case found by number plus phone or email.
    pub async fn lookup(case: &str, contact: &str) -> Result<TrackToken, ApiError> {
        let body = TrackLookup {
            case: case.trim().to_owned(),
            contact: contact.trim().to_owned(),
        };
        Call::post(&url("/track/lookup")).json(&body).fetch().await
    }

    /// A message from the customer.
    pub async fn message(token: &str, text: String) -> Result<TrackView, ApiError> {
        let body = CustomerWrite {
            event_id: event_id()?,
            text,
            score: None,
        };
        let path = format!("{}/messages", track_url(token));
        Call::post(&path).json(&body).fetch().await
    }

    /// The customer's answer to quote `n` of `amount` (the amount they saw).
    pub async fn answer_quote(
        token: &str,
        n: u32,
        decision: afterloop_domain::flow::quote::Decision,
        amount: afterloop_domain::Money,
    ) -> Result<TrackView, ApiError> {
        let body = afterloop_domain::wire::QuoteAnswer {
            event_id: event_id()?,
            decision,
            amount,
        };
        let path = format!("{}/quotes/{n}", track_url(token));
        Call::post(&path).json(&body).fetch().await
    }

    /// The satisfaction answer.
    pub async fn survey(token: &str, score: u8, text: String) -> Result<TrackView, ApiError> {
        let body = CustomerWrite {
            event_id: event_id()?,
            text,
            score: Some(score),
        };
        let path = format!("{}/survey", track_url(token));
        Call::post(&path).json(&body).fetch().await
    }

    /// A photo from the customer.
    pub async fn photo(
        token: &str,
        name: &str,
        content_type: &str,
        file: web_sys::Blob,
    ) -> Result<TrackView, ApiError> {
        let name = String::from(js_sys::encode_uri_component(name));
        let path = format!(
            "{}/attachments?name={name}&event_id={}",
            track_url(token),
            event_id()?
        );
        Call::post(&path).file(file, content_type).fetch().await
    }

    /// A fresh challenge for the request form.
    pub async fn challenge() -> Result<Challenge, ApiError> {
        Call::get(&url("/public/challenge")).fetch().await
    }

    /// A new request with its solved challenge; a retry with the same
    /// `idempotency_key` opens no second case.
    pub async fn new_request(
        req: &PublicRequest,
        challenge: &str,
        nonce: &str,
        idempotency_key: &str,
    ) -> Result<NewRequestReceipt, ApiError> {
        Call::post(&url("/public/requests"))
            .idempotency_key(idempotency_key)
            .challenge(challenge, nonce)
            .json(req)
            .fetch()
            .await
    }
}

/// A report over `period` (managers and staff), as its wire type.
pub async fn report<T: DeserializeOwned>(
    session: Session,
    name: afterloop_domain::report::ReportName,
    period: afterloop_domain::report::Period,
) -> Result<T, ApiError> {
    let path = format!(
        "/reports/{}?from={}&to={}",
        name.as_str(),
        period.from,
        period.to
    );
    get(session, &url(&path)).await
}

/// Units sold per batch (managers and staff read them).
pub async fn sold_units(session: Session) -> Result<afterloop_domain::report::SoldUnits, ApiError> {
    get(session, &url("/reports/sold-units")).await
}

/// Sets the batches listed (managers); answers the whole list.
pub async fn set_sold_units(
    session: Session,
    sold: &afterloop_domain::report::SoldUnits,
) -> Result<afterloop_domain::report::SoldUnits, ApiError> {
    Call::put(&url("/reports/sold-units"))
        .session(session)
        .json(sold)
        .fetch()
        .await
}
