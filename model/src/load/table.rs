//! Reading one table, from a CSV file or a workbook sheet: size and row limits, encoding,
//! header checks (English or Chinese column names), then rows one at a time with their line
//! (or sheet row) numbers, so that only the typed rows a caller keeps stay in memory.
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use csv::StringRecord;
use sha2::{Digest, Sha256};

use super::entities::TableSpec;
use super::limits::{too_large, TABLE_BYTES_MAX, TABLE_ROWS_MAX};
use super::scenario_file::open_regular;
use super::workbook::{column_letter, SheetTable};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::scenario::TableLabel;
use crate::text::Text;

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

/// What the CSV parser reads: the file itself (UTF-8, hashed as read), or the text of a
/// GB18030 file decoded in memory (hashed before decoding).
enum Input<'h> {
    File(Hashing<'h, File>),
    Decoded(Cursor<Vec<u8>>),
}

impl Read for Input<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(f) => f.read(buf),
            Input::Decoded(c) => c.read(buf),
        }
    }
}

/// Where the rows come from.
enum Source<'h> {
    Csv(csv::Reader<Input<'h>>),
    /// A sheet already read and checked, rows in order.
    Sheet(std::vec::IntoIter<Row>),
}

/// A table whose header holds every required column, read row by row.
pub(crate) struct Table<'h> {
    /// The CSV file, or the workbook.
    pub path: PathBuf,
    /// The sheet, when the table is one of a workbook.
    sheet: Option<String>,
    /// Each known column's English name and its field index.
    columns: Vec<(String, usize)>,
    /// How the input names the table and its columns.
    label: TableLabel,
    /// A sheet's 0-based column of each field (a sheet's records hold the known columns
    /// only); empty for a CSV file, whose fields are its columns.
    sheet_columns: Vec<usize>,
    /// Number of header fields (CSV): every row must have as many.
    width: usize,
    source: Source<'h>,
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

/// One data row and the file line (or sheet row) it starts on.
pub(crate) struct Row {
    pub line: u64,
    pub(crate) record: StringRecord,
}

/// The English name of header cell `h` in `spec`: the English name itself or the column's
/// Chinese name.
fn canonical<'s>(spec: &'s TableSpec, h: &str) -> Option<&'s str> {
    spec.columns
        .iter()
        .find(|c| c.name == h || c.zh == h)
        .map(|c| c.name)
}

/// Whether `file`, read from its start, is valid UTF-8 (read in blocks, nothing kept).
fn is_utf8(file: &mut File) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry = 0usize;
    loop {
        let n = file.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let filled = carry + n;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                // A sequence cut by the block's end: keep its bytes for the next block.
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// Decodes GB18030 (a superset of GBK and GB2312); on a byte sequence that is not GB18030
/// either, the 1-based line it is on.
fn decode_gb18030(bytes: &[u8]) -> Result<String, u64> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let room = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(usize::MAX);
    let mut out = String::with_capacity(room);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(..) | encoding_rs::DecoderResult::OutputFull => {
            Err(line_of(bytes, read))
        }
    }
}

/// The 1-based line of byte `at` of `bytes`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    bytes[..at.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

impl<'h> Table<'h> {
    /// Opens the CSV file `path` holding `spec`'s table; reports E001 (file), E013 (size,
    /// before anything is read), E002 (neither UTF-8 nor GB18030), W410 (read as GB18030),
    /// E010/E011/E012 (header) and W405 (unknown columns). The file's name and length go to
    /// `hasher` now, its bytes as they are read.
    pub fn open(
        path: &Path,
        spec: &TableSpec,
        diags: &mut Diagnostics,
        hasher: &'h mut Sha256,
    ) -> Option<Table<'h>> {
        let (mut file, len) = open_regular(path, diags)?;
        if len > TABLE_BYTES_MAX {
            diags.push(too_large(path, len, TABLE_BYTES_MAX));
            return None;
        }
        let io_error = |e: &std::io::Error| {
            Diagnostic::new(
                Code::FileNotFound,
                text!("cannot read it: {e}", "无法读取（系统信息：{e}）"),
                text!("check the file can be read", "检查该文件能否打开"),
            )
            .file(path)
        };
        let utf8 = is_utf8(&mut file).and_then(|ok| file.seek(SeekFrom::Start(0)).map(|_| ok));
        let input = match utf8 {
            Err(e) => {
                diags.push(io_error(&e));
                return None;
            }
            Ok(true) => {
                super::hash_header(hasher, path, len);
                Input::File(Hashing {
                    inner: file.take(TABLE_BYTES_MAX + 1),
                    hasher,
                    read: 0,
                })
            }
            Ok(false) => {
                let mut bytes = Vec::new();
                if let Err(e) = file.take(TABLE_BYTES_MAX + 1).read_to_end(&mut bytes) {
                    diags.push(io_error(&e));
                    return None;
                }
                if bytes.len() as u64 > TABLE_BYTES_MAX {
                    diags.push(too_large(path, bytes.len() as u64, TABLE_BYTES_MAX));
                    return None;
                }
                super::hash_file(hasher, path, &bytes);
                match decode_gb18030(&bytes) {
                    Ok(text) => {
                        diags.push(
                            Diagnostic::new(
                                Code::ReadAsGb18030,
                                text!(
                                    "the file is not UTF-8; it was read as GB18030 (GBK), the encoding of Excel's “CSV” on Chinese Windows",
                                    "文件不是 UTF-8 编码，已按 GB18030（GBK，中文版 Windows 上 Excel 另存“CSV”时的编码）读取"
                                ),
                                text!(
                                    "nothing to do if the text reads right; to be sure, save it as “CSV UTF-8” in Excel",
                                    "文字显示正常则无需处理；稳妥起见，可在 Excel 中另存为“CSV UTF-8”"
                                ),
                            )
                            .file(path),
                        );
                        Input::Decoded(Cursor::new(text.into_bytes()))
                    }
                    Err(gb_line) => {
                        // The encoding read further is the one meant: name its bad line.
                        let utf8_end = std::str::from_utf8(&bytes)
                            .err()
                            .map_or(0, |e| e.valid_up_to());
                        let utf8_line = line_of(&bytes, utf8_end);
                        let line = gb_line.max(utf8_line);
                        diags.push(
                            Diagnostic::new(
                                Code::NotUtf8,
                                text!(
                                    "bytes that are neither UTF-8 nor GB18030 (GBK)",
                                    "有既非 UTF-8 也非 GB18030（GBK）编码的字节"
                                ),
                                text!(
                                    "save the file as UTF-8 (in Excel: “CSV UTF-8”; or iconv -f GBK -t UTF-8)",
                                    "将文件另存为 UTF-8 编码（Excel 中选“CSV UTF-8”，或用 iconv -f GBK -t UTF-8 转换）"
                                ),
                            )
                            .file(path)
                            .line(line),
                        );
                        return None;
                    }
                }
            }
        };
        // Records end at `\n` only, so that line numbers count `\n` whether lines end in
        // `\n` or `\r\n` (a `\r` left at a line's end is trimmed with the other whitespace).
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(input);
        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                diags.push(read_error(path, &e));
                return None;
            }
        };
        let names: Vec<(usize, String)> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.strip_prefix('\u{feff}').unwrap_or(h).trim()
                } else {
                    h
                };
                (i, h.to_owned())
            })
            .collect();
        let columns = check_header(spec, &names, diags, &|_, d| d.file(path).line(1))?;
        let table = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Some(Table {
            path: path.to_path_buf(),
            sheet: None,
            label: label(spec, table, None, &names),
            columns,
            sheet_columns: Vec::new(),
            width: headers.len(),
            source: Source::Csv(reader),
            len,
            rows: 0,
            failed: false,
            done: false,
        })
    }

    /// A table from a workbook sheet already read (see [`super::workbook`]): its header
    /// checked like a CSV header, its rows converted to text.
    pub fn from_sheet(
        path: &Path,
        spec: &TableSpec,
        sheet: SheetTable,
        diags: &mut Diagnostics,
    ) -> Option<Table<'h>> {
        let name = sheet.name.clone();
        let at = |col: usize, d: Diagnostic| {
            d.file(path).line(u64::from(sheet.header_row)).cell(format!(
                "{name}!{}{}",
                column_letter(col),
                sheet.header_row
            ))
        };
        let columns = check_header(spec, &sheet.header, diags, &at)?;
        let label = label(spec, format!("sheet {name}"), Some(&name), &sheet.header);
        let rows = sheet.into_rows(spec, &columns, path, diags)?;
        let sheet_columns = columns.iter().map(|(_, c)| *c).collect();
        let columns = columns
            .into_iter()
            .enumerate()
            .map(|(k, (n, _))| (n, k))
            .collect();
        Some(Table {
            path: path.to_path_buf(),
            label,
            sheet: Some(name),
            width: 0,
            columns,
            sheet_columns,
            source: Source::Sheet(rows.into_iter()),
            len: 0,
            rows: 0,
            failed: false,
            done: false,
        })
    }

    /// The next data row, skipping blank ones and reporting unreadable ones (E011); `None`
    /// at the end of the table or once reading has failed (E013 past the row limit, E001 if
    /// the file changed while read).
    pub fn next(&mut self, diags: &mut Diagnostics) -> Option<Row> {
        if self.failed || self.done {
            return None;
        }
        let reader = match &mut self.source {
            Source::Sheet(rows) => {
                let row = rows.next();
                self.done = row.is_none();
                return row;
            }
            Source::Csv(reader) => reader,
        };
        let mut record = StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => {
                    self.done = true;
                    let read = match reader.get_ref() {
                        Input::File(f) => f.read,
                        Input::Decoded(_) => self.len,
                    };
                    if read > TABLE_BYTES_MAX {
                        self.fail(diags, too_large(&self.path, read, TABLE_BYTES_MAX));
                    } else if read != self.len {
                        let d = Diagnostic::new(
                            Code::FileNotFound,
                            text!(
                                "the file changed while it was read ({} bytes when opened, {read} read)",
                                "读取过程中文件被改动（打开时 {} 字节，读到 {read} 字节）",
                                self.len
                            ),
                            text!(
                                "run again once nothing else is writing the file",
                                "待没有其他程序写入该文件后再运行"
                            ),
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
                    let line = record.position().map_or(0, csv::Position::line);
                    if record.len() != self.width {
                        diags.push(
                            Diagnostic::new(
                                Code::MalformedRow,
                                text!(
                                    "{} fields where the header has {}",
                                    "该行有 {} 个字段，表头有 {} 列",
                                    record.len(),
                                    self.width
                                ),
                                text!(
                                    "give every row as many fields as the header; quote cells that contain commas",
                                    "每行的字段数应与表头列数相同；含逗号的单元格须加英文双引号"
                                ),
                            )
                            .file(&self.path)
                            .line(line),
                        );
                        continue;
                    }
                    self.rows += 1;
                    if self.rows > TABLE_ROWS_MAX {
                        let d = Diagnostic::new(
                            Code::FileTooLarge,
                            text!(
                                "more than {TABLE_ROWS_MAX} rows; reading stopped here",
                                "超过 {TABLE_ROWS_MAX} 行，读到此处停止"
                            ),
                            text!(
                                "split the region into several scenarios",
                                "将地区拆成几个场景"
                            ),
                        )
                        .file(&self.path)
                        .line(line);
                        self.fail(diags, d);
                        return None;
                    }
                    return Some(Row { line, record });
                }
                Err(e) => {
                    let d = read_error(&self.path, &e);
                    self.fail(diags, d);
                    return None;
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
        self.index(column)
            .and_then(|i| row.record.get(i))
            .unwrap_or("")
    }

    fn index(&self, column: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, i)| *i)
    }

    /// A diagnostic placed at `row`'s line and `column` (and, in a workbook, at its cell),
    /// with the cell as its value.
    pub fn at(
        &self,
        row: &Row,
        column: &str,
        code: Code,
        message: Text,
        action: Text,
    ) -> Diagnostic {
        let d = Diagnostic::new(code, message, action)
            .file(&self.path)
            .line(row.line)
            .field(self.label.column(column))
            .value(self.get(row, column));
        match (&self.sheet, self.index(column)) {
            (Some(sheet), Some(i)) => {
                let col = self.sheet_columns.get(i).copied().unwrap_or(i);
                d.cell(format!("{sheet}!{}{}", column_letter(col), row.line))
            }
            (Some(sheet), None) => d.cell(format!("{sheet}!{}", row.line)),
            _ => d,
        }
    }

    /// The date in `row`'s `column`, or `None` with an E209 finding pushed to `diags`.
    pub fn date(&self, row: &Row, column: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
        let cell = self.get(row, column);
        let parsed = parse_date(cell);
        if parsed.is_none() {
            diags.push(self.at(
                row,
                column,
                Code::MalformedDate,
                text!("`{cell}` is not a date", "“{cell}”不是日期"),
                text!(
                    "write dates as YYYY-MM-DD or YYYY/M/D (e.g. 2024-03-15, 2024/3/15), or in a workbook enter a date cell",
                    "日期写作 YYYY-MM-DD 或 YYYY/M/D（如 2024-03-15、2024/3/15），工作簿中也可填日期格式的单元格"
                ),
            ));
        }
        parsed
    }
}

impl Table<'_> {
    /// How the input names this table and its columns.
    pub fn label(&self) -> &TableLabel {
        &self.label
    }

    /// Column `name` (English) as the header spells it.
    pub fn column<'a>(&'a self, name: &'a str) -> &'a str {
        self.label.column(name)
    }
}

/// How the input names `spec`'s table (`table`, in `sheet`) and its columns, from its
/// header cells `names`: a column absent from the header is named in the language of the
/// other headers (Chinese when any header cell is a column's Chinese name).
pub(crate) fn label(
    spec: &TableSpec,
    table: String,
    sheet: Option<&str>,
    names: &[(usize, String)],
) -> TableLabel {
    let chinese = names
        .iter()
        .any(|(_, h)| spec.columns.iter().any(|c| c.zh == h.as_str()));
    let columns = spec
        .columns
        .iter()
        .map(|c| {
            let found = names
                .iter()
                .find(|(_, h)| h.as_str() == c.name || h.as_str() == c.zh);
            match found {
                Some((i, h)) => (c.name, h.clone(), Some(*i)),
                None if chinese => (c.name, c.zh.to_owned(), None),
                None => (c.name, c.name.to_owned(), None),
            }
        })
        .collect();
    TableLabel {
        table,
        sheet: sheet.map(str::to_owned),
        columns,
    }
}

/// Checks a header (each field's index and name): duplicate columns (E012), unknown ones
/// (W405), missing required ones (E010). Returns each known column's English name and
/// index when every required column is there once. `place` puts a finding at a field.
fn check_header(
    spec: &TableSpec,
    names: &[(usize, String)],
    diags: &mut Diagnostics,
    place: &dyn Fn(usize, Diagnostic) -> Diagnostic,
) -> Option<Vec<(String, usize)>> {
    let mut columns: Vec<(String, usize)> = Vec::new();
    let mut header_ok = true;
    let every = |names: &[&str]| {
        names
            .iter()
            .map(|n| {
                let zh = spec.column(n).map_or("", |c| c.zh);
                format!("{n} ({zh})")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let every_zh = |names: &[&str]| {
        names
            .iter()
            .map(|n| {
                let zh = spec.column(n).map_or("", |c| c.zh);
                format!("{zh}（{n}）")
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    for (i, h) in names {
        let Some(name) = canonical(spec, h) else {
            diags.push(place(
                *i,
                Diagnostic::new(
                    Code::UnknownColumn,
                    text!("column `{h}` is not read", "列“{h}”不会被读取"),
                    Text::new(
                        format!(
                            "remove it or correct the spelling; columns: {}",
                            every(&[spec.required, spec.optional].concat())
                        ),
                        format!(
                            "删去该列或改正拼写；可用的列：{}",
                            every_zh(&[spec.required, spec.optional].concat())
                        ),
                    ),
                )
                .field(h.as_str()),
            ));
            continue;
        };
        if columns.iter().any(|(c, _)| c == name) {
            header_ok = false;
            diags.push(place(
                *i,
                Diagnostic::new(
                    Code::DuplicateColumn,
                    text!("column `{h}` appears twice", "列“{h}”出现了两次"),
                    text!(
                        "keep one of them (an English and a Chinese name of one column count as the same)",
                        "只保留其中一列（同一列的英文名和中文名算作同一列）"
                    ),
                )
                .field(h.as_str()),
            ));
        } else {
            columns.push((name.to_owned(), *i));
        }
    }
    for want in spec.required {
        if !columns.iter().any(|(c, _)| c == want) {
            header_ok = false;
            let zh = spec.column(want).map_or("", |c| c.zh);
            diags.push(place(
                0,
                Diagnostic::new(
                    Code::MissingColumn,
                    text!(
                        "the header has no `{want}` ({zh}) column",
                        "表头中没有“{zh}”（{want}）列"
                    ),
                    Text::new(
                        format!(
                            "the header must name these columns, in English or Chinese: {}",
                            every(spec.required)
                        ),
                        format!(
                            "表头须有以下各列（中文或英文列名均可）：{}",
                            every_zh(spec.required)
                        ),
                    ),
                )
                .field(*want)
                .value(
                    names
                        .iter()
                        .map(|(_, n)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ));
        }
    }
    header_ok.then_some(columns)
}

/// The diagnostic of a CSV read error: E001 for an I/O error, E011 otherwise.
fn read_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(1, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Io(io) => Diagnostic::new(
            Code::FileNotFound,
            text!("cannot read it: {io}", "无法读取（系统信息：{io}）"),
            text!("check the file can be read", "检查该文件能否打开"),
        )
        .file(path),
        _ => Diagnostic::new(
            Code::MalformedRow,
            text!("{e}", "该行无法读取（系统信息：{e}）"),
            text!(
                "give every row as many fields as the header; quote cells that contain commas",
                "每行的字段数应与表头列数相同；含逗号的单元格须加英文双引号"
            ),
        )
        .file(path)
        .line(line),
    }
}

/// The separators of list cells: `;` and the full-width `；`, the enumeration comma `、`
/// and the full-width comma `，` (the plain comma separates CSV fields).
pub const LIST_SEPARATORS: &[char] = &[';', '；', '、', '，'];

/// Splits a list cell at any of [`LIST_SEPARATORS`] into its trimmed, non-empty items.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(LIST_SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A date written `YYYY-MM-DD`, `YYYY/M/D` or `YYYY年M月D日` (months and days with or
/// without a leading zero).
pub(crate) fn parse_date(cell: &str) -> Option<NaiveDate> {
    ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(cell, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_at_every_separator() {
        let items: Vec<&str> = list("合同；劳动、 知识产权，finance;;").collect();
        assert_eq!(items, ["合同", "劳动", "知识产权", "finance"]);
    }

    #[test]
    fn dates_in_three_spellings() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 1);
        assert_eq!(parse_date("2025-07-01"), d);
        assert_eq!(parse_date("2025/7/1"), d);
        assert_eq!(parse_date("2025年7月1日"), d);
        assert_eq!(parse_date("2025/13/1"), None);
        assert_eq!(parse_date("1.7.2025"), None);
    }

    #[test]
    fn gb18030_decodes_and_reports_the_line_of_a_bad_byte() {
        let gbk = [0xb3, 0xc2, 0xbd, 0xa8, 0xbb, 0xaa];
        assert_eq!(decode_gb18030(&gbk).as_deref(), Ok("陈建华"));
        assert_eq!(decode_gb18030(b"a\nb\n\xff\n"), Err(3));
    }
}
