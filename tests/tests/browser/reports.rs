//! The reports page as a manager: the monthly summary shows the API's
//! figures and a trend chart, in English and Chinese, and prints without
//! the app's controls; the quality report draws Pareto charts; screenshots
//! at a desktop's 1440x900.

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::report::{day_of, Figure, FigureValue, Summary};
use afterloop_domain::{Command, Date, Timestamp};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, output_dir, spawn_app, unique, User, Who};

use super::sign_in;

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
        manager.ok(id, Command::Move { to: c, note: None }).await;
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
    manager
        .ok(
            id,
            Command::Move {
                to: Status::Repair(RepairStage::Resolved),
                note: None,
            },
        )
        .await;

    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    sign_in(&browser, &app.base, Who::Manager).await;
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
    browser
        .screenshot(&output_dir().join("reports-summary.png"))
        .await
        .unwrap();

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
    browser
        .screenshot(&output_dir().join("reports-quality.png"))
        .await
        .unwrap();
    // What each batch cost, beside the failure rates.
    browser.wait_for("#table-batch_costs").await.unwrap();
    browser
        .execute(
            "document.querySelector('#table-failure_rate').scrollIntoView();",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    browser
        .screenshot(&output_dir().join("reports-quality-batches.png"))
        .await
        .unwrap();

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
    browser
        .screenshot(&output_dir().join("reports-service.png"))
        .await
        .unwrap();

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
    browser
        .screenshot(&output_dir().join("reports-summary-zh.png"))
        .await
        .unwrap();

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
    browser
        .screenshot(&output_dir().join("reports-summary-print.png"))
        .await
        .unwrap();
    browser.quit().await;

    // Technicians get no link and are told the page is not theirs.
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    sign_in(&browser, &app.base, Who::Tech).await;
    assert!(browser.find_all("#nav-reports").await.unwrap().is_empty());
    browser
        .goto(&format!("{}/reports", app.base))
        .await
        .unwrap();
    browser.wait_for("#reports-refused").await.unwrap();
    browser.quit().await;
}

#[tokio::test]
async fn a_manager_enters_or_imports_units_sold_per_batch_with_errors_beside_the_fields() {
    let app = spawn_app();
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    sign_in(&browser, &app.base, Who::Manager).await;
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
    browser
        .screenshot(&output_dir().join("reports-sold-units.png"))
        .await
        .unwrap();
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
    browser
        .screenshot(&output_dir().join("reports-sold-import.png"))
        .await
        .unwrap();
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
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&browser, &app.base, Who::Manager).await;
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
