//! A technician's jobs (`/jobs`, and home for technicians): every open job
//! dispatched to them, today's first, each with customer, address, visit
//! window, product and serial, the SLA countdown, and taps to call or
//! navigate. Opening the list online keeps every job on the phone (the
//! service worker saves each answer), so the list and its jobs open offline.

use afterloop_domain::sla::ClockState;
use afterloop_domain::view::TechCaseView;
use afterloop_domain::{CaseId, Timestamp};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::{KindBadge, OutboxBar};
use crate::i18n::jobs::JobsText;
use crate::i18n::{format, queues as qtext, Lang};
use crate::session::Session;

/// The page.
#[component]
pub fn JobsPage() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = JobsText::get(lang);
    let jobs = LocalResource::new(move || async move { load(session).await });
    let now = RwSignal::new(js_sys::Date::now() as i64);
    set_interval(
        move || now.set(js_sys::Date::now() as i64),
        std::time::Duration::from_secs(30),
    );
    view! {
        <section class="jobs">
            <h1>{t.title}</h1>
            <OutboxBar case=None/>
            <Transition fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match jobs.await {
                        Ok(views) if views.is_empty() => view! { <p class="muted" id="jobs-none">{t.none}</p> }.into_any(),
                        Ok(views) => view! { <JobGroups views now/> }.into_any(),
                        Err(ApiError::Network) => view! { <p class="form-error" role="alert">{t.not_saved}</p> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The technician's open jobs, each read in full (and so kept for offline).
async fn load(session: Session) -> Result<Vec<TechCaseView>, ApiError> {
    let me = session
        .user()
        .map(|u| u.name)
        .ok_or_else(|| ApiError::local("unauthorized", "Sign in."))?;
    let page = api::queue_page(session, &format!("tech/{me}"), 100, None).await?;
    // Read in parallel; each answer is kept on the phone by the service worker.
    let reads = page.items.iter().map(|row| api::get_job(session, row.id));
    let mut views = Vec::new();
    for result in futures_util::future::join_all(reads).await {
        match result {
            Ok(view) => views.push(view),
            // Offline and never opened on this phone: left out, not an error.
            Err(ApiError::Network) => continue,
            Err(e) => return Err(e),
        }
    }
    // Keep each job's timeline and the serial's history on the phone too.
    for row in page.items {
        let id = row.id;
        spawn_local(async move {
            let _ = api::get_events(session, id).await;
            let _ = api::history(session, id).await;
        });
    }
    Ok(views)
}

/// Today's jobs, then earlier open ones, then later ones, each by window.
#[component]
fn JobGroups(views: Vec<TechCaseView>, now: RwSignal<i64>) -> impl IntoView {
    let lang = Lang::current();
    let t = JobsText::get(lang);
    let today = Timestamp::from_millis(js_sys::Date::now() as i64)
        .date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES);
    let mut groups: [(&str, &str, Vec<TechCaseView>); 3] = [
        ("jobs-today", t.today, Vec::new()),
        ("jobs-earlier", t.earlier, Vec::new()),
        ("jobs-later", t.later, Vec::new()),
    ];
    for v in views {
        let day = v.case.dispatch.as_ref().map(|d| {
            d.from
                .date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
        });
        let slot = match day {
            Some(d) if d == today => 0,
            Some(d) if d < today => 1,
            _ => 2,
        };
        groups[slot].2.push(v);
    }
    groups
        .into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(id, label, views)| {
            view! {
                <h2 class="jobs-day" id=id>{label}</h2>
                <ul class="job-list">
                    {views.into_iter().map(|v| view! { <JobCard view=v now/> }).collect_view()}
                </ul>
            }
        })
        .collect_view()
}

/// One job: what a technician needs before they set off.
#[component]
fn JobCard(view: TechCaseView, now: RwSignal<i64>) -> impl IntoView {
    let lang = Lang::current();
    let t = JobsText::get(lang);
    let case = view.case;
    let id: CaseId = case.id;
    let window = case
        .dispatch
        .as_ref()
        .map(|d| format::window(d.from, d.to, lang));
    // The next promise still open, counting down.
    let next_deadline = view
        .sla
        .iter()
        .filter(|c| !matches!(c.state, ClockState::Met { .. }))
        .filter_map(|c| c.deadline)
        .min();
    let countdown = move || {
        next_deadline.map(|d| {
            let left = d.millis() - now.get();
            let class = if left < 0 {
                "job-due breached"
            } else if left < 3_600_000 {
                "job-due at-risk"
            } else {
                "job-due"
            };
            view! { <span class=class>{qtext::countdown(left, lang)}</span> }
        })
    };
    let phone = case.customer.phone.clone();
    let address = case.customer.address.clone();
    let product = match &case.product.serial {
        Some(s) => format!("{} · {s}", case.product.model),
        None => case.product.model.clone(),
    };
    view! {
        <li class="job-card" data-case=id.to_string()>
            <a class="job-link" href=format!("/jobs/{id}")>
                <span class="row-head">
                    <span class="case-id">{id.to_string()}</span>
                    <KindBadge kind=case.kind()/>
                    {countdown}
                </span>
                <span class="case-title">{case.title.as_ref().to_owned()}</span>
                <span class="job-customer">{case.customer.name.clone()}</span>
                {address.clone().map(|a| view! { <span class="job-address">{a}</span> })}
                {window.map(|w| view! { <span class="job-window">{t.window}": "{w}</span> })}
                <span class="job-product">{product}</span>
            </a>
            <span class="job-taps">
                {phone.map(|p| view! {
                    <a class="tap call" href=format!("tel:{}", p.replace(' ', ""))>{t.call}</a>
                })}
                {address.map(|a| view! {
                    <a class="tap navigate" href=format!("geo:0,0?q={}", String::from(js_sys::encode_uri_component(&a)))>{t.navigate}</a>
                })}
            </span>
        </li>
    }
}
