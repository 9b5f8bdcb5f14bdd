//! Users, passwords and sessions. Users live in KV with a PBKDF2-SHA256 hash
//! and a per-user salt; a session is a random bearer token of which KV keeps
//! only the SHA-256. A session lasts `SESSION_TTL_SECONDS` (12 h unless the
//! worker var says otherwise): its record carries `expires_at`, checked on
//! every request, and KV evicts it some time after that by itself. Password
//! guessing is limited per user name and client address, and beyond a
//! higher ceiling per user name a sign-in needs a solved challenge (see [`login`]).

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::Language;
use afterloop_domain::limits::Verdict;
use afterloop_domain::wire::{LoginRequest, LoginResponse, UserInfo};
use afterloop_domain::{Timestamp, UserId};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::kv::KvStore;
use worker::{Env, Request};

use crate::crypto;
use crate::error::AppError;
use crate::limits::{self, Counter};
use crate::store::keys;

/// The worker var that sets how long a session lasts, in seconds.
pub const SESSION_TTL_VAR: &str = "SESSION_TTL_SECONDS";

/// How long a session lasts when `SESSION_TTL_SECONDS` is unset or nonsense: 12 h.
pub const DEFAULT_SESSION_TTL_SECS: u64 = 12 * 3600;

/// The longest session `SESSION_TTL_SECONDS` may ask for: 30 days.
pub const MAX_SESSION_TTL_SECS: u64 = 30 * 24 * 3600;

/// KV's shortest `expirationTtl`. A shorter session still ends on time: its
/// `expires_at` is checked on every request; KV only evicts it later.
const KV_MIN_TTL_SECS: u64 = 60;

/// A session lifetime from the text of `SESSION_TTL_SECONDS`: a whole number
/// of seconds from 1 to [`MAX_SESSION_TTL_SECS`]; `None` for anything else
/// (empty, zero, negative, fractional, too long).
pub fn parse_session_ttl(raw: &str) -> Option<u64> {
    raw.trim()
        .parse::<u64>()
        .ok()
        .filter(|secs| (1..=MAX_SESSION_TTL_SECS).contains(secs))
}

/// This deployment's session lifetime in seconds, from the worker var
/// `SESSION_TTL_SECONDS` (a string, as `wrangler dev --var SESSION_TTL_SECONDS:60`
/// gives, or a number in `[vars]`); 12 h when unset or nonsense.
pub fn session_ttl(env: &Env) -> u64 {
    let value = js_sys::Reflect::get(env, &JsValue::from_str(SESSION_TTL_VAR))
        .unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return DEFAULT_SESSION_TTL_SECS;
    }
    let raw = value
        .as_string()
        .or_else(|| value.as_f64().map(|n| n.to_string()))
        .unwrap_or_default();
    parse_session_ttl(&raw).unwrap_or_else(|| {
        worker::console_warn!(
            "{SESSION_TTL_VAR} = {raw:?} is not a whole number of seconds from 1 to {MAX_SESSION_TTL_SECS}; sessions last the default {DEFAULT_SESSION_TTL_SECS} s"
        );
        DEFAULT_SESSION_TTL_SECS
    })
}

/// A user as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRecord {
    /// Login name.
    pub name: UserId,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Preferred language.
    pub language: Language,
    /// Salt, hex.
    pub salt: String,
    /// PBKDF2-SHA256 of the password, hex.
    pub hash: String,
    /// Iterations used for `hash`.
    pub iterations: u32,
    /// Signing in is refused (a manager disabled the account).
    #[serde(default)]
    pub disabled: bool,
}

impl UserRecord {
    /// A user with a freshly salted and hashed password.
    pub async fn new(
        name: UserId,
        display_name: &str,
        role: Role,
        language: Language,
        password: &str,
    ) -> Result<UserRecord, AppError> {
        let salt = crypto::random_bytes(16)?;
        let hash = crypto::pbkdf2(password, &salt, crypto::PBKDF2_ITERATIONS).await?;
        Ok(UserRecord {
            name,
            display_name: display_name.to_owned(),
            role,
            language,
            salt: crypto::hex(&salt),
            hash: crypto::hex(&hash),
            iterations: crypto::PBKDF2_ITERATIONS,
            disabled: false,
        })
    }

    /// Sets a new password (fresh salt).
    pub async fn set_password(&mut self, password: &str) -> Result<(), AppError> {
        let salt = crypto::random_bytes(16)?;
        self.hash = crypto::hex(&crypto::pbkdf2(password, &salt, crypto::PBKDF2_ITERATIONS).await?);
        self.salt = crypto::hex(&salt);
        self.iterations = crypto::PBKDF2_ITERATIONS;
        Ok(())
    }

    /// What a manager sees of the user.
    pub fn admin(&self) -> afterloop_domain::wire::AdminUser {
        afterloop_domain::wire::AdminUser {
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            language: self.language,
            disabled: self.disabled,
        }
    }

    /// What the app sees of the user.
    pub fn info(&self) -> UserInfo {
        UserInfo {
            name: self.name.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            language: self.language,
        }
    }
}

/// A signed-in session as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// Who.
    pub user: UserInfo,
    /// Until when.
    pub expires_at: Timestamp,
}

impl Session {
    /// The acting user.
    pub fn actor(&self) -> Actor {
        Actor {
            user: self.user.name.clone(),
            role: self.user.role,
        }
    }
}

fn invalid_credentials() -> AppError {
    AppError::Unauthorized("The user name or password is wrong.".to_owned())
}

/// Checks the password and opens a session of `ttl_secs` seconds, within
/// the sign-in limits (`afterloop_domain::limits`): each check is counted
/// before it runs, so parallel guesses cannot pass a limit. Per user name
/// and client address, [`afterloop_domain::limits::LOGIN_PAIR`] checks a quarter hour, then
/// 429 for that pair only; per user name from every address,
/// [`afterloop_domain::limits::LOGIN_USER`] checks without a solved challenge, then the
/// request must carry one (`X-Challenge`, `X-Challenge-Nonce`; 400
/// `challenge_required` without). A successful sign-in clears its pair and
/// gives its check back to the user's count.
pub async fn login(
    env: &Env,
    http: &Request,
    req: &LoginRequest,
    now: Timestamp,
    ttl_secs: u64,
) -> Result<LoginResponse, AppError> {
    let name = UserId::parse(req.user.trim()).map_err(|_| invalid_credentials())?;
    if req.password.is_empty() || req.password.len() > 256 {
        return Err(invalid_credentials());
    }
    let address = limits::client_address(http, env)?;
    let pair = Counter::login_pair(&name, &address);
    pair.take_or_refuse(
        env,
        &format!("Too many failed sign-ins as {name} from your address"),
    )
    .await?;
    let user_count = Counter::login_user(&name);
    let unchallenged = matches!(user_count.take(env).await?, Verdict::Allowed { .. });
    if !unchallenged {
        let challenge = if limits::has_challenge(http)? {
            limits::spend_challenge(http, env).await
        } else {
            Err(AppError::bad(
                "challenge_required",
                format!(
                    "Many sign-ins as {name} failed lately: fetch a challenge (GET /api/v1/public/challenge), solve it and send it with X-Challenge and X-Challenge-Nonce."
                ),
                "challenge",
            ))
        };
        if let Err(e) = challenge {
            // The password was not checked: the attempt does not count.
            pair.refund(env).await?;
            return Err(e);
        }
    }
    let kv = env.kv(crate::bindings::KV)?;
    let user = check_password(&kv, &name, &req.password).await?;
    let forget = async {
        if unchallenged {
            user_count.refund(env).await?;
        }
        Ok::<_, AppError>(())
    };
    futures_util::future::try_join(pair.reset(env), forget).await?;
    if user.disabled {
        return Err(AppError::Unauthorized(
            "This account is disabled; ask a manager.".to_owned(),
        ));
    }
    let token = crypto::token()?;
    let expires_at = now.plus_millis(ttl_secs as i64 * 1000);
    let session = Session {
        user: user.info(),
        expires_at,
    };
    kv.put(
        &keys::session(&crypto::sha256_hex(token.as_bytes()).await?),
        serde_json::to_string(&session)?,
    )?
    .expiration_ttl(ttl_secs.max(KV_MIN_TTL_SECS))
    .execute()
    .await?;
    Ok(LoginResponse {
        token,
        expires_at,
        user: session.user,
    })
}

/// The user whose password this is; 401 for a wrong password or an
/// unknown user alike (with the same work, so timing does not tell who exists).
async fn check_password(
    kv: &KvStore,
    name: &UserId,
    password: &str,
) -> Result<UserRecord, AppError> {
    let Some(user) = kv.get(&keys::user(name)).json::<UserRecord>().await? else {
        let _ = crypto::pbkdf2(password, &[0u8; 16], crypto::PBKDF2_ITERATIONS).await?;
        return Err(invalid_credentials());
    };
    let salt = crypto::unhex(&user.salt).ok_or_else(|| AppError::Unexpected("bad salt".into()))?;
    let expected =
        crypto::unhex(&user.hash).ok_or_else(|| AppError::Unexpected("bad hash".into()))?;
    let got = crypto::pbkdf2(password, &salt, user.iterations).await?;
    if !crypto::constant_time_eq(&got, &expected) {
        return Err(invalid_credentials());
    }
    Ok(user)
}

fn bearer(req: &Request) -> Result<Option<String>, AppError> {
    let Some(value) = req.headers().get("Authorization")? else {
        return Ok(None);
    };
    let token = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            AppError::Unauthorized("The Authorization header must be `Bearer <token>`.".into())
        })?;
    Ok(Some(token.to_owned()))
}

/// The session of the request's bearer token; 401 without a valid one, and
/// for an expired one even while KV still holds it.
pub async fn session(req: &Request, kv: &KvStore, now: Timestamp) -> Result<Session, AppError> {
    let token = bearer(req)?.ok_or_else(|| AppError::Unauthorized("Sign in first.".into()))?;
    let key = keys::session(&crypto::sha256_hex(token.as_bytes()).await?);
    let ended = || AppError::Unauthorized("Your session has ended; sign in again.".into());
    let mut session = match kv.get(&key).json::<Session>().await? {
        Some(s) if s.expires_at > now => s,
        _ => return Err(ended()),
    };
    // The user as they are now, not as they were at sign-in: a disabled
    // account acts no more, and a changed role applies at once.
    let user = kv
        .get(&keys::user(&session.user.name))
        .json::<UserRecord>()
        .await?
        .ok_or_else(ended)?;
    if user.disabled {
        return Err(AppError::Unauthorized(
            "This account is disabled; ask a manager.".into(),
        ));
    }
    session.user.role = user.role;
    Ok(session)
}

/// Ends the request's session (idempotent).
pub async fn logout(req: &Request, kv: &KvStore) -> Result<(), AppError> {
    if let Some(token) = bearer(req)? {
        kv.delete(&keys::session(&crypto::sha256_hex(token.as_bytes()).await?))
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ttl_is_whole_seconds_up_to_30_days() {
        assert_eq!(parse_session_ttl("2"), Some(2));
        assert_eq!(parse_session_ttl(" 3600 "), Some(3600));
        assert_eq!(
            parse_session_ttl(&MAX_SESSION_TTL_SECS.to_string()),
            Some(MAX_SESSION_TTL_SECS)
        );
        for nonsense in [
            "",
            "0",
            "-5",
            "1.5",
            "12h",
            "2592001",
            "99999999999999999999",
        ] {
            assert_eq!(parse_session_ttl(nonsense), None, "{nonsense:?}");
        }
    }
}
