//! The money flow: refunds, credit notes, price differences and repair
//! charges, each requested, approved or rejected, then paid, with who did
//! each step. The rules that need only this flow live here: the cap on
//! payouts and the approval limits. `decide` applies them.

pub(crate) mod rules;
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Role};
use crate::money::{Currency, Money, MoneyError};
use crate::time::Timestamp;
use crate::UserId;

/// What an entry is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Money back to the customer.
    Refund,
    /// A credit note or write-off against the invoice (counts as a payout).
    CreditNote,
    /// A price difference, e.g. an exchange for a dearer or cheaper model.
    PriceDifference,
    /// A charge for an out-of-warranty repair.
    RepairCharge,
}

/// Which way the money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MoneyDirection {
    /// The company pays the customer.
    ToCustomer,
    /// The customer pays the company.
    FromCustomer,
}

impl EntryKind {
    /// The direction an entry of this kind must have, if fixed.
    pub fn fixed_direction(self) -> Option<MoneyDirection> {
        match self {
            EntryKind::Refund | EntryKind::CreditNote => Some(MoneyDirection::ToCustomer),
            EntryKind::RepairCharge => Some(MoneyDirection::FromCustomer),
            EntryKind::PriceDifference => None,
        }
    }
}

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Asked for, awaiting a decision.
    Requested,
    /// Agreed, awaiting payment.
    Approved,
    /// Refused.
    Rejected,
    /// Paid or settled.
    Paid,
}

/// Who did a step and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    /// The user.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// One money entry on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoneyEntry {
    /// Its number within the case (1, 2, …).
    pub id: u32,
    /// What it is for.
    pub kind: EntryKind,
    /// Which way it goes.
    pub direction: MoneyDirection,
    /// How much (always positive; the direction gives the sign).
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// Where it stands.
    pub state: EntryState,
    /// Who asked.
    pub requested: Step,
    /// Who approved or rejected.
    pub decided: Option<Step>,
    /// Why it was rejected.
    pub rejection: Option<String>,
    /// Who recorded the payment.
    pub paid: Option<Step>,
    /// The payment reference (bank, invoice or voucher number).
    pub reference: Option<String>,
}

/// How far staff may approve alone; above these amounts a manager must.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalPolicy {
    /// The largest amount staff may approve, per currency (inclusive). A
    /// currency with no limit here needs a manager for any amount.
    pub staff_limits: Vec<Money>,
}

impl Default for ApprovalPolicy {
    fn default() -> Self {
        let limit = |minor, cur| Money::new(minor, cur).expect("constant in range");
        ApprovalPolicy {
            staff_limits: vec![
                limit(200_000, Currency::CNY),
                limit(30_000, Currency::USD),
                limit(30_000, Currency::EUR),
            ],
        }
    }
}

impl ApprovalPolicy {
    /// Whether staff (not only managers) may approve `amount`.
    pub fn staff_may_approve(&self, amount: Money) -> bool {
        self.staff_limits
            .iter()
            .any(|l| l.currency() == amount.currency() && amount.minor() <= l.minor())
    }

    /// The staff limit in a currency, if any.
    pub fn staff_limit(&self, currency: Currency) -> Option<Money> {
        self.staff_limits
            .iter()
            .copied()
            .find(|l| l.currency() == currency)
    }

    /// Why `actor` may not approve `entry`, if they may not: nobody approves
    /// their own request, and staff only up to their limit. The engine
    /// refuses with it; the app disables the button with it.
    pub fn refusal(&self, actor: &Actor, entry: &MoneyEntry) -> Option<ApprovalRefusal> {
        if entry.requested.by == actor.user {
            return Some(ApprovalRefusal::OwnRequest);
        }
        if actor.role == Role::Manager || self.staff_may_approve(entry.amount) {
            return None;
        }
        Some(ApprovalRefusal::AboveLimit {
            limit: self.staff_limit(entry.amount.currency()),
        })
    }
}

/// Why an approval is not this actor's to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalRefusal {
    /// They requested the entry: someone else must approve it.
    OwnRequest,
    /// Staff, and the amount is above their limit in its currency (`None`:
    /// no staff limit in that currency): a manager must approve it.
    AboveLimit {
        /// The staff limit in the entry's currency.
        limit: Option<Money>,
    },
}

/// What the customer has paid for this case's product: the price paid plus
/// every paid charge or price difference from the customer.
pub fn customer_paid(price_paid: Money, entries: &[MoneyEntry]) -> Result<Money, MoneyError> {
    entries
        .iter()
        .filter(|e| e.direction == MoneyDirection::FromCustomer && e.state == EntryState::Paid)
        .try_fold(price_paid, |sum, e| sum.checked_add(e.amount))
}

/// Every payout not rejected (requested, approved or paid), credit notes included.
pub fn payouts_committed(currency: Currency, entries: &[MoneyEntry]) -> Result<Money, MoneyError> {
    entries
        .iter()
        .filter(|e| e.direction == MoneyDirection::ToCustomer && e.state != EntryState::Rejected)
        .try_fold(Money::zero(currency), |sum, e| sum.checked_add(e.amount))
}

/// The money flow summed up for a case page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    /// What the customer paid (price plus paid charges).
    pub customer_paid: Money,
    /// Paid out to the customer (refunds, credits, differences).
    pub paid_out: Money,
    /// Payouts requested or approved, not yet paid.
    pub pending_out: Money,
    /// Charges requested or approved, not yet paid.
    pub pending_in: Money,
}

/// Sums the flow; `None` when there is no price paid to measure against.
pub fn balance(price_paid: Option<Money>, entries: &[MoneyEntry]) -> Option<Balance> {
    let price = price_paid?;
    let cur = price.currency();
    let sum = |dir: MoneyDirection, states: &[EntryState]| {
        entries
            .iter()
            .filter(|e| e.direction == dir && states.contains(&e.state))
            .try_fold(Money::zero(cur), |s, e| s.checked_add(e.amount))
    };
    Some(Balance {
        customer_paid: customer_paid(price, entries).ok()?,
        paid_out: sum(MoneyDirection::ToCustomer, &[EntryState::Paid]).ok()?,
        pending_out: sum(
            MoneyDirection::ToCustomer,
            &[EntryState::Requested, EntryState::Approved],
        )
        .ok()?,
        pending_in: sum(
            MoneyDirection::FromCustomer,
            &[EntryState::Requested, EntryState::Approved],
        )
        .ok()?,
    })
}
