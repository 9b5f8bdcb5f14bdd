//! Messages between the worker and its Durable Objects (internal, not the
//! public API). Each request type is a [`Message`]: the object it goes to,
//! the path its object's dispatcher answers on and the type of the answer
//! are written once, here, and [`super::call`] sends it.

use afterloop_domain::access::Actor;
use afterloop_domain::report::SoldUnits;
use afterloop_domain::wire::ErrorBody;
use afterloop_domain::{Case, CaseId, Command, Event, EventId, NewCase, Timestamp, UserId};
use serde::{Deserialize, Serialize};

use crate::bindings;

/// The kinds of Durable Object, each one binding of `wrangler.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// A case's object ([`super::CaseObject`]), named by the case id.
    Case,
    /// A sequence counter ([`super::Counter`]).
    Counter,
    /// The queue counts ([`super::Stats`]), one object: [`STATS_OBJECT`].
    Stats,
    /// The report aggregates ([`super::Reports`]), one object: [`REPORTS_OBJECT`].
    Reports,
    /// One abuse counter ([`super::Limiter`]).
    Limiter,
}

impl Object {
    /// The binding's name.
    pub const fn binding(self) -> &'static str {
        match self {
            Object::Case => bindings::CASE,
            Object::Counter => bindings::COUNTER,
            Object::Stats => bindings::STATS,
            Object::Reports => bindings::REPORTS,
            Object::Limiter => bindings::LIMITER,
        }
    }
}

/// The name of the one [`Object::Stats`] object.
pub const STATS_OBJECT: &str = "queues";

/// The name of the one [`Object::Reports`] object.
pub const REPORTS_OBJECT: &str = "reports";

/// The name of the [`Object::Counter`] that numbers cases.
pub const CASES_COUNTER: &str = "cases";

/// A request to a Durable Object: where it goes and what it is answered.
pub trait Message: Serialize {
    /// The kind of object that takes it.
    const OBJECT: Object;
    /// The path the object's dispatcher answers it on.
    const PATH: &'static str;
    /// The object's answer (as JSON).
    type Answer;
}

/// Implements [`Message`] for a request type.
macro_rules! message {
    ($($message:ty => $object:ident $path:literal -> $answer:ty;)*) => {$(
        impl Message for $message {
            const OBJECT: Object = Object::$object;
            const PATH: &'static str = $path;
            type Answer = $answer;
        }
    )*};
}

message! {
    Allocate => Counter "/allocate" -> Allocated;
    Open => Case "/open" -> Outcome;
    Apply => Case "/apply" -> Outcome;
    ApplyPast => Case "/apply_past" -> Outcome;
    Read => Case "/read" -> Outcome;
    Membership => Stats "/membership" -> QueueCounts;
    CountsAsked => Stats "/counts" -> QueueCounts;
    CaseWritten => Reports "/record" -> WriteReport;
    ReportAsked => Reports "/report" -> ReportJson;
    SoldUnitsAsked => Reports "/sold-units/get" -> SoldUnits;
    SetSoldUnits => Reports "/sold-units/set" -> SoldUnits;
    Reset => Reports "/reset" -> Loaded;
    Load => Reports "/load" -> Loaded;
    Limit => Limiter "/" -> afterloop_domain::limits::Verdict;
}

/// Ask the counter for the next case number. With an idempotency key, the
/// same key always gets the same number.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocate {
    /// The client's `Idempotency-Key`, if it sent one.
    pub idempotency_key: Option<String>,
    /// Only answer the number this key already has (404 when it has none):
    /// allocate nothing.
    #[serde(default)]
    pub known_only: bool,
}

/// The counter's answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct Allocated {
    /// The sequence number for the new case.
    pub sequence: u32,
}

/// Ask a case's object to open the case (once).
#[derive(Debug, Serialize, Deserialize)]
pub struct Open {
    /// The case's id (also the object's name).
    pub id: CaseId,
    /// The validated intake.
    pub case: NewCase,
    /// The first owner.
    pub owner: UserId,
    /// Who opens it.
    pub actor: Actor,
    /// The id of the opening event.
    pub event_id: EventId,
    /// The customer link's token.
    pub public_token: String,
    /// The worker's clock when the request arrived.
    pub now: Timestamp,
}

/// Ask a case's object to apply a command.
#[derive(Debug, Serialize, Deserialize)]
pub struct Apply {
    /// Who acts.
    pub actor: Actor,
    /// The client's id for this write.
    pub event_id: EventId,
    /// What to do.
    pub command: Command,
    /// The worker's clock.
    pub now: Timestamp,
    /// When the sender recorded the write by their clock, if they said.
    #[serde(default)]
    pub recorded_at: Option<Timestamp>,
    /// For a customer: the link token they came with (the object checks it
    /// is this case's before anything else).
    #[serde(default)]
    pub token: Option<String>,
    /// Only check: authorize, look for an earlier write with this id, and
    /// decide, but record nothing (an upload asks this before storing bytes).
    #[serde(default)]
    pub check_only: bool,
    /// `now` is a past time the demo company's history gives (demo setup
    /// only): refused before the case's last event, so a log's times never
    /// run backwards.
    #[serde(default)]
    pub past: bool,
}

/// The object's answer to [`Open`] and [`Apply`].
#[derive(Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// The case after the write.
    pub case: Case,
    /// The events of this write (the earlier ones, on a replay).
    pub events: Vec<Event>,
    /// `false` when this write had been applied before.
    pub applied: bool,
}

/// Past writes (the demo company's history) for a case's object, applied
/// in order and written through once.
#[derive(Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplyPast(pub Vec<Apply>);

/// Ask a case's object for the case as its log has it (a read that KV's
/// copy is too old for); answered with an [`Outcome`] (`applied: false`).
#[derive(Debug, Serialize, Deserialize)]
pub struct Read {
    /// Also answer every event of the log.
    pub events: bool,
}

/// A 4xx answer from an object, passed on to the client as it is.
#[derive(Debug)]
pub struct Refused {
    /// The HTTP status.
    pub status: u16,
    /// The error body.
    pub body: ErrorBody,
}

/// A case object's report of the queues its case is in now (queue → entries).
#[derive(Debug, Serialize, Deserialize)]
pub struct Membership {
    /// The case.
    pub case: CaseId,
    /// Every queue it is in, with its number of entries there.
    pub queues: std::collections::BTreeMap<String, u32>,
}

/// Which counts to read: named queues, and every queue under some prefixes
/// (`owner/`, `tech/wu.gang/`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CountsAsked {
    /// Exact queue names.
    pub queues: Vec<String>,
    /// Queue name prefixes.
    pub prefixes: Vec<String>,
}

pub use afterloop_domain::wire::QueueCounts;

/// A case object's report of one write to the reports object: the snapshot
/// the reports object last recorded (as far as the case object knows) and
/// the one now stored.
#[derive(Debug, Serialize, Deserialize)]
pub struct CaseWritten {
    /// The snapshot before the write (`None` for a new case).
    pub before: Option<Case>,
    /// The snapshot now in KV.
    pub after: Case,
}

/// The reports object's answer to [`CaseWritten`] (and to each case of a [`Load`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum WriteReport {
    /// The write is counted.
    Recorded,
    /// This version, or a newer one, was counted before: nothing changed.
    AlreadyRecorded,
    /// `before` is not the snapshot counted last: send again with the
    /// snapshot at `recorded` (`None`: nothing counted yet).
    Behind {
        /// The version counted last.
        recorded: Option<u32>,
    },
}

/// Ask the reports object for one report.
#[derive(Debug, Serialize, Deserialize)]
pub struct ReportAsked {
    /// Who asks (the object computes nothing for a role without reports).
    pub actor: Actor,
    /// Which report.
    pub report: afterloop_domain::report::ReportName,
    /// Over which days.
    pub period: afterloop_domain::report::Period,
    /// The worker's clock (ages and backlogs are measured at it).
    pub as_of: Timestamp,
}

/// The answer to [`ReportAsked`]: the report's JSON, whose type depends on
/// the report asked (`afterloop_domain::report`); read as text with
/// [`super::call_json`] and passed on untouched.
#[derive(Debug)]
pub enum ReportJson {}

/// Ask the reports object for the units sold per batch.
#[derive(Debug, Serialize, Deserialize)]
pub struct SoldUnitsAsked;

/// Ask the reports object to forget its aggregates (the start of a rebuild).
#[derive(Debug, Serialize, Deserialize)]
pub struct Reset;

/// Set units sold per batch (validated by the worker; 0 removes a batch).
#[derive(Debug, Serialize, Deserialize)]
pub struct SetSoldUnits {
    /// Batch → units.
    pub batches: std::collections::BTreeMap<String, u32>,
}

/// Part of a rebuild: snapshots read from KV, counted as new cases unless
/// the object counted their version (or a newer one) already.
#[derive(Debug, Serialize, Deserialize)]
pub struct Load {
    /// Snapshots.
    pub cases: Vec<Case>,
}

/// How many cases a [`Load`] counted.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Loaded {
    /// Counted now.
    pub recorded: u64,
    /// Skipped: counted already by a live write.
    pub skipped: u64,
}

/// What a [`Limit`] asks of a limiter object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitOp {
    /// Count one hit if the rule allows it (answers the verdict).
    Take,
    /// Give back one hit of the current window.
    Refund,
    /// Forget the window.
    Reset,
}

/// Ask a limiter object (one counter) to count; it answers a
/// [`afterloop_domain::limits::Verdict`].
#[derive(Debug, Serialize, Deserialize)]
pub struct Limit {
    /// What to do.
    pub op: LimitOp,
    /// The counter's rule.
    pub rule: afterloop_domain::limits::Rule,
    /// The worker's clock.
    pub now: Timestamp,
}
