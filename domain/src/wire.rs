//! The JSON shapes of the HTTP API, shared by the worker (which answers with
//! them) and the app (which sends and reads them). Requests hold plain strings:
//! they are parsed into domain types at the edge, never trusted as they come.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::case::Language;
use crate::flow::money::Balance;
use crate::ids::{CaseId, EventId, UserId};
use crate::money::Money;
use crate::sla::{ClockState, Metric, Priority};
use crate::time::Timestamp;
use crate::validation::{FieldError, ValidationError};
use crate::view::{PublicCaseView, PublicEvent, RepCaseView, TechCaseView};
use crate::{Case, CaseKind, Command, Event, Status};

/// The path every API route starts with.
pub const API_PREFIX: &str = "/api/v1";

/// Body of `POST /api/v1/cases`. Missing fields read as empty, so they are
/// reported as field errors rather than as unreadable JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CreateCaseRequest {
    /// `repair`, `return` or `refund`.
    pub kind: String,
    /// The one-line summary.
    pub title: String,
    /// `sales_rep`, `hotline`, `email`, `web_form` or `technician`.
    pub channel: String,
    /// The customer's own words.
    pub description: String,
    /// `low`, `normal` (default), `high` or `urgent`.
    pub priority: String,
    /// `provincial_capital` or `other` (default).
    pub region: String,
    /// Who the customer is.
    pub customer: CustomerInput,
    /// What product it is about.
    pub product: ProductInput,
}

/// The customer part of an intake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CustomerInput {
    /// Name or company name (required).
    pub name: String,
    /// Phone (this or email required).
    pub phone: String,
    /// Email (this or phone required).
    pub email: String,
    /// Site address, where a technician goes (up to 200 characters).
    pub address: String,
    /// `zh-CN` (default) or `en`.
    pub language: String,
    /// The sales rep's user name, if one keeps the customer.
    pub sales_rep: String,
}

/// The product part of an intake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProductInput {
    /// Model (required).
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// Production batch.
    pub batch: String,
    /// `YYYY-MM-DD`.
    pub purchase_date: String,
    /// Order or invoice reference.
    pub order_ref: String,
    /// What the customer paid (required for returns and refunds).
    pub price_paid: Option<MoneyInput>,
    /// Warranty in months (default 24).
    pub warranty_months: Option<u32>,
}

/// Body of `POST /api/v1/public/requests`: a customer's new request, with
/// only what a customer can know. Internal fields (priority, region, sales
/// rep, batch, warranty period, price paid, a refund) are not part of it:
/// an unknown field is refused (400, naming it). Parsed by
/// [`crate::NewCase::parse_public`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PublicRequest {
    /// `repair` or `return`.
    pub kind: String,
    /// The one-line summary.
    pub title: String,
    /// What is wrong, in the customer's words (required).
    pub description: String,
    /// Who the customer is.
    pub customer: PublicCustomer,
    /// What product it is about.
    pub product: PublicProduct,
}

/// The customer part of a public request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PublicCustomer {
    /// Name or company name (required).
    pub name: String,
    /// Phone (this or email required).
    pub phone: String,
    /// Email (this or phone required).
    pub email: String,
    /// Site address, where a technician goes.
    pub address: String,
    /// `zh-CN` (default) or `en`.
    pub language: String,
}

/// The product part of a public request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PublicProduct {
    /// Model (required).
    pub model: String,
    /// Serial number.
    pub serial: String,
    /// `YYYY-MM-DD`, as the customer remembers it (not after today).
    pub purchase_date: String,
    /// Order or invoice reference.
    pub order_ref: String,
    /// What the customer says they paid: recorded as their statement,
    /// never as the price paid.
    pub stated_price: Option<MoneyInput>,
}

/// Money as sent by a client, parsed into [`crate::money::Money`] at the edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MoneyInput {
    /// Minor units (fen, cents).
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A case in a list: what a queue row shows. Kept small (it rides in KV
/// key metadata, at most 1024 bytes), so long texts are shortened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    /// The case number.
    pub id: CaseId,
    /// Its stage (and kind).
    pub status: Status,
    /// Title, shortened to 60 characters.
    pub title: String,
    /// Customer name, shortened to 40 characters.
    pub customer: String,
    /// Priority.
    pub priority: Priority,
    /// The owner.
    pub owner: UserId,
    /// Whether it waits on the customer.
    pub on_hold: bool,
    /// Opened.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
    /// What an outstanding or approvals row is about: a goods movement or a
    /// money entry (the app renders it in the reader's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<RowItem>,
    /// The amount of a money queue row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// Since when a queue row waits (outstanding unit, pending approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
    /// The next SLA deadline of an open case with a running clock, with the
    /// instant it turns at risk, so the state is read at any instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<DueClock>,
}

/// What a queue row is about when the queue lists parts of cases: data,
/// never words, so each language renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RowItem {
    /// A goods movement (an outstanding unit).
    Movement {
        /// Its number within the case.
        id: u32,
        /// Defective unit, spare part, …
        kind: crate::flow::goods::MovementKind,
        /// What moves, shortened to 40 characters.
        item: String,
    },
    /// A money entry awaiting approval: what it is for and who is paid (the
    /// customer when it goes to them; the company when they pay).
    Entry {
        /// Its number within the case.
        id: u32,
        /// Refund, credit note, price difference, repair charge.
        kind: crate::flow::money::EntryKind,
        /// Which way the money goes.
        direction: crate::flow::money::MoneyDirection,
    },
}

/// A queue row's next SLA deadline and the instant it turns at risk, fixed
/// when the row is written (the working-time calendar is applied then), so
/// a list tells its state at any instant without the case: [`DueClock::state_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueClock {
    /// Which promise.
    pub metric: Metric,
    /// When it runs out.
    pub due: Timestamp,
    /// From when it is at risk (the policy's share of the target left).
    pub at_risk_from: Timestamp,
}

/// Where a queue row's clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// More than the at-risk share left.
    OnTrack,
    /// At most the at-risk share left.
    AtRisk,
    /// Past the deadline.
    Breached,
}

impl DueClock {
    /// The earliest running (unmet, unpaused) clock of an open case.
    pub fn next(case: &Case, policy: &crate::sla::SlaPolicy) -> Option<DueClock> {
        if case.status.is_terminal() {
            return None;
        }
        case.clocks(policy)
            .iter()
            .filter(|c| c.met_at.is_none())
            .filter_map(|c| {
                Some(DueClock {
                    metric: c.metric,
                    due: c.deadline(policy)?,
                    at_risk_from: c.at_risk_from(policy)?,
                })
            })
            .min_by_key(|d| d.due)
    }

    /// The state at `now`.
    pub fn state_at(&self, now: Timestamp) -> DueState {
        if now > self.due {
            DueState::Breached
        } else if now >= self.at_risk_from {
            DueState::AtRisk
        } else {
            DueState::OnTrack
        }
    }
}

pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

impl CaseSummary {
    /// The summary of a case.
    pub fn of(case: &Case) -> CaseSummary {
        CaseSummary {
            id: case.id,
            status: case.status,
            title: shorten(case.title.as_ref(), 60),
            customer: shorten(&case.customer.name, 40),
            priority: case.priority,
            owner: case.owner.clone(),
            on_hold: case.hold.is_some(),
            created_at: case.created_at,
            updated_at: case.updated_at,
            item: None,
            amount: None,
            since: None,
            sla: None,
        }
    }

    /// The kind of case.
    pub fn kind(&self) -> CaseKind {
        self.status.kind()
    }
}

/// One page of a case list or queue, in the queue's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePage {
    /// The rows on this page.
    pub items: Vec<CaseSummary>,
    /// Pass as `?cursor=` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One page of a sales rep's customers' cases (`GET /api/v1/queues/rep/{user}`),
/// each as her allow-list row, with the frequent problems of their products.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepPage {
    /// The rows on this page, newest case first.
    pub items: Vec<crate::view::RepRow>,
    /// Pass as `?cursor=` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// The most frequent requests about these cases' models over the last
    /// year (first page only).
    #[serde(default)]
    pub briefing: Vec<crate::report::RequestRow>,
}

/// A customer's answer to a quote through their link
/// (`POST /api/v1/track/{token}/quotes/{n}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteAnswer {
    /// The client's id for this write.
    pub event_id: EventId,
    /// `accept` or `decline`.
    pub decision: crate::flow::quote::Decision,
    /// The amount the customer saw (must be the quote's).
    pub amount: Money,
}

/// Body of `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `"ok"` when the worker and its KV binding answer.
    pub status: String,
    /// The worker's version.
    pub version: String,
}

/// Every error the API answers with: a stable code, a readable message and
/// the fields at fault (empty when the fault is not tied to a field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`.
    pub error: String,
    /// A readable sentence.
    pub message: String,
    /// The fields at fault.
    #[serde(default)]
    pub fields: Vec<FieldError>,
    /// A refusal of the permission function: the role, action and case it
    /// names, for a sentence in the reader's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<crate::access::Refusal>,
}

impl ErrorBody {
    /// An error not tied to any field.
    pub fn new(error: &str, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: error.to_owned(),
            message: message.into(),
            fields: Vec::new(),
            refusal: None,
        }
    }
}

impl From<ValidationError> for ErrorBody {
    fn from(e: ValidationError) -> ErrorBody {
        ErrorBody {
            error: "validation_failed".to_owned(),
            message: "Some fields are invalid; see `fields`.".to_owned(),
            fields: e.fields,
            refusal: None,
        }
    }
}

/// Body of `POST /api/v1/cases/{id}/commands`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommandRequest {
    /// The client's id for this write: sending it again applies it once.
    pub event_id: EventId,
    /// What to do.
    pub command: Command,
    /// When the sender recorded it by their clock (ms since the epoch), if
    /// it is sent later than it was made (a phone's outbox): kept on its
    /// events and shown on the timeline; not before the case was opened
    /// and not ahead of the server's clock by more than 5 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Timestamp>,
}

/// Answer to a command: the case after it, and the events it appended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandResult {
    /// The case now.
    pub case: CaseView,
    /// The events this command appended (the earlier ones on a replay),
    /// then the delivery of its notifications if recorded right after:
    /// with them a timeline read before reaches `case.version`.
    pub events: Vec<Event>,
    /// `false` when this `event_id` had been applied before (a replay).
    pub applied: bool,
}

/// A case with what is computed from it for the reader: balance and SLA clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    /// The case (for customers: its public view).
    #[serde(flatten)]
    pub case: Case,
    /// The money flow summed up (absent without a price paid).
    pub balance: Option<Balance>,
    /// SLA clocks at the time of reading.
    pub sla: Vec<SlaClockView>,
}

/// One SLA clock of a case as read now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaClockView {
    /// What it measures.
    pub metric: Metric,
    /// When it is due (absent while paused).
    pub deadline: Option<Timestamp>,
    /// Its state now.
    pub state: ClockState,
}

/// The timeline of a case: its events as the reader may see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    /// Events in order.
    pub events: Vec<Event>,
}

/// Body of `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct LoginRequest {
    /// User name.
    pub user: String,
    /// Password.
    pub password: String,
}

/// A signed-in user as the app sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// Login name.
    pub name: UserId,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Preferred language.
    pub language: Language,
}

/// Answer to a successful login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// Until when it is valid.
    pub expires_at: Timestamp,
    /// Who signed in.
    pub user: UserInfo,
}

/// Body of `POST /api/v1/track/lookup`: find a case without an account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TrackLookup {
    /// The case number, e.g. `AL-1001`.
    pub case: String,
    /// The phone number or email address on the case.
    pub contact: String,
}

/// Answer to a lookup: the case's public link token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackToken {
    /// Use with `GET /api/v1/track/{token}`.
    pub token: String,
}

/// A customer's message or survey answer through their link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerWrite {
    /// The client's id for this write.
    pub event_id: EventId,
    /// The message (for messages) or comment (for surveys).
    #[serde(default)]
    pub text: String,
    /// 1-5, for surveys only.
    #[serde(default)]
    pub score: Option<u8>,
}

impl CaseView {
    /// The staff view of a case at `now`: balance and SLA clocks computed.
    pub fn of(case: Case, now: Timestamp, policy: &crate::sla::SlaPolicy) -> CaseView {
        let balance = crate::flow::money::balance(case.product.price_paid, &case.money);
        let sla = crate::view::clocks(&case, now, policy);
        CaseView { case, balance, sla }
    }
}

/// What a customer's link shows: the customer's view of the case and the
/// public timeline (messages and photos).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackView {
    /// The case as its customer sees it.
    pub case: PublicCaseView,
    /// Public messages and photos, in order.
    pub events: Vec<PublicEvent>,
}

/// Answer to a technician's command: their view of the case after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechCommandResult {
    /// The case now, as a technician sees it.
    pub case: TechCaseView,
    /// The events this command appended (the earlier ones on a replay).
    pub events: Vec<Event>,
    /// `false` when this `event_id` had been applied before (a replay).
    pub applied: bool,
}

/// What a technician's phone keeps to work with no signal
/// (`GET /api/v1/jobs`): every open job dispatched to them, in one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobsBundle {
    /// Their jobs not yet closed or cancelled, by visit day and window.
    pub jobs: Vec<OfflineJob>,
}

/// One job as a technician's phone keeps it: the case in their view, its
/// timeline as they may see it, and the serial's earlier cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineJob {
    /// The case, as a technician sees it.
    pub case: TechCaseView,
    /// Its timeline as a technician may see it (`Event::for_technician`).
    pub events: Vec<Event>,
    /// The other cases of its serial number, newest first.
    pub earlier: Vec<CaseSummary>,
}

/// Answer to a sales rep's command: their view of the case after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepCommandResult {
    /// The case now, as a sales rep sees it.
    pub case: RepCaseView,
    /// The public entries this command appended.
    pub events: Vec<PublicEvent>,
    /// `false` when this `event_id` had been applied before (a replay).
    pub applied: bool,
}

/// The timeline as a sales rep reads it: messages and photos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicTimeline {
    /// Public messages and photos, in order.
    pub events: Vec<PublicEvent>,
}

/// Answer to a public new request: the case number, the customer's link
/// token and what happens next for them (the confirmation says it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRequestReceipt {
    /// The case number to quote.
    pub id: CaseId,
    /// The token of the customer's link (`/track/{token}`).
    pub token: String,
    /// What happens next (as the case's link says).
    pub next: crate::view::NextStep,
}

/// Entries per queue (`GET /api/v1/queues/counts`): `open`, `sla`,
/// `approvals`, `outstanding`, `recent`, `mine`, `owner/{user}`,
/// `stage/{kind}/{stage}`, `tech/{user}/{day}`. Kept as cases are written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueCounts {
    /// Queue → number of entries.
    pub counts: BTreeMap<String, u64>,
}

/// A user as a manager sees them (`GET /api/v1/admin/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUser {
    /// Login name.
    pub name: UserId,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Preferred language.
    pub language: Language,
    /// Whether signing in is refused.
    pub disabled: bool,
}

/// Every user, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// The users.
    pub users: Vec<AdminUser>,
}

/// `GET /api/v1/users`: the active (not disabled) users, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDirectory {
    /// The users.
    pub users: Vec<UserInfo>,
}

/// `POST /api/v1/admin/users`: a new user (raw; parsed by `users::NewUser::parse`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    /// Login name: 2-32 of `a-z 0-9 . _ -`.
    pub name: String,
    /// Display name, 1-80 characters.
    pub display_name: String,
    /// `technician`, `staff`, `manager` or `sales_rep`.
    pub role: String,
    /// `zh-CN` (default) or `en`.
    #[serde(default)]
    pub language: String,
    /// 10-128 characters.
    pub password: String,
}

/// `POST /api/v1/admin/users/{name}`: what to change (absent: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserChange {
    /// New display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// New role.
    #[serde(default)]
    pub role: Option<String>,
    /// New language.
    #[serde(default)]
    pub language: Option<String>,
    /// Refuse (true) or allow again (false) signing in.
    #[serde(default)]
    pub disabled: Option<bool>,
    /// New password.
    #[serde(default)]
    pub password: Option<String>,
}

/// `GET /api/v1/admin/policy`: the rules in force: SLA targets and business
/// calendar, approval limits, who owns new public requests, and the
/// root-cause taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyView {
    /// Service-level targets and the business calendar.
    pub sla: crate::sla::SlaPolicy,
    /// Approval limits.
    pub approval: crate::flow::money::ApprovalPolicy,
    /// Who owns a case that arrives without one.
    pub intake_owner: UserId,
    /// The root causes a diagnosis chooses from.
    pub root_causes: Vec<crate::flow::info::RootCause>,
}

/// Body of `GET /api/v1/public/challenge`: a single-use proof-of-work
/// challenge for the public request form (see [`crate::challenge`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// Send back as `X-Challenge`.
    pub challenge: String,
    /// Zero bits the SHA-256 of `"{challenge}:{nonce}"` must start with;
    /// send the nonce as `X-Challenge-Nonce`.
    pub difficulty: u32,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

/// How far back `POST /api/v1/setup/history` may write: five years (a
/// seeded year is replayed by every later seeding, for years).
pub const PAST_WRITE_MAX_DAYS: i64 = 5 * 366;

/// The most commands one `POST /api/v1/setup/history` carries.
pub const PAST_COMMANDS_MAX: usize = 64;

/// Body of `POST /api/v1/setup/history`: part of one case's past in the
/// demo company, sent by the seeding manager: its intake (or the case) and
/// commands in order, each by a demo user at a past time, through the same
/// case object and rules as every write (written through once, at the end).
/// Only a worker with demo setup enabled (local `wrangler dev`) answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PastWrites {
    /// The case: opened here (once per key), or one that exists.
    pub case: PastCase,
    /// Its commands, oldest first (at most [`PAST_COMMANDS_MAX`]).
    #[serde(default)]
    pub commands: Vec<PastCommand>,
}

/// The case a [`PastWrites`] writes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum PastCase {
    /// Open it as `POST /cases` does; the same key opens it once.
    Open {
        /// The demo user who opens it.
        actor: UserId,
        /// When: not in the future, at most [`PAST_WRITE_MAX_DAYS`] ago.
        at: Timestamp,
        /// As `Idempotency-Key`.
        idempotency_key: String,
        /// The intake.
        case: Box<CreateCaseRequest>,
    },
    /// A case that exists.
    Existing {
        /// Its number.
        id: CaseId,
    },
}

/// The most cases one `POST /api/v1/setup/history/batch` carries.
pub const PAST_BATCH_MAX: usize = 64;

/// Body of `POST /api/v1/setup/history/batch`: the pasts of several cases
/// in one request, each as [`PastWrites`]. The cases to open are opened in
/// the order given (so their numbers follow it), then each case's commands
/// are written, the cases at once. Demo setup only, as `/setup/history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PastBatch {
    /// The cases' pasts (at most [`PAST_BATCH_MAX`]).
    pub cases: Vec<PastWrites>,
}

/// Answer of `POST /api/v1/setup/history/batch`: one entry per case, in
/// the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PastBatchResult {
    /// What each case's past added.
    pub cases: Vec<PastCaseResult>,
}

/// What one case's past added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PastCaseResult {
    /// The case.
    pub id: CaseId,
    /// When it was opened.
    pub created_at: Timestamp,
    /// Whether this request opened it.
    pub opened: bool,
    /// Events this request added (0: all were there already).
    pub events: u32,
}

/// One command of a case's past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PastCommand {
    /// The demo user who sends it (with their role).
    pub actor: UserId,
    /// When: not in the future, at most [`PAST_WRITE_MAX_DAYS`] ago, and
    /// not before the case's last event.
    pub at: Timestamp,
    /// The write's id: sending it again applies it once.
    pub event_id: EventId,
    /// What to do.
    pub command: Command,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::goods::MovementKind;

    /// A queue row rides in KV key metadata, which holds at most 1024
    /// bytes: the largest row, every text at its longest in 4-byte
    /// characters, the item and the clock set, still fits.
    #[test]
    fn the_largest_queue_row_fits_in_kv_metadata() {
        let wide = |n: usize| shorten(&"😀".repeat(200), n);
        let at = Timestamp::from_millis(i64::MAX / 1000);
        let row = CaseSummary {
            id: CaseId::parse("AL-4294967295").unwrap(),
            status: Status::initial(CaseKind::Repair),
            title: wide(60),
            customer: wide(40),
            priority: Priority::Urgent,
            owner: UserId::parse(&"a".repeat(32)).unwrap(),
            on_hold: true,
            created_at: at,
            updated_at: at,
            item: Some(RowItem::Movement {
                id: u32::MAX,
                kind: MovementKind::ReplacementUnit,
                item: wide(40),
            }),
            amount: Some(Money::new(-999_999_999_999, crate::money::Currency::CNY).unwrap()),
            since: Some(at),
            sla: Some(DueClock {
                metric: Metric::FirstResponse,
                due: at,
                at_risk_from: at,
            }),
        };
        let bytes = serde_json::to_string(&row).unwrap().len();
        assert!(bytes <= 1024, "{bytes} bytes");
    }
}
