//! Scenarios the unit tests load: the tiny `scenarios/invalid/base`, edited copies of it,
//! and the shipped Nanping 2024.
use std::path::Path;

use tepai_model::Scenario;

/// The tiny valid base scenario: 2 courts, o-1..o-4, u-plat and u-tea, e-1..e-7.
pub const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/invalid/base");

/// Loads a scenario directory, panicking with its diagnostics when it does not load.
pub fn load_dir(dir: &Path) -> Scenario {
    match tepai_model::load(dir) {
        Ok(loaded) => loaded.scenario,
        Err(diags) => panic!("scenario {} does not load: {diags}", dir.display()),
    }
}

/// The base scenario.
pub fn base() -> Scenario {
    load_dir(Path::new(BASE))
}

/// The shipped Nanping 2024 scenario.
pub fn nanping() -> Scenario {
    load_dir(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/nanping-2024"
    )))
}

/// A copy of the base scenario with textual edits `(file, from, to)` applied (each `from`
/// must occur), loaded from a temporary directory.
pub fn variant(edits: &[(&str, &str, &str)]) -> Scenario {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(BASE).expect("read base") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("file name").to_owned();
        let mut text = std::fs::read_to_string(&path).expect("read base file");
        for &(file, from, to) in edits {
            if name.to_str() == Some(file) {
                assert!(text.contains(from), "{file} has no {from:?}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.path().join(name), text).expect("write copy");
    }
    load_dir(dir.path())
}
