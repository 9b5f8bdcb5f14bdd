//! The rules at the case's boundaries, given/when/then and
//! as properties: every accepted intake and dispatch leaves a case that
//! serializes and reads back; purchase dates are bounded; the public form
//! sets no internal field and its statements decide nothing; money on a
//! case is in its currency; reopening is for staff; conflicts name their
//! field; text shows something and carries no direction controls.

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{
    decide, decide_recorded, open, CaseError, Change, Command, Event, Policy, PurchaseBasis,
    RepairStage, ReturnStage, Stamp, Status, CLOCK_SKEW_MS,
};
use afterloop_domain::flow::goods::{Direction, MovementKind};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::sla::Priority;
use afterloop_domain::wire::{
    CaseView, CreateCaseRequest, CustomerInput, MoneyInput, ProductInput, PublicCustomer,
    PublicProduct, PublicRequest,
};
use afterloop_domain::{
    Case, CaseId, CaseKind, Currency, Date, EventId, Money, NewCase, Timestamp, UserId,
    ValidationError,
};
use proptest::prelude::*;

const T0: i64 = 1_795_000_000_000; // 2026-11-18, 08:53 UTC
const HOUR: i64 = 3_600_000;

fn actor(user: &str, role: Role) -> Actor {
    Actor {
        user: UserId::parse(user).unwrap(),
        role,
    }
}
fn staff() -> Actor {
    actor("li.na", Role::Staff)
}
fn tech() -> Actor {
    actor("wu.gang", Role::Technician)
}
fn today() -> Date {
    Date::parse("2026-11-18").unwrap()
}
fn money(minor: i64, currency: Currency) -> Money {
    Money::new(minor, currency).unwrap()
}

fn staff_intake(kind: &str, purchase: &str, months: Option<u32>) -> CreateCaseRequest {
    CreateCaseRequest {
        kind: kind.into(),
        title: "Inverter shows fault F07".into(),
        channel: "hotline".into(),
        customer: CustomerInput {
            name: "Sunny Farm Co.".into(),
            phone: "+86 138 0000 0000".into(),
            ..Default::default()
        },
        product: ProductInput {
            model: "SUN-10K-G".into(),
            purchase_date: purchase.into(),
            price_paid: Some(MoneyInput {
                minor: 1_000_000,
                currency: "CNY".into(),
            }),
            warranty_months: months,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn public(kind: &str, purchase: &str, stated: Option<i64>) -> PublicRequest {
    PublicRequest {
        kind: kind.into(),
        title: "My inverter is silent".into(),
        description: "No display since the storm.".into(),
        customer: PublicCustomer {
            name: "Wang Jianguo".into(),
            phone: "+86 139 2233 4455".into(),
            ..Default::default()
        },
        product: PublicProduct {
            model: "SUN-5K-G".into(),
            purchase_date: purchase.into(),
            stated_price: stated.map(|minor| MoneyInput {
                minor,
                currency: "CNY".into(),
            }),
            ..Default::default()
        },
    }
}

fn fields(e: &ValidationError) -> Vec<(&str, &str)> {
    e.fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect()
}

/// A case history: opened at T0, then each accepted command one minute later.
struct Given {
    events: Vec<Event>,
    policy: Policy,
}

impl Given {
    fn opened(new: NewCase, by: &Actor) -> Given {
        let mut g = Given {
            events: Vec::new(),
            policy: Policy::default(),
        };
        let change = open(
            CaseId::from_sequence(1001).unwrap(),
            new,
            UserId::parse("li.na").unwrap(),
            Timestamp::from_millis(T0),
            "ab".repeat(32),
        );
        g.push(by, change);
        g
    }

    fn push(&mut self, by: &Actor, change: Change) {
        let seq = self.events.len() as u32 + 1;
        let id = EventId::parse(&format!("event-{seq:04}")).unwrap();
        let event = Stamp::write(id, by, self.now()).event(seq, change);
        self.events.push(event);
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_millis(T0 + self.events.len() as i64 * 60_000)
    }

    fn case(&self) -> Case {
        Case::replay(&self.events).unwrap()
    }

    fn when(&self, by: &Actor, cmd: &Command) -> Result<Vec<Change>, CaseError> {
        decide(&self.case(), by, cmd, self.now(), &self.policy)
    }

    fn then_ok(mut self, by: &Actor, cmd: Command) -> Given {
        let changes = self
            .when(by, &cmd)
            .unwrap_or_else(|e| panic!("{cmd:?} refused: {e:?}"));
        for c in changes {
            self.push(by, c);
        }
        self
    }
}

/// The case and its view survive JSON: what is stored reads back equal.
fn reads_back(case: &Case, now: Timestamp) {
    let json = serde_json::to_string(case).unwrap();
    let back: Case = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("a stored case does not read back: {e}\n{json}"));
    assert_eq!(&back, case);
    let view = CaseView::of(back, now, &Policy::default().sla);
    let json = serde_json::to_string(&view).unwrap();
    let again: CaseView = serde_json::from_str(&json).unwrap();
    assert_eq!(again, view);
}

#[test]
fn purchase_dates_are_not_in_the_future_nor_before_1990() {
    for (date, months, field, code) in [
        ("2026-11-20", None, "product.purchase_date", "in_future"),
        ("2200-12-31", None, "product.purchase_date", "in_future"),
        ("2199-06-01", Some(0), "product.purchase_date", "in_future"),
        ("1989-12-31", None, "product.purchase_date", "too_early"),
        ("1900-01-01", Some(0), "product.purchase_date", "too_early"),
        (
            "2026-01-10",
            Some(241),
            "product.warranty_months",
            "out_of_range",
        ),
        (
            "2026-01-10",
            Some(u32::MAX),
            "product.warranty_months",
            "out_of_range",
        ),
    ] {
        let err = NewCase::parse(&staff_intake("repair", date, months), today()).unwrap_err();
        assert_eq!(fields(&err), [(field, code)], "{date} {months:?}");
    }
    // A day of slack for a customer already on tomorrow; 1990 and 240 months pass.
    for (date, months) in [
        ("2026-11-19", None),
        ("1990-01-01", Some(240)),
        ("2026-11-18", Some(0)),
    ] {
        let case = NewCase::parse(&staff_intake("repair", date, months), today()).unwrap();
        let g = Given::opened(case, &staff());
        reads_back(&g.case(), g.now());
    }
    let err = NewCase::parse_public(&public("repair", "2199-06-01", None), today()).unwrap_err();
    assert_eq!(fields(&err), [("product.purchase_date", "in_future")]);
}

#[test]
fn the_public_form_sets_no_internal_field_and_its_statements_decide_nothing() {
    let refund = NewCase::parse_public(&public("refund", "2026-01-10", Some(5)), today());
    assert_eq!(fields(&refund.unwrap_err()), [("kind", "not_public")]);

    let case =
        NewCase::parse_public(&public("return", "2026-06-01", Some(780_000)), today()).unwrap();
    assert_eq!(case.priority, Priority::Normal);
    assert_eq!(case.customer.sales_rep, None);
    assert_eq!(case.product.warranty_months, 24);
    assert_eq!(
        case.product.price_paid, None,
        "a statement is no price paid"
    );
    assert_eq!(
        case.product.stated_price,
        Some(money(780_000, Currency::CNY))
    );
    assert_eq!(case.product.basis, PurchaseBasis::CustomerStatement);

    let g = Given::opened(case, &actor("customer", Role::Customer));
    let opened = g.case();
    assert!(
        opened.warranty.covers(),
        "the stated date shows in warranty"
    );
    assert!(!opened.in_warranty(), "but decides nothing until confirmed");
    reads_back(&opened, g.now());

    // No money before staff record the price paid: a clear 409 on the amount.
    let refund = Command::RequestMoney {
        kind: EntryKind::Refund,
        direction: None,
        amount: money(780_000, Currency::CNY),
        reason: "Defective on arrival".into(),
    };
    match g.when(&staff(), &refund) {
        Err(CaseError::Conflict { code, field, .. }) => {
            assert_eq!(code, "no_price_paid");
            assert_eq!(field.as_deref(), Some("command.amount"));
        }
        other => panic!("{other:?}"),
    }
    // A technician may not confirm; staff may, and then money may be requested.
    let confirm = Command::ConfirmPurchase {
        purchase_date: None,
        price_paid: Some(money(700_000, Currency::CNY)),
        warranty_months: None,
    };
    assert!(matches!(
        g.when(&tech(), &confirm),
        Err(CaseError::Forbidden { .. })
    ));
    let g = g.then_ok(&staff(), confirm);
    let confirmed = g.case();
    assert_eq!(confirmed.product.basis, PurchaseBasis::Records);
    assert!(confirmed.in_warranty());
    match g.when(&staff(), &refund) {
        Err(CaseError::Conflict { code, field, .. }) => {
            assert_eq!(
                code, "exceeds_customer_paid",
                "capped by the confirmed price"
            );
            assert_eq!(field.as_deref(), Some("command.amount"));
        }
        other => panic!("{other:?}"),
    }
    let g = g.then_ok(
        &staff(),
        Command::RequestMoney {
            kind: EntryKind::Refund,
            direction: None,
            amount: money(700_000, Currency::CNY),
            reason: "Defective on arrival".into(),
        },
    );
    reads_back(&g.case(), g.now());
    // A price below what is committed is refused, naming it.
    match g.when(
        &staff(),
        &Command::ConfirmPurchase {
            purchase_date: None,
            price_paid: Some(money(100, Currency::CNY)),
            warranty_months: None,
        },
    ) {
        Err(CaseError::Conflict { code, field, .. }) => {
            assert_eq!(
                (code, field.as_deref()),
                ("below_payouts", Some("command.price_paid"))
            );
        }
        other => panic!("{other:?}"),
    }
    // Confirming takes the intake's purchase rules.
    match g.when(
        &staff(),
        &Command::ConfirmPurchase {
            purchase_date: Date::from_ymd(2199, 6, 1),
            price_paid: None,
            warranty_months: Some(300),
        },
    ) {
        Err(CaseError::Invalid(v)) => assert_eq!(
            fields(&v),
            [
                ("command.purchase_date", "in_future"),
                ("command.warranty_months", "out_of_range")
            ]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn money_on_a_case_is_in_its_currency() {
    let case = NewCase::parse(&staff_intake("repair", "2020-01-10", None), today()).unwrap();
    let g = Given::opened(case, &staff());
    let part = |cost| Command::RecordMovement {
        kind: MovementKind::SparePart,
        direction: Direction::StockToSite,
        item: "IGBT module".into(),
        serial: None,
        quantity: Some(1),
        carrier: None,
        tracking: None,
        order_ref: None,
        cost: Some(cost),
    };
    match g.when(&staff(), &part(money(4_200, Currency::USD))) {
        Err(CaseError::Invalid(v)) => {
            assert_eq!(fields(&v), [("command.cost.currency", "currency_mismatch")])
        }
        other => panic!("{other:?}"),
    }
    let charge = Command::RequestMoney {
        kind: EntryKind::RepairCharge,
        direction: None,
        amount: money(100, Currency::EUR),
        reason: "Out of warranty".into(),
    };
    match g.when(&staff(), &charge) {
        Err(CaseError::Invalid(v)) => {
            assert_eq!(
                fields(&v),
                [("command.amount.currency", "currency_mismatch")]
            )
        }
        other => panic!("{other:?}"),
    }
    let g = g.then_ok(&staff(), part(money(42_000, Currency::CNY)));
    reads_back(&g.case(), g.now());

    // A repair with no price yet: the company's currency, then its first amount's.
    let mut bare = staff_intake("repair", "", None);
    bare.product.price_paid = None;
    let g = Given::opened(NewCase::parse(&bare, today()).unwrap(), &staff());
    assert!(g.when(&staff(), &part(money(1, Currency::USD))).is_err());
    assert!(g.when(&staff(), &part(money(1, Currency::CNY))).is_ok());
}

#[test]
fn only_staff_and_managers_reopen() {
    let case = NewCase::parse(&staff_intake("repair", "2026-01-10", None), today()).unwrap();
    let g = Given::opened(case, &staff())
        .then_ok(
            &staff(),
            Command::Move {
                to: Status::Repair(RepairStage::Triaged),
                note: None,
            },
        )
        .then_ok(
            &staff(),
            Command::Assign {
                owner: UserId::parse("wu.gang").unwrap(),
            },
        )
        .then_ok(
            &tech(),
            Command::Move {
                to: Status::Repair(RepairStage::InRepair),
                note: None,
            },
        )
        .then_ok(
            &tech(),
            Command::Diagnose {
                root_cause: RootCause::Firmware,
                failed_part: None,
                resolution: "Updated the firmware.".into(),
            },
        )
        .then_ok(
            &tech(),
            Command::Move {
                to: Status::Repair(RepairStage::Resolved),
                note: None,
            },
        );
    let reopen = Command::Move {
        to: Status::Repair(RepairStage::InRepair),
        note: None,
    };
    match g.when(&tech(), &reopen) {
        Err(CaseError::Forbidden { code, .. }) => assert_eq!(code, "reopen_staff_only"),
        other => panic!("{other:?}"),
    }
    let g = g.then_ok(
        &staff(),
        Command::Move {
            to: Status::Repair(RepairStage::Closed),
            note: None,
        },
    );
    match g.when(&tech(), &reopen) {
        Err(CaseError::Forbidden { code, .. }) => assert_eq!(code, "reopen_staff_only"),
        other => panic!("{other:?}"),
    }
    assert!(g.when(&staff(), &reopen).is_ok());
    assert!(Status::Return(ReturnStage::Closed).next().is_empty());
}

#[test]
fn dispatch_windows_are_near_and_ordered() {
    let case = NewCase::parse(&staff_intake("repair", "2026-01-10", None), today()).unwrap();
    let g = Given::opened(case, &staff());
    let now = g.now().millis();
    let dispatch = |from: i64, to: i64| Command::Dispatch {
        technician: UserId::parse("wu.gang").unwrap(),
        from: Timestamp::from_millis(from),
        to: Timestamp::from_millis(to),
    };
    let year_2200 = Date::from_ymd(2200, 6, 1)
        .unwrap()
        .start_at_offset(480)
        .millis();
    let year_1900 = Date::from_ymd(1900, 6, 1)
        .unwrap()
        .start_at_offset(480)
        .millis();
    for (from, to, field, code) in [
        (now + 2 * HOUR, now + HOUR, "command.to", "before_start"),
        (now + HOUR, now + 30 * HOUR, "command.to", "invalid_window"),
        (now - 30 * HOUR, now - 28 * HOUR, "command.to", "in_past"),
        (year_1900, year_1900 + 2 * HOUR, "command.to", "in_past"),
        (
            year_2200,
            year_2200 + 2 * HOUR,
            "command.from",
            "too_far_ahead",
        ),
        (
            now + 400 * 24 * HOUR,
            now + 401 * 24 * HOUR,
            "command.from",
            "too_far_ahead",
        ),
        (i64::MIN, i64::MAX, "command.to", "invalid_window"),
        (i64::MAX, i64::MIN, "command.from", "too_far_ahead"),
    ] {
        match g.when(&staff(), &dispatch(from, to)) {
            Err(CaseError::Invalid(v)) => assert_eq!(fields(&v), [(field, code)], "{from}..{to}"),
            other => panic!("{from}..{to}: {other:?}"),
        }
    }
    let g = g.then_ok(&staff(), dispatch(now + HOUR, now + 3 * HOUR));
    reads_back(&g.case(), g.now());
}

#[test]
fn titles_and_texts_must_show_and_keep_their_direction() {
    let mut req = staff_intake("repair", "2026-01-10", None);
    req.title = "\u{200B}\u{200B}\u{200B}\u{200B}".into();
    req.customer.name = "\u{FEFF}\u{2060}".into();
    req.customer.address = "Road 8\u{202E}".into();
    let err = NewCase::parse(&req, today()).unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("title", "invisible"),
            ("customer.name", "invisible"),
            ("customer.address", "bidi_control")
        ]
    );
    let case = NewCase::parse(&staff_intake("repair", "2026-01-10", None), today()).unwrap();
    let g = Given::opened(case, &staff());
    match g.when(
        &staff(),
        &Command::Hold {
            reason: "\u{200D}\u{200C}".into(),
        },
    ) {
        Err(CaseError::Invalid(v)) => assert_eq!(fields(&v), [("command.reason", "invisible")]),
        other => panic!("{other:?}"),
    }
    let check = afterloop_domain::flow::info::check_upload(
        afterloop_domain::flow::info::AttachmentKind::Photo,
        "photo\u{202E}gpj.exe",
        "image/jpeg",
        10,
    );
    assert_eq!(check.unwrap_err().fields[0].code, "bidi_control");
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (1850i32..2260, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (1985i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        Just(String::new()),
        Just("2200-12-31".to_owned()),
        Just("1900-01-01".to_owned()),
    ]
}

fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        any::<i64>(),
        (-50i64 * 24..500 * 24).prop_map(|h| T0 + h * HOUR),
        (-3_000_000_000_000i64..8_000_000_000_000),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Random intakes (staff's and the public form's), on random days, then
    /// a random dispatch window: each is refused with field errors, or the
    /// case it leaves serializes, reads back equal, and has a view.
    #[test]
    fn every_accepted_write_leaves_a_case_that_reads_back(
        kind in prop_oneof![Just("repair"), Just("return"), Just("refund")],
        purchase in date_text(),
        months in proptest::option::of(prop_oneof![0u32..300, any::<u32>()]),
        today_days in -25_000i32..84_000,
        public_form in any::<bool>(),
        from in instant(),
        to in instant(),
        span in proptest::option::of(0i64..30 * HOUR),
    ) {
        let today = Date::from_days(today_days).unwrap();
        let parsed = if public_form {
            NewCase::parse_public(&public(kind, &purchase, Some(100)), today)
        } else {
            NewCase::parse(&staff_intake(kind, &purchase, months), today)
        };
        let new = match parsed {
            Ok(new) => new,
            Err(e) => {
                prop_assert!(!e.fields.is_empty());
                prop_assert!(e.fields.iter().all(|f| !f.field.is_empty() && !f.code.is_empty()));
                return Ok(());
            }
        };
        let opened_at = today.start_at_offset(480).plus_millis(10 * HOUR);
        let change = open(
            CaseId::from_sequence(1001).unwrap(),
            new,
            UserId::parse("li.na").unwrap(),
            opened_at,
            "ab".repeat(32),
        );
        let mut events =
            vec![Stamp::write(EventId::parse("open-AL-1001").unwrap(), &staff(), opened_at).opening(change)];
        let case = Case::replay(&events).unwrap();
        reads_back(&case, opened_at);
        if case.kind() != CaseKind::Repair {
            return Ok(());
        }
        let now = opened_at.plus_millis(60_000);
        let command = Command::Dispatch {
            technician: UserId::parse("wu.gang").unwrap(),
            from: Timestamp::from_millis(from),
            to: Timestamp::from_millis(span.map_or(to, |s| from.saturating_add(s))),
        };
        match decide(&case, &staff(), &command, now, &Policy::default()) {
            Ok(changes) => {
                let stamp = Stamp::write(EventId::parse("dispatch-0").unwrap(), &staff(), now);
                events.extend(stamp.events(1, changes));
                let case = Case::replay(&events).unwrap();
                reads_back(&case, now);
                let d = case.dispatch.unwrap();
                prop_assert!(d.from < d.to && d.to.millis() > now.millis() - 2 * HOUR);
            }
            Err(CaseError::Invalid(v)) => {
                prop_assert!(v.fields.iter().all(|f| f.field.starts_with("command.")));
            }
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }
}

#[test]
fn a_defective_unit_awaited_a_minute_is_expected_and_late_after_three_days() {
    use afterloop_domain::flow::goods::{Movement, MovementState, OVERDUE_AFTER_MS};
    let authorised = Timestamp::from_millis(T0);
    let unit = Movement {
        id: 1,
        kind: MovementKind::DefectiveUnit,
        direction: Direction::CustomerToCompany,
        item: "SUN-10K-G".into(),
        serial: None,
        quantity: 1,
        carrier: None,
        tracking: None,
        order_ref: None,
        cost: None,
        state: MovementState::Authorised,
        history: vec![(MovementState::Authorised, authorised)],
    };
    let at = |ms: i64| Timestamp::from_millis(T0 + ms);
    assert!(unit.is_outstanding());
    assert!(!unit.is_overdue(at(60_000)), "a minute: expected, not late");
    assert!(!unit.is_overdue(at(OVERDUE_AFTER_MS)));
    assert!(unit.is_overdue(at(OVERDUE_AFTER_MS + 1)));
    let received = Movement {
        state: MovementState::Received,
        ..unit
    };
    assert!(!received.is_overdue(at(30 * OVERDUE_AFTER_MS)), "arrived");
}

#[test]
fn an_upload_keeps_the_name_it_was_picked_with_made_acceptable() {
    use afterloop_domain::flow::info::{check_upload, upload_name, AttachmentKind};
    assert_eq!(upload_name("fault.jpg", "photo.jpg"), "fault.jpg");
    assert_eq!(
        upload_name("逆变器 故障.JPG", "photo.jpg"),
        "逆变器 故障.JPG"
    );
    assert_eq!(
        upload_name("C:\\fakepath\\IMG_0042.heic", "photo.jpg"),
        "IMG_0042.heic"
    );
    assert_eq!(upload_name("../../etc/passwd", "photo.jpg"), "passwd");
    assert_eq!(upload_name(".hidden..jpg", "photo.jpg"), "hidden.jpg");
    assert_eq!(
        upload_name("evil\u{202e}gpj.exe", "photo.jpg"),
        "evilgpj.exe"
    );
    assert_eq!(upload_name("\u{200b}\u{200b}", "photo.jpg"), "photo.jpg");
    assert_eq!(upload_name("", "photo.jpg"), "photo.jpg");
    let long = "a".repeat(300) + ".jpg";
    assert_eq!(upload_name(&long, "photo.jpg").chars().count(), 100);
    for picked in ["fault.jpg", "../x", ".a", &long, "a\u{0}b.png", " . .jpg"] {
        let name = upload_name(picked, "photo.jpg");
        assert!(
            check_upload(AttachmentKind::Photo, &name, "image/jpeg", 10).is_ok(),
            "{picked:?} -> {name:?}"
        );
    }
}
/// A repair dispatched to wu.gang, who is on site: what a phone records.
fn on_site() -> Given {
    let case = NewCase::parse(&staff_intake("repair", "2026-01-10", None), today()).unwrap();
    let g = Given::opened(case, &staff());
    let from = g.now();
    g.then_ok(
        &staff(),
        Command::Dispatch {
            technician: UserId::parse("wu.gang").unwrap(),
            from,
            to: from.plus_millis(3 * HOUR),
        },
    )
}

fn diagnose() -> Command {
    Command::Diagnose {
        root_cause: RootCause::ComponentFailure,
        failed_part: Some("IGBT module".into()),
        resolution: "Replaced the IGBT module.".into(),
    }
}

#[test]
fn a_diagnosis_recorded_offline_keeps_the_time_it_was_made_not_the_time_it_arrived() {
    let g = on_site();
    let made = g.now();
    // Sent four hours later, when the phone found a signal.
    let arrived = made.plus_millis(4 * HOUR);
    let (changes, recorded) = decide_recorded(
        &g.case(),
        &tech(),
        &diagnose(),
        arrived,
        Some(made),
        &g.policy,
    )
    .unwrap();
    assert_eq!(recorded, Some(made), "the event keeps the phone's time");
    match &changes[..] {
        [Change::Diagnosed(d)] => assert_eq!(d.at, made, "the diagnosis is dated when it was made"),
        other => panic!("{other:?}"),
    }
    // A part used offline is consumed when it was used.
    let part = Command::UsePart {
        item: "FAN-80".into(),
        serial: None,
        quantity: None,
    };
    let (changes, _) =
        decide_recorded(&g.case(), &tech(), &part, arrived, Some(made), &g.policy).unwrap();
    match &changes[..] {
        [Change::MovementRecorded(m)] => {
            assert!(
                m.history.iter().all(|(_, at)| *at == made),
                "{:?}",
                m.history
            )
        }
        other => panic!("{other:?}"),
    }
    // Without a recorded time nothing changes: the server's clock dates it.
    let (changes, recorded) =
        decide_recorded(&g.case(), &tech(), &diagnose(), arrived, None, &g.policy).unwrap();
    assert_eq!(recorded, None);
    assert!(matches!(&changes[..], [Change::Diagnosed(d)] if d.at == arrived));
}

#[test]
fn a_recorded_time_is_not_before_the_case_opened_nor_ahead_of_the_server_beyond_a_phones_skew() {
    let g = on_site();
    let now = g.now();
    let opened = g.case().created_at;
    let ask = |at: i64| {
        decide_recorded(
            &g.case(),
            &tech(),
            &diagnose(),
            now,
            Some(Timestamp::from_millis(at)),
            &g.policy,
        )
    };
    for (at, code) in [
        (opened.millis() - 1, "too_early"),
        (opened.millis() - 30 * 24 * HOUR, "too_early"),
        (now.millis() + CLOCK_SKEW_MS + 1, "in_future"),
        (now.millis() + 24 * HOUR, "in_future"),
    ] {
        match ask(at) {
            Err(CaseError::Invalid(v)) => {
                assert_eq!(fields(&v), [("recorded_at", code)], "{at}")
            }
            other => panic!("{at}: {other:?}"),
        }
    }
    // The opening instant itself, and now, are fine; a phone a little
    // ahead is taken as now, never later than the server.
    assert_eq!(ask(opened.millis()).unwrap().1, Some(opened));
    assert_eq!(ask(now.millis()).unwrap().1, Some(now));
    assert_eq!(ask(now.millis() + CLOCK_SKEW_MS).unwrap().1, Some(now));
    // Permission is judged first: a stranger learns nothing about the time rule.
    let stranger = actor("sun.hao", Role::Technician);
    assert!(matches!(
        decide_recorded(
            &g.case(),
            &stranger,
            &diagnose(),
            now,
            Some(Timestamp::from_millis(0)),
            &g.policy
        ),
        Err(CaseError::Forbidden { .. })
    ));
}

#[test]
fn the_recorded_time_reads_back_from_the_stored_event_and_old_events_without_it_still_read() {
    let mut g = on_site();
    let made = g.now();
    g.push(&tech(), diagnose_change(made));
    let last = g.events.last_mut().unwrap();
    last.recorded_at = Some(made.plus_millis(-HOUR));
    let json = serde_json::to_string(&*last).unwrap();
    assert!(json.contains("\"recorded_at\""), "{json}");
    let back: Event = serde_json::from_str(&json).unwrap();
    assert_eq!(back.happened_at(), made.plus_millis(-HOUR));
    // An event stored before the field existed reads as recorded by the server.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("recorded_at");
    let old: Event = serde_json::from_value(old).unwrap();
    assert_eq!(old.recorded_at, None);
    assert_eq!(old.happened_at(), old.at);
}

fn diagnose_change(at: Timestamp) -> Change {
    Change::Diagnosed(afterloop_domain::flow::info::Diagnosis {
        root_cause: RootCause::ComponentFailure,
        failed_part: None,
        resolution: "Replaced the fan.".into(),
        by: UserId::parse("wu.gang").unwrap(),
        at,
    })
}
