//! A typed HTTP client for the API under test, signed in as a demo user or not.

use afterloop_domain::wire::{CaseView, CommandRequest, ErrorBody, LoginResponse};
use afterloop_domain::{CaseId, Command, EventId};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};

/// The server under test and a client for it.
#[derive(Clone)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The HTTP client (no proxy, short timeouts).
    pub http: Client,
}

/// Demo users (created by `POST /api/v1/setup/demo-users`, as `cargo xtask up` does).
#[derive(Debug, Clone, Copy)]
pub enum Who {
    /// chen.jie, manager.
    Manager,
    /// li.na, staff.
    Staff,
    /// zhao.lei, staff.
    Staff2,
    /// wu.gang, technician.
    Tech,
    /// sun.hao, another technician.
    Tech2,
    /// emma.sales, sales rep.
    SalesRep,
}

impl Who {
    /// (user, password).
    pub fn credentials(self) -> (&'static str, &'static str) {
        match self {
            Who::Manager => ("chen.jie", "manager-demo-2026"),
            Who::Staff => ("li.na", "staff-demo-2026"),
            Who::Staff2 => ("zhao.lei", "staff-demo-2026"),
            Who::Tech => ("wu.gang", "tech-demo-2026"),
            Who::Tech2 => ("sun.hao", "tech-demo-2026"),
            Who::SalesRep => ("emma.sales", "sales-demo-2026"),
        }
    }
}

/// Connects to the server `cargo xtask test` started.
pub fn spawn_app() -> TestApp {
    let base = std::env::var("AFTERLOOP_BASE_URL").expect(
        "AFTERLOOP_BASE_URL is not set: run these tests with `cargo xtask test`, which starts wrangler dev",
    );
    spawn_app_at(&base)
}

/// Connects to a server at `base` (a test that runs its own server). The
/// client has an address of its own (`CF-Connecting-IP`, as Cloudflare's
/// edge sets it): the test server trusts the header as the deployed worker
/// does, so each test's customers count against their own abuse limits.
pub fn spawn_app_at(base: &str) -> TestApp {
    use std::sync::atomic::{AtomicU32, Ordering};
    static CLIENTS: AtomicU32 = AtomicU32::new(0);
    let n = CLIENTS.fetch_add(1, Ordering::Relaxed) + std::process::id() % 50_000 * 300;
    let app = TestApp {
        base: base.to_owned(),
        http: Client::new(),
    };
    app.from_address(&format!(
        "10.{}.{}.{}",
        (n >> 16) & 255,
        (n >> 8) & 255,
        n & 255
    ))
}

/// A signed-in demo user.
#[derive(Clone)]
pub struct User {
    /// The server.
    pub app: TestApp,
    /// The bearer token.
    pub token: String,
}

impl TestApp {
    /// An absolute URL for a path on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` a path, signed out.
    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A customer's new request through the public form: fetches a
    /// challenge, solves it as the form does, and posts `body` with it.
    pub async fn new_request(&self, body: &Value) -> Response {
        let (challenge, nonce) = self.solve_challenge().await;
        self.http
            .post(self.url("/api/v1/public/requests"))
            .header("X-Challenge", challenge)
            .header("X-Challenge-Nonce", nonce)
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST /api/v1/public/requests: {e}"))
    }

    /// A new request with a given challenge, its nonce and an optional
    /// `Idempotency-Key` (a retry sends all three again).
    pub async fn new_request_with(
        &self,
        body: &Value,
        (challenge, nonce): (&str, &str),
        key: Option<&str>,
    ) -> Response {
        let mut req = self
            .http
            .post(self.url("/api/v1/public/requests"))
            .header("X-Challenge", challenge)
            .header("X-Challenge-Nonce", nonce)
            .json(body);
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send()
            .await
            .unwrap_or_else(|e| panic!("POST /api/v1/public/requests: {e}"))
    }

    /// A fresh challenge from the server and a nonce that solves it.
    pub async fn solve_challenge(&self) -> (String, String) {
        use sha2::Digest;
        let c: afterloop_domain::wire::Challenge = self
            .get("/api/v1/public/challenge")
            .await
            .json()
            .await
            .expect("a challenge");
        let nonce = (0u64..)
            .find(|n| {
                let text = afterloop_domain::challenge::message(&c.challenge, &n.to_string());
                let hash = sha2::Sha256::digest(text.as_bytes());
                afterloop_domain::challenge::solves(&hash, c.difficulty)
            })
            .expect("a solution");
        (c.challenge, nonce.to_string())
    }

    /// The same server, every request sent with `CF-Connecting-IP: address`,
    /// as Cloudflare's edge sets it (a server that trusts the header counts
    /// abuse limits by it; a local one ignores it).
    pub fn from_address(&self, address: &str) -> TestApp {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "CF-Connecting-IP",
            address.parse().expect("an address header value"),
        );
        let http = Client::builder()
            .no_proxy()
            .timeout(std::time::Duration::from_secs(60))
            .default_headers(headers)
            .build()
            .expect("http client");
        TestApp {
            base: self.base.clone(),
            http,
        }
    }

    /// `POST /api/v1/auth/login`, with a solved challenge (`(challenge, nonce)`) if given.
    pub async fn login(
        &self,
        user: &str,
        password: &str,
        challenge: Option<&(String, String)>,
    ) -> Response {
        let mut req = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "user": user, "password": password }));
        if let Some((challenge, nonce)) = challenge {
            req = req
                .header("X-Challenge", challenge)
                .header("X-Challenge-Nonce", nonce);
        }
        req.send()
            .await
            .unwrap_or_else(|e| panic!("POST /api/v1/auth/login: {e}"))
    }

    /// `POST` JSON to a path, signed out.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Creates the demo users if missing and signs one in.
    pub async fn sign_in(&self, who: Who) -> User {
        self.log_in(who).await.0
    }

    /// As [`TestApp::sign_in`], also returning the login answer (token, expiry, user).
    pub async fn log_in(&self, who: Who) -> (User, LoginResponse) {
        let setup = self.post("/api/v1/setup/demo-users", &json!({})).await;
        assert_eq!(setup.status(), 200, "demo users");
        let (user, password) = who.credentials();
        self.log_in_as(user, password).await
    }

    /// Signs in as any user with their password (which must be right).
    pub async fn log_in_as(&self, user: &str, password: &str) -> (User, LoginResponse) {
        let resp = self
            .post(
                "/api/v1/auth/login",
                &json!({ "user": user, "password": password }),
            )
            .await;
        assert_eq!(resp.status(), 200, "login {user}");
        let login: LoginResponse = resp.json().await.unwrap();
        let user = User {
            app: self.clone(),
            token: login.token.clone(),
        };
        (user, login)
    }
}

impl User {
    fn auth(&self, req: RequestBuilder) -> RequestBuilder {
        req.header("Authorization", format!("Bearer {}", self.token))
    }

    /// `GET` a path.
    pub async fn get(&self, path: &str) -> Response {
        self.auth(self.app.http.get(self.app.url(path)))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// `POST` JSON to a path.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.auth(self.app.http.post(self.app.url(path)).json(body))
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// `PUT` JSON to a path.
    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.auth(self.app.http.put(self.app.url(path)).json(body))
            .send()
            .await
            .unwrap_or_else(|e| panic!("PUT {path}: {e}"))
    }

    /// `PUT` raw bytes with a content type to a path.
    pub async fn put_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.auth(
            self.app
                .http
                .put(self.app.url(path))
                .header("Content-Type", content_type)
                .body(body),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("PUT {path}: {e}"))
    }

    /// `POST` raw bytes with a content type to a path.
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.auth(
            self.app
                .http
                .post(self.app.url(path))
                .header("Content-Type", content_type)
                .body(body),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Sends [`crate::PNG`] to case `id` as an attachment of `kind`
    /// (`photo`, `signature`) named `name`, with a fresh event id; `more`
    /// adds query parameters (`&movement=1`).
    pub async fn attach_png(&self, id: CaseId, kind: &str, name: &str, more: &str) -> Response {
        let event_id = crate::unique(kind).replace(' ', "-");
        self.post_bytes(
            &format!(
                "/api/v1/cases/{id}/attachments?kind={kind}&name={name}&event_id={event_id}{more}"
            ),
            "image/png",
            crate::PNG.to_vec(),
        )
        .await
    }

    /// [`User::attach_png`] that must succeed.
    pub async fn attach_ok(&self, id: CaseId, kind: &str, name: &str, more: &str) {
        let resp = self.attach_png(id, kind, name, more).await;
        assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    }

    /// Case `id` as this user reads it (`GET /api/v1/cases/{id}`).
    pub async fn case(&self, id: CaseId) -> CaseView {
        self.get(&format!("/api/v1/cases/{id}"))
            .await
            .json()
            .await
            .unwrap()
    }

    /// As a manager: creates user `name` with `role` (`staff`, `technician`, …).
    pub async fn create_user(&self, name: &str, role: &str) {
        let resp = self
            .post(
                "/api/v1/admin/users",
                &json!({ "name": name, "display_name": name, "role": role, "password": "test-password-1" }),
            )
            .await;
        assert_eq!(resp.status(), 201, "create user {name}");
    }

    /// `POST /api/v1/cases` with an optional idempotency key.
    pub async fn create_case(&self, body: &Value, key: Option<&str>) -> Response {
        let mut req = self.auth(self.app.http.post(self.app.url("/api/v1/cases")).json(body));
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send().await.expect("POST /api/v1/cases")
    }

    /// Opens a valid case of `kind` and returns its number.
    pub async fn open(&self, kind: &str, title: &str) -> CaseId {
        self.open_with(&intake(kind, title)).await
    }

    /// Opens a case from an intake body that must be valid.
    pub async fn open_with(&self, body: &Value) -> CaseId {
        let resp = self.create_case(body, None).await;
        assert_eq!(resp.status(), 201, "open {body}");
        let v: Value = resp.json().await.unwrap();
        CaseId::parse(v["id"].as_str().unwrap()).unwrap()
    }

    /// Sends a command with a given event id.
    pub async fn command_with(&self, id: CaseId, event_id: &str, command: Command) -> Response {
        let body = serde_json::to_value(CommandRequest {
            event_id: EventId::parse(event_id).unwrap(),
            command,
            recorded_at: None,
        })
        .unwrap();
        self.post(&format!("/api/v1/cases/{id}/commands"), &body)
            .await
    }

    /// Sends a command with a fresh event id.
    pub async fn command(&self, id: CaseId, command: Command) -> Response {
        self.command_with(id, &crate::unique("ev").replace(' ', "-"), command)
            .await
    }

    /// Sends a command that must succeed.
    pub async fn ok(&self, id: CaseId, command: Command) {
        let resp = self.command(id, command.clone()).await;
        let status = resp.status();
        assert_eq!(
            status,
            200,
            "{command:?}: {}",
            resp.text().await.unwrap_or_default()
        );
    }

    /// Sends `commands` in order, each of which must succeed.
    pub async fn ok_all(&self, id: CaseId, commands: impl IntoIterator<Item = Command>) {
        for command in commands {
            self.ok(id, command).await;
        }
    }
}

/// A valid intake body of `kind` (customer and product filled in).
pub fn intake(kind: &str, title: &str) -> Value {
    json!({
        "kind": kind,
        "title": title,
        "channel": "hotline",
        "description": "Display shows F07 after rain.",
        "customer": { "name": "阳光农场合作社", "phone": "+86 138 1000 2001", "email": "farm@example.cn" },
        "product": {
            "model": "SUN-10K-G", "serial": "SN2409B00042", "batch": "2409B",
            "purchase_date": "2026-01-10",
            "price_paid": { "minor": 1280000, "currency": "CNY" }
        }
    })
}

/// A valid public request body of `kind` (`repair` or `return`): only what
/// a customer can know, with the price they state.
pub fn public_intake(kind: &str, title: &str) -> Value {
    json!({
        "kind": kind,
        "title": title,
        "description": "Display shows F07 after rain.",
        "customer": { "name": "阳光农场合作社", "phone": "+86 138 1000 2001", "email": "farm@example.cn" },
        "product": {
            "model": "SUN-10K-G", "serial": "SN2409B00042",
            "purchase_date": "2026-01-10",
            "stated_price": { "minor": 1280000, "currency": "CNY" }
        }
    })
}

/// Asserts the status and that the body is the documented error shape;
/// returns the body.
pub async fn expect_error(resp: Response, status: StatusCode, code: &str) -> ErrorBody {
    let actual = resp.status();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let raw: Value = resp.json().await.expect("error body is JSON");
    assert_eq!(actual, status, "status for expected `{code}`: {raw}");
    assert!(
        content_type.starts_with("application/json"),
        "error is JSON, got {content_type}"
    );
    for key in ["error", "message", "fields"] {
        assert!(raw.get(key).is_some(), "error body has `{key}`: {raw}");
    }
    let body: ErrorBody = serde_json::from_value(raw).expect("error body shape");
    assert_eq!(body.error, code, "{}", body.message);
    assert!(!body.message.is_empty(), "error message is not empty");
    body
}
