//! Tables as planning offices keep them: an `.xlsx` workbook with Chinese sheets, headers and
//! values; CSV files with Chinese headers and values, `、`/`；` lists, `YYYY/M/D` dates,
//! Windows line ends and the GB18030 encoding of Excel's “CSV” on Chinese Windows. Each
//! plans to exactly the plan of the CSV tables holding the same words (the English ones, or
//! for a Chinese region workbook the same Chinese names and tags); each bad input is a coded
//! error at its sheet and cell, or file, line and column.
use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tepai_generate::{generate, workbook::Language, GeneratedScenario, Preset};
use tepai_model::columns::{ColumnKind, TableSpec, TABLES};
use tepai_model::{load, Diagnostic, Diagnostics};

use crate::{run, scenario};

/// Plans `dir` into `out` (node limit: the same search on every run).
fn plan(dir: &Path, out: &Path) -> String {
    let (code, stdout, stderr) = run(
        &[
            "plan",
            dir.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--node-limit",
            "2000",
        ],
        None,
    );
    assert!(code == 0 || code == 3, "exit {code}\n{stdout}{stderr}");
    stderr
}

/// Every file under `dir` by relative path, `summary.json` and `report.html` without what
/// depends on the input files' bytes (the scenario's hash) or on the clock (`timings_s`).
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, into);
                continue;
            }
            let rel = path
                .strip_prefix(base)
                .expect("below")
                .display()
                .to_string();
            let mut bytes = std::fs::read(&path).expect("read");
            if rel == "summary.json" {
                let mut json: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
                let o = json.as_object_mut().expect("object");
                o.remove("timings_s");
                o["scenario"]
                    .as_object_mut()
                    .expect("scenario")
                    .remove("hash");
                bytes = serde_json::to_vec_pretty(&json).expect("json");
            }
            if rel == "report.html" {
                // The footer names the input files' hash, like summary.json.
                let html = String::from_utf8(bytes).expect("utf-8");
                let at = html.find("场景指纹 ").expect("the hash in the footer");
                let hex = at + "场景指纹 ".len();
                bytes = format!("{}{}", &html[..hex], &html[hex + 64..]).into_bytes();
            }
            into.insert(rel, bytes);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same_plan(want: &Path, got: &Path) {
    let (want, got) = (outputs(want), outputs(got));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>(),
        "the same files"
    );
    assert!(
        want.len() > 100,
        "a plan with calendars: {} files",
        want.len()
    );
    for (name, bytes) in &want {
        assert!(got[name] == *bytes, "{name} differs");
    }
}

/// The generated tables as CSV files with the region's name and tags in Chinese, as a Chinese
/// workbook holds them: each cell of a translated column, item by item.
fn in_chinese(generated: &GeneratedScenario) -> GeneratedScenario {
    let chinese = &generated.chinese;
    let files = generated
        .files
        .iter()
        .map(|(name, text)| {
            if name == "scenario.toml" {
                let (first, rest) = text.split_once('\n').expect("lines");
                assert!(first.starts_with("name = "), "{first}");
                let zh = chinese.name.as_deref().expect("a Chinese name");
                return (name.clone(), format!("name = \"{zh}\"\n{rest}"));
            }
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header = reader.headers().expect("header").clone();
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            writer.write_record(&header).expect("write");
            for record in reader.records() {
                let record = record.expect("row");
                let row: Vec<String> = header
                    .iter()
                    .zip(record.iter())
                    .map(|(column, cell)| {
                        cell.split(';')
                            .map(|item| chinese.of(column, item))
                            .collect::<Vec<_>>()
                            .join(";")
                    })
                    .collect();
                writer.write_record(&row).expect("write");
            }
            let bytes = writer.into_inner().expect("flush");
            (name.clone(), String::from_utf8(bytes).expect("utf-8"))
        })
        .collect();
    GeneratedScenario {
        files,
        ..GeneratedScenario::default()
    }
}

#[test]
fn nanping_2024_as_a_chinese_workbook_plans_the_plan_of_the_csv_tables() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let generated = generate(Preset::Nanping2024, 7);
    let csv = tmp.path().join("csv");
    let xlsx = tmp.path().join("xlsx");
    generated.write_to(&csv).expect("csv");
    generated
        .write_workbook_to(&xlsx, Language::Chinese)
        .expect("xlsx");
    // The generated CSV tables are the shipped scenario.
    for (name, text) in &generated.files {
        let shipped =
            std::fs::read_to_string(scenario("nanping-2024").join(name)).expect("shipped");
        assert_eq!(&shipped, text, "{name}");
    }
    let names: Vec<String> = std::fs::read_dir(&xlsx)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "scenario.toml and region.xlsx: {names:?}");
    let loaded = load(&xlsx).expect("the workbook loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let s = &loaded.scenario;
    assert_eq!(s.officers[0].name, "王海");
    // The region's name and tags are Chinese, and needs still meet specialties.
    assert_eq!(s.name, "南平市 2024");
    assert_eq!(s.courts[1].county, "延平区");
    let english = load(&csv).expect("the tables load").scenario;
    for (zh, en) in s.enterprises.iter().zip(&english.enterprises) {
        assert_eq!(
            s.tag(zh.county),
            generated.chinese.of("county", english.tag(en.county))
        );
        assert_eq!(
            s.tag(zh.industry),
            generated.chinese.of("industry", english.tag(en.industry))
        );
        let needs: Vec<&str> = english
            .tags(&en.needs)
            .map(|n| generated.chinese.of("needs", n))
            .collect();
        assert_eq!(s.tags(&zh.needs).collect::<Vec<_>>(), needs);
        assert!(!s.tag(zh.county).is_ascii() && !s.tag(zh.industry).is_ascii());
    }
    for (zh, en) in s.officers.iter().zip(&english.officers) {
        let specialties: Vec<&str> = en
            .specialties
            .iter()
            .map(|x| generated.chinese.of("specialties", x))
            .collect();
        assert_eq!(zh.specialties, specialties);
        assert!(
            zh.specialties.iter().all(|x| !x.is_ascii()),
            "{:?}",
            zh.specialties
        );
    }

    // The Chinese workbook plans exactly as the same Chinese names and tags in CSV tables:
    // the workbook reader reads what was written.
    let (zh_csv, p_zh_csv) = (tmp.path().join("zh-csv"), tmp.path().join("plan-zh-csv"));
    in_chinese(&generated)
        .write_to(&zh_csv)
        .expect("Chinese CSV");
    let (p_csv, p_xlsx) = (tmp.path().join("plan-csv"), tmp.path().join("plan-xlsx"));
    plan(&csv, &p_csv);
    plan(&zh_csv, &p_zh_csv);
    plan(&xlsx, &p_xlsx);
    assert_same_plan(&p_zh_csv, &p_xlsx);
    // Against the English tables, the plan differs by design where ties are broken by a
    // tag's name (a unit's most frequent needs), but not in what it achieves.
    let summary = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).expect("json"))
            .expect("json")
    };
    let (en, zh) = (summary(&p_csv), summary(&p_xlsx));
    assert_eq!(zh["scenario"]["name"], "南平市 2024");
    for key in ["status", "targets_met"] {
        assert_eq!(en[key], zh[key], "{key}");
    }
    for target in ["platforms", "chambers", "enterprises"] {
        let (e, z) = (&en["targets"][target], &zh["targets"][target]);
        assert_eq!(e["required"], z["required"], "{target}");
        let (e, z) = (
            e["achieved"].as_f64().expect("n"),
            z["achieved"].as_f64().expect("n"),
        );
        assert!((e - z).abs() <= 0.01 * e, "{target}: {e} and {z}");
    }
    for key in ["officers", "officers_used", "enterprises_served_directly"] {
        assert_eq!(en["kpis"][key], zh["kpis"][key], "{key}");
    }
    assert_eq!(
        en["schedule"]["calendars"], zh["schedule"]["calendars"],
        "officers with visits"
    );

    // The same through the command line, in English.
    let en = tmp.path().join("en");
    let (code, stdout, stderr) = run(
        &[
            "generate",
            "--preset",
            "nanping-2024",
            "--seed",
            "7",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            en.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // An English workbook is the CSV tables as they are: the plan is the same, byte for
    // byte, which shows the workbook reader reads exactly what was written.
    let p_en = tmp.path().join("plan-en");
    plan(&en, &p_en);
    assert_same_plan(&p_csv, &p_en);
}

/// The shipped table `name` rewritten as a planning office would keep it: Chinese headers
/// and values, `、`/`；` lists, `YYYY/M/D` dates, CRLF line ends.
pub(crate) fn chinese_csv(spec: &TableSpec, text: &str) -> String {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let columns: Vec<_> = header
        .iter()
        .map(|h| spec.column(h).expect("a known column"))
        .collect();
    writer
        .write_record(columns.iter().map(|c| c.zh))
        .expect("write");
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("row");
        let sep = if i % 2 == 0 { "、" } else { "；" };
        let row: Vec<String> = columns
            .iter()
            .zip(record.iter())
            .map(|(c, cell)| {
                let zh = |v: tepai_model::columns::Vocabulary, x: &str| {
                    v.values()
                        .iter()
                        .find(|(en, _)| *en == x)
                        .map_or(x.to_owned(), |(_, z)| (*z).to_owned())
                };
                match c.kind {
                    ColumnKind::Choice(v) => zh(v, cell),
                    ColumnKind::ChoiceList(v) => cell
                        .split(';')
                        .filter(|s| !s.is_empty())
                        .map(|x| zh(v, x))
                        .collect::<Vec<_>>()
                        .join(sep),
                    ColumnKind::List => cell.split(';').collect::<Vec<_>>().join(sep),
                    ColumnKind::Date => {
                        let d = chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").expect("date");
                        d.format("%Y/%-m/%-d").to_string()
                    }
                    _ => cell.to_owned(),
                }
            })
            .collect();
        writer.write_record(&row).expect("write");
    }
    String::from_utf8(writer.into_inner().expect("flush")).expect("utf-8")
}

#[test]
fn chinese_csv_tables_in_gb18030_with_crlf_plan_as_the_english_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let zh = tmp.path().join("zh");
    std::fs::create_dir_all(&zh).expect("dir");
    let shipped = scenario("nanping-2024");
    std::fs::copy(shipped.join("scenario.toml"), zh.join("scenario.toml")).expect("copy");
    for spec in TABLES {
        let file = format!("{}.csv", spec.key);
        let Ok(text) = std::fs::read_to_string(shipped.join(&file)) else {
            continue;
        };
        let converted = chinese_csv(spec, &text);
        let bytes = if spec.key == "officers" || spec.key == "enterprises" {
            // As Excel's “CSV” writes on Chinese Windows.
            let (gbk, _, lossy) = encoding_rs::GB18030.encode(&converted);
            assert!(!lossy);
            gbk.into_owned()
        } else if spec.key == "courts" {
            // As Excel's “CSV UTF-8” writes: with a byte-order mark.
            [b"\xef\xbb\xbf".as_slice(), converted.as_bytes()].concat()
        } else {
            converted.into_bytes()
        };
        std::fs::write(zh.join(&file), bytes).expect("write");
    }
    let officers = std::fs::read(zh.join("officers.csv")).expect("read");
    assert!(
        std::str::from_utf8(&officers).is_err(),
        "GB18030, not UTF-8"
    );
    assert!(officers.windows(2).any(|w| w == b"\r\n"));

    let loaded = load(&zh).expect("loads");
    let codes: Vec<&str> = loaded.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["W410", "W410"], "{:?}", loaded.warnings);
    let want = load(&shipped).expect("shipped").scenario;
    let got = &loaded.scenario;
    assert_eq!(got.officers[0].name, "王海");
    for (a, b) in want.officers.iter().zip(&got.officers) {
        assert_eq!(
            (&a.id, &a.name, a.rank, &a.specialties),
            (&b.id, &b.name, b.rank, &b.specialties)
        );
    }
    for (a, b) in want.enterprises.iter().zip(&got.enterprises) {
        assert_eq!(a.categories, b.categories, "{}", a.name);
    }

    let (p_en, p_zh) = (tmp.path().join("plan-en"), tmp.path().join("plan-zh"));
    plan(&shipped, &p_en);
    let stderr = plan(&zh, &p_zh);
    assert!(stderr.contains("W410"), "{stderr}");
    assert_same_plan(&p_en, &p_zh);
}

/// A copy of the invalid-case base scenario with `courts.csv` replaced by `text`.
fn with_courts(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = scenario("invalid/base");
    for entry in std::fs::read_dir(&base).expect("base") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(dir.path().join("courts.csv"), text).expect("write");
    dir
}

fn errors(dir: &Path) -> Vec<Diagnostic> {
    let diags: Diagnostics = load(dir).expect_err("invalid");
    diags.errors().cloned().collect()
}

#[test]
fn line_numbers_are_right_with_windows_line_ends() {
    // A blank line, a name holding a line break, then an unknown level on line 5.
    let text = "id,name,level,lat,lon,county\r\n\r\n\
                c-np,\"南平市中级\r\n人民法院\",intermediate,26.637,118.178,yanping\r\n\
                c-jo,建瓯市人民法院,supreme,27.023,118.305,jianou\r\n";
    let dir = with_courts(text.as_bytes());
    let errs = errors(dir.path());
    let e = errs
        .iter()
        .find(|d| d.code.as_str() == "E205")
        .expect("E205");
    assert_eq!(e.line, Some(5), "{e}");
    assert_eq!(e.field.as_deref(), Some("level"), "{e}");
    assert!(
        e.to_string().contains("courts.csv:5 (level = \"supreme\")"),
        "{e}"
    );
}

#[test]
fn a_csv_neither_utf8_nor_gb18030_is_e002_at_its_line() {
    let mut text = std::fs::read(scenario("invalid/base/courts.csv")).expect("base");
    let second = text.iter().position(|&b| b == b'\n').expect("a line") + 1;
    let third = second
        + text[second..]
            .iter()
            .position(|&b| b == b'\n')
            .expect("a line")
        + 1;
    text.insert(third + 3, 0xff);
    let dir = with_courts(&text);
    let errs = errors(dir.path());
    assert_eq!(errs[0].code.as_str(), "E002", "{errs:?}");
    assert_eq!(errs[0].line, Some(3), "{}", errs[0]);
}

#[test]
fn unknown_chinese_values_name_their_line_and_the_accepted_spellings() {
    let base = std::fs::read_to_string(scenario("invalid/base/courts.csv")).expect("base");
    let text = base
        .replacen(
            "id,name,level,lat,lon,county",
            "编号,名称,级别,纬度,经度,所属县区",
            1,
        )
        .replacen(",basic,", ",最高法院,", 1);
    let dir = with_courts(text.as_bytes());
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.code.as_str(), "E205");
    assert_eq!(e.value.as_deref(), Some("最高法院"));
    assert!(e.action.contains("basic (基层法院)"), "{e}");
}

// ---- Workbooks built cell by cell -------------------------------------------------------

/// A cell of a test workbook.
pub(crate) enum C {
    S(String),
    N(f64),
    F(&'static str),
    D(u16, u8, u8),
}

/// The invalid-case base tables as sheets of cells: numbers in number columns.
pub(crate) fn base_sheets() -> Vec<(String, Vec<Vec<C>>)> {
    let mut sheets = Vec::new();
    for spec in TABLES {
        let Ok(text) =
            std::fs::read_to_string(scenario("invalid/base").join(format!("{}.csv", spec.key)))
        else {
            continue;
        };
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("h")
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = vec![header
            .iter()
            .map(|h| C::S(spec.column(h).expect("known").zh.to_owned()))
            .collect::<Vec<_>>()];
        for r in reader.records() {
            let r = r.expect("row");
            rows.push(
                header
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| match spec.column(h).expect("known").kind {
                        ColumnKind::Number if !v.is_empty() => C::N(v.parse().expect("number")),
                        _ => C::S(v.to_owned()),
                    })
                    .collect(),
            );
        }
        sheets.push((spec.sheet.to_owned(), rows));
    }
    sheets
}

/// A scenario directory holding `scenario.toml` (the base's settings, `[data] workbook`)
/// and `region.xlsx` made of `sheets`, with `merge` ranges (sheet, first row, first col,
/// last row, last col) merged.
pub(crate) fn workbook_scenario(
    sheets: &[(String, Vec<Vec<C>>)],
    merge: &[(&str, u32, u16, u32, u16)],
) -> tempfile::TempDir {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).expect("name");
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).expect("row");
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).expect("col");
                match cell {
                    C::S(s) if s.is_empty() => continue,
                    C::S(s) => sheet.write_string(r, c, s).map(|_| ()),
                    C::N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    C::F(f) => sheet.write_formula(r, c, *f).map(|_| ()),
                    C::D(y, m, d) => sheet
                        .write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                            &date,
                        )
                        .map(|_| ()),
                }
                .expect("write");
            }
        }
        for &(s, r1, c1, r2, c2) in merge {
            if s == name {
                sheet
                    .merge_range(r1, c1, r2, c2, "", &Format::new())
                    .expect("merge");
            }
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    book.save(dir.path().join("region.xlsx")).expect("save");
    let toml = std::fs::read_to_string(scenario("invalid/base/scenario.toml")).expect("toml");
    let mut out = String::new();
    let mut in_data = false;
    for line in toml.lines() {
        if line.starts_with('[') {
            in_data = line == "[data]";
            out.push_str(line);
            out.push('\n');
            if in_data {
                out.push_str("workbook = \"region.xlsx\"\n");
            }
        } else if !(in_data && line.contains('=')) {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(dir.path().join("scenario.toml"), out).expect("toml");
    dir
}

pub(crate) fn sheet<'a>(
    sheets: &'a mut [(String, Vec<Vec<C>>)],
    name: &str,
) -> &'a mut Vec<Vec<C>> {
    &mut sheets
        .iter_mut()
        .find(|(n, _)| n == name)
        .expect("the sheet")
        .1
}

/// The only error of loading `dir`, with its code and cell.
fn only(dir: &Path) -> Diagnostic {
    let errs = errors(dir);
    assert_eq!(errs.len(), 1, "exactly one error: {errs:#?}");
    errs.into_iter().next().expect("one")
}

#[test]
fn the_base_scenario_as_a_workbook_loads_like_its_csv_tables() {
    let dir = workbook_scenario(&base_sheets(), &[]);
    let got = load(dir.path()).expect("loads").scenario;
    let want = load(&scenario("invalid/base")).expect("loads").scenario;
    assert_eq!(got.officers.len(), want.officers.len());
    assert_eq!(got.enterprises.len(), want.enterprises.len());
    for (a, b) in want.unavailable.iter().zip(&got.unavailable) {
        assert_eq!((a.from, a.to), (b.from, b.to));
    }
}

#[test]
fn dates_may_be_date_cells_or_written_with_slashes() {
    let mut sheets = base_sheets();
    let rows = sheet(&mut sheets, "不可用");
    rows[1][1] = C::D(2024, 3, 4);
    rows[1][2] = C::S("2024/3/8".into());
    let dir = workbook_scenario(&sheets, &[]);
    let s = load(dir.path()).expect("loads").scenario;
    assert_eq!(s.unavailable[0].from.to_string(), "2024-03-04");
    assert_eq!(s.unavailable[0].to.to_string(), "2024-03-08");
}

#[test]
fn a_bad_date_is_e209_at_its_cell() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "不可用")[1][2] = C::S("2024/13/1".into());
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E209", "{d}");
    assert_eq!(d.cell.as_deref(), Some("不可用!C2"), "{d}");
    assert!(
        d.to_string()
            .contains("region.xlsx 不可用!C2 (结束日期 = \"2024/13/1\")"),
        "{d}"
    );
}

#[test]
fn an_unknown_chinese_rank_is_e206_at_its_cell() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "特派员")[3][3] = C::S("院长".into());
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E206", "{d}");
    assert_eq!(d.cell.as_deref(), Some("特派员!D4"), "{d}");
    assert!(d.action.contains("judge (员额法官)"), "{d}");
}

#[test]
fn a_missing_sheet_is_e015_and_an_unknown_one_w411() {
    let mut sheets = base_sheets();
    let officers = sheets
        .iter()
        .position(|(n, _)| n == "特派员")
        .expect("officers");
    sheets[officers].0 = "特派员名单".into();
    let dir = workbook_scenario(&sheets, &[]);
    let diags = load(dir.path()).expect_err("invalid");
    let d = only(dir.path());
    assert_eq!(d.code.as_str(), "E015", "{d}");
    assert!(d.message.contains("特派员"), "{d}");
    let w: Vec<&Diagnostic> = diags.warnings().collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].code.as_str(), "W411");
    assert_eq!(w[0].cell.as_deref(), Some("特派员名单"));
}

#[test]
fn english_sheet_names_and_headers_are_read_too() {
    let mut sheets = base_sheets();
    for (name, rows) in &mut sheets {
        let spec = TABLES
            .iter()
            .find(|t| t.sheet == name.as_str())
            .expect("a table");
        *name = spec.key.to_owned();
        for cell in &mut rows[0] {
            if let C::S(h) = cell {
                *h = spec
                    .columns
                    .iter()
                    .find(|c| c.zh == h.as_str())
                    .expect("known")
                    .name
                    .to_owned();
            }
        }
    }
    let dir = workbook_scenario(&sheets, &[]);
    assert!(load(dir.path()).is_ok());
}

#[test]
fn merged_cells_are_e016_naming_the_range() {
    let sheets = base_sheets();
    let d = only(workbook_scenario(&sheets, &[("企业", 2, 6, 4, 6)]).path());
    assert_eq!(d.code.as_str(), "E016", "{d}");
    assert_eq!(d.cell.as_deref(), Some("企业!G3:G5"), "{d}");
}

#[test]
fn data_under_an_empty_header_cell_is_e017() {
    let mut sheets = base_sheets();
    let rows = sheet(&mut sheets, "法院");
    let width = rows[0].len();
    rows[0].push(C::S(String::new()));
    rows[2].push(C::S("备注".into()));
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E017", "{d}");
    let letter = char::from(b'A' + u8::try_from(width).expect("narrow"));
    assert_eq!(d.cell, Some(format!("法院!{letter}3")), "{d}");
}

#[test]
fn a_formula_cell_is_e018() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "特派员")[2][5] = C::F("=6*2");
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E018", "{d}");
    assert_eq!(d.cell.as_deref(), Some("特派员!F3"), "{d}");
    assert!(d.message.contains("=6*2"), "{d}");
}

#[test]
fn a_fraction_or_a_long_number_in_a_text_column_is_e019_and_a_whole_one_is_its_digits() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "法院")[1][5] = C::N(3.5);
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E019", "{d}");
    assert_eq!(d.cell.as_deref(), Some("法院!F2"), "{d}");

    let mut sheets = base_sheets();
    sheet(&mut sheets, "法院")[1][5] = C::N(350_702_123_456_789_012.0);
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E019", "{d}");

    let mut sheets = base_sheets();
    sheet(&mut sheets, "法院")[1][5] = C::N(350_702.0);
    let s = load(workbook_scenario(&sheets, &[]).path())
        .expect("loads")
        .scenario;
    assert_eq!(s.courts[0].county, "350702");
}

#[test]
fn a_damaged_workbook_is_e014() {
    let dir = workbook_scenario(&base_sheets(), &[]);
    let path = dir.path().join("region.xlsx");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    let d = only(dir.path());
    assert_eq!(d.code.as_str(), "E014", "{d}");
    assert!(
        d.file.as_ref().is_some_and(|f| f.ends_with("region.xlsx")),
        "{d}"
    );
}

#[test]
fn the_template_is_written_once_and_only_as_xlsx() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("模板.xlsx");
    let path = out.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(&["template", "--out", path], None);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"PK"), "a zip container");
    // Its visit-ledger sheet, empty, is read as a ledger: every column known.
    let book: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("an xlsx");
    use calamine::Reader as _;
    assert!(
        book.sheet_names().iter().any(|n| n == "走访台账"),
        "{:?}",
        book.sheet_names()
    );
    let s = load(&scenario("invalid/base")).expect("valid").scenario;
    let ledger = tepai_model::ledger::load_ledger(&s, &out).expect("the template's ledger loads");
    assert!(ledger.0.entries.is_empty());
    // Never over an existing (perhaps filled-in) workbook.
    std::fs::write(&out, b"filled in").expect("write");
    let (code, _, stderr) = run(&["template", "--out", path], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read(&out).expect("kept"), b"filled in");
    let (code, _, stderr) = run(
        &[
            "template",
            "--out",
            tmp.path().join("t.csv").to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(".xlsx"), "{stderr}");
}

#[test]
fn a_filled_in_template_loads() {
    // The template's sheets with the base tables' rows below its headers.
    let tmp = tempfile::tempdir().expect("tempdir");
    let filled = GeneratedScenario {
        files: std::fs::read_dir(scenario("invalid/base"))
            .expect("base")
            .map(|e| {
                let p = e.expect("entry").path();
                (
                    p.file_name().expect("name").to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).expect("text"),
                )
            })
            .collect(),
        ..GeneratedScenario::default()
    };
    filled
        .write_workbook_to(tmp.path(), Language::Chinese)
        .expect("written");
    let s = load(tmp.path()).expect("loads").scenario;
    assert_eq!(
        s.courts.len(),
        load(&scenario("invalid/base"))
            .expect("base")
            .scenario
            .courts
            .len()
    );
}

// ---- What the messages say to a user of the workbook -------------------------------------

#[test]
fn a_name_typed_for_an_id_is_answered_with_the_id_in_the_sheets_own_words() {
    let mut sheets = base_sheets();
    // o-2's court by its name; o-3's by a near miss of c-jo; e-2's unit by its name.
    let officers = sheet(&mut sheets, "特派员");
    officers[2][2] = C::S("南平市中级人民法院".into());
    officers[3][2] = C::S("c-jox".into());
    sheet(&mut sheets, "企业")[2][6] = C::S("南平工业园区".into());
    let dir = workbook_scenario(&sheets, &[]);
    let errs = errors(dir.path());
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let by_name = &errs[1];
    assert_eq!(by_name.code.as_str(), "E110", "{by_name}");
    assert_eq!(by_name.cell.as_deref(), Some("特派员!C3"), "{by_name}");
    assert_eq!(by_name.field.as_deref(), Some("所属法院"), "{by_name}");
    assert_eq!(
        by_name.action,
        "`南平市中级人民法院` is the name of court c-np: write its id c-np"
    );
    let near = &errs[2];
    assert_eq!(near.code.as_str(), "E110", "{near}");
    assert_eq!(
        near.action,
        "did you mean c-jo? use an id from the 编号 column of sheet 法院"
    );
    let unit = &errs[0];
    assert_eq!(unit.code.as_str(), "E111", "{unit}");
    assert_eq!(unit.field.as_deref(), Some("所属平台商会"), "{unit}");
    assert_eq!(
        unit.action,
        "`南平工业园区` is the name of unit u-plat: write its id u-plat"
    );
}

#[test]
fn an_unknown_id_far_from_every_id_names_the_sheet_column_and_every_list_separator() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "企业")[2][6] = C::S("u-plat、第三工业园".into());
    let d = only(workbook_scenario(&sheets, &[]).path());
    assert_eq!(d.code.as_str(), "E111", "{d}");
    assert_eq!(d.value.as_deref(), Some("第三工业园"), "{d}");
    assert_eq!(
        d.action,
        "list ids from the 编号 column of sheet 平台商会, separated by ; ； 、 or ，"
    );
}

#[test]
fn a_bad_header_in_one_sheet_hides_no_row_error_of_the_others() {
    let mut sheets = base_sheets();
    // The officers' header misspelt: that sheet cannot be read, so references to officers
    // (conflicts, unavailability) cannot be checked; every other row still is.
    sheet(&mut sheets, "特派员")[0][1] = C::S("姓 名".into());
    sheet(&mut sheets, "企业")[3][7] = C::S("央企".into());
    sheet(&mut sheets, "不可用")[1][2] = C::S("2024/13/1".into());
    sheet(&mut sheets, "利益冲突")[2][1] = C::S("c-nowhere".into());
    let dir = workbook_scenario(&sheets, &[]);
    let codes: Vec<(String, Option<String>)> = errors(dir.path())
        .iter()
        .map(|d| (d.code.as_str().to_owned(), d.cell.clone()))
        .collect();
    let want = [
        ("E204", Some("企业!H4")),
        ("E010", Some("特派员!A1")),
        ("E110", Some("利益冲突!B3")),
        ("E209", Some("不可用!C2")),
    ]
    .map(|(c, cell)| (c.to_owned(), cell.map(str::to_owned)));
    assert_eq!(codes, want);
}

#[test]
fn a_need_no_officer_meets_is_blamed_on_the_enterprises_sheet_and_its_column() {
    let mut sheets = base_sheets();
    sheet(&mut sheets, "企业")[1][8] = C::S("海事".into());
    let dir = workbook_scenario(&sheets, &[]);
    let loaded = load(dir.path()).expect("loads");
    let w: Vec<&Diagnostic> = loaded
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "W404")
        .collect();
    assert_eq!(w.len(), 1, "{w:#?}");
    let d = w
        .iter()
        .find(|d| d.value.as_deref() == Some("海事"))
        .expect("海事");
    assert!(
        d.file.as_ref().is_some_and(|f| f.ends_with("region.xlsx")),
        "{d}"
    );
    assert_eq!(d.cell.as_deref(), Some("企业"), "{d}");
    assert_eq!(d.field.as_deref(), Some("法律需求"), "{d}");
    assert!(d.action.contains("the 专长 column of sheet 特派员"), "{d}");
}
