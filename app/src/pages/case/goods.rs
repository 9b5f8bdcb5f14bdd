//! The goods flow: every movement with its state; a defective unit the
//! company still waits for is marked outstanding, with how long.

use afterloop_domain::flow::goods::Movement;
use afterloop_domain::time::DAY_MS;
use leptos::prelude::*;

use crate::components::format_time;
use crate::labels;

/// The words of the section.
mod text {
    pub const HEADING: &str = "Goods";
    pub const EMPTY: &str = "No goods movements.";
    pub const OUTSTANDING: &str = "Outstanding";
}

/// The section.
#[component]
pub fn GoodsFlow(movements: Vec<Movement>) -> impl IntoView {
    view! {
        <section class="card flow flow-goods" aria-labelledby="flow-goods-title">
            <h2 id="flow-goods-title">{text::HEADING}</h2>
            {if movements.is_empty() {
                view! { <p class="muted">{text::EMPTY}</p> }.into_any()
            } else {
                view! {
                    <ul class="entries">
                        {movements.into_iter().map(|m| view! { <MovementItem m/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn MovementItem(m: Movement) -> impl IntoView {
    let outstanding = m.is_outstanding();
    let now = afterloop_domain::Timestamp::from_millis(js_sys::Date::now() as i64);
    let waiting = m.outstanding_age(now).map(|ms| {
        let days = ms / DAY_MS;
        format!(
            "Awaited since {} ({days} day{})",
            format_time(m.since()),
            if days == 1 { "" } else { "s" }
        )
    });
    let quantity = (m.quantity != 1).then(|| format!("× {}", m.quantity));
    let details = [
        Some(m.item.clone()),
        quantity,
        m.serial.as_ref().map(|s| format!("S/N {s}")),
        m.order_ref.as_ref().map(|o| format!("order {o}")),
        m.carrier.as_ref().map(|c| format!("via {c}")),
        m.tracking.as_ref().map(|t| format!("tracking {t}")),
        m.cost.map(|c| format!("cost {c}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let last_change = m.history.last().map(|(_, at)| format_time(*at));
    view! {
        <li class="entry movement" class:outstanding=outstanding>
            <p class="entry-head">
                <strong>{format!("#{} {}", m.id, labels::movement_kind(m.kind))}</strong>
                <span class="state">{labels::movement_state(m.state)}</span>
                {outstanding.then(|| view! { <span class="tag tag-outstanding">{text::OUTSTANDING}</span> })}
            </p>
            <p class="muted">{labels::direction(m.direction)}</p>
            <p>{details}</p>
            {waiting.map(|w| view! { <p class="waiting">{w}</p> })}
            {last_change.filter(|_| !outstanding).map(|t| view! { <p class="muted small">{t}</p> })}
        </li>
    }
}
