//! One job on site (`/jobs/AL-1001`), phone first: the customer and where
//! to go, check in and out, then everything recorded on the visit (notes,
//! photos, parts, diagnosis, the customer's signature, resolution), each
//! kept in the outbox and sent when the signal allows; the case's history
//! and the serial's earlier cases below. Reads come from the network or,
//! offline, from what the service worker saved.

mod record;

use afterloop_domain::view::TechCaseView;
use afterloop_domain::wire::{CasePage, Timeline};
use afterloop_domain::{CaseId, Command};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::{KindBadge, OutboxBar};
use crate::i18n::jobs::{JobText, JobsText};
use crate::i18n::{errors, format, timeline, Lang};
use crate::labels;
use crate::offline::{Gist, Outbox, Payload, Sending};
use crate::session::Session;

/// An entry that arrived this much later than it was recorded says so.
const LATE_MS: i64 = 2 * 60_000;

/// The page.
#[component]
pub fn JobPage() -> impl IntoView {
    let session = Session::get();
    let outbox = Outbox::get();
    let lang = Lang::current();
    let t = JobText::get(lang);
    let params = use_params_map();
    let id = Memo::new(move |_| {
        CaseId::parse(&params.read().get("id").unwrap_or_default()).map_err(|e| e.to_string())
    });
    // Shown again whenever the outbox delivers something.
    crate::fresh::forget();
    let loaded = LocalResource::new(move || {
        outbox.sent_count();
        let id = id.get();
        async move {
            let id = id.map_err(|m| ApiError::local("invalid_case_id", m))?;
            load(session, id).await
        }
    });
    view! {
        <p class="back"><a href="/jobs">{t.back}</a></p>
        <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok((view, timeline, earlier)) => view! { <Job view timeline earlier/> }.into_any(),
                    Err(e) => view! {
                        <section class="card">
                            <h1>{t.unavailable}</h1>
                            <p class="form-error" role="alert">{match &e {
                                // A job the technician may no longer read was reassigned.
                                ApiError::Rejected(b) if b.error == "forbidden" => errors::api(
                                    &ApiError::local("not_your_case", b.message.clone()),
                                    lang,
                                ),
                                other => errors::api(other, lang),
                            }}</p>
                        </section>
                        {id.get().ok().map(|c| view! { <OutboxBar case=Some(c)/> })}
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// The job, its timeline and the serial's earlier cases: from the network,
/// or with no signal from what the phone kept (the job list's one answer,
/// `GET /api/v1/jobs`, which the service worker saved).
/// After the outbox sent something, its answer as applied (no request;
/// see `crate::fresh`); the network's reads are never older than the
/// newest version of the job this phone was shown.
async fn load(session: Session, id: CaseId) -> Result<crate::fresh::JobState, ApiError> {
    if let Some(state) = crate::fresh::job_answered(id) {
        return Ok(state);
    }
    let at = crate::fresh::seen_case(id);
    match api::read_case::<TechCaseView>(session, id, "", at).await {
        Ok(view) => {
            let (timeline, earlier) = futures_util::future::join(
                api::read_case::<Timeline>(session, id, "/events", at),
                api::history(session, id),
            )
            .await;
            let state = (view, timeline, earlier);
            crate::fresh::job_read(&state);
            Ok(state)
        }
        Err(ApiError::Network) => {
            let kept = api::jobs(session).await?;
            let job = kept
                .jobs
                .into_iter()
                .find(|j| j.case.case.id == id)
                .ok_or(ApiError::Network)?;
            Ok((
                job.case,
                Ok(Timeline { events: job.events }),
                Ok(CasePage {
                    items: job.earlier,
                    cursor: None,
                }),
            ))
        }
        Err(e) => Err(e),
    }
}

#[component]
fn Job(
    view: TechCaseView,
    timeline: Result<Timeline, ApiError>,
    earlier: Result<CasePage, ApiError>,
) -> impl IntoView {
    let lang = Lang::current();
    let t = JobText::get(lang);
    // The technician knows themselves by their own name; others by handle.
    let me = Session::get().user();
    let me_by_name = move |u: &afterloop_domain::UserId| match &me {
        Some(info) if &info.name == u && !info.display_name.trim().is_empty() => {
            info.display_name.clone()
        }
        _ => u.to_string(),
    };
    let tj = JobsText::get(lang);
    let TechCaseView {
        case, on_site_by, ..
    } = view;
    let id = case.id;
    let window = case
        .dispatch
        .as_ref()
        .map(|d| format::window(d.from, d.to, lang));
    let phone = case.customer.phone.clone();
    let address = case.customer.address.clone();
    let serial = case.product.serial.clone();
    let on_site_server = case.visits.last().is_some_and(|v| v.checked_out.is_none());
    let visits = case.visits.clone();
    view! {
        <article class="job" data-case=id.to_string()>
            <header class="card job-head">
                <h1>
                    <span class="case-id">{id.to_string()}</span>
                    <KindBadge kind=case.kind()/>
                    <span class="stage" id="job-stage">{labels::stage(case.status, lang)}</span>
                </h1>
                <p class="case-title">{case.title.as_ref().to_owned()}</p>
                {case.hold.as_ref().map(|h| view! {
                    <p class="tag job-hold" id="job-head-hold">{t.on_hold}": "{h.reason.clone()}</p>
                })}
                {on_site_by.map(|by| view! {
                    <p class="job-due" class:breached=by.millis() < js_sys::Date::now() as i64 id="job-on-site-by">
                        {t.on_site_by}" "{format::time(by, lang)}
                    </p>
                })}
                <dl class="job-facts">
                    <dt>{tj.window}</dt><dd>{window.unwrap_or_default()}</dd>
                    <dt>{t.address}</dt>
                    <dd>{address.clone().unwrap_or_else(|| t.no_address.to_owned())}</dd>
                    <dt>{t.product}</dt>
                    <dd>{case.product.model.clone()}{serial.clone().map(|s| format!(" · {s}"))}</dd>
                </dl>
                <p class="job-customer">{case.customer.name.clone()}</p>
                <div class="job-taps">
                    {phone.map(|p| view! {
                        <a class="tap call" href=format!("tel:{}", p.replace(' ', ""))>{tj.call}" "{p.clone()}</a>
                    })}
                    {address.map(|a| view! {
                        <a class="tap navigate" href=format!("geo:0,0?q={}", String::from(js_sys::encode_uri_component(&a)))>{tj.navigate}</a>
                    })}
                </div>
            </header>
            <VisitCard id on_site_server visits/>
            <OutboxBar case=Some(id)/>
            <record::Recorder case=case.clone()/>
            <section class="card job-history">
                <h2>{t.history}</h2>
                <h3>{t.previous}</h3>
                {match earlier {
                    Ok(page) if !page.items.is_empty() => view! {
                        <ul class="previous" id="previous-cases">
                            {page.items.into_iter().map(|row| view! {
                                <li>
                                    <span class="case-id">{row.id.to_string()}</span>" "
                                    <span class="stage">{labels::stage(row.status, lang)}</span>" · "
                                    {row.title}" · "{format::date(row.created_at, lang)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok(_) => view! { <p class="muted" id="previous-cases">{t.no_previous}</p> }.into_any(),
                    Err(e) => view! { <p class="muted">{errors::api(&e, lang)}</p> }.into_any(),
                }}
                <ol class="timeline" id="job-timeline">
                    {timeline.ok().map(|tl| tl.events.into_iter().rev().map(|e| {
                        // When it was done on the phone; when it arrived, if much later.
                        let happened = e.happened_at();
                        let late = (e.at.millis() - happened.millis() >= LATE_MS)
                            .then(|| format!(" · {} {}", t.sent_at, format::time(e.at, lang)));
                        view! {
                            <li data-at=happened.millis().to_string() data-seq=e.seq.to_string()>
                                <span class="when">{format::time(happened, lang)}</span>" "
                                <span class="what">{timeline::describe_named(&e.change, e.role, &me_by_name, lang)}</span>
                                {late.map(|l| view! { <span class="sent-later">{l}</span> })}
                            </li>
                        }
                    }).collect_view())}
                </ol>
            </section>
        </article>
    }
}

/// Check in and out. Whether the technician is on site counts what the
/// server knows and what waits in the outbox, so it is right offline too.
#[component]
fn VisitCard(
    id: CaseId,
    on_site_server: bool,
    visits: Vec<afterloop_domain::flow::info::Visit>,
) -> impl IntoView {
    let outbox = Outbox::get();
    let lang = Lang::current();
    let t = JobText::get(lang);
    let share = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_site = move || {
        outbox
            .items(Some(id))
            .iter()
            .filter(|i| i.sending == Sending::Waiting)
            .fold(on_site_server, |on, i| match &i.payload {
                Payload::Command { command } => match command.gist() {
                    Gist::CheckIn { .. } => true,
                    Gist::CheckOut { .. } => false,
                    _ => on,
                },
                Payload::Upload { .. } => on,
            })
    };
    let toggle = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let arriving = !on_site();
        leptos::task::spawn_local(async move {
            let location = if share.get_untracked() {
                crate::offline::place::here().await
            } else {
                None
            };
            let at = afterloop_domain::Timestamp::from_millis(js_sys::Date::now() as i64);
            let command = if arriving {
                Command::CheckIn { at, location }
            } else {
                Command::CheckOut { at, location }
            };
            let recorded = match Payload::command(&command) {
                Ok(payload) => outbox.record(id, payload, None).await,
                Err(e) => Err(e),
            };
            if let Err(e) = recorded {
                error.set(Some(e));
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card visit">
            <h2>{t.visit}</h2>
            <ul class="visits">
                {visits.into_iter().map(|v| view! {
                    <li>
                        {t.checked_in_at}": "{format::time(v.checked_in, lang)}
                        {v.checked_out.map(|o| format!(" · {}: {}", t.checked_out_at, format::time(o, lang)))}
                    </li>
                }).collect_view()}
            </ul>
            {move || on_site().then(|| view! { <p class="tag on-site" id="on-site">{t.on_site}</p> })}
            <label class="check">
                <input type="checkbox" prop:checked=share on:change=move |_| share.update(|s| *s = !*s)/>
                {t.share_location}
            </label>
            <button type="button" class="big" id="visit-toggle" disabled=move || busy.get() on:click=toggle>
                {move || if on_site() { t.check_out } else { t.check_in }}
            </button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
    }
}
