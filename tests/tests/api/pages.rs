//! The customer's pages rendered by the worker (`/track/{token}`, `/track`,
//! `/request`): readable before any wasm loads, in the customer's language,
//! every customer-typed text escaped, the case's data embedded for the app,
//! and nothing of any case for a link that opens none.

use afterloop_domain::wire::{NewRequestReceipt, TrackView};
use afterloop_tests::{public_intake, spawn_app, unique, TestApp};
use reqwest::StatusCode;
use serde_json::json;

const HOSTILE_TITLE: &str = "</script><script>alert(1)</script> inverter";
const HOSTILE_MESSAGE: &str = "<img src=x onerror=alert(2)> & \"quotes\"";

/// Opens a public request in `language`; its receipt.
async fn request(app: &TestApp, language: &str, title: &str) -> NewRequestReceipt {
    let mut body = public_intake("repair", title);
    body["customer"]["language"] = language.into();
    let resp = app.new_request(&body).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    resp.json().await.unwrap()
}

/// The page at `path` with `Accept-Language` (if any): status, headers, body.
async fn page(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut req = app.http.get(app.url(path));
    if let Some(a) = accept {
        req = req.header("Accept-Language", a);
    }
    let resp = req.send().await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    (status, headers, resp.text().await.unwrap())
}

/// The text of the element whose opening tag contains `marker`, tags removed.
fn text_of(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in the page"));
    let open_end = at + html[at..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</").unwrap();
    html[open_end..close].to_owned()
}

#[tokio::test]
async fn a_case_page_reads_its_stage_and_next_step_in_the_case_language() {
    let app = spawn_app();
    let zh = request(&app, "zh-CN", &unique("逆变器不工作")).await;
    let en = request(&app, "en", &unique("Inverter is silent")).await;

    let (status, headers, html) = page(&app, &format!("/track/{}", zh.token), Some("en")).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert_eq!(text_of(&html, r#"id="status-stage""#), "已收到申请");
    assert!(
        html.contains("我们将在"),
        "the next step with its deadline, in Chinese"
    );
    assert!(html.contains("SUN-10K-G"), "the product");
    assert_eq!(headers["cache-control"], "private, no-store");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));

    let (status, _, html) = page(&app, &format!("/track/{}", en.token), Some("zh-CN")).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en">"#));
    assert_eq!(text_of(&html, r#"id="status-stage""#), "Request received");
    assert!(
        html.contains("We answer you by"),
        "the next step with its deadline"
    );

    // The page carries the API's own view for the app.
    let api: TrackView = app
        .get(&format!("/api/v1/track/{}", en.token))
        .await
        .json()
        .await
        .unwrap();
    let embedded = text_of(&html, r#"id="page-data""#);
    let embedded: TrackView = serde_json::from_str(&embedded).unwrap();
    assert_eq!(embedded.case.case.id, api.case.case.id);
    assert_eq!(embedded.case.next, api.case.next);

    // `?lang=` chooses another language.
    let (_, _, html) = page(&app, &format!("/track/{}?lang=en", zh.token), None).await;
    assert_eq!(text_of(&html, r#"id="status-stage""#), "Request received");
}

#[tokio::test]
async fn customer_typed_text_is_escaped_in_the_page_and_its_data() {
    let app = spawn_app();
    let receipt = request(&app, "en", HOSTILE_TITLE).await;
    let sent = app
        .post(
            &format!("/api/v1/track/{}/messages", receipt.token),
            &json!({ "event_id": unique("hostile").replace(' ', "-"), "text": HOSTILE_MESSAGE }),
        )
        .await;
    assert!(sent.status().is_success(), "{}", sent.status());

    let (status, _, html) = page(&app, &format!("/track/{}", receipt.token), None).await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("<script>alert(1)"),
        "no script from the title"
    );
    assert!(!html.contains("<img src=x"), "no element from the message");
    assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;"));
    // Only the app's own scripts: the module loader and the data.
    assert_eq!(html.matches("</script>").count(), 2, "{html}");
    let data = text_of(&html, r#"id="page-data""#);
    assert!(!data.contains('<') && !data.contains('>'));
    let view: TrackView = serde_json::from_str(&data).unwrap();
    assert!(view.case.case.title.as_ref().starts_with(HOSTILE_TITLE));
}

#[tokio::test]
async fn a_link_that_opens_no_case_is_a_readable_404_without_case_data() {
    let app = spawn_app();
    let unknown = "0".repeat(64);
    for (path, accept, words) in [
        (
            format!("/track/{unknown}"),
            Some("en-GB,en;q=0.9"),
            "This link opens no case",
        ),
        (format!("/track/{unknown}"), None, "此链接无法打开工单"),
        (
            "/track/not-a-token".to_owned(),
            Some("en"),
            "This link opens no case",
        ),
        (
            format!("/track/{}", "a".repeat(300)),
            Some("en"),
            "This link opens no case",
        ),
    ] {
        let (status, headers, html) = page(&app, &path, accept).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains(words), "{path}: {html}");
        assert!(!html.contains("page-data"), "no case data");
        assert!(!html.contains("status-stage"), "no case");
        assert_eq!(headers["cache-control"], "private, no-store");
    }
}

#[tokio::test]
async fn the_lookup_and_request_pages_honour_lang_then_accept_language() {
    let app = spawn_app();
    for (path, en, zh) in [
        ("/track", "Where is my repair?", "查询维修进度"),
        ("/request", "New service request", "新的服务申请"),
    ] {
        let (status, _, html) = page(&app, &format!("{path}?lang=en"), Some("zh-CN")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(en) && html.contains(r#"<html lang="en">"#),
            "{path}?lang=en"
        );
        let (_, _, html) = page(&app, &format!("{path}?lang=zh-CN"), Some("en")).await;
        assert!(
            html.contains(zh) && html.contains(r#"<html lang="zh-CN">"#),
            "{path}?lang=zh-CN"
        );
        let (_, _, html) = page(&app, path, Some("fr-FR,en;q=0.8")).await;
        assert!(html.contains(en), "{path} by Accept-Language");
        let (_, headers, html) = page(&app, path, None).await;
        assert!(html.contains(zh), "{path} in Chinese by default");
        assert_eq!(headers["cache-control"], "private, no-store");
        assert!(html.contains("/customer.js"), "{path} loads the bundle");
    }
}

/// Another site cannot frame a customer's page (it has buttons that accept
/// a quote) nor learn its link as a referrer; the page's source carries no
/// internal notation.
#[tokio::test]
async fn no_other_site_frames_a_customer_page_nor_learns_its_link() {
    let app = spawn_app();
    let zh = request(&app, "zh-CN", &unique("逆变器不工作")).await;
    for path in [
        format!("/track/{}", zh.token),
        "/track".to_owned(),
        "/request".to_owned(),
        format!("/track/{}", "b".repeat(64)),
    ] {
        let (_, headers, html) = page(&app, &path, None).await;
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert!(
            headers["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(!html.contains("LocalTime {"), "{path}: {html}");
    }
}
