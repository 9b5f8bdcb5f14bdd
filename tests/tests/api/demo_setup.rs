//! The demo's setup routes: the demo users and the demo company's past
//! (`POST /api/v1/setup/history`, writes at past times). They answer only
//! where demo setup is enabled, which `worker/.dev.vars` (read by every
//! local `wrangler dev`, never by `wrangler deploy`) says, and the past only
//! to the seeding manager. Each test runs a server of its own, so the past
//! it writes stays out of the shared server's reports.

use afterloop_domain::time::{DAY_MS, HOUR_MS};
use afterloop_tests::client::{expect_error, intake};
use afterloop_tests::{now, unique, OwnServer, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A past intake by li.na at `at`.
fn past_open(key: &str, at: i64) -> Value {
    json!({
        "case": { "open": {
            "actor": "li.na", "at": at, "idempotency_key": key,
            "case": intake("repair", &unique("Past intake"))
        } },
        "commands": []
    })
}

/// Where demo setup is not enabled (a deployed worker), both setup routes
/// refuse with a JSON error before anything else: no demo users, no past.
#[tokio::test]
async fn demo_setup_is_refused_where_it_is_not_enabled() {
    let server = OwnServer::start("no-demo", &[("DEMO_SETUP", "disabled")]);
    let app = server.app();

    let users = app.post("/api/v1/setup/demo-users", &json!({})).await;
    expect_error(users, StatusCode::FORBIDDEN, "demo_setup_disabled").await;
    let login = app.login("chen.jie", "manager-demo-2026", None).await;
    assert_eq!(login.status(), StatusCode::UNAUTHORIZED, "no demo users");

    // Refused before the session is looked at: signed out, or with any token.
    let body = past_open("no-demo", now().millis() - DAY_MS);
    let past = app.post("/api/v1/setup/history", &body).await;
    expect_error(past, StatusCode::FORBIDDEN, "demo_setup_disabled").await;
    let past = app
        .http
        .post(app.url("/api/v1/setup/history"))
        .bearer_auth("0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    expect_error(past, StatusCode::FORBIDDEN, "demo_setup_disabled").await;
    let batch = json!({ "cases": [body] });
    let past = app.post("/api/v1/setup/history/batch", &batch).await;
    expect_error(past, StatusCode::FORBIDDEN, "demo_setup_disabled").await;
}

/// A local server (demo setup from `.dev.vars`) writes the past for the
/// seeding manager only: at the time given, in order, as a demo user.
#[tokio::test]
async fn only_the_seeding_manager_writes_the_past_in_order() {
    let server = OwnServer::start("demo-history", &[]);
    let app = server.app();
    let setup = app.post("/api/v1/setup/demo-users", &json!({})).await;
    assert_eq!(setup.status(), StatusCode::OK, "demo setup from .dev.vars");
    let at = now().millis() - 30 * DAY_MS;
    let body = past_open("past-1", at);

    let signed_out = app.post("/api/v1/setup/history", &body).await;
    expect_error(signed_out, StatusCode::UNAUTHORIZED, "unauthorized").await;
    for who in [Who::Staff, Who::Tech, Who::SalesRep] {
        let user = app.sign_in(who).await;
        let resp = user.post("/api/v1/setup/history", &body).await;
        expect_error(resp, StatusCode::FORBIDDEN, "not_seeding_manager").await;
    }

    let manager = app.sign_in(Who::Manager).await;
    let opened = manager.post("/api/v1/setup/history", &body).await;
    assert_eq!(opened.status(), StatusCode::CREATED);
    let opened: Value = opened.json().await.unwrap();
    assert_eq!(opened["case"]["created_at"], json!(at));
    assert_eq!(opened["events"][0]["at"], json!(at));
    assert_eq!(opened["events"][0]["by"], json!("li.na"));
    let id = opened["case"]["id"].as_str().unwrap().to_owned();

    let triage = |event_id: &str, at: i64| {
        json!({
            "case": { "existing": { "id": id } },
            "commands": [{ "actor": "li.na", "at": at, "event_id": event_id,
                "command": { "type": "move", "to": { "repair": "triaged" } } }]
        })
    };
    let moved = manager
        .post(
            "/api/v1/setup/history",
            &triage("past-triage", at + HOUR_MS),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["events"][0]["at"], json!(at + HOUR_MS));
    assert_eq!(moved["case"]["first_response_at"], json!(at + HOUR_MS));

    // Sent again: a replay, also once later events exist.
    let again = manager
        .post(
            "/api/v1/setup/history",
            &triage("past-triage", at + HOUR_MS),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(
        again.json::<Value>().await.unwrap()["applied"],
        json!(false)
    );

    // Not before the case's last event, not in the future, only demo users.
    let mut earlier = triage("past-earlier", at + 1);
    earlier["commands"][0]["command"] = json!({ "type": "hold", "reason": "Waiting for photos" });
    let earlier = manager.post("/api/v1/setup/history", &earlier).await;
    expect_error(earlier, StatusCode::CONFLICT, "past_out_of_order").await;
    let future = manager
        .post(
            "/api/v1/setup/history",
            &past_open("past-2", now().millis() + DAY_MS),
        )
        .await;
    let future = expect_error(
        future,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(future.fields[0].field, "case.open.at");
    let mut stranger = past_open("past-3", at);
    stranger["case"]["open"]["actor"] = json!("no.such.user");
    let stranger = manager.post("/api/v1/setup/history", &stranger).await;
    let stranger = expect_error(
        stranger,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(stranger.fields[0].code, "not_demo_user");

    // Many cases in one request, for the seeding manager alone: opened in
    // the order sent (so their numbers follow it), once per key.
    let batch = json!({ "cases": [
        past_open("batch-1", at - 2 * HOUR_MS),
        past_open("batch-2", at - HOUR_MS),
    ] });
    let staff = app.sign_in(Who::Staff).await;
    let refused = staff.post("/api/v1/setup/history/batch", &batch).await;
    expect_error(refused, StatusCode::FORBIDDEN, "not_seeding_manager").await;
    let written = manager.post("/api/v1/setup/history/batch", &batch).await;
    assert_eq!(written.status(), StatusCode::OK);
    let written: Value = written.json().await.unwrap();
    let numbers: Vec<u64> = written["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["opened"], json!(true));
            c["id"].as_str().unwrap()[3..].parse().unwrap()
        })
        .collect();
    assert!(numbers[0] < numbers[1], "{numbers:?}");
    assert_eq!(written["cases"][1]["created_at"], json!(at - HOUR_MS));
    let again = manager.post("/api/v1/setup/history/batch", &batch).await;
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["cases"][0]["opened"], json!(false));
    assert_eq!(again["cases"][1]["events"], json!(0));
}
