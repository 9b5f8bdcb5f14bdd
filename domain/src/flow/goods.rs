//! The goods flow: every physical movement tied to a case, with its own
//! small lifecycle. A defective unit authorised but not yet received is
//! "outstanding" and shown with its age until it arrives.

pub(crate) mod rules;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::time::Timestamp;

/// How long a defective unit may take to come back before it is late:
/// three days (a courier's pick-up and a few days on the road).
pub const OVERDUE_AFTER_MS: i64 = 3 * crate::time::DAY_MS;

/// What moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// The faulty unit coming back.
    DefectiveUnit,
    /// A new unit going to the customer in exchange.
    ReplacementUnit,
    /// The customer's own unit going back repaired.
    RepairedUnit,
    /// A spare part shipped or used on site.
    SparePart,
}

/// From where to where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Customer → company.
    CustomerToCompany,
    /// Company → customer.
    CompanyToCustomer,
    /// Company stock → the customer's site (a technician's van, a parts shipment).
    StockToSite,
}

/// Where a movement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MovementState {
    /// Agreed, not yet sent.
    Authorised,
    /// Handed to a carrier.
    Shipped,
    /// Arrived.
    Received,
    /// Checked after arrival.
    Inspected,
    /// Used up on site (spare parts).
    Consumed,
}

impl MovementState {
    /// The states a movement of `kind` may go to from here.
    pub fn next(self, kind: MovementKind) -> &'static [MovementState] {
        use MovementState::*;
        match (self, kind) {
            (Authorised, MovementKind::SparePart) => &[Shipped, Consumed],
            (Authorised, _) => &[Shipped],
            (Shipped, MovementKind::SparePart) => &[Received, Consumed],
            (Shipped, _) => &[Received],
            (Received, MovementKind::DefectiveUnit) => &[Inspected],
            (Received, MovementKind::SparePart) => &[Consumed],
            (Received, MovementKind::ReplacementUnit | MovementKind::RepairedUnit) => &[],
            (Inspected, _) | (Consumed, _) => &[],
        }
    }
}

/// A movement as recorded on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Movement {
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
    /// The carrier (e.g. `SF Express`).
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    pub tracking: Option<String>,
    /// The order it belongs to (a return may mix orders).
    pub order_ref: Option<String>,
    /// For spare parts: the cost of the parts (charged only outside warranty).
    pub cost: Option<Money>,
    /// Where it stands.
    pub state: MovementState,
    /// Each state reached, in order, with when.
    pub history: Vec<(MovementState, Timestamp)>,
}

impl Movement {
    /// When it was authorised (its first recorded state).
    pub fn since(&self) -> Timestamp {
        self.history
            .first()
            .map_or(Timestamp::from_millis(0), |h| h.1)
    }

    /// Whether this is a defective unit the company still waits for.
    pub fn is_outstanding(&self) -> bool {
        self.kind == MovementKind::DefectiveUnit
            && self.direction == Direction::CustomerToCompany
            && matches!(
                self.state,
                MovementState::Authorised | MovementState::Shipped
            )
    }

    /// How long an outstanding unit has been awaited, in milliseconds.
    pub fn outstanding_age(&self, now: Timestamp) -> Option<i64> {
        self.is_outstanding()
            .then(|| now.millis() - self.since().millis())
    }

    /// Whether an outstanding unit is late: awaited for longer than
    /// [`OVERDUE_AFTER_MS`] (a unit authorised a minute ago is expected,
    /// not late).
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.outstanding_age(now)
            .is_some_and(|age| age > OVERDUE_AFTER_MS)
    }
}

/// A spare part a technician can pick on site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CataloguePart {
    /// The part number (what a movement records as its item).
    pub number: &'static str,
    /// Its name in English.
    pub name_en: &'static str,
    /// Its name in Simplified Chinese.
    pub name_zh: &'static str,
}

/// The spare parts technicians carry, offered on the phone even offline.
/// Any other part can still be typed in.
pub const PARTS: &[CataloguePart] = &[
    CataloguePart {
        number: "IGBT-40A",
        name_en: "IGBT module 40 A",
        name_zh: "IGBT 模块 40A",
    },
    CataloguePart {
        number: "FAN-80",
        name_en: "Cooling fan 80 mm",
        name_zh: "散热风扇 80mm",
    },
    CataloguePart {
        number: "FUSE-DC15",
        name_en: "DC fuse 15 A",
        name_zh: "直流保险丝 15A",
    },
    CataloguePart {
        number: "PCB-CTRL-7",
        name_en: "Control board",
        name_zh: "主控板",
    },
    CataloguePart {
        number: "LCD-2",
        name_en: "Display module",
        name_zh: "显示模块",
    },
    CataloguePart {
        number: "MC4-PAIR",
        name_en: "MC4 connector pair",
        name_zh: "MC4 连接器（对）",
    },
    CataloguePart {
        number: "BMS-51",
        name_en: "Battery management board",
        name_zh: "电池管理板",
    },
    CataloguePart {
        number: "RELAY-AC",
        name_en: "Grid relay",
        name_zh: "并网继电器",
    },
];
