//! After signing in, the pages speak the account's language (li.na's and
//! wu.gang's is Chinese) on a browser whose own language is English,
//! unless this device chose a language: then the choice stays.

use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{spawn_app, Who};

use super::{html_lang, load, shot, submit_sign_in};

#[tokio::test]
async fn the_pages_speak_the_accounts_language_unless_this_device_chose_one() {
    let app = spawn_app();

    // li.na reads Chinese; this browser never chose a language.
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    browser.goto(&format!("{}/signin", app.base)).await.unwrap();
    assert_eq!(
        html_lang(&browser).await,
        "en",
        "the browser's language first"
    );
    submit_sign_in(&browser, Who::Staff).await;
    browser.wait_for("#signout").await.unwrap();
    browser
        .wait_for("#lang-zh[aria-pressed=\"true\"]")
        .await
        .unwrap();
    assert_eq!(html_lang(&browser).await, "zh-CN");
    shot(&browser, "signed-in-account-language-desktop-zh").await;
    // Read again, the page still speaks it.
    load(&browser, &format!("{}/", app.base), "#signout").await;
    browser
        .wait_for("#lang-zh[aria-pressed=\"true\"]")
        .await
        .unwrap();
    browser.quit().await;

    // A technician's phone opens the jobs in the account's language too.
    let phone = Browser::start(Viewport::PHONE).await.unwrap();
    phone.goto(&format!("{}/signin", app.base)).await.unwrap();
    submit_sign_in(&phone, Who::Tech).await;
    phone
        .wait_for("#lang-zh[aria-pressed=\"true\"]")
        .await
        .unwrap();
    phone.wait_for(".jobs h1").await.unwrap();
    assert_eq!(html_lang(&phone).await, "zh-CN");
    shot(&phone, "signed-in-account-language-phone-zh").await;
    phone.quit().await;

    // Where the device chose English, English stays.
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    browser.goto(&format!("{}/signin", app.base)).await.unwrap();
    let en = browser.wait_for("#lang-en").await.unwrap();
    browser.click(&en).await.unwrap();
    submit_sign_in(&browser, Who::Staff).await;
    browser.wait_for("#signout").await.unwrap();
    browser
        .wait_for("#lang-en[aria-pressed=\"true\"]")
        .await
        .unwrap();
    assert_eq!(html_lang(&browser).await, "en");
    browser.quit().await;
}
