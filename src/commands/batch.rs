//! `tepai batch SCENARIO... --out DIR`: plans many scenarios, independent ones in parallel,
//! and compares them in one table.
//!
//! Each argument is a scenario file, a folder holding `scenario.toml`, a folder of scenario
//! folders (searched to any depth, a scenario folder's own subfolders excepted) or a glob
//! pattern (`'scenarios/what-if/*'`, quoted so that tepai expands it). Every scenario's plan
//! goes to its own folder under `--out`, named after its folder (or file); the comparison is
//! printed and written as `batch.csv`, `batch.json` and `batch.xlsx` beside them. A scenario
//! that cannot be read or planned is reported in its row and never stops the others.
//!
//! Exit codes: 2 when any scenario cannot be read; otherwise 1 when tepai failed on any;
//! otherwise 3 when any target is short or a visit cannot be made; 0 when all are fine.
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use tepai_io::batch::{BatchFigures, BatchOutcome, BatchRow};
use tepai_io::out_dir::OutDir;
use tepai_io::Lang;

use crate::cli::BatchArgs;
use crate::Outcome;

/// How deep a folder is searched for scenario folders.
const MAX_DEPTH: usize = 8;

/// One scenario found, or an argument that names none.
struct Found {
    /// As given (or as the glob matched).
    given: PathBuf,
    /// Why it is no scenario, when it is none.
    problem: Option<String>,
}

/// Plans every scenario named and writes the comparison.
pub fn run(args: &BatchArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let terminal = crate::console::lang();
    let found = discover(&args.scenarios, terminal);
    if found.is_empty() {
        errln!(
            "tepai: {}",
            terminal.pick(
                "错误：没有找到任何场景（scenario.toml）",
                "error: no scenario (scenario.toml) found"
            )
        );
        return Ok(Outcome::BadInput);
    }
    let dirs = plan_dirs(&found);
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .context("starting the batch's worker threads")?;
    std::fs::create_dir_all(&args.out).map_err(|e| tepai_io::Error::output(&args.out, e))?;
    let done = AtomicUsize::new(0);
    let total = found.len();
    let rows: Vec<BatchRow> = pool.install(|| {
        found
            .par_iter()
            .zip(dirs.par_iter())
            .map(|(f, dir)| {
                let row = one(args, f, dir, lang);
                let k = done.fetch_add(1, Ordering::Relaxed) + 1;
                if !args.show.quiet && !args.show.json {
                    errln!("[{k}/{total}] {}", progress_line(&row, terminal));
                }
                row
            })
            .collect()
    });
    write_tables(&args.out, &rows, lang)?;
    if args.show.json {
        let mut json = Vec::new();
        tepai_io::batch::write_json(&mut json, &rows)?;
        out!("{}", String::from_utf8_lossy(&json));
    } else if !args.show.quiet {
        out!("{}", table(&rows, terminal));
        outln!(
            "{}{}",
            terminal.pick("已写入 ", "wrote "),
            args.out.join("batch.csv").display()
        );
    }
    let any = |o: BatchOutcome| rows.iter().any(|r| r.outcome == o);
    Ok(if any(BatchOutcome::BadInput) {
        Outcome::BadInput
    } else if any(BatchOutcome::Failed) {
        Outcome::Internal
    } else if any(BatchOutcome::Short) {
        Outcome::TargetsUnreachable
    } else {
        Outcome::Ok
    })
}

/// Every scenario the arguments name, in the order given (a folder's and a glob's in name
/// order), each once.
fn discover(args: &[PathBuf], lang: Lang) -> Vec<Found> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |given: PathBuf, problem: Option<String>, found: &mut Vec<Found>| {
        let key = std::fs::canonicalize(tepai_model::scenario_file(&given))
            .unwrap_or_else(|_| given.clone());
        if seen.insert(key) {
            found.push(Found { given, problem });
        }
    };
    for arg in args {
        let text = arg.to_string_lossy();
        let paths: Vec<PathBuf> = if text.contains(['*', '?', '[']) {
            match glob::glob(&text) {
                Ok(matches) => {
                    let mut paths: Vec<PathBuf> = matches.filter_map(Result::ok).collect();
                    paths.sort();
                    if paths.is_empty() {
                        let why =
                            lang.pick("该模式没有匹配任何文件", "the pattern matches nothing");
                        add(arg.clone(), Some(why.to_owned()), &mut found);
                    }
                    paths
                }
                Err(e) => {
                    let why = format!("{}{e}", lang.pick("模式无效：", "invalid pattern: "));
                    add(arg.clone(), Some(why), &mut found);
                    Vec::new()
                }
            }
        } else {
            vec![arg.clone()]
        };
        for path in paths {
            let mut scenarios = Vec::new();
            if path.is_dir() && !path.join("scenario.toml").is_file() {
                search(&path, 0, &mut scenarios);
                if scenarios.is_empty() {
                    let why = lang.pick(
                        "该文件夹中没有场景（scenario.toml）",
                        "the folder holds no scenario (scenario.toml)",
                    );
                    add(path, Some(why.to_owned()), &mut found);
                    continue;
                }
            } else {
                // A file, a scenario folder, or a path that does not exist (loading says so).
                scenarios.push(path);
            }
            for s in scenarios {
                add(s, None, &mut found);
            }
        }
    }
    found
}

/// The scenario folders under `dir`, in name order, not descending into a scenario folder.
fn search(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut subdirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    subdirs.sort();
    for sub in subdirs {
        if sub.join("scenario.toml").is_file() {
            out.push(sub);
        } else {
            search(&sub, depth + 1, out);
        }
    }
}

/// Each scenario's plan folder under `--out`: its folder's name (a file's stem when it is
/// not `scenario.toml`), made unique with `-2`, `-3`, … in order.
fn plan_dirs(found: &[Found]) -> Vec<String> {
    let mut used = BTreeSet::new();
    found
        .iter()
        .map(|f| {
            let file = tepai_model::scenario_file(&f.given);
            let base = if file.file_name().is_some_and(|n| n == "scenario.toml") {
                file.parent().and_then(Path::file_name)
            } else {
                file.file_stem()
            }
            .map_or_else(
                || "scenario".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            );
            let base = if base.is_empty() || base == "." || base == ".." {
                "scenario".to_owned()
            } else {
                base
            };
            let mut name = base.clone();
            let mut k = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}-{k}");
                k += 1;
            }
            name
        })
        .collect()
}

/// Loads, plans and writes one scenario; every failure becomes its row.
fn one(args: &BatchArgs, found: &Found, dir: &str, lang: Lang) -> BatchRow {
    let started = Instant::now();
    let mut row = BatchRow {
        scenario: found.given.display().to_string(),
        path: found.given.display().to_string(),
        plan_dir: None,
        outcome: BatchOutcome::BadInput,
        error: found.problem.clone(),
        figures: None,
        seconds: 0.0,
    };
    if found.problem.is_some() {
        return row;
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plan_one(args, &found.given, dir, lang, &mut row)
    }));
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            row.outcome = match Outcome::of_error(&e) {
                Outcome::BadInput => BatchOutcome::BadInput,
                _ => BatchOutcome::Failed,
            };
            row.error = Some(format!("{e:#}"));
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            row.outcome = BatchOutcome::Failed;
            row.error = Some(format!("tepai failed (a bug in tepai): {what}"));
        }
    }
    row.seconds = started.elapsed().as_secs_f64();
    row
}

fn plan_one(
    args: &BatchArgs,
    path: &Path,
    dir: &str,
    lang: Lang,
    row: &mut BatchRow,
) -> anyhow::Result<()> {
    let loaded = match tepai_model::load(path) {
        Ok(loaded) => loaded,
        Err(diags) => {
            let terminal = crate::console::lang();
            let mut text = String::new();
            for d in diags.clone().into_listed() {
                let _ = writeln!(text, "{}", crate::render::diagnostic(&d, terminal));
            }
            errln!("{}", text.trim_end());
            row.error = Some(format!(
                "{} errors, {} warnings",
                diags.error_count(),
                diags.warning_count()
            ));
            return Ok(());
        }
    };
    let s = &loaded.scenario;
    row.scenario = s.name.clone();
    let mut inputs = loaded.files.clone();
    let file = tepai_model::scenario_file(path);
    if let Some(folder) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        inputs.push(folder.to_path_buf());
    }
    inputs.push(file);
    let out = args.out.join(dir);
    let folder = OutDir::new(&out, &inputs)?;
    let options = super::plan_options(
        s,
        &args.solve,
        true,
        tepai_solver::progress::Progress::default(),
    );
    let plan = tepai_solver::plan(s, &options)?;
    folder.write(|p| tepai_io::write_plan(p, s, &plan, lang).map_err(anyhow::Error::from))?;
    for w in folder.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    row.plan_dir = Some(dir.to_owned());
    row.figures = BatchFigures::of(&plan.summary);
    row.error = None;
    row.outcome = if plan.complete() {
        BatchOutcome::Ok
    } else {
        BatchOutcome::Short
    };
    Ok(())
}

/// `batch.csv`, `batch.json` and `batch.xlsx` in `out`, each written whole then renamed into
/// place.
fn write_tables(out: &Path, rows: &[BatchRow], lang: Lang) -> anyhow::Result<()> {
    let put = |name: &str, bytes: Vec<u8>| -> anyhow::Result<()> {
        let path = out.join(name);
        let tmp = out.join(format!(".{name}.partial"));
        std::fs::write(&tmp, &bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                tepai_io::Error::output(&path, e).into()
            })
    };
    let mut csv = Vec::new();
    tepai_io::batch::write_csv(&mut csv, rows)?;
    put("batch.csv", csv)?;
    let mut json = Vec::new();
    tepai_io::batch::write_json(&mut json, rows)?;
    put("batch.json", json)?;
    let mut xlsx = std::io::Cursor::new(Vec::new());
    tepai_io::batch::write_xlsx(&mut xlsx, rows, lang).context("writing batch.xlsx")?;
    put("batch.xlsx", xlsx.into_inner())
}

/// `name: ok in 4.2 s` (or the reason), for the line printed as each scenario ends.
fn progress_line(row: &BatchRow, lang: Lang) -> String {
    let mut line = format!(
        "{}: {} ({:.1} s)",
        row.path,
        row.outcome.words(lang),
        row.seconds
    );
    if let Some(e) = &row.error {
        let first = e.lines().next().unwrap_or_default();
        let _ = write!(line, " — {first}");
    }
    line
}

/// The comparison on the terminal: one line per scenario.
fn table(rows: &[BatchRow], lang: Lang) -> String {
    let header = [
        lang.pick("场景", "scenario"),
        lang.pick("结果", "outcome"),
        lang.pick("平台", "platforms"),
        lang.pick("商会", "chambers"),
        lang.pick("企业", "enterprises"),
        lang.pick("走访企业", "visited"),
        lang.pick("在岗", "officers"),
        lang.pick("差距", "gap"),
        lang.pick("秒", "s"),
    ];
    let mut lines = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    for r in rows {
        let f = r.figures.as_ref();
        let of = |p: Option<(u32, u32)>| p.map_or(String::new(), |(a, q)| format!("{a}/{q}"));
        lines.push(vec![
            r.path.clone(),
            r.outcome.words(lang).to_owned(),
            of(f.map(|f| f.platforms)),
            of(f.map(|f| f.chambers)),
            of(f.map(|f| f.enterprises)),
            f.and_then(|f| f.enterprises_visited)
                .map_or(String::new(), |v| v.to_string()),
            f.map_or(String::new(), |f| {
                format!("{}/{}", f.officers_used, f.officers)
            }),
            f.and_then(|f| f.gap)
                .map_or(String::new(), |g| format!("{:.2}%", g * 100.0)),
            format!("{:.1}", r.seconds),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| lines.iter().map(|l| width(&l[c])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for l in &lines {
        let mut line = String::new();
        for (c, cell) in l.iter().enumerate() {
            let pad = widths[c] - width(cell);
            if c == 0 || c == 1 {
                let _ = write!(line, "{cell}{}  ", " ".repeat(pad));
            } else {
                let _ = write!(line, "{}{cell}  ", " ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Columns a cell takes on a terminal: two for a Chinese character.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(p: &str) -> Found {
        Found {
            given: PathBuf::from(p),
            problem: None,
        }
    }

    #[test]
    fn plan_folders_are_named_after_scenarios_and_never_twice() {
        let dirs = plan_dirs(&[
            found("scenarios/what-if/nanping-2024-monthly"),
            found("other/nanping-2024-monthly/scenario.toml"),
            found("variants/tight.toml"),
            found("."),
        ]);
        assert_eq!(
            dirs,
            [
                "nanping-2024-monthly",
                "nanping-2024-monthly-2",
                "tight",
                "scenario"
            ]
        );
    }

    #[test]
    fn a_chinese_cell_takes_two_columns() {
        assert_eq!(width("场景 ok"), 7);
    }
}
