//! The money flow's rules: asking for an entry (its direction, the case's
//! currency, payouts capped by what the customer paid), approving or
//! rejecting it (approval limits, never one's own request) and paying it
//! (once, after approval).

use super::{
    customer_paid, payouts_committed, ApprovalRefusal, EntryKind, EntryState, MoneyDirection,
    MoneyEntry, Step,
};
use crate::access::Actor;
use crate::case::error::{conflict_at, forbidden, invalid, text};
use crate::case::lifecycle::refuse_if_closed;
use crate::case::{Case, CaseError, CaseKind, Change, Policy};
use crate::money::{Money, MoneyError};
use crate::time::Timestamp;

/// Money on a case is in the case's currency ([`Case::currency`], or the
/// company's for a case that carries no amount yet): one rule for every
/// amount a command carries (`field` is its path within the command).
pub(crate) fn in_case_currency(
    case: &Case,
    policy: &Policy,
    field: &str,
    money: Money,
) -> Result<(), CaseError> {
    let currency = case.currency().unwrap_or(policy.currency);
    if money.currency() == currency {
        return Ok(());
    }
    Err(invalid(
        &format!("{field}.currency"),
        "currency_mismatch",
        format!(
            "Amounts on case {} are in {currency}; this one is in {}.",
            case.id,
            money.currency()
        ),
    ))
}

/// What a money request asks for.
pub(crate) struct Request<'a> {
    /// What for.
    pub kind: EntryKind,
    /// Which way, if the request says.
    pub direction: Option<MoneyDirection>,
    /// How much.
    pub amount: Money,
    /// Why.
    pub reason: &'a str,
}

/// Ask for a money entry.
pub(crate) fn request(
    case: &Case,
    actor: &Actor,
    asked: Request<'_>,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    let Request {
        kind,
        direction,
        amount,
        reason,
    } = asked;
    refuse_if_closed(case)?;
    let reason = text("reason", reason, 500, false)?;
    if !amount.is_positive() {
        return Err(invalid(
            "amount.minor",
            "not_positive",
            "The amount must be above zero.",
        ));
    }
    let direction = match (kind.fixed_direction(), direction) {
        (Some(fixed), None) => fixed,
        (Some(fixed), Some(d)) if fixed == d => fixed,
        (Some(_), Some(_)) => {
            return Err(invalid(
                "direction",
                "wrong_direction",
                "This kind of entry has a fixed direction.",
            ))
        }
        (None, Some(d)) => d,
        (None, None) => {
            return Err(invalid(
                "direction",
                "required",
                "Say which way a price difference goes: to_customer or from_customer.",
            ))
        }
    };
    if kind == EntryKind::RepairCharge && !case.charge_applies() {
        if case.kind() != CaseKind::Repair {
            return Err(invalid("kind", "repairs_only", "Only repairs are charged."));
        }
        return Err(conflict_at(
            "kind",
            "charge_under_warranty",
            "The product is under warranty: repairs are free.",
        ));
    }
    in_case_currency(case, policy, "amount", amount)?;
    let price = case.product.price_paid.ok_or_else(|| {
        conflict_at(
            "amount",
            "no_price_paid",
            if case.product.stated_price.is_some() {
                "The price is only the customer's statement: record what the customer \
                 paid (confirm the purchase) before any money entry."
            } else {
                "Record what the customer paid (confirm the purchase) before any money entry."
            },
        )
    })?;
    if direction == MoneyDirection::ToCustomer {
        check_payout_cap(case, price, amount.minor())?;
    }
    Ok(vec![Change::MoneyRequested(MoneyEntry {
        id: case.money.len() as u32 + 1,
        kind,
        direction,
        amount,
        reason,
        state: EntryState::Requested,
        requested: Step {
            by: actor.user.clone(),
            at: now,
        },
        decided: None,
        rejection: None,
        paid: None,
        reference: None,
    })])
}

/// Approve requested entry `entry`, within the actor's approval limit.
pub(crate) fn approve(
    case: &Case,
    actor: &Actor,
    entry: u32,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    let e = find_entry(case, entry)?;
    require_requested(e)?;
    match policy.approval.refusal(actor, e) {
        Some(ApprovalRefusal::OwnRequest) => {
            return Err(forbidden(
                "self_approval",
                "You asked for this entry; someone else must approve it.",
            ))
        }
        Some(ApprovalRefusal::AboveLimit { limit }) => {
            let limit = limit.map_or_else(|| "none".to_owned(), |l| l.to_string());
            return Err(forbidden(
                "manager_required",
                format!(
                    "{} is above the staff limit ({limit}); a manager must approve it.",
                    e.amount
                ),
            ));
        }
        None => {}
    }
    Ok(vec![Change::MoneyApproved { entry }])
}

/// Reject requested entry `entry` for `reason`.
pub(crate) fn reject(case: &Case, entry: u32, reason: &str) -> Result<Vec<Change>, CaseError> {
    let e = find_entry(case, entry)?;
    require_requested(e)?;
    Ok(vec![Change::MoneyRejected {
        entry,
        reason: text("reason", reason, 500, false)?,
    }])
}

/// Record that approved entry `entry` was paid, under `reference`.
pub(crate) fn pay(case: &Case, entry: u32, reference: &str) -> Result<Vec<Change>, CaseError> {
    let e = find_entry(case, entry)?;
    match e.state {
        EntryState::Approved => {}
        EntryState::Paid => {
            return Err(conflict_at(
                "entry",
                "already_paid",
                format!("Entry {entry} was already paid; it is never paid twice."),
            ))
        }
        EntryState::Requested => {
            return Err(conflict_at(
                "entry",
                "not_approved",
                format!("Entry {entry} is not approved yet."),
            ))
        }
        EntryState::Rejected => {
            return Err(conflict_at(
                "entry",
                "rejected",
                format!("Entry {entry} was rejected."),
            ))
        }
    }
    Ok(vec![Change::MoneyPaid {
        entry,
        reference: text("reference", reference, 120, false)?,
    }])
}

fn find_entry(case: &Case, id: u32) -> Result<&MoneyEntry, CaseError> {
    case.money
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| CaseError::NotFound {
            code: "entry_not_found",
            message: format!("Case {} has no money entry {id}.", case.id),
            field: Some("entry".to_owned()),
        })
}

fn require_requested(e: &MoneyEntry) -> Result<(), CaseError> {
    if e.state == EntryState::Requested {
        Ok(())
    } else {
        Err(conflict_at(
            "entry",
            "already_decided",
            format!("Entry {} is already {:?}.", e.id, e.state).to_lowercase(),
        ))
    }
}

/// A new payout of `extra` minor units must keep all payouts within what the customer paid.
fn check_payout_cap(case: &Case, price: Money, extra: i64) -> Result<(), CaseError> {
    let money_err = |e: MoneyError| invalid("amount", "out_of_range", e.to_string());
    let paid = customer_paid(price, &case.money).map_err(money_err)?;
    let committed = payouts_committed(price.currency(), &case.money).map_err(money_err)?;
    let extra = Money::new(extra, price.currency()).map_err(money_err)?;
    let total = committed.checked_add(extra).map_err(money_err)?;
    if total.minor() > paid.minor() {
        return Err(conflict_at(
            "amount",
            "exceeds_customer_paid",
            format!(
                "Payouts would total {total}, more than the customer paid ({paid}); {committed} is already committed."
            ),
        ));
    }
    Ok(())
}
