//! The page for an unknown address.

use leptos::prelude::*;

use crate::i18n::shell::Shell;
use crate::i18n::Lang;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = Shell::get(Lang::current());
    view! {
        <section class="card empty">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <a href="/">{t.home}</a>
        </section>
    }
}
