//! `decide`: the engine's one entry. Given the case, who acts, the command
//! and the time, it returns the events to append or the reason nothing
//! happens. It never changes the case: a refused command leaves the stored
//! case exactly as it was. It asks the permission function first, then
//! hands each command to the rules of its flow: the lifecycle's
//! ([`super::lifecycle`]), the purchase's ([`super::purchase`]) and the
//! goods, money, quote and information flows' (`crate::flow::*::rules`).

use serde::{Deserialize, Serialize};

use super::error::{forbidden, invalid};
use super::{lifecycle, purchase, Case, CaseError, Change, Command, NewCase};
use crate::access::{allowed, Action, Actor, Role};
use crate::flow::goods::rules::{self as goods, NewMovement};
use crate::flow::info::rules::{self as info, NewAttachment};
use crate::flow::money::rules::{self as money, Request};
use crate::flow::money::ApprovalPolicy;
use crate::flow::quote::rules as quote;
use crate::ids::{CaseId, UserId};
use crate::money::Currency;
use crate::sla::SlaPolicy;
use crate::time::{Timestamp, MINUTE_MS};

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

/// How far ahead of the server a phone's clock may run.
pub const CLOCK_SKEW_MS: i64 = 5 * MINUTE_MS;

/// The rules of each command, once the actor may give it at all.
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
    match command {
        Command::Move { to, note } => lifecycle::move_to(case, actor, *to, note),
        Command::Hold { reason } => lifecycle::hold(case, reason),
        Command::Resume => lifecycle::resume(case),
        Command::Assign { owner } => Ok(assign(case, owner)),
        Command::SetPriority { priority } => Ok(set_priority(case, *priority)),
        Command::ConfirmPurchase {
            purchase_date,
            price_paid,
            warranty_months,
        } => purchase::confirm_purchase(
            case,
            policy,
            *purchase_date,
            *price_paid,
            *warranty_months,
            now,
        ),
        Command::AddNote { text, visibility } => info::note(text, *visibility),
        Command::Dispatch {
            technician,
            from,
            to,
        } => info::dispatch(case, technician, *from, *to, now),
        Command::CheckIn { at, location } => info::check_in(case, actor, *at, location, now),
        Command::CheckOut { at, location } => info::check_out(case, actor, *at, location, now),
        Command::Diagnose {
            root_cause,
            failed_part,
            resolution,
        } => info::diagnose(actor, *root_cause, failed_part, resolution, now),
        Command::Attach {
            kind,
            name,
            content_type,
            size,
            blob,
            movement,
        } => {
            let file = NewAttachment {
                kind: *kind,
                name,
                content_type,
                size: *size,
                blob,
                movement: *movement,
            };
            info::attach(case, actor, file)
        }
        Command::AnswerSurvey { score, comment } => info::answer_survey(case, *score, comment),
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
            let new = NewMovement {
                kind: *kind,
                direction: *direction,
                item,
                serial,
                quantity: *quantity,
                carrier,
                tracking,
                order_ref,
                cost: *cost,
            };
            goods::record(case, new, now, policy)
        }
        Command::AdvanceMovement {
            movement,
            to,
            carrier,
            tracking,
        } => goods::advance(case, *movement, *to, carrier, tracking),
        Command::UsePart {
            item,
            serial,
            quantity,
        } => goods::use_part(case, item, serial, *quantity, now, policy),
        Command::RequestMoney {
            kind,
            direction,
            amount,
            reason,
        } => {
            let asked = Request {
                kind: *kind,
                direction: *direction,
                amount: *amount,
                reason,
            };
            money::request(case, actor, asked, now, policy)
        }
        Command::ApproveMoney { entry } => money::approve(case, actor, *entry, policy),
        Command::RejectMoney { entry, reason } => money::reject(case, *entry, reason),
        Command::PayMoney { entry, reference } => money::pay(case, *entry, reference),
        Command::Quote { amount, work } => quote::offer(case, actor, *amount, work, now, policy),
        Command::AnswerQuote {
            quote: id,
            decision,
            amount,
        } => quote::answer(case, *id, *decision, *amount, now),
    }
}

/// A new owner; none when it is the one the case has.
fn assign(case: &Case, owner: &UserId) -> Vec<Change> {
    if *owner == case.owner {
        return vec![];
    }
    vec![Change::OwnerAssigned {
        owner: owner.clone(),
    }]
}

/// A new priority; none when it is the one the case has.
fn set_priority(case: &Case, priority: crate::sla::Priority) -> Vec<Change> {
    if priority == case.priority {
        return vec![];
    }
    vec![Change::PriorityChanged { priority }]
}
