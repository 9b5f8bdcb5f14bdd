//! The IndexedDB calls the outbox needs: one database, one object store of
//! records `{seq, json, blob?}` keyed by an auto-incremented `seq`. Every
//! write waits for its transaction to commit, so what the screen calls
//! "kept on this phone" survives a closed tab and a restart.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransactionMode};

const DB_NAME: &str = "afterloop";
const DB_VERSION: u32 = 1;
const STORE: &str = "outbox";

/// A stored record: its key, its JSON and the file it carries, if any.
pub struct Record {
    /// The record's key, in the order records were added.
    pub seq: u32,
    /// The record's JSON text.
    pub json: String,
    /// The file, until it is sent.
    pub blob: Option<Blob>,
}

/// Why IndexedDB failed, as a sentence.
fn fail(what: &str, e: JsValue) -> String {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_default();
    format!("The phone's storage refused to {what} ({detail}).")
}

/// Resolves with the request's result once it succeeds.
async fn request(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("request failed"));
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// Resolves once the transaction has committed. Its handlers are set when
/// this is called, so call it before the transaction's requests are awaited.
fn committed(
    tx: &web_sys::IdbTransaction,
) -> impl std::future::Future<Output = Result<(), JsValue>> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject2 = reject.clone();
        let err = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("transaction failed"));
        });
        let abort = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject2.call1(&JsValue::NULL, &JsValue::from_str("transaction aborted"));
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(err.unchecked_ref()));
        tx.set_onabort(Some(abort.unchecked_ref()));
    });
    async move { JsFuture::from(promise).await.map(|_| ()) }
}

/// Opens (creating on first use) the outbox database.
pub async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| "This browser keeps no offline storage (IndexedDB).".to_owned())?;
    let req = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|e| fail("open", e))?;
    let upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
        move |e: web_sys::IdbVersionChangeEvent| {
            let Some(db) = e
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            else {
                return;
            };
            if !db.object_store_names().contains(STORE) {
                let params = IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("seq"));
                params.set_auto_increment(true);
                let _ = db.create_object_store_with_optional_parameters(STORE, &params);
            }
        },
    );
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = request(&req).await.map_err(|e| fail("open", e))?;
    drop(upgrade);
    db.dyn_into::<IdbDatabase>().map_err(|e| fail("open", e))
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(web_sys::IdbTransaction, web_sys::IdbObjectStore), JsValue> {
    let tx = db.transaction_with_str_and_mode(STORE, mode)?;
    let store = tx.object_store(STORE)?;
    Ok((tx, store))
}

/// Adds a record and returns its key once it is committed.
pub async fn add(db: &IdbDatabase, json: &str, blob: Option<&Blob>) -> Result<u32, String> {
    let run = async {
        let (tx, store) = store(db, IdbTransactionMode::Readwrite)?;
        let done = committed(&tx);
        let value = Object::new();
        Reflect::set(&value, &"json".into(), &JsValue::from_str(json))?;
        if let Some(blob) = blob {
            Reflect::set(&value, &"blob".into(), blob)?;
        }
        let key = request(&store.add(&value)?).await?;
        done.await?;
        Ok::<_, JsValue>(key.as_f64().unwrap_or_default() as u32)
    };
    run.await.map_err(|e| fail("keep this on the phone", e))
}

/// Replaces a record's JSON; drops its file when `drop_blob` (once sent).
pub async fn update(db: &IdbDatabase, seq: u32, json: &str, drop_blob: bool) -> Result<(), String> {
    let run = async {
        let (tx, store) = store(db, IdbTransactionMode::Readwrite)?;
        let done = committed(&tx);
        let value = request(&store.get(&JsValue::from(seq))?).await?;
        if value.is_undefined() {
            return done.await;
        }
        Reflect::set(&value, &"json".into(), &JsValue::from_str(json))?;
        if drop_blob {
            Reflect::delete_property(value.unchecked_ref::<Object>(), &"blob".into())?;
        }
        request(&store.put(&value)?).await?;
        done.await
    };
    run.await.map_err(|e| fail("update the outbox", e))
}

/// Deletes records by key.
pub async fn delete(db: &IdbDatabase, seqs: &[u32]) -> Result<(), String> {
    let run = async {
        let (tx, store) = store(db, IdbTransactionMode::Readwrite)?;
        let done = committed(&tx);
        for seq in seqs {
            store.delete(&JsValue::from(*seq))?;
        }
        done.await
    };
    run.await.map_err(|e| fail("clear sent items", e))
}

/// Every record, oldest first.
pub async fn all(db: &IdbDatabase) -> Result<Vec<Record>, String> {
    let run = async {
        let (_tx, store) = store(db, IdbTransactionMode::Readonly)?;
        let values: Array = request(&store.get_all()?).await?.unchecked_into();
        let mut records = Vec::new();
        for value in values.iter() {
            let seq = Reflect::get(&value, &"seq".into())?
                .as_f64()
                .unwrap_or_default() as u32;
            let json = Reflect::get(&value, &"json".into())?
                .as_string()
                .unwrap_or_default();
            let blob = Reflect::get(&value, &"blob".into())?
                .dyn_into::<Blob>()
                .ok();
            records.push(Record { seq, json, blob });
        }
        Ok::<_, JsValue>(records)
    };
    run.await.map_err(|e| fail("read the outbox", e))
}
