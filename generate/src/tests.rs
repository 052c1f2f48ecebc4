//! The generator's own checks: determinism, sizes, reach, references and feasibility.
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use tepai_model::travel::{great_circle_km, LatLon};
use tepai_model::Category;

use crate::region::SPECIALTIES;
use crate::{generate, generate_sized, GeneratedScenario, Preset, Size, SizeError};

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
    static CACHE: [OnceLock<GeneratedScenario>; Preset::ALL.len()] =
        [const { OnceLock::new() }; Preset::ALL.len()];
    let i = Preset::ALL
        .iter()
        .position(|&p| p == preset)
        .expect("preset");
    CACHE[i].get_or_init(|| generate(preset, 7))
}

fn list(cell: &str) -> Vec<&str> {
    cell.split(';').filter(|s| !s.is_empty()).collect()
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
            let d = great_circle_km(
                LatLon {
                    lat: slat,
                    lon: slon,
                },
                LatLon {
                    lat: num(&r[lat]),
                    lon: num(&r[lon]),
                },
            );
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
    let set =
        |t: &Table| -> BTreeSet<String> { t.column("id").into_iter().map(str::to_owned).collect() };
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
            previous.is_empty() || unit_ids.contains(previous) || enterprise_ids.contains(previous),
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
            .all(|c| c.parse::<Category>().is_ok()));
        let needs = list(&r[enterprises.col("needs")]);
        assert!((1..=2).contains(&needs.len()) && needs.iter().all(|n| SPECIALTIES.contains(n)));
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

#[test]
fn written_rules_travel_and_solver_are_the_loaders_defaults() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = generated(Preset::County);
    s.write_to(dir.path()).expect("written");
    let loaded = tepai_model::load(dir.path()).expect("the county preset loads");
    let written = loaded.scenario;

    // The same scenario with the three sections left out takes the loader's defaults,
    // which must be what the generator wrote.
    let toml = s.file("scenario.toml").expect("toml");
    let cut = toml.find("\n[rules]\n").expect("a [rules] section");
    std::fs::write(dir.path().join("scenario.toml"), &toml[..=cut]).expect("rewritten");
    let bare = tepai_model::load(dir.path())
        .expect("loads without [rules], [travel] and [solver]")
        .scenario;

    assert_eq!(written.rules, tepai_model::Rules::default());
    assert_eq!(bare.rules, written.rules);
    assert_eq!(written.solver, tepai_model::SolverSettings::default());
    assert_eq!(bare.solver, written.solver);
    let travel = tepai_model::travel::TravelModel::default();
    for t in [&written.travel, &bare.travel] {
        assert_eq!(
            (t.speed_kmh, t.circuity),
            (travel.speed_kmh, travel.circuity)
        );
    }
}

/// Rows of `file` whose `column` is `value`.
fn count_where(s: &GeneratedScenario, file: &str, column: &str, value: &str) -> usize {
    table(s, file)
        .column(column)
        .iter()
        .filter(|&&v| v == value)
        .count()
}

#[test]
fn a_sized_region_has_the_counts_asked_for_and_the_presets_invariants() {
    let mut size = Size::new(240);
    size.enterprises = 5_000;
    size.counties = 12;
    size.platforms = Some(20);
    size.chambers = Some(70);
    size.conflict_rate = 0.2;
    size.leave_rate = 0.5;
    let s = generate_sized(&size, 2025, 4).expect("a consistent size");
    assert_eq!(table(&s, "officers.csv").rows.len(), 240);
    assert_eq!(table(&s, "enterprises.csv").rows.len(), 5_000);
    assert_eq!(count_where(&s, "courts.csv", "level", "basic"), 12);
    // 12 counties make two prefectures of one province.
    assert_eq!(count_where(&s, "courts.csv", "level", "intermediate"), 2);
    assert_eq!(count_where(&s, "courts.csv", "level", "high"), 1);
    assert_eq!(count_where(&s, "units.csv", "kind", "platform"), 20);
    assert_eq!(count_where(&s, "units.csv", "kind", "chamber"), 70);
    let personal = table(&s, "conflicts.csv")
        .column("officer")
        .iter()
        .filter(|o| !o.is_empty())
        .count();
    assert_eq!(personal, 48, "20% of 240 officers");
    let unavailable = table(&s, "unavailable.csv");
    let away: BTreeSet<&str> = unavailable.column("officer").into_iter().collect();
    assert_eq!(away.len(), 120, "50% of 240 officers");
    assert!(s
        .file("scenario.toml")
        .expect("toml")
        .contains("year = 2025"));
    assert_within_reach(&s);
    assert_references_resolve(&s);
    assert_officers_cover_required_units(&s, 0.8);
    let outside = table(&s, "enterprises.csv")
        .column("units")
        .iter()
        .filter(|u| u.is_empty())
        .count();
    assert!(
        outside >= 500,
        "{outside} of 5,000 in no unit: at least 10%"
    );
    assert_eq!(Ok(s), generate_sized(&size, 2025, 4), "deterministic");
    assert_ne!(
        generate_sized(&size, 2025, 4).expect("ok").files,
        generate_sized(&size, 2025, 5).expect("ok").files,
        "another seed, another region"
    );
}

#[test]
fn sizes_follow_the_officers_unless_given() {
    let size = Size::new(400);
    assert_eq!((size.enterprises, size.counties), (12_000, 16));
    let s = generate_sized(&size, 2024, 1).expect("the default proportions fit");
    assert_eq!(count_where(&s, "courts.csv", "level", "basic"), 16);
    assert_eq!(count_where(&s, "units.csv", "kind", "platform"), 30);
    assert_eq!(count_where(&s, "units.csv", "kind", "chamber"), 200);
    assert_eq!(table(&s, "enterprises.csv").rows.len(), 12_000);
    for seed in [0, 9, u64::MAX] {
        for officers in [8, 37, 1_000] {
            let s = generate_sized(&Size::new(officers), 2024, seed)
                .unwrap_or_else(|e| panic!("{officers} officers, seed {seed}: {e}"));
            assert_eq!(table(&s, "officers.csv").rows.len(), officers);
            assert_within_reach(&s);
            assert_references_resolve(&s);
            assert_officers_cover_required_units(&s, 0.8);
        }
    }
}

#[test]
fn a_size_that_cannot_be_built_says_why() {
    let with = |f: fn(&mut Size)| {
        let mut size = Size::new(100);
        f(&mut size);
        generate_sized(&size, 2024, 1).expect_err("inconsistent")
    };
    assert!(matches!(
        with(|s| s.officers = 0),
        SizeError::OutOfRange {
            what: "--officers",
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.counties = 30),
        SizeError::OutOfRange {
            what: "--counties",
            max: 20,
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.counties = 15),
        SizeError::TooFewOfficers {
            officers: 100,
            counties: 15,
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.platforms = Some(2)),
        SizeError::TooFew {
            what: "--platforms",
            needed: 4,
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.chambers = Some(5)),
        SizeError::TooFew {
            what: "--chambers",
            needed: 12,
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.enterprises = 50),
        SizeError::TooFew {
            what: "--enterprises",
            ..
        }
    ));
    assert!(matches!(
        with(|s| s.leave_rate = f64::NAN),
        SizeError::RateOutOfRange {
            what: "--leave-rate",
            ..
        }
    ));
    let e = with(|s| s.counties = 15);
    assert!(e.to_string().contains("at least"), "{e}");
    assert!(e.in_chinese().contains("至少"), "{}", e.in_chinese());
}

#[test]
fn many_counties_spread_over_provinces() {
    // 120 counties: 14 prefectures, so Fujian's nine and five of a second province.
    let mut size = Size::new(3_000);
    size.counties = 120;
    let s = generate_sized(&size, 2024, 2).expect("fits");
    assert_eq!(count_where(&s, "courts.csv", "level", "basic"), 120);
    assert_eq!(count_where(&s, "courts.csv", "level", "intermediate"), 14);
    assert_eq!(count_where(&s, "courts.csv", "level", "high"), 2);
    assert!(table(&s, "courts.csv")
        .column("id")
        .contains(&"gy-zhejiang"));
    assert_within_reach(&s);
    assert_references_resolve(&s);
    assert_officers_cover_required_units(&s, 0.8);
}

#[test]
fn nation_preset_has_national_scale() {
    let started = std::time::Instant::now();
    let s = generate(Preset::Nation, 1);
    eprintln!("generate(Nation, 1) took {:?}", started.elapsed());
    assert_eq!(table(&s, "officers.csv").rows.len(), 20_000);
    assert_eq!(table(&s, "enterprises.csv").rows.len(), 600_000);
    assert_eq!(count_where(&s, "courts.csv", "level", "basic"), 800);
    assert_eq!(count_where(&s, "courts.csv", "level", "intermediate"), 89);
    assert_eq!(count_where(&s, "courts.csv", "level", "high"), 10);
    assert_eq!(count_where(&s, "units.csv", "kind", "platform"), 1_500);
    assert_eq!(count_where(&s, "units.csv", "kind", "chamber"), 10_000);
    assert_references_resolve(&s);
}
