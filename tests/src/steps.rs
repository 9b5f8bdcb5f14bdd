//! Steps many tests take to bring a case where they need it, written once:
//! the commands they send (a move, a dispatch, a goods movement) and the
//! short runs of them (a repair triaged, dispatched and scheduled).

use afterloop_domain::flow::goods::{Direction, MovementKind};
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::{CaseId, Command, Currency, Money, RepairStage, Status, Timestamp, UserId};

use crate::User;

/// An hour in milliseconds.
pub const HOUR_MS: i64 = 3_600_000;

/// `Move` to `to`, with no note.
pub fn move_to(to: Status) -> Command {
    Command::Move { to, note: None }
}

/// A repair's `Move` to `stage`, with no note.
pub fn repair_to(stage: RepairStage) -> Command {
    move_to(Status::Repair(stage))
}

/// Dispatches `technician` (a user name) for a visit of `hours` from `from`.
pub fn dispatch(technician: &str, from: Timestamp, hours: i64) -> Command {
    Command::Dispatch {
        technician: UserId::parse(technician).unwrap(),
        from,
        to: from.plus_millis(hours * HOUR_MS),
    }
}

/// `minor` fen in yuan (CNY).
pub fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).unwrap()
}

/// Asks for `minor` fen of `kind` (the kind's own direction) for `reason`.
pub fn request_money(kind: EntryKind, minor: i64, reason: &str) -> Command {
    Command::RequestMoney {
        kind,
        direction: None,
        amount: cny(minor),
        reason: reason.into(),
    }
}

/// Records money entry `entry` as paid under `reference`.
pub fn pay(entry: u32, reference: &str) -> Command {
    Command::PayMoney {
        entry,
        reference: reference.into(),
    }
}

/// A goods movement to record: what [`Command::RecordMovement`] carries,
/// with the optional parts left out unless a test names them
/// (`Movement { serial: …, ..Movement::new(…) }`).
#[derive(Debug, Clone)]
pub struct Movement {
    /// What moves.
    pub kind: MovementKind,
    /// From where to where.
    pub direction: Direction,
    /// Item or part number.
    pub item: String,
    /// Serial number.
    pub serial: Option<String>,
    /// How many.
    pub quantity: Option<u32>,
    /// Carrier.
    pub carrier: Option<String>,
    /// Tracking number.
    pub tracking: Option<String>,
    /// Order reference.
    pub order_ref: Option<String>,
    /// Cost of spare parts.
    pub cost: Option<Money>,
}

impl Movement {
    /// `item` of `kind` moving in `direction`, nothing else said.
    pub fn new(kind: MovementKind, direction: Direction, item: &str) -> Movement {
        Movement {
            kind,
            direction,
            item: item.to_owned(),
            serial: None,
            quantity: None,
            carrier: None,
            tracking: None,
            order_ref: None,
            cost: None,
        }
    }

    /// The customer's defective SUN-10K-G on its way to the company.
    pub fn defective_unit() -> Movement {
        Movement::new(
            MovementKind::DefectiveUnit,
            Direction::CustomerToCompany,
            "SUN-10K-G",
        )
    }

    /// [`Movement::defective_unit`] (serial SN2409B00042) sent by SF
    /// Express under SF1234567890.
    pub fn shipped_unit() -> Movement {
        Movement {
            serial: Some("SN2409B00042".into()),
            quantity: Some(1),
            carrier: Some("SF Express".into()),
            tracking: Some("SF1234567890".into()),
            ..Movement::defective_unit()
        }
    }

    /// One spare `item` of `direction`, costing `cost` if said.
    pub fn spare_part(direction: Direction, item: &str, cost: Option<Money>) -> Movement {
        Movement {
            quantity: Some(1),
            cost,
            ..Movement::new(MovementKind::SparePart, direction, item)
        }
    }
}

impl From<Movement> for Command {
    fn from(m: Movement) -> Command {
        Command::RecordMovement {
            kind: m.kind,
            direction: m.direction,
            item: m.item,
            serial: m.serial,
            quantity: m.quantity,
            carrier: m.carrier,
            tracking: m.tracking,
            order_ref: m.order_ref,
            cost: m.cost,
        }
    }
}

/// Triages repair `id`, dispatches `technician` for `hours` from `from`
/// and schedules the visit, as `staff`.
pub async fn schedule(staff: &User, id: CaseId, technician: &str, from: Timestamp, hours: i64) {
    staff
        .ok_all(
            id,
            [
                repair_to(RepairStage::Triaged),
                dispatch(technician, from, hours),
                repair_to(RepairStage::Scheduled),
            ],
        )
        .await;
}
