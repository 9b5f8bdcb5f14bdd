//! Tables for CSV export: a header and rows of text cells, written as RFC 4180
//! CSV and read back (the round trip is tested; the reader also takes
//! spreadsheets' files, such as sold units per batch).
//!
//! Writing: fields with a comma, a double quote, CR or LF are quoted, quotes
//! doubled; lines end with CRLF. The text starts with a UTF-8 byte order
//! mark, which spreadsheet programs need to read Chinese text as UTF-8;
//! [`Table::from_csv`] skips it.

use serde::{Deserialize, Serialize};

/// A table of a report: its name (the CSV file's stem), header and rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Table {
    /// File stem, e.g. `pareto_by_model`.
    pub name: String,
    /// Column names.
    pub header: Vec<String>,
    /// Rows, each as wide as the header.
    pub rows: Vec<Vec<String>>,
}

/// Why a text is not a CSV table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field is never closed.
    #[error("line {line}: a quoted field is not closed")]
    UnclosedQuote {
        /// Line (1-based) where the field starts.
        line: usize,
    },
    /// A quote inside an unquoted field, or text after a closing quote.
    #[error("line {line}: a stray double quote")]
    StrayQuote {
        /// Line (1-based).
        line: usize,
    },
    /// A row does not have as many fields as the header.
    #[error("line {line}: {found} fields where the header has {expected}")]
    Width {
        /// Line (1-based).
        line: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// No header line.
    #[error("the file is empty")]
    Empty,
}

const BOM: char = '\u{feff}';

impl Table {
    /// An empty table with these column names.
    pub fn new(name: &str, header: &[&str]) -> Table {
        Table {
            name: name.to_owned(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (as wide as the header).
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.header.len(), "{}: row width", self.name);
        self.rows.push(row);
    }

    /// The table as RFC 4180 CSV, with a leading byte order mark.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        out.push(BOM);
        for line in std::iter::once(&self.header).chain(&self.rows) {
            for (i, cell) in line.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if cell.contains([',', '"', '\r', '\n']) {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
            out.push_str("\r\n");
        }
        out
    }

    /// Reads CSV (CRLF or LF line ends, a byte order mark allowed); the first
    /// line is the header. Every row must be as wide as the header.
    pub fn from_csv(name: &str, text: &str) -> Result<Table, CsvError> {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let mut lines = parse(text)?.into_iter();
        let (_, header) = lines.next().ok_or(CsvError::Empty)?;
        let mut rows = Vec::new();
        for (line, row) in lines {
            if row.len() != header.len() {
                return Err(CsvError::Width {
                    line,
                    expected: header.len(),
                    found: row.len(),
                });
            }
            rows.push(row);
        }
        Ok(Table {
            name: name.to_owned(),
            header,
            rows,
        })
    }
}

/// Records with the line each starts on.
fn parse(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    let mut start = 1;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                let opened = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            field.push(ch);
                        }
                        None => return Err(CsvError::UnclosedQuote { line: opened }),
                    }
                }
                at_field_start = false;
                if !matches!(chars.peek(), None | Some(',' | '\r' | '\n')) {
                    return Err(CsvError::StrayQuote { line });
                }
            }
            '"' => return Err(CsvError::StrayQuote { line }),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
                at_field_start = true;
            }
            other => {
                field.push(other);
                at_field_start = false;
            }
        }
    }
    if !at_field_start || !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new("t", &["model", "note", "cases"]);
        t.push(vec!["SUN-10K-G".into(), "plain".into(), "3".into()]);
        t.push(vec!["a,b".into(), "say \"hi\"".into(), "1".into()]);
        t.push(vec![
            "逆变器".into(),
            "line one\r\nline two\nthree".into(),
            "".into(),
        ]);
        t.push(vec!["".into(), "\"".into(), ",".into()]);
        t
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        let csv = table().to_csv();
        assert!(csv.starts_with('\u{feff}'));
        let body = csv.trim_start_matches('\u{feff}');
        assert_eq!(
            body,
            "model,note,cases\r\n\
             SUN-10K-G,plain,3\r\n\
             \"a,b\",\"say \"\"hi\"\"\",1\r\n\
             逆变器,\"line one\r\nline two\nthree\",\r\n\
             ,\"\"\"\",\",\"\r\n"
        );
    }

    #[test]
    fn csv_reads_back_to_the_same_table() {
        let t = table();
        assert_eq!(Table::from_csv("t", &t.to_csv()).unwrap(), t);
        let lf = "a,b\n1,2\n\"x\ny\",z";
        let back = Table::from_csv("t", lf).unwrap();
        assert_eq!(back.rows, [vec!["1", "2"], vec!["x\ny", "z"]]);
    }

    #[test]
    fn malformed_csv_is_refused_with_its_line() {
        assert_eq!(
            Table::from_csv("t", "a,b\n\"open,1\n"),
            Err(CsvError::UnclosedQuote { line: 2 })
        );
        assert_eq!(
            Table::from_csv("t", "a,b\nx\"y,1\n"),
            Err(CsvError::StrayQuote { line: 2 })
        );
        assert_eq!(
            Table::from_csv("t", "a,b\n\"x\"y,1\n"),
            Err(CsvError::StrayQuote { line: 2 })
        );
        assert_eq!(
            Table::from_csv("t", "a,b\n1,2\n3\n"),
            Err(CsvError::Width {
                line: 3,
                expected: 2,
                found: 1
            })
        );
        assert_eq!(Table::from_csv("t", ""), Err(CsvError::Empty));
    }
}
