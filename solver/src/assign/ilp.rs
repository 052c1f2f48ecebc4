//! The mixed-integer model of `docs/assignment-model.md`, built with good_lp and solved by
//! HiGHS, warm-started from the heuristic plan.
//!
//! Variables: `x[p]` ∈ {0,1} per candidate pair; `y[u]` ∈ {0,1} per unit (served);
//! `w[o]` ∈ {0,1} per exclusive officer with both kinds of candidate (direct mode chosen);
//! `z[e]` ∈ [0,1] per enterprise (reached); shortfalls `sp, sc, se ≥ 0`; `L ≥ 0` the highest
//! load in days.
//!
//! ```text
//! min  W_s (sp + sc + se) − W_p Σ value_e z_e + Σ_p (W_t travel_p/60 + W_m mismatch_p) x_p
//!      + W_i L + W_c Σ_{o with previous} (1 − x[prev_o])
//! s.t. Σ_{p∋o} load_p x_p ≤ cap_o                       (load)
//!      Σ_{p∋o} trips_p x_p ≤ cap_o / day_minutes         (one trip a day)
//!      Σ_{p∋o, unit} x_p + w_o ≤ 1;  Σ_{p∋o, direct} x_p ≤ max_e w_o   (exclusive mode)
//!      Σ_{p∋o, direct} x_p ≤ max_e                       (shared mode)
//!      Σ_{p∋u} x_p = team_u y_u                          (teams)
//!      Σ_{p∋e, direct} x_p ≤ 1                           (one officer per enterprise)
//!      z_e ≤ Σ_{u∋e} y_u + Σ_{p∋e, direct} x_p           (reach)
//!      Σ_platforms y + sp ≥ req_p;  Σ_chambers y + sc ≥ req_c;  Σ z + se ≥ enterprises_min
//!      L ≥ Σ_{p∋o} load_p x_p / day_minutes              (imbalance)
//! ```
//! The shortfalls make every scenario feasible, so an unreachable target still yields the
//! best partial plan. HiGHS's dual bound (or, with `heuristic_only`, the LP relaxation's
//! optimum) is the proven lower bound reported with the plan.
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};
use highs::HighsModelStatus;
use tepai_model::{OfficerMode, Target, UnitKind};

use super::{AssignOptions, EdgeSet, Status, Timings};
use crate::instance::Instance;

/// What the MIP returned.
pub struct MipOutcome {
    /// The best plan it found.
    pub plan: EdgeSet,
    /// How good it is known to be.
    pub status: Status,
    /// Proven lower bound of the objective.
    pub bound: Option<f64>,
}

/// Column bookkeeping: good_lp numbers columns in the order variables are added.
struct Columns {
    vars: ProblemVariables,
    initial: Vec<f64>,
}

impl Columns {
    fn add(&mut self, def: good_lp::VariableDefinition, start: f64) -> Variable {
        self.initial.push(start);
        self.vars.add(def)
    }
}

/// The fewest-new-officers solve of the diagnosis.
pub struct Hiring {
    /// Indices of the optional officers hired.
    pub hired: Vec<usize>,
    /// Target shortfall left (0 when the hires close every gap).
    pub shortfall: f64,
    /// Whether the solve proved optimality.
    pub proven: bool,
}

/// Solves the model where officers with a `hire` cost are optional: their capacity exists
/// only when hired, at that cost. The search stops at the relative gap `mip_gap`.
pub fn solve_with_hiring(
    inst: &Instance<'_>,
    hire: &[Option<f64>],
    start: &EdgeSet,
    time_limit_s: f64,
    mip_gap: f64,
) -> Option<Hiring> {
    let options = AssignOptions {
        time_limit_s,
        mip_gap,
        seed: inst.s.seed,
        heuristic_only: false,
        limits: crate::instance::CandidateLimits::default(),
        threads: 0,
        solver_log: false,
    };
    let mut timings = Timings::default();
    let raw = run(inst, Some(start), Some(hire), &options, &mut timings)?;
    if !raw.has_solution {
        return None;
    }
    Some(Hiring {
        hired: raw.hired,
        shortfall: raw.shortfall,
        proven: raw.status == HighsModelStatus::Optimal,
    })
}

/// Solves the MIP (or, with `heuristic_only`, only its LP relaxation for the bound).
pub fn solve(
    inst: &Instance<'_>,
    start: &EdgeSet,
    options: &AssignOptions,
    timings: &mut Timings,
) -> Option<MipOutcome> {
    let integer = !options.heuristic_only;
    let raw = run(inst, Some(start), None, options, timings)?;
    if !integer {
        let bound = (raw.status == HighsModelStatus::Optimal).then_some(raw.objective);
        return Some(MipOutcome {
            plan: start.clone(),
            status: Status::Heuristic,
            bound,
        });
    }
    if !raw.has_solution {
        return Some(MipOutcome {
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
    Some(MipOutcome {
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
    objective: f64,
    dual_bound: Option<f64>,
    hired: Vec<usize>,
    shortfall: f64,
}

fn run(
    inst: &Instance<'_>,
    start: Option<&EdgeSet>,
    hire: Option<&[Option<f64>]>,
    options: &AssignOptions,
    timings: &mut Timings,
) -> Option<Raw> {
    let t = Instant::now();
    let s = inst.s;
    let w = &s.weights;
    let integer = !options.heuristic_only;
    let empty = EdgeSet::new();
    let start_plan = start.unwrap_or(&empty);
    let bin = || {
        if integer {
            variable().binary()
        } else {
            variable().min(0).max(1)
        }
    };
    let (start_units, _, start_reached) = super::served(inst, start_plan);
    let in_start: std::collections::HashSet<usize> = start_plan.iter().copied().collect();
    let mut cols = Columns {
        vars: ProblemVariables::new(),
        initial: Vec::new(),
    };

    let x: Vec<Variable> = (0..inst.edges.len())
        .map(|i| cols.add(bin(), f64::from(u8::from(in_start.contains(&i)))))
        .collect();
    let y: Vec<Option<Variable>> = s
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            (inst.by_unit[u].len() >= unit.team_size as usize)
                .then(|| cols.add(bin(), f64::from(u8::from(start_units[u]))))
        })
        .collect();
    let exclusive = s.rules.officer_mode == OfficerMode::Exclusive;
    let wo: Vec<Option<Variable>> = (0..s.officers.len())
        .map(|o| {
            let (mut units, mut direct) = (false, false);
            for &i in &inst.by_officer[o] {
                match inst.edges[i].target {
                    Target::Unit(_) => units = true,
                    Target::Enterprise(_) => direct = true,
                }
            }
            let uses_direct = inst.by_officer[o].iter().any(|i| {
                in_start.contains(i) && matches!(inst.edges[*i].target, Target::Enterprise(_))
            });
            (exclusive && units && direct)
                .then(|| cols.add(bin(), f64::from(u8::from(uses_direct))))
        })
        .collect();
    let reachable: Vec<bool> = (0..s.enterprises.len())
        .map(|e| {
            !inst.by_enterprise[e].is_empty()
                || s.enterprises[e]
                    .units
                    .iter()
                    .any(|u| y[u.index()].is_some())
        })
        .collect();
    let z: Vec<Option<Variable>> = (0..s.enterprises.len())
        .map(|e| {
            reachable[e].then(|| {
                cols.add(
                    variable().min(0).max(1),
                    f64::from(u8::from(start_reached[e])),
                )
            })
        })
        .collect();
    let cov = super::coverage(inst, start_plan);
    let shortfall_cols = [
        cols.initial.len(),
        cols.initial.len() + 1,
        cols.initial.len() + 2,
    ];
    let sp = cols.add(
        variable().min(0),
        f64::from(s.required_platforms().saturating_sub(cov.platforms)),
    );
    let sc = cols.add(
        variable().min(0),
        f64::from(s.required_chambers().saturating_sub(cov.chambers)),
    );
    let se = cols.add(
        variable().min(0),
        f64::from(s.targets.enterprises_min.saturating_sub(cov.enterprises)),
    );
    let day = f64::from(s.rules.day_minutes);
    let mut start_load = vec![0.0; s.officers.len()];
    for &i in start_plan {
        start_load[inst.edges[i].officer.index()] += inst.edges[i].load;
    }
    let max_load = cols.add(
        variable().min(0),
        start_load.iter().copied().fold(0.0, f64::max) / day,
    );
    let mut hired_cols = Vec::new();
    let hired: Vec<Option<Variable>> = (0..s.officers.len())
        .map(|o| {
            hire.and_then(|h| h[o]).map(|_| {
                hired_cols.push((o, cols.initial.len()));
                let used = inst.by_officer[o].iter().any(|i| in_start.contains(i));
                cols.add(bin(), f64::from(u8::from(used)))
            })
        })
        .collect();

    let mut objective = Expression::with_capacity(inst.edges.len() + s.enterprises.len() + 4);
    objective.add_mul(w.shortfall, sp);
    objective.add_mul(w.shortfall, sc);
    objective.add_mul(w.shortfall, se);
    objective.add_mul(w.imbalance, max_load);
    for (o, h) in hired.iter().enumerate() {
        if let (Some(h), Some(cost)) = (h, hire.and_then(|c| c[o])) {
            objective.add_mul(cost, *h);
        }
    }
    for (e, zv) in z.iter().enumerate() {
        if let Some(zv) = zv {
            objective.add_mul(-w.priority * inst.value[e], *zv);
        }
    }
    for (i, edge) in inst.edges.iter().enumerate() {
        let mut c =
            w.travel * f64::from(edge.travel) / 60.0 + w.mismatch * f64::from(edge.mismatch);
        if inst.previous_edge[edge.officer.index()] == Some(i) {
            c -= w.change;
        }
        objective.add_mul(c, x[i]);
    }
    let with_previous = s
        .officers
        .iter()
        .filter(|o| o.previous_target.is_some())
        .count();
    #[allow(clippy::cast_precision_loss)]
    let constant = w.change * with_previous as f64;

    let initial = std::mem::take(&mut cols.initial);
    let mut problem = cols.vars.minimise(objective).using(highs);
    let max_e = f64::from(s.rules.max_enterprises_per_officer);
    for (o, edges) in inst.by_officer.iter().enumerate() {
        if edges.is_empty() {
            continue;
        }
        let mut load = Expression::with_capacity(edges.len());
        let mut trips = Expression::with_capacity(edges.len());
        let mut units = Expression::default();
        let mut direct = Expression::default();
        let (mut n_units, mut n_direct) = (0, 0);
        for &i in edges {
            load.add_mul(inst.edges[i].load, x[i]);
            trips.add_mul(inst.edges[i].trips, x[i]);
            match inst.edges[i].target {
                Target::Unit(_) => {
                    units.add_mul(1.0, x[i]);
                    n_units += 1;
                }
                Target::Enterprise(_) => {
                    direct.add_mul(1.0, x[i]);
                    n_direct += 1;
                }
            }
        }
        let days = inst.capacity[o] / day;
        if let Some(h) = hired[o] {
            let mut when_hired = load.clone();
            when_hired.add_mul(-inst.capacity[o], h);
            problem.add_constraint(when_hired.leq(0.0));
            trips.add_mul(-days, h);
            problem.add_constraint(trips.leq(0.0));
            // x ≤ h pair by pair: the same set of plans, a much tighter relaxation.
            for &i in edges {
                let mut only_if_hired = Expression::with_capacity(2);
                only_if_hired.add_mul(1.0, x[i]);
                only_if_hired.add_mul(-1.0, h);
                problem.add_constraint(only_if_hired.leq(0.0));
            }
        } else {
            problem.add_constraint(load.clone().leq(inst.capacity[o]));
            problem.add_constraint(trips.leq(days));
        }
        let mut peak = load;
        peak.add_mul(-day, max_load);
        problem.add_constraint(peak.leq(0.0));
        // An optional officer's one role exists only when hired (a tighter relaxation).
        let role = hired[o];
        if let Some(wv) = wo[o] {
            let mut one = units;
            one.add_mul(1.0, wv);
            match role {
                Some(h) => {
                    one.add_mul(-1.0, h);
                    problem.add_constraint(one.leq(0.0));
                }
                None => {
                    problem.add_constraint(one.leq(1.0));
                }
            }
            let mut cap = direct;
            cap.add_mul(-max_e, wv);
            problem.add_constraint(cap.leq(0.0));
        } else {
            if exclusive && (n_units > 1 || role.is_some()) {
                match role {
                    Some(h) => {
                        let mut one = units;
                        one.add_mul(-1.0, h);
                        problem.add_constraint(one.leq(0.0));
                    }
                    None => {
                        problem.add_constraint(units.leq(1.0));
                    }
                }
            }
            if n_direct as f64 > max_e {
                problem.add_constraint(direct.leq(max_e));
            }
        }
    }
    // Optional officers of one court are interchangeable (the diagnosis makes them alike):
    // hire them in order, which removes the symmetric copies of every solution.
    let mut previous: Option<(usize, Variable)> = None;
    for (o, h) in hired.iter().enumerate() {
        let Some(h) = *h else { continue };
        let court = s.officers[o].court.index();
        if let Some((prev_court, prev)) = previous {
            if prev_court == court {
                let mut in_order = Expression::with_capacity(2);
                in_order.add_mul(1.0, prev);
                in_order.add_mul(-1.0, h);
                problem.add_constraint(in_order.geq(0.0));
            }
        }
        previous = Some((court, h));
    }
    let mut platforms = Expression::default();
    let mut chambers = Expression::default();
    for (u, edges) in inst.by_unit.iter().enumerate() {
        let mut team = Expression::with_capacity(edges.len() + 1);
        for &i in edges {
            team.add_mul(1.0, x[i]);
        }
        match y[u] {
            Some(yv) => {
                team.add_mul(-f64::from(s.units[u].team_size), yv);
                problem.add_constraint(team.eq(0.0));
                match s.units[u].kind {
                    UnitKind::Platform => platforms.add_mul(1.0, yv),
                    UnitKind::Chamber => chambers.add_mul(1.0, yv),
                }
            }
            None if !edges.is_empty() => {
                problem.add_constraint(team.eq(0.0));
            }
            None => {}
        }
    }
    platforms.add_mul(1.0, sp);
    chambers.add_mul(1.0, sc);
    problem.add_constraint(platforms.geq(f64::from(s.required_platforms())));
    problem.add_constraint(chambers.geq(f64::from(s.required_chambers())));
    let mut reached = Expression::with_capacity(s.enterprises.len() + 1);
    for (e, zv) in z.iter().enumerate() {
        let Some(zv) = *zv else { continue };
        reached.add_mul(1.0, zv);
        let direct = &inst.by_enterprise[e];
        let mut by = Expression::with_capacity(direct.len() + 4);
        for &i in direct {
            by.add_mul(1.0, x[i]);
        }
        if direct.len() > 1 {
            problem.add_constraint(by.clone().leq(1.0));
        }
        for u in &s.enterprises[e].units {
            if let Some(yv) = y[u.index()] {
                by.add_mul(1.0, yv);
            }
        }
        by.add_mul(-1.0, zv);
        problem.add_constraint(by.geq(0.0));
    }
    reached.add_mul(1.0, se);
    problem.add_constraint(reached.geq(f64::from(s.targets.enterprises_min)));

    let mut model = problem.into_inner();
    model.make_quiet();
    model.set_option("time_limit", options.time_limit_s.max(0.1));
    model.set_option("mip_rel_gap", options.mip_gap);
    if options.solver_log {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model.set_option(
        "random_seed",
        i32::try_from(options.seed % 2_147_483_647).unwrap_or(0),
    );
    if options.threads > 0 {
        model.set_option("threads", i32::try_from(options.threads).unwrap_or(1));
    }
    if integer && start.is_some() {
        model.set_solution(Some(&initial), None, None, None);
    }
    timings.model_build = t.elapsed();

    let t = Instant::now();
    let solved = model.try_solve().ok()?;
    if integer {
        timings.mip = t.elapsed();
    } else {
        timings.lp = t.elapsed();
    }
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let dual_bound = if integer {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b + constant)
    } else {
        None
    };
    let objective = solved.objective_value() + constant;
    let (plan, hired_list, shortfall) = if has_solution {
        let values = solved.get_solution();
        let columns = values.columns();
        let plan: EdgeSet = (0..inst.edges.len())
            .filter(|&i| columns[i] > 0.5)
            .collect();
        let hired_list = hired_cols
            .iter()
            .filter_map(|&(o, col)| (columns[col] > 0.5).then_some(o))
            .collect();
        let shortfall = shortfall_cols.iter().map(|&c| columns[c]).sum();
        (plan, hired_list, shortfall)
    } else {
        (Vec::new(), Vec::new(), f64::INFINITY)
    };
    Some(Raw {
        plan,
        status,
        has_solution,
        objective,
        dual_bound,
        hired: hired_list,
        shortfall,
    })
}
