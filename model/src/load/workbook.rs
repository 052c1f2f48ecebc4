//! Reading the tables from one `.xlsx` workbook (`[data] workbook = "region.xlsx"`), one
//! sheet per table, with Chinese or English sheet names.
//!
//! A sheet is read cell by cell (calamine's streaming reader), so a sheet is never expanded
//! to its full rectangle; the same limits hold as for CSV files (256 MiB of workbook, of
//! text per sheet, and 2,000,000 rows). Merged cells and formulas are errors: a merged cell
//! holds its value only in its first cell, and a formula's value is whatever Excel saved
//! last (nothing, when another program wrote the file). Every finding names the sheet and
//! cell as Excel shows them: `企业!D17`.
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use csv::StringRecord;
use sha2::Sha256;

use super::entities::{ColumnKind, TableSpec, TABLES};
use super::limits::{too_large, TABLE_BYTES_MAX, TABLE_ROWS_MAX};
use super::scenario_file::read_bytes;
use super::table::Row;
use super::workbook_scan::{self, Problem, COLUMNS_MAX, ROWS_MAX};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::text::Text;

/// What a cell counts for against the sheet's limit of [`TABLE_BYTES_MAX`] besides its
/// text: about what it takes in memory while the sheet is read.
const CELL_BYTES: u64 = 48;

/// Largest date serial number read as a date: about 270,000 years either side of 1900,
/// past chrono's calendar; larger ones are numbers.
const SERIAL_MAX: f64 = 1e8;

/// Sheets a workbook may have besides its tables: the instructions `tepai template` writes.
pub const NOTES_SHEETS: &[&str] = &["说明", "instructions"];

/// Most findings of one kind reported per sheet (merged ranges, formulas); the rest are
/// counted in one more finding.
const FINDINGS_MAX: usize = 20;

/// The letters of a 0-based column index, as Excel names columns: 0 → `A`, 27 → `AB`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A workbook opened for reading.
pub(crate) struct Workbook {
    pub path: PathBuf,
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    names: Vec<String>,
}

/// One cell's value.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Number(f64),
    Date(chrono::NaiveDate),
    Bool(bool),
}

/// A sheet read: where its header is and its non-empty cells, row by row.
pub(crate) struct SheetTable {
    pub name: String,
    /// 1-based row of the header.
    pub header_row: u32,
    /// The header's non-empty cells: 0-based column and text.
    pub header: Vec<(usize, String)>,
    /// Rows below the header: 1-based row and its non-empty cells.
    rows: Vec<(u32, Vec<(usize, Cell)>)>,
}

impl Workbook {
    /// Opens the workbook at `path`: E001 if it cannot be read, E013 over 256 MiB, E014 if it
    /// is no `.xlsx` workbook (or is damaged, or has a password). Its bytes go to `hasher`.
    pub fn open(path: &Path, diags: &mut Diagnostics, hasher: &mut Sha256) -> Option<Workbook> {
        let bytes = read_bytes(path, TABLE_BYTES_MAX, diags)?;
        super::hash_file(hasher, path, &bytes);
        if let Err(problem) = workbook_scan::check(&bytes) {
            diags.push(scan_problem(path, problem));
            return None;
        }
        match Xlsx::new(Cursor::new(bytes)) {
            Ok(xlsx) => {
                let names = xlsx.sheet_names();
                Some(Workbook {
                    path: path.to_path_buf(),
                    xlsx,
                    names,
                })
            }
            Err(e) => {
                diags.push(unreadable(path, &e));
                None
            }
        }
    }

    /// The sheet holding `spec`'s table: named by its Chinese or English name (surrounding
    /// spaces and the case of English letters aside).
    pub fn sheet_of(&self, spec: &TableSpec) -> Option<String> {
        self.names
            .iter()
            .find(|n| {
                let n = n.trim();
                n == spec.sheet || n.eq_ignore_ascii_case(spec.key)
            })
            .cloned()
    }

    /// W411 for every sheet that is neither a table, the visit ledger (read by `tepai status`
    /// and `tepai stats`) nor the instructions.
    pub fn check_sheets(&self, diags: &mut Diagnostics) {
        for name in &self.names {
            let n = name.trim();
            let known = TABLES
                .iter()
                .any(|t| n == t.sheet || n.eq_ignore_ascii_case(t.key))
                || NOTES_SHEETS.iter().any(|s| n.eq_ignore_ascii_case(s))
                || {
                    let ledger = crate::ledger::ledger_spec();
                    n == ledger.sheet || n.eq_ignore_ascii_case(ledger.key)
                };
            if !known {
                let sheets: Vec<String> = TABLES
                    .iter()
                    .map(|t| format!("{} ({})", t.sheet, t.key))
                    .collect();
                let sheets_zh: Vec<&str> = TABLES.iter().map(|t| t.sheet).collect();
                diags.push(
                    Diagnostic::new(
                        Code::UnknownSheet,
                        text!("sheet `{name}` is not read", "工作表“{name}”不会被读取"),
                        Text::new(
                            format!(
                                "rename it if it holds a table; tables are read from the sheets {}",
                                sheets.join(", ")
                            ),
                            format!(
                                "若其中是表格，请改名；只读取这些工作表：{}",
                                sheets_zh.join("、")
                            ),
                        ),
                    )
                    .file(&self.path)
                    .cell(name.clone()),
                );
            }
        }
    }

    /// E015 for a required table whose sheet is missing.
    pub fn missing(&self, spec: &TableSpec) -> Diagnostic {
        Diagnostic::new(
            Code::MissingSheet,
            text!(
                "the workbook has no sheet `{}` (or `{}`)",
                "工作簿中没有“{}”（或“{}”）工作表",
                spec.sheet,
                spec.key
            ),
            Text::new(
                format!(
                    "add a sheet named {} holding the {} table (`tepai template` writes every sheet); sheets now: {}",
                    spec.sheet,
                    spec.key,
                    self.names.join(", ")
                ),
                format!(
                    "添加名为“{}”的工作表，填入该表（tepai template 会生成全部工作表）；现有工作表：{}",
                    spec.sheet,
                    self.names.join("、")
                ),
            ),
        )
        .file(&self.path)
        .field(spec.key)
    }

    /// Reads sheet `name`: E016 (merged cells), E018 (formulas, error values), E013 (limits).
    /// `None` when it cannot be used.
    pub fn read(&mut self, name: &str, diags: &mut Diagnostics) -> Option<SheetTable> {
        let path = self.path.clone();
        let at = |cell: String| {
            Diagnostic::new(Code::FormulaCell, Text::none(), Text::none())
                .file(&path)
                .cell(cell)
        };
        let fail = |diags: &mut Diagnostics, e: &XlsxError| {
            diags.push(unreadable(&path, e).cell(name.to_owned()));
            None
        };

        // Merged cells.
        let merged = match self.xlsx.worksheet_merge_cells(name) {
            Some(Ok(m)) => m,
            Some(Err(e)) => return fail(diags, &e),
            None => Vec::new(),
        };
        for (i, m) in merged.iter().enumerate() {
            let range = format!(
                "{}{}:{}{}",
                column_letter(m.start.1 as usize),
                m.start.0 + 1,
                column_letter(m.end.1 as usize),
                m.end.0 + 1
            );
            if i == FINDINGS_MAX {
                diags.push(Diagnostic {
                    code: Code::MergedCells,
                    message: format!("{} more merged ranges", merged.len() - FINDINGS_MAX),
                    action: "unmerge every cell of the sheet".into(),
                    message_zh: format!("另有 {} 处合并单元格", merged.len() - FINDINGS_MAX),
                    action_zh: "取消该工作表中全部单元格的合并".into(),
                    ..at(name.to_owned())
                });
                break;
            }
            diags.push(Diagnostic {
                code: Code::MergedCells,
                message: format!("cells {range} are merged; only the first holds the value"),
                action: "unmerge them (开始 → 合并后居中 → 取消单元格合并) and fill every cell"
                    .into(),
                message_zh: format!("单元格 {range} 是合并单元格，只有第一个单元格有值"),
                action_zh: "取消合并（开始 → 合并后居中 → 取消单元格合并），并在每个单元格中填值"
                    .into(),
                ..at(format!("{name}!{range}")).line(u64::from(m.start.0) + 1)
            });
        }
        if !merged.is_empty() {
            return None;
        }

        // Formulas.
        let mut formulas = 0usize;
        {
            let mut reader = match self.xlsx.worksheet_cells_reader(name) {
                Ok(r) => r,
                Err(e) => return fail(diags, &e),
            };
            loop {
                match reader.next_formula() {
                    Ok(Some(cell)) => {
                        let (row, col) = cell.get_position();
                        if u64::from(row) > TABLE_ROWS_MAX + 1 {
                            break;
                        }
                        if cell.get_value().is_empty() {
                            continue;
                        }
                        formulas += 1;
                        if formulas <= FINDINGS_MAX {
                            let place =
                                format!("{name}!{}{}", column_letter(col as usize), row + 1);
                            diags.push(Diagnostic {
                                message: format!("the cell holds the formula ={}", cell.get_value()),
                                action: "replace formulas by their values (copy, then 选择性粘贴 → 数值)".into(),
                                message_zh: format!("该单元格是公式 ={}", cell.get_value()),
                                action_zh: "把公式换成数值（复制后 选择性粘贴 → 数值）".into(),
                                ..at(place).line(u64::from(row) + 1)
                            });
                        }
                    }
                    Ok(None) => break,
                    Err(e) => return fail(diags, &e),
                }
            }
        }
        if formulas > FINDINGS_MAX {
            diags.push(Diagnostic {
                message: format!("{} more formula cells", formulas - FINDINGS_MAX),
                action: "replace formulas by their values".into(),
                message_zh: format!("另有 {} 个公式单元格", formulas - FINDINGS_MAX),
                action_zh: "把公式换成数值".into(),
                ..at(name.to_owned())
            });
        }
        if formulas > 0 {
            return None;
        }

        // Values.
        let mut cells: Vec<(u32, usize, Cell)> = Vec::new();
        let mut text_bytes = 0u64;
        let mut broken = false;
        {
            let mut reader = match self.xlsx.worksheet_cells_reader(name) {
                Ok(r) => r,
                Err(e) => return fail(diags, &e),
            };
            loop {
                let cell = match reader.next_cell() {
                    Ok(Some(c)) => c,
                    Ok(None) => break,
                    Err(e) => return fail(diags, &e),
                };
                let (row, col) = cell.get_position();
                let place = || format!("{name}!{}{}", column_letter(col as usize), row + 1);
                // A cell without a reference sits after the one before it: past the sheet's
                // last column or row when a row holds too many cells, or the rows too many.
                if u64::from(row) >= ROWS_MAX || u64::from(col) >= COLUMNS_MAX {
                    diags.push(
                        Diagnostic::new(
                            Code::UnreadableWorkbook,
                            text!(
                                "a cell past the sheet's last cell (XFD1048576)",
                                "有单元格超出工作表的最后一个单元格（XFD1048576）"
                            ),
                            text!(
                                "open the workbook in Excel or WPS and save it again as “Excel 工作簿 (*.xlsx)”",
                                "用 Excel 或 WPS 打开工作簿，另存为“Excel 工作簿 (*.xlsx)”"
                            ),
                        )
                        .file(&path)
                        .cell(name.to_owned()),
                    );
                    return None;
                }
                // The header row and the data rows: one more than a CSV's data rows.
                if u64::from(row) > TABLE_ROWS_MAX {
                    diags.push(
                        Diagnostic::new(
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
                        .file(&path)
                        .line(u64::from(row) + 1)
                        .cell(place()),
                    );
                    return None;
                }
                let value = match cell.get_value() {
                    DataRef::Empty => continue,
                    DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                        Cell::Text(s.clone())
                    }
                    DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
                    #[allow(clippy::cast_precision_loss)]
                    DataRef::Int(i) => Cell::Number(*i as f64),
                    DataRef::Float(f) => Cell::Number(*f),
                    DataRef::Bool(b) => Cell::Bool(*b),
                    // A date cell's serial number far past the calendar is a number:
                    // calamine's conversion panics on some of them.
                    DataRef::DateTime(dt) => match (dt.as_f64().abs() <= SERIAL_MAX)
                        .then(|| dt.as_datetime())
                        .flatten()
                    {
                        Some(t) if dt.is_datetime() => Cell::Date(t.date()),
                        _ => Cell::Number(dt.as_f64()),
                    },
                    DataRef::Error(e) => {
                        broken = true;
                        diags.push(Diagnostic {
                            message: format!("the cell shows the Excel error {e}"),
                            action: "give the cell a value".into(),
                            message_zh: format!("该单元格显示 Excel 错误值 {e}"),
                            action_zh: "给该单元格填上数值".into(),
                            ..at(place()).line(u64::from(row) + 1)
                        });
                        continue;
                    }
                };
                // Every cell counts, text or not, so that a sheet of numbers is bounded too.
                text_bytes += CELL_BYTES;
                if let Cell::Text(s) = &value {
                    text_bytes += s.len() as u64;
                }
                if text_bytes > TABLE_BYTES_MAX {
                    diags.push(
                        too_large(&path, text_bytes, TABLE_BYTES_MAX)
                            .message_for_sheet()
                            .cell(name.to_owned()),
                    );
                    return None;
                }
                cells.push((row, col as usize, value));
            }
        }
        if broken {
            return None;
        }
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<(u32, Vec<(usize, Cell)>)> = Vec::new();
        for (r, c, v) in cells {
            if matches!(&v, Cell::Text(s) if s.trim().is_empty()) {
                continue;
            }
            match rows.last_mut() {
                Some((last, row)) if *last == r + 1 => row.push((c, v)),
                _ => rows.push((r + 1, vec![(c, v)])),
            }
        }
        let mut rows = rows.into_iter();
        let Some((header_row, header)) = rows.next() else {
            return Some(SheetTable {
                name: name.to_owned(),
                header_row: 1,
                header: Vec::new(),
                rows: Vec::new(),
            });
        };
        let header = header
            .into_iter()
            .map(|(c, v)| (c, v.text().trim().to_owned()))
            .collect();
        Some(SheetTable {
            name: name.to_owned(),
            header_row,
            header,
            rows: rows.collect(),
        })
    }
}

trait SheetMessage {
    fn message_for_sheet(self) -> Self;
}

impl SheetMessage for Diagnostic {
    /// E013's message for a sheet whose text passes the table limit.
    fn message_for_sheet(mut self) -> Self {
        self.message = format!(
            "the sheet holds more than the limit of {} MiB of cells (each counted as its text and {CELL_BYTES} bytes)",
            TABLE_BYTES_MAX >> 20
        );
        self.message_zh = format!(
            "工作表的单元格超过 {} MiB 的上限（每个单元格按其文字加 {CELL_BYTES} 字节计）",
            TABLE_BYTES_MAX >> 20
        );
        self
    }
}

impl Cell {
    /// The cell as text: numbers in their shortest exact form (`26.637`, `12`), dates as
    /// `YYYY-MM-DD`.
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(f) => number_text(*f),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        }
    }
}

/// Largest whole number a number cell keeps exactly enough to stand for text: 15 digits,
/// the precision Excel shows.
const WHOLE_TEXT_MAX: f64 = 1e15;

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < WHOLE_TEXT_MAX {
        #[allow(clippy::cast_possible_truncation)]
        let whole = f as i64;
        whole.to_string()
    } else {
        format!("{f}")
    }
}

impl SheetTable {
    /// The data rows as text records, the header's `columns` (English name, 0-based column)
    /// giving each cell's kind: E017 for data under an empty header cell, E019 for a number
    /// that cannot stand for the text of a text column. `None` when the sheet has an E017.
    /// A record holds the known columns only, field `k` being `columns[k]`'s cell, so that a
    /// header cell far to the right (up to column XFD) costs nothing per row.
    pub(crate) fn into_rows(
        self,
        spec: &TableSpec,
        columns: &[(String, usize)],
        path: &Path,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Row>> {
        let kind = |col: usize| {
            columns
                .iter()
                .position(|(_, c)| *c == col)
                .and_then(|k| spec.column(&columns[k].0).map(|c| (k, c.name, c.kind)))
        };
        let mut unnamed: Vec<usize> = Vec::new();
        let mut out = Vec::with_capacity(self.rows.len());
        for (row, cells) in self.rows {
            let mut fields = vec![String::new(); columns.len()];
            for (col, cell) in cells {
                let place = || format!("{}!{}{row}", self.name, column_letter(col));
                if !self.header.iter().any(|(c, _)| *c == col) {
                    if !unnamed.contains(&col) {
                        unnamed.push(col);
                        diags.push(
                            Diagnostic::new(
                                Code::UnnamedColumn,
                                text!(
                                    "column {} holds data but its header cell ({}{}) is empty",
                                    "第 {} 列有数据，但其表头单元格（{}{}）为空",
                                    column_letter(col),
                                    column_letter(col),
                                    self.header_row
                                ),
                                text!(
                                    "name the column in the header row, or delete the column",
                                    "在表头行给该列填上列名，或删去该列"
                                ),
                            )
                            .file(path)
                            .line(u64::from(row))
                            .cell(place())
                            .value(cell.text()),
                        );
                    }
                    continue;
                }
                let Some((field, column, kind)) = kind(col) else {
                    continue; // an unknown column (W405), not read
                };
                let text = match (&cell, kind) {
                    (
                        Cell::Number(f),
                        ColumnKind::Text
                        | ColumnKind::List
                        | ColumnKind::Choice(_)
                        | ColumnKind::ChoiceList(_),
                    ) if f.fract() != 0.0 || f.abs() >= WHOLE_TEXT_MAX => {
                        diags.push(
                            Diagnostic::new(
                                Code::NumberForText,
                                text!(
                                    "`{column}` is text, but the cell holds the number {f}",
                                    "“{column}”应填文字，但该单元格是数字 {f}"
                                ),
                                text!(
                                    "format the column as text (设置单元格格式 → 文本) and type the value again",
                                    "将该列设为文本格式（设置单元格格式 → 文本）后重新输入"
                                ),
                            )
                            .file(path)
                            .line(u64::from(row))
                            .field(column)
                            .cell(place())
                            .value(cell.text()),
                        );
                        cell.text()
                    }
                    _ => cell.text().trim().to_owned(),
                };
                if let Some(f) = fields.get_mut(field) {
                    *f = text;
                }
            }
            if fields.iter().all(String::is_empty) {
                continue;
            }
            out.push(Row {
                line: u64::from(row),
                record: StringRecord::from(fields),
            });
        }
        unnamed.is_empty().then_some(out)
    }
}

/// E013 or E014 for what [`workbook_scan::check`] found, at the part it is in.
fn scan_problem(path: &Path, problem: Problem) -> Diagnostic {
    let (code, part, what, action) = match problem {
        Problem::TooLarge { part, what } => (
            Code::FileTooLarge,
            part,
            what,
            text!(
                "check it is the workbook meant; split a region that large into several scenarios",
                "确认这是要用的工作簿；地区过大时拆成几个场景"
            ),
        ),
        Problem::Damaged { part, what } => (
            Code::UnreadableWorkbook,
            part,
            what,
            text!(
                "the workbook is damaged or was not written by a spreadsheet program: open it in Excel or WPS and save it again as “Excel 工作簿 (*.xlsx)”",
                "工作簿已损坏，或不是由电子表格软件保存的：用 Excel 或 WPS 打开，另存为“Excel 工作簿 (*.xlsx)”"
            ),
        ),
    };
    let message = if part.is_empty() {
        what
    } else {
        Text::new(
            format!("{} (in its part {part})", what.en),
            format!("{}（位于其组成部分 {part}）", what.zh),
        )
    };
    Diagnostic::new(code, message, action).file(path)
}

/// E014 for a workbook calamine cannot open.
fn unreadable(path: &Path, e: &XlsxError) -> Diagnostic {
    let (message, action) = match e {
        XlsxError::Password => (
            text!(
                "the workbook is protected by a password",
                "工作簿设有密码保护"
            ),
            text!(
                "save a copy without the password (文件 → 信息 → 保护工作簿 → 用密码进行加密, clear it) and name that copy",
                "另存一份不带密码的副本（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），并在场景中改用该副本"
            ),
        ),
        _ => (
            text!(
                "it is not a readable .xlsx workbook: {e}",
                "不是可读取的 .xlsx 工作簿（系统信息：{e}）"
            ),
            text!(
                "save it from Excel or WPS as “Excel 工作簿 (*.xlsx)”; .xls, .et and .csv files are not workbooks",
                "用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”；.xls、.et、.csv 文件都不是此类工作簿"
            ),
        ),
    };
    Diagnostic::new(Code::UnreadableWorkbook, message, action).file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(3), "D");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_read_as_text_in_their_shortest_form() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(26.637), "26.637");
        assert_eq!(number_text(118.178_000_1), "118.1780001");
        assert_eq!(number_text(-3.0), "-3");
    }
}
