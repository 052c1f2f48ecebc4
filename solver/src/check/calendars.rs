//! The calendar checker: every `calendars/<officer_id>.ics` against `schedule.csv`.
//!
//! - there is one file per officer with at least one row in the schedule, named
//!   `<officer_id>.ics`, and no other file;
//! - each schedule row of the officer has exactly one event with the same date, start
//!   (`depart`), end (`return`) and UID (`YYYYMMDD-<officer_id>-<target_id>@tepai`), and the file
//!   has no other event; times are written in UTC, China Standard Time being UTC+8;
//! - each event's `SUMMARY` (`特派走访 envoy visit: <target name>`), `LOCATION` (the first
//!   stop's name), `DESCRIPTION` (target, stops with names, travel and on-site minutes, the
//!   court; for a visit of a team unit, `team_size` above 1, a last line naming the officers of
//!   the team's trip — the rows of that date, unit and stops — the lead first: the one with
//!   the shortest one-way travel, ties to the one listed first) and `DTSTAMP` (the plan year's
//!   first instant) follow from the scenario and the row;
//! - the calendar's `NAME` and `X-WR-CALNAME` are `<officer name> <officer_id> — <scenario
//!   name> <year>`, and no content line exceeds 75 octets (RFC 5545 §3.1).
//!
//! [`parse_ics`] reads a file into a [`CalendarFile`]; a file it cannot read as a calendar is
//! the caller's problem (the plan cannot be read).
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDateTime};
use tepai_model::{OfficerIdx, Scenario, Target};

use super::{Finding, ScheduleRow};

/// China Standard Time's offset from UTC, hours.
const CST_OFFSET_HOURS: i64 = 8;

/// One `VEVENT`, its text properties unescaped (`None`: the property is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Line of its `BEGIN:VEVENT` in the file.
    pub line: u64,
    /// `UID`.
    pub uid: Option<String>,
    /// `DTSTAMP`.
    pub dtstamp: Option<String>,
    /// `DTSTART`.
    pub dtstart: Option<String>,
    /// `DTEND`.
    pub dtend: Option<String>,
    /// `SUMMARY`.
    pub summary: Option<String>,
    /// `LOCATION`.
    pub location: Option<String>,
    /// `DESCRIPTION`.
    pub description: Option<String>,
}

/// One `.ics` file of `calendars/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarFile {
    /// The file's name, e.g. `o-0001.ics`.
    pub name: String,
    /// The calendar's `NAME`.
    pub calendar_name: Option<String>,
    /// The calendar's `X-WR-CALNAME`.
    pub wr_calname: Option<String>,
    /// Lines (1-based) longer than 75 octets.
    pub long_lines: Vec<u64>,
    /// The events, in file order.
    pub events: Vec<CalendarEvent>,
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Reads an RFC 5545 calendar (folded lines, CRLF or LF). Fails when the text is not one
/// `VCALENDAR` with well-nested `VEVENT`s.
pub fn parse_ics(name: &str, text: &str) -> Result<CalendarFile, String> {
    let mut file = CalendarFile {
        name: name.to_owned(),
        ..CalendarFile::default()
    };
    // Unfold: a line starting with a space or tab continues the previous one.
    let mut logical: Vec<(u64, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.len() > 75 {
            file.long_lines.push(line);
        }
        if let Some(rest) = raw.strip_prefix(' ').or_else(|| raw.strip_prefix('\t')) {
            match logical.last_mut() {
                Some((_, prev)) => prev.push_str(rest),
                None => return Err(format!("line {line}: a continuation line starts the file")),
            }
        } else if !raw.is_empty() {
            logical.push((line, raw.to_owned()));
        }
    }
    let mut in_calendar = false;
    let mut ended = false;
    let mut event: Option<CalendarEvent> = None;
    for (line, content) in logical {
        let Some((head, value)) = content.split_once(':') else {
            return Err(format!("line {line}: no `:` in {content:?}"));
        };
        let name = head.split(';').next().unwrap_or("").to_ascii_uppercase();
        match (name.as_str(), value) {
            ("BEGIN", "VCALENDAR") if !in_calendar && !ended => in_calendar = true,
            ("END", "VCALENDAR") if in_calendar && event.is_none() => {
                in_calendar = false;
                ended = true;
            }
            ("BEGIN", "VEVENT") if in_calendar && event.is_none() => {
                event = Some(CalendarEvent {
                    line,
                    ..CalendarEvent::default()
                });
            }
            ("END", "VEVENT") if event.is_some() => {
                file.events.extend(event.take());
            }
            ("BEGIN" | "END", _) if !in_calendar || (name == "END" && event.is_none()) => {
                return Err(format!("line {line}: unexpected {content:?}"));
            }
            _ if !in_calendar => return Err(format!("line {line}: {content:?} outside VCALENDAR")),
            _ => {
                let value = Some(unescape(value));
                match (&mut event, name.as_str()) {
                    (Some(e), "UID") => e.uid = value,
                    (Some(e), "DTSTAMP") => e.dtstamp = value,
                    (Some(e), "DTSTART") => e.dtstart = value,
                    (Some(e), "DTEND") => e.dtend = value,
                    (Some(e), "SUMMARY") => e.summary = value,
                    (Some(e), "LOCATION") => e.location = value,
                    (Some(e), "DESCRIPTION") => e.description = value,
                    (None, "NAME") => file.calendar_name = value,
                    (None, "X-WR-CALNAME") => file.wr_calname = value,
                    _ => {}
                }
            }
        }
    }
    if !ended {
        return Err("no complete BEGIN:VCALENDAR … END:VCALENDAR".to_owned());
    }
    Ok(file)
}

/// A UTC `YYYYMMDDTHHMMSSZ` as China Standard Time: (`YYYY-MM-DD`, `HH:MM`).
fn local(utc: &str) -> Option<(String, String)> {
    let t = NaiveDateTime::parse_from_str(utc.trim(), "%Y%m%dT%H%M%SZ").ok()?;
    let l = t + Duration::hours(CST_OFFSET_HOURS);
    Some((
        l.format("%Y-%m-%d").to_string(),
        l.format("%H:%M").to_string(),
    ))
}

/// What identifies an event: date, start, end (local) and UID.
type EventKey = (String, String, String, String);

fn row_key(r: &ScheduleRow) -> EventKey {
    let date = r.date.trim().to_owned();
    let uid = format!(
        "{}-{}-{}@tepai",
        date.replace('-', ""),
        r.officer_id.trim(),
        r.target_id.trim()
    );
    (
        date,
        r.depart.trim().to_owned(),
        r.return_time.trim().to_owned(),
        uid,
    )
}

fn event_key(e: &CalendarEvent) -> Option<EventKey> {
    let (date, start) = local(e.dtstart.as_deref()?)?;
    let (end_date, end) = local(e.dtend.as_deref()?)?;
    (end_date == date).then(|| (date, start, end, e.uid.clone().unwrap_or_default()))
}

/// The officers of each team trip (date, unit id, stops as written) among the rows.
type TeamTrips<'r> = BTreeMap<(&'r str, &'r str, &'r str), BTreeSet<OfficerIdx>>;

fn team_trips<'r>(s: &Scenario, rows: &'r [ScheduleRow]) -> TeamTrips<'r> {
    let mut trips = TeamTrips::new();
    for r in rows {
        let team_unit = s
            .unit_by_id(r.target_id.trim())
            .is_some_and(|u| r.target_kind.trim() != "enterprise" && s.unit(u).team_size > 1);
        if let (true, Some(o)) = (team_unit, s.officer_by_id(r.officer_id.trim())) {
            trips
                .entry((r.date.trim(), r.target_id.trim(), r.enterprise_ids.trim()))
                .or_default()
                .insert(o);
        }
    }
    trips
}

/// The event text a row implies: summary, location, description (`None` when the row's
/// target or stops are not in the scenario — the schedule checker reports those).
fn expected_text(
    s: &Scenario,
    r: &ScheduleRow,
    trips: &TeamTrips<'_>,
) -> Option<(String, String, String)> {
    let o = s.officer_by_id(r.officer_id.trim())?;
    let id = r.target_id.trim();
    let t = match r.target_kind.trim() {
        "enterprise" => Target::Enterprise(s.enterprise_by_id(id)?),
        _ => Target::Unit(s.unit_by_id(id)?),
    };
    let stops = r
        .enterprise_ids
        .split(';')
        .map(|id| s.enterprise_by_id(id.trim()))
        .collect::<Option<Vec<_>>>()?;
    let names: Vec<String> = stops
        .iter()
        .map(|&e| format!("{} {}", s.enterprise(e).id, s.enterprise(e).name))
        .collect();
    let court = s.court(s.officer(o).court);
    let mut description = format!(
        "{} {} ({})\nstops: {}\ntravel {} min, on site {} min, from {}",
        s.target_kind(t),
        s.target_id(t),
        s.target_name(t),
        names.join(" → "),
        r.travel_minutes.trim(),
        r.onsite_minutes.trim(),
        court.name
    );
    if let (Target::Unit(u), Some(team)) = (
        t,
        trips.get(&(r.date.trim(), r.target_id.trim(), r.enterprise_ids.trim())),
    ) {
        if s.unit(u).team_size > 1 {
            let lead = team
                .iter()
                .copied()
                .min_by_key(|&m| (s.officer_travel(m, t), m));
            let names: Vec<String> = lead
                .into_iter()
                .chain(team.iter().copied().filter(|&m| Some(m) != lead))
                .map(|m| {
                    let mark = if Some(m) == lead { " (lead)" } else { "" };
                    format!("{} {}{mark}", s.officer(m).name, s.officer(m).id)
                })
                .collect();
            description.push_str(&format!("\nteam: {}", names.join(", ")));
        }
    }
    let location = stops.first().map_or_else(
        || s.target_name(t).to_owned(),
        |&e| s.enterprise(e).name.to_string(),
    );
    let summary = format!("特派走访 envoy visit: {}", s.target_name(t));
    Some((summary, location, description))
}

/// Checks the calendar files against the schedule's rows (see the
/// [module documentation](self)).
pub fn check_calendars(s: &Scenario, rows: &[ScheduleRow], files: &[CalendarFile]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut rows_of: BTreeMap<String, Vec<&ScheduleRow>> = BTreeMap::new();
    for r in rows {
        if s.officer_by_id(r.officer_id.trim()).is_some() {
            rows_of
                .entry(r.officer_id.trim().to_owned())
                .or_default()
                .push(r);
        }
    }
    let by_name: BTreeMap<&str, &CalendarFile> =
        files.iter().map(|f| (f.name.as_str(), f)).collect();
    let expected: BTreeSet<String> = rows_of.keys().map(|id| format!("{id}.ics")).collect();
    for f in files {
        if !expected.contains(&f.name) {
            findings.push(Finding::in_file(
                &format!("calendars/{}", f.name),
                "extra-file",
                "no officer with visits in schedule.csv has this calendar; expected only \
                 <officer_id>.ics for officers with visits"
                    .to_owned(),
            ));
        }
    }
    let stamp = format!("{}0101T000000Z", s.year);
    let trips = team_trips(s, rows);
    for (officer_id, rows) in &rows_of {
        let file = format!("calendars/{officer_id}.ics");
        let Some(cal) = by_name.get(format!("{officer_id}.ics").as_str()) else {
            findings.push(Finding::in_file(
                &file,
                "missing-file",
                format!(
                    "officer {officer_id} has {} row(s) in schedule.csv but no calendar",
                    rows.len()
                ),
            ));
            continue;
        };
        if let Some(o) = s.officer_by_id(officer_id) {
            let want = format!(
                "{} {} — {} {}",
                s.officer(o).name,
                officer_id,
                s.name,
                s.year
            );
            for (prop, got) in [
                ("NAME", &cal.calendar_name),
                ("X-WR-CALNAME", &cal.wr_calname),
            ] {
                if got.as_deref() != Some(want.as_str()) {
                    findings.push(Finding::in_file(
                        &file,
                        "calendar-name",
                        format!("{prop} is {got:?}, expected {want:?}"),
                    ));
                }
            }
        }
        for &line in &cal.long_lines {
            findings.push(Finding::at_line(
                &file,
                line,
                "folding",
                "content line longer than 75 octets (RFC 5545 §3.1)",
            ));
        }
        let keys: Vec<Option<EventKey>> = cal.events.iter().map(event_key).collect();
        let mut used = vec![false; cal.events.len()];
        for r in rows {
            let want = row_key(r);
            let matches: Vec<usize> = keys
                .iter()
                .enumerate()
                .filter(|(_, k)| k.as_ref() == Some(&want))
                .map(|(i, _)| i)
                .collect();
            let Some(&first) = matches.first() else {
                findings.push(Finding::in_file(
                    &file,
                    "missing-event",
                    format!(
                        "schedule.csv line {} ({} {}–{} {}) has no event (expected UID {})",
                        r.line,
                        want.0,
                        want.1,
                        want.2,
                        r.target_id.trim(),
                        want.3
                    ),
                ));
                continue;
            };
            used[first] = true;
            for &extra in &matches[1..] {
                used[extra] = true;
                findings.push(Finding::at_line(
                    &file,
                    cal.events[extra].line,
                    "duplicate-event",
                    format!(
                        "a second event for schedule.csv line {} ({} {}); one event per visit",
                        r.line, want.0, want.3
                    ),
                ));
            }
            let ev = &cal.events[first];
            if ev.dtstamp.as_deref() != Some(stamp.as_str()) {
                findings.push(Finding::at_line(
                    &file,
                    ev.line,
                    "recomputed",
                    format!("DTSTAMP is {:?}, expected {stamp:?}", ev.dtstamp),
                ));
            }
            if let Some((summary, location, description)) = expected_text(s, r, &trips) {
                for (prop, got, want) in [
                    ("SUMMARY", &ev.summary, summary),
                    ("LOCATION", &ev.location, location),
                    ("DESCRIPTION", &ev.description, description),
                ] {
                    if got.as_deref() != Some(want.as_str()) {
                        findings.push(Finding::at_line(
                            &file,
                            ev.line,
                            "recomputed",
                            format!(
                                "{prop} is {got:?}, but schedule.csv line {} implies {want:?}",
                                r.line
                            ),
                        ));
                    }
                }
            }
        }
        for (i, ev) in cal.events.iter().enumerate() {
            if !used[i] {
                findings.push(Finding::at_line(
                    &file,
                    ev.line,
                    "extra-event",
                    format!(
                        "event {:?} (DTSTART {:?}) matches no row of officer {officer_id} in \
                         schedule.csv (same date, times and target)",
                        ev.uid, ev.dtstart
                    ),
                ));
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_escaped_text_is_read_back() {
        let text = "BEGIN:VCALENDAR\r\nNAME:a b\r\nBEGIN:VEVENT\r\nUID:x@tepai\r\nDESCRIPTION:one\\, tw\r\n o\\nthree\r\nDTSTART:20240116T003000Z\r\nDTEND:20240116T054600Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let f = parse_ics("o.ics", text).expect("reads");
        assert_eq!(f.calendar_name.as_deref(), Some("a b"));
        assert_eq!(f.events.len(), 1);
        assert_eq!(f.events[0].line, 3);
        assert_eq!(f.events[0].description.as_deref(), Some("one, two\nthree"));
        assert_eq!(
            event_key(&f.events[0]),
            Some((
                "2024-01-16".into(),
                "08:30".into(),
                "13:46".into(),
                "x@tepai".into()
            ))
        );
    }

    #[test]
    fn a_broken_calendar_is_not_read() {
        assert!(parse_ics("o.ics", "hello").is_err());
        assert!(parse_ics(
            "o.ics",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        .is_err());
    }
}
