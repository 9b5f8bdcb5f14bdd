//! Events: what happened to a case, appended to its log and never changed.
//! The case is a fold over them ([`super::Case::replay`]).

use serde::{Deserialize, Serialize};

use super::{NewCase, Status};
use crate::access::{Actor, Role};
use crate::flow::goods::{Movement, MovementState};
use crate::flow::info::{Attachment, Diagnosis, Dispatch, GeoPoint, Visibility};
use crate::flow::money::MoneyEntry;
use crate::flow::quote::{Decision, Quote};
use crate::ids::{CaseId, EventId, UserId};
use crate::money::Money;
use crate::sla::Priority;
use crate::time::{Date, Timestamp};
use crate::Warranty;

/// The current event format; stored events carry it so old ones can be upcast.
pub const EVENT_VERSION: u8 = 1;

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// Event format version.
    pub v: u8,
    /// Position in the case's log, from 1.
    pub seq: u32,
    /// The client's id for the write that produced it (idempotency).
    pub id: EventId,
    /// When the server recorded it (the log's order, SLA clocks, reports).
    pub at: Timestamp,
    /// When the sender recorded it by their own clock, if they said: a
    /// phone's outbox may send it hours later (checked by
    /// [`super::check_recorded_at`]; the timeline shows this time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Timestamp>,
    /// Who.
    pub by: UserId,
    /// In what role.
    pub role: Role,
    /// What changed.
    pub change: Change,
}

/// What an event changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
// `Opened` carries the whole intake, once per case; boxing it would change
// every match on it for no gain (events are folded one at a time).
#[allow(clippy::large_enum_variant)]
pub enum Change {
    /// The case was opened.
    Opened {
        /// Its number.
        id: CaseId,
        /// The intake.
        case: NewCase,
        /// The first owner.
        owner: UserId,
        /// Warranty on the day it was opened.
        warranty: Warranty,
        /// The unguessable token of the customer's link.
        public_token: String,
    },
    /// It moved to another stage.
    Moved {
        /// From.
        from: Status,
        /// To.
        to: Status,
        /// Why.
        note: Option<String>,
    },
    /// A note or public message.
    NoteAdded {
        /// The text.
        text: String,
        /// Who may see it.
        visibility: Visibility,
    },
    /// A new owner.
    OwnerAssigned {
        /// Who.
        owner: UserId,
    },
    /// A technician was booked.
    Dispatched(Dispatch),
    /// Staff recorded the purchase from the company's records; the
    /// warranty was worked out again as of the day the case was opened.
    PurchaseConfirmed {
        /// The purchase date.
        purchase_date: Option<Date>,
        /// What the customer paid.
        price_paid: Option<Money>,
        /// The warranty period in months.
        warranty_months: u16,
        /// The warranty it gives.
        warranty: Warranty,
    },
    /// Waiting on the customer.
    Held {
        /// Why.
        reason: String,
    },
    /// No longer waiting.
    Resumed,
    /// A goods movement was recorded.
    MovementRecorded(Movement),
    /// A movement advanced.
    MovementAdvanced {
        /// Which.
        movement: u32,
        /// To what.
        to: MovementState,
        /// Carrier, if given.
        carrier: Option<String>,
        /// Tracking number, if given.
        tracking: Option<String>,
    },
    /// Money was asked for.
    MoneyRequested(MoneyEntry),
    /// Approved.
    MoneyApproved {
        /// Which entry.
        entry: u32,
    },
    /// Rejected.
    MoneyRejected {
        /// Which entry.
        entry: u32,
        /// Why.
        reason: String,
    },
    /// Paid.
    MoneyPaid {
        /// Which entry.
        entry: u32,
        /// Payment reference.
        reference: String,
    },
    /// The diagnosis was recorded.
    Diagnosed(Diagnosis),
    /// The priority changed.
    PriorityChanged {
        /// To what.
        priority: Priority,
    },
    /// A file was attached.
    Attached(Attachment),
    /// The sender acknowledged these outbox messages.
    NotificationsSent {
        /// Their ids.
        ids: Vec<String>,
    },
    /// Delivery of these outbox messages was given up: each failed every
    /// attempt the retry policy allows.
    NotificationsGaveUp {
        /// Their ids.
        ids: Vec<String>,
        /// How many attempts each had.
        attempts: u32,
    },
    /// The technician arrived on site.
    CheckedIn {
        /// When, by their phone's clock.
        at: Timestamp,
        /// Where, if shared.
        location: Option<GeoPoint>,
    },
    /// The technician left the site.
    CheckedOut {
        /// When, by their phone's clock.
        at: Timestamp,
        /// Where, if shared.
        location: Option<GeoPoint>,
    },
    /// A charge was offered to the customer.
    Quoted(Quote),
    /// The customer accepted or declined a quote.
    QuoteAnswered {
        /// Which quote.
        quote: u32,
        /// Their answer.
        decision: Decision,
    },
    /// The customer answered the survey.
    SurveyAnswered {
        /// 1 to 5.
        score: u8,
        /// Their words.
        comment: String,
    },
}

/// What every event of one write shares: its id, who and when. The one
/// way changes become events ([`Stamp::events`], [`super::Case::record`]):
/// numbered on from the case's version, each with an id derived from the
/// write's, by the actor who wrote it or by the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `None` for the system's own events, which are named by their number.
    id: Option<EventId>,
    by: Actor,
    at: Timestamp,
    recorded_at: Option<Timestamp>,
}

impl Stamp {
    /// A write by `by` whose client named it `id`, recorded by the server at `at`.
    pub fn write(id: EventId, by: &Actor, at: Timestamp) -> Stamp {
        Stamp {
            id: Some(id),
            by: by.clone(),
            at,
            recorded_at: None,
        }
    }

    /// The server's own events at `at` ([`Actor::system`]), each named
    /// `notify-<seq>` (a name no client may send: [`EventId::is_reserved`]).
    pub fn system(at: Timestamp) -> Stamp {
        Stamp {
            id: None,
            by: Actor::system(),
            at,
            recorded_at: None,
        }
    }

    /// The same write, recorded by its sender at `recorded_at` by their own clock.
    #[must_use]
    pub fn recorded_at(mut self, recorded_at: Option<Timestamp>) -> Stamp {
        self.recorded_at = recorded_at;
        self
    }

    /// The events of `changes`, numbered on from `after` (the case's
    /// version; 0 for the opening). The first takes the write's id, the
    /// n-th after it `<id>:<n>` (the write's id alone if that is too long).
    pub fn events(&self, after: u32, changes: impl IntoIterator<Item = Change>) -> Vec<Event> {
        changes
            .into_iter()
            .enumerate()
            .map(|(i, change)| {
                let seq = after + 1 + i as u32;
                self.stamped(self.id_of(i, seq), seq, change)
            })
            .collect()
    }

    /// The write's one event, numbered `seq`.
    pub fn event(&self, seq: u32, change: Change) -> Event {
        self.stamped(self.id_of(0, seq), seq, change)
    }

    /// The first event of a case's log (its opening, `seq` 1).
    pub fn opening(&self, change: Change) -> Event {
        self.event(1, change)
    }

    fn stamped(&self, id: EventId, seq: u32, change: Change) -> Event {
        Event {
            v: EVENT_VERSION,
            seq,
            id,
            at: self.at,
            recorded_at: self.recorded_at,
            by: self.by.user.clone(),
            role: self.by.role,
            change,
        }
    }

    fn id_of(&self, i: usize, seq: u32) -> EventId {
        let derived = match &self.id {
            Some(id) if i == 0 => return id.clone(),
            Some(id) => format!("{id}:{i}"),
            None => format!("notify-{seq}"),
        };
        EventId::parse(&derived).unwrap_or_else(|_| {
            self.id
                .clone()
                .unwrap_or_else(|| EventId::parse("notify-0").expect("constant"))
        })
    }
}

impl Event {
    /// When it happened as its sender saw it: the time recorded on their
    /// phone, else the server's.
    pub fn happened_at(&self) -> Timestamp {
        self.recorded_at.unwrap_or(self.at)
    }
}

impl Change {
    /// Who may see this entry on the timeline.
    pub fn visibility(&self) -> Visibility {
        match self {
            Change::NoteAdded { visibility, .. } => *visibility,
            Change::Attached(a) if a.public => Visibility::Public,
            Change::Opened { .. }
            | Change::Moved { .. }
            | Change::Dispatched(_)
            | Change::Held { .. }
            | Change::Resumed
            | Change::MovementRecorded(_)
            | Change::MovementAdvanced { .. }
            | Change::MoneyPaid { .. }
            | Change::CheckedIn { .. }
            | Change::CheckedOut { .. }
            | Change::Quoted(_)
            | Change::QuoteAnswered { .. }
            | Change::SurveyAnswered { .. } => Visibility::Public,
            Change::OwnerAssigned { .. }
            | Change::MoneyRequested(_)
            | Change::MoneyApproved { .. }
            | Change::MoneyRejected { .. }
            | Change::Diagnosed(_)
            | Change::PriorityChanged { .. }
            | Change::PurchaseConfirmed { .. }
            | Change::Attached(_)
            | Change::NotificationsSent { .. }
            | Change::NotificationsGaveUp { .. } => Visibility::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Actor {
        Actor {
            user: UserId::parse("li.na").unwrap(),
            role: Role::Staff,
        }
    }

    #[test]
    fn a_writes_events_are_numbered_on_and_named_after_it() {
        let at = Timestamp::from_millis(1_000);
        let stamp = Stamp::write(EventId::parse("phone-write-7").unwrap(), &staff(), at)
            .recorded_at(Some(Timestamp::from_millis(900)));
        let events = stamp.events(4, [Change::Resumed, Change::Resumed, Change::Resumed]);
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_ref()).collect();
        assert_eq!(ids, ["phone-write-7", "phone-write-7:1", "phone-write-7:2"]);
        assert_eq!(events.iter().map(|e| e.seq).collect::<Vec<_>>(), [5, 6, 7]);
        assert!(events.iter().all(|e| e.at == at
            && e.recorded_at == Some(Timestamp::from_millis(900))
            && e.by.as_ref() == "li.na"
            && e.role == Role::Staff
            && e.v == EVENT_VERSION));
    }

    #[test]
    fn the_systems_events_are_its_own_and_named_by_their_number() {
        let events = Stamp::system(Timestamp::from_millis(1)).events(
            2,
            [
                Change::NotificationsSent { ids: vec![] },
                Change::NotificationsGaveUp {
                    ids: vec![],
                    attempts: 3,
                },
            ],
        );
        let ids: Vec<&str> = events.iter().map(|e| e.id.as_ref()).collect();
        assert_eq!(ids, ["notify-3", "notify-4"]);
        assert!(events.iter().all(|e| e.id.is_reserved()
            && e.by.as_ref() == Actor::SYSTEM_NAME
            && e.role == Role::System));
    }

    #[test]
    fn the_systems_events_stored_before_its_role_still_load() {
        // Written as the placeholder user `system` with the staff role.
        let old = r#"{"v":1,"seq":3,"id":"notify-3","at":1795485600000,
            "by":"system","role":"staff","change":{"type":"notifications_sent","ids":["1"]}}"#;
        let event: Event = serde_json::from_str(old).unwrap();
        assert_eq!((event.by.as_ref(), event.role), ("system", Role::Staff));
        let new = Stamp::system(event.at).event(3, event.change.clone());
        let json = serde_json::to_value(&new).unwrap();
        assert_eq!(json["by"], "system");
        assert_eq!(json["role"], "system");
    }
}
