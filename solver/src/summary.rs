//! `summary.json`, typed: what the plan writer writes, the terminal renders, and `tepai
//! check` and the tests read back.
//!
//! The file is one flat JSON object: the scenario's identity and the tepai version, the
//! assignment part (status, targets, objective and its parts, bound, gap, KPIs, timings,
//! diagnosis; written by `tepai plan` and `tepai assign`, absent from a plan made by `tepai
//! schedule`) and the `schedule` part (written when the plan has a schedule). [`Summary`]
//! keeps the two parts apart as [`AssignmentSummary`] and [`ScheduleSummary`]; the file's flat
//! form is a private detail of this module. Reading rejects unknown keys and wrong types,
//! naming the key (see [`Summary::from_json`]).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The objective's parts, each already weighted (priority is negative: reach is a gain).
/// The objective is their sum ([`ObjectiveParts::total`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveParts {
    /// Weight × (missing platforms + missing chambers + missing enterprises).
    pub shortfall: f64,
    /// −weight × summed value of the reached enterprises (negative or zero).
    pub priority: f64,
    /// Weight × hours of one-way travel, summed over pairs.
    pub travel: f64,
    /// Weight × unmet needs, summed over pairs.
    pub mismatch: f64,
    /// Weight × the highest officer load, in days.
    pub imbalance: f64,
    /// Weight × previous targets (per officer) the officer no longer serves.
    pub change: f64,
}

impl ObjectiveParts {
    /// The objective: the sum of the parts.
    pub fn total(&self) -> f64 {
        self.shortfall + self.priority + self.travel + self.mismatch + self.imbalance + self.change
    }
}

/// How good the returned plan is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal within the requested gap.
    Optimal,
    /// A plan with a proven gap above the requested one (the MIP stopped early).
    Feasible,
    /// The time limit ended the search; the best plan found so far is returned.
    TimeLimit,
    /// Only the heuristic ran (by request); the bound is the LP relaxation's.
    Heuristic,
}

impl Status {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::TimeLimit => "time_limit",
            Status::Heuristic => "heuristic",
        }
    }
}

/// Which plans a bound holds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundScope {
    /// Every plan the scenario allows (all pairs within reach).
    AllPlans,
    /// Plans made of the candidate pairs only (province-sized regions, see
    /// [`CandidateLimits`](crate::candidates::CandidateLimits)): the whole model was too large to bound within the time limit.
    CandidatePairs,
}

impl BoundScope {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundScope::AllPlans => "all_plans",
            BoundScope::CandidatePairs => "candidate_pairs",
        }
    }
}

/// Everything `summary.json` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "SummaryFile", try_from = "SummaryFile")]
pub struct Summary {
    /// The scenario the plan was made for.
    pub scenario: ScenarioIdentity,
    /// The version of tepai that wrote the plan.
    pub tepai_version: String,
    /// Who serves what, and how good that is known to be (absent from a plan that only
    /// dates the visits of a given assignment).
    pub assignment: Option<AssignmentSummary>,
    /// Every visit of the year (absent from a plan without a schedule).
    pub schedule: Option<ScheduleSummary>,
}

/// Which scenario a plan belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioIdentity {
    /// Its name.
    pub name: String,
    /// The plan year.
    pub year: i32,
    /// SHA-256 of its content (scenario file and every data file).
    pub hash: String,
}

/// The assignment part.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentSummary {
    /// How good the plan is known to be.
    pub status: Status,
    /// Whether every target is met.
    pub targets_met: bool,
    /// Each target's required and achieved value.
    pub targets: Targets,
    /// The objective as written: its total and its parts.
    pub objective: Objective,
    /// The heuristic's objective, before the MIP.
    pub heuristic_objective: f64,
    /// The proven lower bound, if known.
    pub bound: Option<f64>,
    /// Which plans the bound holds for.
    pub bound_scope: BoundScope,
    /// The MIP's own dual bound over its model, if it ran.
    pub candidate_bound: Option<f64>,
    /// `(objective − bound) ÷ max(1, |objective|)`, when a bound is known.
    pub gap: Option<f64>,
    /// The relative gap the run was asked to reach.
    pub mip_gap: f64,
    /// Why the MIP solver could not be used, when it failed.
    pub solver_error: Option<String>,
    /// Counts of the plan and of the solver's graph.
    pub kpis: Kpis,
    /// Last year's officer–target pairs, and how many the plan keeps.
    pub continuity: Continuity,
    /// Wall-clock seconds of each step.
    pub timings_s: Timings,
    /// Why targets are short, when they are.
    pub diagnosis: Option<Diagnosis>,
}

/// The objective as written: the total and each part.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Objective {
    /// The total as written (the sum of the parts).
    pub total: f64,
    /// The parts.
    pub parts: ObjectiveParts,
}

impl From<ObjectiveParts> for Objective {
    fn from(parts: ObjectiveParts) -> Self {
        Objective {
            total: parts.total(),
            parts,
        }
    }
}

/// The three targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Platforms served.
    pub platforms: TargetFigures,
    /// Chambers served.
    pub chambers: TargetFigures,
    /// Enterprises counted: reached, or visited in the year (`enterprises_count`).
    pub enterprises: TargetFigures,
    /// Which count the enterprise target uses (`targets.enterprises_count`): written only
    /// when it is `visited`; absent means `reached`.
    #[serde(default, skip_serializing_if = "EnterprisesCountWritten::is_reached")]
    pub enterprises_count: EnterprisesCountWritten,
}

/// Which count of enterprises the target uses, as written in `summary.json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterprisesCountWritten {
    /// Reached: member of a served unit, or served directly (the assignment's count).
    #[default]
    Reached,
    /// Visited: distinct enterprises of `schedule.csv` (without a schedule, the most the
    /// assignment's visits can reach).
    Visited,
}

impl EnterprisesCountWritten {
    fn is_reached(&self) -> bool {
        *self == EnterprisesCountWritten::Reached
    }

    /// The setting's value in the scenario.
    pub fn of(count: tepai_model::EnterprisesCount) -> Self {
        match count {
            tepai_model::EnterprisesCount::Reached => EnterprisesCountWritten::Reached,
            tepai_model::EnterprisesCount::Visited => EnterprisesCountWritten::Visited,
        }
    }

    /// `reached` or `visited`.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterprisesCountWritten::Reached => "reached",
            EnterprisesCountWritten::Visited => "visited",
        }
    }
}

/// One target's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFigures {
    /// What the scenario's targets require.
    pub required: u32,
    /// What the plan achieves.
    pub achieved: u32,
}

/// Counts of the plan and of the solver's candidate graph.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpis {
    /// Officers in the scenario.
    pub officers: u64,
    /// Officers with at least one target.
    pub officers_used: u64,
    /// Officer–target pairs of the plan.
    pub pairs: u64,
    /// Enterprises reached (through a served unit or directly).
    pub enterprises_reached: u64,
    /// Enterprises served directly.
    pub enterprises_served_directly: u64,
    /// One-way travel hours summed over pairs, one decimal.
    pub one_way_travel_hours_total: f64,
    /// Candidate pairs the solver's model held.
    pub candidate_pairs: u64,
    /// Pairs within reach, before candidate limits.
    pub pairs_within_reach: u64,
    /// Independent parts of the candidate graph.
    pub graph_components: u64,
}

/// Last year's officer–target pairs (the officers' previous targets) and how many the plan
/// keeps: a kept pair is one of this plan's pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Continuity {
    /// Officer–previous-target pairs (of officers the scenario has).
    pub previous: u64,
    /// Of which the plan keeps.
    pub kept: u64,
}

/// Wall-clock seconds of each step of the assignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timings {
    /// Candidate graph.
    pub graph: f64,
    /// Heuristic construction.
    pub heuristic: f64,
    /// Building the MIP.
    pub model_build: f64,
    /// LP relaxations.
    pub lp: f64,
    /// Pricing the pairs left out of the model.
    pub pricing: f64,
    /// MIP search.
    pub mip: f64,
    /// Diagnosis of short targets.
    pub diagnosis: f64,
}

/// Why targets are short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Diagnosis {
    /// Each short target.
    pub shortfalls: Vec<TargetShortfall>,
    /// Units no plan can serve, with the reason.
    pub unreachable_units: Vec<UnreachableUnit>,
    /// Enterprises beyond every officer's reach, directly and through their units.
    pub unreachable_enterprises: u32,
    /// Per court: officers, officers used, unserved units nearby.
    pub courts: Vec<CourtLoad>,
    /// Additional officers per court id that close every gap, if found.
    pub additional_officers: Option<BTreeMap<String, u32>>,
    /// Whether that number is proven fewest.
    pub additional_officers_proven_minimal: bool,
    /// Why the search for additional officers failed, when the MIP solver failed in it
    /// (written only then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_officers_error: Option<String>,
}

/// A target the plan falls short of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetShortfall {
    /// `platforms`, `chambers` or `enterprises`.
    pub target: String,
    /// What the targets require.
    pub required: u32,
    /// What the plan achieves.
    pub achieved: u32,
    /// `required − achieved`.
    pub short_by: u32,
}

/// A unit no plan can serve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnreachableUnit {
    /// The unit's id.
    pub unit: String,
    /// Why (`travel`, `too_few_members`, `conflict`, …; see docs/assignment-model.md).
    pub reason: String,
}

/// One court's officers against the units near it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtLoad {
    /// The court's id.
    pub court: String,
    /// Its officers.
    pub officers: u32,
    /// Of which serve something.
    pub used: u32,
    /// Units within reach of the court that are not served.
    pub unserved_units_nearby: u32,
}

/// The schedule part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSummary {
    /// Whether every visit rule is met.
    pub rules_met: bool,
    /// Day trips (a team's joint trip counted once).
    pub trips: u64,
    /// Rows of `schedule.csv` (a team trip has one row per officer).
    pub rows: u64,
    /// Trips per period label.
    pub visits_per_period: BTreeMap<String, u64>,
    /// Enterprises visited at least once.
    pub enterprises_visited: u64,
    /// The most enterprises the assignment's visits can reach in the year: every directly
    /// served enterprise, and per served unit at most `unit_visits_per_period × periods ×
    /// min(enterprises_per_unit_visit, members)` members, each enterprise counted once (an
    /// upper bound: calendars, travel and conflicts are not counted against it).
    pub enterprises_visited_max: u64,
    /// Per served unit id: distinct members visited in the year.
    pub distinct_members_per_unit: BTreeMap<String, u32>,
    /// Travel hours per officer with visits: min / median / max.
    pub travel_hours_per_officer: Option<MinMedianMax>,
    /// Days used per officer and period: min / median / max.
    pub days_used_per_officer_and_period: Option<MinMedianMax>,
    /// Travel minutes saved against one round trip per enterprise visited.
    pub travel_saved_minutes_vs_one_trip_per_enterprise: u64,
    /// Visits (or member stops) the schedule could not make.
    pub shortfalls: Vec<VisitShortfall>,
    /// Calendar files written (officers with at least one visit).
    pub calendars: u64,
}

/// Smallest, median (the upper one for an even count) and largest value, one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinMedianMax {
    /// Smallest.
    pub min: f64,
    /// Median.
    pub median: f64,
    /// Largest.
    pub max: f64,
}

impl MinMedianMax {
    /// Of the given values (`None` when there are none).
    pub fn of(mut values: Vec<f64>) -> Option<MinMedianMax> {
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let round = |x: f64| (x * 10.0).round() / 10.0;
        Some(MinMedianMax {
            min: round(values[0]),
            median: round(values[values.len() / 2]),
            max: round(values[values.len() - 1]),
        })
    }
}

/// Visits (or member stops) of one duty the schedule could not make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitShortfall {
    /// Whose duty.
    pub officer_id: String,
    /// The period label.
    pub period: String,
    /// The unit or enterprise (none: the officer's duties as a whole).
    pub target_id: Option<String>,
    /// Why (`not_enough_days`, `spacing`, `day_too_short`, …; see docs/schedule-model.md).
    pub rule: String,
    /// The rule in words.
    pub explanation: String,
    /// Visits missing.
    pub visits_short: u32,
    /// Member stops missing from the visits made.
    pub stops_short: u32,
    /// Days the officer may use in the period.
    pub free_days: u32,
    /// Trips the officer's duties need in the period.
    pub days_needed: u32,
}

/// Why `summary.json` does not read as a summary: the key (a dotted path, e.g.
/// `kpis.officers`; empty for the whole file) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if key.is_empty() { String::new() } else { format!("key {key}: ") })]
pub struct SummaryError {
    /// Where.
    pub key: String,
    /// What.
    pub message: String,
}

impl Summary {
    /// Reads a summary from JSON text, naming the key of the first problem: not JSON, an
    /// unknown key, a missing key, a wrong type or value, or an assignment part that is only
    /// partly there.
    pub fn from_json(text: &str) -> Result<Summary, SummaryError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let file: SummaryFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let key = e.path().to_string();
            SummaryError {
                key: if key == "." { String::new() } else { key },
                message: e.into_inner().to_string(),
            }
        })?;
        de.end().map_err(|e| SummaryError {
            key: String::new(),
            message: e.to_string(),
        })?;
        Summary::try_from(file)
    }

    /// The JSON text as written: pretty-printed, with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

// The file's flat form. Every key of the assignment part is optional here; `TryFrom` then
// requires all of them or none.

/// `Some(x)` for a key that is present (even when its value is null), `None` for a missing key.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SummaryFile {
    scenario: ScenarioIdentity,
    tepai_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<Status>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    targets_met: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    targets: Option<Targets>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    objective: Option<ObjectiveFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    heuristic_objective: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    bound: Option<Option<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bound_scope: Option<BoundScope>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    candidate_bound: Option<Option<f64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    gap: Option<Option<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mip_gap: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    solver_error: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kpis: Option<Kpis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    continuity: Option<Continuity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timings_s: Option<Timings>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    diagnosis: Option<Option<Diagnosis>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schedule: Option<ScheduleSummary>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ObjectiveFile {
    total: f64,
    shortfall: f64,
    priority: f64,
    travel: f64,
    mismatch: f64,
    imbalance: f64,
    change: f64,
}

impl From<Summary> for SummaryFile {
    fn from(s: Summary) -> Self {
        let a = s.assignment;
        SummaryFile {
            scenario: s.scenario,
            tepai_version: s.tepai_version,
            status: a.as_ref().map(|a| a.status),
            targets_met: a.as_ref().map(|a| a.targets_met),
            targets: a.as_ref().map(|a| a.targets),
            objective: a.as_ref().map(|a| {
                let p = a.objective.parts;
                ObjectiveFile {
                    total: a.objective.total,
                    shortfall: p.shortfall,
                    priority: p.priority,
                    travel: p.travel,
                    mismatch: p.mismatch,
                    imbalance: p.imbalance,
                    change: p.change,
                }
            }),
            heuristic_objective: a.as_ref().map(|a| a.heuristic_objective),
            bound: a.as_ref().map(|a| a.bound),
            bound_scope: a.as_ref().map(|a| a.bound_scope),
            candidate_bound: a.as_ref().map(|a| a.candidate_bound),
            gap: a.as_ref().map(|a| a.gap),
            mip_gap: a.as_ref().map(|a| a.mip_gap),
            solver_error: a.as_ref().map(|a| a.solver_error.clone()),
            kpis: a.as_ref().map(|a| a.kpis),
            continuity: a.as_ref().map(|a| a.continuity),
            timings_s: a.as_ref().map(|a| a.timings_s),
            diagnosis: a.map(|a| a.diagnosis),
            schedule: s.schedule,
        }
    }
}

impl TryFrom<SummaryFile> for Summary {
    type Error = SummaryError;

    fn try_from(f: SummaryFile) -> Result<Self, SummaryError> {
        let present = [
            ("status", f.status.is_some()),
            ("targets_met", f.targets_met.is_some()),
            ("targets", f.targets.is_some()),
            ("objective", f.objective.is_some()),
            ("heuristic_objective", f.heuristic_objective.is_some()),
            ("bound", f.bound.is_some()),
            ("bound_scope", f.bound_scope.is_some()),
            ("candidate_bound", f.candidate_bound.is_some()),
            ("gap", f.gap.is_some()),
            ("mip_gap", f.mip_gap.is_some()),
            ("solver_error", f.solver_error.is_some()),
            ("kpis", f.kpis.is_some()),
            ("continuity", f.continuity.is_some()),
            ("timings_s", f.timings_s.is_some()),
            ("diagnosis", f.diagnosis.is_some()),
        ];
        let assignment = match (
            f.status,
            f.targets_met,
            f.targets,
            f.objective,
            f.heuristic_objective,
            f.bound,
            f.bound_scope,
            f.candidate_bound,
            f.gap,
            f.mip_gap,
            f.solver_error,
            f.kpis,
            f.continuity,
            f.timings_s,
            f.diagnosis,
        ) {
            (
                Some(status),
                Some(targets_met),
                Some(targets),
                Some(o),
                Some(heuristic_objective),
                Some(bound),
                Some(bound_scope),
                Some(candidate_bound),
                Some(gap),
                Some(mip_gap),
                Some(solver_error),
                Some(kpis),
                Some(continuity),
                Some(timings_s),
                Some(diagnosis),
            ) => Some(AssignmentSummary {
                status,
                targets_met,
                targets,
                objective: Objective {
                    total: o.total,
                    parts: ObjectiveParts {
                        shortfall: o.shortfall,
                        priority: o.priority,
                        travel: o.travel,
                        mismatch: o.mismatch,
                        imbalance: o.imbalance,
                        change: o.change,
                    },
                },
                heuristic_objective,
                bound,
                bound_scope,
                candidate_bound,
                gap,
                mip_gap,
                solver_error,
                kpis,
                continuity,
                timings_s,
                diagnosis,
            }),
            _ => {
                if let Some((missing, _)) = present.iter().find(|(_, here)| !here) {
                    if present.iter().any(|(_, here)| *here) {
                        return Err(SummaryError {
                            key: (*missing).to_owned(),
                            message: "missing field: the assignment part has some of its keys \
                                      but not this one (a plan has all of them or none)"
                                .to_owned(),
                        });
                    }
                }
                None
            }
        };
        Ok(Summary {
            scenario: f.scenario,
            tepai_version: f.tepai_version,
            assignment,
            schedule: f.schedule,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEDULE_ONLY: &str = r#"{
  "scenario": {"name": "n", "year": 2024, "hash": "h"},
  "tepai_version": "0.1.0",
  "schedule": {
    "rules_met": true, "trips": 0, "rows": 0, "visits_per_period": {},
    "enterprises_visited": 0, "enterprises_visited_max": 0, "distinct_members_per_unit": {},
    "travel_hours_per_officer": null, "days_used_per_officer_and_period": null,
    "travel_saved_minutes_vs_one_trip_per_enterprise": 0, "shortfalls": [], "calendars": 0
  }
}"#;

    #[test]
    fn a_schedule_only_summary_reads_and_writes_back_the_same() {
        let s = Summary::from_json(SCHEDULE_ONLY).expect("reads");
        assert!(s.assignment.is_none());
        let again = Summary::from_json(&s.to_json()).expect("reads its own output");
        assert_eq!(s, again);
    }

    #[test]
    fn unknown_keys_wrong_types_and_partial_parts_name_the_key() {
        let extra = SCHEDULE_ONLY.replace("\"rows\": 0", "\"rows\": 0, \"extra\": 1");
        let e = Summary::from_json(&extra).unwrap_err();
        assert_eq!(e.key, "schedule.extra", "{e}");
        let typed = SCHEDULE_ONLY.replace("\"trips\": 0", "\"trips\": \"many\"");
        assert_eq!(
            Summary::from_json(&typed).unwrap_err().key,
            "schedule.trips"
        );
        let negative = SCHEDULE_ONLY.replace("\"trips\": 0", "\"trips\": -1");
        assert_eq!(
            Summary::from_json(&negative).unwrap_err().key,
            "schedule.trips"
        );
        let partial = SCHEDULE_ONLY.replace(
            "\"tepai_version\": \"0.1.0\",",
            "\"tepai_version\": \"0.1.0\", \"status\": \"optimal\",",
        );
        let e = Summary::from_json(&partial).unwrap_err();
        assert_eq!(e.key, "targets_met", "{e}");
        let e = Summary::from_json("{\"scenario\": 1").unwrap_err();
        assert_eq!(e.key, "scenario", "{e}");
        assert!(Summary::from_json("[]").is_err());
        assert!(Summary::from_json(&format!("{SCHEDULE_ONLY} x")).is_err());
    }
}
