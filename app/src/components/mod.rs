//! Small reusable pieces of the pages.

mod kind_badge;
mod new_case_form;
mod sla_chips;
mod topbar;

pub use kind_badge::KindBadge;
pub use new_case_form::NewCaseForm;
pub use sla_chips::SlaChips;
pub use topbar::Topbar;
