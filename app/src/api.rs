//! The only module that talks HTTP: URL builders, one JSON helper and the
//! typed calls the pages use. Errors come back as [`ApiError`] so pages can
//! render them instead of panicking.

use afterloop_domain::wire::{CasePage, CreateCaseRequest, ErrorBody, API_PREFIX};
use afterloop_domain::{Case, CaseId, FieldError};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

/// Why an API call failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error body.
    #[error("{}", .0.message)]
    Rejected(ErrorBody),
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
}

fn cases_url() -> String {
    format!("{API_PREFIX}/cases")
}

fn case_url(id: CaseId) -> String {
    format!("{API_PREFIX}/cases/{id}")
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|e| ApiError::Unreadable(e.to_string()))
    } else {
        let status = resp.status();
        match resp.json::<ErrorBody>().await {
            Ok(body) => Err(ApiError::Rejected(body)),
            Err(_) => Err(ApiError::Unreadable(format!("status {status}"))),
        }
    }
}

/// The newest cases.
pub async fn list_cases() -> Result<CasePage, ApiError> {
    let resp = Request::get(&cases_url())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(resp).await
}

/// One case.
pub async fn get_case(id: CaseId) -> Result<Case, ApiError> {
    let resp = Request::get(&case_url(id))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(resp).await
}

/// Opens a case. `idempotency_key` makes a retry of the same submission
/// return the case the first attempt opened instead of opening another.
pub async fn create_case(req: &CreateCaseRequest, idempotency_key: &str) -> Result<Case, ApiError> {
    let resp = Request::post(&cases_url())
        .header("Idempotency-Key", idempotency_key)
        .json(req)
        .map_err(|e| ApiError::Unreadable(e.to_string()))?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(resp).await
}

/// A fresh random key for one form submission.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Math::random().to_bits()))
}
