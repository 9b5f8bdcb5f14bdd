//! Methods: every documented path answers exactly its documented methods
//! (the OpenAPI document and the router's `Allow` come from one table),
//! `HEAD` wherever `GET` works, `OPTIONS` with `Allow`, and any other
//! method the runtime passes on a JSON 405.

use std::collections::BTreeSet;

use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, TestApp, Who};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

/// Every documented path with its parameters filled in, and its methods.
async fn documented(app: &TestApp) -> Vec<(String, BTreeSet<String>)> {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let filled = path
                .split('/')
                .map(|part| if part.starts_with('{') { "x1" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            let methods = item
                .as_object()
                .unwrap()
                .keys()
                .map(|m| m.to_uppercase())
                .collect();
            (filled, methods)
        })
        .collect()
}

/// The `Allow` a path with these documented methods must answer.
fn expected_allow(methods: &BTreeSet<String>) -> BTreeSet<String> {
    let mut allow = methods.clone();
    if allow.contains("GET") {
        allow.insert("HEAD".into());
    }
    allow.insert("OPTIONS".into());
    allow
}

fn allow_of(resp: &Response) -> BTreeSet<String> {
    resp.headers()
        .get("Allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("an Allow header: {resp:?}"))
        .split(',')
        .map(|m| m.trim().to_owned())
        .collect()
}

async fn send(app: &TestApp, method: &str, path: &str) -> Response {
    app.http
        .request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            app.url(path),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

#[tokio::test]
async fn every_documented_path_allows_exactly_its_documented_methods() {
    let app = spawn_app();
    for (path, methods) in documented(&app).await {
        let allow = expected_allow(&methods);
        for wrong in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if allow.contains(wrong) {
                continue;
            }
            let resp = send(&app, wrong, &path).await;
            assert_eq!(allow_of(&resp), allow, "{wrong} {path}");
            expect_error(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        }
        let options = send(&app, "OPTIONS", &path).await;
        assert_eq!(options.status(), StatusCode::NO_CONTENT, "OPTIONS {path}");
        assert_eq!(allow_of(&options), allow, "OPTIONS {path}");
    }
}

#[tokio::test]
async fn put_on_track_lookup_names_post_the_one_method_it_takes() {
    let app = spawn_app();
    for method in ["PUT", "GET"] {
        let resp = send(&app, method, "/api/v1/track/lookup").await;
        assert_eq!(
            allow_of(&resp),
            ["OPTIONS", "POST"].map(String::from).into(),
            "{method}"
        );
        expect_error(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let id = manager.open("repair", "HEAD like GET").await;
    let head = |path: String| {
        let manager = manager.clone();
        async move {
            manager
                .app
                .http
                .head(manager.app.url(&path))
                .header("Authorization", format!("Bearer {}", manager.token))
                .send()
                .await
                .unwrap()
        }
    };
    for path in [
        "/api/v1/health".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/api/v1/cases".to_owned(),
        format!("/api/v1/cases/{id}"),
        format!("/api/v1/cases/{id}/events"),
        "/api/v1/queues/counts".to_owned(),
        "/api/v1/queues/serial/SN2409B00042".to_owned(),
        "/api/v1/cases/AL-99999999".to_owned(),
        "/track".to_owned(),
    ] {
        let get = manager.get(&path).await;
        let headed = head(path.clone()).await;
        assert_eq!(headed.status(), get.status(), "HEAD {path}");
        assert_eq!(
            headed.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        assert!(get.status() != StatusCode::METHOD_NOT_ALLOWED, "GET {path}");
        assert!(headed.bytes().await.unwrap().is_empty(), "no body: {path}");
    }
    // A signed-out HEAD is refused like a signed-out GET.
    let resp = app
        .http
        .head(app.url("/api/v1/cases"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn methods_the_api_never_takes_get_a_json_405() {
    let app = spawn_app();
    for method in ["PROPFIND", "MKCOL", "PURGE", "TRACE", "DELETE", "PATCH"] {
        let resp = send(&app, method, "/api/v1/cases").await;
        assert_eq!(
            allow_of(&resp),
            ["GET", "HEAD", "OPTIONS", "POST"].map(String::from).into(),
            "{method}"
        );
        expect_error(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        // The app's pages served by the worker take GET and HEAD only.
        for page in ["/track", "/jobs", "/reports"] {
            let resp = send(&app, method, page).await;
            assert_eq!(
                allow_of(&resp),
                ["GET", "HEAD"].map(String::from).into(),
                "{method} {page}"
            );
            expect_error(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
        }
    }
    // A method outside HTTP's registry never reaches the worker: the runtime
    // refuses it (501) before any code of ours runs; nothing is served.
    let resp = send(&app, "BREW", "/api/v1/cases").await;
    assert!(
        matches!(resp.status().as_u16(), 405 | 501),
        "BREW: {}",
        resp.status()
    );
}
