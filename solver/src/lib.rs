//! tepai's solver: candidate graph, assignment, schedule, and the independent checker.
#![warn(missing_docs)]

pub mod assign;
pub mod assignment;
pub mod candidates;
pub mod check;
pub mod deadline;
pub mod diff;
pub mod plan;
pub mod progress;
pub mod replan;
pub mod schedule;
pub mod staff;
pub mod stats;
pub mod status;
pub mod summary;
#[cfg(test)]
mod testdata;

pub use assignment::Assignment;
pub use plan::{plan, Plan, PlanError, PlanOptions};

#[cfg(test)]
mod tests {
    use good_lp::{constraint, default_solver, variable, variables, Solution, SolverModel};

    #[test]
    fn highs_solves_a_small_mip() {
        let mut vars = variables!();
        let a = vars.add(variable().integer().min(0).max(10));
        let b = vars.add(variable().integer().min(0).max(10));
        let sol = vars
            .maximise(3 * a + 2 * b)
            .using(default_solver)
            .with(constraint!(2 * a + 2 * b <= 9))
            .with(constraint!(a - b <= 1))
            .solve()
            .unwrap();
        assert_eq!((sol.value(a).round(), sol.value(b).round()), (2.0, 2.0));
    }
}
