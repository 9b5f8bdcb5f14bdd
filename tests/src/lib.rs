//! Test support for Afterloop's API and browser tests. Both run against a
//! real `wrangler dev` (workerd with its local KV and Durable Objects) that
//! `cargo xtask test` starts on a free port with fresh state and passes in as
//! `AFTERLOOP_BASE_URL`. Nothing here mocks storage.
#![deny(missing_docs)]

pub mod client;
pub mod signal;
pub mod webdriver;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

pub use client::{intake, public_intake, spawn_app, TestApp, User, Who};

/// Where tests put screenshots and logs (`tests/output` unless told otherwise).
pub fn output_dir() -> PathBuf {
    let dir = std::env::var_os("AFTERLOOP_TEST_OUTPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("output"));
    std::fs::create_dir_all(&dir).expect("create the test output folder");
    dir
}

/// This machine's clock as a domain time (what a phone's clock would say).
pub fn now() -> afterloop_domain::Timestamp {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis();
    afterloop_domain::Timestamp::from_millis(ms as i64)
}

/// A suffix that makes titles from different tests and runs distinct.
pub fn unique(label: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("{label} {nanos:x}")
}
