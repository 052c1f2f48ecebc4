//! `tepai`: plans the dispatch of legal envoys (法律特派员).
#[macro_use]
mod console;
mod cli;
mod commands;
mod outcome;
mod render;

use std::process::ExitCode;

use clap::Parser;
pub use outcome::Outcome;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let outcome = match commands::run(cli) {
        Ok(outcome) => outcome,
        Err(e) => {
            errln!("tepai: error: {e:#}");
            Outcome::of_error(&e)
        }
    };
    ExitCode::from(outcome as u8)
}
