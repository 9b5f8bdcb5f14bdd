//! A typed HTTP client for the API under test.

use afterloop_domain::wire::ErrorBody;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;

/// The server under test and a client for it.
#[derive(Clone)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The HTTP client (no proxy, short timeouts).
    pub http: Client,
}

/// Connects to the server `cargo xtask test` started.
pub fn spawn_app() -> TestApp {
    let base = std::env::var("AFTERLOOP_BASE_URL").expect(
        "AFTERLOOP_BASE_URL is not set: run these tests with `cargo xtask test`, which starts wrangler dev",
    );
    let http = Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("http client");
    TestApp { base, http }
}

impl TestApp {
    /// An absolute URL for a path on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `POST /api/v1/cases` with a JSON body and an optional idempotency key.
    pub async fn create_case(&self, body: &Value, key: Option<&str>) -> Response {
        let mut req = self.http.post(self.url("/api/v1/cases")).json(body);
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send().await.expect("POST /api/v1/cases")
    }

    /// `GET` a path.
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }
}

/// Asserts the status and that the body is the documented error shape;
/// returns the body.
pub async fn expect_error(resp: Response, status: StatusCode, code: &str) -> ErrorBody {
    assert_eq!(resp.status(), status, "status for expected `{code}`");
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "error is JSON, got {content_type}"
    );
    let raw: Value = resp.json().await.expect("error body is JSON");
    for key in ["error", "message", "fields"] {
        assert!(raw.get(key).is_some(), "error body has `{key}`: {raw}");
    }
    let body: ErrorBody = serde_json::from_value(raw).expect("error body shape");
    assert_eq!(body.error, code);
    assert!(!body.message.is_empty(), "error message is not empty");
    body
}
