use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, spawn_app, unique, Who};
use serde_json::json;

use super::{shot, signed_in};

/// Sets an input's value as a user would (an `input` event follows).
async fn set_value(browser: &Browser, css: &str, value: &str) {
    browser.wait_for(css).await.unwrap();
    browser
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', { bubbles: true }));",
            json!([css, value]),
        )
        .await
        .unwrap();
}

/// While staff fill in the intake form, the warranty follows the purchase
/// date, and an open case of the same serial number is flagged with its link.
#[tokio::test]
async fn the_intake_form_shows_warranty_and_flags_duplicates_as_you_type() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let serial = unique("SNDUP").replace(' ', "");
    let mut body = intake("repair", "Already reported");
    body["product"]["serial"] = serial.clone().into();
    let existing = staff.open_with(&body).await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser.goto(&app.base).await.unwrap();
    // Intake is one button away from the work list.
    let open = browser.wait_for("#new-case-open").await.unwrap();
    browser.click(&open).await.unwrap();
    browser.wait_for("form.new-case").await.unwrap();

    set_value(&browser, "#case-product-purchase-date", "2019-03-01").await;
    browser.wait_for("#case-warranty.expired").await.unwrap();
    set_value(&browser, "#case-product-purchase-date", "2026-06-01").await;
    browser
        .wait_for("#case-warranty.in-warranty")
        .await
        .unwrap();

    set_value(&browser, "#case-product-serial", &serial.to_lowercase()).await;
    let link = browser
        .wait_for_text("#case-duplicates a.duplicate-link", |t| {
            t == existing.to_string()
        })
        .await
        .unwrap();
    assert_eq!(link, existing.to_string());
    browser
        .execute(
            "document.querySelector('#case-product-serial').scrollIntoView({ block: 'start' });",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "intake-hints-desktop").await;
    set_value(&browser, "#case-product-serial", "SN-NEVER-SEEN-123").await;
    browser
        .wait_for_text("#case-duplicates", |t| {
            !t.is_empty() && !t.contains(&existing.to_string())
        })
        .await
        .unwrap();
    browser.quit().await;
}
