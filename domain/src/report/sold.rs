//! Units sold per serial batch: entered by managers, the denominator of the
//! failure rate ([`super::quality`]). The wire form is a list; a value of 0
//! removes the batch's figure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Table;
use crate::validation::{free_text, ErrorParams, FieldError, ValidationError};

/// The most batches one request may set.
pub const MAX_SOLD_BATCHES: usize = 500;
/// The largest units-sold figure accepted for one batch.
pub const MAX_UNITS_SOLD: u32 = 100_000_000;

/// Header names read as the batch column of a CSV file (case and spaces ignored).
pub const BATCH_COLUMNS: &[&str] = &["batch", "batch_no", "批次", "批次号"];
/// Header names read as the units-sold column.
pub const UNITS_COLUMNS: &[&str] = &["units", "units_sold", "sold", "销量", "销售数量", "数量"];

/// Units sold of one batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BatchUnits {
    /// The batch, as cases name it (`"2409B"`).
    pub batch: String,
    /// Units sold (all time); 0 removes the figure.
    pub units: u32,
}

/// Units sold per batch: the answer of `GET /reports/sold-units` and the
/// body of `PUT` (which sets the batches listed and leaves the others).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SoldUnits {
    /// One entry per batch.
    pub batches: Vec<BatchUnits>,
}

impl SoldUnits {
    /// The list of a map, by batch.
    pub fn from_map(map: &BTreeMap<String, u32>) -> SoldUnits {
        SoldUnits {
            batches: map
                .iter()
                .map(|(batch, &units)| BatchUnits {
                    batch: batch.clone(),
                    units,
                })
                .collect(),
        }
    }

    /// Units sold from a spreadsheet's CSV file: a first line naming a
    /// batch column and a units column ([`BATCH_COLUMNS`], [`UNITS_COLUMNS`];
    /// other columns are ignored), then a batch per line. Blank lines are
    /// skipped; figures may group thousands (`1,200`). Every line at fault
    /// is reported at once, as the field `file` with the line in the
    /// message; what reads is then checked by [`SoldUnits::validate`] like
    /// a list typed in.
    pub fn from_csv(text: &str) -> Result<SoldUnits, ValidationError> {
        let fail = |code: &str, message: String| ValidationError {
            fields: vec![FieldError::new("file", code, message)],
        };
        let table = Table::from_csv("sold_units", text)
            .map_err(|e| fail("unreadable", format!("The file is not CSV: {e}.")))?;
        let column = |names: &[&str]| {
            table.header.iter().position(|h| {
                let h = h.trim().to_lowercase().replace(' ', "_");
                names.contains(&h.as_str())
            })
        };
        let (Some(batch), Some(units)) = (column(BATCH_COLUMNS), column(UNITS_COLUMNS)) else {
            return Err(fail(
                "missing_columns",
                "The first line must name a batch column and a units column (batch and units, or 批次 and 销量).".into(),
            ));
        };
        let mut fields = Vec::new();
        let mut batches = Vec::new();
        for (i, row) in table.rows.iter().enumerate() {
            if row.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = i + 2;
            let raw = row[units].trim();
            let digits: String = raw
                .chars()
                .filter(|c| !matches!(c, ',' | ' ' | '_'))
                .collect();
            match digits.parse::<u32>() {
                Ok(n) => batches.push(BatchUnits {
                    batch: row[batch].clone(),
                    units: n,
                }),
                Err(_) => fields.push(
                    FieldError::new(
                        "file",
                        "invalid_units",
                        format!("Line {line}: {raw:?} is not a whole number of units."),
                    )
                    .with_params(ErrorParams::line(line as u64)),
                ),
            }
        }
        if !fields.is_empty() {
            return Err(ValidationError { fields });
        }
        if batches.is_empty() {
            return Err(fail("empty", "The file lists no batch.".into()));
        }
        Ok(SoldUnits { batches })
    }

    /// Checks every entry (batch given, at most 64 characters as on a case,
    /// each batch once, units at most [`MAX_UNITS_SOLD`], at most
    /// [`MAX_SOLD_BATCHES`] entries) and gives the batches and their units,
    /// reporting every field at fault at once (`batches[2].units`).
    pub fn validate(&self) -> Result<BTreeMap<String, u32>, ValidationError> {
        let mut fields = Vec::new();
        if self.batches.len() > MAX_SOLD_BATCHES {
            fields.push(FieldError::new(
                "batches",
                "too_many",
                format!("At most {MAX_SOLD_BATCHES} batches at once."),
            ));
        }
        let mut out = BTreeMap::new();
        for (i, entry) in self.batches.iter().enumerate() {
            let field = format!("batches[{i}].batch");
            match free_text(&field, &entry.batch, true, 64, false) {
                Ok(Some(batch)) => {
                    if out.insert(batch, entry.units).is_some() {
                        fields.push(FieldError::new(
                            &field,
                            "duplicate",
                            "This batch is listed twice.",
                        ));
                    }
                }
                Ok(None) => {}
                Err(e) => fields.push(e),
            }
            if entry.units > MAX_UNITS_SOLD {
                fields.push(
                    FieldError::new(
                        &format!("batches[{i}].units"),
                        "too_large",
                        format!("At most {MAX_UNITS_SOLD} units."),
                    )
                    .with_params(ErrorParams::max(MAX_UNITS_SOLD)),
                );
            }
        }
        if fields.is_empty() {
            Ok(out)
        } else {
            Err(ValidationError { fields })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(batch: &str, units: u32) -> BatchUnits {
        BatchUnits {
            batch: batch.into(),
            units,
        }
    }

    #[test]
    fn reads_a_spreadsheets_csv_by_its_column_names() {
        let csv =
            "\u{feff}Model,批次,销量\r\nSUN-10K-G,2405A,\"1,200\"\r\n,,\r\nSUN-5K-G,2409B,80\r\n";
        let sold = SoldUnits::from_csv(csv).unwrap();
        assert_eq!(sold.batches, [entry("2405A", 1200), entry("2409B", 80)]);
        let en = SoldUnits::from_csv("units sold,Batch\n5,2401A\n").unwrap();
        assert_eq!(en.batches, [entry("2401A", 5)]);
    }

    #[test]
    fn a_bad_csv_says_which_lines_are_at_fault() {
        let err = SoldUnits::from_csv("batch,units\n2405A,12x\n2409B,80\n2410C,-3\n").unwrap_err();
        let messages: Vec<(&str, &str)> = err
            .fields
            .iter()
            .map(|f| (f.code.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "invalid_units",
                    "Line 2: \"12x\" is not a whole number of units."
                ),
                (
                    "invalid_units",
                    "Line 4: \"-3\" is not a whole number of units."
                ),
            ]
        );
        let code = |text: &str| {
            SoldUnits::from_csv(text).unwrap_err().fields[0]
                .code
                .clone()
        };
        assert_eq!(code("model,units\nX,1\n"), "missing_columns");
        assert_eq!(code("batch,units\n"), "empty");
        assert_eq!(code("batch,units\n\"2405A,1\n"), "unreadable");
        assert_eq!(code("batch,units\n2405A\n"), "unreadable");
    }

    #[test]
    fn accepts_trimmed_batches_and_zero_as_removal() {
        let list = SoldUnits {
            batches: vec![entry(" 2409B ", 1200), entry("2410A", 0)],
        };
        let map = list.validate().unwrap();
        assert_eq!(map.get("2409B"), Some(&1200));
        assert_eq!(map.get("2410A"), Some(&0));
    }

    #[test]
    fn reports_every_bad_entry_by_its_position() {
        let list = SoldUnits {
            batches: vec![
                entry("", 5),
                entry("A", MAX_UNITS_SOLD + 1),
                entry("B", 1),
                entry("B", 2),
                entry(&"x".repeat(65), 1),
            ],
        };
        let err = list.validate().unwrap_err();
        let fields: Vec<_> = err
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("batches[0].batch", "required"),
                ("batches[1].units", "too_large"),
                ("batches[3].batch", "duplicate"),
                ("batches[4].batch", "too_long"),
            ]
        );
    }
}
