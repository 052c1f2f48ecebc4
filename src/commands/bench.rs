//! `tepai bench SUITE --out DIR [--baseline OLD.json --tolerance 5%]`: runs a benchmark
//! suite and, with a baseline, says whether anything got worse.
//!
//! A suite is a TOML file of cases, each a region (a preset, or a size) and a list of seeds:
//!
//! ```toml
//! name = "ci"
//! node_limit = 2000     # branch-and-bound nodes per MIP solve (default 2000)
//! time_limit_s = 600    # a safety net only (default 600)
//!
//! [[case]]
//! name = "county"       # default: the preset's name, or "sized-<officers>"
//! preset = "county"
//! seeds = [1, 2, 3]
//!
//! [[case]]
//! officers = 200        # a region of this size (enterprises, counties, platforms,
//! enterprises = 5000    # chambers, conflict_rate, leave_rate and year as in
//! seeds = [1]           # `tepai generate`)
//! mip_gap = 0.005       # and, per case, mip_gap and heuristic_only
//! ```
//!
//! Each case and seed is generated, loaded, planned, written to `DIR/<case>/seed-<seed>/` and
//! checked by `tepai check`, one after another, and recorded in `DIR/bench.json` (see
//! [`tepai_io::bench`]). Inside a suite the solver stops at the node budget, not the clock,
//! so the same suite gives the same plans on any machine; only the `measured` times and
//! memory differ. Exit codes: 0, or 4 when `--baseline` is given and a case got worse beyond
//! `--tolerance`; 2 when the suite or the baseline cannot be read; 1 when a case failed.
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::Deserialize;
use tepai_generate::{generate, generate_sized, Preset, Size};
use tepai_io::bench::{compare, BenchCase, BenchReport, Measured};
use tepai_io::Lang;
use tepai_model::{text, Text};

use crate::cli::BenchArgs;
use crate::outcome::BadInput;
use crate::Outcome;

/// A suite file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Suite {
    name: String,
    #[serde(default = "default_node_limit")]
    node_limit: u64,
    #[serde(default = "default_time_limit")]
    time_limit_s: f64,
    #[serde(rename = "case")]
    cases: Vec<CaseSpec>,
}

fn default_node_limit() -> u64 {
    2000
}

fn default_time_limit() -> f64 {
    600.0
}

/// One `[[case]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    name: Option<String>,
    preset: Option<String>,
    officers: Option<usize>,
    enterprises: Option<usize>,
    counties: Option<usize>,
    platforms: Option<usize>,
    chambers: Option<usize>,
    conflict_rate: Option<f64>,
    leave_rate: Option<f64>,
    year: Option<i32>,
    seeds: Vec<u64>,
    mip_gap: Option<f64>,
    #[serde(default)]
    heuristic_only: bool,
}

impl CaseSpec {
    /// The case's name and its region's files for `seed`.
    fn region(&self, seed: u64) -> anyhow::Result<(String, tepai_generate::GeneratedScenario)> {
        match (&self.preset, self.officers) {
            (Some(name), None) => {
                let preset: Preset = name
                    .parse()
                    .map_err(|e: tepai_generate::UnknownPreset| BadInput(e.to_string()))?;
                Ok((preset.to_string(), generate(preset, seed)))
            }
            (None, Some(officers)) => {
                let mut size = Size::new(officers);
                if let Some(n) = self.enterprises {
                    size.enterprises = n;
                }
                if let Some(n) = self.counties {
                    size.counties = n;
                }
                size.platforms = self.platforms;
                size.chambers = self.chambers;
                if let Some(r) = self.conflict_rate {
                    size.conflict_rate = r;
                }
                if let Some(r) = self.leave_rate {
                    size.leave_rate = r;
                }
                let year = self.year.unwrap_or(2024);
                let files =
                    generate_sized(&size, year, seed).map_err(|e| BadInput(e.to_string()))?;
                Ok(("sized".to_owned(), files))
            }
            _ => Err(BadInput::from(text!(
                "a case names either a preset or a number of officers, not both or neither",
                "一个用例要么写 preset，要么写 officers（人数），不能两者都写或都不写"
            ))
            .into()),
        }
    }

    fn name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| match (&self.preset, self.officers) {
                (Some(p), _) => p.clone(),
                (None, Some(n)) => format!("sized-{n}"),
                (None, None) => "case".to_owned(),
            })
    }
}

/// Runs the suite, writes `bench.json`, prints the table and compares with the baseline.
pub fn run(args: &BenchArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let text =
        std::fs::read_to_string(&args.suite).map_err(|e| bad_file(&args.suite, &e.to_string()))?;
    let suite: Suite = toml::from_str(&text).map_err(|e| bad_file(&args.suite, &e.to_string()))?;
    check_suite(&suite).map_err(|e| {
        let file = args.suite.display();
        let (en, zh) = (e.en, e.zh);
        BadInput::from(text!("{file}: {en}", "{file}：{zh}"))
    })?;
    let quality = fraction(args.quality_tolerance.as_deref(), 0.001)?;
    let tolerance = fraction(args.tolerance.as_deref(), 0.05)?;
    let baseline = args
        .baseline
        .as_deref()
        .map(|path| read_baseline(path, &suite))
        .transpose()?;
    if let (Some(k), Some(seed)) = (args.case, args.seed) {
        // One case in this process: its record on standard output.
        let spec = suite.cases.get(k).context("no such case")?;
        let dir = args.out.join(spec.name()).join(format!("seed-{seed}"));
        let name = format!("{}/seed-{seed}", spec.name());
        let case = one(&suite, spec, seed, &name, &dir, lang)?;
        out!("{}", serde_json::to_string(&case)?);
        return Ok(Outcome::Ok);
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| tepai_io::Error::output(&args.out, tepai_io::system(e, "无法创建该文件夹")))?;
    let mut report = BenchReport {
        suite: suite.name.clone(),
        tepai_version: env!("CARGO_PKG_VERSION").to_owned(),
        node_limit: suite.node_limit,
        cases: Vec::new(),
    };
    let total: usize = suite.cases.iter().map(|c| c.seeds.len()).sum();
    for spec in &suite.cases {
        for &seed in &spec.seeds {
            let name = format!("{}/seed-{seed}", spec.name());
            let case = in_own_process(args, &suite, spec, seed)
                .with_context(|| format!("bench case {name}"))?;
            if !args.quiet {
                errln!(
                    "[{}/{total}] {name}: {} {:.2} s",
                    report.cases.len() + 1,
                    case.status,
                    case.total_seconds()
                );
            }
            report.cases.push(case);
        }
    }
    let regressions = baseline
        .as_ref()
        .map(|base| compare(base, &report, tolerance, quality));
    let json = serde_json::to_string_pretty(&report)? + "\n";
    let page = tepai_io::bench_page::bench_html(
        &report,
        baseline.as_ref(),
        regressions.as_deref(),
        tolerance,
        lang,
    );
    tepai_io::owned_files::write(
        &args.out,
        &[
            ("bench.json", json.into_bytes()),
            ("bench.html", page.into_bytes()),
        ],
    )?;
    let terminal = crate::console::lang();
    if !args.quiet {
        out!("{}", table(&report, terminal));
    }
    let Some(regressions) = regressions else {
        let failed = report.cases.iter().any(|c| c.check != "pass");
        return Ok(if failed {
            Outcome::Internal
        } else {
            Outcome::Ok
        });
    };
    for r in &regressions {
        errln!(
            "{}{}",
            terminal.pick("退步：", "regression: "),
            r.words(terminal)
        );
    }
    if regressions.is_empty() {
        outln!(
            "{}",
            match terminal {
                Lang::Zh => format!(
                    "与基线相比没有超出 {:.0}% 的退步（耗时相差不到 {} 秒、内存相差不到 {} MiB 视为误差）",
                    tolerance * 100.0,
                    tepai_io::bench::TIME_FLOOR_S,
                    tepai_io::bench::MEMORY_FLOOR_MIB
                ),
                Lang::En => format!(
                    "no regression beyond {:.0}% of the baseline (differences under {} s or {} MiB are noise)",
                    tolerance * 100.0,
                    tepai_io::bench::TIME_FLOOR_S,
                    tepai_io::bench::MEMORY_FLOOR_MIB
                ),
            }
        );
        Ok(Outcome::Ok)
    } else {
        Ok(Outcome::Regression)
    }
}

/// `--tolerance`/`--quality-tolerance` as a fraction, `default` when not given.
fn fraction(text: Option<&str>, default: f64) -> Result<f64, BadInput> {
    text.map(parse_tolerance)
        .transpose()
        .map(|t| t.unwrap_or(default))
        .map_err(BadInput::from)
}

/// The baseline `bench.json`, refused unless it is a run of `suite` (same name and node
/// limit), checked before any case runs.
fn read_baseline(path: &Path, suite: &Suite) -> Result<BenchReport, BadInput> {
    // An earlier run's --out folder stands for the bench.json in it.
    let inside = path.join("bench.json");
    let path = if path.is_dir() {
        inside.as_path()
    } else {
        path
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad_file(path, &e.to_string()))?;
    let file = path.display();
    let base: BenchReport = serde_json::from_str(&text).map_err(|e| {
        BadInput::from(text!(
            "{file}: not a bench.json: {e}",
            "{file}：不是 bench.json（系统信息：{e}）"
        ))
    })?;
    if base.suite != suite.name || base.node_limit != suite.node_limit {
        let (bs, bn, s, n) = (&base.suite, base.node_limit, &suite.name, suite.node_limit);
        return Err(BadInput::from(text!(
            "{file}: the baseline is a run of suite `{bs}` with node_limit {bn}, this one of \
             `{s}` with {n}: compare runs of the same suite",
            "{file}：基线是测试套件“{bs}”（node_limit {bn}）的结果，本次是“{s}”（node_limit \
             {n}）：只能与同一套件的结果比较"
        )));
    }
    Ok(base)
}

/// A file that cannot be read or parsed, with the system's or parser's words.
fn bad_file(path: &Path, why: &str) -> BadInput {
    let file = path.display();
    BadInput::from(text!("{file}: {why}", "{file}：{why}"))
}

/// `5%` or `0.05` as a fraction (a bare number above 1 is refused: `5` is more likely 5% than
/// 500%).
fn parse_tolerance(text: &str) -> Result<f64, Text> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(n) => (n, 0.01),
        None => (text, 1.0),
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 && (scale < 1.0 || v <= 1.0) => Ok(v * scale),
        _ => Err(text!(
            "tolerance {text:?}: expected a percentage such as 5% or a fraction up to 1 such as 0.05",
            "容差 {text:?}：应为百分比（如 5%）或不超过 1 的小数（如 0.05）"
        )),
    }
}

/// What a suite may not say: a case name that is not a plain folder name, two cases of one
/// name, no seeds or a seed twice, out-of-range settings, size keys beside a preset.
fn check_suite(suite: &Suite) -> Result<(), Text> {
    if !(suite.time_limit_s.is_finite() && suite.time_limit_s > 0.0) {
        let limit = suite.time_limit_s;
        return Err(text!(
            "time_limit_s = {limit} must be positive",
            "time_limit_s = {limit} 须为正数"
        ));
    }
    if suite.node_limit == 0 {
        return Err(text!(
            "node_limit must be at least 1",
            "node_limit 至少为 1"
        ));
    }
    if suite.cases.is_empty() {
        return Err(text!(
            "the suite has no [[case]]",
            "测试套件中没有任何 [[case]]"
        ));
    }
    let mut names = Vec::new();
    for c in &suite.cases {
        let name = c.name();
        let plain = !name.is_empty()
            && name != "."
            && name != ".."
            && name
                .chars()
                .all(|ch| ch.is_alphanumeric() || "-_.".contains(ch));
        if !plain {
            return Err(text!(
                "case name `{name}`: use letters, digits, `-`, `_` and `.` only (it names a folder under --out)",
                "用例名“{name}”：只能用字母、数字、`-`、`_` 和 `.`（它是 --out 下的文件夹名）"
            ));
        }
        if names.contains(&name) {
            return Err(text!(
                "two cases are named `{name}`; give one a `name`",
                "有两个用例都叫“{name}”；请给其中一个写上 name"
            ));
        }
        if c.seeds.is_empty() {
            return Err(text!(
                "case `{name}` has no seeds",
                "用例“{name}”没有 seeds"
            ));
        }
        if c.seeds
            .iter()
            .enumerate()
            .any(|(i, s)| c.seeds[..i].contains(s))
        {
            return Err(text!(
                "case `{name}` lists a seed twice",
                "用例“{name}”把同一个种子列了两次"
            ));
        }
        if let Some(g) = c.mip_gap {
            if !(g.is_finite() && (0.0..1.0).contains(&g)) {
                return Err(text!(
                    "case `{name}`: mip_gap = {g} must be in 0..1",
                    "用例“{name}”：mip_gap = {g} 须在 0 到 1 之间"
                ));
            }
        }
        let sized = c.enterprises.is_some()
            || c.counties.is_some()
            || c.platforms.is_some()
            || c.chambers.is_some()
            || c.conflict_rate.is_some()
            || c.leave_rate.is_some()
            || c.year.is_some();
        if c.preset.is_some() && sized {
            return Err(text!(
                "case `{name}`: a preset takes no size keys (enterprises, counties, platforms, \
                 chambers, conflict_rate, leave_rate, year)",
                "用例“{name}”：用了 preset 就不能再写规模键（enterprises、counties、platforms、\
                 chambers、conflict_rate、leave_rate、year）"
            ));
        }
        if let Some(y) = c.year {
            if !(2023..=2026).contains(&y) {
                return Err(text!(
                    "case `{name}`: year = {y} is outside the built-in holiday calendar (2023–2026)",
                    "用例“{name}”：year = {y} 不在内置节假日日历的范围内（2023–2026）"
                ));
            }
        }
        names.push(name);
    }
    Ok(())
}

/// Runs one case in a process of its own (`tepai bench SUITE --case K --seed S`), so that its
/// peak memory is its own, and reads its record.
fn in_own_process(
    args: &BenchArgs,
    suite: &Suite,
    spec: &CaseSpec,
    seed: u64,
) -> anyhow::Result<BenchCase> {
    let k = suite
        .cases
        .iter()
        .position(|c| std::ptr::eq(c, spec))
        .context("the case is the suite's")?;
    let done = std::process::Command::new(std::env::current_exe()?)
        .args(["--lang", crate::console::lang().pick("zh", "en"), "bench"])
        .arg(&args.suite)
        .arg("--out")
        .arg(&args.out)
        .args(["--case", &k.to_string(), "--seed", &seed.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running the case")?;
    if !done.status.success() {
        let outcome = match done.status.code() {
            Some(2) => {
                return Err(BadInput("the case cannot be generated or loaded".to_owned()).into())
            }
            code => code,
        };
        anyhow::bail!("the case's process ended with {outcome:?}");
    }
    Ok(serde_json::from_slice(&done.stdout)?)
}

/// Generates, loads, plans, writes and checks one case.
fn one(
    suite: &Suite,
    spec: &CaseSpec,
    seed: u64,
    name: &str,
    dir: &Path,
    lang: Lang,
) -> anyhow::Result<BenchCase> {
    let mut seconds = BTreeMap::new();
    let since = |started: Instant| started.elapsed().as_secs_f64();
    let started = Instant::now();
    let (region, files) = spec.region(seed)?;
    let scenario_dir = dir.join("scenario");
    let folder = tepai_io::out_dir::OutDir::new(&scenario_dir, &[])?;
    folder.write(|p| files.write_to(p).map_err(anyhow::Error::from))?;
    folder.commit()?;
    seconds.insert("generate".to_owned(), since(started));

    let all = Instant::now();
    let started = Instant::now();
    let loaded = tepai_model::load(&scenario_dir).map_err(|d| anyhow::anyhow!("{d}"))?;
    let s = &loaded.scenario;
    seconds.insert("load".to_owned(), since(started));
    let mut options = tepai_solver::PlanOptions::from_scenario(s);
    options.assign.node_limit = Some(suite.node_limit);
    options.assign.time_limit_s = suite.time_limit_s;
    if let Some(g) = spec.mip_gap {
        options.assign.mip_gap = g;
    }
    options.assign.heuristic_only = spec.heuristic_only;
    let started = Instant::now();
    let plan = tepai_solver::plan(s, &options)?;
    let planned = started.elapsed().as_secs_f64();
    let a = plan
        .summary
        .assignment
        .as_ref()
        .context("a plan has an assignment part")?;
    let t = a.timings_s;
    for (stage, value) in [
        ("graph", t.graph),
        ("heuristic", t.heuristic),
        ("model_build", t.model_build),
        ("lp", t.lp),
        ("pricing", t.pricing),
        ("mip", t.mip),
        ("diagnosis", t.diagnosis),
    ] {
        seconds.insert(stage.to_owned(), value);
    }
    let assigned = t.graph + t.heuristic + t.model_build + t.lp + t.pricing + t.mip + t.diagnosis;
    seconds.insert("schedule".to_owned(), (planned - assigned).max(0.0));
    let plan_dir = dir.join("plan");
    let started = Instant::now();
    let folder = tepai_io::out_dir::OutDir::new(&plan_dir, std::slice::from_ref(&scenario_dir))?;
    folder.write(|p| tepai_io::write_plan(p, s, &plan, lang).map_err(anyhow::Error::from))?;
    folder.commit()?;
    seconds.insert("write".to_owned(), since(started));
    seconds.insert("total".to_owned(), all.elapsed().as_secs_f64());
    let peak_rss_mib = peak_memory_mib();

    let started = Instant::now();
    let check = std::process::Command::new(std::env::current_exe()?)
        .args(["--lang", "en", "check"])
        .arg(&scenario_dir)
        .arg("--plan")
        .arg(&plan_dir)
        .output()
        .context("running tepai check")?;
    seconds.insert("check".to_owned(), since(started));
    let said = String::from_utf8_lossy(&check.stdout);
    let holds = matches!(check.status.code(), Some(0 | 3)) && said.contains("every rule holds");
    let schedule = plan.summary.schedule.as_ref();
    Ok(BenchCase {
        name: name.to_owned(),
        region,
        seed,
        officers: s.officers.len() as u64,
        units: s.units.len() as u64,
        enterprises: s.enterprises.len() as u64,
        objective: a.objective.total,
        bound: a.bound,
        bound_scope: a.bound_scope.as_str().to_owned(),
        gap: a.gap,
        status: a.status.as_str().to_owned(),
        targets_met: a.targets_met,
        rules_met: schedule.map_or(true, |s| s.rules_met),
        check: if holds { "pass" } else { "fail" }.to_owned(),
        measured: Measured {
            seconds,
            peak_rss_mib,
        },
    })
}

/// The process's peak resident memory, MiB (Linux `VmHWM`; `None` elsewhere).
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kib / 1024.0 * 10.0).round() / 10.0)
}

/// The run on the terminal: one line per case.
fn table(report: &BenchReport, lang: Lang) -> String {
    let header = [
        lang.pick("用例", "case"),
        lang.pick("人数", "officers"),
        lang.pick("企业", "enterprises"),
        lang.pick("秒", "seconds"),
        lang.pick("内存峰值 MiB", "peak MiB"),
        lang.pick("差距", "gap"),
        lang.pick("状态", "status"),
        lang.pick("核查", "check"),
    ];
    let mut lines = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    for c in &report.cases {
        lines.push(vec![
            c.name.clone(),
            c.officers.to_string(),
            c.enterprises.to_string(),
            format!("{:.2}", c.total_seconds()),
            c.measured
                .peak_rss_mib
                .map_or("-".to_owned(), |m| format!("{m:.1}")),
            c.gap
                .map_or("-".to_owned(), |g| format!("{:.3}%", g * 100.0)),
            c.status.clone(),
            c.check.clone(),
        ]);
    }
    crate::render::grid(&lines, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_read_as_percentages_or_fractions() {
        assert_eq!(parse_tolerance("5%"), Ok(0.05));
        assert_eq!(parse_tolerance("0.25"), Ok(0.25));
        assert_eq!(parse_tolerance("300%"), Ok(3.0));
        assert!(parse_tolerance("5").is_err(), "5 is not taken for 500%");
        assert!(parse_tolerance("-1%").is_err());
        assert!(parse_tolerance("five").is_err());
    }
}
