//! Many writers on one case: the case's Durable Object serialises them.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::{EntryKind, EntryState};
use afterloop_domain::wire::{CommandResult, Timeline};
use afterloop_domain::{Change, Command};
use afterloop_tests::steps::request_money;
use afterloop_tests::{spawn_app, unique, Who};

#[tokio::test]
async fn fifty_concurrent_appends_from_ten_clients_all_appear_exactly_once() {
    concurrent_appends(10, 5).await;
}

#[tokio::test]
async fn two_hundred_concurrent_appends_from_twenty_clients_all_appear_exactly_once() {
    concurrent_appends(20, 10).await;
}

/// `clients` clients each append `each` notes to one case at the same time.
async fn concurrent_appends(clients: usize, each: usize) {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Busy case")).await;
    let label = unique("note");

    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..clients {
        let user = app
            .sign_in(if client % 2 == 0 {
                Who::Staff
            } else {
                Who::Staff2
            })
            .await;
        let label = label.clone();
        tasks.spawn(async move {
            for n in 0..each {
                let text = format!("{label} client {client} note {n}");
                let resp = user
                    .command(
                        id,
                        Command::AddNote {
                            text,
                            visibility: Visibility::Internal,
                        },
                    )
                    .await;
                assert_eq!(resp.status(), 200);
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }

    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    let notes: Vec<&str> = timeline
        .events
        .iter()
        .filter_map(|e| match &e.change {
            Change::NoteAdded { text, .. } if text.starts_with(&label) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), clients * each);
    let unique_notes: std::collections::HashSet<_> = notes.iter().collect();
    assert_eq!(unique_notes.len(), clients * each, "no note twice");
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
    assert_eq!(by_people, 1 + clients * each, "opened plus every note");
    let view = staff.case(id).await;
    assert_eq!(
        view.case.version as usize,
        seqs.len(),
        "the snapshot folds every event"
    );
}

#[tokio::test]
async fn twenty_concurrent_pays_of_one_approved_refund_pay_once() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let staff2 = app.sign_in(Who::Staff2).await;
    let id = staff.open("refund", &unique("Pay once")).await;
    staff
        .ok(id, request_money(EntryKind::Refund, 9_900, "Goodwill"))
        .await;
    staff2.ok(id, Command::ApproveMoney { entry: 1 }).await;

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let user = if i % 2 == 0 {
            staff.clone()
        } else {
            staff2.clone()
        };
        tasks.spawn(async move {
            user.command(
                id,
                Command::PayMoney {
                    entry: 1,
                    reference: format!("TRY-{i}"),
                },
            )
            .await
        });
    }
    let mut paid = 0;
    let mut refused = 0;
    while let Some(resp) = tasks.join_next().await {
        let resp = resp.unwrap();
        match resp.status().as_u16() {
            200 => {
                let r: CommandResult = resp.json().await.unwrap();
                assert!(r.applied);
                paid += 1;
            }
            409 => {
                let body: serde_json::Value = resp.json().await.unwrap();
                assert_eq!(body["error"], "already_paid");
                refused += 1;
            }
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((paid, refused), (1, 19));
    let timeline: Timeline = staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap();
    let pays = timeline
        .events
        .iter()
        .filter(|e| matches!(e.change, Change::MoneyPaid { .. }))
        .count();
    assert_eq!(pays, 1);
    let view = staff.case(id).await;
    assert_eq!(view.case.money[0].state, EntryState::Paid);
    assert_eq!(view.balance.unwrap().paid_out.minor(), 9_900);
}
