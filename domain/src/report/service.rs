//! Service: SLA compliance, time to resolve and the backlog's age.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregates::{bucket_upper_ms, Aggregates, ClockKey, ClockOutcome, ResolveKey};
use super::daily::month_of;
use super::{day_of, name, AgeBucket, Period, Scope, Share, Table};
use crate::case::CaseKind;
use crate::sla::{Metric, RegionClass};
use crate::time::{Date, Timestamp};
use crate::UserId;

/// The service report for a period, seen at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceReport {
    /// The days covered.
    pub period: Period,
    /// When it was computed (overdue clocks and backlog ages are as of then).
    pub as_of: Timestamp,
    /// SLA compliance per metric: overall, by kind, by region and by technician.
    pub sla: Vec<SlaRow>,
    /// SLA compliance over time: per metric and part of the period (a week,
    /// or a calendar month when the period is longer than
    /// [`WEEKLY_TREND_DAYS`]), oldest first; parts that begin after
    /// `as_of`'s day are left out.
    pub sla_trend: Vec<SlaTrendRow>,
    /// Time to resolve per kind, and over every kind (`kind` `None`).
    pub time_to_resolve: Vec<ResolveTimeRow>,
    /// Cases not closed or cancelled at `as_of`, by kind and age (every period).
    pub backlog: Vec<BacklogRow>,
}

/// What an SLA row groups by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaBy {
    /// Every case.
    All,
    /// Cases of a kind.
    Kind(CaseKind),
    /// Cases of a region class.
    Region(RegionClass),
    /// Cases dispatched to a technician.
    Technician(UserId),
    /// Cases dispatched to nobody.
    NoTechnician,
}

/// SLA compliance of one metric for one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaRow {
    /// First response, on site or resolution.
    pub metric: Metric,
    /// The group.
    pub by: SlaBy,
    /// Its clocks.
    pub counts: SlaCounts,
}

/// SLA clocks that settled in the period.
///
/// A clock counts on the day it was met (`on_time` when met by its
/// deadline, else `late`), or, while not met, on its deadline's day:
/// `overdue` once that day has ended before `as_of`'s day (China business
/// days; a clock due on `as_of`'s day is not counted yet). Clocks never met
/// on a case that was resolved or closed (e.g. no visit was needed) and
/// clocks of cancelled cases count nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaCounts {
    /// Met by the deadline.
    pub on_time: u64,
    /// Met after the deadline.
    pub late: u64,
    /// Not met, deadline passed.
    pub overdue: u64,
    /// `on_time` of all three.
    pub compliance: Share,
}

/// The longest period whose SLA trend is by week; longer ones go by month.
pub const WEEKLY_TREND_DAYS: i32 = 26 * 7;

/// One metric's clocks in one part of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaTrendRow {
    /// The part's days (weeks start on the period's first day; months are
    /// calendar months, cut to the period).
    pub part: Period,
    /// First response, on site or resolution.
    pub metric: Metric,
    /// Its clocks, as in [`SlaCounts`].
    pub counts: SlaCounts,
    /// Clocks still running whose deadline is `as_of`'s day or later: the
    /// work at risk ahead.
    pub due_ahead: u64,
}

/// The parts of `period` a trend shows.
pub(crate) fn trend_parts(period: Period) -> Vec<Period> {
    let mut parts = Vec::new();
    let mut from = period.from;
    while from <= period.to {
        let next = if period.days() <= WEEKLY_TREND_DAYS {
            from.plus_days(7)
        } else {
            month_of(from).plus_months(1)
        };
        // After the last date there is no next part: this one ends the period.
        let Some(next) = next else {
            parts.push(Period {
                from,
                to: period.to,
            });
            break;
        };
        let to = next.saturating_plus_days(-1).min(period.to);
        parts.push(Period { from, to });
        from = next;
    }
    parts
}

/// Every clock counted in `period`, with its count and whether its day is
/// before `today` (a clock still open then is overdue). The period is read
/// in two parts, before today and from today.
fn clocks(
    agg: &Aggregates,
    period: Period,
    today: Date,
) -> impl Iterator<Item = (&ClockKey, u64, bool)> {
    let yesterday = today.saturating_plus_days(-1);
    let past = Period {
        from: period.from,
        to: period.to.min(yesterday),
    };
    let rest = Period {
        from: period.from.max(today),
        to: period.to,
    };
    let n = |v: &i64| (*v).max(0) as u64;
    (agg.clocks.within(past).map(move |(k, v)| (k, n(v), true)))
        .chain(agg.clocks.within(rest).map(move |(k, v)| (k, n(v), false)))
}

impl SlaCounts {
    /// Adds `n` clocks of `outcome`; an open clock counts as overdue when
    /// `past` (its deadline's day is over). Answers whether it counted.
    fn add(&mut self, outcome: ClockOutcome, n: u64, past: bool) -> bool {
        match outcome {
            ClockOutcome::OnTime => self.on_time += n,
            ClockOutcome::Late => self.late += n,
            ClockOutcome::Open if past => self.overdue += n,
            ClockOutcome::Open => return false,
        }
        true
    }

    /// With `compliance` set from the counts.
    fn settled(mut self) -> SlaCounts {
        self.compliance = Share::new(self.on_time, self.on_time + self.late + self.overdue);
        self
    }
}

/// Time from opening to resolution of the cases resolved in the period.
///
/// The mean is exact. The p90 is read from a histogram with one bucket per
/// hour under 48 hours and one per day under 60 days, and is the upper edge
/// of the bucket holding the 90th percentile: at most one hour (under two
/// days) or one day (under sixty days) above the true value. `None` when no
/// case was resolved, or when the 90th percentile is 60 days or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveTimeRow {
    /// The kind; `None` for every kind together.
    pub kind: Option<CaseKind>,
    /// Cases resolved in the period.
    pub resolved: u64,
    /// Mean time to resolve, in milliseconds (wall-clock time).
    pub mean_ms: Option<i64>,
    /// 90th percentile, in milliseconds (see the precision above).
    pub p90_ms: Option<i64>,
}

/// Open cases of a kind and age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BacklogRow {
    /// The kind.
    pub kind: CaseKind,
    /// Days since it was opened.
    pub age: AgeBucket,
    /// How many.
    pub cases: u64,
}

/// The service report over `period`, at `as_of`.
pub fn service(
    _scope: &Scope,
    agg: &Aggregates,
    period: Period,
    as_of: Timestamp,
) -> ServiceReport {
    let today = day_of(as_of);
    let mut sla: BTreeMap<(Metric, SlaBy), SlaCounts> = BTreeMap::new();
    for (k, n, past) in clocks(agg, period, today) {
        let tech = k
            .technician
            .clone()
            .map_or(SlaBy::NoTechnician, SlaBy::Technician);
        for by in [
            SlaBy::All,
            SlaBy::Kind(k.kind),
            SlaBy::Region(k.region),
            tech,
        ] {
            sla.entry((k.metric, by))
                .or_default()
                .add(k.outcome, n, past);
        }
    }
    let sla = sla
        .into_iter()
        .filter(|(_, c)| c.on_time + c.late + c.overdue > 0)
        .map(|((metric, by), counts)| SlaRow {
            metric,
            by,
            counts: counts.settled(),
        })
        .collect();

    ServiceReport {
        period,
        as_of,
        sla,
        sla_trend: sla_trend(agg, period, today),
        time_to_resolve: resolve_times(agg, period),
        backlog: backlog(agg, as_of),
    }
}

/// Every metric in every part of the period that has begun by `today`,
/// zeros included: a week or month still ahead has no figures yet, and a
/// zero for it would read as a collapse.
fn sla_trend(agg: &Aggregates, period: Period, today: Date) -> Vec<SlaTrendRow> {
    let mut rows = Vec::new();
    for part in trend_parts(period)
        .into_iter()
        .filter(|part| part.from <= today)
    {
        let mut by_metric: BTreeMap<Metric, (SlaCounts, u64)> = BTreeMap::new();
        for (k, n, past) in clocks(agg, part, today) {
            let (counts, ahead) = by_metric.entry(k.metric).or_default();
            if !counts.add(k.outcome, n, past) {
                *ahead += n;
            }
        }
        for metric in Metric::ALL {
            let (counts, due_ahead) = by_metric.remove(&metric).unwrap_or_default();
            rows.push(SlaTrendRow {
                part,
                metric,
                counts: counts.settled(),
                due_ahead,
            });
        }
    }
    rows
}

/// Time to resolve per kind and over every kind.
pub(crate) fn resolve_times(agg: &Aggregates, period: Period) -> Vec<ResolveTimeRow> {
    let mut hist: BTreeMap<Option<CaseKind>, BTreeMap<u16, u64>> = BTreeMap::new();
    for (ResolveKey { kind, bucket }, &n) in agg.resolve_counts.within(period) {
        for k in [None, Some(*kind)] {
            *hist.entry(k).or_default().entry(*bucket).or_default() += n.max(0) as u64;
        }
    }
    let mut sums: BTreeMap<Option<CaseKind>, i64> = BTreeMap::new();
    for (kind, &ms) in agg.resolve_ms.within(period) {
        for k in [None, Some(*kind)] {
            *sums.entry(k).or_default() += ms;
        }
    }
    let mut rows: Vec<ResolveTimeRow> = [None]
        .into_iter()
        .chain(CaseKind::ALL.map(Some))
        .map(|kind| {
            let h = hist.remove(&kind).unwrap_or_default();
            let resolved: u64 = h.values().sum();
            let sum = sums.get(&kind).copied().unwrap_or(0);
            ResolveTimeRow {
                kind,
                resolved,
                mean_ms: (resolved > 0).then(|| sum / resolved as i64),
                p90_ms: p90(&h, resolved),
            }
        })
        .collect();
    rows.retain(|r| r.kind.is_none() || r.resolved > 0);
    rows
}

/// The upper edge of the bucket holding the 90th percentile.
fn p90(hist: &BTreeMap<u16, u64>, total: u64) -> Option<i64> {
    if total == 0 {
        return None;
    }
    let rank = (9 * total).div_ceil(10);
    let mut seen = 0;
    for (&bucket, &n) in hist {
        seen += n;
        if seen >= rank {
            return bucket_upper_ms(bucket);
        }
    }
    None
}

/// Open cases at `as_of` by kind and age: every kind and bucket, zeros included.
fn backlog(agg: &Aggregates, as_of: Timestamp) -> Vec<BacklogRow> {
    let today = day_of(as_of);
    let mut counts: BTreeMap<(CaseKind, AgeBucket), u64> = BTreeMap::new();
    for (day, kind, &n) in agg.backlog.all() {
        if day <= today {
            *counts
                .entry((*kind, AgeBucket::of(day, today)))
                .or_default() += n.max(0) as u64;
        }
    }
    CaseKind::ALL
        .into_iter()
        .flat_map(|kind| AgeBucket::ALL.map(|age| (kind, age)))
        .map(|(kind, age)| BacklogRow {
            kind,
            age,
            cases: counts.get(&(kind, age)).copied().unwrap_or(0),
        })
        .collect()
}

impl SlaBy {
    /// The CSV cells: what it groups by, and the value.
    fn cells(&self) -> [String; 2] {
        match self {
            SlaBy::All => ["all".into(), String::new()],
            SlaBy::Kind(k) => ["kind".into(), name(k)],
            SlaBy::Region(r) => ["region".into(), name(r)],
            SlaBy::Technician(t) => ["technician".into(), t.to_string()],
            SlaBy::NoTechnician => ["technician".into(), String::new()],
        }
    }
}

impl ServiceReport {
    /// Every table of the report, for CSV export.
    pub fn tables(&self) -> Vec<Table> {
        let mut sla = Table::new(
            "sla",
            &[
                "metric",
                "by",
                "value",
                "on_time",
                "late",
                "overdue",
                "compliance_pct",
            ],
        );
        for r in &self.sla {
            let [by, value] = r.by.cells();
            sla.push(vec![
                name(&r.metric),
                by,
                value,
                r.counts.on_time.to_string(),
                r.counts.late.to_string(),
                r.counts.overdue.to_string(),
                r.counts.compliance.cell(),
            ]);
        }
        let mut trend = Table::new(
            "sla_trend",
            &[
                "from",
                "to",
                "metric",
                "on_time",
                "late",
                "overdue",
                "due_ahead",
                "compliance_pct",
            ],
        );
        for r in &self.sla_trend {
            trend.push(vec![
                r.part.from.to_string(),
                r.part.to.to_string(),
                name(&r.metric),
                r.counts.on_time.to_string(),
                r.counts.late.to_string(),
                r.counts.overdue.to_string(),
                r.due_ahead.to_string(),
                r.counts.compliance.cell(),
            ]);
        }
        let hours = |ms: Option<i64>| {
            ms.map(|ms| format!("{:.1}", ms as f64 / 3_600_000.0))
                .unwrap_or_default()
        };
        let mut ttr = Table::new(
            "time_to_resolve",
            &["kind", "resolved", "mean_hours", "p90_hours"],
        );
        for r in &self.time_to_resolve {
            ttr.push(vec![
                r.kind
                    .map(|k| k.as_str().to_owned())
                    .unwrap_or_else(|| "all".into()),
                r.resolved.to_string(),
                hours(r.mean_ms),
                hours(r.p90_ms),
            ]);
        }
        let mut backlog = Table::new("backlog", &["kind", "age", "cases"]);
        for r in &self.backlog {
            backlog.push(vec![
                r.kind.as_str().to_owned(),
                r.age.as_str().to_owned(),
                r.cases.to_string(),
            ]);
        }
        vec![sla, trend, ttr, backlog]
    }
}
