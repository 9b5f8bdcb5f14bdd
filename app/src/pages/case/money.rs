//! The money flow: the balance (paid, paid out, pending) and each entry
//! with its amount, state and who requested, decided and paid it.

use afterloop_domain::flow::money::{Balance, EntryState, MoneyEntry, Step};
use leptos::prelude::*;

use crate::i18n::case::{self as text, MoneyFlow as Text, Step as StepName};
use crate::i18n::{format, Lang};
use crate::labels;

use super::people::Names;

/// The section.
#[component]
pub fn MoneyFlow(
    entries: Vec<MoneyEntry>,
    balance: Option<Balance>,
    /// What the user may do to each entry (the case page's action forms).
    #[prop(optional_no_strip)]
    row_actions: Option<Callback<MoneyEntry, AnyView>>,
    /// The form that asks for money, when the user may.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lang = Lang::current();
    let t = Text::get(lang);
    let money = move |m| format::money(m, lang);
    view! {
        <section class="card flow flow-money" aria-labelledby="flow-money-title">
            <h2 id="flow-money-title">{t.heading}</h2>
            {match balance {
                Some(b) => view! {
                    <dl class="balance">
                        <dt>{t.customer_paid}</dt> <dd>{money(b.customer_paid)}</dd>
                        <dt>{t.paid_out}</dt> <dd>{money(b.paid_out)}</dd>
                        <dt>{t.pending_out}</dt> <dd>{money(b.pending_out)}</dd>
                        <dt>{t.pending_in}</dt> <dd>{money(b.pending_in)}</dd>
                    </dl>
                }
                .into_any(),
                None => view! { <p class="muted">{t.no_balance}</p> }.into_any(),
            }}
            {if entries.is_empty() {
                view! { <p class="muted">{t.empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="entries">
                        {entries.into_iter().map(|e| {
                            let actions = row_actions.map(|f| f.run(e.clone()));
                            view! { <EntryItem e>{actions}</EntryItem> }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            {children.map(|c| c())}
        </section>
    }
}

/// The class of an entry's state (`state-paid`), the same in every language.
const fn state_class(state: EntryState) -> &'static str {
    match state {
        EntryState::Requested => "state state-requested",
        EntryState::Approved => "state state-approved",
        EntryState::Rejected => "state state-rejected",
        EntryState::Paid => "state state-paid",
    }
}

#[component]
fn EntryItem(e: MoneyEntry, children: Children) -> impl IntoView {
    let lang = Lang::current();
    let names = Names::current();
    let step =
        |name, s: &Step| text::step(lang, name, &names.name(&s.by), &format::time(s.at, lang));
    let decided_as = if e.state == EntryState::Rejected {
        StepName::Rejected
    } else {
        StepName::Approved
    };
    let mut steps = vec![step(StepName::Requested, &e.requested)];
    steps.extend(e.decided.as_ref().map(|s| step(decided_as, s)));
    steps.extend(e.rejection.as_deref().map(|r| text::rejection(lang, r)));
    steps.extend(e.paid.as_ref().map(|s| step(StepName::Paid, s)));
    steps.extend(e.reference.as_deref().map(|r| text::reference(lang, r)));
    view! {
        <li class="entry money-entry">
            <p class="entry-head">
                <strong>{format!("#{} {}", e.id, labels::entry_kind(e.kind, lang))}</strong>
                <span class="amount">{format::money(e.amount, lang)}</span>
                <span class=state_class(e.state)>{labels::entry_state(e.state, lang)}</span>
            </p>
            <p class="muted">{labels::money_direction(e.direction, lang)} " · " {e.reason.clone()}</p>
            <ul class="steps">
                {steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            {children()}
        </li>
    }
}
