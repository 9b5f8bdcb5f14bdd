//! The demo company's year, read back from a server `cargo xtask test`
//! seeded for these tests alone (twice: the second seeding added nothing):
//! what a newcomer sees must look like a real company's after-sales year,
//! and its reports must say something true about it.

use std::collections::{BTreeMap, BTreeSet};

use afterloop_domain::report::{QualityReport, ServiceReport};
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, HOUR_MS};
use afterloop_domain::view::RepRow;
use afterloop_domain::wire::{CasePage, CaseView};
use afterloop_domain::{Case, Timestamp};
use afterloop_tests::client::User;
use afterloop_tests::{spawn_app, Who};
use serde::de::DeserializeOwned;

/// The regions' technicians and the provinces their customers' sites are in.
const REGIONS: &[(&str, &[&str])] = &[
    ("wu.gang", &["上海", "浙江", "江苏", "安徽"]),
    ("huang.min", &["广东", "福建", "广西"]),
    ("sun.hao", &["北京", "天津", "河北", "山东"]),
    ("liu.yang", &["四川", "重庆", "云南", "贵州"]),
];

async fn read<T: DeserializeOwned>(user: &User, path: &str) -> T {
    let resp = user.get(path).await;
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

/// Every case, oldest first.
async fn every_case(manager: &User) -> Vec<Case> {
    let mut ids = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: CasePage =
            read(manager, &format!("/api/v1/cases?limit=100&cursor={cursor}")).await;
        ids.extend(page.items.iter().map(|row| row.id));
        match page.cursor {
            Some(next) => cursor = next,
            None => break,
        }
    }
    let mut cases = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(25) {
        let views = futures_join(manager, chunk).await;
        cases.extend(views.into_iter().map(|v| v.case));
    }
    cases.sort_by_key(|c| c.id.sequence());
    cases
}

async fn futures_join(manager: &User, ids: &[afterloop_domain::CaseId]) -> Vec<CaseView> {
    let mut tasks = Vec::new();
    for id in ids {
        let path = format!("/api/v1/cases/{id}");
        tasks.push(async move { read::<CaseView>(manager, &path).await });
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await);
    }
    out
}

/// The China hour of an instant.
fn china_hour(t: Timestamp) -> i64 {
    let day = t.date_at_offset(CHINA_OFFSET_MINUTES);
    (t.millis() - day.start_at_offset(CHINA_OFFSET_MINUTES).millis()) / HOUR_MS
}

/// Cases over at least ten months, numbered in the order they were opened,
/// each opened in business hours China time; Chinese customers' titles are
/// Chinese.
#[tokio::test]
async fn the_year_spreads_over_the_months_in_business_hours() {
    let manager = spawn_app().sign_in(Who::Manager).await;
    let cases = every_case(&manager).await;
    assert!(cases.len() >= 300, "{} cases", cases.len());
    let months: BTreeSet<(i32, u32)> = cases
        .iter()
        .map(|c| {
            let (y, m, _) = c.created_at.date_at_offset(CHINA_OFFSET_MINUTES).ymd();
            (y, m)
        })
        .collect();
    assert!(months.len() >= 10, "opened in {} months", months.len());
    for pair in cases.windows(2) {
        assert!(
            pair[0].created_at <= pair[1].created_at,
            "{} opened after {}",
            pair[0].id,
            pair[1].id
        );
    }
    for c in &cases {
        let hour = china_hour(c.created_at);
        assert!((8..22).contains(&hour), "{} opened at {hour}:00", c.id);
        let title: &str = c.title.as_ref();
        let chinese = title
            .chars()
            .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch));
        let zh = matches!(c.customer.language, afterloop_domain::case::Language::ZhCn);
        assert_eq!(zh, chinese, "{}: {title}", c.id);
    }
}

/// Each technician visits the sites of their own region, in business-hour
/// windows, and has a handful of jobs booked from today on (some on hold),
/// never dozens on one day.
#[tokio::test]
async fn each_technician_works_in_their_region() {
    let manager = spawn_app().sign_in(Who::Manager).await;
    let cases = every_case(&manager).await;
    let mut visits: BTreeMap<String, usize> = BTreeMap::new();
    for c in &cases {
        let Some(d) = &c.dispatch else { continue };
        let tech = d.technician.to_string();
        let (_, provinces) = REGIONS
            .iter()
            .find(|(t, _)| *t == tech)
            .unwrap_or_else(|| panic!("{} dispatched to {tech}", c.id));
        let address = c.customer.address.clone().unwrap_or_default();
        assert!(
            provinces.iter().any(|p| address.starts_with(p)),
            "{tech} visits {address} ({})",
            c.id
        );
        let start = china_hour(d.from);
        assert!((8..20).contains(&start), "{}: a visit at {start}:00", c.id);
        *visits.entry(tech).or_default() += c.visits.len();
    }
    for (tech, _) in REGIONS {
        assert!(
            visits.get(*tech).copied().unwrap_or(0) >= 10,
            "{tech}: {visits:?}"
        );
        let page: CasePage = read(&manager, &format!("/api/v1/queues/tech/{tech}")).await;
        let mut per_day: BTreeMap<String, usize> = BTreeMap::new();
        for row in &page.items {
            let case = cases
                .iter()
                .find(|c| c.id == row.id)
                .expect("a listed case");
            let day = case
                .dispatch
                .as_ref()
                .map(|d| d.from.date_at_offset(CHINA_OFFSET_MINUTES).to_string())
                .unwrap_or_default();
            *per_day.entry(day).or_default() += 1;
        }
        assert!(
            (3..=12).contains(&page.items.len()),
            "{tech} has {} open jobs",
            page.items.len()
        );
        assert!(per_day.values().all(|n| *n <= 5), "{tech}: {per_day:?}");
    }
    assert!(
        cases
            .iter()
            .any(|c| c.hold.is_some() && c.dispatch.is_some()),
        "a booked job on hold"
    );
}

/// The year's reports: clocks missed as well as met, time to resolve,
/// first-time fixes below 100 %, failure rates per batch with 2409B the
/// worst, repairs that came back, and money waiting for approval.
#[tokio::test]
async fn the_reports_say_something_true() {
    let manager = spawn_app().sign_in(Who::Manager).await;
    let cases = every_case(&manager).await;
    let first = cases[0].created_at.date_at_offset(CHINA_OFFSET_MINUTES);
    let last = cases
        .iter()
        .map(|c| c.updated_at)
        .max()
        .unwrap()
        .date_at_offset(CHINA_OFFSET_MINUTES);
    let period = format!("from={first}&to={last}");
    let service: ServiceReport = read(&manager, &format!("/api/v1/reports/service?{period}")).await;
    let late: u64 = service
        .sla
        .iter()
        .map(|r| r.counts.late + r.counts.overdue)
        .sum();
    let on_time: u64 = service.sla.iter().map(|r| r.counts.on_time).sum();
    assert!(late > 0 && on_time > late, "on time {on_time}, late {late}");
    assert!(
        service
            .time_to_resolve
            .iter()
            .any(|r| r.resolved > 10 && r.mean_ms.unwrap_or(0) > HOUR_MS),
        "{:?}",
        service.time_to_resolve
    );
    let quality: QualityReport = read(&manager, &format!("/api/v1/reports/quality?{period}")).await;
    assert!(
        quality
            .first_time_fix
            .iter()
            .any(|f| f.rate.part < f.rate.whole),
        "{:?}",
        quality.first_time_fix
    );
    let rate = |batch: &str| {
        quality
            .failure_rates
            .iter()
            .find(|r| r.batch == batch)
            .and_then(|r| r.units_sold.map(|u| r.cases as f64 / f64::from(u)))
            .unwrap_or_else(|| panic!("no failure rate of {batch}"))
    };
    assert!(rate("2409B") > 2.0 * rate("2502A"), "2409B fails most");
    assert!(!quality.recurrence.is_empty(), "repairs that came back");
    let approvals: CasePage = read(&manager, "/api/v1/queues/approvals").await;
    assert!(
        approvals.items.len() >= 3,
        "{} approvals",
        approvals.items.len()
    );
    // Late approvals are weeks late, not most of a year.
    let now = afterloop_tests::now();
    for row in &approvals.items {
        let waited = now.millis() - row.created_at.millis();
        assert!(
            waited < 60 * 24 * HOUR_MS,
            "{} waits {} days",
            row.id,
            waited / (24 * HOUR_MS)
        );
    }
}

/// The sales rep's home: her customers' open cases, with quotes waiting on
/// the customer, one accepted and one declined, refunds waiting for the
/// manager, and returns and repairs of batch 2409B.
#[tokio::test]
async fn the_sales_rep_has_her_customers_cases() {
    let rep = spawn_app().sign_in(Who::SalesRep).await;
    let home: serde_json::Value = read(&rep, "/api/v1/queues/rep/emma.sales?limit=100").await;
    let rows: Vec<RepRow> = serde_json::from_value(home["items"].clone()).unwrap();
    assert!((10..=20).contains(&rows.len()), "{} cases", rows.len());
    let quotes: Vec<String> = rows
        .iter()
        .filter_map(|r| r.quote.as_ref())
        .map(|q| serde_json::to_string(&q.state).unwrap())
        .collect();
    assert!(quotes.iter().filter(|q| q.contains("open")).count() >= 2);
    // The answered ones, as staff read them.
    let staff = spawn_app().sign_in(Who::Manager).await;
    let mut answered = String::new();
    for row in &rows {
        let case: CaseView = read(&staff, &format!("/api/v1/cases/{}", row.id)).await;
        answered.push_str(&serde_json::to_string(&case.case.quotes).unwrap());
    }
    for state in ["accepted", "declined"] {
        assert!(answered.contains(state), "{state}: {answered}");
    }
    let kinds: BTreeSet<String> = rows
        .iter()
        .map(|r| {
            serde_json::to_value(r.status)
                .unwrap()
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone()
        })
        .collect();
    assert_eq!(kinds.len(), 3, "repairs, returns and refunds: {kinds:?}");
    let manager = spawn_app().sign_in(Who::Manager).await;
    let approvals: CasePage = read(&manager, "/api/v1/queues/approvals?limit=100").await;
    let amounts: BTreeSet<i64> = approvals
        .items
        .iter()
        .filter(|a| rows.iter().any(|r| r.id == a.id))
        .filter_map(|a| a.amount.map(|m| m.minor()))
        .collect();
    for yuan in [3_600, 2_450, 12_800] {
        assert!(amounts.contains(&(yuan * 100)), "{yuan}: {amounts:?}");
    }
}

/// A customer asked to send their unit is told where to, in a message on
/// their link (their page says the address is in the messages).
#[tokio::test]
async fn a_customer_asked_to_send_the_unit_has_the_address_in_a_message() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let awaited: Vec<Case> = every_case(&manager)
        .await
        .into_iter()
        .filter(|c| {
            !c.status.is_terminal()
                && c.goods.iter().any(|m| {
                    m.is_outstanding()
                        && m.state == afterloop_domain::flow::goods::MovementState::Authorised
                })
        })
        .collect();
    assert!(
        !awaited.is_empty(),
        "the demo has units still to be sent in"
    );
    for case in awaited {
        let events: serde_json::Value =
            read(&manager, &format!("/api/v1/cases/{}/events", case.id)).await;
        let told = events["events"].as_array().unwrap().iter().any(|e| {
            e["change"]["type"] == "note_added"
                && e["change"]["visibility"] == "public"
                && e["change"]["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("88"))
        });
        assert!(told, "{} asks for the unit without an address", case.id);
    }
}
