use std::collections::HashSet;

use afterloop_domain::wire::{CasePage, CaseView};
use afterloop_domain::CaseKind;
use afterloop_tests::client::expect_error;
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::StatusCode;

#[tokio::test]
async fn a_created_case_can_be_read_back_and_is_listed() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let title = unique("Inverter trips at noon");
    let mut body = intake("repair", &format!("  {title}  "));
    body["product"]["purchase_date"] = "2026-01-10".into();

    let resp = staff.create_case(&body, None).await;

    assert_eq!(resp.status(), StatusCode::CREATED);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let created: CaseView = resp.json().await.unwrap();
    let case = &created.case;
    assert_eq!(case.kind(), CaseKind::Repair);
    assert_eq!(case.title.as_ref(), title, "title is stored trimmed");
    assert_eq!(
        case.owner.as_ref(),
        "li.na",
        "the staff member who opens it owns it"
    );
    assert!(
        case.warranty.covers(),
        "bought 2026-01-10 with 24 months: in warranty"
    );
    assert_eq!(case.version, 2, "opened, then the received message sent");
    assert!(case.outbox.iter().all(|n| n.sent_at.is_some()));
    assert_eq!(location, format!("/api/v1/cases/{}", case.id));
    assert!(!created.sla.is_empty(), "SLA clocks are computed");

    let read: CaseView = staff.get(&location).await.json().await.unwrap();
    assert_eq!(read.case, created.case);

    let page: CasePage = staff
        .get("/api/v1/cases?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(page.items.iter().any(|s| s.id == case.id), "listed");
    let seqs: Vec<u32> = page.items.iter().map(|c| c.id.sequence()).collect();
    let mut sorted = seqs.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(seqs, sorted, "the list is newest first");
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_returns_the_first_case() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let key = unique("retry-key").replace(' ', "-");
    let body = intake("return", &unique("Kettle lid broken"));

    let first = staff.create_case(&body, Some(&key)).await;
    let second = staff.create_case(&body, Some(&key)).await;

    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(
        second.status(),
        StatusCode::OK,
        "a replay is not a new case"
    );
    let first: CaseView = first.json().await.unwrap();
    let second: CaseView = second.json().await.unwrap();
    assert_eq!(first.case, second.case);
}

#[tokio::test]
async fn the_same_key_with_different_content_is_a_conflict() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let key = unique("conflict-key").replace(' ', "-");
    let first = staff
        .create_case(&intake("repair", &unique("Oven door")), Some(&key))
        .await;
    let original: CaseView = first.json().await.unwrap();

    let resp = staff
        .create_case(&intake("repair", &unique("Other")), Some(&key))
        .await;

    expect_error(resp, StatusCode::CONFLICT, "idempotency_conflict").await;
    let still: CaseView = staff
        .get(&format!("/api/v1/cases/{}", original.case.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still.case, original.case, "the stored case is untouched");
}

#[tokio::test]
async fn concurrent_creates_get_distinct_numbers() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let label = unique("Concurrent");
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let staff = staff.clone();
        let title = format!("{label} #{i}");
        tasks.spawn(async move { staff.create_case(&intake("repair", &title), None).await });
    }
    let mut ids = HashSet::new();
    while let Some(resp) = tasks.join_next().await {
        let resp = resp.unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        let case: CaseView = resp.json().await.unwrap();
        assert!(
            ids.insert(case.case.id),
            "number {} given twice",
            case.case.id
        );
    }
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn the_list_pages_with_a_cursor_without_repeats() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    for i in 0..3 {
        staff.open("refund", &unique(&format!("Paging {i}"))).await;
    }

    let first: CasePage = staff
        .get("/api/v1/cases?limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2);
    let cursor = first.cursor.clone().expect("more than two cases: a cursor");
    let second: CasePage = staff
        .get(&format!("/api/v1/cases?limit=2&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    assert!(!second.items.is_empty());
    for case in &second.items {
        assert!(
            !first.items.iter().any(|f| f.id == case.id),
            "{} repeated",
            case.id
        );
        assert!(
            case.id < first.items[1].id,
            "the second page continues downwards"
        );
    }
}
