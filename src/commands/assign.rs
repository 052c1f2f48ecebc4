//! `tepai assign SCENARIO --out DIR`: who serves what, with bound, gap and diagnosis.
use crate::cli::AssignArgs;
use crate::Outcome;

/// Loads, assigns, checks and writes.
pub fn run(args: &AssignArgs) -> anyhow::Result<Outcome> {
    let Some(s) = super::load_or_report(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = super::out_dir(&args.out)?;
    let plan = tepai_solver::plan(&s, &super::plan_options(&s, &args.solve, false))?;
    super::write(dir, &s, &plan, &args.out)
}
