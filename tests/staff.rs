//! `tepai staff`: the fewest additional officers, checked against every allocation of fewer
//! over the courts planned with the real pipeline; the release question checked against
//! every set of officers removed; the command's files and exit codes.
use std::path::{Path, PathBuf};

use tepai_model::{load, Scenario};
use tepai_solver::check::{check_assignment, check_schedule};
use tepai_solver::staff::{release, staff, staffed, StaffOptions};
use tepai_solver::{plan, PlanOptions};

use crate::{run, scenario};

/// The invalid-case base with one officer left (o-3 at c-jo, 3 days a quarter) and every
/// enterprise required (`enterprises_min` 7): two new officers are needed, and two courts
/// could take them.
fn two_short(dir: &Path, days: u32) -> PathBuf {
    let base = scenario("invalid/base");
    for entry in std::fs::read_dir(&base).expect("read base") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        std::fs::copy(&path, dir.join(name)).expect("copy");
    }
    std::fs::write(
        dir.join("officers.csv"),
        format!(
            "id,name,court,rank,specialties,days_per_quarter,previous_target\n\
             o-3,黄志明,c-jo,judge,finance,{days},\n"
        ),
    )
    .expect("write officers");
    std::fs::write(
        dir.join("conflicts.csv"),
        "officer,court,enterprise,reason\n",
    )
    .expect("write conflicts");
    std::fs::write(dir.join("unavailable.csv"), "officer,from,to,reason\n")
        .expect("write unavailable");
    let toml = std::fs::read_to_string(dir.join("scenario.toml")).expect("read toml");
    std::fs::write(
        dir.join("scenario.toml"),
        toml.replace("enterprises_min = 6", "enterprises_min = 7"),
    )
    .expect("write toml");
    dir.to_path_buf()
}

fn loaded(dir: &Path) -> Scenario {
    load(dir).expect("loads").scenario
}

/// Plans `s` with the real pipeline (assignment, independent check, schedule, its check) and
/// says whether every target is met; the plan must pass the checker either way.
fn meets_every_target(s: &Scenario) -> bool {
    let p = plan(s, &PlanOptions::from_scenario(s)).expect("a plan the checker accepts");
    let report = check_assignment(s, &p.assignment);
    assert!(report.is_valid(), "{:?}", report.violations);
    let schedule = check_schedule(s, &p.assignment, &p.schedule_rows);
    assert!(schedule.violations.is_empty(), "{:?}", schedule.violations);
    let a = &report.achieved;
    a.platforms_served >= a.platforms_required
        && a.chambers_served >= a.chambers_required
        && a.enterprises_reached >= a.enterprises_required
}

/// Every allocation of `k` new officers over `courts` courts.
fn allocations(k: u32, courts: usize) -> Vec<Vec<u32>> {
    if courts == 1 {
        return vec![vec![k]];
    }
    (0..=k)
        .flat_map(|first| {
            allocations(k - first, courts - 1)
                .into_iter()
                .map(move |mut rest| {
                    rest.insert(0, first);
                    rest
                })
        })
        .collect()
}

fn options() -> StaffOptions {
    StaffOptions {
        time_limit_s: 30.0,
        max_per_court: None,
        beyond: 2,
        seed: 1,
    }
}

#[test]
fn the_fewest_additional_officers_are_fewest_against_every_smaller_allocation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = loaded(&two_short(dir.path(), 3));
    let answer = staff(&s, &options());
    let hires = answer.hires.expect("a set of new officers");
    assert_eq!(hires.total, 2, "{hires:?}");
    assert!(hires.proven && hires.lower_bound == 2, "{hires:?}");
    // No allocation of fewer new officers over the courts reaches every target …
    for k in 0..hires.total {
        for alloc in allocations(k, s.courts.len()) {
            assert!(
                !meets_every_target(&staffed(&s, &alloc)),
                "{alloc:?} reaches every target with {k} < {} new officers",
                hires.total
            );
        }
    }
    // … the reported one does, and so the minimum is exactly its total.
    assert!(meets_every_target(&staffed(&s, &hires.per_court)));
    // The marginal gain: nothing met short of the minimum, every target from it on.
    let met: Vec<(u32, u32)> = answer
        .gains
        .iter()
        .map(|g| (g.extra, g.targets_met))
        .collect();
    assert!(met.len() >= 3, "{met:?}");
    for (extra, targets) in met {
        assert_eq!(targets == 3, extra >= hires.total, "{:?}", answer.gains);
    }
}

#[test]
fn the_release_question_is_the_most_officers_removable_against_every_subset() {
    // The base scenario's four officers; every target met with fewer of them.
    let s = loaded(&scenario("invalid/base"));
    let r = release(&s, &vec![0; s.courts.len()], 1, &deadline())
        .expect("solves")
        .expect("targets met");
    assert!(r.proven, "{r:?}");
    // An officer is released by giving it no days: it can then serve nothing.
    let without = |removed: &[usize]| {
        let mut t = s.clone();
        for &o in removed {
            t.officers[o].days_per_quarter = 0;
        }
        t
    };
    let n = s.officers.len();
    let mut most = 0;
    for mask in 0u32..(1 << n) {
        let removed: Vec<usize> = (0..n).filter(|o| mask & (1 << o) != 0).collect();
        if removed.len() > most && meets_every_target(&without(&removed)) {
            most = removed.len();
        }
    }
    assert_eq!(r.officers.len(), most, "{r:?}");
    let named: Vec<usize> = r
        .officers
        .iter()
        .map(|id| {
            s.officers
                .iter()
                .position(|o| o.id == *id)
                .expect("an officer")
        })
        .collect();
    assert!(meets_every_target(&without(&named)), "{r:?}");
}

fn deadline() -> tepai_solver::deadline::Deadline {
    tepai_solver::deadline::Deadline::after_s(30.0)
}

#[test]
fn staff_writes_its_files_and_exits_3_when_no_number_of_officers_is_enough() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = two_short(&mkdir(dir.path().join("s")), 3);
    let out = dir.path().join("out");
    let (code, stdout, stderr) = run(
        &[
            "staff",
            sc.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("fewest additional officers: 2 (proven fewest)"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("staff.json")).expect("read"))
            .expect("json");
    assert_eq!(json["additional_officers"]["total"], 2);
    assert_eq!(json["additional_officers"]["proof"]["status"], "optimal");
    assert_eq!(json["additional_officers"]["proof"]["lower_bound"], 2);
    let csv = std::fs::read_to_string(out.join("staff.csv")).expect("read csv");
    assert!(csv.lines().count() == 3, "{csv}");
    // In Chinese, the same answer.
    let (code, stdout, _) = run(
        &[
            "staff",
            sc.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--lang",
            "zh",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("最少新增人员：2 名（已证明最少）"),
        "{stdout}"
    );
    // One day a quarter: a visit does not fit any officer, new or old.
    let short = two_short(&mkdir(dir.path().join("t")), 1);
    let (code, stdout, stderr) = run(
        &[
            "staff",
            short.to_str().expect("utf-8"),
            "--out",
            dir.path().join("out2").to_str().expect("utf-8"),
            "--lang",
            "en",
        ],
        None,
    );
    assert_eq!(code, 3, "{stdout}{stderr}");
    assert!(
        stdout.contains("no number of additional officers"),
        "{stdout}"
    );
    // A bad time limit is bad input.
    let (code, _, _) = run(
        &[
            "staff",
            sc.to_str().expect("utf-8"),
            "--out",
            "x",
            "--time-limit=0",
        ],
        None,
    );
    assert_eq!(code, 2);
}

fn mkdir(p: PathBuf) -> PathBuf {
    std::fs::create_dir_all(&p).expect("mkdir");
    p
}
