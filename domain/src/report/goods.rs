//! Goods: defective units that have not come back, and what inspections of
//! the ones that did found.
//!
//! The goods flow has no inspection verdict: `Inspected` is a movement state
//! without an outcome. An inspection's outcome is therefore read from the
//! case: its diagnosis root cause (`no_fault_found`, `misuse`, or the cause
//! of a confirmed defect; `None` when not diagnosed) and, for a return, how
//! it ended ([`ReturnEnding`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::aggregates::Aggregates;
use super::{day_of, money_of, name, opt_name, AgeBucket, Period, Scope, Table};
use crate::case::{Case, ReturnStage, Status};
use crate::flow::goods::{MovementKind, MovementState};
use crate::flow::info::RootCause;
use crate::flow::money::{EntryKind, EntryState};
use crate::money::{Currency, Money};
use crate::time::Timestamp;

/// How a return ended after inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnEnding {
    /// A replacement went out.
    Exchanged,
    /// The money went back.
    Refunded,
    /// The return was refused.
    Rejected,
    /// Not decided yet.
    Pending,
}

impl ReturnEnding {
    /// How a return ended (`None` for repairs and refunds). A closed return
    /// no longer shows its ending stage, so it is read from its flows: a
    /// replacement unit sent means exchanged, a refund paid means refunded,
    /// neither means rejected.
    pub fn of(case: &Case) -> Option<ReturnEnding> {
        let Status::Return(stage) = case.status else {
            return None;
        };
        Some(match stage {
            ReturnStage::Exchanged => ReturnEnding::Exchanged,
            ReturnStage::Refunded => ReturnEnding::Refunded,
            ReturnStage::Rejected => ReturnEnding::Rejected,
            ReturnStage::Closed => {
                if case.goods.iter().any(|m| {
                    m.kind == MovementKind::ReplacementUnit && m.state != MovementState::Authorised
                }) {
                    ReturnEnding::Exchanged
                } else if case
                    .money
                    .iter()
                    .any(|e| e.kind == EntryKind::Refund && e.state == EntryState::Paid)
                {
                    ReturnEnding::Refunded
                } else {
                    ReturnEnding::Rejected
                }
            }
            ReturnStage::Requested
            | ReturnStage::Authorised
            | ReturnStage::InTransit
            | ReturnStage::Received
            | ReturnStage::Inspected
            | ReturnStage::Cancelled => ReturnEnding::Pending,
        })
    }
}

/// The goods report: units awaited at `as_of`, inspections in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoodsReport {
    /// The days covered (inspections).
    pub period: Period,
    /// When it was computed (ages are as of then).
    pub as_of: Timestamp,
    /// Defective units authorised or shipped but not received, whenever authorised.
    pub outstanding: Vec<OutstandingRow>,
    /// Defective units inspected in the period.
    pub inspections: Vec<InspectionRow>,
}

/// Defective units awaited, of one model and age.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutstandingRow {
    /// The product model.
    pub model: String,
    /// Days since the return was authorised.
    pub age: AgeBucket,
    /// Units.
    pub units: u64,
    /// What the customers paid for them (price paid × units); `None` for
    /// units whose price is unknown (a row per currency otherwise).
    pub value: Option<Money>,
}

/// Inspected defective units of one model and outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InspectionRow {
    /// The product model.
    pub model: String,
    /// The case's root cause (`None`: not diagnosed).
    pub root_cause: Option<RootCause>,
    /// For returns, how the return ended; `None` for repairs.
    pub ending: Option<ReturnEnding>,
    /// Units.
    pub units: u64,
}

/// The goods report over `period`, at `as_of`.
pub fn goods(_scope: &Scope, agg: &Aggregates, period: Period, as_of: Timestamp) -> GoodsReport {
    let today = day_of(as_of);
    let mut out: BTreeMap<(&str, AgeBucket, Option<Currency>), (u64, i64)> = BTreeMap::new();
    for (day, k, v) in agg.outstanding.all() {
        let slot = out
            .entry((&k.model, AgeBucket::of(day, today), k.currency))
            .or_default();
        slot.0 += v.count.max(0) as u64;
        slot.1 += v.minor;
    }
    let outstanding = out
        .into_iter()
        .filter(|(_, (units, _))| *units > 0)
        .map(|((model, age, currency), (units, minor))| OutstandingRow {
            model: model.to_owned(),
            age,
            units,
            value: currency.map(|c| money_of(minor, c)),
        })
        .collect();
    let mut ins: BTreeMap<(&str, Option<RootCause>, Option<ReturnEnding>), u64> = BTreeMap::new();
    for (k, &n) in agg.inspections.within(period) {
        *ins.entry((&k.model, k.root_cause, k.ending)).or_default() += n.max(0) as u64;
    }
    let inspections = ins
        .into_iter()
        .map(|((model, root_cause, ending), units)| InspectionRow {
            model: model.to_owned(),
            root_cause,
            ending,
            units,
        })
        .collect();
    GoodsReport {
        period,
        as_of,
        outstanding,
        inspections,
    }
}

impl GoodsReport {
    /// Every table of the report, for CSV export.
    pub fn tables(&self) -> Vec<Table> {
        let mut out = Table::new(
            "outstanding_units",
            &["model", "age", "units", "value", "currency"],
        );
        for r in &self.outstanding {
            out.push(vec![
                r.model.clone(),
                r.age.as_str().to_owned(),
                r.units.to_string(),
                r.value.map(Money::decimal).unwrap_or_default(),
                r.value
                    .map(|v| v.currency().to_string())
                    .unwrap_or_default(),
            ]);
        }
        let mut ins = Table::new("inspections", &["model", "root_cause", "ending", "units"]);
        for r in &self.inspections {
            ins.push(vec![
                r.model.clone(),
                opt_name(&r.root_cause),
                r.ending.as_ref().map(name).unwrap_or_default(),
                r.units.to_string(),
            ]);
        }
        vec![out, ins]
    }
}
