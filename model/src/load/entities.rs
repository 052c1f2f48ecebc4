//! The data tables: courts, units, enterprises, officers, conflicts, unavailability and the
//! travel matrix, each row parsed into typed values with every reference resolved.
use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::str::FromStr;

use chrono::Datelike;
use sha2::Sha256;
use smallvec::SmallVec;

use super::changes::{self, Dropped, Removed, Which};
use super::settings::Settings;
use super::table::{label as table_label, list, Row, Table};
use super::workbook::Workbook;
use crate::diagnostics::{Code, Diagnostics};
use crate::ids::{
    CourtId, CourtIdx, EnterpriseId, EnterpriseIdx, IdIndex, OfficerId, OfficerIdx, Place, Target,
    UnitId, UnitIdx,
};
use crate::scenario::{
    Categories, Category, Conflict, ConflictParty, Court, CourtLevel, Enterprise, Officer, Origins,
    Rank, Scenario, TableLabel, Tag, Unavailability, Unit, UnitKind,
};
use crate::text::Text as Words;
use crate::travel::{LatLon, TravelModel};

/// Required columns of the courts table.
pub const COURT_COLUMNS: &[&str] = &["id", "name", "level", "lat", "lon", "county"];
/// Required columns of the officers table.
pub const OFFICER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "court",
    "rank",
    "specialties",
    "days_per_quarter",
];
/// Optional columns of the officers table.
pub const OFFICER_OPTIONAL: &[&str] = &["previous_target"];
/// Required columns of the units table.
pub const UNIT_COLUMNS: &[&str] = &["id", "name", "kind", "lat", "lon", "county", "industry"];
/// Optional columns of the units table.
pub const UNIT_OPTIONAL: &[&str] = &["team_size"];
/// Required columns of the enterprises table.
pub const ENTERPRISE_COLUMNS: &[&str] =
    &["id", "name", "lat", "lon", "county", "industry", "units"];
/// Optional columns of the enterprises table.
pub const ENTERPRISE_OPTIONAL: &[&str] = &["categories", "needs", "priority", "closed_on"];
/// Required columns of the conflicts table.
pub const CONFLICT_COLUMNS: &[&str] = &["officer", "court", "enterprise"];
/// Required columns of the unavailability table.
pub const UNAVAILABLE_COLUMNS: &[&str] = &["officer", "from", "to"];
/// Required columns of the travel matrix.
pub const TRAVEL_COLUMNS: &[&str] = &["from", "to", "minutes"];
/// The optional column of the conflicts and unavailability tables.
pub const REASON: &[&str] = &["reason"];

/// What a column holds: how a workbook cell is read, and what the template offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text: an id, a name, a tag.
    Text,
    /// A list of items separated by `;`, `；`, `、` or `，`.
    List,
    /// A number.
    Number,
    /// A date: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日` or (workbooks) a date cell.
    Date,
    /// One value of a closed vocabulary (English or Chinese spelling).
    Choice(Vocabulary),
    /// A list of values of a closed vocabulary.
    ChoiceList(Vocabulary),
}

/// The closed vocabularies of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// [`CourtLevel`].
    CourtLevel,
    /// [`Rank`].
    Rank,
    /// [`UnitKind`].
    UnitKind,
    /// [`Category`].
    Category,
}

impl Vocabulary {
    /// `(English, Chinese name)` of every value, in declaration order.
    pub fn values(self) -> Vec<(&'static str, &'static str)> {
        fn pairs<T: Copy>(
            all: &[T],
            en: fn(T) -> &'static str,
            zh: fn(T) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            all.iter().map(|&v| (en(v), zh(v))).collect()
        }
        match self {
            Vocabulary::CourtLevel => pairs(CourtLevel::ALL, CourtLevel::as_str, CourtLevel::zh),
            Vocabulary::Rank => pairs(Rank::ALL, Rank::as_str, Rank::zh),
            Vocabulary::UnitKind => pairs(UnitKind::ALL, UnitKind::as_str, UnitKind::zh),
            Vocabulary::Category => pairs(Category::ALL, Category::as_str, Category::zh),
        }
    }
}

/// One column of a table: its English name (the CSV contract), its one Chinese name (accepted
/// as a header in CSV and workbooks, written by `tepai template`), what it holds, and a line
/// of help for the template's instructions sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// English header.
    pub name: &'static str,
    /// Chinese header.
    pub zh: &'static str,
    /// What the cells hold.
    pub kind: ColumnKind,
    /// What to write, in Chinese.
    pub help: &'static str,
}

/// A data table: its `[data]` key (also its English sheet name), its Chinese sheet name, and
/// its columns.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// The `[data]` key and English sheet name, e.g. `courts`.
    pub key: &'static str,
    /// The Chinese sheet name, e.g. `法院`.
    pub sheet: &'static str,
    /// Required columns (English).
    pub required: &'static [&'static str],
    /// Optional columns (English).
    pub optional: &'static [&'static str],
    /// Every column, required ones first, in the order tepai writes them.
    pub columns: &'static [Column],
    /// Whether a scenario must have this table.
    pub mandatory: bool,
}

impl TableSpec {
    /// The column called `name` (English).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn col(name: &'static str, zh: &'static str, kind: ColumnKind, help: &'static str) -> Column {
    Column {
        name,
        zh,
        kind,
        help,
    }
}

use ColumnKind::{Choice, ChoiceList, Date, List, Number as Num, Text};

/// The courts table (法院).
pub const COURTS: TableSpec = TableSpec {
    key: "courts",
    sheet: "法院",
    required: COURT_COLUMNS,
    optional: &[],
    mandatory: true,
    columns: &[
        col(
            "id",
            "编号",
            Text,
            "法院的唯一编号，如 c-yanping；不含空格和 ; , / 等符号",
        ),
        col("name", "名称", Text, "法院全称，如 延平区人民法院"),
        col(
            "level",
            "级别",
            Choice(Vocabulary::CourtLevel),
            "高级、中级、基层法院 或 司法局",
        ),
        col("lat", "纬度", Num, "所在地纬度（度，WGS-84），如 26.637"),
        col("lon", "经度", Num, "所在地经度（度，WGS-84），如 118.178"),
        col(
            "county",
            "所属县区",
            Text,
            "所在县（市、区）的编号，如 yanping",
        ),
    ],
};

/// The officers table (特派员).
pub const OFFICERS: TableSpec = TableSpec {
    key: "officers",
    sheet: "特派员",
    required: OFFICER_COLUMNS,
    optional: OFFICER_OPTIONAL,
    mandatory: true,
    columns: &[
        col("id", "编号", Text, "特派员的唯一编号，如 o-0001"),
        col("name", "姓名", Text, "特派员姓名"),
        col(
            "court",
            "所属法院",
            Text,
            "派出法院的编号（法院表的编号列）",
        ),
        col(
            "rank",
            "职级",
            Choice(Vocabulary::Rank),
            "员额法官、法官助理、律师、公证员、法律工作者 或 其他",
        ),
        col(
            "specialties",
            "专长",
            List,
            "专长标签，多个用 、 或 ； 分隔，如 合同、劳动",
        ),
        col(
            "days_per_quarter",
            "每季度可用天数",
            Num,
            "每季度可用于特派工作的工作日数，1 到 92",
        ),
        col(
            "previous_target",
            "上年服务对象",
            Text,
            "选填：上年服务的平台商会或企业的编号，多个用 、 或 ； 分隔",
        ),
    ],
};

/// The units table (平台商会).
pub const UNITS: TableSpec = TableSpec {
    key: "units",
    sheet: "平台商会",
    required: UNIT_COLUMNS,
    optional: UNIT_OPTIONAL,
    mandatory: true,
    columns: &[
        col("id", "编号", Text, "平台或商会的唯一编号，如 pf-yanping-01"),
        col("name", "名称", Text, "平台或商会名称"),
        col(
            "kind",
            "类型",
            Choice(Vocabulary::UnitKind),
            "工业平台 或 商会（协会、行会同属商会）",
        ),
        col("lat", "纬度", Num, "所在地纬度（度），如 26.660"),
        col("lon", "经度", Num, "所在地经度（度），如 118.138"),
        col("county", "所属县区", Text, "所在县（市、区）的编号"),
        col("industry", "行业", Text, "行业标签，如 food"),
        col(
            "team_size",
            "团队人数",
            Num,
            "选填：共同服务的特派员人数，默认 1（定向模式）",
        ),
    ],
};

/// The enterprises table (企业).
pub const ENTERPRISES: TableSpec = TableSpec {
    key: "enterprises",
    sheet: "企业",
    required: ENTERPRISE_COLUMNS,
    optional: ENTERPRISE_OPTIONAL,
    mandatory: true,
    columns: &[
        col("id", "编号", Text, "企业的唯一编号，如 e-00001"),
        col("name", "企业名称", Text, "企业全称"),
        col("lat", "纬度", Num, "所在地纬度（度）"),
        col("lon", "经度", Num, "所在地经度（度）"),
        col("county", "所属县区", Text, "所在县（市、区）的编号"),
        col("industry", "行业", Text, "行业标签"),
        col(
            "units",
            "所属平台商会",
            List,
            "所属平台、商会的编号，多个用 、 或 ； 分隔；不属于任何平台商会则留空",
        ),
        col(
            "categories",
            "企业类别",
            ChoiceList(Vocabulary::Category),
            "选填：上市、国企、外资、高新、绿色，多个用 、 分隔",
        ),
        col(
            "needs",
            "法律需求",
            List,
            "选填：法律需求标签，多个用 、 分隔，与特派员专长对应",
        ),
        col(
            "priority",
            "优先级",
            Num,
            "选填：0 到 100 的整数，越大越优先，默认 0",
        ),
        col(
            "closed_on",
            "停业日期",
            Date,
            "选填：企业停业、注销或迁出的日期，自该日起不再走访；留空表示照常经营",
        ),
    ],
};

/// The conflicts-of-interest table (利益冲突).
pub const CONFLICTS: TableSpec = TableSpec {
    key: "conflicts",
    sheet: "利益冲突",
    required: CONFLICT_COLUMNS,
    optional: REASON,
    mandatory: false,
    columns: &[
        col(
            "officer",
            "特派员",
            Text,
            "有利益冲突的特派员编号（与法院二选一）",
        ),
        col(
            "court",
            "法院",
            Text,
            "有利益冲突的法院编号（与特派员二选一）",
        ),
        col("enterprise", "企业", Text, "企业编号"),
        col("reason", "原因", Text, "选填：原因，如 案件审理中"),
    ],
};

/// The unavailability table (不可用).
pub const UNAVAILABLE: TableSpec = TableSpec {
    key: "unavailable",
    sheet: "不可用",
    required: UNAVAILABLE_COLUMNS,
    optional: REASON,
    mandatory: false,
    columns: &[
        col("officer", "特派员", Text, "特派员编号"),
        col(
            "from",
            "开始日期",
            Date,
            "第一天，如 2024-01-08 或 2024/1/8",
        ),
        col("to", "结束日期", Date, "最后一天（含）"),
        col("reason", "原因", Text, "选填：原因，如 年休假"),
    ],
};

/// The travel-time table (路程).
pub const TRAVEL: TableSpec = TableSpec {
    key: "travel",
    sheet: "路程",
    required: TRAVEL_COLUMNS,
    optional: &[],
    mandatory: false,
    columns: &[
        col("from", "起点", Text, "出发地编号（法院、平台商会或企业）"),
        col("to", "终点", Text, "目的地编号"),
        col(
            "minutes",
            "单程分钟",
            Num,
            "单程驾车分钟数，替代按距离估算的时间",
        ),
    ],
};

/// Every table, in the order they are read.
pub const TABLES: &[TableSpec] = &[
    COURTS,
    UNITS,
    ENTERPRISES,
    OFFICERS,
    CONFLICTS,
    UNAVAILABLE,
    TRAVEL,
];

/// Reads every table of `settings.data` and builds the scenario. `None` when a required
/// table could not be read in full; row errors are in `diags`.
pub(crate) fn build(
    settings: Settings,
    source: PathBuf,
    diags: &mut Diagnostics,
    hasher: &mut Sha256,
) -> Option<Scenario> {
    let data = &settings.data;
    // Tables are read one after the other, each row by row, in this order (which is also
    // their order in the content hash). Every table that opens is read for its own rows'
    // errors, even when a table before it could not be read; only references into a table
    // not read in full are left unresolved (the id may be on a row never read), not reported.
    let mut usable = true;
    let mut places = PlaceIds::default();
    let ch = &settings.changes;
    let mut removed = Removed::new(ch);
    // A workbook is read (and hashed) whole before its sheets; without one, each CSV file.
    let workbook = data.workbook.as_ref().and_then(|path| {
        let opened = Workbook::open(path, diags, hasher);
        if let Some(w) = &opened {
            w.check_sheets(diags);
        }
        opened
    });
    let failed_workbook = data.workbook.is_some() && workbook.is_none();
    if failed_workbook {
        usable = false;
    }
    let mut r = Reading {
        usable: &mut usable,
        diags,
        hasher,
        workbook,
        failed_workbook,
        labels: Vec::new(),
    };
    let (courts, courts_complete) = r
        .table(&COURTS, data.courts.as_ref(), |t, d| {
            courts(t, &mut places, d)
        })
        .unwrap_or_default();
    let (mut units, units_complete) = r
        .table(&UNITS, data.units.as_ref(), |t, d| {
            units(t, &mut places, &mut removed, d)
        })
        .unwrap_or_default();
    let unit_refs = Referenced::new(
        "unit",
        &units,
        units_complete,
        r.label(&UNITS, data.units.as_ref()),
    );
    let ((), enterprises_complete) = r
        .table(&ENTERPRISES, data.enterprises.as_ref(), |t, d| {
            enterprises(t, &mut places, &unit_refs, &mut removed, d)
        })
        .unwrap_or_default();
    if let Some(start) = changes::plan_start(settings.year) {
        for id in &ch.close_enterprises {
            if let Some(e) = places.enterprise(id) {
                places.enterprises[e.index()].closed_on = Some(start);
            }
        }
    }
    let refs = Refs {
        courts: Referenced::new(
            "court",
            &courts,
            courts_complete,
            r.label(&COURTS, data.courts.as_ref()),
        ),
        units: unit_refs,
        enterprises: Referenced::new(
            "enterprise",
            &places.enterprises,
            enterprises_complete,
            r.label(&ENTERPRISES, data.enterprises.as_ref()),
        ),
    };
    let (mut officers, officers_complete) = r
        .table(&OFFICERS, data.officers.as_ref(), |t, d| {
            officers(t, &places, &refs, &mut removed, d)
        })
        .unwrap_or_default();
    changes::scale_days(ch, &mut officers.list);
    let shrunk = changes::shrink(ch, &officers.list, &courts);
    if !shrunk.is_empty() {
        for &i in &shrunk {
            removed.officers.insert(officers.list[i].id.to_string());
        }
        let gone: HashSet<usize> = shrunk.into_iter().collect();
        let (list, lines): (Vec<Officer>, Vec<u64>) = std::mem::take(&mut officers.list)
            .into_iter()
            .zip(std::mem::take(&mut officers.lines))
            .enumerate()
            .filter(|(i, _)| !gone.contains(i))
            .map(|(_, x)| x)
            .unzip();
        officers.index = list
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), OfficerIdx::from(i)))
            .collect();
        officers.list = list;
        officers.lines = lines;
    }
    let officer_refs = Referenced::new(
        "officer",
        &officers.list,
        officers_complete,
        r.label(&OFFICERS, data.officers.as_ref()),
    );
    let known = Known {
        officers: &officers,
        refs: officer_refs,
    };
    let (conflicts, _) = r
        .table(&CONFLICTS, data.conflicts.as_ref(), |t, d| {
            conflicts(t, &places, &refs, &known, &removed, d)
        })
        .unwrap_or_default();
    let (unavailable, _) = r
        .table(&UNAVAILABLE, data.unavailable.as_ref(), |t, d| {
            unavailable(t, &known, &removed, settings.year, d)
        })
        .unwrap_or_default();
    let mut travel = TravelModel::new(settings.speed_kmh, settings.circuity);
    if let Some((overrides, true)) = r.table(&TRAVEL, data.travel.as_ref(), |t, d| {
        travel_matrix(t, &places, &refs, &removed, d)
    }) {
        travel.overrides = overrides;
    }
    for (file, bytes) in &settings.extra_files {
        super::hash_file(r.hasher, file, bytes);
    }
    let labels = [
        r.label(&UNITS, data.units.as_ref()),
        r.label(&ENTERPRISES, data.enterprises.as_ref()),
        r.label(&OFFICERS, data.officers.as_ref()),
    ];
    // Ids of the removal lists no row had (only when the tables were read in full).
    if units_complete {
        changes::unknown_ids(
            ch,
            "changes.remove_units",
            &ch.remove_units,
            |id| removed.found.contains(id),
            r.diags,
        );
    }
    if enterprises_complete {
        changes::unknown_ids(
            ch,
            "changes.remove_enterprises",
            &ch.remove_enterprises,
            |id| removed.found.contains(id),
            r.diags,
        );
        changes::unknown_ids(
            ch,
            "changes.close_enterprises",
            &ch.close_enterprises,
            |id| places.enterprise(id).is_some() || removed.enterprises.contains(id),
            r.diags,
        );
    }
    if officers_complete {
        changes::unknown_ids(
            ch,
            "changes.remove_officers",
            &ch.remove_officers,
            |id| removed.found.contains(id),
            r.diags,
        );
    }
    drop(r);
    if !usable {
        return None;
    }
    // Each unit's members, in the order of the enterprises table.
    for (at, e) in places.enterprises.iter().enumerate() {
        for &u in &e.units {
            units[u.index()].members.push(EnterpriseIdx::from(at));
        }
    }
    let mut conflicts_by_enterprise: HashMap<EnterpriseIdx, Vec<ConflictParty>> = HashMap::new();
    for c in &conflicts {
        conflicts_by_enterprise
            .entry(c.enterprise)
            .or_default()
            .push(c.party);
    }
    let tags = places.tag_texts();
    let table_file = |path: &Option<PathBuf>| {
        path.clone()
            .or_else(|| data.workbook.clone())
            .unwrap_or_default()
    };
    let [units_label, enterprises_label, officers_label] = labels;
    Some(Scenario {
        name: settings.name,
        year: settings.year,
        seed: settings.seed,
        source,
        content_hash: String::new(),
        courts,
        officers: officers.list,
        units,
        enterprises: places.enterprises,
        conflicts,
        unavailable,
        targets: settings.targets,
        rules: settings.rules,
        weights: settings.weights,
        solver: settings.solver,
        travel,
        calendar: settings.calendar,
        tags,
        officer_index: officers.index,
        unit_index: places.units,
        enterprise_index: places.enterprise_index,
        court_index: places.courts,
        conflicts_by_enterprise,
        origins: Origins {
            units_file: table_file(&data.units),
            unit_lines: places.unit_lines,
            officers_file: table_file(&data.officers),
            officer_lines: officers.lines,
            enterprises_file: table_file(&data.enterprises),
            units: units_label,
            enterprises: enterprises_label,
            officers: officers_label,
        },
    })
}

/// The state of reading the tables in turn.
struct Reading<'a> {
    /// Whether every required table so far was read in full.
    usable: &'a mut bool,
    diags: &'a mut Diagnostics,
    hasher: &'a mut Sha256,
    /// The workbook the tables come from, if the scenario names one that opened.
    workbook: Option<Workbook>,
    /// Whether the scenario names a workbook that could not be opened (already reported).
    failed_workbook: bool,
    /// How the input names each table opened so far (by `[data]` key).
    labels: Vec<(&'static str, TableLabel)>,
}

impl Reading<'_> {
    /// Opens `spec`'s table (the CSV file at `path`, or the workbook's sheet) and reads it
    /// with `read`. `None` when it could not be opened; otherwise what `read` returned and
    /// whether every row was read.
    fn table<T>(
        &mut self,
        spec: &TableSpec,
        path: Option<&PathBuf>,
        read: impl FnOnce(&mut Table<'_>, &mut Diagnostics) -> T,
    ) -> Option<(T, bool)> {
        let required = spec.mandatory;
        let opened = if self.failed_workbook {
            None
        } else if let Some(w) = &mut self.workbook {
            match w.sheet_of(spec) {
                None => {
                    if required {
                        self.diags.push(w.missing(spec));
                    }
                    None
                }
                Some(name) => w
                    .read(&name, self.diags)
                    .and_then(|sheet| Table::from_sheet(&w.path, spec, sheet, self.diags)),
            }
        } else {
            path.and_then(|p| Table::open(p, spec, self.diags, self.hasher))
        };
        let Some(mut t) = opened else {
            // An absent required path is E005, already reported.
            if required {
                *self.usable = false;
            }
            return None;
        };
        self.labels.push((spec.key, t.label().clone()));
        let out = read(&mut t, self.diags);
        t.drain(self.diags);
        let complete = t.complete();
        if required && !complete {
            *self.usable = false;
        }
        Some((out, complete))
    }

    /// How the input names `spec`'s table: as read, or (a table not opened) by the sheet or
    /// file the scenario names for it.
    fn label(&self, spec: &TableSpec, path: Option<&PathBuf>) -> TableLabel {
        if let Some((_, l)) = self.labels.iter().find(|(k, _)| *k == spec.key) {
            return l.clone();
        }
        let sheet = if let Some(w) = &self.workbook {
            Some(w.sheet_of(spec).unwrap_or_else(|| spec.sheet.to_owned()))
        } else {
            self.failed_workbook.then(|| spec.sheet.to_owned())
        };
        match sheet {
            Some(name) => table_label(spec, format!("sheet {name}"), Some(&name), &[]),
            None => {
                let file = path.and_then(|p| p.file_name()).map_or_else(
                    || format!("{}.csv", spec.key),
                    |n| n.to_string_lossy().into_owned(),
                );
                table_label(spec, file, None, &[])
            }
        }
    }
}

/// Ids of every place kind, to resolve references and catch one id used for two kinds.
#[derive(Default)]
struct PlaceIds {
    courts: HashMap<CourtId, CourtIdx>,
    units: HashMap<UnitId, UnitIdx>,
    /// The enterprises read so far, found by id through `enterprise_index` (the table that
    /// may have millions of rows: the index holds no second copy of the ids).
    enterprises: Vec<Enterprise>,
    enterprise_index: IdIndex,
    /// Every county, industry and need tag met so far, each held once.
    tags: HashMap<Box<str>, Tag>,
    /// Ids declared by rows that had errors: references to them are not errors of their own.
    broken: HashSet<String>,
    /// File line of each loaded unit, by index.
    unit_lines: Vec<u64>,
}

impl PlaceIds {
    fn kind_of(&self, id: &str) -> Option<&'static str> {
        if self.courts.contains_key(id) {
            Some("court")
        } else if self.units.contains_key(id) {
            Some("unit")
        } else if self.enterprise(id).is_some() {
            Some("enterprise")
        } else {
            None
        }
    }

    fn place(&self, id: &str) -> Option<Place> {
        if let Some(&c) = self.courts.get(id) {
            return Some(Place::Court(c));
        }
        if let Some(&u) = self.units.get(id) {
            return Some(Place::Unit(u));
        }
        self.enterprise(id).map(Place::Enterprise)
    }

    fn enterprise(&self, id: &str) -> Option<EnterpriseIdx> {
        self.enterprise_index
            .get(id, |at| self.enterprises[at].id.as_str())
            .map(EnterpriseIdx::from)
    }

    /// The one shared copy of a tag (county, industry, need): an enterprise table repeats a
    /// few hundred tags over millions of rows.
    fn tag(&mut self, text: &str) -> Tag {
        if let Some(&tag) = self.tags.get(text) {
            return tag;
        }
        let tag = Tag(u32::try_from(self.tags.len()).expect("fewer than 2^32 tags"));
        self.tags.insert(text.into(), tag);
        tag
    }

    /// The text of every tag, by tag.
    fn tag_texts(&mut self) -> Vec<Box<str>> {
        let mut texts: Vec<(Box<str>, Tag)> = std::mem::take(&mut self.tags).into_iter().collect();
        texts.sort_unstable_by_key(|&(_, tag)| tag);
        texts.into_iter().map(|(text, _)| text).collect()
    }
}

/// Items other tables refer to by id.
trait Named {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
}

impl Named for Court {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Unit {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Enterprise {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Officer {
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        &self.name
    }
}

/// Item comparisons the closest-id search may make in one table, over all its searches: a
/// search scans the table, so on a table of millions of rows only the first few unknown
/// references get a suggestion (and their listing stays fast).
const SUGGESTION_BUDGET: u64 = 4_000_000;

/// A table other tables refer to by id: whether it was read in full (otherwise an id found
/// nowhere may be on a row never read, and is not reported), how the input names it, and
/// what a reference naming none of its ids may have meant. The searches run only for a
/// finding that will be listed.
struct Referenced<'a, T> {
    /// `court`, `unit`, `enterprise`, `officer`.
    kind: &'static str,
    items: &'a [T],
    complete: bool,
    label: TableLabel,
    /// Positions of the items by name (the first of equal names), built at the first search.
    names: OnceCell<IdIndex>,
    /// Item comparisons the closest-id search may still make.
    budget: Cell<u64>,
}

impl<'a, T: Named> Referenced<'a, T> {
    fn new(kind: &'static str, items: &'a [T], complete: bool, label: TableLabel) -> Self {
        Referenced {
            kind,
            items,
            complete,
            label,
            names: OnceCell::new(),
            budget: Cell::new(SUGGESTION_BUDGET),
        }
    }

    /// `the 编号 column of sheet 法院`.
    fn ids(&self) -> Words {
        self.label.column_of_text("id")
    }
}

/// A table searched for what an unknown reference meant.
trait Suggest {
    fn kind(&self) -> &'static str;
    /// Whether the table was read in full.
    fn complete(&self) -> bool;
    /// The id of the item whose name is `value`.
    fn named(&self, value: &str) -> Option<&str>;
    /// Offers every id within `closest.limit` edits of `value` (given as its characters).
    fn near(&self, value: &[char], closest: &mut Closest);
}

impl<T: Named> Suggest for Referenced<'_, T> {
    fn kind(&self) -> &'static str {
        self.kind
    }

    fn complete(&self) -> bool {
        self.complete
    }

    fn named(&self, value: &str) -> Option<&str> {
        let names = self.names.get_or_init(|| {
            let mut index = IdIndex::default();
            for (at, item) in self.items.iter().enumerate() {
                let name = item.name();
                if index.get(name, |i| self.items[i].name()).is_none() {
                    index.insert(name, at, |i| self.items[i].name());
                }
            }
            index
        });
        names
            .get(value, |i| self.items[i].name())
            .map(|at| self.items[at].id())
    }

    fn near(&self, value: &[char], closest: &mut Closest) {
        let n = self.items.len() as u64;
        if self.budget.get() < n {
            return;
        }
        self.budget.set(self.budget.get() - n);
        for item in self.items {
            closest.offer(value, item.id());
        }
    }
}

/// The closest ids met so far within `limit` edits.
struct Closest {
    limit: usize,
    best: Option<(usize, String)>,
    /// Whether another id is as close as the best one (then none is suggested).
    tied: bool,
}

impl Closest {
    fn offer(&mut self, value: &[char], id: &str) {
        let Some(d) = distance_within(value, id, self.limit) else {
            return;
        };
        match &self.best {
            Some((best, _)) if d > *best => {}
            Some((best, _)) if d == *best => self.tied = true,
            _ => {
                self.best = Some((d, id.to_owned()));
                self.tied = false;
                self.limit = d;
            }
        }
    }
}

/// The edits (insertions, deletions, substitutions, swaps of neighbours) that turn `a` into
/// `b`, when at most `limit`; `None` beyond. Nothing is allocated.
fn distance_within(a: &[char], b: &str, limit: usize) -> Option<usize> {
    const LONGEST: usize = 96;
    let n = a.len();
    if n >= LONGEST {
        return None;
    }
    let mut rows = [[0u8; LONGEST + 1]; 3];
    let [mut before, mut prev, mut cur] = [0, 1, 2];
    for (j, cell) in rows[prev].iter_mut().enumerate().take(n + 1) {
        *cell = u8::try_from(j).unwrap_or(u8::MAX);
    }
    let mut last = None;
    let mut m = 0;
    for c in b.chars() {
        m += 1;
        if m > n + limit {
            return None;
        }
        let first = u8::try_from(m).unwrap_or(u8::MAX);
        rows[cur][0] = first;
        let mut row_min = first;
        for j in 1..=n {
            let cost = u8::from(a[j - 1] != c);
            let mut v = (rows[prev][j].saturating_add(1))
                .min(rows[cur][j - 1].saturating_add(1))
                .min(rows[prev][j - 1].saturating_add(cost));
            if j > 1 && last == Some(a[j - 1]) && a[j - 2] == c {
                v = v.min(rows[before][j - 2].saturating_add(1));
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > limit {
            return None;
        }
        [before, prev, cur] = [prev, cur, before];
        last = Some(c);
    }
    let d = usize::from(rows[prev][n]);
    (d <= limit).then_some(d)
}

/// The tables a reference may name: courts, units and enterprises.
struct Refs<'a> {
    courts: Referenced<'a, Court>,
    units: Referenced<'a, Unit>,
    enterprises: Referenced<'a, Enterprise>,
}

/// The officers read, and the officers table as referenced.
struct Known<'a> {
    officers: &'a Officers,
    refs: Referenced<'a, Officer>,
}

/// List cells separate items by any of these.
const SEPARATED: &str = "separated by ; ； 、 or ，";
/// [`SEPARATED`] in Chinese.
const SEPARATED_ZH: &str = "以 ; ； 、 或 ， 分隔";

/// A kind of item (`court`, `unit`, `enterprise`, `officer`) in Chinese.
fn kind_zh(kind: &str) -> &str {
    match kind {
        "court" => "法院",
        "unit" => "平台商会",
        "enterprise" => "企业",
        "officer" => "特派员",
        other => other,
    }
}

/// Reports `value`, in `column` of `row`, that names no item of `tables` (the tables it may
/// name): unless one of them was not read in full (the item may be on a row never read). The
/// fix says which id to write when `value` is an item's name, or suggests the closest id
/// when one is clearly close (only for a finding that will be listed), or else `fix`.
#[allow(clippy::too_many_arguments)]
fn unknown_reference(
    t: &Table,
    row: &Row,
    column: &str,
    code: Code,
    message: Words,
    value: &str,
    tables: &[&dyn Suggest],
    fix: Words,
    diags: &mut Diagnostics,
) {
    if tables.iter().any(|r| !r.complete()) {
        return;
    }
    let hint = if diags.lists(code, &t.path) {
        suggestion(value, tables)
    } else {
        None
    };
    let action = match hint {
        Some(Suggestion::Name(kind, id)) => Words::new(
            format!("`{value}` is the name of {kind} {id}: write its id {id}"),
            format!("“{value}”是{} {id} 的名称：应填其编号 {id}", kind_zh(kind)),
        ),
        Some(Suggestion::Close(id)) => Words::new(
            format!("did you mean {id}? {}", fix.en),
            format!("是否应为 {id}？{}", fix.zh),
        ),
        None => fix,
    };
    diags.push(t.at(row, column, code, message, action).value(value));
}

enum Suggestion {
    /// `value` is the name of this kind of item, with this id.
    Name(&'static str, String),
    /// The one id closest to `value`.
    Close(String),
}

/// What `value` may have meant among `tables`: an item's name, or an id a few edits away
/// (one for values of 4 to 7 characters, two for longer ones, none for shorter ones), the
/// only one that close.
fn suggestion(value: &str, tables: &[&dyn Suggest]) -> Option<Suggestion> {
    for r in tables {
        if let Some(id) = r.named(value) {
            return Some(Suggestion::Name(r.kind(), id.to_owned()));
        }
    }
    let chars: Vec<char> = value.chars().collect();
    let limit = match chars.len() {
        0..=3 => return None,
        4..=7 => 1,
        _ => 2,
    };
    let mut closest = Closest {
        limit,
        best: None,
        tied: false,
    };
    for r in tables {
        r.near(&chars, &mut closest);
    }
    match closest.best {
        Some((_, id)) if !closest.tied => Some(Suggestion::Close(id)),
        _ => None,
    }
}

/// "use an id from …" with `ids` (a table's id column) in both languages.
fn use_id_from(ids: &Words) -> Words {
    Words::new(
        format!("use an id from {}", ids.en),
        format!("使用{}中已有的编号", ids.zh),
    )
}

/// Characters no id may hold: list and CSV separators, and what file names (calendars are
/// named by officer id) cannot hold on common systems.
const INVALID_ID_CHARS: &[char] = &[
    ';', ',', '/', '\\', '"', ':', '*', '?', '<', '>', '|', '；', '、', '，',
];

/// The items of a list cell, each once, in first-seen order.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

/// Highest enterprise priority.
pub const PRIORITY_MAX: u32 = 100;

/// Travel minutes must be below this (fractions round up).
pub const TRAVEL_MINUTES_LIMIT: f64 = 1e6;

/// Most days per quarter an officer can be given (a quarter has at most 92 days).
pub const DAYS_PER_QUARTER_MAX: i64 = 92;

/// Longest id, in bytes: ids name files (`calendars/<officer_id>.ics`), and file systems
/// allow 255 bytes a name.
pub const ID_BYTES_MAX: usize = 64;

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ID_BYTES_MAX
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || INVALID_ID_CHARS.contains(&c))
}

/// Checks the `id` cell: well-formed, not yet used in `own`, and (for places) not used by
/// another kind of place. Returns the id when the row may be kept.
fn take_id(
    t: &Table,
    row: &Row,
    taken: impl Fn(&str) -> bool,
    duplicate: Code,
    other_kind: Option<&'static str>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let id = t.get(row, "id");
    if !valid_id(id) {
        diags.push(t.at(
            row,
            "id",
            Code::InvalidId,
            text!(
                "an id must be non-empty, at most {ID_BYTES_MAX} bytes, without spaces or any of {}",
                "编号不能为空，最长 {ID_BYTES_MAX} 字节，不能含空格，也不能含 {} 中的任何字符",
                INVALID_ID_CHARS.iter().collect::<String>()
            ),
            text!(
                "give the row a short unique id such as c-yanping or e-0012",
                "给该行一个简短且唯一的编号，如 c-yanping、e-0012"
            ),
        ));
        return None;
    }
    if taken(id) {
        diags.push(t.at(
            row,
            "id",
            duplicate,
            text!(
                "`{id}` is already used by an earlier row",
                "编号“{id}”已被前面的行使用"
            ),
            text!("give each row its own id", "每行使用各自的编号"),
        ));
        return None;
    }
    if let Some(kind) = other_kind {
        diags.push(t.at(
            row,
            "id",
            Code::AmbiguousPlaceId,
            Words::new(
                format!("`{id}` is already the id of a {kind}"),
                format!("“{id}”已是某个{}的编号", kind_zh(kind)),
            ),
            text!(
                "courts, units and enterprises share one id space (travel matrix, outputs): rename one",
                "法院、平台商会和企业共用一套编号（路程表、输出文件中都用编号）：改掉其中一个"
            ),
        ));
        return None;
    }
    Some(id.to_owned())
}

fn name(t: &Table, row: &Row, id: &str) -> String {
    let n = t.get(row, "name");
    if n.is_empty() { id } else { n }.to_owned()
}

fn coordinates(t: &Table, row: &Row, diags: &mut Diagnostics) -> Option<LatLon> {
    let mut coordinate = |column: &str, limit: f64| -> Option<f64> {
        let cell = t.get(row, column);
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            Ok(_) => {
                diags.push(t.at(
                    row,
                    column,
                    Code::CoordinatesOutOfRange,
                    text!(
                        "{} must lie between −{limit} and {limit} degrees",
                        "“{}”须在 −{limit} 到 {limit} 度之间",
                        t.column(column)
                    ),
                    text!(
                        "give WGS-84 degrees (latitude first: Nanping is lat 26.6, lon 118.2); check for swapped columns",
                        "填写 WGS-84 经纬度（如南平：纬度 26.6，经度 118.2）；检查经度、纬度两列是否填反"
                    ),
                ));
                None
            }
            Err(_) => {
                let what = if cell.is_empty() {
                    text!("is empty", "为空")
                } else {
                    text!("is not a number", "不是数字")
                };
                diags.push(t.at(
                    row,
                    column,
                    Code::MissingCoordinates,
                    Words::new(
                        format!("{} {}", t.column(column), what.en),
                        format!("“{}”{}", t.column(column), what.zh),
                    ),
                    text!(
                        "give decimal degrees, e.g. 26.637",
                        "以小数形式填写度数，如 26.637"
                    ),
                ));
                None
            }
        }
    };
    let lat = coordinate("lat", 90.0);
    let lon = coordinate("lon", 180.0);
    Some(LatLon {
        lat: lat?,
        lon: lon?,
    })
}

fn parse_vocab<T: FromStr>(
    t: &Table,
    row: &Row,
    column: &str,
    code: Code,
    choices: &Words,
    diags: &mut Diagnostics,
) -> Option<T> {
    let cell = t.get(row, column);
    if let Ok(v) = cell.parse() {
        Some(v)
    } else {
        diags.push(t.at(
            row,
            column,
            code,
            text!(
                "`{cell}` is not a known {}",
                "“{cell}”不是可用的“{}”",
                t.column(column)
            ),
            Words::new(
                format!("use one of: {}", choices.en),
                format!("填以下之一：{}", choices.zh),
            ),
        ));
        None
    }
}

/// A whole number in `min..` from an optional cell (`default` when empty).
fn number(
    t: &Table,
    row: &Row,
    column: &str,
    default: Option<u32>,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let cell = t.get(row, column);
    if cell.is_empty() {
        if default.is_none() {
            diags.push(t.at(
                row,
                column,
                Code::InvalidNumber,
                text!("{} is empty", "“{}”为空", t.column(column)),
                text!("give a whole number", "填一个整数"),
            ));
        }
        return default;
    }
    match cell.parse::<i64>() {
        Ok(v) => match u32::try_from(v) {
            Ok(u) => Some(u),
            Err(_) => {
                diags.push(t.at(
                    row,
                    column,
                    Code::InvalidNumber,
                    text!(
                        "{} must be a whole number ≥ 0",
                        "“{}”须是 ≥ 0 的整数",
                        t.column(column)
                    ),
                    text!("give a whole number ≥ 0", "填一个 ≥ 0 的整数"),
                ));
                None
            }
        },
        Err(_) => {
            diags.push(t.at(
                row,
                column,
                Code::InvalidNumber,
                text!(
                    "{} must be a whole number",
                    "“{}”须是整数",
                    t.column(column)
                ),
                text!(
                    "give a whole number without units or decimals",
                    "填整数，不带单位或小数"
                ),
            ));
            None
        }
    }
}

fn courts(t: &mut Table<'_>, places: &mut PlaceIds, diags: &mut Diagnostics) -> Vec<Court> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let other = places.kind_of(t.get(row, "id")).filter(|&k| k != "court");
        let Some(id) = take_id(
            t,
            row,
            |id| places.courts.contains_key(id),
            Code::DuplicateCourtId,
            other,
            diags,
        ) else {
            continue;
        };
        let level = parse_vocab(
            t,
            row,
            "level",
            Code::UnknownCourtLevel,
            &CourtLevel::choices_text(),
            diags,
        );
        let location = coordinates(t, row, diags);
        let (Some(level), Some(location)) = (level, location) else {
            places.broken.insert(id);
            continue;
        };
        places
            .courts
            .insert(CourtId::from(id.as_str()), CourtIdx::from(out.len()));
        out.push(Court {
            name: name(t, row, &id),
            id: CourtId::from(id.as_str()),
            level,
            location,
            county: t.get(row, "county").to_owned(),
        });
    }
    out
}

fn units(
    t: &mut Table<'_>,
    places: &mut PlaceIds,
    removed: &mut Removed,
    diags: &mut Diagnostics,
) -> Vec<Unit> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        if removed.skips(Which::Units, t, row) {
            continue;
        }
        let other = places.kind_of(t.get(row, "id")).filter(|&k| k != "unit");
        let Some(id) = take_id(
            t,
            row,
            |id| places.units.contains_key(id),
            Code::DuplicateUnitId,
            other,
            diags,
        ) else {
            continue;
        };
        let kind = parse_vocab::<UnitKind>(
            t,
            row,
            "kind",
            Code::UnknownUnitKind,
            &UnitKind::choices_text(),
            diags,
        );
        let location = coordinates(t, row, diags);
        let team_size = number(t, row, "team_size", Some(1), diags);
        if team_size == Some(0) {
            diags.push(t.at(
                row,
                "team_size",
                Code::InvalidTeamSize,
                text!(
                    "a unit needs at least one officer",
                    "每个平台商会至少需要一名特派员"
                ),
                text!(
                    "use 1 for the directed mode, 2 or more for a team",
                    "定向派驻填 1，组团派驻填 2 或以上"
                ),
            ));
        }
        let (Some(kind), Some(location), Some(team_size @ 1..)) = (kind, location, team_size)
        else {
            places.broken.insert(id);
            continue;
        };
        places
            .units
            .insert(UnitId::from(id.as_str()), UnitIdx::from(out.len()));
        places.unit_lines.push(row.line);
        out.push(Unit {
            name: name(t, row, &id),
            id: UnitId::from(id.as_str()),
            kind,
            location,
            county: t.get(row, "county").to_owned(),
            industry: t.get(row, "industry").to_owned(),
            team_size,
            members: Vec::new(),
        });
    }
    out
}

/// Reads the enterprises into `places.enterprises` (each with its units: see [`build`] for
/// the units' members).
fn enterprises(
    t: &mut Table<'_>,
    places: &mut PlaceIds,
    units: &Referenced<'_, Unit>,
    removed: &mut Removed,
    diags: &mut Diagnostics,
) {
    let mut dropped = Dropped::default();
    while let Some(row) = t.next(diags) {
        let row = &row;
        if removed.skips(Which::Enterprises, t, row) {
            continue;
        }
        let other = places
            .kind_of(t.get(row, "id"))
            .filter(|&k| k != "enterprise");
        let Some(id) = take_id(
            t,
            row,
            |id| places.enterprise(id).is_some(),
            Code::DuplicateEnterpriseId,
            other,
            diags,
        ) else {
            continue;
        };
        let location = coordinates(t, row, diags);
        let mut member_of: SmallVec<[UnitIdx; 2]> = SmallVec::new();
        for u in list(t.get(row, "units")) {
            match places.units.get(u) {
                Some(&ui) if !member_of.contains(&ui) => member_of.push(ui),
                Some(_) => {}
                None if places.broken.contains(u) => {}
                None if removed.units.contains(u) => dropped.push(row, u),
                None => unknown_reference(
                    t,
                    row,
                    "units",
                    Code::UnknownUnit,
                    text!("no unit has id `{u}`", "没有编号为“{u}”的平台商会"),
                    u,
                    &[units],
                    Words::new(
                        format!("list ids from {}, {SEPARATED}", units.ids().en),
                        format!("填{}中已有的编号，{SEPARATED_ZH}", units.ids().zh),
                    ),
                    diags,
                ),
            }
        }
        let mut categories = Categories::default();
        for c in list(t.get(row, "categories")) {
            match c.parse::<Category>() {
                Ok(cat) => {
                    categories.insert(cat);
                }
                Err(()) => diags.push(
                    t.at(
                        row,
                        "categories",
                        Code::UnknownCategory,
                        text!("`{c}` is not a category", "“{c}”不是可用的企业类别"),
                        Words::new(
                            format!("use any of: {} ({SEPARATED})", Category::choices()),
                            format!(
                                "填以下任意几项：{}（{SEPARATED_ZH}）",
                                Category::choices_text().zh
                            ),
                        ),
                    )
                    .value(c),
                ),
            }
        }
        let priority = number(t, row, "priority", Some(0), diags).and_then(|p| {
            if p <= PRIORITY_MAX {
                Some(p)
            } else {
                diags.push(t.at(
                    row,
                    "priority",
                    Code::InvalidNumber,
                    text!(
                        "priority must be from 0 to {PRIORITY_MAX}",
                        "优先级须在 0 到 {PRIORITY_MAX} 之间"
                    ),
                    text!(
                        "give a small whole number: 0 for none, higher for more important",
                        "填一个较小的整数：0 表示无优先，越大越重要"
                    ),
                ));
                None
            }
        });
        let closed_on = if t.get(row, "closed_on").trim().is_empty() {
            Some(None)
        } else {
            t.date(row, "closed_on", diags).map(Some)
        };
        let (Some(location), Some(priority), Some(closed_on)) = (location, priority, closed_on)
        else {
            places.broken.insert(id);
            continue;
        };
        let at = places.enterprises.len();
        let mut needs = SmallVec::new();
        for need in distinct(list(t.get(row, "needs"))) {
            needs.push(places.tag(&need));
        }
        let enterprise = Enterprise {
            name: name(t, row, &id).into_boxed_str(),
            id: EnterpriseId::from(id.as_str()),
            location,
            county: places.tag(t.get(row, "county")),
            industry: places.tag(t.get(row, "industry")),
            units: member_of,
            categories,
            needs,
            priority,
            closed_on,
        };
        let enterprises = &places.enterprises;
        places
            .enterprise_index
            .insert(&id, at, |i| enterprises[i].id.as_str());
        places.enterprises.push(enterprise);
    }
    dropped.report(t, "units", false, diags);
}

fn officers(
    t: &mut Table<'_>,
    places: &PlaceIds,
    refs: &Refs<'_>,
    removed: &mut Removed,
    diags: &mut Diagnostics,
) -> Officers {
    let mut out = Vec::new();
    let mut index = HashMap::new();
    let mut broken = HashSet::new();
    let mut lines = Vec::new();
    let mut dropped = Dropped::default();
    while let Some(row) = t.next(diags) {
        let row = &row;
        if removed.skips(Which::Officers, t, row) {
            continue;
        }
        let Some(id) = take_id(
            t,
            row,
            |id| index.contains_key(id),
            Code::DuplicateOfficerId,
            None,
            diags,
        ) else {
            continue;
        };
        let court_id = t.get(row, "court");
        let court = places.courts.get(court_id).copied();
        if court.is_none() && !places.broken.contains(court_id) {
            unknown_reference(
                t,
                row,
                "court",
                Code::UnknownCourt,
                text!(
                    "no court has id `{court_id}`",
                    "没有编号为“{court_id}”的法院"
                ),
                court_id,
                &[&refs.courts],
                use_id_from(&refs.courts.ids()),
                diags,
            );
        }
        let rank = parse_vocab(
            t,
            row,
            "rank",
            Code::UnknownRank,
            &Rank::choices_text(),
            diags,
        );
        let days = t.get(row, "days_per_quarter");
        let days_per_quarter = match days.parse::<i64>() {
            Ok(d) if (1..=DAYS_PER_QUARTER_MAX).contains(&d) => u32::try_from(d).ok(),
            Ok(d) if d > DAYS_PER_QUARTER_MAX => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::InvalidNumber,
                    text!(
                        "{d} days is more than a quarter has ({DAYS_PER_QUARTER_MAX} at most)",
                        "{d} 天超过了一个季度的天数（最多 {DAYS_PER_QUARTER_MAX} 天）"
                    ),
                    text!(
                        "give the working days per quarter the officer can spend on envoy work (e.g. 12)",
                        "填该特派员每季度可用于特派工作的工作日数（如 12）"
                    ),
                ));
                None
            }
            Ok(_) => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::NonPositiveCapacity,
                    text!(
                        "an officer needs at least one day per quarter",
                        "特派员每季度至少要有一天"
                    ),
                    text!(
                        "give the working days per quarter the officer can spend on envoy work (e.g. 12), or remove the officer",
                        "填该特派员每季度可用于特派工作的工作日数（如 12），或删去该特派员"
                    ),
                ));
                None
            }
            Err(_) => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::InvalidNumber,
                    text!(
                        "{} must be a whole number",
                        "“{}”须是整数",
                        t.column("days_per_quarter")
                    ),
                    text!("give whole working days, e.g. 12", "填整数工作日，如 12"),
                ));
                None
            }
        };
        let mut previous_targets = Some(Vec::new());
        for previous in list(t.get(row, "previous_target")) {
            let target = if let Some(&u) = places.units.get(previous) {
                Some(Target::Unit(u))
            } else if let Some(e) = places.enterprise(previous) {
                Some(Target::Enterprise(e))
            } else if removed.place(previous) {
                dropped.push(row, previous);
                continue;
            } else {
                if !places.broken.contains(previous) {
                    unknown_reference(
                        t,
                        row,
                        "previous_target",
                        Code::UnknownPreviousTarget,
                        text!(
                            "`{previous}` is neither a unit nor an enterprise",
                            "“{previous}”既不是平台商会也不是企业"
                        ),
                        previous,
                        &[&refs.units, &refs.enterprises],
                        Words::new(
                            format!(
                                "give ids from {} or {}, or leave it empty",
                                refs.units.ids().en,
                                refs.enterprises.ids().en
                            ),
                            format!(
                                "填{}或{}中已有的编号，或留空",
                                refs.units.ids().zh,
                                refs.enterprises.ids().zh
                            ),
                        ),
                        diags,
                    );
                }
                None
            };
            match (target, &mut previous_targets) {
                (Some(kept), Some(list)) if !list.contains(&kept) => list.push(kept),
                (Some(_), _) => {}
                (None, _) => previous_targets = None,
            }
        }
        let (Some(court), Some(rank), Some(days_per_quarter), Some(previous_targets)) =
            (court, rank, days_per_quarter, previous_targets)
        else {
            broken.insert(id);
            continue;
        };
        index.insert(OfficerId::from(id.as_str()), OfficerIdx::from(out.len()));
        lines.push(row.line);
        out.push(Officer {
            name: name(t, row, &id),
            id: OfficerId::from(id.as_str()),
            court,
            rank,
            specialties: distinct(list(t.get(row, "specialties"))),
            days_per_quarter,
            previous_targets,
        });
    }
    dropped.report(t, "previous_target", false, diags);
    Officers {
        list: out,
        index,
        broken,
        lines,
    }
}

/// The officers that loaded, their index, and the ids of rows that had errors.
#[derive(Default)]
struct Officers {
    list: Vec<Officer>,
    index: HashMap<OfficerId, OfficerIdx>,
    broken: HashSet<String>,
    /// File line of each loaded officer, by index.
    lines: Vec<u64>,
}

impl Known<'_> {
    /// Resolves an officer reference, reporting E112 unless the id's own row was broken.
    fn resolve(
        &self,
        t: &Table,
        row: &Row,
        id: &str,
        diags: &mut Diagnostics,
    ) -> Option<OfficerIdx> {
        let found = self.officers.index.get(id).copied();
        if found.is_none() && !self.officers.broken.contains(id) {
            unknown_reference(
                t,
                row,
                "officer",
                Code::UnknownOfficer,
                text!("no officer has id `{id}`", "没有编号为“{id}”的特派员"),
                id,
                &[&self.refs],
                use_id_from(&self.refs.ids()),
                diags,
            );
        }
        found
    }
}

fn conflicts(
    t: &mut Table<'_>,
    places: &PlaceIds,
    refs: &Refs<'_>,
    officers: &Known<'_>,
    removed: &Removed,
    diags: &mut Diagnostics,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    let mut dropped = Dropped::default();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let (o, c) = (t.get(row, "officer"), t.get(row, "court"));
        let e = t.get(row, "enterprise");
        let gone: Vec<&str> = [
            (o, removed.officers.contains(o)),
            (e, removed.enterprises.contains(e)),
        ]
        .into_iter()
        .filter(|&(_, r)| r)
        .map(|(id, _)| id)
        .collect();
        if !gone.is_empty() {
            dropped.push(row, &gone.join(", "));
            continue;
        }
        let party = match (o.is_empty(), c.is_empty()) {
            (false, true) => officers
                .resolve(t, row, o, diags)
                .map(ConflictParty::Officer),
            (true, false) => {
                let court = places.courts.get(c).copied();
                if court.is_none() && !places.broken.contains(c) {
                    unknown_reference(
                        t,
                        row,
                        "court",
                        Code::UnknownCourt,
                        text!("no court has id `{c}`", "没有编号为“{c}”的法院"),
                        c,
                        &[&refs.courts],
                        use_id_from(&refs.courts.ids()),
                        diags,
                    );
                }
                court.map(ConflictParty::Court)
            }
            _ => {
                diags.push(
                    t.at(
                        row,
                        "officer",
                        Code::ConflictParty,
                        text!(
                            "give an officer id or a court id, not both and not neither",
                            "须填特派员编号或法院编号之一，不能两个都填，也不能都不填"
                        ),
                        text!(
                            "split a row that names both into two rows",
                            "两个都填的行拆成两行"
                        ),
                    )
                    .value(format!("officer={o}, court={c}")),
                );
                None
            }
        };
        let e = t.get(row, "enterprise");
        let enterprise = places.enterprise(e);
        if enterprise.is_none() && !places.broken.contains(e) {
            unknown_reference(
                t,
                row,
                "enterprise",
                Code::UnknownEnterprise,
                text!("no enterprise has id `{e}`", "没有编号为“{e}”的企业"),
                e,
                &[&refs.enterprises],
                use_id_from(&refs.enterprises.ids()),
                diags,
            );
        }
        if let (Some(party), Some(enterprise)) = (party, enterprise) {
            out.push(Conflict {
                party,
                enterprise,
                reason: t.get(row, "reason").to_owned(),
            });
        }
    }
    dropped.report(t, "officer", true, diags);
    out
}

fn unavailable(
    t: &mut Table<'_>,
    officers: &Known<'_>,
    removed: &Removed,
    year: i32,
    diags: &mut Diagnostics,
) -> Vec<Unavailability> {
    let mut out = Vec::new();
    let mut dropped = Dropped::default();
    while let Some(row) = t.next(diags) {
        let row = &row;
        if removed.officers.contains(t.get(row, "officer")) {
            dropped.push(row, t.get(row, "officer"));
            continue;
        }
        let officer = officers.resolve(t, row, t.get(row, "officer"), diags);
        let from = t.date(row, "from", diags);
        let to = t.date(row, "to", diags);
        let (Some(officer), Some(from), Some(to)) = (officer, from, to) else {
            continue;
        };
        if to < from {
            diags.push(
                t.at(
                    row,
                    "to",
                    Code::ReversedDateRange,
                    text!(
                        "the range ends ({to}) before it starts ({from})",
                        "结束日期（{to}）早于开始日期（{from}）"
                    ),
                    text!(
                        "swap {} and {}",
                        "对调“{}”和“{}”",
                        t.column("from"),
                        t.column("to")
                    ),
                )
                .value(format!("{from}..{to}")),
            );
            continue;
        }
        // Year 0: the year is missing or invalid (an error already): nothing to compare with.
        if year != 0 && (to.year() < year || from.year() > year) {
            diags.push(
                t.at(
                    row,
                    "from",
                    Code::UnavailableOutsideYear,
                    text!(
                        "{from}..{to} lies outside {year}; it has no effect",
                        "{from}..{to} 不在 {year} 年内，不起作用"
                    ),
                    text!("check the year, or remove the row", "检查年份，或删去该行"),
                )
                .value(format!("{from}..{to}")),
            );
        }
        out.push(Unavailability {
            officer,
            from,
            to,
            reason: t.get(row, "reason").to_owned(),
        });
    }
    dropped.report(t, "officer", true, diags);
    out
}

fn travel_matrix(
    t: &mut Table<'_>,
    places: &PlaceIds,
    refs: &Refs<'_>,
    removed: &Removed,
    diags: &mut Diagnostics,
) -> HashMap<(Place, Place), u32> {
    let mut out = HashMap::new();
    // The line and minutes each pair was first given at.
    let mut first: HashMap<(Place, Place), (u64, u32)> = HashMap::new();
    let mut dropped = Dropped::default();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let gone: Vec<&str> = [t.get(row, "from"), t.get(row, "to")]
            .into_iter()
            .filter(|id| removed.place(id))
            .collect();
        if !gone.is_empty() {
            dropped.push(row, &gone.join(", "));
            continue;
        }
        let mut end = |column: &str| {
            let id = t.get(row, column);
            let place = places.place(id);
            if place.is_none() && !places.broken.contains(id) {
                unknown_reference(
                    t,
                    row,
                    column,
                    Code::UnknownPlace,
                    text!(
                        "no court, unit or enterprise has id `{id}`",
                        "没有编号为“{id}”的法院、平台商会或企业"
                    ),
                    id,
                    &[&refs.courts, &refs.units, &refs.enterprises],
                    Words::new(
                        format!(
                            "use an id from {}, {} or {}",
                            refs.courts.ids().en,
                            refs.units.ids().en,
                            refs.enterprises.ids().en
                        ),
                        format!(
                            "使用{}、{}或{}中已有的编号",
                            refs.courts.ids().zh,
                            refs.units.ids().zh,
                            refs.enterprises.ids().zh
                        ),
                    ),
                    diags,
                );
            }
            place
        };
        let from = end("from");
        let to = end("to");
        let cell = t.get(row, "minutes");
        let minutes = match cell.parse::<f64>() {
            Ok(m) if (0.0..TRAVEL_MINUTES_LIMIT).contains(&m) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole = m.ceil() as u32;
                Some(whole)
            }
            _ => {
                diags.push(t.at(
                    row,
                    "minutes",
                    Code::InvalidTravelTime,
                    text!(
                        "minutes must be a number from 0 to 999999",
                        "分钟数须是 0 到 999999 之间的数"
                    ),
                    text!(
                        "give one-way driving minutes, e.g. 45",
                        "填单程驾车分钟数，如 45"
                    ),
                ));
                None
            }
        };
        if let (Some(from), Some(to), Some(minutes)) = (from, to, minutes) {
            match first.get(&(from, to)) {
                Some(&(line, earlier)) if earlier != minutes => diags.push(t.at(
                    row,
                    "minutes",
                    Code::ConflictingTravelTime,
                    text!(
                        "{} → {} is given {minutes} minutes here and {earlier} minutes on line {line}",
                        "{} → {} 在此为 {minutes} 分钟，在第 {line} 行为 {earlier} 分钟",
                        t.get(row, "from"),
                        t.get(row, "to")
                    ),
                    text!(
                        "keep one row per pair and direction",
                        "每对地点每个方向只保留一行"
                    ),
                )),
                Some(_) => {}
                None => {
                    first.insert((from, to), (row.line, minutes));
                    out.insert((from, to), minutes);
                }
            }
        }
    }
    dropped.report(t, "from", true, diags);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, limit: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        distance_within(&a, b, limit)
    }

    #[test]
    fn distances_count_edits_and_swaps_and_stop_past_the_limit() {
        assert_eq!(d("c-shaxan", "c-shaxian", 2), Some(1));
        assert_eq!(d("c-shaxian", "c-shaxian", 2), Some(0));
        assert_eq!(
            d("c-shxaian", "c-shaxian", 2),
            Some(1),
            "a swap is one edit"
        );
        assert_eq!(d("c-sanming", "c-shaxian", 2), None);
        assert_eq!(d("e-0012", "e-0021", 1), Some(1));
        assert_eq!(d("abcd", "abcdef", 1), None);
        assert_eq!(d("abcd", "abcdef", 2), Some(2));
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("三明市法院", "三明市中级法院", 2), Some(2));
        assert_eq!(d(&"x".repeat(200), "x", 2), None);
    }

    fn court(id: &str, name: &str) -> Court {
        Court {
            id: CourtId::from(id),
            name: name.to_owned(),
            level: CourtLevel::Basic,
            location: LatLon { lat: 0.0, lon: 0.0 },
            county: String::new(),
        }
    }

    #[test]
    fn a_name_gives_its_id_and_a_near_miss_the_one_closest_id() {
        let courts = [
            court("c-sanming", "三明市中级人民法院"),
            court("c-shaxian", "沙县人民法院"),
            court("c-yongan", "永安市人民法院"),
            court("c-yongan2", "永安市第二法院"),
        ];
        let r = Referenced::new("court", &courts, true, TableLabel::default());
        let hint = |v: &str| match suggestion(v, &[&r]) {
            Some(Suggestion::Name(kind, id)) => format!("{kind} {id}"),
            Some(Suggestion::Close(id)) => id,
            None => "-".into(),
        };
        assert_eq!(hint("三明市中级人民法院"), "court c-sanming");
        assert_eq!(hint("c-shaxan"), "c-shaxian");
        assert_eq!(hint("C-SHAXIAN"), "-", "not clearly close");
        assert_eq!(hint("c-yongan3"), "-", "two ids as close");
        assert_eq!(hint("c-x"), "-", "too short to tell");
        // The budget of comparisons is spent per search: past it, no id is suggested.
        r.budget.set(3);
        assert_eq!(hint("c-shaxan"), "-");
        assert_eq!(
            hint("沙县人民法院"),
            "court c-shaxian",
            "names are still found"
        );
    }
}
