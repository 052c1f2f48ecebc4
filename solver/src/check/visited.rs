//! Reached versus visited, re-derived: the most distinct enterprises an assignment's visits
//! can reach ([`visitable`]), an enterprise closed before the plan's year ([`gone`]), and the
//! enterprises the target counts ([`counted`]): reached, or with `enterprises_count =
//! "visited"` the distinct enterprises of `schedule.csv` (without a schedule, the most the
//! visits can reach).
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use tepai_model::{EnterpriseIdx, EnterprisesCount, Period, PeriodKind, Scenario, Target, UnitIdx};

use crate::assignment::Assignment;

fn count_u64(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Whether enterprise `e` closes on or before the last day of the plan's first period (31
/// March, or 31 January with monthly periods): no visit is ever due to it, so it is neither
/// reached nor visited.
pub(crate) fn gone(s: &Scenario, e: EnterpriseIdx) -> bool {
    let last_month = match s.rules.period {
        PeriodKind::Quarter => 3,
        PeriodKind::Month => 1,
    };
    let last_day = NaiveDate::from_ymd_opt(s.year, last_month + 1, 1).and_then(|d| d.pred_opt());
    match (
        s.enterprises.get(e.index()).and_then(|x| x.closed_on),
        last_day,
    ) {
        (Some(c), Some(last_day)) => c <= last_day,
        _ => false,
    }
}

/// Whether enterprise `e` is open on `date` for the plan: not [`gone`] and not closed on or
/// before `date`.
pub(crate) fn open_on(s: &Scenario, e: EnterpriseIdx, date: NaiveDate) -> bool {
    !gone(s, e)
        && s.enterprises
            .get(e.index())
            .and_then(|x| x.closed_on)
            .map_or(true, |c| c > date)
}

/// Whether a visit to enterprise `e` is due in period `p`: it is open through the period's
/// last day (closes after it, or never). In the period it closes in a visit before the closing
/// day is allowed, but none is due.
pub(crate) fn due_in(s: &Scenario, e: EnterpriseIdx, p: Period) -> bool {
    s.enterprises
        .get(e.index())
        .and_then(|x| x.closed_on)
        .map_or(true, |c| c > p.end())
}

/// The enterprises the target counts: `reached` in the reached mode; in the visited mode the
/// enterprises `schedule.csv` visits (`visited_in_schedule`, when the plan has a schedule),
/// else the most the visits can reach.
pub(crate) fn counted(
    s: &Scenario,
    a: &Assignment,
    reached: u32,
    visited_in_schedule: Option<u64>,
) -> u32 {
    match s.targets.enterprises_count {
        EnterprisesCount::Reached => reached,
        EnterprisesCount::Visited => {
            u32::try_from(visited_in_schedule.unwrap_or_else(|| visitable(s, a)))
                .unwrap_or(u32::MAX)
        }
    }
}

/// The most distinct enterprises the visits of `a` can reach in the year: the directly served
/// ones, plus the largest set of other members of served units in which no unit has more
/// than its member stops of the year (`unit_visits_per_period × periods ×
/// min(enterprises_per_unit_visit, open members)`); enterprises closed on or before 1 January
/// of the plan's year count nowhere. Found by augmenting paths searched depth
/// first (each enterprise tries a unit with room, or displaces a member that can move on).
pub(crate) fn visitable(s: &Scenario, a: &Assignment) -> u64 {
    let r = &s.rules;
    let mut direct: BTreeSet<EnterpriseIdx> = BTreeSet::new();
    let mut served: BTreeSet<UnitIdx> = BTreeSet::new();
    for &(_, t) in &a.pairs {
        match t {
            Target::Enterprise(e) if e.index() < s.enterprises.len() => {
                direct.insert(e);
            }
            Target::Unit(u) if u.index() < s.units.len() => {
                served.insert(u);
            }
            _ => {}
        }
    }
    direct.retain(|&e| !gone(s, e));
    let served: Vec<UnitIdx> = served.into_iter().collect();
    let periods = Period::all(s.year, r.period).len();
    let capacity: Vec<usize> = served
        .iter()
        .map(|&u| {
            let members = s.unit(u).members.iter().filter(|&&e| !gone(s, e)).count();
            r.unit_visits_per_period as usize
                * periods
                * members.min(r.enterprises_per_unit_visit as usize)
        })
        .collect();
    let mut units_of: BTreeMap<EnterpriseIdx, BTreeSet<usize>> = BTreeMap::new();
    for (i, &u) in served.iter().enumerate() {
        for &e in &s.unit(u).members {
            if !direct.contains(&e) && !gone(s, e) {
                units_of.entry(e).or_default().insert(i);
            }
        }
    }
    let mut members: Vec<Vec<EnterpriseIdx>> = vec![Vec::new(); served.len()];
    let mut placed = 0u64;
    for &e in units_of.keys() {
        // Depth-first search from `e`; the stack holds (enterprise, unit it leaves) steps.
        let mut seen = vec![false; served.len()];
        let mut path: Vec<(EnterpriseIdx, Option<usize>, usize)> = Vec::new();
        let mut stack: Vec<(EnterpriseIdx, Option<usize>, usize, usize)> =
            units_of[&e].iter().map(|&u| (e, None, u, 0)).collect();
        let mut found = false;
        while let Some((x, leaves, u, depth)) = stack.pop() {
            if seen[u] {
                continue;
            }
            seen[u] = true;
            path.truncate(depth);
            path.push((x, leaves, u));
            if members[u].len() < capacity[u] {
                found = true;
                break;
            }
            for &y in &members[u] {
                for &v in &units_of[&y] {
                    if !seen[v] {
                        stack.push((y, Some(u), v, depth + 1));
                    }
                }
            }
        }
        if found {
            for &(x, leaves, u) in &path {
                if let Some(from) = leaves {
                    members[from].retain(|&m| m != x);
                }
                members[u].push(x);
            }
            placed += 1;
        }
    }
    count_u64(direct.len()) + placed
}
