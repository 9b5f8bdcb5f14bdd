//! Customers without an account: a new request, the case link, lookup by
//! number and contact, messages, and never anything internal.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::view::PublicEntry;
use afterloop_domain::wire::{NewRequestReceipt, Timeline, TrackToken, TrackView};
use afterloop_domain::{Change, Command, Currency, Money};
use afterloop_tests::client::expect_error;
use afterloop_tests::steps::{dispatch, request_money};
use afterloop_tests::{intake, public_intake, spawn_app, unique, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn a_customer_opens_a_request_finds_it_and_writes_without_seeing_internals() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let secret = unique("INTERNAL-ONLY margin note");

    let resp = app
        .new_request(&public_intake("repair", &unique("My inverter is silent")))
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let receipt: NewRequestReceipt = resp.json().await.unwrap();
    assert_eq!(receipt.token.len(), 64, "an unguessable token");

    let found = app
        .post(
            "/api/v1/track/lookup",
            &json!({ "case": receipt.id.to_string(), "contact": "138-1000-2001" }),
        )
        .await;
    assert_eq!(found.status(), 200, "phone matches whatever its spacing");
    let found: TrackToken = found.json().await.unwrap();
    assert_eq!(found.token, receipt.token);
    let wrong = app
        .post(
            "/api/v1/track/lookup",
            &json!({ "case": receipt.id.to_string(), "contact": "+86 139 0000 0000" }),
        )
        .await;
    expect_error(wrong, StatusCode::NOT_FOUND, "not_found").await;

    staff
        .ok(
            receipt.id,
            Command::AddNote {
                text: secret.clone(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    staff
        .ok(
            receipt.id,
            Command::AddNote {
                text: "We will call you today.".into(),
                visibility: Visibility::Public,
            },
        )
        .await;
    // What the customer stated is no price paid until staff confirm it.
    staff
        .ok(
            receipt.id,
            Command::ConfirmPurchase {
                purchase_date: None,
                price_paid: Some(Money::new(1_280_000, Currency::CNY).unwrap()),
                warranty_months: None,
            },
        )
        .await;
    staff
        .ok(
            receipt.id,
            request_money(EntryKind::Refund, 100, "Goodwill voucher"),
        )
        .await;

    let raw = app
        .get(&format!("/api/v1/track/{}", receipt.token))
        .await
        .text()
        .await
        .unwrap();
    assert!(!raw.contains(&secret), "no internal note");
    assert!(
        !raw.contains("li.na") && !raw.contains("service.desk"),
        "no staff names"
    );
    assert!(!raw.contains("Goodwill voucher"), "no unpaid money entries");
    let view: TrackView = serde_json::from_str(&raw).unwrap();
    assert!(view.events.iter().any(
        |e| matches!(&e.entry, PublicEntry::Message { text } if text == "We will call you today.")
    ));

    let msg = app
        .post(&format!("/api/v1/track/{}/messages", receipt.token), &json!({ "event_id": unique("cust").replace(' ', "-"), "text": "Thank you, I am home after 3pm." }))
        .await;
    assert_eq!(msg.status(), 200);
    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{}/events", receipt.id))
        .await
        .json()
        .await
        .unwrap();
    let last = timeline.events.last().unwrap();
    assert_eq!(last.by.as_ref(), "customer");
    assert!(matches!(
        &last.change,
        Change::NoteAdded {
            visibility: Visibility::Public,
            ..
        }
    ));
}

#[tokio::test]
async fn a_bad_link_is_404_and_the_survey_waits_for_closing() {
    let app = spawn_app();
    expect_error(
        app.get(&format!("/api/v1/track/{}", "0".repeat(64))).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.get("/api/v1/track/short").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("return", &unique("Survey early")))
        .await
        .json()
        .await
        .unwrap();
    let early = app
        .post(
            &format!("/api/v1/track/{}/survey", receipt.token),
            &json!({ "event_id": unique("sv").replace(' ', "-"), "score": 5 }),
        )
        .await;
    expect_error(early, StatusCode::CONFLICT, "not_closed").await;
}

#[tokio::test]
async fn a_customer_cannot_post_internal_notes_or_commands() {
    let app = spawn_app();
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("No staff powers")))
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .post(
            &format!("/api/v1/cases/{}/commands", receipt.id),
            &json!({ "event_id": "evt-123456", "command": { "type": "resume" } }),
        )
        .await;
    expect_error(resp, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn customer_messages_are_queued_in_their_language_and_delivered() {
    use afterloop_domain::flow::notify::Topic;

    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let mut body = intake("repair", &unique("Notify me"));
    body["customer"]["language"] = "en".into();
    body["customer"]["sales_rep"] = "emma.sales".into();
    let id = staff.open_with(&body).await;

    let mut delivered = None;
    for _ in 0..100 {
        let view = staff.case(id).await;
        if view.case.outbox.iter().all(|n| n.sent_at.is_some()) {
            delivered = Some(view);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let view = delivered.expect("the outbox was delivered within 10 s");
    assert_eq!(view.case.outbox.len(), 2, "customer and sales rep");
    assert!(view.case.outbox.iter().all(|n| n.topic == Topic::Received));
    assert!(
        view.case.outbox[0]
            .text
            .starts_with("We received your request"),
        "English customer"
    );
    let track: Value = app
        .get(&format!("/api/v1/track/{}", view.case.public_token))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        track["case"].get("outbox").is_none(),
        "the outbox is staff-only"
    );
}

/// Money reaches the customer's page once it is a promise (approved) or
/// done (paid): a refund only requested is not shown, nor one rejected.
#[tokio::test]
async fn the_customer_sees_money_once_it_is_approved() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let id = staff
        .open("refund", &unique("Refund shown when approved"))
        .await;
    let view = staff.case(id).await;
    let token = view.case.public_token;
    let money_on_page = || async {
        let v: Value = app
            .get(&format!("/api/v1/track/{token}"))
            .await
            .json()
            .await
            .unwrap();
        v["case"]["money"].as_array().cloned().unwrap_or_default()
    };
    let refund = |minor| request_money(EntryKind::Refund, minor, "Unit dead on arrival");
    staff.ok(id, refund(50_000)).await;
    staff.ok(id, refund(70_000)).await;
    assert!(money_on_page().await.is_empty(), "a request is no promise");
    manager
        .ok(
            id,
            Command::RejectMoney {
                entry: 2,
                reason: "Duplicate".into(),
            },
        )
        .await;
    manager.ok(id, Command::ApproveMoney { entry: 1 }).await;
    let shown = money_on_page().await;
    assert_eq!(shown.len(), 1, "only the approved refund: {shown:?}");
    assert_eq!(shown[0]["amount"]["minor"], 50_000);
    assert_eq!(shown[0]["state"], "approved");
}

/// The customer's view says what happens next in their terms (issue 16):
/// the first answer's time before anyone answered, the booked visit's
/// window on the local clock after, and carries no SLA clock.
#[tokio::test]
async fn the_public_view_says_what_happens_next_and_carries_no_sla_clock() {
    use afterloop_domain::time::{CHINA_OFFSET_MINUTES, HOUR_MS};
    use afterloop_domain::view::NextStep;
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Next step")))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        matches!(receipt.next, NextStep::Answer { .. }),
        "the receipt says when we answer: {:?}",
        receipt.next
    );
    let track: Value = app
        .get(&format!("/api/v1/track/{}", receipt.token))
        .await
        .json()
        .await
        .unwrap();
    assert!(track["case"].get("sla").is_none(), "no SLA clock: {track}");
    assert_eq!(track["case"]["next"]["step"], "answer", "{track}");
    assert_eq!(track["case"]["language"], "zh-CN");

    let day = afterloop_tests::now()
        .date_at_offset(CHINA_OFFSET_MINUTES)
        .plus_days(2)
        .unwrap();
    let from = day
        .start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(9 * HOUR_MS);
    staff.ok(receipt.id, dispatch("wu.gang", from, 3)).await;
    let track: TrackView = app
        .get(&format!("/api/v1/track/{}", receipt.token))
        .await
        .json()
        .await
        .unwrap();
    match track.case.next {
        NextStep::Visit { window } => {
            assert_eq!((window.from.date, window.from.minute), (day, 9 * 60));
            assert_eq!((window.to.date, window.to.minute), (day, 12 * 60));
        }
        other => panic!("expected the visit, got {other:?}"),
    }
}

/// One phone rule for every form and the API: a number nobody can call is
/// refused, Chinese mobiles and international numbers are taken.
#[tokio::test]
async fn a_phone_nobody_can_call_is_refused_and_real_ones_are_taken() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for bad in ["12345", "+86 123", "1234567"] {
        let mut body = public_intake("repair", &unique("Bad phone"));
        body["customer"]["phone"] = bad.into();
        let e = expect_error(
            app.new_request(&body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert!(
            e.fields
                .iter()
                .any(|f| f.field == "customer.phone" && f.code == "invalid"),
            "{bad}: {e:?}"
        );
    }
    for good in ["13812345678", "+86 138 1234 5678", "+49 30 5550 1234"] {
        let mut body = public_intake("repair", &unique("Good phone"));
        body["customer"]["phone"] = good.into();
        assert_eq!(
            app.new_request(&body).await.status(),
            StatusCode::CREATED,
            "{good}"
        );
    }
    let mut body = intake("repair", &unique("Staff intake, bad phone"));
    body["customer"]["phone"] = "12345".into();
    let resp = staff.post("/api/v1/cases", &body).await;
    expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}
