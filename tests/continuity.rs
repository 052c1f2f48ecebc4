//! Continuity across years: several previous targets per officer, `tepai plan --previous DIR`
//! (last year's plan as this year's previous targets, recorded in `previous.csv`), the
//! `continuity` figures of `summary.json` and their check, and a chain of years.
use std::path::{Path, PathBuf};

use crate::{run, scenario};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn summary(out: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("JSON")
}

/// A scenario extending `invalid/base` for `year`, with `officers` as its officers table.
fn year_of_base(dir: &Path, year: i32, officers: &str) -> PathBuf {
    let d = dir.join(format!("y{year}"));
    std::fs::create_dir_all(&d).expect("mkdir");
    let base = scenario("invalid/base/scenario.toml");
    std::fs::write(
        d.join("scenario.toml"),
        format!(
            "extends = {:?}\nname = \"Base {year}\"\nyear = {year}\n\n[data]\nofficers = \"officers.csv\"\nunavailable = \"unavailable.csv\"\n",
            s(&base)
        ),
    )
    .expect("write");
    std::fs::write(d.join("officers.csv"), officers).expect("write");
    std::fs::write(d.join("unavailable.csv"), "officer,from,to\n").expect("write");
    d
}

const OFFICERS: &str = "id,name,court,rank,specialties,days_per_quarter\n\
o-1,陈建华,c-np,judge,contract;labor,12\n\
o-2,林晓燕,c-np,assistant,ip,10\n\
o-3,黄志明,c-jo,judge,finance;corporate;trade,14\n\
o-4,吴丽,c-jo,judge,environment,12\n";

/// The (officer, target) pairs of a plan's `assignment.csv`.
fn pairs(out: &Path) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_path(out.join("assignment.csv")).expect("assignment.csv");
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            (rec[0].to_owned(), rec[4].to_owned())
        })
        .collect()
}

fn plan_and_check(scenario: &Path, out: &Path, previous: Option<&Path>) -> (String, String) {
    let mut args = vec!["plan", s(scenario), "--out", s(out)];
    if let Some(p) = previous {
        args.extend(["--previous", s(p)]);
    }
    let (code, stdout, stderr) = run(&args, None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, check, _) = run(&["check", s(scenario), "--plan", s(out)], None);
    assert_eq!(code, 0, "{check}");
    (stdout, stderr)
}

#[test]
fn a_chain_of_years_keeps_last_years_pairs_and_every_plan_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let years: Vec<PathBuf> = (2024..=2026)
        .map(|y| year_of_base(dir.path(), y, OFFICERS))
        .collect();
    let outs: Vec<PathBuf> = (2024..=2026)
        .map(|y| dir.path().join(format!("out-{y}")))
        .collect();
    plan_and_check(&years[0], &outs[0], None);
    assert_eq!(summary(&outs[0])["continuity"]["previous"], 0);
    assert!(!outs[0].join("previous.csv").exists());
    for i in 1..years.len() {
        let (stdout, _) = plan_and_check(&years[i], &outs[i], Some(&outs[i - 1]));
        let last = pairs(&outs[i - 1]);
        let now = pairs(&outs[i]);
        let kept = last.iter().filter(|p| now.contains(p)).count();
        let c = &summary(&outs[i])["continuity"];
        assert_eq!(c["previous"], last.len(), "{c}");
        assert_eq!(c["kept"], kept, "{c}");
        // The same region and officers: last year's plan is still the best, and kept whole.
        assert_eq!(kept, last.len(), "{last:?} → {now:?}");
        assert!(
            stdout.contains(&format!(
                "continuity: {kept} of last year's {} assignments kept",
                last.len()
            )),
            "{stdout}"
        );
        let recorded = std::fs::read_to_string(outs[i].join("previous.csv")).expect("previous.csv");
        assert!(
            recorded
                .starts_with("\u{feff}officer_id,target_kind,target_id,officer_name,target_name\n"),
            "{recorded}"
        );
        assert_eq!(recorded.lines().count(), 1 + last.len(), "{recorded}");
    }
}

#[test]
fn previous_drops_officers_and_targets_gone_with_a_warning_and_reads_excel_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let y = year_of_base(dir.path(), 2025, OFFICERS);
    // Last year's plan as Excel saves it on a Chinese Windows: GBK, CRLF, only some columns.
    let last = dir.path().join("last");
    std::fs::create_dir_all(&last).expect("mkdir");
    let text = "officer_id,officer_name,target_kind,target_id\r\n\
o-1,陈建华,platform,u-plat\r\n\
o-9,离职人员,chamber,u-tea\r\n\
o-3,黄志明,enterprise,e-99\r\n\
o-3,黄志明,enterprise,e-6\r\n\
o-3,黄志明,enterprise,e-6\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(last.join("assignment.csv"), &gbk).expect("write");
    let out = dir.path().join("out");
    let (_, stderr) = plan_and_check(&y, &out, Some(&last));
    assert!(
        stderr.contains("2 pairs name an officer or target the scenario no longer has")
            && stderr.contains("o-9 → u-tea, o-3 → e-99"),
        "{stderr}"
    );
    assert_eq!(summary(&out)["continuity"]["previous"], 2);
    let recorded = std::fs::read_to_string(out.join("previous.csv")).expect("previous.csv");
    assert!(recorded.contains("o-1,platform,u-plat,") && recorded.contains("o-3,enterprise,e-6,"));
    // The scenario's own previous_target column gives way to --previous, with a warning.
    let out2 = dir.path().join("out2");
    let (code, _, stderr) = run(
        &[
            "plan",
            s(&scenario("invalid/base")),
            "--out",
            s(&out2),
            "--previous",
            s(&last),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the scenario's 2 previous_target ids are not used"),
        "{stderr}"
    );
    // A folder without assignment.csv is bad input.
    let (code, _, stderr) = run(
        &[
            "plan",
            s(&y),
            "--out",
            s(&dir.path().join("out3")),
            "--previous",
            s(dir.path()),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("assignment.csv"), "{stderr}");
}

#[test]
fn several_previous_targets_count_each_and_check_re_derives_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let officers = "id,name,court,rank,specialties,days_per_quarter,previous_target\n\
o-1,陈建华,c-np,judge,contract;labor,12,u-plat\n\
o-2,林晓燕,c-np,assistant,ip,10,e-7\n\
o-3,黄志明,c-jo,judge,finance;corporate;trade,14,e-4；e-5、e-6，u-tea\n\
o-4,吴丽,c-jo,judge,environment,12,\n";
    let y = year_of_base(dir.path(), 2024, officers);
    let out = dir.path().join("out");
    plan_and_check(&y, &out, None);
    let sum = summary(&out);
    let c = &sum["continuity"];
    assert_eq!(c["previous"], 6, "{c}");
    let now = pairs(&out);
    let previous = [
        ("o-1", "u-plat"),
        ("o-2", "e-7"),
        ("o-3", "e-4"),
        ("o-3", "e-5"),
        ("o-3", "e-6"),
        ("o-3", "u-tea"),
    ];
    let kept = previous
        .iter()
        .filter(|(o, t)| now.contains(&((*o).to_owned(), (*t).to_owned())))
        .count();
    assert_eq!(c["kept"], kept, "{c} {now:?}");
    // The change part: the weight (2) per previous target not kept.
    let change = sum["objective"]["change"].as_f64().expect("number");
    assert!((change - 2.0 * (6 - kept) as f64).abs() < 1e-9, "{change}");
    // A false figure is found.
    let text = std::fs::read_to_string(out.join("summary.json")).expect("read");
    let wrong = text.replace(
        &format!("\"kept\": {kept}"),
        &format!("\"kept\": {}", kept + 1),
    );
    assert_ne!(text, wrong);
    std::fs::write(out.join("summary.json"), wrong).expect("write");
    let (code, report, _) = run(&["check", s(&y), "--plan", s(&out)], None);
    assert_eq!(code, 3, "{report}");
    assert!(report.contains("continuity.kept"), "{report}");
}

#[test]
fn an_unknown_id_among_several_previous_targets_is_e114() {
    let dir = tempfile::tempdir().expect("tempdir");
    let officers = "id,name,court,rank,specialties,days_per_quarter,previous_target\n\
o-1,陈建华,c-np,judge,contract;labor,12,u-plat;e-404\n\
o-2,林晓燕,c-np,assistant,ip,10,\n\
o-3,黄志明,c-jo,judge,finance;corporate;trade,14,\n\
o-4,吴丽,c-jo,judge,environment,12,\n";
    let y = year_of_base(dir.path(), 2024, officers);
    let (code, _, stderr) = run(&["validate", s(&y)], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[E114]")
            && stderr.contains("`e-404`")
            && stderr.contains("officers.csv:2"),
        "{stderr}"
    );
}

#[test]
fn check_uses_the_recorded_previous_targets_and_rejects_unknown_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let y = year_of_base(dir.path(), 2025, OFFICERS);
    let last = dir.path().join("last");
    plan_and_check(&year_of_base(dir.path(), 2024, OFFICERS), &last, None);
    let out = dir.path().join("out");
    plan_and_check(&y, &out, Some(&last));
    // previous.csv naming an officer the scenario does not have: the plan is not this
    // scenario's, exit 2.
    let path = out.join("previous.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("o-77,chamber,u-tea,,\n");
    std::fs::write(&path, text).expect("write");
    let (code, _, stderr) = run(&["check", s(&y), "--plan", s(&out)], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("previous.csv") && stderr.contains("o-77"),
        "{stderr}"
    );
}
