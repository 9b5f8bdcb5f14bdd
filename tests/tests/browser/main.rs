//! Browser tests: headless Chromium (Debian's, through chromedriver) against
//! the real worker. Screenshots go to `tests/output/`.

mod account_language;
mod admin;
mod case_actions;
mod case_page;
mod customer_pages;
mod customers;
mod every_page;
mod fresh_reads;
mod goods_photos;
mod intake;
mod language;
mod new_case;
mod queues;
mod quote_form;
mod reports;
mod signin;
mod technician;
mod worklist;

use afterloop_tests::webdriver::Browser;
use afterloop_tests::Who;

/// Signs in through the sign-in page.
pub async fn sign_in(browser: &Browser, base: &str, who: Who) {
    let (user, password) = who.credentials();
    browser.goto(&format!("{base}/signin")).await.unwrap();
    let field = browser.wait_for("#signin-user").await.unwrap();
    // This browser keeps its language (English) unless a test chose one:
    // an account's language applies only where the device chose none.
    browser
        .execute(
            "if (!localStorage.getItem('afterloop.lang')) \
             localStorage.setItem('afterloop.lang', 'en'); return true",
            serde_json::json!([]),
        )
        .await
        .unwrap();
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

/// Presses `css` as a phone user taps it (see `Browser::tap`).
pub async fn tap(browser: &Browser, css: &str) {
    browser
        .tap(css)
        .await
        .unwrap_or_else(|e| panic!("tapping {css}: {e}"));
}

/// Types `text` into the first element matching `css`.
pub async fn type_into(browser: &Browser, css: &str, text: &str) {
    let e = browser.wait_for(css).await.unwrap();
    browser.type_text(&e, text).await.unwrap();
}
