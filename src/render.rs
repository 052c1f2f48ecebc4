//! What the terminal shows of a plan, read from its typed summary and nothing else: by
//! default the planner's words (targets met or short, officers, visits, travel, how good the
//! plan is proven to be), in Chinese or English; with `--verbose` also the solver's figures
//! (objective parts, bound, stage times) and every shortfall; and findings about a scenario
//! with their codes.
use std::fmt::Write as _;

use tepai_io::words::{period_label, quality};
use tepai_io::Lang;
use tepai_model::{Diagnostic, Severity};
use tepai_solver::assign::BoundScope;
use tepai_solver::summary::{AssignmentSummary, EnterprisesCountWritten, ScheduleSummary, Summary};

use crate::codes_zh;

/// Shortfalls listed on the terminal; the rest are in `summary.json`.
const SHORTFALLS_SHOWN: usize = 20;

/// The whole summary in `lang`: plain words, then with `verbose` the solver's own figures.
pub fn summary(s: &Summary, lang: Lang, verbose: bool) -> String {
    let mut out = plain(s, lang);
    if verbose {
        if let Some(a) = &s.assignment {
            out.push_str(&assignment(s, a));
        }
        if let Some(sch) = &s.schedule {
            out.push_str(&schedule(s.scenario.year, sch));
        }
    }
    out
}

/// What a planner needs to know: targets, officers, visits, travel, and the plan's quality.
fn plain(s: &Summary, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = String::new();
    let a = s.assignment.as_ref();
    let short: Vec<&str> = a.map_or_else(Vec::new, |a| {
        [
            (l("工业平台", "platforms"), a.targets.platforms),
            (l("商会", "chambers"), a.targets.chambers),
            (l("企业", "enterprises"), a.targets.enterprises),
        ]
        .iter()
        .filter(|(_, t)| t.achieved < t.required)
        .map(|&(what, _)| what)
        .collect()
    });
    let rules_met = s.schedule.as_ref().map_or(true, |sch| sch.rules_met);
    let verdict = match (a.is_some(), short.is_empty(), rules_met) {
        (true, true, true) => l("全部目标达成", "every target met").to_owned(),
        (false, _, true) => l("全部走访已排定", "every visit dated").to_owned(),
        (_, true, false) => l(
            "目标达成，但部分走访无法排定",
            "targets met, but some visits cannot be dated",
        )
        .to_owned(),
        (_, false, _) => match lang {
            Lang::Zh => format!("{}未达标", short.join("、")),
            Lang::En => format!("{} short", short.join(", ")),
        },
    };
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "{}（{} 年）：{verdict}",
            s.scenario.name, s.scenario.year
        ),
        Lang::En => writeln!(out, "{} ({}): {verdict}", s.scenario.name, s.scenario.year),
    };
    if let Some(a) = a {
        for (what, t) in [
            (l("工业平台", "platforms"), a.targets.platforms),
            (l("商会", "chambers"), a.targets.chambers),
            (
                if a.targets.enterprises_count == EnterprisesCountWritten::Visited {
                    l("企业（走访）", "enterprises (visited)")
                } else {
                    l("企业", "enterprises")
                },
                a.targets.enterprises,
            ),
        ] {
            let mark = if t.achieved >= t.required {
                l("达标", "met").to_owned()
            } else {
                match lang {
                    Lang::Zh => format!("差 {}", t.required - t.achieved),
                    Lang::En => format!("SHORT by {}", t.required - t.achieved),
                }
            };
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "  {what}：服务 {}，要求 {}  {mark}",
                    t.achieved, t.required
                ),
                Lang::En => writeln!(
                    out,
                    "  {what:<12} {:>6} of {:>6} required  {mark}",
                    t.achieved, t.required
                ),
            };
        }
        let k = &a.kpis;
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "  特派员：{} 人中 {} 人承担任务；直接服务企业 {} 家",
                k.officers, k.officers_used, k.enterprises_served_directly
            ),
            Lang::En => writeln!(
                out,
                "  officers: {} of {} serve; {} enterprises served directly",
                k.officers_used, k.officers, k.enterprises_served_directly
            ),
        };
        let c = &a.continuity;
        if c.previous > 0 {
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "  连续性：上年 {} 组派驻中保留 {} 组",
                    c.previous, c.kept
                ),
                Lang::En => writeln!(
                    out,
                    "  continuity: {} of last year's {} assignments kept",
                    c.kept, c.previous
                ),
            };
        }
    }
    if let Some(sch) = &s.schedule {
        let periods: Vec<String> = sch
            .visits_per_period
            .iter()
            .map(|(p, n)| format!("{} {n}", period_label(p, lang)))
            .collect();
        let rules = if sch.rules_met {
            l("全部走访规则满足", "every visit rule met").to_owned()
        } else {
            match lang {
                Lang::Zh => format!("{} 处走访无法排定（见 summary.json）", sch.shortfalls.len()),
                Lang::En => format!(
                    "{} visit shortfalls (see summary.json)",
                    sch.shortfalls.len()
                ),
            }
        };
        let _ = match lang {
            Lang::Zh => writeln!(
                out,
                "  走访：全年 {} 趟（{}）；{rules}",
                sch.trips,
                periods.join("、")
            ),
            Lang::En => writeln!(
                out,
                "  visits: {} trips in the year ({}); {rules}",
                sch.trips,
                periods.join(", ")
            ),
        };
        let (visited, most) = (sch.enterprises_visited, sch.enterprises_visited_max);
        let counts = a.map(|a| a.targets.enterprises_count);
        let _ = match (lang, a.map(|a| a.kpis.enterprises_reached)) {
            (Lang::Zh, Some(reached)) => writeln!(
                out,
                "  企业覆盖与走访：覆盖 {reached} 家（经所服务的平台商会或直接服务），全年走访 {visited} 家（按走访规则最多 {most} 家）；企业目标按{}计",
                if counts == Some(EnterprisesCountWritten::Visited) { "走访" } else { "覆盖" }
            ),
            (Lang::Zh, None) => writeln!(
                out,
                "  企业走访：全年走访 {visited} 家（按走访规则最多 {most} 家）"
            ),
            (Lang::En, Some(reached)) => writeln!(
                out,
                "  enterprises: {reached} reached (through a served unit or directly), {visited} visited in the year (at most {most} by the visit rules); the target counts {}",
                if counts == Some(EnterprisesCountWritten::Visited) { "visited" } else { "reached" }
            ),
            (Lang::En, None) => writeln!(
                out,
                "  enterprises: {visited} visited in the year (at most {most} by the visit rules)"
            ),
        };
        if let Some(t) = sch.travel_hours_per_officer {
            let _ = match lang {
                Lang::Zh => writeln!(
                    out,
                    "  路程：每人全年在途 {:.0} 小时（中位数；最少 {:.0}，最多 {:.0}）",
                    t.median, t.min, t.max
                ),
                Lang::En => writeln!(
                    out,
                    "  travel: {:.0} h per officer in the year (median; min {:.0}, max {:.0})",
                    t.median, t.min, t.max
                ),
            };
        }
    }
    if let Some(a) = a {
        let _ = writeln!(out, "  {}{}", l("质量：", "quality: "), quality(a, lang));
        if let Some(d) = &a.diagnosis {
            if let Some(add) = &d.additional_officers {
                let total: u32 = add.values().sum();
                let list: Vec<String> = add.iter().map(|(c, n)| format!("{c} +{n}")).collect();
                let proven = if d.additional_officers_proven_minimal {
                    l("已证明为最少", "proven fewest")
                } else {
                    l("时限内找到的最好结果", "best found within the time limit")
                };
                let _ = match lang {
                    Lang::Zh => writeln!(
                        out,
                        "  缺口：再增加 {total} 名特派员可达成全部目标（{proven}：{}）",
                        list.join("、")
                    ),
                    Lang::En => writeln!(
                        out,
                        "  to close every gap: {total} more officers ({proven}: {})",
                        list.join(", ")
                    ),
                };
            }
        }
        if let Some(e) = &a.solver_error {
            let _ = match lang {
                Lang::Zh => writeln!(out, "  注意：优化求解器出错，方案为快速算法所得：{e}"),
                Lang::En => writeln!(
                    out,
                    "  note: the MIP solver failed, so the plan is the heuristic's: {e}"
                ),
            };
        }
    }
    out
}

/// One finding about a scenario, in `lang` (the code is the same in both).
pub fn diagnostic(d: &Diagnostic, lang: Lang) -> String {
    if lang == Lang::En {
        return d.to_string();
    }
    let (title, fix) = codes_zh::title_and_fix(d.code);
    let kind = match d.severity() {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let mut out = format!("{kind}[{}]", d.code);
    if let Some(file) = &d.file {
        let _ = write!(out, " {}", file.display());
        if let Some(cell) = &d.cell {
            let _ = write!(out, " {cell}");
        } else if let Some(line) = d.line {
            let _ = write!(out, " 第 {line} 行");
        }
    }
    match (&d.field, &d.value) {
        (Some(field), Some(value)) => {
            let _ = write!(out, "（{field} = {value:?}）");
        }
        (Some(field), None) => {
            let _ = write!(out, "（{field}）");
        }
        (None, Some(value)) => {
            let _ = write!(out, "（{value:?}）");
        }
        (None, None) => {}
    }
    // The finding's own action (an id meant, a range, a file), or the code's general fix
    // when the finding has none.
    let action = if d.fix(true).is_empty() {
        fix
    } else {
        d.fix(true)
    };
    let _ = write!(
        out,
        "：{title}\n    详情：{}\n    处理：{action}",
        d.detail(true)
    );
    out
}

/// An error that ended a run, in Chinese: tepai's own words (a plan file's or the output
/// folder's problem, what was being done) in Chinese, the system's kept as its own.
pub fn error_zh(e: &anyhow::Error) -> String {
    let causes: Vec<&(dyn std::error::Error + 'static)> = e.chain().collect();
    let last = causes.len().saturating_sub(1);
    causes
        .iter()
        .enumerate()
        .map(|(i, cause)| match cause.downcast_ref::<tepai_io::Error>() {
            Some(io) => io.show(true),
            None if i == last && cause.downcast_ref::<std::io::Error>().is_some() => {
                format!("系统信息：{cause}")
            }
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join("：")
}

/// The assignment part of `--verbose`.
fn assignment(s: &Summary, a: &AssignmentSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): assignment {}",
        s.scenario.name,
        s.scenario.year,
        a.status.as_str()
    );
    for (what, t) in [
        ("platforms", a.targets.platforms),
        ("chambers", a.targets.chambers),
        ("enterprises", a.targets.enterprises),
    ] {
        let mark = if t.achieved >= t.required {
            "ok"
        } else {
            "SHORT"
        };
        let _ = writeln!(
            out,
            "  {what:<12} {:>6} of {:>6} required  {mark}",
            t.achieved, t.required
        );
    }
    let k = &a.kpis;
    let _ = writeln!(
        out,
        "  officers used {} of {}; {} enterprises served directly",
        k.officers_used, k.officers, k.enterprises_served_directly
    );
    let bound = a.bound.map_or("none".to_owned(), |b| match a.bound_scope {
        BoundScope::AllPlans => format!("{b:.2}"),
        BoundScope::CandidatePairs => {
            format!(
                "{b:.2} (over the {} candidate pairs only)",
                k.candidate_pairs
            )
        }
    });
    let gap = a
        .gap
        .map_or("unknown".to_owned(), |g| format!("{:.3}%", g * 100.0));
    let _ = writeln!(
        out,
        "  objective {:.2} (heuristic {:.2}), bound {bound}, gap {gap}",
        a.objective.total, a.heuristic_objective
    );
    let t = &a.timings_s;
    let _ = writeln!(
        out,
        "  time: graph {:.2}s, heuristic {:.2}s, model {:.2}s, LP {:.2}s, MIP {:.2}s ({} candidate pairs of {} within reach)",
        t.graph, t.heuristic, t.model_build, t.lp, t.mip, k.candidate_pairs, k.pairs_within_reach
    );
    if let Some(e) = &a.solver_error {
        let _ = writeln!(
            out,
            "  the MIP solver failed, so the plan is the heuristic's: {e}"
        );
    }
    let Some(d) = &a.diagnosis else {
        return out;
    };
    let _ = writeln!(
        out,
        "  time: diagnosis {:.2}s (search for the fewest additional officers included)",
        t.diagnosis
    );
    let _ = writeln!(out, "diagnosis: targets cannot all be reached");
    for sh in &d.shortfalls {
        let _ = writeln!(
            out,
            "  {} short by {} ({} of {})",
            sh.target, sh.short_by, sh.achieved, sh.required
        );
    }
    for u in d.unreachable_units.iter().take(10) {
        let _ = writeln!(
            out,
            "  unit {} has no possible officer: {}",
            u.unit, u.reason
        );
    }
    if d.unreachable_enterprises > 0 {
        let _ = writeln!(
            out,
            "  {} enterprises are beyond every officer's travel limit, directly and through their units",
            d.unreachable_enterprises
        );
    }
    for c in d
        .courts
        .iter()
        .filter(|c| c.unserved_units_nearby > 0 && c.used == c.officers)
    {
        let _ = writeln!(
            out,
            "  court {}: all {} officers busy, {} units nearby unserved",
            c.court, c.officers, c.unserved_units_nearby
        );
    }
    match &d.additional_officers {
        Some(add) => {
            let total: u32 = add.values().sum();
            let list: Vec<String> = add.iter().map(|(c, n)| format!("{c} +{n}")).collect();
            let proven = if d.additional_officers_proven_minimal {
                "proven fewest in total; between courts, ties go to the court listed first \
                 in courts.csv"
            } else {
                "best found within the time limit, not proven minimal"
            };
            let _ = writeln!(
                out,
                "  additional officers that close every gap ({proven}): {total} = {}",
                list.join(", ")
            );
        }
        None if d.additional_officers_error.is_some() => {
            let _ = writeln!(
                out,
                "  the search for additional officers failed: {}",
                d.additional_officers_error.as_deref().unwrap_or_default()
            );
        }
        None => {
            let _ = writeln!(out, "  no number of additional officers found that closes every gap (see unreachable targets)");
        }
    }
    out
}

/// The schedule part of `--verbose`.
fn schedule(year: i32, sch: &ScheduleSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "schedule: {} trips ({} rows) in {year}",
        sch.trips, sch.rows
    );
    let list: Vec<String> = sch
        .visits_per_period
        .iter()
        .map(|(p, n)| format!("{p} {n}"))
        .collect();
    let _ = writeln!(out, "  trips per period: {}", list.join(", "));
    #[allow(clippy::cast_precision_loss)]
    let saved_h = sch.travel_saved_minutes_vs_one_trip_per_enterprise as f64 / 60.0;
    let _ = writeln!(
        out,
        "  enterprises visited at least once: {}; travel saved by shared trips: {saved_h:.0} h",
        sch.enterprises_visited
    );
    let show = |m: Option<f64>| m.map_or("-".to_owned(), |x| format!("{x:.1}"));
    let (t, d) = (
        sch.travel_hours_per_officer,
        sch.days_used_per_officer_and_period,
    );
    let _ = writeln!(
        out,
        "  travel hours per officer: min {} / median {} / max {}; days used per officer and period: min {} / median {} / max {}",
        show(t.map(|t| t.min)),
        show(t.map(|t| t.median)),
        show(t.map(|t| t.max)),
        show(d.map(|d| d.min)),
        show(d.map(|d| d.median)),
        show(d.map(|d| d.max)),
    );
    if sch.shortfalls.is_empty() {
        let _ = writeln!(out, "  every visit rule met");
        return out;
    }
    let _ = writeln!(
        out,
        "  {} shortfalls — visits (or member stops) the schedule could not make:",
        sch.shortfalls.len()
    );
    for f in sch.shortfalls.iter().take(SHORTFALLS_SHOWN) {
        let target = f.target_id.as_deref().unwrap_or("all targets");
        let what = if f.visits_short > 0 {
            format!(
                "{} visit(s) short, {} usable days for {} trips",
                f.visits_short, f.free_days, f.days_needed
            )
        } else {
            format!("{} member stop(s) short over its visits", f.stops_short)
        };
        let _ = writeln!(
            out,
            "    {} {} {target}: {what} — {}: {}",
            f.officer_id, f.period, f.rule, f.explanation
        );
    }
    if sch.shortfalls.len() > SHORTFALLS_SHOWN {
        let _ = writeln!(
            out,
            "    … {} more in summary.json",
            sch.shortfalls.len() - SHORTFALLS_SHOWN
        );
    }
    out
}

/// `lines` (the header first) as aligned columns: the first `left` columns aligned left, the
/// others right, two spaces between; a Chinese character takes two columns of the terminal.
pub fn grid(lines: &[Vec<String>], left: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let columns = lines.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            lines
                .iter()
                .filter_map(|l| l.get(c))
                .map(|cell| cell.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for l in lines {
        let mut line = String::new();
        for (c, cell) in l.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c < left {
                let _ = write!(line, "{cell}{pad}  ");
            } else {
                let _ = write!(line, "{pad}{cell}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chinese_cell_takes_two_columns() {
        let lines = vec![
            vec!["场景".to_owned(), "1".to_owned()],
            vec!["ok".to_owned(), "22".to_owned()],
        ];
        assert_eq!(super::grid(&lines, 1), "场景   1\nok    22\n");
    }
}
