//! Bad input gets the documented error shape and the right status, and
//! changes nothing.

use afterloop_domain::wire::CasePage;
use afterloop_tests::client::expect_error;
use afterloop_tests::spawn_app;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn invalid_fields_are_all_reported_with_422() {
    let app = spawn_app();

    let resp = app
        .create_case(&json!({ "kind": "boat", "title": "x" }), None)
        .await;

    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<(&str, &str)> = body
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(fields, [("kind", "unknown"), ("title", "too_short")]);
    assert!(body.fields.iter().all(|f| !f.message.is_empty()));
}

#[tokio::test]
async fn missing_fields_are_required() {
    let app = spawn_app();

    let resp = app.create_case(&json!({}), None).await;

    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let codes: Vec<&str> = body.fields.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["required", "required"]);
}

#[tokio::test]
async fn overlong_and_multiline_titles_are_refused() {
    let app = spawn_app();

    let long = app
        .create_case(
            &json!({ "kind": "repair", "title": "维".repeat(121) }),
            None,
        )
        .await;
    let multiline = app
        .create_case(&json!({ "kind": "repair", "title": "first\nsecond" }), None)
        .await;

    let long = expect_error(long, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(long.fields[0].code, "too_long");
    let multiline = expect_error(
        multiline,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(multiline.fields[0].code, "control_characters");
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app();

    let resp = app
        .http
        .post(app.url("/api/v1/cases"))
        .header("content-type", "application/json")
        .body("{\"kind\": \"repair\", \"title\": ")
        .send()
        .await
        .unwrap();

    expect_error(resp, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_400() {
    let app = spawn_app();

    let resp = app
        .create_case(&json!({ "kind": "repair", "title": 42 }), None)
        .await;

    expect_error(resp, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app();

    let resp = app
        .http
        .post(app.url("/api/v1/cases"))
        .header("content-type", "text/plain")
        .body("kind=repair")
        .send()
        .await
        .unwrap();

    expect_error(
        resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn an_oversized_body_is_413_and_stores_nothing() {
    let app = spawn_app();
    let marker = afterloop_tests::unique("Oversized");
    let huge = format!("{marker} {}", "x".repeat(70 * 1024));

    let resp = app
        .create_case(&json!({ "kind": "repair", "title": huge }), None)
        .await;

    expect_error(resp, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let page: CasePage = app
        .get("/api/v1/cases?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(page
        .items
        .iter()
        .all(|c| !c.title.as_ref().starts_with(&marker)));
}

#[tokio::test]
async fn an_unknown_case_is_404_and_a_malformed_number_is_400() {
    let app = spawn_app();

    let unknown = app.get("/api/v1/cases/AL-4000000000").await;
    let malformed = app.get("/api/v1/cases/..%2F..%2Fetc").await;

    expect_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    let body = expect_error(malformed, StatusCode::BAD_REQUEST, "invalid_case_id").await;
    assert_eq!(body.fields[0].field, "id");
}

#[tokio::test]
async fn bad_page_sizes_are_400() {
    let app = spawn_app();
    for limit in ["0", "101", "-1", "ten"] {
        let resp = app.get(&format!("/api/v1/cases?limit={limit}")).await;
        let body = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_limit").await;
        assert_eq!(body.fields[0].field, "limit");
    }
}

#[tokio::test]
async fn a_bad_idempotency_key_is_400() {
    let app = spawn_app();
    let resp = app
        .create_case(
            &json!({ "kind": "repair", "title": "Valid title" }),
            Some(&"k".repeat(200)),
        )
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
    assert_eq!(wrong_method.headers()["allow"], "GET, POST");
    expect_error(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}
