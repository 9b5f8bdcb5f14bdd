//! Who may do what, through the API: each role against the endpoints it
//! must be refused, and the ones it must be allowed.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::{Command, Currency, Money, RepairStage, Status, UserId};
use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, unique, Who};
use reqwest::StatusCode;

#[tokio::test]
async fn queues_are_for_staff_and_managers_and_technicians_see_their_own() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let tech = app.sign_in(Who::Tech).await;
    let rep = app.sign_in(Who::SalesRep).await;

    for queue in [
        "recent",
        "open",
        "sla",
        "outstanding",
        "approvals",
        "stage/repair/new",
        "owner/li.na",
        "serial/SN2409B00042",
    ] {
        let path = format!("/api/v1/queues/{queue}");
        assert_eq!(staff.get(&path).await.status(), 200, "staff {queue}");
        assert_eq!(manager.get(&path).await.status(), 200, "manager {queue}");
        expect_error(tech.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
        expect_error(rep.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(tech.get("/api/v1/queues/mine").await.status(), 200);
    assert_eq!(
        tech.get("/api/v1/queues/tech/wu.gang/2026-11-23")
            .await
            .status(),
        200
    );
    expect_error(
        tech.get("/api/v1/queues/tech/sun.hao/2026-11-23").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        staff.get("/api/v1/queues/stage/repair/flying").await,
        StatusCode::BAD_REQUEST,
        "invalid_stage",
    )
    .await;
}

#[tokio::test]
async fn a_technician_works_only_the_cases_dispatched_to_them() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let other = app.sign_in(Who::Tech2).await;
    let id = staff.open("repair", &unique("Dispatch scope")).await;
    let path = format!("/api/v1/cases/{id}");

    expect_error(tech.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    staff
        .ok(
            id,
            Command::Move {
                to: Status::Repair(RepairStage::Triaged),
                note: None,
            },
        )
        .await;
    let now = afterloop_domain::Timestamp::from_millis(1_795_000_000_000);
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: now,
                to: now.plus_millis(7_200_000),
            },
        )
        .await;

    assert_eq!(tech.get(&path).await.status(), 200, "dispatched: may read");
    tech.ok(
        id,
        Command::AddNote {
            text: "On my way".into(),
            visibility: Visibility::Public,
        },
    )
    .await;
    expect_error(other.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    let assign = tech
        .command(
            id,
            Command::Assign {
                owner: UserId::parse("wu.gang").unwrap(),
            },
        )
        .await;
    expect_error(assign, StatusCode::FORBIDDEN, "forbidden").await;
    let cancel = tech
        .command(
            id,
            Command::Move {
                to: Status::Repair(RepairStage::Cancelled),
                note: None,
            },
        )
        .await;
    expect_error(cancel, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn money_above_the_staff_limit_needs_a_manager_and_never_the_requester() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let staff2 = app.sign_in(Who::Staff2).await;
    let manager = app.sign_in(Who::Manager).await;
    let id = staff.open("refund", &unique("Large refund")).await;
    staff
        .ok(
            id,
            Command::RequestMoney {
                kind: EntryKind::Refund,
                direction: None,
                amount: Money::new(500_000, Currency::CNY).unwrap(),
                reason: "Full refund of the battery".into(),
            },
        )
        .await;

    expect_error(
        staff.command(id, Command::ApproveMoney { entry: 1 }).await,
        StatusCode::FORBIDDEN,
        "self_approval",
    )
    .await;
    expect_error(
        staff2.command(id, Command::ApproveMoney { entry: 1 }).await,
        StatusCode::FORBIDDEN,
        "manager_required",
    )
    .await;
    manager.ok(id, Command::ApproveMoney { entry: 1 }).await;
}

#[tokio::test]
async fn a_sales_rep_reads_only_their_customers_cases() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let rep = app.sign_in(Who::SalesRep).await;
    let mut body = afterloop_tests::intake("repair", &unique("Rep's customer"));
    body["customer"]["sales_rep"] = "emma.sales".into();
    let theirs: serde_json::Value = staff.create_case(&body, None).await.json().await.unwrap();
    let other = staff.open("repair", &unique("Not the rep's")).await;

    let read = rep
        .get(&format!("/api/v1/cases/{}", theirs["id"].as_str().unwrap()))
        .await;
    assert_eq!(read.status(), 200);
    let view: serde_json::Value = read.json().await.unwrap();
    assert_eq!(view["owner"], "staff", "a sales rep gets the public view");
    expect_error(
        rep.get(&format!("/api/v1/cases/{other}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

/// Every staff endpoint against every role: who gets through (2xx) and who
/// is refused (401 signed out, 403 signed in without the right).
#[tokio::test]
async fn the_permission_matrix_holds_for_every_endpoint_and_role() {
    use afterloop_tests::client::User;
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let tech = app.sign_in(Who::Tech).await;
    let other_tech = app.sign_in(Who::Tech2).await;
    let rep = app.sign_in(Who::SalesRep).await;
    let id = staff.open("repair", &unique("Matrix")).await;
    staff
        .ok(
            id,
            Command::Move {
                to: Status::Repair(RepairStage::Triaged),
                note: None,
            },
        )
        .await;
    let now = afterloop_domain::Timestamp::from_millis(1_795_000_000_000);
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: now,
                to: now.plus_millis(3_600_000),
            },
        )
        .await;

    // (what, method, path): reads, then writes that change nothing harmful.
    let case_path = format!("/api/v1/cases/{id}");
    let endpoints: Vec<(&str, &str, String)> = vec![
        ("list cases", "GET", "/api/v1/cases".into()),
        ("read case", "GET", case_path.clone()),
        ("timeline", "GET", format!("{case_path}/events")),
        ("open queue", "GET", "/api/v1/queues/open".into()),
        ("approvals", "GET", "/api/v1/queues/approvals".into()),
        ("my queue", "GET", "/api/v1/queues/mine".into()),
        ("internal note", "NOTE", format!("{case_path}/commands")),
        ("assign", "ASSIGN", format!("{case_path}/commands")),
    ];
    // Expected: Some(true) allowed, Some(false) 403; signed-out callers always 401.
    let roles: [(&str, Option<&User>, [bool; 8]); 5] = [
        (
            "staff",
            Some(&staff),
            [true, true, true, true, true, true, true, true],
        ),
        (
            "manager",
            Some(&manager),
            [true, true, true, true, true, true, true, true],
        ),
        (
            "dispatched technician",
            Some(&tech),
            [false, true, true, false, false, true, true, false],
        ),
        (
            "other technician",
            Some(&other_tech),
            [false, false, false, false, false, true, false, false],
        ),
        (
            "sales rep",
            Some(&rep),
            [false, false, false, false, false, true, false, false],
        ),
    ];
    for (role, user, expected) in roles {
        let user = user.unwrap();
        for ((what, method, path), allowed) in endpoints.iter().zip(expected) {
            let resp = match *method {
                "GET" => user.get(path).await,
                "NOTE" => {
                    user.command(
                        id,
                        Command::AddNote {
                            text: format!("{role} was here"),
                            visibility: Visibility::Internal,
                        },
                    )
                    .await
                }
                _ => {
                    user.command(
                        id,
                        Command::Assign {
                            owner: UserId::parse("li.na").unwrap(),
                        },
                    )
                    .await
                }
            };
            let status = resp.status();
            if allowed {
                assert!(status.is_success(), "{role} should {what}: got {status}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{role} must not {what}");
                let body: serde_json::Value = resp.json().await.unwrap();
                assert_eq!(body["error"], "forbidden");
            }
        }
    }
    for (what, method, path) in &endpoints {
        let resp = match *method {
            "GET" => app.get(path).await,
            _ => app.post(path, &serde_json::json!({ "event_id": "evt-anon-0001", "command": { "type": "resume" } })).await,
        };
        assert_eq!(
            resp.status(),
            StatusCode::UNAUTHORIZED,
            "signed out: {what}"
        );
    }
}
