//! `tepai plan SCENARIO --out DIR`: the whole annual dispatch plan — assignment, every visit
//! of every period, calendars — and `tepai schedule`, which dates the visits of an existing
//! assignment.
use tepai_io::out_dir::OutDir;
use tepai_io::Lang;
use tepai_solver::PlanError;

use crate::cli::{PlanArgs, ScheduleArgs};
use crate::progress::Spinner;
use crate::Outcome;

/// Assigns, schedules, verifies and writes the full plan.
pub fn run_plan(args: &PlanArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let Some((mut s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    if let Some(previous) = &args.previous {
        inputs.push(previous.clone());
    }
    let dir = OutDir::new(&args.out, &inputs)?;
    if let Some(previous) = &args.previous {
        super::previous::from_plan(&mut s, previous)?;
    }
    let spinner = Spinner::start(args.show);
    let options = super::plan_options(&s, &args.solve, true, spinner.progress());
    let plan = tepai_solver::plan(&s, &options)?;
    drop(spinner);
    let previous = args.previous.is_some();
    super::write(dir, &s, &plan, &args.out, lang, args.show, previous)
}

/// Dates the visits of the assignment in `--assignment DIR`.
pub fn run_schedule(args: &ScheduleArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let Some((s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    inputs.push(args.assignment.clone());
    let dir = OutDir::new(&args.out, &inputs)?;
    let assignment = tepai_io::read::assignment(&s, &args.assignment.join("assignment.csv"))?;
    let seed = args.seed.unwrap_or(s.seed);
    match tepai_solver::plan::plan_for_assignment(&s, assignment, seed) {
        Ok(plan) => super::write(dir, &s, &plan, &args.out, lang, args.show, false),
        Err(PlanError::AssignmentBreaksRules(violations)) => {
            for v in &violations {
                errln!("violation: {v}");
            }
            errln!(
                "{}: the assignment breaks {} rules; fix it or run `tepai assign` again",
                args.assignment.display(),
                violations.len()
            );
            Ok(Outcome::BadInput)
        }
        Err(e) => Err(e.into()),
    }
}
