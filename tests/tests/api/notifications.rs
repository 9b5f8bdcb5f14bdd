//! Notifications through a webhook that fails: a case's outbox retries each
//! message with growing gaps under one message id (the payload's
//! `message_id` and the `Idempotency-Key` header, the same on every
//! attempt), records it sent once the hook answers 2xx, and gives it up
//! after the attempts its retry policy allows, which the case and the
//! sales rep's home then show. Each test runs a server of its own pointed
//! at a webhook of its own (`NOTIFY_WEBHOOK`), with short retry gaps
//! (`NOTIFY_RETRY_BASE_MS`, `NOTIFY_RETRY_ATTEMPTS`).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::notify::Delivery;
use afterloop_domain::wire::{CaseView, RepPage, Timeline};
use afterloop_domain::{CaseId, Change, Command};
use afterloop_tests::client::User;
use afterloop_tests::{intake, unique, OwnServer, Who};
use serde_json::{json, Value};

/// One request the webhook received.
#[derive(Clone, Debug)]
struct Hit {
    at: Instant,
    idempotency_key: Option<String>,
    body: Value,
}

impl Hit {
    fn message_id(&self) -> &str {
        self.body["message_id"].as_str().unwrap_or_default()
    }
}

/// A webhook on a free local port that answers 503 to the first `fails`
/// requests of each message id and 200 after, recording every request.
struct Hook {
    url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Hook {
    fn start(fails: usize) -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
        let seen = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream);
                let (mut length, mut key) = (0, None);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        let value = value.trim().to_owned();
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.parse().unwrap_or(0),
                            "idempotency-key" => key = Some(value),
                            _ => {}
                        }
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let hit = Hit {
                    at: Instant::now(),
                    idempotency_key: key,
                    body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                };
                let earlier = {
                    let mut hits = seen.lock().unwrap();
                    let earlier = hits
                        .iter()
                        .filter(|h| h.message_id() == hit.message_id())
                        .count();
                    hits.push(hit);
                    earlier
                };
                let status = if earlier < fails {
                    "503 Service Unavailable"
                } else {
                    "200 OK"
                };
                let _ = write!(
                    reader.get_mut(),
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Hook { url, hits }
    }

    /// The requests for one message, in order.
    fn hits_of(&self, message_id: &str) -> Vec<Hit> {
        let hits = self.hits.lock().unwrap();
        hits.iter()
            .filter(|h| h.message_id() == message_id)
            .cloned()
            .collect()
    }

    fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

/// A server of the test's own sending to `hook` with these retry settings.
async fn server(name: &str, hook: &Hook, base_ms: &str, attempts: &str) -> OwnServer {
    let server = OwnServer::start(
        name,
        &[
            ("NOTIFY_WEBHOOK", hook.url.as_str()),
            ("NOTIFY_RETRY_BASE_MS", base_ms),
            ("NOTIFY_RETRY_ATTEMPTS", attempts),
        ],
    );
    let setup = server
        .app()
        .post("/api/v1/setup/demo-users", &json!({}))
        .await;
    assert!(setup.status().is_success(), "demo users");
    server
}

/// The case once `done` holds for its outbox (within a minute).
async fn case_once(staff: &User, id: CaseId, done: impl Fn(&CaseView) -> bool) -> CaseView {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let view = staff.case(id).await;
        if done(&view) {
            return view;
        }
        assert!(
            Instant::now() < deadline,
            "outbox still {:?}",
            view.case.outbox
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn timeline(staff: &User, id: CaseId) -> Timeline {
    staff
        .get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap()
}

/// A hook that fails three times: the message is retried after 1 s, 2 s
/// and 4 s (each gap at least the policy's and longer than the one
/// before), every attempt under the same message id and key, and once the
/// hook answers 200 it is recorded sent, once, and not sent again.
#[tokio::test]
async fn failed_deliveries_are_retried_with_growing_gaps_under_one_message_id() {
    let hook = Hook::start(3);
    let server = server("notify-retry", &hook, "1000", "6").await;
    let staff = server.app().sign_in(Who::Staff).await;
    let id = staff
        .open_with(&intake("repair", &unique("Webhook down")))
        .await;

    let view = case_once(&staff, id, |v| {
        v.case.outbox.iter().all(|n| n.sent_at.is_some())
    })
    .await;
    assert_eq!(view.case.outbox.len(), 1, "one message: received");
    let message_id = format!("{id}/1");
    let hits = hook.hits_of(&message_id);
    assert_eq!(hits.len(), 4, "three failures, then the delivery");
    for hit in &hits {
        assert_eq!(hit.idempotency_key.as_deref(), Some(message_id.as_str()));
        assert_eq!(hit.body["case"], json!(id.to_string()));
        assert_eq!(hit.body["notification"]["id"], json!("1"));
    }
    let gaps: Vec<Duration> = hits.windows(2).map(|w| w[1].at - w[0].at).collect();
    for (i, gap) in gaps.iter().enumerate() {
        let policy = Duration::from_millis(1000 << i);
        assert!(
            *gap + Duration::from_millis(100) >= policy,
            "gap {i} is {gap:?}, at least {policy:?}: {gaps:?}"
        );
    }
    assert!(gaps.windows(2).all(|w| w[1] > w[0]), "gaps grow: {gaps:?}");

    let events = timeline(&staff, id).await.events;
    let sent: Vec<&Vec<String>> = events
        .iter()
        .filter_map(|e| match &e.change {
            Change::NotificationsSent { ids } => Some(ids),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![&vec!["1".to_owned()]], "recorded sent once");
    assert!(!events
        .iter()
        .any(|e| matches!(e.change, Change::NotificationsGaveUp { .. })));

    // A later write sends nothing again.
    staff
        .ok(
            id,
            Command::AddNote {
                text: "Customer called back.".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    assert_eq!(hook.hits_of(&message_id).len(), 4, "delivered once");
}

/// A hook that always fails: each message gets exactly the 3 attempts the
/// policy allows, then the case records it given up (an event with the
/// attempts), its outbox and the sales rep's home say not delivered, and
/// neither a later write nor time brings another attempt.
#[tokio::test]
async fn a_message_that_always_fails_is_given_up_and_shown_not_delivered() {
    let hook = Hook::start(usize::MAX);
    let server = server("notify-give-up", &hook, "500", "3").await;
    let app = server.app();
    let staff = app.sign_in(Who::Staff).await;
    let emma = app.sign_in(Who::SalesRep).await;
    let mut body = intake("repair", &unique("Webhook gone"));
    body["customer"]["sales_rep"] = "emma.sales".into();
    let id = staff.open_with(&body).await;

    let view = case_once(&staff, id, |v| {
        v.case
            .outbox
            .iter()
            .all(|n| matches!(n.delivery(), Delivery::NotDelivered(_)))
    })
    .await;
    assert_eq!(view.case.outbox.len(), 2, "customer and sales rep");
    for n in &view.case.outbox {
        assert!(n.sent_at.is_none());
        let hits = hook.hits_of(&n.message_id(id));
        assert_eq!(hits.len(), 3, "{}: the policy's 3 attempts", n.id);
        assert!(hits
            .iter()
            .all(|h| h.idempotency_key.as_deref() == Some(n.message_id(id).as_str())));
    }

    let events = timeline(&staff, id).await.events;
    let mut given_up = BTreeSet::new();
    for e in &events {
        if let Change::NotificationsGaveUp { ids, attempts } = &e.change {
            assert_eq!(*attempts, 3);
            assert_eq!(e.by.as_ref(), "system");
            given_up.extend(ids.iter().cloned());
        }
    }
    assert_eq!(
        given_up,
        BTreeSet::from(["1".to_owned(), "1-rep".to_owned()]),
        "both recorded given up on the case"
    );
    assert!(!events
        .iter()
        .any(|e| matches!(e.change, Change::NotificationsSent { .. })));

    let page: RepPage = emma
        .get("/api/v1/queues/rep/emma.sales?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let row = page.items.iter().find(|r| r.id == id).expect("her row");
    let told = row.last_told.as_ref().expect("what the customer was told");
    assert!(
        matches!(told.delivery(), Delivery::NotDelivered(_)),
        "not delivered, not sending: {told:?}"
    );

    // No further attempt: not on a later write, nor after the next gap
    // the policy would have had (2 s).
    let before = hook.count();
    staff
        .ok(
            id,
            Command::AddNote {
                text: "Tried to call.".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(hook.count(), before, "no retry after giving up");
}
