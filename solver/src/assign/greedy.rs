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
use tepai_model::{EnterpriseIdx, EnterprisesCount, OfficerMode, Place, Target, UnitIdx, UnitKind};

use super::EdgeSet;
use crate::candidates::Instance;
use crate::schedule::route;

struct State<'a, 's> {
    inst: &'a Instance<'s>,
    /// Extra cost of giving each officer a unit (what it could reach directly instead).
    reserve: Vec<f64>,
    load: Vec<f64>,
    jobs: Vec<f64>,
    /// Each officer's directly served enterprises, grouped into day trips that fit the day.
    groups: Vec<Vec<Vec<EnterpriseIdx>>>,
    units_of: Vec<u32>,
    direct_of: Vec<u32>,
    served_unit: Vec<bool>,
    direct: Vec<bool>,
    reached: Vec<bool>,
    /// Enterprises the target counts: the reached ones, or with `enterprises_count =
    /// "visited"` those a served unit's member stops (each unit up to its stops in the year,
    /// members in order) or a direct officer visit.
    counted: Vec<bool>,
    platforms: u32,
    chambers: u32,
    /// Enterprises counted toward the target.
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
            jobs: vec![0.0; s.officers.len()],
            groups: vec![Vec::new(); s.officers.len()],
            units_of: vec![0; s.officers.len()],
            direct_of: vec![0; s.officers.len()],
            served_unit: vec![false; s.units.len()],
            direct: vec![false; s.enterprises.len()],
            reached: vec![false; s.enterprises.len()],
            counted: vec![false; s.enterprises.len()],
            platforms: 0,
            chambers: 0,
            enterprises: 0,
            plan: Vec::new(),
        }
    }

    /// The state of an existing plan.
    fn from_plan(inst: &'a Instance<'s>, plan: &EdgeSet) -> Self {
        let mut st = State::new(inst, vec![0.0; inst.s.officers.len()]);
        let mut teams: Vec<Vec<usize>> = vec![Vec::new(); inst.s.units.len()];
        for &i in plan {
            match inst.edges[i].target {
                Target::Unit(u) => teams[u.index()].push(i),
                Target::Enterprise(_) => st.apply(i),
            }
        }
        for (u, team) in teams.iter().enumerate() {
            if team.len() == inst.s.units[u].team_size as usize {
                st.serve(UnitIdx::from(u), team);
            } else {
                for &i in team {
                    st.apply(i);
                }
            }
        }
        st
    }

    fn exclusive(&self) -> bool {
        self.inst.s.rules.officer_mode == OfficerMode::Exclusive
    }

    fn fits(&self, edge: usize) -> bool {
        let e = &self.inst.edges[edge];
        let o = e.officer.index();
        let slots = f64::from(self.inst.slots[o]);
        if self.load[o] + e.load > self.inst.capacity[o] + 1e-9
            || self.jobs[o] + e.jobs > slots + 1e-9
        {
            return false;
        }
        let trips = self.units_of[o] as usize + self.groups[o].len();
        match e.target {
            Target::Unit(_) => {
                (trips as f64) < slots
                    && (!self.exclusive() || (self.units_of[o] == 0 && self.direct_of[o] == 0))
            }
            Target::Enterprise(en) => {
                !self.direct[en.index()]
                    && (!self.exclusive() || self.units_of[o] == 0)
                    && self.direct_of[o] < self.inst.s.rules.max_enterprises_per_officer
                    && (self.group_for(o, en).is_some() || (trips as f64) < slots)
            }
        }
    }

    /// The first of the officer's day-trip groups that can take the enterprise and still fit
    /// the day (routed as the scheduler routes it).
    fn group_for(&self, o: usize, en: EnterpriseIdx) -> Option<usize> {
        let s = self.inst.s;
        let court = Place::Court(s.officers[o].court);
        let (day, onsite) = (s.rules.day_minutes, s.rules.onsite_minutes);
        self.groups[o].iter().position(|g| {
            let mut stops = g.clone();
            stops.push(en);
            let (_, travel) = route::best_order(s, court, &stops);
            let n = u32::try_from(stops.len()).unwrap_or(u32::MAX);
            u64::from(travel) + u64::from(n) * u64::from(onsite) <= u64::from(day)
        })
    }

    /// Cost of one edge in objective units (travel, mismatch, a share of imbalance) minus
    /// the change bonus when it keeps last year's target.
    fn edge_cost(&self, edge: usize) -> f64 {
        let keeps = self.inst.keeps_previous(&self.inst.edges[edge]);
        self.pair_cost(&self.inst.edges[edge], keeps)
    }

    /// [`State::edge_cost`] of a pair that need not be in the instance.
    fn pair_cost(&self, e: &crate::candidates::Edge, keeps_previous: bool) -> f64 {
        let s = self.inst.s;
        let w = &s.weights;
        let keep = if keeps_previous { w.change } else { 0.0 };
        w.travel * f64::from(e.travel) / 60.0
            + w.mismatch * f64::from(e.mismatch)
            + w.imbalance * e.load / f64::from(s.rules.day_minutes) / 10.0
            - keep
    }

    /// Whether the target counts visited enterprises (`enterprises_count = "visited"`).
    fn visited_mode(&self) -> bool {
        self.inst.s.targets.enterprises_count == EnterprisesCount::Visited
    }

    /// The gain of reaching these enterprises now (value of the newly reached, and the
    /// enterprise shortfall made up by the newly counted, at most `room` of them).
    fn reach_gain(&self, newly: impl Iterator<Item = usize>, room: Option<usize>) -> f64 {
        let s = self.inst.s;
        let (mut value, mut count) = (0.0, 0usize);
        for e in newly {
            if s.closed_for_plan(EnterpriseIdx::from(e)) {
                continue;
            }
            if !self.reached[e] {
                value += self.inst.value[e];
            }
            if !self.counted[e] {
                count += 1;
            }
        }
        let count = u32::try_from(room.map_or(count, |r| count.min(r))).unwrap_or(u32::MAX);
        let short = s.targets.enterprises_min.saturating_sub(self.enterprises);
        s.weights.priority * value + self.inst.shortfall_weights[2] * f64::from(count.min(short))
    }

    /// The member stops a unit's visits make in the year, when the target counts visits.
    fn room(&self, u: UnitIdx) -> Option<usize> {
        self.visited_mode()
            .then(|| crate::plan::visitable::stops_in_year(self.inst.s, u))
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
        let officers: Vec<_> = team.iter().map(|&i| self.inst.edges[i].officer).collect();
        if !crate::candidates::team_fits(self.inst.s, u, &officers) {
            return None;
        }
        let cost = team.iter().map(|&i| self.edge_cost(i)).sum();
        Some((team, cost))
    }

    fn unit_gain(&self, u: UnitIdx, cost: f64) -> f64 {
        let s = self.inst.s;
        let unit = s.unit(u);
        let (required_short, weight) = match unit.kind {
            UnitKind::Platform => (
                s.required_platforms() > self.platforms,
                self.inst.shortfall_weights[0],
            ),
            UnitKind::Chamber => (
                s.required_chambers() > self.chambers,
                self.inst.shortfall_weights[1],
            ),
        };
        let bonus = if required_short { weight } else { 0.0 };
        bonus + self.reach_gain(unit.members.iter().map(|e| e.index()), self.room(u)) - cost
    }

    fn apply(&mut self, edge: usize) {
        let e = self.inst.edges[edge];
        let o = e.officer.index();
        self.load[o] += e.load;
        self.jobs[o] += e.jobs;
        self.plan.push(edge);
        match e.target {
            Target::Unit(_) => self.units_of[o] += 1,
            Target::Enterprise(en) => {
                match self.group_for(o, en) {
                    Some(g) => self.groups[o][g].push(en),
                    None => self.groups[o].push(vec![en]),
                }
                self.direct_of[o] += 1;
                self.direct[en.index()] = true;
                self.reach(en.index());
                self.count(en.index());
            }
        }
    }

    fn reach(&mut self, e: usize) {
        if !self.reached[e] && !self.inst.s.closed_for_plan(EnterpriseIdx::from(e)) {
            self.reached[e] = true;
        }
    }

    /// Counts a reached enterprise toward the target.
    fn count(&mut self, e: usize) {
        if self.reached[e] && !self.counted[e] {
            self.counted[e] = true;
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
        let mut room = self.room(u).unwrap_or(usize::MAX);
        for k in 0..self.inst.s.unit(u).members.len() {
            let e = self.inst.s.unit(u).members[k].index();
            self.reach(e);
            if room > 0 && self.reached[e] && !self.counted[e] {
                self.count(e);
                room -= 1;
            }
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

    extend(&mut st);
    let mut plan = st.plan;
    plan.sort_unstable();
    plan
}

/// Phase 2: the lazy greedy over extra units and direct service, from the state given.
fn extend(st: &mut State<'_, '_>) {
    let (inst, s) = (st.inst, st.inst.s);
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
            let gain = st.reach_gain(std::iter::once(en.index()), None) - st.edge_cost(i);
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
                    st.reach_gain(std::iter::once(en.index()), None) - st.edge_cost(i),
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
}

/// The plan, extended by the greedy's phase 2 with every move that still gains (a plan
/// repaired by dropping pairs gets the room it freed used again).
pub fn complete(inst: &Instance<'_>, plan: &EdgeSet) -> EdgeSet {
    let mut st = State::from_plan(inst, plan);
    extend(&mut st);
    let mut plan = st.plan;
    plan.sort_unstable();
    plan
}

/// A plan read off the LP relaxation's solution: units in order of how fully the LP serves
/// them, each with its officers of largest LP value that can take it; then direct pairs in
/// order of LP value; then the greedy's phase 2 for whatever still gains.
pub fn from_lp(inst: &Instance<'_>, x: &[f64]) -> EdgeSet {
    let s = inst.s;
    let mut st = State::new(inst, vec![0.0; s.officers.len()]);
    let mut units: Vec<(f64, usize)> = inst
        .by_unit
        .iter()
        .enumerate()
        .map(|(u, edges)| {
            let mass: f64 = edges.iter().map(|&i| x[i]).sum();
            (mass / f64::from(s.units[u].team_size.max(1)), u)
        })
        .filter(|&(m, _)| m > 0.5)
        .collect();
    units.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, u) in units {
        let size = s.units[u].team_size as usize;
        let mut options: Vec<usize> = inst.by_unit[u]
            .iter()
            .copied()
            .filter(|&i| st.fits(i))
            .collect();
        if options.len() < size {
            continue;
        }
        options.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
        options.truncate(size);
        let officers: Vec<_> = options.iter().map(|&i| inst.edges[i].officer).collect();
        if crate::candidates::team_fits(s, UnitIdx::from(u), &officers) {
            st.serve(UnitIdx::from(u), &options);
        }
    }
    let mut direct: Vec<usize> = (0..inst.edges.len())
        .filter(|&i| x[i] > 1e-6 && matches!(inst.edges[i].target, Target::Enterprise(_)))
        .collect();
    direct.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    for i in direct {
        if st.fits(i) {
            st.apply(i);
        }
    }
    extend(&mut st);
    let mut plan = st.plan;
    plan.sort_unstable();
    plan
}

fn units_len(s: &tepai_model::Scenario, kind: UnitKind) -> usize {
    s.units.iter().filter(|u| u.kind == kind).count()
}

/// Gives officers with room left the unreached enterprises they can still serve directly,
/// looking at every pair within reach, not only the model's candidate pairs (officers of
/// one court have nearly the same best candidates, so the model alone can leave officers
/// idle beside unreached enterprises). The pairs it uses join the instance.
pub fn fill(inst: &mut Instance<'_>, plan: &EdgeSet) -> EdgeSet {
    let moves: Vec<crate::candidates::Edge> = {
        let st = State::from_plan(inst, plan);
        let s = inst.s;
        let max_e = s.rules.max_enterprises_per_officer;
        let mut moves = Vec::new();
        for o in 0..s.officers.len() {
            let room = max_e.saturating_sub(st.direct_of[o]) as usize;
            if room == 0 || (st.exclusive() && st.units_of[o] > 0) {
                continue;
            }
            let mut mine: Vec<(f64, crate::candidates::Edge)> = Vec::new();
            inst.for_each_pair(tepai_model::OfficerIdx::from(o), |e| {
                if let Target::Enterprise(en) = e.target {
                    if !st.reached[en.index()] {
                        let gain = st.reach_gain(std::iter::once(en.index()), None)
                            - st.pair_cost(&e, false);
                        if gain > 0.0 {
                            mine.push((gain, e));
                        }
                    }
                }
            });
            // A few times the room, best first: enough for the pass below.
            let keep = (3 * room).min(mine.len());
            if keep > 0 && keep < mine.len() {
                mine.select_nth_unstable_by(keep - 1, |a, b| b.0.total_cmp(&a.0));
                mine.truncate(keep);
            }
            moves.extend(mine.into_iter().map(|(_, e)| e));
        }
        moves
    };
    if moves.is_empty() {
        return plan.clone();
    }
    let wanted: Vec<(tepai_model::OfficerIdx, Target)> =
        moves.iter().map(|e| (e.officer, e.target)).collect();
    inst.add_edges(moves);
    let mut st = State::from_plan(inst, plan);
    let mut scored: Vec<(f64, usize)> = wanted
        .iter()
        .filter_map(|&(o, t)| {
            let i = *inst.by_officer[o.index()]
                .iter()
                .find(|&&i| inst.edges[i].target == t)?;
            let Target::Enterprise(en) = t else {
                return None;
            };
            Some((
                st.reach_gain(std::iter::once(en.index()), None) - st.edge_cost(i),
                i,
            ))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in scored {
        let Target::Enterprise(en) = inst.edges[i].target else {
            continue;
        };
        if st.fits(i) && st.reach_gain(std::iter::once(en.index()), None) - st.edge_cost(i) > 0.0 {
            st.apply(i);
        }
    }
    let mut plan = st.plan;
    plan.sort_unstable();
    plan
}
