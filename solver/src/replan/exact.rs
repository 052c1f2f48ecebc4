//! The assignment of a re-plan as an exact optimisation: the assignment model's MIP
//! (`crate::assign::ilp`, its rules unchanged: capacity as the scenario is now, leave
//! included, teams, exclusive mode, one officer per enterprise, day trips), with an objective
//! that ranks, lexicographically,
//! 1. the targets' shortfall (platforms, chambers, enterprises), then
//! 2. the pairs changed from the baseline: pairs removed plus pairs added, then
//! 3. one-way travel (a tie-break only, worth less than one pair in total).
//!
//! It is the model of `ilp.rs` with its own weights, through its `change` term: every
//! baseline pair still open (its enterprise not closed by the day) and every pin is the
//! officer's *previous target*; every pair's cost is one (the `mismatch` column set to 1 and
//! weighted 1) plus travel × ε, and keeping a previous target earns two (`change` = 2). A
//! plan with `K` of the `P` previous targets kept and `A` pairs added then costs
//! `2(P − K) + (K + A) = P + (P − K) + A`: the constant `P` plus the pairs changed. The
//! shortfall weighs more than every change together, so the targets come first.
//!
//! HiGHS proves the least value when its search ends `optimal` with an absolute gap below one
//! pair; pairs outside the candidate set are in the model (all candidate pairs within reach,
//! [`CandidateLimits::ALL`]), so the proof holds for every plan of the assignment model. A
//! plan that breaks a rule of the independent checker, or loses a pin, is not used.
use std::collections::BTreeSet;

use tepai_model::{OfficerIdx, OfficerMode, Scenario, Target};

use crate::assign::{ilp, trips, AssignOptions, EdgeSet, Timings};
use crate::candidates::{CandidateLimits, Instance};
use crate::check::check_assignment;
use crate::deadline::Deadline;

/// The least-change assignment found.
#[derive(Debug, Clone)]
pub struct Exact {
    /// Its pairs.
    pub pairs: BTreeSet<(OfficerIdx, Target)>,
    /// Whether it is proven: no plan of the model has a smaller shortfall, nor the same
    /// shortfall with fewer pairs changed.
    pub proven: bool,
    /// A lower bound on the pairs changed by any plan with its shortfall (its own count when
    /// proven).
    pub least_changed: Option<usize>,
}

/// Rounds of day-trip cuts before the search gives up.
const CUT_ROUNDS_MAX: usize = 4;

/// The assignment with the fewest pairs changed from `baseline` among those with the least
/// shortfall (see the module documentation); `start` is a valid plan to begin from (the
/// greedy repair's). `None` when the solver fails or its plan breaks a rule or a pin.
pub fn fewest_changes(
    s: &Scenario,
    baseline: &BTreeSet<(OfficerIdx, Target)>,
    pins: &BTreeSet<(OfficerIdx, Target)>,
    start: &BTreeSet<(OfficerIdx, Target)>,
    options: &AssignOptions,
) -> Option<Exact> {
    let previous: BTreeSet<(OfficerIdx, Target)> =
        baseline.iter().chain(pins.iter()).copied().collect();
    let mut model = s.clone();
    for (o, officer) in model.officers.iter_mut().enumerate() {
        officer.previous_targets = previous
            .iter()
            .filter(|p| p.0.index() == o)
            .map(|p| p.1)
            .collect();
    }
    // Travel of every pair within reach, for a tie-break worth less than one pair in all.
    let (travel_total, pairs_within) = {
        let probe = Instance::new(&model, CandidateLimits::ALL);
        let total: f64 = probe.edges.iter().map(|e| f64::from(e.travel) / 60.0).sum();
        (total, probe.edges.len())
    };
    let pairs_max = previous.len() + start.len() + pairs_within;
    {
        let w = &mut model.weights;
        w.change = 2.0;
        w.mismatch = 1.0;
        w.travel = 0.5 / (1.0 + travel_total);
        w.priority = 0.0;
        w.imbalance = 0.0;
        w.shortfall = (pairs_max + 2) as f64;
    }
    let mut inst = Instance::new(&model, CandidateLimits::ALL);
    // Every pair of the start and the previous targets is a column.
    for &(o, t) in start.iter().chain(&previous) {
        if !inst.by_officer[o.index()]
            .iter()
            .any(|&i| inst.edges[i].target == t)
        {
            let extra: Vec<_> = inst
                .officer_pairs(o)
                .into_iter()
                .filter(|e| e.target == t)
                .collect();
            inst.add_edges(extra);
        }
    }
    // One per pair taken.
    for e in &mut inst.edges {
        e.mismatch = 1;
    }

    let find = |inst: &Instance<'_>, (o, t): (OfficerIdx, Target)| {
        inst.by_officer[o.index()]
            .iter()
            .copied()
            .find(|&i| inst.edges[i].target == t)
    };
    let mut chosen: EdgeSet = start.iter().filter_map(|&p| find(&inst, p)).collect();
    if chosen.len() != start.len() {
        return None;
    }
    // Held at zero: what a pin cannot stand beside.
    let exclusive = s.rules.officer_mode == OfficerMode::Exclusive;
    let fixed: Vec<bool> = inst
        .edges
        .iter()
        .map(|e| {
            pins.iter().any(|&(o, t)| {
                (e.officer, e.target) != (o, t)
                    && ((e.officer == o
                        && exclusive
                        && (matches!(t, Target::Unit(_)) || matches!(e.target, Target::Unit(_))))
                        || (e.officer != o && e.target == t && matches!(t, Target::Enterprise(_))))
            })
        })
        .collect();
    // Stop once the absolute gap is below half a pair.
    let upper = (pairs_max as f64 + 2.0) * (s.units.len() + s.enterprises.len() + 1) as f64;
    let options = AssignOptions {
        mip_gap: (0.5 / upper).max(1e-9),
        ..options.clone()
    };
    let deadline = Deadline::after_s(options.time_limit_s);
    let mut timings = Timings::default();
    let mut cuts: Vec<trips::Cut> = Vec::new();
    let mut outcome = None;
    for _ in 0..CUT_ROUNDS_MAX {
        let out = ilp::solve(
            &inst,
            &chosen,
            &cuts,
            &fixed,
            &options,
            &deadline,
            &mut timings,
        )
        .ok()?;
        let new_cuts = trips::violated_cuts(&inst, &out.plan);
        if new_cuts.is_empty() {
            outcome = Some(out);
            break;
        }
        cuts.extend(new_cuts);
        if deadline.expired() {
            break;
        }
    }
    let out = outcome?;
    chosen = out.plan;
    let pairs: BTreeSet<(OfficerIdx, Target)> = chosen
        .iter()
        .map(|&i| (inst.edges[i].officer, inst.edges[i].target))
        .collect();
    if !pins.is_subset(&pairs)
        || !check_assignment(
            s,
            &crate::assignment::Assignment::new(pairs.iter().copied().collect()),
        )
        .is_valid()
    {
        return None;
    }
    // The plan's value in the model: shortfall × W + P + changed + travel × ε.
    let changed = baseline.symmetric_difference(&pairs).count();
    let objective = crate::assign::evaluate(&inst, &chosen).total();
    let proven = out.status == crate::assign::Status::Optimal
        && out.bound.is_some_and(|b| objective - b < 1.0 - 1e-6);
    let least_changed = proven.then_some(changed);
    Some(Exact {
        pairs,
        proven,
        least_changed,
    })
}
