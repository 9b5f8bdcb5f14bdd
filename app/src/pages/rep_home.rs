//! The sales rep's home: her customers' open cases as her allow-list rows
//! ([`RepRow`], never the full case): the stage, what the customer was last
//! told and what happens next (the words their own page uses), what waits
//! on the customer (a quote to accept) or on us, or a pause (a hold); the quotes
//! waiting on her customers; opening a case for a customer; and a short
//! briefing on the frequent problems of her customers' products.

use afterloop_domain::flow::notify::Delivery;
use afterloop_domain::view::RepRow;
use afterloop_domain::wire::RepPage;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::KindBadge;
use crate::i18n::rep::{self as text, RepText};
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::session::Session;

/// The page.
#[component]
pub fn RepHome() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = RepText::get(lang);
    let reloads = RwSignal::new(0u32);
    let rows = RwSignal::new(Vec::<RepRow>::new());
    let briefing = RwSignal::new(Vec::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<String>);
    let load = move |more: bool| {
        let Some(me) = session.user().map(|u| u.name) else {
            return;
        };
        let after = if more { cursor.get_untracked() } else { None };
        loading.set(true);
        spawn_local(async move {
            match api::rep_page(session, &me, after).await {
                Ok(RepPage {
                    items,
                    cursor: next,
                    briefing: b,
                }) => {
                    error.set(None);
                    cursor.set(next);
                    if more {
                        rows.update(|r| r.extend(items));
                    } else {
                        rows.set(items);
                        briefing.set(b);
                    }
                }
                Err(e) => error.set(Some(errors::api(&e, lang))),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        reloads.track();
        load(false);
    });
    view! {
        <div class="rep-home" id="rep-home">
            <header class="page-tools rep-head">
                <div>
                    <h1 id="rep-heading">{t.heading}</h1>
                    <p class="muted">{t.lead}</p>
                </div>
                <super::cases::IntakeButton reloads label=t.new_case/>
            </header>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            <div class="rep-grid">
                <section class="card rep-cases" aria-labelledby="rep-cases-title">
                    <h2 id="rep-cases-title">
                        {t.heading}
                        {move || (!loading.get()).then(|| view! { <span class="count">{rows.read().len()}</span> })}
                    </h2>
                    {move || {
                        let list = rows.get();
                        if list.is_empty() {
                            let msg = if loading.get() { t.loading } else { t.empty };
                            return view! { <p class="muted empty">{msg}</p> }.into_any();
                        }
                        view! { <RepTable list/> }.into_any()
                    }}
                    <Show when=move || cursor.get().is_some()>
                        <button type="button" class="load-more" disabled=move || loading.get() on:click=move |_| load(true)>
                            {t.load_more}
                        </button>
                    </Show>
                </section>
                <aside class="rep-side">
                    <Quotes rows=Signal::derive(move || rows.get())/>
                    <Briefing rows=Signal::derive(move || briefing.get())/>
                </aside>
            </div>
        </div>
    }
}

/// Her cases as a table (scrolling inside its box on a phone).
#[component]
fn RepTable(list: Vec<RepRow>) -> impl IntoView {
    let lang = Lang::current();
    let t = RepText::get(lang);
    view! {
        <div class="table-scroll">
            <table class="queue-table rep-table" id="rep-table">
                <thead>
                    <tr>
                        <th scope="col">{t.col_case}</th>
                        <th scope="col">{t.col_customer}</th>
                        <th scope="col">{t.col_stage}</th>
                        <th scope="col">{t.col_told}</th>
                        <th scope="col">{t.col_next}</th>
                        <th scope="col">{t.col_waits}</th>
                    </tr>
                </thead>
                <tbody class="rows">
                    {list.into_iter().map(|r| view! { <RepCaseRow row=r/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RepCaseRow(row: RepRow) -> impl IntoView {
    let lang = Lang::current();
    let t = RepText::get(lang);
    let told = match &row.last_told {
        Some(told) => {
            let when = match told.delivery() {
                Delivery::Sent(at) => format::time(at, lang),
                Delivery::Sending => t.sending.to_owned(),
                Delivery::NotDelivered(at) => {
                    format!("{} {}", t.not_delivered, format::time(at, lang))
                }
            };
            format!("{} · {when}", text::topic(told.topic, lang))
        }
        None => t.told_none.to_owned(),
    };
    let mut waits: Vec<(&'static str, String)> = Vec::new();
    if let Some(q) = &row.quote {
        waits.push((
            "customer",
            format!("{}: {}", t.quote_waiting, format::money(q.amount, lang)),
        ));
    }
    if let Some(h) = &row.hold {
        waits.push(("paused", format!("{}: {}", t.paused, h.reason)));
    }
    if let Some(since) = row.customer_waiting_since {
        waits.push((
            "us",
            format!("{} · {}", t.waits_you, format::time(since, lang)),
        ));
    }
    view! {
        <tr class="row" data-case=row.id.to_string()>
            <td class="col-case">
                <a class="row-link" href=format!("/cases/{}", row.id)>
                    <span class="case-id">{row.id.to_string()}</span>" "
                    <KindBadge kind=row.status.kind()/>" "
                    <span class="case-title">{row.title.as_ref().to_owned()}</span>
                </a>
                <span class="muted model">{row.model.clone()}</span>
            </td>
            <td class="col-customer customer">{row.customer.clone()}</td>
            <td class="col-stage"><span class="stage">{labels::stage(row.status, lang)}</span></td>
            <td class="col-told told">{told}</td>
            <td class="col-next next">{crate::i18n::customer::next_text(row.next, row.hold.as_ref().map(|h| h.reason.as_str()), lang)}</td>
            <td class="col-waits"><div class="waits">
                {if waits.is_empty() {
                    view! { <span class="muted">{t.waits_nobody}</span> }.into_any()
                } else {
                    waits.into_iter().map(|(who, w)| view! {
                        <span class=format!("wait wait-{who}") data-waits=who>{w}</span>
                    }).collect_view().into_any()
                }}
            </div></td>
        </tr>
    }
}

/// The quotes waiting on her customers' answers.
#[component]
fn Quotes(rows: Signal<Vec<RepRow>>) -> impl IntoView {
    let lang = Lang::current();
    let t = RepText::get(lang);
    view! {
        <section class="card rep-quotes" id="rep-quotes" aria-labelledby="rep-quotes-title">
            <h2 id="rep-quotes-title">{t.quotes_heading}</h2>
            <p class="muted">{t.quotes_lead}</p>
            {move || {
                let quoted: Vec<RepRow> = rows.get().into_iter().filter(|r| r.quote.is_some()).collect();
                if quoted.is_empty() {
                    return view! { <p class="muted">{t.no_quotes}</p> }.into_any();
                }
                view! {
                    <ul class="quote-list">
                        {quoted.into_iter().map(|r| {
                            let q = r.quote.clone().expect("filtered");
                            view! {
                                <li class="rep-quote" data-case=r.id.to_string()>
                                    <a href=format!("/cases/{}", r.id)>{r.id.to_string()}</a>
                                    " · " <strong>{r.customer.clone()}</strong>
                                    <span class="quote-line">{text::quote_line(lang, q.id, &format::money(q.amount, lang), &format::date(q.at, lang))}</span>
                                    <span class="muted quote-work">{q.work.clone()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// The frequent problems of her customers' products.
#[component]
fn Briefing(rows: Signal<Vec<afterloop_domain::report::RequestRow>>) -> impl IntoView {
    let lang = Lang::current();
    let t = RepText::get(lang);
    view! {
        <section class="card rep-briefing" id="rep-briefing" aria-labelledby="rep-briefing-title">
            <h2 id="rep-briefing-title">{t.briefing_heading}</h2>
            <p class="muted">{t.briefing_lead}</p>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="muted">{t.no_briefing}</p> }.into_any();
                }
                view! {
                    <ol class="briefing">
                        {list.into_iter().map(|r| view! {
                            <li>
                                <strong>{r.model.clone()}</strong>
                                " · " {labels::kind(r.kind, lang)}
                                " · " {r.root_cause.map(|c| labels::root_cause(c, lang)).unwrap_or(t.not_diagnosed)}
                                " · " <span class="count">{text::cases(lang, r.cases)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
