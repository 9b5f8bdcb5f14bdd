//! What every handler takes: the request's [`Context`] (the request, the
//! environment, the path's parameters by name), built once per request by
//! the router, and the helpers every route uses to read it: the store, the
//! session, a case number from the path, `version` and `Idempotency-Key`.

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::CaseId;
use worker::{Env, Request};

use crate::auth::{self, Session};
use crate::error::AppError;
use crate::store::CaseStore;
use crate::{bindings, now};

/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 128;

/// One request as the router hands it to its handler.
pub struct Context {
    /// The request.
    pub req: Request,
    /// The worker's environment (bindings, vars).
    pub env: Env,
    /// The path's parameters (`{id}` of `/cases/{id}`).
    pub params: Params,
}

/// A path's parameters by name, each at most
/// [`super::MAX_PARAM_BYTES`] (checked by the router).
#[derive(Debug, Default)]
pub struct Params(pub(super) Vec<(&'static str, String)>);

impl Params {
    /// The parameter `name` (empty when the route has none of that name).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The case number in `{id}` (see [`parse_id`]).
    pub fn case_id(&self) -> Result<CaseId, AppError> {
        parse_id(self.get("id"))
    }
}

impl Context {
    /// The case store over the KV binding.
    pub fn store(&self) -> Result<CaseStore, AppError> {
        store(&self.env)
    }

    /// The caller's session (401 without one).
    pub async fn session(&self) -> Result<Session, AppError> {
        session(&self.req, &self.env).await
    }

    /// Who calls, from their session (401 without one).
    pub async fn actor(&self) -> Result<Actor, AppError> {
        Ok(self.session().await?.actor())
    }

    /// Who calls, if their role may take `action` (on no case in
    /// particular): 401 without a session, 403 saying they may not `what`.
    pub async fn actor_allowed(&self, action: Action, what: &str) -> Result<Actor, AppError> {
        let actor = self.actor().await?;
        if !allowed(&actor, action, None) {
            return Err(AppError::forbidden(what));
        }
        Ok(actor)
    }

    /// The `version` query value (see [`version_param`]).
    pub fn version(&self) -> Result<Option<u32>, AppError> {
        version_param(&self.req)
    }

    /// The `Idempotency-Key` header (see [`idempotency_key`]).
    pub fn idempotency_key(&self) -> Result<Option<String>, AppError> {
        idempotency_key(&self.req)
    }
}

/// The company's day now (China time): intake judges purchase dates by it.
pub fn today() -> afterloop_domain::Date {
    now().date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
}

/// The case store over the KV binding.
pub fn store(env: &Env) -> Result<CaseStore, AppError> {
    Ok(CaseStore::new(env.kv(bindings::KV)?))
}

/// The caller's session: 401 when not signed in or the session ended.
pub async fn session(req: &Request, env: &Env) -> Result<Session, AppError> {
    auth::session(req, &env.kv(bindings::KV)?, now()).await
}

/// A case number from the path: 400 when it is not shaped like one, 404
/// when it is shaped like one that cannot exist (`AL-0`, beyond the range).
pub fn parse_id(id: &str) -> Result<CaseId, AppError> {
    CaseId::parse(id).map_err(|e| {
        let shaped = id
            .get(..CaseId::PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(CaseId::PREFIX))
            && id.len() > CaseId::PREFIX.len()
            && id[CaseId::PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_digit());
        if shaped {
            AppError::NotFound(format!("There is no case {id}."))
        } else {
            AppError::bad("invalid_case_id", e.to_string(), "id")
        }
    })
}

/// The `version` query value: the newest version of the case the reader
/// was shown (a command's answer, an earlier read). 400 `invalid_version`
/// unless it is a whole number from 0 to 4294967295.
pub fn version_param(req: &Request) -> Result<Option<u32>, AppError> {
    let url = req.url()?;
    let Some((_, value)) = url.query_pairs().find(|(name, _)| name == "version") else {
        return Ok(None);
    };
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse::<u32>() {
        Ok(v) if digits => Ok(Some(v)),
        _ => Err(AppError::bad(
            "invalid_version",
            "`version` must be a case version: a whole number from 0 to 4294967295.",
            "version",
        )),
    }
}

/// The `Idempotency-Key` header, if sent: 400 unless 1 to
/// [`MAX_IDEMPOTENCY_KEY`] visible ASCII characters.
pub fn idempotency_key(req: &Request) -> Result<Option<String>, AppError> {
    let Some(key) = req.headers().get("Idempotency-Key")? else {
        return Ok(None);
    };
    let valid = !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY
        && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key))
    } else {
        Err(AppError::BadRequest {
            code: "invalid_idempotency_key",
            message: format!(
                "`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters."
            ),
            field: Some("Idempotency-Key"),
        })
    }
}
