//! Photos and signatures: stored as their own KV values, size-limited,
//! content-type checked, names cleaned, internal to staff.

use afterloop_domain::wire::CommandResult;
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::{spawn_app, unique, Who, PNG};
use reqwest::StatusCode;

async fn upload(
    user: &User,
    id: &str,
    query: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    user.app
        .http
        .post(
            user.app
                .url(&format!("/api/v1/cases/{id}/attachments?{query}")),
        )
        .header("Authorization", format!("Bearer {}", user.token))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_photo_is_stored_listed_and_served_back_byte_for_byte() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("repair", &unique("Photo of the burnt board"))
        .await
        .to_string();
    let event_id = unique("photo").replace(' ', "-");

    let resp = upload(
        &staff,
        &id,
        &format!("kind=photo&name=board.png&event_id={event_id}"),
        "image/png",
        PNG.to_vec(),
    )
    .await;

    assert_eq!(resp.status(), 200);
    let result: CommandResult = resp.json().await.unwrap();
    let att = &result.case.case.attachments[0];
    assert_eq!(
        (att.id, att.name.as_str(), att.size as usize),
        (1, "board.png", PNG.len())
    );
    let again = upload(
        &staff,
        &id,
        &format!("kind=photo&name=board.png&event_id={event_id}"),
        "image/png",
        PNG.to_vec(),
    )
    .await;
    let again: CommandResult = again.json().await.unwrap();
    assert!(!again.applied, "a retried upload is recorded once");

    let file = staff
        .get(&format!("/api/v1/cases/{id}/attachments/1"))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);

    let token = result.case.case.public_token.clone();
    let public = app
        .get(&format!("/api/v1/track/{token}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!public.contains("board.png"), "attachments are internal");
}

#[tokio::test]
async fn bad_uploads_are_refused_with_their_fields() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("repair", &unique("Bad uploads"))
        .await
        .to_string();
    let q = |name: &str| {
        format!(
            "kind=photo&name={name}&event_id={}",
            unique("up").replace(' ', "-")
        )
    };

    let traversal = upload(
        &staff,
        &id,
        &q("..%2F..%2Fetc%2Fpasswd"),
        "image/png",
        PNG.to_vec(),
    )
    .await;
    let wrong_type = upload(
        &staff,
        &id,
        &q("x.exe"),
        "application/octet-stream",
        PNG.to_vec(),
    )
    .await;
    let empty = upload(&staff, &id, &q("empty.png"), "image/png", Vec::new()).await;
    let huge = upload(
        &staff,
        &id,
        &q("huge.png"),
        "image/png",
        vec![0u8; 2 * 1024 * 1024 + 1],
    )
    .await;
    let bad_kind = upload(
        &staff,
        &id,
        "kind=video&name=a.png&event_id=evt-12345678",
        "image/png",
        PNG.to_vec(),
    )
    .await;

    let t = expect_error(
        traversal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(t.fields[0].field, "name");
    let w = expect_error(
        wrong_type,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(w.fields[0].field, "content_type");
    let e = expect_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(e.fields[0].field, "body");
    expect_error(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    expect_error(bad_kind, StatusCode::BAD_REQUEST, "invalid_kind").await;

    let view: afterloop_domain::wire::CaseView = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(view.case.attachments.is_empty(), "nothing was recorded");
}

#[tokio::test]
async fn a_technician_not_on_the_case_cannot_attach() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let tech = app.sign_in(Who::Tech2).await;
    let id = staff
        .open("repair", &unique("Not your job"))
        .await
        .to_string();

    let resp = upload(
        &tech,
        &id,
        &format!(
            "kind=signature&name=sig.png&event_id={}",
            unique("sig").replace(' ', "-")
        ),
        "image/png",
        PNG.to_vec(),
    )
    .await;

    expect_error(resp, StatusCode::FORBIDDEN, "not_your_case").await;
    expect_error(
        staff
            .get(&format!("/api/v1/cases/{id}/attachments/1"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

/// The bytes must be the image the upload says they are: an HTML page sent
/// as a JPEG (or a PNG declared as a JPEG) is refused and nothing is stored.
#[tokio::test]
async fn bytes_that_are_not_the_declared_image_are_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff.open("repair", &unique("Photo check")).await;
    for (content_type, body) in [
        (
            "image/jpeg",
            b"<html><script>alert(1)</script></html>".to_vec(),
        ),
        // A page behind a JPEG's first bytes is still a page.
        (
            "image/jpeg",
            [
                &[0xFF, 0xD8, 0xFF, 0xE0][..],
                b"<html><script>alert(1)</script></html>",
            ]
            .concat(),
        ),
        ("image/jpeg", PNG.to_vec()),
        ("image/webp", PNG.to_vec()),
    ] {
        let resp = upload(
            &staff,
            &id.to_string(),
            &format!(
                "kind=photo&name=unit.jpg&event_id={}",
                unique("sniff").replace(' ', "-")
            ),
            content_type,
            body,
        )
        .await;
        let err = expect_error(resp, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(err.fields[0].field, "body");
        assert_eq!(err.fields[0].code, "content_mismatch");
    }
    let view: afterloop_domain::wire::CaseView = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(view.case.attachments.is_empty(), "nothing was recorded");
}
