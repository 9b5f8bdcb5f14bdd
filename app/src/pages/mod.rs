//! One module per page.

mod case;
mod cases;
mod not_found;

pub use case::CasePage;
pub use cases::CasesPage;
pub use not_found::NotFound;
