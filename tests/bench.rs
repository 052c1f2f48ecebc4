//! `tepai bench`: a suite run twice gives the same bench.json apart from what it measures, a
//! baseline within tolerance passes and one beyond it fails with exit code 4.
use std::path::Path;

use crate::run;

const SUITE: &str = r#"
name = "test"
node_limit = 500

[[case]]
preset = "county"
seeds = [1, 2]

[[case]]
name = "small"
officers = 40
enterprises = 1200
seeds = [3]
"#;

fn bench(suite: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "bench",
        suite.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend(extra);
    run(&args, None)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("bench.json")).expect("json")
}

#[test]
fn a_suite_runs_the_same_twice_and_a_baseline_gates_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let suite = tmp.path().join("suite.toml");
    std::fs::write(&suite, SUITE).expect("suite");
    let (first, second) = (tmp.path().join("a"), tmp.path().join("b"));
    let (code, out, err) = bench(&suite, &first, &[]);
    assert_eq!(code, 0, "{out}{err}");
    let a = json(&first.join("bench.json"));
    let names: Vec<&str> = a["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["county/seed-1", "county/seed-2", "small/seed-3"]);
    for case in a["cases"].as_array().expect("cases") {
        assert_eq!(case["check"], "pass", "{case}");
        for stage in [
            "generate", "load", "mip", "schedule", "write", "check", "total",
        ] {
            assert!(
                case["measured"]["seconds"][stage].is_f64(),
                "{stage}: {case}"
            );
        }
        if cfg!(target_os = "linux") {
            assert!(case["measured"]["peak_rss_mib"].as_f64().expect("MiB") > 1.0);
        }
    }
    assert!(first.join("small/seed-3/plan/summary.json").is_file());

    // Against itself, with a generous tolerance for the clock: no regression.
    let baseline = first.join("bench.json");
    let (code, out, err) = bench(
        &suite,
        &second,
        &[
            // The earlier run's folder stands for its bench.json.
            "--baseline",
            first.to_str().expect("utf-8"),
            "--tolerance",
            "400%",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let mut b = json(&second.join("bench.json"));
    let mut a = a;
    for report in [&mut a, &mut b] {
        for case in report["cases"].as_array_mut().expect("cases") {
            case.as_object_mut().expect("object").remove("measured");
        }
    }
    assert_eq!(
        a, b,
        "the same plans, apart from the measured times and memory"
    );

    // A baseline that was faster and found a far better objective: exit 4, said why.
    let mut fast = json(&baseline);
    for case in fast["cases"].as_array_mut().expect("cases") {
        let total = case["measured"]["seconds"]["total"]
            .as_f64()
            .expect("total");
        // The county cases' clock a hundredth of this run's (a difference below the 0.5 s
        // floor of noise); the sized case's ten times it, so a loaded machine cannot make it
        // a time regression.
        let scale = if case["region"] == "county" {
            0.01
        } else {
            10.0
        };
        case["measured"]["seconds"]["total"] = (total * scale).into();
        let objective = case["objective"].as_f64().expect("objective");
        case["objective"] = (objective - 1000.0).into();
    }
    let doctored = tmp.path().join("fast.json");
    std::fs::write(&doctored, fast.to_string()).expect("write");
    let (code, out, err) = bench(
        &suite,
        &tmp.path().join("c"),
        &[
            "--baseline",
            doctored.to_str().expect("utf-8"),
            "--tolerance",
            "5%",
            "--quiet",
        ],
    );
    assert_eq!(code, 4, "{out}{err}");
    // The clock's difference is under the 0.5 s floor of noise; the objective's is not.
    assert!(err.contains("regression: county/seed-1 objective"), "{err}");
    assert!(!err.contains(" time:"), "{err}");
}

#[test]
fn a_bad_suite_or_baseline_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let suite = tmp.path().join("suite.toml");
    for (text, says) in [
        ("name = \"x\"\n[[case]]\npreset = \"atlantis\"\nseeds = [1]\n", "unknown preset"),
        ("name = \"x\"\n[[case]]\nseeds = [1]\n", "either a preset or a number of officers"),
        ("name = \"x\"\n[[case]]\npreset = \"county\"\nseed = [1]\n", "unknown field"),
        (
            "name = \"x\"\n[[case]]\npreset = \"county\"\nseeds = [1]\n[[case]]\npreset = \"county\"\nseeds = [2]\n",
            "two cases are named `county`",
        ),
    ] {
        std::fs::write(&suite, text).expect("suite");
        let (code, out, err) = bench(&suite, &tmp.path().join("o"), &[]);
        assert_eq!(code, 2, "{text}: {out}{err}");
        assert!(err.contains(says), "{text}: {err}");
    }
    std::fs::write(&suite, SUITE).expect("suite");
    let junk = tmp.path().join("junk.json");
    std::fs::write(&junk, "{}").expect("junk");
    let (code, _, err) = bench(
        &suite,
        &tmp.path().join("o"),
        &["--baseline", junk.to_str().expect("utf-8")],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a bench.json"), "{err}");
}

#[test]
fn the_shipped_baseline_is_a_run_of_the_shipped_suite() {
    let root = crate::root();
    let suite: toml::Value = toml::from_str(
        &std::fs::read_to_string(root.join("benches/suites/ci.toml")).expect("suite"),
    )
    .expect("toml");
    let baseline: tepai_io::bench::BenchReport = serde_json::from_str(
        &std::fs::read_to_string(root.join("benches/baseline/ci.json")).expect("baseline"),
    )
    .expect("a bench.json");
    let mut expected = Vec::new();
    for case in suite["case"].as_array().expect("cases") {
        let name = case.get("name").and_then(toml::Value::as_str).map_or_else(
            || match case.get("preset").and_then(toml::Value::as_str) {
                Some(p) => p.to_owned(),
                None => format!("sized-{}", case["officers"]),
            },
            str::to_owned,
        );
        for seed in case["seeds"].as_array().expect("seeds") {
            expected.push(format!("{name}/seed-{seed}"));
        }
    }
    let names: Vec<String> = baseline.cases.iter().map(|c| c.name.clone()).collect();
    assert_eq!(names, expected);
    assert_eq!(
        suite["node_limit"].as_integer(),
        i64::try_from(baseline.node_limit).ok()
    );
    assert!(baseline.cases.iter().all(|c| c.check == "pass"));
}
