//! The assignment of a re-plan: the baseline's pairs, repaired with the fewest pairs changed.
//!
//! In this order, each step changing only what it must:
//! 1. **Closed**: a pair to an enterprise closed on or before the re-plan's day goes.
//! 2. **Pins**: each `--pin officer=target` pair is added; what it cannot stand beside goes
//!    (in exclusive mode the officer's other targets, another officer of a full team, the
//!    enterprise's other officer).
//! 3. **Rules**: while the independent checker finds a rule of the assignment model broken
//!    (an officer's leave leaves no capacity for its targets, a pair out of reach…), a pair it
//!    names goes (never a pinned one).
//! 4. **Targets**: while platforms, chambers or enterprises fall short of the targets, the
//!    move that closes a shortfall with the fewest pairs changed is made — an officer taking
//!    an unserved unit (an officer left without a target first, then one whose targets the
//!    coverage can spare: its pairs go, counted as changes), or an officer with room taking
//!    an enterprise not reached; ties go to the shortest one-way travel. A move is kept only
//!    when the checker finds every rule held and the shortfalls fall.
//!
//! 5. **Fewest changes** ([`super::exact`]): the assignment model's MIP with the baseline as
//!    the officers' previous targets finds the plan with the least shortfall and then the
//!    fewest pairs changed, and proves it when its search ends optimal; it replaces the plan
//!    of steps 1–4 when it changes no more pairs ([`Repair::proven`]).
//!
//! The plan's status stays `heuristic` with no bound: the assignment model's objective, which
//! `summary.json` reports, is not what the re-plan minimises.
use std::collections::BTreeSet;

use tepai_model::{OfficerIdx, OfficerMode, Scenario, Target, UnitKind};

use super::{ReplanError, ReplanInput};
use crate::assign::{
    coverage, diagnosis, evaluate, AssignOptions, AssignResult, BoundScope, Status, Timings,
};
use crate::assignment::Assignment;
use crate::candidates::{value, Instance};
use crate::check::{check_assignment, Subject};
use crate::deadline::Deadline;
use crate::plan::PlanError;

/// Why a baseline pair left the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// The enterprise closed on or before the re-plan's day.
    Closed,
    /// A pin displaced it.
    Pinned,
    /// It broke a rule of the assignment model in the scenario as it is now.
    BreaksRule,
    /// Its officer took another target to close a shortfall.
    Moved,
}

impl Removed {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Removed::Closed => "closed",
            Removed::Pinned => "pinned",
            Removed::BreaksRule => "breaks_rule",
            Removed::Moved => "moved",
        }
    }
}

/// What the repair did.
#[derive(Debug, Clone, Default)]
pub struct Repair {
    /// Baseline pairs that left, and why.
    pub removed: Vec<((OfficerIdx, Target), Removed)>,
    /// Pairs that joined (pins included).
    pub added: Vec<(OfficerIdx, Target)>,
    /// Whether the pairs changed are proven the fewest possible among the plans with the
    /// least shortfall of the targets (the exact optimisation, [`super::exact`], proved it).
    pub proven: bool,
}

impl Repair {
    /// Pairs changed: removed plus added.
    pub fn changed_pairs(&self) -> usize {
        self.removed.len() + self.added.len()
    }
}

/// Shortfalls of platforms, chambers and enterprises against the targets.
fn shortfalls(s: &Scenario, pairs: &BTreeSet<(OfficerIdx, Target)>) -> [u32; 3] {
    let mut team = vec![0u32; s.units.len()];
    let mut reached = vec![false; s.enterprises.len()];
    for &(_, t) in pairs {
        match t {
            Target::Unit(u) => team[u.index()] += 1,
            Target::Enterprise(e) => reached[e.index()] = true,
        }
    }
    let (mut platforms, mut chambers) = (0, 0);
    for (u, unit) in s.units.iter().enumerate() {
        if team[u] == unit.team_size {
            match unit.kind {
                UnitKind::Platform => platforms += 1,
                UnitKind::Chamber => chambers += 1,
            }
            for &e in &unit.members {
                reached[e.index()] = true;
            }
        }
    }
    let n = u32::try_from(reached.iter().filter(|r| **r).count()).unwrap_or(u32::MAX);
    [
        s.required_platforms().saturating_sub(platforms),
        s.required_chambers().saturating_sub(chambers),
        s.targets.enterprises_min.saturating_sub(n),
    ]
}

fn valid(s: &Scenario, pairs: &BTreeSet<(OfficerIdx, Target)>) -> bool {
    check_assignment(s, &Assignment::new(pairs.iter().copied().collect())).is_valid()
}

fn name(s: &Scenario, (o, t): (OfficerIdx, Target)) -> String {
    format!("{}={}", s.officer(o).id, s.target_id(t))
}

/// Takes a pair out, noting why (a pair the repair added and takes out again is no change).
fn remove(
    pairs: &mut BTreeSet<(OfficerIdx, Target)>,
    p: (OfficerIdx, Target),
    why: Removed,
    repair: &mut Repair,
) {
    if pairs.remove(&p) {
        if let Some(i) = repair.added.iter().position(|&a| a == p) {
            repair.added.remove(i);
        } else {
            repair.removed.push((p, why));
        }
    }
}

/// Puts a pair in (a baseline pair taken out and put back is no change).
fn add(pairs: &mut BTreeSet<(OfficerIdx, Target)>, p: (OfficerIdx, Target), repair: &mut Repair) {
    if pairs.insert(p) {
        if let Some(i) = repair.removed.iter().position(|r| r.0 == p) {
            repair.removed.remove(i);
        } else {
            repair.added.push(p);
        }
    }
}

/// Most moves tried (each one a check of the whole assignment) before the repair stops.
const TRIES_MAX: usize = 3000;

/// Repairs the baseline's assignment (see the module documentation).
///
/// # Errors
/// [`ReplanError::Pin`] when a pin cannot hold; [`ReplanError::Plan`] when a pair of the
/// result is no candidate pair (a bug).
#[allow(clippy::too_many_lines)]
pub fn repair(
    s: &Scenario,
    input: &ReplanInput,
    options: &AssignOptions,
) -> Result<(AssignResult, Repair), ReplanError> {
    let from = input.from;
    let mut pairs: BTreeSet<(OfficerIdx, Target)> = input.baseline.pairs.iter().copied().collect();
    let mut repair = Repair::default();
    let pins: BTreeSet<(OfficerIdx, Target)> = input.pins.iter().copied().collect();

    // 1. Closed enterprises.
    for p in pairs.clone() {
        if let Target::Enterprise(e) = p.1 {
            if s.enterprise(e).is_closed_on(from) {
                remove(&mut pairs, p, Removed::Closed, &mut repair);
            }
        }
    }

    // 2. Pins.
    let exclusive = s.rules.officer_mode == OfficerMode::Exclusive;
    for &(o, t) in &pins {
        if let Target::Enterprise(e) = t {
            if s.enterprise(e).is_closed_on(from) {
                return Err(ReplanError::Pin(
                    name(s, (o, t)),
                    format!("the enterprise closed on or before {from}"),
                ));
            }
        }
        for p in pairs.clone() {
            let displaced = p != (o, t)
                && !pins.contains(&p)
                && ((p.0 == o
                    && exclusive
                    && (matches!(t, Target::Unit(_)) || matches!(p.1, Target::Unit(_))))
                    || (p.0 != o && p.1 == t && matches!(t, Target::Enterprise(_))));
            if displaced {
                remove(&mut pairs, p, Removed::Pinned, &mut repair);
            }
        }
        if let Target::Unit(u) = t {
            let size = s.unit(u).team_size as usize;
            let mut others: Vec<(u32, OfficerIdx)> = pairs
                .iter()
                .filter(|&&(po, pt)| pt == t && po != o && !pins.contains(&(po, pt)))
                .map(|&(po, _)| (s.officer_travel(po, t), po))
                .collect();
            others.sort_unstable();
            let pinned = pins.iter().filter(|p| p.1 == t).count();
            while others.len() + pinned > size {
                let Some((_, po)) = others.pop() else { break };
                remove(&mut pairs, (po, t), Removed::Pinned, &mut repair);
            }
        }
        add(&mut pairs, (o, t), &mut repair);
    }

    // 3. Rules of the assignment model, as the scenario is now.
    loop {
        let list: Vec<(OfficerIdx, Target)> = pairs.iter().copied().collect();
        let report = check_assignment(s, &Assignment::new(list.clone()));
        let Some(v) = report.violations.first() else {
            break;
        };
        let named: Vec<(OfficerIdx, Target)> = match v.subject() {
            Subject::Pair(o, t) => vec![(o, t)],
            Subject::Officer(o) => list.iter().copied().filter(|p| p.0 == o).collect(),
            Subject::Target(t) => list.iter().copied().filter(|p| p.1 == t).collect(),
            Subject::Position(i) => list.get(i).copied().into_iter().collect(),
        };
        // The last pair named that no pin holds.
        let Some(&p) = named.iter().rev().find(|p| !pins.contains(p)) else {
            let pin = named.first().map_or_else(String::new, |&p| name(s, p));
            return Err(ReplanError::Pin(pin, v.to_string()));
        };
        remove(&mut pairs, p, Removed::BreaksRule, &mut repair);
    }

    // 4. Targets.
    let mut inst = Instance::new(s, options.limits);
    // Every candidate pair of every officer, before the candidate limits.
    let candidates: Vec<Vec<crate::candidates::Edge>> = (0..s.officers.len())
        .map(|o| inst.officer_pairs(OfficerIdx::from(o)))
        .collect();
    let mut tries = 0;
    'repair: loop {
        let short = shortfalls(s, &pairs);
        if short.iter().all(|&n| n == 0) || tries >= TRIES_MAX {
            break;
        }
        let total: u32 = short.iter().sum();
        // Moves, cheapest first: (pairs changed, travel, officer, target).
        let mut moves: Vec<(usize, u32, OfficerIdx, Target)> = Vec::new();
        let served_by = |o: OfficerIdx| pairs.iter().filter(move |p| p.0 == o).map(|p| p.1);
        for (u, unit) in s.units.iter().enumerate() {
            let kind_short = match unit.kind {
                UnitKind::Platform => short[0],
                UnitKind::Chamber => short[1],
            };
            let t = Target::Unit(tepai_model::UnitIdx::from(u));
            let staff = pairs.iter().filter(|p| p.1 == t).count();
            if kind_short == 0 && short[2] == 0 || staff >= unit.team_size as usize {
                continue;
            }
            for edge in candidates.iter().flatten().filter(|e| e.target == t) {
                let o = edge.officer;
                if pairs.contains(&(o, t)) || pins.iter().any(|p| p.0 == o) {
                    continue;
                }
                let gives_up = if exclusive { served_by(o).count() } else { 0 };
                moves.push((1 + gives_up, edge.travel, o, t));
            }
        }
        if short[2] > 0 {
            let reached = reached(s, &pairs);
            for o in (0..s.officers.len()).map(OfficerIdx::from) {
                if exclusive && served_by(o).any(|t| matches!(t, Target::Unit(_))) {
                    continue;
                }
                for edge in &candidates[o.index()] {
                    let Target::Enterprise(e) = edge.target else {
                        continue;
                    };
                    if reached[e.index()] || s.enterprise(e).is_closed_on(from) {
                        continue;
                    }
                    moves.push((1, edge.travel, o, edge.target));
                }
            }
            // Among equal changes, the most valuable enterprise first.
            moves.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| {
                        let v = |t: Target| match t {
                            Target::Enterprise(e) => -value(s, e),
                            Target::Unit(_) => 0.0,
                        };
                        v(a.3).total_cmp(&v(b.3))
                    })
                    .then(a.1.cmp(&b.1))
                    .then(a.2.cmp(&b.2))
                    .then(a.3.cmp(&b.3))
            });
        } else {
            moves.sort_unstable();
        }
        for (_, _, o, t) in moves {
            if tries >= TRIES_MAX {
                break 'repair;
            }
            tries += 1;
            let mut next = pairs.clone();
            let given_up: Vec<(OfficerIdx, Target)> = if exclusive && matches!(t, Target::Unit(_)) {
                next.iter().copied().filter(|p| p.0 == o).collect()
            } else {
                Vec::new()
            };
            for p in &given_up {
                next.remove(p);
            }
            next.insert((o, t));
            let after: u32 = shortfalls(s, &next).iter().sum();
            if after < total && valid(s, &next) {
                for p in given_up {
                    remove(&mut pairs, p, Removed::Moved, &mut repair);
                }
                add(&mut pairs, (o, t), &mut repair);
                continue 'repair;
            }
        }
        break;
    }

    // 5. The exact optimisation, from the greedy repair: used when it changes no more pairs.
    let open: BTreeSet<(OfficerIdx, Target)> = input
        .baseline
        .pairs
        .iter()
        .copied()
        .filter(|&(_, t)| !matches!(t, Target::Enterprise(e) if s.enterprise(e).is_closed_on(from)))
        .collect();
    if let Some(ex) = super::exact::fewest_changes(s, &open, &pins, &pairs, options) {
        let before = shortfalls(s, &pairs).iter().sum::<u32>();
        let after = shortfalls(s, &ex.pairs).iter().sum::<u32>();
        if after <= before
            && ex.pairs.symmetric_difference(&open).count()
                <= pairs.symmetric_difference(&open).count()
        {
            let baseline: BTreeSet<(OfficerIdx, Target)> =
                input.baseline.pairs.iter().copied().collect();
            let why = |p: (OfficerIdx, Target)| {
                repair
                    .removed
                    .iter()
                    .find(|r| r.0 == p)
                    .map_or(Removed::Moved, |r| r.1)
            };
            let removed = baseline
                .iter()
                .filter(|p| !ex.pairs.contains(p))
                .map(|&p| (p, why(p)))
                .collect();
            let added = ex
                .pairs
                .iter()
                .filter(|p| !baseline.contains(p))
                .copied()
                .collect();
            repair = Repair {
                removed,
                added,
                proven: ex.proven,
            };
            pairs = ex.pairs;
        }
    }

    // The result, valued as the assignment stage values a plan.
    let mut edges = Vec::new();
    for &(o, t) in &pairs {
        let found = |inst: &Instance<'_>| {
            inst.by_officer[o.index()]
                .iter()
                .copied()
                .find(|&i| inst.edges[i].target == t)
        };
        if found(&inst).is_none() {
            let extra: Vec<_> = inst
                .officer_pairs(o)
                .into_iter()
                .filter(|e| e.target == t)
                .collect();
            inst.add_edges(extra);
        }
        match found(&inst) {
            Some(i) => edges.push(i),
            None => {
                return Err(PlanError::CheckFailed(vec![format!(
                    "{} is no candidate pair",
                    name(s, (o, t))
                )])
                .into())
            }
        }
    }
    let objective = evaluate(&inst, &edges);
    let cov = coverage(&inst, &edges);
    let diagnosis = (objective.shortfall > 1e-9).then(|| {
        let deadline = Deadline::after_s(options.time_limit_s.min(30.0));
        diagnosis::diagnose(&inst, &cov, &edges, &deadline)
    });
    let result = AssignResult {
        assignment: Assignment::new(pairs.into_iter().collect()),
        status: Status::Heuristic,
        objective,
        heuristic_objective: objective.total(),
        bound: None,
        bound_scope: BoundScope::CandidatePairs,
        candidate_bound: None,
        coverage: cov,
        candidate_pairs: inst.edges.len(),
        pairs_within_reach: inst.pairs_within_reach,
        components: inst.components,
        diagnosis,
        timings: Timings::default(),
        solver_error: None,
        mip_gap: options.mip_gap,
    };
    Ok((result, repair))
}

/// Which enterprises the pairs reach.
fn reached(s: &Scenario, pairs: &BTreeSet<(OfficerIdx, Target)>) -> Vec<bool> {
    let mut team = vec![0u32; s.units.len()];
    let mut reached = vec![false; s.enterprises.len()];
    for &(_, t) in pairs {
        match t {
            Target::Unit(u) => team[u.index()] += 1,
            Target::Enterprise(e) => reached[e.index()] = true,
        }
    }
    for (u, unit) in s.units.iter().enumerate() {
        if team[u] == unit.team_size {
            for &e in &unit.members {
                reached[e.index()] = true;
            }
        }
    }
    reached
}
