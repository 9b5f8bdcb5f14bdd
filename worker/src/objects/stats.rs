//! The stats object: how many entries each queue holds, kept as cases are
//! written (never counted by listing KV). One instance (`queues`). Each case
//! object reports the queues its case is in after a write-through that
//! changed them; the object stores that membership per case and moves the
//! counts by the difference, so a repeated report changes nothing and a lost
//! one is repaired by the next.

use std::collections::BTreeMap;

use afterloop_domain::wire::ErrorBody;
use serde::Deserialize;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, SqlStorage, State};

use super::protocol::{CountsAsked, Membership, Message, QueueCounts};

/// Queue counts.
#[durable_object]
pub struct Stats {
    sql: SqlStorage,
}

#[derive(Deserialize)]
struct MemberRow {
    queue: String,
    n: i64,
}

#[derive(Deserialize)]
struct CountRow {
    queue: String,
    n: i64,
}

impl DurableObject for Stats {
    fn new(state: State, _env: Env) -> Self {
        let sql = state.storage().sql();
        if let Err(e) = sql.exec(
            "CREATE TABLE IF NOT EXISTS members(case_id TEXT NOT NULL, queue TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (case_id, queue));
             CREATE TABLE IF NOT EXISTS counts(queue TEXT PRIMARY KEY, n INTEGER NOT NULL);",
            None,
        ) {
            worker::console_error!("stats schema: {e}");
        }
        Stats { sql }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match req.path().as_str() {
            Membership::PATH => {
                let Ok(m) = req.json::<Membership>().await else {
                    return bad("bad membership report");
                };
                self.record(&m)?;
                Response::from_json(&QueueCounts::default())
            }
            CountsAsked::PATH => {
                let Ok(ask) = req.json::<CountsAsked>().await else {
                    return bad("bad counts request");
                };
                Response::from_json(&self.counts(&ask)?)
            }
            _ => bad("unknown stats path"),
        }
    }
}

fn bad(message: &str) -> Result<Response> {
    Response::from_json(&ErrorBody::new("malformed_json", message)).map(|r| r.with_status(400))
}

impl Stats {
    /// Replaces a case's membership and moves the counts by the difference.
    /// No await inside: the object runs it alone.
    fn record(&self, m: &Membership) -> Result<()> {
        let case = m.case.to_string();
        let old: BTreeMap<String, i64> = self
            .sql
            .exec(
                "SELECT queue, n FROM members WHERE case_id = ?",
                vec![case.as_str().into()],
            )?
            .to_array::<MemberRow>()?
            .into_iter()
            .map(|r| (r.queue, r.n))
            .collect();
        let mut queues: Vec<&String> = old.keys().chain(m.queues.keys()).collect();
        queues.sort();
        queues.dedup();
        for queue in queues {
            let before = old.get(queue).copied().unwrap_or(0);
            let after = m.queues.get(queue).copied().map_or(0, i64::from);
            if before == after {
                continue;
            }
            self.sql.exec(
                "INSERT INTO counts(queue, n) VALUES (?, ?) ON CONFLICT(queue) DO UPDATE SET n = n + excluded.n",
                vec![queue.as_str().into(), (after - before).into()],
            )?;
            if after == 0 {
                self.sql.exec(
                    "DELETE FROM members WHERE case_id = ? AND queue = ?",
                    vec![case.as_str().into(), queue.as_str().into()],
                )?;
            } else {
                self.sql.exec(
                    "INSERT INTO members(case_id, queue, n) VALUES (?, ?, ?) ON CONFLICT(case_id, queue) DO UPDATE SET n = excluded.n",
                    vec![case.as_str().into(), queue.as_str().into(), after.into()],
                )?;
            }
        }
        Ok(())
    }

    /// The counts of the asked queues and of every queue under the asked prefixes.
    fn counts(&self, ask: &CountsAsked) -> Result<QueueCounts> {
        let mut out = BTreeMap::new();
        for queue in &ask.queues {
            out.insert(queue.clone(), 0);
        }
        for queue in &ask.queues {
            let rows: Vec<CountRow> = self
                .sql
                .exec(
                    "SELECT queue, n FROM counts WHERE queue = ?",
                    vec![queue.as_str().into()],
                )?
                .to_array()?;
            for r in rows {
                out.insert(r.queue, r.n.max(0) as u64);
            }
        }
        for prefix in &ask.prefixes {
            let rows: Vec<CountRow> = self
                .sql
                .exec(
                    "SELECT queue, n FROM counts WHERE substr(queue, 1, length(?1)) = ?1 AND n > 0 ORDER BY queue LIMIT 500",
                    vec![prefix.as_str().into()],
                )?
                .to_array()?;
            for r in rows {
                out.insert(r.queue, r.n.max(0) as u64);
            }
        }
        Ok(QueueCounts { counts: out })
    }
}
