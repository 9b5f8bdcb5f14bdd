//! The same origin serves the app: the shell, its assets, and the shell again
//! for any app address (single-page fallback), while `/api/*` stays JSON.

use afterloop_tests::spawn_app;

#[tokio::test]
async fn the_app_shell_and_its_assets_are_served() {
    let app = spawn_app();

    let index = app.get("/").await;
    assert_eq!(index.status(), 200);
    let html = index.text().await.unwrap();
    assert!(
        html.contains("/afterloop_app.js"),
        "the shell loads the app"
    );

    for (path, kind) in [
        ("/afterloop_app.js", "javascript"),
        ("/afterloop_app_bg.wasm", "application/wasm"),
        ("/style.css", "text/css"),
    ] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let content_type = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.contains(kind), "{path} is {content_type}");
    }
}

#[tokio::test]
async fn app_addresses_fall_back_to_the_shell() {
    let app = spawn_app();

    let resp = app.get("/cases/AL-1001").await;

    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.unwrap().contains("/afterloop_app.js"));
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn_app();

    let resp = app.get("/api/v1/openapi.json").await;

    assert_eq!(resp.status(), 200);
    let doc: serde_json::Value = resp.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/commands",
        "/api/v1/track/{token}",
        "/api/v1/auth/login",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
