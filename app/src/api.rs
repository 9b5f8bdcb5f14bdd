//! The only module that talks HTTP: URL builders, one JSON reader and the
//! typed calls the pages use. Staff calls carry the session's bearer token;
//! any 401 clears the session, so the app shows the sign-in page. Errors come
//! back as [`ApiError`] so pages can render them instead of panicking.

use afterloop_domain::view::{RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    AdminUser, CasePage, CaseView, CommandRequest, CreateCaseRequest, ErrorBody, LoginRequest,
    LoginResponse, NewUserRequest, PolicyView, PublicTimeline, QueueCounts, Timeline, UserChange,
    UserDirectory, UserInfo, UserList, API_PREFIX,
};
use afterloop_domain::{CaseId, Command, EventId, FieldError, UserId};
use gloo_net::http::{Request, RequestBuilder, Response};
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

/// Adds the session's bearer token, if there is one.
fn authorised(builder: RequestBuilder, session: Session) -> RequestBuilder {
    match session.token() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

async fn send(req: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    req.map_err(|e| ApiError::Unreadable(e.to_string()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)
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

async fn get<T: DeserializeOwned>(session: Session, url: &str) -> Result<T, ApiError> {
    let resp = send(authorised(Request::get(url), session).build()).await?;
    read(resp, Some(session)).await
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
    let mut builder = Request::post(&url("/auth/login"));
    if let Some((challenge, nonce)) = challenge {
        builder = builder
            .header("X-Challenge", challenge)
            .header("X-Challenge-Nonce", nonce);
    }
    let resp = send(builder.json(req)).await?;
    read(resp, None).await
}

/// Ends the session of `token` on the server (the app forgets it either way).
pub async fn logout(token: String) -> Result<(), ApiError> {
    let builder =
        Request::post(&url("/auth/logout")).header("Authorization", &format!("Bearer {token}"));
    let resp = send(builder.build()).await?;
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
    let builder = Request::post(&url("/cases")).header("Idempotency-Key", idempotency_key);
    let resp = send(authorised(builder, session).json(req)).await?;
    read::<Opened>(resp, Some(session)).await.map(|o| o.id)
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
    let builder = Request::post(&format!("{}/commands", case_url(id)));
    let resp = send(authorised(builder, session).json(&body)).await?;
    read(resp, Some(session)).await
}

/// Uploads a photo to a case as staff (`movement`: the goods movement it
/// shows), answering the case as staff read it.
pub async fn upload_photo(
    session: Session,
    id: CaseId,
    name: &str,
    content_type: &str,
    file: web_sys::Blob,
    movement: Option<afterloop_domain::MovementNo>,
) -> Result<afterloop_domain::wire::CommandResult, ApiError> {
    let event_id = random_id();
    let name = String::from(js_sys::encode_uri_component(name));
    let movement = movement
        .map(|m| format!("&movement={m}"))
        .unwrap_or_default();
    let path = format!(
        "{}/attachments?kind=photo&name={name}&event_id={event_id}{movement}",
        case_url(id)
    );
    let builder = authorised(Request::post(&path), session).header("Content-Type", content_type);
    read(send(builder.body(file)).await?, Some(session)).await
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
    let path = url(&format!("/cases/{id}/attachments/{n}"));
    let resp = send(authorised(Request::get(&path), session).build()).await?;
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
    let resp = send(authorised(Request::post(&url("/admin/users")), session).json(req)).await?;
    read(resp, Some(session)).await
}

/// Changes a user (managers).
pub async fn change_user(
    session: Session,
    name: &UserId,
    change: &UserChange,
) -> Result<AdminUser, ApiError> {
    let builder = Request::post(&url(&format!("/admin/users/{name}")));
    let resp = send(authorised(builder, session).json(change)).await?;
    read(resp, Some(session)).await
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

/// The customer side: no session, the case link's token instead.
pub mod track {
    use afterloop_domain::wire::{
        Challenge, CustomerWrite, NewRequestReceipt, PublicRequest, TrackLookup, TrackToken,
        TrackView,
    };
    use afterloop_domain::EventId;
    use gloo_net::http::Request;

    use super::{read, send, url, ApiError};

    fn event_id() -> Result<EventId, ApiError> {
        EventId::parse(&super::random_id()).map_err(|e| ApiError::local("invalid_event_id", e))
    }

    /// What the link shows.
    pub async fn get(token: &str) -> Result<TrackView, ApiError> {
        read(
            send(Request::get(&url(&format!("/track/{token}"))).build()).await?,
            None,
        )
        .await
    }

    /// What the link shows, never older than `version` (see `crate::fresh`).
    pub async fn get_at(token: &str, version: Option<u32>) -> Result<TrackView, ApiError> {
        let at = version.map(|v| format!("?version={v}")).unwrap_or_default();
        read(
            send(Request::get(&url(&format!("/track/{token}{at}"))).build()).await?,
            None,
        )
        .await
    }

    /// The link of a case found by number plus phone or email.
    pub async fn lookup(case: &str, contact: &str) -> Result<TrackToken, ApiError> {
        let body = TrackLookup {
            case: case.trim().to_owned(),
            contact: contact.trim().to_owned(),
        };
        read(
            send(Request::post(&url("/track/lookup")).json(&body)).await?,
            None,
        )
        .await
    }

    /// A message from the customer.
    pub async fn message(token: &str, text: String) -> Result<TrackView, ApiError> {
        let body = CustomerWrite {
            event_id: event_id()?,
            text,
            score: None,
        };
        let path = url(&format!("/track/{token}/messages"));
        read(send(Request::post(&path).json(&body)).await?, None).await
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
        let path = url(&format!("/track/{token}/quotes/{n}"));
        read(send(Request::post(&path).json(&body)).await?, None).await
    }

    /// The satisfaction answer.
    pub async fn survey(token: &str, score: u8, text: String) -> Result<TrackView, ApiError> {
        let body = CustomerWrite {
            event_id: event_id()?,
            text,
            score: Some(score),
        };
        let path = url(&format!("/track/{token}/survey"));
        read(send(Request::post(&path).json(&body)).await?, None).await
    }

    /// A photo from the customer.
    pub async fn photo(
        token: &str,
        name: &str,
        content_type: &str,
        file: web_sys::Blob,
    ) -> Result<TrackView, ApiError> {
        let name = String::from(js_sys::encode_uri_component(name));
        let path = url(&format!(
            "/track/{token}/attachments?name={name}&event_id={}",
            event_id()?
        ));
        let req = Request::post(&path)
            .header("Content-Type", content_type)
            .body(file);
        read(send(req).await?, None).await
    }

    /// A fresh challenge for the request form.
    pub async fn challenge() -> Result<Challenge, ApiError> {
        read(
            send(Request::get(&url("/public/challenge")).build()).await?,
            None,
        )
        .await
    }

    /// A new request with its solved challenge; a retry with the same
    /// `idempotency_key` opens no second case.
    pub async fn new_request(
        req: &PublicRequest,
        challenge: &str,
        nonce: &str,
        idempotency_key: &str,
    ) -> Result<NewRequestReceipt, ApiError> {
        let builder = Request::post(&url("/public/requests"))
            .header("Idempotency-Key", idempotency_key)
            .header("X-Challenge", challenge)
            .header("X-Challenge-Nonce", nonce);
        read(send(builder.json(req)).await?, None).await
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
    let req = authorised(Request::put(&url("/reports/sold-units")), session).json(sold);
    read(send(req).await?, Some(session)).await
}
