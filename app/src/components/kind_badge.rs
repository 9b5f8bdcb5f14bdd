//! The coloured label naming a case's kind.

use afterloop_domain::CaseKind;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::labels;

/// A badge such as "Repair", coloured by kind (`.badge-repair`).
#[component]
pub fn KindBadge(kind: CaseKind) -> impl IntoView {
    let name = labels::kind(kind, Lang::current());
    view! { <span class=format!("badge badge-{}", kind.as_str())>{name}</span> }
}
