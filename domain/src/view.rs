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
use crate::sla::{Metric, Priority, SlaPolicy};
use crate::time::{Date, Timestamp, DAY_MS, MINUTE_MS};
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
            // The system reads nothing through a view ([`crate::access::allowed`]
            // refuses it); the least it could be shown is the customer's.
            Role::Customer | Role::System => Audience::Customer,
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
    /// The movement as a shipment, if it travels to or from the customer:
    /// parts a technician brings and uses on site are not shipments, nor is
    /// a part used up on site whichever way it was recorded.
    pub fn of(m: &Movement) -> Option<Shipment> {
        if m.state == MovementState::Consumed {
            return None;
        }
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
    /// The case's hold (work paused), and why.
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
    /// The language they wrote in (their link opens in it).
    pub language: Language,
    /// Opened.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// The case's version (a count of its changes): the page sends it
    /// back as `?version=` to read the case no older than this.
    #[serde(default)]
    pub version: u32,
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
            language: case.customer.language,
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

/// A moment as people read it on a wall clock where the company works: a
/// local date and the minute of that day (0 to 1439).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalTime {
    /// The local date.
    pub date: Date,
    /// Minutes after local midnight.
    pub minute: u16,
}

impl LocalTime {
    /// `at` on the wall clock of a zone `offset_minutes` east of UTC.
    pub fn at(at: Timestamp, offset_minutes: i32) -> LocalTime {
        let local = at
            .millis()
            .saturating_add(i64::from(offset_minutes) * MINUTE_MS);
        LocalTime {
            date: at.date_at_offset(offset_minutes),
            minute: (local.rem_euclid(DAY_MS) / MINUTE_MS) as u16,
        }
    }

    /// The hour (0 to 23).
    pub fn hour(self) -> u16 {
        self.minute / 60
    }

    /// The time of day on a 24-hour clock, as both languages write it: `09:00`.
    pub fn clock(self) -> String {
        format!("{:02}:{:02}", self.minute / 60, self.minute % 60)
    }

    /// The day for people: `Thu 3 Dec`, `12月3日（周四）`.
    pub fn day(self, lang: Language) -> String {
        const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const ZH_DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
        const EN_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (_, month, day) = self.date.ymd();
        let weekday = self.date.weekday() as usize % 7;
        match lang {
            Language::En => format!(
                "{} {day} {}",
                EN_DAYS[weekday],
                EN_MONTHS[(month as usize + 11) % 12]
            ),
            Language::ZhCn => format!("{month}月{day}日（周{}）", ZH_DAYS[weekday]),
        }
    }
}

impl LocalWindow {
    /// The window for people: `Thu 3 Dec between 09:00 and 12:00`,
    /// `12月3日（周四）09:00–12:00`; both days when it spans two.
    pub fn text(&self, lang: Language) -> String {
        let (from, to) = (self.from, self.to);
        match (lang, from.date == to.date) {
            (Language::En, true) => format!(
                "{} between {} and {}",
                from.day(lang),
                from.clock(),
                to.clock()
            ),
            (Language::En, false) => format!(
                "between {} {} and {} {}",
                from.day(lang),
                from.clock(),
                to.day(lang),
                to.clock()
            ),
            (Language::ZhCn, true) => format!("{}{}–{}", from.day(lang), from.clock(), to.clock()),
            (Language::ZhCn, false) => format!(
                "{}{} 至 {}{}",
                from.day(lang),
                from.clock(),
                to.day(lang),
                to.clock()
            ),
        }
    }
}

/// A booked visit's arrival window on the local wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalWindow {
    /// The earliest arrival.
    pub from: LocalTime,
    /// The latest arrival.
    pub to: LocalTime,
    /// The zone, in minutes east of UTC (480: China).
    pub utc_offset_minutes: i32,
}

/// What the customer will experience next, in their terms: never a stage
/// name nor an internal deadline, only a promise the company makes to
/// them (when a person answers, when a technician comes) or what they
/// wait for. Built by [`next_step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum NextStep {
    /// A person answers by this time (the first answer still owed).
    Answer {
        /// At the latest.
        by: LocalTime,
    },
    /// The first answer is owed and late: as soon as we can, no time.
    AnswerSoon,
    /// A technician visits within this window.
    Visit {
        /// The window.
        window: LocalWindow,
    },
    /// A technician is on site now.
    TechnicianOnSite,
    /// The work is paused for the case's hold, whose reason says on what
    /// (the customer's photos, a spare part): never assumed to be them.
    Paused,
    /// The work waits on their answer to a quote.
    AnswerQuote {
        /// What the quote asks.
        amount: Money,
    },
    /// We review the request and tell them what comes next.
    Review,
    /// We plan the repair and tell them when a technician comes or where
    /// to send the unit.
    Plan,
    /// They send the unit to us.
    SendUnit,
    /// Their unit is on its way to us.
    UnitOnItsWay,
    /// We repair the unit and tell them when it is done.
    Repair,
    /// We inspect the unit that came back.
    Inspect,
    /// The exchange or the refund is prepared.
    Settle,
    /// The approved money is paid soon.
    Payment,
    /// The work is done: tell us if anything is still wrong.
    CheckResult,
    /// The case is closed: rate the service.
    Rate,
    /// Nothing more to do.
    Done,
}

/// What happens next for the customer of `case` at `now`: their answer to
/// an open quote, the booked visit, the first answer owed (by its deadline under `policy`, the one
/// promise of the SLA made to the customer), what the case waits on, or
/// the next thing the stage means for them.
pub fn next_step(case: &Case, now: Timestamp, policy: &SlaPolicy) -> NextStep {
    use crate::case::{RefundStage as F, RepairStage as P, ReturnStage as T};
    let status = case.status;
    if status.is_cancelled() {
        return NextStep::Done;
    }
    if status.is_terminal() {
        return if case.survey.is_none() {
            NextStep::Rate
        } else {
            NextStep::Done
        };
    }
    if let Some(q) = case.open_quote() {
        return NextStep::AnswerQuote { amount: q.amount };
    }
    if case.hold.is_some() {
        return NextStep::Paused;
    }
    if !status.is_resolution() {
        if case.visits.last().is_some_and(|v| v.checked_out.is_none()) {
            return NextStep::TechnicianOnSite;
        }
        // The booked visit until a technician checks in for it (an early
        // arrival the day before still counts as this visit).
        if let Some(d) = &case.dispatch {
            let earliest = d.from.plus_millis(-DAY_MS);
            if !case.visits.iter().any(|v| v.checked_in >= earliest) {
                let offset = policy.business.utc_offset_minutes;
                return NextStep::Visit {
                    window: LocalWindow {
                        from: LocalTime::at(d.from, offset),
                        to: LocalTime::at(d.to, offset),
                        utc_offset_minutes: offset,
                    },
                };
            }
        }
        if case.first_response_at.is_none() {
            let due = case
                .clocks(policy)
                .into_iter()
                .find(|c| c.metric == Metric::FirstResponse)
                .and_then(|c| c.deadline(policy));
            return match due {
                Some(by) if by > now => NextStep::Answer {
                    by: LocalTime::at(by, policy.business.utc_offset_minutes),
                },
                _ => NextStep::AnswerSoon,
            };
        }
    }
    let awaited = case
        .goods
        .iter()
        .find(|m| m.is_outstanding())
        .map(|m| m.state);
    let unit = || match awaited {
        Some(MovementState::Shipped) => NextStep::UnitOnItsWay,
        _ => NextStep::SendUnit,
    };
    match status {
        Status::Repair(P::New) | Status::Return(T::Requested) | Status::Refund(F::Requested) => {
            NextStep::Review
        }
        Status::Repair(P::Triaged | P::Scheduled) => NextStep::Plan,
        Status::Repair(P::AwaitingUnit) => unit(),
        Status::Repair(P::InRepair) => NextStep::Repair,
        Status::Return(T::Authorised) => unit(),
        Status::Return(T::InTransit) => NextStep::UnitOnItsWay,
        Status::Return(T::Received) => NextStep::Inspect,
        Status::Return(T::Inspected) => NextStep::Settle,
        Status::Refund(F::Approved) => NextStep::Payment,
        Status::Repair(P::Resolved)
        | Status::Return(T::Exchanged | T::Refunded | T::Rejected)
        | Status::Refund(F::Paid | F::Rejected) => NextStep::CheckResult,
        Status::Repair(P::Closed | P::Cancelled)
        | Status::Return(T::Closed | T::Cancelled)
        | Status::Refund(F::Closed) => NextStep::Done,
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

/// The last thing the company told the customer (a notification to them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Told {
    /// What it was about.
    pub topic: Topic,
    /// When it was sent (`None`: still being sent, or not delivered).
    pub sent_at: Option<Timestamp>,
    /// When delivery was given up (`None`: sent or still being sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gave_up_at: Option<Timestamp>,
}

impl Told {
    /// Where the message's delivery stands.
    pub fn delivery(&self) -> crate::flow::notify::Delivery {
        crate::flow::notify::Delivery::of(self.sent_at, self.gave_up_at)
    }
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
    pub next: NextStep,
    /// The case's hold (work paused), and why.
    pub hold: Option<Hold>,
    /// A quote waiting on the customer's answer.
    pub quote: Option<PublicQuote>,
    /// Since when the customer waits for an answer.
    pub customer_waiting_since: Option<Timestamp>,
}

impl RepRow {
    /// The rep's row of `case` at `now`.
    pub fn of(case: &Case, now: Timestamp, policy: &SlaPolicy) -> RepRow {
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
                    gave_up_at: n.gave_up_at,
                }),
            next: next_step(case, now, policy),
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

/// A goods movement as a technician handles it: what, which way, where it
/// stands and how it travels. No cost (parts' prices are the back office's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechMovement {
    /// Its number within the case (1, 2, …).
    pub id: u32,
    /// What moves.
    pub kind: MovementKind,
    /// From where to where.
    pub direction: Direction,
    /// Item description or part number.
    pub item: String,
    /// The unit's serial, if it has one.
    pub serial: Option<String>,
    /// How many.
    pub quantity: u32,
    /// The carrier.
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    pub tracking: Option<String>,
    /// Where it stands.
    pub state: MovementState,
    /// Each state reached, in order, with when.
    pub history: Vec<(MovementState, Timestamp)>,
}

impl TechMovement {
    /// The technician's view of `m`.
    pub fn of(m: &Movement) -> TechMovement {
        TechMovement {
            id: m.id,
            kind: m.kind,
            direction: m.direction,
            item: m.item.clone(),
            serial: m.serial.clone(),
            quantity: m.quantity,
            carrier: m.carrier.clone(),
            tracking: m.tracking.clone(),
            state: m.state,
            history: m.history.clone(),
        }
    }
}

/// The case as a technician working it sees it: the job, the customer to
/// reach, the site, goods, visits, diagnosis and files. No customer link,
/// no owner, no money (nor parts' costs), no outbox, no SLA clock.
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
    /// The booked visit.
    pub dispatch: Option<Dispatch>,
    /// Times on site.
    pub visits: Vec<Visit>,
    /// The case's hold (work paused), and why.
    pub hold: Option<Hold>,
    /// The goods flow.
    pub goods: Vec<TechMovement>,
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
            dispatch: case.dispatch.clone(),
            visits: case.visits.clone(),
            hold: case.hold.clone(),
            goods: case.goods.iter().map(TechMovement::of).collect(),
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
    /// When (as its sender recorded it, for a message sent later from a phone).
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
            | Change::NotificationsGaveUp { .. }
            | Change::PurchaseConfirmed { .. }
            | Change::Quoted(_)
            | Change::QuoteAnswered { .. }
            | Change::SurveyAnswered { .. } => return None,
        };
        Some(PublicEvent {
            seq: e.seq,
            at: e.happened_at(),
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
            | Change::NotificationsGaveUp { .. }
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

/// A customer's case with what happens next for them. No SLA clock: the
/// company's internal deadlines are not promises to the customer (the
/// first answer's deadline reaches them as [`NextStep::Answer`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCaseView {
    /// The case.
    #[serde(flatten)]
    pub case: PublicCase,
    /// What happens next for the customer.
    pub next: NextStep,
}

impl PublicCaseView {
    /// The customer's view of `case` at `now`.
    pub fn of(case: &Case, now: Timestamp, policy: &SlaPolicy) -> PublicCaseView {
        PublicCaseView {
            case: PublicCase::of(case),
            next: next_step(case, now, policy),
        }
    }
}
case_with_clocks!(
    /// A sales rep's case with its SLA clocks (`GET /cases/{id}` as a sales rep).
    RepCaseView,
    RepCase
);

/// A technician's case (`GET /cases/{id}` and `GET /jobs` as a technician)
/// with by when they must be on site; no SLA clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechCaseView {
    /// The case.
    #[serde(flatten)]
    pub case: TechCase,
    /// By when a technician must be on site (the on-site promise's
    /// deadline), while nobody has been yet.
    pub on_site_by: Option<Timestamp>,
    /// From when that deadline is at risk (the SLA policy's rule, as
    /// every other clock counts it), so the phone marks it without a rule
    /// of its own.
    pub on_site_at_risk_from: Option<Timestamp>,
}

impl TechCaseView {
    /// The technician's view of `case` (`_now`: read time, as for the other readers).
    pub fn of(case: &Case, _now: Timestamp, policy: &SlaPolicy) -> TechCaseView {
        let on_site = case
            .clocks(policy)
            .into_iter()
            .find(|c| c.metric == Metric::OnSite && c.met_at.is_none());
        TechCaseView {
            case: TechCase::of(case),
            on_site_by: on_site.as_ref().and_then(|c| c.deadline(policy)),
            on_site_at_risk_from: on_site.as_ref().and_then(|c| c.at_risk_from(policy)),
        }
    }
}
