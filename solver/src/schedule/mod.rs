//! The schedule stage: dated day trips for every visit of every period.
//!
//! Implements `docs/schedule-model.md`. Given a scenario and an [`Assignment`], [`schedule`]
//! gives every officer–target pair its visits in every period of the year, each a day trip
//! from the officer's court and back, and lists the [`Shortfall`]s where a rule cannot be met.
//!
//! # Formulation
//! For an officer `o` and a period `p`, the *free days* are the calendar's working days of `p`
//! (weekdays − holidays + make-up workdays) outside `o`'s unavailability ranges; at most
//! `days_per_period(o)` of them may be used (⌊days_per_quarter ÷ 3⌋ for months), one trip a
//! day. The *jobs* of `o` are
//! - each unit `u` it serves: `unit_visits_per_period` trips, each through
//!   `k = min(enterprises_per_unit_visit, eligible members)` distinct members (members under a
//!   conflict with the officer or its court are not eligible). A unit served by several
//!   officers (a team) is one job of the whole team: every trip is joint — same date, same
//!   stops, one row per officer;
//! - its directly served enterprises, grouped once for the year into *day trips* (private
//!   module `cluster`: as few trips as possible, then as little travel; exact set
//!   partitioning up to 12 enterprises, greedy farthest-first + nearest neighbour beyond):
//!   each group is visited `enterprise_visits_per_period` times, all its enterprises on the
//!   same trip.
//!
//! Every trip must fit the day (`travel + stops × onsite ≤ day_minutes`), two trips of one
//! job lie at least `min_days_between_visits` calendar days apart (across periods too), and
//! no enterprise is visited by two different trips on one day.
//!
//! # Heuristics
//! Periods are scheduled in order (so spacing against the previous period's last visit is
//! known). Within a period:
//! 1. **Teams first**, on the days free for every member, while every member has days left,
//!    earliest-first (so that the spacing across periods that the assignment counted holds).
//! 2. **Then each officer** (by index) on its remaining free days. If its jobs need more trips
//!    than it has days, trips are handed out round-robin over the jobs (units first) and the
//!    rest is reported as [`ShortfallRule::NotEnoughDays`].
//! 3. **Spread**: with `J` jobs and `c_j` trips for job `j`, trip `i` of job `j` aims at
//!    position `(i + (j + ½) ÷ J) ÷ c_j` of the free days — inside slice `i` of `c_j` equal
//!    slices, the jobs interleaved — and takes the nearest day that is unused, spaced from the
//!    job's other visits and whose stops are not visited by another trip that day. A job
//!    whose visits barely fit the spacing (counted by the earliest-first rule, which maximises
//!    the number of spaced visits) is placed first and earliest-first instead.
//! 4. **Rotation**: a unit trip takes the eligible members visited least often this year,
//!    highest value (`1 + categories + priority`) first, ties by travel from the court, then
//!    by a seeded random draw; if that trip does not fit the day, a compact group around each
//!    of the first few candidates is tried, then the members nearest the court.
//! 5. **Routing**: every trip is ordered by [`route::best_order`] — exact up to 8 stops,
//!    nearest neighbour + 2-opt beyond.
//!
//! Everything is deterministic for a given seed: randomness only breaks ties between
//! equally valued, equally distant members, and no hash-map order reaches the output.
//!
//! # Shortfalls
//! While placing trips, the planner notes why a trip found no day (its reasons); the
//! [`Shortfall`]s returned are then counted from the visits made, pair by pair and period by
//! period (a team's joint trip counts for every officer of the team): the visits missing,
//! split by those reasons, and the member stops missing — against
//! `min(enterprises_per_unit_visit, eligible members)`, and against
//! `enterprises_per_unit_visit` itself when the unit has too few eligible members
//! ([`ShortfallRule::TooFewEligibleMembers`]). A shortfall is therefore always real, and no
//! missing visit goes unreported.
pub mod route;

pub(crate) mod cluster;
mod days;
mod fixed;
mod jobs;
mod officer;
mod shortfall;
mod teams;
mod units;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tepai_model::{CourtIdx, EnterpriseIdx, OfficerIdx, Period, Place, Scenario, Target, UnitIdx};

use crate::assignment::Assignment;
use crate::candidates;

/// Departure time of every trip, minutes after midnight (08:30).
pub const DEPART_MINUTES: u32 = 8 * 60 + 30;

/// Compact groups tried (one around each of the first candidates) when the rotation's choice
/// of members does not fit the day.
const FIT_SEEDS: usize = 8;

/// One officer's day trip: a row of `schedule.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// The day of the trip.
    pub date: NaiveDate,
    /// The period the date falls in.
    pub period: Period,
    /// Who travels.
    pub officer: OfficerIdx,
    /// The unit visited, or the first stop of a direct trip.
    pub target: Target,
    /// Enterprises visited, in visiting order (every one counts as visited).
    pub stops: Vec<EnterpriseIdx>,
    /// Departure from the court, minutes after midnight ([`DEPART_MINUTES`]).
    pub depart: u32,
    /// Court → first stop → … → last stop → court, minutes.
    pub travel_minutes: u32,
    /// Stops × `onsite_minutes`.
    pub onsite_minutes: u32,
}

impl Visit {
    /// Back at the court, minutes after midnight: depart + travel + on-site.
    pub fn return_time(&self) -> u32 {
        self.depart + self.travel_minutes + self.onsite_minutes
    }
}

/// Why visits are missing from a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ShortfallRule {
    /// The officer (or team) has fewer usable days in the period than trips to make: free
    /// working days, `days_per_period`, days taken by other trips, or days on which the
    /// trip's enterprises are already visited by another trip.
    NotEnoughDays,
    /// Days are left, but none is `min_days_between_visits` from the target's other visits.
    Spacing,
    /// Even the shortest trip to the target does not fit `day_minutes`.
    DayTooShort,
    /// The enterprises a trip needs cannot be visited: a directly served enterprise is under a
    /// conflict of interest, or other trips visit the unit's members that day.
    NoEligibleMembers,
    /// The unit has fewer eligible members than `enterprises_per_unit_visit` (members under a
    /// conflict with the officer or its court — for a team, with any officer of the team — are
    /// not eligible): its visits reach fewer members than the standard, or none at all.
    TooFewEligibleMembers,
}

impl ShortfallRule {
    /// Every rule, in declaration order.
    pub const ALL: &'static [ShortfallRule] = &[
        ShortfallRule::NotEnoughDays,
        ShortfallRule::Spacing,
        ShortfallRule::DayTooShort,
        ShortfallRule::NoEligibleMembers,
        ShortfallRule::TooFewEligibleMembers,
    ];

    /// Short name, as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ShortfallRule::NotEnoughDays => "not_enough_days",
            ShortfallRule::Spacing => "spacing",
            ShortfallRule::DayTooShort => "day_too_short",
            ShortfallRule::NoEligibleMembers => "no_eligible_members",
            ShortfallRule::TooFewEligibleMembers => "too_few_eligible_members",
        }
    }

    /// One sentence explaining the rule.
    pub fn explain(self) -> &'static str {
        match self {
            ShortfallRule::NotEnoughDays => {
                "fewer usable days than trips: free working days (after leave), the officer's \
                 days per period, or days already taken by other trips run out"
            }
            ShortfallRule::Spacing => {
                "days remain, but none lies min_days_between_visits from the target's other \
                 visits"
            }
            ShortfallRule::DayTooShort => {
                "even the shortest trip (travel plus time on site) is longer than day_minutes"
            }
            ShortfallRule::NoEligibleMembers => {
                "the enterprises of the trip cannot be visited: a conflict of interest bars a \
                 directly served enterprise, or other trips visit the unit's members that day"
            }
            ShortfallRule::TooFewEligibleMembers => {
                "the unit has fewer eligible members (not conflicted with the officer, its court \
                 or, for a team, any officer of the team) than enterprises_per_unit_visit"
            }
        }
    }
}

impl fmt::Display for ShortfallRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.as_str(), self.explain())
    }
}

/// Visits missing from a schedule (or made with fewer members than the standard), per
/// officer, period, target and reason.
///
/// Computed from the visits the schedule holds: `visits_short` is what the rules require
/// of the officer–target pair in the period (`unit_visits_per_period`, or
/// `enterprise_visits_per_period`; a team's joint trip counts for every officer of the team)
/// minus the visits made, split by the reason the scheduler met when it tried; `stops_short`
/// counts member stops missing from the unit visits made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// Whose duty.
    pub officer: OfficerIdx,
    /// In which period.
    pub period: Period,
    /// The unit, or the directly served enterprise, that is short (`None`: the officer).
    pub target: Option<Target>,
    /// Why.
    pub rule: ShortfallRule,
    /// Visits missing from the period's duty.
    pub visits_short: u32,
    /// Member stops missing from the unit visits made in the period: against
    /// `enterprises_per_unit_visit` for [`ShortfallRule::TooFewEligibleMembers`], against
    /// `min(enterprises_per_unit_visit, eligible members)` for
    /// [`ShortfallRule::NoEligibleMembers`]; 0 for the other rules.
    pub stops_short: u32,
    /// Days the officer may use in the period: min(free working days, days per period).
    pub free_days: u32,
    /// Trips the officer's duties need in the period.
    pub days_needed: u32,
}

impl fmt::Display for Shortfall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "officer #{} {} {}: {} visit(s) short",
            self.officer.0,
            self.period,
            match self.target {
                Some(Target::Unit(u)) => format!("unit #{}", u.0),
                Some(Target::Enterprise(e)) => format!("enterprise #{}", e.0),
                None => "all targets".to_owned(),
            },
            self.visits_short,
        )?;
        if self.stops_short > 0 {
            write!(f, ", {} member stop(s) short", self.stops_short)?;
        }
        write!(
            f,
            " ({} usable days, {} needed) — {}",
            self.free_days, self.days_needed, self.rule
        )
    }
}

/// A year's dated visits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Schedule {
    /// Every trip row, sorted by date, officer, target (a team trip has one row per officer).
    pub visits: Vec<Visit>,
    /// Where the rules could not be met, sorted by period, officer, target, rule.
    pub shortfalls: Vec<Shortfall>,
    /// Travel minutes saved against one round trip (court → enterprise → court) per
    /// enterprise visited, summed over all rows (never below 0).
    pub travel_saved_minutes: u64,
    /// For every served unit (ascending): distinct members visited in the year.
    pub distinct_members: Vec<(UnitIdx, u32)>,
}

impl Schedule {
    /// The rows of one officer, in date order.
    pub fn visits_of(&self, officer: OfficerIdx) -> impl Iterator<Item = &Visit> + '_ {
        self.visits.iter().filter(move |v| v.officer == officer)
    }
}

/// Schedules every visit of the year for an assignment (see the module documentation).
///
/// `seed` breaks ties between equally ranked members; the result depends only on the
/// scenario, the assignment and the seed.
pub fn schedule(s: &Scenario, a: &Assignment, seed: u64) -> Schedule {
    let mut planner = Planner::new(s, a, seed);
    for period in Period::all(s.year, s.rules.period) {
        planner.period(period);
    }
    planner.finish()
}

/// Schedules a re-plan made on `from`: the `past` visits (made before `from`) are kept as
/// they happened, periods that ended before `from` are not scheduled, and from `from` on the
/// `baseline`'s visits are kept where they still hold before the rest is placed (see
/// `fixed.rs`). Shortfalls are counted for the periods from the one holding `from`, the past
/// visits counting for their period's duty.
pub fn schedule_replan(
    s: &Scenario,
    a: &Assignment,
    seed: u64,
    from: NaiveDate,
    past: &[Visit],
    baseline: &[Visit],
) -> Schedule {
    let mut planner = Planner::new(s, a, seed);
    planner.from = Some(from);
    planner.regroup_direct(baseline);
    planner.record_past(past);
    for period in Period::all(s.year, s.rules.period) {
        if period.end() >= from {
            planner.period_kept(period, baseline);
        }
    }
    planner.finish()
}

use days::{latest_before, most_spaced, nearest_first, search, spaced, Days, Verdict};
use jobs::{DirectJob, JobRef, UnitJob};
use units::select_members;

fn fits_day(travel: u32, stops: usize, onsite: u32, day: u32) -> bool {
    u64::from(travel) + stops as u64 * u64::from(onsite) <= u64::from(day)
}

fn as_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// The planner
// ---------------------------------------------------------------------------

struct Planner<'s> {
    s: &'s Scenario,
    units: Vec<UnitJob>,
    direct: Vec<DirectJob>,
    /// Directly served enterprises that cannot be visited at all: officer, enterprise, why.
    direct_blocked: Vec<(OfficerIdx, EnterpriseIdx, ShortfallRule)>,
    /// Unit jobs of a single officer, per officer.
    solo_units: Vec<Vec<usize>>,
    /// Direct jobs per officer.
    officer_direct: Vec<Vec<usize>>,
    /// Trips per period each officer's duties need.
    need: Vec<usize>,
    /// Unavailability ranges per officer.
    leave: Vec<Vec<(NaiveDate, NaiveDate)>>,
    /// (date, enterprise) pairs visited by some trip.
    occupied: HashSet<(NaiveDate, EnterpriseIdx)>,
    /// Per enterprise: visited by some trip so far this year, or served directly (its own
    /// officer visits it). Unit trips visit the members not yet visited first.
    visited: Vec<bool>,
    visits: Vec<Visit>,
    /// Why visits could not be made, as met while trying (counts may overlap or fall short
    /// of what is missing; [`Planner::finish`] counts the visits themselves).
    reasons: Vec<Shortfall>,
    /// The assignment's pairs, sorted and without repeats.
    pairs: Vec<(OfficerIdx, Target)>,
    /// Days each officer may use per period (with a duty).
    budgets: BTreeMap<(OfficerIdx, Period), usize>,
    /// A re-plan's day: visits before it are the past (`None`: the whole year is planned).
    from: Option<NaiveDate>,
}

impl<'s> Planner<'s> {
    fn period(&mut self, p: Period) {
        self.period_kept(p, &[]);
    }

    /// A period, keeping the `baseline`'s visits that still hold first (a re-plan).
    fn period_kept(&mut self, p: Period, baseline: &[Visit]) {
        let mut days = self.days(p);
        self.close_past_days(p, &mut days);
        let v_unit = self.s.rules.unit_visits_per_period as usize;
        for (oi, d) in days.iter().enumerate() {
            if self.need[oi] > 0 {
                self.budgets.insert((OfficerIdx::from(oi), p), d.budget);
            }
        }

        // Units that cannot be visited at all.
        for ji in 0..self.units.len() {
            if let Some(rule) = self.units[ji].blocked {
                let (u, officers) = (self.units[ji].unit, self.units[ji].officers.clone());
                for o in officers {
                    self.short(&days, o, p, Some(Target::Unit(u)), rule, v_unit);
                }
            }
        }
        let v_ent = self.s.rules.enterprise_visits_per_period as usize;
        for i in 0..self.direct_blocked.len() {
            let (o, e, rule) = self.direct_blocked[i];
            self.short(&days, o, p, Some(Target::Enterprise(e)), rule, v_ent);
        }

        // 0. A re-plan's baseline visits that still hold.
        self.keep_baseline(p, &mut days, baseline);
        // 1. Teams, on days free for every member.
        for ji in 0..self.units.len() {
            if self.units[ji].officers.len() > 1 && self.units[ji].blocked.is_none() {
                self.team(ji, p, &mut days);
            }
        }
        // 2. Every officer's own jobs.
        for oi in 0..self.s.officers.len() {
            self.officer(OfficerIdx::from(oi), p, &mut days);
        }
    }

    fn finish(mut self) -> Schedule {
        let s = self.s;
        self.visits.sort_by_key(|v| (v.date, v.officer, v.target));
        let shortfalls = self.count_shortfalls();
        let mut saved: i64 = 0;
        for v in &self.visits {
            let court = Place::Court(s.officer(v.officer).court);
            let alone: i64 = v
                .stops
                .iter()
                .map(|&e| {
                    let e = Place::Enterprise(e);
                    i64::from(s.travel_minutes(court, e)) + i64::from(s.travel_minutes(e, court))
                })
                .sum();
            saved += alone - i64::from(v.travel_minutes);
        }
        let distinct_members = self
            .units
            .iter()
            .map(|j| (j.unit, as_u32(j.seen.iter().filter(|&&n| n > 0).count())))
            .collect();
        Schedule {
            visits: self.visits,
            shortfalls,
            travel_saved_minutes: u64::try_from(saved.max(0)).unwrap_or(0),
            distinct_members,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::sync::OnceLock;

    use crate::testdata::{base, nanping};

    use chrono::Datelike;
    use tepai_model::{ConflictScope, PeriodKind, Unavailability};

    use super::*;
    use crate::assign::{assign, AssignOptions};
    use crate::check::{check_schedule, ScheduleViolation};

    fn heuristic(s: &Scenario) -> Assignment {
        let mut opts = AssignOptions::from_scenario(s);
        opts.heuristic_only = true;
        assign(s, &opts).assignment
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    /// Nanping 2024 with its heuristic assignment, scheduled once for several tests.
    fn nanping_fixture() -> &'static (Scenario, Assignment, Schedule) {
        static FIXTURE: OnceLock<(Scenario, Assignment, Schedule)> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let s = nanping();
            let a = heuristic(&s);
            let sch = schedule(&s, &a, s.seed);
            (s, a, sch)
        })
    }

    /// What the independent checker finds wrong with a schedule that its shortfalls do not
    /// account for. The shortfalls must match the checker exactly: per officer, period and
    /// target, the visits short are the visits the checker finds missing (every missing visit
    /// reported, every reported one missing), and member stops are short wherever the checker
    /// finds a visit with too few stops.
    fn violations(s: &Scenario, a: &Assignment, sch: &Schedule) -> Vec<String> {
        let mut bad = Vec::new();
        let mut sorted = sch.visits.clone();
        sorted.sort_by_key(|v| (v.date, v.officer, v.target));
        if sorted != sch.visits {
            bad.push("visits are not sorted by date, officer, target".to_owned());
        }
        let report = check_schedule(s, a, &crate::plan::schedule_rows(s, sch));
        type Key = (String, String, String);
        let mut missing: BTreeMap<Key, u32> = BTreeMap::new();
        let mut few_stops: BTreeSet<Key> = BTreeSet::new();
        for v in report.violations {
            if let Some((officer, period, target, n)) = v.visits_missing() {
                missing.insert(
                    (officer.to_owned(), period.to_owned(), target.to_owned()),
                    n,
                );
                continue;
            }
            match v {
                ScheduleViolation::StopCount {
                    officer_id,
                    unit_id,
                    period,
                    stops,
                    expected,
                    ..
                } if stops < expected => {
                    few_stops.insert((officer_id, period, unit_id));
                }
                other => bad.push(other.to_string()),
            }
        }
        let mut reported: BTreeMap<Key, u32> = BTreeMap::new();
        let mut stops_reported: BTreeSet<Key> = BTreeSet::new();
        for f in &sch.shortfalls {
            let key = (
                s.officer(f.officer).id.to_string(),
                f.period.label(),
                f.target
                    .map_or(String::new(), |t| s.target_id(t).to_owned()),
            );
            if f.visits_short == 0 && f.stops_short == 0 {
                bad.push(format!("empty shortfall {f}"));
            }
            if f.visits_short > 0 {
                *reported.entry(key.clone()).or_insert(0) += f.visits_short;
            }
            if f.stops_short > 0 && f.rule == ShortfallRule::NoEligibleMembers {
                stops_reported.insert(key);
            }
        }
        if missing != reported {
            bad.push(format!(
                "visits missing per the checker {missing:?} ≠ visits short reported {reported:?}"
            ));
        }
        if few_stops != stops_reported {
            bad.push(format!(
                "visits with too few stops per the checker {few_stops:?} ≠ reported {stops_reported:?}"
            ));
        }
        bad
    }

    fn assert_rules(s: &Scenario, a: &Assignment, sch: &Schedule) {
        let bad = violations(s, a, sch);
        assert!(
            bad.is_empty(),
            "{} violations, first: {:#?}",
            bad.len(),
            &bad[..bad.len().min(10)]
        );
    }

    #[test]
    fn nanping_schedule_obeys_every_rule_of_the_contract() {
        let (s, a, sch) = nanping_fixture();
        assert_rules(s, a, sch);
        assert!(!sch.visits.is_empty());
        // The heuristic plan fits its officers' days: nothing (or next to nothing) is short.
        let short: u32 = sch.shortfalls.iter().map(|f| f.visits_short).sum();
        let wanted: u32 = a
            .pairs
            .iter()
            .map(|&(_, t)| 4 * candidates::visits(s, t))
            .sum();
        assert!(
            short * 100 <= wanted,
            "{short} of {wanted} visits short: {:?}",
            sch.shortfalls
        );
        assert!(sch.travel_saved_minutes > 0, "direct trips share routes");
    }

    #[test]
    fn nanping_units_rotate_through_their_members() {
        let (s, a, sch) = nanping_fixture();
        let served: BTreeSet<UnitIdx> = a
            .pairs
            .iter()
            .filter_map(|(_, t)| match t {
                Target::Unit(u) => Some(*u),
                Target::Enterprise(_) => None,
            })
            .collect();
        let listed: Vec<UnitIdx> = sch.distinct_members.iter().map(|x| x.0).collect();
        assert_eq!(listed, served.iter().copied().collect::<Vec<_>>());
        let k = s.rules.enterprises_per_unit_visit;
        let trips = 4 * s.rules.unit_visits_per_period;
        for &(u, n) in &sch.distinct_members {
            let members = s.unit(u).members.len() as u32;
            // Twelve trips of three stops reach min(36, members) members unless routing
            // forces repeats; rotation must reach far beyond one trip's worth.
            assert!(
                n >= (trips * k).min(members) * 3 / 4 && n <= members,
                "{u:?}: {n} of {members} members"
            );
        }
    }

    #[test]
    fn spring_festival_and_national_day_weeks_have_no_visits() {
        let (s, _, sch) = nanping_fixture();
        for v in &sch.visits {
            assert!(
                !(d(2024, 2, 10) <= v.date && v.date <= d(2024, 2, 17)),
                "Spring Festival: {v:?}"
            );
            assert!(
                !(d(2024, 10, 1) <= v.date && v.date <= d(2024, 10, 7)),
                "National Day: {v:?}"
            );
        }
        // Weekend visits are only on make-up workdays.
        for v in &sch.visits {
            if v.date.weekday().number_from_monday() >= 6 {
                assert_eq!(s.calendar.is_working_day(v.date), Ok(true), "{v:?}");
            }
        }
    }

    #[test]
    fn make_up_sundays_of_spring_festival_are_used_when_they_are_the_only_spaced_days() {
        let mut s = base();
        let o = s.officer_by_id("o-1").expect("o-1");
        let u = s.unit_by_id("u-plat").expect("u-plat");
        // Free in Q1 only from 2024-02-04 (a make-up Sunday) to 2024-02-18 (another one).
        for (from, to) in [
            (d(2024, 1, 1), d(2024, 2, 3)),
            (d(2024, 2, 19), d(2024, 3, 31)),
        ] {
            s.unavailable.push(Unavailability {
                officer: o,
                from,
                to,
                reason: "test".to_owned(),
            });
        }
        let a = Assignment::new(vec![(o, Target::Unit(u))]);
        let sch = schedule(&s, &a, 1);
        assert_rules(&s, &a, &sch);
        let q1: Vec<NaiveDate> = sch
            .visits
            .iter()
            .filter(|v| v.period.index == 1)
            .map(|v| v.date)
            .collect();
        // Two visits 14 days apart fit only on the two make-up Sundays; the third is short.
        assert_eq!(q1, vec![d(2024, 2, 4), d(2024, 2, 18)]);
        let short: Vec<&Shortfall> = sch
            .shortfalls
            .iter()
            .filter(|f| f.period.index == 1)
            .collect();
        assert_eq!(short.len(), 1, "{short:?}");
        assert_eq!(
            (short[0].rule, short[0].visits_short, short[0].target),
            (ShortfallRule::Spacing, 1, Some(Target::Unit(u)))
        );
        // The other quarters are complete.
        assert_eq!(sch.visits.len(), 2 + 3 * 3);
    }

    #[test]
    fn an_officer_on_leave_for_a_month_has_no_visit_then_and_still_meets_the_duty() {
        let (s0, a, _) = nanping_fixture();
        let mut s = s0.clone();
        // An officer with a unit and one with direct enterprises.
        let with_unit = a
            .pairs
            .iter()
            .find(|(_, t)| matches!(t, Target::Unit(_)))
            .expect("a unit pair")
            .0;
        let with_direct = a
            .pairs
            .iter()
            .find(|(_, t)| matches!(t, Target::Enterprise(_)))
            .expect("a direct pair")
            .0;
        for o in [with_unit, with_direct] {
            s.unavailable.push(Unavailability {
                officer: o,
                from: d(2024, 5, 1),
                to: d(2024, 5, 31),
                reason: "test leave".to_owned(),
            });
        }
        let sch = schedule(&s, a, s.seed);
        assert_rules(&s, a, &sch);
        for o in [with_unit, with_direct] {
            assert!(
                sch.visits_of(o).all(|v| v.date.month() != 5),
                "{o:?} visits in May"
            );
            assert!(
                sch.visits_of(o).any(|v| v.period.index == 2),
                "{o:?} still visits in Q2"
            );
            assert!(
                sch.shortfalls.iter().all(|f| f.officer != o),
                "{o:?} has days enough: {:?}",
                sch.shortfalls
            );
        }
    }

    #[test]
    fn a_conflicted_member_is_never_visited_and_the_rest_are_rotated() {
        let mut s = base();
        s.rules.conflict_scope = ConflictScope::Enterprise;
        let o = s.officer_by_id("o-2").expect("o-2");
        let u = s.unit_by_id("u-plat").expect("u-plat");
        let e3 = s.enterprise_by_id("e-3").expect("e-3");
        assert!(s.is_conflicted(o, e3));
        let a = Assignment::new(vec![(o, Target::Unit(u))]);
        let sch = schedule(&s, &a, 3);
        assert_rules(&s, &a, &sch);
        assert_eq!(sch.visits.len(), 12);
        assert!(sch
            .visits
            .iter()
            .all(|v| !v.stops.contains(&e3) && v.stops.len() == 2));
        // Every visit is made, with the 2 members o-2 may visit: 1 stop short of the
        // standard 3 per visit, for too few eligible members.
        assert_eq!(sch.shortfalls.len(), 4, "{:?}", sch.shortfalls);
        for f in &sch.shortfalls {
            assert_eq!(
                (f.officer, f.target, f.rule, f.visits_short, f.stops_short),
                (
                    o,
                    Some(Target::Unit(u)),
                    ShortfallRule::TooFewEligibleMembers,
                    0,
                    3
                )
            );
        }
        assert_eq!(sch.distinct_members, vec![(u, 2)]);

        // In Nanping, a former legal counsel serves the enterprise's unit anyway.
        let mut s = nanping();
        s.rules.conflict_scope = ConflictScope::Enterprise;
        let (o, u, e) = s
            .conflicts
            .iter()
            .find_map(|c| {
                let o = match c.party {
                    tepai_model::ConflictParty::Officer(o) => o,
                    tepai_model::ConflictParty::Court(court) => (0..s.officers.len())
                        .map(OfficerIdx::from)
                        .find(|&o| s.officer(o).court == court)?,
                };
                let u = *s.enterprise(c.enterprise).units.first()?;
                Some((o, u, c.enterprise))
            })
            .expect("a conflict on a unit member");
        let a = Assignment::new(vec![(o, Target::Unit(u))]);
        let sch = schedule(&s, &a, 3);
        assert_rules(&s, &a, &sch);
        assert!(!sch.visits.is_empty());
        assert!(sch.visits.iter().all(|v| !v.stops.contains(&e)));
    }

    /// The base scenario with u-plat served by a team of o-1 and o-2 (same court), o-2
    /// conflicted with e-3 (`conflict_scope = "enterprise"`): only e-1 and e-2 suit the whole
    /// team, though o-1 alone could visit all three members.
    fn team_with_a_conflicted_officer() -> (Scenario, Assignment, UnitIdx) {
        let mut s = base();
        s.rules.conflict_scope = ConflictScope::Enterprise;
        let u = s.unit_by_id("u-plat").expect("u-plat");
        s.units[u.index()].team_size = 2;
        let o1 = s.officer_by_id("o-1").expect("o-1");
        let o2 = s.officer_by_id("o-2").expect("o-2");
        let a = Assignment::new(vec![(o1, Target::Unit(u)), (o2, Target::Unit(u))]);
        (s, a, u)
    }

    #[test]
    fn a_team_makes_every_visit_and_reports_no_missing_visit_when_members_are_too_few() {
        let (s, a, u) = team_with_a_conflicted_officer();
        let sch = schedule(&s, &a, 1);
        // All 12 joint trips, one row per officer, each through the 2 members eligible for
        // the whole team.
        assert_eq!(sch.visits.len(), 24);
        assert!(sch.visits.iter().all(|v| v.stops.len() == 2));
        assert_rules(&s, &a, &sch);
        // No visit is missing, for o-1 (the lead) or o-2.
        assert!(
            sch.shortfalls.iter().all(|f| f.visits_short == 0),
            "{:?}",
            sch.shortfalls
        );
        // The unit's members are reported as too few, for every officer of the team: each
        // period, 3 visits × (3 − 2) member stops.
        assert_eq!(sch.shortfalls.len(), 8, "{:?}", sch.shortfalls);
        for f in &sch.shortfalls {
            assert_eq!(
                (f.target, f.rule, f.stops_short),
                (
                    Some(Target::Unit(u)),
                    ShortfallRule::TooFewEligibleMembers,
                    3
                ),
                "{f}"
            );
        }
    }

    #[test]
    fn a_unit_without_eligible_members_is_short_for_too_few_eligible_members() {
        // o-2 is conflicted with every member of u-plat.
        let mut s = crate::testdata::variant(&[(
            "conflicts.csv",
            "o-2,,e-3,",
            "o-2,,e-1,test\no-2,,e-2,test\no-2,,e-3,",
        )]);
        s.rules.conflict_scope = ConflictScope::Enterprise;
        let o = s.officer_by_id("o-2").expect("o-2");
        let u = s.unit_by_id("u-plat").expect("u-plat");
        let a = Assignment::new(vec![(o, Target::Unit(u))]);
        let sch = schedule(&s, &a, 1);
        assert!(sch.visits.is_empty());
        assert_rules(&s, &a, &sch);
        assert_eq!(sch.shortfalls.len(), 4);
        for f in &sch.shortfalls {
            assert_eq!(
                (f.rule, f.visits_short, f.stops_short),
                (ShortfallRule::TooFewEligibleMembers, 3, 0)
            );
            assert!(f.to_string().contains("too_few_eligible_members"), "{f}");
        }
    }

    #[test]
    fn nanping_with_team_platforms_reports_exactly_the_missing_visits() {
        // Every platform served by a team of 2 or 3.
        let mut s = nanping();
        let mut i = 0;
        for unit in &mut s.units {
            if unit.kind == tepai_model::UnitKind::Platform {
                unit.team_size = 2 + i % 2;
                i += 1;
            }
        }
        let a = heuristic(&s);
        let teams: BTreeSet<UnitIdx> = a
            .pairs
            .iter()
            .filter_map(|&(_, t)| match t {
                Target::Unit(u) if s.unit(u).team_size > 1 => Some(u),
                _ => None,
            })
            .collect();
        assert!(teams.len() >= 5, "{teams:?}");
        let sch = schedule(&s, &a, s.seed);
        assert_rules(&s, &a, &sch);
        for &u in &teams {
            for &(o, _) in a.pairs.iter().filter(|p| p.1 == Target::Unit(u)) {
                let made = sch
                    .visits_of(o)
                    .filter(|v| v.target == Target::Unit(u))
                    .count() as u32;
                let short: u32 = sch
                    .shortfalls
                    .iter()
                    .filter(|f| f.officer == o && f.target == Some(Target::Unit(u)))
                    .map(|f| f.visits_short)
                    .sum();
                assert_eq!(made + short, 12, "{o:?} {u:?}");
            }
        }
        // The same plan on a tight budget of days: many visits missing, each reported.
        let mut tight = s.clone();
        for officer in &mut tight.officers {
            officer.days_per_quarter = officer.days_per_quarter.min(4);
        }
        let sch = schedule(&tight, &a, s.seed);
        assert_rules(&tight, &a, &sch);
        let short: u32 = sch.shortfalls.iter().map(|f| f.visits_short).sum();
        assert!(short > 100, "{short} visits short");
    }

    #[test]
    fn monthly_periods_are_scheduled_by_the_same_rules() {
        let mut s = nanping();
        s.rules.period = PeriodKind::Month;
        s.rules.unit_visits_per_period = 1;
        s.rules.enterprise_visits_per_period = 1;
        let a = heuristic(&s);
        let sch = schedule(&s, &a, s.seed);
        assert_rules(&s, &a, &sch);
        let months: BTreeSet<u32> = sch.visits.iter().map(|v| v.period.index).collect();
        assert_eq!(months, (1..=12).collect());
        assert!(sch
            .visits
            .iter()
            .all(|v| v.period.kind == PeriodKind::Month));
        // Two visits a month, at least 10 days apart.
        let mut s2 = s.clone();
        s2.rules.unit_visits_per_period = 2;
        s2.rules.min_days_between_visits = 10;
        let a2 = Assignment::new(
            a.pairs
                .iter()
                .copied()
                .filter(|(_, t)| matches!(t, Target::Unit(_)))
                .collect(),
        );
        let sch2 = schedule(&s2, &a2, 1);
        assert_rules(&s2, &a2, &sch2);
    }

    #[test]
    fn a_team_visits_together_on_days_free_for_all() {
        let (s, a, sch) = nanping_fixture();
        let team = s
            .units
            .iter()
            .enumerate()
            .find(|(ui, unit)| {
                unit.team_size > 1
                    && a.pairs
                        .iter()
                        .filter(|p| p.1 == Target::Unit(UnitIdx::from(*ui)))
                        .count()
                        > 1
            })
            .map(|(ui, _)| UnitIdx::from(ui))
            .expect("nanping serves a team platform");
        let rows: Vec<&Visit> = sch
            .visits
            .iter()
            .filter(|v| v.target == Target::Unit(team))
            .collect();
        let officers: BTreeSet<OfficerIdx> = rows.iter().map(|v| v.officer).collect();
        assert!(officers.len() > 1);
        assert_eq!(rows.len(), officers.len() * 12, "{rows:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_schedule() {
        let (s, a, sch) = nanping_fixture();
        assert_eq!(&schedule(s, a, s.seed), sch);
        let other = schedule(s, a, s.seed + 1);
        assert_rules(s, a, &other);
    }

    #[test]
    fn days_per_period_and_shortfalls_are_reported_when_days_run_out() {
        let mut s = base();
        let o = s.officer_by_id("o-1").expect("o-1");
        s.officers[o.index()].days_per_quarter = 2;
        let u = s.unit_by_id("u-plat").expect("u-plat");
        let a = Assignment::new(vec![(o, Target::Unit(u))]);
        let sch = schedule(&s, &a, 1);
        assert_rules(&s, &a, &sch);
        assert_eq!(sch.visits.len(), 8);
        assert_eq!(sch.shortfalls.len(), 4);
        for f in &sch.shortfalls {
            assert_eq!(
                (f.rule, f.visits_short, f.free_days, f.days_needed),
                (ShortfallRule::NotEnoughDays, 1, 2, 3)
            );
            assert!(f.to_string().contains("not_enough_days"), "{f}");
        }
    }

    #[test]
    fn direct_enterprises_share_day_trips() {
        let (s, _, sch) = nanping_fixture();
        let shared = sch
            .visits
            .iter()
            .filter(|v| matches!(v.target, Target::Enterprise(_)) && v.stops.len() > 1)
            .count();
        assert!(shared > 0);
        // Rows of one direct trip always list the stops in route order from the court.
        for v in sch
            .visits
            .iter()
            .filter(|v| matches!(v.target, Target::Enterprise(_)))
        {
            let court = Place::Court(s.officer(v.officer).court);
            let (_, best) = route::best_order(s, court, &v.stops);
            assert_eq!(v.travel_minutes, best, "{v:?}");
        }
    }

    #[test]
    fn a_pairs_visits_are_spread_one_per_third_of_the_quarter() {
        let (_, _, sch) = nanping_fixture();
        let mut thirds: BTreeMap<(OfficerIdx, Target, Period), Vec<i64>> = BTreeMap::new();
        for v in &sch.visits {
            let len = (v.period.end() - v.period.start()).num_days() + 1;
            let third = (v.date - v.period.start()).num_days() * 3 / len;
            thirds
                .entry((v.officer, v.target, v.period))
                .or_default()
                .push(third);
        }
        let spread = thirds
            .values()
            .filter(|t| t.as_slice() == [0, 1, 2])
            .count();
        assert!(
            spread * 10 >= thirds.len() * 9,
            "{spread} of {} pair-quarters have one visit per third",
            thirds.len()
        );
    }

    #[test]
    fn shortfall_rules_have_names_and_explanations() {
        for r in ShortfallRule::ALL {
            assert!(!r.as_str().is_empty());
            assert!(r.to_string().starts_with(r.as_str()));
            assert!(r.to_string().len() > r.as_str().len() + 10);
        }
    }

    /// Timing on Nanping 2024 and the province preset (generate it with
    /// `tepai generate --preset province --seed 1 --out /tmp/prov`). Run with
    /// `cargo test --release -p tepai-solver schedule_timing -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing; needs the province preset in /tmp/prov"]
    fn schedule_timing() {
        for (dir, mip) in [
            (
                concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/nanping-2024"),
                false,
            ),
            (
                concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/nanping-2024"),
                true,
            ),
            ("/tmp/prov", false),
        ] {
            let s = crate::testdata::load_dir(Path::new(dir));
            let a = if mip {
                assign(&s, &AssignOptions::from_scenario(&s)).assignment
            } else {
                heuristic(&s)
            };
            let t = std::time::Instant::now();
            let sch = schedule(&s, &a, s.seed);
            let took = t.elapsed();
            let short: u32 = sch.shortfalls.iter().map(|f| f.visits_short).sum();
            println!(
                "{}: {} pairs, {} rows, {} visits short, saved {} min, {:.3} s",
                s.name,
                a.pairs.len(),
                sch.visits.len(),
                short,
                sch.travel_saved_minutes,
                took.as_secs_f64()
            );
            let bad = violations(&s, &a, &sch);
            println!("  {} violations {:?}", bad.len(), &bad[..bad.len().min(5)]);
        }
    }
}
