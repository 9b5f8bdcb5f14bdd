//! The customer's side, without an account: find a case by number and
//! phone or email (`/track`), see it through its link (`/track/{token}`),
//! write to the company or send a photo, rate the service once the case is
//! closed, and open a new request (`/request`). It is a bundle of its own
//! (`src/bin/customer.rs`, page `customer.html`), small enough for a weak
//! phone connection: no router, no session, none of the staff pages.

pub mod challenge;
mod lookup;
mod photos;
mod quote;
mod request;
mod share;
mod status;

use leptos::prelude::*;

use crate::components::LangSwitch;
use crate::i18n::customer::CustomerText;
use crate::i18n::Lang;

/// Which page a path shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// `/track/{token}`: a case through its link.
    Status(String),
    /// `/request`: the new-request form.
    Request,
    /// `/track` (and anything else): find a case by number.
    Find,
}

impl Page {
    /// The page of a path.
    pub fn of(path: &str) -> Page {
        let path = path.trim_end_matches('/');
        if path == "/request" {
            return Page::Request;
        }
        match path.strip_prefix("/track/") {
            Some(token) if !token.is_empty() && !token.contains('/') => {
                Page::Status(token.to_owned())
            }
            _ => Page::Find,
        }
    }
}

/// The customer's app: a header with the language switch, and the page.
#[component]
pub fn CustomerApp() -> impl IntoView {
    let lang = Lang::provide();
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let page = Page::of(&path);
    move || {
        let _ = lang.get();
        let t = CustomerText::get(Lang::current());
        let body = match page.clone() {
            Page::Status(token) => view! { <status::StatusPage token/> }.into_any(),
            Page::Request => view! { <request::RequestPage/> }.into_any(),
            Page::Find => view! { <lookup::LookupPage/> }.into_any(),
        };
        view! {
            <header class="topbar customer-bar">
                <a class="brand" href="/track">
                    <span class="brand-mark" aria-hidden="true">"↻"</span>
                    " " <span class="brand-name">{t.brand}</span>
                </a>
                <LangSwitch/>
            </header>
            <main class="page customer">{body}</main>
        }
    }
}
