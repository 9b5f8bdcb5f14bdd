//! The technician's visit through the API: check in and out at the phone's
//! time with an optional position, parts used on site, the technician's job
//! list across days, and the serial's earlier cases.

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::goods::{MovementKind, MovementState};
use afterloop_domain::flow::info::GeoPoint;
use afterloop_domain::wire::CasePage;
use afterloop_domain::{CaseId, Command, Timestamp};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::now;
use afterloop_tests::steps::schedule;
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::StatusCode;

/// A repair of `serial` dispatched to wu.gang at `from` and scheduled.
async fn scheduled(staff: &User, serial: &str, from: Timestamp) -> CaseId {
    let mut body = intake("repair", &unique("Visit API"));
    body["product"]["serial"] = serial.into();
    let id = staff.open_with(&body).await;
    schedule(staff, id, "wu.gang", from, 2).await;
    id
}

fn serial() -> String {
    format!("SNV{}", unique("").replace([' ', '-'], "").to_uppercase())
        .chars()
        .take(24)
        .collect()
}

#[tokio::test]
async fn a_check_in_at_the_phones_time_starts_the_repair_and_the_check_out_ends_the_visit() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = scheduled(&staff, &serial(), now()).await;
    // Recorded on the phone a second ago, sent now.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let arrived = now().plus_millis(-1_000);
    let place = GeoPoint {
        lat_e6: 31_230_400,
        lon_e6: 121_473_700,
        accuracy_m: Some(20),
    };
    tech.ok(
        id,
        Command::CheckIn {
            at: arrived,
            location: Some(place),
        },
    )
    .await;
    let case = staff.case(id).await.case;
    assert_eq!(case.status, Status::Repair(RepairStage::InRepair));
    assert_eq!(case.on_site_at, Some(arrived));
    assert_eq!(case.visits[0].in_location, Some(place));

    let again = tech
        .command(
            id,
            Command::CheckIn {
                at: now(),
                location: None,
            },
        )
        .await;
    expect_error(again, StatusCode::CONFLICT, "already_checked_in").await;
    let future = tech
        .command(
            id,
            Command::CheckOut {
                at: now().plus_millis(3_600_000),
                location: None,
            },
        )
        .await;
    let body = expect_error(
        future,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.fields[0].field, "command.at");
    assert_eq!(body.fields[0].code, "in_future");

    tech.ok(
        id,
        Command::CheckOut {
            at: now(),
            location: None,
        },
    )
    .await;
    let case = staff.case(id).await.case;
    assert!(case.visits[0].checked_out.is_some());
}

#[tokio::test]
async fn another_technician_is_told_the_job_is_not_theirs() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let other = app.sign_in(Who::Tech2).await;
    let id = scheduled(&staff, &serial(), now()).await;
    let resp = other
        .command(
            id,
            Command::CheckIn {
                at: now(),
                location: None,
            },
        )
        .await;
    let body = expect_error(resp, StatusCode::FORBIDDEN, "not_your_case").await;
    assert!(body.message.contains("reassigned"), "{}", body.message);
    // Staff may not check in for the technician.
    let resp = staff
        .command(
            id,
            Command::CheckIn {
                at: now(),
                location: None,
            },
        )
        .await;
    expect_error(resp, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn a_part_used_on_site_is_consumed_from_stock() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = scheduled(&staff, &serial(), now()).await;
    tech.ok(
        id,
        Command::UsePart {
            item: "FAN-80".into(),
            serial: None,
            quantity: Some(2),
        },
    )
    .await;
    let case = staff.case(id).await.case;
    let part = &case.goods[0];
    assert_eq!(
        (part.kind, part.state, part.quantity),
        (MovementKind::SparePart, MovementState::Consumed, 2)
    );
    let bad = tech
        .command(
            id,
            Command::UsePart {
                item: String::new(),
                serial: None,
                quantity: Some(0),
            },
        )
        .await;
    let body = expect_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<_> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["command.item", "command.quantity"]);
}

#[tokio::test]
async fn a_technicians_jobs_list_every_open_visit_in_day_and_window_order() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let other = app.sign_in(Who::Tech2).await;
    let day = 24 * 3_600_000;
    let later = scheduled(&staff, &serial(), now().plus_millis(30 * day)).await;
    let sooner = scheduled(&staff, &serial(), now().plus_millis(29 * day)).await;
    let page: CasePage = tech
        .get("/api/v1/queues/tech/wu.gang?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<CaseId> = page.items.iter().map(|r| r.id).collect();
    let (a, b) = (
        ids.iter().position(|i| *i == sooner).expect("listed"),
        ids.iter().position(|i| *i == later).expect("listed"),
    );
    assert!(a < b, "the earlier visit comes first");
    expect_error(
        other.get("/api/v1/queues/tech/wu.gang").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_history_lists_the_serials_other_cases_for_the_technician_on_the_job() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let other = app.sign_in(Who::Tech2).await;
    let sn = serial();
    let mut earlier = intake("repair", &unique("Earlier repair"));
    earlier["product"]["serial"] = sn.as_str().into();
    let first = staff.open_with(&earlier).await;
    let id = scheduled(&staff, &sn, now()).await;
    let page: CasePage = tech
        .get(&format!("/api/v1/cases/{id}/history"))
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<CaseId> = page.items.iter().map(|r| r.id).collect();
    assert_eq!(ids, [first], "the earlier case, not this one");
    expect_error(
        other.get(&format!("/api/v1/cases/{id}/history")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}
