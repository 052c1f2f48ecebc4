//! `tepai check SCENARIO --plan DIR`: re-verify a written plan, independently of the solver.
use anyhow::Context;
use tepai_solver::check::check_assignment;

use crate::cli::CheckArgs;
use crate::{read_plan, Outcome};

/// Reads the plan's files back and checks every rule.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let Some(s) = super::load_or_report(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let path = args.plan.join("assignment.csv");
    let assignment = read_plan::assignment(&s, &path)
        .with_context(|| format!("reading the plan in {}", args.plan.display()))?;
    let report = check_assignment(&s, &assignment);
    let a = &report.achieved;
    println!(
        "assignment: {} pairs; platforms {}/{}, chambers {}/{}, enterprises {}/{}; objective {:.2}",
        assignment.pairs.len(),
        a.platforms_served,
        a.platforms_required,
        a.chambers_served,
        a.chambers_required,
        a.enterprises_reached,
        a.enterprises_required,
        report.objective.total()
    );
    for v in &report.violations {
        println!("  violation: {v}");
    }
    if report.is_valid() {
        println!("{}: every assignment rule holds", args.plan.display());
        Ok(Outcome::Ok)
    } else {
        println!(
            "{}: {} violations",
            args.plan.display(),
            report.violations.len()
        );
        Ok(Outcome::BadInput)
    }
}
