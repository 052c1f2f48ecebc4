//! Building a synthetic region: the vocabularies, the random streams, and the units,
//! officers, enterprises, conflicts and unavailability drawn from them.
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::seq::{index, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tepai_model::travel::{great_circle_km, LatLon};
use tepai_model::{CourtLevel, Rank, UnitKind};

use crate::tables::{Conflict, County, Enterprise, Officer, Region, Unavailable, Unit};

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

/// Officer specialties and enterprise needs share this vocabulary.
pub(crate) const SPECIALTIES: [&str; 10] = [
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

/// The Chinese of each of [`SPECIALTIES`], written in a Chinese workbook for officers'
/// specialties and enterprises' needs alike (so that they still match).
pub(crate) const SPECIALTIES_ZH: [&str; 10] = [
    "合同",
    "劳动用工",
    "知识产权",
    "金融",
    "环境保护",
    "公司治理",
    "税务",
    "国际贸易",
    "建设工程",
    "破产重整",
];

/// The reasons of conflicts and unavailability, in English and Chinese as the CSV tables
/// write them (`pending case 案件审理中`), with the Chinese a Chinese workbook writes.
pub(crate) const REASONS: [(&str, &str); 7] = [
    ("pending case 案件审理中", "案件审理中"),
    ("relative employed 亲属任职", "亲属任职"),
    ("former legal counsel 曾任法律顾问", "曾任法律顾问"),
    ("shareholding 持有股份", "持有股份"),
    ("annual leave 年休假", "年休假"),
    ("trial week 集中审判周", "集中审判周"),
    ("training 业务培训", "业务培训"),
];

/// An industry tag with the words used to name units and enterprises.
pub(crate) struct Industry {
    pub tag: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// The specialties its enterprises most often need.
    pub needs: &'static [&'static str],
}

/// The first [`NANPING_INDUSTRIES`] are Nanping's; the rest only appear in the
/// province preset.
pub(crate) const INDUSTRIES: &[Industry] = &[
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

/// The index of an industry in [`INDUSTRIES`] by its tag.
pub(crate) fn industry_index(tag: &str) -> usize {
    INDUSTRIES
        .iter()
        .position(|i| i.tag == tag)
        .expect("industry tags in the preset tables are in INDUSTRIES")
}

/// How many of [`INDUSTRIES`] are Nanping's.
pub(crate) const NANPING_INDUSTRIES: usize = 11;

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
// Random streams and units, officers
// ---------------------------------------------------------------------------

/// Independent random streams of one seed.
pub(crate) const STREAM_GEO: u64 = 1;
pub(crate) const STREAM_UNITS: u64 = 2;
pub(crate) const STREAM_OFFICERS: u64 = 3;
pub(crate) const STREAM_ENTERPRISES: u64 = 4;
pub(crate) const STREAM_EXTRAS: u64 = 5;

/// The random stream `id` of `seed`.
pub(crate) fn stream(seed: u64, id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

/// How a preset sizes its enterprises.
pub(crate) struct EnterpriseSpec {
    pub platform_members: (usize, usize),
    pub chamber_members: (usize, usize),
    /// Memberships per enterprise in some unit (≥ 1; 1.1 ⇒ 10% in two units).
    pub membership_ratio: f64,
    /// Least number of enterprises in units.
    pub affiliated_min: usize,
    /// Least number of enterprises in all.
    pub total_min: usize,
    /// Exact number of enterprises in all, if fixed.
    pub total_exact: Option<usize>,
    /// Least number of enterprises in no unit.
    pub unaffiliated_min: usize,
    /// How many enterprises are in each of [`Category::ALL`](tepai_model::Category::ALL).
    pub categories: [usize; 5],
}

/// Builds the units of every county from `(platforms, chambers, team platforms)`.
pub(crate) fn make_units(
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
pub(crate) fn required_officers(
    platform_teams: usize,
    chambers: usize,
    chambers_share: f64,
) -> usize {
    platform_teams + (chambers as f64 * chambers_share - 1e-9).ceil().max(0.0) as usize
}

/// Generates `counts[i]` officers for court `i`, numbered in court order.
pub(crate) fn make_officers(rng: &mut ChaCha8Rng, counts: &[usize]) -> Vec<Officer> {
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
                Rank::Judge
            } else {
                Rank::Assistant
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

// ---------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------

pub(crate) fn make_enterprises(
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
    pub(crate) fn add_extras(&mut self, rng: &mut ChaCha8Rng, previous_targets: bool) {
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
    /// conflicts for a share of officers (`conflict_rate`, 5% in the presets).
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
                            || (court.level != CourtLevel::Basic && in_jurisdiction(e)))
                })
                .collect();
            if pool.is_empty() {
                // Cases from elsewhere in the jurisdiction, out of the court's reach.
                pool = all
                    .clone()
                    .filter(|&i| {
                        let e = &self.enterprises[i];
                        in_jurisdiction(e)
                            && great_circle_km(
                                LatLon {
                                    lat: court.lat,
                                    lon: court.lon,
                                },
                                LatLon {
                                    lat: e.lat,
                                    lon: e.lon,
                                },
                            ) > REACH_KM
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
        let n_personal = ((self.officers.len() as f64 * self.conflict_rate).round() as usize)
            .max(usize::from(self.conflict_rate > 0.0))
            .min(self.officers.len());
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

    /// A share of officers (`leave_rate`, 15% in the presets) are away for one or two
    /// stretches of the year.
    fn add_unavailability(&mut self, rng: &mut ChaCha8Rng) {
        let n = self.officers.len();
        let k = ((n as f64) * self.leave_rate).round() as usize;
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
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Splits `total` in proportion to `weights`, giving item `i` at least
/// `mins[i]` and at most `maxs[i]` (water-filling, then largest remainder;
/// ties go to the lower index). Assumes `Σ mins ≤ total ≤ Σ maxs`.
pub(crate) fn apportion(
    total: usize,
    weights: &[f64],
    mins: &[usize],
    maxs: Option<&[usize]>,
) -> Vec<usize> {
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
    let d = great_circle_km(
        LatLon {
            lat: lat0,
            lon: lon0,
        },
        LatLon { lat, lon },
    );
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
pub(crate) fn shift_km(lat: f64, lon: f64, north_km: f64, east_km: f64) -> (f64, f64) {
    const KM_PER_DEGREE: f64 = 111.32;
    let lat2 = lat + north_km / KM_PER_DEGREE;
    let lon2 = lon + east_km / (KM_PER_DEGREE * lat.to_radians().cos());
    (lat2, lon2)
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Rounds to 5 decimals (≈ 1 m), the precision written to the files.
pub(crate) fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

pub(crate) fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}
