//! `tepai check SCENARIO --plan DIR`: re-verify a written plan (assignment.csv and, when
//! present, schedule.csv) with the independent checkers, sharing no code with the solver.
use anyhow::Context;
use tepai_solver::check::check_assignment;
use tepai_solver::check::check_schedule;

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
    let mut violations = report.violations.len();
    let schedule_path = args.plan.join("schedule.csv");
    if schedule_path.exists() {
        let rows = read_plan::schedule_rows(&schedule_path)?;
        let sched = check_schedule(&s, &assignment, &rows);
        let per_period: Vec<String> = sched
            .visits_per_period
            .iter()
            .map(|(p, n)| format!("{p} {n}"))
            .collect();
        println!(
            "schedule: {} trips, {} enterprises visited; per period: {}",
            sched.visits,
            sched.enterprises_visited,
            per_period.join(", ")
        );
        for v in &sched.violations {
            println!("  violation: {v}");
        }
        violations += sched.violations.len();
    }
    let short = a.platforms_served < a.platforms_required
        || a.chambers_served < a.chambers_required
        || a.enterprises_reached < a.enterprises_required;
    if violations == 0 && short {
        println!(
            "{}: every rule holds, but the targets are not all reached",
            args.plan.display()
        );
        Ok(Outcome::TargetsUnreachable)
    } else if violations == 0 {
        println!("{}: every rule holds", args.plan.display());
        Ok(Outcome::Ok)
    } else {
        println!("{}: {violations} violations", args.plan.display());
        Ok(Outcome::BadInput)
    }
}
