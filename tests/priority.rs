//! Target priority (`[targets] priority`): the adversarial county of
//! `scenarios/adversarial/priority-platforms` serves every platform under the default order
//! and at most one when the chambers come first; both plans pass `tepai check`; bad
//! priorities are E320.
use serde_json::Value;

use crate::{run, scenario};

/// Plans a scenario into a temporary directory; returns its summary.json, after checking
/// that `tepai check` passes the written plan (exit 0 or 3: rules hold, targets short).
fn plan_and_check(rel: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan");
    let s = scenario(rel);
    let (s, out) = (s.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let (code, stdout, stderr) = run(&["plan", s, "--out", out, "--lang", "en"], None);
    assert!(
        code == 0 || code == 3,
        "plan {rel}: {code}\n{stdout}\n{stderr}"
    );
    let (code, stdout, stderr) = run(&["check", s, "--plan", out, "--lang", "en"], None);
    assert!(
        code == 0 || code == 3,
        "check {rel}: {code}\n{stdout}\n{stderr}"
    );
    assert!(
        !stdout.contains("violation"),
        "check {rel} found violations:\n{stdout}"
    );
    let text = std::fs::read_to_string(dir.path().join("plan/summary.json")).expect("summary");
    serde_json::from_str(&text).expect("json")
}

fn achieved(summary: &Value, target: &str) -> u64 {
    summary["targets"][target]["achieved"]
        .as_u64()
        .expect("achieved")
}

#[test]
fn the_default_priority_serves_every_platform_of_the_county() {
    let s = plan_and_check("adversarial/priority-platforms");
    assert_eq!(achieved(&s, "platforms"), 3, "{}", s["targets"]);
    assert_eq!(achieved(&s, "chambers"), 7, "{}", s["targets"]);
    assert_eq!(s["status"], "optimal");
}

#[test]
fn chambers_first_serve_the_chambers_the_policy_requires_before_platforms() {
    let s = plan_and_check("adversarial/priority-chambers");
    assert!(achieved(&s, "chambers") >= 9, "{}", s["targets"]);
    assert!(achieved(&s, "platforms") <= 1, "{}", s["targets"]);
    // One platform more would cost a chamber the policy requires.
    let platforms_first = plan_and_check("adversarial/priority-platforms");
    assert!(achieved(&s, "platforms") < achieved(&platforms_first, "platforms"));
}

#[test]
fn a_priority_naming_no_target_or_one_twice_is_e320() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = scenario("adversarial/priority-platforms/scenario.toml");
    for (list, bad) in [
        ("[\"platforms\", \"plattforms\"]", "plattforms"),
        ("[\"chambers\", \"商会\"]", "商会"),
    ] {
        let file = dir.path().join("scenario.toml");
        std::fs::write(
            &file,
            format!(
                "extends = {:?}\n[targets]\npriority = {list}\n",
                base.to_str().expect("utf-8")
            ),
        )
        .expect("written");
        let diags = tepai_model::load(&file).expect_err("refused");
        let e320: Vec<_> = diags
            .errors()
            .filter(|d| d.code.as_str() == "E320")
            .collect();
        assert_eq!(e320.len(), 1, "{diags}");
        assert_eq!(e320[0].value.as_deref(), Some(bad));
        assert_eq!(e320[0].field.as_deref(), Some("targets.priority"));
        assert!(!e320[0].message_zh.is_empty());
    }
}
