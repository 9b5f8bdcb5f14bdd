//! The front end's time to interactive on a throttled phone, and the page
//! it showed as static HTML (a floor: the same content without the app).
//! The bytes of each first load are [`crate::budget`]'s.

use std::time::Duration;

use afterloop_tests::webdriver::{Browser, Viewport};
use anyhow::{bail, Result};
use serde_json::json;

use crate::budget::Asset;

/// One page to time.
#[derive(Debug, Clone, Copy)]
pub struct Visit<'a> {
    /// Its address.
    pub url: &'a str,
    /// A CSS selector that is in the page once it is interactive.
    pub ready: &'a str,
    /// A signed-in session (the login answer's JSON) the app finds in
    /// `localStorage`; none signs out.
    pub session: Option<&'a str>,
    /// Whether the service worker and its cache are kept from a first,
    /// untimed load (a return visit); else every load starts empty.
    pub warm: bool,
}

/// What [`time_to_interactive`] measured.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Milliseconds from navigation start to interactive, one per load.
    pub times: Vec<f64>,
    /// The page as it stood then, without its scripts: the static HTML a
    /// server would send for the same content.
    pub static_page: Asset,
}

impl Measured {
    /// The median time.
    pub fn median(&self) -> f64 {
        let mut sorted = self.times.clone();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    }
}

/// The phone profile: slow 4G (1.6 Mbit/s down, 750 kbit/s up, 150 ms
/// round trip) and a CPU four times slower than this machine's.
pub const SLOW_4G_DOWN_BYTES: u32 = 1_600_000 / 8;

/// Milliseconds from navigation start until the visit's `ready` selector
/// is in the page, on the throttled phone profile with the HTTP cache off,
/// for `runs` loads.
pub async fn time_to_interactive(visit: Visit<'_>, runs: usize) -> Result<Measured> {
    let browser = Browser::start(Viewport::PHONE).await?;
    let result = measure(&browser, visit, runs).await;
    browser.quit().await;
    result
}

async fn measure(browser: &Browser, visit: Visit<'_>, runs: usize) -> Result<Measured> {
    let Visit {
        url,
        ready,
        session,
        warm,
    } = visit;
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await?;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": 150,
                "downloadThroughput": SLOW_4G_DOWN_BYTES,
                "uploadThroughput": 750_000 / 8,
            }),
        )
        .await?;
    browser
        .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }))
        .await?;
    // Records when the selector first appears, from before the page's own
    // scripts run.
    let probe = format!(
        "new MutationObserver((_, o) => {{ if (document.querySelector({sel})) {{ window.__interactive = performance.now(); o.disconnect(); }} }}).observe(document, {{ childList: true, subtree: true }});",
        sel = serde_json::to_string(ready)?
    );
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": probe }),
        )
        .await?;
    let origin = {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split('/').next().unwrap_or(rest);
        format!(
            "{}://{host}",
            url.split_once("://").map_or("http", |(s, _)| s)
        )
    };
    // Empty cache means no service worker and no cached shell either; the
    // session (or its absence) is set on the origin before each load.
    let mut clear = "service_workers,cache_storage".to_owned();
    if session.is_none() {
        clear.push_str(",local_storage");
    }
    browser.goto("about:blank").await?;
    browser
        .cdp(
            "Storage.clearDataForOrigin",
            json!({ "origin": origin, "storageTypes": clear }),
        )
        .await?;
    if let Some(json) = session {
        browser.goto(&format!("{origin}/api/v1/")).await?;
        browser
            .execute(
                "localStorage.setItem('afterloop.session', arguments[0]);",
                json!([json]),
            )
            .await?;
    }
    if warm {
        // A first visit installs the service worker and its cache.
        load(browser, url, ready).await?;
        wait_for(browser, "return !!navigator.serviceWorker.controller;", url).await?;
    }
    let mut times = Vec::new();
    let mut static_page = None;
    for _ in 0..runs {
        if !warm {
            browser.goto("about:blank").await?;
            browser
                .cdp(
                    "Storage.clearDataForOrigin",
                    json!({ "origin": origin, "storageTypes": "service_workers,cache_storage" }),
                )
                .await?;
        }
        times.push(load(browser, url, ready).await?);
        if static_page.is_none() {
            let html = browser
                .execute(
                    "const d = document.documentElement.cloneNode(true); d.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach(e => e.remove()); return '<!DOCTYPE html>' + d.outerHTML;",
                    json!([]),
                )
                .await?;
            static_page = Some(Asset::of(
                "page.html",
                html.as_str().unwrap_or_default().as_bytes(),
            )?);
        }
    }
    Ok(Measured {
        times,
        static_page: static_page.expect("at least one run"),
    })
}

/// Loads `url` and answers when `ready` appeared (ms after navigation start).
async fn load(browser: &Browser, url: &str, ready: &str) -> Result<f64> {
    browser.goto(url).await?;
    let ms = wait_for(browser, "return window.__interactive || null;", url).await?;
    ms.as_f64()
        .ok_or_else(|| anyhow::anyhow!("{ready} never appeared at {url}"))
}

/// Polls `script` until it answers something truthy (a minute at most).
async fn wait_for(browser: &Browser, script: &str, url: &str) -> Result<serde_json::Value> {
    let mut waited = Duration::ZERO;
    loop {
        let v = browser.execute(script, json!([])).await?;
        if !(v.is_null() || v == json!(false)) {
            return Ok(v);
        }
        if waited > Duration::from_secs(60) {
            bail!("waited a minute at {url} for `{script}`");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
}
