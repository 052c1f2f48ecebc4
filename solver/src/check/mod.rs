//! The independent checker: re-verifies everything a written plan claims, from the scenario
//! and the plan's own files.
//!
//! **Independent by design.** Nothing here shares code with the solver stages
//! (`solver/src/assign/`, `solver/src/schedule/`, `solver/src/candidates.rs`): every quantity
//! of the contracts in `docs/assignment-model.md` and `docs/schedule-model.md`, and every
//! figure the output writers derive, is re-derived here from the [`Scenario`](tepai_model::Scenario)
//! (through the model crate's public API) and from the cells as written, so that a mistake in
//! the solver cannot hide behind the same mistake in its checker.
//!
//! One module per concern:
//! - [`assignment`]: the assignment's rules, targets and objective ([`check_assignment`]), and
//!   every cell of `assignment.csv` ([`check_assignment_rows`]);
//! - [`schedule`]: every rule of the visit schedule in `schedule.csv` ([`check_schedule`]);
//! - [`coverage`]: every row and cell of `coverage.csv` ([`check_coverage`]);
//! - [`calendars`]: every `calendars/<officer_id>.ics` against the schedule
//!   ([`check_calendars`]);
//! - [`summary`]: every key and figure of `summary.json` ([`check_summary`]);
//! - [`visited`]: reached versus visited — the most enterprises the visits can reach, the
//!   enterprises closed before the plan's year, the count the enterprise target uses.
//!
//! The file-level checkers report [`Finding`]s: the file, the place in it (CSV line or JSON
//! key), the rule and the numbers (expected against written).
use std::fmt;

use tepai_model::{text, Text};

pub mod assignment;
pub mod calendars;
pub mod coverage;
pub mod past;
pub mod schedule;
pub mod summary;
pub mod visited;

pub use assignment::{
    capacity_minutes, check_assignment, check_assignment_rows, Achieved, AssignmentRow,
    CheckReport, Subject, Violation, LOAD_TOLERANCE_MINUTES,
};
pub use calendars::{check_calendars, CalendarEvent, CalendarFile};
pub use coverage::{check_coverage, CoverageRow};
pub use past::check_past;
pub use schedule::{
    check_schedule, check_schedule_from, ScheduleReport, ScheduleRow, ScheduleViolation,
    DEPART_MINUTES,
};
pub use summary::{check_summary, unreadable};

/// Something a plan file claims that is false, or a rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, relative to the plan directory (e.g. `coverage.csv`, `calendars/o-1.ics`).
    pub file: String,
    /// Where in the file: `line N` for a CSV line, `key a.b[2].c` for a JSON key, or empty
    /// for the file as a whole.
    pub place: String,
    /// [`Finding::place`] in Chinese: `第 N 行`, `键 a.b[2].c`, or empty.
    pub place_zh: String,
    /// The rule, as a short name (e.g. `recomputed`, `missing-row`, `unknown-key`).
    pub rule: String,
    /// What is wrong, with the numbers: expected against written.
    pub message: String,
    /// [`Finding::message`] in Chinese, with the same numbers, ids and values.
    pub message_zh: String,
}

impl Finding {
    fn new(file: &str, place: Text, rule: &str, message: Text) -> Self {
        Finding {
            file: file.to_owned(),
            place: place.en,
            place_zh: place.zh,
            rule: rule.to_owned(),
            message: message.en,
            message_zh: message.zh,
        }
    }

    /// A finding at a CSV line.
    pub fn at_line(file: &str, line: u64, rule: &str, message: Text) -> Self {
        Finding::new(file, text!("line {line}", "第 {line} 行"), rule, message)
    }

    /// A finding at a JSON key (dotted path).
    pub fn at_key(file: &str, key: &str, rule: &str, message: Text) -> Self {
        Finding::new(file, text!("key {key}", "键 {key}"), rule, message)
    }

    /// A finding about a whole file.
    pub fn in_file(file: &str, rule: &str, message: Text) -> Self {
        Finding::new(file, Text::none(), rule, message)
    }

    /// Places the finding at these CSV lines (one or more).
    #[must_use]
    pub fn at_lines(mut self, lines: &[String]) -> Self {
        if !lines.is_empty() {
            let word = if lines.len() == 1 { "line" } else { "lines" };
            self.place = format!("{word} {}", lines.join(", "));
            self.place_zh = format!("第 {} 行", lines.join("、"));
        }
        self
    }

    /// A written cell that differs from what the scenario and the plan imply.
    pub fn recomputed(file: &str, line: u64, column: &str, written: &str, expected: &str) -> Self {
        Finding::at_line(
            file,
            line,
            "recomputed",
            text!(
                "{column} is written as {written:?}, expected {expected:?}",
                "{column} 写的是 {written:?}，应为 {expected:?}"
            ),
        )
    }

    /// The finding in Chinese when `zh`: `文件 位置 [规则]：说明`, the file, rule and
    /// numbers as in English.
    pub fn show(&self, zh: bool) -> String {
        if !zh {
            return self.to_string();
        }
        if self.place_zh.is_empty() {
            format!("{} [{}]：{}", self.file, self.rule, self.message_zh)
        } else {
            format!(
                "{} {} [{}]：{}",
                self.file, self.place_zh, self.rule, self.message_zh
            )
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{} [{}]: {}", self.file, self.rule, self.message)
        } else {
            write!(
                f,
                "{} {} [{}]: {}",
                self.file, self.place, self.rule, self.message
            )
        }
    }
}
