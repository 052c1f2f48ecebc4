//! The schedule checker: re-verifies a schedule, as written to `schedule.csv`,
//! from the scenario, the assignment and the rows alone.
//!
//! **Independent by design.** This module shares no code with the scheduler
//! (`solver/src/schedule/`): it re-derives every quantity of the contract in
//! `docs/schedule-model.md` itself — periods, working days, leave, eligible members, route
//! travel, on-site time and return times — so that a mistake in the scheduler cannot hide
//! behind the same mistake here. It reads the [`Scenario`] only through the model crate's
//! public API, and takes the rows as strings, exactly as written, so that what is checked is
//! what the user gets.
//!
//! [`check_schedule`] verifies, for each row:
//! - every cell parses and every id is known ([`ScheduleViolation::Malformed`]), the date lies
//!   in the plan's year ([`ScheduleViolation::OutsideYear`]), and the derived cells —
//!   `period`, `target_kind`, `target_id` of a direct visit (its first stop), `depart`
//!   (08:30), `travel_minutes` (court → stops in the written order → court),
//!   `onsite_minutes` (stops × `onsite_minutes`) and `return` (depart + travel + on-site) —
//!   match what the scenario implies ([`ScheduleViolation::Recomputed`]);
//! - rule 1: the date is a working day ([`ScheduleViolation::NotWorkingDay`]) outside the
//!   officer's unavailability ([`ScheduleViolation::Unavailable`]);
//! - the officer is assigned the row's unit, or every enterprise of a direct visit
//!   ([`ScheduleViolation::NotAssigned`]); a unit visit's stops are members of the unit
//!   ([`ScheduleViolation::NotAMember`]), distinct ([`ScheduleViolation::RepeatedStop`]) and as
//!   many as `min(enterprises_per_unit_visit, eligible members)`
//!   ([`ScheduleViolation::StopCount`], rule 2); every team member has its own row for a team's
//!   trip ([`ScheduleViolation::TeamApart`]);
//! - rule 5: the trip fits the day ([`ScheduleViolation::DayOverflow`]);
//! - rule 7: no stop is conflicted with the officer or its court
//!   ([`ScheduleViolation::Conflict`]);
//! - no stop is at an enterprise on or after its `closed_on` ([`ScheduleViolation::Closed`]);
//!
//! and across rows:
//! - rules 2 and 3: each officer–unit pair of the assignment has `unit_visits_per_period`
//!   visits per period ([`ScheduleViolation::UnitVisits`]), each officer–enterprise pair
//!   `enterprise_visits_per_period` direct visits listing the enterprise in every period the
//!   enterprise is open through — in the period it closes in, at most that many, none due
//!   ([`ScheduleViolation::EnterpriseVisits`]);
//! - rule 4: consecutive visits of one officer to one target (the unit, or each directly
//!   served enterprise) are `min_days_between_visits` days apart, across period boundaries
//!   ([`ScheduleViolation::TooClose`]);
//! - rule 6: one trip per officer per day ([`ScheduleViolation::TwoTrips`]) and at most
//!   `days_per_quarter` (months: a third of it, rounded down) days per period
//!   ([`ScheduleViolation::TooManyDays`]);
//! - rule 8: no enterprise is visited by two different trips on one day — the rows of one team
//!   trip (same date, same unit, same stops in the same order) are one trip
//!   ([`ScheduleViolation::EnterpriseTwiceADay`]).
//!
//! A row whose date, officer, target or stops cannot be read (or whose date lies outside the
//! year) is reported and left out of every other rule; a row whose numbers alone are wrong
//! still counts. Time-of-day rules use the scenario's travel and on-site times, not the
//! written ones (which are checked separately). The checker never panics on bad input.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};
use tepai_model::{
    EnterpriseIdx, OfficerIdx, Period, PeriodKind, Place, Scenario, Target, UnitIdx,
};

use crate::assignment::Assignment;

/// The departure time every visit uses, minutes after midnight (08:30).
pub const DEPART_MINUTES: u32 = 8 * 60 + 30;

/// One row of `schedule.csv`, every cell as written (the caller parses the CSV file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleRow {
    /// 1-based line number in the file (for messages).
    pub line: u64,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Period label, e.g. `2024-Q2` or `2024-05`.
    pub period: String,
    /// The officer's id.
    pub officer_id: String,
    /// `platform`, `chamber` or `enterprise`.
    pub target_kind: String,
    /// The unit's id, or for a direct visit the first stop's id.
    pub target_id: String,
    /// The stops' enterprise ids in visiting order, `;`-separated.
    pub enterprise_ids: String,
    /// Departure time, `HH:MM`.
    pub depart: String,
    /// Return time, `HH:MM` (the CSV column `return`).
    pub return_time: String,
    /// Round-trip travel, minutes.
    pub travel_minutes: String,
    /// Time on site, minutes.
    pub onsite_minutes: String,
}

/// The result of checking a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleReport {
    /// Every rule the schedule breaks: per-row problems in row order, then per officer and
    /// day, per officer and period, per officer and target, per day and enterprise, and last
    /// the visit counts per pair of the assignment and period.
    pub violations: Vec<ScheduleViolation>,
    /// Visits (trips) among the readable rows; a team's joint trip counts once.
    pub visits: usize,
    /// Distinct enterprises visited over the year by the readable rows.
    pub enterprises_visited: usize,
    /// Per unit with an officer in the assignment (scenario order): the unit's id and how many
    /// distinct member enterprises its unit visits reached over the year.
    pub distinct_members: Vec<(String, u32)>,
    /// Per period of the year, in order: its label and the visits (trips) that fall in it.
    pub visits_per_period: Vec<(String, usize)>,
    /// The day a re-plan was made on (`None`: a whole-year plan): rows before it are the past.
    pub from: Option<NaiveDate>,
}

impl ScheduleReport {
    /// Whether the schedule obeys every rule (no violations).
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// A rule of the schedule model that a schedule breaks.
///
/// Each variant carries the line(s), ids (as written in the scenario), dates and numbers it
/// concerns, so that its [`Display`](fmt::Display) message reads on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleViolation {
    /// A cell does not parse, or names an officer, unit or enterprise the scenario lacks.
    Malformed {
        /// Line of the row.
        line: u64,
        /// The column.
        field: String,
        /// The offending value (for `enterprise_ids`, the one id at fault).
        value: String,
    },
    /// A derived cell (`period`, `target_kind`, `target_id`, `depart`, `travel_minutes`,
    /// `onsite_minutes`, `return`) differs from what the scenario implies.
    Recomputed {
        /// Line of the row.
        line: u64,
        /// The column.
        field: String,
        /// The value as written.
        written: String,
        /// The value the scenario implies.
        expected: String,
    },
    /// The date lies outside the plan's year (the row is otherwise ignored).
    OutsideYear {
        /// Line of the row.
        line: u64,
        /// The date.
        date: NaiveDate,
        /// The plan's year.
        year: i32,
    },
    /// Rule 1: a visit on a day that is not a working day.
    NotWorkingDay {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The date.
        date: NaiveDate,
        /// Why it is not a working day: the holiday's name, the weekday, or a calendar error.
        reason: String,
    },
    /// Rule 1: a visit on a date inside one of the officer's unavailability ranges.
    Unavailable {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The date.
        date: NaiveDate,
        /// First day of the range.
        from: NaiveDate,
        /// Last day of the range.
        to: NaiveDate,
    },
    /// A row for a target the officer is not assigned: the unit, or for a direct visit an
    /// enterprise the officer does not serve directly.
    NotAssigned {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The unit's or enterprise's id.
        target_id: String,
    },
    /// A unit visit stops at an enterprise that is not a member of the unit.
    NotAMember {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The unit's id.
        unit_id: String,
        /// The enterprise's id.
        enterprise_id: String,
    },
    /// A visit lists the same enterprise more than once.
    RepeatedStop {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The enterprise's id.
        enterprise_id: String,
    },
    /// Rule 2: a unit visit with other than `min(enterprises_per_unit_visit, eligible
    /// members)` distinct stops.
    StopCount {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The unit's id.
        unit_id: String,
        /// The period's label.
        period: String,
        /// Distinct stops written.
        stops: u32,
        /// Stops the rule asks for.
        expected: u32,
    },
    /// A team unit's trip for which another officer of the team has no row with the same
    /// date and stops.
    TeamApart {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The unit's id.
        unit_id: String,
        /// The date.
        date: NaiveDate,
        /// The team member without a matching row.
        missing_officer_id: String,
    },
    /// Rule 2: an officer–unit pair with other than `unit_visits_per_period` visits in a
    /// period.
    UnitVisits {
        /// The officer's id.
        officer_id: String,
        /// The unit's id.
        unit_id: String,
        /// The period's label.
        period: String,
        /// Visits found.
        visits: u32,
        /// Visits the rule asks for.
        expected: u32,
    },
    /// Rule 3: an officer–enterprise pair with other than `enterprise_visits_per_period`
    /// direct visits in a period.
    EnterpriseVisits {
        /// The officer's id.
        officer_id: String,
        /// The enterprise's id.
        enterprise_id: String,
        /// The period's label.
        period: String,
        /// Visits found.
        visits: u32,
        /// Visits the rule asks for.
        expected: u32,
    },
    /// Rule 4: two consecutive visits of one officer to one target less than
    /// `min_days_between_visits` days apart.
    TooClose {
        /// The officer's id.
        officer_id: String,
        /// The unit's id, or the directly served enterprise's id.
        target_id: String,
        /// The earlier visit.
        first: NaiveDate,
        /// The later visit.
        second: NaiveDate,
        /// Line of the later visit.
        line: u64,
        /// Days between them.
        days: i64,
        /// The rule's minimum.
        min_days: u32,
    },
    /// Rule 5: a trip longer than the working day (scenario travel and on-site times).
    DayOverflow {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The date.
        date: NaiveDate,
        /// Travel, minutes.
        travel_minutes: u32,
        /// On site, minutes.
        onsite_minutes: u32,
        /// The working day, minutes.
        day_minutes: u32,
    },
    /// Rule 6: an officer with more than one trip on a day.
    TwoTrips {
        /// The officer's id.
        officer_id: String,
        /// The date.
        date: NaiveDate,
        /// Lines of the rows, ascending.
        lines: Vec<u64>,
    },
    /// Rule 6: an officer using more days in a period than `days_per_period`.
    TooManyDays {
        /// The officer's id.
        officer_id: String,
        /// The period's label.
        period: String,
        /// Distinct days with a visit.
        days: u32,
        /// The officer's days per period.
        max_days: u32,
    },
    /// Rule 7: a visit to an enterprise conflicted with the officer or the officer's court.
    Conflict {
        /// Line of the row.
        line: u64,
        /// The officer's id.
        officer_id: String,
        /// The enterprise's id.
        enterprise_id: String,
    },
    /// A stop at an enterprise on or after its `closed_on` date.
    Closed {
        /// Line of the row.
        line: u64,
        /// The enterprise's id.
        enterprise_id: String,
        /// The visit's date.
        date: NaiveDate,
        /// The day it closed.
        closed_on: NaiveDate,
    },
    /// Rule 8: an enterprise visited by two different trips on one day.
    EnterpriseTwiceADay {
        /// The enterprise's id.
        enterprise_id: String,
        /// The date.
        date: NaiveDate,
        /// Lines of the rows visiting it that day, ascending.
        lines: Vec<u64>,
    },
}

fn join_lines(lines: &[u64]) -> String {
    lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl ScheduleViolation {
    /// The rule broken, as a short name (for reports).
    pub fn rule(&self) -> &'static str {
        match self {
            ScheduleViolation::Malformed { .. } => "malformed",
            ScheduleViolation::Recomputed { .. } => "recomputed",
            ScheduleViolation::OutsideYear { .. } => "outside-year",
            ScheduleViolation::NotWorkingDay { .. } => "rule-1-not-working-day",
            ScheduleViolation::Unavailable { .. } => "rule-1-unavailable",
            ScheduleViolation::NotAssigned { .. } => "not-assigned",
            ScheduleViolation::NotAMember { .. } => "not-a-member",
            ScheduleViolation::RepeatedStop { .. } => "repeated-stop",
            ScheduleViolation::StopCount { .. } => "rule-2-stop-count",
            ScheduleViolation::TeamApart { .. } => "team-apart",
            ScheduleViolation::UnitVisits { .. } => "rule-2-unit-visits",
            ScheduleViolation::EnterpriseVisits { .. } => "rule-3-enterprise-visits",
            ScheduleViolation::TooClose { .. } => "rule-4-too-close",
            ScheduleViolation::DayOverflow { .. } => "rule-5-day-overflow",
            ScheduleViolation::TwoTrips { .. } => "rule-6-two-trips",
            ScheduleViolation::TooManyDays { .. } => "rule-6-too-many-days",
            ScheduleViolation::Conflict { .. } => "rule-7-conflict",
            ScheduleViolation::Closed { .. } => "closed-enterprise",
            ScheduleViolation::EnterpriseTwiceADay { .. } => "rule-8-enterprise-twice-a-day",
        }
    }

    /// For too few visits of a unit or enterprise in a period (rules 2 and 3): the officer,
    /// period and target ids, and how many visits are missing.
    pub fn visits_missing(&self) -> Option<(&str, &str, &str, u32)> {
        match self {
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
            } if visits < expected => Some((officer_id, period, target, expected - visits)),
            _ => None,
        }
    }
}

impl fmt::Display for ScheduleViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleViolation::Malformed { line, field, value } => write!(
                f,
                "line {line}: {field} {value:?} cannot be read (malformed value or unknown id)"
            ),
            ScheduleViolation::Recomputed {
                line,
                field,
                written,
                expected,
            } => write!(
                f,
                "line {line}: {field} is written as {written:?}, but the scenario implies \
                 {expected:?}"
            ),
            ScheduleViolation::OutsideYear { line, date, year } => write!(
                f,
                "line {line}: date {date} lies outside the plan's year {year}"
            ),
            ScheduleViolation::NotWorkingDay {
                line,
                officer_id,
                date,
                reason,
            } => write!(
                f,
                "line {line}: officer {officer_id} visits on {date}, not a working day \
                 ({reason}) (rule 1)"
            ),
            ScheduleViolation::Unavailable {
                line,
                officer_id,
                date,
                from,
                to,
            } => write!(
                f,
                "line {line}: officer {officer_id} visits on {date}, inside the officer's \
                 unavailability {from} – {to} (rule 1)"
            ),
            ScheduleViolation::NotAssigned {
                line,
                officer_id,
                target_id,
            } => write!(
                f,
                "line {line}: officer {officer_id} visits {target_id}, which the assignment \
                 does not give the officer"
            ),
            ScheduleViolation::NotAMember {
                line,
                officer_id,
                unit_id,
                enterprise_id,
            } => write!(
                f,
                "line {line}: officer {officer_id}'s visit to {unit_id} stops at \
                 {enterprise_id}, which is not a member of {unit_id}"
            ),
            ScheduleViolation::RepeatedStop {
                line,
                officer_id,
                enterprise_id,
            } => write!(
                f,
                "line {line}: officer {officer_id}'s visit lists {enterprise_id} more than once"
            ),
            ScheduleViolation::StopCount {
                line,
                officer_id,
                unit_id,
                period,
                stops,
                expected,
            } => write!(
                f,
                "line {line}: officer {officer_id}'s visit to {unit_id} in {period} has \
                 {stops} distinct stop(s), expected {expected} (rule 2)"
            ),
            ScheduleViolation::TeamApart {
                line,
                officer_id,
                unit_id,
                date,
                missing_officer_id,
            } => write!(
                f,
                "line {line}: officer {officer_id}'s team visit to {unit_id} on {date} has no \
                 matching row (same date and stops) for team member {missing_officer_id}"
            ),
            ScheduleViolation::UnitVisits {
                officer_id,
                unit_id,
                period,
                visits,
                expected,
            } => write!(
                f,
                "officer {officer_id} → {unit_id}: {visits} visit(s) in {period}, expected \
                 {expected} (rule 2)"
            ),
            ScheduleViolation::EnterpriseVisits {
                officer_id,
                enterprise_id,
                period,
                visits,
                expected,
            } => write!(
                f,
                "officer {officer_id} → {enterprise_id}: {visits} direct visit(s) in {period}, \
                 expected {expected} (rule 3)"
            ),
            ScheduleViolation::TooClose {
                officer_id,
                target_id,
                first,
                second,
                line,
                days,
                min_days,
            } => write!(
                f,
                "line {line}: officer {officer_id} → {target_id}: visits on {first} and \
                 {second} are {days} day(s) apart, fewer than {min_days} (rule 4)"
            ),
            ScheduleViolation::DayOverflow {
                line,
                officer_id,
                date,
                travel_minutes,
                onsite_minutes,
                day_minutes,
            } => write!(
                f,
                "line {line}: officer {officer_id}'s trip on {date} takes {travel_minutes} min \
                 travel + {onsite_minutes} min on site = {} min, more than the {day_minutes} \
                 min day (rule 5)",
                u64::from(*travel_minutes) + u64::from(*onsite_minutes)
            ),
            ScheduleViolation::TwoTrips {
                officer_id,
                date,
                lines,
            } => write!(
                f,
                "officer {officer_id} makes {} trips on {date} (lines {}), at most one a day \
                 (rule 6)",
                lines.len(),
                join_lines(lines)
            ),
            ScheduleViolation::TooManyDays {
                officer_id,
                period,
                days,
                max_days,
            } => write!(
                f,
                "officer {officer_id} uses {days} days in {period}, more than the {max_days} \
                 days per period (rule 6)"
            ),
            ScheduleViolation::Conflict {
                line,
                officer_id,
                enterprise_id,
            } => write!(
                f,
                "line {line}: officer {officer_id} visits {enterprise_id}, conflicted with the \
                 officer or the officer's court (rule 7)"
            ),
            ScheduleViolation::Closed {
                line,
                enterprise_id,
                date,
                closed_on,
            } => write!(
                f,
                "line {line}: {enterprise_id} is visited on {date}, but it closed on {closed_on}"
            ),
            ScheduleViolation::EnterpriseTwiceADay {
                enterprise_id,
                date,
                lines,
            } => write!(
                f,
                "enterprise {enterprise_id} is visited by {} different trips on {date} \
                 (lines {}) (rule 8)",
                lines.len(),
                join_lines(lines)
            ),
        }
    }
}

impl ScheduleViolation {
    /// The violation in Chinese, with the same lines, ids, dates and numbers as its English
    /// ([`fmt::Display`]).
    pub fn zh(&self) -> String {
        match self {
            ScheduleViolation::Malformed { line, field, value } => {
                format!("第 {line} 行：{field} {value:?} 无法读取（值格式有误或编号不存在）")
            }
            ScheduleViolation::Recomputed {
                line,
                field,
                written,
                expected,
            } => format!(
                "第 {line} 行：{field} 写的是 {written:?}，但按场景应为 {expected:?}"
            ),
            ScheduleViolation::OutsideYear { line, date, year } => {
                format!("第 {line} 行：日期 {date} 不在方案年份 {year} 年内")
            }
            ScheduleViolation::NotWorkingDay {
                line,
                officer_id,
                date,
                reason,
            } => {
                let reason = match reason.as_str() {
                    "Saturday" => "星期六".to_owned(),
                    "Sunday" => "星期日".to_owned(),
                    "holiday" => "节假日".to_owned(),
                    other => match other.strip_prefix("holiday: ") {
                        Some(name) => format!("节假日：{name}"),
                        None => format!("系统信息：{other}"),
                    },
                };
                format!(
                    "第 {line} 行：特派员 {officer_id} 在 {date} 走访，该日不是工作日（{reason}）（规则 1）"
                )
            }
            ScheduleViolation::Unavailable {
                line,
                officer_id,
                date,
                from,
                to,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 在 {date} 走访，正处于其不可用时段 {from} – {to}（规则 1）"
            ),
            ScheduleViolation::NotAssigned {
                line,
                officer_id,
                target_id,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 走访 {target_id}，但派驻方案并未把它分给该特派员"
            ),
            ScheduleViolation::NotAMember {
                line,
                officer_id,
                unit_id,
                enterprise_id,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 走访 {unit_id} 时到访 {enterprise_id}，但它不是 {unit_id} 的成员企业"
            ),
            ScheduleViolation::RepeatedStop {
                line,
                officer_id,
                enterprise_id,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 的这次走访重复列出 {enterprise_id}"
            ),
            ScheduleViolation::StopCount {
                line,
                officer_id,
                unit_id,
                period,
                stops,
                expected,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 在 {period} 走访 {unit_id}，到访 {stops} 家不同企业，应为 {expected} 家（规则 2）"
            ),
            ScheduleViolation::TeamApart {
                line,
                officer_id,
                unit_id,
                date,
                missing_officer_id,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 在 {date} 随团走访 {unit_id}，但团队成员 {missing_officer_id} 没有对应的行（日期和到访企业相同）"
            ),
            ScheduleViolation::UnitVisits {
                officer_id,
                unit_id,
                period,
                visits,
                expected,
            } => format!(
                "特派员 {officer_id} → {unit_id}：{period} 走访 {visits} 次，应为 {expected} 次（规则 2）"
            ),
            ScheduleViolation::EnterpriseVisits {
                officer_id,
                enterprise_id,
                period,
                visits,
                expected,
            } => format!(
                "特派员 {officer_id} → {enterprise_id}：{period} 直接走访 {visits} 次，应为 {expected} 次（规则 3）"
            ),
            ScheduleViolation::TooClose {
                officer_id,
                target_id,
                first,
                second,
                line,
                days,
                min_days,
            } => format!(
                "第 {line} 行：特派员 {officer_id} → {target_id}：{first} 与 {second} 两次走访相隔 {days} 天，少于 {min_days} 天（规则 4）"
            ),
            ScheduleViolation::DayOverflow {
                line,
                officer_id,
                date,
                travel_minutes,
                onsite_minutes,
                day_minutes,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 在 {date} 的行程需路上 {travel_minutes} 分钟 + 现场 {onsite_minutes} 分钟 = {} 分钟，超过一天的 {day_minutes} 分钟（规则 5）",
                u64::from(*travel_minutes) + u64::from(*onsite_minutes)
            ),
            ScheduleViolation::TwoTrips {
                officer_id,
                date,
                lines,
            } => format!(
                "特派员 {officer_id} 在 {date} 出行 {} 趟（第 {} 行），每天最多一趟（规则 6）",
                lines.len(),
                join_lines(lines)
            ),
            ScheduleViolation::TooManyDays {
                officer_id,
                period,
                days,
                max_days,
            } => format!(
                "特派员 {officer_id} 在 {period} 用了 {days} 天，超过每期 {max_days} 天（规则 6）"
            ),
            ScheduleViolation::Conflict {
                line,
                officer_id,
                enterprise_id,
            } => format!(
                "第 {line} 行：特派员 {officer_id} 走访 {enterprise_id}，但它与该特派员或其所在法院存在利益冲突（规则 7）"
            ),
            ScheduleViolation::Closed {
                line,
                enterprise_id,
                date,
                closed_on,
            } => format!("第 {line} 行：{enterprise_id} 已于 {closed_on} 停业，却安排在 {date} 走访"),
            ScheduleViolation::EnterpriseTwiceADay {
                enterprise_id,
                date,
                lines,
            } => format!(
                "企业 {enterprise_id} 在 {date} 被 {} 趟不同的行程走访（第 {} 行）（规则 8）",
                lines.len(),
                join_lines(lines)
            ),
        }
    }
}

/// A row whose date, officer, target and stops could be read.
struct Visit {
    line: u64,
    date: NaiveDate,
    period: Period,
    officer: OfficerIdx,
    target: Target,
    stops: Vec<EnterpriseIdx>,
}

/// What makes two rows one trip: a unit's trip is its date, unit and stops in order (a
/// team's rows share it); a direct trip is its own row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum TripKey {
    Unit(NaiveDate, UnitIdx, Vec<EnterpriseIdx>),
    Direct(usize),
}

impl Visit {
    fn trip(&self, position: usize) -> TripKey {
        match self.target {
            Target::Unit(u) => TripKey::Unit(self.date, u, self.stops.clone()),
            Target::Enterprise(_) => TripKey::Direct(position),
        }
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `HH:MM` → minutes after midnight (hours may exceed 23, minutes must be below 60).
fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60)
        .then(|| h.checked_mul(60)?.checked_add(m))
        .flatten()
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn parse_minutes(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Travel of a trip: the officer's court → each stop in order → the court.
fn route_minutes(s: &Scenario, officer: OfficerIdx, stops: &[EnterpriseIdx]) -> u32 {
    let court = Place::Court(s.officer(officer).court);
    let mut at = court;
    let mut total = 0_u32;
    for &e in stops {
        let next = Place::Enterprise(e);
        total = total.saturating_add(s.travel_minutes(at, next));
        at = next;
    }
    if !stops.is_empty() {
        total = total.saturating_add(s.travel_minutes(at, court));
    }
    total
}

/// Days an officer may use per period: `days_per_quarter`, or a third of it for months.
fn days_per_period(s: &Scenario, officer: OfficerIdx) -> u32 {
    let days = s.officer(officer).days_per_quarter;
    match s.rules.period {
        PeriodKind::Quarter => days,
        PeriodKind::Month => days / 3,
    }
}

/// Stops a unit visit on `date` must make: `min(enterprises_per_unit_visit, eligible
/// members)`, where members conflicted with any officer assigned to the unit (or that
/// officer's court) are not eligible — a team travels together, so every member visited must
/// suit all of it — nor are members closed by the end of the plan's first period or on or
/// before `date`.
fn expected_stops(
    s: &Scenario,
    pairs: &BTreeSet<(OfficerIdx, Target)>,
    officer: OfficerIdx,
    unit: UnitIdx,
    date: NaiveDate,
) -> u32 {
    let team: Vec<OfficerIdx> = pairs
        .iter()
        .filter(|(_, t)| *t == Target::Unit(unit))
        .map(|(o, _)| *o)
        .chain(std::iter::once(officer))
        .collect();
    let eligible = s
        .unit(unit)
        .members
        .iter()
        .filter(|&&e| {
            !team.iter().any(|&o| s.is_conflicted(o, e)) && super::visited::open_on(s, e, date)
        })
        .count();
    s.rules.enterprises_per_unit_visit.min(count(eligible))
}

/// Why `date` is not a working day, or `None` if it is one.
fn not_working_reason(s: &Scenario, date: NaiveDate) -> Option<String> {
    match s.calendar.is_working_day(date) {
        Ok(true) => None,
        Ok(false) => Some(match s.calendar.day_name(date) {
            Some(name) => format!("holiday: {name}"),
            None => match date.weekday() {
                Weekday::Sat => "Saturday".to_owned(),
                Weekday::Sun => "Sunday".to_owned(),
                _ => "holiday".to_owned(),
            },
        }),
        Err(e) => Some(e.to_string()),
    }
}

/// Reads one row: reports every unreadable cell and every derived cell that differs from
/// the scenario, and returns the visit when its date, officer, target and stops are known.
fn read_row(
    s: &Scenario,
    row: &ScheduleRow,
    violations: &mut Vec<ScheduleViolation>,
) -> Option<Visit> {
    let line = row.line;
    let malformed = |field: &str, value: &str| ScheduleViolation::Malformed {
        line,
        field: field.to_owned(),
        value: value.to_owned(),
    };
    let recomputed = |field: &str, written: &str, expected: String| ScheduleViolation::Recomputed {
        line,
        field: field.to_owned(),
        written: written.to_owned(),
        expected,
    };

    let date = NaiveDate::parse_from_str(row.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        violations.push(malformed("date", &row.date));
    }
    let officer = s.officer_by_id(row.officer_id.trim());
    if officer.is_none() {
        violations.push(malformed("officer_id", &row.officer_id));
    }
    let kind = row.target_kind.trim();
    let target_id = row.target_id.trim();
    let target = match kind {
        "platform" | "chamber" => match s.unit_by_id(target_id) {
            Some(u) => {
                let actual = s.unit(u).kind.as_str();
                if actual != kind {
                    violations.push(recomputed("target_kind", &row.target_kind, actual.into()));
                }
                Some(Target::Unit(u))
            }
            None => {
                violations.push(malformed("target_id", &row.target_id));
                None
            }
        },
        "enterprise" => match s.enterprise_by_id(target_id) {
            Some(e) => Some(Target::Enterprise(e)),
            None => {
                violations.push(malformed("target_id", &row.target_id));
                None
            }
        },
        _ => {
            violations.push(malformed("target_kind", &row.target_kind));
            None
        }
    };
    let stops: Option<Vec<EnterpriseIdx>> = if row.enterprise_ids.trim().is_empty() {
        violations.push(malformed("enterprise_ids", &row.enterprise_ids));
        None
    } else {
        let mut all = Some(Vec::new());
        for id in row.enterprise_ids.split(';').map(str::trim) {
            match s.enterprise_by_id(id) {
                Some(e) => {
                    if let Some(v) = all.as_mut() {
                        v.push(e);
                    }
                }
                None => {
                    violations.push(malformed("enterprise_ids", id));
                    all = None;
                }
            }
        }
        all
    };
    if let (Some(Target::Enterprise(first_written)), Some(stops)) = (target, &stops) {
        if stops.first() != Some(&first_written) {
            let expected = s.enterprise(stops[0]).id.to_string();
            violations.push(recomputed("target_id", &row.target_id, expected));
        }
    }

    // The period label.
    let expected_period = date.map(|d| Period::containing(d, s.rules.period));
    match row.period.trim().parse::<Period>() {
        Err(_) => violations.push(malformed("period", &row.period)),
        Ok(p) => {
            if let Some(expected) = expected_period {
                if p != expected {
                    violations.push(recomputed("period", &row.period, expected.label()));
                }
            }
        }
    }

    // Times: depart is 08:30; travel, on-site and return follow from the stops.
    let depart = parse_hhmm(&row.depart);
    match depart {
        None => violations.push(malformed("depart", &row.depart)),
        Some(d) if d != DEPART_MINUTES => {
            violations.push(recomputed("depart", &row.depart, hhmm(DEPART_MINUTES)));
        }
        Some(_) => {}
    }
    let travel = parse_minutes(&row.travel_minutes);
    if travel.is_none() {
        violations.push(malformed("travel_minutes", &row.travel_minutes));
    }
    let onsite = parse_minutes(&row.onsite_minutes);
    if onsite.is_none() {
        violations.push(malformed("onsite_minutes", &row.onsite_minutes));
    }
    let ret = parse_hhmm(&row.return_time);
    if ret.is_none() {
        violations.push(malformed("return", &row.return_time));
    }
    if let (Some(o), Some(stops)) = (officer, &stops) {
        let want_travel = route_minutes(s, o, stops);
        let want_onsite = count(stops.len()).saturating_mul(s.rules.onsite_minutes);
        let want_return = depart
            .unwrap_or(DEPART_MINUTES)
            .saturating_add(want_travel)
            .saturating_add(want_onsite);
        if travel.is_some_and(|t| t != want_travel) {
            violations.push(recomputed(
                "travel_minutes",
                &row.travel_minutes,
                want_travel.to_string(),
            ));
        }
        if onsite.is_some_and(|t| t != want_onsite) {
            violations.push(recomputed(
                "onsite_minutes",
                &row.onsite_minutes,
                want_onsite.to_string(),
            ));
        }
        if ret.is_some_and(|t| t != want_return) {
            violations.push(recomputed("return", &row.return_time, hhmm(want_return)));
        }
    }

    let date = date?;
    if date.year() != s.year {
        violations.push(ScheduleViolation::OutsideYear {
            line,
            date,
            year: s.year,
        });
        return None;
    }
    Some(Visit {
        line,
        date,
        period: expected_period?,
        officer: officer?,
        target: target?,
        stops: stops?,
    })
}

/// Checks one readable row against the rules that concern it alone.
fn check_visit(
    s: &Scenario,
    pairs: &BTreeSet<(OfficerIdx, Target)>,
    v: &Visit,
    violations: &mut Vec<ScheduleViolation>,
) {
    let officer_id = || s.officer(v.officer).id.to_string();
    let enterprise_id = |e: EnterpriseIdx| s.enterprise(e).id.to_string();

    // Rule 1.
    if let Some(reason) = not_working_reason(s, v.date) {
        violations.push(ScheduleViolation::NotWorkingDay {
            line: v.line,
            officer_id: officer_id(),
            date: v.date,
            reason,
        });
    }
    for u in &s.unavailable {
        if u.officer == v.officer && u.from <= v.date && v.date <= u.to {
            violations.push(ScheduleViolation::Unavailable {
                line: v.line,
                officer_id: officer_id(),
                date: v.date,
                from: u.from,
                to: u.to,
            });
        }
    }

    // Distinct stops, in first-seen order; repeats are reported once per enterprise.
    let mut distinct: Vec<EnterpriseIdx> = Vec::new();
    let mut repeated: BTreeSet<EnterpriseIdx> = BTreeSet::new();
    for &e in &v.stops {
        if distinct.contains(&e) {
            if repeated.insert(e) {
                violations.push(ScheduleViolation::RepeatedStop {
                    line: v.line,
                    officer_id: officer_id(),
                    enterprise_id: enterprise_id(e),
                });
            }
        } else {
            distinct.push(e);
        }
    }

    // Assignment, membership and the stop count (rule 2).
    match v.target {
        Target::Unit(u) => {
            if !pairs.contains(&(v.officer, v.target)) {
                violations.push(ScheduleViolation::NotAssigned {
                    line: v.line,
                    officer_id: officer_id(),
                    target_id: s.unit(u).id.to_string(),
                });
            }
            for &e in &distinct {
                if !s.unit(u).members.contains(&e) {
                    violations.push(ScheduleViolation::NotAMember {
                        line: v.line,
                        officer_id: officer_id(),
                        unit_id: s.unit(u).id.to_string(),
                        enterprise_id: enterprise_id(e),
                    });
                }
            }
            let expected = expected_stops(s, pairs, v.officer, u, v.date);
            if count(distinct.len()) != expected {
                violations.push(ScheduleViolation::StopCount {
                    line: v.line,
                    officer_id: officer_id(),
                    unit_id: s.unit(u).id.to_string(),
                    period: v.period.label(),
                    stops: count(distinct.len()),
                    expected,
                });
            }
        }
        Target::Enterprise(_) => {
            for &e in &distinct {
                if !pairs.contains(&(v.officer, Target::Enterprise(e))) {
                    violations.push(ScheduleViolation::NotAssigned {
                        line: v.line,
                        officer_id: officer_id(),
                        target_id: enterprise_id(e),
                    });
                }
            }
        }
    }

    // Rule 7.
    for &e in &distinct {
        if s.is_conflicted(v.officer, e) {
            violations.push(ScheduleViolation::Conflict {
                line: v.line,
                officer_id: officer_id(),
                enterprise_id: enterprise_id(e),
            });
        }
    }

    // A closed enterprise is visited no more.
    for &e in &distinct {
        if let Some(closed_on) = s.enterprise(e).closed_on.filter(|&c| c <= v.date) {
            violations.push(ScheduleViolation::Closed {
                line: v.line,
                enterprise_id: enterprise_id(e),
                date: v.date,
                closed_on,
            });
        }
    }

    // Rule 5, with the scenario's own times.
    let travel = route_minutes(s, v.officer, &v.stops);
    let onsite = count(v.stops.len()).saturating_mul(s.rules.onsite_minutes);
    if u64::from(travel) + u64::from(onsite) > u64::from(s.rules.day_minutes) {
        violations.push(ScheduleViolation::DayOverflow {
            line: v.line,
            officer_id: officer_id(),
            date: v.date,
            travel_minutes: travel,
            onsite_minutes: onsite,
            day_minutes: s.rules.day_minutes,
        });
    }
}

/// Checks a schedule (the rows of `schedule.csv`, as written) against every rule of the
/// schedule model, from the scenario and the assignment alone, and summarises what it
/// achieves.
///
/// Pairs of the assignment with out-of-range indices are ignored. See the
/// [module documentation](self) for what is verified and how unreadable rows are treated.
pub fn check_schedule(s: &Scenario, a: &Assignment, rows: &[ScheduleRow]) -> ScheduleReport {
    check_schedule_from(s, a, rows, None)
}

/// [`check_schedule`] of a re-plan made on `from` (`None`: a whole-year plan): the rows dated
/// before `from` are the past as it happened (`past.csv`, checked against the rows by
/// [`check_past`](crate::check::check_past)), not judged by the rules; they count where the
/// future is judged — the visits of the period holding `from` (rules 2 and 3), the spacing of
/// a later visit (rule 4) and the days of that period (rule 6) — and periods that ended before
/// `from` have no duty left to check.
pub fn check_schedule_from(
    s: &Scenario,
    a: &Assignment,
    rows: &[ScheduleRow],
    from: Option<NaiveDate>,
) -> ScheduleReport {
    let future = |d: NaiveDate| from.map_or(true, |f| d >= f);
    let mut violations = Vec::new();

    let pairs: BTreeSet<(OfficerIdx, Target)> = a
        .pairs
        .iter()
        .copied()
        .filter(|&(o, t)| {
            o.index() < s.officers.len()
                && match t {
                    Target::Unit(u) => u.index() < s.units.len(),
                    Target::Enterprise(e) => e.index() < s.enterprises.len(),
                }
        })
        .collect();

    // Per row.
    let mut visits: Vec<Visit> = Vec::new();
    for row in rows {
        if let Some(v) = read_row(s, row, &mut violations) {
            if future(v.date) {
                check_visit(s, &pairs, &v, &mut violations);
            }
            visits.push(v);
        }
    }

    // Team trips: every assigned officer of a team unit has a row for the same trip.
    let mut team: BTreeMap<UnitIdx, Vec<OfficerIdx>> = BTreeMap::new();
    for &(o, t) in &pairs {
        if let Target::Unit(u) = t {
            team.entry(u).or_default().push(o);
        }
    }
    let trips_of: BTreeSet<(OfficerIdx, TripKey)> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.officer, v.trip(i)))
        .collect();
    for (i, v) in visits.iter().enumerate() {
        let Target::Unit(u) = v.target else { continue };
        let Some(members) = team.get(&u) else {
            continue;
        };
        if members.len() < 2 || !members.contains(&v.officer) || !future(v.date) {
            continue;
        }
        for &other in members.iter().filter(|&&o| o != v.officer) {
            if !trips_of.contains(&(other, v.trip(i))) {
                violations.push(ScheduleViolation::TeamApart {
                    line: v.line,
                    officer_id: s.officer(v.officer).id.to_string(),
                    unit_id: s.unit(u).id.to_string(),
                    date: v.date,
                    missing_officer_id: s.officer(other).id.to_string(),
                });
            }
        }
    }

    // Rule 6: one trip a day per officer, and days per period.
    let mut by_officer_day: BTreeMap<(OfficerIdx, NaiveDate), Vec<u64>> = BTreeMap::new();
    for v in &visits {
        by_officer_day
            .entry((v.officer, v.date))
            .or_default()
            .push(v.line);
    }
    let mut days_used: BTreeMap<(OfficerIdx, Period), u32> = BTreeMap::new();
    let mut future_days: BTreeSet<(OfficerIdx, Period)> = BTreeSet::new();
    for (&(o, date), lines) in &by_officer_day {
        let p = Period::containing(date, s.rules.period);
        *days_used.entry((o, p)).or_insert(0) += 1;
        if future(date) {
            future_days.insert((o, p));
        }
        if lines.len() > 1 && future(date) {
            let mut lines = lines.clone();
            lines.sort_unstable();
            violations.push(ScheduleViolation::TwoTrips {
                officer_id: s.officer(o).id.to_string(),
                date,
                lines,
            });
        }
    }
    for (&(o, p), &days) in &days_used {
        let max_days = days_per_period(s, o);
        if days > max_days && future_days.contains(&(o, p)) {
            violations.push(ScheduleViolation::TooManyDays {
                officer_id: s.officer(o).id.to_string(),
                period: p.label(),
                days,
                max_days,
            });
        }
    }

    // Rule 4: spacing per officer and target (the unit, or each directly served enterprise).
    let mut by_target: BTreeMap<(OfficerIdx, Target), Vec<(NaiveDate, u64)>> = BTreeMap::new();
    for v in &visits {
        match v.target {
            Target::Unit(_) => by_target
                .entry((v.officer, v.target))
                .or_default()
                .push((v.date, v.line)),
            Target::Enterprise(_) => {
                let distinct: BTreeSet<EnterpriseIdx> = v.stops.iter().copied().collect();
                for e in distinct {
                    by_target
                        .entry((v.officer, Target::Enterprise(e)))
                        .or_default()
                        .push((v.date, v.line));
                }
            }
        }
    }
    let min_days = s.rules.min_days_between_visits;
    for (&(o, t), dates) in &mut by_target {
        dates.sort_unstable();
        for w in dates.windows(2) {
            let days = (w[1].0 - w[0].0).num_days();
            if days < i64::from(min_days) && future(w[1].0) {
                violations.push(ScheduleViolation::TooClose {
                    officer_id: s.officer(o).id.to_string(),
                    target_id: s.target_id(t).to_owned(),
                    first: w[0].0,
                    second: w[1].0,
                    line: w[1].1,
                    days,
                    min_days,
                });
            }
        }
    }

    // Rule 8: an enterprise in two different trips on one day.
    let mut by_day_enterprise: BTreeMap<(NaiveDate, EnterpriseIdx), BTreeMap<TripKey, Vec<u64>>> =
        BTreeMap::new();
    for (i, v) in visits.iter().enumerate() {
        let distinct: BTreeSet<EnterpriseIdx> = v.stops.iter().copied().collect();
        for e in distinct {
            by_day_enterprise
                .entry((v.date, e))
                .or_default()
                .entry(v.trip(i))
                .or_default()
                .push(v.line);
        }
    }
    for (&(date, e), trips) in &by_day_enterprise {
        if trips.len() > 1 && future(date) {
            let mut lines: Vec<u64> = trips.values().flatten().copied().collect();
            lines.sort_unstable();
            violations.push(ScheduleViolation::EnterpriseTwiceADay {
                enterprise_id: s.enterprise(e).id.to_string(),
                date,
                lines,
            });
        }
    }

    // Rules 2 and 3: visits per pair and period.
    let periods = Period::all(s.year, s.rules.period);
    let mut per_pair: BTreeMap<(OfficerIdx, Target, Period), u32> = BTreeMap::new();
    for v in &visits {
        match v.target {
            Target::Unit(_) => *per_pair.entry((v.officer, v.target, v.period)).or_insert(0) += 1,
            Target::Enterprise(_) => {
                let distinct: BTreeSet<EnterpriseIdx> = v.stops.iter().copied().collect();
                for e in distinct {
                    *per_pair
                        .entry((v.officer, Target::Enterprise(e), v.period))
                        .or_insert(0) += 1;
                }
            }
        }
    }
    for &(o, t) in &pairs {
        for &p in periods.iter().filter(|p| future(p.end())) {
            let found = per_pair.get(&(o, t, p)).copied().unwrap_or(0);
            let officer_id = s.officer(o).id.to_string();
            match t {
                Target::Unit(u) => {
                    let expected = s.rules.unit_visits_per_period;
                    if found != expected {
                        violations.push(ScheduleViolation::UnitVisits {
                            officer_id,
                            unit_id: s.unit(u).id.to_string(),
                            period: p.label(),
                            visits: found,
                            expected,
                        });
                    }
                }
                Target::Enterprise(e) => {
                    // Due while open through the period; in the period it closes in, visits
                    // before the closing day are allowed up to the duty, none is due.
                    let expected = s.rules.enterprise_visits_per_period;
                    let wrong = if super::visited::due_in(s, e, p) {
                        found != expected
                    } else {
                        found > expected
                    };
                    if wrong {
                        violations.push(ScheduleViolation::EnterpriseVisits {
                            officer_id,
                            enterprise_id: s.enterprise(e).id.to_string(),
                            period: p.label(),
                            visits: found,
                            expected,
                        });
                    }
                }
            }
        }
    }

    // Summary.
    let trips: BTreeMap<TripKey, Period> = visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.trip(i), v.period))
        .collect();
    let visits_per_period = periods
        .iter()
        .map(|p| (p.label(), trips.values().filter(|&q| q == p).count()))
        .collect();
    let enterprises_visited = visits
        .iter()
        .flat_map(|v| v.stops.iter().copied())
        .collect::<BTreeSet<_>>()
        .len();
    let distinct_members = team
        .keys()
        .map(|&u| {
            let reached: BTreeSet<EnterpriseIdx> = visits
                .iter()
                .filter(|v| v.target == Target::Unit(u))
                .flat_map(|v| v.stops.iter().copied())
                .filter(|e| s.unit(u).members.contains(e))
                .collect();
            (s.unit(u).id.to_string(), count(reached.len()))
        })
        .collect();

    ScheduleReport {
        violations,
        visits: trips.len(),
        enterprises_visited,
        distinct_members,
        visits_per_period,
        from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::{base, variant};

    /// Unit visits: the 10th of each month of a quarter (or the next working day).
    const UNIT_DAYS: [(u32, u32); 3] = [(1, 10), (2, 10), (3, 10)];
    /// Direct visits: the 5th and 25th of a quarter's second month, the 15th of its third.
    const DIRECT_DAYS: [(u32, u32); 3] = [(2, 5), (2, 25), (3, 15)];

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn working_on_or_after(s: &Scenario, mut date: NaiveDate) -> NaiveDate {
        while !s.calendar.is_working_day(date).expect("covered") {
            date = date.succ_opt().expect("next day");
        }
        date
    }

    fn plan(s: &Scenario, pairs: &[(&str, &str)]) -> Assignment {
        Assignment::new(
            pairs
                .iter()
                .map(|&(o, t)| {
                    let o = s.officer_by_id(o).expect("officer");
                    let t = s
                        .unit_by_id(t)
                        .map(Target::Unit)
                        .or_else(|| s.enterprise_by_id(t).map(Target::Enterprise))
                        .expect("target");
                    (o, t)
                })
                .collect(),
        )
    }

    /// A row as the scheduler should write it, travel computed from the scenario here.
    fn row(
        s: &Scenario,
        date: NaiveDate,
        officer: &str,
        target: &str,
        stops: &[&str],
    ) -> ScheduleRow {
        let o = s.officer_by_id(officer).expect("officer");
        let kind = match s.unit_by_id(target) {
            Some(u) => s.unit(u).kind.as_str(),
            None => "enterprise",
        };
        let court = Place::Court(s.officer(o).court);
        let mut at = court;
        let mut travel = 0;
        for id in stops {
            let next = Place::Enterprise(s.enterprise_by_id(id).expect("enterprise"));
            travel += s.travel_minutes(at, next);
            at = next;
        }
        travel += s.travel_minutes(at, court);
        let onsite = s.rules.onsite_minutes * u32::try_from(stops.len()).expect("few stops");
        let back = 8 * 60 + 30 + travel + onsite;
        ScheduleRow {
            line: 0,
            date: date.to_string(),
            period: Period::containing(date, s.rules.period).label(),
            officer_id: officer.into(),
            target_kind: kind.into(),
            target_id: target.into(),
            enterprise_ids: stops.join(";"),
            depart: "08:30".into(),
            return_time: format!("{:02}:{:02}", back / 60, back % 60),
            travel_minutes: travel.to_string(),
            onsite_minutes: onsite.to_string(),
        }
    }

    /// A year of visits: each quarter, one on (or after) each `(month of quarter, day)`.
    fn year_rows(
        s: &Scenario,
        officer: &str,
        target: &str,
        stops: &[&str],
        days: &[(u32, u32)],
    ) -> Vec<ScheduleRow> {
        (0..4)
            .flat_map(|q| days.iter().map(move |&(m, day)| (3 * q + m, day)))
            .map(|(m, day)| {
                let date = working_on_or_after(s, d(2024, m, day));
                row(s, date, officer, target, stops)
            })
            .collect()
    }

    /// Numbers the rows as lines 2, 3, … of a file with a header.
    fn numbered(mut rows: Vec<ScheduleRow>) -> Vec<ScheduleRow> {
        for (i, r) in rows.iter_mut().enumerate() {
            r.line = u64::try_from(i).expect("few rows") + 2;
        }
        rows
    }

    /// The valid year: o-1 serves u-plat (e-1, e-2, e-3), o-3 serves e-6 directly.
    fn valid(s: &Scenario) -> (Assignment, Vec<ScheduleRow>) {
        let a = plan(s, &[("o-1", "u-plat"), ("o-3", "e-6")]);
        let mut rows = year_rows(s, "o-1", "u-plat", &["e-1", "e-2", "e-3"], &UNIT_DAYS);
        rows.extend(year_rows(s, "o-3", "e-6", &["e-6"], &DIRECT_DAYS));
        (a, numbered(rows))
    }

    /// Position of the row of `officer` on `date`.
    fn at(rows: &[ScheduleRow], officer: &str, date: NaiveDate) -> usize {
        rows.iter()
            .position(|r| r.officer_id == officer && r.date == date.to_string())
            .unwrap_or_else(|| panic!("no row of {officer} on {date}"))
    }

    /// Moves a row to another date (period label follows).
    fn move_to(s: &Scenario, r: &mut ScheduleRow, date: NaiveDate) {
        r.date = date.to_string();
        r.period = Period::containing(date, s.rules.period).label();
    }

    fn messages(r: &ScheduleReport) -> Vec<String> {
        r.violations.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_replan_judges_the_future_and_takes_the_past_as_recorded() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let from = d(2024, 7, 1);
        // The past: a Q1 visit missed, and a visit by o-2 to a unit it does not serve.
        let q1 = at(&rows, "o-1", working_on_or_after(&s, d(2024, 1, 10)));
        rows.remove(q1);
        let mut other = rows[0].clone();
        other.officer_id = "o-2".to_owned();
        rows.push(other);
        let rows = numbered(rows);
        let whole_year = check_schedule(&s, &a, &rows);
        assert!(!whole_year.is_valid());
        let replan = check_schedule_from(&s, &a, &rows, Some(from));
        assert!(replan.is_valid(), "{:#?}", messages(&replan));
        assert_eq!(replan.from, Some(from));
        // The future is judged: a Q3 visit moved next to another one is too close, also to a
        // visit of the past.
        let mut rows = rows;
        let q3 = at(&rows, "o-1", working_on_or_after(&s, d(2024, 8, 10)));
        move_to(&s, &mut rows[q3], working_on_or_after(&s, d(2024, 7, 12)));
        let replan = check_schedule_from(&s, &a, &rows, Some(from));
        assert!(
            replan
                .violations
                .iter()
                .any(|v| matches!(v, ScheduleViolation::TooClose { .. })),
            "{:#?}",
            messages(&replan)
        );
        // A visit to a closed enterprise after it closed is caught in any plan.
        let mut closed = s.clone();
        let e1 = closed.enterprise_by_id("e-1").expect("e-1");
        closed.enterprises[e1.index()].closed_on = Some(d(2024, 9, 1));
        let (a, rows) = valid(&closed);
        let r = check_schedule(&closed, &a, &rows);
        let after: Vec<&ScheduleViolation> = r
            .violations
            .iter()
            .filter(|v| matches!(v, ScheduleViolation::Closed { .. }))
            .collect();
        // The Q3 visit of 10 September and the Q4 ones (e-1 is a stop of every unit visit).
        assert_eq!(after.len(), 4, "{:#?}", messages(&r));
        assert!(after.iter().all(|v| v.rule() == "closed-enterprise"));
    }

    #[test]
    fn a_valid_year_passes_and_is_summarised() {
        let s = base();
        let (a, rows) = valid(&s);
        assert_eq!(rows.len(), 24);
        let r = check_schedule(&s, &a, &rows);
        assert!(r.is_valid(), "{:#?}", messages(&r));
        assert_eq!(r.visits, 24);
        assert_eq!(r.enterprises_visited, 4);
        assert_eq!(r.distinct_members, vec![("u-plat".to_owned(), 3)]);
        assert_eq!(
            r.visits_per_period,
            ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
                .iter()
                .map(|p| ((*p).to_owned(), 6))
                .collect::<Vec<_>>()
        );
        // The dates dodge the Spring Festival and Mid-Autumn holidays.
        assert_eq!(rows[at(&rows, "o-1", d(2024, 2, 18))].period, "2024-Q1");
        assert_eq!(rows[at(&rows, "o-3", d(2024, 9, 18))].period, "2024-Q3");
    }

    #[test]
    fn an_empty_schedule_misses_every_visit_of_every_period() {
        let s = base();
        let (a, _) = valid(&s);
        let r = check_schedule(&s, &a, &[]);
        assert_eq!(r.violations.len(), 8);
        assert_eq!(
            r.violations[0],
            ScheduleViolation::UnitVisits {
                officer_id: "o-1".into(),
                unit_id: "u-plat".into(),
                period: "2024-Q1".into(),
                visits: 0,
                expected: 3,
            }
        );
        assert_eq!((r.visits, r.enterprises_visited), (0, 0));
        assert_eq!(r.distinct_members, vec![("u-plat".to_owned(), 0)]);
    }

    #[test]
    fn a_visit_on_a_holiday_is_rejected() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let i = at(&rows, "o-1", d(2024, 10, 10));
        move_to(&s, &mut rows[i], d(2024, 10, 1));
        let r = check_schedule(&s, &a, &rows);
        assert!(
            matches!(
                &r.violations[..],
                [ScheduleViolation::NotWorkingDay { line, officer_id, date, reason }]
                    if *line == rows[i].line && officer_id == "o-1" && *date == d(2024, 10, 1)
                        && reason.starts_with("holiday")
            ),
            "{:#?}",
            messages(&r)
        );
        assert!(messages(&r)[0].contains("2024-10-01"));
        // A Saturday that is no make-up workday is no working day either.
        move_to(&s, &mut rows[i], d(2024, 10, 19));
        let r = check_schedule(&s, &a, &rows);
        assert!(messages(&r)[0].contains("Saturday"), "{:#?}", messages(&r));
    }

    #[test]
    fn a_make_up_saturday_is_a_working_day() {
        let s = base();
        let (a, mut rows) = valid(&s);
        // Saturday 2024-10-12 is the National Day make-up workday.
        let i = at(&rows, "o-1", d(2024, 10, 10));
        move_to(&s, &mut rows[i], d(2024, 10, 12));
        let r = check_schedule(&s, &a, &rows);
        assert!(r.is_valid(), "{:#?}", messages(&r));
    }

    #[test]
    fn a_visit_during_the_officers_leave_is_rejected() {
        let s = base();
        // o-4 (on leave in July) serves e-6 directly instead of o-3.
        let a = plan(&s, &[("o-1", "u-plat"), ("o-4", "e-6")]);
        let mut rows = year_rows(&s, "o-1", "u-plat", &["e-1", "e-2", "e-3"], &UNIT_DAYS);
        rows.extend(year_rows(&s, "o-4", "e-6", &["e-6"], &DIRECT_DAYS));
        let mut rows = numbered(rows);
        assert!(check_schedule(&s, &a, &rows).is_valid());
        let i = at(&rows, "o-4", d(2024, 8, 5));
        move_to(&s, &mut rows[i], d(2024, 7, 15));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::Unavailable {
                line: rows[i].line,
                officer_id: "o-4".into(),
                date: d(2024, 7, 15),
                from: d(2024, 7, 1),
                to: d(2024, 7, 31),
            }]
        );
    }

    #[test]
    fn a_missing_unit_or_direct_visit_is_reported_for_its_pair_and_period() {
        let s = base();
        let (a, mut rows) = valid(&s);
        rows.remove(at(&rows, "o-1", d(2024, 5, 10)));
        rows.remove(at(&rows, "o-3", d(2024, 11, 5)));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::UnitVisits {
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    period: "2024-Q2".into(),
                    visits: 2,
                    expected: 3,
                },
                ScheduleViolation::EnterpriseVisits {
                    officer_id: "o-3".into(),
                    enterprise_id: "e-6".into(),
                    period: "2024-Q4".into(),
                    visits: 2,
                    expected: 3,
                },
            ]
        );
        assert!(messages(&r)[0].contains("2 visit(s) in 2024-Q2, expected 3"));
        assert_eq!(r.visits_per_period[1], ("2024-Q2".to_owned(), 5));
    }

    #[test]
    fn an_extra_visit_is_reported_too() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let mut extra = row(&s, d(2024, 12, 27), "o-1", "u-plat", &["e-1", "e-2", "e-3"]);
        extra.line = 99;
        rows.push(extra);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::UnitVisits {
                officer_id: "o-1".into(),
                unit_id: "u-plat".into(),
                period: "2024-Q4".into(),
                visits: 4,
                expected: 3,
            }]
        );
    }

    #[test]
    fn visits_too_close_are_rejected_within_and_across_periods() {
        let s = base();
        let (a, mut rows) = valid(&s);
        // o-1: 2024-01-10 and 2024-01-15 (moved from 2024-02-18).
        let i = at(&rows, "o-1", d(2024, 2, 18));
        move_to(&s, &mut rows[i], d(2024, 1, 15));
        // o-3: 2024-03-25 (Q1) and 2024-04-01 (Q2).
        let j = at(&rows, "o-3", d(2024, 3, 15));
        move_to(&s, &mut rows[j], d(2024, 3, 25));
        let k = at(&rows, "o-3", d(2024, 5, 6));
        move_to(&s, &mut rows[k], d(2024, 4, 1));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::TooClose {
                    officer_id: "o-1".into(),
                    target_id: "u-plat".into(),
                    first: d(2024, 1, 10),
                    second: d(2024, 1, 15),
                    line: rows[i].line,
                    days: 5,
                    min_days: 14,
                },
                ScheduleViolation::TooClose {
                    officer_id: "o-3".into(),
                    target_id: "e-6".into(),
                    first: d(2024, 3, 25),
                    second: d(2024, 4, 1),
                    line: rows[k].line,
                    days: 7,
                    min_days: 14,
                },
            ]
        );
        assert!(messages(&r)[1].contains("7 day(s) apart, fewer than 14"));
        // Exactly 14 days apart is fine: 2024-01-10 and 2024-01-24.
        move_to(&s, &mut rows[i], d(2024, 1, 24));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(r.violations.len(), 1, "{:#?}", messages(&r));
    }

    #[test]
    fn a_conflicted_stop_is_rejected() {
        let s = base();
        // o-2 is conflicted with e-3: its u-plat visits stop at the 2 eligible members.
        let a = plan(&s, &[("o-2", "u-plat")]);
        let mut rows = numbered(year_rows(&s, "o-2", "u-plat", &["e-1", "e-2"], &UNIT_DAYS));
        let r = check_schedule(&s, &a, &rows);
        assert!(r.is_valid(), "{:#?}", messages(&r));
        assert_eq!(r.distinct_members, vec![("u-plat".to_owned(), 2)]);

        let line = rows[4].line;
        rows[4] = ScheduleRow {
            line,
            ..row(&s, d(2024, 5, 10), "o-2", "u-plat", &["e-1", "e-3"])
        };
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::Conflict {
                line,
                officer_id: "o-2".into(),
                enterprise_id: "e-3".into(),
            }]
        );
        assert!(messages(&r)[0].contains("rule 7"));
    }

    #[test]
    fn a_court_wide_conflict_binds_direct_visits_too() {
        let s = base();
        let (a, mut rows) = valid(&s);
        // c-jo (o-3's court) has a pending case with e-7.
        let i = at(&rows, "o-3", d(2024, 8, 5));
        let line = rows[i].line;
        rows[i] = ScheduleRow {
            line,
            ..row(&s, d(2024, 8, 5), "o-3", "e-6", &["e-6", "e-7"])
        };
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::NotAssigned {
                    line,
                    officer_id: "o-3".into(),
                    target_id: "e-7".into(),
                },
                ScheduleViolation::Conflict {
                    line,
                    officer_id: "o-3".into(),
                    enterprise_id: "e-7".into(),
                },
            ]
        );
    }

    #[test]
    fn a_unit_visit_with_too_few_stops_or_a_non_member_is_rejected() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let i = at(&rows, "o-1", d(2024, 3, 11));
        let line = rows[i].line;
        rows[i] = ScheduleRow {
            line,
            ..row(&s, d(2024, 3, 11), "o-1", "u-plat", &["e-1", "e-2"])
        };
        let j = at(&rows, "o-1", d(2024, 6, 11));
        let line_j = rows[j].line;
        rows[j] = ScheduleRow {
            line: line_j,
            ..row(&s, d(2024, 6, 11), "o-1", "u-plat", &["e-1", "e-2", "e-4"])
        };
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::StopCount {
                    line,
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    period: "2024-Q1".into(),
                    stops: 2,
                    expected: 3,
                },
                ScheduleViolation::NotAMember {
                    line: line_j,
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    enterprise_id: "e-4".into(),
                },
            ]
        );
    }

    #[test]
    fn a_repeated_stop_is_not_a_distinct_member() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let i = at(&rows, "o-1", d(2024, 3, 11));
        let line = rows[i].line;
        rows[i] = ScheduleRow {
            line,
            ..row(&s, d(2024, 3, 11), "o-1", "u-plat", &["e-1", "e-2", "e-1"])
        };
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::RepeatedStop {
                    line,
                    officer_id: "o-1".into(),
                    enterprise_id: "e-1".into(),
                },
                ScheduleViolation::StopCount {
                    line,
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    period: "2024-Q1".into(),
                    stops: 2,
                    expected: 3,
                },
            ]
        );
    }

    #[test]
    fn a_trip_longer_than_the_day_is_rejected() {
        // A 181-minute day: the 3-stop unit visits (180 min on site plus travel) overflow,
        // the 1-stop direct visits fit.
        let s = variant(&[(
            "scenario.toml",
            "max_one_way_minutes = 120",
            "max_one_way_minutes = 120\nday_minutes = 181",
        )]);
        let (a, rows) = valid(&s);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(r.violations.len(), 12, "{:#?}", messages(&r));
        let travel: u32 = rows[0].travel_minutes.parse().expect("number");
        assert_eq!(
            r.violations[0],
            ScheduleViolation::DayOverflow {
                line: 2,
                officer_id: "o-1".into(),
                date: d(2024, 1, 10),
                travel_minutes: travel,
                onsite_minutes: 180,
                day_minutes: 181,
            }
        );
        assert!(r
            .violations
            .iter()
            .all(|v| matches!(v, ScheduleViolation::DayOverflow { officer_id, .. } if officer_id == "o-1")));
        assert!(
            messages(&r)[0].contains("181 min day"),
            "{}",
            messages(&r)[0]
        );
    }

    #[test]
    fn two_trips_of_one_officer_on_one_day_are_rejected() {
        let s = base();
        // o-3 also serves e-5 directly, on the unit days; then one e-5 visit moves onto an
        // e-6 day.
        let (_, rows) = valid(&s);
        let a = plan(&s, &[("o-1", "u-plat"), ("o-3", "e-6"), ("o-3", "e-5")]);
        let mut rows: Vec<ScheduleRow> = rows;
        rows.extend(year_rows(&s, "o-3", "e-5", &["e-5"], &UNIT_DAYS));
        let mut rows = numbered(rows);
        assert!(check_schedule(&s, &a, &rows).is_valid());
        let e5 = rows
            .iter()
            .position(|r| r.target_id == "e-5" && r.date == "2024-03-11")
            .expect("e-5 on 2024-03-11");
        move_to(&s, &mut rows[e5], d(2024, 3, 15));
        let e6 = at(&rows, "o-3", d(2024, 3, 15));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::TwoTrips {
                officer_id: "o-3".into(),
                date: d(2024, 3, 15),
                lines: vec![rows[e6].line, rows[e5].line],
            }]
        );
        assert!(messages(&r)[0].contains("2 trips on 2024-03-15"));
    }

    #[test]
    fn a_direct_trip_through_two_enterprises_counts_for_both() {
        let s = base();
        let a = plan(&s, &[("o-3", "e-6"), ("o-3", "e-5")]);
        let rows = numbered(year_rows(&s, "o-3", "e-6", &["e-6", "e-5"], &DIRECT_DAYS));
        let r = check_schedule(&s, &a, &rows);
        assert!(r.is_valid(), "{:#?}", messages(&r));
        assert_eq!((r.visits, r.enterprises_visited), (12, 2));
        // The first stop is the target.
        let mut rows = rows;
        rows[0].target_id = "e-5".into();
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::Recomputed {
                line: 2,
                field: "target_id".into(),
                written: "e-5".into(),
                expected: "e-6".into(),
            }]
        );
    }

    #[test]
    fn more_days_than_the_officer_gives_per_period_are_rejected() {
        let s = variant(&[("officers.csv", "contract;labor,12,", "contract;labor,2,")]);
        let (a, rows) = valid(&s);
        let r = check_schedule(&s, &a, &rows);
        let expected: Vec<ScheduleViolation> = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
            .iter()
            .map(|p| ScheduleViolation::TooManyDays {
                officer_id: "o-1".into(),
                period: (*p).into(),
                days: 3,
                max_days: 2,
            })
            .collect();
        assert_eq!(r.violations, expected);
    }

    #[test]
    fn one_enterprise_in_two_trips_on_one_day_is_rejected() {
        let s = base();
        // o-2 serves e-1 directly while o-1's unit visits stop there as well.
        let a = plan(&s, &[("o-1", "u-plat"), ("o-2", "e-1")]);
        let mut rows = year_rows(&s, "o-1", "u-plat", &["e-1", "e-2", "e-3"], &UNIT_DAYS);
        rows.extend(year_rows(&s, "o-2", "e-1", &["e-1"], &DIRECT_DAYS));
        let mut rows = numbered(rows);
        assert!(check_schedule(&s, &a, &rows).is_valid());
        let i = at(&rows, "o-2", d(2024, 11, 5));
        move_to(&s, &mut rows[i], d(2024, 11, 11));
        let unit = at(&rows, "o-1", d(2024, 11, 11));
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::EnterpriseTwiceADay {
                enterprise_id: "e-1".into(),
                date: d(2024, 11, 11),
                lines: vec![rows[unit].line, rows[i].line],
            }]
        );
        assert!(messages(&r)[0].contains("rule 8"));
    }

    #[test]
    fn a_team_trip_is_one_visit_and_every_member_needs_its_row() {
        let s = variant(&[("units.csv", "yanping,machinery,1", "yanping,machinery,2")]);
        let a = plan(&s, &[("o-1", "u-plat"), ("o-3", "u-plat")]);
        let stops = ["e-1", "e-2", "e-3"];
        let mut rows = year_rows(&s, "o-1", "u-plat", &stops, &UNIT_DAYS);
        rows.extend(year_rows(&s, "o-3", "u-plat", &stops, &UNIT_DAYS));
        let mut rows = numbered(rows);
        let r = check_schedule(&s, &a, &rows);
        assert!(r.is_valid(), "{:#?}", messages(&r));
        assert_eq!(r.visits, 12, "a team's rows are one visit each");
        assert_eq!(r.visits_per_period[0], ("2024-Q1".to_owned(), 3));

        // o-3 takes another route on one day: both rows lack a partner, and e-1 sees two
        // trips that day.
        let i = at(&rows, "o-3", d(2024, 1, 10));
        let j = at(&rows, "o-1", d(2024, 1, 10));
        let line = rows[i].line;
        rows[i] = ScheduleRow {
            line,
            ..row(&s, d(2024, 1, 10), "o-3", "u-plat", &["e-3", "e-2", "e-1"])
        };
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::TeamApart {
                    line: rows[j].line,
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    date: d(2024, 1, 10),
                    missing_officer_id: "o-3".into(),
                },
                ScheduleViolation::TeamApart {
                    line,
                    officer_id: "o-3".into(),
                    unit_id: "u-plat".into(),
                    date: d(2024, 1, 10),
                    missing_officer_id: "o-1".into(),
                },
                ScheduleViolation::EnterpriseTwiceADay {
                    enterprise_id: "e-1".into(),
                    date: d(2024, 1, 10),
                    lines: vec![rows[j].line, line],
                },
                ScheduleViolation::EnterpriseTwiceADay {
                    enterprise_id: "e-2".into(),
                    date: d(2024, 1, 10),
                    lines: vec![rows[j].line, line],
                },
                ScheduleViolation::EnterpriseTwiceADay {
                    enterprise_id: "e-3".into(),
                    date: d(2024, 1, 10),
                    lines: vec![rows[j].line, line],
                },
            ]
        );

        // Dropping o-3's row: o-3 is a visit short, and o-1's row has no partner.
        rows.remove(i);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![
                ScheduleViolation::TeamApart {
                    line: rows[j].line,
                    officer_id: "o-1".into(),
                    unit_id: "u-plat".into(),
                    date: d(2024, 1, 10),
                    missing_officer_id: "o-3".into(),
                },
                ScheduleViolation::UnitVisits {
                    officer_id: "o-3".into(),
                    unit_id: "u-plat".into(),
                    period: "2024-Q1".into(),
                    visits: 2,
                    expected: 3,
                },
            ]
        );
    }

    #[test]
    fn wrong_travel_onsite_return_or_period_cells_are_recomputed() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let right = rows[0].clone();
        let travel: u32 = right.travel_minutes.parse().expect("number");
        rows[0].travel_minutes = (travel + 1).to_string();
        rows[1].onsite_minutes = "120".into();
        rows[2].return_time = "17:00".into();
        rows[3].period = "2024-Q1".into();
        rows[4].depart = "09:00".into();
        let r = check_schedule(&s, &a, &rows);
        let back = DEPART_MINUTES + travel + 180;
        let got: Vec<(u64, &str, &str, &str)> = r
            .violations
            .iter()
            .map(|v| match v {
                ScheduleViolation::Recomputed {
                    line,
                    field,
                    written,
                    expected,
                } => (*line, field.as_str(), written.as_str(), expected.as_str()),
                other => panic!("unexpected {other}"),
            })
            .collect();
        let back = format!("{:02}:{:02}", back / 60, back % 60);
        let right_return = rows[4].return_time.clone();
        let late = parse_hhmm(&right_return).expect("time") + 30;
        assert_eq!(
            got,
            vec![
                (
                    2,
                    "travel_minutes",
                    &*(travel + 1).to_string(),
                    &*travel.to_string()
                ),
                (3, "onsite_minutes", "120", "180"),
                (4, "return", "17:00", &*back),
                (5, "period", "2024-Q1", "2024-Q2"),
                (6, "depart", "09:00", "08:30"),
                (6, "return", &*right_return, &*hhmm(late)),
            ]
        );
        assert!(messages(&r)[0].contains("travel_minutes"));
    }

    #[test]
    fn an_unknown_officer_or_unreadable_cell_is_malformed() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let mut stranger = rows[0].clone();
        stranger.line = 99;
        stranger.officer_id = "o-9".into();
        rows.push(stranger);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::Malformed {
                line: 99,
                field: "officer_id".into(),
                value: "o-9".into(),
            }]
        );
        assert!(messages(&r)[0].contains("\"o-9\""));

        let (a, mut rows) = valid(&s);
        rows[0].date = "2024-13-01".into();
        rows[1].enterprise_ids = "e-1;e-99;e-3".into();
        rows[2].target_kind = "park".into();
        rows[3].travel_minutes = "ten".into();
        rows[4].return_time = "5pm".into();
        rows[5].period = "2024-Q5".into();
        let r = check_schedule(&s, &a, &rows);
        let malformed: Vec<(u64, &str, &str)> = r
            .violations
            .iter()
            .filter_map(|v| match v {
                ScheduleViolation::Malformed { line, field, value } => {
                    Some((*line, field.as_str(), value.as_str()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            malformed,
            vec![
                (2, "date", "2024-13-01"),
                (3, "enterprise_ids", "e-99"),
                (4, "target_kind", "park"),
                (5, "travel_minutes", "ten"),
                (6, "return", "5pm"),
                (7, "period", "2024-Q5"),
            ]
        );
        // Rows 2–4 cannot be placed, so Q1 misses them; rows 5–7 still count.
        assert!(r.violations.contains(&ScheduleViolation::UnitVisits {
            officer_id: "o-1".into(),
            unit_id: "u-plat".into(),
            period: "2024-Q1".into(),
            visits: 0,
            expected: 3,
        }));
        assert_eq!(r.violations.len(), 7, "{:#?}", messages(&r));
    }

    #[test]
    fn a_row_for_a_target_the_officer_is_not_assigned_is_rejected() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let mut stray = row(&s, d(2024, 4, 15), "o-2", "u-tea", &["e-4", "e-5", "e-6"]);
        stray.line = 99;
        rows.push(stray);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::NotAssigned {
                line: 99,
                officer_id: "o-2".into(),
                target_id: "u-tea".into(),
            }]
        );
        // The wrong kind for a known unit is recomputed.
        let (a, mut rows) = valid(&s);
        rows[0].target_kind = "chamber".into();
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::Recomputed {
                line: 2,
                field: "target_kind".into(),
                written: "chamber".into(),
                expected: "platform".into(),
            }]
        );
    }

    #[test]
    fn a_date_outside_the_plan_year_is_rejected() {
        let s = base();
        let (a, mut rows) = valid(&s);
        let mut late = row(&s, d(2025, 1, 6), "o-1", "u-plat", &["e-1", "e-2", "e-3"]);
        late.line = 99;
        rows.push(late);
        let r = check_schedule(&s, &a, &rows);
        assert_eq!(
            r.violations,
            vec![ScheduleViolation::OutsideYear {
                line: 99,
                date: d(2025, 1, 6),
                year: 2024,
            }]
        );
    }

    #[test]
    fn monthly_periods_allow_a_third_of_the_quarterly_days() {
        let s = variant(&[(
            "scenario.toml",
            "period = \"quarter\"",
            "period = \"month\"",
        )]);
        // o-2 gives 10 days a quarter: 3 a month.
        assert_eq!(days_per_period(&s, s.officer_by_id("o-2").expect("o-2")), 3);
        let a = plan(&s, &[("o-2", "e-1")]);
        // Four January visits (Tue 2, 9, 16, 23), 7 days apart.
        let rows: Vec<ScheduleRow> = [2, 9, 16, 23]
            .map(|day| row(&s, d(2024, 1, day), "o-2", "e-1", &["e-1"]))
            .to_vec();
        assert_eq!(rows[0].period, "2024-01");
        let r = check_schedule(&s, &a, &numbered(rows));
        assert!(
            r.violations.contains(&ScheduleViolation::TooManyDays {
                officer_id: "o-2".into(),
                period: "2024-01".into(),
                days: 4,
                max_days: 3,
            }),
            "{:#?}",
            messages(&r)
        );
        assert_eq!(r.visits_per_period.len(), 12);
        assert_eq!(r.visits_per_period[0], ("2024-01".to_owned(), 4));
    }

    #[test]
    fn times_parse_strictly() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("8:30"), Some(510));
        assert_eq!(parse_hhmm("25:05"), Some(1505));
        assert_eq!(parse_hhmm("08:60"), None);
        assert_eq!(parse_hhmm("08:5"), None);
        assert_eq!(parse_hhmm("-1:30"), None);
        assert_eq!(parse_minutes(" 42 "), Some(42));
        assert_eq!(parse_minutes("-3"), None);
        assert_eq!(hhmm(1505), "25:05");
    }
}
