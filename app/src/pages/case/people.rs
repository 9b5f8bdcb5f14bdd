//! People on the case page by the names colleagues know them by: the
//! company's directory (`GET /users`, staff may read it) maps each handle
//! to its display name; someone not listed (a disabled account, the
//! customer's link, the system) keeps their handle.

use std::collections::HashMap;
use std::sync::Arc;

use afterloop_domain::wire::UserDirectory;
use afterloop_domain::UserId;
use leptos::prelude::*;

/// Handles to display names, shared by the page's parts through context.
#[derive(Debug, Clone, Default)]
pub struct Names(Arc<HashMap<String, String>>);

impl Names {
    /// The names in a directory.
    pub fn of(dir: &UserDirectory) -> Names {
        Names(Arc::new(
            dir.users
                .iter()
                .map(|u| (u.name.as_ref().to_owned(), u.display_name.clone()))
                .collect(),
        ))
    }

    /// The display name of `user`, or the handle when there is none.
    pub fn name(&self, user: &UserId) -> String {
        self.0
            .get(user.as_ref())
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| user.to_string())
    }

    /// The names the case page provided (handles only when there are none).
    pub fn current() -> Names {
        use_context::<Names>().unwrap_or_default()
    }
}
