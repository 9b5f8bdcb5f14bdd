//! A note (`form#note-form`): one text, two clearly different buttons: an
//! internal note for staff, or a message the customer sees. Only the
//! kinds the user may write are offered.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::{CaseId, Command};
use leptos::prelude::*;

use super::shared::{required, sender, texts, Field, FormMessage, Input, Outcome};

/// The form.
#[component]
pub fn NoteForm(id: CaseId, choices: Vec<Visibility>, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let outcome = Outcome::new(&["text"]);
    let action = sender(id, outcome, changed);
    let pending = action.pending();
    let text = RwSignal::new(String::new());
    let send = move |visibility: Visibility| match required("text", text) {
        Ok(text) => {
            outcome.clear();
            action.dispatch(Command::AddNote { text, visibility });
        }
        Err(e) => outcome.refuse(vec![e]),
    };
    let button = move |v: Visibility| {
        let (id, class, label) = match v {
            Visibility::Internal => (
                "act-note-internal",
                "secondary note-internal",
                t.note_internal,
            ),
            Visibility::Public => ("act-note-public", "secondary note-public", t.note_public),
        };
        view! {
            <button
                type="button"
                id=id
                class=class
                data-visibility=if v == Visibility::Public { "public" } else { "internal" }
                disabled=move || pending.get()
                on:click=move |_| send(v)
            >
                {label}
            </button>
        }
    };
    let hint = choices.contains(&Visibility::Public).then_some(t.note_hint);
    view! {
        <form id="note-form" class="act-form note-form" on:submit=|ev| ev.prevent_default() novalidate>
            <FormMessage outcome/>
            <Field id="act-note-text" label=t.note_label.to_owned() value=text
                error=outcome.field("text") input=Input::Lines hint/>
            <div class="act-buttons">{choices.into_iter().map(button).collect_view()}</div>
        </form>
    }
}
