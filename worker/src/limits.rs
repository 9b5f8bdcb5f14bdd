//! Abuse limits at the edge: the client's address, the counters (each a
//! [`crate::objects::Limiter`] object of its own, so counting is exact under
//! any concurrency; the rules are `afterloop_domain::limits`), and the
//! proof-of-work challenge of the public form and of a sign-in under
//! attack.
//!
//! The client's address comes from `CF-Connecting-IP` only where the worker
//! var [`TRUST_ADDRESS_VAR`] says the header is trustworthy: deployed on
//! Cloudflare, whose edge sets it on every request and overwrites whatever a
//! client sent. Under `wrangler dev` (`worker/.dev.vars` says `false`) the
//! header is the loopback address or whatever the client wrote, so every
//! client is one address, `local`.

use afterloop_domain::challenge::{self, DIFFICULTY_BITS, VALID_SECONDS};
use afterloop_domain::layout::keys;
use afterloop_domain::limits::{self, address_key, wait_text, Rule, Verdict};
use afterloop_domain::wire::Challenge;
use afterloop_domain::UserId;
use wasm_bindgen::JsValue;
use worker::{Env, Request};

use crate::error::AppError;
use crate::objects::{self, protocol::Limit as LimitAsked, protocol::LimitOp};
use crate::{bindings, crypto, now};

/// The worker var saying whether `CF-Connecting-IP` is the client's
/// address: `"true"` in `wrangler.toml` (deployed), `"false"` in
/// `worker/.dev.vars` (every local run). Unset means `true`: a deployed
/// worker always sits behind Cloudflare's edge.
pub const TRUST_ADDRESS_VAR: &str = "TRUST_CF_CONNECTING_IP";

/// The header Cloudflare's edge puts the client's address in.
pub const ADDRESS_HEADER: &str = "CF-Connecting-IP";

/// The address of every client where the header is not trusted.
pub const LOCAL_ADDRESS: &str = "local";

/// Whether this deployment trusts `CF-Connecting-IP` (see [`TRUST_ADDRESS_VAR`]).
pub fn address_trusted(env: &Env) -> bool {
    let value = js_sys::Reflect::get(env, &JsValue::from_str(TRUST_ADDRESS_VAR))
        .unwrap_or(JsValue::UNDEFINED);
    match value.as_string().as_deref().map(str::trim) {
        Some("false") => false,
        Some("true") | None => true,
        Some(other) => {
            worker::console_warn!(
                "{TRUST_ADDRESS_VAR} = {other:?} is neither \"true\" nor \"false\"; trusting {ADDRESS_HEADER}"
            );
            true
        }
    }
}

/// The client's address as counters name it: `CF-Connecting-IP` (an IPv6
/// address by its /64) where trusted, else `local`. A trusted header that is
/// not an IP address is refused (400): behind Cloudflare that cannot happen.
pub fn client_address(req: &Request, env: &Env) -> Result<String, AppError> {
    if !address_trusted(env) {
        return Ok(LOCAL_ADDRESS.to_owned());
    }
    match req.headers().get(ADDRESS_HEADER)? {
        // Behind Cloudflare the header is always there; a request without
        // it (a test calling the worker directly) counts as one address.
        None => Ok("unknown".to_owned()),
        Some(text) => address_key(&text).ok_or_else(|| {
            AppError::bad(
                "invalid_address",
                format!("`{ADDRESS_HEADER}` must be an IP address."),
                ADDRESS_HEADER,
            )
        }),
    }
}

/// One abuse counter: its name (which object counts it) and its rule.
pub struct Counter {
    name: String,
    rule: Rule,
}

impl Counter {
    /// Requests of one client address to one public endpoint.
    pub fn public(endpoint: &str, address: &str) -> Counter {
        Counter {
            name: format!("public/{endpoint}/{address}"),
            rule: limits::PUBLIC,
        }
    }

    /// Password checks of one user name from one address.
    pub fn login_pair(user: &UserId, address: &str) -> Counter {
        Counter {
            name: format!("login/pair/{user}/{address}"),
            rule: limits::LOGIN_PAIR,
        }
    }

    /// Unchallenged password checks of one user name from every address.
    pub fn login_user(user: &UserId) -> Counter {
        Counter {
            name: format!("login/user/{user}"),
            rule: limits::LOGIN_USER,
        }
    }

    /// The spending of one challenge.
    fn challenge(id: &str) -> Counter {
        Counter {
            name: format!("challenge/{id}"),
            rule: limits::CHALLENGE,
        }
    }

    async fn ask(&self, env: &Env, op: LimitOp) -> Result<Verdict, AppError> {
        let ask = LimitAsked {
            op,
            rule: self.rule,
            now: now(),
        };
        objects::call(env, &self.name, &ask)
            .await?
            .map_err(AppError::Refused)
    }

    /// Counts one hit if the rule allows it.
    pub async fn take(&self, env: &Env) -> Result<Verdict, AppError> {
        self.ask(env, LimitOp::Take).await
    }

    /// Counts one hit, or refuses with 429 saying `why` and the wait.
    pub async fn take_or_refuse(&self, env: &Env, why: &str) -> Result<(), AppError> {
        match self.take(env).await? {
            Verdict::Allowed { .. } => Ok(()),
            Verdict::Refused { retry_after_secs } => Err(too_many(why, retry_after_secs)),
        }
    }

    /// Gives back one hit (it turned out not to count).
    pub async fn refund(&self, env: &Env) -> Result<(), AppError> {
        self.ask(env, LimitOp::Refund).await.map(|_| ())
    }

    /// Forgets the counter's window.
    pub async fn reset(&self, env: &Env) -> Result<(), AppError> {
        self.ask(env, LimitOp::Reset).await.map(|_| ())
    }
}

/// A 429 saying why and for how long.
pub fn too_many(why: &str, retry_after_secs: u64) -> AppError {
    AppError::TooManyRequests {
        message: format!("{why}; try again in {}.", wait_text(retry_after_secs)),
        retry_after_secs,
    }
}

/// The per-address limit of a public endpoint (`challenge`, `request`,
/// `lookup`, `upload`): 429 beyond it.
pub async fn public(req: &Request, env: &Env, endpoint: &str) -> Result<(), AppError> {
    Counter::public(endpoint, &client_address(req, env)?)
        .take_or_refuse(env, "Too many requests from your address")
        .await
}

/// A fresh single-use challenge, kept in KV until it is spent or expires.
pub async fn issue_challenge(env: &Env) -> Result<Challenge, AppError> {
    let id = crypto::token()?;
    env.kv(bindings::KV)?
        .put(&keys::challenge(&id), DIFFICULTY_BITS.to_string())?
        .expiration_ttl(VALID_SECONDS)
        .execute()
        .await?;
    Ok(Challenge {
        challenge: id,
        difficulty: DIFFICULTY_BITS,
        expires_in: VALID_SECONDS,
    })
}

/// Whether the request carries a challenge (`X-Challenge`, `X-Challenge-Nonce`).
pub fn has_challenge(req: &Request) -> Result<bool, AppError> {
    Ok(req.headers().has("X-Challenge")? || req.headers().has("X-Challenge-Nonce")?)
}

/// Whether the request carries a well-formed challenge and a nonce solving
/// it at the form's difficulty, spent or not (nothing stored is read): a
/// retry of a request that already opened a case shows it this way.
pub async fn solves_challenge(req: &Request) -> Result<bool, AppError> {
    let Some((id, nonce)) = solution(req)? else {
        return Ok(false);
    };
    let hash = crypto::sha256(challenge::message(&id, &nonce).as_bytes()).await?;
    Ok(challenge::solves(&hash, DIFFICULTY_BITS))
}

/// The challenge and nonce a request carries, if well formed.
fn solution(req: &Request) -> Result<Option<(String, String)>, AppError> {
    let id = req.headers().get("X-Challenge")?.unwrap_or_default();
    let nonce = req.headers().get("X-Challenge-Nonce")?.unwrap_or_default();
    let well_formed = id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
    Ok((well_formed && !nonce.is_empty() && nonce.len() <= 32).then_some((id, nonce)))
}

/// Checks and spends the request's challenge: one we handed out, solved,
/// and never spent before (the spending is counted by a limiter object, so
/// parallel requests cannot spend one challenge twice).
pub async fn spend_challenge(req: &Request, env: &Env) -> Result<(), AppError> {
    let failed = |message: &str| AppError::bad("challenge_failed", message, "challenge");
    let Some((id, nonce)) = solution(req)? else {
        return Err(failed(
            "Send a challenge from GET /api/v1/public/challenge and its solution (X-Challenge, X-Challenge-Nonce).",
        ));
    };
    let expired = || failed("This challenge has expired or was used; fetch a new one.");
    let kv = env.kv(bindings::KV)?;
    let key = keys::challenge(&id);
    let difficulty = kv
        .get(&key)
        .text()
        .await?
        .and_then(|d| d.parse::<u32>().ok())
        .ok_or_else(expired)?;
    let hash = crypto::sha256(challenge::message(&id, &nonce).as_bytes()).await?;
    if !challenge::solves(&hash, difficulty) {
        return Err(failed(
            "The challenge is not solved; solve it and send again.",
        ));
    }
    if let Verdict::Refused { .. } = Counter::challenge(&id).take(env).await? {
        return Err(expired());
    }
    kv.delete(&key).await?;
    Ok(())
}
