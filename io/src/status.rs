//! The files of `tepai status`: `status.csv` (every duty of every period begun),
//! `status_courts.csv` (totals per court, then all) and `followups_overdue.csv`.
//!
//! Like the plan's CSV tables, each starts with a byte-order mark, has English column
//! names (a contract: new columns only at the end) and the names people read after the ids;
//! the state is written in the files' language (`已完成`/`met`, …).
use std::io::Write;
use std::path::Path;

use tepai_model::ledger::Ledger;
use tepai_model::Scenario;
use tepai_solver::status::{State, Status, Totals};

use crate::tables::write_table;
use crate::{write_file, Lang};

/// Columns of `status.csv`.
pub const STATUS_COLUMNS: &[&str] = &[
    "period",
    "officer_id",
    "court_id",
    "target_kind",
    "target_id",
    "due",
    "visits",
    "made",
    "short_visits",
    "too_close",
    "missed",
    "to_come",
    "closed",
    "enterprises_visited",
    "state",
    "officer_name",
    "target_name",
];

/// Columns of `status_courts.csv`.
pub const COURT_COLUMNS: &[&str] = &[
    "court_id",
    "duties",
    "due",
    "made",
    "missed",
    "to_come",
    "met",
    "on_track",
    "behind",
    "missed_duties",
    "onsite_visits",
    "unplanned_visits",
    "other_contacts",
    "enterprises_visited",
    "followups_overdue",
    "court_name",
];

/// Columns of `followups_overdue.csv`.
pub const OVERDUE_COLUMNS: &[&str] = &[
    "ledger_line",
    "date",
    "officer_ids",
    "target_id",
    "follow_up_due",
    "days_overdue",
    "problems",
    "follow_up",
];

/// A duty's state in `lang`, as the status tables write it.
pub(crate) fn state(s: State, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.as_str(),
    }
}

/// Writes `status.csv`.
pub fn write_status<W: Write>(w: W, s: &Scenario, st: &Status, lang: Lang) -> std::io::Result<()> {
    let rows = st.duties.iter().map(|d| {
        let o = s.officer(d.officer);
        vec![
            d.period.label(),
            o.id.to_string(),
            s.court(o.court).id.to_string(),
            s.target_kind(d.target).to_owned(),
            s.target_id(d.target).to_owned(),
            d.due.to_string(),
            d.visits.to_string(),
            d.made.to_string(),
            d.short_visits.to_string(),
            d.too_close.to_string(),
            d.missed.to_string(),
            d.to_come.to_string(),
            if d.closed { "yes" } else { "no" }.to_owned(),
            d.enterprises_visited.to_string(),
            state(d.state, lang).to_owned(),
            o.name.clone(),
            s.target_name(d.target).to_owned(),
        ]
    });
    write_table(w, (STATUS_COLUMNS, &[]), rows)
}

fn totals_row(id: String, t: &Totals, name: String) -> Vec<String> {
    let mut row = vec![id];
    row.extend(t.figures().iter().map(u32::to_string));
    row.push(name);
    row
}

/// Writes `status_courts.csv`: a row per court, then `all`.
pub fn write_courts<W: Write>(w: W, s: &Scenario, st: &Status, lang: Lang) -> std::io::Result<()> {
    let rows = s
        .courts
        .iter()
        .zip(&st.courts)
        .map(|(c, t)| totals_row(c.id.to_string(), t, c.name.clone()))
        .chain(std::iter::once(totals_row(
            "all".to_owned(),
            &st.overall,
            lang.pick("全部", "all").to_owned(),
        )));
    write_table(w, (COURT_COLUMNS, &[]), rows)
}

/// Writes `followups_overdue.csv`.
pub fn write_overdue<W: Write>(
    w: W,
    s: &Scenario,
    st: &Status,
    ledger: &Ledger,
) -> std::io::Result<()> {
    let rows = st.overdue.iter().filter_map(|o| {
        let e = ledger.entries.get(o.entry)?;
        Some(vec![
            e.line.to_string(),
            e.date.to_string(),
            e.officers
                .iter()
                .map(|&x| s.officer(x).id.to_string())
                .collect::<Vec<_>>()
                .join(crate::tables::LIST_SEPARATOR),
            s.target_id(e.target).to_owned(),
            e.follow_up_due.map(|d| d.to_string()).unwrap_or_default(),
            o.days.to_string(),
            e.problems.clone(),
            e.follow_up.clone(),
        ])
    });
    write_table(w, (OVERDUE_COLUMNS, &[]), rows)
}

/// Writes the three files into `dir`.
pub fn write_all(
    dir: &Path,
    s: &Scenario,
    st: &Status,
    ledger: &Ledger,
    lang: Lang,
) -> std::io::Result<()> {
    write_file(dir, "status.csv", |w| write_status(w, s, st, lang))?;
    write_file(dir, "status_courts.csv", |w| write_courts(w, s, st, lang))?;
    write_file(dir, "followups_overdue.csv", |w| {
        write_overdue(w, s, st, ledger)
    })
}
