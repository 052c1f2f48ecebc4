//! What-if edits without editing tables (`[changes]`, docs/scenario-format.md “Changes”):
//! removing officers that inherited tables name (the W421 warnings instead of E112), closing
//! and removing enterprises, removing units, scaling days, adding officers per court and
//! resizing the roster; each plan passes `tepai check`.
use std::path::{Path, PathBuf};

use tepai_model::{load, Loaded};

use crate::{run, scenario};

/// A scenario file in `dir` that extends `base` (under `scenarios/`) with `body`.
fn variant(dir: &Path, base: &str, body: &str) -> PathBuf {
    let file = dir.join("scenario.toml");
    let base = scenario(base).join("scenario.toml");
    std::fs::write(
        &file,
        format!(
            "extends = {:?}\nname = \"What-if\"\n{body}",
            base.to_str().expect("utf-8")
        ),
    )
    .expect("written");
    file
}

fn codes(l: &Loaded, code: &str) -> Vec<String> {
    l.warnings
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| {
            format!(
                "{} {}",
                d.file
                    .as_deref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default(),
                d.message
            )
        })
        .collect()
}

/// Plans the scenario and checks the written plan; returns the plan directory's summary.
fn plan_and_check(file: &Path, out: &Path) -> serde_json::Value {
    let (f, o) = (file.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let (code, stdout, stderr) = run(&["plan", f, "--out", o, "--lang", "en"], None);
    assert!(code == 0 || code == 3, "plan: {code}\n{stdout}\n{stderr}");
    let (code, stdout, stderr) = run(&["check", f, "--plan", o, "--lang", "en"], None);
    assert!(code == 0 || code == 3, "check: {code}\n{stdout}\n{stderr}");
    assert!(stdout.contains("every rule holds"), "{stdout}");
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
        .expect("json")
}

#[test]
fn removing_officers_named_by_inherited_conflicts_and_leave_warns_and_plans() {
    let s = scenario("what-if/nanping-2024-10-fewer-officers");
    let l = load(&s).expect("loads: the dropped rows are no error");
    assert_eq!(l.scenario.officers.len(), 90);
    assert!(l.scenario.officer_by_id("o-0032").is_none());
    let w421 = codes(&l, "W421");
    assert_eq!(w421.len(), 2, "{w421:?}");
    assert!(w421
        .iter()
        .any(|w| w.contains("conflicts.csv") && w.contains("3 row(s)") && w.contains("o-0051")));
    assert!(w421
        .iter()
        .any(|w| w.contains("unavailable.csv") && w.contains("7 row(s)") && w.contains("o-0044")));
    assert!(l
        .scenario
        .unavailable
        .iter()
        .all(|u| l.scenario.officer(u.officer).id.as_str() != "o-0021"));
    let dir = tempfile::tempdir().expect("tmp");
    plan_and_check(&s, &dir.path().join("plan"));
}

#[test]
fn closing_an_enterprise_closes_it_from_the_first_day_and_an_unknown_id_is_w420() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = variant(
        dir.path(),
        "adversarial/teams-clean",
        "[changes]\nclose_enterprises = [\"e-t30\", \"e-nowhere\"]\n",
    );
    let l = load(&file).expect("loads");
    let s = &l.scenario;
    let e = s.enterprise_by_id("e-t30").expect("kept");
    assert_eq!(
        s.enterprise(e).closed_on,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
    );
    let w420 = codes(&l, "W420");
    assert_eq!(w420.len(), 1, "{w420:?}");
    assert!(w420[0].contains("e-nowhere") && w420[0].contains("close_enterprises"));
    let out = dir.path().join("plan");
    plan_and_check(&file, &out);
    let schedule = std::fs::read_to_string(out.join("schedule.csv")).expect("schedule");
    assert!(
        !schedule.contains("e-t30"),
        "a closed enterprise is never visited"
    );
}

#[test]
fn removing_units_and_enterprises_drops_their_memberships_and_conflicts() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = variant(
        dir.path(),
        "adversarial/teams-conflicts",
        "[changes]\nremove_units = [\"u-t1\"]\nremove_enterprises = [\"e-t30\", \"e-t20\"]\nremove_officers = [\"o-b3\", \"o-zz\"]\n",
    );
    let l = load(&file).expect("loads");
    let s = &l.scenario;
    assert!(s.unit_by_id("u-t1").is_none());
    assert!(s.enterprise_by_id("e-t30").is_none());
    assert_eq!(s.officers.len(), 7);
    // Conflicts of e-t30, e-t20 and o-b3 are dropped: only o-a2's stays.
    assert_eq!(s.conflicts.len(), 1);
    let w421 = codes(&l, "W421");
    assert!(
        w421.iter()
            .any(|w| w.contains("conflicts.csv") && w.contains("3 row(s)")),
        "{w421:?}"
    );
    let w420 = codes(&l, "W420");
    assert_eq!(w420.len(), 1, "{w420:?}");
    assert!(w420[0].contains("o-zz"));
    plan_and_check(&file, &dir.path().join("plan"));
}

#[test]
fn a_removed_unit_leaves_its_members_with_a_warning_listing_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = variant(
        dir.path(),
        "adversarial/priority-platforms",
        "[changes]\nremove_units = [\"u-c01\", \"u-c02\"]\n",
    );
    let l = load(&file).expect("loads");
    assert_eq!(l.scenario.units.len(), 11);
    let w421 = codes(&l, "W421");
    assert_eq!(w421.len(), 1, "{w421:?}");
    assert!(w421[0].contains("enterprises.csv") && w421[0].contains("24 reference(s)"));
    assert!(
        w421[0].contains("and 14 more"),
        "long lists are cut: {}",
        w421[0]
    );
}

#[test]
fn the_days_scale_multiplies_every_officers_days_rounded() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = variant(
        dir.path(),
        "adversarial/teams-clean",
        "[changes]\nofficers_days_scale = 0.55\n",
    );
    let l = load(&file).expect("loads");
    assert!(l.scenario.officers.iter().all(|o| o.days_per_quarter == 7));
    plan_and_check(&file, &dir.path().join("plan"));
}

#[test]
fn add_officers_adds_new_officers_of_the_courts_profile() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = variant(
        dir.path(),
        "adversarial/teams-clean",
        "[changes]\nadd_officers = { c-b = 2, c-a = 1 }\n",
    );
    let l = load(&file).expect("loads");
    let s = &l.scenario;
    assert_eq!(s.officers.len(), 11);
    for (id, court, rank) in [
        ("+c-b-1", "c-b", "lawyer"),
        ("+c-b-2", "c-b", "lawyer"),
        ("+c-a-1", "c-a", "judge"),
    ] {
        let o = s.officer(s.officer_by_id(id).unwrap_or_else(|| panic!("{id} added")));
        assert_eq!(s.court(o.court).id.as_str(), court);
        assert_eq!(o.rank.as_str(), rank);
        assert_eq!(o.days_per_quarter, 12);
    }
    plan_and_check(&file, &dir.path().join("plan"));
}

#[test]
fn officers_n_resizes_the_roster_by_the_documented_rule() {
    let dir = tempfile::tempdir().expect("tmp");
    // 10 officers, all at c-county: removing takes the last listed first.
    let file = variant(
        dir.path(),
        "adversarial/priority-platforms",
        "[changes]\nofficers = 7\n",
    );
    let l = load(&file).expect("loads");
    let ids: Vec<&str> = l.scenario.officers.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        ["o-01", "o-02", "o-03", "o-04", "o-05", "o-06", "o-07"]
    );
    // teams-clean: 4 at c-a, 4 at c-b. Removing 3: c-a (first of the equals), then c-b, then c-a.
    let file = variant(
        dir.path(),
        "adversarial/teams-clean",
        "[changes]\nofficers = 5\n",
    );
    let l = load(&file).expect("loads");
    let ids: Vec<&str> = l.scenario.officers.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["o-a1", "o-a2", "o-b1", "o-b2", "o-b3"]);
    // Adding 3: to the court with the fewest, ties by the courts table's order.
    let file = variant(
        dir.path(),
        "adversarial/teams-clean",
        "[changes]\nofficers = 11\n",
    );
    let l = load(&file).expect("loads");
    let ids: Vec<&str> = l
        .scenario
        .officers
        .iter()
        .skip(8)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["+c-a-1", "+c-b-1", "+c-a-2"]);
    plan_and_check(&file, &dir.path().join("plan"));
}

#[test]
fn changes_that_cannot_be_applied_are_e321() {
    let dir = tempfile::tempdir().expect("tmp");
    for body in [
        "[changes]\nadd_officers = { c-nowhere = 1 }\n",
        "[changes]\nadd_officers = { c-a = -1 }\n",
        "[changes]\nofficers = 0\n",
        "[changes]\nofficers_days_scale = 0\n",
        "[changes]\nremove_officers = [\"o-a1\", \"o-a1\"]\n",
        "[changes]\nofficers = 9\nadd_officers = { c-a = 1 }\n",
    ] {
        let file = variant(dir.path(), "adversarial/teams-clean", body);
        let diags = load(&file).expect_err(body);
        let e321: Vec<_> = diags
            .errors()
            .filter(|d| d.code.as_str() == "E321")
            .collect();
        assert_eq!(e321.len(), 1, "{body}: {diags}");
        assert!(e321[0]
            .field
            .as_deref()
            .is_some_and(|f| f.starts_with("changes.")));
        assert!(!e321[0].message_zh.is_empty());
    }
}
