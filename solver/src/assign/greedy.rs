//! The construction heuristic: a fast, feasible plan that also warm-starts the MIP.
//!
//! Phase 1 serves the required units, platforms first, each with the cheapest team of free
//! officers, the units with the fewest candidate officers first (they are the easiest to
//! lose). Phase 2 is a lazy greedy over the remaining moves — an extra unit with its team, or
//! one enterprise for one officer — taking the move with the largest objective gain until
//! none gains; gains only shrink as enterprises get reached, so a popped move whose gain is
//! still the largest after recomputation is the true best.
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tepai_model::{OfficerMode, Target, UnitIdx, UnitKind};

use super::EdgeSet;
use crate::instance::Instance;

struct State<'a, 's> {
    inst: &'a Instance<'s>,
    /// Extra cost of giving each officer a unit (what it could reach directly instead).
    reserve: Vec<f64>,
    load: Vec<f64>,
    trips: Vec<f64>,
    units_of: Vec<u32>,
    direct_of: Vec<u32>,
    served_unit: Vec<bool>,
    direct: Vec<bool>,
    reached: Vec<bool>,
    platforms: u32,
    chambers: u32,
    enterprises: u32,
    plan: EdgeSet,
}

impl<'a, 's> State<'a, 's> {
    fn new(inst: &'a Instance<'s>, reserve: Vec<f64>) -> Self {
        let s = inst.s;
        State {
            inst,
            reserve,
            load: vec![0.0; s.officers.len()],
            trips: vec![0.0; s.officers.len()],
            units_of: vec![0; s.officers.len()],
            direct_of: vec![0; s.officers.len()],
            served_unit: vec![false; s.units.len()],
            direct: vec![false; s.enterprises.len()],
            reached: vec![false; s.enterprises.len()],
            platforms: 0,
            chambers: 0,
            enterprises: 0,
            plan: Vec::new(),
        }
    }

    fn exclusive(&self) -> bool {
        self.inst.s.rules.officer_mode == OfficerMode::Exclusive
    }

    fn fits(&self, edge: usize) -> bool {
        let e = &self.inst.edges[edge];
        let o = e.officer.index();
        let days = self.inst.capacity[o] / f64::from(self.inst.s.rules.day_minutes);
        if self.load[o] + e.load > self.inst.capacity[o] + 1e-9
            || self.trips[o] + e.trips > days + 1e-9
        {
            return false;
        }
        match e.target {
            Target::Unit(_) => {
                !self.exclusive() || (self.units_of[o] == 0 && self.direct_of[o] == 0)
            }
            Target::Enterprise(en) => {
                !self.direct[en.index()]
                    && (!self.exclusive() || self.units_of[o] == 0)
                    && self.direct_of[o] < self.inst.s.rules.max_enterprises_per_officer
            }
        }
    }

    /// Cost of one edge in objective units (travel, mismatch, a share of imbalance) minus
    /// the change bonus when it keeps last year's target.
    fn edge_cost(&self, edge: usize) -> f64 {
        let s = self.inst.s;
        let w = &s.weights;
        let e = &self.inst.edges[edge];
        let keep = if self.inst.previous_edge[e.officer.index()] == Some(edge) {
            w.change
        } else {
            0.0
        };
        w.travel * f64::from(e.travel) / 60.0
            + w.mismatch * f64::from(e.mismatch)
            + w.imbalance * e.load / f64::from(s.rules.day_minutes) / 10.0
            - keep
    }

    /// The gain of reaching these enterprises now (value and enterprise shortfall).
    fn reach_gain(&self, newly: impl Iterator<Item = usize>) -> f64 {
        let s = self.inst.s;
        let (mut value, mut count) = (0.0, 0u32);
        for e in newly {
            if !self.reached[e] {
                value += self.inst.value[e];
                count += 1;
            }
        }
        let short = s.targets.enterprises_min.saturating_sub(self.enterprises);
        s.weights.priority * value + s.weights.shortfall * f64::from(count.min(short))
    }

    /// The cheapest team for a unit among officers who can take it now.
    fn team(&self, u: UnitIdx) -> Option<(Vec<usize>, f64)> {
        let size = self.inst.s.unit(u).team_size as usize;
        let mut options: Vec<(f64, usize)> = self.inst.by_unit[u.index()]
            .iter()
            .filter(|&&i| self.fits(i))
            .map(|&i| {
                // Keep free the officers who could reach much by direct service, then
                // those with more options.
                let o = self.inst.edges[i].officer.index();
                let scarcity = self.inst.by_officer[o].len() as f64;
                (self.edge_cost(i) + self.reserve[o] + 1e-3 * scarcity, i)
            })
            .collect();
        if options.len() < size {
            return None;
        }
        options.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let team: Vec<usize> = options[..size].iter().map(|x| x.1).collect();
        let cost = team.iter().map(|&i| self.edge_cost(i)).sum();
        Some((team, cost))
    }

    fn unit_gain(&self, u: UnitIdx, cost: f64) -> f64 {
        let s = self.inst.s;
        let unit = s.unit(u);
        let required_short = match unit.kind {
            UnitKind::Platform => s.required_platforms() > self.platforms,
            UnitKind::Chamber => s.required_chambers() > self.chambers,
        };
        let bonus = if required_short {
            s.weights.shortfall
        } else {
            0.0
        };
        bonus + self.reach_gain(unit.members.iter().map(|e| e.index())) - cost
    }

    fn apply(&mut self, edge: usize) {
        let e = self.inst.edges[edge];
        let o = e.officer.index();
        self.load[o] += e.load;
        self.trips[o] += e.trips;
        self.plan.push(edge);
        match e.target {
            Target::Unit(_) => self.units_of[o] += 1,
            Target::Enterprise(en) => {
                self.direct_of[o] += 1;
                self.direct[en.index()] = true;
                self.reach(en.index());
            }
        }
    }

    fn reach(&mut self, e: usize) {
        if !self.reached[e] {
            self.reached[e] = true;
            self.enterprises += 1;
        }
    }

    fn serve(&mut self, u: UnitIdx, team: &[usize]) {
        for &i in team {
            self.apply(i);
        }
        self.served_unit[u.index()] = true;
        match self.inst.s.unit(u).kind {
            UnitKind::Platform => self.platforms += 1,
            UnitKind::Chamber => self.chambers += 1,
        }
        for k in 0..self.inst.s.unit(u).members.len() {
            let e = self.inst.s.unit(u).members[k].index();
            self.reach(e);
        }
    }
}

#[derive(PartialEq)]
struct Move {
    gain: f64,
    kind: MoveKind,
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum MoveKind {
    Unit(UnitIdx),
    Direct(usize),
}

impl Eq for Move {}
impl PartialOrd for Move {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Move {
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then_with(|| other.kind.cmp(&self.kind))
    }
}

/// Builds a feasible plan.
///
/// Several passes: each next pass keeps free of units the officers who, after the best plan
/// so far, could still reach unreached enterprises directly (their best
/// `max_enterprises_per_officer` such candidates, valued as in the objective); the best plan
/// is returned.
pub fn solve(inst: &Instance<'_>, seed: u64) -> EdgeSet {
    let mut best = construct(inst, seed, vec![0.0; inst.s.officers.len()]);
    let mut best_value = super::evaluate(inst, &best).total();
    for _ in 1..PASSES {
        let next = construct(inst, seed, reserve(inst, &best));
        let value = super::evaluate(inst, &next).total();
        if value + 1e-9 >= best_value {
            break;
        }
        (best, best_value) = (next, value);
    }
    best
}

/// Construction passes at most.
const PASSES: usize = 4;

/// Per officer: the objective value of the best unreached enterprises it could serve
/// directly, after `plan`.
fn reserve(inst: &Instance<'_>, plan: &EdgeSet) -> Vec<f64> {
    let (_, _, reached) = super::served(inst, plan);
    let per_officer = inst.s.rules.max_enterprises_per_officer as usize;
    inst.by_officer
        .iter()
        .map(|edges| {
            let mut values: Vec<f64> = edges
                .iter()
                .filter_map(|&i| match inst.edges[i].target {
                    Target::Enterprise(e) if !reached[e.index()] => Some(inst.value[e.index()]),
                    _ => None,
                })
                .collect();
            values.sort_by(|a, b| b.total_cmp(a));
            inst.s.weights.priority * values.iter().take(per_officer).sum::<f64>()
        })
        .collect()
}

fn construct(inst: &Instance<'_>, seed: u64, reserve: Vec<f64>) -> EdgeSet {
    let s = inst.s;
    let mut st = State::new(inst, reserve);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);

    // Phase 1: required units, platforms first, most constrained first.
    for kind in [UnitKind::Platform, UnitKind::Chamber] {
        let required = match kind {
            UnitKind::Platform => s.required_platforms(),
            UnitKind::Chamber => s.required_chambers(),
        };
        let mut units: Vec<UnitIdx> = (0..s.units.len())
            .map(UnitIdx::from)
            .filter(|&u| s.unit(u).kind == kind)
            .collect();
        units.shuffle(&mut rng);
        // Most valuable first (so a partial share picks the best), then fewest officers.
        let member_value = |u: UnitIdx| -> f64 {
            s.unit(u)
                .members
                .iter()
                .map(|e| inst.value[e.index()])
                .sum()
        };
        units.sort_by(|&a, &b| {
            let ka = (inst.by_unit[a.index()].len(), -member_value(a));
            let kb = (inst.by_unit[b.index()].len(), -member_value(b));
            if required as usize >= units_len(s, kind) {
                ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
            } else {
                ka.1.total_cmp(&kb.1).then(ka.0.cmp(&kb.0))
            }
        });
        let mut served = 0;
        for u in units {
            if served >= required {
                break;
            }
            if let Some((team, _)) = st.team(u) {
                st.serve(u, &team);
                served += 1;
            }
        }
    }

    // Phase 2: lazy greedy over extra units and direct service.
    let mut heap = BinaryHeap::new();
    for u in (0..s.units.len()).map(UnitIdx::from) {
        if !st.served_unit[u.index()] {
            if let Some((_, cost)) = st.team(u) {
                heap.push(Move {
                    gain: st.unit_gain(u, cost),
                    kind: MoveKind::Unit(u),
                });
            }
        }
    }
    for (i, e) in inst.edges.iter().enumerate() {
        if let Target::Enterprise(en) = e.target {
            let gain = st.reach_gain(std::iter::once(en.index())) - st.edge_cost(i);
            heap.push(Move {
                gain,
                kind: MoveKind::Direct(i),
            });
        }
    }
    while let Some(mv) = heap.pop() {
        if mv.gain <= 0.0 {
            break;
        }
        let fresh = match mv.kind {
            MoveKind::Unit(u) => {
                if st.served_unit[u.index()] {
                    continue;
                }
                st.team(u)
                    .map(|(team, cost)| (st.unit_gain(u, cost), Some(team)))
            }
            MoveKind::Direct(i) => {
                if !st.fits(i) {
                    continue;
                }
                let Target::Enterprise(en) = inst.edges[i].target else {
                    continue;
                };
                Some((
                    st.reach_gain(std::iter::once(en.index())) - st.edge_cost(i),
                    None,
                ))
            }
        };
        let Some((gain, team)) = fresh else { continue };
        let next = heap.peek().map_or(f64::NEG_INFINITY, |m| m.gain);
        if gain + 1e-9 < next {
            heap.push(Move {
                gain,
                kind: mv.kind,
            });
            continue;
        }
        if gain <= 0.0 {
            continue;
        }
        match (mv.kind, team) {
            (MoveKind::Unit(u), Some(team)) => st.serve(u, &team),
            (MoveKind::Direct(i), _) => st.apply(i),
            _ => {}
        }
    }
    let mut plan = st.plan;
    plan.sort_unstable();
    plan
}

fn units_len(s: &tepai_model::Scenario, kind: UnitKind) -> usize {
    s.units.iter().filter(|u| u.kind == kind).count()
}
