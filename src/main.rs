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
            errln!("tepai: {}{e:#}", console::pick("错误：", "error: "));
            Outcome::of_error(&e)
        }
    };
    ExitCode::from(outcome as u8)
}
