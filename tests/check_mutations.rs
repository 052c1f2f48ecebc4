//! `tepai check` against a good plan edited in many ways: every edit that makes a file claim
//! something false, or break a rule, is caught with exit 3 (2 when a required file cannot be
//! read), naming the file and the rule; harmless edits pass.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::{root, run, scenario};

/// A plan written once, kept for the whole test run.
struct Plan {
    _dir: tempfile::TempDir,
    scenario: PathBuf,
    out: PathBuf,
}

fn write_plan(scenario: PathBuf, dir: tempfile::TempDir, want: i32) -> Plan {
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            scenario.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, want, "{stdout}{stderr}");
    Plan {
        _dir: dir,
        scenario,
        out,
    }
}

/// The shipped base scenario's plan: every target and visit rule met.
fn good() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        write_plan(scenario("invalid/base"), dir, 0)
    })
}

/// A plan with schedule shortfalls: `tepai schedule` dates a hand-made assignment of the
/// teams-with-leave scenario whose three-officer team has no common free days in the first
/// quarter (the checker of assignments accepts it; only the schedule can show it).
fn short() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("plan");
        let scenario = scenario("adversarial/teams-leave");
        let assignment = root().join("tests/data/teams-leave-assignment");
        let (code, stdout, stderr) = run(
            &[
                "schedule",
                scenario.to_str().expect("utf-8"),
                "--assignment",
                assignment.to_str().expect("utf-8"),
                "--out",
                out.to_str().expect("utf-8"),
            ],
            None,
        );
        assert_eq!(code, 3, "{stdout}{stderr}");
        Plan {
            _dir: dir,
            scenario,
            out,
        }
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).expect("copy");
        }
    }
}

fn check(plan: &Plan, out: &Path) -> (i32, String, String) {
    run(
        &[
            "check",
            plan.scenario.to_str().expect("utf-8"),
            "--plan",
            out.to_str().expect("utf-8"),
        ],
        None,
    )
}

// ---- edits ----

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write");
}

fn records(dir: &Path, file: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(dir.join(file)).expect("csv");
    let headers = r
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r
        .records()
        .map(|x| x.expect("record").iter().map(str::to_owned).collect())
        .collect();
    (headers, rows)
}

fn write_records(dir: &Path, file: &str, headers: &[String], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(dir.join(file)).expect("csv");
    w.write_record(headers).expect("write");
    for r in rows {
        w.write_record(r).expect("write");
    }
    w.flush().expect("flush");
}

/// Sets a cell: the first data row whose `key_col` is `key` (and, when given, whose second
/// column `and_col` is `and`).
fn set_cell(dir: &Path, file: &str, pick: &[(&str, &str)], column: &str, value: &str) {
    edit_rows(dir, file, |h, rows| {
        let col = |name: &str| h.iter().position(|x| x == name).expect("column");
        let i = rows
            .iter()
            .position(|r| pick.iter().all(|(c, v)| r[col(c)] == *v))
            .unwrap_or_else(|| panic!("{file}: no row {pick:?}"));
        rows[i][col(column)] = value.to_owned();
    });
}

fn edit_rows(dir: &Path, file: &str, f: impl FnOnce(&[String], &mut Vec<Vec<String>>)) {
    let (h, mut rows) = records(dir, file);
    f(&h, &mut rows);
    write_records(dir, file, &h, &rows);
}

fn edit_json(dir: &Path, f: impl FnOnce(&mut Value)) {
    let mut v: Value = serde_json::from_str(&read(dir, "summary.json")).expect("json");
    f(&mut v);
    write(
        dir,
        "summary.json",
        &serde_json::to_string_pretty(&v).expect("json"),
    );
}

fn set_json(dir: &Path, pointer: &str, value: Value) {
    edit_json(dir, |v| {
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = value;
    });
}

fn add_to_json(dir: &Path, pointer: &str, delta: f64) {
    edit_json(dir, |v| {
        let x = v
            .pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}"));
        *x = match x.as_i64() {
            // Whole numbers stay whole: the edit changes the figure, not its type.
            #[allow(clippy::cast_possible_truncation)]
            Some(n) if delta.fract() == 0.0 => json!(n + delta as i64),
            _ => json!(x.as_f64().expect("number") + delta),
        };
    });
}

fn edit_text(dir: &Path, file: &str, f: impl FnOnce(String) -> String) {
    let text = read(dir, file);
    let edited = f(text.clone());
    assert_ne!(edited, text, "{file}: the edit changed nothing");
    write(dir, file, &edited);
}

/// The first `BEGIN:VEVENT … END:VEVENT` block of a calendar, CRLF included.
fn first_event(text: &str) -> (usize, usize) {
    let start = text.find("BEGIN:VEVENT\r\n").expect("an event");
    let end = start + text[start..].find("END:VEVENT\r\n").expect("end") + "END:VEVENT\r\n".len();
    (start, end)
}

fn all_events(text: &str) -> (String, Vec<String>, String) {
    let head_end = text.find("BEGIN:VEVENT\r\n").expect("an event");
    let tail_start = text.rfind("END:VEVENT\r\n").expect("end") + "END:VEVENT\r\n".len();
    let mut events = Vec::new();
    let mut rest = &text[head_end..tail_start];
    while !rest.is_empty() {
        let (s, e) = first_event(rest);
        events.push(rest[s..e].to_owned());
        rest = &rest[e..];
    }
    (
        text[..head_end].to_owned(),
        events,
        text[tail_start..].to_owned(),
    )
}

type Edit = Box<dyn Fn(&Path)>;

/// An edit, the exit code it must give, and words that one reported line must all contain
/// (stdout for exit 3, stderr for exit 2).
struct Case {
    name: &'static str,
    edit: Edit,
    code: i32,
    needles: &'static [&'static str],
}

fn case(
    name: &'static str,
    code: i32,
    needles: &'static [&'static str],
    edit: impl Fn(&Path) + 'static,
) -> Case {
    Case {
        name,
        edit: Box::new(edit),
        code,
        needles,
    }
}

fn run_cases(plan: &Plan, cases: Vec<Case>) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (i, c) in cases.iter().enumerate() {
        assert!(names.insert(c.name), "case {} twice", c.name);
        let out = tmp.path().join(format!("case-{i}"));
        copy_dir(&plan.out, &out);
        (c.edit)(&out);
        let (code, stdout, stderr) = check(plan, &out);
        let text = if c.code == 2 { &stderr } else { &stdout };
        let named = text
            .lines()
            .any(|l| c.needles.iter().all(|n| l.contains(n)));
        if code != c.code || !named {
            failures.push(format!(
                "{}: exit {code} (want {}), a line with {:?}: {named}\n{stdout}{stderr}",
                c.name, c.code, c.needles
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} edits not caught as expected:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

const A: &str = "assignment.csv";
const S: &str = "schedule.csv";
const C: &str = "coverage.csv";

#[allow(clippy::too_many_lines)]
fn good_plan_cases() -> Vec<Case> {
    vec![
        // assignment.csv: every column and rows.
        case(
            "assignment officer_name",
            3,
            &[A, "recomputed", "officer_name"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "officer_name", "张三");
            },
        ),
        case(
            "assignment court_id",
            3,
            &[A, "recomputed", "court_id"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "court_id", "c-jo");
            },
        ),
        case(
            "assignment target_name",
            3,
            &[A, "recomputed", "target_name"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "target_name", "别的园区");
            },
        ),
        case("assignment role", 3, &[A, "recomputed", "role"], |d| {
            set_cell(d, A, &[("officer_id", "o-4")], "role", "member");
        }),
        case(
            "assignment one_way_minutes",
            3,
            &[A, "recomputed", "one_way_minutes"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "one_way_minutes", "6");
            },
        ),
        case(
            "assignment visits_per_period",
            3,
            &[A, "recomputed", "visits_per_period"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-2")], "visits_per_period", "2");
            },
        ),
        case(
            "assignment load_minutes_per_period",
            3,
            &[A, "recomputed", "load_minutes_per_period"],
            |d| {
                set_cell(
                    d,
                    A,
                    &[("officer_id", "o-3")],
                    "load_minutes_per_period",
                    "229",
                )
            },
        ),
        case(
            "assignment row repeated",
            3,
            &[A, "lines 2, 6", "duplicate-pair", "o-1"],
            |d| {
                edit_rows(d, A, |_, rows| rows.push(rows[0].clone()));
            },
        ),
        case(
            "assignment row removed",
            3,
            &[S, "not-assigned", "o-2"],
            |d| {
                edit_rows(d, A, |h, rows| {
                    let i = h.iter().position(|x| x == "officer_id").expect("col");
                    rows.retain(|r| r[i] != "o-2");
                });
            },
        ),
        case(
            "assignment conflicted pair added",
            3,
            &[A, "line 6", "conflict", "o-2", "u-plat"],
            |d| {
                edit_rows(d, A, |_, rows| {
                    let mut r = rows[0].clone();
                    r[0] = "o-2".into();
                    r[1] = "林晓燕".into();
                    rows.push(r);
                });
            },
        ),
        case(
            "assignment wrong target_kind",
            2,
            &[A, "is a platform, not a chamber"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "target_kind", "chamber");
            },
        ),
        case(
            "assignment unknown officer",
            2,
            &[A, "no officer has id"],
            |d| {
                set_cell(d, A, &[("officer_id", "o-1")], "officer_id", "o-99");
            },
        ),
        // schedule.csv: cells and rows.
        case(
            "schedule date moved to a Saturday",
            3,
            &[S, "rule-1-not-working-day"],
            |d| {
                set_cell(d, S, &[("date", "2024-01-15")], "date", "2024-01-13");
            },
        ),
        case(
            "schedule date moved to another workday",
            3,
            &["calendars/o-3.ics", "missing-event"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-3")],
                    "date",
                    "2024-01-17",
                );
            },
        ),
        case(
            "schedule officer swapped",
            3,
            &[S, "not-assigned", "o-4"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "officer_id",
                    "o-4",
                );
            },
        ),
        case(
            "schedule stop removed",
            3,
            &[S, "rule-2-stop-count", "u-plat"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "enterprise_ids",
                    "e-3;e-2",
                );
            },
        ),
        case(
            "schedule stop not a member",
            3,
            &[S, "not-a-member", "e-7"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "enterprise_ids",
                    "e-3;e-2;e-7",
                );
            },
        ),
        case(
            "schedule return changed",
            3,
            &[S, "recomputed", "return"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "return",
                    "12:00",
                );
            },
        ),
        case(
            "schedule depart changed",
            3,
            &[S, "recomputed", "depart"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "depart",
                    "09:00",
                );
            },
        ),
        case(
            "schedule travel_minutes changed",
            3,
            &[S, "recomputed", "travel_minutes"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "travel_minutes",
                    "24",
                );
            },
        ),
        case(
            "schedule onsite_minutes changed",
            3,
            &[S, "recomputed", "onsite_minutes"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "onsite_minutes",
                    "120",
                );
            },
        ),
        case(
            "schedule period changed",
            3,
            &[S, "recomputed", "period"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-1")],
                    "period",
                    "2024-Q2",
                );
            },
        ),
        case(
            "schedule direct target_id changed",
            3,
            &[S, "target_id"],
            |d| {
                set_cell(
                    d,
                    S,
                    &[("date", "2024-01-16"), ("officer_id", "o-3")],
                    "target_id",
                    "e-7",
                );
            },
        ),
        case(
            "schedule row removed",
            3,
            &[S, "rule-2-unit-visits", "o-1"],
            |d| {
                edit_rows(d, S, |_, rows| {
                    let i = rows.iter().position(|r| r[2] == "o-1").expect("o-1 row");
                    rows.remove(i);
                });
            },
        ),
        case("schedule row repeated", 3, &[S, "rule-6-two-trips"], |d| {
            edit_rows(d, S, |_, rows| rows.push(rows[0].clone()));
        }),
        case(
            "schedule date unreadable",
            3,
            &[S, "malformed", "date"],
            |d| {
                set_cell(d, S, &[("date", "2024-01-15")], "date", "2024-13-01");
            },
        ),
        // coverage.csv.
        case(
            "coverage reached_via",
            3,
            &[C, "recomputed", "reached_via"],
            |d| {
                set_cell(d, C, &[("enterprise_id", "e-1")], "reached_via", "direct");
            },
        ),
        case(
            "coverage officer_ids",
            3,
            &[C, "recomputed", "officer_ids"],
            |d| {
                set_cell(d, C, &[("enterprise_id", "e-4")], "officer_ids", "o-4;o-3");
            },
        ),
        case(
            "coverage visits_in_year",
            3,
            &[C, "recomputed", "visits_in_year"],
            |d| {
                set_cell(d, C, &[("enterprise_id", "e-6")], "visits_in_year", "12");
            },
        ),
        case(
            "coverage enterprise_name",
            3,
            &[C, "recomputed", "enterprise_name"],
            |d| {
                set_cell(
                    d,
                    C,
                    &[("enterprise_id", "e-5")],
                    "enterprise_name",
                    "北苑茶业有限公司",
                );
            },
        ),
        case("coverage row removed", 3, &[C, "missing-row", "e-7"], |d| {
            edit_rows(d, C, |_, rows| rows.retain(|r| r[0] != "e-7"));
        }),
        case(
            "coverage row repeated",
            3,
            &[C, "duplicate-row", "e-1"],
            |d| {
                edit_rows(d, C, |_, rows| rows.push(rows[0].clone()));
            },
        ),
        case(
            "coverage unknown enterprise",
            3,
            &[C, "unknown-enterprise", "e-99"],
            |d| {
                edit_rows(d, C, |_, rows| {
                    rows.push(vec![
                        "e-99".into(),
                        "x".into(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]);
                });
            },
        ),
        // calendars/.
        case(
            "ics event date moved",
            3,
            &["calendars/o-1.ics", "missing-event"],
            |d| {
                edit_text(d, "calendars/o-1.ics", |t| {
                    t.replacen("DTSTART:2024011", "DTSTART:2024021", 1)
                });
            },
        ),
        case(
            "ics event end moved",
            3,
            &["calendars/o-1.ics", "extra-event"],
            |d| {
                edit_text(d, "calendars/o-1.ics", |t| {
                    t.replacen("DTEND:2024011", "DTEND:2024021", 1)
                });
            },
        ),
        case(
            "ics event deleted",
            3,
            &["calendars/o-2.ics", "missing-event"],
            |d| {
                edit_text(d, "calendars/o-2.ics", |t| {
                    let (s, e) = first_event(&t);
                    format!("{}{}", &t[..s], &t[e..])
                });
            },
        ),
        case(
            "ics extra event",
            3,
            &["calendars/o-2.ics", "extra-event"],
            |d| {
                edit_text(d, "calendars/o-2.ics", |t| {
                    let (s, e) = first_event(&t);
                    let extra = t[s..e].replace("DTSTART:2024", "DTSTART:2025");
                    format!("{}{extra}{}", &t[..e], &t[e..])
                });
            },
        ),
        case(
            "ics event twice",
            3,
            &["calendars/o-3.ics", "duplicate-event"],
            |d| {
                edit_text(d, "calendars/o-3.ics", |t| {
                    let (s, e) = first_event(&t);
                    format!("{}{}{}", &t[..e], &t[s..e], &t[e..])
                });
            },
        ),
        case(
            "ics summary changed",
            3,
            &["calendars/o-4.ics", "recomputed", "SUMMARY"],
            |d| {
                edit_text(d, "calendars/o-4.ics", |t| {
                    t.replacen("SUMMARY:", "SUMMARY:x", 1)
                });
            },
        ),
        case(
            "ics location changed",
            3,
            &["calendars/o-4.ics", "recomputed", "LOCATION"],
            |d| {
                edit_text(d, "calendars/o-4.ics", |t| {
                    t.replacen("LOCATION:", "LOCATION:x", 1)
                });
            },
        ),
        case(
            "ics extra file",
            3,
            &["calendars/o-9.ics", "extra-file"],
            |d| {
                std::fs::copy(d.join("calendars/o-1.ics"), d.join("calendars/o-9.ics"))
                    .expect("copy");
            },
        ),
        case(
            "ics file missing",
            3,
            &["calendars/o-4.ics", "missing-file"],
            |d| {
                std::fs::remove_file(d.join("calendars/o-4.ics")).expect("rm");
            },
        ),
        case("ics not a calendar", 2, &["calendars/o-1.ics"], |d| {
            write(d, "calendars/o-1.ics", "not a calendar\n");
        }),
        case("calendars directory missing", 2, &["calendars"], |d| {
            std::fs::remove_dir_all(d.join("calendars")).expect("rm");
        }),
        // summary.json: the assignment part.
        case(
            "summary objective total",
            3,
            &["summary.json", "key objective.total", "recomputed"],
            |d| {
                add_to_json(d, "/objective/total", 1.0);
            },
        ),
        case(
            "summary objective shortfall",
            3,
            &["summary.json", "key objective.shortfall"],
            |d| {
                add_to_json(d, "/objective/shortfall", 1000.0);
            },
        ),
        case(
            "summary objective priority",
            3,
            &["summary.json", "key objective.priority"],
            |d| {
                add_to_json(d, "/objective/priority", -10.0);
            },
        ),
        case(
            "summary objective travel",
            3,
            &["summary.json", "key objective.travel"],
            |d| {
                add_to_json(d, "/objective/travel", 0.5);
            },
        ),
        case(
            "summary objective mismatch",
            3,
            &["summary.json", "key objective.mismatch"],
            |d| {
                add_to_json(d, "/objective/mismatch", 0.5);
            },
        ),
        case(
            "summary objective imbalance",
            3,
            &["summary.json", "key objective.imbalance"],
            |d| {
                add_to_json(d, "/objective/imbalance", 0.01);
            },
        ),
        case(
            "summary objective change",
            3,
            &["summary.json", "key objective.change"],
            |d| {
                add_to_json(d, "/objective/change", 2.0);
            },
        ),
        case(
            "summary bound above objective",
            3,
            &["summary.json", "key bound", "bound-above-objective"],
            |d| {
                edit_json(d, |v| {
                    v["bound"] = json!(v["objective"]["total"].as_f64().expect("total") + 10.0)
                });
            },
        ),
        case(
            "summary heuristic objective below the bound",
            3,
            &[
                "summary.json",
                "key heuristic_objective",
                "bound-above-objective",
            ],
            |d| {
                edit_json(d, |v| {
                    v["heuristic_objective"] = json!(v["bound"].as_f64().expect("bound") - 10.0);
                });
            },
        ),
        case(
            "summary gap",
            3,
            &["summary.json", "key gap", "recomputed"],
            |d| {
                set_json(d, "/gap", json!(0.01));
            },
        ),
        case(
            "summary optimal with a gap above mip_gap",
            3,
            &["summary.json", "key status", "status-not-proven"],
            |d| {
                edit_json(d, |v| {
                    let total = v["objective"]["total"].as_f64().expect("total");
                    let bound = total - 100.0;
                    v["bound"] = json!(bound);
                    v["candidate_bound"] = json!(bound);
                    v["gap"] = json!((total - bound) / total.abs().max(1.0));
                });
            },
        ),
        case(
            "summary optimal over candidate pairs only",
            3,
            &["summary.json", "key status", "status-not-proven"],
            |d| {
                set_json(d, "/bound_scope", json!("candidate_pairs"));
            },
        ),
        case(
            "summary unknown status",
            3,
            &["summary.json", "key status"],
            |d| {
                set_json(d, "/status", json!("perfect"));
            },
        ),
        case(
            "summary target required",
            3,
            &["summary.json", "key targets.platforms.required"],
            |d| {
                set_json(d, "/targets/platforms/required", json!(2));
            },
        ),
        case(
            "summary target achieved",
            3,
            &["summary.json", "key targets.enterprises.achieved"],
            |d| {
                set_json(d, "/targets/enterprises/achieved", json!(2000));
            },
        ),
        case(
            "summary targets_met",
            3,
            &["summary.json", "key targets_met"],
            |d| {
                set_json(d, "/targets_met", json!(false));
            },
        ),
        case(
            "summary kpi officers_used",
            3,
            &["summary.json", "key kpis.officers_used"],
            |d| {
                set_json(d, "/kpis/officers_used", json!(3));
            },
        ),
        case(
            "summary kpi travel hours",
            3,
            &["summary.json", "key kpis.one_way_travel_hours_total"],
            |d| {
                add_to_json(d, "/kpis/one_way_travel_hours_total", 0.1);
            },
        ),
        case(
            "summary kpi served directly",
            3,
            &["summary.json", "key kpis.enterprises_served_directly"],
            |d| {
                set_json(d, "/kpis/enterprises_served_directly", json!(3));
            },
        ),
        case(
            "summary kpi candidate pairs below the plan",
            3,
            &["summary.json", "key kpis.candidate_pairs", "sanity"],
            |d| {
                set_json(d, "/kpis/candidate_pairs", json!(1));
            },
        ),
        case(
            "summary negative timing",
            3,
            &["summary.json", "key timings_s.mip", "sanity"],
            |d| {
                set_json(d, "/timings_s/mip", json!(-1.0));
            },
        ),
        case(
            "summary diagnosis while every target is met",
            3,
            &["summary.json", "key diagnosis", "unexpected-diagnosis"],
            |d| {
                set_json(
                    d,
                    "/diagnosis",
                    json!({
                        "shortfalls": [], "unreachable_units": [], "unreachable_enterprises": 0,
                        "courts": [], "additional_officers": null,
                        "additional_officers_proven_minimal": false
                    }),
                );
            },
        ),
        case(
            "summary diagnosis missing its keys",
            3,
            &[
                "summary.json",
                "key diagnosis.unreachable_units",
                "missing-key",
            ],
            |d| {
                set_json(d, "/diagnosis", json!({"shortfalls": []}));
            },
        ),
        // summary.json: the schedule part.
        case(
            "summary schedule trips",
            3,
            &["summary.json", "key schedule.trips"],
            |d| {
                add_to_json(d, "/schedule/trips", 1.0);
            },
        ),
        case(
            "summary schedule rows",
            3,
            &["summary.json", "key schedule.rows"],
            |d| {
                add_to_json(d, "/schedule/rows", -1.0);
            },
        ),
        case(
            "summary trips per period",
            3,
            &["summary.json", "key schedule.visits_per_period.2024-Q2"],
            |d| {
                add_to_json(d, "/schedule/visits_per_period/2024-Q2", 1.0);
            },
        ),
        case(
            "summary enterprises visited",
            3,
            &["summary.json", "key schedule.enterprises_visited"],
            |d| {
                add_to_json(d, "/schedule/enterprises_visited", 1.0);
            },
        ),
        case(
            "summary distinct members",
            3,
            &[
                "summary.json",
                "key schedule.distinct_members_per_unit.u-plat",
            ],
            |d| {
                add_to_json(d, "/schedule/distinct_members_per_unit/u-plat", -1.0);
            },
        ),
        case(
            "summary travel hours per officer",
            3,
            &["summary.json", "key schedule.travel_hours_per_officer.max"],
            |d| {
                add_to_json(d, "/schedule/travel_hours_per_officer/max", 1.0);
            },
        ),
        case(
            "summary days used",
            3,
            &[
                "summary.json",
                "key schedule.days_used_per_officer_and_period.median",
            ],
            |d| {
                add_to_json(d, "/schedule/days_used_per_officer_and_period/median", 1.0);
            },
        ),
        case(
            "summary travel saved",
            3,
            &[
                "summary.json",
                "key schedule.travel_saved_minutes_vs_one_trip_per_enterprise",
            ],
            |d| {
                add_to_json(
                    d,
                    "/schedule/travel_saved_minutes_vs_one_trip_per_enterprise",
                    60.0,
                );
            },
        ),
        case(
            "summary calendars",
            3,
            &["summary.json", "key schedule.calendars"],
            |d| {
                add_to_json(d, "/schedule/calendars", 1.0);
            },
        ),
        case(
            "summary rules_met",
            3,
            &["summary.json", "key schedule.rules_met"],
            |d| {
                set_json(d, "/schedule/rules_met", json!(false));
            },
        ),
        case(
            "summary invented shortfall",
            3,
            &[
                "summary.json",
                "schedule.shortfalls[0]",
                "shortfall-not-real",
            ],
            |d| {
                set_json(
                    d,
                    "/schedule/shortfalls",
                    json!([{
                        "days_needed": 3, "explanation": "days remain", "free_days": 12,
                        "officer_id": "o-1", "period": "2024-Q2", "rule": "spacing",
                        "target_id": "u-plat", "visits_short": 1, "stops_short": 0
                    }]),
                );
            },
        ),
        // summary.json: scenario, keys.
        case(
            "summary scenario hash",
            3,
            &["summary.json", "key scenario.hash"],
            |d| {
                set_json(d, "/scenario/hash", json!("0000"));
            },
        ),
        case(
            "summary scenario name",
            3,
            &["summary.json", "key scenario.name"],
            |d| {
                set_json(d, "/scenario/name", json!("another"));
            },
        ),
        case(
            "summary scenario year",
            3,
            &["summary.json", "key scenario.year"],
            |d| {
                set_json(d, "/scenario/year", json!(2025));
            },
        ),
        case(
            "summary unknown key",
            3,
            &["summary.json", "key surprise", "unknown-key"],
            |d| {
                edit_json(d, |v| v["surprise"] = json!(1));
            },
        ),
        case(
            "summary unknown kpi",
            3,
            &["summary.json", "key kpis.happiness", "unknown-key"],
            |d| {
                edit_json(d, |v| v["kpis"]["happiness"] = json!(1));
            },
        ),
        case(
            "summary missing key",
            3,
            &["summary.json", "key kpis.pairs", "missing-key"],
            |d| {
                edit_json(d, |v| {
                    v["kpis"].as_object_mut().expect("kpis").remove("pairs");
                });
            },
        ),
        case(
            "summary unknown key in the schedule part",
            3,
            &["summary.json", "key schedule.surprise", "unknown-key"],
            |d| {
                edit_json(d, |v| v["schedule"]["surprise"] = json!(1));
            },
        ),
        case(
            "summary assignment part without its status",
            3,
            &["summary.json", "key status", "missing-key"],
            |d| {
                edit_json(d, |v| {
                    v.as_object_mut().expect("summary").remove("status");
                });
            },
        ),
        case(
            "summary negative count",
            3,
            &["summary.json", "key kpis.pairs", "type"],
            |d| {
                set_json(d, "/kpis/pairs", json!(-1));
            },
        ),
        case(
            "summary count written as text",
            3,
            &["summary.json", "key schedule.trips", "type"],
            |d| {
                set_json(d, "/schedule/trips", json!("many"));
            },
        ),
        case(
            "summary.json a JSON array",
            3,
            &["summary.json", "[type]"],
            |d| {
                write(d, "summary.json", "[]");
            },
        ),
        // Unreadable or missing files.
        case("summary.json missing", 2, &["summary.json"], |d| {
            std::fs::remove_file(d.join("summary.json")).expect("rm");
        }),
        case("summary.json not JSON", 2, &["summary.json"], |d| {
            write(d, "summary.json", "{ not json");
        }),
        case(
            "summary.json JSON followed by text",
            2,
            &["summary.json"],
            |d| {
                let text = read(d, "summary.json");
                write(d, "summary.json", &format!("{text} and more"));
            },
        ),
        case("coverage.csv missing", 2, &[C], |d| {
            std::fs::remove_file(d.join(C)).expect("rm");
        }),
        case("schedule.csv missing", 2, &[S], |d| {
            std::fs::remove_file(d.join(S)).expect("rm");
        }),
        case("assignment.csv missing", 2, &[A], |d| {
            std::fs::remove_file(d.join(A)).expect("rm");
        }),
    ]
}

#[test]
fn every_false_claim_in_a_good_plan_is_caught_naming_the_file_and_rule() {
    let cases = good_plan_cases();
    assert!(cases.len() >= 40, "{} kinds of edits", cases.len());
    run_cases(good(), cases);
}

#[test]
fn shortfalls_must_be_real_and_complete() {
    let plan = short();
    let (code, stdout, _) = check(plan, &plan.out);
    assert_eq!(code, 3, "{stdout}");
    assert!(
        !stdout.contains("summary.json"),
        "the written shortfalls match the missing visits:\n{stdout}"
    );
    run_cases(
        plan,
        vec![
            case(
                "a shortfall removed",
                3,
                &[
                    "summary.json",
                    "key schedule.shortfalls",
                    "shortfall-unlisted",
                ],
                |d| {
                    edit_json(d, |v| {
                        v["schedule"]["shortfalls"]
                            .as_array_mut()
                            .expect("list")
                            .remove(0);
                    });
                },
            ),
            case(
                "a shortfall inflated",
                3,
                &[
                    "summary.json",
                    "schedule.shortfalls[0]",
                    "shortfall-not-real",
                ],
                |d| {
                    add_to_json(d, "/schedule/shortfalls/0/visits_short", 1.0);
                },
            ),
            case(
                "a shortfall's free days",
                3,
                &["summary.json", "schedule.shortfalls[0].free_days"],
                |d| {
                    add_to_json(d, "/schedule/shortfalls/0/free_days", 1.0);
                },
            ),
            case(
                "rules_met claimed",
                3,
                &["summary.json", "key schedule.rules_met"],
                |d| {
                    set_json(d, "/schedule/rules_met", json!(true));
                },
            ),
        ],
    );
}

/// A plan whose targets are short (the far platform cannot be served): its diagnosis.
fn diagnosed() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        write_plan(scenario("adversarial/far-platform"), dir, 3)
    })
}

#[test]
fn a_diagnosis_must_be_true() {
    let plan = diagnosed();
    let (code, stdout, _) = check(plan, &plan.out);
    assert_eq!(code, 3, "{stdout}");
    assert!(!stdout.contains("violation"), "{stdout}");
    run_cases(
        plan,
        vec![
            case(
                "a court's officers",
                3,
                &["summary.json", "key diagnosis.courts[0].officers"],
                |d| add_to_json(d, "/diagnosis/courts/0/officers", 1.0),
            ),
            case(
                "a court's officers used",
                3,
                &["summary.json", "key diagnosis.courts[1].used"],
                |d| add_to_json(d, "/diagnosis/courts/1/used", 1.0),
            ),
            case(
                "a court's unserved units",
                3,
                &[
                    "summary.json",
                    "key diagnosis.courts[0].unserved_units_nearby",
                ],
                |d| add_to_json(d, "/diagnosis/courts/0/unserved_units_nearby", -1.0),
            ),
            case(
                "a court left out",
                3,
                &["summary.json", "key diagnosis.courts", "missing-key"],
                |d| {
                    edit_json(d, |v| {
                        v["diagnosis"]["courts"]
                            .as_array_mut()
                            .expect("list")
                            .remove(1);
                    });
                },
            ),
            case(
                "an unknown unreachable unit",
                3,
                &[
                    "summary.json",
                    "key diagnosis.unreachable_units[0].unit",
                    "sanity",
                ],
                |d| set_json(d, "/diagnosis/unreachable_units/0/unit", json!("u-none")),
            ),
            case(
                "a target's shortfall",
                3,
                &["summary.json", "key diagnosis.shortfalls[0].short_by"],
                |d| add_to_json(d, "/diagnosis/shortfalls/0/short_by", 1.0),
            ),
            case(
                "a short target left out",
                3,
                &[
                    "summary.json",
                    "key diagnosis.shortfalls",
                    "shortfall-unlisted",
                ],
                |d| {
                    edit_json(d, |v| {
                        v["diagnosis"]["shortfalls"]
                            .as_array_mut()
                            .expect("list")
                            .clear();
                    });
                },
            ),
            case(
                "no diagnosis for short targets",
                3,
                &["summary.json", "key diagnosis"],
                |d| set_json(d, "/diagnosis", Value::Null),
            ),
        ],
    );
}

#[test]
fn the_unmodified_plan_and_harmless_edits_pass() {
    let plan = good();
    let tmp = tempfile::tempdir().expect("tempdir");
    let harmless: Vec<(&str, Edit)> = vec![
        ("unmodified", Box::new(|_: &Path| {})),
        (
            "calendar files written again in reverse order",
            Box::new(|d: &Path| {
                let dir = d.join("calendars");
                let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
                    .expect("dir")
                    .map(|e| {
                        let p = e.expect("entry").path();
                        let bytes = std::fs::read(&p).expect("read");
                        (p, bytes)
                    })
                    .collect();
                files.sort();
                std::fs::remove_dir_all(&dir).expect("rm");
                std::fs::create_dir_all(&dir).expect("mkdir");
                for (p, bytes) in files.iter().rev() {
                    std::fs::write(p, bytes).expect("write");
                }
            }),
        ),
        (
            "events of a calendar in reverse order",
            Box::new(|d: &Path| {
                edit_text(d, "calendars/o-1.ics", |t| {
                    let (head, mut events, tail) = all_events(&t);
                    events.reverse();
                    format!("{head}{}{tail}", events.concat())
                });
            }),
        ),
        (
            "csv rows in another order",
            Box::new(|d: &Path| {
                for f in [A, S, C] {
                    edit_rows(d, f, |_, rows| rows.reverse());
                }
            }),
        ),
        (
            "summary.json written compactly",
            Box::new(|d: &Path| {
                let v: Value = serde_json::from_str(&read(d, "summary.json")).expect("json");
                write(d, "summary.json", &v.to_string());
            }),
        ),
        (
            "a timing changed",
            Box::new(|d: &Path| set_json(d, "/timings_s/mip", json!(12.5))),
        ),
    ];
    let mut failures = Vec::new();
    for (i, (name, edit)) in harmless.iter().enumerate() {
        let out = tmp.path().join(format!("control-{i}"));
        copy_dir(&plan.out, &out);
        edit(&out);
        let (code, stdout, stderr) = check(plan, &out);
        if code != 0 || !stdout.contains("every rule holds") {
            failures.push(format!("{name}: exit {code}\n{stdout}{stderr}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_plan_from_tepai_assign_is_checked_without_a_schedule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("assigned");
    let base = scenario("invalid/base");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            base.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let plan = Plan {
        _dir: tempfile::tempdir().expect("tempdir"),
        scenario: base,
        out,
    };
    let (code, stdout, _) = check(&plan, &plan.out);
    assert_eq!(code, 0, "{stdout}");
    run_cases(
        &plan,
        vec![
            case(
                "visits_in_year without a schedule",
                3,
                &[C, "visits_in_year"],
                |d| {
                    set_cell(d, C, &[("enterprise_id", "e-1")], "visits_in_year", "12");
                },
            ),
            case("a schedule part without schedule.csv", 2, &[S], |d| {
                edit_json(d, |v| v["schedule"] = json!({}));
            }),
            case(
                "a well-formed schedule part without schedule.csv",
                2,
                &[S],
                |d| {
                    edit_json(d, |v| {
                        v["schedule"] = json!({
                            "rules_met": true, "trips": 0, "rows": 0, "visits_per_period": {},
                            "enterprises_visited": 0, "distinct_members_per_unit": {},
                            "travel_hours_per_officer": null,
                            "days_used_per_officer_and_period": null,
                            "travel_saved_minutes_vs_one_trip_per_enterprise": 0,
                            "shortfalls": [], "calendars": 0
                        });
                    });
                },
            ),
        ],
    );
}
