//! The case page's action forms, driven through the browser on a desktop:
//! a refund above the staff limit waits for a manager, and a repair goes
//! from intake to closed with nothing but clicks and short forms.

use afterloop_domain::flow::goods::MovementState;
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::EntryState;
use afterloop_domain::sla::Priority;
use afterloop_tests::steps::dispatch;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{now, spawn_app, unique, Who};
use serde_json::json;

use super::{choose, click, load, open_panel, shot, sign_in, signed_in};

/// Ctrl+A then the text: replaces what an input holds.
async fn replace(browser: &Browser, css: &str, text: &str) {
    let e = browser.wait_for(css).await.unwrap();
    browser
        .type_text(&e, &format!("\u{E009}a\u{E000}{text}"))
        .await
        .unwrap();
}

/// Clicks a move button and waits for the stage it moves to.
async fn move_to(browser: &Browser, stage: &str) {
    click(browser, &format!("button.move[data-to={stage}]")).await;
    browser
        .wait_for(&format!(".stage-chip[data-stage={stage}]"))
        .await
        .unwrap();
}

async fn is_disabled(browser: &Browser, css: &str) -> bool {
    browser
        .execute(
            "return document.querySelector(arguments[0]).disabled",
            json!([css]),
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false)
}

/// Says yes in the open money confirmation (`button.{class}`).
async fn confirm(browser: &Browser, class: &str) {
    click(browser, &format!("dialog[open] button.{class}")).await;
}

/// Signs the browser out locally and in again as someone else.
async fn switch_user(browser: &Browser, base: &str, who: Who) {
    browser
        .execute("localStorage.clear(); return true", json!([]))
        .await
        .unwrap();
    sign_in(browser, base, who).await;
}

/// Staff ask for a ¥3,000.00 refund through the money form (after a missing
/// amount and one above what the customer paid are refused beside the
/// form); they cannot approve their own request, another staff member is
/// above their limit, and the manager approves and pays it.
#[tokio::test]
async fn a_refund_above_the_staff_limit_is_approved_and_paid_by_a_manager_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let title = unique("Desktop money: refund for a failed inverter");
    let id = staff.open("refund", &title).await;
    let case_url = format!("{}/cases/{id}", app.base);
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser.goto(&case_url).await.unwrap();

    open_panel(&browser, "money").await;
    choose(&browser, "#act-money-kind", "refund").await;
    click(&browser, "#act-money-submit").await;
    browser
        .wait_for_text("#act-money-amount-error", |t| !t.is_empty())
        .await
        .unwrap();
    browser
        .wait_for_text("#act-money-reason-error", |t| !t.is_empty())
        .await
        .unwrap();

    // More than the customer paid (¥12,800.00): the server's refusal, in
    // words, beside the amount it is about.
    replace(&browser, "#act-money-amount", "20,000").await;
    replace(&browser, "#act-money-reason", "Unit dead on arrival").await;
    click(&browser, "#act-money-submit").await;
    browser
        .wait_for_text("#act-money-amount-error", |t| {
            t.contains("more than the customer paid")
        })
        .await
        .unwrap();

    replace(&browser, "#act-money-amount", "3000.00").await;
    click(&browser, "#act-money-submit").await;
    let approve = "button.approve[data-entry=\"1\"]";
    browser.wait_for(approve).await.unwrap();
    assert!(
        is_disabled(&browser, approve).await,
        "the requester cannot approve"
    );
    browser
        .wait_for_text("#act-approve-1-why", |t| {
            t.contains("You requested it; another approver must decide")
        })
        .await
        .unwrap();
    browser
        .wait_for_text(".flow-money", |t| {
            t.contains("3,000.00") || t.contains("3000.00")
        })
        .await
        .unwrap();
    shot(&browser, "case-money-desktop").await;

    let entry = &staff.case(id).await.case.money[0];
    assert_eq!(entry.amount.minor(), 300_000, "3000.00 yuan in fen");
    assert_eq!(entry.state, EntryState::Requested);

    // Another staff member: not their request, but above the staff limit.
    switch_user(&browser, &app.base, Who::Staff2).await;
    load(&browser, &case_url, approve).await;
    assert!(
        is_disabled(&browser, approve).await,
        "staff cannot approve above their limit"
    );
    browser
        .wait_for_text("#act-approve-1-why", |t| {
            t.contains("Above your approval limit of") && t.contains("2,000.00")
        })
        .await
        .unwrap();
    shot(&browser, "case-money-limit-desktop").await;

    // The manager approves, then pays with a reference.
    switch_user(&browser, &app.base, Who::Manager).await;
    load(&browser, &case_url, approve).await;
    assert!(
        !is_disabled(&browser, approve).await,
        "a manager may approve"
    );
    assert!(
        browser
            .find_all("#act-approve-1-why")
            .await
            .unwrap()
            .is_empty(),
        "no reason is shown when approving is allowed"
    );
    click(&browser, approve).await;
    confirm(&browser, "confirm-approve").await;
    let reference = browser.wait_for("#act-pay-1-reference").await.unwrap();
    browser
        .type_text(&reference, "ICBC-2026-000731")
        .await
        .unwrap();
    click(&browser, "button.pay[data-entry=\"1\"]").await;
    confirm(&browser, "confirm-pay").await;
    browser
        .wait_for_text(".flow-money .money-entry", |t| {
            t.contains("Paid") && t.contains("ICBC-2026-000731")
        })
        .await
        .unwrap();
    assert!(
        browser
            .find_all("button.pay[data-entry=\"1\"]")
            .await
            .unwrap()
            .is_empty(),
        "a paid entry offers no payment"
    );
    shot(&browser, "case-money-paid-desktop").await;

    let entry = &staff.case(id).await.case.money[0];
    assert_eq!(entry.state, EntryState::Paid);
    assert_eq!(
        entry.decided.as_ref().map(|s| s.by.as_ref()),
        Some("chen.jie")
    );
    assert_eq!(entry.reference.as_deref(), Some("ICBC-2026-000731"));
    browser.quit().await;
}

/// Staff take a repair from intake to closed on the case page alone:
/// triage, priority, owner, an internal note and a message to the
/// customer, a hold and resume, the technician's visit, a spare part used,
/// the diagnosis (refused resolving first), resolve and close; the closed
/// case offers to reopen.
#[tokio::test]
async fn a_repair_goes_from_intake_to_closed_through_the_case_page_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let title = unique("Desktop repair: inverter trips at noon");
    let id = staff.open("repair", &title).await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();

    move_to(&browser, "triaged").await;

    open_panel(&browser, "priority").await;
    click(&browser, "button.priority[data-priority=high]").await;
    browser
        .wait_for("button.priority[data-priority=high][aria-pressed=true]")
        .await
        .unwrap();

    open_panel(&browser, "assign").await;
    choose(&browser, "#act-assign-owner", "zhao.lei").await;
    click(&browser, "#act-assign-submit").await;
    // People by their names, not their handles.
    browser
        .wait_for_text(".timeline", |t| t.contains("Assigned to 赵磊 Zhao Lei"))
        .await
        .unwrap();

    let note = unique("Checked the string voltages remotely");
    replace(&browser, "#act-note-text", &note).await;
    click(&browser, "#act-note-internal").await;
    browser
        .wait_for_text(".timeline .event.internal", |t| t.contains(&note))
        .await
        .unwrap();
    let message = unique("We will visit you tomorrow morning");
    replace(&browser, "#act-note-text", &message).await;
    click(&browser, "#act-note-public").await;
    browser
        .wait_for_text(".timeline .event:not(.internal)", |t| t.contains(&message))
        .await
        .unwrap();

    open_panel(&browser, "hold").await;
    click(&browser, "#act-hold-submit").await;
    browser
        .wait_for_text("#act-hold-reason-error", |t| !t.is_empty())
        .await
        .unwrap();
    replace(&browser, "#act-hold-reason", "Waiting for the site photos").await;
    click(&browser, "#act-hold-submit").await;
    browser
        .wait_for_text(".act-held", |t| t.contains("Waiting for the site photos"))
        .await
        .unwrap();
    click(&browser, "#act-resume").await;
    browser.wait_for("#hold-panel").await.unwrap();

    open_panel(&browser, "dispatch").await;
    choose(&browser, "#act-dispatch-technician", "wu.gang").await;
    shot(&browser, "case-dispatch-form-desktop").await;
    click(&browser, "#act-dispatch-submit").await;
    browser
        .wait_for_text(".flow-info .facts", |t| t.contains("吴刚 Wu Gang"))
        .await
        .unwrap();
    // Dispatching scheduled the visit.
    browser
        .wait_for(".stage-chip[data-stage=scheduled]")
        .await
        .unwrap();
    move_to(&browser, "in_repair").await;

    open_panel(&browser, "movement").await;
    choose(&browser, "#act-movement-kind", "spare_part").await;
    browser
        .wait_for("#act-movement-direction option[value=stock_to_site]")
        .await
        .unwrap();
    replace(&browser, "#act-movement-item", "IGBT module 1200V").await;
    replace(&browser, "#act-movement-carrier", "Technician's van").await;
    shot(&browser, "case-goods-form-desktop").await;
    click(&browser, "#act-movement-submit").await;
    click(
        &browser,
        "button.advance[data-movement=\"1\"][data-to=consumed]",
    )
    .await;
    browser
        .wait_for_text(".flow-goods .movement", |t| t.contains("Consumed"))
        .await
        .unwrap();

    // Resolving before the diagnosis is refused beside the buttons.
    click(&browser, "button.move[data-to=resolved]").await;
    browser
        .wait_for_text(".moves .form-error", |t| t.contains("root cause"))
        .await
        .unwrap();

    open_panel(&browser, "diagnose").await;
    choose(&browser, "#act-diagnose-cause", "component_failure").await;
    replace(&browser, "#act-diagnose-part", "IGBT module").await;
    replace(
        &browser,
        "#act-diagnose-resolution",
        "Replaced the IGBT module; ran at full load for an hour.",
    )
    .await;
    click(&browser, "#act-diagnose-submit").await;
    browser
        .wait_for_text(".flow-info .facts", |t| t.contains("IGBT module"))
        .await
        .unwrap();

    move_to(&browser, "resolved").await;
    move_to(&browser, "closed").await;
    // Closed repairs may be reopened (back to in repair); nothing else is offered.
    browser
        .wait_for("button.move[data-to=in_repair]")
        .await
        .unwrap();
    for gone in [
        "#dispatch-form",
        "#movement-panel",
        "#money-panel",
        "#hold-panel",
    ] {
        assert!(
            browser.find_all(gone).await.unwrap().is_empty(),
            "{gone} is not offered on a closed case"
        );
    }
    browser
        .execute("window.scrollTo(0, 0); return true", json!([]))
        .await
        .unwrap();
    shot(&browser, "case-closed-desktop").await;

    let case = staff.case(id).await.case;
    assert_eq!(case.status.name(), "closed");
    assert_eq!(case.priority, Priority::High);
    assert_eq!(case.owner.as_ref(), "zhao.lei");
    assert!(case.hold.is_none(), "resumed");
    let visit = case.dispatch.expect("dispatched");
    assert_eq!(visit.technician.as_ref(), "wu.gang");
    assert_eq!(
        visit.to.millis() - visit.from.millis(),
        3 * 3_600_000,
        "the default window is 09:00 to 12:00"
    );
    assert_eq!(
        visit.from.millis().rem_euclid(86_400_000),
        3_600_000,
        "09:00 at UTC+8 is 01:00 UTC"
    );
    let diagnosis = case.diagnosis.expect("diagnosed");
    assert_eq!(diagnosis.root_cause, RootCause::ComponentFailure);
    assert_eq!(diagnosis.failed_part.as_deref(), Some("IGBT module"));
    assert_eq!(case.goods[0].state, MovementState::Consumed);
    browser.quit().await;
}

/// On a phone, the technician dispatched to a repair who opens the case's
/// back-office address lands on the job page: only what their role may do
/// (no owner, priority, dispatch or approvals), fitting the screen, and a
/// diagnosis recorded there reaches the case.
#[tokio::test]
async fn a_technician_on_a_phone_sees_only_their_actions_and_they_fit() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("repair", &unique("Phone actions: no output on string 2"))
        .await;
    staff.ok(id, dispatch("wu.gang", now(), 2)).await;
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Tech).await;
    load(
        &browser,
        &format!("{}/cases/{id}", app.base),
        "#visit-toggle",
    )
    .await;
    let path = browser
        .execute("return location.pathname", json!([]))
        .await
        .unwrap();
    assert_eq!(path.as_str(), Some(format!("/jobs/{id}").as_str()));
    for present in [
        "#job-note",
        "#job-note-internal",
        "#job-note-public",
        "#job-photos",
        "#job-diagnose",
    ] {
        browser.wait_for(present).await.unwrap();
    }
    for absent in [
        "#assign-panel",
        "#priority-panel",
        "#dispatch-panel",
        "#money-panel",
    ] {
        assert!(
            browser.find_all(absent).await.unwrap().is_empty(),
            "a technician is not offered {absent}"
        );
    }
    choose(&browser, "#job-cause", "0").await;
    replace(
        &browser,
        "#job-resolution",
        "String 2 connector was loose; re-crimped it.",
    )
    .await;
    browser.tap("#job-diagnose").await.unwrap();
    let overflow = browser
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no horizontal scrolling on a phone"
    );
    shot(&browser, "case-actions-phone").await;
    // The outbox sends it; the case has it.
    let started = std::time::Instant::now();
    loop {
        let case = staff.case(id).await.case;
        if let Some(d) = case.diagnosis {
            assert_eq!(d.root_cause, RootCause::ALL[0]);
            assert!(d.resolution.contains("re-crimped"));
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the diagnosis never reached the case"
        );
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    browser.quit().await;
}

/// Records a goods movement through the movement form.
async fn record_movement(
    browser: &Browser,
    kind: &str,
    direction: &str,
    item: &str,
    tracking: &str,
) {
    open_panel(browser, "movement").await;
    choose(browser, "#act-movement-kind", kind).await;
    browser
        .wait_for(&format!(
            "#act-movement-direction option[value={direction}]"
        ))
        .await
        .unwrap();
    choose(browser, "#act-movement-direction", direction).await;
    replace(browser, "#act-movement-item", item).await;
    replace(browser, "#act-movement-carrier", "SF Express").await;
    replace(browser, "#act-movement-tracking", tracking).await;
    click(browser, "#act-movement-submit").await;
}

/// Advances movement `n` to `state` with its button.
async fn advance(browser: &Browser, n: u32, state: &str) {
    let button = format!("button.advance[data-movement=\"{n}\"][data-to={state}]");
    click(browser, &button).await;
    // Wait until the button for that state is gone (the case was read again).
    for _ in 0..100 {
        if browser.find_all(&button).await.unwrap().is_empty() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("movement {n} did not reach {state}");
}

/// A return from request to closed, on the case page only: authorise, the
/// defective unit comes back (tracked), is inspected, a replacement goes
/// out, exchanged, closed. Moving on before the unit is back is refused in words.
#[tokio::test]
async fn a_return_goes_from_request_to_closed_through_the_case_page_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("return", &unique("Desktop return: wrong battery size"))
        .await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();

    move_to(&browser, "authorised").await;
    record_movement(
        &browser,
        "defective_unit",
        "customer_to_company",
        "BAT-10 battery",
        "SF1400228831",
    )
    .await;
    browser
        .wait_for_text(".flow-goods", |t| t.contains("SF1400228831"))
        .await
        .unwrap();
    // Received while the unit is still on its way: refused, with the reason.
    click(&browser, "button.move[data-to=received]").await;
    browser
        .wait_for_text(".moves .form-error", |t| !t.is_empty())
        .await
        .unwrap();
    move_to(&browser, "in_transit").await;
    advance(&browser, 1, "shipped").await;
    advance(&browser, 1, "received").await;
    move_to(&browser, "received").await;
    move_to(&browser, "inspected").await;
    record_movement(
        &browser,
        "replacement_unit",
        "company_to_customer",
        "BAT-10L battery",
        "SF1400229907",
    )
    .await;
    advance(&browser, 2, "shipped").await;
    move_to(&browser, "exchanged").await;
    move_to(&browser, "closed").await;
    browser
        .execute("window.scrollTo(0, 0); return true", json!([]))
        .await
        .unwrap();
    shot(&browser, "case-return-closed-desktop").await;

    let case = staff.case(id).await.case;
    assert_eq!(case.status.name(), "closed");
    assert_eq!(case.goods.len(), 2);
    assert_eq!(case.goods[0].state, MovementState::Received);
    assert_eq!(case.goods[0].tracking.as_deref(), Some("SF1400228831"));
    assert_eq!(case.goods[1].state, MovementState::Shipped);
    browser.quit().await;
}

/// A refund from request to closed, on the case page only: staff ask for
/// ¥150.00 (within the staff limit), another staff member approves and
/// pays it, and the refund moves through approved and paid to closed.
#[tokio::test]
async fn a_refund_goes_from_request_to_closed_through_the_case_page_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("refund", &unique("Desktop refund: double installation fee"))
        .await;
    let case_url = format!("{}/cases/{id}", app.base);
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser.goto(&case_url).await.unwrap();

    // Approving the refund before any payout is approved: refused in words.
    click(&browser, "button.move[data-to=approved]").await;
    browser
        .wait_for_text(".moves .form-error", |t| !t.is_empty())
        .await
        .unwrap();
    open_panel(&browser, "money").await;
    choose(&browser, "#act-money-kind", "refund").await;
    replace(&browser, "#act-money-amount", "150.00").await;
    replace(
        &browser,
        "#act-money-reason",
        "Installation fee charged twice",
    )
    .await;
    click(&browser, "#act-money-submit").await;
    let approve = "button.approve[data-entry=\"1\"]";
    browser.wait_for(approve).await.unwrap();

    switch_user(&browser, &app.base, Who::Staff2).await;
    load(&browser, &case_url, approve).await;
    assert!(
        !is_disabled(&browser, approve).await,
        "within the staff limit"
    );
    click(&browser, approve).await;
    confirm(&browser, "confirm-approve").await;
    // Approved: the entry now offers its payment.
    browser.wait_for("#act-pay-1-reference").await.unwrap();
    move_to(&browser, "approved").await;
    let reference = browser.wait_for("#act-pay-1-reference").await.unwrap();
    browser.type_text(&reference, "ALIPAY-88213").await.unwrap();
    click(&browser, "button.pay[data-entry=\"1\"]").await;
    confirm(&browser, "confirm-pay").await;
    browser
        .wait_for_text(".flow-money .money-entry", |t| t.contains("ALIPAY-88213"))
        .await
        .unwrap();
    move_to(&browser, "paid").await;
    move_to(&browser, "closed").await;
    browser
        .execute("window.scrollTo(0, 0); return true", json!([]))
        .await
        .unwrap();
    shot(&browser, "case-refund-closed-desktop").await;

    let case = staff.case(id).await.case;
    assert_eq!(case.status.name(), "closed");
    assert_eq!(case.money[0].state, EntryState::Paid);
    assert_eq!(case.money[0].amount.minor(), 15_000);
    browser.quit().await;
}
