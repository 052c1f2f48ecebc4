//! The `tepai` command line end to end.
use crate::{run, scenario, tepai};

#[test]
fn validate_accepts_a_valid_scenario_with_exit_0() {
    let (code, out, err) = run(
        &[
            "validate",
            scenario("invalid/base").to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("officers"), "{out}");
    assert!(out.contains("rough capacity check: ok"), "{out}");
}

#[test]
fn validate_rejects_an_invalid_scenario_with_exit_2_and_every_code() {
    let (code, _, err) = run(
        &[
            "validate",
            scenario("invalid/multiple_errors").to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    for c in ["E101", "E110", "E204", "E209", "E301"] {
        assert!(
            err.contains(&format!("error[{c}]")),
            "{c} missing from:\n{err}"
        );
    }
}

#[test]
fn generate_rejects_an_unknown_preset_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x");
    let (code, _, err) = run(
        &[
            "generate",
            "--preset",
            "atlantis",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nanping-2024"), "{err}");
}

#[test]
fn help_lists_the_subcommands() {
    let (code, out, _) = run(&["--help"], None);
    assert_eq!(code, 0);
    assert!(
        out.contains("validate") && out.contains("generate"),
        "{out}"
    );
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly_with_its_own_exit_code() {
    for (args, want) in [
        (vec!["validate", "scenarios/nanping-2024"], 0),
        (
            vec!["validate", "scenarios/invalid/e101_duplicate_officer_id"],
            2,
        ),
    ] {
        let mut child = crate::tepai()
            .args(&args)
            .current_dir(crate::root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("tepai starts");
        // The reader goes away before tepai writes anything.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().expect("tepai ends");
        assert_eq!(status.code(), Some(want), "{args:?}");
    }
}

#[test]
fn a_pipe_or_device_named_as_a_data_file_is_an_error_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("courts.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for data in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let scenario = dir.path().join("scenario.toml");
        std::fs::write(
            &scenario,
            format!(
                "extends = \"{}\"\n[data]\ncourts = \"{}\"\n",
                crate::scenario("invalid/base/scenario.toml").display(),
                data.display()
            ),
        )
        .expect("write");
        let mut child = crate::tepai()
            .args(["validate", scenario.to_str().expect("utf-8")])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("tepai starts");
        let start = std::time::Instant::now();
        while child.try_wait().expect("poll").is_none() {
            if start.elapsed() > std::time::Duration::from_secs(20) {
                child.kill().expect("kill");
                panic!("tepai waited on {}", data.display());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let out = child.wait_with_output().expect("output");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains("E001") && err.contains("not a regular file"),
            "{err}"
        );
    }
}

/// Plans Nanping 2024 with extra arguments; returns (exit code, stdout, stderr, plan folder).
fn plan_nanping(extra: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let mut args = vec![
        "plan".to_owned(),
        scenario("nanping-2024").to_str().expect("utf-8").to_owned(),
        "--out".to_owned(),
        out.to_str().expect("utf-8").to_owned(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run(&args, None);
    (code, stdout, stderr, dir)
}

#[test]
fn the_terminal_speaks_the_planners_words_and_keeps_solver_figures_for_verbose() {
    let (code, stdout, stderr, dir) = plan_nanping(&[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plan/summary.json")).expect("summary"),
    )
    .expect("json");
    let gap = summary["gap"].as_f64().expect("gap");
    assert!(
        stdout.contains("Nanping 2024 (2024): every target met"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "quality: Proven within {:.2}% of the best possible plan.",
            gap * 100.0
        )),
        "{stdout}"
    );
    let trips = summary["schedule"]["trips"].as_u64().expect("trips");
    assert!(
        stdout.contains(&format!("visits: {trips} trips in the year")),
        "{stdout}"
    );
    for internal in ["objective", "heuristic", "LP", "MIP", "candidate pairs"] {
        assert!(!stdout.contains(internal), "{internal} shown:\n{stdout}");
    }
    // Piped, a run shows no progress: standard error stays empty.
    assert_eq!(stderr, "");

    let (code, verbose, _, _) = plan_nanping(&["--verbose"]);
    assert_eq!(code, 0);
    assert!(verbose.starts_with(&stdout[..stdout.find("wrote").expect("wrote")]));
    for internal in ["objective", "heuristic", "MIP", "candidate pairs"] {
        assert!(verbose.contains(internal), "{internal} missing:\n{verbose}");
    }
}

#[test]
fn lang_zh_and_a_chinese_locale_speak_chinese_errors_included() {
    let (code, stdout, _, _) = plan_nanping(&["--lang", "zh"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Nanping 2024（2024 年）：全部目标达成"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  质量：已证明与最优可能方案相差不超过 "),
        "{stdout}"
    );
    assert!(stdout.contains("已写入 "), "{stdout}");

    let bad = scenario("invalid/e101_duplicate_officer_id");
    let out = tepai()
        .args(["validate", bad.to_str().expect("utf-8")])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("错误[E101] ")
            && stderr.contains("第 6 行（id = \"o-1\"）：特派员编号重复"),
        "{stderr}"
    );
    assert!(stderr.contains("处理：每行使用各自的编号"), "{stderr}");
    assert!(stderr.contains("1 个错误，0 个警告"), "{stderr}");
    // --lang wins over the locale, and English is the same as before.
    let out = tepai()
        .args(["validate", bad.to_str().expect("utf-8"), "--lang", "en"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[E101] "), "{stderr}");
    assert!(stderr.contains(": 1 errors, 0 warnings"), "{stderr}");
}

#[test]
fn json_prints_the_summary_and_quiet_prints_nothing() {
    let (code, stdout, stderr, dir) = plan_nanping(&["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    let written: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("plan/summary.json")).expect("summary"),
    )
    .expect("json");
    assert_eq!(printed, written);

    let (code, stdout, stderr, dir) = plan_nanping(&["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    assert!(dir.path().join("plan/summary.json").is_file());

    let (code, _, stderr, _) = plan_nanping(&["--quiet", "--verbose"]);
    assert_eq!(code, 2, "conflicting options are refused: {stderr}");
}
