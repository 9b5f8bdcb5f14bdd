//! A photo of a goods movement (a shipment's label, a unit as it arrived)
//! names the movement it shows (`…/attachments?movement=N`); a movement the
//! case does not have is 404 `movement_not_found`, a number that is none
//! 400, and nothing is recorded by either.

use afterloop_domain::flow::goods::{Direction, MovementKind};
use afterloop_domain::wire::CommandResult;
use afterloop_domain::{CaseId, Command, MovementNo};
use afterloop_tests::client::{expect_error, User};
use afterloop_tests::{spawn_app, unique, Who, PNG};
use reqwest::StatusCode;

async fn upload(user: &User, id: CaseId, query: &str) -> reqwest::Response {
    let event_id = unique("photo").replace(' ', "-");
    user.app
        .http
        .post(user.app.url(&format!(
            "/api/v1/cases/{id}/attachments?kind=photo&name=label.png&event_id={event_id}{query}"
        )))
        .header("Authorization", format!("Bearer {}", user.token))
        .header("Content-Type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap()
}

async fn attachments(user: &User, id: CaseId) -> usize {
    let view: afterloop_domain::wire::CaseView = user
        .get(&format!("/api/v1/cases/{id}"))
        .await
        .json()
        .await
        .unwrap();
    view.case.attachments.len()
}

#[tokio::test]
async fn a_photo_names_the_goods_movement_it_shows_and_an_unknown_one_is_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("return", &unique("Photo of the returned unit"))
        .await;
    staff
        .ok(
            id,
            Command::RecordMovement {
                kind: MovementKind::DefectiveUnit,
                direction: Direction::CustomerToCompany,
                item: "SUN-10K-G".into(),
                serial: Some("SN2409B00042".into()),
                quantity: Some(1),
                carrier: Some("SF Express".into()),
                tracking: Some("SF1234567890".into()),
                order_ref: None,
                cost: None,
            },
        )
        .await;

    let resp = upload(&staff, id, "&movement=1").await;
    assert_eq!(resp.status(), StatusCode::OK);
    let result: CommandResult = resp.json().await.unwrap();
    let att = result.case.case.attachments.last().unwrap();
    assert_eq!(att.movement, Some(MovementNo::new(1)), "{att:?}");

    // A photo of no movement stays the case's.
    let resp = upload(&staff, id, "").await;
    let result: CommandResult = resp.json().await.unwrap();
    assert_eq!(result.case.case.attachments.last().unwrap().movement, None);

    let err = expect_error(
        upload(&staff, id, "&movement=7").await,
        StatusCode::NOT_FOUND,
        "movement_not_found",
    )
    .await;
    assert_eq!(err.fields.len(), 1, "{err:?}");
    assert_eq!(err.fields[0].field, "movement");
    let err = expect_error(
        upload(&staff, id, "&movement=first").await,
        StatusCode::BAD_REQUEST,
        "invalid_movement",
    )
    .await;
    assert_eq!(err.fields[0].field, "movement");
    assert_eq!(
        attachments(&staff, id).await,
        2,
        "refused photos are not recorded"
    );
}
