//! `decide`: every rule of the case engine. Given the case, who acts, the
//! command and the time, it returns the events to append or the reason
//! nothing happens. It never changes the case: a refused command leaves the
//! stored case exactly as it was.

use serde::{Deserialize, Serialize};

use super::{
    Case, CaseKind, Change, Command, NewCase, RefundStage, RepairStage, ReturnStage, Status,
};
use crate::access::{allowed, Action, Actor, Role};
use crate::flow::goods::{Direction, Movement, MovementKind, MovementState};
use crate::flow::info::{check_upload, Attachment, AttachmentKind, Diagnosis, Dispatch, GeoPoint};
use crate::flow::money::{
    customer_paid, payouts_committed, ApprovalPolicy, ApprovalRefusal, EntryKind, EntryState,
    MoneyDirection, MoneyEntry, Step,
};
use crate::flow::quote::{Quote, QuoteState};
use crate::ids::{CaseId, UserId};
use crate::money::{Currency, Money};
use crate::sla::SlaPolicy;
use crate::time::{Timestamp, CHINA_OFFSET_MINUTES, DAY_MS, HOUR_MS, MINUTE_MS};
use crate::validation::{free_text, FieldError, ValidationError};
use crate::Warranty;

/// The company's configurable rules the engine needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Money approval limits.
    pub approval: ApprovalPolicy,
    /// Service-level targets and the business calendar.
    pub sla: SlaPolicy,
    /// Who owns a case that arrives without one (public requests).
    pub intake_owner: UserId,
    /// The currency of a case that carries no amount yet.
    pub currency: Currency,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            approval: ApprovalPolicy::default(),
            sla: SlaPolicy::default_china(),
            intake_owner: UserId::parse("service.desk").expect("constant"),
            currency: Currency::CNY,
        }
    }
}

/// Why a command was refused. Each variant is one way the caller must react.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// The actor may not do this (403).
    #[error("{message}")]
    Forbidden {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
    },
    /// Fields are invalid (422).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The lifecycle does not allow this move (409).
    #[error("cannot move from {from} to {to}")]
    IllegalTransition {
        /// Current stage.
        from: Status,
        /// Asked-for stage.
        to: Status,
        /// Stages allowed from here.
        allowed: Vec<Status>,
    },
    /// The case's state forbids it now (409).
    #[error("{message}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
        /// The field of the request it concerns, if one (`command.amount`).
        field: Option<String>,
    },
    /// The role may not do this to the case at all (403, code `forbidden`),
    /// with what the refusal names.
    #[error("{}", .0.sentence())]
    NotAllowed(crate::access::Refusal),
    /// A movement or money entry that does not exist (404).
    #[error("{message}")]
    NotFound {
        /// Stable code.
        code: &'static str,
        /// Readable sentence.
        message: String,
        /// The field of the request that names it (`command.entry`).
        field: Option<String>,
    },
}

impl CaseError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            CaseError::Forbidden { code, .. }
            | CaseError::Conflict { code, .. }
            | CaseError::NotFound { code, .. } => code,
            CaseError::Invalid(_) => "validation_failed",
            CaseError::NotAllowed(_) => "forbidden",
            CaseError::IllegalTransition { .. } => "illegal_transition",
        }
    }

    /// The same error with every field path under `prefix` (`amount` →
    /// `command.amount`): `decide` names fields within the command, the
    /// request body carries the command under `command`.
    #[must_use]
    pub fn under(self, prefix: &str) -> CaseError {
        let path = |f: &str| format!("{prefix}.{f}");
        match self {
            CaseError::Invalid(mut v) => {
                for f in &mut v.fields {
                    f.field = path(&f.field);
                }
                CaseError::Invalid(v)
            }
            CaseError::Conflict {
                code,
                message,
                field,
            } => CaseError::Conflict {
                code,
                message,
                field: field.as_deref().map(path),
            },
            CaseError::NotFound {
                code,
                message,
                field,
            } => CaseError::NotFound {
                code,
                message,
                field: field.as_deref().map(path),
            },
            other @ (CaseError::Forbidden { .. }
            | CaseError::NotAllowed(_)
            | CaseError::IllegalTransition { .. }) => other,
        }
    }
}

fn conflict(code: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Conflict {
        code,
        message: message.into(),
        field: None,
    }
}

/// A conflict about one field of the command.
fn conflict_at(field: &str, code: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Conflict {
        code,
        message: message.into(),
        field: Some(field.to_owned()),
    }
}

fn forbidden(code: &'static str, message: impl Into<String>) -> CaseError {
    CaseError::Forbidden {
        code,
        message: message.into(),
    }
}

fn invalid(field: &str, code: &str, message: impl Into<String>) -> CaseError {
    CaseError::Invalid(ValidationError {
        fields: vec![FieldError::new(field, code, message)],
    })
}

/// A required free text (see [`free_text`]), refused as a case error.
fn text(field: &str, value: &str, max: usize, multiline: bool) -> Result<String, CaseError> {
    free_text(field, value, true, max, multiline)
        .map(Option::unwrap_or_default)
        .map_err(|e| invalid(&e.field, &e.code, e.message))
}

fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
) -> Result<Option<String>, CaseError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(field, v, max, false).map(Some),
    }
}

/// The `Opened` event of a new case.
pub fn open(
    id: CaseId,
    case: NewCase,
    owner: UserId,
    now: Timestamp,
    public_token: String,
) -> Change {
    let warranty = case.warranty_at(now);
    Change::Opened {
        id,
        case,
        owner,
        warranty,
        public_token,
    }
}

/// May `actor` read `case` at all? Asked before anything about the case is
/// looked up (an earlier write, a stored file), and by [`decide`] first.
pub fn readable(case: &Case, actor: &Actor) -> Result<(), CaseError> {
    if allowed(actor, Action::Read, Some(case)) {
        return Ok(());
    }
    Err(match actor.role {
        Role::Technician => forbidden(
            "not_your_case",
            format!(
                "Case {} is not dispatched to you or owned by you (any more): \
                 it may have been reassigned. Ask the back office.",
                case.id
            ),
        ),
        Role::Staff | Role::Manager | Role::SalesRep | Role::Customer | Role::System => {
            forbidden("forbidden", "Your role may not see this case.")
        }
    })
}

/// Decides what `command` by `actor` at `now` does to `case`: the changes to
/// append (empty when it changes nothing, e.g. assigning the current owner),
/// or why it is refused. Fields at fault are named as in a
/// [`crate::wire::CommandRequest`] (`command.amount.currency`).
pub fn decide(
    case: &Case,
    actor: &Actor,
    command: &Command,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    decide_command(case, actor, command, now, policy).map_err(|e| e.under("command"))
}

/// `decide` for a write its sender recorded at `recorded_at` by their own
/// clock (a phone's outbox may send it hours later): the changes, and the
/// recorded time as its events keep it ([`super::Event::recorded_at`]).
/// The time is checked after the command ([`check_recorded_at`]), and what
/// a change dates by the moment of the work (a diagnosis, a part used or a
/// goods movement recorded) takes it. Rules that depend on the time (a
/// visit window not in the past) still judge by `now`.
pub fn decide_recorded(
    case: &Case,
    actor: &Actor,
    command: &Command,
    now: Timestamp,
    recorded_at: Option<Timestamp>,
    policy: &Policy,
) -> Result<(Vec<Change>, Option<Timestamp>), CaseError> {
    let mut changes = decide(case, actor, command, now, policy)?;
    let Some(at) = recorded_at else {
        return Ok((changes, None));
    };
    let at = check_recorded_at(case, at, now)?;
    for change in &mut changes {
        match change {
            Change::Diagnosed(d) => d.at = at,
            Change::MovementRecorded(m) => {
                for step in &mut m.history {
                    step.1 = at;
                }
            }
            _ => {}
        }
    }
    Ok((changes, Some(at)))
}

/// The time a sender recorded a write at, as it is kept: not before the
/// case was opened (`too_early`), not ahead of `now` by more than a phone's
/// clock skew (`in_future`; within it, `now`). The field is the request
/// body's `recorded_at`.
pub fn check_recorded_at(
    case: &Case,
    at: Timestamp,
    now: Timestamp,
) -> Result<Timestamp, CaseError> {
    if at.millis() > now.millis() + CLOCK_SKEW_MS {
        return Err(invalid(
            "recorded_at",
            "in_future",
            "The time it was recorded is in the future: check the phone's clock.",
        ));
    }
    if at < case.created_at {
        return Err(invalid(
            "recorded_at",
            "too_early",
            "The time it was recorded is before the case was opened: check the phone's clock.",
        ));
    }
    Ok(at.min(now))
}

/// A visit booked this long after its window ended is refused (a
/// dispatch entered a little late still counts).
pub const DISPATCH_LATE_SLACK_MS: i64 = HOUR_MS;
/// How far ahead a visit may be booked.
pub const DISPATCH_AHEAD_MS: i64 = 366 * DAY_MS;

/// Money on a case is in the case's currency ([`Case::currency`], or the
/// company's for a case that carries no amount yet): one rule for every
/// amount a command carries (`field` is its path within the command).
fn in_case_currency(
    case: &Case,
    policy: &Policy,
    field: &str,
    money: Money,
) -> Result<(), CaseError> {
    let currency = case.currency().unwrap_or(policy.currency);
    if money.currency() == currency {
        return Ok(());
    }
    Err(invalid(
        &format!("{field}.currency"),
        "currency_mismatch",
        format!(
            "Amounts on case {} are in {currency}; this one is in {}.",
            case.id,
            money.currency()
        ),
    ))
}

fn decide_command(
    case: &Case,
    actor: &Actor,
    command: &Command,
    now: Timestamp,
    policy: &Policy,
) -> Result<Vec<Change>, CaseError> {
    if !allowed(actor, command.action(), Some(case)) {
        readable(case, actor)?;
        return Err(CaseError::NotAllowed(crate::access::Refusal {
            role: actor.role,
            action: command.action(),
            case: case.id,
        }));
    }
    let closed = case.status.is_terminal();
    let refuse_if_closed = || {
        if closed {
            Err(conflict(
                "case_closed",
                format!("Case {} is {}; reopen it first.", case.id, case.status),
            ))
        } else {
            Ok(())
        }
    };
    match command {
        Command::Move { to, note } => {
            let note = optional_text("note", note, 2000)?;
            decide_move(case, actor, *to, note)
        }
        Command::AddNote {
            text: t,
            visibility,
        } => Ok(vec![Change::NoteAdded {
            text: text("text", t, 4000, true)?,
            visibility: *visibility,
        }]),
        Command::Assign { owner } => {
            if *owner == case.owner {
                return Ok(vec![]);
            }
            Ok(vec![Change::OwnerAssigned {
                owner: owner.clone(),
            }])
        }
        Command::Dispatch {
            technician,
            from,
            to,
        } => {
            refuse_if_closed()?;
            if case.kind() != CaseKind::Repair {
                return Err(invalid(
                    "technician",
                    "repairs_only",
                    "Only repairs are dispatched to a technician.",
                ));
            }
            check_window(*from, *to, now)?;
            let mut changes = vec![Change::Dispatched(Dispatch {
                technician: technician.clone(),
                from: *from,
                to: *to,
            })];
            changes.extend(scheduling_moves(case));
            Ok(changes)
        }
        Command::ConfirmPurchase {
            purchase_date,
            price_paid,
            warranty_months,
        } => {
            refuse_if_closed()?;
            confirm_purchase(
                case,
                policy,
                *purchase_date,
                *price_paid,
                *warranty_months,
                now,
            )
        }
        Command::Hold { reason } => {
            refuse_if_closed()?;
            if case.hold.is_some() {
                return Err(conflict("already_on_hold", "The case is already on hold."));
            }
            Ok(vec![Change::Held {
                reason: text("reason", reason, 500, false)?,
            }])
        }
        Command::Resume => {
            if case.hold.is_none() {
                return Err(conflict("not_on_hold", "The case is not on hold."));
            }
            Ok(vec![Change::Resumed])
        }
        Command::RecordMovement {
            kind,
            direction,
            item,
            serial,
            quantity,
            carrier,
            tracking,
            order_ref,
            cost,
        } => {
            refuse_if_closed()?;
            let mut errors = Vec::new();
            let mut keep = |r: Result<Option<String>, CaseError>| match r {
                Ok(v) => v,
                Err(CaseError::Invalid(v)) => {
                    errors.extend(v.fields);
                    None
                }
                Err(_) => None,
            };
            let item = keep(text("item", item, 120, false).map(Some));
            let serial = keep(optional_text("serial", serial, 64));
            let carrier = keep(optional_text("carrier", carrier, 60));
            let tracking = keep(optional_text("tracking", tracking, 60));
            let order_ref = keep(optional_text("order_ref", order_ref, 64));
            let quantity = quantity.unwrap_or(1);
            if !(1..=10_000).contains(&quantity) {
                errors.push(FieldError::new(
                    "quantity",
                    "out_of_range",
                    "The quantity must be 1 to 10000.",
                ));
            }
            if let Some(c) = cost {
                if *kind != MovementKind::SparePart {
                    errors.push(FieldError::new(
                        "cost",
                        "spare_parts_only",
                        "Only spare parts carry a cost.",
                    ));
                } else if !c.is_positive() {
                    errors.push(FieldError::new(
                        "cost.minor",
                        "not_positive",
                        "A cost must be above zero.",
                    ));
                } else if let Err(CaseError::Invalid(v)) =
                    in_case_currency(case, policy, "cost", *c)
                {
                    errors.extend(v.fields);
                }
            }
            let direction_ok = match kind {
                MovementKind::DefectiveUnit => *direction == Direction::CustomerToCompany,
                MovementKind::ReplacementUnit | MovementKind::RepairedUnit => {
                    *direction == Direction::CompanyToCustomer
                }
                MovementKind::SparePart => *direction != Direction::CustomerToCompany,
            };
            if !direction_ok {
                errors.push(FieldError::new(
                    "direction",
                    "wrong_direction",
                    format!("A {kind:?} cannot move {direction:?}.").to_lowercase(),
                ));
            }
            if !errors.is_empty() {
                return Err(CaseError::Invalid(ValidationError { fields: errors }));
            }
            Ok(vec![Change::MovementRecorded(Movement {
                id: case.goods.len() as u32 + 1,
                kind: *kind,
                direction: *direction,
                item: item.unwrap_or_default(),
                serial,
                quantity,
                carrier,
                tracking,
                order_ref,
                cost: *cost,
                state: MovementState::Authorised,
                history: vec![(MovementState::Authorised, now)],
            })])
        }
        Command::AdvanceMovement {
            movement,
            to,
            carrier,
            tracking,
        } => {
            let m = case
                .goods
                .iter()
                .find(|m| m.id == *movement)
                .ok_or_else(|| CaseError::NotFound {
                    code: "movement_not_found",
                    message: format!("Case {} has no movement {movement}.", case.id),
                    field: Some("movement".to_owned()),
                })?;
            if m.state == *to {
                return Ok(vec![]);
            }
            let next = m.state.next(m.kind);
            if !next.contains(to) {
                return Err(conflict_at(
                    "to",
                    "illegal_movement",
                    format!(
                        "Movement {movement} is {:?}; it can go to: {:?}.",
                        m.state, next
                    )
                    .to_lowercase(),
                ));
            }
            Ok(vec![Change::MovementAdvanced {
                movement: *movement,
                to: *to,
                carrier: optional_text("carrier", carrier, 60)?,
                tracking: optional_text("tracking", tracking, 60)?,
            }])
        }
        Command::RequestMoney {
            kind,
            direction,
            amount,
            reason,
        } => {
            refuse_if_closed()?;
            let reason = text("reason", reason, 500, false)?;
            if !amount.is_positive() {
                return Err(invalid(
                    "amount.minor",
                    "not_positive",
                    "The amount must be above zero.",
                ));
            }
            let direction = match (kind.fixed_direction(), direction) {
                (Some(fixed), None) => fixed,
                (Some(fixed), Some(d)) if fixed == *d => fixed,
                (Some(_), Some(_)) => {
                    return Err(invalid(
                        "direction",
                        "wrong_direction",
                        "This kind of entry has a fixed direction.",
                    ))
                }
                (None, Some(d)) => *d,
                (None, None) => {
                    return Err(invalid(
                        "direction",
                        "required",
                        "Say which way a price difference goes: to_customer or from_customer.",
                    ))
                }
            };
            if *kind == EntryKind::RepairCharge && !case.charge_applies() {
                if case.kind() != CaseKind::Repair {
                    return Err(invalid("kind", "repairs_only", "Only repairs are charged."));
                }
                return Err(conflict_at(
                    "kind",
                    "charge_under_warranty",
                    "The product is under warranty: repairs are free.",
                ));
            }
            in_case_currency(case, policy, "amount", *amount)?;
            let price = case.product.price_paid.ok_or_else(|| {
                conflict_at(
                    "amount",
                    "no_price_paid",
                    if case.product.stated_price.is_some() {
                        "The price is only the customer's statement: record what the customer \
                         paid (confirm the purchase) before any money entry."
                    } else {
                        "Record what the customer paid (confirm the purchase) before any money entry."
                    },
                )
            })?;
            if direction == MoneyDirection::ToCustomer {
                check_payout_cap(case, price, amount.minor())?;
            }
            Ok(vec![Change::MoneyRequested(MoneyEntry {
                id: case.money.len() as u32 + 1,
                kind: *kind,
                direction,
                amount: *amount,
                reason,
                state: EntryState::Requested,
                requested: Step {
                    by: actor.user.clone(),
                    at: now,
                },
                decided: None,
                rejection: None,
                paid: None,
                reference: None,
            })])
        }
        Command::ApproveMoney { entry } => {
            let e = find_entry(case, *entry)?;
            require_requested(e)?;
            match policy.approval.refusal(actor, e) {
                Some(ApprovalRefusal::OwnRequest) => {
                    return Err(forbidden(
                        "self_approval",
                        "You asked for this entry; someone else must approve it.",
                    ))
                }
                Some(ApprovalRefusal::AboveLimit { limit }) => {
                    let limit = limit.map_or_else(|| "none".to_owned(), |l| l.to_string());
                    return Err(forbidden(
                        "manager_required",
                        format!(
                            "{} is above the staff limit ({limit}); a manager must approve it.",
                            e.amount
                        ),
                    ));
                }
                None => {}
            }
            Ok(vec![Change::MoneyApproved { entry: *entry }])
        }
        Command::RejectMoney { entry, reason } => {
            let e = find_entry(case, *entry)?;
            require_requested(e)?;
            Ok(vec![Change::MoneyRejected {
                entry: *entry,
                reason: text("reason", reason, 500, false)?,
            }])
        }
        Command::PayMoney { entry, reference } => {
            let e = find_entry(case, *entry)?;
            match e.state {
                EntryState::Approved => {}
                EntryState::Paid => {
                    return Err(conflict_at(
                        "entry",
                        "already_paid",
                        format!("Entry {entry} was already paid; it is never paid twice."),
                    ))
                }
                EntryState::Requested => {
                    return Err(conflict_at(
                        "entry",
                        "not_approved",
                        format!("Entry {entry} is not approved yet."),
                    ))
                }
                EntryState::Rejected => {
                    return Err(conflict_at(
                        "entry",
                        "rejected",
                        format!("Entry {entry} was rejected."),
                    ))
                }
            }
            Ok(vec![Change::MoneyPaid {
                entry: *entry,
                reference: text("reference", reference, 120, false)?,
            }])
        }
        Command::Diagnose {
            root_cause,
            failed_part,
            resolution,
        } => Ok(vec![Change::Diagnosed(Diagnosis {
            root_cause: *root_cause,
            failed_part: optional_text("failed_part", failed_part, 120)?,
            resolution: text("resolution", resolution, 2000, true)?,
            by: actor.user.clone(),
            at: now,
        })]),
        Command::SetPriority { priority } => {
            if *priority == case.priority {
                return Ok(vec![]);
            }
            Ok(vec![Change::PriorityChanged {
                priority: *priority,
            }])
        }
        Command::Attach {
            kind,
            name,
            content_type,
            size,
            blob,
            movement,
        } => {
            let name = check_upload(*kind, name, content_type, *size as usize)?;
            let public = actor.role == Role::Customer;
            if public && *kind != AttachmentKind::Photo {
                return Err(invalid(
                    "kind",
                    "photos_only",
                    "A customer sends photos only.",
                ));
            }
            if let Some(n) = movement {
                if public || !case.goods.iter().any(|m| m.id == n.get()) {
                    return Err(CaseError::NotFound {
                        code: "movement_not_found",
                        message: format!("Case {} has no goods movement {n}.", case.id),
                        field: Some("movement".into()),
                    });
                }
            }
            Ok(vec![Change::Attached(Attachment {
                id: case.attachments.len() as u32 + 1,
                kind: *kind,
                name,
                content_type: content_type.clone(),
                size: *size,
                blob: blob.clone(),
                public,
                movement: *movement,
            })])
        }
        Command::CheckIn { at, location } => {
            refuse_if_closed()?;
            let dispatch = case.dispatch.as_ref().ok_or_else(|| {
                conflict(
                    "not_dispatched",
                    format!("Case {} has no technician visit booked.", case.id),
                )
            })?;
            if dispatch.technician != actor.user {
                return Err(forbidden(
                    "not_your_visit",
                    format!(
                        "Case {}'s visit is booked for {} now: it may have been reassigned.",
                        case.id, dispatch.technician
                    ),
                ));
            }
            if case.visits.last().is_some_and(|v| v.checked_out.is_none()) {
                return Err(conflict(
                    "already_checked_in",
                    "You are already checked in on this case.",
                ));
            }
            let after = case
                .visits
                .last()
                .and_then(|v| v.checked_out)
                .unwrap_or(case.created_at);
            check_visit_time(*at, after, now)?;
            check_location(location)?;
            let mut changes = vec![Change::CheckedIn {
                at: *at,
                location: *location,
            }];
            // Arriving for a scheduled visit starts the repair.
            let scheduled = Status::Repair(RepairStage::Scheduled);
            let in_repair = Status::Repair(RepairStage::InRepair);
            if case.status == scheduled && case.hold.is_none() {
                changes.push(Change::Moved {
                    from: scheduled,
                    to: in_repair,
                    note: None,
                });
            }
            Ok(changes)
        }
        Command::CheckOut { at, location } => {
            let open = case
                .visits
                .last()
                .filter(|v| v.checked_out.is_none() && v.technician == actor.user)
                .ok_or_else(|| conflict("not_checked_in", "Check in before checking out."))?;
            check_visit_time(*at, open.checked_in, now)?;
            check_location(location)?;
            Ok(vec![Change::CheckedOut {
                at: *at,
                location: *location,
            }])
        }
        Command::UsePart {
            item,
            serial,
            quantity,
        } => {
            let record = Command::RecordMovement {
                kind: MovementKind::SparePart,
                direction: Direction::StockToSite,
                item: item.clone(),
                serial: serial.clone(),
                quantity: *quantity,
                carrier: None,
                tracking: None,
                order_ref: None,
                cost: None,
            };
            let mut changes = decide_command(case, actor, &record, now, policy)?;
            for change in &mut changes {
                if let Change::MovementRecorded(m) = change {
                    m.state = MovementState::Consumed;
                    m.history.push((MovementState::Consumed, now));
                }
            }
            Ok(changes)
        }
        Command::Quote { amount, work } => {
            refuse_if_closed()?;
            if !case.charge_applies() {
                return Err(if case.kind() != CaseKind::Repair {
                    conflict(
                        "not_a_repair",
                        format!(
                            "Case {} is a {}: only repair work is quoted.",
                            case.id,
                            case.kind()
                        ),
                    )
                } else {
                    conflict(
                        "charge_under_warranty",
                        format!(
                            "The warranty covers the repair on case {}: there is nothing to charge.",
                            case.id
                        ),
                    )
                });
            }
            if amount.minor() <= 0 {
                return Err(invalid(
                    "amount",
                    "not_positive",
                    "A quote is more than zero.",
                ));
            }
            in_case_currency(case, policy, "amount", *amount)?;
            if let Some(q) = case.open_quote() {
                return Err(conflict(
                    "quote_open",
                    format!("Quote {} still waits on the customer's answer.", q.id),
                ));
            }
            let work = text("work", work, 500, true)?;
            Ok(vec![Change::Quoted(Quote {
                id: case.quotes.len() as u32 + 1,
                amount: *amount,
                work,
                by: actor.user.clone(),
                at: now,
                state: QuoteState::Open,
            })])
        }
        Command::AnswerQuote {
            quote,
            decision,
            amount,
        } => {
            refuse_if_closed()?;
            let q =
                case.quotes
                    .iter()
                    .find(|q| q.id == *quote)
                    .ok_or_else(|| CaseError::NotFound {
                        code: "no_such_quote",
                        message: format!("Case {} has no quote {quote}.", case.id),
                        field: Some("quote".into()),
                    })?;
            if amount.currency() != q.amount.currency() {
                return Err(invalid(
                    "amount.currency",
                    "currency_mismatch",
                    format!(
                        "Quote {} is in {}; this answer is in {}.",
                        q.id,
                        q.amount.currency(),
                        amount.currency()
                    ),
                ));
            }
            if *amount != q.amount {
                return Err(conflict_at(
                    "amount",
                    "quote_changed",
                    format!("Quote {} is not for this amount; read it again.", q.id),
                ));
            }
            if q.state.answer(*decision, now).is_none() {
                let was = match q.state {
                    QuoteState::Accepted { .. } => "accepted",
                    QuoteState::Declined { .. } | QuoteState::Open => "declined",
                };
                return Err(conflict(
                    "quote_answered",
                    format!("Quote {} was already {was}.", q.id),
                ));
            }
            Ok(vec![Change::QuoteAnswered {
                quote: q.id,
                decision: *decision,
            }])
        }
        Command::AnswerSurvey { score, comment } => {
            if !closed {
                return Err(conflict(
                    "not_closed",
                    "The survey opens when the case is closed.",
                ));
            }
            if case.survey.is_some() {
                return Err(conflict(
                    "already_answered",
                    "The survey was already answered.",
                ));
            }
            if !(1..=5).contains(score) {
                return Err(invalid("score", "out_of_range", "The score is 1 to 5."));
            }
            let comment = match comment.trim() {
                "" => String::new(),
                c => text("comment", c, 2000, true)?,
            };
            Ok(vec![Change::SurveyAnswered {
                score: *score,
                comment,
            }])
        }
    }
}

/// A booked visit's window: it ends after it starts (15 minutes to 24 hours
/// later), it has not ended more than [`DISPATCH_LATE_SLACK_MS`] ago, and
/// it starts at most [`DISPATCH_AHEAD_MS`] ahead.
fn check_window(from: Timestamp, to: Timestamp, now: Timestamp) -> Result<(), CaseError> {
    if from.millis() > now.millis().saturating_add(DISPATCH_AHEAD_MS) {
        return Err(invalid(
            "from",
            "too_far_ahead",
            "A visit is booked at most a year ahead.",
        ));
    }
    if to.millis() <= from.millis() {
        return Err(invalid(
            "to",
            "before_start",
            "The arrival window must end after it starts.",
        ));
    }
    let span = to.millis().saturating_sub(from.millis());
    if !(15 * MINUTE_MS..=24 * HOUR_MS).contains(&span) {
        return Err(invalid(
            "to",
            "invalid_window",
            "The arrival window must end 15 minutes to 24 hours after it starts.",
        ));
    }
    if to.millis() < now.millis().saturating_sub(DISPATCH_LATE_SLACK_MS) {
        return Err(invalid(
            "to",
            "in_past",
            "The arrival window has already ended.",
        ));
    }
    Ok(())
}

/// Staff record the purchase as the company's records show it: the
/// intake's purchase rules ([`super::intake::check_purchase`]), a price in
/// the case's currency that still covers every payout committed, and a
/// price for every return and refund. The warranty is worked out again as
/// of the day the case was opened.
fn confirm_purchase(
    case: &Case,
    policy: &Policy,
    purchase_date: Option<crate::Date>,
    price_paid: Option<Money>,
    warranty_months: Option<u16>,
    now: Timestamp,
) -> Result<Vec<Change>, CaseError> {
    let today = now.date_at_offset(CHINA_OFFSET_MINUTES);
    let date = purchase_date.or(case.product.purchase_date);
    let months = warranty_months.unwrap_or(case.product.warranty_months);
    let mut fields = Vec::new();
    let months = match super::intake::check_purchase(date, u32::from(months), today) {
        Ok(m) => m,
        Err(faults) => {
            fields.extend(faults);
            months
        }
    };
    let price = price_paid.or(case.product.price_paid);
    if let Some(p) = price_paid {
        if p.minor() < 0 {
            fields.push(FieldError::new(
                "price_paid.minor",
                "negative",
                "The price paid cannot be negative.",
            ));
        } else if case.carries_money() {
            if let Err(CaseError::Invalid(v)) = in_case_currency(case, policy, "price_paid", p) {
                fields.extend(v.fields);
            }
        }
    }
    if price.is_none() && matches!(case.kind(), CaseKind::Return | CaseKind::Refund) {
        fields.push(FieldError::new(
            "price_paid",
            "required",
            "Record what the customer paid: refunds can never exceed it.",
        ));
    }
    if !fields.is_empty() {
        return Err(CaseError::Invalid(ValidationError { fields }));
    }
    if let Some(p) = price_paid {
        let money_err =
            |e: crate::money::MoneyError| invalid("price_paid", "out_of_range", e.to_string());
        let paid = customer_paid(p, &case.money).map_err(money_err)?;
        let committed = payouts_committed(p.currency(), &case.money).map_err(money_err)?;
        if committed.minor() > paid.minor() {
            return Err(conflict_at(
                "price_paid",
                "below_payouts",
                format!("Payouts of {committed} are already committed, more than {paid}."),
            ));
        }
    }
    let opened = case.created_at.date_at_offset(CHINA_OFFSET_MINUTES);
    let warranty = Warranty::on(date, months, opened);
    let unchanged = case.product.basis.is_records()
        && date == case.product.purchase_date
        && price == case.product.price_paid
        && months == case.product.warranty_months;
    if unchanged {
        return Ok(vec![]);
    }
    Ok(vec![Change::PurchaseConfirmed {
        purchase_date: date,
        price_paid: price,
        warranty_months: months,
        warranty,
    }])
}

/// How far ahead of the server a phone's clock may run.
pub const CLOCK_SKEW_MS: i64 = 5 * MINUTE_MS;

/// A time on site: not before `after` (the case's opening or the last
/// check-out) and not in the future beyond a phone's clock skew.
fn check_visit_time(at: Timestamp, after: Timestamp, now: Timestamp) -> Result<(), CaseError> {
    if at.millis() > now.millis() + CLOCK_SKEW_MS {
        return Err(invalid(
            "at",
            "in_future",
            "The time is in the future: check the phone's clock.",
        ));
    }
    if at.millis() < after.millis() {
        return Err(invalid(
            "at",
            "too_early",
            "The time is before the case was opened or the last check-out.",
        ));
    }
    Ok(())
}

fn check_location(location: &Option<GeoPoint>) -> Result<(), CaseError> {
    match location {
        Some(p) if !p.is_valid() => Err(invalid(
            "location",
            "off_the_globe",
            "The location is not a point on the globe.",
        )),
        _ => Ok(()),
    }
}

fn find_entry(case: &Case, id: u32) -> Result<&MoneyEntry, CaseError> {
    case.money
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| CaseError::NotFound {
            code: "entry_not_found",
            message: format!("Case {} has no money entry {id}.", case.id),
            field: Some("entry".to_owned()),
        })
}

fn require_requested(e: &MoneyEntry) -> Result<(), CaseError> {
    if e.state == EntryState::Requested {
        Ok(())
    } else {
        Err(conflict_at(
            "entry",
            "already_decided",
            format!("Entry {} is already {:?}.", e.id, e.state).to_lowercase(),
        ))
    }
}

/// A new payout of `extra` minor units must keep all payouts within what the customer paid.
fn check_payout_cap(case: &Case, price: crate::money::Money, extra: i64) -> Result<(), CaseError> {
    let money_err = |e: crate::money::MoneyError| invalid("amount", "out_of_range", e.to_string());
    let paid = customer_paid(price, &case.money).map_err(money_err)?;
    let committed = payouts_committed(price.currency(), &case.money).map_err(money_err)?;
    let extra = crate::money::Money::new(extra, price.currency()).map_err(money_err)?;
    let total = committed.checked_add(extra).map_err(money_err)?;
    if total.minor() > paid.minor() {
        return Err(conflict_at(
            "amount",
            "exceeds_customer_paid",
            format!(
                "Payouts would total {total}, more than the customer paid ({paid}); {committed} is already committed."
            ),
        ));
    }
    Ok(())
}

/// The moves a dispatch makes: a booked visit puts the repair in
/// "visit scheduled", by the lifecycle's own steps: from new through
/// triaged, from triaged or in repair (another visit) at once. A case on
/// hold, already scheduled or waiting for its unit stays where it is.
fn scheduling_moves(case: &Case) -> Vec<Change> {
    use RepairStage::{
        AwaitingUnit, Cancelled, Closed, InRepair, New, Resolved, Scheduled, Triaged,
    };
    let Status::Repair(stage) = case.status else {
        return Vec::new();
    };
    if case.hold.is_some() {
        return Vec::new();
    }
    let path: &[RepairStage] = match stage {
        New => &[Triaged, Scheduled],
        Triaged | InRepair => &[Scheduled],
        Scheduled | AwaitingUnit | Resolved | Closed | Cancelled => &[],
    };
    let mut from = case.status;
    path.iter()
        .map(|&stage| {
            let to = Status::Repair(stage);
            let change = Change::Moved {
                from,
                to,
                note: None,
            };
            from = to;
            change
        })
        .collect()
}

fn decide_move(
    case: &Case,
    actor: &Actor,
    to: Status,
    note: Option<String>,
) -> Result<Vec<Change>, CaseError> {
    let from = case.status;
    if to.kind() != case.kind() {
        return Err(invalid(
            "to",
            "wrong_kind",
            format!(
                "Case {} is a {}; `{to}` is a {} stage.",
                case.id,
                case.kind(),
                to.kind()
            ),
        ));
    }
    if to == from {
        // Already there (a client that moves a freshly dispatched repair to
        // "visit scheduled" finds it so): nothing changes, as when
        // assigning the owner a case has.
        return Ok(vec![]);
    }
    if !from.allows(to) {
        return Err(CaseError::IllegalTransition {
            from,
            to,
            allowed: from.next(),
        });
    }
    if from.reopens(to) && !matches!(actor.role, Role::Staff | Role::Manager) {
        return Err(forbidden(
            "reopen_staff_only",
            format!(
                "Case {} is {from}: only staff or a manager may take it back to {to}.",
                case.id
            ),
        ));
    }
    if actor.role == Role::Technician
        && !matches!(
            to,
            Status::Repair(
                RepairStage::InRepair | RepairStage::Resolved | RepairStage::AwaitingUnit
            )
        )
    {
        return Err(forbidden(
            "forbidden",
            format!("A technician may not move a case to {to}."),
        ));
    }
    let cancelling = matches!(
        to,
        Status::Repair(RepairStage::Cancelled) | Status::Return(ReturnStage::Cancelled)
    );
    if case.hold.is_some() && !cancelling {
        return Err(conflict(
            "on_hold",
            "The case is on hold, waiting on the customer; resume it first.",
        ));
    }
    guard(case, to)?;
    Ok(vec![Change::Moved { from, to, note }])
}

/// Rules that tie a stage to the other flows.
fn guard(case: &Case, to: Status) -> Result<(), CaseError> {
    let paid_out = |kind: Option<EntryKind>| {
        case.money.iter().any(|e| {
            e.direction == MoneyDirection::ToCustomer
                && e.state == EntryState::Paid
                && kind.is_none_or(|k| e.kind == k)
        })
    };
    match to {
        Status::Repair(RepairStage::Scheduled | RepairStage::InRepair | RepairStage::Resolved)
            if case.open_quote().is_some() =>
        {
            Err(conflict_at(
                "to",
                "quote_open",
                "The repair waits on the customer's answer to the quote.",
            ))
        }
        Status::Repair(RepairStage::Scheduled) if case.dispatch.is_none() => Err(conflict_at(
            "to",
            "dispatch_required",
            "Dispatch a technician with a time window before scheduling.",
        )),
        Status::Repair(RepairStage::Resolved) if case.diagnosis.is_none() => Err(conflict_at(
            "to",
            "diagnosis_required",
            "Record the root cause and resolution before resolving: quality counts on it.",
        )),
        Status::Return(ReturnStage::Received)
            if case.goods.iter().any(Movement::is_outstanding) =>
        {
            Err(conflict_at(
                "to",
                "unit_outstanding",
                "A defective unit is still outstanding; record it received first.",
            ))
        }
        Status::Return(ReturnStage::Exchanged)
            if !case.goods.iter().any(|m| {
                m.kind == MovementKind::ReplacementUnit
                    && matches!(m.state, MovementState::Shipped | MovementState::Received)
            }) =>
        {
            Err(conflict_at(
                "to",
                "replacement_not_shipped",
                "Ship the replacement unit (a goods movement) before marking the exchange.",
            ))
        }
        Status::Return(ReturnStage::Refunded) if !paid_out(Some(EntryKind::Refund)) => {
            Err(conflict_at(
                "to",
                "refund_not_paid",
                "Pay the refund (a money entry) before marking the return refunded.",
            ))
        }
        Status::Refund(RefundStage::Approved)
            if !case.money.iter().any(|e| {
                e.direction == MoneyDirection::ToCustomer
                    && matches!(e.state, EntryState::Approved | EntryState::Paid)
            }) =>
        {
            Err(conflict_at(
                "to",
                "money_not_approved",
                "Approve a payout entry before approving the refund.",
            ))
        }
        Status::Refund(RefundStage::Paid)
            if !paid_out(None)
                || case.money.iter().any(|e| {
                    e.direction == MoneyDirection::ToCustomer
                        && matches!(e.state, EntryState::Requested | EntryState::Approved)
                }) =>
        {
            Err(conflict_at(
                "to",
                "money_not_paid",
                "Every approved payout must be paid before the refund is paid.",
            ))
        }
        Status::Repair(_) | Status::Return(_) | Status::Refund(_) => Ok(()),
    }
}
