//! Administration: managers manage users and read the rules in force;
//! nobody else may. Staff and managers read the directory of active users.

use std::time::{SystemTime, UNIX_EPOCH};

use afterloop_domain::access::Role;
use afterloop_domain::wire::{AdminUser, UserDirectory, UserList};
use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, TestApp, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn fresh_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("new.{:x}", nanos % 0xffff_ffff_ffff)
}

async fn login(app: &TestApp, user: &str, password: &str) -> reqwest::Response {
    app.post(
        "/api/v1/auth/login",
        &json!({ "user": user, "password": password }),
    )
    .await
}

#[tokio::test]
async fn a_manager_creates_changes_and_disables_a_user() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let name = fresh_name();
    let resp = manager
        .post(
            "/api/v1/admin/users",
            &json!({ "name": name, "display_name": "王芳 Wang Fang", "role": "staff", "language": "zh-CN", "password": "first-password-1" }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let created: AdminUser = resp.json().await.unwrap();
    assert_eq!(created.name.as_ref(), name);
    assert!(!created.disabled);

    // Listed, and no secret ever leaves the worker.
    let resp = manager.get("/api/v1/admin/users").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let raw: Value = resp.json().await.unwrap();
    let text = raw.to_string();
    assert!(!text.contains("salt") && !text.contains("hash"), "{text}");
    let list: UserList = serde_json::from_value(raw).unwrap();
    assert!(list.users.iter().any(|u| u.name.as_ref() == name));
    assert!(list.users.iter().any(|u| u.name.as_ref() == "chen.jie"));

    // The new user signs in; the name cannot be taken twice.
    assert_eq!(
        login(&app, &name, "first-password-1").await.status(),
        StatusCode::OK
    );
    expect_error(
        manager
            .post(
                "/api/v1/admin/users",
                &json!({ "name": name, "display_name": "Again", "role": "staff", "password": "another-password" }),
            )
            .await,
        StatusCode::CONFLICT,
        "user_exists",
    )
    .await;

    // Role and password change; disabled, signing in is refused.
    let path = format!("/api/v1/admin/users/{name}");
    let resp = manager
        .post(
            &path,
            &json!({ "role": "technician", "password": "second-password-2" }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        login(&app, &name, "first-password-1").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let resp = login(&app, &name, "second-password-2").await;
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["user"]["role"], "technician");
    manager.post(&path, &json!({ "disabled": true })).await;
    let body = expect_error(
        login(&app, &name, "second-password-2").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert!(body.message.contains("disabled"), "{}", body.message);
    manager.post(&path, &json!({ "disabled": false })).await;
    assert_eq!(
        login(&app, &name, "second-password-2").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn bad_users_are_refused_field_by_field() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let body = expect_error(
        manager
            .post(
                "/api/v1/admin/users",
                &json!({ "name": "Bad Name", "display_name": "", "role": "customer", "language": "fr", "password": "short" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "display_name", "role", "language", "password"]
    );

    // The server signs its own events `system`: no person takes the name.
    let body = expect_error(
        manager
            .post(
                "/api/v1/admin/users",
                &json!({ "name": "system", "display_name": "Sys", "role": "manager", "language": "en", "password": "long-enough-1" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (body.fields[0].field.as_str(), body.fields[0].code.as_str()),
        ("name", "invalid_user")
    );

    // A manager cannot lock themselves out.
    let body = expect_error(
        manager
            .post("/api/v1/admin/users/chen.jie", &json!({ "disabled": true }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.fields[0].code, "own_account");
    expect_error(
        manager
            .post(
                "/api/v1/admin/users/no.such.user",
                &json!({ "display_name": "X" }),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn only_managers_administer() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let resp = manager.get("/api/v1/admin/policy").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let policy: Value = resp.json().await.unwrap();
    assert_eq!(policy["root_causes"].as_array().unwrap().len(), 10);
    assert!(!policy["sla"]["targets"].as_array().unwrap().is_empty());
    assert_eq!(policy["intake_owner"], "service.desk");

    for who in [Who::Staff, Who::Tech, Who::SalesRep] {
        let user = app.sign_in(who).await;
        for path in ["/api/v1/admin/users", "/api/v1/admin/policy"] {
            expect_error(user.get(path).await, StatusCode::FORBIDDEN, "forbidden").await;
        }
        expect_error(
            user.post("/api/v1/admin/users/li.na", &json!({ "role": "manager" }))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    expect_error(
        app.get("/api/v1/admin/users").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn staff_read_the_active_users() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let gone = fresh_name();
    let resp = manager
        .post(
            "/api/v1/admin/users",
            &json!({ "name": gone, "display_name": "Gone", "role": "technician", "password": "first-password-1" }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let resp = manager
        .post(
            &format!("/api/v1/admin/users/{gone}"),
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    let staff = app.sign_in(Who::Staff).await;
    let resp = staff.get("/api/v1/users").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let raw: Value = resp.json().await.unwrap();
    let text = raw.to_string();
    assert!(!text.contains("salt") && !text.contains("hash"), "{text}");
    let dir: UserDirectory = serde_json::from_value(raw).unwrap();
    let role = |name: &str| {
        dir.users
            .iter()
            .find(|u| u.name.as_ref() == name)
            .map(|u| u.role)
    };
    assert_eq!(role("li.na"), Some(Role::Staff));
    assert_eq!(role("wu.gang"), Some(Role::Technician));
    assert_eq!(role(&gone), None, "a disabled user is not offered");
    let names: Vec<&str> = dir.users.iter().map(|u| u.name.as_ref()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);

    let tech = app.sign_in(Who::Tech).await;
    expect_error(
        tech.get("/api/v1/users").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        app.get("/api/v1/users").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
