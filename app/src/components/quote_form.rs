//! Staff quote a charge for out-of-warranty repair work: an amount in the
//! case's currency and the work it pays for, in words the customer reads.
//! The customer accepts or declines it on their link; the repair waits
//! until then. Mounted by the case page with one line:
//! `<QuoteForm id currency changed/>`.

use afterloop_domain::wire::CommandResult;
use afterloop_domain::{CaseId, Command, Currency, Money};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::parse_yuan;
use crate::i18n::rep::QuoteText;
use crate::i18n::{errors, Lang};
use crate::session::Session;

/// The quote form of case `id`, whose amounts are in `currency`.
#[component]
pub fn QuoteForm(id: CaseId, currency: Currency, changed: Callback<()>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = QuoteText::get(lang);
    let amount = RwSignal::new(String::new());
    let work = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let minor = match parse_yuan(&amount.get_untracked(), lang) {
            Ok(Some(m)) => m.minor,
            Ok(None) => {
                error.set(Some(errors::FieldErrors::get(lang).required.to_owned()));
                return;
            }
            Err(e) => {
                error.set(Some(errors::field(&e, lang)));
                return;
            }
        };
        let Ok(amount_money) = Money::new(minor, currency) else {
            error.set(Some(errors::FieldErrors::get(lang).required.to_owned()));
            return;
        };
        let command = Command::Quote {
            amount: amount_money,
            work: work.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match api::send_command::<CommandResult>(session, id, command).await {
                Ok(result) => {
                    crate::fresh::staff_answer(&result);
                    amount.set(String::new());
                    work.set(String::new());
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(errors::api(&e, lang))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="quote-form" id="quote-form" on:submit=send novalidate>
            <h3>{t.staff_heading}</h3>
            <div class="field">
                <label for="quote-amount">{t.amount}" ("{crate::i18n::format::currency(currency, lang)}")"</label>
                <input id="quote-amount" inputmode="decimal" prop:value=amount
                    on:input=move |e| amount.set(event_target_value(&e))/>
            </div>
            <div class="field">
                <label for="quote-work">{t.work}</label>
                <textarea id="quote-work" rows="2" maxlength="500" prop:value=work
                    on:input=move |e| work.set(event_target_value(&e))></textarea>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="secondary" disabled=move || busy.get()>{t.staff_send}</button>
        </form>
    }
}
