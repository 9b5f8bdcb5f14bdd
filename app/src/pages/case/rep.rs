//! A case as the sales rep who keeps its customer sees it
//! ([`RepCaseView`]): the stage, the customer and product, the visit,
//! shipments, money promised or paid, the quotes offered to the customer
//! and their answers, and the messages, with a message to the customer. Nothing internal reaches this page: the API sends a rep
//! only this view.

use afterloop_domain::case::Language;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::view::{PublicEntry, RepCaseView};
use afterloop_domain::wire::{PublicTimeline, RepCommandResult};
use afterloop_domain::Command;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{KindBadge, SlaChips};
use crate::i18n::case::{Facts as FactsText, Goods, Info, MoneyFlow};
use crate::i18n::case_actions::CaseActions;
use crate::i18n::rep::RepText;
use crate::i18n::{errors, format};
use crate::labels;
use crate::session::Session;

/// The rep's page of one case.
#[component]
pub fn RepCaseDetail(
    view: RepCaseView,
    timeline: Result<PublicTimeline, ApiError>,
    changed: Callback<()>,
    lang: Language,
) -> impl IntoView {
    let f = FactsText::get(lang);
    let RepCaseView { case, sla } = view;
    let public = case.public;
    let id = public.id;
    let or_dash = |v: Option<String>| v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    let facts: Vec<(&'static str, String)> = vec![
        (f.customer, case.customer.name.clone()),
        (f.phone, or_dash(case.customer.phone.clone())),
        (f.email, or_dash(case.customer.email.clone())),
        (f.model, public.product.model.clone()),
        (f.serial, or_dash(public.product.serial.clone())),
        (f.warranty, labels::warranty(public.warranty, lang)),
        (f.priority, labels::priority(case.priority, lang).to_owned()),
        (f.owner, case.owner.to_string()),
        (f.opened, format::time(public.created_at, lang)),
        (f.last_change, format::time(public.updated_at, lang)),
    ];
    let info = Info::get(lang);
    let goods = Goods::get(lang);
    let money = MoneyFlow::get(lang);
    let window = public.dispatch.map(|w| format::window(w.from, w.to, lang));
    view! {
        <article class="case-detail" id="rep-case">
            <header class="card case-head">
                <h1>
                    <span class="case-id">{id.to_string()}</span>
                    " "
                    <span class="case-title">{public.title.as_ref().to_owned()}</span>
                </h1>
                <p class="case-tags">
                    <KindBadge kind=public.kind()/>
                    <span class="stage-chip" data-stage=public.status.name()>{labels::stage(public.status, lang)}</span>
                </p>
                <SlaChips clocks=sla/>
            </header>
            <section class="card">
                <dl class="facts">
                    {facts.into_iter().map(|(term, value)| view! { <dt>{term}</dt> <dd>{value}</dd> }).collect_view()}
                    {window.map(|w| view! { <dt>{info.visit}</dt> <dd>{w}</dd> })}
                </dl>
            </section>
            <div class="flows">
                <section class="card flow">
                    <h2>{info.timeline}</h2>
                    <ol class="timeline" id="rep-timeline">
                        {match timeline {
                            Ok(tl) if !tl.events.is_empty() => tl.events.into_iter().map(|e| {
                                let text = match e.entry {
                                    PublicEntry::Message { text } => text,
                                    PublicEntry::Photo { name, .. } => name,
                                };
                                view! {
                                    <li class=if e.from_customer { "from-customer" } else { "from-company" }>
                                        <span class="when">{format::time(e.at, lang)}</span>" "
                                        <span class="what">{text}</span>
                                    </li>
                                }
                            }).collect_view().into_any(),
                            Ok(_) => view! { <li class="muted">{info.empty}</li> }.into_any(),
                            Err(e) => view! { <li class="form-error">{errors::api(&e, lang)}</li> }.into_any(),
                        }}
                    </ol>
                    <RepMessage id=id changed lang/>
                </section>
                <section class="card flow">
                    <h2>{goods.heading}</h2>
                    {if public.goods.is_empty() {
                        view! { <p class="muted">{goods.empty}</p> }.into_any()
                    } else {
                        view! { <ul>{public.goods.into_iter().map(|m| view! {
                            <li>
                                {labels::movement_kind(m.kind, lang)}" · "{labels::direction(m.direction, lang)}
                                " · "{labels::movement_state(m.state, lang)}
                                {m.tracking.map(|t| format!(" · {t}"))}
                            </li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </section>
                {(!public.quotes.is_empty()).then(|| {
                    view! {
                        <section class="card flow" id="rep-case-quotes">
                            <h2>{RepText::get(lang).quotes_heading}</h2>
                            <ul>{public.quotes.clone().into_iter().map(|quote| {
                                let state = crate::i18n::rep::answer(quote.state, lang)
                                    .unwrap_or_else(|| RepText::get(lang).quote_waiting.to_owned());
                                view! {
                                    <li class="rep-quote" data-quote=quote.id>
                                        {format::money(quote.amount, lang)}" · "{quote.work}" · "<strong>{state}</strong>
                                    </li>
                                }
                            }).collect_view()}</ul>
                        </section>
                    }
                })}
                <section class="card flow">
                    <h2>{money.heading}</h2>
                    {if public.money.is_empty() {
                        view! { <p class="muted">{money.empty}</p> }.into_any()
                    } else {
                        view! { <ul>{public.money.into_iter().map(|e| view! {
                            <li>
                                {labels::entry_kind(e.kind, lang)}" · "{format::money(e.amount, lang)}
                                " · "{labels::entry_state(e.state, lang)}
                            </li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </section>
            </div>
        </article>
    }
}

/// A message to the customer (the one thing a rep writes on a case).
#[component]
fn RepMessage(
    id: afterloop_domain::CaseId,
    changed: Callback<()>,
    lang: Language,
) -> impl IntoView {
    let session = Session::get();
    let t = CaseActions::get(lang);
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let command = Command::AddNote {
            text: text.get_untracked(),
            visibility: Visibility::Public,
        };
        spawn_local(async move {
            match api::send_command::<RepCommandResult>(session, id, command).await {
                Ok(result) => {
                    crate::fresh::rep_answer(&result);
                    text.set(String::new());
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(errors::api(&e, lang))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="note-form" id="rep-message" on:submit=send novalidate>
            <label for="rep-message-text">{t.note_label}</label>
            <textarea id="rep-message-text" rows="3" maxlength="4000" prop:value=text
                on:input=move |e| text.set(event_target_value(&e))></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>{t.note_public}</button>
        </form>
    }
}
