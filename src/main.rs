//! `tepai`: plans the dispatch of legal envoys (法律特派员).
#[macro_use]
mod console;
mod cli;
mod codes_zh;
mod commands;
mod outcome;
mod progress;
mod render;

use std::process::ExitCode;

use clap::Parser;
pub use outcome::Outcome;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    console::set_lang(cli.lang.unwrap_or_else(tepai_io::Lang::from_env));
    let outcome = match commands::run(cli) {
        Ok(outcome) => outcome,
        Err(e) => {
            match console::lang() {
                tepai_io::Lang::En => errln!("tepai: error: {e:#}"),
                tepai_io::Lang::Zh => errln!("tepai: 错误：{}", render::error_zh(&e)),
            }
            Outcome::of_error(&e)
        }
    };
    ExitCode::from(outcome as u8)
}
