//! Confirming the purchase (`form#purchase-form`): staff record the price
//! paid, the purchase date and the warranty period from the company's
//! records. What a customer stated on the public form shows beside it and
//! counts for nothing until this is sent.

use afterloop_domain::case::PurchaseBasis;
use afterloop_domain::{Case, Command, Currency, Date, FieldError, Money};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::shared::{sender, texts, Field, FormMessage, Input, Outcome, Submit};
use crate::components::parse_yuan;
use crate::i18n::errors::FieldErrors;
use crate::i18n::{format, Lang};

/// The form.
#[component]
pub fn PurchaseForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let lang = Lang::current();
    let outcome = Outcome::new(&["price_paid", "purchase_date", "warranty_months"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let product = &case.product;
    let price = RwSignal::new(
        product
            .price_paid
            .or(product.stated_price)
            .map(|m| m.decimal())
            .unwrap_or_default(),
    );
    let date = RwSignal::new(
        product
            .purchase_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let months = RwSignal::new(product.warranty_months.to_string());
    let stated = (product.basis == PurchaseBasis::CustomerStatement).then(|| {
        let said = product
            .stated_price
            .map(|m| format::money(m, lang))
            .unwrap_or_else(|| "–".to_owned());
        view! { <p class="muted small" id="purchase-stated">{t.purchase_stated}" "{said}</p> }
    });
    let currency = case
        .currency()
        .unwrap_or(afterloop_domain::case::Policy::default().currency);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut faults = Vec::new();
        let price_paid = match parse_yuan(&price.get_untracked(), lang) {
            Ok(Some(m)) => Currency::parse(&m.currency)
                .ok()
                .and_then(|c| Money::new(m.minor, c).ok())
                .map(|m| {
                    // The form takes yuan; a case in another currency keeps its own.
                    Money::new(m.minor(), currency).unwrap_or(m)
                }),
            Ok(None) => None,
            Err(mut e) => {
                e.field = "price_paid".into();
                faults.push(e);
                None
            }
        };
        let purchase_date = match date.get_untracked().trim() {
            "" => None,
            text => match Date::parse(text) {
                Ok(d) => Some(d),
                Err(_) => {
                    faults.push(FieldError::new(
                        "purchase_date",
                        "invalid",
                        FieldErrors::get(lang).date_invalid,
                    ));
                    None
                }
            },
        };
        let warranty_months = match months.get_untracked().trim().parse::<u16>() {
            Ok(m) => Some(m),
            Err(_) => {
                faults.push(FieldError::new(
                    "warranty_months",
                    "out_of_range",
                    FieldErrors::get(lang).out_of_range,
                ));
                None
            }
        };
        if !faults.is_empty() {
            outcome.refuse(faults);
            return;
        }
        outcome.clear();
        action.dispatch(Command::ConfirmPurchase {
            purchase_date,
            price_paid,
            warranty_months,
        });
    };
    view! {
        <form id="purchase-form" class="act-form" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            {stated}
            <div class="act-row">
                <Field id="act-purchase-price" label=t.purchase_price.to_owned() value=price
                    error=outcome.field("price_paid") input=Input::Amount/>
                <Field id="act-purchase-date" label=t.purchase_date.to_owned() value=date
                    error=outcome.field("purchase_date") input=Input::Line("date")/>
                <Field id="act-purchase-months" label=t.purchase_months.to_owned() value=months
                    error=outcome.field("warranty_months") input=Input::Amount/>
            </div>
            <Submit id="act-purchase-submit" label=t.purchase_submit pending/>
        </form>
    }
}
