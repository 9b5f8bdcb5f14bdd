//! The aggregates as rows, for storage that keeps many small values rather
//! than one large one (a Durable Object's SQLite caps a value at about 2 MB,
//! and rewriting everything after each case write would cost more than the
//! write). A row is one section of [`Aggregates`] for one day (for
//! [`Section::Serials`], one serial number), as JSON.
//!
//! [`Aggregates::record_changes`] records a write like
//! [`Aggregates::record`] and names the rows it may have changed: the store
//! rewrites those ([`Aggregates::row`]; `None` means delete) and nothing
//! else. [`Aggregates::rows`] and [`Aggregates::from_rows`] give and take
//! the whole.

use std::collections::BTreeSet;

use super::aggregates::serial_key;
use super::Aggregates;
use crate::case::Case;
use crate::sla::SlaPolicy;
use crate::time::Date;

/// Where a row belongs: a row key's first half.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowKey {
    /// The section.
    pub section: Section,
    /// The day (`YYYY-MM-DD`), or the serial number for [`Section::Serials`].
    pub key: String,
}

/// Why stored rows are not aggregates.
#[derive(Debug, thiserror::Error)]
pub enum RowError {
    /// An unknown section name.
    #[error("unknown aggregates section {0:?}")]
    Section(String),
    /// A daily row whose key is not a date.
    #[error("row {section}/{key}: the key is not a date")]
    Day {
        /// The section.
        section: &'static str,
        /// The key found.
        key: String,
    },
    /// A row whose value does not read.
    #[error("row {section}/{key}: {source}")]
    Json {
        /// The section.
        section: &'static str,
        /// The key.
        key: String,
        /// What failed.
        source: serde_json::Error,
    },
}

macro_rules! sections {
    ($($variant:ident => $field:ident),* $(,)?) => {
        /// A part of [`Aggregates`]: every map of counts by day, and the
        /// visits per serial recurrence needs.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Section {
            $(
                #[doc = concat!("Counts by day: `", stringify!($field), "`.")]
                $variant,
            )*
            /// Product cases per serial number (for recurrence).
            Serials,
        }

        impl Section {
            /// Every section.
            pub const ALL: &'static [Section] = &[$(Section::$variant,)* Section::Serials];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Section::$variant => stringify!($field),)*
                    Section::Serials => "serials",
                }
            }

            /// The section of a stored name.
            pub fn parse(name: &str) -> Option<Section> {
                Section::ALL.iter().copied().find(|s| s.as_str() == name)
            }
        }

        impl Aggregates {
            /// Every daily row key present.
            fn daily_keys(&self, out: &mut BTreeSet<RowKey>) {
                $(
                    for day in self.$field.days() {
                        out.insert(RowKey { section: Section::$variant, key: day.to_string() });
                    }
                )*
            }

            fn daily_json(&self, section: Section, day: Date) -> Option<String> {
                match section {
                    $(Section::$variant => self.$field.get(&day).map(to_json),)*
                    Section::Serials => None,
                }
            }

            fn put_daily(&mut self, section: Section, day: Date, json: &str) -> Result<(), serde_json::Error> {
                match section {
                    $(Section::$variant => {
                        self.$field.insert(day, serde_json::from_str(json)?);
                    })*
                    Section::Serials => {}
                }
                Ok(())
            }
        }
    };
}

sections! {
    Cases => cases,
    Parts => parts,
    Fixes => fixes,
    ResolveCounts => resolve_counts,
    ResolveMs => resolve_ms,
    Clocks => clocks,
    Backlog => backlog,
    Outstanding => outstanding,
    Inspections => inspections,
    Money => money,
    Pending => pending,
    Payouts => payouts,
    BatchCosts => batch_costs,
    Surveys => surveys,
    Recurrence => recurrence,
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Keys and values are plain data (sequences of pairs, strings, numbers):
    // serialising them cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

impl Aggregates {
    /// Records a write exactly as [`Aggregates::record`] does, and answers
    /// every row it may have changed (a superset: a row whose contributions
    /// cancelled is named too).
    pub fn record_changes(&mut self, before: Option<&Case>, after: &Case) -> BTreeSet<RowKey> {
        let mut touched = BTreeSet::new();
        // A case's contribution lands on the days its own snapshot names:
        // record both snapshots into empty aggregates and read their keys.
        let mut probe = Aggregates::new(self.sla().clone());
        for case in before.into_iter().chain([after]) {
            probe.apply(case, 1);
        }
        probe.daily_keys(&mut touched);
        let serials: BTreeSet<String> = before
            .into_iter()
            .chain([after])
            .filter_map(serial_key)
            .collect();
        self.recurrence_days(&serials, &mut touched);
        self.record(before, after);
        self.recurrence_days(&serials, &mut touched);
        for serial in serials {
            touched.insert(RowKey {
                section: Section::Serials,
                key: serial,
            });
        }
        touched
    }

    /// The recurrence rows of these serials' resolved cases.
    fn recurrence_days(&self, serials: &BTreeSet<String>, out: &mut BTreeSet<RowKey>) {
        for serial in serials {
            let Some(visits) = self.serials.get(serial) else {
                continue;
            };
            for day in visits.0.keys().filter_map(|v| v.resolved) {
                out.insert(RowKey {
                    section: Section::Recurrence,
                    key: day.to_string(),
                });
            }
        }
    }

    /// A row's JSON; `None` when the row is empty (the store deletes it).
    pub fn row(&self, key: &RowKey) -> Option<String> {
        match key.section {
            Section::Serials => self.serials.get(&key.key).map(to_json),
            section => Date::parse(&key.key)
                .ok()
                .and_then(|day| self.daily_json(section, day)),
        }
    }

    /// Every row.
    pub fn rows(&self) -> Vec<(RowKey, String)> {
        let mut keys = BTreeSet::new();
        self.daily_keys(&mut keys);
        keys.extend(self.serials.keys().map(|s| RowKey {
            section: Section::Serials,
            key: s.clone(),
        }));
        keys.into_iter()
            .filter_map(|k| self.row(&k).map(|json| (k, json)))
            .collect()
    }

    /// Aggregates from stored rows (as [`Aggregates::rows`] gave them), SLA judged by `sla`.
    pub fn from_rows<'a>(
        sla: SlaPolicy,
        rows: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Result<Aggregates, RowError> {
        let mut agg = Aggregates::new(sla);
        for (section, key, json) in rows {
            agg.put_row(section, key, json)?;
        }
        Ok(agg)
    }

    /// Sets one stored row. A store may load the daily rows first (all a
    /// report reads) and each serial's row only before recording a write
    /// of a case with that serial ([`Aggregates::serials_of`]).
    pub fn put_row(&mut self, section: &str, key: &str, json: &str) -> Result<(), RowError> {
        let s = Section::parse(section).ok_or_else(|| RowError::Section(section.into()))?;
        let json_err = |source| RowError::Json {
            section: s.as_str(),
            key: key.into(),
            source,
        };
        if s == Section::Serials {
            let visits = serde_json::from_str(json).map_err(json_err)?;
            self.serials.insert(key.to_owned(), visits);
            return Ok(());
        }
        let day = Date::parse(key).map_err(|_| RowError::Day {
            section: s.as_str(),
            key: key.into(),
        })?;
        self.put_daily(s, day, json).map_err(json_err)
    }

    /// The serial rows recording a write of these snapshots reads: those
    /// not loaded yet are to be put first ([`Aggregates::put_row`]).
    pub fn serials_of<'a>(&self, cases: impl IntoIterator<Item = &'a Case>) -> Vec<String> {
        cases
            .into_iter()
            .filter_map(serial_key)
            .filter(|s| !self.serials.contains_key(s))
            .collect()
    }
}
