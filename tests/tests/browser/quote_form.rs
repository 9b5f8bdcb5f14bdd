//! The staff case page offers a quote only where a charge applies: an
//! out-of-warranty repair; a repair under warranty shows no quote form
//! (and the API refuses a quote there with a clear error).

use afterloop_domain::{Command, Currency, Money};
use afterloop_tests::client::expect_error;
use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::StatusCode;

use super::{load, shot, signed_in};

#[tokio::test]
async fn the_quote_form_shows_only_on_a_repair_out_of_warranty() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let covered = staff
        .open_with(&intake("repair", &unique("Under warranty: fan noise")))
        .await;
    let mut body = intake("repair", &unique("Out of warranty: fan noise"));
    body["product"]["purchase_date"] = "2016-01-10".into();
    let charged = staff.open_with(&body).await;

    let err = expect_error(
        staff
            .command(
                covered,
                Command::Quote {
                    amount: Money::new(80_000, Currency::CNY).unwrap(),
                    work: "Replace the cooling fan".into(),
                },
            )
            .await,
        StatusCode::CONFLICT,
        "charge_under_warranty",
    )
    .await;
    assert!(
        err.message.contains(&covered.to_string()),
        "{}",
        err.message
    );

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    load(
        &browser,
        &format!("{}/cases/{charged}", app.base),
        "#case-quotes #quote-form",
    )
    .await;
    shot(&browser, "case-quote-out-of-warranty-desktop").await;

    browser
        .goto(&format!("{}/cases/{covered}", app.base))
        .await
        .unwrap();
    browser
        .wait_for_text(".case-head .case-id", |t| t == covered.to_string())
        .await
        .unwrap();
    browser.wait_for(".flow-money").await.unwrap();
    let forms = browser.find_all("#quote-form").await.unwrap();
    assert!(forms.is_empty(), "no quote form on a repair under warranty");
    let sections = browser.find_all("#case-quotes").await.unwrap();
    assert!(sections.is_empty(), "no quotes section without quotes");
    shot(&browser, "case-quote-under-warranty-desktop").await;
    browser.quit().await;
}
