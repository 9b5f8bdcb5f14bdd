//! The period picker: a week (Monday to Sunday), a month, or custom days,
//! stepped back and forth as the reports compare them ([`Period::shifted`]:
//! a month by calendar month, anything else by its length); periods are
//! China business days, as the reports count them.

use afterloop_domain::report::{day_of, Period};
use afterloop_domain::{Date, Timestamp};
use leptos::prelude::*;

use crate::i18n::reports::Reports;
use crate::i18n::Lang;

/// How the period is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Monday to Sunday.
    Week,
    /// The first to the last of a month.
    Month,
    /// Any days.
    Custom,
}

/// Today as a China business day.
pub fn today() -> Date {
    day_of(Timestamp::from_millis(js_sys::Date::now() as i64))
}

/// The week (Monday–Sunday) holding `day`.
pub fn week_of(day: Date) -> Period {
    Period::week_of(day)
}

/// The month holding `day`.
pub fn month_of(day: Date) -> Period {
    Period::month_of(day)
}

/// The period of `span` holding `day` (custom periods are kept as they are).
pub fn of(span: Span, day: Date, custom: Period) -> Period {
    match span {
        Span::Week => week_of(day),
        Span::Month => month_of(day),
        Span::Custom => custom,
    }
}

/// Week, month or custom, with earlier/later buttons and date inputs.
#[component]
pub fn PeriodPicker(span: RwSignal<Span>, period: RwSignal<Period>) -> impl IntoView {
    let lang = Lang::current();
    let t = Reports::get(lang);
    let error = RwSignal::new(false);
    let choose = move |s: Span| {
        span.set(s);
        if s != Span::Custom {
            period.set(of(
                s,
                period.get_untracked().to.min(today()),
                period.get_untracked(),
            ));
        }
    };
    let pressed = move |s: Span| move || (span.get() == s).to_string();
    let set_day = move |end: bool, value: String| {
        let Ok(day) = Date::parse(&value) else {
            return;
        };
        let mut p = period.get_untracked();
        if end {
            p.to = day;
        } else {
            p.from = day;
        }
        error.set(p.to < p.from);
        if p.to >= p.from {
            period.set(p);
        }
    };
    view! {
        <div class="period-picker no-print" role="group" aria-label=t.period>
            <div class="segmented">
                <button type="button" id="span-week" aria-pressed=pressed(Span::Week) on:click=move |_| choose(Span::Week)>{t.week}</button>
                <button type="button" id="span-month" aria-pressed=pressed(Span::Month) on:click=move |_| choose(Span::Month)>{t.month}</button>
                <button type="button" id="span-custom" aria-pressed=pressed(Span::Custom) on:click=move |_| choose(Span::Custom)>{t.custom}</button>
            </div>
            <button type="button" id="period-earlier" on:click=move |_| period.set(period.get_untracked().shifted(-1))>{t.earlier}</button>
            <label>{t.from}" "
                <input type="date" id="period-from" prop:value=move || period.get().from.to_string()
                    on:change=move |ev| { span.set(Span::Custom); set_day(false, event_target_value(&ev)) }/>
            </label>
            <label>{t.to}" "
                <input type="date" id="period-to" prop:value=move || period.get().to.to_string()
                    on:change=move |ev| { span.set(Span::Custom); set_day(true, event_target_value(&ev)) }/>
            </label>
            <button type="button" id="period-later" on:click=move |_| period.set(period.get_untracked().shifted(1))>{t.later}</button>
            <Show when=move || error.get()>
                <p class="form-error" role="alert">{t.bad_period}</p>
            </Show>
        </div>
    }
}
