//! How a HiGHS solve can fail, typed, so that a failure is reported with the plan (see
//! [`AssignResult::solver_error`](super::AssignResult::solver_error)) rather than swallowed.
use highs::{HighsModelStatus, HighsStatus};

/// Which of the assignment's models HiGHS was working on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The LP relaxation of column generation.
    Relaxation,
    /// The assignment's mixed-integer model.
    Mip,
    /// The diagnosis's model with optional officers (the fewest additional officers).
    Hiring,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Problem::Relaxation => "the LP relaxation",
            Problem::Mip => "the assignment MIP",
            Problem::Hiring => "the additional-officers MIP",
        })
    }
}

/// Why HiGHS could not be used. Written to `summary.json` as its text (`solver_error`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SolveError {
    /// HiGHS refused the model as built (columns, rows, bounds).
    #[error("the HiGHS solver refused {problem}: {status:?}")]
    Model {
        /// The model.
        problem: Problem,
        /// HiGHS's call status.
        status: HighsStatus,
    },
    /// HiGHS refused an option's value.
    #[error("the HiGHS solver refused option {option} = {value} for {problem}")]
    Option {
        /// The model.
        problem: Problem,
        /// HiGHS's name of the option.
        option: &'static str,
        /// The value refused, as text.
        value: String,
    },
    /// The solve call itself failed.
    #[error("the HiGHS solver failed on {problem}: {status:?}")]
    Run {
        /// The model.
        problem: Problem,
        /// HiGHS's call status.
        status: HighsStatus,
    },
    /// The solve ended in a state the model cannot honestly reach: every model of the
    /// assignment is feasible (its shortfall columns take up any target missed) and bounded,
    /// so an infeasible, unbounded or error status is HiGHS's failure, not an answer.
    #[error("the HiGHS solver ended {problem} with status {status:?}")]
    Status {
        /// The model.
        problem: Problem,
        /// HiGHS's model status.
        status: HighsModelStatus,
    },
    /// A value HiGHS reports after a solve could not be read.
    #[error("the HiGHS solver could not report {info} for {problem}: {status:?}")]
    Info {
        /// The model.
        problem: Problem,
        /// HiGHS's name of the value.
        info: &'static str,
        /// HiGHS's call status.
        status: HighsStatus,
    },
}

impl serde::Serialize for SolveError {
    /// As its text, the form `summary.json` has always had.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Whether a solve of `problem` ended in an answer: optimal, or stopped by a limit (time,
/// iterations, nodes, an objective bound) with whatever it found so far. Any other status is
/// a [`SolveError::Status`].
pub(crate) fn check_status(problem: Problem, status: HighsModelStatus) -> Result<(), SolveError> {
    match status {
        HighsModelStatus::Optimal
        | HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => Ok(()),
        // Load, model, presolve, solve and postsolve errors, an empty, infeasible or unbounded
        // model, an unknown status or the memory limit.
        _ => Err(SolveError::Status { problem, status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_and_limits_pass_the_status_check() {
        assert!(check_status(Problem::Mip, HighsModelStatus::Optimal).is_ok());
        assert!(check_status(Problem::Mip, HighsModelStatus::ReachedSolutionLimit).is_ok());
        assert!(check_status(Problem::Relaxation, HighsModelStatus::ReachedTimeLimit).is_ok());
        let e = check_status(Problem::Mip, HighsModelStatus::Infeasible).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the HiGHS solver ended the assignment MIP with status Infeasible"
        );
        assert_eq!(
            serde_json::to_value(Some(&e)).unwrap(),
            serde_json::Value::String(e.to_string())
        );
    }

    /// A gap HiGHS refuses (its `mip_rel_gap` is at least 0) reaches HiGHS through the real
    /// flow: the relaxation's model is refused its options, the failure is the result's
    /// `solver_error`, and the plan is the heuristic's, with that status.
    #[test]
    fn a_failing_highs_is_the_results_solver_error() {
        let s = crate::testdata::base();
        let mut options = crate::assign::AssignOptions::from_scenario(&s);
        options.mip_gap = -1.0;
        let r = crate::assign::assign(&s, &options);
        assert_eq!(
            r.solver_error,
            Some(SolveError::Option {
                problem: Problem::Relaxation,
                option: "mip_rel_gap",
                value: "-1".to_owned(),
            })
        );
        assert_eq!(r.status, crate::assign::Status::Heuristic);
        assert!(r.bound.is_none());
        assert_eq!(r.objective.total(), r.heuristic_objective);
    }
}
