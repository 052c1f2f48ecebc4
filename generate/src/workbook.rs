//! Writing scenario tables as one `.xlsx` workbook: the empty template of `tepai template`
//! and the synthetic regions of `tepai generate --format xlsx`.
//!
//! One sheet per table, named and headed in Chinese (or English), with the header frozen
//! and filtered, numbers as number cells, dates as date cells, enumerated values in Chinese,
//! lists separated by `、`, a drop-down list on every enumerated column, and an instructions
//! sheet (`说明`) explaining each column. A Chinese region workbook also writes the
//! scenario's name and its free-text tags in Chinese ([`Chinese`](crate::Chinese): 延平区,
//! 食品, 知识产权、金融, 案件审理中); an English one is the CSV tables as they are. The
//! loader reads such a workbook back to the scenario of the CSV tables it was made from,
//! those names and tags aside.
use chrono::Datelike;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use tepai_model::columns::{ColumnKind, TableSpec, Vocabulary, TABLES};
use tepai_model::ledger::ledger_spec;

use crate::write::GeneratedScenario;

/// The language of sheet names, headers and enumerated values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// 法院, 编号, 员额法官 …
    #[default]
    Chinese,
    /// courts, id, judge …
    English,
}

/// The workbook file `tepai generate --format xlsx` writes beside `scenario.toml`.
pub const WORKBOOK_FILE: &str = "region.xlsx";

/// Rows below the header that the template's drop-down lists cover.
const TEMPLATE_ROWS: u32 = 2000;

/// One table's rows, as text in the CSV spelling (English values, `;` lists).
type Rows = Vec<Vec<String>>;

/// The empty template: every table's sheet with its header and drop-down lists, and the
/// instructions sheet.
///
/// # Errors
/// Only if the workbook library fails (a bug).
pub fn template(language: Language) -> Result<Vec<u8>, XlsxError> {
    // The scenario's tables, then the year's visit ledger (走访台账), which `tepai status`,
    // `stats` and `replan` read from the same workbook (`--ledger`).
    let tables: Vec<(&TableSpec, Rows)> = TABLES
        .iter()
        .chain(std::iter::once(ledger_spec()))
        .map(|t| (t, Vec::new()))
        .collect();
    workbook(&tables, language)
}

impl GeneratedScenario {
    /// The scenario as `scenario.toml` (its `[data]` naming [`WORKBOOK_FILE`]) and one
    /// workbook holding every table: `(file name, bytes)` pairs.
    ///
    /// # Errors
    /// Only if the workbook library fails (a bug).
    pub fn as_workbook(&self, language: Language) -> Result<Vec<(String, Vec<u8>)>, XlsxError> {
        let mut tables = Vec::new();
        for spec in TABLES {
            let Some(text) = self.file(&format!("{}.csv", spec.key)) else {
                continue;
            };
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let columns: Vec<String> = reader
                .headers()
                .map_err(|e| XlsxError::ParameterError(e.to_string()))?
                .iter()
                .map(str::to_owned)
                .collect();
            let rows = reader
                .records()
                .map(|r| {
                    r.map(|r| {
                        r.iter()
                            .zip(&columns)
                            .map(|(cell, column)| match language {
                                Language::English => cell.to_owned(),
                                Language::Chinese => self.in_chinese(column, cell),
                            })
                            .collect()
                    })
                })
                .collect::<Result<Rows, _>>()
                .map_err(|e| XlsxError::ParameterError(e.to_string()))?;
            tables.push((spec, rows));
        }
        let toml = self.file("scenario.toml").unwrap_or_default();
        let name = match language {
            Language::Chinese => self.chinese.name.as_deref(),
            Language::English => None,
        };
        Ok(vec![
            (
                "scenario.toml".to_owned(),
                workbook_toml(toml, name).into_bytes(),
            ),
            (WORKBOOK_FILE.to_owned(), workbook(&tables, language)?),
        ])
    }

    /// A cell of the column `column` (its English name) with its free-text tags in Chinese
    /// ([`Chinese`](crate::Chinese)): each item of a `;` list is looked up.
    fn in_chinese(&self, column: &str, cell: &str) -> String {
        if !self.chinese.values.contains_key(column) {
            return cell.to_owned();
        }
        cell.split(';')
            .map(|item| self.chinese.of(column, item.trim()))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// Writes [`Self::as_workbook`]'s files into `dir`, creating it first.
    ///
    /// # Errors
    /// The file system's error, or the workbook library's.
    pub fn write_workbook_to(
        &self,
        dir: &std::path::Path,
        language: Language,
    ) -> std::io::Result<()> {
        let files = self
            .as_workbook(language)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        std::fs::create_dir_all(dir)?;
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes)?;
        }
        Ok(())
    }
}

/// `scenario.toml` with its `[data]` table paths replaced by the workbook, and its name by
/// `name` when given.
fn workbook_toml(toml: &str, name: Option<&str>) -> String {
    let mut out = String::with_capacity(toml.len());
    let mut in_data = false;
    let mut top = true;
    for line in toml.lines() {
        if let (true, Some(name), true) = (top, name, line.starts_with("name =")) {
            let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
            out.push_str(&format!("name = \"{quoted}\"\n"));
            continue;
        }
        top &= !line.starts_with('[');
        if line.starts_with('[') {
            in_data = line.trim() == "[data]";
            out.push_str(line);
            out.push('\n');
            if in_data {
                out.push_str(&format!("workbook = \"{WORKBOOK_FILE}\"\n"));
            }
            continue;
        }
        if in_data && line.contains('=') {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The spelling of a vocabulary value in `language`.
fn value_in(vocabulary: Vocabulary, english: &str, language: Language) -> String {
    match language {
        Language::English => english.to_owned(),
        Language::Chinese => vocabulary
            .values()
            .iter()
            .find(|(en, _)| *en == english)
            .map_or_else(|| english.to_owned(), |(_, zh)| (*zh).to_owned()),
    }
}

/// The drop-down choices of a vocabulary in `language`.
fn choices(vocabulary: Vocabulary, language: Language) -> Vec<&'static str> {
    vocabulary
        .values()
        .into_iter()
        .map(|(en, zh)| match language {
            Language::English => en,
            Language::Chinese => zh,
        })
        .collect()
}

fn workbook(tables: &[(&TableSpec, Rows)], language: Language) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00DD_EBF7))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    let specs: Vec<&TableSpec> = tables.iter().map(|(spec, _)| *spec).collect();
    instructions(book.add_worksheet(), &specs, language, &header, &wrap)?;
    for (spec, rows) in tables {
        let sheet = book.add_worksheet();
        table(sheet, spec, rows, language, &header, &date)?;
    }
    book.save_to_buffer()
}

fn table(
    sheet: &mut Worksheet,
    spec: &TableSpec,
    rows: &Rows,
    language: Language,
    header: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(match language {
        Language::Chinese => spec.sheet,
        Language::English => spec.key,
    })?;
    let list_separator = match language {
        Language::Chinese => "、",
        Language::English => ";",
    };
    for (c, column) in spec.columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let name = match language {
            Language::Chinese => column.zh,
            Language::English => column.name,
        };
        sheet.write_string_with_format(0, c, name, header)?;
        let width = match (column.name, column.kind) {
            ("name", _) => 30.0,
            (_, ColumnKind::List | ColumnKind::ChoiceList(_)) => 24.0,
            _ => 14.0,
        };
        sheet.set_column_width(c, width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, (column, cell)) in spec.columns.iter().zip(row).enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            if cell.is_empty() {
                continue;
            }
            match column.kind {
                ColumnKind::Number => match cell.parse::<f64>() {
                    Ok(v) => sheet.write_number(r, c, v)?,
                    Err(_) => sheet.write_string(r, c, cell)?,
                },
                ColumnKind::Date => match chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
                    Ok(d) => {
                        let (y, m, dd) = (d.year(), d.month(), d.day());
                        let excel = ExcelDateTime::from_ymd(
                            u16::try_from(y).unwrap_or(1900),
                            u8::try_from(m).unwrap_or(1),
                            u8::try_from(dd).unwrap_or(1),
                        )?;
                        sheet.write_datetime_with_format(r, c, &excel, date)?
                    }
                    Err(_) => sheet.write_string(r, c, cell)?,
                },
                ColumnKind::Choice(v) => sheet.write_string(r, c, value_in(v, cell, language))?,
                ColumnKind::ChoiceList(v) => {
                    let items: Vec<String> = cell
                        .split(';')
                        .map(|i| value_in(v, i.trim(), language))
                        .collect();
                    sheet.write_string(r, c, items.join(list_separator))?
                }
                ColumnKind::List => {
                    let items: Vec<&str> = cell.split(';').map(str::trim).collect();
                    sheet.write_string(r, c, items.join(list_separator))?
                }
                ColumnKind::Text => sheet.write_string(r, c, cell)?,
            };
        }
    }
    let last_row = u32::try_from(rows.len())
        .unwrap_or(u32::MAX)
        .max(TEMPLATE_ROWS);
    let last_col = u16::try_from(spec.columns.len().saturating_sub(1)).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(
        0,
        0,
        u32::try_from(rows.len()).unwrap_or(u32::MAX),
        last_col,
    )?;
    for (c, column) in spec.columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        let (vocabulary, single) = match column.kind {
            ColumnKind::Choice(v) => (v, true),
            ColumnKind::ChoiceList(v) => (v, false),
            _ => continue,
        };
        let title = match language {
            Language::Chinese => column.zh,
            Language::English => column.name,
        };
        let mut validation = DataValidation::new()
            .allow_list_strings(&choices(vocabulary, language))?
            .set_input_title(title)?
            .set_input_message(column.help)?;
        if !single {
            // Several values may be listed in one cell: the list suggests, it does not bar.
            validation = validation.set_error_style(DataValidationErrorStyle::Information);
        }
        sheet.add_data_validation(1, c, last_row, c, &validation)?;
    }
    Ok(())
}

/// The instructions sheet: how to fill the workbook, and every column of every table.
fn instructions(
    sheet: &mut Worksheet,
    specs: &[&TableSpec],
    language: Language,
    header: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let chinese = language == Language::Chinese;
    sheet.set_name(if chinese { "说明" } else { "instructions" })?;
    let intro: &[&str] = if chinese {
        &[
            "法律特派员派驻规划（tepai）数据模板",
            "每个工作表是一张表：法院、平台商会、企业、特派员为必填，利益冲突、不可用、路程为选填（可留空）。",
            "第一行是表头，请勿改动或合并单元格；每行一条记录；请填写数值，不要使用公式。",
            "列名可用中文或英文；类别类的列可用下拉列表中的中文值，也可用英文值；多个值用 、 或 ； 分隔。",
            "日期可填日期单元格，或写作 2024-03-15、2024/3/15。经纬度用十进制度数（WGS-84）。",
            "在 scenario.toml 的 [data] 中写 workbook = \"本文件名.xlsx\"，然后运行 tepai validate 检查。",
            "“走访台账”表记录年内每次走访、电话、线上服务和会议，供 tepai status、stats、replan 的 --ledger 读取（可填本文件）；规划时不读取。",
        ]
    } else {
        &[
            "tepai scenario workbook template",
            "Each sheet is one table: courts, units, enterprises and officers are required; conflicts, unavailable and travel may stay empty.",
            "Row 1 is the header: do not change or merge it; one record per row; values, not formulas.",
            "Headers may be English or Chinese; enumerated columns take the drop-down values, English or Chinese; separate list items with ; or 、.",
            "Dates as date cells, or written 2024-03-15 or 2024/3/15. Coordinates in decimal degrees (WGS-84).",
            "Name the file in scenario.toml: [data] workbook = \"this-file.xlsx\", then run tepai validate.",
            "The ledger sheet records the year's visits, calls, online help and meetings for tepai status, stats and replan (--ledger this file); planning does not read it.",
        ]
    };
    for (r, line) in intro.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(0);
        if r == 0 {
            sheet.write_string_with_format(r, 0, *line, header)?;
        } else {
            sheet.write_string(r, 0, *line)?;
        }
    }
    let top = u32::try_from(intro.len() + 1).unwrap_or(0);
    let heads: &[&str] = if chinese {
        &["工作表", "列名", "英文列名", "必填", "填写说明"]
    } else {
        &[
            "sheet",
            "column",
            "Chinese name",
            "required",
            "what to write",
        ]
    };
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(top, u16::try_from(c).unwrap_or(0), *h, header)?;
    }
    let mut r = top + 1;
    for spec in specs {
        // The ledger is required only by the commands that read it, not by the scenario.
        let mandatory = spec.mandatory && spec.key != ledger_spec().key;
        for column in spec.columns {
            let required = spec.required.contains(&column.name);
            let (sheet_name, name, other) = if chinese {
                (spec.sheet, column.zh, column.name)
            } else {
                (spec.key, column.name, column.zh)
            };
            let yes_no = match (required && mandatory, required, chinese) {
                (true, _, true) => "是",
                (false, true, true) => "表内必填",
                (_, false, true) => "否",
                (true, _, false) => "yes",
                (false, true, false) => "if the table is given",
                (_, false, false) => "no",
            };
            sheet.write_string(r, 0, sheet_name)?;
            sheet.write_string(r, 1, name)?;
            sheet.write_string(r, 2, other)?;
            sheet.write_string(r, 3, yes_no)?;
            sheet.write_string_with_format(r, 4, column.help, wrap)?;
            r += 1;
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 16)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(3, 10)?;
    sheet.set_column_width(4, 70)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use std::collections::BTreeSet;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::{generate, Preset};

    fn sheet_xml(bytes: &[u8], index: usize) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{index}.xml"))
            .expect("the sheet")
            .read_to_string(&mut xml)
            .expect("text");
        xml
    }

    #[test]
    fn the_template_has_every_sheet_chinese_headers_and_drop_downs() {
        let bytes = template(Language::Chinese).expect("written");
        let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).expect("readable");
        let names = book.sheet_names();
        assert_eq!(
            names,
            [
                "说明",
                "法院",
                "平台商会",
                "企业",
                "特派员",
                "利益冲突",
                "不可用",
                "路程",
                "走访台账"
            ]
        );
        let ledger = book.worksheet_range("走访台账").expect("the ledger");
        let first: Vec<String> = ledger
            .rows()
            .next()
            .expect("header")
            .iter()
            .take(3)
            .map(ToString::to_string)
            .collect();
        assert_eq!(first, ["日期", "特派员", "走访对象"]);
        let officers = book.worksheet_range("特派员").expect("officers");
        let header: Vec<String> = officers
            .rows()
            .next()
            .expect("header")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            header,
            [
                "编号",
                "姓名",
                "所属法院",
                "职级",
                "专长",
                "每季度可用天数",
                "上年服务对象"
            ]
        );
        assert_eq!(officers.height(), 1, "no data rows");
        // 特派员 is the fifth sheet; its rank column D has the rank drop-down.
        let xml = sheet_xml(&bytes, 5);
        assert!(xml.contains("<dataValidation type=\"list\""), "{xml}");
        assert!(
            xml.contains("sqref=\"D2:D2001\"")
                && xml.contains("员额法官,法官助理,律师,公证员,法律工作者,其他"),
            "{xml}"
        );
        // 企业 (fourth): categories may hold several values, so the list only informs.
        let xml = sheet_xml(&bytes, 4);
        assert!(xml.contains("errorStyle=\"information\""), "{xml}");
        assert!(xml.contains("上市,国企,外资,高新,绿色"), "{xml}");
        // Frozen header row.
        assert!(xml.contains("<pane ySplit=\"1\""), "{xml}");
        let notes = book.worksheet_range("说明").expect("instructions");
        let text: Vec<String> = notes.cells().map(|(_, _, c)| c.to_string()).collect();
        for spec in TABLES {
            for column in spec.columns {
                assert!(
                    text.iter().any(|t| t == column.zh),
                    "{} explained",
                    column.zh
                );
            }
        }
    }

    #[test]
    fn a_region_workbook_has_typed_cells_and_chinese_values() {
        let generated = generate(Preset::County, 1);
        let files = generated.as_workbook(Language::Chinese).expect("written");
        assert_eq!(files[0].0, "scenario.toml");
        assert!(files[0].1.starts_with(b"name = "));
        let toml = String::from_utf8(files[0].1.clone()).expect("text");
        assert!(
            toml.contains("[data]\nworkbook = \"region.xlsx\"\n\n[targets]"),
            "{toml}"
        );
        let mut book = Xlsx::new(std::io::Cursor::new(files[1].1.clone())).expect("readable");
        let officers = book.worksheet_range("特派员").expect("officers");
        let first = officers.rows().nth(1).expect("an officer");
        assert!(
            matches!(first[5], Data::Float(_)),
            "days a number: {:?}",
            first[5]
        );
        assert!(
            [
                "员额法官",
                "法官助理",
                "律师",
                "公证员",
                "法律工作者",
                "其他"
            ]
            .contains(&first[3].to_string().as_str()),
            "{:?}",
            first[3]
        );
        let unavailable = book.worksheet_range("不可用").expect("unavailable");
        if let Some(row) = unavailable.rows().nth(1) {
            assert!(
                matches!(row[1], Data::DateTime(_)),
                "a date cell: {:?}",
                row[1]
            );
        }
    }

    /// The cells of the column headed `header` of a sheet, below the header.
    fn column(bytes: &[u8], sheet: &str, header: &str) -> Vec<String> {
        let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("readable");
        let range = book.worksheet_range(sheet).expect("the sheet");
        let mut rows = range.rows();
        let at = rows
            .next()
            .expect("a header")
            .iter()
            .position(|c| *c == header)
            .unwrap_or_else(|| panic!("{sheet} has no column {header}"));
        rows.map(|r| r[at].to_string()).collect()
    }

    #[test]
    fn a_chinese_region_workbook_names_its_region_and_tags_in_chinese() {
        use crate::region::SPECIALTIES_ZH;
        for preset in [Preset::County, Preset::Nanping2023] {
            let generated = generate(preset, 1);
            let files = generated.as_workbook(Language::Chinese).expect("written");
            let toml = String::from_utf8(files[0].1.clone()).expect("text");
            let name = toml.lines().next().expect("a name");
            assert!(
                name.starts_with("name = \"") && !name.is_ascii(),
                "{preset}: {name}"
            );
            let book = &files[1].1;
            let chinese = |cell: &str| !cell.chars().any(|c| c.is_ascii_alphabetic());
            for (sheet, header) in [
                ("法院", "所属县区"),
                ("平台商会", "所属县区"),
                ("平台商会", "行业"),
                ("企业", "所属县区"),
                ("企业", "行业"),
                ("利益冲突", "原因"),
                ("不可用", "原因"),
            ] {
                let cells = column(book, sheet, header);
                assert!(!cells.is_empty(), "{preset} {sheet}");
                for cell in cells {
                    assert!(
                        !cell.is_empty() && chinese(&cell),
                        "{preset} {sheet} {header}: {cell}"
                    );
                }
            }
            // Specialties and needs: one Chinese vocabulary, so that needs still meet
            // specialties; the items in the order the CSV tables list them.
            let mut used = BTreeSet::new();
            for (sheet, header, csv, column_name) in [
                ("特派员", "专长", "officers.csv", "specialties"),
                ("企业", "法律需求", "enterprises.csv", "needs"),
            ] {
                let english = csv_column(&generated, csv, column_name);
                let cells = column(book, sheet, header);
                assert_eq!(cells.len(), english.len());
                for (cell, en) in cells.iter().zip(&english) {
                    let items: Vec<&str> = cell.split('、').filter(|i| !i.is_empty()).collect();
                    let want: Vec<&str> = en
                        .split(';')
                        .filter(|i| !i.is_empty())
                        .map(|i| generated.chinese.of(column_name, i))
                        .collect();
                    assert_eq!(items, want, "{preset} {sheet}");
                    assert!(items.iter().all(|i| SPECIALTIES_ZH.contains(i)), "{cell}");
                    used.extend(items.iter().map(|i| ((*i).to_owned(), column_name)));
                }
            }
            assert!(used.iter().any(|(_, c)| *c == "needs"));
            // English keeps the CSV tables' words.
            let english = generated.as_workbook(Language::English).expect("written");
            let toml = generated.file("scenario.toml").expect("scenario.toml");
            assert_eq!(english[0].1, workbook_toml(toml, None).into_bytes());
            assert!(toml.starts_with(&format!("name = \"{}\"", preset_name(preset))));
            assert!(column(&english[1].1, "enterprises", "county")
                .iter()
                .all(|c| c.is_ascii()));
        }
    }

    fn preset_name(preset: Preset) -> &'static str {
        match preset {
            Preset::County => "Yanping county (test)",
            _ => "Nanping 2023",
        }
    }

    /// The cells of the column `name` of a generated CSV table.
    fn csv_column(generated: &crate::GeneratedScenario, file: &str, name: &str) -> Vec<String> {
        let mut reader =
            csv::Reader::from_reader(generated.file(file).expect("the table").as_bytes());
        let at = reader
            .headers()
            .expect("a header")
            .iter()
            .position(|h| h == name)
            .expect("the column");
        reader
            .records()
            .map(|r| r.expect("a row")[at].to_owned())
            .collect()
    }
}
