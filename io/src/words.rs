//! The plain-language words every file made for people shares (`plan.xlsx`, `report.html`,
//! the calendars), in Chinese and English, so that the same thing reads the same everywhere:
//! the plan's title, period labels, kinds of target, every diagnosis reason code of
//! `summary.json` (why a unit cannot be served, why a visit could not be made), and the plan's
//! quality (also on the terminal).
//!
//! The codes themselves stay in the CSV and JSON files, which are a contract and stay in
//! English.
use tepai_solver::summary::{AssignmentSummary, BoundScope, Status};

use crate::Lang;

/// The scenario's name with its year, the year added only when the name does not already
/// hold it: `Nanping` and 2024 give `Nanping 2024`; `沙县将乐 2025` stays as it is.
pub fn name_with_year(name: &str, year: i32) -> String {
    if holds_year(name, year) {
        name.to_owned()
    } else {
        format!("{name} {year}")
    }
}

/// Whether `name` holds `year` as a number of its own (not inside a longer number).
fn holds_year(name: &str, year: i32) -> bool {
    let y = year.to_string();
    name.match_indices(&y).any(|(i, _)| {
        let before = name[..i].chars().next_back();
        let after = name[i + y.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// The plan's title: `沙县将乐 2025 年度法律特派员派驻方案`, `Nanping 2024 — legal envoy
/// dispatch plan`; the year is written once, whether or not the scenario's name holds it.
pub fn plan_title(name: &str, year: i32, lang: Lang) -> String {
    let named = name_with_year(name, year);
    match lang {
        Lang::Zh if named.ends_with(&year.to_string()) => {
            format!("{named} 年度法律特派员派驻方案")
        }
        Lang::Zh => format!("{named} 法律特派员派驻方案"),
        Lang::En => format!("{named} — legal envoy dispatch plan"),
    }
}

/// A planning period's label as people read it: `2025-Q1` is 2025年第一季度 and `2025-03`
/// 2025年3月 in Chinese; English keeps the label (as the CSV and JSON files write it).
pub fn period_label(label: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return label.to_owned();
    }
    let Some((year, part)) = label.split_once('-') else {
        return label.to_owned();
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return label.to_owned();
    }
    const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
    if let Some(q) = part.strip_prefix('Q') {
        return match q.parse::<usize>() {
            Ok(n @ 1..=4) if q.len() == 1 => format!("{year}年第{}季度", QUARTERS[n - 1]),
            _ => label.to_owned(),
        };
    }
    match part.parse::<u32>() {
        Ok(m @ 1..=12) if part.len() == 2 => format!("{year}年{m}月"),
        _ => label.to_owned(),
    }
}

/// A target kind (`platform`, `chamber`, `enterprise`, as the CSV files write it) as a word.
pub fn target_kind(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "platform" => lang.pick("工业平台", "platform"),
        "chamber" => lang.pick("商会", "chamber of commerce"),
        _ => lang.pick("企业", "enterprise"),
    }
}

/// A target of `summary.json`'s shortfalls (`platforms`, `chambers`, `enterprises`) as a
/// heading word.
pub fn target_name(target: &str, lang: Lang) -> &str {
    match target {
        "platforms" => lang.pick("工业平台", "Platforms"),
        "chambers" => lang.pick("商会", "Chambers of commerce"),
        "enterprises" => lang.pick("企业", "Enterprises"),
        other => other,
    }
}

/// Why no plan can serve a unit (`diagnosis.unreachable_units[].reason` of `summary.json`),
/// the code after the words: `可派人员时间不足（capacity）`. An unknown code is written as
/// it is.
pub fn unit_reason(code: &str, lang: Lang) -> String {
    let words = match code {
        "travel" => lang.pick(
            "单程路途超出上限",
            "no court within the one-way travel limit",
        ),
        "too_few_members" => lang.pick(
            "成员企业少于一次走访所需",
            "fewer members than one visit covers",
        ),
        "conflict" => lang.pick(
            "可派人员均存在利益冲突",
            "every officer within reach has a conflict of interest",
        ),
        "too_few_eligible_members" => lang.pick(
            "无冲突的成员企业少于一次走访所需",
            "too few members free of conflicts for one visit",
        ),
        "day_trip" => lang.pick("一日内无法往返", "no visit fits in one day"),
        "capacity" => lang.pick(
            "可派人员时间不足",
            "no officer within reach has the capacity",
        ),
        "team_size" => lang.pick(
            "可派人员少于团队人数",
            "fewer officers within reach than the team size",
        ),
        other => return other.to_owned(),
    };
    with_code(words, code, lang)
}

/// Why the schedule could not make a visit (`schedule.shortfalls[].rule` of
/// `summary.json`), the code after the words. An unknown code is written as it is.
pub fn visit_rule(code: &str, lang: Lang) -> String {
    let words = match code {
        "not_enough_days" => {
            lang.pick("可用工作日少于所需出行次数", "fewer usable days than trips")
        }
        "spacing" => lang.pick(
            "无法满足两次走访的间隔天数",
            "no day keeps the spacing between visits",
        ),
        "day_too_short" => lang.pick("一日内无法完成行程", "the trip does not fit in one day"),
        "no_eligible_members" => lang.pick(
            "当日无可走访的企业",
            "no enterprise can be visited that day",
        ),
        "too_few_eligible_members" => {
            lang.pick("无冲突的成员企业不足", "too few members free of conflicts")
        }
        other => return other.to_owned(),
    };
    with_code(words, code, lang)
}

fn with_code(words: &str, code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{words}（{code}）"),
        Lang::En => format!("{words} ({code})"),
    }
}

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
    use tepai_solver::assign::diagnosis::Unreachable;
    use tepai_solver::schedule::ShortfallRule;

    use super::*;

    #[test]
    fn the_year_is_written_once() {
        assert_eq!(name_with_year("Nanping", 2024), "Nanping 2024");
        assert_eq!(name_with_year("Nanping 2024", 2024), "Nanping 2024");
        assert_eq!(name_with_year("沙县将乐 2025", 2025), "沙县将乐 2025");
        assert_eq!(name_with_year("2025年沙县", 2025), "2025年沙县");
        assert_eq!(name_with_year("区 20250", 2025), "区 20250 2025");
        assert_eq!(
            plan_title("沙县将乐 2025", 2025, Lang::Zh),
            "沙县将乐 2025 年度法律特派员派驻方案"
        );
        assert_eq!(
            plan_title("沙县将乐", 2025, Lang::Zh),
            "沙县将乐 2025 年度法律特派员派驻方案"
        );
        assert_eq!(
            plan_title("2025年沙县将乐", 2025, Lang::Zh),
            "2025年沙县将乐 法律特派员派驻方案"
        );
        assert_eq!(
            plan_title("Nanping 2024", 2024, Lang::En),
            "Nanping 2024 — legal envoy dispatch plan"
        );
        for (name, year) in [("沙县将乐 2025", 2025), ("Nanping", 2024)] {
            for lang in [Lang::Zh, Lang::En] {
                let title = plan_title(name, year, lang);
                assert_eq!(title.matches(&year.to_string()).count(), 1, "{title}");
            }
        }
    }

    #[test]
    fn periods_read_as_words_in_chinese_and_as_labels_in_english() {
        assert_eq!(period_label("2025-Q1", Lang::Zh), "2025年第一季度");
        assert_eq!(period_label("2025-Q4", Lang::Zh), "2025年第四季度");
        assert_eq!(period_label("2025-01", Lang::Zh), "2025年1月");
        assert_eq!(period_label("2025-12", Lang::Zh), "2025年12月");
        assert_eq!(period_label("2025-Q1", Lang::En), "2025-Q1");
        for odd in ["2025-Q5", "2025-13", "x-Q1", "2025", "2025-1"] {
            assert_eq!(period_label(odd, Lang::Zh), odd);
        }
    }

    #[test]
    fn every_reason_code_has_words_in_both_languages() {
        let units = [
            Unreachable::Travel,
            Unreachable::TooFewMembers,
            Unreachable::Conflict,
            Unreachable::TooFewEligibleMembers,
            Unreachable::DayTrip,
            Unreachable::Capacity,
            Unreachable::TeamTooLarge,
        ];
        let rules = [
            ShortfallRule::NotEnoughDays,
            ShortfallRule::Spacing,
            ShortfallRule::DayTooShort,
            ShortfallRule::NoEligibleMembers,
            ShortfallRule::TooFewEligibleMembers,
        ];
        let words = units
            .iter()
            .map(|u| {
                (
                    u.as_str(),
                    unit_reason(u.as_str(), Lang::Zh),
                    unit_reason(u.as_str(), Lang::En),
                )
            })
            .chain(rules.iter().map(|r| {
                (
                    r.as_str(),
                    visit_rule(r.as_str(), Lang::Zh),
                    visit_rule(r.as_str(), Lang::En),
                )
            }));
        for (code, zh, en) in words {
            assert!(
                zh.ends_with(&format!("（{code}）")) && zh.len() > code.len() + 8,
                "{zh}"
            );
            assert!(!zh.is_ascii(), "{zh}");
            assert!(
                en.ends_with(&format!(" ({code})")) && en.len() > code.len() + 8,
                "{en}"
            );
        }
        assert_eq!(
            unit_reason("capacity", Lang::Zh),
            "可派人员时间不足（capacity）"
        );
        assert_eq!(unit_reason("new_code", Lang::Zh), "new_code");
    }

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
