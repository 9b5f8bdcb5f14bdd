//! The form's input as typed, turned into a [`CreateCaseRequest`]; the price
//! in yuan text becomes minor units (fen); and the map from an error's field
//! path (`customer.phone`) to the input that shows it.

use afterloop_domain::case::Language;
use afterloop_domain::wire::{CreateCaseRequest, CustomerInput, MoneyInput, ProductInput};
use afterloop_domain::{Currency, FieldError};
use leptos::prelude::*;

use crate::i18n::errors::FieldErrors;

/// Every input of the form, one signal each so typing re-renders one input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Draft {
    pub kind: RwSignal<String>,
    pub channel: RwSignal<String>,
    pub priority: RwSignal<String>,
    pub title: RwSignal<String>,
    pub name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
    pub address: RwSignal<String>,
    pub model: RwSignal<String>,
    pub serial: RwSignal<String>,
    pub purchase_date: RwSignal<String>,
    pub price: RwSignal<String>,
    pub description: RwSignal<String>,
}

/// The priority a new form starts with.
const DEFAULT_PRIORITY: &str = "normal";

impl Draft {
    /// An empty form.
    pub fn new() -> Draft {
        let s = || RwSignal::new(String::new());
        Draft {
            kind: s(),
            channel: s(),
            priority: RwSignal::new(DEFAULT_PRIORITY.to_owned()),
            title: s(),
            name: s(),
            phone: s(),
            email: s(),
            address: s(),
            model: s(),
            serial: s(),
            purchase_date: s(),
            price: s(),
            description: s(),
        }
    }

    /// Empties every input again.
    pub fn reset(&self) {
        for field in [
            self.kind,
            self.channel,
            self.title,
            self.name,
            self.phone,
            self.email,
            self.address,
            self.model,
            self.serial,
            self.purchase_date,
            self.price,
            self.description,
        ] {
            field.set(String::new());
        }
        self.priority.set(DEFAULT_PRIORITY.to_owned());
    }

    /// The request the input makes, and the error (in `lang`) of a price that is not an amount.
    pub fn request(&self, lang: Language) -> (CreateCaseRequest, Option<FieldError>) {
        let (price_paid, price_error) = match parse_yuan(&self.price.get_untracked(), lang) {
            Ok(price) => (price, None),
            Err(e) => (None, Some(e)),
        };
        let req = CreateCaseRequest {
            kind: self.kind.get_untracked(),
            title: self.title.get_untracked(),
            channel: self.channel.get_untracked(),
            description: self.description.get_untracked(),
            priority: self.priority.get_untracked(),
            customer: CustomerInput {
                name: self.name.get_untracked(),
                phone: self.phone.get_untracked(),
                email: self.email.get_untracked(),
                address: self.address.get_untracked(),
                ..CustomerInput::default()
            },
            product: ProductInput {
                model: self.model.get_untracked(),
                serial: self.serial.get_untracked(),
                purchase_date: self.purchase_date.get_untracked(),
                price_paid,
                ..ProductInput::default()
            },
            ..CreateCaseRequest::default()
        };
        (req, price_error)
    }
}

/// The path of the price in field errors.
pub(super) const PRICE_FIELD: &str = "product.price_paid";

/// A price in yuan such as `1280`, `1280.5` or `¥1,280.00` as CNY minor
/// units (fen); empty text is no price.
pub fn parse_yuan(text: &str, lang: Language) -> Result<Option<MoneyInput>, FieldError> {
    let cleaned: String = text
        .trim()
        .trim_start_matches(['¥', '￥'])
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((cleaned, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || whole.len() > 11 || !digits(fraction) || fraction.len() > 2 {
        return Err(FieldError::new(
            PRICE_FIELD,
            "invalid",
            FieldErrors::get(lang).price_invalid,
        ));
    }
    let whole: i64 = whole.parse().unwrap_or_default();
    let fen: i64 = format!("{fraction:0<2}").parse().unwrap_or_default();
    Ok(Some(MoneyInput {
        minor: whole * 100 + fen,
        currency: Currency::CNY.to_string(),
    }))
}

/// The id of the input that shows errors on a field path, if the form has one.
pub(super) fn input_for(field: &str) -> Option<&'static str> {
    Some(match field {
        "kind" => "case-kind",
        "channel" => "case-channel",
        "priority" => "case-priority",
        "title" => "case-title",
        "customer.name" => "case-customer-name",
        "customer.phone" => "case-customer-phone",
        "customer.email" => "case-customer-email",
        "customer.address" => "case-customer-address",
        "product.model" => "case-product-model",
        "product.serial" => "case-product-serial",
        "product.purchase_date" => "case-product-purchase-date",
        f if f == PRICE_FIELD || f.starts_with("product.price_paid.") => "case-product-price",
        "description" => "case-description",
        _ => return None,
    })
}
