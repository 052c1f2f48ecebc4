//! A bound for every plan the scenario allows, by column generation on the LP relaxation.
//!
//! The model holds only some of the pairs within reach (see [`CandidateLimits`]); a bound of
//! that model alone says nothing about plans using the others. So the LP relaxation of the
//! model is solved, every pair within reach that is not in the model is *priced* — its
//! reduced cost against the LP's row duals, a linear pass over all pairs — and the pairs
//! with a negative reduced cost join the model; this repeats until none is negative. Then
//! the LP's optimum is the optimum of the relaxation over all pairs, which bounds every plan.
//!
//! By LP duality, a plan that uses a pair left out costs at least `LP + its reduced cost`.
//! So the MIP's bound over the model, capped by `LP + smallest reduced cost left out`, holds
//! for every plan; when that cap is what keeps the gap open, the pairs whose reduced cost
//! lies below the plan's distance from the LP join the model ([`admit_below`]) and the MIP
//! runs again.
//!
//! [`CandidateLimits`]: crate::candidates::CandidateLimits
use std::collections::HashSet;
use std::time::Instant;

use tepai_model::{OfficerIdx, OfficerMode, Target};

use super::ilp::{self, SolveError};
use super::{AssignOptions, Timings};
use crate::candidates::{Edge, Instance};
use crate::deadline::Deadline;

/// Reduced costs above this are taken as non-negative (rounding noise of the duals).
const TOLERANCE: f64 = 1e-9;

/// Pairs with a negative reduced cost added per officer, round and kind (the most negative).
/// With [`PER_TARGET_ROUND`], measured on the province preset (seed 7): 8 and 40 converge in
/// 10 rounds and 30 s of LP, 4 and 20 in 14 rounds and 31 s, 2 and 10 in 19 rounds and 19 s
/// (but the rounded plan is then further from the bound).
const PER_OFFICER_ROUND: usize = 40;

/// Pairs with a negative reduced cost added per target and round (the most negative).
const PER_TARGET_ROUND: usize = 8;

/// Column generation stops when the pairs left out could lower the bound by at most this
/// fraction of it.
const STOP: f64 = 1e-5;

/// Column generation rounds at most (the bound of the best round is kept).
const ROUNDS_MAX: usize = 30;

/// Near-zero pairs added before the MIP at most (the smallest reduced costs first).
const NEAR_MAX: usize = 200_000;

/// What column generation proved.
#[derive(Debug, Clone)]
pub struct LpBound {
    /// A lower bound on every plan's objective: the LP's optimum over the model, less the
    /// most the pairs left out could lower it (nothing once column generation converged).
    pub lp: f64,
    /// Whether no pair left out had a negative reduced cost (then `lp` is the LP relaxation's
    /// optimum over every pair within reach).
    pub exact: bool,
    /// LP solves.
    pub rounds: usize,
    /// Pairs added to the model.
    pub added: usize,
    /// The last LP's duals, against which every pair left out has a reduced cost ≥ 0.
    duals: ilp::Duals,
}

/// Runs column generation on `inst` (adding pairs to it) until the pairs left out can lower
/// the LP's optimum by at most a negligible amount (relative [`STOP`]), or [`ROUNDS_MAX`]
/// rounds. `None` when the deadline passed before the first LP was solved.
///
/// The bound is the LP's optimum `z` plus, per officer, the most its pairs left out could
/// lower it: the sum of their most negative reduced costs, as many as the officer can hold
/// (exclusive mode: one unit or `max_enterprises_per_officer` enterprises; shared: `J(o)`
/// units and `max_enterprises_per_officer` enterprises). Every plan costs at least that,
/// since a plan's objective is at least `z` plus the reduced costs of the pairs it uses
/// that the model left out.
pub fn generate(
    inst: &mut Instance<'_>,
    options: &AssignOptions,
    deadline: &Deadline,
    timings: &mut Timings,
) -> Result<Option<LpBound>, SolveError> {
    let mut rounds = 0;
    let mut added = 0;
    let mut best: Option<LpBound> = None;
    let mut relaxation = ilp::Relaxation::new(inst, options, deadline, timings)?;
    loop {
        if deadline.expired() {
            return Ok(best);
        }
        let Some(duals) = relaxation.solve(inst, deadline, timings)? else {
            return Ok(best);
        };
        rounds += 1;
        let t = Instant::now();
        let mut negative: Vec<Edge> = Vec::new();
        let mut lowest = 0.0;
        let exclusive = inst.s.rules.officer_mode == OfficerMode::Exclusive;
        let max_e = inst.s.rules.max_enterprises_per_officer as usize;
        price(inst, &duals, |o, rcs| {
            let mut units: Vec<(f64, Edge)> = Vec::new();
            let mut direct: Vec<(f64, Edge)> = Vec::new();
            for (rc, e) in rcs.filter(|(rc, _)| *rc < -TOLERANCE) {
                match e.target {
                    Target::Unit(_) => units.push((rc, e)),
                    Target::Enterprise(_) => direct.push((rc, e)),
                }
            }
            let unit_room = if exclusive {
                1
            } else {
                inst.slots[o.index()] as usize
            };
            let (u, d) = (
                most_negative(&mut units, unit_room),
                most_negative(&mut direct, max_e),
            );
            lowest += if exclusive { u.min(d) } else { u + d };
            for mut list in [units, direct] {
                if list.len() > PER_OFFICER_ROUND {
                    list.select_nth_unstable_by(PER_OFFICER_ROUND - 1, |a, b| a.0.total_cmp(&b.0));
                    list.truncate(PER_OFFICER_ROUND);
                }
                negative.extend(list.into_iter().map(|(_, e)| e));
            }
        });
        // Many officers can reach one unreached enterprise: keep its few best officers.
        let negative = best_per_target(negative, &duals, inst);
        timings.pricing += t.elapsed();
        let bound = duals.objective + lowest;
        if best.as_ref().map_or(true, |b| bound > b.lp) {
            best = Some(LpBound {
                lp: bound,
                rounds,
                added,
                exact: negative.is_empty(),
                duals,
            });
        }
        if let Some(b) = &mut best {
            b.rounds = rounds;
            b.added = added;
        }
        let stop = STOP * best.as_ref().map_or(1.0, |b| b.lp.abs().max(1.0));
        if negative.is_empty() || -lowest <= stop || rounds >= ROUNDS_MAX {
            return Ok(best);
        }
        added += inst.add_edges(negative);
        relaxation.extend(inst, timings)?;
    }
}

impl LpBound {
    /// The last LP's value of each pair's column (pairs added since: none).
    pub fn x(&self) -> &[f64] {
        &self.duals.x
    }

    /// A pair's reduced cost against the last LP's duals.
    pub fn reduced_cost(&self, inst: &Instance<'_>, edge: &Edge) -> f64 {
        self.duals.reduced_cost(inst, edge)
    }
}

/// The pairs, at most [`PER_TARGET_ROUND`] per target (those of lowest reduced cost).
fn best_per_target(mut pairs: Vec<Edge>, duals: &ilp::Duals, inst: &Instance<'_>) -> Vec<Edge> {
    let mut keyed: Vec<(Target, f64, Edge)> = pairs
        .drain(..)
        .map(|e| (e.target, duals.reduced_cost(inst, &e), e))
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.officer.cmp(&b.2.officer))
    });
    let mut out = Vec::new();
    let mut run = 0;
    for (k, (target, _, e)) in keyed.iter().enumerate() {
        run = if k > 0 && keyed[k - 1].0 == *target {
            run + 1
        } else {
            0
        };
        if run < PER_TARGET_ROUND {
            out.push(*e);
        }
    }
    out
}

/// The sum of the `room` most negative reduced costs (0 when there are none).
fn most_negative(list: &mut [(f64, Edge)], room: usize) -> f64 {
    let room = room.min(list.len());
    if room == 0 {
        return 0.0;
    }
    list.select_nth_unstable_by(room - 1, |a, b| a.0.total_cmp(&b.0));
    list[..room].iter().map(|(rc, _)| rc).sum()
}

/// Adds to the model the pairs left out whose reduced cost is below `limit` (at most
/// [`NEAR_MAX`], the smallest first); returns how many joined and the smallest reduced cost
/// among the pairs still left out (`+∞` when none is). A plan using a pair left out costs at
/// least `lp.lp` plus that.
pub fn admit_below(
    inst: &mut Instance<'_>,
    lp: &LpBound,
    limit: f64,
    timings: &mut Timings,
) -> (usize, f64) {
    let t = Instant::now();
    let mut near: Vec<(f64, Edge)> = Vec::new();
    let mut left_out = f64::INFINITY;
    price(inst, &lp.duals, |_, rcs| {
        for (rc, e) in rcs {
            if rc < limit {
                near.push((rc, e));
            } else {
                left_out = left_out.min(rc);
            }
        }
    });
    if near.len() > NEAR_MAX {
        near.select_nth_unstable_by(NEAR_MAX - 1, |a, b| a.0.total_cmp(&b.0));
        for &(rc, _) in &near[NEAR_MAX..] {
            left_out = left_out.min(rc);
        }
        near.truncate(NEAR_MAX);
    }
    let added = inst.add_edges(near.into_iter().map(|(_, e)| e));
    timings.pricing += t.elapsed();
    (added, left_out.max(0.0))
}

/// The smallest reduced cost among the pairs left out of the model (`+∞` when none is).
pub fn smallest_left_out(inst: &Instance<'_>, lp: &LpBound, timings: &mut Timings) -> f64 {
    let t = Instant::now();
    let mut smallest = f64::INFINITY;
    price(inst, &lp.duals, |_, rcs| {
        for (rc, _) in rcs {
            smallest = smallest.min(rc);
        }
    });
    timings.pricing += t.elapsed();
    smallest.max(0.0)
}

/// Prices every pair within reach that is not in the model, officer by officer: `visit`
/// gets each officer's pairs left out with their reduced costs.
fn price(
    inst: &Instance<'_>,
    duals: &ilp::Duals,
    mut visit: impl FnMut(OfficerIdx, &mut dyn Iterator<Item = (f64, Edge)>),
) {
    let mut left_out: Vec<(f64, Edge)> = Vec::new();
    for o in 0..inst.s.officers.len() {
        let o = OfficerIdx::from(o);
        let known: HashSet<Target> = inst.by_officer[o.index()]
            .iter()
            .map(|&i| inst.edges[i].target)
            .collect();
        left_out.clear();
        inst.for_each_pair(o, |e| {
            if !known.contains(&e.target) {
                left_out.push((duals.reduced_cost(inst, &e), e));
            }
        });
        visit(o, &mut left_out.drain(..));
    }
}
