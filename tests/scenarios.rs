//! Shipped and generated scenarios: they load, they match the generator, `extends` variants
//! override exactly what they set, and a scenario's calendar and travel settings take effect.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tepai_generate::{generate, Preset};
use tepai_model::travel::EARTH_RADIUS_KM;
use tepai_model::{load, Code, LatLon, Loaded, Period, PeriodKind, Place};

use crate::{root, run, scenario, tepai};

/// The seed the shipped Nanping scenarios were generated with.
const SHIPPED_SEED: u64 = 7;

fn load_ok(dir: &Path) -> Loaded {
    load(dir).unwrap_or_else(|d| panic!("{} does not load:\n{d}", dir.display()))
}

/// `scenarios/nanping-2023`, `scenarios/nanping-2024` and every `scenarios/what-if/*`.
fn shipped() -> Vec<PathBuf> {
    let mut dirs = vec![scenario("nanping-2023"), scenario("nanping-2024")];
    let mut what_if: Vec<PathBuf> = fs::read_dir(scenario("what-if"))
        .expect("scenarios/what-if exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    what_if.sort();
    dirs.extend(what_if);
    dirs
}

/// Every regular file of `dir` by name, with its bytes.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .expect("readable dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("named").to_string_lossy().into_owned();
            (name, fs::read(&p).expect("readable file"))
        })
        .collect()
}

/// A fresh copy of `scenarios/invalid/base` (a tiny valid scenario) in a temp dir.
fn copy_of_base() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in files_of(&scenario("invalid/base")) {
        fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

/// Edits the scenario.toml of a temp scenario.
fn edit_toml(dir: &Path, edit: impl FnOnce(String) -> String) {
    let file = dir.join("scenario.toml");
    let text = fs::read_to_string(&file).expect("scenario.toml");
    fs::write(&file, edit(text)).expect("write scenario.toml");
}

/// Adds `key = "value"` to the `[data]` table.
fn add_data_path(text: &str, key: &str, value: &str) -> String {
    assert!(text.contains("[data]\n"), "the scenario has a [data] table");
    text.replacen("[data]\n", &format!("[data]\n{key} = \"{value}\"\n"), 1)
}

// ---------------------------------------------------------------------------
// Shipped scenarios
// ---------------------------------------------------------------------------

#[test]
fn every_shipped_scenario_loads_without_errors() {
    let dirs = shipped();
    let what_if = dirs
        .iter()
        .filter(|d| d.parent().is_some_and(|p| p.ends_with("what-if")))
        .count();
    assert!(what_if >= 5, "at least 5 what-if variants, found {what_if}");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| load(d).err().map(|e| format!("{}:\n{e}", d.display())))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_shipped_nanping_scenarios_are_exactly_what_the_generator_makes_with_seed_7() {
    for (preset, dir) in [
        (Preset::Nanping2023, "nanping-2023"),
        (Preset::Nanping2024, "nanping-2024"),
    ] {
        let generated: BTreeMap<String, Vec<u8>> = generate(preset, SHIPPED_SEED)
            .files
            .into_iter()
            .map(|(name, text)| (name, text.into_bytes()))
            .collect();
        let shipped = files_of(&scenario(dir));
        assert_eq!(
            shipped.keys().collect::<Vec<_>>(),
            generated.keys().collect::<Vec<_>>(),
            "{dir}: the same files"
        );
        for (name, bytes) in &generated {
            assert!(
                shipped[name] == *bytes,
                "scenarios/{dir}/{name} differs from `tepai generate --preset {preset} --seed {SHIPPED_SEED}`; regenerate it"
            );
        }
    }
}

#[test]
fn validate_summarises_the_source_facts_of_nanping_2023() {
    let (code, out, err) = run(&["validate", "scenarios/nanping-2023"], Some(&root()));
    assert_eq!(code, 0, "{out}{err}");
    // Each summary line reads `  <what>  <count>  (<details>)`.
    let count = |what: &str| -> u32 {
        out.lines()
            .find_map(|l| {
                let mut words = l.split_whitespace();
                (words.next() == Some(what)).then(|| words.next()?.parse().ok())?
            })
            .unwrap_or_else(|| panic!("no `{what}` line in:\n{out}"))
    };
    assert_eq!(count("officers"), 100, "{out}");
    assert_eq!(count("platforms"), 13, "{out}");
    assert_eq!(count("chambers"), 42, "{out}");
    let enterprises = out
        .lines()
        .find(|l| l.trim_start().starts_with("enterprises"))
        .unwrap_or_else(|| panic!("no enterprises line in:\n{out}"));
    let details = enterprises
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside)
        .unwrap_or_else(|| panic!("no details in `{enterprises}`"));
    let categories: BTreeMap<&str, u32> = details
        .split([';', ','])
        .filter_map(|part| {
            let (n, what) = part.trim().split_once(' ')?;
            Some((what, n.parse().ok()?))
        })
        .collect();
    for (category, n) in [
        ("listed", 8),
        ("state_owned", 14),
        ("foreign", 68),
        ("high_tech", 100),
        ("green", 482),
    ] {
        assert_eq!(
            categories.get(category),
            Some(&n),
            "{category} in `{enterprises}`"
        );
    }
}

// ---------------------------------------------------------------------------
// The generator through the command line
// ---------------------------------------------------------------------------

#[test]
fn generate_writes_byte_identical_files_for_the_same_preset_and_seed_and_they_load() {
    for (preset, seed) in [
        ("county", "3"),
        ("nanping-2023", "11"),
        ("nanping-2024", "11"),
        ("province", "5"),
    ] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for out in [&a, &b] {
            let done = tepai()
                .args(["generate", "--preset", preset, "--seed", seed, "--out"])
                .arg(out)
                .output()
                .expect("tepai runs");
            assert!(
                done.status.success(),
                "generate {preset}: {}",
                String::from_utf8_lossy(&done.stderr)
            );
        }
        let (fa, fb) = (files_of(&a), files_of(&b));
        assert!(
            fa.contains_key("scenario.toml"),
            "{preset}: {:?}",
            fa.keys()
        );
        assert_eq!(
            fa.keys().collect::<Vec<_>>(),
            fb.keys().collect::<Vec<_>>(),
            "{preset}"
        );
        for (name, bytes) in &fa {
            assert!(fb[name] == *bytes, "{preset} seed {seed}: {name} differs");
        }
        let loaded = load(&a).unwrap_or_else(|d| panic!("{preset} seed {seed}:\n{d}"));
        assert!(!loaded.scenario.officers.is_empty(), "{preset}");
    }
}

#[test]
fn a_sized_region_from_the_command_line_plans_and_checks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let region = tmp.path().join("region");
    let region_arg = region.to_str().expect("utf-8 path");
    let (code, out, err) = run(
        &[
            "generate",
            "--officers",
            "90",
            "--enterprises",
            "2500",
            "--counties",
            "3",
            "--leave-rate",
            "0.3",
            "--year",
            "2025",
            "--seed",
            "6",
            "--out",
            region_arg,
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("90 officers and 2500 enterprises (2025)"),
        "{out}"
    );
    let s = load_ok(&region).scenario;
    assert_eq!(
        (s.officers.len(), s.enterprises.len(), s.year),
        (90, 2500, 2025)
    );
    let plan = tmp.path().join("plan");
    let plan_arg = plan.to_str().expect("utf-8 path");
    let (code, out, err) = run(&["plan", region_arg, "--out", plan_arg], None);
    assert_eq!(
        code, 0,
        "the default proportions leave room for the targets:\n{out}{err}"
    );
    let (code, out, err) = run(&["check", region_arg, "--plan", plan_arg], None);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_size_that_cannot_be_built_is_refused_with_the_reason() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("x");
    let out_arg = out_dir.to_str().expect("utf-8 path");
    for (args, says, says_zh) in [
        (
            vec!["--officers", "40", "--counties", "8"],
            "too few",
            "不够",
        ),
        (
            vec!["--officers", "100", "--counties", "4", "--courts", "5"],
            "disagree",
            "不一致",
        ),
        (
            vec!["--officers", "100", "--year", "2031"],
            "2023–2026",
            "2023–2026",
        ),
        (
            vec!["--officers", "100", "--conflict-rate", "1.5"],
            "between 0 and 1",
            "0 到 1",
        ),
    ] {
        for (lang, text) in [("en", says), ("zh", says_zh)] {
            let mut all = vec!["--lang", lang, "generate", "--out", out_arg];
            all.extend(&args);
            let (code, out, err) = run(&all, None);
            assert_eq!(code, 2, "{all:?}: {out}{err}");
            assert!(err.contains(text), "{all:?}: {err}");
        }
        assert!(!out_dir.exists(), "{args:?}: nothing is written");
    }
    // A preset takes no sizes.
    let (code, _, err) = run(
        &[
            "generate",
            "--preset",
            "county",
            "--officers",
            "9",
            "--out",
            out_arg,
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
}

// ---------------------------------------------------------------------------
// extends
// ---------------------------------------------------------------------------

#[test]
fn a_variant_overrides_exactly_what_it_sets_and_inherits_the_rest() {
    let base = load_ok(&scenario("nanping-2024")).scenario;
    let variant = load_ok(&scenario("what-if/nanping-2024-90pct-chambers")).scenario;
    assert!((base.targets.chambers_share - 0.8).abs() < 1e-12);
    assert!((variant.targets.chambers_share - 0.9).abs() < 1e-12);
    assert_ne!(variant.name, base.name, "the variant has a name of its own");
    // Inherited: the rest of [targets], every other table, every data file.
    assert_eq!(
        variant.targets.platforms_share.to_bits(),
        base.targets.platforms_share.to_bits()
    );
    assert_eq!(
        variant.targets.enterprises_min,
        base.targets.enterprises_min
    );
    assert_eq!(variant.rules, base.rules);
    assert_eq!(variant.year, base.year);
    assert_eq!(variant.seed, base.seed);
    let officers = |s: &tepai_model::Scenario| -> Vec<(String, String, u32)> {
        s.officers
            .iter()
            .map(|o| (o.id.as_str().to_owned(), o.name.clone(), o.days_per_quarter))
            .collect()
    };
    assert_eq!(officers(&variant), officers(&base));
    let enterprises = |s: &tepai_model::Scenario| -> Vec<String> {
        s.enterprises
            .iter()
            .map(|e| e.id.as_str().to_owned())
            .collect()
    };
    assert_eq!(enterprises(&variant), enterprises(&base));
    assert_eq!(variant.units.len(), base.units.len());
    assert_eq!(variant.conflicts.len(), base.conflicts.len());
    assert_eq!(variant.unavailable.len(), base.unavailable.len());

    let monthly = load_ok(&scenario("what-if/nanping-2024-monthly")).scenario;
    assert_eq!(monthly.rules.period, PeriodKind::Month);
    assert_eq!(monthly.rules.unit_visits_per_period, 1);
    assert_eq!(monthly.rules.enterprise_visits_per_period, 1);
    assert_eq!(
        monthly.rules.enterprises_per_unit_visit,
        base.rules.enterprises_per_unit_visit
    );
    assert_eq!(
        monthly.rules.min_days_between_visits,
        base.rules.min_days_between_visits
    );
    assert_eq!(monthly.targets, base.targets);
}

#[test]
fn data_paths_in_a_variant_resolve_against_the_variant_file() {
    // Both directories hold an officers.csv; the variant's own one (120 rows) must win, while
    // the tables it does not name still come from the base's directory.
    let base = load_ok(&scenario("nanping-2024")).scenario;
    let more = load_ok(&scenario("what-if/nanping-2024-120-officers")).scenario;
    assert_eq!(base.officers.len(), 100);
    assert_eq!(more.officers.len(), 120);
    for (b, m) in base.officers.iter().zip(&more.officers) {
        assert_eq!(
            (&b.id, &b.name),
            (&m.id, &m.name),
            "the first 100 are the base's"
        );
    }
    assert_eq!(more.conflicts.len(), base.conflicts.len());
    assert_eq!(more.enterprises.len(), base.enterprises.len());

    let three = load_ok(&scenario("what-if/nanping-2024-3-officers")).scenario;
    assert_eq!(three.officers.len(), 3);
    assert!(three.unavailable.is_empty());
    let npzy = three.court_by_id("npzy").expect("intermediate court");
    assert!(three.officers.iter().all(|o| o.court == npzy));

    // A variant in a directory of its own elsewhere, naming a file beside itself.
    let tmp = tempfile::tempdir().expect("tempdir");
    let variant = tmp.path().join("deeper").join("variant");
    fs::create_dir_all(&variant).expect("mkdir");
    let base_toml = scenario("invalid/base/scenario.toml");
    fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"elsewhere\"\n[data]\nunavailable = \"unavailable.csv\"\n",
            base_toml.display()
        ),
    )
    .expect("write");
    fs::write(
        variant.join("unavailable.csv"),
        "officer,from,to\no-1,2024-03-01,2024-03-02\no-2,2024-04-01,2024-04-02\n",
    )
    .expect("write");
    let s = load_ok(&variant).scenario;
    assert_eq!(s.name, "elsewhere");
    assert_eq!(s.unavailable.len(), 2, "the variant's own unavailable.csv");
    assert_eq!(s.officers.len(), 4, "the base's officers.csv");
}

#[test]
fn the_content_hash_tells_base_and_variant_apart_and_is_stable() {
    let hash = |rel: &str| load_ok(&scenario(rel)).scenario.content_hash;
    let base = hash("nanping-2024");
    assert_eq!(base.len(), 64, "hex SHA-256: {base}");
    assert_eq!(hash("nanping-2024"), base, "stable across loads");
    let variants = [
        "what-if/nanping-2024-90pct-chambers",
        "what-if/nanping-2024-2500-enterprises",
        "what-if/nanping-2024-monthly",
        "what-if/nanping-2024-120-officers",
        "what-if/nanping-2024-3-officers",
    ];
    let mut seen = vec![base];
    for v in variants {
        let h = hash(v);
        assert_eq!(hash(v), h, "{v}: stable across loads");
        assert!(!seen.contains(&h), "{v}: hash {h} not unique");
        seen.push(h);
    }
}

// ---------------------------------------------------------------------------
// Calendar and travel through a scenario
// ---------------------------------------------------------------------------

#[test]
fn a_scenario_for_2027_loads_with_its_own_holiday_file_and_follows_it() {
    let tmp = copy_of_base();
    edit_toml(tmp.path(), |t| {
        add_data_path(
            &t.replace("year = 2024", "year = 2027"),
            "holidays",
            "holidays.csv",
        )
    });
    // Unavailability of the base lies in 2024: keep the copy free of W403.
    fs::write(
        tmp.path().join("unavailable.csv"),
        "officer,from,to,reason\n",
    )
    .expect("write");
    fs::write(
        tmp.path().join("holidays.csv"),
        "date,kind,name,name_en\n\
         2027-01-01,holiday,元旦,New Year's Day\n\
         2027-02-08,holiday,春节,Spring Festival\n\
         2027-02-09,holiday,春节,Spring Festival\n\
         2027-02-20,workday,春节调休,Spring Festival make-up workday\n",
    )
    .expect("write");
    let loaded = load_ok(tmp.path());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let s = loaded.scenario;
    assert_eq!(s.year, 2027);
    assert!(s.calendar.covers(2027));
    // Day `d` of month `m` of 2027, built from the model's own periods (no chrono here).
    let working = |m: u32, d: u32| {
        let first = Period::new(2027, PeriodKind::Month, m)
            .expect("month 1..=12")
            .start();
        let date = (1..d).fold(first, |x, _| x.succ_opt().expect("in range"));
        s.calendar.is_working_day(date).expect("2027 is covered")
    };
    assert!(!working(1, 1), "a listed holiday on a Friday");
    assert!(!working(2, 8), "a listed holiday on a Monday");
    assert!(working(2, 20), "a listed make-up workday on a Saturday");
    assert!(working(1, 4), "an unlisted Monday");
    assert!(!working(1, 2), "an unlisted Saturday");
}

#[test]
fn a_scenario_for_a_year_without_holiday_data_fails_with_e307() {
    let tmp = copy_of_base();
    edit_toml(tmp.path(), |t| t.replace("year = 2024", "year = 2027"));
    fs::write(
        tmp.path().join("unavailable.csv"),
        "officer,from,to,reason\n",
    )
    .expect("write");
    let diags = load(tmp.path()).expect_err("2027 is not built in");
    let codes: Vec<&str> = diags.errors().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, [Code::YearNotCovered.as_str()], "{diags}");
    assert_eq!(Code::YearNotCovered.as_str(), "E307");
}

/// Great-circle km by the haversine formula, computed here independently of the model.
fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

#[test]
fn travel_between_courts_is_great_circle_times_circuity_at_the_road_speed() {
    let s = load_ok(&scenario("nanping-2024")).scenario;
    let npzy = s.court_by_id("npzy").expect("Yanping intermediate court");
    let jianou = s.court_by_id("c-jianou").expect("Jian'ou basic court");
    let km = haversine_km(s.court(npzy).location, s.court(jianou).location);
    assert!(
        (40.0..50.0).contains(&km),
        "Yanping–Jian'ou ≈ 45 km, got {km}"
    );
    assert!((s.travel.circuity - 1.35).abs() < 1e-12);
    assert!((s.travel.speed_kmh - 45.0).abs() < 1e-12);
    let want = (km * 1.35 / 45.0 * 60.0).ceil();
    let got = s.travel_minutes(Place::Court(npzy), Place::Court(jianou));
    assert_eq!(f64::from(got), want, "{km} km");
    assert_eq!(
        s.travel_minutes(Place::Court(jianou), Place::Court(npzy)),
        got,
        "symmetric"
    );
}

#[test]
fn a_travel_matrix_row_overrides_the_modelled_minutes() {
    let tmp = copy_of_base();
    let modelled = {
        let s = load_ok(tmp.path()).scenario;
        let (np, jo) = (s.court_by_id("c-np"), s.court_by_id("c-jo"));
        let (np, jo) = (np.expect("c-np"), jo.expect("c-jo"));
        s.travel_minutes(Place::Court(np), Place::Court(jo))
    };
    assert_ne!(modelled, 97, "the override must differ from the model");
    edit_toml(tmp.path(), |t| add_data_path(&t, "travel", "travel.csv"));
    fs::write(
        tmp.path().join("travel.csv"),
        "from,to,minutes\nc-np,c-jo,97\n",
    )
    .expect("write");
    let s = load_ok(tmp.path()).scenario;
    let np = Place::Court(s.court_by_id("c-np").expect("c-np"));
    let jo = Place::Court(s.court_by_id("c-jo").expect("c-jo"));
    assert_eq!(s.travel_minutes(np, jo), 97);
    assert_eq!(s.travel_minutes(jo, np), 97, "a row serves both directions");
    let plat = Place::Unit(s.unit_by_id("u-plat").expect("u-plat"));
    let expected = (haversine_km(s.location(np), s.location(plat)) * 1.35 / 45.0 * 60.0).ceil();
    assert_eq!(
        f64::from(s.travel_minutes(np, plat)),
        expected,
        "pairs without a row keep the model"
    );
}
