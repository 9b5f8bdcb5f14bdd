//! The company's users as a manager administers them: parsing a new user
//! and a change at the edge, and the rules that keep a manager from locking
//! themselves out.

use crate::access::{Actor, Role};
use crate::case::intake::enum_field;
use crate::case::Language;
use crate::validation::{free_text, Collector, FieldError, ValidationError};
use crate::wire::{NewUserRequest, UserChange};
use crate::UserId;

/// Passwords: at least this many characters.
pub const MIN_PASSWORD: usize = 10;
/// Passwords: at most this many characters.
pub const MAX_PASSWORD: usize = 128;

const ROLES: &str = "technician, staff, manager, sales_rep";
const LANGUAGES: &str = "zh-CN, en";

/// A valid new user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Login name.
    pub name: UserId,
    /// Display name.
    pub display_name: String,
    /// Role (never `customer`: customers have no accounts).
    pub role: Role,
    /// Preferred language.
    pub language: Language,
    /// The password, to be hashed.
    pub password: String,
}

/// A valid change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserPatch {
    /// New display name.
    pub display_name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// New language.
    pub language: Option<Language>,
    /// Disable (or enable again) signing in.
    pub disabled: Option<bool>,
    /// New password.
    pub password: Option<String>,
}

fn password(value: &str) -> Result<String, FieldError> {
    let n = value.chars().count();
    if !(MIN_PASSWORD..=MAX_PASSWORD).contains(&n) {
        return Err(FieldError::new(
            "password",
            "invalid_password",
            format!("A password has {MIN_PASSWORD} to {MAX_PASSWORD} characters."),
        ));
    }
    Ok(value.to_owned())
}

fn role(value: &str) -> Result<Role, FieldError> {
    match enum_field::<Role>("role", value, None, ROLES)? {
        // The server's own role is no user's: as unknown as any other word.
        Role::System => Err(FieldError::new(
            "role",
            "unknown",
            format!("`{}` is not allowed; choose one of: {ROLES}.", value.trim()),
        )),
        Role::Customer => Err(FieldError::new(
            "role",
            "unknown",
            format!("Customers have no accounts; choose one of: {ROLES}."),
        )),
        r => Ok(r),
    }
}

fn display_name(value: &str) -> Result<String, FieldError> {
    free_text("display_name", value, true, 80, false).map(Option::unwrap_or_default)
}

impl NewUser {
    /// Parses a request, reporting every field at fault.
    pub fn parse(req: &NewUserRequest) -> Result<NewUser, ValidationError> {
        let mut c = Collector::default();
        let name = c.check(
            UserId::parse(req.name.trim())
                .map_err(|m| FieldError::new("name", "invalid_user", m))
                .and_then(|name| {
                    // The server's own events are by this name: no person may sign them.
                    if name.as_ref() == Actor::SYSTEM_NAME {
                        Err(FieldError::new(
                            "name",
                            "invalid_user",
                            format!("`{name}` is the system's own name; choose another."),
                        ))
                    } else {
                        Ok(name)
                    }
                }),
        );
        let display = c.check(display_name(&req.display_name));
        let role = c.check(role(&req.role));
        let language = c.check(enum_field::<Language>(
            "language",
            &req.language,
            Some(Language::ZhCn),
            LANGUAGES,
        ));
        let pw = c.check(password(&req.password));
        c.finish(|| {
            Some(NewUser {
                name: name?,
                display_name: display?,
                role: role?,
                language: language?,
                password: pw?,
            })
        })
    }
}

impl UserPatch {
    /// Parses a change, reporting every field at fault. A manager may not
    /// disable themselves or give up their own manager role (`me`).
    pub fn parse(
        change: &UserChange,
        target: &UserId,
        me: &UserId,
    ) -> Result<UserPatch, ValidationError> {
        let mut c = Collector::default();
        let patch = UserPatch {
            display_name: change
                .display_name
                .as_deref()
                .and_then(|v| c.check(display_name(v))),
            role: change.role.as_deref().and_then(|v| c.check(role(v))),
            language: change
                .language
                .as_deref()
                .and_then(|v| c.check(enum_field::<Language>("language", v, None, LANGUAGES))),
            disabled: change.disabled,
            password: change
                .password
                .as_deref()
                .and_then(|v| c.check(password(v))),
        };
        if target == me {
            if patch.disabled == Some(true) {
                c.check::<()>(Err(FieldError::new(
                    "disabled",
                    "own_account",
                    "You cannot disable your own account.",
                )));
            }
            if patch.role.is_some_and(|r| r != Role::Manager) {
                c.check::<()>(Err(FieldError::new(
                    "role",
                    "own_account",
                    "You cannot give up your own manager role; ask another manager.",
                )));
            }
        }
        c.finish(|| Some(patch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> NewUserRequest {
        NewUserRequest {
            name: "wang.fang".into(),
            display_name: "王芳".into(),
            role: "staff".into(),
            language: "zh-CN".into(),
            password: "long-enough-1".into(),
        }
    }

    #[test]
    fn a_valid_user_parses() {
        let u = NewUser::parse(&req()).unwrap();
        assert_eq!(u.role, Role::Staff);
        assert_eq!(u.language, Language::ZhCn);
    }

    #[test]
    fn no_user_is_made_the_system() {
        let system = NewUserRequest {
            role: "system".into(),
            ..req()
        };
        let err = NewUser::parse(&system).unwrap_err();
        assert_eq!(err.fields[0].code, "unknown");
        assert_eq!(
            err.fields[0].message,
            "`system` is not allowed; choose one of: technician, staff, manager, sales_rep."
        );
    }

    #[test]
    fn no_user_takes_the_systems_name() {
        let named = NewUserRequest {
            name: "system".into(),
            ..req()
        };
        let err = NewUser::parse(&named).unwrap_err();
        assert_eq!(
            (err.fields[0].field.as_str(), err.fields[0].code.as_str()),
            ("name", "invalid_user")
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = NewUserRequest {
            name: "Wang Fang".into(),
            display_name: " ".into(),
            role: "customer".into(),
            language: "fr".into(),
            password: "short".into(),
        };
        let err = NewUser::parse(&bad).unwrap_err();
        let fields: Vec<&str> = err.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "display_name", "role", "language", "password"]
        );
    }

    #[test]
    fn a_manager_cannot_lock_themselves_out() {
        let me = UserId::parse("chen.jie").unwrap();
        let change = UserChange {
            disabled: Some(true),
            role: Some("staff".into()),
            ..UserChange::default()
        };
        let err = UserPatch::parse(&change, &me, &me).unwrap_err();
        assert!(err.fields.iter().all(|f| f.code == "own_account"));
        assert_eq!(err.fields.len(), 2);
        let other = UserId::parse("li.na").unwrap();
        assert!(UserPatch::parse(&change, &other, &me).is_ok());
    }
}
