//! `/api/v1/cases/{id}/attachments`: staff and technicians send photos and
//! signatures of a case and read them back; how files are read, checked,
//! stored and served is [`super::files`].

use afterloop_domain::access::{allowed, Action, Role};
use worker::Response;

use super::case_calls::outcome_response;
use super::context::{parse_id, store, Context};
use super::files::{serve, store_and_record, Upload};
use crate::error::AppError;

// Types the OpenAPI annotations name.
use crate::openapi::Binary;
use afterloop_domain::flow::info::AttachmentKind;
use afterloop_domain::wire::{CommandResult, ErrorBody};
use afterloop_domain::{CaseId, EventId};

/// Uploads a photo or signature as the raw body and records it on the
/// case (photos at most 2 MiB, signatures 256 KiB and PNG or WebP only).
/// The bytes must be the declared image type; they are stored once under
/// their SHA-256 and never replaced (another file under a used
/// `event_id` is 409).
#[utoipa::path(
    post,
    path = "/api/v1/cases/{id}/attachments",
    tag = "cases",
    operation_id = "upload_attachment",
    security(("bearer" = [])),
    params(
        ("id" = CaseId, Path, description = "The case number."),
        ("kind" = AttachmentKind, Query, description = "`photo` or `signature`."),
        ("name" = String, Query, min_length = 1, max_length = 100, description = "The file name (no path)."),
        ("event_id" = EventId, Query, description = "The client's id for this write (idempotency)."),
        ("recorded_at" = Option<i64>, Query, description = "When the sender recorded it (ms since the epoch, their clock), if it is sent later: kept on its event; not before the case opened nor more than 5 minutes ahead (422 `recorded_at`)."),
        ("movement" = Option<u32>, Query, minimum = 1, description = "The goods movement the photo shows (a shipment, a unit received): its number within the case (404 `movement_not_found` for none)."),
    ),
    request_body(
        description = "The file's bytes.",
        content(
            (Binary = "image/jpeg"),
            (Binary = "image/png"),
            (Binary = "image/webp"),
        )
    ),
    responses(
        (status = 200, description = "Recorded, or replayed.", body = CommandResult),
        (status = 400, description = "Invalid case number, `kind`, `event_id`, `recorded_at` or `movement`.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not attach files here.", body = ErrorBody),
        (status = 404, description = "No such case, or no such goods movement (`movement_not_found`).", body = ErrorBody),
        (status = 409, description = "Not allowed in the case's state, or the `event_id` belongs to another write.", body = ErrorBody),
        (status = 413, description = "Larger than the kind allows.", body = ErrorBody),
        (status = 422, description = "Bad name, content type or size, or bytes that are not the declared type; see `fields`.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn upload(cx: Context) -> Result<Response, AppError> {
    // `POST /api/v1/cases/{id}/attachments?kind=photo&name=unit.jpg&event_id=…`
    // (`&movement=2`: a photo of goods movement 2) with the file as the raw body.
    // A refusal names the query parameter at fault (`movement`, not `command.movement`).
    let env = &cx.env;
    let id = cx.params.case_id()?;
    let actor = cx.actor().await?;
    let upload = Upload::read(cx.req, None).await?;
    let outcome = store_and_record(env, &actor, id, upload, None)
        .await
        .map_err(|e| match e {
            AppError::Refused(mut r) => {
                for f in &mut r.body.fields {
                    if let Some(param) = f.field.strip_prefix("command.") {
                        f.field = param.to_owned();
                    }
                }
                AppError::Refused(r)
            }
            other => other,
        })?;
    outcome_response(&actor, outcome)
}

/// An attachment's bytes, for roles that see a case's internals.
#[utoipa::path(
    get,
    path = "/api/v1/cases/{id}/attachments/{n}",
    tag = "cases",
    operation_id = "download_attachment",
    security(("bearer" = [])),
    params(
        ("id" = CaseId, Path, description = "The case number."),
        ("n" = u32, Path, minimum = 1, description = "The attachment's number within the case."),
    ),
    responses(
        (status = 200, description = "The file, with its content type, `ETag` (its hash) and `Cache-Control: private, no-cache`.", content(
            (Binary = "image/jpeg"),
            (Binary = "image/png"),
            (Binary = "image/webp"),
        )),
        (status = 304, description = "Unchanged: `If-None-Match` named its `ETag`."),
        (status = 400, description = "Not a case number.", body = ErrorBody),
        (status = 401, description = "Not signed in.", body = ErrorBody),
        (status = 403, description = "The role may not see this case's files.", body = ErrorBody),
        (status = 404, description = "No such case or attachment.", body = ErrorBody),
        (status = 500, description = "Unexpected.", body = ErrorBody),
    )
)]
pub async fn download(cx: Context) -> Result<Response, AppError> {
    let env = &cx.env;
    let id = cx.params.get("id");
    let n = cx.params.get("n");
    let id = parse_id(id)?;
    let actor = cx.actor().await?;
    // Staff, managers and (for their own jobs) technicians read files;
    // anyone else is refused before the case is looked up.
    if !matches!(actor.role, Role::Staff | Role::Manager | Role::Technician) {
        return Err(AppError::forbidden("see this case's files"));
    }
    let case = store(env)?
        .get(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?;
    if !allowed(&actor, Action::ReadInternal, Some(&case)) {
        return Err(AppError::forbidden("see this case's files"));
    }
    serve(env, &cx.req, &case, n, false).await
}
