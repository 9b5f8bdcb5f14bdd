//! What each bundle's first load weighs, gzip -9, against its budget: one
//! computation for `cargo xtask bench front` (which prints it beside its
//! floors) and `cargo xtask test` (which warns about a bundle over budget).
//!
//! A first load is the bundle's page, its script, its main wasm, its chunk
//! loader, the stylesheet and, for the bundles that work offline, the
//! service worker; the chunks (`{name}.*.wasm`) are fetched when a page
//! that needs them is first shown, and are listed apart.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// One file and its compressed sizes.
#[derive(Debug, Clone)]
pub struct Asset {
    /// File name.
    pub name: String,
    /// Bytes as stored.
    pub raw: usize,
    /// gzip -9.
    pub gzip: usize,
    /// brotli quality 11.
    pub brotli: usize,
}

impl Asset {
    /// The sizes of `bytes`, named `name`.
    pub fn of(name: &str, bytes: &[u8]) -> Result<Self> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes)?;
        let gzip = gz.finish()?.len();
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            w.write_all(bytes)?;
        }
        Ok(Self {
            name: name.to_owned(),
            raw: bytes.len(),
            gzip,
            brotli: br.len(),
        })
    }

    /// The sizes of the file `dir/name`.
    pub fn read(dir: &Path, name: &str) -> Result<Self> {
        let path = dir.join(name);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        Self::of(name, &bytes)
    }
}

/// Sums of raw, gzip and brotli bytes.
pub fn total(assets: &[Asset]) -> (usize, usize, usize) {
    (
        assets.iter().map(|a| a.raw).sum(),
        assets.iter().map(|a| a.gzip).sum(),
        assets.iter().map(|a| a.brotli).sum(),
    )
}

/// A bundle of the app and what its first load may weigh.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// What the bundle serves, for a report's heading.
    pub title: &'static str,
    /// Its page in `app/dist`.
    pub page: &'static str,
    /// Its name: `{name}.js`, `{name}_bg.wasm`, `{name}_split.js`, `{name}.*.wasm`.
    pub name: &'static str,
    /// Whether it registers the service worker (its first load fetches `sw.js`).
    pub offline: bool,
    /// Most gzip bytes its first load may weigh.
    pub gzip: usize,
}

/// The four bundles: 350 KiB each, the field app (phones in plant rooms) 300 KiB.
pub const BUDGETS: [Budget; 4] = [
    Budget {
        title: "back office (`/`, `/cases/…`, `/admin`)",
        page: "index.html",
        name: "afterloop_app",
        offline: true,
        gzip: 358_400,
    },
    Budget {
        title: "technician's field app (`/jobs…`)",
        page: "field.html",
        name: "field",
        offline: true,
        gzip: 307_200,
    },
    Budget {
        title: "reports (`/reports`)",
        page: "reports.html",
        name: "reports",
        offline: false,
        gzip: 358_400,
    },
    Budget {
        title: "customer pages (`/track`, `/request`)",
        page: "customer.html",
        name: "customer",
        offline: false,
        gzip: 358_400,
    },
];

/// A bundle's first load and its chunks, as built.
#[derive(Debug, Clone)]
pub struct FirstLoad {
    /// The bundle.
    pub budget: Budget,
    /// What a first load fetches.
    pub files: Vec<Asset>,
    /// What it may fetch later, when a page is first shown.
    pub chunks: Vec<Asset>,
}

impl FirstLoad {
    /// gzip bytes of the first load.
    pub fn gzip(&self) -> usize {
        total(&self.files).1
    }

    /// Whether the first load is within its budget.
    pub fn within_budget(&self) -> bool {
        self.gzip() <= self.budget.gzip
    }

    /// One line: the figure against the budget.
    pub fn summary(&self) -> String {
        format!(
            "{}: first load {} bytes gzip, budget {} ({:.0}%), {} lazy chunk(s) of {} bytes gzip",
            self.budget.name,
            self.gzip(),
            self.budget.gzip,
            100.0 * self.gzip() as f64 / self.budget.gzip as f64,
            self.chunks.len(),
            total(&self.chunks).1
        )
    }
}

/// Every bundle's first load in `dist` (a built `app/dist`).
pub fn first_loads(dist: &Path) -> Result<Vec<FirstLoad>> {
    let mut names: Vec<String> = fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    BUDGETS
        .iter()
        .map(|&budget| {
            let name = budget.name;
            let mut first = vec![
                budget.page.to_owned(),
                format!("{name}.js"),
                format!("{name}_bg.wasm"),
            ];
            let loader = format!("{name}_split.js");
            if names.contains(&loader) {
                first.push(loader);
            }
            first.push("style.css".to_owned());
            if budget.offline {
                first.push("sw.js".to_owned());
            }
            let prefix = format!("{name}.");
            let chunks = names
                .iter()
                .filter(|n| n.starts_with(&prefix) && n.ends_with(".wasm"))
                .map(|n| Asset::read(dist, n))
                .collect::<Result<_>>()?;
            Ok(FirstLoad {
                budget,
                files: first
                    .iter()
                    .map(|n| Asset::read(dist, n))
                    .collect::<Result<_>>()?,
                chunks,
            })
        })
        .collect()
}

/// Prints a warning line for each bundle over its budget (not a failure).
pub fn warn_over_budget(dist: &Path) -> Result<()> {
    for load in first_loads(dist)? {
        if !load.within_budget() {
            eprintln!("xtask: warning: over budget: {}", load.summary());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `dist` with every bundle's files, `field_bg.wasm` of `field_wasm` bytes.
    fn dist(field_wasm: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "afterloop-budget-{}-{}",
            std::process::id(),
            field_wasm.len()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for budget in BUDGETS {
            fs::write(dir.join(budget.page), "<html></html>").unwrap();
            fs::write(dir.join(format!("{}.js", budget.name)), "js").unwrap();
            fs::write(dir.join(format!("{}_bg.wasm", budget.name)), "wasm").unwrap();
        }
        fs::write(dir.join("field_bg.wasm"), field_wasm).unwrap();
        fs::write(dir.join("field_split.js"), "loader").unwrap();
        fs::write(dir.join("field.split_job_page.wasm"), "chunk").unwrap();
        fs::write(dir.join("style.css"), "css").unwrap();
        fs::write(dir.join("sw.js"), "sw").unwrap();
        dir
    }

    fn names(assets: &[Asset]) -> Vec<&str> {
        assets.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn a_first_load_counts_its_loader_and_the_service_worker_and_lists_chunks_apart() {
        let loads = first_loads(&dist(b"small")).unwrap();
        let field = loads.iter().find(|l| l.budget.name == "field").unwrap();
        assert_eq!(
            names(&field.files),
            [
                "field.html",
                "field.js",
                "field_bg.wasm",
                "field_split.js",
                "style.css",
                "sw.js"
            ]
        );
        assert_eq!(names(&field.chunks), ["field.split_job_page.wasm"]);
        let reports = loads.iter().find(|l| l.budget.name == "reports").unwrap();
        assert_eq!(
            names(&reports.files),
            ["reports.html", "reports.js", "reports_bg.wasm", "style.css"]
        );
        assert!(reports.chunks.is_empty());
        assert!(loads.iter().all(FirstLoad::within_budget));
    }

    #[test]
    fn a_bundle_over_its_budget_says_by_how_much() {
        // Bytes that do not compress: a pseudo-random sequence.
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..320_000)
            .map(|_| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (x >> 24) as u8
            })
            .collect();
        let loads = first_loads(&dist(&noise)).unwrap();
        let field = loads.iter().find(|l| l.budget.name == "field").unwrap();
        assert!(!field.within_budget());
        let line = field.summary();
        assert!(line.starts_with("field: first load "), "{line}");
        assert!(line.contains("budget 307200"), "{line}");
        assert!(loads
            .iter()
            .filter(|l| l.budget.name != "field")
            .all(FirstLoad::within_budget));
    }
}
