//! `--out`: only tepai's own files are replaced, inputs are never touched, a killed run
//! leaves the old or the new complete plan, and every problem with the location is exit 2.
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};

use crate::{run, scenario, tepai};

const BASE: &str = "invalid/base";

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn plan(out: &Path) -> (i32, String, String) {
    run(
        &[
            "plan",
            s(&scenario(BASE)),
            "--out",
            s(out),
            "--time-limit",
            "5",
        ],
        None,
    )
}

/// Every file under `dir`: relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("list") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// Puts a note and a reviewed spreadsheet (in a subfolder) into a plan folder.
fn add_user_files(out: &Path) {
    fs::write(out.join("notes.txt"), "reviewed 2024-03-01\n").expect("note");
    fs::create_dir_all(out.join("review")).expect("subfolder");
    fs::write(
        out.join("review/assignment-审定版.xlsx"),
        b"PK\x03\x04 fake",
    )
    .expect("xlsx");
}

fn assert_user_files(out: &Path) {
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).expect("notes.txt kept"),
        "reviewed 2024-03-01\n"
    );
    assert_eq!(
        fs::read(out.join("review/assignment-审定版.xlsx")).expect("xlsx kept"),
        b"PK\x03\x04 fake"
    );
}

fn check(out: &Path) -> (i32, String, String) {
    run(&["check", s(&scenario(BASE)), "--plan", s(out)], None)
}

#[test]
fn user_files_in_a_plan_folder_survive_every_rerun() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("plan");
    assert_eq!(plan(&out).0, 0);
    add_user_files(&out);
    let (code, o, e) = run(&["assign", s(&scenario(BASE)), "--out", s(&out)], None);
    assert_eq!(code, 0, "{o}{e}");
    assert_user_files(&out);
    assert!(
        !out.join("schedule.csv").exists(),
        "tepai's stale schedule dropped"
    );
    assert!(
        !out.join("calendars").exists(),
        "tepai's stale calendars dropped"
    );
    let (code, o, e) = plan(&out);
    assert_eq!(code, 0, "{o}{e}");
    assert_user_files(&out);
    assert_eq!(check(&out).0, 0);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only the plan and its file list: {names:?}");
}

#[test]
fn a_changed_or_foreign_file_where_tepai_writes_is_refused_before_anything_changes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("plan");
    assert_eq!(plan(&out).0, 0);
    let mut edited = fs::read(out.join("assignment.csv")).expect("read");
    edited.extend_from_slice(b"# hand edit\n");
    fs::write(out.join("assignment.csv"), &edited).expect("edit");
    let before = files(&out);
    let (code, _, err) = plan(&out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("assignment.csv") && err.contains(s(&out)),
        "{err}"
    );
    assert_eq!(files(&out), before);

    // A folder tepai never wrote to, holding a summary.json of its own: a scenario folder.
    let foreign = tmp.path().join("scenario-copy");
    fs::create_dir(&foreign).expect("mkdir");
    for e in fs::read_dir(scenario(BASE)).expect("list") {
        let p = e.expect("entry").path();
        fs::copy(&p, foreign.join(p.file_name().expect("name"))).expect("copy");
    }
    fs::write(foreign.join("summary.json"), "{\"mine\": true}\n").expect("write");
    let before = files(&foreign);
    let (code, _, err) = plan(&foreign);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("summary.json"), "{err}");
    assert_eq!(files(&foreign), before, "nothing of the folder touched");
}

#[test]
fn out_apart_from_every_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("scn");
    fs::create_dir(&dir).expect("mkdir");
    for e in fs::read_dir(scenario(BASE)).expect("list") {
        let p = e.expect("entry").path();
        fs::copy(&p, dir.join(p.file_name().expect("name"))).expect("copy");
    }
    let before = files(tmp.path());
    for out in [
        dir.clone(),
        tmp.path().to_path_buf(),
        dir.join("scenario.toml"),
        dir.join("units.csv"),
    ] {
        let (code, _, err) = run(&["plan", s(&dir), "--out", s(&out)], None);
        assert_eq!(code, 2, "{}: {err}", out.display());
        assert!(err.contains(s(&out)), "{err}");
        assert_eq!(files(tmp.path()), before, "{}", out.display());
    }
    let (code, _, err) = run(&["plan", s(&dir), "--out", s(tmp.path())], None);
    assert!(code == 2 && err.contains(s(&dir)), "{err}");
    // A new folder inside the scenario's folder is fine: no scenario file can be replaced.
    let (code, o, e) = run(&["plan", s(&dir), "--out", s(&dir.join("plan"))], None);
    assert_eq!(code, 0, "{o}{e}");

    // `tepai schedule --assignment DIR --out DIR`.
    let out = tmp.path().join("assigned");
    let (code, o, e) = run(&["assign", s(&dir), "--out", s(&out)], None);
    assert_eq!(code, 0, "{o}{e}");
    let before = files(&out);
    let (code, _, err) = run(
        &[
            "schedule",
            s(&dir),
            "--assignment",
            s(&out),
            "--out",
            s(&out),
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(s(&out)), "{err}");
    assert_eq!(files(&out), before);
}

#[cfg(unix)]
#[test]
fn a_symlinked_out_is_followed_and_stays_a_symlink() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let real = tmp.path().join("real");
    let link = tmp.path().join("link");
    assert_eq!(plan(&real).0, 0);
    add_user_files(&real);
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let (code, o, e) = plan(&link);
    assert_eq!(code, 0, "{o}{e}");
    assert!(fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_user_files(&real);
    assert_eq!(check(&link).0, 0);
}

#[test]
fn generate_keeps_user_files_and_refuses_to_overwrite_an_edited_scenario() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("gen");
    let gen = || run(&["generate", "--preset", "county", "--out", s(&out)], None);
    assert_eq!(gen().0, 0);
    fs::write(out.join("notes.txt"), "mine").expect("note");
    assert_eq!(gen().0, 0);
    assert_eq!(
        fs::read_to_string(out.join("notes.txt")).expect("kept"),
        "mine"
    );
    fs::write(out.join("scenario.toml"), "# edited\n").expect("edit");
    let (code, _, err) = gen();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("scenario.toml"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("scenario.toml")).expect("kept"),
        "# edited\n"
    );
}

/// Running as root (or with capabilities that override permissions).
fn privileged(tmp: &Path) -> bool {
    let d = tmp.join("probe");
    fs::create_dir(&d).expect("mkdir");
    set_mode(&d, 0o500);
    let writes = fs::write(d.join("x"), "x").is_ok();
    set_mode(&d, 0o700);
    writes
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn every_problem_with_the_output_location_is_exit_2_naming_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = scenario(BASE);
    let expect2 = |out: &str, dir: Option<&Path>, reason: &str| {
        let (code, o, e) = run(&["plan", s(&base), "--out", out], dir);
        assert_eq!(code, 2, "--out {out}: {o}{e}");
        assert!(e.contains(out) && e.contains(reason), "--out {out}: {e}");
    };
    // The current folder, and a folder holding it.
    let here = tmp.path().join("here");
    fs::create_dir_all(here.join("inner")).expect("mkdir");
    expect2(".", Some(&here), "current folder");
    expect2("..", Some(&here.join("inner")), "current folder");
    // An existing file.
    let file = tmp.path().join("file.txt");
    fs::write(&file, "x").expect("write");
    expect2(s(&file), None, "is a file");
    assert_eq!(fs::read_to_string(&file).expect("kept"), "x");
    // A read-only plan folder, and a plan to be made in a read-only folder: refused by their
    // permission bits, whoever runs tepai.
    let ro = tmp.path().join("ro");
    assert_eq!(plan(&ro).0, 0);
    set_mode(&ro, 0o555);
    expect2(s(&ro), None, "read-only");
    expect2(s(&ro.join("new")), None, "read-only");
    set_mode(&ro, 0o755);
    // No permission to enter a folder: the system's reason (root is not refused; skipped).
    if privileged(tmp.path()) {
        println!("note: running with privileges that override permissions; the no-permission case is skipped");
    } else {
        let locked = tmp.path().join("locked");
        fs::create_dir(&locked).expect("mkdir");
        set_mode(&locked, 0o000);
        expect2(s(&locked.join("plan")), None, "Permission denied");
        set_mode(&locked, 0o755);
    }
    // A write that fails mid-plan: a real failing write through `prlimit --fsize` (EFBIG,
    // SIGXFSZ ignored); a full disk (ENOSPC) takes the same path, tested in tepai-io with
    // /dev/full.
    let out = tmp.path().join("big");
    assert_eq!(plan(&out).0, 0);
    let before = files(&out);
    let cmd = format!(
        "trap '' XFSZ; exec prlimit --fsize=1500 '{}' plan '{}' --out '{}'",
        env!("CARGO_BIN_EXE_tepai"),
        s(&base),
        s(&out)
    );
    match std::process::Command::new("sh")
        .arg("-c")
        .arg(&cmd)
        .output()
    {
        Ok(o) if o.status.code() != Some(127) => {
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{err}");
            assert!(
                err.contains(s(&out)) && err.contains("File too large"),
                "{err}"
            );
            assert_eq!(files(&out), before, "the old plan stays");
        }
        _ => println!("note: prlimit is not available; the failing-write case is skipped"),
    }
}

#[cfg(unix)]
#[test]
fn a_run_killed_at_any_moment_leaves_a_complete_plan_and_the_user_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("plan");
    let (code, o, e) = plan(&out);
    assert_eq!(code, 0, "{o}{e}");
    add_user_files(&out);
    let wanted: Vec<String> = files(&out).into_keys().collect();
    let start = Instant::now();
    assert_eq!(plan(&out).0, 0);
    let took = start.elapsed();
    let seed: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos() as u64;
    println!("kill moments from seed {seed}, a run takes {took:?}");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let span = took.as_micros() as u64 * 3 / 2 + 1;
    for round in 0..30 {
        let mut child = tepai()
            .args([
                "plan",
                s(&scenario(BASE)),
                "--out",
                s(&out),
                "--time-limit",
                "5",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..span)));
        let _ = child.kill();
        let _ = child.wait();
        let now: Vec<String> = files(&out).into_keys().collect();
        assert_eq!(now, wanted, "round {round} (seed {seed}): every file there");
        assert_user_files(&out);
        let (code, o, e) = check(&out);
        assert_eq!(code, 0, "round {round} (seed {seed}): {o}{e}");
    }
    let (code, o, e) = plan(&out);
    assert_eq!(code, 0, "{o}{e}");
    assert_user_files(&out);
    let left: Vec<PathBuf> = fs::read_dir(tmp.path())
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p != &out && !p.to_string_lossy().ends_with(".tepai-files.json"))
        .collect();
    assert!(left.is_empty(), "leftovers after a normal run: {left:?}");
}
