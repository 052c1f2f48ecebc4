//! Planning periods: a quarter or a month of a year, the unit in which dispatch plans are
//! made.
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The granularity of planning periods.
///
/// Serialized (and parsed with [`FromStr`]) as `"quarter"` or `"month"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// A calendar quarter (Q1 = January–March, …).
    Quarter,
    /// A calendar month.
    Month,
}

impl PeriodKind {
    /// Number of periods of this kind in a year: 4 or 12.
    pub fn periods_per_year(self) -> u32 {
        match self {
            PeriodKind::Quarter => 4,
            PeriodKind::Month => 12,
        }
    }

    /// Number of months in one period: 3 or 1.
    pub fn months(self) -> u32 {
        12 / self.periods_per_year()
    }

    /// The spelling used in scenario files: `"quarter"` or `"month"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Quarter => "quarter",
            PeriodKind::Month => "month",
        }
    }
}

impl fmt::Display for PeriodKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error from parsing a [`PeriodKind`] or a [`Period`] from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParsePeriodError(String);

impl FromStr for PeriodKind {
    type Err = ParsePeriodError;

    /// Parses `quarter` or `month` (ASCII case-insensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("quarter") {
            Ok(PeriodKind::Quarter)
        } else if t.eq_ignore_ascii_case("month") {
            Ok(PeriodKind::Month)
        } else {
            Err(ParsePeriodError(format!(
                "unknown period kind {t:?}: expected \"quarter\" or \"month\""
            )))
        }
    }
}

/// One planning period: a quarter or a month of a year.
///
/// `index` is 1-based: 1..=4 for quarters, 1..=12 for months. The fields are
/// public; [`Period::new`] checks the index, and the date methods panic on
/// an out-of-range index.
///
/// Displays as its [`label`](Period::label), e.g. `2024-Q2` or `2024-05`,
/// and parses back from that form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// Calendar year.
    pub year: i32,
    /// Quarter or month.
    pub kind: PeriodKind,
    /// 1-based index within the year (1..=4 or 1..=12).
    pub index: u32,
}

impl Period {
    /// A period, or `None` if `index` is out of range for `kind`.
    pub fn new(year: i32, kind: PeriodKind, index: u32) -> Option<Period> {
        (1..=kind.periods_per_year())
            .contains(&index)
            .then_some(Period { year, kind, index })
    }

    /// All periods of `kind` in `year`, in order.
    pub fn all(year: i32, kind: PeriodKind) -> Vec<Period> {
        (1..=kind.periods_per_year())
            .map(|index| Period { year, kind, index })
            .collect()
    }

    /// Number of periods of `kind` in a year: 4 or 12.
    pub fn periods_per_year(kind: PeriodKind) -> u32 {
        kind.periods_per_year()
    }

    /// The period of `kind` that contains `date`.
    pub fn containing(date: NaiveDate, kind: PeriodKind) -> Period {
        Period {
            year: date.year(),
            kind,
            index: (date.month() - 1) / kind.months() + 1,
        }
    }

    /// Whether `date` lies within this period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        Period::containing(date, self.kind) == *self
    }

    /// First day of the period.
    ///
    /// # Panics
    ///
    /// If `index` is out of range or the year is outside chrono's range.
    pub fn start(&self) -> NaiveDate {
        first_of_month(self.year, self.first_month())
    }

    /// Last day of the period (inclusive).
    ///
    /// # Panics
    ///
    /// If `index` is out of range or the year is outside chrono's range.
    pub fn end(&self) -> NaiveDate {
        let last_month = self.first_month() + self.kind.months() - 1;
        let next = if last_month == 12 {
            first_of_month(self.year + 1, 1)
        } else {
            first_of_month(self.year, last_month + 1)
        };
        next.pred_opt()
            .unwrap_or_else(|| panic!("period {self} ends outside the supported date range"))
    }

    /// The period's label: `2024-Q2` for a quarter, `2024-05` for a month.
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::Quarter => format!("{}-Q{}", self.year, self.index),
            PeriodKind::Month => format!("{}-{:02}", self.year, self.index),
        }
    }

    fn first_month(&self) -> u32 {
        assert!(
            (1..=self.kind.periods_per_year()).contains(&self.index),
            "period index {} out of range for a {} (expected 1..={})",
            self.index,
            self.kind,
            self.kind.periods_per_year()
        );
        (self.index - 1) * self.kind.months() + 1
    }
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1)
        .unwrap_or_else(|| panic!("{year}-{month:02}-01 is outside the supported date range"))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Period {
    type Err = ParsePeriodError;

    /// Parses a label: `YYYY-Qn` (quarter, `q` also accepted) or `YYYY-MM`
    /// (month).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let bad = || {
            ParsePeriodError(format!(
                "not a period label {t:?}: expected e.g. 2024-Q2 or 2024-05"
            ))
        };
        let (year, rest) = t.rsplit_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (kind, index) = match rest.strip_prefix(['Q', 'q']) {
            Some(q) => (PeriodKind::Quarter, q),
            None => (PeriodKind::Month, rest),
        };
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let index: u32 = index.parse().map_err(|_| bad())?;
        Period::new(year, kind, index).ok_or_else(|| {
            ParsePeriodError(format!(
                "period index {index} out of range in {t:?}: a {kind} index must be 1..={}",
                kind.periods_per_year()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn period_labels() {
        assert_eq!(
            Period {
                year: 2024,
                kind: PeriodKind::Quarter,
                index: 2
            }
            .label(),
            "2024-Q2"
        );
        assert_eq!(
            Period {
                year: 2024,
                kind: PeriodKind::Month,
                index: 5
            }
            .to_string(),
            "2024-05"
        );
        assert_eq!(
            Period {
                year: 2024,
                kind: PeriodKind::Month,
                index: 12
            }
            .to_string(),
            "2024-12"
        );
    }

    #[test]
    fn period_starts_and_inclusive_ends() {
        let q1 = Period {
            year: 2024,
            kind: PeriodKind::Quarter,
            index: 1,
        };
        assert_eq!((q1.start(), q1.end()), (d(2024, 1, 1), d(2024, 3, 31)));
        let q4 = Period {
            year: 2024,
            kind: PeriodKind::Quarter,
            index: 4,
        };
        assert_eq!((q4.start(), q4.end()), (d(2024, 10, 1), d(2024, 12, 31)));
        let feb = Period {
            year: 2024,
            kind: PeriodKind::Month,
            index: 2,
        };
        assert_eq!((feb.start(), feb.end()), (d(2024, 2, 1), d(2024, 2, 29)));
        let feb25 = Period {
            year: 2025,
            kind: PeriodKind::Month,
            index: 2,
        };
        assert_eq!(feb25.end(), d(2025, 2, 28));
        let dec = Period {
            year: 2024,
            kind: PeriodKind::Month,
            index: 12,
        };
        assert_eq!(dec.end(), d(2024, 12, 31));
    }

    #[test]
    fn all_periods_tile_the_year() {
        for kind in [PeriodKind::Quarter, PeriodKind::Month] {
            let all = Period::all(2024, kind);
            assert_eq!(all.len() as u32, Period::periods_per_year(kind));
            assert_eq!(all[0].start(), d(2024, 1, 1));
            assert_eq!(all[all.len() - 1].end(), d(2024, 12, 31));
            for pair in all.windows(2) {
                assert_eq!(pair[0].end().succ_opt(), Some(pair[1].start()));
            }
        }
        assert_eq!(PeriodKind::Quarter.periods_per_year(), 4);
        assert_eq!(PeriodKind::Month.periods_per_year(), 12);
    }

    #[test]
    fn containing_finds_the_period_of_a_date() {
        assert_eq!(
            Period::containing(d(2024, 5, 11), PeriodKind::Quarter).label(),
            "2024-Q2"
        );
        assert_eq!(
            Period::containing(d(2024, 3, 31), PeriodKind::Quarter).label(),
            "2024-Q1"
        );
        assert_eq!(
            Period::containing(d(2024, 10, 1), PeriodKind::Quarter).label(),
            "2024-Q4"
        );
        assert_eq!(
            Period::containing(d(2024, 5, 11), PeriodKind::Month).label(),
            "2024-05"
        );
        let q = Period::containing(d(2024, 7, 1), PeriodKind::Quarter);
        assert!(q.contains(d(2024, 9, 30)) && !q.contains(d(2024, 10, 1)));
    }

    #[test]
    fn period_kinds_and_labels_parse_from_text() {
        assert_eq!("quarter".parse::<PeriodKind>(), Ok(PeriodKind::Quarter));
        assert_eq!("Month".parse::<PeriodKind>(), Ok(PeriodKind::Month));
        assert!("week".parse::<PeriodKind>().is_err());
        assert_eq!(
            "2024-Q2".parse::<Period>(),
            Ok(Period {
                year: 2024,
                kind: PeriodKind::Quarter,
                index: 2
            })
        );
        assert_eq!(
            "2024-05".parse::<Period>(),
            Ok(Period {
                year: 2024,
                kind: PeriodKind::Month,
                index: 5
            })
        );
        assert!("2024-Q5".parse::<Period>().is_err());
        assert!("2024-13".parse::<Period>().is_err());
        assert!("2024".parse::<Period>().is_err());
        assert_eq!(Period::new(2024, PeriodKind::Quarter, 0), None);
    }
}
