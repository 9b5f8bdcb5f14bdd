//! Messages between the worker and its Durable Objects (internal, not the public API).

use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{Case, CaseId, NewCase, Timestamp};
use serde::{Deserialize, Serialize};

/// Ask the counter for the next case number. With an idempotency key, the
/// same key always gets the same number.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocate {
    /// The client's `Idempotency-Key`, if it sent one.
    pub idempotency_key: Option<String>,
}

/// The counter's answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocated {
    /// The sequence number for the new case.
    pub sequence: u32,
}

/// Ask a case's object to open the case (once).
#[derive(Debug, Serialize, Deserialize)]
pub struct Open {
    /// The case's id (also the object's name).
    pub id: CaseId,
    /// The validated request.
    pub case: NewCase,
    /// The worker's clock when the request arrived.
    pub now: Timestamp,
}

/// The object's answer to [`Open`].
#[derive(Debug, Serialize, Deserialize)]
pub struct Opened {
    /// The stored case.
    pub case: Case,
    /// `false` when the case already existed (an idempotent replay).
    pub created: bool,
}

/// A 4xx answer from an object, passed on to the client as it is.
#[derive(Debug)]
pub struct Refused {
    /// The HTTP status.
    pub status: u16,
    /// The error body.
    pub body: ErrorBody,
}
