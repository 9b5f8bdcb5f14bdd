use std::time::{SystemTime, UNIX_EPOCH};

use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{spawn_app, Who};

use super::{load, shot, signed_in, type_into};

/// A manager adds a user (a too-short password is refused beside its
/// field), sees the rules in force, and disables the new user; staff are
/// shown that the page is for managers.
#[tokio::test]
async fn a_manager_administers_users_and_reads_the_rules() {
    let app = spawn_app();
    app.sign_in(Who::Manager).await; // makes sure the demo users exist
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Manager).await;
    let link = browser.wait_for("#nav-admin").await.unwrap();
    browser.click(&link).await.unwrap();
    browser
        .wait_for("#users-table tr[data-user='li.na']")
        .await
        .unwrap();

    // The rules: ten root causes, the staff approval limit, SLA targets.
    browser.wait_for("#taxonomy-table tbody tr").await.unwrap();
    assert_eq!(
        browser
            .find_all("#taxonomy-table tbody tr")
            .await
            .unwrap()
            .len(),
        10
    );
    browser
        .wait_for_text("#staff-limit", |t| t.contains("2,000.00"))
        .await
        .unwrap();
    assert!(!browser
        .find_all("#sla-table tbody tr")
        .await
        .unwrap()
        .is_empty());

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("ui.{:x}", nanos % 0xff_ffff_ffff);
    type_into(&browser, "#new-user-name", &name).await;
    type_into(&browser, "#new-user-display_name", "周敏 Zhou Min").await;
    type_into(&browser, "#new-user-password", "short").await;
    let submit = browser
        .wait_for("#new-user-form button[type=submit]")
        .await
        .unwrap();
    browser.click(&submit).await.unwrap();
    browser
        .wait_for_text("#new-user-password-error", |t| !t.is_empty())
        .await
        .unwrap();
    type_into(&browser, "#new-user-password", "-and-now-long-enough").await;
    browser.click(&submit).await.unwrap();
    browser
        .wait_for("#new-user-form .form-success")
        .await
        .unwrap();
    let row = format!("#users-table tr[data-user='{name}']");
    browser.wait_for(&row).await.unwrap();

    let toggle = browser
        .wait_for(&format!("{row} button.toggle-user"))
        .await
        .unwrap();
    browser.click(&toggle).await.unwrap();
    browser
        .wait_for(&format!("{row}.row-disabled"))
        .await
        .unwrap();
    shot(&browser, "admin-desktop").await;
    // The manager's own row cannot be disabled.
    let own_disabled = browser
        .execute(
            "return document.querySelector(\"#users-table tr[data-user='chen.jie'] button.toggle-user\").disabled;",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(own_disabled, serde_json::json!(true));

    // In Chinese, the page and the rules read in Chinese.
    let zh = browser.wait_for("#lang-zh").await.unwrap();
    browser.click(&zh).await.unwrap();
    browser
        .wait_for_text("h1", |t| t == "系统管理")
        .await
        .unwrap();
    browser
        .wait_for_text("#staff-limit", |t| t.contains("¥2,000.00"))
        .await
        .unwrap();
    shot(&browser, "admin-zh-desktop").await;
    let en = browser.wait_for("#lang-en").await.unwrap();
    browser.click(&en).await.unwrap();
    browser.quit().await;

    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    assert!(browser.find_all("#nav-admin").await.unwrap().is_empty());
    load(&browser, &format!("{}/admin", app.base), "#admin-refused").await;
    browser.quit().await;
}
