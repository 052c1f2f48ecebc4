//! `calendars/<officer_id>.ics`: one RFC 5545 calendar per officer with visits, one event per
//! visit.
//!
//! Built with the `icalendar` crate. Times are written in UTC (China Standard Time is UTC+8
//! all year, with no daylight saving), and DTSTAMP is fixed to the plan year's first instant so
//! that the same plan always writes the same bytes.
use std::fmt::Write as _;
use std::io::Write;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use tepai_model::{OfficerIdx, Scenario};
use tepai_solver::schedule::{Schedule, Visit};

/// China Standard Time's offset from UTC, hours.
const CST_OFFSET_HOURS: i64 = 8;

fn utc(date: NaiveDate, minutes: u32) -> chrono::DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    Utc.from_utc_datetime(&(local - Duration::hours(CST_OFFSET_HOURS)))
}

fn event(s: &Scenario, v: &Visit, stamp: chrono::DateTime<Utc>) -> Event {
    let officer = s.officer(v.officer);
    let stops: Vec<String> = v
        .stops
        .iter()
        .map(|&e| format!("{} {}", s.enterprise(e).id, s.enterprise(e).name))
        .collect();
    let mut description = String::new();
    let _ = writeln!(
        description,
        "{} {} ({})",
        s.target_kind(v.target),
        s.target_id(v.target),
        s.target_name(v.target)
    );
    let _ = writeln!(description, "stops: {}", stops.join(" → "));
    let _ = write!(
        description,
        "travel {} min, on site {} min, from {}",
        v.travel_minutes,
        v.onsite_minutes,
        s.court(officer.court).name
    );
    let location = v.stops.first().map_or_else(
        || s.target_name(v.target).to_owned(),
        |&e| s.enterprise(e).name.to_string(),
    );
    Event::new()
        .uid(&format!(
            "{}-{}-{}@tepai",
            v.date.format("%Y%m%d"),
            officer.id,
            s.target_id(v.target)
        ))
        .timestamp(stamp)
        .summary(&format!(
            "特派走访 envoy visit: {}",
            s.target_name(v.target)
        ))
        .location(&location)
        .description(&description)
        .starts(utc(v.date, v.depart))
        .ends(utc(v.date, v.return_time()))
        .done()
}

/// The officers with at least one visit, in the scenario's order, with the file name of
/// their calendar (`<officer_id>.ics`).
pub fn files(s: &Scenario, schedule: &Schedule) -> Vec<(OfficerIdx, String)> {
    (0..s.officers.len())
        .map(OfficerIdx::from)
        .filter(|&o| schedule.visits_of(o).next().is_some())
        .map(|o| (o, format!("{}.ics", s.officer(o).id)))
        .collect()
}

/// Writes one officer's calendar: one event per visit.
pub fn write_calendar<W: Write>(
    mut w: W,
    s: &Scenario,
    schedule: &Schedule,
    officer: OfficerIdx,
) -> std::io::Result<()> {
    let stamp = Utc
        .with_ymd_and_hms(s.year, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut calendar = Calendar::new();
    calendar.name(&format!(
        "{} {} — {} {}",
        s.officer(officer).name,
        s.officer(officer).id,
        s.name,
        s.year
    ));
    for v in schedule.visits_of(officer) {
        calendar.push(event(s, v, stamp));
    }
    w.write_all(refold(&calendar.done().to_string()).as_bytes())?;
    w.flush()
}

/// RFC 5545 §3.1: content lines are folded so that no line exceeds 75 octets, a fold being
/// CRLF followed by one space, never inside a UTF-8 character. Unfolds what the writer
/// folded (it can leave 76-octet lines with multi-byte text) and folds again.
fn refold(text: &str) -> String {
    const MAX: usize = 75;
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 60 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > MAX {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::refold;

    #[test]
    fn folded_lines_keep_to_75_octets_and_unfold_to_the_original() {
        let long = format!(
            "DESCRIPTION:{}",
            "延平金森生物科技集团有限公司 → ".repeat(12)
        );
        let text = format!("BEGIN:VEVENT\r\n{long}\r\nEND:VEVENT\r\n");
        let folded = refold(&text);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), text);
    }
}
