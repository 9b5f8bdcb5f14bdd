//! The form that opens a case. It validates with the domain's own rules
//! (`NewCase::parse`) before sending, shows every field error beside its
//! field (from the same rules, or from the server's answer), and sends an
//! idempotency key so a retried submission never opens a second case.

mod draft;
mod inputs;

use afterloop_domain::case::{Channel, Language, MAX_DESCRIPTION_CHARS};
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::CreateCaseRequest;
use afterloop_domain::{CaseId, CaseKind, FieldError, NewCase, Title};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

pub use self::draft::parse_yuan;
use self::draft::{input_for, Draft, PRICE_FIELD};
pub use self::inputs::{Field, InputKind};
use crate::api::{self, ApiError};
use crate::components::{DuplicateHint, WarrantyHint};
use crate::i18n::intake::Intake;
use crate::i18n::{errors, Lang};
use crate::labels;
use crate::session::Session;

/// The kinds to choose from, after "Choose…".
fn kind_options(lang: Language) -> Vec<(&'static str, &'static str)> {
    let mut options = vec![("", Intake::get(lang).choose)];
    options.extend(
        [CaseKind::Repair, CaseKind::Return, CaseKind::Refund]
            .map(|k| (k.as_str(), labels::kind(k, lang))),
    );
    options
}

/// The channels to choose from, after "Choose…".
fn channel_options(lang: Language) -> Vec<(&'static str, &'static str)> {
    let mut options = vec![("", Intake::get(lang).choose)];
    options.extend(
        [
            Channel::SalesRep,
            Channel::Hotline,
            Channel::Email,
            Channel::WebForm,
            Channel::Technician,
        ]
        .map(|c| (c.as_str(), labels::channel(c, lang))),
    );
    options
}

/// The priorities to choose from (normal preselected by the draft).
fn priority_options(lang: Language) -> Vec<(&'static str, &'static str)> {
    [
        ("low", Priority::Low),
        ("normal", Priority::Normal),
        ("high", Priority::High),
        ("urgent", Priority::Urgent),
    ]
    .map(|(value, p)| (value, labels::priority(p, lang)))
    .to_vec()
}

/// The new-case form; `on_created` runs with each case it opens.
#[component]
pub fn NewCaseForm(#[prop(into)] on_created: Callback<CaseId>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let text = Intake::get(lang);
    let draft = Draft::new();
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let form_error = RwSignal::new(None::<String>);
    let opened = RwSignal::new(None::<CaseId>);
    let opened_link = NodeRef::<leptos::html::A>::new();
    // One key per distinct submission: kept across retries of the same input,
    // renewed when the input changes or a case was opened.
    let idempotency_key = StoredValue::new(api::new_idempotency_key());
    let on_edit = Callback::new(move |()| {
        idempotency_key.set_value(api::new_idempotency_key());
        form_error.set(None);
    });

    let submit = Action::new_local(move |req: &CreateCaseRequest| {
        let req = req.clone();
        let key = idempotency_key.get_value();
        async move { api::create_case(session, &req, &key).await }
    });

    Effect::new(move |_| match submit.value().get() {
        Some(Ok(id)) => {
            draft.reset();
            field_errors.set(Vec::new());
            form_error.set(None);
            idempotency_key.set_value(api::new_idempotency_key());
            opened.set(Some(id));
            on_created.run(id);
            // The form was sent from its foot: bring the new case's link
            // into view and give it focus (a keyboard's next Enter opens it).
            request_animation_frame(move || {
                if let Some(link) = opened_link.get_untracked() {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    link.scroll_into_view_with_scroll_into_view_options(&options);
                    let _ = link.focus();
                }
            });
        }
        Some(Err(err)) => {
            field_errors.set(err.fields().to_vec());
            form_error.set(Some(match &err {
                ApiError::Rejected(body) if !body.fields.is_empty() => summary(&body.fields, lang),
                other => errors::api(other, lang),
            }));
        }
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        opened.set(None);
        let (req, price_error) = draft.request(lang);
        let mut faults = match NewCase::parse(&req, crate::components::today()) {
            Ok(_) => Vec::new(),
            Err(invalid) => invalid.fields,
        };
        if let Some(price_error) = price_error {
            // The text was no amount: that, not "required", is the price's fault.
            faults.retain(|e| !e.field.starts_with(PRICE_FIELD));
            faults.push(price_error);
        }
        if faults.is_empty() {
            field_errors.set(Vec::new());
            form_error.set(None);
            submit.dispatch(req);
        } else {
            form_error.set(Some(summary(&faults, lang)));
            field_errors.set(faults);
        }
    };

    let error_for = move |input: &'static str| {
        Signal::derive(move || {
            let messages: Vec<String> = field_errors
                .read()
                .iter()
                .filter(|e| input_for(&e.field) == Some(input))
                .map(|e| errors::field(e, lang))
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    };
    let pending = submit.pending();

    view! {
        <form class="card new-case" on:submit=on_submit novalidate>
            <h2>{text.heading}</h2>
            <Show when=move || form_error.get().is_some()>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
            </Show>
            {move || opened.get().map(|id| view! {
                <p class="form-success" role="status">
                    {text.opened_before} <a href=format!("/cases/{id}") id="new-case-link" node_ref=opened_link>{id.to_string()}</a> {text.opened_after}
                </p>
            })}
            <fieldset>
                <legend>{text.case}</legend>
                <div class="field-row">
                    <Field id="case-kind" label=text.kind value=draft.kind
                        error=error_for("case-kind") on_edit kind=InputKind::Choice(kind_options(lang))/>
                    <Field id="case-channel" label=text.channel value=draft.channel
                        error=error_for("case-channel") on_edit kind=InputKind::Choice(channel_options(lang))/>
                    <Field id="case-priority" label=text.priority value=draft.priority
                        error=error_for("case-priority") on_edit kind=InputKind::Choice(priority_options(lang))/>
                </div>
                <Field id="case-title" label=text.title value=draft.title
                    error=error_for("case-title") on_edit kind=InputKind::Line("text")
                    maxlength=Title::MAX_CHARS placeholder=text.title_example/>
            </fieldset>
            <fieldset>
                <legend>{text.customer}</legend>
                <Field id="case-customer-name" label=text.name value=draft.name
                    error=error_for("case-customer-name") on_edit kind=InputKind::Line("text")
                    autocomplete="name" maxlength=120/>
                <div class="field-row">
                    <Field id="case-customer-phone" label=text.phone value=draft.phone
                        error=error_for("case-customer-phone") on_edit kind=InputKind::Line("tel")
                        autocomplete="tel" inputmode="tel" maxlength=32 hint=text.contact_hint/>
                    <Field id="case-customer-email" label=text.email value=draft.email
                        error=error_for("case-customer-email") on_edit kind=InputKind::Line("email")
                        autocomplete="email" inputmode="email" maxlength=254/>
                </div>
                <Field id="case-customer-address" label=text.address value=draft.address
                    error=error_for("case-customer-address") on_edit kind=InputKind::Line("text")
                    autocomplete="street-address" maxlength=200/>
            </fieldset>
            <fieldset>
                <legend>{text.product}</legend>
                <div class="field-row">
                    <Field id="case-product-model" label=text.model value=draft.model
                        error=error_for("case-product-model") on_edit kind=InputKind::Line("text")
                        maxlength=80/>
                    <Field id="case-product-serial" label=text.serial value=draft.serial
                        error=error_for("case-product-serial") on_edit kind=InputKind::Line("text")
                        maxlength=64/>
                </div>
                <DuplicateHint serial=draft.serial/>
                <div class="field-row">
                    <Field id="case-product-purchase-date" label=text.purchase_date
                        value=draft.purchase_date error=error_for("case-product-purchase-date")
                        on_edit kind=InputKind::Line("date")/>
                    <Field id="case-product-price" label=text.price value=draft.price
                        error=error_for("case-product-price") on_edit kind=InputKind::Line("text")
                        inputmode="decimal" placeholder="0.00" hint=text.price_hint/>
                </div>
                <WarrantyHint purchase_date=draft.purchase_date/>
            </fieldset>
            <Field id="case-description" label=text.description value=draft.description
                error=error_for("case-description") on_edit kind=InputKind::Lines
                maxlength=MAX_DESCRIPTION_CHARS placeholder=text.description_example/>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { text.submitting } else { text.submit }}
            </button>
        </form>
    }
}

/// The form-level message: fix the marked fields, plus any fault the form
/// has no input for (so no error is ever hidden).
fn summary(faults: &[FieldError], lang: Language) -> String {
    let fix_fields = Intake::get(lang).fix_fields;
    let unplaced: Vec<String> = faults
        .iter()
        .filter(|e| input_for(&e.field).is_none())
        .map(|e| format!("{}: {}", e.field, errors::field(e, lang)))
        .collect();
    if unplaced.is_empty() {
        fix_fields.to_owned()
    } else {
        format!("{fix_fields} {}", unplaced.join(" "))
    }
}
