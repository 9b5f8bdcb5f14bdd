//! The KV key layout and every KV read and write-through.
//!
//! | key | value | metadata |
//! |---|---|---|
//! | `case/{id}` | the case, JSON | none |
//! | `idx/recent/{inverted seq, 10 digits}` | empty | the case, JSON (list pages need no extra reads) |
//!
//! KV lists keys in byte order, so the recent index inverts the sequence
//! number (`u32::MAX - seq`, zero-padded) to list the newest case first.
//! Only a case's Durable Object calls [`CaseStore::put`]; routes only read.

use afterloop_domain::wire::CasePage;
use afterloop_domain::{Case, CaseId};
use worker::kv::KvStore;

use crate::error::AppError;

/// Prefix of the newest-first index.
const RECENT_PREFIX: &str = "idx/recent/";

/// Cases in Workers KV.
pub struct CaseStore {
    kv: KvStore,
}

impl CaseStore {
    /// A store over the given namespace.
    pub fn new(kv: KvStore) -> CaseStore {
        CaseStore { kv }
    }

    fn case_key(id: CaseId) -> String {
        format!("case/{id}")
    }

    fn recent_key(id: CaseId) -> String {
        format!("{RECENT_PREFIX}{:010}", u32::MAX - id.sequence())
    }

    /// One case, or `None` when there is no such case.
    pub async fn get(&self, id: CaseId) -> Result<Option<Case>, AppError> {
        Ok(self.kv.get(&Self::case_key(id)).json::<Case>().await?)
    }

    /// A page of cases, newest first: one KV list, no per-case reads.
    pub async fn list(&self, limit: u64, cursor: Option<String>) -> Result<CasePage, AppError> {
        let mut list = self.kv.list().prefix(RECENT_PREFIX.to_owned()).limit(limit);
        if let Some(cursor) = cursor {
            list = list.cursor(cursor);
        }
        let resp = list.execute().await?;
        let items = resp
            .keys
            .into_iter()
            .filter_map(|k| k.metadata)
            .map(serde_json::from_value::<Case>)
            .collect::<Result<Vec<_>, _>>()?;
        let cursor = if resp.list_complete {
            None
        } else {
            resp.cursor
        };
        Ok(CasePage { items, cursor })
    }

    /// Writes the case and its index entry. Idempotent: writing the same case
    /// again leaves the same state.
    pub async fn put(&self, case: &Case) -> Result<(), AppError> {
        self.kv
            .put(&Self::case_key(case.id), serde_json::to_string(case)?)?
            .execute()
            .await?;
        self.kv
            .put(&Self::recent_key(case.id), "")?
            .metadata(case)?
            .execute()
            .await?;
        Ok(())
    }
}
