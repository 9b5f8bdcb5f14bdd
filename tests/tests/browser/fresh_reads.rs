//! Read-your-writes in the pages: an action shows its result from the
//! command's answer (one request, not a re-read of a lagging KV), and a
//! reload right after it, with KV made to serve the snapshot from before
//! the action (`afterloop_tests::lagging`, the real local KV), still shows
//! it: the page reads no older than the version it was shown.

use std::time::Duration;

use afterloop_domain::CaseId;
use afterloop_tests::client::User;
use afterloop_tests::lagging::LaggingServer;
use afterloop_tests::steps::schedule;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, now, unique, Who};
use serde_json::json;

use super::{click, load, shot, signed_in, tap, type_into};

/// Counts the page's API requests from now on (`window.fetch` wrapped).
async fn count_requests(browser: &Browser) {
    browser
        .execute(
            "window.__api = [];
             const real = window.fetch;
             window.fetch = function (input, init) {
               const url = new URL(typeof input === 'string' ? input : input.url, location.href);
               const method = (init && init.method) || (input && input.method) || 'GET';
               if (url.pathname.startsWith('/api/v1/')) window.__api.push(method + ' ' + url.pathname + url.search);
               return real.apply(this, arguments);
             };",
            json!([]),
        )
        .await
        .unwrap();
}

/// The API requests counted since [`count_requests`], once the page is quiet.
async fn requests(browser: &Browser) -> Vec<String> {
    // Whatever a page would read after the answer starts at once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let list = browser
        .execute("return window.__api", json!([]))
        .await
        .unwrap();
    serde_json::from_value(list).unwrap()
}

async fn version(user: &User, id: CaseId) -> u32 {
    let view = user.case(id).await;
    view.case.version
}

#[tokio::test]
async fn one_staff_action_on_the_case_page_is_one_request() {
    let lagging = LaggingServer::start("one_staff_action_on_the_case_page_is_one");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Inverter hums")).await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    load(
        &browser,
        &format!("{}/cases/{id}", app.base),
        ".stage-chip[data-stage=new]",
    )
    .await;
    count_requests(&browser).await;

    click(&browser, "button.move[data-to=triaged]").await;
    browser
        .wait_for(".stage-chip[data-stage=triaged]")
        .await
        .unwrap();

    let sent = requests(&browser).await;
    assert_eq!(
        sent,
        vec![format!("POST /api/v1/cases/{id}/commands")],
        "the answer is shown as it is"
    );
    browser.quit().await;
}

#[tokio::test]
async fn the_case_page_shows_a_staff_action_after_a_reload_under_a_lagging_kv() {
    let lagging = LaggingServer::start("the_case_page_shows_a_staff_action_after");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = staff.open("repair", &unique("Display flickers")).await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    load(
        &browser,
        &format!("{}/cases/{id}", app.base),
        ".stage-chip[data-stage=new]",
    )
    .await;
    let previous = kv.snapshot(id);

    click(&browser, "button.move[data-to=triaged]").await;
    browser
        .wait_for(".stage-chip[data-stage=triaged]")
        .await
        .unwrap();
    // KV serves the case from before the move, as a lagging edge would.
    kv.serve_stale(id, &previous);
    browser.goto(&format!("{}/", app.base)).await.unwrap();
    load(&browser, &format!("{}/cases/{id}", app.base), ".stage-chip").await;
    let stage = browser
        .execute(
            "return document.querySelector('.stage-chip').dataset.stage",
            json!([]),
        )
        .await
        .unwrap();
    shot(&browser, "fresh-case-page-desktop").await;
    assert_eq!(stage, json!("triaged"), "the move is still shown");
    browser.quit().await;
}

/// A repair dispatched to wu.gang from now and scheduled.
async fn job(staff: &User, title: &str) -> CaseId {
    let id = staff.open_with(&intake("repair", &unique(title))).await;
    schedule(staff, id, "wu.gang", now(), 3).await;
    id
}

#[tokio::test]
async fn a_technicians_note_stays_on_the_job_page_after_a_reload_under_a_lagging_kv() {
    let lagging = LaggingServer::start("a_technicians_note_stays_on_the_job_page");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = job(&staff, "Fan rattles").await;
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Tech).await;
    load(&browser, &format!("{}/jobs/{id}", app.base), "#job-note").await;
    let before = version(&staff, id).await;
    let previous = kv.snapshot(id);
    count_requests(&browser).await;

    let text = unique("Dust in the fan");
    type_into(&browser, "#job-note", &text).await;
    tap(&browser, "#job-note-internal").await;
    browser
        .wait_for_text("#job-timeline", |t| t.contains(&text))
        .await
        .unwrap();
    let sent = requests(&browser).await;
    assert_eq!(
        sent,
        vec![format!("POST /api/v1/cases/{id}/commands")],
        "the outbox's answer is shown as it is"
    );
    assert!(version(&staff, id).await > before);

    kv.serve_stale(id, &previous);
    load(&browser, &format!("{}/jobs/{id}", app.base), "#job-note").await;
    let shown = browser
        .wait_for_text("#job-timeline", |t| t.contains(&text))
        .await;
    shot(&browser, "fresh-job-page-phone").await;
    assert!(shown.is_ok(), "the note is still shown after a reload");
    browser.quit().await;
}

#[tokio::test]
async fn the_customers_message_stays_on_their_page_after_a_reload_under_a_lagging_kv() {
    let lagging = LaggingServer::start("the_customers_message_stays_on_their_pag");
    let app = lagging.app();
    let staff = app.sign_in(Who::Staff).await;
    let kv = &lagging.kv;
    let id = staff.open("repair", &unique("No power")).await;
    let view = staff.case(id).await;
    let token = view.case.public_token;
    let browser = Browser::start(Viewport::PHONE).await.unwrap();
    load(
        &browser,
        &format!("{}/track/{token}", app.base),
        "#reply-text",
    )
    .await;
    let previous = kv.snapshot(id);
    count_requests(&browser).await;

    let text = unique("Home after three");
    type_into(&browser, "#reply-text", &text).await;
    tap(&browser, "#reply-send").await;
    browser
        .wait_for_text("#status-messages", |t| t.contains(&text))
        .await
        .unwrap();
    let sent = requests(&browser).await;
    assert_eq!(
        sent,
        vec![format!("POST /api/v1/track/{token}/messages")],
        "the answer is shown as it is"
    );

    kv.serve_stale(id, &previous);
    load(
        &browser,
        &format!("{}/track/{token}", app.base),
        "#reply-text",
    )
    .await;
    let shown = browser
        .wait_for_text("#status-messages", |t| t.contains(&text))
        .await;
    shot(&browser, "fresh-customer-page-phone").await;
    assert!(shown.is_ok(), "their message is still shown after a reload");
    browser.quit().await;
}
