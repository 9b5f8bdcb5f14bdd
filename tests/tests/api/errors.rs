//! Bad input gets the documented error shape and the right status, and
//! changes nothing.

use afterloop_domain::wire::CasePage;
use afterloop_tests::client::expect_error;
use afterloop_tests::{intake, spawn_app, Who};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn invalid_fields_are_all_reported_with_422_and_their_paths() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;

    let resp = staff
        .create_case(
            &json!({
                "kind": "boat", "title": "x", "channel": "fax",
                "customer": { "name": "", "phone": "12", "email": "not-an-email" },
                "product": { "model": "", "purchase_date": "2026-02-30",
                             "price_paid": { "minor": 100, "currency": "XXX" } }
            }),
            None,
        )
        .await;

    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "kind",
            "title",
            "channel",
            "customer.name",
            "customer.phone",
            "customer.email",
            "product.model",
            "product.purchase_date",
            "product.price_paid.currency"
        ]
    );
    assert!(body.fields.iter().all(|f| !f.message.is_empty()));
}

#[tokio::test]
async fn a_return_without_the_price_paid_is_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let mut body = intake("return", "Cracked glass on delivery");
    body["product"]["price_paid"] = serde_json::Value::Null;

    let resp = staff.create_case(&body, None).await;

    let err = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(err.fields[0].field, "product.price_paid");
}

#[tokio::test]
async fn negative_overflowing_and_fractional_money_is_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for (minor, status) in [
        (json!(-5), StatusCode::UNPROCESSABLE_ENTITY),
        (
            json!(10_000_000_000_001i64),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!(12.5), StatusCode::BAD_REQUEST),
        (json!("99999999999999999999999"), StatusCode::BAD_REQUEST),
    ] {
        let mut body = intake("refund", "Money edge");
        body["product"]["price_paid"]["minor"] = minor.clone();
        let resp = staff.create_case(&body, None).await;
        assert_eq!(resp.status(), status, "minor {minor}");
    }
}

#[tokio::test]
async fn malformed_json_is_400_and_wrong_content_type_415() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let auth = format!("Bearer {}", staff.token);

    let malformed = app
        .http
        .post(app.url("/api/v1/cases"))
        .header("authorization", &auth)
        .header("content-type", "application/json")
        .body("{\"kind\": \"repair\", \"title\": ")
        .send()
        .await
        .unwrap();
    let text = app
        .http
        .post(app.url("/api/v1/cases"))
        .header("authorization", &auth)
        .header("content-type", "text/plain")
        .body("kind=repair")
        .send()
        .await
        .unwrap();

    expect_error(malformed, StatusCode::BAD_REQUEST, "malformed_json").await;
    expect_error(
        text,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn an_oversized_body_is_413_and_stores_nothing() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let marker = afterloop_tests::unique("Oversized");
    let mut body = intake("repair", &marker);
    body["description"] = "x".repeat(70 * 1024).into();

    let resp = staff.create_case(&body, None).await;

    expect_error(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let page: CasePage = staff
        .get("/api/v1/cases?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(page.items.iter().all(|c| c.title != marker));
}

#[tokio::test]
async fn an_unknown_case_is_404_and_a_malformed_number_is_400() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;

    let unknown = staff.get("/api/v1/cases/AL-4000000000").await;
    let malformed = staff.get("/api/v1/cases/..%2F..%2Fetc").await;

    expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let body = expect_error(malformed, StatusCode::BAD_REQUEST, "invalid_case_id").await;
    assert_eq!(body.fields[0].field, "id");
}

#[tokio::test]
async fn bad_page_sizes_are_400() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for limit in ["0", "101", "-1", "ten"] {
        let resp = staff.get(&format!("/api/v1/cases?limit={limit}")).await;
        let body = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_limit").await;
        assert_eq!(body.fields[0].field, "limit");
    }
}

#[tokio::test]
async fn a_bad_idempotency_key_is_400() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let resp = staff
        .create_case(&intake("repair", "Valid title"), Some(&"k".repeat(200)))
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405_in_json() {
    let app = spawn_app();

    let unknown = app.get("/api/v1/nothing-here").await;
    let wrong_method = app
        .http
        .delete(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap();

    expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(wrong_method.headers()["allow"], "GET, HEAD, POST, OPTIONS");
    expect_error(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn a_malformed_command_is_400_and_an_unknown_one_too() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", "Command shape").await;
    let path = format!("/api/v1/cases/{id}/commands");

    let unknown = staff
        .post(
            &path,
            &json!({ "event_id": "evt-unknown-1", "command": { "type": "explode" } }),
        )
        .await;
    let bad_id = staff
        .post(
            &path,
            &json!({ "event_id": "../x", "command": { "type": "resume" } }),
        )
        .await;

    expect_error(unknown, StatusCode::BAD_REQUEST, "malformed_json").await;
    expect_error(bad_id, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn an_unknown_method_is_405_not_a_get() {
    let app = spawn_app();
    let query = reqwest::Method::from_bytes(b"QUERY").unwrap();

    let resp = app
        .http
        .request(query, app.url("/api/v1/health"))
        .send()
        .await
        .unwrap();

    assert_eq!(resp.headers()["allow"], "GET, HEAD, OPTIONS");
    expect_error(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn a_number_that_cannot_exist_is_404() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for id in ["AL-0", "al-99999999999"] {
        expect_error(
            staff.get(&format!("/api/v1/cases/{id}")).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}
