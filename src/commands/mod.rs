//! One module per subcommand.
mod assign;
mod check;
mod generate;
mod plan;
mod validate;

use crate::cli::{Cli, Command};
use crate::Outcome;

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Assign(args) => assign::run(&args),
        Command::Plan(args) => plan::run_plan(&args),
        Command::Schedule(args) => plan::run_schedule(&args),
        Command::Check(args) => check::run(&args),
    }
}

/// Loads a scenario, printing every error (and warning) when it does not load.
pub fn load_or_report(path: &std::path::Path) -> Option<tepai_model::Scenario> {
    match tepai_model::load(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                errln!("{w}");
            }
            Some(loaded.scenario)
        }
        Err(diags) => {
            err!("{diags}");
            errln!("{}: {} errors", path.display(), diags.errors().count());
            None
        }
    }
}
