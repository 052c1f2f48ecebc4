//! The scenario file's settings: name, year, data paths, targets, rules, travel, weights,
//! solver, and the calendar they imply.
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::scenario_file::{read_text, MergedToml, Reader};
use crate::calendar::Calendar;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::period::PeriodKind;
use crate::scenario::{
    ConflictScope, EnterprisesCount, OfficerMode, Rules, SolverSettings, TargetKind, Targets,
    Weights, DEFAULT_PRIORITY,
};
use crate::text::Text as Words;
use crate::validate::DAY_MINUTES_MAX;

/// Every key the scenario format knows; a table name admits its listed sub-keys.
const KNOWN_KEYS: &[&str] = &[
    "name",
    "year",
    "seed",
    "description",
    "data",
    "data.courts",
    "data.officers",
    "data.units",
    "data.enterprises",
    "data.conflicts",
    "data.unavailable",
    "data.travel",
    "data.holidays",
    "data.workbook",
    "targets",
    "targets.platforms_share",
    "targets.chambers_share",
    "targets.enterprises_min",
    "targets.priority",
    "targets.enterprises_count",
    "rules",
    "rules.period",
    "rules.unit_visits_per_period",
    "rules.enterprises_per_unit_visit",
    "rules.enterprise_visits_per_period",
    "rules.min_days_between_visits",
    "rules.max_one_way_minutes",
    "rules.officer_mode",
    "rules.max_enterprises_per_officer",
    "rules.day_minutes",
    "rules.onsite_minutes",
    "rules.conflict_scope",
    "travel",
    "travel.speed_kmh",
    "travel.circuity",
    "weights",
    "weights.shortfall",
    "weights.priority",
    "weights.travel",
    "weights.mismatch",
    "weights.imbalance",
    "weights.change",
    "solver",
    "solver.time_limit_s",
    "solver.mip_gap",
    "changes",
    "changes.remove_officers",
    "changes.remove_units",
    "changes.remove_enterprises",
    "changes.close_enterprises",
    "changes.officers_days_scale",
    "changes.add_officers",
    "changes.officers",
];

/// Plan years accepted (a calendar is still needed for the year itself).
const YEARS: (i64, i64) = (1900, 2200);

// The ranges of the numeric settings (docs/scenario-format.md lists them).
/// Most enterprises a target can ask for: a table's row limit.
const ENTERPRISES_MIN_MAX: u32 = 2_000_000;
/// Most visits a period, and the longest spacing: the days of the longest quarter.
const DAYS_MAX: u32 = 92;
/// Most enterprises one unit visit covers.
const ENTERPRISES_PER_VISIT_MAX: u32 = 100;
/// Most minutes of a one-way trip or of a stay on site: the longest day (08:30 to 24:00).
const MINUTES_MAX: u32 = 930;
/// Most enterprises one officer serves.
const ENTERPRISES_PER_OFFICER_MAX: u32 = 10_000;
/// Average road speed, km/h.
const SPEED_KMH: (f64, f64) = (1.0, 300.0);
/// Road km per great-circle km.
const CIRCUITY: (f64, f64) = (1.0, 5.0);
/// The solver's time limit, seconds: at most a day.
const TIME_LIMIT_S: (f64, f64) = (0.0, 86_400.0);
/// Largest objective weight.
const WEIGHT_MAX: f64 = 1e6;

/// Paths of the data tables, already resolved against the files that named them.
pub(crate) struct DataPaths {
    /// The workbook holding every table, one sheet each; the table paths are then `None`.
    pub workbook: Option<PathBuf>,
    pub courts: Option<PathBuf>,
    pub officers: Option<PathBuf>,
    pub units: Option<PathBuf>,
    pub enterprises: Option<PathBuf>,
    pub conflicts: Option<PathBuf>,
    pub unavailable: Option<PathBuf>,
    pub travel: Option<PathBuf>,
}

/// Everything the scenario file says, typed.
pub(crate) struct Settings {
    pub name: String,
    pub year: i32,
    pub seed: u64,
    pub data: DataPaths,
    pub targets: Targets,
    pub rules: Rules,
    pub speed_kmh: f64,
    pub circuity: f64,
    pub weights: Weights,
    pub solver: SolverSettings,
    pub calendar: Calendar,
    /// The what-if edits of `[changes]`.
    pub changes: super::changes::Changes,
    /// Calendar file bytes, for the content hash.
    pub extra_files: Vec<(PathBuf, Vec<u8>)>,
}

/// Reads the merged table. `None` only when nothing usable could be read; otherwise errors
/// are in `diags` and defaults stand in for the bad values so table checks still run.
pub(crate) fn read(merged: &MergedToml, root: &Path, diags: &mut Diagnostics) -> Option<Settings> {
    let mut r = Reader::new(merged, root, diags);
    r.check_unknown(KNOWN_KEYS);
    let name = r.string("name", true).unwrap_or_default();
    let year = match r.int("year", None) {
        Some(y) if (YEARS.0..=YEARS.1).contains(&y) => i32::try_from(y).unwrap_or(0),
        Some(y) => {
            r.bad(
                Code::InvalidNumber,
                "year",
                &y.to_string(),
                text!(
                    "{y} is not a plan year tepai can use",
                    "{y} 不是 tepai 可用的计划年份"
                ),
                text!(
                    "give a year from {} to {}",
                    "填 {} 到 {} 之间的年份",
                    YEARS.0,
                    YEARS.1
                ),
            );
            0
        }
        None => 0,
    };
    let seed = r.int("seed", Some(0)).unwrap_or(0);
    let seed = u64::try_from(seed).unwrap_or_else(|_| {
        r.bad(
            Code::InvalidNumber,
            "seed",
            &seed.to_string(),
            text!("the seed must be zero or more", "seed 须不小于 0"),
            text!("set seed to a whole number ≥ 0", "将 seed 设为 ≥ 0 的整数"),
        );
        0
    });

    let workbook = r.path("data.workbook", false).map(PathBuf::from);
    // With a workbook, every table is one of its sheets; without, the four tables a
    // scenario cannot do without are required keys.
    let csv_required = workbook.is_none();
    let mut path = |key: &str, required: bool| {
        r.path(&format!("data.{key}"), required && csv_required)
            .map(PathBuf::from)
    };
    let mut data = DataPaths {
        workbook: None,
        courts: path("courts", true),
        officers: path("officers", true),
        units: path("units", true),
        enterprises: path("enterprises", true),
        conflicts: path("conflicts", false),
        unavailable: path("unavailable", false),
        travel: path("travel", false),
    };
    if workbook.is_some() {
        let given: Vec<&str> = [
            ("courts", &data.courts),
            ("officers", &data.officers),
            ("units", &data.units),
            ("enterprises", &data.enterprises),
            ("conflicts", &data.conflicts),
            ("unavailable", &data.unavailable),
            ("travel", &data.travel),
        ]
        .into_iter()
        .filter(|(_, p)| p.is_some())
        .map(|(k, _)| k)
        .collect();
        if let Some(first) = given.first() {
            let key = format!("data.{first}");
            let value = given.join(", ");
            r.bad(
                Code::WorkbookAndTables,
                &key,
                &value,
                text!(
                    "`data.workbook` holds every table, yet `data.{{{value}}}` name table files too",
                    "data.workbook 工作簿已含全部表格，但又用 data.{{{value}}} 指定了表格文件"
                ),
                text!(
                    "keep either the workbook or the table files (one sheet per table: courts/法院, units/平台商会, enterprises/企业, officers/特派员, conflicts/利益冲突, unavailable/不可用, travel/路程)",
                    "只保留工作簿或只保留表格文件（工作簿中每张表一个工作表：法院、平台商会、企业、特派员、利益冲突、不可用、路程）"
                ),
            );
        } else {
            data.workbook = workbook;
        }
    }
    let holidays = r.path("data.holidays", false).map(PathBuf::from);

    let td = Targets::default();
    let mut share = |key: &str, default: f64| {
        let v = r.float(key, default).unwrap_or(default);
        if (0.0..=1.0).contains(&v) {
            v
        } else {
            r.bad(
                Code::ShareOutOfRange,
                key,
                &v.to_string(),
                text!(
                    "`{key}` is a share of units and must lie between 0 and 1",
                    "“{key}”是平台商会的比例，须在 0 到 1 之间"
                ),
                text!(
                    "write it as a fraction: 0.8 for 80%",
                    "写成小数：80% 写作 0.8"
                ),
            );
            default
        }
    };
    let platforms_share = share("targets.platforms_share", td.platforms_share);
    let chambers_share = share("targets.chambers_share", td.chambers_share);
    let targets = Targets {
        platforms_share,
        chambers_share,
        enterprises_min: r.u32(
            "targets.enterprises_min",
            td.enterprises_min,
            0,
            ENTERPRISES_MIN_MAX,
        ),
        priority: priority(&mut r),
        enterprises_count: vocabulary(
            &mut r,
            "targets.enterprises_count",
            td.enterprises_count,
            Code::UnknownEnterprisesCount,
        ),
    };

    let rd = Rules::default();
    let period = match r.string("rules.period", false).as_deref() {
        None => rd.period,
        Some("quarter") => PeriodKind::Quarter,
        Some("month") => PeriodKind::Month,
        Some(other) => {
            r.bad(
                Code::UnknownPeriod,
                "rules.period",
                other,
                text!("period `{other}` is not known", "周期“{other}”无法识别"),
                text!(
                    "use \"quarter\" or \"month\"",
                    "填 \"quarter\"（季度）或 \"month\"（月）"
                ),
            );
            rd.period
        }
    };
    let officer_mode = vocabulary(
        &mut r,
        "rules.officer_mode",
        rd.officer_mode,
        Code::UnknownOfficerMode,
    );
    let conflict_scope = vocabulary(
        &mut r,
        "rules.conflict_scope",
        rd.conflict_scope,
        Code::UnknownConflictScope,
    );
    let rules = Rules {
        period,
        unit_visits_per_period: r.u32(
            "rules.unit_visits_per_period",
            rd.unit_visits_per_period,
            1,
            DAYS_MAX,
        ),
        enterprises_per_unit_visit: r.u32(
            "rules.enterprises_per_unit_visit",
            rd.enterprises_per_unit_visit,
            1,
            ENTERPRISES_PER_VISIT_MAX,
        ),
        enterprise_visits_per_period: r.u32(
            "rules.enterprise_visits_per_period",
            rd.enterprise_visits_per_period,
            1,
            DAYS_MAX,
        ),
        min_days_between_visits: r.u32(
            "rules.min_days_between_visits",
            rd.min_days_between_visits,
            0,
            DAYS_MAX,
        ),
        max_one_way_minutes: r.u32(
            "rules.max_one_way_minutes",
            rd.max_one_way_minutes,
            1,
            MINUTES_MAX,
        ),
        officer_mode,
        max_enterprises_per_officer: r.u32(
            "rules.max_enterprises_per_officer",
            rd.max_enterprises_per_officer,
            1,
            ENTERPRISES_PER_OFFICER_MAX,
        ),
        day_minutes: day_minutes(&mut r),
        onsite_minutes: r.u32("rules.onsite_minutes", rd.onsite_minutes, 1, MINUTES_MAX),
        conflict_scope,
    };

    // Below the range (or not a number) is E304, above it (or infinite) E311.
    let mut number = |key: &str, default: f64, (min, max): (f64, f64), zero_ok: bool| {
        let v = r.float(key, default).unwrap_or(default);
        let low = if zero_ok { v < 0.0 } else { v <= 0.0 };
        if v.is_nan() || low {
            let want = if zero_ok {
                text!("zero or more", "不小于 0")
            } else {
                text!("a positive number", "是正数")
            };
            r.bad(
                Code::NonPositiveRule,
                key,
                &v.to_string(),
                Words::new(
                    format!("`{key}` must be {}", want.en),
                    format!("“{key}”须{}", want.zh),
                ),
                text!(
                    "set `{key}` from {min} to {max} (default {default})",
                    "将“{key}”设在 {min} 到 {max} 之间（默认 {default}）"
                ),
            );
            default
        } else if v < min || v > max {
            r.out_of_range(key, &v.to_string(), &min.to_string(), &max.to_string());
            default
        } else {
            v
        }
    };
    let speed_kmh = number("travel.speed_kmh", 45.0, SPEED_KMH, false);
    let circuity = number("travel.circuity", 1.35, CIRCUITY, false);
    let time_limit_s = number(
        "solver.time_limit_s",
        SolverSettings::default().time_limit_s,
        TIME_LIMIT_S,
        false,
    );
    let d = Weights::default();
    let mut weight = |key: &str, default: f64| number(key, default, (0.0, WEIGHT_MAX), true);
    let weights = Weights {
        shortfall: weight("weights.shortfall", d.shortfall),
        priority: weight("weights.priority", d.priority),
        travel: weight("weights.travel", d.travel),
        mismatch: weight("weights.mismatch", d.mismatch),
        imbalance: weight("weights.imbalance", d.imbalance),
        change: weight("weights.change", d.change),
    };
    let mip_gap = number(
        "solver.mip_gap",
        SolverSettings::default().mip_gap,
        (0.0, 1.0),
        true,
    );
    let solver = SolverSettings {
        time_limit_s,
        mip_gap,
    };

    let changes = super::changes::read(&mut r);

    let mut calendar = Calendar::china();
    let mut extra_files = Vec::new();
    if let Some(file) = holidays {
        if let Some((text, bytes)) = read_text(&file, r.diags) {
            match Calendar::parse_csv(&text) {
                Ok(own) => calendar.merge(own),
                Err(rows) => {
                    for e in rows {
                        r.diags.push(
                            Diagnostic::new(
                                Code::InvalidCalendar,
                                Words::new(e.message, e.message_zh),
                                text!(
                                    "fix the row: columns date,kind,name,name_en; kind holiday or workday",
                                    "改正该行：列为 date,kind,name,name_en；kind 填 holiday（放假）或 workday（调休上班）"
                                ),
                            )
                            .file(&file)
                            .line(e.line)
                            .field(e.field)
                            .value(e.value),
                        );
                    }
                }
            }
            extra_files.push((file, bytes));
        }
    }
    if year != 0 && !calendar.covers(year) {
        let covered: Vec<String> = calendar.covered_years().map(|y| y.to_string()).collect();
        r.bad(
            Code::YearNotCovered,
            "year",
            &year.to_string(),
            text!(
                "tepai has holiday data for {} only, not for {year}",
                "tepai 只有 {} 年的节假日数据，没有 {year} 年的",
                covered.join(", ")
            ),
            text!(
                "supply the year's holidays and make-up workdays in a CSV named by data.holidays",
                "将该年的节假日和调休上班日写入一个 CSV 文件，并用 data.holidays 指定"
            ),
        );
    }

    Some(Settings {
        name,
        year,
        seed,
        data,
        targets,
        rules,
        speed_kmh,
        circuity,
        weights,
        solver,
        calendar,
        changes,
        extra_files,
    })
}

/// `targets.priority`: the targets named, highest first, then those not named in the
/// default order. An unknown name or a name given twice is E320 (the default order stands).
fn priority(r: &mut Reader<'_>) -> [TargetKind; 3] {
    const KEY: &str = "targets.priority";
    let Some(names) = r.strings(KEY) else {
        return DEFAULT_PRIORITY;
    };
    let mut order: Vec<TargetKind> = Vec::with_capacity(3);
    let mut ok = true;
    for name in &names {
        match name.trim().parse::<TargetKind>() {
            Ok(kind) if order.contains(&kind) => {
                r.bad(
                    Code::BadTargetPriority,
                    KEY,
                    name,
                    text!(
                        "`{name}` is listed twice in the priority",
                        "“{name}”在优先顺序中出现了两次"
                    ),
                    text!(
                        "list each target at most once, e.g. [\"platforms\", \"chambers\", \"enterprises\"]",
                        "每个目标至多列一次，如 [\"工业平台\", \"商会\", \"企业\"]"
                    ),
                );
                ok = false;
            }
            Ok(kind) => order.push(kind),
            Err(()) => {
                r.bad(
                    Code::BadTargetPriority,
                    KEY,
                    name,
                    text!("`{name}` is not a target", "“{name}”不是目标"),
                    Words::new(
                        format!("use any of: {}", TargetKind::choices()),
                        format!(
                            "填以下几项：{}",
                            TargetKind::ALL
                                .iter()
                                .map(|k| k.zh())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    ),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return DEFAULT_PRIORITY;
    }
    for kind in DEFAULT_PRIORITY {
        if !order.contains(&kind) {
            order.push(kind);
        }
    }
    [order[0], order[1], order[2]]
}

/// `rules.day_minutes`: 1 to 930, above which trips would return after midnight (E310, as
/// [`crate::validate`] reports for a scenario built otherwise).
fn day_minutes(r: &mut Reader<'_>) -> u32 {
    const KEY: &str = "rules.day_minutes";
    let default = Rules::default().day_minutes;
    match r.int(KEY, Some(i64::from(default))) {
        Some(v) if v > i64::from(DAY_MINUTES_MAX) => {
            r.bad(
                Code::ImpossibleRule,
                KEY,
                &v.to_string(),
                text!(
                    "trips leave at 08:30, so a {v}-minute day would return after midnight",
                    "走访 08:30 出发，一天 {v} 分钟会在午夜之后才返回"
                ),
                text!(
                    "use at most {DAY_MINUTES_MAX} minutes (08:30 to 24:00)",
                    "最多 {DAY_MINUTES_MAX} 分钟（08:30 到 24:00）"
                ),
            );
            default
        }
        _ => r.u32(KEY, default, 1, DAY_MINUTES_MAX),
    }
}

/// Reads a key whose value comes from a closed vocabulary.
fn vocabulary<T>(r: &mut Reader<'_>, key: &str, default: T, code: Code) -> T
where
    T: FromStr + Copy + std::fmt::Display + Choices,
{
    match r.string(key, false) {
        None => default,
        Some(s) => match s.parse() {
            Ok(v) => v,
            Err(_) => {
                r.bad(
                    code,
                    key,
                    &s,
                    text!("`{s}` is not a known value", "“{s}”不是可用的值"),
                    Words::new(
                        format!("use one of: {}", T::choices().en),
                        format!("填以下之一：{}", T::choices().zh),
                    ),
                );
                default
            }
        },
    }
}

/// Vocabularies that can list their spellings.
pub(crate) trait Choices {
    /// The accepted spellings.
    fn choices() -> Words;
}

impl Choices for OfficerMode {
    fn choices() -> Words {
        OfficerMode::choices_text()
    }
}

impl Choices for EnterprisesCount {
    fn choices() -> Words {
        EnterprisesCount::choices_text()
    }
}

impl Choices for ConflictScope {
    fn choices() -> Words {
        ConflictScope::choices_text()
    }
}
