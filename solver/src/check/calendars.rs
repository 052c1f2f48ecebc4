//! The calendar checker: every `calendars/<officer_id>.ics` against `schedule.csv`.
//!
//! - there is one file per officer with at least one row in the schedule, named
//!   `<officer_id>.ics`, and no other file;
//! - each schedule row of the officer has exactly one event with the same date, start
//!   (`depart`), end (`return`) and UID (`YYYYMMDD-<officer_id>-<target_id>@tepai`), and the file
//!   has no other event; times are written in UTC, China Standard Time being UTC+8;
//! - each event's `SUMMARY` (`特派走访：<target name>`, for a unit followed by `（<n> 家企业）`),
//!   `LOCATION` (the first stop's name), `DESCRIPTION` (target name and id, its kind, the
//!   stops' names and ids in order, travel and on-site minutes, departure and return, the
//!   court; for a visit of a team unit, `team_size` above 1, a last line naming the officers of
//!   the team's trip — the rows of that date, unit and stops — the lead first: the one with
//!   the shortest one-way travel, ties to the one listed first) and `DTSTAMP` (the plan year's
//!   first instant) follow, word for word, from the scenario and the row, in Chinese or in
//!   English (`Envoy visit: <target name> (<n> enterprises)`): an event matches when all three
//!   texts are exactly those of one language, and one file's events are all in one language;
//! - the calendar's `NAME` and `X-WR-CALNAME` are `<officer name> <officer_id> — <scenario
//!   name>`, the scenario's name followed by ` <year>` unless it already holds the year, and
//!   no content line exceeds 75 octets (RFC 5545 §3.1).
//!
//! [`parse_ics`] reads a file into a [`CalendarFile`]; a file it cannot read as a calendar is
//! the caller's problem (the plan cannot be read).
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDateTime};
use tepai_model::{text, OfficerIdx, Scenario, Target, Text};

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

/// The languages a calendar's text may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Language {
    Chinese,
    English,
}

impl Language {
    const BOTH: [Language; 2] = [Language::Chinese, Language::English];

    fn name(self) -> &'static str {
        match self {
            Language::Chinese => "Chinese",
            Language::English => "English",
        }
    }

    fn name_zh(self) -> &'static str {
        match self {
            Language::Chinese => "中文",
            Language::English => "英文",
        }
    }

    /// The language a written title reads as (the Chinese title starts with 特派走访).
    fn of_summary(summary: Option<&str>) -> Language {
        if summary.is_some_and(|t| t.starts_with("特派走访")) {
            Language::Chinese
        } else {
            Language::English
        }
    }
}

/// A kind of unit as a word.
fn kind_word(kind: &str, lang: Language) -> &'static str {
    match (kind, lang) {
        ("platform", Language::Chinese) => "工业平台",
        ("platform", Language::English) => "platform",
        ("chamber", Language::Chinese) => "商会",
        ("chamber", Language::English) => "chamber of commerce",
        (_, Language::Chinese) => "企业（直接服务）",
        (_, Language::English) => "enterprise (served directly)",
    }
}

/// The event text a row implies in `lang`: summary, location, description (`None` when the
/// row's target or stops are not in the scenario — the schedule checker reports those).
fn expected_text(
    s: &Scenario,
    r: &ScheduleRow,
    trips: &TeamTrips<'_>,
    lang: Language,
) -> Option<(String, String, String)> {
    let o = s.officer_by_id(r.officer_id.trim())?;
    let id = r.target_id.trim();
    let (t, kind) = match r.target_kind.trim() {
        "enterprise" => (Target::Enterprise(s.enterprise_by_id(id)?), "enterprise"),
        _ => {
            let u = s.unit_by_id(id)?;
            (Target::Unit(u), s.unit(u).kind.as_str())
        }
    };
    let stops = r
        .enterprise_ids
        .split(';')
        .map(|id| s.enterprise_by_id(id.trim()))
        .collect::<Option<Vec<_>>>()?;
    let zh = lang == Language::Chinese;
    let names: Vec<String> = stops
        .iter()
        .map(|&e| {
            let (name, id) = (&s.enterprise(e).name, &s.enterprise(e).id);
            if zh {
                format!("{name}（{id}）")
            } else {
                format!("{name} ({id})")
            }
        })
        .collect();
    let court = &s.court(s.officer(o).court).name;
    let (name, travel, onsite) = (
        s.target_name(t),
        r.travel_minutes.trim(),
        r.onsite_minutes.trim(),
    );
    let (depart, back) = (r.depart.trim(), r.return_time.trim());
    let kind = kind_word(kind, lang);
    let mut description = if zh {
        format!(
            "走访对象：{name}（{id}）\n单位类型：{kind}\n走访企业：{}\n路程 {travel} 分钟，现场 \
             {onsite} 分钟\n出发 {depart}，返回 {back}（{court}往返）",
            names.join(" → ")
        )
    } else {
        format!(
            "Visiting: {name} ({id})\nKind: {kind}\nEnterprises: {}\nTravel {travel} min, on \
             site {onsite} min\nDepart {depart}, return {back} (from and back to {court})",
            names.join(" → ")
        )
    };
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
                    let mark = match (Some(m) == lead, zh) {
                        (true, true) => "（牵头）",
                        (true, false) => " (lead)",
                        (false, _) => "",
                    };
                    format!("{} {}{mark}", s.officer(m).name, s.officer(m).id)
                })
                .collect();
            if zh {
                description.push_str(&format!("\n团队：{}", names.join("、")));
            } else {
                description.push_str(&format!("\nTeam: {}", names.join(", ")));
            }
        }
    }
    let location = stops.first().map_or_else(
        || s.target_name(t).to_owned(),
        |&e| s.enterprise(e).name.to_string(),
    );
    let n = stops.len();
    let summary = match (t, zh) {
        (Target::Enterprise(_), true) => format!("特派走访：{name}"),
        (Target::Enterprise(_), false) => format!("Envoy visit: {name}"),
        (Target::Unit(_), true) => format!("特派走访：{name}（{n} 家企业）"),
        (Target::Unit(_), false) => format!(
            "Envoy visit: {name} ({n} enterprise{})",
            if n == 1 { "" } else { "s" }
        ),
    };
    Some((summary, location, description))
}

/// A property as written, quoted, or that it is missing (for the Chinese of a finding).
fn shown(value: &Option<String>) -> String {
    value
        .as_ref()
        .map_or_else(|| "（缺失）".to_owned(), |v| format!("{v:?}"))
}

/// The scenario's name with its year, the year added only when the name does not already
/// hold it as a number of its own.
fn named_with_year(name: &str, year: i32) -> String {
    let y = year.to_string();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let holds = name.match_indices(y.as_str()).any(|(i, _)| {
        !digit(name[..i].chars().last()) && !digit(name[i + y.len()..].chars().next())
    });
    if holds {
        name.to_owned()
    } else {
        format!("{name} {y}")
    }
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
                text!(
                    "no officer with visits in schedule.csv has this calendar; expected only \
                     <officer_id>.ics for officers with visits",
                    "schedule.csv 中没有走访任务的特派员对应此日历；只应有走访任务的特派员各有一个 \
                     <officer_id>.ics"
                ),
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
                text!(
                    "officer {officer_id} has {} row(s) in schedule.csv but no calendar",
                    "特派员 {officer_id} 在 schedule.csv 中有 {} 行，却没有日历",
                    rows.len()
                ),
            ));
            continue;
        };
        if let Some(o) = s.officer_by_id(officer_id) {
            let want = format!(
                "{} {} — {}",
                s.officer(o).name,
                officer_id,
                named_with_year(&s.name, s.year)
            );
            for (prop, got) in [
                ("NAME", &cal.calendar_name),
                ("X-WR-CALNAME", &cal.wr_calname),
            ] {
                if got.as_deref() != Some(want.as_str()) {
                    findings.push(Finding::in_file(
                        &file,
                        "calendar-name",
                        Text::new(
                            format!("{prop} is {got:?}, expected {want:?}"),
                            format!("{prop} 为 {}，应为 {want:?}", shown(got)),
                        ),
                    ));
                }
            }
        }
        for &line in &cal.long_lines {
            findings.push(Finding::at_line(
                &file,
                line,
                "folding",
                text!(
                    "content line longer than 75 octets (RFC 5545 §3.1)",
                    "内容行超过 75 字节（RFC 5545 §3.1）"
                ),
            ));
        }
        let keys: Vec<Option<EventKey>> = cal.events.iter().map(event_key).collect();
        // The language of each event whose text matched, with the first such event's line.
        let mut languages: BTreeMap<Language, u64> = BTreeMap::new();
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
                    text!(
                        "schedule.csv line {} ({} {}–{} {}) has no event (expected UID {})",
                        "schedule.csv 第 {} 行（{} {}–{} {}）没有对应的日历事件（应有 UID {}）",
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
                    text!(
                        "a second event for schedule.csv line {} ({} {}); one event per visit",
                        "schedule.csv 第 {} 行（{} {}）有第二个日历事件；每次走访只应有一个",
                        r.line,
                        want.0,
                        want.3
                    ),
                ));
            }
            let ev = &cal.events[first];
            if ev.dtstamp.as_deref() != Some(stamp.as_str()) {
                findings.push(Finding::at_line(
                    &file,
                    ev.line,
                    "recomputed",
                    Text::new(
                        format!("DTSTAMP is {:?}, expected {stamp:?}", ev.dtstamp),
                        format!("DTSTAMP 为 {}，应为 {stamp:?}", shown(&ev.dtstamp)),
                    ),
                ));
            }
            let texts: Vec<(Language, (String, String, String))> = Language::BOTH
                .into_iter()
                .filter_map(|lang| expected_text(s, r, &trips, lang).map(|t| (lang, t)))
                .collect();
            let written = (
                ev.summary.as_deref(),
                ev.location.as_deref(),
                ev.description.as_deref(),
            );
            let same = |(a, b, c): &(String, String, String)| {
                written == (Some(a.as_str()), Some(b.as_str()), Some(c.as_str()))
            };
            if let Some((lang, _)) = texts.iter().find(|(_, t)| same(t)) {
                languages.entry(*lang).or_insert(ev.line);
            } else {
                // Compare with the language most of the event is written in (ties: the one
                // its title reads as).
                let wrong = |(a, b, c): &(String, String, String)| {
                    usize::from(written.0 != Some(a.as_str()))
                        + usize::from(written.1 != Some(b.as_str()))
                        + usize::from(written.2 != Some(c.as_str()))
                };
                let title = Language::of_summary(ev.summary.as_deref());
                if let Some((lang, (summary, location, description))) = texts
                    .into_iter()
                    .min_by_key(|(l, t)| (wrong(t), *l != title))
                {
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
                                Text::new(
                                    format!(
                                        "{prop} is {got:?}, but schedule.csv line {} implies {want:?} \
                                         (in {})",
                                        r.line,
                                        lang.name()
                                    ),
                                    format!(
                                        "{prop} 为 {}，但按 schedule.csv 第 {} 行应为 {want:?}（{}）",
                                        shown(got),
                                        r.line,
                                        lang.name_zh()
                                    ),
                                ),
                            ));
                        }
                    }
                }
            }
        }
        if languages.len() > 1 {
            let lines: Vec<String> = languages
                .iter()
                .map(|(lang, line)| format!("{} from line {line}", lang.name()))
                .collect();
            let lines_zh: Vec<String> = languages
                .iter()
                .map(|(lang, line)| format!("第 {line} 行起为{}", lang.name_zh()))
                .collect();
            findings.push(Finding::in_file(
                &file,
                "language",
                Text::new(
                    format!(
                        "events are written in more than one language ({}); a calendar is in one",
                        lines.join(", ")
                    ),
                    format!(
                        "日历事件用了不止一种语言（{}）；一个日历只应用一种",
                        lines_zh.join("，")
                    ),
                ),
            ));
        }
        for (i, ev) in cal.events.iter().enumerate() {
            if !used[i] {
                findings.push(Finding::at_line(
                    &file,
                    ev.line,
                    "extra-event",
                    Text::new(
                        format!(
                            "event {:?} (DTSTART {:?}) matches no row of officer {officer_id} in \
                             schedule.csv (same date, times and target)",
                            ev.uid, ev.dtstart
                        ),
                        format!(
                            "日历事件 {}（DTSTART {}）在 schedule.csv 中找不到特派员 {officer_id} \
                             对应的行（日期、时间和对象都相同）",
                            shown(&ev.uid),
                            shown(&ev.dtstart)
                        ),
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
