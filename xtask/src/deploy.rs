//! `cargo xtask deploy --dry-run`: what `wrangler deploy` would upload,
//! checked before anyone deploys it. Wrangler bundles the built worker
//! (`wrangler deploy --dry-run --outdir target/deploy-dry-run`, which talks
//! to no account); the command then fails if the bindings it would deploy
//! enable the demo's setup or name a local-only KV namespace, and measures
//! the bundle's gzip size against the Workers limits.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::project;

/// The Workers limit on a compressed worker, Free plan.
pub const FREE_LIMIT: u64 = 3 * 1024 * 1024;

/// The Workers limit on a compressed worker, Paid plan: a bundle over it
/// cannot be deployed at all.
pub const PAID_LIMIT: u64 = 10 * 1024 * 1024;

/// What only local runs may carry: the demo's setup var and the local KV id.
const LOCAL_ONLY: &[&str] = &["DEMO_SETUP", "afterloop-local"];

/// The dry run's bundle, measured.
pub struct Bundle {
    /// Bytes as written.
    pub raw: u64,
    /// Bytes once gzipped (each module on its own), what the limits count.
    pub gzip: u64,
}

/// `cargo xtask deploy [--dry-run]`: only the dry run is done here; the
/// README's deploy section gives the real deploy's steps.
pub fn command(args: &[String]) -> Result<()> {
    if !args.iter().any(|a| a == "--dry-run") {
        bail!("`cargo xtask deploy` runs only `--dry-run`; deploy with `npx wrangler deploy` from worker/ (README, \"Deploying to Cloudflare\")");
    }
    crate::tools::ensure_build_tools()?;
    crate::build::all()?;
    dry_run()?;
    Ok(())
}

/// Bundles what `wrangler deploy` would upload from the current build,
/// checks it and prints its size beside the limits; fails on a local-only
/// binding or a bundle over [`PAID_LIMIT`].
pub fn dry_run() -> Result<Bundle> {
    let dir = project::target_dir().join("deploy-dry-run");
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("xtask: wrangler deploy --dry-run (into {})", dir.display());
    let out = Command::new(project::node_bin().join("wrangler"))
        .current_dir(project::root().join("worker"))
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(&dir)
        .env("PATH", project::path_with_node())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "true")
        .output()
        .context("could not start wrangler")?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        eprintln!("{log}");
        bail!("wrangler deploy --dry-run failed with {}", out.status);
    }
    if let Some(found) = local_only(&log) {
        eprintln!("{log}");
        bail!("the deploy would carry `{found}`, which only local runs may have (worker/.dev.vars or what only `wrangler dev` reads)");
    }
    let bundle = measure(&dir)?;
    if let Some(line) = log.lines().find(|l| l.contains("Total Upload")) {
        println!("wrangler: {}", line.trim());
    }
    println!(
        "deploy bundle: {} raw, {} gzip; Workers limit {} (Free), {} (Paid)",
        size(bundle.raw),
        size(bundle.gzip),
        size(FREE_LIMIT),
        size(PAID_LIMIT)
    );
    if bundle.gzip > PAID_LIMIT {
        bail!(
            "the worker is {} gzipped, over the Workers limit of {} even on the Paid plan",
            size(bundle.gzip),
            size(PAID_LIMIT)
        );
    }
    if bundle.gzip > FREE_LIMIT {
        println!("deploy bundle: over the Free plan's limit, within the Paid plan's");
    }
    Ok(bundle)
}

/// The first local-only name in the dry run's account of what it would
/// deploy (its bindings), if any.
fn local_only(log: &str) -> Option<&'static str> {
    LOCAL_ONLY.iter().copied().find(|name| log.contains(name))
}

/// Sums the bundle's modules (its script and wasm, not the source map or
/// wrangler's README beside them), raw and gzipped one by one.
fn measure(dir: &Path) -> Result<Bundle> {
    let (mut raw, mut gzip) = (0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("read {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name == "README.md" || name.ends_with(".map") {
                continue;
            }
            let bytes = std::fs::read(&path)?;
            raw += bytes.len() as u64;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&bytes)?;
            gzip += enc.finish()?.len() as u64;
        }
    }
    if raw == 0 {
        bail!("wrangler wrote nothing into {}", dir.display());
    }
    Ok(Bundle { raw, gzip })
}

/// Bytes in KiB or MiB.
fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
