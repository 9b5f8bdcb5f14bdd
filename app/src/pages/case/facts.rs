//! The facts of a case: customer and site address, product, warranty,
//! priority, owner (by name), dates.

use afterloop_domain::Case;
use leptos::prelude::*;

use crate::i18n::case::Facts as Text;
use crate::i18n::{format, Lang};
use crate::labels;

use super::people::Names;

/// A definition list of what is known about the case; unknown values read "—".
#[component]
pub fn Facts(case: Case) -> impl IntoView {
    let lang = Lang::current();
    let t = Text::get(lang);
    let or_dash = |v: Option<String>| v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
    let facts: Vec<(&'static str, String)> = vec![
        (t.customer, case.customer.name.clone()),
        (t.phone, or_dash(case.customer.phone.clone())),
        (t.email, or_dash(case.customer.email.clone())),
        (t.address, or_dash(case.customer.address.clone())),
        (t.model, case.product.model.clone()),
        (t.serial, or_dash(case.product.serial.clone())),
        (t.batch, or_dash(case.product.batch.clone())),
        (
            t.purchased,
            or_dash(
                case.product
                    .purchase_date
                    .map(|d| format::civil_date(d, lang)),
            ),
        ),
        (
            t.price_paid,
            or_dash(case.product.price_paid.map(|m| format::money(m, lang))),
        ),
        (t.warranty, labels::warranty(case.warranty, lang)),
        (t.priority, labels::priority(case.priority, lang).to_owned()),
        (t.channel, labels::channel(case.channel, lang).to_owned()),
        (t.owner, Names::current().name(&case.owner)),
        (t.opened, format::time(case.created_at, lang)),
        (t.last_change, format::time(case.updated_at, lang)),
    ];
    view! {
        <section class="card" aria-label=t.label>
            <dl class="facts">
                {facts
                    .into_iter()
                    .map(|(term, value)| view! { <dt>{term}</dt> <dd>{value}</dd> })
                    .collect_view()}
            </dl>
        </section>
    }
}
