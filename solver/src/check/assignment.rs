//! The assignment checker: re-verifies an assignment from the scenario and the pairs alone.
//!
//! **Independent by design.** This module shares no code with the optimiser
//! (`solver/src/assign/`): it re-derives every quantity of the contract in
//! `docs/assignment-model.md` itself — travel, load, capacity (with the calendar and the
//! officers' unavailability), needs and mismatch, enterprise value, candidate rules and the
//! objective — so that a mistake in the optimiser cannot hide behind the same mistake here.
//! It only reads the [`Scenario`] through the model crate's public API.
//!
//! [`check_assignment`] verifies, for an [`Assignment`]:
//! - every index lies in range ([`Violation::UnknownIndex`]) and no pair repeats
//!   ([`Violation::DuplicatePair`]);
//! - every pair is a candidate: travel within `max_one_way_minutes`
//!   ([`Violation::TravelTooLong`]), no conflict of interest under the scenario's
//!   `conflict_scope` ([`Violation::Conflict`]), a unit with at least
//!   `enterprises_per_unit_visit` eligible members ([`Violation::TooFewEligibleMembers`]), a
//!   reference trip `trip(o, x)` within `day_minutes` ([`Violation::TripTooLong`]), and an
//!   officer with capacity ([`Violation::NoCapacity`]), a slot `J(o) ≥ 1`
//!   ([`Violation::NoSlot`]) and room for the pair's load alone
//!   ([`Violation::PairOverCapacity`]);
//! - each officer's summed load `Σ V(x) × trip(o, x)` fits the capacity
//!   ([`Violation::OverCapacity`]) and its summed jobs fit its slots
//!   ([`Violation::TooManyJobs`]);
//! - the officer mode: in `exclusive` mode one unit or only enterprises
//!   ([`Violation::ModeExclusive`]), and never more than `max_enterprises_per_officer`
//!   enterprises ([`Violation::TooManyEnterprises`]);
//! - teams: a unit has no officer or exactly `team_size` ([`Violation::PartialTeam`]);
//! - an enterprise is served directly by at most one officer
//!   ([`Violation::EnterpriseServedTwice`]).
//!
//! It also reports what the plan achieves against the targets ([`Achieved`]) and the
//! objective's weighted parts ([`ObjectiveParts`]). It never panics on a malformed
//! assignment: pairs with out-of-range indices are reported and otherwise ignored, and a
//! repeated pair is reported and counted once.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use tepai_model::{
    ConflictScope, EnterpriseIdx, OfficerIdx, OfficerMode, Period, PeriodKind, Place, Scenario,
    Target, UnitIdx, UnitKind,
};

use super::Finding;
use crate::assignment::Assignment;
use crate::summary::ObjectiveParts;
use tepai_model::Text;

/// Tolerance, in minutes, when comparing a load with a capacity.
pub const LOAD_TOLERANCE_MINUTES: f64 = 1e-6;

/// The result of checking an assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    /// Every rule the plan breaks, in a deterministic order: index and duplicate problems,
    /// then per-pair problems in pair order, then per officer, per unit, per enterprise.
    pub violations: Vec<Violation>,
    /// What the plan achieves against the targets.
    pub achieved: Achieved,
    /// The objective, part by part, each already multiplied by its weight.
    pub objective: ObjectiveParts,
}

impl CheckReport {
    /// Whether the plan obeys every rule (no violations).
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// What a plan achieves against the scenario's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Achieved {
    /// Platforms with exactly `team_size` officers.
    pub platforms_served: u32,
    /// Chambers with exactly `team_size` officers.
    pub chambers_served: u32,
    /// Enterprises served directly or members of a served unit (none closed on or before
    /// 1 January of the plan's year).
    pub enterprises_reached: u32,
    /// Enterprises the target counts: the reached ones, or with `enterprises_count =
    /// "visited"` the most the assignment's visits can reach (`visited.rs`).
    pub enterprises_counted: u32,
    /// ⌈platforms_share × platforms⌉.
    pub platforms_required: u32,
    /// ⌈chambers_share × chambers⌉.
    pub chambers_required: u32,
    /// `targets.enterprises_min`.
    pub enterprises_required: u32,
}

/// A rule of the assignment model that a plan breaks.
///
/// Each variant carries the indices and the ids (as written in the scenario) it concerns,
/// so that its [`Display`](fmt::Display) message reads on its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// The one-way trip from the officer's court to the target exceeds `max_one_way_minutes`.
    TravelTooLong {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
        /// One-way travel, minutes.
        minutes: u32,
        /// The rule's limit, minutes.
        max_minutes: u32,
    },
    /// A conflict of interest binds the officer to the target's enterprise (the enterprise
    /// itself, or with `conflict_scope = "unit"` a member of the unit).
    Conflict {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
        /// The conflicted enterprise (the first one, for a unit).
        enterprise: EnterpriseIdx,
        /// The conflicted enterprise's id.
        enterprise_id: String,
    },
    /// The officer's summed load exceeds the capacity (by more than the tolerance).
    OverCapacity {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// Summed load per period, minutes.
        load_minutes: f64,
        /// Capacity per period, minutes.
        capacity_minutes: f64,
    },
    /// The officer's summed jobs exceed its slots `J(o)` (rule 2).
    TooManyJobs {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// Summed jobs `Σ_x jobs(o, x)`.
        jobs: f64,
        /// The officer's slots `J(o)`.
        slots: u32,
    },
    /// A unit with fewer eligible members than `enterprises_per_unit_visit` for the officer.
    TooFewEligibleMembers {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The unit.
        target: Target,
        /// The unit's id.
        target_id: String,
        /// Eligible members `|E(o, u)|`.
        eligible: u32,
        /// `enterprises_per_unit_visit`.
        needed: u32,
    },
    /// The reference trip `trip(o, x)` does not fit `day_minutes`.
    TripTooLong {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
        /// The reference trip, minutes.
        trip_minutes: u32,
        /// The working day, minutes.
        day_minutes: u32,
    },
    /// A pair for an officer with capacity but no slot (`J(o) = 0`): its free days cannot
    /// carry even one job's spaced visits.
    NoSlot {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
    },
    /// The pair's load alone exceeds the officer's capacity.
    PairOverCapacity {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
        /// `load(o, x)` per period, minutes.
        load_minutes: f64,
        /// Capacity per period, minutes.
        capacity_minutes: f64,
    },
    /// In `exclusive` mode the officer serves more than one unit, or a unit and enterprises.
    ModeExclusive {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// Units the officer serves.
        units: u32,
        /// Enterprises the officer serves directly.
        enterprises: u32,
    },
    /// The officer serves more enterprises directly than `max_enterprises_per_officer`.
    TooManyEnterprises {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// Enterprises the officer serves directly.
        enterprises: u32,
        /// The rule's limit.
        max: u32,
    },
    /// A unit has some officers, but not exactly `team_size`.
    PartialTeam {
        /// The unit.
        unit: UnitIdx,
        /// The unit's id.
        unit_id: String,
        /// Officers assigned to it.
        officers: u32,
        /// The team size it needs.
        team_size: u32,
    },
    /// An enterprise is served directly by more than one officer.
    EnterpriseServedTwice {
        /// The enterprise.
        enterprise: EnterpriseIdx,
        /// The enterprise's id.
        enterprise_id: String,
        /// The officers serving it, ascending.
        officers: Vec<OfficerIdx>,
        /// Their ids, in the same order.
        officer_ids: Vec<String>,
    },
    /// A pair for an officer whose capacity is zero (e.g. on leave a whole period). Such an
    /// officer gets this per pair instead of an [`Violation::OverCapacity`].
    NoCapacity {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
    },
    /// The same pair appears more than once (it is counted once everywhere else).
    DuplicatePair {
        /// The officer.
        officer: OfficerIdx,
        /// The officer's id.
        officer_id: String,
        /// The target.
        target: Target,
        /// The target's id.
        target_id: String,
        /// How many times it appears.
        count: u32,
    },
    /// A pair names an officer, unit or enterprise index that the scenario does not have
    /// (the pair is otherwise ignored).
    UnknownIndex {
        /// Position of the pair in [`Assignment::pairs`].
        position: usize,
        /// The officer index as given.
        officer: OfficerIdx,
        /// The target as given.
        target: Target,
        /// Which index is out of range: `officer`, `unit` or `enterprise` (comma-joined).
        what: String,
    },
}

/// What a [`Violation`] is about, to place it in `assignment.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// One officer–target pair.
    Pair(OfficerIdx, Target),
    /// All pairs of one officer.
    Officer(OfficerIdx),
    /// All pairs of one target.
    Target(Target),
    /// The pair at this position of [`Assignment::pairs`].
    Position(usize),
}

impl Violation {
    /// What the violation is about: a pair, an officer's pairs, a target's pairs, or a
    /// position in the assignment.
    pub fn subject(&self) -> Subject {
        match self {
            Violation::TravelTooLong {
                officer, target, ..
            }
            | Violation::Conflict {
                officer, target, ..
            }
            | Violation::NoCapacity {
                officer, target, ..
            }
            | Violation::DuplicatePair {
                officer, target, ..
            }
            | Violation::TooFewEligibleMembers {
                officer, target, ..
            }
            | Violation::TripTooLong {
                officer, target, ..
            }
            | Violation::NoSlot {
                officer, target, ..
            }
            | Violation::PairOverCapacity {
                officer, target, ..
            } => Subject::Pair(*officer, *target),
            Violation::OverCapacity { officer, .. }
            | Violation::TooManyJobs { officer, .. }
            | Violation::ModeExclusive { officer, .. }
            | Violation::TooManyEnterprises { officer, .. } => Subject::Officer(*officer),
            Violation::PartialTeam { unit, .. } => Subject::Target(Target::Unit(*unit)),
            Violation::EnterpriseServedTwice { enterprise, .. } => {
                Subject::Target(Target::Enterprise(*enterprise))
            }
            Violation::UnknownIndex { position, .. } => Subject::Position(*position),
        }
    }

    /// The rule broken, as a short name (for reports).
    pub fn rule(&self) -> &'static str {
        match self {
            Violation::TravelTooLong { .. } => "travel-too-long",
            Violation::Conflict { .. } => "conflict",
            Violation::OverCapacity { .. } => "over-capacity",
            Violation::TooManyJobs { .. } => "too-many-jobs",
            Violation::TooFewEligibleMembers { .. } => "too-few-eligible-members",
            Violation::TripTooLong { .. } => "trip-too-long",
            Violation::NoSlot { .. } => "no-slot",
            Violation::PairOverCapacity { .. } => "pair-over-capacity",
            Violation::ModeExclusive { .. } => "mode-exclusive",
            Violation::TooManyEnterprises { .. } => "too-many-enterprises",
            Violation::PartialTeam { .. } => "partial-team",
            Violation::EnterpriseServedTwice { .. } => "enterprise-served-twice",
            Violation::NoCapacity { .. } => "no-capacity",
            Violation::DuplicatePair { .. } => "duplicate-pair",
            Violation::UnknownIndex { .. } => "unknown-index",
        }
    }

    /// The violation in Chinese, with the same ids and numbers as its English
    /// ([`fmt::Display`]).
    pub fn zh(&self) -> String {
        match self {
            Violation::TravelTooLong {
                officer_id,
                target_id,
                minutes,
                max_minutes,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：单程车程 {minutes} 分钟，超过上限 {max_minutes} 分钟"
            ),
            Violation::Conflict {
                officer_id,
                target_id,
                enterprise_id,
                ..
            } => {
                if target_id == enterprise_id {
                    format!(
                        "特派员 {officer_id} → {target_id}：与企业 {enterprise_id} 存在利益冲突"
                    )
                } else {
                    format!(
                        "特派员 {officer_id} → {target_id}：与成员企业 {enterprise_id} 存在利益冲突（conflict_scope = \"unit\"）"
                    )
                }
            }
            Violation::OverCapacity {
                officer_id,
                load_minutes,
                capacity_minutes,
                ..
            } => format!(
                "特派员 {officer_id}：每期工作量 {load_minutes:.1} 分钟，超过其可用时间 {capacity_minutes:.1} 分钟"
            ),
            Violation::TooManyJobs {
                officer_id,
                jobs,
                slots,
                ..
            } => format!(
                "特派员 {officer_id}：{jobs:.2} 项任务所需超过其空闲日能容纳的 {slots} 个时段"
            ),
            Violation::TooFewEligibleMembers {
                officer_id,
                target_id,
                eligible,
                needed,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：可走访的成员企业 {eligible} 家，少于每次走访须覆盖的 {needed} 家"
            ),
            Violation::TripTooLong {
                officer_id,
                target_id,
                trip_minutes,
                day_minutes,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：参考行程需 {trip_minutes} 分钟，超过一天的 {day_minutes} 分钟"
            ),
            Violation::NoSlot {
                officer_id,
                target_id,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：该特派员的空闲日排不下间隔走访所需的时段"
            ),
            Violation::PairOverCapacity {
                officer_id,
                target_id,
                load_minutes,
                capacity_minutes,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：仅此一项每期工作量就有 {load_minutes:.1} 分钟，超过其可用时间 {capacity_minutes:.1} 分钟"
            ),
            Violation::ModeExclusive {
                officer_id,
                units,
                enterprises,
                ..
            } => format!(
                "特派员 {officer_id}：专职模式只允许一个平台商会或只服务企业，但派驻了 {units} 个平台商会和 {enterprises} 家企业"
            ),
            Violation::TooManyEnterprises {
                officer_id,
                enterprises,
                max,
                ..
            } => format!(
                "特派员 {officer_id}：直接服务 {enterprises} 家企业，超过上限 {max} 家"
            ),
            Violation::PartialTeam {
                unit_id,
                officers,
                team_size,
                ..
            } => format!(
                "平台商会 {unit_id}：派驻 {officers} 名特派员，但团队人数应为 {team_size}"
            ),
            Violation::EnterpriseServedTwice {
                enterprise_id,
                officer_ids,
                ..
            } => format!(
                "企业 {enterprise_id}：由 {} 名特派员直接服务（{}），最多只能一名",
                officer_ids.len(),
                officer_ids.join("、")
            ),
            Violation::NoCapacity {
                officer_id,
                target_id,
                ..
            } => format!(
                "特派员 {officer_id} → {target_id}：该特派员没有可用时间（每期 0 分钟）"
            ),
            Violation::DuplicatePair {
                officer_id,
                target_id,
                count,
                ..
            } => format!("派驻组合 {officer_id} → {target_id} 出现了 {count} 次"),
            Violation::UnknownIndex {
                position,
                officer,
                target,
                what,
            } => {
                let t = match target {
                    Target::Unit(u) => format!("平台商会 #{}", u.0),
                    Target::Enterprise(e) => format!("企业 #{}", e.0),
                };
                let what: Vec<&str> = what
                    .split(',')
                    .map(|w| match w.trim() {
                        "officer" => "特派员",
                        "unit" => "平台商会",
                        "enterprise" => "企业",
                        other => other,
                    })
                    .collect();
                format!(
                    "第 #{position} 组（特派员 #{} → {t}）：{}序号不存在",
                    officer.0,
                    what.join("、")
                )
            }
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::TravelTooLong {
                officer_id,
                target_id,
                minutes,
                max_minutes,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: one-way travel {minutes} min exceeds the \
                 limit of {max_minutes} min"
            ),
            Violation::Conflict {
                officer_id,
                target_id,
                enterprise_id,
                ..
            } => {
                if target_id == enterprise_id {
                    write!(
                        f,
                        "officer {officer_id} → {target_id}: conflict of interest with \
                         enterprise {enterprise_id}"
                    )
                } else {
                    write!(
                        f,
                        "officer {officer_id} → {target_id}: conflict of interest with member \
                         enterprise {enterprise_id} (conflict_scope = \"unit\")"
                    )
                }
            }
            Violation::OverCapacity {
                officer_id,
                load_minutes,
                capacity_minutes,
                ..
            } => write!(
                f,
                "officer {officer_id}: load {load_minutes:.1} min per period exceeds the \
                 capacity of {capacity_minutes:.1} min"
            ),
            Violation::TooManyJobs {
                officer_id,
                jobs,
                slots,
                ..
            } => write!(
                f,
                "officer {officer_id}: {jobs:.2} jobs need more than the {slots} slot(s) its \
                 free days carry"
            ),
            Violation::TooFewEligibleMembers {
                officer_id,
                target_id,
                eligible,
                needed,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: {eligible} eligible member(s), fewer than \
                 the {needed} a unit visit covers"
            ),
            Violation::TripTooLong {
                officer_id,
                target_id,
                trip_minutes,
                day_minutes,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: the reference trip takes {trip_minutes} \
                 min, more than the {day_minutes} min day"
            ),
            Violation::NoSlot {
                officer_id,
                target_id,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: the officer's free days carry no slot for \
                 spaced visits"
            ),
            Violation::PairOverCapacity {
                officer_id,
                target_id,
                load_minutes,
                capacity_minutes,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: load {load_minutes:.1} min per period \
                 alone exceeds the capacity of {capacity_minutes:.1} min"
            ),
            Violation::ModeExclusive {
                officer_id,
                units,
                enterprises,
                ..
            } => write!(
                f,
                "officer {officer_id}: exclusive mode allows one unit or only enterprises, \
                 but has {units} unit(s) and {enterprises} enterprise(s)"
            ),
            Violation::TooManyEnterprises {
                officer_id,
                enterprises,
                max,
                ..
            } => write!(
                f,
                "officer {officer_id}: serves {enterprises} enterprises directly, more than \
                 the maximum of {max}"
            ),
            Violation::PartialTeam {
                unit_id,
                officers,
                team_size,
                ..
            } => write!(
                f,
                "unit {unit_id}: {officers} officer(s) assigned, but the team size is \
                 {team_size}"
            ),
            Violation::EnterpriseServedTwice {
                enterprise_id,
                officer_ids,
                ..
            } => write!(
                f,
                "enterprise {enterprise_id}: served directly by {} officers ({}), at most one \
                 allowed",
                officer_ids.len(),
                officer_ids.join(", ")
            ),
            Violation::NoCapacity {
                officer_id,
                target_id,
                ..
            } => write!(
                f,
                "officer {officer_id} → {target_id}: the officer has no capacity (0 min per \
                 period)"
            ),
            Violation::DuplicatePair {
                officer_id,
                target_id,
                count,
                ..
            } => write!(f, "pair {officer_id} → {target_id} appears {count} times"),
            Violation::UnknownIndex {
                position,
                officer,
                target,
                what,
            } => {
                let t = match target {
                    Target::Unit(u) => format!("unit #{}", u.0),
                    Target::Enterprise(e) => format!("enterprise #{}", e.0),
                };
                write!(
                    f,
                    "pair #{position} (officer #{} → {t}): unknown {what} index",
                    officer.0
                )
            }
        }
    }
}

/// Jobs of a pair: a unit is one job; a directly served enterprise `1 ÷ per_trip`, with
/// `per_trip = max(1, ⌊(day_minutes − round trip) ÷ onsite_minutes⌋)`, the round trip being
/// court → enterprise → court.
fn jobs(s: &Scenario, o: OfficerIdx, t: Target) -> f64 {
    match t {
        Target::Unit(_) => 1.0,
        Target::Enterprise(e) => {
            let court = Place::Court(s.officer(o).court);
            let at = Place::Enterprise(e);
            let round =
                u64::from(s.travel_minutes(court, at)) + u64::from(s.travel_minutes(at, court));
            let room = u64::from(s.rules.day_minutes).saturating_sub(round);
            let per_trip = (room / u64::from(s.rules.onsite_minutes.max(1))).max(1);
            #[allow(clippy::cast_precision_loss)]
            let per_trip = per_trip as f64;
            1.0 / per_trip
        }
    }
}

/// Days an officer may use per period: `days_per_quarter`, or ⌊days_per_quarter ÷ 3⌋ for
/// months.
fn days_per_period(s: &Scenario, o: OfficerIdx) -> u32 {
    let days = s.officer(o).days_per_quarter;
    match s.rules.period {
        PeriodKind::Quarter => days,
        PeriodKind::Month => days / 3,
    }
}

/// The officer's free days of a period: working days (make-up days included) outside its
/// unavailability, ascending.
pub(super) fn free_days(s: &Scenario, o: OfficerIdx, p: Period) -> Vec<NaiveDate> {
    s.calendar
        .working_days(p.start(), p.end())
        .unwrap_or_default()
        .into_iter()
        .filter(|d| {
            !s.unavailable
                .iter()
                .any(|u| u.officer == o && u.from <= *d && *d <= u.to)
        })
        .collect()
}

/// Whether `jobs` jobs fit the officer's free days, placed as the contract states: periods in
/// order; in each `V*` rounds; in each round the jobs in order, each taking the earliest free
/// day of the period no job uses yet that lies `min_days_between_visits` after the job's
/// previous visit, while fewer than `days_per_period(o)` days of the period are used.
fn jobs_fit(s: &Scenario, o: OfficerIdx, jobs: usize, rounds: u32) -> bool {
    let min_days = i64::from(s.rules.min_days_between_visits);
    let limit = usize::try_from(days_per_period(s, o)).unwrap_or(usize::MAX);
    let mut previous: Vec<Option<NaiveDate>> = vec![None; jobs];
    for p in Period::all(s.year, s.rules.period) {
        let free = free_days(s, o, p);
        let mut used: BTreeSet<NaiveDate> = BTreeSet::new();
        for _ in 0..rounds {
            for prev in &mut previous {
                if used.len() >= limit {
                    return false;
                }
                let day = free.iter().copied().find(|d| {
                    !used.contains(d) && prev.map_or(true, |q| (*d - q).num_days() >= min_days)
                });
                let Some(day) = day else {
                    return false;
                };
                used.insert(day);
                *prev = Some(day);
            }
        }
    }
    true
}

/// Slots `J(o)`: the largest number of jobs, each needing
/// `V* = max(unit_visits_per_period, enterprise_visits_per_period)` visits in every period,
/// that the officer's free days carry (see [`jobs_fit`]). `u32::MAX` when `V* = 0` (no visit
/// to place), 0 for an officer index out of range.
pub fn slots(s: &Scenario, o: OfficerIdx) -> u32 {
    if o.index() >= s.officers.len() {
        return 0;
    }
    let rounds = s
        .rules
        .unit_visits_per_period
        .max(s.rules.enterprise_visits_per_period);
    if rounds == 0 {
        return u32::MAX;
    }
    // Each job takes `rounds` days of every period: no more than days_per_period ÷ rounds.
    // The largest J that fits, trying every J (the greedy placement need not be monotone).
    let most = days_per_period(s, o) / rounds;
    (1..=most)
        .rev()
        .find(|&j| jobs_fit(s, o, usize::try_from(j).unwrap_or(usize::MAX), rounds))
        .unwrap_or(0)
}

/// Per-officer capacity in minutes per period, per the contract:
/// `day_minutes × min over the year's periods p of min(days_per_period(o), free(o, p))`,
/// where `free(o, p)` counts the calendar's working days of `p` (make-up days included) not
/// covered by any of the officer's unavailability rows.
///
/// Returns 0 for an officer index out of range, and counts a period the calendar does not
/// cover (which a loaded scenario never has) as having no free days.
pub fn capacity_minutes(s: &Scenario, o: OfficerIdx) -> f64 {
    if o.index() >= s.officers.len() {
        return 0.0;
    }
    let days = s.days_per_period(o);
    let leave: Vec<_> = s
        .unavailable
        .iter()
        .filter(|u| u.officer == o)
        .map(|u| (u.from, u.to))
        .collect();
    let min_days = Period::all(s.year, s.rules.period)
        .iter()
        .map(|p| {
            let free = s
                .calendar
                .working_days(p.start(), p.end())
                .unwrap_or_default()
                .into_iter()
                .filter(|d| !leave.iter().any(|(from, to)| from <= d && d <= to))
                .count();
            #[allow(clippy::cast_precision_loss)]
            let free = free as f64;
            days.min(free)
        })
        .fold(f64::INFINITY, f64::min);
    let min_days = if min_days.is_finite() { min_days } else { 0.0 };
    f64::from(s.rules.day_minutes) * min_days
}

/// Visits per period `V(x)`.
fn visits(s: &Scenario, t: Target) -> f64 {
    f64::from(match t {
        Target::Unit(_) => s.rules.unit_visits_per_period,
        Target::Enterprise(_) => s.rules.enterprise_visits_per_period,
    })
}

/// Eligible members `E(o, u)`: the unit's members not under a conflict with the officer or
/// its court, in `units.csv`'s member order.
fn eligible_members(s: &Scenario, o: OfficerIdx, u: UnitIdx) -> Vec<EnterpriseIdx> {
    s.unit(u)
        .members
        .iter()
        .copied()
        .filter(|&e| !s.is_conflicted(o, e))
        .collect()
}

/// The shortest closed tour court → every stop (any order) → court, minutes, with the
/// scenario's travel in each direction (Held–Karp; beyond 16 stops, the stops in the given
/// order).
#[allow(clippy::needless_range_loop)]
fn shortest_tour(s: &Scenario, court: Place, stops: &[EnterpriseIdx]) -> u64 {
    let n = stops.len();
    let place = |i: usize| Place::Enterprise(stops[i]);
    let go = |a: Place, b: Place| u64::from(s.travel_minutes(a, b));
    if n == 0 {
        return 0;
    }
    if n > 16 {
        let mut total = go(court, place(0));
        for i in 1..n {
            total += go(place(i - 1), place(i));
        }
        return total + go(place(n - 1), court);
    }
    let full = (1_usize << n) - 1;
    let mut best = vec![vec![u64::MAX; n]; full + 1];
    for j in 0..n {
        best[1 << j][j] = go(court, place(j));
    }
    for mask in 1..=full {
        for j in 0..n {
            let here = best[mask][j];
            if here == u64::MAX || mask & (1 << j) == 0 {
                continue;
            }
            for k in 0..n {
                if mask & (1 << k) != 0 {
                    continue;
                }
                let next = mask | (1 << k);
                let cost = here + go(place(j), place(k));
                if cost < best[next][k] {
                    best[next][k] = cost;
                }
            }
        }
    }
    (0..n)
        .map(|j| best[full][j].saturating_add(go(place(j), court)))
        .min()
        .unwrap_or(0)
}

/// The reference trip `trip(o, x)`, minutes: for an enterprise, court → enterprise → court
/// plus `onsite_minutes`; for a unit, the shortest closed tour from the court through the
/// `k(u)` eligible members nearest the court (by one-way travel from the court, ties by
/// their order in `enterprises.csv`), plus `k(u) × onsite_minutes`. A unit with fewer
/// eligible members (not a candidate) is measured through all of them.
pub fn trip_minutes(s: &Scenario, o: OfficerIdx, t: Target) -> u64 {
    let court = Place::Court(s.officer(o).court);
    let onsite = u64::from(s.rules.onsite_minutes);
    match t {
        Target::Enterprise(e) => {
            let at = Place::Enterprise(e);
            u64::from(s.travel_minutes(court, at)) + u64::from(s.travel_minutes(at, court)) + onsite
        }
        Target::Unit(u) => {
            let mut eligible = eligible_members(s, o, u);
            eligible.sort_by_key(|&e| (s.travel_minutes(court, Place::Enterprise(e)), e));
            let k = usize::try_from(s.rules.enterprises_per_unit_visit).unwrap_or(usize::MAX);
            eligible.truncate(k);
            shortest_tour(s, court, &eligible) + onsite * u64::try_from(eligible.len()).unwrap_or(0)
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn minutes_f64(m: u64) -> f64 {
    m as f64
}

/// Load per period, minutes: `load(o, x) = V(x) × trip(o, x)`.
pub fn load_minutes(s: &Scenario, o: OfficerIdx, t: Target) -> f64 {
    visits(s, t) * minutes_f64(trip_minutes(s, o, t))
}

/// The needs of a target: an enterprise's own (each once); a unit's up to two needs most
/// frequent among its members (each member counted once per need), ties broken by name.
fn needs(s: &Scenario, t: Target) -> Vec<String> {
    match t {
        Target::Enterprise(e) => {
            let set: BTreeSet<&str> = s.tags(&s.enterprise(e).needs).collect();
            set.into_iter().map(str::to_owned).collect()
        }
        Target::Unit(u) => {
            let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
            for &e in &s.unit(u).members {
                let distinct: BTreeSet<&str> = s.tags(&s.enterprise(e).needs).collect();
                for n in distinct {
                    *counts.entry(n).or_insert(0) += 1;
                }
            }
            let mut ranked: Vec<(&str, u32)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            ranked
                .into_iter()
                .take(2)
                .map(|(n, _)| n.to_owned())
                .collect()
        }
    }
}

/// Mismatch `m(o, x)`: how many of the target's needs the officer has no specialty for.
fn mismatch(s: &Scenario, o: OfficerIdx, t: Target) -> u32 {
    let specialties = &s.officer(o).specialties;
    let n = needs(s, t)
        .iter()
        .filter(|n| !specialties.contains(n))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Value of an enterprise: `1 + number of categories + priority`.
fn value(s: &Scenario, e: EnterpriseIdx) -> f64 {
    let ent = s.enterprise(e);
    let categories = u32::try_from(ent.categories.len()).unwrap_or(u32::MAX);
    1.0 + f64::from(categories) + f64::from(ent.priority)
}

/// The enterprise whose conflict of interest bars the pair, if any.
fn barring_conflict(s: &Scenario, o: OfficerIdx, t: Target) -> Option<EnterpriseIdx> {
    match t {
        Target::Enterprise(e) => s.is_conflicted(o, e).then_some(e),
        Target::Unit(u) => match s.rules.conflict_scope {
            ConflictScope::Unit => s
                .unit(u)
                .members
                .iter()
                .copied()
                .find(|&e| s.is_conflicted(o, e)),
            ConflictScope::Enterprise => None,
        },
    }
}

/// Which indices of a pair are out of range (empty when all are known).
fn unknown_parts(s: &Scenario, o: OfficerIdx, t: Target) -> Vec<&'static str> {
    let mut what = Vec::new();
    if o.index() >= s.officers.len() {
        what.push("officer");
    }
    match t {
        Target::Unit(u) if u.index() >= s.units.len() => what.push("unit"),
        Target::Enterprise(e) if e.index() >= s.enterprises.len() => what.push("enterprise"),
        _ => {}
    }
    what
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks an assignment against every rule of the assignment model and computes what it
/// achieves and its objective, from the scenario and the pairs alone.
///
/// Pairs with an out-of-range index are reported as [`Violation::UnknownIndex`] and left
/// out of everything else; a repeated pair is reported as [`Violation::DuplicatePair`] and
/// counted once. The objective is computed for the pairs as given, valid or not.
pub fn check_assignment(s: &Scenario, a: &Assignment) -> CheckReport {
    let mut violations = Vec::new();

    // Indices and duplicates; `pairs` keeps each known pair once, in first-seen order.
    let mut seen: BTreeMap<(OfficerIdx, Target), u32> = BTreeMap::new();
    let mut pairs: Vec<(OfficerIdx, Target)> = Vec::new();
    for (position, &(o, t)) in a.pairs.iter().enumerate() {
        let what = unknown_parts(s, o, t);
        if !what.is_empty() {
            violations.push(Violation::UnknownIndex {
                position,
                officer: o,
                target: t,
                what: what.join(", "),
            });
            continue;
        }
        let n = seen.entry((o, t)).or_insert(0);
        *n += 1;
        if *n == 1 {
            pairs.push((o, t));
        }
    }
    for (&(o, t), &n) in &seen {
        if n > 1 {
            violations.push(Violation::DuplicatePair {
                officer: o,
                officer_id: s.officer(o).id.to_string(),
                target: t,
                target_id: s.target_id(t).to_owned(),
                count: n,
            });
        }
    }

    let capacity: Vec<f64> = (0..s.officers.len())
        .map(|i| capacity_minutes(s, OfficerIdx::from(i)))
        .collect();
    let mut officer_load = vec![0.0_f64; s.officers.len()];
    let slot_count: Vec<u32> = (0..s.officers.len())
        .map(|i| slots(s, OfficerIdx::from(i)))
        .collect();
    let mut officer_jobs = vec![0.0_f64; s.officers.len()];
    let mut officer_units = vec![0_u32; s.officers.len()];
    let mut officer_enterprises = vec![0_u32; s.officers.len()];
    let mut officer_targets: Vec<Vec<Target>> = vec![Vec::new(); s.officers.len()];
    let mut unit_officers: Vec<Vec<OfficerIdx>> = vec![Vec::new(); s.units.len()];
    let mut enterprise_officers: Vec<Vec<OfficerIdx>> = vec![Vec::new(); s.enterprises.len()];
    let mut travel_minutes = 0.0_f64;
    let mut unmet_needs = 0_u32;

    // Per pair: candidate rules, and the sums the objective needs.
    for &(o, t) in &pairs {
        let oi = o.index();
        let officer_id = || s.officer(o).id.to_string();
        let target_id = || s.target_id(t).to_owned();
        let minutes = s.officer_travel(o, t);
        if minutes > s.rules.max_one_way_minutes {
            violations.push(Violation::TravelTooLong {
                officer: o,
                officer_id: officer_id(),
                target: t,
                target_id: target_id(),
                minutes,
                max_minutes: s.rules.max_one_way_minutes,
            });
        }
        if let Some(e) = barring_conflict(s, o, t) {
            violations.push(Violation::Conflict {
                officer: o,
                officer_id: officer_id(),
                target: t,
                target_id: target_id(),
                enterprise: e,
                enterprise_id: s.enterprise(e).id.to_string(),
            });
        }
        if let Target::Unit(u) = t {
            let eligible = count(eligible_members(s, o, u).len());
            if eligible < s.rules.enterprises_per_unit_visit {
                violations.push(Violation::TooFewEligibleMembers {
                    officer: o,
                    officer_id: officer_id(),
                    target: t,
                    target_id: target_id(),
                    eligible,
                    needed: s.rules.enterprises_per_unit_visit,
                });
            }
        }
        let trip = trip_minutes(s, o, t);
        if trip > u64::from(s.rules.day_minutes) {
            violations.push(Violation::TripTooLong {
                officer: o,
                officer_id: officer_id(),
                target: t,
                target_id: target_id(),
                trip_minutes: u32::try_from(trip).unwrap_or(u32::MAX),
                day_minutes: s.rules.day_minutes,
            });
        }
        let pair_load = load_minutes(s, o, t);
        if capacity[oi] <= 0.0 {
            violations.push(Violation::NoCapacity {
                officer: o,
                officer_id: officer_id(),
                target: t,
                target_id: target_id(),
            });
        } else {
            if slot_count[oi] == 0 {
                violations.push(Violation::NoSlot {
                    officer: o,
                    officer_id: officer_id(),
                    target: t,
                    target_id: target_id(),
                });
            }
            if pair_load > capacity[oi] + LOAD_TOLERANCE_MINUTES {
                violations.push(Violation::PairOverCapacity {
                    officer: o,
                    officer_id: officer_id(),
                    target: t,
                    target_id: target_id(),
                    load_minutes: pair_load,
                    capacity_minutes: capacity[oi],
                });
            }
        }
        officer_load[oi] += load_minutes(s, o, t);
        officer_jobs[oi] += jobs(s, o, t);
        officer_targets[oi].push(t);
        match t {
            Target::Unit(u) => {
                officer_units[oi] += 1;
                unit_officers[u.index()].push(o);
            }
            Target::Enterprise(e) => {
                officer_enterprises[oi] += 1;
                enterprise_officers[e.index()].push(o);
            }
        }
        travel_minutes += f64::from(minutes);
        unmet_needs += mismatch(s, o, t);
    }

    // Per officer: load, mode, enterprise limit.
    for (oi, officer) in s.officers.iter().enumerate() {
        let o = OfficerIdx::from(oi);
        let (units, enterprises) = (officer_units[oi], officer_enterprises[oi]);
        if capacity[oi] > 0.0 && officer_load[oi] > capacity[oi] + LOAD_TOLERANCE_MINUTES {
            violations.push(Violation::OverCapacity {
                officer: o,
                officer_id: officer.id.to_string(),
                load_minutes: officer_load[oi],
                capacity_minutes: capacity[oi],
            });
        }
        if capacity[oi] > 0.0
            && slot_count[oi] > 0
            && officer_jobs[oi] > f64::from(slot_count[oi]) + 1e-9
        {
            violations.push(Violation::TooManyJobs {
                officer: o,
                officer_id: officer.id.to_string(),
                jobs: officer_jobs[oi],
                slots: slot_count[oi],
            });
        }
        if s.rules.officer_mode == OfficerMode::Exclusive
            && (units > 1 || (units == 1 && enterprises > 0))
        {
            violations.push(Violation::ModeExclusive {
                officer: o,
                officer_id: officer.id.to_string(),
                units,
                enterprises,
            });
        }
        if enterprises > s.rules.max_enterprises_per_officer {
            violations.push(Violation::TooManyEnterprises {
                officer: o,
                officer_id: officer.id.to_string(),
                enterprises,
                max: s.rules.max_enterprises_per_officer,
            });
        }
    }

    // Per unit: teams; served units reach their members.
    let mut reached = vec![false; s.enterprises.len()];
    let (mut platforms_served, mut chambers_served) = (0_u32, 0_u32);
    for (ui, unit) in s.units.iter().enumerate() {
        let n = count(unit_officers[ui].len());
        if n == 0 {
            continue;
        }
        if n != unit.team_size {
            violations.push(Violation::PartialTeam {
                unit: UnitIdx::from(ui),
                unit_id: unit.id.to_string(),
                officers: n,
                team_size: unit.team_size,
            });
            continue;
        }
        match unit.kind {
            UnitKind::Platform => platforms_served += 1,
            UnitKind::Chamber => chambers_served += 1,
        }
        for &e in &unit.members {
            reached[e.index()] = true;
        }
    }

    // Per enterprise: at most one direct officer; any direct officer reaches it.
    for (ei, officers) in enterprise_officers.iter_mut().enumerate() {
        if officers.is_empty() {
            continue;
        }
        reached[ei] = true;
        if officers.len() > 1 {
            officers.sort_unstable();
            violations.push(Violation::EnterpriseServedTwice {
                enterprise: EnterpriseIdx::from(ei),
                enterprise_id: s.enterprises[ei].id.to_string(),
                officer_ids: officers
                    .iter()
                    .map(|&o| s.officer(o).id.to_string())
                    .collect(),
                officers: officers.clone(),
            });
        }
    }

    for (ei, r) in reached.iter_mut().enumerate() {
        if super::visited::gone(s, EnterpriseIdx::from(ei)) {
            *r = false;
        }
    }
    let enterprises_reached = count(reached.iter().filter(|&&r| r).count());
    let achieved = Achieved {
        platforms_served,
        chambers_served,
        enterprises_reached,
        enterprises_counted: super::visited::counted(s, a, enterprises_reached, None),
        platforms_required: s.required_platforms(),
        chambers_required: s.required_chambers(),
        enterprises_required: s.targets.enterprises_min,
    };

    // Objective.
    let w = &s.weights;
    let [wp, wc, we] = priority_weights(s);
    let missing = |need: u32, got: u32| f64::from(need.saturating_sub(got));
    let shortfall = wp * missing(achieved.platforms_required, achieved.platforms_served)
        + wc * missing(achieved.chambers_required, achieved.chambers_served)
        + we * missing(achieved.enterprises_required, achieved.enterprises_counted);
    let reached_value: f64 = reached
        .iter()
        .enumerate()
        .filter(|(_, &r)| r)
        .map(|(ei, _)| value(s, EnterpriseIdx::from(ei)))
        .sum();
    let max_load = officer_load.iter().copied().fold(0.0_f64, f64::max);
    let changed: usize = s
        .officers
        .iter()
        .enumerate()
        .map(|(oi, officer)| {
            officer
                .previous_targets
                .iter()
                .filter(|prev| !officer_targets[oi].contains(prev))
                .count()
        })
        .sum();
    let objective = ObjectiveParts {
        shortfall,
        priority: -w.priority * reached_value,
        travel: w.travel * travel_minutes / 60.0,
        mismatch: w.mismatch * f64::from(unmet_needs),
        imbalance: w.imbalance * max_load / f64::from(s.rules.day_minutes),
        change: w.change * f64::from(count(changed)),
    };

    CheckReport {
        violations,
        achieved,
        objective,
    }
}

/// The weight of one missing platform, chamber and enterprise under `[targets] priority`
/// (docs/assignment-model.md, “Target priority”): the last target weighs `W_s`; each one
/// before it `W_s + R + Σ_{after} weight · required`, with `R` the most a plan can gain in
/// priority (`W_p Σ value`) and change (`W_c` per previous target). 0 when `W_s` is.
fn priority_weights(s: &Scenario) -> [f64; 3] {
    let w = &s.weights;
    if w.shortfall <= 0.0 {
        return [0.0; 3];
    }
    let values: f64 = (0..s.enterprises.len())
        .map(|e| value(s, EnterpriseIdx::from(e)))
        .sum();
    let previous: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
    #[allow(clippy::cast_precision_loss)]
    let gain = w.priority * values + w.change * previous as f64;
    let kinds = [
        tepai_model::TargetKind::Platforms,
        tepai_model::TargetKind::Chambers,
        tepai_model::TargetKind::Enterprises,
    ];
    let mut weights = [0.0; 3];
    let mut after = 0.0;
    for (i, kind) in s.targets.priority.iter().rev().enumerate() {
        let weight = if i == 0 {
            w.shortfall
        } else {
            w.shortfall + gain + after
        };
        if let Some(at) = kinds.iter().position(|k| k == kind) {
            weights[at] = weight;
        }
        after += weight * f64::from(s.required_of(*kind));
    }
    weights
}

/// One row of `assignment.csv`, every cell as written (the caller parses the CSV file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentRow {
    /// 1-based line number in the file (for messages).
    pub line: u64,
    /// The officer's id.
    pub officer_id: String,
    /// The officer's name.
    pub officer_name: String,
    /// The officer's court's id.
    pub court_id: String,
    /// `platform`, `chamber` or `enterprise`.
    pub target_kind: String,
    /// The target's id.
    pub target_id: String,
    /// The target's name.
    pub target_name: String,
    /// `lead` or `member`.
    pub role: String,
    /// One-way travel, minutes.
    pub one_way_minutes: String,
    /// Visits per period.
    pub visits_per_period: String,
    /// Load per period, minutes, rounded to a whole minute.
    pub load_minutes_per_period: String,
}

const ASSIGNMENT_FILE: &str = "assignment.csv";

/// Resolves a row's officer and target (`None` when an id or the kind is unknown).
fn resolve(s: &Scenario, row: &AssignmentRow) -> Option<(OfficerIdx, Target)> {
    let o = s.officer_by_id(row.officer_id.trim())?;
    let id = row.target_id.trim();
    let t = match row.target_kind.trim() {
        "platform" | "chamber" => Target::Unit(s.unit_by_id(id)?),
        "enterprise" => Target::Enterprise(s.enterprise_by_id(id)?),
        _ => return None,
    };
    (s.target_kind(t) == row.target_kind.trim()).then_some((o, t))
}

/// Checks every cell of `assignment.csv` that follows from the scenario and the pairs:
/// `officer_name`, `court_id` (the officer's), `target_name`, `role` (in each target's group
/// of rows the officer with the shortest one-way travel leads, ties to the officer listed
/// first in `officers.csv`; the others are members), `one_way_minutes` (`t(o, x)`),
/// `visits_per_period` (`V(x)`) and `load_minutes_per_period` (the contract's load, rounded to
/// a whole minute). Rows whose officer or target cannot be resolved are reported once.
pub fn check_assignment_rows(s: &Scenario, rows: &[AssignmentRow]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let resolved: Vec<Option<(OfficerIdx, Target)>> = rows.iter().map(|r| resolve(s, r)).collect();
    let mut lead: BTreeMap<Target, (u32, OfficerIdx)> = BTreeMap::new();
    for &(o, t) in resolved.iter().flatten() {
        let key = (s.officer_travel(o, t), o);
        lead.entry(t)
            .and_modify(|best| {
                if key < *best {
                    *best = key;
                }
            })
            .or_insert(key);
    }
    for (row, r) in rows.iter().zip(&resolved) {
        let Some((o, t)) = *r else {
            findings.push(Finding::at_line(
                ASSIGNMENT_FILE,
                row.line,
                "unknown-id",
                Text::new(
                    format!(
                        "officer {:?} or {} {:?} is not in the scenario",
                        row.officer_id, row.target_kind, row.target_id
                    ),
                    format!(
                        "特派员 {:?} 或{} {:?} 不在场景中",
                        row.officer_id,
                        match row.target_kind.trim() {
                            "platform" => "工业平台",
                            "chamber" => "商会",
                            "enterprise" => "企业",
                            _ => "派驻对象",
                        },
                        row.target_id
                    ),
                ),
            ));
            continue;
        };
        let officer = s.officer(o);
        let travel = s.officer_travel(o, t);
        let role = if lead.get(&t).is_some_and(|l| l.1 == o) {
            "lead"
        } else {
            "member"
        };
        let expected: [(&str, &str, String); 7] = [
            ("officer_name", &row.officer_name, officer.name.clone()),
            (
                "court_id",
                &row.court_id,
                s.court(officer.court).id.to_string(),
            ),
            ("target_name", &row.target_name, s.target_name(t).to_owned()),
            ("role", &row.role, role.to_owned()),
            ("one_way_minutes", &row.one_way_minutes, travel.to_string()),
            (
                "visits_per_period",
                &row.visits_per_period,
                format!("{}", visits(s, t)),
            ),
            (
                "load_minutes_per_period",
                &row.load_minutes_per_period,
                format!("{:.0}", load_minutes(s, o, t)),
            ),
        ];
        for (column, written, want) in expected {
            if written.trim() != want {
                findings.push(Finding::recomputed(
                    ASSIGNMENT_FILE,
                    row.line,
                    column,
                    written,
                    &want,
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{base, variant};

    fn officer(s: &Scenario, id: &str) -> OfficerIdx {
        s.officer_by_id(id)
            .unwrap_or_else(|| panic!("no officer {id}"))
    }

    fn target(s: &Scenario, id: &str) -> Target {
        s.unit_by_id(id)
            .map(Target::Unit)
            .or_else(|| s.enterprise_by_id(id).map(Target::Enterprise))
            .unwrap_or_else(|| panic!("no target {id}"))
    }

    fn plan(s: &Scenario, pairs: &[(&str, &str)]) -> Assignment {
        Assignment::new(
            pairs
                .iter()
                .map(|&(o, t)| (officer(s, o), target(s, t)))
                .collect(),
        )
    }

    fn check(s: &Scenario, pairs: &[(&str, &str)]) -> CheckReport {
        check_assignment(s, &plan(s, pairs))
    }

    fn messages(r: &CheckReport) -> Vec<String> {
        r.violations.iter().map(ToString::to_string).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_valid_plan_passes_and_counts_what_it_achieves() {
        let s = base();
        let r = check(&s, &[("o-1", "u-plat"), ("o-3", "u-tea"), ("o-2", "e-7")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
        assert_eq!(
            r.achieved,
            Achieved {
                platforms_served: 1,
                chambers_served: 1,
                // e-1..e-3 through u-plat, e-4..e-6 through u-tea, e-7 directly.
                enterprises_reached: 7,
                enterprises_counted: 7,
                platforms_required: 1,
                chambers_required: 1,
                enterprises_required: 6,
            }
        );
        assert!(close(r.objective.shortfall, 0.0));
    }

    #[test]
    fn capacity_is_days_per_quarter_times_day_minutes_when_no_leave_binds() {
        let s = base();
        // 12 days × 480 min; o-4's July leave still leaves 66 − 23 = 43 ≥ 12 days in Q3.
        assert!(close(
            capacity_minutes(&s, officer(&s, "o-1")),
            12.0 * 480.0
        ));
        assert!(close(
            capacity_minutes(&s, officer(&s, "o-2")),
            10.0 * 480.0
        ));
        assert!(close(
            capacity_minutes(&s, officer(&s, "o-4")),
            12.0 * 480.0
        ));
        assert!(close(capacity_minutes(&s, OfficerIdx(99)), 0.0));
    }

    #[test]
    fn an_officer_on_leave_for_a_whole_quarter_has_zero_capacity() {
        let s = variant(&[(
            "unavailable.csv",
            "o-4,2024-07-01,2024-07-31",
            "o-4,2024-04-01,2024-06-30",
        )]);
        assert!(close(capacity_minutes(&s, officer(&s, "o-4")), 0.0));
        // Other officers keep theirs.
        assert!(close(
            capacity_minutes(&s, officer(&s, "o-3")),
            14.0 * 480.0
        ));
    }

    #[test]
    fn capacity_counts_the_free_working_days_including_make_up_days() {
        // Leave all of Q1 except Sunday 2024-02-04, a Spring Festival make-up workday.
        let s = variant(&[(
            "unavailable.csv",
            "o-4,2024-07-01,2024-07-31,年假 annual leave",
            "o-4,2024-01-01,2024-02-03,a\no-4,2024-02-05,2024-03-31,b",
        )]);
        assert!(close(capacity_minutes(&s, officer(&s, "o-4")), 480.0));
        // Leave in Q2 up to Sunday 2024-06-23 leaves Mon 24 – Fri 28 June: 5 days.
        let s = variant(&[(
            "unavailable.csv",
            "o-4,2024-07-01,2024-07-31",
            "o-4,2024-04-01,2024-06-23",
        )]);
        assert!(close(capacity_minutes(&s, officer(&s, "o-4")), 5.0 * 480.0));
    }

    #[test]
    fn monthly_periods_give_the_whole_days_of_a_third_of_the_quarter() {
        let s = variant(&[(
            "scenario.toml",
            "period = \"quarter\"",
            "period = \"month\"",
        )]);
        assert!(close(capacity_minutes(&s, officer(&s, "o-1")), 4.0 * 480.0));
        // ⌊10 ÷ 3⌋ = 3: a day is not split.
        assert!(close(capacity_minutes(&s, officer(&s, "o-2")), 3.0 * 480.0));
    }

    #[test]
    fn a_pair_beyond_the_travel_limit_is_rejected() {
        let s = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 60",
        )]);
        let r = check(&s, &[("o-1", "u-tea")]);
        assert_eq!(
            r.violations,
            vec![Violation::TravelTooLong {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                target: target(&s, "u-tea"),
                target_id: "u-tea".into(),
                minutes: 83,
                max_minutes: 60,
            }]
        );
        assert!(messages(&r)[0].contains("83 min"), "{:?}", messages(&r));
        assert!(check(&s, &[("o-3", "u-tea")]).is_valid());
    }

    #[test]
    fn a_conflicted_enterprise_is_rejected_for_the_officer_and_for_the_whole_court() {
        let s = base();
        let r = check(&s, &[("o-2", "e-3")]);
        assert!(
            matches!(&r.violations[..], [Violation::Conflict { enterprise_id, .. }] if enterprise_id == "e-3"),
            "{:?}",
            r.violations
        );
        // c-jo's pending case binds both its officers to e-7.
        for o in ["o-3", "o-4"] {
            let r = check(&s, &[(o, "e-7")]);
            assert!(
                matches!(&r.violations[..], [Violation::Conflict { .. }]),
                "{o}: {:?}",
                r.violations
            );
        }
        assert!(check(&s, &[("o-1", "e-3")]).is_valid());
    }

    #[test]
    fn a_conflicted_unit_is_rejected_under_unit_scope_and_needs_enough_eligible_members_under_enterprise_scope(
    ) {
        // o-2 is conflicted with e-3, a member of u-plat.
        let s = base();
        assert_eq!(s.rules.conflict_scope, ConflictScope::Unit);
        let r = check(&s, &[("o-2", "u-plat")]);
        // The conflict also leaves o-2 two eligible members, fewer than a visit covers.
        assert_eq!(
            r.violations,
            vec![
                Violation::Conflict {
                    officer: officer(&s, "o-2"),
                    officer_id: "o-2".into(),
                    target: target(&s, "u-plat"),
                    target_id: "u-plat".into(),
                    enterprise: s.enterprise_by_id("e-3").expect("e-3"),
                    enterprise_id: "e-3".into(),
                },
                Violation::TooFewEligibleMembers {
                    officer: officer(&s, "o-2"),
                    officer_id: "o-2".into(),
                    target: target(&s, "u-plat"),
                    target_id: "u-plat".into(),
                    eligible: 2,
                    needed: 3,
                }
            ]
        );
        assert!(messages(&r)[0].contains("member enterprise e-3"));

        let s = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nconflict_scope = \"enterprise\"",
        )]);
        assert_eq!(s.rules.conflict_scope, ConflictScope::Enterprise);
        // The conflict no longer bars the unit, but it leaves o-2 two eligible members of
        // u-plat, fewer than the 3 a visit covers: still not a candidate.
        let r = check(&s, &[("o-2", "u-plat")]);
        assert_eq!(
            r.violations,
            vec![Violation::TooFewEligibleMembers {
                officer: officer(&s, "o-2"),
                officer_id: "o-2".into(),
                target: target(&s, "u-plat"),
                target_id: "u-plat".into(),
                eligible: 2,
                needed: 3,
            }]
        );
        assert_eq!(r.achieved.platforms_served, 1);
        let s2 = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nconflict_scope = \"enterprise\"\nenterprises_per_unit_visit = 2",
        )]);
        let r = check(&s2, &[("o-2", "u-plat")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
        // The enterprise itself stays barred.
        assert!(!check(&s, &[("o-2", "e-3")]).is_valid());
    }

    #[test]
    fn the_reference_trip_tours_the_nearest_eligible_members_and_load_repeats_it() {
        let s = base();
        // o-1 (c-np) → u-plat: the tour through e-1, e-2, e-3 in its best order takes 25 min
        // (as the schedule routes it), plus 3 × 60 min on site.
        assert_eq!(
            trip_minutes(&s, officer(&s, "o-1"), target(&s, "u-plat")),
            205
        );
        assert!(close(
            load_minutes(&s, officer(&s, "o-1"), target(&s, "u-plat")),
            615.0
        ));
        // An enterprise: there and back in each direction plus 60 min on site.
        let (o, e) = (officer(&s, "o-1"), s.enterprise_by_id("e-1").expect("e-1"));
        let court = Place::Court(s.officer(o).court);
        let there_and_back = s.travel_minutes(court, Place::Enterprise(e))
            + s.travel_minutes(Place::Enterprise(e), court);
        assert_eq!(
            trip_minutes(&s, o, Target::Enterprise(e)),
            u64::from(there_and_back) + 60
        );
        assert!(close(
            load_minutes(&s, o, Target::Enterprise(e)),
            3.0 * f64::from(there_and_back + 60)
        ));
    }

    #[test]
    fn slots_count_the_jobs_whose_spaced_visits_fit_the_free_days() {
        // Three visits a period, 14 days apart, at most `days_per_quarter` days a quarter:
        // 1–2 days carry no job, 3–5 one, 6 two, 12 four.
        let want = [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1), (6, 2), (12, 4)];
        for (days, slots_wanted) in want {
            let s = variant(&[(
                "officers.csv",
                "contract;labor,12,",
                &format!("contract;labor,{days},"),
            )]);
            assert_eq!(slots(&s, officer(&s, "o-1")), slots_wanted, "{days} days");
        }
        // A whole quarter of leave: no slot.
        let s = variant(&[(
            "unavailable.csv",
            "o-4,2024-07-01,2024-07-31",
            "o-4,2024-04-01,2024-06-30",
        )]);
        assert_eq!(slots(&s, officer(&s, "o-4")), 0);
        assert_eq!(slots(&s, OfficerIdx(99)), 0);
    }

    #[test]
    fn a_load_above_capacity_is_rejected() {
        // o-2 gets 3 days per quarter: 1440 min; e-1 + e-2 + e-5 + e-7 need
        // 210 + 216 + 648 + 642 = 1716 min (each alone fits, and 4 × 1/8 job fits 1 slot).
        let s = variant(&[("officers.csv", "ip,10,", "ip,3,")]);
        let pairs = [
            ("o-2", "e-1"),
            ("o-2", "e-2"),
            ("o-2", "e-5"),
            ("o-2", "e-7"),
        ];
        let r = check(&s, &pairs);
        assert_eq!(
            r.violations,
            vec![Violation::OverCapacity {
                officer: officer(&s, "o-2"),
                officer_id: "o-2".into(),
                load_minutes: 1716.0,
                capacity_minutes: 1440.0,
            }]
        );
        assert!(check(&s, &pairs[..3]).is_valid());
    }

    #[test]
    fn a_load_exactly_at_capacity_is_accepted() {
        // o-1: 3 days of 205 min = 615 min; u-plat: 3 × 205 = 615 min, one job in one slot.
        let s = variant(&[
            ("officers.csv", "contract;labor,12,", "contract;labor,3,"),
            (
                "scenario.toml",
                "max_one_way_minutes = 120",
                "max_one_way_minutes = 120\nday_minutes = 205",
            ),
        ]);
        assert!(close(capacity_minutes(&s, officer(&s, "o-1")), 615.0));
        let r = check(&s, &[("o-1", "u-plat")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
        // Anything more does not fit: u-plat + e-2 is 615 + 216 > 615 (exclusive mode and
        // the slots also object, so look for the load violation among the others).
        let r = check(&s, &[("o-1", "u-plat"), ("o-1", "e-2")]);
        assert!(r
            .violations
            .iter()
            .any(|v| matches!(v, Violation::OverCapacity { .. })));
    }

    #[test]
    fn a_pair_whose_load_alone_exceeds_the_capacity_is_rejected() {
        // o-1 with 3 days of 200 min: 600 min; u-plat's 205-minute trip, three times, is 615.
        let s = variant(&[
            ("officers.csv", "contract;labor,12,", "contract;labor,3,"),
            (
                "scenario.toml",
                "max_one_way_minutes = 120",
                "max_one_way_minutes = 120\nday_minutes = 200",
            ),
        ]);
        let r = check(&s, &[("o-1", "u-plat")]);
        let (o, u) = (officer(&s, "o-1"), target(&s, "u-plat"));
        assert_eq!(
            r.violations,
            vec![
                Violation::TripTooLong {
                    officer: o,
                    officer_id: "o-1".into(),
                    target: u,
                    target_id: "u-plat".into(),
                    trip_minutes: 205,
                    day_minutes: 200,
                },
                Violation::PairOverCapacity {
                    officer: o,
                    officer_id: "o-1".into(),
                    target: u,
                    target_id: "u-plat".into(),
                    load_minutes: 615.0,
                    capacity_minutes: 600.0,
                },
                Violation::OverCapacity {
                    officer: o,
                    officer_id: "o-1".into(),
                    load_minutes: 615.0,
                    capacity_minutes: 600.0,
                },
            ]
        );
    }

    #[test]
    fn a_trip_longer_than_the_day_is_not_a_candidate() {
        // o-1 → u-plat takes 205 min; a 200-minute day is too short.
        let s = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nday_minutes = 200",
        )]);
        let r = check(&s, &[("o-1", "u-plat")]);
        assert_eq!(
            r.violations,
            vec![Violation::TripTooLong {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                target: target(&s, "u-plat"),
                target_id: "u-plat".into(),
                trip_minutes: 205,
                day_minutes: 200,
            }]
        );
        assert!(messages(&r)[0].contains("205 min"), "{:?}", messages(&r));
    }

    #[test]
    fn an_officer_without_a_slot_is_rejected_even_when_the_minutes_fit() {
        // o-1: 2 days (960 min); u-plat needs 615 min but 3 visits 14 days apart on 3 days.
        let s = variant(&[("officers.csv", "contract;labor,12,", "contract;labor,2,")]);
        let r = check(&s, &[("o-1", "u-plat")]);
        assert_eq!(
            r.violations,
            vec![Violation::NoSlot {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                target: target(&s, "u-plat"),
                target_id: "u-plat".into(),
            }]
        );
        // With 3 days the officer has a slot; direct enterprises share it, 8 to a job.
        let s = variant(&[("officers.csv", "contract;labor,12,", "contract;labor,3,")]);
        assert!(check(&s, &[("o-1", "u-plat")]).is_valid());
        let r = check(&s, &[("o-1", "e-1"), ("o-1", "e-2")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
    }

    #[test]
    fn more_jobs_than_slots_are_rejected() {
        // Shared mode, o-1 with 5 days: 2400 min and one slot; u-plat + u-tea need
        // 615 + 1086 = 1701 min but two jobs.
        let s = variant(&[
            ("officers.csv", "contract;labor,12,", "contract;labor,5,"),
            (
                "scenario.toml",
                "max_one_way_minutes = 120",
                "max_one_way_minutes = 120\nofficer_mode = \"shared\"",
            ),
        ]);
        let r = check(&s, &[("o-1", "u-plat"), ("o-1", "u-tea")]);
        assert_eq!(
            r.violations,
            vec![Violation::TooManyJobs {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                jobs: 2.0,
                slots: 1,
            }]
        );
    }

    #[test]
    fn exclusive_mode_rejects_two_units_or_a_unit_with_enterprises_and_shared_mode_allows_them() {
        let s = base();
        let r = check(&s, &[("o-1", "u-plat"), ("o-1", "e-4")]);
        assert_eq!(
            r.violations,
            vec![Violation::ModeExclusive {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                units: 1,
                enterprises: 1,
            }]
        );
        let two_units = [("o-3", "u-plat"), ("o-3", "u-tea")];
        let r = check(&s, &two_units);
        assert!(
            matches!(
                &r.violations[..],
                [Violation::ModeExclusive {
                    units: 2,
                    enterprises: 0,
                    ..
                }]
            ),
            "{:?}",
            r.violations
        );
        // Several enterprises alone are fine in exclusive mode.
        assert!(check(&s, &[("o-3", "e-4"), ("o-3", "e-5"), ("o-3", "e-6")]).is_valid());

        let shared = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nofficer_mode = \"shared\"",
        )]);
        assert!(check(&shared, &two_units).is_valid());
        assert!(check(&shared, &[("o-1", "u-plat"), ("o-1", "e-4")]).is_valid());
    }

    #[test]
    fn more_enterprises_than_the_maximum_are_rejected() {
        let s = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nmax_enterprises_per_officer = 2",
        )]);
        let r = check(&s, &[("o-3", "e-4"), ("o-3", "e-5"), ("o-3", "e-6")]);
        assert_eq!(
            r.violations,
            vec![Violation::TooManyEnterprises {
                officer: officer(&s, "o-3"),
                officer_id: "o-3".into(),
                enterprises: 3,
                max: 2,
            }]
        );
        assert!(check(&s, &[("o-3", "e-4"), ("o-3", "e-5")]).is_valid());
    }

    #[test]
    fn a_team_with_too_few_or_too_many_officers_is_partial_and_serves_nothing() {
        let s = variant(&[("units.csv", "yanping,machinery,1", "yanping,machinery,2")]);
        let u = target(&s, "u-plat");
        let Target::Unit(plat) = u else {
            unreachable!()
        };
        let partial = |officers: u32| Violation::PartialTeam {
            unit: plat,
            unit_id: "u-plat".into(),
            officers,
            team_size: 2,
        };
        let r = check(&s, &[("o-1", "u-plat")]);
        assert_eq!(r.violations, vec![partial(1)]);
        assert_eq!(r.achieved.platforms_served, 0);
        assert_eq!(r.achieved.enterprises_reached, 0);
        let r = check(
            &s,
            &[("o-1", "u-plat"), ("o-3", "u-plat"), ("o-4", "u-plat")],
        );
        assert_eq!(r.violations, vec![partial(3)]);
        let r = check(&s, &[("o-1", "u-plat"), ("o-3", "u-plat")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
        assert_eq!(
            (r.achieved.platforms_served, r.achieved.enterprises_reached),
            (1, 3)
        );
    }

    #[test]
    fn an_enterprise_served_directly_twice_is_rejected() {
        let s = base();
        let r = check(&s, &[("o-4", "e-5"), ("o-3", "e-5")]);
        assert_eq!(
            r.violations,
            vec![Violation::EnterpriseServedTwice {
                enterprise: s.enterprise_by_id("e-5").expect("e-5"),
                enterprise_id: "e-5".into(),
                officers: vec![officer(&s, "o-3"), officer(&s, "o-4")],
                officer_ids: vec!["o-3".into(), "o-4".into()],
            }]
        );
        assert!(messages(&r)[0].contains("o-3, o-4"));
        // Serving it directly and through its unit is allowed.
        assert!(check(&s, &[("o-3", "e-5"), ("o-4", "u-tea")]).is_valid());
    }

    #[test]
    fn a_pair_for_an_officer_without_capacity_is_rejected() {
        let s = variant(&[(
            "unavailable.csv",
            "o-4,2024-07-01,2024-07-31",
            "o-4,2024-04-01,2024-06-30",
        )]);
        let r = check(&s, &[("o-4", "e-4")]);
        assert_eq!(
            r.violations,
            vec![Violation::NoCapacity {
                officer: officer(&s, "o-4"),
                officer_id: "o-4".into(),
                target: target(&s, "e-4"),
                target_id: "e-4".into(),
            }]
        );
    }

    #[test]
    fn a_repeated_pair_is_reported_and_counted_once() {
        let s = base();
        let once = plan(&s, &[("o-1", "u-plat"), ("o-3", "u-tea")]);
        let mut twice = once.clone();
        twice.pairs.push(twice.pairs[0]);
        let r = check_assignment(&s, &twice);
        assert_eq!(
            r.violations,
            vec![Violation::DuplicatePair {
                officer: officer(&s, "o-1"),
                officer_id: "o-1".into(),
                target: target(&s, "u-plat"),
                target_id: "u-plat".into(),
                count: 2,
            }]
        );
        let expected = check_assignment(&s, &once);
        assert_eq!(
            (r.achieved, r.objective),
            (expected.achieved, expected.objective)
        );
    }

    #[test]
    fn out_of_range_indices_are_reported_without_panicking() {
        let s = base();
        let mut a = plan(&s, &[("o-1", "u-plat")]);
        a.pairs.push((OfficerIdx(99), Target::Unit(UnitIdx(0))));
        a.pairs.push((OfficerIdx(0), Target::Unit(UnitIdx(7))));
        a.pairs
            .push((OfficerIdx(42), Target::Enterprise(EnterpriseIdx(50))));
        let r = check_assignment(&s, &a);
        let whats: Vec<(usize, &str)> = r
            .violations
            .iter()
            .map(|v| match v {
                Violation::UnknownIndex { position, what, .. } => (*position, what.as_str()),
                other => panic!("unexpected {other}"),
            })
            .collect();
        assert_eq!(
            whats,
            vec![(1, "officer"), (2, "unit"), (3, "officer, enterprise")]
        );
        assert!(messages(&r)[1].contains("unit #7"), "{:?}", messages(&r));
        // The known pair still counts.
        assert_eq!(r.achieved.platforms_served, 1);
        assert!(close(capacity_minutes(&s, OfficerIdx(99)), 0.0));
    }

    #[test]
    fn objective_parts_of_a_two_pair_plan_match_a_hand_computation() {
        let s = base();
        let r = check(&s, &[("o-1", "u-plat"), ("o-3", "u-tea")]);
        assert!(r.is_valid(), "{:?}", messages(&r));
        // Travel (one-way minutes): o-1 (c-np) → u-plat 5, o-3 (c-jo) → u-tea 4.
        assert_eq!(
            s.officer_travel(officer(&s, "o-1"), target(&s, "u-plat")),
            5
        );
        assert_eq!(s.officer_travel(officer(&s, "o-3"), target(&s, "u-tea")), 4);
        // Shortfall: 1 platform, 1 chamber served; e-1..e-6 reached (6 ≥ 6) → 0.
        let shortfall = 1000.0 * 0.0;
        // Priority: values 1 + categories + priority:
        // e-1 1+2+1=4, e-2 1, e-3 1+1=2, e-4 1+1=2, e-5 1+2+2=5, e-6 1 → 15.
        let priority = -10.0 * 15.0;
        // Travel: (5 + 4) min = 0.15 h.
        let travel = 1.0 * (5.0 + 4.0) / 60.0;
        // Mismatch: u-plat needs {contract, ip} (all members tie at 1, by name),
        // o-1 has contract;labor → 1 unmet. u-tea needs {contract, finance}, o-3 has
        // finance;corporate;trade → 1 unmet.
        let mismatch = 0.5 * 2.0;
        // Loads: o-1 3 × 205 = 615, o-3 3 × 208 = 624 (reference trips through the units'
        // nearest members); highest 624 min.
        let imbalance = 0.2 * 624.0 / 480.0;
        // Change: o-1's previous u-plat is kept; o-3's previous e-6 is not → 1.
        let change = 2.0 * 1.0;
        let o = r.objective;
        assert!(close(o.shortfall, shortfall), "{o:?}");
        assert!(close(o.priority, priority), "{o:?}");
        assert!(close(o.travel, travel), "{o:?}");
        assert!(close(o.mismatch, mismatch), "{o:?}");
        assert!(close(o.imbalance, imbalance), "{o:?}");
        assert!(close(o.change, change), "{o:?}");
        assert!(close(o.total(), -146.59), "{}", o.total());
    }

    #[test]
    fn the_empty_plan_falls_short_by_every_required_target() {
        let s = base();
        let r = check_assignment(&s, &Assignment::default());
        assert!(r.is_valid());
        let required = f64::from(s.required_platforms() + s.required_chambers())
            + f64::from(s.targets.enterprises_min);
        assert!(close(required, 1.0 + 1.0 + 6.0));
        // Priority platforms, chambers, enterprises: the 6 enterprises weigh W_s each; a
        // chamber W_s + R + 6 W_s, a platform W_s + R + chamber + 6 W_s, with R the most
        // priority and change a plan can gain.
        let values: f64 = (0..s.enterprises.len())
            .map(|e| value(&s, EnterpriseIdx::from(e)))
            .sum();
        let previous: usize = s.officers.iter().map(|o| o.previous_targets.len()).sum();
        #[allow(clippy::cast_precision_loss)]
        let gain = 10.0 * values + 2.0 * previous as f64;
        let chamber = 1000.0 + gain + 6000.0;
        let platform = 1000.0 + gain + chamber + 6000.0;
        assert!(close(r.objective.shortfall, platform + chamber + 6000.0));
        assert!(r.objective.shortfall > s.weights.shortfall * required);
        assert!(close(r.objective.priority, 0.0));
        assert!(close(
            r.objective.travel + r.objective.mismatch + r.objective.imbalance,
            0.0
        ));
        // o-1 and o-3 had previous targets and keep none of them.
        assert!(close(r.objective.change, 2.0 * 2.0));
        assert!(close(
            r.objective.total(),
            platform + chamber + 6000.0 + 4.0
        ));
    }

    #[test]
    fn every_violation_reads_with_the_ids_it_concerns() {
        let s = base();
        let r = check(&s, &[("o-2", "e-3"), ("o-3", "e-5"), ("o-4", "e-5")]);
        let text = messages(&r).join("\n");
        for needle in ["o-2", "e-3", "conflict", "e-5", "o-3", "o-4"] {
            assert!(text.contains(needle), "{needle} missing from:\n{text}");
        }
    }
}
