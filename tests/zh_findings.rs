//! With `--lang zh` every finding speaks Chinese: a scenario's diagnostics (detail and
//! specific action, not only the code's title and general fix) and `tepai check`'s findings
//! and lines. The test that no English prose is left covers every invalid scenario, every
//! shipped scenario's warnings and workbooks built with errors in every kind of cell.
use std::path::Path;

use tepai_model::columns::TABLES;
use tepai_model::{
    load, Category, ConflictScope, CourtLevel, Diagnostic, EnterprisesCount, OfficerMode, Rank,
    UnitKind,
};

use crate::excel_input::{base_sheets, sheet, workbook_scenario, C};
use crate::{run, scenario};

/// Words that stand in Chinese text as the user or the file format writes them: the tables'
/// English keys and column names, the vocabularies' English values, the scenario file's keys
/// and the names of formats, programs, units and calendar properties.
fn allowed(word: &str) -> bool {
    const NAMES: &[&str] = &[
        "UTF",
        "GBK",
        "CSV",
        "Excel",
        "WPS",
        "TOML",
        "tepai",
        "template",
        "check",
        "iconv",
        "MiB",
        "KiB",
        "WGS",
        "YYYY",
        "RFC",
        "UID",
        "DTSTAMP",
        "DTSTART",
        "SUMMARY",
        "LOCATION",
        "DESCRIPTION",
        "NAME",
        "CALNAME",
        "xlsx",
        "xls",
        "csv",
        "ics",
        "json",
        "JSON",
        "null",
        "true",
        "false",
        "optimal",
        "heuristic",
        "min",
        "median",
        "max",
        "objective",
        "bound",
        "extends",
        "holiday",
        "workday",
        "quarter",
        "month",
        "date",
        "kind",
        "name",
        "year",
        "seed",
        "description",
        "data",
        "targets",
        "rules",
        "travel",
        "weights",
        "solver",
        "calendar",
        "workbook",
        "holidays",
        "unit",
    ];
    NAMES.contains(&word)
        || TABLES
            .iter()
            .any(|t| t.key == word || t.columns.iter().any(|c| c.name == word))
        || Category::ALL.iter().any(|v| v.as_str() == word)
        || CourtLevel::ALL.iter().any(|v| v.as_str() == word)
        || Rank::ALL.iter().any(|v| v.as_str() == word)
        || UnitKind::ALL.iter().any(|v| v.as_str() == word)
        || OfficerMode::ALL.iter().any(|v| v.as_str() == word)
        || ConflictScope::ALL.iter().any(|v| v.as_str() == word)
        || EnterprisesCount::ALL.iter().any(|v| v.as_str() == word)
}

/// English words (three ASCII letters or more, not [`allowed`]) in `text`, outside what is
/// quoted (`"…"`, `“…”`, `` `…` ``), bracketed (`[rule]`) or the system's own words
/// (`（系统信息：…）`); ids, keys, paths and numbers (tokens holding a digit, `_`, `-`, `.`
/// or `/`) are not words.
pub(crate) fn english_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        let close = match chars[i] {
            '"' => Some('"'),
            '“' => Some('”'),
            '`' => Some('`'),
            '[' => Some(']'),
            _ => None,
        };
        if let Some(close) = close {
            if let Some(j) = chars[i + 1..].iter().position(|&c| c == close) {
                i += j + 2;
                kept.push(' ');
                continue;
            }
        }
        if chars[i..].starts_with(&['系', '统', '信', '息', '：']) {
            // Up to the full-width parenthesis that closes the one before it.
            let mut depth = 1;
            i += 5;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '（' => depth += 1,
                    '）' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            kept.push(' ');
            continue;
        }
        kept.push(chars[i]);
        i += 1;
    }
    kept.split(|c: char| !(c.is_ascii_alphanumeric() || "_-./\\:#@+=".contains(c)))
        .filter(|t| t.len() >= 3 && t.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|t| !allowed(t))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_detector_finds_english_prose_and_passes_ids_values_and_names() {
    assert_eq!(english_words("the id is wrong"), ["the", "wrong"]);
    assert!(
        english_words("没有编号为“c-x”的法院；使用 courts.csv 的“id”列中已有的编号").is_empty()
    );
    assert!(english_words("无法读取（系统信息：No such file (os error 2)）").is_empty());
    assert!(english_words("填以下之一：员额法官（judge）、法官助理（assistant）").is_empty());
    assert_eq!(
        english_words("特派员 o-1 [recomputed]：the load is too big"),
        ["the", "load", "too", "big"]
    );
}

/// Every detail and specific action of `diags` in Chinese: not empty where the English is
/// not, and without English prose. Returns what is wrong, one line per finding.
fn not_in_chinese(place: &str, diags: &[Diagnostic]) -> Vec<String> {
    let mut bad = Vec::new();
    for d in diags {
        for (en, zh) in [(&d.message, &d.message_zh), (&d.action, &d.action_zh)] {
            let words = english_words(zh);
            if zh.is_empty() != en.is_empty() || !words.is_empty() || zh == en && !en.is_empty() {
                bad.push(format!(
                    "{place}: {} {zh:?} (English: {en:?}): {words:?}",
                    d.code
                ));
            }
        }
    }
    bad
}

fn findings(dir: &Path) -> Vec<Diagnostic> {
    match load(dir) {
        Ok(loaded) => loaded.warnings,
        Err(diags) => diags.into_listed(),
    }
}

fn scenario_dirs(under: &Path, out: &mut Vec<std::path::PathBuf>) {
    if under.join("scenario.toml").exists() {
        out.push(under.to_path_buf());
    }
    for entry in std::fs::read_dir(under).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            scenario_dirs(&path, out);
        }
    }
}

/// Workbooks with an error in each kind of cell and sheet, as `tests/excel_input.rs` builds
/// them: bad values and references, a formula, merged cells, data without a header, a
/// number for text, a missing and an unknown sheet.
fn broken_workbooks() -> Vec<(&'static str, tempfile::TempDir)> {
    let mut cells = base_sheets();
    let officers = sheet(&mut cells, "特派员");
    officers[2][2] = C::S("南平市中级人民法院".into());
    officers[3][2] = C::S("c-jox".into());
    officers[1][3] = C::S("大法官".into());
    sheet(&mut cells, "企业")[2][6] = C::S("u-plat、第三工业园".into());
    sheet(&mut cells, "企业")[3][7] = C::S("央企".into());
    sheet(&mut cells, "不可用")[1][2] = C::S("2024/13/1".into());
    sheet(&mut cells, "利益冲突")[2][1] = C::S("c-nowhere".into());

    let mut formula = base_sheets();
    sheet(&mut formula, "特派员")[1][4] = C::F("=6*2");

    let mut unnamed = base_sheets();
    sheet(&mut unnamed, "法院")[1].extend([C::S(String::new()), C::S("多余".into())]);

    let mut number = base_sheets();
    sheet(&mut number, "特派员")[1][0] = C::N(1.5);

    let mut renamed = base_sheets();
    renamed
        .iter_mut()
        .find(|(n, _)| n == "法院")
        .expect("法院")
        .0 = "法院名单".into();

    vec![
        ("cells", workbook_scenario(&cells, &[])),
        ("formula", workbook_scenario(&formula, &[])),
        (
            "merged",
            workbook_scenario(&base_sheets(), &[("企业", 1, 0, 2, 0)]),
        ),
        ("unnamed column", workbook_scenario(&unnamed, &[])),
        ("number for text", workbook_scenario(&number, &[])),
        ("renamed sheet", workbook_scenario(&renamed, &[])),
    ]
}

#[test]
fn every_finding_of_every_scenario_and_broken_workbook_has_its_detail_and_action_in_chinese() {
    let mut dirs = Vec::new();
    scenario_dirs(&scenario(""), &mut dirs);
    assert!(dirs.len() > 60, "{} scenarios", dirs.len());
    let mut bad = Vec::new();
    let mut seen = 0;
    for dir in &dirs {
        let diags = findings(dir);
        seen += diags.len();
        bad.extend(not_in_chinese(&dir.display().to_string(), &diags));
    }
    let workbooks = broken_workbooks();
    let mut codes = std::collections::BTreeSet::new();
    for (what, dir) in &workbooks {
        let diags = findings(dir.path());
        assert!(!diags.is_empty(), "{what}: no finding");
        codes.extend(diags.iter().map(|d| d.code.as_str()));
        seen += diags.len();
        bad.extend(not_in_chinese(what, &diags));
    }
    for code in [
        "E015", "E016", "E017", "E018", "E019", "E110", "E111", "E204", "E206", "E209", "W411",
    ] {
        assert!(codes.contains(code), "{code} not among {codes:?}");
    }
    assert!(seen > 80, "{seen} findings");
    assert!(
        bad.is_empty(),
        "{} not in Chinese:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// `tepai validate --lang zh DIR`: exit code and what the terminal shows.
fn validate_zh(dir: &Path) -> (i32, String) {
    let (code, stdout, stderr) = run(
        &["validate", "--lang", "zh", dir.to_str().expect("utf-8")],
        None,
    );
    (code, stdout + &stderr)
}

#[test]
fn validate_in_chinese_shows_no_english_for_any_invalid_case_or_workbook() {
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(scenario("invalid"))
        .expect("invalid")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("base"))
        .collect();
    dirs.sort();
    let workbooks = broken_workbooks();
    dirs.extend(workbooks.iter().map(|(_, d)| d.path().to_path_buf()));
    let mut bad = Vec::new();
    for dir in &dirs {
        let (code, text) = validate_zh(dir);
        assert_eq!(code, 2, "{}: {text}", dir.display());
        assert!(text.contains("详情："), "{}: {text}", dir.display());
        for line in text.lines() {
            // A finding's first line names the file and the column or key as the user wrote
            // them: only its title is tepai's.
            let line = if line.starts_with("错误[") || line.starts_with("警告[") {
                line.rsplit('：').next().unwrap_or(line)
            } else {
                line
            };
            let words = english_words(line);
            if !words.is_empty() {
                bad.push(format!("{}: {line}  {words:?}", dir.display()));
            }
        }
    }
    assert!(bad.is_empty(), "English left:\n{}", bad.join("\n"));
}

#[test]
fn an_unknown_id_in_a_chinese_workbook_is_answered_in_chinese_with_the_id_meant() {
    let (_, dir) = broken_workbooks().swap_remove(0);
    let (_, text) = validate_zh(dir.path());
    // A name typed for an id: the id to write; a near miss: the id meant, in the sheet's
    // own column names.
    assert!(
        text.contains("处理：“南平市中级人民法院”是法院 c-np 的名称：应填其编号 c-np"),
        "{text}"
    );
    assert!(
        text.contains("是否应为 c-jo？使用工作表“法院”的“编号”列中已有的编号"),
        "{text}"
    );
    assert!(
        text.contains("详情：没有编号为“第三工业园”的平台商会"),
        "{text}"
    );
    assert!(text.contains("详情：“2024/13/1”不是日期"), "{text}");
}

#[test]
fn the_english_of_a_finding_is_unchanged_by_its_chinese() {
    let dir = scenario("invalid/e110_unknown_court");
    let (code, _, stderr) = run(&["validate", dir.to_str().expect("utf-8")], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("error[E110]"), "{stderr}");
    assert!(stderr.contains("no court has id"), "{stderr}");
    assert!(!stderr.contains("没有编号为"), "{stderr}");
}

/// A good plan of the invalid cases' base scenario, written into `dir`.
fn plan(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("plan");
    let base = scenario("invalid/base");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            base.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    out
}

fn check_zh(out: &Path) -> (i32, String, String) {
    let base = scenario("invalid/base");
    run(
        &[
            "check",
            "--lang",
            "zh",
            base.to_str().expect("utf-8"),
            "--plan",
            out.to_str().expect("utf-8"),
        ],
        None,
    )
}

#[test]
fn check_in_chinese_reports_a_falsified_plan_in_chinese() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = plan(tmp.path());
    let (code, stdout, stderr) = check_zh(&out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("派驻："), "{stdout}");
    assert!(stdout.contains("：全部规则成立"), "{stdout}");

    // A cell, a figure, a schedule row and a calendar event made false.
    let path = out.join("assignment.csv");
    let text = std::fs::read_to_string(&path).expect("assignment.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let column = lines[0]
        .split(',')
        .position(|h| h == "one_way_minutes")
        .expect("one_way_minutes");
    let mut cells: Vec<&str> = lines[1].split(',').collect();
    cells[column] = "999";
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let path = out.join("summary.json");
    let mut summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("summary")).expect("json");
    summary["kpis"]["officers"] = serde_json::json!(999);
    std::fs::write(&path, summary.to_string()).expect("write");
    let path = out.join("schedule.csv");
    let text = std::fs::read_to_string(&path).expect("schedule.csv");
    let kept: Vec<&str> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| l)
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").expect("write");

    let (code, stdout, stderr) = check_zh(&out);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "违规：assignment.csv 第 2 行 [recomputed]：one_way_minutes 写的是 \"999\"，应为"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("kpis.officers [recomputed]：写的是 999，应为"),
        "{stdout}"
    );
    assert!(stdout.contains("违规：calendars/"), "{stdout}");
    assert!(
        stdout.contains("处违规（规则未满足或数字不实）"),
        "{stdout}"
    );
    let english: Vec<(&str, Vec<String>)> = stdout
        .lines()
        .map(|l| (l, english_words(l)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    assert!(english.is_empty(), "English left: {english:#?}\n{stdout}");
}

#[test]
fn check_in_chinese_names_a_missing_plan_in_chinese() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (code, stdout, stderr) = check_zh(&tmp.path().join("nowhere"));
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("：方案中没有 assignment.csv，而 tepai check 需要它"),
        "{stderr}"
    );
    assert!(
        english_words(&stderr).is_empty(),
        "{stderr} {:?}",
        english_words(&stderr)
    );
}

#[test]
fn a_plan_file_or_output_folder_that_cannot_be_used_is_named_in_chinese() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = scenario("invalid/base");
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let (code, _, stderr) = run(
        &[
            "plan",
            "--lang",
            "zh",
            base.to_str().expect("utf-8"),
            "--out",
            file.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("tepai: 错误：") && stderr.contains("a-file：是文件，不是文件夹"),
        "{stderr}"
    );
    assert!(
        english_words(&stderr).is_empty(),
        "{stderr} {:?}",
        english_words(&stderr)
    );

    let out = plan(tmp.path());
    std::fs::write(out.join("summary.json"), "not json").expect("write");
    let (code, _, stderr) = check_zh(&out);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("中的方案时出错："), "{stderr}");
    assert!(
        stderr.contains("summary.json 第 1 行：不是有效的 JSON（系统信息："),
        "{stderr}"
    );
    assert!(
        english_words(&stderr).is_empty(),
        "{stderr} {:?}",
        english_words(&stderr)
    );
    // In English, as before.
    let (code, _, stderr) = run(
        &[
            "check",
            base.to_str().expect("utf-8"),
            "--plan",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("tepai: error: reading the plan in "),
        "{stderr}"
    );
    assert!(stderr.contains("summary.json:1: expected "), "{stderr}");
}
