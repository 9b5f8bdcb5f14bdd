//! The demo company: 华光能源 SunLight Energy, a maker of solar inverters,
//! PV modules and batteries with serial batches. Seeding creates its users
//! (through the local-only setup endpoint) and a few hundred cases across
//! every kind and stage, all through the public API with fixed idempotency
//! keys and event ids: seeding twice finds everything there and adds nothing.
//!
//! The data carries signal for the reports: batch 2409B of the SUN-10K-G
//! inverter fails far more often, mostly with IGBT module failures.

use std::time::Duration;

use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::wire::{
    CommandRequest, CreateCaseRequest, CustomerInput, LoginRequest, LoginResponse, MoneyInput,
    ProductInput,
};
use afterloop_domain::{
    Case, CaseId, Command, Currency, Date, EventId, Money, RefundStage, RepairStage, ReturnStage,
    Status, Timestamp, UserId,
};
use anyhow::{bail, Context, Result};

/// How many demo cases.
pub const DEMO_CASES: u32 = 240;

/// Demo users and passwords (also in the README).
pub const MANAGER: (&str, &str) = ("chen.jie", "manager-demo-2026");
/// A staff user.
pub const STAFF: (&str, &str) = ("li.na", "staff-demo-2026");
/// A second staff user (pays what the first requested).
pub const STAFF2: (&str, &str) = ("zhao.lei", "staff-demo-2026");
/// A technician.
pub const TECH: (&str, &str) = ("wu.gang", "tech-demo-2026");

/// A small deterministic generator, so every run seeds the same company.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const MODELS: &[(&str, i64)] = &[
    ("SUN-5K-G", 780_000),
    ("SUN-10K-G", 1_280_000),
    ("SUN-20K-T", 2_450_000),
    ("PV-450M", 98_000),
    ("PV-550M", 126_000),
    ("BAT-5.1", 1_650_000),
];
const BATCHES: &[&str] = &["2405A", "2409B", "2411C", "2502A"];
/// Customers: name, phone, site address.
const CUSTOMERS: &[(&str, &str, &str)] = &[
    (
        "阳光农场合作社",
        "+86 138 1000 2001",
        "江苏省盐城市大丰区新丰镇阳光村 8 号",
    ),
    (
        "Green Roof GmbH",
        "+49 30 5550 1234",
        "Torstraße 140, 10119 Berlin",
    ),
    (
        "华东光伏工程有限公司",
        "+86 21 6555 0188",
        "上海市浦东新区新金桥路 28 号 3 楼",
    ),
    (
        "王建国",
        "+86 139 2233 4455",
        "浙江省杭州市余杭区良渚街道玉鸟路 12 号",
    ),
    (
        "Sunrise Solar Pty",
        "+61 2 5550 7788",
        "22 Harbour Street, Sydney NSW 2000",
    ),
    (
        "李秀英",
        "+86 137 8899 0011",
        "安徽省合肥市蜀山区长江西路 669 号",
    ),
    (
        "Costa Energia",
        "+34 91 555 0199",
        "Calle de Alcalá 120, 28009 Madrid",
    ),
    (
        "成都新能源科技",
        "+86 28 8555 6677",
        "四川省成都市高新区天府大道中段 1366 号",
    ),
];
const REPAIR_TITLES: &[&str] = &[
    "逆变器报故障 F07，无法并网",
    "Inverter shuts down at noon, error F21",
    "显示屏不亮，风扇异响",
    "Output power 30% below rating",
    "组件热斑，发电量下降",
];
const RETURN_TITLES: &[&str] = &[
    "Wrong model delivered, want exchange",
    "到货外壳破损，要求退货",
    "Battery will not charge above 60%",
];
const REFUND_TITLES: &[&str] = &[
    "Price dropped after purchase, request difference",
    "安装费重复收取",
    "Compensation for two weeks of downtime",
];

/// A logged-in demo user.
struct Client {
    agent: ureq::Agent,
    url: String,
    token: String,
}

impl Client {
    fn login(agent: &ureq::Agent, url: &str, (user, password): (&str, &str)) -> Result<Client> {
        let mut resp = agent
            .post(&format!("{url}/api/v1/auth/login"))
            .send_json(LoginRequest {
                user: user.into(),
                password: password.into(),
            })?;
        if resp.status() != 200 {
            bail!("login {user}: {}", resp.body_mut().read_to_string()?);
        }
        let login: LoginResponse = resp.body_mut().read_json()?;
        Ok(Client {
            agent: agent.clone(),
            url: url.to_owned(),
            token: login.token,
        })
    }

    fn open(&self, key: &str, req: &CreateCaseRequest) -> Result<(Case, bool)> {
        let mut resp = self
            .agent
            .post(&format!("{}/api/v1/cases", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Idempotency-Key", key)
            .send_json(req)?;
        let status = resp.status().as_u16();
        if status != 200 && status != 201 {
            bail!(
                "opening {key}: {status} {}",
                resp.body_mut().read_to_string()?
            );
        }
        Ok((resp.body_mut().read_json()?, status == 201))
    }

    fn send(&self, id: CaseId, event_id: &str, command: Command) -> Result<()> {
        let mut resp = self
            .agent
            .post(&format!("{}/api/v1/cases/{id}/commands", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .send_json(CommandRequest {
                event_id: EventId::parse(event_id).map_err(anyhow::Error::msg)?,
                command: command.clone(),
                recorded_at: None,
            })?;
        if resp.status() != 200 {
            bail!(
                "{id} {event_id} {command:?}: {}",
                resp.body_mut().read_to_string()?
            );
        }
        Ok(())
    }
}

/// Creates the demo users if needed and signs the manager in; returns the token.
pub fn manager_token(url: &str) -> Result<String> {
    let agent = agent();
    create_users(&agent, url)?;
    Ok(Client::login(&agent, url, MANAGER)?.token)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn create_users(agent: &ureq::Agent, url: &str) -> Result<()> {
    let mut resp = agent
        .post(&format!("{url}/api/v1/setup/demo-users"))
        .send_empty()
        .with_context(|| format!("creating demo users at {url}"))?;
    if resp.status() != 200 {
        bail!("demo users: {}", resp.body_mut().read_to_string()?);
    }
    Ok(())
}

/// Seeds the demo company into the server at `url`; says how much was new.
pub fn demo(url: &str) -> Result<String> {
    let agent = agent();
    create_users(&agent, url)?;
    let staff = Client::login(&agent, url, STAFF)?;
    let staff2 = Client::login(&agent, url, STAFF2)?;
    let manager = Client::login(&agent, url, MANAGER)?;
    let tech = Client::login(&agent, url, TECH)?;
    let people = People {
        staff,
        staff2,
        manager,
        tech,
    };

    let workers = 4;
    let created: u32 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let people = &people;
                scope.spawn(move || -> Result<u32> {
                    let mut created = 0;
                    for n in (w..DEMO_CASES).step_by(workers as usize) {
                        if seed_case(people, n)? {
                            created += 1;
                        }
                    }
                    Ok(created)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("seeding thread"))
            .sum::<Result<u32>>()
    })?;
    Ok(format!(
        "Demo company SunLight Energy: {created} case(s) seeded, {} already there. Users: {} / {} (manager), {} / {} (staff), {} / {} (technician).",
        DEMO_CASES - created, MANAGER.0, MANAGER.1, STAFF.0, STAFF.1, TECH.0, TECH.1
    ))
}

struct People {
    staff: Client,
    staff2: Client,
    manager: Client,
    tech: Client,
}

/// The company's day now (China time).
fn today() -> Date {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Timestamp::from_millis(ms).date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
}

fn money(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("demo amounts are in range")
}

/// Opens demo case `n` and walks it some way through its lifecycle.
fn seed_case(p: &People, n: u32) -> Result<bool> {
    let mut rng = Lcg(u64::from(n) * 7919 + 17);
    let kind = match n % 10 {
        0..=5 => "repair",
        6..=8 => "return",
        _ => "refund",
    };
    let (model, price) = *rng.pick(MODELS);
    // Batch 2409B of the SUN-10K-G fails often: give it a larger share.
    let batch = if model == "SUN-10K-G" && rng.below(2) == 0 {
        "2409B"
    } else {
        rng.pick(BATCHES)
    };
    let (customer, phone, address) = *rng.pick(CUSTOMERS);
    let title = match kind {
        "repair" => rng.pick(REPAIR_TITLES),
        "return" => rng.pick(RETURN_TITLES),
        _ => rng.pick(REFUND_TITLES),
    };
    let year = 2022 + rng.below(5) as u32;
    let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
    // A purchase is never after the day it is recorded: one that would be
    // falls a year earlier.
    let purchase = match Date::from_ymd(year as i32, month as u32, day as u32) {
        Some(d) if d > today() => format!("{}-{month:02}-{day:02}", year - 1),
        _ => format!("{year}-{month:02}-{day:02}"),
    };
    let req = CreateCaseRequest {
        kind: kind.into(),
        title: (*title).into(),
        channel: (*rng.pick(&["sales_rep", "hotline", "email", "web_form", "technician"])).into(),
        description: format!("{title}. Model {model}, batch {batch}."),
        priority: (*rng.pick(&["low", "normal", "normal", "high", "urgent"])).into(),
        region: (*rng.pick(&["provincial_capital", "other"])).into(),
        customer: CustomerInput {
            name: customer.into(),
            phone: phone.into(),
            address: address.into(),
            language: if customer.is_ascii() { "en" } else { "zh-CN" }.into(),
            sales_rep: if rng.below(3) == 0 {
                "emma.sales".into()
            } else {
                String::new()
            },
            ..Default::default()
        },
        product: ProductInput {
            model: model.into(),
            serial: format!("SN{batch}{:05}", 100 + n),
            batch: batch.into(),
            purchase_date: purchase,
            order_ref: format!("SO-{year}-{:05}", 3000 + n),
            price_paid: Some(MoneyInput {
                minor: price,
                currency: "CNY".into(),
            }),
            warranty_months: Some(if model.starts_with("PV") { 120 } else { 60 }),
        },
    };
    let (case, created) = p.staff.open(&format!("demo-v2-{n}"), &req)?;
    let id = case.id;
    let depth = rng.below(9);
    let ev = |step: u32| format!("demo-v2-{n}-{step}");
    let steps: Vec<(&Client, Command)> = match kind {
        "repair" => repair_steps(p, &mut rng, &case, batch),
        "return" => return_steps(p, &case),
        _ => refund_steps(p, &case),
    };
    // Vary where cases stop, so every queue has rows (odd counts stop
    // between a money request and its approval).
    let take = (depth as usize * 2 + (n % 2) as usize).min(steps.len());
    // Each step appends one event: a case already that far was seeded before.
    if !created && case.version as usize > take {
        return Ok(false);
    }
    for (step, (who, command)) in steps.into_iter().enumerate().take(take) {
        who.send(id, &ev(step as u32), command)?;
    }
    Ok(created)
}

fn mv(to: Status) -> Command {
    Command::Move { to, note: None }
}

fn repair_steps<'a>(
    p: &'a People,
    rng: &mut Lcg,
    case: &Case,
    batch: &str,
) -> Vec<(&'a Client, Command)> {
    let tech = UserId::parse(TECH.0).expect("constant");
    let from = case.created_at.plus_millis(2 * 3_600_000);
    let root_cause = if batch == "2409B" && rng.below(4) != 0 {
        RootCause::ComponentFailure
    } else {
        *rng.pick(&[
            RootCause::Firmware,
            RootCause::Installation,
            RootCause::Environment,
            RootCause::NoFaultFound,
            RootCause::ComponentFailure,
            RootCause::Misuse,
        ])
    };
    let part = if root_cause == RootCause::ComponentFailure {
        Some((*rng.pick(&["IGBT module", "IGBT module", "DC fuse", "Cooling fan"])).to_owned())
    } else {
        None
    };
    let mut steps = vec![
        (&p.staff, mv(Status::Repair(RepairStage::Triaged))),
        (
            &p.staff,
            Command::Dispatch {
                technician: tech,
                from,
                to: Timestamp::from_millis(from.millis() + 4 * 3_600_000),
            },
        ),
        (&p.staff, mv(Status::Repair(RepairStage::Scheduled))),
        (&p.tech, mv(Status::Repair(RepairStage::InRepair))),
    ];
    if let Some(part) = &part {
        steps.push((
            &p.tech,
            Command::RecordMovement {
                kind: MovementKind::SparePart,
                direction: Direction::StockToSite,
                item: part.clone(),
                serial: None,
                quantity: Some(1),
                carrier: None,
                tracking: None,
                order_ref: None,
                cost: Some(money(42_000)),
            },
        ));
        steps.push((
            &p.tech,
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Consumed,
                carrier: None,
                tracking: None,
            },
        ));
    }
    steps.extend([
        (
            &p.tech,
            Command::Diagnose {
                root_cause,
                failed_part: part,
                resolution: "Repaired on site and tested under load.".into(),
            },
        ),
        (&p.tech, mv(Status::Repair(RepairStage::Resolved))),
        (&p.staff, mv(Status::Repair(RepairStage::Closed))),
        (
            &p.staff,
            Command::AnswerSurvey {
                score: 3 + (rng.below(3) as u8),
                comment: "电话回访".into(),
            },
        ),
    ]);
    steps
}

fn return_steps<'a>(p: &'a People, case: &Case) -> Vec<(&'a Client, Command)> {
    let price = case.product.price_paid.map_or(0, |m| m.minor());
    vec![
        (&p.staff, mv(Status::Return(ReturnStage::Authorised))),
        (
            &p.staff,
            Command::RecordMovement {
                kind: MovementKind::DefectiveUnit,
                direction: Direction::CustomerToCompany,
                item: case.product.model.clone(),
                serial: case.product.serial.clone(),
                quantity: Some(1),
                carrier: None,
                tracking: None,
                order_ref: case.product.order_ref.clone(),
                cost: None,
            },
        ),
        (
            &p.staff,
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Shipped,
                carrier: Some("SF Express".into()),
                tracking: Some(format!("SF{:010}", case.id.sequence() * 7)),
            },
        ),
        (&p.staff, mv(Status::Return(ReturnStage::InTransit))),
        (
            &p.staff,
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Received,
                carrier: None,
                tracking: None,
            },
        ),
        (&p.staff, mv(Status::Return(ReturnStage::Received))),
        (&p.staff, mv(Status::Return(ReturnStage::Inspected))),
        (
            &p.staff,
            Command::RequestMoney {
                kind: EntryKind::Refund,
                direction: None,
                amount: money(price),
                reason: "Defect confirmed on inspection".into(),
            },
        ),
        (&p.manager, Command::ApproveMoney { entry: 1 }),
        (
            &p.staff2,
            Command::PayMoney {
                entry: 1,
                reference: format!("BANK-{}", case.id.sequence()),
            },
        ),
        (&p.staff, mv(Status::Return(ReturnStage::Refunded))),
        (&p.staff, mv(Status::Return(ReturnStage::Closed))),
    ]
}

fn refund_steps<'a>(p: &'a People, case: &Case) -> Vec<(&'a Client, Command)> {
    let amount = case.product.price_paid.map_or(0, |m| m.minor()) / 10;
    vec![
        (
            &p.staff,
            Command::RequestMoney {
                kind: EntryKind::PriceDifference,
                direction: Some(afterloop_domain::flow::money::MoneyDirection::ToCustomer),
                amount: money(amount.max(100)),
                reason: "Price adjustment".into(),
            },
        ),
        (&p.manager, Command::ApproveMoney { entry: 1 }),
        (&p.staff, mv(Status::Refund(RefundStage::Approved))),
        (
            &p.staff2,
            Command::PayMoney {
                entry: 1,
                reference: format!("WX-{}", case.id.sequence()),
            },
        ),
        (&p.staff, mv(Status::Refund(RefundStage::Paid))),
        (&p.staff, mv(Status::Refund(RefundStage::Closed))),
    ]
}
