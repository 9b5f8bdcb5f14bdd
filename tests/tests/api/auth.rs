use std::path::PathBuf;
use std::time::Duration;

use afterloop_devserver::{free_port, Output, Wrangler};
use afterloop_domain::time::HOUR_MS;
use afterloop_domain::wire::UserInfo;
use afterloop_tests::client::{expect_error, spawn_app_at};
use afterloop_tests::now;
use afterloop_tests::{output_dir, spawn_app, Who};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_user_signs_in_sees_themselves_and_signs_out() {
    let app = spawn_app();
    let user = app.sign_in(Who::Staff).await;

    let me: UserInfo = user.get("/api/v1/auth/me").await.json().await.unwrap();
    assert_eq!(me.name.as_ref(), "li.na");

    let out = user.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    expect_error(
        user.get("/api/v1/auth/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn after_logout_the_token_is_refused_and_other_sessions_go_on() {
    let app = spawn_app();
    let phone = app.sign_in(Who::Staff).await;
    let desk = app.sign_in(Who::Staff).await;

    let out = phone.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    for path in ["/api/v1/auth/me", "/api/v1/cases", "/api/v1/queues/mine"] {
        expect_error(
            phone.get(path).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
    }
    // Signing out again is harmless; the same user's other session goes on.
    let again = phone.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    assert_eq!(desk.get("/api/v1/cases").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_lasts_twelve_hours_by_default() {
    let app = spawn_app();
    let before = now();
    let (_, login) = app.log_in(Who::Staff2).await;
    let after = now();
    // The server under test sets no `SESSION_TTL_SECONDS`.
    assert!(
        login.expires_at.millis() >= before.plus_millis(12 * HOUR_MS).millis() - 5_000
            && login.expires_at.millis() <= after.plus_millis(12 * HOUR_MS).millis() + 5_000,
        "expires at {:?}, signed in between {before:?} and {after:?}",
        login.expires_at
    );
}

/// `SESSION_TTL_SECONDS` shortens sessions, below KV's 60 s minimum TTL too:
/// an expired token is refused while KV still holds its session. Runs a
/// server of its own with 2-second sessions, on fresh state under target/.
#[tokio::test]
async fn an_expired_session_is_refused_with_401() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let state = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("session-ttl-state");
    let _ = std::fs::remove_dir_all(&state);
    let server = Wrangler::start_with_vars(
        &root,
        free_port().unwrap(),
        &state,
        Output::File(output_dir().join("wrangler-session-ttl.log")),
        &[("SESSION_TTL_SECONDS", "2")],
    )
    .unwrap();
    let app = spawn_app_at(&server.url);

    let before = now();
    let (user, login) = app.log_in(Who::Staff).await;
    assert!(
        login.expires_at.millis() <= now().plus_millis(2_000).millis()
            && login.expires_at.millis() >= before.plus_millis(2_000).millis() - 1_000,
        "a 2 s session expires 2 s after signing in: {:?}",
        login.expires_at
    );
    assert_eq!(user.get("/api/v1/cases").await.status(), StatusCode::OK);

    let wait = login.expires_at.millis() - now().millis() + 500;
    tokio::time::sleep(Duration::from_millis(wait.max(0) as u64)).await;
    for path in ["/api/v1/auth/me", "/api/v1/cases"] {
        let body = expect_error(
            user.get(path).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
        assert_eq!(body.message, "Your session has ended; sign in again.");
    }
    // Signing in again gives a fresh session.
    let (again, _) = app.log_in(Who::Staff).await;
    assert_eq!(again.get("/api/v1/auth/me").await.status(), StatusCode::OK);

    drop(server);
    let _ = std::fs::remove_dir_all(&state);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_401_without_saying_which() {
    let app = spawn_app();
    app.sign_in(Who::Staff).await;

    let wrong = app
        .post(
            "/api/v1/auth/login",
            &json!({ "user": "li.na", "password": "nope-nope" }),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/login",
            &json!({ "user": "nobody.here", "password": "x" }),
        )
        .await;

    let a = expect_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let b = expect_error(unknown, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(a.message, b.message);
}

#[tokio::test]
async fn staff_endpoints_need_a_session() {
    let app = spawn_app();
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/AL-1001",
        "/api/v1/queues/open",
    ] {
        expect_error(
            app.get(path).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
    }
    let forged = app
        .http
        .get(app.url("/api/v1/cases"))
        .header("Authorization", format!("Bearer {}", "ab".repeat(32)))
        .send()
        .await
        .unwrap();
    expect_error(forged, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn password_guessing_stops_after_ten_failures() {
    let app = spawn_app();
    app.sign_in(Who::Staff).await; // the demo users exist
                                   // A user no other test signs in with, so the lock-out touches nobody else.
    let guess = |n: usize| json!({ "user": "service.desk", "password": format!("guess-{n}") });

    for n in 0..10 {
        let resp = app.post("/api/v1/auth/login", &guess(n)).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let locked = app
        .post(
            "/api/v1/auth/login",
            &json!({ "user": "service.desk", "password": "desk-demo-2026" }),
        )
        .await;

    let wait: u64 = locked
        .headers()
        .get("Retry-After")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((60..=900).contains(&wait), "up to a quarter hour: {wait} s");
    let body = expect_error(locked, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    assert!(
        body.message.contains("minutes") && !body.message.contains("a minute"),
        "the real wait: {}",
        body.message
    );
}
