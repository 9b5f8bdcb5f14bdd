//! The work list: the queues with their counts, cases by stage, the
//! technicians' visit days, and search by case number, serial, phone or
//! customer; a page at a time ("Load more"), as a dense table sorted as the
//! queue orders it or by any column (header buttons, `aria-sort`), with the
//! SLA countdown (its state from the domain's [`DueClock`]) and waiting
//! times ticking. On a phone the table scrolls inside its box.
//!
//! [`DueClock`]: afterloop_domain::wire::DueClock

use std::collections::BTreeMap;

use afterloop_domain::access::{allowed, Action, Actor};
use afterloop_domain::case::Language;
use afterloop_domain::flow::money::MoneyDirection;
use afterloop_domain::sla::Priority;
use afterloop_domain::time::Timestamp;
use afterloop_domain::wire::{CasePage, CaseSummary, DueState, RowItem};
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

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Queue(Queue),
    Stage(Status),
    Visits(String),
    Search(String),
}

impl Shown {
    /// The queue listed; `None` for a search, or a day of visits the
    /// caller may not list (or none chosen).
    fn queue(&self, actor: Option<&Actor>) -> Option<Queue> {
        match self {
            Shown::Queue(q) => Some(q.clone()),
            Shown::Stage(s) => Some(Queue::Stage(*s)),
            // A count's key: `tech/{user}/{day}`.
            Shown::Visits(name) => {
                let segments: Vec<&str> = name.split('/').collect();
                Queue::parse(&segments, actor?).ok()
            }
            Shown::Search(_) => None,
        }
    }
}

/// A column staff can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Case,
    Stage,
    Priority,
    Sla,
    Owner,
    Customer,
    Age,
    Amount,
    Waiting,
}

impl Col {
    /// The column's name in `data-col` (the same in every language).
    const fn key(self) -> &'static str {
        match self {
            Col::Case => "case",
            Col::Stage => "stage",
            Col::Priority => "priority",
            Col::Sla => "sla",
            Col::Owner => "owner",
            Col::Customer => "customer",
            Col::Age => "age",
            Col::Amount => "amount",
            Col::Waiting => "waiting",
        }
    }
}

/// How rows are ordered: as the queue lists them, or by a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    List,
    By(Col, bool),
}

fn priority_rank(p: Priority) -> u8 {
    match p {
        Priority::Urgent => 0,
        Priority::High => 1,
        Priority::Normal => 2,
        Priority::Low => 3,
    }
}

fn stage_rank(s: Status) -> (CaseKind, usize) {
    let kind = s.kind();
    let at = Status::all(kind)
        .iter()
        .position(|x| *x == s)
        .unwrap_or(usize::MAX);
    (kind, at)
}

fn sorted(mut rows: Vec<CaseSummary>, sort: Sort) -> Vec<CaseSummary> {
    let Sort::By(col, ascending) = sort else {
        return rows;
    };
    rows.sort_by(|a, b| {
        use std::cmp::Reverse;
        let order = match col {
            Col::Case => a.id.sequence().cmp(&b.id.sequence()),
            Col::Stage => stage_rank(a.status).cmp(&stage_rank(b.status)),
            Col::Priority => priority_rank(a.priority).cmp(&priority_rank(b.priority)),
            // Rows without a running clock come last.
            Col::Sla => (a.sla.is_none(), a.sla.map(|d| d.due))
                .cmp(&(b.sla.is_none(), b.sla.map(|d| d.due))),
            Col::Owner => a.owner.as_ref().cmp(b.owner.as_ref()),
            Col::Customer => a.customer.cmp(&b.customer),
            // Youngest first when ascending.
            Col::Age => Reverse(a.created_at).cmp(&Reverse(b.created_at)),
            Col::Amount => a
                .amount
                .map(|m| m.minor())
                .cmp(&b.amount.map(|m| m.minor())),
            Col::Waiting => Reverse(a.since).cmp(&Reverse(b.since)),
        };
        let order = if ascending { order } else { order.reverse() };
        order.then_with(|| b.id.sequence().cmp(&a.id.sequence()))
    });
    rows
}

/// The columns a list shows: always case, stage, priority, SLA due, owner,
/// customer and age; an approvals list adds amount, payee and waiting
/// time; a goods list the item and waiting time; replies the waiting time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    money: bool,
    item: bool,
    waiting: bool,
}

impl Columns {
    fn for_rows(shown: &Shown, rows: &[CaseSummary]) -> Columns {
        let sla_list = *shown == Shown::Queue(Queue::Sla);
        Columns {
            money: rows
                .iter()
                .any(|r| matches!(r.item, Some(RowItem::Entry { .. })) || r.amount.is_some()),
            item: rows
                .iter()
                .any(|r| matches!(r.item, Some(RowItem::Movement { .. }))),
            waiting: !sla_list && rows.iter().any(|r| r.since.is_some()),
        }
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The list, its tabs and its search; `reloads` changes after a case is opened.
#[component]
pub fn WorkList(reloads: RwSignal<u32>) -> impl IntoView {
    // Owners by the names colleagues know them by (handles until it loads).
    let names = RwSignal::new(crate::pages::case::people::Names::default());
    provide_context(names);
    {
        let session = crate::session::Session::get();
        leptos::task::spawn_local(async move {
            if let Ok(dir) = crate::api::directory(session).await {
                names.set(crate::pages::case::people::Names::of(&dir));
            }
        });
    }
    let session = Session::get();
    let lang = Lang::current();
    let t = Cases::get(lang);
    let q = Queues::get(lang);
    let actor = StoredValue::new(session.actor());
    let everything = actor.with_value(|a| {
        a.as_ref()
            .is_some_and(|actor| allowed(actor, Action::Queues, None))
    });
    let queues = if everything {
        Queue::TABS.to_vec()
    } else {
        vec![Queue::Mine, Queue::Replies]
    };
    let shown = RwSignal::new(Shown::Queue(queues[0].clone()));
    let sort = RwSignal::new(Sort::List);
    // A new list starts in its own order.
    Effect::new(move |_| {
        shown.track();
        sort.set(Sort::List);
    });
    let rows = RwSignal::new(Vec::<CaseSummary>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let generation = StoredValue::new(0u32);
    // When the list shown was read: lists come from KV and may lag writes.
    let as_of = RwSignal::new(None::<Timestamp>);
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
        let queue = actor.with_value(|a| what.queue(a.as_ref()));
        spawn_local(async move {
            let page: Result<CasePage, ApiError> = match (queue, &what) {
                (Some(queue), _) => api::queue_page(session, &queue, PAGE, after).await,
                (None, Shown::Search(text)) => api::search(session, text).await,
                (None, _) => Ok(CasePage::default()),
            };
            if generation.get_value() != gen {
                return; // Something else was asked for meanwhile.
            }
            loading.set(false);
            match page {
                Ok(page) => {
                    error.set(None);
                    cursor.set(page.cursor);
                    if !more {
                        as_of.set(Some(Timestamp::from_millis(now_ms())));
                    }
                    if more {
                        rows.update(|r| r.extend(page.items));
                    } else {
                        rows.set(page.items);
                    }
                }
                Err(e) => {
                    error.set(Some(errors::api(&e, lang)));
                    // What was asked for has no rows: never another list's.
                    if !more {
                        rows.set(Vec::new());
                        cursor.set(None);
                    }
                }
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
        Shown::Queue(queue) => text::queue(&queue, lang).unwrap_or_default().1.to_owned(),
        Shown::Stage(status) => format!(
            "{} · {}",
            labels::kind(status.kind(), lang),
            labels::stage(status, lang)
        ),
        Shown::Visits(_) => q.visits_heading.to_owned(),
        Shown::Search(s) => format!("{}: {s}", q.results),
    };
    let first_queue = StoredValue::new(queues[0].clone());

    view! {
        <section class="card case-list" aria-labelledby="case-list-title">
            <h2 id="case-list-title">{heading}</h2>
            {move || as_of.get().map(|at| view! {
                <p class="muted as-of" id="list-as-of">{q.as_of}" "{format::time(at, lang)}" · "{q.may_lag}</p>
            })}
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
                            shown.set(Shown::Queue(first_queue.get_value()));
                        }>{q.clear}</button>
                    </Show>
                </form>
            })}
            <nav class="queue-tabs" aria-label=t.lists>
                {queues.into_iter().map(|queue| {
                    let key = queue.path();
                    let label = text::queue(&queue, lang).unwrap_or_default().0;
                    let (pressed, chosen) = (queue.clone(), queue.clone());
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-queue=queue.path()
                            aria-pressed=move || (shown.get() == Shown::Queue(pressed.clone())).to_string()
                            on:click=move |_| shown.set(Shown::Queue(chosen.clone()))
                        >
                            {label}
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
            <Show when=move || error.get().is_some()>
                <p class="form-error" role="alert">{move || error.get()}</p>
            </Show>
            {move || {
                let what = shown.get();
                let list = sorted(rows.get(), sort.get());
                if list.is_empty() {
                    let empty = match what {
                        _ if loading.get() => t.loading,
                        Shown::Queue(Queue::Recent) => t.empty_recent,
                        Shown::Search(_) => q.no_results,
                        _ => t.empty,
                    };
                    return view! { <p class="muted empty">{empty}</p> }.into_any();
                }
                let cols = Columns::for_rows(&what, &list);
                view! { <CaseTable list cols sort lang now loading/> }.into_any()
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
                    let key = Queue::Stage(s).path();
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

/// A sortable column header: a button inside, `aria-sort` on the cell.
#[component]
fn Head(col: Col, label: &'static str, sort: RwSignal<Sort>, lang: Language) -> impl IntoView {
    let q = Queues::get(lang);
    let state = move || match sort.get() {
        Sort::By(c, true) if c == col => "ascending",
        Sort::By(c, false) if c == col => "descending",
        _ => "none",
    };
    view! {
        <th scope="col" class=format!("col-{}", col.key()) data-col=col.key() aria-sort=state>
            <button type="button" class="sort" title=q.sort_by on:click=move |_| {
                sort.update(|s| {
                    *s = match *s {
                        Sort::By(c, true) if c == col => Sort::By(col, false),
                        _ => Sort::By(col, true),
                    }
                })
            }>
                {label}
                <span class="sort-mark" aria-hidden="true">{move || match state() {
                    "ascending" => "▲",
                    "descending" => "▼",
                    _ => "",
                }}</span>
            </button>
        </th>
    }
}

/// The list as a dense table, scrolling inside its box on a narrow screen.
#[component]
fn CaseTable(
    list: Vec<CaseSummary>,
    cols: Columns,
    sort: RwSignal<Sort>,
    lang: Language,
    now: RwSignal<i64>,
    loading: RwSignal<bool>,
) -> impl IntoView {
    let q = Queues::get(lang);
    view! {
        <div class="table-scroll">
            <table class="queue-table" aria-busy=move || loading.get().to_string()>
                <thead>
                    <tr>
                        <Head col=Col::Case label=q.col_case sort lang/>
                        <Head col=Col::Stage label=q.col_stage sort lang/>
                        <Head col=Col::Priority label=q.col_priority sort lang/>
                        <Head col=Col::Sla label=q.col_sla sort lang/>
                        {cols.money.then(|| view! {
                            <Head col=Col::Amount label=q.col_amount sort lang/>
                            <th scope="col" class="col-payee" data-col="payee">{q.col_payee}</th>
                        })}
                        {cols.item.then(|| view! { <th scope="col" class="col-item" data-col="item">{q.col_item}</th> })}
                        {cols.waiting.then(|| view! { <Head col=Col::Waiting label=q.col_waiting sort lang/> })}
                        <Head col=Col::Owner label=q.col_owner sort lang/>
                        <Head col=Col::Customer label=q.col_customer sort lang/>
                        <Head col=Col::Age label=q.col_age sort lang/>
                    </tr>
                </thead>
                <tbody class="rows">
                    {list.into_iter().map(|case| view! { <CaseRow case cols lang now/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// One case: number, kind and title (the link), stage, priority, the SLA
/// countdown in the state the domain gives it, what an approvals or goods
/// row is about, how long it waits, owner, customer and age.
#[component]
fn CaseRow(case: CaseSummary, cols: Columns, lang: Language, now: RwSignal<i64>) -> impl IntoView {
    let t = Cases::get(lang);
    let q = Queues::get(lang);
    let due = case.sla;
    let clock = move || {
        let d = due?;
        let at = now.get();
        let state = match d.state_at(Timestamp::from_millis(at)) {
            DueState::OnTrack => "running",
            DueState::AtRisk => "at-risk",
            DueState::Breached => "breached",
        };
        Some((state, qtext::countdown(d.due.millis() - at, lang)))
    };
    let since = case.since.map(|s| s.millis());
    let created = case.created_at.millis();
    let owner = case.owner.clone();
    let owner_names = use_context::<RwSignal<crate::pages::case::people::Names>>();
    let payee = match &case.item {
        Some(RowItem::Entry { direction, .. }) => Some(match direction {
            MoneyDirection::ToCustomer => case.customer.clone(),
            MoneyDirection::FromCustomer => q.customer_pays.to_owned(),
        }),
        _ => None,
    };
    let described = case.item.as_ref().map(|i| text::row_item(i, lang));
    let (what, item) = match case.item {
        Some(RowItem::Entry { .. }) => (described, None),
        _ => (None, described),
    };
    view! {
        <tr class="row" data-case=case.id.to_string()>
            <td class="col-case">
                <a class="row-link" href=format!("/cases/{}", case.id)>
                    <span class="case-id">{case.id.to_string()}</span>
                    " "
                    <KindBadge kind=case.kind()/>
                    " "
                    <span class="case-title">{case.title}</span>
                </a>
            </td>
            <td class="col-stage">
                <span class="stage">{labels::stage(case.status, lang)}</span>
                {case.on_hold.then(|| view! { " " <span class="tag tag-hold">{t.on_hold}</span> })}
            </td>
            <td class="col-priority">
                <span class=priority_class(case.priority)>{labels::priority(case.priority, lang)}</span>
            </td>
            <td class="col-sla">
                {move || match clock() {
                    Some((state, text)) => {
                        let label = match state {
                            "breached" => Some(q.breached),
                            "at-risk" => Some(q.at_risk),
                            _ => None,
                        };
                        view! {
                            <span class=format!("clock clock-{state}") data-state=state
                                data-due=due.map(|d| d.due.millis()).unwrap_or_default().to_string()>
                                {label.map(|l| view! { <strong>{l}</strong> " " })}
                                {text}
                            </span>
                        }.into_any()
                    }
                    None => view! { <span class="muted">{q.no_clock}</span> }.into_any(),
                }}
            </td>
            {cols.money.then(|| view! {
                <td class="col-amount">
                    {case.amount.map(|m| view! { <span class="amount">{format::money(m, lang)}</span> })}
                    {what.map(|w| view! { <span class="detail">{w}</span> })}
                </td>
                <td class="col-payee">{payee}</td>
            })}
            {cols.item.then(|| view! { <td class="col-item">{item}</td> })}
            {cols.waiting.then(|| view! {
                <td class="col-waiting">
                    {move || since.map(|s| view! {
                        <span class="wait-time" data-since=s.to_string()>{qtext::age(now.get() - s, lang)}</span>
                    })}
                </td>
            })}
            <td class="col-owner">{move || match &owner_names {
                Some(n) => n.with(|n| n.name(&owner)),
                None => owner.to_string(),
            }}</td>
            <td class="col-customer customer">{case.customer}</td>
            <td class="col-age">
                <time title=format::time(case.created_at, lang)>{move || qtext::age(now.get() - created, lang)}</time>
            </td>
        </tr>
    }
}
