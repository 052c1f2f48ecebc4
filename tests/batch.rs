//! `tepai batch`: many scenarios in one run, in parallel, one comparison table; a scenario
//! that cannot be read never stops the others, and every plan it writes passes `tepai check`.
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::{root, run};

/// `batch.csv` as (header, rows), the byte-order mark removed.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).expect("batch.csv");
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    crate::read_table(path)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let c = header.iter().position(|h| h == name).expect(name);
    rows.iter().map(|r| r[c].as_str()).collect()
}

#[test]
fn a_batch_plans_every_scenario_and_a_broken_one_stops_none() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("batch");
    let out_arg = out.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(
        &[
            "batch",
            "scenarios/adversarial/teams-clean",
            "scenarios/adversarial/far-platform/scenario.toml",
            "scenarios/invalid/e001_missing_data_file",
            "scenarios/invalid/nothing-here-*",
            "scenarios/adversarial/teams-clean",
            "--jobs",
            "2",
            "--out",
            out_arg,
        ],
        Some(&root()),
    );
    assert_eq!(
        code, 2,
        "a scenario that cannot be read: exit 2\n{stdout}{stderr}"
    );
    assert!(
        stderr.contains("error[E001]"),
        "its findings are printed: {stderr}"
    );
    assert!(stdout.contains("teams-clean"), "{stdout}");

    let (header, rows) = read_csv(&out.join("batch.csv"));
    assert_eq!(
        column(&header, &rows, "path"),
        [
            "scenarios/adversarial/teams-clean",
            "scenarios/adversarial/far-platform/scenario.toml",
            "scenarios/invalid/e001_missing_data_file",
            "scenarios/invalid/nothing-here-*",
        ],
        "in the order given, each scenario once"
    );
    assert_eq!(
        column(&header, &rows, "outcome"),
        ["ok", "short", "bad_input", "bad_input"]
    );
    assert_eq!(
        column(&header, &rows, "plan_dir"),
        ["teams-clean", "far-platform", "", ""]
    );
    assert_eq!(
        column(&header, &rows, "error")[3],
        "the pattern matches nothing"
    );
    // The figures are the plan's own: they agree with its summary.json.
    for (dir, (achieved, required)) in [("teams-clean", 0), ("far-platform", 1)].map(|(d, i)| {
        (
            d,
            (
                column(&header, &rows, "platforms_achieved")[i].to_owned(),
                column(&header, &rows, "platforms_required")[i].to_owned(),
            ),
        )
    }) {
        let summary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(dir).join("summary.json")).expect("summary.json"),
        )
        .expect("json");
        let t = &summary["targets"]["platforms"];
        assert_eq!(t["achieved"].to_string(), achieved, "{dir}");
        assert_eq!(t["required"].to_string(), required, "{dir}");
        // Every plan written passes the independent check (exit 3 only for short targets).
        let plan = out.join(dir);
        let scenario = format!("scenarios/adversarial/{dir}");
        let (code, o, e) = run(
            &["check", &scenario, "--plan", plan.to_str().expect("utf-8")],
            Some(&root()),
        );
        let expected = if dir == "teams-clean" { 0 } else { 3 };
        assert_eq!(code, expected, "{dir}: {o}{e}");
    }

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).expect("batch.json"))
            .expect("json");
    let scenarios = json["scenarios"].as_array().expect("an array");
    assert_eq!(scenarios.len(), 4);
    assert_eq!(scenarios[1]["outcome"], "short");
    assert_eq!(scenarios[0]["figures"]["status"], "optimal");

    let mut book: Xlsx<_> = open_workbook(out.join("batch.xlsx")).expect("batch.xlsx opens");
    let sheet = book
        .worksheet_range("对比")
        .expect("a Chinese comparison sheet");
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("场景".into())));
    assert_eq!(sheet.get((2, 2)), Some(&Data::String("未达标".into())));
    let c = header
        .iter()
        .position(|h| h == "platforms_required")
        .expect("column");
    assert!(
        matches!(sheet.get((1, c)), Some(Data::Float(_))),
        "numbers are numbers: {:?}",
        sheet.get((1, c))
    );
}

#[test]
fn a_batch_exits_3_when_a_target_is_short_and_0_when_all_are_met() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (scenarios, expected) in [
        (
            vec![
                "scenarios/adversarial/teams-clean",
                "scenarios/adversarial/far-platform",
            ],
            3,
        ),
        (
            vec![
                "scenarios/adversarial/teams-clean",
                "scenarios/adversarial/teams-conflicts",
            ],
            0,
        ),
    ] {
        let out = tmp.path().join(format!("b{expected}"));
        let mut args = vec!["batch", "--quiet", "--out", out.to_str().expect("utf-8")];
        args.extend(&scenarios);
        let (code, stdout, stderr) = run(&args, Some(&root()));
        assert_eq!(code, expected, "{scenarios:?}\n{stdout}{stderr}");
        assert!(stdout.is_empty(), "--quiet: {stdout}");
    }
}

#[test]
fn a_glob_is_expanded_in_name_order_and_an_empty_folder_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    let (code, stdout, stderr) = run(
        &[
            "--lang",
            "zh",
            "batch",
            "scenarios/adversarial/year-20*-monthly",
            "--json",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        Some(&root()),
    );
    assert!(code == 0 || code == 3, "{stdout}{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("--json prints the rows");
    let paths: Vec<&str> = json["scenarios"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "scenarios/adversarial/year-2025-monthly",
            "scenarios/adversarial/year-2026-monthly"
        ]
    );
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let (code, _, stderr) = run(
        &[
            "batch",
            empty.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("holds no scenario"), "{stderr}");
}

#[test]
fn jobs_emitted_for_another_engine_run_one_by_one_and_collect_into_one_table() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("run 1");
    let jobs = tmp.path().join("jobs.txt");
    let (code, stdout, stderr) = run(
        &[
            "batch",
            "scenarios/adversarial/teams-clean",
            "scenarios/adversarial/far-platform",
            "--node-limit",
            "500",
            "--emit-jobs",
            jobs.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        Some(&root()),
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!out.join("parts").exists(), "emitting plans nothing");
    assert!(
        out.join("batch-jobs.txt").is_file(),
        "what --collect expects"
    );
    let lines: Vec<String> = std::fs::read_to_string(&jobs)
        .expect("jobs.txt")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("--node-limit 500"), "{}", lines[0]);
    // Each line is one array task: run by a POSIX shell from the same working directory.
    for line in &lines {
        let done = std::process::Command::new("sh")
            .args(["-c", line])
            .current_dir(root())
            .env("LANG", "C.UTF-8")
            .output()
            .expect("sh runs");
        assert!(
            matches!(done.status.code(), Some(0 | 3)),
            "{line}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let (code, stdout, stderr) = run(&["batch", "--collect", out.to_str().expect("utf-8")], None);
    assert_eq!(code, 3, "far-platform is short\n{stdout}{stderr}");
    let (header, rows) = read_csv(&out.join("batch.csv"));
    assert_eq!(column(&header, &rows, "outcome"), ["ok", "short"]);
    assert_eq!(
        column(&header, &rows, "plan_dir"),
        [
            "parts/001-teams-clean/teams-clean",
            "parts/002-far-platform/far-platform"
        ]
    );
    for dir in column(&header, &rows, "plan_dir") {
        assert!(out.join(dir).join("summary.json").is_file(), "{dir}");
    }
    let (code, _, stderr) = run(
        &["batch", "--collect", tmp.path().to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 2, "nothing to collect: {stderr}");
    // Emitting again into the same --out would mix two runs' parts: refused.
    let (code, _, stderr) = run(
        &[
            "batch",
            "scenarios/adversarial/teams-clean",
            "--emit-jobs",
            jobs.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        Some(&root()),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("earlier run"), "{stderr}");
    // A job that never ran is a row of its own, not a silent gap.
    std::fs::remove_dir_all(out.join("parts/002-far-platform")).expect("rm");
    let (code, _, stderr) = run(&["batch", "--collect", out.to_str().expect("utf-8")], None);
    assert_eq!(code, 1, "{stderr}");
    let (header, rows) = read_csv(&out.join("batch.csv"));
    assert_eq!(column(&header, &rows, "outcome"), ["ok", "failed"]);
    assert!(column(&header, &rows, "error")[1].contains("did not finish"));
}

#[test]
fn a_short_scenario_says_how_many_more_officers_would_close_its_gaps() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("b");
    let (code, stdout, stderr) = run(
        &[
            "batch",
            "scenarios/what-if/nanping-2024-3-officers",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        Some(&root()),
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    let (header, rows) = read_csv(&out.join("batch.csv"));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("nanping-2024-3-officers/summary.json"))
            .expect("summary"),
    )
    .expect("json");
    let per_court = summary["diagnosis"]["additional_officers"]
        .as_object()
        .expect("the diagnosis found officers enough");
    let total: u64 = per_court.values().map(|v| v.as_u64().expect("count")).sum();
    assert!(total > 0);
    assert_eq!(
        column(&header, &rows, "additional_officers"),
        [total.to_string().as_str()]
    );
    assert!(stdout.contains(&format!("3/3 (+{total})")), "{stdout}");
}
