//! Working-day calendar.
//!
//! Envoys are only dispatched on *working days*. In mainland China that is
//! not simply "Monday to Friday": every year the State Council publishes the
//! statutory holidays, and to build longer breaks some weekend days become
//! make-up working days (调休). The rule applied here is therefore
//!
//! > **working day = weekday (Mon–Fri), minus listed holidays, plus listed
//! > make-up workdays.**
//!
//! A [`Calendar`] stores only the exceptions to the plain weekday rule plus
//! the set of years for which its exception list is complete. Because the
//! holidays cannot be predicted, asking about a year the calendar does not
//! cover is an error ([`CalendarError::YearNotCovered`]) rather than a silent
//! guess.
//!
//! The built-in data ([`Calendar::china`]) is embedded from
//! `model/data/cn_holidays.csv` and covers 2023–2026. A scenario can supply
//! its own file in the same format (`date,kind,name,name_en`, see
//! [`Calendar::parse_csv`]) and [`Calendar::merge`] it over the built-in one.
//!
//! Planning periods (quarters and months) are in [`crate::period`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::text::Text;

/// The embedded mainland-China holiday file.
const CHINA_CSV: &str = include_str!("../data/cn_holidays.csv");

/// First year fully described by the embedded data.
const CHINA_FIRST_YEAR: i32 = 2023;
/// Last year fully described by the embedded data.
const CHINA_LAST_YEAR: i32 = 2026;

// ---------------------------------------------------------------------------
// DayKind
// ---------------------------------------------------------------------------

/// How a listed date deviates from the plain weekday rule.
///
/// Written in calendar files as `holiday` or `workday`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    /// A day off (statutory holiday), even if it falls on a weekday.
    Holiday,
    /// A weekend day that is worked (make-up workday, 调休).
    Workday,
}

impl DayKind {
    /// The spelling used in calendar files: `"holiday"` or `"workday"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DayKind {
    type Err = String;

    /// Parses `holiday` or `workday` (ASCII case-insensitive, surrounding
    /// whitespace ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("holiday") {
            Ok(DayKind::Holiday)
        } else if t.eq_ignore_ascii_case("workday") {
            Ok(DayKind::Workday)
        } else {
            Err(format!(
                "unknown day kind {t:?}: expected \"holiday\" or \"workday\""
            ))
        }
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// One problem found in one row of a calendar CSV file.
///
/// [`Calendar::parse_csv`] collects all of them instead of stopping at the
/// first one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {field} {value:?}: {message}")]
pub struct CalendarRowError {
    /// 1-based line number in the file; the header is line 1.
    pub line: u64,
    /// Name of the offending column (`date`, `kind`, …), or `header` / `row`
    /// for problems not tied to one field.
    pub field: String,
    /// The offending text as found in the file.
    pub value: String,
    /// Human-readable explanation.
    pub message: String,
    /// The explanation in Chinese.
    pub message_zh: String,
}

impl CalendarRowError {
    fn new(line: u64, field: &str, value: &str, message: Text) -> Self {
        CalendarRowError {
            line,
            field: field.to_string(),
            value: value.to_string(),
            message: message.en,
            message_zh: message.zh,
        }
    }
}

/// Errors from working-day queries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The calendar has no holiday data for `year`, so whether a date is a
    /// working day cannot be known.
    #[error(
        "no holiday data for year {year}: the calendar covers {}; \
         a scenario can supply its own calendar file (CSV with columns date,kind,name,name_en) \
         for other years",
        describe_years(.covered)
    )]
    YearNotCovered {
        /// The year that was asked about.
        year: i32,
        /// The years the calendar does cover, ascending.
        covered: Vec<i32>,
    },
}

/// Renders a list of years compactly: `2023–2026`, `2023, 2025`, or `no years`.
fn describe_years(years: &[i32]) -> String {
    if years.is_empty() {
        return "no years".to_string();
    }
    let mut parts = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let start = years[i];
        let mut end = start;
        while i + 1 < years.len() && years[i + 1] == end + 1 {
            end = years[i + 1];
            i += 1;
        }
        if start == end {
            parts.push(start.to_string());
        } else {
            parts.push(format!("{start}–{end}"));
        }
        i += 1;
    }
    parts.join(", ")
}

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

/// One listed exception to the weekday rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Exception {
    kind: DayKind,
    /// Chinese name of the holiday the exception belongs to (may be empty).
    name: String,
    /// English name (may be empty).
    name_en: String,
}

/// A working-day calendar: exceptions to the Monday–Friday rule plus the
/// years for which those exceptions are known to be complete.
///
/// A date is a working day when it is a weekday and not listed as a
/// [`DayKind::Holiday`], or when it is listed as a [`DayKind::Workday`].
/// Queries about dates in years outside [`Calendar::covered_years`] fail with
/// [`CalendarError::YearNotCovered`].
///
/// [`Calendar::default`] is an empty calendar that covers no year.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Calendar {
    exceptions: BTreeMap<NaiveDate, Exception>,
    covered: BTreeSet<i32>,
}

impl Calendar {
    /// The built-in mainland-China calendar (statutory holidays and make-up
    /// workdays as published by the State Council), covering exactly
    /// 2023 to 2026.
    ///
    /// The embedded file also lists 2022-12-31 (part of the 2023 New Year
    /// holiday); that entry is kept, but 2022 is not a covered year.
    pub fn china() -> Calendar {
        static CHINA: OnceLock<Calendar> = OnceLock::new();
        CHINA
            .get_or_init(|| {
                // The embedded file is part of the source tree and checked by the
                // tests below, so failing here is a build defect, not a user error.
                let mut cal = match Calendar::parse_csv(CHINA_CSV) {
                    Ok(cal) => cal,
                    Err(errors) => panic!("embedded cn_holidays.csv is invalid: {errors:?}"),
                };
                cal.covered = (CHINA_FIRST_YEAR..=CHINA_LAST_YEAR).collect();
                cal
            })
            .clone()
    }

    /// Parses a calendar CSV file.
    ///
    /// The first line is a header naming the columns; `date` and `kind` are
    /// required, `name` and `name_en` are optional (and may be empty), other
    /// columns are ignored. Each row lists one date (`YYYY-MM-DD`) and its
    /// kind, `holiday` or `workday`; a `workday` must be a Saturday or
    /// Sunday. A date may be listed more than once only with the same kind.
    ///
    /// The resulting calendar covers every distinct year that appears among
    /// its dates, so a custom file must list *all* holidays and make-up
    /// workdays of each year it mentions.
    ///
    /// # Errors
    ///
    /// All problems found are returned together, each with its file line.
    pub fn parse_csv(text: &str) -> Result<Calendar, Vec<CalendarRowError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());

        let mut errors = Vec::new();

        let headers = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                return Err(vec![CalendarRowError::new(
                    1,
                    "header",
                    "",
                    text!("cannot read header: {e}", "表头无法读取（系统信息：{e}）"),
                )]);
            }
        };
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let header_text = headers.iter().collect::<Vec<_>>().join(",");
        let date_col = column("date");
        let kind_col = column("kind");
        let name_col = column("name");
        let name_en_col = column("name_en");
        if date_col.is_none() {
            errors.push(CalendarRowError::new(
                1,
                "header",
                &header_text,
                text!(
                    "missing required column \"date\"",
                    "缺少必填列 \"date\"（日期）"
                ),
            ));
        }
        if kind_col.is_none() {
            errors.push(CalendarRowError::new(
                1,
                "header",
                &header_text,
                text!(
                    "missing required column \"kind\"",
                    "缺少必填列 \"kind\"（类型）"
                ),
            ));
        }
        let (Some(date_col), Some(kind_col)) = (date_col, kind_col) else {
            return Err(errors);
        };

        let mut cal = Calendar::default();
        // For each date: the line where it was first listed.
        let mut first_line: BTreeMap<NaiveDate, u64> = BTreeMap::new();

        for result in reader.records() {
            let record = match result {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_of_record(text, p.byte()));
                    errors.push(CalendarRowError::new(
                        line,
                        "row",
                        "",
                        text!("unreadable CSV row: {e}", "该行无法读取（系统信息：{e}）"),
                    ));
                    continue;
                }
            };
            let line = record
                .position()
                .map_or(0, |p| line_of_record(text, p.byte()));
            let field = |i: usize| record.get(i).unwrap_or("");

            let date_text = field(date_col);
            let date = match NaiveDate::parse_from_str(date_text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    let message = if date_text.is_empty() {
                        text!("missing date", "缺少日期")
                    } else {
                        text!(
                            "not a valid date: expected YYYY-MM-DD",
                            "不是有效日期：应写作 YYYY-MM-DD"
                        )
                    };
                    errors.push(CalendarRowError::new(line, "date", date_text, message));
                    None
                }
            };

            let kind_text = field(kind_col);
            let kind = match kind_text.parse::<DayKind>() {
                Ok(k) => Some(k),
                Err(message) => {
                    let message = Text::new(
                        message,
                        format!(
                            "类型“{}”无法识别：应为 \"holiday\"（放假）或 \"workday\"（调休上班）",
                            kind_text.trim()
                        ),
                    );
                    errors.push(CalendarRowError::new(line, "kind", kind_text, message));
                    None
                }
            };

            let (Some(date), Some(kind)) = (date, kind) else {
                continue;
            };

            if kind == DayKind::Workday && !is_weekend(date) {
                errors.push(CalendarRowError::new(
                    line,
                    "kind",
                    kind_text,
                    Text::new(
                        format!(
                            "{date} is a {}: a make-up workday must be a Saturday or Sunday",
                            weekday_name(date.weekday())
                        ),
                        format!(
                            "{date} 是{}：调休上班日必须是星期六或星期日",
                            weekday_name_zh(date.weekday())
                        ),
                    ),
                ));
                continue;
            }

            if let Some(existing) = cal.exceptions.get(&date) {
                if existing.kind != kind {
                    let first = first_line.get(&date).copied().unwrap_or(0);
                    errors.push(CalendarRowError::new(
                        line,
                        "kind",
                        kind_text,
                        Text::new(
                            format!(
                                "{date} is listed twice with different kinds: {} on line {first}, {kind} here",
                                existing.kind
                            ),
                            format!(
                                "{date} 出现两次且类型不同：第 {first} 行为 {}，此处为 {}",
                                kind_zh(existing.kind),
                                kind_zh(kind)
                            ),
                        ),
                    ));
                }
                // Same kind listed again: harmless, keep the first entry.
                continue;
            }

            first_line.insert(date, line);
            cal.covered.insert(date.year());
            cal.exceptions.insert(
                date,
                Exception {
                    kind,
                    name: name_col.map(field).unwrap_or("").to_string(),
                    name_en: name_en_col.map(field).unwrap_or("").to_string(),
                },
            );
        }

        if errors.is_empty() {
            Ok(cal)
        } else {
            Err(errors)
        }
    }

    /// Merges `other` into this calendar: where both list a date, `other`'s
    /// entry wins; dates only one of them lists are kept; covered years are
    /// the union of both.
    ///
    /// Typical use: `Calendar::china()` merged with a scenario's own file for
    /// later years or local corrections.
    pub fn merge(&mut self, other: Calendar) {
        self.exceptions.extend(other.exceptions);
        self.covered.extend(other.covered);
    }

    /// Whether the calendar has complete holiday data for `year`.
    pub fn covers(&self, year: i32) -> bool {
        self.covered.contains(&year)
    }

    /// The covered years, ascending.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.covered.iter().copied()
    }

    /// The listed exception for `date`, if any (regardless of coverage).
    pub fn day_kind(&self, date: NaiveDate) -> Option<DayKind> {
        self.exceptions.get(&date).map(|e| e.kind)
    }

    /// The name of the holiday a listed exception belongs to, preferring the
    /// English name and falling back to the Chinese one; `None` if `date` is
    /// not listed or both names are empty.
    pub fn day_name(&self, date: NaiveDate) -> Option<&str> {
        let e = self.exceptions.get(&date)?;
        [e.name_en.as_str(), e.name.as_str()]
            .into_iter()
            .find(|n| !n.is_empty())
    }

    /// Whether `date` is a working day: a weekday not listed as a holiday,
    /// or a listed make-up workday.
    ///
    /// # Errors
    ///
    /// [`CalendarError::YearNotCovered`] if the calendar has no data for the
    /// date's year.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        self.check_year(date.year())?;
        Ok(self.is_working_day_unchecked(date))
    }

    /// All working days from `from` to `to`, both inclusive, ascending.
    /// Empty if `from > to`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::YearNotCovered`] if any year of the range is not
    /// covered.
    pub fn working_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NaiveDate>, CalendarError> {
        if from > to {
            return Ok(Vec::new());
        }
        for year in from.year()..=to.year() {
            self.check_year(year)?;
        }
        Ok(from
            .iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day_unchecked(*d))
            .collect())
    }

    fn check_year(&self, year: i32) -> Result<(), CalendarError> {
        if self.covers(year) {
            Ok(())
        } else {
            Err(CalendarError::YearNotCovered {
                year,
                covered: self.covered_years().collect(),
            })
        }
    }

    fn is_working_day_unchecked(&self, date: NaiveDate) -> bool {
        match self.day_kind(date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !is_weekend(date),
        }
    }
}

/// 1-based line number of the record starting at byte `start` of `text`.
///
/// The csv crate reports a record's start before any blank lines it skipped,
/// so skip those here before counting.
fn line_of_record(text: &str, start: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut pos = usize::try_from(start)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    while pos < bytes.len() && (bytes[pos] == b'\n' || bytes[pos] == b'\r') {
        pos += 1;
    }
    let newlines = bytes[..pos].iter().filter(|&&b| b == b'\n').count();
    u64::try_from(newlines)
        .unwrap_or(u64::MAX)
        .saturating_add(1)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_name_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// A day kind as written in the file, with its Chinese meaning.
fn kind_zh(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Holiday => "holiday（放假）",
        DayKind::Workday => "workday（调休上班）",
    }
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{Period, PeriodKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn working(cal: &Calendar, date: NaiveDate) -> bool {
        cal.is_working_day(date).expect("year covered")
    }

    fn count(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> usize {
        cal.working_days(from, to).expect("years covered").len()
    }

    const HEADER: &str = "date,kind,name,name_en\n";

    // --- built-in data -----------------------------------------------------

    #[test]
    fn china_covers_exactly_2023_to_2026() {
        let cal = Calendar::china();
        assert_eq!(
            cal.covered_years().collect::<Vec<_>>(),
            vec![2023, 2024, 2025, 2026]
        );
        assert!(!cal.covers(2022));
        assert!(!cal.covers(2027));
        // The 2022-12-31 row belongs to the 2023 New Year holiday: kept, not covered.
        assert_eq!(cal.day_kind(d(2022, 12, 31)), Some(DayKind::Holiday));
        assert!(matches!(
            cal.is_working_day(d(2022, 12, 30)),
            Err(CalendarError::YearNotCovered { year: 2022, .. })
        ));
    }

    #[test]
    fn spring_festival_2024_makeup_sundays_are_worked_and_the_holiday_monday_is_not() {
        let cal = Calendar::china();
        assert_eq!(d(2024, 2, 4).weekday(), Weekday::Sun);
        assert_eq!(d(2024, 2, 18).weekday(), Weekday::Sun);
        assert!(working(&cal, d(2024, 2, 4)));
        assert!(working(&cal, d(2024, 2, 18)));
        assert_eq!(d(2024, 2, 12).weekday(), Weekday::Mon);
        assert!(!working(&cal, d(2024, 2, 12)));
        assert_eq!(cal.day_kind(d(2024, 2, 12)), Some(DayKind::Holiday));
        assert_eq!(cal.day_name(d(2024, 2, 12)), Some("Spring Festival"));
    }

    #[test]
    fn national_day_week_2024_is_off_and_its_makeup_saturday_is_worked() {
        let cal = Calendar::china();
        for day in 1..=7 {
            assert!(
                !working(&cal, d(2024, 10, day)),
                "2024-10-{day:02} should be off"
            );
        }
        assert_eq!(d(2024, 10, 12).weekday(), Weekday::Sat);
        assert!(working(&cal, d(2024, 10, 12)));
        assert_eq!(d(2024, 5, 11).weekday(), Weekday::Sat);
        assert!(working(&cal, d(2024, 5, 11)));
    }

    #[test]
    fn makeup_days_of_2026_are_worked_and_spring_festival_is_off() {
        let cal = Calendar::china();
        assert_eq!(d(2026, 1, 4).weekday(), Weekday::Sun);
        assert!(working(&cal, d(2026, 1, 4)));
        assert!(!working(&cal, d(2026, 2, 16)));
        assert_eq!(d(2026, 2, 14).weekday(), Weekday::Sat);
        assert_eq!(d(2026, 2, 28).weekday(), Weekday::Sat);
        assert!(working(&cal, d(2026, 2, 14)));
        assert!(working(&cal, d(2026, 2, 28)));
        assert!(working(&cal, d(2026, 10, 10)));
    }

    #[test]
    fn an_ordinary_weekend_is_not_worked_and_an_ordinary_weekday_is() {
        let cal = Calendar::china();
        assert_eq!(d(2024, 3, 9).weekday(), Weekday::Sat);
        assert_eq!(cal.day_kind(d(2024, 3, 9)), None);
        assert!(!working(&cal, d(2024, 3, 9)));
        assert!(!working(&cal, d(2024, 3, 10)));
        assert!(working(&cal, d(2024, 3, 11)));
    }

    #[test]
    fn working_day_counts_of_2024_quarters_match_a_hand_count() {
        let cal = Calendar::china();
        // Q1 2024: 65 weekdays − 6 weekday holidays (01-01, 02-12..16) + 2 make-up Sundays.
        assert_eq!(count(&cal, d(2024, 1, 1), d(2024, 3, 31)), 61);
        // Q4 2024: 66 weekdays − 5 weekday holidays (10-01..04, 10-07) + 1 make-up Saturday.
        assert_eq!(count(&cal, d(2024, 10, 1), d(2024, 12, 31)), 62);
    }

    #[test]
    fn working_days_per_year_match_the_official_totals() {
        let cal = Calendar::china();
        // 2024: 262 weekdays − 19 weekday holidays + 8 make-up workdays.
        assert_eq!(count(&cal, d(2024, 1, 1), d(2024, 12, 31)), 251);
        assert_eq!(count(&cal, d(2023, 1, 1), d(2023, 12, 31)), 249);
        // From 2025 the statutory holidays grew from 11 to 13 days (one more each for
        // Spring Festival and Labour Day), so 2025 has 365 − 104 weekend days − 13 = 248,
        // not the 250 of the old rule. 2026 likewise has 248.
        assert_eq!(count(&cal, d(2025, 1, 1), d(2025, 12, 31)), 248);
        assert_eq!(count(&cal, d(2026, 1, 1), d(2026, 12, 31)), 248);
        let quarters: usize = Period::all(2024, PeriodKind::Quarter)
            .iter()
            .map(|p| count(&cal, p.start(), p.end()))
            .sum();
        assert_eq!(quarters, 251);
    }

    #[test]
    fn working_days_are_inclusive_sorted_and_empty_for_a_reversed_range() {
        let cal = Calendar::china();
        let days = cal
            .working_days(d(2024, 2, 4), d(2024, 2, 9))
            .expect("covered");
        assert_eq!(days, (4..=9).map(|x| d(2024, 2, x)).collect::<Vec<_>>());
        assert_eq!(cal.working_days(d(2024, 2, 9), d(2024, 2, 4)), Ok(vec![]));
    }

    #[test]
    fn an_uncovered_year_is_an_error_not_a_guess() {
        let cal = Calendar::china();
        let err = cal
            .is_working_day(d(2027, 3, 1))
            .expect_err("2027 is not covered");
        assert_eq!(
            err,
            CalendarError::YearNotCovered {
                year: 2027,
                covered: vec![2023, 2024, 2025, 2026]
            }
        );
        let msg = err.to_string();
        assert!(msg.contains("2027"), "{msg}");
        assert!(msg.contains("2023–2026"), "{msg}");
        assert!(msg.contains("calendar file"), "{msg}");
        // A range reaching into an uncovered year fails as a whole.
        assert!(matches!(
            cal.working_days(d(2026, 12, 1), d(2027, 1, 31)),
            Err(CalendarError::YearNotCovered { year: 2027, .. })
        ));
        assert!(Calendar::default().is_working_day(d(2024, 1, 2)).is_err());
    }

    #[test]
    fn embedded_file_has_no_weekday_makeup_days_and_no_duplicates() {
        // Parsing succeeds (china() would panic otherwise) and every workday is a weekend day.
        let cal = Calendar::parse_csv(CHINA_CSV).expect("embedded file parses");
        assert_eq!(cal.exceptions.len(), CHINA_CSV.lines().count() - 1);
        for (date, e) in &cal.exceptions {
            if e.kind == DayKind::Workday {
                assert!(is_weekend(*date), "{date}");
            }
        }
    }

    // --- custom files ---------------------------------------------------------

    #[test]
    fn a_custom_file_covers_the_years_of_its_dates() {
        let text =
            format!("{HEADER}2027-01-01,holiday,元旦,New Year's Day\n2027-02-06,workday,,\n");
        let cal = Calendar::parse_csv(&text).expect("valid");
        assert_eq!(cal.covered_years().collect::<Vec<_>>(), vec![2027]);
        assert!(!working(&cal, d(2027, 1, 1)));
        assert!(working(&cal, d(2027, 2, 6)));
        assert!(working(&cal, d(2027, 1, 4)));
        assert_eq!(cal.day_name(d(2027, 2, 6)), None);
    }

    #[test]
    fn a_custom_file_may_omit_name_columns_and_carry_a_bom_and_spaces() {
        let text = "\u{feff}date,kind\n 2027-01-01 , Holiday \n";
        let cal = Calendar::parse_csv(text).expect("valid");
        assert_eq!(cal.day_kind(d(2027, 1, 1)), Some(DayKind::Holiday));
    }

    #[test]
    fn a_malformed_date_is_reported_with_its_line() {
        let text = format!("{HEADER}2027-01-01,holiday,,\n2024-13-01,holiday,,\n");
        let errs = Calendar::parse_csv(&text).expect_err("bad date");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert_eq!(errs[0].field, "date");
        assert_eq!(errs[0].value, "2024-13-01");
    }

    #[test]
    fn an_unknown_kind_is_reported() {
        let text = format!("{HEADER}2027-01-01,vacation,,\n");
        let errs = Calendar::parse_csv(&text).expect_err("bad kind");
        assert_eq!(errs.len(), 1);
        assert_eq!(
            (errs[0].line, errs[0].field.as_str(), errs[0].value.as_str()),
            (2, "kind", "vacation")
        );
    }

    #[test]
    fn a_makeup_workday_on_a_weekday_is_rejected() {
        // 2027-01-05 is a Tuesday.
        let text = format!("{HEADER}2027-01-05,workday,,\n");
        let errs = Calendar::parse_csv(&text).expect_err("weekday workday");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 2);
        assert!(
            errs[0]
                .message
                .contains("a make-up workday must be a Saturday or Sunday"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn a_date_listed_twice_with_different_kinds_is_rejected_but_an_exact_repeat_is_fine() {
        let text =
            format!("{HEADER}2027-01-02,holiday,,\n2027-01-02,holiday,,\n2027-01-02,workday,,\n");
        let errs = Calendar::parse_csv(&text).expect_err("conflict");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4);
        assert!(errs[0].message.contains("line 2"), "{}", errs[0].message);
    }

    #[test]
    fn all_row_errors_are_collected() {
        let text = format!(
            "{HEADER}2024-13-01,holiday,,\n2027-01-01,vacation,,\n\nnot-a-date,nope,,\r\n\r\n\n2027-01-05,workday,,\n2027-01-01,holiday,,\n"
        );
        let errs = Calendar::parse_csv(&text).expect_err("several errors");
        let got: Vec<(u64, &str)> = errs.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (2, "date"),
                (3, "kind"),
                (5, "date"),
                (5, "kind"),
                (8, "kind")
            ]
        );
        assert!(
            errs[0]
                .to_string()
                .starts_with("line 2: date \"2024-13-01\""),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn a_header_without_required_columns_is_rejected() {
        let errs = Calendar::parse_csv("day,type\n2027-01-01,holiday\n").expect_err("bad header");
        assert_eq!(errs.len(), 2);
        assert!(errs.iter().all(|e| e.line == 1 && e.field == "header"));
    }

    #[test]
    fn merging_lets_the_other_calendar_override_and_unions_the_years() {
        let mut cal = Calendar::china();
        // A local correction (a make-up Saturday turned into a holiday) plus data for 2027.
        let extra = format!("{HEADER}2024-10-12,holiday,,\n2027-01-01,holiday,,\n");
        cal.merge(Calendar::parse_csv(&extra).expect("valid"));
        assert!(!working(&cal, d(2024, 10, 12)));
        assert_eq!(cal.day_kind(d(2024, 10, 12)), Some(DayKind::Holiday));
        assert!(!working(&cal, d(2024, 10, 1)), "untouched entries survive");
        assert_eq!(
            cal.covered_years().collect::<Vec<_>>(),
            vec![2023, 2024, 2025, 2026, 2027]
        );
        assert!(!working(&cal, d(2027, 1, 1)));
        assert!(working(&cal, d(2027, 1, 4)));
    }

    #[test]
    fn period_kinds_serialize_in_lowercase() {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Doc {
            kind: PeriodKind,
            day: DayKind,
        }
        let doc: Doc = toml::from_str("kind = \"month\"\nday = \"workday\"\n").expect("valid toml");
        assert_eq!(
            doc,
            Doc {
                kind: PeriodKind::Month,
                day: DayKind::Workday
            }
        );
        let text = toml::to_string(&Doc {
            kind: PeriodKind::Quarter,
            day: DayKind::Holiday,
        })
        .expect("serializes");
        assert!(
            text.contains("kind = \"quarter\"") && text.contains("day = \"holiday\""),
            "{text}"
        );
        assert!(toml::from_str::<Doc>("kind = \"Quarter\"\nday = \"holiday\"\n").is_err());
    }
}
