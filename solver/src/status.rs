//! Where the year stands: the plan's duties against the visit ledger, as of a date.
//!
//! For every officer–target pair of the assignment and every period of the year that has
//! begun by the as-of date, [`status`] counts the visits due (`unit_visits_per_period` or
//! `enterprise_visits_per_period`, the duties of `docs/schedule-model.md`), the visits made
//! that count toward the duty, and those missed or still to come. A ledger row counts toward
//! the duty of officer *o* to target *t* when (see [`LedgerEntry::visits`]):
//! - it is an on-site visit (`kind` visit; phone, online and meetings are recorded and
//!   reported, but the duties are visits);
//! - *o* is among its officers, and its target is the unit *t* — or, for an enterprise *t*
//!   served directly, its target or one of its enterprises is *t*;
//! - a unit visit covers `min(enterprises_per_unit_visit, eligible members)` distinct
//!   members of the unit (rule 2; eligible: conflicted with no officer the plan gives the
//!   unit); a visit covering fewer is a *short visit*;
//! - it comes `min_days_between_visits` days or more after the pair's previous counted
//!   visit, across periods too (rule 4); a visit sooner is *too close*.
//!
//! The ledger is taken as complete through the as-of date: rows dated later are not read,
//! and a period whose last day is on or before the as-of date is closed. Each pair and
//! period is then:
//! - **met**: as many counted visits as due;
//! - **missed**: a closed period short of visits, or an open one where the visits still
//!   to make no longer fit — fewer spaced working days remain (the officer's
//!   unavailability left out) than visits to make;
//! - **behind**: open, still possible, but fewer counted visits than the share of the
//!   period gone by asks for (`due × days elapsed ÷ days in the period`, rounded down);
//! - **on track**: open and not behind.
//!
//! Beside the duties: the distinct enterprises visited on site (any visit, planned or not),
//! the visits to targets outside the plan (*unplanned*, counted but owed to no duty), and
//! the follow-ups whose due date has passed without a reply date (*overdue*).
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use tepai_model::ledger::{Ledger, LedgerEntry};
use tepai_model::{CourtIdx, EnterpriseIdx, OfficerIdx, Period, Scenario, Target};

use crate::assignment::Assignment;

/// How one duty stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Every visit due was made.
    Met,
    /// Open, and on pace.
    OnTrack,
    /// Open, possible, but behind the period's pace.
    Behind,
    /// Can no longer be met.
    Missed,
}

impl State {
    /// Every state, in order.
    pub const ALL: &'static [State] = &[State::Met, State::OnTrack, State::Behind, State::Missed];

    /// The English word, as written in `status.csv` (`--lang en`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Met => "met",
            State::OnTrack => "on_track",
            State::Behind => "behind",
            State::Missed => "missed",
        }
    }

    /// The Chinese word.
    pub fn zh(self) -> &'static str {
        match self {
            State::Met => "已完成",
            State::OnTrack => "进行中",
            State::Behind => "落后",
            State::Missed => "未完成",
        }
    }
}

/// One officer–target duty in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutyStatus {
    /// The officer.
    pub officer: OfficerIdx,
    /// The unit or enterprise served.
    pub target: Target,
    /// The period.
    pub period: Period,
    /// Visits the rules ask for in the period.
    pub due: u32,
    /// On-site visits of the pair in the period, up to the as-of date.
    pub visits: u32,
    /// Of those, the visits that count toward the duty.
    pub made: u32,
    /// Unit visits covering too few members.
    pub short_visits: u32,
    /// Visits too soon after the previous counted one.
    pub too_close: u32,
    /// Visits due that were not made and no longer can be.
    pub missed: u32,
    /// Visits still to make in an open period (that can still be made).
    pub to_come: u32,
    /// Whether the period is over (its last day on or before the as-of date).
    pub closed: bool,
    /// The distinct enterprises the pair's on-site visits reached in the period.
    pub enterprises_visited: u32,
    /// How the duty stands.
    pub state: State,
}

/// Totals over a set of duties (one court's, or all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Duty rows (officer–target–period).
    pub duties: u32,
    /// Visits due.
    pub due: u32,
    /// Visits counted toward the duties.
    pub made: u32,
    /// Visits missed.
    pub missed: u32,
    /// Visits still to come.
    pub to_come: u32,
    /// Duty rows in each state, in the order of [`State::ALL`].
    pub states: [u32; 4],
    /// On-site visits (ledger rows of kind visit) by the officers, planned or not.
    pub onsite_rows: u32,
    /// Of those, visits to a target none of their officers is assigned.
    pub unplanned: u32,
    /// Ledger rows of other kinds (phone, online, meeting).
    pub other_rows: u32,
    /// Distinct enterprises visited on site (the target, when an enterprise, and every
    /// enterprise of the row).
    pub enterprises_visited: u32,
    /// Follow-ups overdue.
    pub overdue: u32,
}

impl Totals {
    /// The duty rows in `state`.
    pub fn count(&self, state: State) -> u32 {
        self.states[state as usize]
    }

    /// The figures as the status tables write them, in their column order: duties, due,
    /// made, missed, to come, duties met, on track, behind and missed, on-site visits,
    /// unplanned visits, other contacts, enterprises visited, follow-ups overdue.
    pub fn figures(&self) -> [u32; 14] {
        [
            self.duties,
            self.due,
            self.made,
            self.missed,
            self.to_come,
            self.count(State::Met),
            self.count(State::OnTrack),
            self.count(State::Behind),
            self.count(State::Missed),
            self.onsite_rows,
            self.unplanned,
            self.other_rows,
            self.enterprises_visited,
            self.overdue,
        ]
    }
}

/// A follow-up whose due date passed without a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    /// The ledger row (its index in [`Ledger::entries`]).
    pub entry: usize,
    /// Days past its due date, at the as-of date.
    pub days: i64,
}

/// The status of a plan as of a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Every duty, by officer, target, then period.
    pub duties: Vec<DutyStatus>,
    /// Totals of each court's officers, by court index (courts without officers included).
    pub courts: Vec<Totals>,
    /// Totals of all.
    pub overall: Totals,
    /// Follow-ups overdue, in ledger order.
    pub overdue: Vec<Overdue>,
}

impl Status {
    /// Whether any duty is already missed.
    pub fn any_missed(&self) -> bool {
        self.overall.count(State::Missed) > 0
    }
}

/// Members a visit of `unit` on `date` must cover: `min(enterprises_per_unit_visit,
/// eligible)`, members conflicted with an officer the plan gives the unit (or its court), or
/// closed on `date` (or before the plan's first period ended), not eligible.
fn members_due(s: &Scenario, a: &Assignment, unit: tepai_model::UnitIdx, date: NaiveDate) -> u32 {
    let team: Vec<OfficerIdx> = a
        .pairs
        .iter()
        .filter(|(_, t)| *t == Target::Unit(unit))
        .map(|(o, _)| *o)
        .collect();
    let eligible = s
        .unit(unit)
        .members
        .iter()
        .filter(|&&e| {
            !team.iter().any(|&o| s.is_conflicted(o, e))
                && !s.closed_for_plan(e)
                && !s.enterprise(e).is_closed_on(date)
        })
        .count();
    s.rules
        .enterprises_per_unit_visit
        .min(u32::try_from(eligible).unwrap_or(u32::MAX))
}

/// Whether `officer` may visit on `date`: a working day outside the officer's unavailability.
fn free(s: &Scenario, officer: OfficerIdx, date: NaiveDate) -> bool {
    s.calendar.is_working_day(date) == Ok(true)
        && !s
            .unavailable
            .iter()
            .any(|u| u.officer == officer && u.from <= date && date <= u.to)
}

/// How many visits (up to `needed`) still fit in `(after, end]`: free days, each
/// `min_days` after the one before, the first `min_days` after `last` (the last counted
/// visit).
fn still_possible(
    s: &Scenario,
    officer: OfficerIdx,
    after: NaiveDate,
    end: NaiveDate,
    last: Option<NaiveDate>,
    needed: u32,
) -> u32 {
    let step = chrono::Days::new(u64::from(s.rules.min_days_between_visits.max(1)));
    let gap = chrono::Days::new(u64::from(s.rules.min_days_between_visits));
    let mut day = after.succ_opt().unwrap_or(after);
    if let Some(l) = last {
        day = day.max(l.checked_add_days(gap).unwrap_or(end));
    }
    let mut count = 0;
    while count < needed && day <= end {
        if free(s, officer, day) {
            count += 1;
            match day.checked_add_days(step) {
                Some(d) => day = d,
                None => break,
            }
        } else {
            match day.succ_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
    }
    count
}

/// The enterprises a ledger row visited: its target when an enterprise, then its enterprises.
fn enterprises_of(e: &LedgerEntry) -> impl Iterator<Item = EnterpriseIdx> + '_ {
    let first = match e.target {
        Target::Enterprise(t) => Some(t),
        Target::Unit(_) => None,
    };
    first.into_iter().chain(e.enterprises.iter().copied())
}

/// What a re-plan changed, for judging its folder: pairs that left at the re-plan's day were
/// held before it, pairs that joined are held from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Held {
    /// The re-plan's day.
    pub from: Option<NaiveDate>,
    /// Pairs of the baseline the re-plan removed: their duties are those of the periods that
    /// start before the day.
    pub left: Vec<(OfficerIdx, Target)>,
    /// Pairs the re-plan added: their duties are those of the periods that end on or after
    /// the day (the period holding the day owes its whole duty, as the re-plan plans it).
    pub joined: Vec<(OfficerIdx, Target)>,
}

impl Held {
    /// Whether the pair owes duties in period `p`.
    fn owes(&self, pair: (OfficerIdx, Target), p: Period) -> bool {
        match self.from {
            Some(from) if self.left.contains(&pair) => p.start() < from,
            Some(from) if self.joined.contains(&pair) => p.end() >= from,
            _ => true,
        }
    }
}

/// The status of plan `a` of scenario `s` from `ledger`, as of `as_of`; `held` says what a
/// re-plan changed when `a` is one (a whole-year plan: `Held::default()`).
pub fn status(
    s: &Scenario,
    a: &Assignment,
    held: &Held,
    ledger: &Ledger,
    as_of: NaiveDate,
) -> Status {
    let rules = &s.rules;
    let entries: Vec<&LedgerEntry> = ledger
        .entries
        .iter()
        .filter(|e| e.date <= as_of && e.date.year() == s.year)
        .collect();
    let periods: Vec<Period> = Period::all(s.year, rules.period)
        .into_iter()
        .filter(|p| p.start() <= as_of)
        .collect();
    let mut duties = Vec::new();
    let mut all_pairs: Vec<(OfficerIdx, Target)> = a.pairs.clone();
    all_pairs.extend(held.left.iter().filter(|p| !a.pairs.contains(p)));
    for &(officer, target) in &all_pairs {
        let due = match target {
            Target::Unit(_) => rules.unit_visits_per_period,
            Target::Enterprise(_) => rules.enterprise_visits_per_period,
        };
        let mut visits: Vec<&LedgerEntry> = entries
            .iter()
            .copied()
            .filter(|e| e.visits(officer, target))
            .collect();
        visits.sort_by_key(|e| (e.date, e.line));
        // Each visit: counted, short, or too close; in date order over the year.
        let mut last: Option<NaiveDate> = None;
        let mut judged: Vec<(NaiveDate, bool, bool)> = Vec::new();
        for v in &visits {
            let short = match target {
                Target::Unit(u) => {
                    let m = members_due(s, a, u, v.date);
                    let covered: BTreeSet<EnterpriseIdx> = v
                        .enterprises
                        .iter()
                        .copied()
                        .filter(|e| s.unit(u).members.contains(e))
                        .collect();
                    u32::try_from(covered.len()).unwrap_or(u32::MAX) < m
                }
                _ => false,
            };
            let close = !short
                && last.is_some_and(|l| {
                    (v.date - l).num_days() < i64::from(rules.min_days_between_visits)
                });
            if !short && !close {
                last = Some(v.date);
            }
            judged.push((v.date, short, close));
        }
        // No visit is due to an enterprise in the period it closes in, or later.
        let open_through = |p: Period| match target {
            Target::Enterprise(e) => s.enterprise(e).open_through(p.end()),
            Target::Unit(_) => true,
        };
        for &p in periods
            .iter()
            .filter(|&&p| held.owes((officer, target), p) && open_through(p))
        {
            let in_p: Vec<&(NaiveDate, bool, bool)> =
                judged.iter().filter(|(d, _, _)| p.contains(*d)).collect();
            let count = |f: &dyn Fn(&(NaiveDate, bool, bool)) -> bool| {
                u32::try_from(in_p.iter().filter(|j| f(j)).count()).unwrap_or(u32::MAX)
            };
            let made = count(&|j| !j.1 && !j.2);
            let short_visits = count(&|j| j.1);
            let too_close = count(&|j| j.2);
            let reached: BTreeSet<EnterpriseIdx> = visits
                .iter()
                .filter(|v| p.contains(v.date))
                .flat_map(|v| enterprises_of(v))
                .collect();
            let closed = p.end() <= as_of;
            let lacking = due.saturating_sub(made);
            let last_counted = judged
                .iter()
                .filter(|(d, sh, cl)| *d <= as_of && !sh && !cl)
                .map(|(d, _, _)| *d)
                .next_back();
            let (missed, to_come, state) = if lacking == 0 {
                (0, 0, State::Met)
            } else if closed {
                (lacking, 0, State::Missed)
            } else {
                let possible = still_possible(s, officer, as_of, p.end(), last_counted, lacking);
                let elapsed = (as_of - p.start()).num_days() + 1;
                let length = (p.end() - p.start()).num_days() + 1;
                let pace = u32::try_from(i64::from(due) * elapsed / length).unwrap_or(due);
                let state = if possible < lacking {
                    State::Missed
                } else if made < pace {
                    State::Behind
                } else {
                    State::OnTrack
                };
                (lacking - possible, possible, state)
            };
            duties.push(DutyStatus {
                officer,
                target,
                period: p,
                due,
                visits: u32::try_from(in_p.len()).unwrap_or(u32::MAX),
                made,
                short_visits,
                too_close,
                missed,
                to_come,
                closed,
                enterprises_visited: u32::try_from(reached.len()).unwrap_or(u32::MAX),
                state,
            });
        }
    }

    // Totals per court and overall.
    let court_of = |o: OfficerIdx| s.officer(o).court;
    let mut courts = vec![Totals::default(); s.courts.len()];
    let mut overall = Totals::default();
    for d in &duties {
        for t in [&mut courts[court_of(d.officer).index()], &mut overall] {
            t.duties += 1;
            t.due += d.due;
            t.made += d.made;
            t.missed += d.missed;
            t.to_come += d.to_come;
            t.states[d.state as usize] += 1;
        }
    }
    let pairs: BTreeSet<(OfficerIdx, Target)> = all_pairs.iter().copied().collect();
    let mut visited: BTreeMap<Option<CourtIdx>, BTreeSet<EnterpriseIdx>> = BTreeMap::new();
    for e in &entries {
        let e_courts: BTreeSet<CourtIdx> = e.officers.iter().map(|&o| court_of(o)).collect();
        if !e.kind.counts_as_visit() {
            for &c in &e_courts {
                courts[c.index()].other_rows += 1;
            }
            overall.other_rows += 1;
            continue;
        }
        let planned = e.officers.iter().any(|&o| {
            pairs.contains(&(o, e.target))
                || e.enterprises
                    .iter()
                    .any(|&x| pairs.contains(&(o, Target::Enterprise(x))))
        });
        for &c in &e_courts {
            courts[c.index()].onsite_rows += 1;
            courts[c.index()].unplanned += u32::from(!planned);
            visited
                .entry(Some(c))
                .or_default()
                .extend(enterprises_of(e));
        }
        overall.onsite_rows += 1;
        overall.unplanned += u32::from(!planned);
        visited.entry(None).or_default().extend(enterprises_of(e));
    }
    for (c, set) in &visited {
        let n = u32::try_from(set.len()).unwrap_or(u32::MAX);
        match c {
            Some(c) => courts[c.index()].enterprises_visited = n,
            None => overall.enterprises_visited = n,
        }
    }
    let mut overdue = Vec::new();
    for (i, e) in ledger.entries.iter().enumerate() {
        if e.date > as_of {
            continue;
        }
        let Some(due) = e.follow_up_due else { continue };
        let replied = e.follow_up_done.is_some_and(|d| d <= as_of);
        if due < as_of && !replied {
            overdue.push(Overdue {
                entry: i,
                days: (as_of - due).num_days(),
            });
            let e_courts: BTreeSet<CourtIdx> = e.officers.iter().map(|&o| court_of(o)).collect();
            for c in e_courts {
                courts[c.index()].overdue += 1;
            }
            overall.overdue += 1;
        }
    }
    Status {
        as_of,
        duties,
        courts,
        overall,
        overdue,
    }
}
