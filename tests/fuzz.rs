//! Fuzzing the readers of everything a user feeds tepai: the scenario TOML, each CSV table,
//! and (through the CLI) a plan read back by `tepai check`.
//!
//! Inputs are the valid files of `scenarios/invalid/base` mutated a few edits at a time
//! (bytes flipped, cut, repeated, or replaced by tokens that have broken parsers before:
//! quotes, separators, huge or non-finite numbers, extreme dates, bytes that are not UTF-8),
//! and plain random bytes. The properties: loading returns `Ok` or `Err(diagnostics)` without
//! panicking or hanging; `tepai check` exits 0, 2 or 3 within its timeout, never 101 or by a
//! signal. `TEPAI_FUZZ_CASES=N` runs N cases per target instead of the default (see
//! docs/testing.md); inputs that once failed are kept as named regression tests below.
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::{scenario, tepai};

/// Cases per target: `TEPAI_FUZZ_CASES`, or `default`.
fn cases(default: u32) -> u32 {
    std::env::var("TEPAI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Longest a load or a `tepai check` may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Text that has broken parsers: separators, quotes, line ends, numbers at and past every
/// limit, dates at chrono's edges, a byte-order mark, bytes that are not UTF-8.
const TOKENS: &[&[u8]] = &[
    b",",
    b"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b";",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\0",
    b"-1",
    b"0",
    b"-0",
    b"1e308",
    b"-1e308",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"4294967296",
    b"18446744073709551616",
    b"99999999999999999999999",
    b"0.0000001",
    b"9999-12-31",
    b"+262143-12-31",
    b"-262144-01-01",
    b"2024-02-30",
    b"0000-00-00",
    b"=",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"'''",
    b"\"\"\"",
    b"extends = \"/dev/zero\"",
    b"extends = \".\"",
    b"x = 1",
    b"period = \"month\"",
    b"\xe6\xb3\x95",
    b"   ",
    b"\t",
    b"a;b;;c",
    b"BEGIN:VEVENT",
    b"END:VCALENDAR",
    b"DTSTART:20240101T083000",
    b"DTSTART;VALUE=DATE:99991231",
];

/// One edit of a file's bytes.
#[derive(Debug, Clone)]
enum Edit {
    /// Sets the byte at (position mod length).
    Flip(usize, u8),
    /// Inserts `TOKENS[token]` at the position.
    Insert(usize, usize),
    /// Removes up to `n` bytes from the position.
    Cut(usize, usize),
    /// Repeats the line holding the position `n` times.
    Repeat(usize, usize),
    /// Keeps only the bytes before the position.
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Flip(p, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Insert(p, t)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Edit::Cut(p, n)),
        (any::<usize>(), 1usize..4).prop_map(|(p, n)| Edit::Repeat(p, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// A file's bytes after a few edits, or random bytes.
#[derive(Debug, Clone)]
enum Input {
    Edited(Vec<Edit>),
    Random(Vec<u8>),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        4 => prop::collection::vec(edit(), 1..6).prop_map(Input::Edited),
        1 => prop::collection::vec(any::<u8>(), 0..400).prop_map(Input::Random),
    ]
}

fn apply(base: &[u8], input: &Input) -> Vec<u8> {
    let edits = match input {
        Input::Random(bytes) => return bytes.clone(),
        Input::Edited(edits) => edits,
    };
    let mut b = base.to_vec();
    for e in edits {
        let at = |p: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { p % (b.len() + 1) };
        match *e {
            Edit::Flip(p, byte) => {
                if !b.is_empty() {
                    let i = p % b.len();
                    b[i] = byte;
                }
            }
            Edit::Insert(p, t) => {
                let i = at(p, &b);
                b.splice(i..i, TOKENS[t].iter().copied());
            }
            Edit::Cut(p, n) => {
                let i = at(p, &b);
                let end = (i + n).min(b.len());
                b.drain(i..end);
            }
            Edit::Repeat(p, n) => {
                let i = at(p, &b).min(b.len());
                let start = b[..i]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(0, |s| s + 1);
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |e| i + e + 1);
                let line = b[start..end].to_vec();
                for _ in 0..n {
                    b.splice(end..end, line.iter().copied());
                }
            }
            Edit::Truncate(p) => {
                let i = at(p, &b);
                b.truncate(i);
            }
        }
    }
    b
}

/// A copy of `invalid/base` (plus a travel matrix) in a fresh directory.
fn base_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(scenario("invalid/base")).expect("base") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(dir.path().join("travel.csv"), TRAVEL).expect("write");
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).expect("read");
    let toml = toml.replace("[data]\n", "[data]\ntravel = \"travel.csv\"\n");
    std::fs::write(dir.path().join("scenario.toml"), toml).expect("write");
    dir
}

const TRAVEL: &str = "from,to,minutes\nc-np,u-plat,30\nu-plat,c-np,31.5\nc-jo,e-7,0\n";

/// Loads `dir` on another thread: a panic or a load longer than [`TIMEOUT`] is an error.
fn load_survives(dir: &Path) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let path = dir.to_path_buf();
    std::thread::spawn(move || {
        let result = tepai_model::load(&path).map(|_| ()).map_err(|d| {
            // Every error names its file.
            d.errors().all(|e| e.file.is_some())
        });
        let _ = tx.send(result);
    });
    match rx.recv_timeout(TIMEOUT) {
        Ok(Ok(())) | Ok(Err(true)) => Ok(()),
        Ok(Err(false)) => Err(TestCaseError::fail("an error names no file")),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail("load hangs")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TestCaseError::fail("load panicked")),
    }
}

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: cases(default_cases),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Fuzzes the file `name` of a base copy with [`load`](tepai_model::load).
fn fuzz_model_file(name: &str, default_cases: u32) {
    let dir = base_copy();
    let file = dir.path().join(name);
    let base = std::fs::read(&file).expect("read");
    runner(default_cases)
        .run(&input(), |inp| {
            std::fs::write(&file, apply(&base, &inp)).expect("write");
            load_survives(dir.path())
        })
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

#[test]
fn fuzz_scenario_toml() {
    fuzz_model_file("scenario.toml", 400);
}

#[test]
fn fuzz_courts_csv() {
    fuzz_model_file("courts.csv", 256);
}

#[test]
fn fuzz_officers_csv() {
    fuzz_model_file("officers.csv", 256);
}

#[test]
fn fuzz_units_csv() {
    fuzz_model_file("units.csv", 256);
}

#[test]
fn fuzz_enterprises_csv() {
    fuzz_model_file("enterprises.csv", 256);
}

#[test]
fn fuzz_conflicts_csv() {
    fuzz_model_file("conflicts.csv", 256);
}

#[test]
fn fuzz_unavailable_csv() {
    fuzz_model_file("unavailable.csv", 256);
}

#[test]
fn fuzz_travel_csv() {
    fuzz_model_file("travel.csv", 256);
}

/// A plan of `invalid/base`, written once.
fn base_plan() -> &'static Path {
    static PLAN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &PLAN
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let out = dir.path().join("plan");
            let status = tepai()
                .args(["plan", scenario("invalid/base").to_str().expect("utf-8")])
                .arg("--out")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("tepai runs");
            assert_eq!(status.code(), Some(0), "the base plans");
            (dir, out)
        })
        .1
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Runs `tepai check` of `invalid/base` on `plan`: the exit code, or an error for a panic
/// (101), a signal or a hang.
fn check_exit(plan: &Path) -> Result<i32, String> {
    let mut child = tepai()
        .arg("check")
        .arg(scenario("invalid/base"))
        .arg("--plan")
        .arg(plan)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tepai runs");
    // The error stream is read on a thread so a long report never blocks the child.
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err("tepai check hangs".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = reader.join().unwrap_or_default();
    match status.code() {
        Some(c @ (0 | 2 | 3)) => Ok(c),
        Some(c) => Err(format!("tepai check exits {c}:\n{err}")),
        None => Err(format!("tepai check ends by a signal:\n{err}")),
    }
}

/// Fuzzes the plan file `rel` (inside the plan directory) through `tepai check`.
fn fuzz_plan_file(rel: &str, default_cases: u32) {
    let base = std::fs::read(base_plan().join(rel)).expect("plan file");
    runner(default_cases)
        .run(&input(), |inp| {
            let dir = tempfile::tempdir().expect("tempdir");
            copy_dir(base_plan(), dir.path());
            std::fs::write(dir.path().join(rel), apply(&base, &inp)).expect("write");
            check_exit(dir.path())
                .map(|_| ())
                .map_err(TestCaseError::fail)
        })
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
}

#[test]
fn the_unmutated_base_plan_checks() {
    assert_eq!(check_exit(base_plan()), Ok(0));
}

#[test]
fn fuzz_plan_assignment_csv() {
    fuzz_plan_file("assignment.csv", 64);
}

#[test]
fn fuzz_plan_schedule_csv() {
    fuzz_plan_file("schedule.csv", 64);
}

#[test]
fn fuzz_plan_coverage_csv() {
    fuzz_plan_file("coverage.csv", 64);
}

#[test]
fn fuzz_plan_summary_json() {
    fuzz_plan_file("summary.json", 64);
}

#[test]
fn fuzz_plan_calendar_ics() {
    fuzz_plan_file("calendars/o-1.ics", 64);
}

/// A path in a fresh copy of the base with `file` replaced by `bytes`.
fn base_with(file: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = base_copy();
    std::fs::write(dir.path().join(file), bytes).expect("write");
    let path = dir.path().to_path_buf();
    (dir, path)
}

#[test]
fn regression_empty_and_header_only_tables_load_or_fail_cleanly() {
    for file in [
        "courts.csv",
        "officers.csv",
        "units.csv",
        "enterprises.csv",
        "conflicts.csv",
        "unavailable.csv",
        "travel.csv",
    ] {
        for bytes in [
            &b""[..],
            b"\xef\xbb\xbf",
            b"\n\n\n",
            b"\"",
            b"id\n\"unterminated",
        ] {
            let (_keep, path) = base_with(file, bytes);
            load_survives(&path).unwrap_or_else(|e| panic!("{file} {bytes:?}: {e}"));
        }
    }
}
