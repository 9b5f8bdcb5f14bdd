//! Holding and resuming (`form#hold-form`): a reason puts an open case on
//! hold; a held case shows why and since when, and one button resumes it.

use afterloop_domain::{Case, Command};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{required, sender, texts, Field, FormMessage, Input, Outcome, Submit};
use crate::i18n::case_actions::held;
use crate::i18n::{format, Lang};

/// The form, or the resume button while on hold.
#[component]
pub fn HoldForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["reason"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    if let Some(hold) = case.hold.clone() {
        let lang = Lang::current();
        let said = held(lang, &format::time(hold.since, lang), &hold.reason);
        return view! {
            <form id="hold-form" class="act-form" data-held="true" on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                outcome.clear();
                action.dispatch(Command::Resume);
            }>
                <FormMessage outcome/>
                <p class="act-held">{said}</p>
                <button type="submit" id="act-resume" class="secondary" disabled=move || pending.get()>
                    {move || if pending.get() { t.sending } else { t.resume }}
                </button>
            </form>
        }
        .into_any();
    }
    let reason = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match required("reason", reason) {
            Ok(reason) => {
                outcome.clear();
                action.dispatch(Command::Hold { reason });
            }
            Err(e) => outcome.refuse(vec![e]),
        }
    };
    view! {
        <form id="hold-form" class="act-form act-inline" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            <div class="act-row">
                <Field
                    id="act-hold-reason"
                    label=t.hold_reason.to_owned()
                    value=reason
                    error=outcome.field("reason")
                    input=Input::Line("text")
                />
                <Submit id="act-hold-submit" label=t.hold_submit pending/>
            </div>
        </form>
    }
    .into_any()
}
