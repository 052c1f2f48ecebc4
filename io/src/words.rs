//! Plain words about a plan, in Chinese or English: one wording for the terminal, `plan.xlsx`
//! and the report page.
use tepai_solver::summary::{AssignmentSummary, BoundScope, Status};

use crate::Lang;

/// The plan's quality in plain words: how close to the best possible plan it is proven to be,
/// and why the search ended.
pub fn quality(a: &AssignmentSummary, lang: Lang) -> String {
    sentence(a.status, a.gap, a.bound_scope, lang)
}

fn sentence(status: Status, gap: Option<f64>, scope: BoundScope, lang: Lang) -> String {
    let gap = gap.map(|g| format!("{:.2}%", 100.0 * g.max(0.0)));
    let scope = match scope {
        BoundScope::AllPlans => "",
        BoundScope::CandidatePairs => {
            lang.pick("（在候选配对范围内）", " (among the candidate pairs)")
        }
    };
    match (status, gap) {
        (Status::Optimal, Some(g)) => match lang {
            Lang::Zh => format!("已证明与最优可能方案相差不超过 {g}{scope}。"),
            Lang::En => format!("Proven within {g} of the best possible plan{scope}."),
        },
        (Status::Feasible | Status::TimeLimit, Some(g)) => match lang {
            Lang::Zh => format!(
                "求解{}结束；已证明与最优可能方案相差不超过 {g}{scope}。",
                if status == Status::TimeLimit {
                    "因时间限制"
                } else {
                    "提前"
                }
            ),
            Lang::En => format!(
                "The search {}; proven within {g} of the best possible plan{scope}.",
                if status == Status::TimeLimit {
                    "reached its time limit"
                } else {
                    "stopped early"
                }
            ),
        },
        (Status::Heuristic, Some(g)) => match lang {
            Lang::Zh => format!("仅用快速算法求得；与下界相差 {g}{scope}。"),
            Lang::En => format!("Found by the fast heuristic only; {g} above the bound{scope}."),
        },
        (_, None) => lang
            .pick(
                "未能证明与最优方案的差距。",
                "No bound was proven for this plan.",
            )
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quality_says_what_is_proven_and_why_the_search_ended() {
        let q = sentence;
        assert_eq!(
            q(
                Status::Optimal,
                Some(0.00209),
                BoundScope::AllPlans,
                Lang::Zh
            ),
            "已证明与最优可能方案相差不超过 0.21%。"
        );
        assert_eq!(
            q(Status::Optimal, Some(0.0), BoundScope::AllPlans, Lang::En),
            "Proven within 0.00% of the best possible plan."
        );
        assert!(
            q(Status::TimeLimit, Some(0.1), BoundScope::AllPlans, Lang::En)
                .starts_with("The search reached its time limit; proven within 10.00%")
        );
        assert!(q(
            Status::Feasible,
            Some(0.1),
            BoundScope::CandidatePairs,
            Lang::Zh
        )
        .ends_with("（在候选配对范围内）。"));
        assert_eq!(
            q(Status::Heuristic, None, BoundScope::AllPlans, Lang::En),
            "No bound was proven for this plan."
        );
    }
}
