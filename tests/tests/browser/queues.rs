use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{intake, spawn_app, unique, Who};
use serde_json::json;

use super::{shot, signed_in};

/// The SLA list runs by deadline with a countdown on each row; tabs carry
/// their counts; a search by serial finds the case.
#[tokio::test]
async fn the_sla_queue_orders_by_deadline_and_search_finds_a_case() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let serial = unique("SNSLA").replace(' ', "");
    for title in ["SLA first", "SLA second", "SLA third"] {
        let mut body = intake("repair", title);
        body["product"]["serial"] = format!("{serial}{}", title.len()).into();
        staff.open_with(&body).await;
    }

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser.goto(&app.base).await.unwrap();
    // Counts on the tabs.
    browser
        .wait_for_text("button.tab[data-queue=sla] .count", |t| {
            t.parse::<u64>().is_ok_and(|n| n >= 3)
        })
        .await
        .unwrap();
    let tab = browser
        .wait_for("button.tab[data-queue=sla]")
        .await
        .unwrap();
    browser.click(&tab).await.unwrap();
    browser.wait_for(".case-list .rows .clock").await.unwrap();
    // The tab's own rows replace the previous queue's: read once the tab is
    // pressed and its table has loaded.
    let mut dues: Vec<i64> = Vec::new();
    for _ in 0..40 {
        let raw = browser
            .execute(
                "const tab = document.querySelector('button.tab[data-queue=sla]'); \
                 const table = document.querySelector('.case-list table.queue-table'); \
                 if (tab.getAttribute('aria-pressed') !== 'true' || !table || table.getAttribute('aria-busy') !== 'false') return []; \
                 return [...document.querySelectorAll('.case-list .rows .clock')].map(e => Number(e.dataset.due));",
                json!([]),
            )
            .await
            .unwrap();
        dues = serde_json::from_value(raw).unwrap();
        if dues.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(dues.len() >= 3, "rows with a deadline: {dues:?}");
    assert!(
        dues.windows(2).all(|w| w[0] <= w[1]),
        "the SLA list runs by deadline: {dues:?}"
    );
    let first = browser.wait_for(".case-list .rows .clock").await.unwrap();
    let text = browser.text(&first).await.unwrap();
    assert!(
        text.contains("due in") || text.contains("overdue"),
        "{text}"
    );
    shot(&browser, "queue-sla-desktop").await;

    // Search by the start of the serial number.
    let field = browser.wait_for("#case-search").await.unwrap();
    browser
        .type_text(&field, &serial.to_lowercase())
        .await
        .unwrap();
    let go = browser
        .wait_for("form.case-search button[type=submit]")
        .await
        .unwrap();
    browser.click(&go).await.unwrap();
    browser
        .wait_for_text("#case-list-title", |t| t.contains(&serial.to_lowercase()))
        .await
        .unwrap();
    let rows = browser.find_all(".case-list .rows tr.row").await.unwrap();
    let mut tries = 0;
    let mut count = rows.len();
    while count != 3 && tries < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        count = browser
            .find_all(".case-list .rows tr.row")
            .await
            .unwrap()
            .len();
        tries += 1;
    }
    assert_eq!(count, 3, "the three cases of that serial prefix");
    shot(&browser, "queue-search-desktop").await;

    // A search the API refuses shows why, and none of the last search's rows.
    let long = "x".repeat(101);
    browser
        .execute(
            "const f = document.querySelector('#case-search'); f.value = arguments[0]; \
             f.dispatchEvent(new Event('input', { bubbles: true }));",
            json!([long]),
        )
        .await
        .unwrap();
    browser.click(&go).await.unwrap();
    browser
        .wait_for_text(".case-list .form-error", |t| t.contains("1 to 100"))
        .await
        .unwrap();
    let mut left = usize::MAX;
    for _ in 0..50 {
        left = browser
            .find_all(".case-list .rows tr.row")
            .await
            .unwrap()
            .len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        left, 0,
        "no rows of the previous search under the refused one"
    );
    browser.quit().await;
}
