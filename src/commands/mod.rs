//! One module per subcommand.
mod assign;
mod batch;
mod bench;
mod check;
mod diff;
mod generate;
pub(crate) mod ledger;
mod plan;
mod previous;
mod replan;
mod staff;
mod stats;
mod status;
mod sweep;
mod template;
mod validate;

use std::path::Path;

use tepai_io::out_dir::OutDir;
use tepai_io::Lang;
use tepai_model::Scenario;
use tepai_solver::{Plan, PlanOptions};

use crate::cli::{Cli, Command, ShowArgs, SolveArgs};
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
        Command::Batch(args) => batch::run(&args, files),
        Command::Bench(args) => bench::run(&args, files),
        Command::Sweep(args) => sweep::run(&args, files),
        Command::Status(args) => status::run(&args, files),
        Command::Staff(args) => staff::run(&args, files),
        Command::Stats(args) => stats::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Replan(args) => replan::run(&args, files),
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
                errln!("{}", render::diagnostic(w, crate::console::lang()));
            }
            let mut inputs = loaded.files;
            let file = tepai_model::scenario_file(path);
            let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
            inputs.push(folder.map_or_else(|| ".".into(), Path::to_path_buf));
            inputs.push(file);
            Some((loaded.scenario, inputs))
        }
        Err(diags) => {
            report_findings(path, &diags);
            None
        }
    }
}

/// Prints every finding of a scenario that does not load, and how many there are.
pub fn report_findings(path: &Path, diags: &tepai_model::Diagnostics) {
    let lang = crate::console::lang();
    for d in diags.clone().into_listed() {
        errln!("{}", render::diagnostic(&d, lang));
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    match lang {
        Lang::Zh => errln!("{}：{errors} 个错误，{warnings} 个警告", path.display()),
        Lang::En => errln!("{}: {errors} errors, {warnings} warnings", path.display()),
    }
}

/// The plan's settings: the scenario's, with the command line's overrides, reporting its
/// stages to `progress`.
fn plan_options(
    s: &Scenario,
    args: &SolveArgs,
    schedule: bool,
    progress: tepai_solver::progress::Progress,
) -> PlanOptions {
    let mut options = PlanOptions::from_scenario(s);
    options.progress = progress;
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
/// summary. `lang` is the language of the files made for people; `previous`, whether the
/// previous targets came from `--previous` (then recorded in `previous.csv`).
fn write(
    dir: OutDir,
    s: &Scenario,
    plan: &Plan,
    out: &Path,
    lang: Lang,
    show: ShowArgs,
    previous: bool,
) -> anyhow::Result<Outcome> {
    dir.write(|path| -> anyhow::Result<()> {
        tepai_io::write_plan(path, s, plan, lang)?;
        if previous {
            tepai_io::write_previous(path, s)?;
        }
        Ok(())
    })?;
    if plan.schedule.is_some() {
        let rows = tepai_io::read::schedule_rows(&dir.path().join("schedule.csv"))?;
        if rows != plan.schedule_rows {
            anyhow::bail!("schedule.csv does not read back as written (a bug in tepai)");
        }
    }
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    if show.json {
        out!("{}", plan.summary.to_json());
    } else if !show.quiet {
        let terminal = crate::console::lang();
        out!("{}", render::summary(&plan.summary, terminal, show.verbose));
        outln!("{}{}", terminal.pick("已写入 ", "wrote "), out.display());
    }
    Ok(if plan.complete() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}
