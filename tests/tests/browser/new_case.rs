use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{output_dir, spawn_app, unique, Who};

use super::sign_in;

async fn fill(browser: &Browser, css: &str, text: &str) {
    let e = browser.wait_for(css).await.unwrap();
    browser.type_text(&e, text).await.unwrap();
}

async fn choose(browser: &Browser, select: &str, value: &str) {
    let option = browser
        .wait_for(&format!("{select} option[value={value}]"))
        .await
        .unwrap();
    browser.click(&option).await.unwrap();
}

/// On a phone, staff open a case through the form: empty fields are refused
/// beside each field, then the filled form opens the case and the list shows it.
#[tokio::test]
async fn a_case_opened_through_the_form_on_a_phone_appears_in_the_list() {
    let app = spawn_app();
    app.sign_in(Who::Staff).await; // makes sure the demo users exist
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&browser, &app.base, Who::Staff).await;
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
    browser
        .screenshot(&output_dir().join("phone-new-case-errors.png"))
        .await
        .unwrap();

    let title = unique("Phone form: inverter silent");
    choose(&browser, "#case-kind", "repair").await;
    choose(&browser, "#case-channel", "hotline").await;
    fill(&browser, "#case-title", &title).await;
    fill(&browser, "#case-customer-name", "王建国").await;
    fill(&browser, "#case-customer-phone", "+86 139 2233 4455").await;
    fill(&browser, "#case-product-model", "SUN-10K-G").await;
    fill(&browser, "#case-product-serial", "SN2409B09999").await;
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
    browser
        .screenshot(&output_dir().join("phone-new-case.png"))
        .await
        .unwrap();
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
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    sign_in(&browser, &app.base, Who::Staff).await;

    browser.goto(&app.base).await.unwrap();
    browser
        .wait_for_text(".case-list .rows", |t| t.contains(&title))
        .await
        .unwrap();
    browser
        .screenshot(&output_dir().join("desktop-cases.png"))
        .await
        .unwrap();
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
    let view: afterloop_domain::wire::CaseView = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.case.status.name(),
        "authorised",
        "the click moved the case"
    );
    browser
        .screenshot(&output_dir().join("desktop-case-page.png"))
        .await
        .unwrap();
    browser.quit().await;
}
