//! Notifications: the messages each customer-facing event produces, in the
//! customer's language, kept in an outbox on the case. They are derived in
//! `apply` (so rebuilding a case rebuilds its outbox) and marked sent by a
//! later event once the sender acknowledged them.

use serde::{Deserialize, Serialize};

use crate::case::{Case, Change, Language};
use crate::flow::goods::{Direction, MovementState};
use crate::flow::money::MoneyDirection;
use crate::time::{Timestamp, CHINA_OFFSET_MINUTES};
use crate::view::{LocalTime, LocalWindow};
use crate::UserId;

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
    }];
    if let Some(rep) = &case.customer.sales_rep {
        out.push(Notification {
            id: format!("{seq}-rep"),
            to: Recipient::SalesRep(rep.clone()),
            topic,
            language: Language::En,
            text: text(topic, Language::En, case),
            sent_at: None,
        });
    }
    out
}
