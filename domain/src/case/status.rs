//! The lifecycle of each kind of case: a stage enum per kind, its allowed
//! next stages in one exhaustive `match`, and [`Status`], the stage of a
//! case whatever its kind. Being on hold (waiting on the customer) is not a
//! stage: it is orthogonal, pauses the SLA clocks, and is kept on the case.
//!
//! ## Repair
//! ```text
//! New ──► Triaged ──► Scheduled ─────► InRepair ──► Resolved ──► Closed
//!  │         │  └───► AwaitingUnit ──►    ▲  │         │           │
//!  │         └───────────────────────────┘  └► Scheduled (another visit)
//!  │         │         Scheduled ──► AwaitingUnit (unit taken back)
//!  │         │                      Resolved ──► InRepair (fix did not hold)
//!  └─────────┴──► Cancelled ◄── Scheduled, AwaitingUnit   Closed ──► InRepair (reopened)
//! ```
//! ## Return (exchange or refund)
//! ```text
//! Requested ──► Authorised ──► InTransit ──► Received ──► Inspected ──► Exchanged ──► Closed
//!     │             │  └────────────────────► Received      │      ├──► Refunded ───► Closed
//!     ├──► Rejected ┼──► Cancelled                          │      └──► Rejected ───► Closed
//!     └──► Cancelled
//! ```
//! ## Refund (money only)
//! ```text
//! Requested ──► Approved ──► Paid ──► Closed
//!     └───────► Rejected ──────────► Closed
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::CaseKind;

/// Stages of a repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RepairStage {
    /// Reported, nobody has looked at it yet.
    New,
    /// Looked at: warranty checked, way of repair chosen.
    Triaged,
    /// A technician visit is booked.
    Scheduled,
    /// Waiting for the customer to send the unit in.
    AwaitingUnit,
    /// Being repaired (on site, at the company, or by the customer with parts).
    InRepair,
    /// Fixed; waiting for confirmation and the follow-up.
    Resolved,
    /// Done, follow-up made.
    Closed,
    /// Withdrawn before it was repaired.
    Cancelled,
}

/// Stages of a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnStage {
    /// The customer asked to return goods.
    Requested,
    /// The company agreed (an RMA); the goods may be sent.
    Authorised,
    /// The goods are on their way back.
    InTransit,
    /// The goods arrived at the company.
    Received,
    /// The goods were inspected; outcome pending.
    Inspected,
    /// A replacement went to the customer.
    Exchanged,
    /// The customer's money went back.
    Refunded,
    /// Refused (before shipping or after inspection).
    Rejected,
    /// Done.
    Closed,
    /// Withdrawn by the customer.
    Cancelled,
}

/// Stages of a refund (money only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefundStage {
    /// The refund was asked for.
    Requested,
    /// Agreed; payment pending.
    Approved,
    /// Refused.
    Rejected,
    /// Paid out.
    Paid,
    /// Done.
    Closed,
}

impl RepairStage {
    /// The stages a repair may move to from here.
    pub fn next(self) -> &'static [RepairStage] {
        use RepairStage::*;
        match self {
            New => &[Triaged, Cancelled],
            Triaged => &[Scheduled, AwaitingUnit, InRepair, Cancelled],
            Scheduled => &[InRepair, AwaitingUnit, Cancelled],
            AwaitingUnit => &[InRepair, Cancelled],
            InRepair => &[Resolved, Scheduled],
            Resolved => &[Closed, InRepair],
            Closed => &[InRepair],
            Cancelled => &[],
        }
    }
}

impl ReturnStage {
    /// The stages a return may move to from here.
    pub fn next(self) -> &'static [ReturnStage] {
        use ReturnStage::*;
        match self {
            Requested => &[Authorised, Rejected, Cancelled],
            Authorised => &[InTransit, Received, Cancelled],
            InTransit => &[Received],
            Received => &[Inspected],
            Inspected => &[Exchanged, Refunded, Rejected],
            Exchanged | Refunded | Rejected => &[Closed],
            Closed | Cancelled => &[],
        }
    }
}

impl RefundStage {
    /// The stages a refund may move to from here.
    pub fn next(self) -> &'static [RefundStage] {
        use RefundStage::*;
        match self {
            Requested => &[Approved, Rejected],
            Approved => &[Paid],
            Paid | Rejected => &[Closed],
            Closed => &[],
        }
    }
}

/// Where a case stands in its kind's lifecycle. Wire form: `{"repair": "in_repair"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A repair's stage.
    Repair(RepairStage),
    /// A return's stage.
    Return(ReturnStage),
    /// A refund's stage.
    Refund(RefundStage),
}

impl Status {
    /// Where a new case of a kind starts.
    pub fn initial(kind: CaseKind) -> Status {
        match kind {
            CaseKind::Repair => Status::Repair(RepairStage::New),
            CaseKind::Return => Status::Return(ReturnStage::Requested),
            CaseKind::Refund => Status::Refund(RefundStage::Requested),
        }
    }

    /// The kind this status belongs to.
    pub fn kind(self) -> CaseKind {
        match self {
            Status::Repair(_) => CaseKind::Repair,
            Status::Return(_) => CaseKind::Return,
            Status::Refund(_) => CaseKind::Refund,
        }
    }

    /// Every status this one may move to.
    pub fn next(self) -> Vec<Status> {
        match self {
            Status::Repair(s) => s.next().iter().map(|&n| Status::Repair(n)).collect(),
            Status::Return(s) => s.next().iter().map(|&n| Status::Return(n)).collect(),
            Status::Refund(s) => s.next().iter().map(|&n| Status::Refund(n)).collect(),
        }
    }

    /// The milestones a customer sees for a case at this stage, in order:
    /// the usual path of its kind, through the branch it took (a unit sent
    /// in, an exchange or a refund). A case that ended off the path
    /// (cancelled, rejected) ends its journey there.
    pub fn journey(self) -> Vec<Status> {
        use RepairStage as P;
        use ReturnStage as T;
        match self {
            Status::Repair(s) => {
                let visit = if s == P::AwaitingUnit {
                    P::AwaitingUnit
                } else {
                    P::Scheduled
                };
                let path = [
                    P::New,
                    P::Triaged,
                    visit,
                    P::InRepair,
                    P::Resolved,
                    P::Closed,
                ];
                ended_off(path.map(Status::Repair), self, s == P::Cancelled)
            }
            Status::Return(s) => {
                let outcome = if s == T::Exchanged {
                    T::Exchanged
                } else {
                    T::Refunded
                };
                let path = [
                    T::Requested,
                    T::Authorised,
                    T::InTransit,
                    T::Received,
                    T::Inspected,
                    outcome,
                    T::Closed,
                ];
                let off = matches!(s, T::Cancelled | T::Rejected);
                ended_off(path.map(Status::Return), self, off)
            }
            Status::Refund(s) => {
                use RefundStage as F;
                let path = [F::Requested, F::Approved, F::Paid, F::Closed];
                ended_off(path.map(Status::Refund), self, s == F::Rejected)
            }
        }
    }

    /// Whether the lifecycle allows moving to `to`.
    pub fn allows(self, to: Status) -> bool {
        self.next().contains(&to)
    }

    /// The stage's wire name (`"in_repair"`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Repair(s) => match s {
                RepairStage::New => "new",
                RepairStage::Triaged => "triaged",
                RepairStage::Scheduled => "scheduled",
                RepairStage::AwaitingUnit => "awaiting_unit",
                RepairStage::InRepair => "in_repair",
                RepairStage::Resolved => "resolved",
                RepairStage::Closed => "closed",
                RepairStage::Cancelled => "cancelled",
            },
            Status::Return(s) => match s {
                ReturnStage::Requested => "requested",
                ReturnStage::Authorised => "authorised",
                ReturnStage::InTransit => "in_transit",
                ReturnStage::Received => "received",
                ReturnStage::Inspected => "inspected",
                ReturnStage::Exchanged => "exchanged",
                ReturnStage::Refunded => "refunded",
                ReturnStage::Rejected => "rejected",
                ReturnStage::Closed => "closed",
                ReturnStage::Cancelled => "cancelled",
            },
            Status::Refund(s) => match s {
                RefundStage::Requested => "requested",
                RefundStage::Approved => "approved",
                RefundStage::Rejected => "rejected",
                RefundStage::Paid => "paid",
                RefundStage::Closed => "closed",
            },
        }
    }

    /// Every status of a kind, in lifecycle order.
    pub fn all(kind: CaseKind) -> Vec<Status> {
        use {RefundStage as F, RepairStage as P, ReturnStage as R};
        match kind {
            CaseKind::Repair => [
                P::New,
                P::Triaged,
                P::Scheduled,
                P::AwaitingUnit,
                P::InRepair,
                P::Resolved,
                P::Closed,
                P::Cancelled,
            ]
            .map(Status::Repair)
            .to_vec(),
            CaseKind::Return => [
                R::Requested,
                R::Authorised,
                R::InTransit,
                R::Received,
                R::Inspected,
                R::Exchanged,
                R::Refunded,
                R::Rejected,
                R::Closed,
                R::Cancelled,
            ]
            .map(Status::Return)
            .to_vec(),
            CaseKind::Refund => [F::Requested, F::Approved, F::Rejected, F::Paid, F::Closed]
                .map(Status::Refund)
                .to_vec(),
        }
    }

    /// The status of a kind with this wire name.
    pub fn parse(kind: CaseKind, name: &str) -> Option<Status> {
        Status::all(kind).into_iter().find(|s| s.name() == name)
    }

    /// Whether reaching this stage resolves the case (resolution SLA, recurrence).
    pub fn is_resolution(self) -> bool {
        matches!(
            self,
            Status::Repair(RepairStage::Resolved)
                | Status::Return(
                    ReturnStage::Exchanged | ReturnStage::Refunded | ReturnStage::Rejected
                )
                | Status::Refund(RefundStage::Paid | RefundStage::Rejected)
        )
    }

    /// Whether the case was withdrawn.
    pub fn is_cancelled(self) -> bool {
        matches!(
            self,
            Status::Repair(RepairStage::Cancelled) | Status::Return(ReturnStage::Cancelled)
        )
    }

    /// Whether moving from here to `to` takes a finished or resolved case
    /// back into work (a repair reopened, a closed case moved again): only
    /// staff and managers reopen.
    pub fn reopens(self, to: Status) -> bool {
        (self.is_terminal() || self.is_resolution()) && !to.is_terminal()
    }

    /// Whether the case is finished (no SLA runs, no queue shows it as open).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Repair(RepairStage::Closed | RepairStage::Cancelled)
                | Status::Return(ReturnStage::Closed | ReturnStage::Cancelled)
                | Status::Refund(RefundStage::Closed)
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_for_every_kind() {
        for kind in CaseKind::ALL {
            for status in Status::all(kind) {
                assert_eq!(Status::parse(kind, status.name()), Some(status));
                assert_eq!(status.kind(), kind);
            }
        }
    }

    #[test]
    fn every_stage_is_reachable_from_the_initial_one() {
        for kind in CaseKind::ALL {
            let mut seen = vec![Status::initial(kind)];
            let mut i = 0;
            while i < seen.len() {
                for n in seen[i].next() {
                    if !seen.contains(&n) {
                        seen.push(n);
                    }
                }
                i += 1;
            }
            assert_eq!(seen.len(), Status::all(kind).len(), "{kind}: {seen:?}");
        }
    }

    #[test]
    fn terminal_stages_lead_nowhere_except_a_reopened_repair() {
        for kind in CaseKind::ALL {
            for s in Status::all(kind) {
                if s.is_terminal() && s != Status::Repair(RepairStage::Closed) {
                    assert!(s.next().is_empty(), "{s:?}");
                }
            }
        }
        assert_eq!(
            Status::Repair(RepairStage::Closed).next(),
            [Status::Repair(RepairStage::InRepair)]
        );
    }

    #[test]
    fn wire_form_names_the_kind_and_the_stage() {
        let s = Status::Repair(RepairStage::InRepair);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"repair":"in_repair"}"#
        );
    }
}

/// The path, or for a case that ended off it, the first step then where it ended.
fn ended_off<const N: usize>(path: [Status; N], now: Status, off: bool) -> Vec<Status> {
    if off {
        vec![path[0], now]
    } else {
        path.to_vec()
    }
}

#[cfg(test)]
mod journey_tests {
    use super::*;

    #[test]
    fn the_journey_follows_the_branch_the_case_took() {
        let repair = Status::Repair(RepairStage::AwaitingUnit).journey();
        assert_eq!(repair.len(), 6);
        assert!(repair.contains(&Status::Repair(RepairStage::AwaitingUnit)));
        assert!(!repair.contains(&Status::Repair(RepairStage::Scheduled)));
        let exchanged = Status::Return(ReturnStage::Exchanged).journey();
        assert_eq!(exchanged[5], Status::Return(ReturnStage::Exchanged));
        assert_eq!(
            Status::Refund(RefundStage::Rejected).journey(),
            [
                Status::Refund(RefundStage::Requested),
                Status::Refund(RefundStage::Rejected)
            ]
        );
        // Every stage of the usual path finds itself on its journey.
        for s in Status::Repair(RepairStage::New).journey() {
            assert!(s.journey().contains(&s), "{s}");
        }
    }
}
