//! Files tepai writes straight into a folder it shares with other things (the comparison
//! tables of `tepai batch`, `tepai sweep` and `tepai bench`): each is replaced only when it is
//! the one tepai wrote there last, never when someone edited it or put a file of that name
//! there, and never half-written.
//!
//! The folder's `.tepai-files` records the SHA-256 of every file written this way; a file
//! whose content no longer matches its record (or that has no record) is left alone and
//! reported, and nothing is written.
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::Error;

/// The record of what was written.
const RECORD: &str = ".tepai-files";

fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `files` (name, content) into `dir`, creating it.
///
/// # Errors
/// [`Error::Output`] when a file of one of the names is there and is not what tepai wrote
/// there last (then nothing is written), or when the folder cannot be written.
pub fn write(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), Error> {
    fs::create_dir_all(dir)
        .map_err(|e| Error::output(dir, crate::system(e, "无法创建该文件夹")))?;
    let record_path = dir.join(RECORD);
    let mut record: BTreeMap<String, String> = fs::read_to_string(&record_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    for (name, _) in files {
        let path = dir.join(name);
        match fs::read(&path) {
            Ok(bytes) => {
                if record.get(*name) != Some(&digest(&bytes)) {
                    return Err(Error::output(
                        &path,
                        tepai_model::text!(
                            "was changed since tepai wrote it, or tepai did not write it; \
                             tepai does not overwrite it: move it away or choose another --out",
                            "在 tepai 写入后被改动过，或不是 tepai 写入的；tepai 不会覆盖它：\
                             请先移走该文件，或换一个 --out"
                        ),
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::output(&path, crate::system(e, "无法读取"))),
        }
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.partial"));
        fs::write(&tmp, bytes)
            .and_then(|()| fs::rename(&tmp, &path))
            .map_err(|e| {
                let _ = fs::remove_file(&tmp);
                Error::output(&path, crate::system(e, "无法写入"))
            })?;
        record.insert((*name).to_owned(), digest(bytes));
        let text = serde_json::to_string_pretty(&record).unwrap_or_default();
        let tmp = dir.join(".tepai-files.partial");
        fs::write(&tmp, text)
            .and_then(|()| fs::rename(&tmp, &record_path))
            .map_err(|e| Error::output(&record_path, crate::system(e, "无法写入")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_or_foreign_file_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        write(d, &[("a.csv", b"one".to_vec())]).expect("a new file");
        write(d, &[("a.csv", b"two".to_vec())]).expect("tepai's own file is replaced");
        assert_eq!(fs::read(d.join("a.csv")).expect("read"), b"two");
        fs::write(d.join("a.csv"), "edited").expect("edit");
        assert!(write(d, &[("a.csv", b"three".to_vec())]).is_err());
        assert_eq!(fs::read(d.join("a.csv")).expect("read"), b"edited");
        fs::write(d.join("b.json"), "mine").expect("foreign");
        let e = write(d, &[("c.csv", b"x".to_vec()), ("b.json", b"{}".to_vec())]);
        assert!(e.is_err());
        assert!(
            !d.join("c.csv").exists(),
            "nothing is written when one file is refused"
        );
        assert_eq!(fs::read(d.join("b.json")).expect("read"), b"mine");
    }
}
