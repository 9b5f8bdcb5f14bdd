//! A lagging KV, made real: on Cloudflare's network a read can be served
//! a case's previous snapshot for a minute after a write. Tests put exactly
//! that (the snapshot KV held before the write) into the test server's
//! local KV with `wrangler kv key put --local --persist-to <state>`, the
//! store workerd itself reads. Nothing is faked.
//!
//! Each test runs a server of its own ([`LaggingServer`]): wrangler's
//! command writes the same SQLite file workerd writes, and a write of
//! another test's at that moment could find it locked.

use std::path::PathBuf;
use std::process::Command;

use afterloop_domain::layout::keys;
use afterloop_domain::CaseId;

/// The test server's local KV, through wrangler's own commands.
pub struct LocalKv {
    state: PathBuf,
    root: PathBuf,
}

impl LocalKv {
    /// The KV kept under `state` (a server's `--persist-to`).
    pub fn at(state: &std::path::Path) -> LocalKv {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace")
            .to_path_buf();
        LocalKv {
            state: state.to_path_buf(),
            root,
        }
    }

    fn wrangler(&self, args: &[&str]) -> std::process::Output {
        // The project's own Node and wrangler (`npm ci`), first on the PATH.
        let node_bin = self.root.join("node_modules").join(".bin");
        let mut path = vec![node_bin.clone()];
        if let Some(p) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&p));
        }
        let out = Command::new(node_bin.join("wrangler"))
            .env("PATH", std::env::join_paths(path).expect("a PATH"))
            .current_dir(self.root.join("worker"))
            .args(["kv", "key"])
            .args(args)
            // `--preview`: `wrangler dev` serves the binding's `preview_id`.
            .args(["--binding", "KV", "--preview", "--local", "--persist-to"])
            .arg(&self.state)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .output()
            .expect("run wrangler");
        assert!(
            out.status.success(),
            "wrangler kv key {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The value stored under `key`, as text.
    pub fn get(&self, key: &str) -> String {
        let out = self.wrangler(&["get", key, "--text"]);
        let text = String::from_utf8(out.stdout).expect("a text value");
        assert_ne!(text.trim(), "Value not found", "KV holds no `{key}`");
        text
    }

    /// Stores `value` under `key`.
    pub fn put(&self, key: &str, value: &str) {
        let file = std::env::temp_dir().join(format!(
            "afterloop-kv-{}-{}",
            std::process::id(),
            crate::unique("v").replace(' ', "-")
        ));
        std::fs::write(&file, value).expect("write the value");
        self.wrangler(&["put", key, "--path", file.to_str().expect("a UTF-8 path")]);
        let _ = std::fs::remove_file(&file);
    }

    /// The case's snapshot as KV holds it now (JSON).
    pub fn snapshot(&self, id: CaseId) -> String {
        self.get(&keys::case(id))
    }

    /// Makes KV lag: puts back `previous`, a snapshot it held before, as
    /// an edge that has not seen the latest write would serve it.
    pub fn serve_stale(&self, id: CaseId, previous: &str) {
        self.put(&keys::case(id), previous);
    }
}

/// A `wrangler dev` of a test's own (trusting `CF-Connecting-IP`, as the
/// suite's server does) with its KV at hand.
pub struct LaggingServer {
    /// The server (stopped, its state removed, on drop).
    pub server: crate::OwnServer,
    /// Its local KV.
    pub kv: LocalKv,
}

impl LaggingServer {
    /// Starts one named `name`.
    pub fn start(name: &str) -> LaggingServer {
        let server = crate::OwnServer::start(name, &[crate::TRUSTING]);
        let kv = LocalKv::at(server.state());
        LaggingServer { server, kv }
    }

    /// A client for it.
    pub fn app(&self) -> crate::TestApp {
        self.server.app()
    }
}
