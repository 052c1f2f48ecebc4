//! `tepai status SCENARIO --plan DIR --ledger FILE --as-of DATE`: where the year stands —
//! every duty of the plan against the visit ledger (`tepai_solver::status`).
//!
//! Writes `status.csv`, `status_courts.csv` and `followups_overdue.csv` into `--out`
//! (default: `status/` inside the plan's folder) and prints the totals per court and
//! overall. Exit codes: 0 when no duty is missed yet; 3 when any duty can no longer be met;
//! 2 when the scenario, the plan's `assignment.csv`, the ledger or the output folder cannot
//! be used.
use anyhow::Context;
use tepai_io::out_dir::OutDir;
use tepai_io::{read, Lang};
use tepai_solver::status::{status, State, Totals};

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
    let st = status(&s, &assignment, &ledger, as_of);
    let out = args.out.clone().unwrap_or_else(|| args.plan.join("status"));
    inputs.push(assignment_file);
    inputs.push(args.ledger.clone());
    let dir = OutDir::new(&out, &inputs)?;
    dir.write(|path| {
        tepai_io::status::write_all(path, &s, &st, &ledger, files).map_err(anyhow::Error::from)
    })?;
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
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
