//! Read-your-writes under a lagging KV: after each write, KV is made to
//! serve the snapshot from before it (`afterloop_tests::lagging`, the real
//! local KV), as an edge of Cloudflare's network may for a minute. A read
//! carrying the version the write's answer gave (`?version=N`) still shows
//! the write; the case's next write heals KV.

use afterloop_domain::flow::goods::{Direction, MovementState};
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::sla::Priority;
use afterloop_domain::view::{PublicEntry, TechCaseView};
use afterloop_domain::wire::{CaseView, CommandResult, TechCommandResult, Timeline, TrackView};
use afterloop_domain::{CaseId, Command, RepairStage, UserId};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::lagging::{LaggingServer, LocalKv};
use afterloop_tests::steps::{cny, repair_to, request_money, Movement};
use afterloop_tests::{unique, Who};
use reqwest::StatusCode;
use serde_json::json;

async fn json<T: serde::de::DeserializeOwned>(user: &User, path: &str) -> T {
    let resp = user.get(path).await;
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

/// Sends `command` as `user` and then makes KV serve the snapshot from
/// before it; checks the lag is real (a plain read shows the older case).
async fn under_lag<T: serde::de::DeserializeOwned>(
    kv: &LocalKv,
    user: &User,
    staff: &User,
    id: CaseId,
    command: Command,
) -> T {
    let previous = kv.snapshot(id);
    let resp = user.command(id, command.clone()).await;
    assert_eq!(resp.status(), 200, "{command:?}");
    let answer: T = resp.json().await.unwrap();
    kv.serve_stale(id, &previous);
    let stale: CaseView = json(staff, &format!("/api/v1/cases/{id}")).await;
    let old: afterloop_domain::Case = serde_json::from_str(&previous).unwrap();
    assert_eq!(stale.case.version, old.version, "KV lags: {command:?}");
    answer
}

#[tokio::test]
async fn staff_read_back_every_kind_of_command_with_the_answers_version_under_a_lagging_kv() {
    let lagging = LaggingServer::start("staff_read_back_every_kind_of_command_wi");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = staff
        .open("repair", &unique("Inverter restarts hourly"))
        .await;
    let start: CaseView = json(&staff, &format!("/api/v1/cases/{id}")).await;
    let at = start.case.created_at;
    let commands = [
        repair_to(RepairStage::Triaged),
        Command::SetPriority {
            priority: Priority::High,
        },
        Command::AddNote {
            text: "Checked the log: F07 at noon.".into(),
            visibility: Visibility::Internal,
        },
        Command::AddNote {
            text: "We will call you today.".into(),
            visibility: Visibility::Public,
        },
        Command::Hold {
            reason: "Waiting for the invoice".into(),
        },
        Command::Resume,
        Command::ConfirmPurchase {
            purchase_date: None,
            price_paid: Some(cny(1_280_000)),
            warranty_months: None,
        },
        Command::Dispatch {
            technician: UserId::parse("wu.gang").unwrap(),
            from: at.plus_millis(3_600_000),
            to: at.plus_millis(3 * 3_600_000),
        },
        repair_to(RepairStage::Scheduled),
        Movement::spare_part(Direction::StockToSite, "IGBT module", Some(cny(42_000))).into(),
        Command::AdvanceMovement {
            movement: 1,
            to: MovementState::Shipped,
            carrier: Some("SF Express".into()),
            tracking: Some("SF1234".into()),
        },
        request_money(EntryKind::Refund, 10_000, "Goodwill"),
        Command::Assign {
            owner: UserId::parse("zhao.lei").unwrap(),
        },
    ];
    for command in commands {
        let answer: CommandResult = under_lag(kv, &staff, &staff, id, command.clone()).await;
        let version = answer.case.case.version;
        if let Some(last) = answer.events.last() {
            assert_eq!(
                last.seq, version,
                "the answer's events reach its case's version: {command:?}"
            );
        }

        let read: CaseView = json(&staff, &format!("/api/v1/cases/{id}?version={version}")).await;
        assert_eq!(read.case, answer.case.case, "{command:?}");
        let timeline: Timeline = json(
            &staff,
            &format!("/api/v1/cases/{id}/events?version={version}"),
        )
        .await;
        assert_eq!(timeline.events.last().map(|e| e.seq), Some(version));
        for e in &answer.events {
            assert!(timeline.events.contains(e), "{command:?}: {e:?}");
        }
    }
}

/// A repair dispatched to wu.gang and scheduled.
async fn scheduled_job(staff: &User) -> CaseId {
    let id = staff
        .open("repair", &unique("No output since the storm"))
        .await;
    let view: CaseView = json(staff, &format!("/api/v1/cases/{id}")).await;
    let at = view.case.created_at;
    staff.ok(id, repair_to(RepairStage::Triaged)).await;
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: at.plus_millis(3_600_000),
                to: at.plus_millis(3 * 3_600_000),
            },
        )
        .await;
    staff.ok(id, repair_to(RepairStage::Scheduled)).await;
    id
}

#[tokio::test]
async fn a_technicians_note_is_read_back_with_the_answers_version_under_a_lagging_kv() {
    let lagging = LaggingServer::start("a_technicians_note_is_read_back_with_the");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let kv = &lagging.kv;
    let id = scheduled_job(&staff).await;
    let text = unique("Fan clogged with dust");

    let answer: TechCommandResult = under_lag(
        kv,
        &tech,
        &staff,
        id,
        Command::AddNote {
            text: text.clone(),
            visibility: Visibility::Internal,
        },
    )
    .await;
    let version = answer.case.case.version;

    let job: TechCaseView = json(&tech, &format!("/api/v1/cases/{id}?version={version}")).await;
    assert_eq!(job.case.version, version);
    let timeline: Timeline = json(
        &tech,
        &format!("/api/v1/cases/{id}/events?version={version}"),
    )
    .await;
    assert!(timeline.events.iter().any(|e| matches!(
        &e.change,
        afterloop_domain::Change::NoteAdded { text: t, .. } if *t == text
    )));
}

#[tokio::test]
async fn the_customers_message_is_on_their_link_with_the_answers_version_under_a_lagging_kv() {
    let lagging = LaggingServer::start("the_customers_message_is_on_their_link_w");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = staff.open("repair", &unique("Display dark")).await;
    let view: CaseView = json(&staff, &format!("/api/v1/cases/{id}")).await;
    let token = view.case.public_token.clone();
    let text = unique("I am home after 3pm");

    let previous = kv.snapshot(id);
    let resp = app
        .post(
            &format!("/api/v1/track/{token}/messages"),
            &json!({ "event_id": unique("cust").replace(' ', "-"), "text": text }),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let answer: TrackView = resp.json().await.unwrap();
    let version = answer.case.case.version;
    kv.serve_stale(id, &previous);

    let has_message = |v: &TrackView| {
        v.events
            .iter()
            .any(|e| matches!(&e.entry, PublicEntry::Message { text: t } if *t == text))
    };
    let stale: TrackView = app
        .get(&format!("/api/v1/track/{token}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!has_message(&stale), "KV lags: the plain read is older");
    let fresh: TrackView = app
        .get(&format!("/api/v1/track/{token}?version={version}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(has_message(&fresh), "their own message is on their link");
    assert_eq!(fresh.case.case.version, version);
}

#[tokio::test]
async fn the_next_write_heals_a_lagging_kv() {
    let lagging = LaggingServer::start("the_next_write_heals_a_lagging_kv");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = staff.open("repair", &unique("Battery swells")).await;
    let moved: CaseView = {
        let answer: CommandResult =
            under_lag(kv, &staff, &staff, id, repair_to(RepairStage::Triaged)).await;
        answer.case
    };

    let resp = staff
        .command(
            id,
            Command::AddNote {
                text: "Asked for photos.".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    assert_eq!(resp.status(), 200);
    let noted: CommandResult = resp.json().await.unwrap();

    // A plain read (no version): KV holds the newest snapshot again.
    let read: CaseView = json(&staff, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(read.case, noted.case.case);
    assert_eq!(read.case.status, moved.case.status);
    let stored: afterloop_domain::Case = serde_json::from_str(&kv.snapshot(id)).unwrap();
    assert_eq!(stored.version, noted.case.case.version);
    let timeline: Timeline = json(&staff, &format!("/api/v1/cases/{id}/events")).await;
    let seqs: Vec<u32> = timeline.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=stored.version).collect::<Vec<_>>(), "no gap");
}

#[tokio::test]
async fn a_version_that_is_not_one_is_refused_with_a_json_error() {
    let lagging = LaggingServer::start("a_version_that_is_not_one_is_refused_wit");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Fuse blown")).await;
    let view: CaseView = json(&staff, &format!("/api/v1/cases/{id}")).await;
    let token = view.case.public_token;
    for bad in ["abc", "-1", "4294967296", "", "1.5"] {
        for path in [
            format!("/api/v1/cases/{id}?version={bad}"),
            format!("/api/v1/cases/{id}/events?version={bad}"),
        ] {
            let body = expect_error(
                staff.get(&path).await,
                StatusCode::BAD_REQUEST,
                "invalid_version",
            )
            .await;
            assert_eq!(body.fields[0].field, "version", "{path}");
        }
        let path = format!("/api/v1/track/{token}?version={bad}");
        let body = expect_error(
            app.get(&path).await,
            StatusCode::BAD_REQUEST,
            "invalid_version",
        )
        .await;
        assert_eq!(body.fields[0].field, "version", "{path}");
    }
}
