//! The coloured label naming a case's kind.

use afterloop_domain::CaseKind;
use leptos::prelude::*;

/// The label for a kind, e.g. "Repair".
pub fn kind_label(kind: CaseKind) -> &'static str {
    match kind {
        CaseKind::Repair => "Repair",
        CaseKind::Return => "Return",
        CaseKind::Refund => "Refund",
    }
}

/// A badge such as "Repair", coloured by kind.
#[component]
pub fn KindBadge(kind: CaseKind) -> impl IntoView {
    view! { <span class=format!("badge badge-{}", kind.as_str())>{kind_label(kind)}</span> }
}
