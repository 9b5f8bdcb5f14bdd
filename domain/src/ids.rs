//! Identifiers. Each is a newtype so a case id can never be passed where
//! something else is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The public number of a case, as printed on paperwork and told on the phone:
/// `AL-` followed by a sequence number handed out by the counter object.
///
/// On the wire and in URLs it is the text form (`"AL-1001"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId(u32);

/// Why a text is not a case id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a case number (expected AL- followed by digits, e.g. AL-1001)")]
pub struct CaseIdError(String);

impl CaseId {
    /// The prefix every case number carries.
    pub const PREFIX: &'static str = "AL-";

    /// The case id for a sequence number; numbering starts at 1.
    pub fn from_sequence(seq: u32) -> Option<CaseId> {
        (seq > 0).then_some(CaseId(seq))
    }

    /// The sequence number inside the id.
    pub fn sequence(self) -> u32 {
        self.0
    }

    /// Parses `AL-1001` (case-insensitive prefix, surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<CaseId, CaseIdError> {
        let trimmed = text.trim();
        let digits = trimmed
            .get(..Self::PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(Self::PREFIX))
            .map(|_| &trimmed[Self::PREFIX.len()..])
            .ok_or_else(|| CaseIdError(text.to_owned()))?;
        if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseIdError(text.to_owned()));
        }
        digits
            .parse::<u32>()
            .ok()
            .and_then(CaseId::from_sequence)
            .ok_or_else(|| CaseIdError(text.to_owned()))
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", Self::PREFIX, self.0)
    }
}

impl FromStr for CaseId {
    type Err = CaseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseId::parse(s)
    }
}

impl Serialize for CaseId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CaseId::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The number of a goods movement within its case (1, 2, …): what a photo
/// of a shipment or a receipt names (`…/attachments?movement=2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct MovementNo(u32);

impl MovementNo {
    /// Movement `n` of a case.
    pub fn new(n: u32) -> MovementNo {
        MovementNo(n)
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Parses the decimal form (`2`); anything else is `None`.
    pub fn parse(text: &str) -> Option<MovementNo> {
        let t = text.trim();
        (!t.is_empty() && t.len() <= 10 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok().map(MovementNo))
            .flatten()
    }
}

impl fmt::Display for MovementNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_printed_form_and_round_trips() {
        let id = CaseId::parse("AL-1001").unwrap();
        assert_eq!(id.sequence(), 1001);
        assert_eq!(id.to_string(), "AL-1001");
        assert_eq!(CaseId::parse(" al-7 ").unwrap().sequence(), 7);
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "",
            "AL-",
            "AL-0",
            "1001",
            "AL-12a",
            "AL--1",
            "AL-99999999999",
            "XX-1",
            "AL-１",
        ] {
            assert!(CaseId::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn a_movement_number_is_digits_only() {
        assert_eq!(MovementNo::parse("2"), Some(MovementNo::new(2)));
        for bad in ["", "-1", "two", "1.5", "99999999999"] {
            assert_eq!(MovementNo::parse(bad), None, "{bad:?}");
        }
        assert_eq!(serde_json::to_string(&MovementNo::new(3)).unwrap(), "3");
    }

    #[test]
    fn a_refused_id_says_which_characters_it_takes() {
        assert_eq!(
            UserId::parse("Li Wei").unwrap_err(),
            "`Li Wei` is not a valid user name: 2 to 32 characters of a-z, 0-9, `.`, `_` and `-`."
        );
    }

    #[test]
    fn serialises_as_text() {
        let id = CaseId::from_sequence(42).unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"AL-42\"");
        let back: CaseId = serde_json::from_str("\"AL-42\"").unwrap();
        assert_eq!(back, id);
        assert!(serde_json::from_str::<CaseId>("\"42\"").is_err());
    }
}

/// Defines a text id newtype: one `parse` with its rules, `AsRef<str>`,
/// `Display`, and serde through `parse`.
macro_rules! text_id {
    ($(#[$doc:meta])* $name:ident, $what:literal, $min:expr, $max:expr, $allowed:expr, $chars:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses the text form; see the type's rules.
            pub fn parse(text: &str) -> Result<$name, String> {
                let ok = (($min)..=($max)).contains(&text.len())
                    && text.chars().all($allowed);
                if ok {
                    Ok($name(text.to_owned()))
                } else {
                    Err(format!(
                        "`{}` is not a valid {}: {} to {} characters of {}.",
                        text.chars().take(80).collect::<String>(),
                        $what,
                        $min,
                        $max,
                        $chars
                    ))
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

fn is_user_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

fn is_event_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

text_id!(
    /// A user's login name: 2-32 of `a-z 0-9 . _ -`.
    UserId, "user name", 2, 32, is_user_char, "a-z, 0-9, `.`, `_` and `-`"
);

text_id!(
    /// A client-generated id for one write (an offline phone may send the
    /// same write several times; it is applied once): 8-80 of `A-Z a-z 0-9 - _ : .`.
    EventId, "event id", 8, 80, is_event_char, "A-Z, a-z, 0-9, `-`, `_`, `:` and `.`"
);

impl EventId {
    /// Whether the system names its own events so (`open-…` for opening,
    /// `notify-…` for messages sent, `…:n` for a write's further events):
    /// a client may not send such an id, so no write can collide with them.
    pub fn is_reserved(&self) -> bool {
        let id = self.as_ref();
        id.starts_with("open-") || id.starts_with("notify-") || id.contains(':')
    }
}

#[cfg(test)]
mod text_id_tests {
    use super::*;

    #[test]
    fn the_systems_event_ids_are_reserved() {
        for reserved in ["open-AL-1001", "notify-15", "phone-write-1:1"] {
            assert!(
                EventId::parse(reserved).unwrap().is_reserved(),
                "{reserved}"
            );
        }
        for free in ["0b7d3c1e-6a2f-4a57", "demo-v2-12-3", "opened-by-me"] {
            assert!(!EventId::parse(free).unwrap().is_reserved(), "{free}");
        }
    }

    #[test]
    fn user_ids_are_lowercase_logins() {
        assert!(UserId::parse("li.wei").is_ok());
        for bad in ["L", "Li", "li wei", "李伟", &"a".repeat(33)] {
            assert!(UserId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn event_ids_are_bounded_tokens() {
        assert!(EventId::parse("0b7d3c1e-6a2f-4a57-9d0e-2f5e4e0c9a11").is_ok());
        for bad in [
            "short",
            "has space 12345",
            &"x".repeat(81),
            "../../etc/passwd",
        ] {
            assert!(EventId::parse(bad).is_err(), "{bad}");
        }
    }
}
