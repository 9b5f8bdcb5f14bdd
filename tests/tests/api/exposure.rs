//! What a customer can reach never carries internal data: the whole JSON of
//! every customer response is walked for anything staff-only (internal
//! notes, the diagnosis, money not yet paid, costs, staff names, the outbox
//! and attachments). Goods movements themselves are public: customers see
//! what is shipped to them.

use afterloop_domain::flow::goods::Direction;
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::wire::NewRequestReceipt;
use afterloop_domain::{Command, Currency, Money, RepairStage, Timestamp, UserId};
use afterloop_tests::steps::{repair_to, Movement};
use afterloop_tests::{public_intake, spawn_app, unique, Who};
use serde_json::{json, Value};

/// Every string and every key in a JSON value.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                out.push(k.clone());
                strings(x, out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn no_internal_field_reaches_any_customer_response() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let secret_note = unique("SECRET-NOTE");
    let secret_part = unique("SECRET-PART");
    let secret_reason = unique("SECRET-REASON");
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Exposure check")))
        .await
        .json()
        .await
        .unwrap();
    let id = receipt.id;
    let view = staff.case(id).await;
    let now = view.case.created_at;
    for command in [
        Command::AddNote {
            text: secret_note.clone(),
            visibility: Visibility::Internal,
        },
        Command::Assign {
            owner: UserId::parse("zhao.lei").unwrap(),
        },
        repair_to(RepairStage::Triaged),
        Command::Dispatch {
            technician: UserId::parse("wu.gang").unwrap(),
            from: now,
            to: Timestamp::from_millis(now.millis() + 3_600_000),
        },
        Command::ConfirmPurchase {
            purchase_date: None,
            price_paid: Some(Money::new(1_280_000, Currency::CNY).unwrap()),
            warranty_months: None,
        },
        Movement::spare_part(
            Direction::StockToSite,
            "Spare DC fuse",
            Some(Money::new(4200, Currency::CNY).unwrap()),
        )
        .into(),
        Command::Diagnose {
            root_cause: RootCause::Firmware,
            failed_part: Some(secret_part.clone()),
            resolution: secret_reason.clone(),
        },
        Command::RequestMoney {
            kind: EntryKind::Refund,
            direction: None,
            amount: Money::new(100, Currency::CNY).unwrap(),
            reason: secret_reason.clone(),
        },
    ] {
        staff.ok(id, command).await;
    }

    let paths = [format!("/api/v1/track/{}", receipt.token)];
    let lookup = app
        .post(
            "/api/v1/track/lookup",
            &json!({ "case": id.to_string(), "contact": "+86 138 1000 2001" }),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let message = app
        .post(
            &format!("/api/v1/track/{}/messages", receipt.token),
            &json!({ "event_id": unique("m").replace(' ', "-"), "text": "hello" }),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let mut bodies = vec![lookup, message];
    for p in &paths {
        bodies.push(app.get(p).await.json::<Value>().await.unwrap());
    }
    for body in &bodies {
        let mut found = Vec::new();
        strings(body, &mut found);
        for forbidden in [&secret_note, &secret_part, &secret_reason] {
            assert!(
                !found.iter().any(|s| s.contains(forbidden.as_str())),
                "{forbidden} leaked: {body}"
            );
        }
        for staff_name in ["li.na", "zhao.lei", "wu.gang", "service.desk"] {
            assert!(
                !found.iter().any(|s| s == staff_name),
                "{staff_name} leaked: {body}"
            );
        }
        for key in ["cost", "diagnosis", "outbox", "attachments"] {
            if let Some(v) = find_key(body, key) {
                assert!(
                    v.is_null() || v == &json!([]),
                    "{key} is not empty for a customer: {v}"
                );
            }
        }
    }
}

fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(o) => o
            .get(key)
            .filter(|x| !x.is_null() && x != &&json!([]))
            .or_else(|| o.values().find_map(|x| find_key(x, key))),
        Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

#[tokio::test]
async fn customer_tokens_are_long_random_and_open_only_their_case() {
    let app = spawn_app();
    let mut tokens = std::collections::HashSet::new();
    let mut receipts = Vec::new();
    for i in 0..5 {
        let mut body = public_intake("return", &unique(&format!("Token {i}")));
        body["customer"]["phone"] = format!("+86 139 0000 {:04}", 1000 + i).into();
        let receipt: NewRequestReceipt = app.new_request(&body).await.json().await.unwrap();
        assert_eq!(receipt.token.len(), 64);
        assert!(
            receipt.token.bytes().all(|b| b.is_ascii_hexdigit()),
            "256 bits of hex"
        );
        assert!(tokens.insert(receipt.token.clone()), "tokens never repeat");
        receipts.push(receipt);
    }
    // Another customer's contact does not open a case.
    let other = app
        .post(
            "/api/v1/track/lookup",
            &json!({ "case": receipts[0].id.to_string(), "contact": "+86 139 0000 1001" }),
        )
        .await;
    assert_eq!(other.status(), 404);
    // A token opens its own case and nothing else.
    let view: Value = app
        .get(&format!("/api/v1/track/{}", receipts[1].token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["case"]["id"], receipts[1].id.to_string());
}
