//! `tepai template --out 模板.xlsx`: an empty workbook to fill in, every table's sheet with
//! its header, drop-down lists and an instructions sheet.
use std::io::Write as _;

use anyhow::Context;
use tepai_generate::workbook::{template, Language};
use tepai_io::Lang;

use crate::cli::TemplateArgs;
use crate::Outcome;

/// The workbook language of a `--lang`.
pub fn language(lang: Lang) -> Language {
    match lang {
        Lang::Zh => Language::Chinese,
        Lang::En => Language::English,
    }
}

/// Writes the template to `--out`, never over an existing file.
pub fn run(args: &TemplateArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let out = &args.out;
    let is_xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        match crate::console::lang() {
            Lang::Zh => errln!(
                "tepai: 错误：{}：模板是 Excel 工作簿，文件名须以 .xlsx 结尾",
                out.display()
            ),
            Lang::En => errln!(
                "tepai: error: {}: the template is an Excel workbook; give a name ending in .xlsx",
                out.display()
            ),
        }
        return Ok(Outcome::BadInput);
    }
    let bytes = template(language(lang)).context("building the template workbook")?;
    // create_new: a workbook already there (perhaps filled in) is never replaced.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            match crate::console::lang() {
                Lang::Zh => errln!(
                    "tepai: 错误：{} 已存在，tepai 不会覆盖它（请换一个文件名，或先移走原文件）",
                    out.display()
                ),
                Lang::En => errln!(
                    "tepai: error: {} already exists; tepai does not replace it (choose another name or remove it)",
                    out.display()
                ),
            }
            return Ok(Outcome::BadInput);
        }
        Err(e) => {
            return Err(e).with_context(|| {
                let out = out.display();
                match crate::console::lang() {
                    Lang::Zh => format!("创建 {out} 时出错"),
                    Lang::En => format!("creating {out}"),
                }
            })
        }
    };
    if let Err(e) = file.write_all(&bytes).and_then(|()| file.sync_all()) {
        drop(file);
        let _ = std::fs::remove_file(out);
        return Err(e).with_context(|| {
            let out = out.display();
            match crate::console::lang() {
                Lang::Zh => format!("写入 {out} 时出错"),
                Lang::En => format!("writing {out}"),
            }
        });
    }
    outln!(
        "{}{}",
        crate::console::pick("已写入 ", "wrote "),
        out.display()
    );
    Ok(Outcome::Ok)
}
