//! Bad input at every boundary, against the real worker: out-of-range and
//! future dates, the public form's own fields, users and visit windows a
//! write names, reopening, money in another currency, invisible text. Each
//! gets a clear JSON error naming its field, the right status, and changes
//! nothing stored; every accepted write leaves a case that reads back.

use afterloop_domain::flow::goods::Direction;
use afterloop_domain::flow::info::{RootCause, Visibility};
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::wire::{CaseView, NewRequestReceipt};
use afterloop_domain::{
    CaseId, Command, Currency, Date, Money, RepairStage, Status, Timestamp, UserId,
};
use afterloop_tests::client::expect_error;
use afterloop_tests::steps::{cny, repair_to, request_money, Movement};
use afterloop_tests::{intake, now, public_intake, spawn_app, unique, User, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

const HOUR: i64 = 3_600_000;

fn fields(body: &afterloop_domain::wire::ErrorBody) -> Vec<(&str, &str)> {
    body.fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect()
}

/// The case as stored (its version says whether anything was written).
async fn stored(user: &User, id: CaseId) -> CaseView {
    let resp = user.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(resp.status(), StatusCode::OK, "GET {id}");
    resp.json().await.unwrap()
}

/// Every read of a case answers 200.
async fn reads_back(user: &User, id: CaseId) {
    for path in ["", "/events", "/history"] {
        let resp = user.get(&format!("/api/v1/cases/{id}{path}")).await;
        assert_eq!(resp.status(), StatusCode::OK, "GET {id}{path}");
    }
}

fn today() -> Date {
    afterloop_domain::report::day_of(now())
}

#[tokio::test]
async fn purchase_dates_out_of_range_are_refused_and_no_case_is_stored() {
    // Many public requests: a client address of its own (see `from_address`).
    let app = spawn_app().from_address("192.0.2.31");
    let staff = app.sign_in(Who::Staff).await;
    let tomorrow_plus = today().saturating_plus_days(2).to_string();
    for (date, months, field, code) in [
        ("2200-12-31", None, "product.purchase_date", "in_future"),
        ("1900-01-01", Some(0), "product.purchase_date", "too_early"),
        (
            tomorrow_plus.as_str(),
            None,
            "product.purchase_date",
            "in_future",
        ),
        ("1989-12-31", None, "product.purchase_date", "too_early"),
        (
            "2026-01-10",
            Some(241),
            "product.warranty_months",
            "out_of_range",
        ),
    ] {
        let mut body = intake("repair", &unique("Far purchase"));
        body["product"]["purchase_date"] = date.into();
        if let Some(m) = months {
            body["product"]["warranty_months"] = json!(m);
        }
        let key = unique("far").replace(' ', "-");
        let resp = staff.create_case(&body, Some(&key)).await;
        let err = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(fields(&err), [(field, code)], "{date}");
        // Nothing was stored under the key: a valid body with it opens a new case.
        let ok = staff
            .create_case(&intake("repair", &unique("After a refusal")), Some(&key))
            .await;
        assert_eq!(ok.status(), StatusCode::CREATED, "{date}");
    }
    // The public form too.
    let mut body = public_intake("repair", &unique("Far future"));
    body["product"]["purchase_date"] = "2199-06-01".into();
    let err = expect_error(
        app.new_request(&body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&err), [("product.purchase_date", "in_future")]);

    // A day of slack, and the oldest accepted purchase with the longest
    // warranty: both open cases that read back.
    for (date, months) in [
        (today().saturating_plus_days(1), 24),
        (Date::from_ymd(1990, 1, 1).unwrap(), 240),
    ] {
        let mut body = intake("repair", &unique("Edge purchase"));
        body["product"]["purchase_date"] = date.to_string().into();
        body["product"]["warranty_months"] = json!(months);
        let id = staff.open_with(&body).await;
        reads_back(&staff, id).await;
        staff
            .ok(
                id,
                Command::AddNote {
                    text: "Still readable.".into(),
                    visibility: Visibility::Internal,
                },
            )
            .await;
        let found = staff.get(&format!("/api/v1/search?q={id}")).await;
        assert_eq!(found.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn owners_technicians_and_sales_reps_must_be_active_users_of_their_role() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    let tech = app.sign_in(Who::Tech).await;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let gone = format!("gone.{:x}", nanos % 0xffff_ffff_ffff);
    manager.create_user(&gone, "staff").await;
    let resp = manager
        .post(
            &format!("/api/v1/admin/users/{gone}"),
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::OK);

    let id = staff.open("repair", &unique("Who may own it")).await;
    let before = stored(&staff, id).await.case.version;
    let user = |n: &str| UserId::parse(n).unwrap();
    let start = now().plus_millis(2 * HOUR);
    for (command, field, code) in [
        (
            Command::Assign {
                owner: user("no.such.user"),
            },
            "command.owner",
            "unknown_user",
        ),
        (
            Command::Assign {
                owner: user("wu.gang"),
            },
            "command.owner",
            "wrong_role",
        ),
        (
            Command::Assign {
                owner: user("emma.sales"),
            },
            "command.owner",
            "wrong_role",
        ),
        (
            Command::Assign { owner: user(&gone) },
            "command.owner",
            "user_disabled",
        ),
        (
            Command::Dispatch {
                technician: user("li.na"),
                from: start,
                to: start.plus_millis(HOUR),
            },
            "command.technician",
            "wrong_role",
        ),
        (
            Command::Dispatch {
                technician: user("no.such.tech"),
                from: start,
                to: start.plus_millis(HOUR),
            },
            "command.technician",
            "unknown_user",
        ),
    ] {
        let err = expect_error(
            staff.command(id, command.clone()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(fields(&err), [(field, code)], "{command:?}");
    }
    // A role that may not assign learns nothing about who exists: the
    // same 403 for a user who exists and one who does not.
    for owner in ["no.such.user", "li.na"] {
        expect_error(
            tech.command(id, Command::Assign { owner: user(owner) })
                .await,
            StatusCode::FORBIDDEN,
            "not_your_case",
        )
        .await;
    }
    assert_eq!(
        stored(&staff, id).await.case.version,
        before,
        "nothing stored"
    );
    staff
        .ok(
            id,
            Command::Assign {
                owner: user("chen.jie"),
            },
        )
        .await;

    // The sales rep named on an intake.
    for (rep, code) in [("no.such.rep", "unknown_user"), ("li.na", "wrong_role")] {
        let mut body = intake("repair", &unique("Rep check"));
        body["customer"]["sales_rep"] = rep.into();
        let err = expect_error(
            staff.create_case(&body, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(fields(&err), [("customer.sales_rep", code)]);
    }
}

#[tokio::test]
async fn visit_windows_are_ordered_near_and_ahead() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Window check")).await;
    let before = stored(&staff, id).await.case.version;
    let t = now().millis();
    let at = |y: i32| {
        Date::from_ymd(y, 6, 1)
            .unwrap()
            .start_at_offset(480)
            .millis()
    };
    for (from, to, field, code) in [
        (t - 30 * HOUR, t - 28 * HOUR, "command.to", "in_past"),
        (at(1900), at(1900) + 2 * HOUR, "command.to", "in_past"),
        (
            at(2200),
            at(2200) + 2 * HOUR,
            "command.from",
            "too_far_ahead",
        ),
        (t + 3 * HOUR, t + 2 * HOUR, "command.to", "before_start"),
    ] {
        let err = expect_error(
            staff
                .command(
                    id,
                    Command::Dispatch {
                        technician: UserId::parse("wu.gang").unwrap(),
                        from: Timestamp::from_millis(from),
                        to: Timestamp::from_millis(to),
                    },
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(fields(&err), [(field, code)], "{from}..{to}");
    }
    assert_eq!(
        stored(&staff, id).await.case.version,
        before,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_technician_cannot_reopen_a_closed_case() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = staff.open("repair", &unique("Reopen check")).await;
    let start = now().plus_millis(HOUR);
    staff.ok(id, repair_to(RepairStage::Triaged)).await;
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: start,
                to: start.plus_millis(2 * HOUR),
            },
        )
        .await;
    staff.ok(id, repair_to(RepairStage::Scheduled)).await;
    tech.ok(id, repair_to(RepairStage::InRepair)).await;
    tech.ok(
        id,
        Command::Diagnose {
            root_cause: RootCause::Firmware,
            failed_part: None,
            resolution: "Updated the firmware.".into(),
        },
    )
    .await;
    tech.ok(id, repair_to(RepairStage::Resolved)).await;
    let reopen = Command::Move {
        to: Status::Repair(RepairStage::InRepair),
        note: Some("again".into()),
    };
    expect_error(
        tech.command(id, reopen.clone()).await,
        StatusCode::FORBIDDEN,
        "reopen_staff_only",
    )
    .await;
    staff.ok(id, repair_to(RepairStage::Closed)).await;
    let before = stored(&staff, id).await.case.version;
    expect_error(
        tech.command(id, reopen.clone()).await,
        StatusCode::FORBIDDEN,
        "reopen_staff_only",
    )
    .await;
    assert_eq!(stored(&staff, id).await.case.version, before);
    staff.ok(id, reopen).await;
}

#[tokio::test]
async fn errors_inside_commands_name_their_field() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("return", &unique("Refund too much")).await;
    let before = stored(&staff, id).await.case.version;
    let refund = |minor| request_money(EntryKind::Refund, minor, "Defective");
    let err = expect_error(
        staff.command(id, refund(1_280_001)).await,
        StatusCode::CONFLICT,
        "exceeds_customer_paid",
    )
    .await;
    assert_eq!(fields(&err), [("command.amount", "exceeds_customer_paid")]);
    let err = expect_error(
        staff.command(id, Command::ApproveMoney { entry: 9 }).await,
        StatusCode::NOT_FOUND,
        "entry_not_found",
    )
    .await;
    assert_eq!(fields(&err), [("command.entry", "entry_not_found")]);

    let send = |command: Value| {
        let staff = staff.clone();
        async move {
            staff
                .post(
                    &format!("/api/v1/cases/{id}/commands"),
                    &json!({ "event_id": unique("raw").replace(' ', "-"), "command": command }),
                )
                .await
        }
    };
    for (amount, field) in [
        (
            json!({ "minor": 100, "currency": "XXX" }),
            "command.amount.currency",
        ),
        (
            json!({ "minor": 1.5, "currency": "CNY" }),
            "command.amount.minor",
        ),
        (
            json!({ "minor": "100", "currency": "CNY" }),
            "command.amount.minor",
        ),
    ] {
        let resp = send(
            json!({ "type": "request_money", "kind": "refund", "amount": amount, "reason": "x" }),
        )
        .await;
        let err = expect_error(resp, StatusCode::BAD_REQUEST, "malformed_json").await;
        assert_eq!(err.fields.len(), 1, "{amount}");
        assert_eq!(err.fields[0].field, field, "{amount}");
    }
    assert_eq!(
        stored(&staff, id).await.case.version,
        before,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_text_too_long_inside_a_command_carries_its_limit_and_length() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Long note")).await;
    let note = Command::AddNote {
        text: "很".repeat(5000),
        visibility: Visibility::Internal,
    };
    let err = expect_error(
        staff.command(id, note).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&err), [("command.text", "too_long")]);
    // The app words the numbers in the reader's language from these.
    assert_eq!(
        (err.fields[0].params.max, err.fields[0].params.actual),
        (Some(4000), Some(5000))
    );
}

#[tokio::test]
async fn money_on_a_case_is_in_the_case_currency() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Part in dollars")).await;
    let before = stored(&staff, id).await.case.version;
    let part = |cost: Money| {
        Movement::spare_part(Direction::StockToSite, "IGBT module", Some(cost)).into()
    };
    let err = expect_error(
        staff
            .command(id, part(Money::new(4_200, Currency::USD).unwrap()))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        fields(&err),
        [("command.cost.currency", "currency_mismatch")]
    );
    let err = expect_error(
        staff
            .command(
                id,
                Command::RequestMoney {
                    kind: EntryKind::CreditNote,
                    direction: None,
                    amount: Money::new(100, Currency::EUR).unwrap(),
                    reason: "Goodwill".into(),
                },
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        fields(&err),
        [("command.amount.currency", "currency_mismatch")]
    );
    assert_eq!(
        stored(&staff, id).await.case.version,
        before,
        "nothing stored"
    );
    staff.ok(id, part(cny(42_000))).await;
}

#[tokio::test]
async fn invisible_text_and_direction_controls_are_refused() {
    // Many public requests: a client address of its own (see `from_address`).
    let app = spawn_app().from_address("192.0.2.32");
    let staff = app.sign_in(Who::Staff).await;
    for (title, code) in [
        ("\u{200B}\u{200B}\u{200B}\u{200B}", "invisible"),
        ("\u{FEFF}\u{2060}\u{200D}", "invisible"),
        ("Invoice \u{202E}fdp.exe", "bidi_control"),
        ("Fault \u{2066}F07\u{2069}", "bidi_control"),
    ] {
        let err = expect_error(
            staff.create_case(&intake("repair", title), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(fields(&err), [("title", code)], "{title:?}");
    }
    let mut body = intake("repair", &unique("Hidden name"));
    body["customer"]["name"] = "\u{200B}\u{200C}".into();
    let err = expect_error(
        staff.create_case(&body, None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&err), [("customer.name", "invisible")]);

    let id = staff.open("repair", &unique("Hidden note")).await;
    let err = expect_error(
        staff
            .command(
                id,
                Command::AddNote {
                    text: "\u{200B}".into(),
                    visibility: Visibility::Internal,
                },
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&err), [("command.text", "invisible")]);

    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Hidden message")))
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .post(
            &format!("/api/v1/track/{}/messages", receipt.token),
            &json!({ "event_id": unique("m").replace(' ', "-"), "text": "ok\u{202E}" }),
        )
        .await;
    let err = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(
        fields(&err),
        [("text", "bidi_control")],
        "named as in the customer's body"
    );
}

#[tokio::test]
async fn the_public_form_sets_no_internal_field() {
    // Many public requests: a client address of its own (see `from_address`).
    let app = spawn_app().from_address("192.0.2.33");
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    for (path, value) in [
        ("priority", json!("urgent")),
        ("channel", json!("hotline")),
        ("customer.sales_rep", json!("emma.sales")),
        ("product.warranty_months", json!(240)),
        (
            "product.price_paid",
            json!({ "minor": 99_000_000, "currency": "CNY" }),
        ),
        ("product.batch", json!("2409B")),
    ] {
        let mut body = public_intake("repair", &unique("Sneaky"));
        let (head, last) = path
            .rsplit_once('.')
            .map_or((None, path), |(h, l)| (Some(h), l));
        let target = match head {
            Some(h) => &mut body[h],
            None => &mut body,
        };
        target[last] = value;
        let err = expect_error(
            app.new_request(&body).await,
            StatusCode::BAD_REQUEST,
            "malformed_json",
        )
        .await;
        assert_eq!(fields(&err), [(path, "unknown_field")], "{path}");
    }
    let err = expect_error(
        app.new_request(&public_intake("refund", &unique("Refund please")))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(fields(&err), [("kind", "not_public")]);

    // A return opened this way: the customer's price is their statement,
    // the warranty is theirs too, and no money moves until staff confirm.
    let mut body = public_intake("return", &unique("Stated price"));
    body["product"]["purchase_date"] = "2015-03-01".into();
    let receipt: NewRequestReceipt = app.new_request(&body).await.json().await.unwrap();
    let id = receipt.id;
    let view = stored(&staff, id).await;
    assert_eq!(view.case.product.price_paid, None);
    assert_eq!(view.case.product.stated_price, Some(cny(1_280_000)));
    assert_eq!(view.case.product.warranty_months, 24);
    assert!(view.balance.is_none(), "no cap from a statement");
    let refund = request_money(EntryKind::Refund, 1_000, "Defective");
    let err = expect_error(
        staff.command(id, refund.clone()).await,
        StatusCode::CONFLICT,
        "no_price_paid",
    )
    .await;
    assert_eq!(fields(&err), [("command.amount", "no_price_paid")]);
    let confirm = Command::ConfirmPurchase {
        purchase_date: None,
        price_paid: Some(cny(1_200_000)),
        warranty_months: None,
    };
    expect_error(
        tech.command(id, confirm.clone()).await,
        StatusCode::FORBIDDEN,
        "not_your_case",
    )
    .await;
    staff.ok(id, confirm).await;
    staff.ok(id, refund).await;
    let view = stored(&staff, id).await;
    assert_eq!(view.case.product.price_paid, Some(cny(1_200_000)));
    reads_back(&staff, id).await;
}

#[tokio::test]
async fn the_public_idempotency_key_is_the_sender_s_own() {
    // Many public requests: a client address of its own (see `from_address`).
    let app = spawn_app().from_address("192.0.2.34");
    let key = unique("shared-key").replace(' ', "-");
    let body = public_intake("repair", &unique("Same words"));

    let first_challenge = app.solve_challenge().await;
    let first = (first_challenge.0.as_str(), first_challenge.1.as_str());
    let resp = app.new_request_with(&body, first, Some(&key)).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let a: NewRequestReceipt = resp.json().await.unwrap();

    // The same sender retries (same challenge, nonce and key): the same case.
    let resp = app.new_request_with(&body, first, Some(&key)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let again: NewRequestReceipt = resp.json().await.unwrap();
    assert_eq!((again.id, &again.token), (a.id, &a.token));

    // Another sender with the same key and content: a case of their own.
    let second_challenge = app.solve_challenge().await;
    let second = (second_challenge.0.as_str(), second_challenge.1.as_str());
    let resp = app.new_request_with(&body, second, Some(&key)).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let b: NewRequestReceipt = resp.json().await.unwrap();
    assert_ne!(b.id, a.id);
    assert_ne!(b.token, a.token);

    // A spent challenge without the key it was spent with opens nothing.
    let resp = app
        .new_request_with(&body, first, Some("another-key"))
        .await;
    let err = expect_error(resp, StatusCode::BAD_REQUEST, "challenge_failed").await;
    assert!(!err.message.contains(&a.token));
}
