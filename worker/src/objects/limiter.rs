//! The limiter object: one abuse counter (see `afterloop_domain::limits`),
//! named by what it counts (`login/pair/li.na/203.0.113.7`,
//! `public/lookup/203.0.113.7`, `challenge/{id}`). Each request reads the
//! counter, applies the rule and writes it back with no await in between,
//! so the object handles them strictly one at a time: 30 parallel requests
//! against a limit of 10 get exactly 10 allowances. When the window ends,
//! an alarm deletes the object's storage, so idle counters keep nothing.

use afterloop_domain::limits::{Verdict, Window};
use afterloop_domain::wire::ErrorBody;
use serde::Deserialize;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use super::protocol::{Limit, LimitOp};

/// One counter.
#[durable_object]
pub struct Limiter {
    state: State,
    sql: SqlStorage,
}

#[derive(Deserialize)]
struct Row {
    opened_ms: i64,
    hits: i64,
    ends_ms: i64,
}

impl DurableObject for Limiter {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        Limiter { state, sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let Ok(ask) = req.json::<Limit>().await else {
            return Response::from_json(&ErrorBody::new("malformed_json", "bad limit request"))
                .map(|r| r.with_status(400));
        };
        let (verdict, ends_ms) = self.count(&ask)?;
        if let Some(ends_ms) = ends_ms {
            self.state
                .storage()
                .set_alarm((ends_ms - ask.now.millis()).max(1))
                .await?;
        }
        Response::from_json(&verdict)
    }

    /// The window is over: forget it (a new one may have opened since the
    /// alarm was set; then wait for that one's end).
    async fn alarm(&self) -> Result<Response> {
        let now = worker::Date::now().as_millis() as i64;
        match self.window()? {
            Some(row) if row.ends_ms > now => {
                self.state.storage().set_alarm(row.ends_ms - now).await?;
            }
            _ => self.state.storage().delete_all().await?,
        }
        Response::ok("")
    }
}

impl Limiter {
    fn window(&self) -> Result<Option<Row>> {
        self.sql.exec(
            "CREATE TABLE IF NOT EXISTS counter(id INTEGER PRIMARY KEY CHECK (id = 1), opened_ms INTEGER NOT NULL, hits INTEGER NOT NULL, ends_ms INTEGER NOT NULL);",
            None,
        )?;
        let rows: Vec<Row> = self
            .sql
            .exec(
                "SELECT opened_ms, hits, ends_ms FROM counter WHERE id = 1",
                None,
            )?
            .to_array()?;
        Ok(rows.into_iter().next())
    }

    /// Applies one operation; no await inside, so requests never interleave
    /// between the read and the write. Also answers the end of a window that
    /// opened now (to set the alarm for).
    fn count(&self, ask: &Limit) -> Result<(Verdict, Option<i64>)> {
        let mut window = self
            .window()?
            .map(|row| Window {
                opened_ms: row.opened_ms,
                hits: u32::try_from(row.hits).unwrap_or(0),
            })
            .unwrap_or_default();
        let before = window;
        let verdict = match ask.op {
            LimitOp::Take => window.take(ask.rule, ask.now),
            LimitOp::Refund => {
                window.refund(ask.rule, ask.now);
                Verdict::Allowed { hits: window.hits }
            }
            LimitOp::Reset => {
                window = Window::default();
                Verdict::Allowed { hits: 0 }
            }
        };
        if window == before {
            return Ok((verdict, None));
        }
        let ends_ms = window.ends_ms(ask.rule);
        self.sql.exec(
            "INSERT INTO counter(id, opened_ms, hits, ends_ms) VALUES (1, ?, ?, ?)
             ON CONFLICT(id) DO UPDATE SET opened_ms = excluded.opened_ms, hits = excluded.hits, ends_ms = excluded.ends_ms",
            vec![window.opened_ms.into(), i64::from(window.hits).into(), ends_ms.into()],
        )?;
        let opened = window.opened_ms != before.opened_ms || before.hits == 0;
        Ok((verdict, opened.then_some(ends_ms)))
    }
}
