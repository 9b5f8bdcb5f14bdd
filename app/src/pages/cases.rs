//! The home page: open a case beside the work list.

use leptos::prelude::*;

use crate::components::{NewCaseForm, WorkList};

/// The form beside the work list; the list reloads after each case opened.
#[component]
pub fn CasesPage() -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    view! {
        <div class="cases-layout">
            <NewCaseForm on_created=move |_| reloads.update(|n| *n += 1)/>
            <WorkList reloads/>
        </div>
    }
}
