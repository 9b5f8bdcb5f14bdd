//! Cold start: how long the worker takes to answer when nothing is warm,
//! beside the floor worker (`bench/floor`, a few lines of JavaScript in the
//! same runtime), and what the worker's wasm is made of.
//!
//! - **Fresh start**: from launching `wrangler dev` on fresh state to the
//!   port accepting connections and to the first answered request (ours:
//!   `GET /api/v1/health`, a KV read; the floor: a token lookup, a KV read),
//!   polled every 5 ms; the median of [`STARTS`] starts each.
//! - **After a quiet period**: on a running server, the median of warm
//!   reads (`GET` a case from KV) and writes (a note through the case's
//!   Durable Object), then, after [`QUIET`] with no request, the first read
//!   and the first write.
//! - **The wasm**: raw and gzip size of `worker/build`'s wasm (what a
//!   deploy uploads), and its code by crate, from the function names the
//!   linked (pre-`wasm-bindgen`) module keeps.
//!
//! Alone: `cargo xtask bench coldstart` (about two minutes).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use afterloop_devserver::{free_port, Output, Wrangler};
use anyhow::{bail, Context, Result};

use crate::{build, project, seed, tools};

/// Fresh starts measured per worker.
const STARTS: usize = 3;
/// How long a server gets no request before the "after a quiet period" figures.
const QUIET: Duration = Duration::from_secs(15);
/// Warm requests whose median is the warm figure.
const WARM: usize = 5;

/// `cargo xtask bench coldstart`: builds the worker, measures, prints the
/// section and saves it to `target/bench/coldstart.md`.
pub fn run() -> Result<()> {
    tools::ensure_build_tools()?;
    build::worker()?;
    let out = project::target_dir().join("bench");
    std::fs::create_dir_all(&out)?;
    let mut report = String::new();
    measure(&project::root(), &out, &mut report)?;
    println!("\n{report}");
    let path = out.join("coldstart.md");
    std::fs::write(&path, &report)?;
    eprintln!("xtask bench: cold start saved to {}", path.display());
    Ok(())
}

/// Measures every cold-start figure and appends the report's section.
pub fn measure(root: &Path, out: &Path, report: &mut String) -> Result<()> {
    let worker_dir = root.join("worker");
    let floor_dir = root.join("bench").join("floor");
    let ours: Vec<Start> = (0..STARTS)
        .map(|i| {
            fresh_start(
                root,
                &worker_dir,
                out,
                &format!("ours-{i}"),
                "/api/v1/health",
            )
        })
        .collect::<Result<_>>()?;
    let floor: Vec<Start> = (0..STARTS)
        .map(|i| {
            fresh_start(
                root,
                &floor_dir,
                out,
                &format!("floor-{i}"),
                "/track?token=none",
            )
        })
        .collect::<Result<_>>()?;
    let (ours_quiet, floor_quiet) = quiet(root, &worker_dir, &floor_dir, out)?;

    writeln!(report, "## Cold start\n")?;
    writeln!(
        report,
        "Fresh `wrangler dev` on fresh state, median of {STARTS} (min–max):\n"
    )?;
    writeln!(
        report,
        "| worker | port open | first answer | first answer after the port opened |"
    )?;
    writeln!(report, "|---|---:|---:|---:|")?;
    for (name, starts) in [("ours", &ours), ("floor", &floor)] {
        let listen: Vec<f64> = starts.iter().map(|s| s.listen_ms).collect();
        let answer: Vec<f64> = starts.iter().map(|s| s.answer_ms).collect();
        let gap: Vec<f64> = starts.iter().map(|s| s.answer_ms - s.listen_ms).collect();
        writeln!(
            report,
            "| {name} | {} | {} | {} |",
            spread(&listen),
            spread(&answer),
            spread(&gap)
        )?;
    }
    writeln!(
        report,
        "\nAfter {} s without a request (warm: median of {WARM}):\n",
        QUIET.as_secs()
    )?;
    writeln!(
        report,
        "| worker | warm read | first read after quiet | warm write | first write after quiet |"
    )?;
    writeln!(report, "|---|---:|---:|---:|---:|")?;
    for (name, q) in [("ours", &ours_quiet), ("floor", &floor_quiet)] {
        writeln!(
            report,
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms |",
            q.warm_read, q.quiet_read, q.warm_write, q.quiet_write
        )?;
    }
    wasm_section(root, report)?;
    Ok(())
}

/// One fresh start's figures, in ms from launching `wrangler dev`.
struct Start {
    listen_ms: f64,
    answer_ms: f64,
}

fn fresh_start(root: &Path, dir: &Path, out: &Path, name: &str, path: &str) -> Result<Start> {
    let state = out.join(format!("coldstart-{name}"));
    let _ = std::fs::remove_dir_all(&state);
    let port = free_port()?;
    let started = Instant::now();
    // Ready at once: the polling below times the start itself.
    let server = Wrangler::start_config(
        root,
        dir,
        port,
        &state,
        Output::File(out.join(format!("coldstart-{name}.log"))),
        |_| true,
    )?;
    let mut listen_ms = None;
    let answer_ms = loop {
        if started.elapsed() > Duration::from_secs(180) {
            bail!("{name}: no answer within 3 minutes");
        }
        if listen_ms.is_none() && TcpStream::connect(("127.0.0.1", port)).is_ok() {
            listen_ms = Some(ms(started.elapsed()));
        }
        if listen_ms.is_some() && answered(&format!("{}{path}", server.url)) {
            break ms(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    drop(server);
    let _ = std::fs::remove_dir_all(&state);
    let start = Start {
        listen_ms: listen_ms.unwrap_or(answer_ms),
        answer_ms,
    };
    eprintln!(
        "xtask bench: {name} port open {:.0} ms, first answer {:.0} ms",
        start.listen_ms, start.answer_ms
    );
    Ok(start)
}

/// Warm and after-quiet figures of one worker.
struct Quiet {
    warm_read: f64,
    quiet_read: f64,
    warm_write: f64,
    quiet_write: f64,
}

/// Ours, then the floor on the same state (the same session, case and keys).
fn quiet(root: &Path, ours_dir: &Path, floor_dir: &Path, out: &Path) -> Result<(Quiet, Quiet)> {
    let state = out.join("coldstart-quiet");
    let _ = std::fs::remove_dir_all(&state);
    let ours = Wrangler::start_config(
        root,
        ours_dir,
        free_port()?,
        &state,
        Output::File(out.join("coldstart-quiet.log")),
        afterloop_devserver::is_afterloop,
    )?;
    let token = seed::manager_token(&ours.url)?;
    let case = super::open_cases(&ours.url, &token, 1)?
        .pop()
        .context("a case")?;
    let read = format!("/api/v1/cases/{case}");
    let write = format!("/api/v1/cases/{case}/commands");
    let ours_quiet = quiet_one(&ours.url, &token, &read, &write, true)?;
    drop(ours);
    let floor = Wrangler::start_config(
        root,
        floor_dir,
        free_port()?,
        &state,
        Output::File(out.join("coldstart-quiet-floor.log")),
        answered,
    )?;
    let floor_quiet = quiet_one(
        &floor.url,
        &token,
        &format!("/read?case={case}"),
        &format!("/append?case={case}&puts=10&bytes=4000"),
        false,
    )?;
    drop(floor);
    let _ = std::fs::remove_dir_all(&state);
    Ok((ours_quiet, floor_quiet))
}

fn quiet_one(base: &str, token: &str, read: &str, write: &str, ours: bool) -> Result<Quiet> {
    let agent = agent(Duration::from_secs(60));
    let mut n = 0;
    let mut timed = |path: &str, post: bool| -> Result<f64> {
        n += 1;
        let url = format!("{base}{path}");
        let auth = format!("Bearer {token}");
        let started = Instant::now();
        let status = if post {
            let body = serde_json::json!({
                "event_id": format!("coldstart-{}-{n}", std::process::id()),
                "command": { "type": "add_note", "text": "Cold start", "visibility": "internal" }
            });
            agent
                .post(&url)
                .header("Authorization", &auth)
                .send_json(body)?
                .status()
        } else {
            agent
                .get(&url)
                .header("Authorization", &auth)
                .call()?
                .status()
        };
        let took = ms(started.elapsed());
        if !status.is_success() {
            bail!("{url} answered {status}");
        }
        Ok(took)
    };
    // The first of each warms up and is not counted.
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for i in 0..=WARM {
        let r = timed(read, false)?;
        let w = timed(write, true)?;
        if i > 0 {
            reads.push(r);
            writes.push(w);
        }
    }
    let name = if ours { "ours" } else { "floor" };
    eprintln!(
        "xtask bench: {name} warm; {} s without a request",
        QUIET.as_secs()
    );
    std::thread::sleep(QUIET);
    let quiet_read = timed(read, false)?;
    let quiet_write = timed(write, true)?;
    Ok(Quiet {
        warm_read: median(&mut reads),
        quiet_read,
        warm_write: median(&mut writes),
        quiet_write,
    })
}

/// The wasm's sizes and what its code is made of.
fn wasm_section(root: &Path, report: &mut String) -> Result<()> {
    let deployed = std::fs::read_dir(root.join("worker").join("build"))?
        .chain(
            std::fs::read_dir(root.join("worker").join("build").join("worker"))
                .into_iter()
                .flatten(),
        )
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .context("a wasm in worker/build (cargo xtask build worker)")?;
    let bytes = std::fs::read(&deployed)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gzip = gz.finish()?.len();
    writeln!(
        report,
        "\nThe worker's wasm (`{}`): {} bytes raw, {} bytes gzip -9 (the Workers limit counts the compressed upload: 3 MB free, 10 MB paid).\n",
        deployed.strip_prefix(root).unwrap_or(&deployed).display(),
        bytes.len(),
        gzip
    )?;
    let linked: PathBuf = project::target_dir()
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("afterloop_worker.wasm");
    let Ok(linked_bytes) = std::fs::read(&linked) else {
        writeln!(
            report,
            "(no linked module at {} to break down)",
            linked.display()
        )?;
        return Ok(());
    };
    let module = parse(&linked_bytes)?;
    let code: usize = module.bodies.iter().sum();
    writeln!(
        report,
        "The linked module before `wasm-bindgen` and `wasm-opt` ({} bytes): code {} bytes in {} functions, data {} bytes, names and other sections {} bytes. Code by crate (from the name section):\n",
        linked_bytes.len(),
        code,
        module.bodies.len(),
        module.data,
        linked_bytes.len() - code - module.data
    )?;
    let mut by_crate: BTreeMap<String, usize> = BTreeMap::new();
    let mut functions: Vec<(usize, String)> = Vec::new();
    for (i, size) in module.bodies.iter().enumerate() {
        let name = module
            .names
            .get(&(module.imported + i as u32))
            .cloned()
            .unwrap_or_else(|| "(unnamed)".into());
        *by_crate.entry(crate_of(&name)).or_default() += size;
        functions.push((*size, name));
    }
    let mut crates: Vec<(usize, String)> = by_crate.into_iter().map(|(k, v)| (v, k)).collect();
    crates.sort_by(|a, b| b.cmp(a));
    writeln!(report, "| crate | code bytes | share |")?;
    writeln!(report, "|---|---:|---:|")?;
    for (size, name) in crates.iter().take(15) {
        writeln!(
            report,
            "| `{name}` | {size} | {:.1} % |",
            100.0 * *size as f64 / code.max(1) as f64
        )?;
    }
    functions.sort_by(|a, b| b.cmp(a));
    writeln!(report, "\nLargest functions:\n")?;
    writeln!(report, "| function | bytes |")?;
    writeln!(report, "|---|---:|")?;
    for (size, name) in functions.iter().take(10) {
        let short: String = name.chars().take(110).collect();
        writeln!(report, "| `{}` | {size} |", short.replace('|', "\\|"))?;
    }
    Ok(())
}

/// What the breakdown needs of a wasm module.
pub(crate) struct Module {
    /// Imported functions (they come first in the function index space).
    pub imported: u32,
    /// Each defined function's body size, in order.
    pub bodies: Vec<usize>,
    /// Bytes of the data section.
    pub data: usize,
    /// Function names by index (the `name` custom section).
    pub names: BTreeMap<u32, String>,
}

/// The function sizes, data size and function names of a wasm module.
pub(crate) fn parse(bytes: &[u8]) -> Result<Module> {
    if bytes.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        bail!("not a wasm module");
    }
    let mut module = Module {
        imported: 0,
        bodies: Vec::new(),
        data: 0,
        names: BTreeMap::new(),
    };
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let size = leb(bytes, &mut at)? as usize;
        let section = bytes.get(at..at + size).context("a truncated section")?;
        at += size;
        let mut p = 0;
        match id {
            2 => {
                for _ in 0..leb(section, &mut p)? {
                    for _ in 0..2 {
                        let len = leb(section, &mut p)? as usize;
                        p += len;
                    }
                    let kind = section[p];
                    p += 1;
                    match kind {
                        0 => {
                            leb(section, &mut p)?;
                            module.imported += 1;
                        }
                        1 => {
                            p += 1;
                            limits(section, &mut p)?;
                        }
                        2 => limits(section, &mut p)?,
                        3 => p += 2,
                        _ => {
                            leb(section, &mut p)?;
                        }
                    }
                }
            }
            10 => {
                for _ in 0..leb(section, &mut p)? {
                    let len = leb(section, &mut p)? as usize;
                    module.bodies.push(len);
                    p += len;
                }
            }
            11 => module.data = size,
            0 => {
                let len = leb(section, &mut p)? as usize;
                let name = &section[p..p + len];
                p += len;
                if name == b"name" {
                    while p < section.len() {
                        let sub = section[p];
                        p += 1;
                        let sub_len = leb(section, &mut p)? as usize;
                        let end = p + sub_len;
                        if sub == 1 {
                            for _ in 0..leb(section, &mut p)? {
                                let idx = leb(section, &mut p)? as u32;
                                let len = leb(section, &mut p)? as usize;
                                let text = String::from_utf8_lossy(&section[p..p + len]);
                                module.names.insert(idx, text.into_owned());
                                p += len;
                            }
                        }
                        p = end;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(module)
}

fn limits(section: &[u8], p: &mut usize) -> Result<()> {
    let flags = section[*p];
    *p += 1;
    leb(section, p)?;
    if flags & 1 == 1 {
        leb(section, p)?;
    }
    Ok(())
}

fn leb(bytes: &[u8], at: &mut usize) -> Result<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at).context("a truncated number")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    bail!("a number longer than 64 bits")
}

/// The crate a (demangled) function name belongs to: the first path
/// segment, or the implementing type's for `<T as Trait>::f`.
fn crate_of(name: &str) -> String {
    // Legacy Rust mangling (`_ZN16afterloop_worker6routes…`, or
    // `_ZN89_$LT$afterloop_domain..case…` for `<T as Trait>::f`): the first
    // identifier, unescaped, is the path's head.
    let demangled;
    let name = match name.strip_prefix("_ZN") {
        Some(rest) => {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let len: usize = rest[..digits].parse().unwrap_or(0);
            let ident = rest.get(digits..digits + len).unwrap_or_default();
            demangled = ident
                .replace("_$LT$", "<")
                .replace("$LT$", "<")
                .replace("$RF$", "&")
                .replace("$u20$", " ")
                .replace("..", "::");
            demangled.as_str()
        }
        None => name,
    };
    let name = name.trim_start_matches('<').trim_start_matches('&');
    let name = name.trim_start_matches("mut ").trim_start_matches("dyn ");
    let end = name.find("::").unwrap_or(name.len());
    let head = &name[..end];
    if head.contains(' ') || head.is_empty() {
        "(other: runtime, libc, glue)".into()
    } else {
        head.to_owned()
    }
}

/// Whether `url` answers without a server error (within 5 s).
fn answered(url: &str) -> bool {
    agent(Duration::from_secs(5))
        .get(url)
        .call()
        .is_ok_and(|r| r.status().as_u16() < 500)
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn spread(values: &[f64]) -> String {
    let mut sorted = values.to_vec();
    let mid = median(&mut sorted);
    format!(
        "{mid:.0} ms ({:.0}–{:.0})",
        sorted.first().copied().unwrap_or(0.0),
        sorted.last().copied().unwrap_or(0.0)
    )
}
