//! `tepai diff PLAN_A PLAN_B [--out FILE]`: what changed from one plan to another — per
//! officer the assignments gained or lost and the visits moved, changed, added or removed —
//! and how the summary's figures moved. Exit code 0 whether or not the plans differ; 2 when
//! a plan cannot be read.
use anyhow::Context;

use crate::cli::DiffArgs;
use crate::Outcome;

/// Reads both plans, prints the diff in the terminal's language, writes `--out` as CSV.
pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let read = |dir: &std::path::Path| {
        tepai_io::read::plan_ids(dir)
            .with_context(|| format!("reading the plan in {}", dir.display()))
    };
    let (a, b) = (read(&args.plan_a)?, read(&args.plan_b)?);
    let d = tepai_solver::diff::diff(&a, &b);
    out!(
        "{}",
        tepai_io::changes::changes_text(&d, crate::console::lang())
    );
    if let Some(path) = &args.out {
        let write = || -> std::io::Result<()> {
            let file = std::fs::File::create(path)?;
            let mut w = std::io::BufWriter::new(&file);
            tepai_io::changes::write_changes_csv(&mut w, &d)?;
            std::io::Write::flush(&mut w)?;
            drop(w);
            file.sync_all()
        };
        write().map_err(|e| tepai_io::Error::output(path, tepai_io::system(e, "无法写入")))?;
    }
    Ok(Outcome::Ok)
}
