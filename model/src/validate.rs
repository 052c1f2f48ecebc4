//! Scenario-wide rules, checked once every table has loaded: one function per rule, each
//! named by its code.
//!
//! Row-level problems (bad cells, unknown references) are found while loading; what is here
//! needs the whole scenario: targets against the region, teams against reachable officers,
//! rules against the day length, and warnings for what is legal but suspicious.
use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ids::{CourtIdx, EnterpriseIdx, OfficerIdx, Place, UnitIdx};
use crate::period::{Period, PeriodKind};
use crate::scenario::{Scenario, TableLabel};

/// Runs every scenario-wide rule.
pub fn check(s: &Scenario, diags: &mut Diagnostics) {
    let reach = Reach::compute(s);
    check_e302_enterprises_min_within_region(s, diags);
    check_e303_team_size_satisfiable(s, diags);
    check_e310_visit_fits_a_day(s, diags);
    check_w401_w402_unit_members(s, diags);
    check_w404_needs_have_specialists(s, diags);
    check_w406_officer_specialties(s, diags);
    check_w407_capacity_within_working_days(s, diags);
    check_w408_targets_within_reach(s, &reach, diags);
    check_w409_visits_can_be_spaced(s, diags);
    check_w412_officers_can_take_a_duty(s, diags);
}

/// Which officers each unit has within `max_one_way_minutes`, and which enterprises no
/// officer reaches. Officers travel from their court, so reach is computed per court.
pub struct Reach {
    /// Officers within reach of each unit, ignoring conflicts and capacity.
    pub unit_officers: Vec<Vec<OfficerIdx>>,
    /// Enterprises no officer's court reaches.
    pub unreached_enterprises: Vec<EnterpriseIdx>,
}

impl Reach {
    /// Computes reach for the scenario.
    pub fn compute(s: &Scenario) -> Reach {
        let mut by_court: HashMap<CourtIdx, Vec<OfficerIdx>> = HashMap::new();
        for (i, o) in s.officers.iter().enumerate() {
            by_court
                .entry(o.court)
                .or_default()
                .push(OfficerIdx::from(i));
        }
        let mut courts: Vec<CourtIdx> = by_court.keys().copied().collect();
        courts.sort();
        let limit = s.rules.max_one_way_minutes;
        let unit_officers = (0..s.units.len())
            .map(|u| {
                let mut v = Vec::new();
                for &c in &courts {
                    if s.travel_minutes(Place::Court(c), Place::Unit(UnitIdx::from(u))) <= limit {
                        v.extend(&by_court[&c]);
                    }
                }
                v
            })
            .collect();
        let unreached_enterprises = (0..s.enterprises.len())
            .map(EnterpriseIdx::from)
            .filter(|&e| {
                !courts
                    .iter()
                    .any(|&c| s.travel_minutes(Place::Court(c), Place::Enterprise(e)) <= limit)
            })
            .collect();
        Reach {
            unit_officers,
            unreached_enterprises,
        }
    }
}

fn scenario_diag(
    s: &Scenario,
    code: Code,
    field: &str,
    value: String,
    message: String,
    action: &str,
) -> Diagnostic {
    Diagnostic::new(code, message, action)
        .file(&s.source)
        .field(field)
        .value(value)
}

/// A diagnostic on one loaded row of the units or officers table, at the row's line (and,
/// in a workbook, its cell), the column named as the input spells it.
#[allow(clippy::too_many_arguments)]
fn row_diag(
    file: &std::path::Path,
    label: &TableLabel,
    line: Option<&u64>,
    field: &str,
    value: String,
    code: Code,
    message: String,
    action: &str,
) -> Diagnostic {
    let d = Diagnostic::new(code, message, action)
        .file(file)
        .field(label.column(field))
        .value(value);
    match line {
        Some(&l) => match label.cell(field, l) {
            Some(cell) => d.line(l).cell(cell),
            None => d.line(l),
        },
        None => d,
    }
}

/// A diagnostic on a column of a whole table (many rows), named as the input names it.
fn column_diag(
    file: &std::path::Path,
    label: &TableLabel,
    field: &str,
    value: String,
    code: Code,
    message: String,
    action: &str,
) -> Diagnostic {
    let d = Diagnostic::new(code, message, action)
        .file(file)
        .field(label.column(field))
        .value(value);
    match &label.sheet {
        Some(sheet) => d.cell(sheet.clone()),
        None => d,
    }
}

fn check_e302_enterprises_min_within_region(s: &Scenario, diags: &mut Diagnostics) {
    let n = s.enterprises.len();
    if s.targets.enterprises_min as usize > n {
        diags.push(scenario_diag(
            s,
            Code::EnterprisesMinTooLarge,
            "targets.enterprises_min",
            s.targets.enterprises_min.to_string(),
            format!("the region has only {n} enterprises"),
            &format!(
                "lower the target, or add the missing enterprises to {}",
                s.origins.enterprises.table
            ),
        ));
    }
}

fn check_e303_team_size_satisfiable(s: &Scenario, diags: &mut Diagnostics) {
    let n = s.officers.len();
    for (u, unit) in s.units.iter().enumerate() {
        if unit.team_size as usize > n {
            diags.push(row_diag(
                &s.origins.units_file,
                &s.origins.units,
                s.origins.unit_lines.get(u),
                "team_size",
                unit.team_size.to_string(),
                Code::TeamSizeUnsatisfiable,
                format!(
                    "unit {} needs a team of {} but the scenario has only {n} officers",
                    unit.id, unit.team_size
                ),
                "lower team_size or add officers",
            ));
        }
    }
}

/// Trips leave at 08:30, so a day longer than this would return after midnight.
pub const DAY_MINUTES_MAX: u32 = 930;

fn check_e310_visit_fits_a_day(s: &Scenario, diags: &mut Diagnostics) {
    let r = &s.rules;
    if r.day_minutes > DAY_MINUTES_MAX {
        diags.push(scenario_diag(
            s,
            Code::ImpossibleRule,
            "rules.day_minutes",
            r.day_minutes.to_string(),
            format!(
                "trips leave at 08:30, so a {}-minute day would return after midnight",
                r.day_minutes
            ),
            "use at most 930 minutes (08:30 to 24:00)",
        ));
    }
    let onsite = r
        .enterprises_per_unit_visit
        .saturating_mul(r.onsite_minutes);
    if onsite >= r.day_minutes {
        diags.push(scenario_diag(
            s,
            Code::ImpossibleRule,
            "rules.enterprises_per_unit_visit",
            r.enterprises_per_unit_visit.to_string(),
            format!(
                "{} enterprises × {} minutes on site = {onsite} minutes, no time left in a {}-minute day to travel",
                r.enterprises_per_unit_visit, r.onsite_minutes, r.day_minutes
            ),
            "lower enterprises_per_unit_visit or onsite_minutes, or raise day_minutes",
        ));
    }
}

fn check_w401_w402_unit_members(s: &Scenario, diags: &mut Diagnostics) {
    let per_visit = s.rules.enterprises_per_unit_visit as usize;
    for unit in &s.units {
        if unit.members.is_empty() {
            diags.push(scenario_diag(
                s,
                Code::UnitWithoutMembers,
                "units",
                unit.id.to_string(),
                format!("no enterprise lists {} in its units column", unit.id),
                &format!(
                    "add the unit's id to its members' cells in {}",
                    s.origins.enterprises.column_of("units")
                ),
            ));
        } else if unit.members.len() < per_visit {
            diags.push(scenario_diag(
                s,
                Code::UnitTooSmallForVisit,
                "units",
                unit.id.to_string(),
                format!(
                    "{} has {} members but each visit covers {per_visit}",
                    unit.id,
                    unit.members.len()
                ),
                "visits will cover every member; add members if that is wrong",
            ));
        }
    }
}

fn check_w404_needs_have_specialists(s: &Scenario, diags: &mut Diagnostics) {
    let held: BTreeSet<&str> = s
        .officers
        .iter()
        .flat_map(|o| o.specialties.iter().map(String::as_str))
        .collect();
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for e in &s.enterprises {
        for n in s.tags(&e.needs) {
            if !held.contains(n) {
                missing.insert(n);
            }
        }
    }
    for need in missing {
        let count = s
            .enterprises
            .iter()
            .filter(|e| s.tags(&e.needs).any(|n| n == need))
            .count();
        diags.push(column_diag(
            &s.origins.enterprises_file,
            &s.origins.enterprises,
            "needs",
            need.to_owned(),
            Code::NeedWithoutSpecialist,
            format!(
                "{count} enterprises list `{need}` in {} but no officer lists it as a specialty",
                s.origins.enterprises.column_of("needs")
            ),
            &format!(
                "check the spelling against {}, or add a specialist",
                s.origins.officers.column_of("specialties")
            ),
        ));
    }
}

fn check_w406_officer_specialties(s: &Scenario, diags: &mut Diagnostics) {
    let without: Vec<&str> = s
        .officers
        .iter()
        .filter(|o| o.specialties.is_empty())
        .map(|o| o.id.as_str())
        .collect();
    if !without.is_empty() {
        let shown: Vec<&str> = without.iter().take(5).copied().collect();
        diags.push(scenario_diag(
            s,
            Code::OfficerWithoutSpecialties,
            "specialties",
            shown.join(", "),
            format!(
                "{} officers list no specialty; every need counts as a mismatch for them",
                without.len()
            ),
            &format!("fill in {}", s.origins.officers.column_of("specialties")),
        ));
    }
}

fn check_w407_capacity_within_working_days(s: &Scenario, diags: &mut Diagnostics) {
    if s.year == 0 {
        // The year is missing or invalid (an error already): its working days are unknown.
        return;
    }
    let Some(fewest) = Period::all(s.year, PeriodKind::Quarter)
        .iter()
        .filter_map(|p| {
            s.calendar
                .working_days(p.start(), p.end())
                .ok()
                .map(|d| d.len())
        })
        .min()
    else {
        return;
    };
    for (i, o) in s.officers.iter().enumerate() {
        if o.days_per_quarter as usize > fewest {
            diags.push(row_diag(
                &s.origins.officers_file,
                &s.origins.officers,
                s.origins.officer_lines.get(i),
                "days_per_quarter",
                o.days_per_quarter.to_string(),
                Code::CapacityAboveWorkingDays,
                format!("officer {} has more days per quarter than the {fewest} working days of {}'s shortest quarter", o.id, s.year),
                "give the days the officer really spends on envoy work",
            ));
        }
    }
}

fn check_w408_targets_within_reach(s: &Scenario, reach: &Reach, diags: &mut Diagnostics) {
    let units: Vec<&str> = reach
        .unit_officers
        .iter()
        .enumerate()
        .filter(|(u, v)| v.len() < s.units[*u].team_size as usize)
        .map(|(u, _)| s.units[u].id.as_str())
        .collect();
    let limit = s.rules.max_one_way_minutes;
    if !units.is_empty() {
        diags.push(scenario_diag(
            s,
            Code::TargetOutOfReach,
            "units",
            units
                .iter()
                .take(10)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            format!(
                "{} units have no officer within {limit} minutes; they cannot be served",
                units.len()
            ),
            "add officers nearby or raise rules.max_one_way_minutes",
        ));
    }
    if !reach.unreached_enterprises.is_empty() {
        let ids: Vec<&str> = reach
            .unreached_enterprises
            .iter()
            .take(10)
            .map(|&e| s.enterprise(e).id.as_str())
            .collect();
        diags.push(scenario_diag(
            s,
            Code::TargetOutOfReach,
            "enterprises",
            ids.join(", "),
            format!(
                "{} enterprises have no officer within {limit} minutes; only their units can reach them",
                reach.unreached_enterprises.len()
            ),
            "add officers nearby or raise rules.max_one_way_minutes",
        ));
    }
}

fn check_w409_visits_can_be_spaced(s: &Scenario, diags: &mut Diagnostics) {
    let r = &s.rules;
    if s.year == 0 {
        // The year is missing or invalid (an error already): the periods are unknown.
        return;
    }
    // Period after period, V visits at least d days apart need V × d days per period.
    let Some(shortest) = Period::all(s.year, r.period)
        .iter()
        .map(|p| (p.end() - p.start()).num_days() + 1)
        .min()
    else {
        return;
    };
    for (key, visits) in [
        ("rules.unit_visits_per_period", r.unit_visits_per_period),
        (
            "rules.enterprise_visits_per_period",
            r.enterprise_visits_per_period,
        ),
    ] {
        let needed = i64::from(visits) * i64::from(r.min_days_between_visits);
        if needed > shortest {
            diags.push(scenario_diag(
                s,
                Code::VisitsCannotBeSpaced,
                key,
                visits.to_string(),
                format!(
                    "{visits} visits {} days apart need {needed} days per period, but the shortest {} has {shortest}; schedules will fall short",
                    r.min_days_between_visits,
                    r.period.as_str()
                ),
                "lower the visits per period or rules.min_days_between_visits",
            ));
        }
    }
}

/// Visits a duty takes per period: every duty an officer takes, unit or enterprise, is
/// planned with `V* = max(unit_visits_per_period, enterprise_visits_per_period)` visits per
/// period, a day each (docs/assignment-model.md, "Slots").
pub fn visits_per_duty(s: &Scenario) -> u32 {
    s.rules
        .unit_visits_per_period
        .max(s.rules.enterprise_visits_per_period)
}

/// Whether an officer has the days per period for one duty: an officer with fewer days per
/// period than a duty's visits has no slot, and can serve no unit and no enterprise.
pub fn can_take_a_duty(s: &Scenario, officer: OfficerIdx) -> bool {
    let days = s.officer(officer).days_per_quarter;
    let per_period = match s.rules.period {
        PeriodKind::Quarter => days,
        PeriodKind::Month => days / 3,
    };
    per_period >= visits_per_duty(s)
}

fn check_w412_officers_can_take_a_duty(s: &Scenario, diags: &mut Diagnostics) {
    let r = &s.rules;
    let visits = visits_per_duty(s);
    let (what, period) = match r.period {
        PeriodKind::Quarter => ("quarter", "per quarter"),
        PeriodKind::Month => ("month", "a month"),
    };
    let duty = if r.unit_visits_per_period >= r.enterprise_visits_per_period {
        "one unit"
    } else {
        "one enterprise served directly"
    };
    let days_needed = match r.period {
        PeriodKind::Quarter => visits,
        PeriodKind::Month => visits.saturating_mul(3),
    };
    for (i, o) in s.officers.iter().enumerate() {
        if can_take_a_duty(s, OfficerIdx::from(i)) {
            continue;
        }
        let d = o.days_per_quarter;
        let days = if d == 1 {
            "1 day".to_owned()
        } else {
            format!("{d} days")
        };
        let has = match r.period {
            PeriodKind::Quarter => format!("{days} per quarter"),
            PeriodKind::Month => format!("{days} per quarter, {} a month", d / 3),
        };
        diags.push(row_diag(
            &s.origins.officers_file,
            &s.origins.officers,
            s.origins.officer_lines.get(i),
            "days_per_quarter",
            d.to_string(),
            Code::OfficerWithoutDuty,
            format!(
                "officer {} has {has} but {duty} needs {visits} visits {period}, a day each: the officer can serve no unit and no enterprise",
                o.id
            ),
            &format!(
                "give the officer at least {days_needed} days per quarter (every duty is planned with the larger of rules.unit_visits_per_period and rules.enterprise_visits_per_period, {visits} visits a {what}), lower the visits, or remove the officer"
            ),
        ));
    }
}
