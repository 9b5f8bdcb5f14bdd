//! The form that opens a case. It validates with the domain's own rules
//! (`NewCase::parse`) before sending, shows every field error beside its
//! field (from the same rules, or from the server's answer), and sends an
//! idempotency key so a retried submission never opens a second case.

mod draft;
mod inputs;

use afterloop_domain::case::{Channel, MAX_DESCRIPTION_CHARS};
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{CaseView, CreateCaseRequest};
use afterloop_domain::{CaseId, CaseKind, FieldError, NewCase, Title};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use self::draft::{input_for, Draft, PRICE_FIELD};
use self::inputs::{Field, InputKind};
use crate::api::{self, ApiError};
use crate::labels;
use crate::session::Session;

/// The words of the form.
mod text {
    pub const HEADING: &str = "Open a case";
    pub const CASE: &str = "The case";
    pub const CUSTOMER: &str = "Customer";
    pub const PRODUCT: &str = "Product";
    pub const KIND: &str = "Kind";
    pub const CHANNEL: &str = "Channel";
    pub const PRIORITY: &str = "Priority";
    pub const TITLE: &str = "Title";
    pub const TITLE_EXAMPLE: &str = "e.g. Inverter shows error E07 after storm";
    pub const NAME: &str = "Name or company";
    pub const PHONE: &str = "Phone";
    pub const EMAIL: &str = "Email";
    pub const CONTACT_HINT: &str = "A phone number or an email address.";
    pub const MODEL: &str = "Model";
    pub const SERIAL: &str = "Serial number";
    pub const PURCHASE_DATE: &str = "Purchase date";
    pub const PRICE: &str = "Price paid (CNY)";
    pub const PRICE_HINT: &str = "In yuan, e.g. 1280.00. Required for returns and refunds.";
    pub const DESCRIPTION: &str = "Description";
    pub const DESCRIPTION_EXAMPLE: &str = "What the customer reports, in their words.";
    pub const FIX_FIELDS: &str = "Please correct the fields marked below.";
    pub const SUBMIT: &str = "Open case";
    pub const SUBMITTING: &str = "Opening…";
    pub const CHOOSE: &str = "Choose…";
}

const KIND_OPTIONS: &[(&str, &str)] = &[
    ("", text::CHOOSE),
    ("repair", labels::kind(CaseKind::Repair)),
    ("return", labels::kind(CaseKind::Return)),
    ("refund", labels::kind(CaseKind::Refund)),
];

const CHANNEL_OPTIONS: &[(&str, &str)] = &[
    ("", text::CHOOSE),
    ("sales_rep", labels::channel(Channel::SalesRep)),
    ("hotline", labels::channel(Channel::Hotline)),
    ("email", labels::channel(Channel::Email)),
    ("web_form", labels::channel(Channel::WebForm)),
    ("technician", labels::channel(Channel::Technician)),
];

const PRIORITY_OPTIONS: &[(&str, &str)] = &[
    ("low", labels::priority(Priority::Low)),
    ("normal", labels::priority(Priority::Normal)),
    ("high", labels::priority(Priority::High)),
    ("urgent", labels::priority(Priority::Urgent)),
];

/// The new-case form; `on_created` runs with each case it opens.
#[component]
pub fn NewCaseForm(#[prop(into)] on_created: Callback<CaseView>) -> impl IntoView {
    let session = Session::get();
    let draft = Draft::new();
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let form_error = RwSignal::new(None::<String>);
    let opened = RwSignal::new(None::<CaseId>);
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
        Some(Ok(view)) => {
            draft.reset();
            field_errors.set(Vec::new());
            form_error.set(None);
            idempotency_key.set_value(api::new_idempotency_key());
            opened.set(Some(view.case.id));
            on_created.run(view);
        }
        Some(Err(err)) => {
            field_errors.set(err.fields().to_vec());
            form_error.set(Some(match &err {
                ApiError::Rejected(body) if !body.fields.is_empty() => summary(&body.fields),
                other => other.to_string(),
            }));
        }
        None => {}
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        opened.set(None);
        let (req, price_error) = draft.request();
        let mut errors = match NewCase::parse(&req) {
            Ok(_) => Vec::new(),
            Err(invalid) => invalid.fields,
        };
        if let Some(price_error) = price_error {
            // The text was no amount: that, not "required", is the price's fault.
            errors.retain(|e| !e.field.starts_with(PRICE_FIELD));
            errors.push(price_error);
        }
        if errors.is_empty() {
            field_errors.set(Vec::new());
            form_error.set(None);
            submit.dispatch(req);
        } else {
            form_error.set(Some(summary(&errors)));
            field_errors.set(errors);
        }
    };

    let error_for = move |input: &'static str| {
        Signal::derive(move || {
            let messages: Vec<String> = field_errors
                .read()
                .iter()
                .filter(|e| input_for(&e.field) == Some(input))
                .map(|e| e.message.clone())
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    };
    let pending = submit.pending();

    view! {
        <form class="card new-case" on:submit=on_submit novalidate>
            <h2>{text::HEADING}</h2>
            <Show when=move || form_error.get().is_some()>
                <p class="form-error" role="alert">{move || form_error.get()}</p>
            </Show>
            {move || opened.get().map(|id| view! {
                <p class="form-success" role="status">
                    "Case " <a href=format!("/cases/{id}")>{id.to_string()}</a> " opened."
                </p>
            })}
            <fieldset>
                <legend>{text::CASE}</legend>
                <div class="field-row">
                    <Field id="case-kind" label=text::KIND value=draft.kind
                        error=error_for("case-kind") on_edit kind=InputKind::Choice(KIND_OPTIONS)/>
                    <Field id="case-channel" label=text::CHANNEL value=draft.channel
                        error=error_for("case-channel") on_edit kind=InputKind::Choice(CHANNEL_OPTIONS)/>
                    <Field id="case-priority" label=text::PRIORITY value=draft.priority
                        error=error_for("case-priority") on_edit kind=InputKind::Choice(PRIORITY_OPTIONS)/>
                </div>
                <Field id="case-title" label=text::TITLE value=draft.title
                    error=error_for("case-title") on_edit kind=InputKind::Line("text")
                    maxlength=Title::MAX_CHARS placeholder=text::TITLE_EXAMPLE/>
            </fieldset>
            <fieldset>
                <legend>{text::CUSTOMER}</legend>
                <Field id="case-customer-name" label=text::NAME value=draft.name
                    error=error_for("case-customer-name") on_edit kind=InputKind::Line("text")
                    autocomplete="name" maxlength=120/>
                <div class="field-row">
                    <Field id="case-customer-phone" label=text::PHONE value=draft.phone
                        error=error_for("case-customer-phone") on_edit kind=InputKind::Line("tel")
                        autocomplete="tel" inputmode="tel" maxlength=32 hint=text::CONTACT_HINT/>
                    <Field id="case-customer-email" label=text::EMAIL value=draft.email
                        error=error_for("case-customer-email") on_edit kind=InputKind::Line("email")
                        autocomplete="email" inputmode="email" maxlength=254/>
                </div>
            </fieldset>
            <fieldset>
                <legend>{text::PRODUCT}</legend>
                <div class="field-row">
                    <Field id="case-product-model" label=text::MODEL value=draft.model
                        error=error_for("case-product-model") on_edit kind=InputKind::Line("text")
                        maxlength=80/>
                    <Field id="case-product-serial" label=text::SERIAL value=draft.serial
                        error=error_for("case-product-serial") on_edit kind=InputKind::Line("text")
                        maxlength=64/>
                </div>
                <div class="field-row">
                    <Field id="case-product-purchase-date" label=text::PURCHASE_DATE
                        value=draft.purchase_date error=error_for("case-product-purchase-date")
                        on_edit kind=InputKind::Line("date")/>
                    <Field id="case-product-price" label=text::PRICE value=draft.price
                        error=error_for("case-product-price") on_edit kind=InputKind::Line("text")
                        inputmode="decimal" placeholder="0.00" hint=text::PRICE_HINT/>
                </div>
            </fieldset>
            <Field id="case-description" label=text::DESCRIPTION value=draft.description
                error=error_for("case-description") on_edit kind=InputKind::Lines
                maxlength=MAX_DESCRIPTION_CHARS placeholder=text::DESCRIPTION_EXAMPLE/>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || if pending.get() { text::SUBMITTING } else { text::SUBMIT }}
            </button>
        </form>
    }
}

/// The form-level message: fix the marked fields, plus any fault the form
/// has no input for (so no error is ever hidden).
fn summary(errors: &[FieldError]) -> String {
    let unplaced: Vec<String> = errors
        .iter()
        .filter(|e| input_for(&e.field).is_none())
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect();
    if unplaced.is_empty() {
        text::FIX_FIELDS.to_owned()
    } else {
        format!("{} {}", text::FIX_FIELDS, unplaced.join(" "))
    }
}
