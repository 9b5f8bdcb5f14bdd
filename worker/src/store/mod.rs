//! Workers KV: the key layout, every read, and the write-through that only
//! case objects call. KV serves every read; it is eventually consistent and
//! keeps the last of two writes to one key, so only a case's Durable Object
//! writes that case's keys, one write at a time.
//!
//! | key | value | metadata |
//! |---|---|---|
//! | `case/{AL-n}` | the case snapshot (JSON), rebuildable from its events | – |
//! | `ev/{AL-n}/{seq, 6 digits}` | one event (JSON); written once, never overwritten | – |
//! | `token/{public token}` | the case number | – |
//! | `idx/…` | empty | a [`CaseSummary`] (see [`index`]) |
//! | `att/{AL-n}/…` | an attachment's bytes stored before R2 (new ones are R2 objects, `routes::files`), still read | – |
//! | `user/{name}` | a user record (JSON) | – |
//! | `session/{sha256 of token}` | a session (JSON), expires with its TTL | – |

pub use afterloop_domain::layout::{index, keys};

use std::collections::BTreeMap;

use futures_util::future::try_join_all;

use afterloop_domain::wire::{CasePage, CaseSummary};
use afterloop_domain::{Case, CaseId, Event};
use worker::kv::KvStore;

use crate::error::AppError;

/// Reads of cases, events and indexes.
pub struct CaseStore {
    kv: KvStore,
}

impl CaseStore {
    /// A store over the namespace.
    pub fn new(kv: KvStore) -> CaseStore {
        CaseStore { kv }
    }

    /// The case snapshot, or `None`.
    pub async fn get(&self, id: CaseId) -> Result<Option<Case>, AppError> {
        Ok(self.kv.get(&keys::case(id)).json::<Case>().await?)
    }

    /// The snapshots of `ids` that exist, in the order asked: one bulk
    /// read per 100 cases.
    pub async fn get_many(&self, ids: &[CaseId]) -> Result<Vec<Case>, AppError> {
        let names: Vec<String> = ids.iter().map(|id| keys::case(*id)).collect();
        let mut cases = Vec::with_capacity(names.len());
        for chunk in names.chunks(100) {
            let mut got = self.kv.get_bulk(chunk).json::<Case>().await?;
            for name in chunk {
                if let Some(Some(case)) = got.remove(name) {
                    cases.push(case);
                }
            }
        }
        Ok(cases)
    }

    /// The case a public token opens, or `None`.
    pub async fn by_token(&self, token: &str) -> Result<Option<Case>, AppError> {
        let valid = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid {
            return Ok(None);
        }
        match self.kv.get(&keys::token(token)).text().await? {
            Some(id) => match CaseId::parse(&id) {
                Ok(id) => self.get(id).await,
                Err(_) => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// The events of `case` up to its version, in order: one bulk read per
    /// 100 events, by key, never a list (a KV list is slower, and may lag
    /// behind writes for longer, than reads by key). Reading up to the
    /// snapshot's version keeps the timeline consistent with the case shown.
    pub async fn events(&self, case: &Case) -> Result<Vec<Event>, AppError> {
        let names: Vec<String> = (1..=case.version)
            .map(|seq| keys::event(case.id, seq))
            .collect();
        let mut events = Vec::with_capacity(names.len());
        for chunk in names.chunks(100) {
            let mut got = self.kv.get_bulk(chunk).json::<Event>().await?;
            for name in chunk {
                if let Some(Some(e)) = got.remove(name) {
                    events.push(e);
                }
            }
        }
        Ok(events)
    }

    /// A page of an index, in key order: one KV list, no per-case reads.
    pub async fn page(
        &self,
        prefix: &str,
        limit: u64,
        cursor: Option<String>,
    ) -> Result<CasePage, AppError> {
        let mut list = self.kv.list().prefix(prefix.to_owned()).limit(limit);
        let with_cursor = cursor.is_some();
        if let Some(cursor) = cursor {
            list = list.cursor(cursor);
        }
        let resp = match list.execute().await {
            Ok(resp) => resp,
            // KV refuses a cursor it did not hand out: the client's fault.
            Err(_) if with_cursor => {
                return Err(AppError::BadRequest {
                    code: "invalid_cursor",
                    message: "This `cursor` is not one a previous page returned.".into(),
                    field: Some("cursor"),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let items = resp
            .keys
            .into_iter()
            .filter_map(|k| k.metadata)
            .map(serde_json::from_value::<CaseSummary>)
            .collect::<Result<Vec<_>, _>>()?;
        let cursor = if resp.list_complete {
            None
        } else {
            resp.cursor
        };
        Ok(CasePage { items, cursor })
    }

    /// Writes a case through to KV: its new events, then (once they are
    /// stored) the snapshot, the token (`first` time only), every index
    /// entry it has now, and the deletion of the `stale` index keys, each
    /// phase's writes in parallel. Every write is idempotent, so writing the
    /// same state again repairs whatever a crash or a failed write left behind.
    pub async fn write_through(
        &self,
        case: &Case,
        new_events: &[Event],
        index: &BTreeMap<String, CaseSummary>,
        stale: &[String],
        first: bool,
    ) -> Result<(), AppError> {
        let mut events = Vec::with_capacity(new_events.len());
        for e in new_events {
            events.push(
                self.kv
                    .put(&keys::event(case.id, e.seq), serde_json::to_string(e)?)?
                    .execute(),
            );
        }
        try_join_all(events).await?;

        let mut puts = vec![self
            .kv
            .put(&keys::case(case.id), serde_json::to_string(case)?)?
            .execute()];
        if first {
            puts.push(
                self.kv
                    .put(&keys::token(&case.public_token), case.id.to_string())?
                    .execute(),
            );
        }
        for (key, summary) in index {
            puts.push(self.kv.put(key, "")?.metadata(summary)?.execute());
        }
        let deletes = stale.iter().map(|key| self.kv.delete(key));
        futures_util::try_join!(try_join_all(puts), try_join_all(deletes))?;
        Ok(())
    }
}
