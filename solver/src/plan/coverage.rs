//! Who is reached, how and by whom: the content of `coverage.csv`.
use std::collections::{HashMap, HashSet};

use tepai_model::{EnterpriseIdx, OfficerIdx, Scenario, Target, UnitIdx};

use crate::assignment::Assignment;
use crate::schedule::Schedule;

/// How an enterprise is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Served directly by its officers.
    Direct,
    /// As a member of a served unit (the first served unit it belongs to).
    Unit(UnitIdx),
    /// Not reached.
    None,
}

/// One enterprise's reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// How.
    pub via: Via,
    /// By whom: its direct officers, or the unit's officers (in assignment order).
    pub officers: Vec<OfficerIdx>,
    /// Trips that visit it in the year, when the plan has a schedule (a team's joint trip
    /// counts once).
    pub visits_in_year: Option<u32>,
}

/// Every enterprise's reach, in the scenario's order. A unit counts as served when its whole
/// team is assigned; an enterprise closed on or before the plan's first day is not reached.
pub fn reached(s: &Scenario, assignment: &Assignment, visits: Option<&[u32]>) -> Vec<Reached> {
    let mut officers_of: HashMap<Target, Vec<OfficerIdx>> = HashMap::new();
    for &(o, t) in &assignment.pairs {
        officers_of.entry(t).or_default().push(o);
    }
    let served = |u: UnitIdx| {
        officers_of
            .get(&Target::Unit(u))
            .is_some_and(|v| v.len() == s.unit(u).team_size as usize)
    };
    s.enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let idx = EnterpriseIdx::from(i);
            let (via, officers) = if s.closed_for_plan(idx) {
                (Via::None, Vec::new())
            } else if let Some(v) = officers_of.get(&Target::Enterprise(idx)) {
                (Via::Direct, v.clone())
            } else if let Some(&u) = e.units.iter().find(|&&u| served(u)) {
                (Via::Unit(u), officers_of[&Target::Unit(u)].clone())
            } else {
                (Via::None, Vec::new())
            };
            Reached {
                via,
                officers,
                visits_in_year: visits.map(|v| v[i]),
            }
        })
        .collect()
}

/// Trips per enterprise in the year (a team's joint trip counts once).
pub fn visits_in_year(s: &Scenario, schedule: &Schedule) -> Vec<u32> {
    let mut seen = HashSet::new();
    let mut count = vec![0u32; s.enterprises.len()];
    for v in &schedule.visits {
        if seen.insert((v.date, v.target, v.stops.clone())) {
            for &e in &v.stops {
                count[e.index()] += 1;
            }
        }
    }
    count
}
