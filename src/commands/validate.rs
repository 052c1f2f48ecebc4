//! `tepai validate SCENARIO`: load, summarise, report.
use std::fmt::Write as _;

use tepai_model::summary::Summary;
use tepai_model::Scenario;

use crate::cli::ValidateArgs;
use crate::Outcome;

/// Loads the scenario and prints its summary and every finding.
pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    match tepai_model::load(&args.scenario) {
        Err(diags) => {
            err!("{diags}");
            let errors = diags.error_count();
            let warnings = diags.warning_count();
            errln!(
                "{}: {errors} errors, {warnings} warnings",
                args.scenario.display()
            );
            Ok(Outcome::BadInput)
        }
        Ok(loaded) => {
            out!("{}", render_summary(&loaded.scenario));
            for w in &loaded.warnings {
                errln!("{w}");
            }
            outln!(
                "{}: valid, {} warnings",
                args.scenario.display(),
                loaded.warning_count
            );
            if args.deny_warnings && !loaded.warnings.is_empty() {
                Ok(Outcome::BadInput)
            } else {
                Ok(Outcome::Ok)
            }
        }
    }
}

/// The summary block printed for a valid scenario.
pub fn render_summary(s: &Scenario) -> String {
    let sum = Summary::of(s);
    let mut out = String::new();
    let join = |m: &std::collections::BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "{} ({}), scenario hash {}",
        s.name,
        s.year,
        &s.content_hash[..12]
    );
    let _ = writeln!(
        out,
        "  courts       {:>7}  ({})",
        s.courts.len(),
        join(&sum.courts_by_level)
    );
    let _ = writeln!(
        out,
        "  officers     {:>7}  ({}; {} officer-days per quarter)",
        s.officers.len(),
        join(&sum.officers_by_rank),
        sum.officer_days_per_quarter
    );
    let _ = writeln!(out, "  platforms    {:>7}", sum.platforms);
    let _ = writeln!(out, "  chambers     {:>7}", sum.chambers);
    let _ = writeln!(
        out,
        "  enterprises  {:>7}  ({} in no unit; {})",
        sum.enterprises,
        sum.enterprises_without_unit,
        join(&sum.enterprises_by_category)
    );
    let _ = writeln!(out, "  conflicts    {:>7}", sum.conflicts);
    let _ = writeln!(out, "  unavailable  {:>7}", sum.unavailable);
    let _ = writeln!(
        out,
        "targets: {} of {} platforms, {} of {} chambers, {} enterprises; period {}",
        s.required_platforms(),
        sum.platforms,
        s.required_chambers(),
        sum.chambers,
        s.targets.enterprises_min,
        s.rules.period.as_str()
    );
    let c = &sum.capacity;
    let verdict = if c.passes() {
        "ok"
    } else {
        "SHORT: the targets cannot be reached"
    };
    let _ = writeln!(
        out,
        "rough capacity check: {verdict}\n  officers needed by the required units {} of {}; enterprises reachable at most {} of {} required",
        c.officers_for_units, c.officers, c.enterprises_reachable_bound, c.enterprises_required
    );
    out
}
