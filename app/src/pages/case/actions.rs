//! Moving a case to one of the next stages (every other action is in
//! `forms`). Each move sends one command; errors (an illegal move,
//! a missing diagnosis) show beside the controls, success shows the answer.

use afterloop_domain::wire::CommandResult;
use afterloop_domain::{CaseId, Command, Status};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::case::Actions;
use crate::i18n::case_actions::reopen;
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
        Some(Ok(result)) => {
            error.set(None);
            then();
            crate::fresh::staff_answer(&result);
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
                                    {if status.is_terminal() {
                                        reopen(lang, labels::stage(to, lang))
                                    } else {
                                        labels::stage(to, lang).to_owned()
                                    }}
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
