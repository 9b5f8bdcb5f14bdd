//! The OpenAPI schemas against serde: sample values of every wire type are
//! serialized with serde_json and validated (JSON Schema 2020-12, formats
//! checked) against the component schemas `utoipa` generates, so a schema
//! that drifts from what serde emits fails here. A second, strict pass
//! forbids every key the schema does not declare, and a few values serde
//! refuses must be refused by the schemas too.
#![cfg(feature = "openapi")]

use std::collections::BTreeSet;

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{open, Change, Command, Event, Policy, Stamp};
use afterloop_domain::case::{RefundStage, RepairStage, ReturnStage, Status, Warranty};
use afterloop_domain::flow::goods::{Direction, Movement, MovementKind, MovementState};
use afterloop_domain::flow::info::{
    Attachment, AttachmentKind, Diagnosis, Dispatch, RootCause, Visibility,
};
use afterloop_domain::flow::money::{EntryKind, EntryState, MoneyDirection, MoneyEntry, Step};
use afterloop_domain::flow::notify::{Notification, Recipient, Topic};
use afterloop_domain::openapi::SerdeRules;
use afterloop_domain::report::{
    self, AgeBucket, Aggregates, Awaiting, BacklogRow, BatchCost, ChannelRow, CustomersReport,
    FailureRate, Figure, FigureValue, FirstTimeFix, GoodsReport, InspectionRow, KeyFigure,
    MoneyFlowRow, MoneyReport, OutstandingRow, Pareto, ParetoBar, PartCount, PayoutRow, PendingRow,
    QualityReport, RecurrenceRow, RequestRow, ResolveTimeRow, ReturnEnding, Score, ScoreBy,
    ScoreRow, ServiceReport, Share, SlaBy, SlaCounts, SlaRow, SlaTrendRow, Summary, Table, Total,
};
use afterloop_domain::sla::{ClockState, Priority, SlaPolicy};
use afterloop_domain::view::{PublicCaseView, PublicEvent, RepCaseView, TechCaseView};
use afterloop_domain::wire::{
    CasePage, CaseSummary, CaseView, CommandRequest, CommandResult, CreateCaseRequest,
    CustomerInput, CustomerWrite, ErrorBody, Health, LoginRequest, LoginResponse, MoneyInput,
    NewRequestReceipt, ProductInput, PublicCustomer, PublicProduct, PublicRequest, PublicTimeline,
    RepCommandResult, TechCommandResult, Timeline, TrackLookup, TrackToken, TrackView, UserInfo,
};
use afterloop_domain::wire::{JobsBundle, OfflineJob};
use afterloop_domain::{
    Case, CaseId, Currency, Date, EventId, FieldError, Money, NewCase, Timestamp, UserId,
};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    components(schemas(
        CaseView,
        CasePage,
        CommandRequest,
        CommandResult,
        CreateCaseRequest,
        PublicRequest,
        CustomerWrite,
        ErrorBody,
        Health,
        LoginRequest,
        LoginResponse,
        NewRequestReceipt,
        Timeline,
        TrackLookup,
        TrackToken,
        TrackView,
        TechCaseView,
        RepCaseView,
        PublicTimeline,
        TechCommandResult,
        RepCommandResult,
        JobsBundle,
        Warranty,
        QualityReport,
        ServiceReport,
        GoodsReport,
        MoneyReport,
        CustomersReport,
        Summary,
        Table,
    )),
    modifiers(&SerdeRules)
)]
struct Doc;

const T0: i64 = 1_795_000_000_000; // 2026-11-18

/// The generated component schemas, and validators over them.
struct Schemas {
    /// `components.schemas` as generated.
    plain: Value,
    /// The same with every undeclared key forbidden.
    strict: Value,
}

impl Schemas {
    fn new() -> Schemas {
        let doc = serde_json::to_value(Doc::openapi()).unwrap();
        let plain = doc["components"]["schemas"].clone();
        let mut members = BTreeSet::new();
        collect_all_of_members(&plain, &mut members);
        let mut strict = plain.clone();
        for (name, schema) in strict.as_object_mut().unwrap() {
            close(schema, &members, !members.contains(name), false);
        }
        Schemas { plain, strict }
    }

    fn validator(components: &Value, name: &str) -> jsonschema::Validator {
        assert!(components.get(name).is_some(), "no component schema {name}");
        let root = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": format!("#/components/schemas/{name}"),
            "components": { "schemas": components },
        });
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
    }

    /// Serializes `value` and checks it against component `name`, plainly and strictly.
    fn check<T: Serialize>(&self, name: &str, value: &T) {
        let json = serde_json::to_value(value).unwrap();
        self.check_json(name, &json);
    }

    fn check_json(&self, name: &str, json: &Value) {
        for (mode, components) in [("plain", &self.plain), ("strict", &self.strict)] {
            let validator = Schemas::validator(components, name);
            let errors: Vec<String> = validator
                .iter_errors(json)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{name} ({mode}) rejects what serde emits:\n{}\n{json:#}",
                errors.join("\n")
            );
        }
    }

    /// The schema accepts `json` (a request serde reads, not one it writes).
    fn accepts(&self, name: &str, json: &Value) {
        let validator = Schemas::validator(&self.plain, name);
        assert!(
            validator.is_valid(json),
            "{name} refuses what serde reads: {json}"
        );
    }

    /// The schema refuses `json` (serde refuses it too; checked by the caller).
    fn refuses(&self, name: &str, json: &Value) {
        let validator = Schemas::validator(&self.plain, name);
        assert!(
            !validator.is_valid(json),
            "{name} accepts what serde refuses: {json}"
        );
    }
}

/// Component names referenced directly as an `allOf` member (`CaseView`
/// flattens `Case`; `Change`'s newtype variants extend `Dispatch`, …).
fn collect_all_of_members(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(items)) = map.get("allOf") {
                for item in items {
                    if let Some(Value::String(r)) = item.get("$ref") {
                        out.insert(r.rsplit('/').next().unwrap().to_owned());
                    }
                }
            }
            map.values().for_each(|v| collect_all_of_members(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_all_of_members(v, out)),
        _ => {}
    }
}

/// Forbids undeclared keys: `unevaluatedProperties: false` on every object
/// schema (unless it is an `allOf` member, which its parent closes instead),
/// on every `allOf`, and beside every direct `$ref` to an `allOf` member.
fn close(schema: &mut Value, members: &BTreeSet<String>, closable: bool, in_all_of: bool) {
    let Value::Object(map) = schema else {
        return;
    };
    let is_member_ref = map
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| members.contains(r.rsplit('/').next().unwrap()));
    let open_object = map.contains_key("properties") && !map.contains_key("additionalProperties");
    if !in_all_of && ((open_object && closable) || map.contains_key("allOf") || is_member_ref) {
        map.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            ("allOf", Value::Array(items)) => {
                items.iter_mut().for_each(|v| close(v, members, true, true))
            }
            ("properties", Value::Object(props)) => props
                .values_mut()
                .for_each(|v| close(v, members, true, false)),
            (_, Value::Array(items)) => items
                .iter_mut()
                .for_each(|v| close(v, members, true, false)),
            (_, v @ Value::Object(_)) => close(v, members, true, false),
            _ => {}
        }
    }
}

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_millis(T0 + minutes * 60_000)
}
fn user(name: &str) -> UserId {
    UserId::parse(name).unwrap()
}
fn cny(minor: i64) -> Money {
    Money::new(minor, Currency::CNY).unwrap()
}

fn intake() -> NewCase {
    NewCase::parse(
        &CreateCaseRequest {
            kind: "repair".into(),
            title: "Inverter shows fault F07".into(),
            channel: "hotline".into(),
            description: "Stops at noon.\nRestarts at night.".into(),
            customer: CustomerInput {
                name: "Sunny Farm Co.".into(),
                phone: "+86 138 0000 0000".into(),
                email: "ops@sunny.example".into(),
                address: "No. 8 Xinjinqiao Road, Pudong, Shanghai".into(),
                language: "en".into(),
                sales_rep: "emma.sales".into(),
            },
            product: ProductInput {
                model: "SUN-10K-G".into(),
                serial: "SN2405A00123".into(),
                batch: "2405A".into(),
                purchase_date: "2026-01-10".into(),
                order_ref: "SO-88123".into(),
                price_paid: Some(MoneyInput {
                    minor: 1_000_000,
                    currency: "CNY".into(),
                }),
                warranty_months: Some(24),
            },
            ..Default::default()
        },
        afterloop_domain::Date::parse("2026-11-18").unwrap(),
    )
    .unwrap()
}

fn movement() -> Movement {
    Movement {
        id: 1,
        kind: MovementKind::SparePart,
        direction: Direction::StockToSite,
        item: "IGBT module".into(),
        serial: Some("P-77".into()),
        quantity: 2,
        carrier: None,
        tracking: None,
        order_ref: Some("SO-88123".into()),
        cost: Some(cny(12_000)),
        state: MovementState::Authorised,
        history: vec![(MovementState::Authorised, at(7))],
    }
}

fn entry(id: u32, kind: EntryKind, direction: MoneyDirection) -> MoneyEntry {
    MoneyEntry {
        id,
        kind,
        direction,
        amount: cny(50_000),
        reason: "Goodwill".into(),
        state: EntryState::Requested,
        requested: Step {
            by: user("li.na"),
            at: at(9),
        },
        decided: None,
        rejection: None,
        paid: None,
        reference: None,
    }
}

/// One change of every kind, in an order a fold accepts.
fn every_change() -> Vec<Change> {
    vec![
        open(
            CaseId::from_sequence(1001).unwrap(),
            intake(),
            user("li.na"),
            at(0),
            "ab".repeat(16),
        ),
        Change::PurchaseConfirmed {
            purchase_date: Date::from_ymd(2026, 1, 10),
            price_paid: Some(cny(1_000_000)),
            warranty_months: 24,
            warranty: Warranty::InWarranty {
                until: Date::from_ymd(2028, 1, 9).unwrap(),
            },
        },
        Change::Moved {
            from: Status::Repair(RepairStage::New),
            to: Status::Repair(RepairStage::Triaged),
            note: Some("Checked the warranty.".into()),
        },
        Change::Moved {
            from: Status::Repair(RepairStage::Triaged),
            to: Status::Repair(RepairStage::Scheduled),
            note: None,
        },
        Change::NoteAdded {
            text: "Called the customer.".into(),
            visibility: Visibility::Internal,
        },
        Change::OwnerAssigned {
            owner: user("zhao.lei"),
        },
        Change::Dispatched(Dispatch {
            technician: user("wu.gang"),
            from: at(600),
            to: at(720),
        }),
        Change::Held {
            reason: "Waiting for photos.".into(),
        },
        Change::Resumed,
        Change::MovementRecorded(movement()),
        Change::MovementAdvanced {
            movement: 1,
            to: MovementState::Shipped,
            carrier: Some("SF Express".into()),
            tracking: Some("SF123".into()),
        },
        Change::MovementAdvanced {
            movement: 1,
            to: MovementState::Consumed,
            carrier: None,
            tracking: None,
        },
        Change::MoneyRequested(entry(1, EntryKind::Refund, MoneyDirection::ToCustomer)),
        Change::MoneyApproved { entry: 1 },
        Change::MoneyPaid {
            entry: 1,
            reference: "BANK-1".into(),
        },
        Change::MoneyRequested(entry(
            2,
            EntryKind::RepairCharge,
            MoneyDirection::FromCustomer,
        )),
        Change::MoneyRejected {
            entry: 2,
            reason: "In warranty.".into(),
        },
        Change::MoneyRequested(entry(
            3,
            EntryKind::PriceDifference,
            MoneyDirection::ToCustomer,
        )),
        Change::Diagnosed(Diagnosis {
            root_cause: RootCause::ComponentFailure,
            failed_part: Some("IGBT module".into()),
            resolution: "Replaced the module.".into(),
            by: user("wu.gang"),
            at: at(700),
        }),
        Change::Diagnosed(Diagnosis {
            root_cause: RootCause::NoFaultFound,
            failed_part: None,
            resolution: "Nothing wrong.".into(),
            by: user("wu.gang"),
            at: at(701),
        }),
        Change::PriorityChanged {
            priority: Priority::Urgent,
        },
        Change::Attached(Attachment {
            id: 1,
            kind: AttachmentKind::Photo,
            name: "unit.jpg".into(),
            content_type: "image/jpeg".into(),
            size: 123_456,
            blob: "upload-0001".into(),
            public: true,
            movement: Some(afterloop_domain::MovementNo::new(1)),
        }),
        Change::CheckedIn {
            at: Timestamp::from_millis(1_795_000_000_000),
            location: Some(afterloop_domain::flow::info::GeoPoint {
                lat_e6: 31_230_400,
                lon_e6: 121_473_700,
                accuracy_m: Some(12),
            }),
        },
        Change::CheckedOut {
            at: Timestamp::from_millis(1_795_000_600_000),
            location: None,
        },
        Change::Moved {
            from: Status::Repair(RepairStage::Scheduled),
            to: Status::Repair(RepairStage::InRepair),
            note: None,
        },
        Change::Moved {
            from: Status::Repair(RepairStage::InRepair),
            to: Status::Repair(RepairStage::Resolved),
            note: None,
        },
        Change::NotificationsSent {
            ids: vec!["1".into(), "1-rep".into()],
        },
        Change::Moved {
            from: Status::Repair(RepairStage::Resolved),
            to: Status::Repair(RepairStage::Closed),
            note: None,
        },
        Change::NotificationsGaveUp {
            ids: vec!["28".into()],
            attempts: 10,
        },
        Change::SurveyAnswered {
            score: 5,
            comment: "Fast.".into(),
        },
        Change::Held {
            reason: "Waiting for the signature.".into(),
        },
    ]
}

fn events() -> Vec<Event> {
    every_change()
        .into_iter()
        .enumerate()
        .map(|(i, change)| {
            let seq = i as u32 + 1;
            let (user, role) = match change {
                Change::SurveyAnswered { .. } => (user("customer"), Role::Customer),
                _ => (user("li.na"), Role::Staff),
            };
            let id = EventId::parse(&format!("event-{seq:04}")).unwrap();
            Stamp::write(id, &Actor { user, role }, at(i64::from(seq)))
                .recorded_at(seq.is_multiple_of(2).then(|| at(i64::from(seq) - 1)))
                .event(seq, change)
        })
        .collect()
}

fn full_case() -> Case {
    let case = Case::replay(&events()).unwrap();
    assert!(!case.goods.is_empty() && case.money.len() == 3);
    assert!(!case.attachments.is_empty() && !case.outbox.is_empty());
    assert!(case.hold.is_some() && case.dispatch.is_some() && case.survey.is_some());
    assert!(case
        .outbox
        .iter()
        .any(|n| matches!(n.to, Recipient::SalesRep(_))));
    assert!(case.outbox.iter().any(|n| n.sent_at.is_some()));
    assert!(case.outbox.iter().any(|n| n.gave_up_at.is_some()));
    case
}

fn every_command() -> Vec<Command> {
    vec![
        Command::Move {
            to: Status::Return(ReturnStage::Authorised),
            note: Some("RMA issued.".into()),
        },
        Command::Move {
            to: Status::Refund(RefundStage::Approved),
            note: None,
        },
        Command::AddNote {
            text: "Called back.".into(),
            visibility: Visibility::Public,
        },
        Command::Assign {
            owner: user("zhao.lei"),
        },
        Command::Dispatch {
            technician: user("wu.gang"),
            from: at(60),
            to: at(120),
        },
        Command::Hold {
            reason: "Waiting for photos.".into(),
        },
        Command::ConfirmPurchase {
            purchase_date: Date::from_ymd(2026, 1, 10),
            price_paid: Some(cny(1_000_000)),
            warranty_months: Some(60),
        },
        Command::Resume,
        Command::RecordMovement {
            kind: MovementKind::DefectiveUnit,
            direction: Direction::CustomerToCompany,
            item: "SUN-10K-G".into(),
            serial: Some("SN1".into()),
            quantity: Some(1),
            carrier: Some("SF Express".into()),
            tracking: None,
            order_ref: None,
            cost: Some(cny(100)),
        },
        Command::AdvanceMovement {
            movement: 1,
            to: MovementState::Received,
            carrier: None,
            tracking: Some("SF1".into()),
        },
        Command::RequestMoney {
            kind: EntryKind::CreditNote,
            direction: None,
            amount: Money::new(5_000, Currency::parse("JPY").unwrap()).unwrap(),
            reason: "Late".into(),
        },
        Command::ApproveMoney { entry: 1 },
        Command::RejectMoney {
            entry: 1,
            reason: "No".into(),
        },
        Command::PayMoney {
            entry: 1,
            reference: "BANK-2".into(),
        },
        Command::Diagnose {
            root_cause: RootCause::Firmware,
            failed_part: None,
            resolution: "Updated firmware.".into(),
        },
        Command::SetPriority {
            priority: Priority::Low,
        },
        Command::Attach {
            kind: AttachmentKind::Signature,
            name: "sign.png".into(),
            content_type: "image/png".into(),
            size: 2048,
            blob: "upload-0002".into(),
            movement: None,
        },
        Command::AnswerSurvey {
            score: 4,
            comment: String::new(),
        },
    ]
}

fn view(case: Case) -> CaseView {
    CaseView::of(case, at(2000), &Policy::default().sla)
}

#[test]
fn every_change_and_event_matches_its_schema() {
    let s = Schemas::new();
    let events = events();
    let names: BTreeSet<String> = events
        .iter()
        .map(|e| serde_json::to_value(&e.change).unwrap()["type"].to_string())
        .collect();
    assert_eq!(
        names.len(),
        22,
        "every Change variant is sampled: {names:?}"
    );
    for event in &events {
        s.check("Change", &event.change);
        s.check("Event", event);
    }
    s.check("Timeline", &Timeline { events });
}

#[test]
fn cases_and_views_match_their_schemas() {
    let s = Schemas::new();
    let full = full_case();
    s.check("Case", &full);
    let opened = Case::replay(&events()[..1]).unwrap();
    assert!(opened.dispatch.is_none() && opened.diagnosis.is_none());
    s.check("Case", &opened);
    let staff_view = view(full.clone());
    assert!(staff_view.balance.is_some() && !staff_view.sla.is_empty());
    s.check("CaseView", &staff_view);
    s.check("CaseView", &view(opened.clone()));
    // A public request: the customer's stated price and date, marked so.
    let stated = NewCase::parse_public(
        &PublicRequest {
            kind: "return".into(),
            title: "Wrong colour".into(),
            description: "The panel frame is black, I ordered silver.".into(),
            customer: PublicCustomer {
                name: "Li Hua".into(),
                email: "li.hua@example.cn".into(),
                ..Default::default()
            },
            product: PublicProduct {
                model: "PV-450M".into(),
                purchase_date: "2026-10-01".into(),
                stated_price: Some(MoneyInput {
                    minor: 98_000,
                    currency: "CNY".into(),
                }),
                ..Default::default()
            },
        },
        Date::from_ymd(2026, 11, 18).unwrap(),
    )
    .unwrap();
    let customer = Actor {
        user: user("customer"),
        role: Role::Customer,
    };
    let opening =
        Stamp::write(EventId::parse("open-AL-1002").unwrap(), &customer, at(0)).opening(open(
            CaseId::from_sequence(1002).unwrap(),
            stated,
            user("service.desk"),
            at(0),
            "cd".repeat(16),
        ));
    let stated = Case::replay(&[opening]).unwrap();
    assert!(stated.product.stated_price.is_some() && stated.product.price_paid.is_none());
    s.check("Case", &stated);
    s.check("CaseView", &view(stated.clone()));
    s.check(
        "TechCaseView",
        &TechCaseView::of(&stated, at(9), &SlaPolicy::default_china()),
    );
    let mut no_price = opened.clone();
    no_price.product.price_paid = None;
    no_price.product.purchase_date = None;
    let no_price = view(no_price);
    assert!(no_price.balance.is_none());
    s.check("CaseView", &no_price);
    let (now, policy) = (at(9), SlaPolicy::default_china());
    let public_events: Vec<PublicEvent> = events().iter().filter_map(PublicEvent::of).collect();
    s.check(
        "TrackView",
        &TrackView {
            case: PublicCaseView::of(&full, now, &policy),
            events: public_events.clone(),
        },
    );
    s.check("TechCaseView", &TechCaseView::of(&full, now, &policy));
    s.check("RepCaseView", &RepCaseView::of(&full, now, &policy));
    s.check(
        "PublicTimeline",
        &PublicTimeline {
            events: public_events.clone(),
        },
    );
    s.check(
        "TechCommandResult",
        &TechCommandResult {
            case: TechCaseView::of(&opened, now, &policy),
            events: events().iter().filter_map(Event::for_technician).collect(),
            applied: true,
        },
    );
    s.check(
        "JobsBundle",
        &JobsBundle {
            jobs: vec![OfflineJob {
                case: TechCaseView::of(&full, now, &policy),
                events: events().iter().filter_map(Event::for_technician).collect(),
                earlier: vec![CaseSummary::of(&opened)],
            }],
        },
    );
    s.check(
        "RepCommandResult",
        &RepCommandResult {
            case: RepCaseView::of(&opened, now, &policy),
            events: public_events,
            applied: false,
        },
    );
    s.check(
        "CommandResult",
        &CommandResult {
            case: staff_view,
            events: events()[1..3].to_vec(),
            applied: true,
        },
    );
    let mut row = CaseSummary::of(&full);
    s.check("CaseSummary", &row);
    row.item = Some(afterloop_domain::wire::RowItem::Entry {
        id: 1,
        kind: afterloop_domain::flow::money::EntryKind::Refund,
        direction: afterloop_domain::flow::money::MoneyDirection::ToCustomer,
    });
    row.amount = Some(cny(-5));
    row.since = Some(at(3));
    s.check(
        "CasePage",
        &CasePage {
            items: vec![row, CaseSummary::of(&opened)],
            cursor: Some("c1".into()),
        },
    );
    s.check(
        "CasePage",
        &CasePage {
            items: vec![],
            cursor: None,
        },
    );
}

#[test]
fn every_command_matches_its_schema_and_reads_back() {
    let s = Schemas::new();
    let commands = every_command();
    let names: BTreeSet<String> = commands
        .iter()
        .map(|c| serde_json::to_value(c).unwrap()["type"].to_string())
        .collect();
    assert_eq!(names.len(), 17, "every Command variant is sampled");
    for command in commands {
        s.check("Command", &command);
        let request = CommandRequest {
            event_id: EventId::parse("0b7d3c1e-6a2f-4a57-9d0e-2f5e4e0c9a11").unwrap(),
            command,
            recorded_at: Some(Timestamp::from_millis(1_795_000_000_000)),
        };
        s.check("CommandRequest", &request);
    }
    // Optional fields may be left out, as serde's defaults allow; a unit
    // variant takes other keys (serde ignores them there).
    for minimal in [
        json!({"type": "resume", "extra": 1}),
        json!({"type": "move", "to": {"refund": "paid"}}),
        json!({"type": "record_movement", "kind": "spare_part", "direction": "stock_to_site", "item": "fan"}),
        json!({"type": "answer_survey", "score": 3}),
        json!({"type": "confirm_purchase"}),
    ] {
        s.accepts("Command", &minimal);
        serde_json::from_value::<Command>(minimal).unwrap();
    }
}

#[test]
fn other_wire_types_match_their_schemas() {
    let s = Schemas::new();
    s.check(
        "ErrorBody",
        &ErrorBody::from(afterloop_domain::ValidationError {
            fields: vec![FieldError::new("title", "too_short", "Too short.")],
        }),
    );
    s.check("ErrorBody", &ErrorBody::new("not_found", "No case."));
    s.check("CreateCaseRequest", &CreateCaseRequest::default());
    s.check("PublicRequest", &PublicRequest::default());
    s.accepts("PublicRequest", &json!({}));
    serde_json::from_value::<PublicRequest>(json!({})).unwrap();
    // The public form takes no internal field: serde and the schema refuse them.
    for internal in [
        json!({"priority": "urgent"}),
        json!({"channel": "hotline"}),
        json!({"customer": {"sales_rep": "emma.sales"}}),
        json!({"product": {"warranty_months": 240}}),
        json!({"product": {"price_paid": {"minor": 1, "currency": "CNY"}}}),
        json!({"product": {"batch": "2409B"}}),
    ] {
        assert!(serde_json::from_value::<PublicRequest>(internal.clone()).is_err());
        s.refuses("PublicRequest", &internal);
    }
    s.accepts("CreateCaseRequest", &json!({}));
    serde_json::from_value::<CreateCaseRequest>(json!({})).unwrap();
    s.check(
        "Health",
        &Health {
            status: "ok".into(),
            version: "0.1.0".into(),
        },
    );
    s.check("LoginRequest", &LoginRequest::default());
    let info = UserInfo {
        name: user("li.na"),
        display_name: "李娜 Li Na".into(),
        role: Role::SalesRep,
        language: afterloop_domain::case::Language::ZhCn,
    };
    s.check("UserInfo", &info);
    s.check(
        "LoginResponse",
        &LoginResponse {
            token: "ab".repeat(32),
            expires_at: at(720),
            user: info,
        },
    );
    s.check("TrackLookup", &TrackLookup::default());
    s.check("TrackToken", &TrackToken { token: "t".into() });
    s.check(
        "NewRequestReceipt",
        &NewRequestReceipt {
            id: CaseId::from_sequence(4_294_967_295).unwrap(),
            token: "t".into(),
            next: afterloop_domain::view::NextStep::Answer {
                by: afterloop_domain::view::LocalTime {
                    date: afterloop_domain::Date::parse("2026-12-02").unwrap(),
                    minute: 958,
                },
            },
        },
    );
    for write in [
        CustomerWrite {
            event_id: EventId::parse("survey-0001").unwrap(),
            text: "Thanks".into(),
            score: Some(5),
        },
        CustomerWrite {
            event_id: EventId::parse("message-0001").unwrap(),
            text: String::new(),
            score: None,
        },
    ] {
        s.check("CustomerWrite", &write);
    }
    for status in [
        Status::Repair(RepairStage::AwaitingUnit),
        Status::Return(ReturnStage::InTransit),
        Status::Refund(RefundStage::Closed),
    ] {
        s.check("Status", &status);
    }
    for warranty in [
        Warranty::InWarranty {
            until: Date::from_ymd(2028, 1, 9).unwrap(),
        },
        Warranty::Expired {
            ended: Date::from_ymd(2020, 2, 29).unwrap(),
        },
        Warranty::Unknown,
    ] {
        s.check("Warranty", &warranty);
    }
    for state in [
        ClockState::OnTrack { remaining_ms: 5 },
        ClockState::AtRisk { remaining_ms: 0 },
        ClockState::Breached { overdue_ms: 9 },
        ClockState::Paused { remaining_ms: 1 },
        ClockState::Met { on_time: false },
    ] {
        s.check("ClockState", &state);
    }
    for to in [Recipient::Customer, Recipient::SalesRep(user("emma.sales"))] {
        s.check(
            "Notification",
            &Notification {
                id: "3-rep".into(),
                to,
                topic: Topic::RefundPaid,
                language: afterloop_domain::case::Language::En,
                text: "Paid.".into(),
                sent_at: None,
                gave_up_at: None,
            },
        );
    }
}

#[test]
fn what_serde_refuses_the_schemas_refuse() {
    let s = Schemas::new();
    let cases = [
        (
            "Command",
            json!({"type": "hold", "reason": "r", "extra": 1}),
        ),
        ("Command", json!({"type": "teleport"})),
        ("Command", json!({"type": "answer_survey", "score": 256})),
        ("Command", json!({"type": "approve_money", "entry": -1})),
        ("Status", json!({"repair": "new", "refund": "paid"})),
        ("Status", json!({"repair": "paid"})),
        ("Status", json!("new")),
        ("Money", json!({"minor": 1, "currency": "CNY", "x": 0})),
        ("Money", json!({"minor": 1, "currency": "XXX"})),
        (
            "Money",
            json!({"minor": 10_000_000_000_001_i64, "currency": "CNY"}),
        ),
        ("Money", json!({"minor": 1})),
        ("CaseId", json!("1001")),
        ("UserId", json!("Li Na")),
        ("EventId", json!("short")),
        ("Date", json!("2026-13-01")),
        ("Timestamp", json!("1795000000000")),
        ("Language", json!("zh")),
        (
            "CommandRequest",
            json!({"event_id": "event-0001", "command": {"type": "resume"}, "x": 1}),
        ),
        (
            "CustomerWrite",
            json!({"event_id": "event-0001", "score": 300}),
        ),
        (
            "Movement",
            json!({"id": 1, "kind": "spare_part", "direction": "stock_to_site", "item": "x",
                   "quantity": 1, "state": "shipped", "history": [["shipped", 1, 2]]}),
        ),
        (
            "Movement",
            json!({"id": 1, "kind": "spare_part", "direction": "stock_to_site", "item": "x",
                   "quantity": 1, "state": "shipped", "history": [["shipped"]]}),
        ),
    ];
    for (name, json) in cases {
        s.refuses(name, &json);
        let serde_refuses = match name {
            "Command" => serde_json::from_value::<Command>(json.clone()).is_err(),
            "Status" => serde_json::from_value::<Status>(json.clone()).is_err(),
            "Money" => serde_json::from_value::<Money>(json.clone()).is_err(),
            "CaseId" => serde_json::from_value::<CaseId>(json.clone()).is_err(),
            "UserId" => serde_json::from_value::<UserId>(json.clone()).is_err(),
            "EventId" => serde_json::from_value::<EventId>(json.clone()).is_err(),
            "Date" => serde_json::from_value::<Date>(json.clone()).is_err(),
            "Timestamp" => serde_json::from_value::<Timestamp>(json.clone()).is_err(),
            "Language" => {
                serde_json::from_value::<afterloop_domain::case::Language>(json.clone()).is_err()
            }
            "CommandRequest" => serde_json::from_value::<CommandRequest>(json.clone()).is_err(),
            "CustomerWrite" => serde_json::from_value::<CustomerWrite>(json.clone()).is_err(),
            "Movement" => serde_json::from_value::<Movement>(json.clone()).is_err(),
            other => unreachable!("{other}"),
        };
        assert!(serde_refuses, "serde accepts {name} {json}");
    }
}

#[test]
fn hand_written_schemas_say_what_the_brief_says() {
    let s = Schemas::new();
    let c = &s.plain;
    assert_eq!(c["CaseId"]["pattern"], "^[Aa][Ll]-[0-9]{1,10}$");
    assert_eq!(c["UserId"]["pattern"], "^[a-z0-9._-]{2,32}$");
    assert_eq!(c["EventId"]["pattern"], "^[A-Za-z0-9:._-]{8,80}$");
    assert_eq!(c["Title"]["minLength"], 3);
    assert_eq!(c["Title"]["maxLength"], 120);
    assert_eq!(c["Date"]["format"], "date");
    assert_eq!(c["Timestamp"]["type"], "integer");
    assert_eq!(c["Timestamp"]["format"], "int64");
    assert_eq!(c["Currency"]["enum"].as_array().unwrap().len(), 15);
    assert_eq!(c["Money"]["required"], json!(["minor", "currency"]));
    assert_eq!(c["Money"]["additionalProperties"], json!(false));
    let survey = &c["Survey"]["properties"]["score"];
    assert_eq!(
        (&survey["minimum"], &survey["maximum"]),
        (&json!(0), &json!(255))
    );
    assert_eq!(c["Event"]["properties"]["seq"]["maximum"], json!(u32::MAX));
    let text = serde_json::to_string(&Doc::openapi()).unwrap();
    assert!(
        !text.contains("u-int"),
        "non-standard integer formats are rewritten"
    );
    for code in c["Currency"]["enum"].as_array().unwrap() {
        assert!(Currency::parse(code.as_str().unwrap()).is_ok(), "{code}");
    }
}

#[test]
fn report_wire_types_match_their_schemas() {
    let s = Schemas::new();
    let period = report::Period {
        from: Date::from_ymd(2026, 11, 1).unwrap(),
        to: Date::from_ymd(2026, 11, 30).unwrap(),
    };
    let share = Share::new(1, 3);

    // Reports computed from a case, and from nothing.
    let manager = afterloop_domain::access::Actor {
        user: user("chen.jie"),
        role: Role::Manager,
    };
    let scope = report::Scope::for_actor(&manager).unwrap();
    let case = full_case();
    for agg in [
        Aggregates::default(),
        Aggregates::rebuild(Policy::default().sla, [&case]),
    ] {
        let units = [("2405A".to_owned(), 100)].into();
        let q = report::quality(&scope, &agg, period, &units);
        q.tables().iter().for_each(|t| s.check("Table", t));
        s.check("QualityReport", &q);
        s.check(
            "ServiceReport",
            &report::service(&scope, &agg, period, at(0)),
        );
        s.check("GoodsReport", &report::goods(&scope, &agg, period, at(0)));
        s.check("MoneyReport", &report::money(&scope, &agg, period, at(0)));
        s.check("CustomersReport", &report::customers(&scope, &agg, period));
        s.check("Summary", &report::summary(&scope, &agg, period, at(0)));
    }

    // Every variant and optional field, by hand.
    s.check(
        "QualityReport",
        &QualityReport {
            period,
            pareto_by_model: vec![Pareto {
                model: "SUN-10K-G".into(),
                batch: Some("2405A".into()),
                diagnosed: 3,
                undiagnosed: 1,
                bars: vec![ParetoBar {
                    root_cause: RootCause::Firmware,
                    cases: 1,
                    share,
                    cumulative: share,
                }],
            }],
            pareto_by_batch: vec![],
            failure_rates: vec![
                FailureRate {
                    batch: "2405A".into(),
                    cases: 1,
                    units_sold: Some(3),
                    rate: Some(share),
                },
                FailureRate {
                    batch: "2405B".into(),
                    cases: 1,
                    units_sold: None,
                    rate: None,
                },
            ],
            recurrence: vec![RecurrenceRow {
                model: "SUN-10K-G".into(),
                root_cause: None,
                resolved: 3,
                within_30_days: share,
                within_90_days: share,
            }],
            first_time_fix: vec![FirstTimeFix {
                model: "SUN-10K-G".into(),
                rate: share,
            }],
            top_parts: vec![PartCount {
                model: "SUN-10K-G".into(),
                part: "IGBT module".into(),
                cases: 2,
            }],
            batch_costs: vec![BatchCost {
                model: "SUN-10K-G".into(),
                batch: Some("2405A".into()),
                paid_out: Money::new(300_000, Currency::CNY).unwrap(),
                payouts: 1,
                charged: Money::new(50_000, Currency::CNY).unwrap(),
                net: Money::new(250_000, Currency::CNY).unwrap(),
            }],
        },
    );
    let counts = SlaCounts {
        on_time: 1,
        late: 1,
        overdue: 1,
        compliance: share,
    };
    s.check(
        "ServiceReport",
        &ServiceReport {
            period,
            as_of: at(0),
            sla: [
                SlaBy::All,
                SlaBy::Kind(afterloop_domain::CaseKind::Repair),
                SlaBy::Region(afterloop_domain::sla::RegionClass::ProvincialCapital),
                SlaBy::Technician(user("wu.tech")),
                SlaBy::NoTechnician,
            ]
            .into_iter()
            .map(|by| SlaRow {
                metric: afterloop_domain::sla::Metric::OnSite,
                by,
                counts,
            })
            .collect(),
            sla_trend: vec![SlaTrendRow {
                part: period,
                metric: afterloop_domain::sla::Metric::Resolution,
                counts,
                due_ahead: 2,
            }],
            time_to_resolve: vec![ResolveTimeRow {
                kind: None,
                resolved: 2,
                mean_ms: Some(5),
                p90_ms: None,
            }],
            backlog: vec![BacklogRow {
                kind: afterloop_domain::CaseKind::Return,
                age: AgeBucket::Over30Days,
                cases: 1,
            }],
        },
    );
    s.check(
        "GoodsReport",
        &GoodsReport {
            period,
            as_of: at(0),
            outstanding: vec![
                OutstandingRow {
                    model: "SUN-5K-S".into(),
                    age: AgeBucket::Days3To7,
                    units: 2,
                    value: Some(cny(100)),
                },
                OutstandingRow {
                    model: "SUN-5K-S".into(),
                    age: AgeBucket::Days0To2,
                    units: 1,
                    value: None,
                },
            ],
            inspections: vec![InspectionRow {
                model: "SUN-5K-S".into(),
                root_cause: Some(RootCause::Misuse),
                ending: Some(ReturnEnding::Pending),
                units: 1,
            }],
        },
    );
    let total = Total {
        entries: 1,
        amount: cny(100),
    };
    s.check(
        "MoneyReport",
        &MoneyReport {
            period,
            as_of: at(0),
            flows: vec![MoneyFlowRow {
                kind: EntryKind::CreditNote,
                direction: MoneyDirection::ToCustomer,
                model: "SUN-5K-S".into(),
                currency: Currency::CNY,
                requested: total,
                approved: total,
                rejected: total,
                paid: total,
            }],
            pending: vec![PendingRow {
                awaiting: Awaiting::Payment,
                kind: EntryKind::Refund,
                age: AgeBucket::Days8To14,
                total,
            }],
            payout_vs_paid: vec![PayoutRow {
                model: "SUN-5K-S".into(),
                cases: 2,
                cases_with_payout: 1,
                customer_paid: cny(1000),
                paid_out: cny(100),
                payout_share: Share::new(100, 1000),
            }],
        },
    );
    let score = Score {
        answers: 2,
        mean: Some(4.5),
        distribution: vec![0, 0, 0, 1, 1],
    };
    s.check(
        "CustomersReport",
        &CustomersReport {
            period,
            by_channel: vec![ChannelRow {
                channel: afterloop_domain::case::Channel::WebForm,
                kind: afterloop_domain::CaseKind::Refund,
                cases: 1,
            }],
            satisfaction: [
                ScoreBy::All,
                ScoreBy::Kind(afterloop_domain::CaseKind::Repair),
                ScoreBy::Technician(user("wu.tech")),
                ScoreBy::NoTechnician,
                ScoreBy::Model("SUN-5K-S".into()),
            ]
            .into_iter()
            .map(|by| ScoreRow {
                by,
                score: score.clone(),
            })
            .collect(),
            top_requests: vec![RequestRow {
                kind: afterloop_domain::CaseKind::Repair,
                model: "SUN-5K-S".into(),
                root_cause: None,
                cases: 1,
            }],
        },
    );
    s.check(
        "Summary",
        &Summary {
            period,
            previous_period: period.previous(),
            as_of: at(0),
            figures: [
                FigureValue::Count(1),
                FigureValue::Share(share),
                FigureValue::DurationMs(Some(1)),
                FigureValue::DurationMs(None),
                FigureValue::Score(Some(4.5)),
                FigureValue::Score(None),
                FigureValue::Money(vec![cny(1)]),
            ]
            .into_iter()
            .map(|v| KeyFigure {
                figure: Figure::PaidOut,
                current: v.clone(),
                previous: v,
            })
            .collect(),
        },
    );
}

/// What no customer, sales rep or technician may ever read, planted in a
/// case by the property below.
const TOKEN_MARK: &str = "TOKENMARK0123456789abcdef0123456789abcdef0123456789abcdef012345";
const INTERNAL_MARK: &str = "INTERNAL-MARK note";
const REFERENCE_MARK: &str = "REFERENCE-MARK";
const REJECT_MARK: &str = "REJECT-MARK";
const REASON_MARK: &str = "REASON-MARK";

/// The actors of the property: every role, on and off the case.
fn actors() -> Vec<afterloop_domain::access::Actor> {
    use afterloop_domain::access::Actor;
    [
        ("li.na", Role::Staff),
        ("zhao.lei", Role::Staff),
        ("chen.jie", Role::Manager),
        ("wu.gang", Role::Technician),
        ("sun.hao", Role::Technician),
        ("emma.sales", Role::SalesRep),
        ("other.sales", Role::SalesRep),
        ("customer", Role::Customer),
    ]
    .into_iter()
    .map(|(name, role)| Actor {
        user: user(name),
        role,
    })
    .collect()
}

/// Command number `n` of a menu that reaches every flow, with markers in
/// every internal text; `case` picks moves that exist for its kind.
fn command_from_menu(n: u8, k: u8, case: &Case) -> Command {
    let stages = Status::all(case.kind());
    let entry = u32::from(k % 3) + 1;
    match n % 16 {
        0 => Command::Move {
            to: stages[usize::from(k) % stages.len()],
            note: None,
        },
        1 => Command::AddNote {
            text: INTERNAL_MARK.into(),
            visibility: Visibility::Internal,
        },
        2 => Command::AddNote {
            text: "We are on it.".into(),
            visibility: Visibility::Public,
        },
        3 => Command::Assign {
            owner: user(["li.na", "zhao.lei", "wu.gang"][usize::from(k) % 3]),
        },
        4 => Command::Dispatch {
            technician: user(["wu.gang", "sun.hao"][usize::from(k) % 2]),
            from: at(600),
            to: at(780),
        },
        5 => Command::Hold {
            reason: "Waiting for photos.".into(),
        },
        6 => Command::Resume,
        7 => Command::RecordMovement {
            kind: MovementKind::DefectiveUnit,
            direction: [
                Direction::CustomerToCompany,
                Direction::CompanyToCustomer,
                Direction::StockToSite,
            ][usize::from(k) % 3],
            item: "SUN-10K-G".into(),
            serial: Some("SN1".into()),
            quantity: Some(1),
            carrier: Some("SF Express".into()),
            tracking: None,
            order_ref: Some(REFERENCE_MARK.into()),
            cost: None,
        },
        8 => Command::RequestMoney {
            kind: EntryKind::Refund,
            direction: None,
            amount: cny(1_000 * i64::from(k % 5 + 1)),
            reason: REASON_MARK.into(),
        },
        9 => Command::ApproveMoney { entry },
        10 => Command::RejectMoney {
            entry,
            reason: REJECT_MARK.into(),
        },
        11 => Command::PayMoney {
            entry,
            reference: REFERENCE_MARK.into(),
        },
        12 => Command::Diagnose {
            root_cause: RootCause::Firmware,
            failed_part: None,
            resolution: INTERNAL_MARK.into(),
        },
        13 => Command::SetPriority {
            priority: Priority::High,
        },
        14 => Command::CheckIn {
            at: at(610),
            location: None,
        },
        _ => Command::AnswerSurvey {
            score: k % 5 + 1,
            comment: String::new(),
        },
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Random commands by random actors: every view an actor receives is
    /// exactly its allow-list type (the strict schema refuses any other
    /// field) and carries no planted secret; every accepted write reads
    /// back; a refused command leaves the case as it was.
    #[test]
    fn views_never_carry_a_field_outside_the_readers_type(
        kind in 0u8..3,
        steps in proptest::collection::vec((0usize..8, 0u8..16, 0u8..16), 1..40),
    ) {
        use afterloop_domain::view::Audience;
        use afterloop_domain::CaseKind;
        thread_local!(static STRICT: std::collections::HashMap<&'static str, jsonschema::Validator> = {
            let s = Schemas::new();
            ["CaseView", "TechCaseView", "RepCaseView", "PublicCaseView"]
                .into_iter()
                .map(|name| (name, Schemas::validator(&s.strict, name)))
                .collect()
        });
        let mut new_case = intake();
        new_case.kind = [CaseKind::Repair, CaseKind::Return, CaseKind::Refund][usize::from(kind)];
        let staff = Actor { user: user("li.na"), role: Role::Staff };
        let opened = Stamp::write(EventId::parse("open-AL-1001").unwrap(), &staff, at(0))
            .opening(open(CaseId::parse("AL-1001").unwrap(), new_case, user("li.na"), at(0), TOKEN_MARK.into()));
        let mut case = Case::from_opened(&opened).unwrap();
        let mut log = vec![opened];
        let policy = Policy::default();
        let actors = actors();
        for (i, (who, n, k)) in steps.into_iter().enumerate() {
            let actor = &actors[who];
            let now = at(10 + i as i64 * 30);
            let command = command_from_menu(n, k, &case);
            let before = case.clone();
            match afterloop_domain::case::decide(&case, actor, &command, now, &policy) {
                Ok(changes) => {
                    let id = EventId::parse(&format!("event-{:04}", case.version + 1)).unwrap();
                    log.extend(case.record(&Stamp::write(id, actor, now), changes));
                }
                Err(_) => proptest::prop_assert_eq!(&case, &before, "a refusal changes nothing"),
            }
            // Every accepted write reads back: the snapshot round-trips and
            // the log replays to it.
            let json = serde_json::to_string(&case).unwrap();
            let back: Case = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(&back, &case);
            let replayed = Case::replay(&log);
            proptest::prop_assert_eq!(replayed.as_ref(), Some(&case));
            for reader in &actors {
                let (name, value, secrets): (&str, Value, &[&str]) = match Audience::of(reader) {
                    Audience::Staff => ("CaseView", serde_json::to_value(view(case.clone())).unwrap(), &[]),
                    Audience::Technician => (
                        "TechCaseView",
                        serde_json::to_value(TechCaseView::of(&case, now, &policy.sla)).unwrap(),
                        &[TOKEN_MARK, REJECT_MARK, REASON_MARK],
                    ),
                    Audience::SalesRep => (
                        "RepCaseView",
                        serde_json::to_value(RepCaseView::of(&case, now, &policy.sla)).unwrap(),
                        &[TOKEN_MARK, INTERNAL_MARK, REFERENCE_MARK, REJECT_MARK, REASON_MARK],
                    ),
                    Audience::Customer => (
                        "PublicCaseView",
                        serde_json::to_value(PublicCaseView::of(&case, now, &policy.sla)).unwrap(),
                        &[TOKEN_MARK, INTERNAL_MARK, REFERENCE_MARK, REJECT_MARK, REASON_MARK],
                    ),
                };
                let fault = STRICT.with(|v| v[name].iter_errors(&value).map(|e| format!("{e} at {}", e.instance_path())).next());
                proptest::prop_assert!(fault.is_none(), "{name} carries a field outside its type: {fault:?}");
                let text = value.to_string();
                for secret in secrets {
                    proptest::prop_assert!(!text.contains(secret), "{name} carries {secret}: {text}");
                }
            }
            let public: Vec<PublicEvent> = log.iter().filter_map(PublicEvent::of).collect();
            let text = serde_json::to_string(&public).unwrap();
            for secret in [TOKEN_MARK, INTERNAL_MARK, REFERENCE_MARK, REJECT_MARK, REASON_MARK] {
                proptest::prop_assert!(!text.contains(secret), "the public timeline carries {secret}");
            }
            let tech = serde_json::to_string(
                &log.iter().filter_map(Event::for_technician).collect::<Vec<_>>(),
            )
            .unwrap();
            for secret in [TOKEN_MARK, REJECT_MARK, REASON_MARK] {
                proptest::prop_assert!(!tech.contains(secret), "the technician's timeline carries {secret}");
            }
        }
    }
}
