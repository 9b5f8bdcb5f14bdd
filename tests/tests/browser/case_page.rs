//! The back office's case page as staff read it on a 1440x900 desktop (and
//! a 390 px phone): photos and signatures as thumbnails with a full view,
//! messages from and to the customer told apart, people by their names and
//! the site address, dispatching with each technician's visits that day,
//! the owner picker, a young outstanding unit, money confirmed before it
//! moves, and buttons that stay readable under the pointer.

use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::RepairStage;
use afterloop_domain::{CaseId, Command, Timestamp, UserId};
use afterloop_tests::client::{intake, User};
use afterloop_tests::steps::{dispatch, repair_to, request_money, Movement};
use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{now, spawn_app, unique, Who};
use serde_json::json;

use super::{click, js, open_panel, shot, signed_in};

/// A repair whose customer gave a site address.
async fn open_with_address(staff: &User, title: &str) -> CaseId {
    let mut body = intake("repair", title);
    body["customer"]["address"] = json!("华光路 88 号 3 栋屋顶");
    staff.open_with(&body).await
}

/// The China date `days` from now, `YYYY-MM-DD`.
fn china_day(days: i64) -> String {
    Timestamp::from_millis(now().millis() + days * 86_400_000)
        .date_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
        .to_string()
}

/// 10:00 China time on the China day `days` from now.
fn china_ten(days: i64) -> Timestamp {
    afterloop_domain::Date::parse(&china_day(days))
        .unwrap()
        .start_at_offset(afterloop_domain::time::CHINA_OFFSET_MINUTES)
        .plus_millis(10 * 3_600_000)
}

/// Photos and signatures show as thumbnails in the information flow and on
/// the timeline, under the names they were sent with; a thumbnail is a
/// button that opens the full image in a dialog, and Esc closes it.
#[tokio::test]
async fn staff_see_photos_and_signatures_as_thumbnails_and_open_them_full_size() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = open_with_address(&staff, &unique("Photos: burnt DC connector")).await;
    staff.attach_ok(id, "photo", "fault.jpg.png", "").await;
    staff.attach_ok(id, "signature", "signature.png", "").await;

    for viewport in [Viewport::DESKTOP, Viewport::PHONE] {
        let browser = signed_in(&app.base, viewport, Who::Staff).await;
        browser
            .goto(&format!("{}/cases/{id}", app.base))
            .await
            .unwrap();
        // Both in the flow's gallery and on the timeline, loaded (the
        // image was fetched with the session: an <img> alone gets a 401).
        browser
            .wait_for(".photos figure.thumb[data-attachment=\"2\"] img.thumb-img")
            .await
            .unwrap();
        browser
            .wait_for(".timeline figure.thumb[data-attachment=\"1\"] img.thumb-img")
            .await
            .unwrap();
        let loaded = js(
            &browser,
            "const imgs = [...document.querySelectorAll('img.thumb-img')]; \
             return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0)",
            json!([]),
        )
        .await;
        assert_eq!(loaded, json!(true), "every thumbnail shows its image");
        let names = browser
            .wait_for_text(".photos", |t| t.contains("fault.jpg.png"))
            .await
            .unwrap();
        assert!(names.contains("signature.png"), "{names}");
        browser
            .wait_for_text(".timeline", |t| t.contains("fault.jpg.png"))
            .await
            .unwrap();
        let tag = if viewport.width < 500 {
            "phone"
        } else {
            "desktop"
        };
        shot(&browser, &format!("case-photos-{tag}")).await;

        // The keyboard reaches the thumbnail; Enter opens the full view.
        js(
            &browser,
            "document.querySelector('.photos button.thumb-open[data-attachment=\"1\"]').focus(); return true",
            json!([]),
        )
        .await;
        let focused = browser
            .wait_for(".photos button.thumb-open[data-attachment=\"1\"]")
            .await
            .unwrap();
        browser.type_text(&focused, "\u{E007}").await.unwrap();
        browser
            .wait_for(".photos figure[data-attachment=\"1\"] dialog.viewer[open] img.viewer-img")
            .await
            .unwrap();
        shot(&browser, &format!("case-photo-full-{tag}")).await;
        let close = browser
            .wait_for("dialog.viewer[open] .viewer-close")
            .await
            .unwrap();
        browser.type_text(&close, "\u{E00C}").await.unwrap(); // Esc
        let mut open = true;
        for _ in 0..50 {
            open = !browser
                .find_all("dialog.viewer[open]")
                .await
                .unwrap()
                .is_empty();
            if !open {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(!open, "Esc closes the full view");
        browser.quit().await;
    }
}

/// On the staff timeline a customer's message reads as coming in from the
/// customer, and a message staff send as going out to them.
#[tokio::test]
async fn a_customers_message_reads_as_inbound_and_staffs_as_outbound() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = open_with_address(&staff, &unique("Messages: who said what")).await;
    let token = staff.case(id).await.case.public_token;
    let inbound = unique("I am home after 3pm");
    let resp = app
        .post(
            &format!("/api/v1/track/{token}/messages"),
            &json!({ "event_id": unique("cust").replace(' ', "-"), "text": inbound }),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let outbound = unique("We come at 4pm");
    staff
        .ok(
            id,
            Command::AddNote {
                text: outbound.clone(),
                visibility: afterloop_domain::flow::info::Visibility::Public,
            },
        )
        .await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();
    let came_in = browser
        .wait_for_text(".timeline .event.inbound", |t| t.contains(&inbound))
        .await
        .unwrap();
    assert!(
        came_in.contains("Message from the customer") && came_in.contains("From the customer"),
        "{came_in}"
    );
    assert!(!came_in.contains("Message to the customer"), "{came_in}");
    assert!(!came_in.contains("customer · customer"), "{came_in}");
    let went_out = browser
        .wait_for_text(".timeline .event.outbound", |t| t.contains(&outbound))
        .await
        .unwrap();
    assert!(
        went_out.contains("Message to the customer") && went_out.contains("李娜 Li Na"),
        "{went_out}"
    );
    let colours = js(
        &browser,
        "const s = c => getComputedStyle(document.querySelector(c)).borderLeftColor; \
         return [s('.event.inbound'), s('.event.outbound')]",
        json!([]),
    )
    .await;
    assert_ne!(colours[0], colours[1], "they differ at a glance");
    js(
        &browser,
        "document.querySelector('.timeline').scrollIntoView(); return true",
        json!([]),
    )
    .await;
    shot(&browser, "case-messages-desktop").await;

    // In Chinese too.
    js(
        &browser,
        "localStorage.setItem('afterloop.lang', 'zh-CN'); return true",
        json!([]),
    )
    .await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();
    let zh = browser
        .wait_for_text(".timeline .event.inbound", |t| t.contains(&inbound))
        .await
        .unwrap();
    assert!(zh.contains("客户留言") && zh.contains("客户来信"), "{zh}");
    js(
        &browser,
        "document.querySelector('.timeline').scrollIntoView(); return true",
        json!([]),
    )
    .await;
    shot(&browser, "case-messages-desktop-zh").await;
    browser.quit().await;
}

/// The case page names people and the site; the owner picker offers the
/// staff member themselves, its button after it; the technician picker
/// chooses no one and shows each technician's visits on the chosen day;
/// dispatching schedules the visit.
#[tokio::test]
async fn dispatching_shows_each_technicians_day_and_schedules_the_visit() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let manager = app.sign_in(Who::Manager).await;
    // Tomorrow wu.gang already has a visit elsewhere.
    let busy = staff.open("repair", &unique("Dispatch: busy day")).await;
    staff.ok(busy, dispatch("wu.gang", china_ten(1), 2)).await;
    let id = open_with_address(&manager, &unique("Dispatch: string 2 dead")).await;
    staff.ok(id, repair_to(RepairStage::Triaged)).await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();
    let facts = browser
        .wait_for_text("section.card .facts", |t| t.contains("华光路 88 号"))
        .await
        .unwrap();
    assert!(
        facts.contains("陈杰") || facts.contains("Chen Jie"),
        "owner by name: {facts}"
    );
    assert!(!facts.contains("chen.jie"), "{facts}");

    // Owner: the staff member themselves, and the button after the choice.
    open_panel(&browser, "assign").await;
    browser.wait_for("#act-assign-owner").await.unwrap();
    let owner = js(
        &browser,
        "return document.querySelector('#act-assign-owner').value",
        json!([]),
    )
    .await;
    assert_eq!(owner, json!("li.na"), "staff take the case themselves");
    let after = js(
        &browser,
        "const s = document.querySelector('#act-assign-owner').getBoundingClientRect(); \
         const b = document.querySelector('#act-assign-submit').getBoundingClientRect(); \
         return b.left >= s.right - 1",
        json!([]),
    )
    .await;
    assert_eq!(after, json!(true), "the Assign button sits after its input");

    open_panel(&browser, "dispatch").await;
    browser.wait_for("#act-dispatch-technician").await.unwrap();
    let chosen = js(
        &browser,
        "return document.querySelector('#act-dispatch-technician').value",
        json!([]),
    )
    .await;
    assert_eq!(chosen, json!(""), "no technician is chosen for the user");
    // The default day is tomorrow: wu.gang's visit (and any other that
    // day on this server) is counted.
    let wu = browser
        .wait_for_text("#act-dispatch-technician option[value=\"wu.gang\"]", |t| {
            t.contains("visit")
        })
        .await
        .unwrap();
    assert!(
        wu.contains("吴刚 Wu Gang") && wu.contains("visit") && !wu.contains("free that day"),
        "{wu}"
    );
    let sun = browser
        .wait_for_text("#act-dispatch-technician option[value=\"sun.hao\"]", |t| {
            t.contains("that day")
        })
        .await
        .unwrap();
    assert!(sun.contains("孙浩") || sun.contains("Sun Hao"), "{sun}");
    js(
        &browser,
        "document.querySelector('#dispatch-panel').scrollIntoView(); return true",
        json!([]),
    )
    .await;
    shot(&browser, "case-dispatch-workload-desktop").await;
    // Dispatching without a choice is refused beside the field.
    click(&browser, "#act-dispatch-submit").await;
    browser
        .wait_for_text("#act-dispatch-technician-error", |t| !t.is_empty())
        .await
        .unwrap();
    click(
        &browser,
        "#act-dispatch-technician option[value=\"sun.hao\"]",
    )
    .await;
    click(&browser, "#act-dispatch-submit").await;
    browser
        .wait_for(".stage-chip[data-stage=scheduled]")
        .await
        .unwrap();
    let case = staff.case(id).await.case;
    assert_eq!(case.status.name(), "scheduled");
    assert_eq!(case.dispatch.unwrap().technician.as_ref(), "sun.hao");
    browser.quit().await;
}

/// Approving money shows the amount and the payee first; cancelling sends
/// nothing. A defective unit authorised a minute ago is expected, not late.
/// "Send to customer" keeps its colours under the pointer.
#[tokio::test]
async fn money_is_confirmed_with_amount_and_payee_and_a_fresh_unit_is_not_late() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("return", &unique("Confirm: refund a dead unit"))
        .await;
    staff.ok(id, Movement::defective_unit().into()).await;
    staff
        .ok(
            id,
            request_money(EntryKind::Refund, 150_000, "Dead on arrival"),
        )
        .await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff2).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();
    let unit = browser
        .wait_for_text(".flow-goods .movement", |t| !t.is_empty())
        .await
        .unwrap();
    assert!(!unit.contains("Awaited since"), "{unit}");
    assert!(
        browser
            .find_all(".flow-goods .waiting.late")
            .await
            .unwrap()
            .is_empty(),
        "a unit authorised a minute ago is not late"
    );

    click(&browser, "button.approve[data-entry=\"1\"]").await;
    let dialog = browser
        .wait_for_text("dialog.confirm-money[open]", |t| t.contains("1,500.00"))
        .await
        .unwrap();
    assert!(dialog.contains("阳光农场合作社"), "the payee: {dialog}");
    shot(&browser, "case-money-confirm-desktop").await;
    click(&browser, "dialog.confirm-money[open] .confirm-cancel").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let entry = &staff.case(id).await.case.money[0];
    assert_eq!(
        entry.state,
        afterloop_domain::flow::money::EntryState::Requested,
        "cancelled: nothing was sent"
    );

    // Under the pointer, "Send to customer" keeps white text on a dark fill.
    let (x, y) = {
        let at = js(
            &browser,
            "const e = document.querySelector('#act-note-public'); e.scrollIntoView({block: 'center'}); \
             const r = e.getBoundingClientRect(); return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]",
            json!([]),
        )
        .await;
        (at[0].as_i64().unwrap(), at[1].as_i64().unwrap())
    };
    browser.pointer_move(x, y).await.unwrap();
    let colours = js(
        &browser,
        "const e = document.querySelector('#act-note-public'); const s = getComputedStyle(e); \
         return [e.matches(':hover'), s.backgroundColor, s.color]",
        json!([]),
    )
    .await;
    assert_eq!(colours[0], json!(true), "hovered");
    assert_eq!(colours[2], json!("rgb(255, 255, 255)"));
    assert_ne!(
        colours[1],
        json!("rgb(243, 246, 247)"),
        "not white on pale grey"
    );
    browser.quit().await;
}

/// Each visit made on site is listed with its technician's name and times,
/// and the photos the technician took while there sit on that visit's
/// entry; a photo staff attached in the office does not.
#[tokio::test]
async fn a_visit_shows_the_photos_its_technician_took_on_site() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech).await;
    let id = open_with_address(&staff, &unique("Visit photos: fan noise")).await;
    staff.attach_ok(id, "photo", "office-label.png", "").await;
    let wu = UserId::parse("wu.gang").unwrap();
    for command in [
        Command::Move {
            to: afterloop_domain::case::Status::Repair(
                afterloop_domain::case::RepairStage::Triaged,
            ),
            note: None,
        },
        Command::Dispatch {
            technician: wu.clone(),
            from: now(),
            to: now().plus_millis(2 * 3_600_000),
        },
    ] {
        staff.ok(id, command).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    tech.ok(
        id,
        Command::CheckIn {
            at: now(),
            location: None,
        },
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    tech.attach_ok(id, "photo", "fan-on-site.png", "").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
    tech.ok(
        id,
        Command::CheckOut {
            at: now(),
            location: None,
        },
    )
    .await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    browser
        .goto(&format!("{}/cases/{id}", app.base))
        .await
        .unwrap();
    let visit = browser
        .wait_for_text(".visits .visit-made", |t| t.contains("fan-on-site.png"))
        .await
        .unwrap();
    assert!(
        visit.contains("Wu Gang") || visit.contains("吴刚"),
        "{visit}"
    );
    assert!(!visit.contains("office-label.png"), "{visit}");
    browser
        .wait_for(".visits figure.thumb[data-attachment=\"2\"] img.thumb-img")
        .await
        .unwrap();
    let office = js(
        &browser,
        "return document.querySelectorAll('.visits figure.thumb[data-attachment=\"1\"]').length",
        json!([]),
    )
    .await;
    assert_eq!(office, json!(0), "the office's photo is not the visit's");
    shot(&browser, "case-visit-photos-desktop").await;
}
