//! The `tepai` command line end to end.
use crate::{run, scenario};

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
