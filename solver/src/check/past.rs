//! The past of a re-plan: `schedule.csv`'s rows dated before the re-plan's day must be the
//! visits recorded as made (`past.csv`, written by `tepai replan` from the ledger), no more,
//! no fewer, cell for cell; and every recorded visit lies before that day. The schedule
//! checker judges only what follows (see [`check_schedule_from`](super::check_schedule_from)).
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Finding, ScheduleRow};

/// The cells that make a row what it is (everything but its line).
fn cells(r: &ScheduleRow) -> [&str; 10] {
    [
        r.date.trim(),
        r.period.trim(),
        r.officer_id.trim(),
        r.target_kind.trim(),
        r.target_id.trim(),
        r.enterprise_ids.trim(),
        r.depart.trim(),
        r.return_time.trim(),
        r.travel_minutes.trim(),
        r.onsite_minutes.trim(),
    ]
}

fn before(r: &ScheduleRow, from: NaiveDate) -> bool {
    NaiveDate::parse_from_str(r.date.trim(), "%Y-%m-%d").is_ok_and(|d| d < from)
}

/// Checks the rows of `schedule.csv` before `from` against the rows of `past.csv`.
pub fn check_past(rows: &[ScheduleRow], past: &[ScheduleRow], from: NaiveDate) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut recorded: BTreeMap<[&str; 10], Vec<u64>> = BTreeMap::new();
    for r in past {
        if !before(r, from) {
            findings.push(Finding::at_line(
                "past.csv",
                r.line,
                "past-after-from",
                tepai_model::text!(
                    "dated {:?}, not before the re-plan's day {from}",
                    "日期为 {:?}，不在重新编排日 {from} 之前",
                    r.date
                ),
            ));
        }
        recorded.entry(cells(r)).or_default().push(r.line);
    }
    for r in rows.iter().filter(|r| before(r, from)) {
        let lines = recorded.get_mut(&cells(r));
        match lines.and_then(|l| (!l.is_empty()).then(|| l.remove(0))) {
            Some(_) => {}
            None => findings.push(Finding::at_line(
                "schedule.csv",
                r.line,
                "past-not-recorded",
                tepai_model::text!(
                    "a visit on {} before the re-plan's day {from} that past.csv does not record",
                    "{} 的走访在重新编排日 {from} 之前，但 past.csv 中没有记录",
                    r.date
                ),
            )),
        }
    }
    for (c, lines) in recorded {
        for line in lines {
            if before_cells(&c, from) {
                findings.push(Finding::at_line(
                    "past.csv",
                    line,
                    "past-missing",
                    tepai_model::text!(
                        "the visit recorded on {} is not in schedule.csv",
                        "记录在 {} 的走访不在 schedule.csv 中",
                        c[0]
                    ),
                ));
            }
        }
    }
    findings
}

fn before_cells(c: &[&str; 10], from: NaiveDate) -> bool {
    NaiveDate::parse_from_str(c[0], "%Y-%m-%d").is_ok_and(|d| d < from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, date: &str, officer: &str) -> ScheduleRow {
        ScheduleRow {
            line,
            date: date.to_owned(),
            period: "2024-Q1".to_owned(),
            officer_id: officer.to_owned(),
            target_kind: "platform".to_owned(),
            target_id: "u".to_owned(),
            enterprise_ids: "e-1".to_owned(),
            depart: "08:30".to_owned(),
            return_time: "10:00".to_owned(),
            travel_minutes: "30".to_owned(),
            onsite_minutes: "60".to_owned(),
        }
    }

    #[test]
    fn the_past_must_be_exactly_what_was_recorded() {
        let from = NaiveDate::from_ymd_opt(2024, 7, 1).expect("date");
        let past = vec![row(2, "2024-01-10", "o-1"), row(3, "2024-02-10", "o-1")];
        let mut rows = past.clone();
        rows.push(row(4, "2024-07-10", "o-1"));
        assert!(check_past(&rows, &past, from).is_empty());
        // A past visit left out, one added, one recorded after the day.
        let rows = vec![row(2, "2024-01-10", "o-1"), row(3, "2024-03-10", "o-2")];
        let mut past2 = past.clone();
        past2.push(row(4, "2024-07-02", "o-1"));
        let rules: Vec<String> = check_past(&rows, &past2, from)
            .into_iter()
            .map(|f| format!("{} {} {}", f.file, f.place, f.rule))
            .collect();
        assert_eq!(
            rules,
            [
                "past.csv line 4 past-after-from",
                "schedule.csv line 3 past-not-recorded",
                "past.csv line 3 past-missing",
            ]
        );
    }
}
