//! The home page: open a case beside a work list (newest cases by default).

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{CasePage, CaseSummary};
use leptos::prelude::*;

use crate::api::{self, Queue};
use crate::components::{format_time, KindBadge, NewCaseForm};
use crate::labels;
use crate::session::Session;

/// The words of the list.
mod text {
    pub const LOADING: &str = "Loading cases…";
    pub const EMPTY_RECENT: &str = "No cases yet. Open the first one with the form.";
    pub const EMPTY: &str = "Nothing in this list right now.";
    pub const MORE: &str = "Showing the first cases of this list.";
    pub const ON_HOLD: &str = "On hold";
    pub const LISTS: &str = "Work lists";
}

/// A queue's tab label and heading.
fn queue_text(queue: Queue) -> (&'static str, &'static str) {
    match queue {
        Queue::Recent => ("Newest", "Newest cases"),
        Queue::Open => ("Open", "Open cases"),
        Queue::Sla => ("SLA", "Next SLA deadlines"),
        Queue::Outstanding => ("Outstanding", "Units still to come back"),
        Queue::Approvals => ("Approvals", "Money awaiting approval"),
        Queue::Mine => ("Mine", "My open cases"),
    }
}

/// The form beside the work list; the list reloads after each case opened.
#[component]
pub fn CasesPage() -> impl IntoView {
    let session = Session::get();
    // Staff and managers see every list; technicians only their own.
    let queues = Memo::new(move |_| {
        let all = session
            .actor()
            .is_some_and(|actor| allowed(&actor, Action::Queues, None));
        if all {
            Queue::ALL.to_vec()
        } else {
            vec![Queue::Mine]
        }
    });
    let chosen = RwSignal::new(None::<Queue>);
    let queue = Memo::new(move |_| {
        chosen
            .get()
            .filter(|q| queues.read().contains(q))
            .unwrap_or_else(|| queues.read()[0])
    });
    let reloads = RwSignal::new(0u32);
    let cases = LocalResource::new(move || {
        reloads.track();
        api::list_cases(session, queue.get())
    });

    view! {
        <div class="cases-layout">
            <NewCaseForm on_created=move |_| reloads.update(|n| *n += 1)/>
            <section class="card case-list" aria-labelledby="case-list-title">
                <h2 id="case-list-title">{move || queue_text(queue.get()).1}</h2>
                <Show when=move || { queues.read().len() > 1 }>
                    <nav class="queue-tabs" aria-label=text::LISTS>
                        <For each=move || queues.get() key=|q| *q let:q>
                            <button
                                type="button"
                                class="tab"
                                aria-pressed=move || (queue.get() == q).to_string()
                                on:click=move |_| chosen.set(Some(q))
                            >
                                {queue_text(q).0}
                            </button>
                        </For>
                    </nav>
                </Show>
                <Transition fallback=|| view! { <p class="muted">{text::LOADING}</p> }>
                    <ErrorBoundary fallback=|errors| view! {
                        <p class="form-error" role="alert">
                            {move || errors.get().into_iter().map(|(_, e)| e.to_string()).collect::<Vec<_>>().join(" ")}
                        </p>
                    }>
                        {move || Suspend::new(async move {
                            let page = cases.await?;
                            Ok::<_, api::ApiError>(view! { <CaseRows page queue=queue.get_untracked()/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn CaseRows(page: CasePage, queue: Queue) -> impl IntoView {
    if page.items.is_empty() {
        let empty = if queue == Queue::Recent {
            text::EMPTY_RECENT
        } else {
            text::EMPTY
        };
        return view! { <p class="muted empty">{empty}</p> }.into_any();
    }
    let more = page.cursor.is_some();
    view! {
        <ul class="rows">
            {page.items.into_iter().map(|case| view! { <CaseRow case/> }).collect_view()}
        </ul>
        {more.then(|| view! { <p class="muted list-note">{text::MORE}</p> })}
    }
    .into_any()
}

#[component]
fn CaseRow(case: CaseSummary) -> impl IntoView {
    let urgent = matches!(case.priority, Priority::High | Priority::Urgent);
    let priority_class = format!(
        "tag tag-priority-{}",
        labels::priority(case.priority).to_lowercase()
    );
    let extra = [
        case.detail.clone(),
        case.amount.map(|m| m.to_string()),
        case.since.map(|t| format!("since {}", format_time(t))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="row">
            <a class="row-link" href=format!("/cases/{}", case.id)>
                <span class="row-head">
                    <span class="case-id">{case.id.to_string()}</span>
                    <KindBadge kind=case.kind()/>
                    <span class="stage">{labels::stage(case.status)}</span>
                    {case.on_hold.then(|| view! { <span class="tag tag-hold">{text::ON_HOLD}</span> })}
                    {urgent.then(|| view! {
                        <span class=priority_class>{labels::priority(case.priority)}</span>
                    })}
                </span>
                <span class="case-title">{case.title}</span>
                <span class="row-meta">
                    <span class="customer">{case.customer}</span>
                    {(!extra.is_empty()).then(|| view! { <span class="detail">{extra}</span> })}
                    <time>{format_time(case.created_at)}</time>
                </span>
            </a>
        </li>
    }
}
