//! The most enterprises an assignment's visits can reach in the year: every directly served
//! enterprise, and per served unit at most its member stops of the year — `unit_visits_per_period
//! × periods × min(enterprises_per_unit_visit, members)` — each enterprise counted once. With
//! enterprises in several units that is a bipartite b-matching (units with their stops as
//! capacity, members not served directly), solved here by augmenting paths. It is an upper
//! bound of the distinct enterprises the schedule visits (it ignores calendars, travel and
//! conflicts), reported beside them in `summary.json` (`enterprises_visited_max`). Only
//! served units (their whole team assigned) make stops, and enterprises closed on or before
//! the plan's first day count nowhere. The same stops per unit bound the assignment model's
//! visited count (`enterprises_count = "visited"`), and the schedule's rotation visits first
//! the members this choice gives each unit.
use std::collections::{BTreeSet, VecDeque};

use tepai_model::{EnterpriseIdx, Scenario, Target, UnitIdx};

use crate::assignment::Assignment;

/// Member stops a served unit makes in the year: `unit_visits_per_period × periods ×
/// min(enterprises_per_unit_visit, open members)` (members closed on or before the plan's
/// first day cannot be visited).
pub(crate) fn stops_in_year(s: &Scenario, u: UnitIdx) -> usize {
    let r = &s.rules;
    let open = s
        .unit(u)
        .members
        .iter()
        .filter(|&&e| !s.closed_for_plan(e))
        .count();
    let k = (r.enterprises_per_unit_visit as usize).min(open);
    r.unit_visits_per_period as usize * r.period.periods_per_year() as usize * k
}

/// Which enterprises the visits of an assignment can reach at most: the directly served
/// ones, and per served unit the members its stops take in one largest choice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Visitable {
    /// Directly served enterprises (open on the plan's first day).
    pub direct: Vec<EnterpriseIdx>,
    /// Per served unit (ascending), the members its stops are for.
    pub held: Vec<(UnitIdx, Vec<EnterpriseIdx>)>,
}

impl Visitable {
    /// How many enterprises, each once.
    pub fn count(&self) -> u64 {
        (self.direct.len() + self.held.iter().map(|(_, m)| m.len()).sum::<usize>()) as u64
    }
}

/// The most distinct enterprises the visits of `a` can reach in the year (module docs).
pub fn most_visitable(s: &Scenario, a: &Assignment) -> u64 {
    visitable(s, a).count()
}

/// One largest set of enterprises the visits of `a` can reach, with the unit each member's
/// stops come from (module docs).
pub(crate) fn visitable(s: &Scenario, a: &Assignment) -> Visitable {
    let mut direct = vec![false; s.enterprises.len()];
    let mut units = BTreeSet::new();
    for &(_, t) in &a.pairs {
        match t {
            Target::Enterprise(e) => direct[e.index()] = !s.closed_for_plan(e),
            Target::Unit(u) => {
                units.insert(u);
            }
        }
    }
    let units: Vec<UnitIdx> = units
        .into_iter()
        .filter(|&u| {
            a.pairs.iter().filter(|p| p.1 == Target::Unit(u)).count()
                == s.unit(u).team_size as usize
        })
        .collect();
    let room: Vec<usize> = units.iter().map(|&u| stops_in_year(s, u)).collect();
    // Per open enterprise not served directly: the served units (positions) it is a member of.
    let mut of: Vec<Vec<usize>> = vec![Vec::new(); s.enterprises.len()];
    for (ui, &u) in units.iter().enumerate() {
        for &e in &s.unit(u).members {
            if !direct[e.index()] && !s.closed_for_plan(e) && !of[e.index()].contains(&ui) {
                of[e.index()].push(ui);
            }
        }
    }
    let mut held: Vec<Vec<EnterpriseIdx>> = vec![Vec::new(); units.len()];
    for e in 0..s.enterprises.len() {
        if !of[e].is_empty() {
            augment(EnterpriseIdx::from(e), &of, &room, &mut held);
        }
    }
    Visitable {
        direct: (0..s.enterprises.len())
            .filter(|&e| direct[e])
            .map(EnterpriseIdx::from)
            .collect(),
        held: units.into_iter().zip(held).collect(),
    }
}

/// One augmenting path from `start` (breadth first over units): a unit with room takes the
/// last enterprise of the path, each earlier unit trades the enterprise it held for the next.
fn augment(
    start: EnterpriseIdx,
    of: &[Vec<usize>],
    room: &[usize],
    held: &mut [Vec<EnterpriseIdx>],
) -> bool {
    // Per unit reached: (enterprise that enters it, unit that enterprise leaves).
    let mut came: Vec<Option<(EnterpriseIdx, Option<usize>)>> = vec![None; room.len()];
    let mut queue = VecDeque::new();
    for &u in &of[start.index()] {
        if came[u].is_none() {
            came[u] = Some((start, None));
            queue.push_back(u);
        }
    }
    while let Some(u) = queue.pop_front() {
        if held[u].len() < room[u] {
            // Walk back: each enterprise moves into the unit it came to.
            let mut at = u;
            loop {
                let Some((e, from)) = came[at] else {
                    return false;
                };
                held[at].push(e);
                match from {
                    None => return true,
                    Some(f) => {
                        held[f].retain(|&x| x != e);
                        at = f;
                    }
                }
            }
        }
        for &e in &held[u] {
            for &v in &of[e.index()] {
                if came[v].is_none() {
                    came[v] = Some((e, Some(u)));
                    queue.push_back(v);
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::base;

    #[test]
    fn each_enterprise_counts_once_up_to_each_units_stops() {
        let mut s = base();
        // One visit of one member per quarter: 4 member stops a year per unit.
        s.rules.period = tepai_model::PeriodKind::Quarter;
        s.rules.unit_visits_per_period = 1;
        s.rules.enterprises_per_unit_visit = 1;
        let id = |x: &str| s.enterprise_by_id(x).expect("enterprise");
        let (e1, e4, e5, e6) = (id("e-1"), id("e-4"), id("e-5"), id("e-6"));
        let (plat, tea) = (
            s.unit_by_id("u-plat").expect("u-plat"),
            s.unit_by_id("u-tea").expect("u-tea"),
        );
        let (o1, o3) = (
            s.officer_by_id("o-1").expect("o-1"),
            s.officer_by_id("o-3").expect("o-3"),
        );
        let both = Assignment {
            pairs: vec![(o1, Target::Unit(plat)), (o3, Target::Unit(tea))],
        };
        // 3 members each, all within their 4 stops.
        assert_eq!(most_visitable(&s, &both), 6);
        // e-4 in both units: counted once (the sum of min(members, stops) would say 7).
        s.units[plat.index()].members.push(e4);
        assert_eq!(most_visitable(&s, &both), 6);
        // u-plat has e-1..e-5 and room for 4; e-1 is also u-tea's, which visits it so that
        // u-plat's stops go to the other four (an augmenting path): all 6.
        s.units[plat.index()].members.push(e5);
        s.units[tea.index()].members = vec![e1, e6];
        assert_eq!(most_visitable(&s, &both), 6);
        // u-plat alone: 4 of its 5 members.
        let plat_only = Assignment {
            pairs: vec![(o1, Target::Unit(plat))],
        };
        assert_eq!(most_visitable(&s, &plat_only), 4);
        // e-5 served directly: visited anyway, and u-plat's 4 stops reach the other 4.
        let direct = Assignment {
            pairs: vec![(o1, Target::Unit(plat)), (o3, Target::Enterprise(e5))],
        };
        assert_eq!(most_visitable(&s, &direct), 5);
    }
}
