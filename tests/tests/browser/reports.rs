//! The reports page as a manager: the monthly summary shows the API's
//! figures and a trend chart, in English and Chinese, and prints without
//! the app's controls; the quality report draws Pareto charts; screenshots
//! at a desktop's 1440x900.

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::report::{day_of, Figure, FigureValue, Period, Summary};
use afterloop_domain::{Command, Date, Timestamp};
use afterloop_tests::steps::{move_to, repair_to};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, output_dir, spawn_app, unique, User, Who};

use super::{load, shot, signed_in};

/// This month (China business days), as the page's default period.
fn this_month() -> String {
    let now = Timestamp::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let (y, m, _) = day_of(now).ymd();
    let from = Date::from_ymd(y, m, 1).unwrap();
    let to = from.plus_months(1).unwrap().saturating_plus_days(-1);
    format!("from={from}&to={to}")
}

async fn figure(user: &User, figure: Figure) -> (u64, u64) {
    let s: Summary = user
        .get(&format!("/api/v1/reports/summary?{}", this_month()))
        .await
        .json()
        .await
        .unwrap();
    let f = s.figures.iter().find(|f| f.figure == figure).unwrap();
    match (&f.current, &f.previous) {
        (FigureValue::Count(a), FigureValue::Count(b)) => (*a, *b),
        other => panic!("not counts: {other:?}"),
    }
}

async fn cell(browser: &Browser, css: &str) -> u64 {
    let text = browser.wait_for_text(css, |t| !t.is_empty()).await.unwrap();
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{css}: {text:?}"))
}

#[tokio::test]
async fn a_manager_reads_the_monthly_summary_and_the_quality_charts() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    // A diagnosed, resolved repair this month: the month is not empty.
    let id = manager
        .open_with(&intake("repair", &unique("Report UI")))
        .await;
    for c in [
        Status::Repair(RepairStage::Triaged),
        Status::Repair(RepairStage::InRepair),
    ] {
        manager.ok(id, move_to(c)).await;
    }
    manager
        .ok(
            id,
            Command::Diagnose {
                root_cause: RootCause::ComponentFailure,
                failed_part: Some("IGBT module".into()),
                resolution: "Replaced.".into(),
            },
        )
        .await;
    manager.ok(id, repair_to(RepairStage::Resolved)).await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    let before = figure(&manager, Figure::CasesOpened).await;
    let link = browser.wait_for("#nav-reports").await.unwrap();
    browser.click(&link).await.unwrap();
    // Other tests open cases meanwhile: the page's count lies between the
    // API's before and after it was read.
    let opened = cell(&browser, "#fig-cases_opened .fig-current").await;
    let previous = cell(&browser, "#fig-cases_opened .fig-previous").await;
    let after = figure(&manager, Figure::CasesOpened).await;
    assert!(before.0 >= 1, "this month has the case opened above");
    assert!(
        (before.0..=after.0).contains(&opened),
        "page {opened}, API {} to {}",
        before.0,
        after.0
    );
    assert_eq!(previous, after.1, "the previous month is settled");
    let resolved = cell(&browser, "#fig-cases_resolved .fig-current").await;
    let resolved_api = figure(&manager, Figure::CasesResolved).await.0;
    assert!(resolved >= 1 && resolved <= resolved_api);
    // The trend chart: two lines over six months.
    browser.wait_for("#trend svg.chart-trend").await.unwrap();
    assert_eq!(
        browser
            .find_all("#trend polyline.chart-line")
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(!browser.find_all("#csv-summary").await.unwrap().is_empty());
    shot(&browser, "reports-summary").await;

    let tab = browser.wait_for("#report-quality").await.unwrap();
    browser.click(&tab).await.unwrap();
    browser
        .wait_for("svg.chart-pareto rect.chart-bar")
        .await
        .unwrap();
    browser
        .wait_for("#table-pareto_by_model tbody tr")
        .await
        .unwrap();
    let href = browser
        .execute(
            "return document.querySelector('#csv-pareto_by_model').getAttribute('href');",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert!(href.as_str().unwrap().starts_with("data:text/csv"));
    shot(&browser, "reports-quality").await;
    // What each batch cost, beside the failure rates.
    browser.wait_for("#table-batch_costs").await.unwrap();
    browser
        .execute(
            "document.querySelector('#table-failure_rate').scrollIntoView();",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "reports-quality-batches").await;

    let tab = browser.wait_for("#report-service").await.unwrap();
    browser.click(&tab).await.unwrap();
    browser
        .wait_for("#backlog-chart svg.chart-histogram")
        .await
        .unwrap();
    browser.wait_for("#table-sla").await.unwrap();
    // The SLA trend: on time, late or overdue, and due ahead, by week.
    browser
        .wait_for("#sla-trend-chart svg.chart-trend")
        .await
        .unwrap();
    assert_eq!(
        browser
            .find_all("#sla-trend-chart polyline.chart-line")
            .await
            .unwrap()
            .len(),
        3
    );
    browser.wait_for("#table-sla_trend tbody tr").await.unwrap();
    shot(&browser, "reports-service").await;

    // In Chinese: the summary again, in Chinese words and dates.
    let zh = browser.wait_for("#lang-zh").await.unwrap();
    browser.click(&zh).await.unwrap();
    browser
        .wait_for_text(".reports-head h1", |t| t.contains("报表"))
        .await
        .unwrap();
    browser
        .wait_for_text(".print-period", |t| t.contains('年'))
        .await
        .unwrap();
    assert_eq!(
        cell(&browser, "#fig-cases_opened .fig-previous").await,
        figure(&manager, Figure::CasesOpened).await.1
    );
    browser.wait_for("#trend svg.chart-trend").await.unwrap();
    shot(&browser, "reports-summary-zh").await;

    // Printed: the bar, the tabs and the buttons are left out; the period,
    // the figures and the chart stay.
    browser
        .cdp(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": "print" }),
        )
        .await
        .unwrap();
    for (css, shown) in [
        (".topbar", false),
        (".report-tabs", false),
        ("#reports-print", false),
        (".print-period", true),
        ("#fig-cases_opened", true),
        ("#trend", true),
    ] {
        let display = browser
            .execute(
                "return getComputedStyle(document.querySelector(arguments[0])).display;",
                serde_json::json!([css]),
            )
            .await
            .unwrap();
        assert_eq!(
            display.as_str() != Some("none"),
            shown,
            "{css} when printed"
        );
    }
    shot(&browser, "reports-summary-print").await;
    browser.quit().await;

    // Technicians get no link and are told the page is not theirs.
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Tech).await;
    assert!(browser.find_all("#nav-reports").await.unwrap().is_empty());
    load(
        &browser,
        &format!("{}/reports", app.base),
        "#reports-refused",
    )
    .await;
    browser.quit().await;
}

#[tokio::test]
async fn a_manager_enters_or_imports_units_sold_per_batch_with_errors_beside_the_fields() {
    let app = spawn_app();
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    browser
        .goto(&format!("{}/reports", app.base))
        .await
        .unwrap();
    let tab = browser.wait_for("#report-quality").await.unwrap();
    browser.click(&tab).await.unwrap();
    browser.wait_for("#sold-form").await.unwrap();

    // Not a number: said beside the units, nothing saved.
    let batch = format!("SU{}", &unique("").replace([' ', '-'], "")[..8]).to_uppercase();
    let input = browser.wait_for("#sold-batch").await.unwrap();
    browser.type_text(&input, &batch).await.unwrap();
    let input = browser.wait_for("#sold-units-input").await.unwrap();
    browser.type_text(&input, "many").await.unwrap();
    let save = browser.wait_for("#sold-save").await.unwrap();
    browser.click(&save).await.unwrap();
    browser
        .wait_for_text("#sold-units-error", |t| !t.is_empty())
        .await
        .unwrap();

    // A whole number: listed, and the API has it.
    browser
        .execute(
            "const u = document.querySelector('#sold-units-input'); u.value = ''; u.dispatchEvent(new Event('input', {bubbles: true})); return true",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    let input = browser.wait_for("#sold-units-input").await.unwrap();
    browser.type_text(&input, "1200").await.unwrap();
    let save = browser.wait_for("#sold-save").await.unwrap();
    browser.click(&save).await.unwrap();
    browser
        .wait_for_text(
            &format!("#sold-units-table tr[data-batch='{batch}']"),
            |t| t.contains("1200"),
        )
        .await
        .unwrap();
    shot(&browser, "reports-sold-units").await;
    let manager = app.sign_in(Who::Manager).await;
    let sold: afterloop_domain::report::SoldUnits = manager
        .get("/api/v1/reports/sold-units")
        .await
        .json()
        .await
        .unwrap();
    assert!(sold
        .batches
        .iter()
        .any(|b| b.batch == batch && b.units == 1200));

    // A spreadsheet's CSV file: a bad line is named and nothing changes;
    // then a good file lists its batches.
    let dir = std::env::temp_dir().join(format!("afterloop-sold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (b2, b3) = (format!("{batch}X"), format!("{batch}Y"));
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, format!("型号,批次,销量\nSUN-10K-G,{b2},12x\n")).unwrap();
    let file = browser.wait_for("#sold-file").await.unwrap();
    browser
        .type_text(&file, &bad.display().to_string())
        .await
        .unwrap();
    let said = browser
        .wait_for_text("#sold-file-errors", |t| !t.is_empty())
        .await
        .unwrap();
    assert!(said.contains("Line 2"), "{said}");
    assert!(browser
        .find_all(&format!("#sold-units-table tr[data-batch='{b2}']"))
        .await
        .unwrap()
        .is_empty());
    let good = dir.join("good.csv");
    std::fs::write(
        &good,
        format!("\u{feff}批次,销量\r\n{b2},\"3,000\"\r\n{b3},45\r\n"),
    )
    .unwrap();
    let file = browser.wait_for("#sold-file").await.unwrap();
    browser
        .type_text(&file, &good.display().to_string())
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("#sold-units-table tr[data-batch='{b2}']"), |t| {
            t.contains("3000")
        })
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("#sold-units-table tr[data-batch='{b3}']"), |t| {
            t.contains("45")
        })
        .await
        .unwrap();
    assert_eq!(
        browser
            .text(&browser.wait_for("#sold-file-errors").await.unwrap())
            .await
            .unwrap(),
        ""
    );
    shot(&browser, "reports-sold-import").await;
    let _ = std::fs::remove_dir_all(&dir);
    browser.quit().await;
}

/// How far (CSS pixels) the element reaching furthest right goes past the
/// screen, with that element; elements inside a table's scroller do not count.
const WIDEST_OUTSIDE_SCROLLERS: &str = "
    let worst = 0, what = '';
    for (const e of document.querySelectorAll('body *')) {
        if (e.closest('.table-scroll')) continue;
        const r = e.getBoundingClientRect();
        if (r.width > 0 && r.right - screen.width > worst) {
            worst = r.right - screen.width;
            what = e.tagName + '.' + e.className;
        }
    }
    return [Math.ceil(worst), what];";

/// On a phone, each report fits the screen's width: wide tables scroll
/// inside their panel, the page itself never sideways.
#[tokio::test]
async fn the_reports_fit_a_phone() {
    let app = spawn_app();
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Manager).await;
    browser
        .goto(&format!("{}/reports", app.base))
        .await
        .unwrap();
    for (tab, ready, shot) in [
        (
            "#report-summary",
            "#trend svg.chart-trend",
            "reports-summary-phone.png",
        ),
        (
            "#report-quality",
            "#table-failure_rate",
            "reports-quality-phone.png",
        ),
        (
            "#report-service",
            "#sla-trend-chart svg.chart-trend",
            "reports-service-phone.png",
        ),
    ] {
        let t = browser.wait_for(tab).await.unwrap();
        browser.click(&t).await.unwrap();
        browser.wait_for(ready).await.unwrap();
        // An emulated phone widens its layout to fit what overflows, so the
        // page's own widths cannot tell: every element's right edge is
        // measured against the screen's width instead.
        let beyond = browser
            .execute(WIDEST_OUTSIDE_SCROLLERS, serde_json::json!([]))
            .await
            .unwrap();
        assert_eq!(beyond[0].as_i64(), Some(0), "{tab}: {beyond}");
        browser.screenshot(&output_dir().join(shot)).await.unwrap();
    }
    browser.quit().await;
}

/// Today as a China business day (the reports' days).
fn today() -> Date {
    day_of(afterloop_tests::now())
}

/// A date as the English page writes it: "Nov 1, 2026".
fn en_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d) = d.ymd();
    format!("{} {d}, {y}", MONTHS[m as usize - 1])
}

/// The addresses of the page's requests to a report so far.
async fn report_requests(browser: &Browser, report: &str) -> Vec<String> {
    let v = browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
                 .filter(n => n.includes('/api/v1/reports/' + arguments[0] + '?'));",
            serde_json::json!([report]),
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

/// The month's summary is read once (the trend reuses it), and a month is
/// compared with the calendar month before it: December with 1–30
/// November, not 31 October – 30 November; "Earlier" steps by calendar
/// month too.
#[tokio::test]
async fn the_summary_is_read_once_and_a_month_is_compared_with_the_calendar_month_before() {
    let app = spawn_app();
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    load(
        &browser,
        &format!("{}/reports", app.base),
        "#trend svg.chart-trend",
    )
    .await;
    let month = Period::month_of(today());
    let before = month.previous();
    assert_eq!(before.to, month.from.saturating_plus_days(-1));
    assert_eq!(before.from.ymd().2, 1, "{before:?} starts on the 1st");

    let asked = report_requests(&browser, "summary").await;
    let this = format!("from={}&to={}", month.from, month.to);
    assert_eq!(
        asked
            .iter()
            .filter(|u| u.trim_end_matches('&').ends_with(&this))
            .count(),
        1,
        "the month's summary read once: {asked:#?}"
    );
    let mut distinct = asked.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        asked.len(),
        "no summary read twice: {asked:#?}"
    );

    let periods = browser
        .wait_for_text("#summary-periods", |t| !t.is_empty())
        .await
        .unwrap();
    let compared = format!("{} – {}", en_date(before.from), en_date(before.to));
    assert!(
        periods.ends_with(&compared),
        "{periods:?}, not {compared:?}"
    );
    shot(&browser, "reports-summary-compared").await;

    // A month back: the calendar month before, compared with the one before it.
    let earlier = browser.wait_for("#period-earlier").await.unwrap();
    browser.click(&earlier).await.unwrap();
    let two_back = before.previous();
    let wanted = format!("{} – {}", en_date(two_back.from), en_date(two_back.to));
    browser
        .wait_for_text("#summary-periods", |t| t.ends_with(&wanted))
        .await
        .unwrap();
    let from = browser
        .execute(
            "return [document.querySelector('#period-from').value, document.querySelector('#period-to').value]",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(
        from,
        serde_json::json!([before.from.to_string(), before.to.to_string()])
    );
    browser.quit().await;
}

/// The weeks of the month that have begun: the SLA trend's parts.
fn weeks_begun(month: Period, today: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut from = month.from;
    while from <= month.to && from <= today {
        out.push(from);
        from = from.saturating_plus_days(7);
    }
    out
}

/// The SLA trend shows only the weeks that have begun (no drop to zero for
/// the weeks ahead), in the chart and in its table, and every column of its
/// table lines up with its heading.
#[tokio::test]
async fn the_sla_trend_shows_only_weeks_that_have_begun_and_its_table_lines_up() {
    let app = spawn_app();
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    browser
        .goto(&format!("{}/reports", app.base))
        .await
        .unwrap();
    let tab = browser.wait_for("#report-service").await.unwrap();
    browser.click(&tab).await.unwrap();
    browser
        .wait_for("#sla-trend-chart svg.chart-trend")
        .await
        .unwrap();
    browser.wait_for("#table-sla_trend tbody tr").await.unwrap();
    let today = today();
    let weeks = weeks_begun(Period::month_of(today), today);

    let ticks = browser
        .execute(
            "return Array.from(document.querySelectorAll('#sla-trend-chart text.chart-label[text-anchor=middle]')).map(t => t.textContent);",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    let wanted: Vec<String> = weeks
        .iter()
        .map(|d| {
            let (_, m, d) = d.ymd();
            format!("{m:02}-{d:02}")
        })
        .collect();
    assert_eq!(ticks, serde_json::json!(wanted), "the chart's weeks");

    let rows = browser
        .execute(
            "return Array.from(document.querySelectorAll('#table-sla_trend tbody tr')).map(r => r.cells[0].textContent);",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    let starts: Vec<String> = serde_json::from_value(rows).unwrap();
    assert!(!starts.is_empty());
    for s in &starts {
        let d = Date::parse(s).unwrap_or_else(|_| panic!("a week's first day: {s:?}"));
        assert!(d <= today, "a week not begun is listed: {s}");
    }

    // Each heading sits over its column: same left edge and width, same alignment.
    let misaligned = browser
        .execute(
            "const t = document.querySelector('#table-sla_trend table');
             const head = Array.from(t.tHead.rows[0].cells);
             const out = [];
             for (const row of t.tBodies[0].rows) {
                 if (row.cells.length !== head.length) { out.push('a row of ' + row.cells.length + ' cells under ' + head.length + ' headings'); break; }
                 head.forEach((h, i) => {
                     const c = row.cells[i], a = h.getBoundingClientRect(), b = c.getBoundingClientRect();
                     if (Math.abs(a.left - b.left) > 1 || Math.abs(a.width - b.width) > 1) out.push(h.textContent + ': column moved');
                     if (getComputedStyle(h).textAlign !== getComputedStyle(c).textAlign) out.push(h.textContent + ': heading ' + getComputedStyle(h).textAlign + ', cells ' + getComputedStyle(c).textAlign);
                 });
             }
             return Array.from(new Set(out));",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(misaligned, serde_json::json!([]), "the SLA trend's table");
    browser
        .execute(
            "document.querySelector('#table-sla_trend').scrollIntoView(); return true",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "reports-sla-trend-table").await;
    browser.quit().await;
}

/// A resolved repair of `model` diagnosed with `cause`.
async fn diagnosed(manager: &User, model: &str, cause: RootCause) {
    let mut body = intake("repair", &unique("Pareto"));
    body["product"]["model"] = model.into();
    let id = manager.open_with(&body).await;
    for to in [RepairStage::Triaged, RepairStage::InRepair] {
        manager.ok(id, move_to(Status::Repair(to))).await;
    }
    manager
        .ok(
            id,
            Command::Diagnose {
                root_cause: cause,
                failed_part: None,
                resolution: "Checked.".into(),
            },
        )
        .await;
}

/// Every model with diagnosed cases gets its Pareto chart (six and more,
/// not the first four), and no root cause's label is cut: each reads whole
/// and none runs into its neighbour, also with all ten causes on one chart.
#[tokio::test]
async fn every_model_gets_a_pareto_chart_with_whole_labels() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let tag = unique("").replace([' ', '-'], "");
    let models: Vec<String> = (1..=6)
        .map(|i| format!("PT{i}-{}", &tag[tag.len() - 6..]).to_uppercase())
        .collect();
    for cause in RootCause::ALL {
        diagnosed(&manager, &models[0], cause).await;
    }
    for (m, cause) in models[1..].iter().zip(RootCause::ALL) {
        diagnosed(&manager, m, cause).await;
    }

    for (viewport, lang) in [(Viewport::DESKTOP, "en"), (Viewport::DESKTOP, "zh")] {
        let browser = signed_in(&app.base, viewport, Who::Manager).await;
        browser
            .goto(&format!("{}/reports", app.base))
            .await
            .unwrap();
        if lang == "zh" {
            let zh = browser.wait_for("#lang-zh").await.unwrap();
            browser.click(&zh).await.unwrap();
        }
        let tab = browser.wait_for("#report-quality").await.unwrap();
        browser.click(&tab).await.unwrap();
        browser
            .wait_for("svg.chart-pareto rect.chart-bar")
            .await
            .unwrap();
        let titles = browser
            .execute(
                "return Array.from(document.querySelectorAll('.pareto h3')).map(h => h.textContent);",
                serde_json::json!([]),
            )
            .await
            .unwrap();
        let titles: Vec<String> = serde_json::from_value(titles).unwrap();
        for m in &models {
            assert!(
                titles.iter().any(|t| t.ends_with(m.as_str())),
                "{lang}: no chart for {m}: {titles:?}"
            );
        }
        // Every label whole: its text is a root cause's full name, and
        // labels of one chart do not overlap.
        let labels = browser
            .execute(
                "return Array.from(document.querySelectorAll('svg.chart-pareto')).map(svg =>
                     Array.from(svg.querySelectorAll('text.chart-label')).map(t => {
                         const r = t.getBoundingClientRect();
                         return [t.textContent.replace(/\\s+/g, ' ').trim(), r.left, r.right, r.top, r.bottom, t.hasAttribute('transform')];
                     }));",
                serde_json::json!([]),
            )
            .await
            .unwrap();
        let language = if lang == "zh" {
            afterloop_domain::case::Language::ZhCn
        } else {
            afterloop_domain::case::Language::En
        };
        let names: Vec<String> = RootCause::ALL
            .into_iter()
            .map(|c| root_cause_name(c, language))
            .collect();
        for chart in labels.as_array().unwrap() {
            let boxes: Vec<(String, f64, f64, f64, f64, bool)> =
                serde_json::from_value(chart.clone()).unwrap();
            for (text, ..) in &boxes {
                assert!(
                    names
                        .iter()
                        .any(|n| n.split(' ').collect::<String>()
                            == text.split(' ').collect::<String>()),
                    "{lang}: a cut or unknown label {text:?}"
                );
            }
            // Side by side, labels must not meet (slanted ones are parallel
            // lines a bar apart, which their boxes cannot tell).
            for pair in boxes.windows(2).filter(|p| !p[0].5 && !p[1].5) {
                let (a, b) = (&pair[0], &pair[1]);
                let apart = a.2 <= b.1 + 0.5 || a.4 <= b.3 + 0.5 || b.4 <= a.3 + 0.5;
                assert!(apart, "{lang}: {:?} runs into {:?}", a.0, b.0);
            }
        }
        let outside = browser
            .execute(
                "const out = [];
                 for (const svg of document.querySelectorAll('svg.chart-pareto')) {
                     const s = svg.getBoundingClientRect();
                     for (const t of svg.querySelectorAll('text')) {
                         const r = t.getBoundingClientRect();
                         if (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.bottom > s.bottom + 0.5) out.push(t.textContent);
                     }
                 }
                 return out;",
                serde_json::json!([]),
            )
            .await
            .unwrap();
        assert_eq!(
            outside,
            serde_json::json!([]),
            "{lang}: text cut at the chart's edge"
        );
        browser
            .execute(
                "const c = Array.from(document.querySelectorAll('.pareto')).find(p => p.textContent.includes(arguments[0])); c.scrollIntoView(); return true",
                serde_json::json!([models[0]]),
            )
            .await
            .unwrap();
        shot(&browser, &format!("reports-pareto-{lang}")).await;
        browser.quit().await;
    }
}

/// A root cause's name as the page writes it.
fn root_cause_name(cause: RootCause, lang: afterloop_domain::case::Language) -> String {
    use afterloop_domain::case::Language::{En, ZhCn};
    let (en, zh) = match cause {
        RootCause::ComponentFailure => ("Component failure", "元器件故障"),
        RootCause::ManufacturingDefect => ("Manufacturing defect", "制造缺陷"),
        RootCause::Firmware => ("Firmware", "固件问题"),
        RootCause::Installation => ("Installation", "安装问题"),
        RootCause::Misuse => ("Misuse", "使用不当"),
        RootCause::TransportDamage => ("Transport damage", "运输损坏"),
        RootCause::Environment => ("Environment", "环境因素"),
        RootCause::NoFaultFound => ("No fault found", "未发现故障"),
        RootCause::WrongItemOrdered => ("Wrong item ordered", "订错商品"),
        RootCause::Other => ("Other", "其他"),
    };
    match lang {
        En => en.to_owned(),
        ZhCn => zh.to_owned(),
    }
}
