//! The year's jobs, built once from the assignment: each unit with its officer or team and
//! its eligible members, and each officer's directly served enterprises grouped into day
//! trips ([`cluster`](super::cluster)).
use chrono::Datelike;
use tepai_model::EnterprisesCount;

use super::*;

/// A unit served by one officer or a team.
pub(super) struct UnitJob {
    pub(super) unit: UnitIdx,
    /// Ascending; the first one's court is the routing origin.
    pub(super) officers: Vec<OfficerIdx>,
    pub(super) courts: Vec<CourtIdx>,
    /// Members eligible for every officer (and open through the plan's first period), in
    /// static rank order.
    pub(super) members: Vec<EnterpriseIdx>,
    /// Visits so far this year, per member (same positions).
    pub(super) seen: Vec<u32>,
    /// Per member (same positions): one of the members the assignment counts as visited by
    /// this unit's stops (`enterprises_count = "visited"`, `plan/visitable.rs`); all false
    /// when the target counts reached enterprises.
    pub(super) held: Vec<bool>,
    /// Stops per trip: `min(enterprises_per_unit_visit, members)`.
    pub(super) k: usize,
    /// Dates of its trips so far.
    pub(super) dates: Vec<NaiveDate>,
    /// Why it cannot be visited at all, if so.
    pub(super) blocked: Option<ShortfallRule>,
}

/// A group of directly served enterprises visited together (all closing on the same day, or
/// none closing).
pub(super) struct DirectJob {
    pub(super) officer: OfficerIdx,
    pub(super) stops: Vec<EnterpriseIdx>,
    pub(super) travel: u32,
    pub(super) dates: Vec<NaiveDate>,
}

/// `ents` split by the day each closes within the plan's year (those not closing first, in
/// their order): enterprises closing on different days never share a direct trip, so a trip's
/// visits stop when its enterprises close and the others' go on.
pub(super) fn apart_by_closing(s: &Scenario, ents: &[EnterpriseIdx]) -> Vec<Vec<EnterpriseIdx>> {
    let mut groups: BTreeMap<Option<NaiveDate>, Vec<EnterpriseIdx>> = BTreeMap::new();
    for &e in ents {
        let closing = s.enterprise(e).closed_on.filter(|c| c.year() <= s.year);
        groups.entry(closing).or_default().push(e);
    }
    groups.into_values().collect()
}

impl UnitJob {
    /// Stops a trip on `d` makes: `k`, or fewer when fewer members are still open that day
    /// (a member closes mid-year).
    pub(super) fn k_on(&self, s: &Scenario, d: NaiveDate) -> usize {
        let open = self
            .members
            .iter()
            .filter(|&&e| !s.enterprise(e).is_closed_on(d))
            .count();
        self.k.min(open)
    }
}

impl DirectJob {
    /// Visits due in `p`: `enterprise_visits_per_period` while its enterprises are open
    /// through the period, none from the period they close in.
    pub(super) fn visits_due(&self, s: &Scenario, p: Period) -> usize {
        let open = self
            .stops
            .iter()
            .all(|&e| s.enterprise(e).open_through(p.end()));
        if open {
            s.rules.enterprise_visits_per_period as usize
        } else {
            0
        }
    }
}

/// A job of one officer in phase 2.
#[derive(Clone, Copy)]
pub(super) enum JobRef {
    Unit(usize),
    Direct(usize),
}

impl<'s> Planner<'s> {
    pub(super) fn new(s: &'s Scenario, a: &Assignment, seed: u64) -> Self {
        let r = &s.rules;
        let n_off = s.officers.len();
        let mut leave = vec![Vec::new(); n_off];
        for u in &s.unavailable {
            leave[u.officer.index()].push((u.from, u.to));
        }
        let mut by_unit: BTreeMap<UnitIdx, Vec<OfficerIdx>> = BTreeMap::new();
        let mut direct_of: Vec<Vec<EnterpriseIdx>> = vec![Vec::new(); n_off];
        for &(o, t) in &a.pairs {
            match t {
                Target::Unit(u) => by_unit.entry(u).or_default().push(o),
                Target::Enterprise(e) => direct_of[o.index()].push(e),
            }
        }

        let epuv = r.enterprises_per_unit_visit as usize;
        // The members each unit's stops are counted for, when the target counts visits.
        let mut held_by: BTreeMap<UnitIdx, HashSet<EnterpriseIdx>> = BTreeMap::new();
        if s.targets.enterprises_count == EnterprisesCount::Visited {
            for (u, members) in crate::plan::visitable::visitable(s, a).held {
                held_by.insert(u, members.into_iter().collect());
            }
        }
        let mut units = Vec::new();
        let mut solo_units = vec![Vec::new(); n_off];
        let mut need = vec![0usize; n_off];
        for (u, mut officers) in by_unit {
            officers.sort_unstable();
            officers.dedup();
            let courts: Vec<CourtIdx> = officers.iter().map(|&o| s.officer(o).court).collect();
            let origin = Place::Court(courts[0]);
            let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (u64::from(u.0) << 32 | 0x5eed));
            let mut ranked: Vec<(f64, u32, u64, EnterpriseIdx)> = s
                .unit(u)
                .members
                .iter()
                .filter(|&&e| {
                    officers.iter().all(|&o| !s.is_conflicted(o, e)) && !s.closed_for_plan(e)
                })
                .map(|&e| {
                    (
                        -candidates::value(s, e),
                        s.travel_minutes(origin, Place::Enterprise(e)),
                        rng.gen::<u64>(),
                        e,
                    )
                })
                .collect();
            ranked.sort_by(|a, b| {
                a.0.total_cmp(&b.0)
                    .then(a.1.cmp(&b.1))
                    .then(a.2.cmp(&b.2))
                    .then(a.3.cmp(&b.3))
            });
            ranked.dedup_by_key(|x| x.3);
            let members: Vec<EnterpriseIdx> = ranked.into_iter().map(|x| x.3).collect();
            let k = epuv.min(members.len());
            let held = members
                .iter()
                .map(|e| held_by.get(&u).is_some_and(|h| h.contains(e)))
                .collect();
            let mut job = UnitJob {
                unit: u,
                seen: vec![0; members.len()],
                held,
                members,
                k,
                dates: Vec::new(),
                blocked: None,
                officers,
                courts,
            };
            if job.k == 0 {
                job.blocked = Some(ShortfallRule::TooFewEligibleMembers);
            } else if select_members(s, &job, None, &HashSet::new(), &[]).is_none() {
                job.blocked = Some(ShortfallRule::DayTooShort);
            }
            let ji = units.len();
            if job.blocked.is_none() {
                for &o in &job.officers {
                    need[o.index()] += r.unit_visits_per_period as usize;
                }
            }
            if job.officers.len() == 1 {
                solo_units[job.officers[0].index()].push(ji);
            }
            units.push(job);
        }

        let mut direct = Vec::new();
        let mut direct_blocked = Vec::new();
        let mut officer_direct = vec![Vec::new(); n_off];
        for (oi, ents) in direct_of.iter_mut().enumerate() {
            ents.sort_unstable();
            ents.dedup();
            let o = OfficerIdx::from(oi);
            let court = Place::Court(s.officer(o).court);
            let mut ok = Vec::new();
            for &e in ents.iter() {
                if s.is_conflicted(o, e) {
                    direct_blocked.push((o, e, ShortfallRule::NoEligibleMembers));
                } else if !fits_day(
                    route::trip_minutes(s, court, &[e]),
                    1,
                    r.onsite_minutes,
                    r.day_minutes,
                ) {
                    direct_blocked.push((o, e, ShortfallRule::DayTooShort));
                } else {
                    ok.push(e);
                }
            }
            for group in apart_by_closing(s, &ok) {
                for trip in cluster::day_trips(s, court, &group, r.onsite_minutes, r.day_minutes) {
                    officer_direct[oi].push(direct.len());
                    need[oi] += r.enterprise_visits_per_period as usize;
                    direct.push(DirectJob {
                        officer: o,
                        stops: trip.stops,
                        travel: trip.travel,
                        dates: Vec::new(),
                    });
                }
            }
        }

        let mut pairs = a.pairs.clone();
        pairs.sort_unstable();
        pairs.dedup();
        // Directly served enterprises are visited by their own officer.
        let mut visited = vec![false; s.enterprises.len()];
        for job in &direct {
            for &e in &job.stops {
                visited[e.index()] = true;
            }
        }
        // A closed enterprise is visited no more: from its closing day it is taken.
        let mut occupied = HashSet::new();
        for (ei, e) in s.enterprises.iter().enumerate() {
            if let Some(mut d) = e.closed_on {
                while d.year() <= s.year {
                    occupied.insert((d, EnterpriseIdx::from(ei)));
                    let Some(next) = d.succ_opt() else { break };
                    d = next;
                }
            }
        }
        Planner {
            s,
            pairs,
            budgets: BTreeMap::new(),
            units,
            direct,
            direct_blocked,
            solo_units,
            officer_direct,
            need,
            leave,
            occupied,
            visited,
            visits: Vec::new(),
            from: None,
            reasons: Vec::new(),
        }
    }
}
