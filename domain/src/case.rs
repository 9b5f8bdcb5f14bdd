//! The after-sales case: its kind, its title and the command that opens one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validation::{Collector, FieldError, ValidationError};
use crate::wire::CreateCaseRequest;
use crate::{CaseId, Timestamp};

/// What a case is about. Each kind has its own lifecycle; all have the three flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// A unit to fix: on site, at the company, or by the customer with shipped parts.
    Repair,
    /// Goods coming back: ends in an exchange, a refund or a rejection.
    Return,
    /// Money only: a price adjustment or compensation.
    Refund,
}

impl CaseKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [CaseKind; 3] = [CaseKind::Repair, CaseKind::Return, CaseKind::Refund];

    /// The wire name (`"repair"`).
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Repair => "repair",
            CaseKind::Return => "return",
            CaseKind::Refund => "refund",
        }
    }

    /// Parses the wire name.
    pub fn parse(text: &str) -> Result<CaseKind, FieldError> {
        CaseKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
            .ok_or_else(|| {
                let message = if text.trim().is_empty() {
                    "Choose the kind of case: repair, return or refund.".to_owned()
                } else {
                    format!("`{text}` is not a kind of case; use repair, return or refund.")
                };
                let code = if text.trim().is_empty() {
                    "required"
                } else {
                    "unknown"
                };
                FieldError::new("kind", code, message)
            })
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A case's one-line summary: trimmed, 3 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Title(String);

impl Title {
    /// Fewest characters a title may have.
    pub const MIN_CHARS: usize = 3;
    /// Most characters a title may have.
    pub const MAX_CHARS: usize = 120;

    /// Parses a title; surrounding whitespace is dropped.
    pub fn parse(text: &str) -> Result<Title, FieldError> {
        let trimmed = text.trim();
        let chars = trimmed.chars().count();
        if chars == 0 {
            return Err(FieldError::new(
                "title",
                "required",
                "Enter a title that says what the case is about.",
            ));
        }
        if chars < Self::MIN_CHARS {
            return Err(FieldError::new(
                "title",
                "too_short",
                format!("The title needs at least {} characters.", Self::MIN_CHARS),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new(
                "title",
                "too_long",
                format!(
                    "The title can have at most {} characters (it has {chars}).",
                    Self::MAX_CHARS
                ),
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(FieldError::new(
                "title",
                "control_characters",
                "The title cannot contain line breaks or control characters.",
            ));
        }
        Ok(Title(trimmed.to_owned()))
    }
}

impl AsRef<str> for Title {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Title {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Title::parse(&text).map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// A validated request to open a case; the worker adds the id and the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    /// What the case is about.
    pub kind: CaseKind,
    /// The one-line summary.
    pub title: Title,
}

impl NewCase {
    /// Validates every field of the request and reports all faults together.
    pub fn parse(req: &CreateCaseRequest) -> Result<NewCase, ValidationError> {
        let mut c = Collector::default();
        let kind = c.check(CaseKind::parse(&req.kind));
        let title = c.check(Title::parse(&req.title));
        c.finish(|| {
            Some(NewCase {
                kind: kind?,
                title: title?,
            })
        })
    }

    /// The stored case this request becomes once it has an id and a time.
    pub fn open(self, id: CaseId, now: Timestamp) -> Case {
        Case {
            id,
            kind: self.kind,
            title: self.title,
            created_at: now,
        }
    }
}

/// An after-sales case as stored and served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Its public number.
    pub id: CaseId,
    /// Repair, return or refund.
    pub kind: CaseKind,
    /// The one-line summary.
    pub title: Title,
    /// When it was opened.
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(kind: &str, title: &str) -> CreateCaseRequest {
        CreateCaseRequest {
            kind: kind.into(),
            title: title.into(),
        }
    }

    #[test]
    fn a_valid_request_opens_a_case() {
        let new = NewCase::parse(&req("repair", "  Washer leaks at the door seal ")).unwrap();
        let case = new.open(
            CaseId::from_sequence(1001).unwrap(),
            Timestamp::from_millis(5),
        );
        assert_eq!(case.kind, CaseKind::Repair);
        assert_eq!(case.title.as_ref(), "Washer leaks at the door seal");
        assert_eq!(case.id.to_string(), "AL-1001");
    }

    #[test]
    fn every_kind_parses_from_its_wire_name() {
        for kind in CaseKind::ALL {
            assert_eq!(CaseKind::parse(kind.as_str()).unwrap(), kind);
        }
        assert_eq!(CaseKind::parse("exchange").unwrap_err().code, "unknown");
        assert_eq!(CaseKind::parse(" ").unwrap_err().code, "required");
    }

    #[test]
    fn title_limits_count_characters_not_bytes() {
        assert!(Title::parse(&"修".repeat(Title::MAX_CHARS)).is_ok());
        assert_eq!(
            Title::parse(&"修".repeat(Title::MAX_CHARS + 1))
                .unwrap_err()
                .code,
            "too_long"
        );
        assert!(Title::parse("洗衣机").is_ok());
        assert_eq!(Title::parse("ab").unwrap_err().code, "too_short");
        assert_eq!(Title::parse("   ").unwrap_err().code, "required");
        assert_eq!(
            Title::parse("two\nlines").unwrap_err().code,
            "control_characters"
        );
    }

    #[test]
    fn all_faults_are_reported_together() {
        let err = NewCase::parse(&req("", "x")).unwrap_err();
        let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["kind", "title"]);
    }

    #[test]
    fn a_stored_case_with_a_bad_title_does_not_load() {
        let json = r#"{"id":"AL-1","kind":"repair","title":"","created_at":0}"#;
        assert!(serde_json::from_str::<Case>(json).is_err());
    }
}
