//! The bar at the top: the brand, who is signed in, and signing out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use afterloop_domain::case::Language;

use crate::api;
use crate::i18n::shell::Shell;
use crate::i18n::Lang;
use crate::labels;
use crate::session::Session;

/// The brand link home, and when signed in the user's name and `#signout`.
#[component]
pub fn Topbar() -> impl IntoView {
    let session = Session::get();
    let current = Lang::current();
    let t = Shell::get(current);
    let sign_out = move |_| {
        if let Some(token) = session.token() {
            // The server forgets the token too; the app does not wait for it.
            spawn_local(async move {
                let _ = api::logout(token).await;
            });
        }
        session.clear();
        // Reads kept for offline use belong to who signed out.
        if let Some(caches) = web_sys::window().and_then(|w| w.caches().ok()) {
            let _ = caches.delete("afterloop-api");
        }
        // A full load: the field app (`/jobs`) has no sign-in page of its own.
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_href("/signin");
        }
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"↻"</span>
                " " <span class="brand-name">{t.brand}</span>
            </A>
            {move || {
                session
                    .user()
                    .filter(|u| {
                        matches!(
                            u.role,
                            afterloop_domain::access::Role::Manager
                                | afterloop_domain::access::Role::Staff
                        )
                    })
                    .map(|_| view! {
                        <A href="/reports" attr:class="nav-link" attr:id="nav-reports">
                            {crate::i18n::reports::Reports::get(current).nav}
                        </A>
                    })
            }}
            {move || {
                session
                    .user()
                    .filter(|u| u.role == afterloop_domain::access::Role::Manager)
                    .map(|_| view! {
                        <A href="/admin" attr:class="nav-link" attr:id="nav-admin">
                            {crate::i18n::admin::Admin::get(current).nav}
                        </A>
                    })
            }}
            <LangSwitch/>
            {move || session.user().map(|user| view! {
                <div class="who">
                    <span class="who-name">{user.display_name}</span>
                    <span class="who-role">{labels::role(user.role, current)}</span>
                </div>
            })}
            <Show when=move || session.is_signed_in()>
                <button type="button" id="signout" class="signout" on:click=sign_out>
                    {t.sign_out}
                </button>
            </Show>
        </header>
    }
}

/// 中文 / EN (`#lang-zh`, `#lang-en`): the language of every page.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = Lang::expect();
    let t = Shell::get(Lang::current());
    view! {
        <div class="lang-switch" role="group" aria-label=t.language>
            <button
                type="button"
                id="lang-zh"
                lang="zh-CN"
                aria-pressed=move || (lang.get() == Language::ZhCn).to_string()
                on:click=move |_| lang.set(Language::ZhCn)
            >
                "中文"
            </button>
            <button
                type="button"
                id="lang-en"
                lang="en"
                aria-pressed=move || (lang.get() == Language::En).to_string()
                on:click=move |_| lang.set(Language::En)
            >
                "EN"
            </button>
        </div>
    }
}
