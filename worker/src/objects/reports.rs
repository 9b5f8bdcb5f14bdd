//! The reports object: the aggregates every report reads, kept up to date
//! as cases are written, so no report request ever scans the cases. One
//! instance (`reports`), SQLite-backed:
//!
//! - `agg_rows(section, key, json)`: [`Aggregates`] as rows (one section of
//!   one day, or one serial), rewritten only where a write changed them;
//! - `recorded(case_id, version)`: the snapshot version last counted per
//!   case. A report of an older or equal version changes nothing; a report
//!   whose `before` is not the version counted last is answered
//!   [`WriteReport::Behind`], and the case object sends it again with the
//!   snapshot at that version (replayed from its log). A lost report is thus
//!   repaired by the case's next write, and nothing is counted twice;
//! - `sold_units(batch, units)`: units sold per batch, for the failure rate.
//!
//! The aggregates' daily rows (all a report reads) are loaded into memory
//! on first use; a serial's row only when a write of a case with that
//! serial is recorded, so the first report after the object starts does not
//! wait for every serial ever seen. Every handler does
//! its reading, counting and writing without an `await` in between, so the
//! object handles one at a time and memory and SQLite never disagree.
//!
//! The last [`CACHED_REPORTS`] answers are kept as JSON, by report, period
//! and China business day (what a report depends on besides the
//! aggregates), and all of them are forgotten at the next change to the
//! aggregates or to sold units: a page of reports opened by several
//! managers between two writes is computed once.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use afterloop_domain::report::{
    self, day_of, Aggregates, Period, ReportName, RowKey, Scope, Section, SoldUnits,
};
use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{Case, Date};
use serde::Deserialize;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use super::protocol::{
    CaseWritten, Load, Loaded, Message, ReportAsked, Reset, SetSoldUnits, SoldUnitsAsked,
    WriteReport,
};

/// The aggregates and what feeds them.
#[durable_object]
pub struct Reports {
    sql: SqlStorage,
    agg: RefCell<Option<Aggregates>>,
    cache: RefCell<VecDeque<(Asked, String)>>,
}

/// How many report answers are kept until the next change.
pub const CACHED_REPORTS: usize = 16;

/// What a report's answer depends on, besides the aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Asked {
    report: ReportName,
    period: Period,
    today: Date,
}

#[derive(Deserialize)]
struct AggRow {
    section: String,
    key: String,
    json: String,
}

#[derive(Deserialize)]
struct VersionRow {
    version: i64,
}

#[derive(Deserialize)]
struct SoldRow {
    batch: String,
    units: i64,
}

impl DurableObject for Reports {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS agg_rows(section TEXT NOT NULL, key TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (section, key));
             CREATE TABLE IF NOT EXISTS recorded(case_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS sold_units(batch TEXT PRIMARY KEY, units INTEGER NOT NULL);",
            None,
        ) {
            worker::console_error!("reports schema: {e}");
        }
        Reports {
            sql,
            agg: RefCell::new(None),
            cache: RefCell::new(VecDeque::new()),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let body = req.text().await?;
        let result = match path.as_str() {
            CaseWritten::PATH => match serde_json::from_str::<CaseWritten>(&body) {
                Ok(w) => self
                    .record(w.before.as_ref(), &w.after)
                    .and_then(|r| Response::from_json(&r)),
                Err(e) => bad(&format!("bad write report: {e}")),
            },
            ReportAsked::PATH => match serde_json::from_str::<ReportAsked>(&body) {
                Ok(ask) => self.report(&ask),
                Err(e) => bad(&format!("bad report request: {e}")),
            },
            SoldUnitsAsked::PATH => Response::from_json(&SoldUnits::from_map(&self.sold()?)),
            SetSoldUnits::PATH => match serde_json::from_str::<SetSoldUnits>(&body) {
                Ok(set) => self
                    .set_sold(&set.batches)
                    .and_then(|()| Response::from_json(&SoldUnits::from_map(&self.sold()?))),
                Err(e) => bad(&format!("bad sold units: {e}")),
            },
            Reset::PATH => self
                .reset()
                .and_then(|()| Response::from_json(&Loaded::default())),
            Load::PATH => match serde_json::from_str::<Load>(&body) {
                Ok(load) => self.load(&load.cases).and_then(|l| Response::from_json(&l)),
                Err(e) => bad(&format!("bad load: {e}")),
            },
            _ => bad("unknown reports path"),
        };
        result.or_else(|e| {
            worker::console_error!("reports object: {e}");
            Response::from_json(&ErrorBody::new("unexpected", "The reports object failed."))
                .map(|r| r.with_status(500))
        })
    }
}

fn bad(message: &str) -> Result<Response> {
    Response::from_json(&ErrorBody::new("malformed_json", message)).map(|r| r.with_status(400))
}

fn forbidden() -> Result<Response> {
    Response::from_json(&ErrorBody::new(
        "forbidden",
        "Your role may not see reports.",
    ))
    .map(|r| r.with_status(403))
}

fn json_err(e: impl std::fmt::Display) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

impl Reports {
    /// Runs `f` on the aggregates, loading their daily rows on first use.
    fn with_agg<T>(&self, f: impl FnOnce(&mut Aggregates) -> Result<T>) -> Result<T> {
        let mut slot = self.agg.borrow_mut();
        if slot.is_none() {
            let rows: Vec<AggRow> = self
                .sql
                .exec(
                    "SELECT section, key, json FROM agg_rows WHERE section != ?",
                    vec![Section::Serials.as_str().into()],
                )?
                .to_array()?;
            let agg = Aggregates::from_rows(
                crate::policy().sla,
                rows.iter()
                    .map(|r| (r.section.as_str(), r.key.as_str(), r.json.as_str())),
            )
            .map_err(json_err)?;
            *slot = Some(agg);
        }
        let agg = slot.as_mut().expect("loaded above");
        f(agg)
    }

    fn recorded_version(&self, case: &Case) -> Result<Option<u32>> {
        let rows: Vec<VersionRow> = self
            .sql
            .exec(
                "SELECT version FROM recorded WHERE case_id = ?",
                vec![case.id.to_string().into()],
            )?
            .to_array()?;
        Ok(rows.first().map(|r| r.version.max(0) as u32))
    }

    fn set_version(&self, case: &Case) -> Result<()> {
        self.sql.exec(
            "INSERT INTO recorded(case_id, version) VALUES (?, ?) ON CONFLICT(case_id) DO UPDATE SET version = excluded.version",
            vec![case.id.to_string().into(), i64::from(case.version).into()],
        )?;
        Ok(())
    }

    /// Puts the rows of the serials of `cases` not in memory yet.
    fn load_serials<'a>(
        &self,
        agg: &mut Aggregates,
        cases: impl IntoIterator<Item = &'a Case>,
    ) -> Result<()> {
        for serial in agg.serials_of(cases) {
            let rows: Vec<AggRow> = self
                .sql
                .exec(
                    "SELECT section, key, json FROM agg_rows WHERE section = ? AND key = ?",
                    vec![Section::Serials.as_str().into(), serial.as_str().into()],
                )?
                .to_array()?;
            for r in rows {
                agg.put_row(&r.section, &r.key, &r.json).map_err(json_err)?;
            }
        }
        Ok(())
    }

    /// Rewrites the rows named (deleting the empty ones); kept answers are
    /// forgotten.
    fn persist(&self, agg: &Aggregates, keys: &BTreeSet<RowKey>) -> Result<()> {
        self.forget_answers();
        for key in keys {
            match agg.row(key) {
                Some(json) => self.sql.exec(
                    "INSERT INTO agg_rows(section, key, json) VALUES (?, ?, ?) ON CONFLICT(section, key) DO UPDATE SET json = excluded.json",
                    vec![key.section.as_str().into(), key.key.as_str().into(), json.into()],
                )?,
                None => self.sql.exec(
                    "DELETE FROM agg_rows WHERE section = ? AND key = ?",
                    vec![key.section.as_str().into(), key.key.as_str().into()],
                )?,
            };
        }
        Ok(())
    }

    /// Counts one write if `before` is the snapshot counted last.
    fn record(&self, before: Option<&Case>, after: &Case) -> Result<WriteReport> {
        let recorded = self.recorded_version(after)?;
        if recorded.is_some_and(|v| v >= after.version) {
            return Ok(WriteReport::AlreadyRecorded);
        }
        if before.map(|b| b.version) != recorded {
            return Ok(WriteReport::Behind { recorded });
        }
        self.with_agg(|agg| {
            self.load_serials(agg, before.into_iter().chain([after]))?;
            let changed = agg.record_changes(before, after);
            self.persist(agg, &changed)
        })?;
        self.set_version(after)?;
        Ok(WriteReport::Recorded)
    }

    /// Counts snapshots of a rebuild as new cases, unless counted already;
    /// the rows they changed are written once for the whole batch.
    fn load(&self, cases: &[Case]) -> Result<Loaded> {
        let mut loaded = Loaded::default();
        let mut changed = BTreeSet::new();
        let mut fresh = Vec::new();
        for case in cases {
            if self.recorded_version(case)?.is_some() {
                loaded.skipped += 1;
            } else {
                fresh.push(case);
            }
        }
        self.with_agg(|agg| {
            self.load_serials(agg, fresh.iter().copied())?;
            for case in &fresh {
                changed.extend(agg.record_changes(None, case));
            }
            self.persist(agg, &changed)
        })?;
        for case in fresh {
            self.set_version(case)?;
            loaded.recorded += 1;
        }
        Ok(loaded)
    }

    /// Forgets every count (the start of a rebuild); sold units stay.
    fn reset(&self) -> Result<()> {
        self.forget_answers();
        self.sql.exec("DELETE FROM agg_rows", None)?;
        self.sql.exec("DELETE FROM recorded", None)?;
        *self.agg.borrow_mut() = Some(Aggregates::new(crate::policy().sla));
        Ok(())
    }

    fn sold(&self) -> Result<BTreeMap<String, u32>> {
        let rows: Vec<SoldRow> = self
            .sql
            .exec("SELECT batch, units FROM sold_units ORDER BY batch", None)?
            .to_array()?;
        Ok(rows
            .into_iter()
            .map(|r| (r.batch, r.units.clamp(0, i64::from(u32::MAX)) as u32))
            .collect())
    }

    fn set_sold(&self, batches: &BTreeMap<String, u32>) -> Result<()> {
        self.forget_answers();
        for (batch, &units) in batches {
            if units == 0 {
                self.sql.exec(
                    "DELETE FROM sold_units WHERE batch = ?",
                    vec![batch.as_str().into()],
                )?;
            } else {
                self.sql.exec(
                    "INSERT INTO sold_units(batch, units) VALUES (?, ?) ON CONFLICT(batch) DO UPDATE SET units = excluded.units",
                    vec![batch.as_str().into(), i64::from(units).into()],
                )?;
            }
        }
        Ok(())
    }

    /// Forgets every kept answer (the aggregates or sold units change).
    fn forget_answers(&self) {
        self.cache.borrow_mut().clear();
    }

    /// One report as JSON; nothing is computed without a scope.
    fn report(&self, ask: &ReportAsked) -> Result<Response> {
        let Some(scope) = Scope::for_briefing(&ask.actor, ask.report) else {
            return forbidden();
        };
        let asked = Asked {
            report: ask.report,
            period: ask.period,
            today: day_of(ask.as_of),
        };
        let kept = self
            .cache
            .borrow()
            .iter()
            .find(|(a, _)| *a == asked)
            .map(|(_, json)| json.clone());
        let json = match kept {
            Some(json) => json,
            None => {
                let json = self.compute(&scope, ask)?;
                let mut cache = self.cache.borrow_mut();
                if cache.len() >= CACHED_REPORTS {
                    cache.pop_front();
                }
                cache.push_back((asked, json.clone()));
                json
            }
        };
        let mut resp = Response::ok(json)?;
        resp.headers_mut().set("Content-Type", "application/json")?;
        Ok(resp)
    }

    fn compute(&self, scope: &Scope, ask: &ReportAsked) -> Result<String> {
        let sold = match ask.report {
            ReportName::Quality => self.sold()?,
            _ => BTreeMap::new(),
        };
        let (period, as_of) = (ask.period, ask.as_of);
        self.with_agg(|agg| {
            match ask.report {
                ReportName::Quality => {
                    serde_json::to_string(&report::quality(scope, agg, period, &sold))
                }
                ReportName::Service => {
                    serde_json::to_string(&report::service(scope, agg, period, as_of))
                }
                ReportName::Goods => {
                    serde_json::to_string(&report::goods(scope, agg, period, as_of))
                }
                ReportName::Money => {
                    serde_json::to_string(&report::money(scope, agg, period, as_of))
                }
                ReportName::Customers => {
                    serde_json::to_string(&report::customers(scope, agg, period))
                }
                ReportName::Summary => {
                    serde_json::to_string(&report::summary(scope, agg, period, as_of))
                }
            }
            .map_err(json_err)
        })
    }
}
