//! A re-plan's own files, beside those of every plan (`write_plan`): `past.csv` (the visits
//! made before the re-plan's day, in `schedule.csv`'s columns — exactly that file's rows
//! before the day), `replan.json` (the day, the baseline folder, the pairs the repair
//! changed and why), `changes.csv` and `changes.txt` (everything that differs from the
//! baseline plan, see [`crate::changes`]).
//!
//! `tepai check` finds `replan.json` and judges the plan as a re-plan: the rows before the
//! day must be `past.csv`'s, and the rules apply from the day on.
use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tepai_model::Scenario;
use tepai_solver::diff::{diff, PairIds, PlanDiff, PlanIds, VisitIds};
use tepai_solver::replan::Replan;
use tepai_solver::Plan;

use crate::{changes, tables, write_file, Lang};

/// `replan.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplanFile {
    /// The re-plan's day, `YYYY-MM-DD`: rows before it are the past.
    pub from: String,
    /// The baseline plan's folder, as given.
    pub baseline: String,
    /// Baseline pairs that left: `officer_id=target_id` and why (`closed`, `pinned`,
    /// `breaks_rule`, `moved`).
    pub removed: Vec<(String, String)>,
    /// Pairs that joined: `officer_id=target_id`.
    pub added: Vec<String>,
    /// Whether the pairs changed (`removed` plus `added`) are proven the fewest possible
    /// among the plans with the least shortfall of the targets (absent in older files: not
    /// proven).
    #[serde(default)]
    pub fewest_changes_proven: bool,
}

/// A plan in memory as the diff reads one.
pub fn plan_ids(s: &Scenario, plan: &Plan) -> PlanIds {
    PlanIds {
        pairs: plan
            .assignment
            .pairs
            .iter()
            .map(|&(o, t)| PairIds {
                officer: s.officer(o).id.to_string(),
                kind: s.target_kind(t).to_owned(),
                target: s.target_id(t).to_owned(),
            })
            .collect(),
        visits: plan
            .schedule_rows
            .iter()
            .map(|r| VisitIds {
                date: r.date.clone(),
                pair: PairIds {
                    officer: r.officer_id.clone(),
                    kind: r.target_kind.clone(),
                    target: r.target_id.clone(),
                },
                enterprises: r.enterprise_ids.clone(),
            })
            .collect(),
        summary: Some(plan.summary.clone()),
    }
}

/// Writes every file of the re-plan into `dir` (the plan's own, then the re-plan's) and
/// returns its diff against the baseline.
///
/// # Errors
/// The system's error, naming the file.
pub fn write_replan(
    dir: &Path,
    s: &Scenario,
    r: &Replan,
    baseline_dir: &Path,
    baseline: &PlanIds,
    lang: Lang,
) -> std::io::Result<PlanDiff> {
    crate::write_plan(dir, s, &r.plan, lang)?;
    let from = r.from.format("%Y-%m-%d").to_string();
    let past: Vec<_> = r
        .plan
        .schedule_rows
        .iter()
        .filter(|row| row.date < from)
        .cloned()
        .collect();
    write_file(dir, "past.csv", |w| tables::write_schedule(w, s, &past))?;
    let pair = |(o, t)| format!("{}={}", s.officer(o).id, s.target_id(t));
    let file = ReplanFile {
        from,
        baseline: baseline_dir.display().to_string(),
        removed: r
            .repair
            .removed
            .iter()
            .map(|&(p, why)| (pair(p), why.as_str().to_owned()))
            .collect(),
        added: r.repair.added.iter().map(|&p| pair(p)).collect(),
        fewest_changes_proven: r.repair.proven,
    };
    write_file(dir, "replan.json", |w| {
        let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        w.write_all(text.as_bytes())?;
        w.write_all(b"\n")
    })?;
    let d = diff(baseline, &plan_ids(s, &r.plan));
    write_file(dir, "changes.csv", |w| changes::write_changes_csv(w, &d))?;
    write_file(dir, "changes.txt", |w| {
        w.write_all(changes::changes_text(&d, lang).as_bytes())
    })?;
    Ok(d)
}

/// Reads `replan.json`'s day, when the folder holds a re-plan (`Ok(None)`: a whole-year
/// plan).
///
/// # Errors
/// [`crate::Error::Plan`] when `replan.json` is there but does not read.
pub fn read_from(dir: &Path) -> Result<Option<NaiveDate>, crate::Error> {
    read_file(dir)?
        .map(|(file, path)| day_of(&file, &path))
        .transpose()
}

/// `replan.json` of the folder with its path, when the folder holds a re-plan.
///
/// # Errors
/// [`crate::Error::Plan`] when `replan.json` is there but does not read.
pub fn read_file(dir: &Path) -> Result<Option<(ReplanFile, std::path::PathBuf)>, crate::Error> {
    let path = dir.join("replan.json");
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| crate::Error::plan(&path, None, crate::system(e, "无法读取")))?;
    let file: ReplanFile = serde_json::from_str(&text).map_err(|e| {
        crate::Error::plan(&path, Some(e.line() as u64), crate::system(e, "无法读取"))
    })?;
    Ok(Some((file, path)))
}

/// The day of a `replan.json` read from `path`.
///
/// # Errors
/// [`crate::Error::Plan`] when it is no date.
pub fn day_of(file: &ReplanFile, path: &Path) -> Result<NaiveDate, crate::Error> {
    NaiveDate::parse_from_str(&file.from, "%Y-%m-%d").map_err(|_| {
        crate::Error::plan(
            path,
            None,
            tepai_model::text!(
                "`from` {:?} is not a date",
                "`from` {:?} 不是日期",
                file.from
            ),
        )
    })
}
