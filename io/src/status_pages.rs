//! The status of `tepai status` in the plan's own files: `plan.xlsx` written again with three
//! sheets more (执行情况 / Status: every duty as in `status.csv`; 执行情况（各院）/ Status per
//! court: as `status_courts.csv`; 逾期反馈 / Follow-ups overdue: as `followups_overdue.csv`),
//! and `report.html` with a section 执行情况 / Status before its footer.
//!
//! `rust_xlsxwriter` cannot edit a workbook, so the workbook is the plan's own, written again
//! from the plan read back from its files (`crate::read::plan`), and the status sheets are
//! added after its sheets; the page is the plan's page with the section added. The figures
//! are those of the CSV files, cell for cell (numbers as numbers).
use std::fmt::Write as _;

use rust_xlsxwriter::{Worksheet, XlsxError};
use tepai_model::ledger::Ledger;
use tepai_model::Scenario;
use tepai_solver::status::{State, Status, Totals};
use tepai_solver::Plan;

use crate::report::svg::esc;
use crate::status::state;
use crate::xlsx::{table, Cell, Formats};
use crate::Lang;

/// The names of the status sheets, in `lang`, in order.
pub fn sheet_names(lang: Lang) -> [&'static str; 3] {
    [
        lang.pick("执行情况", "Status"),
        lang.pick("执行情况（各院）", "Status per court"),
        lang.pick("逾期反馈", "Follow-ups overdue"),
    ]
}

/// The language a plan's `plan.xlsx` was written in, from its first sheet's name (总览 or
/// Overview), so that the workbook is written again in it; `None` when it does not tell.
pub fn xlsx_language(path: &std::path::Path) -> Option<Lang> {
    use calamine::Reader as _;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(path).ok()?;
    let first = wb.sheet_names().first()?.clone();
    [Lang::Zh, Lang::En]
        .into_iter()
        .find(|&l| crate::xlsx::sheet_names(l, false).first() == Some(&first.as_str()))
}

/// The language of a plan's `report.html`, from its `<html lang=…>`; `None` when it does not
/// tell.
pub fn html_language(path: &std::path::Path) -> Option<Lang> {
    let text = std::fs::read_to_string(path).ok()?;
    let head = text.get(..text.len().min(512))?;
    if head.contains("<html lang=\"zh-CN\"") {
        Some(Lang::Zh)
    } else if head.contains("<html lang=\"en\"") {
        Some(Lang::En)
    } else {
        None
    }
}

/// Duties listed one by one in the page's section (those missed, then behind); the rest are
/// counted (every one is in `status.csv`).
const DUTIES_LISTED: usize = 100;

fn n(v: u32) -> Cell {
    Cell::from(v)
}

fn duties_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    st: &Status,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let columns = [
        (l("周期", "Period"), 10.0),
        (l("特派员编号", "Officer id"), 11.0),
        (l("特派员", "Officer"), 10.0),
        (l("法院编号", "Court id"), 10.0),
        (l("对象类型", "Target kind"), 10.0),
        (l("对象编号", "Target id"), 11.0),
        (l("对象名称", "Target"), 24.0),
        (l("应走访", "Due"), 8.0),
        (l("实地走访", "Visits"), 8.0),
        (l("有效走访", "Made"), 8.0),
        (l("覆盖不足", "Short visits"), 8.0),
        (l("间隔过近", "Too close"), 8.0),
        (l("已无法完成", "Missed"), 8.0),
        (l("待完成", "To come"), 8.0),
        (l("周期已结束", "Closed"), 8.0),
        (l("走访企业数", "Enterprises visited"), 10.0),
        (l("状态", "State"), 10.0),
    ];
    let rows = st.duties.iter().map(|d| {
        let o = s.officer(d.officer);
        vec![
            Cell::from(crate::words::period_label(&d.period.label(), lang)),
            Cell::from(o.id.to_string()),
            Cell::from(o.name.clone()),
            Cell::from(s.court(o.court).id.to_string()),
            Cell::from(crate::words::target_kind(s.target_kind(d.target), lang)),
            Cell::from(s.target_id(d.target)),
            Cell::from(s.target_name(d.target)),
            n(d.due),
            n(d.visits),
            n(d.made),
            n(d.short_visits),
            n(d.too_close),
            n(d.missed),
            n(d.to_come),
            Cell::from(if d.closed {
                l("是", "yes")
            } else {
                l("否", "no")
            }),
            n(d.enterprises_visited),
            Cell::from(state(d.state, lang)),
        ]
    });
    table(ws, f, &columns, rows)
}

fn totals_cells(id: String, name: String, t: &Totals) -> Vec<Cell> {
    let mut row = vec![Cell::from(id), Cell::from(name)];
    row.extend(t.figures().into_iter().map(n));
    row
}

fn courts_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    st: &Status,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let columns = [
        (l("法院编号", "Court id"), 10.0),
        (l("法院", "Court"), 24.0),
        (l("任务", "Duties"), 8.0),
        (l("应走访", "Due"), 8.0),
        (l("有效走访", "Made"), 8.0),
        (l("已无法完成", "Missed"), 8.0),
        (l("待完成", "To come"), 8.0),
        (l("已完成任务", "Met"), 8.0),
        (l("进行中", "On track"), 8.0),
        (l("落后", "Behind"), 8.0),
        (l("未完成任务", "Missed duties"), 8.0),
        (l("实地走访记录", "On-site visits"), 10.0),
        (l("计划外走访", "Unplanned visits"), 10.0),
        (l("电话、线上、会议", "Other contacts"), 10.0),
        (l("走访企业数", "Enterprises visited"), 10.0),
        (l("逾期未反馈", "Follow-ups overdue"), 10.0),
    ];
    let rows = s
        .courts
        .iter()
        .zip(&st.courts)
        .map(|(c, t)| totals_cells(c.id.to_string(), c.name.clone(), t))
        .chain(std::iter::once(totals_cells(
            "all".to_owned(),
            l("全部", "all").to_owned(),
            &st.overall,
        )));
    table(ws, f, &columns, rows)
}

fn overdue_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    st: &Status,
    ledger: &Ledger,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let columns = [
        (l("台账行", "Ledger line"), 8.0),
        (l("日期", "Date"), 11.0),
        (l("特派员", "Officers"), 14.0),
        (l("走访对象", "Target"), 12.0),
        (l("反馈期限", "Follow-up due"), 11.0),
        (l("逾期天数", "Days overdue"), 8.0),
        (l("问题清单", "Problems"), 40.0),
        (l("回复反馈", "Follow-up"), 40.0),
    ];
    let rows = st.overdue.iter().filter_map(|o| {
        let e = ledger.entries.get(o.entry)?;
        Some(vec![
            Cell::Number(e.line as f64),
            Cell::Date(e.date),
            Cell::from(
                e.officers
                    .iter()
                    .map(|&x| s.officer(x).id.to_string())
                    .collect::<Vec<_>>()
                    .join(crate::tables::LIST_SEPARATOR),
            ),
            Cell::from(s.target_id(e.target)),
            e.follow_up_due.map_or(Cell::Empty, Cell::Date),
            Cell::Number(o.days as f64),
            Cell::from(e.problems.clone()),
            Cell::from(e.follow_up.clone()),
        ])
    });
    table(ws, f, &columns, rows)
}

/// `plan.xlsx` of `plan` with the status sheets after its own.
///
/// # Errors
/// The workbook's (a sheet beyond Excel's 1,048,576 rows).
pub fn plan_xlsx(
    s: &Scenario,
    plan: &Plan,
    st: &Status,
    ledger: &Ledger,
    lang: Lang,
) -> std::io::Result<Vec<u8>> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = crate::xlsx::workbook(s, plan, lang)?;
        let f = Formats::new();
        let [duties, courts, overdue] = sheet_names(lang);
        duties_sheet(wb.add_worksheet().set_name(duties)?, &f, s, st, lang)?;
        courts_sheet(wb.add_worksheet().set_name(courts)?, &f, s, st, lang)?;
        overdue_sheet(
            wb.add_worksheet().set_name(overdue)?,
            &f,
            s,
            st,
            ledger,
            lang,
        )?;
        wb.save_to_buffer()
    };
    build().map_err(std::io::Error::other)
}

/// `report.html` of `plan` with the section 执行情况 / Status (`id="status"`) before its
/// footer.
pub fn report_html(s: &Scenario, plan: &Plan, st: &Status, lang: Lang) -> String {
    let page = crate::report::render(s, plan, lang);
    let at = page.rfind("<footer>").unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + 64 * 1024);
    out.push_str(&page[..at]);
    out.push_str(&section(s, st, lang));
    out.push_str(&page[at..]);
    out
}

/// The section's markup.
pub fn section(s: &Scenario, st: &Status, lang: Lang) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let t = &st.overall;
    let mut out = String::new();
    let _ = write!(
        out,
        "<section id=\"status\" class=\"page\">\n<h2>{}</h2>\n",
        match lang {
            Lang::Zh => format!("执行情况（截至 {}）", st.as_of),
            Lang::En => format!("Status as of {}", st.as_of),
        }
    );
    let cards = [
        (l("应走访", "visits due"), t.due),
        (l("有效走访", "visits made"), t.made),
        (l("已无法完成", "visits missed"), t.missed),
        (l("待完成", "visits to come"), t.to_come),
        (l("已完成任务", "duties met"), t.count(State::Met)),
        (l("进行中", "on track"), t.count(State::OnTrack)),
        (l("落后", "behind"), t.count(State::Behind)),
        (l("未完成任务", "duties missed"), t.count(State::Missed)),
        (
            l("走访企业数", "enterprises visited"),
            t.enterprises_visited,
        ),
        (l("逾期未反馈", "follow-ups overdue"), t.overdue),
    ];
    out.push_str("<div class=\"cards\">");
    for (label, v) in cards {
        let _ = write!(
            out,
            "<div class=\"card\" data-status=\"{}\"><div class=\"value\">{v}</div><div class=\"label\">{}</div></div>",
            esc(label),
            esc(label)
        );
    }
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        l(
            "按走访台账统计，截至当日的台账视为完整；每项任务见 status.csv 与 plan.xlsx 的“执行情况”表。",
            "From the visit ledger, taken as complete up to the date; every duty is in status.csv and the Status sheet of plan.xlsx."
        )
    );
    // Per court.
    let _ = write!(
        out,
        "<table class=\"status-courts\"><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        l("法院", "Court"),
        l("任务", "Duties"),
        l("应走访", "Due"),
        l("有效走访", "Made"),
        l("已无法完成", "Missed"),
        l("待完成", "To come"),
        l("落后", "Behind"),
        l("未完成任务", "Missed duties"),
        l("逾期未反馈", "Overdue")
    );
    let court_row = |out: &mut String, id: &str, name: &str, t: &Totals| {
        let _ = write!(
            out,
            "<tr data-court=\"{}\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(id),
            esc(name),
            t.duties,
            t.due,
            t.made,
            t.missed,
            t.to_come,
            t.count(State::Behind),
            t.count(State::Missed),
            t.overdue
        );
    };
    for (c, t) in s.courts.iter().zip(&st.courts) {
        if t.duties > 0 || t.onsite_rows > 0 {
            court_row(&mut out, c.id.as_str(), &c.name, t);
        }
    }
    court_row(&mut out, "all", l("全部", "all"), t);
    out.push_str("</tbody></table>\n");
    // Duties missed, then behind.
    let late: Vec<_> = st
        .duties
        .iter()
        .filter(|d| d.state == State::Missed)
        .chain(st.duties.iter().filter(|d| d.state == State::Behind))
        .collect();
    if !late.is_empty() {
        let _ = write!(
            out,
            "<h3>{}</h3><table class=\"status-late\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            l("未完成与落后的任务", "Duties missed or behind"),
            l("周期", "Period"),
            l("特派员", "Officer"),
            l("对象", "Target"),
            l("应走访", "Due"),
            l("有效走访", "Made"),
            l("已无法完成", "Missed"),
            l("状态", "State")
        );
        for d in late.iter().take(DUTIES_LISTED) {
            let o = s.officer(d.officer);
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{} {}</td><td>{} {}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&d.period.label()),
                esc(o.id.as_str()),
                esc(&o.name),
                esc(s.target_id(d.target)),
                esc(s.target_name(d.target)),
                d.due,
                d.made,
                d.missed,
                state(d.state, lang)
            );
        }
        out.push_str("</tbody></table>\n");
        if late.len() > DUTIES_LISTED {
            let more = late.len() - DUTIES_LISTED;
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                match lang {
                    Lang::Zh => format!("另有 {more} 项，见 status.csv。"),
                    Lang::En => format!("{more} more in status.csv."),
                }
            );
        }
    }
    out.push_str("</section>\n");
    out
}
