//! `cargo xtask size`: what each app bundle's wasm is made of, by crate,
//! from the function names `wasm-bindgen` keeps (`target/<bin>-bindgen`,
//! before `wasm-opt` strips them), beside the gzip -9 size of what ships
//! (`app/dist`). Run after `cargo xtask build app`; builds nothing.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use crate::bench::coldstart::parse;
use crate::project;

/// The app's bundles: cargo bin and output name.
const BUNDLES: [(&str, &str); 4] = [
    ("afterloop-app", "afterloop_app"),
    ("field", "field"),
    ("reports", "reports"),
    ("customer", "customer"),
];

/// Groups listed in the table; the rest are summed as "other crates".
const LISTED: usize = 16;

/// Prints, for every bundle, its shipped size and its code and data by group.
pub fn run() -> Result<()> {
    let root = project::root();
    let target = project::target_dir();
    let mut columns: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut shipped: Vec<String> = Vec::new();
    for (bin, name) in BUNDLES {
        let path = target.join(format!("{bin}-bindgen/{name}_bg.wasm"));
        let bytes = std::fs::read(&path)
            .with_context(|| format!("reading {} (cargo xtask build app)", path.display()))?;
        columns.push(groups(&bytes)?);
        shipped.push(
            match gzip_size(&root.join("app/dist").join(format!("{name}_bg.wasm"))) {
                Ok(size) => size.to_string(),
                Err(_) => "-".into(),
            },
        );
    }
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for column in &columns {
        for (group, size) in column {
            *totals.entry(group).or_default() += size;
        }
    }
    let mut order: Vec<(&str, usize)> = totals.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let names: Vec<&str> = BUNDLES.iter().map(|(_, n)| *n).collect();
    println!("| group (bytes before wasm-opt) | {} |", names.join(" | "));
    println!("|---|{}", "---:|".repeat(names.len()));
    let row = |label: &str, cells: Vec<String>| println!("| {label} | {} |", cells.join(" | "));
    for (group, _) in order.iter().take(LISTED) {
        row(
            &format!("`{group}`"),
            columns
                .iter()
                .map(|c| cell(c.get(*group).copied().unwrap_or(0), c))
                .collect(),
        );
    }
    row(
        "other crates",
        columns
            .iter()
            .map(|c| {
                let listed: usize = order
                    .iter()
                    .take(LISTED)
                    .filter_map(|(g, _)| c.get(*g))
                    .sum();
                cell(c.values().sum::<usize>() - listed, c)
            })
            .collect(),
    );
    row(
        "**total (code and data)**",
        columns
            .iter()
            .map(|c| c.values().sum::<usize>().to_string())
            .collect(),
    );
    row("**shipped, gzip -9 (`app/dist`)**", shipped);
    Ok(())
}

/// `size` with its share of `column`'s total.
fn cell(size: usize, column: &BTreeMap<String, usize>) -> String {
    let total: usize = column.values().sum();
    format!(
        "{size} ({:.1} %)",
        100.0 * size as f64 / total.max(1) as f64
    )
}

/// Bytes of code by group, and of data, in a module that keeps its names.
fn groups(bytes: &[u8]) -> Result<BTreeMap<String, usize>> {
    let module = parse(bytes)?;
    let mut by_group: BTreeMap<String, usize> = BTreeMap::new();
    for (i, size) in module.bodies.iter().enumerate() {
        let group = module
            .names
            .get(&(module.imported + i as u32))
            .map_or_else(|| "(unnamed)".to_owned(), |n| group_of(n));
        *by_group.entry(group).or_default() += size;
    }
    *by_group.entry("data (strings, tables)".into()).or_default() += module.data;
    Ok(by_group)
}

/// The group a demangled function name counts under: the derived serde
/// code of our own types apart (it is most of what the domain costs a
/// bundle), else the crate of its path, or of the trait for
/// `<T as Trait>::f` when `T` has no path (a type parameter, a primitive,
/// a tuple).
fn group_of(name: &str) -> String {
    for (trait_path, group) in [
        (
            "serde_core::de::Deserialize for afterloop_",
            "serde derives: our Deserialize",
        ),
        (
            "serde_core::ser::Serialize for afterloop_",
            "serde derives: our Serialize",
        ),
    ] {
        if name.contains(trait_path) {
            return group.into();
        }
    }
    // A type without a path (`T`, `str`, a tuple, a type imported by name)
    // names no crate: its trait does.
    let krate = match name.strip_prefix('<').and_then(|n| n.split_once(" as ")) {
        Some((ty, tr)) if !ty.contains("::") || ty.trim_start_matches('&').starts_with('(') => {
            head_of(tr)
        }
        _ => head_of(name),
    };
    match krate.as_str() {
        "core" | "alloc" | "std" | "compiler_builtins" => "core, alloc, std".into(),
        "afterloop_app" | "field" | "reports" | "customer" => "afterloop_app (ours)".into(),
        "afterloop_domain" => "afterloop_domain (ours, without serde)".into(),
        "serde" | "serde_core" | "serde_json" => "serde, serde_json".into(),
        "" => "(other: runtime, glue)".into(),
        other => other.into(),
    }
}

/// The first path segment of a name, without `<`, `&`, `mut `, `dyn ` and
/// rustc's `[hash]` disambiguator.
fn head_of(name: &str) -> String {
    let mut name = name.trim_start_matches(['<', '&']);
    for prefix in ["mut ", "dyn ", "const "] {
        name = name.strip_prefix(prefix).unwrap_or(name);
    }
    if name.starts_with('(') {
        return "(".into();
    }
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    name[..end].to_owned()
}

/// gzip -9 size of a file.
fn gzip_size(path: &Path) -> Result<usize> {
    let bytes = std::fs::read(path)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    Ok(gz.finish()?.len())
}
