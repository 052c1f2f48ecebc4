//! `tepai generate --preset NAME --seed N --out DIR`: a synthetic region.
use anyhow::Context;
use tepai_generate::{generate, Preset};
use tepai_io::out_dir::OutDir;

use crate::cli::{GenerateArgs, TableFormat};
use crate::Outcome;

/// Generates the preset and writes its files.
pub fn run(args: &GenerateArgs, lang: tepai_io::Lang) -> anyhow::Result<Outcome> {
    let preset: Preset = match args.preset.parse() {
        Ok(p) => p,
        Err(_) => {
            let names: Vec<String> = Preset::ALL.iter().map(ToString::to_string).collect();
            errln!(
                "tepai: error: unknown preset `{}`; choose one of: {}",
                args.preset,
                names.join(", ")
            );
            return Ok(Outcome::BadInput);
        }
    };
    let generated = generate(preset, args.seed);
    let dir = OutDir::new(&args.out, &[])?;
    let files = dir.write(|path| {
        match args.format {
            TableFormat::Csv => generated.write_to(path).map(|()| generated.files.len()),
            TableFormat::Xlsx => generated
                .write_workbook_to(path, super::template::language(lang))
                .map(|()| 2),
        }
        .with_context(|| {
            let out = args.out.display();
            match crate::console::lang() {
                tepai_io::Lang::Zh => format!("将场景写入 {out} 时出错"),
                tepai_io::Lang::En => format!("writing the scenario to {out}"),
            }
        })
    })?;
    for w in dir.commit()? {
        errln!("tepai: {}{w}", crate::console::pick("警告：", "warning: "));
    }
    match crate::console::lang() {
        tepai_io::Lang::Zh => outln!(
            "已写入 {files} 个文件：预设 {preset}（种子 {}），位于 {}",
            args.seed,
            args.out.display()
        ),
        tepai_io::Lang::En => outln!(
            "wrote {files} files for preset {preset} (seed {}) to {}",
            args.seed,
            args.out.display()
        ),
    }
    Ok(Outcome::Ok)
}
