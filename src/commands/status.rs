//! `tepai status SCENARIO --plan DIR --ledger FILE --as-of DATE`: where the year stands —
//! every duty of the plan against the visit ledger (`tepai_solver::status`).
//!
//! Writes `status.csv`, `status_courts.csv` and `followups_overdue.csv` into `--out`
//! (default: `status/` inside the plan's folder), writes the plan folder's `plan.xlsx` and
//! `report.html` again with the status (`tepai_io::status_pages`) where they are tepai's own
//! (else beside, in `--out`, with W503), and prints the totals per court and overall. Exit codes: 0 when no duty is missed yet; 3 when any duty can no longer be met;
//! 2 when the scenario, the plan's `assignment.csv`, the ledger or the output folder cannot
//! be used.
use anyhow::Context;
use tepai_io::out_dir::OutDir;
use tepai_io::{read, Lang};
use tepai_model::diagnostics::{Code, Diagnostic};
use tepai_model::text;
use tepai_solver::status::{status, Held, State, Totals};

use crate::cli::StatusArgs;
use crate::outcome::BadInput;
use crate::Outcome;

fn line(t: &Totals, zh: bool) -> String {
    let c = |s: State| t.count(s);
    if zh {
        format!(
            "应走访 {} 次，已完成 {} 次，未完成 {} 次，待完成 {} 次；任务 {} 项：已完成 {}、进行中 {}、落后 {}、未完成 {}；走访企业 {} 家，计划外走访 {} 次，逾期未反馈 {} 项",
            t.due, t.made, t.missed, t.to_come, t.duties,
            c(State::Met), c(State::OnTrack), c(State::Behind), c(State::Missed),
            t.enterprises_visited, t.unplanned, t.overdue
        )
    } else {
        format!(
            "visits due {}, made {}, missed {}, to come {}; duties {}: {} met, {} on track, {} behind, {} missed; {} enterprises visited, {} unplanned visits, {} follow-ups overdue",
            t.due, t.made, t.missed, t.to_come, t.duties,
            c(State::Met), c(State::OnTrack), c(State::Behind), c(State::Missed),
            t.enterprises_visited, t.unplanned, t.overdue
        )
    }
}

/// The plan's `plan.xlsx` and `report.html`, where the plan folder has them, written again
/// with the status: (name, content, whether the plan folder's file is tepai's own and may be
/// replaced).
fn plan_files(
    s: &tepai_model::Scenario,
    plan_dir: &std::path::Path,
    st: &tepai_solver::status::Status,
    ledger: &tepai_model::ledger::Ledger,
    lang: Lang,
) -> anyhow::Result<Vec<(&'static str, Vec<u8>, bool)>> {
    let names = ["plan.xlsx", "report.html"];
    if !names.iter().any(|n| plan_dir.join(n).is_file()) {
        return Ok(Vec::new());
    }
    let plan = read::plan(s, plan_dir)
        .with_context(|| format!("reading the plan in {}", plan_dir.display()))?;
    let mut out = Vec::new();
    for name in names {
        if !plan_dir.join(name).is_file() {
            continue;
        }
        // Written again in the language the plan's file is in (else the files' language).
        let path = plan_dir.join(name);
        let bytes = if name == "plan.xlsx" {
            let lang = tepai_io::status_pages::xlsx_language(&path).unwrap_or(lang);
            tepai_io::status_pages::plan_xlsx(s, &plan, st, ledger, lang)?
        } else {
            let lang = tepai_io::status_pages::html_language(&path).unwrap_or(lang);
            tepai_io::status_pages::report_html(s, &plan, st, lang).into_bytes()
        };
        let owned = tepai_io::out_dir::owned(plan_dir, name)?;
        out.push((name, bytes, owned));
    }
    Ok(out)
}

/// What the plan folder's re-plan changed (`replan.json`), so that each duty is judged by
/// who held the pair in its period; nothing for a whole-year plan.
fn held(s: &tepai_model::Scenario, plan: &std::path::Path) -> anyhow::Result<Held> {
    let Some((file, path)) = tepai_io::replan::read_file(plan)? else {
        return Ok(Held::default());
    };
    let from = tepai_io::replan::day_of(&file, &path)?;
    let pair = |text: &str| -> anyhow::Result<(tepai_model::OfficerIdx, tepai_model::Target)> {
        let found = text.split_once('=').and_then(|(o, t)| {
            let o = s.officer_by_id(o)?;
            let t = s
                .unit_by_id(t)
                .map(tepai_model::Target::Unit)
                .or_else(|| s.enterprise_by_id(t).map(tepai_model::Target::Enterprise))?;
            Some((o, t))
        });
        found.ok_or_else(|| {
            tepai_io::Error::plan(
                &path,
                None,
                text!(
                    "`{text}` names an officer or target the scenario does not have",
                    "“{text}”中的特派员或服务对象在本场景中不存在"
                ),
            )
            .into()
        })
    };
    Ok(Held {
        from: Some(from),
        left: file
            .removed
            .iter()
            .map(|(p, _)| pair(p))
            .collect::<anyhow::Result<_>>()?,
        joined: file
            .added
            .iter()
            .map(|p| pair(p))
            .collect::<anyhow::Result<_>>()?,
    })
}

/// Runs `tepai status`.
pub fn run(args: &StatusArgs, files: Lang) -> anyhow::Result<Outcome> {
    let as_of = super::ledger::date_arg("--as-of", &args.as_of)?;
    let Some((s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    let assignment_file = args.plan.join("assignment.csv");
    if !assignment_file.exists() {
        return Err(BadInput(format!(
            "{}: the plan has no assignment.csv, which `tepai status` needs",
            args.plan.display()
        ))
        .into());
    }
    let assignment = read::assignment(&s, &assignment_file)
        .with_context(|| format!("reading the plan in {}", args.plan.display()))?;
    let Some(ledger) = super::ledger::load_or_report(&s, &args.ledger) else {
        return Ok(Outcome::BadInput);
    };
    let held = held(&s, &args.plan)?;
    let st = status(&s, &assignment, &held, &ledger, as_of);
    let out = args.out.clone().unwrap_or_else(|| args.plan.join("status"));
    inputs.push(assignment_file);
    inputs.push(args.ledger.clone());
    let dir = OutDir::new(&out, &inputs)?;
    let pages = plan_files(&s, &args.plan, &st, &ledger, files)?;
    dir.write(|path| {
        tepai_io::status::write_all(path, &s, &st, &ledger, files)?;
        // The plan's files tepai may not replace are written here instead.
        for (name, bytes, owned) in &pages {
            if !owned {
                std::fs::write(path.join(name), bytes)?;
            }
        }
        Ok::<(), anyhow::Error>(())
    })?;
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    let lang = crate::console::lang();
    for (name, bytes, owned) in &pages {
        let replaced = *owned
            && tepai_io::out_dir::replace_owned(&args.plan, name, bytes)?
                == tepai_io::out_dir::Replaced::Yes;
        if !replaced {
            if *owned {
                // Changed since it was found to be tepai's: the copy is not in `out`.
                std::fs::write(out.join(name), bytes)
                    .with_context(|| format!("writing {}", out.join(name).display()))?;
            }
            let d = Diagnostic::new(
                Code::PlanFileNotOwned,
                text!(
                    "{name} was changed after tepai wrote it (or tepai did not write it): it is left as it is, and the {name} with the status is written to {} instead",
                    "{name} 在 tepai 写入后被改动过（或不是 tepai 写入的）：原文件保持不动，含执行情况的 {name} 改写入 {}",
                    out.display()
                ),
                text!(
                    "to have the status in the plan's own {name}, move the edited one away and run tepai status again",
                    "如需把执行情况写入方案文件夹中的 {name}，请先移走改动过的文件，再运行一次 tepai status"
                ),
            )
            .file(&args.plan.join(name));
            errln!("{}", crate::render::diagnostic(&d, lang));
        }
    }
    let zh = crate::console::lang() == Lang::Zh;
    for (c, t) in s.courts.iter().zip(&st.courts) {
        if t.duties > 0 || t.onsite_rows > 0 {
            outln!("{}: {}", c.name, line(t, zh));
        }
    }
    outln!(
        "{}{}",
        if zh { "合计：" } else { "all: " },
        line(&st.overall, zh)
    );
    outln!("{}{}", if zh { "已写入 " } else { "wrote " }, out.display());
    Ok(if st.any_missed() {
        Outcome::TargetsUnreachable
    } else {
        Outcome::Ok
    })
}
