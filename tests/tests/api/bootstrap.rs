//! The first manager of a real deployment (`POST /setup/first-manager`):
//! created once, with the server's bootstrap token, while no manager exists.

use afterloop_domain::access::Role;
use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, OwnServer, TestApp, TRUSTING};
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

const TOKEN: &str = "a-long-random-bootstrap-token-for-this-test";

async fn bootstrap(app: &TestApp, token: Option<&str>, body: &Value) -> Response {
    let mut req = app
        .http
        .post(app.url("/api/v1/setup/first-manager"))
        .json(body);
    if let Some(token) = token {
        req = req.header("X-Bootstrap-Token", token);
    }
    req.send().await.unwrap()
}

fn manager(name: &str) -> Value {
    json!({
        "name": name, "display_name": "First Manager", "role": "manager",
        "language": "en", "password": "first-manager-2026"
    })
}

/// On a fresh deployment whose token is set: refused without it and with
/// another one, then the first manager is created and signs in as a
/// manager; a second call, even with the token, is refused.
#[tokio::test]
async fn the_first_manager_is_created_once_and_only_with_the_token() {
    let server = OwnServer::start("bootstrap", &[TRUSTING, ("BOOTSTRAP_TOKEN", TOKEN)]);
    let app = server.app();

    let missing = bootstrap(&app, None, &manager("first.manager")).await;
    expect_error(missing, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let wrong = bootstrap(&app, Some("not-the-token"), &manager("first.manager")).await;
    expect_error(wrong, StatusCode::FORBIDDEN, "bootstrap_token_invalid").await;
    let mut staff = manager("first.staff");
    staff["role"] = json!("staff");
    let not_manager = bootstrap(&app, Some(TOKEN), &staff).await;
    let err = expect_error(
        not_manager,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(err.fields[0].field, "role");

    let created = bootstrap(&app, Some(TOKEN), &manager("first.manager")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let (user, login) = app.log_in_as("first.manager", "first-manager-2026").await;
    assert_eq!(login.user.role, Role::Manager);
    assert_eq!(user.get("/api/v1/admin/users").await.status(), 200);

    let again = bootstrap(&app, Some(TOKEN), &manager("second.manager")).await;
    expect_error(again, StatusCode::CONFLICT, "manager_exists").await;
    let second = app
        .login("second.manager", "first-manager-2026", None)
        .await;
    assert_eq!(second.status(), StatusCode::UNAUTHORIZED, "never created");
}

/// Where no bootstrap token is set (the test server, like a deployment
/// after its first manager), nobody is created, whatever token is sent.
#[tokio::test]
async fn without_a_token_set_no_first_manager_is_created() {
    let app = spawn_app();
    for token in [None, Some(TOKEN)] {
        let resp = bootstrap(&app, token, &manager("someone.else")).await;
        expect_error(resp, StatusCode::FORBIDDEN, "bootstrap_disabled").await;
    }
}
