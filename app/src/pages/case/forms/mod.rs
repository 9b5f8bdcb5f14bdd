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
mod purchase;
mod shared;

use afterloop_domain::access::{self, Action, Role};
use afterloop_domain::flow::goods::Movement;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::MoneyEntry;
use afterloop_domain::wire::UserDirectory;
use afterloop_domain::{Case, CaseKind};
use leptos::prelude::*;

use self::assign::AssignForm;
use self::diagnose::DiagnoseForm;
use self::dispatch::DispatchForm;
use self::goods::{AdvanceButtons, MovementForm, MovementPhoto};
use self::hold::HoldForm;
use self::money::{EntryActions, MoneyForm};
use self::note::NoteForm;
use self::priority::PriorityForm;
use self::purchase::PurchaseForm;
use self::shared::{may, texts};
use crate::api::{self, ApiError};
use crate::i18n::errors::{self, ApiErrors};
use crate::i18n::Lang;
use crate::session::Session;

/// The company's active users, read once per case page for the owner and
/// technician choices.
pub type Directory = LocalResource<Result<UserDirectory, ApiError>>;

/// Starts reading the directory; users who may not list it (neither staff
/// nor a manager, so offered neither choice) get an empty one without asking.
pub fn load_directory() -> Directory {
    LocalResource::new(move || {
        let session = Session::get();
        let listed = session
            .actor()
            .is_some_and(|a| access::allowed(&a, Action::Queues, None));
        async move {
            if listed {
                api::directory(session).await
            } else {
                Ok(UserDirectory { users: Vec::new() })
            }
        }
    })
}

/// `(name, "display name (name)")` options of the directory's users with
/// one of these roles, or the reason it could not be read.
fn user_options(
    found: Result<UserDirectory, ApiError>,
    roles: &[Role],
) -> Result<Vec<(String, String)>, String> {
    match found {
        Ok(dir) => Ok(dir
            .users
            .into_iter()
            .filter(|u| roles.contains(&u.role))
            .map(|u| {
                let name = u.name.as_ref().to_owned();
                let label = format!("{} ({name})", u.display_name);
                (name, label)
            })
            .collect()),
        Err(e) => Err(errors::api(&e, Lang::current())),
    }
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
pub fn HeadActions(case: Case, users: Directory, changed: Callback<()>) -> impl IntoView {
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
                view! { <Panel name="assign" title=t.assign_title><AssignForm case users changed/></Panel> }
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
pub fn InfoActions(case: Case, users: Directory, changed: Callback<()>) -> impl IntoView {
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
                view! { <Panel name="dispatch" title=t.dispatch_title><DispatchForm case users changed/></Panel> }
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

/// The money flow's forms, on an open case: confirming the purchase (staff,
/// while the price or date is unknown or only the customer's statement),
/// and a money entry once a price paid is there to measure against.
#[component]
pub fn MoneyActions(case: Case, changed: Callback<()>) -> impl IntoView {
    let t = texts();
    if case.status.is_terminal() {
        return ().into_any();
    }
    let unconfirmed = case.product.price_paid.is_none()
        || case.product.basis == afterloop_domain::case::PurchaseBasis::CustomerStatement;
    let confirm = unconfirmed && may(&case, Action::ConfirmPurchase);
    let money = may(&case, Action::RequestMoney);
    let priced = case.product.price_paid.is_some();
    let no_price = ApiErrors::get(Lang::current()).no_price_paid;
    view! {
        <div class="act-flow act-money">
            {confirm.then(|| {
                let case = case.clone();
                view! { <Panel name="purchase" title=t.purchase_title><PurchaseForm case changed/></Panel> }
            })}
            {(money && priced).then(|| {
                let case = case.clone();
                view! { <Panel name="money" title=t.money_title><MoneyForm case changed/></Panel> }
            })}
            {(money && !priced).then(|| view! { <p class="muted small">{no_price}</p> })}
        </div>
    }
    .into_any()
}

/// The buttons shown on each movement row, if the user may move goods.
pub fn movement_actions(case: &Case, changed: Callback<()>) -> Option<Callback<Movement, AnyView>> {
    let id = case.id;
    let photo = may(case, Action::Attach);
    (may(case, Action::Goods) || photo).then(|| {
        Callback::new(move |movement: Movement| {
            let n = afterloop_domain::MovementNo::new(movement.id);
            view! {
                <AdvanceButtons id movement changed/>
                {photo.then(|| view! { <MovementPhoto id movement=n changed/> })}
            }
            .into_any()
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
