//! A report's tables as HTML, each with a CSV download made from the same
//! domain table the API exports (`Table::to_csv`), so the file matches
//! `?format=csv&table=` cell for cell. Cells holding a domain value's wire
//! name (a root cause, a kind, a channel…) are shown by their names, and
//! amounts with their thousands grouped.

use afterloop_domain::case::{Channel, Language};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::{EntryKind, MoneyDirection};
use afterloop_domain::report::{AgeBucket, Figure, Period, Table};
use afterloop_domain::sla::Metric;
use afterloop_domain::CaseKind;
use leptos::prelude::*;

use crate::i18n::reports::{self as text, Reports};
use crate::i18n::Lang;
use crate::labels;

fn as_value<T: serde::de::DeserializeOwned>(cell: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(cell.to_owned())).ok()
}

/// A cell as people read it.
pub fn cell(raw: &str, lang: Language) -> String {
    if raw.is_empty() || raw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return raw.to_owned();
    }
    if let Some(v) = as_value::<RootCause>(raw) {
        return labels::root_cause(v, lang).to_owned();
    }
    if let Some(v) = as_value::<CaseKind>(raw) {
        return labels::kind(v, lang).to_owned();
    }
    if let Some(v) = as_value::<Channel>(raw) {
        return labels::channel(v, lang).to_owned();
    }
    if let Some(v) = as_value::<Metric>(raw) {
        return labels::metric(v, lang).to_owned();
    }
    if let Some(v) = as_value::<EntryKind>(raw) {
        return labels::entry_kind(v, lang).to_owned();
    }
    if let Some(v) = as_value::<MoneyDirection>(raw) {
        return labels::money_direction(v, lang).to_owned();
    }
    if let Some(v) = as_value::<AgeBucket>(raw) {
        return text::age(v, lang).to_owned();
    }
    if let Some(v) = as_value::<Figure>(raw) {
        return text::figure(v, lang).to_owned();
    }
    raw.to_owned()
}

/// Columns holding an amount as a decimal (`1234.50`). (`value` is one in
/// the goods report and a kind or region in the SLA table: see [`shown`].)
fn is_amount(column: &str) -> bool {
    matches!(
        column,
        "amount" | "customer_paid" | "paid_out" | "charged" | "net"
    ) || column.ends_with("_amount")
}

/// A decimal amount with its thousands grouped: `-1234567.50` → `-1,234,567.50`.
fn grouped(decimal: &str) -> String {
    let (sign, digits) = decimal
        .strip_prefix('-')
        .map_or(("", decimal), |d| ("-", d));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return decimal.to_owned();
    }
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A cell of `column` as people read it.
fn shown(column: &str, raw: &str, lang: Language) -> String {
    match column {
        "by" => text::grouped_by(raw, lang).to_owned(),
        "value" if raw.parse::<f64>().is_ok() => grouped(raw),
        c if is_amount(c) => grouped(raw),
        _ => cell(raw, lang),
    }
}

/// `data:` URL of a table's CSV.
fn csv_href(table: &Table) -> String {
    let csv = table.to_csv();
    format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&csv))
    )
}

/// One table with its title and CSV link.
#[component]
pub fn ReportTable(report: &'static str, table: Table, period: Period) -> impl IntoView {
    let lang = Lang::current();
    let t = Reports::get(lang);
    let file = format!("{report}-{}-{}-{}.csv", table.name, period.from, period.to);
    let id = format!("table-{}", table.name);
    let empty = table.rows.is_empty();
    // A column of numbers (every cell a number or empty) is right-aligned.
    let numeric: Vec<bool> = (0..table.header.len())
        .map(|i| {
            table.rows.iter().all(|r| {
                r.get(i)
                    .is_none_or(|c| c.is_empty() || c.parse::<f64>().is_ok())
            })
        })
        .collect();
    view! {
        <section class="panel report-table" id=id.clone()>
            <header class="report-table-head">
                <h3>{text::table(&table.name, lang).to_owned()}</h3>
                <a class="csv-link no-print" id=format!("csv-{}", table.name) href=csv_href(&table) download=file title=t.download>
                    {t.csv}
                </a>
            </header>
            {if empty {
                view! { <p class="muted">{t.nothing}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="data">
                            <thead><tr>
                                {table.header.iter().zip(&numeric).map(|(h, &n)| view! {
                                    <th class=n.then_some("num")>{text::column(h, lang).to_owned()}</th>
                                }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {table.rows.iter().map(|row| view! {
                                    <tr>{row.iter().zip(&table.header).zip(&numeric).map(|((c, col), &n)| {
                                        view! { <td class=n.then_some("num")>{shown(col, c, lang)}</td> }
                                    }).collect_view()}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// Every table of a report.
#[component]
pub fn ReportTables(report: &'static str, tables: Vec<Table>, period: Period) -> impl IntoView {
    tables
        .into_iter()
        .map(|table| view! { <ReportTable report=report table=table period=period/> })
        .collect_view()
}

/// Only the CSV links of a report's tables (where the page shows the
/// figures otherwise).
#[component]
pub fn CsvLinks(report: &'static str, tables: Vec<Table>, period: Period) -> impl IntoView {
    let lang = Lang::current();
    let t = Reports::get(lang);
    view! {
        <p class="csv-links no-print">
            {tables.into_iter().map(|table| {
                let file = format!("{report}-{}-{}-{}.csv", table.name, period.from, period.to);
                view! {
                    <a class="csv-link" id=format!("csv-{}", table.name) href=csv_href(&table) download=file>
                        {t.download}": "{text::table(&table.name, lang).to_owned()}
                    </a>
                }
            }).collect_view()}
        </p>
    }
}
