//! `cargo xtask`: Afterloop's one entry point for building, serving, seeding,
//! testing and benchmarking. Each step installs what it needs when it is
//! missing (pinned versions only) and downloads nothing from outside the
//! package registries.
//!
//! - `up`: install, build, start `wrangler dev` on 127.0.0.1 with state in
//!   `.afterloop/state`, seed the demo company, print the URL, serve until Ctrl-C.
//! - `test`: install (Chromium too), fmt and clippy checks, unit tests, then the
//!   API and browser tests against a fresh `wrangler dev` it starts and stops.
//! - `build`: build the app and the worker (release wasm).
//! - `seed [URL]`: seed the demo company into a running server.
//! - `deploy --dry-run`: bundle what `wrangler deploy` would upload, check
//!   it carries nothing local-only and measure it against the Workers limits.
//! - `bench`: the API against its floor, scale to 100,000 cases, front-end
//!   size and time to interactive, the worker's cold start; prints figures,
//!   never fails on speed (`bench coldstart`: the cold start alone).
//! - `size`: what each app bundle's wasm is made of, by crate (after `build app`).

mod bench;
mod budget;
mod build;
mod deploy;
mod project;
mod seed;
mod size;
mod test;
mod tools;

use anyhow::{bail, Context, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        print_usage();
        bail!("no command given");
    };
    match command.as_str() {
        "up" => up(),
        "build" => {
            tools::ensure_build_tools()?;
            match args.get(1).map(String::as_str) {
                Some("app") => build::app(),
                Some("worker") => build::worker(),
                _ => build::all(),
            }
        }
        "test" => test::run_all(),
        "size" => size::run(),
        "deploy" => deploy::command(&args[1..]),
        "bench" => match args.get(1).map(String::as_str) {
            Some("reports") => {
                let scales = args[2..]
                    .iter()
                    .map(|a| a.parse::<u32>())
                    .collect::<Result<Vec<_>, _>>()
                    .context("scales are numbers of cases, e.g. 10000 100000")?;
                let scales = if scales.is_empty() {
                    vec![10_000, 100_000]
                } else {
                    scales
                };
                bench::reports::run(&scales)
            }
            Some("front") => bench::run(true),
            Some("coldstart") => bench::coldstart::run(),
            _ => bench::run(false),
        },
        "seed" => {
            let url = args
                .get(1)
                .cloned()
                .unwrap_or_else(|| format!("http://127.0.0.1:{}", project::DEFAULT_PORT));
            let report = seed::demo(&url)?;
            println!("{report}");
            Ok(())
        }
        "help" | "--help" | "-h" => {
            print_usage();
            Ok(())
        }
        other => {
            print_usage();
            bail!("unknown command `{other}`")
        }
    }
}

fn print_usage() {
    eprintln!(
        "usage: cargo xtask <command>\n\n  up      install what is missing, build, seed, serve on 127.0.0.1\n  test    run every check and test (what CI runs)\n  build   build the app and the worker [app|worker]\n  seed    seed the demo company into a running server [URL]\n  deploy  --dry-run: bundle, check and measure what `wrangler deploy` would upload\n  bench   measure the API against its floor, scale and the front end\n          [front: the front end alone; reports [CASES…]: the report queries alone;
           coldstart: the worker's cold start alone]\n  size    what each app bundle's wasm is made of, by crate (after `build app`)"
    );
}

/// Command 1: everything a fresh machine needs to show the app.
fn up() -> Result<()> {
    tools::ensure_build_tools()?;
    build::all()?;
    let port = project::port_from_env()?;
    let url = format!("http://127.0.0.1:{port}");
    if afterloop_devserver::is_afterloop(&url) {
        println!(
            "Afterloop is already running at {url}; seeding (idempotent) and leaving it running."
        );
        println!("{}", seed::demo(&url)?);
        return Ok(());
    }
    if !project::port_is_free(port) {
        bail!("port {port} on 127.0.0.1 is taken by another program; set AFTERLOOP_PORT to another port");
    }
    let state = project::root().join(".afterloop").join("state");
    let server = afterloop_devserver::Wrangler::start(
        &project::root(),
        port,
        &state,
        afterloop_devserver::Output::Inherit,
    )?;
    println!("{}", seed::demo(&url)?);
    println!(
        "\nAfterloop is running at {url}  (state kept in {}; Ctrl-C stops it)\n",
        state.display()
    );
    server.wait()
}
