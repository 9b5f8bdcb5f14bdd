//! The customer's pages rendered on the server: `/track/{token}` (the case
//! through its link), `/track` (find a case by number) and `/request` (the
//! new-request form) answer with their first paint already in the page, in
//! the customer's language, so a weak phone reads the stage, the next step
//! and its deadline before any wasm has loaded; the customer's bundle then
//! takes the page over (messages, photos, survey, quote).
//!
//! The page is the built `customer.html` (the bundle's shell, from the
//! static assets) with the rendered markup in place of its `<!--page-->`
//! marker and the language on `<html>`. Markup is written with `maud`,
//! which escapes every value it is given (titles, messages and names are
//! typed by customers); the words are `afterloop-words`', the app's own.
//! `/track/{token}` also carries its data, the very `TrackView` the API
//! answers (looked up and authorized the same way: the token is the
//! authorization), as JSON in `<script type="application/json">`, so the
//! app renders from it without a second request. Every element rendered
//! here carries `data-ssr`; the app removes them when it mounts its own.
//!
//! The language: `?lang=` (`zh-CN` or `en`), then, for `/track/{token}`,
//! the case's, else the browser's `Accept-Language`, else Chinese. The
//! answer is personal: `Cache-Control: private, no-store`; no other site
//! may frame it, and it sends no referrer.

mod forms;
mod status;

use afterloop_domain::case::Language;
use afterloop_words::page::{Page, DATA_ID};
use afterloop_words::{code, customer::CustomerText, negotiate, parse_tag};
use maud::{html, Markup, PreEscaped};
use worker::{Env, Request, Response};

use super::track;
use crate::error::AppError;

/// Where the shell's body takes the rendered page.
const PAGE_MARKER: &str = "<!--page-->";

/// The shell's `<html>` tag, whose language is the page's.
const HTML_TAG: &str = r#"<html lang="zh-CN">"#;

/// Whether `path` is one of the customer's pages.
pub fn is_customer_page(path: &str) -> bool {
    path == "/track" || path == "/request" || path.starts_with("/track/")
}

/// Renders the customer's page for the request's path (`HEAD`: the same
/// status and headers without a body).
pub async fn serve(req: &Request, env: &Env, head: bool) -> Result<Response, AppError> {
    let url = req.url()?;
    let asked = url
        .query_pairs()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| parse_tag(&v));
    let browser = || {
        req.headers()
            .get("Accept-Language")
            .ok()
            .flatten()
            .and_then(|h| negotiate(&h))
    };
    let (lang, status, body) = match Page::of(url.path()) {
        Page::Status(token) => match track::view(&token, None, env).await {
            Ok(view) => {
                let lang = asked.unwrap_or(view.case.case.language);
                (lang, 200, status::page(&view, &token, lang)?)
            }
            Err(AppError::NotFound(_)) => {
                let lang = asked.or_else(browser).unwrap_or(Language::ZhCn);
                (lang, 404, status::not_found(lang))
            }
            Err(e) => return Err(e),
        },
        Page::Find => {
            let lang = asked.or_else(browser).unwrap_or(Language::ZhCn);
            (lang, 200, forms::lookup(lang))
        }
        Page::Request => {
            let lang = asked.or_else(browser).unwrap_or(Language::ZhCn);
            (lang, 200, forms::request(lang))
        }
    };
    let page = fill(&shell(req, env).await?, lang, &frame(lang, body))?;
    let mut resp = if head {
        Response::empty()?
    } else {
        Response::from_html(page)?
    }
    .with_status(status);
    let headers = resp.headers_mut();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("Content-Language", code(lang))?;
    headers.set("Cache-Control", "private, no-store")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    // No other site may frame the page (its buttons accept quotes), and
    // the link, the customer's only key, goes to nobody as a referrer.
    headers.set("X-Frame-Options", "DENY")?;
    headers.set("Content-Security-Policy", "frame-ancestors 'none'")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    Ok(resp)
}

/// The built `customer.html` from the static assets.
async fn shell(req: &Request, env: &Env) -> Result<String, AppError> {
    let mut url = req.url()?;
    url.set_path("/customer");
    url.set_query(None);
    let mut resp = env.assets("ASSETS")?.fetch(url.to_string(), None).await?;
    if resp.status_code() != 200 {
        return Err(AppError::Unexpected(format!(
            "customer.html answered {}",
            resp.status_code()
        )));
    }
    Ok(resp.text().await?)
}

/// The shell with `markup` in its body and `lang` on `<html>`.
fn fill(shell: &str, lang: Language, markup: &Markup) -> Result<String, AppError> {
    if !shell.contains(PAGE_MARKER) || !shell.contains(HTML_TAG) {
        return Err(AppError::Unexpected(
            "customer.html lacks its page marker or <html lang>".into(),
        ));
    }
    Ok(shell
        .replacen(HTML_TAG, &format!(r#"<html lang="{}">"#, code(lang)), 1)
        .replacen(PAGE_MARKER, &markup.0, 1))
}

/// The bar (brand and language switch) above the page's `main`. The switch
/// is a form, so it works without JavaScript (`?lang=`); the app's own
/// replaces it.
fn frame(lang: Language, main: Markup) -> Markup {
    let t = CustomerText::get(lang);
    html! {
        header.topbar.customer-bar data-ssr {
            a.brand href="/track" {
                span.brand-mark aria-hidden="true" { "↻" }
                " "
                span.brand-name { (t.brand) }
            }
            form.lang-switch method="get" role="group" aria-label=(t.language) {
                button type="submit" name="lang" value="zh-CN" lang="zh-CN"
                    aria-pressed=((lang == Language::ZhCn).to_string()) { "中文" }
                button type="submit" name="lang" value="en" lang="en"
                    aria-pressed=((lang == Language::En).to_string()) { "EN" }
            }
        }
        main.page.customer data-ssr { (main) }
    }
}

/// `value` as JSON inside `<script type="application/json">`: `<`, `>` and
/// `&` written as `\u003c`, `\u003e`, `\u0026` (the same string to
/// `JSON.parse`), so no text in it can close the script or open a comment.
fn data_script(value: &impl serde::Serialize) -> Result<Markup, AppError> {
    let json = serde_json::to_string(value)
        .map_err(|e| AppError::Unexpected(format!("page data: {e}")))?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(html! {
        script type="application/json" id=(DATA_ID) data-ssr { (PreEscaped(json)) }
    })
}

#[cfg(test)]
mod tests {
    use afterloop_words::page::SERVER_RENDERED;

    use super::*;

    #[test]
    fn data_cannot_close_its_script() {
        let hostile = "</script><script>alert(1)</script><!-- & -->";
        let markup = data_script(&hostile).unwrap().0;
        let inner = markup
            .split_once('>')
            .unwrap()
            .1
            .rsplit_once("</script>")
            .unwrap()
            .0;
        assert!(!inner.contains('<') && !inner.contains('>') && !inner.contains('&'));
        let back: String = serde_json::from_str(inner).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn the_shell_takes_the_page_and_its_language() {
        let shell = "<!doctype html>\n<html lang=\"zh-CN\"><body><!--page--></body></html>";
        let page = fill(shell, Language::En, &html! { p { "<b>" } }).unwrap();
        assert_eq!(
            page,
            "<!doctype html>\n<html lang=\"en\"><body><p>&lt;b&gt;</p></body></html>"
        );
        assert!(fill("<html>", Language::En, &html! {}).is_err());
    }

    #[test]
    fn the_marker_is_the_attribute_the_app_removes() {
        assert!(frame(Language::En, html! {}).0.contains(SERVER_RENDERED));
    }
}
