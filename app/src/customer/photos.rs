//! Choosing photos on the customer's pages: a button in the page's
//! language (the browser's own file control speaks the browser's), the
//! chosen photos as thumbnails with a remove button each, and nothing sent
//! until the customer presses the form's Send.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::customer::CustomerText;
use crate::i18n::Lang;

/// A photo chosen and not sent yet.
#[derive(Clone)]
pub struct Picked {
    /// Its number on the page (stable while others are removed).
    pub key: u32,
    /// The file.
    pub file: web_sys::File,
    /// An object URL showing it.
    pub url: String,
}

impl Picked {
    /// The name to send it under: the customer's own file name, as the JPEG
    /// the phone makes of it (`fault.heic` → `fault.jpg`).
    pub fn name(&self) -> String {
        let name = self.file.name();
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        // Sent as a JPEG after shrinking; the picked name, made acceptable.
        afterloop_domain::flow::info::upload_name(&format!("{}.jpg", stem.trim()), "photo.jpg")
    }
}

/// Forgets every chosen photo (after a send).
pub fn clear(photos: RwSignal<Vec<Picked>>) {
    for p in photos.get_untracked() {
        let _ = web_sys::Url::revoke_object_url(&p.url);
    }
    photos.set(Vec::new());
}

/// The picker: `id` is the hidden file input's, `photos` what is chosen;
/// `multiple` lets the customer choose several at once.
#[component]
pub fn PhotoPicker(
    id: &'static str,
    photos: RwSignal<Vec<Picked>>,
    #[prop(optional)] multiple: bool,
    /// The label's words (else "Choose photos").
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let t = CustomerText::get(Lang::current());
    let next_key = StoredValue::new(0u32);
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(files) = input.files() else {
            return;
        };
        let mut chosen = if multiple {
            photos.get_untracked()
        } else {
            clear(photos);
            Vec::new()
        };
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
                continue;
            };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            chosen.push(Picked { key, file, url });
        }
        // Cleared, so choosing the same photo again after removing it fires again.
        input.set_value("");
        photos.set(chosen);
    };
    let remove = move |key: u32| {
        photos.update(|list| {
            if let Some(at) = list.iter().position(|p| p.key == key) {
                let p = list.remove(at);
                let _ = web_sys::Url::revoke_object_url(&p.url);
            }
        })
    };
    view! {
        <div class="photo-picker">
            <input type="file" id=id class="visually-hidden" accept="image/*" multiple=multiple
                on:change=pick/>
            <label class="button secondary photo-button" for=id>
                <span class="photo-plus" aria-hidden="true">"+"</span>{label.unwrap_or(t.choose_photos)}
            </label>
            <ul class="photo-picks" id=format!("{id}-picked") aria-live="polite">
                <For each=move || photos.get() key=|p| p.key let:p>
                    {
                        let key = p.key;
                        let name = p.file.name();
                        view! {
                            <li class="photo-pick">
                                <img src=p.url.clone() alt=format!("{}: {name}", t.photo_alt)/>
                                <button type="button" class="photo-remove"
                                    aria-label=format!("{}: {name}", t.remove_photo)
                                    on:click=move |_| remove(key)>"×"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}
