//! The plan's CSV tables — `assignment.csv`, `schedule.csv`, `coverage.csv` — written to any
//! [`Write`]. Their columns are a contract (new ones only ever added at the end): the ids
//! first, then the names people read (`court_name`, `officer_name`, `target_name`,
//! `enterprise_names`, `officer_names`, …).
//!
//! Every file starts with a UTF-8 byte-order mark, so that Excel on a Chinese Windows opens
//! it as UTF-8 instead of the system's GBK (which shows 王海 as 鐜嬫捣); CSV readers
//! (Python's `utf-8-sig`, the `csv` crate, tepai's own [`crate::read`]) skip it.
//!
//! A text cell a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`, tab or
//! carriage return — OWASP's rule), or that starts with the escape itself, is written with a
//! leading `'`; the readers ([`crate::read`]) drop one leading `'`, so every cell reads back
//! unchanged.
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use tepai_model::{OfficerIdx, Scenario, Target};
use tepai_solver::candidates::{pair_load, visits};
use tepai_solver::check::ScheduleRow;
use tepai_solver::plan::{Reached, Via};
use tepai_solver::Assignment;

/// Column order of `assignment.csv` (the columns `tepai check` requires and verifies).
pub const ASSIGNMENT_COLUMNS: &[&str] = &[
    "officer_id",
    "officer_name",
    "court_id",
    "target_kind",
    "target_id",
    "target_name",
    "role",
    "one_way_minutes",
    "visits_per_period",
    "load_minutes_per_period",
];

/// The name columns written after [`ASSIGNMENT_COLUMNS`].
pub const ASSIGNMENT_NAME_COLUMNS: &[&str] = &["court_name"];

/// Column order of `schedule.csv` (the columns `tepai check` requires and verifies).
pub const SCHEDULE_COLUMNS: &[&str] = &[
    "date",
    "period",
    "officer_id",
    "target_kind",
    "target_id",
    "enterprise_ids",
    "depart",
    "return",
    "travel_minutes",
    "onsite_minutes",
];

/// The name columns written after [`SCHEDULE_COLUMNS`].
pub const SCHEDULE_NAME_COLUMNS: &[&str] = &["officer_name", "target_name", "enterprise_names"];

/// Column order of `coverage.csv` (the columns `tepai check` requires and verifies).
pub const COVERAGE_COLUMNS: &[&str] = &[
    "enterprise_id",
    "enterprise_name",
    "reached_via",
    "officer_ids",
    "visits_in_year",
];

/// The name columns written after [`COVERAGE_COLUMNS`].
pub const COVERAGE_NAME_COLUMNS: &[&str] = &["reached_via_name", "officer_names"];

/// The UTF-8 byte-order mark every CSV file starts with.
pub const BOM: &str = "\u{feff}";

/// The separator of a list inside one cell (`enterprise_ids`, `officer_ids`, and the name
/// lists beside them).
pub const LIST_SEPARATOR: &str = ";";

/// A cell as written (see the module documentation).
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn to_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes the byte-order mark, a header (the contract's columns, then the name columns) and
/// rows, every cell made spreadsheet-safe.
pub(crate) fn write_table<W: Write>(
    mut w: W,
    header: (&[&str], &[&str]),
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    w.write_all(BOM.as_bytes())?;
    let mut w = csv::Writer::from_writer(w);
    w.write_record(header.0.iter().chain(header.1))
        .map_err(to_io)?;
    for row in rows {
        w.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))
            .map_err(to_io)?;
    }
    w.flush()
}

/// Per target of `a`, the officer who leads: the shortest one-way travel, ties to the officer
/// listed first.
pub(crate) fn leads(s: &Scenario, a: &Assignment) -> HashMap<Target, (u32, OfficerIdx)> {
    let mut leads: HashMap<Target, (u32, OfficerIdx)> = HashMap::new();
    for &(o, t) in &a.pairs {
        let travel = s.officer_travel(o, t);
        let e = leads.entry(t).or_insert((travel, o));
        if (travel, o) < *e {
            *e = (travel, o);
        }
    }
    leads
}

/// Writes `assignment.csv`: one row per pair, in the assignment's order. In a team the
/// officer with the shortest travel leads.
pub fn write_assignment<W: Write>(w: W, s: &Scenario, a: &Assignment) -> std::io::Result<()> {
    let leads = leads(s, a);
    let rows = a.pairs.iter().map(|&(o, t)| {
        let officer = s.officer(o);
        let role = if leads.get(&t).is_some_and(|l| l.1 == o) {
            "lead"
        } else {
            "member"
        };
        vec![
            officer.id.to_string(),
            officer.name.clone(),
            s.court(officer.court).id.to_string(),
            s.target_kind(t).to_owned(),
            s.target_id(t).to_owned(),
            s.target_name(t).to_owned(),
            role.to_owned(),
            s.officer_travel(o, t).to_string(),
            visits(s, t).to_string(),
            pair_load(s, o, t).map_or_else(String::new, |l| format!("{l:.0}")),
            s.court(officer.court).name.clone(),
        ]
    });
    write_table(w, (ASSIGNMENT_COLUMNS, ASSIGNMENT_NAME_COLUMNS), rows)
}

/// Writes `schedule.csv` from the plan's rows, with the names of the officer, the target and
/// the stops (in visiting order) at the end.
pub fn write_schedule<W: Write>(w: W, s: &Scenario, rows: &[ScheduleRow]) -> std::io::Result<()> {
    let rows = rows.iter().map(|r| {
        let officer_name = s
            .officer_by_id(&r.officer_id)
            .map_or("", |o| s.officer(o).name.as_str());
        let target = match r.target_kind.as_str() {
            "enterprise" => s.enterprise_by_id(&r.target_id).map(Target::Enterprise),
            _ => s.unit_by_id(&r.target_id).map(Target::Unit),
        };
        let enterprise_names: Vec<&str> = r
            .enterprise_ids
            .split(LIST_SEPARATOR)
            .filter_map(|id| s.enterprise_by_id(id))
            .map(|e| &*s.enterprise(e).name)
            .collect();
        vec![
            r.date.clone(),
            r.period.clone(),
            r.officer_id.clone(),
            r.target_kind.clone(),
            r.target_id.clone(),
            r.enterprise_ids.clone(),
            r.depart.clone(),
            r.return_time.clone(),
            r.travel_minutes.clone(),
            r.onsite_minutes.clone(),
            officer_name.to_owned(),
            target.map_or("", |t| s.target_name(t)).to_owned(),
            enterprise_names.join(LIST_SEPARATOR),
        ]
    });
    write_table(w, (SCHEDULE_COLUMNS, SCHEDULE_NAME_COLUMNS), rows)
}

/// Writes `coverage.csv`: every enterprise, how it is reached and by whom; `visits_in_year`
/// empty when the plan has no schedule; the unit's name and the officers' names at the end.
pub fn write_coverage<W: Write>(w: W, s: &Scenario, coverage: &[Reached]) -> std::io::Result<()> {
    let rows = s.enterprises.iter().zip(coverage).map(|(e, r)| {
        let (via, via_name) = match r.via {
            Via::Direct => ("direct".to_owned(), String::new()),
            Via::Unit(u) => (s.unit(u).id.to_string(), s.unit(u).name.clone()),
            Via::None => (String::new(), String::new()),
        };
        let officers: Vec<&str> = r
            .officers
            .iter()
            .map(|&o| s.officer(o).id.as_str())
            .collect();
        let names: Vec<&str> = r
            .officers
            .iter()
            .map(|&o| s.officer(o).name.as_str())
            .collect();
        vec![
            e.id.to_string(),
            e.name.to_string(),
            via,
            officers.join(LIST_SEPARATOR),
            r.visits_in_year.map_or(String::new(), |n| n.to_string()),
            via_name,
            names.join(LIST_SEPARATOR),
        ]
    });
    write_table(w, (COVERAGE_COLUMNS, COVERAGE_NAME_COLUMNS), rows)
}
