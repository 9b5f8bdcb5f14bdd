//! `/api/v1/cases/{id}/attachments`: photos and signatures. The bytes are a
//! KV value of their own (`att/{case}/{event id}`), stored before the case's
//! object records the attachment; a refused upload removes its bytes again.

use afterloop_domain::access::{allowed, Action};
use afterloop_domain::flow::info::{check_upload, AttachmentKind};
use afterloop_domain::wire::{CommandRequest, CommandResult};
use afterloop_domain::{Command, EventId};
use worker::{Env, Request, Response};

use super::cases::{apply, parse_id, session, store, view_for};
use crate::bindings;
use crate::error::AppError;
use crate::store::keys;

/// `POST /api/v1/cases/{id}/attachments?kind=photo&name=unit.jpg&event_id=…`
/// with the file as the raw body.
pub async fn upload(id: &str, mut req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let actor = session(&req, env).await?.actor();
    let url = req.url()?;
    let (mut kind, mut name, mut event_id) = (None, None, None);
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "kind" => kind = Some(v.into_owned()),
            "name" => name = Some(v.into_owned()),
            "event_id" => event_id = Some(v.into_owned()),
            _ => {}
        }
    }
    let kind = match kind.as_deref() {
        Some("photo") => AttachmentKind::Photo,
        Some("signature") => AttachmentKind::Signature,
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
    if declared.is_some_and(|n| n > kind.max_bytes() as usize) {
        return Err(AppError::PayloadTooLarge {
            limit: kind.max_bytes() as usize,
        });
    }
    let bytes = req.bytes().await?;
    if bytes.len() > kind.max_bytes() as usize {
        return Err(AppError::PayloadTooLarge {
            limit: kind.max_bytes() as usize,
        });
    }
    let name = check_upload(
        kind,
        name.as_deref().unwrap_or(""),
        &content_type,
        bytes.len(),
    )?;
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();

    let kv = env.kv(bindings::KV)?;
    let key = keys::attachment(id, &event_id);
    kv.put_bytes(&key, &bytes)?.execute().await?;
    let command = Command::Attach {
        kind,
        name,
        content_type: essence,
        size: bytes.len() as u32,
        blob: event_id.to_string(),
    };
    match apply(env, &actor, id, CommandRequest { event_id, command }).await {
        Ok(outcome) => Ok(Response::from_json(&CommandResult {
            case: view_for(&actor, outcome.case),
            events: outcome.events,
            applied: outcome.applied,
        })?),
        Err(e) => {
            // Refused (or the case does not exist): the bytes must not linger.
            let recorded = store(env)?
                .get(id)
                .await?
                .is_some_and(|c| c.attachments.iter().any(|a| key.ends_with(&a.blob)));
            if !recorded {
                kv.delete(&key).await?;
            }
            Err(e)
        }
    }
}

/// `GET /api/v1/cases/{id}/attachments/{n}`: the file, for roles that see internals.
pub async fn download(id: &str, n: &str, req: Request, env: &Env) -> Result<Response, AppError> {
    let id = parse_id(id)?;
    let actor = session(&req, env).await?.actor();
    let case = store(env)?
        .get(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no case {id}.")))?;
    if !allowed(&actor, Action::ReadInternal, Some(&case)) {
        return Err(AppError::forbidden("see this case's files"));
    }
    let not_found = || AppError::NotFound(format!("Case {id} has no attachment {n}."));
    let number: u32 = n.parse().map_err(|_| not_found())?;
    let att = case
        .attachments
        .iter()
        .find(|a| a.id == number)
        .ok_or_else(not_found)?;
    let blob = EventId::parse(&att.blob).map_err(AppError::Unexpected)?;
    let bytes = env
        .kv(bindings::KV)?
        .get(&keys::attachment(id, &blob))
        .bytes()
        .await?
        .ok_or_else(not_found)?;
    let mut resp = Response::from_bytes(bytes)?;
    resp.headers_mut().set("Content-Type", &att.content_type)?;
    resp.headers_mut()
        .set("Cache-Control", "private, max-age=3600")?;
    resp.headers_mut()
        .set("X-Content-Type-Options", "nosniff")?;
    Ok(resp)
}
