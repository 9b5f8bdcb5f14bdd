//! The one error type of the HTTP edge and its mapping to a status and the
//! JSON error body `{ "error", "message", "fields" }`: a field's numbers
//! typed in its `params`, a refusal's role, action and case in `refusal`,
//! so the app words them in each language. Internal details are logged,
//! never sent to the client.

use afterloop_domain::case::CaseError;
use afterloop_domain::validation::ValidationError;
use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{ErrorParams, FieldError};
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
    /// The body is JSON, but one member is not what the request takes (an
    /// unknown field, a value of the wrong shape): 400 naming it.
    #[error("malformed JSON at {}: {}", .0.field, .0.message)]
    MalformedField(afterloop_domain::FieldError),
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
    /// A path parameter or query value longer than `max_bytes`: 400
    /// `too_long`, naming the parameter when it is one the API knows.
    #[error("{message}")]
    TooLong {
        /// Readable sentence.
        message: String,
        /// The parameter at fault, if known.
        field: Option<&'static str>,
        /// The most bytes it may have.
        max_bytes: usize,
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
    /// Not signed in, or the session expired: 401.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in but not allowed: 403.
    #[error("{message}")]
    Forbidden {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
    },
    /// The case engine refused the command.
    #[error(transparent)]
    Case(#[from] afterloop_domain::case::CaseError),
    /// The request conflicts with stored state: 409.
    #[error("{message}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
    },
    /// A Durable Object refused the request; passed on as it answered.
    #[error("{}", .0.body.message)]
    Refused(crate::objects::protocol::Refused),
    /// Too many requests from this client: 429 with `Retry-After`.
    #[error("{message}")]
    TooManyRequests {
        /// Readable sentence, with the wait.
        message: String,
        /// Whole seconds until the limit lets the client in again.
        retry_after_secs: u64,
    },
    /// The path exists but not with this method: 405.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// The methods the path accepts.
        allow: String,
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
    /// A 400 about one query parameter or header.
    pub fn bad(code: &'static str, message: impl Into<String>, field: &'static str) -> AppError {
        AppError::BadRequest {
            code,
            message: message.into(),
            field: Some(field),
        }
    }

    /// A 403: "Your role may not {what}."
    pub fn forbidden(what: &str) -> AppError {
        AppError::Forbidden {
            code: "forbidden",
            message: format!("Your role may not {what}."),
        }
    }

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
            AppError::MalformedField(fault) => {
                let mut body = ErrorBody::new(
                    "malformed_json",
                    format!(
                        "The request body is not valid JSON of the expected shape at `{}`: {}",
                        fault.field, fault.message
                    ),
                );
                body.fields.push(fault.clone());
                (400, body)
            }
            AppError::BadRequest {
                code,
                message,
                field,
            } => {
                let mut body = ErrorBody::new(code, message.clone());
                if let Some(field) = field {
                    body.fields
                        .push(FieldError::new(field, code, message.clone()));
                }
                (400, body)
            }
            AppError::TooLong {
                message,
                field,
                max_bytes,
            } => {
                let mut body = ErrorBody::new("too_long", message.clone());
                if let Some(field) = field {
                    body.fields.push(
                        FieldError::new(field, "too_long", message.clone())
                            .with_params(ErrorParams::max(*max_bytes as u64)),
                    );
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
            AppError::Unauthorized(message) => {
                (401, ErrorBody::new("unauthorized", message.clone()))
            }
            AppError::Forbidden { code, message } => (403, ErrorBody::new(code, message.clone())),
            AppError::TooManyRequests { message, .. } => {
                (429, ErrorBody::new("too_many_requests", message.clone()))
            }
            AppError::Case(e) => case_error(e),
            AppError::Refused(r) => (r.status, r.body.clone()),
            AppError::Conflict { code, message } => (409, ErrorBody::new(code, message.clone())),
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
        match &self {
            AppError::MethodNotAllowed { allow } => {
                let _ = resp.headers_mut().set("Allow", allow);
            }
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => {
                let _ = resp
                    .headers_mut()
                    .set("Retry-After", &retry_after_secs.to_string());
            }
            _ => {}
        }
        resp
    }
}

/// The body with the field it concerns, if one, under the error's own code.
fn with_field(mut body: ErrorBody, field: &Option<String>) -> ErrorBody {
    if let Some(field) = field {
        body.fields
            .push(FieldError::new(field, &body.error, body.message.clone()));
    }
    body
}

fn case_error(e: &CaseError) -> (u16, ErrorBody) {
    match e {
        CaseError::Invalid(v) => (422, ErrorBody::from(v.clone())),
        CaseError::Forbidden { code, message } => (403, ErrorBody::new(code, message.clone())),
        CaseError::NotAllowed(refusal) => {
            let mut body = ErrorBody::new(e.code(), refusal.sentence());
            body.refusal = Some(*refusal);
            (403, body)
        }
        CaseError::Conflict {
            code,
            message,
            field,
        } => (
            409,
            with_field(ErrorBody::new(code, message.clone()), field),
        ),
        CaseError::NotFound {
            code,
            message,
            field,
        } => (
            404,
            with_field(ErrorBody::new(code, message.clone()), field),
        ),
        CaseError::IllegalTransition { from, to, allowed } => {
            let names: Vec<&str> = allowed.iter().map(|s| s.name()).collect();
            let allowed_text = if names.is_empty() {
                "none: it is final".to_owned()
            } else {
                names.join(", ")
            };
            let mut body = ErrorBody::new(
                "illegal_transition",
                format!(
                    "A {} cannot move from {from} to {to}; allowed from {from}: {allowed_text}.",
                    from.kind()
                ),
            );
            body.fields.push(FieldError::new(
                "command.to",
                "illegal_transition",
                format!("allowed: {allowed_text}"),
            ));
            (409, body)
        }
    }
}
