//! Test support for Afterloop's API and browser tests. Both run against a
//! real `wrangler dev` (workerd with its local KV and Durable Objects) that
//! `cargo xtask test` starts on a free port with fresh state and passes in as
//! `AFTERLOOP_BASE_URL`. Nothing here mocks storage.
#![deny(missing_docs)]

pub mod client;
pub mod lagging;
pub mod signal;
pub mod steps;
pub mod webdriver;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

pub use client::{intake, public_intake, spawn_app, TestApp, User, Who};

/// A `wrangler dev` of a test's own on fresh state under the target folder,
/// with worker vars set (`--var`); the state is removed when it is dropped.
pub struct OwnServer {
    /// The server (stopped on drop).
    pub server: afterloop_devserver::Wrangler,
    state: PathBuf,
}

impl OwnServer {
    /// Starts one named `name` (its state folder and log file) with `vars`.
    pub fn start(name: &str, vars: &[(&str, &str)]) -> OwnServer {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace")
            .to_path_buf();
        let state = std::env::temp_dir().join(format!("afterloop-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&state);
        let server = afterloop_devserver::Wrangler::start_with_vars(
            &root,
            afterloop_devserver::free_port().expect("a free port"),
            &state,
            afterloop_devserver::Output::File(output_dir().join(format!("wrangler-{name}.log"))),
            vars,
        )
        .expect("wrangler dev starts");
        OwnServer { server, state }
    }

    /// Its state folder (`--persist-to`).
    pub fn state(&self) -> &std::path::Path {
        &self.state
    }

    /// A client for it.
    pub fn app(&self) -> TestApp {
        client::spawn_app_at(&self.server.url)
    }

    /// Runs `wrangler <args> --local --persist-to <its state>` from
    /// `worker/`: the very KV and R2 store this server reads, through
    /// wrangler's own commands (never a fake store). Answers standard
    /// output, or `None` when wrangler failed (such as a missing object).
    pub fn wrangler(&self, args: &[&str]) -> Option<Vec<u8>> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace")
            .to_path_buf();
        let out = std::process::Command::new(root.join("node_modules/.bin/wrangler"))
            .current_dir(root.join("worker"))
            .args(args)
            .arg("--local")
            .arg("--persist-to")
            .arg(&self.state)
            .env("PATH", path_with_node(&root))
            .env("CI", "true")
            .env("WRANGLER_SEND_METRICS", "false")
            .output()
            .expect("wrangler runs");
        out.status.success().then_some(out.stdout)
    }

    /// Puts `bytes` under `key` in its local KV (binding `KV`), as a value
    /// stored before this version would be.
    pub fn kv_put(&self, key: &str, bytes: &[u8]) {
        let file = self.state.join("kv-value.bin");
        std::fs::write(&file, bytes).expect("write the value");
        let path = file.to_str().expect("a UTF-8 path");
        let kv = ["kv", "key", "put", key, "--binding", "KV", "--preview"];
        self.wrangler(&[&kv[..], &["--path", path]].concat())
            .unwrap_or_else(|| panic!("wrangler kv key put {key}"));
    }

    /// The value under `key` in its local KV, if there is one.
    pub fn kv_get(&self, key: &str) -> Option<Vec<u8>> {
        let out = self.wrangler(&["kv", "key", "get", key, "--binding", "KV", "--preview"])?;
        (out.trim_ascii() != b"Value not found").then_some(out)
    }

    /// The object under `key` in its local R2 bucket `bucket`, if there is one.
    pub fn r2_get(&self, bucket: &str, key: &str) -> Option<Vec<u8>> {
        self.wrangler(&["r2", "object", "get", &format!("{bucket}/{key}"), "--pipe"])
    }

    /// Deletes the object under `key` from its local R2 bucket `bucket`.
    pub fn r2_delete(&self, bucket: &str, key: &str) {
        self.wrangler(&["r2", "object", "delete", &format!("{bucket}/{key}")])
            .unwrap_or_else(|| panic!("wrangler r2 object delete {key}"));
    }
}

/// PATH with the workspace's pinned Node tools first.
fn path_with_node(root: &std::path::Path) -> std::ffi::OsString {
    let mut paths = vec![root.join("node_modules").join(".bin")];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH entries are valid")
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        self.server.stop();
        let _ = std::fs::remove_dir_all(&self.state);
    }
}

/// The worker var that makes a server trust `CF-Connecting-IP`, as the
/// deployed worker does behind Cloudflare's edge.
pub const TRUSTING: (&str, &str) = ("TRUST_CF_CONNECTING_IP", "true");

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

/// A 1x1 PNG: a photo or signature the worker accepts as `image/png`.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
