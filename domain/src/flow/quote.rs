//! Quotes: a charge for out-of-warranty work is first offered to the
//! customer, who accepts or declines it on their link before the work goes
//! on. A quote's lifecycle is explicit and short:
//!
//! ```text
//! quoted ──accept──▶ accepted
//!    └────decline──▶ declined
//! ```
//!
//! Staff and managers quote (an amount in the case's currency and the work
//! it pays for); only the customer answers, with the amount they saw, so a
//! quote changed meanwhile is never accepted by mistake. While a quote is
//! open a repair waits: it moves neither to a visit, nor into repair, nor
//! to resolved.

pub(crate) mod rules;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::time::Timestamp;
use crate::UserId;

/// The customer's answer to a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The customer agrees to pay and the work goes on.
    Accept,
    /// The customer does not want the charged work.
    Decline,
}

/// Where a quote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum QuoteState {
    /// Offered, waiting on the customer.
    Open,
    /// The customer accepted it, at this time.
    Accepted {
        /// When.
        at: Timestamp,
    },
    /// The customer declined it, at this time.
    Declined {
        /// When.
        at: Timestamp,
    },
}

impl QuoteState {
    /// The state after `decision` at `at`: only an open quote is answered.
    pub fn answer(self, decision: Decision, at: Timestamp) -> Option<QuoteState> {
        match self {
            QuoteState::Open => Some(match decision {
                Decision::Accept => QuoteState::Accepted { at },
                Decision::Decline => QuoteState::Declined { at },
            }),
            QuoteState::Accepted { .. } | QuoteState::Declined { .. } => None,
        }
    }

    /// Whether it still waits on the customer.
    pub fn is_open(self) -> bool {
        match self {
            QuoteState::Open => true,
            QuoteState::Accepted { .. } | QuoteState::Declined { .. } => false,
        }
    }
}

/// A charge offered to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// Its number within the case (1, 2, …).
    pub id: u32,
    /// How much the customer would pay (the case's currency).
    pub amount: Money,
    /// The work it pays for, in words the customer reads.
    pub work: String,
    /// Who quoted.
    pub by: UserId,
    /// When it was quoted.
    pub at: Timestamp,
    /// Where it stands.
    pub state: QuoteState,
}

/// A quote as the customer and the sales rep see it (not who quoted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicQuote {
    /// Its number within the case.
    pub id: u32,
    /// How much.
    pub amount: Money,
    /// The work it pays for.
    pub work: String,
    /// When it was quoted.
    pub at: Timestamp,
    /// Where it stands.
    pub state: QuoteState,
}

impl PublicQuote {
    /// The public face of `q`.
    pub fn of(q: &Quote) -> PublicQuote {
        PublicQuote {
            id: q.id,
            amount: q.amount,
            work: q.work.clone(),
            at: q.at,
            state: q.state,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_quote_is_answered_once() {
        let at = Timestamp::from_millis(1_000);
        let accepted = QuoteState::Open.answer(Decision::Accept, at).unwrap();
        assert_eq!(accepted, QuoteState::Accepted { at });
        assert!(!accepted.is_open());
        assert_eq!(accepted.answer(Decision::Decline, at), None);
        assert_eq!(accepted.answer(Decision::Accept, at), None);
        let declined = QuoteState::Open.answer(Decision::Decline, at).unwrap();
        assert_eq!(declined, QuoteState::Declined { at });
        assert_eq!(declined.answer(Decision::Accept, at), None);
    }
}
