//! `tepai replan SCENARIO --baseline DIR --from DATE --out DIR [--pin OFFICER=TARGET]…`:
//! the rest of the year planned again from a date, the past fixed as it happened, the
//! baseline kept wherever it can (`tepai_solver::replan`). Writes a plan `tepai check`
//! verifies (as a re-plan: see `replan.json`), plus `past.csv`, `changes.csv` and
//! `changes.txt`, and shows who gains or loses what and which visits move.
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use tepai_io::out_dir::OutDir;
use tepai_io::Lang;
use tepai_model::{Scenario, Target};
use tepai_solver::assign::AssignOptions;
use tepai_solver::replan::{past_as_planned, MadeVisit, ReplanError, ReplanInput};
use tepai_solver::schedule::Visit;

use crate::cli::ReplanArgs;
use crate::outcome::BadInput;
use crate::Outcome;

/// The visits made before `from` — the one place the past enters a re-plan: the ledger's
/// on-site visits before `from` (planned ones not logged count as missed; visits outside the
/// plan count too), or without a ledger the baseline's visits before `from`, as planned.
fn made_visits(
    ledger: Option<&tepai_model::ledger::Ledger>,
    baseline: &[Visit],
    from: NaiveDate,
) -> Vec<MadeVisit> {
    let Some(ledger) = ledger else {
        return past_as_planned(baseline, from);
    };
    // A team's joint trip may be logged once per officer: one visit, all its officers.
    let mut made: Vec<MadeVisit> = Vec::new();
    let mut without_enterprises = Vec::new();
    for e in ledger
        .entries
        .iter()
        .filter(|e| e.kind == tepai_model::ledger::VisitKind::Visit && e.date < from)
    {
        // A directly served enterprise is visited even when the row names no enterprise;
        // a unit visit that names none visited no member: it is no duty visit (as `tepai
        // status` counts it) and has no stops to keep.
        let enterprises = match (e.target, e.enterprises.is_empty()) {
            (tepai_model::Target::Enterprise(x), true) => vec![x],
            (tepai_model::Target::Unit(_), true) => {
                without_enterprises.push(e.line);
                continue;
            }
            _ => e.enterprises.clone(),
        };
        match made
            .iter_mut()
            .find(|m| m.date == e.date && m.target == e.target && m.enterprises == enterprises)
        {
            Some(m) => {
                for &o in &e.officers {
                    if !m.officers.contains(&o) {
                        m.officers.push(o);
                    }
                }
            }
            None => made.push(MadeVisit {
                date: e.date,
                officers: e.officers.clone(),
                target: e.target,
                enterprises,
            }),
        }
    }
    if let Some(first) = without_enterprises.first() {
        let n = without_enterprises.len();
        errln!(
            "tepai: {}",
            tepai_model::text!(
                "warning: {n} on-site unit visits before the day name no enterprise (first: \
                 ledger line {first}); they visited no member, so the re-plan counts them as \
                 no duty visit",
                "警告：有 {n} 条当日之前的平台商会实地走访没有填写走访企业（第一条：台账第 \
                 {first} 行）；它们未走访任何成员企业，重新规划不把它们算作履职走访"
            )
            .pick(crate::console::lang() == tepai_io::Lang::Zh)
        );
    }
    for m in &mut made {
        m.officers.sort_unstable();
    }
    made.sort_by(|a, b| (a.date, &a.officers).cmp(&(b.date, &b.officers)));
    made
}

/// `OFFICER_ID=TARGET_ID` as a pair of the scenario.
fn pin(s: &Scenario, text: &str) -> anyhow::Result<(tepai_model::OfficerIdx, Target)> {
    let bad = |why: String| BadInput(format!("--pin {text}: {why}"));
    let (o, t) = text
        .split_once('=')
        .ok_or_else(|| bad("write it as OFFICER_ID=TARGET_ID".to_owned()))?;
    let officer = s
        .officer_by_id(o.trim())
        .ok_or_else(|| bad(format!("no officer has id `{}`", o.trim())))?;
    let target = s
        .unit_by_id(t.trim())
        .map(Target::Unit)
        .or_else(|| s.enterprise_by_id(t.trim()).map(Target::Enterprise))
        .ok_or_else(|| bad(format!("no unit or enterprise has id `{}`", t.trim())))?;
    Ok((officer, target))
}

fn required(dir: &Path, name: &str) -> anyhow::Result<std::path::PathBuf> {
    let path = dir.join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(BadInput(format!(
            "{}: the baseline has no {name}, which `tepai replan` needs",
            dir.display()
        ))
        .into())
    }
}

/// Re-plans, verifies, writes the plan and its changes.
pub fn run(args: &ReplanArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let Some((s, mut inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    inputs.push(args.baseline.clone());
    let ledger = match &args.ledger {
        Some(path) => {
            let Some(ledger) = super::ledger::load_or_report(&s, path) else {
                return Ok(Outcome::BadInput);
            };
            inputs.push(path.clone());
            Some(ledger)
        }
        None => None,
    };
    let dir = OutDir::new(&args.out, &inputs)?;
    let base = &args.baseline;
    let context = || format!("reading the baseline plan in {}", base.display());
    let baseline =
        tepai_io::read::assignment(&s, &required(base, "assignment.csv")?).with_context(context)?;
    let schedule = required(base, "schedule.csv")?;
    let rows = tepai_io::read::schedule_rows(&schedule).with_context(context)?;
    let baseline_visits = tepai_solver::replan::visits_of_rows(&s, &rows)
        .map_err(|(line, why)| {
            tepai_io::Error::plan(
                &schedule,
                Some(line),
                tepai_model::Text::new(why.clone(), format!("该行无法作为走访读取：{why}")),
            )
        })
        .with_context(context)?;
    let baseline_ids = tepai_io::read::plan_ids(base).with_context(context)?;
    let pins = args
        .pins
        .iter()
        .map(|p| pin(&s, p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let input = ReplanInput {
        baseline,
        past: made_visits(ledger.as_ref(), &baseline_visits, args.from),
        baseline_visits,
        from: args.from,
        pins,
    };
    let options = AssignOptions::from_scenario(&s);
    let seed = args.seed.unwrap_or(s.seed);
    let r = match tepai_solver::replan::replan(&s, &input, &options, seed) {
        Ok(r) => r,
        Err(ReplanError::Plan(e)) => return Err(e.into()),
        Err(e) => return Err(BadInput(e.to_string()).into()),
    };
    let d = dir.write(|path| {
        tepai_io::replan::write_replan(path, &s, &r, base, &baseline_ids, lang)
            .map_err(anyhow::Error::from)
    })?;
    if !args.show.quiet && !args.show.json {
        let text = tepai_io::changes::changes_text(&d, crate::console::lang());
        // The totals and the figures; every change is in changes.txt.
        for line in text
            .lines()
            .take_while(|l| l.starts_with(' ') || !l.starts_with('o'))
        {
            outln!("{line}");
        }
    }
    super::write(dir, &s, &r.plan, &args.out, lang, args.show, false)
}
