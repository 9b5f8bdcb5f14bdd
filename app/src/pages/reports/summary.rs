//! The summary of a period against the one before ([`Period::previous`]):
//! key figures with their change, and cases opened and resolved over the
//! last six periods. The period's summary is read once.

use afterloop_domain::case::Language;
use afterloop_domain::report::{Figure, FigureValue, Period, ReportName, Summary};
use futures_util::future::join_all;
use leptos::prelude::*;

use super::tables::CsvLinks;
use crate::api;
use crate::components::{Series, TrendChart};
use crate::i18n::reports::{self as text, Reports};
use crate::i18n::{format, Lang};
use crate::session::Session;

/// A figure's value for people.
fn shown(value: &FigureValue, lang: Language) -> String {
    let t = Reports::get(lang);
    match value {
        FigureValue::Count(n) => n.to_string(),
        FigureValue::Share(s) => s.percent().map_or("–".into(), |p| format!("{p:.1} %")),
        FigureValue::DurationMs(ms) => ms.map_or("–".into(), |ms| {
            format!("{:.1}{}", ms as f64 / 3_600_000.0, t.hours_unit)
        }),
        FigureValue::Score(s) => s.map_or("–".into(), |s| format!("{s:.2}")),
        FigureValue::Money(list) if list.is_empty() => "0".into(),
        FigureValue::Money(list) => list
            .iter()
            .map(|m| format::money(*m, lang))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// The change from `before` to `now`, where a difference means something.
fn change(now: &FigureValue, before: &FigureValue, lang: Language) -> String {
    let t = Reports::get(lang);
    let signed = |d: f64, unit: &str| {
        if d.abs() < 0.05 {
            "±0".to_owned()
        } else {
            format!("{d:+.1}{unit}")
        }
    };
    match (now, before) {
        (FigureValue::Count(a), FigureValue::Count(b)) => format!("{:+}", *a as i64 - *b as i64),
        (FigureValue::Share(a), FigureValue::Share(b)) => match (a.percent(), b.percent()) {
            (Some(a), Some(b)) => signed(a - b, t.points_unit),
            _ => String::new(),
        },
        (FigureValue::DurationMs(Some(a)), FigureValue::DurationMs(Some(b))) => {
            signed((a - b) as f64 / 3_600_000.0, t.hours_unit)
        }
        (FigureValue::Score(Some(a)), FigureValue::Score(Some(b))) => signed(a - b, ""),
        _ => String::new(),
    }
}

fn count(value: &FigureValue) -> f64 {
    match value {
        FigureValue::Count(n) => *n as f64,
        _ => 0.0,
    }
}

/// (the period, cases opened, cases resolved) of a summary's period and of
/// the one it is compared with, oldest first.
fn both_periods(summary: &Summary) -> [(Period, f64, f64); 2] {
    let of = |figure: Figure| {
        summary
            .figures
            .iter()
            .find(|f| f.figure == figure)
            .map_or((0.0, 0.0), |f| (count(&f.current), count(&f.previous)))
    };
    let (opened, opened_before) = of(Figure::CasesOpened);
    let (resolved, resolved_before) = of(Figure::CasesResolved);
    [
        (summary.previous_period, opened_before, resolved_before),
        (summary.period, opened, resolved),
    ]
}

/// How many periods the trend shows.
const TREND_PERIODS: i32 = 6;

/// The summary view: the period's summary is read once; the trend adds
/// the summaries of two and four periods back, each of which brings the
/// period before it too (six periods in three requests).
#[component]
pub fn SummaryView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let summary =
        LocalResource::new(move || api::report::<Summary>(session, ReportName::Summary, period));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || summary.get().map(|r| match r {
                Ok(s) => {
                    let tables = s.tables();
                    let recent = both_periods(&s);
                    view! {
                        <section class="panel summary" id="summary">
                            <h2>{text::table("summary", lang)}</h2>
                            <p class="muted" id="summary-periods">
                                {format::civil_date(s.period.from, lang)}" – "{format::civil_date(s.period.to, lang)}
                                " " {t.compared_with} " "
                                {format::civil_date(s.previous_period.from, lang)}" – "{format::civil_date(s.previous_period.to, lang)}
                            </p>
                            <div class="table-scroll">
                            <table class="data figures">
                                <thead><tr>
                                    <th>{t.figure}</th><th class="num">{t.this_period}</th>
                                    <th class="num">{t.previous_period}</th><th class="num">{t.change}</th>
                                </tr></thead>
                                <tbody>
                                    {s.figures.iter().map(|f| {
                                        let id = format!("fig-{}", serde_json::to_value(f.figure).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default());
                                        view! {
                                            <tr id=id>
                                                <th scope="row">{text::figure(f.figure, lang)}</th>
                                                <td class="num fig-current">{shown(&f.current, lang)}</td>
                                                <td class="num fig-previous">{shown(&f.previous, lang)}</td>
                                                <td class="num fig-change">{change(&f.current, &f.previous, lang)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        </section>
                        <CsvLinks report="summary" tables=tables period=period/>
                        <SummaryTrend period=period recent=recent/>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// A period's label on the trend's axis: `2026-11` for a calendar month,
/// `11-23` (its first day) otherwise.
fn axis_label(p: Period) -> String {
    let (y, m, d) = p.from.ymd();
    if p.whole_months() == Some(1) {
        format!("{y}-{m:02}")
    } else {
        format!("{m:02}-{d:02}")
    }
}

/// Cases opened and resolved over the last six periods: `recent` holds the
/// last two (from the summary already read); the four before come from the
/// summaries of two and four periods back.
#[component]
fn SummaryTrend(period: Period, recent: [(Period, f64, f64); 2]) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let earlier = LocalResource::new(move || async move {
        let backs: Vec<Period> = (1..TREND_PERIODS / 2)
            .rev()
            .map(|k| period.shifted(-2 * k))
            .collect();
        let answers = join_all(
            backs
                .iter()
                .map(|p| api::report::<Summary>(session, ReportName::Summary, *p)),
        )
        .await;
        answers.into_iter().collect::<Result<Vec<_>, _>>()
    });
    view! {
        <Suspense fallback=|| ()>
            {move || earlier.get().and_then(|r| r.ok()).map(|list| {
                let points: Vec<(Period, f64, f64)> = list
                    .iter()
                    .flat_map(both_periods)
                    .chain(recent)
                    .collect();
                let labels = points.iter().map(|(p, _, _)| axis_label(*p)).collect();
                let series = vec![
                    Series { name: t.opened.into(), class: "series-a", values: points.iter().map(|p| p.1).collect() },
                    Series { name: t.resolved.into(), class: "series-b", values: points.iter().map(|p| p.2).collect() },
                ];
                view! {
                    <section class="panel chart-panel" id="trend">
                        <h3>{t.trend}</h3>
                        <TrendChart title=t.trend.to_owned() labels=labels series=series/>
                    </section>
                }
            })}
        </Suspense>
    }
}
