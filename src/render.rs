//! What the terminal shows of a plan: read from its typed summary, nothing else.
use std::fmt::Write as _;

use tepai_solver::assign::BoundScope;
use tepai_solver::summary::{AssignmentSummary, ScheduleSummary, Summary};

/// Shortfalls listed on the terminal; the rest are in `summary.json`.
const SHORTFALLS_SHOWN: usize = 20;

/// The whole summary: the assignment part, then the schedule part.
pub fn summary(s: &Summary) -> String {
    let mut out = String::new();
    if let Some(a) = &s.assignment {
        out.push_str(&assignment(s, a));
    }
    if let Some(sch) = &s.schedule {
        out.push_str(&schedule(s.scenario.year, sch));
    }
    out
}

/// The assignment part.
fn assignment(s: &Summary, a: &AssignmentSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): assignment {}",
        s.scenario.name,
        s.scenario.year,
        a.status.as_str()
    );
    for (what, t) in [
        ("platforms", a.targets.platforms),
        ("chambers", a.targets.chambers),
        ("enterprises", a.targets.enterprises),
    ] {
        let mark = if t.achieved >= t.required {
            "ok"
        } else {
            "SHORT"
        };
        let _ = writeln!(
            out,
            "  {what:<12} {:>6} of {:>6} required  {mark}",
            t.achieved, t.required
        );
    }
    let k = &a.kpis;
    let _ = writeln!(
        out,
        "  officers used {} of {}; {} enterprises served directly",
        k.officers_used, k.officers, k.enterprises_served_directly
    );
    let bound = a.bound.map_or("none".to_owned(), |b| match a.bound_scope {
        BoundScope::AllPlans => format!("{b:.2}"),
        BoundScope::CandidatePairs => {
            format!(
                "{b:.2} (over the {} candidate pairs only)",
                k.candidate_pairs
            )
        }
    });
    let gap = a
        .gap
        .map_or("unknown".to_owned(), |g| format!("{:.3}%", g * 100.0));
    let _ = writeln!(
        out,
        "  objective {:.2} (heuristic {:.2}), bound {bound}, gap {gap}",
        a.objective.total, a.heuristic_objective
    );
    let t = &a.timings_s;
    let _ = writeln!(
        out,
        "  time: graph {:.2}s, heuristic {:.2}s, model {:.2}s, LP {:.2}s, MIP {:.2}s ({} candidate pairs of {} within reach)",
        t.graph, t.heuristic, t.model_build, t.lp, t.mip, k.candidate_pairs, k.pairs_within_reach
    );
    if let Some(e) = &a.solver_error {
        let _ = writeln!(
            out,
            "  the MIP solver failed, so the plan is the heuristic's: {e}"
        );
    }
    let Some(d) = &a.diagnosis else {
        return out;
    };
    let _ = writeln!(
        out,
        "  time: diagnosis {:.2}s (search for the fewest additional officers included)",
        t.diagnosis
    );
    let _ = writeln!(out, "diagnosis: targets cannot all be reached");
    for sh in &d.shortfalls {
        let _ = writeln!(
            out,
            "  {} short by {} ({} of {})",
            sh.target, sh.short_by, sh.achieved, sh.required
        );
    }
    for u in d.unreachable_units.iter().take(10) {
        let _ = writeln!(
            out,
            "  unit {} has no possible officer: {}",
            u.unit, u.reason
        );
    }
    if d.unreachable_enterprises > 0 {
        let _ = writeln!(
            out,
            "  {} enterprises are beyond every officer's travel limit, directly and through their units",
            d.unreachable_enterprises
        );
    }
    for c in d
        .courts
        .iter()
        .filter(|c| c.unserved_units_nearby > 0 && c.used == c.officers)
    {
        let _ = writeln!(
            out,
            "  court {}: all {} officers busy, {} units nearby unserved",
            c.court, c.officers, c.unserved_units_nearby
        );
    }
    match &d.additional_officers {
        Some(add) => {
            let total: u32 = add.values().sum();
            let list: Vec<String> = add.iter().map(|(c, n)| format!("{c} +{n}")).collect();
            let proven = if d.additional_officers_proven_minimal {
                "proven fewest in total; between courts, ties go to the court listed first \
                 in courts.csv"
            } else {
                "best found within the time limit, not proven minimal"
            };
            let _ = writeln!(
                out,
                "  additional officers that close every gap ({proven}): {total} = {}",
                list.join(", ")
            );
        }
        None if d.additional_officers_error.is_some() => {
            let _ = writeln!(
                out,
                "  the search for additional officers failed: {}",
                d.additional_officers_error.as_deref().unwrap_or_default()
            );
        }
        None => {
            let _ = writeln!(out, "  no number of additional officers found that closes every gap (see unreachable targets)");
        }
    }
    out
}

/// The schedule part.
fn schedule(year: i32, sch: &ScheduleSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "schedule: {} trips ({} rows) in {year}",
        sch.trips, sch.rows
    );
    let list: Vec<String> = sch
        .visits_per_period
        .iter()
        .map(|(p, n)| format!("{p} {n}"))
        .collect();
    let _ = writeln!(out, "  trips per period: {}", list.join(", "));
    #[allow(clippy::cast_precision_loss)]
    let saved_h = sch.travel_saved_minutes_vs_one_trip_per_enterprise as f64 / 60.0;
    let _ = writeln!(
        out,
        "  enterprises visited at least once: {}; travel saved by shared trips: {saved_h:.0} h",
        sch.enterprises_visited
    );
    let show = |m: Option<f64>| m.map_or("-".to_owned(), |x| format!("{x:.1}"));
    let (t, d) = (
        sch.travel_hours_per_officer,
        sch.days_used_per_officer_and_period,
    );
    let _ = writeln!(
        out,
        "  travel hours per officer: min {} / median {} / max {}; days used per officer and period: min {} / median {} / max {}",
        show(t.map(|t| t.min)),
        show(t.map(|t| t.median)),
        show(t.map(|t| t.max)),
        show(d.map(|d| d.min)),
        show(d.map(|d| d.median)),
        show(d.map(|d| d.max)),
    );
    if sch.shortfalls.is_empty() {
        let _ = writeln!(out, "  every visit rule met");
        return out;
    }
    let _ = writeln!(
        out,
        "  {} shortfalls — visits (or member stops) the schedule could not make:",
        sch.shortfalls.len()
    );
    for f in sch.shortfalls.iter().take(SHORTFALLS_SHOWN) {
        let target = f.target_id.as_deref().unwrap_or("all targets");
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
            f.officer_id, f.period, f.rule, f.explanation
        );
    }
    if sch.shortfalls.len() > SHORTFALLS_SHOWN {
        let _ = writeln!(
            out,
            "    … {} more in summary.json",
            sch.shortfalls.len() - SHORTFALLS_SHOWN
        );
    }
    out
}
