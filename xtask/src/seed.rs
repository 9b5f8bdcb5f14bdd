//! The demo company's cases, created through the public API with fixed
//! idempotency keys: seeding twice finds them already there and adds nothing.

use std::time::Duration;

use afterloop_domain::wire::CreateCaseRequest;
use afterloop_domain::Case;
use anyhow::{bail, Context, Result};

/// (idempotency key, kind, title) of each demo case.
const DEMO_CASES: &[(&str, &str, &str)] = &[
    (
        "demo-v1-01",
        "repair",
        "Washing machine leaks at the door seal",
    ),
    (
        "demo-v1-02",
        "return",
        "Wrong size ordered: air purifier filter",
    ),
    (
        "demo-v1-03",
        "refund",
        "Price dropped a week after purchase",
    ),
    ("demo-v1-04", "repair", "空调不制冷，外机有异响"),
    ("demo-v1-05", "return", "收到的电饭煲内胆有划痕，要求换货"),
    ("demo-v1-06", "refund", "Installation fee charged twice"),
    (
        "demo-v1-07",
        "repair",
        "Dishwasher shows error E24 after two months",
    ),
];

/// Seeds the demo cases into the server at `url`; says how many were new.
pub fn demo(url: &str) -> Result<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let (mut created, mut existing) = (0, 0);
    for (key, kind, title) in DEMO_CASES {
        let mut resp = agent
            .post(&format!("{url}/api/v1/cases"))
            .header("Idempotency-Key", *key)
            .send_json(CreateCaseRequest {
                kind: (*kind).to_owned(),
                title: (*title).to_owned(),
            })
            .with_context(|| format!("seeding {key} into {url}"))?;
        match resp.status().as_u16() {
            201 => created += 1,
            200 => existing += 1,
            status => bail!(
                "seeding {key}: {status} {}",
                resp.body_mut().read_to_string().unwrap_or_default()
            ),
        }
        let _case: Case = resp.body_mut().read_json()?;
    }
    Ok(format!(
        "Demo company: {created} case(s) seeded, {existing} already there."
    ))
}
