//! `bench.json`, the record of a `tepai bench` run, and its comparison with a baseline.
//!
//! Everything a case records outside `measured` depends only on the suite and tepai's
//! version (the solver works to a node budget, not the clock), so two runs of one suite give
//! the same file apart from `measured`: wall-clock seconds per stage and peak memory.
use serde::{Deserialize, Serialize};

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchReport {
    /// The suite's name.
    pub suite: String,
    /// The version of tepai that ran it.
    pub tepai_version: String,
    /// Most branch-and-bound nodes per MIP solve.
    pub node_limit: u64,
    /// Every case, in the suite's order.
    pub cases: Vec<BenchCase>,
}

/// One region and seed of the suite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchCase {
    /// `<case name>/seed-<seed>`: what a baseline is matched by.
    pub name: String,
    /// The preset, or `sized` for a region of a given size.
    pub region: String,
    /// The generator's seed.
    pub seed: u64,
    /// Officers, units and enterprises of the region.
    pub officers: u64,
    /// See `officers`.
    pub units: u64,
    /// See `officers`.
    pub enterprises: u64,
    /// The assignment's objective.
    pub objective: f64,
    /// Its proven lower bound, if known.
    pub bound: Option<f64>,
    /// Which plans the bound holds for.
    pub bound_scope: String,
    /// `(objective − bound) ÷ max(1, |objective|)`, if known.
    pub gap: Option<f64>,
    /// `optimal`, `gap_limit`, `time_limit` or `heuristic`.
    pub status: String,
    /// Whether every target is met.
    pub targets_met: bool,
    /// Whether every visit rule is met.
    pub rules_met: bool,
    /// What `tepai check` said of the written plan: `pass` (every rule and figure holds;
    /// targets may still be short) or `fail`.
    pub check: String,
    /// What differs from run to run.
    pub measured: Measured,
}

/// Wall-clock seconds and memory of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Seconds of each stage: generate, load, graph, heuristic, model_build, lp, pricing,
    /// mip, diagnosis, schedule, write, check, and total (load to written plan).
    pub seconds: std::collections::BTreeMap<String, f64>,
    /// Peak resident memory while loading and planning, MiB (Linux; absent elsewhere).
    pub peak_rss_mib: Option<f64>,
}

impl BenchCase {
    /// Seconds from loading to the written plan.
    pub fn total_seconds(&self) -> f64 {
        self.measured.seconds.get("total").copied().unwrap_or(0.0)
    }
}

/// One way a case got worse than its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Regression {
    /// The case.
    pub case: String,
    /// `time`, `memory`, `objective`, `gap`, `status`, `check` or `missing`.
    pub what: &'static str,
    /// The baseline's figure and this run's, in words.
    pub detail: String,
}

impl Regression {
    /// `county/seed-1 time: 0.12 s → 0.31 s`, in `lang`.
    pub fn words(&self, lang: crate::Lang) -> String {
        let what = match (self.what, lang) {
            ("time", crate::Lang::Zh) => "耗时",
            ("memory", crate::Lang::Zh) => "内存",
            ("objective", crate::Lang::Zh) => "目标值（越小越好）",
            ("objective", crate::Lang::En) => "objective (lower is better)",
            ("gap", crate::Lang::Zh) => "差距",
            ("status", crate::Lang::Zh) => "状态",
            ("check", crate::Lang::Zh) => "核查",
            ("missing", crate::Lang::Zh) => "缺失：基线中有，本次未运行",
            ("missing", crate::Lang::En) => "missing: in the baseline, not in this run",
            (what, _) => what,
        };
        if self.detail.is_empty() {
            format!("{} {what}", self.case)
        } else {
            let sep = lang.pick("：", ": ");
            format!("{} {what}{sep}{}", self.case, self.detail)
        }
    }
}

/// Time differences below this are noise, whatever the tolerance.
pub const TIME_FLOOR_S: f64 = 0.5;
/// Memory differences below this are noise, whatever the tolerance.
pub const MEMORY_FLOOR_MIB: f64 = 16.0;

/// Every way `now` is worse than `base`: more time or memory than `(1 + tolerance)` × the
/// baseline's (and more than [`TIME_FLOOR_S`] or [`MEMORY_FLOOR_MIB`] more); an objective
/// above the baseline's by more than `quality × max(1, |objective|)`, a gap above the
/// baseline's by more than `quality` (absolute); a status other than the baseline's
/// `optimal`; a failed check; a baseline case not run.
pub fn compare(
    base: &BenchReport,
    now: &BenchReport,
    tolerance: f64,
    quality: f64,
) -> Vec<Regression> {
    let mut out = Vec::new();
    for b in &base.cases {
        let Some(n) = now.cases.iter().find(|c| c.name == b.name) else {
            out.push(Regression {
                case: b.name.clone(),
                what: "missing",
                detail: String::new(),
            });
            continue;
        };
        let mut add = |what, detail: String| {
            out.push(Regression {
                case: b.name.clone(),
                what,
                detail,
            });
        };
        let (bt, nt) = (b.total_seconds(), n.total_seconds());
        if nt > bt * (1.0 + tolerance) && nt - bt > TIME_FLOOR_S {
            add("time", format!("{bt:.2} s → {nt:.2} s"));
        }
        if let (Some(bm), Some(nm)) = (b.measured.peak_rss_mib, n.measured.peak_rss_mib) {
            if nm > bm * (1.0 + tolerance) && nm - bm > MEMORY_FLOOR_MIB {
                add("memory", format!("{bm:.1} MiB → {nm:.1} MiB"));
            }
        }
        if n.objective > b.objective + quality * b.objective.abs().max(1.0) {
            add(
                "objective",
                format!("{:.3} → {:.3}", b.objective, n.objective),
            );
        }
        match (b.gap, n.gap) {
            (Some(bg), Some(ng)) if ng > bg + quality => {
                add("gap", format!("{:.3}% → {:.3}%", bg * 100.0, ng * 100.0));
            }
            (Some(bg), None) => add("gap", format!("{:.3}% → ?", bg * 100.0)),
            _ => {}
        }
        if b.status == "optimal" && n.status != "optimal" {
            add("status", format!("{} → {}", b.status, n.status));
        }
        if n.check != "pass" {
            add("check", format!("{} → {}", b.check, n.check));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(name: &str, seconds: f64, rss: f64, objective: f64, gap: f64) -> BenchCase {
        BenchCase {
            name: name.to_owned(),
            region: "county".to_owned(),
            seed: 1,
            officers: 8,
            units: 4,
            enterprises: 60,
            objective,
            bound: Some(objective - gap),
            bound_scope: "all_plans".to_owned(),
            gap: Some(gap),
            status: "optimal".to_owned(),
            targets_met: true,
            rules_met: true,
            check: "pass".to_owned(),
            measured: Measured {
                seconds: [("total".to_owned(), seconds)].into_iter().collect(),
                peak_rss_mib: Some(rss),
            },
        }
    }

    fn report(cases: Vec<BenchCase>) -> BenchReport {
        BenchReport {
            suite: "t".to_owned(),
            tepai_version: "0".to_owned(),
            node_limit: 100,
            cases,
        }
    }

    #[test]
    fn within_tolerance_is_no_regression_and_beyond_it_is() {
        let base = report(vec![case("a", 10.0, 100.0, -500.0, 0.001)]);
        let same = report(vec![case("a", 10.4, 104.0, -499.8, 0.0015)]);
        assert_eq!(compare(&base, &same, 0.05, 0.001), []);
        let worse = report(vec![case("a", 10.6, 126.0, -499.0, 0.003)]);
        let what: Vec<&str> = compare(&base, &worse, 0.05, 0.001)
            .iter()
            .map(|r| r.what)
            .collect();
        assert_eq!(what, ["time", "memory", "objective", "gap"]);
        // A tenth of a second or a few MiB on a small case is noise.
        let small = report(vec![case("a", 0.12, 15.0, -500.0, 0.001)]);
        let noise = report(vec![case("a", 0.2, 20.0, -500.0, 0.001)]);
        assert_eq!(compare(&small, &noise, 0.05, 0.001), []);
        let mut failed = case("a", 1.0, 1.0, -500.0, 0.0);
        failed.check = "fail".to_owned();
        failed.status = "time_limit".to_owned();
        let what: Vec<&str> = compare(&base, &report(vec![failed]), 0.05, 0.001)
            .iter()
            .map(|r| r.what)
            .collect();
        assert_eq!(what, ["status", "check"]);
        let what: Vec<&str> = compare(&base, &report(vec![]), 0.05, 0.001)
            .iter()
            .map(|r| r.what)
            .collect();
        assert_eq!(what, ["missing"]);
    }
}
