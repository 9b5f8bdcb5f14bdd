//! The weekly or monthly summary: key figures of a period beside those of
//! the period before it ([`Period::previous`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{
    customers, money, money_of, name, quality, service, Period, Scope, ScoreBy, Share, SlaBy, Table,
};
use crate::flow::money::MoneyDirection;
use crate::money::{Currency, Money};
use crate::sla::Metric;
use crate::time::Timestamp;

/// A key figure of the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Cases opened.
    CasesOpened,
    /// Cases resolved.
    CasesResolved,
    /// First-response SLA compliance.
    FirstResponseCompliance,
    /// On-site SLA compliance.
    OnSiteCompliance,
    /// Resolution SLA compliance.
    ResolutionCompliance,
    /// Mean time to resolve.
    MeanTimeToResolve,
    /// 90th percentile of time to resolve.
    P90TimeToResolve,
    /// First-time fix rate of repairs.
    FirstTimeFix,
    /// Resolved cases whose serial came back within 30 days.
    RecurrenceWithin30Days,
    /// Resolved cases whose serial came back within 90 days.
    RecurrenceWithin90Days,
    /// Mean satisfaction score.
    Satisfaction,
    /// Refunds, credit notes and price differences paid to customers.
    PaidOut,
    /// Charges and price differences paid by customers.
    PaidIn,
}

/// The value of a key figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FigureValue {
    /// A number of cases.
    Count(u64),
    /// A rate.
    Share(Share),
    /// A duration in milliseconds (`None`: nothing to measure).
    DurationMs(Option<i64>),
    /// A mean score 1 to 5 (`None`: no answers).
    Score(Option<f64>),
    /// An amount per currency.
    Money(Vec<Money>),
}

/// One figure in both periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyFigure {
    /// Which figure.
    pub figure: Figure,
    /// In the period.
    pub current: FigureValue,
    /// In the previous period.
    pub previous: FigureValue,
}

/// The summary of a period against the one before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    /// The period.
    pub period: Period,
    /// The period it is compared with ([`Period::previous`]: the calendar
    /// month before a month, else as many days just before).
    pub previous_period: Period,
    /// When it was computed.
    pub as_of: Timestamp,
    /// The figures, in [`Figure`] order.
    pub figures: Vec<KeyFigure>,
}

/// The summary of `period` against [`Period::previous`], at `as_of`.
pub fn summary(
    scope: &Scope,
    agg: &super::Aggregates,
    period: Period,
    as_of: Timestamp,
) -> Summary {
    let previous_period = period.previous();
    let now = figures(scope, agg, period, as_of);
    let before = figures(scope, agg, previous_period, as_of);
    let figures = now
        .into_iter()
        .zip(before)
        .map(|((figure, current), (_, previous))| KeyFigure {
            figure,
            current,
            previous,
        })
        .collect();
    Summary {
        period,
        previous_period,
        as_of,
        figures,
    }
}

fn figures(
    scope: &Scope,
    agg: &super::Aggregates,
    period: Period,
    as_of: Timestamp,
) -> Vec<(Figure, FigureValue)> {
    let q = quality(scope, agg, period, &BTreeMap::new());
    let s = service(scope, agg, period, as_of);
    let c = customers(scope, agg, period);
    let m = money(scope, agg, period, as_of);

    let opened = c.by_channel.iter().map(|r| r.cases).sum();
    let all_kinds = s.time_to_resolve.iter().find(|r| r.kind.is_none());
    let compliance = |metric| {
        s.sla
            .iter()
            .find(|r| r.metric == metric && r.by == SlaBy::All)
            .map_or_else(Share::default, |r| r.counts.compliance)
    };
    let sum_shares = |shares: &mut dyn Iterator<Item = Share>| {
        shares.fold(Share::default(), |a, b| {
            Share::new(a.part + b.part, a.whole + b.whole)
        })
    };
    let paid = |direction| {
        let mut by: BTreeMap<Currency, i64> = BTreeMap::new();
        for r in m.flows.iter().filter(|r| r.direction == direction) {
            *by.entry(r.currency).or_default() += r.paid.amount.minor();
        }
        by.into_iter()
            .map(|(c, minor)| money_of(minor, c))
            .collect()
    };
    vec![
        (Figure::CasesOpened, FigureValue::Count(opened)),
        (
            Figure::CasesResolved,
            FigureValue::Count(all_kinds.map_or(0, |r| r.resolved)),
        ),
        (
            Figure::FirstResponseCompliance,
            FigureValue::Share(compliance(Metric::FirstResponse)),
        ),
        (
            Figure::OnSiteCompliance,
            FigureValue::Share(compliance(Metric::OnSite)),
        ),
        (
            Figure::ResolutionCompliance,
            FigureValue::Share(compliance(Metric::Resolution)),
        ),
        (
            Figure::MeanTimeToResolve,
            FigureValue::DurationMs(all_kinds.and_then(|r| r.mean_ms)),
        ),
        (
            Figure::P90TimeToResolve,
            FigureValue::DurationMs(all_kinds.and_then(|r| r.p90_ms)),
        ),
        (
            Figure::FirstTimeFix,
            FigureValue::Share(sum_shares(&mut q.first_time_fix.iter().map(|f| f.rate))),
        ),
        (
            Figure::RecurrenceWithin30Days,
            FigureValue::Share(sum_shares(
                &mut q.recurrence.iter().map(|r| r.within_30_days),
            )),
        ),
        (
            Figure::RecurrenceWithin90Days,
            FigureValue::Share(sum_shares(
                &mut q.recurrence.iter().map(|r| r.within_90_days),
            )),
        ),
        (
            Figure::Satisfaction,
            FigureValue::Score(
                c.satisfaction
                    .iter()
                    .find(|r| r.by == ScoreBy::All)
                    .and_then(|r| r.score.mean),
            ),
        ),
        (
            Figure::PaidOut,
            FigureValue::Money(paid(MoneyDirection::ToCustomer)),
        ),
        (
            Figure::PaidIn,
            FigureValue::Money(paid(MoneyDirection::FromCustomer)),
        ),
    ]
}

impl FigureValue {
    /// The CSV cell: counts as is, rates in percent, durations in hours,
    /// scores with two decimals; money is one row per currency (see
    /// [`Summary::tables`]), so this gives its amounts as `CNY 12.00; USD 3.00`.
    pub fn cell(&self) -> String {
        match self {
            FigureValue::Count(n) => n.to_string(),
            FigureValue::Share(s) => s.cell(),
            FigureValue::DurationMs(ms) => ms
                .map(|ms| format!("{:.1}", ms as f64 / 3_600_000.0))
                .unwrap_or_default(),
            FigureValue::Score(s) => s.map(|s| format!("{s:.2}")).unwrap_or_default(),
            FigureValue::Money(list) => list
                .iter()
                .map(Money::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The amount in `currency` as a plain decimal a spreadsheet sums
    /// (`10500.00`; `0.00` when nothing moved in it); empty for other values.
    fn amount_in(&self, currency: Currency) -> String {
        match self {
            FigureValue::Money(list) => list
                .iter()
                .find(|m| m.currency() == currency)
                .copied()
                .unwrap_or_else(|| money_of(0, currency))
                .decimal(),
            _ => String::new(),
        }
    }
}

impl Summary {
    /// The summary as one table, for CSV export: a row per figure with its
    /// unit (`cases`, `percent`, `hours`, `score`), and money as a row per
    /// currency, the unit being its code and the cells plain decimals.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new("summary", &["figure", "unit", "current", "previous"]);
        for f in &self.figures {
            let unit = match f.current {
                FigureValue::Count(_) => "cases",
                FigureValue::Share(_) => "percent",
                FigureValue::DurationMs(_) => "hours",
                FigureValue::Score(_) => "score",
                FigureValue::Money(_) => {
                    let mut currencies: Vec<Currency> = [&f.current, &f.previous]
                        .into_iter()
                        .flat_map(|v| match v {
                            FigureValue::Money(list) => list.iter().map(|m| m.currency()).collect(),
                            _ => Vec::new(),
                        })
                        .collect();
                    currencies.sort();
                    currencies.dedup();
                    for c in currencies {
                        t.push(vec![
                            name(&f.figure),
                            c.to_string(),
                            f.current.amount_in(c),
                            f.previous.amount_in(c),
                        ]);
                    }
                    continue;
                }
            };
            t.push(vec![
                name(&f.figure),
                unit.to_owned(),
                f.current.cell(),
                f.previous.cell(),
            ]);
        }
        vec![t]
    }
}
