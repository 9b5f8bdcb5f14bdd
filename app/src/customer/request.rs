//! `/request`: a customer opens a repair, return or refund request. The
//! warranty is explained as the purchase date is typed, every field error
//! shows beside its field (the domain's own rules, before and after the
//! round trip), in the customer's own terms, and a failed send takes them
//! to the first field at fault; required fields are marked. The form
//! carries a solved challenge against scripts (and the server limits
//! requests per address). The confirmation gives the case number, its full
//! link to copy or share, what happens next and how we will contact them.
//! Photos are chosen with a preview and follow once the case exists.

use afterloop_domain::case::Language;
use afterloop_domain::wire::{NewRequestReceipt, PublicCustomer, PublicProduct, PublicRequest};
use afterloop_domain::{CaseKind, FieldError, NewCase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::challenge;
use super::photos::{PhotoPicker, Picked};
use crate::api::{self, track, ApiError};
use crate::components::{parse_yuan, today, Field, InputKind, WarrantyHint};
use crate::i18n::customer::{self as words, CustomerText};
use crate::i18n::{errors, Lang};
use crate::labels;

/// The form's inputs.
#[derive(Clone, Copy)]
struct Form {
    kind: RwSignal<String>,
    model: RwSignal<String>,
    serial: RwSignal<String>,
    purchase_date: RwSignal<String>,
    price: RwSignal<String>,
    description: RwSignal<String>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    address: RwSignal<String>,
}

impl Form {
    fn new() -> Form {
        let s = || RwSignal::new(String::new());
        Form {
            kind: RwSignal::new("repair".into()),
            model: s(),
            serial: s(),
            purchase_date: s(),
            price: s(),
            description: s(),
            name: s(),
            phone: s(),
            email: s(),
            address: s(),
        }
    }

    /// The request; a title for the company's lists is made from the model
    /// and the first words of the description.
    fn request(&self, lang: Language) -> (PublicRequest, Option<FieldError>) {
        let (stated_price, price_error) = match parse_yuan(&self.price.get_untracked(), lang) {
            Ok(p) => (p, None),
            Err(e) => (None, Some(e)),
        };
        let description = self.description.get_untracked();
        let model = self.model.get_untracked();
        let summary: String = description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(60)
            .collect();
        let title = match (model.trim().is_empty(), summary.is_empty()) {
            (false, false) => format!("{}: {summary}", model.trim()),
            (false, true) => model.trim().to_owned(),
            _ => summary,
        };
        let req = PublicRequest {
            kind: self.kind.get_untracked(),
            title,
            description,
            customer: PublicCustomer {
                name: self.name.get_untracked(),
                phone: self.phone.get_untracked(),
                email: self.email.get_untracked(),
                address: self.address.get_untracked(),
                language: match lang {
                    Language::En => "en".into(),
                    Language::ZhCn => "zh-CN".into(),
                },
            },
            product: PublicProduct {
                model,
                serial: self.serial.get_untracked(),
                purchase_date: self.purchase_date.get_untracked(),
                stated_price,
                ..PublicProduct::default()
            },
        };
        (req, price_error)
    }
}

/// The input showing errors of a field path (the title is made from the
/// model and description, so its faults show there).
fn input_for(field: &str) -> &'static str {
    match field {
        "kind" => "req-kind",
        "product.model" | "title" => "req-model",
        "product.serial" => "req-serial",
        "product.purchase_date" => "req-purchase-date",
        f if f.starts_with("product.stated_price") => "req-price",
        "description" => "req-description",
        "customer.name" => "req-name",
        "customer.phone" => "req-phone",
        "customer.email" => "req-email",
        "customer.address" => "req-address",
        _ => "req-description",
    }
}

/// The inputs in the order the form shows them.
const ORDER: [&str; 10] = [
    "req-kind",
    "req-model",
    "req-serial",
    "req-purchase-date",
    "req-price",
    "req-description",
    "req-name",
    "req-phone",
    "req-email",
    "req-address",
];

/// The faults to show: the title is made from the model and the
/// description, so its faults show only when theirs do not.
fn shown(faults: &[FieldError]) -> Vec<FieldError> {
    let parts_at_fault = faults
        .iter()
        .any(|f| f.field == "product.model" || f.field == "description");
    faults
        .iter()
        .filter(|f| !(f.field == "title" && parts_at_fault))
        .cloned()
        .collect()
}

/// Takes the customer to the first field at fault: focused, and scrolled
/// to the middle of the screen with its label in view.
fn go_to_first(faults: &[FieldError]) {
    let Some(first) = ORDER
        .iter()
        .find(|id| faults.iter().any(|f| input_for(&f.field) == **id))
    else {
        return;
    };
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(first))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
    // `scrollIntoView({block: "center"})`, called by name: the field's
    // label and error stay on screen with it.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"center".into());
    if let Ok(f) = js_sys::Reflect::get(&el, &"scrollIntoView".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call1(&el, &options);
    }
}

/// The page.
#[component]
pub fn RequestPage() -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let form = Form::new();
    let faults = RwSignal::new(Vec::<FieldError>::new());
    let form_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let receipt = RwSignal::new(None::<NewRequestReceipt>);
    let photos = RwSignal::new(Vec::<Picked>::new());
    // The phone and email the request gave, for the confirmation.
    let contact = StoredValue::new((None::<String>, None::<String>));
    // A send and its retries carry one key and one solved challenge: the
    // server scopes the key to the challenge, so a retry finds the case
    // the first send opened. Editing the form starts afresh.
    let key = StoredValue::new(api::new_idempotency_key());
    let solved = StoredValue::new(None::<(String, String)>);
    // After a failed send, the faults follow the edits: a field fixed
    // loses its error as the customer types.
    let on_edit = Callback::new(move |()| {
        key.set_value(api::new_idempotency_key());
        solved.set_value(None);
        form_error.set(None);
        if !faults.read_untracked().is_empty() {
            let (req, price_error) = form.request(lang);
            let mut found = NewCase::parse_public(&req, today())
                .err()
                .map(|e| e.fields)
                .unwrap_or_default();
            if let Some(e) = price_error {
                found.retain(|f| !f.field.starts_with("product.stated_price"));
                found.push(e);
            }
            faults.set(found);
        }
    });
    let error_for = move |input: &'static str| {
        Signal::derive(move || {
            let messages: Vec<String> = shown(&faults.read())
                .iter()
                .filter(|e| input_for(&e.field) == input)
                .map(|e| words::field_error(e, lang))
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (req, price_error) = form.request(lang);
        let parsed = NewCase::parse_public(&req, today());
        if let Ok(c) = &parsed {
            contact.set_value((c.customer.phone.clone(), c.customer.email.clone()));
        }
        let mut found = parsed.err().map(|e| e.fields).unwrap_or_default();
        if let Some(e) = price_error {
            found.retain(|f| !f.field.starts_with("product.stated_price"));
            found.push(e);
        }
        if !found.is_empty() {
            let first = shown(&found);
            faults.set(found);
            form_error.set(Some(t.fix_fields.to_owned()));
            go_to_first(&first);
            return;
        }
        faults.set(Vec::new());
        form_error.set(None);
        busy.set(true);
        let idempotency_key = key.get_value();
        spawn_local(async move {
            let sent = async {
                let (id, nonce) = match solved.get_value() {
                    Some(pair) => pair,
                    None => {
                        let c = track::challenge().await?;
                        let nonce = challenge::solve(&c.challenge, c.difficulty);
                        solved.set_value(Some((c.challenge.clone(), nonce.clone())));
                        (c.challenge, nonce)
                    }
                };
                track::new_request(&req, &id, &nonce, &idempotency_key).await
            }
            .await;
            match sent {
                Ok(r) => {
                    for p in photos.get_untracked() {
                        if let Ok(jpeg) = crate::offline::photo::shrink(&p.file).await {
                            let _ = track::photo(&r.token, &p.name(), "image/jpeg", jpeg).await;
                        }
                    }
                    super::photos::clear(photos);
                    receipt.set(Some(r));
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
                Err(e) => {
                    // The server answered: nothing to retry; a next send
                    // solves a fresh challenge.
                    if matches!(e, ApiError::Rejected(_)) {
                        solved.set_value(None);
                    }
                    let found = e.fields().to_vec();
                    faults.set(found.clone());
                    form_error.set(Some(match &e {
                        ApiError::Rejected(b) if !b.fields.is_empty() => t.fix_fields.to_owned(),
                        other => errors::api(other, lang),
                    }));
                    go_to_first(&shown(&found));
                }
            }
            busy.set(false);
        });
    };
    let kinds = vec![
        ("repair", labels::kind(CaseKind::Repair, lang)),
        ("return", labels::kind(CaseKind::Return, lang)),
    ];
    move || {
        if let Some(r) = receipt.get() {
            let (phone, email) = contact.get_value();
            return view! { <Received receipt=r phone email/> }.into_any();
        }
        view! {
            <form class="card request" id="request" on:submit=submit novalidate>
                <h1>{t.request_title}</h1>
                <p class="lead">{t.request_lead}</p>
                <p class="required-note" aria-hidden="true">{t.required_note}</p>
                {move || form_error.get().map(|e| view! { <p class="form-error" id="request-error" role="alert">{e}</p> })}
                <Field id="req-kind" label=t.what value=form.kind error=error_for("req-kind") on_edit
                    kind=InputKind::Choice(kinds.clone())/>
                <fieldset>
                    <legend>{t.product}</legend>
                    <Field id="req-model" label=t.model value=form.model error=error_for("req-model")
                        on_edit kind=InputKind::Line("text") maxlength=80 required=true/>
                    <Field id="req-serial" label=t.serial value=form.serial error=error_for("req-serial")
                        on_edit kind=InputKind::Line("text") hint=t.serial_hint maxlength=64/>
                    <Field id="req-purchase-date" label=t.purchase_date value=form.purchase_date
                        error=error_for("req-purchase-date") on_edit kind=InputKind::Line("date")/>
                    <WarrantyHint purchase_date=form.purchase_date/>
                    <Field id="req-price" label=t.price value=form.price error=error_for("req-price")
                        on_edit kind=InputKind::Line("text") inputmode="decimal" maxlength=16/>
                    <Field id="req-description" label=t.description value=form.description
                        error=error_for("req-description") on_edit kind=InputKind::Lines maxlength=4000 required=true/>
                    <div class="field">
                        <span class="field-label" id="req-photos-label">{t.photos}</span>
                        <PhotoPicker id="req-photos" photos multiple=true/>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t.you_contact}</legend>
                    <Field id="req-name" label=t.name value=form.name error=error_for("req-name")
                        on_edit kind=InputKind::Line("text") autocomplete="name" maxlength=120 required=true/>
                    <p class="field-hint contact-note" id="req-contact-note">{t.contact_note}</p>
                    <Field id="req-phone" label=t.phone value=form.phone error=error_for("req-phone")
                        on_edit kind=InputKind::Line("tel") autocomplete="tel" inputmode="tel" maxlength=32/>
                    <Field id="req-email" label=t.email value=form.email error=error_for("req-email")
                        on_edit kind=InputKind::Line("email") autocomplete="email" inputmode="email" maxlength=254/>
                    <Field id="req-address" label=t.address value=form.address error=error_for("req-address")
                        on_edit kind=InputKind::Line("text") autocomplete="street-address" maxlength=200/>
                </fieldset>
                <button type="submit" class="primary" id="request-submit" disabled=move || busy.get()>
                    {move || if busy.get() { t.checking } else { t.submit }}
                </button>
            </form>
        }
        .into_any()
    }
}

/// The confirmation: the number, the full link with Copy (and Share where
/// the phone can), what happens next and how we will contact them.
#[component]
fn Received(
    receipt: NewRequestReceipt,
    phone: Option<String>,
    email: Option<String>,
) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let path = format!("/track/{}", receipt.token);
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let link = format!("{origin}{path}");
    let copied = RwSignal::new(None::<bool>);
    let can_share = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"share".into()).ok())
        .is_some_and(|f| f.is_function());
    let copy_link = link.clone();
    let copy = move |_| {
        let link = copy_link.clone();
        spawn_local(async move {
            copied.set(Some(super::share::copy(&link).await));
        });
    };
    let share_link = link.clone();
    let share = move |_| super::share::share(t.share_title, &share_link);
    let next = words::next_text(receipt.next, None, lang);
    let reach = match (phone, email) {
        (Some(p), Some(e)) => crate::phrase!(
            lang,
            "We call or text you on {p}, or write to {e}.",
            "我们会致电或发短信至 {p}，或发邮件至 {e} 与您联系。"
        ),
        (Some(p), None) => crate::phrase!(
            lang,
            "We call or text you on {p}.",
            "我们会致电或发短信至 {p} 与您联系。"
        ),
        (None, Some(e)) => crate::phrase!(
            lang,
            "We write to you at {e}.",
            "我们会发邮件至 {e} 与您联系。"
        ),
        (None, None) => String::new(),
    };
    view! {
        <section class="card received" id="request-received">
            <h1>{t.received}</h1>
            <p>{t.your_number}" "<strong class="case-id" id="received-number">{receipt.id.to_string()}</strong></p>
            <h2>{t.next}</h2>
            <p id="received-next">{next}</p>
            <h2>{t.contact_us_how}</h2>
            <p id="received-contact">{reach}</p>
            <h2>{t.your_link}</h2>
            <p>{t.keep_link}</p>
            <p class="link-box"><a id="received-link" href=path.clone()>{link}</a></p>
            <div class="actions">
                <button type="button" class="button secondary" id="received-copy" on:click=copy>{t.copy_link}</button>
                {can_share.then(|| view! {
                    <button type="button" class="button secondary" id="received-share" on:click=share>{t.share_link}</button>
                })}
            </div>
            <p role="status" id="received-copied" class:form-success=move || copied.get() == Some(true)
                class:form-error=move || copied.get() == Some(false)>
                {move || copied.get().map(|ok| if ok { t.copied } else { t.copy_failed })}
            </p>
            <a class="button primary" href=path>{t.open_case}</a>
        </section>
    }
}
