//! What a user can do to a case from its page: move it to one of the next
//! stages, or add a note. Each sends one command; errors (an illegal move,
//! a missing diagnosis) show beside the controls, success reloads the page.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::wire::CommandResult;
use afterloop_domain::{CaseId, Command, Status};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::case::Actions;
use crate::i18n::{errors, Lang};
use crate::labels;
use crate::session::Session;

/// An action that sends a command to the case and, once it is applied, runs `changed`.
fn command_action(
    id: CaseId,
    error: RwSignal<Option<String>>,
    changed: Callback<()>,
    then: impl Fn() + 'static,
) -> Action<Command, Result<CommandResult, ApiError>> {
    let session = Session::get();
    let lang = Lang::current();
    let action =
        Action::new_local(move |command: &Command| api::send_command(session, id, command.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            then();
            changed.run(());
        }
        Some(Err(e)) => error.set(Some(errors::api(&e, lang))),
        None => {}
    });
    action
}

/// A button per stage the lifecycle allows next (`button.move[data-to=triaged]`).
#[component]
pub fn MoveButtons(id: CaseId, status: Status, changed: Callback<()>) -> impl IntoView {
    let lang = Lang::current();
    let t = Actions::get(lang);
    let error = RwSignal::new(None::<String>);
    let action = command_action(id, error, changed, || {});
    let pending = action.pending();
    let next = status.next();
    view! {
        <div class="moves" role="group" aria-label=t.moves>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            {if next.is_empty() {
                view! { <p class="muted">{t.no_moves}</p> }.into_any()
            } else {
                view! {
                    <span class="moves-label">{t.moves}</span>
                    {next
                        .into_iter()
                        .map(|to| {
                            let ending = matches!(to.name(), "cancelled" | "rejected");
                            view! {
                                <button
                                    type="button"
                                    class="move"
                                    class:danger=ending
                                    data-to=to.name()
                                    disabled=move || pending.get()
                                    on:click=move |_| {
                                        error.set(None);
                                        action.dispatch(Command::Move { to, note: None });
                                    }
                                >
                                    {labels::stage(to, lang)}
                                </button>
                            }
                        })
                        .collect_view()}
                }
                .into_any()
            }}
        </div>
    }
}

/// A note, internal or public as the user may write (`#note-text`, `#note-visibility`).
#[component]
pub fn NoteForm(id: CaseId, choices: Vec<Visibility>, changed: Callback<()>) -> impl IntoView {
    let t = Actions::get(Lang::current());
    let note = RwSignal::new(String::new());
    let visibility = RwSignal::new(choices[0]);
    let error = RwSignal::new(None::<String>);
    let action = command_action(id, error, changed, move || note.set(String::new()));
    let pending = action.pending();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = note.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(t.empty_note.to_owned()));
            return;
        }
        error.set(None);
        action.dispatch(Command::AddNote {
            text,
            visibility: visibility.get_untracked(),
        });
    };
    let option = move |v: Visibility| {
        let (value, label) = match v {
            Visibility::Internal => ("internal", t.internal),
            Visibility::Public => ("public", t.public),
        };
        view! { <option value=value prop:selected=move || visibility.get() == v>{label}</option> }
    };
    view! {
        <form class="note-form" on:submit=on_submit novalidate>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <div class="field">
                <label for="note-text">{t.note}</label>
                <textarea
                    id="note-text"
                    rows="3"
                    prop:value=move || note.get()
                    on:input:target=move |ev| note.set(ev.target().value())
                ></textarea>
            </div>
            <div class="note-row">
                <div class="field">
                    <label for="note-visibility">{t.visibility}</label>
                    <select
                        id="note-visibility"
                        on:change:target=move |ev| {
                            visibility.set(if ev.target().value() == "public" {
                                Visibility::Public
                            } else {
                                Visibility::Internal
                            });
                        }
                    >
                        {choices.into_iter().map(option).collect_view()}
                    </select>
                </div>
                <button type="submit" id="note-submit" class="secondary" disabled=move || pending.get()>
                    {move || if pending.get() { t.submitting_note } else { t.submit_note }}
                </button>
            </div>
        </form>
    }
}
