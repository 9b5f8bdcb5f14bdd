//! The sales rep's open cases: what `emma.sales` finds on her home. Her
//! export customers' returns and repairs of batch 2409B (one waiting for
//! the customer to ship, one on its way, one being repaired), refunds of
//! CNY 3,600, 2,450 and 12,800 waiting for the manager's approval, quotes
//! for out-of-warranty repairs (two waiting on the customer, one accepted,
//! one declined on the customer's link), a repair on hold for the
//! customer's photos and a new return: thirteen cases in the three weeks
//! before the anchor.

use afterloop_domain::flow::goods::MovementState;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::flow::quote::Decision;
use afterloop_domain::{Command, RepairStage, ReturnStage, Status, Timestamp};

use super::customers::Customer;
use super::{
    china_at, china_day, intake, money, mv, Lcg, Step, Story, KEY, MODELS, REP, STAFF_USERS,
};

/// What one of her cases is.
enum Plan {
    /// A return authorised, the unit not yet shipped (`shipped`: on its way).
    Return { shipped: bool },
    /// A repair of a unit sent in (`received`: it arrived and is repaired).
    SentIn { received: bool },
    /// A refund of this many yuan, waiting for approval.
    Refund { yuan: i64, title: &'static str },
    /// An out-of-warranty repair quoted at this many yuan, and the customer's answer.
    Quote {
        yuan: i64,
        work: &'static str,
        answer: Option<Decision>,
    },
    /// A repair on hold for the customer's photos.
    Held,
    /// A return nobody answered yet.
    New,
}

/// The rep's thirteen open cases, opened `days` before the anchor in business hours.
pub(super) fn stories(anchor: Timestamp, export: &[Customer]) -> Vec<Story> {
    let plans: [(usize, i32, Plan); 13] = [
        (0, 12, Plan::Return { shipped: false }),
        (1, 9, Plan::Return { shipped: true }),
        (2, 7, Plan::SentIn { received: false }),
        (3, 15, Plan::SentIn { received: true }),
        (
            4,
            4,
            Plan::Refund {
                yuan: 3_600,
                title: "Price dropped after purchase, request difference",
            },
        ),
        (
            0,
            3,
            Plan::Refund {
                yuan: 2_450,
                title: "Installation fee charged twice",
            },
        ),
        (
            1,
            6,
            Plan::Refund {
                yuan: 12_800,
                title: "Compensation for two weeks of downtime",
            },
        ),
        (
            2,
            5,
            Plan::Quote {
                yuan: 1_850,
                work: "Replace the cooling fan and the control board (out of warranty)",
                answer: None,
            },
        ),
        (
            3,
            3,
            Plan::Quote {
                yuan: 3_200,
                work: "Replace the IGBT module and test at full load (out of warranty)",
                answer: None,
            },
        ),
        (
            4,
            8,
            Plan::Quote {
                yuan: 2_600,
                work: "Replace the display and the communication board (out of warranty)",
                answer: Some(Decision::Accept),
            },
        ),
        (
            0,
            10,
            Plan::Quote {
                yuan: 4_100,
                work: "Replace the power board (out of warranty)",
                answer: Some(Decision::Decline),
            },
        ),
        (1, 2, Plan::Held),
        (2, 1, Plan::New),
    ];
    plans
        .into_iter()
        .enumerate()
        .map(|(i, (c, days, plan))| story(i, &export[c % export.len()], days, plan, anchor))
        .collect()
}

fn story(i: usize, customer: &Customer, days: i32, plan: Plan, anchor: Timestamp) -> Story {
    let n = 2000 + i as u32;
    let mut rng = Lcg::new(u64::from(n));
    let day = china_day(anchor).saturating_plus_days(-days);
    let at = china_at(day, 9 + rng.below(9) as i64, rng.below(60) as i64);
    let staff = STAFF_USERS[i % 2];
    let sun10k = &MODELS[1];
    let (kind, title, model, batch) = match &plan {
        Plan::Return { .. } => (
            "return",
            "IGBT fault again after replacement, return the unit",
            sun10k,
            "2409B",
        ),
        Plan::New => (
            "return",
            "Wrong model delivered, want exchange",
            &MODELS[0],
            "2502A",
        ),
        Plan::SentIn { .. } => (
            "repair",
            "Inverter trips with F21 at noon, unit sent in",
            sun10k,
            "2409B",
        ),
        Plan::Held => ("repair", "Display dark, fan noise", sun10k, "2409B"),
        Plan::Refund { title, .. } => ("refund", *title, &MODELS[2], "2411C"),
        Plan::Quote { .. } => (
            "repair",
            "Inverter stopped after four years, no display",
            &MODELS[0],
            "2405A",
        ),
    };
    let mut req = intake(n, kind, title, customer, model, batch, &mut rng);
    if let Plan::Quote { .. } = plan {
        // Bought in 2021 with three years' warranty: the repair is charged.
        req.product.batch = "2108A".into();
        req.product.serial = format!("{}2108A{:05}", super::SERIAL, 500 + i);
        req.product.purchase_date = format!("2021-{:02}-{:02}", 9 + i % 3, 10 + i);
        req.product.warranty_months = Some(36);
    }
    let opener = if i.is_multiple_of(3) { REP.0 } else { staff };
    let mut t = at;
    let mut next = |rng: &mut Lcg, lo: i64, hi: i64| {
        t = t.plus_millis(rng.minutes(lo, hi));
        t
    };
    let shipped = |n: u32| Command::AdvanceMovement {
        movement: 1,
        to: MovementState::Shipped,
        carrier: Some("DHL Express".into()),
        tracking: Some(format!("DHL{:010}", 4_410_000_000 + u64::from(n) * 13)),
    };
    let step = |at: Timestamp, command: Command| Step {
        at,
        who: staff,
        command,
    };
    let mut answer = None;
    let steps = match plan {
        Plan::Return { shipped: on_way } => {
            let mut steps = vec![
                step(
                    next(&mut rng, 15, 50),
                    mv(Status::Return(ReturnStage::Authorised)),
                ),
                step(next(&mut rng, 2, 20), super::defective_unit(&req)),
                step(next(&mut rng, 1, 5), super::send_to_us(&req)),
            ];
            if on_way {
                steps.push(step(next(&mut rng, 24 * 60, 3 * 24 * 60), shipped(n)));
                steps.push(step(
                    next(&mut rng, 1, 10),
                    mv(Status::Return(ReturnStage::InTransit)),
                ));
            }
            steps
        }
        Plan::SentIn { received } => {
            let mut steps = vec![
                step(
                    next(&mut rng, 15, 50),
                    mv(Status::Repair(RepairStage::Triaged)),
                ),
                step(next(&mut rng, 2, 20), super::defective_unit(&req)),
                step(next(&mut rng, 1, 5), super::send_to_us(&req)),
                step(
                    next(&mut rng, 1, 10),
                    mv(Status::Repair(RepairStage::AwaitingUnit)),
                ),
            ];
            if received {
                steps.push(step(next(&mut rng, 24 * 60, 2 * 24 * 60), shipped(n)));
                steps.push(step(
                    next(&mut rng, 4 * 24 * 60, 6 * 24 * 60),
                    Command::AdvanceMovement {
                        movement: 1,
                        to: MovementState::Received,
                        carrier: None,
                        tracking: None,
                    },
                ));
                steps.push(step(
                    next(&mut rng, 60, 5 * 60),
                    mv(Status::Repair(RepairStage::InRepair)),
                ));
            }
            steps
        }
        Plan::Refund { yuan, .. } => vec![step(
            next(&mut rng, 20, 90),
            Command::RequestMoney {
                kind: EntryKind::Refund,
                direction: None,
                amount: money(yuan * 100),
                reason: "Agreed with the customer through the sales rep".into(),
            },
        )],
        Plan::Quote {
            yuan,
            work,
            answer: decision,
        } => {
            answer = decision;
            vec![
                step(
                    next(&mut rng, 15, 50),
                    mv(Status::Repair(RepairStage::Triaged)),
                ),
                step(
                    next(&mut rng, 60, 6 * 60),
                    Command::Quote {
                        amount: money(yuan * 100),
                        work: work.into(),
                    },
                ),
            ]
        }
        Plan::Held => vec![
            step(
                next(&mut rng, 15, 50),
                mv(Status::Repair(RepairStage::Triaged)),
            ),
            step(
                next(&mut rng, 5, 30),
                Command::Hold {
                    reason: "Waiting for photos of the display and the serial label".into(),
                },
            ),
        ],
        Plan::New => Vec::new(),
    };
    Story {
        key: format!("{KEY}-rep-{i}"),
        at,
        opener,
        req,
        steps,
        repeat: None,
        answer,
    }
}
