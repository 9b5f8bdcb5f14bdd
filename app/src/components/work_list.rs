//! The work list: the queues with their counts, cases by stage, the
//! technicians' visit days, and search by case number, serial, phone or
//! customer; a page at a time ("Load more"), sorted as the queue orders it or
//! by age or priority, with the SLA countdown and waiting times ticking.

use std::collections::BTreeMap;

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::case::Language;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{CasePage, CaseSummary};
use afterloop_domain::{CaseKind, Status};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Queue};
use crate::components::KindBadge;
use crate::i18n::cases::{self as text, Cases};
use crate::i18n::queues::{self as qtext, Queues};
use crate::i18n::{errors, format, Lang};
use crate::labels;
use crate::session::Session;

/// Rows per page.
const PAGE: u8 = 50;
/// A running SLA clock with less than this left shows as at risk.
const AT_RISK_MS: i64 = 60 * 60 * 1000;

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Queue(Queue),
    Stage(Status),
    Visits(String),
    Search(String),
}

impl Shown {
    fn path(&self) -> Option<String> {
        match self {
            Shown::Queue(q) => Some(q.path().to_owned()),
            Shown::Stage(s) => Some(format!("stage/{}/{}", s.kind(), s.name())),
            Shown::Visits(path) => Some(path.clone()),
            Shown::Search(_) => None,
        }
    }
}

/// How rows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    List,
    Newest,
    Oldest,
    Priority,
}

fn sorted(mut rows: Vec<CaseSummary>, sort: Sort) -> Vec<CaseSummary> {
    match sort {
        Sort::List => {}
        Sort::Newest => rows.sort_by_key(|r| std::cmp::Reverse(r.created_at)),
        Sort::Oldest => rows.sort_by_key(|r| r.created_at),
        Sort::Priority => rows.sort_by_key(|r| {
            (
                match r.priority {
                    Priority::Urgent => 0,
                    Priority::High => 1,
                    Priority::Normal => 2,
                    Priority::Low => 3,
                },
                std::cmp::Reverse(r.created_at),
            )
        }),
    }
    rows
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The list, its tabs and its search; `reloads` changes after a case is opened.
#[component]
pub fn WorkList(reloads: RwSignal<u32>) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Cases::get(lang);
    let q = Queues::get(lang);
    let everything = session
        .actor()
        .is_some_and(|actor| allowed(&actor, Action::Queues, None));
    let queues = if everything {
        Queue::ALL.to_vec()
    } else {
        vec![Queue::Mine, Queue::Replies]
    };
    let shown = RwSignal::new(Shown::Queue(queues[0]));
    let sort = RwSignal::new(Sort::List);
    let rows = RwSignal::new(Vec::<CaseSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    let counts = LocalResource::new(move || {
        reloads.track();
        api::queue_counts(session)
    });
    let count_of = move |key: String| {
        counts
            .get()
            .and_then(|r| r.ok())
            .and_then(|c| c.counts.get(&key).copied())
    };

    // Loads the first page of what is shown (or the next, with `more`).
    let load = move |more: bool| {
        let what = shown.get_untracked();
        let after = if more { cursor.get_untracked() } else { None };
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        loading.set(true);
        spawn_local(async move {
            let page: Result<CasePage, ApiError> = match what.path() {
                Some(path) => api::queue_page(session, &path, PAGE, after).await,
                None => match &what {
                    Shown::Search(text) => api::search(session, text).await,
                    _ => unreachable!("only a search has no path"),
                },
            };
            if generation.get_value() != gen {
                return; // Something else was asked for meanwhile.
            }
            loading.set(false);
            match page {
                Ok(page) => {
                    error.set(None);
                    cursor.set(page.cursor);
                    if more {
                        rows.update(|r| r.extend(page.items));
                    } else {
                        rows.set(page.items);
                    }
                }
                Err(e) => error.set(Some(errors::api(&e, lang))),
            }
        });
    };
    Effect::new(move |_| {
        shown.track();
        reloads.track();
        load(false);
    });

    let search_text = RwSignal::new(String::new());
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = search_text.get_untracked().trim().to_owned();
        if !text.is_empty() {
            shown.set(Shown::Search(text));
        }
    };
    let heading = move || match shown.get() {
        Shown::Queue(queue) => text::queue(queue, lang).1.to_owned(),
        Shown::Stage(status) => format!(
            "{} · {}",
            labels::kind(status.kind(), lang),
            labels::stage(status, lang)
        ),
        Shown::Visits(_) => q.visits_heading.to_owned(),
        Shown::Search(s) => format!("{}: {s}", q.results),
    };
    let first_queue = queues[0];

    view! {
        <section class="card case-list" aria-labelledby="case-list-title">
            <h2 id="case-list-title">{heading}</h2>
            {everything.then(|| view! {
                <form class="case-search" role="search" on:submit=on_search>
                    <label for="case-search" class="visually-hidden">{q.search}</label>
                    <input
                        id="case-search"
                        type="search"
                        placeholder=q.search_placeholder
                        prop:value=move || search_text.get()
                        on:input=move |ev| search_text.set(event_target_value(&ev))
                    />
                    <button type="submit">{q.search_button}</button>
                    <Show when=move || matches!(shown.get(), Shown::Search(_))>
                        <button type="button" id="search-clear" on:click=move |_| {
                            search_text.set(String::new());
                            shown.set(Shown::Queue(first_queue));
                        }>{q.clear}</button>
                    </Show>
                </form>
            })}
            <nav class="queue-tabs" aria-label=t.lists>
                {queues.iter().map(|&queue| {
                    let key = queue.path().to_owned();
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-queue=queue.path()
                            aria-pressed=move || (shown.get() == Shown::Queue(queue)).to_string()
                            on:click=move |_| shown.set(Shown::Queue(queue))
                        >
                            {text::queue(queue, lang).0}
                            {move || count_of(key.clone()).map(|n| view! { <span class="count">{n}</span> })}
                        </button>
                    }
                }).collect_view()}
                {everything.then(|| view! {
                    <button
                        type="button"
                        class="tab"
                        data-queue="stage"
                        aria-pressed=move || matches!(shown.get(), Shown::Stage(_)).to_string()
                        on:click=move |_| shown.set(Shown::Stage(Status::initial(CaseKind::Repair)))
                    >{q.by_stage}</button>
                })}
                <button
                    type="button"
                    class="tab"
                    data-queue="visits"
                    aria-pressed=move || matches!(shown.get(), Shown::Visits(_)).to_string()
                    on:click=move |_| {
                        let first = counts
                            .get()
                            .and_then(|r| r.ok())
                            .and_then(|c| c.counts.keys().find(|k| k.starts_with("tech/")).cloned());
                        shown.set(Shown::Visits(first.unwrap_or_default()));
                    }
                >{q.visits}</button>
            </nav>
            {move || match shown.get() {
                Shown::Stage(status) => view! { <StagePicker shown status counts=Signal::derive(move || counts.get().and_then(|r| r.ok()).map(|c| c.counts).unwrap_or_default())/> }.into_any(),
                Shown::Visits(path) => view! { <VisitDays shown path counts=Signal::derive(move || counts.get().and_then(|r| r.ok()).map(|c| c.counts).unwrap_or_default())/> }.into_any(),
                _ => ().into_any(),
            }}
            <div class="list-tools">
                <label for="list-sort">{q.sort}</label>
                <select id="list-sort" on:change=move |ev| sort.set(match event_target_value(&ev).as_str() {
                    "newest" => Sort::Newest,
                    "oldest" => Sort::Oldest,
                    "priority" => Sort::Priority,
                    _ => Sort::List,
                })>
                    <option value="list" selected=true>{q.sort_list}</option>
                    <option value="newest">{q.sort_newest}</option>
                    <option value="oldest">{q.sort_oldest}</option>
                    <option value="priority">{q.sort_priority}</option>
                </select>
            </div>
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            {move || {
                let list = sorted(rows.get(), sort.get());
                if list.is_empty() {
                    let empty = match shown.get() {
                        _ if loading.get() => t.loading,
                        Shown::Queue(Queue::Recent) => t.empty_recent,
                        Shown::Search(_) => q.no_results,
                        _ => t.empty,
                    };
                    return view! { <p class="muted empty">{empty}</p> }.into_any();
                }
                let sla = shown.get() == Shown::Queue(Queue::Sla);
                view! {
                    <ul class="rows" aria-busy=move || loading.get().to_string()>
                        {list.into_iter().map(|case| view! { <CaseRow case lang now sla/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Show when=move || cursor.get().is_some()>
                <button type="button" class="load-more" id="load-more" disabled=move || loading.get() on:click=move |_| load(true)>
                    {q.load_more}
                </button>
            </Show>
        </section>
    }
}

/// Kind and stage selects for the "by stage" list, each stage with its count.
#[component]
fn StagePicker(
    shown: RwSignal<Shown>,
    status: Status,
    counts: Signal<BTreeMap<String, u64>>,
) -> impl IntoView {
    let lang = Lang::current();
    let q = Queues::get(lang);
    let kind = status.kind();
    view! {
        <div class="list-filters">
            <label for="stage-kind">{q.kind}</label>
            <select id="stage-kind" on:change=move |ev| {
                let kind = CaseKind::parse(&event_target_value(&ev)).unwrap_or(CaseKind::Repair);
                shown.set(Shown::Stage(Status::initial(kind)));
            }>
                {CaseKind::ALL.into_iter().map(|k| view! {
                    <option value=k.to_string() selected=k == kind>{labels::kind(k, lang)}</option>
                }).collect_view()}
            </select>
            <label for="stage-name">{q.stage}</label>
            <select id="stage-name" on:change=move |ev| {
                if let Some(s) = Status::parse(kind, &event_target_value(&ev)) {
                    shown.set(Shown::Stage(s));
                }
            }>
                {Status::all(kind).into_iter().map(|s| {
                    let key = format!("stage/{kind}/{}", s.name());
                    view! {
                        <option value=s.name() selected=s == status>
                            {labels::stage(s, lang)}
                            {move || counts.get().get(&key).map(|n| format!(" ({n})"))}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The days with visits, per technician, from the counts: a button each.
#[component]
fn VisitDays(
    shown: RwSignal<Shown>,
    path: String,
    counts: Signal<BTreeMap<String, u64>>,
) -> impl IntoView {
    let lang = Lang::current();
    let t = Cases::get(lang);
    view! {
        <div class="visit-days" role="group">
            {move || {
                let mut days: Vec<(String, u64)> = counts
                    .get()
                    .into_iter()
                    .filter(|(k, n)| k.starts_with("tech/") && *n > 0)
                    .collect();
                // By day, then technician: "tech/{user}/{day}".
                days.sort_by(|a, b| {
                    let day = |k: &str| k.rsplit('/').next().unwrap_or_default().to_owned();
                    (day(&a.0), a.0.clone()).cmp(&(day(&b.0), b.0.clone()))
                });
                if days.is_empty() {
                    return view! { <p class="muted">{t.empty}</p> }.into_any();
                }
                days.into_iter().map(|(key, n)| {
                    let mut parts = key.split('/').skip(1);
                    let tech = parts.next().unwrap_or_default().to_owned();
                    let day = parts.next().unwrap_or_default().to_owned();
                    let chosen = key == path;
                    let target = key.clone();
                    view! {
                        <button
                            type="button"
                            class="visit-day"
                            data-visits=key
                            aria-pressed=chosen.to_string()
                            on:click=move |_| shown.set(Shown::Visits(target.clone()))
                        >
                            <span class="visit-date">{day}</span>
                            " · " {tech} " "
                            <span class="count">{n}</span>
                        </button>
                    }
                }).collect_view().into_any()
            }}
        </div>
    }
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

/// One case: number, kind, stage, tags, title, customer, what the queue
/// row is about, and for the SLA list the countdown to its next deadline.
#[component]
fn CaseRow(case: CaseSummary, lang: Language, now: RwSignal<i64>, sla: bool) -> impl IntoView {
    let t = Cases::get(lang);
    let q = Queues::get(lang);
    let urgent = matches!(case.priority, Priority::High | Priority::Urgent);
    let extra = [
        case.detail.as_deref().map(|d| detail(d, lang)),
        case.amount.map(|m| format::money(m, lang)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let since = case.since.map(|s| s.millis());
    let clock = move || {
        let at = since?;
        let left = at - now.get();
        Some(if sla {
            let state = if left < 0 {
                "breached"
            } else if left < AT_RISK_MS {
                "at-risk"
            } else {
                "running"
            };
            (state, qtext::countdown(left, lang))
        } else {
            ("waiting", qtext::waiting(-left, lang))
        })
    };
    view! {
        <li class="row" data-case=case.id.to_string()>
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
                    {move || clock().map(|(state, text)| {
                        let label = match state {
                            "breached" => Some(q.breached),
                            "at-risk" => Some(q.at_risk),
                            _ => None,
                        };
                        view! {
                            <span class=format!("clock clock-{state}") data-due=since.unwrap_or_default().to_string()>
                                {label.map(|l| view! { <strong>{l}</strong> " " })}
                                {text}
                            </span>
                        }
                    })}
                    <time>{format::time(case.created_at, lang)}</time>
                </span>
            </a>
        </li>
    }
}
