//! `tepai diff`: two real plans of Nanping 2024 compared.
use std::collections::BTreeSet;
use std::path::Path;

use crate::{run, scenario};

/// The (officer_id, target_kind, target_id) cells of a plan's `assignment.csv`.
fn pairs(dir: &Path) -> BTreeSet<(String, String, String)> {
    let mut r = csv::Reader::from_path(dir.join("assignment.csv")).expect("assignment.csv");
    let headers = r.headers().expect("header").clone();
    let at = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .expect("column")
    };
    let (o, k, t) = (at("officer_id"), at("target_kind"), at("target_id"));
    r.records()
        .map(|rec| {
            let rec = rec.expect("row");
            (rec[o].to_owned(), rec[k].to_owned(), rec[t].to_owned())
        })
        .collect()
}

fn plan(out: &Path, seed: &str) {
    let (code, o, e) = run(
        &[
            "plan",
            scenario("nanping-2024").to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
            "--node-limit",
            "500",
            "--seed",
            seed,
            "-q",
        ],
        None,
    );
    assert!(code == 0 || code == 3, "{o}{e}");
}

#[test]
fn two_nanping_plans_differ_by_exactly_their_pairs_and_a_plan_not_from_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    plan(&a, "7");
    plan(&b, "8");
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();

    let (code, out, err) = run(&["diff", &s(&a), &s(&a)], None);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("0 officers changed (0 pairs gained, 0 lost)"),
        "{out}"
    );
    assert!(
        out.contains("0 moved, 0 to other enterprises, 0 added, 0 removed"),
        "{out}"
    );

    let csv_out = dir.path().join("changes.csv");
    let (code, out, err) = run(&["diff", &s(&a), &s(&b), "--out", &s(&csv_out)], None);
    assert_eq!(code, 0, "{err}");
    let (pa, pb) = (pairs(&a), pairs(&b));
    let gained = pb.difference(&pa).count();
    let lost = pa.difference(&pb).count();
    assert!(
        out.contains(&format!("({gained} pairs gained, {lost} lost)")),
        "{gained} {lost}: {out}"
    );
    // changes.csv: one row per change; the gained and lost rows are exactly the pairs.
    let mut r = csv::Reader::from_path(&csv_out).expect("changes.csv");
    let mut rows_gained = BTreeSet::new();
    for rec in r.records() {
        let rec = rec.expect("row");
        if &rec[0] == "gained" {
            rows_gained.insert((rec[1].to_owned(), rec[2].to_owned(), rec[3].to_owned()));
        }
    }
    assert_eq!(rows_gained, pb.difference(&pa).cloned().collect());

    // Chinese words with --lang zh.
    let (code, out, _) = run(&["--lang", "zh", "diff", &s(&a), &s(&b)], None);
    assert_eq!(code, 0);
    assert!(out.contains("派驻变动"), "{out}");

    // A folder that is no plan: exit 2, naming it.
    let (code, _, err) = run(&["diff", &s(&a), &s(dir.path())], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("assignment.csv"), "{err}");
}
