//! The people a write names: a case's new owner, the technician it is
//! dispatched to, the sales rep who keeps its customer. Each must be an
//! active user of the right role ([`Duty`], the domain's one rule); the
//! user records are in KV, so the check is made here, at the edge, before
//! the write reaches the case's object.

use afterloop_domain::access::{allowed, Actor, Duty};
use afterloop_domain::{Command, UserId};
use worker::Env;

use crate::auth::UserRecord;
use crate::bindings;
use crate::error::AppError;
use crate::store::keys;

/// Checks the user `command` names, if it names one. Only once the actor's
/// role may give that command at all: a role that may not assign or
/// dispatch is refused by the case object and learns nothing about which
/// users exist.
pub async fn check_command(env: &Env, actor: &Actor, command: &Command) -> Result<(), AppError> {
    let (field, duty, user) = match command {
        Command::Assign { owner } => ("command.owner", Duty::Owner, owner),
        Command::Dispatch { technician, .. } => {
            ("command.technician", Duty::Technician, technician)
        }
        _ => return Ok(()),
    };
    if !allowed(actor, command.action(), None) {
        return Ok(());
    }
    check(env, field, duty, user).await
}

/// Checks that `user`, named in `field`, may take `duty`: 422 otherwise.
pub async fn check(env: &Env, field: &str, duty: Duty, user: &UserId) -> Result<(), AppError> {
    let record = env
        .kv(bindings::KV)?
        .get(&keys::user(user))
        .json::<UserRecord>()
        .await?;
    duty.check(field, user, record.map(|r| (r.role, r.disabled)))
        .map_err(|f| AppError::Validation(afterloop_domain::ValidationError { fields: vec![f] }))
}
