//! What a technician's phone keeps for work with no signal: one read
//! (`GET /api/v1/jobs`) with their own open jobs only, each in the
//! technician's view with the timeline a technician may see; and every
//! write sent later keeps the time the phone recorded it.

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::wire::{JobsBundle, Timeline};
use afterloop_domain::{CaseId, Change, Command, Event, Timestamp};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::steps::{move_to, schedule};
use afterloop_tests::{intake, now, spawn_app, unique, Who, PNG};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A repair of `serial` dispatched to `technician` from now, scheduled.
async fn dispatched(staff: &User, technician: &str, serial: &str) -> CaseId {
    let mut body = intake("repair", &unique("Offline bundle"));
    body["product"]["serial"] = serial.into();
    let id = staff.open_with(&body).await;
    schedule(staff, id, technician, now(), 2).await;
    id
}

fn serial() -> String {
    format!("SNB{}", unique("").replace([' ', '-'], "").to_uppercase())
        .chars()
        .take(24)
        .collect()
}

async fn bundle(user: &User) -> (JobsBundle, Value) {
    let resp = user.get("/api/v1/jobs").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let raw: Value = resp.json().await.unwrap();
    (serde_json::from_value(raw.clone()).unwrap(), raw)
}

/// Every key anywhere in `v`.
fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.clone());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn a_technician_reads_only_their_own_open_jobs_in_one_request_as_technician_views() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let other = app.sign_in(Who::Tech2).await;
    let sn = serial();
    let mine = dispatched(&staff, "wu.gang", &sn).await;
    let theirs = dispatched(&staff, "sun.hao", &serial()).await;
    let closed = dispatched(&staff, "wu.gang", &serial()).await;
    // An earlier case of the same serial, never dispatched.
    let mut body = intake("repair", &unique("Earlier repair of the serial"));
    body["product"]["serial"] = sn.clone().into();
    let earlier = staff.open_with(&body).await;
    staff
        .ok(
            mine,
            Command::AddNote {
                text: "Customer prefers mornings.".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    staff.ok(closed, diagnose()).await;
    for to in [
        RepairStage::InRepair,
        RepairStage::Resolved,
        RepairStage::Closed,
    ] {
        staff.ok(closed, move_to(Status::Repair(to))).await;
    }

    let (jobs, raw) = bundle(&tech).await;
    let ids: Vec<CaseId> = jobs.jobs.iter().map(|j| j.case.case.id).collect();
    assert!(ids.contains(&mine), "their open job is there: {ids:?}");
    assert!(!ids.contains(&theirs), "another technician's job is not");
    assert!(!ids.contains(&closed), "a closed job is never sent");
    assert!(
        !ids.contains(&earlier),
        "a case not dispatched to them is not"
    );
    let (their_jobs, _) = bundle(&other).await;
    let their_ids: Vec<CaseId> = their_jobs.jobs.iter().map(|j| j.case.case.id).collect();
    assert!(their_ids.contains(&theirs) && !their_ids.contains(&mine));

    // The technician's view, not the case: no link token, no money, no outbox.
    let mut seen = Vec::new();
    keys(&raw, &mut seen);
    for hidden in ["public_token", "outbox", "money", "balance", "price_paid"] {
        assert!(
            !seen.iter().any(|k| k == hidden),
            "`{hidden}` is not in a technician's bundle"
        );
    }
    let job = jobs.jobs.iter().find(|j| j.case.case.id == mine).unwrap();
    // The timeline is the technician's: what `GET …/events` gives them,
    // without the opening (it carries the customer's link).
    let own: Timeline = tech
        .get(&format!("/api/v1/cases/{mine}/events"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(job.events, own.events);
    assert!(!job
        .events
        .iter()
        .any(|e| matches!(e.change, Change::Opened { .. })));
    assert!(job
        .events
        .iter()
        .any(|e| matches!(&e.change, Change::NoteAdded { text, .. } if text == "Customer prefers mornings.")));
    let full: Timeline = staff
        .get(&format!("/api/v1/cases/{mine}/events"))
        .await
        .json()
        .await
        .unwrap();
    let expected: Vec<Event> = full
        .events
        .iter()
        .filter_map(Event::for_technician)
        .collect();
    assert_eq!(job.events, expected);
    // The serial's earlier cases, for the check on site.
    let earlier_ids: Vec<CaseId> = job.earlier.iter().map(|r| r.id).collect();
    assert_eq!(earlier_ids, [earlier]);

    // Only a technician has jobs.
    for who in [Who::Staff, Who::Manager, Who::SalesRep] {
        let user = app.sign_in(who).await;
        expect_error(
            user.get("/api/v1/jobs").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    expect_error(
        app.get("/api/v1/jobs").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

async fn command_at(
    user: &User,
    id: CaseId,
    command: Command,
    at: Option<Timestamp>,
) -> reqwest::Response {
    let mut body = json!({
        "event_id": unique("recorded").replace(' ', "-"),
        "command": command,
    });
    if let Some(at) = at {
        body["recorded_at"] = json!(at);
    }
    user.post(&format!("/api/v1/cases/{id}/commands"), &body)
        .await
}

fn diagnose() -> Command {
    Command::Diagnose {
        root_cause: RootCause::ComponentFailure,
        failed_part: Some("IGBT module".into()),
        resolution: "Replaced the IGBT module.".into(),
    }
}

#[tokio::test]
async fn a_write_sent_later_keeps_the_time_the_phone_recorded_it() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = dispatched(&staff, "wu.gang", &serial()).await;
    let opened = staff.case(id).await;
    let made = opened.case.created_at.plus_millis(500);
    // Sent a while after it was made, as an outbox does.
    tokio::time::sleep(std::time::Duration::from_millis(2_000)).await;
    let resp = command_at(&tech, id, diagnose(), Some(made)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let full: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    let event = full
        .events
        .iter()
        .find(|e| matches!(e.change, Change::Diagnosed(_)))
        .unwrap();
    assert_eq!(
        event.recorded_at,
        Some(made),
        "the event keeps the phone's time"
    );
    assert!(
        event.at.millis() >= made.millis() + 1_500,
        "and the server's own"
    );
    let case = staff.case(id).await;
    assert_eq!(
        case.case.diagnosis.map(|d| d.at),
        Some(made),
        "dated when made"
    );

    // A photo sent later says when it was taken the same way.
    let photo_at = made.plus_millis(200);
    let resp = tech
        .app
        .http
        .post(tech.app.url(&format!(
            "/api/v1/cases/{id}/attachments?kind=photo&name=unit.png&event_id={}&recorded_at={}",
            unique("photo").replace(' ', "-"),
            photo_at.millis()
        )))
        .header("Authorization", format!("Bearer {}", tech.token))
        .header("Content-Type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let full: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    let attached = full
        .events
        .iter()
        .find(|e| matches!(e.change, Change::Attached(_)))
        .unwrap();
    assert_eq!(attached.recorded_at, Some(photo_at));

    // Not before the case was opened, not ahead of the server beyond a
    // phone's skew: refused with the field named, nothing recorded.
    let before = opened.case.created_at.plus_millis(-60_000);
    let body = expect_error(
        command_at(&tech, id, diagnose(), Some(before)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.fields[0].field, "recorded_at");
    assert_eq!(body.fields[0].code, "too_early");
    let ahead = now().plus_millis(3_600_000);
    let body = expect_error(
        command_at(&tech, id, diagnose(), Some(ahead)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body.fields[0].field, "recorded_at");
    assert_eq!(body.fields[0].code, "in_future");
    let after: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after.events.len(), full.events.len(), "nothing recorded");
    // Not a number: 400 naming it.
    expect_error(
        tech.app
            .http
            .post(tech.app.url(&format!(
                "/api/v1/cases/{id}/attachments?kind=photo&name=unit.png&event_id={}&recorded_at=yesterday",
                unique("photo").replace(' ', "-"),
            )))
            .header("Authorization", format!("Bearer {}", tech.token))
            .header("Content-Type", "image/png")
            .body(PNG.to_vec())
            .send()
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "invalid_recorded_at",
    )
    .await;
}
