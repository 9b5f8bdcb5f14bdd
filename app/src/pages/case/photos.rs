//! Photos and signatures on the case page: a thumbnail that opens the full
//! image in a modal dialog (a button, so the keyboard reaches it; Esc or
//! "Close" shuts it and focus returns to the thumbnail). The image is
//! fetched with the session's token (`api::attachment_url`, an object URL
//! revoked when the thumbnail goes), since an `<img>` cannot send it.

use afterloop_domain::flow::info::Attachment;
use afterloop_domain::CaseId;
use leptos::html::Dialog;
use leptos::prelude::*;

use crate::api;
use crate::i18n::case::{open_image, Photos as Text};
use crate::i18n::Lang;
use crate::labels;
use crate::session::Session;

/// One attachment as a thumbnail (`figure.thumb[data-attachment=n]`) with
/// its original file name, and its full view (`dialog.viewer`).
#[component]
pub fn Thumb(case: CaseId, attachment: Attachment) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Text::get(lang);
    let n = attachment.id;
    let kind = labels::attachment_kind(attachment.kind, lang);
    let name = attachment.name.clone();
    let label = open_image(lang, kind, &name);
    let src = LocalResource::new(move || api::attachment_url(session, case, n));
    on_cleanup(move || {
        if let Some(Ok(url)) = src.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let dialog = NodeRef::<Dialog>::new();
    let open = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    // A click on the backdrop (the dialog itself, outside its content) closes it.
    let backdrop = move |ev: leptos::ev::MouseEvent| {
        let on_dialog = ev.target().zip(dialog.get()).is_some_and(|(target, d)| {
            wasm_bindgen::JsValue::from(target) == wasm_bindgen::JsValue::from(d)
        });
        if on_dialog {
            if let Some(d) = dialog.get() {
                d.close();
            }
        }
    };
    let image = move |class: &'static str| {
        let alt = name.clone();
        move || match src.get() {
            Some(Ok(url)) => view! { <img class=class src=url alt=alt.clone()/> }.into_any(),
            Some(Err(_)) => view! { <span class="thumb-missing">{t.unavailable}</span> }.into_any(),
            None => view! { <span class="thumb-loading">{t.loading}</span> }.into_any(),
        }
    };
    let caption = attachment.name.clone();
    let title = attachment.name.clone();
    let full_name = attachment.name.clone();
    let heading = attachment.name.clone();
    view! {
        <figure class="thumb" data-attachment=n>
            <button type="button" class="thumb-open" aria-label=label aria-haspopup="dialog"
                data-attachment=n on:click=open>
                {image("thumb-img")}
            </button>
            <span class="thumb-name" title=full_name>{caption}</span>
            <dialog class="viewer" node_ref=dialog aria-label=title on:click=backdrop>
                <div class="viewer-body">
                    <p class="viewer-title">
                        <span>{kind} " · " {heading}</span>
                        <button type="button" class="secondary viewer-close" autofocus on:click=close>
                            {t.close}
                        </button>
                    </p>
                    {image("viewer-img")}
                </div>
            </dialog>
        </figure>
    }
}

/// Several attachments as a row of thumbnails.
#[component]
pub fn Thumbs(case: CaseId, attachments: Vec<Attachment>) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <div class="thumbs">
                {attachments
                    .into_iter()
                    .map(|attachment| view! { <Thumb case attachment/> })
                    .collect_view()}
            </div>
        }
    })
}
