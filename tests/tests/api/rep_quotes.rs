//! The sales rep's list of her customers' cases (her rows only, never the
//! full case; another rep's list refused) and quotes answered on the
//! customer's link (bad input refused, answered once).

use afterloop_domain::wire::RepPage;
use afterloop_domain::{CaseId, Command, Currency, Money};
use afterloop_tests::client::expect_error;
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Keys that belong to the full case and never reach a rep's row.
const INTERNAL: [&str; 8] = [
    "public_token",
    "outbox",
    "owner",
    "description",
    "money",
    "attachments",
    "diagnosis",
    "phone",
];

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

async fn open_for(staff: &afterloop_tests::User, rep: &str, title: &str) -> CaseId {
    let mut body = intake("repair", title);
    if !rep.is_empty() {
        body["customer"]["sales_rep"] = rep.into();
    }
    staff.open_with(&body).await
}

#[tokio::test]
async fn a_sales_rep_lists_only_her_customers_cases_as_her_rows() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let emma = app.sign_in(Who::SalesRep).await;
    let other = unique("rep").replace(' ', ".").to_lowercase();
    let other: String = other
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .take(30)
        .collect();
    manager.create_user(&other, "sales_rep").await;
    let (other_rep, _) = app.log_in_as(&other, "test-password-1").await;

    let mine = open_for(&staff, "emma.sales", &unique("Emma's customer")).await;
    let theirs = open_for(&staff, &other, &unique("Another rep's customer")).await;
    let nobodys = open_for(&staff, "", &unique("No rep")).await;

    let resp = emma.get("/api/v1/queues/rep/emma.sales?limit=100").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let raw: Value = resp.json().await.unwrap();
    let mut seen = Vec::new();
    keys(&raw, &mut seen);
    for k in INTERNAL {
        assert!(
            !seen.iter().any(|s| s == k),
            "a rep's row has no `{k}`: {raw}"
        );
    }
    let page: RepPage = serde_json::from_value(raw).unwrap();
    let ids: Vec<CaseId> = page.items.iter().map(|r| r.id).collect();
    assert!(ids.contains(&mine), "her customer's case is listed");
    assert!(
        !ids.contains(&theirs) && !ids.contains(&nobodys),
        "only hers: {ids:?}"
    );
    let row = page.items.iter().find(|r| r.id == mine).unwrap();
    assert_eq!(row.customer, "阳光农场合作社");
    assert_ne!(
        row.next,
        afterloop_domain::view::NextStep::Done,
        "what happens next is told"
    );
    assert!(
        row.last_told.is_some(),
        "the customer was told the request arrived"
    );

    // Another rep's customers are refused, before anything is listed.
    expect_error(
        emma.get(&format!("/api/v1/queues/rep/{other}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let theirs_page: RepPage = other_rep
        .get(&format!("/api/v1/queues/rep/{other}"))
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<CaseId> = theirs_page.items.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![theirs], "the other rep sees only hers");
    // A technician has no rep list; staff may look at any rep's.
    let tech = app.sign_in(Who::Tech).await;
    expect_error(
        tech.get("/api/v1/queues/rep/emma.sales").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        staff.get("/api/v1/queues/rep/emma.sales").await.status(),
        StatusCode::OK
    );
    // The shared queues stay closed to her.
    expect_error(
        emma.get("/api/v1/queues/open").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
}

fn cny(minor: i64) -> Value {
    json!({ "minor": minor, "currency": "CNY" })
}

fn answer(decision: &str, amount: Value) -> Value {
    json!({ "event_id": unique("quote").replace(' ', "-"), "decision": decision, "amount": amount })
}

#[tokio::test]
async fn a_quote_is_answered_once_on_the_customers_link_and_bad_answers_are_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let emma = app.sign_in(Who::SalesRep).await;
    let mut body = intake("repair", &unique("Out of warranty: fan noise"));
    body["customer"]["sales_rep"] = "emma.sales".into();
    body["product"]["purchase_date"] = "2020-01-10".into();
    let id = staff.open_with(&body).await;
    staff
        .ok(
            id,
            Command::Quote {
                amount: Money::new(80_000, Currency::CNY).unwrap(),
                work: "Replace the cooling fan".into(),
            },
        )
        .await;
    let view = staff.case(id).await;
    let token = view.case.public_token.clone();
    let path = format!("/api/v1/track/{token}/quotes/1");

    // The rep sees the quote waiting on her customer.
    let page: RepPage = emma
        .get("/api/v1/queues/rep/emma.sales?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let row = page.items.iter().find(|r| r.id == id).expect("listed");
    assert_eq!(
        row.quote.as_ref().map(|q| q.amount),
        Some(Money::new(80_000, Currency::CNY).unwrap())
    );

    // Wrong token, wrong number, wrong currency, wrong amount.
    expect_error(
        app.post(
            &format!("/api/v1/track/{}/quotes/1", "0".repeat(64)),
            &answer("accept", cny(80_000)),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        app.post(
            &format!("/api/v1/track/{token}/quotes/9"),
            &answer("accept", cny(80_000)),
        )
        .await,
        StatusCode::NOT_FOUND,
        "no_such_quote",
    )
    .await;
    expect_error(
        app.post(
            &format!("/api/v1/track/{token}/quotes/one"),
            &answer("accept", cny(80_000)),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_quote",
    )
    .await;
    let err = expect_error(
        app.post(
            &path,
            &answer("accept", json!({ "minor": 80_000, "currency": "USD" })),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(err.fields[0].field, "amount.currency");
    expect_error(
        app.post(&path, &answer("accept", cny(70_000))).await,
        StatusCode::CONFLICT,
        "quote_changed",
    )
    .await;
    expect_error(
        app.post(&path, &answer("maybe", cny(80_000))).await,
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    // Staff cannot answer for the customer.
    expect_error(
        staff
            .command(
                id,
                Command::AnswerQuote {
                    quote: 1,
                    decision: afterloop_domain::flow::quote::Decision::Accept,
                    amount: Money::new(80_000, Currency::CNY).unwrap(),
                },
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Accepted once; the same write again is a replay.
    let accept = answer("accept", cny(80_000));
    let resp = app.post(&path, &accept).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let track: Value = resp.json().await.unwrap();
    assert_eq!(track["case"]["quotes"][0]["state"]["state"], "accepted");
    assert_eq!(app.post(&path, &accept).await.status(), StatusCode::OK);
    expect_error(
        app.post(&path, &answer("accept", cny(80_000))).await,
        StatusCode::CONFLICT,
        "quote_answered",
    )
    .await;
    expect_error(
        app.post(&path, &answer("decline", cny(80_000))).await,
        StatusCode::CONFLICT,
        "quote_answered",
    )
    .await;
    let page: RepPage = emma
        .get("/api/v1/queues/rep/emma.sales?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let row = page.items.iter().find(|r| r.id == id).expect("listed");
    assert!(
        row.quote.is_none(),
        "nothing waits on the customer any more"
    );
}
