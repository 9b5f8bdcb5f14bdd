//! Durable Objects: the single writers. Each case has one [`CaseObject`]
//! (named by its case id) through which every write to that case passes;
//! [`Counter`] hands out case numbers; [`Stats`] keeps queue counts;
//! [`Reports`] keeps the aggregates the reports read; [`Limiter`] is one
//! abuse counter, counted exactly. The worker talks to them with small
//! JSON requests defined in [`protocol`], each a [`Message`] sent by [`call`].

// `#[durable_object]` generates undocumented glue (constructors, JS methods).
#[allow(missing_docs)]
mod case_object;
#[allow(missing_docs)]
mod counter;
#[allow(missing_docs)]
mod limiter;
pub mod protocol;
#[allow(missing_docs)]
mod reports;
#[allow(missing_docs)]
mod stats;

pub use case_object::CaseObject;
pub use counter::{Counter, FIRST_SEQUENCE_OFFSET};
pub use limiter::Limiter;
pub use reports::Reports;
pub use stats::Stats;

pub use protocol::{Message, Object, REPORTS_OBJECT, STATS_OBJECT};

use serde::de::DeserializeOwned;
use worker::{Env, Headers, Method, Request, RequestInit};

use crate::error::AppError;

/// Sends `message` as JSON to the object `name` of its kind and reads its
/// answer; an error status from the object comes back as its
/// [`afterloop_domain::wire::ErrorBody`].
pub async fn call<M>(
    env: &Env,
    name: &str,
    message: &M,
) -> Result<Result<M::Answer, protocol::Refused>, AppError>
where
    M: Message,
    M::Answer: DeserializeOwned,
{
    match call_json(env, name, message).await? {
        Ok(text) => Ok(Ok(serde_json::from_str(&text)?)),
        Err(refused) => Ok(Err(refused)),
    }
}

/// As [`call`], but a successful answer comes back as the object's JSON
/// text, for passing on untouched.
pub async fn call_json<M: Message>(
    env: &Env,
    name: &str,
    message: &M,
) -> Result<Result<String, protocol::Refused>, AppError> {
    let binding = M::OBJECT.binding();
    let path = M::PATH;
    let stub = env.durable_object(binding)?.get_by_name(name)?;
    let headers = Headers::new();
    headers.set("Content-Type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(serde_json::to_string(message)?.into()));
    let req = Request::new_with_init(&format!("https://object{path}"), &init)?;
    let mut resp = stub.fetch_with_request(req).await?;
    let status = resp.status_code();
    if (200..300).contains(&status) {
        Ok(Ok(resp.text().await?))
    } else if (400..500).contains(&status) {
        Ok(Err(protocol::Refused {
            status,
            body: resp.json().await?,
        }))
    } else {
        Err(AppError::Unexpected(format!(
            "{binding}/{name}{path} answered {status}: {}",
            resp.text().await.unwrap_or_default()
        )))
    }
}
