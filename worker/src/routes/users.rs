//! The user records in KV: every one, and a new one. Managers create users
//! in Admin (`routes::admin`); the first manager of a deployment is created
//! by `routes::bootstrap`.

use afterloop_domain::users::NewUser;
use worker::kv::KvStore;

use crate::auth::UserRecord;
use crate::error::AppError;
use crate::store::keys;

/// Every user record in KV, by name.
pub async fn all(kv: &KvStore) -> Result<Vec<UserRecord>, AppError> {
    let mut names = Vec::new();
    let mut cursor = None;
    loop {
        let mut list = kv.list().prefix(keys::USERS_PREFIX.to_owned()).limit(1000);
        if let Some(c) = cursor.take() {
            list = list.cursor(c);
        }
        let page = list.execute().await?;
        names.extend(page.keys.into_iter().map(|k| k.name));
        if page.list_complete || page.cursor.is_none() {
            break;
        }
        cursor = page.cursor;
    }
    let mut users = Vec::with_capacity(names.len());
    for chunk in names.chunks(100) {
        let mut got = kv.get_bulk(chunk).json::<UserRecord>().await?;
        for name in chunk {
            if let Some(Some(u)) = got.remove(name) {
                users.push(u);
            }
        }
    }
    users.sort_by(|a, b| a.name.as_ref().cmp(b.name.as_ref()));
    Ok(users)
}

/// Stores a new user record (its password hashed) under its name, replacing
/// any record of that name: callers check first.
pub async fn create(kv: &KvStore, new: &NewUser) -> Result<UserRecord, AppError> {
    let user = UserRecord::new(
        new.name.clone(),
        &new.display_name,
        new.role,
        new.language,
        &new.password,
    )
    .await?;
    kv.put(&keys::user(&new.name), serde_json::to_string(&user)?)?
        .execute()
        .await?;
    Ok(user)
}
