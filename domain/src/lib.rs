//! Afterloop's domain: the after-sales case and the rules around it.
//!
//! This crate is pure: no I/O, no clock, no async. The worker and the app both
//! depend on it, so every type that crosses the wire is written once, here.
//! Values with rules are newtypes with one fallible constructor (`parse`); the
//! worker and the app parse raw input at their edge and pass only domain types on.
//!
//! - [`case`]: the case, its lifecycles, commands, events, `decide` and `apply`.
//! - [`flow`]: the information, goods and money flows' entries and rules.
//! - [`access`]: roles and the permission function.
//! - [`challenge`]: the public form's proof of work.
//! - [`layout`]: the KV key layout and the queue index entries of a case.
//! - [`queue`]: the work lists as one type: path, parser, index prefix, counts.
//! - [`limits`]: abuse limits: the counters, their rules, client addresses.
//! - [`report`]: aggregates kept as cases are written, and the reports and
//!   CSV tables computed from them.
//! - [`sla`]: service targets, business calendars and deadlines.
//! - [`users`]: the company's users as a manager administers them.
//! - [`money`], [`time`], [`ids`], [`validation`]: value types.
//! - [`wire`]: the HTTP API's request and response shapes.
//! - [`view`]: what a customer, a sales rep and a technician may see of a
//!   case, as allow-list types.
//! - `openapi` (feature `openapi`): schemas serde's derive cannot show utoipa.
#![deny(missing_docs)]

pub mod access;
pub mod case;
pub mod challenge;
pub mod flow;
pub mod ids;
pub mod layout;
pub mod limits;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod queue;
pub mod report;
pub mod sla;
pub mod time;
pub mod users;
pub mod validation;
pub mod view;
pub mod wire;

pub use case::{
    Case, CaseKind, Change, Command, Event, NewCase, RefundStage, RepairStage, ReturnStage, Stamp,
    Status, Title, Warranty,
};
pub use ids::{CaseId, EventId, MovementNo, UserId};
pub use money::{Currency, Money};
pub use time::{Date, Timestamp};
pub use validation::{ErrorParams, FieldError, ValidationError};
