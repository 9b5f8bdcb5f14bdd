//! API tests: every route, its errors and its guarantees, against a real
//! `wrangler dev` with the local KV and Durable Objects.

mod admin;
mod adversary;
mod attachments;
mod auth;
mod bootstrap;
mod cases;
mod concurrency;
mod customers;
mod demo_setup;
mod error_phrases;
mod errors;
mod exposure;
mod fresh_reads;
mod health;
mod input_rules;
mod jobs;
mod lengths;
mod lifecycle;
mod limits;
mod methods;
mod movement_photos;
mod notifications;
mod pages;
mod permissions;
mod queues;
mod refusals;
mod rep_quotes;
mod reports;
mod shell;
mod tech_view;
mod visits;
