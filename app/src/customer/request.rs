//! `/request`: a customer opens a repair, return or refund request. The
//! warranty is explained as the purchase date is typed, every field error
//! shows beside its field (the domain's own rules, before and after the
//! round trip), the form carries a solved challenge against scripts (and
//! the server limits requests per address), and the confirmation gives the
//! case number and its link. Photos follow once the case exists.

use afterloop_domain::case::Language;
use afterloop_domain::flow::info::upload_name;
use afterloop_domain::wire::{NewRequestReceipt, PublicCustomer, PublicProduct, PublicRequest};
use afterloop_domain::{CaseKind, FieldError, NewCase};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::challenge;
use crate::api::{self, track, ApiError};
use crate::components::{parse_yuan, today, Field, InputKind, WarrantyHint};
use crate::i18n::customer::CustomerText;
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
    let photos = StoredValue::new_local(Vec::<web_sys::File>::new());
    // A send and its retries carry one key and one solved challenge: the
    // server scopes the key to the challenge, so a retry finds the case
    // the first send opened. Editing the form starts afresh.
    let key = StoredValue::new(api::new_idempotency_key());
    let solved = StoredValue::new(None::<(String, String)>);
    let on_edit = Callback::new(move |()| {
        key.set_value(api::new_idempotency_key());
        solved.set_value(None);
        form_error.set(None);
    });
    let error_for = move |input: &'static str| {
        Signal::derive(move || {
            let messages: Vec<String> = faults
                .read()
                .iter()
                .filter(|e| input_for(&e.field) == input)
                .map(|e| errors::field(e, lang))
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    };
    let pick_photos = move |ev: leptos::ev::Event| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            let files = input.files();
            let list = (0..files.as_ref().map_or(0, |f| f.length()))
                .filter_map(|i| files.as_ref()?.get(i))
                .collect();
            photos.set_value(list);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (req, price_error) = form.request(lang);
        let mut found = NewCase::parse_public(&req, today())
            .err()
            .map(|e| e.fields)
            .unwrap_or_default();
        if let Some(e) = price_error {
            found.retain(|f| !f.field.starts_with("product.stated_price"));
            found.push(e);
        }
        if !found.is_empty() {
            faults.set(found);
            form_error.set(Some(t.fix_fields.to_owned()));
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
                    for file in photos.get_value() {
                        if let Ok(jpeg) = crate::offline::photo::shrink(&file).await {
                            // The name it was picked with is kept as evidence.
                            let name = upload_name(&file.name(), "photo.jpg");
                            let _ = track::photo(&r.token, &name, "image/jpeg", jpeg).await;
                        }
                    }
                    receipt.set(Some(r));
                }
                Err(e) => {
                    // The server answered: nothing to retry; a next send
                    // solves a fresh challenge.
                    if matches!(e, ApiError::Rejected(_)) {
                        solved.set_value(None);
                    }
                    faults.set(e.fields().to_vec());
                    form_error.set(Some(match &e {
                        ApiError::Rejected(b) if !b.fields.is_empty() => t.fix_fields.to_owned(),
                        other => errors::api(other, lang),
                    }));
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
            let link = format!("/track/{}", r.token);
            return view! {
                <section class="card received" id="request-received">
                    <h1>{t.received}</h1>
                    <p>{t.your_number}" "<strong class="case-id" id="received-number">{r.id.to_string()}</strong></p>
                    <p>{t.keep_link}</p>
                    <p class="link-box"><a id="received-link" href=link.clone()>{link.clone()}</a></p>
                    <a class="button primary" href=link>{t.open_case}</a>
                </section>
            }
            .into_any();
        }
        view! {
            <form class="card request" id="request" on:submit=submit novalidate>
                <h1>{t.request_title}</h1>
                <p class="lead">{t.request_lead}</p>
                {move || form_error.get().map(|e| view! { <p class="form-error" id="request-error" role="alert">{e}</p> })}
                <Field id="req-kind" label=t.what value=form.kind error=error_for("req-kind") on_edit
                    kind=InputKind::Choice(kinds.clone())/>
                <fieldset>
                    <legend>{t.product}</legend>
                    <Field id="req-model" label=t.model value=form.model error=error_for("req-model")
                        on_edit kind=InputKind::Line("text") maxlength=80/>
                    <Field id="req-serial" label=t.serial value=form.serial error=error_for("req-serial")
                        on_edit kind=InputKind::Line("text") hint=t.serial_hint maxlength=64/>
                    <Field id="req-purchase-date" label=t.purchase_date value=form.purchase_date
                        error=error_for("req-purchase-date") on_edit kind=InputKind::Line("date")/>
                    <WarrantyHint purchase_date=form.purchase_date/>
                    <Field id="req-price" label=t.price value=form.price error=error_for("req-price")
                        on_edit kind=InputKind::Line("text") inputmode="decimal" maxlength=16/>
                    <Field id="req-description" label=t.description value=form.description
                        error=error_for("req-description") on_edit kind=InputKind::Lines maxlength=4000/>
                    <label for="req-photos">{t.photos}</label>
                    <input type="file" id="req-photos" accept="image/*" multiple on:change=pick_photos/>
                </fieldset>
                <fieldset>
                    <legend>{t.you_contact}</legend>
                    <Field id="req-name" label=t.name value=form.name error=error_for("req-name")
                        on_edit kind=InputKind::Line("text") autocomplete="name" maxlength=120/>
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
