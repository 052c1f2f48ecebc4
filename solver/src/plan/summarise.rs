//! The figures of `summary.json`, from what the stages made.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use tepai_model::Scenario;

use crate::assign::AssignResult;
use crate::schedule::Schedule;
use crate::summary::{
    AssignmentSummary, Continuity, CourtLoad, Diagnosis, EnterprisesCountWritten, Kpis,
    MinMedianMax, ObjectiveParts, ScenarioIdentity, ScheduleSummary, TargetFigures,
    TargetShortfall, Targets, Timings, UnreachableUnit, VisitShortfall,
};

/// Which scenario the plan is for.
pub fn identity(s: &Scenario) -> ScenarioIdentity {
    ScenarioIdentity {
        name: s.name.clone(),
        year: s.year,
        hash: s.content_hash.clone(),
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The assignment part.
pub fn assignment(s: &Scenario, r: &AssignResult) -> AssignmentSummary {
    let parts: ObjectiveParts = r.objective;
    let used: BTreeSet<_> = r.assignment.pairs.iter().map(|p| p.0).collect();
    let travel_h: f64 = r
        .assignment
        .pairs
        .iter()
        .map(|&(of, t)| f64::from(s.officer_travel(of, t)) / 60.0)
        .sum();
    let t = &r.timings;
    let kept = r
        .assignment
        .pairs
        .iter()
        .filter(|&&(o, t)| s.officer(o).previous_targets.contains(&t))
        .count();
    AssignmentSummary {
        status: r.status,
        targets_met: r.targets_met(),
        targets: Targets {
            platforms: TargetFigures {
                required: s.required_platforms(),
                achieved: r.coverage.platforms,
            },
            chambers: TargetFigures {
                required: s.required_chambers(),
                achieved: r.coverage.chambers,
            },
            enterprises: TargetFigures {
                required: s.targets.enterprises_min,
                achieved: r.coverage.enterprises,
            },
            enterprises_count: EnterprisesCountWritten::of(s.targets.enterprises_count),
        },
        objective: parts.into(),
        heuristic_objective: r.heuristic_objective,
        bound: r.bound,
        bound_scope: r.bound_scope,
        candidate_bound: r.candidate_bound,
        gap: r.gap(),
        mip_gap: r.mip_gap,
        solver_error: r.solver_error.as_ref().map(ToString::to_string),
        kpis: Kpis {
            officers: count(s.officers.len()),
            officers_used: count(used.len()),
            pairs: count(r.assignment.pairs.len()),
            enterprises_reached: u64::from(r.coverage.reached),
            enterprises_served_directly: u64::from(r.coverage.direct),
            one_way_travel_hours_total: (travel_h * 10.0).round() / 10.0 + 0.0,
            candidate_pairs: count(r.candidate_pairs),
            pairs_within_reach: count(r.pairs_within_reach),
            graph_components: count(r.components),
        },
        continuity: Continuity {
            previous: count(s.officers.iter().map(|o| o.previous_targets.len()).sum()),
            kept: count(kept),
        },
        timings_s: Timings {
            graph: t.graph.as_secs_f64(),
            heuristic: t.heuristic.as_secs_f64(),
            model_build: t.model_build.as_secs_f64(),
            lp: t.lp.as_secs_f64(),
            pricing: t.pricing.as_secs_f64(),
            mip: t.mip.as_secs_f64(),
            diagnosis: t.diagnosis.as_secs_f64(),
        },
        diagnosis: r.diagnosis.as_ref().map(|d| Diagnosis {
            shortfalls: d
                .shortfalls
                .iter()
                .map(|x| TargetShortfall {
                    target: x.target.to_owned(),
                    required: x.required,
                    achieved: x.achieved,
                    short_by: x.required - x.achieved,
                })
                .collect(),
            unreachable_units: d
                .unreachable_units
                .iter()
                .map(|(unit, why)| UnreachableUnit {
                    unit: unit.clone(),
                    reason: why.as_str().to_owned(),
                })
                .collect(),
            unreachable_enterprises: d.unreachable_enterprises,
            courts: d
                .courts
                .iter()
                .map(|c| CourtLoad {
                    court: c.court.clone(),
                    officers: c.officers,
                    used: c.used,
                    unserved_units_nearby: c.unserved_units_nearby,
                })
                .collect(),
            additional_officers: d.additional_officers.clone(),
            additional_officers_proven_minimal: d.additional_proven,
            additional_officers_error: d.additional_error.as_ref().map(ToString::to_string),
        }),
    }
}

/// With `enterprises_count = "visited"`, the enterprise target's achieved figure is what the
/// schedule delivers: the distinct enterprises it visits (`visits`: trips per enterprise),
/// not the most the assignment's visits could reach; `targets_met` follows it.
pub fn count_visited(s: &Scenario, part: &mut AssignmentSummary, visits: &[u32]) {
    if s.targets.enterprises_count != tepai_model::EnterprisesCount::Visited {
        return;
    }
    let t = &mut part.targets;
    t.enterprises.achieved =
        u32::try_from(visits.iter().filter(|&&n| n > 0).count()).unwrap_or(u32::MAX);
    part.targets_met = [t.platforms, t.chambers, t.enterprises]
        .iter()
        .all(|f| f.achieved >= f.required);
}

/// The schedule part (`visits`: trips per enterprise in the year; `most_visitable`: the
/// most enterprises the assignment's visits can reach, see `visitable.rs`).
pub fn schedule(
    s: &Scenario,
    schedule: &Schedule,
    visits: &[u32],
    most_visitable: u64,
) -> ScheduleSummary {
    let mut per_period: BTreeMap<String, u64> = BTreeMap::new();
    let mut trips = HashSet::new();
    let mut travel = vec![0.0; s.officers.len()];
    let mut days: BTreeMap<(usize, String), BTreeSet<NaiveDate>> = BTreeMap::new();
    for v in &schedule.visits {
        if trips.insert((v.date, v.target, v.stops.clone())) {
            *per_period.entry(v.period.label()).or_insert(0) += 1;
        }
        travel[v.officer.index()] += f64::from(v.travel_minutes) / 60.0;
        days.entry((v.officer.index(), v.period.label()))
            .or_default()
            .insert(v.date);
    }
    let active: BTreeSet<usize> = schedule.visits.iter().map(|v| v.officer.index()).collect();
    #[allow(clippy::cast_precision_loss)]
    let days_used: Vec<f64> = days.values().map(|d| d.len() as f64).collect();
    ScheduleSummary {
        rules_met: schedule.shortfalls.is_empty(),
        trips: count(trips.len()),
        rows: count(schedule.visits.len()),
        visits_per_period: per_period,
        enterprises_visited: count(visits.iter().filter(|&&n| n > 0).count()),
        enterprises_visited_max: most_visitable,
        distinct_members_per_unit: schedule
            .distinct_members
            .iter()
            .map(|(u, n)| (s.unit(*u).id.to_string(), *n))
            .collect(),
        travel_hours_per_officer: MinMedianMax::of(active.iter().map(|&o| travel[o]).collect()),
        days_used_per_officer_and_period: MinMedianMax::of(days_used),
        travel_saved_minutes_vs_one_trip_per_enterprise: schedule.travel_saved_minutes,
        shortfalls: schedule
            .shortfalls
            .iter()
            .map(|f| VisitShortfall {
                officer_id: s.officer(f.officer).id.to_string(),
                period: f.period.label(),
                target_id: f.target.map(|t| s.target_id(t).to_owned()),
                rule: f.rule.as_str().to_owned(),
                explanation: f.rule.explain().to_owned(),
                visits_short: f.visits_short,
                stops_short: f.stops_short,
                free_days: f.free_days,
                days_needed: f.days_needed,
            })
            .collect(),
        calendars: count(active.len()),
    }
}
