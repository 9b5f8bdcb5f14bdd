//! Photos and signatures, as staff send them (`routes::attachments`) and
//! customers do through their link (`routes::track`). The body is
//! read chunk by chunk and refused (413) the moment it passes the kind's
//! limit; its bytes must be the image type declared. They are an R2 object
//! (binding `FILES`) keyed by their SHA-256 (`att/{case}/sha256-{hex}`):
//! written once, never replaced. The case's object first authorizes the
//! upload (and tells a replay from a reused event id) before any byte is
//! stored, then records it. Files stored in KV before R2 (same key layout)
//! are still served: a download reads R2, then KV.

use afterloop_domain::access::Actor;
use afterloop_domain::flow::info::{check_bytes, check_upload, AttachmentKind};
use afterloop_domain::wire::CommandRequest;
use afterloop_domain::{Case, CaseId, Command, EventId, MovementNo, Timestamp};
use futures_util::StreamExt;
use worker::{Env, HttpMetadata, Request, Response, ResponseBody};

use super::case_calls::{apply, check};
use crate::error::AppError;
use crate::objects::protocol;
use crate::store::keys;
use crate::{bindings, crypto};

/// An upload read and checked at the edge: nothing is stored yet.
pub struct Upload {
    kind: AttachmentKind,
    name: String,
    content_type: String,
    event_id: EventId,
    recorded_at: Option<Timestamp>,
    movement: Option<MovementNo>,
    bytes: Vec<u8>,
}

impl Upload {
    /// Reads `?kind=&name=&event_id=` (and `recorded_at`, ms since the
    /// epoch, when the phone recorded it; `movement`, the goods movement the
    /// photo shows) and the raw body; `only` fixes the kind
    /// (a customer's upload is a photo whatever the query says, of no movement).
    pub async fn read(mut req: Request, only: Option<AttachmentKind>) -> Result<Upload, AppError> {
        let url = req.url()?;
        let (mut kind, mut name, mut event_id, mut recorded_at) = (None, None, None, None);
        let mut movement = None;
        for (k, v) in url.query_pairs() {
            match k.as_ref() {
                "kind" => kind = Some(v.into_owned()),
                "name" => name = Some(v.into_owned()),
                "event_id" => event_id = Some(v.into_owned()),
                "recorded_at" => {
                    let ms = v.parse::<i64>().map_err(|_| {
                        AppError::bad(
                            "invalid_recorded_at",
                            "`recorded_at` must be milliseconds since the epoch.",
                            "recorded_at",
                        )
                    })?;
                    recorded_at = Some(Timestamp::from_millis(ms));
                }
                "movement" if only.is_none() => {
                    movement = Some(MovementNo::parse(&v).ok_or_else(|| {
                        AppError::bad(
                            "invalid_movement",
                            "`movement` must be the number of one of the case's goods movements.",
                            "movement",
                        )
                    })?);
                }
                _ => {}
            }
        }
        let kind = match (only, kind.as_deref()) {
            (Some(kind), _) => kind,
            (None, Some("photo")) => AttachmentKind::Photo,
            (None, Some("signature")) => AttachmentKind::Signature,
            _ => {
                return Err(AppError::bad(
                    "invalid_kind",
                    "`kind` must be photo or signature.",
                    "kind",
                ))
            }
        };
        let event_id = EventId::parse(event_id.as_deref().unwrap_or(""))
            .map_err(|m| AppError::bad("invalid_event_id", m, "event_id"))?;
        let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
        let declared = req
            .headers()
            .get("Content-Length")?
            .and_then(|v| v.parse::<usize>().ok());
        let limit = kind.max_bytes() as usize;
        if declared.is_some_and(|n| n > limit) {
            return Err(AppError::PayloadTooLarge { limit });
        }
        let bytes = read_limited(&mut req, limit).await?;
        let name = check_upload(
            kind,
            name.as_deref().unwrap_or(""),
            &content_type,
            bytes.len(),
        )?;
        let content_type = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        check_bytes(&content_type, &bytes)?;
        Ok(Upload {
            kind,
            name,
            content_type,
            event_id,
            recorded_at,
            movement,
            bytes,
        })
    }
}

/// The raw body, read chunk by chunk: 413 as soon as it passes `limit`
/// bytes, so an oversize body (whatever its `Content-Length` said) is
/// never buffered whole. No body reads as empty.
async fn read_limited(req: &mut Request, limit: usize) -> Result<Vec<u8>, AppError> {
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new());
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Has the case's object authorize the upload (a replay answers what was
/// recorded then, storing nothing), stores the bytes under their hash, then
/// has the object record the attachment. `token` is a customer's link token.
pub async fn store_and_record(
    env: &Env,
    actor: &Actor,
    id: CaseId,
    upload: Upload,
    token: Option<&str>,
) -> Result<protocol::Outcome, AppError> {
    let blob = format!("sha256-{}", crypto::sha256_hex(&upload.bytes).await?);
    let content_type = upload.content_type.clone();
    let request = CommandRequest {
        event_id: upload.event_id,
        command: Command::Attach {
            kind: upload.kind,
            name: upload.name,
            content_type: upload.content_type,
            size: upload.bytes.len() as u32,
            blob: blob.clone(),
            movement: upload.movement,
        },
        recorded_at: upload.recorded_at,
    };
    let checked = check(env, actor, id, request.clone(), token).await?;
    if !checked.events.is_empty() {
        return Ok(checked);
    }
    // Content-addressed and written once: an object already under the key
    // holds these very bytes and is never overwritten.
    let key = keys::attachment(id, &blob);
    let bucket = env.bucket(bindings::FILES)?;
    if bucket.head(&key).await?.is_none() {
        bucket
            .put(&key, upload.bytes)
            .http_metadata(HttpMetadata {
                content_type: Some(content_type),
                ..HttpMetadata::default()
            })
            .execute()
            .await?;
    }
    apply(env, actor, id, request, token).await
}

/// Attachment `n` of `case`: its exact bytes with their type, `ETag` (the
/// blob, e.g. `"sha256-…"`: the bytes under a key never change) and
/// `Cache-Control: private, no-cache`; 304 without a body when
/// `If-None-Match` names that tag. Read from R2, else from KV (files stored
/// before R2). Only those the customer sent when `public_only`.
pub async fn serve(
    env: &Env,
    req: &Request,
    case: &Case,
    n: &str,
    public_only: bool,
) -> Result<Response, AppError> {
    let id = case.id;
    let not_found = || AppError::NotFound(format!("Case {id} has no attachment {n}."));
    let number: u32 = n.parse().map_err(|_| not_found())?;
    let att = case
        .attachments
        .iter()
        .find(|a| a.id == number && (a.public || !public_only))
        .ok_or_else(not_found)?;
    let etag = format!("\"{}\"", att.blob);
    let cached = req
        .headers()
        .get("If-None-Match")?
        .is_some_and(|v| names_tag(&v, &etag));
    let mut resp = if cached {
        Response::empty()?.with_status(304)
    } else {
        let key = keys::attachment(id, &att.blob);
        let body = match env.bucket(bindings::FILES)?.get(&key).execute().await? {
            Some(object) => object.body().ok_or_else(not_found)?.response_body()?,
            None => ResponseBody::Body(
                env.kv(bindings::KV)?
                    .get(&key)
                    .bytes()
                    .await?
                    .ok_or_else(not_found)?,
            ),
        };
        let mut resp = Response::from_body(body)?;
        resp.headers_mut().set("Content-Type", &att.content_type)?;
        // Saved, the file keeps the name it was sent with.
        resp.headers_mut().set(
            "Content-Disposition",
            &format!("inline; filename*=UTF-8''{}", percent_encode(&att.name)),
        )?;
        resp
    };
    resp.headers_mut().set("ETag", &etag)?;
    resp.headers_mut()
        .set("Cache-Control", "private, no-cache")?;
    resp.headers_mut()
        .set("X-Content-Type-Options", "nosniff")?;
    Ok(resp)
}

/// Whether an `If-None-Match` value (a list of tags, weak or strong, or
/// `*`) names `etag`.
fn names_tag(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// A file name for `filename*=UTF-8''…` (RFC 8187): every byte outside
/// letters, digits and `.-_~` as `%XX`.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
