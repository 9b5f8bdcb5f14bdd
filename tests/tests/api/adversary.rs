//! The boundaries between users, tried as an attacker would: for every
//! case endpoint and every role that may not use it (plus signed out and
//! another case's customer link), another case's id, a replayed event id
//! taken from a case the actor cannot read, a reused idempotency key from
//! another sender, and overwriting an attachment. Each is refused with
//! 401/403/404/409, no answer carries any of the marker strings planted in
//! the case's internal note, customer contacts and link token, and the case
//! (its version, its photo's bytes) is unchanged by all of it.

use afterloop_domain::flow::info::Visibility;
use afterloop_domain::flow::money::EntryKind;
use afterloop_domain::wire::{CaseView, NewRequestReceipt};
use afterloop_domain::{CaseId, Command, Timestamp, UserId};
use afterloop_tests::client::{expect_error, public_intake, User};
use afterloop_tests::steps::request_money;
use afterloop_tests::{intake, now, spawn_app, unique, TestApp, Who, PNG};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// A case with secrets in it, and what identifies them.
struct Planted {
    id: CaseId,
    /// Strings no outsider may ever read: contacts, the internal note, the token.
    markers: Vec<String>,
    /// Event ids the case's log holds.
    event_ids: Vec<String>,
    /// The photo's event id.
    photo_event: String,
    /// The case's version after planting.
    version: u32,
}

/// Another valid PNG: the same image with a text chunk, so other bytes.
fn other_png(text: &str) -> Vec<u8> {
    let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
    chunk.extend(b"tEXt");
    chunk.extend(text.as_bytes());
    chunk.extend([0; 4]);
    [&PNG[..33], &chunk[..], &PNG[33..]].concat()
}

fn event_id(label: &str) -> String {
    unique(label).replace(' ', "-")
}

async fn upload(
    app: &TestApp,
    token: Option<&str>,
    id: CaseId,
    event_id: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let mut req = app
        .http
        .post(app.url(&format!(
            "/api/v1/cases/{id}/attachments?kind=photo&name=unit.png&event_id={event_id}"
        )))
        .header("Content-Type", "image/png")
        .body(bytes);
    if let Some(token) = token {
        req = req.header("Authorization", format!("Bearer {token}"));
    }
    req.send().await.unwrap()
}

/// Opens a repair with marked contacts, an internal note, a photo and a
/// technician's visit (wu.gang), kept by no sales rep.
async fn plant(staff: &User) -> Planted {
    let mark = unique("MARK").replace(' ', "");
    let mut body = intake("repair", &unique("Inverter trips at noon"));
    body["customer"] = json!({
        "name": format!("Name-{mark}"),
        "phone": "+86 139 7777 1234",
        "email": format!("{}@example.cn", mark.to_lowercase()),
        "address": format!("Address-{mark}"),
    });
    let id = staff.open_with(&body).await;
    let note = format!("Note-{mark}");
    let note_event = event_id("note");
    let resp = staff
        .command_with(
            id,
            &note_event,
            Command::AddNote {
                text: note.clone(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    assert_eq!(resp.status(), 200);
    let photo_event = event_id("photo");
    let resp = upload(
        &staff.app,
        Some(&staff.token),
        id,
        &photo_event,
        PNG.to_vec(),
    )
    .await;
    assert_eq!(resp.status(), 200, "{}", resp.text().await.unwrap());
    let start = now().millis() + 86_400_000;
    staff
        .ok(
            id,
            Command::Dispatch {
                technician: UserId::parse("wu.gang").unwrap(),
                from: Timestamp::from_millis(start),
                to: Timestamp::from_millis(start + 3 * 3_600_000),
            },
        )
        .await;
    let view = staff.case(id).await;
    Planted {
        id,
        markers: vec![
            format!("Name-{mark}"),
            "7777 1234".into(),
            format!("Address-{mark}"),
            mark.to_lowercase(),
            note,
            view.case.public_token.clone(),
        ],
        event_ids: vec![format!("open-{id}"), note_event, photo_event.clone()],
        photo_event,
        version: view.case.version,
    }
}

/// Asserts a refusal with one of `statuses` that leaks no marker.
async fn refused(resp: reqwest::Response, statuses: &[u16], markers: &[String], what: &str) {
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    assert!(
        statuses.contains(&status),
        "{what}: expected one of {statuses:?}, got {status}: {body}"
    );
    let json: Value = serde_json::from_str(&body)
        .unwrap_or_else(|_| panic!("{what}: the refusal is JSON: {body}"));
    assert!(json.get("error").is_some(), "{what}: {body}");
    for m in markers {
        assert!(!body.contains(m.as_str()), "{what} leaks {m}: {body}");
    }
}

/// Every request an outsider might make of a case, with their bearer token.
async fn attack(app: &TestApp, token: Option<&str>, who: &str, planted: &Planted, allowed: &[u16]) {
    let id = planted.id;
    let send = |method: Method, path: String, body: Option<Value>| {
        let mut req = app.http.request(method, app.url(&path));
        if let Some(token) = token {
            req = req.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send()
    };
    for path in [
        format!("/api/v1/cases/{id}"),
        format!("/api/v1/cases/{id}/events"),
        format!("/api/v1/cases/{id}/history"),
        format!("/api/v1/cases/{id}/attachments/1"),
    ] {
        let resp = send(Method::GET, path.clone(), None).await.unwrap();
        refused(
            resp,
            allowed,
            &planted.markers,
            &format!("{who} GET {path}"),
        )
        .await;
    }
    // Replays of event ids the case holds, and of ids the system makes.
    let mut replayed = planted.event_ids.clone();
    replayed.extend(["notify-2".to_owned(), "notify-3".to_owned()]);
    for event_id in &replayed {
        let body = json!({
            "event_id": event_id,
            "command": { "type": "add_note", "text": "hello", "visibility": "public" },
        });
        let resp = send(
            Method::POST,
            format!("/api/v1/cases/{id}/commands"),
            Some(body),
        )
        .await
        .unwrap();
        refused(
            resp,
            allowed,
            &planted.markers,
            &format!("{who} replays {event_id}"),
        )
        .await;
    }
    // Overwriting the photo under its own event id.
    let other = other_png("Comment\0not the photo");
    let resp = upload(app, token, id, &planted.photo_event, other).await;
    refused(
        resp,
        allowed,
        &planted.markers,
        &format!("{who} overwrites the photo"),
    )
    .await;
}

/// The planted case as staff read it after the attacks: same version, same photo.
async fn unchanged(staff: &User, planted: &Planted) {
    let view: CaseView = staff
        .get(&format!("/api/v1/cases/{}", planted.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.case.version, planted.version,
        "refused requests change nothing"
    );
    let bytes = staff
        .get(&format!("/api/v1/cases/{}/attachments/1", planted.id))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), PNG, "the stored photo is the one uploaded");
}

#[tokio::test]
async fn no_outsider_reads_or_changes_a_case_by_any_endpoint() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let planted = plant(&staff).await;

    attack(&app, None, "signed out", &planted, &[401]).await;
    for who in [Who::Tech2, Who::SalesRep] {
        let user = app.sign_in(who).await;
        let who = format!("{who:?}");
        attack(&app, Some(&user.token), &who, &planted, &[403, 409]).await;
    }
    // A session token is not a customer link, and a link is not a session.
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake(
            "repair",
            &unique("Another customer's request"),
        ))
        .await
        .json()
        .await
        .unwrap();
    let who = "a customer's link as a bearer";
    attack(&app, Some(&receipt.token), who, &planted, &[401]).await;
    // Another case's link reaches only its own case's files.
    let resp = app
        .get(&format!("/api/v1/track/{}/attachments/1", receipt.token))
        .await;
    refused(resp, &[404], &planted.markers, "another link's photo").await;

    unchanged(&staff, &planted).await;
}

#[tokio::test]
async fn an_event_id_answers_only_the_actor_and_command_that_made_it() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let planted = plant(&staff).await;
    let note_event = &planted.event_ids[1];

    // The same staff member, another command under the note's id: 409.
    let resp = staff
        .command_with(
            planted.id,
            note_event,
            Command::AddNote {
                text: "Something else".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    expect_error(resp, StatusCode::CONFLICT, "event_id_reused").await;

    // Another staff member (who may read the case) reusing it: 409 too,
    // with nothing of the first write.
    let other = app.sign_in(Who::Staff2).await;
    let resp = other
        .command_with(
            planted.id,
            note_event,
            Command::AddNote {
                text: planted.markers[4].clone(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    let body = expect_error(resp, StatusCode::CONFLICT, "event_id_taken").await;
    assert!(body.message.contains("event_id"), "{}", body.message);

    // The same actor, the same command: a replay, applied once.
    let resp = staff
        .command_with(
            planted.id,
            note_event,
            Command::AddNote {
                text: planted.markers[4].clone(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    assert_eq!(resp.status(), 200);
    let replay: Value = resp.json().await.unwrap();
    assert_eq!(replay["applied"], false);

    // The photo's id with other bytes, by the one who sent it: 409, and the
    // photo served is still the first.
    let other_bytes = other_png("Comment\0another photo");
    let resp = upload(
        &app,
        Some(&staff.token),
        planted.id,
        &planted.photo_event,
        other_bytes,
    )
    .await;
    expect_error(resp, StatusCode::CONFLICT, "event_id_reused").await;
    // The same bytes again: a replay.
    let resp = upload(
        &app,
        Some(&staff.token),
        planted.id,
        &planted.photo_event,
        PNG.to_vec(),
    )
    .await;
    assert_eq!(resp.status(), 200);
    unchanged(&staff, &planted).await;
}

#[tokio::test]
async fn technicians_and_sales_reps_read_their_view_and_never_the_link() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let planted = plant(&staff).await;
    let token = planted.markers[5].clone();

    // Money on the job, with a payment reference.
    let manager = app.sign_in(Who::Manager).await;
    let reference = unique("BANKREF").replace(' ', "-");
    staff
        .ok(
            planted.id,
            request_money(EntryKind::Refund, 50_000, "Goodwill for the second visit"),
        )
        .await;
    manager
        .ok(planted.id, Command::ApproveMoney { entry: 1 })
        .await;
    manager
        .ok(
            planted.id,
            Command::PayMoney {
                entry: 1,
                reference: reference.clone(),
            },
        )
        .await;

    // The technician on the job reads the job, not the customer's link
    // nor the money.
    let tech = app.sign_in(Who::Tech).await;
    for path in [
        format!("/api/v1/cases/{}", planted.id),
        format!("/api/v1/cases/{}/events", planted.id),
    ] {
        let resp = tech.get(&path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let body = resp.text().await.unwrap();
        assert!(
            !body.contains(&token),
            "the technician gets the link: {path}"
        );
        assert!(
            !body.contains(&reference),
            "the technician reads the payment: {path}"
        );
        assert!(
            !body.contains("Goodwill"),
            "the technician reads the money: {path}"
        );
        assert!(!body.contains("public_token") && !body.contains("outbox"));
    }
    let resp = tech
        .command(
            planted.id,
            Command::AddNote {
                text: "Bring the spare fan".into(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert!(!resp.text().await.unwrap().contains(&token));

    // The sales rep keeping the customer reads their view: the customer,
    // the stage, messages; no link, no internal note.
    let mut body = intake("repair", &unique("Rep's customer case"));
    body["customer"]["sales_rep"] = json!("emma.sales");
    let kept = staff.open_with(&body).await;
    staff
        .ok(
            kept,
            Command::AddNote {
                text: planted.markers[4].clone(),
                visibility: Visibility::Internal,
            },
        )
        .await;
    let kept_token: String = staff
        .get(&format!("/api/v1/cases/{kept}"))
        .await
        .json::<CaseView>()
        .await
        .unwrap()
        .case
        .public_token;
    let rep = app.sign_in(Who::SalesRep).await;
    let secrets = [kept_token, planted.markers[4].clone()];
    for path in [
        format!("/api/v1/cases/{kept}"),
        format!("/api/v1/cases/{kept}/events"),
    ] {
        let resp = rep.get(&path).await;
        assert_eq!(resp.status(), 200, "{path}");
        let body = resp.text().await.unwrap();
        for s in &secrets {
            assert!(!body.contains(s.as_str()), "the rep reads {s} at {path}");
        }
    }
    let resp = rep
        .command(
            kept,
            Command::AddNote {
                text: "I will call them too".into(),
                visibility: Visibility::Public,
            },
        )
        .await;
    assert_eq!(resp.status(), 200);
    let body = resp.text().await.unwrap();
    for s in &secrets {
        assert!(
            !body.contains(s.as_str()),
            "the rep's command answer has {s}"
        );
    }
}

async fn send_public(app: &TestApp, body: &Value, key: &str) -> reqwest::Response {
    let (challenge, nonce) = app.solve_challenge().await;
    app.http
        .post(app.url("/api/v1/public/requests"))
        .header("X-Challenge", challenge)
        .header("X-Challenge-Nonce", nonce)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reused_idempotency_key_never_returns_another_senders_case() {
    let app = spawn_app();
    let key = event_id("shared-key");
    let body = public_intake("repair", &unique("Same words, two senders"));
    let first = send_public(&app, &body, &key).await;
    assert_eq!(first.status(), 201);
    let first: NewRequestReceipt = first.json().await.unwrap();

    // Another sender (their own challenge), the same key and words.
    let second = send_public(&app, &body, &key).await;
    let status = second.status().as_u16();
    let text = second.text().await.unwrap();
    assert!(
        !text.contains(&first.token) && !text.contains(&first.id.to_string()),
        "the second sender reads the first one's case: {text}"
    );
    assert!([201, 409].contains(&status), "{status}: {text}");

    // Staff keys are per user: another staff member's key opens their own case.
    let staff = app.sign_in(Who::Staff).await;
    let other = app.sign_in(Who::Staff2).await;
    let intake_body = intake("repair", &unique("Staff key"));
    let a = staff.create_case(&intake_body, Some(&key)).await;
    assert_eq!(a.status(), 201);
    let a: CaseView = a.json().await.unwrap();
    let b = other.create_case(&intake_body, Some(&key)).await;
    assert_eq!(b.status(), 201, "another user's key is not theirs");
    let b: CaseView = b.json().await.unwrap();
    assert_ne!(a.case.id, b.case.id);
}

/// The system's own event ids (the opening, messages sent) are no one's to
/// send: 400, and nothing is recorded or dropped in silence.
#[tokio::test]
async fn the_systems_event_ids_are_refused_to_every_sender() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let planted = plant(&staff).await;
    let id = planted.id;
    for event_id in [
        format!("open-{id}"),
        "notify-99".to_owned(),
        "my-write:1".to_owned(),
    ] {
        let resp = staff
            .command_with(
                id,
                &event_id,
                Command::AddNote {
                    text: "Called the customer".into(),
                    visibility: Visibility::Internal,
                },
            )
            .await;
        let body = expect_error(resp, StatusCode::BAD_REQUEST, "reserved_event_id").await;
        assert_eq!(body.fields[0].field, "event_id");
    }
    // The customer who opened a case, through their link, likewise.
    let receipt: NewRequestReceipt = app
        .new_request(&public_intake("repair", &unique("Link opener")))
        .await
        .json()
        .await
        .unwrap();
    let resp = app
        .post(
            &format!("/api/v1/track/{}/messages", receipt.token),
            &json!({ "event_id": format!("open-{}", receipt.id), "text": "Hello" }),
        )
        .await;
    expect_error(resp, StatusCode::BAD_REQUEST, "reserved_event_id").await;
    unchanged(&staff, &planted).await;
}

/// A manager disabling an account or changing its role acts on the
/// sessions it already has, at once.
#[tokio::test]
async fn a_disabled_or_demoted_user_acts_no_more_on_an_old_session() {
    let app = spawn_app();
    let manager = app.sign_in(Who::Manager).await;
    let name = format!("gone.{:x}", now().millis());
    let created = manager
        .post(
            "/api/v1/admin/users",
            &json!({ "name": name, "display_name": "Leaving Soon", "role": "staff", "language": "en", "password": "right-password-1" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let (user, _) = app.log_in_as(&name, "right-password-1").await;
    assert_eq!(user.get("/api/v1/cases").await.status(), 200);

    // Made a technician: the staff list is closed to the same session.
    let changed = manager
        .post(
            &format!("/api/v1/admin/users/{name}"),
            &json!({ "role": "technician" }),
        )
        .await;
    assert_eq!(changed.status(), 200);
    expect_error(
        user.get("/api/v1/cases").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Disabled: the session ends.
    let disabled = manager
        .post(
            &format!("/api/v1/admin/users/{name}"),
            &json!({ "disabled": true }),
        )
        .await;
    assert_eq!(disabled.status(), 200);
    expect_error(
        user.get("/api/v1/auth/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
}
