//! Money: an integer number of minor units (fen, cents) with its ISO 4217
//! currency. Never a float; sums across currencies are refused, and
//! arithmetic that would overflow is refused too.
//!
//! Wire form: `{"minor": 129900, "currency": "CNY"}`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Currencies the product handles, with their minor-unit exponent.
const KNOWN: &[(&str, u8)] = &[
    ("CNY", 2),
    ("HKD", 2),
    ("TWD", 2),
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("SGD", 2),
    ("AUD", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("INR", 2),
    ("BRL", 2),
    ("ZAR", 2),
];

/// The largest absolute amount in minor units (10^13: ten trillion fen is far
/// beyond any after-sales payment, and sums of many stay far from `i64::MAX`).
pub const MAX_MINOR: i64 = 10_000_000_000_000;

/// An ISO 4217 currency the product knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(&'static str);

/// Why money could not be made or summed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not an ISO code the product handles.
    #[error("`{0}` is not a currency we handle (use an ISO 4217 code such as CNY, USD or EUR)")]
    UnknownCurrency(String),
    /// Two currencies in one sum.
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// Beyond the accepted range.
    #[error("the amount is outside the accepted range")]
    OutOfRange,
}

impl Currency {
    /// Chinese yuan renminbi.
    pub const CNY: Currency = Currency("CNY");
    /// US dollar.
    pub const USD: Currency = Currency("USD");
    /// Euro.
    pub const EUR: Currency = Currency("EUR");
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency("JPY");

    /// Parses an ISO code (upper case).
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        KNOWN
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, _)| Currency(c))
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))
    }

    /// The ISO code.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// Digits after the decimal point (2 for CNY, 0 for JPY).
    pub fn exponent(self) -> u8 {
        KNOWN
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or(2, |(_, e)| *e)
    }
}

#[cfg(feature = "openapi")]
impl Currency {
    /// Every code the product handles (the OpenAPI schema's `enum`).
    pub(crate) fn known_codes() -> impl Iterator<Item = &'static str> {
        KNOWN.iter().map(|(code, _)| *code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::parse(&code).map_err(serde::de::Error::custom)
    }
}

/// An amount of one currency in minor units; may be negative (a balance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount, if within ±[`MAX_MINOR`].
    pub fn new(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        if minor.checked_abs().is_none_or(|a| a > MAX_MINOR) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(Money { minor, currency })
    }

    /// Zero of a currency.
    pub const fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// The amount in minor units.
    pub const fn minor(self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(self) -> Currency {
        self.currency
    }

    /// Whether the amount is above zero.
    pub const fn is_positive(self) -> bool {
        self.minor > 0
    }

    /// The sum, refusing mixed currencies and overflow.
    #[must_use = "the sum is returned, not stored"]
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::OutOfRange)?;
        Ok(Money {
            minor,
            currency: self.currency,
        })
    }

    /// The difference, refusing mixed currencies and overflow.
    #[must_use = "the difference is returned, not stored"]
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::OutOfRange)?;
        Ok(Money {
            minor,
            currency: self.currency,
        })
    }

    /// The amount as a plain decimal, e.g. `1299.00` (for display and CSV).
    pub fn decimal(self) -> String {
        let exp = u32::from(self.currency.exponent());
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exp == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10u64.pow(exp);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exp as usize
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.decimal())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            minor: i64,
            currency: Currency,
        }
        let raw = Raw::deserialize(d)?;
        Money::new(raw.minor, raw.currency).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_refuse_mixed_currencies_and_overflow() {
        let a = Money::new(1999, Currency::CNY).unwrap();
        let b = Money::new(1, Currency::USD).unwrap();
        assert_eq!(
            a.checked_add(b),
            Err(MoneyError::CurrencyMismatch(Currency::CNY, Currency::USD))
        );
        assert_eq!(a.checked_add(a).unwrap().minor(), 3998);
        assert_eq!(a.checked_sub(a).unwrap(), Money::zero(Currency::CNY));
        let big = Money {
            minor: i64::MAX,
            currency: Currency::CNY,
        };
        assert_eq!(big.checked_add(a), Err(MoneyError::OutOfRange));
    }

    #[test]
    fn amounts_out_of_range_are_refused() {
        assert!(Money::new(MAX_MINOR, Currency::CNY).is_ok());
        assert_eq!(
            Money::new(MAX_MINOR + 1, Currency::CNY),
            Err(MoneyError::OutOfRange)
        );
        assert_eq!(
            Money::new(i64::MIN, Currency::CNY),
            Err(MoneyError::OutOfRange)
        );
    }

    #[test]
    fn wire_form_is_minor_units_and_code() {
        let m = Money::new(129_900, Currency::CNY).unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"minor":129900,"currency":"CNY"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        for bad in [
            r#"{"minor":1.5,"currency":"CNY"}"#,
            r#"{"minor":100,"currency":"XXX"}"#,
            r#"{"minor":100,"currency":"cny"}"#,
            r#"{"minor":99999999999999999999,"currency":"CNY"}"#,
            r#"{"minor":100}"#,
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimals_follow_the_currency_exponent() {
        assert_eq!(
            Money::new(129_905, Currency::CNY).unwrap().decimal(),
            "1299.05"
        );
        assert_eq!(Money::new(-5, Currency::CNY).unwrap().decimal(), "-0.05");
        assert_eq!(
            Money::new(1200, Currency::JPY).unwrap().to_string(),
            "JPY 1200"
        );
    }
}
