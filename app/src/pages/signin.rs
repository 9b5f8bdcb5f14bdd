//! Signing in: the `/signin` page, and [`SignedIn`], which shows a staff
//! page only to a signed-in user and the sign-in form to anyone else.

use afterloop_domain::wire::LoginRequest;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::i18n::signin::SignIn;
use crate::i18n::{errors, Lang};
use crate::session::Session;

/// `/signin`: the form; once signed in, on to the cases.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = Session::get();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.is_signed_in() {
            navigate("/", Default::default());
        }
    });
    view! { <SignInForm/> }
}

/// The page's content when signed in; the sign-in form otherwise.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    let session = Session::get();
    move || {
        if session.is_signed_in() {
            children().into_any()
        } else {
            view! { <SignInForm/> }.into_any()
        }
    }
}

/// User name, password and a clear error when they do not match.
#[component]
fn SignInForm() -> impl IntoView {
    let session = Session::get();
    let chosen = Lang::expect();
    let lang = Lang::current();
    let text = SignIn::get(lang);
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let login = Action::new_local(|req: &LoginRequest| {
        let req = req.clone();
        async move { api::login(&req).await }
    });
    Effect::new(move |_| match login.value().get() {
        Some(Ok(resp)) => {
            error.set(None);
            // The account's language, unless this device chose one.
            chosen.default_to(resp.user.language);
            session.sign_in(resp);
        }
        Some(Err(e)) => {
            password.set(String::new());
            error.set(Some(match &e {
                // At sign-in, "unauthorized" can only mean the name or password.
                ApiError::Rejected(body) if body.error == "unauthorized" => text.wrong.to_owned(),
                other => errors::api(other, lang),
            }));
        }
        None => {}
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = LoginRequest {
            user: user.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if req.user.is_empty() || req.password.is_empty() {
            error.set(Some(text.missing.to_owned()));
        } else {
            error.set(None);
            login.dispatch(req);
        }
    };
    let pending = login.pending();
    view! {
        <form class="card signin" on:submit=on_submit novalidate>
            <h1>{text.heading}</h1>
            <p class="muted">{text.intro}</p>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <div class="field">
                <label for="signin-user">{text.user}</label>
                <input
                    id="signin-user"
                    name="user"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    prop:value=move || user.get()
                    on:input:target=move |ev| user.set(ev.target().value())
                />
            </div>
            <div class="field">
                <label for="signin-password">{text.password}</label>
                <input
                    id="signin-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input:target=move |ev| password.set(ev.target().value())
                />
            </div>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { text.submitting } else { text.submit }}
            </button>
        </form>
    }
}
