//! What the customer's page says comes next ([`next_step`]): the booked
//! visit's window on the local wall clock, the first answer owed by its
//! deadline, never a stage name nor another SLA clock.

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{open, Change, Event, Language, RepairStage, Stamp, Status};
use afterloop_domain::flow::info::Dispatch;
use afterloop_domain::flow::notify::{self, Topic};
use afterloop_domain::sla::SlaPolicy;
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, HOUR_MS, MINUTE_MS};
use afterloop_domain::view::{next_step, LocalTime, NextStep, PublicCaseView};
use afterloop_domain::wire::{PublicCustomer, PublicProduct, PublicRequest};
use afterloop_domain::{Case, CaseId, Date, EventId, NewCase, Timestamp, UserId};

/// A China wall-clock time: `at("2026-12-02", 14, 58)`.
fn at(day: &str, hour: i64, minute: i64) -> Timestamp {
    Date::parse(day)
        .unwrap()
        .start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(hour * HOUR_MS + minute * MINUTE_MS)
}

fn actor(user: &str, role: Role) -> Actor {
    Actor {
        user: UserId::parse(user).unwrap(),
        role,
    }
}

/// A customer's repair request opened at 2026-12-02 14:58 (a Wednesday).
struct History(Vec<Event>);

impl History {
    fn requested() -> History {
        let req = PublicRequest {
            kind: "repair".into(),
            title: "SUN-10K-G: display dark".into(),
            description: "The display stays dark.".into(),
            customer: PublicCustomer {
                name: "王建国".into(),
                phone: "13812345678".into(),
                language: "zh-CN".into(),
                ..Default::default()
            },
            product: PublicProduct {
                model: "SUN-10K-G".into(),
                ..Default::default()
            },
        };
        let new = NewCase::parse_public(&req, Date::parse("2026-12-02").unwrap()).unwrap();
        let mut h = History(Vec::new());
        let opened = at("2026-12-02", 14, 58);
        h.push(
            opened,
            &actor("customer", Role::Customer),
            open(
                CaseId::from_sequence(1001).unwrap(),
                new,
                UserId::parse("service.desk").unwrap(),
                opened,
                "ab".repeat(16),
            ),
        );
        h
    }

    fn push(&mut self, when: Timestamp, by: &Actor, change: Change) {
        let seq = self.0.len() as u32 + 1;
        let id = EventId::parse(&format!("event-{seq:04}")).unwrap();
        self.0.push(Stamp::write(id, by, when).event(seq, change));
    }

    fn staff(mut self, when: Timestamp, change: Change) -> History {
        self.push(when, &actor("li.na", Role::Staff), change);
        self
    }

    fn tech(mut self, when: Timestamp, change: Change) -> History {
        self.push(when, &actor("wu.gang", Role::Technician), change);
        self
    }

    fn case(&self) -> Case {
        Case::replay(&self.0).unwrap()
    }
}

fn moved(from: RepairStage, to: RepairStage) -> Change {
    Change::Moved {
        from: Status::Repair(from),
        to: Status::Repair(to),
        note: None,
    }
}

fn dispatch() -> Change {
    Change::Dispatched(Dispatch {
        technician: UserId::parse("wu.gang").unwrap(),
        from: at("2026-12-03", 9, 0),
        to: at("2026-12-03", 12, 0),
    })
}

#[test]
fn before_anyone_answers_the_customer_is_told_when_a_person_answers() {
    let case = History::requested().case();
    let policy = SlaPolicy::default_china();
    // First response: 60 minutes around the clock, from 14:58.
    assert_eq!(
        next_step(&case, at("2026-12-02", 15, 0), &policy),
        NextStep::Answer {
            by: LocalTime {
                date: Date::parse("2026-12-02").unwrap(),
                minute: 15 * 60 + 58
            }
        }
    );
    // Late: no time is promised that has already passed.
    assert_eq!(
        next_step(&case, at("2026-12-02", 16, 30), &policy),
        NextStep::AnswerSoon
    );
}

#[test]
fn a_booked_visit_is_its_window_on_the_local_clock_until_the_technician_arrives() {
    let policy = SlaPolicy::default_china();
    let now = at("2026-12-02", 18, 0);
    let booked = History::requested()
        .staff(
            at("2026-12-02", 15, 10),
            moved(RepairStage::New, RepairStage::Triaged),
        )
        .staff(at("2026-12-02", 15, 20), dispatch());
    let window = match next_step(&booked.case(), now, &policy) {
        NextStep::Visit { window } => window,
        other => panic!("expected the visit, got {other:?}"),
    };
    // Thursday 3 December, 09:00 to 12:00, China time (UTC+8).
    let thursday = Date::parse("2026-12-03").unwrap();
    assert_eq!(thursday.weekday(), 3);
    assert_eq!(
        window.from,
        LocalTime {
            date: thursday,
            minute: 9 * 60
        }
    );
    assert_eq!(
        window.to,
        LocalTime {
            date: thursday,
            minute: 12 * 60
        }
    );
    assert_eq!(window.utc_offset_minutes, 480);

    // The customer's message about it reads as people write a time.
    let told = booked.case();
    let scheduled = told
        .outbox
        .iter()
        .find(|n| n.topic == Topic::Scheduled)
        .unwrap();
    assert_eq!(
        scheduled.text,
        "AL-1001：技术员将于 12月3日（周四）09:00–12:00 上门，请届时留人在现场。"
    );
    assert_eq!(
        notify::text(Topic::Scheduled, Language::En, &told),
        "AL-1001: a technician visits on Thu 3 Dec between 09:00 and 12:00. Please make sure someone is on site."
    );

    // The stage moved on and the resolution clock runs: still the visit,
    // never that clock's deadline.
    let in_repair = booked.staff(
        at("2026-12-02", 15, 30),
        moved(RepairStage::Triaged, RepairStage::InRepair),
    );
    assert!(matches!(
        next_step(&in_repair.case(), now, &policy),
        NextStep::Visit { .. }
    ));
    let view = serde_json::to_value(PublicCaseView::of(&in_repair.case(), now, &policy)).unwrap();
    assert!(view.get("sla").is_none(), "no internal clock: {view}");
    assert_eq!(view["next"]["step"], "visit");
    assert_eq!(view["language"], "zh-CN");
    assert_eq!(window.from.day(Language::En), "Thu 3 Dec");
    assert_eq!(window.from.day(Language::ZhCn), "12月3日（周四）");
    assert_eq!(window.from.clock(), "09:00");
    assert_eq!(window.to.clock(), "12:00");

    let arrived = in_repair.tech(
        at("2026-12-03", 9, 40),
        Change::CheckedIn {
            at: at("2026-12-03", 9, 40),
            location: None,
        },
    );
    assert_eq!(
        next_step(&arrived.case(), at("2026-12-03", 10, 0), &policy),
        NextStep::TechnicianOnSite
    );
    let left = arrived.tech(
        at("2026-12-03", 11, 0),
        Change::CheckedOut {
            at: at("2026-12-03", 11, 0),
            location: None,
        },
    );
    assert_eq!(
        next_step(&left.case(), at("2026-12-03", 11, 5), &policy),
        NextStep::Repair
    );
}

#[test]
fn after_the_first_answer_each_stage_says_what_the_customer_waits_for() {
    let policy = SlaPolicy::default_china();
    let now = at("2026-12-02", 18, 0);
    let triaged = History::requested().staff(
        at("2026-12-02", 15, 10),
        moved(RepairStage::New, RepairStage::Triaged),
    );
    assert_eq!(next_step(&triaged.case(), now, &policy), NextStep::Plan);
    let held = triaged.staff(
        at("2026-12-02", 15, 20),
        Change::Held {
            reason: "Send us a photo of the label".into(),
        },
    );
    assert_eq!(next_step(&held.case(), now, &policy), NextStep::Paused);
    let resolved = History::requested()
        .staff(
            at("2026-12-02", 15, 10),
            moved(RepairStage::New, RepairStage::InRepair),
        )
        .staff(
            at("2026-12-02", 16, 10),
            moved(RepairStage::InRepair, RepairStage::Resolved),
        );
    assert_eq!(
        next_step(&resolved.case(), now, &policy),
        NextStep::CheckResult
    );
    let closed = resolved.staff(
        at("2026-12-02", 17, 10),
        moved(RepairStage::Resolved, RepairStage::Closed),
    );
    assert_eq!(next_step(&closed.case(), now, &policy), NextStep::Rate);
}
