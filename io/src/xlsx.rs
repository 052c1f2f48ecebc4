//! `plan.xlsx`: the plan as a workbook for the people who use it, in Chinese or English
//! ([`Lang`]), written with `rust_xlsxwriter`.
//!
//! Sheets, in order (the English name after the slash):
//! - 总览 / Overview: targets required against achieved, officers, visits, travel, the
//!   plan's quality in plain words, and, when targets fall short, the diagnosis;
//! - 派驻安排 / Assignment: who serves what — officer, court, target, role, team, travel;
//! - 走访日程 / Visits (a plan with a schedule): every trip — date, officer, unit, the
//!   enterprises in visiting order, departure and return;
//! - 企业覆盖 / Coverage: every enterprise, how it is reached and by whom;
//! - 每人一览 / Per envoy: one block per officer — its targets and every visit date, one
//!   printed page each;
//! - 每院汇总 / Per court: officers, what they serve, visits and travel per court.
//!
//! Tables have a frozen, bold header row, an autofilter, set column widths, and print on A4
//! landscape, one page wide, the header repeated. Dates and times are Excel dates and times,
//! counts and minutes numbers. The document's creation time is fixed to the plan year's
//! first instant (as the calendars' DTSTAMP), so that the same plan always writes the same
//! bytes. Text is written as text, never as a formula.
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use tepai_model::{CourtLevel, OfficerIdx, Rank, Scenario, Target};
use tepai_solver::candidates::{pair_load, visits};
use tepai_solver::plan::Via;
use tepai_solver::summary::ScheduleSummary;
use tepai_solver::Plan;

use crate::calendars::Teams;
use crate::report::figures::min_median_max;
use crate::tables::leads;
use crate::{words, Lang};

/// The sheets of `plan.xlsx` in order, in `lang`; `scheduled`: whether the plan has a
/// schedule (else there is no visits sheet).
pub fn sheet_names(lang: Lang, scheduled: bool) -> Vec<&'static str> {
    let mut names = vec![
        lang.pick("总览", "Overview"),
        lang.pick("派驻安排", "Assignment"),
    ];
    if scheduled {
        names.push(lang.pick("走访日程", "Visits"));
    }
    names.extend([
        lang.pick("企业覆盖", "Coverage"),
        lang.pick("每人一览", "Per envoy"),
        lang.pick("每院汇总", "Per court"),
    ]);
    names
}

/// Writes `plan.xlsx` to `w`.
///
/// # Errors
/// The writer's error, or the workbook's (a sheet beyond Excel's 1,048,576 rows).
pub fn write_xlsx<W: Write>(
    mut w: W,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> std::io::Result<()> {
    let bytes = workbook(s, plan, lang)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(std::io::Error::other)?;
    w.write_all(&bytes)?;
    w.flush()
}

/// The cell formats.
pub(crate) struct Formats {
    title: Format,
    header: Format,
    section: Format,
    block: Format,
    date: Format,
    time: Format,
    decimal: Format,
    text: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let header_fill = Color::RGB(0x00DD_EBF7);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(header_fill)
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            section: Format::new().set_bold().set_font_size(12),
            block: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00FC_E4D6))
                .set_border_top(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            time: Format::new().set_num_format("hh:mm"),
            decimal: Format::new().set_num_format("0.0"),
            text: Format::new().set_text_wrap(),
        }
    }
}

/// One cell of a table.
pub(crate) enum Cell {
    Text(String),
    Number(f64),
    Decimal(f64),
    Date(NaiveDate),
    Time(u32),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

/// A count as a number cell.
fn count(n: usize) -> Cell {
    Cell::Number(n as f64)
}

fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(t) if t.is_empty() => {}
        Cell::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Cell::Number(n) => {
            ws.write_number(row, col, *n)?;
        }
        Cell::Decimal(n) => {
            ws.write_number_with_format(row, col, *n, &f.decimal)?;
        }
        Cell::Date(d) => {
            ws.write_date_with_format(row, col, d, &f.date)?;
        }
        Cell::Time(minutes) => {
            let t = NaiveTime::from_hms_opt(minutes / 60 % 24, minutes % 60, 0).unwrap_or_default();
            ws.write_datetime_with_format(row, col, t, &f.time)?;
        }
        Cell::Empty => {}
    }
    Ok(())
}

/// Page setup for printing: A4, one page wide, landscape when `repeat` (the header row) is
/// given, and that row on every page.
fn print_setup(ws: &mut Worksheet, repeat: Option<u32>) -> Result<(), XlsxError> {
    ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
    if let Some(row) = repeat {
        ws.set_landscape();
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// A sheet holding one table from its first row: header (frozen, filtered), rows, widths.
pub(crate) fn table(
    ws: &mut Worksheet,
    f: &Formats,
    columns: &[(&str, f64)],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), XlsxError> {
    let last_col = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, (name, width)) in (0_u16..).zip(columns) {
        ws.write_string_with_format(0, c, *name, &f.header)?;
        ws.set_column_width(c, *width)?;
    }
    let mut last_row = 0;
    for (r, cells) in (1_u32..).zip(rows) {
        for (c, cell) in (0_u16..).zip(&cells) {
            write_cell(ws, f, r, c, cell)?;
        }
        last_row = r;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    print_setup(ws, Some(0))
}

fn rank_label(lang: Lang, rank: Rank) -> &'static str {
    match rank {
        Rank::Judge => lang.pick("员额法官", "judge"),
        Rank::Assistant => lang.pick("法官助理", "judge's assistant"),
        Rank::Lawyer => lang.pick("律师", "lawyer"),
        Rank::Notary => lang.pick("公证员", "notary"),
        Rank::LegalWorker => lang.pick("法律工作者", "legal worker"),
        Rank::Other => lang.pick("其他", "other"),
    }
}

fn level_label(lang: Lang, level: CourtLevel) -> &'static str {
    match level {
        CourtLevel::High => lang.pick("高级法院", "high court"),
        CourtLevel::Intermediate => lang.pick("中级法院", "intermediate court"),
        CourtLevel::Basic => lang.pick("基层法院", "basic court"),
        CourtLevel::Bureau => lang.pick("司法局", "justice bureau"),
    }
}

/// A list of names as people read it.
fn list(lang: Lang, names: impl IntoIterator<Item = String>) -> String {
    names
        .into_iter()
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

/// The workbook of `plan.xlsx` (`tepai status` adds its sheets to it).
pub(crate) fn workbook(s: &Scenario, plan: &Plan, lang: Lang) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let created = NaiveDate::from_ymd_opt(s.year, 1, 1)
        .unwrap_or_default()
        .and_time(NaiveTime::MIN);
    wb.set_properties(
        &DocProperties::new()
            .set_title(words::plan_title(&s.name, s.year, lang))
            .set_author("tepai")
            .set_creation_datetime(&created.and_utc()),
    );
    let names = sheet_names(lang, plan.schedule.is_some());
    let mut names = names.into_iter();
    let mut next = || names.next().unwrap_or_default();

    overview(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    assignment(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    if plan.schedule.is_some() {
        schedule(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    }
    coverage(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    per_envoy(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    per_court(wb.add_worksheet().set_name(next())?, &f, s, plan, lang)?;
    Ok(wb)
}

/// Writes label/value rows from `row`; returns the next free row.
fn rows_at(
    ws: &mut Worksheet,
    f: &Formats,
    mut row: u32,
    rows: Vec<Vec<Cell>>,
) -> Result<u32, XlsxError> {
    for cells in rows {
        for (c, cell) in (0_u16..).zip(&cells) {
            write_cell(ws, f, row, c, cell)?;
        }
        row += 1;
    }
    Ok(row)
}

fn header_at(ws: &mut Worksheet, f: &Formats, row: u32, names: &[&str]) -> Result<u32, XlsxError> {
    for (c, name) in (0_u16..).zip(names) {
        ws.write_string_with_format(row, c, *name, &f.header)?;
    }
    Ok(row + 1)
}

fn overview(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    for (c, w) in [(0_u16, 30.0), (1, 14.0), (2, 14.0), (3, 60.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.write_string_with_format(0, 0, words::plan_title(&s.name, s.year, lang), &f.title)?;
    let mut row = 2;
    if let Some(a) = &plan.summary.assignment {
        row = header_at(
            ws,
            f,
            row,
            &[
                l("目标", "Target"),
                l("要求", "Required"),
                l("实现", "Achieved"),
                l("结果", "Result"),
            ],
        )?;
        let t = &a.targets;
        let result = |req: u32, got: u32| -> Cell {
            if got >= req {
                l("达标", "met").into()
            } else {
                match lang {
                    Lang::Zh => format!("差 {}", req - got),
                    Lang::En => format!("short by {}", req - got),
                }
                .into()
            }
        };
        let targets = vec![
            (l("工业平台", "Platforms"), &t.platforms),
            (l("商会", "Chambers of commerce"), &t.chambers),
            (l("企业", "Enterprises"), &t.enterprises),
        ];
        let rows = targets
            .into_iter()
            .map(|(name, fig)| {
                vec![
                    name.into(),
                    fig.required.into(),
                    fig.achieved.into(),
                    result(fig.required, fig.achieved),
                ]
            })
            .collect();
        row = rows_at(ws, f, row, rows)? + 1;
    }

    row = header_at(
        ws,
        f,
        row,
        &[l("项目", "Item"), l("数值", "Value"), "", l("说明", "Note")],
    )?;
    let mut items: Vec<Vec<Cell>> = Vec::new();
    if let Some(a) = &plan.summary.assignment {
        let k = &a.kpis;
        items.push(vec![
            l("方案质量", "Quality of the plan").into(),
            Cell::Empty,
            Cell::Empty,
            crate::words::quality(a, lang).into(),
        ]);
        items.push(vec![
            l("有任务的特派员", "Officers with duties").into(),
            Cell::Number(k.officers_used as f64),
            Cell::Empty,
            match lang {
                Lang::Zh => format!("共 {} 名特派员", k.officers),
                Lang::En => format!("of {} officers", k.officers),
            }
            .into(),
        ]);
        items.push(vec![
            l("覆盖的企业", "Enterprises reached").into(),
            Cell::Number(k.enterprises_reached as f64),
            Cell::Empty,
            match lang {
                Lang::Zh => format!("其中 {} 家由特派员直接服务", k.enterprises_served_directly),
                Lang::En => format!("{} of them served directly", k.enterprises_served_directly),
            }
            .into(),
        ]);
        if let Some(row) = planned_load(s, plan, lang) {
            items.push(row);
        }
        items.push(vec![
            l("单程路途合计（小时）", "One-way travel, total (hours)").into(),
            Cell::Decimal(k.one_way_travel_hours_total),
            Cell::Empty,
            l(
                "每对特派员与对象一次单程",
                "one one-way trip per officer and target",
            )
            .into(),
        ]);
    }
    if let Some(sch) = &plan.summary.schedule {
        let visited_counts = s.targets.enterprises_count == tepai_model::EnterprisesCount::Visited;
        items.extend(schedule_items(sch, visited_counts, lang));
    }
    row = rows_at(ws, f, row, items)?;

    if let Some(d) = plan
        .summary
        .assignment
        .as_ref()
        .and_then(|a| a.diagnosis.as_ref())
    {
        row += 1;
        ws.write_string_with_format(
            row,
            0,
            l("目标未达的原因", "Why targets fall short"),
            &f.section,
        )?;
        row += 1;
        let mut lines: Vec<Vec<Cell>> = Vec::new();
        for sh in &d.shortfalls {
            let name = words::target_name(&sh.target, lang);
            lines.push(vec![
                name.into(),
                sh.achieved.into(),
                sh.required.into(),
                match lang {
                    Lang::Zh => format!(
                        "差 {}（实现 {}，要求 {}）",
                        sh.short_by, sh.achieved, sh.required
                    ),
                    Lang::En => format!(
                        "short by {} ({} of {})",
                        sh.short_by, sh.achieved, sh.required
                    ),
                }
                .into(),
            ]);
        }
        for u in &d.unreachable_units {
            let name = s
                .unit_by_id(&u.unit)
                .map_or(u.unit.clone(), |i| s.unit(i).name.clone());
            lines.push(vec![
                name.into(),
                Cell::Empty,
                Cell::Empty,
                match lang {
                    Lang::Zh => format!("无法派驻：{}", words::unit_reason(&u.reason, lang)),
                    Lang::En => format!(
                        "no officer possible: {}",
                        words::unit_reason(&u.reason, lang)
                    ),
                }
                .into(),
            ]);
        }
        if d.unreachable_enterprises > 0 {
            lines.push(vec![
                l(
                    "所有特派员都到不了的企业",
                    "Enterprises beyond every officer's reach",
                )
                .into(),
                d.unreachable_enterprises.into(),
                Cell::Empty,
                Cell::Empty,
            ]);
        }
        match &d.additional_officers {
            Some(add) => {
                let total: u32 = add.values().sum();
                let proven = if d.additional_officers_proven_minimal {
                    l("已证明为最少人数", "proven fewest")
                } else {
                    l(
                        "时间内找到的最好结果，未证明最少",
                        "best found within the time limit, not proven fewest",
                    )
                };
                lines.push(vec![
                    l(
                        "补足全部缺口需增加的特派员",
                        "Additional officers that close every gap",
                    )
                    .into(),
                    total.into(),
                    Cell::Empty,
                    proven.into(),
                ]);
                for (court, n) in add {
                    let name = s
                        .court_by_id(court)
                        .map_or(court.clone(), |c| s.court(c).name.clone());
                    lines.push(vec![
                        format!("  {name}").into(),
                        (*n).into(),
                        Cell::Empty,
                        Cell::Empty,
                    ]);
                }
            }
            None => lines.push(vec![
                l(
                    "补足全部缺口需增加的特派员",
                    "Additional officers that close every gap",
                )
                .into(),
                Cell::Empty,
                Cell::Empty,
                d.additional_officers_error
                    .clone()
                    .unwrap_or_else(|| {
                        l(
                            "增加人员也无法补足（见无法派驻的单位）",
                            "none found (see the units no officer can serve)",
                        )
                        .to_owned()
                    })
                    .into(),
            ]),
        }
        rows_at(ws, f, row, lines)?;
    }
    print_setup(ws, None)
}

/// The planned load of the officers with duties, in working days per period: the row of
/// 总览 (the same figure as the report's planned load).
fn planned_load(s: &Scenario, plan: &Plan, lang: Lang) -> Option<Vec<Cell>> {
    let mut load: BTreeMap<OfficerIdx, f64> = BTreeMap::new();
    for &(o, t) in &plan.assignment.pairs {
        *load.entry(o).or_default() += pair_load(s, o, t).unwrap_or(0.0);
    }
    let day = f64::from(s.rules.day_minutes.max(1));
    let days: Vec<f64> = load.values().map(|m| m / day).collect();
    let (min, median, max) = min_median_max(&days)?;
    let l = |zh, en| lang.pick(zh, en);
    Some(vec![
        l(
            "每人每期计划负荷（折合工作日）",
            "Planned load per officer and period (working days)",
        )
        .into(),
        Cell::Decimal(median),
        Cell::Empty,
        match lang {
            Lang::Zh => format!(
                "中位数；最少 {min:.1}，最多 {max:.1}。有任务的特派员每期计划的路程加现场时间，\
                 按每个工作日 {} 分钟折算",
                s.rules.day_minutes
            ),
            Lang::En => format!(
                "median; least {min:.1}, most {max:.1}. Planned travel and on-site time of each \
                 officer with duties, in working days of {} minutes",
                s.rules.day_minutes
            ),
        }
        .into(),
    ])
}

fn schedule_items(sch: &ScheduleSummary, visited_counts: bool, lang: Lang) -> Vec<Vec<Cell>> {
    let l = |zh, en| lang.pick(zh, en);
    let mut items = vec![vec![
        l("全年走访（行程）", "Visits in the year (trips)").into(),
        Cell::Number(sch.trips as f64),
        Cell::Empty,
        l("团队同行算一次", "a team's joint trip counts once").into(),
    ]];
    for (period, n) in &sch.visits_per_period {
        items.push(vec![
            format!("  {}", words::period_label(period, lang)).into(),
            Cell::Number(*n as f64),
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    items.push(vec![
        if visited_counts {
            l(
                "走访到的企业（企业目标按此计）",
                "Enterprises visited (the target's count)",
            )
        } else {
            l("走访到的企业", "Enterprises visited")
        }
        .into(),
        Cell::Number(sch.enterprises_visited as f64),
        Cell::Empty,
        l("全年至少走访一次", "at least once in the year").into(),
    ]);
    items.push(vec![
        l("最多可走访的企业", "Enterprises the visits can reach").into(),
        Cell::Number(sch.enterprises_visited_max as f64),
        Cell::Empty,
        l(
            "直接服务的企业，加上每个平台商会全年走访的成员家次（不超过成员数），每家计一次",
            "served directly, plus each unit's member stops of the year (at most its members), each enterprise once",
        )
        .into(),
    ]);
    if let Some(t) = &sch.travel_hours_per_officer {
        items.push(vec![
            l(
                "每人全年路途（小时）",
                "Travel per officer in the year (hours)",
            )
            .into(),
            Cell::Decimal(t.median),
            Cell::Empty,
            match lang {
                Lang::Zh => format!("中位数；最少 {:.1}，最多 {:.1}", t.min, t.max),
                Lang::En => format!("median; least {:.1}, most {:.1}", t.min, t.max),
            }
            .into(),
        ]);
    }
    if let Some(d) = &sch.days_used_per_officer_and_period {
        items.push(vec![
            l(
                "每人每期出行天数（有出行的期间）",
                "Days out per officer and period (periods with trips)",
            )
            .into(),
            Cell::Decimal(d.median),
            Cell::Empty,
            match lang {
                Lang::Zh => format!(
                    "中位数；最少 {:.1}，最多 {:.1}。按日历计：有出行的日子每天计 1 天，\
                     不论当天出行几小时（“每人每期计划负荷”则是路程加现场时间折合的工作日）",
                    d.min, d.max
                ),
                Lang::En => format!(
                    "median; least {:.1}, most {:.1}. Calendar days: a day with a trip counts \
                     as one, however long the trip (the planned load instead counts travel and \
                     on-site time in working days)",
                    d.min, d.max
                ),
            }
            .into(),
        ]);
    }
    items.push(vec![
        l(
            "合并行程节省的路途（小时）",
            "Travel saved by shared trips (hours)",
        )
        .into(),
        Cell::Decimal(sch.travel_saved_minutes_vs_one_trip_per_enterprise as f64 / 60.0),
        Cell::Empty,
        l(
            "与每家企业单独往返相比",
            "against one round trip per enterprise",
        )
        .into(),
    ]);
    let short: u32 = sch.shortfalls.iter().map(|x| x.visits_short).sum();
    items.push(vec![
        l("未能安排的走访（次）", "Visits that could not be made").into(),
        Cell::Number(f64::from(short)),
        Cell::Empty,
        if sch.rules_met {
            l("走访规则全部满足", "every visit rule met").to_owned()
        } else {
            let rules: BTreeSet<&str> = sch.shortfalls.iter().map(|x| x.rule.as_str()).collect();
            let why = list(lang, rules.into_iter().map(|r| words::visit_rule(r, lang)));
            match lang {
                Lang::Zh => format!("原因：{why}（明细见 summary.json 的 shortfalls）"),
                Lang::En => format!("why: {why} (each one in summary.json's shortfalls)"),
            }
        }
        .into(),
    ]);
    items
}

fn assignment(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let leads = leads(s, &plan.assignment);
    let teams = Teams::of(s, &plan.assignment);
    let columns = [
        (l("特派员编号", "Officer id"), 12.0),
        (l("特派员", "Officer"), 12.0),
        (l("职级", "Rank"), 12.0),
        (l("所属法院", "Court"), 26.0),
        (l("对象类型", "Target kind"), 12.0),
        (l("对象编号", "Target id"), 12.0),
        (l("对象名称", "Target"), 30.0),
        (l("角色", "Role"), 8.0),
        (l("同队", "Teammates"), 24.0),
        (l("单程路途（分钟）", "One way (min)"), 10.0),
        (l("每期走访次数", "Visits per period"), 10.0),
        (l("每期工作量（分钟）", "Load per period (min)"), 12.0),
    ];
    let rows = plan.assignment.pairs.iter().map(|&(o, t)| {
        let officer = s.officer(o);
        let role = if leads.get(&t).is_some_and(|l| l.1 == o) {
            l("牵头", "lead")
        } else {
            l("成员", "member")
        };
        let mates = teams.of_target(t).map_or_else(String::new, |team| {
            list(
                lang,
                team.iter()
                    .filter(|&&m| m != o)
                    .map(|&m| s.officer(m).name.clone()),
            )
        });
        vec![
            officer.id.to_string().into(),
            officer.name.clone().into(),
            rank_label(lang, officer.rank).into(),
            s.court(officer.court).name.clone().into(),
            words::target_kind(s.target_kind(t), lang).into(),
            s.target_id(t).into(),
            s.target_name(t).into(),
            role.into(),
            mates.into(),
            s.officer_travel(o, t).into(),
            visits(s, t).into(),
            pair_load(s, o, t).map_or(Cell::Empty, |x| Cell::Number(x.round())),
        ]
    });
    table(ws, f, &columns, rows)
}

fn schedule(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let Some(schedule) = &plan.schedule else {
        return Ok(());
    };
    let teams = Teams::of(s, &plan.assignment);
    let columns = [
        (l("日期", "Date"), 11.0),
        (l("期间", "Period"), 9.0),
        (l("特派员编号", "Officer id"), 12.0),
        (l("特派员", "Officer"), 10.0),
        (l("所属法院", "Court"), 22.0),
        (l("对象类型", "Target kind"), 10.0),
        (l("对象名称", "Target"), 26.0),
        (
            l("走访企业（按走访顺序）", "Enterprises, in visiting order"),
            50.0,
        ),
        (l("同队", "Teammates"), 18.0),
        (l("出发", "Depart"), 7.0),
        (l("返回", "Return"), 7.0),
        (l("路途（分钟）", "Travel (min)"), 9.0),
        (l("在企（分钟）", "On site (min)"), 9.0),
        (l("企业编号", "Enterprise ids"), 24.0),
    ];
    let rows = schedule.visits.iter().map(|v| {
        let officer = s.officer(v.officer);
        let mates = teams.of_target(v.target).map_or_else(String::new, |team| {
            list(
                lang,
                team.iter()
                    .filter(|&&m| m != v.officer)
                    .map(|&m| s.officer(m).name.clone()),
            )
        });
        vec![
            Cell::Date(v.date),
            words::period_label(&v.period.label(), lang).into(),
            officer.id.to_string().into(),
            officer.name.clone().into(),
            s.court(officer.court).name.clone().into(),
            words::target_kind(s.target_kind(v.target), lang).into(),
            s.target_name(v.target).into(),
            v.stops
                .iter()
                .map(|&e| &*s.enterprise(e).name)
                .collect::<Vec<_>>()
                .join(" → ")
                .into(),
            mates.into(),
            Cell::Time(v.depart),
            Cell::Time(v.return_time()),
            v.travel_minutes.into(),
            v.onsite_minutes.into(),
            v.stops
                .iter()
                .map(|&e| s.enterprise(e).id.as_str())
                .collect::<Vec<_>>()
                .join(";")
                .into(),
        ]
    });
    table(ws, f, &columns, rows)
}

fn coverage(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let mut columns = vec![
        (l("企业编号", "Enterprise id"), 12.0),
        (l("企业名称", "Enterprise"), 30.0),
        (l("区县", "County"), 10.0),
        (l("行业", "Industry"), 12.0),
        (l("覆盖方式", "Reached"), 12.0),
        (l("经由单位", "Through"), 26.0),
        (l("特派员", "Officers"), 24.0),
    ];
    let scheduled = plan.schedule.is_some();
    if scheduled {
        columns.push((l("年内走访次数", "Visits in the year"), 10.0));
    }
    let rows = s.enterprises.iter().zip(&plan.coverage).map(|(e, r)| {
        let (how, through) = match r.via {
            Via::Direct => (l("直接服务", "directly"), String::new()),
            Via::Unit(u) => (
                words::target_kind(s.unit(u).kind.as_str(), lang),
                s.unit(u).name.clone(),
            ),
            Via::None => (l("未覆盖", "not reached"), String::new()),
        };
        let mut cells = vec![
            e.id.to_string().into(),
            e.name.to_string().into(),
            s.tag(e.county).into(),
            s.tag(e.industry).into(),
            how.into(),
            through.into(),
            list(lang, r.officers.iter().map(|&o| s.officer(o).name.clone())).into(),
        ];
        if scheduled {
            cells.push(r.visits_in_year.map_or(Cell::Empty, Cell::from));
        }
        cells
    });
    table(ws, f, &columns, rows)
}

fn per_envoy(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let leads = leads(s, &plan.assignment);
    let teams = Teams::of(s, &plan.assignment);
    let columns = [
        (l("事项", "Item"), 10.0),
        (l("日期", "Date"), 11.0),
        (l("对象类型", "Target kind"), 12.0),
        (l("对象名称", "Target"), 30.0),
        (
            l("角色、同队或走访企业", "Role, team or enterprises visited"),
            60.0,
        ),
        (l("出发", "Depart"), 7.0),
        (l("返回", "Return"), 7.0),
    ];
    let last_col = u16::try_from(columns.len() - 1).unwrap_or(u16::MAX);
    for (c, (name, width)) in (0_u16..).zip(&columns) {
        ws.write_string_with_format(0, c, *name, &f.header)?;
        ws.set_column_width(c, *width)?;
    }
    ws.set_column_format(4, &f.text)?;
    let mut duties: BTreeMap<OfficerIdx, Vec<Target>> = BTreeMap::new();
    for &(o, t) in &plan.assignment.pairs {
        duties.entry(o).or_default().push(t);
    }
    let mut row = 1_u32;
    let mut breaks = Vec::new();
    for o in (0..s.officers.len()).map(OfficerIdx::from) {
        let officer = s.officer(o);
        let trips: Vec<_> = plan
            .schedule
            .iter()
            .flat_map(|sch| sch.visits_of(o))
            .collect();
        if row > 1 {
            breaks.push(row);
        }
        let title = match lang {
            Lang::Zh => format!(
                "{}（{}）· {} · {} · 负责 {} 项 · 全年走访 {} 次",
                officer.name,
                officer.id,
                s.court(officer.court).name,
                rank_label(lang, officer.rank),
                duties.get(&o).map_or(0, Vec::len),
                trips.len()
            ),
            Lang::En => format!(
                "{} ({}) · {} · {} · {} target(s) · {} visit(s) in the year",
                officer.name,
                officer.id,
                s.court(officer.court).name,
                rank_label(lang, officer.rank),
                duties.get(&o).map_or(0, Vec::len),
                trips.len()
            ),
        };
        ws.merge_range(row, 0, row, last_col, &title, &f.block)?;
        row += 1;
        let Some(targets) = duties.get(&o) else {
            ws.write_string(row, 0, l("本年度无派驻任务", "no duties this year"))?;
            row += 2;
            continue;
        };
        for &t in targets {
            let role = if leads.get(&t).is_some_and(|x| x.1 == o) {
                l("牵头", "lead")
            } else {
                l("成员", "member")
            };
            let note = match teams.of_target(t) {
                Some(team) => {
                    let mates = list(
                        lang,
                        team.iter()
                            .filter(|&&m| m != o)
                            .map(|&m| s.officer(m).name.clone()),
                    );
                    match lang {
                        Lang::Zh => format!("{role}；同队：{mates}；每期走访 {} 次", visits(s, t)),
                        Lang::En => {
                            format!("{role}; with {mates}; {} visit(s) per period", visits(s, t))
                        }
                    }
                }
                None => match lang {
                    Lang::Zh => format!("{role}；每期走访 {} 次", visits(s, t)),
                    Lang::En => format!("{role}; {} visit(s) per period", visits(s, t)),
                },
            };
            let cells: Vec<Cell> = vec![
                l("负责", "Serves").into(),
                Cell::Empty,
                words::target_kind(s.target_kind(t), lang).into(),
                s.target_name(t).into(),
                note.into(),
            ];
            row = rows_at(ws, f, row, vec![cells])?;
        }
        for v in trips {
            let cells: Vec<Cell> = vec![
                l("走访", "Visit").into(),
                Cell::Date(v.date),
                words::target_kind(s.target_kind(v.target), lang).into(),
                s.target_name(v.target).into(),
                v.stops
                    .iter()
                    .map(|&e| &*s.enterprise(e).name)
                    .collect::<Vec<_>>()
                    .join(" → ")
                    .into(),
                Cell::Time(v.depart),
                Cell::Time(v.return_time()),
            ];
            row = rows_at(ws, f, row, vec![cells])?;
        }
        row += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, Some(0))?;
    // Excel allows at most 1,023 manual page breaks; beyond that, blocks run on.
    if breaks.len() <= 1023 {
        ws.set_page_breaks(&breaks)?;
    }
    Ok(())
}

fn per_court(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let l = |zh, en| lang.pick(zh, en);
    let diagnosis = plan
        .summary
        .assignment
        .as_ref()
        .and_then(|a| a.diagnosis.as_ref());
    let scheduled = plan.schedule.is_some();
    let mut columns = vec![
        (l("法院编号", "Court id"), 10.0),
        (l("法院", "Court"), 28.0),
        (l("层级", "Level"), 12.0),
        (l("区县", "County"), 10.0),
        (l("特派员", "Officers"), 8.0),
        (l("有任务", "With duties"), 8.0),
        (l("负责工业平台", "Platforms served"), 10.0),
        (l("负责商会", "Chambers served"), 10.0),
        (l("直接服务企业", "Enterprises served directly"), 12.0),
        (l("覆盖企业", "Enterprises reached"), 10.0),
    ];
    if scheduled {
        columns.push((l("全年走访（行程）", "Trips in the year"), 10.0));
        columns.push((l("全年路途（小时）", "Travel in the year (hours)"), 10.0));
    }
    if diagnosis.is_some() {
        columns.push((l("附近未服务的单位", "Unserved units nearby"), 10.0));
        columns.push((l("建议增加特派员", "Additional officers"), 10.0));
    }
    let rows = (0..s.courts.len()).map(|ci| {
        let court = &s.courts[ci];
        let of_court = |o: OfficerIdx| s.officer(o).court.index() == ci;
        let officers = s.officers.iter().filter(|o| o.court.index() == ci).count();
        let pairs: Vec<(OfficerIdx, Target)> = plan
            .assignment
            .pairs
            .iter()
            .copied()
            .filter(|&(o, _)| of_court(o))
            .collect();
        let used: BTreeSet<OfficerIdx> = pairs.iter().map(|p| p.0).collect();
        let units_of = |kind: &str| {
            pairs
                .iter()
                .filter_map(|&(_, t)| match t {
                    Target::Unit(u) if s.unit(u).kind.as_str() == kind => Some(u),
                    _ => None,
                })
                .collect::<BTreeSet<_>>()
                .len()
        };
        let direct = pairs
            .iter()
            .filter_map(|&(_, t)| match t {
                Target::Enterprise(e) => Some(e),
                Target::Unit(_) => None,
            })
            .collect::<BTreeSet<_>>()
            .len();
        let reached = plan
            .coverage
            .iter()
            .filter(|r| r.officers.iter().any(|&o| of_court(o)))
            .count();
        let mut cells = vec![
            court.id.to_string().into(),
            court.name.clone().into(),
            level_label(lang, court.level).into(),
            court.county.clone().into(),
            count(officers),
            count(used.len()),
            count(units_of("platform")),
            count(units_of("chamber")),
            count(direct),
            count(reached),
        ];
        if let Some(sch) = &plan.schedule {
            let rows: Vec<_> = sch.visits.iter().filter(|v| of_court(v.officer)).collect();
            let trips: BTreeSet<_> = rows
                .iter()
                .map(|v| (v.date, v.target, v.stops.clone()))
                .collect();
            let minutes: u64 = rows.iter().map(|v| u64::from(v.travel_minutes)).sum();
            cells.push(count(trips.len()));
            cells.push(Cell::Decimal(minutes as f64 / 60.0));
        }
        if let Some(d) = diagnosis {
            let id = court.id.as_str();
            cells.push(
                d.courts
                    .iter()
                    .find(|c| c.court == id)
                    .map_or(Cell::Empty, |c| c.unserved_units_nearby.into()),
            );
            cells.push(
                d.additional_officers
                    .as_ref()
                    .and_then(|add| add.get(id))
                    .map_or(Cell::Empty, |&n| n.into()),
            );
        }
        cells
    });
    table(ws, f, &columns, rows)
}
