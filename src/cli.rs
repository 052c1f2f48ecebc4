//! Command-line arguments.
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tepai_io::Lang;

/// Plans the dispatch of legal envoys (法律特派员): which officers serve which industrial
/// platforms, chambers of commerce and enterprises, and every visit of the year.
///
/// Exit codes: 0 ok, 1 internal error, 2 bad input, 3 targets or visit rules not reachable
/// (the best partial plan and a diagnosis are still written).
#[derive(Debug, Parser)]
#[command(name = "tepai", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Language of the terminal and of the files made for people (plan.xlsx, report.html):
    /// zh or en. Default: the files in Chinese, the terminal in the locale's language.
    #[arg(long, global = true, value_parser = clap::value_parser!(Lang))]
    pub lang: Option<Lang>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario: counts, a rough capacity check, and every error and warning.
    Validate(ValidateArgs),
    /// Write a synthetic region as a complete scenario.
    Generate(GenerateArgs),
    /// Write an empty Excel workbook to fill in: every table's sheet, headers, drop-down lists
    /// and instructions (说明).
    Template(TemplateArgs),
    /// Decide who serves what: assignment.csv, coverage.csv, summary.json.
    Assign(AssignArgs),
    /// The full annual plan: assignment, every visit of every period, calendars.
    Plan(PlanArgs),
    /// Date the visits of an existing assignment (`assignment.csv` in --assignment DIR).
    Schedule(ScheduleArgs),
    /// Re-verify a written plan against its scenario, independently of the solver.
    Check(CheckArgs),
    /// Re-plan the rest of the year from a date: the past fixed as it happened, the changes
    /// of the scenario (leave, officers joining, enterprises closing, new units) applied from
    /// the date, the baseline kept wherever it can; writes a plan plus changes.csv/.txt.
    Replan(ReplanArgs),
    /// What changed from one plan to another: assignments gained or lost per officer, visits
    /// moved, changed, added or removed, and the summary's figures.
    Diff(DiffArgs),
}

/// `tepai replan`.
#[derive(Debug, clap::Args)]
pub struct ReplanArgs {
    /// The scenario as it is now (leave, new officers or units, `closed_on` dates).
    pub scenario: PathBuf,
    /// The baseline plan's folder (written by `tepai plan`, or an earlier `tepai replan`).
    #[arg(long)]
    pub baseline: PathBuf,
    /// The re-plan's day (YYYY-MM-DD): visits before it are the past, changes apply from it.
    #[arg(long, value_parser = date)]
    pub from: chrono::NaiveDate,
    /// An assignment that must be in the new plan, as OFFICER_ID=TARGET_ID (repeatable).
    #[arg(long = "pin", value_name = "OFFICER=TARGET")]
    pub pins: Vec<String>,
    /// Directory for the outputs (when the run succeeds, tepai's own files in it are replaced; others are kept).
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of the scheduler's tie-breaking (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

/// `tepai diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The plan before (a folder written by `tepai plan`, `assign` or `replan`).
    pub plan_a: PathBuf,
    /// The plan after.
    pub plan_b: PathBuf,
    /// Also write every change as CSV to this file (an existing file is replaced).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `tepai plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// Directory for the outputs (when the run succeeds, tepai's own files in it are replaced; others are kept).
    #[arg(long)]
    pub out: PathBuf,
    /// Solver settings.
    #[command(flatten)]
    pub solve: SolveArgs,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// `tepai schedule`.
#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// Directory holding the `assignment.csv` to schedule (e.g. from `tepai assign`).
    #[arg(long)]
    pub assignment: PathBuf,
    /// Directory for the outputs (when the run succeeds, tepai's own files in it are replaced; others are kept).
    #[arg(long)]
    pub out: PathBuf,
    /// Seed of the scheduler's tie-breaking (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// `tepai check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The scenario the plan was made for.
    pub scenario: PathBuf,
    /// The plan's directory (as written by `tepai assign` or `tepai plan`).
    #[arg(long)]
    pub plan: PathBuf,
}

/// `tepai assign`.
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// Directory for the outputs (when the run succeeds, tepai's own files in it are replaced; others are kept).
    #[arg(long)]
    pub out: PathBuf,
    /// Solver settings.
    #[command(flatten)]
    pub solve: SolveArgs,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// What the terminal shows of a run.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ShowArgs {
    /// Also show the solver's figures: objective parts, bound, heuristic value, stage times,
    /// every visit shortfall.
    #[arg(long, conflicts_with_all = ["quiet", "json"])]
    pub verbose: bool,
    /// Show nothing but warnings and errors (no progress, no summary).
    #[arg(long, short, conflicts_with = "json")]
    pub quiet: bool,
    /// Print the plan's summary.json on standard output instead of the summary in words
    /// (for scripts; no progress is shown).
    #[arg(long)]
    pub json: bool,
}

/// Solver overrides shared by the solving subcommands.
#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// Wall-clock limit of the optimisation, seconds (default: the scenario's solver.time_limit_s).
    #[arg(long, value_parser = positive_seconds)]
    pub time_limit: Option<f64>,
    /// Relative gap at which to stop, e.g. 0.005 (default: the scenario's solver.mip_gap).
    #[arg(long, value_parser = gap_fraction)]
    pub mip_gap: Option<f64>,
    /// Seed of the heuristic (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Only the heuristic and the LP bound, no MIP search.
    #[arg(long)]
    pub heuristic_only: bool,
    /// Show the MIP solver's (HiGHS's) own progress log.
    #[arg(long)]
    pub solver_log: bool,
    /// Most branch-and-bound nodes per MIP solve: ends the search at the same point on every
    /// run, so that reruns give byte-identical plans (as long as the time limit is not hit).
    #[arg(long)]
    pub node_limit: Option<u64>,
}

/// `tepai validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// Treat warnings as errors (exit 2 when there is any).
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `tepai generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Which region: nanping-2023, nanping-2024, county or province.
    #[arg(long)]
    pub preset: String,
    /// Seed of every random choice; the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to write the scenario into (created; tepai's own earlier files are replaced, others kept).
    #[arg(long)]
    pub out: PathBuf,
    /// csv: one CSV file per table; xlsx: one workbook (region.xlsx) with a sheet per table,
    /// headers and values in the --lang language (default Chinese).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
}

/// How `tepai generate` writes the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// One CSV file per table.
    Csv,
    /// One .xlsx workbook.
    Xlsx,
}

/// `tepai template`.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx); an existing file is never replaced.
    #[arg(long)]
    pub out: PathBuf,
}

fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

fn gap_fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..1.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{text}` is not a gap between 0 and 1 (0.005 is half a percent)"
        )),
    }
}
