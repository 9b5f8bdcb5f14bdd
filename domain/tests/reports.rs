//! Reports over known data: fifteen cases built through the case engine's
//! commands, with every expected figure computed by hand below (Pareto
//! order, failure rates, recurrence, first-time fix, SLA compliance, time to
//! resolve, backlog, goods, money, satisfaction, the summary), CSV exports
//! parsed back, and a property test: aggregates kept write by write equal
//! the aggregates rebuilt from the final cases, for random command sequences.

use std::collections::BTreeMap;

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{
    decide, open, Command, Event, Policy, RefundStage, RepairStage, ReturnStage, Stamp, Status,
};
use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::{EntryKind, EntryState, MoneyDirection};
use afterloop_domain::report::{
    self, AgeBucket, Aggregates, Awaiting, Figure, FigureValue, Period, ReturnEnding, RowKey,
    Scope, ScoreBy, Section, Share, SlaBy, Table,
};
use afterloop_domain::sla::Metric;
use afterloop_domain::time::{HOUR_MS, MINUTE_MS};
use afterloop_domain::wire::{CreateCaseRequest, CustomerInput, MoneyInput, ProductInput};
use afterloop_domain::{
    Case, CaseId, CaseKind, Currency, Date, EventId, Money, NewCase, Timestamp, UserId,
};
use proptest::prelude::*;

// --- people, time, money ---------------------------------------------------

fn actor(user: &str, role: Role) -> Actor {
    Actor {
        user: UserId::parse(user).unwrap(),
        role,
    }
}
fn staff() -> Actor {
    actor("li.na", Role::Staff)
}
fn staff2() -> Actor {
    actor("zhao.lei", Role::Staff)
}
fn manager() -> Actor {
    actor("chen.jie", Role::Manager)
}
fn customer() -> Actor {
    actor("customer", Role::Customer)
}
fn scope() -> Scope {
    Scope::for_actor(&manager()).unwrap()
}

/// A local time in China (UTC+8).
fn at(day: &str, hour: i64, minute: i64) -> Timestamp {
    Date::parse(day)
        .unwrap()
        .start_at_offset(480)
        .plus_millis(hour * HOUR_MS + minute * MINUTE_MS)
}
fn date(day: &str) -> Date {
    Date::parse(day).unwrap()
}
fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).unwrap()
}

// --- a company's cases, written one command at a time ----------------------

/// What a case is opened with.
#[derive(Debug, Clone)]
struct Spec {
    kind: CaseKind,
    channel: &'static str,
    region: &'static str,
    model: &'static str,
    batch: &'static str,
    serial: &'static str,
    purchase: &'static str,
    price: i64,
}

fn spec(kind: CaseKind, channel: &'static str, model: &'static str, batch: &'static str) -> Spec {
    Spec {
        kind,
        channel,
        region: "other",
        model,
        batch,
        serial: "",
        purchase: "2026-01-10",
        price: if model == G { 1_000_000 } else { 500_000 },
    }
}

impl Spec {
    fn serial(mut self, serial: &'static str) -> Spec {
        self.serial = serial;
        self
    }
    fn capital(mut self) -> Spec {
        self.region = "provincial_capital";
        self
    }
    fn bought(mut self, purchase: &'static str) -> Spec {
        self.purchase = purchase;
        self
    }
    fn new_case(&self) -> NewCase {
        NewCase::parse(
            &CreateCaseRequest {
                kind: self.kind.as_str().into(),
                title: format!("{} {} needs help", self.model, self.kind),
                channel: self.channel.into(),
                region: self.region.into(),
                customer: CustomerInput {
                    name: "Sunny Farm Co.".into(),
                    phone: "+86 138 0000 0000".into(),
                    ..Default::default()
                },
                product: ProductInput {
                    model: self.model.into(),
                    serial: self.serial.into(),
                    batch: self.batch.into(),
                    purchase_date: self.purchase.into(),
                    price_paid: Some(MoneyInput {
                        minor: self.price,
                        currency: "CNY".into(),
                    }),
                    ..Default::default()
                },
                ..Default::default()
            },
            afterloop_domain::Date::parse("2026-11-18").unwrap(),
        )
        .unwrap()
    }
}

/// Cases, their logs, and the aggregates recorded after every write.
struct Company {
    policy: Policy,
    logs: Vec<Vec<Event>>,
    cases: Vec<Case>,
    agg: Aggregates,
    /// The aggregates as a row store keeps them, updated by `record_changes`.
    rows: std::collections::BTreeMap<RowKey, String>,
}

impl Company {
    fn new() -> Company {
        let policy = Policy::default();
        Company {
            agg: Aggregates::new(policy.sla.clone()),
            policy,
            logs: Vec::new(),
            cases: Vec::new(),
            rows: std::collections::BTreeMap::new(),
        }
    }

    /// Records a write into the aggregates, and into the rows as the
    /// reports object does after a restart: only the daily rows in memory,
    /// and the rows of the write's serials put before it is recorded; then
    /// the rows it changed are rewritten.
    fn record(&mut self, before: Option<&Case>, after: &Case) {
        self.agg.record(before, after);
        let daily = self
            .rows
            .iter()
            .filter(|(k, _)| k.section != Section::Serials)
            .map(|(k, json)| (k.section.as_str(), k.key.as_str(), json.as_str()));
        let mut memory = Aggregates::from_rows(self.policy.sla.clone(), daily).unwrap();
        for serial in memory.serials_of(before.into_iter().chain([after])) {
            let key = RowKey {
                section: Section::Serials,
                key: serial,
            };
            if let Some(json) = self.rows.get(&key) {
                memory.put_row("serials", &key.key, json).unwrap();
            }
        }
        for key in memory.record_changes(before, after) {
            match memory.row(&key) {
                Some(json) => self.rows.insert(key, json),
                None => self.rows.remove(&key),
            };
        }
    }

    fn event(
        &self,
        i: usize,
        now: Timestamp,
        by: &Actor,
        change: afterloop_domain::Change,
    ) -> Event {
        let seq = self.logs.get(i).map_or(0, Vec::len) as u32 + 1;
        let id = EventId::parse(&format!("event-{i:03}-{seq:04}")).unwrap();
        Stamp::write(id, by, now).event(seq, change)
    }

    /// Opens a case at `now`; returns its index.
    fn open(&mut self, now: Timestamp, spec: Spec) -> usize {
        let i = self.cases.len();
        let id = CaseId::from_sequence(1001 + i as u32).unwrap();
        let change = open(id, spec.new_case(), staff().user, now, "tok".repeat(8));
        let event = self.event(i, now, &staff(), change);
        let case = Case::from_opened(&event).unwrap();
        self.record(None, &case);
        self.logs.push(vec![event]);
        self.cases.push(case);
        i
    }

    /// Runs a command; `false` (and nothing written) if refused.
    fn try_run(&mut self, i: usize, now: Timestamp, by: &Actor, command: Command) -> bool {
        let Ok(changes) = decide(&self.cases[i], by, &command, now, &self.policy) else {
            return false;
        };
        let before = self.cases[i].clone();
        for change in changes {
            let event = self.event(i, now, by, change);
            self.cases[i].apply(&event);
            self.logs[i].push(event);
        }
        let after = self.cases[i].clone();
        self.record(Some(&before), &after);
        true
    }

    /// Runs a command that must be accepted.
    fn run(&mut self, i: usize, now: Timestamp, by: &Actor, command: Command) {
        if let Err(e) = decide(&self.cases[i], by, &command, now, &self.policy) {
            panic!("case {i}: {command:?} refused: {e:?}");
        }
        self.try_run(i, now, by, command);
    }
}

fn mv(to: Status) -> Command {
    Command::Move { to, note: None }
}
fn rep(s: RepairStage) -> Command {
    mv(Status::Repair(s))
}
fn ret(s: ReturnStage) -> Command {
    mv(Status::Return(s))
}
fn rf(s: RefundStage) -> Command {
    mv(Status::Refund(s))
}
fn diagnose(root_cause: RootCause, part: Option<&str>) -> Command {
    Command::Diagnose {
        root_cause,
        failed_part: part.map(str::to_owned),
        resolution: "Done.".into(),
    }
}
fn dispatch(tech: &str, from: Timestamp, to: Timestamp) -> Command {
    Command::Dispatch {
        technician: UserId::parse(tech).unwrap(),
        from,
        to,
    }
}
fn record(kind: MovementKind, direction: Direction) -> Command {
    Command::RecordMovement {
        kind,
        direction,
        item: "Inverter".into(),
        serial: None,
        quantity: None,
        carrier: None,
        tracking: None,
        order_ref: None,
        cost: None,
    }
}
fn advance(movement: u32, to: MovementState) -> Command {
    Command::AdvanceMovement {
        movement,
        to,
        carrier: None,
        tracking: None,
    }
}
fn request(kind: EntryKind, direction: Option<MoneyDirection>, minor: i64) -> Command {
    Command::RequestMoney {
        kind,
        direction,
        amount: cny(minor),
        reason: "Agreed with the customer".into(),
    }
}
fn approve(entry: u32) -> Command {
    Command::ApproveMoney { entry }
}
fn pay(entry: u32) -> Command {
    Command::PayMoney {
        entry,
        reference: "BANK-1".into(),
    }
}
fn survey(score: u8) -> Command {
    Command::AnswerSurvey {
        score,
        comment: "谢谢, \"很好\"".into(),
    }
}

const G: &str = "SUN-10K-G";
const S: &str = "SUN-5K-S";

/// The seeded company. November 2026: 2026-11-02 is a Monday. Default
/// policy: first response 60 min (7x24); on site 4 h in a provincial capital,
/// 12 h elsewhere (7x24); resolution 45 business hours (Mon–Fri 09–18).
fn november() -> Company {
    use MovementKind::*;
    use MovementState::*;
    use RepairStage as P;
    use ReturnStage as R;
    let tech = "wu.tech";
    let mut c = Company::new();
    let s = &staff();
    let d = "2026-11-02";

    // C1 repair G/2405A SN-A1, capital, hotline. Response 30 min, on site in
    // 3 h (one visit), resolved after 5 h, closed, survey 5.
    let c1 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "hotline", G, "2405A")
            .serial("SN-A1")
            .capital(),
    );
    c.run(c1, at(d, 9, 30), s, rep(P::Triaged));
    c.run(
        c1,
        at(d, 9, 40),
        s,
        dispatch(tech, at(d, 11, 0), at(d, 13, 0)),
    );
    c.run(c1, at(d, 9, 41), s, rep(P::Scheduled));
    c.run(c1, at(d, 12, 0), s, rep(P::InRepair));
    c.run(
        c1,
        at(d, 13, 0),
        s,
        diagnose(RootCause::ComponentFailure, Some("IGBT module")),
    );
    c.run(c1, at(d, 14, 0), s, rep(P::Resolved));
    c.run(c1, at("2026-11-03", 10, 0), s, rep(P::Closed));
    c.run(c1, at("2026-11-03", 11, 0), &customer(), survey(5));

    // C3 repair G/2405A SN-A3, web form. Mail-in (no visit), 24 h.
    let d = "2026-11-03";
    let c3 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "web_form", G, "2405A").serial("SN-A3"),
    );
    c.run(c3, at(d, 9, 20), s, rep(P::Triaged));
    c.run(c3, at(d, 9, 21), s, rep(P::InRepair));
    c.run(
        c3,
        at(d, 9, 30),
        s,
        diagnose(RootCause::ComponentFailure, Some("DC fan")),
    );
    c.run(c3, at("2026-11-04", 9, 0), s, rep(P::Resolved));

    // C4 repair G/2405B SN-B1, hotline, out of warranty: a CNY 200 charge paid. 24 h.
    let d = "2026-11-04";
    let c4 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "hotline", G, "2405B")
            .serial("SN-B1")
            .bought("2023-01-01"),
    );
    c.run(c4, at(d, 9, 10), s, rep(P::Triaged));
    c.run(c4, at(d, 9, 11), s, rep(P::InRepair));
    c.run(c4, at(d, 9, 12), s, diagnose(RootCause::Firmware, None));
    c.run(
        c4,
        at(d, 10, 0),
        s,
        request(EntryKind::RepairCharge, None, 20_000),
    );
    c.run(c4, at(d, 10, 30), &staff2(), approve(1));
    c.run(c4, at(d, 11, 0), s, pay(1));
    c.run(c4, at("2026-11-05", 9, 0), s, rep(P::Resolved));

    // C7 repair S/2407C SN-C1, capital, hotline: on site after 6 h (late), a
    // second visit, resolved after 26 h. Its serial comes back 60 days later (C8).
    let c7 = c.open(
        at(d, 10, 0),
        spec(CaseKind::Repair, "hotline", S, "2407C")
            .serial("SN-C1")
            .capital(),
    );
    c.run(c7, at(d, 10, 30), s, rep(P::Triaged));
    c.run(
        c7,
        at(d, 10, 35),
        s,
        dispatch(tech, at(d, 14, 0), at(d, 16, 0)),
    );
    c.run(c7, at(d, 10, 36), s, rep(P::Scheduled));
    c.run(c7, at(d, 16, 0), s, rep(P::InRepair));
    c.run(
        c7,
        at(d, 16, 30),
        s,
        diagnose(RootCause::ManufacturingDefect, Some("Main board")),
    );
    c.run(c7, at(d, 17, 0), s, rep(P::Scheduled));
    c.run(c7, at("2026-11-05", 10, 0), s, rep(P::InRepair));
    c.run(c7, at("2026-11-05", 12, 0), s, rep(P::Resolved));

    // C5 repair G/2405B SN-B2, sales rep: 8 h.
    let d = "2026-11-05";
    let c5 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "sales_rep", G, "2405B").serial("SN-B2"),
    );
    c.run(c5, at(d, 9, 10), s, rep(P::Triaged));
    c.run(c5, at(d, 9, 11), s, rep(P::InRepair));
    c.run(c5, at(d, 9, 12), s, diagnose(RootCause::Firmware, None));
    c.run(c5, at(d, 17, 0), s, rep(P::Resolved));

    // C11 return G/2405A SN-A5: unit back, inspected, refund CNY 10,000 paid
    // (a manager approves: above the staff limit), refunded after 75 h, closed, survey 2.
    let d = "2026-11-06";
    let c11 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Return, "hotline", G, "2405A").serial("SN-A5"),
    );
    c.run(c11, at(d, 9, 10), s, ret(R::Authorised));
    c.run(
        c11,
        at(d, 9, 15),
        s,
        record(DefectiveUnit, Direction::CustomerToCompany),
    );
    c.run(c11, at("2026-11-07", 10, 0), s, advance(1, Shipped));
    c.run(c11, at("2026-11-07", 10, 1), s, ret(R::InTransit));
    let d = "2026-11-09";
    c.run(c11, at(d, 9, 0), s, advance(1, Received));
    c.run(c11, at(d, 9, 1), s, ret(R::Received));
    c.run(c11, at(d, 9, 30), s, advance(1, Inspected));
    c.run(c11, at(d, 9, 31), s, ret(R::Inspected));
    c.run(
        c11,
        at(d, 9, 40),
        s,
        diagnose(RootCause::ComponentFailure, Some("IGBT module")),
    );
    c.run(
        c11,
        at(d, 10, 0),
        s,
        request(EntryKind::Refund, None, 1_000_000),
    );
    c.run(c11, at(d, 10, 30), &manager(), approve(1));
    c.run(c11, at(d, 11, 0), s, pay(1));
    c.run(c11, at(d, 12, 0), s, ret(R::Refunded));
    c.run(c11, at("2026-11-10", 9, 0), s, ret(R::Closed));
    c.run(c11, at("2026-11-10", 10, 0), &customer(), survey(2));

    // C6 repair G/2405B SN-B3: resolved 14 days 1 hour later (resolution late).
    let c6 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "hotline", G, "2405B").serial("SN-B3"),
    );
    c.run(c6, at(d, 9, 10), s, rep(P::Triaged));
    c.run(c6, at(d, 9, 20), s, rep(P::InRepair));
    c.run(c6, at(d, 9, 30), s, diagnose(RootCause::Installation, None));
    c.run(c6, at("2026-11-23", 10, 0), s, rep(P::Resolved));

    // C9 repair S/2407C SN-C2: resolved, reopened, resolved again after 50 h.
    let d = "2026-11-10";
    let c9 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Repair, "hotline", S, "2407C").serial("SN-C2"),
    );
    c.run(c9, at(d, 9, 10), s, rep(P::Triaged));
    c.run(c9, at(d, 9, 20), s, rep(P::InRepair));
    c.run(c9, at(d, 9, 30), s, diagnose(RootCause::Firmware, None));
    c.run(c9, at(d, 15, 0), s, rep(P::Resolved));
    c.run(c9, at("2026-11-12", 9, 0), s, rep(P::InRepair));
    c.run(c9, at("2026-11-12", 11, 0), s, rep(P::Resolved));

    // C13 return G/2405B SN-B4: inspected, no fault found, rejected after 50 h, closed, survey 4.
    let d = "2026-11-11";
    let c13 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Return, "email", G, "2405B").serial("SN-B4"),
    );
    c.run(c13, at(d, 9, 20), s, ret(R::Authorised));
    c.run(
        c13,
        at(d, 9, 21),
        s,
        record(DefectiveUnit, Direction::CustomerToCompany),
    );
    c.run(c13, at("2026-11-12", 9, 0), s, advance(1, Shipped));
    let d = "2026-11-13";
    c.run(c13, at(d, 9, 0), s, advance(1, Received));
    c.run(c13, at(d, 9, 1), s, ret(R::Received));
    c.run(c13, at(d, 10, 0), s, advance(1, Inspected));
    c.run(c13, at(d, 10, 1), s, ret(R::Inspected));
    c.run(
        c13,
        at(d, 10, 10),
        s,
        diagnose(RootCause::NoFaultFound, None),
    );
    c.run(c13, at(d, 11, 0), s, ret(R::Rejected));
    c.run(c13, at("2026-11-14", 9, 0), s, ret(R::Closed));
    c.run(c13, at("2026-11-14", 10, 0), &customer(), survey(4));

    // C14 refund G, sales rep: a CNY 500 price difference paid, paid after 25 h, closed.
    let d = "2026-11-12";
    let c14 = c.open(at(d, 9, 0), spec(CaseKind::Refund, "sales_rep", G, "2405A"));
    c.run(
        c14,
        at(d, 9, 5),
        s,
        request(
            EntryKind::PriceDifference,
            Some(MoneyDirection::ToCustomer),
            50_000,
        ),
    );
    c.run(c14, at(d, 9, 30), &staff2(), approve(1));
    let d = "2026-11-13";
    c.run(c14, at(d, 9, 0), s, pay(1));
    c.run(c14, at(d, 9, 30), s, rf(RefundStage::Approved));
    c.run(c14, at(d, 10, 0), s, rf(RefundStage::Paid));
    c.run(c14, at(d, 11, 0), s, rf(RefundStage::Closed));

    // C10 repair G/2405A SN-A4, web form: cancelled at once.
    let c10 = c.open(
        at("2026-11-16", 9, 0),
        spec(CaseKind::Repair, "web_form", G, "2405A").serial("SN-A4"),
    );
    c.run(c10, at("2026-11-16", 9, 5), s, rep(P::Cancelled));

    // C12 return S/2407C SN-C3: authorised, the defective unit never comes back.
    let d = "2026-11-20";
    let c12 = c.open(
        at(d, 9, 0),
        spec(CaseKind::Return, "hotline", S, "2407C").serial("SN-C3"),
    );
    c.run(c12, at(d, 9, 30), s, ret(R::Authorised));
    c.run(
        c12,
        at(d, 9, 31),
        s,
        record(DefectiveUnit, Direction::CustomerToCompany),
    );

    // C2 repair G/2405A, serial "sn-a1" (C1's, typed in lower case) back 20
    // days after C1 was resolved; a Sunday, email; response after 2 h (late); left open.
    let d = "2026-11-22";
    let c2 = c.open(
        at(d, 10, 0),
        spec(CaseKind::Repair, "email", G, "2405A").serial("sn-a1"),
    );
    c.run(c2, at(d, 12, 0), s, rep(P::Triaged));
    c.run(
        c2,
        at(d, 12, 10),
        s,
        diagnose(RootCause::ComponentFailure, Some("IGBT module")),
    );

    // C15 refund S: CNY 300 requested, never approved.
    let c15 = c.open(
        at("2026-11-25", 9, 0),
        spec(CaseKind::Refund, "hotline", S, "2407C"),
    );
    c.run(
        c15,
        at("2026-11-25", 9, 5),
        s,
        request(EntryKind::Refund, None, 30_000),
    );

    // C8 repair S/2407C SN-C1 (C7's serial), opened 60 days after C7 was resolved.
    let c8 = c.open(
        at("2027-01-04", 9, 0),
        spec(CaseKind::Repair, "hotline", S, "2407C").serial("SN-C1"),
    );
    c.run(c8, at("2027-01-04", 9, 10), s, rep(P::Triaged));
    c
}

fn nov() -> Period {
    Period {
        from: date("2026-11-01"),
        to: date("2026-11-30"),
    }
}

fn as_of() -> Timestamp {
    at("2027-01-05", 12, 0)
}

#[test]
fn incremental_aggregates_of_the_seeded_company_equal_a_rebuild_and_survive_storage() {
    let c = november();
    let rebuilt = Aggregates::rebuild(c.policy.sla.clone(), &c.cases);
    assert_eq!(c.agg, rebuilt);
    let reversed = Aggregates::rebuild(c.policy.sla.clone(), c.cases.iter().rev());
    assert_eq!(
        c.agg, reversed,
        "the order cases are recorded in does not matter"
    );
    let stored = c
        .rows
        .iter()
        .map(|(k, json)| (k.section.as_str(), k.key.as_str(), json.as_str()));
    let from_rows = Aggregates::from_rows(c.policy.sla.clone(), stored).unwrap();
    assert_eq!(
        from_rows, c.agg,
        "rows rewritten after each write hold the aggregates"
    );
    let all = c.agg.rows();
    assert_eq!(all.len(), c.rows.len(), "no row left behind");
    let json = serde_json::to_string(&c.agg).unwrap();
    assert_eq!(serde_json::from_str::<Aggregates>(&json).unwrap(), c.agg);
    // Recording a write that changed nothing changes nothing.
    let mut again = c.agg.clone();
    again.record(Some(&c.cases[0]), &c.cases[0]);
    assert_eq!(again, c.agg);
}

#[test]
fn cases_count_reopens_and_technician_visits() {
    let c = november();
    let by_serial = |s: &str| {
        c.cases
            .iter()
            .find(|k| k.product.serial.as_deref() == Some(s))
            .unwrap()
    };
    assert_eq!(
        (by_serial("SN-A1").reopens, by_serial("SN-A1").site_visits),
        (0, 1)
    );
    assert_eq!(
        (by_serial("SN-C1").reopens, by_serial("SN-C1").site_visits),
        (0, 2)
    );
    assert_eq!(
        (by_serial("SN-C2").reopens, by_serial("SN-C2").site_visits),
        (1, 0)
    );
    let json = serde_json::to_value(by_serial("SN-A3")).unwrap();
    assert!(
        json.get("reopens").is_none(),
        "zero counts stay off the wire"
    );
}

#[test]
fn pareto_orders_root_causes_per_model_and_batch() {
    let c = november();
    let units: BTreeMap<String, u32> = [("2405A", 1000), ("2405B", 400), ("2406X", 500)]
        .map(|(b, u)| (b.to_owned(), u))
        .into();
    let q = report::quality(&scope(), &c.agg, nov(), &units);

    // G: C1, C2, C3, C11 component failure; C4, C5 firmware; C6 installation;
    // C13 no fault found (C10 cancelled and C14, a refund, are not counted).
    let g = &q.pareto_by_model[0];
    assert_eq!((g.model.as_str(), g.diagnosed, g.undiagnosed), (G, 8, 0));
    let bars: Vec<(RootCause, u64, Share)> = g
        .bars
        .iter()
        .map(|b| (b.root_cause, b.cases, b.cumulative))
        .collect();
    assert_eq!(
        bars,
        [
            (RootCause::ComponentFailure, 4, Share::new(4, 8)),
            (RootCause::Firmware, 2, Share::new(6, 8)),
            // A tie keeps the taxonomy's order.
            (RootCause::Installation, 1, Share::new(7, 8)),
            (RootCause::NoFaultFound, 1, Share::new(8, 8)),
        ]
    );
    assert_eq!(g.bars[0].share, Share::new(4, 8));
    // S: C7 manufacturing defect, C9 firmware, C12 not diagnosed.
    let s = &q.pareto_by_model[1];
    assert_eq!((s.model.as_str(), s.diagnosed, s.undiagnosed), (S, 2, 1));
    assert_eq!(
        s.bars.iter().map(|b| b.root_cause).collect::<Vec<_>>(),
        [RootCause::ManufacturingDefect, RootCause::Firmware]
    );

    let batches: Vec<(&str, u64, Option<RootCause>)> = q
        .pareto_by_batch
        .iter()
        .map(|p| {
            (
                p.batch.as_deref().unwrap(),
                p.diagnosed + p.undiagnosed,
                p.bars.first().map(|b| b.root_cause),
            )
        })
        .collect();
    assert_eq!(
        batches,
        [
            ("2405A", 4, Some(RootCause::ComponentFailure)),
            ("2405B", 4, Some(RootCause::Firmware)),
            ("2407C", 3, Some(RootCause::ManufacturingDefect)),
        ]
    );

    let rates: Vec<(&str, u64, Option<u32>, Option<Share>)> = q
        .failure_rates
        .iter()
        .map(|r| (r.batch.as_str(), r.cases, r.units_sold, r.rate))
        .collect();
    assert_eq!(
        rates,
        [
            ("2405A", 4, Some(1000), Some(Share::new(4, 1000))),
            ("2405B", 4, Some(400), Some(Share::new(4, 400))),
            ("2407C", 3, None, None),
            ("2406X", 0, Some(500), Some(Share::new(0, 500))),
        ]
    );
    assert_eq!(q.failure_rates[1].rate.unwrap().percent(), Some(1.0));

    let parts: Vec<(&str, &str, u64)> = q
        .top_parts
        .iter()
        .map(|p| (p.model.as_str(), p.part.as_str(), p.cases))
        .collect();
    assert_eq!(
        parts,
        [
            (G, "IGBT module", 3),
            (G, "DC fan", 1),
            (S, "Main board", 1)
        ]
    );
}

#[test]
fn recurrence_counts_serials_back_within_30_and_90_days() {
    let c = november();
    let q = report::quality(&scope(), &c.agg, nov(), &BTreeMap::new());
    // Resolved in November with a serial: C1, C3, C4, C5, C6, C7, C9, C11, C13.
    // SN-A1 (C1, resolved 11-02) came back on 11-22 (20 days): within 30.
    // SN-C1 (C7, resolved 11-05) came back on 2027-01-04 (60 days): within 90 only.
    let rows: Vec<(&str, Option<RootCause>, u64, u64, u64)> = q
        .recurrence
        .iter()
        .map(|r| {
            (
                r.model.as_str(),
                r.root_cause,
                r.resolved,
                r.within_30_days.part,
                r.within_90_days.part,
            )
        })
        .collect();
    use RootCause::*;
    assert_eq!(
        rows,
        [
            (G, Some(ComponentFailure), 3, 1, 1),
            (G, Some(Firmware), 2, 0, 0),
            (G, Some(Installation), 1, 0, 0),
            (G, Some(NoFaultFound), 1, 0, 0),
            (S, Some(ManufacturingDefect), 1, 0, 1),
            (S, Some(Firmware), 1, 0, 0),
        ]
    );
    let summary = report::summary(&scope(), &c.agg, nov(), as_of());
    let figure = |f: Figure| {
        summary
            .figures
            .iter()
            .find(|k| k.figure == f)
            .unwrap()
            .current
            .clone()
    };
    assert_eq!(
        figure(Figure::RecurrenceWithin30Days),
        FigureValue::Share(Share::new(1, 9))
    );
    assert_eq!(
        figure(Figure::RecurrenceWithin90Days),
        FigureValue::Share(Share::new(2, 9))
    );

    // The 60-day comeback lies outside a 30-day window; before it was
    // opened, C7 had no comeback at all.
    let mut early = Company::new();
    for case in c
        .cases
        .iter()
        .filter(|k| k.created_at < at("2027-01-01", 0, 0))
    {
        early.agg.record(None, case);
    }
    let q = report::quality(&scope(), &early.agg, nov(), &BTreeMap::new());
    let c7 = q
        .recurrence
        .iter()
        .find(|r| r.model == S && r.root_cause == Some(ManufacturingDefect))
        .unwrap();
    assert_eq!(c7.within_90_days, Share::new(0, 1));
}

#[test]
fn first_time_fix_excludes_reopened_and_revisited_repairs() {
    let c = november();
    let q = report::quality(&scope(), &c.agg, nov(), &BTreeMap::new());
    let rows: Vec<(&str, Share)> = q
        .first_time_fix
        .iter()
        .map(|f| (f.model.as_str(), f.rate))
        .collect();
    // G: C1 (one visit), C3, C4, C5, C6. S: C7 (two visits) and C9 (reopened).
    assert_eq!(rows, [(G, Share::new(5, 5)), (S, Share::new(0, 2))]);
}

#[test]
fn sla_compliance_by_metric_kind_and_technician() {
    let c = november();
    let sv = report::service(&scope(), &c.agg, nov(), as_of());
    let counts = |metric: Metric, by: SlaBy| {
        let r = sv
            .sla
            .iter()
            .find(|r| r.metric == metric && r.by == by)
            .unwrap_or_else(|| panic!("{metric:?} {by:?}"));
        (
            r.counts.on_time,
            r.counts.late,
            r.counts.overdue,
            r.counts.compliance,
        )
    };
    // First response: 13 clocks in November (C10 cancelled, C8 in January);
    // C2's (2 h) was late, and so was C14's, whose first step the customer
    // saw was the payment a day later (asking for and approving money are
    // internal); C15's customer never heard back.
    assert_eq!(
        counts(Metric::FirstResponse, SlaBy::All),
        (10, 2, 1, Share::new(10, 13))
    );
    // On site (repairs): C1 in 3 h of 4, C7 in 6 h of 4; C2 never visited,
    // due 11-22 22:00. Resolved repairs that needed no visit count nowhere.
    assert_eq!(
        counts(Metric::OnSite, SlaBy::All),
        (1, 1, 1, Share::new(1, 3))
    );
    // Resolution: C6 took 10 business days; C2 (due 11-27) and C12 (due
    // 11-26) are open past their deadlines; C15 is due in December.
    assert_eq!(
        counts(Metric::Resolution, SlaBy::All),
        (9, 1, 2, Share::new(9, 12))
    );
    assert_eq!(
        counts(Metric::Resolution, SlaBy::Kind(CaseKind::Return)),
        (2, 0, 1, Share::new(2, 3))
    );
    assert_eq!(
        counts(Metric::Resolution, SlaBy::Kind(CaseKind::Refund)),
        (1, 0, 0, Share::new(1, 1))
    );
    let wu = SlaBy::Technician(UserId::parse("wu.tech").unwrap());
    assert_eq!(
        counts(Metric::OnSite, wu.clone()),
        (1, 1, 0, Share::new(1, 2))
    );
    assert_eq!(
        counts(Metric::FirstResponse, wu),
        (2, 0, 0, Share::new(2, 2))
    );
    assert_eq!(
        counts(
            Metric::OnSite,
            SlaBy::Region(afterloop_domain::sla::RegionClass::Other)
        ),
        (0, 0, 1, Share::new(0, 1))
    );

    // Seen on 11-22 itself, C2's on-site clock is not overdue yet.
    let early = report::service(&scope(), &c.agg, nov(), at("2026-11-22", 23, 0));
    let on_site = early
        .sla
        .iter()
        .find(|r| r.metric == Metric::OnSite && r.by == SlaBy::All)
        .unwrap();
    assert_eq!(on_site.counts.overdue, 0);
}

#[test]
fn the_sla_trend_goes_by_week_or_month_and_adds_up_to_the_period() {
    let c = november();
    let sv = report::service(&scope(), &c.agg, nov(), as_of());
    let rows = |sv: &report::ServiceReport, metric: Metric| -> Vec<report::SlaTrendRow> {
        sv.sla_trend
            .iter()
            .filter(|r| r.metric == metric)
            .cloned()
            .collect()
    };
    let period = |from: &str, to: &str| Period {
        from: date(from),
        to: date(to),
    };
    // November by week from its first day: four weeks and two days.
    let parts: Vec<Period> = rows(&sv, Metric::Resolution)
        .iter()
        .map(|r| r.part)
        .collect();
    assert_eq!(
        parts,
        [
            period("2026-11-01", "2026-11-07"),
            period("2026-11-08", "2026-11-14"),
            period("2026-11-15", "2026-11-21"),
            period("2026-11-22", "2026-11-28"),
            period("2026-11-29", "2026-11-30"),
        ]
    );
    // Each metric's weeks add up to its figure for the month.
    for metric in Metric::ALL {
        let all = sv
            .sla
            .iter()
            .find(|r| r.metric == metric && r.by == SlaBy::All)
            .map(|r| r.counts)
            .unwrap_or_default();
        let weeks = rows(&sv, metric).iter().fold((0, 0, 0, 0), |s, r| {
            (
                s.0 + r.counts.on_time,
                s.1 + r.counts.late,
                s.2 + r.counts.overdue,
                s.3 + r.due_ahead,
            )
        });
        assert_eq!(weeks, (all.on_time, all.late, all.overdue, 0), "{metric:?}");
    }
    // C2 (due 11-27) and C12 (due 11-26) are overdue in the week of 11-22.
    let week = |sv: &report::ServiceReport, metric: Metric| {
        let r = rows(sv, metric)
            .into_iter()
            .find(|r| r.part.from == date("2026-11-22"))
            .unwrap();
        (r.counts.overdue, r.due_ahead)
    };
    assert_eq!(week(&sv, Metric::Resolution), (2, 0));
    // Seen on 11-25, they are still ahead, while C2's visit (due 11-22) is
    // overdue already.
    let early = report::service(&scope(), &c.agg, nov(), at("2026-11-25", 12, 0));
    assert_eq!(week(&early, Metric::Resolution), (0, 2));
    assert_eq!(week(&early, Metric::OnSite), (1, 0));
    // Weeks that have not begun are not in the trend (no zeros for the future).
    let parts: Vec<Period> = rows(&early, Metric::Resolution)
        .iter()
        .map(|r| r.part)
        .collect();
    assert_eq!(parts.last(), Some(&period("2026-11-22", "2026-11-28")));
    let first_day = report::service(&scope(), &c.agg, nov(), at("2026-11-01", 9, 0));
    assert_eq!(
        rows(&first_day, Metric::OnSite)
            .iter()
            .map(|r| r.part)
            .collect::<Vec<_>>(),
        [period("2026-11-01", "2026-11-07")]
    );
    let before = report::service(&scope(), &c.agg, nov(), at("2026-10-31", 9, 0));
    assert!(before.sla_trend.is_empty());

    // A year goes by calendar month, cut to the period.
    let year = report::service(
        &scope(),
        &c.agg,
        period("2026-01-15", "2027-01-14"),
        as_of(),
    );
    let parts: Vec<Period> = rows(&year, Metric::OnSite).iter().map(|r| r.part).collect();
    assert_eq!(parts.len(), 13);
    assert_eq!(parts[0], period("2026-01-15", "2026-01-31"));
    assert_eq!(parts[10], nov());
    assert_eq!(parts[12], period("2027-01-01", "2027-01-14"));
    assert_eq!(
        rows(&year, Metric::Resolution)[10].counts,
        rows(&sv, Metric::Resolution)
            .iter()
            .fold(report::SlaCounts::default(), |mut s, r| {
                s.on_time += r.counts.on_time;
                s.late += r.counts.late;
                s.overdue += r.counts.overdue;
                s.compliance = Share::new(s.on_time, s.on_time + s.late + s.overdue);
                s
            }),
        "November as a month equals its weeks"
    );
}

#[test]
fn time_to_resolve_has_an_exact_mean_and_a_bucketed_p90() {
    let c = november();
    let sv = report::service(&scope(), &c.agg, nov(), as_of());
    let row = |kind: Option<CaseKind>| sv.time_to_resolve.iter().find(|r| r.kind == kind).unwrap();
    // Hours: C1 5, C5 8, C3 24, C4 24, C14 25, C7 26, C9 50, C13 50, C11 75, C6 337.
    let all = row(None);
    assert_eq!(all.resolved, 10);
    assert_eq!(all.mean_ms, Some(624 * HOUR_MS / 10));
    // The 9th of 10 is 75 h, in the day bucket [3 d, 4 d): reported as 96 h.
    assert_eq!(all.p90_ms, Some(96 * HOUR_MS));
    // Repairs: 5, 8, 24, 24, 26, 50, 337 h; the 7th of 7 is 337 h (14 d 1 h): 15 days.
    let repairs = row(Some(CaseKind::Repair));
    assert_eq!(repairs.resolved, 7);
    assert_eq!(repairs.mean_ms, Some(474 * HOUR_MS / 7));
    assert_eq!(repairs.p90_ms, Some(15 * 24 * HOUR_MS));
    // Refunds: C14 alone, 25 h, in the hour bucket [25 h, 26 h).
    assert_eq!(row(Some(CaseKind::Refund)).p90_ms, Some(26 * HOUR_MS));
}

#[test]
fn backlog_ages_open_cases_at_the_given_time() {
    let c = november();
    let sv = report::service(&scope(), &c.agg, nov(), as_of());
    let n = |kind, age| {
        sv.backlog
            .iter()
            .find(|r| r.kind == kind && r.age == age)
            .unwrap()
            .cases
    };
    // Not closed on 2027-01-05: repairs C2, C3, C4, C5, C6, C7, C9 (resolved,
    // not closed: their follow-up is due) from November, C8 from 01-04;
    // return C12; refund C15.
    assert_eq!(n(CaseKind::Repair, AgeBucket::Over30Days), 7);
    assert_eq!(n(CaseKind::Repair, AgeBucket::Days0To2), 1);
    assert_eq!(n(CaseKind::Return, AgeBucket::Over30Days), 1);
    assert_eq!(n(CaseKind::Refund, AgeBucket::Over30Days), 1);
    assert_eq!(sv.backlog.iter().map(|r| r.cases).sum::<u64>(), 10);
}

#[test]
fn goods_show_units_not_returned_and_inspection_outcomes() {
    let c = november();
    let gr = report::goods(&scope(), &c.agg, nov(), as_of());
    assert_eq!(gr.outstanding.len(), 1);
    let o = &gr.outstanding[0];
    assert_eq!(
        (o.model.as_str(), o.age, o.units, o.value),
        (S, AgeBucket::Over30Days, 1, Some(cny(500_000)))
    );
    let ins: Vec<(Option<RootCause>, Option<ReturnEnding>, u64)> = gr
        .inspections
        .iter()
        .map(|r| (r.root_cause, r.ending, r.units))
        .collect();
    assert_eq!(
        ins,
        [
            (
                Some(RootCause::ComponentFailure),
                Some(ReturnEnding::Refunded),
                1
            ),
            (
                Some(RootCause::NoFaultFound),
                Some(ReturnEnding::Rejected),
                1
            ),
        ]
    );
    // Ten days after authorisation the unit is in the 8-14 day bucket.
    let early = report::goods(&scope(), &c.agg, nov(), at("2026-11-30", 9, 0));
    assert_eq!(early.outstanding[0].age, AgeBucket::Days8To14);
}

#[test]
fn money_totals_pending_approvals_and_payout_against_paid() {
    let c = november();
    let m = report::money(&scope(), &c.agg, nov(), as_of());
    let flow = |kind: EntryKind| m.flows.iter().find(|r| r.kind == kind).unwrap();
    let refund = flow(EntryKind::Refund);
    // C11's refund of CNY 10,000 (C15's CNY 300 is only requested, and is S).
    assert_eq!(
        (
            refund.model.as_str(),
            refund.paid.entries,
            refund.paid.amount
        ),
        (G, 1, cny(1_000_000))
    );
    assert_eq!(flow(EntryKind::PriceDifference).paid.amount, cny(50_000));
    let charge = flow(EntryKind::RepairCharge);
    assert_eq!(
        (charge.direction, charge.paid.amount),
        (MoneyDirection::FromCustomer, cny(20_000))
    );
    let s_refund = m
        .flows
        .iter()
        .find(|r| r.kind == EntryKind::Refund && r.model == S)
        .unwrap();
    assert_eq!(
        (
            s_refund.requested.amount,
            s_refund.approved.entries,
            s_refund.paid.entries
        ),
        (cny(30_000), 0, 0)
    );

    assert_eq!(m.pending.len(), 1);
    let p = &m.pending[0];
    assert_eq!(
        (p.awaiting, p.kind, p.age, p.total.entries, p.total.amount),
        (
            Awaiting::Approval,
            EntryKind::Refund,
            AgeBucket::Over30Days,
            1,
            cny(30_000)
        )
    );

    // G, opened in November: C1, C2, C3, C4, C5, C6, C10, C11, C13, C14: ten
    // prices of CNY 10,000 plus C4's CNY 200 charge; paid out: C11's refund
    // and C14's price difference. S: C7, C9, C12, C15 at CNY 5,000, nothing paid out.
    let g = m.payout_vs_paid.iter().find(|r| r.model == G).unwrap();
    assert_eq!(
        (g.cases, g.cases_with_payout, g.customer_paid, g.paid_out),
        (10, 2, cny(10_020_000), cny(1_050_000))
    );
    assert_eq!(g.payout_share, Share::new(1_050_000, 10_020_000));
    let s = m.payout_vs_paid.iter().find(|r| r.model == S).unwrap();
    assert_eq!(
        (s.cases, s.customer_paid, s.paid_out),
        (4, cny(2_000_000), cny(0))
    );
}

#[test]
fn batch_costs_count_money_paid_on_repairs_and_returns_by_batch() {
    let c = november();
    let q = report::quality(&scope(), &c.agg, nov(), &BTreeMap::new());
    let costs: Vec<_> = q
        .batch_costs
        .iter()
        .map(|b| {
            (
                b.model.as_str(),
                b.batch.as_deref(),
                b.payouts,
                b.paid_out,
                b.charged,
                b.net,
            )
        })
        .collect();
    // C11 (return G/2405A): CNY 10,000 refunded. C4 (repair G/2405B): CNY
    // 200 charged. C14's price difference is on a refund case: not a batch's
    // fault, so not here.
    assert_eq!(
        costs,
        [
            (G, Some("2405A"), 1, cny(1_000_000), cny(0), cny(1_000_000)),
            (G, Some("2405B"), 0, cny(0), cny(20_000), cny(-20_000)),
        ]
    );
    let before = report::quality(&scope(), &c.agg, nov().previous(), &BTreeMap::new());
    assert!(before.batch_costs.is_empty(), "paid in November only");
}

#[test]
fn channels_satisfaction_and_frequent_requests() {
    let c = november();
    let cu = report::customers(&scope(), &c.agg, nov());
    let by_channel = |ch: &str| -> u64 {
        cu.by_channel
            .iter()
            .filter(|r| r.channel.as_str() == ch)
            .map(|r| r.cases)
            .sum()
    };
    assert_eq!(
        ["hotline", "email", "web_form", "sales_rep", "technician"].map(by_channel),
        [8, 2, 2, 2, 0]
    );
    let score = |by: ScoreBy| {
        let r = cu.satisfaction.iter().find(|r| r.by == by).unwrap();
        (r.score.answers, r.score.mean, r.score.distribution.clone())
    };
    // C1 5 (wu.tech's), C11 2, C13 4.
    assert_eq!(
        score(ScoreBy::All),
        (3, Some(11.0 / 3.0), vec![0, 1, 0, 1, 1])
    );
    assert_eq!(
        score(ScoreBy::Kind(CaseKind::Return)),
        (2, Some(3.0), vec![0, 1, 0, 1, 0])
    );
    assert_eq!(
        score(ScoreBy::Technician(UserId::parse("wu.tech").unwrap())),
        (1, Some(5.0), vec![0, 0, 0, 0, 1])
    );
    assert_eq!(score(ScoreBy::NoTechnician).0, 2);
    let top = &cu.top_requests[0];
    // Repairs of G with a component failure: C1, C2, C3.
    assert_eq!(
        (top.kind, top.model.as_str(), top.root_cause, top.cases),
        (CaseKind::Repair, G, Some(RootCause::ComponentFailure), 3)
    );
}

#[test]
fn the_summary_compares_with_the_previous_period() {
    let c = november();
    let sm = report::summary(&scope(), &c.agg, nov(), as_of());
    // A month is compared with the calendar month before it.
    assert_eq!(
        sm.previous_period,
        Period {
            from: date("2026-10-01"),
            to: date("2026-10-31")
        }
    );
    let figure = |f: Figure| {
        let k = sm.figures.iter().find(|k| k.figure == f).unwrap();
        (k.current.clone(), k.previous.clone())
    };
    assert_eq!(
        figure(Figure::CasesOpened),
        (FigureValue::Count(14), FigureValue::Count(0))
    );
    assert_eq!(
        figure(Figure::FirstResponseCompliance),
        (
            // C2, C14 late, C15 unanswered (see the SLA test).
            FigureValue::Share(Share::new(10, 13)),
            FigureValue::Share(Share::new(0, 0))
        )
    );
    assert_eq!(
        figure(Figure::PaidOut),
        (
            FigureValue::Money(vec![cny(1_050_000)]),
            FigureValue::Money(vec![])
        )
    );
    assert_eq!(
        figure(Figure::PaidIn).0,
        FigureValue::Money(vec![cny(20_000)])
    );
    assert_eq!(
        figure(Figure::FirstTimeFix).0,
        FigureValue::Share(Share::new(5, 7))
    );
    assert_eq!(
        figure(Figure::MeanTimeToResolve).1,
        FigureValue::DurationMs(None)
    );

    // December (31 days) against November (30): November's opened cases
    // are the previous figure, none of 31 October's.
    let dec = Period {
        from: date("2026-12-01"),
        to: date("2026-12-31"),
    };
    let sm = report::summary(&scope(), &c.agg, dec, as_of());
    assert_eq!(sm.previous_period, nov());
    let opened = sm
        .figures
        .iter()
        .find(|k| k.figure == Figure::CasesOpened)
        .unwrap();
    assert_eq!(opened.current, FigureValue::Count(0));
    assert_eq!(opened.previous, FigureValue::Count(14));
}

#[test]
fn every_table_parses_back_from_its_csv() {
    let c = november();
    let s = scope();
    let units: BTreeMap<String, u32> = [("2405A".to_owned(), 1000)].into();
    let mut tables: Vec<Table> = Vec::new();
    tables.extend(report::quality(&s, &c.agg, nov(), &units).tables());
    tables.extend(report::service(&s, &c.agg, nov(), as_of()).tables());
    tables.extend(report::goods(&s, &c.agg, nov(), as_of()).tables());
    tables.extend(report::money(&s, &c.agg, nov(), as_of()).tables());
    tables.extend(report::customers(&s, &c.agg, nov()).tables());
    tables.extend(report::summary(&s, &c.agg, nov(), as_of()).tables());
    assert_eq!(tables.len(), 7 + 4 + 2 + 3 + 3 + 1);
    for t in &tables {
        assert!(!t.rows.is_empty(), "{} has rows", t.name);
        assert!(
            t.rows.iter().all(|r| r.len() == t.header.len()),
            "{}",
            t.name
        );
        assert_eq!(&Table::from_csv(&t.name, &t.to_csv()).unwrap(), t);
    }
    let summary = tables.iter().find(|t| t.name == "summary").unwrap();
    // Money: a row per currency, its code as the unit, plain decimals a
    // spreadsheet sums.
    let paid_out = summary.rows.iter().find(|r| r[0] == "paid_out").unwrap();
    assert_eq!(paid_out[1], "CNY");
    assert_eq!(paid_out[2], "10500.00");
    let pareto = tables.iter().find(|t| t.name == "pareto_by_model").unwrap();
    assert_eq!(
        pareto.rows[0],
        [G, "", "component_failure", "4", "50.0", "50.0"]
    );

    // Text with commas, quotes, line breaks and Chinese survives the round trip.
    let mut t = Table::new("parts", &["model", "part", "cases"]);
    t.push(vec![
        "逆变器 SUN-10K-G".into(),
        "IGBT \"模块\", 2\r\n号".into(),
        "1".into(),
    ]);
    assert_eq!(Table::from_csv("parts", &t.to_csv()).unwrap(), t);
}

#[test]
fn roles_other_than_manager_and_staff_get_no_scope() {
    for role in [Role::Technician, Role::Customer, Role::SalesRep] {
        assert!(
            Scope::for_actor(&actor("some.one", role)).is_none(),
            "{role:?}"
        );
    }
    assert!(Scope::for_actor(&staff()).is_some());
}

// --- incremental == rebuild, for random command sequences -------------------

#[derive(Debug, Clone)]
enum Op {
    Open {
        kind: u8,
        serial: u8,
        model: u8,
    },
    Command {
        case: u8,
        command: u8,
        arg: u8,
        who: u8,
    },
    Wait {
        minutes: u32,
    },
    Rewrite {
        case: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0u8..3, 0u8..4, 0u8..2).prop_map(|(kind, serial, model)| Op::Open { kind, serial, model }),
        20 => (any::<u8>(), 0u8..16, any::<u8>(), prop_oneof![4 => 0u8..3, 1 => 3u8..5])
            .prop_map(|(case, command, arg, who)| Op::Command { case, command, arg, who }),
        3 => prop_oneof![1u32..600, 600u32..4000, 20_000u32..150_000].prop_map(|minutes| Op::Wait { minutes }),
        1 => any::<u8>().prop_map(|case| Op::Rewrite { case }),
    ]
}

/// A command a user might send next: mostly along the lifecycle and the
/// flows' own steps, so that cases get resolved, reopened, paid and surveyed.
fn command(case: &Case, command: u8, arg: u8, now: Timestamp) -> Command {
    let a = usize::from(arg);
    let first = |state| {
        case.money
            .iter()
            .find(|e| e.state == state)
            .map_or(1, |e| e.id)
    };
    match command {
        0..=3 => {
            let next = case.status.next();
            let all = Status::all(case.kind());
            let to = if next.is_empty() {
                all[a % all.len()]
            } else {
                next[a % next.len()]
            };
            if to == Status::Repair(RepairStage::Scheduled) && case.dispatch.is_none() {
                // A visit is booked before it is scheduled.
                return dispatch(
                    "wu.tech",
                    now.plus_millis(HOUR_MS),
                    now.plus_millis(3 * HOUR_MS),
                );
            }
            mv(to)
        }
        4 => diagnose(
            RootCause::ALL[a % 10],
            [Some("IGBT module"), Some("Fan"), None][a % 3],
        ),
        5 => dispatch(
            ["wu.tech", "ma.tech"][a % 2],
            now.plus_millis(HOUR_MS),
            now.plus_millis(3 * HOUR_MS),
        ),
        6 => record(MovementKind::DefectiveUnit, Direction::CustomerToCompany),
        7 => record(MovementKind::ReplacementUnit, Direction::CompanyToCustomer),
        8 => match case.goods.get(a % case.goods.len().max(1)) {
            Some(m) => {
                let next = m.state.next(m.kind);
                advance(
                    m.id,
                    next.get(a % next.len().max(1)).copied().unwrap_or(m.state),
                )
            }
            None => Command::Resume,
        },
        9 => {
            let kind = [
                EntryKind::Refund,
                EntryKind::CreditNote,
                EntryKind::RepairCharge,
                EntryKind::PriceDifference,
            ][a % 4];
            let direction = (kind == EntryKind::PriceDifference)
                .then_some([MoneyDirection::ToCustomer, MoneyDirection::FromCustomer][a % 2]);
            request(kind, direction, (a as i64 + 1) * 1_000)
        }
        10 => approve(first(EntryState::Requested)),
        11 => Command::RejectMoney {
            entry: first(EntryState::Requested),
            reason: "No".into(),
        },
        12 => pay(first(EntryState::Approved)),
        13 => Command::Hold {
            reason: "Waiting for photos".into(),
        },
        14 => Command::Resume,
        _ => survey((a % 5) as u8 + 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any sequence of writes to any number of cases (serials shared, days
    /// and months apart, reopened, cancelled, paid, surveyed), recorded write
    /// by write, gives exactly the aggregates rebuilt from the final cases.
    #[test]
    fn incremental_aggregates_equal_a_rebuild(ops in proptest::collection::vec(op(), 1..150)) {
        let people = [staff(), staff2(), manager(), actor("wu.tech", Role::Technician), customer()];
        let mut c = Company::new();
        let mut now = at("2026-10-01", 9, 0);
        c.open(now, spec(CaseKind::Repair, "hotline", G, "2405A").serial("SN-1"));
        for op in ops {
            match op {
                Op::Open { kind, serial, model } => {
                    let kind = CaseKind::ALL[usize::from(kind)];
                    let (model, batch) = [(G, "2405A"), (S, "2407C")][usize::from(model)];
                    let serial = ["SN-1", "sn-1", "SN-2", ""][usize::from(serial)];
                    c.open(now, spec(kind, "email", model, batch).serial(serial).bought(["2026-01-10", "2020-01-01"][usize::from(model == S)]));
                }
                Op::Command { case, command: cmd, arg, who } => {
                    let i = usize::from(case) % c.cases.len();
                    let cmd = command(&c.cases[i], cmd, arg, now);
                    c.try_run(i, now, &people[usize::from(who)], cmd);
                }
                Op::Wait { minutes } => now = now.plus_millis(i64::from(minutes) * MINUTE_MS),
                Op::Rewrite { case } => {
                    let i = usize::from(case) % c.cases.len();
                    let same = c.cases[i].clone();
                    c.agg.record(Some(&same), &same);
                }
            }
        }
        let rebuilt = Aggregates::rebuild(c.policy.sla.clone(), &c.cases);
        prop_assert_eq!(&c.agg, &rebuilt);
        let replayed: Vec<Case> = c.logs.iter().map(|l| Case::replay(l).unwrap()).collect();
        prop_assert_eq!(&replayed, &c.cases);
        let json = serde_json::to_string(&c.agg).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Aggregates>(&json).unwrap(), &c.agg);

        // Every report runs over what came out.
        let period = Period { from: date("2026-10-01"), to: date("2027-03-31") };
        let s = scope();
        let units = BTreeMap::from([("2405A".to_owned(), 10)]);
        let mut tables = report::quality(&s, &c.agg, period, &units).tables();
        tables.extend(report::service(&s, &c.agg, period, now).tables());
        tables.extend(report::goods(&s, &c.agg, period, now).tables());
        tables.extend(report::money(&s, &c.agg, period, now).tables());
        tables.extend(report::customers(&s, &c.agg, period).tables());
        tables.extend(report::summary(&s, &c.agg, period, now).tables());
        for t in &tables {
            prop_assert_eq!(&Table::from_csv(&t.name, &t.to_csv()).unwrap(), t);
        }
    }
}
