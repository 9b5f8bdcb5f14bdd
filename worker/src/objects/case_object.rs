//! The case object: one per case, the only writer of that case. It keeps the
//! case in its own SQLite-backed storage and writes it through to KV, where
//! every read is served.

use afterloop_domain::wire::ErrorBody;
use afterloop_domain::Case;
use worker::{durable_object, DurableObject, Env, Request, Response, Result, State};

use super::protocol::{Open, Opened};
use crate::bindings;
use crate::store::CaseStore;

/// Storage key of the case inside the object.
const CASE_KEY: &str = "case";

/// Serialises every write to one case.
#[durable_object]
pub struct CaseObject {
    state: State,
    env: Env,
}

impl DurableObject for CaseObject {
    fn new(state: State, env: Env) -> Self {
        CaseObject { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match req.path().as_str() {
            "/open" => {
                let Ok(open) = req.json::<Open>().await else {
                    return refuse(400, ErrorBody::new("malformed_json", "bad open request"));
                };
                self.open(open).await
            }
            other => refuse(
                404,
                ErrorBody::new("not_found", format!("no object route {other}")),
            ),
        }
    }
}

impl CaseObject {
    /// Opens the case once; a replay of the same request returns the stored
    /// case and writes it through again (healing a KV write that failed).
    async fn open(&self, open: Open) -> Result<Response> {
        let storage = self.state.storage();
        let stored: Option<Case> = storage.get(CASE_KEY).await?;
        let (case, created) = match stored {
            Some(case) if case.kind == open.case.kind && case.title == open.case.title => {
                (case, false)
            }
            Some(case) => {
                return refuse(
                    409,
                    ErrorBody::new(
                        "idempotency_conflict",
                        format!(
                            "This Idempotency-Key already opened case {} with different content.",
                            case.id
                        ),
                    ),
                )
            }
            None => {
                let case = open.case.open(open.id, open.now);
                storage.put(CASE_KEY, &case).await?;
                (case, true)
            }
        };
        let store = CaseStore::new(self.env.kv(bindings::KV)?);
        store
            .put(&case)
            .await
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
        Response::from_json(&Opened { case, created })
    }
}

fn refuse(status: u16, body: ErrorBody) -> Result<Response> {
    Response::from_json(&body).map(|r| r.with_status(status))
}
