//! Sending outbox messages: one sender for the whole product, chosen by
//! configuration. Locally it logs each message; deployed with a
//! `NOTIFY_WEBHOOK` URL it POSTs each message as JSON and counts a 2xx as
//! acknowledged. Case objects retry what was not acknowledged.

use afterloop_domain::flow::notify::Notification;
use afterloop_domain::Case;
use serde::Serialize;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::error::AppError;

/// Where messages go.
pub enum Sender {
    /// Log to the worker's console (local default).
    Log,
    /// POST JSON to this URL.
    Webhook(String),
}

#[derive(Serialize)]
struct Payload<'a> {
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
                let mut init = RequestInit::new();
                init.with_method(Method::Post)
                    .with_headers(headers)
                    .with_body(Some(serde_json::to_string(&payload)?.into()));
                let resp = Fetch::Request(Request::new_with_init(url, &init)?)
                    .send()
                    .await?;
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
