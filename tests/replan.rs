//! `tepai replan` on Nanping 2024: an officer on leave from 1 July, an enterprise closing, a
//! past with visits missed and extra ones, and `tepai check` catching a falsified re-plan.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tepai_solver::replan::{past_as_planned, replan, ReplanInput};

use crate::read_table as table;
use crate::{run, scenario};

/// A CSV file as (header, rows), the byte-order mark dropped.
fn col(headers: &[String], name: &str) -> usize {
    headers.iter().position(|h| h == name).expect(name)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// The baseline: Nanping 2024 planned as `tepai plan` does.
fn baseline(dir: &Path) -> PathBuf {
    let out = dir.join("baseline");
    let (code, o, e) = run(
        &[
            "plan",
            s(&scenario("nanping-2024")),
            "--out",
            s(&out),
            "--node-limit",
            "500",
            "-q",
        ],
        None,
    );
    assert!(code == 0 || code == 3, "{o}{e}");
    out
}

/// A copy of Nanping 2024 to change.
fn copy(dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).expect("mkdir");
    for f in std::fs::read_dir(scenario("nanping-2024")).expect("dir") {
        let f = f.expect("entry").path();
        std::fs::copy(&f, to.join(f.file_name().expect("name"))).expect("copy");
    }
    to
}

fn replan_cli(scenario: &Path, base: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "replan",
        s(scenario),
        "--baseline",
        s(base),
        "--from",
        "2024-07-01",
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    let (code, o, e) = run(&args, None);
    (code, format!("{o}{e}"))
}

fn check(scenario: &Path, plan: &Path) -> (i32, String) {
    let (code, o, e) = run(&["check", s(scenario), "--plan", s(plan)], None);
    (code, format!("{o}{e}"))
}

/// The officers with an assignment gained or lost, and the visit rows, of `changes.csv`.
fn changes(plan: &Path) -> (BTreeSet<String>, Vec<Vec<String>>) {
    let (h, rows) = table(&plan.join("changes.csv"));
    let (kind, officer) = (col(&h, "change"), col(&h, "officer_id"));
    let officers = rows
        .iter()
        .filter(|r| r[kind] == "gained" || r[kind] == "lost")
        .map(|r| r[officer].clone())
        .collect();
    let visits = rows
        .into_iter()
        .filter(|r| r[kind] != "gained" && r[kind] != "lost")
        .collect();
    (officers, visits)
}

#[test]
fn an_officer_on_leave_from_july_changes_nothing_before_july_and_few_officers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = baseline(dir.path());
    let (h, rows) = table(&base.join("assignment.csv"));
    let (officer, kind) = (col(&h, "officer_id"), col(&h, "target_kind"));
    // An officer serving a platform: every platform is required, so it must be handed on.
    let on_leave = rows
        .iter()
        .find(|r| r[kind] == "platform")
        .map(|r| r[officer].clone())
        .expect("a platform officer");
    let sc = copy(dir.path(), "leave");
    let mut text = std::fs::read_to_string(sc.join("unavailable.csv")).expect("read");
    text.push_str(&format!("{on_leave},2024-07-01,2024-12-31,long leave\n"));
    std::fs::write(sc.join("unavailable.csv"), text).expect("write");

    let out = dir.path().join("replan");
    let (code, log) = replan_cli(&sc, &base, &out, &[]);
    assert_eq!(code, 0, "{log}");
    let (code, log) = check(&sc, &out);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("re-plan from 2024-07-01"), "{log}");

    let (officers, visits) = changes(&out);
    assert!(officers.contains(&on_leave), "{officers:?}");
    // At least 95 of the 100 officers keep their targets.
    assert!(officers.len() <= 5, "{officers:?}");
    // No visit before 1 July changes.
    for v in &visits {
        assert!(
            v[4].is_empty() || v[4].as_str() >= "2024-07-01",
            "{v:?} changes a visit before July"
        );
        assert!(v[5].is_empty() || v[5].as_str() >= "2024-07-01", "{v:?}");
    }
    // The officer's visits before July stand; none after.
    let (h, rows) = table(&out.join("schedule.csv"));
    let (date, officer) = (col(&h, "date"), col(&h, "officer_id"));
    let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[officer] == on_leave).collect();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|r| r[date].as_str() < "2024-07-01"));
    // past.csv is the baseline's first half, row for row.
    let (_, past) = table(&out.join("past.csv"));
    let (_, before) = table(&base.join("schedule.csv"));
    let before: Vec<Vec<String>> = before
        .into_iter()
        .filter(|r| r[0].as_str() < "2024-07-01")
        .map(|r| r[..10].to_vec())
        .collect();
    let past: Vec<Vec<String>> = past.into_iter().map(|r| r[..10].to_vec()).collect();
    assert_eq!(past, before);

    // `tepai status` on the re-plan's folder judges each duty by who held the pair then:
    // with the first half logged as made, every duty of the first half is met, the pairs
    // that left at the re-plan's day included, and no logged visit is outside the plan.
    let mut ledger = String::from("date,officers,target,enterprises,kind\n");
    for r in tepai_io::read::schedule_rows(&base.join("schedule.csv"))
        .expect("schedule")
        .iter()
        .filter(|r| r.date.as_str() < "2024-07-01")
    {
        ledger.push_str(&format!(
            "{},{},{},{},走访\n",
            r.date, r.officer_id, r.target_id, r.enterprise_ids
        ));
    }
    let ledger_path = dir.path().join("ledger.csv");
    std::fs::write(&ledger_path, ledger).expect("ledger");
    let status_out = dir.path().join("status");
    let (code, o, e) = run(
        &[
            "--lang",
            "en",
            "status",
            s(&sc),
            "--plan",
            s(&out),
            "--ledger",
            s(&ledger_path),
            "--as-of",
            "2024-06-30",
            "--out",
            s(&status_out),
        ],
        None,
    );
    assert_eq!(code, 0, "{o}{e}");
    let (h, duties) = table(&status_out.join("status.csv"));
    let (state, officer_col) = (col(&h, "state"), col(&h, "officer_id"));
    assert!(
        duties.iter().all(|r| r[state] == "met"),
        "{:?}",
        duties
            .iter()
            .filter(|r| r[state] != "met")
            .take(3)
            .collect::<Vec<_>>()
    );
    assert!(
        duties.iter().any(|r| r[officer_col] == on_leave),
        "the pair that left"
    );
    let (h, courts) = table(&status_out.join("status_courts.csv"));
    let unplanned = col(&h, "unplanned_visits");
    assert!(courts.iter().all(|r| r[unplanned] == "0"), "{courts:?}");

    // `tepai diff` tells the same story.
    let (code, o, _) = run(&["diff", s(&base), s(&out)], None);
    assert_eq!(code, 0);
    assert!(
        o.contains(&format!("{} officers changed", officers.len())),
        "{o}"
    );

    // A pin holds: the officer's platform goes to a chosen officer.
    let platform = rows_of(&out, "platform")
        .into_iter()
        .find(|(o, _)| o != &on_leave)
        .expect("a platform pair");
    let other = rows_of(&base, "enterprise")
        .into_iter()
        .map(|(o, _)| o)
        .find(|o| *o != on_leave)
        .expect("a direct officer");
    let pin = format!("{other}={}", platform.1);
    let pinned = dir.path().join("pinned");
    let (code, log) = replan_cli(&sc, &base, &pinned, &["--pin", &pin]);
    if code == 0 {
        assert!(rows_of(&pinned, "platform").contains(&(other.clone(), platform.1.clone())));
        let (code, log) = check(&sc, &pinned);
        assert_eq!(code, 0, "{log}");
    } else {
        // A pin the rules cannot hold is refused, naming it.
        assert_eq!(code, 2, "{log}");
        assert!(log.contains(&pin), "{log}");
    }
    // A pin naming nobody: exit 2.
    let (code, log) = replan_cli(&sc, &base, &pinned, &["--pin", "nobody=pf-x"]);
    assert_eq!(code, 2, "{log}");
    assert!(log.contains("nobody"), "{log}");
}

/// (officer_id, target_id) of a plan's pairs of one kind.
fn rows_of(plan: &Path, kind: &str) -> Vec<(String, String)> {
    let (h, rows) = table(&plan.join("assignment.csv"));
    let (o, k, t) = (
        col(&h, "officer_id"),
        col(&h, "target_kind"),
        col(&h, "target_id"),
    );
    rows.iter()
        .filter(|r| r[k] == kind)
        .map(|r| (r[o].clone(), r[t].clone()))
        .collect()
}

/// Adds `closed_on` to the enterprises table: `id` closes on `date`.
fn close(sc: &Path, id: &str, date: &str) {
    let path = sc.join("enterprises.csv");
    let (mut h, rows) = table(&path);
    h.push("closed_on".to_owned());
    let mut w = csv::Writer::from_path(&path).expect("write");
    w.write_record(&h).expect("header");
    for mut r in rows {
        r.push(if r[0] == id {
            date.to_owned()
        } else {
            String::new()
        });
        w.write_record(&r).expect("row");
    }
    w.flush().expect("flush");
}

#[test]
fn closing_one_enterprise_changes_only_the_visits_that_included_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = baseline(dir.path());
    let (h, rows) = table(&base.join("schedule.csv"));
    let (date, kind, stops) = (
        col(&h, "date"),
        col(&h, "target_kind"),
        col(&h, "enterprise_ids"),
    );
    // A directly served enterprise sharing its day trip with others, and a unit member.
    let pick = |want: &str| {
        rows.iter()
            .find(|r| r[date].as_str() >= "2024-07-01" && r[kind] == want && r[stops].contains(';'))
            .map(|r| r[stops].split(';').nth(1).expect("second stop").to_owned())
            .expect("a trip")
    };
    for closed in [pick("enterprise"), pick("platform")] {
        let sc = copy(dir.path(), &format!("close-{closed}"));
        close(&sc, &closed, "2024-07-01");
        let out = dir.path().join(format!("replan-{closed}"));
        let (code, log) = replan_cli(&sc, &base, &out, &[]);
        assert_eq!(code, 0, "{log}");
        let (code, log) = check(&sc, &out);
        assert_eq!(code, 0, "{log}");
        let (_, visits) = changes(&out);
        let had_it = rows
            .iter()
            .filter(|r| r[date].as_str() >= "2024-07-01" && r[stops].contains(&closed))
            .count();
        assert!(had_it > 0);
        assert_eq!(visits.len(), had_it, "{closed}: {visits:?}");
        for v in &visits {
            assert!(v[6].contains(&closed), "{closed}: {v:?} did not visit it");
            assert!(!v[7].contains(&closed), "{closed}: {v:?}");
        }

        // A visit to the closed enterprise after it closed is caught, and so is a past
        // visit that was never recorded.
        let (h2, mut rows2) = table(&out.join("schedule.csv"));
        let st = col(&h2, "enterprise_ids");
        let at = rows2
            .iter()
            .position(|r| r[0].as_str() >= "2024-07-01" && !r[st].contains(&closed))
            .expect("a future row");
        let first = rows2[at][st].split(';').next().expect("stop").to_owned();
        rows2[at][st] = rows2[at][st].replacen(&first, &closed, 1);
        rows2.remove(0);
        let mut w = csv::Writer::from_path(out.join("schedule.csv")).expect("write");
        w.write_record(&h2).expect("header");
        for r in &rows2 {
            w.write_record(r).expect("row");
        }
        w.flush().expect("flush");
        let (code, log) = check(&sc, &out);
        assert_eq!(code, 3, "{log}");
        assert!(
            log.contains("closed-enterprise") || log.contains("closed on"),
            "{log}"
        );
        assert!(log.contains("past-missing"), "{log}");
    }
}

/// An enterprise served directly that will close later (16 September, inside Q3, after the
/// re-plan's day): it is visited before it closes and owes nothing from Q3 on, while the
/// enterprises it shared day trips with keep every visit of Q3 and Q4.
#[test]
fn an_enterprise_closing_after_the_day_keeps_its_trip_mates_visited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = baseline(dir.path());
    let (h, rows) = table(&base.join("schedule.csv"));
    let (date, period, kind, stops) = (
        col(&h, "date"),
        col(&h, "period"),
        col(&h, "target_kind"),
        col(&h, "enterprise_ids"),
    );
    let trip = rows
        .iter()
        .find(|r| {
            r[date].as_str() >= "2024-07-01" && r[kind] == "enterprise" && r[stops].contains(';')
        })
        .map(|r| r[stops].clone())
        .expect("a shared direct trip");
    let mut ids = trip.split(';').map(str::to_owned);
    let closing = ids.next().expect("a stop");
    let mates: Vec<String> = ids.collect();
    let sc = copy(dir.path(), "close-later");
    close(&sc, &closing, "2024-09-16");
    let out = dir.path().join("replan-close-later");
    let (code, log) = replan_cli(&sc, &base, &out, &[]);
    assert_eq!(code, 0, "{log}");
    let (code, log) = check(&sc, &out);
    assert_eq!(code, 0, "{log}");
    let (_, after) = table(&out.join("schedule.csv"));
    let direct_visits = |e: &str, q: &str| {
        after
            .iter()
            .filter(|r| r[kind] == "enterprise" && r[period] == q)
            .filter(|r| r[stops].split(';').any(|x| x == e))
            .count()
    };
    let before = |e: &str, q: &str| {
        rows.iter()
            .filter(|r| r[kind] == "enterprise" && r[period] == q)
            .filter(|r| r[stops].split(';').any(|x| x == e))
            .count()
    };
    for q in ["2024-Q3", "2024-Q4"] {
        for m in &mates {
            assert_eq!(direct_visits(m, q), before(m, q), "{m} in {q}");
            assert!(direct_visits(m, q) > 0, "{m} in {q}");
        }
    }
    assert!(after
        .iter()
        .filter(|r| r[stops].split(';').any(|x| x == closing))
        .all(|r| r[date].as_str() < "2024-09-16"));
}

#[test]
fn missed_visits_are_made_up_in_their_period_and_extra_ones_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = baseline(dir.path());
    let s = tepai_model::load(&scenario("nanping-2024"))
        .expect("loads")
        .scenario;
    let assignment =
        tepai_io::read::assignment(&s, &base.join("assignment.csv")).expect("assignment");
    let rows = tepai_io::read::schedule_rows(&base.join("schedule.csv")).expect("rows");
    let visits = tepai_solver::replan::visits_of_rows(&s, &rows).expect("visits");
    // Mid-Q3: what was missed in July and early August can still be made up in Q3.
    let from = NaiveDate::from_ymd_opt(2024, 8, 15).expect("date");
    let mut past = past_as_planned(&visits, from);
    let q3 = NaiveDate::from_ymd_opt(2024, 7, 1).expect("date");
    // Every fifth visit of Q3 so far was missed; one Q2 visit was made twice.
    let missed: Vec<_> = past
        .iter()
        .filter(|m| m.date >= q3)
        .step_by(5)
        .cloned()
        .collect();
    past.retain(|m| !missed.contains(m));
    let mut extra = past
        .iter()
        .find(|m| m.date.format("%m").to_string() == "05")
        .cloned()
        .expect("a May visit");
    extra.date = NaiveDate::from_ymd_opt(2024, 6, 28).expect("date");
    past.push(extra);
    let input = ReplanInput {
        baseline: assignment,
        baseline_visits: visits,
        from,
        past: past.clone(),
        pins: Vec::new(),
    };
    let options = tepai_solver::assign::AssignOptions::from_scenario(&s);
    let r = replan(&s, &input, &options, s.seed).expect("re-plans");
    // The plan passes the independent checker as a re-plan (done inside), and the missed
    // visits of Q3 are made up where the rules allow: most pairs still make their 3.
    let made_up = missed
        .iter()
        .filter(|m| {
            r.plan
                .schedule
                .as_ref()
                .expect("schedule")
                .visits
                .iter()
                .filter(|v| {
                    v.officer == m.officers[0] && v.target == m.target && v.period.index == 3
                })
                .count()
                >= 3
        })
        .count();
    assert!(
        made_up * 2 >= missed.len(),
        "{made_up} of {} missed visits made up",
        missed.len()
    );
    // The past is in the plan exactly as given, the extra visit included.
    let rows: Vec<_> = r
        .plan
        .schedule_rows
        .iter()
        .filter(|row| row.date.as_str() < "2024-08-15")
        .cloned()
        .collect();
    let past_rows = tepai_solver::plan::schedule_rows(
        &s,
        &tepai_solver::schedule::Schedule {
            visits: tepai_solver::replan::past_rows(&s, &past),
            ..Default::default()
        },
    );
    let key = |r: &tepai_solver::check::ScheduleRow| {
        (
            r.date.clone(),
            r.officer_id.clone(),
            r.enterprise_ids.clone(),
        )
    };
    assert_eq!(
        rows.iter().map(key).collect::<Vec<_>>(),
        past_rows.iter().map(key).collect::<Vec<_>>()
    );
    assert!(tepai_solver::check::check_past(&r.plan.schedule_rows, &past_rows, from).is_empty());
    // A past dated on or after the day is refused.
    let mut late = input.clone();
    late.past[0].date = from;
    assert!(replan(&s, &late, &options, s.seed).is_err());
}

#[test]
fn a_closed_on_that_is_no_date_is_e209_naming_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = copy(dir.path(), "bad-closed-on");
    let (_, rows) = table(&sc.join("enterprises.csv"));
    close(&sc, &rows[2][0], "2024-13-40");
    let (code, _, err) = run(&["validate", s(&sc)], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E209"), "{err}");
    assert!(err.contains("closed_on"), "{err}");
    assert!(err.contains("enterprises.csv"), "{err}");
}

#[test]
fn a_replan_takes_the_past_from_the_ledger_and_passes_check() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base = baseline(tmp.path());
    // The ledger: every visit of the first half as scheduled, but one trip not made.
    let rows = tepai_io::read::schedule_rows(&base.join("schedule.csv")).expect("schedule");
    let mut ledger = String::from("date,officers,target,enterprises,kind\n");
    let mut skipped = None;
    let mut logged = 0;
    for r in rows.iter().filter(|r| r.date.as_str() < "2024-07-01") {
        if skipped.is_none() && r.date.as_str() >= "2024-05-01" {
            skipped = Some((r.officer_id.clone(), r.date.clone()));
            continue;
        }
        ledger.push_str(&format!(
            "{},{},{},{},走访\n",
            r.date, r.officer_id, r.target_id, r.enterprise_ids
        ));
        logged += 1;
    }
    // A unit visit logged without its enterprises: no member visited, so no duty visit
    // and no row of the past, said on the terminal (it once broke the re-plan's check).
    let unit_row = rows
        .iter()
        .find(|r| r.target_id.starts_with("ch-") || r.target_id.starts_with("pf-"))
        .expect("a unit visit");
    ledger.push_str(&format!(
        "2024-06-28,{},{},,走访\n",
        unit_row.officer_id, unit_row.target_id
    ));
    let ledger_path = tmp.path().join("ledger.csv");
    std::fs::write(&ledger_path, ledger).expect("ledger");
    let out = tmp.path().join("replan");
    let (code, o, e) = run(
        &[
            "replan",
            s(&scenario("nanping-2024")),
            "--baseline",
            s(&base),
            "--from",
            "2024-07-01",
            "--ledger",
            s(&ledger_path),
            "--out",
            s(&out),
        ],
        None,
    );
    assert!(code == 0 || code == 3, "{o}{e}");
    assert!(
        e.contains("1 on-site unit visits before the day name no enterprise"),
        "{e}"
    );
    // The past is the ledger's: the skipped trip is not in it.
    let (_, past) = table(&out.join("past.csv"));
    assert_eq!(past.len(), logged, "one past row per logged row");
    let (skipped_officer, skipped_date) = skipped.expect("a trip to skip");
    let (headers, plan_rows) = table(&out.join("schedule.csv"));
    let (oc, dc) = (col(&headers, "officer_id"), col(&headers, "date"));
    assert!(
        !plan_rows
            .iter()
            .any(|r| r[oc] == skipped_officer && r[dc] == skipped_date),
        "the visit not made is not in the re-plan's past"
    );
    let (code, o, e) = run(
        &["check", s(&scenario("nanping-2024")), "--plan", s(&out)],
        None,
    );
    assert!(
        (code == 0 || code == 3) && o.contains("every rule holds"),
        "{o}{e}"
    );
}
