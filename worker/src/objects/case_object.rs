//! The case object: one per case (named by its number), the only writer of
//! that case. It keeps the case's event log in its SQLite storage, decides
//! each command against the current state with the domain's rules, remembers
//! the event ids it applied (a write sent three times is applied once), and
//! writes the result through to KV, where every read is served.
//!
//! Each request runs inside `blockConcurrencyWhile`, so commands on one case
//! are decided and written through strictly one after another, and KV never
//! sees an older snapshot after a newer one.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{decide_recorded, open as opened, readable, Change, Stamp};
use afterloop_domain::{Case, Command, Event, EventId, Timestamp};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use worker::{
    durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State, Storage,
};

use super::protocol::{self, Apply, ApplyPast, Message, Open, Outcome};
use crate::bindings;
use crate::error::AppError;
use crate::notify::Sender;
use crate::store::{index, CaseStore};

/// Serialises every write to one case.
#[durable_object]
pub struct CaseObject {
    state: State,
    inner: Rc<Inner>,
}

struct Inner {
    sql: SqlStorage,
    storage: Storage,
    env: Env,
    /// The case as folded from the log (loaded on first use).
    case: RefCell<Option<Case>>,
    /// The case as last written to KV (to know which index keys to delete).
    flushed: RefCell<Option<Case>>,
    /// Events stored here but not yet written to KV.
    unflushed: RefCell<Vec<Event>>,
}

#[derive(Deserialize)]
struct Row {
    json: String,
}

#[derive(Deserialize)]
struct KeyRow {
    key: String,
}

impl DurableObject for CaseObject {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        let storage = state.storage();
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, json TEXT NOT NULL);
             CREATE INDEX IF NOT EXISTS events_id ON events(id);
             CREATE TABLE IF NOT EXISTS index_keys(key TEXT PRIMARY KEY);
             CREATE TABLE IF NOT EXISTS commands(event_id TEXT PRIMARY KEY, command TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS deliveries(id TEXT PRIMARY KEY, attempts INTEGER NOT NULL, next_ms INTEGER NOT NULL);",
            None,
        ) {
            worker::console_error!("case object schema: {e}");
        }
        CaseObject {
            state,
            inner: Rc::new(Inner {
                sql,
                storage,
                env,
                case: RefCell::new(None),
                flushed: RefCell::new(None),
                unflushed: RefCell::new(Vec::new()),
            }),
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let path = req.path();
        let body = req.text().await?;
        let inner = self.inner.clone();
        // Errors travel as values inside Ok: an Err here would reset the object.
        let outcome = self
            .state
            .block_concurrency_while(async move { Ok(inner.handle(&path, &body).await) })
            .await?;
        match outcome {
            Ok(outcome) => Response::from_json(&outcome),
            Err(e) => {
                if let AppError::Unexpected(detail) = &e {
                    worker::console_error!("case object: {detail}");
                }
                let (status, body) = e.status_and_body();
                Response::from_json(&body).map(|r| r.with_status(status))
            }
        }
    }

    /// Delivers the outbox messages whose retry is due; schedules the next.
    async fn alarm(&self) -> Result<Response> {
        let inner = self.inner.clone();
        let result = self
            .state
            .block_concurrency_while(async move { Ok(inner.retry_delivery().await) })
            .await?;
        if let Err(e) = result {
            worker::console_error!("delivering notifications: {e}");
            let retry = crate::notify::retry_policy(&self.inner.env).next_delay_ms(1);
            let _ = self.inner.storage.set_alarm(retry.unwrap_or(30_000)).await;
        }
        Response::ok("")
    }
}

/// A message's failed attempts so far and when the next one is due.
#[derive(Deserialize)]
struct AttemptRow {
    id: String,
    attempts: i64,
    next_ms: i64,
}

impl Inner {
    async fn handle(&self, path: &str, body: &str) -> std::result::Result<Outcome, AppError> {
        fn parse<M: Message + DeserializeOwned>(body: &str) -> std::result::Result<M, AppError> {
            serde_json::from_str(body).map_err(|e| AppError::MalformedJson(e.to_string()))
        }
        match path {
            Open::PATH => self.open(parse(body)?).await,
            Apply::PATH => self.apply(parse(body)?).await,
            ApplyPast::PATH => self.apply_past(parse::<ApplyPast>(body)?.0).await,
            protocol::Read::PATH => self.read(parse(body)?).await,
            other => Err(AppError::NotFound(format!("no object route {other}"))),
        }
    }

    /// The case as the log has it, for a read KV's copy is too old for
    /// (the worker checks who may read it); with `events`, the whole log.
    async fn read(&self, read: protocol::Read) -> std::result::Result<Outcome, AppError> {
        let case = self
            .current()
            .await?
            .ok_or_else(|| AppError::NotFound("There is no such case.".into()))?;
        let events = if read.events {
            self.load_events()?
        } else {
            Vec::new()
        };
        Ok(Outcome {
            case,
            events,
            applied: false,
        })
    }

    /// The log from SQLite.
    fn load_events(&self) -> std::result::Result<Vec<Event>, AppError> {
        let rows: Vec<Row> = self
            .sql
            .exec("SELECT json FROM events ORDER BY seq", None)?
            .to_array()?;
        rows.iter()
            .map(|r| serde_json::from_str(&r.json).map_err(AppError::from))
            .collect()
    }

    /// The current case, folding the log on first use.
    async fn current(&self) -> std::result::Result<Option<Case>, AppError> {
        if self.case.borrow().is_none() {
            let events = self.load_events()?;
            let Some(case) = Case::replay(&events) else {
                return Ok(None);
            };
            // After a restart (or a crash between the log and KV), KV may lag
            // the log: what it lacks is written through with the next write.
            let store = CaseStore::new(self.env.kv(bindings::KV)?);
            let in_kv = store.get(case.id).await?;
            let kv_version = in_kv.as_ref().map_or(0, |c| c.version);
            *self.unflushed.borrow_mut() =
                events.into_iter().filter(|e| e.seq > kv_version).collect();
            *self.flushed.borrow_mut() = in_kv;
            *self.case.borrow_mut() = Some(case);
        }
        Ok(self.case.borrow().clone())
    }

    fn events_with_id(&self, id: &EventId) -> std::result::Result<Vec<Event>, AppError> {
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT json FROM events WHERE id = ? ORDER BY seq",
                vec![id.as_ref().into()],
            )?
            .to_array()?;
        rows.iter()
            .map(|r| serde_json::from_str(&r.json).map_err(AppError::from))
            .collect()
    }

    /// Appends events to the log (no await: nothing interleaves).
    fn append(&self, events: &[Event]) -> std::result::Result<(), AppError> {
        for e in events {
            self.sql.exec(
                "INSERT INTO events(seq, id, json) VALUES (?, ?, ?)",
                vec![
                    i64::from(e.seq).into(),
                    e.id.as_ref().into(),
                    serde_json::to_string(e)?.into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Writes the current case and every unflushed event through to KV.
    /// The index keys it may have written are remembered in `index_keys`
    /// before they are written, so a key left by an interrupted write is
    /// still deleted once it no longer applies.
    async fn flush(&self) -> std::result::Result<(), AppError> {
        let Some(case) = self.case.borrow().clone() else {
            return Ok(());
        };
        let events = self.unflushed.borrow().clone();
        let before = self.flushed.borrow().clone();
        let sla = &crate::policy().sla;
        let entries = index::entries(&case, sla);
        let mut known: BTreeSet<String> = self
            .sql
            .exec("SELECT key FROM index_keys", None)?
            .to_array::<KeyRow>()?
            .into_iter()
            .map(|r| r.key)
            .collect();
        let before_entries = before.as_ref().map(|b| index::entries(b, sla));
        if let Some(b) = &before_entries {
            known.extend(b.keys().cloned());
        }
        for key in entries.keys() {
            self.sql.exec(
                "INSERT OR IGNORE INTO index_keys(key) VALUES (?)",
                vec![key.as_str().into()],
            )?;
        }
        let stale: Vec<String> = known
            .into_iter()
            .filter(|k| !entries.contains_key(k))
            .collect();
        CaseStore::new(self.env.kv(bindings::KV)?)
            .write_through(&case, &events, &entries, &stale, before.is_none())
            .await?;
        for key in &stale {
            self.sql.exec(
                "DELETE FROM index_keys WHERE key = ?",
                vec![key.as_str().into()],
            )?;
        }
        // The stats object hears only when the case's queues changed since
        // the last flush that reached it (most notes change none); a flush
        // that failed leaves `flushed` behind, so the next one reports again.
        let queues = index::queue_counts(&entries);
        if before_entries.map(|b| index::queue_counts(&b)) != Some(queues.clone()) {
            let membership = protocol::Membership {
                case: case.id,
                queues,
            };
            super::call(&self.env, protocol::STATS_OBJECT, &membership)
                .await?
                .map_err(|r| AppError::Unexpected(format!("stats refused: {:?}", r.body)))?;
        }
        // The reports object hears of every new snapshot. Its failure does
        // not fail the write: it stays behind, and the case's next write
        // catches it up (see `report_write`).
        if before.as_ref().map(|b| b.version) != Some(case.version) {
            if let Err(e) = self.report_write(before.as_ref(), &case).await {
                worker::console_error!("reports, case {}: {e}", case.id);
            }
        }
        self.unflushed.borrow_mut().clear();
        *self.flushed.borrow_mut() = Some(case);
        Ok(())
    }

    /// Reports a write (the snapshot KV held before, and the new one) to the
    /// reports object. If that object counted another version last (a
    /// report lost earlier, or a restart), it says which, and the write is
    /// sent again from the snapshot at that version, replayed from the log.
    async fn report_write(
        &self,
        before: Option<&Case>,
        after: &Case,
    ) -> std::result::Result<(), AppError> {
        let mut written = protocol::CaseWritten {
            before: before.cloned(),
            after: after.clone(),
        };
        for _ in 0..2 {
            let answer = super::call(&self.env, protocol::REPORTS_OBJECT, &written)
                .await?
                .map_err(|r| AppError::Unexpected(format!("reports refused: {:?}", r.body)))?;
            match answer {
                protocol::WriteReport::Recorded | protocol::WriteReport::AlreadyRecorded => {
                    return Ok(())
                }
                protocol::WriteReport::Behind { recorded } => {
                    written.before = match recorded {
                        Some(version) => self.snapshot_at(version)?,
                        None => None,
                    };
                }
            }
        }
        Err(AppError::Unexpected(
            "the reports object stayed behind".into(),
        ))
    }

    /// The case as it was at `version`, folded from the log.
    fn snapshot_at(&self, version: u32) -> std::result::Result<Option<Case>, AppError> {
        let events = self.load_events()?;
        Ok(Case::replay(events.iter().filter(|e| e.seq <= version)))
    }

    /// Sends every pending outbox message that is due (new ones at once,
    /// failed ones when their retry policy's gap has passed; each failed
    /// attempt is counted in `deliveries`), records the acknowledged ones
    /// as one event and those that failed their last allowed attempt as
    /// another, at `at` (the write's time; the alarm's own clock on a
    /// retry), not yet flushed, and sets the alarm for the next retry due.
    async fn deliver(&self, at: Timestamp) -> std::result::Result<(), AppError> {
        let Some(case) = self.current().await? else {
            return Ok(());
        };
        let policy = crate::notify::retry_policy(&self.env);
        let sender = Sender::from_env(&self.env);
        let rows: Vec<AttemptRow> = self
            .sql
            .exec("SELECT id, attempts, next_ms FROM deliveries", None)?
            .to_array()?;
        let now = crate::now().millis();
        let mut sent = Vec::new();
        let mut gave_up = Vec::new();
        let mut next_due: Option<i64> = None;
        for n in case.outbox.iter().filter(|n| n.is_pending()) {
            let row = rows.iter().find(|r| r.id == n.id);
            let failed = row.map_or(0, |r| u32::try_from(r.attempts).unwrap_or(u32::MAX));
            if let Some(r) = row.filter(|r| r.next_ms > now) {
                next_due = Some(next_due.map_or(r.next_ms, |d| d.min(r.next_ms)));
                continue;
            }
            match sender.send(&case, n).await {
                Ok(()) => sent.push(n.id.clone()),
                Err(e) => {
                    let failed = failed.saturating_add(1);
                    worker::console_error!(
                        "notification {} (attempt {failed}): {e}",
                        n.message_id(case.id)
                    );
                    let after = crate::now().millis();
                    let due = policy.next_delay_ms(failed).map(|d| after + d);
                    self.sql.exec(
                        "INSERT OR REPLACE INTO deliveries(id, attempts, next_ms) VALUES (?, ?, ?)",
                        vec![
                            n.id.as_str().into(),
                            i64::from(failed).into(),
                            // Given up: never due again (its event says so).
                            due.unwrap_or(after).into(),
                        ],
                    )?;
                    match due {
                        Some(due) => next_due = Some(next_due.map_or(due, |d| d.min(due))),
                        None => gave_up.push(n.id.clone()),
                    }
                }
            }
        }
        let mut next = case;
        let changes = [
            (!sent.is_empty()).then_some(Change::NotificationsSent { ids: sent }),
            (!gave_up.is_empty()).then(|| Change::NotificationsGaveUp {
                ids: gave_up,
                attempts: policy.attempts(),
            }),
        ];
        let events = next.record(&Stamp::system(at), changes.into_iter().flatten());
        self.append(&events)?;
        self.unflushed.borrow_mut().extend(events);
        *self.case.borrow_mut() = Some(next);
        if let Some(due) = next_due {
            self.storage
                .set_alarm((due - crate::now().millis()).max(1))
                .await?;
        }
        Ok(())
    }

    /// The alarm's work: retry delivery and write the result through.
    async fn retry_delivery(&self) -> std::result::Result<(), AppError> {
        self.deliver(crate::now()).await?;
        self.flush().await
    }

    async fn open(&self, open: Open) -> std::result::Result<Outcome, AppError> {
        if let Some(case) = self.current().await? {
            let first = self.events_with_id(&open.event_id)?.into_iter().next();
            let same = matches!(
                first.as_ref().map(|e| &e.change),
                Some(Change::Opened { case: c, .. }) if *c == open.case
            );
            if !same {
                return Err(AppError::Conflict {
                    code: "idempotency_conflict",
                    message: format!(
                        "This Idempotency-Key already opened case {} with different content.",
                        case.id
                    ),
                });
            }
            self.flush().await?;
            return Ok(Outcome {
                case,
                events: first.into_iter().collect(),
                applied: false,
            });
        }
        let event = Stamp::write(open.event_id, &open.actor, open.now).opening(opened(
            open.id,
            open.case,
            open.owner,
            open.now,
            open.public_token,
        ));
        let opened_case = Case::from_opened(&event)
            .ok_or_else(|| AppError::Unexpected("opened event did not open".into()))?;
        self.append(std::slice::from_ref(&event))?;
        *self.case.borrow_mut() = Some(opened_case);
        self.unflushed.borrow_mut().push(event.clone());
        self.deliver(open.now).await?;
        self.flush().await?;
        Ok(Outcome {
            case: self
                .current()
                .await?
                .ok_or_else(|| AppError::Unexpected("opened case vanished".into()))?,
            events: vec![event],
            applied: true,
        })
    }

    async fn apply(&self, apply: Apply) -> std::result::Result<Outcome, AppError> {
        let check_only = apply.check_only;
        let outcome = self.apply_step(apply).await?;
        // A check records nothing; a replay (its earlier events) catches KV up.
        if !check_only || !outcome.events.is_empty() {
            self.flush().await?;
        }
        let events = self.with_delivery(outcome.events)?;
        Ok(Outcome {
            case: self.current().await?.unwrap_or(outcome.case),
            events,
            ..outcome
        })
    }

    /// A write's events and the delivery of its notifications recorded
    /// right after them (`notify-…`), so that an answer brings its
    /// reader's timeline up to the case's version (a replay's too).
    fn with_delivery(&self, mut events: Vec<Event>) -> std::result::Result<Vec<Event>, AppError> {
        let Some(last) = events.iter().map(|e| e.seq).max() else {
            return Ok(events);
        };
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT json FROM events WHERE seq > ? ORDER BY seq LIMIT 4",
                vec![i64::from(last).into()],
            )?
            .to_array()?;
        for row in rows {
            let event: Event = serde_json::from_str(&row.json)?;
            if !event.id.as_ref().starts_with("notify-") {
                break;
            }
            events.push(event);
        }
        Ok(events)
    }

    /// The demo company's past (`routes::setup`, demo setup only): writes
    /// applied in order as [`Self::apply`] does, each at its past time, and
    /// written through to KV once at the end (also when one is refused:
    /// the ones before it stand). A move to the stage the case already
    /// stands in is skipped (a write before it moved the case there), and
    /// so is, on a second sending, a write the first sending skipped (one
    /// not in the log though a later one of the batch is). Answers the case
    /// and the events this sending added.
    async fn apply_past(&self, batch: Vec<Apply>) -> std::result::Result<Outcome, AppError> {
        if self.current().await?.is_none() {
            return Err(AppError::NotFound("There is no such case.".into()));
        }
        // The sender is the seeding manager (`routes::setup` checked),
        // who may read every case; each write is authorized for its actor
        // when it is applied, against the case as it is then.
        for apply in &batch {
            if !apply.past || apply.check_only || apply.token.is_some() {
                return Err(AppError::Unexpected(
                    "a past batch holds only past writes".into(),
                ));
            }
        }
        let mut logged = Vec::with_capacity(batch.len());
        for apply in &batch {
            logged.push(!self.events_with_id(&apply.event_id)?.is_empty());
        }
        let last_logged = logged.iter().rposition(|l| *l);
        let mut events = Vec::new();
        let mut result = Ok(());
        for (i, apply) in batch.into_iter().enumerate() {
            if last_logged.is_some_and(|last| i < last) && !logged[i] {
                continue;
            }
            let status = self.current().await?.map(|c| c.status);
            if matches!(&apply.command, Command::Move { to, .. } if Some(*to) == status)
                && !logged[i]
            {
                continue;
            }
            match self.apply_step(apply).await {
                Ok(outcome) if outcome.applied => events.extend(outcome.events),
                Ok(_) => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.flush().await?;
        result?;
        Ok(Outcome {
            case: self
                .current()
                .await?
                .ok_or_else(|| AppError::Unexpected("the case vanished".into()))?,
            applied: !events.is_empty(),
            events,
        })
    }

    /// One write, not yet written through (see [`Self::apply`]).
    async fn apply_step(&self, apply: Apply) -> std::result::Result<Outcome, AppError> {
        let Some(case) = self.current().await? else {
            return Err(AppError::NotFound("There is no such case.".into()));
        };
        // Authorize first: nothing stored (an earlier write, its events)
        // is looked up for an actor who may not read this case.
        authorize(&apply.actor, apply.token.as_deref(), &case)?;
        if apply.event_id.is_reserved() {
            return Err(AppError::bad(
                "reserved_event_id",
                "Event ids starting `open-` or `notify-`, or holding `:`, are the system's; send another.",
                "event_id",
            ));
        }
        let earlier = self.events_with_id(&apply.event_id)?;
        if !earlier.is_empty() {
            self.same_request(&apply, &earlier)?;
            return Ok(Outcome {
                case,
                events: earlier,
                applied: false,
            });
        }
        if apply.past && apply.now < case.updated_at {
            return Err(AppError::Conflict {
                code: "past_out_of_order",
                message: format!(
                    "Case {} has events after this time: write its history in order.",
                    case.id
                ),
            });
        }
        let (changes, recorded_at) = decide_recorded(
            &case,
            &apply.actor,
            &apply.command,
            apply.now,
            apply.recorded_at,
            &crate::policy(),
        )?;
        if apply.check_only {
            return Ok(Outcome {
                case,
                events: Vec::new(),
                applied: false,
            });
        }
        let mut next = case.clone();
        let stamp =
            Stamp::write(apply.event_id.clone(), &apply.actor, apply.now).recorded_at(recorded_at);
        let events = next.record(&stamp, changes);
        self.append(&events)?;
        self.sql.exec(
            "INSERT OR REPLACE INTO commands(event_id, command) VALUES (?, ?)",
            vec![
                apply.event_id.as_ref().into(),
                fingerprint(&apply.command)?.into(),
            ],
        )?;
        *self.case.borrow_mut() = Some(next.clone());
        self.unflushed.borrow_mut().extend(events.iter().cloned());
        self.deliver(apply.now).await?;
        Ok(Outcome {
            case: self.current().await?.unwrap_or(next),
            events,
            applied: true,
        })
    }

    /// A write sent again under an `event_id` the log holds is a replay only
    /// when the same actor sent the same command; anything else is 409, and
    /// nothing of the earlier write is returned.
    fn same_request(&self, apply: &Apply, earlier: &[Event]) -> std::result::Result<(), AppError> {
        let taken = || AppError::Conflict {
            code: "event_id_taken",
            message: "This event_id belongs to another write on this case; send a new event_id."
                .into(),
        };
        let first = earlier.first().ok_or_else(taken)?;
        if first.by != apply.actor.user || first.role != apply.actor.role {
            return Err(taken());
        }
        #[derive(Deserialize)]
        struct CommandRow {
            command: String,
        }
        // Who sent it is the event's own `by` and `role`, checked above.
        let rows: Vec<CommandRow> = self
            .sql
            .exec(
                "SELECT command FROM commands WHERE event_id = ?",
                vec![apply.event_id.as_ref().into()],
            )?
            .to_array()?;
        match rows.first() {
            Some(row) if row.command != fingerprint(&apply.command)? => Err(AppError::Conflict {
                code: "event_id_reused",
                message:
                    "This event_id was used before for a different command; send a new event_id."
                        .into(),
            }),
            // Written before commands were kept (or the same command): a
            // replay. The system's own events (`open-…`, `notify-…`) never
            // get here: their ids are refused to every sender.
            _ => Ok(()),
        }
    }
}

/// May `actor` read `case` at all? Customers also need the case's own link token.
fn authorize(actor: &Actor, token: Option<&str>, case: &Case) -> std::result::Result<(), AppError> {
    let link_ok = match actor.role {
        Role::Customer => token.is_some_and(|t| t == case.public_token),
        Role::Staff | Role::Manager | Role::Technician | Role::SalesRep | Role::System => true,
    };
    if !link_ok {
        return Err(AppError::NotFound(
            "This link does not open any case.".into(),
        ));
    }
    Ok(readable(case, actor)?)
}

/// The command as kept beside its event id, to tell a replay from a reuse.
fn fingerprint(command: &Command) -> std::result::Result<String, AppError> {
    Ok(serde_json::to_string(command)?)
}
