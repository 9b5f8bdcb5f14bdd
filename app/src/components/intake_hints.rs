//! Live hints beside the intake form: the warranty computed from the
//! purchase date as it is typed (the domain's own rule), and any open case
//! of the same serial number (a likely duplicate).

use afterloop_domain::case::DEFAULT_WARRANTY_MONTHS;
use afterloop_domain::layout::index::serial_segment;
use afterloop_domain::time::CHINA_OFFSET_MINUTES;
use afterloop_domain::{Date, Timestamp, Warranty};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::i18n::hints::{self, Hints};
use crate::i18n::Lang;
use crate::labels;
use crate::session::Session;

/// Today in China (the warranty's and intake's calendar).
pub fn today() -> Date {
    Timestamp::from_millis(js_sys::Date::now() as i64).date_at_offset(CHINA_OFFSET_MINUTES)
}

/// `#case-warranty`: in warranty until…, expired since…, or how to know.
#[component]
pub fn WarrantyHint(purchase_date: RwSignal<String>) -> impl IntoView {
    let lang = Lang::current();
    let t = Hints::get(lang);
    let status = move || {
        Date::parse(purchase_date.get().trim())
            .ok()
            .map(|d| Warranty::on(Some(d), DEFAULT_WARRANTY_MONTHS, today()))
    };
    view! {
        <p
            id="case-warranty"
            class="hint warranty"
            class:in-warranty=move || matches!(status(), Some(Warranty::InWarranty { .. }))
            class:expired=move || matches!(status(), Some(Warranty::Expired { .. }))
            aria-live="polite"
        >
            <strong>{t.warranty} ": "</strong>
            {move || status().map_or_else(|| t.warranty_unknown.to_owned(), |w| labels::warranty(w, lang))}
        </p>
    }
}

/// `#case-duplicates`: the open cases of the serial number being typed.
#[component]
pub fn DuplicateHint(serial: RwSignal<String>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Hints::get(lang);
    let segment = Memo::new(move |_| serial_segment(&serial.get()));
    let found = LocalResource::new(move || {
        let seg = segment.get();
        async move {
            if seg.len() < 4 {
                return Vec::new();
            }
            api::queue_page(session, &api::Queue::Serial(seg), 20, None)
                .await
                .map(|page| {
                    page.items
                        .into_iter()
                        .filter(|row| !row.status.is_terminal())
                        .collect()
                })
                .unwrap_or_default()
        }
    });
    view! {
        <div id="case-duplicates" aria-live="polite">
            {move || {
                let rows = found.get().unwrap_or_default();
                if segment.get().len() < 4 {
                    return ().into_any();
                }
                if rows.is_empty() {
                    return view! { <p class="hint">{t.no_duplicates}</p> }.into_any();
                }
                view! {
                    <div class="duplicates" role="status">
                        <strong>{t.duplicates} " (" {hints::open_count(rows.len(), lang)} ")"</strong>
                        <ul>
                            {rows.into_iter().map(|row| {
                                let href = format!("/cases/{}", row.id);
                                view! {
                                    <li>
                                        <A href=href attr:class="duplicate-link">{row.id.to_string()}</A>
                                        " · " {labels::stage(row.status, lang)} " · " {row.title}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="hint">{t.duplicate_warning}</p>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
