//! `tepai validate SCENARIO`: load, summarise, report.
use std::fmt::Write as _;

use tepai_io::Lang;
use tepai_model::summary::Summary;
use tepai_model::Scenario;

use crate::cli::ValidateArgs;
use crate::Outcome;

/// Loads the scenario and prints its summary and every finding.
pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    match tepai_model::load(&args.scenario) {
        Err(diags) => {
            super::report_findings(&args.scenario, &diags);
            Ok(Outcome::BadInput)
        }
        Ok(loaded) => {
            out!("{}", render_summary(&loaded.scenario));
            for w in &loaded.warnings {
                errln!("{}", crate::render::diagnostic(w, crate::console::lang()));
            }
            match crate::console::lang() {
                Lang::Zh => outln!(
                    "{}：有效，{} 个警告",
                    args.scenario.display(),
                    loaded.warning_count
                ),
                Lang::En => outln!(
                    "{}: valid, {} warnings",
                    args.scenario.display(),
                    loaded.warning_count
                ),
            }
            if args.deny_warnings && !loaded.warnings.is_empty() {
                Ok(Outcome::BadInput)
            } else {
                Ok(Outcome::Ok)
            }
        }
    }
}

/// The summary block printed for a valid scenario, in the terminal's language.
pub fn render_summary(s: &Scenario) -> String {
    let lang = crate::console::lang();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let sum = Summary::of(s);
    let mut out = String::new();
    // In Chinese, a vocabulary's value by its Chinese name.
    let word = |k: &str| -> String {
        if lang == Lang::En {
            return k.to_owned();
        }
        let zh = tepai_model::CourtLevel::ALL
            .iter()
            .find(|v| v.as_str() == k)
            .map(|v| v.zh())
            .or_else(|| {
                tepai_model::Rank::ALL
                    .iter()
                    .find(|v| v.as_str() == k)
                    .map(|v| v.zh())
            })
            .or_else(|| {
                tepai_model::Category::ALL
                    .iter()
                    .find(|v| v.as_str() == k)
                    .map(|v| v.zh())
            });
        zh.unwrap_or(k).to_owned()
    };
    let join = |m: &std::collections::BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{v} {}", word(k)))
            .collect::<Vec<_>>()
            .join(l("、", ", "))
    };
    let _ = writeln!(
        out,
        "{} ({}), {} {}",
        s.name,
        s.year,
        l("场景指纹", "scenario hash"),
        &s.content_hash[..12]
    );
    fn row(out: &mut String, label: &str, n: impl std::fmt::Display, detail: String) {
        // Chinese characters take two columns of a terminal.
        let width: usize = label
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum();
        let pad = " ".repeat(12usize.saturating_sub(width));
        let _ = if detail.is_empty() {
            writeln!(out, "  {label}{pad} {n:>7}")
        } else {
            writeln!(out, "  {label}{pad} {n:>7}  ({detail})")
        };
    }
    row(
        &mut out,
        l("法院", "courts"),
        s.courts.len(),
        join(&sum.courts_by_level),
    );
    let days = match lang {
        Lang::Zh => format!("每季度共 {} 人天", sum.officer_days_per_quarter),
        Lang::En => format!("{} officer-days per quarter", sum.officer_days_per_quarter),
    };
    row(
        &mut out,
        l("特派员", "officers"),
        s.officers.len(),
        format!("{}{}{days}", join(&sum.officers_by_rank), l("；", "; ")),
    );
    row(
        &mut out,
        l("工业平台", "platforms"),
        sum.platforms,
        String::new(),
    );
    row(&mut out, l("商会", "chambers"), sum.chambers, String::new());
    let loose = match lang {
        Lang::Zh => format!("{} 家不属于任何平台商会", sum.enterprises_without_unit),
        Lang::En => format!("{} in no unit", sum.enterprises_without_unit),
    };
    row(
        &mut out,
        l("企业", "enterprises"),
        sum.enterprises,
        format!(
            "{loose}{}{}",
            l("；", "; "),
            join(&sum.enterprises_by_category)
        ),
    );
    row(
        &mut out,
        l("利益冲突", "conflicts"),
        sum.conflicts,
        String::new(),
    );
    row(
        &mut out,
        l("不可用", "unavailable"),
        sum.unavailable,
        String::new(),
    );
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "目标：工业平台 {}/{}，商会 {}/{}，企业 {} 家；周期 {}",
            s.required_platforms(),
            sum.platforms,
            s.required_chambers(),
            sum.chambers,
            s.targets.enterprises_min,
            match s.rules.period {
                tepai_model::PeriodKind::Quarter => "季度",
                tepai_model::PeriodKind::Month => "月",
            }
        ),
        Lang::En => writeln!(
            out,
            "targets: {} of {} platforms, {} of {} chambers, {} enterprises; period {}",
            s.required_platforms(),
            sum.platforms,
            s.required_chambers(),
            sum.chambers,
            s.targets.enterprises_min,
            s.rules.period.as_str()
        ),
    };
    let c = &sum.capacity;
    let verdict = if c.passes() {
        l("通过", "ok")
    } else {
        l("不足：目标无法达成", "SHORT: the targets cannot be reached")
    };
    let _ = match lang {
        Lang::Zh => writeln!(
            out,
            "粗略能力检查：{verdict}\n  必需单位需要特派员 {} 人（共 {} 人）；最多可覆盖企业 {} 家（要求 {} 家）",
            c.officers_for_units, c.officers, c.enterprises_reachable_bound, c.enterprises_required
        ),
        Lang::En => writeln!(
            out,
            "rough capacity check: {verdict}\n  officers needed by the required units {} of {}; enterprises reachable at most {} of {} required",
            c.officers_for_units, c.officers, c.enterprises_reachable_bound, c.enterprises_required
        ),
    };
    out
}
