//! The assignment stage: who serves which platform, chamber or enterprise.
//!
//! Implements `docs/assignment-model.md`. A greedy construction ([`greedy`], a few passes)
//! gives a plan in milliseconds; the mixed-integer model ([`ilp`], HiGHS through
//! good_lp) starts from it and improves it within the time limit, and its dual bound proves
//! how far from optimal the plan can be. When targets stay short, [`diagnosis`] explains why.
pub mod diagnosis;
pub mod error;
pub mod greedy;
pub mod ilp;
pub mod pricing;
pub mod priority;
pub mod trips;

use std::time::{Duration, Instant};

use tepai_model::{EnterprisesCount, Scenario, Target, UnitKind};

use crate::assignment::Assignment;
use crate::candidates::{CandidateLimits, Edge, Instance};
use crate::deadline::Deadline;
use crate::progress::{Progress, Stage};

pub use diagnosis::Diagnosis;
pub use error::SolveError;

/// How the assignment is solved.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignOptions {
    /// Wall-clock limit for the whole assignment (bound and MIP), seconds.
    pub time_limit_s: f64,
    /// Relative gap at which the MIP stops.
    pub mip_gap: f64,
    /// Seed of the heuristic's random choices.
    pub seed: u64,
    /// Skip the MIP: heuristic plan and LP bound only.
    pub heuristic_only: bool,
    /// Candidate generation limits.
    pub limits: CandidateLimits,
    /// HiGHS threads (0 = its default).
    pub threads: u32,
    /// Print HiGHS's own log to the console.
    pub solver_log: bool,
    /// Most branch-and-bound nodes of each MIP solve (HiGHS's `mip_max_nodes`): a limit
    /// that, unlike the time limit, ends the search at the same point on every run.
    pub node_limit: Option<u64>,
}

impl AssignOptions {
    /// The scenario's own settings.
    pub fn from_scenario(s: &Scenario) -> Self {
        AssignOptions {
            time_limit_s: s.solver.time_limit_s,
            mip_gap: s.solver.mip_gap,
            seed: s.seed,
            heuristic_only: false,
            limits: CandidateLimits::default(),
            threads: 0,
            solver_log: false,
            node_limit: None,
        }
    }
}

pub use crate::summary::{BoundScope, ObjectiveParts, Status};

/// What targets a plan reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Platforms served.
    pub platforms: u32,
    /// Chambers served.
    pub chambers: u32,
    /// Enterprises the target counts: reached (member of a served unit, or served directly),
    /// or with `enterprises_count = "visited"` the most the visits can reach.
    pub enterprises: u32,
    /// Enterprises reached, whichever count the target uses.
    pub reached: u32,
    /// Enterprises served directly.
    pub direct: u32,
}

/// Wall-clock time of each step.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Candidate graph.
    pub graph: Duration,
    /// Heuristic construction.
    pub heuristic: Duration,
    /// Building the MIP.
    pub model_build: Duration,
    /// LP relaxation (when solved on its own).
    pub lp: Duration,
    /// MIP search.
    pub mip: Duration,
    /// Pricing the pairs left out of the model (column generation, besides its LP solves).
    pub pricing: Duration,
    /// Diagnosis of short targets, with its search for the fewest additional officers
    /// (zero when every target is met).
    pub diagnosis: Duration,
}

/// The assignment and everything known about it.
#[derive(Debug, Clone)]
pub struct AssignResult {
    /// The plan.
    pub assignment: Assignment,
    /// How good it is known to be.
    pub status: Status,
    /// Its objective.
    pub objective: ObjectiveParts,
    /// The heuristic's objective (before the MIP).
    pub heuristic_objective: f64,
    /// Proven lower bound on the objective of every plan (see `bound_scope`), if known.
    pub bound: Option<f64>,
    /// What `bound` covers.
    pub bound_scope: BoundScope,
    /// The MIP's dual bound over the candidate model, if it ran.
    pub candidate_bound: Option<f64>,
    /// What it reaches.
    pub coverage: Coverage,
    /// Candidate pairs considered.
    pub candidate_pairs: usize,
    /// Pairs within reach, before candidate limits.
    pub pairs_within_reach: usize,
    /// Independent parts of the candidate graph.
    pub components: usize,
    /// Why targets are short, when they are.
    pub diagnosis: Option<Diagnosis>,
    /// Where the time went.
    pub timings: Timings,
    /// Why HiGHS could not be used for the bound or the MIP, when it failed (the status is
    /// then `heuristic`: the plan is the best found before the failure). Written to
    /// `summary.json` as its text. A failure of the diagnosis's own solve is the diagnosis's
    /// [`Diagnosis::additional_error`].
    pub solver_error: Option<SolveError>,
    /// The relative gap the run was asked to reach (`optimal` means within it).
    pub mip_gap: f64,
}

impl AssignResult {
    /// `(objective − bound) / max(1, |objective|)`, when a bound is known.
    pub fn gap(&self) -> Option<f64> {
        let obj = self.objective.total();
        self.bound
            .map(|b| ((obj - b) / obj.abs().max(1.0)).max(0.0))
    }

    /// Whether every target is met.
    pub fn targets_met(&self) -> bool {
        self.objective.shortfall <= 1e-9
    }
}

/// Solves the assignment of a scenario.
///
/// Greedy construction, a fill of idle capacity over every pair within reach, column
/// generation for a bound over every plan ([`pricing`]), then the MIP over the enlarged
/// model, re-solved with cuts while an officer's direct enterprises do not fit its slots as
/// real day trips ([`trips`]). `status = optimal` only when the gap against the bound over
/// every plan is within `mip_gap`.
pub fn assign(s: &Scenario, options: &AssignOptions) -> AssignResult {
    assign_reporting(s, options, &Progress::default())
}

/// [`assign`], reporting each stage and the gap as it closes to `progress`.
pub fn assign_reporting(
    s: &Scenario,
    options: &AssignOptions,
    progress: &Progress,
) -> AssignResult {
    progress.report(Stage::Heuristic, None);
    let start = Instant::now();
    let deadline = Deadline::after_s(options.time_limit_s);
    let mut inst = Instance::new(s, options.limits);
    let mut timings = Timings {
        graph: start.elapsed(),
        ..Timings::default()
    };
    let t = Instant::now();
    let constructed = greedy::solve(&inst, options.seed);
    let filled = greedy::fill(&mut inst, &constructed);
    let heuristic = trips::repair(&inst, &filled);
    timings.heuristic = t.elapsed();
    let heuristic_objective = evaluate(&inst, &heuristic).total();

    let mut solver_error = None;
    progress.report(Stage::Bound, None);
    let lp = match pricing::generate(&mut inst, options, &deadline, &mut timings) {
        Ok(lp) => lp,
        Err(e) => {
            solver_error = Some(e);
            None
        }
    };
    let mut chosen = heuristic.clone();
    let mut fixed = Vec::new();
    if let Some(lp) = &lp {
        // The LP's solution, rounded, is usually a much better start than the greedy's.
        let x: Vec<f64> = (0..inst.edges.len())
            .map(|i| lp.x().get(i).copied().unwrap_or(0.0))
            .collect();
        let rounded = greedy::from_lp(&inst, &x);
        let filled = greedy::fill(&mut inst, &rounded);
        let rounded = trips::repair(&inst, &filled);
        if evaluate(&inst, &rounded).total() < evaluate(&inst, &chosen).total() {
            chosen = rounded;
        }
        // Reduced-cost fixing: a plan using a pair whose reduced cost exceeds the start's
        // distance from the bound costs more than the start, so the search can skip it.
        let limit = evaluate(&inst, &chosen).total() - lp.lp;
        let start: std::collections::HashSet<usize> = chosen.iter().copied().collect();
        fixed = (0..inst.edges.len())
            .map(|i| !start.contains(&i) && lp.reduced_cost(&inst, &inst.edges[i]) > limit)
            .collect();
    }
    let mut candidate_bound = None;
    let mut mip_status = Status::Heuristic;
    let mut cuts: Vec<trips::Cut> = Vec::new();
    let mut left_out = f64::INFINITY;
    // A start already within the requested gap of the bound over every plan needs no search.
    let proven_start = lp
        .as_ref()
        .is_some_and(|lp| gap_of(evaluate(&inst, &chosen).total(), lp.lp) <= options.mip_gap);
    if !options.heuristic_only && solver_error.is_none() && !proven_start {
        let mut admitted = false;
        loop {
            let best = evaluate(&inst, &chosen).total();
            let bound = candidate_bound.or(lp.as_ref().map(|lp| lp.lp));
            progress.report(Stage::Search, bound.map(|b| gap_of(best, b)));
            match mip(
                &inst,
                &mut chosen,
                &mut cuts,
                &fixed,
                options,
                &deadline,
                &mut timings,
            ) {
                Err(e) => {
                    solver_error = Some(e);
                    break;
                }
                Ok((status, bound)) => {
                    mip_status = status;
                    candidate_bound = bound;
                }
            }
            let Some(lp) = &lp else { break };
            // A plan using a pair left out costs at least LP + its reduced cost. When that
            // is what keeps the gap open, the pairs whose reduced cost is below the plan's
            // distance from the LP join the model, and the MIP runs once more.
            let total = evaluate(&inst, &chosen).total();
            left_out = pricing::smallest_left_out(&inst, lp, &mut timings);
            let capped = lp.lp + left_out;
            let open = candidate_bound.is_some_and(|b| capped < b)
                && gap_of(total, capped) > options.mip_gap;
            // Solving again with more pairs is worth it only with time for it.
            // (With a node limit, runs must not depend on the clock: the work decides.)
            let half_left = options.node_limit.is_some() || deadline.fraction_left() >= 0.5;
            if admitted || !open || !half_left {
                break;
            }
            let (added, rest) =
                pricing::admit_below(&mut inst, lp, (total - lp.lp).max(0.0), &mut timings);
            left_out = rest;
            if added == 0 {
                break;
            }
            admitted = true;
        }
    }
    let objective = evaluate(&inst, &chosen);
    let total = objective.total();
    // Every plan either keeps to the model's pairs (the MIP's bound holds) or uses a pair
    // left out (it costs at least the LP bound plus that pair's reduced cost).
    let (bound, bound_scope) = match &lp {
        Some(lp) => {
            let b = candidate_bound.map_or(lp.lp, |c| c.min(lp.lp + left_out).max(lp.lp));
            (Some(b.min(total)), BoundScope::AllPlans)
        }
        None => (
            candidate_bound.map(|c| c.min(total)),
            BoundScope::CandidatePairs,
        ),
    };
    let gap = bound.map(|b| gap_of(total, b));
    let status = if options.heuristic_only || solver_error.is_some() {
        Status::Heuristic
    } else if bound_scope == BoundScope::AllPlans
        && gap.is_some_and(|g| g <= options.mip_gap + 1e-9)
    {
        Status::Optimal
    } else if mip_status == Status::TimeLimit || deadline.expired() {
        Status::TimeLimit
    } else {
        Status::Feasible
    };
    let coverage = coverage(&inst, &chosen);
    let assignment = to_assignment(&inst, &chosen);
    let diagnosis = if objective.shortfall > 1e-9 {
        // The diagnosis runs even when the search used the whole limit.
        progress.report(Stage::Diagnosis, gap);
        let diagnosis_deadline = deadline.at_least(0.25);
        let t = Instant::now();
        let d = diagnosis::diagnose(&inst, &coverage, &chosen, &diagnosis_deadline);
        timings.diagnosis = t.elapsed();
        Some(d)
    } else {
        None
    };
    AssignResult {
        assignment,
        status,
        objective,
        heuristic_objective,
        bound,
        bound_scope,
        candidate_bound,
        coverage,
        candidate_pairs: inst.edges.len(),
        pairs_within_reach: inst.pairs_within_reach,
        components: inst.components,
        diagnosis,
        timings,
        solver_error,
        mip_gap: options.mip_gap,
    }
}

/// `(objective − bound) / max(1, |objective|)`, at least 0.
fn gap_of(objective: f64, bound: f64) -> f64 {
    ((objective - bound) / objective.abs().max(1.0)).max(0.0)
}

/// Solves the MIP from `chosen` (the best plan so far, which it improves in place), adding
/// cuts and solving again while an officer's direct enterprises do not fit its slots as
/// real day trips. Returns how the last search ended and its bound over the model.
fn mip(
    inst: &Instance<'_>,
    chosen: &mut EdgeSet,
    cuts: &mut Vec<trips::Cut>,
    fixed: &[bool],
    options: &AssignOptions,
    deadline: &Deadline,
    timings: &mut Timings,
) -> Result<(Status, Option<f64>), SolveError> {
    let mut stalled = 0;
    loop {
        let out = ilp::solve(inst, chosen, cuts, fixed, options, deadline, timings)?;
        let new_cuts = trips::violated_cuts(inst, &out.plan);
        let plan = if new_cuts.is_empty() {
            out.plan.clone()
        } else {
            greedy::complete(inst, &trips::repair(inst, &out.plan))
        };
        if evaluate(inst, &plan).total() < evaluate(inst, chosen).total() - 1e-9 {
            *chosen = plan;
            stalled = 0;
        } else {
            stalled += 1;
        }
        // Cuts only remove plans, so the bound of a model without them holds too. When
        // rounds of cuts stop improving the plan, the search ends with what it proved.
        if new_cuts.is_empty() || stalled >= STALLED_ROUNDS_MAX || deadline.expired() {
            return Ok((out.status, out.bound));
        }
        cuts.extend(new_cuts);
    }
}

/// Rounds of day-trip cuts without a better plan after which the MIP search stops.
const STALLED_ROUNDS_MAX: usize = 2;

/// A plan as chosen edge indices into [`Instance::edges`].
pub type EdgeSet = Vec<usize>;

pub(crate) fn to_assignment(inst: &Instance<'_>, plan: &EdgeSet) -> Assignment {
    Assignment::new(
        plan.iter()
            .map(|&i| (inst.edges[i].officer, inst.edges[i].target))
            .collect(),
    )
}

/// Which units are served (exactly `team_size` officers), which enterprises are served
/// directly and which are reached (those closed on or before the plan's first day are not).
pub(crate) fn served(inst: &Instance<'_>, plan: &EdgeSet) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
    let s = inst.s;
    let mut team = vec![0u32; s.units.len()];
    let mut direct = vec![false; s.enterprises.len()];
    for &i in plan {
        match inst.edges[i].target {
            Target::Unit(u) => team[u.index()] += 1,
            Target::Enterprise(e) => direct[e.index()] = true,
        }
    }
    let unit_served: Vec<bool> = s
        .units
        .iter()
        .zip(&team)
        .map(|(u, &n)| n == u.team_size)
        .collect();
    let mut reached = direct.clone();
    for (u, unit) in s.units.iter().enumerate() {
        if unit_served[u] {
            for &e in &unit.members {
                reached[e.index()] = true;
            }
        }
    }
    // Closed on or before the plan's first day: neither reached nor visited.
    for (e, r) in reached.iter_mut().enumerate() {
        if *r && s.closed_for_plan(tepai_model::EnterpriseIdx::from(e)) {
            *r = false;
        }
    }
    (unit_served, direct, reached)
}

/// What a plan reaches; its `enterprises` are those the target counts (`enterprises_count`):
/// the reached ones, or the most its visits can reach (`plan/visitable.rs`).
pub(crate) fn coverage(inst: &Instance<'_>, plan: &EdgeSet) -> Coverage {
    let (units, direct, reached) = served(inst, plan);
    let count = |v: &[bool]| u32::try_from(v.iter().filter(|b| **b).count()).unwrap_or(u32::MAX);
    let enterprises = match inst.s.targets.enterprises_count {
        EnterprisesCount::Reached => count(&reached),
        EnterprisesCount::Visited => {
            let most = crate::plan::visitable::most_visitable(inst.s, &to_assignment(inst, plan));
            u32::try_from(most).unwrap_or(u32::MAX)
        }
    };
    let mut c = Coverage {
        enterprises,
        reached: count(&reached),
        direct: count(&direct),
        ..Coverage::default()
    };
    for (u, unit) in inst.s.units.iter().enumerate() {
        if units[u] {
            match unit.kind {
                UnitKind::Platform => c.platforms += 1,
                UnitKind::Chamber => c.chambers += 1,
            }
        }
    }
    c
}

/// The objective of a plan (docs/assignment-model.md).
pub fn evaluate(inst: &Instance<'_>, plan: &EdgeSet) -> ObjectiveParts {
    let s = inst.s;
    let w = &s.weights;
    let c = coverage(inst, plan);
    let (_, _, reached) = served(inst, plan);
    let short = |need: u32, got: u32| f64::from(need.saturating_sub(got));
    let [wp, wc, we] = inst.shortfall_weights;
    let shortfall = wp * short(s.required_platforms(), c.platforms)
        + wc * short(s.required_chambers(), c.chambers)
        + we * short(s.targets.enterprises_min, c.enterprises);
    let reach_value: f64 = reached
        .iter()
        .zip(&inst.value)
        .filter(|(r, _)| **r)
        .map(|(_, v)| v)
        .sum();
    let mut load = vec![0.0; s.officers.len()];
    let (mut travel, mut mismatch) = (0.0, 0.0);
    for &i in plan {
        let e: &Edge = &inst.edges[i];
        load[e.officer.index()] += e.load;
        travel += f64::from(e.travel) / 60.0;
        mismatch += f64::from(e.mismatch);
    }
    let max_load = load.iter().copied().fold(0.0, f64::max) / f64::from(s.rules.day_minutes);
    // Each previous target not kept (one that is no candidate cannot be kept).
    let previous: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
    let kept = plan
        .iter()
        .filter(|&&i| inst.keeps_previous(&inst.edges[i]))
        .count();
    #[allow(clippy::cast_precision_loss)]
    let changed = previous.saturating_sub(kept) as f64;
    ObjectiveParts {
        shortfall,
        priority: -w.priority * reach_value,
        travel: w.travel * travel,
        mismatch: w.mismatch * mismatch,
        imbalance: w.imbalance * max_load,
        change: w.change * changed,
    }
}
