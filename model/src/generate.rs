//! Synthetic region generator.
//!
//! [`generate`] builds a complete scenario — `scenario.toml` plus the six data
//! tables (courts, officers, units, enterprises, conflicts, unavailability) —
//! for one of four [`Preset`]s:
//!
//! | preset | courts | officers | platforms | chambers | enterprises |
//! |---|---|---|---|---|---|
//! | `nanping-2023` | 1 intermediate + 10 basic | 100 | 13 | 42 | ≈1,250, all members of a unit |
//! | `nanping-2024` | same | the same 100 | 13 | 60 | ≥ 2,600, ≥ 300 in no unit |
//! | `county` | 1 intermediate + 1 basic | 8 | 1 | 3 | 60 |
//! | `province` | 1 high + 9 intermediate + ~80 basic | 2,000 | 150 | 1,000 | 60,000 |
//!
//! The Nanping presets use the real courts and county seats of
//! `model/data/nanping_counties.csv` and the published figures of the first
//! batch (8 listed, 14 state-owned, 68 foreign-invested, 100 high-tech and 482
//! green enterprises); everything else is synthetic.
//!
//! # Determinism
//! The same preset and seed give byte-identical files. All randomness comes
//! from [`ChaCha8Rng`] seeded with the seed, split into independent *streams*
//! (geography, units, officers, enterprises, extras) so that one part can be
//! shared between presets: both Nanping presets draw their officers and their
//! units from the same streams, so officer ids and names are identical and the
//! 2023 units are exactly the 2024 units minus the chambers added in 2024.
//! Only ordered collections are iterated.
//!
//! # Geography
//! Courts sit at county seats (the intermediate and high courts at their
//! city's seat). Platforms lie within 25 km of their county seat, chambers in
//! the county town, member enterprises of a platform around the platform and
//! all other enterprises around the seat (normal offsets, σ ≈ 9 km), every
//! point clamped to ≤ 45 km great-circle of its county seat. The scenario
//! allows 120 minutes one way at 45 km/h with circuity 1.35, i.e. ≈ 66 km, so
//! every unit and enterprise is reachable from its county's basic court.
//!
//! # Feasibility
//! Each basic court gets at least `max(5, required units of its county + 1)`
//! officers (province: `+ 2`), where the required units are the team sizes of
//! all platforms plus `⌈chambers_share × chambers⌉`; the rest of the officers
//! are spread in proportion to the county's number of units. Unit sizes keep
//! the memberships of all units ≈ 1.1 × the enterprises in units, comfortably
//! above `enterprises_min`. Court-level conflicts prefer enterprises outside
//! any unit (or out of the court's reach) so that a conflict never blocks a
//! whole court from a unit it must serve.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::seq::{index, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The embedded Nanping court and county-seat table.
const NANPING_CSV: &str = include_str!("../data/nanping_counties.csv");

/// A named synthetic region that [`generate`] can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Preset {
    /// Nanping's first batch (2023): 100 officers, 13 platforms, 42 chambers,
    /// ≈ 1,200 enterprises, all of them members of some unit.
    Nanping2023,
    /// Nanping 2024: the same officers, 13 platforms, 60 chambers, ≥ 2,600
    /// enterprises of which ≥ 300 belong to no unit; targets 100% / 80% / 2,000.
    Nanping2024,
    /// One county (Yanping) with 2 courts, 8 officers, 4 units and 60
    /// enterprises: small enough for unit tests.
    County,
    /// A synthetic Fujian province: 9 prefectures, ≈ 80 counties, 2,000
    /// officers, 150 platforms, 1,000 chambers, 60,000 enterprises.
    Province,
}

impl Preset {
    /// Every preset, in a stable order.
    pub const ALL: [Preset; 4] = [
        Preset::Nanping2023,
        Preset::Nanping2024,
        Preset::County,
        Preset::Province,
    ];

    /// The preset's name as written on the command line (`nanping-2023`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Nanping2023 => "nanping-2023",
            Preset::Nanping2024 => "nanping-2024",
            Preset::County => "county",
            Preset::Province => "province",
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Preset`] from an unknown name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown preset `{0}`; expected one of nanping-2023, nanping-2024, county, province")]
pub struct UnknownPreset(pub String);

impl FromStr for Preset {
    type Err = UnknownPreset;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Preset::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownPreset(s.to_owned()))
    }
}

/// The files of a generated scenario, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedScenario {
    /// `(file name, contents)` pairs: `scenario.toml` first, then the CSV
    /// tables in the order the `[data]` section names them.
    pub files: Vec<(String, String)>,
}

impl GeneratedScenario {
    /// Writes every file into `dir`, creating `dir` (and its parents) first.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, contents) in &self.files {
            std::fs::write(dir.join(name), contents)?;
        }
        Ok(())
    }

    /// The contents of the file called `name`, if the scenario has one.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }
}

/// Generates the scenario of `preset` from `seed`.
///
/// Same preset and seed → byte-identical files; see the module docs for what
/// each preset contains and which feasibility properties it guarantees.
pub fn generate(preset: Preset, seed: u64) -> GeneratedScenario {
    let region = match preset {
        Preset::Nanping2023 => nanping(seed, 2023),
        Preset::Nanping2024 => nanping(seed, 2024),
        Preset::County => county(seed),
        Preset::Province => province(seed),
    };
    region.render(seed)
}

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

/// Officer specialties and enterprise needs share this vocabulary.
const SPECIALTIES: [&str; 10] = [
    "contract",
    "labor",
    "ip",
    "finance",
    "environment",
    "corporate",
    "tax",
    "trade",
    "construction",
    "bankruptcy",
];

/// Enterprise categories, in output order; counts are given in this order.
const CATEGORIES: [&str; 5] = ["listed", "state_owned", "foreign", "high_tech", "green"];

/// An industry tag with the words used to name units and enterprises.
struct Industry {
    tag: &'static str,
    zh: &'static str,
    en: &'static str,
    /// The specialties its enterprises most often need.
    needs: &'static [&'static str],
}

/// The first [`NANPING_INDUSTRIES`] are Nanping's; the rest only appear in the
/// province preset.
const INDUSTRIES: &[Industry] = &[
    Industry {
        tag: "tea",
        zh: "茶业",
        en: "Tea",
        needs: &["ip", "contract", "trade"],
    },
    Industry {
        tag: "bamboo",
        zh: "竹业",
        en: "Bamboo",
        needs: &["contract", "environment", "labor"],
    },
    Industry {
        tag: "food",
        zh: "食品",
        en: "Food",
        needs: &["contract", "labor", "ip"],
    },
    Industry {
        tag: "biotech",
        zh: "生物科技",
        en: "Biotech",
        needs: &["ip", "finance", "corporate"],
    },
    Industry {
        tag: "textile",
        zh: "纺织",
        en: "Textile",
        needs: &["labor", "trade", "contract"],
    },
    Industry {
        tag: "chemicals",
        zh: "化工",
        en: "Chemical",
        needs: &["environment", "labor", "construction"],
    },
    Industry {
        tag: "new_materials",
        zh: "新材料",
        en: "Materials",
        needs: &["ip", "environment", "finance"],
    },
    Industry {
        tag: "tourism",
        zh: "旅游",
        en: "Tourism",
        needs: &["contract", "labor", "corporate"],
    },
    Industry {
        tag: "digital",
        zh: "数字科技",
        en: "Digital",
        needs: &["ip", "corporate", "finance"],
    },
    Industry {
        tag: "machinery",
        zh: "机械",
        en: "Machinery",
        needs: &["contract", "labor", "trade"],
    },
    Industry {
        tag: "forestry",
        zh: "林业",
        en: "Forestry",
        needs: &["environment", "contract", "bankruptcy"],
    },
    Industry {
        tag: "footwear",
        zh: "鞋业",
        en: "Footwear",
        needs: &["labor", "trade", "ip"],
    },
    Industry {
        tag: "electronics",
        zh: "电子",
        en: "Electronics",
        needs: &["ip", "trade", "finance"],
    },
    Industry {
        tag: "ceramics",
        zh: "陶瓷",
        en: "Ceramics",
        needs: &["environment", "trade", "labor"],
    },
    Industry {
        tag: "seafood",
        zh: "水产",
        en: "Seafood",
        needs: &["trade", "environment", "contract"],
    },
    Industry {
        tag: "construction",
        zh: "建筑",
        en: "Construction",
        needs: &["construction", "labor", "contract"],
    },
    Industry {
        tag: "logistics",
        zh: "物流",
        en: "Logistics",
        needs: &["contract", "trade", "tax"],
    },
];

/// How many of [`INDUSTRIES`] are Nanping's.
const NANPING_INDUSTRIES: usize = 11;

/// One Nanping county's units.
struct NanpingCounty {
    id: &'static str,
    platforms: usize,
    chambers_2023: usize,
    chambers_2024: usize,
    /// Platforms served by a team of two officers.
    team_platforms: usize,
    /// Main industries, most important first.
    industries: &'static [&'static str],
}

/// Nanping's units per county. Totals: 13 platforms, 42 chambers (2023),
/// 60 chambers (2024).
const NANPING_UNITS: [NanpingCounty; 10] = [
    NanpingCounty {
        id: "yanping",
        platforms: 2,
        chambers_2023: 6,
        chambers_2024: 8,
        team_platforms: 1,
        industries: &["food", "biotech", "digital", "machinery"],
    },
    NanpingCounty {
        id: "jianyang",
        platforms: 2,
        chambers_2023: 5,
        chambers_2024: 7,
        team_platforms: 1,
        industries: &["tea", "bamboo", "digital", "machinery"],
    },
    NanpingCounty {
        id: "shaowu",
        platforms: 2,
        chambers_2023: 5,
        chambers_2024: 7,
        team_platforms: 0,
        industries: &["chemicals", "new_materials", "machinery", "forestry"],
    },
    NanpingCounty {
        id: "wuyishan",
        platforms: 1,
        chambers_2023: 5,
        chambers_2024: 7,
        team_platforms: 0,
        industries: &["tea", "tourism", "food"],
    },
    NanpingCounty {
        id: "jianou",
        platforms: 1,
        chambers_2023: 5,
        chambers_2024: 7,
        team_platforms: 0,
        industries: &["bamboo", "forestry", "food", "tea"],
    },
    NanpingCounty {
        id: "shunchang",
        platforms: 1,
        chambers_2023: 3,
        chambers_2024: 5,
        team_platforms: 0,
        industries: &["forestry", "bamboo", "biotech"],
    },
    NanpingCounty {
        id: "pucheng",
        platforms: 1,
        chambers_2023: 4,
        chambers_2024: 6,
        team_platforms: 0,
        industries: &["food", "new_materials", "textile"],
    },
    NanpingCounty {
        id: "guangze",
        platforms: 1,
        chambers_2023: 3,
        chambers_2024: 4,
        team_platforms: 0,
        industries: &["food", "biotech", "forestry"],
    },
    NanpingCounty {
        id: "songxi",
        platforms: 1,
        chambers_2023: 3,
        chambers_2024: 4,
        team_platforms: 0,
        industries: &["tea", "textile", "bamboo"],
    },
    NanpingCounty {
        id: "zhenghe",
        platforms: 1,
        chambers_2023: 3,
        chambers_2024: 5,
        team_platforms: 0,
        industries: &["tea", "bamboo", "tourism"],
    },
];

/// Fujian's prefecture-level cities: `(id, name, English name, lat, lon)`.
const PREFECTURES: [(&str, &str, &str, f64, f64); 9] = [
    ("fuzhou", "福州", "Fuzhou", 26.07, 119.30),
    ("xiamen", "厦门", "Xiamen", 24.48, 118.09),
    ("zhangzhou", "漳州", "Zhangzhou", 24.51, 117.65),
    ("quanzhou", "泉州", "Quanzhou", 24.87, 118.68),
    ("sanming", "三明", "Sanming", 26.26, 117.64),
    ("putian", "莆田", "Putian", 25.45, 119.01),
    ("nanping", "南平", "Nanping", 26.64, 118.18),
    ("longyan", "龙岩", "Longyan", 25.08, 117.02),
    ("ningde", "宁德", "Ningde", 26.66, 119.55),
];

const SURNAMES: &[&str] = &[
    "陈", "林", "黄", "张", "李", "王", "吴", "刘", "蔡", "杨", "许", "郑", "谢", "郭", "洪", "邱",
    "曾", "廖", "赖", "徐", "周", "叶", "苏", "庄", "吕", "江", "何", "罗", "高", "潘",
];

const GIVEN_CHARS: &[&str] = &[
    "建", "华", "志", "强", "秀", "英", "丽", "娟", "明", "辉", "文", "杰", "晓", "燕", "俊", "峰",
    "海", "玲", "静", "敏", "伟", "芳", "军", "平", "国", "荣", "春", "梅", "东", "雪", "斌", "鹏",
    "婷", "涛", "林", "清", "宇", "航", "思", "颖", "金", "水", "德", "勇", "红", "云", "新", "立",
    "嘉", "慧",
];

const BRAND_CHARS: &[&str] = &[
    "鑫", "源", "华", "泰", "恒", "信", "正", "和", "嘉", "禾", "森", "辉", "福", "万", "隆", "兴",
    "盛", "达", "宏", "鼎", "瑞", "丰", "祥", "宇", "金", "龙", "凯", "安", "康", "美", "绿", "品",
    "佳", "新", "天", "成", "永", "利", "茂", "顺", "乐", "明", "海", "通", "博", "雅", "益", "健",
    "润", "峰", "晟", "云", "闽", "联", "创", "立", "浩", "岩", "山", "溪",
];

const COMPANY_SUFFIXES: &[&str] = &[
    "有限公司",
    "有限公司",
    "有限公司",
    "有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
];

const EN_ADJECTIVES: &[&str] = &[
    "Golden",
    "Green",
    "Silver",
    "Jade",
    "Bright",
    "Blue",
    "Evergreen",
    "Pacific",
    "Summit",
    "Harmony",
    "Rising",
    "Crystal",
];

const EN_NOUNS: &[&str] = &[
    "Peak", "River", "Valley", "Star", "Bridge", "Dragon", "Phoenix", "Harbor", "Forest", "Cloud",
];

const CHAMBER_SUFFIXES: &[&str] = &["商会", "行业协会", "协会", "同业公会", "产业联合会"];

/// Platform name patterns; `{c}` is the county name, `{i}` the industry word.
const PLATFORM_PATTERNS: &[&str] = &[
    "{c}经济开发区",
    "{c}工业园区",
    "{c}{i}产业园",
    "{c}高新技术产业园区",
    "{c}{i}产业示范园",
    "{c}现代产业园",
];

// ---------------------------------------------------------------------------
// The region model
// ---------------------------------------------------------------------------

/// Independent random streams of one seed.
const STREAM_GEO: u64 = 1;
const STREAM_UNITS: u64 = 2;
const STREAM_OFFICERS: u64 = 3;
const STREAM_ENTERPRISES: u64 = 4;
const STREAM_EXTRAS: u64 = 5;

fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

struct County {
    id: String,
    name: String,
    /// Prefix for enterprise names (建阳, 福州, …).
    short: String,
    /// English place name for foreign enterprises' names.
    en: String,
    lat: f64,
    lon: f64,
    prefecture: usize,
    /// Main industries (indices into [`INDUSTRIES`]), most important first.
    industries: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    High,
    Intermediate,
    Basic,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Intermediate => "intermediate",
            Level::Basic => "basic",
        }
    }
}

struct Court {
    id: String,
    name: String,
    level: Level,
    lat: f64,
    lon: f64,
    county: usize,
    /// The prefecture it covers; `None` for the high court (the whole province).
    prefecture: Option<usize>,
}

struct Officer {
    id: String,
    name: String,
    court: usize,
    rank: &'static str,
    specialties: Vec<&'static str>,
    days_per_quarter: u32,
    previous_target: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Platform,
    Chamber,
}

impl UnitKind {
    fn as_str(self) -> &'static str {
        match self {
            UnitKind::Platform => "platform",
            UnitKind::Chamber => "chamber",
        }
    }
}

#[derive(Clone)]
struct Unit {
    id: String,
    name: String,
    kind: UnitKind,
    lat: f64,
    lon: f64,
    county: usize,
    industry: usize,
    team_size: u32,
}

struct Enterprise {
    id: String,
    name: String,
    lat: f64,
    lon: f64,
    county: usize,
    industry: usize,
    /// Indices into the region's units, ascending.
    units: Vec<usize>,
    /// Bit `i` set ⇔ the enterprise is in `CATEGORIES[i]`.
    categories: u8,
    needs: Vec<&'static str>,
    priority: u8,
}

struct Conflict {
    officer: Option<usize>,
    court: Option<usize>,
    enterprise: usize,
    reason: &'static str,
}

struct Unavailable {
    officer: usize,
    from: NaiveDate,
    to: NaiveDate,
    reason: &'static str,
}

/// Coverage targets written to `[targets]`.
struct Targets {
    platforms_share: f64,
    chambers_share: f64,
    enterprises_min: usize,
}

struct Region {
    name: &'static str,
    year: i32,
    targets: Targets,
    counties: Vec<County>,
    courts: Vec<Court>,
    officers: Vec<Officer>,
    units: Vec<Unit>,
    enterprises: Vec<Enterprise>,
    conflicts: Vec<Conflict>,
    unavailable: Vec<Unavailable>,
}

/// How a preset sizes its enterprises.
struct EnterpriseSpec {
    platform_members: (usize, usize),
    chamber_members: (usize, usize),
    /// Memberships per enterprise in some unit (≥ 1; 1.1 ⇒ 10% in two units).
    membership_ratio: f64,
    /// Least number of enterprises in units.
    affiliated_min: usize,
    /// Least number of enterprises in all.
    total_min: usize,
    /// Exact number of enterprises in all, if fixed.
    total_exact: Option<usize>,
    /// Least number of enterprises in no unit.
    unaffiliated_min: usize,
    /// How many enterprises are in each of [`CATEGORIES`].
    categories: [usize; 5],
}

// ---------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------

/// One row of the embedded Nanping table.
struct NanpingRow {
    county_id: String,
    county: String,
    county_en: String,
    court: String,
    level: Level,
    lat: f64,
    lon: f64,
}

fn nanping_rows() -> Vec<NanpingRow> {
    let mut reader = csv::Reader::from_reader(NANPING_CSV.as_bytes());
    reader
        .records()
        .map(|record| {
            let r = record.expect("embedded nanping_counties.csv is valid CSV");
            let field = |i: usize| {
                r.get(i)
                    .expect("embedded nanping_counties.csv has 7 columns")
            };
            let number = |i: usize| {
                field(i)
                    .parse::<f64>()
                    .expect("embedded nanping_counties.csv has numeric coordinates")
            };
            NanpingRow {
                county_id: field(0).to_owned(),
                county: field(1).to_owned(),
                county_en: field(2).to_owned(),
                court: field(3).to_owned(),
                level: if field(4) == "intermediate" {
                    Level::Intermediate
                } else {
                    Level::Basic
                },
                lat: number(5),
                lon: number(6),
            }
        })
        .collect()
}

fn industry_index(tag: &str) -> usize {
    INDUSTRIES
        .iter()
        .position(|i| i.tag == tag)
        .expect("industry tags in the preset tables are in INDUSTRIES")
}

/// Counties and courts of Nanping, restricted to `only` if given.
fn nanping_geography(only: Option<&str>) -> (Vec<County>, Vec<Court>) {
    let rows = nanping_rows();
    let mut counties: Vec<County> = Vec::new();
    let mut courts = Vec::new();
    for row in rows
        .iter()
        .filter(|r| only.map_or(true, |id| r.county_id == id))
    {
        let county = match counties.iter().position(|c| c.id == row.county_id) {
            Some(i) => i,
            None => {
                let industries = NANPING_UNITS
                    .iter()
                    .find(|u| u.id == row.county_id)
                    .map(|u| u.industries.iter().map(|t| industry_index(t)).collect())
                    .unwrap_or_else(|| vec![0]);
                let mut short = row.county.clone();
                short.pop();
                counties.push(County {
                    id: row.county_id.clone(),
                    name: row.county.clone(),
                    short,
                    en: row
                        .county_en
                        .split(' ')
                        .next()
                        .unwrap_or("Nanping")
                        .to_owned(),
                    lat: row.lat,
                    lon: row.lon,
                    prefecture: 0,
                    industries,
                });
                counties.len() - 1
            }
        };
        let id = match row.level {
            Level::Intermediate => "npzy".to_owned(),
            _ => format!("c-{}", row.county_id),
        };
        courts.push(Court {
            id,
            name: row.court.clone(),
            level: row.level,
            lat: row.lat,
            lon: row.lon,
            county,
            prefecture: Some(0),
        });
    }
    (counties, courts)
}

/// Builds the units of every county from `(platforms, chambers, team platforms)`.
fn make_units(
    rng: &mut ChaCha8Rng,
    counties: &[County],
    sizes: &[(usize, usize, usize)],
    id_prefix: impl Fn(&County) -> String,
) -> Vec<Unit> {
    let mut units = Vec::new();
    for (ci, (county, &(platforms, chambers, teams))) in counties.iter().zip(sizes).enumerate() {
        let prefix = id_prefix(county);
        let pattern_start = rng.gen_range(0..PLATFORM_PATTERNS.len());
        let mut names = BTreeSet::new();
        for p in 0..platforms {
            let industry = pick_county_industry(rng, county);
            let (lat, lon) = offset(rng, county.lat, county.lon, 6.0, 25.0);
            let mut name = String::new();
            for k in 0..PLATFORM_PATTERNS.len() {
                let pattern = PLATFORM_PATTERNS[(pattern_start + p + k) % PLATFORM_PATTERNS.len()];
                name = pattern
                    .replace("{c}", &county.name)
                    .replace("{i}", INDUSTRIES[industry].zh.trim_end_matches('业'));
                if !names.contains(&name) {
                    break;
                }
            }
            if names.contains(&name) {
                name = format!("{name}{}期", p + 1);
            }
            names.insert(name.clone());
            units.push(Unit {
                id: format!("pf-{prefix}-{:02}", p + 1),
                name,
                kind: UnitKind::Platform,
                lat,
                lon,
                county: ci,
                industry,
                team_size: if p < teams { 2 } else { 1 },
            });
        }
        let mut per_industry: BTreeMap<usize, usize> = BTreeMap::new();
        for c in 0..chambers {
            // The first chambers cover the county's main industries in turn.
            let industry = if c < county.industries.len() {
                county.industries[c]
            } else {
                pick_county_industry(rng, county)
            };
            let k = per_industry.entry(industry).or_insert(0);
            let suffix = CHAMBER_SUFFIXES[*k % CHAMBER_SUFFIXES.len()];
            let mut name = format!("{}{}{}", county.name, INDUSTRIES[industry].zh, suffix);
            if *k >= CHAMBER_SUFFIXES.len() {
                name = format!(
                    "{}{}第{}{}",
                    county.name,
                    INDUSTRIES[industry].zh,
                    *k + 1,
                    suffix
                );
            }
            *k += 1;
            let (lat, lon) = offset(rng, county.lat, county.lon, 3.0, 10.0);
            units.push(Unit {
                id: format!("ch-{prefix}-{:02}", c + 1),
                name,
                kind: UnitKind::Chamber,
                lat,
                lon,
                county: ci,
                industry,
                team_size: 1,
            });
        }
    }
    units
}

/// Officers a county's basic court must supply to serve what the targets
/// require there: every platform with its team, and the chamber share.
fn required_officers(platform_teams: usize, chambers: usize, chambers_share: f64) -> usize {
    platform_teams + (chambers as f64 * chambers_share - 1e-9).ceil().max(0.0) as usize
}

/// Generates `counts[i]` officers for court `i`, numbered in court order.
fn make_officers(rng: &mut ChaCha8Rng, counts: &[usize]) -> Vec<Officer> {
    let total: usize = counts.iter().sum();
    let width = digits(total).max(4);
    let mut names = BTreeSet::new();
    let mut officers = Vec::with_capacity(total);
    for (court, &count) in counts.iter().enumerate() {
        for _ in 0..count {
            let mut name = person_name(rng);
            for _ in 0..50 {
                if !names.contains(&name) {
                    break;
                }
                name = person_name(rng);
            }
            names.insert(name.clone());
            let rank = if rng.gen_bool(0.75) {
                "judge"
            } else {
                "assistant"
            };
            let n_spec = rng.gen_range(1..=3);
            let mut specialties: Vec<&'static str> =
                SPECIALTIES.choose_multiple(rng, n_spec).copied().collect();
            specialties.sort_by_key(|s| SPECIALTIES.iter().position(|x| x == s));
            officers.push(Officer {
                id: format!("o-{:0width$}", officers.len() + 1),
                name,
                court,
                rank,
                specialties,
                days_per_quarter: rng.gen_range(8..=20),
                previous_target: None,
            });
        }
    }
    officers
}

fn nanping(seed: u64, year: i32) -> Region {
    let (counties, courts) = nanping_geography(None);
    let table: Vec<_> = counties
        .iter()
        .map(|c| {
            NANPING_UNITS
                .iter()
                .find(|u| u.id == c.id)
                .expect("every Nanping county has a row in NANPING_UNITS")
        })
        .collect();

    // Units: always the 2024 set, so ids, names and places agree across years;
    // 2023 keeps the platforms and the first chambers of each county.
    let sizes: Vec<_> = table
        .iter()
        .map(|u| (u.platforms, u.chambers_2024, u.team_platforms))
        .collect();
    let mut units = make_units(&mut stream(seed, STREAM_UNITS), &counties, &sizes, |c| {
        c.id.clone()
    });
    if year == 2023 {
        units.retain(|u| {
            let number: usize =
                u.id.rsplit('-')
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
            u.kind == UnitKind::Platform || number <= table[u.county].chambers_2023
        });
    }

    // Officers: 20 at the intermediate court, 80 over the basic courts in
    // proportion to their 2024 units, each with room for the units either
    // year's targets require there (2023: all chambers; 2024: 80%).
    let basic: Vec<usize> = (0..courts.len())
        .filter(|&i| courts[i].level == Level::Basic)
        .collect();
    let weights: Vec<f64> = basic
        .iter()
        .map(|&i| {
            let u = table[courts[i].county];
            (u.platforms + u.chambers_2024) as f64
        })
        .collect();
    let mins: Vec<usize> = basic
        .iter()
        .map(|&i| {
            let u = table[courts[i].county];
            let teams = u.platforms + u.team_platforms;
            let need = required_officers(teams, u.chambers_2023, 1.0).max(required_officers(
                teams,
                u.chambers_2024,
                0.8,
            ));
            (need + 1).max(5)
        })
        .collect();
    let basic_counts = apportion(80, &weights, &mins, None);
    let mut counts = vec![0; courts.len()];
    for (k, &i) in basic.iter().enumerate() {
        counts[i] = basic_counts[k];
    }
    for (i, court) in courts.iter().enumerate() {
        if court.level == Level::Intermediate {
            counts[i] = 20;
        }
    }
    let officers = make_officers(&mut stream(seed, STREAM_OFFICERS), &counts);

    let mut rng = stream(seed, STREAM_ENTERPRISES);
    let (spec, targets) = if year == 2023 {
        (
            EnterpriseSpec {
                platform_members: (40, 60),
                chamber_members: (15, 20),
                membership_ratio: 1.10,
                affiliated_min: 1200,
                total_min: 0,
                total_exact: None,
                unaffiliated_min: 0,
                categories: [8, 14, 68, 100, 482],
            },
            Targets {
                platforms_share: 1.0,
                chambers_share: 1.0,
                enterprises_min: 1200,
            },
        )
    } else {
        (
            EnterpriseSpec {
                platform_members: (40, 90),
                chamber_members: (15, 45),
                membership_ratio: 1.10,
                affiliated_min: 0,
                total_min: 2600 + rng.gen_range(0..=80),
                total_exact: None,
                unaffiliated_min: 300 + rng.gen_range(0..=60),
                categories: [12, 20, 100, 160, 700],
            },
            Targets {
                platforms_share: 1.0,
                chambers_share: 0.8,
                enterprises_min: 2000,
            },
        )
    };
    let enterprises = make_enterprises(&mut rng, &counties, &units, &spec);
    let name = if year == 2023 {
        "Nanping 2023"
    } else {
        "Nanping 2024"
    };
    let mut region = Region {
        name,
        year,
        targets,
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
    };
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), year == 2024);
    region
}

fn county(seed: u64) -> Region {
    let (counties, courts) = nanping_geography(Some("yanping"));
    let units = make_units(
        &mut stream(seed, STREAM_UNITS),
        &counties,
        &[(1, 3, 0)],
        |c| c.id.clone(),
    );
    let counts: Vec<usize> = courts
        .iter()
        .map(|c| if c.level == Level::Intermediate { 3 } else { 5 })
        .collect();
    let officers = make_officers(&mut stream(seed, STREAM_OFFICERS), &counts);
    let spec = EnterpriseSpec {
        platform_members: (20, 30),
        chamber_members: (8, 14),
        membership_ratio: 1.12,
        affiliated_min: 0,
        total_min: 0,
        total_exact: Some(60),
        unaffiliated_min: 6,
        categories: [1, 1, 3, 5, 24],
    };
    let enterprises = make_enterprises(
        &mut stream(seed, STREAM_ENTERPRISES),
        &counties,
        &units,
        &spec,
    );
    let mut region = Region {
        name: "Yanping county (test)",
        year: 2024,
        targets: Targets {
            platforms_share: 1.0,
            chambers_share: 1.0,
            enterprises_min: 40,
        },
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
    };
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), false);
    region
}

fn province(seed: u64) -> Region {
    const OFFICERS: usize = 2000;
    const HIGH_COURT_OFFICERS: usize = 40;
    const INTERMEDIATE_OFFICERS: usize = 20;
    const PLATFORMS: usize = 150;
    const CHAMBERS: usize = 1000;
    const CHAMBERS_SHARE: f64 = 0.8;

    let mut geo = stream(seed, STREAM_GEO);
    let mut counties = Vec::new();
    let mut courts = Vec::new();
    for (p, &(pid, pname, pen, plat, plon)) in PREFECTURES.iter().enumerate() {
        let n = geo.gen_range(6..=12);
        let first = counties.len();
        for k in 1..=n {
            // The first county is the city's own district around the seat;
            // the others lie 20–80 km away.
            let (dist, kind) = if k == 1 {
                (geo.gen_range(2.0..6.0), "区")
            } else {
                (geo.gen_range(20.0..80.0), "县")
            };
            let angle = geo.gen_range(0.0..std::f64::consts::TAU);
            let (lat, lon) = shift_km(plat, plon, dist * angle.cos(), dist * angle.sin());
            let industries = index::sample(&mut geo, INDUSTRIES.len(), 3).into_vec();
            counties.push(County {
                id: format!("{pid}-{k:02}"),
                name: format!("{pname}第{k}{kind}"),
                short: pname.to_owned(),
                en: pen.to_owned(),
                lat: round5(lat),
                lon: round5(lon),
                prefecture: p,
                industries,
            });
        }
        if p == 0 {
            courts.push(Court {
                id: "fjgy".to_owned(),
                name: "福建省高级人民法院".to_owned(),
                level: Level::High,
                lat: plat,
                lon: plon,
                county: first,
                prefecture: None,
            });
        }
        courts.push(Court {
            id: format!("zy-{pid}"),
            name: format!("{pname}市中级人民法院"),
            level: Level::Intermediate,
            lat: plat,
            lon: plon,
            county: first,
            prefecture: Some(p),
        });
        for (ci, county) in counties.iter().enumerate().skip(first) {
            courts.push(Court {
                id: format!("c-{}", county.id),
                name: format!("{}人民法院", county.name),
                level: Level::Basic,
                lat: county.lat,
                lon: county.lon,
                county: ci,
                prefecture: Some(p),
            });
        }
    }

    // Units: one platform per county and the rest by a random size weight;
    // chambers likewise with at least three per county.
    let mut urng = stream(seed, STREAM_UNITS);
    let n = counties.len();
    let weights: Vec<f64> = (0..n).map(|_| urng.gen_range(0.5..1.5)).collect();
    let platforms = apportion(PLATFORMS, &weights, &vec![1; n], None);
    let chambers = apportion(CHAMBERS, &weights, &vec![3; n], None);
    let sizes: Vec<(usize, usize, usize)> = (0..n)
        .map(|i| {
            let teams = (0..platforms[i]).filter(|_| urng.gen_bool(0.1)).count();
            (platforms[i], chambers[i], teams)
        })
        .collect();
    let units = make_units(&mut urng, &counties, &sizes, |c| c.id.clone());

    // Officers: fixed numbers at the high and intermediate courts, the rest
    // over the basic courts by units, each with room for its required units.
    let basic: Vec<usize> = (0..courts.len())
        .filter(|&i| courts[i].level == Level::Basic)
        .collect();
    let unit_weights: Vec<f64> = basic
        .iter()
        .map(|&i| {
            let c = courts[i].county;
            (sizes[c].0 + sizes[c].1) as f64
        })
        .collect();
    let mins: Vec<usize> = basic
        .iter()
        .map(|&i| {
            let (p, ch, teams) = sizes[courts[i].county];
            (required_officers(p + teams, ch, CHAMBERS_SHARE) + 2).max(5)
        })
        .collect();
    let upper = HIGH_COURT_OFFICERS + PREFECTURES.len() * INTERMEDIATE_OFFICERS;
    let basic_counts = apportion(OFFICERS - upper, &unit_weights, &mins, None);
    let mut counts = vec![0; courts.len()];
    for (k, &i) in basic.iter().enumerate() {
        counts[i] = basic_counts[k];
    }
    for (i, court) in courts.iter().enumerate() {
        match court.level {
            Level::High => counts[i] = HIGH_COURT_OFFICERS,
            Level::Intermediate => counts[i] = INTERMEDIATE_OFFICERS,
            Level::Basic => {}
        }
    }
    let officers = make_officers(&mut stream(seed, STREAM_OFFICERS), &counts);

    let spec = EnterpriseSpec {
        platform_members: (60, 120),
        chamber_members: (25, 60),
        membership_ratio: 1.12,
        affiliated_min: 0,
        total_min: 0,
        total_exact: Some(60_000),
        unaffiliated_min: 6_000,
        categories: [400, 700, 3400, 5000, 24100],
    };
    let enterprises = make_enterprises(
        &mut stream(seed, STREAM_ENTERPRISES),
        &counties,
        &units,
        &spec,
    );
    let mut region = Region {
        name: "Fujian province (synthetic)",
        year: 2024,
        targets: Targets {
            platforms_share: 1.0,
            chambers_share: CHAMBERS_SHARE,
            enterprises_min: 40_000,
        },
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
    };
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), true);
    region
}

// ---------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------

fn make_enterprises(
    rng: &mut ChaCha8Rng,
    counties: &[County],
    units: &[Unit],
    spec: &EnterpriseSpec,
) -> Vec<Enterprise> {
    // Unit sizes and the memberships of each county.
    let members: Vec<usize> = units
        .iter()
        .map(|u| {
            let (lo, hi) = match u.kind {
                UnitKind::Platform => spec.platform_members,
                UnitKind::Chamber => spec.chamber_members,
            };
            rng.gen_range(lo..=hi)
        })
        .collect();
    let mut memberships = vec![0usize; counties.len()];
    for (u, &m) in units.iter().zip(&members) {
        memberships[u.county] += m;
    }
    let total_memberships: usize = memberships.iter().sum();

    // How many enterprises are in some unit, and how many in none.
    let mut affiliated = ((total_memberships as f64 / spec.membership_ratio).round() as usize)
        .max(spec.affiliated_min)
        .min(total_memberships);
    let unaffiliated = match spec.total_exact {
        Some(total) => {
            affiliated = affiliated.min(total.saturating_sub(spec.unaffiliated_min));
            total - affiliated
        }
        None => spec
            .unaffiliated_min
            .max(spec.total_min.saturating_sub(affiliated)),
    };

    // Spread them over the counties: in units by memberships (each enterprise
    // in at most two distinct units), the rest by the same weight.
    let weights: Vec<f64> = memberships.iter().map(|&m| m.max(1) as f64).collect();
    let mins: Vec<usize> = counties
        .iter()
        .enumerate()
        .map(|(c, _)| {
            let units_here = units.iter().filter(|u| u.county == c).count();
            if units_here >= 2 {
                memberships[c].div_ceil(2)
            } else {
                memberships[c]
            }
        })
        .collect();
    let affiliated_by_county = apportion(affiliated, &weights, &mins, Some(&memberships));
    let unaffiliated_by_county = apportion(unaffiliated, &weights, &vec![0; counties.len()], None);

    let mut enterprises = Vec::with_capacity(affiliated + unaffiliated);
    for (c, county) in counties.iter().enumerate() {
        let local: Vec<usize> = (0..units.len()).filter(|&u| units[u].county == c).collect();
        let n_in = affiliated_by_county[c];
        let mut memberships_of: Vec<Vec<usize>> = vec![Vec::new(); n_in];
        if n_in > 0 {
            let mut slots: Vec<usize> = local
                .iter()
                .flat_map(|&u| std::iter::repeat(u).take(members[u]))
                .collect();
            slots.shuffle(rng);
            for (e, &u) in slots.iter().take(n_in).enumerate() {
                memberships_of[e].push(u);
            }
            // Remaining slots: a second, different unit for a one-unit member.
            for &u in slots.iter().skip(n_in) {
                let mut chosen = None;
                for _ in 0..64 {
                    let e = rng.gen_range(0..n_in);
                    if memberships_of[e].len() == 1 && memberships_of[e][0] != u {
                        chosen = Some(e);
                        break;
                    }
                }
                if chosen.is_none() {
                    let start = rng.gen_range(0..n_in);
                    chosen = (0..n_in)
                        .map(|k| (start + k) % n_in)
                        .find(|&e| memberships_of[e].len() == 1 && memberships_of[e][0] != u);
                }
                if let Some(e) = chosen {
                    memberships_of[e].push(u);
                }
            }
        }
        memberships_of.resize(n_in + unaffiliated_by_county[c], Vec::new());
        memberships_of.shuffle(rng);
        for mut member_of in memberships_of {
            member_of.sort_unstable();
            let platform = member_of
                .iter()
                .copied()
                .find(|&u| units[u].kind == UnitKind::Platform);
            let (lat, lon) = match platform {
                // Around the park, then kept within reach of the county seat.
                Some(p) => {
                    let (lat, lon) = offset(rng, units[p].lat, units[p].lon, 3.0, 10.0);
                    clamp_around(county.lat, county.lon, lat, lon, 45.0)
                }
                None => offset(rng, county.lat, county.lon, 9.0, 45.0),
            };
            let industry = match member_of.first() {
                Some(&u) if rng.gen_bool(0.75) => units[u].industry,
                _ => pick_county_industry(rng, county),
            };
            let needs = pick_needs(rng, industry);
            enterprises.push(Enterprise {
                id: String::new(),
                name: String::new(),
                lat,
                lon,
                county: c,
                industry,
                units: member_of,
                categories: 0,
                needs,
                priority: 0,
            });
        }
    }

    let n = enterprises.len();
    let width = digits(n).max(5);
    for (i, e) in enterprises.iter_mut().enumerate() {
        e.id = format!("e-{:0width$}", i + 1);
    }
    for (bit, &count) in spec.categories.iter().enumerate() {
        for i in index::sample(rng, n, count.min(n)).into_vec() {
            enterprises[i].categories |= 1 << bit;
        }
    }
    let mut names = BTreeSet::new();
    for e in &mut enterprises {
        e.priority = priority(rng, e.categories);
        e.name = enterprise_name(
            rng,
            &counties[e.county],
            e.industry,
            e.categories,
            &mut names,
        );
    }
    enterprises
}

/// Extra weight: listed 3, state-owned 2, foreign/high-tech sometimes 1,
/// an occasional 1 for anyone (e.g. a firm in financial trouble).
fn priority(rng: &mut ChaCha8Rng, categories: u8) -> u8 {
    if categories & 1 != 0 {
        3
    } else if categories & 2 != 0 {
        2
    } else if categories & 0b1100 != 0 && rng.gen_bool(0.5) {
        1
    } else {
        u8::from(rng.gen_bool(0.05))
    }
}

fn pick_county_industry(rng: &mut ChaCha8Rng, county: &County) -> usize {
    // The county's main industries dominate, the first one most.
    if rng.gen_bool(0.85) && !county.industries.is_empty() {
        let k = county.industries.len();
        let weights: Vec<usize> = (0..k).map(|i| k - i + 1).collect();
        let total: usize = weights.iter().sum();
        let mut x = rng.gen_range(0..total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return county.industries[i];
            }
            x -= w;
        }
        county.industries[k - 1]
    } else {
        let pool = if county.industries.iter().all(|&i| i < NANPING_INDUSTRIES) {
            NANPING_INDUSTRIES
        } else {
            INDUSTRIES.len()
        };
        rng.gen_range(0..pool)
    }
}

fn pick_needs(rng: &mut ChaCha8Rng, industry: usize) -> Vec<&'static str> {
    let first = if rng.gen_bool(0.8) {
        *INDUSTRIES[industry]
            .needs
            .choose(rng)
            .expect("every industry lists needs")
    } else {
        SPECIALTIES[rng.gen_range(0..SPECIALTIES.len())]
    };
    let mut needs = vec![first];
    if rng.gen_bool(0.4) {
        let second = SPECIALTIES[rng.gen_range(0..SPECIALTIES.len())];
        if second != first {
            needs.push(second);
        }
    }
    needs.sort_by_key(|s| SPECIALTIES.iter().position(|x| x == s));
    needs
}

fn enterprise_name(
    rng: &mut ChaCha8Rng,
    county: &County,
    industry: usize,
    categories: u8,
    used: &mut BTreeSet<String>,
) -> String {
    let ind = &INDUSTRIES[industry];
    // Some foreign-invested firms are known by their English name, which
    // contains a comma ("Co., Ltd.") and so exercises CSV quoting.
    if categories & 4 != 0 && rng.gen_bool(0.4) {
        for _ in 0..8 {
            let name = format!(
                "{} {} {} ({}) Co., Ltd.",
                EN_ADJECTIVES[rng.gen_range(0..EN_ADJECTIVES.len())],
                EN_NOUNS[rng.gen_range(0..EN_NOUNS.len())],
                ind.en,
                county.en
            );
            if used.insert(name.clone()) {
                return name;
            }
        }
    }
    for attempt in 0..64 {
        let brand_len = if attempt < 16 { 2 } else { 3 };
        let brand: String = (0..brand_len)
            .map(|_| BRAND_CHARS[rng.gen_range(0..BRAND_CHARS.len())])
            .collect();
        let suffix = COMPANY_SUFFIXES[rng.gen_range(0..COMPANY_SUFFIXES.len())];
        let name = format!("{}{brand}{}{suffix}", county.short, ind.zh);
        if used.insert(name.clone()) {
            return name;
        }
    }
    let name = format!("{}{}{}号有限公司", county.short, ind.zh, used.len() + 1);
    used.insert(name.clone());
    name
}

fn person_name(rng: &mut ChaCha8Rng) -> String {
    let mut name = SURNAMES[rng.gen_range(0..SURNAMES.len())].to_owned();
    let given = if rng.gen_bool(0.2) { 1 } else { 2 };
    for _ in 0..given {
        name.push_str(GIVEN_CHARS[rng.gen_range(0..GIVEN_CHARS.len())]);
    }
    name
}

// ---------------------------------------------------------------------------
// Previous targets, conflicts, unavailability
// ---------------------------------------------------------------------------

impl Region {
    fn add_extras(&mut self, rng: &mut ChaCha8Rng, previous_targets: bool) {
        if previous_targets {
            self.add_previous_targets(rng);
        }
        self.add_conflicts(rng);
        self.add_unavailability(rng);
    }

    /// About 30% of officers served something in their court's county last
    /// year: mostly a unit, sometimes an enterprise; never the same target twice.
    fn add_previous_targets(&mut self, rng: &mut ChaCha8Rng) {
        let mut units_by_county: Vec<Vec<usize>> = vec![Vec::new(); self.counties.len()];
        for (i, u) in self.units.iter().enumerate() {
            units_by_county[u.county].push(i);
        }
        let mut enterprises_by_county: Vec<Vec<usize>> = vec![Vec::new(); self.counties.len()];
        for (i, e) in self.enterprises.iter().enumerate() {
            enterprises_by_county[e.county].push(i);
        }
        let mut used = BTreeSet::new();
        for o in 0..self.officers.len() {
            if !rng.gen_bool(0.3) {
                continue;
            }
            let county = self.courts[self.officers[o].court].county;
            let (pool, is_unit) = if rng.gen_bool(0.7) {
                (&units_by_county[county], true)
            } else {
                (&enterprises_by_county[county], false)
            };
            let free: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|i| !used.contains(&(is_unit, *i)))
                .collect();
            if let Some(&pick) = free.choose(rng) {
                used.insert((is_unit, pick));
                self.officers[o].previous_target = Some(if is_unit {
                    self.units[pick].id.clone()
                } else {
                    self.enterprises[pick].id.clone()
                });
            }
        }
    }

    /// A few court-level conflicts per court (pending cases) and personal
    /// conflicts for about 5% of officers.
    fn add_conflicts(&mut self, rng: &mut ChaCha8Rng) {
        const REACH_KM: f64 = 70.0;
        for (ci, court) in self.courts.iter().enumerate() {
            let in_jurisdiction = |e: &Enterprise| match court.prefecture {
                None => true,
                Some(p) => self.counties[e.county].prefecture == p,
            };
            let all = 0..self.enterprises.len();
            // Enterprises in no unit: the conflict never blocks a unit.
            let mut pool: Vec<usize> = all
                .clone()
                .filter(|&i| {
                    let e = &self.enterprises[i];
                    e.units.is_empty()
                        && (e.county == court.county
                            || (court.level != Level::Basic && in_jurisdiction(e)))
                })
                .collect();
            if pool.is_empty() {
                // Cases from elsewhere in the jurisdiction, out of the court's reach.
                pool = all
                    .clone()
                    .filter(|&i| {
                        let e = &self.enterprises[i];
                        in_jurisdiction(e)
                            && great_circle_km(court.lat, court.lon, e.lat, e.lon) > REACH_KM
                    })
                    .collect();
            }
            if pool.is_empty() {
                pool = all
                    .filter(|&i| self.enterprises[i].county == court.county)
                    .collect();
            }
            if pool.is_empty() {
                continue;
            }
            let k = rng.gen_range(2..=4).min(pool.len());
            let mut picks: Vec<usize> = pool.choose_multiple(rng, k).copied().collect();
            picks.sort_unstable();
            for e in picks {
                self.conflicts.push(Conflict {
                    officer: None,
                    court: Some(ci),
                    enterprise: e,
                    reason: "pending case 案件审理中",
                });
            }
        }

        const PERSONAL: [&str; 3] = [
            "relative employed 亲属任职",
            "former legal counsel 曾任法律顾问",
            "shareholding 持有股份",
        ];
        let mut enterprises_by_county: Vec<Vec<usize>> = vec![Vec::new(); self.counties.len()];
        for (i, e) in self.enterprises.iter().enumerate() {
            enterprises_by_county[e.county].push(i);
        }
        let n_personal = (self.officers.len() as f64 * 0.05).round().max(1.0) as usize;
        let mut chosen = index::sample(rng, self.officers.len(), n_personal).into_vec();
        chosen.sort_unstable();
        for o in chosen {
            let county = self.courts[self.officers[o].court].county;
            let local = &enterprises_by_county[county];
            let outside: Vec<usize> = local
                .iter()
                .copied()
                .filter(|&e| self.enterprises[e].units.is_empty())
                .collect();
            let pool = if !outside.is_empty() && rng.gen_bool(0.5) {
                &outside
            } else {
                local
            };
            if let Some(&e) = pool.choose(rng) {
                self.conflicts.push(Conflict {
                    officer: Some(o),
                    court: None,
                    enterprise: e,
                    reason: PERSONAL[rng.gen_range(0..PERSONAL.len())],
                });
            }
        }
    }

    /// About 15% of officers are away for one or two stretches of the year.
    fn add_unavailability(&mut self, rng: &mut ChaCha8Rng) {
        let n = self.officers.len();
        let k = ((n as f64) * 0.15).round() as usize;
        let mut chosen = index::sample(rng, n, k.min(n)).into_vec();
        chosen.sort_unstable();
        let jan1 = NaiveDate::from_ymd_opt(self.year, 1, 1).expect("scenario years are valid");
        let dec31 = NaiveDate::from_ymd_opt(self.year, 12, 31).expect("scenario years are valid");
        let year_days = (dec31 - jan1).num_days();
        for o in chosen {
            let stretches = if rng.gen_bool(0.3) { 2 } else { 1 };
            let mut rows = Vec::new();
            for _ in 0..stretches {
                let (from, len, reason) = match rng.gen_range(0..3) {
                    0 => {
                        let len = rng.gen_range(5..=15);
                        (
                            jan1 + Duration::days(rng.gen_range(0..=year_days - len + 1)),
                            len,
                            "annual leave 年休假",
                        )
                    }
                    1 => {
                        let days_to_monday =
                            (7 - i64::from(jan1.weekday().num_days_from_monday())) % 7;
                        let monday = jan1 + Duration::days(days_to_monday);
                        debug_assert_eq!(monday.weekday(), Weekday::Mon);
                        (
                            monday + Duration::weeks(rng.gen_range(0..50)),
                            5,
                            "trial week 集中审判周",
                        )
                    }
                    _ => {
                        let len = rng.gen_range(3..=10);
                        (
                            jan1 + Duration::days(rng.gen_range(0..=year_days - len + 1)),
                            len,
                            "training 业务培训",
                        )
                    }
                };
                let to = (from + Duration::days(len - 1)).min(dec31);
                rows.push(Unavailable {
                    officer: o,
                    from,
                    to,
                    reason,
                });
            }
            rows.sort_by_key(|r| r.from);
            self.unavailable.extend(rows);
        }
    }

    // -----------------------------------------------------------------------
    // Rendering
    // -----------------------------------------------------------------------

    fn render(&self, seed: u64) -> GeneratedScenario {
        let county_id = |c: usize| self.counties[c].id.as_str();
        let courts = write_csv(
            &["id", "name", "level", "lat", "lon", "county"],
            self.courts.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.level.as_str().to_owned(),
                    coord(c.lat),
                    coord(c.lon),
                    county_id(c.county).to_owned(),
                ]
            }),
        );
        let officers = write_csv(
            &[
                "id",
                "name",
                "court",
                "rank",
                "specialties",
                "days_per_quarter",
                "previous_target",
            ],
            self.officers.iter().map(|o| {
                vec![
                    o.id.clone(),
                    o.name.clone(),
                    self.courts[o.court].id.clone(),
                    o.rank.to_owned(),
                    o.specialties.join(";"),
                    o.days_per_quarter.to_string(),
                    o.previous_target.clone().unwrap_or_default(),
                ]
            }),
        );
        let units = write_csv(
            &[
                "id",
                "name",
                "kind",
                "lat",
                "lon",
                "county",
                "industry",
                "team_size",
            ],
            self.units.iter().map(|u| {
                vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.kind.as_str().to_owned(),
                    coord(u.lat),
                    coord(u.lon),
                    county_id(u.county).to_owned(),
                    INDUSTRIES[u.industry].tag.to_owned(),
                    u.team_size.to_string(),
                ]
            }),
        );
        let enterprises = write_csv(
            &[
                "id",
                "name",
                "lat",
                "lon",
                "county",
                "industry",
                "units",
                "categories",
                "needs",
                "priority",
            ],
            self.enterprises.iter().map(|e| {
                let units: Vec<&str> = e.units.iter().map(|&u| self.units[u].id.as_str()).collect();
                let categories: Vec<&str> = CATEGORIES
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| e.categories & (1 << bit) != 0)
                    .map(|(_, c)| *c)
                    .collect();
                vec![
                    e.id.clone(),
                    e.name.clone(),
                    coord(e.lat),
                    coord(e.lon),
                    county_id(e.county).to_owned(),
                    INDUSTRIES[e.industry].tag.to_owned(),
                    units.join(";"),
                    categories.join(";"),
                    e.needs.join(";"),
                    e.priority.to_string(),
                ]
            }),
        );
        let conflicts = write_csv(
            &["officer", "court", "enterprise", "reason"],
            self.conflicts.iter().map(|c| {
                vec![
                    c.officer
                        .map(|o| self.officers[o].id.clone())
                        .unwrap_or_default(),
                    c.court
                        .map(|k| self.courts[k].id.clone())
                        .unwrap_or_default(),
                    self.enterprises[c.enterprise].id.clone(),
                    c.reason.to_owned(),
                ]
            }),
        );
        let unavailable = write_csv(
            &["officer", "from", "to", "reason"],
            self.unavailable.iter().map(|u| {
                vec![
                    self.officers[u.officer].id.clone(),
                    u.from.format("%Y-%m-%d").to_string(),
                    u.to.format("%Y-%m-%d").to_string(),
                    u.reason.to_owned(),
                ]
            }),
        );
        GeneratedScenario {
            files: vec![
                ("scenario.toml".to_owned(), self.scenario_toml(seed)),
                ("courts.csv".to_owned(), courts),
                ("officers.csv".to_owned(), officers),
                ("units.csv".to_owned(), units),
                ("enterprises.csv".to_owned(), enterprises),
                ("conflicts.csv".to_owned(), conflicts),
                ("unavailable.csv".to_owned(), unavailable),
            ],
        }
    }

    fn scenario_toml(&self, seed: u64) -> String {
        // A region smaller than the nominal target asks for what it has.
        let enterprises_min = self.targets.enterprises_min.min(self.enterprises.len());
        format!(
            r#"name = "{name}"
year = {year}
seed = {seed}

[data]
courts = "courts.csv"
officers = "officers.csv"
units = "units.csv"
enterprises = "enterprises.csv"
conflicts = "conflicts.csv"
unavailable = "unavailable.csv"

[targets]
platforms_share = {platforms:.1}
chambers_share = {chambers:.1}
enterprises_min = {enterprises_min}

[rules]
period = "quarter"
unit_visits_per_period = 3
enterprises_per_unit_visit = 3
enterprise_visits_per_period = 3
min_days_between_visits = 14
max_one_way_minutes = 120
officer_mode = "exclusive"
max_enterprises_per_officer = 8
day_minutes = 480
onsite_minutes = 60
conflict_scope = "unit"

[travel]
speed_kmh = 45.0
circuity = 1.35

[solver]
time_limit_s = 60
mip_gap = 0.005
"#,
            name = self.name,
            year = self.year,
            platforms = self.targets.platforms_share,
            chambers = self.targets.chambers_share,
        )
    }
}

/// Writes a header and rows as CSV with `\n` line endings, quoting as needed.
fn write_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(header)
        .expect("writing CSV to memory cannot fail");
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV built from UTF-8 strings is UTF-8")
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Splits `total` in proportion to `weights`, giving item `i` at least
/// `mins[i]` and at most `maxs[i]` (water-filling, then largest remainder;
/// ties go to the lower index). Assumes `Σ mins ≤ total ≤ Σ maxs`.
fn apportion(total: usize, weights: &[f64], mins: &[usize], maxs: Option<&[usize]>) -> Vec<usize> {
    let n = weights.len();
    let max_of = |i: usize| maxs.map_or(usize::MAX, |m| m[i]);
    let mut fixed: Vec<Option<usize>> = vec![None; n];
    let mut shares = vec![0.0; n];
    loop {
        let free: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
        if free.is_empty() {
            break;
        }
        let taken: usize = fixed.iter().flatten().sum();
        let rest = total.saturating_sub(taken) as f64;
        let weight: f64 = free.iter().map(|&i| weights[i]).sum();
        let mut changed = false;
        for &i in &free {
            let share = if weight > 0.0 {
                rest * weights[i] / weight
            } else {
                rest / free.len() as f64
            };
            shares[i] = share;
            if share < mins[i] as f64 {
                fixed[i] = Some(mins[i]);
                changed = true;
            } else if share > max_of(i) as f64 {
                fixed[i] = Some(max_of(i));
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut out: Vec<usize> = (0..n)
        .map(|i| fixed[i].unwrap_or(shares[i].floor() as usize))
        .collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
    order.sort_by(|&a, &b| {
        let ra = shares[a] - shares[a].floor();
        let rb = shares[b] - shares[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for i in order {
        if left == 0 {
            break;
        }
        if out[i] < max_of(i) {
            out[i] += 1;
            left -= 1;
        }
    }
    out
}

/// A point at a normal offset (σ in km) from `(lat, lon)`, at most `max_km` away.
fn offset(rng: &mut ChaCha8Rng, lat: f64, lon: f64, sigma_km: f64, max_km: f64) -> (f64, f64) {
    let mut dx = normal(rng) * sigma_km;
    let mut dy = normal(rng) * sigma_km;
    let r = dx.hypot(dy);
    if r > max_km {
        dx *= max_km / r;
        dy *= max_km / r;
    }
    let (lat, lon) = shift_km(lat, lon, dy, dx);
    (round5(lat), round5(lon))
}

/// Pulls `(lat, lon)` back towards `(lat0, lon0)` until within `max_km`.
fn clamp_around(lat0: f64, lon0: f64, lat: f64, lon: f64, max_km: f64) -> (f64, f64) {
    let d = great_circle_km(lat0, lon0, lat, lon);
    if d <= max_km {
        return (lat, lon);
    }
    let t = max_km / d;
    (
        round5(lat0 + (lat - lat0) * t),
        round5(lon0 + (lon - lon0) * t),
    )
}

/// Moves north by `north_km` and east by `east_km` (flat-earth, fine at ≤ 100 km).
fn shift_km(lat: f64, lon: f64, north_km: f64, east_km: f64) -> (f64, f64) {
    const KM_PER_DEGREE: f64 = 111.32;
    let lat2 = lat + north_km / KM_PER_DEGREE;
    let lon2 = lon + east_km / (KM_PER_DEGREE * lat.to_radians().cos());
    (lat2, lon2)
}

/// Great-circle (haversine) distance in km.
fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Rounds to 5 decimals (≈ 1 m), the precision written to the files.
fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

fn coord(x: f64) -> String {
    format!("{x:.5}")
}

fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::OnceLock;

    /// A parsed CSV table: header names and rows of fields.
    struct Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    }

    impl Table {
        fn col(&self, name: &str) -> usize {
            self.header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("no column {name}"))
        }

        fn column(&self, name: &str) -> Vec<&str> {
            let c = self.col(name);
            self.rows.iter().map(|r| r[c].as_str()).collect()
        }
    }

    fn table(s: &GeneratedScenario, file: &str) -> Table {
        let text = s.file(file).unwrap_or_else(|| panic!("no {file}"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.expect("valid row").iter().map(str::to_owned).collect())
            .collect();
        Table { header, rows }
    }

    /// Each preset generated once with seed 7 and shared by the tests.
    fn generated(preset: Preset) -> &'static GeneratedScenario {
        static CACHE: [OnceLock<GeneratedScenario>; 4] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let i = Preset::ALL
            .iter()
            .position(|&p| p == preset)
            .expect("preset");
        CACHE[i].get_or_init(|| generate(preset, 7))
    }

    fn list(cell: &str) -> Vec<&str> {
        cell.split(';').filter(|s| !s.is_empty()).collect()
    }

    fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let a = ((p2 - p1) / 2.0).sin().powi(2)
            + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
        2.0 * 6371.0 * a.sqrt().asin()
    }

    fn num(s: &str) -> f64 {
        s.parse().expect("number")
    }

    #[test]
    fn preset_names_round_trip() {
        for p in Preset::ALL {
            assert_eq!(p.to_string().parse::<Preset>(), Ok(p));
        }
        assert!("nanping".parse::<Preset>().is_err());
    }

    #[test]
    fn same_preset_and_seed_give_identical_files() {
        for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
            assert_eq!(generate(p, 7), *generated(p), "{p}");
        }
    }

    #[test]
    fn different_seeds_give_different_files() {
        for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
            let other = generate(p, 8);
            assert_ne!(
                other.file("officers.csv"),
                generated(p).file("officers.csv"),
                "{p}"
            );
            assert_ne!(
                other.file("enterprises.csv"),
                generated(p).file("enterprises.csv"),
                "{p}"
            );
        }
    }

    #[test]
    fn files_are_named_in_scenario_order_with_unix_line_endings() {
        let s = generated(Preset::County);
        let names: Vec<&str> = s.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "scenario.toml",
                "courts.csv",
                "officers.csv",
                "units.csv",
                "enterprises.csv",
                "conflicts.csv",
                "unavailable.csv"
            ]
        );
        for (name, contents) in &s.files {
            assert!(!contents.contains('\r'), "{name}");
            assert!(contents.ends_with('\n'), "{name}");
        }
        let toml = s.file("scenario.toml").expect("toml");
        assert!(toml.contains("seed = 7\n"));
        assert!(toml.contains("enterprises_min = 40\n"));
    }

    #[test]
    fn nanping_2023_matches_the_published_first_batch() {
        let s = generated(Preset::Nanping2023);
        assert_eq!(table(s, "officers.csv").rows.len(), 100);
        assert_eq!(table(s, "courts.csv").rows.len(), 11);
        let units = table(s, "units.csv");
        let kinds = units.column("kind");
        assert_eq!(kinds.iter().filter(|&&k| k == "platform").count(), 13);
        assert_eq!(kinds.iter().filter(|&&k| k == "chamber").count(), 42);
        let enterprises = table(s, "enterprises.csv");
        let n = enterprises.rows.len();
        assert!((1200..=1500).contains(&n), "{n} enterprises");
        assert!(enterprises.column("units").iter().all(|u| !u.is_empty()));
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for cell in enterprises.column("categories") {
            for c in list(cell) {
                *counts.entry(c).or_default() += 1;
            }
        }
        let expected: BTreeMap<&str, usize> = [
            ("listed", 8),
            ("state_owned", 14),
            ("foreign", 68),
            ("high_tech", 100),
            ("green", 482),
        ]
        .into_iter()
        .collect();
        assert_eq!(counts, expected);
        let officers = table(s, "officers.csv");
        let at_intermediate = officers
            .column("court")
            .iter()
            .filter(|&&c| c == "npzy")
            .count();
        assert_eq!(at_intermediate, 20);
        assert!(officers
            .column("previous_target")
            .iter()
            .all(|p| p.is_empty()));
    }

    #[test]
    fn nanping_2024_grows_and_keeps_the_same_officers() {
        let s23 = generated(Preset::Nanping2023);
        let s24 = generated(Preset::Nanping2024);
        let enterprises = table(s24, "enterprises.csv");
        assert!(enterprises.rows.len() >= 2600);
        let outside = enterprises
            .column("units")
            .iter()
            .filter(|u| u.is_empty())
            .count();
        assert!(outside >= 300, "{outside} enterprises in no unit");
        let units = table(s24, "units.csv");
        assert_eq!(
            units
                .column("kind")
                .iter()
                .filter(|&&k| k == "chamber")
                .count(),
            60
        );
        assert_eq!(
            units
                .column("kind")
                .iter()
                .filter(|&&k| k == "platform")
                .count(),
            13
        );
        let o23 = table(s23, "officers.csv");
        let o24 = table(s24, "officers.csv");
        assert_eq!(o23.column("id"), o24.column("id"));
        assert_eq!(o23.column("name"), o24.column("name"));
        assert_eq!(o23.column("court"), o24.column("court"));
        // The 2023 units are the 2024 units minus the chambers added in 2024.
        let u23 = table(s23, "units.csv");
        let ids24: BTreeSet<&str> = units.column("id").into_iter().collect();
        assert!(u23.column("id").iter().all(|id| ids24.contains(id)));
        let with_previous = o24
            .column("previous_target")
            .iter()
            .filter(|p| !p.is_empty())
            .count();
        assert!((15..=45).contains(&with_previous), "{with_previous}");
        assert!(s24
            .file("scenario.toml")
            .expect("toml")
            .contains("chambers_share = 0.8\n"));
    }

    /// Every unit and enterprise is within 66 km of its county's basic court.
    fn assert_within_reach(s: &GeneratedScenario) {
        let courts = table(s, "courts.csv");
        let mut seat: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        let (level, county, lat, lon) = (
            courts.col("level"),
            courts.col("county"),
            courts.col("lat"),
            courts.col("lon"),
        );
        for r in &courts.rows {
            if r[level] == "basic" {
                seat.insert(r[county].clone(), (num(&r[lat]), num(&r[lon])));
            }
        }
        for file in ["units.csv", "enterprises.csv"] {
            let t = table(s, file);
            let (id, county, lat, lon) = (t.col("id"), t.col("county"), t.col("lat"), t.col("lon"));
            for r in &t.rows {
                let (slat, slon) = seat[&r[county]];
                let d = haversine_km(slat, slon, num(&r[lat]), num(&r[lon]));
                assert!(d <= 66.0, "{file} {} is {d:.1} km from its court", r[id]);
            }
        }
    }

    #[test]
    fn units_and_enterprises_lie_within_reach_of_their_county_court() {
        for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
            assert_within_reach(generated(p));
        }
    }

    /// Checks every cross-file reference and the uniqueness of ids.
    fn assert_references_resolve(s: &GeneratedScenario) {
        let courts = table(s, "courts.csv");
        let officers = table(s, "officers.csv");
        let units = table(s, "units.csv");
        let enterprises = table(s, "enterprises.csv");
        let mut ids = BTreeSet::new();
        for t in [&courts, &units, &enterprises, &officers] {
            for id in t.column("id") {
                assert!(
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
                    "bad id {id:?}"
                );
                assert!(ids.insert(id.to_owned()), "duplicate id {id}");
            }
        }
        let set = |t: &Table| -> BTreeSet<String> {
            t.column("id").into_iter().map(str::to_owned).collect()
        };
        let (court_ids, officer_ids, unit_ids, enterprise_ids) =
            (set(&courts), set(&officers), set(&units), set(&enterprises));
        let counties: BTreeSet<&str> = courts.column("county").into_iter().collect();
        for level in courts.column("level") {
            assert!(["high", "intermediate", "basic"].contains(&level));
        }
        let mut unit_county = BTreeMap::new();
        for r in &units.rows {
            assert!(counties.contains(r[units.col("county")].as_str()));
            assert!(["platform", "chamber"].contains(&r[units.col("kind")].as_str()));
            assert!(r[units.col("team_size")].parse::<u32>().expect("team size") >= 1);
            unit_county.insert(r[units.col("id")].clone(), r[units.col("county")].clone());
        }
        for r in &officers.rows {
            assert!(court_ids.contains(&r[officers.col("court")]));
            assert!(["judge", "assistant"].contains(&r[officers.col("rank")].as_str()));
            let specialties = list(&r[officers.col("specialties")]);
            assert!((1..=3).contains(&specialties.len()));
            assert!(specialties.iter().all(|s| SPECIALTIES.contains(s)));
            let days: u32 = r[officers.col("days_per_quarter")].parse().expect("days");
            assert!((8..=20).contains(&days));
            let previous = &r[officers.col("previous_target")];
            assert!(
                previous.is_empty()
                    || unit_ids.contains(previous)
                    || enterprise_ids.contains(previous),
                "previous_target {previous}"
            );
        }
        for r in &enterprises.rows {
            let county = &r[enterprises.col("county")];
            assert!(counties.contains(county.as_str()));
            let member_of = list(&r[enterprises.col("units")]);
            assert!(member_of.len() <= 2);
            for u in &member_of {
                assert_eq!(
                    unit_county.get(*u),
                    Some(county),
                    "unit {u} of another county"
                );
            }
            assert!(list(&r[enterprises.col("categories")])
                .iter()
                .all(|c| CATEGORIES.contains(c)));
            let needs = list(&r[enterprises.col("needs")]);
            assert!(
                (1..=2).contains(&needs.len()) && needs.iter().all(|n| SPECIALTIES.contains(n))
            );
            assert!(
                r[enterprises.col("priority")]
                    .parse::<u8>()
                    .expect("priority")
                    <= 3
            );
        }
        let conflicts = table(s, "conflicts.csv");
        assert!(!conflicts.rows.is_empty());
        for r in &conflicts.rows {
            let (officer, court) = (&r[0], &r[1]);
            assert!(
                officer.is_empty() != court.is_empty(),
                "exactly one of officer/court"
            );
            assert!(officer.is_empty() || officer_ids.contains(officer));
            assert!(court.is_empty() || court_ids.contains(court));
            assert!(enterprise_ids.contains(&r[2]));
        }
        let year: i32 = s
            .file("scenario.toml")
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix("year = ")))
            .and_then(|y| y.parse().ok())
            .expect("year");
        for r in &table(s, "unavailable.csv").rows {
            assert!(officer_ids.contains(&r[0]));
            let from = NaiveDate::parse_from_str(&r[1], "%Y-%m-%d").expect("from");
            let to = NaiveDate::parse_from_str(&r[2], "%Y-%m-%d").expect("to");
            assert!(from <= to && from.year() == year && to.year() == year);
        }
    }

    #[test]
    fn every_reference_resolves_and_ids_are_unique() {
        for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
            assert_references_resolve(generated(p));
        }
    }

    /// Local officers outnumber the units the targets require in their county.
    fn assert_officers_cover_required_units(s: &GeneratedScenario, chambers_share: f64) {
        let courts = table(s, "courts.csv");
        let court_county: BTreeMap<&str, &str> = courts
            .column("id")
            .into_iter()
            .zip(courts.column("county"))
            .collect();
        let mut officers_in: BTreeMap<&str, usize> = BTreeMap::new();
        for court in table(s, "officers.csv").column("court") {
            *officers_in.entry(court_county[court]).or_default() += 1;
        }
        let units = table(s, "units.csv");
        let mut need: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for r in &units.rows {
            let entry = need.entry(&r[units.col("county")]).or_default();
            if r[units.col("kind")] == "platform" {
                entry.0 += r[units.col("team_size")].parse::<usize>().expect("team");
            } else {
                entry.1 += 1;
            }
        }
        for (county, (platform_officers, chambers)) in need {
            let required = platform_officers + (chambers as f64 * chambers_share).ceil() as usize;
            let have = officers_in.get(county).copied().unwrap_or(0);
            assert!(
                have > required,
                "{county}: {have} officers for {required} units"
            );
        }
    }

    #[test]
    fn local_officers_outnumber_the_units_the_targets_require() {
        assert_officers_cover_required_units(generated(Preset::Nanping2023), 1.0);
        assert_officers_cover_required_units(generated(Preset::Nanping2024), 0.8);
        assert_officers_cover_required_units(generated(Preset::County), 1.0);
    }

    #[test]
    fn memberships_exceed_the_enterprise_target() {
        for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
            let enterprises = table(generated(p), "enterprises.csv");
            let reached = enterprises
                .column("units")
                .iter()
                .filter(|u| !u.is_empty())
                .count();
            let target = match p {
                Preset::Nanping2023 => 1200,
                Preset::Nanping2024 => 2000,
                _ => 40,
            };
            assert!(reached >= target, "{p}: {reached} in units");
        }
    }

    #[test]
    fn names_with_commas_are_quoted() {
        let text = generated(Preset::Nanping2024)
            .file("enterprises.csv")
            .expect("file");
        assert!(
            text.contains(" Co., Ltd.\""),
            "expected a quoted English name"
        );
        let enterprises = table(generated(Preset::Nanping2024), "enterprises.csv");
        assert!(enterprises
            .rows
            .iter()
            .all(|r| r.len() == enterprises.header.len()));
    }

    #[test]
    fn invariants_hold_for_many_seeds() {
        for seed in [0, 1, 2, 3, 42, 2024, u64::MAX] {
            for p in [Preset::Nanping2023, Preset::Nanping2024, Preset::County] {
                let s = generate(p, seed);
                assert_within_reach(&s);
                assert_references_resolve(&s);
                let share = if p == Preset::Nanping2024 { 0.8 } else { 1.0 };
                assert_officers_cover_required_units(&s, share);
            }
            let s = generate(Preset::Nanping2023, seed);
            let enterprises = table(&s, "enterprises.csv");
            assert!(enterprises.rows.len() >= 1200, "seed {seed}");
            let green = enterprises
                .column("categories")
                .iter()
                .filter(|c| c.contains("green"))
                .count();
            assert_eq!(green, 482, "seed {seed}");
            let s = generate(Preset::Nanping2024, seed);
            let enterprises = table(&s, "enterprises.csv");
            let outside = enterprises
                .column("units")
                .iter()
                .filter(|u| u.is_empty())
                .count();
            assert!(
                enterprises.rows.len() >= 2600 && outside >= 300,
                "seed {seed}"
            );
        }
    }

    #[test]
    fn province_preset_has_provincial_scale() {
        let started = std::time::Instant::now();
        let s = generate(Preset::Province, 1);
        let elapsed = started.elapsed();
        eprintln!("generate(Province, 1) took {elapsed:?}");
        if !cfg!(debug_assertions) {
            assert!(elapsed.as_secs_f64() < 10.0);
        }
        for (name, contents) in &s.files {
            eprintln!("province {name}: {} bytes", contents.len());
        }
        assert_eq!(table(&s, "officers.csv").rows.len(), 2000);
        let units = table(&s, "units.csv");
        assert_eq!(
            units
                .column("kind")
                .iter()
                .filter(|&&k| k == "platform")
                .count(),
            150
        );
        assert_eq!(
            units
                .column("kind")
                .iter()
                .filter(|&&k| k == "chamber")
                .count(),
            1000
        );
        assert_eq!(table(&s, "enterprises.csv").rows.len(), 60_000);
        let levels = table(&s, "courts.csv");
        let levels = levels.column("level");
        assert!(levels.iter().filter(|&&l| l == "intermediate").count() >= 9);
        assert_eq!(levels.iter().filter(|&&l| l == "high").count(), 1);
        assert_within_reach(&s);
        assert_references_resolve(&s);
        assert_officers_cover_required_units(&s, 0.8);
        assert_eq!(
            s,
            generate(Preset::Province, 1),
            "province is deterministic too"
        );
    }
}
