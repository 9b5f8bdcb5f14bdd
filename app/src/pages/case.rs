//! One case, by its number in the address (`/cases/AL-1001`).

use afterloop_domain::CaseId;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{format_time, KindBadge};

/// The case page; a malformed number or an unknown case shows a readable message.
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let case = LocalResource::new(move || {
        let raw = params.read().get("id").unwrap_or_default();
        async move {
            let id = CaseId::parse(&raw).map_err(|e| {
                ApiError::Rejected(afterloop_domain::wire::ErrorBody::new(
                    "invalid_case_id",
                    e.to_string(),
                ))
            })?;
            api::get_case(id).await
        }
    });

    view! {
        <p><a href="/">"← All cases"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Loading case…"</p> }>
            <ErrorBoundary fallback=|errors| view! {
                <section class="card">
                    <h1>"Case not available"</h1>
                    <p class="form-error" role="alert">
                        {move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" ")}
                    </p>
                </section>
            }>
                {move || Suspend::new(async move {
                    case.await.map(|case| view! {
                        <article class="card case-detail">
                            <header class="case-head">
                                <h1>
                                    <span class="case-id">{case.id.to_string()}</span>
                                    " "
                                    {case.title.as_ref().to_owned()}
                                </h1>
                                <KindBadge kind=case.kind/>
                            </header>
                            <dl class="facts">
                                <dt>"Opened"</dt>
                                <dd>{format_time(case.created_at)}</dd>
                            </dl>
                        </article>
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}
