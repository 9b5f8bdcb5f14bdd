//! Formatting of instants for people, in the browser's locale and time zone.

use afterloop_domain::Timestamp;
use wasm_bindgen::JsValue;

/// A date and time such as "23/11/2026, 17:41" in the browser's locale.
pub fn format_time(t: Timestamp) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(t.millis() as f64));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string("default", &options).into()
}
