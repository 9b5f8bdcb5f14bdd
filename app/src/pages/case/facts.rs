//! The facts of a case: customer, product, warranty, priority, owner, dates.

use afterloop_domain::Case;
use leptos::prelude::*;

use crate::components::format_time;
use crate::labels;

/// A definition list of what is known about the case; unknown values read "—".
#[component]
pub fn Facts(case: Case) -> impl IntoView {
    let or_dash = |v: Option<String>| v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    let facts: Vec<(&'static str, String)> = vec![
        ("Customer", case.customer.name.clone()),
        ("Phone", or_dash(case.customer.phone.clone())),
        ("Email", or_dash(case.customer.email.clone())),
        ("Model", case.product.model.clone()),
        ("Serial", or_dash(case.product.serial.clone())),
        ("Batch", or_dash(case.product.batch.clone())),
        (
            "Purchased",
            or_dash(case.product.purchase_date.map(|d| d.to_string())),
        ),
        (
            "Price paid",
            or_dash(case.product.price_paid.map(|m| m.to_string())),
        ),
        ("Warranty", labels::warranty(case.warranty)),
        ("Priority", labels::priority(case.priority).to_owned()),
        ("Channel", labels::channel(case.channel).to_owned()),
        ("Owner", case.owner.to_string()),
        ("Opened", format_time(case.created_at)),
        ("Last change", format_time(case.updated_at)),
    ];
    view! {
        <section class="card" aria-label="Facts">
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(term, value)| view! { <dt>{term}</dt> <dd>{value}</dd> })
                    .collect_view()}
            </dl>
        </section>
    }
}
