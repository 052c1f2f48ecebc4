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
//!
//! Beyond one machine, `--emit-jobs FILE` plans nothing but writes one `tepai batch` command
//! per scenario, each into `OUT/parts/<number>-<name>/`, for GNU parallel (`parallel < FILE`) or a
//! Slurm job array (line `$SLURM_ARRAY_TASK_ID` of FILE); `--collect OUT` then merges the
//! parts' tables into `OUT/batch.csv`, `batch.json` and `batch.xlsx`, with the same exit
//! codes.
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

/// The list of the jobs `--emit-jobs` wrote, in `--out`: what `--collect` expects.
const JOBS: &str = "batch-jobs.txt";

/// How deep a folder is searched for scenario folders.
const MAX_DEPTH: usize = 8;

/// One scenario found, or an argument that names none.
pub(super) struct Found {
    /// As given (or as the glob matched).
    pub given: PathBuf,
    /// Why it is no scenario, when it is none.
    pub problem: Option<String>,
}

/// How scenarios are planned: the solver settings, how many at once, whether to print a
/// line as each ends, and the language of the files.
pub(super) struct Runner<'a> {
    pub solve: &'a crate::cli::SolveArgs,
    pub jobs: Option<usize>,
    pub progress: bool,
    pub lang: Lang,
}

/// Plans every scenario named and writes the comparison (or writes the jobs, or collects
/// their results).
pub fn run(args: &BatchArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let terminal = crate::console::lang();
    if let Some(dir) = &args.collect {
        return collect(args, dir, lang);
    }
    let out = args
        .out
        .as_deref()
        .context("--out is required without --collect")?;
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
    if let Some(file) = &args.emit_jobs {
        return emit_jobs(args, &found, &dirs, out, file, lang);
    }
    let runner = Runner {
        solve: &args.solve,
        jobs: args.jobs,
        progress: !args.show.quiet && !args.show.json,
        lang,
    };
    let rows = runner.plan_all(&found, &dirs, out)?;
    write_tables(out, &rows, lang, Vec::new())?;
    Ok(show(args.show, &out.join("batch.csv"), &rows))
}

impl Runner<'_> {
    /// Plans every scenario found into `out/<dir>`, `jobs` at a time; one row each, in order.
    pub(super) fn plan_all(
        &self,
        found: &[Found],
        dirs: &[String],
        out: &Path,
    ) -> anyhow::Result<Vec<BatchRow>> {
        let terminal = crate::console::lang();
        let jobs = self
            .jobs
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            })
            .min(found.len().max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
            .context("starting the batch's worker threads")?;
        std::fs::create_dir_all(out)
            .map_err(|e| tepai_io::Error::output(out, tepai_io::system(e, "无法创建该文件夹")))?;
        let done = AtomicUsize::new(0);
        let total = found.len();
        Ok(pool.install(|| {
            found
                .par_iter()
                .zip(dirs.par_iter())
                .map(|(f, dir)| {
                    let row = one(self, out, f, dir);
                    let k = done.fetch_add(1, Ordering::Relaxed) + 1;
                    let failed =
                        matches!(row.outcome, BatchOutcome::BadInput | BatchOutcome::Failed);
                    if self.progress || failed {
                        errln!("[{k}/{total}] {}", progress_line(&row, terminal));
                    }
                    row
                })
                .collect()
        }))
    }
}

/// Prints the comparison as `show` asks (naming `written`, the file to open) and returns the
/// outcome of the rows: the worst of bad input, a failure, a short target.
pub(super) fn show(show: crate::cli::ShowArgs, written: &Path, rows: &[BatchRow]) -> Outcome {
    let terminal = crate::console::lang();
    if show.json {
        let mut json = Vec::new();
        if tepai_io::batch::write_json(&mut json, rows).is_ok() {
            out!("{}", String::from_utf8_lossy(&json));
        }
    } else if !show.quiet {
        out!("{}", table(rows, terminal));
        outln!(
            "{}{}",
            terminal.pick("已写入 ", "wrote "),
            written.display()
        );
    }
    let any = |o: BatchOutcome| rows.iter().any(|r| r.outcome == o);
    if any(BatchOutcome::BadInput) {
        Outcome::BadInput
    } else if any(BatchOutcome::Failed) {
        Outcome::Internal
    } else if any(BatchOutcome::Short) {
        Outcome::TargetsUnreachable
    } else {
        Outcome::Ok
    }
}

/// Writes one `tepai batch` command per scenario to `file`, each planning into
/// `out/parts/<dir>/` with the same settings.
fn emit_jobs(
    args: &BatchArgs,
    found: &[Found],
    dirs: &[String],
    out: &Path,
    file: &Path,
    lang: Lang,
) -> anyhow::Result<Outcome> {
    let exe = std::env::current_exe().context("finding the tepai executable")?;
    let mut common = vec![
        quote(&exe.to_string_lossy()),
        "--lang".to_owned(),
        lang.pick("zh", "en").to_owned(),
        "batch".to_owned(),
        "--quiet".to_owned(),
        "--jobs".to_owned(),
        "1".to_owned(),
    ];
    let s = &args.solve;
    let flags = [
        ("--time-limit", s.time_limit.map(|v| v.to_string())),
        ("--mip-gap", s.mip_gap.map(|v| v.to_string())),
        ("--seed", s.seed.map(|v| v.to_string())),
        ("--node-limit", s.node_limit.map(|v| v.to_string())),
    ];
    for (flag, value) in flags {
        if let Some(v) = value {
            common.push(flag.to_owned());
            common.push(v);
        }
    }
    if s.heuristic_only {
        common.push("--heuristic-only".to_owned());
    }
    let parts = out.join("parts");
    if std::fs::read_dir(&parts).is_ok_and(|mut d| d.next().is_some()) {
        return Err(crate::outcome::BadInput(format!(
            "{}: {}",
            parts.display(),
            crate::console::lang().pick(
                "已有上一次运行的任务结果：请换一个 --out，或先移走该文件夹",
                "holds the parts of an earlier run: choose another --out, or move it away first"
            )
        ))
        .into());
    }
    let mut text = String::new();
    let mut expected = String::new();
    // Numbered so that the parts, taken in name order, are the scenarios in the order given.
    let width = found.len().to_string().len().max(3);
    for (k, (f, dir)) in found.iter().zip(dirs).enumerate() {
        let name = format!("{:0width$}-{dir}", k + 1);
        let part = parts.join(&name);
        let _ = writeln!(
            text,
            "{} {} --out {}",
            common.join(" "),
            quote(&f.given.to_string_lossy()),
            quote(&part.to_string_lossy())
        );
        let _ = writeln!(expected, "{name}");
    }
    tepai_io::owned_files::write(out, &[(JOBS, expected.into_bytes())])?;
    let tmp = file.with_extension("partial");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, file))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            tepai_io::Error::output(file, tepai_io::system(e, "无法写入"))
        })?;
    let terminal = crate::console::lang();
    match terminal {
        Lang::Zh => outln!(
            "已将 {} 个任务写入 {}：用 `parallel < {1}` 或 Slurm 作业数组运行，然后 `tepai batch --collect {}`",
            found.len(),
            file.display(),
            out.display()
        ),
        Lang::En => outln!(
            "wrote {} jobs to {}: run them with `parallel < {1}` or a Slurm job array, then `tepai batch --collect {}`",
            found.len(),
            file.display(),
            out.display()
        ),
    }
    Ok(Outcome::Ok)
}

/// Merges the `batch.json` of every job under `dir/parts/` into the tables in `dir`.
fn collect(args: &BatchArgs, dir: &Path, lang: Lang) -> anyhow::Result<Outcome> {
    let parts = dir.join("parts");
    let expected: Vec<String> = match std::fs::read_to_string(dir.join(JOBS)) {
        Ok(text) => text.lines().map(str::to_owned).collect(),
        Err(_) => {
            return Err(crate::outcome::BadInput(format!(
                "{}: {}",
                dir.display(),
                crate::console::lang().pick(
                    "没有 batch-jobs.txt：该文件夹不是 `tepai batch --emit-jobs` 的 --out",
                    "has no batch-jobs.txt: it is not the --out of `tepai batch --emit-jobs`"
                )
            ))
            .into())
        }
    };
    let mut rows = Vec::new();
    for part in &expected {
        let file = parts.join(part).join("batch.json");
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(_) => {
                // A job that never finished (killed, out of memory, not run): its row says so.
                rows.push(BatchRow {
                    scenario: part.clone(),
                    path: part.clone(),
                    plan_dir: None,
                    outcome: BatchOutcome::Failed,
                    error: Some(format!(
                        "{}{}",
                        crate::console::lang()
                            .pick("任务没有完成：没有 ", "the job did not finish: no "),
                        file.display()
                    )),
                    figures: None,
                    seconds: 0.0,
                    value: None,
                });
                continue;
            }
        };
        let part_rows = tepai_io::batch::read_json(&text).map_err(|e| {
            tepai_io::Error::plan(
                &file,
                Some(e.line() as u64),
                tepai_io::system(e, "无法读取"),
            )
        })?;
        for mut row in part_rows {
            row.plan_dir = row.plan_dir.map(|d| format!("parts/{part}/{d}"));
            rows.push(row);
        }
    }
    write_tables(dir, &rows, lang, Vec::new())?;
    Ok(show(args.show, &dir.join("batch.csv"), &rows))
}

/// `text` quoted for a POSIX shell.
fn quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
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
pub(super) fn plan_dirs(found: &[Found]) -> Vec<String> {
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
fn one(runner: &Runner<'_>, out: &Path, found: &Found, dir: &str) -> BatchRow {
    let started = Instant::now();
    let mut row = BatchRow {
        scenario: found.given.display().to_string(),
        path: found.given.display().to_string(),
        plan_dir: None,
        outcome: BatchOutcome::BadInput,
        error: found.problem.clone(),
        figures: None,
        seconds: 0.0,
        value: None,
    };
    if found.problem.is_some() {
        return row;
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        plan_one(runner, &out.join(dir), &found.given, &mut row)
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
    runner: &Runner<'_>,
    out: &Path,
    path: &Path,
    row: &mut BatchRow,
) -> anyhow::Result<()> {
    let lang = runner.lang;
    let loaded = match tepai_model::load(path) {
        Ok(loaded) => loaded,
        Err(diags) => {
            let terminal = crate::console::lang();
            let mut text = String::new();
            for d in diags.clone().into_listed() {
                let _ = writeln!(text, "{}", crate::render::diagnostic(&d, terminal));
            }
            errln!("{}", text.trim_end());
            let first = diags
                .errors()
                .next()
                .map(|d| crate::render::diagnostic(d, lang))
                .map(|t| t.lines().next().unwrap_or_default().to_owned())
                .unwrap_or_default();
            row.error = Some(match lang {
                Lang::Zh => format!(
                    "{} 个错误、{} 个警告；第一个：{first}",
                    diags.error_count(),
                    diags.warning_count()
                ),
                Lang::En => format!(
                    "{} errors, {} warnings; the first: {first}",
                    diags.error_count(),
                    diags.warning_count()
                ),
            });
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
    let folder = OutDir::new(out, &inputs)?;
    let options = super::plan_options(
        s,
        runner.solve,
        true,
        tepai_solver::progress::Progress::default(),
    );
    let plan = tepai_solver::plan(s, &options)?;
    folder.write(|p| tepai_io::write_plan(p, s, &plan, lang).map_err(anyhow::Error::from))?;
    for w in folder.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    row.plan_dir = out.file_name().map(|d| d.to_string_lossy().into_owned());
    row.figures = BatchFigures::of(&plan.summary);
    row.error = None;
    row.outcome = if plan.complete() {
        BatchOutcome::Ok
    } else {
        BatchOutcome::Short
    };
    Ok(())
}

/// `batch.csv`, `batch.json` and `batch.xlsx` in `out` (each replaced only when it is the one
/// tepai wrote there last), plus any `extra` files.
pub(super) fn write_tables(
    out: &Path,
    rows: &[BatchRow],
    lang: Lang,
    extra: Vec<(&str, Vec<u8>)>,
) -> anyhow::Result<()> {
    let mut csv = Vec::new();
    tepai_io::batch::write_csv(&mut csv, rows)?;
    let mut json = Vec::new();
    tepai_io::batch::write_json(&mut json, rows)?;
    let mut xlsx = std::io::Cursor::new(Vec::new());
    tepai_io::batch::write_xlsx(&mut xlsx, rows, lang).context("writing batch.xlsx")?;
    let mut files = vec![
        ("batch.csv", csv),
        ("batch.json", json),
        ("batch.xlsx", xlsx.into_inner()),
    ];
    files.extend(extra);
    tepai_io::owned_files::write(out, &files)?;
    Ok(())
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
            f.map_or(String::new(), |f| match f.additional_officers {
                Some(n) if n > 0 => format!("{}/{} (+{n})", f.officers_used, f.officers),
                _ => format!("{}/{}", f.officers_used, f.officers),
            }),
            f.and_then(|f| f.gap)
                .map_or(String::new(), |g| format!("{:.2}%", g * 100.0)),
            format!("{:.1}", r.seconds),
        ]);
    }
    crate::render::grid(&lines, 2)
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
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(quote("scenarios/what-if/a-1"), "scenarios/what-if/a-1");
        assert_eq!(quote("南平 2024"), "'南平 2024'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote(""), "''");
    }
}
