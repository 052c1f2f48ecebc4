//! `tepai status` writes its results into the plan's own `plan.xlsx` (three sheets more, the
//! plan's sheets as they were) and `report.html` (a section), only where they are the files
//! tepai wrote; an edited one stays as it is and the file with the status goes beside it
//! (W503).
use std::path::Path;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};

use crate::read_table as csv;
use crate::{run, scenario};

/// nanping-2024 planned into `dir/plan` (Chinese files).
fn planned(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("plan");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--heuristic-only",
            "-q",
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    out
}

/// A ledger of the plan's visits up to 30 June, every fourth one not made, and two
/// follow-ups overdue.
fn ledger(plan: &Path, path: &Path) {
    let rows = tepai_io::read::schedule_rows(&plan.join("schedule.csv")).expect("schedule");
    let mut text = String::from("date,officers,target,enterprises,follow_up_due\n");
    for (i, r) in rows
        .iter()
        .filter(|r| r.date.as_str() <= "2024-06-30")
        .enumerate()
    {
        if i % 4 == 3 {
            continue;
        }
        let due = if i % 101 == 0 { "2024-05-01" } else { "" };
        text.push_str(&format!(
            "{},{},{},{},{due}\n",
            r.date, r.officer_id, r.target_id, r.enterprise_ids
        ));
    }
    std::fs::write(path, text).expect("ledger");
}

fn status(plan: &Path, ledger: &Path, out: &Path) -> (i32, String, String) {
    run(
        &[
            "status",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--plan",
            plan.to_str().expect("utf-8"),
            "--ledger",
            ledger.to_str().expect("utf-8"),
            "--as-of",
            "2024-06-30",
            "--out",
            out.to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        None,
    )
}

fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("workbook");
    wb.sheet_names()
        .into_iter()
        .map(|n| {
            let r = wb.worksheet_range(&n).expect("sheet");
            (n, r)
        })
        .collect()
}

/// A CSV file (with its byte-order mark) as header and rows.
fn number(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn string(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// Sheet rows (after the header) against CSV rows: for each (sheet column, CSV column) the
/// number in the sheet is the CSV's.
fn same_figures(
    sheet: &Range<Data>,
    (header, rows): &(Vec<String>, Vec<Vec<String>>),
    texts: &[(u32, &str)],
    numbers: &[(u32, &str)],
) {
    assert_eq!(sheet.height(), rows.len() + 1, "one sheet row per CSV row");
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for &(c, name) in texts {
            assert_eq!(
                string(sheet.get_value((r, c))),
                row[col(name)],
                "row {r} {name}"
            );
        }
        for &(c, name) in numbers {
            let want: f64 = row[col(name)].parse().expect("number");
            assert_eq!(number(sheet.get_value((r, c))), want, "row {r} {name}");
        }
    }
}

#[test]
fn status_is_written_into_the_plans_workbook_and_page_and_never_over_an_edited_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plan = planned(tmp.path());
    let before_xlsx = sheets(&plan.join("plan.xlsx"));
    let before_html = std::fs::read_to_string(plan.join("report.html")).expect("page");
    let ledger_path = tmp.path().join("ledger.csv");
    ledger(&plan, &ledger_path);
    let out = tmp.path().join("status");
    let (code, stdout, stderr) = status(&plan, &ledger_path, &out);
    assert_eq!(
        code, 3,
        "visits were left out: duties missed\n{stdout}{stderr}"
    );
    assert!(!stderr.contains("W503"), "{stderr}");

    // The workbook: the plan's sheets cell for cell, then the three status sheets.
    let after = sheets(&plan.join("plan.xlsx"));
    assert_eq!(after.len(), before_xlsx.len() + 3);
    for ((n0, r0), (n1, r1)) in before_xlsx.iter().zip(&after) {
        assert_eq!(n0, n1);
        assert_eq!(r0, r1, "sheet {n0} is the plan's as it was");
    }
    let names: Vec<&str> = after[before_xlsx.len()..]
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["执行情况", "执行情况（各院）", "逾期反馈"]);
    let duties = &after[before_xlsx.len()].1;
    same_figures(
        duties,
        &csv(&out.join("status.csv")),
        &[(1, "officer_id"), (3, "court_id"), (5, "target_id")],
        &[
            (7, "due"),
            (8, "visits"),
            (9, "made"),
            (10, "short_visits"),
            (11, "too_close"),
            (12, "missed"),
            (13, "to_come"),
            (15, "enterprises_visited"),
        ],
    );
    let courts = &after[before_xlsx.len() + 1].1;
    let courts_csv = csv(&out.join("status_courts.csv"));
    same_figures(
        courts,
        &courts_csv,
        &[(0, "court_id")],
        &[
            (2, "duties"),
            (3, "due"),
            (4, "made"),
            (5, "missed"),
            (6, "to_come"),
            (7, "met"),
            (8, "on_track"),
            (9, "behind"),
            (10, "missed_duties"),
            (11, "onsite_visits"),
            (12, "unplanned_visits"),
            (13, "other_contacts"),
            (14, "enterprises_visited"),
            (15, "followups_overdue"),
        ],
    );
    let overdue_csv = csv(&out.join("followups_overdue.csv"));
    assert!(
        !overdue_csv.1.is_empty(),
        "the ledger has overdue follow-ups"
    );
    same_figures(
        &after[before_xlsx.len() + 2].1,
        &overdue_csv,
        &[(2, "officer_ids"), (3, "target_id")],
        &[(0, "ledger_line"), (5, "days_overdue")],
    );

    // The page: the plan's page with the status section, and nothing else changed.
    let html = std::fs::read_to_string(plan.join("report.html")).expect("page");
    let start = html.find("<section id=\"status\"").expect("status section");
    let end = start + html[start..].find("</section>\n").expect("section end") + 11;
    assert_eq!(format!("{}{}", &html[..start], &html[end..]), before_html);
    let section = &html[start..end];
    assert!(section.contains("执行情况（截至 2024-06-30）"), "{section}");
    let all = &courts_csv.1.last().expect("all").clone();
    let cell = |name: &str| {
        let i = courts_csv.0.iter().position(|h| h == name).expect(name);
        all[i].clone()
    };
    let all_row = format!(
        "<tr data-court=\"all\"><td>全部</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
        cell("duties"),
        cell("due"),
        cell("made"),
        cell("missed")
    );
    assert!(section.contains(&all_row), "{all_row} in\n{section}");
    assert!(
        section.contains("未完成与落后的任务"),
        "duties missed are listed"
    );

    // The plan still checks, and tepai plan to the folder again replaces the files as its own.
    let (code, stdout, stderr) = run(
        &[
            "check",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--plan",
            plan.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");

    // An edited page stays; the page with the status goes beside it, with W503. The
    // workbook, still tepai's, is replaced.
    let edited = format!("{html}<!-- my notes -->\n");
    std::fs::write(plan.join("report.html"), &edited).expect("edit");
    let (code, stdout, stderr) = status(&plan, &ledger_path, &out);
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stderr.contains("W503"), "{stderr}");
    assert!(stderr.contains("report.html"), "{stderr}");
    assert!(!stderr.contains("plan.xlsx"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(plan.join("report.html")).expect("page"),
        edited
    );
    let beside = std::fs::read_to_string(out.join("report.html")).expect("beside");
    assert_eq!(beside, html, "the same page, beside");
    assert_eq!(sheets(&plan.join("plan.xlsx")).len(), before_xlsx.len() + 3);
    assert!(!out.join("plan.xlsx").exists());
    // In Chinese, the finding reads in Chinese.
    let (_, _, stderr) = run(
        &[
            "status",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--plan",
            plan.to_str().expect("utf-8"),
            "--ledger",
            ledger_path.to_str().expect("utf-8"),
            "--as-of",
            "2024-06-30",
            "--out",
            out.to_str().expect("utf-8"),
            "--lang",
            "zh",
        ],
        None,
    );
    assert!(
        stderr.contains("W503") && stderr.contains("改动过"),
        "{stderr}"
    );
}
