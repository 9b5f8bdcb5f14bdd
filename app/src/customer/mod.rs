//! The customer's side, without an account: find a case by number and
//! phone or email (`/track`), see it through its link (`/track/{token}`),
//! write to the company or send a photo, rate the service once the case is
//! closed, and open a new request (`/request`). It is a bundle of its own
//! (`src/bin/customer.rs`, page `customer.html`), small enough for a weak
//! phone connection: no router, no session, none of the staff pages.
//!
//! The worker renders each page's first paint (`worker/src/routes/pages/`)
//! with the same words and markup; [`CustomerApp`] takes it over: it reads
//! the case the page carries (no second request), removes the rendered
//! elements and mounts its own in one task, and `<body>` gets `data-ready`.

pub mod challenge;
mod lookup;
mod photos;
mod quote;
mod request;
mod share;
mod status;

use afterloop_domain::case::Language;
use afterloop_domain::wire::TrackView;
use afterloop_words::page::{DATA_ID, READY, SERVER_RENDERED};
use leptos::prelude::*;

use crate::components::LangSwitch;
use crate::i18n::customer::CustomerText;
use crate::i18n::Lang;

pub use afterloop_words::page::Page;

/// What the worker rendered into the page: its language, and for a case's
/// page the case (`/track/{token}`'s `TrackView`).
struct Served {
    lang: Option<Language>,
    view: Option<TrackView>,
}

/// Takes the page over from the worker's first paint: reads the data it
/// embedded and removes every element it rendered (`data-ssr`), in the
/// same task as the app mounts its own, so nothing flashes in between.
fn take_over() -> Served {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return Served {
            lang: None,
            view: None,
        };
    };
    let attr = SERVER_RENDERED;
    let rendered = doc
        .query_selector(&format!("[{attr}]"))
        .ok()
        .flatten()
        .is_some();
    let lang = rendered
        .then(|| doc.document_element()?.get_attribute("lang"))
        .flatten()
        .and_then(|l| afterloop_words::parse_tag(&l));
    let view = doc
        .get_element_by_id(DATA_ID)
        .and_then(|e| e.text_content())
        .and_then(|json| serde_json::from_str(&json).ok());
    while let Some(e) = doc.query_selector(&format!("[{attr}]")).ok().flatten() {
        e.remove();
    }
    Served { lang, view }
}

/// Marks `<body>` once the app has taken the page over (`data-ready`).
pub fn mark_ready() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("body").ok().flatten())
    {
        let _ = body.set_attribute(READY, "");
    }
}

/// The customer's app: a header with the language switch, and the page.
#[component]
pub fn CustomerApp() -> impl IntoView {
    let served = take_over();
    let lang = Lang::provide();
    // The worker chose the language (`?lang=`, the case's, the browser's)
    // unless the customer chose one on this device.
    if let Some(l) = served.lang {
        lang.default_to(l);
    }
    // The first render reads the case the page came with; a later one (a
    // language switch) reads it afresh.
    let embedded = StoredValue::new(served.view);
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let page = Page::of(&path);
    move || {
        let _ = lang.get();
        let t = CustomerText::get(Lang::current());
        let body = match page.clone() {
            Page::Status(token) => {
                let initial = embedded.try_update_value(Option::take).flatten();
                view! { <status::StatusPage token initial/> }.into_any()
            }
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
