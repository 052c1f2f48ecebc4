//! The assignment stage: who serves which platform, chamber or enterprise.
//!
//! Implements `docs/assignment-model.md`. A greedy construction ([`greedy`], a few passes)
//! gives a plan in milliseconds; the mixed-integer model ([`ilp`], HiGHS through
//! good_lp) starts from it and improves it within the time limit, and its dual bound proves
//! how far from optimal the plan can be. When targets stay short, [`diagnosis`] explains why.
pub mod diagnosis;
pub mod greedy;
pub mod ilp;

use std::time::{Duration, Instant};

use tepai_model::{Scenario, Target, UnitKind};

use crate::instance::{CandidateLimits, Edge, Instance};
use crate::plan::Assignment;

pub use diagnosis::Diagnosis;

/// How the assignment is solved.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignOptions {
    /// Wall-clock limit for the MIP, seconds.
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
        }
    }
}

/// How good the returned plan is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Proven optimal within the requested gap.
    Optimal,
    /// A plan with a proven gap above the requested one (the MIP stopped early).
    Feasible,
    /// The time limit ended the search; the best plan found so far is returned.
    TimeLimit,
    /// Only the heuristic ran (by request); the bound is the LP relaxation's.
    Heuristic,
}

impl Status {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::TimeLimit => "time_limit",
            Status::Heuristic => "heuristic",
        }
    }
}

/// The objective's parts, each already weighted (priority is negative: reach is a gain).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Objective {
    /// Target shortfall.
    pub shortfall: f64,
    /// Priority reach (≤ 0).
    pub priority: f64,
    /// Travel.
    pub travel: f64,
    /// Specialty mismatch.
    pub mismatch: f64,
    /// Highest load.
    pub imbalance: f64,
    /// Changes from last year.
    pub change: f64,
}

impl Objective {
    /// The weighted sum.
    pub fn total(&self) -> f64 {
        self.shortfall + self.priority + self.travel + self.mismatch + self.imbalance + self.change
    }
}

/// What targets a plan reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Platforms served.
    pub platforms: u32,
    /// Chambers served.
    pub chambers: u32,
    /// Enterprises reached (member of a served unit, or served directly).
    pub enterprises: u32,
    /// Enterprises served directly.
    pub direct: u32,
}

/// Which plans a bound holds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundScope {
    /// Every plan the scenario allows (all pairs within reach).
    AllPlans,
    /// Plans made of the candidate pairs only (province-sized regions, see
    /// [`CandidateLimits`]): the whole model was too large to bound within the time limit.
    CandidatePairs,
}

impl BoundScope {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundScope::AllPlans => "all_plans",
            BoundScope::CandidatePairs => "candidate_pairs",
        }
    }
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
    pub objective: Objective,
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
pub fn assign(s: &Scenario, options: &AssignOptions) -> AssignResult {
    let start = Instant::now();
    let inst = Instance::new(s, options.limits);
    let mut timings = Timings {
        graph: start.elapsed(),
        ..Timings::default()
    };
    let t = Instant::now();
    let heuristic = greedy::solve(&inst, options.seed);
    timings.heuristic = t.elapsed();
    let heuristic_objective = evaluate(&inst, &heuristic).total();

    let outcome = ilp::solve(&inst, &heuristic, options, &mut timings);
    let (chosen, status, candidate_bound) = match outcome {
        Some(out) if evaluate(&inst, &out.plan).total() <= heuristic_objective + 1e-9 => {
            (out.plan, out.status, out.bound)
        }
        Some(out) => (heuristic, out.status, out.bound),
        None => (heuristic, Status::Heuristic, None),
    };
    let (bound, bound_scope) = if !inst.pruned {
        (candidate_bound, BoundScope::AllPlans)
    } else if inst.pairs_within_reach <= GLOBAL_BOUND_PAIRS_MAX {
        // The candidate model left pairs out: bound every plan by the LP relaxation of the
        // whole model instead.
        let all = Instance::new(s, CandidateLimits::ALL);
        let lp = AssignOptions {
            heuristic_only: true,
            time_limit_s: (options.time_limit_s - start.elapsed().as_secs_f64())
                .max(options.time_limit_s / 4.0),
            ..options.clone()
        };
        let mut lp_timings = Timings::default();
        let lp_bound = ilp::solve(&all, &Vec::new(), &lp, &mut lp_timings).and_then(|o| o.bound);
        timings.lp += lp_timings.lp + lp_timings.model_build;
        match lp_bound {
            Some(b) => (Some(b), BoundScope::AllPlans),
            None => (candidate_bound, BoundScope::CandidatePairs),
        }
    } else {
        (candidate_bound, BoundScope::CandidatePairs)
    };
    let objective = evaluate(&inst, &chosen);
    let coverage = coverage(&inst, &chosen);
    let assignment = to_assignment(&inst, &chosen);
    let diagnosis = if objective.shortfall > 1e-9 {
        let remaining =
            (options.time_limit_s - start.elapsed().as_secs_f64()).max(options.time_limit_s / 4.0);
        let t = Instant::now();
        let d = diagnosis::diagnose(&inst, &coverage, &chosen, remaining);
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
    }
}

/// Pairs within reach up to which a globally valid LP bound is computed when the candidate
/// model had to leave pairs out (Nanping-sized regions: about 110,000 pairs, 1.5 s).
pub const GLOBAL_BOUND_PAIRS_MAX: usize = 400_000;

/// A plan as chosen edge indices into [`Instance::edges`].
pub type EdgeSet = Vec<usize>;

fn to_assignment(inst: &Instance<'_>, plan: &EdgeSet) -> Assignment {
    Assignment::new(
        plan.iter()
            .map(|&i| (inst.edges[i].officer, inst.edges[i].target))
            .collect(),
    )
}

/// Which units are served (exactly `team_size` officers) and which enterprises reached.
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
    (unit_served, direct, reached)
}

pub(crate) fn coverage(inst: &Instance<'_>, plan: &EdgeSet) -> Coverage {
    let (units, direct, reached) = served(inst, plan);
    let count = |v: &[bool]| u32::try_from(v.iter().filter(|b| **b).count()).unwrap_or(u32::MAX);
    let mut c = Coverage {
        enterprises: count(&reached),
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
pub fn evaluate(inst: &Instance<'_>, plan: &EdgeSet) -> Objective {
    let s = inst.s;
    let w = &s.weights;
    let c = coverage(inst, plan);
    let (_, _, reached) = served(inst, plan);
    let short = |need: u32, got: u32| f64::from(need.saturating_sub(got));
    let shortfall = short(s.required_platforms(), c.platforms)
        + short(s.required_chambers(), c.chambers)
        + short(s.targets.enterprises_min, c.enterprises);
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
    let in_plan: std::collections::HashSet<usize> = plan.iter().copied().collect();
    let mut changed = 0.0;
    for (o, officer) in s.officers.iter().enumerate() {
        // A previous target that is no candidate cannot be kept.
        let kept = inst.previous_edge[o].is_some_and(|pe| in_plan.contains(&pe));
        if officer.previous_target.is_some() && !kept {
            changed += 1.0;
        }
    }
    Objective {
        shortfall: w.shortfall * shortfall,
        priority: -w.priority * reach_value,
        travel: w.travel * travel,
        mismatch: w.mismatch * mismatch,
        imbalance: w.imbalance * max_load,
        change: w.change * changed,
    }
}
