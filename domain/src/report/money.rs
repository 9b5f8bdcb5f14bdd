//! Money: refunds, credits, price differences and charges by kind and
//! model, what waits for approval or payment, and payouts against what
//! customers paid. Amounts are summed per currency, never across.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregates::{Aggregates, MoneyStep};
use super::{day_of, money_of, name, AgeBucket, Period, Scope, Share, Table};
use crate::flow::money::{EntryKind, MoneyDirection};
use crate::money::{Currency, Money};
use crate::time::Timestamp;

/// What a waiting entry waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Awaiting {
    /// Requested, not yet approved or rejected (age from the request).
    Approval,
    /// Approved, not yet paid (age from the approval).
    Payment,
}

/// The money report for a period, seen at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyReport {
    /// The days covered.
    pub period: Period,
    /// When it was computed (waiting ages are as of then).
    pub as_of: Timestamp,
    /// Entries per kind, direction, model and currency: each step counted
    /// on the day it happened.
    pub flows: Vec<MoneyFlowRow>,
    /// Entries waiting at `as_of`, by age (whenever requested).
    pub pending: Vec<PendingRow>,
    /// Cases opened in the period with a price paid: what their customers
    /// paid against what was paid back to them.
    pub payout_vs_paid: Vec<PayoutRow>,
}

/// How many entries and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Total {
    /// Entries.
    pub entries: u64,
    /// Their amount.
    pub amount: Money,
}

/// One kind of entry for one model and currency, over the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyFlowRow {
    /// Refund, credit note, price difference or repair charge.
    pub kind: EntryKind,
    /// To or from the customer.
    pub direction: MoneyDirection,
    /// The product model.
    pub model: String,
    /// The currency of every amount in the row.
    pub currency: Currency,
    /// Requested in the period.
    pub requested: Total,
    /// Approved in the period.
    pub approved: Total,
    /// Rejected in the period.
    pub rejected: Total,
    /// Paid in the period.
    pub paid: Total,
}

/// Entries waiting, of one kind, currency and age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingRow {
    /// Approval or payment.
    pub awaiting: Awaiting,
    /// The kind of entry.
    pub kind: EntryKind,
    /// Days waiting.
    pub age: AgeBucket,
    /// How many and how much.
    pub total: Total,
}

/// Payouts against what customers paid, for one model and currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutRow {
    /// The product model.
    pub model: String,
    /// Cases with a price paid in this currency.
    pub cases: u64,
    /// Of those, cases with a payout paid.
    pub cases_with_payout: u64,
    /// Prices paid plus charges paid by the customers.
    pub customer_paid: Money,
    /// Refunds, credit notes and price differences paid to them.
    pub paid_out: Money,
    /// `paid_out` of `customer_paid`, in minor units.
    pub payout_share: Share,
}

/// The money report over `period`, at `as_of`.
pub fn money(_scope: &Scope, agg: &Aggregates, period: Period, as_of: Timestamp) -> MoneyReport {
    type FlowKey<'a> = (EntryKind, MoneyDirection, &'a str, Currency);
    let mut flows: BTreeMap<FlowKey, [(u64, i64); 4]> = BTreeMap::new();
    for (k, v) in agg.money.within(period) {
        let slot = flows
            .entry((k.kind, k.direction, &k.model, k.currency))
            .or_default();
        let i = match k.step {
            MoneyStep::Requested => 0,
            MoneyStep::Approved => 1,
            MoneyStep::Rejected => 2,
            MoneyStep::Paid => 3,
        };
        slot[i].0 += v.count.max(0) as u64;
        slot[i].1 += v.minor;
    }
    let flows = flows
        .into_iter()
        .map(|((kind, direction, model, currency), steps)| {
            let [requested, approved, rejected, paid] = steps.map(|(entries, minor)| Total {
                entries,
                amount: money_of(minor, currency),
            });
            MoneyFlowRow {
                kind,
                direction,
                model: model.to_owned(),
                currency,
                requested,
                approved,
                rejected,
                paid,
            }
        })
        .collect();

    let today = day_of(as_of);
    let mut pending: BTreeMap<(Awaiting, EntryKind, Currency, AgeBucket), (u64, i64)> =
        BTreeMap::new();
    for (day, k, v) in agg.pending.all() {
        let slot = pending
            .entry((k.awaiting, k.kind, k.currency, AgeBucket::of(day, today)))
            .or_default();
        slot.0 += v.count.max(0) as u64;
        slot.1 += v.minor;
    }
    let pending = pending
        .into_iter()
        .map(
            |((awaiting, kind, currency, age), (entries, minor))| PendingRow {
                awaiting,
                kind,
                age,
                total: Total {
                    entries,
                    amount: money_of(minor, currency),
                },
            },
        )
        .collect();

    let mut pay: BTreeMap<(&str, Currency), [i64; 4]> = BTreeMap::new();
    for (k, v) in agg.payouts.within(period) {
        let s = pay.entry((&k.model, k.currency)).or_default();
        s[0] += v.cases;
        s[1] += v.with_payout;
        s[2] += v.customer_paid;
        s[3] += v.paid_out;
    }
    let payout_vs_paid = pay
        .into_iter()
        .map(|((model, currency), [cases, with, paid, out])| PayoutRow {
            model: model.to_owned(),
            cases: cases.max(0) as u64,
            cases_with_payout: with.max(0) as u64,
            customer_paid: money_of(paid, currency),
            paid_out: money_of(out, currency),
            payout_share: Share::new(out.max(0) as u64, paid.max(0) as u64),
        })
        .collect();

    MoneyReport {
        period,
        as_of,
        flows,
        pending,
        payout_vs_paid,
    }
}

impl MoneyReport {
    /// Every table of the report, for CSV export (amounts as decimals).
    pub fn tables(&self) -> Vec<Table> {
        let mut flows = Table::new(
            "money_flows",
            &[
                "kind",
                "direction",
                "model",
                "currency",
                "requested_entries",
                "requested_amount",
                "approved_entries",
                "approved_amount",
                "rejected_entries",
                "rejected_amount",
                "paid_entries",
                "paid_amount",
            ],
        );
        for r in &self.flows {
            let mut row = vec![
                name(&r.kind),
                name(&r.direction),
                r.model.clone(),
                r.currency.to_string(),
            ];
            for t in [r.requested, r.approved, r.rejected, r.paid] {
                row.push(t.entries.to_string());
                row.push(t.amount.decimal());
            }
            flows.push(row);
        }
        let mut pending = Table::new(
            "pending_money",
            &["awaiting", "kind", "age", "entries", "amount", "currency"],
        );
        for r in &self.pending {
            pending.push(vec![
                name(&r.awaiting),
                name(&r.kind),
                r.age.as_str().to_owned(),
                r.total.entries.to_string(),
                r.total.amount.decimal(),
                r.total.amount.currency().to_string(),
            ]);
        }
        let mut pay = Table::new(
            "payout_vs_paid",
            &[
                "model",
                "currency",
                "cases",
                "cases_with_payout",
                "customer_paid",
                "paid_out",
                "payout_pct",
            ],
        );
        for r in &self.payout_vs_paid {
            pay.push(vec![
                r.model.clone(),
                r.customer_paid.currency().to_string(),
                r.cases.to_string(),
                r.cases_with_payout.to_string(),
                r.customer_paid.decimal(),
                r.paid_out.decimal(),
                r.payout_share.cell(),
            ]);
        }
        vec![flows, pending, pay]
    }
}
