//! A case's SLA clocks as small chips: what is measured, its state, and when it is due.

use afterloop_domain::wire::SlaClockView;
use leptos::prelude::*;

use super::format_time;
use crate::labels;

/// One chip per clock (`.sla-chip.sla-at_risk`); nothing when no clock runs.
#[component]
pub fn SlaChips(clocks: Vec<SlaClockView>) -> impl IntoView {
    if clocks.is_empty() {
        return None;
    }
    Some(view! {
        <ul class="sla-chips" aria-label="Service targets">
            {clocks
                .into_iter()
                .map(|clock| {
                    let (state, state_label) = labels::clock_state(clock.state);
                    view! {
                        <li class=format!("sla-chip sla-{state}") data-state=state>
                            <span class="sla-metric">{labels::metric(clock.metric)}</span>
                            " · "
                            <strong>{state_label}</strong>
                            {clock
                                .deadline
                                .map(|d| view! { " · due " <time>{format_time(d)}</time> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    })
}
