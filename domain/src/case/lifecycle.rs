//! The lifecycle's rules: which moves a case may make and what each stage
//! needs of the other flows, the moves a booked visit makes, and holding
//! a case while it waits on the customer.

use super::error::{conflict, conflict_at, forbidden, invalid, optional_text, text};
use super::{Case, CaseError, Change, RefundStage, RepairStage, ReturnStage, Status};
use crate::access::{Actor, Role};
use crate::flow::goods::{Movement, MovementKind, MovementState};
use crate::flow::money::{EntryKind, EntryState, MoneyDirection};

/// A closed or cancelled case takes no more work until it is reopened.
pub(crate) fn refuse_if_closed(case: &Case) -> Result<(), CaseError> {
    if case.status.is_terminal() {
        Err(conflict(
            "case_closed",
            format!("Case {} is {}; reopen it first.", case.id, case.status),
        ))
    } else {
        Ok(())
    }
}

/// Move to stage `to`, with an optional note for the timeline.
pub(crate) fn move_to(
    case: &Case,
    actor: &Actor,
    to: Status,
    note: &Option<String>,
) -> Result<Vec<Change>, CaseError> {
    let note = optional_text("note", note, 2000)?;
    decide_move(case, actor, to, note)
}

/// Wait on the customer for `reason` (SLA clocks pause).
pub(crate) fn hold(case: &Case, reason: &str) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    if case.hold.is_some() {
        return Err(conflict("already_on_hold", "The case is already on hold."));
    }
    Ok(vec![Change::Held {
        reason: text("reason", reason, 500, false)?,
    }])
}

/// Stop waiting on the customer.
pub(crate) fn resume(case: &Case) -> Result<Vec<Change>, CaseError> {
    if case.hold.is_none() {
        return Err(conflict("not_on_hold", "The case is not on hold."));
    }
    Ok(vec![Change::Resumed])
}

/// The moves a dispatch makes: a booked visit puts the repair in
/// "visit scheduled", by the lifecycle's own steps: from new through
/// triaged, from triaged or in repair (another visit) at once. A case on
/// hold, already scheduled or waiting for its unit stays where it is.
pub(crate) fn scheduling_moves(case: &Case) -> Vec<Change> {
    use RepairStage::{
        AwaitingUnit, Cancelled, Closed, InRepair, New, Resolved, Scheduled, Triaged,
    };
    let Status::Repair(stage) = case.status else {
        return Vec::new();
    };
    if case.hold.is_some() {
        return Vec::new();
    }
    let path: &[RepairStage] = match stage {
        New => &[Triaged, Scheduled],
        Triaged | InRepair => &[Scheduled],
        Scheduled | AwaitingUnit | Resolved | Closed | Cancelled => &[],
    };
    let mut from = case.status;
    path.iter()
        .map(|&stage| {
            let to = Status::Repair(stage);
            let change = Change::Moved {
                from,
                to,
                note: None,
            };
            from = to;
            change
        })
        .collect()
}

fn decide_move(
    case: &Case,
    actor: &Actor,
    to: Status,
    note: Option<String>,
) -> Result<Vec<Change>, CaseError> {
    let from = case.status;
    if to.kind() != case.kind() {
        return Err(invalid(
            "to",
            "wrong_kind",
            format!(
                "Case {} is a {}; `{to}` is a {} stage.",
                case.id,
                case.kind(),
                to.kind()
            ),
        ));
    }
    if to == from {
        // Already there (a client that moves a freshly dispatched repair to
        // "visit scheduled" finds it so): nothing changes, as when
        // assigning the owner a case has.
        return Ok(vec![]);
    }
    if !from.allows(to) {
        return Err(CaseError::IllegalTransition {
            from,
            to,
            allowed: from.next(),
        });
    }
    if from.reopens(to) && !matches!(actor.role, Role::Staff | Role::Manager) {
        return Err(forbidden(
            "reopen_staff_only",
            format!(
                "Case {} is {from}: only staff or a manager may take it back to {to}.",
                case.id
            ),
        ));
    }
    if actor.role == Role::Technician
        && !matches!(
            to,
            Status::Repair(
                RepairStage::InRepair | RepairStage::Resolved | RepairStage::AwaitingUnit
            )
        )
    {
        return Err(forbidden(
            "forbidden",
            format!("A technician may not move a case to {to}."),
        ));
    }
    let cancelling = matches!(
        to,
        Status::Repair(RepairStage::Cancelled) | Status::Return(ReturnStage::Cancelled)
    );
    if case.hold.is_some() && !cancelling {
        return Err(conflict(
            "on_hold",
            "The case is on hold, waiting on the customer; resume it first.",
        ));
    }
    guard(case, to)?;
    Ok(vec![Change::Moved { from, to, note }])
}

/// Rules that tie a stage to the other flows.
fn guard(case: &Case, to: Status) -> Result<(), CaseError> {
    let paid_out = |kind: Option<EntryKind>| {
        case.money.iter().any(|e| {
            e.direction == MoneyDirection::ToCustomer
                && e.state == EntryState::Paid
                && kind.is_none_or(|k| e.kind == k)
        })
    };
    match to {
        Status::Repair(RepairStage::Scheduled | RepairStage::InRepair | RepairStage::Resolved)
            if case.open_quote().is_some() =>
        {
            Err(conflict_at(
                "to",
                "quote_open",
                "The repair waits on the customer's answer to the quote.",
            ))
        }
        Status::Repair(RepairStage::Scheduled) if case.dispatch.is_none() => Err(conflict_at(
            "to",
            "dispatch_required",
            "Dispatch a technician with a time window before scheduling.",
        )),
        Status::Repair(RepairStage::Resolved) if case.diagnosis.is_none() => Err(conflict_at(
            "to",
            "diagnosis_required",
            "Record the root cause and resolution before resolving: quality counts on it.",
        )),
        Status::Return(ReturnStage::Received)
            if case.goods.iter().any(Movement::is_outstanding) =>
        {
            Err(conflict_at(
                "to",
                "unit_outstanding",
                "A defective unit is still outstanding; record it received first.",
            ))
        }
        Status::Return(ReturnStage::Exchanged)
            if !case.goods.iter().any(|m| {
                m.kind == MovementKind::ReplacementUnit
                    && matches!(m.state, MovementState::Shipped | MovementState::Received)
            }) =>
        {
            Err(conflict_at(
                "to",
                "replacement_not_shipped",
                "Ship the replacement unit (a goods movement) before marking the exchange.",
            ))
        }
        Status::Return(ReturnStage::Refunded) if !paid_out(Some(EntryKind::Refund)) => {
            Err(conflict_at(
                "to",
                "refund_not_paid",
                "Pay the refund (a money entry) before marking the return refunded.",
            ))
        }
        Status::Refund(RefundStage::Approved)
            if !case.money.iter().any(|e| {
                e.direction == MoneyDirection::ToCustomer
                    && matches!(e.state, EntryState::Approved | EntryState::Paid)
            }) =>
        {
            Err(conflict_at(
                "to",
                "money_not_approved",
                "Approve a payout entry before approving the refund.",
            ))
        }
        Status::Refund(RefundStage::Paid)
            if !paid_out(None)
                || case.money.iter().any(|e| {
                    e.direction == MoneyDirection::ToCustomer
                        && matches!(e.state, EntryState::Requested | EntryState::Approved)
                }) =>
        {
            Err(conflict_at(
                "to",
                "money_not_paid",
                "Every approved payout must be paid before the refund is paid.",
            ))
        }
        Status::Repair(_) | Status::Return(_) | Status::Refund(_) => Ok(()),
    }
}
