//! A small W3C WebDriver client over HTTP for Debian's chromedriver driving
//! headless Chromium. Each [`Browser`] owns its chromedriver process and
//! stops it when dropped, also when a test panics.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use serde_json::{json, Value};

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long `wait_*` helpers poll before failing.
pub const WAIT: Duration = Duration::from_secs(20);

/// A viewport to emulate.
#[derive(Debug, Clone, Copy)]
pub struct Viewport {
    /// CSS pixels wide.
    pub width: u32,
    /// CSS pixels high.
    pub height: u32,
    /// Device pixel ratio.
    pub scale: f64,
    /// Whether to emulate a touch phone.
    pub mobile: bool,
}

impl Viewport {
    /// A phone: 390x844 at 3x (an iPhone 12-15 class screen).
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
        scale: 3.0,
        mobile: true,
    };
    /// A desktop: 1440x900.
    pub const DESKTOP: Viewport = Viewport {
        width: 1440,
        height: 900,
        scale: 1.0,
        mobile: false,
    };
}

/// A headless Chromium session and the chromedriver behind it.
pub struct Browser {
    driver: Child,
    http: reqwest::Client,
    session: String,
    endpoint: String,
    _profile: TempDir,
}

/// An element found on the page.
#[derive(Debug, Clone)]
pub struct Element(String);

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium emulating `viewport`.
    pub async fn start(viewport: Viewport) -> Result<Browser> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver (cargo xtask test installs chromium-driver)")?;
        let profile = TempDir(std::env::temp_dir().join(format!("afterloop-chrome-{port}")));
        let http = reqwest::Client::builder().no_proxy().build()?;
        let endpoint = format!("http://127.0.0.1:{port}");
        let mut browser = Browser {
            driver,
            http,
            session: String::new(),
            endpoint,
            _profile: profile,
        };
        browser.wait_for_driver().await?;
        let mut emulation = json!({
            "deviceMetrics": {
                "width": viewport.width, "height": viewport.height,
                "pixelRatio": viewport.scale, "touch": viewport.mobile, "mobile": viewport.mobile
            }
        });
        if viewport.mobile {
            emulation["userAgent"] = json!("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36");
        }
        let caps = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--lang=en-US",
                        format!("--window-size={},{}", viewport.width, viewport.height),
                        format!("--user-data-dir={}", browser._profile.0.display()),
                    ],
                    "mobileEmulation": emulation,
                }
            }}
        });
        let resp = browser.post_raw("/session", &caps).await?;
        browser.session = resp["sessionId"]
            .as_str()
            .ok_or_else(|| anyhow!("no session id in {resp}"))?
            .to_owned();
        Ok(browser)
    }

    async fn wait_for_driver(&self) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            if let Ok(r) = self
                .http
                .get(format!("{}/status", self.endpoint))
                .send()
                .await
            {
                if let Ok(v) = r.json::<Value>().await {
                    if v["value"]["ready"].as_bool() == Some(true) {
                        return Ok(());
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("chromedriver did not become ready")
    }

    async fn post_raw(&self, path: &str, body: &Value) -> Result<Value> {
        let resp = self
            .http
            .post(format!("{}{path}", self.endpoint))
            .json(body)
            .send()
            .await?;
        let status = resp.status();
        let v: Value = resp.json().await?;
        if !status.is_success() {
            bail!("webdriver {path} failed with {status}: {}", v["value"]);
        }
        Ok(v["value"].clone())
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.post_raw(&format!("/session/{}{path}", self.session), &body)
            .await
    }

    async fn get(&self, path: &str) -> Result<Value> {
        let resp = self
            .http
            .get(format!("{}/session/{}{path}", self.endpoint, self.session))
            .send()
            .await?;
        let status = resp.status();
        let v: Value = resp.json().await?;
        if !status.is_success() {
            bail!("webdriver GET {path} failed with {status}: {}", v["value"]);
        }
        Ok(v["value"].clone())
    }

    /// Opens a URL.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({ "url": url })).await.map(|_| ())
    }

    /// All elements matching a CSS selector (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self
            .post(
                "/elements",
                json!({ "using": "css selector", "value": css }),
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned())))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits until an element matches the selector, and returns it.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        let started = Instant::now();
        loop {
            if let Some(e) = self.find_all(css).await?.into_iter().next() {
                return Ok(e);
            }
            if started.elapsed() > WAIT {
                bail!("no element matched `{css}` within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the text of the first element matching `css` satisfies `pred`; returns the text.
    pub async fn wait_for_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> Result<String> {
        let started = Instant::now();
        loop {
            let mut last = String::new();
            for e in self.find_all(css).await? {
                last = self.text(&e).await.unwrap_or_default();
                if pred(&last) {
                    return Ok(last);
                }
            }
            if started.elapsed() > WAIT {
                bail!("text of `{css}` never matched within {WAIT:?}; last: {last:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks an element.
    pub async fn click(&self, e: &Element) -> Result<()> {
        self.post(&format!("/element/{}/click", e.0), json!({}))
            .await
            .map(|_| ())
    }

    /// Types into an element.
    pub async fn type_text(&self, e: &Element, text: &str) -> Result<()> {
        self.post(&format!("/element/{}/value", e.0), json!({ "text": text }))
            .await
            .map(|_| ())
    }

    /// The rendered text of an element.
    pub async fn text(&self, e: &Element) -> Result<String> {
        Ok(self
            .get(&format!("/element/{}/text", e.0))
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Runs a script in the page and returns its result.
    pub async fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Sends a Chrome DevTools Protocol command: network throttling, CPU
    /// slowdown, offline, scripts to run before a page's own.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
            .await
    }

    /// Draws one stroke with a finger through `points`, offsets in CSS
    /// pixels from the centre of the element `css` (see [`Browser::tap`]
    /// for how the centre is found).
    pub async fn draw(&self, css: &str, points: &[(i64, i64)]) -> Result<()> {
        let (cx, cy) = self.centre(css).await?;
        let mut actions = Vec::new();
        for (i, (x, y)) in points.iter().enumerate() {
            actions.push(json!({
                "type": "pointerMove", "duration": 20, "origin": "viewport", "x": cx + x, "y": cy + y
            }));
            if i == 0 {
                actions.push(json!({ "type": "pointerDown", "button": 0 }));
            }
        }
        actions.push(json!({ "type": "pointerUp", "button": 0 }));
        self.touch(actions).await
    }

    /// Scrolls `css` to the middle of the screen; its centre in the visual viewport.
    async fn centre(&self, css: &str) -> Result<(i64, i64)> {
        self.wait_for(css).await?;
        let at = self
            .execute(
                "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'}); \
                 const r = e.getBoundingClientRect(); const v = window.visualViewport; \
                 return [Math.round(r.x + r.width / 2 - v.offsetLeft), Math.round(r.y + r.height / 2 - v.offsetTop)]",
                json!([css]),
            )
            .await?;
        Ok((at[0].as_i64().unwrap_or(0), at[1].as_i64().unwrap_or(0)))
    }

    async fn touch(&self, actions: Vec<Value>) -> Result<()> {
        self.post(
            "/actions",
            json!({ "actions": [{
                "type": "pointer", "id": "finger",
                "parameters": { "pointerType": "touch" },
                "actions": actions
            }] }),
        )
        .await
        .map(|_| ())
    }

    /// Presses an element at its centre, as a phone user taps it: scrolls
    /// it to the middle of the screen and clicks the point in the visual
    /// viewport, which on an emulated phone drifts from the layout viewport
    /// once the browser's top bar hides on scroll (a plain element click
    /// then lands that many pixels off). A mouse press rather than a touch:
    /// a touch tap becomes a click only if Chrome's gesture detector sees
    /// it as a tap in time, which a loaded machine does not promise.
    pub async fn tap(&self, css: &str) -> Result<()> {
        let (x, y) = self.centre(css).await?;
        self.post(
            "/actions",
            json!({ "actions": [{
                "type": "pointer", "id": "press",
                "parameters": { "pointerType": "mouse" },
                "actions": [
                    { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                    { "type": "pointerDown", "button": 0 },
                    { "type": "pointerUp", "button": 0 }
                ]
            }] }),
        )
        .await
        .map(|_| ())
    }

    /// Moves a mouse pointer to `(x, y)` in the viewport (to hover there).
    pub async fn pointer_move(&self, x: i64, y: i64) -> Result<()> {
        self.post(
            "/actions",
            json!({ "actions": [{
                "type": "pointer", "id": "hover",
                "parameters": { "pointerType": "mouse" },
                "actions": [
                    { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y }
                ]
            }] }),
        )
        .await
        .map(|_| ())
    }

    /// Grants or denies a permission (`geolocation`) to the page's origin.
    pub async fn set_permission(&self, name: &str, state: &str) -> Result<()> {
        self.post(
            "/permissions",
            json!({ "descriptor": { "name": name }, "state": state }),
        )
        .await
        .map(|_| ())
    }

    /// Saves a PNG screenshot of the viewport.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        let b64 = self.get("/screenshot").await?;
        let png =
            base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap_or_default())?;
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
    }
}

impl Browser {
    /// Ends the session (closing Chromium) and stops chromedriver.
    pub async fn quit(self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.endpoint, self.session))
            .send()
            .await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver runs in its own process group with the Chromium it
        // started: stop them all, also when a test panicked mid-way.
        let pgid = self.driver.id() as i32;
        // SAFETY: signals the process group of our own child.
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
        let _ = self.driver.wait();
    }
}
