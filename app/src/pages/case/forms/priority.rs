//! Setting the priority (`form#priority-form`): one button per priority,
//! the current one pressed.

use afterloop_domain::sla::Priority;
use afterloop_domain::{Case, Command};
use leptos::prelude::*;

use super::shared::{sender, texts, FormMessage, Outcome};
use crate::i18n::Lang;
use crate::labels;

const ALL: [(Priority, &str); 4] = [
    (Priority::Low, "low"),
    (Priority::Normal, "normal"),
    (Priority::High, "high"),
    (Priority::Urgent, "urgent"),
];

/// The buttons.
#[component]
pub fn PriorityForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&[]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let current = case.priority;
    let lang = Lang::current();
    view! {
        <form id="priority-form" class="act-form" on:submit=|ev| ev.prevent_default()>
            <FormMessage outcome/>
            <div class="act-buttons" role="group" aria-label=t.priority_title>
                {ALL
                    .into_iter()
                    .map(|(priority, name)| {
                        let now = priority == current;
                        view! {
                            <button
                                type="button"
                                class="secondary act-choice priority"
                                data-priority=name
                                aria-pressed=now.to_string()
                                disabled=move || now || pending.get()
                                on:click=move |_| {
                                    outcome.clear();
                                    action.dispatch(Command::SetPriority { priority });
                                }
                            >
                                {labels::priority(priority, lang)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </form>
    }
}
