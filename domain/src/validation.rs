//! Validation failures: which fields are wrong and why, all at once, so a form
//! can show every error beside its field in one round trip.

use serde::{Deserialize, Serialize};

/// One field at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request body (`"title"`).
    pub field: String,
    /// A stable machine-readable reason (`"too_short"`), for translation.
    pub code: String,
    /// A readable English sentence.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Input that broke one or more rules; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) are invalid: {}", .fields.len(), .fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", "))]
pub struct ValidationError {
    /// Every field at fault, in the order the form shows them.
    pub fields: Vec<FieldError>,
}

/// Checks a free text field: trimmed, at most `max` characters, line breaks
/// and tabs only where `multiline`. Empty is `None`, or `required` when it
/// must be given.
pub fn free_text(
    field: &str,
    value: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(FieldError::new(
                field,
                "required",
                "This field is required.",
            ))
        } else {
            Ok(None)
        };
    }
    let chars = v.chars().count();
    if chars > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("At most {max} characters (this has {chars})."),
        ));
    }
    let bad_control = v
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    if bad_control {
        return Err(FieldError::new(
            field,
            "control_characters",
            "Control characters are not allowed here.",
        ));
    }
    Ok(Some(v.to_owned()))
}

/// Collects field errors while parsing several fields, then yields either all
/// of them or the parsed value.
#[derive(Debug, Default)]
pub struct Collector {
    fields: Vec<FieldError>,
}

impl Collector {
    /// Keeps the value, or records the error and yields `None`.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|e| self.fields.push(e)).ok()
    }

    /// Ends collection: `Ok(value)` when nothing was recorded.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, ValidationError> {
        if self.fields.is_empty() {
            if let Some(v) = value() {
                return Ok(v);
            }
        }
        Err(ValidationError {
            fields: self.fields,
        })
    }
}
