//! A command as the outbox keeps it: its JSON, as recorded, sent as it is
//! (the API reads it). The phone never decodes a whole [`Command`] again:
//! that decoder is the biggest code the outbox would carry into the job
//! list, which only needs an item in words ([`Gist`]).

use afterloop_domain::case::Status;
use afterloop_domain::flow::goods::{Direction, MovementKind};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::{Command, Timestamp};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A recorded command's JSON (`{"type": "add_note", …}`, the wire form of
/// [`Command`]); the same form items stored by earlier builds hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoredCommand(Value);

impl StoredCommand {
    /// Keeps `command` in its wire form.
    pub fn new(command: &Command) -> Result<StoredCommand, String> {
        serde_json::to_value(command)
            .map(StoredCommand)
            .map_err(|e| format!("The command could not be kept ({e})."))
    }

    /// The JSON to send as the request's `command`.
    pub fn json(&self) -> &Value {
        &self.0
    }

    /// What the outbox shows of it; [`Gist::Other`] for a command it does
    /// not describe or cannot read.
    pub fn gist(&self) -> Gist {
        Gist::read(&self.0).unwrap_or(Gist::Other)
    }
}

/// The part of a technician's command the outbox shows: the fields its
/// words name, read from the command's wire form (other fields ignored).
#[derive(Debug, Clone, PartialEq)]
pub enum Gist {
    /// A note.
    AddNote {
        /// Its text.
        text: String,
    },
    /// Arrived on site.
    CheckIn {
        /// When.
        at: Timestamp,
    },
    /// Left the site.
    CheckOut {
        /// When.
        at: Timestamp,
    },
    /// A spare part used.
    UsePart {
        /// The part.
        item: String,
        /// How many (one when absent).
        quantity: Option<u32>,
        /// Its serial number.
        serial: Option<String>,
    },
    /// A diagnosis.
    Diagnose {
        /// What caused the fault.
        root_cause: RootCause,
        /// What was done.
        resolution: String,
    },
    /// The case moved to a stage.
    Move {
        /// The stage.
        to: Status,
    },
    /// Goods shipped or taken back.
    RecordMovement {
        /// What kind of movement.
        kind: MovementKind,
        /// Which way.
        direction: Direction,
        /// The goods.
        item: String,
        /// How many (one when absent).
        quantity: Option<u32>,
    },
    /// Work put on hold.
    Hold {
        /// Why.
        reason: String,
    },
    /// Work resumed.
    Resume,
    /// Any other change to the case.
    Other,
}

/// Field `name` of `command`, `None` when absent, null or not a `T`.
fn field<T: DeserializeOwned>(command: &Value, name: &str) -> Option<T> {
    T::deserialize(command.get(name)?).ok()
}

impl Gist {
    /// The gist of `command` by its `type` (field by field: a derived
    /// internally tagged decoder is several times the code);
    /// `None` when a field it names is missing.
    fn read(command: &Value) -> Option<Gist> {
        let f = |name| command.get(name).and_then(Value::as_str).map(str::to_owned);
        Some(match command.get("type")?.as_str()? {
            "add_note" => Gist::AddNote { text: f("text")? },
            "check_in" => Gist::CheckIn {
                at: field(command, "at")?,
            },
            "check_out" => Gist::CheckOut {
                at: field(command, "at")?,
            },
            "use_part" => Gist::UsePart {
                item: f("item")?,
                quantity: field(command, "quantity"),
                serial: f("serial"),
            },
            "diagnose" => Gist::Diagnose {
                root_cause: field(command, "root_cause")?,
                resolution: f("resolution")?,
            },
            "move" => Gist::Move {
                to: field(command, "to")?,
            },
            "record_movement" => Gist::RecordMovement {
                kind: field(command, "kind")?,
                direction: field(command, "direction")?,
                item: f("item")?,
                quantity: field(command, "quantity"),
            },
            "hold" => Gist::Hold {
                reason: f("reason")?,
            },
            "resume" => Gist::Resume,
            _ => Gist::Other,
        })
    }
}
