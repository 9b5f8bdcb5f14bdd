//! The after-sales case: intake, lifecycle, the three flows, and the
//! commands-in / events-out engine. [`decide`] checks who may act and hands
//! each command to its rules (the lifecycle's here, each flow's in
//! `crate::flow`), returning the changes it makes; a [`Stamp`] turns them
//! into numbered events; [`Case::apply`] folds one event in and cannot
//! fail; [`Case::replay`] rebuilds a case from its log.

mod command;
mod decide;
pub(crate) mod error;
mod event;
pub(crate) mod intake;
mod kind;
pub(crate) mod lifecycle;
mod purchase;
mod status;

pub use command::Command;
pub use decide::{
    check_recorded_at, decide, decide_recorded, open, readable, Policy, CLOCK_SKEW_MS,
};
pub use error::CaseError;
pub use event::{Change, Event, Stamp, EVENT_VERSION};
pub use intake::{
    check_purchase, Channel, Customer, Language, NewCase, Product, PurchaseBasis, Title, Warranty,
    DEFAULT_WARRANTY_MONTHS, EARLIEST_PURCHASE_YEAR, MAX_DESCRIPTION_CHARS, MAX_WARRANTY_MONTHS,
    PURCHASE_SLACK_DAYS,
};
pub use kind::CaseKind;
pub use status::{RefundStage, RepairStage, ReturnStage, Status};

use serde::{Deserialize, Serialize};

use crate::flow::goods::Movement;
use crate::flow::info::{Attachment, Diagnosis, Dispatch, Hold, Survey, Visibility, Visit};
use crate::flow::money::{EntryState, MoneyEntry};
use crate::flow::notify::{self, Notification};
use crate::flow::quote::Quote;
use crate::ids::{CaseId, UserId};
use crate::money::Currency;
use crate::sla::{Clock, Metric, Pause, Priority, RegionClass, SlaPolicy};
use crate::time::Timestamp;

/// An after-sales case as stored and served: the fold of its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    /// Its public number.
    pub id: CaseId,
    /// Where it stands in its kind's lifecycle (the kind is part of it).
    pub status: Status,
    /// The one-line summary.
    pub title: Title,
    /// Where it came from.
    pub channel: Channel,
    /// The customer.
    pub customer: Customer,
    /// The product.
    pub product: Product,
    /// Warranty when opened.
    pub warranty: Warranty,
    /// The customer's own words.
    pub description: String,
    /// How urgent.
    pub priority: Priority,
    /// Region class, for on-site targets.
    pub region: RegionClass,
    /// The one owner.
    pub owner: UserId,
    /// The booked technician visit, if any.
    pub dispatch: Option<Dispatch>,
    /// Technicians' times on site, oldest first.
    #[serde(default)]
    pub visits: Vec<Visit>,
    /// Since when the customer's last message or photo waits for an answer
    /// (a public message from the company answers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_waiting_since: Option<Timestamp>,
    /// Waiting on the customer, if so.
    pub hold: Option<Hold>,
    /// Every hold so far (SLA clocks pause during them).
    pub pauses: Vec<Pause>,
    /// The goods flow.
    pub goods: Vec<Movement>,
    /// The money flow.
    pub money: Vec<MoneyEntry>,
    /// Charges offered to the customer, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Root cause and resolution.
    pub diagnosis: Option<Diagnosis>,
    /// The follow-up answer.
    pub survey: Option<Survey>,
    /// Photos and signatures.
    pub attachments: Vec<Attachment>,
    /// Messages to the customer and sales rep, pending until sent.
    pub outbox: Vec<Notification>,
    /// The unguessable token of the customer's link.
    pub public_token: String,
    /// When it was opened.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// The first reply or step of the company's the customer sees after
    /// opening (first-response SLA); internal notes and steps do not count.
    pub first_response_at: Option<Timestamp>,
    /// When a technician first started work on site (on-site SLA).
    pub on_site_at: Option<Timestamp>,
    /// When it was last resolved (resolution SLA; recurrence).
    pub resolved_at: Option<Timestamp>,
    /// How often a resolved or closed repair went back into repair (first-time fix).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reopens: u32,
    /// How many technician visits began: moves from scheduled to in repair (first-time fix).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub site_visits: u32,
    /// How many events it folds (its version).
    pub version: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Case {
    /// The kind of case.
    pub fn kind(&self) -> CaseKind {
        self.status.kind()
    }

    /// Whether repairs are free: the warranty covers the day the case was
    /// opened, by purchase facts from the company's records (a customer's
    /// own statement decides nothing until staff confirm it).
    pub fn in_warranty(&self) -> bool {
        self.warranty.covers() && self.product.basis.is_records()
    }

    /// Whether the customer may be charged for the work (a quote, a repair
    /// charge): a repair the warranty does not cover. Returns and refunds
    /// are never charged.
    pub fn charge_applies(&self) -> bool {
        self.kind() == CaseKind::Repair && !self.in_warranty()
    }

    /// The currency of every amount on the case: the price paid's, else
    /// that of the first amount recorded on it (a part's cost, a money
    /// entry), else that of the price the customer stated; `None` while the
    /// case carries no amount at all (the company's currency applies).
    pub fn currency(&self) -> Option<Currency> {
        self.product
            .price_paid
            .map(|m| m.currency())
            .or_else(|| self.recorded_amounts().next().map(|m| m.currency()))
            .or_else(|| self.product.stated_price.map(|m| m.currency()))
    }

    /// Whether any amount is recorded on the case (a price paid, a cost, a money entry).
    pub fn carries_money(&self) -> bool {
        self.product.price_paid.is_some() || self.recorded_amounts().next().is_some()
    }

    fn recorded_amounts(&self) -> impl Iterator<Item = crate::money::Money> + '_ {
        self.goods
            .iter()
            .filter_map(|m| m.cost)
            .chain(self.money.iter().map(|e| e.amount))
    }

    /// A case from its `Opened` event; `None` for any other event.
    pub fn from_opened(event: &Event) -> Option<Case> {
        let mut case = Case::opened(event)?;
        case.outbox = notify::for_event(&case, event.seq, &event.change);
        Some(case)
    }

    fn opened(event: &Event) -> Option<Case> {
        let Change::Opened {
            id,
            case,
            owner,
            warranty,
            public_token,
        } = &event.change
        else {
            return None;
        };
        Some(Case {
            id: *id,
            status: Status::initial(case.kind),
            title: case.title.clone(),
            channel: case.channel,
            customer: case.customer.clone(),
            product: case.product.clone(),
            warranty: *warranty,
            description: case.description.clone(),
            priority: case.priority,
            region: case.region,
            owner: owner.clone(),
            dispatch: None,
            visits: Vec::new(),
            customer_waiting_since: None,
            hold: None,
            pauses: Vec::new(),
            goods: Vec::new(),
            money: Vec::new(),
            quotes: Vec::new(),
            diagnosis: None,
            survey: None,
            attachments: Vec::new(),
            outbox: Vec::new(),
            public_token: public_token.clone(),
            created_at: event.at,
            updated_at: event.at,
            first_response_at: None,
            on_site_at: None,
            resolved_at: None,
            reopens: 0,
            site_visits: 0,
            version: 1,
        })
    }

    /// Rebuilds a case from its whole log (first event `Opened`).
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Case> {
        let mut events = events.into_iter();
        let mut case = Case::from_opened(events.next()?)?;
        for e in events {
            case.apply(e);
        }
        Some(case)
    }

    /// Stamps `changes` as this case's next events ([`Stamp::events`]) and
    /// folds them in; returns the events to append to its log.
    pub fn record(
        &mut self,
        stamp: &Stamp,
        changes: impl IntoIterator<Item = Change>,
    ) -> Vec<Event> {
        let events = stamp.events(self.version, changes);
        for event in &events {
            self.apply(event);
        }
        events
    }

    /// Folds one event in. Cannot fail: `decide` checked the rules before the
    /// event existed; an event that refers to something missing changes nothing.
    pub fn apply(&mut self, event: &Event) {
        self.fold(event);
        let mut added = notify::for_event(self, event.seq, &event.change);
        self.outbox.append(&mut added);
    }

    fn fold(&mut self, event: &Event) {
        self.version += 1;
        self.updated_at = event.at;
        let staff_acted = !matches!(
            event.role,
            crate::access::Role::Customer | crate::access::Role::SalesRep
        );
        // Only what the customer sees answers them: an internal note or
        // another internal step is work on the case, not a response.
        if staff_acted
            && self.first_response_at.is_none()
            && event.change.visibility() == Visibility::Public
            && !matches!(
                event.change,
                Change::Opened { .. } | Change::NotificationsSent { .. }
            )
        {
            self.first_response_at = Some(event.at);
        }
        match &event.change {
            Change::Opened { .. } => {}
            Change::Moved { to, .. } => {
                let from = self.status;
                if *to == Status::Repair(RepairStage::InRepair) {
                    match from {
                        Status::Repair(RepairStage::Resolved | RepairStage::Closed) => {
                            self.reopens += 1
                        }
                        Status::Repair(RepairStage::Scheduled) => self.site_visits += 1,
                        _ => {}
                    }
                }
                self.status = *to;
                if *to == Status::Repair(RepairStage::InRepair)
                    && self.dispatch.is_some()
                    && self.on_site_at.is_none()
                {
                    self.on_site_at = Some(event.at);
                }
                if to.is_resolution() {
                    self.resolved_at = Some(event.at);
                }
                if to.is_terminal() {
                    self.close_hold(event.at);
                }
            }
            Change::NoteAdded { visibility, .. } => {
                if *visibility == Visibility::Public {
                    self.mark_reply(event);
                }
            }
            Change::OwnerAssigned { owner } => self.owner = owner.clone(),
            Change::PurchaseConfirmed {
                purchase_date,
                price_paid,
                warranty_months,
                warranty,
            } => {
                self.product.purchase_date = *purchase_date;
                self.product.price_paid = *price_paid;
                self.product.warranty_months = *warranty_months;
                self.product.basis = PurchaseBasis::Records;
                self.warranty = *warranty;
            }
            Change::Dispatched(d) => self.dispatch = Some(d.clone()),
            Change::Held { reason } => {
                self.hold = Some(Hold {
                    reason: reason.clone(),
                    since: event.at,
                });
                self.pauses.push(Pause {
                    from: event.at,
                    to: None,
                });
            }
            Change::Resumed => self.close_hold(event.at),
            Change::MovementRecorded(m) => self.goods.push(m.clone()),
            Change::MovementAdvanced {
                movement,
                to,
                carrier,
                tracking,
            } => {
                if let Some(m) = self.goods.iter_mut().find(|m| m.id == *movement) {
                    m.state = *to;
                    m.history.push((*to, event.at));
                    if carrier.is_some() {
                        m.carrier.clone_from(carrier);
                    }
                    if tracking.is_some() {
                        m.tracking.clone_from(tracking);
                    }
                }
            }
            Change::MoneyRequested(entry) => self.money.push(entry.clone()),
            Change::MoneyApproved { entry } => {
                self.decide_entry(*entry, event, EntryState::Approved, None)
            }
            Change::MoneyRejected { entry, reason } => {
                self.decide_entry(*entry, event, EntryState::Rejected, Some(reason.clone()))
            }
            Change::MoneyPaid { entry, reference } => {
                if let Some(e) = self.money.iter_mut().find(|e| e.id == *entry) {
                    e.state = EntryState::Paid;
                    e.paid = Some(crate::flow::money::Step {
                        by: event.by.clone(),
                        at: event.at,
                    });
                    e.reference = Some(reference.clone());
                }
            }
            Change::Diagnosed(d) => self.diagnosis = Some(d.clone()),
            Change::PriorityChanged { priority } => self.priority = *priority,
            Change::Attached(a) => {
                if a.public {
                    self.mark_reply(event);
                }
                self.attachments.push(a.clone());
            }
            Change::CheckedIn { at, location } => {
                self.on_site_at.get_or_insert(*at);
                self.visits.push(Visit {
                    technician: event.by.clone(),
                    checked_in: *at,
                    in_location: *location,
                    checked_out: None,
                    out_location: None,
                });
            }
            Change::CheckedOut { at, location } => {
                if let Some(v) = self.visits.last_mut() {
                    v.checked_out = Some(*at);
                    v.out_location = *location;
                }
            }
            Change::NotificationsSent { ids } => {
                for n in self.outbox.iter_mut().filter(|n| ids.contains(&n.id)) {
                    n.sent_at.get_or_insert(event.at);
                }
            }
            Change::NotificationsGaveUp { ids, .. } => {
                for n in self.outbox.iter_mut().filter(|n| ids.contains(&n.id)) {
                    if n.sent_at.is_none() {
                        n.gave_up_at.get_or_insert(event.at);
                    }
                }
            }
            Change::Quoted(q) => self.quotes.push(q.clone()),
            Change::QuoteAnswered { quote, decision } => {
                if let Some(q) = self.quotes.iter_mut().find(|q| q.id == *quote) {
                    if let Some(next) = q.state.answer(*decision, event.at) {
                        q.state = next;
                    }
                }
            }
            Change::SurveyAnswered { score, comment } => {
                self.survey = Some(Survey {
                    score: *score,
                    comment: comment.clone(),
                    at: event.at,
                })
            }
        }
    }

    /// A customer's public entry waits for an answer; the company's public
    /// message answers it.
    fn mark_reply(&mut self, event: &Event) {
        if event.role == crate::access::Role::Customer {
            self.customer_waiting_since.get_or_insert(event.at);
        } else {
            self.customer_waiting_since = None;
        }
    }

    /// The quote that waits on the customer's answer, if one does.
    pub fn open_quote(&self) -> Option<&Quote> {
        self.quotes.iter().find(|q| q.state.is_open())
    }

    fn close_hold(&mut self, at: Timestamp) {
        self.hold = None;
        if let Some(p) = self.pauses.last_mut().filter(|p| p.to.is_none()) {
            p.to = Some(at);
        }
    }

    fn decide_entry(&mut self, id: u32, event: &Event, state: EntryState, reason: Option<String>) {
        if let Some(e) = self.money.iter_mut().find(|e| e.id == id) {
            e.state = state;
            e.decided = Some(crate::flow::money::Step {
                by: event.by.clone(),
                at: event.at,
            });
            e.rejection = reason;
        }
    }

    /// The SLA clocks that apply to this case under `policy` (none once cancelled).
    pub fn clocks(&self, policy: &SlaPolicy) -> Vec<Clock> {
        if self.status.is_cancelled() {
            return Vec::new();
        }
        let resolved = self.status.is_resolution() || self.status.is_terminal();
        [
            (Metric::FirstResponse, self.first_response_at),
            (Metric::OnSite, self.on_site_at),
            (
                Metric::Resolution,
                if resolved { self.resolved_at } else { None },
            ),
        ]
        .into_iter()
        .filter_map(|(metric, met_at)| {
            let target = policy.target_for(metric, self.kind(), self.priority, self.region)?;
            let mut clock = Clock::for_target(target, self.created_at);
            clock.pauses.clone_from(&self.pauses);
            clock.met_at = met_at;
            Some(clock)
        })
        .collect()
    }
}
