//! Commands: what a user asks to do to a case. They arrive typed (enums,
//! money and ids already parsed); `decide` checks every rule before any
//! event is produced.

use serde::{Deserialize, Serialize};

use super::Status;
use crate::flow::goods::{Direction, MovementKind, MovementState};
use crate::flow::info::{AttachmentKind, GeoPoint, RootCause, Visibility};
use crate::flow::money::{EntryKind, MoneyDirection};
use crate::flow::quote::Decision;
use crate::money::Money;
use crate::sla::Priority;
use crate::time::{Date, Timestamp};
use crate::UserId;

/// A request to change a case. Wire form: `{"type": "move", "to": {"repair": "triaged"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Move to another stage of the lifecycle.
    Move {
        /// The stage to move to.
        to: Status,
        /// Why, shown on the timeline.
        #[serde(default)]
        note: Option<String>,
    },
    /// Add an internal note or a public message.
    AddNote {
        /// The text.
        text: String,
        /// Who may see it.
        visibility: Visibility,
    },
    /// Make someone the one owner.
    Assign {
        /// The new owner.
        owner: UserId,
    },
    /// Book a technician for a time window.
    Dispatch {
        /// Who goes.
        technician: UserId,
        /// Window start.
        from: Timestamp,
        /// Window end.
        to: Timestamp,
    },
    /// Record the purchase as the company's records show it (the invoice
    /// checked): the price paid, which caps payouts, the purchase date and
    /// the warranty period. Absent fields keep what the case holds; what a
    /// customer stated on the public form becomes the record only this way.
    ConfirmPurchase {
        /// The purchase date.
        #[serde(default)]
        purchase_date: Option<Date>,
        /// What the customer paid.
        #[serde(default)]
        price_paid: Option<Money>,
        /// The warranty period in months (0 to 240).
        #[serde(default)]
        warranty_months: Option<u16>,
    },
    /// Wait on the customer (pauses SLA clocks).
    Hold {
        /// Why (the customer sees it).
        reason: String,
    },
    /// Stop waiting on the customer.
    Resume,
    /// Record a goods movement (starts authorised).
    RecordMovement {
        /// What moves.
        kind: MovementKind,
        /// From where to where.
        direction: Direction,
        /// Item or part number.
        item: String,
        /// Serial number.
        #[serde(default)]
        serial: Option<String>,
        /// How many (1 if absent).
        #[serde(default)]
        quantity: Option<u32>,
        /// Carrier.
        #[serde(default)]
        carrier: Option<String>,
        /// Tracking number.
        #[serde(default)]
        tracking: Option<String>,
        /// Order reference.
        #[serde(default)]
        order_ref: Option<String>,
        /// Cost of spare parts.
        #[serde(default)]
        cost: Option<Money>,
    },
    /// Advance a movement (shipped, received, inspected, consumed).
    AdvanceMovement {
        /// The movement's number.
        movement: u32,
        /// Its new state.
        to: MovementState,
        /// Carrier, when shipping.
        #[serde(default)]
        carrier: Option<String>,
        /// Tracking number, when shipping.
        #[serde(default)]
        tracking: Option<String>,
    },
    /// Ask for a money entry.
    RequestMoney {
        /// What for.
        kind: EntryKind,
        /// Which way (required for price differences; fixed for the others).
        #[serde(default)]
        direction: Option<MoneyDirection>,
        /// How much (positive).
        amount: Money,
        /// Why.
        reason: String,
    },
    /// Approve a requested entry.
    ApproveMoney {
        /// The entry's number.
        entry: u32,
    },
    /// Reject a requested entry.
    RejectMoney {
        /// The entry's number.
        entry: u32,
        /// Why.
        reason: String,
    },
    /// Record that an approved entry was paid.
    PayMoney {
        /// The entry's number.
        entry: u32,
        /// Bank, invoice or voucher reference.
        reference: String,
    },
    /// Record the diagnosis and resolution.
    Diagnose {
        /// The class of cause.
        root_cause: RootCause,
        /// The failing part.
        #[serde(default)]
        failed_part: Option<String>,
        /// What was done.
        resolution: String,
    },
    /// Change the priority.
    SetPriority {
        /// The new priority.
        priority: Priority,
    },
    /// Record a file whose bytes the worker already stored under `blob`.
    Attach {
        /// Photo or signature.
        kind: AttachmentKind,
        /// File name.
        name: String,
        /// Content type.
        content_type: String,
        /// Size in bytes.
        size: u32,
        /// Where the bytes are.
        blob: String,
        /// The goods movement it shows, if it shows one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        movement: Option<crate::MovementNo>,
    },
    /// The dispatched technician arrives on site.
    CheckIn {
        /// When, by the phone's clock (it may be sent later, from an outbox).
        at: Timestamp,
        /// Where, if the phone shared it.
        #[serde(default)]
        location: Option<GeoPoint>,
    },
    /// The technician leaves the site.
    CheckOut {
        /// When, by the phone's clock.
        at: Timestamp,
        /// Where, if the phone shared it.
        #[serde(default)]
        location: Option<GeoPoint>,
    },
    /// A spare part used on site: a movement from stock, already consumed.
    UsePart {
        /// Part number or name.
        item: String,
        /// The part's serial number.
        #[serde(default)]
        serial: Option<String>,
        /// How many (1 if absent).
        #[serde(default)]
        quantity: Option<u32>,
    },
    /// Offer the customer a charge for out-of-warranty repair work: a
    /// quote they accept or decline on their link before the work goes on.
    Quote {
        /// How much (positive, in the case's currency).
        amount: Money,
        /// The work it pays for, in words the customer reads.
        work: String,
    },
    /// The customer's answer to an open quote, with the amount they saw.
    AnswerQuote {
        /// The quote's number.
        quote: u32,
        /// Accept or decline.
        decision: Decision,
        /// The amount the customer answers (must be the quote's).
        amount: Money,
    },
    /// The customer's satisfaction answer after closing.
    AnswerSurvey {
        /// 1 to 5.
        score: u8,
        /// Their words.
        #[serde(default)]
        comment: String,
    },
}
