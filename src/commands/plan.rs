//! `tepai plan SCENARIO --out DIR`: the whole annual dispatch plan — assignment, every visit
//! of every period, calendars — and `tepai schedule`, which dates the visits of an existing
//! assignment.
use std::fmt::Write as _;
use std::path::Path;

use anyhow::bail;
use serde_json::{json, Value};
use tepai_model::Scenario;
use tepai_solver::check::check_assignment;
use tepai_solver::check::{check_schedule, ScheduleViolation};
use tepai_solver::schedule::{schedule, Schedule};
use tepai_solver::Assignment;

use crate::cli::{PlanArgs, ScheduleArgs};
use crate::output;
use crate::{calendars, read_plan, Outcome};
use tepai_io::out_dir::OutDir;

/// Assigns, schedules, writes and verifies the full plan.
pub fn run_plan(args: &PlanArgs) -> anyhow::Result<Outcome> {
    let Some((s, inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = OutDir::new(&args.out, &inputs)?;
    let result = super::assign::solve(&s, &args.solve)?;
    let seed = args.solve.seed.unwrap_or(s.seed);
    let plan = schedule(&s, &result.assignment, seed);
    let summary = dir.write(|path| {
        output::write_assignment(&s, &result.assignment, &path.join("assignment.csv"))?;
        let summary = write_schedule_outputs(
            &s,
            &result.assignment,
            &plan,
            path,
            output::assignment_summary(&s, &result),
        )?;
        verify_written(&s, &result.assignment, &plan, path)?;
        anyhow::Ok(summary)
    })?;
    for w in dir.commit()? {
        errln!("tepai: warning: {w}");
    }
    out!("{}", super::assign::render(&s, &result));
    out!("{}", render(&s, &plan, &summary));
    outln!("wrote {}", args.out.display());
    Ok(if result.targets_met() && plan.shortfalls.is_empty() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}

/// Dates the visits of the assignment in `--assignment DIR`.
pub fn run_schedule(args: &ScheduleArgs) -> anyhow::Result<Outcome> {
    let Some((s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    inputs.push(args.assignment.clone());
    let dir = OutDir::new(&args.out, &inputs)?;
    let assignment = read_plan::assignment(&s, &args.assignment.join("assignment.csv"))?;
    let report = check_assignment(&s, &assignment);
    if !report.is_valid() {
        for v in &report.violations {
            errln!("violation: {v}");
        }
        errln!(
            "{}: the assignment breaks {} rules; fix it or run `tepai assign` again",
            args.assignment.display(),
            report.violations.len()
        );
        return Ok(Outcome::BadInput);
    }
    let plan = schedule(&s, &assignment, args.seed.unwrap_or(s.seed));
    let summary = dir.write(|path| {
        output::write_assignment(&s, &assignment, &path.join("assignment.csv"))?;
        let summary = write_schedule_outputs(&s, &assignment, &plan, path, json!({}))?;
        verify_written(&s, &assignment, &plan, path)?;
        anyhow::Ok(summary)
    })?;
    for w in dir.commit()? {
        errln!("tepai: warning: {w}");
    }
    out!("{}", render(&s, &plan, &summary));
    outln!("wrote {}", args.out.display());
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
/// must hold, except missing visits or stops that the reported shortfalls account for
/// exactly (same officer, period and target; as many visits short as the checker finds
/// missing), and no shortfall may report visits the checker finds made. Anything else is a
/// bug in tepai, reported as an internal error.
fn verify_written(
    s: &Scenario,
    assignment: &Assignment,
    plan: &Schedule,
    dir: &Path,
) -> anyhow::Result<()> {
    use std::collections::BTreeMap;
    let rows = read_plan::schedule_rows(&dir.join("schedule.csv"))?;
    let report = check_schedule(s, assignment, &rows);
    // Visits and member stops short as reported, per officer, period and target.
    let mut reported: BTreeMap<(String, String, String), (u32, u32)> = BTreeMap::new();
    for f in &plan.shortfalls {
        let key = (
            s.officer(f.officer).id.to_string(),
            f.period.label(),
            f.target
                .map_or(String::new(), |t| s.target_id(t).to_owned()),
        );
        let e = reported.entry(key).or_default();
        e.0 += f.visits_short;
        e.1 += f.stops_short;
    }
    let key = |o: &str, p: &str, t: &str| (o.to_owned(), p.to_owned(), t.to_owned());
    let mut missing: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    let mut unexplained: Vec<String> = Vec::new();
    for v in &report.violations {
        match v {
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
            } if visits < expected => {
                missing.insert(key(officer_id, period, target), expected - visits);
            }
            ScheduleViolation::StopCount {
                officer_id,
                unit_id,
                period,
                stops,
                expected,
                ..
            } if stops < expected
                && reported
                    .get(&key(officer_id, period, unit_id))
                    .is_some_and(|r| r.1 > 0) => {}
            other => unexplained.push(other.to_string()),
        }
    }
    for (k, &(visits_short, _)) in &reported {
        if missing.get(k).copied().unwrap_or(0) != visits_short {
            unexplained.push(format!(
                "{} {} {}: {visits_short} visit(s) reported short, {} missing from schedule.csv",
                k.0,
                k.1,
                k.2,
                missing.get(k).copied().unwrap_or(0)
            ));
        }
    }
    for (k, n) in &missing {
        if !reported.contains_key(k) {
            unexplained.push(format!(
                "{} {} {}: {n} visit(s) missing from schedule.csv and not reported short",
                k.0, k.1, k.2
            ));
        }
    }
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
            "  {} shortfalls — visits (or member stops) the schedule could not make:",
            plan.shortfalls.len()
        );
        for f in plan.shortfalls.iter().take(20) {
            let target = f
                .target
                .map_or("all targets".to_owned(), |t| s.target_id(t).to_owned());
            let what = if f.visits_short > 0 {
                format!(
                    "{} visit(s) short, {} usable days for {} trips",
                    f.visits_short, f.free_days, f.days_needed
                )
            } else {
                format!("{} member stop(s) short over its visits", f.stops_short)
            };
            let _ = writeln!(
                out,
                "    {} {} {target}: {what} — {}: {}",
                s.officer(f.officer).id,
                f.period,
                f.rule.as_str(),
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
