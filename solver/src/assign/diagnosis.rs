//! Why targets fall short, computed from the model.
//!
//! For each target: required, achieved, short by. For each unit no officer can take: why
//! (no officer within the travel limit, every officer within reach conflicted, or the load
//! beyond every reachable officer's capacity). Per court: officers, how many are used. And
//! the fewest additional officers per court that would close every gap, found by solving
//! the assignment again with optional new officers at each court (each as
//! [`tepai_model::staffing`] describes a new officer) whose hiring the objective makes expensive. Many
//! allocations over the courts usually share the fewest total; hires at courts listed first
//! in courts.csv cost a little less, so the answer is the one allocation that prefers them,
//! the same whatever the time limit once the search has proven it.
use std::collections::BTreeMap;

use tepai_model::{ConflictScope, OfficerIdx, Place, Scenario, Target, UnitIdx};

use super::{Coverage, EdgeSet, SolveError};
use crate::candidates::Instance;
use crate::deadline::Deadline;

/// One target's shortfall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// `platforms`, `chambers` or `enterprises`.
    pub target: &'static str,
    /// What the targets require.
    pub required: u32,
    /// What the plan achieves.
    pub achieved: u32,
}

/// Why a unit has no candidate officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// No officer's court lies within `max_one_way_minutes`.
    Travel,
    /// The unit has fewer members than one visit must cover (`enterprises_per_unit_visit`).
    TooFewMembers,
    /// Every officer within reach is barred by a conflict of interest.
    Conflict,
    /// For every officer within reach, fewer members than one visit must cover are free of
    /// conflicts with it (`conflict_scope = "enterprise"`).
    TooFewEligibleMembers,
    /// For every officer within reach, even the shortest visit (court → nearest eligible
    /// members → court, plus time on site) is longer than `day_minutes`.
    DayTrip,
    /// Every officer within reach lacks the capacity (or is unavailable a whole period).
    Capacity,
    /// Fewer candidate officers than the team size.
    TeamTooLarge,
}

impl Unreachable {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unreachable::Travel => "travel",
            Unreachable::TooFewMembers => "too_few_members",
            Unreachable::Conflict => "conflict",
            Unreachable::TooFewEligibleMembers => "too_few_eligible_members",
            Unreachable::DayTrip => "day_trip",
            Unreachable::Capacity => "capacity",
            Unreachable::TeamTooLarge => "team_size",
        }
    }
}

/// A court's officers and their use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtLoad {
    /// Court id.
    pub court: String,
    /// Officers of the court.
    pub officers: u32,
    /// Of which serve something in the plan.
    pub used: u32,
    /// Units within reach of the court that are not served.
    pub unserved_units_nearby: u32,
}

/// The whole diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// Targets short.
    pub shortfalls: Vec<Shortfall>,
    /// Units no officer can take, with the reason (unit id).
    pub unreachable_units: Vec<(String, Unreachable)>,
    /// Enterprises beyond the travel limit of every officer, directly and through their units.
    pub unreachable_enterprises: u32,
    /// Per court.
    pub courts: Vec<CourtLoad>,
    /// Additional officers per court (court id → count) that close every gap, if the search
    /// found such a set within its limits: the fewest in total, ties between courts going to
    /// the court listed first in courts.csv.
    pub additional_officers: Option<BTreeMap<String, u32>>,
    /// Whether the search finished: the total is proven fewest and the per-court split is
    /// the tie-break's (otherwise the best found when the time limit ended the search).
    pub additional_proven: bool,
    /// Why HiGHS failed in the search for additional officers, when it did (then
    /// `additional_officers` is `None`).
    pub additional_error: Option<SolveError>,
}

/// Explains the shortfall of a plan.
pub fn diagnose(
    inst: &Instance<'_>,
    coverage: &Coverage,
    plan: &[usize],
    deadline: &Deadline,
) -> Diagnosis {
    let s = inst.s;
    let mut shortfalls = Vec::new();
    for (target, required, achieved) in [
        ("platforms", s.required_platforms(), coverage.platforms),
        ("chambers", s.required_chambers(), coverage.chambers),
        (
            "enterprises",
            s.targets.enterprises_min,
            coverage.enterprises,
        ),
    ] {
        if achieved < required {
            shortfalls.push(Shortfall {
                target,
                required,
                achieved,
            });
        }
    }
    let unreachable_units = (0..s.units.len())
        .map(UnitIdx::from)
        .filter_map(|u| unit_reason(inst, u).map(|r| (s.unit(u).id.to_string(), r)))
        .collect();
    // Out of reach by travel alone (computed from the scenario, not from the candidate
    // pairs, which are capped per officer): no officer's court within the limit, and no unit
    // of the enterprise with enough officers within the limit for its team.
    let reach = tepai_model::validate::Reach::compute(s);
    let unreachable_enterprises = reach
        .unreached_enterprises
        .iter()
        .filter(|e| {
            s.enterprise(**e)
                .units
                .iter()
                .all(|u| reach.unit_officers[u.index()].len() < s.unit(*u).team_size as usize)
        })
        .count();
    let (served, _, _) = super::served(inst, &plan.to_vec());
    let mut used = vec![false; s.officers.len()];
    for &i in plan {
        used[inst.edges[i].officer.index()] = true;
    }
    let courts = s
        .courts
        .iter()
        .enumerate()
        .filter_map(|(c, court)| {
            let officers: Vec<usize> = (0..s.officers.len())
                .filter(|&o| s.officers[o].court.index() == c)
                .collect();
            if officers.is_empty() {
                return None;
            }
            let from = Place::Court(tepai_model::CourtIdx::from(c));
            let unserved = (0..s.units.len())
                .filter(|&u| {
                    !served[u]
                        && s.travel_minutes(from, Place::Unit(UnitIdx::from(u)))
                            <= s.rules.max_one_way_minutes
                })
                .count();
            Some(CourtLoad {
                court: court.id.to_string(),
                officers: count(officers.len()),
                used: count(officers.iter().filter(|&&o| used[o]).count()),
                unserved_units_nearby: count(unserved),
            })
        })
        .collect();
    let (additional_officers, additional_proven, additional_error) =
        match additional_officers(s, deadline) {
            Ok((officers, proven)) => (officers, proven, None),
            Err(e) => (None, false, Some(e)),
        };
    Diagnosis {
        shortfalls,
        unreachable_units,
        unreachable_enterprises: count(unreachable_enterprises),
        courts,
        additional_officers,
        additional_proven,
        additional_error,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn unit_reason(inst: &Instance<'_>, u: UnitIdx) -> Option<Unreachable> {
    let s = inst.s;
    let unit = s.unit(u);
    let candidates = inst.by_unit[u.index()].len();
    if candidates >= unit.team_size as usize {
        return None;
    }
    let near: Vec<OfficerIdx> = (0..s.officers.len())
        .map(OfficerIdx::from)
        .filter(|&o| s.officer_travel(o, Target::Unit(u)) <= s.rules.max_one_way_minutes)
        .collect();
    if near.is_empty() {
        return Some(Unreachable::Travel);
    }
    let k = s.rules.enterprises_per_unit_visit.max(1) as usize;
    if unit.members.len() < k {
        return Some(Unreachable::TooFewMembers);
    }
    let unconflicted: Vec<OfficerIdx> = near
        .iter()
        .copied()
        .filter(|&o| {
            s.rules.conflict_scope == ConflictScope::Enterprise
                || !unit.members.iter().any(|&e| s.is_conflicted(o, e))
        })
        .collect();
    if unconflicted.is_empty() {
        return Some(Unreachable::Conflict);
    }
    // The reference trip of each remaining officer (None: too few eligible members).
    let trips: Vec<Option<u32>> = unconflicted
        .iter()
        .map(|&o| {
            crate::candidates::unit_trip_travel(s, s.officer(o).court, u, |e| {
                !s.is_conflicted(o, e)
            })
        })
        .collect();
    if trips.iter().all(Option::is_none) {
        return Some(Unreachable::TooFewEligibleMembers);
    }
    let onsite = u64::from(s.rules.onsite_minutes) * k as u64;
    let fits = |t: &Option<u32>| {
        t.is_some_and(|t| u64::from(t) + onsite <= u64::from(s.rules.day_minutes))
    };
    Some(if !trips.iter().any(fits) {
        Unreachable::DayTrip
    } else if candidates == 0 {
        Unreachable::Capacity
    } else {
        Unreachable::TeamTooLarge
    })
}

/// Solves for the fewest new officers per court that meet every target: the scenario gets
/// optional officers at each court, and the assignment's shortfall weight is raised far above
/// the cost of hiring one, which is far above every other term. Returns the hires per court
/// (`None` when no set of hires found closes every gap) and whether the search finished.
fn additional_officers(
    s: &Scenario,
    deadline: &Deadline,
) -> Result<(Option<BTreeMap<String, u32>>, bool), SolveError> {
    // Optional officers per court: enough for every unit one of them could serve and for the
    // unit-less enterprises one of them could serve directly, so no court's share of the gap
    // is cut short. Optional officers of a court are alike, so one of them (a probe) shows
    // what all of them could serve: units beyond its candidates, or more direct officers
    // than its direct candidates fill, cannot help.
    let per_officer = s.rules.max_enterprises_per_officer.max(1);
    let (probe, probes) = grow(s, &vec![1; s.courts.len()], 1e4);
    let probe_inst = Instance::new(&probe, crate::candidates::CandidateLimits::default());
    let per_court: Vec<u32> = probes
        .iter()
        .map(|&o| {
            let (mut units, mut alone) = (0, 0);
            for &i in &probe_inst.by_officer[o] {
                match probe_inst.edges[i].target {
                    Target::Unit(u) => units += s.unit(u).team_size,
                    Target::Enterprise(e) if s.enterprise(e).units.is_empty() => alone += 1,
                    Target::Enterprise(_) => {}
                }
            }
            (units + u32::div_ceil(alone, per_officer)).min(200)
        })
        .collect();
    let total: u32 = per_court.iter().sum();
    // Only the targets and the hires count: no other term may pay for a hire. A hire at the
    // court listed `r`-th in courts.csv costs `hire + r`: among the allocations with the
    // fewest hires, the one that hires at courts listed first wins (`hire` exceeds what the
    // tie-break could ever save), so the per-court answer is one definite allocation, not
    // whichever of many equal ones the search meets first.
    let n_courts = f64::from(count(s.courts.len()));
    let hire_cost = (1.0 + (n_courts - 1.0).max(0.0) * f64::from(total)).max(1e4);
    let (grown, optional) = grow(s, &per_court, hire_cost);
    let inst = Instance::new(&grown, crate::candidates::CandidateLimits::default());
    let hire: Vec<Option<f64>> = (0..grown.officers.len())
        .map(|o| {
            (o >= s.officers.len())
                .then(|| hire_cost + f64::from(count(grown.officers[o].court.index())))
        })
        .collect();
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); s.courts.len()];
    for &o in &optional {
        pools[grown.officers[o].court.index()].push(o);
    }
    let start = prefer_first_courts(&inst, &pools, super::greedy::solve(&inst, grown.seed));
    // The search stops only when the gap is below half a unit of the objective (hire costs
    // are whole numbers): the tie-break is then proven too, and the answer does not depend
    // on how fast the machine is or how long the search may run.
    let hires_in_start = if super::evaluate(&inst, &start).shortfall > 1e-9 {
        optional.len()
    } else {
        let used: std::collections::BTreeSet<_> =
            start.iter().map(|&i| inst.edges[i].officer).collect();
        used.iter()
            .filter(|o| o.index() >= s.officers.len())
            .count()
    };
    #[allow(clippy::cast_precision_loss)]
    let most = (hires_in_start.max(1) as f64) * (hire_cost + n_courts);
    let Some(result) = super::ilp::solve_with_hiring(&inst, &hire, &start, deadline, 0.5 / most)?
    else {
        return Ok((None, false));
    };
    if result.shortfall > 1e-6 {
        return Ok((None, result.proven));
    }
    // The hiring model counts direct service in slot fractions; a plan whose officers cannot
    // make their direct trips or joint team visits closes no gap in truth.
    if !super::trips::violated_cuts(&inst, &result.plan).is_empty() {
        return Ok((None, false));
    }
    let mut by_court: BTreeMap<String, u32> = BTreeMap::new();
    for o in result.hired {
        let court = &s.courts[grown.officers[o].court.index()].id;
        *by_court.entry(court.to_string()).or_insert(0) += 1;
    }
    Ok((Some(by_court), result.proven))
}

/// The scenario with `per_court[c]` optional officers at each court `c` (each
/// [`tepai_model::staffing::new_officer`]; listed after the real officers, court by court) and weights that count only the targets (`1000 × hire_cost` per unit short);
/// returns it with the optional officers' indices.
fn grow(s: &Scenario, per_court: &[u32], hire_cost: f64) -> (Scenario, Vec<usize>) {
    let mut grown = s.clone();
    let mut optional = Vec::new();
    for (c, &hires) in per_court.iter().enumerate() {
        for k in 0..hires {
            optional.push(grown.officers.len());
            let court = tepai_model::CourtIdx::from(c);
            grown
                .officers
                .push(tepai_model::staffing::new_officer(s, court, k + 1));
        }
    }
    grown.weights = tepai_model::Weights {
        shortfall: 1e3 * hire_cost,
        priority: 0.0,
        travel: 0.0,
        mismatch: 0.0,
        imbalance: 0.0,
        change: 0.0,
    };
    (grown, optional)
}

/// Moves the work of hired optional officers to the optional officers of courts listed
/// earlier, where they can take it as it is (every pair a candidate, load and trips within
/// capacity): a start closer to the tie-break's optimum, which the search then need not find
/// itself. Each court's work bundles go to its first optional officers, in order, as the
/// model's symmetry breaking requires. Returns `start` unchanged when a bundle cannot be
/// placed.
fn prefer_first_courts(inst: &Instance<'_>, pools: &[Vec<usize>], start: EdgeSet) -> EdgeSet {
    let edge_of: std::collections::HashMap<(usize, Target), usize> = inst
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.officer.index(), e.target), i))
        .collect();
    let court_of: std::collections::HashMap<usize, usize> = pools
        .iter()
        .enumerate()
        .flat_map(|(c, pool)| pool.iter().map(move |&o| (o, c)))
        .collect();
    // The targets each hired optional officer serves, per court.
    let mut work: BTreeMap<usize, Vec<Target>> = BTreeMap::new();
    let mut kept = Vec::new();
    for &i in &start {
        let o = inst.edges[i].officer.index();
        if court_of.contains_key(&o) {
            work.entry(o).or_default().push(inst.edges[i].target);
        } else {
            kept.push(i);
        }
    }
    let mut bundles: Vec<Vec<Vec<Target>>> = vec![Vec::new(); pools.len()];
    for (o, targets) in work {
        bundles[court_of[&o]].push(targets);
    }
    // The edges of `targets` for officer `o`, if it can take them all.
    let fits = |o: usize, targets: &[Target]| -> Option<Vec<usize>> {
        let edges: Vec<usize> = targets
            .iter()
            .map(|&t| edge_of.get(&(o, t)).copied())
            .collect::<Option<_>>()?;
        let load: f64 = edges.iter().map(|&i| inst.edges[i].load).sum();
        let jobs: f64 = edges.iter().map(|&i| inst.edges[i].jobs).sum();
        (load <= inst.capacity[o] + 1e-9 && jobs <= f64::from(inst.slots[o]) + 1e-9)
            .then_some(edges)
    };
    for c in (0..pools.len()).rev() {
        let mut stay = Vec::new();
        for bundle in std::mem::take(&mut bundles[c]) {
            let to = (0..c).find(|&e| {
                bundles[e].len() < pools[e].len()
                    && fits(pools[e][bundles[e].len()], &bundle).is_some()
            });
            match to {
                Some(e) => bundles[e].push(bundle),
                None => stay.push(bundle),
            }
        }
        bundles[c] = stay;
    }
    let mut plan = kept;
    for (c, list) in bundles.iter().enumerate() {
        for (k, bundle) in list.iter().enumerate() {
            match pools[c].get(k).and_then(|&o| fits(o, bundle)) {
                Some(edges) => plan.extend(edges),
                None => return start,
            }
        }
    }
    plan.sort_unstable();
    plan
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::assign::{assign, AssignOptions};
    use crate::testdata::variant;

    /// The base scenario with o-3 (court c-jo) its only officer: one of u-plat and u-tea stays
    /// unserved, and one new officer closes the gap — at c-np or at c-jo, both within reach
    /// of either unit.
    fn one_officer() -> tepai_model::Scenario {
        variant(&[
            (
                "officers.csv",
                "o-1,陈建华,c-np,judge,contract;labor,12,u-plat\n",
                "",
            ),
            ("officers.csv", "o-2,林晓燕,c-np,assistant,ip,10,\n", ""),
            ("officers.csv", "o-4,吴丽,c-jo,judge,environment,12,\n", ""),
            ("conflicts.csv", "o-2,,e-3,亲属任职 relative employed\n", ""),
            (
                "unavailable.csv",
                "o-4,2024-07-01,2024-07-31,年假 annual leave\n",
                "",
            ),
        ])
    }

    #[test]
    fn the_fewest_additional_officers_prefer_the_court_listed_first_and_are_timed() {
        let s = one_officer();
        let mut answers = Vec::new();
        for limit in [2.0, 30.0] {
            let mut opts = AssignOptions::from_scenario(&s);
            opts.time_limit_s = limit;
            let r = assign(&s, &opts);
            assert!(!r.targets_met());
            let d = r.diagnosis.expect("a diagnosis");
            assert!(d.additional_proven, "{d:?}");
            assert!(r.timings.diagnosis > std::time::Duration::ZERO);
            answers.push(d.additional_officers.expect("a set of new officers"));
        }
        let want: BTreeMap<String, u32> = [("c-np".to_owned(), 1)].into();
        assert_eq!(answers, vec![want.clone(), want]);
    }
}
