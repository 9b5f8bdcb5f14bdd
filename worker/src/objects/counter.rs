//! The counter object: hands out case numbers, one at a time, never twice.
//! SQLite-backed; one instance (`cases`) numbers all cases.

use afterloop_domain::wire::ErrorBody;
use serde::Deserialize;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use super::protocol::{Allocate, Allocated};

/// Case numbers start after this, so the first case is `AL-1001`.
pub const FIRST_SEQUENCE_OFFSET: i64 = 1000;

/// Sequence counter with idempotency-key memory.
#[durable_object]
pub struct Counter {
    sql: SqlStorage,
}

#[derive(Deserialize)]
struct Value {
    value: i64,
}

impl DurableObject for Counter {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS sequence(value INTEGER NOT NULL);
             CREATE TABLE IF NOT EXISTS idempotency(key TEXT PRIMARY KEY, value INTEGER NOT NULL);",
            None,
        ) {
            worker::console_error!("counter schema: {e}");
        }
        Counter { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let Ok(ask) = req.json::<Allocate>().await else {
            return Response::from_json(&ErrorBody::new("malformed_json", "bad allocate request"))
                .map(|r| r.with_status(400));
        };
        // No await between the reads and the writes below: the object runs
        // this block alone, so two requests never get one number.
        if let Some(key) = &ask.idempotency_key {
            let seen: Vec<Value> = self
                .sql
                .exec(
                    "SELECT value FROM idempotency WHERE key = ?",
                    vec![key.as_str().into()],
                )?
                .to_array()?;
            if let Some(v) = seen.first() {
                return Response::from_json(&Allocated {
                    sequence: v.value as u32,
                });
            }
        }
        if ask.known_only {
            return Response::from_json(&ErrorBody::new("not_found", "no case has this key"))
                .map(|r| r.with_status(404));
        }
        let current: Vec<Value> = self
            .sql
            .exec("SELECT value FROM sequence LIMIT 1", None)?
            .to_array()?;
        let next = current.first().map_or(FIRST_SEQUENCE_OFFSET, |v| v.value) + 1;
        if current.is_empty() {
            self.sql
                .exec("INSERT INTO sequence(value) VALUES (?)", vec![next.into()])?;
        } else {
            self.sql
                .exec("UPDATE sequence SET value = ?", vec![next.into()])?;
        }
        if let Some(key) = &ask.idempotency_key {
            self.sql.exec(
                "INSERT INTO idempotency(key, value) VALUES (?, ?)",
                vec![key.as_str().into(), next.into()],
            )?;
        }
        let sequence =
            u32::try_from(next).map_err(|_| worker::Error::from("case numbers exhausted"))?;
        Response::from_json(&Allocated { sequence })
    }
}
