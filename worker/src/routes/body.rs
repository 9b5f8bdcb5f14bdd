//! Reading request bodies: JSON parsed into a DTO (and CSV where an
//! endpoint takes a spreadsheet's file), size-limited.

use serde::de::DeserializeOwned;
use worker::Request;

use crate::error::AppError;

/// The largest JSON body the API accepts.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

/// The body's media type, lower case, without parameters (`text/csv`).
pub fn media_type(req: &Request) -> Result<String, AppError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    Ok(content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase())
}

/// The body's bytes, refusing more than [`MAX_JSON_BYTES`].
async fn bounded(req: &mut Request) -> Result<Vec<u8>, AppError> {
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
    Ok(bytes)
}

/// Reads a JSON body into `T`, refusing other content types, oversized
/// bodies and unreadable JSON with their own errors.
pub async fn json<T: DeserializeOwned>(req: &mut Request) -> Result<T, AppError> {
    if media_type(req)? != "application/json" {
        return Err(AppError::UnsupportedMediaType);
    }
    let bytes = bounded(req).await?;
    serde_json::from_slice(&bytes).map_err(|e| malformed::<T>(&bytes, e))
}

/// Why a body does not read as `T`, naming the member at fault when it is
/// JSON of another shape (`command.amount.currency`, an unknown `priority`).
fn malformed<T: DeserializeOwned>(bytes: &[u8], e: serde_json::Error) -> AppError {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|value| afterloop_domain::validation::json_fault::<T>(&value))
        .map_or_else(
            || AppError::MalformedJson(e.to_string()),
            AppError::MalformedField,
        )
}

/// Reads a `text/csv` body (UTF-8, as large as a JSON body may be).
pub async fn csv(req: &mut Request) -> Result<String, AppError> {
    if media_type(req)? != "text/csv" {
        return Err(AppError::UnsupportedMediaType);
    }
    let bytes = bounded(req).await?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::bad(
            "invalid_encoding",
            "The CSV file must be UTF-8 (spreadsheets: save as \"CSV UTF-8\").",
            "file",
        )
    })
}
