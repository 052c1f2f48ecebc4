//! `tepai staff`: the fewest additional officers per court that reach every target, with the
//! bound that proves one fewer cannot; what each further officer adds; and how many existing
//! officers could be released with every target still met (`docs/staffing.md`).
//!
//! Every question is the assignment model of [`crate::assign::ilp`] with optional officers
//! (its hiring columns `h[o]`): for the additional officers, optional new officers at each
//! court, each as [`tepai_model::staffing::new_officer`] describes; for the release, the
//! existing officers themselves. The diagnosis of a plan that falls short asks the first
//! question through [`fewest_hires`].
use tepai_model::{OfficerId, Scenario, Target, UnitKind};

use crate::assign::ilp::{self, HiringSolve};
use crate::assign::{self, greedy, trips, Coverage, EdgeSet, SolveError};
use crate::candidates::{CandidateLimits, Instance};
use crate::deadline::Deadline;

/// How `tepai staff` searches.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffOptions {
    /// Wall-clock limit of the whole run, seconds (the fewest additional officers get most of
    /// it, then the marginal gains, then the release).
    pub time_limit_s: f64,
    /// The most new officers any one court may get (`None`: as many as could help).
    pub max_per_court: Option<u32>,
    /// Rows of marginal gain beyond the fewest additional officers.
    pub beyond: u32,
    /// Seed of the greedy start.
    pub seed: u64,
}

/// Where the lower bound on the number of additional officers comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundFrom {
    /// Every target is met without new officers: no fewer than 0.
    Zero,
    /// The optimum of the LP relaxation of the hiring model, rounded up.
    Relaxation,
    /// HiGHS's branch-and-bound bound on the hiring model, rounded up.
    Search,
}

impl BoundFrom {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundFrom::Zero => "zero",
            BoundFrom::Relaxation => "lp_relaxation",
            BoundFrom::Search => "branch_and_bound",
        }
    }
}

/// The fewest additional officers found, and the proof.
#[derive(Debug, Clone, PartialEq)]
pub struct Hires {
    /// New officers per court (indexed as `s.courts`).
    pub per_court: Vec<u32>,
    /// Their total.
    pub total: u32,
    /// No set of fewer than this many new officers (of the profile, at most
    /// `max_per_court` per court) reaches every target.
    pub lower_bound: u32,
    /// The bound before rounding up (the relaxation's optimum or the search's bound).
    pub bound_value: f64,
    /// Where the bound comes from.
    pub bound_from: BoundFrom,
    /// `total == lower_bound`: one fewer cannot work.
    pub proven: bool,
}

/// What a number of additional officers achieves at best.
#[derive(Debug, Clone, PartialEq)]
pub struct Gain {
    /// Additional officers (in all, spread over the courts as the model chooses).
    pub extra: u32,
    /// What the best plan found with them reaches.
    pub coverage: Coverage,
    /// How many of the three targets it meets.
    pub targets_met: u32,
    /// Whether the search proved no plan with this many does better (fewer units and
    /// enterprises short, then more reach value).
    pub proven: bool,
}

/// The release question: the existing officers a plan meeting every target can do without.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// Officers that could be released (their ids, in officers.csv order).
    pub officers: Vec<OfficerId>,
    /// No more than this many can be released (from the search's bound).
    pub upper_bound: u32,
    /// `officers.len() == upper_bound`.
    pub proven: bool,
    /// Whether the new officers of [`Hires`] were kept (the targets need them).
    pub with_hires: bool,
}

/// Everything `tepai staff` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Staffing {
    /// The fewest additional officers (`None`: no number of new officers of the profile
    /// reaches every target, or the search found none in time — see `hires_proven_none`).
    pub hires: Option<Hires>,
    /// Whether the search proved that no set of new officers reaches every target.
    pub hires_proven_none: bool,
    /// Targets achieved with 0, 1, 2, … additional officers.
    pub gains: Vec<Gain>,
    /// The release question (`None` when there are no hires that meet the targets).
    pub release: Option<Release>,
    /// Why HiGHS failed, when it did.
    pub error: Option<SolveError>,
}

/// The scenario with `per_court[c]` new officers at each court `c`, each
/// [`tepai_model::staffing::new_officer`], listed after the existing officers, court by
/// court.
pub fn staffed(s: &Scenario, per_court: &[u32]) -> Scenario {
    grow(s, per_court).0
}

/// Answers every question of `tepai staff`.
pub fn staff(s: &Scenario, options: &StaffOptions) -> Staffing {
    let deadline = Deadline::after_s(options.time_limit_s);
    let mut out = Staffing {
        hires: None,
        hires_proven_none: false,
        gains: Vec::new(),
        release: None,
        error: None,
    };
    // Half the time for the fewest additional officers, a quarter for the gains, the rest
    // for the release.
    let first = Deadline::after_s(options.time_limit_s * 0.5);
    match fewest_hires(s, options.max_per_court, options.seed, &first) {
        Ok(Found::Hires(h)) => out.hires = Some(h),
        Ok(Found::None { proven }) => out.hires_proven_none = proven,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    }
    let last = out.hires.as_ref().map_or(0, |h| h.total) + options.beyond;
    let gains_deadline = Deadline::after_s(deadline.remaining().as_secs_f64() * 0.5);
    match gains(s, options, last, &gains_deadline) {
        Ok(g) => out.gains = g,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    }
    if let Some(h) = &out.hires {
        match release(s, &h.per_court, options.seed, &deadline) {
            Ok(r) => out.release = r,
            Err(e) => out.error = Some(e),
        }
    }
    out
}

/// What the search for the fewest additional officers found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A set of new officers that reaches every target.
    Hires(Hires),
    /// None; `proven`: no set of new officers (within the per-court limits) reaches every
    /// target.
    None {
        /// Whether the search proved it.
        proven: bool,
    },
}

/// The fewest new officers per court that reach every target: the assignment model with
/// optional new officers at each court (hiring columns, each hire costing 1, a unit short
/// of a target costing more than every hire together). The greedy construction gives a
/// first set; the LP relaxation's optimum, rounded up, is a lower bound, and when it equals
/// the greedy's count the search is over; otherwise HiGHS searches until its bound, rounded
/// up, meets the best count. Among plans with the fewest, work is then moved, bundle by
/// bundle, to new officers of courts listed first in courts.csv where they can take it as it
/// is.
pub fn fewest_hires(
    s: &Scenario,
    max_per_court: Option<u32>,
    seed: u64,
    deadline: &Deadline,
) -> Result<Found, SolveError> {
    let per_court: Vec<u32> = could_help(s)
        .into_iter()
        .map(|n| max_per_court.map_or(n, |m| n.min(m)))
        .collect();
    let (grown, optional) = grow(s, &per_court);
    let grown = weighted(grown, optional.len(), false);
    let inst = Instance::new(&grown, limits());
    let hire = hire_costs(&grown, &optional, 1.0);
    let pools = pools(&grown, s, &optional);
    let start = prefer_first_courts(&inst, &pools, greedy::solve(&inst, seed));
    let meets = |plan: &EdgeSet| {
        assign::evaluate(&inst, plan).shortfall <= 1e-9
            && trips::violated_cuts(&inst, plan).is_empty()
    };
    let start_meets = meets(&start);
    let lp = stand_in_bound(s, &per_court, deadline)?;
    let lp_bound = lp.map_or(0, round_up);
    let mut best = start_meets.then(|| start.clone());
    let mut bound = (lp_bound, lp.unwrap_or(0.0), BoundFrom::Relaxation);
    let start_hires = count_hires(&inst, &optional, &start);
    if !(start_meets && start_hires <= lp_bound) {
        // Hire counts are whole: the search can stop as soon as its bound is less than one
        // below the best count.
        let searched = ilp::solve_with_hiring(
            &inst,
            &hire,
            &start,
            deadline,
            HiringSolve {
                abs_gap: 0.999,
                most_hires: None,
                alike: true,
            },
        )?;
        let Some(searched) = searched else {
            return Ok(Found::None { proven: false });
        };
        if let Some(b) = searched.bound {
            if round_up(b) > bound.0 {
                bound = (round_up(b), b, BoundFrom::Search);
            }
        }
        if searched.shortfall > 1e-6 && best.is_none() {
            // A plan with a unit short costs more than every hire together: when the
            // search proved its plan best, no hires meet every target.
            return Ok(Found::None {
                proven: searched.proven,
            });
        }
        let fewer = best.as_ref().map_or(true, |b| {
            count_hires(&inst, &optional, b) > count_hires(&inst, &optional, &searched.plan)
        });
        if fewer && meets(&searched.plan) {
            best = Some(searched.plan);
        }
    }
    let Some(best) = best else {
        return Ok(Found::None { proven: false });
    };
    let preferred = prefer_first_courts(&inst, &pools, best.clone());
    let best = if meets(&preferred) { preferred } else { best };
    let mut per_court = vec![0; s.courts.len()];
    for o in used(&inst, &best) {
        if o >= s.officers.len() {
            per_court[grown.officers[o].court.index()] += 1;
        }
    }
    let total: u32 = per_court.iter().sum();
    let (lower_bound, bound_value, bound_from) = if total == 0 {
        (0, 0.0, BoundFrom::Zero)
    } else {
        bound
    };
    Ok(Found::Hires(Hires {
        per_court,
        total,
        lower_bound: lower_bound.min(total),
        bound_value,
        bound_from,
        proven: lower_bound >= total,
    }))
}

/// The LP relaxation's bound on the fewest new officers, from the smaller model where
/// `min(per_court[c], largest team)` stand-ins share court `c`'s `per_court[c]` new
/// officers ([`ilp::hiring_bound`]): the same optimum as the relaxation of the full hiring
/// model, in a fraction of its time. `None` when HiGHS stopped before the optimum.
fn stand_in_bound(
    s: &Scenario,
    per_court: &[u32],
    deadline: &Deadline,
) -> Result<Option<f64>, SolveError> {
    let team = s
        .units
        .iter()
        .map(|u| u.team_size)
        .max()
        .unwrap_or(1)
        .max(1);
    let stand_ins: Vec<u32> = per_court.iter().map(|&n| n.min(team)).collect();
    let (grown, optional) = grow(s, &stand_ins);
    let grown = weighted(grown, per_court.iter().sum::<u32>() as usize, false);
    let inst = Instance::new(&grown, limits());
    let hire = hire_costs(&grown, &optional, 1.0);
    let mut copies = vec![1.0; grown.officers.len()];
    for &o in &optional {
        let c = grown.officers[o].court.index();
        copies[o] = f64::from(per_court[c]) / f64::from(stand_ins[c]);
    }
    ilp::hiring_bound(&inst, &hire, &copies, deadline)
}

/// Candidate pairs of the hiring models: every pair within reach, never thinned (thinning
/// keeps the cheapest officers per unit, which would treat alike new officers unlike).
fn limits() -> CandidateLimits {
    CandidateLimits {
        unit_pairs_max: 0,
        ..CandidateLimits::default()
    }
}

/// The best each number of additional officers achieves, from 0 to `last` (fewer rows when
/// one more officer stops adding anything): the hiring model with at most `k` hires, each
/// free, minimising the units and enterprises short of the targets, then maximising the reach
/// value of the enterprises reached. The first row starts from the greedy plan of the
/// existing officers, each further row from the previous row's plan.
pub fn gains(
    s: &Scenario,
    options: &StaffOptions,
    last: u32,
    deadline: &Deadline,
) -> Result<Vec<Gain>, SolveError> {
    let per_court: Vec<u32> = could_help(s)
        .into_iter()
        .map(|n| n.min(last))
        .map(|n| options.max_per_court.map_or(n, |m| n.min(m)))
        .collect();
    let (grown, optional) = grow(s, &per_court);
    let grown = weighted(grown, optional.len(), true);
    let inst = Instance::new(&grown, limits());
    let hire = hire_costs(&grown, &optional, 0.0);
    let mut out: Vec<Gain> = Vec::new();
    // The first row starts from the greedy plan without its new officers' work.
    let greedy = greedy::solve(&inst, options.seed);
    let existing: EdgeSet = greedy
        .into_iter()
        .filter(|&i| inst.edges[i].officer.index() < s.officers.len())
        .collect();
    let mut plan: EdgeSet = trips::repair(&inst, &existing);
    let mut previous = f64::INFINITY;
    for k in 0..=last {
        if deadline.expired() {
            break;
        }
        let rows_left = f64::from(last - k + 1);
        let row_deadline = Deadline::after_s(deadline.remaining().as_secs_f64() / rows_left);
        let solved = ilp::solve_with_hiring(
            &inst,
            &hire,
            &plan,
            &row_deadline,
            HiringSolve {
                abs_gap: 0.5,
                most_hires: Some(k),
                alike: true,
            },
        )?;
        let Some(solved) = solved else { break };
        // The model counts direct service in slot fractions; a plan whose trips cannot be
        // made is repaired before it is counted.
        let found = trips::repair(&inst, &solved.plan);
        let objective = assign::evaluate(&inst, &found).total();
        let coverage = assign::coverage(&inst, &found);
        let no_gain = objective >= previous - 1e-9;
        out.push(Gain {
            extra: k,
            coverage,
            targets_met: targets_met(s, &coverage),
            proven: solved.proven && found.len() == solved.plan.len(),
        });
        if no_gain && k > 0 && out.iter().rev().nth(1).is_some_and(|g| g.targets_met == 3) {
            break;
        }
        previous = previous.min(objective);
        if objective <= previous {
            plan = found;
        }
    }
    Ok(out)
}

/// The most existing officers a plan meeting every target can leave without work, with the
/// new officers `per_court` (kept): the hiring model where the existing officers are the
/// optional ones, each costing 1 — the fewest kept, so the most released. `None` when the
/// search finds no plan meeting every target.
pub fn release(
    s: &Scenario,
    per_court: &[u32],
    seed: u64,
    deadline: &Deadline,
) -> Result<Option<Release>, SolveError> {
    let staffed = staffed(s, per_court);
    let existing: Vec<usize> = (0..s.officers.len()).collect();
    let staffed = weighted(staffed, existing.len(), false);
    let inst = Instance::new(&staffed, limits());
    let hire = hire_costs(&staffed, &existing, 1.0);
    let start = trips::repair(&inst, &greedy::solve(&inst, seed));
    let solved = ilp::solve_with_hiring(
        &inst,
        &hire,
        &start,
        deadline,
        HiringSolve {
            abs_gap: 0.999,
            most_hires: None,
            alike: false,
        },
    )?;
    let Some(solved) = solved else {
        return Ok(None);
    };
    let meets = |plan: &EdgeSet| {
        assign::evaluate(&inst, plan).shortfall <= 1e-9
            && trips::violated_cuts(&inst, plan).is_empty()
    };
    let plan = if meets(&solved.plan) {
        solved.plan
    } else if meets(&start) {
        start
    } else {
        return Ok(None);
    };
    let kept = used(&inst, &plan);
    let officers: Vec<OfficerId> = existing
        .iter()
        .filter(|o| !kept.contains(o))
        .map(|&o| s.officers[o].id.clone())
        .collect();
    let released = u32::try_from(officers.len()).unwrap_or(u32::MAX);
    let n = u32::try_from(existing.len()).unwrap_or(u32::MAX);
    let upper_bound = solved
        .bound
        .map_or(n, |b| n.saturating_sub(round_up(b)))
        .max(released);
    Ok(Some(Release {
        officers,
        upper_bound,
        proven: upper_bound == released,
        with_hires: per_court.iter().any(|&n| n > 0),
    }))
}

/// How many of the three targets (platforms, chambers, enterprises) `c` meets.
pub fn targets_met(s: &Scenario, c: &Coverage) -> u32 {
    u32::from(c.platforms >= s.required_platforms())
        + u32::from(c.chambers >= s.required_chambers())
        + u32::from(c.enterprises >= s.targets.enterprises_min)
}

/// `x` rounded up, forgiving the solver's tolerance.
fn round_up(x: f64) -> u32 {
    let r = (x - 1e-6).ceil().max(0.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let r = r.min(f64::from(u32::MAX)) as u32;
    r
}

/// How many new officers each court could usefully get: enough for every unit one of them
/// could serve and for the unit-less enterprises one of them could serve directly. New
/// officers of a court are alike, so one of them (a probe) shows what all of them could
/// serve: units beyond its candidates, or more direct officers than its direct candidates
/// fill, cannot help.
pub(crate) fn could_help(s: &Scenario) -> Vec<u32> {
    let per_officer = s.rules.max_enterprises_per_officer.max(1);
    let (probe, probes) = grow(s, &vec![1; s.courts.len()]);
    let probe_inst = Instance::new(&probe, limits());
    probes
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
        .collect()
}

/// The scenario with `per_court[c]` new officers at each court `c`
/// ([`tepai_model::staffing::with_new_officers`]), and the new officers' indices.
fn grow(s: &Scenario, per_court: &[u32]) -> (Scenario, Vec<usize>) {
    let (grown, added) = tepai_model::staffing::with_new_officers(s, per_court);
    (grown, added.into_iter().map(|o| o.index()).collect())
}

/// The scenario's weights for the hiring questions: only the targets count, a unit short
/// costing more than hiring all `optional` officers; with `reach`, the reach value of the
/// enterprises reached counts too, below every unit short.
fn weighted(mut s: Scenario, optional: usize, reach: bool) -> Scenario {
    #[allow(clippy::cast_precision_loss)]
    let hires = optional as f64 + 1.0;
    let values: f64 = (0..s.enterprises.len())
        .map(|e| crate::candidates::value(&s, tepai_model::EnterpriseIdx::from(e)))
        .sum();
    let w = &mut s.weights;
    w.shortfall = if reach {
        (values + 1.0).max(hires)
    } else {
        hires
    };
    w.priority = if reach { 1.0 } else { 0.0 };
    w.travel = 0.0;
    w.mismatch = 0.0;
    w.imbalance = 0.0;
    w.change = 0.0;
    s
}

/// Per officer of `s`, the cost of hiring it when it is one of `optional`.
fn hire_costs(s: &Scenario, optional: &[usize], cost: f64) -> Vec<Option<f64>> {
    let mut hire = vec![None; s.officers.len()];
    for &o in optional {
        hire[o] = Some(cost);
    }
    hire
}

/// The new officers of each court of `s`, in order.
fn pools(grown: &Scenario, s: &Scenario, optional: &[usize]) -> Vec<Vec<usize>> {
    let mut pools: Vec<Vec<usize>> = vec![Vec::new(); s.courts.len()];
    for &o in optional {
        pools[grown.officers[o].court.index()].push(o);
    }
    pools
}

/// The officers with work in `plan`.
fn used(inst: &Instance<'_>, plan: &EdgeSet) -> std::collections::BTreeSet<usize> {
    plan.iter()
        .map(|&i| inst.edges[i].officer.index())
        .collect()
}

/// The optional officers with work in `plan`.
fn count_hires(inst: &Instance<'_>, optional: &[usize], plan: &EdgeSet) -> u32 {
    let used = used(inst, plan);
    u32::try_from(optional.iter().filter(|o| used.contains(o)).count()).unwrap_or(u32::MAX)
}

/// Moves the work of hired new officers to the new officers of courts listed earlier, where
/// they can take it as it is (every pair a candidate, load and trips within capacity). Each
/// court's work bundles go to its first new officers, in order, as the model's symmetry
/// breaking requires. Returns `start` unchanged when a bundle cannot be placed.
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
    // The targets each hired new officer serves, per court.
    let mut work: std::collections::BTreeMap<usize, Vec<Target>> =
        std::collections::BTreeMap::new();
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

/// Units of each kind in `s`: what a coverage is out of.
pub fn units_of(s: &Scenario) -> (u32, u32) {
    let n = |k: UnitKind| {
        u32::try_from(s.units.iter().filter(|u| u.kind == k).count()).unwrap_or(u32::MAX)
    };
    (n(UnitKind::Platform), n(UnitKind::Chamber))
}
