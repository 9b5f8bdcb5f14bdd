//! Afterloop's single-page app: Leptos 0.8, client-side rendered.
//!
//! [`App`] holds the router; each page lives in [`pages`]; [`components`]
//! are the small reusable pieces; only [`api`] talks HTTP. Input is validated
//! with the same domain crate the worker uses, so the form shows the same
//! field errors before and after a round trip.
#![deny(missing_docs)]

pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// The whole app: a header and the routed page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"↻"</span>
                    " Afterloop"
                </A>
            </header>
            <main class="page">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::CasesPage/>
                    <Route path=path!("/cases/:id") view=pages::CasePage/>
                </Routes>
            </main>
        </Router>
    }
}
