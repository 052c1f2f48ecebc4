//! tepai's plan files: every writer (CSV, iCalendar, `summary.json`) writes to any
//! [`std::io::Write`], every reader reads what they wrote back, and [`out_dir`] puts a
//! finished plan into place without ever losing the one before it.
#![warn(missing_docs)]

pub mod calendars;
pub mod out_dir;
pub mod read;
pub mod tables;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tepai_model::Scenario;
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
    },
    /// The output location cannot be used or written.
    #[error("{}: {reason}", path.display())]
    Output {
        /// The path concerned.
        path: PathBuf,
        /// Why, in the system's words where it gave them.
        reason: String,
    },
}

impl Error {
    /// A problem with a plan file.
    pub fn plan(path: &Path, line: Option<u64>, message: impl std::fmt::Display) -> Error {
        Error::Plan {
            path: path.to_path_buf(),
            line,
            message: message.to_string(),
        }
    }

    /// A problem with the output location.
    pub fn output(path: &Path, reason: impl std::fmt::Display) -> Error {
        Error::Output {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }
}

/// Creates `path`, lets `write` fill it, and makes it durable (flushed and synced), naming the
/// path in any error.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&File>) -> std::io::Result<()>,
) -> Result<(), Error> {
    let file = File::create(path).map_err(|e| Error::output(path, e))?;
    let mut w = BufWriter::new(&file);
    write(&mut w)
        .and_then(|()| w.flush())
        .map_err(|e| Error::output(path, e))?;
    drop(w);
    file.sync_all().map_err(|e| Error::output(path, e))
}

/// Writes every file of a plan into the folder `dir` (e.g. [`out_dir::OutDir::path`]):
/// `assignment.csv`, `coverage.csv`, `summary.json`, and for a plan with a schedule
/// `schedule.csv` and `calendars/<officer_id>.ics`.
///
/// # Errors
/// [`Error::Output`] naming the file that could not be written and the system's reason.
pub fn write_plan(dir: &Path, s: &Scenario, plan: &Plan) -> Result<(), Error> {
    write_file(&dir.join("assignment.csv"), |w| {
        tables::write_assignment(w, s, &plan.assignment)
    })?;
    write_file(&dir.join("coverage.csv"), |w| {
        tables::write_coverage(w, s, &plan.coverage)
    })?;
    if let Some(schedule) = &plan.schedule {
        write_file(&dir.join("schedule.csv"), |w| {
            tables::write_schedule(w, &plan.schedule_rows)
        })?;
        let folder = dir.join("calendars");
        std::fs::create_dir_all(&folder).map_err(|e| Error::output(&folder, e))?;
        for (officer, name) in calendars::files(s, schedule) {
            write_file(&folder.join(name), |w| {
                calendars::write_calendar(w, s, schedule, officer)
            })?;
        }
    }
    write_file(&dir.join("summary.json"), |w| {
        w.write_all(plan.summary.to_json().as_bytes())
    })
}
