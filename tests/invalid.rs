//! Every case under `scenarios/invalid/` fails with exactly its documented code(s).
use std::collections::BTreeSet;

use tepai_model::{load, Severity};

use crate::scenario;

/// The codes a case directory documents: `multiple_errors` lists them in `expected_codes`,
/// every other case is named `<code>_<what>`.
fn expected_codes(dir: &std::path::Path) -> BTreeSet<String> {
    let listed = dir.join("expected_codes");
    if listed.exists() {
        std::fs::read_to_string(listed)
            .expect("readable")
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        let name = dir.file_name().expect("named").to_string_lossy();
        let code = name.split('_').next().expect("code prefix").to_uppercase();
        BTreeSet::from([code])
    }
}

fn cases() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(scenario("invalid"))
        .expect("scenarios/invalid exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "base"))
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_invalid_case_fails_with_exactly_its_codes() {
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "at least 20 invalid cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for dir in &cases {
        let want = expected_codes(dir);
        match load(dir) {
            Ok(_) => failures.push(format!("{}: loaded, expected {want:?}", dir.display())),
            Err(diags) => {
                let got: BTreeSet<String> =
                    diags.errors().map(|d| d.code.as_str().to_owned()).collect();
                if got != want {
                    failures.push(format!(
                        "{}: got {got:?}, expected {want:?}\n{diags}",
                        dir.display()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Codes whose cases need files too large to keep in the repository: the tests below build
/// them in a temporary directory.
/// The workbook errors are built by `tests/excel_input.rs`, so that each case's workbook is
/// made by the code in view rather than kept as an opaque file.
/// The visit-ledger errors (E5xx) are built by `tests/ledger.rs`: a ledger is no scenario.
const BUILT_BY_TESTS: &[&str] = &[
    "E013", "E015", "E016", "E017", "E018", "E019", "E501", "E502", "E503",
];

#[test]
fn every_error_code_has_an_invalid_case() {
    let mut covered: BTreeSet<String> = cases().iter().flat_map(|d| expected_codes(d)).collect();
    covered.extend(BUILT_BY_TESTS.iter().map(|c| (*c).to_owned()));
    let missing: Vec<&str> = tepai_model::Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Error && !covered.contains(c.as_str()))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "error codes without a case: {missing:?}"
    );
}

#[test]
fn the_base_of_the_invalid_cases_is_valid() {
    let loaded = load(&scenario("invalid/base")).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(loaded.scenario.officers.len(), 4);
    assert_eq!(loaded.scenario.enterprises.len(), 7);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn errors_name_file_line_field_and_value() {
    let diags = load(&scenario("invalid/e101_duplicate_officer_id")).expect_err("invalid");
    let d = diags.errors().next().expect("one error");
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("e101_duplicate_officer_id/officers.csv")),
        "{d}"
    );
    assert_eq!(d.line, Some(6));
    assert_eq!(d.field.as_deref(), Some("id"));
    assert_eq!(d.value.as_deref(), Some("o-1"));
    assert!(!d.action.is_empty());
}

#[test]
fn a_non_utf8_file_is_reported_with_its_line() {
    let diags = load(&scenario("invalid/e002_not_utf8")).expect_err("invalid");
    let d = diags.errors().next().expect("one error");
    assert_eq!(d.line, Some(2), "the first name is on line 2: {d}");
}

#[test]
fn an_unknown_key_in_a_variant_is_blamed_on_the_variant_file() {
    let diags = load(&scenario("invalid/e004_unknown_key")).expect_err("invalid");
    let d = diags.errors().next().expect("one error");
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("e004_unknown_key/scenario.toml")),
        "{d}"
    );
    assert_eq!(d.field.as_deref(), Some("rules.unit_visit_per_period"));
}

#[test]
fn every_code_is_documented_in_docs_errors_md() {
    let doc =
        std::fs::read_to_string(crate::root().join("docs/errors.md")).expect("docs/errors.md");
    for c in tepai_model::Code::ALL {
        assert!(
            doc.contains(&format!("| {} | {} |", c.as_str(), c.title())),
            "{c} missing from docs/errors.md"
        );
    }
}

#[test]
fn visits_that_cannot_be_spaced_within_a_period_are_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"too far apart\"\n[rules]\nmin_days_between_visits = 40\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let loaded = load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let codes: Vec<&str> = loaded.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["W409", "W409"], "{:?}", loaded.warnings);
}

#[test]
fn a_team_too_large_is_blamed_on_its_row_in_units_csv() {
    let diags = load(&scenario("invalid/e303_team_size_unsatisfiable")).expect_err("invalid");
    let d = diags.errors().next().expect("one error");
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("e303_team_size_unsatisfiable/units.csv")),
        "{d}"
    );
    assert_eq!(d.line, Some(2), "{d}");
    assert_eq!(d.field.as_deref(), Some("team_size"));
}

#[test]
fn days_per_quarter_beyond_a_quarter_is_an_error_not_a_dropped_officer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let officers = std::fs::read_to_string(scenario("invalid/base/officers.csv"))
        .expect("read")
        .replace(
            "o-1,陈建华,c-np,judge,contract;labor,12,u-plat",
            "o-1,陈建华,c-np,judge,contract;labor,4294967296,u-plat",
        );
    std::fs::write(dir.path().join("officers.csv"), officers).expect("write");
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "extends = \"{}\"\n[data]\nofficers = \"officers.csv\"\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let (code, _, err) = crate::run(&["validate", dir.path().to_str().expect("utf-8")], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("E208") && err.contains("officers.csv:2") && err.contains("days_per_quarter"),
        "{err}"
    );
}

#[test]
fn an_empty_data_path_names_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "extends = \"{}\"\n[data]\ncourts = \"\"\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let (code, _, err) = crate::run(&["validate", dir.path().to_str().expect("utf-8")], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("E003") && err.contains("scenario.toml") && err.contains("data.courts"),
        "{err}"
    );
}

/// A scenario in a fresh directory that extends `invalid/base` with `toml` added.
fn variant(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!(
            "extends = \"{}\"\n{toml}",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    dir
}

/// The only error of loading `dir`, which must fail with exactly one.
fn only_error(dir: &std::path::Path) -> tepai_model::Diagnostic {
    let diags = load(dir).expect_err("invalid");
    let errors: Vec<_> = diags.errors().cloned().collect();
    assert_eq!(errors.len(), 1, "{diags}");
    errors[0].clone()
}

#[test]
fn a_table_over_256_mib_is_e013_before_anything_is_read() {
    let dir = variant("[data]\nenterprises = \"enterprises.csv\"\n");
    // A sparse file: its length says 256 MiB + 1 without the bytes being written.
    let file = std::fs::File::create(dir.path().join("enterprises.csv")).expect("create");
    file.set_len((256 << 20) + 1).expect("set_len");
    let started = std::time::Instant::now();
    let d = only_error(dir.path());
    assert_eq!(d.code.as_str(), "E013", "{d}");
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("enterprises.csv")),
        "{d}"
    );
    assert_eq!(d.value.as_deref(), Some("268435457"), "{d}");
    assert!(started.elapsed().as_secs() < 5, "the content was read");
}

#[test]
fn a_table_over_2_million_rows_is_e013_at_the_first_row_past_the_limit() {
    let dir = variant("[data]\ntravel = \"travel.csv\"\n");
    let mut text = String::from("from,to,minutes\n");
    for _ in 0..2_000_001 {
        text.push_str("c-np,u-plat,30\n");
    }
    std::fs::write(dir.path().join("travel.csv"), text).expect("write");
    let d = only_error(dir.path());
    assert_eq!(d.code.as_str(), "E013", "{d}");
    assert!(
        d.file.as_ref().is_some_and(|f| f.ends_with("travel.csv")),
        "{d}"
    );
    assert_eq!(d.line, Some(2_000_002), "{d}");
}

#[test]
fn a_scenario_file_over_1_mib_is_e013() {
    let dir = variant(&format!("# {}\n", "x".repeat(1 << 20)));
    let d = only_error(dir.path());
    assert_eq!(d.code.as_str(), "E013", "{d}");
    assert!(
        d.file
            .as_ref()
            .is_some_and(|f| f.ends_with("scenario.toml")),
        "{d}"
    );
}

#[test]
fn a_table_row_not_utf8_after_good_rows_is_e002_at_its_line() {
    let dir = variant("[data]\nconflicts = \"conflicts.csv\"\n");
    let mut bytes = b"officer,court,enterprise,reason\no-2,,e-3,ok\no-2,,e-4,".to_vec();
    bytes.extend([0xff, 0xe3, b'\n']);
    std::fs::write(dir.path().join("conflicts.csv"), bytes).expect("write");
    let d = only_error(dir.path());
    assert_eq!(d.code.as_str(), "E002", "{d}");
    assert_eq!(d.line, Some(3), "{d}");
}

#[test]
fn a_byte_order_mark_before_the_header_is_accepted() {
    let dir = variant("[data]\ncourts = \"courts.csv\"\n");
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(std::fs::read(scenario("invalid/base/courts.csv")).expect("read"));
    std::fs::write(dir.path().join("courts.csv"), bytes).expect("write");
    load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
}

/// Every numeric scenario setting just outside its range (and a few non-numbers): the TOML
/// added to `invalid/base`, the code, and the key the error must name.
const SETTINGS_OUT_OF_RANGE: &[(&str, &str, &str)] = &[
    ("year = 1899", "E208", "year"),
    ("year = 2201", "E208", "year"),
    ("seed = -1", "E208", "seed"),
    (
        "[targets]\nplatforms_share = 1.01",
        "E301",
        "targets.platforms_share",
    ),
    (
        "[targets]\nchambers_share = -0.1",
        "E301",
        "targets.chambers_share",
    ),
    (
        "[targets]\nchambers_share = nan",
        "E301",
        "targets.chambers_share",
    ),
    (
        "[targets]\nenterprises_min = -1",
        "E304",
        "targets.enterprises_min",
    ),
    (
        "[targets]\nenterprises_min = 2000001",
        "E311",
        "targets.enterprises_min",
    ),
    (
        "[targets]\nenterprises_min = 8",
        "E302",
        "targets.enterprises_min",
    ),
    (
        "[rules]\nunit_visits_per_period = 0",
        "E304",
        "rules.unit_visits_per_period",
    ),
    (
        "[rules]\nunit_visits_per_period = 93",
        "E311",
        "rules.unit_visits_per_period",
    ),
    (
        "[rules]\nenterprises_per_unit_visit = 0",
        "E304",
        "rules.enterprises_per_unit_visit",
    ),
    (
        "[rules]\nenterprises_per_unit_visit = 101",
        "E311",
        "rules.enterprises_per_unit_visit",
    ),
    (
        "[rules]\nenterprise_visits_per_period = 0",
        "E304",
        "rules.enterprise_visits_per_period",
    ),
    (
        "[rules]\nenterprise_visits_per_period = 93",
        "E311",
        "rules.enterprise_visits_per_period",
    ),
    (
        "[rules]\nmin_days_between_visits = -1",
        "E304",
        "rules.min_days_between_visits",
    ),
    (
        "[rules]\nmin_days_between_visits = 93",
        "E311",
        "rules.min_days_between_visits",
    ),
    (
        "[rules]\nmax_one_way_minutes = 0",
        "E304",
        "rules.max_one_way_minutes",
    ),
    (
        "[rules]\nmax_one_way_minutes = 931",
        "E311",
        "rules.max_one_way_minutes",
    ),
    (
        "[rules]\nmax_enterprises_per_officer = 0",
        "E304",
        "rules.max_enterprises_per_officer",
    ),
    (
        "[rules]\nmax_enterprises_per_officer = 10001",
        "E311",
        "rules.max_enterprises_per_officer",
    ),
    ("[rules]\nday_minutes = 0", "E304", "rules.day_minutes"),
    ("[rules]\nday_minutes = 931", "E310", "rules.day_minutes"),
    (
        "[rules]\nday_minutes = 9223372036854775807",
        "E310",
        "rules.day_minutes",
    ),
    (
        "[rules]\nonsite_minutes = 0",
        "E304",
        "rules.onsite_minutes",
    ),
    (
        "[rules]\nonsite_minutes = 931",
        "E311",
        "rules.onsite_minutes",
    ),
    ("[travel]\nspeed_kmh = 0", "E304", "travel.speed_kmh"),
    ("[travel]\nspeed_kmh = nan", "E304", "travel.speed_kmh"),
    ("[travel]\nspeed_kmh = 0.5", "E311", "travel.speed_kmh"),
    ("[travel]\nspeed_kmh = 301", "E311", "travel.speed_kmh"),
    ("[travel]\nspeed_kmh = inf", "E311", "travel.speed_kmh"),
    ("[travel]\ncircuity = -1", "E304", "travel.circuity"),
    ("[travel]\ncircuity = 0.9", "E311", "travel.circuity"),
    ("[travel]\ncircuity = 5.1", "E311", "travel.circuity"),
    ("[weights]\nshortfall = -1", "E304", "weights.shortfall"),
    ("[weights]\nshortfall = 1e7", "E311", "weights.shortfall"),
    ("[weights]\npriority = inf", "E311", "weights.priority"),
    ("[weights]\ntravel = nan", "E304", "weights.travel"),
    ("[weights]\nmismatch = 1000001", "E311", "weights.mismatch"),
    ("[weights]\nimbalance = -0.5", "E304", "weights.imbalance"),
    ("[weights]\nchange = 1e300", "E311", "weights.change"),
    ("[solver]\ntime_limit_s = 0", "E304", "solver.time_limit_s"),
    (
        "[solver]\ntime_limit_s = 86401",
        "E311",
        "solver.time_limit_s",
    ),
    (
        "[solver]\ntime_limit_s = inf",
        "E311",
        "solver.time_limit_s",
    ),
    ("[solver]\nmip_gap = -0.1", "E304", "solver.mip_gap"),
    ("[solver]\nmip_gap = 1.1", "E311", "solver.mip_gap"),
];

#[test]
fn every_numeric_setting_out_of_range_is_an_error_naming_its_key_and_value() {
    let mut failures = Vec::new();
    for &(toml, code, key) in SETTINGS_OUT_OF_RANGE {
        let dir = variant(&format!("{toml}\n"));
        let diags = match load(dir.path()) {
            Ok(_) => {
                failures.push(format!("{toml:?}: loaded"));
                continue;
            }
            Err(d) => d,
        };
        let errors: Vec<_> = diags.errors().collect();
        let ok = errors.len() == 1
            && errors[0].code.as_str() == code
            && errors[0].field.as_deref() == Some(key)
            && errors[0].value.is_some()
            && errors[0]
                .file
                .as_ref()
                .is_some_and(|f| f.starts_with(dir.path()) || code == "E302" || code == "E310");
        if !ok {
            failures.push(format!("{toml:?}: expected {code} on {key}, got\n{diags}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every numeric table cell outside its range: the file, the base row and its replacement,
/// the code, and the column the error must name.
const CELLS_OUT_OF_RANGE: &[(&str, &str, &str, &str, &str)] = &[
    ("courts", "26.637,118.178", "90.5,118.178", "E202", "lat"),
    ("courts", "26.637,118.178", "26.637,-180.01", "E202", "lon"),
    ("courts", "26.637,118.178", "nan,118.178", "E202", "lat"),
    ("courts", "26.637,118.178", "26.637,inf", "E202", "lon"),
    ("courts", "26.637,118.178", "26.637,", "E201", "lon"),
    ("units", "26.650,118.160", "-91,118.160", "E202", "lat"),
    ("enterprises", "26.660,118.170", "26.660,1e3", "E202", "lon"),
    (
        "officers",
        "contract;labor,12,",
        "contract;labor,0,",
        "E207",
        "days_per_quarter",
    ),
    (
        "officers",
        "contract;labor,12,",
        "contract;labor,93,",
        "E208",
        "days_per_quarter",
    ),
    (
        "officers",
        "contract;labor,12,",
        "contract;labor,12.5,",
        "E208",
        "days_per_quarter",
    ),
    (
        "units",
        "yanping,machinery,1",
        "yanping,machinery,0",
        "E211",
        "team_size",
    ),
    (
        "units",
        "yanping,machinery,1",
        "yanping,machinery,-1",
        "E208",
        "team_size",
    ),
    (
        "units",
        "yanping,machinery,1",
        "yanping,machinery,5",
        "E303",
        "team_size",
    ),
    (
        "units",
        "yanping,machinery,1",
        "yanping,machinery,4294967296",
        "E208",
        "team_size",
    ),
    (
        "enterprises",
        "state_owned,contract,1",
        "state_owned,contract,101",
        "E208",
        "priority",
    ),
    (
        "enterprises",
        "state_owned,contract,1",
        "state_owned,contract,-1",
        "E208",
        "priority",
    ),
    (
        "travel",
        "c-np,u-plat,30",
        "c-np,u-plat,-1",
        "E212",
        "minutes",
    ),
    (
        "travel",
        "c-np,u-plat,30",
        "c-np,u-plat,1000000",
        "E212",
        "minutes",
    ),
    (
        "travel",
        "c-np,u-plat,30",
        "c-np,u-plat,nan",
        "E212",
        "minutes",
    ),
    (
        "travel",
        "c-np,u-plat,30",
        "c-np,u-plat,inf",
        "E212",
        "minutes",
    ),
    (
        "unavailable",
        "2024-07-01,2024-07-31",
        "2024-07-01,2024-02-30",
        "E209",
        "to",
    ),
    (
        "unavailable",
        "2024-07-01,2024-07-31",
        "2024-07-31,2024-07-01",
        "E210",
        "to",
    ),
];

#[test]
fn every_numeric_cell_out_of_range_is_an_error_naming_its_file_line_column_and_value() {
    let mut failures = Vec::new();
    for &(table, old, new, code, column) in CELLS_OUT_OF_RANGE {
        let dir = variant(&format!("[data]\n{table} = \"{table}.csv\"\n"));
        let base = if table == "travel" {
            "from,to,minutes\nc-np,u-plat,30\n".to_owned()
        } else {
            std::fs::read_to_string(scenario(&format!("invalid/base/{table}.csv"))).expect("read")
        };
        assert!(base.contains(old), "{table}.csv has no {old:?}");
        let text = base.replacen(old, new, 1);
        std::fs::write(dir.path().join(format!("{table}.csv")), &text).expect("write");
        let line = text[..text.find(new).expect("replaced")]
            .matches('\n')
            .count() as u64
            + 1;
        let diags = match load(dir.path()) {
            Ok(_) => {
                failures.push(format!("{table}: {new:?}: loaded"));
                continue;
            }
            Err(d) => d,
        };
        let errors: Vec<_> = diags.errors().collect();
        let ok = errors.len() == 1
            && errors[0].code.as_str() == code
            && errors[0].field.as_deref() == Some(column)
            && errors[0].line == Some(line)
            && errors[0]
                .value
                .as_ref()
                .is_some_and(|v| new.contains(v.as_str()) || code == "E210")
            && errors[0]
                .file
                .as_ref()
                .is_some_and(|f| f.ends_with(format!("{table}.csv")));
        if !ok {
            failures.push(format!(
                "{table}: {new:?}: expected {code} at line {line} on {column}, got\n{diags}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A copy of `invalid/base` with `file` replaced by `text`.
fn base_with(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(scenario("invalid/base")).expect("base") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(dir.path().join(file), text).expect("write");
    dir
}

#[test]
fn unknown_references_say_which_id_a_name_or_near_miss_meant() {
    let dir = base_with(
        "conflicts.csv",
        "officer,court,enterprise\n林晓燕,,e-3\no-2,,闽北机械厂\no-2,,e-00003\n",
    );
    std::fs::write(
        dir.path().join("travel.csv"),
        "from,to,minutes\nc-np,建瓯茶业商会,30\nc-npx,u-tea,30\n",
    )
    .expect("write");
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).expect("toml");
    std::fs::write(
        dir.path().join("scenario.toml"),
        toml.replace("[data]\n", "[data]\ntravel = \"travel.csv\"\n"),
    )
    .expect("write");
    let diags = load(dir.path()).expect_err("invalid");
    let got: Vec<(&str, &str)> = diags
        .errors()
        .map(|d| (d.code.as_str(), d.action.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("E112", "`林晓燕` is the name of officer o-2: write its id o-2"),
            ("E113", "`闽北机械厂` is the name of enterprise e-2: write its id e-2"),
            // Two edits from every enterprise id: none is clearly meant.
            ("E113", "use an id from the id column of enterprises.csv"),
            ("E115", "`建瓯茶业商会` is the name of unit u-tea: write its id u-tea"),
            (
                "E115",
                "did you mean c-np? use an id from the id column of courts.csv, the id column of units.csv or the id column of enterprises.csv"
            ),
        ],
        "{diags}"
    );
}

#[test]
fn a_missing_year_is_one_error_and_no_warning_that_needs_the_year() {
    // The base's unavailability lies in July 2024: with no year, nothing to compare it with.
    let toml = std::fs::read_to_string(scenario("invalid/base/scenario.toml"))
        .expect("toml")
        .replace("year = 2024\n", "");
    let dir = base_with("scenario.toml", &toml);
    let diags = load(dir.path()).expect_err("invalid");
    let listed: Vec<String> = diags.items.iter().map(ToString::to_string).collect();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert!(listed[0].starts_with("error[E005]"), "{listed:#?}");
    assert_eq!(diags.warning_count(), 0);
}

#[test]
fn officers_without_the_days_for_one_duty_are_warned_about_and_not_counted() {
    // Base: 4 officers, 2 required units, 3 visits per unit per quarter.
    let officers = std::fs::read_to_string(scenario("invalid/base/officers.csv"))
        .expect("read")
        .replace(",12,u-plat", ",2,u-plat")
        .replace(",10,", ",3,")
        .replace(",14,e-6", ",1,e-6");
    let dir = base_with("officers.csv", &officers);
    let loaded = load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let w: Vec<&tepai_model::Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "W412")
        .collect();
    assert_eq!(w.len(), 2, "{:#?}", loaded.warnings);
    assert_eq!(
        w[0].message,
        "officer o-1 has 2 days per quarter but one unit needs 3 visits per quarter, a day each: the officer can serve no unit and no enterprise"
    );
    assert_eq!(w[0].line, Some(2));
    assert_eq!(w[0].field.as_deref(), Some("days_per_quarter"));
    assert!(w[1]
        .message
        .starts_with("officer o-3 has 1 day per quarter"));
    let c = tepai_model::summary::Summary::of(&loaded.scenario).capacity;
    assert_eq!((c.officers_for_units, c.officers), (2, 2));
    assert!(c.passes());
    // o-2 (3 days) and o-4 (12) left: with o-2 at 2 days too, one officer for two units.
    let dir = base_with("officers.csv", &officers.replace(",3,", ",2,"));
    let loaded = load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let c = tepai_model::summary::Summary::of(&loaded.scenario).capacity;
    assert_eq!((c.officers_for_units, c.officers), (2, 1));
    assert!(!c.passes());
}

#[test]
fn in_monthly_periods_a_duty_needs_its_visits_in_a_third_of_the_quarters_days() {
    // 2 visits a month: 6 days per quarter hold them (2 a month), 5 do not (1 a month).
    let officers = std::fs::read_to_string(scenario("invalid/base/officers.csv"))
        .expect("read")
        .replace(",12,u-plat", ",5,u-plat")
        .replace(",10,", ",6,");
    let dir = base_with("officers.csv", &officers);
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).expect("toml");
    std::fs::write(
        dir.path().join("scenario.toml"),
        toml.replace(
            "period = \"quarter\"",
            "period = \"month\"\nunit_visits_per_period = 2\nenterprise_visits_per_period = 1\nmin_days_between_visits = 7",
        ),
    )
    .expect("write");
    let loaded = load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let w: Vec<&str> = loaded
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "W412")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        w,
        ["officer o-1 has 5 days per quarter, 1 a month but one unit needs 2 visits a month, a day each: the officer can serve no unit and no enterprise"],
        "{:#?}",
        loaded.warnings
    );
}
