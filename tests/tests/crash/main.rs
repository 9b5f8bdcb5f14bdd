//! Crash: `kill -9` the server (wrangler and every workerd) in the middle of
//! a stream of writes, restart it on the same persisted state, and check
//! that every acknowledged write is there exactly once and every case still
//! folds cleanly from its events. This test runs a server of its own.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use afterloop_devserver::{free_port, Output, Wrangler};
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::wire::Timeline;
use afterloop_domain::{Case, CaseId, Command, EventId};
use afterloop_tests::client::{spawn_app_at, User};
use afterloop_tests::{output_dir, unique, Who};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

async fn open_cases(user: &User, n: usize) -> Vec<CaseId> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            user.open("repair", &unique(&format!("Crash case {i}")))
                .await,
        );
    }
    ids
}

#[tokio::test]
async fn acknowledged_writes_survive_a_kill_9_and_none_is_duplicated() {
    let state = std::env::temp_dir().join(format!("afterloop-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state);
    let port = free_port().unwrap();
    let root = workspace();
    let log = |n: u32| Output::File(output_dir().join(format!("wrangler-crash-{n}.log")));
    let mut server = Wrangler::start(&root, port, &state, log(1)).unwrap();
    let app = spawn_app_at(&server.url);
    let staff = app.sign_in(Who::Staff).await;
    let cases = open_cases(&staff, 4).await;

    // Writers: 8 clients append notes round-robin over the cases until the
    // server dies; each remembers the writes that were acknowledged.
    let acked: Arc<Mutex<Vec<(CaseId, String, Command)>>> = Arc::default();
    let mut writers = tokio::task::JoinSet::new();
    for w in 0..8 {
        let staff = staff.clone();
        let cases = cases.clone();
        let acked = acked.clone();
        writers.spawn(async move {
            for n in 0..10_000 {
                let id = cases[(w + n) % cases.len()];
                let event_id = format!("crash-w{w}-n{n:05}");
                let note = Command::AddNote {
                    text: format!("writer {w} note {n}"),
                    visibility: Visibility::Internal,
                };
                let body = serde_json::to_value(afterloop_domain::wire::CommandRequest {
                    event_id: EventId::parse(&event_id).unwrap(),
                    command: note.clone(),
                    recorded_at: None,
                })
                .unwrap();
                let sent = staff
                    .app
                    .http
                    .post(staff.app.url(&format!("/api/v1/cases/{id}/commands")))
                    .header("Authorization", format!("Bearer {}", staff.token))
                    .json(&body)
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                match sent {
                    Ok(resp) if resp.status().is_success() => {
                        acked.lock().unwrap().push((id, event_id, note))
                    }
                    Ok(resp) => panic!("a write was refused: {}", resp.status()),
                    Err(_) => return, // the server is gone
                }
            }
        });
    }
    // Let writes flow, then pull the plug.
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if acked.lock().unwrap().len() >= 150 {
            break;
        }
    }
    server.kill_hard();
    while writers.join_next().await.is_some() {}
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 150,
        "writes were flowing when the server died"
    );

    let server2 = Wrangler::start(&root, port, &state, log(2)).unwrap();
    let staff = spawn_app_at(&server2.url).sign_in(Who::Staff).await;
    for id in &cases {
        // A writer retries its last acknowledged write after the crash (the
        // same id, the same command): it is not applied again, and it writes
        // through to KV whatever the crash cut off between the object's log
        // and KV (an unacknowledged write).
        let (_, last, command) = acked
            .iter()
            .rev()
            .find(|(c, _, _)| c == id)
            .expect("writes reached every case");
        let retry = staff.command_with(*id, last, command.clone()).await;
        assert_eq!(retry.status(), 200);
        let result: afterloop_domain::wire::CommandResult = retry.json().await.unwrap();
        assert!(
            !result.applied,
            "{id}: an acknowledged write retried is not applied again"
        );

        let timeline: Timeline = staff
            .get(&format!("/api/v1/cases/{id}/events"))
            .await
            .json()
            .await
            .unwrap();
        let view = staff.case(*id).await;
        // Every acknowledged write is there, once.
        for (_, event_id, _) in acked.iter().filter(|(c, _, _)| c == id) {
            let n = timeline
                .events
                .iter()
                .filter(|e| e.id.as_ref() == event_id.as_str())
                .count();
            assert_eq!(n, 1, "{id}: acknowledged {event_id} appears {n} times");
        }
        // The log is gapless and the case folds from it to what KV serves.
        let seqs: Vec<u32> = timeline.events.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs,
            (1..=seqs.len() as u32).collect::<Vec<_>>(),
            "{id}: gapless log"
        );
        let folded = Case::replay(&timeline.events).expect("the log folds");
        assert_eq!(
            folded, view.case,
            "{id}: snapshot equals the fold of its events"
        );
    }
    drop(server2);
    let _ = std::fs::remove_dir_all(&state);
}
