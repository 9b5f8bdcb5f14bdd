//! A technician's jobs (`/jobs`, and home for technicians): every open job
//! dispatched to them, today's first, each with customer, address, visit
//! window, product and serial, by when they must be on site, and taps to call or
//! navigate, and its stage; resolved jobs apart under "Done". The list is
//! one request (`GET /api/v1/jobs`) that brings every open job with its
//! timeline and the serial's earlier cases; the service worker keeps that
//! answer, so the list and its jobs open offline.

use afterloop_domain::case::Status;
use afterloop_domain::{CaseId, Timestamp};
use leptos::prelude::*;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::api::{self, ApiError};
use crate::components::{KindBadge, OutboxBar};
use crate::i18n::jobs::JobsText;
use crate::i18n::{format, Lang};
use crate::labels;
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

/// The technician's open jobs, in one request that also brings each job's
/// timeline and the serial's earlier cases: the service worker keeps the
/// answer, so the list and every job on it open with no signal.
async fn load(session: Session) -> Result<Vec<JobView>, ApiError> {
    api::job_list(session).await
}

/// Of a technician's case (`afterloop_domain::view::TechCaseView`), what a
/// card shows: the whole view's decoder (visits, goods, files, and a
/// flattened struct's buffering) is the job page's, in its chunk.
#[derive(Debug, Clone)]
struct JobView {
    /// The case.
    case: JobCase,
    /// By when a technician must be on site, while nobody has been yet.
    on_site_by: Option<Timestamp>,
    /// From when that deadline is at risk.
    on_site_at_risk_from: Option<Timestamp>,
}

/// A [`JobView`] as the wire lists it: the case's fields beside the two
/// deadlines, in one object.
#[derive(Deserialize)]
struct JobFields {
    id: CaseId,
    status: Status,
    title: String,
    hold: Option<IgnoredAny>,
    customer: JobCustomer,
    product: JobProduct,
    dispatch: Option<JobVisit>,
    on_site_by: Option<Timestamp>,
    on_site_at_risk_from: Option<Timestamp>,
}

impl<'de> Deserialize<'de> for JobView {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = JobFields::deserialize(d)?;
        Ok(JobView {
            case: JobCase {
                id: f.id,
                status: f.status,
                title: f.title,
                on_hold: f.hold.is_some(),
                customer: f.customer,
                product: f.product,
                dispatch: f.dispatch,
            },
            on_site_by: f.on_site_by,
            on_site_at_risk_from: f.on_site_at_risk_from,
        })
    }
}

/// What a card shows of a case (`afterloop_domain::view::TechCase`).
#[derive(Debug, Clone)]
struct JobCase {
    id: CaseId,
    status: Status,
    title: String,
    /// Whether it is on hold (what for, the job page says).
    on_hold: bool,
    customer: JobCustomer,
    product: JobProduct,
    dispatch: Option<JobVisit>,
}

impl JobCase {
    fn kind(&self) -> afterloop_domain::CaseKind {
        self.status.kind()
    }
}

/// How to reach the customer.
#[derive(Debug, Clone, Deserialize)]
struct JobCustomer {
    name: String,
    phone: Option<String>,
    address: Option<String>,
}

/// The product.
#[derive(Debug, Clone, Deserialize)]
struct JobProduct {
    model: String,
    serial: Option<String>,
}

/// The booked visit's window.
#[derive(Debug, Clone, Deserialize)]
struct JobVisit {
    from: Timestamp,
    to: Timestamp,
}

/// Which section of the list a job sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Today,
    Earlier,
    Upcoming,
    Done,
}

fn section(view: &JobView, today: afterloop_domain::Date) -> Section {
    if view.case.status.is_resolution() || view.case.status.is_terminal() {
        return Section::Done;
    }
    let day = view.case.dispatch.as_ref().map(|d| {
        d.from
            .date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
    });
    match day {
        Some(d) if d == today => Section::Today,
        Some(d) if d < today => Section::Earlier,
        _ => Section::Upcoming,
    }
}

/// Today's jobs, then earlier ones still open, then upcoming ones, each by
/// window; resolved jobs last, apart.
#[component]
fn JobGroups(views: Vec<JobView>, now: RwSignal<i64>) -> impl IntoView {
    let lang = Lang::current();
    let t = JobsText::get(lang);
    let today = Timestamp::from_millis(js_sys::Date::now() as i64)
        .date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES);
    let mut groups: [(Section, &str, &str, Vec<JobView>); 4] = [
        (Section::Today, "jobs-today", t.today, Vec::new()),
        (Section::Earlier, "jobs-earlier", t.earlier, Vec::new()),
        (Section::Upcoming, "jobs-later", t.later, Vec::new()),
        (Section::Done, "jobs-done", t.done, Vec::new()),
    ];
    for v in views {
        let s = section(&v, today);
        if let Some(g) = groups.iter_mut().find(|g| g.0 == s) {
            g.3.push(v);
        }
    }
    for g in &mut groups {
        g.3.sort_by_key(|v| v.case.dispatch.as_ref().map(|d| d.from));
    }
    groups
        .into_iter()
        .filter(|g| !g.3.is_empty())
        .map(|(s, id, label, views)| {
            let n = views.len();
            view! {
                <section class="jobs-section" id=id>
                    <h2 class="jobs-day">{label}<span class="count">{n}</span></h2>
                    <ul class=if s == Section::Done { "job-list done" } else { "job-list" }>
                        {views.into_iter().map(|v| view! { <JobCard view=v now/> }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

/// One job: what a technician needs before they set off.
#[component]
fn JobCard(view: JobView, now: RwSignal<i64>) -> impl IntoView {
    let lang = Lang::current();
    let t = JobsText::get(lang);
    let case = view.case;
    let id: CaseId = case.id;
    let on_hold = case.on_hold;
    let done = case.status.is_resolution() || case.status.is_terminal();
    let window = case
        .dispatch
        .as_ref()
        .map(|d| format::window(d.from, d.to, lang));
    // By when they must be on site, counting down.
    let (on_site_by, at_risk_from) = (view.on_site_by, view.on_site_at_risk_from);
    let countdown = move || {
        on_site_by.filter(|_| !done).map(|d| {
            let now = now.get();
            let left = d.millis() - now;
            let class = if left < 0 {
                "job-due breached"
            } else if at_risk_from.is_some_and(|r| now >= r.millis()) {
                "job-due at-risk"
            } else {
                "job-due"
            };
            view! { <span class=class>{crate::i18n::jobs::on_site_in(left, lang)}</span> }
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
                    <span class="stage job-stage">{labels::stage(case.status, lang)}</span>
                    {on_hold.then(|| view! { <span class="tag job-hold">{t.on_hold}</span> })}
                    {countdown}
                </span>
                <span class="case-title">{case.title}</span>
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
