//! `tepai assign SCENARIO --out DIR`: who serves what, with bound, gap and diagnosis.
use tepai_io::out_dir::OutDir;
use tepai_io::Lang;

use crate::cli::AssignArgs;
use crate::progress::Spinner;
use crate::Outcome;

/// Loads, assigns, checks and writes.
pub fn run(args: &AssignArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let Some((s, inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = OutDir::new(&args.out, &inputs)?;
    let spinner = Spinner::start(args.show);
    let options = super::plan_options(&s, &args.solve, false, spinner.progress());
    let plan = tepai_solver::plan(&s, &options)?;
    drop(spinner);
    super::write(dir, &s, &plan, &args.out, lang, args.show, false)
}
