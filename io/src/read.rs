//! Reading a written plan back (`assignment.csv`, `schedule.csv`, `coverage.csv`,
//! `summary.json`, `calendars/`) for `tepai check` and `tepai schedule`.
//!
//! Columns are found by header name, so extra columns added at the end (the name columns,
//! or a column a user added) are ignored. Problems in these files are the user's input:
//! [`Error::Plan`], naming the file and line.
//!
//! A plan opened in Excel and saved back reads as written: the CSV may have a UTF-8
//! byte-order mark or none, CRLF line ends, or be in GB18030/GBK (what Excel's plain "CSV"
//! writes on a Chinese Windows); Excel's rewrites of what it takes for dates and times are
//! undone — `2024/3/5` reads as `2024-03-05`, `8:30` as `08:30`, a month label `2024/5` as
//! `2024-05` — before the cells reach the checker.
use std::borrow::Cow;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};

use tepai_model::{OfficerIdx, Scenario, Target};
use tepai_solver::check::calendars::parse_ics;
use tepai_solver::check::{AssignmentRow, CalendarFile, CoverageRow, ScheduleRow};
use tepai_solver::diff::{PairIds, PlanIds, VisitIds};
use tepai_solver::summary::{Summary, SummaryError};
use tepai_solver::Assignment;

use crate::tables::{ASSIGNMENT_COLUMNS, COVERAGE_COLUMNS, PREVIOUS_COLUMNS, SCHEDULE_COLUMNS};
use crate::Error;
use tepai_model::{text, Text};

type Result<T> = std::result::Result<T, Error>;

/// A CSV file as rows of named cells.
struct Csv {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

/// A problem with a plan file, placed at its line when known.
fn bad(path: &Path, line: Option<u64>, what: Text) -> Error {
    Error::plan(path, line, what)
}

/// A file the system cannot read, in its words.
fn unreadable(e: impl std::fmt::Display) -> Text {
    crate::system(e, "无法读取")
}

/// The largest plan file read, bytes: far above any real plan (a province's `schedule.csv`
/// is a few tens of MiB), so that a wrong file fails at once instead of filling memory.
pub const PLAN_FILE_BYTES_MAX: u64 = 1 << 30;

/// Opens a plan file: only a regular file (a FIFO or a device would block or never end) of
/// at most [`PLAN_FILE_BYTES_MAX`] bytes.
fn open(path: &Path) -> Result<std::fs::File> {
    let meta = std::fs::metadata(path).map_err(|e| bad(path, None, unreadable(e)))?;
    if !meta.is_file() {
        return Err(bad(path, None, text!("not a regular file", "不是普通文件")));
    }
    if meta.len() > PLAN_FILE_BYTES_MAX {
        return Err(bad(
            path,
            None,
            text!(
                "{} bytes, more than the {PLAN_FILE_BYTES_MAX} a plan file may have",
                "{} 字节，超过方案文件最多的 {PLAN_FILE_BYTES_MAX} 字节",
                meta.len()
            ),
        ));
    }
    std::fs::File::open(path).map_err(|e| bad(path, None, unreadable(e)))
}

/// Reads a plan file's text.
fn text(path: &Path) -> Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut open(path)?, &mut text)
        .map_err(|e| bad(path, None, unreadable(e)))?;
    Ok(text)
}

/// How a CSV file's text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GB18030, of which GBK (Excel's "CSV" on a Chinese Windows) is a part.
    Gb18030,
}

/// Decodes a CSV file's bytes: UTF-8 (a byte-order mark dropped), else GB18030/GBK. `None`
/// when the bytes are neither.
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, Encoding)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(text), Encoding::Utf8));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text, Encoding::Gb18030))
}

/// A date cell as `YYYY-MM-DD` when it is one written another way (`2024/3/5`, `2024-3-5`,
/// `2024年3月5日`, as Excel saves dates back), else as written.
fn iso_date(cell: &str) -> Cow<'_, str> {
    let t = cell.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .map_or(Cow::Borrowed(cell), |d| {
            Cow::Owned(d.format("%Y-%m-%d").to_string())
        })
}

/// A time cell as `HH:MM` when it is one written another way (`8:30`, `08:30:00`), else as
/// written.
fn hh_mm(cell: &str) -> Cow<'_, str> {
    let t = cell.trim();
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(t, f).ok())
        .filter(|t| chrono::Timelike::second(t) == 0)
        .map_or(Cow::Borrowed(cell), |t| {
            Cow::Owned(t.format("%H:%M").to_string())
        })
}

/// A period label as written, a month label Excel rewrote (`2024/5`, `2024年5月`) as
/// `2024-05`.
fn period(cell: &str) -> Cow<'_, str> {
    let t = cell.trim();
    let month = t
        .split_once('/')
        .or_else(|| t.strip_suffix('月').and_then(|t| t.split_once('年')));
    match month.and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?))) {
        Some((y, m)) if (1000..=9999).contains(&y) && (1..=12).contains(&m) => {
            Cow::Owned(format!("{y}-{m:02}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

fn read(path: &Path, required: &[&str]) -> Result<Csv> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open(path)?, &mut bytes)
        .map_err(|e| bad(path, None, unreadable(e)))?;
    let Some((text, _)) = decode(&bytes) else {
        return Err(bad(
            path,
            None,
            text!(
                "the file is neither UTF-8 nor GB18030/GBK text; save it as \"CSV UTF-8\"",
                "文件既不是 UTF-8 也不是 GB18030/GBK 编码的文字；请另存为 \"CSV UTF-8\""
            ),
        ));
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(path, Some(1), crate::system(e, "表头无法读取")))?
        .iter()
        .map(str::to_owned)
        .collect();
    for want in required {
        if !headers.iter().any(|h| h == want) {
            return Err(bad(
                path,
                Some(1),
                text!("the header has no `{want}` column", "表头中没有“{want}”列"),
            ));
        }
    }
    let mut lines = Lines::new(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| lines.clone().at(p.byte()));
            bad(path, line, crate::system(e, "该行无法读取"))
        })?;
        let line = record.position().map_or(0, |p| lines.at(p.byte()));
        rows.push((line, record));
    }
    Ok(Csv { headers, rows })
}

/// Line numbers from byte offsets, counted forward. The `csv` crate's own line of a record
/// that follows a CRLF line end is one too low (it places the record at the `\n` the previous
/// record left); a record starts after any line ends, so they are skipped first.
#[derive(Clone)]
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t [u8]) -> Lines<'t> {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line (1-based) of the record starting at `byte` (at or after the last one asked).
    fn at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .clamp(self.at, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let newlines = self.text[self.at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.at = start;
        self.line
    }
}

impl Csv {
    /// A cell by column name, with the spreadsheet escape of the writers (one leading `'`)
    /// dropped.
    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        let cell = self
            .headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| record.get(i))
            .unwrap_or("");
        cell.strip_prefix('\'').unwrap_or(cell)
    }
}

/// Reads `assignment.csv` into an assignment of the scenario's officers and targets, every
/// row as written (repeats included, so that the checker sees them).
pub fn assignment(s: &Scenario, path: &Path) -> Result<Assignment> {
    Ok(read_assignment(s, path, &["officer_id", "target_kind", "target_id"])?.0)
}

/// Reads `assignment.csv`: the assignment, and every row's cells as written (every column of
/// the output contract must be in the header).
pub fn assignment_rows(s: &Scenario, path: &Path) -> Result<(Assignment, Vec<AssignmentRow>)> {
    read_assignment(s, path, ASSIGNMENT_COLUMNS)
}

fn read_assignment(
    s: &Scenario,
    path: &Path,
    required: &[&str],
) -> Result<(Assignment, Vec<AssignmentRow>)> {
    let csv = read(path, required)?;
    let mut pairs = Vec::new();
    let mut rows = Vec::new();
    for (line, r) in &csv.rows {
        let cell = |c: &str| csv.get(r, c).to_owned();
        rows.push(AssignmentRow {
            line: *line,
            officer_id: cell("officer_id"),
            officer_name: cell("officer_name"),
            court_id: cell("court_id"),
            target_kind: cell("target_kind"),
            target_id: cell("target_id"),
            target_name: cell("target_name"),
            role: cell("role"),
            one_way_minutes: cell("one_way_minutes"),
            visits_per_period: cell("visits_per_period"),
            load_minutes_per_period: cell("load_minutes_per_period"),
        });
        let officer_id = csv.get(r, "officer_id");
        let Some(o) = s.officer_by_id(officer_id) else {
            return Err(bad(
                path,
                Some(*line),
                text!(
                    "no officer has id `{officer_id}`",
                    "没有编号为“{officer_id}”的特派员"
                ),
            ));
        };
        let (kind, id) = (csv.get(r, "target_kind"), csv.get(r, "target_id"));
        let target = match kind {
            "platform" | "chamber" => s.unit_by_id(id).map(Target::Unit),
            "enterprise" => s.enterprise_by_id(id).map(Target::Enterprise),
            other => {
                return Err(bad(
                    path,
                    Some(*line),
                    text!(
                        "unknown target_kind `{other}`",
                        "target_kind“{other}”无法识别"
                    ),
                ))
            }
        };
        let Some(target) = target else {
            let kind_zh = match kind {
                "platform" => "工业平台",
                "chamber" => "商会",
                _ => "企业",
            };
            return Err(bad(
                path,
                Some(*line),
                text!("no {kind} has id `{id}`", "没有编号为“{id}”的{kind_zh}"),
            ));
        };
        if s.target_kind(target) != kind {
            return Err(bad(
                path,
                Some(*line),
                text!(
                    "`{id}` is a {}, not a {kind}",
                    "“{id}”是 {}，不是 {kind}",
                    s.target_kind(target)
                ),
            ));
        }
        pairs.push((o, target));
    }
    Ok((Assignment { pairs }, rows))
}

/// Last year's targets, read from a plan's `assignment.csv` or `previous.csv`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousTargets {
    /// Each officer and target the scenario has, in the file's order, repeats dropped.
    pub pairs: Vec<(OfficerIdx, Target)>,
    /// The rows whose officer or target the scenario does not have, as `officer → target`
    /// (ids as written), in the file's order.
    pub dropped: Vec<String>,
}

/// Reads officers' previous targets from `path`: a plan's `assignment.csv` (`tepai plan
/// --previous DIR`, an Excel-saved one too) or the `previous.csv` a plan records. Only the
/// columns `officer_id`, `target_kind` and `target_id` are read; a row whose officer or target
/// id the scenario does not have is not an error (last year's plan may name officers who left
/// and enterprises that closed) but listed in [`PreviousTargets::dropped`]. A target is found
/// by its id among units (`platform`, `chamber`: a unit's kind may change from year to year)
/// or enterprises; any other `target_kind` is an error naming the line.
pub fn previous_targets(s: &Scenario, path: &Path) -> Result<PreviousTargets> {
    let csv = read(path, PREVIOUS_COLUMNS)?;
    let mut out = PreviousTargets::default();
    let mut seen = std::collections::HashSet::new();
    for (line, r) in &csv.rows {
        let (officer_id, kind, id) = (
            csv.get(r, "officer_id"),
            csv.get(r, "target_kind"),
            csv.get(r, "target_id"),
        );
        let target = match kind {
            "platform" | "chamber" => s.unit_by_id(id).map(Target::Unit),
            "enterprise" => s.enterprise_by_id(id).map(Target::Enterprise),
            other => {
                return Err(bad(
                    path,
                    Some(*line),
                    text!(
                        "unknown target_kind `{other}` (platform, chamber or enterprise)",
                        "未知的 target_kind `{other}`（应为 platform、chamber 或 enterprise）"
                    ),
                ))
            }
        };
        match (s.officer_by_id(officer_id), target) {
            (Some(o), Some(t)) => {
                if seen.insert((o, t)) {
                    out.pairs.push((o, t));
                }
            }
            _ => out.dropped.push(format!("{officer_id} → {id}")),
        }
    }
    Ok(out)
}

/// Reads `schedule.csv` into rows for the independent schedule checker.
pub fn schedule_rows(path: &Path) -> Result<Vec<ScheduleRow>> {
    let csv = read(path, SCHEDULE_COLUMNS)?;
    Ok(csv
        .rows
        .iter()
        .map(|(line, r)| ScheduleRow {
            line: *line,
            date: iso_date(csv.get(r, "date")).into_owned(),
            period: period(csv.get(r, "period")).into_owned(),
            officer_id: csv.get(r, "officer_id").to_owned(),
            target_kind: csv.get(r, "target_kind").to_owned(),
            target_id: csv.get(r, "target_id").to_owned(),
            enterprise_ids: csv.get(r, "enterprise_ids").to_owned(),
            depart: hh_mm(csv.get(r, "depart")).into_owned(),
            return_time: hh_mm(csv.get(r, "return")).into_owned(),
            travel_minutes: csv.get(r, "travel_minutes").to_owned(),
            onsite_minutes: csv.get(r, "onsite_minutes").to_owned(),
        })
        .collect())
}

/// Reads a plan folder as [`tepai_solver::diff`] compares it, without a scenario: the ids of
/// `assignment.csv`, of `schedule.csv` when there is one, and `summary.json` when it reads
/// as a summary.
pub fn plan_ids(dir: &Path) -> Result<PlanIds> {
    let path = dir.join("assignment.csv");
    let csv = read(&path, &["officer_id", "target_kind", "target_id"])?;
    let pairs = csv
        .rows
        .iter()
        .map(|(_, r)| PairIds {
            officer: csv.get(r, "officer_id").to_owned(),
            kind: csv.get(r, "target_kind").to_owned(),
            target: csv.get(r, "target_id").to_owned(),
        })
        .collect();
    let schedule = dir.join("schedule.csv");
    let visits = if schedule.exists() {
        schedule_rows(&schedule)?
            .into_iter()
            .map(|r| VisitIds {
                date: r.date,
                pair: PairIds {
                    officer: r.officer_id,
                    kind: r.target_kind,
                    target: r.target_id,
                },
                enterprises: r.enterprise_ids,
            })
            .collect()
    } else {
        Vec::new()
    };
    let summary_path = dir.join("summary.json");
    let summary = if summary_path.exists() {
        summary(&summary_path)?.ok()
    } else {
        None
    };
    Ok(PlanIds {
        pairs,
        visits,
        summary,
    })
}

/// Reads `coverage.csv` (every column of the output contract must be in the header).
pub fn coverage_rows(path: &Path) -> Result<Vec<CoverageRow>> {
    let csv = read(path, COVERAGE_COLUMNS)?;
    Ok(csv
        .rows
        .iter()
        .map(|(line, r)| CoverageRow {
            line: *line,
            enterprise_id: csv.get(r, "enterprise_id").to_owned(),
            enterprise_name: csv.get(r, "enterprise_name").to_owned(),
            reached_via: csv.get(r, "reached_via").to_owned(),
            officer_ids: csv.get(r, "officer_ids").to_owned(),
            visits_in_year: csv.get(r, "visits_in_year").to_owned(),
        })
        .collect())
}

/// Reads `summary.json`: `Err` when the file cannot be read or is not JSON; `Ok(Err(_))`
/// when it is JSON but not a summary (an unknown or missing key, a wrong type), naming the
/// key.
pub fn summary(path: &Path) -> Result<std::result::Result<Summary, SummaryError>> {
    let text = text(path)?;
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        return Err(bad(
            path,
            Some(e.line() as u64),
            crate::system(e, "不是有效的 JSON"),
        ));
    }
    Ok(Summary::from_json(&text))
}

/// Reads a written plan folder back as a plan of the scenario (`assignment.csv`,
/// `schedule.csv` when there is one, `summary.json`), so that its workbook and page can be
/// written again (`tepai_solver::plan::read_back`): every row must name the scenario's
/// officers, targets and enterprises, with its date, times and minutes.
///
/// # Errors
/// [`Error::Plan`] naming the file and line of the first cell that does not read.
pub fn plan(s: &Scenario, dir: &Path) -> Result<tepai_solver::Plan> {
    let assignment = assignment(s, &dir.join("assignment.csv"))?;
    let summary_path = dir.join("summary.json");
    let summary = summary(&summary_path)?.map_err(|e| {
        bad(
            &summary_path,
            None,
            text!(
                "is not a plan's summary ({}: {})",
                "不是方案的汇总（{}：{}）",
                e.key,
                e.message
            ),
        )
    })?;
    let schedule_path = dir.join("schedule.csv");
    let (visits, rows) = if schedule_path.exists() {
        let rows = schedule_rows(&schedule_path)?;
        let visits = rows
            .iter()
            .map(|r| visit(s, &schedule_path, r))
            .collect::<Result<Vec<_>>>()?;
        (Some(visits), rows)
    } else {
        (None, Vec::new())
    };
    Ok(tepai_solver::plan::read_back(
        s, assignment, visits, rows, summary,
    ))
}

/// One row of `schedule.csv` as a visit of the scenario.
fn visit(s: &Scenario, path: &Path, r: &ScheduleRow) -> Result<tepai_solver::schedule::Visit> {
    let at = |what: Text| bad(path, Some(r.line), what);
    let date = NaiveDate::parse_from_str(r.date.trim(), "%Y-%m-%d").map_err(|_| {
        at(text!(
            "date: `{}` is not a date",
            "date（日期）：`{}` 不是日期",
            r.date
        ))
    })?;
    let officer = s.officer_by_id(r.officer_id.trim()).ok_or_else(|| {
        at(text!(
            "officer_id: no officer of the scenario has id `{}`",
            "officer_id（特派员编号）：场景中没有编号为 `{}` 的特派员",
            r.officer_id
        ))
    })?;
    let id = r.target_id.trim();
    let target = match r.target_kind.trim() {
        "enterprise" => s.enterprise_by_id(id).map(Target::Enterprise),
        _ => s.unit_by_id(id).map(Target::Unit),
    }
    .ok_or_else(|| {
        at(text!(
            "target_id: no {} of the scenario has id `{id}`",
            "target_id（对象编号）：场景中没有编号为 `{id}` 的 {}",
            r.target_kind
        ))
    })?;
    let stops = r
        .enterprise_ids
        .split(';')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            s.enterprise_by_id(e).ok_or_else(|| {
                at(text!(
                    "enterprise_ids: no enterprise of the scenario has id `{e}`",
                    "enterprise_ids（企业编号）：场景中没有编号为 `{e}` 的企业"
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let minutes = |column: &str, cell: &str| {
        cell.trim().parse::<u32>().map_err(|_| {
            at(text!(
                "{column}: `{cell}` is not a number of minutes",
                "{column}：`{cell}` 不是分钟数"
            ))
        })
    };
    let depart = NaiveTime::parse_from_str(r.depart.trim(), "%H:%M")
        .map(|t| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t))
        .map_err(|_| {
            at(text!(
                "depart: `{}` is not a time",
                "depart（出发时间）：`{}` 不是时间",
                r.depart
            ))
        })?;
    Ok(tepai_solver::schedule::Visit {
        date,
        period: tepai_model::Period::containing(date, s.rules.period),
        officer,
        target,
        stops,
        depart,
        travel_minutes: minutes("travel_minutes", &r.travel_minutes)?,
        onsite_minutes: minutes("onsite_minutes", &r.onsite_minutes)?,
    })
}

/// Reads every file of `calendars/` as an RFC 5545 calendar, in name order.
pub fn calendars(dir: &Path) -> Result<Vec<CalendarFile>> {
    let entries = std::fs::read_dir(dir).map_err(|e| bad(dir, None, unreadable(e)))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| bad(dir, None, unreadable(e)))?.path();
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if path.is_dir() {
            return Err(bad(
                &path,
                None,
                text!("a directory inside calendars/", "calendars/ 中有文件夹"),
            ));
        }
        let text = text(&path)?;
        files.push(
            parse_ics(&name, &text)
                .map_err(|e| bad(&path, None, crate::system(e, "不是有效的日历文件")))?,
        );
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_rewrites_read_back_as_written() {
        assert_eq!(iso_date("2024/3/5"), "2024-03-05");
        assert_eq!(iso_date("2024年3月5日"), "2024-03-05");
        assert_eq!(iso_date("2024-03-05"), "2024-03-05");
        assert_eq!(iso_date("2024/2/30"), "2024/2/30");
        assert_eq!(iso_date("x"), "x");
        assert_eq!(hh_mm("8:30"), "08:30");
        assert_eq!(hh_mm("13:46:00"), "13:46");
        assert_eq!(hh_mm("13:46:10"), "13:46:10");
        assert_eq!(period("2024/5"), "2024-05");
        assert_eq!(period("2024年12月"), "2024-12");
        assert_eq!(period("2024-Q1"), "2024-Q1");
        assert_eq!(period("2024/13"), "2024/13");
    }

    #[test]
    fn lines_are_counted_right_with_crlf_and_lf() {
        for text in ["a,b\r\n1,2\r\n\r\n3,4\r\n", "a,b\n1,2\n\n3,4\n"] {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let mut lines = Lines::new(text.as_bytes());
            let got: Vec<u64> = r
                .records()
                .map(|rec| lines.at(rec.expect("record").position().expect("pos").byte()))
                .collect();
            assert_eq!(got, [2, 4], "{text:?}");
        }
    }

    #[test]
    fn utf8_with_or_without_a_mark_and_gbk_decode() {
        let (text, enc) = decode("\u{feff}王海".as_bytes()).expect("utf-8");
        assert_eq!((text.as_ref(), enc), ("王海", Encoding::Utf8));
        let (gbk, _, _) = encoding_rs::GBK.encode("officer_name\r\n王海,南平\r\n");
        let (text, enc) = decode(&gbk).expect("gbk");
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(text, "officer_name\r\n王海,南平\r\n");
        assert!(decode(&[0x81, 0x20]).is_none());
    }
}
