//! tepai's plan files: every writer (CSV, iCalendar, `summary.json`) writes to any
//! [`std::io::Write`], every reader reads what they wrote back, and [`out_dir`] puts a
//! finished plan into place without ever losing the one before it.
#![warn(missing_docs)]

pub mod out_dir;

use std::path::{Path, PathBuf};

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
