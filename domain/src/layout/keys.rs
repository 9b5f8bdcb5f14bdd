//! Every KV key the product uses, built in one place: the records' keys
//! here, the index keys in [`super::index`] (each queue's from
//! [`crate::queue::Queue::prefix`]).

use crate::{CaseId, UserId};

/// Sorts newer cases first under a prefix: `u32::MAX - seq`, 10 digits.
pub fn newest_first(id: CaseId) -> String {
    format!("{:010}", u32::MAX - id.sequence())
}

/// A case's snapshot.
pub fn case(id: CaseId) -> String {
    format!("{CASES_PREFIX}{id}")
}

/// The prefix of every case snapshot (listed once by a reports rebuild).
pub const CASES_PREFIX: &str = "case/";

/// One event of a case.
pub fn event(id: CaseId, seq: u32) -> String {
    format!("ev/{id}/{seq:06}")
}

/// A public link token's case.
pub fn token(token: &str) -> String {
    format!("token/{token}")
}

/// The bytes of an attachment, keyed by its blob (`sha256-{hex}` of the
/// bytes; older ones by the id of the write that stored them).
pub fn attachment(id: CaseId, blob: &str) -> String {
    format!("att/{id}/{blob}")
}

/// A user record.
pub fn user(name: &UserId) -> String {
    format!("user/{name}")
}

/// The prefix of all user records.
pub const USERS_PREFIX: &str = "user/";

/// A session, by the hash of its token.
pub fn session(token_hash: &str) -> String {
    format!("session/{token_hash}")
}

/// An open proof-of-work challenge of the public request form (single use).
pub fn challenge(id: &str) -> String {
    format!("challenge/{id}")
}
