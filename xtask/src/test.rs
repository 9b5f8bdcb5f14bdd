//! Command 2, what CI runs: formatting, clippy, unit tests, then the API and
//! browser tests against a fresh `wrangler dev` that this command starts on a
//! free port and always stops, whatever the tests do.

use std::process::Command;

use anyhow::{bail, Result};

use crate::build;
use crate::project;
use crate::tools::{self, run};
use crate::wrangler::{Output, Wrangler};

/// Runs every check and test; the last lines printed are cargo test's summaries.
pub fn run_all() -> Result<()> {
    tools::ensure_test_tools()?;
    let root = project::root();

    eprintln!("xtask: cargo fmt --check");
    run(Command::new("cargo")
        .current_dir(&root)
        .args(["fmt", "--all", "--check"]))?;

    eprintln!("xtask: clippy (native crates, then the wasm crates)");
    run(Command::new("cargo").current_dir(&root).args([
        "clippy",
        "--all-targets",
        "--package",
        "afterloop-domain",
        "--package",
        "xtask",
        "--package",
        "afterloop-tests",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").current_dir(&root).args([
        "clippy",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "afterloop-app",
        "--package",
        "afterloop-worker",
        "--",
        "-D",
        "warnings",
    ]))?;

    // `--all-features`: `tests/openapi.rs` needs the `openapi` feature.
    eprintln!("xtask: domain unit tests");
    run(Command::new("cargo").current_dir(&root).args([
        "test",
        "--package",
        "afterloop-domain",
        "--all-features",
    ]))?;

    tools::ensure_build_tools()?;
    build::all()?;

    let output = root.join("tests").join("output");
    let _ = std::fs::remove_dir_all(&output);
    let state = project::target_dir().join("test-state");
    let _ = std::fs::remove_dir_all(&state);
    let port = project::free_port()?;
    eprintln!("xtask: starting wrangler dev on 127.0.0.1:{port} (log: tests/output/wrangler.log)");
    let server = Wrangler::start(port, &state, Output::File(output.join("wrangler.log")))?;

    eprintln!("xtask: API and browser tests against {}", server.url);
    let status = Command::new("cargo")
        .current_dir(&root)
        .args([
            "test",
            "--package",
            "afterloop-tests",
            "--test",
            "api",
            "--test",
            "browser",
        ])
        .env("AFTERLOOP_BASE_URL", &server.url)
        .env("AFTERLOOP_TEST_OUTPUT", &output)
        .status()?;
    drop(server);
    if !status.success() {
        bail!("API or browser tests failed");
    }
    Ok(())
}
