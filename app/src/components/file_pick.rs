//! The file picked in an `<input type="file">`.

use wasm_bindgen::JsCast;

/// The first file picked, from the input's `change` event; the input is
/// cleared, so picking the same file again fires again.
pub fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}
