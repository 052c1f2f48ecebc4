//! The summary checker: every key and figure of `summary.json`.
//!
//! Figures that follow from the scenario and the plan's files are re-derived and compared;
//! figures that cannot be re-derived (times, the solver's own counts) are checked for their
//! type and sanity; keys the output contract does not define are reported. In detail:
//! - `scenario`: `name`, `year` and `hash` are the scenario's; `tepai_version` is a string;
//! - the assignment part (all or none of its keys; a plan from `tepai schedule` has none):
//!   `targets.*.required/achieved` and `targets_met` from the assignment; `objective` and each
//!   of its parts recomputed from the pairs (the `total` their sum); `bound ≤ objective`,
//!   `candidate_bound ≤ objective`, the heuristic's objective not below a bound for all plans,
//!   `gap = (objective − bound) ÷ max(1, |objective|)`;
//!   `status` one of `optimal`, `feasible`, `time_limit`, `heuristic`, and `optimal` only with
//!   `bound_scope = all_plans` and a gap within the scenario's `mip_gap`; `kpis` (officers,
//!   officers used, pairs, enterprises reached and served directly, one-way travel hours)
//!   recomputed, the solver's graph counts checked for sanity; `timings_s` non-negative;
//!   `diagnosis` present exactly when a target is short, its `shortfalls` recomputed;
//! - the `schedule` part (present exactly when the plan has a schedule): `rows`, `trips` (a
//!   team's joint trip once), `visits_per_period`, `enterprises_visited`,
//!   `distinct_members_per_unit`, `travel_hours_per_officer` and
//!   `days_used_per_officer_and_period` (min / median / max, one decimal),
//!   `travel_saved_minutes_vs_one_trip_per_enterprise` and `calendars` recomputed from
//!   `schedule.csv` and the scenario's travel times; `rules_met` true exactly when the
//!   schedule breaks no rule; and `shortfalls`: every listed shortfall is real — its visits
//!   are missing from `schedule.csv`, or made with fewer than `enterprises_per_unit_visit`
//!   members — and every missing visit is listed (per officer, period and target, the listed
//!   `visits_short` plus `stops_short` add up to the visits missing plus the member stops
//!   missing from unit visits), `free_days` is
//!   `min(days per period, free working days of the period)`.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use tepai_model::{EnterpriseIdx, OfficerIdx, Period, Place, Scenario, Target};

use super::assignment::CheckReport;
use super::coverage::trips_per_enterprise;
use super::{Finding, ScheduleReport, ScheduleRow, ScheduleViolation};
use crate::assignment::Assignment;

const FILE: &str = "summary.json";

/// Keys of the assignment part (written by `tepai plan` and `tepai assign`).
const ASSIGNMENT_KEYS: &[&str] = &[
    "status",
    "targets_met",
    "targets",
    "objective",
    "heuristic_objective",
    "bound",
    "bound_scope",
    "candidate_bound",
    "gap",
    "mip_gap",
    "solver_error",
    "kpis",
    "timings_s",
    "diagnosis",
];

/// Statuses as written.
const STATUSES: &[&str] = &["optimal", "feasible", "time_limit", "heuristic"];

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

/// Collects findings while walking the JSON.
struct Walk {
    findings: Vec<Finding>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

impl Walk {
    fn push(&mut self, key: &str, rule: &str, message: impl Into<String>) {
        self.findings
            .push(Finding::at_key(FILE, key, rule, message));
    }

    /// The object at `path`, reporting unknown keys and missing required ones.
    fn object<'v>(
        &mut self,
        path: &str,
        v: Option<&'v Value>,
        known: &[&str],
        required: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(v) = v else {
            self.push(path, "missing-key", "the key is missing");
            return None;
        };
        let Some(m) = v.as_object() else {
            self.push(path, "type", format!("expected an object, found {v}"));
            return None;
        };
        for k in m.keys() {
            if !known.contains(&k.as_str()) {
                self.push(
                    &join(path, k),
                    "unknown-key",
                    "not a key of the output contract",
                );
            }
        }
        for k in required {
            if !m.contains_key(*k) {
                self.push(&join(path, k), "missing-key", "the key is missing");
            }
        }
        Some(m)
    }

    /// A whole number equal to `want`.
    fn count(&mut self, key: &str, v: Option<&Value>, want: u64) {
        match v {
            None => {} // reported by `object`
            Some(x) if x.as_u64() == Some(want) => {}
            Some(x) if x.as_f64().is_some_and(|f| f == as_f64_u64(want)) => {}
            Some(x) => self.push(key, "recomputed", format!("written {x}, expected {want}")),
        }
    }

    /// A number within the tolerance of `want`.
    fn number(&mut self, key: &str, v: Option<&Value>, want: f64) {
        match v {
            None => {}
            Some(x) if x.as_f64().is_some_and(|f| close(f, want)) => {}
            Some(x) => self.push(key, "recomputed", format!("written {x}, expected {want}")),
        }
    }

    /// A finite number (or `null` when allowed); returns it.
    fn finite(&mut self, key: &str, v: Option<&Value>, null_ok: bool) -> Option<f64> {
        match v {
            None => None,
            Some(Value::Null) if null_ok => None,
            Some(x) => match x.as_f64().filter(|f| f.is_finite()) {
                Some(f) => Some(f),
                None => {
                    self.push(key, "type", format!("expected a number, found {x}"));
                    None
                }
            },
        }
    }

    /// A non-negative number; returns it.
    fn non_negative(&mut self, key: &str, v: Option<&Value>) -> Option<f64> {
        let f = self.finite(key, v, false)?;
        if f < 0.0 {
            self.push(key, "sanity", format!("written {f}, must not be negative"));
        }
        Some(f)
    }

    /// A non-negative whole number; returns it.
    fn natural(&mut self, key: &str, v: Option<&Value>) -> Option<u64> {
        let x = v?;
        let n = x.as_u64();
        if n.is_none() {
            self.push(
                key,
                "type",
                format!("expected a whole number ≥ 0, found {x}"),
            );
        }
        n
    }

    fn string<'v>(&mut self, key: &str, v: Option<&'v Value>) -> Option<&'v str> {
        let x = v?;
        let t = x.as_str();
        if t.is_none() {
            self.push(key, "type", format!("expected a string, found {x}"));
        }
        t
    }

    fn boolean(&mut self, key: &str, v: Option<&Value>, want: bool) {
        match v {
            None => {}
            Some(Value::Bool(b)) if *b == want => {}
            Some(x) => self.push(key, "recomputed", format!("written {x}, expected {want}")),
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn as_f64_u64(n: u64) -> f64 {
    n as f64
}

fn count_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Checks `summary.json` against the scenario, the assignment (and its checker's report)
/// and, when the plan has one, the schedule's rows and their checker's report.
pub fn check_summary(
    s: &Scenario,
    a: &Assignment,
    report: &CheckReport,
    schedule: Option<(&[ScheduleRow], &ScheduleReport)>,
    summary: &Value,
) -> Vec<Finding> {
    let mut w = Walk {
        findings: Vec::new(),
    };
    let mut known: Vec<&str> = vec!["tepai_version", "scenario", "schedule"];
    known.extend_from_slice(ASSIGNMENT_KEYS);
    let mut required = vec!["tepai_version", "scenario"];
    let Some(top) = w.object("", Some(summary), &known, &[]) else {
        return w.findings;
    };
    let has_assignment_part = ASSIGNMENT_KEYS.iter().any(|k| top.contains_key(*k));
    if has_assignment_part {
        required.extend_from_slice(ASSIGNMENT_KEYS);
    }
    if schedule.is_some() {
        required.push("schedule");
    }
    for k in &required {
        if !top.contains_key(*k) {
            w.push(k, "missing-key", "the key is missing");
        }
    }
    if schedule.is_none() && top.contains_key("schedule") {
        w.push(
            "schedule",
            "no-schedule",
            "the summary has a schedule part, but the plan has no schedule.csv",
        );
    }

    w.string("tepai_version", top.get("tepai_version"));
    if let Some(sc) = w.object(
        "scenario",
        top.get("scenario"),
        &["name", "year", "hash"],
        &["name", "year", "hash"],
    ) {
        if let Some(name) = w.string("scenario.name", sc.get("name")) {
            if name != s.name {
                w.push(
                    "scenario.name",
                    "recomputed",
                    format!("written {name:?}, expected {:?}", s.name),
                );
            }
        }
        match sc.get("year").map(Value::as_i64) {
            Some(Some(y)) if y == i64::from(s.year) => {}
            Some(_) => w.push(
                "scenario.year",
                "recomputed",
                format!("written {}, expected {}", sc["year"], s.year),
            ),
            None => {}
        }
        if let Some(hash) = w.string("scenario.hash", sc.get("hash")) {
            if hash != s.content_hash {
                w.push(
                    "scenario.hash",
                    "recomputed",
                    format!("written {hash:?}, expected {:?}", s.content_hash),
                );
            }
        }
    }

    if has_assignment_part {
        assignment_part(&mut w, s, a, report, top);
    }
    if let (Some((rows, sched)), Some(v)) = (schedule, top.get("schedule")) {
        schedule_part(&mut w, s, a, rows, sched, v);
    }
    w.findings
}

fn assignment_part(
    w: &mut Walk,
    s: &Scenario,
    a: &Assignment,
    report: &CheckReport,
    top: &Map<String, Value>,
) {
    let got = &report.achieved;
    let short = got.platforms_served < got.platforms_required
        || got.chambers_served < got.chambers_required
        || got.enterprises_reached < got.enterprises_required;

    // Targets.
    w.boolean("targets_met", top.get("targets_met"), !short);
    let names = ["platforms", "chambers", "enterprises"];
    if let Some(t) = w.object("targets", top.get("targets"), &names, &names) {
        let figures = [
            ("platforms", got.platforms_required, got.platforms_served),
            ("chambers", got.chambers_required, got.chambers_served),
            (
                "enterprises",
                got.enterprises_required,
                got.enterprises_reached,
            ),
        ];
        for (name, required, achieved) in figures {
            let path = format!("targets.{name}");
            let keys = ["required", "achieved"];
            if let Some(m) = w.object(&path, t.get(name), &keys, &keys) {
                w.count(
                    &format!("{path}.required"),
                    m.get("required"),
                    required.into(),
                );
                w.count(
                    &format!("{path}.achieved"),
                    m.get("achieved"),
                    achieved.into(),
                );
            }
        }
    }

    // Objective.
    let o = &report.objective;
    let parts = [
        ("total", o.total()),
        ("shortfall", o.shortfall),
        ("priority", o.priority),
        ("travel", o.travel),
        ("mismatch", o.mismatch),
        ("imbalance", o.imbalance),
        ("change", o.change),
    ];
    let part_names: Vec<&str> = parts.iter().map(|p| p.0).collect();
    let mut written_total = None;
    if let Some(m) = w.object("objective", top.get("objective"), &part_names, &part_names) {
        for (name, want) in parts {
            w.number(&format!("objective.{name}"), m.get(name), want);
        }
        written_total = m.get("total").and_then(Value::as_f64);
    }
    let objective = written_total.unwrap_or(o.total());

    // Bound, gap, status.
    let heuristic = w.finite("heuristic_objective", top.get("heuristic_objective"), false);
    let bound = w.finite("bound", top.get("bound"), true);
    let slack = TOLERANCE * objective.abs().max(1.0);
    let all_plans = top.get("bound_scope").and_then(Value::as_str) == Some("all_plans");
    if let (Some(h), Some(b), true) = (heuristic, bound, all_plans) {
        // The heuristic's plan is a plan too: a bound for all plans cannot exceed it.
        if b > h + TOLERANCE * h.abs().max(1.0) {
            w.push(
                "heuristic_objective",
                "bound-above-objective",
                format!("the heuristic's objective {h} lies below the bound {b} for all plans"),
            );
        }
    }
    if let Some(b) = bound {
        if b > objective + slack {
            w.push(
                "bound",
                "bound-above-objective",
                format!("the lower bound {b} exceeds the objective {objective}"),
            );
        }
    }
    if let Some(cb) = w.finite("candidate_bound", top.get("candidate_bound"), true) {
        if cb > objective + slack {
            w.push(
                "candidate_bound",
                "bound-above-objective",
                format!("the candidate bound {cb} exceeds the objective {objective}"),
            );
        }
    }
    let scope = w.string("bound_scope", top.get("bound_scope"));
    if let Some(sc) = scope {
        if sc != "all_plans" && sc != "candidate_pairs" {
            w.push(
                "bound_scope",
                "type",
                format!("written {sc:?}, expected \"all_plans\" or \"candidate_pairs\""),
            );
        }
    }
    let want_gap = bound.map(|b| ((objective - b) / objective.abs().max(1.0)).max(0.0));
    match (top.get("gap"), want_gap) {
        (None, _) => {}
        (Some(Value::Null), None) => {}
        (Some(g), Some(want)) if g.as_f64().is_some_and(|x| close(x, want)) => {}
        (Some(g), want) => w.push(
            "gap",
            "recomputed",
            format!(
                "written {g}, expected {} ((objective − bound) ÷ max(1, |objective|))",
                want.map_or("null".to_owned(), |x| x.to_string())
            ),
        ),
    }
    if let Some(status) = w.string("status", top.get("status")) {
        if !STATUSES.contains(&status) {
            w.push(
                "status",
                "type",
                format!("written {status:?}, expected one of {STATUSES:?}"),
            );
        }
        // The gap the run was asked for (the scenario's, or `--mip-gap`).
        let asked = w.finite("mip_gap", top.get("mip_gap"), false);
        if asked.is_some_and(|g| !(0.0..=1.0).contains(&g)) {
            w.push("mip_gap", "type", "expected a fraction between 0 and 1");
        }
        let asked = asked.unwrap_or(s.solver.mip_gap);
        if status == "optimal" {
            let gap = want_gap.unwrap_or(f64::INFINITY);
            if scope != Some("all_plans") || gap > asked + TOLERANCE {
                w.push(
                    "status",
                    "status-not-proven",
                    format!(
                        "\"optimal\" needs bound_scope \"all_plans\" and a gap within mip_gap {asked}, \
                         but bound_scope is {scope:?} and the gap is {gap}"
                    ),
                );
            }
        }
        match top.get("solver_error") {
            None | Some(Value::Null) => {}
            Some(Value::String(_)) if status == "heuristic" => {}
            Some(Value::String(_)) => w.push(
                "solver_error",
                "status-not-proven",
                "the MIP solver failed, so the status can only be \"heuristic\"",
            ),
            Some(_) => w.push("solver_error", "type", "expected null or a text"),
        }
    }

    // KPIs.
    let kpi_names = [
        "officers",
        "officers_used",
        "pairs",
        "enterprises_reached",
        "enterprises_served_directly",
        "one_way_travel_hours_total",
        "candidate_pairs",
        "pairs_within_reach",
        "graph_components",
    ];
    if let Some(k) = w.object("kpis", top.get("kpis"), &kpi_names, &kpi_names) {
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
        w.count(
            "kpis.officers",
            k.get("officers"),
            count_u64(s.officers.len()),
        );
        w.count(
            "kpis.officers_used",
            k.get("officers_used"),
            count_u64(used.len()),
        );
        w.count("kpis.pairs", k.get("pairs"), count_u64(a.pairs.len()));
        w.count(
            "kpis.enterprises_reached",
            k.get("enterprises_reached"),
            got.enterprises_reached.into(),
        );
        w.count(
            "kpis.enterprises_served_directly",
            k.get("enterprises_served_directly"),
            count_u64(direct.len()),
        );
        w.number(
            "kpis.one_way_travel_hours_total",
            k.get("one_way_travel_hours_total"),
            round1(hours),
        );
        let candidates = w.natural("kpis.candidate_pairs", k.get("candidate_pairs"));
        let reach = w.natural("kpis.pairs_within_reach", k.get("pairs_within_reach"));
        w.natural("kpis.graph_components", k.get("graph_components"));
        if let (Some(c), Some(r)) = (candidates, reach) {
            if c > r {
                w.push(
                    "kpis.candidate_pairs",
                    "sanity",
                    format!("{c} candidate pairs, more than the {r} pairs within reach"),
                );
            }
        }
        if let Some(c) = candidates {
            let pairs = count_u64(known.len());
            if pairs > c {
                w.push(
                    "kpis.candidate_pairs",
                    "sanity",
                    format!("{c} candidate pairs, fewer than the plan's {pairs} pairs"),
                );
            }
        }
    }

    // Timings: not re-derivable, only sane.
    let stages = [
        "graph",
        "heuristic",
        "model_build",
        "lp",
        "pricing",
        "mip",
        "diagnosis",
    ];
    if let Some(t) = w.object("timings_s", top.get("timings_s"), &stages, &stages) {
        for stage in stages {
            w.non_negative(&format!("timings_s.{stage}"), t.get(stage));
        }
    }

    // Diagnosis: present exactly when a target is short.
    match top.get("diagnosis") {
        None => {}
        Some(Value::Null) if !short => {}
        Some(Value::Null) => w.push(
            "diagnosis",
            "missing-diagnosis",
            "a target is short, but the summary has no diagnosis",
        ),
        Some(d) if !short => w.push(
            "diagnosis",
            "unexpected-diagnosis",
            format!("every target is met, but a diagnosis is written: {d}"),
        ),
        Some(d) => diagnosis(w, report, d),
    }
}

fn diagnosis(w: &mut Walk, report: &CheckReport, d: &Value) {
    let keys = [
        "shortfalls",
        "unreachable_units",
        "unreachable_enterprises",
        "courts",
        "additional_officers",
        "additional_officers_proven_minimal",
    ];
    let Some(m) = w.object("diagnosis", Some(d), &keys, &keys) else {
        return;
    };
    let got = &report.achieved;
    let mut want: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (name, required, achieved) in [
        ("platforms", got.platforms_required, got.platforms_served),
        ("chambers", got.chambers_required, got.chambers_served),
        (
            "enterprises",
            got.enterprises_required,
            got.enterprises_reached,
        ),
    ] {
        if achieved < required {
            want.insert(name.to_owned(), (required, achieved));
        }
    }
    let mut listed: BTreeSet<String> = BTreeSet::new();
    match m.get("shortfalls").map(Value::as_array) {
        None => {}
        Some(None) => w.push("diagnosis.shortfalls", "type", "expected an array"),
        Some(Some(list)) => {
            for (i, f) in list.iter().enumerate() {
                let path = format!("diagnosis.shortfalls[{i}]");
                let keys = ["target", "required", "achieved", "short_by"];
                let Some(fm) = w.object(&path, Some(f), &keys, &keys) else {
                    continue;
                };
                let Some(target) = w.string(&format!("{path}.target"), fm.get("target")) else {
                    continue;
                };
                let Some(&(required, achieved)) = want.get(target) else {
                    w.push(
                        &format!("{path}.target"),
                        "shortfall-not-real",
                        format!("{target:?} is listed as short, but it is not a short target"),
                    );
                    continue;
                };
                listed.insert(target.to_owned());
                w.count(
                    &format!("{path}.required"),
                    fm.get("required"),
                    required.into(),
                );
                w.count(
                    &format!("{path}.achieved"),
                    fm.get("achieved"),
                    achieved.into(),
                );
                w.count(
                    &format!("{path}.short_by"),
                    fm.get("short_by"),
                    (required - achieved).into(),
                );
            }
        }
    }
    for (target, (required, achieved)) in &want {
        if !listed.contains(target) {
            w.push(
                "diagnosis.shortfalls",
                "shortfall-unlisted",
                format!("{target}: {achieved} of {required} required, but not listed"),
            );
        }
    }
    for key in ["unreachable_units", "courts"] {
        if m.get(key).is_some_and(|v| !v.is_array()) {
            w.push(&format!("diagnosis.{key}"), "type", "expected an array");
        }
    }
    w.natural(
        "diagnosis.unreachable_enterprises",
        m.get("unreachable_enterprises"),
    );
    if let Some(add) = m.get("additional_officers") {
        match add.as_object() {
            Some(courts) => {
                for (court, n) in courts {
                    w.natural(&format!("diagnosis.additional_officers.{court}"), Some(n));
                }
            }
            None if add.is_null() => {}
            None => w.push(
                "diagnosis.additional_officers",
                "type",
                "expected an object",
            ),
        }
    }
    if m.get("additional_officers_proven_minimal")
        .is_some_and(|v| !v.is_boolean())
    {
        w.push(
            "diagnosis.additional_officers_proven_minimal",
            "type",
            "expected true or false",
        );
    }
}

/// min / median (the upper middle) / max, one decimal; `null` for no values.
fn min_median_max(mut v: Vec<f64>) -> Option<[f64; 3]> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some([round1(v[0]), round1(v[v.len() / 2]), round1(v[v.len() - 1])])
}

fn stats(w: &mut Walk, path: &str, v: Option<&Value>, want: Option<[f64; 3]>) {
    let Some(v) = v else { return };
    match want {
        None if v.is_null() => {}
        None => w.push(
            path,
            "recomputed",
            format!("written {v}, expected null (no visits)"),
        ),
        Some(want) => {
            let keys = ["min", "median", "max"];
            if let Some(m) = w.object(path, Some(v), &keys, &keys) {
                for (k, x) in keys.iter().zip(want) {
                    w.number(&format!("{path}.{k}"), m.get(*k), x);
                }
            }
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
    w: &mut Walk,
    s: &Scenario,
    a: &Assignment,
    rows: &[ScheduleRow],
    sched: &ScheduleReport,
    v: &Value,
) {
    let keys = [
        "rules_met",
        "trips",
        "rows",
        "visits_per_period",
        "enterprises_visited",
        "distinct_members_per_unit",
        "travel_hours_per_officer",
        "days_used_per_officer_and_period",
        "travel_saved_minutes_vs_one_trip_per_enterprise",
        "shortfalls",
        "calendars",
    ];
    let Some(m) = w.object("schedule", Some(v), &keys, &keys) else {
        return;
    };
    let good: Vec<Row> = rows.iter().filter_map(|r| readable(s, r)).collect();

    w.count("schedule.rows", m.get("rows"), count_u64(rows.len()));
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
    w.count("schedule.trips", m.get("trips"), count_u64(trips.len()));

    // Trips per period: every period of the year (a period without trips may be left out).
    if let Some(per) = m.get("visits_per_period") {
        match per.as_object() {
            None => w.push("schedule.visits_per_period", "type", "expected an object"),
            Some(per) => {
                let periods = Period::all(s.year, s.rules.period);
                let labels: BTreeSet<String> = periods.iter().map(Period::label).collect();
                for k in per.keys() {
                    if !labels.contains(k) {
                        w.push(
                            &format!("schedule.visits_per_period.{k}"),
                            "unknown-key",
                            format!("not a period of {}", s.year),
                        );
                    }
                }
                for p in &periods {
                    let want = trips.values().filter(|q| **q == Some(*p)).count();
                    let key = format!("schedule.visits_per_period.{}", p.label());
                    match per.get(&p.label()) {
                        None if want == 0 => {}
                        None => w.push(
                            &key,
                            "missing-key",
                            format!(
                                "{want} trips in {}, but the period is not listed",
                                p.label()
                            ),
                        ),
                        Some(x) => w.count(&key, Some(x), count_u64(want)),
                    }
                }
            }
        }
    }

    let visited = trips_per_enterprise(s, rows)
        .iter()
        .filter(|&&n| n > 0)
        .count();
    w.count(
        "schedule.enterprises_visited",
        m.get("enterprises_visited"),
        count_u64(visited),
    );

    // Distinct members per unit with an officer.
    if let Some(dm) = m.get("distinct_members_per_unit") {
        match dm.as_object() {
            None => w.push(
                "schedule.distinct_members_per_unit",
                "type",
                "expected an object",
            ),
            Some(dm) => {
                let want: BTreeMap<&str, u32> = sched
                    .distinct_members
                    .iter()
                    .map(|(u, n)| (u.as_str(), *n))
                    .collect();
                for k in dm.keys() {
                    if !want.contains_key(k.as_str()) {
                        w.push(
                            &format!("schedule.distinct_members_per_unit.{k}"),
                            "unknown-key",
                            "not a unit the assignment serves",
                        );
                    }
                }
                for (u, n) in &want {
                    let key = format!("schedule.distinct_members_per_unit.{u}");
                    match dm.get(*u) {
                        None => w.push(&key, "missing-key", format!("expected {n}")),
                        Some(x) => w.count(&key, Some(x), (*n).into()),
                    }
                }
            }
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
        m.get("travel_hours_per_officer"),
        min_median_max(travel.values().copied().collect()),
    );
    stats(
        w,
        "schedule.days_used_per_officer_and_period",
        m.get("days_used_per_officer_and_period"),
        min_median_max(days.values().map(|d| as_f64(d.len())).collect()),
    );
    w.count(
        "schedule.travel_saved_minutes_vs_one_trip_per_enterprise",
        m.get("travel_saved_minutes_vs_one_trip_per_enterprise"),
        u64::try_from(saved.max(0)).unwrap_or(0),
    );
    let officers_with_rows: BTreeSet<&str> = rows
        .iter()
        .map(|r| r.officer_id.trim())
        .filter(|id| s.officer_by_id(id).is_some())
        .collect();
    w.count(
        "schedule.calendars",
        m.get("calendars"),
        count_u64(officers_with_rows.len()),
    );

    // Shortfalls against the visits really missing.
    let listed = shortfalls(w, s, a, &good, sched, m.get("shortfalls"));
    if let Some(x) = m.get("rules_met") {
        let want = sched.is_valid();
        match x.as_bool() {
            Some(b) if b == want && !(b && listed > 0) => {}
            Some(b) if b && listed > 0 => w.push(
                "schedule.rules_met",
                "recomputed",
                format!("written true, but {listed} shortfall(s) are listed"),
            ),
            _ => w.push(
                "schedule.rules_met",
                "recomputed",
                format!(
                    "written {x}, expected {want} (schedule.csv breaks {} rule(s))",
                    sched.violations.len()
                ),
            ),
        }
    }
}

/// Visits missing per (officer id, period label, target id): visits fewer than the rule asks,
/// plus unit visits made with fewer than `enterprises_per_unit_visit` distinct members.
fn deficits(
    s: &Scenario,
    good: &[Row],
    sched: &ScheduleReport,
) -> BTreeMap<(String, String, String), u32> {
    let mut out: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    for v in &sched.violations {
        match v {
            ScheduleViolation::UnitVisits {
                officer_id,
                unit_id: target,
                period,
                visits,
                expected,
            }
            | ScheduleViolation::EnterpriseVisits {
                officer_id,
                enterprise_id: target,
                period,
                visits,
                expected,
            } if visits < expected => {
                *out.entry((officer_id.clone(), period.clone(), target.clone()))
                    .or_insert(0) += expected - visits;
            }
            _ => {}
        }
    }
    for r in good {
        let kind = r.raw.target_kind.trim();
        if kind != "platform" && kind != "chamber" {
            continue;
        }
        let distinct: BTreeSet<EnterpriseIdx> = r.stops.iter().copied().collect();
        let k = usize::try_from(s.rules.enterprises_per_unit_visit).unwrap_or(usize::MAX);
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

/// Checks `schedule.shortfalls`; returns how many are listed.
#[allow(clippy::too_many_lines)]
fn shortfalls(
    w: &mut Walk,
    s: &Scenario,
    a: &Assignment,
    good: &[Row],
    sched: &ScheduleReport,
    v: Option<&Value>,
) -> usize {
    let Some(v) = v else { return 0 };
    let Some(list) = v.as_array() else {
        w.push("schedule.shortfalls", "type", "expected an array");
        return 0;
    };
    let actual = deficits(s, good, sched);
    let periods = Period::all(s.year, s.rules.period);
    // Per (officer, period, target or none): listed visits short and the first entry.
    let mut listed: BTreeMap<(String, String, Option<String>), (u32, usize)> = BTreeMap::new();
    let keys = [
        "officer_id",
        "period",
        "target_id",
        "rule",
        "explanation",
        "visits_short",
        "free_days",
        "days_needed",
    ];
    let allowed = [&keys[..], &["stops_short"]].concat();
    for (i, f) in list.iter().enumerate() {
        let path = format!("schedule.shortfalls[{i}]");
        let Some(m) = w.object(&path, Some(f), &allowed, &keys) else {
            continue;
        };
        let officer_id = w.string(&format!("{path}.officer_id"), m.get("officer_id"));
        let officer = officer_id.and_then(|id| s.officer_by_id(id));
        if officer_id.is_some() && officer.is_none() {
            w.push(
                &format!("{path}.officer_id"),
                "shortfall-not-real",
                format!(
                    "{:?} is not an officer of the scenario",
                    officer_id.unwrap_or("")
                ),
            );
        }
        let period_label = w.string(&format!("{path}.period"), m.get("period"));
        let period = period_label.and_then(|p| periods.iter().find(|q| q.label() == p).copied());
        if period_label.is_some() && period.is_none() {
            w.push(
                &format!("{path}.period"),
                "shortfall-not-real",
                format!(
                    "{:?} is not a period of {}",
                    period_label.unwrap_or(""),
                    s.year
                ),
            );
        }
        let target_id = match m.get("target_id") {
            Some(Value::Null) | None => None,
            Some(t) => w.string(&format!("{path}.target_id"), Some(t)),
        };
        if let (Some(o), Some(t)) = (officer, target_id) {
            let target = s
                .unit_by_id(t)
                .map(Target::Unit)
                .or_else(|| s.enterprise_by_id(t).map(Target::Enterprise));
            if !target.is_some_and(|t| a.pairs.contains(&(o, t))) {
                w.push(
                    &format!("{path}.target_id"),
                    "shortfall-not-real",
                    format!("officer {} is not assigned {t:?}", s.officer(o).id),
                );
            }
        }
        if let Some(rule) = w.string(&format!("{path}.rule"), m.get("rule")) {
            if !SHORTFALL_RULES.contains(&rule) {
                w.push(
                    &format!("{path}.rule"),
                    "type",
                    format!("written {rule:?}, expected one of {SHORTFALL_RULES:?}"),
                );
            }
        }
        if w.string(&format!("{path}.explanation"), m.get("explanation"))
            .is_some_and(str::is_empty)
        {
            w.push(
                &format!("{path}.explanation"),
                "sanity",
                "empty explanation",
            );
        }
        w.natural(&format!("{path}.days_needed"), m.get("days_needed"));
        if let (Some(o), Some(p)) = (officer, period) {
            let free = s
                .calendar
                .working_days(p.start(), p.end())
                .unwrap_or_default()
                .into_iter()
                .filter(|d| {
                    !s.unavailable
                        .iter()
                        .any(|u| u.officer == o && u.from <= *d && *d <= u.to)
                })
                .count();
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let per_period = s.days_per_period(o).floor().max(0.0) as u64;
            w.count(
                &format!("{path}.free_days"),
                m.get("free_days"),
                per_period.min(count_u64(free)),
            );
        }
        let visits = w.natural(&format!("{path}.visits_short"), m.get("visits_short"));
        let stops = match m.get("stops_short") {
            None => Some(0),
            v => w.natural(&format!("{path}.stops_short"), v),
        };
        let short = visits.zip(stops).map(|(v, s)| v + s);
        if short == Some(0) {
            w.push(
                &format!("{path}.visits_short"),
                "shortfall-not-real",
                "a shortfall of 0 visits and 0 member stops",
            );
        }
        if let (Some(o), Some(p), Some(n)) = (officer_id, period_label, short) {
            let e = listed
                .entry((o.to_owned(), p.to_owned(), target_id.map(str::to_owned)))
                .or_insert((0, i));
            e.0 += u32::try_from(n).unwrap_or(u32::MAX);
        }
    }

    // Listed against real, per officer, period and target.
    let mut officer_period_actual: BTreeMap<(String, String), u32> = BTreeMap::new();
    for ((o, p, _), n) in &actual {
        *officer_period_actual
            .entry((o.clone(), p.clone()))
            .or_insert(0) += n;
    }
    for ((o, p, t), &(n, first)) in &listed {
        let path = format!("schedule.shortfalls[{first}]");
        match t {
            Some(t) => {
                let real = actual
                    .get(&(o.clone(), p.clone(), t.clone()))
                    .copied()
                    .unwrap_or(0);
                if n > real {
                    w.push(
                        &path,
                        "shortfall-not-real",
                        format!(
                            "lists {n} visit(s) short for officer {o} → {t} in {p}, but \
                             schedule.csv is short by {real}"
                        ),
                    );
                }
            }
            None => {
                let real = officer_period_actual
                    .get(&(o.clone(), p.clone()))
                    .copied()
                    .unwrap_or(0);
                if real == 0 {
                    w.push(
                        &path,
                        "shortfall-not-real",
                        format!(
                            "lists {n} visit(s) short for officer {o} in {p}, but schedule.csv \
                             has every visit of the officer in {p}"
                        ),
                    );
                }
            }
        }
    }
    for ((o, p, t), &real) in &actual {
        let n = listed
            .get(&(o.clone(), p.clone(), Some(t.clone())))
            .map_or(0, |x| x.0);
        let officer_wide = listed.contains_key(&(o.clone(), p.clone(), None));
        if n < real && !officer_wide {
            w.push(
                "schedule.shortfalls",
                "shortfall-unlisted",
                format!(
                    "schedule.csv is {real} visit(s) short for officer {o} → {t} in {p}, but \
                     summary.json lists {n}"
                ),
            );
        }
    }
    list.len()
}
