//! Photos shrunk on the phone before they are kept or sent: a camera's
//! 12-megapixel JPEG becomes a few hundred kilobytes, which a weak signal
//! can carry and KV can hold.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, Url};

/// The longest side of a photo as sent, in pixels.
pub const LONGEST_SIDE: u32 = 1600;
/// JPEG quality, 0 to 1.
pub const QUALITY: f64 = 0.8;

/// The size of an image of `width`×`height` scaled so its longest side is at
/// most `longest` (never enlarged).
pub fn fit(width: u32, height: u32, longest: u32) -> (u32, u32) {
    let side = width.max(height);
    if side <= longest || side == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(longest) / f64::from(side);
    let w = (f64::from(width) * scale).round().max(1.0) as u32;
    let h = (f64::from(height) * scale).round().max(1.0) as u32;
    (w, h)
}

/// The photo in `file` as a JPEG whose longest side is [`LONGEST_SIDE`].
pub async fn shrink(file: &Blob) -> Result<Blob, String> {
    let run = async {
        let url = Url::create_object_url_with_blob(file)?;
        let img = HtmlImageElement::new()?;
        img.set_src(&url);
        let decoded = JsFuture::from(img.decode()).await;
        Url::revoke_object_url(&url)?;
        decoded?;
        let (w, h) = fit(img.natural_width(), img.natural_height(), LONGEST_SIDE);
        let canvas = canvas(w, h)?;
        let ctx: CanvasRenderingContext2d = canvas
            .get_context("2d")?
            .ok_or("no 2d context")?
            .unchecked_into();
        ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &img,
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        )?;
        to_blob(&canvas, "image/jpeg", QUALITY).await
    };
    run.await.map_err(|e: JsValue| {
        let detail = e.as_string().unwrap_or_else(|| format!("{e:?}"));
        format!("This photo could not be read ({detail}).")
    })
}

fn canvas(width: u32, height: u32) -> Result<HtmlCanvasElement, JsValue> {
    let canvas: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    Ok(canvas)
}

/// The canvas's picture as a file of `content_type`.
pub async fn to_blob(
    canvas: &HtmlCanvasElement,
    content_type: &str,
    quality: f64,
) -> Result<Blob, JsValue> {
    let mut failed = None;
    let promise = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("empty picture"));
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            content_type,
            &JsValue::from_f64(quality),
        ) {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(JsFuture::from(promise).await?.unchecked_into())
}
