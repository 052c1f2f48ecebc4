//! Reading a written plan back (`assignment.csv`, `schedule.csv`, `coverage.csv`,
//! `summary.json`, `calendars/`) for `tepai check` and `tepai schedule`.
//!
//! Columns are found by header name, so extra columns added at the end are ignored. Problems
//! in these files are the user's input: they end the run with exit code 2.
use std::path::Path;

use anyhow::Result;
use tepai_model::{Scenario, Target};
use tepai_solver::check::calendars::parse_ics;
use tepai_solver::check::{AssignmentRow, CalendarFile, CoverageRow, ScheduleRow};
use tepai_solver::summary::{Summary, SummaryError};
use tepai_solver::Assignment;

use crate::output::BadInput;

/// A CSV file as rows of named cells.
struct Csv {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

/// A problem with a plan file, placed at its line when known.
fn bad(path: &Path, line: Option<u64>, what: impl std::fmt::Display) -> anyhow::Error {
    let place = line.map_or_else(
        || path.display().to_string(),
        |l| format!("{}:{l}", path.display()),
    );
    BadInput(format!("{place}: {what}")).into()
}

fn read(path: &Path, required: &[&str]) -> Result<Csv> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| bad(path, None, e))?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(path, Some(1), e))?
        .iter()
        .map(str::to_owned)
        .collect();
    for want in required {
        if !headers.iter().any(|h| h == want) {
            return Err(bad(
                path,
                Some(1),
                format!("the header has no `{want}` column"),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(path, e.position().map(csv::Position::line), e))?;
        let line = record.position().map_or(0, csv::Position::line);
        rows.push((line, record));
    }
    Ok(Csv { headers, rows })
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
    read_assignment(s, path, crate::output::ASSIGNMENT_COLUMNS)
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
                format!("no officer has id `{officer_id}`"),
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
                    format!("unknown target_kind `{other}`"),
                ))
            }
        };
        let Some(target) = target else {
            return Err(bad(path, Some(*line), format!("no {kind} has id `{id}`")));
        };
        if s.target_kind(target) != kind {
            return Err(bad(
                path,
                Some(*line),
                format!("`{id}` is a {}, not a {kind}", s.target_kind(target)),
            ));
        }
        pairs.push((o, target));
    }
    Ok((Assignment { pairs }, rows))
}

/// Reads `schedule.csv` into rows for the independent schedule checker.
pub fn schedule_rows(path: &Path) -> Result<Vec<ScheduleRow>> {
    let csv = read(path, crate::output::SCHEDULE_COLUMNS)?;
    Ok(csv
        .rows
        .iter()
        .map(|(line, r)| ScheduleRow {
            line: *line,
            date: csv.get(r, "date").to_owned(),
            period: csv.get(r, "period").to_owned(),
            officer_id: csv.get(r, "officer_id").to_owned(),
            target_kind: csv.get(r, "target_kind").to_owned(),
            target_id: csv.get(r, "target_id").to_owned(),
            enterprise_ids: csv.get(r, "enterprise_ids").to_owned(),
            depart: csv.get(r, "depart").to_owned(),
            return_time: csv.get(r, "return").to_owned(),
            travel_minutes: csv.get(r, "travel_minutes").to_owned(),
            onsite_minutes: csv.get(r, "onsite_minutes").to_owned(),
        })
        .collect())
}

/// Reads `coverage.csv` (every column of the output contract must be in the header).
pub fn coverage_rows(path: &Path) -> Result<Vec<CoverageRow>> {
    let csv = read(path, crate::output::COVERAGE_COLUMNS)?;
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

/// Reads `summary.json`: an error when it cannot be read or is not JSON, else the summary or
/// why the JSON is not one (for the checker to report at its key).
pub fn summary(path: &Path) -> Result<Result<Summary, SummaryError>> {
    let text = std::fs::read_to_string(path).map_err(|e| bad(path, None, e))?;
    serde_json::from_str::<serde::de::IgnoredAny>(&text)
        .map_err(|e| bad(path, Some(e.line() as u64), e))?;
    Ok(Summary::from_json(&text))
}

/// Reads every file of `calendars/` as an RFC 5545 calendar, in name order.
pub fn calendars(dir: &Path) -> Result<Vec<CalendarFile>> {
    let entries = std::fs::read_dir(dir).map_err(|e| bad(dir, None, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| bad(dir, None, e))?.path();
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if path.is_dir() {
            return Err(bad(&path, None, "a directory inside calendars/"));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| bad(&path, None, e))?;
        files.push(parse_ics(&name, &text).map_err(|e| bad(&path, None, e))?);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}
