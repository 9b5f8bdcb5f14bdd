//! Abuse limits as pure rules: how many hits a counter allows per window,
//! what the product's counters are, how a client address becomes a
//! counter's name, and how long a refused client must wait.
//!
//! The worker keeps each counter in a Durable Object of its own (`Limiter`,
//! one per counter name), which applies [`Window::take`] to one request at a
//! time: counting is exact, also under many parallel requests.
//!
//! | counter | rule | on refusal |
//! |---|---|---|
//! | `public/{endpoint}/{address}` | [`PUBLIC`]: 20 requests a minute per endpoint | 429 until the minute ends |
//! | `login/pair/{user}/{address}` | [`LOGIN_PAIR`]: 10 password checks a quarter hour; a successful sign-in clears it | 429: this user from this address waits |
//! | `login/user/{user}` | [`LOGIN_USER`]: 20 unchallenged password checks a quarter hour, from all addresses; a successful one is given back | never locks: the proof-of-work challenge is required |
//! | `challenge/{id}` | [`CHALLENGE`]: a challenge is spent once | 400 `challenge_failed` |

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::challenge::VALID_SECONDS;
use crate::Timestamp;

/// At most `limit` hits in a window of `window_secs`, the window opening at
/// its first hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Hits allowed per window.
    pub limit: u32,
    /// The window's length in seconds.
    pub window_secs: u64,
}

impl Rule {
    fn window_ms(self) -> i64 {
        i64::try_from(self.window_secs.saturating_mul(1000)).unwrap_or(i64::MAX)
    }
}

/// Requests a minute one client address may make to each public endpoint
/// (challenge, new request, lookup, customer photo).
pub const PUBLIC: Rule = Rule {
    limit: 20,
    window_secs: 60,
};

/// Password checks a quarter hour for one user name from one client
/// address; then that pair waits until the quarter hour ends. A successful
/// sign-in clears the pair's count.
pub const LOGIN_PAIR: Rule = Rule {
    limit: 10,
    window_secs: 900,
};

/// Password checks a quarter hour for one user name from all addresses
/// together without a solved challenge; beyond it, signing in needs one
/// (nobody is locked out). A successful sign-in gives its check back.
pub const LOGIN_USER: Rule = Rule {
    limit: 20,
    window_secs: 900,
};

// The per-user ceiling only demands a challenge, so it must sit above what
// one address may try.
const _: () = assert!(LOGIN_USER.limit > LOGIN_PAIR.limit);

/// A challenge of the public form or the sign-in is spent once.
pub const CHALLENGE: Rule = Rule {
    limit: 1,
    window_secs: VALID_SECONDS,
};

/// A counter's state: when its window opened and the hits counted in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// When the window opened (ms since the epoch); meaningless while `hits` is 0.
    pub opened_ms: i64,
    /// Hits counted in the window.
    pub hits: u32,
}

/// What a [`Window::take`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Counted: the hit is allowed.
    Allowed {
        /// Hits in the window now, this one included.
        hits: u32,
    },
    /// Not counted: the limit is reached until the window ends.
    Refused {
        /// Whole seconds until the window ends (at least 1).
        retry_after_secs: u64,
    },
}

impl Window {
    fn expired(&self, rule: Rule, now: Timestamp) -> bool {
        self.hits == 0 || now.millis() >= self.opened_ms.saturating_add(rule.window_ms())
    }

    /// When the window ends (ms since the epoch).
    pub fn ends_ms(&self, rule: Rule) -> i64 {
        self.opened_ms.saturating_add(rule.window_ms())
    }

    /// Counts one hit if the limit allows it. An ended window starts afresh.
    pub fn take(&mut self, rule: Rule, now: Timestamp) -> Verdict {
        if self.expired(rule, now) {
            *self = Window {
                opened_ms: now.millis(),
                hits: 0,
            };
        }
        if self.hits >= rule.limit {
            let left_ms = (self.ends_ms(rule) - now.millis()).max(1);
            return Verdict::Refused {
                retry_after_secs: (left_ms as u64).div_ceil(1000),
            };
        }
        self.hits += 1;
        Verdict::Allowed { hits: self.hits }
    }

    /// Gives back one hit of the current window (a hit that turned out not
    /// to count, such as a successful sign-in).
    pub fn refund(&mut self, rule: Rule, now: Timestamp) {
        if !self.expired(rule, now) {
            self.hits = self.hits.saturating_sub(1);
        }
    }
}

/// The longest address text a counter name takes (an IPv6 address).
pub const MAX_ADDRESS_LEN: usize = 45;

/// A client address as counters name it: an IPv4 address as it is, an IPv6
/// address by its /64 network (one subscriber usually holds a whole /64,
/// so counting single IPv6 addresses would count nothing). `None` for text
/// that is not an IP address.
pub fn address_key(text: &str) -> Option<String> {
    let text = text.trim();
    if text.len() > MAX_ADDRESS_LEN {
        return None;
    }
    match text.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => Some(v4.to_string()),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Some(v4.to_string()),
            None => {
                let s = v6.segments();
                Some(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
            }
        },
    }
}

/// A wait in words for an error message: "1 second", "40 seconds",
/// "2 minutes" (minutes rounded up from two minutes on).
pub fn wait_text(secs: u64) -> String {
    match secs {
        0 | 1 => "1 second".to_owned(),
        2..=119 => format!("{secs} seconds"),
        _ => format!("{} minutes", secs.div_ceil(60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Rule = Rule {
        limit: 3,
        window_secs: 60,
    };

    fn at(secs: f64) -> Timestamp {
        Timestamp::from_millis(1_795_000_000_000 + (secs * 1000.0) as i64)
    }

    #[test]
    fn a_window_allows_its_limit_then_refuses_until_it_ends() {
        let mut w = Window::default();
        for n in 1..=3 {
            assert_eq!(w.take(RULE, at(n as f64)), Verdict::Allowed { hits: n });
        }
        assert_eq!(
            w.take(RULE, at(4.0)),
            Verdict::Refused {
                retry_after_secs: 57
            }
        );
        assert_eq!(
            w.take(RULE, at(60.5)),
            Verdict::Refused {
                retry_after_secs: 1
            },
            "part of a second left is a whole second"
        );
        assert_eq!(w.hits, 3, "a refusal counts nothing");
        assert_eq!(w.take(RULE, at(61.0)), Verdict::Allowed { hits: 1 });
        assert_eq!(w.opened_ms, at(61.0).millis(), "a new window opens");
    }

    #[test]
    fn a_refund_gives_back_one_hit_of_the_current_window_only() {
        let mut w = Window::default();
        w.take(RULE, at(0.0));
        w.take(RULE, at(1.0));
        w.refund(RULE, at(2.0));
        assert_eq!(w.hits, 1);
        w.refund(RULE, at(2.0));
        w.refund(RULE, at(2.0));
        assert_eq!(w.hits, 0, "never below zero");
        w.take(RULE, at(3.0));
        w.refund(RULE, at(70.0));
        assert_eq!(w.hits, 1, "an ended window is left alone");
    }

    #[test]
    fn addresses_are_ip_addresses_and_ipv6_counts_by_its_64() {
        assert_eq!(address_key(" 203.0.113.7 ").as_deref(), Some("203.0.113.7"));
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1").as_deref(),
            Some("2001:db8:1:2::/64")
        );
        assert_eq!(
            address_key("2001:0db8:0001:0002:ffff:0:0:9"),
            address_key("2001:db8:1:2::1"),
            "one /64"
        );
        assert_eq!(
            address_key("::ffff:198.51.100.1").as_deref(),
            Some("198.51.100.1")
        );
        for bad in [
            "",
            "local",
            "1.2.3",
            "999.1.1.1",
            "1.2.3.4/24",
            &"1".repeat(600),
        ] {
            assert_eq!(address_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn waits_read_in_seconds_then_whole_minutes() {
        assert_eq!(wait_text(1), "1 second");
        assert_eq!(wait_text(40), "40 seconds");
        assert_eq!(wait_text(119), "119 seconds");
        assert_eq!(wait_text(120), "2 minutes");
        assert_eq!(wait_text(841), "15 minutes");
    }
}
