//! Loading a scenario: TOML + CSV tables → validated [`Scenario`], every problem reported.
//!
//! [`load`] reads the scenario file and its `extends` chain, then each table, parsing every
//! row into typed values and resolving every reference; it goes on past errors so that one
//! run lists them all. Scenario-wide rules run last ([`crate::validate`]). Only when no error
//! remains is a [`Scenario`] returned, with the warnings beside it.
mod changes;
mod entities;
mod limits;
mod scenario_file;
mod settings;
pub(crate) mod table;
pub(crate) mod workbook;
mod workbook_scan;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::scenario::Scenario;

pub use entities::{
    Column, ColumnKind, TableSpec, Vocabulary, CONFLICTS, CONFLICT_COLUMNS, COURTS, COURT_COLUMNS,
    ENTERPRISES, ENTERPRISE_COLUMNS, ENTERPRISE_OPTIONAL, OFFICERS, OFFICER_COLUMNS,
    OFFICER_OPTIONAL, REASON, TABLES, TRAVEL, TRAVEL_COLUMNS, UNAVAILABLE, UNAVAILABLE_COLUMNS,
    UNITS, UNIT_COLUMNS, UNIT_OPTIONAL,
};
pub use table::LIST_SEPARATORS;
pub(crate) use workbook::column_letter;
pub use workbook::NOTES_SHEETS;

/// A scenario that loaded, and the warnings it raised.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Findings that do not stop the scenario from loading: at most
    /// [`LISTED_PER_CODE_AND_FILE`](crate::diagnostics::LISTED_PER_CODE_AND_FILE) of a code in
    /// a file, then one that says how many more there are.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings were found, listed or not.
    pub warning_count: u64,
    /// Every file the scenario was read from: the scenario file, the files of its `extends`
    /// chain, its data tables and calendar files (as resolved, not canonicalised).
    pub files: Vec<PathBuf>,
}

/// The scenario file a path names: the path itself, or `scenario.toml` inside a directory.
pub fn scenario_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("scenario.toml")
    } else {
        path.to_path_buf()
    }
}

/// Loads and validates a scenario (a TOML file, or a directory holding `scenario.toml`).
///
/// # Errors
/// Every error found (with the warnings found so far), when there is at least one.
pub fn load(path: &Path) -> Result<Loaded, Diagnostics> {
    let root = scenario_file(path);
    let mut diags = Diagnostics::default();
    let Some(merged) = scenario_file::load_chain(&root, &mut diags) else {
        return Err(diags);
    };
    let settings = settings::read(&merged, &root, &mut diags);
    let Some(settings) = settings else {
        return Err(diags);
    };
    let mut files: Vec<PathBuf> = merged.files.iter().map(|(f, _)| f.clone()).collect();
    let d = &settings.data;
    files.extend(
        [
            &d.workbook,
            &d.courts,
            &d.officers,
            &d.units,
            &d.enterprises,
            &d.conflicts,
            &d.unavailable,
            &d.travel,
        ]
        .into_iter()
        .flatten()
        .cloned(),
    );
    files.extend(settings.extra_files.iter().map(|(f, _)| f.clone()));
    let mut hasher = Sha256::new();
    for (file, bytes) in &merged.files {
        hash_file(&mut hasher, file, bytes);
    }
    let changes = settings.changes.clone();
    let scenario = entities::build(settings, root, &mut diags, &mut hasher);
    let Some(mut scenario) = scenario else {
        return Err(diags);
    };
    changes::grow(&changes, &mut scenario, &mut diags);
    scenario.content_hash = hex(&hasher.finalize());
    crate::validate::check(&scenario, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Loaded {
        scenario,
        warning_count: diags.warning_count(),
        warnings: diags.into_listed(),
        files,
    })
}

fn hash_file(hasher: &mut Sha256, file: &Path, bytes: &[u8]) {
    hash_header(hasher, file, bytes.len() as u64);
    hasher.update(bytes);
}

/// What precedes a file's bytes in the content hash: its name and length.
fn hash_header(hasher: &mut Sha256, file: &Path, len: u64) {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    hasher.update(name.unwrap_or_default().as_bytes());
    hasher.update([0]);
    hasher.update(len.to_le_bytes());
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
