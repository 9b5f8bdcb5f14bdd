use std::collections::HashSet;

use afterloop_domain::wire::CasePage;
use afterloop_domain::{Case, CaseKind};
use afterloop_tests::client::expect_error;
use afterloop_tests::{spawn_app, unique};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_created_case_can_be_read_back_and_is_listed() {
    let app = spawn_app();
    let title = unique("Fridge compressor clicks");

    let resp = app
        .create_case(
            &json!({ "kind": "repair", "title": format!("  {title}  ") }),
            None,
        )
        .await;

    assert_eq!(resp.status(), StatusCode::CREATED);
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    let created: Case = resp.json().await.unwrap();
    assert_eq!(created.kind, CaseKind::Repair);
    assert_eq!(created.title.as_ref(), title, "title is stored trimmed");
    assert_eq!(location, format!("/api/v1/cases/{}", created.id));

    let read: Case = app.get(&location).await.json().await.unwrap();
    assert_eq!(read, created);

    let page: CasePage = app
        .get("/api/v1/cases?limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        page.items.contains(&created),
        "the new case is on the first page"
    );
    let seqs: Vec<u32> = page.items.iter().map(|c| c.id.sequence()).collect();
    let mut sorted = seqs.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(seqs, sorted, "the list is newest first");
}

#[tokio::test]
async fn a_case_number_is_read_case_insensitively() {
    let app = spawn_app();
    let resp = app
        .create_case(
            &json!({ "kind": "refund", "title": unique("Refund lookup") }),
            None,
        )
        .await;
    let created: Case = resp.json().await.unwrap();

    let lower = created.id.to_string().to_lowercase();
    let read: Case = app
        .get(&format!("/api/v1/cases/{lower}"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(read.id, created.id);
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_returns_the_first_case() {
    let app = spawn_app();
    let key = unique("retry-key").replace(' ', "-");
    let body = json!({ "kind": "return", "title": unique("Kettle lid broken") });

    let first = app.create_case(&body, Some(&key)).await;
    let second = app.create_case(&body, Some(&key)).await;

    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(
        second.status(),
        StatusCode::OK,
        "a replay is not a new case"
    );
    let first: Case = first.json().await.unwrap();
    let second: Case = second.json().await.unwrap();
    assert_eq!(first, second);

    let page: CasePage = app
        .get("/api/v1/cases?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let copies = page.items.iter().filter(|c| c.title == first.title).count();
    assert_eq!(copies, 1, "exactly one case was stored");
}

#[tokio::test]
async fn the_same_key_with_different_content_is_a_conflict() {
    let app = spawn_app();
    let key = unique("conflict-key").replace(' ', "-");
    let first = app
        .create_case(
            &json!({ "kind": "repair", "title": unique("Oven door") }),
            Some(&key),
        )
        .await;
    let original: Case = first.json().await.unwrap();

    let resp = app
        .create_case(
            &json!({ "kind": "repair", "title": unique("Something else") }),
            Some(&key),
        )
        .await;

    expect_error(resp, StatusCode::CONFLICT, "idempotency_conflict").await;
    let still: Case = app
        .get(&format!("/api/v1/cases/{}", original.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still, original, "the stored case is untouched");
}

#[tokio::test]
async fn concurrent_creates_get_distinct_numbers() {
    let app = spawn_app();
    let label = unique("Concurrent");

    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..20 {
        let app = app.clone();
        let title = format!("{label} #{i}");
        tasks.spawn(async move {
            app.create_case(&json!({ "kind": "repair", "title": title }), None)
                .await
        });
    }

    let mut ids = HashSet::new();
    while let Some(resp) = tasks.join_next().await {
        let resp = resp.unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        let case: Case = resp.json().await.unwrap();
        assert!(ids.insert(case.id), "number {} given twice", case.id);
    }
    assert_eq!(ids.len(), 20);
}

#[tokio::test]
async fn the_list_pages_with_a_cursor_without_repeats() {
    let app = spawn_app();
    for i in 0..3 {
        let resp = app
            .create_case(
                &json!({ "kind": "refund", "title": unique(&format!("Paging {i}")) }),
                None,
            )
            .await;
        assert_eq!(resp.status(), StatusCode::CREATED);
    }

    let first: CasePage = app.get("/api/v1/cases?limit=2").await.json().await.unwrap();
    assert_eq!(first.items.len(), 2);
    let cursor = first.cursor.clone().expect("more than two cases: a cursor");
    let second: CasePage = app
        .get(&format!("/api/v1/cases?limit=2&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    assert!(!second.items.is_empty());
    for case in &second.items {
        assert!(
            !first.items.contains(case),
            "{} repeated across pages",
            case.id
        );
        assert!(
            case.id < first.items[1].id,
            "the second page continues downwards"
        );
    }
}
