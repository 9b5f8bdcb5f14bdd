//! A case's SLA clocks as small chips: what is measured, its state, and when it is due.

use afterloop_domain::wire::SlaClockView;
use leptos::prelude::*;

use crate::i18n::case::Sla;
use crate::i18n::{format, Lang};
use crate::labels;

/// One chip per clock (`.sla-chip.sla-at_risk`); nothing when no clock runs.
#[component]
pub fn SlaChips(clocks: Vec<SlaClockView>) -> impl IntoView {
    if clocks.is_empty() {
        return None;
    }
    let lang = Lang::current();
    let t = Sla::get(lang);
    Some(view! {
        <ul class="sla-chips" aria-label=t.label>
            {clocks
                .into_iter()
                .map(|clock| {
                    let (state, state_label) = labels::clock_state(clock.state, lang);
                    view! {
                        <li class=format!("sla-chip sla-{state}") data-state=state>
                            <span class="sla-metric">{labels::metric(clock.metric, lang)}</span>
                            " · "
                            <strong>{state_label}</strong>
                            {clock.deadline.map(|d| {
                                view! { " · " {t.due} " " <time>{format::time(d, lang)}</time> }
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    })
}
