//! Assigning the owner (`form#assign-form`): one of the company's users,
//! the current owner left out.

use afterloop_domain::{Case, Command, FieldError, UserId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{sender, texts, Field, FormMessage, Input, Outcome, Submit};
use super::{user_options, USERS};
use crate::i18n::case_actions::owner_now;
use crate::i18n::Lang;

/// The form.
#[component]
pub fn AssignForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["owner"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let current = case.owner.clone();
    let others: Vec<&'static str> = USERS
        .iter()
        .map(|(name, ..)| *name)
        .filter(|name| *name != current.as_ref())
        .collect();
    let options = user_options(&others);
    let owner = RwSignal::new(options.first().map(|o| o.0.to_owned()).unwrap_or_default());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match UserId::parse(owner.get_untracked().trim()) {
            Ok(owner) => {
                outcome.clear();
                action.dispatch(Command::Assign { owner });
            }
            Err(_) => outcome.refuse(vec![FieldError::new(
                "owner",
                "invalid",
                texts().choose_user,
            )]),
        }
    };
    view! {
        <form id="assign-form" class="act-form act-inline" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            <p class="muted small">{owner_now(Lang::current(), current.as_ref())}</p>
            <div class="act-row">
                <Field
                    id="act-assign-owner"
                    label=t.assign_owner.to_owned()
                    value=owner
                    error=outcome.field("owner")
                    input=Input::Choice(options)
                />
                <Submit id="act-assign-submit" label=t.assign_submit pending/>
            </div>
        </form>
    }
}
