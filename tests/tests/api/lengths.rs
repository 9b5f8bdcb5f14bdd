//! Lengths at the edge: no path parameter, query value or header that could
//! end up in a KV key (at most 512 bytes) or an object's name reaches one
//! unchecked; an over-long one is a 400 naming it, never a 500.

use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, Who};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_serial_longer_than_a_key_holds_is_a_400_naming_the_serial() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    for serial in ["A".repeat(520), "B".repeat(65)] {
        let resp = manager
            .get(&format!("/api/v1/queues/serial/{serial}"))
            .await;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap();
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{} characters: {body}",
            serial.len()
        );
        assert_eq!(body["fields"][0]["field"], "serial", "{body}");
    }
    // 64 characters is a serial like any other.
    let resp = manager
        .get(&format!("/api/v1/queues/serial/{}", "C".repeat(64)))
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
}

/// Every parameter of every documented path, 600 bytes long, is refused
/// before the handler runs (signed in as a manager, so no permission
/// check hides it), naming the first parameter of the path.
#[tokio::test]
async fn every_path_parameter_is_bounded_before_it_reaches_a_key() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let long = "a".repeat(600);
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let params: Vec<&str> = path
            .split('/')
            .filter_map(|p| p.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
            .collect();
        if params.is_empty() {
            continue;
        }
        let filled = path
            .split('/')
            .map(|p| if p.starts_with('{') { long.as_str() } else { p })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().unwrap().keys() {
            let resp = manager
                .app
                .http
                .request(
                    Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                    app.url(&filled),
                )
                .header("Authorization", format!("Bearer {}", manager.token))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let body = expect_error(resp, StatusCode::BAD_REQUEST, "too_long").await;
            assert_eq!(body.fields[0].field, params[0], "{method} {path}");
            checked += 1;
        }
    }
    assert!(checked >= 15, "every route with a parameter: {checked}");
}

#[tokio::test]
async fn query_values_are_bounded_and_named() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let long = "Q".repeat(2000);
    for (path, field) in [
        (format!("/api/v1/queues/recent?cursor={long}"), "cursor"),
        (format!("/api/v1/cases?limit=5&cursor={long}"), "cursor"),
        (format!("/api/v1/search?q={long}"), "q"),
        (
            format!("/api/v1/reports/quality?from={long}&to=2026-01-31"),
            "from",
        ),
    ] {
        let body = expect_error(
            manager.get(&path).await,
            StatusCode::BAD_REQUEST,
            "too_long",
        )
        .await;
        assert_eq!(body.fields[0].field, field, "{path}");
    }
}

#[tokio::test]
async fn a_public_requests_idempotency_key_is_bounded() {
    let app = spawn_app();
    let resp = app
        .http
        .post(app.url("/api/v1/public/requests"))
        .header("Idempotency-Key", "k".repeat(300))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let body = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
    assert_eq!(body.fields[0].field, "Idempotency-Key");
}
