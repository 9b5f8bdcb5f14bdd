//! The quote's rules: only a repair the warranty does not cover is quoted,
//! one quote waits at a time, and the customer answers the amount they saw.

use super::{Decision, Quote, QuoteState};
use crate::access::Actor;
use crate::case::error::{conflict, conflict_at, invalid, text};
use crate::case::lifecycle::refuse_if_closed;
use crate::case::{Case, CaseError, CaseKind, Change, Policy};
use crate::flow::money::rules::in_case_currency;
use crate::money::Money;
use crate::time::Timestamp;

/// Offer the customer `amount` for `work`.
pub(crate) fn offer(
    case: &Case,
    actor: &Actor,
    amount: Money,
    work: &str,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    if !case.charge_applies() {
        return Err(if case.kind() != CaseKind::Repair {
            conflict(
                "not_a_repair",
                format!(
                    "Case {} is a {}: only repair work is quoted.",
                    case.id,
                    case.kind()
                ),
            )
        } else {
            conflict(
                "charge_under_warranty",
                format!(
                    "The warranty covers the repair on case {}: there is nothing to charge.",
                    case.id
                ),
            )
        });
    }
    if amount.minor() <= 0 {
        return Err(invalid(
            "amount",
            "not_positive",
            "A quote is more than zero.",
        ));
    }
    in_case_currency(case, policy, "amount", amount)?;
    if let Some(q) = case.open_quote() {
        return Err(conflict(
            "quote_open",
            format!("Quote {} still waits on the customer's answer.", q.id),
        ));
    }
    let work = text("work", work, 500, true)?;
    Ok(vec![Change::Quoted(Quote {
        id: case.quotes.len() as u32 + 1,
        amount,
        work,
        by: actor.user.clone(),
        at: now,
        state: QuoteState::Open,
    })])
}

/// The customer's `decision` on quote `quote`, for the `amount` they saw.
pub(crate) fn answer(
    case: &Case,
    quote: u32,
    decision: Decision,
    amount: Money,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    refuse_if_closed(case)?;
    let q = case
        .quotes
        .iter()
        .find(|q| q.id == quote)
        .ok_or_else(|| CaseError::NotFound {
            code: "no_such_quote",
            message: format!("Case {} has no quote {quote}.", case.id),
            field: Some("quote".to_owned()),
        })?;
    if amount.currency() != q.amount.currency() {
        return Err(invalid(
            "amount.currency",
            "currency_mismatch",
            format!(
                "Quote {} is in {}; this answer is in {}.",
                q.id,
                q.amount.currency(),
                amount.currency()
            ),
        ));
    }
    if amount != q.amount {
        return Err(conflict_at(
            "amount",
            "quote_changed",
            format!("Quote {} is not for this amount; read it again.", q.id),
        ));
    }
    if q.state.answer(decision, now).is_none() {
        let was = match q.state {
            QuoteState::Accepted { .. } => "accepted",
            QuoteState::Declined { .. } | QuoteState::Open => "declined",
        };
        return Err(conflict(
            "quote_answered",
            format!("Quote {} was already {was}.", q.id),
        ));
    }
    Ok(vec![Change::QuoteAnswered {
        quote: q.id,
        decision,
    }])
}
