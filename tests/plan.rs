//! `tepai plan` and `tepai schedule` end to end: outputs, calendars, checks, exit codes.
use std::path::Path;

use crate::{run, scenario};

fn plan(scenario_dir: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "plan",
        scenario_dir.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    run(&args, None)
}

/// The plan's `summary.json`.
fn read_summary(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json written");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

fn check(scenario_dir: &Path, out: &Path) -> (i32, String) {
    let (code, stdout, _) = run(
        &[
            "check",
            scenario_dir.to_str().expect("utf-8"),
            "--plan",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    (code, stdout)
}

#[test]
fn plan_writes_every_output_and_the_written_files_pass_the_checkers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let base = scenario("invalid/base");
    let (code, stdout, stderr) = plan(&base, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    for f in [
        "assignment.csv",
        "schedule.csv",
        "coverage.csv",
        "summary.json",
        "calendars",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let schedule = std::fs::read_to_string(out.join("schedule.csv")).expect("read");
    assert!(schedule.starts_with("\u{feff}date,period,officer_id,target_kind,target_id,enterprise_ids,depart,return,travel_minutes,onsite_minutes,officer_name,target_name,enterprise_names\n"));
    let mut coverage = csv::Reader::from_path(out.join("coverage.csv")).expect("coverage.csv");
    let visits = coverage
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "visits_in_year")
        .expect("visits_in_year");
    assert!(
        coverage
            .records()
            .any(|r| !matches!(r.expect("row").get(visits), Some("" | "0"))),
        "visits_in_year filled"
    );
    let summary = read_summary(&out);
    assert_eq!(summary["schedule"]["rules_met"], true);
    assert!(summary["schedule"]["visits_per_period"]["2024-Q3"]
        .as_u64()
        .is_some_and(|n| n > 0));
    let (code, stdout) = check(&base, &out);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("every rule holds"), "{stdout}");
}

#[test]
fn calendars_are_valid_rfc_5545_with_one_event_per_trip_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = plan(&scenario("invalid/base"), &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let schedule = std::fs::read_to_string(out.join("schedule.csv")).expect("read");
    let mut events = 0;
    for entry in std::fs::read_dir(out.join("calendars")).expect("calendars") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8(bytes).expect("utf-8");
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 75,
                "{}: line of {} octets: {line}",
                path.display(),
                line.len()
            );
        }
        let officer = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendars: Vec<_> = parser
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(calendars.len(), 1);
        let rows = schedule
            .lines()
            .filter(|l| l.split(',').nth(2) == Some(officer.as_str()))
            .count();
        assert_eq!(
            calendars[0].events.len(),
            rows,
            "{officer}: one event per schedule row"
        );
        for ev in &calendars[0].events {
            for required in ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"] {
                assert!(
                    ev.properties.iter().any(|p| p.name == required),
                    "{officer}: {required} missing"
                );
            }
        }
        events += calendars[0].events.len();
    }
    assert!(events > 0);
}

#[test]
fn the_same_scenario_and_seed_write_byte_identical_plans() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let base = scenario("invalid/base");
    assert_eq!(plan(&base, &a, &[]).0, 0);
    assert_eq!(plan(&base, &b, &[]).0, 0);
    for f in ["assignment.csv", "schedule.csv", "coverage.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).expect("a"),
            std::fs::read(b.join(f)).expect("b"),
            "{f} differs"
        );
    }
    for entry in std::fs::read_dir(a.join("calendars")).expect("calendars") {
        let name = entry.expect("entry").file_name();
        assert_eq!(
            std::fs::read(a.join("calendars").join(&name)).expect("a"),
            std::fs::read(b.join("calendars").join(&name)).expect("b")
        );
    }
}

#[test]
fn visits_that_cannot_be_spaced_give_no_duties_and_short_targets_with_exit_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let variant = dir.path().join("scenario");
    std::fs::create_dir_all(&variant).expect("mkdir");
    // Three visits a quarter, 40 days apart, across quarter boundaries too: no officer's
    // free days carry them, so no officer is given a duty it cannot carry out.
    std::fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"visits too far apart\"\n[rules]\nmin_days_between_visits = 40\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = plan(&variant, &out, &[]);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("every visit rule met"), "{stdout}");
    let assignment = std::fs::read_to_string(out.join("assignment.csv")).expect("written");
    assert_eq!(assignment.lines().count(), 1, "{assignment}");
    let summary = read_summary(&out);
    assert_eq!(summary["targets_met"], false);
    assert_eq!(summary["schedule"]["shortfalls"], serde_json::json!([]));
    // The checker finds every figure true and only the targets short.
    let (code, stdout) = check(&variant, &out);
    assert_eq!(code, 3, "{stdout}");
    assert!(!stdout.contains("violation:"), "{stdout}");
}

#[test]
fn an_officer_with_too_few_days_for_a_unit_is_not_given_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let variant = dir.path().join("scenario");
    std::fs::create_dir_all(&variant).expect("mkdir");
    // Two days a quarter: the minutes would fit three short unit visits, the days do not.
    let officers = std::fs::read_to_string(scenario("invalid/base/officers.csv"))
        .expect("read")
        .replace(
            "o-1,陈建华,c-np,judge,contract;labor,12,u-plat",
            "o-1,陈建华,c-np,judge,contract;labor,2,u-plat",
        );
    std::fs::write(variant.join("officers.csv"), officers).expect("write");
    std::fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"short of days\"\n[data]\nofficers = \"officers.csv\"\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = plan(&variant, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let assignment = std::fs::read_to_string(out.join("assignment.csv")).expect("read");
    assert!(
        !assignment
            .lines()
            .any(|l| l.starts_with("o-1,") && l.contains(",platform,")),
        "{assignment}"
    );
}

#[test]
fn schedule_dates_the_visits_of_an_existing_assignment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = scenario("invalid/base");
    let assigned = dir.path().join("assigned");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            base.to_str().expect("utf-8"),
            "--out",
            assigned.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let out = dir.path().join("scheduled");
    let (code, stdout, stderr) = run(
        &[
            "schedule",
            base.to_str().expect("utf-8"),
            "--assignment",
            assigned.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(check(&base, &out).0, 0);
}

#[test]
fn the_nanping_plan_has_no_visit_on_a_holiday_and_meets_every_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let nanping = scenario("nanping-2024");
    let (code, stdout, stderr) = plan(&nanping, &out, &["--heuristic-only"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let s = tepai_model::load(&nanping).expect("valid").scenario;
    let schedule = std::fs::read_to_string(out.join("schedule.csv")).expect("read");
    for line in schedule.lines().skip(1) {
        let date = chrono::NaiveDate::parse_from_str(&line[..10], "%Y-%m-%d").expect("date");
        assert_eq!(s.calendar.is_working_day(date), Ok(true), "{line}");
    }
    assert_eq!(check(&nanping, &out).0, 0);
    // Long Chinese names: calendar lines still fold within RFC 5545's 75 octets.
    for entry in std::fs::read_dir(out.join("calendars")).expect("calendars") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
        assert!(text.split("\r\n").all(|l| l.len() <= 75));
    }
}

#[test]
fn monthly_duties_are_planned_and_checked_per_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let monthly = scenario("what-if/nanping-2024-monthly");
    let (code, stdout, stderr) = plan(&monthly, &out, &["--heuristic-only"]);
    assert!(code == 0 || code == 3, "{stdout}{stderr}");
    let summary = read_summary(&out);
    let periods = summary["schedule"]["visits_per_period"]
        .as_object()
        .expect("periods");
    assert_eq!(periods.len(), 12, "{periods:?}");
    assert!(periods.contains_key("2024-02") && periods.contains_key("2024-10"));
}

#[test]
fn a_team_with_too_few_members_eligible_for_all_makes_every_visit_and_says_why_members_are_few() {
    let dir = tempfile::tempdir().expect("tempdir");
    let variant = dir.path().join("scenario");
    std::fs::create_dir_all(&variant).expect("mkdir");
    let base = scenario("invalid/base");
    let read = |f: &str| std::fs::read_to_string(base.join(f)).expect("read base");
    // u-plat (now 4 members with e-8) is served by a team of o-1 and o-2; o-1 is conflicted
    // with e-1 and o-2 with e-2, so each alone could visit 3 members but the team only 2.
    std::fs::write(
        variant.join("units.csv"),
        read("units.csv").replace("yanping,machinery,1", "yanping,machinery,2"),
    )
    .expect("write");
    std::fs::write(
        variant.join("enterprises.csv"),
        read("enterprises.csv")
            + "e-8,南平精工机械,26.655,118.165,yanping,machinery,u-plat,,contract,0\n",
    )
    .expect("write");
    std::fs::write(
        variant.join("conflicts.csv"),
        "officer,court,enterprise,reason\no-1,,e-1,test\no-2,,e-2,test\n",
    )
    .expect("write");
    std::fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"team\"\n[data]\nunits = \"units.csv\"\nenterprises = \"enterprises.csv\"\nconflicts = \"conflicts.csv\"\n[rules]\nconflict_scope = \"enterprise\"\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let assignment = dir.path().join("assignment");
    std::fs::create_dir_all(&assignment).expect("mkdir");
    std::fs::write(
        assignment.join("assignment.csv"),
        "officer_id,target_kind,target_id\no-1,platform,u-plat\no-2,platform,u-plat\n",
    )
    .expect("write");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = run(
        &[
            "schedule",
            variant.to_str().expect("utf-8"),
            "--assignment",
            assignment.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    let schedule = std::fs::read_to_string(out.join("schedule.csv")).expect("read");
    assert_eq!(
        schedule.lines().filter(|l| l.contains(",u-plat,")).count(),
        24
    );
    assert!(!stdout.contains("visit(s) short"), "{stdout}");
    let summary = read_summary(&out);
    let shortfalls = summary["schedule"]["shortfalls"]
        .as_array()
        .expect("shortfalls");
    assert_eq!(shortfalls.len(), 8, "{shortfalls:?}");
    for f in shortfalls {
        assert_eq!(f["rule"], "too_few_eligible_members", "{f}");
        assert_eq!(f["visits_short"], 0, "{f}");
        assert_eq!(f["stops_short"], 3, "{f}");
    }
}

#[test]
fn a_plan_asked_for_a_looser_gap_records_it_and_check_agrees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let sc = scenario("adversarial/boundary-shares");
    let (code, stdout, stderr) = plan(&sc, &out, &["--mip-gap", "0.05", "--time-limit", "20"]);
    assert!(code == 0 || code == 3, "{stdout}{stderr}");
    let summary = read_summary(&out);
    assert_eq!(summary["mip_gap"], 0.05);
    let (code, stdout) = check(&sc, &out);
    assert!(!stdout.contains("violation:"), "{stdout}");
    assert_eq!(code, if summary["targets_met"] == true { 0 } else { 3 });
}

#[test]
fn reruns_with_a_node_limit_write_byte_identical_plans() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = scenario("nanping-2024");
    let outs: Vec<std::path::PathBuf> = (0..2).map(|k| dir.path().join(format!("p{k}"))).collect();
    for out in &outs {
        let (code, stdout, stderr) = plan(&sc, out, &["--node-limit", "1000"]);
        assert_eq!(code, 0, "{stdout}{stderr}");
    }
    for f in ["assignment.csv", "schedule.csv", "coverage.csv"] {
        let a = std::fs::read(outs[0].join(f)).expect("read");
        let b = std::fs::read(outs[1].join(f)).expect("read");
        assert!(a == b, "{f} differs between reruns");
    }
    let strip = |p: &std::path::Path| {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("summary.json")).expect("read"))
                .expect("json");
        v.as_object_mut().expect("object").remove("timings_s");
        v
    };
    assert_eq!(strip(&outs[0]), strip(&outs[1]));
}

#[test]
fn a_diagnosis_never_claims_officers_enough_whose_trips_cannot_be_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let sc = scenario("adversarial/no-shared-trips");
    let (code, stdout, stderr) = plan(&sc, &out, &[]);
    assert_eq!(code, 3, "{stdout}{stderr}");
    let summary = read_summary(&out);
    // Two of eight enterprises fit the officer's slots; "no additional officer" is false.
    assert_eq!(summary["targets"]["enterprises"]["achieved"], 2);
    let add = &summary["diagnosis"]["additional_officers"];
    assert!(
        add.is_null() || add.as_object().is_some_and(|m| !m.is_empty()),
        "{add}"
    );
    let (code, stdout) = check(&sc, &out);
    assert_eq!(code, 3, "{stdout}");
    assert!(!stdout.contains("violation:"), "{stdout}");
}

#[test]
fn names_a_spreadsheet_would_run_are_written_safely_and_read_back_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let variant = dir.path().join("scenario");
    std::fs::create_dir_all(&variant).expect("mkdir");
    let officers = std::fs::read_to_string(scenario("invalid/base/officers.csv"))
        .expect("read")
        .replace(
            "o-1,陈建华,",
            "o-1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",",
        );
    let enterprises = std::fs::read_to_string(scenario("invalid/base/enterprises.csv"))
        .expect("read")
        .replacen("e-1,南平铝业有限公司,", "e-1,-1+2 公司,", 1);
    std::fs::write(variant.join("officers.csv"), officers).expect("write");
    std::fs::write(variant.join("enterprises.csv"), enterprises).expect("write");
    std::fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"formula names\"\n[data]\nofficers = \"officers.csv\"\nenterprises = \"enterprises.csv\"\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = plan(&variant, &out, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let assignment = std::fs::read_to_string(out.join("assignment.csv")).expect("read");
    assert!(assignment.contains("\"'=HYPERLINK("), "{assignment}");
    let coverage = std::fs::read_to_string(out.join("coverage.csv")).expect("read");
    assert!(coverage.contains("e-1,'-1+2 公司,"), "{coverage}");
    let (code, stdout) = check(&variant, &out);
    assert_eq!(code, 0, "{stdout}");
}
