//! Fuzzing the readers of everything a user feeds tepai: the scenario TOML, each CSV table
//! (in English, and in Chinese as Excel saves it: GB18030, byte-order mark, CRLF), the
//! `.xlsx` workbook (its zip container and the XML inside), and (through the CLI) a plan read
//! back by `tepai check`, as written and as Excel saves it back.
//!
//! Inputs are the valid files of `scenarios/invalid/base` mutated a few edits at a time
//! (bytes flipped, cut, repeated, or replaced by tokens that have broken parsers before:
//! quotes, separators, huge or non-finite numbers, extreme dates, bytes that are not UTF-8;
//! in a workbook's XML also cells at and past Excel's last cell, error and formula cells,
//! merged ranges, shared-string indexes past the table), and plain random bytes. The properties: loading returns `Ok` or `Err(diagnostics)` without
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
    /// Inserts a token (its index taken modulo the token list's length) at the position.
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
        (any::<usize>(), any::<usize>()).prop_map(|(p, t)| Edit::Insert(p, t)),
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
    apply_with(base, input, TOKENS)
}

/// `base` after `input`, inserting tokens of `tokens`.
fn apply_with(base: &[u8], input: &Input, tokens: &[&[u8]]) -> Vec<u8> {
    let edits = match input {
        Input::Random(bytes) => return bytes.clone(),
        Input::Edited(edits) => edits,
    };
    let mut b = base.to_vec();
    for e in edits {
        apply_edit(&mut b, e, tokens);
    }
    b
}

fn apply_edit(b: &mut Vec<u8>, e: &Edit, tokens: &[&[u8]]) {
    let at = |p: usize, b: &[u8]| if b.is_empty() { 0 } else { p % (b.len() + 1) };
    match *e {
        Edit::Flip(p, byte) => {
            if !b.is_empty() {
                let i = p % b.len();
                b[i] = byte;
            }
        }
        Edit::Insert(p, t) => {
            let i = at(p, b);
            b.splice(i..i, tokens[t % tokens.len()].iter().copied());
        }
        Edit::Cut(p, n) => {
            let i = at(p, b);
            let end = (i + n).min(b.len());
            b.drain(i..end);
        }
        Edit::Repeat(p, n) => {
            let i = at(p, b).min(b.len());
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
            let i = at(p, b);
            b.truncate(i);
        }
    }
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
    fuzz_plan_file_of(base_plan(), rel, TOKENS, default_cases);
}

/// Fuzzes the file `rel` of the plan `plan` through `tepai check`, inserting `tokens`.
fn fuzz_plan_file_of(plan: &Path, rel: &str, tokens: &[&[u8]], default_cases: u32) {
    let base = std::fs::read(plan.join(rel)).expect("plan file");
    runner(default_cases)
        .run(&input(), |inp| {
            let dir = tempfile::tempdir().expect("tempdir");
            copy_dir(plan, dir.path());
            std::fs::write(dir.path().join(rel), apply_with(&base, &inp, tokens)).expect("write");
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

// ---- Chinese tables and Excel-saved files --------------------------------------------------

/// Text of Chinese tables as Excel and WPS save them: full-width separators and spaces,
/// `YYYY/M/D` and `YYYY年M月D日` dates (some past the calendar), Chinese values, GBK bytes
/// (a full-width comma, `、`), GB18030 sequences cut short or past the last code point.
const ZH_TOKENS: &[&[u8]] = &[
    "，".as_bytes(),
    "；".as_bytes(),
    "、".as_bytes(),
    "\u{3000}".as_bytes(),
    "\u{feff}".as_bytes(),
    b"2024/3/5",
    b"2024/13/1",
    b"2024/2/30",
    b"99999/1/1",
    "2024年3月5日".as_bytes(),
    "2024年2月30日".as_bytes(),
    b"2024/5",
    b"8:30",
    b"25:61",
    b"8:30:59",
    "法院".as_bytes(),
    "基层法院".as_bytes(),
    "陈建华".as_bytes(),
    b"\xa3\xac",
    b"\xa1\xa2",
    b"\xb3\xc2",
    b"\x81",
    b"\x81\x30",
    b"\x81\x30\x81",
    b"\x84\x31\xa4\x39",
    b"\x84\x31\xa5\x30",
    b"\xe3\x32\x9a\x35",
    b"\xfe\xfe",
    b"\x80",
    b"\xff",
];

/// [`TOKENS`] and [`ZH_TOKENS`].
fn zh_tokens() -> &'static [&'static [u8]] {
    static ALL: OnceLock<Vec<&'static [u8]>> = OnceLock::new();
    ALL.get_or_init(|| TOKENS.iter().chain(ZH_TOKENS).copied().collect())
}

/// How a Chinese table is saved.
#[derive(Debug, Clone, Copy)]
enum Saved {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// Excel's “CSV UTF-8”: with a byte-order mark.
    Utf8Bom,
    /// Excel's “CSV” on a Chinese Windows.
    Gb18030,
}

fn saved() -> impl Strategy<Value = Saved> {
    prop_oneof![
        Just(Saved::Utf8),
        Just(Saved::Utf8Bom),
        Just(Saved::Gb18030)
    ]
}

/// The base's table `file` with Chinese headers and values, `、`/`；` lists, `YYYY/M/D`
/// dates and CRLF line ends (LF ones when `lf`), saved as `how`.
fn chinese_table(file: &str, how: Saved, lf: bool) -> Vec<u8> {
    let key = file.trim_end_matches(".csv");
    let spec = tepai_model::columns::TABLES
        .iter()
        .find(|t| t.key == key)
        .expect("a table");
    let text = if file == "travel.csv" {
        TRAVEL.to_owned()
    } else {
        std::fs::read_to_string(scenario("invalid/base").join(file)).expect("read")
    };
    let mut zh = crate::excel_input::chinese_csv(spec, &text);
    if lf {
        zh = zh.replace("\r\n", "\n");
    }
    match how {
        Saved::Utf8 => zh.into_bytes(),
        Saved::Utf8Bom => [b"\xef\xbb\xbf".as_slice(), zh.as_bytes()].concat(),
        Saved::Gb18030 => encoding_rs::GB18030.encode(&zh).0.into_owned(),
    }
}

const TABLE_FILES: &[&str] = &[
    "courts.csv",
    "officers.csv",
    "units.csv",
    "enterprises.csv",
    "conflicts.csv",
    "unavailable.csv",
    "travel.csv",
];

#[test]
fn the_unmutated_chinese_tables_load() {
    for how in [Saved::Utf8, Saved::Utf8Bom, Saved::Gb18030] {
        for lf in [false, true] {
            let dir = base_copy();
            for file in TABLE_FILES {
                std::fs::write(dir.path().join(file), chinese_table(file, how, lf)).expect("write");
            }
            if let Err(d) = tepai_model::load(dir.path()) {
                panic!("{how:?} lf={lf}: {d:?}");
            }
        }
    }
}

/// Each case: one table of the base in Chinese, saved one way, then edited.
#[test]
fn fuzz_chinese_csv() {
    let dir = base_copy();
    let strategy = (0..TABLE_FILES.len(), saved(), any::<bool>(), input());
    runner(256)
        .run(&strategy, |(t, how, lf, inp)| {
            let file = TABLE_FILES[t];
            let base = chinese_table(file, how, lf);
            std::fs::write(dir.path().join(file), apply_with(&base, &inp, zh_tokens()))
                .expect("write");
            let result = load_survives(dir.path());
            // The next case starts from the English tables again.
            std::fs::copy(base_copy_file(file), dir.path().join(file)).ok();
            result
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The English table `file` of a base copy, kept for restoring.
fn base_copy_file(file: &str) -> PathBuf {
    static BASE: OnceLock<tempfile::TempDir> = OnceLock::new();
    BASE.get_or_init(base_copy).path().join(file)
}

/// A plan of `invalid/base` as Excel saves it back: `schedule.csv` and `coverage.csv` in
/// GBK (“CSV”), `assignment.csv` in UTF-8 with a byte-order mark (“CSV UTF-8”), all with
/// CRLF line ends, `2024/3/5` dates and `8:30` times.
fn excel_saved_plan() -> &'static Path {
    static PLAN: OnceLock<tempfile::TempDir> = OnceLock::new();
    PLAN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(base_plan(), dir.path());
        for file in ["schedule.csv", "coverage.csv"] {
            let text = crate::xlsx::excel_csv(&dir.path().join(file));
            std::fs::write(dir.path().join(file), crate::xlsx::gbk(&text)).expect("write");
        }
        let text = crate::xlsx::excel_csv(&dir.path().join("assignment.csv"));
        std::fs::write(dir.path().join("assignment.csv"), format!("\u{feff}{text}"))
            .expect("write");
        dir
    })
    .path()
}

#[test]
fn the_excel_saved_base_plan_checks() {
    let schedule = std::fs::read(excel_saved_plan().join("schedule.csv")).expect("read");
    assert!(std::str::from_utf8(&schedule).is_err(), "GBK, not UTF-8");
    let text = String::from_utf8_lossy(&schedule);
    assert!(text.contains("\r\n2024/"), "dates as Excel writes them");
    assert_eq!(check_exit(excel_saved_plan()), Ok(0));
}

#[test]
fn fuzz_plan_excel_saved_schedule_csv() {
    fuzz_plan_file_of(excel_saved_plan(), "schedule.csv", zh_tokens(), 64);
}

#[test]
fn fuzz_plan_excel_saved_coverage_csv() {
    fuzz_plan_file_of(excel_saved_plan(), "coverage.csv", zh_tokens(), 64);
}

#[test]
fn fuzz_plan_excel_saved_assignment_csv() {
    fuzz_plan_file_of(excel_saved_plan(), "assignment.csv", zh_tokens(), 64);
}

// ---- Workbooks -----------------------------------------------------------------------------

/// Parts of a workbook's XML that have broken readers: cells at and past Excel's last cell
/// (`XFD1048576`), cell references without a row or a column, error cells, shared-string
/// indexes past the table, formulas (shared ones over huge or reversed ranges), numbers past
/// the calendar in date-formatted cells, merged ranges, dimensions, rows past the last row,
/// rich and phonetic strings, entities, CDATA, a DOCTYPE, a sheet pointing nowhere.
const XML_TOKENS: &[&str] = &[
    r#"<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>"#,
    r#"<c r="XFD1048577"><v>1</v></c>"#,
    r#"<c r="A1048577"><v>1</v></c>"#,
    r#"<c r="XFE1"><v>1</v></c>"#,
    r#"<c r="AAAAAAAAAAAAAAA1"><v>1</v></c>"#,
    r#"<c r="A99999999999"><v>1</v></c>"#,
    r#"<c r="A0"><v>1</v></c>"#,
    r#"<c r="1A"><v>1</v></c>"#,
    r#"<c r="A"><v>1</v></c>"#,
    r#"<c t="e"><v>#N/A</v></c>"#,
    r#"<c t="e"><v>#BOGUS!</v></c>"#,
    r#"<c t="s"><v>99999999</v></c>"#,
    r#"<c t="s"><v>18446744073709551616</v></c>"#,
    r#"<c t="s"><v>-1</v></c>"#,
    r#"<c><f>SUM(A1:A2)</f><v>3</v></c>"#,
    r#"<c r="H2"><f t="shared" ref="H2:H1048576" si="0">A2</f><v>1</v></c>"#,
    r#"<c r="H3"><f t="shared" si="0"/></c>"#,
    r#"<c r="H9"><f t="shared" ref="H9:H2" si="1">A1</f></c>"#,
    r#"<c r="H2"><f t="shared" ref="A1:XFD1" si="4294967295">A1</f></c>"#,
    r#"<c r="H2"><f t="shared" si="99999999"/></c>"#,
    r#"<c s="1"><v>1e308</v></c>"#,
    r#"<c s="1"><v>-1e308</v></c>"#,
    r#"<c s="1"><v>2958466</v></c>"#,
    r#"<c s="1"><v>-700000</v></c>"#,
    r#"<c s="1"><v>NaN</v></c>"#,
    r#"<c s="2"><v>-1e308</v></c>"#,
    r#"<c s="99"><v>1</v></c>"#,
    r#"<c t="d"><v>2024-02-30T00:00:00</v></c>"#,
    r#"<c t="b"><v>2</v></c>"#,
    r#"<c t="str"><v>法院</v></c>"#,
    r#"<c t="n"><v></v></c>"#,
    r#"<c t="zz"><v>1</v></c>"#,
    r#"<c t="inlineStr"><is><r><t>法</t></r><r><t>院</t></r></is></c>"#,
    r#"<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>"#,
    r#"<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
    r#"<mergeCells><mergeCell ref="B9:A1"/></mergeCells>"#,
    r#"<dimension ref="A1:XFD1048576"/>"#,
    r#"<dimension ref="ZZZZZZZZ99999999999"/>"#,
    r#"<dimension ref="B9:A1"/>"#,
    r#"<row r="1048577">"#,
    r#"<row r="0">"#,
    r#"<row r="99999999999">"#,
    "<row>",
    "</row>",
    "<sheetData>",
    "</sheetData>",
    "<c>",
    "</c>",
    "<v>",
    "</v>",
    "<si><t>x</t></si>",
    "<si/>",
    "<si><r><t>a</t></r><r><t>b</t></r></si>",
    r#"<si><t xml:space="preserve">  </t><rPh><t>ホウ</t></rPh></si>"#,
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#x10FFFF;",
    "&bogus;",
    "<![CDATA[x]]>",
    "<!-- x -->",
    r#"<?xml version="1.0"?>"#,
    r#"<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>"#,
    "&a;",
    r#"<sheet name="法院" sheetId="1" r:id="rId99"/>"#,
    r#"<sheet name="其他" sheetId="9" r:id="rId1"/>"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../../x.xml"/>"#,
    r#"<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>"#,
    r#"<xf numFmtId="14"/>"#,
    r#"<workbookPr date1904="1"/>"#,
];

/// Attributes whose values [`XmlEdit::Attr`] replaces.
const ATTR_NAMES: &[&str] = &[
    "r",
    "t",
    "s",
    "ref",
    "si",
    "count",
    "numFmtId",
    "name",
    "Target",
    "date1904",
    "sheetId",
    "uniqueCount",
    "spans",
];

const ATTR_VALUES: &[&str] = &[
    "XFD1048576",
    "XFD1048577",
    "A1048577",
    "AAAAAAAAAAAAA1",
    "A99999999999",
    "A0",
    "",
    "B9:A1",
    "A1:XFD1048576",
    "A1:A1:A1",
    "s",
    "e",
    "d",
    "b",
    "str",
    "inlineStr",
    "n",
    "zz",
    "0",
    "1",
    "2",
    "14",
    "22",
    "99999",
    "-1",
    "18446744073709551616",
    "1e308",
    "法院",
    "rId99",
    "../x.xml",
    "true",
    "1:16384",
];

/// Text nodes [`XmlEdit::Text`] puts in place of one.
const TEXT_VALUES: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "99999",
    "4294967296",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "2958466",
    "2958465.9999999",
    "-700000",
    "60",
    "#N/A",
    "#DIV/0!",
    "#REF!",
    "2024-02-30",
    "2024/3/5",
    "法院",
    "SUM(A1:A2)",
    "&amp;",
    "TRUE",
];

/// One edit of one part of a workbook's zip (the index taken modulo the number of parts).
#[derive(Debug, Clone)]
enum XmlEdit {
    /// A byte-level edit, inserting [`TOKENS`], [`ZH_TOKENS`] or [`XML_TOKENS`].
    Bytes(usize, Edit),
    /// Inserts `XML_TOKENS[token]` after the first `>` at or after the position.
    AfterTag(usize, usize, usize),
    /// Sets the value of the first attribute `ATTR_NAMES[name]` at or after the position
    /// to `ATTR_VALUES[value]`.
    Attr(usize, usize, usize, usize),
    /// Replaces the first text node at or after the position by `TEXT_VALUES[value]`.
    Text(usize, usize, usize),
}

fn xml_edit() -> impl Strategy<Value = XmlEdit> {
    prop_oneof![
        2 => (any::<usize>(), edit()).prop_map(|(f, e)| XmlEdit::Bytes(f, e)),
        3 => (any::<usize>(), any::<usize>(), 0..XML_TOKENS.len())
            .prop_map(|(f, p, t)| XmlEdit::AfterTag(f, p, t)),
        3 => (any::<usize>(), any::<usize>(), 0..ATTR_NAMES.len(), 0..ATTR_VALUES.len())
            .prop_map(|(f, p, n, v)| XmlEdit::Attr(f, p, n, v)),
        2 => (any::<usize>(), any::<usize>(), 0..TEXT_VALUES.len())
            .prop_map(|(f, p, v)| XmlEdit::Text(f, p, v)),
    ]
}

/// [`TOKENS`], [`ZH_TOKENS`] and [`XML_TOKENS`].
fn xml_tokens() -> &'static [&'static [u8]] {
    static ALL: OnceLock<Vec<&'static [u8]>> = OnceLock::new();
    ALL.get_or_init(|| {
        zh_tokens()
            .iter()
            .copied()
            .chain(XML_TOKENS.iter().map(|t| t.as_bytes()))
            .collect()
    })
}

/// The first index of `pat` in `b` at or after `from` (`from` taken modulo the length),
/// wrapping around to the start.
fn find_from(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if b.len() < pat.len() || pat.is_empty() {
        return None;
    }
    let from = from % b.len();
    let find = |range: std::ops::Range<usize>| {
        b[range.clone()]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|i| range.start + i)
    };
    find(from..b.len()).or_else(|| find(0..b.len()))
}

fn apply_xml(parts: &mut [(String, Vec<u8>)], edit: &XmlEdit) {
    let n = parts.len();
    let (f, p) = match *edit {
        XmlEdit::Bytes(f, _) => (f, 0),
        XmlEdit::AfterTag(f, p, _) | XmlEdit::Attr(f, p, _, _) | XmlEdit::Text(f, p, _) => (f, p),
    };
    let b = &mut parts[f % n].1;
    match *edit {
        XmlEdit::Bytes(_, ref e) => apply_edit(b, e, xml_tokens()),
        XmlEdit::AfterTag(_, _, t) => {
            let i = find_from(b, p, b">").map_or(b.len(), |i| i + 1);
            b.splice(i..i, XML_TOKENS[t].bytes());
        }
        XmlEdit::Attr(_, _, name, value) => {
            let pat = format!(" {}=\"", ATTR_NAMES[name]);
            if let Some(i) = find_from(b, p, pat.as_bytes()) {
                let start = i + pat.len();
                let end = b[start..]
                    .iter()
                    .position(|&c| c == b'"')
                    .map_or(b.len(), |e| start + e);
                b.splice(start..end, ATTR_VALUES[value].bytes());
            }
        }
        XmlEdit::Text(_, _, value) => {
            // A `>` followed by something other than `<`: a text node's start.
            let mut from = p;
            for _ in 0..b.len() {
                let Some(i) = find_from(b, from, b">") else {
                    return;
                };
                if b.get(i + 1).is_some_and(|&c| c != b'<') {
                    let start = i + 1;
                    let end = b[start..]
                        .iter()
                        .position(|&c| c == b'<')
                        .map_or(b.len(), |e| start + e);
                    b.splice(start..end, TEXT_VALUES[value].bytes());
                    return;
                }
                from = i + 1;
            }
        }
    }
}

/// The parts of a zip archive, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("a part");
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).expect("read");
            (f.name().to_owned(), b)
        })
        .collect()
}

/// A zip archive of `parts`, deflated or stored.
fn rezip(parts: &[(String, Vec<u8>)], stored: bool) -> Vec<u8> {
    use std::io::Write;
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// The base as a Chinese workbook (numbers as number cells, leave dates as date cells):
/// `scenario.toml` and `region.xlsx`.
fn base_workbook() -> &'static (String, Vec<u8>) {
    static BASE: OnceLock<(String, Vec<u8>)> = OnceLock::new();
    BASE.get_or_init(|| {
        use crate::excel_input::{base_sheets, sheet, workbook_scenario, C};
        let mut sheets = base_sheets();
        let leave = sheet(&mut sheets, "不可用");
        leave[1][1] = C::D(2024, 7, 1);
        leave[1][2] = C::D(2024, 7, 31);
        let dir = workbook_scenario(&sheets, &[]);
        let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).expect("toml");
        let xlsx = std::fs::read(dir.path().join("region.xlsx")).expect("xlsx");
        (toml, xlsx)
    })
}

/// A scenario directory whose workbook is `xlsx`; loading it must survive.
struct WorkbookDir(tempfile::TempDir);

impl WorkbookDir {
    fn new() -> WorkbookDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("scenario.toml"), &base_workbook().0).expect("toml");
        WorkbookDir(dir)
    }

    fn load(&self, xlsx: &[u8]) -> Result<(), TestCaseError> {
        std::fs::write(self.0.path().join("region.xlsx"), xlsx).expect("write");
        load_survives(self.0.path())
    }
}

#[test]
fn the_unmutated_base_workbook_loads_deflated_or_stored() {
    let (_, xlsx) = base_workbook();
    let parts = unzip(xlsx);
    assert!(parts.iter().any(|(n, _)| n == "xl/sharedStrings.xml"));
    for bytes in [xlsx.clone(), rezip(&parts, false), rezip(&parts, true)] {
        let dir = WorkbookDir::new();
        std::fs::write(dir.0.path().join("region.xlsx"), &bytes).expect("write");
        let loaded = tepai_model::load(dir.0.path()).expect("the base workbook loads");
        assert_eq!(loaded.scenario.unavailable.len(), 1);
    }
}

/// The zip container, byte by byte: deflated as written, or rezipped without compression
/// (so that edits reach the XML).
#[test]
fn fuzz_workbook_zip() {
    let (_, xlsx) = base_workbook();
    let stored = rezip(&unzip(xlsx), true);
    let dir = WorkbookDir::new();
    runner(256)
        .run(&(any::<bool>(), input()), |(plain, inp)| {
            let base = if plain { &stored } else { xlsx };
            dir.load(&apply_with(base, &inp, xml_tokens()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The XML inside: each case edits a few parts (sheets, shared strings, styles, the
/// workbook and its relationships) and zips them again.
#[test]
fn fuzz_workbook_xml() {
    let (_, xlsx) = base_workbook();
    let parts = unzip(xlsx);
    let dir = WorkbookDir::new();
    let strategy = (prop::collection::vec(xml_edit(), 1..6), any::<bool>());
    runner(256)
        .run(&strategy, |(edits, stored)| {
            let mut parts = parts.clone();
            for e in &edits {
                apply_xml(&mut parts, e);
            }
            dir.load(&rezip(&parts, stored))
        })
        .unwrap_or_else(|e| panic!("{e}"));
}

// ---- Workbook regressions and memory ---------------------------------------------------------

/// The base workbook with its part `name` rewritten by `edit`, in a scenario directory.
fn workbook_with(name: &str, edit: impl FnOnce(String) -> String) -> WorkbookDir {
    let mut parts = unzip(&base_workbook().1);
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    part.1 = edit(String::from_utf8(part.1.clone()).expect("utf-8")).into_bytes();
    let dir = WorkbookDir::new();
    std::fs::write(dir.0.path().join("region.xlsx"), rezip(&parts, false)).expect("write");
    dir
}

/// The errors of loading `dir` (which must fail), as `code message` lines.
fn load_errors(dir: &Path) -> Vec<String> {
    let diags = tepai_model::load(dir).expect_err("the workbook fails");
    diags
        .errors()
        .map(|e| format!("{} {} {:?}", e.code.as_str(), e.message, e.cell))
        .collect()
}

/// The sheet part of the courts' sheet (法院), the first one.
const COURTS_SHEET: &str = "xl/worksheets/sheet1.xml";

#[test]
fn regression_a_byte_flipped_in_the_shared_strings_fails_cleanly() {
    // Found by `fuzz_workbook_zip`: a byte of the stored zip set to 0 cut a shared string
    // short, and calamine indexed past the table (a panic).
    let stored = rezip(&unzip(&base_workbook().1), true);
    let dir = WorkbookDir::new();
    let input = Input::Edited(vec![Edit::Flip(6_185_781_985_134_735_649, 0)]);
    dir.load(&apply_with(&stored, &input, xml_tokens()))
        .expect("loads or fails cleanly");
}

#[test]
fn regression_a_shared_string_index_past_the_table_is_e014() {
    for index in ["99999", "18446744073709551616", "-1", ""] {
        let dir = workbook_with(COURTS_SHEET, |xml| {
            let at = xml.find("t=\"s\"><v>").expect("a shared-string cell") + 9;
            let end = at + xml[at..].find('<').expect("end");
            format!("{}{index}{}", &xml[..at], &xml[end..])
        });
        let errs = load_errors(dir.0.path());
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("E014 a cell refers to shared string"),
            "{errs:?}"
        );
    }
}

#[test]
fn regression_shared_formulas_that_would_fill_memory_are_e014() {
    // calamine keeps an entry per cell of a shared formula's range, and one per index up to
    // its number: a reversed range wrapped to four billion cells, a huge number to four
    // billion entries.
    for f in [
        r#"<f t="shared" ref="H9:H2" si="0">A1</f>"#,
        r#"<f t="shared" ref="H2:H3" si="4294967295">A1</f>"#,
        r#"<f t="shared" ref="A1:A4294967296" si="0">A1</f>"#,
    ] {
        let dir = workbook_with(COURTS_SHEET, |xml| {
            xml.replacen("<c r=\"A2\"", &format!("<c r=\"H2\">{f}</c><c r=\"A2\""), 1)
        });
        let errs = load_errors(dir.0.path());
        assert_eq!(errs.len(), 1, "{f}: {errs:?}");
        assert!(
            errs[0].starts_with("E014 a shared formula"),
            "{f}: {errs:?}"
        );
    }
    // Shared formulas inside the limits are formulas (E018), each named.
    let dir = workbook_with(COURTS_SHEET, |xml| {
        xml.replacen(
            "<c r=\"A2\"",
            r#"<c r="H2"><f t="shared" ref="H2:H3" si="0">A2</f></c><c r="A2""#,
            1,
        )
    });
    let errs = load_errors(dir.0.path());
    assert!(
        errs.iter()
            .any(|e| e.starts_with("E018 the cell holds the formula =A2")),
        "{errs:?}"
    );
}

#[test]
fn regression_a_date_cell_far_past_the_calendar_is_a_number() {
    // calamine's date conversion panics on -1e308 in a date-formatted cell.
    let style = {
        let parts = unzip(&base_workbook().1);
        let sheet = parts
            .iter()
            .find(|(n, b)| n.starts_with("xl/worksheets/") && b.windows(3).any(|w| w == b" s="))
            .expect("a sheet with a styled cell");
        let xml = String::from_utf8(sheet.1.clone()).expect("utf-8");
        let at = xml.find(" s=\"").expect("a style") + 4;
        (
            sheet.0.clone(),
            xml[at..at + xml[at..].find('"').expect("end")].to_owned(),
        )
    };
    for value in ["-1e308", "1e308", "NaN", "2958466"] {
        let dir = workbook_with(&style.0, |xml| {
            let at = xml.find(&format!(" s=\"{}\"", style.1)).expect("styled");
            let v = at + xml[at..].find("<v>").expect("a value") + 3;
            let end = v + xml[v..].find('<').expect("end");
            format!("{}{value}{}", &xml[..v], &xml[end..])
        });
        load_survives(dir.0.path()).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert!(
            tepai_model::load(dir.0.path()).is_err(),
            "{value} is no date"
        );
    }
}

#[test]
fn regression_cells_outside_the_sheet_are_e014() {
    for (cell, row) in [
        ("XFD1048577", "1"),
        ("XFE1", "1"),
        ("AAAAAAAAAAAAAAA1", "1"),
        ("A99999999999", "1"),
        ("A1", "99999999999"),
        ("A1", "1048577"),
    ] {
        let dir = workbook_with(COURTS_SHEET, |xml| {
            xml.replacen(
                "</sheetData>",
                &format!(r#"<row r="{row}"><c r="{cell}"><v>1</v></c></row></sheetData>"#),
                1,
            )
        });
        let errs = load_errors(dir.0.path());
        assert_eq!(errs.len(), 1, "{cell} {row}: {errs:?}");
        assert!(errs[0].starts_with("E014 a "), "{cell}: {errs:?}");
        assert!(errs[0].contains("outside the sheet"), "{cell}: {errs:?}");
    }
}

/// Runs `tepai validate dir` with at most `mib` MiB of address space: its exit code (`None`
/// for a signal, such as the abort of a failed allocation) and its output.
fn validate_within(dir: &Path, mib: u64) -> (Option<i32>, String) {
    let cmd = format!(
        "ulimit -v {}; exec '{}' validate '{}'",
        mib * 1024,
        env!("CARGO_BIN_EXE_tepai"),
        dir.display()
    );
    let started = Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&cmd)
        .output()
        .expect("sh runs");
    assert!(
        started.elapsed() < TIMEOUT,
        "validate took {:?}",
        started.elapsed()
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// Address space `tepai validate` may use on a workbook: the base needs a few tens of MiB.
const MEMORY_MIB: u64 = 1024;

#[test]
fn the_base_workbook_validates_within_the_memory_bound() {
    let dir = WorkbookDir::new();
    std::fs::write(dir.0.path().join("region.xlsx"), &base_workbook().1).expect("write");
    let (code, out) = validate_within(dir.0.path(), MEMORY_MIB);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_cell_at_excels_last_cell_loads_in_bounded_memory() {
    // A header cell at XFD1 and 100,000 rows with a cell at XFD: every row once took a
    // field per column up to XFD (16,384 of them, gigabytes in all).
    let dir = workbook_with(COURTS_SHEET, |xml| {
        let mut rows = String::new();
        for r in 10..100_010 {
            rows.push_str(&format!(
                r#"<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>"#
            ));
        }
        let xml = xml.replacen(
            "</row>",
            r#"<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>"#,
            1,
        );
        xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
    });
    let (code, out) = validate_within(dir.0.path(), MEMORY_MIB);
    assert!(code == Some(0) || code == Some(2), "{code:?}: {out}");
    assert!(out.contains("W405") || out.contains("E0"), "{out}");
    // The far column is reported at its cell; the loader then reads the courts as before.
    let far = workbook_with(COURTS_SHEET, |xml| {
        xml.replacen(
            "</row>",
            r#"<c r="XFD1" t="inlineStr"><is><t>far</t></is></c></row>"#,
            1,
        )
    });
    let loaded = tepai_model::load(far.0.path()).expect("loads with a warning");
    let w = loaded
        .warnings
        .iter()
        .find(|w| w.code.as_str() == "W405")
        .expect("the unknown column");
    assert_eq!(w.cell.as_deref(), Some("法院!XFD1"), "{w}");
}

#[test]
fn a_huge_shared_strings_table_fails_fast_within_bounded_memory() {
    // 5,000,000 shared strings: past the limit of 4,000,000, told before calamine reads
    // them into memory.
    let many = workbook_with("xl/sharedStrings.xml", |xml| {
        let at = xml.find("</sst>").expect("end");
        let mut out = String::with_capacity(xml.len() + 5_000_000 * 13);
        out.push_str(&xml[..at]);
        for _ in 0..5_000_000 {
            out.push_str("<si><t>x</t></si>");
        }
        out.push_str(&xml[at..]);
        out
    });
    let (code, out) = validate_within(many.0.path(), MEMORY_MIB);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("E013") && out.contains("shared strings"),
        "{out}"
    );

    // One shared string of 300 MiB, deflated to a few hundred KiB: past the limit of a part.
    let big = workbook_with("xl/sharedStrings.xml", |xml| {
        let at = xml.find("</sst>").expect("end");
        let mut out = String::with_capacity(xml.len() + (300 << 20));
        out.push_str(&xml[..at]);
        out.push_str("<si><t>");
        out.push_str(&"a".repeat(300 << 20));
        out.push_str("</t></si>");
        out.push_str(&xml[at..]);
        out
    });
    assert!(
        std::fs::metadata(big.0.path().join("region.xlsx"))
            .expect("xlsx")
            .len()
            < 4 << 20
    );
    let (code, out) = validate_within(big.0.path(), MEMORY_MIB);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("E013") && out.contains("256 MiB"), "{out}");
}

#[test]
fn a_sheet_of_millions_of_number_cells_is_e013_within_bounded_memory() {
    // Number cells count against the sheet's limit too: 6,000,000 of them (48 bytes each)
    // pass 256 MiB.
    let dir = workbook_with(COURTS_SHEET, |xml| {
        let mut rows = String::with_capacity(6_000_000 * 20);
        for r in 0..600_000 {
            rows.push_str(&format!("<row r=\"{}\">", r + 10));
            for _ in 0..10 {
                rows.push_str("<c><v>1</v></c>");
            }
            rows.push_str("</row>");
        }
        xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
    });
    let (code, out) = validate_within(dir.0.path(), MEMORY_MIB);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("E013"), "{out}");
}
