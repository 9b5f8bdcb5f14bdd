use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{output_dir, spawn_app, unique};

/// On a phone, a person opens a case through the form: empty fields are
/// refused beside each field, then the filled form opens the case and the
/// list shows it.
#[tokio::test]
async fn a_case_opened_through_the_form_on_a_phone_appears_in_the_list() {
    let app = spawn_app();
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser.goto(&app.base).await.unwrap();

    // Submitting the empty form shows an error beside each field.
    let submit = browser
        .wait_for("form.new-case button[type=submit]")
        .await
        .unwrap();
    browser.click(&submit).await.unwrap();
    browser
        .wait_for_text("#case-kind-error", |t| t.contains("Choose the kind"))
        .await
        .unwrap();
    browser
        .wait_for_text("#case-title-error", |t| t.contains("Enter a title"))
        .await
        .unwrap();
    browser
        .screenshot(&output_dir().join("phone-new-case-errors.png"))
        .await
        .unwrap();

    // Fill it in and submit.
    let title = unique("Phone form: dryer will not start");
    let option = browser
        .wait_for("#case-kind option[value=repair]")
        .await
        .unwrap();
    browser.click(&option).await.unwrap();
    let input = browser.wait_for("#case-title").await.unwrap();
    browser.type_text(&input, &title).await.unwrap();
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
    let errors = browser
        .text(&browser.wait_for("#case-title-error").await.unwrap())
        .await
        .unwrap();
    assert!(errors.is_empty(), "field errors cleared: {errors:?}");

    // The page fits the phone: nothing overflows sideways.
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

/// On a desktop, the case link in the list opens the case page.
#[tokio::test]
async fn a_case_in_the_list_opens_its_page_on_a_desktop() {
    let app = spawn_app();
    let title = unique("Desktop: microwave sparks");
    let resp = app
        .create_case(
            &serde_json::json!({ "kind": "return", "title": title }),
            None,
        )
        .await;
    assert_eq!(resp.status(), 201);
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();

    browser.goto(&app.base).await.unwrap();
    browser
        .wait_for_text(".case-list .rows", |t| t.contains(&title))
        .await
        .unwrap();
    browser
        .screenshot(&output_dir().join("desktop-cases.png"))
        .await
        .unwrap();
    let links = browser.find_all(".case-list .row-link").await.unwrap();
    let mut target = None;
    for link in links {
        if browser.text(&link).await.unwrap().contains(&title) {
            target = Some(link);
        }
    }
    browser
        .click(&target.expect("the case is listed"))
        .await
        .unwrap();

    let heading = browser
        .wait_for_text(".case-detail h1", |t| t.contains(&title))
        .await
        .unwrap();
    assert!(heading.contains("AL-"));
    browser
        .wait_for_text(".case-detail .badge", |t| t == "Return")
        .await
        .unwrap();
    browser
        .screenshot(&output_dir().join("desktop-case-page.png"))
        .await
        .unwrap();
    browser.quit().await;
}
