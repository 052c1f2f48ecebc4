//! The files of `tepai stats`: the half-monthly work table (`stats.csv`) and the monthly
//! legal-aid table (`legal_aid.csv`) as CSV, and both as sheets of `stats.xlsx`, with the
//! rows named as on the Zhonglou forms.
//!
//! CSV columns: `item` (English key), `项目` (the form's row name), one column per group
//! (律师, 公证, 基层法律服务工作者, … or courts, or officers), `本期合计` (`数量` in the legal-aid table, which has no groups), `累计`. The
//! workbook adds the form's title, the period and the due date above each table.
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use tepai_solver::stats::{ReportPeriod, Table};

use crate::tables::write_table;
use crate::write_file;

/// Title of the half-monthly work table.
pub const WORK_TITLE: &str = "“双促双助”法律服务专项活动工作情况统计表";
/// Title of the monthly legal-aid table.
pub const LEGAL_AID_TITLE: &str = "“双促双助”法律服务专项活动法律援助统计表";

/// The header of a table's CSV: `item`, `项目`, the groups, `本期合计`, `累计`.
pub fn header(t: &Table) -> Vec<String> {
    let mut h = vec!["item".to_owned(), "项目".to_owned()];
    h.extend(t.groups.iter().map(|g| g.heading.clone()));
    // The legal-aid form has one column of figures, 数量.
    h.push(
        if t.groups.is_empty() {
            "数量"
        } else {
            "本期合计"
        }
        .to_owned(),
    );
    h.push("累计".to_owned());
    h
}

/// The rows of a table as its CSV writes them: `item`, `项目`, the groups, the total, 累计.
pub fn cells(t: &Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| {
            let mut row = vec![r.item.key.to_owned(), r.item.zh.to_owned()];
            row.extend(r.groups.iter().map(|f| f.text()));
            row.push(r.total.text());
            row.push(r.cumulative.text());
            row
        })
        .collect()
}

/// Writes one table as CSV.
pub fn write_csv<W: Write>(w: W, t: &Table) -> std::io::Result<()> {
    let header = header(t);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write_table(w, (&header, &[]), cells(t).into_iter())
}

fn sheet(
    book: &mut Workbook,
    name: &str,
    title: &str,
    kind: &str,
    t: &Table,
    due: Option<chrono::NaiveDate>,
) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let head = cell.clone().set_bold();
    ws.write_string_with_format(0, 0, format!("{title}({kind})"), &bold)?;
    let mut line = format!("填报期间：{} 至 {}", t.from, t.to);
    if let Some(d) = due {
        line.push_str(&format!("    报送日期：{d}"));
    }
    ws.write_string(1, 0, line)?;
    ws.write_string(2, 0, "填报单位：                    填表人：")?;
    let header = header(t);
    for (c, h) in header.iter().skip(1).enumerate() {
        ws.write_string_with_format(3, u16::try_from(c).unwrap_or(u16::MAX), h, &head)?;
    }
    for (r, row) in cells(t).iter().enumerate() {
        let r = u32::try_from(r + 4).unwrap_or(u32::MAX);
        for (c, v) in row.iter().skip(1).enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match v.parse::<f64>() {
                Ok(n) if c > 0 => ws.write_number_with_format(r, c, n, &cell)?,
                _ => ws.write_string_with_format(r, c, v, &cell)?,
            };
        }
    }
    ws.set_column_width(0, 30)?;
    for c in 1..header.len() - 1 {
        ws.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), 14)?;
    }
    Ok(())
}

/// The work table's subtitle: 半月表 for a half-month (the form's own period), 汇总表 for
/// any other period.
pub fn work_kind(period: &ReportPeriod) -> &'static str {
    if period.work_due.is_some() {
        "半月表"
    } else {
        "汇总表"
    }
}

/// The legal-aid table's subtitle: 月报表 for a month, 汇总表 for any other period.
pub fn legal_aid_kind(period: &ReportPeriod) -> &'static str {
    if period.legal_aid_due.is_some() {
        "月报表"
    } else {
        "汇总表"
    }
}

/// Writes `stats.xlsx`: the work table, then the legal-aid table.
pub fn write_xlsx<W: Write>(
    mut w: W,
    period: &ReportPeriod,
    work: &Table,
    legal_aid: &Table,
) -> std::io::Result<()> {
    let mut book = Workbook::new();
    let to_io = |e: XlsxError| std::io::Error::other(e.to_string());
    sheet(
        &mut book,
        "工作情况统计表",
        WORK_TITLE,
        work_kind(period),
        work,
        period.work_due,
    )
    .map_err(to_io)?;
    sheet(
        &mut book,
        "法律援助统计表",
        LEGAL_AID_TITLE,
        legal_aid_kind(period),
        legal_aid,
        period.legal_aid_due,
    )
    .map_err(to_io)?;
    let bytes = book.save_to_buffer().map_err(to_io)?;
    w.write_all(&bytes)
}

/// Writes `stats.csv`, `legal_aid.csv` and `stats.xlsx` into `dir`.
pub fn write_all(
    dir: &Path,
    period: &ReportPeriod,
    work: &Table,
    legal_aid: &Table,
) -> std::io::Result<()> {
    write_file(dir, "stats.csv", |w| write_csv(w, work))?;
    write_file(dir, "legal_aid.csv", |w| write_csv(w, legal_aid))?;
    write_file(dir, "stats.xlsx", |w| {
        write_xlsx(w, period, work, legal_aid)
    })
}
