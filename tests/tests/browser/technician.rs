//! The technician's phone, offline: a whole visit recorded with no signal
//! (check in, a note, two photos, two parts, a diagnosis, the customer's
//! signature, check out), a reload while still offline, and every item
//! arriving exactly once when the signal returns; two phones offline on the
//! same job; an item the server refuses, shown in words; and items an
//! earlier build kept on the phone, sent after an update.

use std::time::{Duration, Instant};

use afterloop_domain::case::{RepairStage, Status};
use afterloop_domain::flow::goods::{MovementKind, MovementState};
use afterloop_domain::flow::info::{AttachmentKind, RootCause, Visibility};
use afterloop_domain::wire::Timeline;
use afterloop_domain::{CaseId, Change, Command};
use afterloop_tests::now;
use afterloop_tests::signal::Signal;
use afterloop_tests::steps::{dispatch, move_to, schedule};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, output_dir, spawn_app, unique, User, Who};
use serde_json::json;

use super::{load, photos, shot, sign_in, signed_in, type_into};

/// A repair with a site address, dispatched to wu.gang from now and scheduled.
async fn job(staff: &User, title: &str) -> CaseId {
    let mut body = intake("repair", &unique(title));
    body["customer"]["address"] = json!("上海市浦东新区新金桥路 28 号 3 楼");
    let id = staff.open_with(&body).await;
    schedule(staff, id, "wu.gang", now(), 3).await;
    id
}

async fn timeline(user: &User, id: CaseId) -> Timeline {
    user.get(&format!("/api/v1/cases/{id}/events"))
        .await
        .json()
        .await
        .unwrap()
}

/// A finger's tap (see `Browser::tap`).
async fn click(browser: &Browser, css: &str) {
    if css.contains("option") {
        // Options are picked, not tapped.
        let e = browser.wait_for(css).await.unwrap();
        return browser.click(&e).await.unwrap();
    }
    super::tap(browser, css).await;
}

/// How many outbox items are in `state` (waiting, sent, refused).
async fn outbox_count(browser: &Browser, state: &str) -> usize {
    browser
        .find_all(&format!("#outbox .outbox-item.{state}"))
        .await
        .unwrap()
        .len()
}

/// Whether the outbox shows `n` items in `state` within `within`.
async fn outbox_reaches(browser: &Browser, state: &str, n: usize, within: Duration) -> bool {
    let started = Instant::now();
    while started.elapsed() < within {
        if outbox_count(browser, state).await == n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

/// Waits until the outbox shows `n` items in `state`.
async fn wait_outbox(browser: &Browser, state: &str, n: usize, within: Duration) {
    let started = Instant::now();
    loop {
        let have = outbox_count(browser, state).await;
        if have == n {
            return;
        }
        if started.elapsed() > within {
            let shot = output_dir().join("job-failure-phone.png");
            let _ = browser.screenshot(&shot).await;
            let page = browser
                .execute("return document.querySelector('main').innerText", json!([]))
                .await
                .unwrap_or_default();
            panic!(
                "the outbox shows {have} {state} item(s), expected {n} (see {}); page:\n{page}",
                shot.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Opens the job list, then the job, online; waits until the service worker
/// controls the page (so the shell and these reads are kept on the phone).
async fn open_job_online(browser: &Browser, base: &str, id: CaseId) {
    load(
        browser,
        &format!("{base}/jobs"),
        &format!(".job-card[data-case='{id}']"),
    )
    .await;
    let started = Instant::now();
    loop {
        let controlled = browser
            .execute("return !!navigator.serviceWorker.controller", json!([]))
            .await
            .unwrap();
        if controlled.as_bool() == Some(true) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the service worker never took control"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Opened once more under the service worker, so it keeps these reads.
    browser.goto(&format!("{base}/jobs")).await.unwrap();
    click(browser, &format!(".job-card[data-case='{id}'] .job-link")).await;
    browser.wait_for("#visit-toggle").await.unwrap();
    browser.wait_for("#previous-cases").await.unwrap();
    browser
        .wait_for_text("#net-state", |t| !t.is_empty())
        .await
        .unwrap();
}

/// No signal at all: the relay is cut and the page is told it is offline.
async fn go_offline(browser: &Browser, signal: &Signal) {
    signal.cut();
    network(browser, true).await;
}

async fn go_online(browser: &Browser, signal: &Signal) {
    signal.restore();
    network(browser, false).await;
}

/// The phone's network as the page sees it: requests fail, and
/// `navigator.onLine` says so (`Network.overrideNetworkState` sets the
/// latter where `emulateNetworkConditions`, deprecated, does not; a
/// Chromium without it refuses it, which is ignored). Chromium 156 forgets
/// both on a navigation, so a test sets them again after one.
async fn network(browser: &Browser, offline: bool) {
    let conditions = json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
    browser
        .cdp("Network.emulateNetworkConditions", conditions.clone())
        .await
        .unwrap();
    let _ = browser
        .cdp("Network.overrideNetworkState", conditions)
        .await;
}

/// A JPEG's width and height, from its start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if (0xC0..=0xC2).contains(&marker) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

/// Waits for "Saved on this phone" and checks it is on screen, where the
/// technician is looking.
async fn assert_saved_in_view(browser: &Browser, after: &str) {
    browser.wait_for("#job-flash").await.unwrap();
    let seen = browser
        .execute(
            "const e = document.querySelector('#job-flash'); const r = e.getBoundingClientRect(); \
             const h = window.visualViewport ? window.visualViewport.height : window.innerHeight; \
             return {top: r.top, bottom: r.bottom, height: h, text: e.innerText}",
            json!([]),
        )
        .await
        .unwrap();
    let (top, bottom, height) = (
        seen["top"].as_f64().unwrap(),
        seen["bottom"].as_f64().unwrap(),
        seen["height"].as_f64().unwrap(),
    );
    assert!(
        top >= 0.0 && bottom <= height + 0.5,
        "{after}, \"{}\" is on screen ({top}..{bottom} of {height})",
        seen["text"]
    );
}

/// Every element inside the phone's width (and the page not zoomed out
/// to fit a wider one): the elements wider than the screen, in words.
async fn wider_than(browser: &Browser, width: u32) -> Vec<String> {
    let found = browser
        .execute(
            "const w = arguments[0]; const out = []; \
             if (window.innerWidth !== w) out.push('the page is ' + window.innerWidth + ' px wide'); \
             for (const e of document.querySelectorAll('body *')) { \
               const r = e.getBoundingClientRect(); \
               if (r.width > 0 && (r.right > w + 0.5 || r.left < -0.5)) \
                 out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right)); \
             } \
             return out",
            json!([width]),
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

fn no_horizontal_scroll_script() -> &'static str {
    "return document.documentElement.scrollWidth - window.innerWidth"
}

#[tokio::test]
async fn a_whole_visit_recorded_offline_arrives_exactly_once_when_the_signal_returns() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Offline visit: inverter F07").await;
    let signal = Signal::start(&app.base).await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&browser, &signal.base, Who::Tech).await;
    browser
        .set_permission("geolocation", "granted")
        .await
        .unwrap();
    browser
        .cdp(
            "Emulation.setGeolocationOverride",
            json!({ "latitude": 31.2304, "longitude": 121.4737, "accuracy": 15 }),
        )
        .await
        .unwrap();
    open_job_online(&browser, &signal.base, id).await;
    let overflow = browser
        .execute(no_horizontal_scroll_script(), json!([]))
        .await
        .unwrap();
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no sideways scrolling at 390 px"
    );
    shot(&browser, "job-online-phone").await;

    go_offline(&browser, &signal).await;
    // Opening the app with no signal: the shell and the job come from the phone.
    load(
        &browser,
        &format!("{}/jobs/{id}", signal.base),
        "#visit-toggle",
    )
    .await;
    // Chromium 156 forgets the emulated network state on navigation.
    network(&browser, true).await;
    browser
        .wait_for("#net-state[data-online='false']")
        .await
        .unwrap();

    click(&browser, "#visit-toggle").await;
    browser.wait_for("#on-site").await.unwrap();
    let note = unique("Fan bearing worn; inverter derates at noon");
    type_into(&browser, "#job-note", &note).await;
    click(&browser, "#job-note-internal").await;
    wait_outbox(&browser, "waiting", 2, Duration::from_secs(10)).await;

    for (part, qty, serial) in [("IGBT-40A", "2", "IG-778812"), ("FAN-80", "1", "")] {
        click(&browser, &format!("#job-part option[value='{part}']")).await;
        let q = browser.wait_for("#job-part-qty").await.unwrap();
        browser
            .execute(
                "const q = document.querySelector('#job-part-qty'); q.value=''; q.dispatchEvent(new Event('input', {bubbles: true})); return true",
                json!([]),
            )
            .await
            .unwrap();
        browser.type_text(&q, qty).await.unwrap();
        if !serial.is_empty() {
            type_into(&browser, "#job-part-serial", serial).await;
        }
        click(&browser, "#job-part-add").await;
    }
    wait_outbox(&browser, "waiting", 4, Duration::from_secs(10)).await;
    let (front, plate) = photos(
        "photos",
        ("unit-front.bmp", 2400, 1800),
        ("nameplate.bmp", 1200, 2000),
    );
    let input = browser.wait_for("#job-photos").await.unwrap();
    browser
        .type_text(&input, &format!("{}\n{}", front.display(), plate.display()))
        .await
        .unwrap();
    // The photos are shown before they are kept.
    let started = Instant::now();
    while browser.find_all("#photo-preview img").await.unwrap().len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "both photos are previewed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        outbox_count(&browser, "waiting").await,
        4,
        "not kept before saving"
    );
    browser
        .execute(
            "document.querySelector('#photo-preview').scrollIntoView({block: 'center'}); return true",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "job-photo-preview-phone").await;
    click(&browser, "#job-photos-save").await;
    wait_outbox(&browser, "waiting", 6, Duration::from_secs(20)).await;

    click(&browser, "#job-cause option[value='0']").await;
    type_into(&browser, "#job-failed-part", "Cooling fan").await;
    type_into(
        &browser,
        "#job-resolution",
        "Replaced the fan and the IGBT module.",
    )
    .await;
    click(&browser, "#job-diagnose").await;
    wait_outbox(&browser, "waiting", 7, Duration::from_secs(10)).await;
    assert_saved_in_view(&browser, "after the diagnosis").await;

    browser
        .draw(
            "#signature-pad",
            &[
                (-120, 10),
                (-80, -30),
                (-40, 30),
                (0, -30),
                (40, 30),
                (90, -20),
            ],
        )
        .await
        .unwrap();
    // The emulated touch screen may lose a tap right after a stroke on a
    // loaded machine (Chrome's gesture detector reads it as part of the
    // stroke or a long press); a person taps again. A saved pad is cleared,
    // so a second tap can never save the signature twice.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut saved = false;
    for _ in 0..3 {
        click(&browser, "#signature-save").await;
        if outbox_reaches(&browser, "waiting", 8, Duration::from_secs(5)).await {
            saved = true;
            break;
        }
    }
    assert!(saved, "the signature is kept on the phone");
    wait_outbox(&browser, "waiting", 8, Duration::from_secs(10)).await;
    assert_saved_in_view(&browser, "after the signature").await;

    click(&browser, "#visit-toggle").await;
    wait_outbox(&browser, "waiting", 9, Duration::from_secs(10)).await;
    assert_eq!(
        outbox_count(&browser, "sent").await,
        0,
        "nothing left the phone"
    );

    // A reload with no signal: everything is still there, still waiting.
    load(
        &browser,
        &format!("{}/jobs/{id}", signal.base),
        "#visit-toggle",
    )
    .await;
    wait_outbox(&browser, "waiting", 9, Duration::from_secs(10)).await;
    browser
        .execute(
            "document.querySelector('#outbox').scrollIntoView(); return true",
            json!([]),
        )
        .await
        .unwrap();
    let overflow = browser
        .execute(no_horizontal_scroll_script(), json!([]))
        .await
        .unwrap();
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "no sideways scrolling offline either"
    );
    // The outbox shows every waiting item whole: no box cuts one mid-line.
    let clipped = browser
        .execute(
            "return [...document.querySelectorAll('#outbox .outbox-items')].some(l => l.scrollHeight > l.clientHeight + 1)",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(clipped, json!(false), "the outbox list is not cut off");
    shot(&browser, "job-offline-waiting-phone").await;
    // The server has none of it.
    let before = staff.case(id).await.case;
    assert!(before.visits.is_empty() && before.attachments.is_empty());

    // Everything above was recorded before this instant; it arrives after.
    let recorded_before = now();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    go_online(&browser, &signal).await;
    wait_outbox(&browser, "sent", 9, Duration::from_secs(60)).await;
    assert_eq!(outbox_count(&browser, "waiting").await, 0);
    assert_eq!(outbox_count(&browser, "refused").await, 0);
    browser
        .wait_for_text("#job-stage", |t| !t.is_empty())
        .await
        .unwrap();
    browser
        .execute(
            "document.querySelector('#outbox').scrollIntoView(); return true",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "job-sent-phone").await;

    // Exactly once, in the order recorded.
    let case = staff.case(id).await.case;
    assert_eq!(
        case.status,
        Status::Repair(RepairStage::InRepair),
        "arrival started the repair"
    );
    assert_eq!(case.visits.len(), 1);
    let visit = &case.visits[0];
    assert!(visit.checked_out.is_some());
    assert!(visit.checked_out.unwrap() >= visit.checked_in);
    let place = visit
        .in_location
        .expect("the phone's position was recorded");
    assert!((place.lat_e6 - 31_230_400).abs() < 10 && (place.lon_e6 - 121_473_700).abs() < 10);
    assert_eq!(case.on_site_at, Some(visit.checked_in));
    let photos: Vec<_> = case
        .attachments
        .iter()
        .filter(|a| a.kind == AttachmentKind::Photo)
        .collect();
    assert_eq!(photos.len(), 2, "two photos, once each");
    let signatures = case
        .attachments
        .iter()
        .filter(|a| a.kind == AttachmentKind::Signature)
        .count();
    assert_eq!(signatures, 1);
    for a in &photos {
        assert_eq!(a.content_type, "image/jpeg");
        let bytes = staff
            .get(&format!("/api/v1/cases/{id}/attachments/{}", a.id))
            .await
            .bytes()
            .await
            .unwrap();
        let (w, h) = jpeg_size(&bytes).expect("a JPEG");
        assert_eq!(w.max(h), 1600, "shrunk on the phone to 1600 px ({w}x{h})");
        assert!(bytes.len() < 1_000_000, "compressed: {} bytes", bytes.len());
    }
    let parts: Vec<_> = case
        .goods
        .iter()
        .filter(|m| m.kind == MovementKind::SparePart)
        .collect();
    assert_eq!(parts.len(), 2);
    assert!(parts.iter().all(|m| m.state == MovementState::Consumed));
    assert_eq!(parts[0].item, "IGBT-40A");
    assert_eq!(parts[0].quantity, 2);
    assert_eq!(parts[0].serial.as_deref(), Some("IG-778812"));
    assert_eq!(parts[1].item, "FAN-80");
    assert_eq!(
        case.diagnosis.as_ref().map(|d| d.root_cause),
        Some(RootCause::ComponentFailure)
    );
    let events = timeline(&staff, id).await.events;
    // Every item carries the time it was recorded on the phone, not the
    // time it arrived: the diagnosis is dated when it was made.
    for e in events.iter().filter(|e| e.by.as_ref() == "wu.gang") {
        let recorded = e
            .recorded_at
            .unwrap_or_else(|| panic!("{:?} carries the time it was recorded", e.change));
        assert!(
            recorded <= recorded_before && e.at > recorded_before,
            "{:?}: recorded {recorded:?}, arrived {:?}, signal back after {recorded_before:?}",
            e.change,
            e.at
        );
    }
    let diagnosed = events
        .iter()
        .find(|e| matches!(e.change, Change::Diagnosed(_)))
        .unwrap();
    assert_eq!(
        case.diagnosis.as_ref().map(|d| d.at),
        diagnosed.recorded_at,
        "the diagnosis is dated when it was made"
    );
    // The phone's timeline shows that time.
    let entry = format!("#job-timeline li[data-seq='{}']", diagnosed.seq);
    browser.wait_for(&entry).await.unwrap();
    let shown_at = browser
        .execute(
            "return document.querySelector(arguments[0]).getAttribute('data-at')",
            json!([entry]),
        )
        .await
        .unwrap();
    assert_eq!(
        shown_at.as_str().and_then(|t| t.parse::<i64>().ok()),
        diagnosed.recorded_at.map(|t| t.millis()),
        "the timeline shows when the diagnosis was made"
    );
    let notes = events
        .iter()
        .filter(|e| matches!(&e.change, Change::NoteAdded { text, visibility: Visibility::Internal } if *text == note))
        .count();
    assert_eq!(notes, 1, "the note arrived once");
    let order: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.change {
            Change::CheckedIn { .. } => Some("in"),
            Change::NoteAdded { .. } => Some("note"),
            Change::Attached(_) => Some("file"),
            Change::MovementRecorded(_) => Some("part"),
            Change::Diagnosed(_) => Some("diagnosis"),
            Change::CheckedOut { .. } => Some("out"),
            _ => None,
        })
        .collect();
    assert_eq!(
        order,
        [
            "in",
            "note",
            "part",
            "part",
            "file",
            "file",
            "diagnosis",
            "file",
            "out"
        ]
    );
    browser.quit().await;
}

#[tokio::test]
async fn two_phones_offline_on_the_same_job_both_deliver_their_notes() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Two phones, one job").await;
    let (signal_a, signal_b) = (
        Signal::start(&app.base).await,
        Signal::start(&app.base).await,
    );
    let a = Browser::start(Viewport::PHONE).await.unwrap();
    let b = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&a, &signal_a.base, Who::Tech).await;
    sign_in(&b, &signal_b.base, Who::Tech).await;
    open_job_online(&a, &signal_a.base, id).await;
    open_job_online(&b, &signal_b.base, id).await;
    go_offline(&a, &signal_a).await;
    go_offline(&b, &signal_b).await;

    let mut written = Vec::new();
    for (phone, label) in [(&a, "A"), (&b, "B")] {
        for n in 1..=2 {
            let text = unique(&format!("Phone {label} note {n}"));
            type_into(phone, "#job-note", &text).await;
            click(phone, "#job-note-public").await;
            wait_outbox(phone, "waiting", n, Duration::from_secs(10)).await;
            written.push(text);
        }
    }
    go_online(&a, &signal_a).await;
    go_online(&b, &signal_b).await;
    wait_outbox(&a, "sent", 2, Duration::from_secs(60)).await;
    wait_outbox(&b, "sent", 2, Duration::from_secs(60)).await;

    let events = timeline(&staff, id).await.events;
    for text in &written {
        let n = events
            .iter()
            .filter(|e| matches!(&e.change, Change::NoteAdded { text: t, .. } if t == text))
            .count();
        assert_eq!(n, 1, "{text:?} arrived {n} times");
    }
    a.quit().await;
    b.quit().await;
}

#[tokio::test]
async fn a_note_for_a_job_reassigned_meanwhile_is_shown_as_not_accepted_in_words() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Reassigned while offline").await;
    let signal = Signal::start(&app.base).await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&browser, &signal.base, Who::Tech).await;
    open_job_online(&browser, &signal.base, id).await;
    go_offline(&browser, &signal).await;
    let text = unique("Customer not home, left a card");
    type_into(&browser, "#job-note", &text).await;
    click(&browser, "#job-note-internal").await;
    wait_outbox(&browser, "waiting", 1, Duration::from_secs(10)).await;

    // Meanwhile the back office gives the visit to another technician.
    let from = now();
    staff.ok(id, dispatch("sun.hao", from, 1)).await;

    go_online(&browser, &signal).await;
    wait_outbox(&browser, "refused", 1, Duration::from_secs(60)).await;
    let reason = browser
        .wait_for_text("#outbox .outbox-item.refused .outbox-reason", |t| {
            !t.is_empty()
        })
        .await
        .unwrap();
    assert!(
        reason.contains("reassigned"),
        "the reason is said: {reason:?}"
    );
    let what = browser
        .wait_for_text("#outbox .outbox-item.refused .outbox-what", |t| {
            !t.is_empty()
        })
        .await
        .unwrap();
    assert!(
        what.contains(&text),
        "the refused note is still shown: {what:?}"
    );
    shot(&browser, "job-refused-phone").await;
    let events = timeline(&staff, id).await.events;
    assert!(!events
        .iter()
        .any(|e| matches!(&e.change, Change::NoteAdded { text: t, .. } if *t == text)));
    browser.quit().await;
}

/// Adds `json` to the phone's outbox as a build of the app would have kept it
/// (IndexedDB `afterloop`, store `outbox`, a record `{json}`).
async fn keep_in_outbox(browser: &Browser, json: &str) {
    let script = r#"
        const [json] = arguments;
        return new Promise((resolve, reject) => {
            const open = indexedDB.open('afterloop', 1);
            open.onerror = () => reject('the outbox did not open');
            open.onsuccess = () => {
                const db = open.result;
                const tx = db.transaction('outbox', 'readwrite');
                tx.objectStore('outbox').add({ json });
                tx.oncomplete = () => { db.close(); resolve(true); };
                tx.onerror = () => reject('the item was not kept');
            };
        });
    "#;
    browser.execute(script, json!([json])).await.unwrap();
}

#[tokio::test]
async fn items_an_earlier_build_kept_on_the_phone_still_send_after_an_update() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Kept before the update").await;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    sign_in(&browser, &app.base, Who::Tech).await;
    load(&browser, &format!("{}/jobs", app.base), "#outbox").await;

    // The items as the build before the outbox kept commands as JSON wrote
    // them: the command in the domain's wire form inside the item.
    let text = unique("Replaced the drain pump");
    let at = now();
    let commands = [
        Command::CheckIn { at, location: None },
        Command::AddNote {
            text: text.clone(),
            visibility: Visibility::Internal,
        },
    ];
    let stamp = unique("old-build").replace(' ', "-");
    for (n, command) in commands.iter().enumerate() {
        let item = json!({
            "user": "wu.gang",
            "case": id,
            "event_id": format!("{stamp}-{n}"),
            "recorded_at": at.millis() as f64,
            "payload": { "type": "command", "command": command },
            "sending": { "state": "waiting" },
        });
        keep_in_outbox(&browser, &item.to_string()).await;
    }
    load(&browser, &format!("{}/jobs", app.base), "#outbox").await;
    wait_outbox(&browser, "sent", 2, Duration::from_secs(60)).await;
    let sent = browser
        .execute(
            "return [...document.querySelectorAll('#outbox .outbox-item.sent .outbox-what')].map(e => e.textContent)",
            json!([]),
        )
        .await
        .unwrap();
    let sent: Vec<String> = serde_json::from_value(sent).unwrap();
    assert!(
        sent.iter().any(|w| w.contains(&text)),
        "the note is shown in words: {sent:?}"
    );
    assert!(
        sent.iter().any(|w| w.starts_with("Checked in at")),
        "the check-in is shown in words: {sent:?}"
    );
    browser
        .wait_for(&format!(".job-card[data-case='{id}']"))
        .await
        .unwrap();
    click(&browser, "#outbox-sent summary").await;
    shot(&browser, "job-kept-before-update-phone").await;

    let events = timeline(&staff, id).await.events;
    let notes = events
        .iter()
        .filter(|e| matches!(&e.change, Change::NoteAdded { text: t, .. } if *t == text))
        .count();
    assert_eq!(notes, 1, "the note arrived once");
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.change, Change::CheckedIn { .. })),
        "the check-in arrived"
    );
    browser.quit().await;
}

/// The smallest phone we serve: 360 px wide.
const SMALL_PHONE: Viewport = Viewport {
    width: 360,
    height: 740,
    scale: 3.0,
    mobile: true,
};

#[tokio::test]
async fn the_jobs_list_and_a_job_fit_a_360_px_phone_in_both_languages() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Small phone: display dark").await;
    let browser = signed_in(&app.base, SMALL_PHONE, Who::Tech).await;
    // A technician's home is their jobs.
    browser.goto(&format!("{}/", app.base)).await.unwrap();
    let card = format!(".job-card[data-case='{id}']");
    browser.wait_for(&card).await.unwrap();
    browser
        .wait_for(&format!("{card} a.call[href='tel:+8613810002001']"))
        .await
        .unwrap();
    browser
        .wait_for(&format!("{card} a.navigate[href^='geo:0,0?q=']"))
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("{card} .job-address"), |t| t.contains("新金桥路"))
        .await
        .unwrap();
    browser
        .wait_for_text(&format!("{card} .job-due"), |t| {
            t.contains("on site within")
        })
        .await
        .unwrap();
    let overflow = browser
        .execute(no_horizontal_scroll_script(), json!([]))
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "the job list fits 360 px");
    browser
        .execute(
            &format!("document.querySelector(\"{card}\").scrollIntoView(); return true"),
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "jobs-phone-360").await;

    click(&browser, "#lang-zh").await;
    browser
        .wait_for_text(".jobs h1", |t| t == "我的工单")
        .await
        .unwrap();
    shot(&browser, "jobs-zh-phone-360").await;
    click(&browser, &format!("{card} .job-link")).await;
    browser
        .wait_for_text("#visit-toggle", |t| t == "到达签到")
        .await
        .unwrap();
    let overflow = browser
        .execute(no_horizontal_scroll_script(), json!([]))
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "the job page fits 360 px");
    shot(&browser, "job-zh-phone-360").await;
    browser.quit().await;
}

/// A repair dispatched to wu.gang today, then worked and resolved.
async fn resolved_job(staff: &User, title: &str) -> CaseId {
    let id = job(staff, title).await;
    staff
        .ok(
            id,
            Command::Diagnose {
                root_cause: RootCause::ComponentFailure,
                failed_part: None,
                resolution: "Replaced the fan.".into(),
            },
        )
        .await;
    for to in [RepairStage::InRepair, RepairStage::Resolved] {
        staff.ok(id, move_to(Status::Repair(to))).await;
    }
    id
}

#[tokio::test]
async fn every_element_of_the_jobs_list_and_a_job_fits_360_and_390_px_phones_in_both_languages() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Width check: inverter F07").await;
    for viewport in [SMALL_PHONE, Viewport::PHONE] {
        let browser = signed_in(&app.base, viewport, Who::Tech).await;
        for lang in ["en", "zh"] {
            browser.goto(&format!("{}/jobs", app.base)).await.unwrap();
            let card = format!(".job-card[data-case='{id}']");
            browser.wait_for(&card).await.unwrap();
            if browser
                .find_all(&format!("#lang-{lang}[aria-pressed='true']"))
                .await
                .unwrap()
                .is_empty()
            {
                click(&browser, &format!("#lang-{lang}")).await;
            }
            let title = if lang == "zh" {
                "我的工单"
            } else {
                "My jobs"
            };
            browser
                .wait_for_text(".jobs h1", |t| t == title)
                .await
                .unwrap();
            // The list again, in this language.
            browser.wait_for(&card).await.unwrap();
            let wide = wider_than(&browser, viewport.width).await;
            assert!(
                wide.is_empty(),
                "jobs at {} px, {lang}: {wide:?}",
                viewport.width
            );
            shot(&browser, &format!("jobs-{lang}-phone-{}", viewport.width)).await;
            click(&browser, &format!("{card} .job-link")).await;
            browser.wait_for("#visit-toggle").await.unwrap();
            browser.wait_for("#previous-cases").await.unwrap();
            let wide = wider_than(&browser, viewport.width).await;
            assert!(
                wide.is_empty(),
                "a job at {} px, {lang}: {wide:?}",
                viewport.width
            );
            for (part, css) in [
                ("top", ".job-head"),
                ("record", ".job-record"),
                ("goods", "#job-goods-add"),
            ] {
                browser
                    .execute(
                        &format!("document.querySelector(\"{css}\").scrollIntoView(); return true"),
                        json!([]),
                    )
                    .await
                    .unwrap();
                browser
                    .screenshot(
                        &output_dir()
                            .join(format!("job-{part}-{lang}-phone-{}.png", viewport.width)),
                    )
                    .await
                    .unwrap();
            }
        }
        browser.quit().await;
    }
}

#[tokio::test]
async fn job_cards_show_their_stage_and_resolved_jobs_sit_apart_from_todays() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let today = job(&staff, "Stage shown: battery not charging").await;
    let done = resolved_job(&staff, "Stage shown: fixed yesterday's fault").await;
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Tech).await;
    browser.goto(&format!("{}/jobs", app.base)).await.unwrap();
    let today_card = format!("#jobs-today .job-card[data-case='{today}']");
    browser.wait_for(&today_card).await.unwrap();
    browser
        .wait_for_text(&format!("{today_card} .job-stage"), |t| {
            t == "Visit scheduled"
        })
        .await
        .unwrap();
    let done_card = format!("#jobs-done .job-card[data-case='{done}']");
    browser.wait_for(&done_card).await.unwrap();
    browser
        .wait_for_text(&format!("{done_card} .job-stage"), |t| t == "Resolved")
        .await
        .unwrap();
    assert!(
        browser
            .find_all(&format!("#jobs-today .job-card[data-case='{done}']"))
            .await
            .unwrap()
            .is_empty(),
        "a resolved job is not among today's"
    );
    browser
        .execute(
            &format!("document.querySelector(\"{done_card}\").scrollIntoView(); return true"),
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "jobs-done-phone").await;
    click(&browser, "#lang-zh").await;
    browser
        .wait_for_text(&format!("{done_card} .job-stage"), |t| t == "已解决")
        .await
        .unwrap();
    browser
        .wait_for_text("#jobs-done .jobs-day", |t| t.starts_with("已完成"))
        .await
        .unwrap();
    shot(&browser, "jobs-done-zh-phone").await;
    browser.quit().await;
}

#[tokio::test]
async fn opening_the_jobs_list_reads_every_job_for_offline_use_in_one_request() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        ids.push(job(&staff, &format!("Request count {n}")).await);
    }
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Tech).await;
    browser.goto(&format!("{}/jobs", app.base)).await.unwrap();
    for id in &ids {
        browser
            .wait_for(&format!(".job-card[data-case='{id}']"))
            .await
            .unwrap();
    }
    // Until the page stops asking (the old list read each job's timeline
    // and history after showing it).
    let api_reads = r#"return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.startsWith('/api/v1/'))"#;
    let mut last: Vec<String> = Vec::new();
    let mut quiet_since = Instant::now();
    let started = Instant::now();
    loop {
        let reads: Vec<String> =
            serde_json::from_value(browser.execute(api_reads, json!([])).await.unwrap()).unwrap();
        if reads != last {
            last = reads;
            quiet_since = Instant::now();
        }
        if quiet_since.elapsed() > Duration::from_secs(3)
            || started.elapsed() > Duration::from_secs(30)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let per_case: Vec<&String> = last
        .iter()
        .filter(|p| p.starts_with("/api/v1/cases/"))
        .collect();
    assert!(per_case.is_empty(), "no read per job: {per_case:?}");
    let jobs = last.iter().filter(|p| *p == "/api/v1/jobs").count();
    assert_eq!(jobs, 1, "the jobs are one read: {last:?}");
    assert!(last.len() <= 3, "a handful of requests in all: {last:?}");
    browser.quit().await;
}

/// A job on hold says so at the top of its page, with the reason, before
/// the technician drives out or checks in.
#[tokio::test]
async fn a_job_on_hold_says_so_at_the_top_of_its_page() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = job(&staff, "Held job: waiting for a spare part").await;
    let reason = "Waiting for the spare IGBT module";
    staff
        .ok(
            id,
            Command::Hold {
                reason: reason.into(),
            },
        )
        .await;
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Tech).await;
    browser
        .goto(&format!("{}/jobs/{id}", app.base))
        .await
        .unwrap();
    let head = browser
        .wait_for_text(".job-head", |t| t.contains(reason))
        .await
        .unwrap();
    assert!(head.contains("On hold"), "{head}");
}
