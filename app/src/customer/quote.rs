//! A quote on the customer's page: out-of-warranty work is offered at a
//! cost, and the customer accepts or declines it here before the work goes
//! on. The answer carries the amount shown, so a quote changed meanwhile
//! is refused rather than accepted unseen.

use afterloop_domain::flow::quote::{Decision, PublicQuote, QuoteState};
use afterloop_domain::wire::TrackView;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::track;
use crate::i18n::rep::QuoteText;
use crate::i18n::{errors, format, Lang};

/// Every quote of the case: open ones to answer, answered ones as a line.
#[component]
pub fn Quotes(
    token: String,
    quotes: Vec<PublicQuote>,
    latest: RwSignal<Option<TrackView>>,
) -> impl IntoView {
    (!quotes.is_empty()).then(|| {
        view! {
            <div class="quotes" id="status-quotes">
                {quotes.into_iter().rev().map(|q| view! { <Quote token=token.clone() quote=q latest/> }).collect_view()}
            </div>
        }
    })
}

#[component]
fn Quote(token: String, quote: PublicQuote, latest: RwSignal<Option<TrackView>>) -> impl IntoView {
    let lang = Lang::current();
    let t = QuoteText::get(lang);
    let busy = RwSignal::new(false);
    let note = RwSignal::new(None::<Result<&'static str, String>>);
    let (id, amount) = (quote.id, quote.amount);
    let answer = move |decision: Decision| {
        busy.set(true);
        let token = token.clone();
        spawn_local(async move {
            let result = match track::answer_quote(&token, id, decision, amount).await {
                Ok(answer) => {
                    crate::fresh::track_answer(&token, latest.get_untracked(), answer).await
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(v) => {
                    note.set(Some(Ok(match decision {
                        Decision::Accept => t.answered_accept,
                        Decision::Decline => t.answered_decline,
                    })));
                    latest.set(Some(v));
                }
                Err(e) => note.set(Some(Err(errors::api(&e, lang)))),
            }
            busy.set(false);
        });
    };
    let answer_decline = answer.clone();
    let state = match quote.state {
        QuoteState::Open => "open",
        QuoteState::Accepted { .. } => "accepted",
        QuoteState::Declined { .. } => "declined",
    };
    view! {
        <section class=format!("card quote quote-{state}") data-quote=id data-state=state
            aria-labelledby=format!("quote-{id}-title")>
            <h2 id=format!("quote-{id}-title")>
                {match quote.state {
                    QuoteState::Open => t.heading.to_owned(),
                    QuoteState::Accepted { at } => format!("{} · {}", t.accepted, format::time(at, lang)),
                    QuoteState::Declined { at } => format!("{} · {}", t.declined, format::time(at, lang)),
                }}
            </h2>
            {quote.state.is_open().then(|| view! { <p class="lead">{t.lead}</p> })}
            <dl class="facts">
                <dt>{t.work}</dt><dd class="quote-work">{quote.work.clone()}</dd>
                <dt>{t.amount}</dt><dd class="quote-amount amount">{format::money(quote.amount, lang)}</dd>
            </dl>
            {move || note.get().map(|n| match n {
                Ok(m) => view! { <p class="form-success" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
            {quote.state.is_open().then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" id=format!("quote-{id}-accept")
                        disabled=move || busy.get() on:click=move |_| answer(Decision::Accept)>
                        {move || if busy.get() { t.sending } else { t.accept }}
                    </button>
                    <button type="button" class="secondary" id=format!("quote-{id}-decline")
                        disabled=move || busy.get() on:click=move |_| answer_decline(Decision::Decline)>
                        {t.decline}
                    </button>
                </div>
            })}
        </section>
    }
}
