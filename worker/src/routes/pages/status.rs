//! `/track/{token}`: the case as its customer may see it, rendered as the
//! app renders it (`app/src/customer/status.rs`: the same ids, classes and
//! words), without the forms (reply, survey, quote answers), which come
//! with the app. The not-found page for a link that opens no case.

use afterloop_domain::case::Language;
use afterloop_domain::flow::money::EntryState;
use afterloop_domain::view::{NextStep, PublicCase, PublicEntry, PublicEvent};
use afterloop_domain::wire::TrackView;
use afterloop_words::customer::{
    explain, journey, next_text, product_line, stage, tracking_url, visit_lines, CustomerText,
};
use afterloop_words::{format, labels};
use maud::{html, Markup};

use super::data_script;
use crate::error::AppError;

/// The case's page, with its data for the app.
pub fn page(view: &TrackView, token: &str, lang: Language) -> Result<Markup, AppError> {
    let t = CustomerText::get(lang);
    let case = &view.case.case;
    let next = view.case.next;
    Ok(html! {
        article.status data-case=(case.id) {
            (head(case, next, lang))
            (steps(case, lang))
            (visit(case, next, lang))
            (shipments(case, lang))
            (money(case, lang))
            (messages(&view.events, token, lang))
            noscript { p.card.muted { (t.needs_script) } }
        }
        (data_script(view)?)
    })
}

/// A link that opens no case: the words the app uses, and the way to find
/// the case by number; nothing of any case.
pub fn not_found(lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        section.card {
            p.form-error #status-error role="alert" { (t.link_invalid) }
            p { a href="/track" { (t.find_by_number) } }
        }
    }
}

fn head(case: &PublicCase, next: NextStep, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    let hold = case.hold.as_ref().map(|h| h.reason.as_str());
    let waiting = matches!(next, NextStep::AnswerQuote { .. });
    let kind = case.kind();
    html! {
        header.card.status-head {
            p.status-id {
                span.case-id { (case.id) }
                span class=(format!("badge badge-{}", kind.as_str())) { (labels::kind(kind, lang)) }
            }
            h1 #status-stage { (stage(case.status, lang)) }
            p.status-explain { (explain(case.status, lang)) }
            p.status-title { (case.title.as_ref()) }
            p.status-product #status-product { (product_line(&case.product, lang)) }
            section.next.waiting[waiting] #status-next {
                h2 { (if waiting { t.waiting_on_you } else { t.next }) }
                p { (next_text(next, hold, lang)) }
            }
        }
    }
}

fn steps(case: &PublicCase, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        section.card.journey {
            h2 { (t.progress) }
            ol.steps #status-steps {
                @for (s, state) in journey(case.status) {
                    li class=(format!("step {}", state.as_str())) data-state=(state.as_str())
                        aria-current=[(state.as_str() == "current").then_some("step")] {
                        (stage(s, lang))
                    }
                }
            }
        }
    }
}

fn visit(case: &PublicCase, next: NextStep, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    let booked = match next {
        NextStep::Visit { window } => Some(window.text(lang)),
        _ => None,
    };
    let visits = visit_lines(&case.visits, lang);
    html! {
        @if booked.is_some() || !visits.is_empty() {
            section.card.visit-window #status-visit {
                h2 { (if booked.is_some() { t.visit } else { t.visit_past }) }
                @if let Some(w) = booked { p.visit-booked { (w) } }
                ul.visits { @for v in visits { li.muted { (v) } } }
            }
        }
    }
}

fn shipments(case: &PublicCase, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        @if !case.goods.is_empty() {
            section.card.shipments #status-shipments {
                h2 { (t.shipments) }
                ul {
                    @for m in &case.goods {
                        li.shipment data-movement=(m.id) {
                            strong { (labels::movement_kind(m.kind, lang)) }
                            " · " (labels::direction(m.direction, lang))
                            " · " span.shipment-state { (labels::movement_state(m.state, lang)) }
                            @if let Some(c) = &m.carrier {
                                span.shipment-carrier { " · " (t.carrier) ": " (c) }
                            }
                            @if let Some(n) = &m.tracking {
                                span.shipment-tracking {
                                    " · " (t.tracking) ": " span.tracking-number { (n) } " "
                                    a.track-link target="_blank" rel="noopener" href=(tracking_url(n)) {
                                        (t.track_parcel)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn money(case: &PublicCase, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        @if !case.money.is_empty() {
            section.card.money #status-money {
                h2 { (t.money) }
                ul {
                    @for e in &case.money {
                        li.money-entry data-state=(labels::entry_state(e.state, Language::En)) {
                            strong { (labels::entry_kind(e.kind, lang)) }
                            " · " span.amount { (format::money(e.amount, lang)) }
                            " · " (labels::entry_state(e.state, lang))
                            @if let (EntryState::Paid, Some(at)) = (e.state, e.paid_at) {
                                " · " (t.paid_on) " " (format::date(at, lang))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn messages(events: &[PublicEvent], token: &str, lang: Language) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        section.card.messages #status-messages {
            h2 { (t.messages) }
            @if events.is_empty() { p.muted { (t.no_messages) } }
            ul {
                @for e in events {
                    li class=(if e.from_customer { "message from-customer" } else { "message from-company" }) {
                        span.message-meta {
                            (if e.from_customer { t.you } else { t.us }) " · " (format::time(e.at, lang))
                        }
                        @match &e.entry {
                            PublicEntry::Photo { attachment, name } => {
                                img.message-photo alt=(name)
                                    src=(format!("/api/v1/track/{token}/attachments/{attachment}"));
                            }
                            PublicEntry::Message { text } => span.message-text { (text) },
                        }
                    }
                }
            }
        }
    }
}
