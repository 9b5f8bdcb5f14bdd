//! The customer's pages as a customer on a phone relies on them (issue
//! 16): the status page tells what they will experience (the booked
//! visit's window, when we answer) in their language, never a stage name of
//! the company's or an internal deadline, and no part used on site as a
//! shipment; the confirmation gives the whole link to copy or share, what
//! happens next and how we reach them; the request form speaks to the
//! customer, marks what is required, refuses a phone number nobody can
//! call, takes them to the first field at fault, and previews photos
//! before they are sent.

use afterloop_domain::case::{Language, RepairStage};
use afterloop_domain::flow::goods::{Direction, MovementState};
use afterloop_domain::time::{CHINA_OFFSET_MINUTES, HOUR_MS};
use afterloop_domain::view::LocalTime;
use afterloop_domain::wire::NewRequestReceipt;
use afterloop_domain::Command;
use afterloop_tests::steps::{dispatch, repair_to, Movement};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{now, public_intake, spawn_app, unique, Who};
use serde_json::json;

use super::{load, photos, shot, tap, type_into};

async fn page_text(browser: &Browser) -> String {
    browser
        .execute("return document.body.innerText", json!([]))
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn the_status_page_says_when_the_technician_comes_and_when_we_answer_never_a_stage_or_a_clock(
) {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Status words")))
        .await
        .json()
        .await
        .unwrap();
    let (id, token) = (receipt.id, receipt.token);
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .goto(&format!("{}/track/{token}", app.base))
        .await
        .unwrap();
    // This customer chose English on this phone.
    browser
        .execute(
            "localStorage.setItem('afterloop.lang', 'en'); return true",
            json!([]),
        )
        .await
        .unwrap();
    browser
        .goto(&format!("{}/track/{token}", app.base))
        .await
        .unwrap();
    // Before anyone answered: when a person answers, nothing else.
    let next = browser
        .wait_for_text("#status-next", |t| t.contains("We answer you by"))
        .await
        .unwrap();
    assert!(!next.contains("Triaged"), "{next}");
    shot(&browser, "customer-status-new-phone").await;

    // A visit booked for tomorrow 09:00–12:00 China time, the stage moved
    // on (the resolution clock runs): the page gives the visit.
    let tomorrow = now()
        .date_at_offset(CHINA_OFFSET_MINUTES)
        .plus_days(1)
        .unwrap();
    let from = tomorrow
        .start_at_offset(CHINA_OFFSET_MINUTES)
        .plus_millis(9 * HOUR_MS);
    for command in [
        repair_to(RepairStage::Triaged),
        dispatch("wu.gang", from, 3),
        repair_to(RepairStage::InRepair),
        // A part recorded to the customer and used up on site is no shipment.
        Movement::spare_part(Direction::CompanyToCustomer, "IGBT module", None).into(),
        Command::AdvanceMovement {
            movement: 1,
            to: MovementState::Consumed,
            carrier: None,
            tracking: None,
        },
    ] {
        staff.ok(id, command).await;
    }
    browser
        .goto(&format!("{}/track/{token}", app.base))
        .await
        .unwrap();
    let day = LocalTime {
        date: tomorrow,
        minute: 9 * 60,
    }
    .day(Language::En);
    let expected = format!("A technician visits on {day} between 09:00 and 12:00.");
    let next = browser
        .wait_for_text("#status-next", |t| t.contains(&expected))
        .await
        .unwrap_or_else(|e| panic!("{e}: expected {expected:?}"));
    let page = page_text(&browser).await;
    for jargon in ["Triaged", "In repair", " · by "] {
        assert!(!page.contains(jargon), "{jargon:?} on the page: {page}");
    }
    assert!(!next.contains("by "), "no deadline as a promise: {next}");
    assert!(
        browser
            .find_all("#status-shipments")
            .await
            .unwrap()
            .is_empty(),
        "a part used on site is not a shipment: {page}"
    );
    shot(&browser, "customer-status-visit-phone").await;

    // The same in Chinese.
    tap(&browser, "#lang-zh").await;
    let zh_day = LocalTime {
        date: tomorrow,
        minute: 9 * 60,
    }
    .day(Language::ZhCn);
    browser
        .wait_for_text("#status-next", |t| {
            t.contains(&format!("技术员将于 {zh_day}09:00–12:00 上门"))
        })
        .await
        .unwrap();
    shot(&browser, "customer-status-visit-zh-phone").await;
    browser.quit().await;
}

#[tokio::test]
async fn a_chinese_request_s_link_opens_in_chinese_and_can_switch() {
    let app = spawn_app();
    let mut body = public_intake("repair", &unique("逆变器报故障"));
    body["customer"]["language"] = "zh-CN".into();
    let receipt: NewRequestReceipt = app.new_request(&body).await.json().await.unwrap();
    // A browser in English that never chose a language.
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    browser
        .goto(&format!("{}/track/{}", app.base, receipt.token))
        .await
        .unwrap();
    browser
        .wait_for_text("#status-stage", |t| t == "已收到申请")
        .await
        .unwrap();
    let lang = browser
        .execute("return document.documentElement.lang", json!([]))
        .await
        .unwrap();
    assert_eq!(lang.as_str(), Some("zh-CN"));
    browser
        .wait_for_text("#status-next", |t| t.contains("我们将在"))
        .await
        .unwrap();
    shot(&browser, "customer-status-zh-by-request-phone").await;
    tap(&browser, "#lang-en").await;
    browser
        .wait_for_text("#status-stage", |t| t == "Request received")
        .await
        .unwrap();
    // The choice holds on the next visit.
    browser
        .goto(&format!("{}/track/{}", app.base, receipt.token))
        .await
        .unwrap();
    browser
        .wait_for_text("#status-stage", |t| t == "Request received")
        .await
        .unwrap();
    browser.quit().await;
}

/// The element's id that has the focus, and whether it is on screen.
async fn focused(browser: &Browser) -> (String, bool) {
    let v = browser
        .execute(
            "const e = document.activeElement; const r = e.getBoundingClientRect(); \
             return [e.id, r.top >= 0 && r.bottom <= window.innerHeight];",
            json!([]),
        )
        .await
        .unwrap();
    (
        v[0].as_str().unwrap_or_default().to_owned(),
        v[1].as_bool().unwrap_or(false),
    )
}

#[tokio::test]
async fn the_request_form_speaks_to_the_customer_and_takes_them_to_the_first_fault() {
    let app = spawn_app();
    for lang in ["en", "zh"] {
        let browser = Browser::start(Viewport::PHONE).await.unwrap();
        // A phone with a share sheet (a desktop Chromium has none): it
        // records what it was given.
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": "navigator.share = async (d) => { window.__shared = d; };" }),
            )
            .await
            .unwrap();
        load(
            &browser,
            &format!("{}/request", app.base),
            "#request-submit",
        )
        .await;
        if lang == "zh" {
            tap(&browser, "#lang-zh").await;
            browser
                .wait_for_text("#request h1", |t| t == "新的服务申请")
                .await
                .unwrap();
        }
        // Required fields are marked, visibly and for screen readers.
        for id in ["req-model", "req-description", "req-name"] {
            let marked = browser
                .execute(
                    &format!(
                        "const i = document.getElementById('{id}'); \
                         const l = document.querySelector('label[for={id}]'); \
                         return [i.getAttribute('aria-required'), l.innerText];"
                    ),
                    json!([]),
                )
                .await
                .unwrap();
            assert_eq!(marked[0].as_str(), Some("true"), "{id}");
            assert!(
                marked[1].as_str().unwrap_or_default().contains('*'),
                "{id}: {marked}"
            );
        }
        // The photo picker: a button in the page's language, tall enough
        // for a thumb, no raw browser control.
        let picker = browser
            .execute(
                "const b = document.querySelector('label[for=req-photos]'); \
                 const r = b.getBoundingClientRect(); \
                 const i = document.getElementById('req-photos').getBoundingClientRect(); \
                 return [b.innerText, r.height, i.width];",
                json!([]),
            )
            .await
            .unwrap();
        let label = picker[0].as_str().unwrap_or_default();
        assert!(
            label.contains(if lang == "zh" {
                "选择照片"
            } else {
                "Choose photos"
            }),
            "{picker}"
        );
        assert!(picker[1].as_f64().unwrap_or(0.0) >= 44.0, "{picker}");
        assert!(picker[2].as_f64().unwrap_or(9.0) <= 1.0, "{picker}");

        // Scroll to the end and send nothing: the customer's own words,
        // and the first field at fault focused and on screen.
        browser
            .execute(
                "window.scrollTo(0, document.body.scrollHeight); return true",
                json!([]),
            )
            .await
            .unwrap();
        tap(&browser, "#request-submit").await;
        browser
            .wait_for_text("#req-model-error", |t| !t.is_empty())
            .await
            .unwrap();
        let text = page_text(&browser).await;
        for staff_words in [
            "Enter a title",
            "so we can reach the customer",
            "请填写标题",
            "以便联系客户",
        ] {
            assert!(!text.contains(staff_words), "{staff_words:?} in {text}");
        }
        let model_error = browser
            .wait_for_text("#req-model-error", |t| !t.is_empty())
            .await
            .unwrap();
        assert!(
            model_error.contains(if lang == "zh" { "型号" } else { "model" }),
            "{model_error}"
        );
        let (id, visible) = focused(&browser).await;
        assert_eq!(id, "req-model");
        assert!(visible, "the first field at fault is on screen");
        shot(&browser, &format!("customer-request-errors-{lang}-phone")).await;

        // A phone nobody can call is refused; a Chinese mobile is taken.
        type_into(&browser, "#req-model", "SUN-10K-G").await;
        type_into(&browser, "#req-description", "The display stays dark.").await;
        type_into(&browser, "#req-name", "王建国").await;
        type_into(&browser, "#req-phone", "12345").await;
        browser
            .execute("window.scrollTo(0, 0); return true", json!([]))
            .await
            .unwrap();
        tap(&browser, "#request-submit").await;
        browser
            .wait_for_text("#req-phone-error", |t| !t.is_empty())
            .await
            .unwrap();
        let (id, visible) = focused(&browser).await;
        assert_eq!(id, "req-phone");
        assert!(visible, "the phone field is on screen");
        browser
            .execute(
                "const p = document.querySelector('#req-phone'); p.value = ''; \
                 p.dispatchEvent(new Event('input', {bubbles: true})); return true",
                json!([]),
            )
            .await
            .unwrap();
        type_into(&browser, "#req-phone", "13812345678").await;

        // Photos: previewed with a remove button, nothing sent yet.
        let (a, b) = photos("customer", ("fault.bmp", 800, 600), ("label.bmp", 600, 800));
        let input = browser.wait_for("#req-photos").await.unwrap();
        browser
            .type_text(&input, &format!("{}\n{}", a.display(), b.display()))
            .await
            .unwrap();
        let thumbs = |n: usize| {
            format!(
                "return [...document.querySelectorAll('#req-photos-picked .photo-pick img')] \
                 .filter(i => i.complete && i.naturalWidth > 0).length == {n}"
            )
        };
        wait_true(&browser, &thumbs(2)).await;
        shot(&browser, &format!("customer-request-photos-{lang}-phone")).await;
        tap(
            &browser,
            "#req-photos-picked .photo-pick:first-child .photo-remove",
        )
        .await;
        wait_true(&browser, &thumbs(1)).await;

        // Sent: the confirmation.
        tap(&browser, "#request-submit").await;
        let number = browser
            .wait_for_text("#received-number", |t| t.starts_with("AL-"))
            .await
            .unwrap();
        let link = browser
            .wait_for_text("#received-link", |t| !t.is_empty())
            .await
            .unwrap();
        assert!(
            link.starts_with(&format!("{}/track/", app.base)),
            "the whole link, to paste anywhere: {link}"
        );
        let next = browser
            .wait_for_text("#received-next", |t| !t.is_empty())
            .await
            .unwrap();
        assert!(
            next.contains(if lang == "zh" {
                "答复"
            } else {
                "We answer you"
            }),
            "{next}"
        );
        browser
            .wait_for_text("#received-contact", |t| t.contains("13812345678"))
            .await
            .unwrap();
        tap(&browser, "#received-copy").await;
        browser
            .wait_for_text("#received-copied", |t| {
                t == if lang == "zh" { "已复制" } else { "Copied" }
            })
            .await
            .unwrap();
        let shared = browser
            .execute(
                "return window.__shared ? window.__shared.url : null",
                json!([]),
            )
            .await
            .unwrap();
        assert!(shared.is_null(), "nothing shared before the tap");
        tap(&browser, "#received-share").await;
        let shared = browser
            .execute(
                "return window.__shared ? window.__shared.url : null",
                json!([]),
            )
            .await
            .unwrap();
        assert_eq!(
            shared.as_str(),
            Some(link.as_str()),
            "the share sheet gets the link"
        );
        shot(&browser, &format!("customer-request-received-{lang}-phone")).await;

        // The one photo kept arrived, under its own name.
        tap(&browser, "#received-link").await;
        browser
            .wait_for_text(".status .case-id", |t| t == number)
            .await
            .unwrap();
        let names = browser
            .execute(
                "return [...document.querySelectorAll('#status-messages .message-photo')].map(i => i.alt)",
                json!([]),
            )
            .await
            .unwrap();
        assert_eq!(names, json!(["label.jpg"]));
        browser.quit().await;
    }
}

/// Waits until `script` returns `true`.
async fn wait_true(browser: &Browser, script: &str) {
    for _ in 0..100 {
        if browser.execute(script, json!([])).await.ok() == Some(json!(true)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never true: {script}");
}

#[tokio::test]
async fn a_reply_photo_is_previewed_and_sent_only_with_send() {
    let app = spawn_app();
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Reply photo")))
        .await
        .json()
        .await
        .unwrap();
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    load(
        &browser,
        &format!("{}/track/{}", app.base, receipt.token),
        "#reply",
    )
    .await;
    let (a, _) = photos("customer", ("fault.bmp", 800, 600), ("label.bmp", 600, 800));
    let input = browser.wait_for("#reply-photo").await.unwrap();
    browser
        .type_text(&input, &a.display().to_string())
        .await
        .unwrap();
    wait_true(
        &browser,
        "return document.querySelectorAll('#reply-photo-picked .photo-pick img').length == 1",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(
        browser
            .find_all("#status-messages .message-photo")
            .await
            .unwrap()
            .is_empty(),
        "nothing is sent before Send"
    );
    browser
        .execute(
            "document.getElementById('reply').scrollIntoView(); return true",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "customer-reply-photo-preview-phone").await;
    type_into(&browser, "#reply-text", "Here is the fault on the display.").await;
    tap(&browser, "#reply-send").await;
    wait_true(
        &browser,
        "return document.querySelectorAll('#status-messages .message-photo').length == 1 \
         && document.querySelectorAll('#reply-photo-picked .photo-pick').length == 0",
    )
    .await;
    browser
        .wait_for_text("#status-messages", |t| t.contains("Here is the fault"))
        .await
        .unwrap();
    browser
        .execute(
            "document.getElementById('status-messages').scrollIntoView(); return true",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "customer-reply-photo-sent-phone").await;
    browser.quit().await;
}

#[tokio::test]
async fn every_customer_page_fits_a_phone_in_both_languages() {
    let app = spawn_app();
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Every page")))
        .await
        .json()
        .await
        .unwrap();
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    for (lang, button) in [("en", "#lang-en"), ("zh", "#lang-zh")] {
        for (page, path, ready) in [
            ("lookup", "/track".to_owned(), "#lookup-submit"),
            ("request", "/request".to_owned(), "#request-submit"),
            (
                "status",
                format!("/track/{}", receipt.token),
                "#status-next",
            ),
        ] {
            load(&browser, &format!("{}{path}", app.base), ready).await;
            tap(&browser, button).await;
            let want = if lang == "zh" { "zh-CN" } else { "en" };
            wait_true(
                &browser,
                &format!("return document.documentElement.lang == '{want}'"),
            )
            .await;
            browser.wait_for(ready).await.unwrap();
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
                "{page} {lang}: no sideways scrolling"
            );
            shot(&browser, &format!("customer-{page}-{lang}-390")).await;
        }
    }
    browser.quit().await;
}
