//! Re-planning mid-year: the past fixed as it happened, the rest of the year planned again
//! around what changed (leave from a date, officers joining, enterprises closing, new units),
//! keeping the baseline plan wherever it can.
//!
//! See `docs/replan.md`. [`replan`] takes the scenario as it is now, the baseline plan (its
//! assignment and its visits), the re-plan's day `from`, and the visits made before it (the
//! past, [`MadeVisit`]: from the ledger, or the baseline's own visits before `from` when no
//! ledger is given), and
//! 1. repairs the assignment ([`assignment`]): the baseline's pairs stay unless they break a
//!    rule of the scenario now (an officer's leave leaves no capacity, an enterprise closed
//!    on or before `from`) or a `--pin` displaces them; then the targets the baseline met
//!    are met again with the fewest pairs changed (an officer left idle first, then one
//!    giving up a target the targets can spare), proven the fewest by the assignment MIP
//!    when its search ends optimal ([`exact`]);
//! 2. schedules what remains ([`crate::schedule::schedule_replan`]): the past stays, each
//!    period from the one holding `from` owes its duty less the visits already made in it,
//!    and the baseline's later visits keep their day wherever it still holds;
//! 3. verifies both with the independent checker, judging the past as recorded.
pub mod assignment;
pub mod exact;

use std::time::Instant;

use chrono::NaiveDate;
use tepai_model::{EnterpriseIdx, OfficerIdx, Period, Place, Scenario, Target};

use crate::assign::{AssignOptions, Timings};
use crate::assignment::Assignment;
use crate::plan::{Plan, PlanError};
use crate::schedule::{route, schedule_replan, Visit, DEPART_MINUTES};

/// A visit made (on site), as the past of a re-plan knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeVisit {
    /// The day.
    pub date: NaiveDate,
    /// Who went (a team's joint trip lists every officer).
    pub officers: Vec<OfficerIdx>,
    /// The unit visited, or the directly served enterprise.
    pub target: Target,
    /// Enterprises visited, in visiting order.
    pub enterprises: Vec<EnterpriseIdx>,
}

/// What a re-plan starts from.
#[derive(Debug, Clone)]
pub struct ReplanInput {
    /// The baseline plan's assignment.
    pub baseline: Assignment,
    /// The baseline plan's visits (every row of its `schedule.csv`).
    pub baseline_visits: Vec<Visit>,
    /// The re-plan's day: everything before it is the past.
    pub from: NaiveDate,
    /// The visits made before `from`.
    pub past: Vec<MadeVisit>,
    /// Pairs that must be in the new plan, whatever they displace.
    pub pins: Vec<(OfficerIdx, Target)>,
}

/// Why a re-plan cannot be made: the user's input.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReplanError {
    /// `from` is not a day of the plan's year.
    #[error("the re-plan's day {0} is not in the plan's year {1}")]
    FromOutsideYear(NaiveDate, i32),
    /// A visit of the past is not before `from`.
    #[error("a visit made on {0} is not before the re-plan's day {1}")]
    PastAfterFrom(NaiveDate, NaiveDate),
    /// A pin breaks a rule of the assignment model whatever else changes.
    #[error("--pin {0}: {1}")]
    Pin(String, String),
    /// The plan failed the independent check.
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// A re-plan: the new plan (the past included in its schedule) and what it changed.
#[derive(Debug, Clone)]
pub struct Replan {
    /// The new plan, as `tepai plan` writes one.
    pub plan: Plan,
    /// The re-plan's day.
    pub from: NaiveDate,
    /// What the assignment repair did.
    pub repair: assignment::Repair,
}

/// The past when no ledger is given: the baseline's visits before `from`, as planned (a
/// team's joint trip once, with every officer).
pub fn past_as_planned(baseline: &[Visit], from: NaiveDate) -> Vec<MadeVisit> {
    let mut out: Vec<MadeVisit> = Vec::new();
    for v in baseline.iter().filter(|v| v.date < from) {
        if let Some(m) = out
            .iter_mut()
            .find(|m| m.date == v.date && m.target == v.target && m.enterprises == v.stops)
        {
            if !m.officers.contains(&v.officer) {
                m.officers.push(v.officer);
            }
            continue;
        }
        out.push(MadeVisit {
            date: v.date,
            officers: vec![v.officer],
            target: v.target,
            enterprises: v.stops.clone(),
        });
    }
    out
}

/// The rows of a made visit: one per officer, travel over the stops in the order visited.
pub fn past_rows(s: &Scenario, past: &[MadeVisit]) -> Vec<Visit> {
    let mut rows = Vec::new();
    for m in past {
        for &o in &m.officers {
            let court = Place::Court(s.officer(o).court);
            rows.push(Visit {
                date: m.date,
                period: Period::containing(m.date, s.rules.period),
                officer: o,
                target: m.target,
                stops: m.enterprises.clone(),
                depart: DEPART_MINUTES,
                travel_minutes: route::trip_minutes(s, court, &m.enterprises),
                onsite_minutes: u32::try_from(m.enterprises.len())
                    .unwrap_or(u32::MAX)
                    .saturating_mul(s.rules.onsite_minutes),
            });
        }
    }
    rows.sort_by_key(|v| (v.date, v.officer, v.target));
    rows
}

/// Re-plans the year from `input.from` (see the module documentation).
///
/// # Errors
/// [`ReplanError`] when the day or the past does not fit the year, a pin cannot hold, or the
/// independent checker rejects the result.
pub fn replan(
    s: &Scenario,
    input: &ReplanInput,
    options: &AssignOptions,
    seed: u64,
) -> Result<Replan, ReplanError> {
    let from = input.from;
    if Period::all(s.year, s.rules.period)
        .first()
        .zip(Period::all(s.year, s.rules.period).last())
        .map_or(true, |(a, b)| from < a.start() || from > b.end())
    {
        return Err(ReplanError::FromOutsideYear(from, s.year));
    }
    if let Some(m) = input.past.iter().find(|m| m.date >= from) {
        return Err(ReplanError::PastAfterFrom(m.date, from));
    }
    let start = Instant::now();
    let (result, repair) = assignment::repair(s, input, options)?;
    let report = crate::check::check_assignment(s, &result.assignment);
    if !report.is_valid() {
        return Err(PlanError::CheckFailed(
            report.violations.iter().map(ToString::to_string).collect(),
        )
        .into());
    }
    let past = past_rows(s, &input.past);
    let schedule = schedule_replan(
        s,
        &result.assignment,
        seed,
        from,
        &past,
        &input.baseline_visits,
    );
    let mut result = result;
    result.timings = Timings {
        heuristic: start.elapsed(),
        ..result.timings
    };
    let plan = crate::plan::replanned(s, result, schedule, from)?;
    Ok(Replan { plan, from, repair })
}

/// The rows of a plan's `schedule.csv` as visits of the scenario (a baseline's): `Err` with
/// the line and what is wrong when a row does not read.
///
/// # Errors
/// The first row whose date, officer, target or stops the scenario does not know.
pub fn visits_of_rows(
    s: &Scenario,
    rows: &[crate::check::ScheduleRow],
) -> Result<Vec<Visit>, (u64, String)> {
    let mut out = Vec::new();
    for r in rows {
        let date = NaiveDate::parse_from_str(r.date.trim(), "%Y-%m-%d")
            .map_err(|_| (r.line, format!("`{}` is not a date", r.date)))?;
        let officer = s
            .officer_by_id(r.officer_id.trim())
            .ok_or_else(|| (r.line, format!("no officer has id `{}`", r.officer_id)))?;
        let id = r.target_id.trim();
        let target = match r.target_kind.trim() {
            "enterprise" => s.enterprise_by_id(id).map(Target::Enterprise),
            _ => s.unit_by_id(id).map(Target::Unit),
        }
        .ok_or_else(|| (r.line, format!("no {} has id `{id}`", r.target_kind)))?;
        let stops = r
            .enterprise_ids
            .split(';')
            .filter(|e| !e.trim().is_empty())
            .map(|e| {
                s.enterprise_by_id(e.trim())
                    .ok_or_else(|| (r.line, format!("no enterprise has id `{e}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.push(MadeVisit {
            date,
            officers: vec![officer],
            target,
            enterprises: stops,
        });
    }
    Ok(past_rows(s, &out))
}
