//! Photos and signatures: stored as R2 objects keyed by their hash (those
//! stored in KV before still served), size-limited while read, checked by
//! their bytes, names cleaned, internal to staff, tagged for caching.

use afterloop_domain::wire::CommandResult;
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::{spawn_app, unique, OwnServer, Who, PNG, TRUSTING};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The bucket `worker/wrangler.toml` binds as `FILES`.
const BUCKET: &str = "afterloop-files";

/// Where a file's bytes live: the layout's key for its SHA-256 blob.
fn file_key(case: &str, bytes: &[u8]) -> String {
    let case = afterloop_domain::CaseId::parse(case).expect("a case number");
    afterloop_domain::layout::keys::attachment(case, &format!("sha256-{:x}", Sha256::digest(bytes)))
}

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
    let view = staff.case(id).await;
    assert!(view.case.attachments.is_empty(), "nothing was recorded");
}

/// A file comes back tagged by its hash and marked for revalidation; a
/// client that holds it asks with `If-None-Match` and gets 304 with no
/// bytes, and the file again for any other tag.
#[tokio::test]
async fn a_file_is_tagged_by_its_hash_and_not_sent_again_while_unchanged() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("repair", &unique("Tagged photo"))
        .await
        .to_string();
    let query = format!(
        "kind=photo&name=unit.png&event_id={}",
        unique("tag").replace(' ', "-")
    );
    let resp = upload(&staff, &id, &query, "image/png", PNG.to_vec()).await;
    assert_eq!(resp.status(), 200);

    let path = format!("/api/v1/cases/{id}/attachments/1");
    let etag = format!("\"sha256-{:x}\"", Sha256::digest(PNG));
    let file = staff.get(&path).await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["etag"], etag.as_str());
    assert_eq!(file.headers()["cache-control"], "private, no-cache");
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);

    let get_if = |tag: String| {
        staff
            .app
            .http
            .get(staff.app.url(&path))
            .header("Authorization", format!("Bearer {}", staff.token))
            .header("If-None-Match", tag)
            .send()
    };
    let unchanged = get_if(etag.clone()).await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.headers()["etag"], etag.as_str());
    assert!(unchanged.bytes().await.unwrap().is_empty());
    let other = get_if("\"sha256-0\"".into()).await.unwrap();
    assert_eq!(other.status(), 200);
    assert_eq!(other.bytes().await.unwrap().as_ref(), PNG);
}

/// Sends an upload with no `Content-Length` (chunked, 64 KiB a chunk) and
/// answers the status and body; the server may answer before it is all sent.
async fn upload_chunked(user: &User, id: &str, query: &str, len: usize) -> (u16, String) {
    let host = user.app.base.trim_start_matches("http://").to_owned();
    let mut conn = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/v1/cases/{id}/attachments?{query} HTTP/1.1\r\nHost: {host}\r\n\
         Authorization: Bearer {}\r\nContent-Type: image/png\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        user.token
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let chunk = vec![0u8; 64 * 1024];
    let mut sent = 0;
    while sent < len {
        let n = chunk.len().min(len - sent);
        let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
        if conn.write_all(&framed).await.is_err() {
            break; // refused before the end
        }
        sent += n;
    }
    let _ = conn.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = conn.read_to_end(&mut answer).await;
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP answer: {answer}"));
    (status, answer)
}

/// Photos and signatures are R2 objects, not KV values; an oversize body
/// (refused while read, whatever its length header) and bytes that are not
/// the declared image store nothing; a file stored in KV before R2 is
/// still served, byte for byte with its type. Read and written with
/// wrangler's own commands on the server's local store.
#[tokio::test]
async fn files_live_in_r2_and_those_already_in_kv_are_still_served() {
    let server = OwnServer::start("files", &[TRUSTING]);
    let app = server.app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("repair", &unique("Files in R2"))
        .await
        .to_string();
    let q = || {
        format!(
            "kind=photo&name=unit.png&event_id={}",
            unique("r2").replace(' ', "-")
        )
    };

    let resp = upload(&staff, &id, &q(), "image/png", PNG.to_vec()).await;
    assert_eq!(resp.status(), 200);
    let key = file_key(&id, PNG);
    assert_eq!(server.r2_get(BUCKET, &key).as_deref(), Some(PNG), "in R2");
    assert_eq!(server.kv_get(&key), None, "not in KV");

    // Refused: nothing stored, nothing recorded.
    let (status, answer) = upload_chunked(&staff, &id, &q(), 2 * 1024 * 1024 + 1).await;
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    let page = b"<html><script>alert(1)</script></html>".to_vec();
    let wrong = upload(&staff, &id, &q(), "image/jpeg", page.clone()).await;
    expect_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(server.r2_get(BUCKET, &file_key(&id, &page)), None);
    let view: afterloop_domain::wire::CaseView = staff
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.case.attachments.len(), 1, "only the photo");

    // A photo stored before R2: its bytes in KV under the same key.
    let old = staff
        .open("repair", &unique("Photo in KV"))
        .await
        .to_string();
    let resp = upload(&staff, &old, &q(), "image/png", PNG.to_vec()).await;
    assert_eq!(resp.status(), 200);
    let old_key = file_key(&old, PNG);
    server.r2_delete(BUCKET, &old_key);
    server.kv_put(&old_key, PNG);
    let file = staff
        .get(&format!("/api/v1/cases/{old}/attachments/1"))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);
}
