//! `cargo xtask bench`: every figure of the proof, side by side in one run,
//! printed beside its floor or target. It never fails on speed.
//!
//! 1. The API's hot paths against the floor worker (`bench/floor`), which
//!    does only the same raw KV and Durable Object operations, on the same
//!    persisted state, at concurrency 1 and 16, with `wrk`.
//! 2. Scale: the same reads at 1,000, 10,000 and 100,000 generated cases.
//! 3. The reports at each scale, after a one-off rebuild of their
//!    aggregates (`reports.rs`; alone: `cargo xtask bench reports [CASES…]`).
//! 4. The front end: first-load bytes (gzip, brotli) beside a hello-world
//!    Leptos app built the same way, and time to interactive on a
//!    throttled phone.
//! 5. Cold start: a fresh `wrangler dev` to its first answer and the first
//!    requests after a quiet period, ours beside the floor, and what the
//!    worker's wasm is made of (`coldstart.rs`; alone: `cargo xtask bench
//!    coldstart`).

pub mod coldstart;
mod front;
mod generate;
mod load;
pub mod reports;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use afterloop_devserver::{free_port, Output, Wrangler};
use afterloop_domain::case::Policy;
use afterloop_domain::layout::index;
use afterloop_domain::Timestamp;
use anyhow::{bail, Context, Result};

use crate::{budget, build, project, seed, tools};
use generate::FIRST_GENERATED;
use load::{Figures, Load};

/// Seconds per measurement (after a short warm-up).
pub(crate) const SECONDS: u32 = 5;
/// Cases opened through the API to take the bench's appends.
const WRITE_CASES: u32 = 16;
/// Target: a hot path's p50 within this factor of its floor.
const FLOOR_TARGET: f64 = 1.5;

/// Runs the whole bench and prints (and saves) the report.
pub fn run(front_only: bool) -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_bench_tools()?;
    build::all()?;
    let root = project::root();
    let out = project::target_dir().join("bench");
    let state = out.join("state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&out)?;
    let run_id = format!(
        "{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs()
    );
    let mut report = String::new();
    let started = std::time::Instant::now();

    // Users, a session and the cases that take writes, through the API; the
    // first write also creates the KV namespace's files the generator fills.
    let server = ours(&root, &state, &out)?;
    let token = seed::manager_token(&server.url)?;
    let write_cases = open_cases(&server.url, &token, WRITE_CASES)?;
    drop(server);

    // `cargo xtask bench front`: the front end alone, on 1,000 cases.
    if front_only {
        generate::load(&state, "afterloop-local", 0, 1_000)?;
        front_end(&root, &out, &state, &mut report)?;
        println!("{report}");
        return Ok(());
    }

    // 1. Hot paths against the floor, then 2. the reads again as the store
    // grows: ours and the floor on the same state at each scale.
    let policy = Policy::default();
    let (open_case, _) = generate::case(FIRST_GENERATED, Timestamp::from_millis(0), &policy)?;
    let case_bytes = serde_json::to_string(&open_case)?.len();
    let index_puts = index::entries(&open_case, &policy.sla).len();
    let mut scale: Vec<(u32, Measured, Measured)> = Vec::new();
    let mut report_figures = Vec::new();
    let mut generated = 0;
    for count in [1_000u32, 10_000, 100_000] {
        eprintln!("xtask bench: generating cases {generated}..{count}");
        let t = std::time::Instant::now();
        generate::load(&state, "afterloop-local", generated, count)?;
        eprintln!(
            "xtask bench: generated in {:.0} s",
            t.elapsed().as_secs_f64()
        );
        generated = count;
        let sample = Sample::new(count);
        let writes = scale.is_empty();
        let keep = |paths: Vec<(&'static str, Load<'static>)>| -> Vec<_> {
            paths
                .into_iter()
                .filter(|(_, load)| writes || load.method == "GET")
                .collect()
        };
        let server = ours(&root, &state, &out)?;
        let o = measure_all(
            &server.url,
            &keep(paths_ours(&sample, &write_cases)),
            &token,
            &run_id,
        )?;
        let rebuilt = reports::rebuild(&server.url, &token)?;
        let report_paths = reports::measure(&server.url, &token, &format!("{run_id}{count}"))?;
        drop(server);
        let floor = Wrangler::start_config(
            &root,
            &root.join("bench").join("floor"),
            free_port()?,
            &state,
            Output::File(out.join("floor.log")),
            |url| ureq::get(&format!("{url}/track?token=none")).call().is_ok(),
        )?;
        let f = measure_all(
            &floor.url,
            &keep(paths_floor(&sample, &write_cases, index_puts, case_bytes)),
            &token,
            &run_id,
        )?;
        drop(floor);
        let read_floor = f
            .iter()
            .filter(|(name, _, _)| *name == "read case")
            .map(|(_, conc, fig)| (*conc, *fig))
            .collect();
        report_figures.push(reports::ReportFigures {
            cases: count,
            rebuild: rebuilt,
            reports: report_paths,
            floor: read_floor,
        });
        scale.push((count, o, f));
    }

    let (_, ours_figures, floor_figures) = &scale[0];
    writeln!(report, "## API against the floor (1,000 generated cases)\n")?;
    writeln!(
        report,
        "{SECONDS} s per figure with wrk; p50 target: within {FLOOR_TARGET}x of the floor.\n"
    )?;
    writeln!(report, "| path | conc. | ours req/s | ours p50 | ours p99 | floor req/s | floor p50 | floor p99 | p50 ratio | errors |")?;
    writeln!(report, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for ((name, conc, o), (_, _, f)) in ours_figures.iter().zip(floor_figures) {
        let ratio = o.p50_ms / f.p50_ms.max(0.001);
        writeln!(
            report,
            "| {name} | {conc} | {:.0} | {:.2} ms | {:.2} ms | {:.0} | {:.2} ms | {:.2} ms | {ratio:.2}x{} | {}/{} |",
            o.rps, o.p50_ms, o.p99_ms, f.rps, f.p50_ms, f.p99_ms,
            if ratio <= FLOOR_TARGET { "" } else { " (over)" },
            o.errors, f.errors
        )?;
    }

    writeln!(
        report,
        "\n## Scale: reads as the number of cases grows (p50: ours / floor = ratio)\n"
    )?;
    writeln!(
        report,
        "| path | conc. | 1,000 cases | 10,000 cases | 100,000 cases |"
    )?;
    writeln!(report, "|---|---:|---:|---:|---:|")?;
    for (name, conc, _) in &scale[1].1 {
        let mut row = format!("| {name} | {conc} |");
        for (_, o, f) in &scale {
            let find = |m: &Measured| {
                m.iter()
                    .find(|(n, c, _)| n == name && c == conc)
                    .map(|(_, _, f)| f.p50_ms)
            };
            match (find(o), find(f)) {
                (Some(o), Some(f)) => {
                    write!(row, " {o:.2} / {f:.2} ms = {:.2}x |", o / f.max(0.001))?
                }
                _ => row.push_str(" – |"),
            }
        }
        writeln!(report, "{row}")?;
    }
    reports::write(&mut report, &report_figures)?;

    // 3. The front end.
    front_end(&root, &out, &state, &mut report)?;

    // 5. Cold start.
    writeln!(report)?;
    coldstart::measure(&root, &out, &mut report)?;

    writeln!(
        report,
        "\nBench took {:.0} s. Machine: {} cores; wrk and workerd share them.",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )?;
    println!("\n{report}");
    let path = out.join("report.md");
    std::fs::write(&path, &report)?;
    eprintln!("xtask bench: report saved to {}", path.display());
    Ok(())
}

pub(crate) fn ours(root: &Path, state: &Path, out: &Path) -> Result<Wrangler> {
    Wrangler::start(
        root,
        free_port()?,
        state,
        Output::File(out.join("wrangler.log")),
    )
}

/// Which generated cases the reads spread over.
struct Sample {
    ids: Vec<u32>,
}

impl Sample {
    fn new(count: u32) -> Sample {
        // 32 cases spread over the whole range, so no read keeps hitting one key.
        Sample {
            ids: (0..32)
                .map(|i| FIRST_GENERATED + i * (count / 32))
                .collect(),
        }
    }
    fn tokens(&self) -> Result<Vec<String>> {
        let policy = Policy::default();
        self.ids
            .iter()
            .map(|&n| {
                Ok(generate::case(n, Timestamp::from_millis(0), &policy)?
                    .0
                    .public_token)
            })
            .collect()
    }
}

fn note_body() -> String {
    r#"{"event_id":"bench-{n}","command":{"type":"add_note","text":"Bench note","visibility":"internal"}}"#.into()
}

fn create_body() -> Result<String> {
    Ok(serde_json::to_string(&generate::request_for(7))?)
}

fn paths_ours(s: &Sample, write_cases: &[String]) -> Vec<(&'static str, Load<'static>)> {
    let ids = || s.ids.iter().map(|n| format!("AL-{n}"));
    vec![
        (
            "read case",
            get(ids().map(|id| format!("/api/v1/cases/{id}")).collect()),
        ),
        (
            "timeline",
            get(ids()
                .map(|id| format!("/api/v1/cases/{id}/events"))
                .collect()),
        ),
        (
            "queue page",
            get(vec!["/api/v1/queues/open?limit=50".into()]),
        ),
        (
            "customer status",
            get(s
                .tokens()
                .unwrap_or_default()
                .iter()
                .map(|t| format!("/api/v1/track/{t}"))
                .collect()),
        ),
        (
            "append event",
            post(
                write_cases
                    .iter()
                    .map(|id| format!("/api/v1/cases/{id}/commands"))
                    .collect(),
                note_body(),
            ),
        ),
        (
            "create case",
            post(
                vec!["/api/v1/cases".into()],
                create_body().unwrap_or_default(),
            ),
        ),
    ]
}

fn paths_floor(
    s: &Sample,
    write_cases: &[String],
    index_puts: usize,
    case_bytes: usize,
) -> Vec<(&'static str, Load<'static>)> {
    let ids = || s.ids.iter().map(|n| format!("AL-{n}"));
    // An append writes its event, the snapshot and every index entry; an
    // intake also writes the public token.
    let append_puts = 2 + index_puts;
    vec![
        (
            "read case",
            get(ids().map(|id| format!("/read?case={id}")).collect()),
        ),
        (
            "timeline",
            get(ids().map(|id| format!("/timeline?case={id}")).collect()),
        ),
        (
            "queue page",
            get(vec![format!(
                "/queue?prefix={}&limit=50",
                afterloop_domain::queue::Queue::Open
                    .prefix(&afterloop_domain::UserId::parse("bench").expect("a user name"))
            )]),
        ),
        (
            "customer status",
            get(s
                .tokens()
                .unwrap_or_default()
                .iter()
                .map(|t| format!("/track?token=token/{t}"))
                .collect()),
        ),
        (
            "append event",
            post(
                write_cases
                    .iter()
                    .map(|id| format!("/append?case={id}&puts={append_puts}&bytes={case_bytes}"))
                    .collect(),
                note_body(),
            ),
        ),
        (
            "create case",
            post(
                vec![format!(
                    "/create?puts={}&bytes={case_bytes}",
                    append_puts + 1
                )],
                create_body().unwrap_or_default(),
            ),
        ),
    ]
}

pub(crate) fn get(paths: Vec<String>) -> Load<'static> {
    Load {
        method: "GET",
        paths,
        token: None,
        body: None,
    }
}

fn post(paths: Vec<String>, body: String) -> Load<'static> {
    Load {
        method: "POST",
        paths,
        token: None,
        body: Some(body),
    }
}

type Measured = Vec<(&'static str, u32, Figures)>;

fn measure_all(
    base: &str,
    paths: &[(&'static str, Load<'static>)],
    token: &str,
    run_id: &str,
) -> Result<Measured> {
    let mut out = Vec::new();
    for (name, load) in paths {
        let load = Load {
            token: Some(token),
            method: load.method,
            paths: load.paths.clone(),
            body: load.body.clone(),
        };
        for conc in [1u32, 16] {
            // A warm-up, then the figure.
            load::run(base, &load, conc, 1, &format!("{run_id}w{conc}"))?;
            let f = load::run(base, &load, conc, SECONDS, &format!("{run_id}c{conc}"))?;
            eprintln!("xtask bench: {base} {name} c{conc}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors", f.rps, f.p50_ms, f.p99_ms, f.errors);
            out.push((*name, conc, f));
        }
    }
    Ok(out)
}

pub(crate) fn open_cases(url: &str, token: &str, count: u32) -> Result<Vec<String>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut ids = Vec::new();
    for n in 0..count {
        let mut resp = agent
            .post(&format!("{url}/api/v1/cases"))
            .header("Authorization", &format!("Bearer {token}"))
            .send_json(generate::request_for(n))?;
        let body: serde_json::Value = resp.body_mut().read_json()?;
        let Some(id) = body["id"].as_str() else {
            bail!("opening a bench case: {body}");
        };
        ids.push(id.to_owned());
    }
    Ok(ids)
}

/// A page whose time to interactive the bench measures, and its target.
struct Timed<'a> {
    what: &'a str,
    path: String,
    ready: &'a str,
    /// The login answer the app finds in `localStorage`, if signed in.
    session: Option<&'a str>,
    /// Measured again from the service worker's cache.
    warm: bool,
    target_ms: f64,
}

fn front_end(root: &Path, out: &Path, state: &Path, report: &mut String) -> Result<()> {
    let hello_dist: PathBuf = out.join("hello-dist");
    eprintln!("xtask bench: building the hello-world floor");
    build::wasm_app(
        "afterloop-bench-hello",
        &[("afterloop-bench-hello", "hello")],
        &hello_dist,
    )?;
    let dist = root.join("app").join("dist");
    let loads = budget::first_loads(&dist)?;
    let hello = ["hello.js", "hello_bg.wasm"]
        .iter()
        .map(|n| budget::Asset::read(&hello_dist, n))
        .collect::<Result<Vec<_>>>()?;
    let css = budget::Asset::read(&dist, "style.css")?;
    let (hraw, hgz, hbr) = budget::total(&hello);
    for load in &loads {
        writeln!(
            report,
            "\n## Front end: first load of the {}\n",
            load.budget.title
        )?;
        writeln!(
            report,
            "| file | raw | gzip | brotli |\n|---|---:|---:|---:|"
        )?;
        for a in &load.files {
            writeln!(
                report,
                "| {} | {} | {} | {} |",
                a.name, a.raw, a.gzip, a.brotli
            )?;
        }
        let (raw, gz, br) = budget::total(&load.files);
        writeln!(report, "| **all** | {raw} | **{gz}** | {br} |")?;
        writeln!(
            report,
            "| hello-world Leptos floor (js + wasm) | {hraw} | {hgz} | {hbr} |"
        )?;
        for a in &load.chunks {
            writeln!(
                report,
                "| lazy: {} (fetched when first used) | {} | {} | {} |",
                a.name, a.raw, a.gzip, a.brotli
            )?;
        }
        writeln!(
            report,
            "\nBudget: {} bytes gzipped: {} ({gz} bytes, {:.2}x the hello-world floor).",
            load.budget.gzip,
            if load.within_budget() {
                "met"
            } else {
                "missed"
            },
            gz as f64 / hgz.max(1) as f64
        )?;
    }

    // Time to interactive on the throttled phone profile.
    let token = generate::case(
        FIRST_GENERATED,
        Timestamp::from_millis(0),
        &Policy::default(),
    )?
    .0
    .public_token;
    let server = ours(root, state, out)?;
    let manager = seed::session_json(&server.url, seed::MANAGER)?;
    let technician = seed::session_json(&server.url, seed::TECH)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let pages = [
        Timed {
            what: "the back office's sign-in page",
            path: "/signin".to_owned(),
            ready: "form.signin button[type=submit]",
            session: None,
            warm: false,
            target_ms: 2500.0,
        },
        Timed {
            what: "the back office's work list (`/`, signed in as a manager)",
            path: "/".to_owned(),
            ready: "#list-as-of",
            session: Some(&manager),
            warm: false,
            target_ms: 2500.0,
        },
        Timed {
            what: "the technician's field app (`/jobs`, its sign-in form)",
            path: "/jobs".to_owned(),
            ready: "form.signin button[type=submit]",
            session: None,
            warm: false,
            target_ms: 2000.0,
        },
        Timed {
            what: "the technician's job list (`/jobs`, signed in)",
            path: "/jobs".to_owned(),
            ready: ".job-card, #jobs-none",
            session: Some(&technician),
            warm: false,
            target_ms: 2000.0,
        },
        Timed {
            what: "the technician's job list again, from the service worker's cache",
            path: "/jobs".to_owned(),
            ready: ".job-card, #jobs-none",
            session: Some(&technician),
            warm: true,
            target_ms: 500.0,
        },
        // The worker renders the stage into the page; the bundle then takes
        // it over and marks `<body data-ready>`.
        Timed {
            what: "a customer's case page's stage (`/track/{token}`, server-rendered)",
            path: format!("/track/{token}"),
            ready: "#status-stage",
            session: None,
            warm: false,
            target_ms: 1000.0,
        },
        Timed {
            what: "a customer's case page taken over by its bundle (`body[data-ready]`)",
            path: format!("/track/{token}"),
            ready: "body[data-ready]",
            session: None,
            warm: false,
            target_ms: 2000.0,
        },
    ];
    for Timed {
        what,
        path,
        ready,
        session,
        warm,
        target_ms: target,
    } in pages
    {
        let page = format!("{}{path}", server.url);
        let visit = front::Visit {
            url: &page,
            ready,
            session,
            warm,
        };
        let measured = rt
            .block_on(front::time_to_interactive(visit, 3))
            .with_context(|| format!("time to interactive of {path}"))?;
        let median = measured.median();
        writeln!(
            report,
            "\nTime to interactive, phone profile (slow 4G: 1.6 Mbit/s, 150 ms RTT; CPU 4x slower), {}, {what}: median {median:.0} ms of {:?} (target < {target:.0} ms: {}). Floor: the same page as static HTML, {} bytes gzip with the stylesheet.",
            if warm { "service worker's cache" } else { "empty cache" },
            measured.times.iter().map(|t| t.round() as i64).collect::<Vec<_>>(),
            if median < target { "met" } else { "missed" },
            measured.static_page.gzip + css.gzip
        )?;
    }
    drop(server);
    Ok(())
}
