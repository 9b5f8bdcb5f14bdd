//! Command 2, what CI runs: formatting, clippy, unit tests, then the API and
//! browser tests against a fresh `wrangler dev` that this command starts on a
//! free port and always stops, whatever the tests do.

use std::process::Command;

use anyhow::{bail, Result};

use crate::build;
use crate::project;
use crate::seed;
use crate::tools::{self, run};
use afterloop_devserver::{Output, Wrangler};

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
        "--package",
        "afterloop-words",
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
        "--package",
        "afterloop-bench-hello",
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
    eprintln!("xtask: words unit tests (native)");
    run(Command::new("cargo")
        .current_dir(&root)
        .args(["test", "--package", "afterloop-words"]))?;
    eprintln!("xtask: worker unit tests (native)");
    run(Command::new("cargo").current_dir(&root).args([
        "test",
        "--package",
        "afterloop-worker",
        "--lib",
    ]))?;

    tools::ensure_build_tools()?;
    build::all()?;
    // A bundle whose first load is over its budget is reported, not failed.
    crate::budget::warn_over_budget(&root.join("app").join("dist"))?;
    // What `wrangler deploy` would upload: nothing local-only, within the limits.
    crate::deploy::dry_run()?;

    let output = root.join("tests").join("output");
    let _ = std::fs::remove_dir_all(&output);
    let state = project::target_dir().join("test-state");
    let _ = std::fs::remove_dir_all(&state);
    bad_input(&output)?;
    seeded_year(&output)?;

    let port = project::free_port()?;
    eprintln!("xtask: starting wrangler dev on 127.0.0.1:{port} (log: tests/output/wrangler.log)");
    // Trusting `CF-Connecting-IP` as the deployed worker does: each test
    // client claims an address of its own, so the abuse limits count every
    // test's customers apart (a test of the local rule runs its own server).
    let server = Wrangler::start_with_vars(
        &root,
        port,
        &state,
        Output::File(output.join("wrangler.log")),
        &[("TRUST_CF_CONNECTING_IP", "true")],
    )?;

    eprintln!("xtask: API and browser tests against {}", server.url);
    let status = Command::new("cargo")
        .current_dir(&root)
        .args([
            "test",
            "--package",
            "afterloop-tests",
            "--test",
            "crash",
            "--test",
            "api",
            "--test",
            "browser",
        ])
        .env("AFTERLOOP_BASE_URL", &server.url)
        .env("AFTERLOOP_TEST_OUTPUT", &output)
        // Where its local KV lives: stale-KV tests write into it (`tests::lagging`).
        .env("AFTERLOOP_STATE_DIR", &state)
        .status()?;
    drop(server);
    if !status.success() {
        bail!("API or browser tests failed");
    }
    Ok(())
}

/// Operations and checks of the schemathesis run: every response must be
/// a non-5xx, match its schema, carry a documented content type and status.
const SCHEMATHESIS_CHECKS: &str =
    "not_a_server_error,response_schema_conformance,content_type_conformance,status_code_conformance";

/// Fuzzes the API from its OpenAPI document with schemathesis, signed out
/// and signed in as a manager (whose session must survive: logout is left
/// out), against a server of its own so its traffic (and the rate limits it
/// trips) never touch the other tests.
fn bad_input(output: &std::path::Path) -> Result<()> {
    let schemathesis = tools::ensure_schemathesis()?;
    let state = project::target_dir().join("fuzz-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = Wrangler::start(
        &project::root(),
        project::free_port()?,
        &state,
        Output::File(output.join("wrangler-schemathesis.log")),
    )?;
    let url = server.url.as_str();
    let token = seed::manager_token(url)?;
    let spec = format!("{url}/api/v1/openapi.json");
    for (profile, header) in [
        ("anonymous", None),
        ("manager", Some(format!("Authorization: Bearer {token}"))),
    ] {
        eprintln!("xtask: schemathesis against {spec} ({profile})");
        let mut cmd = Command::new(&schemathesis);
        cmd.args(["run", &spec, "--url", url, "--checks", SCHEMATHESIS_CHECKS])
            .args([
                "--max-examples",
                "25",
                "--seed",
                "20261123",
                "--generation-deterministic",
            ])
            .args(["--exclude-path", "/api/v1/auth/logout"])
            .env("SCHEMATHESIS_TELEMETRY", "false")
            .env("NO_COLOR", "1");
        if let Some(h) = &header {
            cmd.args(["-H", h]);
        }
        run(&mut cmd)?;
    }
    Ok(())
}

/// Seeds the demo company into a server of its own twice (the second
/// seeding must add nothing), then reads the year back (`--test seeded`).
fn seeded_year(output: &std::path::Path) -> Result<()> {
    let state = project::target_dir().join("seed-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = Wrangler::start(
        &project::root(),
        project::free_port()?,
        &state,
        Output::File(output.join("wrangler-seeded.log")),
    )?;
    eprintln!("xtask: seeding the demo company into {}", server.url);
    eprintln!("xtask: {}", seed::year(&server.url)?.report);
    let again = seed::year(&server.url)?;
    eprintln!("xtask: again: {}", again.report);
    if again.added > 0 {
        bail!("a second seeding added {} cases and events", again.added);
    }
    let status = Command::new("cargo")
        .current_dir(project::root())
        .args(["test", "--package", "afterloop-tests", "--test", "seeded"])
        .env("AFTERLOOP_BASE_URL", &server.url)
        .env("AFTERLOOP_TEST_OUTPUT", output)
        .status()?;
    drop(server);
    if !status.success() {
        bail!("the seeded year's tests failed");
    }
    Ok(())
}
