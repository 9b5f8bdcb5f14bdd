//! Browser tests: headless Chromium (Debian's, through chromedriver) against
//! the real worker. Screenshots go to `tests/output/`.

mod admin;
mod case_actions;
mod customers;
mod intake;
mod language;
mod new_case;
mod queues;
mod reports;
mod technician;

use afterloop_tests::webdriver::Browser;
use afterloop_tests::Who;

/// Signs in through the sign-in page.
pub async fn sign_in(browser: &Browser, base: &str, who: Who) {
    let (user, password) = who.credentials();
    browser.goto(&format!("{base}/signin")).await.unwrap();
    let field = browser.wait_for("#signin-user").await.unwrap();
    browser.type_text(&field, user).await.unwrap();
    let field = browser.wait_for("#signin-password").await.unwrap();
    browser.type_text(&field, password).await.unwrap();
    let submit = browser
        .wait_for("form.signin button[type=submit]")
        .await
        .unwrap();
    browser.click(&submit).await.unwrap();
    browser.wait_for("#signout").await.unwrap();
}
