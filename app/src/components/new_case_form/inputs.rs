//! One labelled input of the form with its error line beside it
//! (`#{id}-error`), marked invalid for assistive technology too.

use leptos::prelude::*;

/// How an input asks for its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// One line of text (`type` attribute).
    Line(&'static str),
    /// Several lines.
    Lines,
    /// One of some options: `(value, label)`; the empty value reads "Choose…".
    Choice(Vec<(&'static str, &'static str)>),
}

/// A labelled input bound to `value`; `on_edit` runs after each change.
#[component]
pub fn Field(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] on_edit: Callback<()>,
    kind: InputKind,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    /// Marked as required, visibly (`*`) and for assistive technology.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let aria_required = required.then_some("true");
    let error_id = format!("{id}-error");
    let described = match hint {
        Some(_) => format!("{id}-hint {error_id}"),
        None => error_id.clone(),
    };
    let invalid = move || error.with(Option::is_some);
    let aria_invalid = move || invalid().to_string();
    let maxlength = maxlength.map(|m| m.to_string());
    let control = match kind {
        InputKind::Line(input_type) => view! {
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete.unwrap_or("off")
                inputmode=inputmode
                maxlength=maxlength
                placeholder=placeholder
                prop:value=move || value.get()
                aria-invalid=aria_invalid
                aria-required=aria_required
                aria-describedby=described
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    on_edit.run(());
                }
            />
        }
        .into_any(),
        InputKind::Lines => view! {
            <textarea
                id=id
                name=id
                rows="4"
                maxlength=maxlength
                placeholder=placeholder
                prop:value=move || value.get()
                aria-invalid=aria_invalid
                aria-required=aria_required
                aria-describedby=described
                on:input:target=move |ev| {
                    value.set(ev.target().value());
                    on_edit.run(());
                }
            ></textarea>
        }
        .into_any(),
        InputKind::Choice(options) => view! {
            <select
                id=id
                name=id
                aria-invalid=aria_invalid
                aria-required=aria_required
                aria-describedby=described
                on:change:target=move |ev| {
                    value.set(ev.target().value());
                    on_edit.run(());
                }
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        view! { <option value=v prop:selected=move || value.with(|x| x == v)>{l}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required-mark" aria-hidden="true">" *"</span> })}
            </label>
            {control}
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
