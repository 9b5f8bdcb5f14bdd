//! Signing in while someone guesses the user's password from many
//! addresses: past the per-user ceiling the server asks for a proof of
//! work, and the sign-in page solves one by itself, so the user signs in
//! as usual. Runs a server of its own that trusts `CF-Connecting-IP` (as
//! the deployed worker does), so the guesses come from many addresses.

use afterloop_domain::limits::{LOGIN_PAIR, LOGIN_USER};
use afterloop_tests::client::expect_error;
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{OwnServer, Who, TRUSTING};
use reqwest::StatusCode;
use serde_json::json;

use super::{shot, sign_in};

#[tokio::test]
async fn past_the_users_ceiling_the_sign_in_page_solves_the_challenge_itself() {
    let server = OwnServer::start("signin-challenge", &[TRUSTING]);
    let app = server.app();
    let setup = app.post("/api/v1/setup/demo-users", &json!({})).await;
    assert_eq!(setup.status(), StatusCode::OK);
    let (user, _) = Who::Staff2.credentials();

    // Guesses from enough addresses to pass the per-user ceiling.
    let mut failed = 0;
    let mut n = 0;
    while failed < LOGIN_USER.limit {
        n += 1;
        let guesser = app.from_address(&format!("203.0.113.{n}"));
        for i in 0..LOGIN_PAIR.limit.min(LOGIN_USER.limit - failed) {
            let resp = guesser.login(user, &format!("guess-{n}-{i}"), None).await;
            assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
            failed += 1;
        }
    }
    let bare = app
        .from_address("198.51.100.9")
        .login(user, "x-x-x-x", None)
        .await;
    expect_error(bare, StatusCode::BAD_REQUEST, "challenge_required").await;

    // The user, in a browser, signs in as ever.
    let browser = Browser::start(Viewport::DESKTOP).await.unwrap();
    sign_in(&browser, &server.server.url, Who::Staff2).await;
    shot(&browser, "signin-after-challenge").await;
}
