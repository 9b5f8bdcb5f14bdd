//! Reading request bodies: JSON only, size-limited, parsed into a DTO.

use serde::de::DeserializeOwned;
use worker::Request;

use crate::error::AppError;

/// The largest JSON body the API accepts.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// Reads a JSON body into `T`, refusing other content types, oversized
/// bodies and unreadable JSON with their own errors.
pub async fn json<T: DeserializeOwned>(req: &mut Request) -> Result<T, AppError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(AppError::UnsupportedMediaType);
    }
    let declared = req
        .headers()
        .get("Content-Length")?
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_JSON_BYTES) {
        return Err(AppError::PayloadTooLarge {
            limit: MAX_JSON_BYTES,
        });
    }
    let bytes = req.bytes().await?;
    if bytes.len() > MAX_JSON_BYTES {
        return Err(AppError::PayloadTooLarge {
            limit: MAX_JSON_BYTES,
        });
    }
    serde_json::from_slice(&bytes).map_err(|e| AppError::MalformedJson(e.to_string()))
}
