//! tepai's integration tests: one binary, one module per area, shared helpers here.
mod adversarial;
mod assign;
mod batch;
mod bench;
mod check_mutations;
mod cli;
mod continuity;
mod diff;
mod excel_input;
mod fuzz;
mod golden;
mod invalid;
mod ledger;
mod out_dir;
mod plan;
mod priority;
mod properties;
mod replan;
mod replan_joining;
mod report;
mod scenarios;
mod staff;
mod status_files;
mod sweep;
mod visited;
mod whatif;
mod xlsx;
mod zh_findings;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (where `scenarios/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `scenarios/`.
pub fn scenario(rel: &str) -> PathBuf {
    root().join("scenarios").join(rel)
}

/// The built `tepai` binary, in an English locale whatever the machine's (a test of Chinese
/// output says so with `--lang zh` or sets its own locale).
pub fn tepai() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tepai"));
    cmd.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    cmd
}

/// Runs `tepai` with arguments; returns (exit code, stdout, stderr).
pub fn run(args: &[&str], dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = tepai();
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().expect("tepai runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A CSV file tepai wrote: its header (without the byte-order mark) and its rows.
pub fn read_table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.expect("row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}
