//! What-if edits without editing tables: the scenario file's `[changes]` section
//! (docs/scenario-format.md, “Changes”).
//!
//! - `remove_officers`, `remove_units`, `remove_enterprises`: rows of those ids are skipped
//!   as the tables are read; an id no row has is W420.
//! - `close_enterprises`: the enterprises closed from the plan's first day (`closed_on` set
//!   to 1 January of the year).
//! - `officers_days_scale`: every listed officer's `days_per_quarter` times the factor,
//!   rounded to the nearest day, at least 1, at most 92.
//! - `add_officers = { COURT = n }`: n new officers at the court, each
//!   [`crate::staffing::new_officer`], numbered on from the court's new officers already
//!   listed (`+COURT-k`).
//! - `officers = N`: the roster resized to N officers, one officer at a time. Removing: from
//!   the court with the most officers (ties: the court listed first in the courts table), its
//!   officer listed last. Adding: to the court with the fewest officers among the courts that
//!   have officers in the tables (all courts when none has), ties by the courts table's order;
//!   each a [`crate::staffing::new_officer`].
//!
//! A row or reference of an inherited table that names an officer, unit or enterprise removed
//! here (conflicts, unavailable, travel rows; an officer's `previous_target`; an enterprise's
//! `units`) is dropped, with one W421 per table listing what was dropped, never an error.
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use super::scenario_file::Reader;
use super::table::{Row, Table};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ids::{CourtIdx, OfficerIdx};
use crate::scenario::{Court, Officer, Scenario};

/// Most new officers one court may be given, and the largest roster `officers` may ask for.
pub const OFFICERS_MAX: u32 = 100_000;
/// The largest `officers_days_scale`.
pub const DAYS_SCALE_MAX: f64 = 10.0;
/// Dropped rows or ids named in one W421 before the rest are only counted.
const NAMED_MAX: usize = 10;
/// The most days a quarter has.
const DAYS_PER_QUARTER_MAX: f64 = 92.0;

/// The `[changes]` section, read and checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Changes {
    pub remove_officers: Vec<String>,
    pub remove_units: Vec<String>,
    pub remove_enterprises: Vec<String>,
    pub close_enterprises: Vec<String>,
    pub days_scale: Option<f64>,
    /// Court id → new officers, in the file's (sorted) order.
    pub add_officers: Vec<(String, u32)>,
    pub officers: Option<u32>,
    /// The scenario file that set each key (for W420 and E321 of the later steps).
    pub files: BTreeMap<&'static str, PathBuf>,
}

/// Reads `[changes]`: E321 for what cannot be applied.
pub(crate) fn read(r: &mut Reader<'_>) -> Changes {
    let mut c = Changes::default();
    let list = |r: &mut Reader<'_>, key: &'static str, files: &mut BTreeMap<_, _>| {
        let ids = r.strings(key).unwrap_or_default();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for id in ids {
            let id = id.trim().to_owned();
            if !seen.insert(id.clone()) {
                r.bad(
                    Code::BadChange,
                    key,
                    &id,
                    text!("`{id}` is listed twice", "“{id}”列了两次"),
                    text!("list each id once", "每个编号只列一次"),
                );
                continue;
            }
            out.push(id);
        }
        if r.has(key) {
            files.insert(key, r.origin_of(key));
        }
        out
    };
    let mut files = BTreeMap::new();
    c.remove_officers = list(r, "changes.remove_officers", &mut files);
    c.remove_units = list(r, "changes.remove_units", &mut files);
    c.remove_enterprises = list(r, "changes.remove_enterprises", &mut files);
    c.close_enterprises = list(r, "changes.close_enterprises", &mut files);
    const SCALE: &str = "changes.officers_days_scale";
    if r.has(SCALE) {
        if let Some(v) = r.float(SCALE, 1.0) {
            if v > 0.0 && v <= DAYS_SCALE_MAX {
                c.days_scale = Some(v);
            } else {
                r.bad(
                    Code::BadChange,
                    SCALE,
                    &v.to_string(),
                    text!(
                        "the days scale must lie above 0 and at most {DAYS_SCALE_MAX}",
                        "可用天数的倍数须大于 0 且不超过 {DAYS_SCALE_MAX}"
                    ),
                    text!(
                        "write the factor, e.g. 0.8 for 80% of every officer's days",
                        "填倍数，如 0.8 表示每位特派员的可用天数按 80% 计"
                    ),
                );
            }
        }
    }
    const ADD: &str = "changes.add_officers";
    for (court, v) in r.entries(ADD).unwrap_or_default() {
        match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n <= OFFICERS_MAX => c.add_officers.push((court, n)),
            _ => r.bad(
                Code::BadChange,
                ADD,
                &format!("{court} = {v}"),
                text!(
                    "the new officers of court `{court}` must be a whole number from 0 to {OFFICERS_MAX}",
                    "法院“{court}”新增的特派员人数须是 0 到 {OFFICERS_MAX} 之间的整数"
                ),
                text!(
                    "write add_officers = {{ {court} = 2 }}",
                    "写作 add_officers = {{ {court} = 2 }}"
                ),
            ),
        }
    }
    if r.has(ADD) {
        files.insert(ADD, r.origin_of(ADD));
    }
    const OFFICERS: &str = "changes.officers";
    if r.has(OFFICERS) {
        let n = r.int(OFFICERS, Some(0)).unwrap_or(0);
        match u32::try_from(n) {
            Ok(n) if (1..=OFFICERS_MAX).contains(&n) => c.officers = Some(n),
            _ => r.bad(
                Code::BadChange,
                OFFICERS,
                &n.to_string(),
                text!(
                    "the roster must have from 1 to {OFFICERS_MAX} officers",
                    "特派员总数须在 1 到 {OFFICERS_MAX} 之间"
                ),
                text!(
                    "write the number of officers wanted, e.g. officers = 100",
                    "填所需的特派员人数，如 officers = 100"
                ),
            ),
        }
        if r.has(ADD) {
            r.bad(
                Code::BadChange,
                OFFICERS,
                &n.to_string(),
                text!(
                    "`officers` sets the roster's size, `add_officers` adds per court: give one of them",
                    "officers 设定总人数，add_officers 按法院增加人数：两者只能填一个"
                ),
                text!(
                    "remove `officers` or `add_officers`",
                    "删去 officers 或 add_officers"
                ),
            );
        }
        files.insert(OFFICERS, r.origin_of(OFFICERS));
    }
    c.files = files;
    c
}

/// What `[changes]` removes, and what of it the tables were found to hold.
#[derive(Debug, Default)]
pub(crate) struct Removed {
    pub officers: HashSet<String>,
    pub units: HashSet<String>,
    pub enterprises: HashSet<String>,
    /// Ids of the lists that a table row had.
    pub found: HashSet<String>,
}

impl Removed {
    pub fn new(c: &Changes) -> Self {
        Removed {
            officers: c.remove_officers.iter().cloned().collect(),
            units: c.remove_units.iter().cloned().collect(),
            enterprises: c.remove_enterprises.iter().cloned().collect(),
            found: HashSet::new(),
        }
    }

    /// Whether a unit or an enterprise of this id was removed.
    pub fn place(&self, id: &str) -> bool {
        self.units.contains(id) || self.enterprises.contains(id)
    }

    /// Whether `row`'s `id` is removed by `set`; if so it is marked found.
    pub fn skips(&mut self, which: Which, t: &Table<'_>, row: &Row) -> bool {
        let id = t.get(row, "id");
        let set = match which {
            Which::Officers => &self.officers,
            Which::Units => &self.units,
            Which::Enterprises => &self.enterprises,
        };
        if set.contains(id) {
            self.found.insert(id.to_owned());
            true
        } else {
            false
        }
    }
}

/// Which of the removal lists.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which {
    Officers,
    Units,
    Enterprises,
}

/// What one table dropped: per row, its line and the removed ids it named.
#[derive(Debug, Default)]
pub(crate) struct Dropped {
    items: Vec<String>,
}

impl Dropped {
    /// Notes a dropped row (or reference) of `row`, naming what it referred to.
    pub fn push(&mut self, row: &Row, what: &str) {
        self.items.push(format!("{}: {what}", row.line));
    }

    /// Reports W421 for the table, if anything was dropped: `column` names the column whose
    /// references were dropped.
    pub fn report(self, t: &Table<'_>, column: &str, rows: bool, diags: &mut Diagnostics) {
        if self.items.is_empty() {
            return;
        }
        let n = self.items.len();
        let named: Vec<&str> = self
            .items
            .iter()
            .take(NAMED_MAX)
            .map(String::as_str)
            .collect();
        let more = n - named.len();
        let tail_en = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let tail_zh = if more > 0 {
            format!(" 等，另有 {more} 处")
        } else {
            String::new()
        };
        let list = named.join("; ");
        let table = t.label().table.clone();
        let message = if rows {
            text!(
                "{n} row(s) of {table} name what [changes] removes and are dropped (line: id): {list}{tail_en}",
                "{table} 中有 {n} 行引用了 [changes] 移除的对象，已删去（行号：编号）：{list}{tail_zh}"
            )
        } else {
            text!(
                "{n} reference(s) in {table} name what [changes] removes and are dropped (line: id): {list}{tail_en}",
                "{table} 中有 {n} 处引用了 [changes] 移除的对象，已删去（行号：编号）：{list}{tail_zh}"
            )
        };
        diags.push(
            Diagnostic::new(
                Code::ReferencesDropped,
                message,
                text!(
                    "nothing to do; keep the removed ids in the tables to keep these rows",
                    "无须处理；如需保留这些行，请不要移除其引用的对象"
                ),
            )
            .file(&t.path)
            .field(t.column(column).to_owned()),
        );
    }
}

/// W420 for the ids of a `[changes]` list no table row had.
pub(crate) fn unknown_ids(
    c: &Changes,
    key: &'static str,
    ids: &[String],
    known: impl Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    let missing: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| !known(id))
        .collect();
    if missing.is_empty() {
        return;
    }
    let n = missing.len();
    let list = missing.join(", ");
    let mut d = Diagnostic::new(
        Code::ChangeWithoutEffect,
        text!(
            "{n} id(s) of `{key}` name nothing in the tables and change nothing: {list}",
            "“{key}”中有 {n} 个编号在表中不存在，未作变更：{list}"
        ),
        text!(
            "check the spelling of the ids, or remove them",
            "检查编号拼写，或删去这些编号"
        ),
    )
    .field(key)
    .value(list.clone());
    if let Some(f) = c.files.get(key) {
        d = d.file(f);
    }
    diags.push(d);
}

/// The listed officers after `officers_days_scale`.
pub(crate) fn scale_days(c: &Changes, officers: &mut [Officer]) {
    let Some(scale) = c.days_scale else { return };
    for o in officers {
        let days = (f64::from(o.days_per_quarter) * scale)
            .round()
            .clamp(1.0, DAYS_PER_QUARTER_MAX);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let days = days as u32;
        o.days_per_quarter = days;
    }
}

/// The officers `officers = N` removes from a roster larger than N (module docs): their
/// positions in `officers`, in the order removed.
pub(crate) fn shrink(c: &Changes, officers: &[Officer], courts: &[Court]) -> Vec<usize> {
    let Some(n) = c.officers else {
        return Vec::new();
    };
    let n = n as usize;
    let mut per_court: Vec<Vec<usize>> = vec![Vec::new(); courts.len()];
    for (i, o) in officers.iter().enumerate() {
        if let Some(list) = per_court.get_mut(o.court.index()) {
            list.push(i);
        }
    }
    let mut removed = Vec::new();
    let mut left = officers.len();
    while left > n {
        // The court with the most officers; the first listed among equals.
        let Some(court) = (0..per_court.len())
            .filter(|&k| !per_court[k].is_empty())
            .max_by_key(|&k| (per_court[k].len(), std::cmp::Reverse(k)))
        else {
            break;
        };
        if let Some(last) = per_court[court].pop() {
            removed.push(last);
        }
        left -= 1;
    }
    removed
}

/// Adds the officers of `add_officers` and of `officers = N` above the roster's size (module
/// docs), each [`crate::staffing::new_officer`]. An unknown court is E321.
pub(crate) fn grow(c: &Changes, s: &mut Scenario, diags: &mut Diagnostics) {
    let mut wanted: Vec<CourtIdx> = Vec::new();
    for (court, n) in &c.add_officers {
        match s.court_by_id(court) {
            Some(k) => wanted.extend(std::iter::repeat(k).take(*n as usize)),
            None => {
                let ids: Vec<&str> = s.courts.iter().map(|c| c.id.as_str()).take(12).collect();
                let mut d = Diagnostic::new(
                    Code::BadChange,
                    text!(
                        "`changes.add_officers` names court `{court}`, which the courts table does not have",
                        "changes.add_officers 中的法院“{court}”不在法院表中"
                    ),
                    text!(
                        "use a court id: {}",
                        "使用法院表中的编号：{}",
                        ids.join(", ")
                    ),
                )
                .field("changes.add_officers")
                .value(court.clone());
                if let Some(f) = c.files.get("changes.add_officers") {
                    d = d.file(f);
                }
                diags.push(d);
            }
        }
    }
    if let Some(n) = c.officers {
        let mut count = vec![0usize; s.courts.len()];
        for o in &s.officers {
            count[o.court.index()] += 1;
        }
        let staffed: Vec<usize> = (0..s.courts.len()).filter(|&k| count[k] > 0).collect();
        let eligible: Vec<usize> = if staffed.is_empty() {
            (0..s.courts.len()).collect()
        } else {
            staffed
        };
        let mut size = s.officers.len();
        while size < n as usize {
            let Some(&k) = eligible.iter().min_by_key(|&&k| (count[k], k)) else {
                break;
            };
            count[k] += 1;
            wanted.push(CourtIdx::from(k));
            size += 1;
        }
    }
    for court in wanted {
        let k = next_number(s, court);
        let officer = crate::staffing::new_officer(s, court, k);
        let at = OfficerIdx::from(s.officers.len());
        s.officer_index.insert(officer.id.clone(), at);
        s.officers.push(officer);
    }
}

/// The number of the next new officer at a court: one more than the highest `k` of the
/// court's officers with ids `+COURT-k`.
fn next_number(s: &Scenario, court: CourtIdx) -> u32 {
    let prefix = format!("+{}-", s.court(court).id);
    s.officers
        .iter()
        .filter_map(|o| o.id.as_str().strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1
}

/// The plan's first day, from which `close_enterprises` closes.
pub(crate) fn plan_start(year: i32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(year, 1, 1)
}
