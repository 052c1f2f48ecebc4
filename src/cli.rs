//! Command-line arguments.
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Plans the dispatch of legal envoys (法律特派员): which officers serve which industrial
/// platforms, chambers of commerce and enterprises, and every visit of the year.
///
/// Exit codes: 0 ok, 1 internal error, 2 bad input, 3 targets not reachable.
#[derive(Debug, Parser)]
#[command(name = "tepai", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario: counts, a rough capacity check, and every error and warning.
    Validate(ValidateArgs),
    /// Write a synthetic region as a complete scenario.
    Generate(GenerateArgs),
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
    /// Directory to write the scenario into (created; existing files are replaced).
    #[arg(long)]
    pub out: PathBuf,
}
