//! Reports through the API: figures of cases this test creates, computed by
//! hand; a CSV table read back and compared with the JSON; aggregates kept
//! write by write equal to a rebuild; who may see and change what; every
//! bad query a JSON error.
//!
//! Other tests write cases on the same server at the same time, so every
//! figure checked here belongs to this run alone: a product model, a batch,
//! serials and a technician made up for it.

use afterloop_domain::case::RepairStage;
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::{EntryKind, MoneyDirection};
use afterloop_domain::report::{MoneyReport, QualityReport, ServiceReport, SlaBy, Table};
use afterloop_domain::sla::Metric;
use afterloop_domain::{CaseId, Command, Currency, Money, UserId};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::now;
use afterloop_tests::steps::{pay, repair_to, request_money};
use afterloop_tests::{intake, spawn_app, unique, Who};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Yesterday to tomorrow (China business days): every day this test's
/// cases can touch, even when it runs across midnight.
fn period() -> String {
    let today = afterloop_domain::report::day_of(now());
    let from = today.saturating_plus_days(-1);
    let to = today.saturating_plus_days(1);
    format!("from={from}&to={to}")
}

/// A name unique to this run, usable as a model, batch or serial.
fn tag(prefix: &str) -> String {
    let raw = unique("").replace([' ', '-', '_', '.'], "").to_uppercase();
    let tail: String = raw
        .chars()
        .rev()
        .take(12)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    format!("{prefix}{tail}")
}

/// What this run made up.
struct Run {
    model: String,
    batch: String,
    tech: UserId,
}

async fn open(user: &User, run: &Run, kind: &str, serial: &str) -> CaseId {
    let mut body = intake(kind, &unique("Report case"));
    body["product"]["model"] = run.model.as_str().into();
    body["product"]["batch"] = run.batch.as_str().into();
    body["product"]["serial"] = serial.into();
    user.open_with(&body).await
}

fn diagnose(root_cause: RootCause, part: &str) -> Command {
    Command::Diagnose {
        root_cause,
        failed_part: Some(part.into()),
        resolution: "Replaced.".into(),
    }
}

/// A repair triaged, diagnosed in the workshop and resolved.
async fn repaired(manager: &User, run: &Run, serial: &str, cause: RootCause) -> CaseId {
    let id = open(manager, run, "repair", serial).await;
    for c in [
        repair_to(RepairStage::Triaged),
        repair_to(RepairStage::InRepair),
        diagnose(cause, "IGBT module"),
        repair_to(RepairStage::Resolved),
    ] {
        manager.ok(id, c).await;
    }
    id
}

/// A new technician for this run (SLA rows by technician are then ours).
async fn technician(manager: &User) -> (UserId, User) {
    let name = tag("t.").to_lowercase();
    let resp = manager
        .post(
            "/api/v1/admin/users",
            &json!({
                "name": name, "display_name": "Report Tech", "role": "technician",
                "language": "en", "password": "tech-report-2026"
            }),
        )
        .await;
    assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
    let login = manager
        .app
        .post(
            "/api/v1/auth/login",
            &json!({ "user": name, "password": "tech-report-2026" }),
        )
        .await;
    let token = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let user = User {
        app: manager.app.clone(),
        token,
    };
    (UserId::parse(&name).unwrap(), user)
}

/// Seeds the run's cases; returns the run.
///
/// - R1 (serial S1): dispatched to the run's technician, who checks in at
///   once (on site on time) and out; component failure; resolved.
/// - R2 (S2): component failure, resolved.
/// - R3 (S3): firmware, resolved, reopened and resolved again (not a
///   first-time fix).
/// - R4 (S1 again, after R1 was resolved): component failure, in repair.
/// - F1: a refund of CNY 3,000.00 (the intake's price paid is 12,800.00),
///   requested by staff, approved by the manager and paid.
async fn seed(manager: &User, staff: &User) -> Run {
    let (tech, tech_user) = technician(manager).await;
    let run = Run {
        model: tag("RPT-"),
        batch: tag("B"),
        tech,
    };
    let s1 = tag("S1X");
    // R1, with a visit.
    let r1 = open(manager, &run, "repair", &s1).await;
    manager.ok(r1, repair_to(RepairStage::Triaged)).await;
    let from = now();
    manager
        .ok(
            r1,
            Command::Dispatch {
                technician: run.tech.clone(),
                from,
                to: from.plus_millis(2 * 3_600_000),
            },
        )
        .await;
    manager.ok(r1, repair_to(RepairStage::Scheduled)).await;
    tech_user
        .ok(
            r1,
            Command::CheckIn {
                at: now(),
                location: None,
            },
        )
        .await;
    tech_user
        .ok(
            r1,
            Command::CheckOut {
                at: now(),
                location: None,
            },
        )
        .await;
    manager
        .ok(r1, diagnose(RootCause::ComponentFailure, "IGBT module"))
        .await;
    manager.ok(r1, repair_to(RepairStage::Resolved)).await;

    repaired(manager, &run, &tag("S2X"), RootCause::ComponentFailure).await;
    let r3 = repaired(manager, &run, &tag("S3X"), RootCause::Firmware).await;
    manager.ok(r3, repair_to(RepairStage::InRepair)).await;
    manager.ok(r3, repair_to(RepairStage::Resolved)).await;

    let r4 = open(manager, &run, "repair", &s1).await;
    for c in [
        repair_to(RepairStage::Triaged),
        repair_to(RepairStage::InRepair),
        diagnose(RootCause::ComponentFailure, "IGBT module"),
    ] {
        manager.ok(r4, c).await;
    }

    let f1 = open(manager, &run, "refund", &tag("S5X")).await;
    staff
        .ok(
            f1,
            request_money(EntryKind::Refund, 300_000, "Agreed with the customer"),
        )
        .await;
    for c in [Command::ApproveMoney { entry: 1 }, pay(1, "BANK-RPT")] {
        manager.ok(f1, c).await;
    }
    run
}

async fn report<T: serde::de::DeserializeOwned>(user: &User, name: &str) -> T {
    let resp = user
        .get(&format!("/api/v1/reports/{name}?{}", period()))
        .await;
    assert_eq!(resp.status(), 200, "{name}");
    resp.json().await.unwrap()
}

/// The parts of the reports that belong to this run.
#[derive(Debug, PartialEq)]
struct Ours {
    quality: Value,
    service: Value,
    money: Value,
}

async fn ours(user: &User, run: &Run) -> Ours {
    let q: QualityReport = report(user, "quality").await;
    let s: ServiceReport = report(user, "service").await;
    let m: MoneyReport = report(user, "money").await;
    let quality = json!({
        "pareto": q.pareto_by_model.iter().filter(|p| p.model == run.model).collect::<Vec<_>>(),
        "batch": q.pareto_by_batch.iter().filter(|p| p.model == run.model).collect::<Vec<_>>(),
        "rates": q.failure_rates.iter().filter(|r| r.batch == run.batch).collect::<Vec<_>>(),
        "recurrence": q.recurrence.iter().filter(|r| r.model == run.model).collect::<Vec<_>>(),
        "ftf": q.first_time_fix.iter().filter(|r| r.model == run.model).collect::<Vec<_>>(),
        "parts": q.top_parts.iter().filter(|r| r.model == run.model).collect::<Vec<_>>(),
    });
    let service = json!(s
        .sla
        .iter()
        .filter(|r| r.by == SlaBy::Technician(run.tech.clone()))
        .collect::<Vec<_>>());
    let money = json!({
        "flows": m.flows.iter().filter(|r| r.model == run.model).collect::<Vec<_>>(),
        "payout": m.payout_vs_paid.iter().filter(|r| r.model == run.model).collect::<Vec<_>>(),
    });
    Ours {
        quality,
        service,
        money,
    }
}

#[tokio::test]
async fn reports_count_known_cases_export_csv_and_equal_a_rebuild() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let staff = app.sign_in(Who::Staff).await;
    let run = seed(&manager, &staff).await;

    // Units sold of the run's batch: 200.
    let resp = manager
        .put(
            "/api/v1/reports/sold-units",
            &json!({ "batches": [{ "batch": run.batch, "units": 200 }] }),
        )
        .await;
    assert_eq!(resp.status(), 200);

    // Quality, as staff: Pareto ordered by cases, component failure first.
    let q: QualityReport = report(&staff, "quality").await;
    let pareto = q
        .pareto_by_model
        .iter()
        .find(|p| p.model == run.model)
        .expect("the run's model has a Pareto");
    assert_eq!((pareto.diagnosed, pareto.undiagnosed), (4, 0));
    let bars: Vec<_> = pareto
        .bars
        .iter()
        .map(|b| {
            (
                b.root_cause,
                b.cases,
                b.share.part,
                b.cumulative.part,
                b.cumulative.whole,
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            (RootCause::ComponentFailure, 3, 3, 3, 4),
            (RootCause::Firmware, 1, 1, 4, 4)
        ]
    );
    // Failure rate: 4 product cases of the batch (the refund is not one) of 200 sold.
    let rate = q
        .failure_rates
        .iter()
        .find(|r| r.batch == run.batch)
        .expect("the batch's rate");
    assert_eq!((rate.cases, rate.units_sold), (4, Some(200)));
    assert_eq!(rate.rate.map(|s| (s.part, s.whole)), Some((4, 200)));
    // Recurrence: R1's serial came back the same day (R4); R2 and R3 did not.
    let mut recurrence: Vec<_> = q
        .recurrence
        .iter()
        .filter(|r| r.model == run.model)
        .map(|r| {
            (
                r.root_cause,
                r.resolved,
                (r.within_30_days.part, r.within_30_days.whole),
                (r.within_90_days.part, r.within_90_days.whole),
            )
        })
        .collect();
    recurrence.sort_by_key(|r| r.0);
    assert_eq!(
        recurrence,
        [
            (Some(RootCause::ComponentFailure), 2, (1, 2), (1, 2)),
            (Some(RootCause::Firmware), 1, (0, 1), (0, 1)),
        ]
    );
    // First-time fix: R1 (one visit) and R2; not R3 (reopened).
    let ftf = q
        .first_time_fix
        .iter()
        .find(|f| f.model == run.model)
        .unwrap();
    assert_eq!((ftf.rate.part, ftf.rate.whole), (2, 3));

    // Service: the run's technician met R1's first response and on-site
    // clocks on time (the resolution clock too).
    let s: ServiceReport = report(&staff, "service").await;
    let mine = |metric: Metric| {
        s.sla
            .iter()
            .find(|r| r.metric == metric && r.by == SlaBy::Technician(run.tech.clone()))
            .map(|r| {
                (
                    r.counts.on_time,
                    r.counts.late,
                    r.counts.overdue,
                    r.counts.compliance,
                )
            })
    };
    for metric in [Metric::FirstResponse, Metric::OnSite] {
        let (on_time, late, overdue, compliance) = mine(metric).expect("a row for the technician");
        assert_eq!((on_time, late, overdue), (1, 0, 0), "{metric:?}");
        assert_eq!((compliance.part, compliance.whole), (1, 1), "{metric:?}");
    }

    // Money: the refund requested, approved and paid; payout against paid
    // over the five cases with a price (12,800.00 each).
    let m: MoneyReport = report(&staff, "money").await;
    let flow = m
        .flows
        .iter()
        .find(|r| r.model == run.model && r.kind == EntryKind::Refund)
        .expect("the refund's flow");
    assert_eq!(flow.direction, MoneyDirection::ToCustomer);
    for total in [&flow.requested, &flow.approved, &flow.paid] {
        assert_eq!((total.entries, total.amount.minor()), (1, 300_000));
    }
    assert_eq!(flow.rejected.entries, 0);
    let payout = m
        .payout_vs_paid
        .iter()
        .find(|r| r.model == run.model)
        .unwrap();
    assert_eq!((payout.cases, payout.cases_with_payout), (5, 1));
    assert_eq!(payout.customer_paid.minor(), 5 * 1_280_000);
    assert_eq!(payout.paid_out.minor(), 300_000);
    // The payout share is by amount: 3,000.00 of 64,000.00.
    assert_eq!(
        (payout.payout_share.part, payout.payout_share.whole),
        (300_000, 6_400_000)
    );

    // CSV: the Pareto table read back equals the JSON's rows of the model.
    let resp = staff
        .get(&format!(
            "/api/v1/reports/quality?{}&format=csv&table=pareto_by_model",
            period()
        ))
        .await;
    assert_eq!(resp.status(), 200);
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header("content-type").starts_with("text/csv"));
    assert!(header("content-disposition")
        .starts_with("attachment; filename=\"quality-pareto_by_model-"));
    let csv = Table::from_csv("pareto_by_model", &resp.text().await.unwrap()).unwrap();
    assert_eq!(
        csv.header,
        [
            "model",
            "batch",
            "root_cause",
            "cases",
            "share_pct",
            "cumulative_pct"
        ]
    );
    let from_csv: Vec<Vec<String>> = csv.rows.into_iter().filter(|r| r[0] == run.model).collect();
    let from_json: Vec<Vec<String>> = pareto
        .bars
        .iter()
        .map(|b| {
            vec![
                run.model.clone(),
                String::new(),
                serde_json::to_value(b.root_cause)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
                b.cases.to_string(),
                b.share.cell(),
                b.cumulative.cell(),
            ]
        })
        .collect();
    assert_eq!(from_csv, from_json);
    assert_eq!(from_csv[0][4], "75.0");

    // Kept write by write = rebuilt from the stored cases.
    let before = ours(&staff, &run).await;
    let resp = manager
        .post("/api/v1/admin/reports/rebuild", &json!({}))
        .await;
    assert_eq!(resp.status(), 200);
    let rebuilt: Value = resp.json().await.unwrap();
    assert!(rebuilt["cases"].as_u64().unwrap() >= 5, "{rebuilt}");
    let after = ours(&staff, &run).await;
    assert_eq!(before, after);
    assert_ne!(
        before.quality["pareto"],
        json!([]),
        "the comparison is not empty"
    );
}

#[tokio::test]
async fn reports_are_for_managers_and_staff_and_bad_queries_are_json_errors() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let p = period();
    for who in [Who::Tech, Who::SalesRep] {
        let user = app.sign_in(who).await;
        for name in ["quality", "summary"] {
            let resp = user.get(&format!("/api/v1/reports/{name}?{p}")).await;
            expect_error(resp, StatusCode::FORBIDDEN, "forbidden").await;
        }
        let resp = user.get("/api/v1/reports/sold-units").await;
        expect_error(resp, StatusCode::FORBIDDEN, "forbidden").await;
    }
    let resp = app.get(&format!("/api/v1/reports/quality?{p}")).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    // Staff read but do not change sold units, nor rebuild.
    let resp = staff.get("/api/v1/reports/sold-units").await;
    assert_eq!(resp.status(), 200);
    let resp = staff
        .put("/api/v1/reports/sold-units", &json!({ "batches": [] }))
        .await;
    expect_error(resp, StatusCode::FORBIDDEN, "forbidden").await;
    let resp = staff
        .post("/api/v1/admin/reports/rebuild", &json!({}))
        .await;
    expect_error(resp, StatusCode::FORBIDDEN, "forbidden").await;

    for (query, code, field) in [
        ("to=2026-11-30", "missing_date", "from"),
        ("from=2026-11-01", "missing_date", "to"),
        ("from=2026-13-01&to=2026-11-30", "invalid_date", "from"),
        ("from=2026-11-01&to=30.11.2026", "invalid_date", "to"),
        ("from=2026-11-30&to=2026-11-01", "invalid_period", "to"),
        ("from=2020-01-01&to=2026-11-01", "period_too_long", "to"),
        (
            "from=2026-11-01&to=2026-11-30&format=xml",
            "invalid_format",
            "format",
        ),
        (
            "from=2026-11-01&to=2026-11-30&format=csv",
            "missing_table",
            "table",
        ),
        (
            "from=2026-11-01&to=2026-11-30&format=csv&table=nope",
            "unknown_table",
            "table",
        ),
    ] {
        let resp = staff.get(&format!("/api/v1/reports/quality?{query}")).await;
        let body = expect_error(resp, StatusCode::BAD_REQUEST, code).await;
        assert_eq!(body.fields[0].field, field, "{query}");
    }
    let resp = staff.get(&format!("/api/v1/reports/nope?{p}")).await;
    expect_error(resp, StatusCode::NOT_FOUND, "not_found").await;

    let manager = app.sign_in(Who::Manager).await;
    let resp = manager
        .put(
            "/api/v1/reports/sold-units",
            &json!({ "batches": [{ "batch": " ", "units": 5 }, { "batch": "X", "units": 200000000 }] }),
        )
        .await;
    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<_> = body.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["batches[0].batch", "batches[1].units"]);
    let resp = manager
        .put(
            "/api/v1/reports/sold-units",
            &json!({ "batches": [{ "batch": "X" }] }),
        )
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "malformed_json").await;
}

/// The reports object keeps answers between writes: the same report asked
/// again after a write, or after a change of units sold, shows the change.
#[tokio::test]
async fn a_kept_report_gives_way_to_the_next_write() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let run = Run {
        model: tag("KEEP-"),
        batch: tag("K"),
        tech: UserId::parse("wu.gang").unwrap(),
    };
    let cases = |q: &QualityReport| {
        q.pareto_by_model
            .iter()
            .find(|p| p.model == run.model)
            .map_or(0, |p| p.diagnosed + p.undiagnosed)
    };
    let sold = |q: &QualityReport| {
        q.failure_rates
            .iter()
            .find(|r| r.batch == run.batch)
            .and_then(|r| r.units_sold)
    };
    for _ in 0..2 {
        let q: QualityReport = report(&manager, "quality").await;
        assert_eq!((cases(&q), sold(&q)), (0, None));
    }
    let case = open(&manager, &run, "repair", &tag("SK")).await;
    let q: QualityReport = report(&manager, "quality").await;
    assert_eq!((cases(&q), sold(&q)), (1, None), "the new case counts");

    // A credit note of CNY 150 paid on the repair is what the batch cost.
    let cost = |q: &QualityReport| {
        q.batch_costs
            .iter()
            .find(|c| c.batch.as_deref() == Some(run.batch.as_str()))
            .map(|c| (c.model.clone(), c.payouts, c.paid_out, c.net))
    };
    assert_eq!(cost(&q), None);
    // Staff ask; a manager approves (nobody approves their own request).
    let staff = app.sign_in(Who::Staff).await;
    staff
        .ok(
            case,
            request_money(
                EntryKind::CreditNote,
                15_000,
                "Goodwill for the second visit",
            ),
        )
        .await;
    for c in [Command::ApproveMoney { entry: 1 }, pay(1, "CN-KEEP")] {
        manager.ok(case, c).await;
    }
    let q: QualityReport = report(&manager, "quality").await;
    let cny = |minor| Money::new(minor, Currency::CNY).unwrap();
    assert_eq!(
        cost(&q),
        Some((run.model.clone(), 1, cny(15_000), cny(15_000)))
    );
    let resp = manager
        .put(
            "/api/v1/reports/sold-units",
            &json!({ "batches": [{ "batch": run.batch, "units": 40 }] }),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let q: QualityReport = report(&manager, "quality").await;
    assert_eq!((cases(&q), sold(&q)), (1, Some(40)), "the units sold count");
}

/// Units sold from a spreadsheet's CSV file: read by its column names; a
/// file at fault names every bad line and changes nothing.
#[tokio::test]
async fn units_sold_import_from_a_csv_file() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let (a, b) = (tag("CA"), tag("CB"));
    let path = "/api/v1/reports/sold-units";
    let units = |sold: &afterloop_domain::report::SoldUnits, batch: &str| {
        sold.batches
            .iter()
            .find(|x| x.batch == batch)
            .map(|x| x.units)
    };

    // Bad lines: each named, nothing stored.
    let resp = manager
        .put_bytes(
            path,
            "text/csv",
            format!("型号,批次,销量\nSUN-10K-G,{a},12x\nSUN-5K-G,{b},80\nX,{b},-1\n").into_bytes(),
        )
        .await;
    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let faults: Vec<(&str, &str)> = body
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        faults,
        [("file", "invalid_units"), ("file", "invalid_units")]
    );
    assert!(body.fields[0].message.starts_with("Line 2:"));
    assert!(body.fields[1].message.starts_with("Line 4:"));
    let sold: afterloop_domain::report::SoldUnits = manager.get(path).await.json().await.unwrap();
    assert_eq!((units(&sold, &a), units(&sold, &b)), (None, None));

    // A good file, as a spreadsheet saves it (BOM, CRLF, grouped thousands).
    let resp = manager
        .put_bytes(
            path,
            "text/csv; charset=utf-8",
            format!("\u{feff}Batch,Units sold\r\n{a},\"1,500\"\r\n{b},80\r\n").into_bytes(),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let sold: afterloop_domain::report::SoldUnits = resp.json().await.unwrap();
    assert_eq!((units(&sold, &a), units(&sold, &b)), (Some(1500), Some(80)));

    // No batch column; a batch twice; not UTF-8; not CSV at all.
    let resp = manager
        .put_bytes(path, "text/csv", b"model,units\nX,1\n".to_vec())
        .await;
    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body.fields[0].code, "missing_columns");
    let resp = manager
        .put_bytes(
            path,
            "text/csv",
            format!("batch,units\n{a},1\n{a},2\n").into_bytes(),
        )
        .await;
    let body = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body.fields[0].code, "duplicate");
    let resp = manager
        .put_bytes(path, "text/csv", vec![b'b', b'a', 0xff, b'\n'])
        .await;
    let body = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_encoding").await;
    assert_eq!(body.fields[0].field, "file");
    let resp = manager
        .put_bytes(path, "text/plain", b"batch,units\n".to_vec())
        .await;
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let sold: afterloop_domain::report::SoldUnits = manager.get(path).await.json().await.unwrap();
    assert_eq!(
        (units(&sold, &a), units(&sold, &b)),
        (Some(1500), Some(80)),
        "refused files changed nothing"
    );

    // Staff may read the figures but not import them.
    let staff = app.sign_in(Who::Staff).await;
    let resp = staff
        .put_bytes(
            path,
            "text/csv",
            format!("batch,units\n{a},1\n").into_bytes(),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}
