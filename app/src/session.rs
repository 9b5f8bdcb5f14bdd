//! Who is signed in: the token and user from the last login, kept in
//! `localStorage` so a reload keeps the session, and shared with every
//! component through one `Copy` handle in the context. [`crate::api`] clears it
//! on any 401, which turns every staff page back into the sign-in page.

use afterloop_domain::access::Actor;
use afterloop_domain::wire::{LoginResponse, UserInfo};
use leptos::prelude::*;

/// The `localStorage` key of the session.
const STORAGE_KEY: &str = "afterloop.session";

/// The signed-in session, if any; cheap to copy into closures.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    state: RwSignal<Option<LoginResponse>>,
    signed_in: Memo<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

impl Session {
    /// The session stored by an earlier visit, unless it has expired; made
    /// available to every component below the caller.
    pub fn provide() -> Session {
        let stored = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|json| serde_json::from_str::<LoginResponse>(&json).ok())
            .filter(|s| s.expires_at.millis() > now_millis());
        if stored.is_none() {
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
            }
        }
        let state = RwSignal::new(stored);
        let signed_in = Memo::new(move |_| state.with(Option::is_some));
        let session = Session { state, signed_in };
        provide_context(session);
        session
    }

    /// The session from the context.
    pub fn get() -> Session {
        expect_context::<Session>()
    }

    /// Whether someone is signed in (reactive; changes only on sign-in and sign-out).
    pub fn is_signed_in(&self) -> bool {
        self.signed_in.get()
    }

    /// The signed-in user (reactive).
    pub fn user(&self) -> Option<UserInfo> {
        self.state.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    /// The signed-in user as an actor, for permission checks (reactive).
    pub fn actor(&self) -> Option<Actor> {
        self.state.with(|s| {
            s.as_ref().map(|s| Actor {
                user: s.user.name.clone(),
                role: s.user.role,
            })
        })
    }

    /// The bearer token, read without tracking.
    pub fn token(&self) -> Option<String> {
        self.state
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// Keeps a fresh login, here and in `localStorage`.
    pub fn sign_in(&self, login: LoginResponse) {
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&login)) {
            let _ = s.set_item(STORAGE_KEY, &json);
        }
        self.state.set(Some(login));
    }

    /// Replaces the user's details (after `GET /auth/me`), keeping the token.
    pub fn refresh_user(&self, user: UserInfo) {
        let mut changed = None;
        self.state
            .maybe_update(|s| match s.as_mut().filter(|s| s.user != user) {
                Some(s) => {
                    s.user = user;
                    changed = Some(s.clone());
                    true
                }
                None => false,
            });
        if let (Some(login), Some(s)) = (changed, storage()) {
            if let Ok(json) = serde_json::to_string(&login) {
                let _ = s.set_item(STORAGE_KEY, &json);
            }
        }
    }

    /// Forgets the session (sign-out, or the server no longer accepts it).
    pub fn clear(&self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        if self.state.with_untracked(Option::is_some) {
            self.state.set(None);
        }
    }
}
