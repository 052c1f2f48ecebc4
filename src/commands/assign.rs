//! `tepai assign SCENARIO --out DIR`: who serves what, with bound, gap and diagnosis.
use std::fmt::Write as _;

use anyhow::bail;
use tepai_model::Scenario;
use tepai_solver::assign::{assign, AssignOptions, AssignResult, BoundScope};
use tepai_solver::check::check_assignment;

use crate::cli::{AssignArgs, SolveArgs};
use crate::output;
use crate::Outcome;
use tepai_io::out_dir::OutDir;

/// Loads, assigns, checks and writes.
pub fn run(args: &AssignArgs) -> anyhow::Result<Outcome> {
    let Some((s, inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = OutDir::new(&args.out, &inputs)?;
    let result = solve(&s, &args.solve)?;
    dir.write(|path| {
        output::write_assignment(&s, &result.assignment, &path.join("assignment.csv"))?;
        output::write_coverage(&s, &result.assignment, None, &path.join("coverage.csv"))?;
        output::write_summary(
            &s,
            output::assignment_summary(&s, &result),
            &path.join("summary.json"),
        )
    })?;
    for w in dir.commit()? {
        errln!("tepai: warning: {w}");
    }
    out!("{}", render(&s, &result));
    outln!("wrote {}", args.out.display());
    Ok(if result.targets_met() {
        Outcome::Ok
    } else {
        Outcome::TargetsUnreachable
    })
}

/// Runs the assignment with the CLI's overrides and verifies it independently.
pub fn solve(s: &Scenario, args: &SolveArgs) -> anyhow::Result<AssignResult> {
    let mut options = AssignOptions::from_scenario(s);
    if let Some(t) = args.time_limit {
        options.time_limit_s = t;
    }
    if let Some(g) = args.mip_gap {
        options.mip_gap = g;
    }
    if let Some(seed) = args.seed {
        options.seed = seed;
    }
    options.heuristic_only = args.heuristic_only;
    options.solver_log = args.solver_log;
    options.node_limit = args.node_limit;
    let result = assign(s, &options);
    let report = check_assignment(s, &result.assignment);
    if !report.is_valid() {
        let list: Vec<String> = report.violations.iter().map(ToString::to_string).collect();
        bail!(
            "the plan failed the independent check (a bug in tepai):\n{}",
            list.join("\n")
        );
    }
    Ok(result)
}

/// The terminal summary.
pub fn render(s: &Scenario, r: &AssignResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): assignment {}",
        s.name,
        s.year,
        r.status.as_str()
    );
    let line = |out: &mut String, what: &str, req: u32, got: u32| {
        let mark = if got >= req { "ok" } else { "SHORT" };
        let _ = writeln!(out, "  {what:<12} {got:>6} of {req:>6} required  {mark}");
    };
    line(
        &mut out,
        "platforms",
        s.required_platforms(),
        r.coverage.platforms,
    );
    line(
        &mut out,
        "chambers",
        s.required_chambers(),
        r.coverage.chambers,
    );
    line(
        &mut out,
        "enterprises",
        s.targets.enterprises_min,
        r.coverage.enterprises,
    );
    let used: std::collections::BTreeSet<_> = r.assignment.pairs.iter().map(|p| p.0).collect();
    let _ = writeln!(
        out,
        "  officers used {} of {}; {} enterprises served directly",
        used.len(),
        s.officers.len(),
        r.coverage.direct
    );
    let bound = r.bound.map_or("none".to_owned(), |b| match r.bound_scope {
        BoundScope::AllPlans => format!("{b:.2}"),
        BoundScope::CandidatePairs => format!(
            "{b:.2} (over the {} candidate pairs only)",
            r.candidate_pairs
        ),
    });
    let gap = r
        .gap()
        .map_or("unknown".to_owned(), |g| format!("{:.3}%", g * 100.0));
    let _ = writeln!(
        out,
        "  objective {:.2} (heuristic {:.2}), bound {bound}, gap {gap}",
        r.objective.total(),
        r.heuristic_objective
    );
    let t = &r.timings;
    let _ = writeln!(
        out,
        "  time: graph {:.2}s, heuristic {:.2}s, model {:.2}s, LP {:.2}s, MIP {:.2}s ({} candidate pairs of {} within reach)",
        t.graph.as_secs_f64(),
        t.heuristic.as_secs_f64(),
        t.model_build.as_secs_f64(),
        t.lp.as_secs_f64(),
        t.mip.as_secs_f64(),
        r.candidate_pairs,
        r.pairs_within_reach
    );
    if r.diagnosis.is_some() {
        let _ = writeln!(
            out,
            "  time: diagnosis {:.2}s (search for the fewest additional officers included)",
            t.diagnosis.as_secs_f64()
        );
    }
    if let Some(d) = &r.diagnosis {
        let _ = writeln!(out, "diagnosis: targets cannot all be reached");
        for sh in &d.shortfalls {
            let _ = writeln!(
                out,
                "  {} short by {} ({} of {})",
                sh.target,
                sh.required - sh.achieved,
                sh.achieved,
                sh.required
            );
        }
        for (u, why) in d.unreachable_units.iter().take(10) {
            let _ = writeln!(out, "  unit {u} has no possible officer: {}", why.as_str());
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
                let proven = if d.additional_proven {
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
            None => {
                let _ = writeln!(out, "  no number of additional officers found that closes every gap (see unreachable targets)");
            }
        }
    }
    out
}
