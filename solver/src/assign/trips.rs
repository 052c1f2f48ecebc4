//! Day trips of directly served enterprises: whether an officer's duties fit its slots once
//! its direct enterprises are grouped into real day trips, as the scheduler groups them.
//!
//! The model counts direct service in fractions of a slot (`jobs`), a lower estimate of the
//! trips needed. After each solve, every officer's direct enterprises are grouped with the
//! scheduler's own grouping (travel between the enterprises, each trip fitting the day); an
//! officer whose units and trips exceed its slots yields a *cut*: a smallest set of its pairs
//! that no plan can hold together, which the next solve excludes. Each cut is valid for
//! every plan that can be scheduled, so bounds stay valid.
use tepai_model::{EnterpriseIdx, Place, Target};

use super::EdgeSet;
use crate::instance::Instance;
use crate::schedule::cluster;

/// How many day trips a set of direct enterprises of one officer needs.
fn trips_needed(inst: &Instance<'_>, o: usize, ents: &[EnterpriseIdx]) -> usize {
    let s = inst.s;
    let court = Place::Court(s.officers[o].court);
    cluster::day_trips(s, court, ents, s.rules.onsite_minutes, s.rules.day_minutes).len()
}

/// The cuts a plan violates: for each officer whose units plus direct day trips exceed its
/// slots, a smallest set of its plan's edges (its units and as few direct enterprises as
/// still overflow) that no schedulable plan holds together.
pub fn violated_cuts(inst: &Instance<'_>, plan: &EdgeSet) -> Vec<Vec<usize>> {
    let mut units: Vec<Vec<usize>> = vec![Vec::new(); inst.s.officers.len()];
    let mut direct: Vec<Vec<(usize, EnterpriseIdx)>> = vec![Vec::new(); inst.s.officers.len()];
    for &i in plan {
        let e = &inst.edges[i];
        match e.target {
            Target::Unit(_) => units[e.officer.index()].push(i),
            Target::Enterprise(en) => direct[e.officer.index()].push((i, en)),
        }
    }
    let mut cuts = Vec::new();
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
        let mut cut: Vec<usize> = units[o].clone();
        cut.extend(set.iter().map(|&(i, _)| i));
        cut.sort_unstable();
        cuts.push(cut);
    }
    cuts
}

/// The plan with direct enterprises dropped (the last of each violated cut) until every
/// officer's units and day trips fit its slots.
pub fn repair(inst: &Instance<'_>, plan: &EdgeSet) -> EdgeSet {
    let mut plan = plan.clone();
    loop {
        let cuts = violated_cuts(inst, &plan);
        if cuts.is_empty() {
            return plan;
        }
        for cut in cuts {
            let last_direct = cut
                .iter()
                .rev()
                .find(|&&i| matches!(inst.edges[i].target, Target::Enterprise(_)));
            if let Some(&i) = last_direct {
                plan.retain(|&j| j != i);
            }
        }
    }
}
