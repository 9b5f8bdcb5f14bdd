//! The goods flow: every movement with its state and the photos of it
//! (a shipment's label, a unit as it arrived) as thumbnails; a defective
//! unit the company still waits for is marked outstanding: expected while
//! it is young, late (in red, with how long) after the domain's
//! [`OVERDUE_AFTER_MS`](afterloop_domain::flow::goods::OVERDUE_AFTER_MS).

use afterloop_domain::flow::goods::Movement;
use afterloop_domain::flow::info::Attachment;
use afterloop_domain::time::DAY_MS;
use afterloop_domain::CaseId;
use leptos::prelude::*;

use crate::i18n::case::{self as text, Goods};
use crate::i18n::{format, Lang};
use crate::labels;

use super::photos::Thumbs;

/// The section.
#[component]
pub fn GoodsFlow(
    /// The case.
    case: CaseId,
    movements: Vec<Movement>,
    /// The case's files: those of a movement show on its row.
    attachments: Vec<Attachment>,
    /// What the user may do to each movement (the case page's action forms).
    #[prop(optional_no_strip)]
    row_actions: Option<Callback<Movement, AnyView>>,
    /// The form that records a movement, when the user may.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let t = Goods::get(Lang::current());
    view! {
        <section class="card flow flow-goods" aria-labelledby="flow-goods-title">
            <h2 id="flow-goods-title">{t.heading}</h2>
            {if movements.is_empty() {
                view! { <p class="muted">{t.empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="entries">
                        {movements.into_iter().map(|m| {
                            let actions = row_actions.map(|f| f.run(m.clone()));
                            let photos: Vec<Attachment> = attachments
                                .iter()
                                .filter(|a| a.movement.is_some_and(|n| n.get() == m.id))
                                .cloned()
                                .collect();
                            view! { <MovementItem m case photos>{actions}</MovementItem> }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {children.map(|c| c())}
        </section>
    }
}

#[component]
fn MovementItem(
    m: Movement,
    case: CaseId,
    photos: Vec<Attachment>,
    children: Children,
) -> impl IntoView {
    let lang = Lang::current();
    let t = Goods::get(lang);
    let time = |at| format::time(at, lang);
    let outstanding = m.is_outstanding();
    let now = afterloop_domain::Timestamp::from_millis(js_sys::Date::now() as i64);
    let overdue = m.is_overdue(now);
    let waiting = m.outstanding_age(now).map(|ms| {
        if overdue {
            text::awaited_since(lang, &time(m.since()), ms / DAY_MS)
        } else {
            text::expected_since(lang, &time(m.since()))
        }
    });
    let quantity = (m.quantity != 1).then(|| format!("× {}", m.quantity));
    let details = [
        Some(m.item.clone()),
        quantity,
        m.serial.as_deref().map(|s| text::serial(lang, s)),
        m.order_ref.as_deref().map(|o| text::order(lang, o)),
        m.carrier.as_deref().map(|c| text::carrier(lang, c)),
        m.tracking.as_deref().map(|n| text::tracking(lang, n)),
        m.cost.map(|c| text::cost(lang, &format::money(c, lang))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let last_change = m.history.last().map(|(_, at)| time(*at));
    view! {
        <li class="entry movement" data-movement=m.id class:outstanding=outstanding class:overdue=overdue>
            <p class="entry-head">
                <strong>{format!("#{} {}", m.id, labels::movement_kind(m.kind, lang))}</strong>
                <span class="state">{labels::movement_state(m.state, lang)}</span>
                {outstanding.then(|| view! {
                    <span class="tag tag-outstanding">{if overdue { t.overdue } else { t.outstanding }}</span>
                })}
            </p>
            <p class="muted">{labels::direction(m.direction, lang)}</p>
            <p>{details}</p>
            {waiting.map(|w| view! { <p class="waiting" class:late=overdue>{w}</p> })}
            {last_change.filter(|_| !outstanding).map(|t| view! { <p class="muted small">{t}</p> })}
            <Thumbs case attachments=photos/>
            {children()}
        </li>
    }
}
