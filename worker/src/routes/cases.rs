//! `/api/v1/cases`: open a case, read one, list them.

use afterloop_domain::wire::CreateCaseRequest;
use afterloop_domain::{CaseId, NewCase, Timestamp};
use worker::{Date, Env, Request, Response};

use super::body;
use crate::bindings;
use crate::error::AppError;
use crate::objects::{self, protocol};
use crate::store::CaseStore;

/// Default and largest page size of the case list.
const DEFAULT_PAGE: u64 = 20;
const MAX_PAGE: u64 = 100;
/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 128;

fn store(env: &Env) -> Result<CaseStore, AppError> {
    Ok(CaseStore::new(env.kv(bindings::KV)?))
}

/// `POST /api/v1/cases`: validates with the domain, takes a number from the
/// counter and opens the case through its object. With an `Idempotency-Key`
/// header, a retried request returns the case the first one opened (200).
pub async fn create(mut req: Request, env: &Env) -> Result<Response, AppError> {
    let idempotency_key = idempotency_key(&req)?;
    let dto: CreateCaseRequest = body::json(&mut req).await?;
    let new_case = NewCase::parse(&dto)?;

    let allocated: protocol::Allocated = objects::call(
        env,
        bindings::COUNTER,
        "cases",
        "/allocate",
        &protocol::Allocate { idempotency_key },
    )
    .await?
    .map_err(|r| AppError::Unexpected(format!("counter refused: {}", r.body.message)))?;
    let id = CaseId::from_sequence(allocated.sequence)
        .ok_or_else(|| AppError::Unexpected("counter returned 0".into()))?;

    let open = protocol::Open {
        id,
        case: new_case,
        now: Timestamp::from_millis(Date::now().as_millis() as i64),
    };
    let outcome: Result<protocol::Opened, protocol::Refused> =
        objects::call(env, bindings::CASE, &id.to_string(), "/open", &open).await?;
    match outcome {
        Ok(opened) => {
            let status = if opened.created { 201 } else { 200 };
            let mut resp = Response::from_json(&opened.case)?.with_status(status);
            resp.headers_mut()
                .set("Location", &format!("/api/v1/cases/{}", opened.case.id))?;
            Ok(resp)
        }
        Err(refused) => Ok(Response::from_json(&refused.body)?.with_status(refused.status)),
    }
}

/// `GET /api/v1/cases/{id}`.
pub async fn get(id: &str, env: &Env) -> Result<Response, AppError> {
    let id = CaseId::parse(id).map_err(|e| AppError::BadRequest {
        code: "invalid_case_id",
        message: e.to_string(),
        field: Some("id"),
    })?;
    match store(env)?.get(id).await? {
        Some(case) => Ok(Response::from_json(&case)?),
        None => Err(AppError::NotFound(format!("There is no case {id}."))),
    }
}

/// `GET /api/v1/cases?limit=&cursor=`: newest first.
pub async fn list(req: Request, env: &Env) -> Result<Response, AppError> {
    let url = req.url()?;
    let mut limit = DEFAULT_PAGE;
    let mut cursor = None;
    for (name, value) in url.query_pairs() {
        match name.as_ref() {
            "limit" => {
                limit = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| AppError::BadRequest {
                        code: "invalid_limit",
                        message: format!("`limit` must be a whole number from 1 to {MAX_PAGE}."),
                        field: Some("limit"),
                    })?;
            }
            "cursor" if !value.is_empty() => cursor = Some(value.into_owned()),
            _ => {}
        }
    }
    Ok(Response::from_json(
        &store(env)?.list(limit, cursor).await?,
    )?)
}

fn idempotency_key(req: &Request) -> Result<Option<String>, AppError> {
    let Some(key) = req.headers().get("Idempotency-Key")? else {
        return Ok(None);
    };
    let valid = !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY
        && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key))
    } else {
        Err(AppError::BadRequest {
            code: "invalid_idempotency_key",
            message: format!(
                "`Idempotency-Key` must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters."
            ),
            field: Some("Idempotency-Key"),
        })
    }
}
