//! Afterloop's Cloudflare Worker.
//!
//! One origin: static assets (the built app) are served by the platform from
//! `[assets]`; every `/api/*` request runs this code first. Reads come straight
//! from Workers KV; every write to a case goes through that case's Durable
//! Object ([`objects::CaseObject`]), which serialises writes and writes through
//! to KV. Case numbers come from the [`objects::Counter`] object.
//!
//! Modules: [`routes`] (HTTP edge: parse, call, respond), [`store`] (KV key
//! layout, reads and write-through), [`objects`] (Durable Objects),
//! [`error`] (the one error type and its HTTP mapping).
#![deny(missing_docs)]

pub mod auth;
pub mod crypto;
pub mod error;
pub mod limits;
pub mod notify;
pub mod objects;
pub mod openapi;
pub mod routes;
pub mod store;

use worker::{event, Context, Env, Request, Response, Result};

/// Names of the bindings declared in `wrangler.toml`, fetched only here and
/// in the objects.
pub mod bindings {
    /// The Workers KV namespace holding cases and their indexes.
    pub const KV: &str = "KV";
    /// The R2 bucket holding photos and signatures.
    pub const FILES: &str = "FILES";
    /// Durable Object namespace: one object per case.
    pub const CASE: &str = "CASE";
    /// Durable Object namespace: sequence counters (case numbers).
    pub const COUNTER: &str = "COUNTER";
    /// Durable Object namespace: queue counts (one object, `queues`).
    pub const STATS: &str = "STATS";
    /// Durable Object namespace: report aggregates (one object, `reports`).
    pub const REPORTS: &str = "REPORTS";
    /// Durable Object namespace: abuse counters (one object per counter).
    pub const LIMITER: &str = "LIMITER";
}

/// The company's rules in force (approval limits, SLA targets, intake owner).
pub fn policy() -> afterloop_domain::case::Policy {
    afterloop_domain::case::Policy::default()
}

/// The worker's clock, as a domain instant.
pub fn now() -> afterloop_domain::Timestamp {
    afterloop_domain::Timestamp::from_millis(worker::Date::now().as_millis() as i64)
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Ok(routes::handle(req, env).await)
}
