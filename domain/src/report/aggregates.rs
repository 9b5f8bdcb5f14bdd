//! The aggregates every report reads: counts and sums per China business day
//! and category, never a list of cases.
//!
//! A case *contributes* to them as a function of its snapshot alone (see
//! [`Aggregates::record`] for which day each fact is counted on). Recording a
//! write takes the case's previous contribution away and adds its new one;
//! values are signed, so contributions cancel exactly and an entry that
//! falls to zero is removed: incremental upkeep and a rebuild give equal
//! values, field for field.
//!
//! Stored form (serde): every map of counts is a list of `[key, value]`
//! pairs under its day (`"2026-11-18"`), so the worker can keep it as one
//! JSON value or as rows.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::daily::{Daily, Measure, Tally};

use super::day_of;
use super::goods::ReturnEnding;
use super::money::Awaiting;
use crate::case::{Case, CaseKind, Channel};
use crate::flow::goods::{MovementKind, MovementState};
use crate::flow::info::RootCause;
use crate::flow::money::{customer_paid, EntryKind, EntryState, MoneyDirection};
use crate::money::Currency;
use crate::sla::{ClockState, Metric, RegionClass, SlaPolicy};
use crate::time::{Date, DAY_MS, HOUR_MS};
use crate::UserId;

/// How many buckets the time-to-resolve histogram has: one per hour under
/// two days (48), one per day from 2 to 60 days (58), and one for 60 days or
/// more. A percentile read from it is exact to the hour under two days and
/// to the day under sixty days.
pub const RESOLVE_BUCKETS: u16 = 48 + 58 + 1;

/// The histogram bucket of a duration in milliseconds.
pub(crate) fn resolve_bucket(ms: i64) -> u16 {
    let ms = ms.max(0);
    if ms < 48 * HOUR_MS {
        (ms / HOUR_MS) as u16
    } else if ms < 60 * DAY_MS {
        48 + (ms / DAY_MS - 2) as u16
    } else {
        RESOLVE_BUCKETS - 1
    }
}

/// The upper edge of a bucket in milliseconds; `None` for the last, open one.
pub(crate) fn bucket_upper_ms(bucket: u16) -> Option<i64> {
    match bucket {
        b if b < 48 => Some(i64::from(b + 1) * HOUR_MS),
        b if b < RESOLVE_BUCKETS - 1 => Some(i64::from(b - 48 + 3) * DAY_MS),
        _ => None,
    }
}

/// A count and an amount in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct Sum {
    pub(crate) count: i64,
    pub(crate) minor: i64,
}

impl Measure for Sum {
    fn add(&mut self, other: &Self, sign: i64) {
        self.count += other.count * sign;
        self.minor += other.minor * sign;
    }
    fn is_zero(&self) -> bool {
        self.count == 0 && self.minor == 0
    }
}

/// What customers paid and got back, over cases with a price.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PaySum {
    /// Cases with a price paid.
    pub(crate) cases: i64,
    /// Of those, cases with a payout paid.
    pub(crate) with_payout: i64,
    /// Price plus paid charges, minor units.
    pub(crate) customer_paid: i64,
    /// Payouts paid, minor units.
    pub(crate) paid_out: i64,
}

impl Measure for PaySum {
    fn add(&mut self, other: &Self, sign: i64) {
        self.cases += other.cases * sign;
        self.with_payout += other.with_payout * sign;
        self.customer_paid += other.customer_paid * sign;
        self.paid_out += other.paid_out * sign;
    }
    fn is_zero(&self) -> bool {
        *self == PaySum::default()
    }
}

/// A case, counted on the day it was opened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct CaseKey {
    pub(crate) kind: CaseKind,
    pub(crate) channel: Channel,
    pub(crate) model: String,
    pub(crate) batch: Option<String>,
    pub(crate) root_cause: Option<RootCause>,
    pub(crate) cancelled: bool,
}

/// A failed part of a product case, counted on the day the case was opened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct PartKey {
    pub(crate) model: String,
    pub(crate) part: String,
}

/// A resolved repair, counted on the day it was resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct FixKey {
    pub(crate) model: String,
    pub(crate) first_time: bool,
}

/// A resolved case's time to resolve, counted on the day it was resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct ResolveKey {
    pub(crate) kind: CaseKind,
    pub(crate) bucket: u16,
}

/// How an SLA clock ended, or that it still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ClockOutcome {
    /// Met within its target (counted on the day it was met).
    OnTime,
    /// Met after its deadline (counted on the day it was met).
    Late,
    /// Not met yet (counted on its deadline's day).
    Open,
}

/// An SLA clock.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct ClockKey {
    pub(crate) metric: Metric,
    pub(crate) kind: CaseKind,
    pub(crate) region: RegionClass,
    pub(crate) technician: Option<UserId>,
    pub(crate) outcome: ClockOutcome,
}

/// Defective units awaited, counted on the day they were authorised; the
/// value is the product's price paid times the quantity, where known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct OutstandingKey {
    pub(crate) model: String,
    pub(crate) currency: Option<Currency>,
}

/// Inspected defective units, counted on the day they were inspected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct InspectionKey {
    pub(crate) model: String,
    pub(crate) root_cause: Option<RootCause>,
    pub(crate) ending: Option<ReturnEnding>,
}

/// A step of a money entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MoneyStep {
    Requested,
    Approved,
    Rejected,
    Paid,
}

/// Money entries, counted on the day of each step they took.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct MoneyKey {
    pub(crate) step: MoneyStep,
    pub(crate) kind: EntryKind,
    pub(crate) direction: MoneyDirection,
    pub(crate) model: String,
    pub(crate) currency: Currency,
}

/// Money entries waiting, counted on the day they started waiting.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct PendingKey {
    pub(crate) awaiting: Awaiting,
    pub(crate) kind: EntryKind,
    pub(crate) currency: Currency,
}

/// Cases with a price paid, counted on the day they were opened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct PayoutKey {
    pub(crate) model: String,
    pub(crate) currency: Currency,
}

/// A paid money entry of a repair or return (not cancelled), counted on
/// the day it was paid: what a model's batch cost.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct BatchCostKey {
    pub(crate) model: String,
    pub(crate) batch: Option<String>,
    pub(crate) direction: MoneyDirection,
    pub(crate) currency: Currency,
}

/// A survey answer, counted on the day it was given.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct SurveyKey {
    pub(crate) kind: CaseKind,
    pub(crate) technician: Option<UserId>,
    pub(crate) model: String,
    pub(crate) score: u8,
}

/// One product case of a serial, as recurrence needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct Visit {
    pub(crate) opened: Date,
    pub(crate) resolved: Option<Date>,
    pub(crate) model: String,
    pub(crate) root_cause: Option<RootCause>,
}

/// When a resolved case's serial came back, if it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Comeback {
    /// A case of the serial was opened 0 to 30 days after this one was resolved.
    Within30,
    /// The first comeback was 31 to 90 days after.
    Within90,
    /// None within 90 days (so far).
    No,
}

/// A resolved product case with a serial, counted on the day it was resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub(crate) struct RecurrenceKey {
    pub(crate) model: String,
    pub(crate) root_cause: Option<RootCause>,
    pub(crate) comeback: Comeback,
}

/// Serialises keys and values as arrays of their fields, in declaration
/// order: rows hold many of them, and names would double their size. Their
/// derived `Deserialize` reads arrays and rows stored earlier with named
/// fields alike. A new field goes last, with `#[serde(default)]`.
macro_rules! stored_as_arrays {
    ($($name:ident { $($field:ident),* })*) => {$(
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ($(&self.$field,)*).serialize(s)
            }
        }
    )*};
}

stored_as_arrays! {
    Sum { count, minor }
    CaseKey { kind, channel, model, batch, root_cause, cancelled }
    PartKey { model, part }
    FixKey { model, first_time }
    ResolveKey { kind, bucket }
    ClockKey { metric, kind, region, technician, outcome }
    OutstandingKey { model, currency }
    InspectionKey { model, root_cause, ending }
    MoneyKey { step, kind, direction, model, currency }
    PendingKey { awaiting, kind, currency }
    PayoutKey { model, currency }
    BatchCostKey { model, batch, direction, currency }
    SurveyKey { kind, technician, model, score }
    Visit { opened, resolved, model, root_cause }
    RecurrenceKey { model, root_cause, comeback }
}

/// Everything the reports read, kept per China business day.
///
/// It holds the SLA policy its clocks were judged by: a case's contribution
/// must be computed the same way when it is added and when it is taken away,
/// so a new policy means a new [`Aggregates::rebuild`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregates {
    sla: SlaPolicy,
    pub(crate) cases: Daily<CaseKey>,
    pub(crate) parts: Daily<PartKey>,
    pub(crate) fixes: Daily<FixKey>,
    pub(crate) resolve_counts: Daily<ResolveKey>,
    pub(crate) resolve_ms: Daily<CaseKind>,
    pub(crate) clocks: Daily<ClockKey>,
    pub(crate) backlog: Daily<CaseKind>,
    pub(crate) outstanding: Daily<OutstandingKey, Sum>,
    pub(crate) inspections: Daily<InspectionKey>,
    pub(crate) money: Daily<MoneyKey, Sum>,
    pub(crate) pending: Daily<PendingKey, Sum>,
    pub(crate) payouts: Daily<PayoutKey, PaySum>,
    pub(crate) batch_costs: Daily<BatchCostKey, Sum>,
    pub(crate) surveys: Daily<SurveyKey>,
    pub(crate) recurrence: Daily<RecurrenceKey>,
    pub(crate) serials: BTreeMap<String, Tally<Visit, i64>>,
}

impl Default for Aggregates {
    /// Empty aggregates under [`SlaPolicy::default_china`].
    fn default() -> Self {
        Aggregates::new(SlaPolicy::default_china())
    }
}

/// Repairs and returns: the cases about a product's fault.
pub(crate) fn is_product_case(kind: CaseKind) -> bool {
    match kind {
        CaseKind::Repair | CaseKind::Return => true,
        CaseKind::Refund => false,
    }
}

/// The day a case was resolved, while it stands resolved (a reopened repair
/// is not; a cancelled case never is).
pub(crate) fn resolved_day(case: &Case) -> Option<Date> {
    let resolved =
        case.status.is_resolution() || (case.status.is_terminal() && !case.status.is_cancelled());
    resolved.then_some(case.resolved_at).flatten().map(day_of)
}

/// The serial as recurrence matches it: trimmed, upper case; `None` if blank.
pub(super) fn serial_key(case: &Case) -> Option<String> {
    let s = case.product.serial.as_deref()?.trim().to_uppercase();
    (!s.is_empty()).then_some(s)
}

impl Aggregates {
    /// Empty aggregates whose SLA clocks are judged by `sla`.
    pub fn new(sla: SlaPolicy) -> Aggregates {
        Aggregates {
            sla,
            cases: Daily::new(),
            parts: Daily::new(),
            fixes: Daily::new(),
            resolve_counts: Daily::new(),
            resolve_ms: Daily::new(),
            clocks: Daily::new(),
            backlog: Daily::new(),
            outstanding: Daily::new(),
            inspections: Daily::new(),
            money: Daily::new(),
            pending: Daily::new(),
            payouts: Daily::new(),
            batch_costs: Daily::new(),
            surveys: Daily::new(),
            recurrence: Daily::new(),
            serials: BTreeMap::new(),
        }
    }

    /// The aggregates of these cases (their latest snapshots), SLA judged by `sla`.
    pub fn rebuild<'a>(sla: SlaPolicy, cases: impl IntoIterator<Item = &'a Case>) -> Aggregates {
        let mut agg = Aggregates::new(sla);
        for case in cases {
            agg.record(None, case);
        }
        agg
    }

    /// The SLA policy the clocks are judged by.
    pub fn sla(&self) -> &SlaPolicy {
        &self.sla
    }

    /// Records one write of a case: `before` is the snapshot these
    /// aggregates last recorded for it (`None` for a new case), `after` the
    /// snapshot now stored. Recording the same snapshot again changes nothing.
    ///
    /// What a case contributes, and on which China business day:
    /// - opened day: the case by kind, channel, model, batch, root cause and
    ///   whether cancelled; its failed part (repairs and returns, not
    ///   cancelled); its backlog entry while not closed or cancelled; for a
    ///   case with a price paid, what the customer paid and got back;
    /// - resolved day (while it stands resolved): its time to resolve; for a
    ///   repair, whether it was a first-time fix; for a repair or return with
    ///   a serial, whether the serial came back within 30 or 90 days;
    /// - each SLA clock: the day it was met (on time or late), or while it
    ///   runs, its deadline's day (clocks never met on a resolved or closed
    ///   case, and clocks paused without end, count nowhere);
    /// - each defective unit awaited: the day it was authorised; inspected:
    ///   the day it was inspected;
    /// - each money entry: the day of each step (requested, approved or
    ///   rejected, paid); while waiting, the day it started waiting; paid on a
    ///   repair or return, by model and batch too;
    /// - the survey: the day it was answered.
    pub fn record(&mut self, before: Option<&Case>, after: &Case) {
        let serials: BTreeSet<String> = before
            .into_iter()
            .chain([after])
            .filter_map(serial_key)
            .collect();
        for s in &serials {
            self.recurrence_of(s, -1);
        }
        if let Some(b) = before {
            self.apply(b, -1);
        }
        self.apply(after, 1);
        for s in &serials {
            self.recurrence_of(s, 1);
        }
    }

    /// Adds (`sign` 1) or takes away (-1) a case's contribution, recurrence aside.
    pub(super) fn apply(&mut self, case: &Case, sign: i64) {
        let kind = case.kind();
        let opened = day_of(case.created_at);
        let model = &case.product.model;
        let cancelled = case.status.is_cancelled();
        let root_cause = case.diagnosis.as_ref().map(|d| d.root_cause);
        let product = is_product_case(kind) && !cancelled;
        let technician = case.dispatch.as_ref().map(|d| d.technician.clone());
        let resolved = resolved_day(case);

        self.cases.add(
            opened,
            CaseKey {
                kind,
                channel: case.channel,
                model: model.clone(),
                batch: case.product.batch.clone(),
                root_cause,
                cancelled,
            },
            &1,
            sign,
        );
        let part = case
            .diagnosis
            .as_ref()
            .and_then(|d| d.failed_part.as_deref())
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let (true, Some(part)) = (product, part) {
            let key = PartKey {
                model: model.clone(),
                part: part.to_owned(),
            };
            self.parts.add(opened, key, &1, sign);
        }
        if !case.status.is_terminal() {
            self.backlog.add(opened, kind, &1, sign);
        }

        if let (Some(day), Some(at)) = (resolved, case.resolved_at) {
            let ms = (at.millis() - case.created_at.millis()).max(0);
            let bucket = resolve_bucket(ms);
            self.resolve_counts
                .add(day, ResolveKey { kind, bucket }, &1, sign);
            self.resolve_ms.add(day, kind, &ms, sign);
            if kind == CaseKind::Repair {
                let key = FixKey {
                    model: model.clone(),
                    first_time: case.reopens == 0 && case.site_visits <= 1,
                };
                self.fixes.add(day, key, &1, sign);
            }
        }

        self.apply_clocks(case, technician.clone(), sign);
        self.apply_goods(case, root_cause, sign);
        self.apply_money(case, sign);

        if let Some(s) = &case.survey {
            let key = SurveyKey {
                kind,
                technician,
                model: model.clone(),
                score: s.score,
            };
            self.surveys.add(day_of(s.at), key, &1, sign);
        }

        if let (true, Some(serial)) = (product, serial_key(case)) {
            let visit = Visit {
                opened,
                resolved,
                model: model.clone(),
                root_cause,
            };
            let visits = self.serials.entry(serial.clone()).or_default();
            visits.add(visit, &1, sign);
            if visits.0.is_empty() {
                self.serials.remove(&serial);
            }
        }
    }

    fn apply_clocks(&mut self, case: &Case, technician: Option<UserId>, sign: i64) {
        let settled = case.status.is_resolution() || case.status.is_terminal();
        for clock in case.clocks(&self.sla) {
            let (day, outcome) = match clock.met_at {
                Some(at) => {
                    let on_time = matches!(
                        clock.state_at(at, &self.sla),
                        ClockState::Met { on_time: true }
                    );
                    let outcome = if on_time {
                        ClockOutcome::OnTime
                    } else {
                        ClockOutcome::Late
                    };
                    (day_of(at), outcome)
                }
                None if settled => continue,
                None => match clock.deadline(&self.sla) {
                    Some(due) => (day_of(due), ClockOutcome::Open),
                    None => continue,
                },
            };
            let key = ClockKey {
                metric: clock.metric,
                kind: case.kind(),
                region: case.region,
                technician: technician.clone(),
                outcome,
            };
            self.clocks.add(day, key, &1, sign);
        }
    }

    fn apply_goods(&mut self, case: &Case, root_cause: Option<RootCause>, sign: i64) {
        let model = &case.product.model;
        let price = case.product.price_paid;
        for m in &case.goods {
            let units = i64::from(m.quantity);
            if m.is_outstanding() {
                let key = OutstandingKey {
                    model: model.clone(),
                    currency: price.map(|p| p.currency()),
                };
                let value = Sum {
                    count: units,
                    minor: price.map_or(0, |p| p.minor().saturating_mul(units)),
                };
                self.outstanding.add(day_of(m.since()), key, &value, sign);
            }
            if m.kind == MovementKind::DefectiveUnit && m.state == MovementState::Inspected {
                let at = m
                    .history
                    .iter()
                    .rev()
                    .find(|(s, _)| *s == MovementState::Inspected)
                    .map_or(m.since(), |(_, at)| *at);
                let key = InspectionKey {
                    model: model.clone(),
                    root_cause,
                    ending: ReturnEnding::of(case),
                };
                self.inspections.add(day_of(at), key, &units, sign);
            }
        }
    }

    fn apply_money(&mut self, case: &Case, sign: i64) {
        let model = &case.product.model;
        for e in &case.money {
            let key = |step| MoneyKey {
                step,
                kind: e.kind,
                direction: e.direction,
                model: model.clone(),
                currency: e.amount.currency(),
            };
            let one = Sum {
                count: 1,
                minor: e.amount.minor(),
            };
            let requested = day_of(e.requested.at);
            self.money
                .add(requested, key(MoneyStep::Requested), &one, sign);
            if let Some(d) = &e.decided {
                let step = if e.state == EntryState::Rejected {
                    MoneyStep::Rejected
                } else {
                    MoneyStep::Approved
                };
                self.money.add(day_of(d.at), key(step), &one, sign);
            }
            if let Some(p) = &e.paid {
                self.money
                    .add(day_of(p.at), key(MoneyStep::Paid), &one, sign);
                if is_product_case(case.kind()) && !case.status.is_cancelled() {
                    let cost = BatchCostKey {
                        model: model.clone(),
                        batch: case.product.batch.clone(),
                        direction: e.direction,
                        currency: e.amount.currency(),
                    };
                    self.batch_costs.add(day_of(p.at), cost, &one, sign);
                }
            }
            let waiting = match e.state {
                EntryState::Requested => Some((Awaiting::Approval, requested)),
                EntryState::Approved => Some((
                    Awaiting::Payment,
                    e.decided.as_ref().map_or(requested, |d| day_of(d.at)),
                )),
                EntryState::Rejected | EntryState::Paid => None,
            };
            if let Some((awaiting, since)) = waiting {
                let key = PendingKey {
                    awaiting,
                    kind: e.kind,
                    currency: e.amount.currency(),
                };
                self.pending.add(since, key, &one, sign);
            }
        }
        if let Some(price) = case.product.price_paid {
            let paid_out: i64 = case
                .money
                .iter()
                .filter(|e| {
                    e.direction == MoneyDirection::ToCustomer
                        && e.state == EntryState::Paid
                        && e.amount.currency() == price.currency()
                })
                .map(|e| e.amount.minor())
                .sum();
            let value = PaySum {
                cases: 1,
                with_payout: i64::from(paid_out > 0),
                customer_paid: customer_paid(price, &case.money)
                    .map_or(price.minor(), |m| m.minor()),
                paid_out,
            };
            let key = PayoutKey {
                model: model.clone(),
                currency: price.currency(),
            };
            self.payouts.add(day_of(case.created_at), key, &value, sign);
        }
    }

    /// Adds or takes away the recurrence counts of one serial's cases.
    fn recurrence_of(&mut self, serial: &str, sign: i64) {
        let Some(visits) = self.serials.get(serial) else {
            return;
        };
        let mut counts: Vec<(Date, RecurrenceKey, i64)> = Vec::new();
        for (v, &n) in &visits.0 {
            let Some(resolved) = v.resolved else {
                continue;
            };
            // The first other case of the serial opened on or after the day
            // this one was resolved (identical visits are other cases too).
            let first = visits
                .0
                .iter()
                .filter(|(w, m)| w.opened >= resolved && (*w != v || **m > 1))
                .map(|(w, _)| w.opened.days() - resolved.days())
                .min();
            let comeback = match first {
                Some(0..=30) => Comeback::Within30,
                Some(31..=90) => Comeback::Within90,
                _ => Comeback::No,
            };
            let key = RecurrenceKey {
                model: v.model.clone(),
                root_cause: v.root_cause,
                comeback,
            };
            counts.push((resolved, key, n));
        }
        for (day, key, n) in counts {
            self.recurrence.add(day, key, &n, sign);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_hours_then_days_then_open() {
        assert_eq!(resolve_bucket(0), 0);
        assert_eq!(resolve_bucket(HOUR_MS - 1), 0);
        assert_eq!(resolve_bucket(HOUR_MS), 1);
        assert_eq!(resolve_bucket(48 * HOUR_MS - 1), 47);
        assert_eq!(resolve_bucket(48 * HOUR_MS), 48);
        assert_eq!(resolve_bucket(3 * DAY_MS - 1), 48);
        assert_eq!(resolve_bucket(3 * DAY_MS), 49);
        assert_eq!(resolve_bucket(60 * DAY_MS - 1), RESOLVE_BUCKETS - 2);
        assert_eq!(resolve_bucket(60 * DAY_MS), RESOLVE_BUCKETS - 1);
        assert_eq!(bucket_upper_ms(0), Some(HOUR_MS));
        assert_eq!(bucket_upper_ms(47), Some(48 * HOUR_MS));
        assert_eq!(bucket_upper_ms(48), Some(3 * DAY_MS));
        assert_eq!(bucket_upper_ms(RESOLVE_BUCKETS - 2), Some(60 * DAY_MS));
        assert_eq!(bucket_upper_ms(RESOLVE_BUCKETS - 1), None);
        for ms in [
            0,
            5 * HOUR_MS + 7,
            47 * HOUR_MS,
            2 * DAY_MS,
            59 * DAY_MS + 1,
        ] {
            let b = resolve_bucket(ms);
            assert!(
                ms < bucket_upper_ms(b).unwrap(),
                "{ms} below its bucket's edge"
            );
        }
    }

    #[test]
    fn keys_are_stored_as_arrays_and_rows_with_named_fields_still_read() {
        let key = CaseKey {
            kind: CaseKind::Repair,
            channel: Channel::Hotline,
            model: "SUN-10K-G".into(),
            batch: Some("2405A".into()),
            root_cause: Some(RootCause::Firmware),
            cancelled: false,
        };
        let mut agg = Aggregates::default();
        let day = Date::parse("2026-11-02").unwrap();
        agg.cases.add(day, key, &2, 1);
        let compact = r#"[[["repair","hotline","SUN-10K-G","2405A","firmware",false],2]]"#;
        let key = crate::report::RowKey {
            section: crate::report::Section::Cases,
            key: "2026-11-02".into(),
        };
        assert_eq!(agg.row(&key).as_deref(), Some(compact));
        let named = r#"[[{"kind":"repair","channel":"hotline","model":"SUN-10K-G","batch":"2405A","root_cause":"firmware","cancelled":false},2]]"#;
        for json in [compact, named] {
            let read =
                Aggregates::from_rows(SlaPolicy::default_china(), [("cases", "2026-11-02", json)])
                    .unwrap();
            assert_eq!(read, agg, "{json}");
        }
    }

    #[test]
    fn counts_that_cancel_leave_no_entry() {
        let mut map: Daily<CaseKind> = Daily::new();
        let day = Date::from_days(20_000).unwrap();
        map.add(day, CaseKind::Repair, &1, 1);
        map.add(day, CaseKind::Repair, &1, 1);
        map.add(day, CaseKind::Repair, &1, -1);
        assert_eq!(map.get(&day).unwrap().0[&CaseKind::Repair], 1);
        map.add(day, CaseKind::Repair, &1, -1);
        assert_eq!(map, Daily::new(), "no day and no month left");
    }
}
