//! One module per subcommand.
mod generate;
mod validate;

use crate::cli::{Cli, Command};
use crate::Outcome;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
    }
}
