//! Each kind end to end through the API, illegal moves, and refusals that
//! leave the stored case byte-identical.

use afterloop_domain::flow::goods::{Direction, MovementState};
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::flow::money::{EntryKind, EntryState};
use afterloop_domain::wire::{CommandResult, Timeline};
use afterloop_domain::{
    CaseId, Command, Currency, Money, RefundStage, RepairStage, ReturnStage, Status, Timestamp,
    UserId,
};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::steps::{move_to, pay, request_money, Movement};
use afterloop_tests::{spawn_app, unique, Who};
use reqwest::StatusCode;

/// What must not change when a command is refused: the log and the snapshot.
async fn stored(user: &User, id: CaseId) -> (String, String) {
    let events = user
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .text()
        .await
        .unwrap();
    let mut case: serde_json::Value = user
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    case.as_object_mut().unwrap().remove("sla"); // computed at read time
    (events, case.to_string())
}

#[tokio::test]
async fn a_repair_goes_from_new_to_closed_with_a_technician() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = staff.open("repair", &unique("Inverter F07")).await;
    let start = staff.case(id).await.case.created_at;

    staff
        .ok(id, move_to(Status::Repair(RepairStage::Triaged)))
        .await;
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: start.plus_millis(3_600_000),
                to: start.plus_millis(3 * 3_600_000),
            },
        )
        .await;
    staff
        .ok(id, move_to(Status::Repair(RepairStage::Scheduled)))
        .await;
    tech.ok(id, move_to(Status::Repair(RepairStage::InRepair)))
        .await;
    tech.ok(
        id,
        Movement::spare_part(
            Direction::StockToSite,
            "IGBT module",
            Some(Money::new(42_000, Currency::CNY).unwrap()),
        )
        .into(),
    )
    .await;
    tech.ok(
        id,
        Command::AdvanceMovement {
            movement: 1,
            to: MovementState::Consumed,
            carrier: None,
            tracking: None,
        },
    )
    .await;
    let early = tech
        .command(id, move_to(Status::Repair(RepairStage::Resolved)))
        .await;
    expect_error(early, StatusCode::CONFLICT, "diagnosis_required").await;
    tech.ok(
        id,
        Command::Diagnose {
            root_cause: RootCause::ComponentFailure,
            failed_part: Some("IGBT module".into()),
            resolution: "Replaced IGBT".into(),
        },
    )
    .await;
    tech.ok(id, move_to(Status::Repair(RepairStage::Resolved)))
        .await;
    staff
        .ok(id, move_to(Status::Repair(RepairStage::Closed)))
        .await;

    let view = staff.case(id).await;
    assert_eq!(view.case.status, Status::Repair(RepairStage::Closed));
    assert!(view.case.on_site_at.is_some() && view.case.resolved_at.is_some());
    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    let seqs: Vec<u32> = timeline.events.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as u32).collect::<Vec<_>>(),
        "a gapless log"
    );
    let by_people = timeline
        .events
        .iter()
        .filter(|e| e.by.as_ref() != "system")
        .count();
    assert_eq!(by_people, 10, "one event per accepted command");
    let sent = timeline
        .events
        .iter()
        .filter(|e| matches!(e.change, afterloop_domain::Change::NotificationsSent { .. }))
        .count();
    assert_eq!(
        sent, 4,
        "received, scheduled, resolved and survey messages were sent"
    );
}

#[tokio::test]
async fn a_return_and_a_refund_run_to_closed() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let staff2 = app.sign_in(Who::Staff2).await;
    let manager = app.sign_in(Who::Manager).await;

    let ret = staff.open("return", &unique("Wrong model delivered")).await;
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::Authorised)))
        .await;
    staff
        .ok(
            ret,
            Movement {
                serial: Some("SN2409B00042".into()),
                ..Movement::defective_unit()
            }
            .into(),
        )
        .await;
    let outstanding: afterloop_domain::wire::CasePage = staff
        .get("/api/v1/queues/outstanding?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        outstanding.items.iter().any(|r| r.id == ret),
        "the unit shows as outstanding"
    );
    staff
        .ok(
            ret,
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Shipped,
                carrier: Some("SF Express".into()),
                tracking: Some("SF1234".into()),
            },
        )
        .await;
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::InTransit)))
        .await;
    staff
        .ok(
            ret,
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Received,
                carrier: None,
                tracking: None,
            },
        )
        .await;
    let outstanding: afterloop_domain::wire::CasePage = staff
        .get("/api/v1/queues/outstanding?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !outstanding.items.iter().any(|r| r.id == ret),
        "received: no longer outstanding"
    );
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::Received)))
        .await;
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::Inspected)))
        .await;
    staff
        .ok(
            ret,
            request_money(EntryKind::Refund, 1_280_000, "Defect confirmed"),
        )
        .await;
    manager.ok(ret, Command::ApproveMoney { entry: 1 }).await;
    staff2.ok(ret, pay(1, "BANK-1")).await;
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::Refunded)))
        .await;
    staff
        .ok(ret, move_to(Status::Return(ReturnStage::Closed)))
        .await;
    let view = staff.case(ret).await;
    assert_eq!(view.case.status, Status::Return(ReturnStage::Closed));
    let balance = view.balance.unwrap();
    assert_eq!(balance.paid_out.minor(), 1_280_000);

    let refund = staff.open("refund", &unique("Price dropped")).await;
    staff
        .ok(
            refund,
            Command::RequestMoney {
                kind: EntryKind::PriceDifference,
                direction: Some(afterloop_domain::flow::money::MoneyDirection::ToCustomer),
                amount: Money::new(50_000, Currency::CNY).unwrap(),
                reason: "Price adjustment".into(),
            },
        )
        .await;
    staff2.ok(refund, Command::ApproveMoney { entry: 1 }).await;
    staff
        .ok(refund, move_to(Status::Refund(RefundStage::Approved)))
        .await;
    staff.ok(refund, pay(1, "WX-9")).await;
    staff
        .ok(refund, move_to(Status::Refund(RefundStage::Paid)))
        .await;
    staff
        .ok(refund, move_to(Status::Refund(RefundStage::Closed)))
        .await;
    let view = staff.case(refund).await;
    assert_eq!(view.case.money[0].state, EntryState::Paid);
}

#[tokio::test]
async fn an_illegal_move_is_409_naming_the_allowed_stages_and_changes_nothing() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Illegal move")).await;
    let before = stored(&staff, id).await;

    let resp = staff
        .command(id, move_to(Status::Repair(RepairStage::Closed)))
        .await;

    let err = expect_error(resp, StatusCode::CONFLICT, "illegal_transition").await;
    assert!(
        err.message.contains("triaged") && err.message.contains("cancelled"),
        "{}",
        err.message
    );
    assert_eq!(
        stored(&staff, id).await,
        before,
        "byte-identical after the refusal"
    );
}

#[tokio::test]
async fn every_kind_of_refusal_leaves_the_case_byte_identical() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = staff.open("refund", &unique("Refusals")).await;
    staff
        .ok(id, request_money(EntryKind::Refund, 1000, "Goodwill"))
        .await;
    let before = stored(&staff, id).await;

    let refusals = [
        (
            staff.command(id, Command::ApproveMoney { entry: 1 }).await,
            StatusCode::FORBIDDEN,
            "self_approval",
        ),
        (
            staff.command(id, pay(1, "X")).await,
            StatusCode::CONFLICT,
            "not_approved",
        ),
        (
            staff.command(id, Command::ApproveMoney { entry: 9 }).await,
            StatusCode::NOT_FOUND,
            "entry_not_found",
        ),
        (
            staff
                .command(id, request_money(EntryKind::Refund, 1_279_001, "Too much"))
                .await,
            StatusCode::CONFLICT,
            "exceeds_customer_paid",
        ),
        (
            staff
                .command(
                    id,
                    Command::AddNote {
                        text: " ".into(),
                        visibility: Visibility::Internal,
                    },
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            tech.command(
                id,
                Command::AddNote {
                    text: "hi".into(),
                    visibility: Visibility::Internal,
                },
            )
            .await,
            StatusCode::FORBIDDEN,
            // A technician not on the case is told it is not theirs.
            "not_your_case",
        ),
        (
            staff
                .command(
                    id,
                    Command::Dispatch {
                        technician: UserId::parse("wu.gang").unwrap(),
                        from: Timestamp::from_millis(0),
                        to: Timestamp::from_millis(1),
                    },
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
    ];
    for (resp, status, code) in refusals {
        expect_error(resp, status, code).await;
    }
    assert_eq!(stored(&staff, id).await, before);
}

#[tokio::test]
async fn the_same_event_id_sent_three_times_is_applied_once() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Offline phone retries")).await;
    let event_id = unique("phone-note").replace(' ', "-");
    let note = Command::AddNote {
        text: "Customer not home, left a card".into(),
        visibility: Visibility::Public,
    };

    let mut results = Vec::new();
    for _ in 0..3 {
        let resp = staff.command_with(id, &event_id, note.clone()).await;
        assert_eq!(resp.status(), 200);
        results.push(resp.json::<CommandResult>().await.unwrap());
    }

    assert_eq!(
        results.iter().map(|r| r.applied).collect::<Vec<_>>(),
        [true, false, false]
    );
    assert!(
        results.iter().all(|r| r.events == results[0].events),
        "replays return the first events"
    );
    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        timeline
            .events
            .iter()
            .filter(|e| e.id.as_ref() == event_id)
            .count(),
        1
    );
    let notes = timeline
        .events
        .iter()
        .filter(|e| matches!(e.change, afterloop_domain::Change::NoteAdded { .. }))
        .count();
    assert_eq!(notes, 1);
}
