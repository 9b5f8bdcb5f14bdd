//! A signature drawn with a finger (`canvas#signature-pad`): pointer events
//! (touch, pen or mouse) draw strokes; "Save" hands the picture on as a PNG.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{Blob, CanvasRenderingContext2d, PointerEvent};

use crate::i18n::jobs::JobText;
use crate::i18n::Lang;
use crate::offline::photo;

/// The pad; `on_save` gets the PNG.
#[component]
pub fn SignaturePad(on_save: Callback<Blob>) -> impl IntoView {
    let t = JobText::get(Lang::current());
    let canvas = NodeRef::<Canvas>::new();
    let last = StoredValue::new(None::<(f64, f64)>);
    let inked = RwSignal::new(false);
    let error = RwSignal::new(None::<&'static str>);

    let ctx = move || -> Option<CanvasRenderingContext2d> {
        canvas.get()?.get_context("2d").ok()??.dyn_into().ok()
    };
    // Size the bitmap to the box on the screen once it is there.
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            let w = c.client_width().max(280) as u32;
            c.set_width(w);
            c.set_height(180);
        }
    });
    let point = move |e: &PointerEvent| -> Option<(f64, f64)> {
        let c = canvas.get()?;
        let r = c.get_bounding_client_rect();
        let sx = f64::from(c.width()) / r.width().max(1.0);
        let sy = f64::from(c.height()) / r.height().max(1.0);
        Some((
            (f64::from(e.client_x()) - r.left()) * sx,
            (f64::from(e.client_y()) - r.top()) * sy,
        ))
    };
    let down = move |e: PointerEvent| {
        e.prevent_default();
        if let Some(c) = canvas.get() {
            let _ = c.set_pointer_capture(e.pointer_id());
        }
        last.set_value(point(&e));
    };
    let draw = move |e: PointerEvent| {
        let Some(from) = last.get_value() else { return };
        let Some(to) = point(&e) else { return };
        if let Some(ctx) = ctx() {
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.set_stroke_style_str("#10242b");
            ctx.begin_path();
            ctx.move_to(from.0, from.1);
            ctx.line_to(to.0, to.1);
            ctx.stroke();
            inked.set(true);
            error.set(None);
        }
        last.set_value(Some(to));
    };
    let up = move |_: PointerEvent| last.set_value(None);
    let clear = move |_| {
        if let (Some(c), Some(ctx)) = (canvas.get(), ctx()) {
            ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
        }
        inked.set(false);
    };
    let save = move |_| {
        if !inked.get_untracked() {
            error.set(Some(t.empty_signature));
            return;
        }
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        spawn_local(async move {
            if let Ok(blob) = photo::to_blob(&c, "image/png", 1.0).await {
                on_save.run(blob);
                if let Some(ctx) = ctx() {
                    ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
                }
                inked.set(false);
            }
        });
    };
    view! {
        <div class="signature">
            <p class="hint">{t.sign_here}</p>
            <canvas
                id="signature-pad"
                class="signature-pad"
                node_ref=canvas
                on:pointerdown=down
                on:pointermove=draw
                on:pointerup=up
                on:pointercancel=up
                on:pointerleave=up
            ></canvas>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="actions">
                <button type="button" class="secondary" id="signature-clear" on:click=clear>{t.clear}</button>
                <button type="button" id="signature-save" on:click=save>{t.save_signature}</button>
            </div>
        </div>
    }
}
