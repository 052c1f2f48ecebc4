//! Regions of any size: `tepai generate --officers N --enterprises M …` and the `province`
//! and `nation` presets.
//!
//! A sized region is laid out like a real one. Counties are grouped nine to a prefecture
//! (each with an intermediate court at its seat) and prefectures nine to a province (each with
//! a high court): up to nine prefectures are Fujian's, more are placed around the seats of
//! further provinces. Every county has a basic court at its seat; its platforms lie within
//! 25 km, its chambers in the county town and its enterprises around them (see the crate
//! docs). Units are spread over counties by a random size weight (at least one platform and
//! three chambers each); officers go to the high courts (40 each), the intermediate courts
//! (20 each) and the basic courts, each basic court getting `max(5, required units + 2)` and
//! the rest in proportion to its county's units. Enterprises: at least 10% in no unit, the others
//! members of one or two units; the five categories in the province preset's shares.
use rand::seq::index;
use rand::Rng;
use tepai_model::{CourtLevel, Targets};

use crate::region::{
    apportion, make_enterprises, make_officers, make_units, required_officers, round5, shift_km,
    stream, EnterpriseSpec, INDUSTRIES, STREAM_ENTERPRISES, STREAM_EXTRAS, STREAM_GEO,
    STREAM_OFFICERS, STREAM_UNITS,
};
use crate::tables::{County, Court, Region};

/// The share of chambers a sized region's targets require.
const CHAMBERS_SHARE: f64 = 0.8;
/// Officers at each high court, and at each intermediate court (fewer in a small region).
const HIGH_COURT_OFFICERS: usize = 40;
const INTERMEDIATE_OFFICERS: usize = 20;
/// Counties per prefecture, and prefectures per province.
const PER_GROUP: usize = 9;
/// The category counts of 60,000 enterprises (listed, state-owned, foreign-invested,
/// high-tech, green), scaled to the region's enterprises.
const CATEGORIES_PER_60000: [usize; 5] = [400, 700, 3400, 5000, 24100];

/// The most officers and enterprises a sized region may have: a table of more rows than
/// the loader reads (2,000,000) would be written for nothing.
pub const MAX_OFFICERS: usize = 200_000;
/// See [`MAX_OFFICERS`].
pub const MAX_ENTERPRISES: usize = 2_000_000;

/// The size of a synthetic region. [`Size::new`] derives every count from the number of
/// officers in the province preset's proportions; set a field to override it.
#[derive(Debug, Clone, PartialEq)]
pub struct Size {
    /// Officers (envoys) in all.
    pub officers: usize,
    /// Enterprises in all. Default 30 per officer.
    pub enterprises: usize,
    /// Counties, each with one basic court. Default one per 25 officers.
    pub counties: usize,
    /// Industrial platforms. Default `max(counties, 7.5% of officers)`.
    pub platforms: Option<usize>,
    /// Chambers of commerce. Default `max(3 × counties, half the officers)`.
    pub chambers: Option<usize>,
    /// Share of officers with a personal conflict of interest (0–1). Default 0.05.
    pub conflict_rate: f64,
    /// Share of officers away for one or two stretches of the year (0–1). Default 0.15.
    pub leave_rate: f64,
}

impl Size {
    /// The proportions of the province preset for `officers` officers.
    pub fn new(officers: usize) -> Size {
        Size {
            officers,
            enterprises: officers.saturating_mul(30),
            counties: (officers as f64 / 25.0).round().max(1.0) as usize,
            platforms: None,
            chambers: None,
            conflict_rate: PRESET_CONFLICT_RATE,
            leave_rate: PRESET_LEAVE_RATE,
        }
    }

    fn platforms(&self, counties: usize) -> usize {
        self.platforms
            .unwrap_or_else(|| counties.max((self.officers as f64 * 0.075).round() as usize))
    }

    fn chambers(&self, counties: usize) -> usize {
        self.chambers
            .unwrap_or_else(|| (3 * counties).max(self.officers / 2))
    }
}

/// The share of officers with a personal conflict in every preset.
pub(crate) const PRESET_CONFLICT_RATE: f64 = 0.05;
/// The share of officers with leave in every preset.
pub(crate) const PRESET_LEAVE_RATE: f64 = 0.15;

/// Why a size cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    /// A count of zero, or above its limit.
    #[error("{what} must be between {min} and {max}; got {got}")]
    OutOfRange {
        /// The option, e.g. `--officers`.
        what: &'static str,
        /// Its least value.
        min: usize,
        /// Its largest value.
        max: usize,
        /// The value given.
        got: usize,
    },
    /// A rate outside 0–1.
    #[error("{what} must be between 0 and 1; got {got}")]
    RateOutOfRange {
        /// The option, e.g. `--leave-rate`.
        what: &'static str,
        /// The value given, as written.
        got: String,
    },
    /// Too few officers to staff every court and the units the targets require.
    #[error(
        "{officers} officers are too few for {counties} counties: the courts need at least \
         {needed} (5 or more per basic court, enough for its platforms and 80% of its \
         chambers); give more officers or fewer counties, platforms or chambers"
    )]
    TooFewOfficers {
        /// Officers asked for.
        officers: usize,
        /// Counties asked for.
        counties: usize,
        /// The least number that works.
        needed: usize,
    },
    /// Fewer platforms or chambers than the counties need (one platform and three chambers
    /// each), or fewer enterprises than units.
    #[error("{what}: {got} is too few; at least {needed} are needed ({why})")]
    TooFew {
        /// The option, e.g. `--platforms`.
        what: &'static str,
        /// The value given.
        got: usize,
        /// The least value that works.
        needed: usize,
        /// Why.
        why: &'static str,
    },
}

impl SizeError {
    /// The same message in Chinese.
    pub fn in_chinese(&self) -> String {
        match self {
            SizeError::OutOfRange {
                what,
                min,
                max,
                got,
            } => format!("{what} 应在 {min} 到 {max} 之间，现为 {got}"),
            SizeError::RateOutOfRange { what, got } => {
                format!("{what} 应在 0 到 1 之间，现为 {got}")
            }
            SizeError::TooFewOfficers {
                officers,
                counties,
                needed,
            } => format!(
                "{officers} 名特派员不够 {counties} 个县（区）使用：各法院至少需要 {needed} 名\
                 （每个基层法院至少 5 名，且足以服务本县全部平台和 80% 的商会）；\
                 请增加特派员，或减少县（区）、平台、商会的数量"
            ),
            SizeError::TooFew {
                what,
                got,
                needed,
                why,
            } => {
                let why = match *why {
                    WHY_PLATFORMS => "每个县（区）至少有一个平台",
                    WHY_CHAMBERS => "每个县（区）至少有三个商会",
                    _ => "每个平台、商会都要有会员企业，且 10% 的企业不属于任何平台商会",
                };
                format!("{what} 为 {got}，太少：至少需要 {needed}（{why}）")
            }
        }
    }
}

const WHY_PLATFORMS: &str = "every county has at least one platform";
const WHY_CHAMBERS: &str = "every county has at least three chambers";

/// Counties and courts, before anything else is drawn.
pub(crate) struct Geography {
    pub counties: Vec<County>,
    pub courts: Vec<Court>,
}

/// A prefecture: `(id, name, English name, lat, lon)`.
pub(crate) type Prefecture<'a> = (&'a str, &'a str, &'a str, f64, f64);

/// A province beyond Fujian: `(id, name, English name, lat, lon)` of its capital.
const PROVINCES: [(&str, &str, &str, f64, f64); 12] = [
    ("zhejiang", "浙江", "Zhejiang", 29.2, 120.2),
    ("jiangxi", "江西", "Jiangxi", 27.6, 115.8),
    ("guangdong", "广东", "Guangdong", 23.4, 113.4),
    ("hunan", "湖南", "Hunan", 27.6, 111.7),
    ("anhui", "安徽", "Anhui", 31.8, 117.2),
    ("jiangsu", "江苏", "Jiangsu", 32.9, 119.5),
    ("hubei", "湖北", "Hubei", 30.9, 112.3),
    ("henan", "河南", "Henan", 33.9, 113.6),
    ("shandong", "山东", "Shandong", 36.3, 118.1),
    ("guangxi", "广西", "Guangxi", 23.7, 108.8),
    ("guizhou", "贵州", "Guizhou", 26.8, 106.7),
    ("sichuan", "四川", "Sichuan", 30.6, 103.9),
];

/// The region of `size`, drawn from `seed`.
pub(crate) fn sized(size: &Size, seed: u64, year: i32) -> Result<Region, SizeError> {
    check(size)?;
    let geography = geography(size.counties, seed);
    let (name, name_zh) = (
        format!(
            "Synthetic region ({} officers, {} enterprises)",
            size.officers, size.enterprises
        ),
        format!(
            "合成地区（{} 名特派员、{} 家企业）",
            size.officers, size.enterprises
        ),
    );
    let mut region = populate(name, name_zh, geography, size, seed)?;
    region.year = year;
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), true);
    Ok(region)
}

/// The nation preset: 20,000 officers and 600,000 enterprises over ≈ 800 counties.
pub(crate) fn nation(seed: u64) -> Region {
    let mut size = Size::new(20_000);
    size.enterprises = 600_000;
    let geography = geography(size.counties, seed);
    let mut region = populate(
        "Nation (synthetic)".to_owned(),
        "全国（合成）".to_owned(),
        geography,
        &size,
        seed,
    )
    .expect("the nation preset's sizes fit its geography");
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), true);
    region
}

/// Every count within its range and the counts consistent with one another (what
/// [`populate`] needs beyond that it checks itself).
fn check(size: &Size) -> Result<(), SizeError> {
    let range = |what, got: usize, max: usize| {
        if (1..=max).contains(&got) {
            Ok(())
        } else {
            Err(SizeError::OutOfRange {
                what,
                min: 1,
                max,
                got,
            })
        }
    };
    range("--officers", size.officers, MAX_OFFICERS)?;
    range("--enterprises", size.enterprises, MAX_ENTERPRISES)?;
    range(
        "--counties",
        size.counties,
        size.officers.div_ceil(5).max(1),
    )?;
    for (what, rate) in [
        ("--conflict-rate", size.conflict_rate),
        ("--leave-rate", size.leave_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(SizeError::RateOutOfRange {
                what,
                got: rate.to_string(),
            });
        }
    }
    let (platforms, chambers) = (size.platforms(size.counties), size.chambers(size.counties));
    if platforms < size.counties {
        return Err(SizeError::TooFew {
            what: "--platforms",
            got: platforms,
            needed: size.counties,
            why: WHY_PLATFORMS,
        });
    }
    if chambers < 3 * size.counties {
        return Err(SizeError::TooFew {
            what: "--chambers",
            got: chambers,
            needed: 3 * size.counties,
            why: WHY_CHAMBERS,
        });
    }
    range("--platforms", platforms, MAX_ENTERPRISES)?;
    range("--chambers", chambers, MAX_ENTERPRISES)?;
    let units = platforms + chambers;
    if size.enterprises < 2 * units {
        return Err(SizeError::TooFew {
            what: "--enterprises",
            got: size.enterprises,
            needed: 2 * units,
            why: "every platform and chamber has members, and 10% of enterprises are in none",
        });
    }
    Ok(())
}

/// `counties` counties, nine to a prefecture and nine prefectures to a province: Fujian's
/// prefectures first, then further provinces around their capitals.
fn geography(counties: usize, seed: u64) -> Geography {
    let mut geo = stream(seed, STREAM_GEO);
    let prefectures = counties.div_ceil(PER_GROUP);
    let per_prefecture = apportion(
        counties,
        &vec![1.0; prefectures],
        &vec![1; prefectures],
        None,
    );
    let mut named: Vec<(String, String, String, f64, f64)> = Vec::new();
    for p in 0..prefectures {
        let (province, k) = (p / PER_GROUP, p % PER_GROUP);
        if province == 0 {
            let (id, name, en, lat, lon) = FUJIAN[k];
            named.push((id.to_owned(), name.to_owned(), en.to_owned(), lat, lon));
            continue;
        }
        let (pid, pname, pen, plat, plon) = province_seat(province);
        // The capital's prefecture at the seat, the others on a ring 130 km around it.
        let (lat, lon) = if k == 0 {
            (plat, plon)
        } else {
            let angle = std::f64::consts::TAU * (k as f64) / (PER_GROUP - 1) as f64
                + geo.gen_range(-0.2..0.2);
            shift_km(plat, plon, 130.0 * angle.cos(), 130.0 * angle.sin())
        };
        named.push((
            format!("{pid}-{:02}", k + 1),
            format!("{pname}第{}", k + 1),
            format!("{pen} {}", k + 1),
            round5(lat),
            round5(lon),
        ));
    }
    let mut out = Geography {
        counties: Vec::new(),
        courts: Vec::new(),
    };
    for (p, (pid, pname, pen, plat, plon)) in named.iter().enumerate() {
        let first = out.counties.len();
        let n = per_prefecture[p];
        for k in 1..=n {
            let county = county_around(&mut geo, (pid, pname, pen, *plat, *plon), p, k);
            out.counties.push(county);
        }
        if p % PER_GROUP == 0 {
            let province = p / PER_GROUP;
            let (id, name) = if province == 0 {
                ("fjgy".to_owned(), "福建省高级人民法院".to_owned())
            } else {
                let (pid, pname, ..) = province_seat(province);
                (format!("gy-{pid}"), format!("{pname}省高级人民法院"))
            };
            out.courts.push(Court {
                id,
                name,
                level: CourtLevel::High,
                lat: *plat,
                lon: *plon,
                county: first,
                prefecture: None,
            });
        }
        push_prefecture_courts(
            &mut out.courts,
            &out.counties,
            (pid, pname, *plat, *plon),
            p,
            first,
        );
    }
    out
}

/// Fujian's prefecture-level cities: `(id, name, English name, lat, lon)`.
pub(crate) const FUJIAN: [Prefecture<'static>; PER_GROUP] = [
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

/// Province `k` (1-based beyond Fujian): a listed one, then synthetic ones on a grid to the
/// north-west of the list.
fn province_seat(k: usize) -> (String, String, String, f64, f64) {
    match PROVINCES.get(k - 1) {
        Some(&(id, name, en, lat, lon)) => {
            (id.to_owned(), name.to_owned(), en.to_owned(), lat, lon)
        }
        None => {
            let extra = k - 1 - PROVINCES.len();
            (
                format!("p{:02}", k + 1),
                format!("第{}", k + 1),
                format!("Province {}", k + 1),
                34.0 + 3.0 * (extra / 6) as f64,
                100.0 + 4.0 * (extra % 6) as f64,
            )
        }
    }
}

/// County `k` (1-based) of prefecture `p`: the first is the city's own district around the
/// seat, the others lie 20–80 km away.
pub(crate) fn county_around(
    geo: &mut rand_chacha::ChaCha8Rng,
    (pid, pname, pen, plat, plon): Prefecture<'_>,
    p: usize,
    k: usize,
) -> County {
    let (dist, kind) = if k == 1 {
        (geo.gen_range(2.0..6.0), "区")
    } else {
        (geo.gen_range(20.0..80.0), "县")
    };
    let angle = geo.gen_range(0.0..std::f64::consts::TAU);
    let (lat, lon) = shift_km(plat, plon, dist * angle.cos(), dist * angle.sin());
    let industries = index::sample(geo, INDUSTRIES.len(), 3).into_vec();
    County {
        id: format!("{pid}-{k:02}"),
        name: format!("{pname}第{k}{kind}"),
        short: pname.to_owned(),
        en: pen.to_owned(),
        lat: round5(lat),
        lon: round5(lon),
        prefecture: p,
        industries,
    }
}

/// Prefecture `p`'s intermediate court at its seat and a basic court at the seat of each of
/// its counties (`counties[first..]`).
pub(crate) fn push_prefecture_courts(
    courts: &mut Vec<Court>,
    counties: &[County],
    (pid, pname, plat, plon): (&str, &str, f64, f64),
    p: usize,
    first: usize,
) {
    courts.push(Court {
        id: format!("zy-{pid}"),
        name: format!("{pname}市中级人民法院"),
        level: CourtLevel::Intermediate,
        lat: plat,
        lon: plon,
        county: first,
        prefecture: Some(p),
    });
    for (ci, county) in counties.iter().enumerate().skip(first) {
        courts.push(Court {
            id: format!("c-{}", county.id),
            name: format!("{}人民法院", county.name),
            level: CourtLevel::Basic,
            lat: county.lat,
            lon: county.lon,
            county: ci,
            prefecture: Some(p),
        });
    }
}

/// Units, officers and enterprises of `size` on `geography` (conflicts and leave are added
/// by the caller).
pub(crate) fn populate(
    name: String,
    name_zh: String,
    geography: Geography,
    size: &Size,
    seed: u64,
) -> Result<Region, SizeError> {
    let Geography { counties, courts } = geography;
    let n = counties.len();

    // Units: at least one platform and three chambers per county, the rest by a random size
    // weight; about one platform in ten is served by a team of two.
    let mut urng = stream(seed, STREAM_UNITS);
    let weights: Vec<f64> = (0..n).map(|_| urng.gen_range(0.5..1.5)).collect();
    let platforms = apportion(size.platforms(n), &weights, &vec![1; n], None);
    let chambers = apportion(size.chambers(n), &weights, &vec![3; n], None);
    let sizes: Vec<(usize, usize, usize)> = (0..n)
        .map(|i| {
            let teams = (0..platforms[i]).filter(|_| urng.gen_bool(0.1)).count();
            (platforms[i], chambers[i], teams)
        })
        .collect();
    let units = make_units(&mut urng, &counties, &sizes, |c| c.id.clone());

    // Officers: fixed numbers at the high and intermediate courts, the rest over the basic
    // courts by units, each with room for its required units.
    let basic: Vec<usize> = (0..courts.len())
        .filter(|&i| courts[i].level == CourtLevel::Basic)
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
    let high = HIGH_COURT_OFFICERS.min(size.officers / 50);
    let intermediate = INTERMEDIATE_OFFICERS.min(size.officers / 100);
    let count_of = |level: CourtLevel| courts.iter().filter(|c| c.level == level).count();
    let upper =
        high * count_of(CourtLevel::High) + intermediate * count_of(CourtLevel::Intermediate);
    let needed = upper + mins.iter().sum::<usize>();
    if size.officers < needed {
        return Err(SizeError::TooFewOfficers {
            officers: size.officers,
            counties: n,
            needed,
        });
    }
    let basic_counts = apportion(size.officers - upper, &unit_weights, &mins, None);
    let mut counts = vec![0; courts.len()];
    for (k, &i) in basic.iter().enumerate() {
        counts[i] = basic_counts[k];
    }
    for (i, court) in courts.iter().enumerate() {
        match court.level {
            CourtLevel::High => counts[i] = high,
            CourtLevel::Intermediate => counts[i] = intermediate,
            CourtLevel::Basic | CourtLevel::Bureau => {}
        }
    }
    let officers = make_officers(&mut stream(seed, STREAM_OFFICERS), &counts);

    // Enterprises: members per unit as in the province preset, scaled down when the units
    // would need more members than the enterprises can give.
    let memberships = 1.12 * 0.9 * size.enterprises as f64;
    let nominal = units
        .iter()
        .map(|u| match u.kind {
            tepai_model::UnitKind::Platform => 90.0,
            tepai_model::UnitKind::Chamber => 42.5,
        })
        .sum::<f64>();
    let scale = (memberships / nominal).min(1.0);
    let members = |(lo, hi): (usize, usize)| {
        let lo = ((lo as f64 * scale).round() as usize).max(1);
        (lo, ((hi as f64 * scale).round() as usize).max(lo))
    };
    let spec = EnterpriseSpec {
        platform_members: members((60, 120)),
        chamber_members: members((25, 60)),
        membership_ratio: 1.12,
        affiliated_min: 0,
        total_min: 0,
        total_exact: Some(size.enterprises),
        unaffiliated_min: size.enterprises / 10,
        categories: CATEGORIES_PER_60000
            .map(|c| (c as f64 * size.enterprises as f64 / 60_000.0).round() as usize),
    };
    let enterprises = make_enterprises(
        &mut stream(seed, STREAM_ENTERPRISES),
        &counties,
        &units,
        &spec,
    );
    Ok(Region {
        name,
        name_zh,
        year: 2024,
        targets: Targets {
            platforms_share: 1.0,
            chambers_share: CHAMBERS_SHARE,
            enterprises_min: u32::try_from(size.enterprises * 2 / 3).unwrap_or(u32::MAX),
            ..Targets::default()
        },
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
        conflict_rate: size.conflict_rate,
        leave_rate: size.leave_rate,
    })
}
