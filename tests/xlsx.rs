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

/// A period label of the CSV files (`2024-Q1`, `2024-03`) as plan.xlsx writes it in Chinese.
fn period_in_chinese(label: &str) -> String {
    let (year, part) = label.split_once('-').expect("YYYY-…");
    match part.strip_prefix('Q') {
        Some(q) => {
            let n = ["一", "二", "三", "四"][q.parse::<usize>().expect("1-4") - 1];
            format!("{year}年第{n}季度")
        }
        None => format!("{year}年{}月", part.parse::<u32>().expect("a month")),
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
    let period = col(&v, "期间");
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
        assert_eq!(text(at(period)), period_in_chinese(&row["period"]));
    }

    // 总览: the targets as numbers, the quality in plain Chinese words.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("json"))
            .expect("json");
    let o = sheet(&mut wb, "总览");
    let title = text(o.get_value((0, 0)));
    assert_eq!(
        title, "Nanping 2024 年度法律特派员派驻方案",
        "the year once"
    );
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
    // Trips per period, the periods in words.
    for (label, n) in summary["schedule"]["visits_per_period"]
        .as_object()
        .expect("periods")
    {
        let r = row_of(&format!("  {}", period_in_chinese(label)));
        assert_eq!(number(o.get_value((r, 1))), n.as_f64().expect("n"));
    }
    // Days out (summary.json's figure) and the planned load in working days (from
    // assignment.csv's load per period), each labelled with what it counts.
    let days = &summary["schedule"]["days_used_per_officer_and_period"];
    let r = row_of("每人每期出行天数（有出行的期间）");
    assert_eq!(
        number(o.get_value((r, 1))),
        days["median"].as_f64().expect("n")
    );
    let note = text(o.get_value((r, 3)));
    assert!(
        note.starts_with(&format!(
            "中位数；最少 {:.1}，最多 {:.1}。",
            days["min"].as_f64().expect("n"),
            days["max"].as_f64().expect("n")
        )) && note.contains("每天计 1 天"),
        "{note}"
    );
    let mut load: BTreeMap<&str, f64> = BTreeMap::new();
    for row in &assignment {
        *load.entry(row["officer_id"].as_str()).or_default() += row["load_minutes_per_period"]
            .parse::<f64>()
            .expect("minutes");
    }
    let mut days: Vec<f64> = load.values().map(|m| m / 480.0).collect();
    days.sort_by(f64::total_cmp);
    let r = row_of("每人每期计划负荷（折合工作日）");
    let median = number(o.get_value((r, 1)));
    // assignment.csv rounds each pair's load to the minute.
    assert!(
        (median - days[days.len() / 2]).abs() < 0.06,
        "{median} {days:?}"
    );
    assert!(median < 3.0, "fewer working days than days out: {median}");
    assert!(text(o.get_value((r, 3))).contains("折算"));
    // Every visit rule met: no visit is missing, said in words.
    let r = row_of("未能安排的走访（次）");
    assert_eq!(number(o.get_value((r, 1))), 0.0);
    assert_eq!(text(o.get_value((r, 3))), "走访规则全部满足");

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
    // English keeps the periods as the CSV files write them.
    let (_, schedule) = csv_rows(&out.join("schedule.csv"));
    let period = col(&v, "Period");
    for (i, row) in schedule.iter().enumerate() {
        assert_eq!(
            text(v.get_value((i as u32 + 1, period as u32))),
            row["period"]
        );
    }
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

/// The events of a calendar, unfolded, each from `BEGIN:VEVENT` to its `END:VEVENT`.
fn events(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split("BEGIN:VEVENT")
        .skip(1)
        .map(|e| {
            format!(
                "BEGIN:VEVENT{}",
                &e[..e.find("END:VEVENT").expect("an end")]
            )
        })
        .collect()
}

/// Writes `text` (unfolded) as the calendar `name` of the plan `out`, folded, and runs
/// `tepai check`: its exit code and the finding lines about that calendar.
fn check_calendar(out: &Path, name: &str, text: &str) -> (i32, Vec<String>) {
    let path = out.join(format!("calendars/{name}.ics"));
    let before = std::fs::read_to_string(&path).expect("ics");
    std::fs::write(&path, fold(text)).expect("write");
    let (code, stdout, _) = check("adversarial/teams-clean", out);
    std::fs::write(&path, before).expect("restore");
    let lines = stdout
        .lines()
        .filter(|l| l.contains(&format!("calendars/{name}.ics")))
        .map(str::to_owned)
        .collect();
    (code, lines)
}

#[test]
fn a_team_members_calendar_names_the_team_and_its_lead_in_either_language() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let zh = tmp.path().join("zh");
    let en = tmp.path().join("en");
    plan("adversarial/teams-clean", &zh, &[]);
    plan("adversarial/teams-clean", &en, &["--lang", "en"]);
    let (_, assignment) = csv_rows(&zh.join("assignment.csv"));
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
    let person =
        |r: &BTreeMap<String, String>| format!("{} {}", r["officer_name"], r["officer_id"]);
    let rest: Vec<String> = others.iter().map(|r| person(r)).collect();
    let want_zh = format!("团队：{}（牵头）、{}", person(lead), rest.join("、"));
    let want_en = format!("Team: {} (lead)\\, {}", person(lead), rest.join("\\, "));
    let member = others[0]["officer_id"].clone();
    let (_, schedule) = csv_rows(&zh.join("schedule.csv"));
    let first = schedule
        .iter()
        .find(|r| r["officer_id"] == member && r["target_id"] == "u-t3")
        .expect("a team visit");
    let stops: Vec<&str> = first["enterprise_names"].split(';').collect();

    let read = |dir: &Path| {
        std::fs::read_to_string(dir.join(format!("calendars/{member}.ics"))).expect("ics")
    };
    let (ics_zh, ics_en) = (read(&zh), read(&en));
    for (ics, want, title) in [
        (
            &ics_zh,
            &want_zh,
            format!(
                "SUMMARY:特派走访：{}（{} 家企业）",
                first["target_name"],
                stops.len()
            ),
        ),
        (
            &ics_en,
            &want_en,
            format!(
                "SUMMARY:Envoy visit: {} ({} enterprises)",
                first["target_name"],
                stops.len()
            ),
        ),
    ] {
        let team_events: Vec<String> = events(ics)
            .into_iter()
            .filter(|e| e.contains("u-t3@tepai"))
            .collect();
        assert!(!team_events.is_empty());
        for e in &team_events {
            assert!(e.contains(want.as_str()), "no {want:?} in\n{e}");
        }
        let e = team_events
            .iter()
            .find(|e| e.contains(&format!("UID:{}-", first["date"].replace('-', ""))))
            .expect("the first visit's event");
        assert!(e.contains(&title), "no {title:?} in\n{e}");
        // The enterprises in visiting order, travel and time on site, departure and return.
        let at: Vec<usize> = stops
            .iter()
            .map(|n| e.find(n).expect("each stop"))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "in visiting order: {e}");
        let times = if ics == &ics_zh {
            format!(
                "路程 {} 分钟，现场 {} 分钟\\n出发 {}，返回 {}",
                first["travel_minutes"], first["onsite_minutes"], first["depart"], first["return"]
            )
        } else {
            format!(
                "Travel {} min\\, on site {} min\\nDepart {}\\, return {}",
                first["travel_minutes"], first["onsite_minutes"], first["depart"], first["return"]
            )
        };
        assert!(e.contains(&times), "no {times:?} in\n{e}");
    }
    let (e_zh, e_en) = (ics_zh.replace("\r\n ", ""), ics_en.replace("\r\n ", ""));
    assert!(
        e_zh.contains("单位类型：商会") && !e_zh.contains("Envoy"),
        "{e_zh}"
    );
    assert!(e_en.contains("Kind: chamber of commerce") && !e_en.contains("特派走访"));

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
        for dir in [&zh, &en] {
            let ics = std::fs::read_to_string(dir.join(format!("calendars/{o}.ics"))).expect("ics");
            assert!(
                ics.contains("BEGIN:VEVENT") && !ics.contains("团队：") && !ics.contains("Team:"),
                "{o}: {ics}"
            );
        }
    }
    for dir in [&zh, &en] {
        let (code, stdout, stderr) = check("adversarial/teams-clean", dir);
        assert_eq!(code, 0, "{stdout}{stderr}");
    }

    // Each language is checked word for word: a wrong lead, a wrong date, a wrong enterprise
    // are caught in either.
    let other = &others[1];
    let wrong_lead_zh = format!("团队：{}（牵头）、{}、{}", rest[0], person(lead), rest[1]);
    let wrong_lead_en = format!(
        "Team: {} (lead)\\, {}\\, {}",
        rest[0],
        person(lead),
        rest[1]
    );
    let day = first["date"].replace('-', "");
    let moved = format!(
        "{}{:02}",
        &day[..6],
        (day[6..].parse::<u32>().expect("a day") % 27) + 1
    );
    let stranger = "Member 2 of u-t9";
    for (dir, text, want, wrong) in [
        (&zh, &e_zh, &want_zh, &wrong_lead_zh),
        (&en, &e_en, &want_en, &wrong_lead_en),
    ] {
        let (code, lines) = check_calendar(dir, &member, &text.replacen(want.as_str(), wrong, 1));
        assert_eq!(code, 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.contains("DESCRIPTION") && l.contains(&other["officer_id"])),
            "{lines:?}"
        );
        let (code, lines) = check_calendar(
            dir,
            &member,
            &text.replacen(&format!("DTSTART:{day}T"), &format!("DTSTART:{moved}T"), 1),
        );
        assert_eq!(code, 3, "{lines:?}");
        assert!(
            lines.iter().any(|l| l.contains("missing-event")),
            "{lines:?}"
        );
        let (code, lines) = check_calendar(dir, &member, &text.replacen(stops[1], stranger, 1));
        assert_eq!(code, 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.contains("DESCRIPTION") && l.contains(stranger)),
            "{lines:?}"
        );
    }
    // One calendar is in one language: an English event in a Chinese calendar is caught.
    let (zh_events, en_events) = (events(&e_zh), events(&e_en));
    let mixed = e_zh.replacen(&zh_events[0], &en_events[0], 1);
    assert_ne!(mixed, e_zh);
    let (code, lines) = check_calendar(&zh, &member, &mixed);
    assert_eq!(code, 3, "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("[language]")), "{lines:?}");
    let (code, stdout, stderr) = check("adversarial/teams-clean", &zh);
    assert_eq!(code, 0, "restored: {stdout}{stderr}");
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
    let unreachable: Vec<String> = o
        .rows()
        .filter_map(|r| match r.get(3) {
            Some(Data::String(s)) if s.starts_with("无法派驻") => Some(s.clone()),
            _ => None,
        })
        .collect();
    let units = d["unreachable_units"].as_array().expect("units");
    assert_eq!(unreachable.len(), units.len());
    // Each reason in words, its code after them, as the report page says it.
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    for (line, unit) in unreachable.iter().zip(units) {
        let code = unit["reason"].as_str().expect("a code");
        let words = line.strip_prefix("无法派驻：").expect("the reason");
        let said = words
            .strip_suffix(&format!("（{code}）"))
            .unwrap_or_else(|| panic!("no code in {line}"));
        assert!(!said.is_empty() && !said.is_ascii(), "{line}");
        assert!(
            html.contains(&format!("<td>{words}</td>")),
            "the report says {words}"
        );
    }
    assert!(
        !units.is_empty(),
        "the 3-officer plan has units no plan can serve"
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
