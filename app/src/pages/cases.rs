//! The home page: open a case beside a work list (newest cases by default).

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{CasePage, CaseSummary};
use leptos::prelude::*;

use afterloop_domain::case::Language;
use afterloop_domain::flow::money::EntryKind;

use crate::api::{self, Queue};
use crate::components::{KindBadge, NewCaseForm};
use crate::i18n::cases::{self as text, Cases};
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::session::Session;

/// The form beside the work list; the list reloads after each case opened.
#[component]
pub fn CasesPage() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Cases::get(lang);
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
                <h2 id="case-list-title">{move || text::queue(queue.get(), lang).1}</h2>
                <Show when=move || { queues.read().len() > 1 }>
                    <nav class="queue-tabs" aria-label=t.lists>
                        <For each=move || queues.get() key=|q| *q let:q>
                            <button
                                type="button"
                                class="tab"
                                aria-pressed=move || (queue.get() == q).to_string()
                                on:click=move |_| chosen.set(Some(q))
                            >
                                {text::queue(q, lang).0}
                            </button>
                        </For>
                    </nav>
                </Show>
                <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                    <ErrorBoundary fallback=move |caught| view! {
                        <p class="form-error" role="alert">
                            {move || caught.get().into_iter().map(|(_, e)| errors::caught(&e, lang)).collect::<Vec<_>>().join(" ")}
                        </p>
                    }>
                        {move || Suspend::new(async move {
                            let page = cases.await?;
                            Ok::<_, api::ApiError>(view! { <CaseRows page queue=queue.get_untracked() lang/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn CaseRows(page: CasePage, queue: Queue, lang: Language) -> impl IntoView {
    let t = Cases::get(lang);
    if page.items.is_empty() {
        let empty = if queue == Queue::Recent {
            t.empty_recent
        } else {
            t.empty
        };
        return view! { <p class="muted empty">{empty}</p> }.into_any();
    }
    let more = page.cursor.is_some();
    view! {
        <ul class="rows">
            {page.items.into_iter().map(|case| view! { <CaseRow case lang/> }).collect_view()}
        </ul>
        {more.then(|| view! { <p class="muted list-note">{t.more}</p> })}
    }
    .into_any()
}

/// The class of a priority tag (`tag-priority-urgent`), the same in every language.
const fn priority_class(priority: Priority) -> &'static str {
    match priority {
        Priority::Low => "tag tag-priority-low",
        Priority::Normal => "tag tag-priority-normal",
        Priority::High => "tag tag-priority-high",
        Priority::Urgent => "tag tag-priority-urgent",
    }
}

/// A queue row's item in `lang`. The server writes `movement 2: Inverter` or
/// `entry 1: creditnote`; anything else is shown as it came.
fn detail(raw: &str, lang: Language) -> String {
    let parsed = raw.split_once(": ").and_then(|(head, rest)| {
        let (what, id) = head.split_once(' ')?;
        let id: u32 = id.parse().ok()?;
        match what {
            "movement" => Some(text::movement_detail(lang, id, rest)),
            "entry" => {
                let kind = match rest {
                    "refund" => EntryKind::Refund,
                    "creditnote" => EntryKind::CreditNote,
                    "pricedifference" => EntryKind::PriceDifference,
                    "repaircharge" => EntryKind::RepairCharge,
                    _ => return None,
                };
                Some(text::entry_detail(lang, id, labels::entry_kind(kind, lang)))
            }
            _ => None,
        }
    });
    parsed.unwrap_or_else(|| raw.to_owned())
}

#[component]
fn CaseRow(case: CaseSummary, lang: Language) -> impl IntoView {
    let t = Cases::get(lang);
    let urgent = matches!(case.priority, Priority::High | Priority::Urgent);
    let extra = [
        case.detail.as_deref().map(|d| detail(d, lang)),
        case.amount.map(|m| format::money(m, lang)),
        case.since
            .map(|since| text::since(lang, &format::time(since, lang))),
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
                    <span class="stage">{labels::stage(case.status, lang)}</span>
                    {case.on_hold.then(|| view! { <span class="tag tag-hold">{t.on_hold}</span> })}
                    {urgent.then(|| view! {
                        <span class=priority_class(case.priority)>{labels::priority(case.priority, lang)}</span>
                    })}
                </span>
                <span class="case-title">{case.title}</span>
                <span class="row-meta">
                    <span class="customer">{case.customer}</span>
                    {(!extra.is_empty()).then(|| view! { <span class="detail">{extra}</span> })}
                    <time>{format::time(case.created_at, lang)}</time>
                </span>
            </a>
        </li>
    }
}
