//! The browser tests' WebDriver client: [`fantoccini`] speaking W3C
//! WebDriver to Debian's chromedriver, which drives headless Chromium.
//! What stays here is ours to decide: the chromedriver process (each
//! [`Browser`] owns one and stops it when dropped, also when a test panics),
//! the phone or desktop it emulates, polling waits with readable failures,
//! and the few chromedriver commands fantoccini has no method for (the
//! Chrome DevTools Protocol, permissions).

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::actions::{
    InputSource, MouseActions, PointerAction, TouchActions, MOUSE_BUTTON_LEFT,
};
use fantoccini::error::NewSessionError;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// An element found on the page.
pub use fantoccini::elements::Element;

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
    client: Client,
    _profile: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A chromedriver command fantoccini has no method for: `POST
/// /session/{id}/{path}` with a JSON body.
#[derive(Debug)]
struct Post {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for Post {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium emulating `viewport`.
    pub async fn start(viewport: Viewport) -> Result<Browser> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver (cargo xtask test installs chromium-driver)")?;
        let profile = TempDir(std::env::temp_dir().join(format!("afterloop-chrome-{port}")));
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = match connect(&endpoint, viewport, &profile.0).await {
            Ok(client) => client,
            Err(e) => {
                // SAFETY: signals the process group of our own child.
                unsafe { libc::kill(-(driver.id() as i32), libc::SIGKILL) };
                let _ = driver.wait();
                return Err(e);
            }
        };
        Ok(Browser {
            driver,
            client,
            _profile: profile,
        })
    }

    /// Opens a URL, and returns once the app has taken over what the
    /// server rendered (no element marked `data-ssr` is left), so a test
    /// never holds an element the app is about to replace.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client.goto(url).await?;
        let started = Instant::now();
        while !self.find_all("[data-ssr]").await?.is_empty() {
            if started.elapsed() > WAIT {
                bail!("the app did not take over {url} within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Opens a URL and returns at once, with the page as the server sent
    /// it (for a page read before, or without, its scripts).
    pub async fn goto_as_served(&self, url: &str) -> Result<()> {
        Ok(self.client.goto(url).await?)
    }

    /// All elements matching a CSS selector (possibly none).
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
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
                last = e.text().await.unwrap_or_default();
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
        Ok(e.click().await?)
    }

    /// Types into an element.
    pub async fn type_text(&self, e: &Element, text: &str) -> Result<()> {
        Ok(e.send_keys(text).await?)
    }

    /// The rendered text of an element.
    pub async fn text(&self, e: &Element) -> Result<String> {
        Ok(e.text().await?)
    }

    /// Runs a script in the page and returns its result; `args` is a JSON
    /// array (`arguments[0]`, …).
    pub async fn execute(&self, script: &str, args: Value) -> Result<Value> {
        let args = match args {
            Value::Array(args) => args,
            Value::Null => Vec::new(),
            arg => vec![arg],
        };
        Ok(self.client.execute(script, args).await?)
    }

    /// Sends a Chrome DevTools Protocol command: network throttling, CPU
    /// slowdown, offline, scripts to run before a page's own.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        let body = json!({ "cmd": cmd, "params": params });
        Ok(self
            .client
            .issue_cmd(Post {
                path: "goog/cdp/execute",
                body,
            })
            .await?)
    }

    /// Draws one stroke with a finger through `points`, offsets in CSS
    /// pixels from the centre of the element `css` (see [`Browser::tap`]
    /// for how the centre is found).
    pub async fn draw(&self, css: &str, points: &[(i64, i64)]) -> Result<()> {
        let (cx, cy) = self.centre(css).await?;
        let mut finger = TouchActions::new("finger".into());
        for (i, (x, y)) in points.iter().enumerate() {
            finger = finger.then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(20)),
                x: (cx + x) as f64,
                y: (cy + y) as f64,
            });
            if i == 0 {
                finger = finger.then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                });
            }
        }
        finger = finger.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        Ok(self.client.perform_actions(finger).await?)
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

    /// Presses an element at its centre, as a phone user taps it: scrolls
    /// it to the middle of the screen and clicks the point in the visual
    /// viewport, which on an emulated phone drifts from the layout viewport
    /// once the browser's top bar hides on scroll (a plain element click
    /// then lands that many pixels off). A mouse press rather than a touch:
    /// a touch tap becomes a click only if Chrome's gesture detector sees
    /// it as a tap in time, which a loaded machine does not promise.
    pub async fn tap(&self, css: &str) -> Result<()> {
        let (x, y) = self.centre(css).await?;
        let press = MouseActions::new("press".into())
            .then(PointerAction::MoveTo {
                duration: Some(Duration::ZERO),
                x: x as f64,
                y: y as f64,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        Ok(self.client.perform_actions(press).await?)
    }

    /// Moves a mouse pointer to `(x, y)` in the viewport (to hover there).
    pub async fn pointer_move(&self, x: i64, y: i64) -> Result<()> {
        let hover = MouseActions::new("hover".into()).then(PointerAction::MoveTo {
            duration: Some(Duration::ZERO),
            x: x as f64,
            y: y as f64,
        });
        Ok(self.client.perform_actions(hover).await?)
    }

    /// Grants or denies a permission (`geolocation`) to the page's origin.
    pub async fn set_permission(&self, name: &str, state: &str) -> Result<()> {
        let body = json!({ "descriptor": { "name": name }, "state": state });
        self.client
            .issue_cmd(Post {
                path: "permissions",
                body,
            })
            .await?;
        Ok(())
    }

    /// Saves a PNG screenshot of the viewport.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        let png = self.client.screenshot().await?;
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
    }

    /// Ends the session (closing Chromium) and stops chromedriver.
    pub async fn quit(self) {
        let _ = self.client.clone().close().await;
    }
}

/// Waits for the chromedriver at `endpoint` to answer, then opens a session
/// of headless Chromium emulating `viewport` with its profile in `profile`.
async fn connect(endpoint: &str, viewport: Viewport, profile: &Path) -> Result<Client> {
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
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--lang=en-US",
                format!("--window-size={},{}", viewport.width, viewport.height),
                format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": emulation,
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!("capabilities are a JSON object")
    };
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(caps);
    let started = Instant::now();
    loop {
        match builder.connect(endpoint).await {
            Ok(client) => return Ok(client),
            // Unreachable until chromedriver listens; any other failure is final.
            Err(
                NewSessionError::Failed(_) | NewSessionError::FailedC(_) | NewSessionError::Lost(_),
            ) if started.elapsed() < WAIT => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e).context("opening a chromedriver session"),
        }
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
