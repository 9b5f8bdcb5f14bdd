//! Users, passwords and sessions. Users live in KV with a PBKDF2-SHA256 hash
//! and a per-user salt; a session is a random bearer token of which KV keeps
//! only the SHA-256, with a TTL so it expires by itself.

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::Language;
use afterloop_domain::wire::{LoginRequest, LoginResponse, UserInfo};
use afterloop_domain::{Timestamp, UserId};
use serde::{Deserialize, Serialize};
use worker::kv::KvStore;
use worker::Request;

use crate::crypto;
use crate::error::AppError;
use crate::limits::Limit;
use crate::store::keys;

/// Failed sign-ins allowed per user name per quarter hour.
pub const MAX_FAILED_LOGINS: u32 = 10;

/// How long a session lasts.
pub const SESSION_TTL_SECS: u64 = 12 * 3600;

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
        })
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

/// Checks the password and opens a session.
pub async fn login(
    kv: &KvStore,
    req: &LoginRequest,
    now: Timestamp,
) -> Result<LoginResponse, AppError> {
    let name = UserId::parse(req.user.trim()).map_err(|_| invalid_credentials())?;
    if req.password.is_empty() || req.password.len() > 256 {
        return Err(invalid_credentials());
    }
    // Failed attempts per user name and quarter hour: guessing stops at 10.
    let failures = Limit::new("login", name.as_ref(), MAX_FAILED_LOGINS, 900);
    failures.check(kv).await?;
    let Some(user) = kv.get(&keys::user(&name)).json::<UserRecord>().await? else {
        failures.hit(kv).await?;
        // Same work for an unknown user, so timing does not tell who exists.
        let _ = crypto::pbkdf2(&req.password, &[0u8; 16], crypto::PBKDF2_ITERATIONS).await?;
        return Err(invalid_credentials());
    };
    let salt = crypto::unhex(&user.salt).ok_or_else(|| AppError::Unexpected("bad salt".into()))?;
    let expected =
        crypto::unhex(&user.hash).ok_or_else(|| AppError::Unexpected("bad hash".into()))?;
    let got = crypto::pbkdf2(&req.password, &salt, user.iterations).await?;
    if !crypto::constant_time_eq(&got, &expected) {
        failures.hit(kv).await?;
        return Err(invalid_credentials());
    }
    let token = crypto::token()?;
    let expires_at = now.plus_millis(SESSION_TTL_SECS as i64 * 1000);
    let session = Session {
        user: user.info(),
        expires_at,
    };
    kv.put(
        &keys::session(&crypto::sha256_hex(token.as_bytes()).await?),
        serde_json::to_string(&session)?,
    )?
    .expiration_ttl(SESSION_TTL_SECS)
    .execute()
    .await?;
    Ok(LoginResponse {
        token,
        expires_at,
        user: session.user,
    })
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

/// The session of the request's bearer token; 401 without a valid one.
pub async fn session(req: &Request, kv: &KvStore, now: Timestamp) -> Result<Session, AppError> {
    let token = bearer(req)?.ok_or_else(|| AppError::Unauthorized("Sign in first.".into()))?;
    let key = keys::session(&crypto::sha256_hex(token.as_bytes()).await?);
    match kv.get(&key).json::<Session>().await? {
        Some(s) if s.expires_at > now => Ok(s),
        _ => Err(AppError::Unauthorized(
            "Your session has ended; sign in again.".into(),
        )),
    }
}

/// Ends the request's session (idempotent).
pub async fn logout(req: &Request, kv: &KvStore) -> Result<(), AppError> {
    if let Some(token) = bearer(req)? {
        kv.delete(&keys::session(&crypto::sha256_hex(token.as_bytes()).await?))
            .await?;
    }
    Ok(())
}
