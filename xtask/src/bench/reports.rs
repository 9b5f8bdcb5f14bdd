//! The report queries at scale. The generator writes cases into KV while
//! the server is stopped, so the reports object has not heard of them: the
//! bench asks the server to count them once with
//! `POST /api/v1/admin/reports/rebuild` (the recovery path: it lists and
//! reads every snapshot, and its time is printed as a one-off), exactly the
//! aggregates the worker would have kept write by write. Then it measures
//! the reports, which read only those aggregates, beside the floor's
//! `read case` (one KV read: the least any authenticated request costs).

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use afterloop_devserver::{free_port, Output, Wrangler};
use afterloop_domain::report::day_of;
use afterloop_domain::{Date, Timestamp};
use anyhow::{bail, Context, Result};

use super::generate::{self, FIRST_GENERATED};
use super::load::{self, Figures, Load};
use super::{get, ours, SECONDS};
use crate::{build, project, seed, tools};

/// The report target from the issue: p95 under this at 100,000 cases.
pub const TARGET_P95_MS: f64 = 300.0;

/// Figures of one scale.
pub struct ReportFigures {
    /// Cases generated.
    pub cases: u32,
    /// The one-off rebuild.
    pub rebuild: Duration,
    /// (report, connections, figures).
    pub reports: Vec<(String, u32, Figures)>,
    /// The floor's `read case` at 1 and 16 connections.
    pub floor: Vec<(u32, Figures)>,
}

fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    day_of(Timestamp::from_millis(now))
}

/// Distinct periods asked in the "every answer computed" rows: more than
/// the reports object keeps answers for, taken round robin, so none is kept
/// when it is asked again.
const VARIED_PERIODS: i32 = 64;

/// The report requests measured: a month's summary, a year's quality and
/// service; each asked over one period (computed once, then answered from
/// the object's kept answers until a write) and over [`VARIED_PERIODS`]
/// periods ending on different days (every answer computed).
fn paths() -> Vec<(String, Vec<String>)> {
    let today = today();
    let back = |days: i32| today.saturating_plus_days(-days);
    let asks = [
        ("summary", 30, "summary, 30 days"),
        ("quality", 365, "quality, 365 days"),
        ("service", 365, "service, 365 days"),
    ];
    let path = |report: &str, days: i32, end: i32| {
        format!(
            "/api/v1/reports/{report}?from={}&to={}",
            back(end + days - 1),
            back(end)
        )
    };
    let mut out = Vec::new();
    for (report, days, name) in asks {
        out.push((format!("{name}, same period"), vec![path(report, days, 0)]));
        out.push((
            format!("{name}, {VARIED_PERIODS} periods (all computed)"),
            (0..VARIED_PERIODS)
                .map(|end| path(report, days, end))
                .collect(),
        ));
    }
    out
}

/// Rebuilds the aggregates on a running server and answers how long it took.
pub fn rebuild(url: &str, token: &str) -> Result<Duration> {
    let t = Instant::now();
    let resp = ureq::post(&format!("{url}/api/v1/admin/reports/rebuild"))
        .header("Authorization", &format!("Bearer {token}"))
        .config()
        .timeout_global(Some(Duration::from_secs(1800)))
        .build()
        .send_empty()
        .context("POST /api/v1/admin/reports/rebuild")?;
    if resp.status() != 200 {
        bail!("rebuild answered {}", resp.status());
    }
    Ok(t.elapsed())
}

/// Measures every report path at 1 and 16 connections.
pub fn measure(url: &str, token: &str, run_id: &str) -> Result<Vec<(String, u32, Figures)>> {
    let mut out = Vec::new();
    for (name, paths) in paths() {
        let load = Load {
            method: "GET",
            paths,
            token: Some(token),
            body: None,
        };
        for conc in [1u32, 16] {
            load::run(url, &load, conc, 1, &format!("{run_id}rw{conc}"))?;
            let f = load::run(url, &load, conc, SECONDS, &format!("{run_id}r{conc}"))?;
            eprintln!(
                "xtask bench: {name} c{conc}: {:.0} req/s, p50 {:.2} ms, p95 {:.2} ms, {} errors",
                f.rps, f.p50_ms, f.p95_ms, f.errors
            );
            out.push((name.clone(), conc, f));
        }
    }
    Ok(out)
}

/// The floor's `read case` on the same state.
fn floor(
    root: &Path,
    state: &Path,
    out: &Path,
    token: &str,
    count: u32,
    run_id: &str,
) -> Result<Vec<(u32, Figures)>> {
    let server = Wrangler::start_config(
        root,
        &root.join("bench").join("floor"),
        free_port()?,
        state,
        Output::File(out.join("floor.log")),
        |url| ureq::get(&format!("{url}/track?token=none")).call().is_ok(),
    )?;
    let ids = (0..32).map(|i| FIRST_GENERATED + i * (count / 32).max(1));
    let load = Load {
        token: Some(token),
        ..get(ids.map(|n| format!("/read?case=AL-{n}")).collect())
    };
    let mut figures = Vec::new();
    for conc in [1u32, 16] {
        load::run(&server.url, &load, conc, 1, &format!("{run_id}fw{conc}"))?;
        figures.push((
            conc,
            load::run(
                &server.url,
                &load,
                conc,
                SECONDS,
                &format!("{run_id}f{conc}"),
            )?,
        ));
    }
    Ok(figures)
}

/// Writes the figures as a Markdown table.
pub fn write(report: &mut String, scales: &[ReportFigures]) -> Result<()> {
    writeln!(
        report,
        "\n## Reports (target: p95 under {TARGET_P95_MS:.0} ms at 100,000 cases)\n"
    )?;
    writeln!(
        report,
        "Aggregates counted once per scale by `POST /api/v1/admin/reports/rebuild` (a one-off that reads every case); each report then reads only them. \"Same period\" asks one period again and again: computed once, then answered from the reports object's kept answers (kept until the next write). \"All computed\" asks {VARIED_PERIODS} periods in turn, more than the object keeps, so every answer is computed from the aggregates. Floor: the floor worker's `read case`.\n"
    )?;
    writeln!(report, "| cases | rebuild (one-off) | path | conc. | p50 | p95 | req/s | floor p50 | floor p95 | errors |")?;
    writeln!(report, "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for s in scales {
        for (name, conc, f) in &s.reports {
            let fl = s.floor.iter().find(|(c, _)| c == conc).map(|(_, f)| f);
            writeln!(
                report,
                "| {} | {:.1} s | {name} | {conc} | {:.2} ms | {:.2} ms{} | {:.0} | {} | {} | {} |",
                s.cases,
                s.rebuild.as_secs_f64(),
                f.p50_ms,
                f.p95_ms,
                if f.p95_ms <= TARGET_P95_MS {
                    ""
                } else {
                    " (over)"
                },
                f.rps,
                fl.map_or("–".into(), |f| format!("{:.2} ms", f.p50_ms)),
                fl.map_or("–".into(), |f| format!("{:.2} ms", f.p95_ms)),
                f.errors
            )?;
        }
    }
    Ok(())
}

/// `cargo xtask bench reports [CASES…]`: only the report part, at the
/// given scales (default 10,000 and 100,000).
pub fn run(scales: &[u32]) -> Result<()> {
    tools::ensure_build_tools()?;
    tools::ensure_bench_tools()?;
    build::all()?;
    let root = project::root();
    let out = project::target_dir().join("bench");
    let state = out.join("reports-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&out)?;
    let run_id = format!(
        "r{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_secs()
    );
    let server = ours(&root, &state, &out)?;
    let token = seed::manager_token(&server.url)?;
    super::open_cases(&server.url, &token, 1)?;
    drop(server);
    let mut figures = Vec::new();
    let mut generated = 0;
    for &count in scales {
        eprintln!("xtask bench: generating cases {generated}..{count}");
        generate::load(&state, "afterloop-local", generated, count)?;
        generated = count;
        let server = ours(&root, &state, &out)?;
        let rebuilt = rebuild(&server.url, &token)?;
        eprintln!(
            "xtask bench: rebuilt the aggregates of {count} cases in {:.1} s",
            rebuilt.as_secs_f64()
        );
        let reports = measure(&server.url, &token, &format!("{run_id}{count}"))?;
        drop(server);
        let floor = floor(
            &root,
            &state,
            &out,
            &token,
            count,
            &format!("{run_id}{count}"),
        )?;
        figures.push(ReportFigures {
            cases: count,
            rebuild: rebuilt,
            reports,
            floor,
        });
    }
    let mut report = String::new();
    write(&mut report, &figures)?;
    println!("{report}");
    std::fs::write(out.join("reports.md"), &report)?;
    Ok(())
}
