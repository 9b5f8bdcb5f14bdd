//! The front end: bytes of a first load (gzip and brotli), beside the
//! hello-world Leptos floor, and time to interactive on a throttled phone.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use afterloop_tests::webdriver::{Browser, Viewport};
use anyhow::{bail, Result};
use serde_json::json;

/// One file of a first load and its compressed sizes.
#[derive(Debug, Clone)]
pub struct Asset {
    /// File name.
    pub name: String,
    /// Bytes as stored.
    pub raw: usize,
    /// gzip -9.
    pub gzip: usize,
    /// brotli quality 11.
    pub brotli: usize,
}

/// The sizes of every file in `dist` (what a first load fetches: the
/// page, its JS, wasm and CSS; the app loads no fonts).
pub fn assets(dist: &Path) -> Result<Vec<Asset>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dist)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let bytes = fs::read(entry.path())?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&bytes)?;
        let gzip = gz.finish()?.len();
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            w.write_all(&bytes)?;
        }
        out.push(Asset {
            name: entry.file_name().to_string_lossy().into_owned(),
            raw: bytes.len(),
            gzip,
            brotli: br.len(),
        });
    }
    Ok(out)
}

/// The phone profile: slow 4G (1.6 Mbit/s down, 750 kbit/s up, 150 ms
/// round trip) and a CPU four times slower than this machine's.
pub const SLOW_4G_DOWN_BYTES: u32 = 1_600_000 / 8;

/// Milliseconds from navigation start until `ready` (a CSS selector) is in
/// the page, with an empty cache, on the throttled phone profile: the
/// median of `runs` loads.
pub async fn time_to_interactive(url: &str, ready: &str, runs: usize) -> Result<Vec<f64>> {
    let browser = Browser::start(Viewport::PHONE).await?;
    let result = measure(&browser, url, ready, runs).await;
    browser.quit().await;
    result
}

async fn measure(browser: &Browser, url: &str, ready: &str, runs: usize) -> Result<Vec<f64>> {
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
    let mut times = Vec::new();
    for _ in 0..runs {
        browser.goto("about:blank").await?;
        // Empty cache means no service worker and no cached shell either.
        browser
            .cdp(
                "Storage.clearDataForOrigin",
                json!({ "origin": origin, "storageTypes": "service_workers,cache_storage" }),
            )
            .await?;
        browser.goto(url).await?;
        let mut waited = Duration::ZERO;
        loop {
            let t = browser
                .execute("return window.__interactive || null;", json!([]))
                .await?;
            if let Some(ms) = t.as_f64() {
                times.push(ms);
                break;
            }
            if waited > Duration::from_secs(60) {
                bail!("{ready} never appeared at {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += Duration::from_millis(100);
        }
    }
    Ok(times)
}
