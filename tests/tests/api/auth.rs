use afterloop_domain::wire::UserInfo;
use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, Who};
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

    expect_error(locked, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
}
