//! `/track/{token}`: the case as its customer may see it, in the language
//! of their request unless they chose another. The stage in their words,
//! the journey of its kind, what they will experience next (the booked
//! visit, when we answer: the domain's [`NextStep`], never an internal
//! deadline), the technician's visits, shipments to and from them with
//! carrier and tracking number, refunds and payments with amounts and
//! dates, the public messages; a reply (text and photos, previewed before
//! Send), and the survey once the case is closed.

use afterloop_domain::flow::money::EntryState;
use afterloop_domain::view::{NextStep, PublicCase, PublicEntry, PublicEvent, Shipment};
use afterloop_domain::wire::TrackView;
use afterloop_domain::Status;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::photos::{PhotoPicker, Picked};
use super::quote::Quotes;
use crate::api::{track, ApiError};
use crate::components::KindBadge;
use crate::i18n::customer::{
    explain, journey, next_text, product_line, stage, tracking_url, visit_lines, CustomerText,
};
use crate::i18n::{errors, format, Lang};
use crate::labels;

/// The page for the link's `token`: from `initial`, the case the worker
/// rendered the page with, unless this browser was shown a newer version
/// (KV lagging their own write), else read from the API.
#[component]
pub fn StatusPage(token: String, initial: Option<TrackView>) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    if let Some(v) = initial.and_then(|v| crate::fresh::track_served(&token, v)) {
        let latest = RwSignal::new(Some(v));
        return view! { <Status token latest/> }.into_any();
    }
    let latest = RwSignal::new(None::<TrackView>);
    let key = token.clone();
    let view = LocalResource::new(move || {
        let token = key.clone();
        async move { crate::fresh::track(&token).await }
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match view.await {
                        Ok(v) => {
                            // The link opens in the language of the request.
                            if let Some(l) = use_context::<Lang>() {
                                l.default_to(v.case.case.language);
                            }
                            latest.set(Some(v));
                            view! { <Status token latest/> }.into_any()
                        }
                        Err(e) => view! {
                            <section class="card">
                                <p class="form-error" id="status-error" role="alert">
                                    {match e {
                                        ApiError::Rejected(b) if b.error == "not_found" => t.link_invalid.to_owned(),
                                        other => errors::api(&other, lang),
                                    }}
                                </p>
                                <p><a href="/track">{t.find_by_number}</a></p>
                            </section>
                        }
                        .into_any(),
                    }
                })
            }}
        </Transition>
    }
    .into_any()
}

/// The case; `latest` holds the newest answer (a reply swaps it in).
#[component]
fn Status(token: String, latest: RwSignal<Option<TrackView>>) -> impl IntoView {
    move || {
        latest.get().map(|v| {
            let TrackView { case: view, events } = v;
            let closed = view.case.status.is_terminal();
            let next = view.next;
            let case = view.case;
            view! {
                <article class="status" data-case=case.id.to_string()>
                    <Head case=case.clone() next/>
                    <Quotes token=token.clone() quotes=case.quotes.clone() latest/>
                    <Journey status=case.status/>
                    <Visit case=case.clone() next/>
                    <Shipments goods=case.goods.clone()/>
                    <Money case=case.clone()/>
                    <Messages events token=token.clone()/>
                    <Reply token=token.clone() latest/>
                    {closed.then(|| view! { <Survey token=token.clone() case=case.clone() latest/> })}
                </article>
            }
        })
    }
}

#[component]
fn Head(case: PublicCase, next: NextStep) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let hold = case.hold.as_ref().map(|h| h.reason.clone());
    let waiting = matches!(next, NextStep::AnswerQuote { .. });
    view! {
        <header class="card status-head">
            <p class="status-id">
                <span class="case-id">{case.id.to_string()}</span>
                <KindBadge kind=case.kind()/>
            </p>
            <h1 id="status-stage">{stage(case.status, lang)}</h1>
            <p class="status-explain">{explain(case.status, lang)}</p>
            <p class="status-title">{case.title.as_ref().to_owned()}</p>
            <p class="status-product" id="status-product">{product_line(&case.product, lang)}</p>
            <section class="next" class:waiting=waiting id="status-next">
                <h2>{if waiting { t.waiting_on_you } else { t.next }}</h2>
                <p>{next_text(next, hold.as_deref(), lang)}</p>
            </section>
        </header>
    }
}

#[component]
fn Journey(status: Status) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    view! {
        <section class="card journey">
            <h2>{t.progress}</h2>
            <ol class="steps" id="status-steps">
                {journey(status).into_iter().map(|(s, state)| {
                    let state = state.as_str();
                    view! {
                        <li class=format!("step {state}") data-state=state aria-current=(state == "current").then_some("step")>
                            {stage(s, lang)}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Visit(case: PublicCase, next: NextStep) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let booked = match next {
        NextStep::Visit { window } => Some(window.text(lang)),
        _ => None,
    };
    let visits = visit_lines(&case.visits, lang);
    (booked.is_some() || !visits.is_empty()).then(|| {
        view! {
            <section class="card visit-window" id="status-visit">
                <h2>{if booked.is_some() { t.visit } else { t.visit_past }}</h2>
                {booked.map(|w| view! { <p class="visit-booked">{w}</p> })}
                <ul class="visits">
                    {visits.into_iter().map(|v| view! { <li class="muted">{v}</li> }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn Shipments(goods: Vec<Shipment>) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    (!goods.is_empty()).then(|| view! {
        <section class="card shipments" id="status-shipments">
            <h2>{t.shipments}</h2>
            <ul>
                {goods.into_iter().map(|m| {
                    let tracking = m.tracking.clone();
                    view! {
                        <li class="shipment" data-movement=m.id>
                            <strong>{labels::movement_kind(m.kind, lang)}</strong>
                            " · " {labels::direction(m.direction, lang)}
                            " · " <span class="shipment-state">{labels::movement_state(m.state, lang)}</span>
                            {m.carrier.map(|c| view! { <span class="shipment-carrier">" · "{t.carrier}": "{c}</span> })}
                            {tracking.map(|n| view! {
                                <span class="shipment-tracking">
                                    " · "{t.tracking}": "<span class="tracking-number">{n.clone()}</span>" "
                                    <a class="track-link" target="_blank" rel="noopener"
                                        href=tracking_url(&n)>
                                        {t.track_parcel}
                                    </a>
                                </span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn Money(case: PublicCase) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    (!case.money.is_empty()).then(|| view! {
        <section class="card money" id="status-money">
            <h2>{t.money}</h2>
            <ul>
                {case.money.into_iter().map(|e| {
                    let paid = (e.state == EntryState::Paid)
                        .then(|| e.paid_at.map(|at| format!(" · {} {}", t.paid_on, format::date(at, lang))))
                        .flatten();
                    view! {
                        <li class="money-entry" data-state=labels::entry_state(e.state, afterloop_domain::case::Language::En)>
                            <strong>{labels::entry_kind(e.kind, lang)}</strong>
                            " · " <span class="amount">{format::money(e.amount, lang)}</span>
                            " · " {labels::entry_state(e.state, lang)}
                            {paid}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn Messages(events: Vec<PublicEvent>, token: String) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let items: Vec<_> = events
        .into_iter()
        .map(|e| match e.entry {
            PublicEntry::Message { text } => (e.at, e.from_customer, text, None),
            PublicEntry::Photo { attachment, name } => {
                (e.at, e.from_customer, name, Some(attachment))
            }
        })
        .collect();
    view! {
        <section class="card messages" id="status-messages">
            <h2>{t.messages}</h2>
            {items.is_empty().then(|| view! { <p class="muted">{t.no_messages}</p> })}
            <ul>
                {items.into_iter().map(|(at, mine, text, photo)| view! {
                    <li class=if mine { "message from-customer" } else { "message from-company" }>
                        <span class="message-meta">{if mine { t.you } else { t.us }}" · "{format::time(at, lang)}</span>
                        {match photo {
                            Some(n) => view! {
                                <img class="message-photo" alt=text src=track::attachment_url(&token, n)/>
                            }.into_any(),
                            None => view! { <span class="message-text">{text}</span> }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Reply(token: String, latest: RwSignal<Option<TrackView>>) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    let text = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<Picked>::new());
    let note = RwSignal::new(None::<Result<&'static str, String>>);
    let busy = RwSignal::new(false);
    // Chosen photos wait for Send: the customer sees them first.
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        let chosen = photos.get_untracked();
        if body.trim().is_empty() && chosen.is_empty() {
            note.set(Some(Err(t.reply_empty.to_owned())));
            return;
        }
        busy.set(true);
        note.set(None);
        let token = token.clone();
        spawn_local(async move {
            let sent = async {
                // Each write's answer is applied to what the page shows.
                let mut shown = latest.get_untracked();
                if !body.trim().is_empty() {
                    let answer = track::message(&token, body).await?;
                    text.set(String::new());
                    shown = Some(crate::fresh::track_answer(&token, shown, answer).await?);
                }
                for p in &chosen {
                    // Shrunk on the phone like a technician's photos.
                    let jpeg = crate::offline::photo::shrink(&p.file)
                        .await
                        .map_err(|e| ApiError::local("unreadable_photo", e))?;
                    let answer = track::photo(&token, &p.name(), "image/jpeg", jpeg).await?;
                    photos.update(|list| list.retain(|q| q.key != p.key));
                    let _ = web_sys::Url::revoke_object_url(&p.url);
                    shown = Some(crate::fresh::track_answer(&token, shown, answer).await?);
                }
                match shown {
                    Some(view) => Ok(view),
                    None => crate::fresh::track(&token).await,
                }
            }
            .await;
            match sent {
                Ok(v) => {
                    note.set(Some(Ok(if chosen.is_empty() {
                        t.sent
                    } else {
                        t.photo_sent
                    })));
                    latest.set(Some(v));
                }
                Err(e) => note.set(Some(Err(errors::api(&e, lang)))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card reply" id="reply" on:submit=send novalidate>
            <h2><label for="reply-text">{t.reply}</label></h2>
            <textarea id="reply-text" rows="3" placeholder=t.reply_placeholder maxlength="4000"
                prop:value=text on:input=move |e| text.set(event_target_value(&e))></textarea>
            <PhotoPicker id="reply-photo" photos multiple=true label=t.add_photo/>
            {move || (!photos.read().is_empty()).then(|| view! { <p class="field-hint">{t.send_photo_hint}</p> })}
            {move || note.get().map(|n| match n {
                Ok(m) => view! { <p class="form-success" id="reply-note" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" id="reply-note" role="alert">{e}</p> }.into_any(),
            })}
            <button type="submit" class="primary" id="reply-send" disabled=move || busy.get()>{t.send}</button>
        </form>
    }
}

#[component]
fn Survey(token: String, case: PublicCase, latest: RwSignal<Option<TrackView>>) -> impl IntoView {
    let lang = Lang::current();
    let t = CustomerText::get(lang);
    if let Some(s) = case.survey {
        return view! {
            <section class="card survey" id="survey-done">
                <h2>{t.thanks}</h2>
                <p class="score">{"★".repeat(s.score as usize)}{"☆".repeat(5 - s.score as usize)}" "{s.score}"/5"</p>
            </section>
        }
        .into_any();
    }
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = score.get_untracked();
        if n == 0 {
            error.set(Some(t.choose_score.to_owned()));
            return;
        }
        busy.set(true);
        let token = token.clone();
        let text = comment.get_untracked();
        spawn_local(async move {
            let answered = match track::survey(&token, n, text).await {
                Ok(answer) => {
                    crate::fresh::track_answer(&token, latest.get_untracked(), answer).await
                }
                Err(e) => Err(e),
            };
            match answered {
                Ok(v) => latest.set(Some(v)),
                Err(e) => error.set(Some(errors::api(&e, lang))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card survey" id="survey" on:submit=send novalidate>
            <h2>{t.survey}</h2>
            <p class="lead">{t.survey_lead}</p>
            <div class="scores" role="radiogroup" aria-label=t.survey>
                {(1..=5u8).map(|n| view! {
                    <button type="button" class="score-button" id=format!("score-{n}") role="radio"
                        aria-checked=move || (score.get() == n).to_string()
                        aria-pressed=move || (score.get() == n).to_string()
                        on:click=move |_| { score.set(n); error.set(None); }>{n.to_string()}</button>
                }).collect_view()}
            </div>
            <p class="score-scale" aria-hidden="true"><span>{t.survey_poor}</span><span>{t.survey_excellent}</span></p>
            <label for="survey-comment">{t.comment}</label>
            <textarea id="survey-comment" rows="2" maxlength="2000" prop:value=comment
                on:input=move |e| comment.set(event_target_value(&e))></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" id="survey-error" role="alert">{e}</p> })}
            <button type="submit" class="primary" id="survey-send" disabled=move || busy.get()>{t.send_rating}</button>
        </form>
    }
    .into_any()
}
