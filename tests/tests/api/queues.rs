//! Queue counts and search: what the back office's lists stand on.

use std::time::{SystemTime, UNIX_EPOCH};

use afterloop_domain::wire::{CasePage, QueueCounts};
use afterloop_domain::{Command, RepairStage, Status, UserId};
use afterloop_tests::client::expect_error;
use afterloop_tests::steps::request_money;
use afterloop_tests::{intake, spawn_app, Who};
use reqwest::StatusCode;

fn stamp() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}", nanos % 0xffff_ffff_ffff)
}

async fn counts(user: &afterloop_tests::User) -> QueueCounts {
    let resp = user.get("/api/v1/queues/counts").await;
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap()
}

#[tokio::test]
async fn queue_counts_follow_every_write() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    // An owner nobody else uses, so parallel tests do not move this count.
    let owner = format!("count.{}", stamp());
    // An owner must be an active staff member or manager.
    app.sign_in(Who::Manager)
        .await
        .create_user(&owner, "staff")
        .await;
    let queue = format!("owner/{owner}");
    let a = staff.open("repair", "Counted one").await;
    let b = staff.open("repair", "Counted two").await;
    for id in [a, b] {
        staff
            .ok(
                id,
                Command::Assign {
                    owner: UserId::parse(&owner).unwrap(),
                },
            )
            .await;
    }
    assert_eq!(counts(&staff).await.counts.get(&queue), Some(&2));

    // Closing one takes it out of its owner's open cases.
    staff
        .ok(
            a,
            Command::Move {
                to: Status::Repair(RepairStage::Cancelled),
                note: Some("Customer withdrew".into()),
            },
        )
        .await;
    let now = counts(&staff).await;
    assert_eq!(now.counts.get(&queue), Some(&1));
    // The shared queues are all there for staff.
    for q in ["recent", "open", "sla", "outstanding", "approvals", "mine"] {
        assert!(now.counts.contains_key(q), "count of {q}: {:?}", now.counts);
    }
    assert!(now.counts["open"] >= 1);
}

#[tokio::test]
async fn a_technician_counts_only_their_own_queues() {
    let app = spawn_app();
    let tech = app.sign_in(Who::Tech).await;
    let c = counts(&tech).await;
    assert!(c.counts.contains_key("mine"));
    for q in c.counts.keys() {
        assert!(
            q == "mine" || q == "replies" || q.starts_with("tech/wu.gang/"),
            "a technician sees {q}"
        );
    }
}

#[tokio::test]
async fn search_finds_cases_by_number_serial_phone_and_name() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let s = stamp();
    let serial = format!("SNQ{}", s.to_uppercase());
    let phone_digits = format!(
        "139{:08}",
        u64::from_str_radix(&s, 16).unwrap() % 100_000_000
    );
    let phone = format!(
        "+86 {} {} {}",
        &phone_digits[..3],
        &phone_digits[3..7],
        &phone_digits[7..]
    );
    let name = format!("Qiao Search {s}");
    let mut body = intake("repair", "Searchable");
    body["product"]["serial"] = serial.clone().into();
    body["customer"]["phone"] = phone.into();
    body["customer"]["name"] = name.clone().into();
    let id = staff.open_with(&body).await;

    let find = |q: String| {
        let staff = &staff;
        async move {
            let resp = staff
                .get(&format!("/api/v1/search?q={}", url_escape(&q)))
                .await;
            assert_eq!(resp.status(), StatusCode::OK, "search {q}");
            let page: CasePage = resp.json().await.unwrap();
            page.items.iter().map(|r| r.id).collect::<Vec<_>>()
        }
    };
    assert_eq!(find(id.to_string()).await, vec![id], "by number");
    assert_eq!(
        find(id.sequence().to_string()).await,
        vec![id],
        "by bare number"
    );
    assert!(
        find(serial[..serial.len() - 2].to_lowercase())
            .await
            .contains(&id),
        "by serial start"
    );
    assert!(
        find(phone_digits.clone()).await.contains(&id),
        "by phone without country code"
    );
    assert!(
        find(format!("+86-{phone_digits}")).await.contains(&id),
        "by phone with it"
    );
    assert!(
        find(format!("qiao search {s}")).await.contains(&id),
        "by name, any case"
    );
    assert!(
        !find(format!("qiao search {s}x")).await.contains(&id),
        "a longer name is not a match"
    );

    expect_error(
        staff.get("/api/v1/search?q=").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    expect_error(
        staff
            .get(&format!("/api/v1/search?q={}", "x".repeat(101)))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    let tech = app.sign_in(Who::Tech).await;
    expect_error(
        tech.get("/api/v1/search?q=SN").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        app.get("/api/v1/search?q=SN").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}

fn url_escape(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_money_request_waits_in_the_approvals_queue_until_decided() {
    use afterloop_domain::flow::money::EntryKind;

    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let id = staff.open("refund", "Refund awaiting approval").await;
    staff
        .ok(id, request_money(EntryKind::Refund, 12_300, "Overcharged"))
        .await;
    assert!(in_approvals(&manager, id).await, "requested: listed");
    manager
        .ok(
            id,
            Command::RejectMoney {
                entry: 1,
                reason: "Not overcharged".into(),
            },
        )
        .await;
    assert!(!in_approvals(&manager, id).await, "decided: gone");
}

/// Whether the approvals queue (oldest first, paged) lists case `id`.
async fn in_approvals(user: &afterloop_tests::User, id: afterloop_domain::CaseId) -> bool {
    let mut cursor = String::new();
    for _ in 0..50 {
        let resp = user
            .get(&format!(
                "/api/v1/queues/approvals?limit=100&cursor={cursor}"
            ))
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
        let page: CasePage = resp.json().await.unwrap();
        if page.items.iter().any(|r| r.id == id) {
            return true;
        }
        match page.cursor {
            Some(c) => cursor = url_escape(&c),
            None => return false,
        }
    }
    false
}
