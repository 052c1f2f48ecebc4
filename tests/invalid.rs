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
const BUILT_BY_TESTS: &[&str] = &["E013"];

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
    bytes.extend([0xc4, 0xe3, b'\n']);
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
