//! `/track`: find a case by its number plus the phone or email on it. A
//! wrong pair and an unknown case read the same, so the page never tells
//! whether a case exists.

use leptos::prelude::*;

use crate::api::{track, ApiError};
use crate::i18n::customer::CustomerText;
use crate::i18n::{errors, Lang};

/// The page.
#[component]
pub fn LookupPage() -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let case = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let missing = RwSignal::new((false, false));
    let find = Action::new_local(move |(case, contact): &(String, String)| {
        let (case, contact) = (case.clone(), contact.clone());
        async move { track::lookup(&case, &contact).await }
    });
    Effect::new(move |_| match find.value().get() {
        Some(Ok(found)) => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&format!("/track/{}", found.token));
            }
        }
        Some(Err(ApiError::Rejected(body))) if body.error == "not_found" => {
            error.set(Some(t.not_found.to_owned()))
        }
        Some(Err(e)) => error.set(Some(errors::api(&e, lang))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (c, k) = (case.get_untracked(), contact.get_untracked());
        let gaps = (c.trim().is_empty(), k.trim().is_empty());
        missing.set(gaps);
        error.set(None);
        if gaps == (false, false) {
            find.dispatch((c, k));
        }
    };
    let required = errors::FieldErrors::get(lang).required;
    view! {
        <form class="card lookup" id="lookup" on:submit=submit novalidate>
            <h1>{t.find_title}</h1>
            <p class="lead">{t.find_lead}</p>
            <div class="field" class:invalid=move || missing.get().0>
                <label for="lookup-case">{t.case_number}<span class="required-mark" aria-hidden="true">" *"</span></label>
                <input id="lookup-case" autocomplete="off" placeholder=t.case_example aria-required="true"
                    aria-invalid=move || missing.get().0.to_string() aria-describedby="lookup-case-error"
                    prop:value=case on:input=move |e| case.set(event_target_value(&e))/>
                <p class="field-error" id="lookup-case-error">{move || missing.get().0.then_some(required)}</p>
            </div>
            <div class="field" class:invalid=move || missing.get().1>
                <label for="lookup-contact">{t.contact}<span class="required-mark" aria-hidden="true">" *"</span></label>
                <input id="lookup-contact" autocomplete="tel" inputmode="email" aria-required="true"
                    aria-invalid=move || missing.get().1.to_string() aria-describedby="lookup-contact-error"
                    prop:value=contact on:input=move |e| contact.set(event_target_value(&e))/>
                <p class="field-error" id="lookup-contact-error">{move || missing.get().1.then_some(required)}</p>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" id="lookup-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" id="lookup-submit" disabled=move || find.pending().get()>{t.find}</button>
            <p class="aside"><a href="/request" id="new-request-link">{t.new_request_link}</a></p>
        </form>
    }
}
