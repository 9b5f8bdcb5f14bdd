//! The customer's pages at a phone's size, against the real worker: find a
//! case by number and phone (a wrong phone tells nothing), follow a
//! shipment, write to the company and be seen in the back office, open a
//! new request through the form, and rate the service once.

use std::time::Duration;

use afterloop_domain::access::Role;
use afterloop_domain::case::RepairStage;
use afterloop_domain::flow::goods::{Direction, MovementKind};
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::wire::{CasePage, NewRequestReceipt, Timeline};
use afterloop_domain::{CaseId, Change, Command};
use afterloop_tests::client::{expect_error, TestApp, User};
use afterloop_tests::steps::repair_to;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, public_intake, spawn_app, unique, Who};
use reqwest::StatusCode;

use super::{load, shot, tap, type_into};
use serde_json::json;

/// A repair opened by staff for a customer with this phone; its link token.
async fn case_with_phone(staff: &User, phone: &str) -> (CaseId, String) {
    let mut body = intake("repair", &unique("Status page: inverter F07"));
    body["customer"]["phone"] = phone.into();
    body["customer"]["language"] = "en".into();
    let id = staff.open_with(&body).await;
    let view: serde_json::Value = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let token = view["public_token"].as_str().unwrap().to_owned();
    (id, token)
}

fn phone() -> String {
    let n: u64 = unique("")
        .chars()
        .filter(char::is_ascii_hexdigit)
        .fold(0, |acc, c| {
            (acc * 16 + c.to_digit(16).unwrap() as u64) % 100_000_000
        });
    format!("+86 139 {:04} {:04}", n / 10_000, n % 10_000)
}

#[tokio::test]
async fn a_customer_finds_their_case_by_number_and_phone_and_a_wrong_phone_tells_nothing() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let phone = phone();
    let (id, token) = case_with_phone(&staff, &phone).await;
    staff.ok(id, repair_to(RepairStage::Triaged)).await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();

    // A wrong phone, and a case that does not exist, read the same.
    browser.goto(&format!("{}/track", app.base)).await.unwrap();
    type_into(&browser, "#lookup-case", &id.to_string()).await;
    type_into(&browser, "#lookup-contact", "+86 139 0000 0000").await;
    tap(&browser, "#lookup-submit").await;
    let wrong = browser
        .wait_for_text("#lookup-error", |t| !t.is_empty())
        .await
        .unwrap();
    shot(&browser, "customer-lookup-wrong-phone").await;
    browser.goto(&format!("{}/track", app.base)).await.unwrap();
    type_into(&browser, "#lookup-case", "AL-99999999").await;
    type_into(&browser, "#lookup-contact", &phone).await;
    tap(&browser, "#lookup-submit").await;
    let unknown = browser
        .wait_for_text("#lookup-error", |t| !t.is_empty())
        .await
        .unwrap();
    assert_eq!(wrong, unknown, "no hint whether the case exists");
    assert!(!wrong.contains(&id.to_string()));

    // The right phone, typed without the country code, opens the case.
    browser.goto(&format!("{}/track", app.base)).await.unwrap();
    type_into(&browser, "#lookup-case", &id.to_string()).await;
    type_into(&browser, "#lookup-contact", &phone.replace("+86 ", "")).await;
    tap(&browser, "#lookup-submit").await;
    browser
        .wait_for_text("#status-stage", |t| t == "Being planned")
        .await
        .unwrap();
    let url = browser
        .execute("return location.pathname", json!([]))
        .await
        .unwrap();
    assert_eq!(url.as_str(), Some(format!("/track/{token}").as_str()));
    let current = browser
        .wait_for_text("#status-steps .step.current", |t| !t.is_empty())
        .await
        .unwrap();
    assert_eq!(current, "Being planned");
    assert_eq!(
        browser
            .find_all("#status-steps .step.done")
            .await
            .unwrap()
            .len(),
        1,
        "the request's receipt is done"
    );
    browser
        .wait_for_text("#status-next", |t| t.contains("We are planning the repair"))
        .await
        .unwrap();
    let overflow = browser
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "no sideways scrolling");
    shot(&browser, "customer-status-phone").await;

    // The same page in Chinese.
    tap(&browser, "#lang-zh").await;
    browser
        .wait_for_text("#status-stage", |t| t == "安排中")
        .await
        .unwrap();
    shot(&browser, "customer-status-zh-phone").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_customer_follows_the_shipment_and_writes_and_the_back_office_sees_it() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let (id, token) = case_with_phone(&staff, &phone()).await;
    let tracking = format!("SF{}", &unique("").replace([' ', '-'], "")[..10]).to_uppercase();
    staff
        .ok(
            id,
            Command::RecordMovement {
                kind: MovementKind::RepairedUnit,
                direction: Direction::CompanyToCustomer,
                item: "SUN-10K-G".into(),
                serial: Some("SN2409B00042".into()),
                quantity: None,
                carrier: Some("SF Express".into()),
                tracking: Some(tracking.clone()),
                order_ref: None,
                cost: None,
            },
        )
        .await;
    staff
        .ok(
            id,
            Command::AddNote {
                text: "Your unit ships today.".into(),
                visibility: Visibility::Public,
            },
        )
        .await;
    staff
        .ok(
            id,
            Command::AddNote {
                text: unique("INTERNAL: customer was rude"),
                visibility: Visibility::Internal,
            },
        )
        .await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .goto(&format!("{}/track/{token}", app.base))
        .await
        .unwrap();
    browser
        .wait_for_text("#status-shipments .tracking-number", |t| t == tracking)
        .await
        .unwrap();
    let href = browser
        .execute(
            "return document.querySelector('#status-shipments .track-link').href",
            json!([]),
        )
        .await
        .unwrap();
    assert!(
        href.as_str().unwrap_or_default().contains(&tracking),
        "the tracking link follows the parcel: {href}"
    );
    browser
        .wait_for_text("#status-shipments", |t| t.contains("SF Express"))
        .await
        .unwrap();
    browser
        .wait_for_text("#status-messages", |t| t.contains("Your unit ships today."))
        .await
        .unwrap();
    let page = browser
        .execute("return document.body.innerText", json!([]))
        .await
        .unwrap();
    assert!(
        !page.as_str().unwrap().contains("INTERNAL"),
        "no internal note"
    );

    let message = unique("Will someone be home to receive it? Please call first");
    type_into(&browser, "#reply-text", &message).await;
    tap(&browser, "#reply-send").await;
    browser
        .wait_for_text("#status-messages", |t| {
            t.contains(&message) && t.contains("Your unit ships today.")
        })
        .await
        .unwrap();
    shot(&browser, "customer-messages-phone").await;

    // The back office: on the timeline as the customer's, and in the owner's replies.
    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    assert!(timeline.events.iter().any(|e| e.role == Role::Customer
        && matches!(&e.change, Change::NoteAdded { text, visibility: Visibility::Public } if *text == message)));
    let replies: CasePage = staff
        .get("/api/v1/queues/replies?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        replies.items.iter().any(|r| r.id == id),
        "the case waits in its owner's replies"
    );
    browser.quit().await;
}

#[tokio::test]
async fn a_new_request_shows_each_fault_beside_its_field_then_opens_a_case() {
    let app = spawn_app();
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .goto(&format!("{}/request", app.base))
        .await
        .unwrap();
    tap(&browser, "#request-submit").await;
    for field in ["req-model", "req-description", "req-name", "req-phone"] {
        browser
            .wait_for_text(&format!("#{field}-error"), |t| !t.is_empty())
            .await
            .unwrap_or_else(|e| panic!("{field}: {e}"));
    }
    type_into(&browser, "#req-phone", "12").await;
    tap(&browser, "#request-submit").await;
    browser
        .wait_for_text("#req-phone-error", |t| t.contains("mobile number"))
        .await
        .unwrap();
    shot(&browser, "customer-request-errors-phone").await;

    let phone = phone();
    let field = browser.wait_for("#req-phone").await.unwrap();
    browser
        .execute(
            "document.querySelector('#req-phone').value = ''; return true",
            json!([]),
        )
        .await
        .unwrap();
    browser.type_text(&field, &phone).await.unwrap();
    type_into(&browser, "#req-model", "SUN-10K-G").await;
    type_into(&browser, "#req-serial", "SN2409B00042").await;
    browser
        .execute(
            "const d = document.querySelector('#req-purchase-date'); d.value = '2026-03-01'; d.dispatchEvent(new Event('input', {bubbles: true})); return true",
            json!([]),
        )
        .await
        .unwrap();
    browser
        .wait_for_text("#case-warranty", |t| t.contains("2028"))
        .await
        .unwrap();
    type_into(
        &browser,
        "#req-description",
        "The display stays dark since the storm.",
    )
    .await;
    let name = unique("王建国");
    type_into(&browser, "#req-name", &name).await;
    tap(&browser, "#request-submit").await;
    let number = browser
        .wait_for_text("#received-number", |t| t.starts_with("AL-"))
        .await
        .unwrap();
    shot(&browser, "customer-request-received-phone").await;
    tap(&browser, "#received-link").await;
    browser
        .wait_for_text("#status-stage", |t| t == "Request received")
        .await
        .unwrap();
    let body = browser
        .execute("return document.body.innerText", json!([]))
        .await
        .unwrap();
    assert!(body.as_str().unwrap().contains(&number));

    // The request skipped no challenge: without one the API refuses it.
    let resp = app
        .post(
            "/api/v1/public/requests",
            &public_intake("repair", &unique("No challenge")),
        )
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "challenge_failed").await;
    browser.quit().await;
}

/// A closed repair of a customer's own request; its link token.
async fn closed_case(app: &TestApp, staff: &User) -> String {
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Survey after the repair")))
        .await
        .json()
        .await
        .unwrap();
    let id = receipt.id;
    for command in [
        repair_to(RepairStage::Triaged),
        repair_to(RepairStage::InRepair),
        Command::Diagnose {
            root_cause: RootCause::Firmware,
            failed_part: None,
            resolution: "Updated the firmware.".into(),
        },
        repair_to(RepairStage::Resolved),
        repair_to(RepairStage::Closed),
    ] {
        staff.ok(id, command).await;
    }
    receipt.token
}

#[tokio::test]
async fn the_survey_is_answered_once_and_a_second_answer_is_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let token = closed_case(&app, &staff).await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    load(&browser, &format!("{}/track/{token}", app.base), "#survey").await;
    tap(&browser, "#survey-send").await;
    browser
        .wait_for_text("#survey-error", |t| !t.is_empty())
        .await
        .unwrap();
    tap(&browser, "#score-4").await;
    type_into(&browser, "#survey-comment", "Quick and friendly.").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    tap(&browser, "#survey-send").await;
    browser
        .wait_for_text("#survey-done", |t| t.contains("4/5"))
        .await
        .unwrap();
    shot(&browser, "customer-survey-phone").await;
    let again = app
        .post(
            &format!("/api/v1/track/{token}/survey"),
            &json!({ "event_id": unique("again").replace(' ', "-"), "score": 1 }),
        )
        .await;
    expect_error(again, StatusCode::CONFLICT, "already_answered").await;
    // Another device opening the link sees the answer, not the form.
    let other = Browser::start(Viewport::PHONE).await.unwrap();
    load(
        &other,
        &format!("{}/track/{token}", app.base),
        "#survey-done",
    )
    .await;
    other.quit().await;
    browser.quit().await;
}
