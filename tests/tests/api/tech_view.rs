//! What a technician reads of a job (`GET /cases/{id}` and `GET /jobs`) is
//! the technician's own type and holds exactly what they need on site: the
//! job, the customer's contact and site, the visit window and by when they
//! must be on site, goods without costs. No SLA clock, owner or money.

use afterloop_domain::case::RepairStage;
use afterloop_domain::flow::goods::Direction;
use afterloop_domain::{CaseId, Currency, Money};
use afterloop_tests::client::User;
use afterloop_tests::steps::{dispatch, repair_to, Movement};
use afterloop_tests::{intake, now, spawn_app, unique, Who};
use serde_json::Value;

/// Every key a technician's case may carry, and its customer's.
const CASE_KEYS: [&str; 19] = [
    "id",
    "status",
    "title",
    "description",
    "priority",
    "customer",
    "product",
    "warranty",
    "dispatch",
    "visits",
    "hold",
    "goods",
    "diagnosis",
    "attachments",
    "created_at",
    "updated_at",
    "version",
    "on_site_by",
    "on_site_at_risk_from",
];
const CUSTOMER_KEYS: [&str; 5] = ["name", "phone", "email", "address", "language"];

fn sorted_keys(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = list.iter().map(|k| (*k).to_owned()).collect();
    keys.sort();
    keys
}

/// A repair dispatched to wu.gang from an hour ahead, with a spare part
/// carrying its cost.
async fn job(staff: &User) -> CaseId {
    let mut body = intake("repair", &unique("Technician's view"));
    body["customer"]["address"] = "华光路 88 号 3 栋屋顶".into();
    let id = staff.open_with(&body).await;
    let from = now().plus_millis(3_600_000);
    for command in [
        repair_to(RepairStage::Triaged),
        dispatch("wu.gang", from, 3),
        Movement::spare_part(
            Direction::StockToSite,
            "IGBT module",
            Some(Money::new(42_000, Currency::CNY).unwrap()),
        )
        .into(),
    ] {
        staff.ok(id, command).await;
    }
    id
}

fn assert_technicians_case(case: &Value) {
    assert_eq!(sorted_keys(case), sorted(&CASE_KEYS), "{case}");
    assert_eq!(
        sorted_keys(&case["customer"]),
        sorted(&CUSTOMER_KEYS),
        "{case}"
    );
    assert_eq!(case["customer"]["address"], "华光路 88 号 3 栋屋顶");
    assert!(case["dispatch"]["from"].is_number() && case["dispatch"]["to"].is_number());
    assert!(
        case["on_site_by"].is_number(),
        "by when they must be on site: {case}"
    );
    assert!(
        matches!(
            (case["on_site_at_risk_from"].as_i64(), case["on_site_by"].as_i64()),
            (Some(risk), Some(due)) if risk < due
        ),
        "the on-site deadline turns at risk before it passes: {case}"
    );
    let part = &case["goods"][0];
    assert_eq!(part["item"], "IGBT module");
    assert!(part.get("cost").is_none(), "no part's cost: {part}");
}

#[tokio::test]
async fn a_technicians_job_holds_exactly_what_the_technician_needs() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = job(&staff).await;

    let case: Value = tech
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_technicians_case(&case);

    let bundle: Value = tech.get("/api/v1/jobs").await.json().await.unwrap();
    let entry = bundle["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["case"]["id"] == id.to_string())
        .unwrap_or_else(|| panic!("the job is in the bundle: {bundle}"));
    assert_technicians_case(&entry["case"]);
}
