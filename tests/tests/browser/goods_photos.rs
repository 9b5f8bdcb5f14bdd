//! Photos of a goods movement (a shipment's label, a unit as it arrived)
//! show as thumbnails on that movement's row of the case page, open full
//! size, and stay apart: several thumbnails never overlap, and a long file
//! name is cut with an ellipsis inside its thumbnail, the whole name in its
//! title.

use afterloop_tests::steps::Movement;
use afterloop_tests::webdriver::Viewport;
use afterloop_tests::{spawn_app, unique, Who};
use serde_json::json;

use super::{js, shot, signed_in};

const LONG_NAME: &str =
    "SF-Express-waybill-SF1234567890-unit-received-at-the-Shenzhen-warehouse-2026-12-03.png";

/// Whether any two of the boxes of `css` overlap, and every name fits its
/// thumbnail (cut with an ellipsis when long, the whole name in its title).
const LAYOUT: &str = "
const figs = [...document.querySelectorAll(arguments[0])];
const boxes = figs.map(f => f.getBoundingClientRect());
const overlaps = [];
for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
  const a = boxes[i], b = boxes[j];
  if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
    overlaps.push([i, j]);
}
const names = figs.map(f => {
  const n = f.querySelector('.thumb-name'), open = f.querySelector('.thumb-open');
  const r = n.getBoundingClientRect(), o = open.getBoundingClientRect(), fr = f.getBoundingClientRect();
  const cut = n.scrollWidth > n.clientWidth + 1;
  return {
    inside: r.left >= fr.left - 0.5 && r.right <= fr.right + 0.5 && o.right <= fr.right + 0.5,
    readable: !cut || getComputedStyle(n).textOverflow === 'ellipsis',
    title: n.title,
    text: n.textContent,
  };
});
return { count: figs.length, overlaps, names };
";

#[tokio::test]
async fn photos_of_a_goods_movement_show_on_its_row_apart_and_open_full_size() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("return", &unique("Goods photos: unit back from Berlin"))
        .await;
    staff.ok(id, Movement::shipped_unit().into()).await;
    for name in [LONG_NAME, "label.png", "box-side.png", "seal.png"] {
        staff.attach_ok(id, "photo", name, "&movement=1").await;
    }
    staff.attach_ok(id, "photo", "site.png", "").await;

    for (viewport, tag) in [(Viewport::DESKTOP, "desktop"), (Viewport::PHONE, "phone")] {
        let browser = signed_in(&app.base, viewport, Who::Staff).await;
        browser
            .goto(&format!("{}/cases/{id}", app.base))
            .await
            .unwrap();
        let row = ".flow-goods li.movement[data-movement=\"1\"]";
        browser
            .wait_for(&format!(
                "{row} figure.thumb[data-attachment=\"4\"] img.thumb-img"
            ))
            .await
            .unwrap();
        let loaded = js(
            &browser,
            "const imgs = [...document.querySelectorAll(arguments[0])]; \
             return imgs.length === 4 && imgs.every(i => i.complete && i.naturalWidth > 0)",
            json!([format!("{row} img.thumb-img")]),
        )
        .await;
        assert_eq!(loaded, json!(true), "the row's four photos show ({tag})");
        let other = browser
            .find_all(&format!("{row} figure.thumb[data-attachment=\"5\"]"))
            .await
            .unwrap();
        assert!(other.is_empty(), "a photo of no movement is not on the row");

        for scope in [row, ".photos"] {
            let layout = js(&browser, LAYOUT, json!([format!("{scope} figure.thumb")])).await;
            assert_eq!(layout["overlaps"], json!([]), "{scope} ({tag}): {layout}");
            for name in layout["names"].as_array().unwrap() {
                assert_eq!(name["inside"], json!(true), "{scope} ({tag}): {name}");
                assert_eq!(name["readable"], json!(true), "{scope} ({tag}): {name}");
                assert_eq!(name["title"], name["text"], "the whole name in the title");
            }
        }
        shot(&browser, &format!("case-goods-photos-{tag}-en")).await;

        let open = browser
            .wait_for(&format!("{row} button.thumb-open[data-attachment=\"1\"]"))
            .await
            .unwrap();
        browser.click(&open).await.unwrap();
        browser
            .wait_for(&format!(
                "{row} figure[data-attachment=\"1\"] dialog.viewer[open] img.viewer-img"
            ))
            .await
            .unwrap();
        let title = browser
            .wait_for_text("dialog.viewer[open] .viewer-title", |t| {
                t.contains(LONG_NAME)
            })
            .await
            .unwrap();
        assert!(title.contains(LONG_NAME), "{title}");
        let close = browser
            .wait_for("dialog.viewer[open] .viewer-close")
            .await
            .unwrap();
        browser.click(&close).await.unwrap();

        let zh = browser.wait_for("#lang-zh").await.unwrap();
        browser.click(&zh).await.unwrap();
        browser
            .wait_for_text(&format!("{row} .act-photo"), |t| t.contains("添加照片"))
            .await
            .unwrap();
        browser
            .wait_for(&format!(
                "{row} figure.thumb[data-attachment=\"4\"] img.thumb-img"
            ))
            .await
            .unwrap();
        shot(&browser, &format!("case-goods-photos-{tag}-zh")).await;
        let en = browser.wait_for("#lang-en").await.unwrap();
        browser.click(&en).await.unwrap();
        browser.quit().await;
    }
}
