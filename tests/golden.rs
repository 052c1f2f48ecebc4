//! The outputs of every shipped scenario whose solve is deterministic stay exactly what they
//! were: each file `tepai plan` (and `tepai assign`) writes is hashed and compared with
//! `tests/data/golden.txt`. CSVs and calendars are compared byte for byte; `summary.json` as
//! JSON (key order aside) without `timings_s`, the one part that changes from run to run.
//!
//! A change that alters outputs on purpose re-records the manifest with
//! `TEPAI_BLESS=1 cargo test --release golden` and says why in its commit. The two
//! `boundary-shares` scenarios are left out: they stop at their time limit, so their plans
//! depend on the machine's speed.
use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::{root, run, scenario};

/// Shipped scenarios, planned with `tepai plan`.
const PLANNED: &[&str] = &[
    "nanping-2023",
    "nanping-2024",
    "what-if/nanping-2024-120-officers",
    "what-if/nanping-2024-2500-enterprises",
    "what-if/nanping-2024-3-officers",
    "what-if/nanping-2024-90pct-chambers",
    "what-if/nanping-2024-monthly",
    "adversarial/far-platform",
    "adversarial/no-shared-trips",
    "adversarial/shared-raised",
    "adversarial/short-leave",
    "adversarial/teams-clean",
    "adversarial/teams-conflicts",
    "adversarial/teams-leave",
    "adversarial/teams-leave-spacing",
    "adversarial/thin-units",
    "adversarial/year-2023-quarterly",
    "adversarial/year-2025-monthly",
    "adversarial/year-2026-monthly",
];

/// The hash of one written file, as the manifest records it.
fn digest(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read an output");
    let bytes = if path.file_name().is_some_and(|n| n == "summary.json") {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).expect("summary.json");
        if let Some(m) = v.as_object_mut() {
            m.remove("timings_s");
        }
        // serde_json's maps are sorted by key, so this text does not depend on key order.
        serde_json::to_vec(&v).expect("serialise")
    } else {
        bytes
    };
    format!("{:x}", Sha256::digest(bytes))
}

/// `name/relative/path → hash` for every file under `dir`.
fn hashes(name: &str, dir: &Path, into: &mut BTreeMap<String, String>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list an output folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy();
                into.insert(format!("{name}/{rel}"), digest(&path));
            }
        }
    }
}

#[test]
fn every_shipped_scenario_writes_the_recorded_outputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut got = BTreeMap::new();
    for name in PLANNED {
        let out = tmp.path().join(name.replace('/', "_"));
        let dir = scenario(name);
        let (code, stdout, stderr) = run(
            &[
                "plan",
                dir.to_str().expect("utf-8"),
                "--out",
                out.to_str().expect("utf-8"),
            ],
            None,
        );
        assert!(
            code == 0 || code == 3,
            "{name}: exit {code}\n{stdout}{stderr}"
        );
        hashes(&format!("plan {name}"), &out, &mut got);
    }
    let out = tmp.path().join("assign");
    let dir = scenario("nanping-2024");
    let (code, stdout, stderr) = run(
        &[
            "assign",
            dir.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    hashes("assign nanping-2024", &out, &mut got);

    let manifest = root().join("tests/data/golden.txt");
    let text: String = got.iter().map(|(k, v)| format!("{v}  {k}\n")).collect();
    if std::env::var_os("TEPAI_BLESS").is_some() {
        std::fs::write(&manifest, text).expect("write the manifest");
        return;
    }
    let recorded = std::fs::read_to_string(&manifest).expect("tests/data/golden.txt");
    let want: BTreeMap<&str, &str> = recorded
        .lines()
        .filter_map(|l| l.split_once("  ").map(|(h, k)| (k, h)))
        .collect();
    let mut differ = Vec::new();
    for (k, h) in &got {
        match want.get(k.as_str()) {
            Some(w) if w == h => {}
            Some(_) => differ.push(format!("changed: {k}")),
            None => differ.push(format!("new: {k}")),
        }
    }
    for k in want.keys() {
        if !got.contains_key(*k) {
            differ.push(format!("no longer written: {k}"));
        }
    }
    assert!(
        differ.is_empty(),
        "outputs differ from tests/data/golden.txt:\n{}",
        differ.join("\n")
    );
}
