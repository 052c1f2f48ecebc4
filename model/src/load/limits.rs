//! How large an input may be. Each file is checked by its length before anything of it is
//! read, and reading stops one byte (or one row) past the limit whatever the length said,
//! so no input can make loading run out of memory or never end.
//!
//! A synthetic province (`tepai generate --preset province`: 2,000 officers, 1,150 units,
//! 60,000 enterprises) has a 7 MB enterprises.csv of 60,000 rows: far inside every limit.
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic};

/// Largest scenario TOML file (each file of an `extends` chain), and largest holiday
/// calendar (`data.holidays`): 1 MiB.
pub const TEXT_BYTES_MAX: u64 = 1 << 20;

/// Largest CSV table: 256 MiB.
pub const TABLE_BYTES_MAX: u64 = 256 << 20;

/// Most data rows in one CSV table (blank rows aside): 2,000,000.
pub const TABLE_ROWS_MAX: u64 = 2_000_000;

/// E013 for a file of `len` bytes (or more) against a limit of `max`.
pub(crate) fn too_large(path: &Path, len: u64, max: u64) -> Diagnostic {
    Diagnostic::new(
        Code::FileTooLarge,
        text!(
            "the file is larger than the limit of {} ({max} bytes)",
            "文件超过 {} 的上限（{max} 字节）",
            human(max)
        ),
        text!(
            "check it is the file meant; split a region that large into several scenarios",
            "确认这是要用的文件；地区过大时拆成几个场景"
        ),
    )
    .file(path)
    .value(len.to_string())
}

fn human(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes >> 10)
    }
}
