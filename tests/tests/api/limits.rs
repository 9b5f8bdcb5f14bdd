//! Abuse limits: counted exactly (each counter is one Durable Object),
//! keyed so nobody locks a user out from elsewhere, and honest about the
//! client's address. Behind Cloudflare the address is `CF-Connecting-IP`,
//! which the edge sets; the tests that need many addresses run a server of
//! their own that trusts the header as the deployed worker does, and send
//! it as the edge would. Locally (the shared test server) every client is
//! one address, whatever header it sends.

use afterloop_domain::limits::{LOGIN_PAIR, LOGIN_USER, PUBLIC};
use afterloop_tests::client::{expect_error, public_intake};
use afterloop_tests::{unique, OwnServer, TestApp, Who, TRUSTING};
use reqwest::{Response, StatusCode};
use serde_json::json;

/// The `Retry-After` of a 429, in seconds.
fn retry_after(resp: &Response) -> u64 {
    resp.headers()
        .get("Retry-After")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("a 429 carries Retry-After in seconds: {resp:?}"))
}

/// Sends `n` requests at once (`send(i)` makes the i-th) and answers how
/// many came back with each status, checking every 429 on the way.
async fn at_once<F, Fut>(n: usize, send: F) -> std::collections::BTreeMap<u16, usize>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = Response> + Send + 'static,
{
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        tasks.spawn(send(i));
    }
    let mut counts = std::collections::BTreeMap::new();
    while let Some(resp) = tasks.join_next().await {
        let resp = resp.expect("request task");
        let status = resp.status().as_u16();
        if status == 429 {
            let wait = retry_after(&resp);
            let body = expect_error(resp, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
            assert!(
                body.message.contains("try again in"),
                "the message says the wait: {}",
                body.message
            );
            assert!(wait >= 1, "a wait of at least a second");
        }
        *counts.entry(status).or_insert(0) += 1;
    }
    counts
}

/// Behind Cloudflare: 30 parallel wrong guesses from one address get exactly
/// the pair's limit checked; that address then waits, the right password
/// from another address still signs in; once the user's failures pass the
/// per-user ceiling, a sign-in needs a solved challenge and then succeeds.
/// The public endpoints count each address exactly, and a challenge is
/// spent once however many requests carry it at once.
#[tokio::test]
async fn limits_behind_cloudflare_count_exactly_per_user_and_address() {
    let server = OwnServer::start("limits", &[TRUSTING]);
    let app = server.app();
    let setup = app.post("/api/v1/setup/demo-users", &json!({})).await;
    assert_eq!(setup.status(), StatusCode::OK, "demo users");

    guessing_locks_only_the_guessing_address(&app).await;
    past_the_users_ceiling_a_sign_in_needs_a_solved_challenge(&app).await;
    public_endpoints_count_each_address_exactly(&app).await;
    a_challenge_is_spent_once_however_many_carry_it(&app).await;
    an_address_header_that_is_no_address_is_refused(&app).await;
}

const USER: &str = "zhao.lei";
const PASSWORD: &str = "staff-demo-2026";

async fn guessing_locks_only_the_guessing_address(app: &TestApp) {
    let attacker = app.from_address("203.0.113.10");
    let counts = at_once(30, |i| {
        let attacker = attacker.clone();
        async move {
            attacker
                .login(USER, &format!("guess-{i}-wrong"), None)
                .await
        }
    })
    .await;
    assert_eq!(
        counts.get(&401).copied().unwrap_or(0),
        LOGIN_PAIR.limit as usize,
        "exactly the pair's limit of guesses was checked: {counts:?}"
    );
    assert_eq!(
        counts.get(&429).copied().unwrap_or(0),
        30 - LOGIN_PAIR.limit as usize,
        "the rest were refused unchecked: {counts:?}"
    );

    // The guessing address waits, even with the right password...
    let locked = attacker.login(USER, PASSWORD, None).await;
    let wait = retry_after(&locked);
    assert!(
        (LOGIN_PAIR.window_secs - 120..=LOGIN_PAIR.window_secs).contains(&wait),
        "it waits until the quarter hour ends: {wait} s"
    );
    let body = expect_error(locked, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    assert!(
        body.message.contains("minutes"),
        "the real wait, in minutes: {}",
        body.message
    );

    // ...while the user, elsewhere, signs in: nobody locks them out.
    let user = app.from_address("198.51.100.20");
    let resp = user.login(USER, PASSWORD, None).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "the right password from another address"
    );
}

async fn past_the_users_ceiling_a_sign_in_needs_a_solved_challenge(app: &TestApp) {
    // 10 failures counted so far; more addresses bring the user to the ceiling.
    let mut failed = LOGIN_PAIR.limit;
    let mut n = 0;
    while failed < LOGIN_USER.limit {
        n += 1;
        let other = app.from_address(&format!("192.0.2.{n}"));
        let take = (LOGIN_USER.limit - failed).min(LOGIN_PAIR.limit) as usize;
        let counts = at_once(take, |i| {
            let other = other.clone();
            async move { other.login(USER, &format!("wrong-{n}-{i}"), None).await }
        })
        .await;
        assert_eq!(counts.get(&401).copied(), Some(take), "{counts:?}");
        failed += take as u32;
    }

    // Now, from a fresh address, the right password alone is not enough...
    let user = app.from_address("198.51.100.21");
    let resp = user.login(USER, PASSWORD, None).await;
    let body = expect_error(resp, StatusCode::BAD_REQUEST, "challenge_required").await;
    assert_eq!(body.fields[0].field, "challenge");

    // ...a solved challenge lets a wrong password be checked (401), once...
    let solved = user.solve_challenge().await;
    let resp = user.login(USER, "still-a-wrong-one", Some(&solved)).await;
    expect_error(resp, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let again = user.login(USER, PASSWORD, Some(&solved)).await;
    expect_error(again, StatusCode::BAD_REQUEST, "challenge_failed").await;

    // ...and with a fresh one the right password signs in.
    let solved = user.solve_challenge().await;
    let resp = user.login(USER, PASSWORD, Some(&solved)).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "signed in with a solved challenge"
    );
}

async fn public_endpoints_count_each_address_exactly(app: &TestApp) {
    let busy = app.from_address("2001:db8:aa:1::7");
    let counts = at_once(30, |_| {
        let busy = busy.clone();
        async move { busy.get("/api/v1/public/challenge").await }
    })
    .await;
    assert_eq!(
        counts.get(&200).copied(),
        Some(PUBLIC.limit as usize),
        "exactly the limit served: {counts:?}"
    );
    assert_eq!(counts.get(&429).copied(), Some(30 - PUBLIC.limit as usize));

    // The same /64 is one subscriber; another network is not held up.
    let same_net = app.from_address("2001:db8:aa:1:ffff::1");
    let resp = same_net.get("/api/v1/public/challenge").await;
    assert!(retry_after(&resp) <= PUBLIC.window_secs);
    let other = app.from_address("2001:db8:bb:2::7");
    let resp = other.get("/api/v1/public/challenge").await;
    assert_eq!(resp.status(), StatusCode::OK);
}

async fn a_challenge_is_spent_once_however_many_carry_it(app: &TestApp) {
    let solved = app.from_address("198.51.100.40").solve_challenge().await;
    let counts = at_once(8, |i| {
        let sender = app.from_address(&format!("198.51.100.{}", 50 + i));
        let (challenge, nonce) = solved.clone();
        async move {
            sender
                .http
                .post(sender.url("/api/v1/public/requests"))
                .header("X-Challenge", challenge)
                .header("X-Challenge-Nonce", nonce)
                .json(&public_intake(
                    "repair",
                    &unique(&format!("Spent once {i}")),
                ))
                .send()
                .await
                .expect("POST /api/v1/public/requests")
        }
    })
    .await;
    assert_eq!(
        counts.get(&201).copied(),
        Some(1),
        "one request opened a case: {counts:?}"
    );
    assert_eq!(
        counts.get(&400).copied(),
        Some(7),
        "the others were refused: {counts:?}"
    );
}

async fn an_address_header_that_is_no_address_is_refused(app: &TestApp) {
    for bad in ["local".to_owned(), "1".repeat(600)] {
        let resp = app
            .from_address(&bad)
            .post(
                "/api/v1/track/lookup",
                &json!({ "case": "AL-1001", "contact": "x" }),
            )
            .await;
        let body = expect_error(resp, StatusCode::BAD_REQUEST, "invalid_address").await;
        assert_eq!(body.fields[0].field, "CF-Connecting-IP");
    }
}

/// Locally (`worker/.dev.vars`: the header is not trusted; a server of its
/// own, since the test server trusts it as the deployed worker does) every
/// client is one address, `local`, whatever `CF-Connecting-IP` it claims:
/// 25 customer photos from 25 claimed addresses share one per-address limit.
#[tokio::test]
async fn locally_every_client_is_one_address_whatever_it_claims() {
    let server = OwnServer::start("local", &[("TRUST_CF_CONNECTING_IP", "false")]);
    let app = server.app();
    let mut refused = 0;
    for i in 0..25 {
        let resp = app
            .from_address(&format!("203.0.113.{}", 100 + i))
            .http
            .post(app.url(&format!(
                "/api/v1/track/{}/attachments?name=a.jpg&event_id=local-address-{i:02}",
                "0".repeat(64)
            )))
            .header("Content-Type", "image/jpeg")
            .body(vec![0xff, 0xd8, 0xff])
            .send()
            .await
            .unwrap();
        if resp.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(retry_after(&resp) <= PUBLIC.window_secs);
            refused += 1;
        } else {
            expect_error(resp, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    assert!(
        refused >= 25 - PUBLIC.limit,
        "claimed addresses did not split the limit: {refused} refused"
    );

    // Sign-in failures too: ten from claimed addresses lock the name for all.
    let manager = app.sign_in(Who::Manager).await;
    let name = format!("lim.{:x}", afterloop_tests::now().millis());
    let created = manager
        .post(
            "/api/v1/admin/users",
            &json!({ "name": name, "display_name": "Limit Test", "role": "staff", "language": "en", "password": "right-password-1" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    for i in 0..LOGIN_PAIR.limit {
        let resp = app
            .from_address(&format!("198.51.100.{}", 100 + i))
            .login(&name, "wrong-password", None)
            .await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let locked = app
        .from_address("192.0.2.200")
        .login(&name, "right-password-1", None)
        .await;
    assert!(retry_after(&locked) > 60);
    expect_error(locked, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
}
