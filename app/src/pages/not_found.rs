//! The page for an unknown address.

use leptos::prelude::*;

/// "This page does not exist", with a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card empty">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address."</p>
            <a href="/">"Back to cases"</a>
        </section>
    }
}
