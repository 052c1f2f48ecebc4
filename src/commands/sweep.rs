//! `tepai sweep SCENARIO --vary KEY=FROM..TO:STEP --out DIR`: the scenario planned at every
//! value of one numeric setting, compared in one table and one chart.
//!
//! Each point is a scenario of its own, `DIR/points/<KEY>=<value>/scenario.toml`, that
//! `extends` the given one and sets only KEY — so every point is loaded and validated like
//! any scenario, and its plan (`DIR/plans/<KEY>=<value>/`) can be checked with `tepai check`
//! against that file. The points are planned as `tepai batch` plans scenarios (`--jobs` at a
//! time) and compared in `DIR/batch.csv`, `batch.json`, `batch.xlsx` and `frontier.svg`
//! (each target's achieved ÷ required against the value); the tables' column `value` holds
//! the point's value. Exit codes as `tepai batch`.
//!
//! `officers` varies the number of officers: each point writes `[changes] officers = N`,
//! which resizes the roster by the deterministic per-court rule of docs/scenario-format.md
//! (“Changes”). The points are planned independently (in parallel with `--jobs`), each from
//! its own greedy start: no point starts from its neighbour's plan.
use std::path::Path;

use anyhow::Context;
use tepai_io::batch::BatchRow;
use tepai_io::Lang;
use tepai_model::{text, Text};

use super::batch::{plan_dirs, show, write_tables, Found, Runner};
use crate::cli::SweepArgs;
use crate::outcome::BadInput;
use crate::Outcome;

/// The settings a sweep may vary, and whether each is a whole number.
const KEYS: &[(&str, bool)] = &[
    ("officers", true),
    ("targets.platforms_share", false),
    ("targets.chambers_share", false),
    ("targets.enterprises_min", true),
    ("rules.unit_visits_per_period", true),
    ("rules.enterprises_per_unit_visit", true),
    ("rules.enterprise_visits_per_period", true),
    ("rules.min_days_between_visits", true),
    ("rules.max_one_way_minutes", true),
    ("rules.max_enterprises_per_officer", true),
    ("rules.day_minutes", true),
    ("rules.onsite_minutes", true),
    ("travel.speed_kmh", false),
    ("travel.circuity", false),
    ("weights.shortfall", false),
    ("weights.priority", false),
    ("weights.travel", false),
    ("weights.mismatch", false),
    ("weights.imbalance", false),
    ("weights.change", false),
    ("solver.time_limit_s", false),
    ("solver.mip_gap", false),
];

/// Most points of one sweep.
const MAX_POINTS: usize = 200;

/// `KEY=FROM..TO:STEP`, read.
#[derive(Debug, Clone, PartialEq)]
struct Vary {
    key: &'static str,
    integer: bool,
    values: Vec<f64>,
}

fn parse_vary(text: &str) -> Result<Vary, Text> {
    let usage = || {
        text!(
            "--vary {text:?}: expected KEY=FROM..TO:STEP, e.g. targets.chambers_share=0.6..1.0:0.1",
            "--vary {text:?}：应写作 键=起..止:步长，如 targets.chambers_share=0.6..1.0:0.1"
        )
    };
    let (key, range) = text.split_once('=').ok_or_else(usage)?;
    let (span, step) = range.rsplit_once(':').ok_or_else(usage)?;
    let (from, to) = span.split_once("..").ok_or_else(usage)?;
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (Some(from), Some(to), Some(step)) = (number(from), number(to), number(step)) else {
        return Err(usage());
    };
    let Some(&(key, integer)) = KEYS.iter().find(|(k, _)| *k == key.trim()) else {
        let known = KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
        let key = key.trim();
        // A near miss (a letter off, a missing section) is named first.
        let near = KEYS.iter().map(|(k, _)| *k).find(|k| {
            let field = k.rsplit('.').next().unwrap_or(k);
            strsim::levenshtein(k, key) <= 2 || strsim::levenshtein(field, key) <= 2
        });
        let (hint_en, hint_zh) = near.map_or((String::new(), String::new()), |k| {
            (format!("did you mean `{k}`? "), format!("是否应为“{k}”？"))
        });
        return Err(text!(
            "--vary: `{key}` is not a numeric setting a sweep can vary; {hint_en}one of: {known}",
            "--vary：“{key}”不是可以扫描的数值设置；{hint_zh}可用的有：{known}"
        ));
    };
    if step <= 0.0 || to < from {
        return Err(text!(
            "--vary {text:?}: STEP must be positive and TO at least FROM",
            "--vary {text:?}：步长须为正数，且止值不小于起值"
        ));
    }
    let n = ((to - from) / step + 1e-9).floor() as usize + 1;
    if n > MAX_POINTS {
        return Err(text!(
            "--vary {text:?}: {n} points; at most {MAX_POINTS}",
            "--vary {text:?}：共 {n} 个点，最多 {MAX_POINTS} 个"
        ));
    }
    let values: Vec<f64> = (0..n)
        .map(|i| {
            let v = from + step * i as f64;
            // 0.1 steps stay 0.7, not 0.7000000000000001.
            (v * 1e9).round() / 1e9
        })
        .collect();
    if key == "officers" && values.first().is_some_and(|v| *v < 1.0) {
        return Err(text!(
            "--vary {text:?}: a roster needs at least 1 officer, so FROM must be 1 or more",
            "--vary {text:?}：至少要有 1 名特派员，起值须不小于 1"
        ));
    }
    if integer && values.iter().any(|v| v.fract() != 0.0 || *v < 0.0) {
        return Err(text!(
            "--vary {text:?}: {key} takes whole numbers, so FROM and STEP must be whole",
            "--vary {text:?}：{key} 只取整数，起值和步长须为整数"
        ));
    }
    Ok(Vary {
        key,
        integer,
        values,
    })
}

/// Plans the scenario at every value and writes the comparison and the chart.
pub fn run(args: &SweepArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let vary = parse_vary(&args.vary).map_err(BadInput::from)?;
    let base_file = tepai_model::scenario_file(&args.scenario);
    let Some((base, inputs)) = super::load_with_inputs(&args.scenario) else {
        return Ok(Outcome::BadInput);
    };
    // --out must keep apart from the scenario's files, as every output folder does.
    drop(tepai_io::out_dir::OutDir::new(
        &args.out.join("plans"),
        &inputs,
    )?);
    let base_file = std::fs::canonicalize(&base_file)
        .with_context(|| format!("finding {}", base_file.display()))?;
    let points = args.out.join("points");
    let mut found = Vec::new();
    for &value in &vary.values {
        let label = format!("{}={}", vary.key, text_of(value, vary.integer));
        let dir = points.join(&label);
        let toml = point_toml(&base_file, &base.name, &vary, value)?;
        tepai_io::owned_files::write(&dir, &[("scenario.toml", toml.into_bytes())])?;
        found.push(Found {
            given: dir,
            problem: None,
        });
    }
    // Every point is read before any is planned: a value the scenario cannot take (a share
    // above 1, more enterprises than the region has) stops the sweep here, named.
    let terminal = crate::console::lang();
    let mut unreadable = 0;
    for (f, &value) in found.iter().zip(&vary.values) {
        if let Err(diags) = tepai_model::load(&f.given) {
            unreadable += 1;
            let label = format!("{}={}", vary.key, text_of(value, vary.integer));
            for d in diags.into_listed() {
                errln!("{label}: {}", crate::render::diagnostic(&d, terminal));
            }
        }
    }
    if unreadable > 0 {
        errln!(
            "tepai: {}",
            text!(
                "{unreadable} points of the sweep cannot be planned as they are; nothing was planned",
                "扫描中有 {unreadable} 个点的取值无法使用；未进行任何规划"
            )
            .pick(terminal == Lang::Zh)
        );
        return Ok(Outcome::BadInput);
    }
    let dirs = plan_dirs(&found);
    let runner = Runner {
        solve: &args.solve,
        jobs: args.jobs,
        progress: !args.show.quiet && !args.show.json,
        lang,
    };
    let plans = args.out.join("plans");
    let mut rows: Vec<BatchRow> = runner.plan_all(&found, &dirs, &plans)?;
    for (row, &value) in rows.iter_mut().zip(&vary.values) {
        row.path = format!("{}={}", vary.key, text_of(value, vary.integer));
        row.plan_dir = row.plan_dir.take().map(|d| format!("plans/{d}"));
        row.value = Some(value);
    }
    let chart: Vec<(f64, Option<tepai_io::batch::BatchFigures>)> = vary
        .values
        .iter()
        .zip(&rows)
        .map(|(v, r)| (*v, r.figures.clone()))
        .collect();
    let svg = tepai_io::frontier::frontier_svg(vary.key, &chart, lang);
    write_tables(
        &args.out,
        &rows,
        lang,
        vec![("frontier.svg", svg.into_bytes())],
    )?;
    Ok(show(args.show, &args.out.join("frontier.svg"), &rows))
}

/// A value as written: whole numbers without a decimal point for whole-number settings.
fn text_of(value: f64, integer: bool) -> String {
    if integer {
        format!("{value:.0}")
    } else {
        value.to_string()
    }
}

/// The point's `scenario.toml`: extends the base, renamed, with the one setting.
fn point_toml(base: &Path, name: &str, vary: &Vary, value: f64) -> anyhow::Result<String> {
    // The number of officers is a change of the roster, not a setting.
    let (section, field) = if vary.key == "officers" {
        ("changes", "officers")
    } else {
        vary.key
            .split_once('.')
            .context("every sweep key is section.field")?
    };
    let mut table = toml::Table::new();
    table.insert(
        "extends".to_owned(),
        toml::Value::String(base.to_string_lossy().into_owned()),
    );
    table.insert(
        "name".to_owned(),
        toml::Value::String(format!(
            "{name}, {} = {}",
            vary.key,
            text_of(value, vary.integer)
        )),
    );
    let mut inner = toml::Table::new();
    inner.insert(
        field.to_owned(),
        if vary.integer {
            toml::Value::Integer(value as i64)
        } else {
            toml::Value::Float(value)
        },
    );
    table.insert(section.to_owned(), toml::Value::Table(inner));
    Ok(toml::to_string(&table)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_reads_into_its_values() {
        let v = parse_vary("targets.chambers_share=0.6..1.0:0.1").expect("valid");
        assert_eq!(v.values, [0.6, 0.7, 0.8, 0.9, 1.0]);
        assert!(!v.integer);
        let v = parse_vary("rules.max_one_way_minutes=60..150:30").expect("valid");
        assert_eq!(v.values, [60.0, 90.0, 120.0, 150.0]);
        let v = parse_vary("officers=60..140:10").expect("valid");
        assert_eq!(v.values.len(), 9);
        assert!(v.integer);
        for bad in [
            "targets.chambers_share",
            "targets.chambers_share=1..0:0.1",
            "targets.chambers_share=0..1:0",
            "rules.period=1..2:1",
            "rules.max_one_way_minutes=60..90:7.5",
            "targets.enterprises_min=0..100000:1",
            "officers=0..10:5",
            "officers=5..10:2.5",
        ] {
            assert!(parse_vary(bad).is_err(), "{bad}");
        }
        // A near miss names the key meant, in both languages.
        let e = parse_vary("chamber_share=0.6..1:0.2").expect_err("unknown key");
        assert!(
            e.en.contains("did you mean `targets.chambers_share`?"),
            "{}",
            e.en
        );
        assert!(
            e.zh.contains("是否应为“targets.chambers_share”？"),
            "{}",
            e.zh
        );
    }
}
