use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{spawn_app, unique, Who};

use super::{choose, shot, signed_in, type_into};

/// On a phone, staff open a case through the form: empty fields are refused
/// beside each field, then the filled form opens the case and the list shows it.
#[tokio::test]
async fn a_case_opened_through_the_form_on_a_phone_appears_in_the_list() {
    let app = spawn_app();
    app.sign_in(Who::Staff).await; // makes sure the demo users exist
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Staff).await;
    browser.goto(&app.base).await.unwrap();
    // Intake is one button away from the work list.
    super::tap(&browser, "#new-case-open").await;

    let submit = browser
        .wait_for("form.new-case button[type=submit]")
        .await
        .unwrap();
    browser.click(&submit).await.unwrap();
    browser
        .wait_for_text("#case-kind-error", |t| !t.is_empty())
        .await
        .unwrap();
    browser
        .wait_for_text("#case-title-error", |t| !t.is_empty())
        .await
        .unwrap();
    browser
        .wait_for_text("#case-customer-name-error", |t| !t.is_empty())
        .await
        .unwrap();
    shot(&browser, "phone-new-case-errors").await;

    let title = unique("Phone form: inverter silent");
    choose(&browser, "#case-kind", "repair").await;
    choose(&browser, "#case-channel", "hotline").await;
    type_into(&browser, "#case-title", &title).await;
    type_into(&browser, "#case-customer-name", "王建国").await;
    type_into(&browser, "#case-customer-phone", "+86 139 2233 4455").await;
    type_into(&browser, "#case-product-model", "SUN-10K-G").await;
    type_into(&browser, "#case-product-serial", "SN2409B09999").await;
    browser.click(&submit).await.unwrap();

    let confirmation = browser
        .wait_for_text(".form-success", |t| t.contains("opened"))
        .await
        .unwrap();
    assert!(
        confirmation.contains("AL-"),
        "the confirmation names the case: {confirmation}"
    );
    browser
        .wait_for_text(".case-list .rows", |t| t.contains(&title))
        .await
        .unwrap();

    let overflow = browser
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no horizontal scrolling on a phone"
    );
    shot(&browser, "phone-new-case").await;
    browser.quit().await;
}

/// On a desktop, the case link in the list opens the case page with its
/// three flows, and a move button advances the case.
#[tokio::test]
async fn a_case_page_shows_the_flows_and_moves_the_case_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let title = unique("Desktop: battery will not charge");
    let id = staff.open("return", &title).await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;

    browser.goto(&app.base).await.unwrap();
    browser
        .wait_for_text(".case-list .rows", |t| t.contains(&title))
        .await
        .unwrap();
    shot(&browser, "desktop-cases").await;
    let mut target = None;
    for link in browser.find_all(".case-list .row-link").await.unwrap() {
        if browser.text(&link).await.unwrap().contains(&title) {
            target = Some(link);
        }
    }
    browser
        .click(&target.expect("the case is listed"))
        .await
        .unwrap();
    browser
        .wait_for_text("h1", |t| t.contains(&id.to_string()))
        .await
        .unwrap();

    let authorise = browser.wait_for(".move[data-to=authorised]").await.unwrap();
    browser.click(&authorise).await.unwrap();
    browser
        .wait_for_text("body", |t| t.to_lowercase().contains("authorised"))
        .await
        .unwrap();
    let view = staff.case(id).await;
    assert_eq!(
        view.case.status.name(),
        "authorised",
        "the click moved the case"
    );
    shot(&browser, "desktop-case-page").await;
    browser.quit().await;
}
