//! The bar at the top: the brand, who is signed in, and signing out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::labels;
use crate::session::Session;

/// The brand link home, and when signed in the user's name and `#signout`.
#[component]
pub fn Topbar() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    let sign_out = move |_| {
        if let Some(token) = session.token() {
            // The server forgets the token too; the app does not wait for it.
            spawn_local(async move {
                let _ = api::logout(token).await;
            });
        }
        session.clear();
        navigate("/signin", Default::default());
    };
    view! {
        <header class="topbar">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"↻"</span>
                " Afterloop"
            </A>
            {move || session.user().map(|user| view! {
                <div class="who">
                    <span class="who-name">{user.display_name}</span>
                    <span class="who-role">{labels::role(user.role)}</span>
                </div>
            })}
            <Show when=move || session.is_signed_in()>
                <button type="button" id="signout" class="signout" on:click=sign_out.clone()>
                    "Sign out"
                </button>
            </Show>
        </header>
    }
}
