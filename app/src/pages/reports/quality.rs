//! The quality report: a Pareto chart of root causes for every model with
//! diagnosed cases (most diagnosed first), then every table.

use afterloop_domain::report::{Period, QualityReport, ReportName};
use leptos::prelude::*;

use super::sold::SoldUnitsPanel;
use super::tables::ReportTables;
use crate::api;
use crate::components::{ParetoChart, ParetoPoint};
use crate::i18n::reports::Reports;
use crate::i18n::Lang;
use crate::labels;
use crate::session::Session;

/// The quality view.
#[component]
pub fn QualityView(period: Period) -> impl IntoView {
    let session = Session::get();
    let lang = Lang::current();
    let t = Reports::get(lang);
    // A change of units sold changes the failure rates: read again.
    let version = RwSignal::new(0u32);
    let report = LocalResource::new(move || {
        version.track();
        api::report::<QualityReport>(session, ReportName::Quality, period)
    });
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || report.get().map(|r| match r {
                Ok(q) => {
                    let mut models: Vec<_> = q.pareto_by_model.iter().filter(|p| !p.bars.is_empty()).collect();
                    models.sort_by_key(|p| std::cmp::Reverse(p.diagnosed));
                    let charts = models.into_iter().map(|p| {
                        let points = p.bars.iter().map(|b| ParetoPoint {
                            label: labels::root_cause(b.root_cause, lang).to_owned(),
                            count: b.cases,
                            cumulative_pct: b.cumulative.percent().unwrap_or(0.0),
                        }).collect();
                        let title = format!("{} · {}", t.pareto, p.model);
                        view! {
                            <section class="panel chart-panel pareto">
                                <h3>{title.clone()}</h3>
                                <ParetoChart title=title points=points/>
                            </section>
                        }
                    }).collect_view();
                    view! {
                        <p class="muted">{t.pareto_note}</p>
                        <div class="chart-grid-2">{charts}</div>
                        <SoldUnitsPanel changed/>
                        <ReportTables report="quality" tables=q.tables() period=period/>
                    }.into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{crate::i18n::errors::api(&e, lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
