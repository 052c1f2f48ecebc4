//! `tepai generate --preset NAME | --officers N … --seed N --out DIR`: a synthetic region.
use anyhow::Context;
use tepai_generate::{generate, generate_sized, GeneratedScenario, Preset, Size};
use tepai_io::out_dir::OutDir;

use crate::cli::{GenerateArgs, TableFormat};
use crate::Outcome;

/// The first and last year a sized region may be generated for: the years of the built-in
/// holiday calendar.
const YEARS: std::ops::RangeInclusive<i32> = 2023..=2026;

/// Generates the preset or the sized region and writes its files.
pub fn run(args: &GenerateArgs, lang: tepai_io::Lang) -> anyhow::Result<Outcome> {
    let (generated, what) = match region(args) {
        Ok(generated) => generated,
        Err(message) => {
            errln!(
                "tepai: {}{message}",
                crate::console::lang().pick("错误：", "error: ")
            );
            return Ok(Outcome::BadInput);
        }
    };
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
        errln!(
            "tepai: {}{w}",
            crate::console::lang().pick("警告：", "warning: ")
        );
    }
    match crate::console::lang() {
        tepai_io::Lang::Zh => outln!(
            "已写入 {files} 个文件：{}（种子 {}），位于 {}",
            what.zh,
            args.seed,
            args.out.display()
        ),
        tepai_io::Lang::En => outln!(
            "wrote {files} files for {} (seed {}) to {}",
            what.en,
            args.seed,
            args.out.display()
        ),
    }
    Ok(Outcome::Ok)
}

/// What was generated, in words.
struct What {
    zh: String,
    en: String,
}

/// The generated scenario, or why the options do not make one (in the terminal's language).
fn region(args: &GenerateArgs) -> Result<(GeneratedScenario, What), String> {
    let Some(officers) = args.officers else {
        let name = args.preset.as_deref().unwrap_or_default();
        let preset: Preset = name.parse().map_err(|_| {
            let names: Vec<String> = Preset::ALL.iter().map(ToString::to_string).collect();
            crate::console::lang()
                .pick(
                    &format!("未知的预设 `{name}`；可选：{}", names.join(", ")),
                    &format!(
                        "unknown preset `{name}`; choose one of: {}",
                        names.join(", ")
                    ),
                )
                .to_owned()
        })?;
        let what = What {
            zh: format!("预设 {preset}"),
            en: format!("preset {preset}"),
        };
        return Ok((generate(preset, args.seed), what));
    };
    let mut size = Size::new(officers);
    if let Some(n) = args.enterprises {
        size.enterprises = n;
    }
    size.counties = match (args.counties, args.courts) {
        (Some(c), Some(b)) if c != b => {
            return Err(crate::console::lang().pick(
                &format!("--counties {c} 与 --courts {b} 不一致：每个县（区）设一个基层法院，两者应相同"),
                &format!("--counties {c} and --courts {b} disagree: every county has one basic court, so they are the same number"),
            )
            .to_owned())
        }
        (Some(n), _) | (None, Some(n)) => n,
        (None, None) => size.counties,
    };
    size.platforms = args.platforms;
    size.chambers = args.chambers;
    if let Some(r) = args.conflict_rate {
        size.conflict_rate = r;
    }
    if let Some(r) = args.leave_rate {
        size.leave_rate = r;
    }
    let year = args.year.unwrap_or(2024);
    if !YEARS.contains(&year) {
        return Err(crate::console::lang()
            .pick(
                &format!("--year {year} 超出内置节假日日历的范围（2023–2026）"),
                &format!("--year {year} is outside the built-in holiday calendar (2023–2026)"),
            )
            .to_owned());
    }
    let generated = generate_sized(&size, year, args.seed).map_err(|e| {
        crate::console::lang()
            .pick(&e.in_chinese(), &e.to_string())
            .to_owned()
    })?;
    let what = What {
        zh: format!(
            "{} 名特派员、{} 家企业的合成地区（{year} 年）",
            size.officers, size.enterprises
        ),
        en: format!(
            "a region of {} officers and {} enterprises ({year})",
            size.officers, size.enterprises
        ),
    };
    Ok((generated, what))
}
