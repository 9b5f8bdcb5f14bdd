use afterloop_domain::case::ReturnStage;
use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::sla::Priority;
use afterloop_domain::{CaseId, Command, Status};
use afterloop_tests::steps::{move_to, request_money, Movement};
use afterloop_tests::webdriver::{Browser, Viewport};
use afterloop_tests::{spawn_app, unique, User, Who};
use serde_json::json;

use super::{html_lang, shot, signed_in};

/// Labels of the case page of an authorised return (with a defective unit
/// on its way back, a refund awaiting approval and an internal note), in
/// English and Chinese. The case's data (title, notes, reasons) is chosen
/// to contain none of them.
const LABELS: &[(&str, &str)] = &[
    ("All cases", "全部工单"),
    ("Return", "退货"),
    ("Authorised", "已批准退货"),
    ("Move to", "转到"),
    ("In transit", "退回运输中"),
    ("Cancelled", "已取消"),
    ("Customer", "客户"),
    ("Phone", "电话"),
    ("Warranty", "保修"),
    ("In warranty until", "保修期内"),
    ("Priority", "优先级"),
    ("High", "高"),
    ("Channel", "来源渠道"),
    ("Hotline", "客服热线"),
    ("Owner", "负责人"),
    ("Last change", "最后更新"),
    ("Price paid", "实付金额"),
    ("Information", "信息"),
    ("Customer's description", "客户描述"),
    ("Timeline", "处理记录"),
    ("Goods", "货物"),
    ("Defective unit", "故障设备"),
    ("Outstanding", "待寄回"),
    ("Expected back", "等待寄回"),
    ("Money", "款项"),
    ("Customer paid", "客户实付"),
    ("Pending payouts", "待付款项"),
    ("Refund", "退款"),
    ("Requested by", "申请"),
    ("Sign out", "退出登录"),
];

/// Elements that hold words of the interface, not case data.
const LABEL_ELEMENTS: &str = "header.topbar .who-role, #signout, main .back, main h2, main h3, \
     main dt, main button, main label, main legend, main summary, main figcaption, main .badge, \
     main .stage-chip, main .tag, main .state, main .sla-metric, main .sla-chip strong, \
     main .moves-label, main .timeline .what, \
     main select:not(#act-assign-owner):not(#act-dispatch-technician)";

/// The visible texts of the label elements (a select counts by its chosen
/// option). The owner and technician pickers are left out: they hold
/// people's names, which are data and read the same in both languages.
async fn label_texts(browser: &Browser) -> Vec<String> {
    let texts = browser
        .execute(
            "const out = [];
             for (const el of document.querySelectorAll(arguments[0])) {
               if (!el.getClientRects().length) continue;
               const t = el.tagName === 'SELECT'
                 ? (el.selectedOptions[0] ? el.selectedOptions[0].text : '')
                 : el.innerText;
               if (t.trim()) out.push(t.trim());
             }
             return out;",
            json!([LABEL_ELEMENTS]),
        )
        .await
        .unwrap();
    serde_json::from_value(texts).unwrap()
}

/// The visible text of the top bar and the page.
async fn page_text(browser: &Browser) -> String {
    let mut text = String::new();
    for css in ["header.topbar", "main"] {
        let e = browser.wait_for(css).await.unwrap();
        text.push_str(&browser.text(&e).await.unwrap());
        text.push('\n');
    }
    text
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The case page shows every English label and no Chinese one.
async fn assert_english(browser: &Browser) {
    let text = page_text(browser).await;
    for (en, zh) in LABELS {
        assert!(text.contains(en), "English label {en:?} missing:\n{text}");
        assert!(
            !text.contains(zh),
            "Chinese label {zh:?} in English:\n{text}"
        );
    }
    assert_eq!(html_lang(browser).await, "en");
}

/// An authorised return with a unit on its way back, a refund awaiting
/// approval, an internal note and a high priority.
async fn busy_return(staff: &User) -> CaseId {
    let id = staff.open("return", &unique("逆变器 E07 报错")).await;
    staff
        .ok(id, move_to(Status::Return(ReturnStage::Authorised)))
        .await;
    staff
        .ok(
            id,
            Movement {
                serial: Some("SN2409B00042".into()),
                ..Movement::defective_unit()
            }
            .into(),
        )
        .await;
    staff
        .ok(
            id,
            request_money(EntryKind::Refund, 1_280_000, "质量问题，按原价退回"),
        )
        .await;
    staff
        .ok(
            id,
            Command::AddNote {
                text: "周三寄出，已确认地址".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    staff
        .ok(
            id,
            Command::SetPriority {
                priority: Priority::High,
            },
        )
        .await;
    id
}

/// On a desktop, switching a case page to Chinese leaves no English label
/// visible (headings, facts, stages, buttons, flow states, timeline, dates),
/// switching back restores English, and each choice survives a reload.
#[tokio::test]
async fn the_case_page_switches_between_english_and_chinese_on_a_desktop() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = busy_return(&staff).await;
    let browser = signed_in(&app.base, Viewport::DESKTOP, Who::Staff).await;
    let url = format!("{}/cases/{id}", app.base);
    browser.goto(&url).await.unwrap();
    browser
        .wait_for_text("#flow-info-title", |t| t == "Information")
        .await
        .unwrap();
    browser.wait_for(".timeline .event").await.unwrap();

    // English first (Chromium runs with --lang=en-US).
    assert_english(&browser).await;
    let english = label_texts(&browser).await;
    assert!(english.len() > 30, "labels found: {english:?}");
    let times_en = browser.wait_for(".event-head time").await.unwrap();
    let time_en = browser.text(&times_en).await.unwrap();
    assert!(!time_en.contains('年'), "English date: {time_en}");

    let zh = browser.wait_for("#lang-zh").await.unwrap();
    browser.click(&zh).await.unwrap();
    browser
        .wait_for_text("#flow-info-title", |t| t == "信息")
        .await
        .unwrap();
    browser.wait_for(".timeline .event").await.unwrap();

    let text = page_text(&browser).await;
    for (en, zh) in LABELS {
        assert!(text.contains(zh), "Chinese label {zh:?} missing:\n{text}");
        assert!(
            !text.contains(en),
            "English label {en:?} still shown:\n{text}"
        );
    }
    let chinese = label_texts(&browser).await;
    let untranslated: Vec<&String> = chinese.iter().filter(|t| !has_cjk(t)).collect();
    assert!(
        untranslated.is_empty(),
        "labels without Chinese: {untranslated:?}"
    );
    let left: Vec<&String> = english
        .iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_alphabetic()) && chinese.contains(t))
        .collect();
    assert!(left.is_empty(), "English labels still visible: {left:?}");
    let stage = browser.wait_for(".stage-chip").await.unwrap();
    assert!(has_cjk(&browser.text(&stage).await.unwrap()));
    let time_zh = browser.wait_for(".event-head time").await.unwrap();
    let time_zh = browser.text(&time_zh).await.unwrap();
    assert!(time_zh.contains('年'), "Chinese date: {time_zh}");
    assert_eq!(html_lang(&browser).await, "zh-CN");
    let overflow = browser
        .execute(
            "const d = document.documentElement; return d.scrollWidth - d.clientWidth",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(overflow.as_i64(), Some(0), "no horizontal scrolling");
    shot(&browser, "case-zh-desktop").await;

    // The choice survives a reload.
    browser.goto(&url).await.unwrap();
    browser
        .wait_for_text("#flow-info-title", |t| t == "信息")
        .await
        .unwrap();

    let en = browser.wait_for("#lang-en").await.unwrap();
    browser.click(&en).await.unwrap();
    browser
        .wait_for_text("#flow-info-title", |t| t == "Information")
        .await
        .unwrap();
    browser.wait_for(".timeline .event").await.unwrap();
    assert_english(&browser).await;
    assert_eq!(label_texts(&browser).await, english);
    shot(&browser, "case-en-desktop").await;

    browser.goto(&url).await.unwrap();
    browser
        .wait_for_text("#flow-info-title", |t| t == "Information")
        .await
        .unwrap();
    browser.wait_for(".timeline .event").await.unwrap();
    assert_english(&browser).await;
    browser.quit().await;
}
