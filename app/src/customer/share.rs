//! Copying and sharing a case's link, through the browser's own clipboard
//! and share sheet (called by name: not every browser has them).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &name.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Puts `text` on the clipboard; `false` when the browser refused both
/// ways (the asynchronous clipboard, then a selected text and `copy`).
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator: JsValue = window.navigator().into();
    if let Some(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined())
    {
        if let Some(write) = method(&clipboard, "writeText") {
            if let Ok(p) = write.call1(&clipboard, &text.into()) {
                if JsFuture::from(js_sys::Promise::from(p)).await.is_ok() {
                    return true;
                }
            }
        }
    }
    copy_by_selection(&window, text).unwrap_or(false)
}

fn copy_by_selection(window: &web_sys::Window, text: &str) -> Option<bool> {
    let document = window.document()?;
    let body = document.body()?;
    let area = document.create_element("textarea").ok()?;
    area.set_attribute("readonly", "").ok()?;
    area.set_attribute(
        "style",
        "position:fixed;top:0;left:0;opacity:0;width:1px;height:1px",
    )
    .ok()?;
    area.set_text_content(Some(text));
    body.append_child(&area).ok()?;
    let select = method(&area, "select")?;
    let _ = select.call0(&area);
    let exec = method(&document, "execCommand")?;
    let done = exec
        .call1(&document, &"copy".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    area.remove();
    Some(done)
}

/// Opens the phone's share sheet with `url` (where `navigator.share` exists).
pub fn share(title: &str, url: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator: JsValue = window.navigator().into();
    let Some(share) = method(&navigator, "share") else {
        return;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    // A cancelled share sheet rejects; nothing to tell.
    if let Ok(p) = share.call1(&navigator, &data) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(js_sys::Promise::from(p)).await;
        });
    }
}
