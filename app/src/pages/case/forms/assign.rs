//! Assigning the owner (`form#assign-form`): one of the company's users,
//! the current owner left out. A staff member finds themselves chosen
//! (taking a case is the usual assignment); anyone else chooses.

use afterloop_domain::access::Role;
use afterloop_domain::{Case, Command, FieldError, UserId};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{sender, texts, Field, FormMessage, Input, Outcome, Submit};
use super::{user_options, Directory};
use crate::i18n::case_actions::owner_now;
use crate::i18n::Lang;
use crate::session::Session;

use super::super::people::Names;

/// The form.
#[component]
pub fn AssignForm(case: Case, users: Directory, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["owner"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let current = case.owner.clone();
    let owner = RwSignal::new(String::new());
    let now = current.as_ref().to_owned();
    let choice = move || {
        users.get().map(
            |found| match user_options(found, &[Role::Staff, Role::Manager]) {
                Ok(mut options) => {
                    options.retain(|(name, _)| *name != now);
                    if owner.with_untracked(String::is_empty) {
                        let me = Session::get()
                            .user()
                            .filter(|u| u.role == Role::Staff)
                            .map(|u| u.name.as_ref().to_owned())
                            .filter(|me| options.iter().any(|(name, _)| name == me));
                        match me {
                            Some(me) => owner.set(me),
                            None => options.insert(0, (String::new(), t.choose.to_owned())),
                        }
                    }
                    view! {
                        <Field
                            id="act-assign-owner"
                            label=t.assign_owner.to_owned()
                            value=owner
                            error=outcome.field("owner")
                            input=Input::Choice(options)
                        />
                    }
                    .into_any()
                }
                Err(message) => {
                    view! { <p class="form-error" role="alert">{message}</p> }.into_any()
                }
            },
        )
    };
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
            <p class="muted small">{owner_now(Lang::current(), &Names::current().name(&current))}</p>
            <div class="act-row">
                {choice}
                <Submit id="act-assign-submit" label=t.assign_submit pending/>
            </div>
        </form>
    }
}
