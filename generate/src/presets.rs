//! The named presets and their sizes: which counties, courts, units, officers and
//! enterprises each region has, and the targets it sets.
use std::fmt;
use std::str::FromStr;

use rand::Rng;
use tepai_model::{CourtLevel, Targets, UnitKind};

use crate::region::{
    apportion, industry_index, make_enterprises, make_officers, make_units, required_officers,
    stream, EnterpriseSpec, STREAM_ENTERPRISES, STREAM_EXTRAS, STREAM_GEO, STREAM_OFFICERS,
    STREAM_UNITS,
};
use crate::sized::{
    county_around, nation, populate, push_prefecture_courts, Geography, Size, FUJIAN,
    PRESET_CONFLICT_RATE, PRESET_LEAVE_RATE,
};
use crate::tables::{County, Court, Region};

/// The embedded Nanping court and county-seat table.
const NANPING_CSV: &str = include_str!("../data/nanping_counties.csv");

/// A named synthetic region that [`generate`](crate::generate) can build.
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
    /// A synthetic nation: 10 provinces, 89 prefectures, 800 counties, 20,000
    /// officers, 1,500 platforms, 10,000 chambers, 600,000 enterprises.
    Nation,
}

impl Preset {
    /// Every preset, in a stable order.
    pub const ALL: [Preset; 5] = [
        Preset::Nanping2023,
        Preset::Nanping2024,
        Preset::County,
        Preset::Province,
        Preset::Nation,
    ];

    /// The preset's name as written on the command line (`nanping-2023`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Nanping2023 => "nanping-2023",
            Preset::Nanping2024 => "nanping-2024",
            Preset::County => "county",
            Preset::Province => "province",
            Preset::Nation => "nation",
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
#[error(
    "unknown preset `{0}`; expected one of nanping-2023, nanping-2024, county, province, nation"
)]
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

/// The region of `preset`, drawn from `seed`.
pub(crate) fn region(preset: Preset, seed: u64) -> Region {
    match preset {
        Preset::Nanping2023 => nanping(seed, 2023),
        Preset::Nanping2024 => nanping(seed, 2024),
        Preset::County => county(seed),
        Preset::Province => province(seed),
        Preset::Nation => nation(seed),
    }
}

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

/// One row of the embedded Nanping table.
struct NanpingRow {
    county_id: String,
    county: String,
    county_en: String,
    court: String,
    level: CourtLevel,
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
                    CourtLevel::Intermediate
                } else {
                    CourtLevel::Basic
                },
                lat: number(5),
                lon: number(6),
            }
        })
        .collect()
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
            CourtLevel::Intermediate => "npzy".to_owned(),
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
        .filter(|&i| courts[i].level == CourtLevel::Basic)
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
        if court.level == CourtLevel::Intermediate {
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
                ..Targets::default()
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
                ..Targets::default()
            },
        )
    };
    let enterprises = make_enterprises(&mut rng, &counties, &units, &spec);
    let (name, name_zh) = if year == 2023 {
        ("Nanping 2023", "南平市 2023")
    } else {
        ("Nanping 2024", "南平市 2024")
    };
    let mut region = Region {
        name: name.to_owned(),
        name_zh: name_zh.to_owned(),
        year,
        targets,
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
        conflict_rate: PRESET_CONFLICT_RATE,
        leave_rate: PRESET_LEAVE_RATE,
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
        .map(|c| {
            if c.level == CourtLevel::Intermediate {
                3
            } else {
                5
            }
        })
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
        name: "Yanping county (test)".to_owned(),
        name_zh: "延平区（测试）".to_owned(),
        year: 2024,
        targets: Targets {
            platforms_share: 1.0,
            chambers_share: 1.0,
            enterprises_min: 40,
            ..Targets::default()
        },
        counties,
        courts,
        officers,
        units,
        enterprises,
        conflicts: Vec::new(),
        unavailable: Vec::new(),
        conflict_rate: PRESET_CONFLICT_RATE,
        leave_rate: PRESET_LEAVE_RATE,
    };
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), false);
    region
}

fn province(seed: u64) -> Region {
    let geography = fujian(seed);
    let officers = 2000;
    let mut size = Size::new(officers);
    size.enterprises = 60_000;
    size.platforms = Some(150);
    size.chambers = Some(1000);
    let mut region = populate(
        "Fujian province (synthetic)".to_owned(),
        "福建省（合成）".to_owned(),
        geography,
        &size,
        seed,
    )
    .expect("the province preset's sizes fit its geography");
    region.add_extras(&mut stream(seed, STREAM_EXTRAS), true);
    region
}

/// Fujian's nine prefectures with 6–12 counties each (≈ 80), a high court and one
/// intermediate court per prefecture, one basic court per county.
fn fujian(seed: u64) -> Geography {
    let mut geo = stream(seed, STREAM_GEO);
    let mut counties = Vec::new();
    let mut courts = Vec::new();
    for (p, &(pid, pname, pen, plat, plon)) in FUJIAN.iter().enumerate() {
        // Drawn as an i32, as the preset always has been: the same seed, the same region.
        let n: i32 = geo.gen_range(6..=12);
        let first = counties.len();
        for k in 1..=n as usize {
            counties.push(county_around(&mut geo, (pid, pname, pen, plat, plon), p, k));
        }
        if p == 0 {
            courts.push(Court {
                id: "fjgy".to_owned(),
                name: "福建省高级人民法院".to_owned(),
                level: CourtLevel::High,
                lat: plat,
                lon: plon,
                county: first,
                prefecture: None,
            });
        }
        push_prefecture_courts(&mut courts, &counties, (pid, pname, plat, plon), p, first);
    }
    Geography { counties, courts }
}
