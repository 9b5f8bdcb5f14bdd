//! API tests: every route, its errors and its guarantees, against a real
//! `wrangler dev` with the local KV and Durable Objects.

mod cases;
mod errors;
mod health;
mod shell;
