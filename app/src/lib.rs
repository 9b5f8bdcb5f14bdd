//! Afterloop's single-page app: Leptos 0.8, client-side rendered.
//!
//! [`App`] holds the back office's router, [`FieldApp`] the technician's
//! phone app's, [`ReportsApp`] the reports', [`customer::CustomerApp`] the
//! customer's pages: four bundles (`src/main.rs`, `src/bin/field.rs`,
//! `src/bin/reports.rs`, `src/bin/customer.rs`) from one library, each
//! linking only what it uses. A link to a path another bundle serves loads
//! that bundle's page from the server ([`OtherBundle`]). Each page lives in [`pages`]; [`components`]
//! are the small reusable pieces; only [`api`] talks HTTP; [`session`] keeps
//! who is signed in; [`chunks`] lists the pages whose code is fetched
//! when first shown; [`i18n`] holds every word in both languages and the
//! locale formats; [`labels`] holds the words for domain values. Input is
//! validated with the same domain crate the worker uses, so the form shows
//! the same field errors before and after a round trip.
#![deny(missing_docs)]

pub mod api;
pub mod chunks;
pub mod components;
pub mod customer;
pub mod fresh;
pub mod i18n;
pub mod labels;
pub mod offline;
pub mod pages;
pub mod session;

pub use afterloop_words::{catalogue, phrase};

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{Lazy, Topbar};
use crate::pages::SignedIn;
use crate::session::Session;

/// The whole app: the session, a header and the routed page. Staff pages
/// show the sign-in form while nobody is signed in.
#[component]
pub fn App(
    /// The pages fetched when first shown (split points of `src/main.rs`).
    chunks: chunks::BackOffice,
) -> impl IntoView {
    provide_context(chunks);
    let session = Session::provide();
    let lang = i18n::Lang::provide();
    refresh_user(session, lang);
    view! {
        <Frame>
            <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route path=path!("/signin") view=pages::SignInPage/>
                <Route path=path!("/reports") view=OtherBundle/>
                <Route
                    path=path!("/admin")
                    view=move || view! { <SignedIn><Lazy load=move || (chunks.admin_page)()/></SignedIn> }
                />
                <Route
                    path=path!("/")
                    view=|| view! { <SignedIn><Home/></SignedIn> }
                />
                <Route
                    path=path!("/cases/:id")
                    view=move || view! { <SignedIn><Lazy load=move || (chunks.case_page)()/></SignedIn> }
                />
            </Routes>
        </Frame>
    }
}

/// A bundle's frame: the router, the header and the routed page, under the
/// language. A language switch re-renders everything under it, so every
/// label changes at once.
#[component]
fn Frame(children: ChildrenFn) -> impl IntoView {
    let lang = i18n::Lang::expect();
    view! {
        <Router>
            {move || {
                let _ = lang.get();
                view! {
                    <Topbar/>
                    <main class="page">{children()}</main>
                }
            }}
        </Router>
    }
}

/// Refreshes who is signed in; a 401 here ends a session the server forgot.
/// The page speaks the account's language unless this device chose one.
fn refresh_user(session: Session, lang: i18n::Lang) {
    if let Some(user) = session.user() {
        lang.default_to(user.language);
    }
    if session.token().is_some() {
        spawn_local(async move {
            if let Ok(user) = api::me(session).await {
                lang.default_to(user.language);
                session.refresh_user(user);
            }
        });
    }
}

/// Home: everyone's work list; a technician goes on to their jobs, which
/// are the field app (`/jobs`, a bundle of its own).
#[component]
fn Home() -> impl IntoView {
    let technician = Session::get()
        .user()
        .is_some_and(|u| u.role == afterloop_domain::access::Role::Technician);
    if technician {
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace("/jobs");
        }
        return view! { <p class="muted">"…"</p> }.into_any();
    }
    view! { <pages::CasesPage/> }.into_any()
}

/// The field app for technicians' phones: today's jobs and one job on site,
/// with the outbox that keeps what is recorded offline. A bundle of its own
/// (`src/bin/field.rs`, page `field.html`, served for `/jobs…`), so the
/// back office does not load it and the phone loads nothing else.
#[component]
pub fn FieldApp(
    /// The pages fetched when first shown (split points of `src/bin/field.rs`).
    chunks: chunks::Field,
) -> impl IntoView {
    let session = Session::provide();
    let lang = i18n::Lang::provide();
    offline::Outbox::provide(session);
    refresh_user(session, lang);
    view! {
        <Frame>
            <Routes fallback=|| view! { <pages::NotFound/> }>
                <Route
                    path=path!("/jobs")
                    view=|| view! { <SignedIn><pages::JobsPage/></SignedIn> }
                />
                <Route
                    path=path!("/jobs/:id")
                    view=move || view! { <SignedIn><Lazy load=move || (chunks.job_page)()/></SignedIn> }
                />
                <Route
                    path=path!("/")
                    view=|| view! { <SignedIn><pages::JobsPage/></SignedIn> }
                />
            </Routes>
        </Frame>
    }
}

/// The reports for managers and staff: a bundle of its own (`src/bin/reports.rs`,
/// page `reports.html`, served for `/reports`), so the back office's work
/// list and case pages do not carry its charts and tables. Any other path
/// belongs to another bundle.
#[component]
pub fn ReportsApp(
    /// The reports fetched when first shown (split point of `src/bin/reports.rs`).
    chunks: chunks::Reports,
) -> impl IntoView {
    provide_context(chunks);
    let session = Session::provide();
    let lang = i18n::Lang::provide();
    refresh_user(session, lang);
    view! {
        <Frame>
            <Routes fallback=OtherBundle>
                <Route
                    path=path!("/reports")
                    view=|| view! { <SignedIn><pages::ReportsPage/></SignedIn> }
                />
            </Routes>
        </Frame>
    }
}

/// A path this bundle does not serve (a link followed inside the app):
/// loads it from the server, which answers with the bundle that serves it.
/// The router's location is the path asked for (the address bar may not
/// show it yet); it replaces the current history entry, so "back" leads
/// to the page the link was on.
#[component]
pub fn OtherBundle() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let target = format!(
        "{}{}{search}{}",
        location.pathname.get_untracked(),
        if search.is_empty() { "" } else { "?" },
        location.hash.get_untracked()
    );
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(&target);
    }
    view! { <p class="muted">"…"</p> }
}
