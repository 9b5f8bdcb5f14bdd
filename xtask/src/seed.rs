//! The demo company: 华光能源 SunLight Energy, a maker of solar inverters,
//! PV modules and batteries with serial batches, and a year of its
//! after-sales history.
//!
//! Seeding creates its users (through the local-only setup endpoint), sets
//! the units sold per batch (the failure rate's denominator), and writes
//! twelve months of cases through `POST /api/v1/setup/history/batch`: each
//! intake and command is the same write the app sends, made by the demo
//! user who would make it (staff, the region's technician, the manager, the
//! sales rep) at the time it happened, through the same case objects and
//! rules, so every report figure follows from the cases. That route answers
//! only where demo setup is enabled (local `wrangler dev`) and only the
//! seeding manager. The intakes go first, oldest first, so case numbers
//! follow time; then each case's writes, many cases a request.
//!
//! What the year holds: repairs, returns and refunds with seasons (more
//! inverter faults in the summer heat, returns after the November sales),
//! opened in business hours China time by generated customers (a quarter
//! of them key accounts, at a higher priority; titles in the customer's
//! language), four technicians each visiting their own region (华东, 华南,
//! 华北, 西南) in business-hour windows, SLA clocks missed as well as met,
//! second visits, batch 2409B of the SUN-10K-G failing often (mostly its
//! IGBT module) and coming back within weeks, refunds and returns waiting
//! for the manager, the sales rep `emma.sales`'s export customers with
//! thirteen open cases ([`rep`]: quotes waiting, accepted and declined on
//! the customer's link, refunds waiting for approval), and five jobs per
//! technician from the anchor's day to two days after, one on hold.
//!
//! Idempotent: every time is reckoned from the *anchor*, the moment of the
//! first seeding, which the oldest case records (it is opened exactly 365
//! days before it). A later run finds the anchor there, computes the same
//! writes with the same keys and event ids, and each is answered as a
//! replay; what had not happened at the anchor is never written. A state
//! seeded by the earlier version of this seed (keys `demo-v3-…`, serials
//! `SN…`) is left as it is: seeding it again adds no second company.

mod customers;
mod rep;

use std::time::{Duration, Instant};

use customers::{Customer, Region};

use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::{EntryKind, MoneyDirection};
use afterloop_domain::flow::quote::Decision;
use afterloop_domain::report::{BatchUnits, SoldUnits};
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, DAY_MS, HOUR_MS, MINUTE_MS};
use afterloop_domain::wire::{
    CreateCaseRequest, CustomerInput, LoginRequest, LoginResponse, MoneyInput, PastBatch,
    PastBatchResult, PastCase, PastCaseResult, PastCommand, PastWrites, ProductInput, QuoteAnswer,
    PAST_BATCH_MAX, PAST_COMMANDS_MAX,
};
use afterloop_domain::{
    CaseId, Command, Currency, Date, EventId, Money, RefundStage, RepairStage, ReturnStage, Status,
    Timestamp, UserId,
};
use anyhow::{bail, Context, Result};

/// Demo users and passwords (also in the README).
pub const MANAGER: (&str, &str) = ("chen.jie", "manager-demo-2026");
/// A staff user.
pub const STAFF: (&str, &str) = ("li.na", "staff-demo-2026");
/// A technician.
pub const TECH: (&str, &str) = ("wu.gang", "tech-demo-2026");
/// The sales rep.
pub const REP: (&str, &str) = ("emma.sales", "sales-demo-2026");

/// Cases over the year (not counting repeat repairs and today's jobs).
const YEAR_CASES: u32 = 300;
/// Each technician's open jobs, from the anchor's day to two days after.
const JOBS: usize = 5;
/// What this version's idempotency keys and event ids start with.
const KEY: &str = "demo-v4";
/// What this version's serial numbers start with (the earlier one's: `SN`).
const SERIAL: &str = "HG";
/// The most JSON one history batch carries (the API takes 64 KiB).
const BATCH_BYTES: usize = 20 * 1024;
/// The anchor case is opened this long before the anchor.
const ANCHOR_AGE_MS: i64 = 365 * DAY_MS;
/// How many requests run at once.
const WORKERS: usize = 8;

/// A small deterministic generator, so every run seeds the same company.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Lcg {
        let mut rng = Lcg(seed.wrapping_mul(7919).wrapping_add(17));
        rng.next();
        rng
    }
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
    /// True with `percent` % probability.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A duration between `lo` and `hi` minutes, in milliseconds.
    fn minutes(&mut self, lo: i64, hi: i64) -> i64 {
        (lo + self.below((hi - lo + 1) as u64) as i64) * MINUTE_MS
    }
}

/// A product model: name, list price (CNY minor units), warranty months, batches.
struct Model {
    name: &'static str,
    price: i64,
    warranty: u32,
    batches: &'static [&'static str],
    inverter: bool,
}

const MODELS: &[Model] = &[
    Model {
        name: "SUN-5K-G",
        price: 780_000,
        warranty: 60,
        batches: &["2405A", "2411C", "2502A"],
        inverter: true,
    },
    Model {
        name: "SUN-10K-G",
        price: 1_280_000,
        warranty: 60,
        batches: &["2405A", "2409B", "2409B", "2409B", "2502A"],
        inverter: true,
    },
    Model {
        name: "SUN-20K-T",
        price: 2_450_000,
        warranty: 60,
        batches: &["2411C", "2502A"],
        inverter: true,
    },
    Model {
        name: "PV-450M",
        price: 98_000,
        warranty: 120,
        batches: &["P2406", "P2501"],
        inverter: false,
    },
    Model {
        name: "PV-550M",
        price: 126_000,
        warranty: 120,
        batches: &["P2406", "P2501"],
        inverter: false,
    },
    Model {
        name: "BAT-5.1",
        price: 1_650_000,
        warranty: 60,
        batches: &["B2408", "B2503"],
        inverter: false,
    },
];

/// Units sold per batch (the failure rate's denominator); with the cases
/// above, 2409B fails several times as often as its neighbours.
const UNITS_SOLD: &[(&str, u32)] = &[
    ("2405A", 2_600),
    ("2409B", 1_150),
    ("2411C", 2_300),
    ("2502A", 3_100),
    ("P2406", 18_000),
    ("P2501", 24_000),
    ("B2408", 1_400),
    ("B2503", 1_900),
];

/// The month a batch was made: nothing of it is sold earlier.
fn batch_made(batch: &str) -> (i32, u32) {
    let digits: String = batch.chars().filter(char::is_ascii_digit).collect();
    let yy: i32 = digits[..2].parse().unwrap_or(24);
    let mm: u32 = digits[2..4].parse().unwrap_or(1);
    (2000 + yy, mm)
}

const REPAIR_TITLES: &[&str] = &[
    "逆变器报故障 F07，无法并网",
    "逆变器中午高温停机，报 F21",
    "显示屏不亮，风扇异响",
    "输出功率比额定低 30%",
    "组件热斑，发电量下降",
    "电池无法充满，停在 60%",
];
/// Return titles: Chinese, then English (for the export customers).
const RETURN_TITLES: [&[&str]; 2] = [
    &[
        "到货外壳破损，要求退货",
        "发错型号，要求退换",
        "电池充不进 60% 以上，要求退货",
        "安装前发现接线端子损坏，要求退货",
    ],
    &[
        "Wrong model delivered, want exchange",
        "Housing damaged on arrival, return requested",
        "Battery will not charge above 60%",
    ],
];
/// Refund titles: Chinese, then English.
const REFUND_TITLES: [&[&str]; 2] = [
    &[
        "安装费重复收取",
        "促销差价退还",
        "停机两周，要求补偿",
        "购买后降价，要求退差价",
    ],
    &[
        "Price dropped after purchase, request difference",
        "Compensation for two weeks of downtime",
        "Installation fee charged twice",
    ],
];

/// The staff who open, triage and close.
const STAFF_USERS: &[&str] = &["li.na", "zhao.lei"];

/// Who pays what `staff` requested: the other staff member.
fn payer(staff: &str) -> &'static str {
    if staff == STAFF_USERS[0] {
        STAFF_USERS[1]
    } else {
        STAFF_USERS[0]
    }
}
const DESK: &str = "service.desk";

/// One write of a case's history: who, when, what.
struct Step {
    at: Timestamp,
    who: &'static str,
    command: Command,
}

/// A case's history: its intake, its writes, and maybe a repeat repair of
/// the same serial opened after it was resolved.
struct Story {
    key: String,
    at: Timestamp,
    opener: &'static str,
    req: CreateCaseRequest,
    steps: Vec<Step>,
    repeat: Option<Box<Story>>,
    /// The customer's answer to the case's quote, given on their link
    /// when the seed runs (customers are no demo users).
    answer: Option<Decision>,
}

/// The seeding manager's client.
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

    /// Sends the pasts of several cases in one request.
    fn batch(&self, cases: Vec<PastWrites>) -> Result<Vec<PastCaseResult>> {
        let body = PastBatch { cases };
        let mut resp = self
            .agent
            .post(&format!("{}/api/v1/setup/history/batch", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .send_json(&body)?;
        let status = resp.status().as_u16();
        if status != 200 {
            bail!(
                "history batch: {status} {}",
                resp.body_mut().read_to_string()?
            );
        }
        Ok(resp.body_mut().read_json::<PastBatchResult>()?.cases)
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let mut resp = self
            .agent
            .get(&format!("{}/api/v1{path}", self.url))
            .header("Authorization", &format!("Bearer {}", self.token))
            .call()?;
        if resp.status() != 200 {
            bail!("GET {path}: {}", resp.body_mut().read_to_string()?);
        }
        Ok(resp.body_mut().read_json()?)
    }
}

/// A story's intake, as the batch route opens it.
fn open_writes(story: &Story) -> PastWrites {
    PastWrites {
        case: PastCase::Open {
            actor: user(story.opener),
            at: story.at,
            idempotency_key: story.key.clone(),
            case: Box::new(story.req.clone()),
        },
        commands: Vec::new(),
    }
}

/// Splits writes into batches of at most [`PAST_BATCH_MAX`] cases and
/// [`BATCH_BYTES`] of JSON (the API takes 64 KiB a body).
fn batches(writes: Vec<PastWrites>) -> Vec<Vec<PastWrites>> {
    let mut out: Vec<Vec<PastWrites>> = Vec::new();
    let mut size = 0;
    for w in writes {
        let len = serde_json::to_string(&w).map_or(BATCH_BYTES, |j| j.len() + 1);
        match out.last_mut() {
            Some(last) if last.len() < PAST_BATCH_MAX && size + len <= BATCH_BYTES => {
                size += len;
                last.push(w);
            }
            _ => {
                size = len + 16;
                out.push(vec![w]);
            }
        }
    }
    out
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

/// Creates the demo users if needed and signs the manager in; returns the token.
pub fn manager_token(url: &str) -> Result<String> {
    let agent = agent();
    create_users(&agent, url)?;
    Ok(Client::login(&agent, url, MANAGER)?.token)
}

/// Creates the demo users if needed and signs `user` in; returns the login
/// answer's JSON, as the app keeps it in `localStorage`.
pub fn session_json(url: &str, (user, password): (&str, &str)) -> Result<String> {
    let agent = agent();
    create_users(&agent, url)?;
    let mut resp = agent
        .post(&format!("{url}/api/v1/auth/login"))
        .send_json(LoginRequest {
            user: user.into(),
            password: password.into(),
        })?;
    if resp.status() != 200 {
        bail!("login {user}: {}", resp.body_mut().read_to_string()?);
    }
    Ok(resp.body_mut().read_to_string()?)
}

fn real_now() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Timestamp::from_millis(ms)
}

fn money(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).expect("demo amounts are in range")
}

fn mv(to: Status) -> Command {
    Command::Move { to, note: None }
}

fn user(name: &str) -> UserId {
    UserId::parse(name).expect("a demo user")
}

/// The China date of an instant, and an instant at `hour:minute` China time on a date.
fn china_day(t: Timestamp) -> Date {
    t.date_at_offset(CHINA_OFFSET_MINUTES)
}
fn china_at(day: Date, hour: i64, minute: i64) -> Timestamp {
    day.start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(hour * HOUR_MS + minute * MINUTE_MS)
}

/// `t`, or 09:00 China time on its day (before 08:00) or the next day
/// (from 19:00): visits start in business hours.
fn business_hours(t: Timestamp) -> Timestamp {
    let day = china_day(t);
    let hour = (t.millis() - day.start_at_offset(CHINA_OFFSET_MINUTES).millis()) / HOUR_MS;
    match hour {
        0..=7 => china_at(day, 9, 0),
        19.. => china_at(day.saturating_plus_days(1), 9, 0),
        _ => t,
    }
}

/// `t`, or the latest business minute before it (21:59 China time): the
/// anchor case is opened in business hours whatever the hour of the first
/// seeding, so the anchor may fall up to ten hours before it, and the next
/// visit windows (from 08:00) are still ahead of the real time.
fn latest_business_minute(t: Timestamp) -> Timestamp {
    let day = china_day(t);
    let hour = (t.millis() - day.start_at_offset(CHINA_OFFSET_MINUTES).millis()) / HOUR_MS;
    match hour {
        0..=7 => china_at(day.saturating_plus_days(-1), 21, 59),
        22.. => china_at(day, 21, 59),
        _ => t,
    }
}

/// What a seeding added, in words.
pub struct Seeded {
    /// Cases and events new this time (0: everything was there).
    pub added: u32,
    /// What was seeded, what was new and how long it took.
    pub report: String,
}

/// Seeds the demo company into the server at `url`; says what was new and how long it took.
pub fn demo(url: &str) -> Result<String> {
    Ok(year(url)?.report)
}

/// Seeds the demo company into the server at `url`.
pub fn year(url: &str) -> Result<Seeded> {
    let started = Instant::now();
    let agent = agent();
    create_users(&agent, url)?;
    let manager = Client::login(&agent, url, MANAGER)?;
    set_units_sold(&manager)?;
    if let Some(id) = earlier_company(&manager)? {
        return Ok(Seeded {
            added: 0,
            report: format!(
                "Seeding finished: this state holds the demo company an earlier version seeded (its first case is {id}), so nothing was added (one company). Delete the state folder (.afterloop/state) for this version's year. ({:.0} s)",
                started.elapsed().as_secs_f64()
            ),
        });
    }

    // The anchor: the moment of the first seeding, recorded by the oldest
    // case (opened exactly ANCHOR_AGE_MS before it).
    let now = real_now();
    let first = latest_business_minute(Timestamp::from_millis(
        (now.millis() / MINUTE_MS) * MINUTE_MS - ANCHOR_AGE_MS,
    ));
    let regions = customers::regions();
    let export = customers::export();
    let anchor_story = year_story(
        0,
        first,
        first.plus_millis(ANCHOR_AGE_MS),
        &regions,
        &export,
    );
    let opened = manager.batch(vec![open_writes(&anchor_story)])?;
    let first = opened
        .first()
        .context("the history batch answered no case")?
        .created_at;
    let anchor = first.plus_millis(ANCHOR_AGE_MS);

    let mut stories: Vec<Story> = vec![year_story(0, first, anchor, &regions, &export)];
    stories.extend(
        (1..YEAR_CASES)
            .map(|n| year_story(n, Timestamp::from_millis(0), anchor, &regions, &export)),
    );
    for (t, region) in regions.iter().enumerate() {
        for j in 0..JOBS {
            stories.push(upcoming_story(t, j, region, anchor));
        }
    }
    stories.extend(rep::stories(anchor, &export));
    // Every case opened by the anchor, repeat repairs included, oldest
    // first: case numbers follow the time the cases were opened.
    let mut all = Vec::new();
    for story in stories {
        flatten(story, anchor, &mut all);
    }
    all.sort_by_key(|s| s.at.millis());

    // The intakes, in order; then every case's writes, WORKERS requests at once.
    let (mut cases, mut events) = (0u32, 0u32);
    let mut ids = Vec::with_capacity(all.len());
    for batch in batches(all.iter().map(open_writes).collect()) {
        for r in manager.batch(batch)? {
            cases += u32::from(r.opened);
            events += r.events;
            ids.push(r.id);
        }
    }
    let mut writes = Vec::new();
    for (story, id) in all.iter().zip(&ids) {
        let commands = due(story, anchor)?;
        if !commands.is_empty() {
            writes.push(PastWrites {
                case: PastCase::Existing { id: *id },
                commands,
            });
        }
    }
    let chunks = batches(writes);
    let written: Vec<u32> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                let (manager, chunks) = (&manager, &chunks);
                scope.spawn(move || -> Result<u32> {
                    let mut events = 0;
                    for chunk in chunks.iter().skip(w).step_by(WORKERS) {
                        events += manager
                            .batch(chunk.clone())?
                            .iter()
                            .map(|r| r.events)
                            .sum::<u32>();
                    }
                    Ok(events)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("seeding thread"))
            .collect::<Result<Vec<_>>>()
    })?;
    events += written.iter().sum::<u32>();
    // The customers' answers to their quotes, on their links.
    for (story, id) in all.iter().zip(&ids) {
        if let Some(decision) = story.answer {
            events += answer_quote(&manager, *id, &story.key, decision)?;
        }
    }
    let day = china_day(anchor).ymd();
    let report = format!(
        "Seeding finished: demo company SunLight Energy, a year of after-sales up to {}-{:02}-{:02} ({} cases); {cases} case(s) and {events} event(s) new this time, in {:.0} s.\nUsers: {} / {} (manager), {} / {} (staff), {} / {} (technician, 华东; also sun.hao 华北, huang.min 华南, liu.yang 西南), {} / {} (sales rep).",
        day.0,
        day.1,
        day.2,
        all.len(),
        started.elapsed().as_secs_f64(),
        MANAGER.0,
        MANAGER.1,
        STAFF.0,
        STAFF.1,
        TECH.0,
        TECH.1,
        REP.0,
        REP.1,
    );
    Ok(Seeded {
        added: cases + events,
        report,
    })
}

/// The first case of a demo company an earlier version of this seed wrote
/// (its serial numbers were `SN{batch}{n}`, the oldest case's `…01000`), if
/// the server holds one: seeding this version beside it would make two.
fn earlier_company(manager: &Client) -> Result<Option<String>> {
    for batch in [
        "2405A", "2409B", "2411C", "2502A", "P2406", "P2501", "B2408", "B2503",
    ] {
        let page: serde_json::Value = manager.get(&format!("/search?q=SN{batch}01000"))?;
        if let Some(id) = page["items"]
            .as_array()
            .and_then(|items| items.first())
            .and_then(|row| row["id"].as_str())
        {
            return Ok(Some(id.to_owned()));
        }
    }
    Ok(None)
}

/// Adds a story and its repeat repair (if it had been opened by the
/// anchor) to `all`.
fn flatten(mut story: Story, anchor: Timestamp, all: &mut Vec<Story>) {
    if story.at > anchor {
        return;
    }
    let resolved = story.steps.iter().find(|s| {
        matches!(
            s.command,
            Command::Move {
                to: Status::Repair(RepairStage::Resolved),
                ..
            }
        )
    });
    let repeat = story.repeat.take();
    if let (Some(repeat), Some(resolved)) = (repeat, resolved) {
        if resolved.at <= anchor && repeat.at > resolved.at {
            flatten(*repeat, anchor, all);
        }
    }
    all.push(story);
}

/// A story's writes that had happened by the anchor, with their event ids.
fn due(story: &Story, anchor: Timestamp) -> Result<Vec<PastCommand>> {
    let due = story
        .steps
        .iter()
        .enumerate()
        .take_while(|(_, s)| s.at <= anchor)
        .map(|(i, s)| -> Result<PastCommand> {
            Ok(PastCommand {
                actor: user(s.who),
                at: s.at,
                event_id: EventId::parse(&format!("{}-{i}", story.key))
                    .map_err(anyhow::Error::msg)?,
                command: s.command.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if due.len() > PAST_COMMANDS_MAX {
        bail!("{} has more than {PAST_COMMANDS_MAX} writes", story.key);
    }
    Ok(due)
}

/// The customer answers quote 1 of case `id` on their link (once: the
/// same event id again is a replay); returns the events added.
fn answer_quote(manager: &Client, id: CaseId, key: &str, decision: Decision) -> Result<u32> {
    let case: serde_json::Value = manager.get(&format!("/cases/{id}"))?;
    let token = case["public_token"]
        .as_str()
        .context("the staff view carries the customer's link")?;
    let amount: Money =
        serde_json::from_value(case["quotes"][0]["amount"].clone()).context("the case's quote")?;
    let body = QuoteAnswer {
        event_id: EventId::parse(&format!("{key}-answer")).map_err(anyhow::Error::msg)?,
        decision,
        amount,
    };
    let mut resp = manager
        .agent
        .post(&format!("{}/api/v1/track/{token}/quotes/1", manager.url))
        .send_json(&body)?;
    if resp.status() != 200 && resp.status() != 201 {
        bail!(
            "answering {id}'s quote: {}",
            resp.body_mut().read_to_string()?
        );
    }
    let written: serde_json::Value = resp.body_mut().read_json()?;
    Ok(if written["applied"].as_bool() == Some(true) {
        written["events"].as_array().map_or(0, |e| e.len() as u32)
    } else {
        0
    })
}

/// Sets the units sold per batch (the same figures every time).
fn set_units_sold(manager: &Client) -> Result<()> {
    let body = SoldUnits {
        batches: UNITS_SOLD
            .iter()
            .map(|(batch, units)| BatchUnits {
                batch: (*batch).into(),
                units: *units,
            })
            .collect(),
    };
    let mut resp = manager
        .agent
        .put(&format!("{}/api/v1/reports/sold-units", manager.url))
        .header("Authorization", &format!("Bearer {}", manager.token))
        .send_json(&body)?;
    if resp.status() != 200 {
        bail!("units sold: {}", resp.body_mut().read_to_string()?);
    }
    Ok(())
}

/// How likely a case opens in each month (January first), per mille of the
/// busiest month: repairs peak in the summer heat, and dip at the Spring
/// Festival; returns and refunds follow the November sales.
const REPAIR_SEASON: [u64; 12] = [450, 300, 500, 600, 750, 900, 1000, 1000, 750, 550, 500, 450];
const RETURN_SEASON: [u64; 12] = [800, 450, 600, 650, 700, 700, 650, 650, 700, 650, 1000, 950];

/// Case `n` of the year. `at` is used for case 0 (the anchor case, opened
/// exactly a year before the anchor); the others draw their day.
fn year_story(
    n: u32,
    at: Timestamp,
    anchor: Timestamp,
    regions: &[Region],
    export: &[Customer],
) -> Story {
    let mut rng = Lcg::new(u64::from(n));
    let kind = match n {
        0 => "repair",
        _ => match rng.below(100) {
            0..=61 => "repair",
            62..=83 => "return",
            _ => "refund",
        },
    };
    let season = if kind == "repair" {
        &REPAIR_SEASON
    } else {
        &RETURN_SEASON
    };
    let at = if n == 0 {
        at
    } else {
        // A day in the year before the anchor, by the season; office hours
        // mostly, some evenings and weekends.
        let anchor_day = china_day(anchor);
        let day = loop {
            let back = 1 + rng.below(364) as i32;
            let day = anchor_day.saturating_plus_days(-back);
            let month = day.ymd().1 as usize;
            let weekend = day.weekday() >= 5;
            if rng.below(1000) < season[month - 1] && (!weekend || rng.chance(35)) {
                break day;
            }
        };
        let hour = if rng.chance(85) {
            8 + rng.below(10) as i64
        } else {
            18 + rng.below(4) as i64
        };
        china_at(day, hour, rng.below(60) as i64)
    };

    // Who: domestic customers by region; the export customers send
    // returns and refunds (their open cases are the rep's own stories).
    let abroad = kind != "repair" && rng.chance(30) && anchor.millis() - at.millis() > 40 * DAY_MS;
    let (customer, region) = if abroad {
        (rng.pick(export), None)
    } else {
        let r = rng.below(regions.len() as u64) as usize;
        (rng.pick(&regions[r].customers), Some(r))
    };
    let model = if kind == "refund" {
        &MODELS[*rng.pick(&[0, 1, 1, 2, 5])]
    } else if kind == "repair" && rng.chance(60) {
        // Repairs are mostly inverters, and most of them the SUN-10K-G.
        if rng.chance(55) {
            &MODELS[1]
        } else {
            rng.pick(&MODELS[..3])
        }
    } else {
        rng.pick(MODELS)
    };
    let batch = *rng.pick(model.batches);
    // (The anchor case's content never depends on its day: a later run
    // rebuilds it from the day it was opened on.)
    let summer = n != 0 && matches!(china_day(at).ymd().1, 6..=8);
    let title = match kind {
        "repair" if model.inverter && summer && rng.chance(60) => "逆变器中午高温停机，报 F21",
        "repair" if model.name.starts_with("BAT") => "电池无法充满，停在 60%",
        "repair" if model.name.starts_with("PV") => "组件热斑，发电量下降",
        "repair" => *rng.pick(&REPAIR_TITLES[..4]),
        "return" => *rng.pick(RETURN_TITLES[usize::from(customer.en)]),
        _ => *rng.pick(REFUND_TITLES[usize::from(customer.en)]),
    };
    let req = intake(n, kind, title, customer, model, batch, &mut rng);
    let opener = if customer.rep && rng.chance(50) {
        REP.0
    } else {
        *rng.pick(STAFF_USERS)
    };
    let owner = if opener == REP.0 { DESK } else { opener };
    let mut story = Story {
        key: format!("{KEY}-{n}"),
        at,
        opener,
        req,
        steps: Vec::new(),
        repeat: None,
        answer: None,
    };
    let recent = anchor.millis() - at.millis() < 21 * DAY_MS;
    // An approval left waiting a few weeks is a miss worth showing; one
    // left for most of a year is not a company anyone runs.
    let overdue = anchor.millis() - at.millis() < 45 * DAY_MS;
    match (kind, region) {
        ("repair", Some(r)) => {
            let plan = RepairPlan::draw(&mut rng, model, batch, summer);
            story.steps = repair_steps(
                &mut rng,
                at,
                owner,
                regions[r].tech,
                &plan,
                customer.capital,
            );
            // Batch 2409B comes back: the same serial fails again within weeks.
            if batch == "2409B" && plan.part == Some("IGBT-40A") && rng.chance(45) {
                let resolved = story
                    .steps
                    .iter()
                    .find(|s| {
                        matches!(
                            s.command,
                            Command::Move {
                                to: Status::Repair(RepairStage::Resolved),
                                ..
                            }
                        )
                    })
                    .map_or(at, |s| s.at);
                let again = china_day(resolved).saturating_plus_days(4 + rng.below(20) as i32);
                let at2 = china_at(again, 9 + rng.below(8) as i64, rng.below(60) as i64);
                let mut req2 = story.req.clone();
                req2.title = "同一台逆变器再次报 F21，IGBT 又坏了".into();
                req2.description = format!(
                    "序列号 {} 更换 IGBT 后数周内再次故障。型号 {}，批次 {batch}。",
                    story.req.product.serial, model.name
                );
                req2.priority = "high".into();
                let plan2 = RepairPlan {
                    root_cause: RootCause::ComponentFailure,
                    part: Some("IGBT-40A"),
                    second_visit: rng.chance(30),
                    hold: false,
                };
                let opener2 = *rng.pick(STAFF_USERS);
                story.repeat = Some(Box::new(Story {
                    key: format!("{KEY}-{n}-again"),
                    at: at2,
                    opener: opener2,
                    req: req2,
                    steps: repair_steps(
                        &mut rng,
                        at2,
                        opener2,
                        regions[r].tech,
                        &plan2,
                        customer.capital,
                    ),
                    repeat: None,
                    answer: None,
                }));
            }
        }
        // A few older ones (weeks, not months) wait for approval too, never
        // the rep's (her open cases are her own stories).
        ("return", _) => {
            let pending = recent || (overdue && n % 29 == 3 && !customer.rep);
            story.steps = return_steps(&mut rng, at, owner, n, &story.req, pending);
        }
        _ => {
            let pending = recent || (overdue && n % 23 == 5 && !customer.rep);
            story.steps = refund_steps(&mut rng, at, owner, n, model.price, pending);
        }
    }
    story
}

/// The intake of a case.
fn intake(
    n: u32,
    kind: &str,
    title: &str,
    customer: &Customer,
    model: &Model,
    batch: &str,
    rng: &mut Lcg,
) -> CreateCaseRequest {
    // Bought after the batch was made and before the year began (so before
    // every case), between the batch's month and November 2025.
    let (y, m) = batch_made(batch);
    let first = Date::from_ymd(y, m, 1)
        .expect("a batch month")
        .saturating_plus_days(20);
    let last = Date::from_ymd(2025, 11, 28).expect("a date");
    let span = (last.days() - first.days()).max(1) as u64;
    let purchase = first.saturating_plus_days(rng.below(span) as i32);
    let (py, pm, pd) = purchase.ymd();
    CreateCaseRequest {
        kind: kind.into(),
        title: title.into(),
        channel: (if customer.rep {
            "sales_rep"
        } else {
            *rng.pick(&[
                "hotline",
                "hotline",
                "sales_rep",
                "email",
                "web_form",
                "technician",
            ])
        })
        .into(),
        description: if customer.en {
            format!("{title}. Model {}, batch {batch}.", model.name)
        } else {
            format!("{title}。型号 {}，批次 {batch}。", model.name)
        },
        // Key accounts come in at a higher priority.
        priority: (*rng.pick(if customer.key {
            &["normal", "high", "high", "urgent"]
        } else {
            &["low", "normal", "normal", "normal", "high", "urgent"]
        }))
        .into(),
        region: (if customer.capital {
            "provincial_capital"
        } else {
            "other"
        })
        .into(),
        customer: CustomerInput {
            name: customer.name.clone(),
            phone: customer.phone.clone(),
            address: customer.address.clone(),
            language: if customer.en { "en" } else { "zh-CN" }.into(),
            sales_rep: if customer.rep {
                REP.0.into()
            } else {
                String::new()
            },
            ..Default::default()
        },
        product: ProductInput {
            model: model.name.into(),
            serial: format!("{SERIAL}{batch}{:05}", 1000 + n * 7 % 9000),
            batch: batch.into(),
            purchase_date: format!("{py}-{pm:02}-{pd:02}"),
            order_ref: format!("SO-{py}-{:05}", 3000 + n),
            price_paid: Some(MoneyInput {
                minor: model.price,
                currency: "CNY".into(),
            }),
            warranty_months: Some(model.warranty),
        },
    }
}

/// What a repair turns out to be.
struct RepairPlan {
    root_cause: RootCause,
    part: Option<&'static str>,
    second_visit: bool,
    hold: bool,
}

impl RepairPlan {
    fn draw(rng: &mut Lcg, model: &Model, batch: &str, summer: bool) -> RepairPlan {
        let root_cause = if batch == "2409B" && rng.chance(80) {
            RootCause::ComponentFailure
        } else if model.inverter && summer && rng.chance(40) {
            *rng.pick(&[RootCause::Environment, RootCause::ComponentFailure])
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
        let part = match root_cause {
            RootCause::ComponentFailure if batch == "2409B" => {
                Some(*rng.pick(&["IGBT-40A", "IGBT-40A", "IGBT-40A", "FAN-80"]))
            }
            RootCause::ComponentFailure if model.name.starts_with("BAT") => Some("BMS-51"),
            RootCause::ComponentFailure if model.name.starts_with("PV") => Some("MC4-PAIR"),
            RootCause::ComponentFailure => {
                Some(*rng.pick(&["IGBT-40A", "FAN-80", "FUSE-DC15", "PCB-CTRL-7", "LCD-2"]))
            }
            _ => None,
        };
        RepairPlan {
            root_cause,
            part,
            // A part not on the van: a second visit.
            second_visit: part.is_some() && rng.chance(if batch == "2409B" { 35 } else { 15 }),
            hold: rng.chance(8),
        }
    }
}

/// A repair from intake to survey: triage, dispatch to the region's
/// technician, visit (check in, part, diagnosis, check out), maybe a second
/// visit, resolve, close, survey. Times vary so that some SLA clocks are
/// missed: a slow first answer, a late visit, a repair that takes weeks.
fn repair_steps(
    rng: &mut Lcg,
    opened: Timestamp,
    staff: &'static str,
    tech: &'static str,
    plan: &RepairPlan,
    capital: bool,
) -> Vec<Step> {
    let staff = if staff == DESK { STAFF_USERS[0] } else { staff };
    let mut steps = Vec::new();
    let mut t = opened;
    let at = |t: &mut Timestamp, ms: i64| {
        *t = t.plus_millis(ms);
        *t
    };
    // First answer: mostly within the hour, sometimes the next morning.
    let first = if rng.chance(80) {
        rng.minutes(8, 55)
    } else {
        rng.minutes(70, 16 * 60)
    };
    steps.push(Step {
        at: at(&mut t, first),
        who: staff,
        command: mv(Status::Repair(RepairStage::Triaged)),
    });
    if plan.hold {
        steps.push(Step {
            at: at(&mut t, rng.minutes(5, 30)),
            who: staff,
            command: Command::Hold {
                reason: "等待客户提供现场照片".into(),
            },
        });
        steps.push(Step {
            at: at(&mut t, rng.minutes(6 * 60, 40 * 60)),
            who: staff,
            command: Command::Resume,
        });
    }
    // The visit: within the on-site target mostly, late for some.
    let target = if capital { 4 * 60 } else { 12 * 60 };
    let lead = if rng.chance(75) {
        rng.minutes(60, target - 60)
    } else {
        rng.minutes(target + 30, target + 30 * 60)
    };
    let dispatched = at(&mut t, rng.minutes(3, 20));
    let from = business_hours(
        Timestamp::from_millis(
            (opened.plus_millis(lead).millis() / (30 * MINUTE_MS)) * 30 * MINUTE_MS,
        )
        .max(dispatched.plus_millis(30 * MINUTE_MS)),
    );
    steps.push(Step {
        at: dispatched,
        who: staff,
        command: Command::Dispatch {
            technician: user(tech),
            from,
            to: from.plus_millis(3 * HOUR_MS),
        },
    });
    steps.push(Step {
        at: at(&mut t, MINUTE_MS),
        who: staff,
        command: mv(Status::Repair(RepairStage::Scheduled)),
    });
    let visit = |rng: &mut Lcg,
                 steps: &mut Vec<Step>,
                 start: Timestamp,
                 part: Option<&str>,
                 diagnose: bool| {
        let arrive = start.plus_millis(rng.minutes(0, 50));
        steps.push(Step {
            at: arrive,
            who: tech,
            command: Command::CheckIn {
                at: arrive,
                location: None,
            },
        });
        let mut t = arrive;
        if let Some(part) = part {
            t = t.plus_millis(rng.minutes(30, 70));
            steps.push(Step {
                at: t,
                who: tech,
                command: Command::UsePart {
                    item: part.into(),
                    serial: None,
                    quantity: Some(1),
                },
            });
        }
        if diagnose {
            t = t.plus_millis(rng.minutes(10, 40));
            steps.push(Step {
                at: t,
                who: tech,
                command: Command::Diagnose {
                    root_cause: plan.root_cause,
                    failed_part: plan.part.map(str::to_owned),
                    resolution: match plan.root_cause {
                        RootCause::ComponentFailure => "更换故障部件，满载测试通过。",
                        RootCause::Firmware => "升级固件至 V3.2.7，复位后并网正常。",
                        RootCause::Installation => "重新压接直流端子，整改接地。",
                        RootCause::Environment => "清理散热风道，加装遮阳板。",
                        RootCause::Misuse => "向客户讲解正确的使用和设置方法。",
                        RootCause::NoFaultFound => "现场未复现故障，已记录运行数据。",
                        _ => "现场处理完毕。",
                    }
                    .into(),
                },
            });
        }
        let leave = t.plus_millis(rng.minutes(15, 45));
        steps.push(Step {
            at: leave,
            who: tech,
            command: Command::CheckOut {
                at: leave,
                location: None,
            },
        });
        leave
    };
    let mut left = if plan.second_visit {
        // First visit finds the fault; the part is not on the van.
        let left = visit(rng, &mut steps, from, None, false);
        let back_at = left.plus_millis(rng.minutes(5, 20));
        steps.push(Step {
            at: back_at,
            who: staff,
            command: mv(Status::Repair(RepairStage::Scheduled)),
        });
        let day = china_day(back_at).saturating_plus_days(2 + rng.below(6) as i32);
        let from2 = china_at(day, 9 + rng.below(6) as i64, 0);
        let dispatched2 = back_at.plus_millis(rng.minutes(30, 180));
        steps.push(Step {
            at: dispatched2,
            who: staff,
            command: Command::Dispatch {
                technician: user(tech),
                from: from2,
                to: from2.plus_millis(3 * HOUR_MS),
            },
        });
        visit(rng, &mut steps, from2, plan.part, true)
    } else {
        visit(rng, &mut steps, from, plan.part, true)
    };
    left = left.plus_millis(rng.minutes(5, 30));
    steps.push(Step {
        at: left,
        who: tech,
        command: mv(Status::Repair(RepairStage::Resolved)),
    });
    let closed = left.plus_millis(rng.minutes(20 * 60, 4 * 24 * 60));
    steps.push(Step {
        at: closed,
        who: staff,
        command: mv(Status::Repair(RepairStage::Closed)),
    });
    let score = if plan.second_visit || plan.hold {
        2 + rng.below(3) as u8
    } else {
        3 + rng.below(3) as u8
    };
    steps.push(Step {
        at: closed.plus_millis(rng.minutes(60, 30 * 60)),
        who: staff,
        command: Command::AnswerSurvey {
            score,
            comment: "电话回访".into(),
        },
    });
    steps
}

/// The customer's defective unit (the request's model, serial and order),
/// recorded as coming to the company.
fn defective_unit(req: &CreateCaseRequest) -> Command {
    Command::RecordMovement {
        kind: MovementKind::DefectiveUnit,
        direction: Direction::CustomerToCompany,
        item: req.product.model.clone(),
        serial: Some(req.product.serial.clone()),
        quantity: Some(1),
        carrier: None,
        tracking: None,
        order_ref: Some(req.product.order_ref.clone()),
        cost: None,
    }
}

/// The message that tells the customer where to send their unit (their
/// page says the address is in the messages), in their language.
fn send_to_us(req: &CreateCaseRequest) -> Command {
    let text = if req.customer.language == "en" {
        format!(
            "Please send the unit with its order number {} to: SunLight Energy After-Sales, \
             Building 3, 88 Huaguang Road, Hangzhou 310000, China. We pay the freight; \
             tell us the carrier and tracking number when it is on its way.",
            req.product.order_ref
        )
    } else {
        format!(
            "请将设备连同订单号 {} 寄至：杭州市华光路 88 号 3 栋 阳光能源售后服务中心（邮编 310000），\
             运费由我们承担；寄出后请告诉我们快递公司和单号。",
            req.product.order_ref
        )
    };
    Command::AddNote {
        text,
        visibility: afterloop_domain::flow::info::Visibility::Public,
    }
}

/// The longest a manager leaves a request waiting, in minutes: half an
/// hour, but `days` for every `every`-th case `n`.
fn approval_wait(n: u32, every: u32, days: i64) -> i64 {
    if n.is_multiple_of(every) {
        days * 24 * 60
    } else {
        30 * 60
    }
}

/// The manager approves money entry 1 `at`.
fn manager_approves(at: Timestamp) -> Step {
    Step {
        at,
        who: MANAGER.0,
        command: Command::ApproveMoney { entry: 1 },
    }
}

/// The staff member other than `staff` pays money entry 1 `at` under `reference`.
fn pays(at: Timestamp, staff: &'static str, reference: String) -> Step {
    Step {
        at,
        who: payer(staff),
        command: Command::PayMoney {
            entry: 1,
            reference,
        },
    }
}

/// A return: authorised, the unit shipped back and inspected, refunded by
/// the manager's approval and the second staff member's payment, closed.
/// A `pending` one waits for the manager's approval.
fn return_steps(
    rng: &mut Lcg,
    opened: Timestamp,
    staff: &'static str,
    n: u32,
    req: &CreateCaseRequest,
    pending: bool,
) -> Vec<Step> {
    let price = req.product.price_paid.as_ref().map_or(0, |p| p.minor);
    let staff = if staff == DESK { STAFF_USERS[1] } else { staff };
    let mut t = opened;
    let mut next = |rng: &mut Lcg, lo: i64, hi: i64| {
        t = t.plus_millis(rng.minutes(lo, hi));
        t
    };
    // The first answer: mostly within the hour.
    let (lo, hi) = if rng.chance(75) {
        (10, 55)
    } else {
        (70, 18 * 60)
    };
    let mut steps = vec![
        Step {
            at: next(rng, lo, hi),
            who: staff,
            command: mv(Status::Return(ReturnStage::Authorised)),
        },
        Step {
            at: next(rng, 2, 20),
            who: staff,
            command: defective_unit(req),
        },
        Step {
            at: next(rng, 1, 5),
            who: staff,
            command: send_to_us(req),
        },
        Step {
            at: next(rng, 12 * 60, 3 * 24 * 60),
            who: staff,
            command: Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Shipped,
                carrier: Some("SF Express".into()),
                tracking: Some(format!("SF{:010}", 7_301_000_000 + u64::from(n) * 37)),
            },
        },
        Step {
            at: next(rng, 1, 10),
            who: staff,
            command: mv(Status::Return(ReturnStage::InTransit)),
        },
        Step {
            at: next(rng, 2 * 24 * 60, 5 * 24 * 60),
            who: staff,
            command: Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Received,
                carrier: None,
                tracking: None,
            },
        },
        Step {
            at: next(rng, 1, 10),
            who: staff,
            command: mv(Status::Return(ReturnStage::Received)),
        },
        Step {
            at: next(rng, 4 * 60, 3 * 24 * 60),
            who: staff,
            command: mv(Status::Return(ReturnStage::Inspected)),
        },
        Step {
            at: next(rng, 5, 60),
            who: staff,
            command: Command::RequestMoney {
                kind: EntryKind::Refund,
                direction: None,
                amount: money(price),
                reason: "检测确认为质量问题，全额退款".into(),
            },
        },
    ];
    // Older cases were approved (at times after a long wait); a few stay pending.
    if pending {
        return steps;
    }
    steps.extend([
        manager_approves(next(rng, 60, approval_wait(n, 5, 9))),
        pays(
            next(rng, 2 * 60, 2 * 24 * 60),
            staff,
            format!("BANK-{}", 880_000 + n),
        ),
        Step {
            at: next(rng, 5, 60),
            who: staff,
            command: mv(Status::Return(ReturnStage::Refunded)),
        },
        Step {
            at: next(rng, 60, 3 * 24 * 60),
            who: staff,
            command: mv(Status::Return(ReturnStage::Closed)),
        },
    ]);
    steps
}

/// A refund: requested, approved by the manager, paid, closed; a
/// `pending` one waits for the manager's approval.
fn refund_steps(
    rng: &mut Lcg,
    opened: Timestamp,
    staff: &'static str,
    n: u32,
    price: i64,
    pending: bool,
) -> Vec<Step> {
    let staff = if staff == DESK { STAFF_USERS[0] } else { staff };
    let mut t = opened;
    let mut next = |rng: &mut Lcg, lo: i64, hi: i64| {
        t = t.plus_millis(rng.minutes(lo, hi));
        t
    };
    // A sixth of the price, in whole yuan: above the staff limit (CNY
    // 2,000) for the larger models, so the manager approves.
    let amount = price / 6 / 100 * 100;
    let (lo, hi) = if rng.chance(75) {
        (10, 55)
    } else {
        (70, 20 * 60)
    };
    let mut steps = vec![Step {
        at: next(rng, lo, hi),
        who: staff,
        command: Command::RequestMoney {
            kind: EntryKind::PriceDifference,
            direction: Some(MoneyDirection::ToCustomer),
            amount: money(amount),
            reason: "促销期间购买，退还差价".into(),
        },
    }];
    if pending {
        return steps;
    }
    steps.extend([
        manager_approves(next(rng, 60, approval_wait(n, 4, 8))),
        Step {
            at: next(rng, 1, 10),
            who: staff,
            command: mv(Status::Refund(RefundStage::Approved)),
        },
        pays(
            next(rng, 2 * 60, 2 * 24 * 60),
            staff,
            format!("WX-{}", 550_000 + n),
        ),
        Step {
            at: next(rng, 5, 60),
            who: staff,
            command: mv(Status::Refund(RefundStage::Paid)),
        },
        Step {
            at: next(rng, 60, 2 * 24 * 60),
            who: staff,
            command: mv(Status::Refund(RefundStage::Closed)),
        },
    ]);
    steps
}

/// Job `j` of technician `t` ([`JOBS`] each): a repair of the region
/// opened in business hours the day or two before the anchor, triaged and
/// booked in a business-hour window from the anchor's day (a window still
/// ahead of it) to two days after; the fourth waits, on hold, for a part.
fn upcoming_story(t: usize, j: usize, region: &Region, anchor: Timestamp) -> Story {
    let n = 1000 + (t * 10 + j) as u32;
    let mut rng = Lcg::new(u64::from(n));
    let customer = &region.customers[(j * 5 + t * 3) % region.customers.len()];
    let model = &MODELS[[1, 0, 2, 1, 5][j % 5]];
    let batch = model.batches[j % model.batches.len()];
    let title = if model.name.starts_with("BAT") {
        "电池无法充满，停在 60%"
    } else {
        *rng.pick(&REPAIR_TITLES[..4])
    };
    let req = intake(n, "repair", title, customer, model, batch, &mut rng);
    let today = china_day(anchor);
    let opened_day = today.saturating_plus_days(-1 - (j % 2) as i32);
    let opened = china_at(opened_day, 9 + rng.below(9) as i64, rng.below(60) as i64);
    let staff = *rng.pick(STAFF_USERS);
    // Today's windows still ahead of the anchor, then the next two days'.
    let mut slots: Vec<Timestamp> = [9, 13, 16]
        .iter()
        .map(|h| china_at(today, *h, 0))
        .filter(|from| *from > anchor.plus_millis(HOUR_MS))
        .collect();
    for d in 1..=2 {
        for h in [9, 14] {
            slots.push(china_at(today.saturating_plus_days(d), h, 0));
        }
    }
    let from = slots[j.min(slots.len() - 1)];
    let triaged = opened.plus_millis(rng.minutes(10, 50));
    let mut steps = vec![
        Step {
            at: triaged,
            who: staff,
            command: mv(Status::Repair(RepairStage::Triaged)),
        },
        Step {
            at: triaged.plus_millis(rng.minutes(5, 30)),
            who: staff,
            command: Command::Dispatch {
                technician: user(region.tech),
                from,
                to: from.plus_millis(3 * HOUR_MS),
            },
        },
        Step {
            at: triaged.plus_millis(31 * MINUTE_MS),
            who: staff,
            command: mv(Status::Repair(RepairStage::Scheduled)),
        },
    ];
    if j == 3 {
        steps.push(Step {
            at: triaged.plus_millis(rng.minutes(40, 90)),
            who: staff,
            command: Command::Hold {
                reason: "等待备件到货（IGBT-40A）".into(),
            },
        });
    }
    Story {
        key: format!("{KEY}-job-{t}-{j}"),
        at: opened,
        opener: staff,
        req,
        steps,
        repeat: None,
        answer: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchor case opens in business hours whatever the hour of the
    /// first seeding, and never after it.
    #[test]
    fn the_first_case_opens_in_business_hours_at_any_hour() {
        let day = china_day(Timestamp::from_millis(1_700_000_000_000));
        for minute in (0..24 * 60).step_by(7) {
            let t = china_at(day, 0, minute);
            let first = latest_business_minute(t);
            let hour = (first.millis()
                - china_day(first)
                    .start_at_offset(CHINA_OFFSET_MINUTES)
                    .millis())
                / HOUR_MS;
            assert!((8..22).contains(&hour), "{minute}: {hour}:00");
            assert!(first <= t, "{minute}: after the seeding");
            assert!(t.millis() - first.millis() <= 10 * HOUR_MS + MINUTE_MS);
        }
        assert_eq!(
            latest_business_minute(china_at(day, 14, 30)),
            china_at(day, 14, 30)
        );
    }
}
