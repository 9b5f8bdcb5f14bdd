//! Afterloop's domain: the after-sales case and the rules around it.
//!
//! This crate is pure: no I/O, no clock, no async. The worker and the app both
//! depend on it, so every type that crosses the wire is written once, here.
//! Values with rules are newtypes with one fallible constructor (`parse`); the
//! worker and the app parse raw input at their edge and pass only domain types on.
#![deny(missing_docs)]

pub mod case;
pub mod ids;
pub mod time;
pub mod validation;
pub mod wire;

pub use case::{Case, CaseKind, NewCase, Title};
pub use ids::CaseId;
pub use time::Timestamp;
pub use validation::{FieldError, ValidationError};
