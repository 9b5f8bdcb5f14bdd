//! The first paint of `/track` (find a case by number) and `/request` (the
//! new-request form), drawn as the app draws them
//! (`app/src/customer/lookup.rs`, `request.rs`). The inputs' ids carry a
//! `pre-` prefix: what a person (or a test) types goes into the app's own
//! inputs, which replace these within a second or two, never into these.

use afterloop_domain::case::Language;
use afterloop_domain::CaseKind;
use afterloop_words::customer::CustomerText;
use afterloop_words::labels;
use maud::{html, Markup};

/// An input as the app's `Field` draws it, under a `pre-` id.
struct Input {
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    required: bool,
    hint: Option<&'static str>,
}

impl Input {
    fn line(id: &'static str, label: &'static str, kind: &'static str) -> Input {
        Input {
            id,
            label,
            kind,
            required: false,
            hint: None,
        }
    }

    fn required(self) -> Input {
        Input {
            required: true,
            ..self
        }
    }

    fn hint(self, hint: &'static str) -> Input {
        Input {
            hint: Some(hint),
            ..self
        }
    }

    fn render(&self) -> Markup {
        let id = format!("pre-{}", self.id);
        html! {
            div.field {
                label for=(id) {
                    (self.label)
                    @if self.required { span.required-mark aria-hidden="true" { " *" } }
                }
                @if self.kind == "textarea" {
                    textarea id=(id) name=(self.id) rows="4" {}
                } @else {
                    input id=(id) name=(self.id) type=(self.kind) autocomplete="off";
                }
                @if let Some(h) = self.hint { p.field-hint { (h) } }
                p.field-error {}
            }
        }
    }
}

/// `/track`: the case number and the phone or email on it.
pub fn lookup(lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        form.card.lookup novalidate {
            h1 { (t.find_title) }
            p.lead { (t.find_lead) }
            (Input::line("lookup-case", t.case_number, "text").required().render())
            (Input::line("lookup-contact", t.contact, "text").required().render())
            button.primary type="submit" { (t.find) }
            p.aside { a href="/request" { (t.new_request_link) } }
            noscript { p.form-error { (t.form_needs_script) } }
        }
    }
}

/// `/request`: the new-request form.
pub fn request(lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        form.card.request novalidate {
            h1 { (t.request_title) }
            p.lead { (t.request_lead) }
            p.required-note aria-hidden="true" { (t.required_note) }
            div.field {
                label for="pre-req-kind" { (t.what) }
                select #pre-req-kind name="req-kind" {
                    option value="repair" selected { (labels::kind(CaseKind::Repair, lang)) }
                    option value="return" { (labels::kind(CaseKind::Return, lang)) }
                }
                p.field-error {}
            }
            fieldset {
                legend { (t.product) }
                (Input::line("req-model", t.model, "text").required().render())
                (Input::line("req-serial", t.serial, "text").hint(t.serial_hint).render())
                (Input::line("req-purchase-date", t.purchase_date, "date").render())
                (Input::line("req-price", t.price, "text").render())
                (Input::line("req-description", t.description, "textarea").required().render())
                div.field {
                    span.field-label { (t.photos) }
                    div.photo-picker {
                        span.button.secondary.photo-button {
                            span.photo-plus aria-hidden="true" { "+" } (t.choose_photos)
                        }
                    }
                }
            }
            fieldset {
                legend { (t.you_contact) }
                (Input::line("req-name", t.name, "text").required().render())
                p.field-hint.contact-note { (t.contact_note) }
                (Input::line("req-phone", t.phone, "tel").render())
                (Input::line("req-email", t.email, "email").render())
                (Input::line("req-address", t.address, "text").render())
            }
            noscript { p.form-error { (t.form_needs_script) } }
            button.primary type="submit" { (t.submit) }
        }
    }
}
