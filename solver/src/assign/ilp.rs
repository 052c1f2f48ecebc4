//! The mixed-integer model of `docs/assignment-model.md`, built column by column with the
//! `highs` crate and solved by HiGHS, warm-started from the best plan so far. Its LP
//! relaxation ([`Relaxation`]) stays alive between solves, so that pairs priced in by
//! column generation become new columns re-solved from the last basis.
//!
//! Variables: `x[p]` ∈ {0,1} per candidate pair; `y[u]` ∈ {0,1} per unit (served);
//! `w[o]` ∈ {0,1} per exclusive officer with both kinds of candidate (direct mode chosen);
//! `z[e]` ∈ [0,1] per enterprise (reached); with `enterprises_count = "visited"`, `v[u,e]` ∈
//! [0,1] per membership (the unit's stops visit the member) and `q[e]` ∈ [0,1] (visited); shortfalls `sp, sc, se ≥ 0`; `L ≥ 0` the highest
//! load in days.
//!
//! ```text
//! min  W_sp sp + W_sc sc + W_se se − W_p Σ value_e z_e + Σ_p (W_t travel_p/60 + W_m mismatch_p) x_p
//!      + W_i L + W_c Σ_o Σ_{t previous target of o} (1 − x[o,t])
//! s.t. Σ_{p∋o} load_p x_p ≤ cap_o                       (load)
//!      Σ_{p∋o} jobs_p x_p ≤ slots_o                       (spaced visits, one trip a day)
//!      Σ_{p∋o, unit} x_p + w_o ≤ 1;  Σ_{p∋o, direct} x_p ≤ max_e w_o   (exclusive mode)
//!      Σ_{p∋o, direct} x_p ≤ max_e                       (shared mode)
//!      Σ_{p∋u} x_p = team_u y_u                          (teams)
//!      Σ_{p∋e, direct} x_p ≤ 1                           (one officer per enterprise)
//!      z_e ≤ Σ_{u∋e} y_u + Σ_{p∋e, direct} x_p           (reach)
//!      Σ_platforms y + sp ≥ req_p;  Σ_chambers y + sc ≥ req_c;  Σ z + se ≥ enterprises_min
//! with enterprises_count = "visited", Σ q + se ≥ enterprises_min instead of Σ z, and
//!      v_{u,e} ≤ y_u;  Σ_{e∈u} v_{u,e} ≤ stops_u y_u      (member stops of the year)
//!      q_e ≤ Σ_{u∋e} v_{u,e} + Σ_{p∋e, direct} x_p        (visit)
//!      L ≥ Σ_{p∋o} load_p x_p / day_minutes              (imbalance)
//! ```
//! The shortfalls make every scenario feasible, so an unreachable target still yields the
//! best partial plan. HiGHS's dual bound (or, with `heuristic_only`, the LP relaxation's
//! optimum) is the proven lower bound reported with the plan.
use std::collections::HashSet;
use std::time::Instant;

use highs::{ColProblem, HighsModelStatus, Row};
use tepai_model::{EnterpriseIdx, EnterprisesCount, OfficerMode, Target, UnitKind};

pub use super::error::SolveError;
use super::error::{check_status, Problem};
use super::trips::Cut;
use super::{AssignOptions, EdgeSet, Status, Timings};
use crate::candidates::{Edge, Instance};
use crate::deadline::Deadline;

/// What the MIP returned.
pub struct MipOutcome {
    /// The best plan it found.
    pub plan: EdgeSet,
    /// How HiGHS's search ended.
    pub status: Status,
    /// Proven lower bound of the objective over the model's candidate pairs (and cuts).
    pub bound: Option<f64>,
}

/// The fewest-new-officers solve (`tepai staff` and the diagnosis of a plan that falls short).
pub struct Hiring {
    /// The plan found, as edge indices.
    pub plan: EdgeSet,
    /// Indices of the optional officers hired.
    pub hired: Vec<usize>,
    /// Target shortfall left (0 when the hires close every gap).
    pub shortfall: f64,
    /// Whether the solve proved optimality (within the gap asked for).
    pub proven: bool,
    /// The objective of the solution returned.
    pub objective: f64,
    /// Proven lower bound of the objective: HiGHS's dual bound (`None` when the search
    /// proved none).
    pub bound: Option<f64>,
}

/// How the hiring model is solved.
#[derive(Debug, Clone, Copy)]
pub struct HiringSolve {
    /// The search stops when the gap between the best plan and the bound is at most this
    /// much of the objective (absolute, in objective units).
    pub abs_gap: f64,
    /// The most optional officers that may be hired, if capped.
    pub most_hires: Option<u32>,
    /// Whether the optional officers of one court are alike (new officers of one profile),
    /// so that they are hired in order: no symmetric copies of a solution.
    pub alike: bool,
}

/// Solves the model where officers with a `hire` cost are optional: their capacity exists
/// only when hired, at that cost; `most_hires`, when given, caps the number hired
/// (`Σ h ≤ most_hires`).
pub fn solve_with_hiring(
    inst: &Instance<'_>,
    hire: &[Option<f64>],
    start: &EdgeSet,
    deadline: &Deadline,
    how: HiringSolve,
) -> Result<Option<Hiring>, SolveError> {
    let options = AssignOptions {
        mip_gap: 0.0,
        ..AssignOptions::from_scenario(inst.s)
    };
    let mut timings = Timings::default();
    let spec = Spec {
        start: Some(start),
        hire: Some(hire),
        hire_abs_gap: how.abs_gap,
        hire_most: how.most_hires,
        hire_in_order: how.alike,
        ..Spec::default()
    };
    let raw = run(inst, spec, &options, deadline, &mut timings)?;
    if !raw.has_solution {
        return Ok(None);
    }
    Ok(Some(Hiring {
        plan: raw.plan,
        hired: raw.hired,
        shortfall: raw.shortfall,
        proven: raw.status == HighsModelStatus::Optimal,
        objective: raw.objective,
        bound: raw.dual_bound,
    }))
}

/// A lower bound on the hiring model's objective from a smaller relaxation: optional
/// officer `o` stands for `copies[o]` alike officers (its hiring, mode and unit columns reach
/// up to `copies[o]`, its direct row `copies[o] · max_enterprises_per_officer`). Spreading
/// any plan of the alike officers evenly over their stand-ins satisfies every row, so this
/// LP's optimum is at most the full model's LP optimum. Each unit must keep, in the whole
/// scenario, as many officers within reach as its team (stand-ins count one each), or its
/// `y` column would be lost. `None` when HiGHS stopped before proving the optimum.
pub fn hiring_bound(
    inst: &Instance<'_>,
    hire: &[Option<f64>],
    copies: &[f64],
    deadline: &Deadline,
) -> Result<Option<f64>, SolveError> {
    let options = AssignOptions {
        heuristic_only: true,
        ..AssignOptions::from_scenario(inst.s)
    };
    let mut timings = Timings::default();
    let spec = Spec {
        hire: Some(hire),
        copies,
        ..Spec::default()
    };
    let raw = run(inst, spec, &options, deadline, &mut timings)?;
    Ok((raw.has_solution && raw.status == HighsModelStatus::Optimal).then_some(raw.objective))
}

/// Solves the MIP, warm-started from `start`, with the given cuts (sets of edges of which
/// a plan holds at most so many) and the edges marked in `fixed` held at zero.
pub fn solve(
    inst: &Instance<'_>,
    start: &EdgeSet,
    cuts: &[Cut],
    fixed: &[bool],
    options: &AssignOptions,
    deadline: &Deadline,
    timings: &mut Timings,
) -> Result<MipOutcome, SolveError> {
    let spec = Spec {
        start: Some(start),
        hire: None,
        cuts,
        fixed,
        ..Spec::default()
    };
    let raw = run(inst, spec, options, deadline, timings)?;
    if !raw.has_solution {
        return Ok(MipOutcome {
            plan: start.clone(),
            status: Status::TimeLimit,
            bound: raw.dual_bound,
        });
    }
    let status = match raw.status {
        HighsModelStatus::Optimal => Status::Optimal,
        HighsModelStatus::ReachedTimeLimit => Status::TimeLimit,
        _ => Status::Feasible,
    };
    Ok(MipOutcome {
        plan: raw.plan,
        status,
        bound: raw.dual_bound,
    })
}

/// What HiGHS returned, in the model's terms.
struct Raw {
    plan: EdgeSet,
    status: HighsModelStatus,
    has_solution: bool,
    dual_bound: Option<f64>,
    hired: Vec<usize>,
    shortfall: f64,
    objective: f64,
}

/// Row numbers of the constraints a candidate pair's column appears in, per officer, unit
/// and enterprise: what pricing needs to compute the reduced cost of a pair that is not in
/// the model.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    load: Vec<Option<usize>>,
    jobs: Vec<Option<usize>>,
    peak: Vec<Option<usize>>,
    units: Vec<Option<usize>>,
    direct: Vec<Option<usize>>,
    team: Vec<Option<usize>>,
    one: Vec<Option<usize>>,
    reach: Vec<Option<usize>>,
    visit: Vec<Option<usize>>,
}

/// The LP relaxation's optimum with its row duals, for pricing.
#[derive(Debug, Clone)]
pub struct Duals {
    /// The LP's optimal objective (constant included).
    pub objective: f64,
    /// The LP's value of each candidate pair's column.
    pub x: Vec<f64>,
    rows: Rows,
    values: Vec<f64>,
}

impl Duals {
    fn of(&self, row: Option<usize>) -> f64 {
        row.map_or(0.0, |r| self.values[r])
    }

    /// The reduced cost of a pair's column: its objective coefficient minus the duals of the
    /// rows it appears in, weighted by its coefficients there. Pairs of units that cannot be
    /// served in the model (too few candidate officers in the whole scenario) get `+∞`.
    pub fn reduced_cost(&self, inst: &Instance<'_>, edge: &Edge) -> f64 {
        let o = edge.officer.index();
        let mut rc = cost(inst, edge)
            - edge.load * (self.of(self.rows.load[o]) + self.of(self.rows.peak[o]))
            - edge.jobs * self.of(self.rows.jobs[o]);
        match edge.target {
            Target::Unit(u) => {
                let Some(team) = self.rows.team[u.index()] else {
                    return f64::INFINITY;
                };
                rc -= self.of(self.rows.units[o]) + self.values[team];
            }
            Target::Enterprise(e) => {
                rc -= self.of(self.rows.direct[o])
                    + self.of(self.rows.one[e.index()])
                    + self.of(self.rows.reach[e.index()])
                    + self.of(self.rows.visit[e.index()]);
            }
        }
        rc
    }
}

/// A pair's objective coefficient: travel and mismatch, less the change weight when it keeps
/// the officer's previous target.
fn cost(inst: &Instance<'_>, edge: &Edge) -> f64 {
    let w = &inst.s.weights;
    let mut c = w.travel * f64::from(edge.travel) / 60.0 + w.mismatch * f64::from(edge.mismatch);
    if inst.keeps_previous(edge) {
        c -= w.change;
    }
    c
}

/// A row of the model: HiGHS's handle, for adding columns later, and its number, for its
/// dual.
#[derive(Debug, Clone, Copy)]
struct RowRef {
    handle: Row,
    index: usize,
}

/// The model's rows, as they are declared (before the columns that fill them).
struct Rows0 {
    problem: ColProblem,
    count: usize,
}

impl Rows0 {
    fn add(&mut self, lower: f64, upper: f64) -> RowRef {
        let handle = self.problem.add_row(lower..=upper);
        self.count += 1;
        RowRef {
            handle,
            index: self.count - 1,
        }
    }
}

/// Every row a candidate pair's column can appear in, by officer, unit and enterprise.
struct PairRows {
    load: Vec<Option<RowRef>>,
    jobs: Vec<Option<RowRef>>,
    peak: Vec<Option<RowRef>>,
    units: Vec<Option<RowRef>>,
    direct: Vec<Option<RowRef>>,
    team: Vec<Option<RowRef>>,
    one: Vec<Option<RowRef>>,
    reach: Vec<Option<RowRef>>,
    /// `enterprises_count = "visited"` only: per enterprise, its visit row.
    visit: Vec<Option<RowRef>>,
}

impl PairRows {
    /// The rows of a pair's column with its coefficients there (cuts and hiring rows
    /// aside).
    fn of(&self, edge: &Edge) -> Vec<(RowRef, f64)> {
        let o = edge.officer.index();
        let mut out = Vec::with_capacity(6);
        let mut put = |r: Option<RowRef>, c: f64| {
            if let Some(r) = r {
                out.push((r, c));
            }
        };
        put(self.load[o], edge.load);
        put(self.jobs[o], edge.jobs);
        put(self.peak[o], edge.load);
        match edge.target {
            Target::Unit(u) => {
                put(self.units[o], 1.0);
                put(self.team[u.index()], 1.0);
            }
            Target::Enterprise(e) => {
                put(self.direct[o], 1.0);
                put(self.one[e.index()], 1.0);
                put(self.reach[e.index()], 1.0);
                put(self.visit[e.index()], 1.0);
            }
        }
        out
    }

    fn numbers(&self) -> Rows {
        let n = |v: &Vec<Option<RowRef>>| v.iter().map(|r| r.map(|r| r.index)).collect();
        Rows {
            load: n(&self.load),
            jobs: n(&self.jobs),
            peak: n(&self.peak),
            units: n(&self.units),
            direct: n(&self.direct),
            team: n(&self.team),
            one: n(&self.one),
            reach: n(&self.reach),
            visit: n(&self.visit),
        }
    }
}

/// What one model is built from, besides the instance and the options.
#[derive(Clone, Copy, Default)]
struct Spec<'a> {
    /// The plan HiGHS starts from (its columns' initial values).
    start: Option<&'a EdgeSet>,
    /// Per officer, the cost of hiring it when it is optional (the diagnosis's model).
    hire: Option<&'a [Option<f64>]>,
    /// Sets of edges of which a plan holds at most so many.
    cuts: &'a [Cut],
    /// Edges held at zero (reduced-cost fixing).
    fixed: &'a [bool],
    /// The hiring model's absolute gap (see [`HiringSolve`]).
    hire_abs_gap: f64,
    /// The most officers the hiring model may hire, if capped.
    hire_most: Option<u32>,
    /// Whether the optional officers of one court are alike, to be hired in order.
    hire_in_order: bool,
    /// Per officer, how many alike officers its columns stand for (the relaxation of
    /// [`hiring_bound`]; empty: one each).
    copies: &'a [f64],
}

/// The model handed to HiGHS, with what is needed to read its answer.
struct Built {
    model: highs::Model,
    rows: PairRows,
    /// Column of each edge.
    edge_cols: Vec<usize>,
    /// Columns in the model.
    cols: usize,
    shortfall_cols: [usize; 3],
    hired_cols: Vec<(usize, usize)>,
    /// The objective's constant (the change weight of every previous target).
    constant: f64,
}

/// What the builders of one model share: the instance, the hires and the start, and which
/// variables exist. Variables and rows exist for everything the whole scenario allows, not
/// only for what the model's candidate pairs reach, so that a pair priced in later has all
/// its rows.
struct Frame<'a, 'i> {
    inst: &'a Instance<'i>,
    hire: Option<&'a [Option<f64>]>,
    exclusive: bool,
    /// `y[u]`: the unit has enough officers within reach in the whole scenario for its team.
    has_y: Vec<bool>,
    /// `w[o]`: an exclusive officer with both kinds of candidate.
    has_w: Vec<bool>,
    /// `z[e]`: the enterprise can be reached, directly or through a unit with a `y` (and it
    /// did not close on or before the plan's first day).
    has_z: Vec<bool>,
    /// The target counts visited enterprises (`enterprises_count = "visited"`): the model
    /// has the `v` and `q` columns and their rows.
    visited: bool,
    /// The start plan (empty without one) and its edges as a set.
    start: EdgeSet,
    in_start: HashSet<usize>,
    /// Whether optional officers of one court are hired in order.
    hire_in_order: bool,
    /// See [`Spec`].
    copies: &'a [f64],
}

impl<'a, 'i> Frame<'a, 'i> {
    fn new(inst: &'a Instance<'i>, spec: &Spec<'a>) -> Self {
        let s = inst.s;
        let exclusive = s.rules.officer_mode == OfficerMode::Exclusive;
        let has_y: Vec<bool> = (0..s.units.len())
            .map(|u| inst.whole.unit_officers[u] >= s.units[u].team_size as usize)
            .collect();
        let has_w = (0..s.officers.len())
            .map(|o| exclusive && inst.whole.officer_kinds[o] == (true, true))
            .collect();
        let has_z = (0..s.enterprises.len())
            .map(|e| {
                !s.closed_for_plan(EnterpriseIdx::from(e))
                    && (inst.whole.direct[e]
                        || s.enterprises[e].units.iter().any(|u| has_y[u.index()]))
            })
            .collect();
        let start = spec.start.cloned().unwrap_or_default();
        let in_start = start.iter().copied().collect();
        Frame {
            inst,
            hire: spec.hire,
            exclusive,
            has_y,
            has_w,
            has_z,
            visited: s.targets.enterprises_count == EnterprisesCount::Visited,
            start,
            in_start,
            hire_in_order: spec.hire_in_order,
            copies: spec.copies,
        }
    }

    /// The hiring cost of an optional officer (`None`: a real officer).
    fn hired_at(&self, o: usize) -> Option<f64> {
        self.hire.and_then(|h| h[o])
    }

    /// How many alike officers officer `o`'s columns stand for (1 but in [`hiring_bound`]).
    fn copies(&self, o: usize) -> f64 {
        self.copies.get(o).copied().unwrap_or(1.0)
    }

    fn max_e(&self) -> f64 {
        f64::from(self.inst.s.rules.max_enterprises_per_officer)
    }
}

/// The rows of the three targets, `Σ_platforms y + sp ≥ req_p`, `Σ_chambers y + sc ≥ req_c`
/// and `Σ z + se ≥ enterprises_min`.
#[derive(Clone, Copy)]
struct TargetRows {
    platforms: RowRef,
    chambers: RowRef,
    reached: RowRef,
}

/// The rows that make optional officers optional (the diagnosis's model).
struct HiringRows {
    /// Per edge of an optional officer: `x ≤ h`.
    only_if_hired: Vec<Option<RowRef>>,
    /// `h[p] ≥ h[o]` for consecutive optional officers `p`, `o` of one court.
    in_order: Vec<(usize, usize, RowRef)>,
    /// `Σ h ≤ most`, when the number hired is capped.
    most: Option<RowRef>,
}

/// Load, rule 2: `Σ_{p∋o} load_p x_p ≤ cap(o)` (0 for an optional officer, whose hiring
/// column brings its capacity).
fn load_row(r: &mut Rows0, f: &Frame<'_, '_>, o: usize) -> RowRef {
    let cap = if f.hired_at(o).is_some() {
        0.0
    } else {
        f.inst.capacity[o]
    };
    r.add(-f64::INFINITY, cap)
}

/// Slots, rule 2: `Σ_{p∋o} jobs(o, x) x_p ≤ J(o)` (spaced visits, one trip a day; 0 for an
/// optional officer).
fn slot_row(r: &mut Rows0, f: &Frame<'_, '_>, o: usize) -> RowRef {
    let slots = if f.hired_at(o).is_some() {
        0.0
    } else {
        f64::from(f.inst.slots[o])
    };
    r.add(-f64::INFINITY, slots)
}

/// Imbalance (objective): `Σ_{p∋o} load_p x_p − day_minutes · L ≤ 0`, so `L` is at least
/// every officer's load in days.
fn peak_row(r: &mut Rows0) -> RowRef {
    r.add(-f64::INFINITY, 0.0)
}

/// Mode `exclusive`, rule 3, units: `Σ_{p∋o, unit} x_p + w_o ≤ 1` (0 for an optional
/// officer until hired).
fn exclusive_units_row(r: &mut Rows0, f: &Frame<'_, '_>, o: usize) -> RowRef {
    let most = if f.hired_at(o).is_some() { 0.0 } else { 1.0 };
    r.add(-f64::INFINITY, most)
}

/// Rule 3, enterprises: `Σ_{p∋o, direct} x_p ≤ max_enterprises_per_officer`, or, for an
/// exclusive officer who could take either kind, `≤ max_enterprises_per_officer · w_o`.
fn direct_row(r: &mut Rows0, f: &Frame<'_, '_>, o: usize) -> RowRef {
    let most = if f.has_w[o] {
        0.0
    } else {
        f.max_e() * f.copies(o)
    };
    r.add(-f64::INFINITY, most)
}

/// The rows of every officer with a candidate, officer by officer: load, slots, peak and the
/// mode rows (rules 2 and 3).
fn officer_rows(r: &mut Rows0, f: &Frame<'_, '_>, rows: &mut PairRows) {
    for o in 0..f.inst.s.officers.len() {
        let (has_units, has_direct) = f.inst.whole.officer_kinds[o];
        if !has_units && !has_direct {
            continue;
        }
        rows.load[o] = Some(load_row(r, f, o));
        rows.jobs[o] = Some(slot_row(r, f, o));
        rows.peak[o] = Some(peak_row(r));
        if f.exclusive && has_units {
            rows.units[o] = Some(exclusive_units_row(r, f, o));
        }
        if has_direct {
            rows.direct[o] = Some(direct_row(r, f, o));
        }
    }
}

/// Teams, rule 4: `Σ_{p∋u} x_p − team_size · y_u = 0` for every unit with a `y` or a
/// candidate pair.
fn team_rows(r: &mut Rows0, f: &Frame<'_, '_>, rows: &mut PairRows) {
    for u in 0..f.inst.s.units.len() {
        if f.has_y[u] || !f.inst.by_unit[u].is_empty() {
            rows.team[u] = Some(r.add(0.0, 0.0));
        }
    }
}

/// Per reachable enterprise: rule 5, one officer per enterprise served directly,
/// `Σ_{p∋e, direct} x_p ≤ 1`, then reach, `Σ_{u∋e} y_u + Σ_{p∋e, direct} x_p − z_e ≥ 0`,
/// and when the target counts visits, `Σ_{u∋e} v[u,e] + Σ_{p∋e, direct} x_p − q_e ≥ 0`.
fn enterprise_rows(r: &mut Rows0, f: &Frame<'_, '_>, rows: &mut PairRows) {
    for e in 0..f.inst.s.enterprises.len() {
        if f.has_z[e] {
            if f.inst.whole.direct[e] {
                rows.one[e] = Some(r.add(-f64::INFINITY, 1.0));
            }
            rows.reach[e] = Some(r.add(0.0, f64::INFINITY));
            if f.visited {
                rows.visit[e] = Some(r.add(0.0, f64::INFINITY));
            }
        }
    }
}

/// The rows of the visited count (`enterprises_count = "visited"`), per unit with a `y`.
struct VisitRows {
    /// Per unit, per member with a `z`: the member, `v[u,e] − y_u ≤ 0`.
    member: Vec<Vec<(usize, RowRef)>>,
    /// Per unit: `Σ_e v[u,e] − stops_u · y_u ≤ 0`, with `stops_u` its member stops in the
    /// year (`plan/visitable.rs`), and `stops_u` itself.
    stops: Vec<Option<(RowRef, f64)>>,
}

/// Visited count (`enterprises_count = "visited"`): a member of a served unit is visited
/// only by the unit's member stops, at most `stops_u` of them in the year.
fn visit_rows(r: &mut Rows0, f: &Frame<'_, '_>) -> VisitRows {
    let s = f.inst.s;
    let mut v = VisitRows {
        member: vec![Vec::new(); s.units.len()],
        stops: vec![None; s.units.len()],
    };
    if !f.visited {
        return v;
    }
    for u in 0..s.units.len() {
        if !f.has_y[u] {
            continue;
        }
        for m in &s.units[u].members {
            let e = m.index();
            if f.has_z[e] && !v.member[u].iter().any(|&(x, _)| x == e) {
                v.member[u].push((e, r.add(-f64::INFINITY, 0.0)));
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let stops = crate::plan::visitable::stops_in_year(s, tepai_model::UnitIdx::from(u)) as f64;
        v.stops[u] = Some((r.add(-f64::INFINITY, 0.0), stops));
    }
    v
}

/// Targets and objective, shortfall: one row per target, met or made up by its shortfall
/// column.
fn target_rows(r: &mut Rows0, f: &Frame<'_, '_>) -> TargetRows {
    let s = f.inst.s;
    let inf = f64::INFINITY;
    TargetRows {
        platforms: r.add(f64::from(s.required_platforms()), inf),
        chambers: r.add(f64::from(s.required_chambers()), inf),
        reached: r.add(f64::from(s.targets.enterprises_min), inf),
    }
}

/// Cuts (solving step 5): `Σ_{p ∈ cut} x_p ≤ most`, for direct trips the officer's day-trip
/// grouping showed cannot all be made and teams that cannot visit together. Returns the
/// cut rows of each edge.
fn cut_rows(r: &mut Rows0, f: &Frame<'_, '_>, cuts: &[Cut]) -> Vec<Vec<RowRef>> {
    #[allow(clippy::cast_precision_loss)]
    let cut_rows: Vec<RowRef> = cuts
        .iter()
        .map(|c| r.add(-f64::INFINITY, c.most as f64))
        .collect();
    let mut cuts_of: Vec<Vec<RowRef>> = vec![Vec::new(); f.inst.edges.len()];
    for (c, cut) in cuts.iter().enumerate() {
        for &i in &cut.edges {
            cuts_of[i].push(cut_rows[c]);
        }
    }
    cuts_of
}

/// Optional officers (the fewest additional officers of `tepai staff` and the diagnosis, or
/// the existing officers the release question may leave out): `x ≤ h` pair by pair (the
/// same plans, a much tighter relaxation); new officers of one court are interchangeable
/// (one profile), so they are hired in order, which removes the symmetric copies of every
/// solution; `Σ h ≤ most` when the number hired is capped.
fn hiring_rows(r: &mut Rows0, f: &Frame<'_, '_>, most: Option<u32>) -> HiringRows {
    let inst = f.inst;
    let mut only_if_hired: Vec<Option<RowRef>> = vec![None; inst.edges.len()];
    let mut in_order: Vec<(usize, usize, RowRef)> = Vec::new();
    if f.hire.is_some() {
        let mut previous: Option<usize> = None;
        for o in 0..inst.s.officers.len() {
            if f.hired_at(o).is_none() {
                continue;
            }
            for &i in &inst.by_officer[o] {
                only_if_hired[i] = Some(r.add(-f64::INFINITY, 0.0));
            }
            if let Some(p) = previous.filter(|_| f.hire_in_order) {
                if inst.s.officers[p].court == inst.s.officers[o].court {
                    in_order.push((p, o, r.add(0.0, f64::INFINITY)));
                }
            }
            previous = Some(o);
        }
    }
    let most = most
        .filter(|_| f.hire.is_some())
        .map(|m| r.add(-f64::INFINITY, f64::from(m)));
    HiringRows {
        only_if_hired,
        in_order,
        most,
    }
}

/// The model's columns as they are added, each with its start value.
struct Columns {
    problem: ColProblem,
    /// Whether binary columns are integer (the MIP) or continuous (the relaxation).
    integer: bool,
    initial: Vec<f64>,
}

impl Columns {
    /// Adds a column; returns its number.
    fn add(
        &mut self,
        cost: f64,
        upper: f64,
        binary: bool,
        factors: &[(RowRef, f64)],
        start: f64,
    ) -> usize {
        let f = factors.iter().map(|&(row, c)| (row.handle, c));
        self.problem
            .add_column_with_integrality(cost, 0.0..=upper, f, binary && self.integer);
        self.initial.push(start);
        self.initial.len() - 1
    }
}

/// `x[p]` per candidate pair, cost travel and mismatch (less the change weight when it keeps
/// the officer's previous target), in the rows of [`PairRows::of`], its cuts and, for an
/// optional officer, its `x ≤ h`; held at zero when fixed. Returns each edge's column.
fn pair_columns(
    c: &mut Columns,
    f: &Frame<'_, '_>,
    rows: &PairRows,
    cuts_of: &[Vec<RowRef>],
    hiring: &HiringRows,
    fixed: &[bool],
) -> Vec<usize> {
    let inst = f.inst;
    let mut edge_cols = Vec::with_capacity(inst.edges.len());
    for (i, edge) in inst.edges.iter().enumerate() {
        let mut factors = rows.of(edge);
        factors.extend(cuts_of[i].iter().map(|&row| (row, 1.0)));
        if let Some(row) = hiring.only_if_hired[i] {
            factors.push((row, 1.0));
        }
        let upper = if fixed.get(i).copied().unwrap_or(false) {
            0.0
        } else if matches!(edge.target, Target::Unit(_)) {
            f.copies(edge.officer.index())
        } else {
            1.0
        };
        let chosen = f.in_start.contains(&i);
        edge_cols.push(c.add(
            cost(inst, edge),
            upper,
            true,
            &factors,
            f64::from(u8::from(chosen)),
        ));
    }
    edge_cols
}

/// `y[u]` per unit that can be served: `−team_size` in its team row (rule 4), 1 in its
/// kind's target row and in the reach row of each member.
// The loop walks per-unit or per-enterprise tables in step.
#[allow(clippy::needless_range_loop)]
fn unit_columns(
    c: &mut Columns,
    f: &Frame<'_, '_>,
    rows: &PairRows,
    targets: TargetRows,
    visit: &VisitRows,
) {
    let s = f.inst.s;
    let (start_units, _, _) = super::served(f.inst, &f.start);
    for u in 0..s.units.len() {
        if !f.has_y[u] {
            continue;
        }
        let unit = &s.units[u];
        let mut factors = Vec::with_capacity(unit.members.len() + 2);
        if let Some(team) = rows.team[u] {
            factors.push((team, -f64::from(unit.team_size)));
        }
        factors.push((
            match unit.kind {
                UnitKind::Platform => targets.platforms,
                UnitKind::Chamber => targets.chambers,
            },
            1.0,
        ));
        for m in &unit.members {
            if let Some(row) = rows.reach[m.index()] {
                factors.push((row, 1.0));
            }
        }
        factors.extend(visit.member[u].iter().map(|&(_, row)| (row, -1.0)));
        if let Some((row, stops)) = visit.stops[u] {
            factors.push((row, -stops));
        }
        c.add(
            0.0,
            1.0,
            true,
            &factors,
            f64::from(u8::from(start_units[u])),
        );
    }
}

/// `w[o]` per exclusive officer with both kinds of candidate (rule 3): 1 in its units row,
/// `−max_enterprises_per_officer` in its direct row.
fn mode_columns(c: &mut Columns, f: &Frame<'_, '_>, rows: &PairRows) {
    let inst = f.inst;
    for o in 0..inst.s.officers.len() {
        if !f.has_w[o] {
            continue;
        }
        let mut factors = Vec::with_capacity(2);
        if let Some(row) = rows.units[o] {
            factors.push((row, 1.0));
        }
        if let Some(row) = rows.direct[o] {
            factors.push((row, -f.max_e()));
        }
        let uses_direct = inst.by_officer[o].iter().any(|i| {
            f.in_start.contains(i) && matches!(inst.edges[*i].target, Target::Enterprise(_))
        });
        c.add(
            0.0,
            f.copies(o),
            true,
            &factors,
            f64::from(u8::from(uses_direct)),
        );
    }
}

/// `z[e]` ∈ [0, 1] per reachable enterprise, cost `−priority · value(e)` (priority): −1 in
/// its reach row, 1 in the enterprises target row when the target counts reached
/// enterprises.
// The loop walks per-unit or per-enterprise tables in step.
#[allow(clippy::needless_range_loop)]
fn reach_columns(c: &mut Columns, f: &Frame<'_, '_>, rows: &PairRows, targets: TargetRows) {
    let (_, _, start_reached) = super::served(f.inst, &f.start);
    let priority = f.inst.s.weights.priority;
    for e in 0..f.inst.s.enterprises.len() {
        if let Some(row) = rows.reach[e] {
            let counts = [(row, -1.0), (targets.reached, 1.0)];
            c.add(
                -priority * f.inst.value[e],
                1.0,
                false,
                if f.visited { &counts[..1] } else { &counts },
                f64::from(u8::from(start_reached[e])),
            );
        }
    }
}

/// Visited count (`enterprises_count = "visited"`): `v[u,e]` ∈ [0, 1] per member of a unit
/// with a `y` (1 in its member row, its unit's stops row and the member's visit row), and
/// `q[e]` ∈ [0, 1] per reachable enterprise, visited (−1 in its visit row, 1 in the
/// enterprises target row). No cost: the visited count enters the objective through the
/// target's shortfall only. Started from one largest choice of visited members of the start
/// plan (`plan/visitable.rs`).
fn visit_columns(
    c: &mut Columns,
    f: &Frame<'_, '_>,
    rows: &PairRows,
    targets: TargetRows,
    visit: &VisitRows,
) {
    if !f.visited {
        return;
    }
    let s = f.inst.s;
    let start = crate::plan::visitable::visitable(s, &super::to_assignment(f.inst, &f.start));
    let mut held: HashSet<(usize, usize)> = HashSet::new();
    let mut counted = vec![false; s.enterprises.len()];
    for e in &start.direct {
        counted[e.index()] = true;
    }
    for (u, members) in &start.held {
        for e in members {
            held.insert((u.index(), e.index()));
            counted[e.index()] = true;
        }
    }
    for u in 0..s.units.len() {
        let Some((stops, _)) = visit.stops[u] else {
            continue;
        };
        for &(e, member) in &visit.member[u] {
            let Some(row) = rows.visit[e] else { continue };
            c.add(
                0.0,
                1.0,
                false,
                &[(member, 1.0), (stops, 1.0), (row, 1.0)],
                f64::from(u8::from(held.contains(&(u, e)))),
            );
        }
    }
    for (row, &on) in rows.visit.iter().zip(&counted) {
        if let Some(row) = *row {
            c.add(
                0.0,
                1.0,
                false,
                &[(row, -1.0), (targets.reached, 1.0)],
                f64::from(u8::from(on)),
            );
        }
    }
}

/// The shortfalls `sp, sc, se ≥ 0`, each at its target's weight (target priority,
/// [`super::priority`]; alike in the hiring model): one elastic column per target row, what
/// the plan misses of it. Returns their columns.
fn shortfall_columns(c: &mut Columns, f: &Frame<'_, '_>, targets: TargetRows) -> [usize; 3] {
    let s = f.inst.s;
    let cov = super::coverage(f.inst, &f.start);
    // The diagnosis's hiring model closes every gap, whatever their order: its shortfalls
    // weigh alike (tiered weights there would reach 1e12 and slow HiGHS for nothing).
    let [wp, wc, we] = if f.hire.is_some() {
        [s.weights.shortfall; 3]
    } else {
        f.inst.shortfall_weights
    };
    [
        (targets.platforms, s.required_platforms(), cov.platforms, wp),
        (targets.chambers, s.required_chambers(), cov.chambers, wc),
        (
            targets.reached,
            s.targets.enterprises_min,
            cov.enterprises,
            we,
        ),
    ]
    .map(|(row, required, achieved, weight)| {
        c.add(
            weight,
            f64::INFINITY,
            false,
            &[(row, 1.0)],
            f64::from(required.saturating_sub(achieved)),
        )
    })
}

/// `L ≥ 0`, the highest load in days, cost `imbalance`: `−day_minutes` in every peak row.
fn peak_column(c: &mut Columns, f: &Frame<'_, '_>, rows: &PairRows) {
    let s = f.inst.s;
    let day = f64::from(s.rules.day_minutes);
    let mut start_load = vec![0.0; s.officers.len()];
    for (i, edge) in f.inst.edges.iter().enumerate() {
        if f.in_start.contains(&i) {
            start_load[edge.officer.index()] += edge.load;
        }
    }
    let peaks: Vec<(RowRef, f64)> = rows.peak.iter().flatten().map(|&r| (r, -day)).collect();
    c.add(
        s.weights.imbalance,
        f64::INFINITY,
        false,
        &peaks,
        start_load.iter().copied().fold(0.0, f64::max) / day,
    );
}

/// `h[o]` ∈ {0,1} per optional officer, cost its hiring cost: it brings the officer's
/// capacity, slots and exclusive unit to their rows, lifts its `x ≤ h` and keeps the
/// court's hiring order. Returns `(officer, column)` of each.
fn hire_columns(
    c: &mut Columns,
    f: &Frame<'_, '_>,
    rows: &PairRows,
    hiring: &HiringRows,
) -> Vec<(usize, usize)> {
    let inst = f.inst;
    let mut hired_cols = Vec::new();
    for o in 0..inst.s.officers.len() {
        let Some(hire_cost) = f.hired_at(o) else {
            continue;
        };
        let mut factors: Vec<(RowRef, f64)> = Vec::new();
        if let Some(row) = rows.load[o] {
            factors.push((row, -inst.capacity[o]));
        }
        if let Some(row) = rows.jobs[o] {
            factors.push((row, -f64::from(inst.slots[o])));
        }
        if let Some(row) = rows.units[o] {
            factors.push((row, -1.0));
        }
        for &i in &inst.by_officer[o] {
            if let Some(row) = hiring.only_if_hired[i] {
                factors.push((row, -1.0));
            }
        }
        if let Some(row) = hiring.most {
            factors.push((row, 1.0));
        }
        for &(p, q, row) in &hiring.in_order {
            if p == o {
                factors.push((row, 1.0));
            }
            if q == o {
                factors.push((row, -1.0));
            }
        }
        let used = inst.by_officer[o].iter().any(|i| f.in_start.contains(i));
        let col = c.add(
            hire_cost,
            f.copies(o),
            true,
            &factors,
            f64::from(u8::from(used)),
        );
        hired_cols.push((o, col));
    }
    hired_cols
}

/// The objective's constant, change: `W_c` per previous target of every officer (each pair
/// keeping one takes it back, see [`cost`]).
fn change_constant(f: &Frame<'_, '_>) -> f64 {
    let with_previous: usize = f
        .inst
        .s
        .officers
        .iter()
        .map(|o| o.previous_targets.len())
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let constant = f.inst.s.weights.change * with_previous as f64;
    constant
}

/// Hands the model to HiGHS with the run's options: time limit, gap, node limit, log,
/// seed, threads (and no presolve for the relaxation).
fn configure(
    problem: ColProblem,
    kind: Problem,
    options: &AssignOptions,
    deadline: &Deadline,
) -> Result<highs::Model, SolveError> {
    let integer = !options.heuristic_only;
    let mut model = problem
        .try_optimise(highs::Sense::Minimise)
        .map_err(|status| SolveError::Model {
            problem: kind,
            status,
        })?;
    model.make_quiet();
    let mut set =
        |option: &'static str, value: OptionValue| set_option(&mut model, kind, option, value);
    set("time_limit", OptionValue::F64(deadline.solve_limit_s()))?;
    set("mip_rel_gap", OptionValue::F64(options.mip_gap))?;
    if !integer {
        // Column generation solves many similar LPs; presolve costs more than it saves
        // there (Nanping 2024: 3.0 s of LP solves without it, 5.0 s with it).
        set("presolve", OptionValue::Str("off"))?;
    }
    if let Some(nodes) = options.node_limit {
        let nodes = i32::try_from(nodes).unwrap_or(i32::MAX);
        set("mip_max_nodes", OptionValue::I32(nodes))?;
    }
    if options.solver_log {
        set("output_flag", OptionValue::Bool(true))?;
        set("log_to_console", OptionValue::Bool(true))?;
    }
    let seed = i32::try_from(options.seed % 2_147_483_647).unwrap_or(0);
    set("random_seed", OptionValue::I32(seed))?;
    if options.threads > 0 {
        let threads = i32::try_from(options.threads).unwrap_or(1);
        set("threads", OptionValue::I32(threads))?;
    }
    Ok(model)
}

/// Builds the model column by column (see the module's formulation): rows first, per
/// officer, unit, enterprise and target, then cuts and hiring rows, then each column with
/// its coefficients, in the order pairs, units, modes, reach, shortfalls, peak, hires.
fn build(
    inst: &Instance<'_>,
    spec: Spec<'_>,
    options: &AssignOptions,
    deadline: &Deadline,
) -> Result<Built, SolveError> {
    let f = Frame::new(inst, &spec);
    let (n_o, n_u, n_e) = (
        inst.s.officers.len(),
        inst.s.units.len(),
        inst.s.enterprises.len(),
    );
    let mut r = Rows0 {
        problem: ColProblem::default(),
        count: 0,
    };
    let mut rows = PairRows {
        load: vec![None; n_o],
        jobs: vec![None; n_o],
        peak: vec![None; n_o],
        units: vec![None; n_o],
        direct: vec![None; n_o],
        team: vec![None; n_u],
        one: vec![None; n_e],
        reach: vec![None; n_e],
        visit: vec![None; n_e],
    };
    officer_rows(&mut r, &f, &mut rows);
    team_rows(&mut r, &f, &mut rows);
    enterprise_rows(&mut r, &f, &mut rows);
    let visit = visit_rows(&mut r, &f);
    let targets = target_rows(&mut r, &f);
    let cuts_of = cut_rows(&mut r, &f, spec.cuts);
    let hiring = hiring_rows(&mut r, &f, spec.hire_most);

    let integer = !options.heuristic_only;
    let kind = problem_of(spec.hire, integer);
    let mut c = Columns {
        problem: r.problem,
        integer,
        initial: Vec::new(),
    };
    let edge_cols = pair_columns(&mut c, &f, &rows, &cuts_of, &hiring, spec.fixed);
    unit_columns(&mut c, &f, &rows, targets, &visit);
    mode_columns(&mut c, &f, &rows);
    reach_columns(&mut c, &f, &rows, targets);
    visit_columns(&mut c, &f, &rows, targets, &visit);
    let shortfall_cols = shortfall_columns(&mut c, &f, targets);
    peak_column(&mut c, &f, &rows);
    let hired_cols = hire_columns(&mut c, &f, &rows, &hiring);
    let constant = change_constant(&f);

    let Columns {
        problem, initial, ..
    } = c;
    let cols = initial.len();
    let mut model = configure(problem, kind, options, deadline)?;
    if spec.hire.is_some() && integer {
        let gap = OptionValue::F64(spec.hire_abs_gap);
        set_option(&mut model, kind, "mip_abs_gap", gap)?;
    }
    if integer && spec.start.is_some() {
        model.set_solution(Some(&initial), None, None, None);
    }
    Ok(Built {
        model,
        rows,
        edge_cols,
        cols,
        shortfall_cols,
        hired_cols,
        constant,
    })
}

/// Which of the assignment's models `build` makes.
fn problem_of(hire: Option<&[Option<f64>]>, integer: bool) -> Problem {
    match (hire, integer) {
        (Some(_), _) => Problem::Hiring,
        (None, true) => Problem::Mip,
        (None, false) => Problem::Relaxation,
    }
}

/// A HiGHS option's value.
#[derive(Debug, Clone, Copy)]
enum OptionValue {
    F64(f64),
    I32(i32),
    Bool(bool),
    Str(&'static str),
}

/// Sets a HiGHS option, or says which HiGHS refused.
fn set_option(
    model: &mut highs::Model,
    problem: Problem,
    option: &'static str,
    value: OptionValue,
) -> Result<(), SolveError> {
    let set = match value {
        OptionValue::F64(v) => model.try_set_option(option, v),
        OptionValue::I32(v) => model.try_set_option(option, v),
        OptionValue::Bool(v) => model.try_set_option(option, v),
        OptionValue::Str(v) => model.try_set_option(option, v),
    };
    set.map_err(|_| SolveError::Option {
        problem,
        option,
        value: match value {
            OptionValue::F64(v) => v.to_string(),
            OptionValue::I32(v) => v.to_string(),
            OptionValue::Bool(v) => v.to_string(),
            OptionValue::Str(v) => v.to_owned(),
        },
    })
}

fn run(
    inst: &Instance<'_>,
    spec: Spec<'_>,
    options: &AssignOptions,
    deadline: &Deadline,
    timings: &mut Timings,
) -> Result<Raw, SolveError> {
    let t = Instant::now();
    let integer = !options.heuristic_only;
    let built = build(inst, spec, options, deadline)?;
    timings.model_build += t.elapsed();
    let problem = problem_of(spec.hire, integer);
    let t = Instant::now();
    let solved = built
        .model
        .try_solve()
        .map_err(|status| SolveError::Run { problem, status })?;
    if integer {
        timings.mip += t.elapsed();
    } else {
        timings.lp += t.elapsed();
    }
    let status = solved.status();
    check_status(problem, status)?;
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let dual_bound = if integer {
        let bound = solved
            .double_info_value(c"mip_dual_bound")
            .map_err(|status| SolveError::Info {
                problem,
                info: "mip_dual_bound",
                status,
            })?;
        // HiGHS reports ±∞ when the search proved no bound.
        bound.is_finite().then_some(bound + built.constant)
    } else {
        None
    };
    if !has_solution {
        return Ok(Raw {
            plan: Vec::new(),
            status,
            has_solution,
            dual_bound,
            hired: Vec::new(),
            shortfall: f64::INFINITY,
            objective: f64::INFINITY,
        });
    }
    let values = solved.get_solution();
    let columns = values.columns();
    Ok(Raw {
        plan: (0..inst.edges.len())
            .filter(|&i| columns[built.edge_cols[i]] > 0.5)
            .collect(),
        status,
        has_solution,
        dual_bound,
        hired: built
            .hired_cols
            .iter()
            .filter_map(|&(o, col)| (columns[col] > 0.5).then_some(o))
            .collect(),
        shortfall: built.shortfall_cols.iter().map(|&c| columns[c]).sum(),
        objective: solved.objective_value() + built.constant,
    })
}

/// The LP relaxation, kept alive between solves: pairs added later become new columns of
/// the same HiGHS model, which re-solves from its last basis.
pub struct Relaxation {
    model: Option<highs::Model>,
    /// Seconds HiGHS has run on this model so far (its time limit counts them all).
    spent: f64,
    rows: PairRows,
    edge_cols: Vec<usize>,
    cols: usize,
    constant: f64,
}

impl Relaxation {
    /// The relaxation of the model over the instance's current pairs.
    pub fn new(
        inst: &Instance<'_>,
        options: &AssignOptions,
        deadline: &Deadline,
        timings: &mut Timings,
    ) -> Result<Self, SolveError> {
        let t = Instant::now();
        let lp = AssignOptions {
            heuristic_only: true,
            ..options.clone()
        };
        let built = build(inst, Spec::default(), &lp, deadline)?;
        timings.model_build += t.elapsed();
        Ok(Relaxation {
            model: Some(built.model),
            spent: 0.0,
            rows: built.rows,
            edge_cols: built.edge_cols,
            cols: built.cols,
            constant: built.constant,
        })
    }

    /// Adds the instance's edges that are not columns yet.
    pub fn extend(&mut self, inst: &Instance<'_>, timings: &mut Timings) -> Result<(), SolveError> {
        let t = Instant::now();
        let Some(model) = self.model.as_mut() else {
            return Ok(());
        };
        for edge in &inst.edges[self.edge_cols.len()..] {
            let f: Vec<(Row, f64)> = self
                .rows
                .of(edge)
                .into_iter()
                .map(|(r, c)| (r.handle, c))
                .collect();
            model
                .try_add_column(cost(inst, edge), 0.0..=1.0, f)
                .map_err(|status| SolveError::Model {
                    problem: Problem::Relaxation,
                    status,
                })?;
            self.edge_cols.push(self.cols);
            self.cols += 1;
        }
        timings.model_build += t.elapsed();
        Ok(())
    }

    /// Solves it by the deadline: its optimum, column values and row duals, or
    /// `None` when a limit stopped HiGHS before it proved the optimum.
    pub fn solve(
        &mut self,
        inst: &Instance<'_>,
        deadline: &Deadline,
        timings: &mut Timings,
    ) -> Result<Option<Duals>, SolveError> {
        let Some(mut model) = self.model.take() else {
            return Ok(None);
        };
        let limit = OptionValue::F64(self.spent + deadline.solve_limit_s());
        set_option(&mut model, Problem::Relaxation, "time_limit", limit)?;
        let t = Instant::now();
        let solved = model.try_solve().map_err(|status| SolveError::Run {
            problem: Problem::Relaxation,
            status,
        })?;
        timings.lp += t.elapsed();
        self.spent += t.elapsed().as_secs_f64();
        check_status(Problem::Relaxation, solved.status())?;
        let duals = (solved.status() == HighsModelStatus::Optimal).then(|| {
            let values = solved.get_solution();
            let columns = values.columns();
            Duals {
                objective: solved.objective_value() + self.constant,
                x: (0..inst.edges.len())
                    .map(|i| self.edge_cols.get(i).map_or(0.0, |&c| columns[c]))
                    .collect(),
                rows: self.rows.numbers(),
                values: values.dual_rows().to_vec(),
            }
        });
        self.model = Some(highs::Model::from(solved));
        Ok(duals)
    }
}
