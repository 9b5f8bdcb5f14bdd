//! `/reports` (managers and staff): a period (week, month or custom) and one
//! report at a time: the summary against the previous period, quality,
//! service, goods, money, customers. Charts are inline SVG, every table has
//! a CSV download, and the page prints cleanly (`style/reports.css`).
//! Other roles are told the page is not for them; the API refuses them too.

mod operations;
mod period;
mod quality;
mod sold;
mod summary;
mod tables;

use afterloop_domain::access::Role;
use afterloop_domain::report::{Period, ReportName};
use leptos::prelude::*;

use self::operations::{CustomersView, GoodsView, MoneyView, ServiceView};
use self::period::{month_of, today, PeriodPicker, Span};
use self::quality::QualityView;
use self::summary::SummaryView;
use crate::components::Lazy;
use crate::i18n::format;
use crate::i18n::reports::{self as text, Reports};
use crate::i18n::Lang;
use crate::session::Session;

/// The page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let allowed = session
        .user()
        .is_some_and(|u| matches!(u.role, Role::Manager | Role::Staff));
    if !allowed {
        return view! { <p class="muted" id="reports-refused">{t.only_staff}</p> }.into_any();
    }
    // People by name, for technicians' rows (read once; a row shows the
    // login name until it arrives).
    let people = tables::People(RwSignal::new(Default::default()));
    provide_context(people);
    leptos::task::spawn_local(async move {
        if let Ok(d) = crate::api::directory(session).await {
            people.0.set(
                d.users
                    .into_iter()
                    .map(|u| (u.name.to_string(), u.display_name))
                    .collect(),
            );
        }
    });
    let chunks = expect_context::<crate::chunks::Reports>();
    let span = RwSignal::new(Span::Month);
    let period = RwSignal::new(month_of(today()));
    let current = RwSignal::new(ReportName::Summary);
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <div class="reports">
            <header class="reports-head">
                <h1>{t.title}" · "{move || text::report(current.get(), lang)}</h1>
                <p class="print-period">
                    {move || {
                        let p = period.get();
                        format!("{} – {}", format::civil_date(p.from, lang), format::civil_date(p.to, lang))
                    }}
                </p>
                <button type="button" class="no-print" id="reports-print" on:click=print>{t.print}</button>
            </header>
            <PeriodPicker span=span period=period/>
            <nav class="report-tabs no-print" aria-label=t.title>
                {ReportName::ALL.into_iter().map(|name| view! {
                    <button
                        type="button"
                        id=format!("report-{}", name.as_str())
                        aria-pressed=move || (current.get() == name).to_string()
                        on:click=move |_| current.set(name)
                    >
                        {text::report(name, lang)}
                    </button>
                }).collect_view()}
            </nav>
            {move || {
                let p = period.get();
                match current.get() {
                    ReportName::Summary => view! { <SummaryView period=p/> }.into_any(),
                    // The others are a chunk fetched when one is first shown.
                    name => view! { <Lazy load=move || (chunks.report)(name, p)/> }.into_any(),
                }
            }}
        </div>
    }
    .into_any()
}

/// The report `name` for `period`.
pub fn report_view(name: ReportName, period: Period) -> AnyView {
    match name {
        ReportName::Summary => view! { <SummaryView period/> }.into_any(),
        ReportName::Quality => view! { <QualityView period/> }.into_any(),
        ReportName::Service => view! { <ServiceView period/> }.into_any(),
        ReportName::Goods => view! { <GoodsView period/> }.into_any(),
        ReportName::Money => view! { <MoneyView period/> }.into_any(),
        ReportName::Customers => view! { <CustomersView period/> }.into_any(),
    }
}
