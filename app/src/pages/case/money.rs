//! The money flow: the balance (paid, paid out, pending) and each entry
//! with its amount, state and who requested, decided and paid it.

use afterloop_domain::flow::money::{Balance, EntryState, MoneyEntry, Step};
use leptos::prelude::*;

use crate::components::format_time;
use crate::labels;

/// The words of the section.
mod text {
    pub const HEADING: &str = "Money";
    pub const EMPTY: &str = "No money entries.";
    pub const NO_BALANCE: &str = "No price paid recorded, so no balance.";
    pub const CUSTOMER_PAID: &str = "Customer paid";
    pub const PAID_OUT: &str = "Paid out";
    pub const PENDING_OUT: &str = "Pending payouts";
    pub const PENDING_IN: &str = "Pending charges";
}

/// The section.
#[component]
pub fn MoneyFlow(entries: Vec<MoneyEntry>, balance: Option<Balance>) -> impl IntoView {
    view! {
        <section class="card flow flow-money" aria-labelledby="flow-money-title">
            <h2 id="flow-money-title">{text::HEADING}</h2>
            {match balance {
                Some(b) => view! {
                    <dl class="balance">
                        <dt>{text::CUSTOMER_PAID}</dt> <dd>{b.customer_paid.to_string()}</dd>
                        <dt>{text::PAID_OUT}</dt> <dd>{b.paid_out.to_string()}</dd>
                        <dt>{text::PENDING_OUT}</dt> <dd>{b.pending_out.to_string()}</dd>
                        <dt>{text::PENDING_IN}</dt> <dd>{b.pending_in.to_string()}</dd>
                    </dl>
                }
                .into_any(),
                None => view! { <p class="muted">{text::NO_BALANCE}</p> }.into_any(),
            }}
            {if entries.is_empty() {
                view! { <p class="muted">{text::EMPTY}</p> }.into_any()
            } else {
                view! {
                    <ul class="entries">
                        {entries.into_iter().map(|e| view! { <EntryItem e/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

fn step(what: &str, s: &Step) -> String {
    format!("{what} by {}, {}", s.by, format_time(s.at))
}

#[component]
fn EntryItem(e: MoneyEntry) -> impl IntoView {
    let decided_as = if e.state == EntryState::Rejected {
        "Rejected"
    } else {
        "Approved"
    };
    let mut steps = vec![step("Requested", &e.requested)];
    steps.extend(e.decided.as_ref().map(|s| step(decided_as, s)));
    steps.extend(e.rejection.as_ref().map(|r| format!("Reason: {r}")));
    steps.extend(e.paid.as_ref().map(|s| step("Paid", s)));
    steps.extend(e.reference.as_ref().map(|r| format!("Reference {r}")));
    let state_class = format!(
        "state state-{}",
        labels::entry_state(e.state).to_lowercase()
    );
    view! {
        <li class="entry money-entry">
            <p class="entry-head">
                <strong>{format!("#{} {}", e.id, labels::entry_kind(e.kind))}</strong>
                <span class="amount">{e.amount.to_string()}</span>
                <span class=state_class>{labels::entry_state(e.state)}</span>
            </p>
            <p class="muted">{labels::money_direction(e.direction)} " · " {e.reason.clone()}</p>
            <ul class="steps">
                {steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
        </li>
    }
}
