//! Every action a user's role may take on a case, one click or one short
//! form away, each sending one command: the owner, priority and hold in
//! the header; notes, the technician's visit and the diagnosis with the
//! information flow; movements with the goods, entries with the money.
//! Each form shows the server's refusal beside it, each field error beside
//! its field, and reloads the case once the command is applied. What is
//! offered comes from `access::allowed`, the same function the server asks.

mod assign;
mod diagnose;
mod dispatch;
mod goods;
mod hold;
mod money;
mod note;
mod priority;
mod shared;

use afterloop_domain::access::Action;
use afterloop_domain::case::Language;
use afterloop_domain::flow::goods::Movement;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::MoneyEntry;
use afterloop_domain::{Case, CaseKind};
use leptos::prelude::*;

use self::assign::AssignForm;
use self::diagnose::DiagnoseForm;
use self::dispatch::DispatchForm;
use self::goods::{AdvanceButtons, MovementForm};
use self::hold::HoldForm;
use self::money::{EntryActions, MoneyForm};
use self::note::NoteForm;
use self::priority::PriorityForm;
use self::shared::{may, texts};
use crate::i18n::errors::ApiErrors;
use crate::i18n::Lang;

/// The users a case may be assigned to: (name, English label, Chinese label).
pub(crate) const USERS: [(&str, &str, &str); 6] = [
    ("li.na", "Li Na (li.na)", "李娜（li.na）"),
    ("zhao.lei", "Zhao Lei (zhao.lei)", "赵磊（zhao.lei）"),
    ("chen.jie", "Chen Jie (chen.jie)", "陈杰（chen.jie）"),
    (
        "service.desk",
        "Service desk (service.desk)",
        "客服台（service.desk）",
    ),
    ("wu.gang", "Wu Gang (wu.gang)", "吴刚（wu.gang）"),
    ("sun.hao", "Sun Hao (sun.hao)", "孙浩（sun.hao）"),
];

/// The technicians a repair may be dispatched to (names from [`USERS`]).
pub(crate) const TECHNICIANS: [&str; 2] = ["wu.gang", "sun.hao"];

/// `(name, label)` options of these users in the chosen language.
fn user_options(names: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    let lang = Lang::current();
    USERS
        .iter()
        .filter(|(name, ..)| names.contains(name))
        .map(|&(name, en, zh)| {
            (
                name,
                match lang {
                    Language::En => en,
                    Language::ZhCn => zh,
                },
            )
        })
        .collect()
}

/// A collapsible section around one form (`details#{name}-panel`). It
/// starts closed each time the case is read again, so a form that did its
/// work folds away and the page shows what changed.
#[component]
fn Panel(name: &'static str, title: &'static str, children: Children) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <details
            class="act-panel"
            id=format!("{name}-panel")
            prop:open=move || open.get()
            on:toggle:target=move |ev| open.set(ev.target().open())
        >
            <summary>{title}</summary>
            <div class="act-body">{children()}</div>
        </details>
    }
}

/// The header's actions: owner, priority, hold and resume.
#[component]
pub fn HeadActions(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let open = !case.status.is_terminal();
    let assign = may(&case, Action::Assign);
    let priority = may(&case, Action::Prioritise);
    let hold = may(&case, Action::Hold) && (open || case.hold.is_some());
    if !(assign || priority || hold) {
        return ().into_any();
    }
    let held = case.hold.is_some();
    view! {
        <div class="act-head">
            {hold.then(|| {
                let case = case.clone();
                if held {
                    view! { <div class="act-held-box"><HoldForm case changed/></div> }.into_any()
                } else {
                    view! { <Panel name="hold" title=t.hold_title><HoldForm case changed/></Panel> }.into_any()
                }
            })}
            {assign.then(|| {
                let case = case.clone();
                view! { <Panel name="assign" title=t.assign_title><AssignForm case changed/></Panel> }
            })}
            {priority.then(|| {
                let case = case.clone();
                view! { <Panel name="priority" title=t.priority_title><PriorityForm case changed/></Panel> }
            })}
        </div>
    }
    .into_any()
}

/// The information flow's actions: a note or a message, the technician's
/// visit (repairs) and the diagnosis.
#[component]
pub fn InfoActions(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let open = !case.status.is_terminal();
    let choices: Vec<Visibility> = [Visibility::Internal, Visibility::Public]
        .into_iter()
        .filter(|v| may(&case, Action::Note(*v)))
        .collect();
    let dispatch = open && case.kind() == CaseKind::Repair && may(&case, Action::Dispatch);
    let diagnose = may(&case, Action::Diagnose);
    let id = case.id;
    view! {
        <div class="act-flow act-info">
            {(!choices.is_empty()).then(|| view! { <NoteForm id choices changed/> })}
            {dispatch.then(|| {
                let case = case.clone();
                view! { <Panel name="dispatch" title=t.dispatch_title><DispatchForm case changed/></Panel> }
            })}
            {diagnose.then(|| {
                let case = case.clone();
                view! { <Panel name="diagnose" title=t.diagnose_title><DiagnoseForm case changed/></Panel> }
            })}
        </div>
    }
}

/// The goods flow's form, when the user may record movements on an open case.
#[component]
pub fn GoodsActions(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    let show = !case.status.is_terminal() && may(&case, Action::Goods);
    let id = case.id;
    show.then(|| {
        view! {
            <div class="act-flow act-goods">
                <Panel name="movement" title=t.movement_title><MovementForm id changed/></Panel>
            </div>
        }
    })
}

/// The money flow's form, when the user may ask for money on an open case
/// with a price paid to measure against.
#[component]
pub fn MoneyActions(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    if case.status.is_terminal() || !may(&case, Action::RequestMoney) {
        return ().into_any();
    }
    if case.product.price_paid.is_none() {
        let no_price = ApiErrors::get(Lang::current()).no_price_paid;
        return view! { <p class="muted small act-flow">{no_price}</p> }.into_any();
    }
    view! {
        <div class="act-flow act-money">
            <Panel name="money" title=t.money_title><MoneyForm case changed/></Panel>
        </div>
    }
    .into_any()
}

/// The buttons shown on each movement row, if the user may move goods.
pub fn movement_actions(case: &Case, changed: Callback<()>) -> Option<Callback<Movement, AnyView>> {
    let id = case.id;
    may(case, Action::Goods).then(|| {
        Callback::new(move |movement: Movement| {
            view! { <AdvanceButtons id movement changed/> }.into_any()
        })
    })
}

/// The controls shown on each money entry, if the user may decide or pay.
pub fn entry_actions(case: &Case, changed: Callback<()>) -> Option<Callback<MoneyEntry, AnyView>> {
    let any = may(case, Action::DecideMoney) || may(case, Action::PayMoney);
    let case = case.clone();
    any.then(|| {
        Callback::new(move |entry: MoneyEntry| {
            let case = case.clone();
            view! { <EntryActions case entry changed/> }.into_any()
        })
    })
}
