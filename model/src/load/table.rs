//! Reading one CSV table: UTF-8, header checks, rows with their line numbers.
use std::path::{Path, PathBuf};

use csv::StringRecord;

use super::scenario_file::read_text;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// A CSV table whose header holds every required column.
pub(crate) struct Table {
    pub path: PathBuf,
    columns: Vec<(String, usize)>,
    pub rows: Vec<Row>,
    /// The file's bytes, for the content hash.
    pub bytes: Vec<u8>,
}

/// One data row and the file line it starts on.
pub(crate) struct Row {
    pub line: u64,
    record: StringRecord,
}

impl Table {
    /// Reads `path`, requiring `required` columns and knowing `optional` ones; reports
    /// E001/E002 (file), E010/E012 (header), E011 (rows) and W405 (unknown columns).
    pub fn read(
        path: &Path,
        required: &[&str],
        optional: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Table> {
        let (text, bytes) = read_text(path, diags)?;
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags.push(
                    Diagnostic::new(Code::MalformedRow, e.to_string(), "fix the header row")
                        .file(path)
                        .line(1),
                );
                return None;
            }
        };
        let mut columns: Vec<(String, usize)> = Vec::new();
        let mut header_ok = true;
        for (i, h) in headers.iter().enumerate() {
            if columns.iter().any(|(c, _)| c == h) {
                header_ok = false;
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateColumn,
                        format!("column `{h}` appears twice"),
                        "keep one of them",
                    )
                    .file(path)
                    .line(1)
                    .field(h),
                );
            } else if !required.contains(&h) && !optional.contains(&h) {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownColumn,
                        format!("column `{h}` is not read"),
                        format!(
                            "remove it or correct the spelling; columns: {}",
                            [required, optional].concat().join(",")
                        ),
                    )
                    .file(path)
                    .line(1)
                    .field(h),
                );
            }
            columns.push((h.to_owned(), i));
        }
        for want in required {
            if !columns.iter().any(|(c, _)| c == want) {
                header_ok = false;
                diags.push(
                    Diagnostic::new(
                        Code::MissingColumn,
                        format!("the header has no `{want}` column"),
                        format!("the header must name these columns: {}", required.join(",")),
                    )
                    .file(path)
                    .line(1)
                    .field(*want)
                    .value(headers.iter().collect::<Vec<_>>().join(",")),
                );
            }
        }
        if !header_ok {
            return None;
        }
        let mut rows = Vec::new();
        let mut record = StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    rows.push(Row {
                        line,
                        record: record.clone(),
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => format!("{len} fields where the header has {expected_len}"),
                        _ => e.to_string(),
                    };
                    diags.push(
                        Diagnostic::new(
                            Code::MalformedRow,
                            message,
                            "give every row as many fields as the header; quote cells that contain commas",
                        )
                        .file(path)
                        .line(line),
                    );
                }
            }
        }
        Some(Table {
            path: path.to_path_buf(),
            columns,
            rows,
            bytes,
        })
    }

    /// The cell of `column` in `row`, trimmed; "" when the column is absent.
    pub fn get<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.columns
            .iter()
            .find(|(c, _)| c == column)
            .and_then(|(_, i)| row.record.get(*i))
            .unwrap_or("")
    }

    /// A diagnostic placed at `row`'s line and `column`, with the cell as its value.
    pub fn at(
        &self,
        row: &Row,
        column: &str,
        code: Code,
        message: String,
        action: &str,
    ) -> Diagnostic {
        Diagnostic::new(code, message, action)
            .file(&self.path)
            .line(row.line)
            .field(column)
            .value(self.get(row, column))
    }
}

/// Splits a `;`-separated list cell into its trimmed, non-empty items.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}
