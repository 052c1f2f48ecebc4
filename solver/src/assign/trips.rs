//! Day trips of directly served enterprises: whether an officer's duties fit its slots once
//! its direct enterprises are grouped into real day trips, as the scheduler groups them.
//!
//! The model counts direct service in fractions of a slot (`jobs`), a lower estimate of the
//! trips needed. After each solve, every officer's direct enterprises are grouped with the
//! scheduler's own grouping (travel between the enterprises, each trip fitting the day); an
//! officer whose units and trips exceed its slots yields a *cut*: a smallest set of its pairs
//! that no plan can hold together, which the next solve excludes. Each cut is valid for
//! every plan that can be scheduled, so bounds stay valid.
use tepai_model::{EnterpriseIdx, Place, Target, UnitIdx};

use super::EdgeSet;
use crate::candidates::Instance;
use crate::schedule::{cluster, route};

/// How many day trips a set of direct enterprises of one officer needs.
fn trips_needed(inst: &Instance<'_>, o: usize, ents: &[EnterpriseIdx]) -> usize {
    let s = inst.s;
    let court = Place::Court(s.officers[o].court);
    cluster::day_trips(s, court, ents, s.rules.onsite_minutes, s.rules.day_minutes).len()
}

/// A cut: a plan holds at most `most` of these edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// Edge indices into [`Instance::edges`].
    pub edges: Vec<usize>,
    /// How many of them a plan may hold.
    pub most: usize,
}

/// Whether two enterprises can share one day trip of the officer.
fn compatible(inst: &Instance<'_>, o: usize, a: EnterpriseIdx, b: EnterpriseIdx) -> bool {
    let s = inst.s;
    let court = Place::Court(s.officers[o].court);
    let (_, travel) = route::best_order(s, court, &[a, b]);
    u64::from(travel) + 2 * u64::from(s.rules.onsite_minutes) <= u64::from(s.rules.day_minutes)
}

/// The cuts a plan violates, one per officer whose units plus direct day trips exceed its
/// slots:
/// - when the overflow shows in enterprises no two of which can share a trip, a *clique
///   cut*: those enterprises, widened by the officer's other candidates that share a trip
///   with none of them, plus all its unit pairs, at most `J(o)` of them (each takes a slot);
/// - else a smallest set of its plan's edges (its units and as few direct enterprises as
///   still overflow) that no schedulable plan holds together.
pub fn violated_cuts(inst: &Instance<'_>, plan: &EdgeSet) -> Vec<Cut> {
    let mut units: Vec<Vec<usize>> = vec![Vec::new(); inst.s.officers.len()];
    let mut direct: Vec<Vec<(usize, EnterpriseIdx)>> = vec![Vec::new(); inst.s.officers.len()];
    for &i in plan {
        let e = &inst.edges[i];
        match e.target {
            Target::Unit(_) => units[e.officer.index()].push(i),
            Target::Enterprise(en) => direct[e.officer.index()].push((i, en)),
        }
    }
    let mut cuts = team_cuts(inst, plan);
    for (o, mine) in direct.iter().enumerate() {
        if mine.is_empty() {
            continue;
        }
        let slots = inst.slots[o] as usize;
        let overflows = |set: &[(usize, EnterpriseIdx)]| {
            let ents: Vec<EnterpriseIdx> = set.iter().map(|&(_, e)| e).collect();
            units[o].len() + trips_needed(inst, o, &ents) > slots
        };
        if !overflows(mine) {
            continue;
        }
        // Enterprises of the plan that pairwise cannot share a trip.
        let mut clique: Vec<(usize, EnterpriseIdx)> = Vec::new();
        for &(i, e) in mine {
            if clique.iter().all(|&(_, c)| !compatible(inst, o, c, e)) {
                clique.push((i, e));
            }
        }
        if units[o].len() + clique.len() > slots {
            for &i in &inst.by_officer[o] {
                if let Target::Enterprise(e) = inst.edges[i].target {
                    if !clique.iter().any(|&(j, _)| j == i)
                        && clique.iter().all(|&(_, c)| !compatible(inst, o, c, e))
                    {
                        clique.push((i, e));
                    }
                }
            }
            let mut edges: Vec<usize> = clique.iter().map(|&(i, _)| i).collect();
            edges.extend(
                inst.by_officer[o]
                    .iter()
                    .copied()
                    .filter(|&i| matches!(inst.edges[i].target, Target::Unit(_))),
            );
            edges.sort_unstable();
            cuts.push(Cut { edges, most: slots });
            continue;
        }
        // Drop enterprises while the rest still overflows: a minimal overflowing set.
        let mut set = mine.clone();
        let mut k = 0;
        while k < set.len() {
            let mut without = set.clone();
            without.remove(k);
            if overflows(&without) {
                set = without;
            } else {
                k += 1;
            }
        }
        let mut edges: Vec<usize> = units[o].clone();
        edges.extend(set.iter().map(|&(i, _)| i));
        edges.sort_unstable();
        let most = edges.len() - 1;
        cuts.push(Cut { edges, most });
    }
    cuts
}

/// Cuts for the teams of the plan that cannot make the unit's joint visits (too few
/// members eligible for all of them, or too few common free days for spaced visits): that
/// team, never all together.
fn team_cuts(inst: &Instance<'_>, plan: &EdgeSet) -> Vec<Cut> {
    let mut teams: std::collections::BTreeMap<UnitIdx, Vec<usize>> = Default::default();
    for &i in plan {
        if let Target::Unit(u) = inst.edges[i].target {
            teams.entry(u).or_default().push(i);
        }
    }
    teams
        .into_iter()
        .filter(|(u, edges)| {
            let team: Vec<_> = edges.iter().map(|&i| inst.edges[i].officer).collect();
            !crate::candidates::team_fits(inst.s, *u, &team)
        })
        .map(|(_, mut edges)| {
            edges.sort_unstable();
            let most = edges.len() - 1;
            Cut { edges, most }
        })
        .collect()
}

/// The plan with direct enterprises dropped (the last of each violated cut), or teams that
/// cannot visit together, until every cut holds.
pub fn repair(inst: &Instance<'_>, plan: &EdgeSet) -> EdgeSet {
    let mut plan = plan.clone();
    loop {
        let cuts = violated_cuts(inst, &plan);
        if cuts.is_empty() {
            return plan;
        }
        for cut in cuts {
            let last_direct = cut
                .edges
                .iter()
                .filter(|i| plan.contains(i))
                .rev()
                .find(|&&i| matches!(inst.edges[i].target, Target::Enterprise(_)));
            match last_direct {
                Some(&i) => plan.retain(|&j| j != i),
                // A team that cannot visit together: the unit loses its whole team.
                None => plan.retain(|j| !cut.edges.contains(j)),
            }
        }
    }
}
