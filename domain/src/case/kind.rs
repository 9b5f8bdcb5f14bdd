//! The three kinds of case.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validation::FieldError;

/// What a case is about. Each kind has its own lifecycle; all have the three flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
                if text.trim().is_empty() {
                    FieldError::new(
                        "kind",
                        "required",
                        "Choose the kind of case: repair, return or refund.",
                    )
                } else {
                    FieldError::new(
                        "kind",
                        "unknown",
                        format!("`{text}` is not a kind of case; use repair, return or refund."),
                    )
                }
            })
    }
}

impl fmt::Display for CaseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
