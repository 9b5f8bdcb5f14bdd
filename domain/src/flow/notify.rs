//! Notifications: the messages each customer-facing event produces, in the
//! customer's language, kept in an outbox on the case. They are derived in
//! `apply` (so rebuilding a case rebuilds its outbox) and marked sent by a
//! later event once the sender acknowledged them, or given up by another
//! once the [`RetryPolicy`] allows no further attempt.

use serde::{Deserialize, Serialize};

use crate::case::{Case, Change, Language};
use crate::flow::goods::{Direction, MovementState};
use crate::flow::money::MoneyDirection;
use crate::time::{Timestamp, CHINA_OFFSET_MINUTES, HOUR_MS};
use crate::view::{LocalTime, LocalWindow};
use crate::{CaseId, UserId};

/// What a notification tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The request was received.
    Received,
    /// A technician visit was booked.
    Scheduled,
    /// Goods were shipped to the customer.
    Shipped,
    /// The case was resolved.
    Resolved,
    /// Money was paid to the customer.
    RefundPaid,
    /// The case closed: please answer the survey.
    Survey,
}

/// Who gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "type", content = "user")]
pub enum Recipient {
    /// The case's customer (by phone or email on the case).
    Customer,
    /// The customer's sales representative.
    SalesRep(UserId),
}

/// One message in a case's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Its id: the sequence number of the event that produced it, and a
    /// recipient suffix (`12`, `12-rep`).
    pub id: String,
    /// Who gets it.
    pub to: Recipient,
    /// What it is about.
    pub topic: Topic,
    /// The language it is written in.
    pub language: Language,
    /// The text.
    pub text: String,
    /// When the sender acknowledged it; `None` while pending.
    pub sent_at: Option<Timestamp>,
    /// When delivery was given up (every attempt the retry policy allows
    /// failed); `None` while it is pending or once sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gave_up_at: Option<Timestamp>,
}

impl Notification {
    /// The id the receiving service deduplicates by, stable across every
    /// retry: the case number and the message's id (`AL-1001/3`,
    /// `AL-1001/3-rep`), sent as the payload's `message_id` and the
    /// `Idempotency-Key` header.
    pub fn message_id(&self, case: CaseId) -> String {
        format!("{case}/{}", self.id)
    }

    /// Where its delivery stands.
    pub fn delivery(&self) -> Delivery {
        Delivery::of(self.sent_at, self.gave_up_at)
    }

    /// Whether the sender should still try it (neither sent nor given up).
    pub fn is_pending(&self) -> bool {
        self.delivery() == Delivery::Sending
    }
}

/// Where a message's delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "state", content = "at")]
pub enum Delivery {
    /// Not acknowledged yet; the case retries it.
    Sending,
    /// Acknowledged by the sender at this time.
    Sent(Timestamp),
    /// Not delivered: given up at this time after every attempt failed.
    NotDelivered(Timestamp),
}

impl Delivery {
    /// The state from when a message was acknowledged and when it was
    /// given up (an acknowledgement wins).
    pub fn of(sent_at: Option<Timestamp>, gave_up_at: Option<Timestamp>) -> Delivery {
        match (sent_at, gave_up_at) {
            (Some(at), _) => Delivery::Sent(at),
            (None, Some(at)) => Delivery::NotDelivered(at),
            (None, None) => Delivery::Sending,
        }
    }
}

/// How often and how long a case retries a message its sender did not
/// acknowledge: the first retry `base_ms` after the first failure, each
/// gap doubling up to `max_ms`, and no attempt after the `attempts`th.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    base_ms: i64,
    max_ms: i64,
    attempts: u32,
}

impl Default for RetryPolicy {
    /// 30 s, then 1, 2, 4 … minutes up to an hour between attempts; 10
    /// attempts in all (the last about 2 h 40 min after the first).
    fn default() -> RetryPolicy {
        RetryPolicy {
            base_ms: 30_000,
            max_ms: HOUR_MS,
            attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// The largest first gap a setting may give (the cap's own value).
    pub const MAX_BASE_MS: i64 = HOUR_MS;
    /// The most attempts a setting may give.
    pub const MAX_ATTEMPTS: u32 = 100;

    /// The default policy with the worker's settings applied, each given
    /// as text (`NOTIFY_RETRY_BASE_MS`: whole milliseconds from 1 to an
    /// hour; `NOTIFY_RETRY_ATTEMPTS`: 1 to 100); a missing or invalid
    /// value keeps the default. The cap stays an hour, or the base if that
    /// is larger.
    pub fn from_settings(base_ms: Option<&str>, attempts: Option<&str>) -> RetryPolicy {
        let default = RetryPolicy::default();
        let base_ms = base_ms
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|ms| (1..=Self::MAX_BASE_MS).contains(ms))
            .unwrap_or(default.base_ms);
        let attempts = attempts
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| (1..=Self::MAX_ATTEMPTS).contains(n))
            .unwrap_or(default.attempts);
        RetryPolicy {
            base_ms,
            max_ms: default.max_ms.max(base_ms),
            attempts,
        }
    }

    /// How many attempts it allows in all.
    pub fn attempts(self) -> u32 {
        self.attempts
    }

    /// The wait before the next attempt after `failed` attempts failed in
    /// a row (`failed` ≥ 1), or `None` when that was the last one allowed
    /// and the message is given up.
    pub fn next_delay_ms(self, failed: u32) -> Option<i64> {
        if failed == 0 {
            return Some(0);
        }
        if failed >= self.attempts {
            return None;
        }
        let doublings = (failed - 1).min(62);
        let delay = self
            .base_ms
            .checked_mul(1_i64 << doublings)
            .unwrap_or(self.max_ms);
        Some(delay.min(self.max_ms))
    }
}

/// The topic an event announces to the customer, if any.
pub fn topic_of(case: &Case, change: &Change) -> Option<Topic> {
    match change {
        Change::Opened { .. } => Some(Topic::Received),
        Change::Dispatched(_) => Some(Topic::Scheduled),
        Change::MovementAdvanced {
            movement,
            to: MovementState::Shipped,
            ..
        } => case
            .goods
            .iter()
            .find(|m| m.id == *movement && m.direction == Direction::CompanyToCustomer)
            .map(|_| Topic::Shipped),
        Change::Moved { to, .. } if to.is_terminal() && !to.is_cancelled() => Some(Topic::Survey),
        Change::Moved { to, .. } if to.is_resolution() => Some(Topic::Resolved),
        Change::MoneyPaid { entry, .. } => case
            .money
            .iter()
            .find(|e| e.id == *entry && e.direction == MoneyDirection::ToCustomer)
            .map(|_| Topic::RefundPaid),
        _ => None,
    }
}

/// The booked visit's window on the company's wall clock (China time, the
/// calendar visit windows are booked in).
fn visit_window(case: &Case) -> Option<LocalWindow> {
    case.dispatch.as_ref().map(|d| LocalWindow {
        from: LocalTime::at(d.from, CHINA_OFFSET_MINUTES),
        to: LocalTime::at(d.to, CHINA_OFFSET_MINUTES),
        utc_offset_minutes: CHINA_OFFSET_MINUTES,
    })
}

/// The message text for a topic in a language.
pub fn text(topic: Topic, language: Language, case: &Case) -> String {
    let id = case.id;
    let title = case.title.as_ref();
    match (language, topic) {
        (Language::ZhCn, Topic::Received) => {
            format!("您的售后申请 {id}（{title}）已受理，我们会尽快与您联系。")
        }
        (Language::ZhCn, Topic::Scheduled) => match visit_window(case) {
            Some(w) => format!(
                "{id}：技术员将于 {} 上门，请届时留人在现场。",
                w.text(language)
            ),
            None => format!("{id}：技术员上门已安排。"),
        },
        (Language::ZhCn, Topic::Shipped) => format!("{id}：您的货品已发出，请留意物流信息。"),
        (Language::ZhCn, Topic::Resolved) => {
            format!("{id}：您的问题已处理完毕。如仍有问题请回复我们。")
        }
        (Language::ZhCn, Topic::RefundPaid) => format!("{id}：退款已支付，请注意查收。"),
        (Language::ZhCn, Topic::Survey) => {
            format!("{id} 已结案。请为本次服务打分（1-5 分），感谢您的反馈！")
        }
        (Language::En, Topic::Received) => {
            format!("We received your request {id} ({title}) and will contact you soon.")
        }
        (Language::En, Topic::Scheduled) => match visit_window(case) {
            Some(w) => format!(
                "{id}: a technician visits on {}. Please make sure someone is on site.",
                w.text(language)
            ),
            None => format!("{id}: a technician visit is booked."),
        },
        (Language::En, Topic::Shipped) => {
            format!("{id}: your goods are on their way; see the tracking number on your case page.")
        }
        (Language::En, Topic::Resolved) => {
            format!("{id}: your case is resolved. Reply if anything is still wrong.")
        }
        (Language::En, Topic::RefundPaid) => format!("{id}: your refund has been paid."),
        (Language::En, Topic::Survey) => {
            format!("{id} is closed. Please rate our service from 1 to 5. Thank you!")
        }
    }
}

/// The notifications an event adds to the case's outbox (after it was applied).
pub fn for_event(case: &Case, seq: u32, change: &Change) -> Vec<Notification> {
    let Some(topic) = topic_of(case, change) else {
        return Vec::new();
    };
    let mut out = vec![Notification {
        id: seq.to_string(),
        to: Recipient::Customer,
        topic,
        language: case.customer.language,
        text: text(topic, case.customer.language, case),
        sent_at: None,
        gave_up_at: None,
    }];
    if let Some(rep) = &case.customer.sales_rep {
        out.push(Notification {
            id: format!("{seq}-rep"),
            to: Recipient::SalesRep(rep.clone()),
            topic,
            language: Language::En,
            text: text(topic, Language::En, case),
            sent_at: None,
            gave_up_at: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_30_s_then_double_up_to_an_hour() {
        let p = RetryPolicy::default();
        let gaps: Vec<i64> = (1..p.attempts())
            .filter_map(|n| p.next_delay_ms(n))
            .collect();
        assert_eq!(
            gaps,
            vec![
                30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000
            ]
        );
    }

    #[test]
    fn the_last_allowed_failure_gives_up() {
        let p = RetryPolicy::from_settings(Some("200"), Some("4"));
        assert_eq!(p.next_delay_ms(1), Some(200));
        assert_eq!(p.next_delay_ms(2), Some(400));
        assert_eq!(p.next_delay_ms(3), Some(800));
        assert_eq!(p.next_delay_ms(4), None);
        assert_eq!(p.next_delay_ms(40), None);
    }

    #[test]
    fn one_attempt_gives_up_at_the_first_failure() {
        let p = RetryPolicy::from_settings(None, Some("1"));
        assert_eq!(p.next_delay_ms(1), None);
    }

    #[test]
    fn gaps_never_pass_the_cap_however_many_attempts() {
        let p = RetryPolicy::from_settings(Some("3600000"), Some("100"));
        assert!((1..100).all(|n| p.next_delay_ms(n) == Some(HOUR_MS)));
    }

    #[test]
    fn invalid_settings_keep_the_default() {
        let d = RetryPolicy::default();
        for (base, attempts) in [
            (Some("0"), Some("0")),
            (Some("-5"), Some("101")),
            (Some("soon"), Some("many")),
            (Some("3600001"), Some("")),
            (None, None),
        ] {
            assert_eq!(RetryPolicy::from_settings(base, attempts), d);
        }
    }

    #[test]
    fn the_message_id_names_the_case_and_the_message() {
        let n = Notification {
            id: "3-rep".into(),
            to: Recipient::Customer,
            topic: Topic::Received,
            language: Language::En,
            text: String::new(),
            sent_at: None,
            gave_up_at: None,
        };
        let case = CaseId::from_sequence(12).unwrap();
        assert_eq!(n.message_id(case), "AL-12/3-rep");
    }

    #[test]
    fn an_acknowledgement_wins_over_giving_up() {
        let (a, b) = (Timestamp::from_millis(1), Timestamp::from_millis(2));
        assert_eq!(Delivery::of(None, None), Delivery::Sending);
        assert_eq!(Delivery::of(None, Some(b)), Delivery::NotDelivered(b));
        assert_eq!(Delivery::of(Some(a), Some(b)), Delivery::Sent(a));
    }
}
