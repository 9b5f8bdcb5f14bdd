//! The one error type of the HTTP edge and its mapping to a status and the
//! JSON error body `{ "error", "message", "fields" }`. Internal details are
//! logged, never sent to the client.

use afterloop_domain::validation::ValidationError;
use afterloop_domain::wire::ErrorBody;
use worker::Response;

/// Everything a request can fail with, one variant per way the client must react.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input broke the domain's rules: 422 with the fields at fault.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The body is not readable JSON of the expected shape: 400.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// A request that is wrong as a whole (bad query or header): 400.
    #[error("{message}")]
    BadRequest {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
        /// The field or parameter at fault, if one.
        field: Option<&'static str>,
    },
    /// The body is not JSON: 415.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body exceeds the limit: 413.
    #[error("body too large")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// No such resource: 404.
    #[error("{0}")]
    NotFound(String),
    /// The path exists but not with this method: 405.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// The methods the path accepts.
        allow: &'static str,
    },
    /// Anything else: 500, details logged only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

impl From<worker::Error> for AppError {
    fn from(e: worker::Error) -> Self {
        AppError::Unexpected(e.to_string())
    }
}

impl From<worker::kv::KvError> for AppError {
    fn from(e: worker::kv::KvError) -> Self {
        AppError::Unexpected(format!("kv: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Unexpected(format!("json: {e}"))
    }
}

impl AppError {
    /// The HTTP status and the body the client sees.
    pub fn status_and_body(&self) -> (u16, ErrorBody) {
        match self {
            AppError::Validation(e) => (422, ErrorBody::from(e.clone())),
            AppError::MalformedJson(detail) => (
                400,
                ErrorBody::new(
                    "malformed_json",
                    format!("The request body is not valid JSON of the expected shape: {detail}"),
                ),
            ),
            AppError::BadRequest {
                code,
                message,
                field,
            } => {
                let mut body = ErrorBody::new(code, message.clone());
                if let Some(field) = field {
                    body.fields.push(afterloop_domain::FieldError::new(
                        field,
                        code,
                        message.clone(),
                    ));
                }
                (400, body)
            }
            AppError::UnsupportedMediaType => (
                415,
                ErrorBody::new(
                    "unsupported_media_type",
                    "Send the body as JSON with `Content-Type: application/json`.",
                ),
            ),
            AppError::PayloadTooLarge { limit } => (
                413,
                ErrorBody::new(
                    "payload_too_large",
                    format!("The request body is larger than {limit} bytes."),
                ),
            ),
            AppError::NotFound(message) => (404, ErrorBody::new("not_found", message.clone())),
            AppError::MethodNotAllowed { allow } => (
                405,
                ErrorBody::new(
                    "method_not_allowed",
                    format!("This path accepts only: {allow}."),
                ),
            ),
            AppError::Unexpected(_) => (
                500,
                ErrorBody::new(
                    "internal",
                    "Something went wrong on our side; nothing was changed. Try again.",
                ),
            ),
        }
    }

    /// The JSON response for this error (unexpected ones are logged first).
    pub fn into_response(self) -> Response {
        if let AppError::Unexpected(detail) = &self {
            worker::console_error!("unexpected error: {detail}");
        }
        let (status, body) = self.status_and_body();
        let mut resp = Response::from_json(&body)
            .unwrap_or_else(|_| Response::error("internal", 500).expect("plain response"))
            .with_status(status);
        if let AppError::MethodNotAllowed { allow } = &self {
            let _ = resp.headers_mut().set("Allow", allow);
        }
        resp
    }
}
