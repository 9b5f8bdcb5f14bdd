//! The home page: open a case and see the newest ones.

use afterloop_domain::wire::CasePage;
use leptos::prelude::*;

use crate::api;
use crate::components::{format_time, KindBadge, NewCaseForm};

/// The form beside the list of newest cases; the list reloads after each case opened.
#[component]
pub fn CasesPage() -> impl IntoView {
    let reloads = RwSignal::new(0u32);
    let cases = LocalResource::new(move || {
        reloads.track();
        api::list_cases()
    });

    view! {
        <div class="cases-layout">
            <NewCaseForm on_created=move |_| reloads.update(|n| *n += 1)/>
            <section class="card case-list" aria-labelledby="case-list-title">
                <h2 id="case-list-title">"Newest cases"</h2>
                <Transition fallback=|| view! { <p class="muted">"Loading cases…"</p> }>
                    <ErrorBoundary fallback=|errors| view! {
                        <p class="form-error" role="alert">
                            {move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" ")}
                        </p>
                    }>
                        {move || Suspend::new(async move {
                            cases.await.map(|page| view! { <CaseRows page/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn CaseRows(page: CasePage) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="muted empty">"No cases yet. Open the first one with the form."</p> }
            .into_any();
    }
    view! {
        <ul class="rows">
            {page
                .items
                .into_iter()
                .map(|case| {
                    view! {
                        <li class="row">
                            <a class="row-link" href=format!("/cases/{}", case.id)>
                                <span class="case-id">{case.id.to_string()}</span>
                                <KindBadge kind=case.kind/>
                                <span class="case-title">{case.title.as_ref().to_owned()}</span>
                                <time class="muted">{format_time(case.created_at)}</time>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
