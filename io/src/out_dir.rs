//! Where plans are written: the output folder of `tepai plan`, `assign`, `schedule` and
//! `generate`, put into place so that nothing tepai did not write is ever lost.
//!
//! The rules of `--out DIR`:
//!
//! - **Only tepai's own files are replaced.** Beside `DIR` tepai keeps `.DIR.tepai-files.json`,
//!   the list of the files it wrote there with their SHA-256. On the next run to `DIR` a file
//!   on that list and unchanged is replaced (or dropped, when the new run does not write it:
//!   `tepai assign` after `tepai plan` leaves no stale `schedule.csv`). Every other file or
//!   folder in `DIR` — notes, a reviewed spreadsheet — is kept and is in the new `DIR`
//!   afterwards. A file tepai would have to overwrite that it did not write, or that was
//!   changed after tepai wrote it, stops the run (exit 2) naming it, before anything changes:
//!   move it out of the folder to keep it, or delete it. (A file with exactly the bytes the
//!   new run writes counts as tepai's: replacing it loses nothing.)
//! - **`DIR` stays apart from the inputs.** `DIR` equal to or containing the scenario file,
//!   its folder, a data or `extends` file, or `--assignment DIR` of `tepai schedule` is
//!   refused (exit 2, naming both); a new folder inside the scenario's folder is fine, as
//!   nothing there but tepai's own files is ever replaced. So are the current folder and its parents (`--out .`),
//!   a file, and a folder (or the folder holding it) with no write permission bits.
//! - **A symlinked `DIR` is followed**: the folder it points to is updated and the link stays.
//! - **Crash safety.** The new plan is written in full beside `DIR` (`.DIR.tepai-run-ID`),
//!   the user's files are hard-linked (or, where links cannot be made, copied) into it, and it
//!   is swapped with `DIR` in one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux, its
//!   equivalent on macOS). Whenever the run stops — an error, Ctrl-C, `kill -9`, a full
//!   disk — `DIR` holds the old plan or the new complete one. Where the file system cannot
//!   swap, `DIR` is moved aside and the new plan renamed in, and a stop between the two
//!   renames is repaired by the next run.
//! - **Leftovers are cleaned by the next run.** Each run holds a lock file
//!   (`.DIR.tepai-run-ID.lock`) while it works; a later run to `DIR` takes over what a run
//!   that no longer holds its lock left behind: an unfinished plan is removed, an old plan
//!   is removed file by file — only files on the list with their recorded content, or with
//!   an identical copy in `DIR` — and anything else is moved into `DIR` or kept in place and
//!   reported. It says what it did on standard error. A run that finds another one still
//!   writing to `DIR` stops with exit 2.
//!
//! Every failure of the output location — no permission, a read-only or full file system —
//! is an [`Error::Output`] naming the path and giving the system's reason.
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Error;
use tepai_model::{text, Text};

/// The list of files tepai wrote: relative path (with `/`) → accepted SHA-256 hashes.
type Manifest = BTreeMap<String, BTreeSet<String>>;

/// Inside an unfinished plan: names the run, so that only that run's folder is ever removed
/// whole.
const MARKER: &str = ".tepai-unfinished";

/// What failed, in English and in Chinese, for [`OutDir::fail`].
type Failed = (&'static str, &'static str);
const CREATE: Failed = ("cannot create", "无法创建");
const WRITE: Failed = ("cannot write", "无法写入");
const READ: Failed = ("cannot read", "无法读取");
const MOVE: Failed = ("cannot move", "无法移动");
const REPLACE: Failed = ("cannot replace", "无法替换");
const LOCK: Failed = ("cannot lock", "无法锁定");
const RESTORE: Failed = ("cannot restore", "无法恢复");
const REMOVE: Failed = ("cannot remove", "无法删除");
const KEEP: Failed = ("cannot keep", "无法保留");

/// A plan folder being written.
pub struct OutDir {
    /// `--out` as given, for messages.
    dest: PathBuf,
    /// The folder itself: absolute, a symlink followed.
    real: PathBuf,
    /// The folder holding it.
    parent: PathBuf,
    /// Its name.
    name: String,
    /// This run's id.
    id: String,
    /// Where the new plan is written.
    staging: PathBuf,
    /// The staging folder holds only the unfinished plan (removable as a whole).
    unfinished: bool,
    /// The run's lock: its path and the open, locked file.
    lock: Option<(PathBuf, File)>,
}

impl OutDir {
    /// Starts a new plan folder for `dest`, which must stay apart from every path in
    /// `inputs`. Cleans up what interrupted runs to `dest` left behind (saying so on
    /// standard error).
    ///
    /// # Errors
    /// [`Error::Output`] when `dest` cannot be used (see the module's rules), when it holds
    /// files tepai wrote and that were changed since, when another run is writing to it, or
    /// when the folder beside it cannot be created.
    pub fn new(dest: &Path, inputs: &[PathBuf]) -> Result<Self, Error> {
        let (real, parent, name) = resolve(dest)?;
        check_apart(dest, &real, inputs)?;
        if real.exists() && readonly(&real) {
            return Err(Error::output(
                dest,
                text!(
                    "is read-only (it has no write permission); tepai does not replace a \
                     protected folder: make it writable or choose another --out",
                    "是只读的（没有写入权限）；tepai 不替换受保护的文件夹：请改为可写，或用 --out \
                     另选文件夹"
                ),
            ));
        }
        fs::create_dir_all(&parent).map_err(|e| {
            Error::output(
                dest,
                text!(
                    "cannot create {}: {e}",
                    "无法创建 {}（系统信息：{e}）",
                    parent.display()
                ),
            )
        })?;
        if readonly(&parent) {
            return Err(Error::output(
                dest,
                text!(
                    "its folder {} is read-only (no write permission); choose another --out",
                    "其所在文件夹 {} 是只读的（没有写入权限）；请用 --out 另选文件夹",
                    parent.display()
                ),
            ));
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let id = format!("{}-{nanos}", std::process::id());
        let mut dir = OutDir {
            dest: dest.to_path_buf(),
            staging: parent.join(format!(".{name}.tepai-run-{id}")),
            real,
            parent,
            name,
            id,
            unfinished: true,
            lock: None,
        };
        dir.lock = Some(dir.take_lock()?);
        for note in dir.recover()? {
            let _ = writeln!(io::stderr(), "tepai: {note}");
        }
        dir.preflight()?;
        fs::create_dir(&dir.staging).map_err(|e| dir.fail(CREATE, &dir.staging, e))?;
        fs::write(dir.staging.join(MARKER), &dir.id)
            .map_err(|e| dir.fail(WRITE, &dir.staging, e))?;
        Ok(dir)
    }

    /// Where to write files now.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Runs `write` on the folder to write in; an input/output error anywhere in what it
    /// returns (a full disk, a file system turned read-only) becomes an [`Error::Output`]
    /// naming `--out` and the system's reason. Other errors pass unchanged.
    ///
    /// # Errors
    /// What `write` returns, so converted.
    pub fn write<T, E>(&self, write: impl FnOnce(&Path) -> Result<T, E>) -> Result<T, E>
    where
        E: From<Error> + AsRef<dyn std::error::Error + Send + Sync + 'static>,
    {
        write(&self.staging).map_err(|e| match io_cause(e.as_ref()) {
            Some(io) => E::from(Error::output(
                &self.dest,
                text!(
                    "cannot write the plan: {io}",
                    "无法写入方案（系统信息：{io}）"
                ),
            )),
            None => e,
        })
    }

    /// Puts the finished plan into place, with every file of the folder it replaces that
    /// tepai did not write. Returns warnings to show (what could not be tidied up).
    ///
    /// # Errors
    /// [`Error::Output`] when the folder holds a file tepai would overwrite that it did not
    /// write, or when the folder cannot be updated; the old plan is then untouched.
    pub fn commit(mut self) -> Result<Vec<String>, Error> {
        let manifest_path = self.manifest_path();
        let old = read_manifest(&manifest_path);
        let mut new = Manifest::new();
        for (rel, path, kind) in
            walk(&self.staging).map_err(|e| self.fail(READ, &self.staging, e))?
        {
            if kind.is_file() && rel != MARKER {
                let hash = hash(&path).map_err(|e| self.fail(READ, &path, e))?;
                new.entry(rel).or_default().insert(hash);
            }
        }
        let exists = self.real.exists();
        if exists {
            self.carry(&old, &new)?;
        }
        let mut union = old.clone();
        for (rel, hashes) in &new {
            union
                .entry(rel.clone())
                .or_default()
                .extend(hashes.iter().cloned());
        }
        self.write_manifest(&union)?;
        fs::remove_file(self.staging.join(MARKER))
            .map_err(|e| self.fail(WRITE, &self.staging, e))?;
        let mut warnings = Vec::new();
        if exists {
            let aside = match exchange(&self.staging, &self.real) {
                Ok(true) => self.staging.clone(),
                Ok(false) => {
                    let aside = self
                        .parent
                        .join(format!(".{}.tepai-run-{}.old", self.name, self.id));
                    fs::rename(&self.real, &aside).map_err(|e| self.fail(MOVE, &self.real, e))?;
                    if let Err(e) = fs::rename(&self.staging, &self.real) {
                        let _ = fs::rename(&aside, &self.real);
                        return Err(self.fail(REPLACE, &self.real, e));
                    }
                    aside
                }
                Err(e) => return Err(self.fail(REPLACE, &self.real, e)),
            };
            self.unfinished = false;
            warnings.extend(sweep(&aside, &self.real, &union));
        } else {
            fs::rename(&self.staging, &self.real).map_err(|e| self.fail(CREATE, &self.real, e))?;
            self.unfinished = false;
        }
        if let Err(e) = self.write_manifest(&new) {
            warnings.push(e.to_string());
        }
        Ok(warnings)
    }

    /// An [`Error::Output`] naming `--out`, what failed where, and the system's reason.
    fn fail(&self, (what, what_zh): Failed, path: &Path, e: io::Error) -> Error {
        if path == self.dest {
            Error::output(
                &self.dest,
                text!("{what} it: {e}", "{what_zh}该文件夹（系统信息：{e}）"),
            )
        } else {
            Error::output(
                &self.dest,
                text!(
                    "{what} {}: {e}",
                    "{what_zh} {}（系统信息：{e}）",
                    path.display()
                ),
            )
        }
    }

    fn manifest_path(&self) -> PathBuf {
        self.parent.join(format!(".{}.tepai-files.json", self.name))
    }

    fn run_path(&self, id: &str, suffix: &str) -> PathBuf {
        self.parent
            .join(format!(".{}.tepai-run-{id}{suffix}", self.name))
    }

    /// Writes the list of tepai's files beside the folder, atomically.
    fn write_manifest(&self, m: &Manifest) -> Result<(), Error> {
        let tmp = self.run_path(&self.id, ".json");
        let files: serde_json::Map<String, serde_json::Value> = m
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::json!(v)))
            .collect();
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "written_by": "tepai",
            "about": "the files tepai wrote in the folder beside this file; it replaces only these",
            "files": files,
        }))
        .map_err(|e| Error::output(&tmp, crate::system(e, "无法写入")))?;
        fs::write(&tmp, text + "\n").map_err(|e| self.fail(WRITE, &tmp, e))?;
        let path = self.manifest_path();
        fs::rename(&tmp, &path).map_err(|e| self.fail(WRITE, &path, e))
    }

    /// Creates and locks this run's lock file.
    fn take_lock(&self) -> Result<(PathBuf, File), Error> {
        let path = self.run_path(&self.id, ".lock");
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| self.fail(CREATE, &path, e))?;
        if cfg!(unix) && !try_lock(&file).map_err(|e| self.fail(LOCK, &path, e))? {
            return Err(Error::output(
                &self.dest,
                text!(
                    "another tepai run is starting to write to it",
                    "另一个 tepai 进程正开始写入该文件夹"
                ),
            ));
        }
        Ok((path, file))
    }

    /// Takes over what runs that no longer hold their lock left beside the folder.
    fn recover(&self) -> Result<Vec<String>, Error> {
        if !cfg!(unix) {
            return Ok(Vec::new());
        }
        let prefix = format!(".{}.tepai-run-", self.name);
        let mut ids = BTreeSet::new();
        let entries = fs::read_dir(&self.parent).map_err(|e| self.fail(READ, &self.parent, e))?;
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if let Some(rest) = file_name.strip_prefix(&prefix) {
                let id = rest.split('.').next().unwrap_or_default().to_owned();
                if !id.is_empty() && id != self.id {
                    ids.insert(id);
                }
            }
        }
        let mut notes = Vec::new();
        for id in ids {
            let lock_path = self.run_path(&id, ".lock");
            let held = match fs::OpenOptions::new().write(true).open(&lock_path) {
                Ok(f) => match try_lock(&f) {
                    Ok(true) => Some(f),
                    Ok(false) => {
                        return Err(Error::output(
                            &self.dest,
                            text!(
                                "another tepai run is writing to it (its lock is {}); wait \
                                 for it to end or choose another --out",
                                "另一个 tepai 进程正在写入该文件夹（其锁文件为 {}）；请等它结束，\
                                 或用 --out 另选文件夹",
                                lock_path.display()
                            ),
                        ))
                    }
                    // Cannot tell whether its run is alive: leave its files alone.
                    Err(_) => continue,
                },
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(_) => continue,
            };
            let stage = self.run_path(&id, "");
            let aside = self.run_path(&id, ".old");
            if !self.real.exists() && aside.is_dir() {
                fs::rename(&aside, &self.real).map_err(|e| self.fail(RESTORE, &aside, e))?;
                notes.push(format!(
                    "put the earlier plan back into {}: a run stopped while replacing it",
                    self.dest.display()
                ));
            }
            let m = read_manifest(&self.manifest_path());
            if stage.is_dir() {
                if fs::read_to_string(stage.join(MARKER)).is_ok_and(|t| t == id) {
                    fs::remove_dir_all(&stage).map_err(|e| self.fail(REMOVE, &stage, e))?;
                    notes.push(format!(
                        "removed {}, the unfinished plan of an interrupted run",
                        stage.display()
                    ));
                } else {
                    notes.extend(sweep(&stage, &self.real, &m));
                    notes.push(format!(
                        "tidied up {}, left by an interrupted run",
                        stage.display()
                    ));
                }
            }
            if aside.is_dir() {
                notes.extend(sweep(&aside, &self.real, &m));
                notes.push(format!(
                    "tidied up {}, left by an interrupted run",
                    aside.display()
                ));
            }
            let _ = fs::remove_file(self.run_path(&id, ".json"));
            if held.is_some() {
                let _ = fs::remove_file(&lock_path);
            }
        }
        Ok(notes)
    }

    /// Before any work: tepai's files in the folder that were changed since it wrote them.
    fn preflight(&self) -> Result<(), Error> {
        if !self.real.exists() {
            return Ok(());
        }
        let m = read_manifest(&self.manifest_path());
        let mut changed = Vec::new();
        for (rel, path, kind) in walk(&self.real).map_err(|e| self.fail(READ, &self.real, e))? {
            if let Some(hashes) = m.get(&rel) {
                if kind.is_dir() || !hashes.contains(&hash(&path).unwrap_or_default()) {
                    changed.push(rel);
                }
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        Err(Error::output(
            &self.dest,
            Text::new(
                format!(
                    "{} changed after tepai wrote it: tepai does not overwrite it; move it out of \
                     the folder to keep it (or delete it), then run again",
                    changed.join(", ")
                ),
                format!(
                    "{} 在 tepai 写入后被改动过：tepai 不会覆盖它；要保留就把它移出该文件夹（或删除），\
                     然后重新运行",
                    changed.join("、")
                ),
            ),
        ))
    }

    /// Links (or copies) every file of the current folder that is not tepai's into the new
    /// plan; refuses when one of them is where the new plan has a file.
    fn carry(&self, old: &Manifest, new: &Manifest) -> Result<(), Error> {
        let entries = walk(&self.real).map_err(|e| self.fail(READ, &self.real, e))?;
        let new_has_file_on_the_way = |rel: &str| {
            let mut prefix = String::new();
            for part in rel.split('/') {
                if !prefix.is_empty() && new.contains_key(&prefix) {
                    return true;
                }
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
            }
            false
        };
        let mut conflicts = Vec::new();
        let mut to_carry = Vec::new();
        for (rel, path, kind) in entries {
            let listed = old.contains_key(&rel) || new.contains_key(&rel);
            let current = if kind.is_file() && listed {
                hash(&path).ok()
            } else {
                None
            };
            let tepais = current
                .as_ref()
                .is_some_and(|h| old.get(&rel).is_some_and(|s| s.contains(h)));
            if rel == MARKER {
                conflicts.push(rel);
            } else if let Some(hashes) = new.get(&rel) {
                let same = current.as_ref().is_some_and(|h| hashes.contains(h));
                if !(tepais || same) {
                    conflicts.push(rel);
                }
            } else if new_has_file_on_the_way(&rel) {
                conflicts.push(rel);
            } else if kind.is_dir() {
                if fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()) {
                    to_carry.push((rel, path, kind));
                }
            } else if !tepais {
                to_carry.push((rel, path, kind));
            }
        }
        if !conflicts.is_empty() {
            return Err(Error::output(
                &self.dest,
                Text::new(
                    format!(
                        "holds {} where the new plan has files of that name, and tepai did not \
                         write them (or they changed since): move them out of the folder to keep \
                         them (or delete them), or choose another --out",
                        conflicts.join(", ")
                    ),
                    format!(
                        "其中的 {} 与新方案的文件同名，且不是 tepai 写入的（或之后被改动过）：\
                         要保留就移出该文件夹（或删除），或用 --out 另选文件夹",
                        conflicts.join("、")
                    ),
                ),
            ));
        }
        for (rel, path, kind) in to_carry {
            let to = self.staging.join(&rel);
            if let Some(p) = to.parent() {
                fs::create_dir_all(p).map_err(|e| self.fail(CREATE, p, e))?;
            }
            let done = if kind.is_dir() {
                fs::create_dir_all(&to)
            } else if kind.is_symlink() {
                copy_symlink(&path, &to)
            } else {
                fs::hard_link(&path, &to).or_else(|_| fs::copy(&path, &to).map(|_| ()))
            };
            done.map_err(|e| self.fail(KEEP, &path, e))?;
        }
        Ok(())
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if self.unfinished && self.staging.exists() {
            let _ = fs::remove_dir_all(&self.staging);
        }
        let _ = fs::remove_file(self.run_path(&self.id, ".json"));
        if let Some((path, _file)) = self.lock.take() {
            let _ = fs::remove_file(path);
        }
    }
}

/// `dest` as an absolute path with symlinks followed, its parent and its name. Creates the
/// parent when missing.
fn resolve(dest: &Path) -> Result<(PathBuf, PathBuf, String), Error> {
    if dest.as_os_str().is_empty() {
        return Err(Error::output(
            dest,
            text!("is empty: name a folder", "为空：请写明一个文件夹"),
        ));
    }
    let real = match fs::symlink_metadata(dest) {
        Ok(meta) => {
            let real = fs::canonicalize(dest).map_err(|e| {
                if meta.file_type().is_symlink() {
                    Error::output(
                        dest,
                        text!(
                            "is a symlink that cannot be followed: {e}",
                            "是无法跟随的符号链接（系统信息：{e}）"
                        ),
                    )
                } else {
                    Error::output(dest, crate::system(e, "无法使用"))
                }
            })?;
            if !real.is_dir() {
                return Err(Error::output(
                    dest,
                    text!("is a file, not a folder", "是文件，不是文件夹"),
                ));
            }
            real
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // The nearest existing folder, then the rest of the path as written.
            let mut base = dest;
            let mut rest = Vec::new();
            while !base.as_os_str().is_empty() && !base.exists() {
                match (base.parent(), base.file_name()) {
                    (Some(p), Some(n)) => {
                        rest.push(n.to_os_string());
                        base = p;
                    }
                    _ => {
                        return Err(Error::output(
                            dest,
                            text!("does not name a folder", "不是文件夹的路径"),
                        ))
                    }
                }
            }
            let base = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base
            };
            let mut real = fs::canonicalize(base).map_err(|e| {
                Error::output(
                    dest,
                    text!(
                        "cannot use {}: {e}",
                        "无法使用 {}（系统信息：{e}）",
                        base.display()
                    ),
                )
            })?;
            real.extend(rest.iter().rev());
            real
        }
        Err(e) => return Err(Error::output(dest, crate::system(e, "无法使用"))),
    };
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(Error::output(
            dest,
            text!(
                "is the root folder; choose a folder for the plan",
                "是根目录；请为方案另选一个文件夹"
            ),
        ));
    };
    let parent = parent.to_path_buf();
    let name = name.to_string_lossy().into_owned();
    Ok((real, parent, name))
}

/// Refuses a destination that is, holds or is inside an input, or holds the current folder.
fn check_apart(dest: &Path, real: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    if let Ok(cwd) = std::env::current_dir().and_then(fs::canonicalize) {
        if cwd.starts_with(real) {
            return Err(Error::output(
                dest,
                text!(
                    "is the current folder or holds it: tepai replaces the plan folder as a \
                     whole, which would leave this shell in the old one; name a folder apart \
                     from the current one",
                    "是当前文件夹或包含当前文件夹：tepai 会整体替换方案文件夹，当前终端将停留在旧文件夹中；\
                     请写明当前文件夹以外的文件夹"
                ),
            ));
        }
    }
    for input in inputs {
        let Ok(inp) = fs::canonicalize(input) else {
            continue;
        };
        // A folder inside the scenario's folder is allowed: only files tepai wrote are ever
        // replaced there, so no input can be.
        let (how, how_zh) = if inp == real {
            ("is", "就是")
        } else if inp.starts_with(real) {
            ("holds", "包含")
        } else {
            continue;
        };
        return Err(Error::output(
            dest,
            text!(
                "{how} the input {}; tepai does not write over files it did not write: \
                 choose a folder apart from the scenario's files",
                "{how_zh}输入文件 {}；tepai 不会覆盖不是它写的文件：请另选一个与场景文件分开的文件夹",
                input.display()
            ),
        ));
    }
    Ok(())
}

/// A folder with no write permission bits at all (as marked, whoever runs tepai).
fn readonly(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// The first input/output error in an error's chain (a CSV writer's included).
fn io_cause<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a io::Error> {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return Some(io);
        }
        if let Some(csv) = err.downcast_ref::<csv::Error>() {
            if let csv::ErrorKind::Io(io) = csv.kind() {
                return Some(io);
            }
        }
        cur = err.source();
    }
    None
}

fn read_manifest(path: &Path) -> Manifest {
    let Ok(text) = fs::read_to_string(path) else {
        return Manifest::new();
    };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Manifest::new();
    };
    let mut m = Manifest::new();
    if let Some(files) = v.get("files").and_then(|f| f.as_object()) {
        for (k, hashes) in files {
            let set = hashes
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|h| h.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            m.insert(k.clone(), set);
        }
    }
    m
}

fn hash(path: &Path) -> io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// Every entry under `dir` (not following symlinks), parents before children:
/// (relative path with `/`, path, type).
fn walk(dir: &Path) -> io::Result<Vec<(String, PathBuf, fs::FileType)>> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), dir.to_path_buf())];
    while let Some((rel, d)) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&d)?.collect::<io::Result<_>>()?;
        entries.sort_by_key(fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let r = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push((r.clone(), entry.path()));
            }
            out.push((r, entry.path(), kind));
        }
    }
    Ok(out)
}

/// Same bytes (or the same file through a hard link).
fn same_content(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (fs::symlink_metadata(a), fs::symlink_metadata(b)) else {
        return false;
    };
    if ma.file_type().is_symlink() || mb.file_type().is_symlink() {
        return ma.file_type().is_symlink()
            && mb.file_type().is_symlink()
            && fs::read_link(a).ok() == fs::read_link(b).ok();
    }
    if !ma.is_file() || !mb.is_file() || ma.len() != mb.len() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if ma.dev() == mb.dev() && ma.ino() == mb.ino() {
            return true;
        }
    }
    match (fs::read(a), fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Empties a folder that is not the plan any more (an old plan, or a plan an interrupted run
/// left): removes tepai's files (on the list with their recorded content) and files with an
/// identical copy in `dest`, moves the rest into `dest` where the name is free, and removes
/// the folder when nothing is left. Returns notes on what it could not remove.
fn sweep(folder: &Path, dest: &Path, m: &Manifest) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = walk(folder) else {
        return vec![format!(
            "could not read {}; it is left in place",
            folder.display()
        )];
    };
    let mut dirs = Vec::new();
    for (rel, path, kind) in entries {
        if kind.is_dir() {
            dirs.push(path);
            continue;
        }
        let target = dest.join(&rel);
        let tepais = kind.is_file()
            && m.get(&rel)
                .is_some_and(|s| hash(&path).is_ok_and(|h| s.contains(&h)));
        if rel == MARKER || tepais || same_content(&path, &target) {
            let _ = fs::remove_file(&path);
        } else if fs::symlink_metadata(&target).is_err() {
            let moved = target
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::rename(&path, &target));
            match moved {
                Ok(()) => notes.push(format!("kept {rel} in {}", dest.display())),
                Err(e) => notes.push(format!("could not move {}: {e}", path.display())),
            }
        }
    }
    for d in dirs.iter().rev() {
        let _ = fs::remove_dir(d);
    }
    if fs::remove_dir(folder).is_err() && folder.exists() {
        notes.push(format!(
            "kept {}: it holds files that differ from those in {}; look through it, then \
             delete it",
            folder.display(),
            dest.display()
        ));
    }
    notes
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to).map(|_| ())
}

/// Swaps two paths atomically; `Ok(false)` where the system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Takes an exclusive lock without waiting; `Ok(false)` when another process holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Without advisory locks a leftover is never taken for a dead run's.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(false)
}

/// Whether the file `name` of the plan folder `dir` is the one tepai wrote there (on the
/// list beside the folder, with its content): what [`replace_owned`] replaces.
///
/// # Errors
/// [`Error::Output`] when the folder or the file cannot be read.
pub fn owned(dir: &Path, name: &str) -> Result<bool, Error> {
    let (real, parent, folder) = resolve(dir)?;
    let m = read_manifest(&parent.join(format!(".{folder}.tepai-files.json")));
    owned_in(&real, &m, name)
}

fn owned_in(real: &Path, m: &Manifest, name: &str) -> Result<bool, Error> {
    let path = real.join(name);
    let now = hash(&path).map_err(|e| Error::output(&path, crate::system(e, "无法读取")))?;
    Ok(m.get(name).is_some_and(|h| h.contains(&now)))
}

/// Whether [`replace_owned`] replaced the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// It was tepai's own (on the folder's list, unchanged) and is replaced.
    Yes,
    /// It is not tepai's, or was changed after tepai wrote it: left as it is.
    NotOwned,
}

/// Replaces the file `name` of the plan folder `dir` in place with `bytes` — only when it is
/// the one tepai wrote there (on the list beside the folder with its content), so that an
/// edited workbook is never lost — and puts the new content on the list (a later `--out` to
/// the folder replaces it as tepai's). The file is written beside and renamed over the old
/// one, never half-written. Used by `tepai status` for the plan's `plan.xlsx` and
/// `report.html`.
///
/// # Errors
/// [`Error::Output`] when the folder, the file or the list cannot be read or written.
pub fn replace_owned(dir: &Path, name: &str, bytes: &[u8]) -> Result<Replaced, Error> {
    let (real, parent, folder) = resolve(dir)?;
    let manifest_path = parent.join(format!(".{folder}.tepai-files.json"));
    let mut m = read_manifest(&manifest_path);
    if !owned_in(&real, &m, name)? {
        return Ok(Replaced::NotOwned);
    }
    let path = real.join(name);
    let tmp = real.join(format!(".{name}.tepai-partial"));
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, &path))
        .map_err(|e| {
            let _ = fs::remove_file(&tmp);
            Error::output(&path, crate::system(e, "无法写入"))
        })?;
    m.entry(name.to_owned()).or_default().insert(
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    );
    // The list, as `OutDir` writes it, replaced in one step.
    let files: serde_json::Map<String, serde_json::Value> = m
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::json!(v)))
        .collect();
    let text = serde_json::to_string_pretty(&serde_json::json!({
        "written_by": "tepai",
        "about": "the files tepai wrote in the folder beside this file; it replaces only these",
        "files": files,
    }))
    .map_err(|e| Error::output(&manifest_path, crate::system(e, "无法写入")))?;
    let tmp = parent.join(format!(".{folder}.tepai-files.json.partial"));
    fs::write(&tmp, text + "\n")
        .and_then(|()| fs::rename(&tmp, &manifest_path))
        .map_err(|e| Error::output(&manifest_path, crate::system(e, "无法写入")))?;
    Ok(Replaced::Yes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_an_output_error_naming_the_folder_and_the_reason() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dest = tmp.path().join("plan");
        let dir = OutDir::new(&dest, &[]).expect("new");
        // A real write that fails with ENOSPC, as a full disk makes it fail.
        let got: Result<(), Box<dyn std::error::Error + Send + Sync>> = dir.write(|_| {
            let mut f = fs::OpenOptions::new().write(true).open("/dev/full")?;
            f.write_all(&[0; 4096])?;
            f.flush()?;
            Ok(())
        });
        let err = got.expect_err("/dev/full is full");
        let text = err.to_string();
        assert!(err.downcast_ref::<Error>().is_some(), "{text}");
        assert!(text.contains(&*dest.to_string_lossy()), "{text}");
        assert!(text.contains("No space left on device"), "{text}");
        drop(dir);
        assert!(!dest.exists());
        assert_eq!(
            fs::read_dir(tmp.path()).expect("list").count(),
            0,
            "nothing left"
        );
    }

    #[test]
    fn a_run_stopped_between_the_two_renames_of_the_fallback_is_repaired() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dest = tmp.path().join("plan");
        let dir = OutDir::new(&dest, &[]).expect("new");
        fs::write(dir.path().join("summary.json"), "{}").expect("write");
        dir.commit().expect("commit");
        fs::write(dest.join("notes.txt"), "mine").expect("note");
        // The state a stop leaves after `DIR` was moved aside and before the new plan came in.
        let aside = tmp.path().join(".plan.tepai-run-1-2.old");
        fs::rename(&dest, &aside).expect("move aside");
        let staging = tmp.path().join(".plan.tepai-run-1-2");
        fs::create_dir(&staging).expect("mkdir");
        fs::write(staging.join("summary.json"), "{\"new\": 1}").expect("write");
        fs::write(staging.join(MARKER), "1-2").expect("marker");
        let dir = OutDir::new(&dest, &[]).expect("recovers");
        assert_eq!(
            fs::read_to_string(dest.join("notes.txt")).expect("back"),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(dest.join("summary.json")).expect("old"),
            "{}"
        );
        assert!(!aside.exists() && !staging.exists());
        drop(dir);
    }
}
