//! Installs what is missing, at pinned versions, from the package registries
//! only (crates.io, npm, Debian) and rustup. Each check is cheap when the tool
//! is already there, so every command calls these first.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::project;

/// The wasm-bindgen CLI version; must equal the `wasm-bindgen` crate pinned in Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// The worker-build version matching the `worker` crate.
pub const WORKER_BUILD_VERSION: &str = "0.8.7";

/// Everything `build` needs: the wasm target, wasm-bindgen, worker-build and the npm packages.
pub fn ensure_build_tools() -> Result<()> {
    ensure_wasm_target()?;
    ensure_cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        // Its lockfile wants a crate version the registry mirror lacks.
        false,
    )?;
    ensure_cargo_tool("worker-build", "worker-build", WORKER_BUILD_VERSION, true)?;
    ensure_npm_packages()
}

/// Everything `test` needs beyond the build: rustfmt, clippy, Chromium and its driver.
pub fn ensure_test_tools() -> Result<()> {
    ensure_build_tools()?;
    let components = output(Command::new("rustup").args(["component", "list", "--installed"]))?;
    for component in ["rustfmt", "clippy"] {
        if !components.lines().any(|l| l.starts_with(component)) {
            run(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    ensure_chromium()
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("xtask: adding the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// The path of a cargo-installed binary.
pub fn cargo_bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(name)
}

fn ensure_cargo_tool(bin: &str, krate: &str, version: &str, locked: bool) -> Result<()> {
    let path = cargo_bin(bin);
    let current = Command::new(&path)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if current
        .split_whitespace()
        .any(|w| w.trim_start_matches('v') == version)
    {
        return Ok(());
    }
    eprintln!("xtask: installing {krate} {version} (a few minutes, once)");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version]);
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd)
}

fn ensure_npm_packages() -> Result<()> {
    let root = project::root();
    let lock = std::fs::read(root.join("package-lock.json")).context("package-lock.json")?;
    let stamp = root.join("node_modules").join(".afterloop-lock");
    let tools_present = ["wrangler", "wasm-opt", "esbuild", "node"]
        .iter()
        .all(|t| project::node_bin().join(t).exists());
    if tools_present && std::fs::read(&stamp).ok().as_deref() == Some(&lock[..]) {
        return Ok(());
    }
    eprintln!("xtask: installing npm packages from package-lock.json");
    // `npm install`, not `npm ci`: the registry mirror lacks workerd's macOS and
    // Windows builds, so the lock lists only Linux ones and `npm ci` refuses
    // it. With exact versions in package.json and the lock, install resolves
    // the same tree and leaves the lock unchanged.
    run(Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&root))?;
    std::fs::write(stamp, lock)?;
    Ok(())
}

/// The schemathesis version the bad-input run uses (from PyPI).
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// schemathesis in its own virtualenv under the target folder; returns its binary.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = project::target_dir().join("tools").join("schemathesis");
    let bin = venv.join("bin").join("schemathesis");
    let current = Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if current.contains(SCHEMATHESIS_VERSION) {
        return Ok(bin);
    }
    eprintln!(
        "xtask: installing schemathesis {SCHEMATHESIS_VERSION} from PyPI (once per target folder)"
    );
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")))?;
    Ok(bin)
}

/// A font file of Debian's `fonts-noto-cjk`: without it Chromium draws
/// Chinese as empty boxes in screenshots.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn ensure_chromium() -> Result<()> {
    let have = |p: &str| std::path::Path::new(p).exists();
    if have("/usr/bin/chromium") && have("/usr/bin/chromedriver") && have(CJK_FONT) {
        return Ok(());
    }
    eprintln!("xtask: installing Debian's chromium, chromium-driver and fonts-noto-cjk (a few minutes, once)");
    apt_install(&["chromium", "chromium-driver", "fonts-noto-cjk"])?;
    if !(have("/usr/bin/chromium") && have("/usr/bin/chromedriver")) {
        bail!(
            "apt-get installed chromium but /usr/bin/chromium or /usr/bin/chromedriver is missing"
        );
    }
    Ok(())
}

/// Everything `bench` needs beyond the tests': Debian's `wrk` load generator.
pub fn ensure_bench_tools() -> Result<()> {
    ensure_chromium()?;
    if !std::path::Path::new("/usr/bin/wrk").exists() {
        eprintln!("xtask: installing Debian's wrk");
        apt_install(&["wrk"])?;
    }
    Ok(())
}

/// Installs Debian packages (through sudo unless we are root).
fn apt_install(packages: &[&str]) -> Result<()> {
    let apt = |args: &[&str]| -> Result<()> {
        // SAFETY: geteuid has no preconditions.
        let mut cmd = if unsafe { libc::geteuid() } == 0 {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut cmd)
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"], packages].concat())
}

/// Runs a command with inherited output; fails on a non-zero exit.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("could not start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Runs a command and returns its standard output; fails on a non-zero exit.
pub fn output(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("could not start {cmd:?}"))?;
    if !out.status.success() {
        bail!(
            "{cmd:?} failed with {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
