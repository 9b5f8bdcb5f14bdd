//! The form that opens a case. It validates with the domain's own rules
//! before sending, shows every field error beside its field (from the same
//! rules, or from the server's answer), and sends an idempotency key so a
//! retried submission never opens a second case.

use afterloop_domain::wire::CreateCaseRequest;
use afterloop_domain::{Case, CaseKind, FieldError, NewCase, Title};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::kind_badge::kind_label;
use crate::api::{self, ApiError};

/// The new-case form; `on_created` runs with each case it opens.
#[component]
pub fn NewCaseForm(#[prop(into)] on_created: Callback<Case>) -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let form_error = RwSignal::new(None::<String>);
    let opened = RwSignal::new(None::<Case>);
    // One key per distinct submission: kept across retries of the same input,
    // renewed when the input changes or a case was opened.
    let idempotency_key = StoredValue::new(api::new_idempotency_key());
    let input_changed = move || {
        idempotency_key.set_value(api::new_idempotency_key());
        form_error.set(None);
    };

    let submit = Action::new_local(move |req: &CreateCaseRequest| {
        let req = req.clone();
        let key = idempotency_key.get_value();
        async move { api::create_case(&req, &key).await }
    });

    Effect::new(move |_| match submit.value().get() {
        Some(Ok(case)) => {
            title.set(String::new());
            kind.set(String::new());
            field_errors.set(Vec::new());
            form_error.set(None);
            idempotency_key.set_value(api::new_idempotency_key());
            opened.set(Some(case.clone()));
            on_created.run(case);
        }
        Some(Err(err)) => {
            field_errors.set(err.fields().to_vec());
            form_error.set(Some(match &err {
                ApiError::Rejected(body) if !body.fields.is_empty() => {
                    "Please correct the fields marked below.".to_owned()
                }
                other => other.to_string(),
            }));
        }
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        opened.set(None);
        let req = CreateCaseRequest {
            kind: kind.get_untracked(),
            title: title.get_untracked(),
        };
        match NewCase::parse(&req) {
            Ok(_) => {
                field_errors.set(Vec::new());
                submit.dispatch(req);
            }
            Err(invalid) => {
                field_errors.set(invalid.fields);
                form_error.set(Some("Please correct the fields marked below.".to_owned()));
            }
        }
    };

    let error_for = move |field: &'static str| {
        move || {
            field_errors
                .read()
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        }
    };
    let kind_error = error_for("kind");
    let title_error = error_for("title");
    let pending = submit.pending();

    view! {
        <form class="card new-case" on:submit=on_submit novalidate>
            <h2>"Open a case"</h2>
            <Show when=move || form_error.get().is_some()>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
            </Show>
            {move || opened.get().map(|case| view! {
                <p class="form-success" role="status">
                    "Case "
                    <a href=format!("/cases/{}", case.id)>{case.id.to_string()}</a>
                    " opened."
                </p>
            })}
            <div class="field" class:invalid=move || kind_error().is_some()>
                <label for="case-kind">"Kind"</label>
                <select
                    id="case-kind"
                    name="kind"
                    prop:value=move || kind.get()
                    aria-invalid=move || kind_error().is_some().to_string()
                    aria-describedby="case-kind-error"
                    on:change:target=move |ev| {
                        kind.set(ev.target().value());
                        input_changed();
                    }
                >
                    <option value="">"Choose…"</option>
                    {CaseKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str()>{kind_label(k)}</option> })
                        .collect_view()}
                </select>
                <p class="field-error" id="case-kind-error">{kind_error}</p>
            </div>
            <div class="field" class:invalid=move || title_error().is_some()>
                <label for="case-title">"Title"</label>
                <input
                    id="case-title"
                    name="title"
                    type="text"
                    autocomplete="off"
                    maxlength=Title::MAX_CHARS.to_string()
                    placeholder="e.g. Washing machine leaks at the door seal"
                    prop:value=move || title.get()
                    aria-invalid=move || title_error().is_some().to_string()
                    aria-describedby="case-title-error"
                    on:input:target=move |ev| {
                        title.set(ev.target().value());
                        input_changed();
                    }
                />
                <p class="field-error" id="case-title-error">{title_error}</p>
            </div>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { "Opening…" } else { "Open case" }}
            </button>
        </form>
    }
}
