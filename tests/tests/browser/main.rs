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
mod lazy_pages;
mod new_case;
mod queues;
mod quote_form;
mod reports;
mod server_rendered;
mod signin;
mod technician;
mod worklist;

use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::Who;

/// Signs in through the sign-in page.
pub async fn sign_in(browser: &Browser, base: &str, who: Who) {
    browser.goto(&format!("{base}/signin")).await.unwrap();
    browser.wait_for("#signin-user").await.unwrap();
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
    submit_sign_in(browser, who).await;
    browser.wait_for("#signout").await.unwrap();
}

/// Fills in the open sign-in form as `who` and sends it.
pub async fn submit_sign_in(browser: &Browser, who: Who) {
    let (user, password) = who.credentials();
    type_into(browser, "#signin-user", user).await;
    type_into(browser, "#signin-password", password).await;
    click(browser, "form.signin button[type=submit]").await;
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

/// Waits for the first element matching `css` and clicks it.
pub async fn click(browser: &Browser, css: &str) {
    let e = browser.wait_for(css).await.unwrap();
    browser.click(&e).await.unwrap();
}

/// Picks `value` in the `select` element matching `select`.
pub async fn choose(browser: &Browser, select: &str, value: &str) {
    click(browser, &format!("{select} option[value=\"{value}\"]")).await;
}

/// Runs `script` in the page with `args` (a JSON array) and returns its result.
pub async fn js(browser: &Browser, script: &str, args: serde_json::Value) -> serde_json::Value {
    browser.execute(script, args).await.unwrap()
}

/// Opens a collapsed form (`details#{name}-panel`) unless it is open.
pub async fn open_panel(browser: &Browser, name: &str) {
    let panel = format!("#{name}-panel");
    browser.wait_for(&panel).await.unwrap();
    let open = js(
        browser,
        "return document.querySelector(arguments[0]).open",
        serde_json::json!([panel]),
    )
    .await;
    if open.as_bool() != Some(true) {
        click(browser, &format!("{panel} > summary")).await;
    }
}

/// The page's language (`<html lang>`).
pub async fn html_lang(browser: &Browser) -> String {
    js(
        browser,
        "return document.documentElement.lang",
        serde_json::json!([]),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// Saves the screen as `{name}.png` in the test output folder.
pub async fn shot(browser: &Browser, name: &str) {
    browser
        .screenshot(&afterloop_tests::output_dir().join(format!("{name}.png")))
        .await
        .unwrap();
}

/// A 24-bit BMP of `w`×`h` in one colour: a camera photo stand-in the
/// browser decodes.
fn write_bmp(path: &std::path::Path, w: u32, h: u32, rgb: [u8; 3]) {
    let row = (w * 3).div_ceil(4) * 4;
    let size = 54 + row * h;
    let mut b = Vec::with_capacity(size as usize);
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&size.to_le_bytes());
    b.extend_from_slice(&[0; 4]);
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&(w as i32).to_le_bytes());
    b.extend_from_slice(&(h as i32).to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&[0; 24]);
    for y in 0..h {
        let mut line = Vec::with_capacity(row as usize);
        for x in 0..w {
            // A gradient, so the JPEG is not trivially small.
            let shade = ((x + y) % 256) as u8;
            line.extend_from_slice(&[rgb[2] ^ shade, rgb[1], rgb[0] ^ (shade / 2)]);
        }
        line.resize(row as usize, 0);
        b.extend_from_slice(&line);
    }
    std::fs::write(path, b).unwrap();
}

/// Two photos to pick, written to a temporary folder `afterloop-{folder}-PID`:
/// `a` (reddish) and `b` (bluish), each a `(file name, width, height)`.
pub fn photos(
    folder: &str,
    a: (&str, u32, u32),
    b: (&str, u32, u32),
) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("afterloop-{folder}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (pa, pb) = (dir.join(a.0), dir.join(b.0));
    write_bmp(&pa, a.1, a.2, [200, 60, 40]);
    write_bmp(&pb, b.1, b.2, [40, 90, 200]);
    (pa, pb)
}

/// A browser of `viewport` signed in as `who` on the server at `base`.
pub async fn signed_in(base: &str, viewport: Viewport, who: Who) -> Browser {
    let browser = Browser::start(viewport).await.unwrap();
    sign_in(&browser, base, who).await;
    browser
}

/// Opens `url` and waits until an element matches `ready`.
pub async fn load(browser: &Browser, url: &str, ready: &str) {
    browser.goto(url).await.unwrap();
    browser.wait_for(ready).await.unwrap();
}
