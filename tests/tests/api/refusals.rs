//! A refused action says who may not do what on which case, as values the
//! page puts in the reader's language (`refusal`: role, action, case), and
//! as an English sentence: "A sales rep may not change the priority on case
//! AL-1378."

use afterloop_domain::access::{Action, Refusal, Role};
use afterloop_domain::sla::Priority;
use afterloop_domain::Command;
use afterloop_tests::client::expect_error;
use afterloop_tests::{intake, now, spawn_app, unique, Who};
use reqwest::StatusCode;

#[tokio::test]
async fn a_refusal_names_the_role_the_action_and_the_case() {
    let app = spawn_app();
    let staff = app.sign_in(Who::Staff).await;
    let emma = app.sign_in(Who::SalesRep).await;
    let mut body = intake("repair", &unique("Rep asks for urgency"));
    body["customer"]["sales_rep"] = "emma.sales".into();
    let id = staff.open_with(&body).await;

    let err = expect_error(
        emma.command(
            id,
            Command::SetPriority {
                priority: Priority::Urgent,
            },
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        err.refusal,
        Some(Refusal {
            role: Role::SalesRep,
            action: Action::Prioritise,
            case: id,
        })
    );
    assert_eq!(
        err.message,
        format!("A sales rep may not change the priority on case {id}.")
    );

    // Another role and action name their own.
    let err = expect_error(
        staff
            .command(
                id,
                Command::CheckIn {
                    at: now(),
                    location: None,
                },
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        err.refusal,
        Some(Refusal {
            role: Role::Staff,
            action: Action::Visit,
            case: id,
        })
    );
    assert_eq!(
        err.message,
        format!("A staff member may not check in or out on case {id}.")
    );
}
