//! tepai's plan files: every writer (CSV, iCalendar, `summary.json`) writes to any
//! [`std::io::Write`], every reader reads what they wrote back, and [`out_dir`] puts a
//! finished plan into place without ever losing the one before it.
#![warn(missing_docs)]

pub mod batch;
pub mod bench;
pub mod bench_page;
pub mod calendars;
pub mod changes;
pub mod frontier;
pub mod lang;
pub mod out_dir;
pub mod owned_files;
pub mod read;
pub mod replan;
pub mod report;
pub mod staff;
pub mod stats;
pub mod status;
pub mod status_pages;
pub mod tables;
pub mod words;
pub mod xlsx;

pub use lang::Lang;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tepai_model::{Scenario, Text};
use tepai_solver::Plan;

/// A problem with a plan's files or its output location: the user's to fix (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A plan file that does not read as one, placed at its line when known.
    #[error("{}{}: {message}", path.display(), line.map_or(String::new(), |l| format!(":{l}")))]
    Plan {
        /// The file.
        path: PathBuf,
        /// Its line (1-based), when known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
        /// What is wrong, in Chinese.
        message_zh: String,
    },
    /// The output location cannot be used or written.
    #[error("{}: {reason}", path.display())]
    Output {
        /// The path concerned.
        path: PathBuf,
        /// Why, in the system's words where it gave them.
        reason: String,
        /// Why, in Chinese (the system's words kept as they are).
        reason_zh: String,
    },
}

impl Error {
    /// A problem with a plan file.
    pub fn plan(path: &Path, line: Option<u64>, message: Text) -> Error {
        Error::Plan {
            path: path.to_path_buf(),
            line,
            message: message.en,
            message_zh: message.zh,
        }
    }

    /// A problem with the output location.
    pub fn output(path: &Path, reason: Text) -> Error {
        Error::Output {
            path: path.to_path_buf(),
            reason: reason.en,
            reason_zh: reason.zh,
        }
    }

    /// The error in Chinese when `zh` (as [`std::fmt::Display`] shows it otherwise).
    pub fn show(&self, zh: bool) -> String {
        match self {
            _ if !zh => self.to_string(),
            Error::Plan {
                path,
                line: Some(l),
                message_zh,
                ..
            } => format!("{} 第 {l} 行：{message_zh}", path.display()),
            Error::Plan {
                path, message_zh, ..
            } => format!("{}：{message_zh}", path.display()),
            Error::Output {
                path, reason_zh, ..
            } => format!("{}：{reason_zh}", path.display()),
        }
    }
}

/// The system's words for an error, kept as they are in Chinese text after `zh` (what
/// failed): `无法读取（系统信息：…）`.
pub fn system(e: impl std::fmt::Display, zh: &str) -> Text {
    Text::new(e.to_string(), format!("{zh}（系统信息：{e}）"))
}

/// Creates `dir/name`, lets `write` fill it, and makes it durable (flushed and synced); an
/// error names the file (`name`, relative to the plan folder).
pub(crate) fn write_file(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let named = |e: std::io::Error| std::io::Error::new(e.kind(), format!("{name}: {e}"));
    let file = File::create(dir.join(name)).map_err(named)?;
    let mut w = BufWriter::new(&file);
    write(&mut w).and_then(|()| w.flush()).map_err(named)?;
    drop(w);
    file.sync_all().map_err(named)
}

/// Writes `previous.csv` into `dir`: the officers' previous targets the plan was made with,
/// when they came from last year's plan (`tepai plan --previous`), for `tepai check`.
///
/// # Errors
/// The system's error, naming the file.
pub fn write_previous(dir: &Path, s: &Scenario) -> std::io::Result<()> {
    write_file(dir, "previous.csv", |w| tables::write_previous(w, s))
}

/// Writes every file of a plan into the folder `dir` (the one [`out_dir::OutDir::write`]
/// hands out): `assignment.csv`, `coverage.csv`, `summary.json`, `plan.xlsx`, and for a plan
/// with a schedule `schedule.csv` and `calendars/<officer_id>.ics`.
///
/// `lang` is the language of the files made for people (`plan.xlsx`, `report.html` and the
/// calendars' text); the CSV and JSON files do not depend on it.
///
/// # Errors
/// The system's error, naming the file that could not be written.
pub fn write_plan(dir: &Path, s: &Scenario, plan: &Plan, lang: Lang) -> std::io::Result<()> {
    write_file(dir, "assignment.csv", |w| {
        tables::write_assignment(w, s, &plan.assignment)
    })?;
    write_file(dir, "coverage.csv", |w| {
        tables::write_coverage(w, s, &plan.coverage)
    })?;
    if let Some(schedule) = &plan.schedule {
        write_file(dir, "schedule.csv", |w| {
            tables::write_schedule(w, s, &plan.schedule_rows)
        })?;
        std::fs::create_dir_all(dir.join("calendars"))
            .map_err(|e| std::io::Error::new(e.kind(), format!("calendars: {e}")))?;
        let teams = calendars::Teams::of(s, &plan.assignment);
        for (officer, name) in calendars::files(s, schedule) {
            write_file(dir, &format!("calendars/{name}"), |w| {
                calendars::write_calendar(w, s, schedule, &teams, officer, lang)
            })?;
        }
    }
    write_file(dir, "plan.xlsx", |w| xlsx::write_xlsx(w, s, plan, lang))?;
    write_file(dir, "report.html", |w| {
        report::write_report(w, s, plan, lang)
    })?;
    write_file(dir, "summary.json", |w| {
        w.write_all(plan.summary.to_json().as_bytes())
    })
}
