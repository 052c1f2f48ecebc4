//! Reading a written plan back (`assignment.csv`, `schedule.csv`) for `tepai check`.
//!
//! Columns are found by header name, so extra columns added at the end are ignored.
use std::path::Path;

use anyhow::{bail, Context, Result};
use tepai_model::{Scenario, Target};
use tepai_solver::Assignment;

/// A CSV file as rows of named cells.
struct Csv {
    headers: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

fn read(path: &Path, required: &[&str]) -> Result<Csv> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("opening {}", path.display()))?;
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    for want in required {
        if !headers.iter().any(|h| h == want) {
            bail!("{}: the header has no `{want}` column", path.display());
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("reading {}", path.display()))?;
        let line = record.position().map_or(0, csv::Position::line);
        rows.push((line, record));
    }
    Ok(Csv { headers, rows })
}

impl Csv {
    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| record.get(i))
            .unwrap_or("")
    }
}

/// Reads `assignment.csv` into an assignment of the scenario's officers and targets.
pub fn assignment(s: &Scenario, path: &Path) -> Result<Assignment> {
    let csv = read(path, &["officer_id", "target_kind", "target_id"])?;
    let mut pairs = Vec::new();
    for (line, r) in &csv.rows {
        let officer_id = csv.get(r, "officer_id");
        let Some(o) = s.officer_by_id(officer_id) else {
            bail!(
                "{}:{line}: no officer has id `{officer_id}`",
                path.display()
            );
        };
        let id = csv.get(r, "target_id");
        let target = match csv.get(r, "target_kind") {
            "platform" | "chamber" => s.unit_by_id(id).map(Target::Unit),
            "enterprise" => s.enterprise_by_id(id).map(Target::Enterprise),
            other => bail!("{}:{line}: unknown target_kind `{other}`", path.display()),
        };
        let Some(target) = target else {
            bail!("{}:{line}: no target has id `{id}`", path.display());
        };
        pairs.push((o, target));
    }
    Ok(Assignment::new(pairs))
}

/// Reads `schedule.csv` into rows for the independent schedule checker.
pub fn schedule_rows(path: &Path) -> Result<Vec<tepai_solver::check_schedule::ScheduleRow>> {
    let csv = read(path, crate::output::SCHEDULE_COLUMNS)?;
    Ok(csv
        .rows
        .iter()
        .map(|(line, r)| tepai_solver::check_schedule::ScheduleRow {
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
