//! Writing to the terminal without ever failing the run: when the reader of standard output
//! or standard error goes away (`tepai validate S | head -1`), the rest of that stream is
//! dropped quietly and the run ends with its own exit code, instead of a panic.
use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use tepai_io::Lang;

static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the terminal's language, once, before anything is written.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The terminal's language: `--lang`, else the locale's (English when it is not Chinese).
pub fn lang() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

/// The text of `zh` or `en`, in the terminal's language.
pub fn pick(zh: &'static str, en: &'static str) -> &'static str {
    lang().pick(zh, en)
}
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

/// Writes to standard output (`to_stderr` false) or standard error; after the first failed
/// write (a closed pipe, a full disk) that stream stays silent.
pub fn write(to_stderr: bool, args: fmt::Arguments<'_>, newline: bool) {
    let gone = if to_stderr {
        &STDERR_GONE
    } else {
        &STDOUT_GONE
    };
    if gone.load(Ordering::Relaxed) {
        return;
    }
    let result = if to_stderr {
        let mut w = std::io::stderr().lock();
        w.write_fmt(args)
            .and_then(|()| if newline { w.write_all(b"\n") } else { Ok(()) })
            .and_then(|()| w.flush())
    } else {
        let mut w = std::io::stdout().lock();
        w.write_fmt(args)
            .and_then(|()| if newline { w.write_all(b"\n") } else { Ok(()) })
            .and_then(|()| w.flush())
    };
    if result.is_err() {
        gone.store(true, Ordering::Relaxed);
    }
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::console::write(false, format_args!($($arg)*), false) };
}

/// `println!` that never panics.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::console::write(false, format_args!($($arg)*), true) };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::write(true, format_args!($($arg)*), true) };
}
