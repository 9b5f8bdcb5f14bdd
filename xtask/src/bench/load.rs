//! HTTP load with `wrk` (Debian's package) and `bench/wrk.lua`: requests per
//! second and p50/p99 latency of one path at one concurrency.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::project;

/// What to send.
pub struct Load<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// Paths (with query), taken round robin.
    pub paths: Vec<String>,
    /// Bearer token, if any.
    pub token: Option<&'a str>,
    /// Body; `{n}` becomes a unique id per request.
    pub body: Option<String>,
}

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Requests per second.
    pub rps: f64,
    /// Median latency, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency, milliseconds.
    pub p95_ms: f64,
    /// 99th percentile latency, milliseconds.
    pub p99_ms: f64,
    /// Responses that were not 2xx/3xx, and socket errors.
    pub errors: u64,
}

/// Runs `load` against `base` with `connections` open connections for `seconds`.
pub fn run(
    base: &str,
    load: &Load,
    connections: u32,
    seconds: u32,
    run_id: &str,
) -> Result<Figures> {
    let paths: Vec<String> = load.paths.iter().map(|p| p.to_string()).collect();
    let script = project::root().join("bench").join("wrk.lua");
    let threads = connections.min(2);
    let out = Command::new("wrk")
        .args(["-t", &threads.to_string(), "-c", &connections.to_string()])
        .args(["-d", &format!("{seconds}s"), "--timeout", "10s", "-s"])
        .arg(&script)
        .arg(base)
        .env("BENCH_METHOD", load.method)
        .env("BENCH_PATHS", paths.join(" "))
        .env("BENCH_TOKEN", load.token.unwrap_or(""))
        .env("BENCH_BODY", load.body.as_deref().unwrap_or(""))
        .env("BENCH_RUN", run_id)
        .output()
        .context("running wrk (cargo xtask bench installs it from Debian)")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find(|l| l.starts_with("BENCH ")) else {
        bail!(
            "wrk printed no figures:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let n: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    let [requests, duration_us, p50, p99, status, socket, p95] = n[..] else {
        bail!("unexpected wrk line: {line}");
    };
    Ok(Figures {
        rps: requests as f64 / (duration_us as f64 / 1e6),
        p50_ms: p50 as f64 / 1000.0,
        p95_ms: p95 as f64 / 1000.0,
        p99_ms: p99 as f64 / 1000.0,
        errors: status + socket,
    })
}
