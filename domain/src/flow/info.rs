//! The information flow beyond the timeline: notes, dispatch, diagnosis,
//! holds and the follow-up survey.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
use crate::UserId;

/// Who may see an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Staff only: never reaches a customer response.
    Internal,
    /// The customer sees it too.
    Public,
}

/// A technician's booked visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    /// Who goes.
    pub technician: UserId,
    /// Arrival window start.
    pub from: Timestamp,
    /// Arrival window end.
    pub to: Timestamp,
}

/// Root-cause classes that quality and R&D can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootCause {
    /// A component failed (board, capacitor, fan…).
    ComponentFailure,
    /// Built wrong at the factory.
    ManufacturingDefect,
    /// Firmware or software fault.
    Firmware,
    /// Installed wrong.
    Installation,
    /// Used outside its specification.
    Misuse,
    /// Damaged in transport.
    TransportDamage,
    /// Grid, weather or surroundings.
    Environment,
    /// Nothing wrong found.
    NoFaultFound,
    /// The customer ordered the wrong item.
    WrongItemOrdered,
    /// Anything else (explained in the resolution).
    Other,
}

/// The diagnosis: root cause and what was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// The class of cause.
    pub root_cause: RootCause,
    /// The failing part, if one (e.g. `IGBT module`).
    pub failed_part: Option<String>,
    /// What was done to fix it.
    pub resolution: String,
    /// Who recorded it.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// The case waits on the customer; SLA clocks pause meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// Why (shown to the customer).
    pub reason: String,
    /// Since when.
    pub since: Timestamp,
}

/// The follow-up satisfaction answer after closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    /// 1 (bad) to 5 (excellent).
    pub score: u8,
    /// The customer's words.
    pub comment: String,
    /// When.
    pub at: Timestamp,
}
