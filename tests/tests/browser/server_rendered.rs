//! The customer's case page as the worker renders it, before any wasm (here
//! with JavaScript disabled, as on a phone whose bundle has not arrived):
//! the stage, what happens next and by when, the product and the booked
//! visit, in the case's language, at phone size; and the bundle, once it
//! has taken the page over, says the same in the same words. Screenshots:
//! `customer-status-no-js-{zh,en}-phone.png`.

use afterloop_domain::case::RepairStage;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, HOUR_MS};
use afterloop_domain::wire::NewRequestReceipt;
use afterloop_domain::Command;
use afterloop_tests::steps::{dispatch, repair_to};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{now, public_intake, spawn_app, unique, Who};
use serde_json::json;

use super::shot;

#[tokio::test]
async fn the_case_page_reads_without_javascript_in_both_languages() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tomorrow = now()
        .date_at_offset(CHINA_OFFSET_MINUTES)
        .plus_days(1)
        .unwrap();
    let from = tomorrow
        .start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(9 * HOUR_MS);
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .cdp(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": true }),
        )
        .await
        .unwrap();
    for (language, stage, visit, name) in [
        ("zh-CN", "已预约上门", "技术员将于", "zh"),
        ("en", "Visit booked", "A technician visits on", "en"),
    ] {
        let mut body = public_intake(
            "repair",
            &unique("逆变器夜间停机 / Inverter stops at night"),
        );
        body["customer"]["language"] = language.into();
        let receipt: NewRequestReceipt = app.new_request(&body).await.json().await.unwrap();
        for command in [
            repair_to(RepairStage::Triaged),
            dispatch("wu.gang", from, 3),
            Command::AddNote {
                text: "<b>Bring</b> the warranty card & invoice.".into(),
                visibility: Visibility::Public,
            },
        ] {
            staff.ok(receipt.id, command).await;
        }
        let page = format!("{}/track/{}", app.base, receipt.token);
        browser.goto_as_served(&page).await.unwrap();
        let read = |css: &'static str| {
            let browser = &browser;
            async move {
                let e = browser.wait_for(css).await.unwrap();
                browser.text(&e).await.unwrap()
            }
        };
        assert_eq!(read("#status-stage").await, stage);
        let next = read("#status-next").await;
        assert!(next.contains(visit), "{next}");
        assert!(read("#status-product").await.contains("SUN-10K-G"));
        assert!(read("#status-visit").await.contains("09:00"));
        assert!(
            browser
                .find_all("body[data-ready]")
                .await
                .unwrap()
                .is_empty(),
            "no script ran"
        );
        assert!(read("#status-messages")
            .await
            .contains("<b>Bring</b> the warranty card & invoice."));
        shot(&browser, &format!("customer-status-no-js-{name}-phone")).await;

        // The bundle, once it has taken over, says the same in the same words.
        const SAME: [&str; 6] = [
            "#status-stage",
            "#status-next",
            "#status-product",
            "#status-steps",
            "#status-visit",
            "#status-messages",
        ];
        let mut served = Vec::new();
        for css in SAME {
            served.push(read(css).await);
        }
        browser
            .cdp(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": false }),
            )
            .await
            .unwrap();
        browser.goto(&page).await.unwrap();
        browser.wait_for("body[data-ready]").await.unwrap();
        for (css, served) in SAME.into_iter().zip(served) {
            assert_eq!(read(css).await, served, "{css} in {language}");
        }
        browser
            .cdp(
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": true }),
            )
            .await
            .unwrap();
    }
    browser.quit().await;
}
