//! `tepai`: plans the dispatch of legal envoys (法律特派员).
#[macro_use]
mod console;
mod calendars;
mod cli;
mod commands;
mod output;
mod read_plan;

use std::process::ExitCode;

use clap::Parser;

/// How a run ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done.
    Ok = 0,
    /// 1: tepai itself failed.
    Internal = 1,
    /// 2: the input is invalid.
    BadInput = 2,
    /// 3: the targets cannot be reached (the best partial result is still written).
    TargetsUnreachable = 3,
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let outcome = match commands::run(cli) {
        Ok(outcome) => outcome,
        Err(e) if e.downcast_ref::<output::BadInput>().is_some() => {
            errln!("tepai: error: {e:#}");
            Outcome::BadInput
        }
        Err(e) => {
            errln!("tepai: error: {e:#}");
            Outcome::Internal
        }
    };
    ExitCode::from(outcome as u8)
}
