//! The case engine, given/when/then: given the events so far, when an actor
//! sends a command, then these changes, or this refusal. Every lifecycle
//! transition table, the money rules (including property tests) and the
//! guards that tie the three flows together.

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{
    decide, open, CaseError, Change, Command, Event, Policy, RefundStage, RepairStage, ReturnStage,
    Stamp, Status,
};
use afterloop_domain::flow::goods::{Direction, MovementKind, MovementState};
use afterloop_domain::flow::info::{GeoPoint, RootCause, Visibility};
use afterloop_domain::flow::money::{EntryKind, EntryState, MoneyDirection};
use afterloop_domain::sla::Priority;
use afterloop_domain::view::PublicCase;
use afterloop_domain::wire::{CreateCaseRequest, CustomerInput, MoneyInput, ProductInput};
use afterloop_domain::{
    Case, CaseId, CaseKind, Currency, EventId, Money, NewCase, Timestamp, UserId,
};
use proptest::prelude::*;

const T0: i64 = 1_795_000_000_000; // 2026-11-18

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
fn tech() -> Actor {
    actor("wu.tech", Role::Technician)
}
fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).unwrap()
}

/// A case history under construction.
struct Given {
    events: Vec<Event>,
    policy: Policy,
}

fn intake(kind: CaseKind, purchase: &str) -> NewCase {
    NewCase::parse(
        &CreateCaseRequest {
            kind: kind.as_str().into(),
            title: "Inverter shows fault F07".into(),
            channel: "hotline".into(),
            customer: CustomerInput {
                name: "Sunny Farm Co.".into(),
                phone: "+86 138 0000 0000".into(),
                ..Default::default()
            },
            product: ProductInput {
                model: "SUN-10K-G".into(),
                serial: "SN2405A00123".into(),
                batch: "2405A".into(),
                purchase_date: purchase.into(),
                price_paid: Some(MoneyInput {
                    minor: 1_000_000,
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

fn given(kind: CaseKind) -> Given {
    given_bought(kind, "2026-01-10")
}

fn given_bought(kind: CaseKind, purchase: &str) -> Given {
    let change = open(
        CaseId::from_sequence(1001).unwrap(),
        intake(kind, purchase),
        staff().user,
        Timestamp::from_millis(T0),
        "tok".repeat(8),
    );
    let mut g = Given {
        events: Vec::new(),
        policy: Policy::default(),
    };
    g.push(&staff(), change);
    g
}

impl Given {
    fn push(&mut self, by: &Actor, change: Change) {
        let seq = self.events.len() as u32 + 1;
        let id = EventId::parse(&format!("event-{seq:04}")).unwrap();
        let at = Timestamp::from_millis(T0 + i64::from(seq) * 60_000);
        self.events
            .push(Stamp::write(id, by, at).event(seq, change));
    }

    fn case(&self) -> Case {
        Case::replay(&self.events).unwrap()
    }

    fn when(&self, by: &Actor, cmd: Command) -> Result<Vec<Change>, CaseError> {
        // `now` is when the next event will be stamped.
        let now = Timestamp::from_millis(T0 + (self.events.len() as i64 + 1) * 60_000);
        decide(&self.case(), by, &cmd, now, &self.policy)
    }

    /// Decides and appends; panics with the refusal if refused.
    fn then_ok(mut self, by: &Actor, cmd: Command) -> Given {
        let changes = self
            .when(by, cmd.clone())
            .unwrap_or_else(|e| panic!("{cmd:?} refused: {e:?}"));
        for c in changes {
            self.push(by, c);
        }
        self
    }
}

fn mv(to: Status) -> Command {
    Command::Move { to, note: None }
}
fn diagnose() -> Command {
    Command::Diagnose {
        root_cause: RootCause::ComponentFailure,
        failed_part: Some("IGBT module".into()),
        resolution: "Replaced the IGBT module.".into(),
    }
}
fn refund(minor: i64) -> Command {
    Command::RequestMoney {
        kind: EntryKind::Refund,
        direction: None,
        amount: cny(minor),
        reason: "Unit replaced, price difference".into(),
    }
}

#[test]
fn every_transition_table_entry_is_decided_as_the_lifecycle_says() {
    for kind in CaseKind::ALL {
        for from in Status::all(kind) {
            for to in Status::all(kind) {
                let mut g = given(kind);
                if from != Status::initial(kind) {
                    g.push(
                        &staff(),
                        Change::Moved {
                            from: Status::initial(kind),
                            to: from,
                            note: None,
                        },
                    );
                }
                let result = g.when(&manager(), mv(to));
                if from == to {
                    // Already there: nothing changes.
                    assert_eq!(result.unwrap(), [], "{from} -> {to}");
                    continue;
                }
                match result {
                    Err(CaseError::IllegalTransition {
                        from: f,
                        to: t,
                        allowed,
                    }) => {
                        assert!(
                            !from.allows(to),
                            "{from} -> {to} is allowed but was refused"
                        );
                        assert_eq!((f, t), (from, to));
                        assert_eq!(allowed, from.next(), "the refusal names the allowed stages");
                    }
                    Ok(changes) => {
                        assert!(from.allows(to), "{from} -> {to} is not in the table");
                        assert_eq!(
                            changes,
                            [Change::Moved {
                                from,
                                to,
                                note: None
                            }]
                        );
                    }
                    Err(CaseError::Conflict { .. }) => {
                        assert!(from.allows(to), "guards apply only to allowed moves");
                    }
                    Err(other) => panic!("{from} -> {to}: {other:?}"),
                }
            }
        }
    }
}

#[test]
fn a_move_to_another_kinds_stage_is_invalid() {
    let g = given(CaseKind::Repair);
    let err = g
        .when(&staff(), mv(Status::Refund(RefundStage::Approved)))
        .unwrap_err();
    assert_eq!(err.code(), "validation_failed");
}

#[test]
fn a_repair_goes_from_new_to_closed_with_diagnosis_and_survey() {
    let g = given(CaseKind::Repair)
        .then_ok(&staff(), mv(Status::Repair(RepairStage::Triaged)))
        .then_ok(
            &staff(),
            Command::Dispatch {
                technician: tech().user,
                from: Timestamp::from_millis(T0 + 3_600_000),
                to: Timestamp::from_millis(T0 + 3 * 3_600_000),
            },
        )
        .then_ok(&tech(), mv(Status::Repair(RepairStage::InRepair)))
        .then_ok(
            &tech(),
            Command::RecordMovement {
                kind: MovementKind::SparePart,
                direction: Direction::StockToSite,
                item: "IGBT module".into(),
                serial: None,
                quantity: Some(1),
                carrier: None,
                tracking: None,
                order_ref: None,
                cost: Some(cny(45_000)),
            },
        )
        .then_ok(
            &tech(),
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Consumed,
                carrier: None,
                tracking: None,
            },
        );
    let err = g
        .when(&tech(), mv(Status::Repair(RepairStage::Resolved)))
        .unwrap_err();
    assert_eq!(
        err.code(),
        "diagnosis_required",
        "no resolve without a root cause"
    );

    let g = g
        .then_ok(&tech(), diagnose())
        .then_ok(&tech(), mv(Status::Repair(RepairStage::Resolved)))
        .then_ok(&staff(), mv(Status::Repair(RepairStage::Closed)))
        .then_ok(
            &staff(),
            Command::AnswerSurvey {
                score: 5,
                comment: "快".into(),
            },
        );
    let case = g.case();
    assert_eq!(case.status, Status::Repair(RepairStage::Closed));
    assert_eq!(case.goods[0].state, MovementState::Consumed);
    assert_eq!(case.survey.as_ref().map(|s| s.score), Some(5));
    assert!(case.resolved_at.is_some());
    assert_eq!(
        case.first_response_at,
        Some(g.events[1].at),
        "first staff action answers"
    );
}

#[test]
fn a_return_needs_the_unit_back_and_the_refund_paid() {
    let g = given(CaseKind::Return)
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Authorised)))
        .then_ok(
            &staff(),
            Command::RecordMovement {
                kind: MovementKind::DefectiveUnit,
                direction: Direction::CustomerToCompany,
                item: "SUN-10K-G".into(),
                serial: Some("SN2405A00123".into()),
                quantity: None,
                carrier: None,
                tracking: None,
                order_ref: Some("SO-1".into()),
                cost: None,
            },
        );
    let case = g.case();
    assert!(case.goods[0].is_outstanding());
    assert_eq!(
        case.goods[0].outstanding_age(Timestamp::from_millis(T0 + 86_400_000 + 180_000)),
        Some(86_400_000)
    );
    assert_eq!(
        g.when(&staff(), mv(Status::Return(ReturnStage::Received)))
            .unwrap_err()
            .code(),
        "unit_outstanding"
    );
    let g = g
        .then_ok(
            &staff(),
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Shipped,
                carrier: Some("SF Express".into()),
                tracking: Some("SF1234567890".into()),
            },
        )
        .then_ok(&staff(), mv(Status::Return(ReturnStage::InTransit)))
        .then_ok(
            &staff(),
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Received,
                carrier: None,
                tracking: None,
            },
        )
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Received)))
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Inspected)));
    assert!(!g.case().goods[0].is_outstanding());
    assert_eq!(g.case().goods[0].tracking.as_deref(), Some("SF1234567890"));
    assert_eq!(
        g.when(&staff(), mv(Status::Return(ReturnStage::Refunded)))
            .unwrap_err()
            .code(),
        "refund_not_paid"
    );
    let g = g
        .then_ok(&staff(), refund(1_000_000))
        .then_ok(&manager(), Command::ApproveMoney { entry: 1 })
        .then_ok(
            &staff2(),
            Command::PayMoney {
                entry: 1,
                reference: "BANK-778".into(),
            },
        )
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Refunded)))
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Closed)));
    assert_eq!(g.case().status, Status::Return(ReturnStage::Closed));
}

#[test]
fn an_exchange_needs_the_replacement_shipped() {
    let mut g = given(CaseKind::Return);
    g.push(
        &staff(),
        Change::Moved {
            from: Status::Return(ReturnStage::Requested),
            to: Status::Return(ReturnStage::Inspected),
            note: None,
        },
    );
    assert_eq!(
        g.when(&staff(), mv(Status::Return(ReturnStage::Exchanged)))
            .unwrap_err()
            .code(),
        "replacement_not_shipped"
    );
    let g = g
        .then_ok(
            &staff(),
            Command::RecordMovement {
                kind: MovementKind::ReplacementUnit,
                direction: Direction::CompanyToCustomer,
                item: "SUN-10K-G".into(),
                serial: Some("SN2411B00999".into()),
                quantity: None,
                carrier: None,
                tracking: None,
                order_ref: None,
                cost: None,
            },
        )
        .then_ok(
            &staff(),
            Command::AdvanceMovement {
                movement: 1,
                to: MovementState::Shipped,
                carrier: Some("SF".into()),
                tracking: Some("SF1".into()),
            },
        )
        .then_ok(&staff(), mv(Status::Return(ReturnStage::Exchanged)));
    assert_eq!(g.case().status, Status::Return(ReturnStage::Exchanged));
}

#[test]
fn a_refund_case_follows_its_money() {
    let g = given(CaseKind::Refund);
    assert_eq!(
        g.when(&staff(), mv(Status::Refund(RefundStage::Approved)))
            .unwrap_err()
            .code(),
        "money_not_approved"
    );
    let g = g
        .then_ok(&staff(), refund(50_000))
        .then_ok(&staff2(), Command::ApproveMoney { entry: 1 })
        .then_ok(&staff(), mv(Status::Refund(RefundStage::Approved)));
    assert_eq!(
        g.when(&staff(), mv(Status::Refund(RefundStage::Paid)))
            .unwrap_err()
            .code(),
        "money_not_paid"
    );
    let g = g
        .then_ok(
            &staff(),
            Command::PayMoney {
                entry: 1,
                reference: "WX-1".into(),
            },
        )
        .then_ok(&staff(), mv(Status::Refund(RefundStage::Paid)))
        .then_ok(&staff(), mv(Status::Refund(RefundStage::Closed)));
    assert_eq!(g.case().status, Status::Refund(RefundStage::Closed));
}

#[test]
fn the_requester_never_approves_and_big_amounts_need_a_manager() {
    let g = given(CaseKind::Refund).then_ok(&staff(), refund(300_000));
    let own = g
        .when(&staff(), Command::ApproveMoney { entry: 1 })
        .unwrap_err();
    assert_eq!(own.code(), "self_approval");
    let over = g
        .when(&staff2(), Command::ApproveMoney { entry: 1 })
        .unwrap_err();
    assert_eq!(
        over.code(),
        "manager_required",
        "300000 fen is above the 200000 staff limit"
    );
    assert!(g
        .when(&manager(), Command::ApproveMoney { entry: 1 })
        .is_ok());

    let small = given(CaseKind::Refund).then_ok(&staff(), refund(200_000));
    assert!(
        small
            .when(&staff2(), Command::ApproveMoney { entry: 1 })
            .is_ok(),
        "the limit is inclusive"
    );
    let by_manager = given(CaseKind::Refund).then_ok(&manager(), refund(900_000));
    assert_eq!(
        by_manager
            .when(&manager(), Command::ApproveMoney { entry: 1 })
            .unwrap_err()
            .code(),
        "self_approval"
    );
}

#[test]
fn payouts_never_exceed_what_the_customer_paid() {
    let g = given(CaseKind::Refund).then_ok(&staff(), refund(600_000));
    assert_eq!(
        g.when(&staff(), refund(400_001)).unwrap_err().code(),
        "exceeds_customer_paid"
    );
    let g = g.then_ok(
        &staff(),
        Command::RequestMoney {
            kind: EntryKind::CreditNote,
            direction: None,
            amount: cny(400_000),
            reason: "Credit note on invoice".into(),
        },
    );
    assert_eq!(
        g.when(&staff(), refund(1)).unwrap_err().code(),
        "exceeds_customer_paid",
        "credit notes count"
    );
    // A rejected payout frees its share.
    let g = g.then_ok(
        &manager(),
        Command::RejectMoney {
            entry: 1,
            reason: "Duplicate".into(),
        },
    );
    assert!(g.when(&staff(), refund(600_000)).is_ok());
}

#[test]
fn a_paid_charge_raises_what_the_customer_paid() {
    // Bought 2020: out of warranty, so a repair is charged.
    let g = given_bought(CaseKind::Repair, "2020-01-10")
        .then_ok(
            &staff(),
            Command::RequestMoney {
                kind: EntryKind::RepairCharge,
                direction: None,
                amount: cny(80_000),
                reason: "Out of warranty repair".into(),
            },
        )
        .then_ok(&staff2(), Command::ApproveMoney { entry: 1 })
        .then_ok(
            &staff(),
            Command::PayMoney {
                entry: 1,
                reference: "POS-9".into(),
            },
        );
    assert_eq!(g.case().money[0].direction, MoneyDirection::FromCustomer);
    assert!(
        g.when(&staff(), refund(1_080_000)).is_ok(),
        "price 1,000,000 + paid charge 80,000"
    );
    assert_eq!(
        g.when(&staff(), refund(1_080_001)).unwrap_err().code(),
        "exceeds_customer_paid"
    );
}

#[test]
fn repairs_under_warranty_are_not_charged() {
    let g = given(CaseKind::Repair);
    let err = g
        .when(
            &staff(),
            Command::RequestMoney {
                kind: EntryKind::RepairCharge,
                direction: None,
                amount: cny(100),
                reason: "Parts".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "charge_under_warranty");
}

#[test]
fn currencies_never_mix() {
    let g = given(CaseKind::Refund);
    let err = g
        .when(
            &staff(),
            Command::RequestMoney {
                kind: EntryKind::Refund,
                direction: None,
                amount: Money::new(100, Currency::USD).unwrap(),
                reason: "x refund".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code(), "validation_failed");
}

#[test]
fn an_entry_is_paid_once_whatever_is_retried() {
    let g = given(CaseKind::Refund)
        .then_ok(&staff(), refund(1000))
        .then_ok(&staff2(), Command::ApproveMoney { entry: 1 })
        .then_ok(
            &staff(),
            Command::PayMoney {
                entry: 1,
                reference: "R1".into(),
            },
        );
    let again = g
        .when(
            &staff(),
            Command::PayMoney {
                entry: 1,
                reference: "R1".into(),
            },
        )
        .unwrap_err();
    assert_eq!(again.code(), "already_paid");
    assert_eq!(g.case().money[0].state, EntryState::Paid);
}

#[test]
fn roles_are_refused_what_they_may_not_do() {
    let g = given(CaseKind::Repair);
    let customer = actor("customer", Role::Customer);
    assert_eq!(
        g.when(
            &customer,
            Command::Assign {
                owner: staff().user
            }
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );
    assert_eq!(
        g.when(
            &tech(),
            Command::AddNote {
                text: "hi".into(),
                visibility: Visibility::Internal
            }
        )
        .unwrap_err()
        .code(),
        "not_your_case",
        "not dispatched to this technician"
    );
    assert!(g
        .when(
            &customer,
            Command::AddNote {
                text: "Any news?".into(),
                visibility: Visibility::Public
            }
        )
        .is_ok());
    assert_eq!(
        g.when(
            &customer,
            Command::AddNote {
                text: "x".into(),
                visibility: Visibility::Internal
            }
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );
}

#[test]
fn holds_pause_and_block_moves_until_resumed() {
    let g = given(CaseKind::Repair).then_ok(
        &staff(),
        Command::Hold {
            reason: "Waiting for photos".into(),
        },
    );
    assert_eq!(
        g.when(&staff(), mv(Status::Repair(RepairStage::Triaged)))
            .unwrap_err()
            .code(),
        "on_hold"
    );
    assert_eq!(
        g.when(
            &staff(),
            Command::Hold {
                reason: "again".into()
            }
        )
        .unwrap_err()
        .code(),
        "already_on_hold"
    );
    let g = g
        .then_ok(&staff(), Command::Resume)
        .then_ok(&staff(), mv(Status::Repair(RepairStage::Triaged)));
    let case = g.case();
    assert_eq!(case.pauses.len(), 1);
    assert!(case.pauses[0].to.is_some());
}

#[test]
fn bad_text_is_reported_by_field() {
    let g = given(CaseKind::Repair);
    match g.when(
        &staff(),
        Command::AddNote {
            text: "  ".into(),
            visibility: Visibility::Public,
        },
    ) {
        Err(CaseError::Invalid(v)) => assert_eq!(v.fields[0].field, "command.text"),
        other => panic!("{other:?}"),
    }
    match g.when(
        &staff(),
        Command::RecordMovement {
            kind: MovementKind::DefectiveUnit,
            direction: Direction::CompanyToCustomer,
            item: "".into(),
            serial: None,
            quantity: Some(0),
            carrier: None,
            tracking: None,
            order_ref: None,
            cost: Some(cny(5)),
        },
    ) {
        Err(CaseError::Invalid(v)) => {
            let fields: Vec<_> = v.fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(
                fields,
                [
                    "command.item",
                    "command.quantity",
                    "command.cost",
                    "command.direction"
                ],
                "all at once"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn replay_rebuilds_the_same_case_and_the_customers_view_names_only_promises() {
    let g = given(CaseKind::Refund)
        .then_ok(&staff(), refund(1000))
        .then_ok(
            &staff(),
            Command::AddNote {
                text: "Customer is a VIP".into(),
                visibility: Visibility::Internal,
            },
        );
    let a = g.case();
    let b = Case::replay(g.events.iter()).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.version, 3);
    // A refund only asked for is no promise: the customer does not see it.
    let public = PublicCase::of(&a);
    assert!(public.money.is_empty(), "a requested refund is not shown");

    // A rejected entry is not shown; an approved one is, and a paid one
    // keeps its dates, never who decided, why, or the reference.
    let g = g
        .then_ok(&staff(), refund(2000))
        .then_ok(
            &staff2(),
            Command::RejectMoney {
                entry: 2,
                reason: "Duplicate".into(),
            },
        )
        .then_ok(&staff2(), Command::ApproveMoney { entry: 1 });
    let public = PublicCase::of(&g.case());
    assert_eq!(public.money.len(), 1, "the rejected entry is left out");
    assert_eq!(public.money[0].amount, cny(1000));
    assert_eq!(public.money[0].state, EntryState::Approved);
    let g = g.then_ok(
        &manager(),
        Command::PayMoney {
            entry: 1,
            reference: "BANK-77".into(),
        },
    );
    let public = PublicCase::of(&g.case());
    assert_eq!(
        public.money[0].paid_at,
        g.case().money[0].paid.as_ref().map(|p| p.at)
    );
    let json = serde_json::to_string(&public).unwrap();
    for secret in ["BANK-77", "Duplicate", "VIP", &g.case().public_token] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
}

#[test]
fn a_customer_message_waits_for_the_companys_public_answer() {
    let customer = actor("customer", Role::Customer);
    let g = given(CaseKind::Repair).then_ok(
        &customer,
        Command::AddNote {
            text: "Any news?".into(),
            visibility: Visibility::Public,
        },
    );
    let since = g.case().customer_waiting_since.expect("waiting");
    // An internal note does not answer the customer; a second message keeps the first time.
    let g = g
        .then_ok(
            &staff(),
            Command::AddNote {
                text: "Check with the lab".into(),
                visibility: Visibility::Internal,
            },
        )
        .then_ok(
            &customer,
            Command::AddNote {
                text: "Hello?".into(),
                visibility: Visibility::Public,
            },
        );
    assert_eq!(g.case().customer_waiting_since, Some(since));
    let g = g.then_ok(
        &staff(),
        Command::AddNote {
            text: "The part arrives on Friday.".into(),
            visibility: Visibility::Public,
        },
    );
    assert_eq!(g.case().customer_waiting_since, None);
}

#[derive(Debug, Clone)]
enum Step {
    Request(i64, bool),
    Approve(u32, u8),
    Reject(u32, u8),
    Pay(u32, u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..700_000, any::<bool>()).prop_map(|(a, credit)| Step::Request(a, credit)),
        (1u32..6, 0u8..4).prop_map(|(e, who)| Step::Approve(e, who)),
        (1u32..6, 0u8..4).prop_map(|(e, who)| Step::Reject(e, who)),
        (1u32..6, 0u8..4).prop_map(|(e, who)| Step::Pay(e, who)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random request/approve/reject/pay/retry sequences: nothing is paid
    /// twice, payouts never exceed what was paid, and nobody approves their
    /// own request.
    #[test]
    fn money_rules_hold_for_any_sequence(steps in proptest::collection::vec(step(), 1..40)) {
        let people = [staff(), staff2(), manager(), actor("qian.min", Role::Staff)];
        let mut g = given(CaseKind::Refund);
        let mut paid_events = std::collections::HashMap::<u32, usize>::new();
        for s in steps {
            let (by, cmd) = match s {
                Step::Request(a, credit) => (&people[(a % 4) as usize], Command::RequestMoney {
                    kind: if credit { EntryKind::CreditNote } else { EntryKind::Refund },
                    direction: None, amount: cny(a), reason: "Compensation".into(),
                }),
                Step::Approve(e, w) => (&people[w as usize], Command::ApproveMoney { entry: e }),
                Step::Reject(e, w) => (&people[w as usize], Command::RejectMoney { entry: e, reason: "No".into() }),
                Step::Pay(e, w) => (&people[w as usize], Command::PayMoney { entry: e, reference: "REF".into() }),
            };
            if let Ok(changes) = g.when(by, cmd) {
                for c in changes {
                    if let Change::MoneyPaid { entry, .. } = &c {
                        *paid_events.entry(*entry).or_default() += 1;
                    }
                    if let Change::MoneyApproved { entry } = &c {
                        let e = g.case().money.into_iter().find(|m| m.id == *entry).unwrap();
                        prop_assert_ne!(&e.requested.by, &by.user, "requester approved");
                    }
                    g.push(by, c);
                }
            }
            let case = g.case();
            let committed: i64 = case.money.iter()
                .filter(|e| e.state != EntryState::Rejected)
                .map(|e| e.amount.minor()).sum();
            prop_assert!(committed <= 1_000_000, "payouts {committed} exceed the price paid");
        }
        prop_assert!(paid_events.values().all(|&n| n == 1), "an entry paid twice: {paid_events:?}");
    }
}

#[test]
fn customer_facing_events_fill_the_outbox_in_the_customers_language() {
    use afterloop_domain::flow::notify::{Recipient, Topic};
    let g = given(CaseKind::Refund);
    let case = g.case();
    assert_eq!(case.outbox.len(), 1);
    assert_eq!(case.outbox[0].topic, Topic::Received);
    assert!(
        case.outbox[0].text.contains("已受理"),
        "zh-CN customer: {}",
        case.outbox[0].text
    );
    assert_eq!(case.outbox[0].to, Recipient::Customer);

    let mut g = g
        .then_ok(&staff(), refund(1000))
        .then_ok(&staff2(), Command::ApproveMoney { entry: 1 })
        .then_ok(
            &staff(),
            Command::PayMoney {
                entry: 1,
                reference: "R".into(),
            },
        );
    let topics: Vec<Topic> = g.case().outbox.iter().map(|n| n.topic).collect();
    assert_eq!(topics, [Topic::Received, Topic::RefundPaid]);
    // Asking for and approving the refund are internal; paying it is the
    // first thing the customer hears.
    assert_eq!(g.case().first_response_at, Some(g.events[3].at));

    let ids: Vec<String> = g.case().outbox.iter().map(|n| n.id.clone()).collect();
    g.push(&Actor::system(), Change::NotificationsSent { ids });
    assert!(g.case().outbox.iter().all(|n| n.sent_at.is_some()));
    let public = serde_json::to_value(PublicCase::of(&g.case())).unwrap();
    assert!(public.get("outbox").is_none(), "the outbox is staff-only");
}

/// A repair dispatched to [`tech`], as the technician's phone finds it.
fn dispatched() -> Given {
    given(CaseKind::Repair)
        .then_ok(&staff(), mv(Status::Repair(RepairStage::Triaged)))
        .then_ok(
            &staff(),
            Command::Dispatch {
                technician: tech().user,
                from: Timestamp::from_millis(T0 + 3_600_000),
                to: Timestamp::from_millis(T0 + 4 * 3_600_000),
            },
        )
}

fn check_in(at: i64) -> Command {
    Command::CheckIn {
        at: Timestamp::from_millis(at),
        location: Some(GeoPoint {
            lat_e6: 31_230_400,
            lon_e6: 121_473_700,
            accuracy_m: Some(12),
        }),
    }
}

#[test]
fn a_visit_is_checked_in_and_out_at_the_phones_time() {
    // Recorded offline at T0 + 2 min, sent once the signal came back.
    let arrived = T0 + 2 * 60_000 + 30_000;
    let g = dispatched().then_ok(&tech(), check_in(arrived));
    let case = g.case();
    assert_eq!(case.on_site_at, Some(Timestamp::from_millis(arrived)));
    assert_eq!(case.visits.len(), 1);
    assert_eq!(case.visits[0].technician, tech().user);
    assert!(case.visits[0].in_location.is_some());

    // A second check-in while on site is a conflict, a check-out before
    // the check-in is invalid.
    assert_eq!(
        g.when(&tech(), check_in(arrived)).unwrap_err().code(),
        "already_checked_in"
    );
    let early = Command::CheckOut {
        at: Timestamp::from_millis(arrived - 1),
        location: None,
    };
    assert_eq!(
        g.when(&tech(), early).unwrap_err().code(),
        "validation_failed"
    );

    let left = arrived + 60_000;
    let g = g.then_ok(
        &tech(),
        Command::CheckOut {
            at: Timestamp::from_millis(left),
            location: None,
        },
    );
    let case = g.case();
    assert_eq!(
        case.visits[0].checked_out,
        Some(Timestamp::from_millis(left))
    );
    // The first arrival stays the SLA's on-site time.
    assert_eq!(case.on_site_at, Some(Timestamp::from_millis(arrived)));
    // The customer sees the visit, not where the phone was.
    let public = serde_json::to_string(&PublicCase::of(&case)).unwrap();
    assert!(!public.contains("location"), "{public}");
    assert!(!public.contains(tech().user.as_ref()), "{public}");
}

#[test]
fn checking_in_for_a_scheduled_visit_starts_the_repair() {
    let g = dispatched().then_ok(&tech(), check_in(T0 + 4 * 60_000));
    assert_eq!(g.case().status, Status::Repair(RepairStage::InRepair));
    assert_eq!(
        g.case().on_site_at,
        Some(Timestamp::from_millis(T0 + 4 * 60_000))
    );
}

#[test]
fn only_the_booked_technician_checks_in_and_never_in_the_future() {
    let g = dispatched();
    let other = actor("sun.tech", Role::Technician);
    let refused = g.when(&other, check_in(T0 + 120_000)).unwrap_err();
    assert_eq!(refused.code(), "not_your_case");
    assert!(refused.to_string().contains("reassigned"), "{refused}");
    assert_eq!(
        g.when(&staff(), check_in(T0 + 120_000)).unwrap_err().code(),
        "forbidden"
    );
    // `now` is T0 + 4 min here: ten minutes ahead is beyond any clock skew.
    let future = g.when(&tech(), check_in(T0 + 14 * 60_000)).unwrap_err();
    assert_eq!(future.code(), "validation_failed");
    let before_opening = g.when(&tech(), check_in(T0 - 1)).unwrap_err();
    assert_eq!(before_opening.code(), "validation_failed");
    let off_globe = Command::CheckIn {
        at: Timestamp::from_millis(T0 + 120_000),
        location: Some(GeoPoint {
            lat_e6: 91_000_000,
            lon_e6: 0,
            accuracy_m: None,
        }),
    };
    assert_eq!(
        g.when(&tech(), off_globe).unwrap_err().code(),
        "validation_failed"
    );
    // Without a booking there is nothing to check in to.
    let undispatched = given(CaseKind::Repair);
    let refused = undispatched
        .when(&staff(), check_in(T0 + 60_000))
        .unwrap_err();
    assert_eq!(refused.code(), "forbidden");
}

#[test]
fn a_part_used_on_site_is_a_consumed_movement_from_stock() {
    let g = dispatched().then_ok(
        &tech(),
        Command::UsePart {
            item: "IGBT-40A".into(),
            serial: Some("IG-778812".into()),
            quantity: Some(2),
        },
    );
    let m = &g.case().goods[0];
    assert_eq!(m.kind, MovementKind::SparePart);
    assert_eq!(m.direction, Direction::StockToSite);
    assert_eq!(m.state, MovementState::Consumed);
    assert_eq!(m.quantity, 2);
    assert_eq!(m.serial.as_deref(), Some("IG-778812"));
    let bad = g
        .when(
            &tech(),
            Command::UsePart {
                item: " ".into(),
                serial: None,
                quantity: Some(0),
            },
        )
        .unwrap_err();
    let CaseError::Invalid(v) = bad else {
        panic!("expected field errors, got {bad:?}")
    };
    let fields: Vec<_> = v.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["command.item", "command.quantity"]);
}

#[test]
fn dispatching_a_repair_schedules_the_visit() {
    let book = |from: i64| Command::Dispatch {
        technician: tech().user,
        from: Timestamp::from_millis(T0 + from * 3_600_000),
        to: Timestamp::from_millis(T0 + (from + 3) * 3_600_000),
    };
    let scheduled = Status::Repair(RepairStage::Scheduled);
    let triaged = Status::Repair(RepairStage::Triaged);
    let new = Status::Repair(RepairStage::New);

    // From triaged: booked and scheduled in one command.
    let g = given(CaseKind::Repair).then_ok(&staff(), mv(triaged));
    let changes = g.when(&staff(), book(1)).unwrap();
    assert!(matches!(changes[0], Change::Dispatched(_)));
    assert_eq!(
        changes[1..],
        [Change::Moved {
            from: triaged,
            to: scheduled,
            note: None
        }]
    );
    let g = g.then_ok(&staff(), book(1));
    assert_eq!(g.case().status, scheduled);
    // A client that still moves it to scheduled changes nothing.
    assert_eq!(g.when(&staff(), mv(scheduled)).unwrap(), []);
    // Booking another window keeps it scheduled, with no move.
    assert_eq!(g.when(&staff(), book(5)).unwrap().len(), 1);

    // From new: through triaged, as the lifecycle goes.
    let g = given(CaseKind::Repair).then_ok(&staff(), book(1));
    assert_eq!(g.case().status, scheduled);
    let moves: Vec<(Status, Status)> = g
        .events
        .iter()
        .filter_map(|e| match e.change {
            Change::Moved { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(moves, [(new, triaged), (triaged, scheduled)]);

    // Another visit after a first one in repair.
    let g = g
        .then_ok(&tech(), mv(Status::Repair(RepairStage::InRepair)))
        .then_ok(&staff(), book(30));
    assert_eq!(g.case().status, scheduled);
    assert_eq!(g.case().site_visits, 1);

    // On hold: booked, but it stays until resumed.
    let g = given(CaseKind::Repair)
        .then_ok(&staff(), mv(triaged))
        .then_ok(
            &staff(),
            Command::Hold {
                reason: "Waiting for the customer's photos".into(),
            },
        )
        .then_ok(&staff(), book(1));
    assert_eq!(g.case().status, triaged);
    assert!(g.case().dispatch.is_some());
}

#[test]
fn an_internal_note_is_not_the_first_response_to_the_customer() {
    let g = given(CaseKind::Repair)
        .then_ok(
            &staff(),
            Command::AddNote {
                text: "Checked the serial against batch 2409B".into(),
                visibility: Visibility::Internal,
            },
        )
        .then_ok(
            &staff(),
            Command::SetPriority {
                priority: Priority::High,
            },
        );
    assert_eq!(
        g.case().first_response_at,
        None,
        "internal work answers nobody"
    );
    let g = g.then_ok(
        &staff(),
        Command::AddNote {
            text: "We are on it and call you today.".into(),
            visibility: Visibility::Public,
        },
    );
    assert_eq!(
        g.case().first_response_at,
        Some(g.events.last().unwrap().at),
        "the first message the customer sees answers"
    );
}

fn customer() -> Actor {
    actor("customer", Role::Customer)
}
fn quote(minor: i64) -> Command {
    Command::Quote {
        amount: cny(minor),
        work: "Replace the IGBT module (out of warranty)".into(),
    }
}
fn answer(decision: afterloop_domain::flow::quote::Decision, amount: Money) -> Command {
    Command::AnswerQuote {
        quote: 1,
        decision,
        amount,
    }
}

#[test]
fn a_quote_is_quoted_then_accepted_once_and_the_repair_waits_for_it() {
    use afterloop_domain::flow::quote::{Decision, QuoteState};
    // Bought in 2020: the 24-month warranty is over.
    let g = given_bought(CaseKind::Repair, "2020-03-01")
        .then_ok(&staff(), mv(Status::Repair(RepairStage::Triaged)));
    // Only staff and managers quote; only the customer answers.
    assert_eq!(
        g.when(&tech(), quote(80_000)).unwrap_err().code(),
        "not_your_case"
    );
    assert_eq!(
        g.when(&customer(), quote(80_000)).unwrap_err().code(),
        "forbidden"
    );
    let g = g.then_ok(&staff(), quote(80_000));
    let q = &g.case().quotes[0];
    assert_eq!(
        (q.id, q.amount, q.state),
        (1, cny(80_000), QuoteState::Open)
    );
    assert_eq!(q.by.as_ref(), "li.na");
    // A second quote waits until the first is answered.
    assert_eq!(g.when(&staff(), quote(1)).unwrap_err().code(), "quote_open");
    // The repair waits while the quote is open.
    assert_eq!(
        g.when(&staff(), mv(Status::Repair(RepairStage::InRepair)))
            .unwrap_err()
            .code(),
        "quote_open"
    );
    assert_eq!(
        g.when(&staff(), answer(Decision::Accept, cny(80_000)))
            .unwrap_err()
            .code(),
        "forbidden"
    );
    // The customer answers with the amount they saw, in the case's currency.
    let wrong_currency = g
        .when(
            &customer(),
            answer(Decision::Accept, Money::new(80_000, Currency::USD).unwrap()),
        )
        .unwrap_err();
    assert_eq!(wrong_currency.code(), "validation_failed");
    assert!(format!("{wrong_currency:?}").contains("command.amount.currency"));
    assert_eq!(
        g.when(&customer(), answer(Decision::Accept, cny(70_000)))
            .unwrap_err()
            .code(),
        "quote_changed"
    );
    assert_eq!(
        g.when(
            &customer(),
            Command::AnswerQuote {
                quote: 9,
                decision: Decision::Accept,
                amount: cny(80_000)
            }
        )
        .unwrap_err()
        .code(),
        "no_such_quote"
    );
    let g = g.then_ok(&customer(), answer(Decision::Accept, cny(80_000)));
    let at = g.events.last().unwrap().at;
    assert_eq!(g.case().quotes[0].state, QuoteState::Accepted { at });
    assert!(g.case().open_quote().is_none());
    // Accepted once: accepting again or declining after is refused.
    for d in [Decision::Accept, Decision::Decline] {
        assert_eq!(
            g.when(&customer(), answer(d, cny(80_000)))
                .unwrap_err()
                .code(),
            "quote_answered"
        );
    }
    // The customer's view shows it; the work goes on.
    assert_eq!(
        PublicCase::of(&g.case()).quotes[0].state,
        QuoteState::Accepted { at }
    );
    g.then_ok(&staff(), mv(Status::Repair(RepairStage::InRepair)));
}

#[test]
fn a_declined_quote_stays_declined_and_repairs_under_warranty_are_not_quoted() {
    use afterloop_domain::flow::quote::{Decision, QuoteState};
    let covered = given(CaseKind::Repair);
    assert_eq!(
        covered.when(&staff(), quote(100)).unwrap_err().code(),
        "charge_under_warranty"
    );
    let g = given_bought(CaseKind::Repair, "2020-03-01");
    assert_eq!(
        g.when(&staff(), quote(0)).unwrap_err().code(),
        "validation_failed"
    );
    let usd = g
        .when(
            &staff(),
            Command::Quote {
                amount: Money::new(100, Currency::USD).unwrap(),
                work: "Fan".into(),
            },
        )
        .unwrap_err();
    assert!(format!("{usd:?}").contains("command.amount.currency"));
    let g = g
        .then_ok(&staff(), quote(50_000))
        .then_ok(&customer(), answer(Decision::Decline, cny(50_000)));
    assert!(matches!(
        g.case().quotes[0].state,
        QuoteState::Declined { .. }
    ));
    assert_eq!(
        g.when(&customer(), answer(Decision::Accept, cny(50_000)))
            .unwrap_err()
            .code(),
        "quote_answered"
    );
    // A new quote may follow a declined one.
    let g = g.then_ok(&staff(), quote(30_000));
    assert_eq!(g.case().open_quote().map(|q| q.id), Some(2));
}
