//! Builds the app (cargo → wasm-split → wasm-bindgen → wasm-opt, into
//! `app/dist`) and the
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

/// [`WASM_OPT`] for a chunk: a chunk imports the main module's memory,
/// which is in use when the chunk arrives, so nothing may assume it zeroed.
const WASM_OPT_CHUNK: &[&str] = &[
    "-Os",
    "--converge",
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
    let bundles = wasm_app(
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
    // The service worker caches what the back office and the field app may
    // fetch later, so both open offline; the reports and the customer's
    // pages are online only.
    let offline: Vec<String> = bundles
        .iter()
        .filter(|b| b.name == "afterloop_app" || b.name == "field")
        .flat_map(|b| b.loader.iter().chain(&b.chunks).cloned())
        .collect();
    service_worker(&root.join("app/sw.js"), &dist, &offline)
}

/// Writes `dist/sw.js` from the template: its version a hash of the shell
/// files it caches (a new build is a new cache, and phones pick it up), and
/// its list of chunks the back office and the field app may fetch after
/// their first load, cached at install so a job page opens offline.
fn service_worker(template: &Path, dist: &Path, chunks: &[String]) -> Result<()> {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    let shell = [
        "index.html",
        "afterloop_app.js",
        "afterloop_app_bg.wasm",
        "field.html",
        "field.js",
        "field_bg.wasm",
        "style.css",
    ];
    for file in shell
        .iter()
        .copied()
        .chain(chunks.iter().map(String::as_str))
    {
        hasher.write(&fs::read(dist.join(file)).with_context(|| format!("reading {file}"))?);
    }
    let version = format!("{:016x}", hasher.finish());
    let chunk_paths: Vec<String> = chunks.iter().map(|c| format!("/{c}")).collect();
    let text = fs::read_to_string(template)?
        .replace("__VERSION__", &version)
        .replace("[/*__CHUNKS__*/]", &serde_json::to_string(&chunk_paths)?);
    fs::write(dist.join("sw.js"), text)?;
    Ok(())
}

/// What [`wasm_app`] wrote for one binary: beside `{name}.js` and
/// `{name}_bg.wasm`, the files it may fetch after its first load.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The bundle's name (`field` → `field.js`).
    pub name: String,
    /// `{name}_split.js`, the loader of its chunks, when it has chunks.
    pub loader: Option<String>,
    /// Its chunks (`{name}.split_job_page.wasm`, `{name}.chunk_3.wasm`…),
    /// each fetched the first time code in it runs.
    pub chunks: Vec<String>,
}

impl Bundle {
    /// Every file of the bundle in `dist` but its page.
    pub fn files(&self) -> Vec<String> {
        let mut files = vec![
            format!("{}.js", self.name),
            format!("{}_bg.wasm", self.name),
        ];
        files.extend(self.loader.iter().cloned());
        files.extend(self.chunks.iter().cloned());
        files
    }
}

/// Builds a Leptos CSR `package` the way the app is built into `dist`:
/// each of its binaries `(bin, name)` as `{name}.js` and `{name}_bg.wasm`,
/// plus, for a binary with split points (`app/src/chunks.rs`), its chunk
/// loader and chunks ([`Bundle`]). Per binary: the release wasm linked
/// with relocations (`--emit-relocs`, for the splitter), split at its
/// split points (`wasm_split_cli_support`), the main module through
/// wasm-bindgen for the web, then every module through wasm-opt ([`WASM_OPT`]).
/// Removes any other file in `dist` but the pages, the stylesheet and the
/// service worker.
pub fn wasm_app(package: &str, bins: &[(&str, &str)], dist: &Path) -> Result<Vec<Bundle>> {
    fs::create_dir_all(dist)?;
    let mut bundles = Vec::new();
    for (bin, name) in bins {
        bundles.push(wasm_bin(package, bin, name, dist)?);
    }
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
    outputs.extend(bundles.iter().flat_map(Bundle::files));
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
    Ok(bundles)
}

/// One binary of [`wasm_app`].
fn wasm_bin(package: &str, bin: &str, name: &str, dist: &Path) -> Result<Bundle> {
    let root = project::root();
    let target = project::target_dir();
    // The link argument goes to this binary alone: the libraries' build
    // (and the worker's) stays cached.
    tools::run(Command::new("cargo").current_dir(&root).args([
        "rustc",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        package,
        "--bin",
        bin,
        "--",
        "-C",
        "link-arg=--emit-relocs",
    ]))?;
    let raw = fs::read(target.join(format!("wasm32-unknown-unknown/release/{bin}.wasm")))?;
    let split_dir = target.join(format!("{bin}-split"));
    if split_dir.exists() {
        fs::remove_dir_all(&split_dir)?;
    }
    fs::create_dir_all(&split_dir)?;
    let main = split_dir.join(format!("{name}.wasm"));
    let loader = format!("{name}_split.js");
    let link_name = format!("./{loader}");
    let main_module = format!("./{name}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&raw);
        opts.output_dir = &split_dir;
        opts.main_out_path = &main;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| anyhow::anyhow!("splitting {bin}.wasm: {e:?}"))?;

    let bindgen_out = target.join(format!("{bin}-bindgen"));
    let mut bindgen = Command::new(cargo_bin("wasm-bindgen"));
    bindgen.args(["--target", "web", "--no-typescript", "--out-name", name]);
    if !split.split_modules.is_empty() {
        // The chunks import the main module's function table, which
        // wasm-bindgen would otherwise stop exporting.
        bindgen.arg("--keep-lld-exports");
    }
    tools::run(bindgen.arg("--out-dir").arg(&bindgen_out).arg(&main))?;
    let wasm = format!("{name}_bg.wasm");
    let js = format!("{name}.js");
    wasm_opt(WASM_OPT, &bindgen_out.join(&wasm), &dist.join(&wasm))?;
    fs::copy(bindgen_out.join(&js), dist.join(&js))?;

    // A chunk is fetched relative to the loader, which sits beside the
    // bundle's script: its file name carries the bundle's, so bundles of
    // one library do not overwrite each other's chunks.
    let mut chunks = Vec::new();
    let mut loader_js = fs::read_to_string(split_dir.join(&loader))?;
    for module in &split.split_modules {
        let stem = module
            .file_stem()
            .and_then(|s| s.to_str())
            .context("a chunk without a file name")?;
        let file = format!("{name}.{stem}.wasm");
        let from = format!("\"./{stem}.wasm\"");
        if !loader_js.contains(&from) {
            bail!("{loader} does not fetch {stem}.wasm as {from}: the splitter's output changed");
        }
        loader_js = loader_js.replace(&from, &format!("\"./{file}\""));
        wasm_opt(WASM_OPT_CHUNK, module, &dist.join(&file))?;
        chunks.push(file);
    }
    chunks.sort();
    let uses_loader = fs::read_to_string(dist.join(&js))?.contains(&link_name);
    if uses_loader {
        fs::write(dist.join(&loader), loader_js)?;
    } else if !chunks.is_empty() {
        bail!("{js} does not import {link_name}, yet {bin} has chunks");
    }
    Ok(Bundle {
        name: name.to_owned(),
        loader: uses_loader.then_some(loader),
        chunks,
    })
}

/// wasm-opt with `flags` and the features the Rust wasm32 target emits.
fn wasm_opt(flags: &[&str], input: &Path, output: &Path) -> Result<()> {
    tools::run(
        Command::new(project::node_bin().join("wasm-opt"))
            .env("PATH", project::path_with_node())
            .args(flags)
            .args(WASM_FEATURES)
            .arg(input)
            .arg("-o")
            .arg(output),
    )
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
