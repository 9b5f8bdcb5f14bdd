//! The money flow's actions: requesting an entry (`form#money-form`), and
//! on each entry what may happen next: approve and reject while requested
//! (`button.approve[data-entry=N]`, `button.reject[data-entry=N]`), pay once
//! approved (`button.pay[data-entry=N]`). Approve is disabled, with the
//! reason beside it, when the engine would refuse it: the user asked for
//! the entry, or it is above a staff member's limit (the domain's
//! [`ApprovalPolicy`], the same the server applies). Approving and paying
//! first ask for confirmation in a dialog that shows the amount, what it
//! is for and who receives it (`dialog.confirm-money`); only "Yes" sends.

use afterloop_domain::access::{Action, Actor};
use afterloop_domain::case::Policy;
use afterloop_domain::flow::money::{
    ApprovalPolicy, ApprovalRefusal, EntryKind, EntryState, MoneyDirection, MoneyEntry,
};
use afterloop_domain::{Case, CaseId, Command, Currency, FieldError};
use leptos::ev::SubmitEvent;
use leptos::html::Dialog;
use leptos::prelude::*;

use super::shared::{
    may, parse_amount, required, sender, texts, Field, FormMessage, Input, Outcome, Submit,
};
use crate::i18n::case_actions::{above_limit, amount as amount_label, no_limit, payee_customer};
use crate::i18n::errors::FieldErrors;
use crate::i18n::{format, Lang};
use crate::labels;
use crate::session::Session;

const KINDS: [(EntryKind, &str); 4] = [
    (EntryKind::Refund, "refund"),
    (EntryKind::CreditNote, "credit_note"),
    (EntryKind::PriceDifference, "price_difference"),
    (EntryKind::RepairCharge, "repair_charge"),
];

/// The form that asks for a money entry, in the currency the customer paid in.
#[component]
pub fn MoneyForm(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let lang = Lang::current();
    let outcome = Outcome::new(&["kind", "direction", "amount", "reason"]);
    let action = sender(case.id, outcome, changed);
    let pending = action.pending();
    let currency = case
        .product
        .price_paid
        .map_or(Currency::CNY, |m| m.currency());
    let kinds: Vec<(&'static str, &'static str)> = KINDS
        .iter()
        .filter(|(k, _)| *k != EntryKind::RepairCharge || case.charge_applies())
        .map(|&(k, name)| (name, labels::entry_kind(k, lang)))
        .collect();
    let kind = RwSignal::new(kinds[0].0.to_owned());
    let direction = RwSignal::new("to_customer".to_owned());
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let needs_direction = move || kind.with(|k| k == "price_difference");
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let mut errors = Vec::new();
        let chosen = kind.get_untracked();
        let entry_kind = KINDS.iter().find(|(_, n)| *n == chosen).map(|(k, _)| *k);
        let money = parse_amount("amount", &amount.get_untracked(), currency)
            .map_err(|e| errors.push(e))
            .ok();
        let why = required("reason", reason).map_err(|e| errors.push(e)).ok();
        let way = match entry_kind.and_then(EntryKind::fixed_direction) {
            Some(_) => None,
            None if direction.get_untracked() == "from_customer" => {
                Some(MoneyDirection::FromCustomer)
            }
            None => Some(MoneyDirection::ToCustomer),
        };
        match (entry_kind, money, why) {
            (Some(kind), Some(amount), Some(reason)) if errors.is_empty() => {
                outcome.clear();
                action.dispatch(Command::RequestMoney {
                    kind,
                    direction: way,
                    amount,
                    reason,
                });
            }
            (None, ..) => {
                errors.push(FieldError::new(
                    "kind",
                    "required",
                    FieldErrors::get(lang).choice_required,
                ));
                outcome.refuse(errors);
            }
            _ => outcome.refuse(errors),
        }
    };
    let label = amount_label(lang, &crate::i18n::format::currency(currency, lang));
    view! {
        <form id="money-form" class="act-form" on:submit=on_submit novalidate>
            <FormMessage outcome/>
            <div class="act-row">
                <Field id="act-money-kind" label=t.money_kind.to_owned() value=kind
                    error=outcome.field("kind") input=Input::fixed(&kinds)/>
                <Show when=needs_direction>
                    <Field id="act-money-direction" label=t.money_direction.to_owned() value=direction
                        error=outcome.field("direction")
                        input=Input::fixed(&[
                            ("to_customer", labels::money_direction(MoneyDirection::ToCustomer, lang)),
                            ("from_customer", labels::money_direction(MoneyDirection::FromCustomer, lang)),
                        ])/>
                </Show>
                <Field id="act-money-amount" label=label value=amount
                    error=outcome.field("amount") input=Input::Amount hint=t.money_amount_hint/>
            </div>
            <Field id="act-money-reason" label=t.money_reason.to_owned() value=reason
                error=outcome.field("reason") input=Input::Line("text")/>
            <Submit id="act-money-submit" label=t.money_submit pending/>
        </form>
    }
}

/// Why the signed-in user may not approve an entry, if so, in words: the
/// engine's own rule ([`ApprovalPolicy::refusal`]).
fn approval_refusal(actor: &Actor, entry: &MoneyEntry, policy: &ApprovalPolicy) -> Option<String> {
    let lang = Lang::current();
    Some(match policy.refusal(actor, entry)? {
        ApprovalRefusal::OwnRequest => texts().own_request.to_owned(),
        ApprovalRefusal::AboveLimit { limit: Some(limit) } => {
            above_limit(lang, &format::money(limit, lang))
        }
        ApprovalRefusal::AboveLimit { limit: None } => {
            no_limit(lang, entry.amount.currency().code())
        }
    })
}

/// What may happen next to one entry: approve and reject while requested,
/// pay once approved; only what the user's role allows.
#[component]
pub fn EntryActions(case: Case, entry: MoneyEntry, changed: Callback<()>) -> impl IntoView {
    let decide = may(&case, Action::DecideMoney);
    let pay = may(&case, Action::PayMoney);
    let payee = payee(&case, &entry);
    match entry.state {
        EntryState::Requested if decide => {
            view! { <Decide id=case.id entry payee changed/> }.into_any()
        }
        EntryState::Approved if pay => view! { <Pay id=case.id entry payee changed/> }.into_any(),
        _ => ().into_any(),
    }
}

/// Who receives the money of an entry: the customer by name for a payout,
/// the company for a charge.
fn payee(case: &Case, entry: &MoneyEntry) -> String {
    let lang = Lang::current();
    match entry.direction {
        MoneyDirection::ToCustomer => payee_customer(lang, &case.customer.name),
        MoneyDirection::FromCustomer => texts().payee_company.to_owned(),
    }
}

/// The confirmation before money is approved or paid: amount, what for and
/// the payee (and the reference, when paying); "Yes" runs `confirm`.
#[component]
fn ConfirmMoney(
    dialog: NodeRef<Dialog>,
    entry: MoneyEntry,
    payee: String,
    title: &'static str,
    yes: &'static str,
    /// `confirm-approve` or `confirm-pay`: the class of the "Yes" button.
    yes_class: &'static str,
    #[prop(optional_no_strip)] reference: Option<RwSignal<String>>,
    confirm: Callback<()>,
) -> impl IntoView {
    let t = texts();
    let lang = Lang::current();
    let n = entry.id;
    let close = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let title_id = format!("confirm-money-{n}-{yes_class}");
    let labelled = title_id.clone();
    view! {
        <dialog class="confirm-money" node_ref=dialog aria-labelledby=labelled data-entry=n>
            <h3 id=title_id>{title}</h3>
            <dl class="facts">
                <dt>{t.confirm_amount}</dt>
                <dd class="confirm-amount">{format::money(entry.amount, lang)}</dd>
                <dt>{t.confirm_payee}</dt>
                <dd class="confirm-payee">{payee}</dd>
                <dt>{t.confirm_kind}</dt>
                <dd>{format!("#{n} {}", labels::entry_kind(entry.kind, lang))} " · " {entry.reason.clone()}</dd>
                {reference.map(|r| view! {
                    <dt>{t.confirm_reference}</dt>
                    <dd>{move || r.get()}</dd>
                })}
            </dl>
            <div class="act-buttons">
                <button type="button" class="secondary confirm-cancel" autofocus on:click=move |_| close()>
                    {t.confirm_cancel}
                </button>
                <button type="button" class=format!("primary-inline {yes_class}") data-entry=n
                    on:click=move |_| {
                        close();
                        confirm.run(());
                    }>
                    {yes}
                </button>
            </div>
        </dialog>
    }
}

fn show(dialog: NodeRef<Dialog>) {
    if let Some(d) = dialog.get() {
        let _ = d.show_modal();
    }
}

#[component]
fn Decide(id: CaseId, entry: MoneyEntry, payee: String, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let n = entry.id;
    let refusal = Session::get()
        .actor()
        .and_then(|a| approval_refusal(&a, &entry, &Policy::default().approval));
    let outcome = Outcome::new(&["reason"]);
    let action = sender(id, outcome, changed);
    let pending = action.pending();
    let reason = RwSignal::new(String::new());
    let blocked = refusal.is_some();
    let why_id = format!("act-approve-{n}-why");
    let dialog = NodeRef::<Dialog>::new();
    let approve = Callback::new(move |()| {
        outcome.clear();
        action.dispatch(Command::ApproveMoney { entry: n });
    });
    let on_reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        match required("reason", reason) {
            Ok(reason) => {
                outcome.clear();
                action.dispatch(Command::RejectMoney { entry: n, reason });
            }
            Err(e) => outcome.refuse(vec![e]),
        }
    };
    view! {
        <div class="act-entry" data-entry=n>
            <FormMessage outcome/>
            <div class="act-buttons">
                <button
                    type="button"
                    class="secondary approve"
                    data-entry=n
                    aria-haspopup="dialog"
                    disabled=move || blocked || pending.get()
                    aria-describedby=refusal.as_ref().map(|_| why_id.clone())
                    on:click=move |_| show(dialog)
                >
                    {t.approve}
                </button>
            </div>
            {refusal.map(|r| view! { <p class="act-why" id=why_id.clone()>{r}</p> })}
            {(!blocked).then(|| view! {
                <ConfirmMoney dialog entry=entry.clone() payee=payee.clone() title=t.confirm_approve_title
                    yes=t.confirm_approve yes_class="confirm-approve" confirm=approve/>
            })}
            <details class="act-reject">
                <summary>{t.reject_toggle}</summary>
                <form class="act-form act-inline" id=format!("reject-form-{n}") on:submit=on_reject novalidate>
                    <div class="act-row">
                        <Field id=format!("act-reject-{n}-reason") label=t.reject_reason.to_owned()
                            value=reason error=outcome.field("reason") input=Input::Line("text")/>
                        <button type="submit" class="secondary danger reject" data-entry=n
                            disabled=move || pending.get()>
                            {t.reject}
                        </button>
                    </div>
                </form>
            </details>
        </div>
    }
}

#[component]
fn Pay(id: CaseId, entry: MoneyEntry, payee: String, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let n = entry.id;
    let outcome = Outcome::new(&["reference"]);
    let action = sender(id, outcome, changed);
    let pending = action.pending();
    let reference = RwSignal::new(String::new());
    let dialog = NodeRef::<Dialog>::new();
    let pay = Callback::new(move |()| match required("reference", reference) {
        Ok(reference) => {
            outcome.clear();
            action.dispatch(Command::PayMoney {
                entry: n,
                reference,
            });
        }
        Err(e) => outcome.refuse(vec![e]),
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match required("reference", reference) {
            Ok(_) => {
                outcome.clear();
                show(dialog);
            }
            Err(e) => outcome.refuse(vec![e]),
        }
    };
    view! {
        <form class="act-form act-inline act-entry" id=format!("pay-form-{n}") data-entry=n
            on:submit=on_submit novalidate>
            <FormMessage outcome/>
            <div class="act-row">
                <Field id=format!("act-pay-{n}-reference") label=t.pay_reference.to_owned()
                    value=reference error=outcome.field("reference") input=Input::Line("text")/>
                <button type="submit" id=format!("act-pay-{n}-submit") class="secondary pay"
                    data-entry=n aria-haspopup="dialog" disabled=move || pending.get()>
                    {move || if pending.get() { t.sending } else { t.pay }}
                </button>
            </div>
            <ConfirmMoney dialog entry payee title=t.confirm_pay_title yes=t.confirm_pay
                yes_class="confirm-pay" reference=Some(reference) confirm=pay/>
        </form>
    }
}
