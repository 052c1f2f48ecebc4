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
use crate::text::Text;

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
    message: Text,
    action: Text,
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
    message: Text,
    action: Text,
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
    message: Text,
    action: Text,
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
            text!(
                "the region has only {n} enterprises",
                "该地区只有 {n} 家企业"
            ),
            Text::new(
                format!(
                    "lower the target, or add the missing enterprises to {}",
                    s.origins.enterprises.table
                ),
                format!(
                    "降低该目标，或在{}中补上缺少的企业",
                    s.origins.enterprises.table_zh()
                ),
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
                text!(
                    "unit {} needs a team of {} but the scenario has only {n} officers",
                    "平台商会 {} 需要 {} 人的团队，但场景中只有 {n} 名特派员",
                    unit.id,
                    unit.team_size
                ),
                text!(
                    "lower team_size or add officers",
                    "减小 team_size（团队人数），或增加特派员"
                ),
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
            text!(
                "trips leave at 08:30, so a {}-minute day would return after midnight",
                "走访 08:30 出发，一天 {} 分钟会在午夜之后才返回",
                r.day_minutes
            ),
            text!(
                "use at most 930 minutes (08:30 to 24:00)",
                "最多 930 分钟（08:30 到 24:00）"
            ),
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
            text!(
                "{} enterprises × {} minutes on site = {onsite} minutes, no time left in a {}-minute day to travel",
                "{} 家企业 × 每家现场 {} 分钟 = {onsite} 分钟，一天 {} 分钟已没有路上的时间",
                r.enterprises_per_unit_visit,
                r.onsite_minutes,
                r.day_minutes
            ),
            text!(
                "lower enterprises_per_unit_visit or onsite_minutes, or raise day_minutes",
                "减小 enterprises_per_unit_visit 或 onsite_minutes，或增大 day_minutes"
            ),
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
                text!(
                    "no enterprise lists {} in its units column",
                    "没有企业在所属平台商会一列中填写 {}",
                    unit.id
                ),
                Text::new(
                    format!(
                        "add the unit's id to its members' cells in {}",
                        s.origins.enterprises.column_of("units")
                    ),
                    format!(
                        "在其成员企业的{}中填上该平台商会的编号",
                        s.origins.enterprises.column_of_zh("units")
                    ),
                ),
            ));
        } else if unit.members.len() < per_visit {
            diags.push(scenario_diag(
                s,
                Code::UnitTooSmallForVisit,
                "units",
                unit.id.to_string(),
                text!(
                    "{} has {} members but each visit covers {per_visit}",
                    "{} 只有 {} 家成员企业，而每次走访要覆盖 {per_visit} 家",
                    unit.id,
                    unit.members.len()
                ),
                text!(
                    "visits will cover every member; add members if that is wrong",
                    "走访将覆盖全部成员企业；如不对，请补充成员企业"
                ),
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
            Text::new(
                format!(
                    "{count} enterprises list `{need}` in {} but no officer lists it as a specialty",
                    s.origins.enterprises.column_of("needs")
                ),
                format!(
                    "有 {count} 家企业在{}中填了“{need}”，但没有特派员以此为专长",
                    s.origins.enterprises.column_of_zh("needs")
                ),
            ),
            Text::new(
                format!(
                    "check the spelling against {}, or add a specialist",
                    s.origins.officers.column_of("specialties")
                ),
                format!(
                    "对照{}检查写法，或增加有此专长的特派员",
                    s.origins.officers.column_of_zh("specialties")
                ),
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
            text!(
                "{} officers list no specialty; every need counts as a mismatch for them",
                "有 {} 名特派员没有填写专长；企业的任何需求对他们都算作不匹配",
                without.len()
            ),
            Text::new(
                format!("fill in {}", s.origins.officers.column_of("specialties")),
                format!("填写{}", s.origins.officers.column_of_zh("specialties")),
            ),
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
                text!(
                    "officer {} has more days per quarter than the {fewest} working days of {}'s shortest quarter",
                    "特派员 {} 每季度的天数超过了 {} 年最短季度的 {fewest} 个工作日",
                    o.id,
                    s.year
                ),
                text!(
                    "give the days the officer really spends on envoy work",
                    "填该特派员实际用于特派工作的天数"
                ),
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
            text!(
                "{} units have no officer within {limit} minutes; they cannot be served",
                "有 {} 个平台商会在 {limit} 分钟车程内没有特派员，无法派驻",
                units.len()
            ),
            text!(
                "add officers nearby or raise rules.max_one_way_minutes",
                "在附近增加特派员，或增大 rules.max_one_way_minutes"
            ),
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
            text!(
                "{} enterprises have no officer within {limit} minutes; only their units can reach them",
                "有 {} 家企业在 {limit} 分钟车程内没有特派员，只能通过其所属平台商会服务",
                reach.unreached_enterprises.len()
            ),
            text!(
                "add officers nearby or raise rules.max_one_way_minutes",
                "在附近增加特派员，或增大 rules.max_one_way_minutes"
            ),
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
                Text::new(
                    format!(
                        "{visits} visits {} days apart need {needed} days per period, but the shortest {} has {shortest}; schedules will fall short",
                        r.min_days_between_visits,
                        r.period.as_str()
                    ),
                    format!(
                        "每期 {visits} 次走访、间隔至少 {} 天，每期需要 {needed} 天，但最短的{}只有 {shortest} 天；排期将无法全部完成",
                        r.min_days_between_visits,
                        match r.period {
                            PeriodKind::Quarter => "季度",
                            PeriodKind::Month => "月",
                        }
                    ),
                ),
                text!(
                    "lower the visits per period or rules.min_days_between_visits",
                    "减少每期走访次数，或减小 rules.min_days_between_visits"
                ),
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
    let (what_zh, period_zh) = match r.period {
        PeriodKind::Quarter => ("季度", "每季度"),
        PeriodKind::Month => ("月", "每月"),
    };
    let duty_zh = if r.unit_visits_per_period >= r.enterprise_visits_per_period {
        "一个平台商会"
    } else {
        "一家直接服务的企业"
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
        let has_zh = match r.period {
            PeriodKind::Quarter => format!("每季度 {d} 天"),
            PeriodKind::Month => format!("每季度 {d} 天、每月 {} 天", d / 3),
        };
        diags.push(row_diag(
            &s.origins.officers_file,
            &s.origins.officers,
            s.origins.officer_lines.get(i),
            "days_per_quarter",
            d.to_string(),
            Code::OfficerWithoutDuty,
            Text::new(
                format!(
                    "officer {} has {has} but {duty} needs {visits} visits {period}, a day each: the officer can serve no unit and no enterprise",
                    o.id
                ),
                format!(
                    "特派员 {} {has_zh}，但{duty_zh}{period_zh}需走访 {visits} 次、每次一天：该特派员无法承担任何平台商会或企业",
                    o.id
                ),
            ),
            Text::new(
                format!(
                    "give the officer at least {days_needed} days per quarter (every duty is planned with the larger of rules.unit_visits_per_period and rules.enterprise_visits_per_period, {visits} visits a {what}), lower the visits, or remove the officer"
                ),
                format!(
                    "给该特派员每季度至少 {days_needed} 天（每项任务按 rules.unit_visits_per_period 与 rules.enterprise_visits_per_period 中较大者计划，每{what_zh} {visits} 次走访），或减少走访次数，或删去该特派员"
                ),
            ),
        ));
    }
}
