//! The assignment optimiser against brute force, its own heuristic and bound, and the
//! independent checker.
use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tepai_model::{load, Scenario};
use tepai_solver::assign::{assign, evaluate, AssignOptions, Status};
use tepai_solver::candidates::{CandidateLimits, Instance};
use tepai_solver::check::check_assignment;
use tepai_solver::Assignment;

use crate::{run, scenario};

/// Writes a small random scenario: `officers` officers at two nearby courts, `units` units,
/// `enterprises` enterprises, tight capacities and random targets, so that constraints bind.
pub fn write_random(
    dir: &Path,
    seed: u64,
    officers: usize,
    units: usize,
    enterprises: usize,
    mode: &str,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let f = |name: &str, text: String| std::fs::write(dir.join(name), text).expect("write");
    let (lat, lon) = (26.6, 118.2);
    f(
        "courts.csv",
        format!("id,name,level,lat,lon,county\nc-a,A court,basic,{lat},{lon},a\nc-b,B court,basic,{},{},b\n", lat + 0.3, lon + 0.2),
    );
    let specialties = ["contract", "labor", "ip"];
    let mut o = String::from("id,name,court,rank,specialties,days_per_quarter,previous_target\n");
    for i in 0..officers {
        let court = if rng.gen_bool(0.5) { "c-a" } else { "c-b" };
        let prev = if rng.gen_bool(0.3) {
            format!("e-{}", rng.gen_range(0..enterprises))
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "o-{i},Officer {i},{court},judge,{},{},{prev}",
            specialties[rng.gen_range(0..3)],
            rng.gen_range(1..4)
        );
    }
    f("officers.csv", o);
    let mut u = String::from("id,name,kind,lat,lon,county,industry,team_size\n");
    for i in 0..units {
        let kind = if i % 2 == 0 { "platform" } else { "chamber" };
        let team = if rng.gen_bool(0.25) { 2 } else { 1 };
        let _ = writeln!(
            u,
            "u-{i},Unit {i},{kind},{},{},a,tea,{team}",
            lat + rng.gen_range(-0.4..0.6),
            lon + rng.gen_range(-0.4..0.6)
        );
    }
    f("units.csv", u);
    let cats = ["listed", "green", "high_tech", ""];
    let mut e = String::from("id,name,lat,lon,county,industry,units,categories,needs,priority\n");
    for i in 0..enterprises {
        let member = if units > 0 && rng.gen_bool(0.6) {
            format!("u-{}", rng.gen_range(0..units))
        } else {
            String::new()
        };
        let _ = writeln!(
            e,
            "e-{i},Enterprise {i},{},{},a,tea,{member},{},{},{}",
            lat + rng.gen_range(-0.5..0.8),
            lon + rng.gen_range(-0.5..0.8),
            cats[rng.gen_range(0..4)],
            specialties[rng.gen_range(0..3)],
            rng.gen_range(0..2)
        );
    }
    f("enterprises.csv", e);
    let conflict = if rng.gen_bool(0.5) {
        format!("o-0,,e-{},pending case\n", rng.gen_range(0..enterprises))
    } else {
        String::new()
    };
    f(
        "conflicts.csv",
        format!("officer,court,enterprise,reason\n{conflict}"),
    );
    f(
        "scenario.toml",
        format!(
            "name = \"random {seed}\"\nyear = 2024\nseed = {seed}\n[data]\ncourts = \"courts.csv\"\nofficers = \"officers.csv\"\nunits = \"units.csv\"\nenterprises = \"enterprises.csv\"\nconflicts = \"conflicts.csv\"\n[targets]\nplatforms_share = {}\nchambers_share = {}\nenterprises_min = {}\n[rules]\nofficer_mode = \"{mode}\"\nmax_enterprises_per_officer = 2\nunit_visits_per_period = 2\nenterprise_visits_per_period = 2\n",
            [0.5, 1.0][rng.gen_range(0..2)],
            [0.0, 1.0][rng.gen_range(0..2)],
            rng.gen_range(0..=enterprises)
        ),
    );
}

fn load_random(
    seed: u64,
    officers: usize,
    units: usize,
    enterprises: usize,
    mode: &str,
) -> (tempfile::TempDir, Scenario) {
    let dir = tempfile::tempdir().expect("tempdir");
    write_random(dir.path(), seed, officers, units, enterprises, mode);
    let s = load(dir.path())
        .unwrap_or_else(|d| panic!("random scenario {seed} invalid:\n{d}"))
        .scenario;
    (dir, s)
}

fn exact(s: &Scenario) -> AssignOptions {
    AssignOptions {
        mip_gap: 0.0,
        time_limit_s: 30.0,
        limits: CandidateLimits::ALL,
        ..AssignOptions::from_scenario(s)
    }
}

/// The best objective over every subset of candidate pairs that the checker accepts and
/// whose direct enterprises group into day trips within each officer's slots (the promise
/// the schedule keeps; see docs/assignment-model.md, "Jobs").
fn brute_force(s: &Scenario) -> f64 {
    let inst = Instance::new(s, CandidateLimits::ALL);
    let n = inst.edges.len();
    assert!(n <= 16, "too many candidate pairs for brute force: {n}");
    let mut best = f64::INFINITY;
    for mask in 0u32..(1 << n) {
        let chosen: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        let pairs = chosen
            .iter()
            .map(|&i| (inst.edges[i].officer, inst.edges[i].target))
            .collect();
        let report = check_assignment(s, &Assignment::new(pairs));
        if report.is_valid()
            && tepai_solver::assign::trips::violated_cuts(&inst, &chosen).is_empty()
        {
            best = best.min(report.objective.total());
        }
    }
    best
}

#[test]
fn the_ilp_equals_brute_force_on_tiny_instances() {
    let mut compared = 0;
    for seed in 0..40 {
        for mode in ["exclusive", "shared"] {
            let (_dir, s) = load_random(seed, 2, 2, 4, mode);
            if Instance::new(&s, CandidateLimits::ALL).edges.len() > 14 {
                continue;
            }
            let r = assign(&s, &exact(&s));
            let brute = brute_force(&s);
            let got = r.objective.total();
            assert!(
                (got - brute).abs() < 1e-6,
                "seed {seed} {mode}: ILP {got} vs brute force {brute}"
            );
            assert_eq!(r.status, Status::Optimal, "seed {seed}");
            compared += 1;
        }
    }
    assert!(
        compared >= 40,
        "only {compared} instances were small enough"
    );
}

#[test]
fn the_solver_objective_matches_the_checker_on_nanping_2024() {
    let s = load(&scenario("nanping-2024")).expect("valid").scenario;
    let r = assign(
        &s,
        &AssignOptions {
            heuristic_only: true,
            ..AssignOptions::from_scenario(&s)
        },
    );
    let report = check_assignment(&s, &r.assignment);
    assert!(report.is_valid(), "{:?}", report.violations);
    assert!((report.objective.total() - r.objective.total()).abs() < 1e-6);
    assert_eq!(report.achieved.enterprises_reached, r.coverage.enterprises);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn heuristic_is_no_better_than_the_ilp_which_is_no_better_than_the_bound(seed in 0u64..10_000, exclusive in any::<bool>()) {
        let mode = if exclusive { "exclusive" } else { "shared" };
        let (_dir, s) = load_random(seed, 5, 3, 12, mode);
        let r = assign(&s, &exact(&s));
        let inst = Instance::new(&s, CandidateLimits::ALL);
        let heuristic = tepai_solver::assign::greedy::solve(&inst, s.seed);
        let h = evaluate(&inst, &heuristic).total();
        let ilp = r.objective.total();
        let bound = r.bound.expect("bound");
        prop_assert!(h >= ilp - 1e-6, "heuristic {} < ILP {}", h, ilp);
        prop_assert!(ilp >= bound - 1e-6, "ILP {} < bound {}", ilp, bound);
        let heur = check_assignment(&s, &tepai_solver::Assignment::new(heuristic.iter().map(|&i| (inst.edges[i].officer, inst.edges[i].target)).collect()));
        prop_assert!(heur.is_valid(), "heuristic plan invalid: {:?}", heur.violations);
        let report = check_assignment(&s, &r.assignment);
        prop_assert!(report.is_valid(), "{:?}", report.violations);
        prop_assert!((report.objective.total() - ilp).abs() < 1e-6);
    }
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let (_dir, s) = load_random(7, 6, 3, 15, "exclusive");
    let options = AssignOptions {
        node_limit: Some(1000),
        ..AssignOptions::from_scenario(&s)
    };
    let a = assign(&s, &options);
    let b = assign(&s, &options);
    assert_eq!(a.assignment, b.assignment);
}

#[test]
fn assign_writes_outputs_and_exits_0_when_targets_are_met() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            scenario("invalid/base").to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    for f in ["assignment.csv", "coverage.csv", "summary.json"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let header = std::fs::read_to_string(out.join("assignment.csv")).expect("read");
    assert!(header.starts_with("\u{feff}officer_id,officer_name,court_id,target_kind,target_id,target_name,role,one_way_minutes,visits_per_period,load_minutes_per_period,court_name\n"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("read"))
            .expect("json");
    assert_eq!(summary["targets_met"], true);
    assert!(summary["gap"].as_f64().is_some_and(|g| g <= 0.005));
}

#[test]
fn an_unreachable_target_exits_3_with_a_diagnosis_and_still_writes_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    // e-7 is in no unit, conflicted with the only court near enough: it cannot be reached.
    let variant = dir.path().join("short");
    std::fs::create_dir_all(&variant).expect("mkdir");
    std::fs::write(
        variant.join("scenario.toml"),
        format!(
            "extends = \"{}\"\nname = \"short\"\n[targets]\nenterprises_min = 7\n[rules]\nmax_enterprises_per_officer = 1\nmax_one_way_minutes = 40\n",
            scenario("invalid/base/scenario.toml").display()
        ),
    )
    .expect("write");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            variant.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(stdout.contains("SHORT by"), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("read"))
            .expect("json");
    assert_eq!(summary["targets_met"], false);
    assert!(summary["diagnosis"]["shortfalls"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));
}

#[test]
fn the_shipped_three_officer_variant_exits_3_naming_each_shortfall() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            scenario("what-if/nanping-2024-3-officers")
                .to_str()
                .expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--time-limit",
            "5",
        ],
        None,
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    for target in ["platforms", "chambers", "enterprises"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.trim_start().starts_with(target) && l.contains("SHORT by")),
            "{target} missing:\n{stdout}"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("read"))
            .expect("json");
    let additional = &summary["diagnosis"]["additional_officers"];
    assert!(
        additional.as_object().is_some_and(|m| m
            .values()
            .map(|v| v.as_u64().unwrap_or(0))
            .sum::<u64>()
            >= 58),
        "{additional}"
    );
}

#[test]
fn check_accepts_a_written_plan_and_rejects_a_tampered_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let base = scenario("invalid/base");
    let base = base.to_str().expect("utf-8");
    let (code, stdout, stderr) = run(
        &["assign", base, "--out", out.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, _) = run(
        &["check", base, "--plan", out.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("every rule holds"), "{stdout}");

    // Give o-2 (conflicted with e-3, a member of u-plat) the platform as well.
    let path = out.join("assignment.csv");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("o-2,林晓燕,c-np,platform,u-plat,南平工业园区,member,3,3,198\n");
    std::fs::write(&path, text).expect("write");
    let (code, stdout, _) = run(
        &["check", base, "--plan", out.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("violation"), "{stdout}");
}

#[test]
fn out_never_replaces_a_directory_tepai_did_not_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("scenario");
    std::fs::create_dir_all(&copy).expect("mkdir");
    for entry in std::fs::read_dir(scenario("invalid/base")).expect("base") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, copy.join(path.file_name().expect("name"))).expect("copy");
    }
    let c = copy.to_str().expect("utf-8");
    let (code, _, stderr) = run(&["assign", c, "--out", c], None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("did not write"), "{stderr}");
    assert!(
        copy.join("officers.csv").exists(),
        "the scenario must survive"
    );
    // An earlier plan's directory is replaced.
    let out = dir.path().join("plan");
    let o = out.to_str().expect("utf-8");
    assert_eq!(run(&["assign", c, "--out", o], None).0, 0);
    assert_eq!(run(&["assign", c, "--out", o], None).0, 0);
}

#[test]
fn check_reports_repeated_rows_and_rejects_a_wrong_target_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let base = scenario("invalid/base");
    let base = base.to_str().expect("utf-8");
    assert_eq!(
        run(
            &["assign", base, "--out", out.to_str().expect("utf-8")],
            None
        )
        .0,
        0
    );
    let path = out.join("assignment.csv");
    let text = std::fs::read_to_string(&path).expect("read");
    let first_row = text.lines().nth(1).expect("a row").to_owned();
    std::fs::write(&path, format!("{text}{first_row}\n")).expect("write");
    let (code, stdout, _) = run(
        &["check", base, "--plan", out.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("violation"), "{stdout}");

    let wrong_kind = text.replace(",platform,u-plat,", ",chamber,u-plat,");
    assert_ne!(wrong_kind, text, "the plan serves u-plat");
    std::fs::write(&path, wrong_kind).expect("write");
    let (code, _, stderr) = run(
        &["check", base, "--plan", out.to_str().expect("utf-8")],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is a platform, not a chamber"), "{stderr}");
}

#[test]
fn solver_flags_out_of_range_are_rejected_with_exit_2() {
    let base = scenario("invalid/base");
    let base = base.to_str().expect("utf-8");
    for flags in [
        ["--mip-gap", "-1"],
        ["--time-limit", "nan"],
        ["--time-limit", "0"],
    ] {
        let (code, _, stderr) = run(
            &[
                "assign",
                base,
                "--out",
                "/nonexistent/never",
                flags[0],
                flags[1],
            ],
            None,
        );
        assert_eq!(code, 2, "{flags:?}: {stderr}");
    }
}
