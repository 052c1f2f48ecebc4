//! `tepai replan` when an officer and a chamber (with its member enterprises) join mid-year:
//! neither is in the baseline; the new officer works only from the re-plan's day, the new
//! chamber is served from then with its duties counted from the period holding the day, and
//! the re-plan passes `tepai check` with the past fixed.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{run, scenario};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// A CSV file as rows of named cells, the byte-order mark dropped.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let headers: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.expect("row").iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Nanping 2024 with officer o-0101 (at the intermediate court) and chamber ch-new-01 (five
/// new member enterprises near the court) added: what joined during the year.
fn joined(dir: &Path) -> PathBuf {
    let to = dir.join("joined");
    std::fs::create_dir_all(&to).expect("mkdir");
    for f in std::fs::read_dir(scenario("nanping-2024")).expect("dir") {
        let f = f.expect("entry").path();
        std::fs::copy(&f, to.join(f.file_name().expect("name"))).expect("copy");
    }
    let append = |name: &str, text: &str| {
        let mut t = std::fs::read_to_string(to.join(name)).expect("read");
        t.push_str(text);
        std::fs::write(to.join(name), t).expect("write");
    };
    append("officers.csv", "o-0101,林新,npzy,judge,corporate,16,\n");
    append(
        "units.csv",
        "ch-new-01,延平区新设商会,chamber,26.64500,118.17000,yanping,food,1\n",
    );
    let mut ents = String::new();
    for i in 1..=5 {
        ents.push_str(&format!(
            "e-9000{i},延平新会员{i}号有限公司,26.64{i}00,118.16{i}00,yanping,food,ch-new-01,,,0\n"
        ));
    }
    append("enterprises.csv", &ents);
    to
}

fn replan(sc: &Path, base: &Path, out: &Path, from: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "replan",
        s(sc),
        "--baseline",
        s(base),
        "--from",
        from,
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    let (code, o, e) = run(&args, None);
    (code, format!("{o}{e}"))
}

fn check(sc: &Path, plan: &Path) {
    let (code, o, e) = run(&["check", s(sc), "--plan", s(plan)], None);
    assert_eq!(code, 0, "{o}{e}");
    assert!(format!("{o}{e}").contains("re-plan from"), "{o}{e}");
}

#[test]
fn an_officer_and_a_chamber_joining_mid_year_are_planned_from_the_day_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("baseline");
    let (code, o, e) = run(
        &[
            "plan",
            s(&scenario("nanping-2024")),
            "--out",
            s(&base),
            "--node-limit",
            "500",
            "-q",
        ],
        None,
    );
    assert!(code == 0 || code == 3, "{o}{e}");
    let sc = joined(dir.path());
    let base_schedule = rows(&base.join("schedule.csv"));

    // Without a pin: the targets are met without them, so the baseline stands as it was
    // (they may serve, they need not).
    let kept = dir.path().join("kept");
    let (code, log) = replan(&sc, &base, &kept, "2024-07-01", &[]);
    assert_eq!(code, 0, "{log}");
    check(&sc, &kept);
    let changes = rows(&kept.join("changes.csv"));
    assert!(
        changes
            .iter()
            .all(|c| c["change"] != "gained" && c["change"] != "lost"),
        "no pair changes: {changes:?}"
    );
    assert_eq!(
        rows(&kept.join("assignment.csv")).len(),
        rows(&base.join("assignment.csv")).len()
    );
    // No change is the least possible, and the assignment MIP proves it.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(kept.join("replan.json")).expect("replan.json"),
    )
    .expect("json");
    assert_eq!(json["fewest_changes_proven"], true, "{json}");
    assert_eq!(json["removed"], serde_json::json!([]), "{json}");
    assert_eq!(json["added"], serde_json::json!([]), "{json}");

    // With the new officer pinned to the new chamber, from 1 July (the first day of Q3).
    let out = dir.path().join("pinned");
    let (code, log) = replan(
        &sc,
        &base,
        &out,
        "2024-07-01",
        &["--pin", "o-0101=ch-new-01"],
    );
    assert_eq!(code, 0, "{log}");
    check(&sc, &out);
    let schedule = rows(&out.join("schedule.csv"));
    let new: Vec<_> = schedule
        .iter()
        .filter(|r| r["officer_id"] == "o-0101" || r["target_id"] == "ch-new-01")
        .collect();
    assert!(!new.is_empty(), "the new officer works");
    for r in &new {
        assert!(r["date"].as_str() >= "2024-07-01", "{r:?} before the day");
        assert_eq!(
            (r["officer_id"].as_str(), r["target_id"].as_str()),
            ("o-0101", "ch-new-01")
        );
    }
    // Its duties count from the day's period: 3 visits in Q3 and 3 in Q4, none before.
    let per_period = |p: &str| new.iter().filter(|r| r["period"] == p).count();
    assert_eq!((per_period("2024-Q3"), per_period("2024-Q4")), (3, 3));
    // The new enterprises are reached through the new chamber.
    let coverage = rows(&out.join("coverage.csv"));
    for r in coverage
        .iter()
        .filter(|r| r["enterprise_id"].starts_with("e-9000"))
    {
        assert_eq!(r["officer_ids"], "o-0101", "{r:?}");
        assert!(
            r["visits_in_year"].parse::<u32>().expect("count") >= 1,
            "{r:?}"
        );
    }
    // Only the new officer's pairs change; the past is the baseline's, row for row.
    let changes = rows(&out.join("changes.csv"));
    let officers: std::collections::BTreeSet<&str> = changes
        .iter()
        .filter(|c| c["change"] == "gained" || c["change"] == "lost")
        .map(|c| c["officer_id"].as_str())
        .collect();
    assert_eq!(officers.into_iter().collect::<Vec<_>>(), ["o-0101"]);
    for c in &changes {
        for d in [&c["date_before"], &c["date_after"]] {
            assert!(d.is_empty() || d.as_str() >= "2024-07-01", "{c:?}");
        }
    }
    let before = |rs: &[BTreeMap<String, String>]| -> Vec<String> {
        rs.iter()
            .filter(|r| r["date"].as_str() < "2024-07-01")
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r["date"], r["officer_id"], r["target_id"], r["enterprise_ids"]
                )
            })
            .collect()
    };
    assert_eq!(before(&schedule), before(&base_schedule));

    // From 15 August, mid-Q3: Q3's whole duty is owed on its remaining days (three visits
    // 14 days apart fit before 30 September), nothing before the day.
    let mid = dir.path().join("mid");
    let (code, log) = replan(
        &sc,
        &base,
        &mid,
        "2024-08-15",
        &["--pin", "o-0101=ch-new-01"],
    );
    assert_eq!(code, 0, "{log}");
    check(&sc, &mid);
    let schedule = rows(&mid.join("schedule.csv"));
    let new: Vec<_> = schedule
        .iter()
        .filter(|r| r["target_id"] == "ch-new-01")
        .collect();
    assert!(
        new.iter().all(|r| r["date"].as_str() >= "2024-08-15"),
        "{new:?}"
    );
    let q3 = new.iter().filter(|r| r["period"] == "2024-Q3").count();
    assert_eq!(q3, 3, "{new:?}");
}
