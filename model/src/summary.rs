//! Counts of a scenario by kind and category, and a rough capacity-vs-demand check.
//!
//! The check is a quick necessary condition, not a plan: it asks whether the officers who
//! can take a duty at all (whose days per period hold one duty's visits; the others can
//! serve nothing) could cover the required units, and whether the units' members plus the most enterprises
//! the remaining officers could serve directly reach the enterprise target. Passing it does
//! not prove the targets reachable; failing it proves them unreachable.
use std::collections::BTreeMap;

use crate::ids::OfficerIdx;
use crate::scenario::{Category, OfficerMode, Scenario, UnitKind};
use crate::validate::can_take_a_duty;

/// What `tepai validate` reports about a loaded scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Courts by level name.
    pub courts_by_level: BTreeMap<&'static str, usize>,
    /// Officers by rank name.
    pub officers_by_rank: BTreeMap<&'static str, usize>,
    /// Platforms in the region.
    pub platforms: u32,
    /// Chambers in the region.
    pub chambers: u32,
    /// Enterprises in the region.
    pub enterprises: usize,
    /// Enterprises in no unit.
    pub enterprises_without_unit: usize,
    /// Enterprises per category.
    pub enterprises_by_category: BTreeMap<&'static str, usize>,
    /// Conflict rows.
    pub conflicts: usize,
    /// Unavailability rows.
    pub unavailable: usize,
    /// Officer days per quarter, summed.
    pub officer_days_per_quarter: u64,
    /// The rough check.
    pub capacity: CapacityCheck,
}

/// A necessary condition for the targets.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityCheck {
    /// Officers the required units take at least: in the exclusive mode the team sizes of
    /// the required platforms and of the required number of chambers with the smallest
    /// teams; in the shared mode (an officer may take several units) the largest team.
    pub officers_for_units: u64,
    /// Officers who can take at least one duty: whose days per period hold one duty's
    /// visits (see [`crate::validate::can_take_a_duty`]; the others, warned about with
    /// W412, can serve nothing).
    pub officers: u64,
    /// Upper bound on enterprises reachable: distinct unit members plus what the officers
    /// left after the units could serve directly.
    pub enterprises_reachable_bound: u64,
    /// The enterprise target.
    pub enterprises_required: u64,
}

impl CapacityCheck {
    /// Whether the necessary condition holds.
    pub fn passes(&self) -> bool {
        self.officers_for_units <= self.officers
            && self.enterprises_reachable_bound >= self.enterprises_required
    }
}

impl Summary {
    /// Summarises a scenario.
    pub fn of(s: &Scenario) -> Summary {
        let mut courts_by_level = BTreeMap::new();
        for c in &s.courts {
            *courts_by_level.entry(c.level.as_str()).or_insert(0) += 1;
        }
        let mut officers_by_rank = BTreeMap::new();
        for o in &s.officers {
            *officers_by_rank.entry(o.rank.as_str()).or_insert(0) += 1;
        }
        let mut enterprises_by_category: BTreeMap<&'static str, usize> =
            Category::ALL.iter().map(|c| (c.as_str(), 0)).collect();
        for e in &s.enterprises {
            for c in e.categories.iter() {
                *enterprises_by_category.entry(c.as_str()).or_insert(0) += 1;
            }
        }
        let (platforms, chambers) = s.unit_counts();
        Summary {
            courts_by_level,
            officers_by_rank,
            platforms,
            chambers,
            enterprises: s.enterprises.len(),
            enterprises_without_unit: s.enterprises.iter().filter(|e| e.units.is_empty()).count(),
            enterprises_by_category,
            conflicts: s.conflicts.len(),
            unavailable: s.unavailable.len(),
            officer_days_per_quarter: s
                .officers
                .iter()
                .map(|o| u64::from(o.days_per_quarter))
                .sum(),
            capacity: capacity(s),
        }
    }
}

fn capacity(s: &Scenario) -> CapacityCheck {
    let mut platform_teams: Vec<u64> = Vec::new();
    let mut chamber_teams: Vec<u64> = Vec::new();
    for u in &s.units {
        match u.kind {
            UnitKind::Platform => platform_teams.push(u64::from(u.team_size)),
            UnitKind::Chamber => chamber_teams.push(u64::from(u.team_size)),
        }
    }
    platform_teams.sort_unstable();
    chamber_teams.sort_unstable();
    let officers_for_units: u64 = platform_teams
        .iter()
        .take(s.required_platforms() as usize)
        .sum::<u64>()
        + chamber_teams
            .iter()
            .take(s.required_chambers() as usize)
            .sum::<u64>();
    let officers = (0..s.officers.len())
        .filter(|&o| can_take_a_duty(s, OfficerIdx::from(o)))
        .count() as u64;
    let members = s.enterprises.iter().filter(|e| !e.units.is_empty()).count() as u64;
    // In the exclusive mode an officer with a unit serves nothing else; in the shared mode
    // every officer may also serve enterprises directly, and take several units.
    let (officers_for_units, spare) = match s.rules.officer_mode {
        OfficerMode::Exclusive => (
            officers_for_units,
            officers.saturating_sub(officers_for_units),
        ),
        OfficerMode::Shared => (
            platform_teams
                .iter()
                .chain(&chamber_teams)
                .copied()
                .max()
                .unwrap_or(0)
                .min(officers_for_units),
            officers,
        ),
    };
    let direct = spare * u64::from(s.rules.max_enterprises_per_officer);
    let bound = (members + direct).min(s.enterprises.len() as u64);
    CapacityCheck {
        officers_for_units,
        officers,
        enterprises_reachable_bound: bound,
        enterprises_required: u64::from(s.targets.enterprises_min),
    }
}
