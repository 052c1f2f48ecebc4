//! The coverage checker: re-derives every row and cell of `coverage.csv` from the scenario,
//! the assignment and (when the plan has one) the schedule's rows.
//!
//! - every enterprise of the scenario has exactly one row, and no row names an enterprise the
//!   scenario lacks;
//! - `enterprise_name` is the enterprise's name;
//! - `reached_via`: `direct` when an officer serves the enterprise directly, else the first
//!   unit in the enterprise's own list of units (`units.csv` order) that is *served* (exactly
//!   `team_size` officers), else empty;
//! - `officer_ids`: the officers of the direct pair, or of that unit (`;`-separated, compared
//!   as a set), else empty;
//! - `visits_in_year`: the trips of `schedule.csv` that stop at the enterprise, a team's joint
//!   trip (same date, target and stops) counted once; empty when the plan has no schedule.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use tepai_model::{text, EnterpriseIdx, OfficerIdx, Scenario, Target, UnitIdx};

use super::{Finding, ScheduleRow};
use crate::assignment::Assignment;

const FILE: &str = "coverage.csv";

/// One row of `coverage.csv`, every cell as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoverageRow {
    /// 1-based line number in the file.
    pub line: u64,
    /// The enterprise's id.
    pub enterprise_id: String,
    /// The enterprise's name.
    pub enterprise_name: String,
    /// A unit id, `direct`, or empty.
    pub reached_via: String,
    /// Officer ids, `;`-separated.
    pub officer_ids: String,
    /// Trips in the year that stop at the enterprise (empty without a schedule).
    pub visits_in_year: String,
}

/// Trips per enterprise in the schedule's rows: distinct (date, target kind, target id,
/// stops) among the rows, each stopping at its distinct enterprises once. Unknown ids are
/// left out (the schedule checker reports them).
pub(crate) fn trips_per_enterprise(s: &Scenario, rows: &[ScheduleRow]) -> Vec<u32> {
    let mut trips: BTreeSet<(&str, &str, &str, &str)> = BTreeSet::new();
    let mut count = vec![0_u32; s.enterprises.len()];
    for r in rows {
        let key = (
            r.date.trim(),
            r.target_kind.trim(),
            r.target_id.trim(),
            r.enterprise_ids.trim(),
        );
        if !trips.insert(key) {
            continue;
        }
        let stops: BTreeSet<EnterpriseIdx> = r
            .enterprise_ids
            .split(';')
            .filter_map(|id| s.enterprise_by_id(id.trim()))
            .collect();
        for e in stops {
            count[e.index()] += 1;
        }
    }
    count
}

fn ids(s: &Scenario, officers: &BTreeSet<OfficerIdx>) -> BTreeSet<String> {
    officers
        .iter()
        .map(|&o| s.officer(o).id.to_string())
        .collect()
}

/// Checks `coverage.csv` (see the [module documentation](self)).
pub fn check_coverage(
    s: &Scenario,
    a: &Assignment,
    schedule: Option<&[ScheduleRow]>,
    rows: &[CoverageRow],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut officers_of: BTreeMap<Target, BTreeSet<OfficerIdx>> = BTreeMap::new();
    for &(o, t) in &a.pairs {
        let known = o.index() < s.officers.len()
            && match t {
                Target::Unit(u) => u.index() < s.units.len(),
                Target::Enterprise(e) => e.index() < s.enterprises.len(),
            };
        if known {
            officers_of.entry(t).or_default().insert(o);
        }
    }
    let served = |u: UnitIdx| {
        officers_of
            .get(&Target::Unit(u))
            .is_some_and(|v| v.len() == s.unit(u).team_size as usize)
    };
    let visits = schedule.map(|rows| trips_per_enterprise(s, rows));

    let mut seen: BTreeMap<EnterpriseIdx, u64> = BTreeMap::new();
    for row in rows {
        let Some(e) = s.enterprise_by_id(row.enterprise_id.trim()) else {
            findings.push(Finding::at_line(
                FILE,
                row.line,
                "unknown-enterprise",
                text!(
                    "enterprise_id {:?} is not an enterprise of the scenario",
                    "enterprise_id {:?} 不是场景中的企业",
                    row.enterprise_id
                ),
            ));
            continue;
        };
        if let Some(first) = seen.get(&e) {
            findings.push(Finding::at_line(
                FILE,
                row.line,
                "duplicate-row",
                text!(
                    "enterprise {} already has a row (line {first}); each enterprise has exactly one",
                    "企业 {} 已有一行（第 {first} 行）；每家企业应恰好一行",
                    row.enterprise_id.trim()
                ),
            ));
            continue;
        }
        seen.insert(e, row.line);
        let ent = s.enterprise(e);
        if row.enterprise_name.trim() != &*ent.name {
            findings.push(Finding::recomputed(
                FILE,
                row.line,
                "enterprise_name",
                &row.enterprise_name,
                &ent.name,
            ));
        }
        let gone = ent
            .closed_on
            .is_some_and(|c| c <= NaiveDate::from_ymd_opt(s.year, 1, 1).unwrap_or(c));
        let (via, officers) = if gone {
            (String::new(), BTreeSet::new())
        } else if let Some(v) = officers_of.get(&Target::Enterprise(e)) {
            ("direct".to_owned(), ids(s, v))
        } else if let Some(&u) = ent.units.iter().find(|&&u| served(u)) {
            (
                s.unit(u).id.to_string(),
                ids(s, &officers_of[&Target::Unit(u)]),
            )
        } else {
            (String::new(), BTreeSet::new())
        };
        if row.reached_via.trim() != via {
            findings.push(Finding::recomputed(
                FILE,
                row.line,
                "reached_via",
                &row.reached_via,
                &via,
            ));
        }
        let written: BTreeSet<String> = row
            .officer_ids
            .split(';')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect();
        if written != officers {
            findings.push(Finding::recomputed(
                FILE,
                row.line,
                "officer_ids",
                &row.officer_ids,
                &officers.into_iter().collect::<Vec<_>>().join(";"),
            ));
        }
        let want = visits
            .as_ref()
            .map_or(String::new(), |v| v[e.index()].to_string());
        if row.visits_in_year.trim() != want {
            findings.push(Finding::recomputed(
                FILE,
                row.line,
                "visits_in_year",
                &row.visits_in_year,
                &want,
            ));
        }
    }
    for (i, ent) in s.enterprises.iter().enumerate() {
        if !seen.contains_key(&EnterpriseIdx::from(i)) {
            findings.push(Finding::in_file(
                FILE,
                "missing-row",
                text!(
                    "enterprise {} has no row; every enterprise has exactly one",
                    "企业 {} 没有对应的行；每家企业应恰好一行",
                    ent.id
                ),
            ));
        }
    }
    findings
}
