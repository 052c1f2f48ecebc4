//! `tepai check SCENARIO --plan DIR`: re-verify everything a written plan claims with the
//! independent checker (`tepai_solver::check`), which shares no code with the solver.
//!
//! Every file is read back and every field re-derived: `assignment.csv` (rules and every
//! cell), `schedule.csv` (rules and every cell), `coverage.csv` (every row and cell),
//! `calendars/*.ics` (one event per schedule row, nothing else) and `summary.json` (every key
//! and figure), with the officers' previous targets of `previous.csv` when the plan was made
//! with `tepai plan --previous` (else the scenario's). Exit codes: 0 when everything holds and
//! every target is reached; 3 when a rule is broken, a figure is false, or a target is short;
//! 2 when the scenario or a required file of the plan cannot be read (`assignment.csv`,
//! `coverage.csv`, `summary.json`, and for a scheduled plan `schedule.csv` and `calendars/`),
//! or its `previous.csv` cannot be read or names what the scenario does not have.
//!
//! A re-plan (a folder with `replan.json`, written by `tepai replan`) is judged from its day
//! on: the rows before the day must be exactly `past.csv`'s (the visits made), and are not
//! judged by the rules; the duty of the periods from the one holding the day counts them.
use anyhow::Context;
use tepai_io::Lang;
use tepai_model::Text;
use tepai_solver::check::{
    check_assignment, check_assignment_rows, check_calendars, check_coverage, check_past,
    check_schedule_from, check_summary, unreadable, AssignmentRow, Finding, Subject, Violation,
};
use tepai_solver::Assignment;

use crate::cli::CheckArgs;
use crate::outcome::BadInput;
use crate::Outcome;
use tepai_io::read;

fn required(dir: &std::path::Path, name: &str) -> anyhow::Result<std::path::PathBuf> {
    let path = dir.join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(BadInput(match crate::console::lang() {
            Lang::Zh => format!(
                "{}：方案中没有 {name}，而 tepai check 需要它",
                dir.display()
            ),
            Lang::En => format!(
                "{}: the plan has no {name}, which `tepai check` needs",
                dir.display()
            ),
        })
        .into())
    }
}

/// An assignment rule's violation as a finding, placed at the `assignment.csv` line(s) of the
/// pairs it concerns.
fn placed(v: &Violation, a: &Assignment, rows: &[AssignmentRow]) -> Finding {
    let lines: Vec<String> = a
        .pairs
        .iter()
        .zip(rows)
        .enumerate()
        .filter(|(i, ((o, t), _))| match v.subject() {
            Subject::Pair(so, st) => so == *o && st == *t,
            Subject::Officer(so) => so == *o,
            Subject::Target(st) => st == *t,
            Subject::Position(p) => p == *i,
        })
        .map(|(_, (_, r))| r.line.to_string())
        .collect();
    Finding::in_file("assignment.csv", v.rule(), Text::new(v.to_string(), v.zh())).at_lines(&lines)
}

/// Reads the plan's files back and checks every rule and every figure.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let Some(mut s) = super::load_or_report(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let dir = &args.plan;
    let context = || match crate::console::lang() {
        Lang::Zh => format!("读取 {} 中的方案时出错", dir.display()),
        Lang::En => format!("reading the plan in {}", dir.display()),
    };
    // A plan made with `--previous` recorded the previous targets it used.
    super::previous::recorded(&mut s, dir).with_context(context)?;
    let s = s;
    let (assignment, assignment_rows) =
        read::assignment_rows(&s, &required(dir, "assignment.csv")?).with_context(context)?;
    let coverage = read::coverage_rows(&required(dir, "coverage.csv")?).with_context(context)?;
    let summary = read::summary(&required(dir, "summary.json")?).with_context(context)?;
    // A re-plan: the rows before its day are the past recorded in past.csv.
    let from = tepai_io::replan::read_from(dir).with_context(context)?;
    let past = match from {
        Some(_) => Some(read::schedule_rows(&required(dir, "past.csv")?).with_context(context)?),
        None => None,
    };
    // A schedule part, readable or not, means the plan has a schedule.
    let scheduled = dir.join("schedule.csv").exists()
        || match &summary {
            Ok(summary) => summary.schedule.is_some(),
            Err(e) => e.key == "schedule" || e.key.starts_with("schedule."),
        };
    let (rows, calendars) = if scheduled {
        let rows = read::schedule_rows(&required(dir, "schedule.csv")?).with_context(context)?;
        let calendars = read::calendars(&required(dir, "calendars")?).with_context(context)?;
        (Some(rows), Some(calendars))
    } else {
        (None, None)
    };

    let report = check_assignment(&s, &assignment);
    let a = &report.achieved;
    let zh = crate::console::lang() == Lang::Zh;
    let (pairs, objective) = (assignment.pairs.len(), report.objective.total());
    let (p, pr, c, cr, e, er) = (
        a.platforms_served,
        a.platforms_required,
        a.chambers_served,
        a.chambers_required,
        a.enterprises_reached,
        a.enterprises_required,
    );
    if zh {
        outln!("派驻：{pairs} 组；工业平台 {p}/{pr}，商会 {c}/{cr}，企业 {e}/{er}；目标函数值 {objective:.2}");
    } else {
        outln!("assignment: {pairs} pairs; platforms {p}/{pr}, chambers {c}/{cr}, enterprises {e}/{er}; objective {objective:.2}");
    }
    let mut findings: Vec<Finding> = report
        .violations
        .iter()
        .map(|v| placed(v, &assignment, &assignment_rows))
        .collect();
    findings.extend(check_assignment_rows(&s, &assignment_rows));
    if let (Some(from), Some(past)) = (from, &past) {
        if zh {
            outln!(
                "重新编排：自 {from} 起；此前的走访以 past.csv 记录为准（{} 行）",
                past.len()
            );
        } else {
            outln!(
                "re-plan from {from}: the visits before it are past.csv's ({} rows)",
                past.len()
            );
        }
        findings.extend(check_past(rows.as_deref().unwrap_or(&[]), past, from));
    }
    let sched =
        rows.as_ref().map(|rows| {
            let sched = check_schedule_from(&s, &assignment, rows, from);
            let per_period: Vec<String> = sched
                .visits_per_period
                .iter()
                .map(|(p, n)| format!("{p} {n}"))
                .collect();
            if zh {
                outln!(
                    "走访：{} 趟，走访企业 {} 家；各期：{}",
                    sched.visits,
                    sched.enterprises_visited,
                    per_period.join("、")
                );
            } else {
                outln!(
                    "schedule: {} trips, {} enterprises visited; per period: {}",
                    sched.visits,
                    sched.enterprises_visited,
                    per_period.join(", ")
                );
            }
            findings.extend(sched.violations.iter().map(|v| {
                Finding::in_file("schedule.csv", v.rule(), Text::new(v.to_string(), v.zh()))
            }));
            sched
        });
    findings.extend(check_coverage(&s, &assignment, rows.as_deref(), &coverage));
    if let (Some(rows), Some(calendars)) = (&rows, &calendars) {
        findings.extend(check_calendars(&s, rows, calendars));
    }
    match &summary {
        Ok(summary) => findings.extend(check_summary(
            &s,
            &assignment,
            &report,
            rows.as_deref().zip(sched.as_ref()),
            summary,
        )),
        Err(e) => findings.push(unreadable(e)),
    }
    for f in &findings {
        outln!(
            "  {}{}",
            if zh { "违规：" } else { "violation: " },
            f.show(zh)
        );
    }
    let short = a.platforms_served < a.platforms_required
        || a.chambers_served < a.chambers_required
        || a.enterprises_reached < a.enterprises_required;
    let dir = dir.display();
    if findings.is_empty() && short {
        if zh {
            outln!("{dir}：全部规则成立，但目标未全部达成");
        } else {
            outln!("{dir}: every rule holds, but the targets are not all reached");
        }
        Ok(Outcome::TargetsUnreachable)
    } else if findings.is_empty() {
        if zh {
            outln!("{dir}：全部规则成立");
        } else {
            outln!("{dir}: every rule holds");
        }
        Ok(Outcome::Ok)
    } else {
        let n = findings.len();
        if zh {
            outln!("{dir}：{n} 处违规（规则未满足或数字不实）");
        } else {
            outln!("{dir}: {n} violations (rules broken or figures false)");
        }
        Ok(Outcome::TargetsUnreachable)
    }
}
