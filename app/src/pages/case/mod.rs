//! One case, by its number in the address (`/cases/AL-1001`): header, facts,
//! the actions the user may take, and the three flows side by side
//! (information, goods, money). Each command's answer is applied as it
//! comes (`crate::fresh`): one request per action.

mod actions;
mod facts;
mod forms;
mod goods;
mod info;
mod money;
pub(crate) mod people;
mod photos;
mod rep;

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::case::Language;
use afterloop_domain::wire::{CaseView, Timeline};
use afterloop_domain::CaseId;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use self::actions::MoveButtons;
use self::facts::Facts;
use self::forms::{
    entry_actions, load_directory, movement_actions, Directory, GoodsActions, HeadActions,
    InfoActions, MoneyActions,
};
use self::goods::GoodsFlow;
use self::info::InfoFlow;
use self::money::MoneyFlow;
use self::people::Names;
use crate::api::ApiError;
use crate::components::{KindBadge, SlaChips};
use crate::i18n::case::CasePage as Text;
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::session::Session;

/// The case page; a malformed number or an unknown case shows a readable
/// message. A sales rep gets their own page ([`rep::RepCaseDetail`]); a
/// technician goes on to the job page.
#[component]
pub fn CasePage() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Text::get(lang);
    let params = use_params_map();
    let id = Memo::new(move |_| {
        let raw = params.read().get("id").unwrap_or_default();
        CaseId::parse(&raw).map_err(|e| e.to_string())
    });
    let version = RwSignal::new(0u32);
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    crate::fresh::forget();
    let role = session.user().map(|u| u.role);
    if role == Some(afterloop_domain::access::Role::Technician) {
        // A technician works a case on the job page, made for the phone
        // (the field app, another bundle): the API sends them only their view.
        if let (Ok(id), Some(w)) = (id.get_untracked(), web_sys::window()) {
            let _ = w.location().replace(&format!("/jobs/{id}"));
        }
        return view! { <p class="muted">"…"</p> }.into_any();
    }
    let body = if role == Some(afterloop_domain::access::Role::SalesRep) {
        let loaded = LocalResource::new(move || {
            version.track();
            let id = id.get();
            async move {
                let id = id.map_err(|m| ApiError::local("invalid_case_id", m))?;
                crate::fresh::rep(session, id).await
            }
        });
        view! {
            <Frame>
                {move || Suspend::new(async move {
                    let (view, timeline) = loaded.await?;
                    Ok::<_, ApiError>(view! { <rep::RepCaseDetail view timeline changed lang/> })
                })}
            </Frame>
        }
        .into_any()
    } else {
        let loaded = LocalResource::new(move || {
            version.track();
            let id = id.get();
            async move {
                let id = id.map_err(|m| ApiError::local("invalid_case_id", m))?;
                crate::fresh::staff(session, id).await
            }
        });
        let users = load_directory();
        view! {
            <Frame>
                {move || Suspend::new(async move {
                    // The case and its timeline swap in together.
                    let (view, timeline) = loaded.await?;
                    // Without the directory people keep their handles.
                    let names = users.await.map(|d| Names::of(&d)).unwrap_or_default();
                    Ok::<_, ApiError>(view! { <CaseDetail view timeline users names changed lang/> })
                })}
            </Frame>
        }
        .into_any()
    };
    view! {
        <p class="back"><a href="/">{t.back}</a></p>
        {body}
    }
    .into_any()
}

/// Loading and error states around a case page's body.
#[component]
fn Frame(children: ChildrenFn) -> impl IntoView {
    let lang = Lang::current();
    let t = Text::get(lang);
    view! {
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            <ErrorBoundary fallback=move |caught| view! {
                <section class="card">
                    <h1>{t.unavailable}</h1>
                    <p class="form-error" role="alert">
                        {move || caught.get().into_iter().map(|(_, e)| errors::caught(&e, lang)).collect::<Vec<_>>().join(" ")}
                    </p>
                </section>
            }>
                {children()}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn CaseDetail(
    view: CaseView,
    timeline: Result<Timeline, ApiError>,
    users: Directory,
    names: Names,
    changed: Callback<()>,
    lang: Language,
) -> impl IntoView {
    provide_context(names);
    let session = Session::get();
    let t = Text::get(lang);
    let actor = session.actor();
    let may = |action: Action| {
        actor
            .as_ref()
            .is_some_and(|a| allowed(a, action, Some(&view.case)))
    };
    let can_move = may(Action::Move);
    let internal = may(Action::ReadInternal);
    let may_quote = may(Action::Quote);
    let CaseView { case, balance, sla } = view;
    let id = case.id;
    let status = case.status;
    let title = case.title.as_ref().to_owned();
    let hold = case.hold.is_some();
    let movement_rows = movement_actions(&case, changed);
    let entry_rows = entry_actions(&case, changed);
    let (info_case, goods_case, money_case) = (case.clone(), case.clone(), case.clone());

    view! {
        <article class="case-detail">
            <header class="card case-head">
                <h1>
                    <span class="case-id">{id.to_string()}</span>
                    " "
                    <span class="case-title">{title}</span>
                </h1>
                <p class="case-tags">
                    <KindBadge kind=case.kind()/>
                    <span class="stage-chip" data-stage=status.name()>{labels::stage(status, lang)}</span>
                    {hold.then(|| view! { <span class="tag tag-hold">{t.on_hold}</span> })}
                </p>
                <SlaChips clocks=sla/>
                {can_move.then(|| view! { <MoveButtons id status changed/> })}
                <HeadActions case=case.clone() users changed/>
            </header>
            <Facts case=case.clone()/>
            <div class="flows">
                <InfoFlow case=case.clone() timeline internal>
                    <InfoActions case=info_case users changed/>
                </InfoFlow>
                <GoodsFlow case=id movements=case.goods.clone() attachments=case.attachments.clone() row_actions=movement_rows>
                    <GoodsActions case=goods_case changed/>
                </GoodsFlow>
                <MoneyFlow entries=case.money.clone() balance row_actions=entry_rows>
                    <MoneyActions case=money_case changed/>
                </MoneyFlow>
            </div>
            {((may_quote && case.charge_applies()) || !case.quotes.is_empty())
                .then(|| view! { <StaffQuotes case=case.clone() may_quote changed/> })}
        </article>
    }
}

/// The quotes offered on a repair and their answers; staff offer a new one
/// where a charge applies ([`Case::charge_applies`](afterloop_domain::Case::charge_applies):
/// out of warranty) while none is open (the customer answers on their link).
#[component]
fn StaffQuotes(
    case: afterloop_domain::Case,
    may_quote: bool,
    changed: Callback<()>,
) -> impl IntoView {
    let lang = Lang::current();
    let q = crate::i18n::rep::QuoteText::get(lang);
    let open = case.open_quote().is_some();
    let currency = case.currency().unwrap_or(afterloop_domain::Currency::CNY);
    let id = case.id;
    view! {
        <section class="card flow" id="case-quotes">
            <h2>{q.staff_list}</h2>
            <ul>{case.quotes.clone().into_iter().map(|quote| {
                let state = crate::i18n::rep::answer(quote.state, lang)
                    .unwrap_or_else(|| q.staff_open.to_owned());
                view! {
                    <li class="staff-quote" data-quote=quote.id>
                        {format::money(quote.amount, lang)}" · "{quote.work}" · "<strong>{state}</strong>
                    </li>
                }
            }).collect_view()}</ul>
            {(may_quote && !open && case.charge_applies())
                .then(|| view! { <crate::components::QuoteForm id currency changed/> })}
        </section>
    }
}
