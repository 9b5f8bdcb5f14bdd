//! Why a command is refused ([`CaseError`]), and the small constructors
//! every rule of `decide` uses to say so, with the field at fault named
//! within the command (`amount`; [`CaseError::under`] puts it under
//! `command`).

use super::Status;
use crate::validation::{free_text, FieldError, ValidationError};

/// Why a command was refused. Each variant is one way the caller must react.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The actor may not do this (403).
    #[error("{message}")]
    Forbidden {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
    },
    /// Fields are invalid (422).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The lifecycle does not allow this move (409).
    #[error("cannot move from {from} to {to}")]
    IllegalTransition {
        /// Current stage.
        from: Status,
        /// Asked-for stage.
        to: Status,
        /// Stages allowed from here.
        allowed: Vec<Status>,
    },
    /// The case's state forbids it now (409).
    #[error("{message}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
        /// The field of the request it concerns, if one (`command.amount`).
        field: Option<String>,
    },
    /// The role may not do this to the case at all (403, code `forbidden`),
    /// with what the refusal names.
    #[error("{}", .0.sentence())]
    NotAllowed(crate::access::Refusal),
    /// A movement or money entry that does not exist (404).
    #[error("{message}")]
    NotFound {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
        /// The field of the request that names it (`command.entry`).
        field: Option<String>,
    },
}

impl CaseError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CaseError::Forbidden { code, .. }
            | CaseError::Conflict { code, .. }
            | CaseError::NotFound { code, .. } => code,
            CaseError::Invalid(_) => "validation_failed",
            CaseError::NotAllowed(_) => "forbidden",
            CaseError::IllegalTransition { .. } => "illegal_transition",
        }
    }

    /// The same error with every field path under `prefix` (`amount` →
    /// `command.amount`): `decide` names fields within the command, the
    /// request body carries the command under `command`.
    #[must_use]
    pub fn under(self, prefix: &str) -> CaseError {
        let path = |f: &str| format!("{prefix}.{f}");
        match self {
            CaseError::Invalid(mut v) => {
                for f in &mut v.fields {
                    f.field = path(&f.field);
                }
                CaseError::Invalid(v)
            }
            CaseError::Conflict {
                code,
                message,
                field,
            } => CaseError::Conflict {
                code,
                message,
                field: field.as_deref().map(path),
            },
            CaseError::NotFound {
                code,
                message,
                field,
            } => CaseError::NotFound {
                code,
                message,
                field: field.as_deref().map(path),
            },
            other @ (CaseError::Forbidden { .. }
            | CaseError::NotAllowed(_)
            | CaseError::IllegalTransition { .. }) => other,
        }
    }
}

pub(crate) fn conflict(code: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Conflict {
        code,
        message: message.into(),
        field: None,
    }
}

/// A conflict about one field of the command.
pub(crate) fn conflict_at(
    field: &str,
    code: &'static str,
    message: impl Into<String>,
) -> CaseError {
    CaseError::Conflict {
        code,
        message: message.into(),
        field: Some(field.to_owned()),
    }
}

pub(crate) fn forbidden(code: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Forbidden {
        code,
        message: message.into(),
    }
}

pub(crate) fn invalid(field: &str, code: &str, message: impl Into<String>) -> CaseError {
    CaseError::Invalid(ValidationError {
        fields: vec![FieldError::new(field, code, message)],
    })
}

/// A required free text (see [`free_text`]), refused as a case error.
pub(crate) fn text(
    field: &str,
    value: &str,
    max: usize,
    multiline: bool,
) -> Result<String, CaseError> {
    free_text(field, value, true, max, multiline)
        .map(Option::unwrap_or_default)
        .map_err(|e| CaseError::Invalid(ValidationError { fields: vec![e] }))
}

pub(crate) fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, CaseError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, max, false).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_keeps_its_numbers() {
        let Err(CaseError::Invalid(e)) = text("command.text", &"x".repeat(12), 10, true) else {
            panic!("a text over its limit is invalid");
        };
        let f = &e.fields[0];
        assert_eq!(
            (f.field.as_str(), f.code.as_str()),
            ("command.text", "too_long")
        );
        assert_eq!((f.params.max, f.params.actual), (Some(10), Some(12)));
    }
}
