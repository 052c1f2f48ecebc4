//! The output folder of a plan: filled beside the destination and renamed into place on
//! [`OutDir::commit`], so that a failed run never leaves a half-written plan.
//!
//! Only a folder tepai wrote before (it holds `summary.json`) or an empty one is ever
//! replaced: `--out` pointing at a scenario or any other folder is refused.
use std::fs;
use std::path::{Path, PathBuf};

use crate::Error;

/// A plan folder being written.
pub struct OutDir {
    tmp: PathBuf,
    dest: PathBuf,
}

impl OutDir {
    /// Starts a new output folder for `dest`.
    ///
    /// # Errors
    /// [`Error::Output`] when `dest` is a file, a folder that is neither empty nor an earlier
    /// tepai plan, or when the folder beside it cannot be created.
    pub fn new(dest: &Path) -> Result<Self, Error> {
        if dest.exists() {
            if !dest.is_dir() {
                return Err(Error::output(dest, "is a file, not a folder"));
            }
            let empty = fs::read_dir(dest)
                .map_err(|e| Error::output(dest, e))?
                .next()
                .is_none();
            if !empty && !dest.join("summary.json").is_file() {
                return Err(Error::output(
                    dest,
                    "holds files that tepai did not write; choose a new or empty folder \
                     (an earlier plan's folder, with its summary.json, is replaced)",
                ));
            }
        }
        let parent = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::output(parent, e))?;
        let name = dest
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| Error::output(&tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| Error::output(&tmp, e))?;
        Ok(OutDir {
            tmp,
            dest: dest.to_path_buf(),
        })
    }

    /// Where to write files now.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Replaces the destination with the finished folder; on failure the old destination
    /// is put back. Returns warnings to show (an old folder that could not be removed).
    ///
    /// # Errors
    /// [`Error::Output`] when a rename fails.
    pub fn commit(self) -> Result<Vec<String>, Error> {
        if !self.dest.exists() {
            return fs::rename(&self.tmp, &self.dest)
                .map(|()| Vec::new())
                .map_err(|e| Error::output(&self.dest, e));
        }
        let old = self.tmp.with_file_name(format!(
            "{}.old",
            self.tmp
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        fs::rename(&self.dest, &old).map_err(|e| Error::output(&self.dest, e))?;
        if let Err(e) = fs::rename(&self.tmp, &self.dest) {
            let _ = fs::rename(&old, &self.dest);
            return Err(Error::output(&self.dest, e));
        }
        let mut warnings = Vec::new();
        if let Err(e) = fs::remove_dir_all(&old) {
            warnings.push(format!(
                "could not remove the previous output {}: {e}",
                old.display()
            ));
        }
        Ok(warnings)
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        if self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}
