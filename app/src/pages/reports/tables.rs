//! A report's tables as HTML, each with a CSV download made from the same
//! domain table the API exports (`Table::to_csv`), row for row, but in the
//! page's language: headings and cells holding a domain value's wire name
//! (a root cause, a kind, a channel, a region…) by their names, currencies
//! by theirs, amounts as plain decimals a spreadsheet sums (the API's
//! `?format=csv&table=` keeps the wire names, for machines). On the page,
//! amounts have their thousands grouped.

use afterloop_domain::case::{Channel, Language};
use afterloop_domain::flow::info::RootCause;
use afterloop_domain::flow::money::{EntryKind, MoneyDirection};
use afterloop_domain::report::{AgeBucket, Awaiting, Figure, Period, ReturnEnding, Table};
use afterloop_domain::sla::{Metric, RegionClass};
use afterloop_domain::{CaseKind, Currency};
use leptos::prelude::*;

use crate::i18n::reports::{self as text, Reports};
use crate::i18n::{format, Lang};
use crate::labels;

/// The company's people by login name (`wu.gang` → `吴刚 Wu Gang`), read
/// once by the page: a technician's row is shown by their name.
#[derive(Debug, Clone, Copy)]
pub struct People(pub RwSignal<std::collections::BTreeMap<String, String>>);

/// `raw` as a person's display name when it is a login name the page knows.
fn person(raw: &str) -> Option<String> {
    use_context::<People>().and_then(|p| p.0.with(|names| names.get(raw).cloned()))
}

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
    if let Some(v) = as_value::<RegionClass>(raw) {
        return text::region(v, lang).to_owned();
    }
    if let Some(v) = as_value::<Awaiting>(raw) {
        return text::awaiting(v, lang).to_owned();
    }
    if let Some(v) = as_value::<ReturnEnding>(raw) {
        return text::ending(v, lang).to_owned();
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

/// A cell of `column` as people read it on the page: amounts with their
/// thousands grouped.
fn shown(column: &str, raw: &str, lang: Language) -> String {
    match column {
        "value" if raw.parse::<f64>().is_ok() => grouped(raw),
        c if is_amount(c) => grouped(raw),
        _ => in_words(column, raw, lang),
    }
}

/// A cell of `column` in the page's language, numbers as they are (so a
/// spreadsheet still sums them): what groups a row (`all`, `region`), a
/// currency by its name, a figure's unit, a domain value by its name.
fn in_words(column: &str, raw: &str, lang: Language) -> String {
    if column == "value" {
        if let Some(name) = person(raw) {
            return name;
        }
    }
    match column {
        "by" => text::grouped_by(raw, lang).to_owned(),
        "kind" if raw == "all" => text::all_kinds(lang).to_owned(),
        "currency" => {
            Currency::parse(raw).map_or_else(|_| raw.to_owned(), |c| format::currency(c, lang))
        }
        "unit" => match Currency::parse(raw) {
            Ok(c) => format::currency(c, lang),
            Err(_) => text::unit(raw, lang).to_owned(),
        },
        _ => cell(raw, lang),
    }
}

/// A row's cells with the group a row of `by` `technician` and no value
/// stands for (cases dispatched to nobody) in words.
fn with_groups(header: &[String], row: &[String], lang: Language) -> Vec<String> {
    let at = |name: &str| header.iter().position(|h| h == name);
    let mut row = row.to_vec();
    if let (Some(by), Some(value)) = (at("by"), at("value")) {
        if row.get(by).is_some_and(|b| b == "technician")
            && row.get(value).is_some_and(String::is_empty)
        {
            row[value] = Reports::get(lang).no_technician.to_owned();
        }
    }
    row
}

/// The table in the page's language, for its CSV download: headings and
/// cells in words, amounts as plain decimals beside their currency column.
fn for_people(table: &Table, lang: Language) -> Table {
    Table {
        name: table.name.clone(),
        header: table
            .header
            .iter()
            .map(|h| text::column(h, lang).to_owned())
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|row| {
                with_groups(&table.header, row, lang)
                    .iter()
                    .zip(&table.header)
                    .map(|(c, col)| in_words(col, c, lang))
                    .collect()
            })
            .collect(),
    }
}

/// The CSV file's name: the report, the table when it is not the report's
/// only one of the same name, and the days, in the page's language
/// (`报表-概览-2026-12-01-2026-12-31.csv`).
fn file_name(report: &'static str, table: &Table, period: Period, lang: Language) -> String {
    let report_name = afterloop_domain::report::ReportName::parse(report)
        .map_or(report, |r| text::report(r, lang));
    let mut stem = report_name.to_owned();
    if table.name != report {
        stem.push('-');
        stem.push_str(text::table(&table.name, lang));
    }
    // Letters and digits kept; any run of spaces or punctuation becomes one `_`.
    let stem = stem
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    format!("{stem}-{}-{}.csv", period.from, period.to)
}

/// `data:` URL of a table's CSV, in the page's language.
fn csv_href(table: &Table, lang: Language) -> String {
    let csv = for_people(table, lang).to_csv();
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
    let file = file_name(report, &table, period, lang);
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
                <a class="csv-link no-print" id=format!("csv-{}", table.name) href={
                    let table = table.clone();
                    move || csv_href(&table, lang)
                } download=file title=t.download>
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
                                {table.rows.iter().map(|row| with_groups(&table.header, row, lang)).map(|row| view! {
                                    <tr>{row.iter().zip(&table.header).zip(&numeric).map(|((c, col), &n)| {
                                        let (c, col) = (c.clone(), col.clone());
                                        view! { <td class=n.then_some("num")>{move || shown(&col, &c, lang)}</td> }
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
                let file = file_name(report, &table, period, lang);
                view! {
                    <a class="csv-link" id=format!("csv-{}", table.name) href={
                        let table = table.clone();
                        move || csv_href(&table, lang)
                    } download=file>
                        {t.download}": "{text::table(&table.name, lang).to_owned()}
                    </a>
                }
            }).collect_view()}
        </p>
    }
}
