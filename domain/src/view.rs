//! What each audience may see of a case, as allow-list types built from
//! [`Case`]: a customer's [`PublicCase`], a sales rep's [`RepCase`] and a
//! technician's [`TechCase`]. Each names every field its audience sees; a
//! field added to `Case` reaches none of them until someone adds it here.
//! Staff and managers read the whole case.
//!
//! Timelines follow the same rule: customers and sales reps read
//! [`PublicEvent`]s (messages and photos, nothing else), technicians the
//! events [`Event::for_technician`] lets through, by an exhaustive match.

use serde::{Deserialize, Serialize};

use crate::access::{Actor, Role};
use crate::case::{
    Case, CaseKind, Change, Event, Language, PurchaseBasis, Status, Title, Warranty,
};
use crate::flow::goods::{Direction, Movement, MovementKind, MovementState};
use crate::flow::info::{
    Attachment, AttachmentKind, Diagnosis, Dispatch, Hold, Survey, Visibility, Visit,
};
use crate::flow::money::{EntryKind, EntryState, MoneyDirection};
use crate::flow::notify::{Recipient, Topic};
use crate::flow::quote::PublicQuote;
use crate::ids::{CaseId, UserId};
use crate::money::Money;
use crate::sla::ClockState;
use crate::sla::{Priority, SlaPolicy};
use crate::time::{Date, Timestamp};
use crate::wire::SlaClockView;

/// Who reads a case, which decides the type they receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Staff and managers: the whole case.
    Staff,
    /// A technician working the case: [`TechCase`].
    Technician,
    /// The sales rep who keeps the customer: [`RepCase`].
    SalesRep,
    /// The customer, by their link: [`PublicCase`].
    Customer,
}

impl Audience {
    /// The audience of an actor already allowed to read the case.
    pub fn of(actor: &Actor) -> Audience {
        match actor.role {
            Role::Staff | Role::Manager => Audience::Staff,
            Role::Technician => Audience::Technician,
            Role::SalesRep => Audience::SalesRep,
            Role::Customer => Audience::Customer,
        }
    }
}

/// The product as a customer names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProduct {
    /// Model.
    pub model: String,
    /// Serial number.
    pub serial: Option<String>,
}

/// When a technician comes (no name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitWindow {
    /// Window start.
    pub from: Timestamp,
    /// Window end.
    pub to: Timestamp,
}

/// A technician's time on site as the customer saw it (no name, no position).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicVisit {
    /// Arrived.
    pub checked_in: Timestamp,
    /// Left.
    pub checked_out: Option<Timestamp>,
}

/// A shipment to or from the customer (no cost, no internal reference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shipment {
    /// Its number within the case.
    pub id: u32,
    /// What moves.
    pub kind: MovementKind,
    /// Which way.
    pub direction: Direction,
    /// Where it stands.
    pub state: MovementState,
    /// Carrier.
    pub carrier: Option<String>,
    /// Tracking number.
    pub tracking: Option<String>,
    /// Its states with their times.
    pub history: Vec<(MovementState, Timestamp)>,
}

impl Shipment {
    /// The movement as a shipment, if it travels to or from the customer
    /// (parts a technician brings and uses on site are not shipments).
    pub fn of(m: &Movement) -> Option<Shipment> {
        match m.direction {
            Direction::CustomerToCompany | Direction::CompanyToCustomer => Some(Shipment {
                id: m.id,
                kind: m.kind,
                direction: m.direction,
                state: m.state,
                carrier: m.carrier.clone(),
                tracking: m.tracking.clone(),
                history: m.history.clone(),
            }),
            Direction::StockToSite => None,
        }
    }
}

/// Money the company promised (approved) or paid, as the customer sees it:
/// amounts and dates, never who decided, why, or the payment reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicMoney {
    /// Its number within the case.
    pub id: u32,
    /// Refund, credit, charge…
    pub kind: EntryKind,
    /// Which way the money goes.
    pub direction: MoneyDirection,
    /// How much.
    pub amount: Money,
    /// Approved or paid (requested and rejected entries are not shown).
    pub state: EntryState,
    /// When it was approved.
    pub approved_at: Option<Timestamp>,
    /// When it was paid.
    pub paid_at: Option<Timestamp>,
}

impl PublicMoney {
    /// The entry, once it is a promise (approved) or done (paid).
    pub fn of(e: &crate::flow::money::MoneyEntry) -> Option<PublicMoney> {
        let shown = match e.state {
            EntryState::Approved | EntryState::Paid => true,
            EntryState::Requested | EntryState::Rejected => false,
        };
        shown.then(|| PublicMoney {
            id: e.id,
            kind: e.kind,
            direction: e.direction,
            amount: e.amount,
            state: e.state,
            approved_at: e.decided.as_ref().map(|s| s.at),
            paid_at: e.paid.as_ref().map(|s| s.at),
        })
    }
}

/// The case as its customer sees it through their link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCase {
    /// The case number.
    pub id: CaseId,
    /// Its stage.
    pub status: Status,
    /// The one-line summary.
    pub title: Title,
    /// The product.
    pub product: CustomerProduct,
    /// Warranty when opened.
    pub warranty: Warranty,
    /// The booked visit.
    pub dispatch: Option<VisitWindow>,
    /// Times on site.
    pub visits: Vec<PublicVisit>,
    /// Waiting on the customer, and why.
    pub hold: Option<Hold>,
    /// Shipments to and from the customer.
    pub goods: Vec<Shipment>,
    /// Money approved or paid.
    pub money: Vec<PublicMoney>,
    /// Charges offered to them, to accept or decline.
    #[serde(default)]
    pub quotes: Vec<PublicQuote>,
    /// Their survey answer.
    pub survey: Option<Survey>,
    /// Opened.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
}

impl PublicCase {
    /// The customer's view of `case`.
    pub fn of(case: &Case) -> PublicCase {
        PublicCase {
            id: case.id,
            status: case.status,
            title: case.title.clone(),
            product: CustomerProduct {
                model: case.product.model.clone(),
                serial: case.product.serial.clone(),
            },
            warranty: case.warranty,
            dispatch: case.dispatch.as_ref().map(|d| VisitWindow {
                from: d.from,
                to: d.to,
            }),
            visits: case
                .visits
                .iter()
                .map(|v| PublicVisit {
                    checked_in: v.checked_in,
                    checked_out: v.checked_out,
                })
                .collect(),
            hold: case.hold.clone(),
            goods: case.goods.iter().filter_map(Shipment::of).collect(),
            money: case.money.iter().filter_map(PublicMoney::of).collect(),
            quotes: case.quotes.iter().map(PublicQuote::of).collect(),
            survey: case.survey.clone(),
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }

    /// The kind of case.
    pub fn kind(&self) -> CaseKind {
        self.status.kind()
    }
}

/// How to reach the customer (for those who work with them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Name or company name.
    pub name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Site address.
    pub address: Option<String>,
    /// The language they read.
    pub language: Language,
}

impl Contact {
    fn of(case: &Case) -> Contact {
        let c = &case.customer;
        Contact {
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            address: c.address.clone(),
            language: c.language,
        }
    }
}

/// The case as the sales rep who keeps its customer sees it: the
/// customer's view, their contact, the priority and the owner to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepCase {
    /// What the customer sees.
    pub public: PublicCase,
    /// The customer.
    pub customer: Contact,
    /// How urgent.
    pub priority: Priority,
    /// Who owns it.
    pub owner: UserId,
}

impl RepCase {
    /// The sales rep's view of `case`.
    pub fn of(case: &Case) -> RepCase {
        RepCase {
            public: PublicCase::of(case),
            customer: Contact::of(case),
            priority: case.priority,
            owner: case.owner.clone(),
        }
    }
}

/// What happens next for the customer, as their page tells it: the next
/// milestone of the case's journey, the earliest promise still open, and
/// the booked visit if one is coming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextStep {
    /// The next milestone.
    pub stage: Status,
    /// The earliest open deadline, if a clock runs.
    pub by: Option<Timestamp>,
    /// The booked visit, if the technician has not arrived yet.
    pub visit: Option<VisitWindow>,
}

impl NextStep {
    /// The next step of `case` given its clocks (`None` once it is closed).
    pub fn of(case: &PublicCase, sla: &[SlaClockView]) -> Option<NextStep> {
        if case.status.is_terminal() {
            return None;
        }
        let journey = case.status.journey();
        let at = journey.iter().position(|s| *s == case.status)?;
        let stage = *journey.get(at + 1)?;
        let by = sla
            .iter()
            .filter(|c| !matches!(c.state, ClockState::Met { .. }))
            .filter_map(|c| c.deadline)
            .min();
        let visit = case.dispatch.filter(|_| case.visits.is_empty());
        Some(NextStep { stage, by, visit })
    }
}

/// The last thing the company told the customer (a notification to them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Told {
    /// What it was about.
    pub topic: Topic,
    /// When it was sent (`None`: still being sent).
    pub sent_at: Option<Timestamp>,
}

/// One of a sales rep's customers' cases on her home page: the stage,
/// what the customer was last told and what happens next (as their page
/// says it), and what waits on the customer (a hold, an open quote) or on
/// the company and her (the customer's unanswered message). Built from
/// the case, never from the full case on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepRow {
    /// The case number.
    pub id: CaseId,
    /// Its stage.
    pub status: Status,
    /// The one-line summary.
    pub title: Title,
    /// The customer's name.
    pub customer: String,
    /// The product model.
    pub model: String,
    /// How urgent.
    pub priority: Priority,
    /// Last changed.
    pub updated_at: Timestamp,
    /// The last notification to the customer.
    pub last_told: Option<Told>,
    /// What happens next, as the customer's page says it.
    pub next: Option<NextStep>,
    /// Waiting on the customer, and why.
    pub hold: Option<Hold>,
    /// A quote waiting on the customer's answer.
    pub quote: Option<PublicQuote>,
    /// Since when the customer waits for an answer.
    pub customer_waiting_since: Option<Timestamp>,
}

impl RepRow {
    /// The rep's row of `case` at `now`.
    pub fn of(case: &Case, now: Timestamp, policy: &SlaPolicy) -> RepRow {
        let public = PublicCase::of(case);
        let sla = clocks(case, now, policy);
        RepRow {
            id: case.id,
            status: case.status,
            title: case.title.clone(),
            customer: case.customer.name.clone(),
            model: case.product.model.clone(),
            priority: case.priority,
            updated_at: case.updated_at,
            last_told: case
                .outbox
                .iter()
                .rfind(|n| n.to == Recipient::Customer)
                .map(|n| Told {
                    topic: n.topic,
                    sent_at: n.sent_at,
                }),
            next: NextStep::of(&public, &sla),
            hold: case.hold.clone(),
            quote: case.open_quote().map(PublicQuote::of),
            customer_waiting_since: case.customer_waiting_since,
        }
    }
}

/// The product as a technician needs it on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechProduct {
    /// Model.
    pub model: String,
    /// Serial number.
    pub serial: Option<String>,
    /// Production batch.
    pub batch: Option<String>,
    /// Purchase date.
    pub purchase_date: Option<Date>,
    /// Whether the date is the company's record or the customer's word.
    pub basis: PurchaseBasis,
}

/// The case as a technician working it sees it: the job, the customer to
/// reach, the site, goods, visits, diagnosis and files. No customer link,
/// no money, no outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechCase {
    /// The case number.
    pub id: CaseId,
    /// Its stage.
    pub status: Status,
    /// The one-line summary.
    pub title: Title,
    /// The customer's own words.
    pub description: String,
    /// How urgent.
    pub priority: Priority,
    /// The customer and the site.
    pub customer: Contact,
    /// The product.
    pub product: TechProduct,
    /// Warranty when opened.
    pub warranty: Warranty,
    /// Who owns it.
    pub owner: UserId,
    /// The booked visit.
    pub dispatch: Option<Dispatch>,
    /// Times on site.
    pub visits: Vec<Visit>,
    /// Waiting on the customer, and why.
    pub hold: Option<Hold>,
    /// The goods flow.
    pub goods: Vec<Movement>,
    /// Root cause and resolution.
    pub diagnosis: Option<Diagnosis>,
    /// Photos and signatures.
    pub attachments: Vec<Attachment>,
    /// Opened.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// How many events it folds.
    pub version: u32,
}

impl TechCase {
    /// The technician's view of `case`.
    pub fn of(case: &Case) -> TechCase {
        TechCase {
            id: case.id,
            status: case.status,
            title: case.title.clone(),
            description: case.description.clone(),
            priority: case.priority,
            customer: Contact::of(case),
            product: TechProduct {
                model: case.product.model.clone(),
                serial: case.product.serial.clone(),
                batch: case.product.batch.clone(),
                purchase_date: case.product.purchase_date,
                basis: case.product.basis,
            },
            warranty: case.warranty,
            owner: case.owner.clone(),
            dispatch: case.dispatch.clone(),
            visits: case.visits.clone(),
            hold: case.hold.clone(),
            goods: case.goods.clone(),
            diagnosis: case.diagnosis.clone(),
            attachments: case.attachments.clone(),
            created_at: case.created_at,
            updated_at: case.updated_at,
            version: case.version,
        }
    }

    /// The kind of case.
    pub fn kind(&self) -> CaseKind {
        self.status.kind()
    }
}

/// What a customer or sales rep reads on a timeline: a message or a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PublicEntry {
    /// A public message.
    Message {
        /// Its text.
        text: String,
    },
    /// A photo the customer sent.
    Photo {
        /// The attachment's number (`…/attachments/{n}`).
        attachment: u32,
        /// Its file name.
        name: String,
    },
}

/// One entry of the public timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicEvent {
    /// Its place in the case's log.
    pub seq: u32,
    /// When.
    pub at: Timestamp,
    /// Whether the customer wrote it (else: the company).
    pub from_customer: bool,
    /// What it says.
    pub entry: PublicEntry,
}

impl PublicEvent {
    /// The event as the public timeline shows it, if it shows it at all.
    pub fn of(e: &Event) -> Option<PublicEvent> {
        let entry = match &e.change {
            Change::NoteAdded { text, visibility } => match visibility {
                Visibility::Public => PublicEntry::Message { text: text.clone() },
                Visibility::Internal => return None,
            },
            Change::Attached(a) => match (a.public, a.kind) {
                (true, AttachmentKind::Photo) => PublicEntry::Photo {
                    attachment: a.id,
                    name: a.name.clone(),
                },
                _ => return None,
            },
            Change::Opened { .. }
            | Change::Moved { .. }
            | Change::OwnerAssigned { .. }
            | Change::Dispatched(_)
            | Change::Held { .. }
            | Change::Resumed
            | Change::MovementRecorded(_)
            | Change::MovementAdvanced { .. }
            | Change::MoneyRequested(_)
            | Change::MoneyApproved { .. }
            | Change::MoneyRejected { .. }
            | Change::MoneyPaid { .. }
            | Change::Diagnosed(_)
            | Change::PriorityChanged { .. }
            | Change::CheckedIn { .. }
            | Change::CheckedOut { .. }
            | Change::NotificationsSent { .. }
            | Change::PurchaseConfirmed { .. }
            | Change::Quoted(_)
            | Change::QuoteAnswered { .. }
            | Change::SurveyAnswered { .. } => return None,
        };
        Some(PublicEvent {
            seq: e.seq,
            at: e.at,
            from_customer: e.role == Role::Customer,
            entry,
        })
    }
}

impl Event {
    /// The event as a technician's timeline shows it: everything about the
    /// work, but not the opening (it carries the customer's link), money,
    /// nor the company's messaging.
    pub fn for_technician(&self) -> Option<Event> {
        let shown = match &self.change {
            // The opening carries the link token; money and a confirmed
            // purchase are the back office's (a technician's view has none).
            Change::Opened { .. }
            | Change::NotificationsSent { .. }
            | Change::PurchaseConfirmed { .. }
            | Change::MoneyRequested(_)
            | Change::MoneyApproved { .. }
            | Change::MoneyRejected { .. }
            | Change::MoneyPaid { .. }
            | Change::Quoted(_)
            | Change::QuoteAnswered { .. } => false,
            Change::Moved { .. }
            | Change::NoteAdded { .. }
            | Change::OwnerAssigned { .. }
            | Change::Dispatched(_)
            | Change::Held { .. }
            | Change::Resumed
            | Change::MovementRecorded(_)
            | Change::MovementAdvanced { .. }
            | Change::Diagnosed(_)
            | Change::PriorityChanged { .. }
            | Change::Attached(_)
            | Change::CheckedIn { .. }
            | Change::CheckedOut { .. }
            | Change::SurveyAnswered { .. } => true,
        };
        shown.then(|| self.clone())
    }
}

/// SLA clocks of `case` as read at `now`.
pub fn clocks(case: &Case, now: Timestamp, policy: &SlaPolicy) -> Vec<SlaClockView> {
    case.clocks(policy)
        .into_iter()
        .map(|clock| SlaClockView {
            metric: clock.metric,
            deadline: clock.deadline(policy),
            state: clock.state_at(now, policy),
        })
        .collect()
}

/// Declares a reader's case with its SLA clocks, `$view { case: $case, sla }`,
/// built by `$view::of(case, now, policy)`.
macro_rules! case_with_clocks {
    ($(#[$doc:meta])* $view:ident, $case:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $view {
            /// The case.
            #[serde(flatten)]
            pub case: $case,
            /// SLA clocks at the time of reading.
            pub sla: Vec<SlaClockView>,
        }

        impl $view {
            /// This reader's view of `case` at `now`.
            pub fn of(case: &Case, now: Timestamp, policy: &SlaPolicy) -> $view {
                $view {
                    case: $case::of(case),
                    sla: clocks(case, now, policy),
                }
            }
        }
    };
}

case_with_clocks!(
    /// A customer's case with its SLA clocks.
    PublicCaseView,
    PublicCase
);
case_with_clocks!(
    /// A sales rep's case with its SLA clocks (`GET /cases/{id}` as a sales rep).
    RepCaseView,
    RepCase
);
case_with_clocks!(
    /// A technician's case with its SLA clocks (`GET /cases/{id}` as a technician).
    TechCaseView,
    TechCase
);
