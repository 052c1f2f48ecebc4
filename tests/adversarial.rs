//! The adversarial scenarios of `scenarios/adversarial/` (see its README): each test runs
//! `tepai plan`, reads the files written (summary.json, assignment.csv, schedule.csv,
//! coverage.csv) and checks one claim of the plan directly, with its own arithmetic, sharing
//! no code with the solver; then runs `tepai check` on the written plan.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

use crate::{run, scenario};

/// One CSV file as rows of column name → cell.
type Table = Vec<BTreeMap<String, String>>;

fn read_table(path: &Path) -> Table {
    let mut r =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let headers: Vec<String> = r
        .headers()
        .expect("a header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.expect("a row");
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A written plan: the run's exit code and output, and the files it wrote.
struct Plan {
    _dir: tempfile::TempDir,
    out: PathBuf,
    scenario: PathBuf,
    code: i32,
    output: String,
    summary: Value,
    assignment: Table,
    schedule: Table,
    coverage: Table,
}

impl Plan {
    /// Rows of assignment.csv for an officer.
    fn duties(&self, officer: &str) -> Vec<&BTreeMap<String, String>> {
        self.assignment
            .iter()
            .filter(|r| r["officer_id"] == officer)
            .collect()
    }

    /// Whether any assignment row names the target.
    fn serves(&self, target: &str) -> bool {
        self.assignment.iter().any(|r| r["target_id"] == target)
    }

    /// The summary's schedule shortfalls.
    fn shortfalls(&self) -> Vec<Value> {
        self.summary["schedule"]["shortfalls"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Runs `tepai check` on the written plan: (exit code, output).
    fn check(&self) -> (i32, String) {
        let (code, stdout, stderr) = run(
            &[
                "check",
                self.scenario.to_str().expect("utf-8"),
                "--plan",
                self.out.to_str().expect("utf-8"),
            ],
            None,
        );
        (code, format!("{stdout}{stderr}"))
    }
}

/// Runs `tepai plan scenarios/adversarial/NAME` into a temporary directory.
fn plan(name: &str, extra: &[&str]) -> Plan {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let scenario = scenario(&format!("adversarial/{name}"));
    let mut args = vec![
        "plan",
        scenario.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run(&args, None);
    let output = format!("{stdout}{stderr}");
    assert!(
        code == 0 || code == 3,
        "{name}: tepai plan exited {code}:\n{output}"
    );
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("summary.json")).expect("summary.json"),
    )
    .expect("json");
    let assignment = read_table(&out.join("assignment.csv"));
    let schedule = read_table(&out.join("schedule.csv"));
    let coverage = read_table(&out.join("coverage.csv"));
    Plan {
        _dir: dir,
        out,
        scenario,
        code,
        output,
        summary,
        assignment,
        schedule,
        coverage,
    }
}

/// The period labels of a year: `YYYY-Qn` or `YYYY-MM`.
fn periods(year: i32, monthly: bool) -> Vec<String> {
    if monthly {
        (1..=12).map(|m| format!("{year}-{m:02}")).collect()
    } else {
        (1..=4).map(|q| format!("{year}-Q{q}")).collect()
    }
}

/// The period label of a date.
fn period_of(date: NaiveDate, monthly: bool) -> String {
    if monthly {
        format!("{}-{:02}", date.year(), date.month())
    } else {
        format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1)
    }
}

/// Visits missing from schedule.csv per (officer, period, target) of assignment.csv: the
/// pair's `visits_per_period` minus the rows of that officer in that period that visit it
/// (the unit's rows, or for an enterprise the direct rows listing it).
fn missing_visits(p: &Plan, periods: &[String]) -> BTreeMap<(String, String, String), i64> {
    let mut missing = BTreeMap::new();
    for a in &p.assignment {
        let (officer, target) = (&a["officer_id"], &a["target_id"]);
        let direct = a["target_kind"] == "enterprise";
        let need: i64 = a["visits_per_period"].parse().expect("visits_per_period");
        for period in periods {
            let made = p
                .schedule
                .iter()
                .filter(|r| &r["officer_id"] == officer && &r["period"] == period)
                .filter(|r| {
                    if direct {
                        r["target_kind"] == "enterprise"
                            && r["enterprise_ids"].split(';').any(|e| e == target)
                    } else {
                        &r["target_id"] == target
                    }
                })
                .count();
            let made = i64::try_from(made).expect("count");
            if made < need {
                missing.insert(
                    (officer.clone(), period.clone(), target.clone()),
                    need - made,
                );
            }
        }
    }
    missing
}

/// Every shortfall summary.json lists is a visit really missing from schedule.csv, and every
/// missing visit is listed: per officer, period and target, the visits short summed over
/// the listed shortfalls equal the visits missing. A shortfall of member stops only (visits
/// made with too few eligible members) lists no visit short and at least one stop short.
fn assert_shortfalls_are_real(p: &Plan, periods: &[String]) {
    let missing = missing_visits(p, periods);
    let mut reported: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for f in p.shortfalls() {
        if f["visits_short"].as_i64() == Some(0) {
            assert!(
                f["stops_short"].as_i64().unwrap_or(0) > 0,
                "a shortfall of nothing: {f}"
            );
            continue;
        }
        let key = (
            f["officer_id"].as_str().unwrap_or_default().to_owned(),
            f["period"].as_str().unwrap_or_default().to_owned(),
            f["target_id"].as_str().unwrap_or("<none>").to_owned(),
        );
        *reported.entry(key).or_insert(0) += f["visits_short"].as_i64().unwrap_or(0);
    }
    let phantom: Vec<_> = reported
        .iter()
        .filter(|(k, n)| missing.get(*k) != Some(n))
        .map(|((o, p, t), n)| {
            format!(
                "{o} {p} {t}: reported {n} short, missing {}",
                missing
                    .get(&(o.clone(), p.clone(), t.clone()))
                    .unwrap_or(&0)
            )
        })
        .collect();
    let unreported: Vec<_> = missing
        .iter()
        .filter(|(k, _)| !reported.contains_key(*k))
        .map(|((o, p, t), n)| format!("{o} {p} {t}: {n} missing, not reported"))
        .collect();
    assert!(
        phantom.is_empty() && unreported.is_empty(),
        "shortfalls in summary.json disagree with schedule.csv:\n{}\n{}",
        phantom.join("\n"),
        unreported.join("\n")
    );
}

/// `tepai check` passes the written plan: no violation, exit 0 when the summary says the
/// targets are met and 3 otherwise.
fn assert_check_passes(p: &Plan) {
    let (code, out) = p.check();
    let violations: Vec<&str> = out.lines().filter(|l| l.contains("violation")).collect();
    assert!(
        violations.is_empty(),
        "tepai check finds violations in the written plan:\n{out}"
    );
    let expected = if p.summary["targets_met"] == Value::Bool(true) {
        0
    } else {
        3
    };
    assert_eq!(code, expected, "tepai check:\n{out}");
}

/// Asserts the plan makes every visit: no shortfall listed, none missing.
fn assert_no_shortfall(p: &Plan, periods: &[String]) {
    let missing = missing_visits(p, periods);
    assert!(
        p.shortfalls().is_empty() && missing.is_empty(),
        "the schedule falls short: {} shortfall(s) listed, missing per (officer, period, target): \
         {missing:?}\n{}",
        p.shortfalls().len(),
        p.output
    );
}

fn reached(p: &Plan) -> BTreeSet<String> {
    p.coverage
        .iter()
        .filter(|r| !r["reached_via"].is_empty())
        .map(|r| r["enterprise_id"].clone())
        .collect()
}

#[test]
fn a_platform_no_day_trip_can_reach_is_never_counted_served() {
    let p = plan("far-platform", &[]);
    let periods = periods(2024, false);
    for far in ["u-far", "e-flone"] {
        assert!(
            !p.serves(far),
            "{far} is 270 min away: court → stops → court plus time on site exceeds the \
             480-minute day, yet assignment.csv serves it:\n{}",
            p.output
        );
    }
    assert!(
        !p.coverage.iter().any(|r| r["reached_via"] == "u-far"),
        "coverage.csv counts enterprises reached via u-far"
    );
    let got = reached(&p);
    for e in ["e-f1", "e-f2", "e-f3", "e-flone"] {
        assert!(!got.contains(e), "{e} counted reached");
    }
    assert_eq!(
        p.summary["targets"]["platforms"]["achieved"], 0,
        "the only platform is counted served: {}",
        p.summary["targets"]
    );
    assert_eq!(p.summary["targets_met"], false);
    assert_eq!(p.code, 3, "{}", p.output);
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
}

#[test]
fn units_without_enough_eligible_members_are_never_served_nor_blamed_on_conflicts() {
    let p = plan("thin-units", &[]);
    let periods = periods(2024, false);
    for u in ["u-empty", "u-two", "u-blocked", "u-partial"] {
        assert!(
            !p.serves(u),
            "{u} cannot be visited as the rules require (fewer than 3 eligible members), \
             yet assignment.csv serves it:\n{}",
            p.output
        );
        assert!(
            !p.coverage.iter().any(|r| r["reached_via"] == u),
            "coverage.csv counts enterprises reached via {u}"
        );
    }
    // Only u-ok can be served: no platform, one chamber.
    assert_eq!(p.summary["targets"]["platforms"]["achieved"], 0);
    assert!(p.summary["targets"]["chambers"]["achieved"].as_u64() <= Some(1));
    assert_eq!(p.summary["targets_met"], false);
    let unreachable = p.summary["diagnosis"]["unreachable_units"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let reason = |u: &str| {
        unreachable
            .iter()
            .find(|x| x["unit"] == u)
            .map(|x| x["reason"].as_str().unwrap_or_default().to_owned())
    };
    for u in ["u-empty", "u-two", "u-blocked", "u-partial"] {
        assert!(
            reason(u).is_some(),
            "the diagnosis does not say why {u} is unserved: {}",
            p.summary["diagnosis"]
        );
    }
    for u in ["u-empty", "u-two"] {
        assert_ne!(
            reason(u).as_deref(),
            Some("conflict"),
            "{u} has no conflicted member"
        );
    }
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
}

#[test]
fn shared_mode_with_every_target_raised_makes_every_visit_it_assigns() {
    let p = plan("shared-raised", &[]);
    let periods = periods(2024, false);
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
    if p.summary["targets_met"] == true {
        assert_eq!(p.code, 0, "{}", p.output);
    }
}

#[test]
fn officers_without_three_spaced_free_days_in_a_period_get_no_duties() {
    let p = plan("short-leave", &[]);
    let periods = periods(2024, false);
    for o in ["o-two", "o-clust", "o-gaps"] {
        let duties: Vec<String> = p.duties(o).iter().map(|r| r["target_id"].clone()).collect();
        assert!(
            duties.is_empty(),
            "{o} cannot make 3 visits 14 days apart in one of its periods, yet serves {duties:?}"
        );
    }
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
}

#[test]
fn team_shortfalls_listed_are_visits_really_missing() {
    let p = plan("teams-leave", &[]);
    let periods = periods(2024, false);
    assert_shortfalls_are_real(&p, &periods);
    // A team's visit is one joint trip: every member's row has the same date and stops.
    let mut trips: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in p
        .schedule
        .iter()
        .filter(|r| r["target_kind"] != "enterprise")
    {
        trips
            .entry((r["target_id"].clone(), r["date"].clone()))
            .or_default()
            .insert(r["officer_id"].clone());
    }
    let team: BTreeMap<String, BTreeSet<String>> = p
        .assignment
        .iter()
        .filter(|r| r["target_kind"] != "enterprise")
        .fold(BTreeMap::new(), |mut m, r| {
            m.entry(r["target_id"].clone())
                .or_default()
                .insert(r["officer_id"].clone());
            m
        });
    for ((unit, date), officers) in &trips {
        assert_eq!(
            Some(officers),
            team.get(unit),
            "{unit} on {date}: not the whole team"
        );
    }
    if p.shortfalls().is_empty() {
        assert_check_passes(&p);
    } else {
        assert_eq!(p.code, 3, "{}", p.output);
        // The only findings of `tepai check` are the missing visits themselves.
        let (code, out) = p.check();
        assert_ne!(code, 1, "{out}");
        for line in out.lines().filter(|l| l.contains("violation:")) {
            assert!(
                line.contains("visit(s) in"),
                "a violation other than a missing visit: {line}"
            );
        }
    }
}

#[test]
fn teams_without_leave_make_every_visit_and_exit_0() {
    let p = plan("teams-clean", &[]);
    let periods = periods(2024, false);
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_eq!(p.summary["schedule"]["rules_met"], true);
    assert_eq!(p.summary["targets_met"], true);
    assert_eq!(p.code, 0, "{}", p.output);
    assert_check_passes(&p);
}

#[test]
fn teams_whose_members_are_conflicted_with_different_enterprises_list_only_real_shortfalls() {
    // Each team member alone has 3 eligible members of its unit, the team together 2: such a
    // team cannot cover 3 members a visit, so the plan never forms it.
    let p = plan("teams-conflicts", &[]);
    let periods = periods(2024, false);
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_eq!(p.summary["schedule"]["rules_met"], true);
    if p.summary["targets_met"] == true {
        assert_eq!(p.code, 0, "{}", p.output);
    }
    assert_check_passes(&p);
}

/// One-way minutes by the scenario's default travel model (45 km/h, circuity 1.35), rounded
/// up: great-circle distance by the haversine formula, computed here on its own.
fn modelled_minutes(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    let km = 2.0 * 6371.0088 * h.sqrt().min(1.0).asin();
    (km * 1.35 / 45.0 * 60.0).ceil()
}

/// Moves that would lower the objective of the written plan: an idle officer (no row in
/// assignment.csv, no leave, at least `visits` days a period) taking one unreached,
/// unconflicted enterprise directly within the travel limit, whose visit fits the day and
/// whose load fits the officer's days. The gain counted is the enterprise's value × 10
/// (priority weight); the costs counted are the travel hours, the unmet needs × 0.5 and, as
/// an upper bound of the imbalance term, 0.2 × the pair's load in days. Default weights and
/// rules: 480-minute days, 60 minutes on site, 3 visits a period, 120 minutes one way.
fn improving_moves(dir: &Path, p: &Plan) -> Vec<String> {
    let courts: BTreeMap<String, (f64, f64)> = read_table(&dir.join("courts.csv"))
        .into_iter()
        .map(|r| {
            (
                r["id"].clone(),
                (
                    r["lat"].parse().expect("lat"),
                    r["lon"].parse().expect("lon"),
                ),
            )
        })
        .collect();
    let conflicts = read_table(&dir.join("conflicts.csv"));
    let enterprises = read_table(&dir.join("enterprises.csv"));
    let reached = reached(p);
    let used: BTreeSet<&str> = p
        .assignment
        .iter()
        .map(|r| r["officer_id"].as_str())
        .collect();
    let mut moves = Vec::new();
    for o in read_table(&dir.join("officers.csv")) {
        let days: f64 = o["days_per_quarter"].parse().expect("days");
        if used.contains(o["id"].as_str()) || days < 3.0 {
            continue;
        }
        let specialties: BTreeSet<&str> = o["specialties"].split(';').collect();
        for e in &enterprises {
            if reached.contains(&e["id"]) {
                continue;
            }
            let conflicted = conflicts.iter().any(|c| {
                c["enterprise"] == e["id"] && (c["officer"] == o["id"] || c["court"] == o["court"])
            });
            if conflicted {
                continue;
            }
            let t = modelled_minutes(
                courts[&o["court"]],
                (
                    e["lat"].parse().expect("lat"),
                    e["lon"].parse().expect("lon"),
                ),
            );
            let trip = 2.0 * t + 60.0;
            let load = 3.0 * trip;
            if t > 120.0 || trip > 480.0 || load > days * 480.0 {
                continue;
            }
            let categories = e["categories"].split(';').filter(|c| !c.is_empty()).count();
            #[allow(clippy::cast_precision_loss)]
            let value = 1.0 + categories as f64 + e["priority"].parse::<f64>().unwrap_or(0.0);
            let needs: BTreeSet<&str> = e["needs"].split(';').filter(|n| !n.is_empty()).collect();
            #[allow(clippy::cast_precision_loss)]
            let unmet = needs.iter().filter(|n| !specialties.contains(*n)).count() as f64;
            let delta = -10.0 * value + t / 60.0 + 0.5 * unmet + 0.2 * load / 480.0;
            if delta < -1e-6 {
                moves.push(format!(
                    "{} (idle, {days} days) → {} ({t} min, value {value}): objective {delta:+.3}",
                    o["id"], e["id"]
                ));
            }
        }
    }
    moves
}

fn assert_optimal_means_optimal(name: &str, chambers_required: u64) {
    let p = plan(name, &[]);
    let periods = periods(2024, false);
    assert_eq!(
        p.summary["targets"]["chambers"]["required"], chambers_required,
        "⌈share × 10⌉"
    );
    if p.summary["status"] == "optimal" {
        let mut problems = Vec::new();
        let gap = p.summary["gap"].as_f64().expect("gap");
        if gap > 0.005 + 1e-9 {
            problems.push(format!(
                "the gap is {gap} (mip_gap 0.005); objective {}, bound {} ({})",
                p.summary["objective"]["total"], p.summary["bound"], p.summary["bound_scope"]
            ));
        }
        let moves = improving_moves(&scenario("adversarial/boundary-shares"), &p);
        if !moves.is_empty() {
            problems.push(format!(
                "{} improving move(s) remain, e.g.:\n{}",
                moves.len(),
                moves[..moves.len().min(10)].join("\n")
            ));
        }
        assert!(
            problems.is_empty(),
            "{name}: status optimal, but\n{}",
            problems.join("\n")
        );
    }
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
}

#[test]
fn an_optimal_plan_at_an_integral_chamber_share_leaves_no_improving_move() {
    assert_optimal_means_optimal("boundary-shares", 7);
}

#[test]
fn an_optimal_plan_just_above_an_integral_chamber_share_leaves_no_improving_move() {
    assert_optimal_means_optimal("boundary-shares-above", 8);
}

/// Make-up workdays (weekend days worked) of the State Council notices, 2023, 2025, 2026.
const MAKE_UP_DAYS: &[&str] = &[
    "2023-01-28",
    "2023-01-29",
    "2023-04-23",
    "2023-05-06",
    "2023-06-25",
    "2023-10-07",
    "2023-10-08",
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
];

/// A plan for another year: every visit in the year, on a working day (a weekday other than
/// New Year's Day, 1–3 May and 1–6 October, or a make-up day), outside the officer's leave,
/// labelled with its period; every pair visited as often as it should be in every period.
fn assert_year_plan(name: &str, year: i32, monthly: bool) {
    let p = plan(name, &[]);
    let periods = periods(year, monthly);
    assert_eq!(p.summary["scenario"]["year"], year);
    let leave: Vec<(String, NaiveDate, NaiveDate)> =
        read_table(&scenario(&format!("adversarial/{name}/unavailable.csv")))
            .into_iter()
            .map(|r| {
                let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
                (r["officer"].clone(), d(&r["from"]), d(&r["to"]))
            })
            .collect();
    assert!(!p.schedule.is_empty(), "no visit scheduled");
    for r in &p.schedule {
        let date = NaiveDate::parse_from_str(&r["date"], "%Y-%m-%d").expect("date");
        assert_eq!(date.year(), year, "{r:?}");
        assert_eq!(r["period"], period_of(date, monthly), "{r:?}");
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let make_up = MAKE_UP_DAYS.contains(&r["date"].as_str());
        let (m, d) = (date.month(), date.day());
        let holiday = (m, d) == (1, 1) || (m == 5 && d <= 3) || (m == 10 && d <= 6);
        assert!(
            make_up || !(weekend || holiday),
            "a visit on a day off, {}: {r:?}",
            r["date"]
        );
        for (o, from, to) in &leave {
            assert!(
                !(o == &r["officer_id"] && *from <= date && date <= *to),
                "a visit during leave: {r:?}"
            );
        }
    }
    // Two visits of one officer to one target are 14 days apart, across periods too.
    let mut visits: BTreeMap<(String, String), Vec<NaiveDate>> = BTreeMap::new();
    for r in &p.schedule {
        let date = NaiveDate::parse_from_str(&r["date"], "%Y-%m-%d").expect("date");
        let targets: Vec<String> = if r["target_kind"] == "enterprise" {
            r["enterprise_ids"].split(';').map(str::to_owned).collect()
        } else {
            vec![r["target_id"].clone()]
        };
        for t in targets {
            visits
                .entry((r["officer_id"].clone(), t))
                .or_default()
                .push(date);
        }
    }
    for ((o, t), mut dates) in visits {
        dates.sort_unstable();
        for w in dates.windows(2) {
            assert!(
                (w[1] - w[0]).num_days() >= 14,
                "{o} → {t}: visits on {} and {}",
                w[0],
                w[1]
            );
        }
    }
    // An officer on leave for a whole period has no capacity: every duty recurs every period.
    for (o, from, to) in &leave {
        if periods.iter().any(|label| {
            let first = NaiveDate::parse_from_str(&format!("{label}-01"), "%Y-%m-%d");
            first.is_ok_and(|f| {
                *from <= f && f + chrono::Months::new(1) - chrono::Days::new(1) <= *to
            })
        }) {
            assert!(
                p.duties(o).is_empty(),
                "{o} is on leave for a whole month, yet has duties"
            );
        }
    }
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_eq!(p.code, 0, "{}", p.output);
    assert_check_passes(&p);
}

#[test]
fn a_2025_plan_with_monthly_periods_keeps_the_2025_calendar() {
    assert_year_plan("year-2025-monthly", 2025, true);
}

#[test]
fn a_2023_plan_with_quarters_keeps_the_2023_calendar() {
    assert_year_plan("year-2023-quarterly", 2023, false);
}

#[test]
fn a_2026_plan_with_monthly_periods_keeps_the_2026_calendar() {
    assert_year_plan("year-2026-monthly", 2026, true);
}

#[test]
fn unserved_units_name_their_own_reason() {
    let reasons = |name: &str| -> Vec<(String, String)> {
        let p = plan(name, &[]);
        p.summary["diagnosis"]["unreachable_units"]
            .as_array()
            .expect("a diagnosis with unreachable units")
            .iter()
            .map(|u| {
                (
                    u["unit"].as_str().unwrap_or_default().to_owned(),
                    u["reason"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let pair = |u: &str, r: &str| (u.to_owned(), r.to_owned());
    assert_eq!(reasons("far-platform"), vec![pair("u-far", "day_trip")]);
    assert_eq!(
        reasons("thin-units"),
        vec![
            pair("u-empty", "too_few_members"),
            pair("u-two", "too_few_members"),
            pair("u-blocked", "too_few_eligible_members"),
            pair("u-partial", "too_few_eligible_members"),
        ]
    );
}

#[test]
fn a_team_whose_common_days_end_early_still_makes_every_visit() {
    let p = plan("teams-leave-spacing", &[]);
    let periods = periods(2024, false);
    assert_shortfalls_are_real(&p, &periods);
    assert_no_shortfall(&p, &periods);
    assert_check_passes(&p);
}

/// `closing-midyear/`: enterprises closing during the year. A direct enterprise is visited in
/// every period it is open through and never on or after its closing day, and its closing
/// never takes visits from the enterprises it shared trips with; one closing before the first
/// quarter ends has no duty at all and is neither served nor reached; a unit visit after a
/// member closed makes as many stops as members are still open. `tepai check` passes the
/// plan, and catches a visit after a closing day and a missing visit of an open enterprise.
#[test]
fn closing_midyear() {
    let p = plan("closing-midyear", &[]);
    assert_eq!(p.code, 0, "{}", p.output);
    assert!(p.shortfalls().is_empty(), "{:?}", p.shortfalls());
    let date = |r: &BTreeMap<String, String>| {
        NaiveDate::parse_from_str(&r["date"], "%Y-%m-%d").expect("a date")
    };
    let visits_of = |e: &str| -> BTreeMap<String, usize> {
        let mut per = BTreeMap::new();
        for r in p
            .schedule
            .iter()
            .filter(|r| r["target_kind"] == "enterprise")
        {
            if r["enterprise_ids"].split(';').any(|x| x == e) {
                *per.entry(r["period"].clone()).or_insert(0) += 1;
            }
        }
        per
    };
    let closing = [
        ("e-2", NaiveDate::from_ymd_opt(2024, 7, 10)),
        ("e-4", NaiveDate::from_ymd_opt(2024, 4, 1)),
        ("e-12", NaiveDate::from_ymd_opt(2024, 8, 15)),
        ("e-23", NaiveDate::from_ymd_opt(2024, 5, 20)),
    ];
    for (e, day) in closing {
        let day = day.expect("a date");
        for r in &p.schedule {
            if r["enterprise_ids"].split(';').any(|x| x == e) {
                assert!(
                    date(r) < day,
                    "{e} visited on {} after closing {day}",
                    r["date"]
                );
            }
        }
    }
    // The duty of every quarter the enterprise is open through, as many visits as in Q1.
    let per_period = visits_of("e-1");
    let duty = per_period.get("2024-Q1").copied().unwrap_or(0);
    assert!(duty > 0, "e-1 is visited in Q1");
    for e in ["e-1", "e-3", "e-6"] {
        let v = visits_of(e);
        for q in periods(2024, false) {
            assert_eq!(v.get(&q).copied().unwrap_or(0), duty, "{e} in {q}: {v:?}");
        }
    }
    let e2 = visits_of("e-2");
    assert_eq!(e2.get("2024-Q1"), Some(&duty));
    assert_eq!(e2.get("2024-Q2"), Some(&duty));
    assert_eq!(visits_of("e-4").get("2024-Q1"), Some(&duty));
    // e-5 closes on 31 March, the first quarter's last day: no duty, never served.
    assert!(!p.serves("e-5"));
    assert!(visits_of("e-5").is_empty());
    let e5 = p
        .coverage
        .iter()
        .find(|r| r["enterprise_id"] == "e-5")
        .expect("e-5 in coverage.csv");
    assert!(e5["reached_via"].trim().is_empty(), "{e5:?}");
    // u-1 after e-12 closed: the two open members.
    for r in p.schedule.iter().filter(|r| r["target_id"] == "u-1") {
        let stops = r["enterprise_ids"].split(';').count();
        let want = if date(r) >= NaiveDate::from_ymd_opt(2024, 8, 15).expect("a date") {
            2
        } else {
            3
        };
        assert_eq!(stops, want, "{r:?}");
    }
    let (code, out) = p.check();
    assert_eq!(code, 0, "{out}");

    // Falsified: a visit of e-2 moved past its closing day, and one visit of e-1 dropped.
    let path = p.out.join("schedule.csv");
    let text = std::fs::read_to_string(&path).expect("schedule.csv");
    let e2_q2 = text
        .lines()
        .find(|l| l.contains(",2024-Q2,") && l.contains(",enterprise,e-2,"))
        .expect("a Q2 visit of e-2");
    let rest = e2_q2.splitn(3, ',').nth(2).expect("cells");
    let moved = text.replacen(e2_q2, &format!("2024-07-22,2024-Q3,{rest}"), 1);
    std::fs::write(&path, &moved).expect("write");
    let (code, out) = p.check();
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("closed"), "{out}");
    let e1_q3 = text
        .lines()
        .find(|l| {
            l.contains(",2024-Q3,")
                && l.contains(",enterprise,")
                && l.split(',')
                    .nth(5)
                    .is_some_and(|s| s.split(';').any(|e| e == "e-1"))
        })
        .expect("a Q3 visit of e-1");
    std::fs::write(&path, text.replacen(&format!("{e1_q3}\n"), "", 1)).expect("write");
    let (code, out) = p.check();
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("e-1"), "{out}");
}
