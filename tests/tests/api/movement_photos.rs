//! A photo of a goods movement (a shipment's label, a unit as it arrived)
//! names the movement it shows (`…/attachments?movement=N`); a movement the
//! case does not have is 404 `movement_not_found`, a number that is none
//! 400, and nothing is recorded by either.

use afterloop_domain::wire::CommandResult;
use afterloop_domain::MovementNo;
use afterloop_tests::client::expect_error;
use afterloop_tests::steps::Movement;
use afterloop_tests::{spawn_app, unique, Who};
use reqwest::StatusCode;

#[tokio::test]
async fn a_photo_names_the_goods_movement_it_shows_and_an_unknown_one_is_refused() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let id = staff
        .open("return", &unique("Photo of the returned unit"))
        .await;
    staff.ok(id, Movement::shipped_unit().into()).await;

    let resp = staff
        .attach_png(id, "photo", "label.png", "&movement=1")
        .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let result: CommandResult = resp.json().await.unwrap();
    let att = result.case.case.attachments.last().unwrap();
    assert_eq!(att.movement, Some(MovementNo::new(1)), "{att:?}");

    // A photo of no movement stays the case's.
    let resp = staff.attach_png(id, "photo", "label.png", "").await;
    let result: CommandResult = resp.json().await.unwrap();
    assert_eq!(result.case.case.attachments.last().unwrap().movement, None);

    let err = expect_error(
        staff
            .attach_png(id, "photo", "label.png", "&movement=7")
            .await,
        StatusCode::NOT_FOUND,
        "movement_not_found",
    )
    .await;
    assert_eq!(err.fields.len(), 1, "{err:?}");
    assert_eq!(err.fields[0].field, "movement");
    let err = expect_error(
        staff
            .attach_png(id, "photo", "label.png", "&movement=first")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_movement",
    )
    .await;
    assert_eq!(err.fields[0].field, "movement");
    assert_eq!(
        staff.case(id).await.case.attachments.len(),
        2,
        "refused photos are not recorded"
    );
}
