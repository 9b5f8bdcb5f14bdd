//! Where the phone is, when it will say within a few seconds.

use afterloop_domain::flow::info::GeoPoint;
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long to wait for a position before going on without one.
const WAIT_MS: i32 = 6_000;

/// The phone's position, or `None` when it is refused, unknown or slow.
pub async fn here() -> Option<GeoPoint> {
    let geo = web_sys::window()?.navigator().geolocation().ok()?;
    let promise = Promise::new(&mut |resolve, _reject| {
        let found = resolve.clone();
        let ok = Closure::once_into_js(move |pos: JsValue| {
            let _ = found.call1(&JsValue::NULL, &pos);
        });
        let none = Closure::once_into_js(move |_: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        });
        let options = web_sys::PositionOptions::new();
        options.set_timeout(WAIT_MS as u32);
        options.set_maximum_age(60_000);
        let _ = geo.get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(none.unchecked_ref()),
            &options,
        );
    });
    let pos = JsFuture::from(promise).await.ok()?;
    let coords = Reflect::get(&pos, &"coords".into()).ok()?;
    let number = |name: &str| Reflect::get(&coords, &name.into()).ok()?.as_f64();
    let point = GeoPoint {
        lat_e6: (number("latitude")? * 1e6).round() as i32,
        lon_e6: (number("longitude")? * 1e6).round() as i32,
        accuracy_m: number("accuracy").map(|a| a.round() as u32),
    };
    point.is_valid().then_some(point)
}
