//! Properties of `tepai plan` over random small scenarios, written to temporary directories
//! as ordinary scenario files (2–4 officers, 1–3 courts, 1–3 units of 0–5 members, 2–8
//! enterprises; random places, conflicts, leave, targets, team sizes 1–2, exclusive or
//! shared mode, quarters or months):
//! - every plan `tepai plan` writes passes `tepai check`: no violation, exit 0 when the
//!   targets are met and 3 when they are not;
//! - when `summary.json` says `optimal` (the scenarios ask for `mip_gap = 0`), its objective
//!   is the brute-force optimum: the best objective, by the independent checker
//!   `tepai_solver::check::check_assignment`, over every assignment the rules of
//!   docs/assignment-model.md allow (each officer nothing, one unit, or up to
//!   `max_enterprises_per_officer` enterprises; in shared mode any units and up to that many
//!   enterprises), kept when the checker finds no violation.
//!
//! proptest (a dev-dependency of the root package) draws the cases and shrinks a failing one.
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::Config;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use tepai_model::{load, EnterpriseIdx, OfficerIdx, Scenario, Target, UnitIdx};
use tepai_solver::check::{check_assignment, Violation};
use tepai_solver::Assignment;

use crate::run;

/// The shape of a random scenario; the details derive from `seed`.
#[derive(Debug, Clone)]
struct Shape {
    seed: u64,
    officers: usize,
    courts: usize,
    units: usize,
    enterprises: usize,
    shared: bool,
    monthly: bool,
}

fn shapes() -> impl Strategy<Value = Shape> {
    (
        0u64..1_000_000_000,
        2usize..=4,
        1usize..=3,
        1usize..=3,
        2usize..=8,
        any::<bool>(),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(seed, officers, courts, units, enterprises, shared, monthly)| Shape {
                seed,
                officers,
                courts,
                units,
                enterprises,
                shared,
                monthly,
            },
        )
}

/// Writes the scenario of `shape` into `dir`.
fn write_scenario(dir: &Path, shape: &Shape) {
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let f = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    let (lat, lon) = (26.6, 118.2);
    let place = |rng: &mut ChaCha8Rng, spread: f64| {
        (
            lat + rng.gen_range(-spread..spread),
            lon + rng.gen_range(-spread..spread),
        )
    };
    let mut courts = String::from("id,name,level,lat,lon,county\n");
    for c in 0..shape.courts {
        let (a, b) = place(&mut rng, 0.3);
        let _ = writeln!(courts, "c-{c},Court {c},basic,{a:.4},{b:.4},x");
    }
    let mut units = String::from("id,name,kind,lat,lon,county,industry,team_size\n");
    let mut unit_places = Vec::new();
    for u in 0..shape.units {
        let (a, b) = place(&mut rng, 0.5);
        unit_places.push((a, b));
        let kind = if rng.gen_bool(0.5) {
            "platform"
        } else {
            "chamber"
        };
        let team = if rng.gen_bool(0.3) { 2 } else { 1 };
        let _ = writeln!(units, "u-{u},Unit {u},{kind},{a:.4},{b:.4},x,tea,{team}");
    }
    let specialties = ["contract", "labor", "ip"];
    let categories = ["", "listed", "green", "listed;high_tech"];
    let mut members = vec![0usize; shape.units];
    let mut enterprises =
        String::from("id,name,lat,lon,county,industry,units,categories,needs,priority\n");
    for e in 0..shape.enterprises {
        let u = rng.gen_range(0..shape.units);
        let member = rng.gen_bool(0.6) && members[u] < 5;
        let (a, b) = if member {
            members[u] += 1;
            let (a, b) = unit_places[u];
            (
                a + rng.gen_range(-0.05..0.05),
                b + rng.gen_range(-0.05..0.05),
            )
        } else {
            place(&mut rng, 0.5)
        };
        let units = if member {
            format!("u-{u}")
        } else {
            String::new()
        };
        let _ = writeln!(
            enterprises,
            "e-{e},Enterprise {e},{a:.4},{b:.4},x,tea,{units},{},{},{}",
            categories[rng.gen_range(0..categories.len())],
            specialties[rng.gen_range(0..specialties.len())],
            rng.gen_range(0..3)
        );
    }
    let mut officers =
        String::from("id,name,court,rank,specialties,days_per_quarter,previous_target\n");
    for o in 0..shape.officers {
        let previous = if rng.gen_bool(0.2) {
            format!("e-{}", rng.gen_range(0..shape.enterprises))
        } else {
            String::new()
        };
        let _ = writeln!(
            officers,
            "o-{o},Officer {o},c-{},judge,{},{},{previous}",
            rng.gen_range(0..shape.courts),
            specialties[rng.gen_range(0..specialties.len())],
            rng.gen_range(1..=12)
        );
    }
    let mut conflicts = String::from("officer,court,enterprise,reason\n");
    for _ in 0..rng.gen_range(0..=2) {
        let e = rng.gen_range(0..shape.enterprises);
        if rng.gen_bool(0.7) {
            let _ = writeln!(
                conflicts,
                "o-{},,e-{e},case",
                rng.gen_range(0..shape.officers)
            );
        } else {
            let _ = writeln!(
                conflicts,
                ",c-{},e-{e},case",
                rng.gen_range(0..shape.courts)
            );
        }
    }
    let mut unavailable = String::from("officer,from,to,reason\n");
    for o in 0..shape.officers {
        if rng.gen_bool(0.3) {
            let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")
                + chrono::Days::new(rng.gen_range(0..330));
            let end = start + chrono::Days::new(rng.gen_range(0..90));
            let end = end.min(chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("date"));
            let _ = writeln!(unavailable, "o-{o},{start},{end},leave");
        }
    }
    let shares = [0.0, 0.5, 1.0];
    let visits = |rng: &mut ChaCha8Rng| {
        if shape.monthly {
            1
        } else {
            rng.gen_range(1..=3)
        }
    };
    let toml = format!(
        "name = \"random {seed}\"\nyear = 2024\nseed = {seed}\n\
         [data]\ncourts = \"courts.csv\"\nofficers = \"officers.csv\"\nunits = \"units.csv\"\n\
         enterprises = \"enterprises.csv\"\nconflicts = \"conflicts.csv\"\n\
         unavailable = \"unavailable.csv\"\n\
         [targets]\nplatforms_share = {}\nchambers_share = {}\nenterprises_min = {}\n\
         [rules]\nperiod = \"{}\"\nofficer_mode = \"{}\"\nmax_enterprises_per_officer = {}\n\
         unit_visits_per_period = {}\nenterprise_visits_per_period = {}\n\
         enterprises_per_unit_visit = {}\nmax_one_way_minutes = {}\nconflict_scope = \"{}\"\n\
         [solver]\nmip_gap = 0.0\ntime_limit_s = 20\n",
        shares[rng.gen_range(0..3)],
        shares[rng.gen_range(0..3)],
        rng.gen_range(0..=shape.enterprises),
        if shape.monthly { "month" } else { "quarter" },
        if shape.shared { "shared" } else { "exclusive" },
        rng.gen_range(1..=2),
        visits(&mut rng),
        visits(&mut rng),
        rng.gen_range(1..=3),
        [45, 90, 120][rng.gen_range(0..3)],
        if rng.gen_bool(0.5) {
            "unit"
        } else {
            "enterprise"
        },
        seed = shape.seed,
    );
    f("courts.csv", &courts);
    f("officers.csv", &officers);
    f("units.csv", &units);
    f("enterprises.csv", &enterprises);
    f("conflicts.csv", &conflicts);
    f("unavailable.csv", &unavailable);
    f("scenario.toml", &toml);
}

/// A random scenario planned by `tepai plan`: its directory, the run's exit code and output,
/// and the summary written.
struct Planned {
    dir: tempfile::TempDir,
    code: i32,
    output: String,
    summary: Value,
}

fn plan(shape: &Shape) -> Planned {
    let dir = tempfile::tempdir().expect("tempdir");
    write_scenario(dir.path(), shape);
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = run(
        &[
            "plan",
            dir.path().to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    let output = format!("{stdout}{stderr}");
    let summary = std::fs::read_to_string(out.join("summary.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    Planned {
        dir,
        code,
        output,
        summary,
    }
}

/// The written assignment.csv as pairs of the scenario's indices.
fn written_assignment(s: &Scenario, plan_dir: &Path) -> Assignment {
    let mut r = csv::Reader::from_path(plan_dir.join("assignment.csv")).expect("assignment.csv");
    let headers = r.headers().expect("header").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (o, kind, t) = (col("officer_id"), col("target_kind"), col("target_id"));
    let pairs = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            let officer = s.officer_by_id(&rec[o]).expect("a known officer");
            let target = if &rec[kind] == "enterprise" {
                Target::Enterprise(s.enterprise_by_id(&rec[t]).expect("a known enterprise"))
            } else {
                Target::Unit(s.unit_by_id(&rec[t]).expect("a known unit"))
            };
            (officer, target)
        })
        .collect();
    Assignment::new(pairs)
}

/// Violations that one officer's duties alone can show (not the team and served-twice rules,
/// which concern several officers).
fn alone_invalid(s: &Scenario, pairs: &[(OfficerIdx, Target)]) -> bool {
    check_assignment(s, &Assignment::new(pairs.to_vec()))
        .violations
        .iter()
        .any(|v| {
            !matches!(
                v,
                Violation::PartialTeam { .. } | Violation::EnterpriseServedTwice { .. }
            )
        })
}

/// Every subset of `items` with at most `max` elements.
fn subsets<T: Copy>(items: &[T], max: usize) -> Vec<Vec<T>> {
    let mut out = vec![Vec::new()];
    for &x in items {
        let grown: Vec<Vec<T>> = out
            .iter()
            .filter(|s| s.len() < max)
            .map(|s| {
                let mut t = s.clone();
                t.push(x);
                t
            })
            .collect();
        out.extend(grown);
    }
    out
}

/// The brute-force optimum, or `None` when there are more than `limit` combinations.
///
/// Per officer, the duty sets the rules allow (nothing; one unit or up to
/// `max_enterprises_per_officer` enterprises in exclusive mode; any units and up to that many
/// enterprises in shared mode), less those the checker rejects for that officer alone (a
/// per-pair or per-officer violation stays in every plan holding the set); then every
/// combination over the officers, kept when the checker finds no violation at all.
fn brute_force(s: &Scenario, limit: usize) -> Option<f64> {
    let max = s.rules.max_enterprises_per_officer as usize;
    let shared = s.rules.officer_mode == tepai_model::OfficerMode::Shared;
    let mut options: Vec<Vec<Vec<(OfficerIdx, Target)>>> = Vec::new();
    for o in (0..s.officers.len()).map(OfficerIdx::from) {
        let units: Vec<Target> = (0..s.units.len())
            .map(|u| Target::Unit(UnitIdx::from(u)))
            .filter(|&t| !alone_invalid(s, &[(o, t)]))
            .collect();
        let enterprises: Vec<Target> = (0..s.enterprises.len())
            .map(|e| Target::Enterprise(EnterpriseIdx::from(e)))
            .filter(|&t| !alone_invalid(s, &[(o, t)]))
            .collect();
        let mut sets: Vec<Vec<Target>> = subsets(&enterprises, max);
        if shared {
            let with_units: Vec<Vec<Target>> = subsets(&units, units.len())
                .into_iter()
                .skip(1)
                .flat_map(|us| {
                    sets.iter()
                        .map(move |es| us.iter().chain(es).copied().collect())
                })
                .collect();
            sets.extend(with_units);
        } else {
            sets.extend(units.iter().map(|&u| vec![u]));
        }
        let sets: Vec<Vec<(OfficerIdx, Target)>> = sets
            .into_iter()
            .map(|set| set.into_iter().map(|t| (o, t)).collect::<Vec<_>>())
            .filter(|pairs| !alone_invalid(s, pairs))
            .collect();
        options.push(sets);
    }
    let total = options
        .iter()
        .try_fold(1usize, |acc, o| acc.checked_mul(o.len()))?;
    if total > limit {
        return None;
    }
    let mut best = f64::INFINITY;
    let mut choice = vec![0usize; options.len()];
    loop {
        let pairs: Vec<(OfficerIdx, Target)> = choice
            .iter()
            .enumerate()
            .flat_map(|(o, &i)| options[o][i].iter().copied())
            .collect();
        let report = check_assignment(s, &Assignment::new(pairs));
        if report.is_valid() {
            best = best.min(report.objective.total());
        }
        // Next combination (odometer).
        let mut k = 0;
        loop {
            if k == choice.len() {
                return Some(best);
            }
            choice[k] += 1;
            if choice[k] < options[k].len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
    }
}

fn config() -> Config {
    Config {
        // PROPTEST_CASES runs more (or fewer) cases.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_written_plan_passes_tepai_check(shape in shapes()) {
        let p = plan(&shape);
        prop_assert!(p.code == 0 || p.code == 3, "{shape:?}: tepai plan exited {}:\n{}", p.code, p.output);
        let (code, stdout, stderr) = run(
            &[
                "check",
                p.dir.path().to_str().expect("utf-8"),
                "--plan",
                p.dir.path().join("plan").to_str().expect("utf-8"),
            ],
            None,
        );
        let violations: Vec<&str> = stdout.lines().filter(|l| l.contains("violation")).collect();
        prop_assert!(
            violations.is_empty(),
            "{shape:?}: tepai check finds violations in the written plan:\n{}\n{stderr}\nplan:\n{}",
            violations.join("\n"),
            p.output
        );
        let met = p.summary["targets_met"] == Value::Bool(true);
        prop_assert_eq!(code, if met { 0 } else { 3 }, "{:?}: {}{}", shape, stdout, stderr);
        prop_assert_eq!(p.code, if met { 0 } else { 3 }, "{:?}: {}", shape, p.output);
    }

    #[test]
    fn an_optimal_plan_has_the_brute_force_optimum(shape in shapes()) {
        let p = plan(&shape);
        prop_assert!(p.code == 0 || p.code == 3, "{shape:?}: tepai plan exited {}:\n{}", p.code, p.output);
        let s = load(p.dir.path()).map_err(|d| TestCaseError::fail(format!("{shape:?}: {d}")))?.scenario;
        let written = check_assignment(&s, &written_assignment(&s, &p.dir.path().join("plan")));
        let objective = p.summary["objective"]["total"].as_f64().expect("objective");
        prop_assert!(written.is_valid(), "{shape:?}: {:?}", written.violations);
        prop_assert!(
            (written.objective.total() - objective).abs() <= 1e-6 * objective.abs().max(1.0),
            "{shape:?}: summary.json objective {objective}, the checker's {}",
            written.objective.total()
        );
        if let Some(best) = brute_force(&s, 20_000) {
            let tolerance = 1e-6 * best.abs().max(1.0);
            prop_assert!(objective >= best - tolerance, "{shape:?}: plan {objective} beats brute force {best}");
            if p.summary["status"] == "optimal" {
                prop_assert!(
                    objective <= best + tolerance,
                    "{shape:?}: status optimal with objective {objective}, brute-force optimum {best}\n{}",
                    p.output
                );
            }
        }
    }
}

/// Shapes the properties once found: an officer whose leave leaves only the first day of the
/// next month free must make this month's visit early enough to be spaced from it.
#[test]
fn a_leave_early_in_the_next_period_pulls_the_visit_before_it_earlier() {
    for shape in [
        Shape {
            seed: 824_015_067,
            officers: 4,
            courts: 2,
            units: 1,
            enterprises: 6,
            shared: false,
            monthly: true,
        },
        Shape {
            seed: 556_272_971,
            officers: 3,
            courts: 2,
            units: 1,
            enterprises: 6,
            shared: false,
            monthly: true,
        },
    ] {
        let p = plan(&shape);
        assert!(p.code == 0 || p.code == 3, "{shape:?}: {}", p.output);
        assert_eq!(
            p.summary["schedule"]["rules_met"],
            Value::Bool(true),
            "{shape:?}: {}",
            p.output
        );
    }
}
