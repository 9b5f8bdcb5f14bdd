//! Pages whose code is a chunk fetched when first shown (the case page of
//! the back office, the job page of the field app): a short line in the
//! reader's language while the chunk loads, and a readable error with
//! "Try again" when it cannot load, never a blank page.

use afterloop_tests::client::intake;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{spawn_app, unique, Who};
use serde_json::json;

use super::{click, shot, signed_in};

/// Makes the page's requests go past the service worker (which cached
/// every chunk at install) and `blocked` URL patterns fail.
async fn network(browser: &Browser, blocked: &[&str], slow: bool) {
    browser.cdp("Network.enable", json!({})).await.unwrap();
    browser
        .cdp("Network.setBypassServiceWorker", json!({ "bypass": true }))
        .await
        .unwrap();
    browser
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await
        .unwrap();
    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": blocked }))
        .await
        .unwrap();
    let (latency, down) = if slow { (400, 100_000) } else { (0, -1) };
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": -1 }),
        )
        .await
        .unwrap();
}

/// On a slow line the case page says it is opening while its chunk loads,
/// then shows the case; a chunk that cannot load says so in words, and
/// "Try again" opens the page once it can.
#[tokio::test]
async fn a_lazy_page_says_it_is_opening_and_a_chunk_that_cannot_load_says_so() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let title = unique("Lazy: inverter fan rattles");
    let id = staff.open_with(&intake("repair", &title)).await;
    let browser = signed_in(&app.base, Viewport::PHONE, Who::Staff).await;
    let page = format!("{}/cases/{id}", app.base);

    // The work list loads at full speed; the line slows before a link to
    // the case is followed inside the app.
    network(&browser, &[], false).await;
    browser.goto(&format!("{}/", app.base)).await.unwrap();
    browser.wait_for("#list-as-of").await.unwrap();
    network(&browser, &[], true).await;
    browser
        .execute(
            "const a = document.createElement('a'); a.href = arguments[0]; \
             document.body.appendChild(a); a.click(); return true",
            json!([format!("/cases/{id}")]),
        )
        .await
        .unwrap();
    let opening = browser
        .wait_for_text(".chunk-loading", |t| !t.is_empty())
        .await
        .unwrap();
    assert_eq!(opening, "Opening the page…");
    shot(&browser, "lazy-case-page-opening-phone").await;
    browser
        .wait_for_text(".case-head .case-title", |t| t == title)
        .await
        .unwrap();

    network(&browser, &["*split_case_page*"], false).await;
    browser.goto(&page).await.unwrap();
    let failed = browser
        .wait_for_text(".chunk-failed", |t| !t.is_empty())
        .await
        .unwrap();
    assert!(
        failed.contains("This page could not be loaded: check the connection and try again."),
        "{failed}"
    );
    shot(&browser, "lazy-case-page-failed-phone").await;

    network(&browser, &[], false).await;
    click(&browser, ".chunk-failed button").await;
    browser
        .wait_for_text(".case-head .case-title", |t| t == title)
        .await
        .unwrap();
    browser.quit().await;
}
