//! What every action form shares: who may do what, sending one command and
//! showing what the server answered (a sentence beside the form, each field
//! error beside its field), a labelled input, and parsing at the edge
//! (amounts, dates and times).

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::time::{Date, Timestamp, CHINA_OFFSET_MINUTES, HOUR_MS, MINUTE_MS};
use afterloop_domain::wire::CommandResult;
use afterloop_domain::{Case, CaseId, Command, Currency, FieldError, Money};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::i18n::case_actions::CaseActions;
use crate::i18n::errors::{self, ApiErrors, FieldErrors};
use crate::i18n::Lang;
use crate::session::Session;

/// The phrases of the forms in the chosen language.
pub fn texts() -> &'static CaseActions {
    CaseActions::get(Lang::current())
}

/// A field error in the chosen language: the forms' own codes, else the app's.
fn readable(e: &FieldError) -> String {
    texts()
        .field_error(&e.code)
        .map_or_else(|| errors::field(e, Lang::current()), str::to_owned)
}

/// May the signed-in user do `action` to `case`?
pub fn may(case: &Case, action: Action) -> bool {
    Session::get()
        .actor()
        .is_some_and(|a| allowed(&a, action, Some(case)))
}

/// What a form shows after a try: a sentence for the form, and messages
/// for the fields it has inputs for (any other field's message joins the
/// sentence, so nothing the server says is lost).
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    message: RwSignal<Option<String>>,
    fields: RwSignal<Vec<(String, String)>>,
    known: &'static [&'static str],
}

/// Whether an error on `path` (`amount.minor`) belongs to the input of `field` (`amount`).
fn belongs(path: &str, field: &str) -> bool {
    // The server names a command's fields under `command.`.
    let path = path.strip_prefix("command.").unwrap_or(path);
    path == field
        || path
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl Outcome {
    /// A form with inputs for these field names.
    pub fn new(known: &'static [&'static str]) -> Outcome {
        Outcome {
            message: RwSignal::new(None),
            fields: RwSignal::new(Vec::new()),
            known,
        }
    }

    /// Forgets the last try.
    pub fn clear(self) {
        self.message.set(None);
        self.fields.set(Vec::new());
    }

    /// The sentence for the whole form, if any.
    pub fn message(self) -> Signal<Option<String>> {
        self.message.into()
    }

    /// The messages for one field's input, joined.
    pub fn field(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            let messages: Vec<String> = self
                .fields
                .read()
                .iter()
                .filter(|(path, _)| belongs(path, field))
                .map(|(_, m)| m.clone())
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    }

    /// Shows why the server refused.
    pub fn fail(self, err: &ApiError) {
        let lang = Lang::current();
        match err {
            ApiError::Rejected(body) if !body.fields.is_empty() => {
                self.show_fields(
                    &body.fields,
                    ApiErrors::get(lang).validation_failed,
                    readable,
                );
            }
            ApiError::Rejected(body) => {
                self.fields.set(Vec::new());
                let sentence = texts()
                    .error(&body.error)
                    .map_or_else(|| errors::api(err, lang), str::to_owned);
                self.message.set(Some(sentence));
            }
            ApiError::TooMany { .. } | ApiError::Network | ApiError::Unreadable(_) => {
                self.fields.set(Vec::new());
                self.message.set(Some(errors::api(err, lang)));
            }
        }
    }

    /// Field errors found before sending (their messages are already in
    /// the chosen language).
    pub fn refuse(self, errors: Vec<FieldError>) {
        self.show_fields(&errors, texts().fix_fields, |e| e.message.clone());
    }

    /// Each error beside its input; those of fields the form has no input
    /// for join the sentence.
    fn show_fields(self, errors: &[FieldError], general: &str, say: fn(&FieldError) -> String) {
        let (mine, others): (Vec<&FieldError>, Vec<&FieldError>) = errors
            .iter()
            .partition(|e| self.known.iter().any(|f| belongs(&e.field, f)));
        let mut sentence = vec![general.to_owned()];
        sentence.extend(others.iter().map(|e| say(e)));
        self.message.set(Some(sentence.join(" ")));
        self.fields.set(
            mine.into_iter()
                .map(|e| (e.field.clone(), say(e)))
                .collect(),
        );
    }
}

/// An action that sends one command to the case (with a fresh event id);
/// on success the page shows the answer, on failure `outcome` says why.
pub fn sender(
    id: CaseId,
    outcome: Outcome,
    changed: Callback<()>,
) -> leptos::prelude::Action<Command, Result<CommandResult, ApiError>> {
    let session = Session::get();
    let action = leptos::prelude::Action::new_local(move |command: &Command| {
        api::send_command(session, id, command.clone())
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(result)) => {
            outcome.clear();
            crate::fresh::staff_answer(&result);
            changed.run(());
        }
        Some(Err(e)) => outcome.fail(&e),
        None => {}
    });
    action
}

/// The form's sentence, when there is one (`p.form-error`, announced).
#[component]
pub fn FormMessage(outcome: Outcome) -> impl IntoView {
    let message = outcome.message();
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="form-error" role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// How an input asks for its value.
#[derive(Debug, Clone)]
pub enum Input {
    /// One line of a given `type` (`text`, `date`, `time`).
    Line(&'static str),
    /// One line for an amount (numeric keyboard on phones).
    Amount,
    /// Several lines.
    Lines,
    /// One of some options: `(value, label)`.
    Choice(Vec<(String, String)>),
}

impl Input {
    /// One of some fixed options: `(value, label)`.
    pub fn fixed(options: &[(&str, &str)]) -> Input {
        Input::Choice(
            options
                .iter()
                .map(|&(v, l)| (v.to_owned(), l.to_owned()))
                .collect(),
        )
    }
}

/// A labelled input bound to `value`, its error beside it (`#{id}-error`).
#[component]
pub fn Field(
    #[prop(into)] id: String,
    label: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    input: Input,
    #[prop(optional_no_strip, into)] hint: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = match hint {
        Some(_) => format!("{id}-hint {error_id}"),
        None => error_id.clone(),
    };
    let invalid = move || error.with(Option::is_some);
    let aria_invalid = move || invalid().to_string();
    let control = match input {
        Input::Line(kind) => view! {
            <input
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete="off"
                prop:value=move || value.get()
                aria-invalid=aria_invalid
                aria-describedby=described
                on:input:target=move |ev| value.set(ev.target().value())
            />
        }
        .into_any(),
        Input::Amount => view! {
            <input
                id=id.clone()
                name=id.clone()
                type="text"
                inputmode="decimal"
                autocomplete="off"
                placeholder="0.00"
                prop:value=move || value.get()
                aria-invalid=aria_invalid
                aria-describedby=described
                on:input:target=move |ev| value.set(ev.target().value())
            />
        }
        .into_any(),
        Input::Lines => view! {
            <textarea
                id=id.clone()
                name=id.clone()
                rows="3"
                prop:value=move || value.get()
                aria-invalid=aria_invalid
                aria-describedby=described
                on:input:target=move |ev| value.set(ev.target().value())
            ></textarea>
        }
        .into_any(),
        Input::Choice(options) => view! {
            <select
                id=id.clone()
                name=id.clone()
                aria-invalid=aria_invalid
                aria-describedby=described
                on:change:target=move |ev| value.set(ev.target().value())
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let chosen = v.clone();
                        view! { <option value=v prop:selected=move || value.with(|x| *x == chosen)>{l}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            {control}
            {hint.map(|h| view! { <p class="field-hint" id=format!("{id}-hint")>{h}</p> })}
            <p class="field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// A submit button that reads "Sending…" while its command is on its way.
#[component]
pub fn Submit(
    #[prop(into)] id: String,
    label: &'static str,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" id=id class="secondary" disabled=move || pending.get()>
            {move || if pending.get() { texts().sending } else { label }}
        </button>
    }
}

/// The text of a required input, or its `required` error.
pub fn required(field: &str, value: RwSignal<String>) -> Result<String, FieldError> {
    let v = value.get_untracked().trim().to_owned();
    if v.is_empty() {
        Err(FieldError::new(
            field,
            "required",
            FieldErrors::get(Lang::current()).required,
        ))
    } else {
        Ok(v)
    }
}

/// The text of an optional input (`None` when blank).
pub fn optional(value: RwSignal<String>) -> Option<String> {
    Some(value.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
}

/// An amount typed as `3000`, `3,000.50` or `¥3000.00` in `currency`'s
/// units, as minor units checked by the domain's [`Money`].
pub fn parse_amount(field: &str, text: &str, currency: Currency) -> Result<Money, FieldError> {
    let lang = Lang::current();
    let bad = || FieldError::new(field, "invalid", texts().amount_invalid);
    let f = FieldErrors::get(lang);
    let cleaned: String = text
        .trim()
        .trim_start_matches(currency.code())
        .trim_start_matches(['¥', '￥', '$', '€', '£'])
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err(FieldError::new(field, "required", f.required));
    }
    let exp = usize::from(currency.exponent());
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > exp {
        return Err(bad());
    }
    if whole.len() > 14 {
        return Err(FieldError::new(field, "out_of_range", f.out_of_range));
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let fraction: i64 = if exp == 0 {
        0
    } else {
        format!("{fraction:0<exp$}").parse().map_err(|_| bad())?
    };
    let minor = whole
        .checked_mul(10i64.pow(u32::from(currency.exponent())))
        .and_then(|m| m.checked_add(fraction))
        .ok_or_else(|| FieldError::new(field, "out_of_range", f.out_of_range))?;
    let money = Money::new(minor, currency)
        .map_err(|_| FieldError::new(field, "out_of_range", f.out_of_range))?;
    if !money.is_positive() {
        return Err(FieldError::new(field, "not_positive", f.not_positive));
    }
    Ok(money)
}

/// A date (`YYYY-MM-DD`) and a time (`HH:MM`) in China time (UTC+8) as an instant.
pub fn china_time(date: Date, field: &str, time: &str) -> Result<Timestamp, FieldError> {
    let bad = || FieldError::new(field, "invalid", texts().time_invalid);
    let (h, m) = time.trim().split_once(':').ok_or_else(bad)?;
    let num = |s: &str, max: i64| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i64>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (h, m) = (num(h, 23).ok_or_else(bad)?, num(m, 59).ok_or_else(bad)?);
    Ok(date
        .start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(h * HOUR_MS + m * MINUTE_MS))
}

/// Today's date in China time, `days` ahead.
pub fn china_date_in(days: i32) -> Date {
    let now = Timestamp::from_millis(js_sys::Date::now() as i64);
    now.date_at_offset(CHINA_OFFSET_MINUTES)
        .saturating_plus_days(days)
}
