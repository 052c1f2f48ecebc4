//! The candidate graph: every officer–target pair a plan may use, with the numbers the
//! assignment model needs (see `docs/assignment-model.md`).
//!
//! Officers and targets are the nodes of a bipartite petgraph graph; an edge carries the
//! one-way travel, the load per period and the specialty mismatch. Pairs are left out when
//! travel exceeds the limit, a conflict of interest bars them, or the load alone exceeds the
//! officer's capacity (in minutes or in day trips). Direct-service edges are capped per officer (the best by value, travel
//! and fit) so province-sized regions stay tractable ([`CandidateLimits`]).
use std::collections::BTreeMap;

use petgraph::graph::{NodeIndex, UnGraph};
use tepai_model::{
    ConflictScope, EnterpriseIdx, OfficerIdx, Period, Place, Scenario, Target, UnitIdx,
};

/// One candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// Who.
    pub officer: OfficerIdx,
    /// Serves what.
    pub target: Target,
    /// One-way minutes from the officer's court.
    pub travel: u32,
    /// Minutes of work per period.
    pub load: f64,
    /// Share of the officer's slots the pair takes (docs/assignment-model.md, "Jobs"): 1 for
    /// a unit, `1 ÷ per_trip` for an enterprise.
    pub jobs: f64,
    /// Needs of the target the officer has no specialty for.
    pub mismatch: u32,
}

/// The scenario's assignment data, precomputed once.
pub struct Instance<'s> {
    /// The scenario.
    pub s: &'s Scenario,
    /// Capacity per officer, minutes per period.
    pub capacity: Vec<f64>,
    /// Slots per officer: how many jobs its free days carry (docs/assignment-model.md).
    pub slots: Vec<u32>,
    /// Value of reaching each enterprise.
    pub value: Vec<f64>,
    /// Weight of one unit of shortfall of platforms, chambers and enterprises (target
    /// priority, [`crate::assign::priority`]).
    pub shortfall_weights: [f64; 3],
    /// Every candidate pair.
    pub edges: Vec<Edge>,
    /// Edge indices per officer.
    pub by_officer: Vec<Vec<usize>>,
    /// Edge indices per unit.
    pub by_unit: Vec<Vec<usize>>,
    /// Edge indices per enterprise (direct service).
    pub by_enterprise: Vec<Vec<usize>>,
    /// The bipartite graph (node weights: officers then targets).
    pub graph: UnGraph<Place, usize>,
    /// Connected components of the graph with at least one edge.
    pub components: usize,
    /// Whether any pair within reach was left out by [`CandidateLimits`] (then the model's
    /// bounds hold for the candidate model only).
    pub pruned: bool,
    /// Pairs within reach before [`CandidateLimits`] applied.
    pub pairs_within_reach: usize,
    /// What the whole scenario allows, before [`CandidateLimits`].
    pub whole: Whole,
    /// Needs of each unit (the two most frequent among its members).
    needs: Vec<Vec<&'s str>>,
    /// Needs and specialties as bit sets, for a fast mismatch count.
    skills: Skills,
    /// What each court reaches, with the reference trips.
    reach: CourtReach,
}

/// Counts over every candidate pair of the scenario, including those [`CandidateLimits`]
/// leave out of the model: the model keeps a variable and a row for everything a pair
/// priced in later may need.
#[derive(Debug, Clone, Default)]
pub struct Whole {
    /// Candidate officers per unit.
    pub unit_officers: Vec<usize>,
    /// Per officer: whether it has unit pairs, whether it has direct pairs.
    pub officer_kinds: Vec<(bool, bool)>,
    /// Per enterprise: whether any officer may serve it directly.
    pub direct: Vec<bool>,
}

/// Enterprises' needs and officers' specialties as bit sets over the needs named anywhere
/// (when there are at most 64 of them; else `None` and mismatch is counted on strings), and
/// which enterprises have any conflict row at all.
#[derive(Debug, Clone, Default)]
struct Skills {
    masks: Option<(Vec<u64>, Vec<u64>)>,
    conflicted: Vec<bool>,
}

impl Skills {
    fn new(s: &Scenario) -> Self {
        let mut names: BTreeMap<&str, u32> = BTreeMap::new();
        for e in &s.enterprises {
            for n in &e.needs {
                let next = u32::try_from(names.len()).unwrap_or(u32::MAX);
                names.entry(s.tag(*n)).or_insert(next);
            }
        }
        let masks = (names.len() <= 64).then(|| {
            (
                s.enterprises
                    .iter()
                    .map(|e| mask(&names, s.tags(&e.needs)))
                    .collect(),
                s.officers
                    .iter()
                    .map(|o| mask(&names, o.specialties.iter().map(String::as_str)))
                    .collect(),
            )
        });
        let mut conflicted = vec![false; s.enterprises.len()];
        for c in &s.conflicts {
            conflicted[c.enterprise.index()] = true;
        }
        Skills { masks, conflicted }
    }
}

/// Tuning of candidate generation.
///
/// Regions the size of a province give every officer hundreds of units within reach; the
/// model keeps, above `unit_pairs_max` officer–unit pairs, only each officer's
/// `units_per_officer` cheapest units and each unit's `officers_per_unit` cheapest officers
/// (a pair stays if either keeps it). Bounds are then bounds of that candidate model, which
/// the summary says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateLimits {
    /// Most direct-service enterprises considered per officer (0 = all within reach).
    pub direct_per_officer: usize,
    /// Officer–unit pairs above which unit pairs are thinned (0 = never).
    pub unit_pairs_max: usize,
    /// Cheapest units kept per officer when thinning.
    pub units_per_officer: usize,
    /// Cheapest officers kept per unit (times its team size) when thinning.
    pub officers_per_unit: usize,
}

impl CandidateLimits {
    /// Every pair within reach: the exact model.
    pub const ALL: CandidateLimits = CandidateLimits {
        direct_per_officer: 0,
        unit_pairs_max: 0,
        units_per_officer: 0,
        officers_per_unit: 0,
    };
}

impl Default for CandidateLimits {
    fn default() -> Self {
        CandidateLimits {
            direct_per_officer: 60,
            unit_pairs_max: 100_000,
            units_per_officer: 20,
            officers_per_unit: 12,
        }
    }
}

/// The working days of each period of the year (calendar, make-up days included) on which
/// none of the given officers is unavailable: an officer's free days, or a team's common ones.
pub fn free_days(s: &Scenario, officers: &[OfficerIdx]) -> Vec<Vec<chrono::NaiveDate>> {
    let leave: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = s
        .unavailable
        .iter()
        .filter(|u| officers.contains(&u.officer))
        .map(|u| (u.from, u.to))
        .collect();
    Period::all(s.year, s.rules.period)
        .iter()
        .map(|p| {
            s.calendar
                .working_days(p.start(), p.end())
                .unwrap_or_default()
                .into_iter()
                .filter(|d| !leave.iter().any(|(a, b)| a <= d && d <= b))
                .collect()
        })
        .collect()
}

/// Capacity of every officer in minutes per period (see the model doc): the fewest of
/// `days_per_period` and the free working days of any period, times the day length.
pub fn capacities(s: &Scenario) -> Vec<f64> {
    (0..s.officers.len())
        .map(|oi| {
            let o = OfficerIdx::from(oi);
            let per_period = s.days_per_period(o);
            #[allow(clippy::cast_precision_loss)]
            let fewest = free_days(s, &[o])
                .iter()
                .map(|days| per_period.min(days.len() as f64))
                .fold(f64::INFINITY, f64::min);
            if fewest.is_finite() {
                fewest * f64::from(s.rules.day_minutes)
            } else {
                0.0
            }
        })
        .collect()
}

/// Slots of every officer (docs/assignment-model.md, "Slots"): how many jobs of
/// `V* = max(unit_visits_per_period, enterprise_visits_per_period)` spaced visits per period
/// its free days carry, counting up from one job until the earliest-first placement fails.
pub fn slots(s: &Scenario) -> Vec<u32> {
    let visits = s
        .rules
        .unit_visits_per_period
        .max(s.rules.enterprise_visits_per_period);
    (0..s.officers.len())
        .map(|oi| {
            let o = OfficerIdx::from(oi);
            let free = free_days(s, &[o]);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let per_period = s.days_per_period(o) as u32;
            let mut jobs = 0;
            while (jobs + 1) * visits.max(1) <= per_period
                && spaced_jobs_fit(&free, jobs + 1, visits, s.rules.min_days_between_visits)
            {
                jobs += 1;
            }
            jobs
        })
        .collect()
}

/// Whether a team can make a unit's joint visits: at least `enterprises_per_unit_visit` of
/// the unit's members are eligible for every officer of the team (the team travels
/// together), and on the days free for every member, with at most the smallest
/// `days_per_period` of the members, `unit_visits_per_period` visits spaced
/// `min_days_between_visits` apart fit every period (the placement of [`slots`]).
pub fn team_fits(s: &Scenario, unit: UnitIdx, team: &[OfficerIdx]) -> bool {
    if team.len() < 2 {
        return true;
    }
    let eligible = s
        .unit(unit)
        .members
        .iter()
        .filter(|&&e| team.iter().all(|&o| !s.is_conflicted(o, e)))
        .count();
    if eligible < s.rules.enterprises_per_unit_visit as usize {
        return false;
    }
    let per_period = team
        .iter()
        .map(|&o| s.days_per_period(o))
        .fold(f64::INFINITY, f64::min);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_period = per_period.max(0.0) as u32;
    let visits = s.rules.unit_visits_per_period;
    if visits > per_period {
        return false;
    }
    spaced_jobs_fit(
        &free_days(s, team),
        1,
        visits,
        s.rules.min_days_between_visits,
    )
}

/// Whether `jobs` jobs of `visits` visits per period fit the free days of every period:
/// periods in order, `visits` rounds, each job in turn taking the earliest unused free day
/// at least `min_days` after its previous visit.
fn spaced_jobs_fit(free: &[Vec<chrono::NaiveDate>], jobs: u32, visits: u32, min_days: u32) -> bool {
    if visits == 0 {
        return true;
    }
    let mut last: Vec<Option<chrono::NaiveDate>> = vec![None; jobs as usize];
    for days in free {
        let mut used = vec![false; days.len()];
        for _ in 0..visits {
            for job in &mut last {
                let pick = days.iter().enumerate().position(|(i, d)| {
                    !used[i] && job.map_or(true, |l| (*d - l).num_days() >= i64::from(min_days))
                });
                let Some(i) = pick else { return false };
                used[i] = true;
                *job = Some(days[i]);
            }
        }
    }
    true
}

/// Stops per visit of a target: `enterprises_per_unit_visit` for a unit, 1 for an enterprise.
pub fn stops(s: &Scenario, target: Target) -> u32 {
    match target {
        Target::Unit(_) => s.rules.enterprises_per_unit_visit.max(1),
        Target::Enterprise(_) => 1,
    }
}

/// Visits per period a target needs.
pub fn visits(s: &Scenario, target: Target) -> u32 {
    match target {
        Target::Unit(_) => s.rules.unit_visits_per_period,
        Target::Enterprise(_) => s.rules.enterprise_visits_per_period,
    }
}

/// The reference trip of a unit visit from a court (docs/assignment-model.md): the
/// `enterprises_per_unit_visit` eligible members nearest the court, in their best order;
/// its travel minutes (court → members → court), or `None` when too few members are
/// eligible.
pub fn unit_trip_travel(
    s: &Scenario,
    court: tepai_model::CourtIdx,
    u: UnitIdx,
    eligible: impl Fn(EnterpriseIdx) -> bool,
) -> Option<u32> {
    let k = s.rules.enterprises_per_unit_visit.max(1) as usize;
    let from = Place::Court(court);
    let mut members: Vec<(u32, EnterpriseIdx)> = s
        .unit(u)
        .members
        .iter()
        .copied()
        .filter(|&e| eligible(e))
        .map(|e| (s.travel_minutes(from, Place::Enterprise(e)), e))
        .collect();
    if members.len() < k {
        return None;
    }
    members.sort_unstable();
    let nearest: Vec<EnterpriseIdx> = members[..k].iter().map(|&(_, e)| e).collect();
    Some(crate::schedule::route::best_order(s, from, &nearest).1)
}

/// The load of an officer serving a target (docs/assignment-model.md): visits × the
/// reference trip. `None` for a unit with too few members eligible for the officer.
pub fn pair_load(s: &Scenario, o: OfficerIdx, target: Target) -> Option<f64> {
    let court = s.officer(o).court;
    let travel = match target {
        Target::Unit(u) => unit_trip_travel(s, court, u, |e| !s.is_conflicted(o, e))?,
        Target::Enterprise(e) => direct_trip_travel(s, court, e),
    };
    Some(load(s, target, travel))
}

/// Travel minutes of a direct visit: court → enterprise → court.
pub fn direct_trip_travel(s: &Scenario, court: tepai_model::CourtIdx, e: EnterpriseIdx) -> u32 {
    let (c, en) = (Place::Court(court), Place::Enterprise(e));
    s.travel_minutes(c, en)
        .saturating_add(s.travel_minutes(en, c))
}

/// Minutes of work per period for an officer serving a target, given the reference trip's
/// travel minutes: `visits × (trip travel + stops × onsite)`.
pub fn load(s: &Scenario, target: Target, trip_travel: u32) -> f64 {
    f64::from(visits(s, target))
        * (f64::from(trip_travel) + f64::from(stops(s, target)) * f64::from(s.rules.onsite_minutes))
}

/// Jobs of a pair: 1 for a unit; for an enterprise `1 ÷ per_trip`, where `per_trip` is how
/// many stops a trip through it can hold at most: `max(1, ⌊(day_minutes − round trip) ÷
/// onsite_minutes⌋)` (any trip through the enterprise travels at least its round trip).
pub fn jobs(s: &Scenario, target: Target, trip_travel: u32) -> f64 {
    match target {
        Target::Unit(_) => 1.0,
        Target::Enterprise(_) => {
            let room = s.rules.day_minutes.saturating_sub(trip_travel);
            let per_trip = (room / s.rules.onsite_minutes.max(1)).max(1);
            1.0 / f64::from(per_trip)
        }
    }
}

/// The (up to) two most frequent needs among a unit's members, ties by name.
pub fn unit_needs(s: &Scenario, u: UnitIdx) -> Vec<&str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &e in &s.unit(u).members {
        for n in &s.enterprise(e).needs {
            *counts.entry(s.tag(*n)).or_insert(0) += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().take(2).map(|(n, _)| n).collect()
}

/// Value of reaching an enterprise: 1 + categories + priority.
pub fn value(s: &Scenario, e: EnterpriseIdx) -> f64 {
    let ent = s.enterprise(e);
    #[allow(clippy::cast_precision_loss)]
    let categories = ent.categories.len() as f64;
    1.0 + categories + f64::from(ent.priority)
}

/// The tags of `list` as bits, one per name of `names`.
fn mask<'a>(names: &BTreeMap<&str, u32>, list: impl Iterator<Item = &'a str>) -> u64 {
    list.filter_map(|n| names.get(n))
        .fold(0u64, |m, &b| m | (1u64 << b))
}

fn mismatch<'a>(specialties: &[String], needs: impl Iterator<Item = &'a str>) -> u32 {
    let n = needs
        .filter(|&n| !specialties.iter().any(|s| s == n))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'s> Instance<'s> {
    /// Whether the pair keeps one of its officer's previous targets.
    pub fn keeps_previous(&self, edge: &Edge) -> bool {
        self.s
            .officer(edge.officer)
            .previous_targets
            .contains(&edge.target)
    }

    /// Every candidate pair of one officer (docs/assignment-model.md, "Candidate pairs"),
    /// before any [`CandidateLimits`]: units first, then enterprises, each in index order.
    pub fn officer_pairs(&self, o: OfficerIdx) -> Vec<Edge> {
        let mut out = Vec::new();
        self.for_each_pair(o, |e| out.push(e));
        out
    }

    /// Calls `f` with every candidate pair of one officer, in the order of
    /// [`Instance::officer_pairs`], without collecting them.
    pub fn for_each_pair(&self, o: OfficerIdx, f: impl FnMut(Edge)) {
        Instance::pairs_of(
            self.s,
            &self.capacity,
            &self.slots,
            (&self.needs, &self.skills),
            &self.reach,
            o,
            f,
        );
    }

    fn pairs_of(
        s: &Scenario,
        capacity: &[f64],
        slots: &[u32],
        (needs, skills): (&[Vec<&str>], &Skills),
        reach: &CourtReach,
        o: OfficerIdx,
        mut f: impl FnMut(Edge),
    ) {
        let r = &s.rules;
        let cap = capacity[o.index()];
        if cap <= 0.0 || slots[o.index()] == 0 {
            return;
        }
        let officer = s.officer(o);
        let court = officer.court;
        let day = r.day_minutes;
        let candidate = |target: Target, travel: u32, trip_travel: u32, mismatch: u32| {
            let stops = stops(s, target);
            let fits_day = u64::from(trip_travel) + u64::from(stops) * u64::from(r.onsite_minutes)
                <= u64::from(day);
            let load = load(s, target, trip_travel);
            (fits_day && load <= cap + 1e-9).then(|| Edge {
                officer: o,
                target,
                travel,
                load,
                jobs: jobs(s, target, trip_travel),
                mismatch,
            })
        };
        for &(u, travel, trip) in &reach.units[court.index()] {
            let unit = s.unit(u);
            let conflicted = unit
                .members
                .iter()
                .any(|&e| skills.conflicted[e.index()] && s.is_conflicted(o, e));
            let trip = if !conflicted {
                trip
            } else if r.conflict_scope == ConflictScope::Unit {
                continue;
            } else {
                unit_trip_travel(s, court, u, |e| !s.is_conflicted(o, e))
            };
            let Some(trip) = trip else { continue };
            let fit = mismatch(&officer.specialties, needs[u.index()].iter().copied());
            if let Some(e) = candidate(Target::Unit(u), travel, trip, fit) {
                f(e);
            }
        }
        for &(e, travel, trip) in &reach.enterprises[court.index()] {
            // Closed before the plan starts: nothing to serve.
            if s.closed_for_plan(e) || (skills.conflicted[e.index()] && s.is_conflicted(o, e)) {
                continue;
            }
            let fit = match &skills.masks {
                Some((ents, officers)) => (ents[e.index()] & !officers[o.index()]).count_ones(),
                None => mismatch(&officer.specialties, s.tags(&s.enterprise(e).needs)),
            };
            if let Some(edge) = candidate(Target::Enterprise(e), travel, trip, fit) {
                f(edge);
            }
        }
    }

    /// Builds the candidate graph of a scenario.
    pub fn new(s: &'s Scenario, limits: CandidateLimits) -> Self {
        let r = &s.rules;
        let capacity = capacities(s);
        let slots = slots(s);
        let value: Vec<f64> = (0..s.enterprises.len())
            .map(|e| value(s, EnterpriseIdx::from(e)))
            .collect();
        let needs: Vec<Vec<&'s str>> = (0..s.units.len())
            .map(|u| unit_needs(s, UnitIdx::from(u)))
            .collect();
        let reach = CourtReach::new(s);
        let skills = Skills::new(s);
        let shortfall_weights = crate::assign::priority::shortfall_weights(s, &value);
        let mut inst = Instance {
            s,
            capacity,
            slots,
            value,
            shortfall_weights,
            edges: Vec::new(),
            by_officer: Vec::new(),
            by_unit: Vec::new(),
            by_enterprise: Vec::new(),
            graph: UnGraph::default(),
            components: 0,
            pruned: false,
            pairs_within_reach: 0,
            whole: Whole {
                unit_officers: vec![0; s.units.len()],
                officer_kinds: vec![(false, false); s.officers.len()],
                direct: vec![false; s.enterprises.len()],
            },
            needs,
            skills,
            reach,
        };
        let mut edges = Vec::new();
        let mut pairs_within_reach = 0;
        for (oi, officer) in s.officers.iter().enumerate() {
            let o = OfficerIdx::from(oi);
            let mut direct = Vec::new();
            let whole = &mut inst.whole;
            Instance::pairs_of(
                s,
                &inst.capacity,
                &inst.slots,
                (&inst.needs, &inst.skills),
                &inst.reach,
                o,
                |e| match e.target {
                    Target::Unit(u) => {
                        whole.unit_officers[u.index()] += 1;
                        whole.officer_kinds[oi].0 = true;
                        edges.push(e);
                    }
                    Target::Enterprise(en) => {
                        whole.direct[en.index()] = true;
                        whole.officer_kinds[oi].1 = true;
                        direct.push(e);
                    }
                },
            );
            pairs_within_reach += direct.len();
            if limits.direct_per_officer > 0 && direct.len() > limits.direct_per_officer {
                // Keep the most attractive: unit-less enterprises first (no unit can reach
                // them), then by value net of travel and mismatch costs.
                let w = &s.weights;
                let value = &inst.value;
                let score = |e: &Edge| {
                    let Target::Enterprise(ei) = e.target else {
                        return 0.0;
                    };
                    let alone = if s.enterprise(ei).units.is_empty() {
                        1.0
                    } else {
                        0.0
                    };
                    alone * 1e6 + w.priority * value[ei.index()]
                        - w.travel * f64::from(e.travel) / 60.0
                        - w.mismatch * f64::from(e.mismatch)
                        - w.imbalance * e.load / f64::from(r.day_minutes)
                };
                // Partition around the cut (linear), then order only the kept part.
                let order = |a: &Edge, b: &Edge| {
                    score(b).total_cmp(&score(a)).then(a.target.cmp(&b.target))
                };
                direct.select_nth_unstable_by(limits.direct_per_officer - 1, order);
                direct[..limits.direct_per_officer].sort_by(order);
                // Always keep the previous targets that are candidates: each one past the
                // cut takes the place of the lowest-ranked kept pair that is not one.
                let n = limits.direct_per_officer;
                let previous = |e: &Edge| officer.previous_targets.contains(&e.target);
                let mut slot = n;
                for i in n..direct.len() {
                    if previous(&direct[i]) {
                        match (0..slot).rev().find(|&j| !previous(&direct[j])) {
                            Some(j) => {
                                direct.swap(j, i);
                                slot = j;
                            }
                            None => break,
                        }
                    }
                }
                direct.truncate(n);
                direct.sort_by_key(|e| e.target);
            }
            edges.extend(direct);
        }
        pairs_within_reach += edges
            .iter()
            .filter(|e| matches!(e.target, Target::Unit(_)))
            .count();
        thin_unit_pairs(s, &mut edges, limits);
        inst.pruned = edges.len() < pairs_within_reach;
        inst.pairs_within_reach = pairs_within_reach;
        inst.edges = edges;
        inst.index();
        inst
    }

    /// Adds candidate pairs that are not in the model yet (pairs already in it are
    /// skipped), and re-indexes. Returns how many were added.
    pub fn add_edges(&mut self, new: impl IntoIterator<Item = Edge>) -> usize {
        let before = self.edges.len();
        for e in new {
            let known = match e.target {
                Target::Unit(u) => &self.by_unit[u.index()],
                Target::Enterprise(en) => &self.by_enterprise[en.index()],
            };
            if !known.iter().any(|&i| self.edges[i].officer == e.officer) {
                let i = self.edges.len();
                self.edges.push(e);
                match e.target {
                    Target::Unit(u) => self.by_unit[u.index()].push(i),
                    Target::Enterprise(en) => self.by_enterprise[en.index()].push(i),
                }
            }
        }
        let added = self.edges.len() - before;
        if added > 0 {
            self.index();
        }
        added
    }

    /// Rebuilds the per-officer, per-unit and per-enterprise lists and the graph from
    /// `edges`.
    fn index(&mut self) {
        let s = self.s;
        let edges = &self.edges;
        let mut by_officer = vec![Vec::new(); s.officers.len()];
        let mut by_unit = vec![Vec::new(); s.units.len()];
        let mut by_enterprise = vec![Vec::new(); s.enterprises.len()];
        for (i, e) in edges.iter().enumerate() {
            by_officer[e.officer.index()].push(i);
            match e.target {
                Target::Unit(u) => by_unit[u.index()].push(i),
                Target::Enterprise(en) => by_enterprise[en.index()].push(i),
            }
        }

        let mut graph = UnGraph::<Place, usize>::with_capacity(
            s.officers.len() + s.units.len() + s.enterprises.len(),
            edges.len(),
        );
        let officer_nodes: Vec<NodeIndex> = (0..s.officers.len())
            .map(|o| graph.add_node(Place::Court(s.officers[o].court)))
            .collect();
        let unit_nodes: Vec<NodeIndex> = (0..s.units.len())
            .map(|u| graph.add_node(Place::Unit(UnitIdx::from(u))))
            .collect();
        let ent_nodes: Vec<NodeIndex> = (0..s.enterprises.len())
            .map(|e| graph.add_node(Place::Enterprise(EnterpriseIdx::from(e))))
            .collect();
        for (i, e) in edges.iter().enumerate() {
            let t = match e.target {
                Target::Unit(u) => unit_nodes[u.index()],
                Target::Enterprise(en) => ent_nodes[en.index()],
            };
            graph.add_edge(officer_nodes[e.officer.index()], t, i);
        }
        self.components = count_components(&graph);
        self.graph = graph;
        self.by_officer = by_officer;
        self.by_unit = by_unit;
        self.by_enterprise = by_enterprise;
    }
}

/// Thins officer–unit pairs when there are more than `limits.unit_pairs_max`: a pair stays
/// when the unit is among the officer's cheapest or the officer among the unit's cheapest,
/// or when it is the officer's previous target.
fn thin_unit_pairs(s: &Scenario, edges: &mut Vec<Edge>, limits: CandidateLimits) {
    let unit_pairs = edges
        .iter()
        .filter(|e| matches!(e.target, Target::Unit(_)))
        .count();
    if limits.unit_pairs_max == 0 || unit_pairs <= limits.unit_pairs_max {
        return;
    }
    let w = &s.weights;
    let cost =
        |e: &Edge| w.travel * f64::from(e.travel) / 60.0 + w.mismatch * f64::from(e.mismatch);
    let mut keep = vec![false; edges.len()];
    let mut by_officer: Vec<Vec<usize>> = vec![Vec::new(); s.officers.len()];
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); s.units.len()];
    for (i, e) in edges.iter().enumerate() {
        match e.target {
            Target::Unit(u) => {
                by_officer[e.officer.index()].push(i);
                by_unit[u.index()].push(i);
                if s.officer(e.officer).previous_targets.contains(&e.target) {
                    keep[i] = true;
                }
            }
            Target::Enterprise(_) => keep[i] = true,
        }
    }
    let mut mark = |list: &mut Vec<usize>, n: usize| {
        list.sort_by(|&a, &b| cost(&edges[a]).total_cmp(&cost(&edges[b])).then(a.cmp(&b)));
        for &i in list.iter().take(n) {
            keep[i] = true;
        }
    };
    for list in &mut by_officer {
        mark(list, limits.units_per_officer);
    }
    for (u, list) in by_unit.iter_mut().enumerate() {
        mark(
            list,
            limits.officers_per_unit * s.units[u].team_size as usize,
        );
    }
    let mut i = 0;
    edges.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Targets within `max_one_way_minutes` of each court that has officers, with the one-way
/// travel and the travel of the reference trip (for a unit: through its nearest members, all
/// eligible; `None` when it has too few members): officers start from their court, so reach
/// is computed once per court.
struct CourtReach {
    units: Vec<Vec<(UnitIdx, u32, Option<u32>)>>,
    enterprises: Vec<Vec<(EnterpriseIdx, u32, u32)>>,
}

impl CourtReach {
    fn new(s: &Scenario) -> Self {
        let limit = s.rules.max_one_way_minutes;
        let mut has_officers = vec![false; s.courts.len()];
        for o in &s.officers {
            has_officers[o.court.index()] = true;
        }
        let mut units = vec![Vec::new(); s.courts.len()];
        let mut enterprises = vec![Vec::new(); s.courts.len()];
        for (c, _) in has_officers.iter().enumerate().filter(|(_, h)| **h) {
            let court = tepai_model::CourtIdx::from(c);
            let from = Place::Court(court);
            for u in 0..s.units.len() {
                let u = UnitIdx::from(u);
                let t = s.travel_minutes(from, Place::Unit(u));
                if t <= limit {
                    units[c].push((u, t, unit_trip_travel(s, court, u, |_| true)));
                }
            }
            for e in 0..s.enterprises.len() {
                let e = EnterpriseIdx::from(e);
                let t = s.travel_minutes(from, Place::Enterprise(e));
                if t <= limit {
                    enterprises[c].push((e, t, direct_trip_travel(s, court, e)));
                }
            }
        }
        CourtReach { units, enterprises }
    }
}

fn count_components(graph: &UnGraph<Place, usize>) -> usize {
    let mut uf = petgraph::unionfind::UnionFind::<usize>::new(graph.node_count());
    for e in graph.edge_indices() {
        if let Some((a, b)) = graph.edge_endpoints(e) {
            uf.union(a.index(), b.index());
        }
    }
    let mut roots: Vec<usize> = graph
        .node_indices()
        .filter(|n| graph.neighbors(*n).next().is_some())
        .map(|n| uf.find(n.index()))
        .collect();
    roots.sort_unstable();
    roots.dedup();
    roots.len()
}
