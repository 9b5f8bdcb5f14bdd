//! The JSON shapes of the HTTP API, shared by the worker (which answers with
//! them) and the app (which sends and reads them). Requests hold plain strings:
//! they are parsed into domain types at the edge, never trusted as they come.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldError, ValidationError};
use crate::Case;

/// The path every API route starts with.
pub const API_PREFIX: &str = "/api/v1";

/// Body of `POST /api/v1/cases`. Missing fields read as empty, so they are
/// reported as field errors rather than as unreadable JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateCaseRequest {
    /// `repair`, `return` or `refund`.
    pub kind: String,
    /// The one-line summary.
    pub title: String,
    /// `sales_rep`, `hotline`, `email`, `web_form` or `technician`.
    pub channel: String,
    /// The customer's own words.
    pub description: String,
    /// `low`, `normal` (default), `high` or `urgent`.
    pub priority: String,
    /// `provincial_capital` or `other` (default).
    pub region: String,
    /// Who the customer is.
    pub customer: CustomerInput,
    /// What product it is about.
    pub product: ProductInput,
}

/// The customer part of an intake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerInput {
    /// Name or company name (required).
    pub name: String,
    /// Phone (this or email required).
    pub phone: String,
    /// Email (this or phone required).
    pub email: String,
    /// `zh-CN` (default) or `en`.
    pub language: String,
    /// The sales rep's user name, if one keeps the customer.
    pub sales_rep: String,
}

/// The product part of an intake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInput {
    /// Model (required).
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// Production batch.
    pub batch: String,
    /// `YYYY-MM-DD`.
    pub purchase_date: String,
    /// Order or invoice reference.
    pub order_ref: String,
    /// What the customer paid (required for returns and refunds).
    pub price_paid: Option<MoneyInput>,
    /// Warranty in months (default 24).
    pub warranty_months: Option<u32>,
}

/// Money as sent by a client, parsed into [`crate::money::Money`] at the edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoneyInput {
    /// Minor units (fen, cents).
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// One page of `GET /api/v1/cases`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    /// The cases on this page.
    pub items: Vec<Case>,
    /// Pass as `?cursor=` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Body of `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the worker and its KV binding answer.
    pub status: String,
    /// The worker's version.
    pub version: String,
}

/// Every error the API answers with: a stable code, a readable message and
/// the fields at fault (empty when the fault is not tied to a field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`.
    pub error: String,
    /// A readable sentence.
    pub message: String,
    /// The fields at fault.
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ErrorBody {
    /// An error not tied to any field.
    pub fn new(error: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: error.to_owned(),
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

impl From<ValidationError> for ErrorBody {
    fn from(e: ValidationError) -> ErrorBody {
        ErrorBody {
            error: "validation_failed".to_owned(),
            message: "Some fields are invalid; see `fields`.".to_owned(),
            fields: e.fields,
        }
    }
}
