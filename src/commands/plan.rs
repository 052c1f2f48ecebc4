//! `tepai plan SCENARIO --out DIR`: the whole annual dispatch plan — assignment, every visit
//! of every period, calendars — and `tepai schedule`, which dates the visits of an existing
//! assignment.
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::{json, Value};
use tepai_model::Scenario;
use tepai_solver::check::check_assignment;
use tepai_solver::check::{check_schedule, ScheduleViolation};
use tepai_solver::schedule::{schedule, Schedule};
use tepai_solver::Assignment;

use crate::cli::{PlanArgs, ScheduleArgs};
use crate::output::{self, AtomicDir};
use crate::{calendars, read_plan, Outcome};

/// Assigns, schedules, writes and verifies the full plan.
pub fn run_plan(args: &PlanArgs) -> anyhow::Result<Outcome> {
    let Some(s) = super::load_or_report(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = AtomicDir::new(&args.out)?;
    let result = super::assign::solve(&s, &args.solve)?;
    let seed = args.solve.seed.unwrap_or(s.seed);
    let plan = schedule(&s, &result.assignment, seed);
    output::write_assignment(&s, &result.assignment, &dir.path().join("assignment.csv"))?;
    let summary = write_schedule_outputs(
        &s,
        &result.assignment,
        &plan,
        dir.path(),
        output::assignment_summary(&s, &result),
    )?;
    verify_written(&s, &result.assignment, &plan, dir.path())?;
    dir.commit()
        .with_context(|| format!("writing {}", args.out.display()))?;
    print!("{}", super::assign::render(&s, &result));
    print!("{}", render(&s, &plan, &summary));
    println!("wrote {}", args.out.display());
    Ok(if result.targets_met() && plan.shortfalls.is_empty() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}

/// Dates the visits of the assignment in `--assignment DIR`.
pub fn run_schedule(args: &ScheduleArgs) -> anyhow::Result<Outcome> {
    let Some(s) = super::load_or_report(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = AtomicDir::new(&args.out)?;
    let assignment = read_plan::assignment(&s, &args.assignment.join("assignment.csv"))?;
    let report = check_assignment(&s, &assignment);
    if !report.is_valid() {
        for v in &report.violations {
            eprintln!("violation: {v}");
        }
        eprintln!(
            "{}: the assignment breaks {} rules; fix it or run `tepai assign` again",
            args.assignment.display(),
            report.violations.len()
        );
        return Ok(Outcome::BadInput);
    }
    let plan = schedule(&s, &assignment, args.seed.unwrap_or(s.seed));
    output::write_assignment(&s, &assignment, &dir.path().join("assignment.csv"))?;
    let summary = write_schedule_outputs(&s, &assignment, &plan, dir.path(), json!({}))?;
    verify_written(&s, &assignment, &plan, dir.path())?;
    dir.commit()
        .with_context(|| format!("writing {}", args.out.display()))?;
    print!("{}", render(&s, &plan, &summary));
    println!("wrote {}", args.out.display());
    Ok(if plan.shortfalls.is_empty() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}

/// Writes schedule.csv, coverage.csv, calendars/ and summary.json (the given summary plus
/// a `schedule` section); returns the summary written.
fn write_schedule_outputs(
    s: &Scenario,
    assignment: &Assignment,
    plan: &Schedule,
    dir: &Path,
    mut summary: Value,
) -> anyhow::Result<Value> {
    output::write_schedule(s, plan, &dir.join("schedule.csv"))?;
    let visits = output::visits_in_year(s, plan);
    output::write_coverage(s, assignment, Some(&visits), &dir.join("coverage.csv"))?;
    let calendars = calendars::write(s, plan, &dir.join("calendars"))?;
    let mut part = output::schedule_summary(s, plan, &visits);
    if let Value::Object(m) = &mut part {
        m.insert("calendars".into(), json!(calendars));
    }
    if let Value::Object(m) = &mut summary {
        m.insert("schedule".into(), part);
    }
    output::write_summary(s, summary.clone(), &dir.join("summary.json"))?;
    Ok(summary)
}

/// Reads `schedule.csv` back and re-verifies it with the independent checker: every rule
/// must hold, except missing visits or stops that a reported shortfall explains (same
/// officer, period and target). Anything else is a bug in tepai, reported as an internal
/// error.
fn verify_written(
    s: &Scenario,
    assignment: &Assignment,
    plan: &Schedule,
    dir: &Path,
) -> anyhow::Result<()> {
    let rows = read_plan::schedule_rows(&dir.join("schedule.csv"))?;
    let report = check_schedule(s, assignment, &rows);
    // A violation is explained when it is a shortfall the schedule reported: fewer visits or
    // stops for that officer, period and target.
    let reported: std::collections::HashSet<(&str, String, Option<&str>)> = plan
        .shortfalls
        .iter()
        .map(|f| {
            (
                s.officer(f.officer).id.as_str(),
                f.period.label(),
                f.target.map(|t| s.target_id(t)),
            )
        })
        .collect();
    let explained = |officer: &str, period: &str, target: &str| {
        reported.contains(&(officer, period.to_owned(), Some(target)))
            || reported.contains(&(officer, period.to_owned(), None))
    };
    let unexplained: Vec<String> = report
        .violations
        .iter()
        .filter(|v| match v {
            ScheduleViolation::UnitVisits {
                officer_id,
                unit_id: target,
                period,
                visits,
                expected,
            }
            | ScheduleViolation::EnterpriseVisits {
                officer_id,
                enterprise_id: target,
                period,
                visits,
                expected,
            }
            | ScheduleViolation::StopCount {
                officer_id,
                unit_id: target,
                period,
                stops: visits,
                expected,
                ..
            } => !(visits < expected && explained(officer_id, period, target)),
            _ => true,
        })
        .map(ToString::to_string)
        .collect();
    if !unexplained.is_empty() {
        bail!(
            "the written schedule failed the independent check (a bug in tepai):\n{}",
            unexplained.join("\n")
        );
    }
    Ok(())
}

/// The schedule's terminal summary.
fn render(s: &Scenario, plan: &Schedule, summary: &Value) -> String {
    let mut out = String::new();
    let sch = &summary["schedule"];
    let _ = writeln!(
        out,
        "schedule: {} trips ({} rows) in {}",
        sch["trips"], sch["rows"], s.year
    );
    if let Some(periods) = sch["visits_per_period"].as_object() {
        let list: Vec<String> = periods.iter().map(|(p, n)| format!("{p} {n}")).collect();
        let _ = writeln!(out, "  trips per period: {}", list.join(", "));
    }
    let _ = writeln!(
        out,
        "  enterprises visited at least once: {}; travel saved by shared trips: {:.0} h",
        sch["enterprises_visited"],
        sch["travel_saved_minutes_vs_one_trip_per_enterprise"]
            .as_f64()
            .unwrap_or(0.0)
            / 60.0
    );
    let t = &sch["travel_hours_per_officer"];
    let d = &sch["days_used_per_officer_and_period"];
    let show = |v: &Value| {
        if v.is_null() {
            "-".to_owned()
        } else {
            v.to_string()
        }
    };
    let _ = writeln!(
        out,
        "  travel hours per officer: min {} / median {} / max {}; days used per officer and period: min {} / median {} / max {}",
        show(&t["min"]),
        show(&t["median"]),
        show(&t["max"]),
        show(&d["min"]),
        show(&d["median"]),
        show(&d["max"])
    );
    if plan.shortfalls.is_empty() {
        let _ = writeln!(out, "  every visit rule met");
    } else {
        let _ = writeln!(
            out,
            "  {} shortfalls — visits the schedule could not make:",
            plan.shortfalls.len()
        );
        for f in plan.shortfalls.iter().take(20) {
            let target = f
                .target
                .map_or("all targets".to_owned(), |t| s.target_id(t).to_owned());
            let _ = writeln!(
                out,
                "    {} {} {target}: {} visit(s) short, {} usable days for {} trips — {}",
                s.officer(f.officer).id,
                f.period,
                f.visits_short,
                f.free_days,
                f.days_needed,
                f.rule.explain()
            );
        }
        if plan.shortfalls.len() > 20 {
            let _ = writeln!(
                out,
                "    … {} more in summary.json",
                plan.shortfalls.len() - 20
            );
        }
    }
    out
}
