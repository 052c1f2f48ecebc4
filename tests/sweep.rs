//! `tepai sweep`: one setting varied over a range, every point a scenario of its own that
//! plans and passes `tepai check`, coverage monotone where it must be, one chart.
use crate::run;

#[test]
fn a_sweep_of_the_travel_limit_plans_every_point_and_coverage_only_grows() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let region = tmp.path().join("county");
    tepai_generate::generate(tepai_generate::Preset::County, 3)
        .write_to(&region)
        .expect("written");
    let out = tmp.path().join("sweep");
    let (code, stdout, stderr) = run(
        &[
            "sweep",
            region.to_str().expect("utf-8"),
            "--vary",
            "rules.max_one_way_minutes=10..130:40",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(
        code, 3,
        "10 minutes reach nothing: exit 3\n{stdout}{stderr}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).expect("batch.json"))
            .expect("json");
    let rows = json["scenarios"].as_array().expect("rows");
    let paths: Vec<&str> = rows
        .iter()
        .map(|r| r["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        [
            "rules.max_one_way_minutes=10",
            "rules.max_one_way_minutes=50",
            "rules.max_one_way_minutes=90",
            "rules.max_one_way_minutes=130"
        ]
    );
    // Every target's shortfall can only shrink as officers may travel further, and the
    // enterprises reached can only grow while a target is short.
    let mut last_short = u32::MAX;
    for r in rows {
        let f = &r["figures"];
        let short: u32 = ["platforms", "chambers", "enterprises"]
            .iter()
            .map(|t| {
                let pair = f[t].as_array().expect("pair");
                let (a, q) = (pair[0].as_u64().expect("a"), pair[1].as_u64().expect("q"));
                u32::try_from(q.saturating_sub(a)).expect("small")
            })
            .sum();
        assert!(
            short <= last_short,
            "{paths:?}: shortfall grew to {short} at {}",
            r["path"]
        );
        last_short = short;
    }
    assert_eq!(rows[0]["outcome"], "short");
    assert_eq!(
        rows[3]["outcome"], "ok",
        "130 minutes reach the whole county"
    );
    // Each point is a scenario of its own: its plan passes the independent check.
    for r in rows {
        let label = r["path"].as_str().expect("path");
        let scenario = out.join("points").join(label);
        let plan = out.join(r["plan_dir"].as_str().expect("plan_dir"));
        let (code, o, e) = run(
            &[
                "check",
                scenario.to_str().expect("utf-8"),
                "--plan",
                plan.to_str().expect("utf-8"),
            ],
            None,
        );
        assert!(
            (code == 0 || code == 3) && o.contains("every rule holds"),
            "{label}: {o}{e}"
        );
    }
    let svg = std::fs::read_to_string(out.join("frontier.svg")).expect("frontier.svg");
    assert_eq!(svg.matches(r#"class="series""#).count(), 3, "{svg}");
    assert_eq!(
        svg.matches("<circle").count(),
        12,
        "three targets at four points"
    );
}

#[test]
fn a_sweep_of_a_setting_that_is_not_numeric_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("s");
    for (vary, says) in [
        ("rules.period=1..2:1", "not a numeric setting"),
        ("targets.chambers_share=1..0:0.1", "TO at least FROM"),
        ("rules.day_minutes=400..480:12.5", "whole numbers"),
    ] {
        let (code, _, stderr) = run(
            &[
                "sweep",
                "scenarios/adversarial/teams-clean",
                "--vary",
                vary,
                "--out",
                out.to_str().expect("utf-8"),
            ],
            Some(&crate::root()),
        );
        assert_eq!(code, 2, "{vary}: {stderr}");
        assert!(stderr.contains(says), "{vary}: {stderr}");
    }
    assert!(!out.exists(), "nothing written for a bad range");
    // A value the scenario cannot take is found before any point is planned.
    let (code, _, stderr) = run(
        &[
            "sweep",
            "scenarios/adversarial/teams-clean",
            "--vary",
            "targets.chambers_share=0.8..1.2:0.2",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        Some(&crate::root()),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("targets.chambers_share=1.2: error[E301]")
            && stderr.contains("nothing was planned"),
        "{stderr}"
    );
    assert!(!out.join("plans").exists(), "no point planned");
}

#[test]
fn a_sweep_over_the_officers_never_loses_coverage_and_every_point_checks() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("sweep");
    let base = crate::scenario("adversarial/priority-platforms");
    let (code, stdout, stderr) = run(
        &[
            "sweep",
            base.to_str().expect("utf-8"),
            "--vary",
            "officers=4..13:3",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(
        code, 3,
        "4 officers cannot serve 12 units\n{stdout}{stderr}"
    );
    let csv = std::fs::read_to_string(out.join("batch.csv")).expect("batch.csv");
    let header = csv.lines().next().expect("header");
    assert!(
        header
            .trim_start_matches('\u{feff}')
            .starts_with("scenario,path,value,outcome"),
        "{header}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("batch.json")).expect("batch.json"))
            .expect("json");
    let rows = json["scenarios"].as_array().expect("rows");
    let values: Vec<f64> = rows
        .iter()
        .map(|r| r["value"].as_f64().expect("value"))
        .collect();
    assert_eq!(values, [4.0, 7.0, 10.0, 13.0]);
    // Each roster holds the one before it, so the shortfalls in priority order (platforms,
    // chambers, enterprises) can only fall, and the units served only grow.
    let mut last: Option<(Vec<u64>, u64)> = None;
    for (r, v) in rows.iter().zip(&values) {
        let f = &r["figures"];
        assert_eq!(f["officers"].as_f64(), Some(*v), "{r}");
        let short: Vec<u64> = ["platforms", "chambers", "enterprises"]
            .iter()
            .map(|t| {
                let pair = f[t].as_array().expect("pair");
                pair[1]
                    .as_u64()
                    .expect("q")
                    .saturating_sub(pair[0].as_u64().expect("a"))
            })
            .collect();
        let units = ["platforms", "chambers"]
            .iter()
            .map(|t| f[t][0].as_u64().expect("achieved"))
            .sum::<u64>();
        if let Some((s, u)) = &last {
            assert!(short <= *s, "officers {v}: shortfall {short:?} after {s:?}");
            assert!(units >= *u, "officers {v}: {units} units served after {u}");
        }
        last = Some((short, units));
        let point = out
            .join("points")
            .join(r["path"].as_str().expect("path"))
            .join("scenario.toml");
        let plan = out.join(r["plan_dir"].as_str().expect("plan_dir"));
        let (code, stdout, stderr) = run(
            &[
                "check",
                point.to_str().expect("utf-8"),
                "--plan",
                plan.to_str().expect("utf-8"),
            ],
            None,
        );
        assert!(code == 0 || code == 3, "{v}: {code}\n{stdout}{stderr}");
        assert!(stdout.contains("every rule holds"), "{v}: {stdout}");
    }
    let (short, units) = last.expect("points");
    assert_eq!(
        (short, units),
        (vec![0, 0, 0], 13),
        "13 officers serve all 13 units"
    );
}
