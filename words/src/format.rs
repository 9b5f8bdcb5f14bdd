//! Dates, times and money for people, by `Intl` in the chosen language: the
//! browser's in the app, workerd's in the worker (the same calls, so a page
//! the server renders and the app write a date alike). Times are China
//! Standard Time (the company's business calendar, where visit windows are
//! typed), whatever the reader's own zone.

use afterloop_domain::case::Language;
use afterloop_domain::{Currency, Date, Money, Timestamp};
use wasm_bindgen::{JsCast, JsValue};

use crate::code;

/// The zone every time is shown in (UTC+8, no daylight saving).
const ZONE: &str = "Asia/Shanghai";

fn options(pairs: &[(&str, JsValue)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), value);
    }
    options
}

/// A date and time: "23 Nov 2026, 17:41" or "2026年11月23日 17:41".
pub fn time(t: Timestamp, lang: Language) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t.millis() as f64));
    let opts = options(&[
        ("dateStyle", "medium".into()),
        ("timeStyle", "short".into()),
        ("timeZone", ZONE.into()),
    ]);
    date.to_locale_string(code(lang), &opts).into()
}

/// A visit window: "Nov 24, 2026, 9:00 – 11:00 AM" when it starts and ends
/// on one day, both full times otherwise (Intl's own range format).
pub fn window(from: Timestamp, to: Timestamp, lang: Language) -> String {
    let opts = options(&[
        ("dateStyle", "medium".into()),
        ("timeStyle", "short".into()),
        ("timeZone", ZONE.into()),
    ]);
    let locales = js_sys::Array::of1(&code(lang).into());
    let fmt = js_sys::Intl::DateTimeFormat::new(&locales, &opts);
    let start = js_sys::Date::new(&JsValue::from_f64(from.millis() as f64));
    let end = js_sys::Date::new(&JsValue::from_f64(to.millis() as f64));
    // formatRange exists in every browser the app supports; fall back to two times.
    let range = js_sys::Reflect::get(&fmt, &"formatRange".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call2(&fmt, &start, &end).ok())
        .and_then(|v| v.as_string());
    range.unwrap_or_else(|| format!("{} – {}", time(from, lang), time(to, lang)))
}

/// A date alone: "23 Nov 2026" or "2026年11月23日".
pub fn date(t: Timestamp, lang: Language) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t.millis() as f64));
    let opts = options(&[("dateStyle", "medium".into()), ("timeZone", ZONE.into())]);
    date.to_locale_date_string(code(lang), &opts).into()
}

/// A civil date (no time, no zone), as it is written on paper whatever the
/// browser's time zone: "Mar 1, 2027" or "2027年3月1日".
pub fn civil_date(d: Date, lang: Language) -> String {
    let midnight_utc = d.start_at_offset(0).millis() as f64;
    let date = js_sys::Date::new(&JsValue::from_f64(midnight_utc));
    let opts = options(&[("dateStyle", "medium".into()), ("timeZone", "UTC".into())]);
    date.to_locale_date_string(code(lang), &opts).into()
}

/// An amount with its currency's narrow symbol and decimals: "¥1,234.50",
/// "$30.00", "€30.00".
pub fn money(m: Money, lang: Language) -> String {
    let exp = m.currency().exponent();
    let opts = options(&[
        ("style", "currency".into()),
        ("currency", m.currency().code().into()),
        ("currencyDisplay", "narrowSymbol".into()),
        ("minimumFractionDigits", f64::from(exp).into()),
        ("maximumFractionDigits", f64::from(exp).into()),
    ]);
    let locales = js_sys::Array::of1(&code(lang).into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &opts);
    let major = m.minor() as f64 / 10f64.powi(i32::from(exp));
    format
        .format()
        .call1(&JsValue::NULL, &major.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{} {}", m.decimal(), m.currency().code()))
}

/// A currency as people name it: its ISO code in English (`CNY`, as staff
/// write it), its name in Chinese (`人民币`), by the browser's
/// `Intl.DisplayNames`; the code where the browser has no name.
pub fn currency(c: Currency, lang: Language) -> String {
    if lang == Language::En {
        return c.code().to_owned();
    }
    let named = || -> Option<String> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let ctor = js_sys::Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let args = js_sys::Array::of2(
            &js_sys::Array::of1(&code(lang).into()),
            &options(&[("type", "currency".into())]),
        );
        let names = js_sys::Reflect::construct(&ctor, &args).ok()?;
        let of = js_sys::Reflect::get(&names, &"of".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        of.call1(&names, &c.code().into()).ok()?.as_string()
    };
    named().unwrap_or_else(|| c.code().to_owned())
}
