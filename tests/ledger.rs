//! The visit ledger, `tepai status` and `tepai stats`, on nanping-2024 with a ledger made
//! here from its plan: every visit of the schedule as it happened, then some dropped, an
//! officer on leave from a date, a closed enterprise's visits stopping, visits outside the
//! plan, a phone call and follow-ups.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tepai_model::ledger::load_ledger;
use tepai_model::{load, Code, Scenario, Target};
use tepai_solver::Assignment;

use crate::read_table as table;
use crate::{run, scenario};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// One ledger row as the test writes it.
#[derive(Debug, Clone)]
struct Row {
    date: NaiveDate,
    officers: Vec<String>,
    target: String,
    enterprises: Vec<String>,
    kind: &'static str,
    consultations: u32,
    trainings: u32,
    attendees: u32,
    loss: f64,
    follow_up_due: Option<NaiveDate>,
    follow_up_done: Option<NaiveDate>,
}

fn write_ledger(path: &Path, rows: &[Row]) {
    let mut text = String::from(
        "date,officers,target,enterprises,kind,consultations,trainings,training_attendees,loss_recovered,problems,follow_up_due,follow_up_done\n",
    );
    for r in rows {
        let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        text.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.date,
            r.officers.join("、"),
            r.target,
            r.enterprises.join(";"),
            r.kind,
            r.consultations,
            r.trainings,
            r.attendees,
            if r.loss > 0.0 {
                r.loss.to_string()
            } else {
                String::new()
            },
            if r.follow_up_due.is_some() {
                "用工合同不规范"
            } else {
                ""
            },
            opt(r.follow_up_due),
            opt(r.follow_up_done),
        ));
    }
    std::fs::write(path, text).expect("write ledger");
}

/// nanping-2024 planned into `dir/plan`, its scenario and assignment.
fn planned(dir: &Path) -> (PathBuf, Scenario, Assignment) {
    let sc = scenario("nanping-2024");
    let out = dir.join("plan");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            sc.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--heuristic-only",
            "-q",
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let s = load(&sc).expect("valid").scenario;
    let a = tepai_io::read::assignment(&s, &out.join("assignment.csv")).expect("assignment");
    (out, s, a)
}

/// Every visit of the plan's schedule up to `until`, as ledger rows (each officer of a team
/// trip has its own row, as in schedule.csv), with outcomes that vary by row.
fn as_scheduled(plan: &Path, until: NaiveDate) -> Vec<Row> {
    let rows = tepai_io::read::schedule_rows(&plan.join("schedule.csv")).expect("schedule");
    rows.iter()
        .filter_map(|r| {
            let date = NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").ok()?;
            (date <= until).then_some((date, r))
        })
        .enumerate()
        .map(|(i, (date, r))| Row {
            date,
            officers: vec![r.officer_id.clone()],
            target: r.target_id.clone(),
            enterprises: r.enterprise_ids.split(';').map(str::to_owned).collect(),
            kind: "",
            consultations: 1 + u32::from(i % 3 == 0),
            trainings: u32::from(i % 10 == 0),
            attendees: if i % 10 == 0 { 20 } else { 0 },
            loss: if i % 7 == 0 { 0.5 } else { 0.0 },
            follow_up_due: None,
            follow_up_done: None,
        })
        .collect()
}

/// The team units of the plan (served by more than one officer).
fn teams(a: &Assignment) -> BTreeSet<Target> {
    let mut count: BTreeMap<Target, u32> = BTreeMap::new();
    for &(_, t) in &a.pairs {
        *count.entry(t).or_default() += 1;
    }
    count
        .into_iter()
        .filter(|&(_, n)| n > 1)
        .map(|(t, _)| t)
        .collect()
}

/// status.csv as (period, officer, target) → row.
fn read_status(dir: &Path) -> BTreeMap<(String, String, String), BTreeMap<String, String>> {
    let text = std::fs::read_to_string(dir.join("status.csv")).expect("status.csv");
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = r.headers().expect("header").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect();
            (
                (
                    row["period"].clone(),
                    row["officer_id"].clone(),
                    row["target_id"].clone(),
                ),
                row,
            )
        })
        .collect()
}

fn status(plan: &Path, ledger: &Path, as_of: &str, out: &Path) -> (i32, String, String) {
    run(
        &[
            "status",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--plan",
            plan.to_str().expect("utf-8"),
            "--ledger",
            ledger.to_str().expect("utf-8"),
            "--as-of",
            as_of,
            "--out",
            out.to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        None,
    )
}

fn num(row: &BTreeMap<String, String>, col: &str) -> u32 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col}: {row:?}"))
}

/// The modified ledger: (rows, the pair with one visit dropped, the officer on leave, the
/// closed enterprise and its officer, the officer of the extra visit and its enterprise).
struct Story {
    rows: Vec<Row>,
    dropped: (String, String),
    on_leave: String,
    closed: (String, String),
    extra: (String, String),
}

fn story(s: &Scenario, a: &Assignment, plan: &Path) -> Story {
    let team = teams(a);
    let id = |o: tepai_model::OfficerIdx| s.officer(o).id.to_string();
    let mut unit_pairs = a
        .pairs
        .iter()
        .filter(|(_, t)| matches!(t, Target::Unit(_)) && !team.contains(t));
    let (oa, ua) = *unit_pairs.next().expect("a unit pair");
    let (ol, _) = *unit_pairs
        .find(|(o, _)| *o != oa)
        .expect("a second unit pair");
    let (ok, ec) = *a
        .pairs
        .iter()
        .find(|(o, t)| matches!(t, Target::Enterprise(_)) && *o != oa && *o != ol)
        .expect("a direct pair");
    let (a_id, u_id, l_id, k_id) = (id(oa), s.target_id(ua).to_owned(), id(ol), id(ok));
    let c_id = s.target_id(ec).to_owned();
    let mut rows = as_scheduled(plan, d(2024, 12, 31));
    // 1. The second Q1 visit of officer A to its unit was not made.
    let second = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.officers[0] == a_id && r.target == u_id && r.date < d(2024, 4, 1))
        .nth(1)
        .map(|(i, _)| i)
        .expect("a second Q1 visit");
    rows.remove(second);
    // 2. Officer L is on leave from 1 May: no visit after.
    rows.retain(|r| !(r.officers[0] == l_id && r.date >= d(2024, 5, 1)));
    // 3. Enterprise C closed on 15 April: officer K's trips stop going there.
    for r in &mut rows {
        if r.officers[0] == k_id && r.date >= d(2024, 4, 15) {
            r.enterprises.retain(|e| *e != c_id);
            if let Some(first) = r.enterprises.first() {
                r.target = first.clone();
            }
        }
    }
    rows.retain(|r| !r.enterprises.is_empty());
    // 4. Outside the plan: A visits an enterprise it does not serve, and phones its unit.
    let served: BTreeSet<Target> = a.targets_of(oa).collect();
    let extra = s
        .enterprises
        .iter()
        .find(|e| {
            let t = Target::Enterprise(s.enterprise_by_id(e.id.as_str()).expect("id"));
            !served.contains(&t) && !e.units.iter().any(|u| served.contains(&Target::Unit(*u)))
        })
        .expect("an enterprise A does not serve")
        .id
        .to_string();
    let base = rows[0].clone();
    rows.push(Row {
        date: d(2024, 3, 20),
        officers: vec![a_id.clone()],
        target: extra.clone(),
        enterprises: vec![extra.clone()],
        kind: "走访",
        ..base.clone()
    });
    rows.push(Row {
        date: d(2024, 2, 20),
        officers: vec![a_id.clone()],
        target: u_id.clone(),
        enterprises: Vec::new(),
        kind: "phone",
        ..base
    });
    // 5. Follow-ups: one overdue, one answered in time, one not yet due (on 30 June).
    rows[0].follow_up_due = Some(d(2024, 4, 10));
    rows[1].follow_up_due = Some(d(2024, 4, 10));
    rows[1].follow_up_done = Some(d(2024, 4, 9));
    rows[2].follow_up_due = Some(d(2024, 7, 15));
    rows.sort_by_key(|r| r.date);
    Story {
        rows,
        dropped: (a_id, u_id),
        on_leave: l_id,
        closed: (k_id, c_id),
        extra: (id(oa), extra),
    }
}

#[test]
fn status_counts_every_duty_due_made_and_missed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (plan, s, a) = planned(tmp.path());
    let duties = a.pairs.len() as u32;
    let due = 3; // nanping-2024: 3 visits a quarter to a unit and to an enterprise

    // The year as planned, through 30 June: every duty of Q1 and Q2 met.
    let full = tmp.path().join("full.csv");
    write_ledger(&full, &as_scheduled(&plan, d(2024, 6, 30)));
    let out = tmp.path().join("status-full");
    let (code, stdout, stderr) = status(&plan, &full, "2024-06-30", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let st = read_status(&out);
    assert_eq!(st.len() as u32, duties * 2);
    for row in st.values() {
        assert_eq!(
            (num(row, "due"), num(row, "made"), num(row, "missed")),
            (due, due, 0),
            "{row:?}"
        );
        assert_eq!(row["state"], "met");
    }
    assert!(
        stdout.contains(&format!(
            "all: visits due {}, made {}, missed 0, to come 0; duties {}: {} met",
            duties * 2 * due,
            duties * 2 * due,
            duties * 2,
            duties * 2
        )),
        "{stdout}"
    );

    // The whole year as planned: every duty met, and the enterprises visited are the plan's.
    let year = tmp.path().join("year.csv");
    write_ledger(&year, &as_scheduled(&plan, d(2024, 12, 31)));
    let out = tmp.path().join("status-year");
    let (code, stdout, stderr) = status(&plan, &year, "2024-12-31", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(plan.join("summary.json")).expect("summary"))
            .expect("json");
    let visited = &summary["schedule"]["enterprises_visited"];
    assert!(
        stdout.contains(&format!(
            "duties {}: {} met, 0 on track, 0 behind, 0 missed; {visited} enterprises visited, 0 unplanned",
            duties * 4,
            duties * 4
        )),
        "{stdout}"
    );

    // What happened: drops, a leave, a closure, extras, follow-ups.
    let story = story(&s, &a, &plan);
    let ledger = tmp.path().join("ledger.csv");
    write_ledger(&ledger, &story.rows);
    let out = tmp.path().join("status");
    let (code, stdout, stderr) = status(&plan, &ledger, "2024-06-30", &out);
    assert_eq!(code, 3, "a duty is missed: {stdout}{stderr}");
    let st = read_status(&out);
    assert_eq!(st.len() as u32, duties * 2);
    let get = |p: &str, o: &str, t: &str| &st[&(p.to_owned(), o.to_owned(), t.to_owned())];
    // 1. One visit dropped.
    let (a_id, u_id) = &story.dropped;
    let r = get("2024-Q1", a_id, u_id);
    assert_eq!(
        (num(r, "made"), num(r, "missed"), r["state"].as_str()),
        (2, 1, "missed")
    );
    assert_eq!(get("2024-Q2", a_id, u_id)["state"], "met");
    // 2. The leave: Q1 met, Q2 short of the visits after 1 May.
    let schedule = as_scheduled(&plan, d(2024, 6, 30));
    let before = |o: &str, t: &str, from: NaiveDate, until: NaiveDate| {
        schedule
            .iter()
            .filter(|r| {
                r.officers[0] == o
                    && (r.target == t || r.enterprises.iter().any(|e| e == t))
                    && from <= r.date
                    && r.date < until
            })
            .count() as u32
    };
    let mut missed = 1;
    let mut missed_duties = 1;
    let l = &story.on_leave;
    for t in a.targets_of(s.officer_by_id(l).expect("officer")) {
        let t = s.target_id(t);
        assert_eq!(get("2024-Q1", l, t)["state"], "met");
        let made = before(l, t, d(2024, 4, 1), d(2024, 5, 1));
        let r = get("2024-Q2", l, t);
        assert_eq!(
            (num(r, "made"), num(r, "missed")),
            (made, due - made),
            "{r:?}"
        );
        missed += due - made;
        missed_duties += u32::from(made < due);
    }
    // 3. The closure: visits to C stop on 15 April; K's other enterprises are visited.
    let (k, c) = &story.closed;
    let made = before(k, c, d(2024, 4, 1), d(2024, 4, 15));
    let r = get("2024-Q2", k, c);
    assert_eq!(
        (num(r, "made"), num(r, "missed")),
        (made, due - made),
        "{r:?}"
    );
    missed += due - made;
    missed_duties += u32::from(made < due);
    for t in a.targets_of(s.officer_by_id(k).expect("officer")) {
        if s.target_id(t) != c {
            assert_eq!(get("2024-Q2", k, s.target_id(t))["state"], "met");
        }
    }
    // Every other duty is met.
    let met = st.values().filter(|r| r["state"] == "met").count() as u32;
    assert_eq!(met, duties * 2 - missed_duties);
    let courts = std::fs::read_to_string(out.join("status_courts.csv")).expect("courts");
    let all = courts.lines().last().expect("all row");
    // court_id,duties,due,made,missed,to_come,met,on_track,behind,missed_duties,onsite,
    // unplanned,other,enterprises,overdue,name
    let cells: Vec<&str> = all.split(',').collect();
    assert_eq!(cells[0], "all");
    assert_eq!(cells[1].parse::<u32>().ok(), Some(duties * 2));
    assert_eq!(cells[2].parse::<u32>().ok(), Some(duties * 2 * due));
    assert_eq!(
        cells[3].parse::<u32>().ok(),
        Some(duties * 2 * due - missed)
    );
    assert_eq!(cells[4].parse::<u32>().ok(), Some(missed));
    assert_eq!(cells[9].parse::<u32>().ok(), Some(missed_duties));
    assert_eq!(cells[11], "1", "one unplanned visit: {all}");
    assert_eq!(cells[12], "1", "one phone call: {all}");
    assert_eq!(cells[14], "1", "one follow-up overdue: {all}");
    // Distinct enterprises visited include the unplanned one.
    let visited: BTreeSet<&str> = story
        .rows
        .iter()
        .filter(|r| r.kind != "phone" && r.date <= d(2024, 6, 30))
        .flat_map(|r| {
            std::iter::once(r.target.as_str())
                .filter(|t| s.enterprise_by_id(t).is_some())
                .chain(r.enterprises.iter().map(String::as_str))
        })
        .collect();
    assert!(visited.contains(story.extra.1.as_str()));
    assert_eq!(cells[13].parse::<usize>().ok(), Some(visited.len()));
    let overdue = std::fs::read_to_string(out.join("followups_overdue.csv")).expect("overdue");
    assert_eq!(overdue.lines().count(), 2, "{overdue}");
    assert!(overdue.contains(",2024-04-10,81,"), "{overdue}");

    // Mid-Q3 on the same ledger: Q3 is open, nothing of it missed yet, the rest to come.
    let out = tmp.path().join("status-q3");
    let mut midyear = as_scheduled(&plan, d(2024, 8, 15));
    midyear.retain(|r| r.date >= d(2024, 7, 1));
    write_ledger(
        &full,
        &[as_scheduled(&plan, d(2024, 6, 30)), midyear].concat(),
    );
    let (code, stdout, stderr) = status(&plan, &full, "2024-08-15", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let st = read_status(&out);
    assert_eq!(st.len() as u32, duties * 3);
    let q3: Vec<_> = st.values().filter(|r| r["period"] == "2024-Q3").collect();
    assert!(q3
        .iter()
        .all(|r| r["closed"] == "no" && num(r, "missed") == 0));
    assert!(q3
        .iter()
        .all(|r| num(r, "made") + num(r, "to_come") == due && r["state"] != "missed"));
    assert!(q3.iter().any(|r| num(r, "to_come") > 0));

    // One officer with no leave makes no Q3 visit to its unit: on 15 August half the
    // quarter is gone (pace 1 of 3), 3 spaced days remain: behind, not missed (exit 0); on
    // 20 September one spaced visit still fits: 2 missed already (exit 3).
    let team = teams(&a);
    let (o, t) = *a
        .pairs
        .iter()
        .find(|(o, t)| {
            matches!(t, Target::Unit(_))
                && !team.contains(t)
                && !s.unavailable.iter().any(|u| u.officer == *o)
        })
        .expect("a unit pair without leave");
    let (o_id, t_id) = (s.officer(o).id.to_string(), s.target_id(t).to_owned());
    let without = |until: NaiveDate| {
        let mut rows = as_scheduled(&plan, until);
        rows.retain(|r| !(r.date >= d(2024, 7, 1) && r.officers[0] == o_id && r.target == t_id));
        rows
    };
    let key = ("2024-Q3".to_owned(), o_id.clone(), t_id.clone());
    write_ledger(&full, &without(d(2024, 8, 15)));
    let (code, stdout, stderr) = status(&plan, &full, "2024-08-15", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let r = &read_status(&out)[&key];
    assert_eq!(
        (
            num(r, "made"),
            num(r, "missed"),
            num(r, "to_come"),
            r["state"].as_str()
        ),
        (0, 0, 3, "behind")
    );
    write_ledger(&full, &without(d(2024, 9, 20)));
    let (code, stdout, stderr) = status(&plan, &full, "2024-09-20", &out);
    assert_eq!(code, 3, "{stdout}{stderr}");
    let r = &read_status(&out)[&key];
    assert_eq!(
        (
            num(r, "made"),
            num(r, "missed"),
            num(r, "to_come"),
            r["state"].as_str()
        ),
        (0, 2, 1, "missed")
    );
}

/// The rows and columns of the Zhonglou forms, as printed in the source notice.
const WORK_ROWS: &[&str] = &[
    "走访企业(家)",
    "建立联系点(个)",
    "化解企业矛盾(件)",
    "发放联系卡(张)",
    "提供法律咨询(次)",
    "出具风险提示、法律建议(件)",
    "代理案件(件)",
    "担任企业法律顾问(家)",
    "担任政府法律顾问(人)",
    "办理法律援助案件(件)",
    "参与政府信访接待处理(次)",
    "参与社会矛盾纠纷调解(件)",
    "挽回企业经济损失(万元)",
    "调处劳资纠纷(件)",
    "开展专项培训(次/人次)",
    "防止群体性事件(件数/人数)",
];
const LEGAL_AID_ROWS: &[&str] = &[
    "办理法律援助案件",
    "接待来访法律咨询",
    "电话(网、信)法律咨询",
    "建立法律援助工作站(点)",
    "建立法律援助代办点",
    "代办点转送审查案件数",
    "按统一标识新、改建接待窗口",
    "发出服务质量测评表",
    "发放法律援助联系卡",
    "回访受援人",
    "参与政府信访接待(批/人次)",
    "注册法律援助志愿",
    "组织各类宣传咨询活动",
    "发放宣传资料",
    "张贴宣传标语",
    "电视、报纸、网络、电台宣传",
    "群体性法律援助案件(件/人数)",
    "挽回经济损失(万元)",
    "免收法律服务费(万元)",
];

#[test]
fn stats_reproduce_the_forms_with_totals_equal_to_the_ledger_sums() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (plan, s, a) = planned(tmp.path());
    let story = story(&s, &a, &plan);
    let ledger = tmp.path().join("ledger.csv");
    write_ledger(&ledger, &story.rows);
    let stats = |period: &[&str], by: &str, out: &Path| {
        let mut args = vec![
            "stats",
            "scenarios/nanping-2024",
            "--ledger",
            ledger.to_str().expect("utf-8"),
            "--by",
            by,
            "--out",
            out.to_str().expect("utf-8"),
        ];
        args.extend_from_slice(period);
        run(&args, Some(&crate::root()))
    };
    let out = tmp.path().join("h1");
    let (code, stdout, stderr) = stats(&["--period", "2024-03-H1"], "rank", &out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2024-03-16"), "due the 16th: {stdout}");
    assert!(stdout.contains("工作情况统计表(半月表)"), "{stdout}");
    let (header, rows) = table(&out.join("stats.csv"));
    assert_eq!(
        header,
        [
            "item",
            "项目",
            "律师",
            "公证",
            "基层法律服务工作者",
            "员额法官",
            "法官助理",
            "本期合计",
            "累计"
        ]
    );
    let names: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(names, WORK_ROWS);
    let (aid_header, aid_rows) = table(&out.join("legal_aid.csv"));
    assert_eq!(aid_header, ["item", "项目", "数量", "累计"]);
    let aid_names: Vec<&str> = aid_rows.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(aid_names, LEGAL_AID_ROWS);

    // Totals from the ledger rows themselves.
    let within = |from: NaiveDate, to: NaiveDate| {
        story
            .rows
            .iter()
            .filter(move |r| from <= r.date && r.date <= to)
    };
    let (from, to) = (d(2024, 3, 1), d(2024, 3, 15));
    let consult: u32 = within(from, to).map(|r| r.consultations).sum();
    let consult_year: u32 = within(d(2024, 1, 1), to).map(|r| r.consultations).sum();
    let trainings: u32 = within(from, to).map(|r| r.trainings).sum();
    let attendees: u32 = within(from, to).map(|r| r.attendees).sum();
    let loss: f64 = within(from, to).map(|r| r.loss).sum();
    let visited: BTreeSet<&str> = within(from, to)
        .filter(|r| r.kind != "phone")
        .flat_map(|r| {
            std::iter::once(r.target.as_str())
                .filter(|t| s.enterprise_by_id(t).is_some())
                .chain(r.enterprises.iter().map(String::as_str))
        })
        .collect();
    let row = |key: &str| rows.iter().find(|r| r[0] == key).expect(key).clone();
    let total = |key: &str| row(key)[7].clone();
    assert_eq!(total("consultations"), consult.to_string());
    assert_eq!(row("consultations")[8], consult_year.to_string());
    assert_eq!(total("trainings"), format!("{trainings}/{attendees}"));
    assert_eq!(total("loss_recovered").parse::<f64>().ok(), Some(loss));
    assert_eq!(total("enterprises_visited"), visited.len().to_string());
    // Nanping's envoys are judges and assistants: the form's columns are there, empty.
    let c = row("consultations");
    assert_eq!(&c[2..5], ["0", "0", "0"]);
    // One officer a row: the groups add up to the total.
    let sum: u32 = c[2..7]
        .iter()
        .map(|v| v.parse::<u32>().expect("count"))
        .sum();
    assert_eq!(sum, consult);
    // A month's legal-aid table is due the 23rd.
    let out = tmp.path().join("month");
    let (code, stdout, _) = stats(&["--period", "2024-05"], "court", &out);
    assert_eq!(code, 0);
    assert!(stdout.contains("2024-05-23"), "{stdout}");
    let (header, rows) = table(&out.join("stats.csv"));
    assert_eq!(header.len(), 2 + 11 + 2, "11 courts: {header:?}");
    let c = rows.iter().find(|r| r[0] == "consultations").expect("row");
    let by_court: u32 = c[2..13]
        .iter()
        .map(|v| v.parse::<u32>().expect("count"))
        .sum();
    let may: u32 = within(d(2024, 5, 1), d(2024, 5, 31))
        .map(|r| r.consultations)
        .sum();
    assert_eq!((by_court, c[13].parse::<u32>().ok()), (may, Some(may)));
    // --from/--to and by officer; the workbook holds both forms.
    let out = tmp.path().join("range");
    let (code, stdout, stderr) = stats(
        &["--from", "2024-01-01", "--to", "2024-12-31"],
        "officer",
        &out,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (header, _) = table(&out.join("stats.csv"));
    assert_eq!(header.len(), 2 + s.officers.len() + 2);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("stats.xlsx")).expect("stats.xlsx");
    assert_eq!(book.sheet_names(), ["工作情况统计表", "法律援助统计表"]);
    let sheet = book.worksheet_range("工作情况统计表").expect("sheet");
    let title = sheet
        .get_value((0, 0))
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(title.contains("双促双助"), "{title}");
    // The form's subtitle says which form: 半月表 only for a half-month.
    assert!(title.ends_with("(汇总表)"), "a year: {title}");
    assert!(
        stdout.contains("(半月表)") || !stdout.contains("报送日期"),
        "{stdout}"
    );
    // A period the ledger has no row in: the zeros are written, and said.
    let (code, stdout, stderr) = stats(&["--period", "2023-05"], "rank", &tmp.path().join("y"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("2023-05-01") && stderr.contains("2023-05-31"),
        "{stderr}"
    );
    assert!(stdout.contains("(月报表)"), "{stdout}");
    // A period that is none.
    let (code, _, stderr) = stats(&["--period", "2024-05-H3"], "rank", &tmp.path().join("x"));
    assert_eq!(code, 2, "{stderr}");
}

/// A ledger for scenarios/invalid/base: its header, then `rows`.
fn base_ledger(dir: &Path, rows: &str) -> PathBuf {
    let path = dir.join("ledger.csv");
    std::fs::write(
        &path,
        format!("date,officers,target,enterprises,kind,consultations\n{rows}"),
    )
    .expect("write");
    path
}

fn codes_of(s: &Scenario, path: &Path) -> Vec<(Code, Option<u64>, Option<String>)> {
    let diags = match load_ledger(s, path) {
        Ok((_, w)) => w,
        Err(e) => e,
    };
    diags
        .items
        .iter()
        .map(|d| (d.code, d.line, d.field.clone()))
        .collect()
}

/// A name written where an id belongs (officer, unit, enterprise) is still an error, but its
/// action names the id to write instead, in both languages.
#[test]
fn a_name_written_for_an_id_is_told_the_id() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let s = load(&scenario("invalid/base")).expect("valid").scenario;
    let path = base_ledger(
        tmp.path(),
        "2024-03-04,陈建华,南平工业园区,南平铝业有限公司,,1\n",
    );
    let diags = match load_ledger(&s, &path) {
        Ok((_, w)) => w,
        Err(e) => e,
    };
    let actions: Vec<(Code, &str, &str)> = diags
        .items
        .iter()
        .map(|d| (d.code, d.action.as_str(), d.action_zh.as_str()))
        .collect();
    for (code, id) in [
        (Code::UnknownOfficer, "o-1"),
        (Code::UnknownVisitTarget, "u-plat"),
        (Code::UnknownEnterprise, "e-1"),
    ] {
        let (_, en, zh) = actions
            .iter()
            .find(|a| a.0 == code)
            .unwrap_or_else(|| panic!("{code:?} in {actions:?}"));
        assert!(en.ends_with(&format!("write its id {id}")), "{en}");
        assert!(zh.ends_with(&format!("应填其编号 {id}")), "{zh}");
    }
}

#[test]
fn every_ledger_finding_has_its_code_line_and_column() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let s = load(&scenario("invalid/base")).expect("valid").scenario;
    let cases: &[(&str, Code, &str)] = &[
        (
            "2024-03-05,o-1,u-plat,e-1;e-2;e-3,letter,\n",
            Code::UnknownVisitKind,
            "kind",
        ),
        (
            "2024-03-05,o-1,u-nowhere,,,\n",
            Code::UnknownVisitTarget,
            "target",
        ),
        (
            "2024-03-05,,u-plat,e-1,,\n",
            Code::VisitWithoutOfficer,
            "officers",
        ),
        (
            "2023-12-29,o-1,u-plat,e-1;e-2;e-3,,\n",
            Code::VisitOutsideYear,
            "date",
        ),
        (
            "2024-03-05,o-1,u-plat,e-1;e-4,,\n",
            Code::EnterpriseNotInUnit,
            "enterprises",
        ),
        (
            "2024-03-05,o-9,u-plat,e-1,,\n",
            Code::UnknownOfficer,
            "officers",
        ),
        (
            "2024-03-05,o-1,u-plat,e-99,,\n",
            Code::UnknownEnterprise,
            "enterprises",
        ),
        ("2024-13-05,o-1,u-plat,e-1,,\n", Code::MalformedDate, "date"),
        (
            "2024-03-05,o-1,u-plat,e-1,,1.5\n",
            Code::InvalidNumber,
            "consultations",
        ),
        (
            "2024-03-05,o-1,u-plat,e-1,,-1\n",
            Code::InvalidNumber,
            "consultations",
        ),
    ];
    for (row, code, field) in cases {
        let path = base_ledger(
            tmp.path(),
            &format!("2024-03-04,o-1,u-plat,e-1;e-2;e-3,,1\n{row}"),
        );
        let found = codes_of(&s, &path);
        assert_eq!(
            found,
            [(*code, Some(3), Some((*field).to_owned()))],
            "{row}"
        );
        let loaded = load_ledger(&s, &path);
        assert_eq!(
            loaded.is_err(),
            code.severity() == tepai_model::Severity::Error
        );
    }
    // A good ledger in Chinese, GB18030 with CRLF line ends: read, lines counted.
    let text = "日期,特派员,走访对象,走访企业,方式,提供法律咨询,反馈期限\r\n2024/3/4,o-1、o-2,u-plat,e-1；e-2；e-3,走访,2,2024年4月1日\r\n2024-03-06,o-3,e-6,,电话,1,\r\n2024-03-07,o-3,e-6,,会议,,\r\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    let path = tmp.path().join("gbk.csv");
    std::fs::write(&path, &*gbk).expect("write");
    let (ledger, warnings) = load_ledger(&s, &path).expect("reads");
    assert_eq!(warnings.codes(), [Code::ReadAsGb18030]);
    assert_eq!(ledger.entries.len(), 3);
    let e = &ledger.entries[0];
    assert_eq!(
        (e.line, e.date, e.officers.len(), e.enterprises.len()),
        (2, d(2024, 3, 4), 2, 3)
    );
    assert_eq!(e.follow_up_due, Some(d(2024, 4, 1)));
    assert_eq!(ledger.entries[2].line, 4);
    // An unknown kind in the Chinese ledger is named by its Chinese column and line.
    std::fs::write(
        &path,
        "日期,特派员,走访对象,方式\n2024-03-04,o-1,u-plat,信函\n",
    )
    .expect("write");
    let diags = load_ledger(&s, &path).expect_err("invalid");
    let found = diags.errors().next().expect("an error");
    assert_eq!(
        (found.code, found.line, found.field.as_deref()),
        (Code::UnknownVisitKind, Some(2), Some("方式"))
    );
    // A workbook's 走访台账 sheet, with a date cell.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("走访台账").expect("name");
    for (c, h) in ["日期", "特派员", "走访对象", "走访企业"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 5, 6).expect("date");
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    ws.write_datetime_with_format(1, 0, &date, &fmt)
        .expect("write");
    ws.write_string(1, 1, "o-4").expect("write");
    ws.write_string(1, 2, "u-tea").expect("write");
    ws.write_string(1, 3, "e-4").expect("write");
    let xlsx = tmp.path().join("ledger.xlsx");
    book.save(&xlsx).expect("save");
    let (ledger, warnings) = load_ledger(&s, &xlsx).expect("reads");
    assert!(warnings.items.is_empty(), "{warnings}");
    assert_eq!(ledger.entries[0].date, d(2024, 5, 6));
    assert_eq!(ledger.entries[0].line, 2);
}

#[test]
fn a_bad_ledger_or_as_of_date_is_bad_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (plan, _, _) = planned(tmp.path());
    let ledger = tmp.path().join("bad.csv");
    std::fs::write(&ledger, "date,officers,target\n2024-03-05,o-0001,nowhere\n").expect("write");
    let (code, _, stderr) = status(&plan, &ledger, "2024-06-30", &tmp.path().join("s"));
    assert_eq!(code, 2);
    assert!(stderr.contains("E502"), "{stderr}");
    let (code, _, stderr) = status(&plan, &ledger, "30.6.2024", &tmp.path().join("s"));
    assert_eq!(code, 2);
    assert!(stderr.contains("--as-of"), "{stderr}");
}
