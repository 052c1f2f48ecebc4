//! `calendars/<officer_id>.ics`: one RFC 5545 calendar per officer with visits, one event per
//! visit, its text in Chinese or English ([`Lang`]).
//!
//! An event's title names the unit and how many enterprises the trip visits
//! (`特派走访：福建省商会（3 家企业）`, `Envoy visit: … (3 enterprises)`); its description the
//! unit and its kind, the enterprises in visiting order with their ids, travel and on-site
//! minutes, departure and return (from and back to the officer's court):
//!
//! ```text
//! 走访对象：福建省商会（ch-sm-fjsh）
//! 单位类型：商会
//! 走访企业：甲公司（e-0012） → 乙公司（e-0040） → 丙公司（e-0007）
//! 路程 36 分钟，现场 180 分钟
//! 出发 08:30，返回 12:06（延平区人民法院往返）
//! 团队：吴雪平 o-0006（牵头）、陈静勇 o-0028
//! ```
//!
//! A visit of a team (a unit served by more than one officer) names the whole team on its last
//! line, the lead first, so that each member knows whom it travels with and who leads. The
//! lead is the officer with the shortest one-way travel to the unit, ties to the one listed
//! first (as `role` in `assignment.csv`). The calendar's name is the officer's name and id and
//! the scenario's name with its year (written once).
//!
//! Built with the `icalendar` crate. Times are written in UTC (China Standard Time is UTC+8
//! all year, with no daylight saving), and DTSTAMP is fixed to the plan year's first instant so
//! that the same plan always writes the same bytes.
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};
use tepai_model::{OfficerIdx, Scenario, Target, UnitIdx};
use tepai_solver::schedule::{Schedule, Visit};
use tepai_solver::Assignment;

use crate::{words, Lang};

/// The teams of an assignment: per unit served by more than one officer, its officers, the
/// lead first, then the others in the scenario's order.
#[derive(Debug, Clone, Default)]
pub struct Teams(HashMap<UnitIdx, Vec<OfficerIdx>>);

impl Teams {
    /// The teams of `a`.
    pub fn of(s: &Scenario, a: &Assignment) -> Teams {
        let mut officers: HashMap<UnitIdx, Vec<OfficerIdx>> = HashMap::new();
        for &(o, t) in &a.pairs {
            if let Target::Unit(u) = t {
                officers.entry(u).or_default().push(o);
            }
        }
        officers.retain(|_, team| team.len() > 1);
        for (&u, team) in &mut officers {
            team.sort_unstable();
            team.dedup();
            if let Some(lead) = team
                .iter()
                .copied()
                .min_by_key(|&o| (s.officer_travel(o, Target::Unit(u)), o))
            {
                team.retain(|&o| o != lead);
                team.insert(0, lead);
            }
        }
        Teams(officers)
    }

    /// The team serving `target`, the lead first (`None`: not a team).
    pub fn of_target(&self, target: Target) -> Option<&[OfficerIdx]> {
        match target {
            Target::Unit(u) => self.0.get(&u).map(Vec::as_slice),
            Target::Enterprise(_) => None,
        }
    }
}

/// The description line naming a team, the lead first: `团队：吴雪平 o-0006（牵头）、陈静勇
/// o-0028`, `Team: 吴雪平 o-0006 (lead), 陈静勇 o-0028`.
fn team_line(s: &Scenario, team: &[OfficerIdx], lang: Lang) -> String {
    let names: Vec<String> = team
        .iter()
        .enumerate()
        .map(|(i, &o)| {
            let officer = s.officer(o);
            let lead = if i == 0 {
                lang.pick("（牵头）", " (lead)")
            } else {
                ""
            };
            format!("{} {}{lead}", officer.name, officer.id)
        })
        .collect();
    match lang {
        Lang::Zh => format!("团队：{}", names.join("、")),
        Lang::En => format!("Team: {}", names.join(", ")),
    }
}

/// China Standard Time's offset from UTC, hours.
const CST_OFFSET_HOURS: i64 = 8;

fn utc(date: NaiveDate, minutes: u32) -> chrono::DateTime<Utc> {
    let local = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    Utc.from_utc_datetime(&(local - Duration::hours(CST_OFFSET_HOURS)))
}

/// Minutes after midnight as `HH:MM`.
fn hh_mm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
}

/// The event's title: `特派走访：福建省商会（3 家企业）`, `Envoy visit: … (3 enterprises)`;
/// a directly served enterprise's visit names the enterprise only.
fn summary(s: &Scenario, v: &Visit, lang: Lang) -> String {
    let name = s.target_name(v.target);
    let n = v.stops.len();
    match (v.target, lang) {
        (Target::Enterprise(_), Lang::Zh) => format!("特派走访：{name}"),
        (Target::Enterprise(_), Lang::En) => format!("Envoy visit: {name}"),
        (Target::Unit(_), Lang::Zh) => format!("特派走访：{name}（{n} 家企业）"),
        (Target::Unit(_), Lang::En) => format!(
            "Envoy visit: {name} ({n} {})",
            if n == 1 { "enterprise" } else { "enterprises" }
        ),
    }
}

/// The event's description: the unit and its kind, the enterprises in visiting order,
/// travel and on-site minutes, departure and return, and for a team the whole team.
fn description(s: &Scenario, v: &Visit, teams: &Teams, lang: Lang) -> String {
    let officer = s.officer(v.officer);
    let kind = match v.target {
        Target::Enterprise(_) => lang.pick("企业（直接服务）", "enterprise (served directly)"),
        Target::Unit(_) => words::target_kind(s.target_kind(v.target), lang),
    };
    let stops: Vec<String> = v
        .stops
        .iter()
        .map(|&e| {
            let e = s.enterprise(e);
            match lang {
                Lang::Zh => format!("{}（{}）", e.name, e.id),
                Lang::En => format!("{} ({})", e.name, e.id),
            }
        })
        .collect();
    let (depart, back) = (hh_mm(v.depart), hh_mm(v.return_time()));
    let court = &s.court(officer.court).name;
    let (name, id) = (s.target_name(v.target), s.target_id(v.target));
    let mut text = match lang {
        Lang::Zh => format!(
            "走访对象：{name}（{id}）\n单位类型：{kind}\n走访企业：{}\n路程 {} 分钟，现场 {} 分钟\n\
             出发 {depart}，返回 {back}（{court}往返）",
            stops.join(" → "),
            v.travel_minutes,
            v.onsite_minutes,
        ),
        Lang::En => format!(
            "Visiting: {name} ({id})\nKind: {kind}\nEnterprises: {}\nTravel {} min, on site {} min\n\
             Depart {depart}, return {back} (from and back to {court})",
            stops.join(" → "),
            v.travel_minutes,
            v.onsite_minutes,
        ),
    };
    if let Some(team) = teams.of_target(v.target) {
        let _ = write!(text, "\n{}", team_line(s, team, lang));
    }
    text
}

fn event(
    s: &Scenario,
    v: &Visit,
    teams: &Teams,
    stamp: chrono::DateTime<Utc>,
    lang: Lang,
) -> Event {
    let officer = s.officer(v.officer);
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
        .summary(&summary(s, v, lang))
        .location(&location)
        .description(&description(s, v, teams, lang))
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

/// Writes one officer's calendar in `lang`: one event per visit, a team's visits naming the
/// team.
pub fn write_calendar<W: Write>(
    mut w: W,
    s: &Scenario,
    schedule: &Schedule,
    teams: &Teams,
    officer: OfficerIdx,
    lang: Lang,
) -> std::io::Result<()> {
    let stamp = Utc
        .with_ymd_and_hms(s.year, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut calendar = Calendar::new();
    calendar.name(&format!(
        "{} {} — {}",
        s.officer(officer).name,
        s.officer(officer).id,
        words::name_with_year(&s.name, s.year)
    ));
    for v in schedule.visits_of(officer) {
        calendar.push(event(s, v, teams, stamp, lang));
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
