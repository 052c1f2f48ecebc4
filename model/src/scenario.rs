//! The validated scenario: what every solver stage reads.
//!
//! A [`Scenario`] is only ever built by [`crate::load`], which checks every rule in
//! [`crate::validate`] first; its fields are public for reading, and its invariants (every
//! reference resolves, every number is in range) hold for the solver to rely on.
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::calendar::Calendar;
use smallvec::SmallVec;

use crate::ids::{
    CourtId, CourtIdx, EnterpriseId, EnterpriseIdx, IdIndex, OfficerId, OfficerIdx, Place, Target,
    UnitId, UnitIdx,
};
use crate::period::{Period, PeriodKind};
use crate::travel::{LatLon, TravelModel};

/// Defines a small closed vocabulary: an enum with `as_str`, `zh`, `FromStr` and `ALL`.
///
/// Each value has its English spelling (used in outputs and scenario files), its Chinese
/// name (the first one listed, used in workbooks tepai writes) and further Chinese spellings
/// accepted on input; `FromStr` takes any of them.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal, zh $zh:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in scenario files and outputs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The Chinese name, as written in workbooks and accepted in tables.
            pub fn zh(self) -> &'static str {
                match self {
                    $($name::$variant => $zh),+
                }
            }

            /// Every spelling accepted for this value: English, Chinese name, other Chinese
            /// spellings.
            pub fn spellings(self) -> &'static [&'static str] {
                match self {
                    $($name::$variant => &[$text, $zh $(, $alias)*]),+
                }
            }

            /// The accepted spellings, for error messages: `judge (员额法官), …`.
            pub fn choices() -> String {
                Self::ALL
                    .iter()
                    .map(|v| format!("{} ({})", v.as_str(), v.zh()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }

            /// The accepted spellings in both languages: `judge (员额法官), …` and
            /// `员额法官（judge）、…`.
            pub fn choices_text() -> $crate::Text {
                let zh = Self::ALL
                    .iter()
                    .map(|v| format!("{}（{}）", v.zh(), v.as_str()))
                    .collect::<Vec<_>>()
                    .join("、");
                $crate::Text::new(Self::choices(), zh)
            }
        }

        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s {
                    $($text | $zh $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// One of the three targets (`[targets] priority` orders them).
    TargetKind {
        /// Platforms served (`platforms_share`).
        Platforms = "platforms", zh "工业平台" | "平台",
        /// Chambers served (`chambers_share`).
        Chambers = "chambers", zh "商会",
        /// Enterprises reached (`enterprises_min`).
        Enterprises = "enterprises", zh "企业",
    }
);

vocabulary!(
    /// A court's level in the hierarchy.
    CourtLevel {
        /// 高级人民法院, provincial.
        High = "high", zh "高级" | "高级法院" | "高级人民法院",
        /// 中级人民法院, city.
        Intermediate = "intermediate", zh "中级" | "中级法院" | "中级人民法院",
        /// 基层人民法院, county or district.
        Basic = "basic", zh "基层法院" | "基层" | "基层人民法院",
        /// A justice bureau or other office running an envoy programme.
        Bureau = "bureau", zh "司法局",
    }
);

vocabulary!(
    /// An officer's rank or profession.
    Rank {
        /// A quota judge (员额法官).
        Judge = "judge", zh "员额法官" | "法官",
        /// A judge assistant (法官助理).
        Assistant = "assistant", zh "法官助理",
        /// A lawyer.
        Lawyer = "lawyer", zh "律师",
        /// A notary.
        Notary = "notary", zh "公证员",
        /// A grassroots legal worker.
        LegalWorker = "legal_worker", zh "法律工作者" | "基层法律服务工作者",
        /// Anything else.
        Other = "other", zh "其他",
    }
);

vocabulary!(
    /// What kind of service unit.
    UnitKind {
        /// An industrial platform (工业平台): park or zone.
        Platform = "platform", zh "工业平台" | "平台",
        /// A chamber of commerce or trade association (商会、行会、协会).
        Chamber = "chamber", zh "商会" | "协会" | "行会" | "行业协会",
    }
);

vocabulary!(
    /// A priority category of an enterprise.
    Category {
        /// 上市公司.
        Listed = "listed", zh "上市" | "上市公司",
        /// 国有企业.
        StateOwned = "state_owned", zh "国企" | "国有企业",
        /// 涉外资企业 (incl. HK/Macao/Taiwan and joint ventures).
        Foreign = "foreign", zh "外资" | "外资企业" | "涉外资企业",
        /// 高新技术企业.
        HighTech = "high_tech", zh "高新" | "高新技术企业",
        /// 生态绿色企业.
        Green = "green", zh "绿色" | "生态绿色企业",
    }
);

vocabulary!(
    /// How many targets an officer may take (the service modes of the envoy programmes).
    OfficerMode {
        /// 定向模式: one unit, or several enterprises directly (up to the rule's maximum).
        Exclusive = "exclusive", zh "定向",
        /// Any mix of units and enterprises within the officer's capacity.
        Shared = "shared", zh "共享",
    }
);

vocabulary!(
    /// Which count of enterprises the enterprise target (`enterprises_min`) uses.
    EnterprisesCount {
        /// Reached (覆盖): open on the plan's first day and a member of a served unit, or
        /// served directly.
        Reached = "reached", zh "覆盖",
        /// Visited (走访): visited at least once by the plan's schedule in the year.
        Visited = "visited", zh "走访",
    }
);

vocabulary!(
    /// What a conflict of interest bars.
    ConflictScope {
        /// The officer may not serve the enterprise, nor any unit the enterprise belongs to.
        Unit = "unit", zh "单位",
        /// The officer may not visit the enterprise; serving its units is allowed, and the
        /// schedule never sends the officer there.
        Enterprise = "enterprise", zh "企业",
    }
);

/// A court (or bureau) from which officers are dispatched.
#[derive(Debug, Clone)]
pub struct Court {
    /// Stable id.
    pub id: CourtId,
    /// Display name, e.g. 南平市中级人民法院.
    pub name: String,
    /// Level in the hierarchy.
    pub level: CourtLevel,
    /// Where its officers start their day trips.
    pub location: LatLon,
    /// County or district id.
    pub county: String,
}

/// An envoy (特派员).
#[derive(Debug, Clone)]
pub struct Officer {
    /// Stable id.
    pub id: OfficerId,
    /// Display name.
    pub name: String,
    /// The court the officer belongs to and travels from.
    pub court: CourtIdx,
    /// Rank or profession.
    pub rank: Rank,
    /// Specialty tags, e.g. `contract`, `labor`, `ip`.
    pub specialties: Vec<String>,
    /// Working days per quarter the officer can give to envoy work.
    pub days_per_quarter: u32,
    /// What the officer served last year (units or enterprises; empty when nothing).
    pub previous_targets: Vec<Target>,
}

/// A platform or chamber.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Stable id.
    pub id: UnitId,
    /// Display name.
    pub name: String,
    /// Platform or chamber.
    pub kind: UnitKind,
    /// Its seat.
    pub location: LatLon,
    /// County or district id.
    pub county: String,
    /// Industry tag.
    pub industry: String,
    /// How many officers serve it together (团队模式); 1 is the directed mode.
    pub team_size: u32,
    /// Member enterprises, derived from the enterprises' `units` column, in file order.
    pub members: Vec<EnterpriseIdx>,
}

/// An enterprise.
///
/// A province has millions: its fields are compact (tags shared, short lists inline, the
/// categories one byte), so that a scenario takes less memory than twice its files.
#[derive(Debug, Clone)]
pub struct Enterprise {
    /// Stable id.
    pub id: EnterpriseId,
    /// Display name.
    pub name: Box<str>,
    /// Where it is.
    pub location: LatLon,
    /// County or district id ([`Scenario::tag`] gives its text).
    pub county: Tag,
    /// Industry tag ([`Scenario::tag`] gives its text).
    pub industry: Tag,
    /// Units it belongs to (possibly none).
    pub units: SmallVec<[UnitIdx; 2]>,
    /// Priority categories.
    pub categories: Categories,
    /// Legal needs, as specialty tags ([`Scenario::tag`] gives their texts).
    pub needs: SmallVec<[Tag; 4]>,
    /// Extra priority weight set by the planning office (0 = none).
    pub priority: u32,
    /// The day it closed (`closed_on`, 停业日期): from that day on it is visited no more.
    pub closed_on: Option<NaiveDate>,
}

impl Enterprise {
    /// Whether it is closed on `date` (closed on or before it).
    pub fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closed_on.is_some_and(|c| c <= date)
    }

    /// Whether it is open through `last_day` (closes after it, or never): its visit duties
    /// hold in a period only when it is open through the period's last day — none is due in
    /// the period it closes in (a visit before the closing day is allowed and counts) or later.
    pub fn open_through(&self, last_day: NaiveDate) -> bool {
        !self.is_closed_on(last_day)
    }
}

/// A short text that many enterprises repeat (a county, an industry, a need), held once in
/// the scenario: [`Scenario::tag`] gives its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(pub(crate) u32);

/// A set of priority [`Category`]s, in one byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Categories(u8);

impl Categories {
    /// Adds a category; `false` when it was there already.
    pub fn insert(&mut self, c: Category) -> bool {
        let had = self.contains(c);
        self.0 |= Self::bit(c);
        !had
    }

    /// Whether the set holds `c`.
    pub fn contains(self, c: Category) -> bool {
        self.0 & Self::bit(c) != 0
    }

    /// How many categories the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Category> {
        Category::ALL
            .iter()
            .copied()
            .filter(move |&c| self.contains(c))
    }

    fn bit(c: Category) -> u8 {
        const _: () = assert!(Category::ALL.len() <= 8, "Categories is one byte");
        let at = Category::ALL.iter().position(|&k| k == c).unwrap_or(0);
        1 << at
    }
}

impl FromIterator<Category> for Categories {
    fn from_iter<I: IntoIterator<Item = Category>>(items: I) -> Self {
        let mut set = Categories::default();
        for c in items {
            set.insert(c);
        }
        set
    }
}

/// Who a conflict of interest binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictParty {
    /// One officer.
    Officer(OfficerIdx),
    /// Every officer of a court (e.g. a pending case in that court).
    Court(CourtIdx),
}

/// A conflict of interest: the party must not serve the enterprise.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Who is barred.
    pub party: ConflictParty,
    /// From which enterprise.
    pub enterprise: EnterpriseIdx,
    /// Why, as recorded.
    pub reason: String,
}

/// Dates an officer cannot make visits (leave, trial weeks, training).
#[derive(Debug, Clone)]
pub struct Unavailability {
    /// Who.
    pub officer: OfficerIdx,
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Why, as recorded.
    pub reason: String,
}

/// Coverage targets a plan must reach.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// Share of platforms to serve, 0..=1.
    pub platforms_share: f64,
    /// Share of chambers to serve, 0..=1.
    pub chambers_share: f64,
    /// Enterprises to reach (member of a served unit, or served directly).
    pub enterprises_min: u32,
    /// The targets in order of priority, highest first (`[targets] priority`): a plan never
    /// gives up one unit of a target for any amount of the targets after it.
    pub priority: [TargetKind; 3],
    /// Which count `enterprises_min` is held to: reached (default) or visited.
    pub enterprises_count: EnterprisesCount,
}

/// Visit duties and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// The duty period: quarter (Nanping) or month (Chencang).
    pub period: PeriodKind,
    /// Visits to a served unit per period.
    pub unit_visits_per_period: u32,
    /// Member enterprises each unit visit covers.
    pub enterprises_per_unit_visit: u32,
    /// Visits to a directly served enterprise per period.
    pub enterprise_visits_per_period: u32,
    /// Least days between two visits of one officer to one target.
    pub min_days_between_visits: u32,
    /// Longest one-way trip from the officer's court to a target.
    pub max_one_way_minutes: u32,
    /// Exclusive (one unit or several enterprises) or shared.
    pub officer_mode: OfficerMode,
    /// Most enterprises one officer serves directly.
    pub max_enterprises_per_officer: u32,
    /// Length of a working day, minutes.
    pub day_minutes: u32,
    /// Time spent at each enterprise on a visit, minutes.
    pub onsite_minutes: u32,
    /// What a conflict of interest bars.
    pub conflict_scope: ConflictScope,
}

/// The targets' order when `[targets] priority` is not given: the seeds' policy, every
/// platform first, then the chambers, then the enterprises.
pub const DEFAULT_PRIORITY: [TargetKind; 3] = [
    TargetKind::Platforms,
    TargetKind::Chambers,
    TargetKind::Enterprises,
];

impl Default for Targets {
    /// What a scenario file without `[targets]` asks for: every unit, no enterprise minimum.
    fn default() -> Self {
        Targets {
            platforms_share: 1.0,
            chambers_share: 1.0,
            enterprises_min: 0,
            priority: DEFAULT_PRIORITY,
            enterprises_count: EnterprisesCount::Reached,
        }
    }
}

impl Default for Rules {
    /// The rules of a scenario file that leaves `[rules]` out: quarterly duty, three visits
    /// per period, exclusive officers, two hours one way at most.
    fn default() -> Self {
        Rules {
            period: PeriodKind::Quarter,
            unit_visits_per_period: 3,
            enterprises_per_unit_visit: 3,
            enterprise_visits_per_period: 3,
            min_days_between_visits: 14,
            max_one_way_minutes: 120,
            officer_mode: OfficerMode::Exclusive,
            max_enterprises_per_officer: 8,
            day_minutes: 480,
            onsite_minutes: 60,
            conflict_scope: ConflictScope::Unit,
        }
    }
}

/// Relative weights of the assignment objective's parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Per unit of target shortfall (a missing platform, chamber or enterprise).
    pub shortfall: f64,
    /// Per unit of priority reached (categories and the `priority` column).
    pub priority: f64,
    /// Per hour of one-way travel of an assignment.
    pub travel: f64,
    /// Per target need the officer has no specialty for.
    pub mismatch: f64,
    /// Per day of the highest officer load (per period).
    pub imbalance: f64,
    /// Per previous target (`previous_target`) the officer no longer serves.
    pub change: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            shortfall: 1000.0,
            priority: 10.0,
            travel: 1.0,
            mismatch: 0.5,
            imbalance: 0.2,
            change: 2.0,
        }
    }
}

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverSettings {
    /// Wall-clock limit for the assignment solve, seconds.
    pub time_limit_s: f64,
    /// Relative MIP gap at which the solve stops.
    pub mip_gap: f64,
}

impl Default for SolverSettings {
    /// A minute of wall clock, stopping at a 0.5% gap.
    fn default() -> Self {
        SolverSettings {
            time_limit_s: 60.0,
            mip_gap: 0.005,
        }
    }
}

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Display name.
    pub name: String,
    /// The plan's year.
    pub year: i32,
    /// Seed for every random choice.
    pub seed: u64,
    /// The TOML file it was loaded from.
    pub source: PathBuf,
    /// SHA-256 (hex) over the scenario file chain and every data file's bytes.
    pub content_hash: String,
    /// Courts.
    pub courts: Vec<Court>,
    /// Officers.
    pub officers: Vec<Officer>,
    /// Platforms and chambers.
    pub units: Vec<Unit>,
    /// Enterprises.
    pub enterprises: Vec<Enterprise>,
    /// Conflicts of interest.
    pub conflicts: Vec<Conflict>,
    /// Officers' unavailable dates.
    pub unavailable: Vec<Unavailability>,
    /// Coverage targets.
    pub targets: Targets,
    /// Visit duties and limits.
    pub rules: Rules,
    /// Objective weights.
    pub weights: Weights,
    /// Solver settings.
    pub solver: SolverSettings,
    /// Travel times.
    pub travel: TravelModel,
    /// Working days (built-in China calendar, merged with the scenario's own file if any).
    pub calendar: Calendar,
    /// The text of every [`Tag`] (enterprises' counties, industries and needs).
    pub(crate) tags: Vec<Box<str>>,
    pub(crate) officer_index: HashMap<OfficerId, OfficerIdx>,
    pub(crate) unit_index: HashMap<UnitId, UnitIdx>,
    pub(crate) enterprise_index: IdIndex,
    pub(crate) court_index: HashMap<CourtId, CourtIdx>,
    pub(crate) conflicts_by_enterprise: HashMap<EnterpriseIdx, Vec<ConflictParty>>,
    pub(crate) origins: Origins,
}

/// Where loaded rows came from, for diagnostics about single rows found after loading.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    pub units_file: PathBuf,
    pub unit_lines: Vec<u64>,
    pub officers_file: PathBuf,
    pub officer_lines: Vec<u64>,
    pub enterprises_file: PathBuf,
    /// How the input names the units, enterprises and officers tables and their columns.
    pub units: TableLabel,
    pub enterprises: TableLabel,
    pub officers: TableLabel,
}

/// How the input names a table and its columns, for messages: a CSV file by its file name,
/// a workbook sheet by its name; a column as its header cell spells it (English or Chinese).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TableLabel {
    /// `courts.csv`, or `sheet 法院`.
    pub table: String,
    /// The sheet's name, when the table is a workbook sheet.
    pub sheet: Option<String>,
    /// Every column of the table: its English name, its name as the input spells it (for an
    /// absent column, the spelling the other headers suggest), and its index in the header.
    pub columns: Vec<(&'static str, String, Option<usize>)>,
}

impl TableLabel {
    /// Column `name` (English) as the input spells it; `name` itself when unknown.
    pub fn column<'a>(&'a self, name: &'a str) -> &'a str {
        self.columns
            .iter()
            .find(|(c, ..)| *c == name)
            .map_or(name, |(_, spelled, _)| spelled.as_str())
    }

    /// `the 编号 column of sheet 法院`, `the id column of courts.csv`.
    pub fn column_of(&self, name: &str) -> String {
        format!("the {} column of {}", self.column(name), self.table)
    }

    /// `工作表“法院”的“编号”列`, ` courts.csv 的“id”列` (a file name set apart by spaces,
    /// to follow Chinese words).
    pub fn column_of_zh(&self, name: &str) -> String {
        format!("{}的“{}”列", self.table_zh(), self.column(name))
    }

    /// The table in Chinese, to follow Chinese words: `工作表“法院”`, or ` courts.csv `.
    pub fn table_zh(&self) -> String {
        match &self.sheet {
            Some(sheet) => format!("工作表“{sheet}”"),
            None => format!(" {} ", self.table),
        }
    }

    /// Column `name` of the table in both languages (see [`TableLabel::column_of`]).
    pub fn column_of_text(&self, name: &str) -> crate::Text {
        crate::Text::new(self.column_of(name), self.column_of_zh(name))
    }

    /// The workbook cell of column `name` in sheet row `line` (`特派员!F5`), for a sheet.
    pub fn cell(&self, name: &str, line: u64) -> Option<String> {
        let sheet = self.sheet.as_ref()?;
        let index = self.columns.iter().find(|(c, ..)| *c == name)?.2;
        Some(match index {
            Some(i) => format!("{sheet}!{}{line}", crate::load::column_letter(i)),
            None => format!("{sheet}!{line}"),
        })
    }
}

impl Scenario {
    /// The plan's first day: 1 January of its year.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Whether the enterprise closes before the plan's first period is over (on or before its
    /// last day): no visit is due to it in the year ([`Enterprise::open_through`]), so it
    /// counts neither as reached nor as visited, no unit trip stops there and no officer
    /// serves it directly. (One that closes later counts as reached when served, and as
    /// visited only when a visit before its closing day is made: `docs/scenario-format.md`.)
    pub fn closed_for_plan(&self, e: EnterpriseIdx) -> bool {
        let first_period_end = Period::containing(self.first_day(), self.rules.period).end();
        self.enterprises
            .get(e.index())
            .is_some_and(|x| x.is_closed_on(first_period_end))
    }

    /// The officer with this id.
    pub fn officer_by_id(&self, id: &str) -> Option<OfficerIdx> {
        self.officer_index.get(id).copied()
    }
    /// The unit with this id.
    pub fn unit_by_id(&self, id: &str) -> Option<UnitIdx> {
        self.unit_index.get(id).copied()
    }
    /// The enterprise with this id.
    pub fn enterprise_by_id(&self, id: &str) -> Option<EnterpriseIdx> {
        self.enterprise_index
            .get(id, |at| self.enterprises[at].id.as_str())
            .map(EnterpriseIdx::from)
    }
    /// The court with this id.
    pub fn court_by_id(&self, id: &str) -> Option<CourtIdx> {
        self.court_index.get(id).copied()
    }

    /// An officer by index.
    pub fn officer(&self, i: OfficerIdx) -> &Officer {
        &self.officers[i.index()]
    }
    /// A unit by index.
    pub fn unit(&self, i: UnitIdx) -> &Unit {
        &self.units[i.index()]
    }
    /// An enterprise by index.
    pub fn enterprise(&self, i: EnterpriseIdx) -> &Enterprise {
        &self.enterprises[i.index()]
    }
    /// A court by index.
    pub fn court(&self, i: CourtIdx) -> &Court {
        &self.courts[i.index()]
    }
    /// The text of a tag (an enterprise's county, industry or need).
    pub fn tag(&self, t: Tag) -> &str {
        &self.tags[t.0 as usize]
    }
    /// The texts of tags.
    pub fn tags<'a>(&'a self, tags: &'a [Tag]) -> impl Iterator<Item = &'a str> + 'a {
        tags.iter().map(|&t| self.tag(t))
    }

    /// Coordinates of a place.
    pub fn location(&self, place: Place) -> LatLon {
        match place {
            Place::Court(c) => self.court(c).location,
            Place::Unit(u) => self.unit(u).location,
            Place::Enterprise(e) => self.enterprise(e).location,
        }
    }

    /// One-way travel minutes between two places.
    pub fn travel_minutes(&self, from: Place, to: Place) -> u32 {
        self.travel
            .minutes(from, self.location(from), to, self.location(to))
    }

    /// One-way travel minutes from an officer's court to a target.
    pub fn officer_travel(&self, officer: OfficerIdx, target: Target) -> u32 {
        let from = Place::Court(self.officer(officer).court);
        let to = match target {
            Target::Unit(u) => Place::Unit(u),
            Target::Enterprise(e) => Place::Enterprise(e),
        };
        self.travel_minutes(from, to)
    }

    /// The id of a target as written in the scenario.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Unit(u) => self.unit(u).id.as_str(),
            Target::Enterprise(e) => self.enterprise(e).id.as_str(),
        }
    }

    /// The display name of a target.
    pub fn target_name(&self, target: Target) -> &str {
        match target {
            Target::Unit(u) => &self.unit(u).name,
            Target::Enterprise(e) => &self.enterprise(e).name,
        }
    }

    /// `platform`, `chamber` or `enterprise`.
    pub fn target_kind(&self, target: Target) -> &'static str {
        match target {
            Target::Unit(u) => self.unit(u).kind.as_str(),
            Target::Enterprise(_) => "enterprise",
        }
    }

    /// Whether a conflict of interest binds this officer (personally or through the court)
    /// to this enterprise.
    pub fn is_conflicted(&self, officer: OfficerIdx, enterprise: EnterpriseIdx) -> bool {
        let court = self.officer(officer).court;
        self.conflicts_by_enterprise
            .get(&enterprise)
            .is_some_and(|parties| {
                parties.iter().any(|p| match *p {
                    ConflictParty::Officer(o) => o == officer,
                    ConflictParty::Court(k) => k == court,
                })
            })
    }

    /// Number of platforms, number of chambers.
    pub fn unit_counts(&self) -> (u32, u32) {
        let platforms = self
            .units
            .iter()
            .filter(|u| u.kind == UnitKind::Platform)
            .count();
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        (n(platforms), n(self.units.len() - platforms))
    }

    /// Platforms the targets require: ⌈share × platforms⌉.
    pub fn required_platforms(&self) -> u32 {
        required(self.targets.platforms_share, self.unit_counts().0)
    }

    /// What a target requires: platforms, chambers or enterprises.
    pub fn required_of(&self, kind: TargetKind) -> u32 {
        match kind {
            TargetKind::Platforms => self.required_platforms(),
            TargetKind::Chambers => self.required_chambers(),
            TargetKind::Enterprises => self.targets.enterprises_min,
        }
    }

    /// Chambers the targets require: ⌈share × chambers⌉.
    pub fn required_chambers(&self) -> u32 {
        required(self.targets.chambers_share, self.unit_counts().1)
    }

    /// Working days of capacity per period for an officer: `days_per_quarter`, or
    /// ⌊days_per_quarter ÷ 3⌋ for months (a day is not split).
    pub fn days_per_period(&self, officer: OfficerIdx) -> f64 {
        let q = self.officer(officer).days_per_quarter;
        f64::from(match self.rules.period {
            PeriodKind::Quarter => q,
            PeriodKind::Month => q / 3,
        })
    }
}

/// ⌈share × n⌉, robust to floating-point noise (0.8 × 60 is 48, not 49).
pub fn required(share: f64, n: u32) -> u32 {
    let exact = share * f64::from(n);
    let rounded = exact.round();
    let value = if (exact - rounded).abs() < 1e-9 {
        rounded
    } else {
        exact.ceil()
    };
    // share is validated to 0..=1, so the value lies in 0..=n.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let v = value as u32;
    v.min(n)
}

#[cfg(test)]
mod tests {
    use super::required;

    #[test]
    fn required_share_is_a_ceiling_robust_to_rounding() {
        assert_eq!(required(0.8, 60), 48);
        assert_eq!(required(0.8, 42), 34);
        assert_eq!(required(1.0, 13), 13);
        assert_eq!(required(0.0, 13), 0);
        assert_eq!(required(0.9, 60), 54);
    }
}
