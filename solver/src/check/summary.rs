//! The summary checker: every figure of `summary.json`, read as a [`Summary`].
//!
//! Reading the file (`Summary::from_json`) already rejects what the output contract does not
//! define: unknown keys, missing keys, values of the wrong type (text for a number, a negative
//! count, an unknown status or bound scope) and an assignment part that is only partly there;
//! [`unreadable`] turns such a reading error into a finding at its key. [`check_summary`] then
//! re-derives every figure that follows from the scenario and the plan's files and compares it
//! with the one written; figures that cannot be re-derived (times, the solver's own counts) are
//! checked for sanity. In detail:
//! - `scenario`: `name`, `year` and `hash` are the scenario's; `tepai_version` is not empty;
//! - the assignment part (a plan from `tepai schedule` has none):
//!   `targets.*.required/achieved` and `targets_met` from the assignment; `objective` and each
//!   of its parts recomputed from the pairs (the `total` their sum); `bound ≤ objective`,
//!   `candidate_bound ≤ objective`, the heuristic's objective not below a bound for all plans,
//!   `gap = (objective − bound) ÷ max(1, |objective|)` (null exactly when the bound is);
//!   `mip_gap` a fraction; status `optimal` only with `bound_scope = all_plans` and a gap
//!   within `mip_gap`, and a `solver_error` only with status `heuristic`; `kpis` (officers,
//!   officers used, pairs, enterprises reached and served directly, one-way travel hours)
//!   recomputed, the solver's graph counts checked for sanity (candidate pairs between the
//!   plan's pairs and the pairs within reach); `continuity` (the officers' previous targets —
//!   the scenario's, or the plan's `previous.csv` — and how many of them are pairs of the
//!   plan) recomputed; `timings_s` non-negative; `diagnosis` present
//!   exactly when a target is short, its `shortfalls` recomputed (every listed one real, once,
//!   and every short target listed), `courts` recomputed (officers, officers used and unserved
//!   units within reach, for every court with officers), and the units and courts it names
//!   those of the scenario;
//! - the `schedule` part (present exactly when the plan has a schedule): `rows`, `trips` (a
//!   team's joint trip once), `visits_per_period`, `enterprises_visited`,
//!   `enterprises_visited_max` (the most enterprises the visits can reach, recomputed, and
//!   not below `enterprises_visited`),
//!   `distinct_members_per_unit`, `travel_hours_per_officer` and
//!   `days_used_per_officer_and_period` (min / median / max, one decimal),
//!   `travel_saved_minutes_vs_one_trip_per_enterprise` and `calendars` recomputed from
//!   `schedule.csv` and the scenario's travel times; `rules_met` true exactly when the
//!   schedule breaks no rule; and `shortfalls`: every listed shortfall is real — its visits
//!   are missing from `schedule.csv`, or made with fewer than `enterprises_per_unit_visit`
//!   members — and every missing visit is listed (per officer, period and target, the listed
//!   `visits_short` plus `stops_short` add up to the visits missing plus the member stops
//!   missing from unit visits), its `rule` is one of the documented ones, and `free_days` is
//!   `min(days per period, free working days of the period)`.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use chrono::NaiveDate;
use tepai_model::{
    text, CourtIdx, EnterpriseIdx, OfficerIdx, Period, Place, Scenario, Target, Text, UnitIdx,
};

use super::assignment::{free_days, CheckReport};
use super::coverage::trips_per_enterprise;
use super::visited::{counted, visitable};
use super::{Finding, ScheduleReport, ScheduleRow};
use crate::assignment::Assignment;
use crate::summary::{
    AssignmentSummary, BoundScope, Diagnosis, MinMedianMax, ScheduleSummary, Status, Summary,
    SummaryError, VisitShortfall,
};

const FILE: &str = "summary.json";

/// Shortfall rules as written.
const SHORTFALL_RULES: &[&str] = &[
    "not_enough_days",
    "spacing",
    "day_too_short",
    "no_eligible_members",
    "too_few_eligible_members",
];

/// Relative tolerance for figures written as floating-point numbers.
const TOLERANCE: f64 = 1e-6;

fn close(written: f64, expected: f64) -> bool {
    (written - expected).abs() <= TOLERANCE * expected.abs().max(1.0)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0 + 0.0
}

#[allow(clippy::cast_precision_loss)]
fn as_f64(n: usize) -> f64 {
    n as f64
}

fn count_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A `summary.json` that is JSON but not a summary, as a finding at the key the reader names:
/// `unknown-key` for a key the output contract does not define, `missing-key` for a key it
/// requires (placed at the missing key itself), `type` for a value of the wrong type or out
/// of range (and for a file that is not a JSON object).
pub fn unreadable(e: &SummaryError) -> Finding {
    // The reader's name for the file as a whole is a detail of its own.
    let message = match e.message.split_once("struct SummaryFile") {
        Some((head, rest)) => {
            let rest = rest
                .strip_prefix(" with ")
                .and_then(|r| r.split_once(" elements"))
                .map_or(rest, |(_, r)| r);
            format!("{head}a JSON object{rest}")
        }
        None => e.message.clone(),
    };
    let message = message.as_str();
    let (rule, key) = if message.starts_with("unknown field") {
        ("unknown-key", e.key.clone())
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        // serde names the missing field in the message and places the error at its object.
        let field = rest.split('`').next().unwrap_or_default();
        ("missing-key", join(&e.key, field))
    } else if message.starts_with("missing field") {
        ("missing-key", e.key.clone())
    } else {
        ("type", e.key.clone())
    };
    let what = match rule {
        "unknown-key" => "输出约定中没有这个键",
        "missing-key" => "缺少输出约定要求的键",
        _ => "值的类型不对或超出范围",
    };
    let message = text!("{message}", "{what}（系统信息：{message}）");
    if key.is_empty() {
        Finding::in_file(FILE, rule, message)
    } else {
        Finding::at_key(FILE, &key, rule, message)
    }
}

/// Collects findings, each at a key of `summary.json`.
struct Findings(Vec<Finding>);

impl Findings {
    fn push(&mut self, key: &str, rule: &str, message: Text) {
        self.0.push(Finding::at_key(FILE, key, rule, message));
    }

    /// A written figure that differs from the one recomputed.
    fn same<T: PartialEq + Display>(&mut self, key: &str, written: T, want: T) {
        if written != want {
            self.push(
                key,
                "recomputed",
                text!(
                    "written {written}, expected {want}",
                    "写的是 {written}，应为 {want}"
                ),
            );
        }
    }

    /// A whole number equal to `want`.
    fn count(&mut self, key: &str, written: impl Into<u64>, want: impl Into<u64>) {
        self.same(key, written.into(), want.into());
    }

    /// A number within the tolerance of `want`.
    fn number(&mut self, key: &str, written: f64, want: f64) {
        if !close(written, want) {
            self.push(
                key,
                "recomputed",
                text!(
                    "written {written}, expected {want}",
                    "写的是 {written}，应为 {want}"
                ),
            );
        }
    }

    /// A finite number; returns it when it is.
    fn finite(&mut self, key: &str, x: f64) -> Option<f64> {
        if x.is_finite() {
            Some(x)
        } else {
            self.push(
                key,
                "sanity",
                text!(
                    "written {x}, expected a finite number",
                    "写的是 {x}，应为有限的数"
                ),
            );
            None
        }
    }

    /// A finite, non-negative number.
    fn non_negative(&mut self, key: &str, x: f64) {
        if self.finite(key, x).is_some_and(|x| x < 0.0) {
            self.push(
                key,
                "sanity",
                text!("written {x}, must not be negative", "写的是 {x}，不能为负"),
            );
        }
    }
}

/// Checks `summary.json`, as read, against the scenario, the assignment (and its checker's
/// report) and, when the plan has one, the schedule's rows and their checker's report.
pub fn check_summary(
    s: &Scenario,
    a: &Assignment,
    report: &CheckReport,
    schedule: Option<(&[ScheduleRow], &ScheduleReport)>,
    summary: &Summary,
) -> Vec<Finding> {
    let mut w = Findings(Vec::new());

    let id = &summary.scenario;
    if id.name != s.name {
        w.push(
            "scenario.name",
            "recomputed",
            text!(
                "written {:?}, expected {:?}",
                "写的是 {:?}，应为 {:?}",
                id.name,
                s.name
            ),
        );
    }
    w.same("scenario.year", id.year, s.year);
    if id.hash != s.content_hash {
        w.push(
            "scenario.hash",
            "recomputed",
            text!(
                "written {:?}, expected {:?}",
                "写的是 {:?}，应为 {:?}",
                id.hash,
                s.content_hash
            ),
        );
    }
    if summary.tepai_version.trim().is_empty() {
        w.push(
            "tepai_version",
            "sanity",
            text!("empty version", "版本号为空"),
        );
    }

    if let Some(part) = &summary.assignment {
        let visited = schedule.map(|(rows, _)| {
            count_u64(
                trips_per_enterprise(s, rows)
                    .iter()
                    .filter(|&&n| n > 0)
                    .count(),
            )
        });
        assignment_part(&mut w, s, a, report, part, visited);
    }
    match (schedule, &summary.schedule) {
        (Some((rows, sched)), Some(part)) => schedule_part(&mut w, s, a, rows, sched, part),
        (Some(_), None) => w.push(
            "schedule",
            "missing-key",
            text!(
                "the plan has schedule.csv, but the summary has no schedule part",
                "方案有 schedule.csv，但 summary.json 中没有 schedule 部分"
            ),
        ),
        (None, Some(_)) => w.push(
            "schedule",
            "no-schedule",
            text!(
                "the summary has a schedule part, but the plan has no schedule.csv",
                "summary.json 中有 schedule 部分，但方案没有 schedule.csv"
            ),
        ),
        (None, None) => {}
    }
    w.0
}

#[allow(clippy::too_many_lines)]
fn assignment_part(
    w: &mut Findings,
    s: &Scenario,
    a: &Assignment,
    report: &CheckReport,
    p: &AssignmentSummary,
    visited_in_schedule: Option<u64>,
) {
    let got = &report.achieved;
    // The enterprise target's count: reached, or the enterprises schedule.csv visits.
    let counted = counted(s, a, got.enterprises_reached, visited_in_schedule);
    let short = got.platforms_served < got.platforms_required
        || got.chambers_served < got.chambers_required
        || counted < got.enterprises_required;

    // Targets.
    let mode = s.targets.enterprises_count.as_str();
    if p.targets.enterprises_count.as_str() != mode {
        w.push(
            "targets.enterprises_count",
            "recomputed",
            text!(
                "written {:?}, but the scenario's enterprise target counts {mode:?} enterprises",
                "写的是 {:?}，但场景的企业目标按 {mode:?} 计数",
                p.targets.enterprises_count.as_str()
            ),
        );
    }
    w.same("targets_met", p.targets_met, !short);
    let t = &p.targets;
    for (name, written, required, achieved) in [
        (
            "platforms",
            t.platforms,
            got.platforms_required,
            got.platforms_served,
        ),
        (
            "chambers",
            t.chambers,
            got.chambers_required,
            got.chambers_served,
        ),
        (
            "enterprises",
            t.enterprises,
            got.enterprises_required,
            counted,
        ),
    ] {
        w.count(
            &format!("targets.{name}.required"),
            written.required,
            required,
        );
        w.count(
            &format!("targets.{name}.achieved"),
            written.achieved,
            achieved,
        );
    }

    // Objective.
    let o = &report.objective;
    let written = &p.objective.parts;
    for (name, written, want) in [
        ("total", p.objective.total, o.total()),
        ("shortfall", written.shortfall, o.shortfall),
        ("priority", written.priority, o.priority),
        ("travel", written.travel, o.travel),
        ("mismatch", written.mismatch, o.mismatch),
        ("imbalance", written.imbalance, o.imbalance),
        ("change", written.change, o.change),
    ] {
        w.number(&format!("objective.{name}"), written, want);
    }
    let objective = p.objective.total;

    // Bound, gap, status.
    let heuristic = w.finite("heuristic_objective", p.heuristic_objective);
    let bound = p.bound.and_then(|b| w.finite("bound", b));
    let slack = TOLERANCE * objective.abs().max(1.0);
    let all_plans = p.bound_scope == BoundScope::AllPlans;
    if let (Some(h), Some(b), true) = (heuristic, bound, all_plans) {
        // The heuristic's plan is a plan too: a bound for all plans cannot exceed it.
        if b > h + TOLERANCE * h.abs().max(1.0) {
            w.push(
                "heuristic_objective",
                "bound-above-objective",
                text!(
                    "the heuristic's objective {h} lies below the bound {b} for all plans",
                    "快速算法的目标函数值 {h} 低于对全部方案的下界 {b}"
                ),
            );
        }
    }
    if let Some(b) = bound {
        if b > objective + slack {
            w.push(
                "bound",
                "bound-above-objective",
                text!(
                    "the lower bound {b} exceeds the objective {objective}",
                    "下界 {b} 超过了目标函数值 {objective}"
                ),
            );
        }
    }
    if let Some(cb) = p
        .candidate_bound
        .and_then(|b| w.finite("candidate_bound", b))
    {
        if cb > objective + slack {
            w.push(
                "candidate_bound",
                "bound-above-objective",
                text!(
                    "the candidate bound {cb} exceeds the objective {objective}",
                    "候选组合下界 {cb} 超过了目标函数值 {objective}"
                ),
            );
        }
    }
    let want_gap = bound.map(|b| ((objective - b) / objective.abs().max(1.0)).max(0.0));
    let null = |x: Option<f64>| x.map_or("null".to_owned(), |x| x.to_string());
    let gap_holds = match (p.gap, want_gap) {
        (None, None) => true,
        (Some(g), Some(want)) => close(g, want),
        _ => false,
    };
    if !gap_holds {
        w.push(
            "gap",
            "recomputed",
            text!(
                "written {}, expected {} ((objective − bound) ÷ max(1, |objective|))",
                "写的是 {}，应为 {}（(objective − bound) ÷ max(1, |objective|)）",
                null(p.gap),
                null(want_gap)
            ),
        );
    }
    // The gap the run was asked for (the scenario's, or `--mip-gap`).
    let asked = p.mip_gap;
    if !(0.0..=1.0).contains(&asked) {
        w.push(
            "mip_gap",
            "sanity",
            text!(
                "written {asked}, expected a fraction between 0 and 1",
                "写的是 {asked}，应为 0 到 1 之间的小数"
            ),
        );
    }
    if p.status == Status::Optimal {
        let gap = want_gap.unwrap_or(f64::INFINITY);
        if !all_plans || gap > asked + TOLERANCE {
            w.push(
                "status",
                "status-not-proven",
                text!(
                    "\"optimal\" needs bound_scope \"all_plans\" and a gap within mip_gap {asked}, \
                     but bound_scope is \"{}\" and the gap is {gap}",
                    "\"optimal\"（已证明最优）要求 bound_scope 为 \"all_plans\" 且差距不超过 mip_gap {asked}，\
                     但 bound_scope 为 \"{}\"，差距为 {gap}",
                    p.bound_scope.as_str()
                ),
            );
        }
    }
    if p.solver_error.is_some() && p.status != Status::Heuristic {
        w.push(
            "solver_error",
            "status-not-proven",
            text!(
                "the MIP solver failed, so the status can only be \"heuristic\"",
                "优化求解器出错，状态只能是 \"heuristic\"（快速算法）"
            ),
        );
    }

    // KPIs.
    let k = &p.kpis;
    let known: Vec<&(OfficerIdx, Target)> = a
        .pairs
        .iter()
        .filter(|(o, t)| {
            o.index() < s.officers.len()
                && match t {
                    Target::Unit(u) => u.index() < s.units.len(),
                    Target::Enterprise(e) => e.index() < s.enterprises.len(),
                }
        })
        .collect();
    let used: BTreeSet<OfficerIdx> = known.iter().map(|p| p.0).collect();
    let direct: BTreeSet<EnterpriseIdx> = known
        .iter()
        .filter_map(|p| match p.1 {
            Target::Enterprise(e) => Some(e),
            Target::Unit(_) => None,
        })
        .collect();
    let hours: f64 = known
        .iter()
        .map(|&&(o, t)| f64::from(s.officer_travel(o, t)) / 60.0)
        .sum();
    w.count("kpis.officers", k.officers, count_u64(s.officers.len()));
    w.count("kpis.officers_used", k.officers_used, count_u64(used.len()));
    w.count("kpis.pairs", k.pairs, count_u64(a.pairs.len()));
    w.count(
        "kpis.enterprises_reached",
        k.enterprises_reached,
        got.enterprises_reached,
    );
    w.count(
        "kpis.enterprises_served_directly",
        k.enterprises_served_directly,
        count_u64(direct.len()),
    );
    if let Some(h) = w.finite(
        "kpis.one_way_travel_hours_total",
        k.one_way_travel_hours_total,
    ) {
        w.number("kpis.one_way_travel_hours_total", h, round1(hours));
    }
    if k.candidate_pairs > k.pairs_within_reach {
        w.push(
            "kpis.candidate_pairs",
            "sanity",
            text!(
                "{} candidate pairs, more than the {} pairs within reach",
                "候选组合 {} 个，多于车程范围内的 {} 个组合",
                k.candidate_pairs,
                k.pairs_within_reach
            ),
        );
    }
    let pairs = count_u64(known.len());
    if pairs > k.candidate_pairs {
        w.push(
            "kpis.candidate_pairs",
            "sanity",
            text!(
                "{} candidate pairs, fewer than the plan's {pairs} pairs",
                "候选组合 {} 个，少于方案中的 {pairs} 个组合",
                k.candidate_pairs
            ),
        );
    }

    // Continuity: last year's pairs (the officers' previous targets) and those kept.
    let previous: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
    let kept: BTreeSet<&(OfficerIdx, Target)> = known
        .iter()
        .copied()
        .filter(|(o, t)| s.officer(*o).previous_targets.contains(t))
        .collect();
    w.count(
        "continuity.previous",
        p.continuity.previous,
        count_u64(previous),
    );
    w.count("continuity.kept", p.continuity.kept, count_u64(kept.len()));

    // Timings: not re-derivable, only sane.
    let t = &p.timings_s;
    for (stage, x) in [
        ("graph", t.graph),
        ("heuristic", t.heuristic),
        ("model_build", t.model_build),
        ("lp", t.lp),
        ("pricing", t.pricing),
        ("mip", t.mip),
        ("diagnosis", t.diagnosis),
    ] {
        w.non_negative(&format!("timings_s.{stage}"), x);
    }

    // Diagnosis: present exactly when a target is short in the assignment (with
    // `enterprises_count = "visited"`: the most the visits can reach short of the minimum; a
    // schedule that visits fewer is stated by `targets_met` and `targets.enterprises`).
    let short_assigned = got.platforms_served < got.platforms_required
        || got.chambers_served < got.chambers_required
        || got.enterprises_counted < got.enterprises_required;
    match (&p.diagnosis, short_assigned) {
        (None, false) => {}
        (None, true) => w.push(
            "diagnosis",
            "missing-diagnosis",
            text!(
                "a target is short, but the summary has no diagnosis",
                "有目标未达成，但 summary.json 中没有诊断"
            ),
        ),
        (Some(d), false) => w.push(
            "diagnosis",
            "unexpected-diagnosis",
            text!(
                "every target is met, but a diagnosis is written (listing {} short target(s))",
                "全部目标已达成，却写了诊断（列出 {} 个未达成的目标）",
                d.shortfalls.len()
            ),
        ),
        (Some(d), true) => diagnosis(w, s, a, report, d),
    }
}

fn diagnosis(w: &mut Findings, s: &Scenario, a: &Assignment, report: &CheckReport, d: &Diagnosis) {
    let got = &report.achieved;
    let mut want: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for (name, required, achieved) in [
        ("platforms", got.platforms_required, got.platforms_served),
        ("chambers", got.chambers_required, got.chambers_served),
        (
            "enterprises",
            got.enterprises_required,
            got.enterprises_counted,
        ),
    ] {
        if achieved < required {
            want.insert(name, (required, achieved));
        }
    }
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    for (i, f) in d.shortfalls.iter().enumerate() {
        let path = format!("diagnosis.shortfalls[{i}]");
        let target = f.target.as_str();
        let Some(&(required, achieved)) = want.get(target) else {
            w.push(
                &format!("{path}.target"),
                "shortfall-not-real",
                text!(
                    "{target:?} is listed as short, but it is not a short target",
                    "{target:?} 被列为未达成，但该目标并未短缺"
                ),
            );
            continue;
        };
        if !listed.insert(target) {
            w.push(
                &format!("{path}.target"),
                "sanity",
                text!(
                    "{target:?} is listed more than once",
                    "{target:?} 被列出不止一次"
                ),
            );
        }
        w.count(&format!("{path}.required"), f.required, required);
        w.count(&format!("{path}.achieved"), f.achieved, achieved);
        w.count(&format!("{path}.short_by"), f.short_by, required - achieved);
    }
    for (target, (required, achieved)) in &want {
        if !listed.contains(target) {
            w.push(
                "diagnosis.shortfalls",
                "shortfall-unlisted",
                text!(
                    "{target}: {achieved} of {required} required, but not listed",
                    "{target}：要求 {required}，只达成 {achieved}，却未列出"
                ),
            );
        }
    }

    // The units and courts it names are the scenario's.
    for (i, u) in d.unreachable_units.iter().enumerate() {
        if s.unit_by_id(&u.unit).is_none() {
            w.push(
                &format!("diagnosis.unreachable_units[{i}].unit"),
                "sanity",
                text!(
                    "{:?} is not a unit of the scenario",
                    "{:?} 不是场景中的平台商会",
                    u.unit
                ),
            );
        }
    }
    if let Some(add) = &d.additional_officers {
        for court in add.keys() {
            if s.court_by_id(court).is_none() {
                w.push(
                    &format!("diagnosis.additional_officers.{court}"),
                    "sanity",
                    text!(
                        "{court:?} is not a court of the scenario",
                        "{court:?} 不是场景中的法院"
                    ),
                );
            }
        }
    }

    // Per court with officers: its officers, those with a target, and the units within reach
    // of the court that are not served (a unit is served by exactly `team_size` officers).
    let mut team: BTreeMap<UnitIdx, BTreeSet<OfficerIdx>> = BTreeMap::new();
    let mut used: BTreeSet<OfficerIdx> = BTreeSet::new();
    for &(o, t) in &a.pairs {
        if o.index() >= s.officers.len() {
            continue;
        }
        used.insert(o);
        if let Target::Unit(u) = t {
            team.entry(u).or_default().insert(o);
        }
    }
    let served = |u: UnitIdx| {
        team.get(&u)
            .is_some_and(|t| count_u64(t.len()) == u64::from(s.unit(u).team_size))
    };
    let mut courts: BTreeMap<&str, (u32, u32, u32)> = BTreeMap::new();
    for (c, court) in s.courts.iter().enumerate() {
        let officers: Vec<OfficerIdx> = (0..s.officers.len())
            .map(OfficerIdx::from)
            .filter(|&o| s.officer(o).court.index() == c)
            .collect();
        if officers.is_empty() {
            continue;
        }
        let from = Place::Court(CourtIdx::from(c));
        let unserved = (0..s.units.len())
            .map(UnitIdx::from)
            .filter(|&u| {
                !served(u) && s.travel_minutes(from, Place::Unit(u)) <= s.rules.max_one_way_minutes
            })
            .count();
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        courts.insert(
            court.id.as_str(),
            (
                n(officers.len()),
                n(officers.iter().filter(|o| used.contains(o)).count()),
                n(unserved),
            ),
        );
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, c) in d.courts.iter().enumerate() {
        let path = format!("diagnosis.courts[{i}]");
        let Some(&(officers, used, unserved)) = courts.get(c.court.as_str()) else {
            w.push(
                &format!("{path}.court"),
                "sanity",
                text!(
                    "{:?} is not a court of the scenario with officers",
                    "{:?} 不是场景中有特派员的法院",
                    c.court
                ),
            );
            continue;
        };
        if !seen.insert(c.court.as_str()) {
            w.push(
                &format!("{path}.court"),
                "sanity",
                text!(
                    "{:?} is listed more than once",
                    "{:?} 被列出不止一次",
                    c.court
                ),
            );
        }
        w.count(&format!("{path}.officers"), c.officers, officers);
        w.count(&format!("{path}.used"), c.used, used);
        w.count(
            &format!("{path}.unserved_units_nearby"),
            c.unserved_units_nearby,
            unserved,
        );
    }
    for court in courts.keys() {
        if !seen.contains(court) {
            w.push(
                "diagnosis.courts",
                "missing-key",
                text!(
                    "court {court} has officers, but is not listed",
                    "法院 {court} 有特派员，却未列出"
                ),
            );
        }
    }
}

/// min / median (the upper middle) / max, one decimal; `None` for no values.
fn min_median_max(mut v: Vec<f64>) -> Option<[f64; 3]> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some([round1(v[0]), round1(v[v.len() / 2]), round1(v[v.len() - 1])])
}

fn stats(w: &mut Findings, path: &str, written: Option<MinMedianMax>, want: Option<[f64; 3]>) {
    match (written, want) {
        (None, None) => {}
        (Some(m), None) => w.push(
            path,
            "recomputed",
            text!(
                "written {{min {}, median {}, max {}}}, expected null (no visits)",
                "写的是 {{min {}, median {}, max {}}}，应为 null（没有走访）",
                m.min,
                m.median,
                m.max
            ),
        ),
        (None, Some([min, median, max])) => w.push(
            path,
            "recomputed",
            text!(
                "written null, expected {{min {min}, median {median}, max {max}}}",
                "写的是 null，应为 {{min {min}, median {median}, max {max}}}"
            ),
        ),
        (Some(m), Some([min, median, max])) => {
            w.number(&format!("{path}.min"), m.min, min);
            w.number(&format!("{path}.median"), m.median, median);
            w.number(&format!("{path}.max"), m.max, max);
        }
    }
}

/// Travel of a row's trip from the scenario: court → stops in order → court.
fn route(s: &Scenario, o: OfficerIdx, stops: &[EnterpriseIdx]) -> u32 {
    let court = Place::Court(s.officer(o).court);
    let mut at = court;
    let mut total = 0_u32;
    for &e in stops {
        total = total.saturating_add(s.travel_minutes(at, Place::Enterprise(e)));
        at = Place::Enterprise(e);
    }
    if stops.is_empty() {
        0
    } else {
        total.saturating_add(s.travel_minutes(at, court))
    }
}

/// A readable row: date, officer, stops.
struct Row<'r> {
    raw: &'r ScheduleRow,
    date: NaiveDate,
    period: Period,
    officer: OfficerIdx,
    stops: Vec<EnterpriseIdx>,
}

fn readable<'r>(s: &Scenario, r: &'r ScheduleRow) -> Option<Row<'r>> {
    let date = NaiveDate::parse_from_str(r.date.trim(), "%Y-%m-%d").ok()?;
    let officer = s.officer_by_id(r.officer_id.trim())?;
    let stops = r
        .enterprise_ids
        .split(';')
        .map(|id| s.enterprise_by_id(id.trim()))
        .collect::<Option<Vec<_>>>()?;
    Some(Row {
        raw: r,
        date,
        period: Period::containing(date, s.rules.period),
        officer,
        stops,
    })
}

#[allow(clippy::too_many_lines)]
fn schedule_part(
    w: &mut Findings,
    s: &Scenario,
    a: &Assignment,
    rows: &[ScheduleRow],
    sched: &ScheduleReport,
    p: &ScheduleSummary,
) {
    let good: Vec<Row> = rows.iter().filter_map(|r| readable(s, r)).collect();

    w.count("schedule.rows", p.rows, count_u64(rows.len()));
    let mut trips: BTreeMap<(&str, &str, &str, &str), Option<Period>> = BTreeMap::new();
    for r in rows {
        let date = NaiveDate::parse_from_str(r.date.trim(), "%Y-%m-%d").ok();
        trips.insert(
            (
                r.date.trim(),
                r.target_kind.trim(),
                r.target_id.trim(),
                r.enterprise_ids.trim(),
            ),
            date.map(|d| Period::containing(d, s.rules.period)),
        );
    }
    w.count("schedule.trips", p.trips, count_u64(trips.len()));

    // Trips per period: every period of the year (a period without trips may be left out).
    let periods = Period::all(s.year, s.rules.period);
    let labels: BTreeSet<String> = periods.iter().map(Period::label).collect();
    for k in p.visits_per_period.keys() {
        if !labels.contains(k) {
            w.push(
                &format!("schedule.visits_per_period.{k}"),
                "unknown-key",
                text!("not a period of {}", "不是 {} 年的周期", s.year),
            );
        }
    }
    for period in &periods {
        let want = trips.values().filter(|q| **q == Some(*period)).count();
        let label = period.label();
        let key = format!("schedule.visits_per_period.{label}");
        match p.visits_per_period.get(&label) {
            None if want == 0 => {}
            None => w.push(
                &key,
                "missing-key",
                text!(
                    "{want} trips in {label}, but the period is not listed",
                    "{label} 有 {want} 趟走访，但未列出该周期"
                ),
            ),
            Some(&n) => w.count(&key, n, count_u64(want)),
        }
    }

    let visited = trips_per_enterprise(s, rows)
        .iter()
        .filter(|&&n| n > 0)
        .count();
    w.count(
        "schedule.enterprises_visited",
        p.enterprises_visited,
        count_u64(visited),
    );
    let most = visitable(s, a);
    w.count(
        "schedule.enterprises_visited_max",
        p.enterprises_visited_max,
        most,
    );
    if count_u64(visited) > most {
        w.push(
            "schedule.enterprises_visited_max",
            "sanity",
            tepai_model::text!(
                "{visited} enterprises visited, more than the {most} the visits can reach",
                "走访了 {visited} 家企业，超过走访所能覆盖的上限 {most} 家"
            ),
        );
    }

    // Distinct members per unit with an officer.
    let want: BTreeMap<&str, u32> = sched
        .distinct_members
        .iter()
        .map(|(u, n)| (u.as_str(), *n))
        .collect();
    for k in p.distinct_members_per_unit.keys() {
        if !want.contains_key(k.as_str()) {
            w.push(
                &format!("schedule.distinct_members_per_unit.{k}"),
                "unknown-key",
                text!(
                    "not a unit the assignment serves",
                    "不是派驻方案服务的平台商会"
                ),
            );
        }
    }
    for (u, n) in &want {
        let key = format!("schedule.distinct_members_per_unit.{u}");
        match p.distinct_members_per_unit.get(*u) {
            None => w.push(&key, "missing-key", text!("expected {n}", "应为 {n}")),
            Some(&x) => w.count(&key, x, *n),
        }
    }

    // Travel hours per officer, days used per officer and period, travel saved.
    let mut travel: BTreeMap<OfficerIdx, f64> = BTreeMap::new();
    let mut days: BTreeMap<(OfficerIdx, Period), BTreeSet<NaiveDate>> = BTreeMap::new();
    let mut saved: i64 = 0;
    for r in &good {
        let minutes = route(s, r.officer, &r.stops);
        *travel.entry(r.officer).or_insert(0.0) += f64::from(minutes) / 60.0;
        days.entry((r.officer, r.period))
            .or_default()
            .insert(r.date);
        let court = Place::Court(s.officer(r.officer).court);
        let alone: i64 = r
            .stops
            .iter()
            .map(|&e| {
                i64::from(s.travel_minutes(court, Place::Enterprise(e)))
                    + i64::from(s.travel_minutes(Place::Enterprise(e), court))
            })
            .sum();
        saved += alone - i64::from(minutes);
    }
    stats(
        w,
        "schedule.travel_hours_per_officer",
        p.travel_hours_per_officer,
        min_median_max(travel.values().copied().collect()),
    );
    stats(
        w,
        "schedule.days_used_per_officer_and_period",
        p.days_used_per_officer_and_period,
        min_median_max(days.values().map(|d| as_f64(d.len())).collect()),
    );
    w.count(
        "schedule.travel_saved_minutes_vs_one_trip_per_enterprise",
        p.travel_saved_minutes_vs_one_trip_per_enterprise,
        u64::try_from(saved.max(0)).unwrap_or(0),
    );
    let officers_with_rows: BTreeSet<&str> = rows
        .iter()
        .map(|r| r.officer_id.trim())
        .filter(|id| s.officer_by_id(id).is_some())
        .collect();
    w.count(
        "schedule.calendars",
        p.calendars,
        count_u64(officers_with_rows.len()),
    );

    // Shortfalls against the visits really missing.
    shortfalls(w, s, a, &good, sched, &p.shortfalls);
    let want = sched.is_valid();
    let listed = p.shortfalls.len();
    if p.rules_met && listed > 0 {
        w.push(
            "schedule.rules_met",
            "recomputed",
            text!(
                "written true, but {listed} shortfall(s) are listed",
                "写的是 true，但列出了 {listed} 处走访缺口"
            ),
        );
    } else if p.rules_met != want {
        w.push(
            "schedule.rules_met",
            "recomputed",
            text!(
                "written {}, expected {want} (schedule.csv breaks {} rule(s))",
                "写的是 {}，应为 {want}（schedule.csv 违反 {} 处规则）",
                p.rules_met,
                sched.violations.len()
            ),
        );
    }
}

/// Visits missing per (officer id, period label, target id): visits fewer than the rule asks,
/// plus unit visits made with fewer than `enterprises_per_unit_visit` distinct members (or
/// than the unit's members still open on the visit's day, when fewer).
fn deficits(
    s: &Scenario,
    good: &[Row],
    sched: &ScheduleReport,
) -> BTreeMap<(String, String, String), u32> {
    let mut out: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    for (officer, period, target, n) in sched.violations.iter().filter_map(|v| v.visits_missing()) {
        *out.entry((officer.to_owned(), period.to_owned(), target.to_owned()))
            .or_insert(0) += n;
    }
    for r in good {
        let kind = r.raw.target_kind.trim();
        // The past of a re-plan is as it happened: no deficit is the plan's.
        let past = sched.from.is_some_and(|f| r.date < f);
        if (kind != "platform" && kind != "chamber") || past {
            continue;
        }
        let distinct: BTreeSet<EnterpriseIdx> = r.stops.iter().copied().collect();
        // A visit owes `enterprises_per_unit_visit` stops, or as many as the unit has members
        // still open that day (open through the first period and not closed by the date).
        let open = s.unit_by_id(r.raw.target_id.trim()).map_or(0, |u| {
            s.unit(u)
                .members
                .iter()
                .filter(|&&e| super::visited::open_on(s, e, r.date))
                .count()
        });
        let k = usize::try_from(s.rules.enterprises_per_unit_visit)
            .unwrap_or(usize::MAX)
            .min(open);
        if distinct.len() < k {
            *out.entry((
                r.raw.officer_id.trim().to_owned(),
                r.period.label(),
                r.raw.target_id.trim().to_owned(),
            ))
            .or_insert(0) += u32::try_from(k - distinct.len()).unwrap_or(u32::MAX);
        }
    }
    out
}

/// Checks `schedule.shortfalls`.
#[allow(clippy::too_many_lines)]
fn shortfalls(
    w: &mut Findings,
    s: &Scenario,
    a: &Assignment,
    good: &[Row],
    sched: &ScheduleReport,
    list: &[VisitShortfall],
) {
    let actual = deficits(s, good, sched);
    let periods = Period::all(s.year, s.rules.period);
    // Per (officer, period, target or none): listed visits short and the first entry.
    let mut listed: BTreeMap<(&str, &str, Option<&str>), (u32, usize)> = BTreeMap::new();
    for (i, f) in list.iter().enumerate() {
        let path = format!("schedule.shortfalls[{i}]");
        let officer = s.officer_by_id(&f.officer_id);
        if officer.is_none() {
            w.push(
                &format!("{path}.officer_id"),
                "shortfall-not-real",
                text!(
                    "{:?} is not an officer of the scenario",
                    "{:?} 不是场景中的特派员",
                    f.officer_id
                ),
            );
        }
        let period = periods.iter().find(|q| q.label() == f.period).copied();
        if period.is_none() {
            w.push(
                &format!("{path}.period"),
                "shortfall-not-real",
                text!(
                    "{:?} is not a period of {}",
                    "{:?} 不是 {} 年的周期",
                    f.period,
                    s.year
                ),
            );
        }
        let target_id = f.target_id.as_deref();
        if let (Some(o), Some(t)) = (officer, target_id) {
            let target = s
                .unit_by_id(t)
                .map(Target::Unit)
                .or_else(|| s.enterprise_by_id(t).map(Target::Enterprise));
            if !target.is_some_and(|t| a.pairs.contains(&(o, t))) {
                w.push(
                    &format!("{path}.target_id"),
                    "shortfall-not-real",
                    text!(
                        "officer {} is not assigned {t:?}",
                        "特派员 {} 未被派驻到 {t:?}",
                        s.officer(o).id
                    ),
                );
            }
        }
        if !SHORTFALL_RULES.contains(&f.rule.as_str()) {
            w.push(
                &format!("{path}.rule"),
                "type",
                text!(
                    "written {:?}, expected one of {SHORTFALL_RULES:?}",
                    "写的是 {:?}，应为 {SHORTFALL_RULES:?} 之一",
                    f.rule
                ),
            );
        }
        if f.explanation.trim().is_empty() {
            w.push(
                &format!("{path}.explanation"),
                "sanity",
                text!("empty explanation", "说明为空"),
            );
        }
        if let (Some(o), Some(p)) = (officer, period) {
            let free = free_days(s, o, p).len();
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let per_period = s.days_per_period(o).floor().max(0.0) as u64;
            w.count(
                &format!("{path}.free_days"),
                f.free_days,
                per_period.min(count_u64(free)),
            );
        }
        let short = f.visits_short.saturating_add(f.stops_short);
        if short == 0 {
            w.push(
                &format!("{path}.visits_short"),
                "shortfall-not-real",
                text!(
                    "a shortfall of 0 visits and 0 member stops",
                    "缺口为 0 次走访、0 家成员企业"
                ),
            );
        }
        let e = listed
            .entry((f.officer_id.as_str(), f.period.as_str(), target_id))
            .or_insert((0, i));
        e.0 = e.0.saturating_add(short);
    }

    // Listed against real, per officer, period and target.
    let mut officer_period_actual: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    for ((o, p, _), n) in &actual {
        *officer_period_actual
            .entry((o.as_str(), p.as_str()))
            .or_insert(0) += n;
    }
    for (&(o, p, t), &(n, first)) in &listed {
        let path = format!("schedule.shortfalls[{first}]");
        match t {
            Some(t) => {
                let real = actual
                    .get(&(o.to_owned(), p.to_owned(), t.to_owned()))
                    .copied()
                    .unwrap_or(0);
                if n > real {
                    w.push(
                        &path,
                        "shortfall-not-real",
                        text!(
                            "lists {n} visit(s) short for officer {o} → {t} in {p}, but \
                             schedule.csv is short by {real}",
                            "列出特派员 {o} → {t} 在 {p} 缺 {n} 次走访，但 schedule.csv 只缺 {real} 次"
                        ),
                    );
                }
            }
            None => {
                let real = officer_period_actual.get(&(o, p)).copied().unwrap_or(0);
                if real == 0 {
                    w.push(
                        &path,
                        "shortfall-not-real",
                        text!(
                            "lists {n} visit(s) short for officer {o} in {p}, but schedule.csv \
                             has every visit of the officer in {p}",
                            "列出特派员 {o} 在 {p} 缺 {n} 次走访，但 schedule.csv 中该特派员在 {p} 的走访都已排定"
                        ),
                    );
                }
            }
        }
    }
    for ((o, p, t), &real) in &actual {
        let n = listed
            .get(&(o.as_str(), p.as_str(), Some(t.as_str())))
            .map_or(0, |x| x.0);
        let officer_wide = listed.contains_key(&(o.as_str(), p.as_str(), None));
        if n < real && !officer_wide {
            w.push(
                "schedule.shortfalls",
                "shortfall-unlisted",
                text!(
                    "schedule.csv is {real} visit(s) short for officer {o} → {t} in {p}, but \
                     summary.json lists {n}",
                    "schedule.csv 中特派员 {o} → {t} 在 {p} 缺 {real} 次走访，但 summary.json 只列出 {n} 次"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(key: &str, message: &str) -> Finding {
        unreadable(&SummaryError {
            key: key.to_owned(),
            message: message.to_owned(),
        })
    }

    #[test]
    fn a_reading_error_is_a_finding_at_its_key() {
        let f = finding("kpis", "missing field `pairs` at line 3 column 1");
        assert_eq!(
            (f.place.as_str(), f.rule.as_str()),
            ("key kpis.pairs", "missing-key")
        );
        let f = finding(
            "surprise",
            "unknown field `surprise`, expected one of `scenario`",
        );
        assert_eq!(
            (f.place.as_str(), f.rule.as_str()),
            ("key surprise", "unknown-key")
        );
        let f = finding(
            "targets_met",
            "missing field: the assignment part has some of its keys",
        );
        assert_eq!(
            (f.place.as_str(), f.rule.as_str()),
            ("key targets_met", "missing-key")
        );
        let f = finding("kpis.pairs", "invalid value: integer `-1`, expected u64");
        assert_eq!(
            (f.place.as_str(), f.rule.as_str()),
            ("key kpis.pairs", "type")
        );
        let f = finding(
            "",
            "invalid type: sequence, expected struct SummaryFile with 17 elements at line 1",
        );
        assert_eq!((f.place.as_str(), f.rule.as_str()), ("", "type"));
        assert_eq!(
            f.message,
            "invalid type: sequence, expected a JSON object at line 1"
        );
    }
}
