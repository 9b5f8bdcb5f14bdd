//! Units sold per serial batch: entered by managers, the denominator of the
//! failure rate ([`super::quality`]). The wire form is a list; a value of 0
//! removes the batch's figure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validation::{free_text, FieldError, ValidationError};

/// The most batches one request may set.
pub const MAX_SOLD_BATCHES: usize = 500;
/// The largest units-sold figure accepted for one batch.
pub const MAX_UNITS_SOLD: u32 = 100_000_000;

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
                fields.push(FieldError::new(
                    &format!("batches[{i}].units"),
                    "too_large",
                    format!("At most {MAX_UNITS_SOLD} units."),
                ));
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
