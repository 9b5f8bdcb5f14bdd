//! One module per page.

mod admin;
pub(crate) mod case;
mod cases;
mod job;
mod jobs;
mod not_found;
mod rep_home;
mod reports;
mod signin;

pub use admin::AdminPage;
pub use case::CasePage;
pub use cases::CasesPage;
pub use job::JobPage;
pub use jobs::JobsPage;
pub use not_found::NotFound;
pub use rep_home::RepHome;
pub use reports::{report_view, ReportsPage};
pub use signin::{SignInPage, SignedIn};
