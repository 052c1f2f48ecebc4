//! Writers of plan outputs (the output contract in the README).
use std::fs;
use std::path::Path;

use anyhow::Result;
use serde_json::{json, Value};
use tepai_model::{Scenario, Target};
use tepai_solver::assign::{AssignResult, Diagnosis};
use tepai_solver::candidates::{pair_load, visits};
use tepai_solver::schedule::Schedule;
use tepai_solver::Assignment;

/// Column order of `assignment.csv` (a contract: add at the end, never rename).
pub const ASSIGNMENT_COLUMNS: &[&str] = &[
    "officer_id",
    "officer_name",
    "court_id",
    "target_kind",
    "target_id",
    "target_name",
    "role",
    "one_way_minutes",
    "visits_per_period",
    "load_minutes_per_period",
];

/// Column order of `coverage.csv`.
pub const COVERAGE_COLUMNS: &[&str] = &[
    "enterprise_id",
    "enterprise_name",
    "reached_via",
    "officer_ids",
    "visits_in_year",
];

/// Writes `assignment.csv`. In a team the officer with the shortest travel leads.
pub fn write_assignment(s: &Scenario, assignment: &Assignment, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(ASSIGNMENT_COLUMNS)?;
    let mut leads: std::collections::HashMap<Target, (u32, tepai_model::OfficerIdx)> =
        std::collections::HashMap::new();
    for &(o, t) in &assignment.pairs {
        let travel = s.officer_travel(o, t);
        let e = leads.entry(t).or_insert((travel, o));
        if (travel, o) < *e {
            *e = (travel, o);
        }
    }
    for &(o, t) in &assignment.pairs {
        let officer = s.officer(o);
        let travel = s.officer_travel(o, t);
        let role = if leads.get(&t).is_some_and(|l| l.1 == o) {
            "lead"
        } else {
            "member"
        };
        write_row(
            &mut w,
            &[
                officer.id.as_str(),
                &officer.name,
                s.court(officer.court).id.as_str(),
                s.target_kind(t),
                s.target_id(t),
                s.target_name(t),
                role,
                &travel.to_string(),
                &visits(s, t).to_string(),
                &pair_load(s, o, t).map_or_else(String::new, |l| format!("{l:.0}")),
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// A cell as written: text a spreadsheet would run as a formula (leading `=`, `+`, `-`, `@`,
/// tab or carriage return — OWASP's rule), or that starts with the escape itself, gets a
/// leading `'`. Readers of plans (`tepai check`, `tepai schedule`) drop one leading `'`, so
/// every cell reads back unchanged.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes one data row, every cell made spreadsheet-safe.
fn write_row<W: std::io::Write>(w: &mut csv::Writer<W>, cells: &[&str]) -> Result<()> {
    w.write_record(cells.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
    Ok(())
}

/// Writes `coverage.csv`: every enterprise, how it is reached and by whom.
/// `visits_in_year` is filled by the schedule (empty until one exists).
pub fn write_coverage(
    s: &Scenario,
    assignment: &Assignment,
    visits_in_year: Option<&[u32]>,
    path: &Path,
) -> Result<()> {
    let mut officers_of: std::collections::HashMap<Target, Vec<&str>> =
        std::collections::HashMap::new();
    for &(o, t) in &assignment.pairs {
        officers_of
            .entry(t)
            .or_default()
            .push(s.officer(o).id.as_str());
    }
    let served = |u: tepai_model::UnitIdx| {
        officers_of
            .get(&Target::Unit(u))
            .is_some_and(|v| v.len() == s.unit(u).team_size as usize)
    };
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(COVERAGE_COLUMNS)?;
    for (i, e) in s.enterprises.iter().enumerate() {
        let idx = tepai_model::EnterpriseIdx::from(i);
        let (via, officers) = if let Some(v) = officers_of.get(&Target::Enterprise(idx)) {
            ("direct".to_owned(), v.join(";"))
        } else if let Some(&u) = e.units.iter().find(|&&u| served(u)) {
            (
                s.unit(u).id.to_string(),
                officers_of[&Target::Unit(u)].join(";"),
            )
        } else {
            (String::new(), String::new())
        };
        let visits = visits_in_year.map_or(String::new(), |v| v[i].to_string());
        write_row(&mut w, &[e.id.as_str(), &e.name, &via, &officers, &visits])?;
    }
    w.flush()?;
    Ok(())
}

/// The assignment part of `summary.json`.
pub fn assignment_summary(s: &Scenario, r: &AssignResult) -> Value {
    let o = &r.objective;
    let used: std::collections::BTreeSet<_> = r.assignment.pairs.iter().map(|p| p.0).collect();
    let travel_h: f64 = r
        .assignment
        .pairs
        .iter()
        .map(|&(of, t)| f64::from(s.officer_travel(of, t)) / 60.0)
        .sum();
    json!({
        "status": r.status.as_str(),
        "targets_met": r.targets_met(),
        "targets": {
            "platforms": {"required": s.required_platforms(), "achieved": r.coverage.platforms},
            "chambers": {"required": s.required_chambers(), "achieved": r.coverage.chambers},
            "enterprises": {"required": s.targets.enterprises_min, "achieved": r.coverage.enterprises},
        },
        "objective": {
            "total": o.total(), "shortfall": o.shortfall, "priority": o.priority, "travel": o.travel,
            "mismatch": o.mismatch, "imbalance": o.imbalance, "change": o.change,
        },
        "heuristic_objective": r.heuristic_objective,
        "bound": r.bound,
        "bound_scope": r.bound_scope.as_str(),
        "candidate_bound": r.candidate_bound,
        "gap": r.gap(),
        "mip_gap": r.mip_gap,
        "solver_error": r.solver_error,
        "kpis": {
            "officers": s.officers.len(),
            "officers_used": used.len(),
            "pairs": r.assignment.pairs.len(),
            "enterprises_reached": r.coverage.enterprises,
            "enterprises_served_directly": r.coverage.direct,
            "one_way_travel_hours_total": (travel_h * 10.0).round() / 10.0 + 0.0,
            "candidate_pairs": r.candidate_pairs,
            "pairs_within_reach": r.pairs_within_reach,
            "graph_components": r.components,
        },
        "timings_s": {
            "graph": r.timings.graph.as_secs_f64(),
            "heuristic": r.timings.heuristic.as_secs_f64(),
            "model_build": r.timings.model_build.as_secs_f64(),
            "lp": r.timings.lp.as_secs_f64(),
            "pricing": r.timings.pricing.as_secs_f64(),
            "mip": r.timings.mip.as_secs_f64(),
            "diagnosis": r.timings.diagnosis.as_secs_f64(),
        },
        "diagnosis": r.diagnosis.as_ref().map(diagnosis_json),
    })
}

fn diagnosis_json(d: &Diagnosis) -> Value {
    json!({
        "shortfalls": d.shortfalls.iter().map(|s| json!({"target": s.target, "required": s.required, "achieved": s.achieved, "short_by": s.required - s.achieved})).collect::<Vec<_>>(),
        "unreachable_units": d.unreachable_units.iter().map(|(u, why)| json!({"unit": u, "reason": why.as_str()})).collect::<Vec<_>>(),
        "unreachable_enterprises": d.unreachable_enterprises,
        "courts": d.courts.iter().map(|c| json!({"court": c.court, "officers": c.officers, "used": c.used, "unserved_units_nearby": c.unserved_units_nearby})).collect::<Vec<_>>(),
        "additional_officers": d.additional_officers,
        "additional_officers_proven_minimal": d.additional_proven,
    })
}

/// Writes `summary.json`.
pub fn write_summary(s: &Scenario, mut body: Value, path: &Path) -> Result<()> {
    if let Value::Object(map) = &mut body {
        map.insert("tepai_version".into(), json!(env!("CARGO_PKG_VERSION")));
        map.insert(
            "scenario".into(),
            json!({"name": s.name, "year": s.year, "hash": s.content_hash}),
        );
    }
    let text = serde_json::to_string_pretty(&body)?;
    fs::write(path, text + "\n")?;
    Ok(())
}

/// Column order of `schedule.csv`.
pub const SCHEDULE_COLUMNS: &[&str] = &[
    "date",
    "period",
    "officer_id",
    "target_kind",
    "target_id",
    "enterprise_ids",
    "depart",
    "return",
    "travel_minutes",
    "onsite_minutes",
];

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Writes `schedule.csv`: one row per officer per trip.
pub fn write_schedule(s: &Scenario, schedule: &Schedule, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(SCHEDULE_COLUMNS)?;
    for v in &schedule.visits {
        let stops: Vec<&str> = v
            .stops
            .iter()
            .map(|&e| s.enterprise(e).id.as_str())
            .collect();
        write_row(
            &mut w,
            &[
                v.date.format("%Y-%m-%d").to_string().as_str(),
                &v.period.label(),
                s.officer(v.officer).id.as_str(),
                s.target_kind(v.target),
                s.target_id(v.target),
                &stops.join(";"),
                &hhmm(v.depart),
                &hhmm(v.return_time()),
                &v.travel_minutes.to_string(),
                &v.onsite_minutes.to_string(),
            ],
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Trips per enterprise in the year (a team's joint trip counts once).
pub fn visits_in_year(s: &Scenario, schedule: &Schedule) -> Vec<u32> {
    let mut seen = std::collections::HashSet::new();
    let mut count = vec![0u32; s.enterprises.len()];
    for v in &schedule.visits {
        if seen.insert((v.date, v.target, v.stops.clone())) {
            for &e in &v.stops {
                count[e.index()] += 1;
            }
        }
    }
    count
}

fn min_median_max(mut v: Vec<f64>) -> Value {
    if v.is_empty() {
        return json!(null);
    }
    v.sort_by(f64::total_cmp);
    let round = |x: f64| (x * 10.0).round() / 10.0;
    json!({"min": round(v[0]), "median": round(v[v.len() / 2]), "max": round(v[v.len() - 1])})
}

/// The schedule part of `summary.json`.
pub fn schedule_summary(s: &Scenario, schedule: &Schedule, visits: &[u32]) -> Value {
    let mut per_period: std::collections::BTreeMap<String, usize> =
        std::collections::BTreeMap::new();
    let mut trips = std::collections::HashSet::new();
    let mut travel = vec![0.0; s.officers.len()];
    let mut days: std::collections::BTreeMap<
        (usize, String),
        std::collections::BTreeSet<chrono::NaiveDate>,
    > = std::collections::BTreeMap::new();
    for v in &schedule.visits {
        if trips.insert((v.date, v.target, v.stops.clone())) {
            *per_period.entry(v.period.label()).or_insert(0) += 1;
        }
        travel[v.officer.index()] += f64::from(v.travel_minutes) / 60.0;
        days.entry((v.officer.index(), v.period.label()))
            .or_default()
            .insert(v.date);
    }
    let active: std::collections::BTreeSet<usize> =
        schedule.visits.iter().map(|v| v.officer.index()).collect();
    let travel_hours: Vec<f64> = active.iter().map(|&o| travel[o]).collect();
    #[allow(clippy::cast_precision_loss)]
    let days_used: Vec<f64> = days.values().map(|d| d.len() as f64).collect();
    let shortfalls: Vec<Value> = schedule
        .shortfalls
        .iter()
        .map(|f| {
            json!({
                "officer_id": s.officer(f.officer).id.as_str(),
                "period": f.period.label(),
                "target_id": f.target.map(|t| s.target_id(t).to_owned()),
                "rule": f.rule.as_str(),
                "explanation": f.rule.explain(),
                "visits_short": f.visits_short,
                "stops_short": f.stops_short,
                "free_days": f.free_days,
                "days_needed": f.days_needed,
            })
        })
        .collect();
    json!({
        "rules_met": schedule.shortfalls.is_empty(),
        "trips": trips.len(),
        "rows": schedule.visits.len(),
        "visits_per_period": per_period,
        "enterprises_visited": visits.iter().filter(|&&n| n > 0).count(),
        "distinct_members_per_unit": schedule.distinct_members.iter().map(|(u, n)| (s.unit(*u).id.to_string(), *n)).collect::<std::collections::BTreeMap<_, _>>(),
        "travel_hours_per_officer": min_median_max(travel_hours),
        "days_used_per_officer_and_period": min_median_max(days_used),
        "travel_saved_minutes_vs_one_trip_per_enterprise": schedule.travel_saved_minutes,
        "shortfalls": shortfalls,
    })
}
