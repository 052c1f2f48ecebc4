//! The whole plan pipeline as one library call: assign → check → schedule → check, with
//! every shortfall explained, into a typed [`Plan`] that the writers of `tepai-io` write and
//! the terminal renders.
//!
//! ```no_run
//! let s = tepai_model::load(std::path::Path::new("scenarios/nanping-2024")).unwrap().scenario;
//! let plan = tepai_solver::plan(&s, &tepai_solver::PlanOptions::from_scenario(&s)).unwrap();
//! let a = plan.summary.assignment.as_ref().unwrap();
//! println!("{:?}: {} of {} platforms", a.status, a.targets.platforms.achieved, a.targets.platforms.required);
//! ```
//!
//! Both checks are the independent checker's (`check/`): an assignment that breaks a rule, or
//! a schedule whose missing visits are not exactly the shortfalls the scheduler reports, is a
//! bug in tepai and ends the run with [`PlanError::CheckFailed`].
mod coverage;
mod summarise;
pub(crate) mod visitable;

use std::collections::BTreeMap;

use tepai_model::Scenario;

use crate::assign::{assign_reporting, AssignOptions, AssignResult};
use crate::assignment::Assignment;
use crate::check::{
    check_assignment, check_schedule_from, ScheduleRow, ScheduleViolation, Violation,
};
use crate::progress::{Progress, Stage};
use crate::schedule::{schedule, Schedule};
use crate::summary::Summary;

pub use coverage::{Reached, Via};

/// What to run.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The assignment's settings (time limit, gap, seed, …).
    pub assign: AssignOptions,
    /// Whether to date every visit of the year (`false`: the assignment only).
    pub schedule: bool,
    /// Seed of the scheduler's tie-breaking.
    pub schedule_seed: u64,
    /// Where each stage is reported as it starts (nowhere by default).
    pub progress: Progress,
}

impl PlanOptions {
    /// The scenario's own settings, with a schedule.
    pub fn from_scenario(s: &Scenario) -> PlanOptions {
        PlanOptions {
            assign: AssignOptions::from_scenario(s),
            schedule: true,
            schedule_seed: s.seed,
            progress: Progress::default(),
        }
    }
}

/// A plan: who serves what, every visit, who is reached, and the summary of it all.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Who serves what, in the order written to `assignment.csv`.
    pub assignment: Assignment,
    /// How the assignment was found (absent when it was given, as in `tepai schedule`).
    pub solve: Option<AssignResult>,
    /// Every visit of the year, when scheduled.
    pub schedule: Option<Schedule>,
    /// The schedule as the rows of `schedule.csv` (what the independent checker verified).
    pub schedule_rows: Vec<ScheduleRow>,
    /// Per enterprise (in the scenario's order): how it is reached and by whom.
    pub coverage: Vec<Reached>,
    /// Everything `summary.json` says.
    pub summary: Summary,
}

impl Plan {
    /// Whether every target is reached and every visit rule met (exit code 0 rather than 3).
    pub fn complete(&self) -> bool {
        self.summary
            .assignment
            .as_ref()
            .map_or(true, |a| a.targets_met)
            && self.summary.schedule.as_ref().map_or(true, |s| s.rules_met)
    }
}

/// Why no plan came out.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlanError {
    /// A given assignment (`tepai schedule`) breaks rules of the assignment model.
    #[error("the assignment breaks {} rule(s)", .0.len())]
    AssignmentBreaksRules(Vec<Violation>),
    /// The independent checker rejects what the solver made: a bug in tepai.
    #[error("the plan failed the independent check (a bug in tepai):\n{}", .0.join("\n"))]
    CheckFailed(Vec<String>),
}

/// Assigns, checks, and (when asked) schedules and checks the schedule.
///
/// # Errors
/// [`PlanError::CheckFailed`] when the independent checker rejects the solver's work.
pub fn plan(s: &Scenario, options: &PlanOptions) -> Result<Plan, PlanError> {
    let result = assign_reporting(s, &options.assign, &options.progress);
    options.progress.report(Stage::Check, result.gap());
    let report = check_assignment(s, &result.assignment);
    if !report.is_valid() {
        return Err(PlanError::CheckFailed(
            report.violations.iter().map(ToString::to_string).collect(),
        ));
    }
    let assignment = result.assignment.clone();
    let dated = options
        .schedule
        .then(|| {
            options.progress.report(Stage::Schedule, result.gap());
            scheduled(s, &assignment, options.schedule_seed)
        })
        .transpose()?;
    Ok(finish(s, assignment, Some(result), dated))
}

/// Dates the visits of a given assignment (`tepai schedule`).
///
/// # Errors
/// [`PlanError::AssignmentBreaksRules`] when the assignment breaks a rule;
/// [`PlanError::CheckFailed`] when the schedule fails the independent check.
pub fn plan_for_assignment(
    s: &Scenario,
    assignment: Assignment,
    seed: u64,
) -> Result<Plan, PlanError> {
    let report = check_assignment(s, &assignment);
    if !report.is_valid() {
        return Err(PlanError::AssignmentBreaksRules(report.violations));
    }
    let dated = scheduled(s, &assignment, seed)?;
    Ok(finish(s, assignment, None, Some(dated)))
}

fn finish(
    s: &Scenario,
    assignment: Assignment,
    solve: Option<AssignResult>,
    dated: Option<(Schedule, Vec<ScheduleRow>)>,
) -> Plan {
    let (schedule, schedule_rows) = dated.map_or((None, Vec::new()), |(a, b)| (Some(a), b));
    let visits = schedule
        .as_ref()
        .map(|sch| coverage::visits_in_year(s, sch));
    let coverage = coverage::reached(s, &assignment, visits.as_deref());
    let summary = Summary {
        scenario: summarise::identity(s),
        tepai_version: env!("CARGO_PKG_VERSION").to_owned(),
        assignment: solve.as_ref().map(|r| {
            let mut part = summarise::assignment(s, r);
            if let Some(v) = visits.as_deref() {
                summarise::count_visited(s, &mut part, v);
            }
            part
        }),
        schedule: schedule.as_ref().map(|sch| {
            let most = visitable::most_visitable(s, &assignment);
            summarise::schedule(s, sch, visits.as_deref().unwrap_or(&[]), most)
        }),
    };
    Plan {
        assignment,
        solve,
        schedule,
        schedule_rows,
        coverage,
        summary,
    }
}

/// A written plan read back from its files (`tepai status` writes its workbook and page
/// again with the status added): the assignment of `assignment.csv`, the visits of
/// `schedule.csv` (`None` for a plan without one) and `summary.json`, as written; who is
/// reached is derived from them as for a new plan. The schedule's shortfalls, travel saved
/// and members visited are the summary's (the writers read them there), so the schedule
/// holds the visits only.
pub fn read_back(
    s: &Scenario,
    assignment: Assignment,
    visits: Option<Vec<crate::schedule::Visit>>,
    schedule_rows: Vec<ScheduleRow>,
    summary: Summary,
) -> Plan {
    let schedule = visits.map(|visits| Schedule {
        visits,
        shortfalls: Vec::new(),
        travel_saved_minutes: 0,
        distinct_members: Vec::new(),
    });
    let in_year = schedule
        .as_ref()
        .map(|sch| coverage::visits_in_year(s, sch));
    let coverage = coverage::reached(s, &assignment, in_year.as_deref());
    Plan {
        assignment,
        solve: None,
        schedule,
        schedule_rows,
        coverage,
        summary,
    }
}

/// Schedules, and verifies the schedule's rows with the independent checker.
fn scheduled(
    s: &Scenario,
    assignment: &Assignment,
    seed: u64,
) -> Result<(Schedule, Vec<ScheduleRow>), PlanError> {
    let dated = schedule(s, assignment, seed);
    let rows = schedule_rows(s, &dated);
    let unexplained = unexplained(s, assignment, &dated, &rows, None);
    if unexplained.is_empty() {
        Ok((dated, rows))
    } else {
        Err(PlanError::CheckFailed(unexplained))
    }
}

/// A re-plan's plan (`crate::replan`): its schedule (the past included) verified by the
/// independent checker from the re-plan's day `from` on, the past as recorded.
pub(crate) fn replanned(
    s: &Scenario,
    result: AssignResult,
    dated: Schedule,
    from: chrono::NaiveDate,
) -> Result<Plan, PlanError> {
    let rows = schedule_rows(s, &dated);
    let unexplained = unexplained(s, &result.assignment, &dated, &rows, Some(from));
    if !unexplained.is_empty() {
        return Err(PlanError::CheckFailed(unexplained));
    }
    let assignment = result.assignment.clone();
    Ok(finish(s, assignment, Some(result), Some((dated, rows))))
}

/// `HH:MM` of minutes after midnight.
fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The rows of `schedule.csv`: one per officer per trip, `line` counting the header as 1.
pub fn schedule_rows(s: &Scenario, schedule: &Schedule) -> Vec<ScheduleRow> {
    schedule
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| ScheduleRow {
            line: i as u64 + 2,
            date: v.date.format("%Y-%m-%d").to_string(),
            period: v.period.label(),
            officer_id: s.officer(v.officer).id.to_string(),
            target_kind: s.target_kind(v.target).to_owned(),
            target_id: s.target_id(v.target).to_owned(),
            enterprise_ids: v
                .stops
                .iter()
                .map(|&e| s.enterprise(e).id.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            depart: hhmm(v.depart),
            return_time: hhmm(v.return_time()),
            travel_minutes: v.travel_minutes.to_string(),
            onsite_minutes: v.onsite_minutes.to_string(),
        })
        .collect()
}

/// Checks the schedule's rows with the independent checker: every rule must hold, except
/// missing visits or member stops that the reported shortfalls account for exactly (same
/// officer, period and target; as many visits short as the checker finds missing), and no
/// shortfall may report visits the checker finds made. Returns what is left unexplained.
fn unexplained(
    s: &Scenario,
    assignment: &Assignment,
    plan: &Schedule,
    rows: &[ScheduleRow],
    from: Option<chrono::NaiveDate>,
) -> Vec<String> {
    type Key = (String, String, String);
    let report = check_schedule_from(s, assignment, rows, from);
    // Visits and member stops short as reported, per officer, period and target.
    let mut reported: BTreeMap<Key, (u32, u32)> = BTreeMap::new();
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
    let mut missing: BTreeMap<Key, u32> = BTreeMap::new();
    let mut unexplained: Vec<String> = Vec::new();
    for v in &report.violations {
        if let Some((officer, period, target, n)) = v.visits_missing() {
            missing.insert(key(officer, period, target), n);
            continue;
        }
        match v {
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
        let found = missing.get(k).copied().unwrap_or(0);
        if found != visits_short {
            unexplained.push(format!(
                "{} {} {}: {visits_short} visit(s) reported short, {found} missing from the schedule",
                k.0, k.1, k.2
            ));
        }
    }
    for (k, n) in &missing {
        if !reported.contains_key(k) {
            unexplained.push(format!(
                "{} {} {}: {n} visit(s) missing from the schedule and not reported short",
                k.0, k.1, k.2
            ));
        }
    }
    unexplained
}
