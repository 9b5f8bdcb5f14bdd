//! Solving the request form's challenge (see `afterloop_domain::challenge`):
//! about 16,000 SHA-256 hashes, tens of milliseconds on a phone.

use afterloop_domain::challenge::{message, solves};
use sha2::{Digest, Sha256};

/// The first nonce that solves `challenge` at `difficulty` bits.
pub fn solve(challenge: &str, difficulty: u32) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|nonce| {
            solves(
                &Sha256::digest(message(challenge, nonce).as_bytes()),
                difficulty,
            )
        })
        .expect("some nonce solves any challenge")
}
