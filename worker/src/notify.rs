//! Sending outbox messages: one sender for the whole product, chosen by
//! configuration. Locally it logs each message; deployed with a
//! `NOTIFY_WEBHOOK` URL it POSTs each message as JSON and counts a 2xx
//! within [`TIMEOUT_MS`] as acknowledged. Every attempt at one message
//! carries the same `message_id` (in the body and as the `Idempotency-Key`
//! header), so a receiver that saw it before can drop the repeat. Case
//! objects retry what was not acknowledged, by the retry policy of
//! [`retry_policy`].

use afterloop_domain::flow::notify::{Notification, RetryPolicy};
use afterloop_domain::Case;
use futures_util::future::{select, Either};
use serde::Serialize;
use worker::{AbortController, Delay, Env, Fetch, Headers, Method, Request, RequestInit};

use crate::error::AppError;

/// Where messages go.
pub enum Sender {
    /// Log to the worker's console (local default).
    Log,
    /// POST JSON to this URL.
    Webhook(String),
}

/// How long a webhook may take to answer before the attempt counts as failed.
pub const TIMEOUT_MS: u64 = 10_000;

/// The retry policy configured for this deployment (`NOTIFY_RETRY_BASE_MS`,
/// `NOTIFY_RETRY_ATTEMPTS`; see `RetryPolicy::from_settings`).
pub fn retry_policy(env: &Env) -> RetryPolicy {
    let var = |name: &str| env.var(name).ok().map(|v| v.to_string());
    RetryPolicy::from_settings(
        var("NOTIFY_RETRY_BASE_MS").as_deref(),
        var("NOTIFY_RETRY_ATTEMPTS").as_deref(),
    )
}

#[derive(Serialize)]
struct Payload<'a> {
    /// The same on every attempt at this message (`AL-1001/3`).
    message_id: String,
    case: String,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    notification: &'a Notification,
}

impl Sender {
    /// The sender configured for this deployment.
    pub fn from_env(env: &Env) -> Sender {
        match env.var("NOTIFY_WEBHOOK").map(|v| v.to_string()) {
            Ok(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Sender::Webhook(url)
            }
            _ => Sender::Log,
        }
    }

    /// Sends one message; `Ok` means acknowledged.
    pub async fn send(&self, case: &Case, n: &Notification) -> Result<(), AppError> {
        let payload = Payload {
            message_id: n.message_id(case.id),
            case: case.id.to_string(),
            phone: case.customer.phone.as_deref(),
            email: case.customer.email.as_deref(),
            notification: n,
        };
        match self {
            Sender::Log => {
                worker::console_log!("notify {}", serde_json::to_string(&payload)?);
                Ok(())
            }
            Sender::Webhook(url) => {
                let headers = Headers::new();
                headers.set("Content-Type", "application/json")?;
                headers.set("Idempotency-Key", &payload.message_id)?;
                let mut init = RequestInit::new();
                init.with_method(Method::Post)
                    .with_headers(headers)
                    .with_body(Some(serde_json::to_string(&payload)?.into()));
                let request = Request::new_with_init(url, &init)?;
                let abort = AbortController::default();
                let signal = abort.signal();
                let fetch = Fetch::Request(request);
                let sent = fetch.send_with_signal(&signal);
                let timeout = Delay::from(std::time::Duration::from_millis(TIMEOUT_MS));
                let resp = match select(Box::pin(sent), Box::pin(timeout)).await {
                    Either::Left((resp, _)) => resp?,
                    Either::Right(((), _)) => {
                        abort.abort();
                        return Err(AppError::Unexpected(format!(
                            "webhook gave no answer within {TIMEOUT_MS} ms"
                        )));
                    }
                };
                if (200..300).contains(&resp.status_code()) {
                    Ok(())
                } else {
                    Err(AppError::Unexpected(format!(
                        "webhook answered {}",
                        resp.status_code()
                    )))
                }
            }
        }
    }
}
