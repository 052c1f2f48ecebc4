//! Why targets fall short, computed from the model.
//!
//! For each target: required, achieved, short by. For each unit no officer can take: why
//! (no officer within the travel limit, every officer within reach conflicted, or the load
//! beyond every reachable officer's capacity). Per court: officers, how many are used. And
//! the fewest additional officers per court that would close every gap, the question
//! `tepai staff` answers ([`crate::staff::fewest_hires`]): the assignment solved again with
//! optional new officers at each court (each as [`tepai_model::staffing`] describes a new
//! officer), the fewest in total proven by the LP relaxation's or the search's bound rounded
//! up; among allocations with that total, work moves to new officers of courts listed first
//! in courts.csv where they can take it as it is.
use std::collections::BTreeMap;

use tepai_model::{ConflictScope, OfficerIdx, Place, Scenario, Target, UnitIdx};

use super::{Coverage, SolveError};
use crate::candidates::Instance;
use crate::deadline::Deadline;

/// One target's shortfall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// `platforms`, `chambers` or `enterprises`.
    pub target: &'static str,
    /// What the targets require.
    pub required: u32,
    /// What the plan achieves.
    pub achieved: u32,
}

/// Why a unit has no candidate officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// No officer's court lies within `max_one_way_minutes`.
    Travel,
    /// The unit has fewer members than one visit must cover (`enterprises_per_unit_visit`).
    TooFewMembers,
    /// Every officer within reach is barred by a conflict of interest.
    Conflict,
    /// For every officer within reach, fewer members than one visit must cover are free of
    /// conflicts with it (`conflict_scope = "enterprise"`).
    TooFewEligibleMembers,
    /// For every officer within reach, even the shortest visit (court → nearest eligible
    /// members → court, plus time on site) is longer than `day_minutes`.
    DayTrip,
    /// Every officer within reach lacks the capacity (or is unavailable a whole period).
    Capacity,
    /// Fewer candidate officers than the team size.
    TeamTooLarge,
}

impl Unreachable {
    /// As written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Unreachable::Travel => "travel",
            Unreachable::TooFewMembers => "too_few_members",
            Unreachable::Conflict => "conflict",
            Unreachable::TooFewEligibleMembers => "too_few_eligible_members",
            Unreachable::DayTrip => "day_trip",
            Unreachable::Capacity => "capacity",
            Unreachable::TeamTooLarge => "team_size",
        }
    }
}

/// A court's officers and their use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtLoad {
    /// Court id.
    pub court: String,
    /// Officers of the court.
    pub officers: u32,
    /// Of which serve something in the plan.
    pub used: u32,
    /// Units within reach of the court that are not served.
    pub unserved_units_nearby: u32,
}

/// The whole diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// Targets short.
    pub shortfalls: Vec<Shortfall>,
    /// Units no officer can take, with the reason (unit id).
    pub unreachable_units: Vec<(String, Unreachable)>,
    /// Enterprises beyond the travel limit of every officer, directly and through their units.
    pub unreachable_enterprises: u32,
    /// Per court.
    pub courts: Vec<CourtLoad>,
    /// Additional officers per court (court id → count) that close every gap, if the search
    /// found such a set within its limits: the fewest in total when proven; among equal
    /// totals, work moved to courts listed first in courts.csv where it fits as it is.
    pub additional_officers: Option<BTreeMap<String, u32>>,
    /// Whether the total is proven fewest: a bound (LP relaxation or search) rounded up
    /// equals it (otherwise the best found when the time limit ended the search). With no
    /// set of officers, whether the search proved none closes every gap.
    pub additional_proven: bool,
    /// Why HiGHS failed in the search for additional officers, when it did (then
    /// `additional_officers` is `None`).
    pub additional_error: Option<SolveError>,
}

/// Explains the shortfall of a plan.
pub fn diagnose(
    inst: &Instance<'_>,
    coverage: &Coverage,
    plan: &[usize],
    deadline: &Deadline,
) -> Diagnosis {
    let s = inst.s;
    let mut shortfalls = Vec::new();
    for (target, required, achieved) in [
        ("platforms", s.required_platforms(), coverage.platforms),
        ("chambers", s.required_chambers(), coverage.chambers),
        (
            "enterprises",
            s.targets.enterprises_min,
            coverage.enterprises,
        ),
    ] {
        if achieved < required {
            shortfalls.push(Shortfall {
                target,
                required,
                achieved,
            });
        }
    }
    let unreachable_units = (0..s.units.len())
        .map(UnitIdx::from)
        .filter_map(|u| unit_reason(inst, u).map(|r| (s.unit(u).id.to_string(), r)))
        .collect();
    // Out of reach by travel alone (computed from the scenario, not from the candidate
    // pairs, which are capped per officer): no officer's court within the limit, and no unit
    // of the enterprise with enough officers within the limit for its team.
    let reach = tepai_model::validate::Reach::compute(s);
    let unreachable_enterprises = reach
        .unreached_enterprises
        .iter()
        .filter(|e| {
            s.enterprise(**e)
                .units
                .iter()
                .all(|u| reach.unit_officers[u.index()].len() < s.unit(*u).team_size as usize)
        })
        .count();
    let (served, _, _) = super::served(inst, &plan.to_vec());
    let mut used = vec![false; s.officers.len()];
    for &i in plan {
        used[inst.edges[i].officer.index()] = true;
    }
    let courts = s
        .courts
        .iter()
        .enumerate()
        .filter_map(|(c, court)| {
            let officers: Vec<usize> = (0..s.officers.len())
                .filter(|&o| s.officers[o].court.index() == c)
                .collect();
            if officers.is_empty() {
                return None;
            }
            let from = Place::Court(tepai_model::CourtIdx::from(c));
            let unserved = (0..s.units.len())
                .filter(|&u| {
                    !served[u]
                        && s.travel_minutes(from, Place::Unit(UnitIdx::from(u)))
                            <= s.rules.max_one_way_minutes
                })
                .count();
            Some(CourtLoad {
                court: court.id.to_string(),
                officers: count(officers.len()),
                used: count(officers.iter().filter(|&&o| used[o]).count()),
                unserved_units_nearby: count(unserved),
            })
        })
        .collect();
    let (additional_officers, additional_proven, additional_error) =
        match additional_officers(s, deadline) {
            Ok((officers, proven)) => (officers, proven, None),
            Err(e) => (None, false, Some(e)),
        };
    Diagnosis {
        shortfalls,
        unreachable_units,
        unreachable_enterprises: count(unreachable_enterprises),
        courts,
        additional_officers,
        additional_proven,
        additional_error,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn unit_reason(inst: &Instance<'_>, u: UnitIdx) -> Option<Unreachable> {
    let s = inst.s;
    let unit = s.unit(u);
    let candidates = inst.by_unit[u.index()].len();
    if candidates >= unit.team_size as usize {
        return None;
    }
    let near: Vec<OfficerIdx> = (0..s.officers.len())
        .map(OfficerIdx::from)
        .filter(|&o| s.officer_travel(o, Target::Unit(u)) <= s.rules.max_one_way_minutes)
        .collect();
    if near.is_empty() {
        return Some(Unreachable::Travel);
    }
    let k = s.rules.enterprises_per_unit_visit.max(1) as usize;
    if unit.members.len() < k {
        return Some(Unreachable::TooFewMembers);
    }
    let unconflicted: Vec<OfficerIdx> = near
        .iter()
        .copied()
        .filter(|&o| {
            s.rules.conflict_scope == ConflictScope::Enterprise
                || !unit.members.iter().any(|&e| s.is_conflicted(o, e))
        })
        .collect();
    if unconflicted.is_empty() {
        return Some(Unreachable::Conflict);
    }
    // The reference trip of each remaining officer (None: too few eligible members).
    let trips: Vec<Option<u32>> = unconflicted
        .iter()
        .map(|&o| {
            crate::candidates::unit_trip_travel(s, s.officer(o).court, u, |e| {
                !s.is_conflicted(o, e)
            })
        })
        .collect();
    if trips.iter().all(Option::is_none) {
        return Some(Unreachable::TooFewEligibleMembers);
    }
    let onsite = u64::from(s.rules.onsite_minutes) * k as u64;
    let fits = |t: &Option<u32>| {
        t.is_some_and(|t| u64::from(t) + onsite <= u64::from(s.rules.day_minutes))
    };
    Some(if !trips.iter().any(fits) {
        Unreachable::DayTrip
    } else if candidates == 0 {
        Unreachable::Capacity
    } else {
        Unreachable::TeamTooLarge
    })
}

/// The fewest new officers per court that meet every target, by
/// [`crate::staff::fewest_hires`]: the hires per court (`None` when no set of hires found
/// closes every gap) and whether one fewer is proven not to.
fn additional_officers(
    s: &Scenario,
    deadline: &Deadline,
) -> Result<(Option<BTreeMap<String, u32>>, bool), SolveError> {
    match crate::staff::fewest_hires(s, None, s.seed, deadline)? {
        crate::staff::Found::Hires(h) => {
            let by_court = h
                .per_court
                .iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(|(c, &n)| (s.courts[c].id.to_string(), n))
                .collect();
            Ok((Some(by_court), h.proven))
        }
        crate::staff::Found::None { proven } => Ok((None, proven)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::assign::{assign, AssignOptions};
    use crate::testdata::variant;

    /// The base scenario with o-3 (court c-jo) its only officer: one of u-plat and u-tea stays
    /// unserved, and one new officer closes the gap — at c-np or at c-jo, both within reach
    /// of either unit.
    fn one_officer() -> tepai_model::Scenario {
        variant(&[
            (
                "officers.csv",
                "o-1,陈建华,c-np,judge,contract;labor,12,u-plat\n",
                "",
            ),
            ("officers.csv", "o-2,林晓燕,c-np,assistant,ip,10,\n", ""),
            ("officers.csv", "o-4,吴丽,c-jo,judge,environment,12,\n", ""),
            ("conflicts.csv", "o-2,,e-3,亲属任职 relative employed\n", ""),
            (
                "unavailable.csv",
                "o-4,2024-07-01,2024-07-31,年假 annual leave\n",
                "",
            ),
        ])
    }

    #[test]
    fn the_fewest_additional_officers_prefer_the_court_listed_first_and_are_timed() {
        let s = one_officer();
        let mut answers = Vec::new();
        for limit in [2.0, 30.0] {
            let mut opts = AssignOptions::from_scenario(&s);
            opts.time_limit_s = limit;
            let r = assign(&s, &opts);
            assert!(!r.targets_met());
            let d = r.diagnosis.expect("a diagnosis");
            assert!(d.additional_proven, "{d:?}");
            assert!(r.timings.diagnosis > std::time::Duration::ZERO);
            answers.push(d.additional_officers.expect("a set of new officers"));
        }
        let want: BTreeMap<String, u32> = [("c-np".to_owned(), 1)].into();
        assert_eq!(answers, vec![want.clone(), want]);
    }
}
