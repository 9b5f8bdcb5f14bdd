//! The back office's work list as a dense sortable table with intake one
//! button away; a manager's approvals row; the sales rep's home; a quote
//! accepted on the customer's link.

use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::flow::quote::QuoteState;
use afterloop_domain::{CaseId, Command, Currency, Money};
use afterloop_tests::steps::request_money;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, spawn_app, unique, User, Who};
use serde_json::{json, Value};

use super::{load, shot, signed_in};

async fn js(browser: &Browser, script: &str) -> Value {
    browser.execute(script, json!([])).await.unwrap()
}

async fn to_chinese(browser: &Browser) {
    let zh = browser.wait_for("#lang-zh").await.unwrap();
    browser.click(&zh).await.unwrap();
    browser.wait_for_text("html", |_| true).await.unwrap();
    for _ in 0..50 {
        if js(browser, "return document.documentElement.lang").await == "zh-CN" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// No element makes the page wider than the screen.
async fn assert_no_overflow(browser: &Browser) {
    let overflow = js(
        browser,
        "return document.documentElement.scrollWidth - window.innerWidth",
    )
    .await;
    assert_eq!(overflow.as_i64(), Some(0), "no horizontal scrolling");
}

/// On a desktop every column of the table `css` is in view: the table
/// scrolls neither itself nor the page sideways.
async fn assert_table_fits(browser: &Browser, css: &str) {
    let fit = browser
        .execute(
            "const t = document.querySelector(arguments[0]); const box = t.parentElement; \
             const cols = [...t.querySelectorAll('thead th')].map(th => th.getBoundingClientRect()); \
             return { page: Math.max(0, document.documentElement.scrollWidth - window.innerWidth), \
                      inner: box.scrollWidth - box.clientWidth, \
                      cut: cols.filter(r => r.right > window.innerWidth + 0.5 || r.width < 40).length };",
            json!([css]),
        )
        .await
        .unwrap();
    assert_eq!(
        fit,
        json!({ "page": 0, "inner": 0, "cut": 0 }),
        "every column of {css} in view"
    );
}

/// The rows' values of one column, top to bottom.
async fn column(browser: &Browser, col: &str) -> Vec<String> {
    let v = browser
        .execute(
            "return [...document.querySelectorAll('.case-list tbody tr.row')].map(r => r.querySelector('.col-' + arguments[0]).dataset.sort || r.querySelector('.col-' + arguments[0]).textContent.trim());",
            json!([col]),
        )
        .await
        .unwrap();
    serde_json::from_value(v).unwrap()
}

async fn aria_sort(browser: &Browser, col: &str) -> String {
    browser
        .execute(
            "return document.querySelector(`th[data-col=${arguments[0]}]`).getAttribute('aria-sort')",
            json!([col]),
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn wait_sort(browser: &Browser, col: &str, want: &str) {
    for _ in 0..50 {
        if aria_sort(browser, col).await == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{col} never sorted {want}");
}

fn rank(priority_class: &str) -> u8 {
    ["urgent", "high", "normal", "low"]
        .iter()
        .position(|p| priority_class.contains(p))
        .unwrap_or(9) as u8
}

#[tokio::test]
async fn the_work_list_is_a_sortable_table_using_the_width_with_intake_one_button_away() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for (priority, title) in [
        ("low", "Table low"),
        ("urgent", "Table urgent"),
        ("high", "Table high"),
    ] {
        let mut body = intake("repair", &unique(title));
        body["priority"] = priority.into();
        staff.open_with(&body).await;
    }
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    load(
        &browser,
        &app.base,
        ".case-list table.queue-table tbody tr.row",
    )
    .await;

    // The columns staff decide by.
    let cols: Vec<String> = serde_json::from_value(
        js(&browser, "return [...document.querySelectorAll('.queue-table thead th')].map(t => t.dataset.col)").await,
    )
    .unwrap();
    for want in [
        "case", "stage", "priority", "sla", "owner", "customer", "age",
    ] {
        assert!(cols.iter().any(|c| c == want), "column {want}: {cols:?}");
    }
    // The list is the page: no form beside it, and it uses the width.
    assert!(
        browser.find_all("form.new-case").await.unwrap().is_empty(),
        "intake is not always open"
    );
    let width = js(
        &browser,
        "return document.querySelector('.case-list').getBoundingClientRect().width",
    )
    .await;
    assert!(
        width.as_f64().unwrap() >= 1300.0,
        "the list uses the desktop's width: {width}"
    );
    let sla = js(
        &browser,
        "return document.querySelectorAll('.case-list .col-sla .clock[data-state]').length",
    )
    .await;
    assert!(sla.as_i64().unwrap() >= 3, "SLA due on open cases: {sla}");
    shot(&browser, "worklist-table-desktop-en").await;

    // Sorting by priority, by click; the header says how it is sorted.
    assert_eq!(aria_sort(&browser, "priority").await, "none");
    let head = browser
        .wait_for("th[data-col=priority] button.sort")
        .await
        .unwrap();
    browser.click(&head).await.unwrap();
    wait_sort(&browser, "priority", "ascending").await;
    let classes: Vec<String> = serde_json::from_value(
        js(&browser, "return [...document.querySelectorAll('.case-list tbody tr.row .col-priority .tag')].map(t => t.className)").await,
    )
    .unwrap();
    let ranks: Vec<u8> = classes.iter().map(|c| rank(c)).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "urgent first: {ranks:?}"
    );
    browser.click(&head).await.unwrap();
    wait_sort(&browser, "priority", "descending").await;
    let classes: Vec<String> = serde_json::from_value(
        js(&browser, "return [...document.querySelectorAll('.case-list tbody tr.row .col-priority .tag')].map(t => t.className)").await,
    )
    .unwrap();
    let ranks: Vec<u8> = classes.iter().map(|c| rank(c)).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] >= w[1]),
        "low first: {ranks:?}"
    );

    // By keyboard: Enter on the customer header sorts by customer.
    let customer = browser
        .wait_for("th[data-col=customer] button.sort")
        .await
        .unwrap();
    browser.type_text(&customer, "\u{E007}").await.unwrap();
    wait_sort(&browser, "customer", "ascending").await;
    assert_eq!(aria_sort(&browser, "priority").await, "none");
    let names = column(&browser, "customer").await;
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "customers A to Z");

    // Intake is one button away, and closes again.
    let open = browser.wait_for("#new-case-open").await.unwrap();
    browser.click(&open).await.unwrap();
    browser
        .wait_for("#intake-panel form.new-case")
        .await
        .unwrap();
    shot(&browser, "worklist-intake-desktop-en").await;
    let close = browser.wait_for("#new-case-close").await.unwrap();
    browser.click(&close).await.unwrap();
    for _ in 0..50 {
        if browser.find_all("form.new-case").await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(browser.find_all("form.new-case").await.unwrap().is_empty());

    to_chinese(&browser).await;
    browser
        .wait_for_text("th[data-col=sla]", |t| t.contains("时限"))
        .await
        .unwrap();
    shot(&browser, "worklist-table-desktop-zh").await;
    browser.quit().await;

    // On a phone the table scrolls inside its box; the page does not.
    let phone = signed_in(&app.base, Viewport::PHONE, Who::Staff).await;
    load(&phone, &app.base, ".case-list tbody tr.row").await;
    assert_no_overflow(&phone).await;
    shot(&phone, "worklist-table-phone-en").await;
    to_chinese(&phone).await;
    phone
        .wait_for_text("th[data-col=sla]", |t| t.contains("时限"))
        .await
        .unwrap();
    assert_no_overflow(&phone).await;
    shot(&phone, "worklist-table-phone-zh").await;
    phone.quit().await;
}

#[tokio::test]
async fn a_managers_approvals_row_shows_amount_payee_and_waiting_time() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let customer = unique("Payee Co.");
    let mut body = intake("refund", &unique("Refund above the staff limit"));
    body["customer"]["name"] = customer.clone().into();
    let id = staff.open_with(&body).await;
    staff
        .ok(
            id,
            request_money(EntryKind::Refund, 345_600, "Price protection"),
        )
        .await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    browser.goto(&app.base).await.unwrap();
    let tab = browser
        .wait_for("button.tab[data-queue=approvals]")
        .await
        .unwrap();
    browser.click(&tab).await.unwrap();
    let row = format!(".case-list tr.row[data-case='{id}']");
    browser.wait_for(&row).await.unwrap();
    let amount = browser
        .wait_for_text(&format!("{row} .col-amount .amount"), |t| !t.is_empty())
        .await
        .unwrap();
    assert!(
        amount.contains("3,456.00"),
        "the amount in the row: {amount}"
    );
    let payee = browser
        .wait_for_text(&format!("{row} .col-payee"), |t| !t.is_empty())
        .await
        .unwrap();
    assert_eq!(payee, customer, "the payee in the row");
    let waiting = browser
        .wait_for_text(&format!("{row} .col-waiting .wait-time"), |t| !t.is_empty())
        .await
        .unwrap();
    assert!(
        waiting.contains("min") || waiting.contains(" h"),
        "waiting time: {waiting}"
    );
    shot(&browser, "worklist-approvals-desktop-en").await;
    to_chinese(&browser).await;
    // The page renders again in Chinese: back to the approvals.
    let tab = browser
        .wait_for("button.tab[data-queue=approvals]")
        .await
        .unwrap();
    browser.click(&tab).await.unwrap();
    browser
        .wait_for_text(&format!("{row} .col-waiting .wait-time"), |t| {
            t.contains("分钟") || t.contains("小时")
        })
        .await
        .unwrap();
    shot(&browser, "worklist-approvals-desktop-zh").await;
    browser.quit().await;
}

/// An out-of-warranty repair of emma.sales's customer with a quote of ¥800.
async fn quoted_case(staff: &User, title: &str) -> (CaseId, String) {
    let mut body = intake("repair", &unique(title));
    body["customer"]["sales_rep"] = "emma.sales".into();
    body["product"]["purchase_date"] = "2020-01-10".into();
    let id = staff.open_with(&body).await;
    staff
        .ok(
            id,
            Command::Quote {
                amount: Money::new(80_000, Currency::CNY).unwrap(),
                work: "Replace the cooling fan".into(),
            },
        )
        .await;
    let view = staff.case(id).await;
    (id, view.case.public_token)
}

#[tokio::test]
async fn the_sales_reps_home_lists_her_customers_cases_and_the_quotes_waiting_on_them() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let (id, _) = quoted_case(&staff, "Rep home: fan noise").await;

    for viewport in [Viewport::DESKTOP, Viewport::PHONE] {
        let size = if viewport.mobile { "phone" } else { "desktop" };
        let browser = signed_in(&app.base, viewport, Who::SalesRep).await;
        browser.goto(&app.base).await.unwrap();
        let row = format!("#rep-table tr.row[data-case='{id}']");
        browser.wait_for(&row).await.unwrap();
        let told = browser
            .wait_for_text(&format!("{row} .told"), |t| !t.is_empty())
            .await
            .unwrap();
        assert!(told.contains("Request received"), "last told: {told}");
        let next = browser
            .wait_for_text(&format!("{row} .next"), |t| !t.is_empty())
            .await
            .unwrap();
        // The customer's own sentence: the quote waits on their answer.
        assert!(
            next.contains("waits for your answer to the quote of") && next.contains("800.00"),
            "next: {next}"
        );
        let waits = browser
            .wait_for_text(&format!("{row} .waits"), |t| !t.is_empty())
            .await
            .unwrap();
        assert!(
            waits.contains("800.00"),
            "the quote waits on the customer: {waits}"
        );
        browser
            .wait_for(&format!("#rep-quotes li[data-case='{id}']"))
            .await
            .unwrap();
        browser.wait_for("#rep-briefing").await.unwrap();
        browser.wait_for("#new-case-open").await.unwrap();
        if viewport.mobile {
            assert_no_overflow(&browser).await;
        } else {
            assert_table_fits(&browser, "#rep-table").await;
        }
        shot(&browser, &format!("rep-home-{size}-en")).await;
        to_chinese(&browser).await;
        browser
            .wait_for_text(&format!("{row} .told"), |t| t.contains("已受理"))
            .await
            .unwrap();
        if viewport.mobile {
            assert_no_overflow(&browser).await;
        } else {
            assert_table_fits(&browser, "#rep-table").await;
        }
        shot(&browser, &format!("rep-home-{size}-zh")).await;
        browser.quit().await;
    }
}

#[tokio::test]
async fn a_customer_accepts_a_quote_on_their_link_and_the_repair_may_go_on() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let (id, token) = quoted_case(&staff, "Quote on the link").await;

    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .goto(&format!("{}/track/{token}", app.base))
        .await
        .unwrap();
    let amount = browser
        .wait_for_text("#status-quotes .quote-open .quote-amount", |t| {
            !t.is_empty()
        })
        .await
        .unwrap();
    assert!(amount.contains("800.00"), "the quote's amount: {amount}");
    assert_no_overflow(&browser).await;
    shot(&browser, "quote-open-phone-en").await;
    super::tap(&browser, "#quote-1-accept").await;
    browser
        .wait_for("#status-quotes .quote[data-state=accepted]")
        .await
        .unwrap();
    shot(&browser, "quote-accepted-phone-en").await;
    to_chinese(&browser).await;
    browser
        .wait_for_text("#status-quotes .quote h2", |t| t.contains("已接受"))
        .await
        .unwrap();
    shot(&browser, "quote-accepted-phone-zh").await;
    browser.quit().await;

    let view = staff.case(id).await;
    assert!(matches!(
        view.case.quotes[0].state,
        QuoteState::Accepted { .. }
    ));
}
