//! One module per subcommand.
mod assign;
mod check;
mod generate;
mod plan;
mod template;
mod validate;

use std::path::Path;

use tepai_io::out_dir::OutDir;
use tepai_io::Lang;
use tepai_model::Scenario;
use tepai_solver::{Plan, PlanOptions};

use crate::cli::{Cli, Command, SolveArgs};
use crate::{render, Outcome};

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    // The files made for people are Chinese unless asked otherwise.
    let files = cli.lang.unwrap_or_default();
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args, files),
        Command::Template(args) => template::run(&args, files),
        Command::Assign(args) => assign::run(&args, files),
        Command::Plan(args) => plan::run_plan(&args, files),
        Command::Schedule(args) => plan::run_schedule(&args, files),
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
            let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
            inputs.push(folder.map_or_else(|| ".".into(), Path::to_path_buf));
            inputs.push(file);
            Some((loaded.scenario, inputs))
        }
        Err(diags) => {
            err!("{diags}");
            errln!("{}: {} errors", path.display(), diags.error_count());
            None
        }
    }
}

/// The plan's settings: the scenario's, with the command line's overrides.
fn plan_options(s: &Scenario, args: &SolveArgs, schedule: bool) -> PlanOptions {
    let mut options = PlanOptions::from_scenario(s);
    let a = &mut options.assign;
    if let Some(t) = args.time_limit {
        a.time_limit_s = t;
    }
    if let Some(g) = args.mip_gap {
        a.mip_gap = g;
    }
    if let Some(seed) = args.seed {
        a.seed = seed;
        options.schedule_seed = seed;
    }
    a.heuristic_only = args.heuristic_only;
    a.solver_log = args.solver_log;
    a.node_limit = args.node_limit;
    options.schedule = schedule;
    options
}

/// Writes the plan into its folder, reads `schedule.csv` back to make sure it holds exactly
/// the rows the independent checker verified, puts the folder in place, and shows the
/// summary. `lang` is the language of the files made for people.
fn write(
    dir: OutDir,
    s: &Scenario,
    plan: &Plan,
    out: &Path,
    lang: Lang,
) -> anyhow::Result<Outcome> {
    dir.write(|path| tepai_io::write_plan(path, s, plan, lang).map_err(anyhow::Error::from))?;
    if plan.schedule.is_some() {
        let rows = tepai_io::read::schedule_rows(&dir.path().join("schedule.csv"))?;
        if rows != plan.schedule_rows {
            anyhow::bail!("schedule.csv does not read back as written (a bug in tepai)");
        }
    }
    for w in dir.commit()? {
        errln!("tepai: warning: {w}");
    }
    out!("{}", render::summary(&plan.summary));
    outln!("wrote {}", out.display());
    Ok(if plan.complete() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}
