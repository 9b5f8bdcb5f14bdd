//! The service, goods, money and customer reports: age histograms where
//! they help, then every table.

use afterloop_domain::report::{
    AgeBucket, CustomersReport, GoodsReport, MoneyReport, Period, ReportName, ServiceReport,
    SlaTrendRow, WEEKLY_TREND_DAYS,
};
use leptos::prelude::*;

use super::tables::ReportTables;
use crate::api;
use crate::components::{Histogram, Series, TrendChart};
use crate::i18n::reports::{self as text, Reports};
use crate::i18n::Lang;
use crate::session::Session;

fn buckets(
    lang: afterloop_domain::case::Language,
    of: impl Fn(AgeBucket) -> u64,
) -> Vec<(String, f64)> {
    AgeBucket::ALL
        .into_iter()
        .map(|b| (text::age(b, lang).to_owned(), of(b) as f64))
        .collect()
}

/// The SLA trend's x labels (`MM-DD` for weeks, `YYYY-MM` for months) and
/// lines: clocks on time, late or overdue, and due ahead, every metric together.
fn sla_trend(
    s: &ServiceReport,
    lang: afterloop_domain::case::Language,
) -> (Vec<String>, Vec<Series>) {
    let t = Reports::get(lang);
    let mut parts: Vec<Period> = s.sla_trend.iter().map(|r| r.part).collect();
    parts.dedup();
    let weekly = s.period.days() <= WEEKLY_TREND_DAYS;
    let labels = parts
        .iter()
        .map(|p| {
            let (y, m, d) = p.from.ymd();
            if weekly {
                format!("{m:02}-{d:02}")
            } else {
                format!("{y}-{m:02}")
            }
        })
        .collect();
    let sum = |of: fn(&SlaTrendRow) -> u64| -> Vec<f64> {
        parts
            .iter()
            .map(|p| {
                s.sla_trend
                    .iter()
                    .filter(|r| r.part == *p)
                    .map(of)
                    .sum::<u64>() as f64
            })
            .collect()
    };
    let series = vec![
        Series {
            name: text::column("on_time", lang).into(),
            class: "series-b",
            values: sum(|r| r.counts.on_time),
        },
        Series {
            name: t.sla_breached.into(),
            class: "series-c",
            values: sum(|r| r.counts.late + r.counts.overdue),
        },
        Series {
            name: text::column("due_ahead", lang).into(),
            class: "series-a",
            values: sum(|r| r.due_ahead),
        },
    ];
    (labels, series)
}

/// The service view: the SLA trend and backlog age, then the SLA, SLA
/// trend, time to resolve and backlog tables.
#[component]
pub fn ServiceView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let report = LocalResource::new(move || {
        api::report::<ServiceReport>(session, ReportName::Service, period)
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(s) => {
                    let hist = buckets(lang, |b| s.backlog.iter().filter(|r| r.age == b).map(|r| r.cases).sum());
                    let (labels, series) = sla_trend(&s, lang);
                    view! {
                        <section class="panel chart-panel" id="sla-trend-chart">
                            <h3>{t.sla_trend}</h3>
                            <TrendChart title=t.sla_trend.to_owned() labels=labels series=series/>
                        </section>
                        <section class="panel chart-panel" id="backlog-chart">
                            <h3>{t.backlog_ages}</h3>
                            <Histogram title=t.backlog_ages.to_owned() buckets=hist/>
                        </section>
                        <ReportTables report="service" tables=s.tables() period=period/>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The goods view: units not returned by age, then the tables.
#[component]
pub fn GoodsView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let report =
        LocalResource::new(move || api::report::<GoodsReport>(session, ReportName::Goods, period));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(g) => {
                    let hist = buckets(lang, |b| g.outstanding.iter().filter(|r| r.age == b).map(|r| r.units).sum());
                    view! {
                        <section class="panel chart-panel" id="outstanding-chart">
                            <h3>{t.outstanding_ages}</h3>
                            <Histogram title=t.outstanding_ages.to_owned() buckets=hist/>
                        </section>
                        <ReportTables report="goods" tables=g.tables() period=period/>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The money view: its tables.
#[component]
pub fn MoneyView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let report =
        LocalResource::new(move || api::report::<MoneyReport>(session, ReportName::Money, period));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(m) => view! { <ReportTables report="money" tables=m.tables() period=period/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The customers view: its tables.
#[component]
pub fn CustomersView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let report = LocalResource::new(move || {
        api::report::<CustomersReport>(session, ReportName::Customers, period)
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(c) => view! { <ReportTables report="customers" tables=c.tables() period=period/> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
