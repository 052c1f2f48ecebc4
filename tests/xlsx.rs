//! The plan as the people who use it meet it: `plan.xlsx` read back with calamine (sheets,
//! Chinese text, real dates, times and numbers, frozen and filtered headers, the English
//! variant, a plan without a schedule), CSVs with a byte-order mark and name columns, plan
//! CSVs saved back by Excel and accepted by `tepai check`, and team calendars that name the
//! team and its lead.
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::{run, scenario};

/// Plans `name` into `out` with extra arguments; the exit code must be 0.
fn plan(name: &str, out: &Path, extra: &[&str]) {
    let dir = scenario(name);
    let mut args = vec![
        "plan",
        dir.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args, None);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

fn check(name: &str, out: &Path) -> (i32, String, String) {
    let dir = scenario(name);
    run(
        &[
            "check",
            dir.to_str().expect("utf-8"),
            "--plan",
            out.to_str().expect("utf-8"),
        ],
        None,
    )
}

/// A CSV as (header, rows of named cells).
fn csv_rows(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> calamine::Range<Data> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The column of a header cell in the first row.
fn col(range: &calamine::Range<Data>, header: &str) -> usize {
    range
        .rows()
        .next()
        .expect("a header row")
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap_or_else(|| panic!("no column {header}"))
}

/// The XML of one worksheet part (`xl/worksheets/sheetN.xml`), N counting from 1.
fn sheet_xml(path: &Path, n: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .expect("sheet part")
        .read_to_string(&mut xml)
        .expect("xml");
    xml
}

#[test]
fn plan_xlsx_reads_back_in_chinese_with_dates_times_and_numbers() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("np");
    plan("nanping-2024", &out, &[]);
    let path = out.join("plan.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).expect("plan.xlsx opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "总览",
            "派驻安排",
            "走访日程",
            "企业覆盖",
            "每人一览",
            "每院汇总"
        ]
    );

    // 派驻安排: one row per row of assignment.csv, same officer, court and target names.
    let (_, assignment) = csv_rows(&out.join("assignment.csv"));
    let a = sheet(&mut wb, "派驻安排");
    assert_eq!(a.height(), assignment.len() + 1);
    let (officer, court, target, role, travel) = (
        col(&a, "特派员"),
        col(&a, "所属法院"),
        col(&a, "对象名称"),
        col(&a, "角色"),
        col(&a, "单程路途（分钟）"),
    );
    for (i, row) in assignment.iter().enumerate() {
        let r = i as u32 + 1;
        let at = |c: usize| a.get_value((r, c as u32));
        assert_eq!(text(at(officer)), row["officer_name"]);
        assert_eq!(text(at(court)), row["court_name"]);
        assert_eq!(text(at(target)), row["target_name"]);
        let want_role = if row["role"] == "lead" {
            "牵头"
        } else {
            "成员"
        };
        assert_eq!(text(at(role)), want_role);
        assert_eq!(
            number(at(travel)),
            row["one_way_minutes"].parse::<f64>().expect("minutes")
        );
    }

    // 走访日程: one row per schedule.csv row; the date is an Excel date, depart and return
    // Excel times, minutes numbers, the enterprises' names in visiting order.
    let (_, schedule) = csv_rows(&out.join("schedule.csv"));
    let v = sheet(&mut wb, "走访日程");
    assert_eq!(v.height(), schedule.len() + 1);
    let (date, depart, back, minutes, names, unit) = (
        col(&v, "日期"),
        col(&v, "出发"),
        col(&v, "返回"),
        col(&v, "路途（分钟）"),
        col(&v, "走访企业（按走访顺序）"),
        col(&v, "对象名称"),
    );
    for (i, row) in schedule.iter().enumerate() {
        let r = i as u32 + 1;
        let at = |c: usize| v.get_value((r, c as u32));
        let Some(Data::DateTime(d)) = at(date) else {
            panic!("row {r}: the date is not an Excel date: {:?}", at(date));
        };
        let d = d.as_datetime().expect("a date");
        assert_eq!(d.format("%Y-%m-%d").to_string(), row["date"]);
        for (c, want) in [(depart, &row["depart"]), (back, &row["return"])] {
            let Some(Data::DateTime(t)) = at(c) else {
                panic!("row {r}: not an Excel time: {:?}", at(c));
            };
            let t = t.as_datetime().expect("a time");
            assert_eq!(&t.format("%H:%M").to_string(), want);
        }
        assert_eq!(
            number(at(minutes)),
            row["travel_minutes"].parse::<f64>().expect("n")
        );
        assert_eq!(text(at(names)), row["enterprise_names"].replace(';', " → "));
        assert_eq!(text(at(unit)), row["target_name"]);
    }

    // 总览: the targets as numbers, the quality in plain Chinese words.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("json");
    let o = sheet(&mut wb, "总览");
    let title = text(o.get_value((0, 0)));
    assert!(title.contains("年度法律特派员派驻方案"), "{title}");
    let row_of = |label: &str| {
        (0..o.height() as u32)
            .find(|&r| matches!(o.get_value((r, 0)), Some(Data::String(s)) if s == label))
            .unwrap_or_else(|| panic!("总览 has no row {label}"))
    };
    for (label, key) in [
        ("工业平台", "platforms"),
        ("商会", "chambers"),
        ("企业", "enterprises"),
    ] {
        let r = row_of(label);
        let t = &summary["targets"][key];
        assert_eq!(
            number(o.get_value((r, 1))),
            t["required"].as_f64().expect("n")
        );
        assert_eq!(
            number(o.get_value((r, 2))),
            t["achieved"].as_f64().expect("n")
        );
        assert_eq!(text(o.get_value((r, 3))), "达标");
    }
    let quality = text(o.get_value((row_of("方案质量"), 3)));
    let gap = summary["gap"].as_f64().expect("gap");
    assert_eq!(
        quality,
        format!("已证明与最优可能方案相差不超过 {:.2}%。", gap * 100.0)
    );
    assert_eq!(
        number(o.get_value((row_of("全年走访（行程）"), 1))),
        summary["schedule"]["trips"].as_f64().expect("trips")
    );

    // 企业覆盖 and 每院汇总: every enterprise, every court; officers add up.
    let scenario_officers = summary["kpis"]["officers"].as_f64().expect("officers");
    let c = sheet(&mut wb, "企业覆盖");
    let (_, coverage) = csv_rows(&out.join("coverage.csv"));
    assert_eq!(c.height(), coverage.len() + 1);
    let per_court = sheet(&mut wb, "每院汇总");
    let officers = col(&per_court, "特派员");
    let total: f64 = (1..per_court.height() as u32)
        .map(|r| number(per_court.get_value((r, officers as u32))))
        .sum();
    assert_eq!(total, scenario_officers);

    // 每人一览: one titled block per officer, every visit of that officer dated in it.
    let p = sheet(&mut wb, "每人一览");
    let titles: Vec<String> = p
        .rows()
        .filter_map(|r| match r.first() {
            Some(Data::String(s)) if s.contains("全年走访") => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles.len() as f64, scenario_officers);
    let first = &schedule[0];
    let name = &assignment
        .iter()
        .find(|r| r["officer_id"] == first["officer_id"])
        .expect("the officer has duties")["officer_name"];
    let visits = schedule
        .iter()
        .filter(|r| r["officer_id"] == first["officer_id"])
        .count();
    assert!(
        titles.iter().any(
            |t| t.starts_with(&format!("{name}（{}）", first["officer_id"]))
                && t.ends_with(&format!("全年走访 {visits} 次"))
        ),
        "no block for {name}: {titles:?}"
    );

    // Frozen header and autofilter on the tables; A4 landscape for printing.
    for n in [2, 3, 4, 6] {
        let xml = sheet_xml(&path, n);
        assert!(
            xml.contains(r#"state="frozen""#),
            "sheet {n} has no frozen pane"
        );
        assert!(xml.contains("<autoFilter"), "sheet {n} has no autofilter");
        assert!(xml.contains(r#"paperSize="9""#), "sheet {n} is not A4");
    }
    assert!(sheet_xml(&path, 5).contains(r#"state="frozen""#));
    assert!(
        sheet_xml(&path, 5).contains("<rowBreaks"),
        "每人一览 has no page breaks"
    );
}

#[test]
fn plan_xlsx_in_english_and_without_a_schedule() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("en");
    plan("adversarial/teams-clean", &out, &["--lang", "en"]);
    let mut wb: Xlsx<_> = open_workbook(out.join("plan.xlsx")).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "Overview",
            "Assignment",
            "Visits",
            "Coverage",
            "Per envoy",
            "Per court"
        ]
    );
    let v = sheet(&mut wb, "Visits");
    assert!(matches!(
        v.get_value((1, col(&v, "Date") as u32)),
        Some(Data::DateTime(_))
    ));
    let a = sheet(&mut wb, "Assignment");
    let mates = col(&a, "Teammates");
    let officer = col(&a, "Officer");
    let r = (1..a.height() as u32)
        .find(|&r| text(a.get_value((r, officer as u32))) == "Officer A2")
        .expect("Officer A2 serves");
    assert_eq!(
        text(a.get_value((r, mates as u32))),
        "Officer A1, Officer A3"
    );
    let o = sheet(&mut wb, "Overview");
    assert!(o
        .rows()
        .any(|r| matches!(r.get(3), Some(Data::String(s)) if s.starts_with("Proven within "))));

    // `tepai assign`: no schedule, so no visits sheet and no visit counts.
    let dir = scenario("adversarial/teams-clean");
    let assigned = tmp.path().join("assigned");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            dir.to_str().expect("utf-8"),
            "--out",
            assigned.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let mut wb: Xlsx<_> = open_workbook(assigned.join("plan.xlsx")).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        ["总览", "派驻安排", "企业覆盖", "每人一览", "每院汇总"]
    );
    let c = sheet(&mut wb, "企业覆盖");
    assert!(c
        .rows()
        .next()
        .expect("header")
        .iter()
        .all(|h| h != &Data::String("年内走访次数".into())));
}

#[test]
fn csvs_start_with_a_byte_order_mark_and_end_with_names() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("np");
    plan("nanping-2024", &out, &[]);
    for file in ["assignment.csv", "schedule.csv", "coverage.csv"] {
        let bytes = std::fs::read(out.join(file)).expect("read");
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{file} has no byte-order mark"
        );
    }
    let (header, assignment) = csv_rows(&out.join("assignment.csv"));
    assert_eq!(header.last().map(String::as_str), Some("court_name"));
    let names: BTreeMap<&str, &str> = assignment
        .iter()
        .map(|r| (r["officer_id"].as_str(), r["officer_name"].as_str()))
        .collect();
    let (header, schedule) = csv_rows(&out.join("schedule.csv"));
    assert_eq!(
        header[header.len() - 3..],
        ["officer_name", "target_name", "enterprise_names"]
    );
    let (_, coverage) = csv_rows(&out.join("coverage.csv"));
    let enterprise: BTreeMap<&str, &str> = coverage
        .iter()
        .map(|r| (r["enterprise_id"].as_str(), r["enterprise_name"].as_str()))
        .collect();
    for r in &schedule {
        assert_eq!(r["officer_name"], names[r["officer_id"].as_str()]);
        let want: Vec<&str> = r["enterprise_ids"]
            .split(';')
            .map(|id| enterprise[id])
            .collect();
        assert_eq!(r["enterprise_names"], want.join(";"));
        assert!(!r["target_name"].is_empty());
    }
    let (header, _) = csv_rows(&out.join("coverage.csv"));
    assert_eq!(
        header[header.len() - 2..],
        ["reached_via_name", "officer_names"]
    );
    for r in &coverage {
        let want: Vec<&str> = r["officer_ids"]
            .split(';')
            .filter(|id| !id.is_empty())
            .map(|id| names[id])
            .collect();
        assert_eq!(r["officer_names"], want.join(";"));
    }
    // Chinese names are there, in UTF-8.
    assert!(schedule[0]["officer_name"]
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
}

/// A CSV as Excel saves it after opening it: fields quoted only when needed, CRLF line ends,
/// dates as `2024/3/5` and times as `8:30` (cells it took for dates and times).
pub(crate) fn excel_csv(path: &Path) -> String {
    let (header, rows) = csv_rows(path);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![]);
    w.write_record(&header).expect("write");
    for r in rows {
        let cells = header.iter().map(|h| {
            let cell = r[h].clone();
            match h.as_str() {
                "date" => {
                    let d = chrono::NaiveDate::parse_from_str(&cell, "%Y-%m-%d").expect("date");
                    d.format("%Y/%-m/%-d").to_string()
                }
                "depart" | "return" => cell.strip_prefix('0').unwrap_or(&cell).to_owned(),
                _ => cell,
            }
        });
        w.write_record(cells).expect("write");
    }
    String::from_utf8(w.into_inner().expect("bytes")).expect("utf-8")
}

/// Excel's plain "CSV" on a Chinese Windows: GBK, no byte-order mark.
pub(crate) fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "a character GBK lacks");
    bytes.into_owned()
}

#[test]
fn tepai_check_accepts_plan_csvs_saved_back_by_excel() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("np");
    plan("nanping-2024", &out, &[]);
    // "CSV (逗号分隔)": GBK, CRLF, rewritten dates and times.
    let schedule = excel_csv(&out.join("schedule.csv"));
    assert!(
        schedule.contains("\r\n2024/1/"),
        "the dates were not rewritten"
    );
    assert!(schedule.contains(",8:30,"), "the times were not rewritten");
    std::fs::write(out.join("schedule.csv"), gbk(&schedule)).expect("write");
    let coverage = excel_csv(&out.join("coverage.csv"));
    std::fs::write(out.join("coverage.csv"), gbk(&coverage)).expect("write");
    // "CSV UTF-8 (逗号分隔)": a byte-order mark, CRLF.
    let assignment = excel_csv(&out.join("assignment.csv"));
    std::fs::write(out.join("assignment.csv"), format!("\u{feff}{assignment}")).expect("write");
    assert!(std::str::from_utf8(&std::fs::read(out.join("schedule.csv")).expect("read")).is_err());

    let (code, stdout, stderr) = check("nanping-2024", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("every rule holds"), "{stdout}");

    // The same file with one date moved to a Sunday is caught, at its line (CRLF counted
    // right).
    let lines: Vec<&str> = schedule.split("\r\n").collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("2024/1/"))
        .expect("a January row");
    let date = lines[i].split(',').next().expect("date");
    let moved = lines[i].replacen(date, "2024/1/7", 1);
    let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    edited[i] = moved;
    std::fs::write(out.join("schedule.csv"), gbk(&edited.join("\r\n"))).expect("write");
    let (code, stdout, stderr) = check("nanping-2024", &out);
    assert_eq!(code, 3, "{stdout}{stderr}");
    let line = format!("line {}:", i + 1);
    assert!(
        stdout.lines().any(|l| l.contains("schedule.csv")
            && l.contains(&line)
            && l.contains("2024-01-07, not a working day")),
        "no finding at {line}:\n{stdout}"
    );
}

/// RFC 5545 folding: lines of at most 75 octets, never inside a character.
fn fold(text: &str) -> String {
    let mut out = String::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push(c);
            used += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    out
}

#[test]
fn a_team_members_calendar_names_the_team_and_its_lead() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("teams");
    plan("adversarial/teams-clean", &out, &[]);
    let (_, assignment) = csv_rows(&out.join("assignment.csv"));
    // The chamber u-t3 is served by a team of three; assignment.csv names its lead.
    let team: Vec<&BTreeMap<String, String>> = assignment
        .iter()
        .filter(|r| r["target_id"] == "u-t3")
        .collect();
    assert_eq!(team.len(), 3);
    let lead = team.iter().find(|r| r["role"] == "lead").expect("a lead");
    let mut others: Vec<&&BTreeMap<String, String>> =
        team.iter().filter(|r| r["role"] != "lead").collect();
    others.sort_by(|a, b| a["officer_id"].cmp(&b["officer_id"]));
    let mut names = vec![format!(
        "{} {} (lead)",
        lead["officer_name"], lead["officer_id"]
    )];
    names.extend(
        others
            .iter()
            .map(|r| format!("{} {}", r["officer_name"], r["officer_id"])),
    );
    let want = format!("team: {}", names.join("\\, "));

    let member = &others[0]["officer_id"];
    let ics = std::fs::read_to_string(out.join(format!("calendars/{member}.ics"))).expect("ics");
    let unfolded = ics.replace("\r\n ", "");
    let events: Vec<&str> = unfolded.split("BEGIN:VEVENT").skip(1).collect();
    let team_events: Vec<&&str> = events.iter().filter(|e| e.contains("u-t3@tepai")).collect();
    assert!(!team_events.is_empty());
    for e in &team_events {
        assert!(e.contains(&want), "no {want:?} in\n{e}");
    }
    // An officer who serves nothing with others (a solo unit, enterprises) has no team line.
    let mut serving: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &assignment {
        *serving.entry(r["target_id"].as_str()).or_default() += 1;
    }
    let solo: Vec<&str> = assignment
        .iter()
        .map(|r| r["officer_id"].as_str())
        .filter(|o| {
            assignment
                .iter()
                .filter(|r| r["officer_id"] == *o)
                .all(|r| serving[r["target_id"].as_str()] == 1)
        })
        .collect();
    assert!(solo.len() >= 2, "{solo:?}");
    for o in solo {
        let ics = std::fs::read_to_string(out.join(format!("calendars/{o}.ics"))).expect("ics");
        assert!(
            ics.contains("BEGIN:VEVENT") && !ics.contains("team:"),
            "{o}: {ics}"
        );
    }
    let (code, stdout, stderr) = check("adversarial/teams-clean", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");

    // A calendar that names the wrong lead is caught.
    let wrong = unfolded.replacen(
        &want,
        &format!("team: {} {} (lead)", others[0]["officer_name"], member),
        1,
    );
    std::fs::write(out.join(format!("calendars/{member}.ics")), fold(&wrong)).expect("write");
    let (code, stdout, stderr) = check("adversarial/teams-clean", &out);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains(&format!("calendars/{member}.ics")) && l.contains("DESCRIPTION")),
        "{stdout}"
    );
}

#[test]
fn a_short_plan_states_its_diagnosis_in_the_overview_and_per_court() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("three");
    let dir = scenario("what-if/nanping-2024-3-officers");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            dir.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("json");
    let d = &summary["diagnosis"];
    let add = d["additional_officers"]
        .as_object()
        .expect("additional officers");
    let total: f64 = add.values().map(|n| n.as_f64().expect("n")).sum();

    let mut wb: Xlsx<_> = open_workbook(out.join("plan.xlsx")).expect("opens");
    let o = sheet(&mut wb, "总览");
    let row_of = |label: &str| {
        (0..o.height() as u32)
            .find(|&r| matches!(o.get_value((r, 0)), Some(Data::String(s)) if s == label))
            .unwrap_or_else(|| panic!("总览 has no row {label}"))
    };
    row_of("目标未达的原因");
    let short = &d["shortfalls"][0];
    let r = row_of("工业平台");
    assert_eq!(
        text(o.get_value((r, 3))),
        format!("差 {}", short["short_by"].as_u64().expect("n"))
    );
    let r = row_of("补足全部缺口需增加的特派员");
    assert_eq!(number(o.get_value((r, 1))), total);
    assert_eq!(text(o.get_value((r, 3))), "已证明为最少人数");
    let unreachable = o
        .rows()
        .filter(|r| matches!(r.get(3), Some(Data::String(s)) if s.starts_with("无法派驻")))
        .count();
    assert_eq!(
        unreachable,
        d["unreachable_units"].as_array().expect("units").len()
    );

    let c = sheet(&mut wb, "每院汇总");
    let (id, more) = (col(&c, "法院编号"), col(&c, "建议增加特派员"));
    for r in 1..c.height() as u32 {
        let court = text(c.get_value((r, id as u32)));
        match add.get(&court) {
            Some(n) => assert_eq!(
                number(c.get_value((r, more as u32))),
                n.as_f64().expect("n")
            ),
            None => assert!(matches!(
                c.get_value((r, more as u32)),
                None | Some(Data::Empty)
            )),
        }
    }
}
