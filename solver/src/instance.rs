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
    /// Day trips per period (a unit visit is a trip; direct visits share trips).
    pub trips: f64,
    /// Needs of the target the officer has no specialty for.
    pub mismatch: u32,
}

/// The scenario's assignment data, precomputed once.
pub struct Instance<'s> {
    /// The scenario.
    pub s: &'s Scenario,
    /// Capacity per officer, minutes per period.
    pub capacity: Vec<f64>,
    /// Value of reaching each enterprise.
    pub value: Vec<f64>,
    /// Every candidate pair.
    pub edges: Vec<Edge>,
    /// Edge indices per officer.
    pub by_officer: Vec<Vec<usize>>,
    /// Edge indices per unit.
    pub by_unit: Vec<Vec<usize>>,
    /// Edge indices per enterprise (direct service).
    pub by_enterprise: Vec<Vec<usize>>,
    /// Edge index of each officer's previous target, when it is a candidate.
    pub previous_edge: Vec<Option<usize>>,
    /// The bipartite graph (node weights: officers then targets).
    pub graph: UnGraph<Place, usize>,
    /// Connected components of the graph with at least one edge.
    pub components: usize,
    /// Whether any pair within reach was left out by [`CandidateLimits`] (then the model's
    /// bounds hold for the candidate model only).
    pub pruned: bool,
    /// Pairs within reach before [`CandidateLimits`] applied.
    pub pairs_within_reach: usize,
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

/// Capacity of every officer in minutes per period (see the model doc): the fewest of
/// `days_per_period` and the free working days of any period, times the day length.
pub fn capacities(s: &Scenario) -> Vec<f64> {
    let periods: Vec<Vec<chrono::NaiveDate>> = Period::all(s.year, s.rules.period)
        .iter()
        .map(|p| {
            s.calendar
                .working_days(p.start(), p.end())
                .unwrap_or_default()
        })
        .collect();
    let mut leave: Vec<Vec<(chrono::NaiveDate, chrono::NaiveDate)>> =
        vec![Vec::new(); s.officers.len()];
    for u in &s.unavailable {
        leave[u.officer.index()].push((u.from, u.to));
    }
    (0..s.officers.len())
        .map(|oi| {
            let per_period = s.days_per_period(OfficerIdx::from(oi));
            let fewest = periods
                .iter()
                .map(|days| {
                    let free = days
                        .iter()
                        .filter(|d| !leave[oi].iter().any(|(a, b)| a <= *d && *d <= b))
                        .count();
                    #[allow(clippy::cast_precision_loss)]
                    let free = free as f64;
                    per_period.min(free)
                })
                .fold(f64::INFINITY, f64::min);
            if fewest.is_finite() {
                fewest * f64::from(s.rules.day_minutes)
            } else {
                0.0
            }
        })
        .collect()
}

/// Stops per visit of a target: for a unit `min(enterprises_per_unit_visit, max(1, members))`,
/// for an enterprise 1.
pub fn stops(s: &Scenario, target: Target) -> u32 {
    match target {
        Target::Unit(u) => {
            let members = u32::try_from(s.unit(u).members.len().max(1)).unwrap_or(u32::MAX);
            s.rules.enterprises_per_unit_visit.min(members)
        }
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

/// Minutes of work per period for an officer serving a target, given the one-way travel:
/// `visits × (2 × travel + stops × onsite)`.
pub fn load(s: &Scenario, target: Target, travel: u32) -> f64 {
    f64::from(visits(s, target))
        * (2.0 * f64::from(travel)
            + f64::from(stops(s, target)) * f64::from(s.rules.onsite_minutes))
}

/// Day trips per period for a target: a unit's visits each take a trip; directly served
/// enterprises share trips, at most `max(1, ⌊day_minutes ÷ onsite_minutes⌋)` to one.
pub fn trips(s: &Scenario, target: Target) -> f64 {
    match target {
        Target::Unit(_) => f64::from(visits(s, target)),
        Target::Enterprise(_) => {
            let per_trip = (s.rules.day_minutes / s.rules.onsite_minutes.max(1)).max(1);
            f64::from(visits(s, target)) / f64::from(per_trip)
        }
    }
}

/// The (up to) two most frequent needs among a unit's members, ties by name.
pub fn unit_needs(s: &Scenario, u: UnitIdx) -> Vec<&str> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &e in &s.unit(u).members {
        for n in &s.enterprise(e).needs {
            *counts.entry(n.as_str()).or_insert(0) += 1;
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

fn mismatch<N: AsRef<str>>(specialties: &[String], needs: &[N]) -> u32 {
    let n = needs
        .iter()
        .filter(|n| !specialties.iter().any(|s| s == n.as_ref()))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'s> Instance<'s> {
    /// Builds the candidate graph of a scenario.
    pub fn new(s: &'s Scenario, limits: CandidateLimits) -> Self {
        let r = &s.rules;
        let capacity = capacities(s);
        let value: Vec<f64> = (0..s.enterprises.len())
            .map(|e| value(s, EnterpriseIdx::from(e)))
            .collect();
        let needs: Vec<Vec<&str>> = (0..s.units.len())
            .map(|u| unit_needs(s, UnitIdx::from(u)))
            .collect();
        let reach = CourtReach::new(s);
        let mut edges = Vec::new();
        let mut pairs_within_reach = 0;
        for (oi, officer) in s.officers.iter().enumerate() {
            let o = OfficerIdx::from(oi);
            let cap = capacity[oi];
            if cap <= 0.0 {
                continue;
            }
            let days = cap / f64::from(r.day_minutes);
            // A pair is a candidate when its load and its day trips alone fit the officer.
            let candidate = |target: Target, travel: u32, mismatch: u32| {
                let (load, trips) = (load(s, target, travel), trips(s, target));
                (load <= cap + 1e-9 && trips <= days + 1e-9).then_some(Edge {
                    officer: o,
                    target,
                    travel,
                    load,
                    trips,
                    mismatch,
                })
            };
            let court = officer.court.index();
            for &(u, travel) in &reach.units[court] {
                let (ui, unit) = (u.index(), s.unit(u));
                if r.conflict_scope == ConflictScope::Unit
                    && unit.members.iter().any(|&e| s.is_conflicted(o, e))
                {
                    continue;
                }
                let fit = mismatch(&officer.specialties, &needs[ui]);
                edges.extend(candidate(Target::Unit(u), travel, fit));
            }
            let mut direct = Vec::new();
            for &(e, travel) in &reach.enterprises[court] {
                let ent = s.enterprise(e);
                if s.is_conflicted(o, e) {
                    continue;
                }
                let fit = mismatch(&officer.specialties, &ent.needs);
                direct.extend(candidate(Target::Enterprise(e), travel, fit));
            }
            pairs_within_reach += direct.len();
            if limits.direct_per_officer > 0 && direct.len() > limits.direct_per_officer {
                // Keep the most attractive: unit-less enterprises first (no unit can reach
                // them), then by value net of travel and mismatch costs.
                let w = &s.weights;
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
                // Always keep a previous target that is a candidate.
                let prev = officer.previous_target;
                let keep_prev = direct[limits.direct_per_officer..]
                    .iter()
                    .position(|e| Some(e.target) == prev);
                if let Some(i) = keep_prev {
                    direct.swap(limits.direct_per_officer - 1, limits.direct_per_officer + i);
                }
                direct.truncate(limits.direct_per_officer);
                direct.sort_by_key(|e| e.target);
            }
            edges.extend(direct);
        }
        pairs_within_reach += edges
            .iter()
            .filter(|e| matches!(e.target, Target::Unit(_)))
            .count();
        thin_unit_pairs(s, &mut edges, limits);
        let pruned = edges.len() < pairs_within_reach;

        let mut by_officer = vec![Vec::new(); s.officers.len()];
        let mut by_unit = vec![Vec::new(); s.units.len()];
        let mut by_enterprise = vec![Vec::new(); s.enterprises.len()];
        let mut previous_edge = vec![None; s.officers.len()];
        for (i, e) in edges.iter().enumerate() {
            by_officer[e.officer.index()].push(i);
            match e.target {
                Target::Unit(u) => by_unit[u.index()].push(i),
                Target::Enterprise(en) => by_enterprise[en.index()].push(i),
            }
            if s.officer(e.officer).previous_target == Some(e.target) {
                previous_edge[e.officer.index()] = Some(i);
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
        let components = count_components(&graph);
        Instance {
            s,
            capacity,
            value,
            edges,
            by_officer,
            by_unit,
            by_enterprise,
            previous_edge,
            graph,
            components,
            pruned,
            pairs_within_reach,
        }
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
                if s.officer(e.officer).previous_target == Some(e.target) {
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

/// Targets within `max_one_way_minutes` of each court that has officers, with the travel:
/// officers start from their court, so reach is computed once per court.
struct CourtReach {
    units: Vec<Vec<(UnitIdx, u32)>>,
    enterprises: Vec<Vec<(EnterpriseIdx, u32)>>,
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
            let from = Place::Court(tepai_model::CourtIdx::from(c));
            for u in 0..s.units.len() {
                let u = UnitIdx::from(u);
                let t = s.travel_minutes(from, Place::Unit(u));
                if t <= limit {
                    units[c].push((u, t));
                }
            }
            for e in 0..s.enterprises.len() {
                let e = EnterpriseIdx::from(e);
                let t = s.travel_minutes(from, Place::Enterprise(e));
                if t <= limit {
                    enterprises[c].push((e, t));
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
