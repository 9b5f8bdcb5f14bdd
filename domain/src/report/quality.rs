//! Quality: what fails, in which model and batch, why, and whether fixes hold.
//!
//! Counts cover product cases (repairs and returns) that are not cancelled,
//! by the day they were opened, except recurrence and first-time fix, which
//! count cases by the day they were resolved.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregates::Comeback;
use super::aggregates::{is_product_case, Aggregates};
use super::{money_of, name, opt_name, Period, Scope, Share, Table, TOP_N};
use crate::flow::info::RootCause;
use crate::flow::money::MoneyDirection;
use crate::money::{Currency, Money};

/// The quality report for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QualityReport {
    /// The days covered.
    pub period: Period,
    /// Root causes per product model, the model with most cases first.
    pub pareto_by_model: Vec<Pareto>,
    /// Root causes per model and batch, the batch with most cases first.
    pub pareto_by_batch: Vec<Pareto>,
    /// Cases per unit sold, per batch.
    pub failure_rates: Vec<FailureRate>,
    /// Serials that came back after being resolved, per model and root cause.
    pub recurrence: Vec<RecurrenceRow>,
    /// First-time fixes per model.
    pub first_time_fix: Vec<FirstTimeFix>,
    /// The most frequent failed parts (at most [`TOP_N`]).
    pub top_parts: Vec<PartCount>,
    /// What each model's batch cost: money paid in the period on its
    /// repairs and returns, the batch that paid out most first.
    pub batch_costs: Vec<BatchCost>,
}

/// Money paid on the repairs and returns of one model's batch, in one
/// currency, over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchCost {
    /// The product model.
    pub model: String,
    /// The batch (`None`: no batch recorded).
    pub batch: Option<String>,
    /// Refunds and credits paid to customers.
    pub paid_out: Money,
    /// How many of those.
    pub payouts: u64,
    /// Charges customers paid (repairs outside warranty).
    pub charged: Money,
    /// Paid out less charged.
    pub net: Money,
}

/// One group's root causes, most frequent first, with cumulative shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pareto {
    /// The product model.
    pub model: String,
    /// The batch (in `pareto_by_batch`; `None` there: no batch recorded).
    pub batch: Option<String>,
    /// Cases with a diagnosis (the whole of every share).
    pub diagnosed: u64,
    /// Cases not diagnosed yet (not in the bars).
    pub undiagnosed: u64,
    /// Root causes, most cases first (ties in taxonomy order).
    pub bars: Vec<ParetoBar>,
}

/// One bar of a Pareto chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParetoBar {
    /// The root cause.
    pub root_cause: RootCause,
    /// Cases with it.
    pub cases: u64,
    /// Its share of the diagnosed cases.
    pub share: Share,
    /// The share of this bar and every bar before it.
    pub cumulative: Share,
}

/// Cases per unit sold of one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailureRate {
    /// The batch.
    pub batch: String,
    /// Cases of the batch opened in the period.
    pub cases: u64,
    /// Units of the batch sold (all time), when given.
    pub units_sold: Option<u32>,
    /// `cases` of `units_sold`; `None` when no sold figure was given.
    pub rate: Option<Share>,
}

/// How often fixes held, for one model and root cause.
///
/// A resolved repair or return with a serial *recurs within N days* when
/// another (not cancelled) repair or return of the same serial was opened 0
/// to N days after the day it was resolved (China business days). Counted
/// by the day it was resolved; recent periods can still gain recurrences, so
/// their rates are lower bounds until 90 days have passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecurrenceRow {
    /// The product model.
    pub model: String,
    /// The root cause of the resolved case (`None`: not diagnosed).
    pub root_cause: Option<RootCause>,
    /// Cases resolved in the period.
    pub resolved: u64,
    /// Of those, whose serial came back within 30 days.
    pub within_30_days: Share,
    /// Of those, whose serial came back within 90 days (the 30 included).
    pub within_90_days: Share,
}

/// First-time fixes of one model.
///
/// A *first-time fix* is a repair that stands resolved (resolved or closed)
/// and was never reopened (moved back to in repair after being resolved or
/// closed) and needed at most one technician visit (at most one move from
/// scheduled to in repair). Counted by the day it was (last) resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstTimeFix {
    /// The product model.
    pub model: String,
    /// First-time fixes of the repairs resolved in the period.
    pub rate: Share,
}

/// How often a part failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartCount {
    /// The product model.
    pub model: String,
    /// The failed part, as diagnosed.
    pub part: String,
    /// Cases opened in the period with it.
    pub cases: u64,
}

/// The quality report over `period`; `units_sold` gives units sold per batch
/// (a batch missing there gets no rate).
pub fn quality(
    _scope: &Scope,
    agg: &Aggregates,
    period: Period,
    units_sold: &BTreeMap<String, u32>,
) -> QualityReport {
    type Causes = BTreeMap<Option<RootCause>, u64>;
    let mut by_model: BTreeMap<&str, Causes> = BTreeMap::new();
    let mut by_batch: BTreeMap<(&str, Option<&str>), Causes> = BTreeMap::new();
    let mut batch_cases: BTreeMap<&str, u64> = BTreeMap::new();
    for (k, &n) in agg.cases.within(period) {
        if !is_product_case(k.kind) || k.cancelled {
            continue;
        }
        let n = n.max(0) as u64;
        *by_model
            .entry(&k.model)
            .or_default()
            .entry(k.root_cause)
            .or_default() += n;
        *by_batch
            .entry((&k.model, k.batch.as_deref()))
            .or_default()
            .entry(k.root_cause)
            .or_default() += n;
        if let Some(b) = &k.batch {
            *batch_cases.entry(b).or_default() += n;
        }
    }
    let pareto_by_model = sorted_paretos(
        by_model
            .into_iter()
            .map(|(m, c)| pareto(m, None, c))
            .collect(),
    );
    let pareto_by_batch = sorted_paretos(
        by_batch
            .into_iter()
            .map(|((m, b), c)| pareto(m, b, c))
            .collect(),
    );

    let mut failure_rates: Vec<FailureRate> = batch_cases
        .keys()
        .copied()
        .chain(units_sold.keys().map(String::as_str))
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .map(|batch| {
            let cases = batch_cases.get(batch).copied().unwrap_or(0);
            let units_sold = units_sold.get(batch).copied();
            FailureRate {
                batch: batch.to_owned(),
                cases,
                units_sold,
                rate: units_sold.map(|u| Share::new(cases, u64::from(u))),
            }
        })
        .collect();
    failure_rates.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.batch.cmp(&b.batch)));

    let mut rec: BTreeMap<(&str, Option<RootCause>), [u64; 3]> = BTreeMap::new();
    for (k, &n) in agg.recurrence.within(period) {
        let slot = rec.entry((&k.model, k.root_cause)).or_default();
        let n = n.max(0) as u64;
        slot[0] += n;
        match k.comeback {
            Comeback::Within30 => {
                slot[1] += n;
                slot[2] += n;
            }
            Comeback::Within90 => slot[2] += n,
            Comeback::No => {}
        }
    }
    let recurrence = rec
        .into_iter()
        .map(|((model, root_cause), [all, d30, d90])| RecurrenceRow {
            model: model.to_owned(),
            root_cause,
            resolved: all,
            within_30_days: Share::new(d30, all),
            within_90_days: Share::new(d90, all),
        })
        .collect();

    let mut fixes: BTreeMap<&str, Share> = BTreeMap::new();
    for (k, &n) in agg.fixes.within(period) {
        let s = fixes.entry(&k.model).or_default();
        let n = n.max(0) as u64;
        s.whole += n;
        if k.first_time {
            s.part += n;
        }
    }
    let first_time_fix = fixes
        .into_iter()
        .map(|(model, rate)| FirstTimeFix {
            model: model.to_owned(),
            rate,
        })
        .collect();

    let mut parts: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for (k, &n) in agg.parts.within(period) {
        *parts.entry((&k.model, &k.part)).or_default() += n.max(0) as u64;
    }
    let mut top_parts: Vec<PartCount> = parts
        .into_iter()
        .map(|((model, part), cases)| PartCount {
            model: model.to_owned(),
            part: part.to_owned(),
            cases,
        })
        .collect();
    top_parts.sort_by_key(|p| std::cmp::Reverse(p.cases));
    top_parts.truncate(TOP_N);

    QualityReport {
        period,
        pareto_by_model,
        pareto_by_batch,
        failure_rates,
        recurrence,
        first_time_fix,
        top_parts,
        batch_costs: batch_costs(agg, period),
    }
}

/// A model, a batch and a currency.
type CostKey<'a> = (&'a str, Option<&'a str>, Currency);

fn batch_costs(agg: &Aggregates, period: Period) -> Vec<BatchCost> {
    // (payouts, paid out, charged), minor units.
    let mut sums: BTreeMap<CostKey, (i64, i64, i64)> = BTreeMap::new();
    for (k, v) in agg.batch_costs.within(period) {
        let slot = sums
            .entry((&k.model, k.batch.as_deref(), k.currency))
            .or_default();
        match k.direction {
            MoneyDirection::ToCustomer => {
                slot.0 += v.count;
                slot.1 += v.minor;
            }
            MoneyDirection::FromCustomer => slot.2 += v.minor,
        }
    }
    let mut costs: Vec<BatchCost> = sums
        .into_iter()
        .map(
            |((model, batch, currency), (payouts, out, charged))| BatchCost {
                model: model.to_owned(),
                batch: batch.map(str::to_owned),
                paid_out: money_of(out, currency),
                payouts: payouts.max(0) as u64,
                charged: money_of(charged, currency),
                net: money_of(out - charged, currency),
            },
        )
        .collect();
    costs.sort_by(|a, b| {
        b.paid_out
            .minor()
            .cmp(&a.paid_out.minor())
            .then_with(|| (&a.model, &a.batch).cmp(&(&b.model, &b.batch)))
    });
    costs
}

fn pareto(model: &str, batch: Option<&str>, causes: BTreeMap<Option<RootCause>, u64>) -> Pareto {
    let undiagnosed = causes.get(&None).copied().unwrap_or(0);
    let mut counted: Vec<(RootCause, u64)> = causes
        .into_iter()
        .filter_map(|(c, n)| Some((c?, n)))
        .filter(|(_, n)| *n > 0)
        .collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let diagnosed: u64 = counted.iter().map(|(_, n)| n).sum();
    let mut running = 0;
    let bars = counted
        .into_iter()
        .map(|(root_cause, cases)| {
            running += cases;
            ParetoBar {
                root_cause,
                cases,
                share: Share::new(cases, diagnosed),
                cumulative: Share::new(running, diagnosed),
            }
        })
        .collect();
    Pareto {
        model: model.to_owned(),
        batch: batch.map(str::to_owned),
        diagnosed,
        undiagnosed,
        bars,
    }
}

fn sorted_paretos(mut list: Vec<Pareto>) -> Vec<Pareto> {
    list.sort_by(|a, b| {
        (b.diagnosed + b.undiagnosed)
            .cmp(&(a.diagnosed + a.undiagnosed))
            .then_with(|| (&a.model, &a.batch).cmp(&(&b.model, &b.batch)))
    });
    list
}

impl QualityReport {
    /// Every table of the report, for CSV export.
    pub fn tables(&self) -> Vec<Table> {
        let header = [
            "model",
            "batch",
            "root_cause",
            "cases",
            "share_pct",
            "cumulative_pct",
        ];
        let pareto_table = |name_: &str, list: &[Pareto]| {
            let mut t = Table::new(name_, &header);
            for p in list {
                for b in &p.bars {
                    t.push(vec![
                        p.model.clone(),
                        p.batch.clone().unwrap_or_default(),
                        name(&b.root_cause),
                        b.cases.to_string(),
                        b.share.cell(),
                        b.cumulative.cell(),
                    ]);
                }
            }
            t
        };
        let mut rates = Table::new(
            "failure_rate",
            &["batch", "cases", "units_sold", "rate_pct"],
        );
        for r in &self.failure_rates {
            rates.push(vec![
                r.batch.clone(),
                r.cases.to_string(),
                r.units_sold.map(|u| u.to_string()).unwrap_or_default(),
                r.rate.map(Share::cell).unwrap_or_default(),
            ]);
        }
        let mut rec = Table::new(
            "recurrence",
            &[
                "model",
                "root_cause",
                "resolved",
                "within_30_days",
                "within_30_days_pct",
                "within_90_days",
                "within_90_days_pct",
            ],
        );
        for r in &self.recurrence {
            rec.push(vec![
                r.model.clone(),
                opt_name(&r.root_cause),
                r.resolved.to_string(),
                r.within_30_days.part.to_string(),
                r.within_30_days.cell(),
                r.within_90_days.part.to_string(),
                r.within_90_days.cell(),
            ]);
        }
        let mut ftf = Table::new(
            "first_time_fix",
            &["model", "resolved_repairs", "first_time_fixes", "rate_pct"],
        );
        for f in &self.first_time_fix {
            ftf.push(vec![
                f.model.clone(),
                f.rate.whole.to_string(),
                f.rate.part.to_string(),
                f.rate.cell(),
            ]);
        }
        let mut parts = Table::new("top_parts", &["model", "part", "cases"]);
        for p in &self.top_parts {
            parts.push(vec![p.model.clone(), p.part.clone(), p.cases.to_string()]);
        }
        let mut costs = Table::new(
            "batch_costs",
            &[
                "model", "batch", "currency", "payouts", "paid_out", "charged", "net",
            ],
        );
        for c in &self.batch_costs {
            costs.push(vec![
                c.model.clone(),
                c.batch.clone().unwrap_or_default(),
                c.paid_out.currency().to_string(),
                c.payouts.to_string(),
                c.paid_out.decimal(),
                c.charged.decimal(),
                c.net.decimal(),
            ]);
        }
        vec![
            pareto_table("pareto_by_model", &self.pareto_by_model),
            pareto_table("pareto_by_batch", &self.pareto_by_batch),
            rates,
            costs,
            rec,
            ftf,
            parts,
        ]
    }
}
