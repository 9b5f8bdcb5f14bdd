//! The home page. For staff and managers the work list is the page, with
//! intake one button away (a panel over the list, not always open); a
//! sales rep gets her own home ([`super::rep_home`]). Both the rep's home
//! and the intake form are chunks loaded when first shown ([`crate::chunks`]).

use afterloop_domain::access::Role;
use leptos::prelude::*;

use crate::chunks::{BackOffice, IntakeReloads};
use crate::components::{Lazy, WorkList};
use crate::i18n::queues::Queues;
use crate::i18n::Lang;
use crate::session::Session;

/// The work list; "New case" opens the intake form in a panel, and the
/// list reloads after each case opened.
#[component]
pub fn CasesPage() -> impl IntoView {
    let rep = Session::get()
        .user()
        .is_some_and(|u| u.role == Role::SalesRep);
    if rep {
        let chunks = BackOffice::expect();
        return view! { <Lazy load=move || (chunks.rep_home)()/> }.into_any();
    }
    let reloads = RwSignal::new(0u32);
    view! {
        <div class="cases-layout">
            <div class="page-tools">
                <IntakeButton reloads/>
            </div>
            <WorkList reloads/>
        </div>
    }
    .into_any()
}

/// "New case" and the intake panel it opens (Escape or "Close" shuts it,
/// and focus returns to the button).
#[component]
pub fn IntakeButton(
    reloads: RwSignal<u32>,
    /// The button's words (default: "New case").
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let lang = Lang::current();
    let q = Queues::get(lang);
    let label = label.unwrap_or(q.new_case);
    let open = RwSignal::new(false);
    let chunks = BackOffice::expect();
    provide_context(IntakeReloads(reloads));
    let button = NodeRef::<leptos::html::Button>::new();
    // Focus moves into the panel when it opens.
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(|| {
                if let Some(e) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("case-kind"))
                {
                    let _ = wasm_bindgen::JsCast::unchecked_ref::<web_sys::HtmlElement>(&e).focus();
                }
            });
        }
    });
    let close = move || {
        open.set(false);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    view! {
        <button type="button" class="primary" id="new-case-open" node_ref=button
            aria-expanded=move || open.get().to_string() aria-controls="intake-panel"
            on:click=move |_| open.update(|o| *o = !*o)>
            "+ " {label}
        </button>
        <Show when=move || open.get()>
            <div class="intake-backdrop" on:click=move |_| close()></div>
            <section class="intake-panel" id="intake-panel" role="dialog" aria-modal="true"
                aria-labelledby="intake-panel-title"
                on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <header class="intake-panel-head">
                    <h2 id="intake-panel-title">{q.intake_heading}</h2>
                    <button type="button" class="secondary" id="new-case-close" on:click=move |_| close()>{q.close}</button>
                </header>
                <Lazy load=move || (chunks.intake_form)()/>
            </section>
        </Show>
    }
}
