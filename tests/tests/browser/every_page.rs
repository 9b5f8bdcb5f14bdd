//! Every page of every bundle, walked as its user walks it: the back office
//! (sign-in, work list, a case page, admin), the reports (every report),
//! the field app (the job list and a job) and the customer's pages (the
//! request form, its confirmation, the lookup and the status page).
//!
//! - On a 360 px and a 390 px phone, in both languages, no element may
//!   reach past the screen's edge (except inside a box that scrolls
//!   sideways, as wide tables do): each one that does is named by tag, id,
//!   class and width.
//! - In Chinese (switched on each page by its own language buttons), no
//!   English word or raw code may be left outside names and data, on the
//!   page or in the reports' CSV downloads (the rule: [`ENGLISH_SCRIPT`]).
//! - Every page is saved as a screenshot in both languages, at the phones'
//!   sizes and a desktop's 1440x900 (`every-page/` in the test output).
//!
//! Each test walks every page and lists every fault it found before failing.

use std::time::{Duration, Instant};

use afterloop_domain::flow::goods::Direction;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::{CaseId, Command};
use afterloop_tests::steps::{schedule, Movement};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{intake, now, output_dir, spawn_app, unique, TestApp, User, Who};
use serde_json::{json, Value};

use super::{html_lang, sign_in, tap, type_into};

/// A page of the walk: its name (for screenshots and faults) and how to
/// reach it.
#[derive(Debug, Clone)]
enum Page {
    /// A path, opened by its address; `ready` shows it has loaded.
    Path {
        name: &'static str,
        path: String,
        ready: &'static str,
    },
    /// A tab of the reports, pressed on `/reports`.
    Report {
        name: &'static str,
        tab: &'static str,
        ready: &'static str,
    },
    /// The request form filled and sent: its confirmation.
    Confirmation,
}

impl Page {
    fn name(&self) -> &'static str {
        match self {
            Page::Path { name, .. } | Page::Report { name, .. } => name,
            Page::Confirmation => "customer-confirmation",
        }
    }
}

/// Who walks which pages, in order (signed out first).
struct Walk {
    who: Option<Who>,
    pages: Vec<Page>,
}

/// The cases the walk shows: a repair dispatched to wu.gang with a site
/// address, a public message and a part used (the case page, the job and
/// the customer's status page).
struct Fixture {
    id: CaseId,
    token: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let staff = app.sign_in(Who::Staff).await;
    let mut body = intake("repair", &unique("每页检查 逆变器不开机"));
    body["customer"]["address"] = json!("上海市浦东新区新金桥路 28 号 3 楼");
    let id = staff.open_with(&body).await;
    schedule(&staff, id, "wu.gang", now(), 3).await;
    staff
        .ok_all(
            id,
            [
                Command::AddNote {
                    text: "技术员明天上午上门，请保持电话畅通。".into(),
                    visibility: Visibility::Public,
                },
                Movement::spare_part(Direction::StockToSite, "IGBT 模块", None).into(),
            ],
        )
        .await;
    let token = token(&staff, id).await;
    // A message from the customer, so the staff timeline has one to show.
    let event_id = unique("walk-msg").replace(' ', "-");
    let resp = app
        .post(
            &format!("/api/v1/track/{token}/messages"),
            &json!({ "event_id": event_id, "text": "家里白天有人，来之前请先打电话。" }),
        )
        .await;
    assert!(resp.status().is_success(), "{}", resp.status());
    Fixture { id, token }
}

async fn token(staff: &User, id: CaseId) -> String {
    let view: Value = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    view["public_token"].as_str().unwrap().to_owned()
}

fn walks(f: &Fixture) -> Vec<Walk> {
    let path = |name, path: String, ready| Page::Path { name, path, ready };
    let report = |name, tab, ready| Page::Report { name, tab, ready };
    vec![
        Walk {
            who: None,
            pages: vec![
                path("signin", "/signin".into(), "#signin-user"),
                path("customer-request", "/request".into(), "#request-submit"),
                Page::Confirmation,
                path("customer-lookup", "/track".into(), "#lookup-submit"),
                path(
                    "customer-status",
                    format!("/track/{}", f.token),
                    "#status-stage",
                ),
            ],
        },
        Walk {
            who: Some(Who::Staff),
            pages: vec![
                path("work-list", "/".into(), "main"),
                path("case", format!("/cases/{}", f.id), ".timeline .event"),
            ],
        },
        Walk {
            who: Some(Who::Manager),
            pages: vec![
                path("admin", "/admin".into(), "#users-table"),
                path("reports-summary", "/reports".into(), "#summary"),
                report("reports-quality", "#report-quality", "#table-failure_rate"),
                report("reports-service", "#report-service", "#table-backlog"),
                report("reports-goods", "#report-goods", "#table-inspections"),
                report("reports-money", "#report-money", "#table-payout_vs_paid"),
                report(
                    "reports-customers",
                    "#report-customers",
                    "#table-top_requests",
                ),
            ],
        },
        Walk {
            who: Some(Who::Tech),
            pages: vec![
                path("jobs", "/jobs".into(), ".job-card"),
                path("job", format!("/jobs/{}", f.id), "#visit-toggle"),
            ],
        },
    ]
}

/// Records every string of every JSON answer the page's own requests get:
/// what the page may show as data (names, titles, models, notes…).
const RECORD_DATA: &str = "
    window.__afterloopData = new Set();
    const keep = v => {
        if (typeof v === 'string') { window.__afterloopData.add(v); }
        else if (Array.isArray(v)) { v.forEach(keep); }
        else if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) { window.__afterloopData.add(k); keep(x); }
        }
    };
    const fetch0 = window.fetch;
    window.fetch = async function (...args) {
        const r = await fetch0.apply(this, args);
        try {
            if ((r.headers.get('content-type') || '').includes('json')) {
                r.clone().json().then(keep, () => {});
            }
        } catch (e) {}
        return r;
    };";

/// A browser that records the data its pages receive, with a client
/// address of its own (as Cloudflare's edge would set it), so its public
/// requests count against limits of their own, not other tests'.
async fn start(viewport: Viewport) -> Browser {
    use std::sync::atomic::{AtomicU32, Ordering};
    static BROWSERS: AtomicU32 = AtomicU32::new(0);
    let browser = Browser::start(viewport).await.unwrap();
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORD_DATA }),
        )
        .await
        .unwrap();
    let n = BROWSERS.fetch_add(1, Ordering::Relaxed) + std::process::id() % 4096 * 16;
    browser.cdp("Network.enable", json!({})).await.unwrap();
    browser
        .cdp(
            "Network.setExtraHTTPHeaders",
            json!({ "headers": { "CF-Connecting-IP": format!("10.251.{}.{}", (n >> 8) & 255, n & 255) } }),
        )
        .await
        .unwrap();
    browser
}

/// Waits until the page's text has stopped changing (its reads answered).
async fn settle(browser: &Browser) {
    let started = Instant::now();
    let mut last = String::new();
    let mut same = 0;
    while started.elapsed() < Duration::from_secs(20) {
        let text = browser
            .execute(
                "return document.body ? document.body.innerText : ''",
                json!([]),
            )
            .await
            .unwrap_or_default()
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let loading = text.contains("Loading") || text.contains("加载中");
        if text == last && !loading {
            same += 1;
            if same >= 3 {
                return;
            }
        } else {
            same = 0;
            last = text;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Switches the page to `lang` (`zh-CN` or `en`) with its own buttons.
async fn switch_to(browser: &Browser, lang: &str) {
    if html_lang(browser).await == lang {
        return;
    }
    let button = if lang == "en" { "#lang-en" } else { "#lang-zh" };
    tap(browser, button).await;
    let started = Instant::now();
    while html_lang(browser).await != lang {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{button} did not switch the page to {lang}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens `page` (signed in as the walk's user already) and waits until it
/// has loaded.
async fn open(browser: &Browser, base: &str, page: &Page) {
    match page {
        Page::Path { path, ready, .. } => {
            browser.goto(&format!("{base}{path}")).await.unwrap();
            browser
                .wait_for(ready)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", page.name()));
        }
        Page::Report { tab, ready, .. } => {
            if browser.find_all(tab).await.unwrap().is_empty() {
                browser.goto(&format!("{base}/reports")).await.unwrap();
            }
            tap(browser, tab).await;
            browser
                .wait_for(ready)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", page.name()));
        }
        Page::Confirmation => {
            browser.goto(&format!("{base}/request")).await.unwrap();
            type_into(browser, "#req-model", "SUN-10K-G").await;
            type_into(browser, "#req-serial", "SN2409B00042").await;
            type_into(browser, "#req-description", "雷雨后逆变器屏幕不亮。").await;
            type_into(browser, "#req-name", &unique("王建国")).await;
            type_into(browser, "#req-phone", "+86 139 1234 5678").await;
            tap(browser, "#request-submit").await;
            browser
                .wait_for_text("#received-number", |t| t.starts_with("AL-"))
                .await
                .unwrap();
        }
    }
    settle(browser).await;
}

/// Every element that reaches past the screen's edge, outside a box that
/// scrolls sideways and fits the screen; only the outermost of nested ones.
const BEYOND_THE_SCREEN: &str = "
    const vw = screen.width;
    const out = [];
    const beyond = e => {
        const r = e.getBoundingClientRect();
        return (r.width > 0 || r.height > 0) && (r.right > vw + 1 || r.left < -1);
    };
    const inScroller = e => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const x = getComputedStyle(p).overflowX;
            if ((x === 'auto' || x === 'scroll') && !beyond(p)) return true;
        }
        return false;
    };
    for (const e of document.querySelectorAll('body *')) {
        if (!beyond(e) || inScroller(e)) continue;
        if (e.parentElement && e.parentElement !== document.body && beyond(e.parentElement) && !inScroller(e.parentElement)) continue;
        const r = e.getBoundingClientRect();
        const cls = typeof e.className === 'string' ? e.className : (e.getAttribute('class') || '');
        out.push(`<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}${cls ? ' class=\"' + cls + '\"' : ''}> ${Math.round(r.width)} px wide, from ${Math.round(r.left)} to ${Math.round(r.right)} on a ${vw} px screen`);
    }
    return out;";

/// The words on the page people read (folded `<details>` opened first):
/// visible text (SVG labels included), placeholders and chosen options, each with the text of its
/// table row or list item; returned with the strings the page received as
/// data (see [`RECORD_DATA`]). Text inside `<code>` is a code shown as one
/// on purpose (the admin's taxonomy lists the API's codes beside their
/// names) and is left out.
const VISIBLE_TEXT: &str = "
    for (const d of document.querySelectorAll('details')) d.open = true;
    const texts = [];
    const shown = el => {
        if (!el || !el.getClientRects().length) return false;
        const s = getComputedStyle(el);
        return s.visibility !== 'hidden' && s.display !== 'none' && s.opacity !== '0';
    };
    const push = (t, el) => {
        const row = el.closest('tr, li, option') || el;
        texts.push([t, (row.innerText || row.textContent || '').trim()]);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || ['SCRIPT', 'STYLE', 'TITLE', 'OPTION', 'TEXTAREA'].includes(el.tagName)) continue;
        if (el.closest('code')) continue;
        if (!shown(el)) continue;
        const t = n.textContent.trim();
        if (t) push(t, el);
    }
    for (const el of document.querySelectorAll('[placeholder]')) {
        if (shown(el) && el.placeholder.trim()) push(el.placeholder.trim(), el);
    }
    for (const el of document.querySelectorAll('select')) {
        if (shown(el) && el.selectedOptions[0]) push(el.selectedOptions[0].text.trim(), el.selectedOptions[0]);
    }
    for (const el of document.querySelectorAll('input[type=submit], input[type=button]')) {
        if (shown(el) && el.value.trim()) push(el.value.trim(), el);
    }
    return [texts, Array.from(window.__afterloopData || [])];";

/// Product terms and marks that read the same in Chinese.
const ALLOWED: &[&str] = &["SLA", "CSV", "PV", "IGBT", "EN", "Afterloop", "P90"];

/// The English words or raw codes left in `text` once data is taken out:
/// every string the page received as data (except lower-case wire codes
/// such as `provincial_capital`, currency codes such as `CNY` and user
/// handles such as `wu.gang`, which people should never see), e-mail addresses and web addresses, and any
/// token holding a digit (case numbers, serials, models, dates, amounts).
/// What remains must hold no ASCII letter outside [`ALLOWED`].
fn english_left(text: &str, data: &[String]) -> Vec<String> {
    let mut rest = text.to_owned();
    for d in data {
        rest = rest.replace(d.as_str(), " ");
    }
    let mut found = Vec::new();
    let token_char = |c: char| c.is_ascii_alphanumeric() || "._@:/+-'’&".contains(c);
    for token in rest.split(|c: char| !token_char(c)) {
        if token.is_empty()
            || token.chars().any(|c| c.is_ascii_digit())
            || token.contains('@')
            || token.contains("://")
        {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if !word.is_empty() && !ALLOWED.contains(&word) {
                found.push(token.to_owned());
                break;
            }
        }
    }
    found
}

/// The strings the page received that count as data (see [`english_left`]),
/// longest first so a name is taken out before a part of it.
fn data_of(received: &Value) -> Vec<String> {
    // Currency codes (`CNY`) are codes too: people read "元" or "人民币".
    let currency = |s: &str| afterloop_domain::Currency::parse(s).is_ok();
    let code = |s: &str| {
        currency(s)
            || s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
    };
    let mut data: Vec<String> = received
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|s| s.chars().count() >= 2 && !code(s))
        .map(str::to_owned)
        .collect();
    data.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    data.dedup();
    data
}

/// Saves the whole page, not only the screen's worth (at most 8,000 CSS
/// pixels down), as `every-page/{page}-{lang}-{size}.png`.
async fn shot(browser: &Browser, page: &str, lang: &str, size: &str) {
    use base64::Engine;
    let dir = output_dir().join("every-page");
    std::fs::create_dir_all(&dir).unwrap();
    let metrics = browser
        .cdp("Page.getLayoutMetrics", json!({}))
        .await
        .unwrap();
    let content = &metrics["cssContentSize"];
    let width = content["width"].as_f64().unwrap_or(1440.0);
    let height = content["height"].as_f64().unwrap_or(900.0).min(8000.0);
    // One image pixel per CSS pixel, whatever the phone's pixel ratio.
    let ratio = browser
        .execute("return window.devicePixelRatio", json!([]))
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(1.0);
    let png = browser
        .cdp(
            "Page.captureScreenshot",
            json!({
                "format": "png", "captureBeyondViewport": true,
                "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1.0 / ratio }
            }),
        )
        .await
        .unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(png["data"].as_str().unwrap_or_default())
        .unwrap();
    std::fs::write(dir.join(format!("{page}-{lang}-{size}.png")), bytes).unwrap();
}

/// Signs `who` in (or out, for `None`), keeping the language chosen.
async fn become_(browser: &Browser, base: &str, who: Option<Who>) {
    browser
        .execute(
            "for (const k of Object.keys(localStorage)) { if (!/lang/i.test(k)) localStorage.removeItem(k); } return true",
            json!([]),
        )
        .await
        .ok();
    match who {
        Some(who) => sign_in(browser, base, who).await,
        None => browser.goto(&format!("{base}/signin")).await.unwrap(),
    }
}

/// The phones of the walk.
const PHONES: [(Viewport, &str); 2] = [
    (
        Viewport {
            width: 360,
            height: 740,
            scale: 3.0,
            mobile: true,
        },
        "360",
    ),
    (Viewport::PHONE, "390"),
];

#[tokio::test]
async fn no_page_of_any_bundle_is_wider_than_a_360_or_390_px_phone() {
    let app = spawn_app();
    let f = fixture(&app).await;
    let mut faults = Vec::new();
    for (viewport, size) in PHONES {
        let browser = start(viewport).await;
        browser.goto(&format!("{}/signin", app.base)).await.unwrap();
        for lang in ["en", "zh-CN"] {
            for walk in walks(&f) {
                become_(&browser, &app.base, walk.who).await;
                for page in &walk.pages {
                    open(&browser, &app.base, page).await;
                    switch_to(&browser, lang).await;
                    settle(&browser).await;
                    let beyond = browser.execute(BEYOND_THE_SCREEN, json!([])).await.unwrap();
                    for e in beyond.as_array().into_iter().flatten() {
                        faults.push(format!(
                            "{} ({lang}, {size} px): {}",
                            page.name(),
                            e.as_str().unwrap_or_default()
                        ));
                    }
                    shot(&browser, page.name(), lang, size).await;
                }
            }
        }
        browser.quit().await;
    }
    assert!(
        faults.is_empty(),
        "elements wider than the screen:\n{}",
        faults.join("\n")
    );
}

/// Everyone's login name with their display name (`wu.gang`, `吴刚 Wu Gang`).
async fn people(app: &TestApp) -> Vec<(String, String)> {
    let staff = app.sign_in(Who::Staff).await;
    let d: afterloop_domain::wire::UserDirectory =
        staff.get("/api/v1/users").await.json().await.unwrap();
    d.users
        .into_iter()
        .map(|u| (u.name.to_string(), u.display_name))
        .collect()
}

/// A login name is a raw handle, except beside the person's own name (in
/// the same table row, list item or text): `陈杰 Chen Jie (chen.jie)`, or
/// the admin's users table, which lists both.
fn beside_their_name(word: &str, row: &str, people: &[(String, String)]) -> bool {
    people
        .iter()
        .any(|(handle, name)| handle == word && row.contains(name.as_str()))
}

/// The CSV downloads of the page: (file name, text).
async fn csv_downloads(browser: &Browser) -> Vec<(String, String)> {
    let files = browser
        .execute(
            "return Array.from(document.querySelectorAll('a.csv-link')).map(a => [
                a.getAttribute('download') || '',
                decodeURIComponent((a.getAttribute('href') || '').replace(/^data:[^,]*,/, ''))
            ]);",
            json!([]),
        )
        .await
        .unwrap();
    serde_json::from_value(files).unwrap()
}

#[tokio::test]
async fn every_page_in_chinese_shows_no_english_word_or_raw_code_outside_names_and_data() {
    let app = spawn_app();
    let f = fixture(&app).await;
    let people = people(&app).await;
    let mut faults = Vec::new();
    let mut files_checked = 0;
    for (viewport, size) in [(Viewport::DESKTOP, "1440"), (Viewport::PHONE, "390")] {
        let browser = start(viewport).await;
        browser.goto(&format!("{}/signin", app.base)).await.unwrap();
        for lang in ["en", "zh-CN"] {
            for walk in walks(&f) {
                become_(&browser, &app.base, walk.who).await;
                for page in &walk.pages {
                    open(&browser, &app.base, page).await;
                    switch_to(&browser, lang).await;
                    settle(&browser).await;
                    shot(&browser, page.name(), lang, size).await;
                    if lang != "zh-CN" || size != "1440" {
                        continue;
                    }
                    let got = browser.execute(VISIBLE_TEXT, json!([])).await.unwrap();
                    let data = data_of(&got[1]);
                    let texts: Vec<(String, String)> =
                        serde_json::from_value(got[0].clone()).unwrap();
                    let mut left: Vec<String> = texts
                        .iter()
                        .flat_map(|(t, row)| {
                            english_left(t, &data)
                                .into_iter()
                                .filter(|w| !beside_their_name(w, row, &people))
                                .map(move |w| format!("{w:?} in {t:?}"))
                        })
                        .collect();
                    left.dedup();
                    faults.extend(left.into_iter().map(|l| format!("{}: {l}", page.name())));
                    for (file, csv) in csv_downloads(&browser).await {
                        files_checked += 1;
                        let stem = file.trim_end_matches(".csv");
                        for w in english_left(stem, &data) {
                            faults.push(format!("{}: file name {file:?}: {w:?}", page.name()));
                        }
                        let parts: Vec<&str> = stem
                            .split('-')
                            .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
                            .collect();
                        if parts.windows(2).any(|w| w[0] == w[1]) {
                            faults.push(format!(
                                "{}: file name {file:?} repeats itself",
                                page.name()
                            ));
                        }
                        for line in csv.lines().take(200) {
                            for w in english_left(line, &data) {
                                faults.push(format!("{}: {file}: {w:?} in {line:?}", page.name()));
                            }
                        }
                    }
                }
            }
        }
        browser.quit().await;
    }
    assert!(
        files_checked >= 15,
        "CSV downloads checked: {files_checked}"
    );
    faults.dedup();
    assert!(
        faults.is_empty(),
        "English words or raw codes on the Chinese pages ({}):\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[test]
fn the_rule_takes_out_data_and_keeps_words_and_codes() {
    let data = vec!["Li Na".to_owned(), "Report UI 1f".to_owned()];
    assert!(english_left("负责人 Li Na · 工单 AL-1042 · SUN-10K-G · a@b.cn", &data).is_empty());
    assert!(english_left("SLA 达标 · 下载 CSV · IGBT 模块", &data).is_empty());
    assert_eq!(english_left("customer · 客户", &data), ["customer"]);
    assert_eq!(english_left("2026-12-02 · wu.gang", &data), ["wu.gang"]);
    assert_eq!(english_left("0.0 h", &data), ["h"]);
    assert_eq!(
        english_left("provincial_capital", &data),
        ["provincial_capital"]
    );
    assert_eq!(english_left("金额（CNY）", &data), ["CNY"]);
    let received = json!(["provincial_capital", "wu.gang", "Li Na", "x", "CNY"]);
    assert_eq!(data_of(&received), ["Li Na"]);
}
