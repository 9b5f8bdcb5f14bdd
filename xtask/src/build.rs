//! Builds the app (cargo → wasm-bindgen → wasm-opt, into `app/dist`) and the
//! worker (worker-build, into `worker/build`), using only local binaries:
//! a build log that mentions a download is an error.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::project;
use crate::tools::{self, cargo_bin};

/// wasm features the Rust wasm32 target emits by default; wasm-opt must accept them.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// How wasm-opt shrinks an app bundle (BENCHMARKS.md, "What every bundle is
/// made of", has what each saves). `-Os` comes out smaller than `-Oz` once
/// gzipped; the module owns its memory (fresh, so zeroed) and keeps its
/// stack at the bottom, where no address computed by wrapping around can
/// land, so the two memory assumptions hold. Not `--traps-never-happen`: a
/// panic aborts with a trap, and that flag would let an out-of-bounds index
/// run on instead, for a few hundred bytes.
const WASM_OPT: &[&str] = &[
    "-Os",
    "--converge",
    "--zero-filled-memory",
    "--low-memory-unused",
    "--strip-debug",
    "--strip-producers",
];

/// Builds the app and then the worker.
pub fn all() -> Result<()> {
    app()?;
    worker()
}

/// The app: release wasm, bindings, size optimisation, and the static files.
pub fn app() -> Result<()> {
    let root = project::root();
    eprintln!("xtask: building the app (wasm, release)");
    // Files are replaced in place, never the folder: a running `wrangler dev`
    // watches it and stops serving assets if it disappears.
    let dist = root.join("app").join("dist");
    wasm_app(
        "afterloop-app",
        &[
            ("afterloop-app", "afterloop_app"),
            ("field", "field"),
            ("reports", "reports"),
            ("customer", "customer"),
        ],
        &dist,
    )?;
    fs::copy(root.join("app/index.html"), dist.join("index.html"))?;
    fs::copy(root.join("app/customer.html"), dist.join("customer.html"))?;
    fs::copy(root.join("app/field.html"), dist.join("field.html"))?;
    fs::copy(root.join("app/reports.html"), dist.join("reports.html"))?;
    fs::write(dist.join("style.css"), stylesheet(&root.join("style"))?)?;
    service_worker(&root.join("app/sw.js"), &dist)
}

/// Writes `dist/sw.js` from the template, its version a hash of the shell
/// files it caches: a new build is a new cache, and phones pick it up.
fn service_worker(template: &Path, dist: &Path) -> Result<()> {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    for file in [
        "index.html",
        "afterloop_app.js",
        "afterloop_app_bg.wasm",
        "field.html",
        "field.js",
        "field_bg.wasm",
        "style.css",
    ] {
        hasher.write(&fs::read(dist.join(file))?);
    }
    let version = format!("{:016x}", hasher.finish());
    let text = fs::read_to_string(template)?.replace("__VERSION__", &version);
    fs::write(dist.join("sw.js"), text)?;
    Ok(())
}

/// Builds a Leptos CSR `package` the way the app is built (release profile,
/// wasm-bindgen for the web, wasm-opt [`WASM_OPT`]) into `dist`: each of its binaries
/// `(bin, name)` as `{name}.js` and `{name}_bg.wasm`. Removes any other
/// file there but the pages, the stylesheet and the service worker.
pub fn wasm_app(package: &str, bins: &[(&str, &str)], dist: &Path) -> Result<()> {
    let root = project::root();
    let target = project::target_dir();
    tools::run(Command::new("cargo").current_dir(&root).args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        package,
        "--bins",
    ]))?;
    fs::create_dir_all(dist)?;
    let mut outputs: Vec<String> = [
        "index.html",
        "field.html",
        "reports.html",
        "customer.html",
        "style.css",
        "sw.js",
    ]
    .map(String::from)
    .to_vec();
    for (_, name) in bins {
        outputs.push(format!("{name}_bg.wasm"));
        outputs.push(format!("{name}.js"));
    }
    for entry in fs::read_dir(dist)? {
        let path = entry?.path();
        let known = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| outputs.iter().any(|o| o == n));
        if !known && path.is_file() {
            fs::remove_file(&path)?;
        }
    }
    for (bin, name) in bins {
        let raw = target.join(format!("wasm32-unknown-unknown/release/{bin}.wasm"));
        let bindgen_out = target.join(format!("{bin}-bindgen"));
        tools::run(
            Command::new(cargo_bin("wasm-bindgen"))
                .args(["--target", "web", "--no-typescript", "--out-name", name])
                .arg("--out-dir")
                .arg(&bindgen_out)
                .arg(&raw),
        )?;
        let wasm = format!("{name}_bg.wasm");
        let js = format!("{name}.js");
        tools::run(
            Command::new(project::node_bin().join("wasm-opt"))
                .env("PATH", project::path_with_node())
                .args(WASM_OPT)
                .args(WASM_FEATURES)
                .arg(bindgen_out.join(&wasm))
                .arg("-o")
                .arg(dist.join(&wasm)),
        )?;
        fs::copy(bindgen_out.join(&js), dist.join(&js))?;
    }
    Ok(())
}

/// All of `style/*.css`, in name order, as one stylesheet.
fn stylesheet(dir: &Path) -> Result<String> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    files.sort();
    let mut css = String::new();
    for file in files {
        css.push_str(&fs::read_to_string(&file)?);
        css.push('\n');
    }
    Ok(css)
}

/// The worker: worker-build with the local wasm-bindgen, wasm-opt and esbuild.
pub fn worker() -> Result<()> {
    eprintln!("xtask: building the worker (wasm, release)");
    let node_bin = project::node_bin();
    let out = Command::new(cargo_bin("worker-build"))
        .arg("--release")
        .current_dir(project::root().join("worker"))
        .env("PATH", project::path_with_node())
        .env("WASM_BINDGEN_BIN", cargo_bin("wasm-bindgen"))
        .env("WASM_OPT_BIN", node_bin.join("wasm-opt"))
        .env("ESBUILD_BIN", node_bin.join("esbuild"))
        .output()
        .context("could not start worker-build")?;
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        eprintln!("{log}");
        bail!("worker-build failed with {}", out.status);
    }
    if log.contains("Downloading") {
        eprintln!("{log}");
        bail!("worker-build tried to download a tool; WASM_BINDGEN_BIN, WASM_OPT_BIN and ESBUILD_BIN must point at local ones");
    }
    Ok(())
}
