//! The summary of a period against the one before: key figures with their
//! change, and cases opened and resolved over the last six periods.

use afterloop_domain::case::Language;
use afterloop_domain::report::{FigureValue, Period, ReportName, Summary};
use futures_util::future::join_all;
use leptos::prelude::*;

use super::period::{step, Span};
use super::tables::CsvLinks;
use crate::api;
use crate::components::{Series, TrendChart};
use crate::i18n::reports::{self as text, Reports};
use crate::i18n::{format, Lang};
use crate::session::Session;

/// A figure's value for people.
fn shown(value: &FigureValue, lang: Language) -> String {
    match value {
        FigureValue::Count(n) => n.to_string(),
        FigureValue::Share(s) => s.percent().map_or("–".into(), |p| format!("{p:.1} %")),
        FigureValue::DurationMs(ms) => ms.map_or("–".into(), |ms| {
            format!("{:.1} h", ms as f64 / 3_600_000.0)
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
fn change(now: &FigureValue, before: &FigureValue) -> String {
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
            (Some(a), Some(b)) => signed(a - b, " pp"),
            _ => String::new(),
        },
        (FigureValue::DurationMs(Some(a)), FigureValue::DurationMs(Some(b))) => {
            signed((a - b) as f64 / 3_600_000.0, " h")
        }
        (FigureValue::Score(Some(a)), FigureValue::Score(Some(b))) => signed(a - b, ""),
        _ => String::new(),
    }
}

fn count(summary: &Summary, figure: afterloop_domain::report::Figure) -> f64 {
    summary
        .figures
        .iter()
        .find(|f| f.figure == figure)
        .and_then(|f| match f.current {
            FigureValue::Count(n) => Some(n as f64),
            _ => None,
        })
        .unwrap_or(0.0)
}

/// The summary view.
#[component]
pub fn SummaryView(period: Period, span: Span) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    let summary =
        LocalResource::new(move || api::report::<Summary>(session, ReportName::Summary, period));
    let trend = LocalResource::new(move || async move {
        let periods: Vec<Period> = (0..6).rev().map(|k| step(span, period, -k)).collect();
        let answers = join_all(
            periods
                .iter()
                .map(|p| api::report::<Summary>(session, ReportName::Summary, *p)),
        )
        .await;
        answers.into_iter().collect::<Result<Vec<_>, _>>()
    });
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || summary.get().map(|r| match r {
                Ok(s) => {
                    let tables = s.tables();
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
                                                <td class="num fig-change">{change(&f.current, &f.previous)}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        </section>
                        <CsvLinks report="summary" tables=tables period=period/>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || trend.get().and_then(|r| r.ok()).map(|list| {
                let labels = list.iter().map(|s| {
                    let (_, m, d) = s.period.from.ymd();
                    format!("{m:02}-{d:02}")
                }).collect();
                let series = vec![
                    Series { name: t.opened.into(), class: "series-a", values: list.iter().map(|s| count(s, afterloop_domain::report::Figure::CasesOpened)).collect() },
                    Series { name: t.resolved.into(), class: "series-b", values: list.iter().map(|s| count(s, afterloop_domain::report::Figure::CasesResolved)).collect() },
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
