//! Reading one CSV table: size and row limits, UTF-8, header checks, then rows streamed one
//! at a time with their line numbers, so that only the typed rows a caller keeps stay in
//! memory.
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use csv::StringRecord;
use sha2::{Digest, Sha256};

use super::limits::{too_large, TABLE_BYTES_MAX, TABLE_ROWS_MAX};
use super::scenario_file::open_regular;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};

/// Feeds every byte read to the scenario's content hash, counts them, and stops one byte
/// past `limit` (so a file that grows while it is read is still bounded).
struct Hashing<'h, R> {
    inner: std::io::Take<R>,
    hasher: &'h mut Sha256,
    read: u64,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

/// A CSV table whose header holds every required column, read row by row.
pub(crate) struct Table<'h> {
    pub path: PathBuf,
    columns: Vec<(String, usize)>,
    reader: csv::Reader<Hashing<'h, File>>,
    /// The file's length when opened (hashed before its bytes).
    len: u64,
    /// Data rows returned so far.
    rows: u64,
    /// Whether reading stopped on an error that leaves the table unusable (E001, E002,
    /// E013).
    failed: bool,
    /// Whether the end of the file was reached.
    done: bool,
}

/// One data row and the file line it starts on.
pub(crate) struct Row {
    pub line: u64,
    record: StringRecord,
}

impl<'h> Table<'h> {
    /// Opens `path`, requiring `required` columns and knowing `optional` ones; reports
    /// E001 (file), E013 (size, before anything is read), E002/E010/E011/E012 (header) and
    /// W405 (unknown columns). The file's name and length go to `hasher` now, its bytes as
    /// they are read.
    pub fn open(
        path: &Path,
        required: &[&str],
        optional: &[&str],
        diags: &mut Diagnostics,
        hasher: &'h mut Sha256,
    ) -> Option<Table<'h>> {
        let (file, len) = open_regular(path, diags)?;
        if len > TABLE_BYTES_MAX {
            diags.push(too_large(path, len, TABLE_BYTES_MAX));
            return None;
        }
        super::hash_header(hasher, path, len);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(Hashing {
                inner: file.take(TABLE_BYTES_MAX + 1),
                hasher,
                read: 0,
            });
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags.push(read_error(path, &e));
                return None;
            }
        };
        let mut columns: Vec<(String, usize)> = Vec::new();
        let mut header_ok = true;
        for (i, h) in headers.iter().enumerate() {
            let h = if i == 0 {
                h.strip_prefix('\u{feff}').unwrap_or(h).trim()
            } else {
                h
            };
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
        Some(Table {
            path: path.to_path_buf(),
            columns,
            reader,
            len,
            rows: 0,
            failed: false,
            done: false,
        })
    }

    /// The next data row, skipping blank ones and reporting unreadable ones (E011); `None`
    /// at the end of the file or once reading has failed (E002 for a byte that is not UTF-8,
    /// E013 past the row limit, E001 if the file changed while read).
    pub fn next(&mut self, diags: &mut Diagnostics) -> Option<Row> {
        if self.failed || self.done {
            return None;
        }
        let mut record = StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => {
                    self.done = true;
                    let read = self.reader.get_ref().read;
                    if read > TABLE_BYTES_MAX {
                        self.fail(diags, too_large(&self.path, read, TABLE_BYTES_MAX));
                    } else if read != self.len {
                        let d = Diagnostic::new(
                            Code::FileNotFound,
                            format!(
                                "the file changed while it was read ({} bytes when opened, {read} read)",
                                self.len
                            ),
                            "run again once nothing else is writing the file",
                        )
                        .file(&self.path);
                        self.fail(diags, d);
                    }
                    return None;
                }
                Ok(true) => {
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    self.rows += 1;
                    let line = record.position().map_or(0, csv::Position::line);
                    if self.rows > TABLE_ROWS_MAX {
                        let d = Diagnostic::new(
                            Code::FileTooLarge,
                            format!("more than {TABLE_ROWS_MAX} rows; reading stopped here"),
                            "split the region into several scenarios",
                        )
                        .file(&self.path)
                        .line(line);
                        self.fail(diags, d);
                        return None;
                    }
                    return Some(Row { line, record });
                }
                Err(e) => {
                    let fatal = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. });
                    let d = read_error(&self.path, &e);
                    if fatal {
                        self.fail(diags, d);
                        return None;
                    }
                    diags.push(d);
                }
            }
        }
    }

    fn fail(&mut self, diags: &mut Diagnostics, d: Diagnostic) {
        self.failed = true;
        diags.push(d);
    }

    /// Reads the rest of the table for its own errors (E002, E011, E013) and the content
    /// hash, keeping nothing.
    pub fn drain(&mut self, diags: &mut Diagnostics) {
        while self.next(diags).is_some() {}
    }

    /// Whether every row was read: the end of the file reached, without a fatal error.
    pub fn complete(&self) -> bool {
        self.done && !self.failed
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

/// The diagnostic of a CSV read error: E002 for bytes that are not UTF-8, E001 for an I/O
/// error, E011 otherwise.
fn read_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(1, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => Diagnostic::new(
            Code::NotUtf8,
            format!("invalid UTF-8 in field {} of the row", err.field() + 1),
            "save the file as UTF-8 (e.g. in Excel: “CSV UTF-8”; or iconv -f GBK -t UTF-8)",
        )
        .file(path)
        .line(line),
        csv::ErrorKind::Io(io) => Diagnostic::new(
            Code::FileNotFound,
            format!("cannot read it: {io}"),
            "check the file can be read",
        )
        .file(path),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Diagnostic::new(
            Code::MalformedRow,
            format!("{len} fields where the header has {expected_len}"),
            "give every row as many fields as the header; quote cells that contain commas",
        )
        .file(path)
        .line(line),
        _ => Diagnostic::new(
            Code::MalformedRow,
            e.to_string(),
            "give every row as many fields as the header; quote cells that contain commas",
        )
        .file(path)
        .line(line),
    }
}

/// Splits a `;`-separated list cell into its trimmed, non-empty items.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}
