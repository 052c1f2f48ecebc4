//! Command-line arguments.
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tepai_io::Lang;

/// Plans the dispatch of legal envoys (法律特派员): which officers serve which industrial
/// platforms, chambers of commerce and enterprises, and every visit of the year.
///
/// Exit codes: 0 ok, 1 internal error, 2 bad input, 3 targets or visit rules not reachable
/// (the best partial plan and a diagnosis are still written), 4 a benchmark regression.
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
    /// Plan many scenarios (files, folders, quoted globs), in parallel, and compare them in
    /// one table: batch.csv, batch.json, batch.xlsx.
    Batch(BatchArgs),
    /// Run a benchmark suite (regions × seeds, solved to a node budget) into bench.json; with
    /// --baseline, exit 4 when a case got slower, bigger or worse beyond --tolerance.
    Bench(BenchArgs),
    /// Plan a scenario at every value of one setting (--vary KEY=FROM..TO:STEP) and compare
    /// the points: batch.csv, batch.json, batch.xlsx, frontier.svg.
    Sweep(SweepArgs),
    /// The fewest additional officers per court that reach every target, with the bound that
    /// proves one fewer cannot; the gain of each further officer; and how many existing
    /// officers could be released with every target met: staff.csv, staff.json (exit 3 when
    /// no number of new officers reaches every target).
    Staff(StaffArgs),
    /// Where the year stands: every duty of a plan against the visit ledger, as of a date
    /// (exit 3 when a duty can no longer be met).
    Status(StatusArgs),
    /// The statistics tables (half-monthly work table, monthly legal-aid table) from the
    /// visit ledger, for a period.
    Stats(StatsArgs),
    /// Re-plan the rest of the year from a date: the past fixed as it happened, the changes
    /// of the scenario (leave, officers joining, enterprises closing, new units) applied from
    /// the date, the baseline kept wherever it can; writes a plan plus changes.csv/.txt.
    Replan(ReplanArgs),
    /// What changed from one plan to another: assignments gained or lost per officer, visits
    /// moved, changed, added or removed, and the summary's figures.
    Diff(DiffArgs),
}

/// `tepai sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// The setting and its values, e.g. targets.chambers_share=0.6..1.0:0.1 (targets.*,
    /// rules.*, travel.*, weights.*, solver.* numeric keys).
    #[arg(long)]
    pub vary: String,
    /// Directory for the points' scenarios and plans, the comparison and the chart.
    #[arg(long)]
    pub out: PathBuf,
    /// Points planned at the same time (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Solver settings, applied to every point.
    #[command(flatten)]
    pub solve: SolveArgs,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// `tepai bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// The suite file (TOML; see docs/benchmarks.md).
    pub suite: PathBuf,
    /// Directory for bench.json and every case's region and plan.
    #[arg(long)]
    pub out: PathBuf,
    /// A bench.json of an earlier run to compare with.
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// How much worse a case may get before it counts as a regression: `5%` or `0.05`
    /// (default 5%).
    #[arg(long, requires = "baseline")]
    pub tolerance: Option<String>,
    /// How much worse the objective may get (relative to max(1, |objective|)) and the gap
    /// (absolute) before it counts as a regression: `0.1%` or `0.001` (default 0.1%).
    #[arg(long, requires = "baseline")]
    pub quality_tolerance: Option<String>,
    /// Print nothing but regressions and errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run only case K (0-based) with seed S and print its record: how each case runs in a
    /// process of its own, so that its peak memory is its own.
    #[arg(long, hide = true, requires = "seed")]
    pub case: Option<usize>,
    /// See --case.
    #[arg(long, hide = true, requires = "case")]
    pub seed: Option<u64>,
}

/// `tepai batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Scenario files, scenario folders, folders of scenario folders, or quoted glob
    /// patterns ('scenarios/what-if/*').
    #[arg(required_unless_present = "collect")]
    pub scenarios: Vec<PathBuf>,
    /// Directory for one plan folder per scenario and the comparison tables.
    #[arg(long, required_unless_present = "collect")]
    pub out: Option<PathBuf>,
    /// Scenarios planned at the same time (default: one per core).
    #[arg(long, value_parser = clap::value_parser!(usize))]
    pub jobs: Option<usize>,
    /// Plan nothing: write to FILE one `tepai batch` command per scenario (for GNU parallel
    /// or a Slurm job array), each writing under OUT/parts/; then `--collect OUT`.
    #[arg(long, value_name = "FILE", conflicts_with = "collect")]
    pub emit_jobs: Option<PathBuf>,
    /// Merge the comparison tables of the jobs under DIR/parts/ into DIR/batch.csv,
    /// batch.json and batch.xlsx.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["scenarios", "out"])]
    pub collect: Option<PathBuf>,
    /// Solver settings, applied to every scenario.
    #[command(flatten)]
    pub solve: SolveArgs,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
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
    /// The visit ledger (CSV, or a workbook with a sheet 走访台账): its on-site visits before
    /// the day are the past; without it, the baseline's visits before the day count as made.
    #[arg(long)]
    pub ledger: Option<PathBuf>,
    /// Seed of the scheduler's tie-breaking (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// What the terminal shows.
    #[command(flatten)]
    pub show: ShowArgs,
}

/// `tepai status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The scenario the plan was made for.
    pub scenario: PathBuf,
    /// The plan's directory (its `assignment.csv` gives the duties).
    #[arg(long)]
    pub plan: PathBuf,
    /// The visit ledger: a CSV file, or an .xlsx workbook with a sheet 走访台账 (or ledger).
    #[arg(long)]
    pub ledger: PathBuf,
    /// The day the ledger is complete through (YYYY-MM-DD): periods ending on or before it
    /// are closed.
    #[arg(long)]
    pub as_of: String,
    /// Directory for status.csv, status_courts.csv and followups_overdue.csv (default:
    /// `status` inside the plan's directory; tepai's own files in it are replaced, others kept).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `tepai staff`.
#[derive(Debug, clap::Args)]
pub struct StaffArgs {
    /// A scenario TOML file, or a directory holding `scenario.toml`.
    pub scenario: PathBuf,
    /// Directory for staff.csv and staff.json.
    #[arg(long)]
    pub out: PathBuf,
    /// Wall-clock limit of the whole run, seconds: half for the fewest additional officers,
    /// then a quarter for the marginal gains, the rest for the release question.
    #[arg(long, default_value_t = 60.0)]
    pub time_limit: f64,
    /// The most new officers any one court may get (default: as many as could help).
    #[arg(long)]
    pub max_per_court: Option<u32>,
    /// Rows of marginal gain beyond the fewest additional officers.
    #[arg(long, default_value_t = 3)]
    pub beyond: u32,
}

/// `tepai stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// The scenario whose officers, courts and enterprises the ledger names.
    pub scenario: PathBuf,
    /// The visit ledger: a CSV file, or an .xlsx workbook with a sheet 走访台账 (or ledger).
    #[arg(long)]
    pub ledger: PathBuf,
    /// The period: 2024-05-H1 (1st–15th, due the 16th), 2024-05-H2 (16th–end, due the 1st),
    /// 2024-05 (a month), 2024-Q2 or 2024.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub period: Option<String>,
    /// First day counted (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day counted (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// The columns of the work table: by rank (律师, 公证, 基层法律服务工作者, …), court or
    /// officer.
    #[arg(long, value_enum, default_value_t = StatsBy::Rank)]
    pub by: StatsBy,
    /// Directory for stats.csv, legal_aid.csv and stats.xlsx (tepai's own files in it are
    /// replaced, others kept).
    #[arg(long)]
    pub out: PathBuf,
}

/// The group columns of `tepai stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsBy {
    /// By rank.
    Rank,
    /// By court.
    Court,
    /// By officer.
    Officer,
}

/// A date on the command line: `2024-07-01`, `2024/7/1` or `2024年7月1日`, as `--as-of` takes.
fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    crate::commands::ledger::date_arg("--from", text).map_err(|e| e.to_string())
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
    /// Last year's plan folder: its assignment.csv gives each officer's previous targets (in
    /// place of the scenario's previous_target column).
    #[arg(long)]
    pub previous: Option<PathBuf>,
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
    /// A named region: nanping-2023, nanping-2024, county, province or nation. Without it,
    /// a region of the size given by --officers (and the options after it).
    #[arg(long, required_unless_present = "officers", conflicts_with_all = SIZE_OPTIONS)]
    pub preset: Option<String>,
    /// A region of this many officers; every other count follows the province preset's
    /// proportions unless given.
    #[arg(long)]
    pub officers: Option<usize>,
    /// Enterprises in all (default 30 per officer).
    #[arg(long, requires = "officers")]
    pub enterprises: Option<usize>,
    /// Counties, each with a basic court at its seat (default one per 25 officers).
    #[arg(long, requires = "officers")]
    pub counties: Option<usize>,
    /// Basic courts: one per county, so the same as --counties.
    #[arg(long, requires = "officers")]
    pub courts: Option<usize>,
    /// Industrial platforms (default the larger of the counties and 7.5% of the officers).
    #[arg(long, requires = "officers")]
    pub platforms: Option<usize>,
    /// Chambers of commerce (default the larger of 3 per county and half the officers).
    #[arg(long, requires = "officers")]
    pub chambers: Option<usize>,
    /// Share of officers with a personal conflict of interest, 0–1 (default 0.05).
    #[arg(long, requires = "officers", allow_negative_numbers = true)]
    pub conflict_rate: Option<f64>,
    /// Share of officers with leave in the year, 0–1 (default 0.15).
    #[arg(long, requires = "officers", allow_negative_numbers = true)]
    pub leave_rate: Option<f64>,
    /// The scenario's year, 2023–2026 (default 2024).
    #[arg(long, requires = "officers")]
    pub year: Option<i32>,
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

/// The options of a sized region, which a preset does not take.
const SIZE_OPTIONS: [&str; 9] = [
    "officers",
    "enterprises",
    "counties",
    "courts",
    "platforms",
    "chambers",
    "conflict_rate",
    "leave_rate",
    "year",
];

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
