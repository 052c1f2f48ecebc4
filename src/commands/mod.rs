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
    load_with_inputs(path).map(|(s, _)| s)
}

/// [`load_or_report`], with every path the scenario was read from (the scenario file, its
/// folder, `extends` files and data files): the places `--out` must stay away from.
pub fn load_with_inputs(
    path: &std::path::Path,
) -> Option<(tepai_model::Scenario, Vec<std::path::PathBuf>)> {
    match tepai_model::load(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                errln!("{w}");
            }
            let mut inputs = loaded.files;
            let file = tepai_model::scenario_file(path);
            inputs.push(file.parent().map_or_else(
                || ".".into(),
                |p| {
                    if p.as_os_str().is_empty() {
                        ".".into()
                    } else {
                        p.to_path_buf()
                    }
                },
            ));
            inputs.push(file);
            Some((loaded.scenario, inputs))
        }
        Err(diags) => {
            err!("{diags}");
            errln!("{}: {} errors", path.display(), diags.errors().count());
            None
        }
    }
}
