//! Abuse limits: counters in KV per time window (`rate/…` keys with a TTL).
//! Approximate, since KV is eventually consistent and has no atomic
//! increment, but enough to stop a script hammering the public endpoints or
//! guessing a password.

use worker::kv::KvStore;
use worker::Request;

use crate::error::AppError;
use crate::now;

/// A counter: at most `limit` hits per `window_secs` under `key`.
pub struct Limit {
    key: String,
    limit: u32,
    window_secs: u64,
}

impl Limit {
    /// A limit for `bucket` and `who`, counted per window of `window_secs`.
    pub fn new(bucket: &str, who: &str, limit: u32, window_secs: u64) -> Limit {
        let window = now().millis() / (window_secs as i64 * 1000);
        Limit {
            key: format!("rate/{bucket}/{who}/{window}"),
            limit,
            window_secs,
        }
    }

    /// The client's address (`CF-Connecting-IP`; `local` under wrangler dev).
    pub fn address(req: &Request) -> Result<String, AppError> {
        Ok(req
            .headers()
            .get("CF-Connecting-IP")?
            .unwrap_or_else(|| "local".to_owned()))
    }

    async fn count(&self, kv: &KvStore) -> Result<u32, AppError> {
        Ok(kv
            .get(&self.key)
            .text()
            .await?
            .and_then(|t| t.parse().ok())
            .unwrap_or(0))
    }

    /// 429 once the limit is reached.
    pub async fn check(&self, kv: &KvStore) -> Result<(), AppError> {
        if self.count(kv).await? >= self.limit {
            return Err(AppError::TooManyRequests);
        }
        Ok(())
    }

    /// Counts one hit.
    pub async fn hit(&self, kv: &KvStore) -> Result<(), AppError> {
        let count = self.count(kv).await?;
        kv.put(&self.key, (count + 1).to_string())?
            .expiration_ttl(self.window_secs + 60)
            .execute()
            .await?;
        Ok(())
    }

    /// Checks, then counts one hit.
    pub async fn take(&self, kv: &KvStore) -> Result<(), AppError> {
        self.check(kv).await?;
        self.hit(kv).await
    }
}
