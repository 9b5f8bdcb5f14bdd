//! WebCrypto from the worker: random tokens, SHA-256 and PBKDF2-SHA256.
//!
//! Passwords are hashed with PBKDF2-SHA256 at exactly 100,000 iterations:
//! production Workers refuse more (local workerd does not), so this is the
//! strongest setting that runs the same locally and deployed.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, Pbkdf2Params};

/// PBKDF2 iterations: the production Workers maximum.
pub const PBKDF2_ITERATIONS: u32 = 100_000;

fn crypto() -> Result<Crypto, worker::Error> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .map_err(|_| worker::Error::RustError("no crypto global".into()))?
        .dyn_into::<Crypto>()
        .map_err(|_| worker::Error::RustError("crypto is not Crypto".into()))
}

/// `n` cryptographically random bytes.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, worker::Error> {
    let mut buf = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(|e| worker::Error::RustError(format!("getRandomValues: {e:?}")))?;
    Ok(buf)
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from lower-case hex (`None` if malformed).
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A random token of 32 bytes, as 64 hex characters.
pub fn token() -> Result<String, worker::Error> {
    Ok(hex(&random_bytes(32)?))
}

/// SHA-256 of `data`.
pub async fn sha256(data: &[u8]) -> Result<Vec<u8>, worker::Error> {
    let promise = crypto()?
        .subtle()
        .digest_with_str_and_u8_array("SHA-256", data)
        .map_err(|e| worker::Error::RustError(format!("digest: {e:?}")))?;
    let buf = JsFuture::from(promise).await?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// SHA-256 of `data`, as hex.
pub async fn sha256_hex(data: &[u8]) -> Result<String, worker::Error> {
    Ok(hex(&sha256(data).await?))
}

/// PBKDF2-SHA256 of a password with a salt, 32 bytes.
pub async fn pbkdf2(
    password: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<Vec<u8>, worker::Error> {
    let subtle = crypto()?.subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"PBKDF2".into())?;
    let usages = Array::of1(&"deriveBits".into());
    let key_data = Uint8Array::from(password.as_bytes());
    let key = JsFuture::from(
        subtle
            .import_key_with_object("raw", &key_data, &algorithm, false, &usages)
            .map_err(|e| worker::Error::RustError(format!("importKey: {e:?}")))?,
    )
    .await?
    .dyn_into::<CryptoKey>()?;
    let salt = Uint8Array::from(salt);
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt);
    let bits = JsFuture::from(
        subtle
            .derive_bits_with_object(&params, &key, 256)
            .map_err(|e| worker::Error::RustError(format!("deriveBits: {e:?}")))?,
    )
    .await?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Compares two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
