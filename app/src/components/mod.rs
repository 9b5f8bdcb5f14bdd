//! Small reusable pieces of the pages.

mod charts;
mod file_pick;
mod intake_hints;
mod kind_badge;
mod lazy;
mod new_case_form;
mod outbox_bar;
mod quote_form;
mod signature_pad;
mod sla_chips;
mod topbar;
mod work_list;

pub use charts::{Histogram, ParetoChart, ParetoPoint, Series, TrendChart};
pub use file_pick::picked_file;
pub use intake_hints::{today, DuplicateHint, WarrantyHint};
pub use kind_badge::KindBadge;
pub use lazy::{Chunk, ChunkError, Lazy};
pub use new_case_form::NewCaseForm;
pub use new_case_form::{parse_yuan, Field, InputKind};
pub use outbox_bar::OutboxBar;
pub use quote_form::QuoteForm;
pub use signature_pad::SignaturePad;
pub use sla_chips::SlaChips;
pub use topbar::{LangSwitch, Topbar};
pub use work_list::WorkList;
