//! Fuzzing the domain's parsing entry points with random input (property
//! tests on stable Rust; cargo-fuzz needs a nightly toolchain this project
//! cannot install): they answer Ok or field errors, and never panic.

use afterloop_domain::flow::info::{check_upload, AttachmentKind};
use afterloop_domain::wire::{
    CommandRequest, CreateCaseRequest, CustomerInput, MoneyInput, ProductInput,
};
use afterloop_domain::{CaseId, Date, EventId, Money, NewCase, UserId};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[\\PC]{0,200}",
        Just("AL-0".to_owned()),
        Just("9999-99-99".to_owned()),
        Just("\u{0}\u{202e}\u{feff}".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("維修".repeat(100)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn intake_parsing_never_panics_and_reports_paths(
        fields in proptest::collection::vec(text(), 16),
        minor in any::<i64>(),
        months in proptest::option::of(any::<u32>()),
    ) {
        let f = |i: usize| fields[i].clone();
        let req = CreateCaseRequest {
            kind: f(0), title: f(1), channel: f(2), description: f(3), priority: f(4), region: f(5),
            customer: CustomerInput { name: f(6), phone: f(7), email: f(8), address: f(3), language: f(9), sales_rep: f(10) },
            product: ProductInput {
                model: f(11), serial: f(12), batch: f(13), purchase_date: f(14), order_ref: f(15),
                price_paid: Some(MoneyInput { minor, currency: f(9) }),
                warranty_months: months,
            },
        };
        if let Err(e) = NewCase::parse(&req, Date::parse("2026-11-18").unwrap()) {
            prop_assert!(!e.fields.is_empty());
            prop_assert!(e.fields.iter().all(|f| !f.field.is_empty() && !f.message.is_empty()));
        }
    }

    #[test]
    fn value_parsers_never_panic(s in text(), n in any::<i64>()) {
        let _ = CaseId::parse(&s);
        let _ = UserId::parse(&s);
        let _ = EventId::parse(&s);
        let _ = Date::parse(&s);
        let _ = afterloop_domain::Currency::parse(&s).map(|c| Money::new(n, c));
        let _ = check_upload(AttachmentKind::Photo, &s, &s, n.unsigned_abs() as usize);
    }

    #[test]
    fn command_bodies_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), s in text()) {
        let _ = serde_json::from_slice::<CommandRequest>(&bytes);
        let json = format!(r#"{{"event_id":"evt-00000001","command":{{"type":"move","to":{s:?}}}}}"#);
        let _ = serde_json::from_str::<CommandRequest>(&json);
    }
}
