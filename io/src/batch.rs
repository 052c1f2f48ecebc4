//! The comparison table of `tepai batch`: one row per scenario, written as `batch.csv`,
//! `batch.json` and the one-sheet workbook `batch.xlsx`.
//!
//! A row holds what a planning office compares between what-ifs — targets required against
//! achieved, enterprises reached and visited, officers used, load and travel per officer,
//! visits — and what a benchmark compares — objective, bound, gap, status, time. A scenario
//! that could not be planned has its outcome and the reason, and empty figures.
use std::io::Write;

use serde::{Deserialize, Serialize};
use tepai_solver::summary::{MinMedianMax, Summary};

use crate::Lang;

/// How one scenario of a batch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchOutcome {
    /// Planned: every target reached and every visit rule met.
    Ok,
    /// Planned, but a target is short or a visit could not be made (the plan is written).
    Short,
    /// The scenario cannot be read (its findings are printed); nothing was planned.
    BadInput,
    /// tepai failed on it (the message says where); the other scenarios went on.
    Failed,
}

impl BatchOutcome {
    /// As written in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            BatchOutcome::Ok => "ok",
            BatchOutcome::Short => "short",
            BatchOutcome::BadInput => "bad_input",
            BatchOutcome::Failed => "failed",
        }
    }

    /// In words, for people.
    pub fn words(self, lang: Lang) -> &'static str {
        match self {
            BatchOutcome::Ok => lang.pick("达标", "ok"),
            BatchOutcome::Short => lang.pick("未达标", "short"),
            BatchOutcome::BadInput => lang.pick("输入有误", "bad input"),
            BatchOutcome::Failed => lang.pick("运行失败", "failed"),
        }
    }
}

/// One scenario's line of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRow {
    /// The scenario's name (from its file), or its path when it has none.
    pub scenario: String,
    /// The scenario as given on the command line (file or folder).
    pub path: String,
    /// The folder its plan was written to, relative to the batch's `--out`.
    pub plan_dir: Option<String>,
    /// How it ended.
    pub outcome: BatchOutcome,
    /// Why it could not be planned.
    pub error: Option<String>,
    /// The figures of its plan, when planned.
    pub figures: Option<BatchFigures>,
    /// Wall-clock seconds from loading to the written plan.
    pub seconds: f64,
    /// The value of the setting a sweep varies at this point (`None` outside a sweep: the
    /// column `value` is then not written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// What a plan achieved, from its summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchFigures {
    /// Platforms served, and required.
    pub platforms: (u32, u32),
    /// Chambers served, and required.
    pub chambers: (u32, u32),
    /// Enterprises counted for the target, and required.
    pub enterprises: (u32, u32),
    /// Enterprises reached (through a served unit or directly).
    pub enterprises_reached: u64,
    /// Enterprises visited at least once in the year (when scheduled).
    pub enterprises_visited: Option<u64>,
    /// Officers in the scenario.
    pub officers: u64,
    /// Officers with at least one target.
    pub officers_used: u64,
    /// When a target is short: the fewest additional officers the diagnosis found that close
    /// every gap (in all courts), if it found a set.
    #[serde(default)]
    pub additional_officers: Option<u64>,
    /// Days used per officer and period: min / median / max (when scheduled).
    pub load_days: Option<MinMedianMax>,
    /// Travel hours per officer in the year: min / median / max (when scheduled).
    pub travel_hours: Option<MinMedianMax>,
    /// Day trips in the year (when scheduled).
    pub trips: Option<u64>,
    /// Whether every visit rule is met (when scheduled).
    pub rules_met: Option<bool>,
    /// The assignment's objective.
    pub objective: f64,
    /// Its proven lower bound, if known.
    pub bound: Option<f64>,
    /// `(objective − bound) ÷ max(1, |objective|)`, if known.
    pub gap: Option<f64>,
    /// `optimal`, `gap_limit`, `time_limit` or `heuristic`.
    pub status: String,
    /// Which plans the bound holds for.
    pub bound_scope: String,
}

impl BatchFigures {
    /// The figures of a plan's summary (`None` for a plan without an assignment part).
    pub fn of(summary: &Summary) -> Option<BatchFigures> {
        let a = summary.assignment.as_ref()?;
        let s = summary.schedule.as_ref();
        let t = a.targets;
        Some(BatchFigures {
            platforms: (t.platforms.achieved, t.platforms.required),
            chambers: (t.chambers.achieved, t.chambers.required),
            enterprises: (t.enterprises.achieved, t.enterprises.required),
            enterprises_reached: a.kpis.enterprises_reached,
            enterprises_visited: s.map(|s| s.enterprises_visited),
            officers: a.kpis.officers,
            officers_used: a.kpis.officers_used,
            additional_officers: a
                .diagnosis
                .as_ref()
                .and_then(|d| d.additional_officers.as_ref())
                .map(|m| m.values().map(|&n| u64::from(n)).sum()),
            load_days: s.and_then(|s| s.days_used_per_officer_and_period),
            travel_hours: s.and_then(|s| s.travel_hours_per_officer),
            trips: s.map(|s| s.trips),
            rules_met: s.map(|s| s.rules_met),
            objective: a.objective.total,
            bound: a.bound,
            gap: a.gap,
            status: a.status.as_str().to_owned(),
            bound_scope: a.bound_scope.as_str().to_owned(),
        })
    }
}

/// The columns of `batch.csv` and `batch.xlsx`, English and Chinese.
pub const COLUMNS: [(&str, &str); 30] = [
    ("scenario", "场景"),
    ("path", "路径"),
    ("outcome", "结果"),
    ("platforms_achieved", "平台（达成）"),
    ("platforms_required", "平台（要求）"),
    ("chambers_achieved", "商会（达成）"),
    ("chambers_required", "商会（要求）"),
    ("enterprises_achieved", "企业（达成）"),
    ("enterprises_required", "企业（要求）"),
    ("enterprises_reached", "覆盖企业"),
    ("enterprises_visited", "走访企业"),
    ("officers", "特派员"),
    ("officers_used", "有任务的特派员"),
    ("additional_officers", "还需增加的特派员"),
    ("load_days_min", "每期用时天数（最少）"),
    ("load_days_median", "每期用时天数（中位）"),
    ("load_days_max", "每期用时天数（最多）"),
    ("travel_hours_min", "全年路途小时（最少）"),
    ("travel_hours_median", "全年路途小时（中位）"),
    ("travel_hours_max", "全年路途小时（最多）"),
    ("trips", "全年走访次数"),
    ("rules_met", "走访规则全部满足"),
    ("objective", "目标函数值"),
    ("bound", "下界"),
    ("gap", "差距"),
    ("status", "求解状态"),
    ("bound_scope", "下界范围"),
    ("seconds", "用时（秒）"),
    ("plan_dir", "方案文件夹"),
    ("error", "原因"),
];

/// The column a sweep adds after `path`: the varied setting's value at the point.
pub const VALUE_COLUMN: (&str, &str) = ("value", "取值");

/// The columns written for these rows: [`COLUMNS`], with [`VALUE_COLUMN`] after `path` when
/// a row has a value (a sweep).
pub fn columns(rows: &[BatchRow]) -> Vec<(&'static str, &'static str)> {
    let mut out = COLUMNS.to_vec();
    if has_values(rows) {
        out.insert(2, VALUE_COLUMN);
    }
    out
}

fn has_values(rows: &[BatchRow]) -> bool {
    rows.iter().any(|r| r.value.is_some())
}

/// A row's cells in the order of [`columns`].
fn cells_of(row: &BatchRow, with_value: bool) -> Vec<Cell> {
    let mut cells = row.cells();
    if with_value {
        cells.insert(2, row.value.map_or(Cell::Empty, Cell::Number));
    }
    cells
}

/// The column of the outcome, written in words in the workbook (one further right with
/// values).
const OUTCOME_COLUMN: u16 = 2;

/// One cell of a row, in [`COLUMNS`] order: text, a number, or empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing (not applicable to this scenario).
    Empty,
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        }
    }
}

/// A number as written in the CSV: integers without a decimal point, others as given.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

impl BatchRow {
    /// The row's cells in [`COLUMNS`] order.
    pub fn cells(&self) -> Vec<Cell> {
        let num = |n: Option<f64>| n.map_or(Cell::Empty, Cell::Number);
        let f = self.figures.as_ref();
        let spread = |m: Option<MinMedianMax>| {
            [
                num(m.map(|m| m.min)),
                num(m.map(|m| m.median)),
                num(m.map(|m| m.max)),
            ]
        };
        let pair = |p: Option<(u32, u32)>| {
            [
                num(p.map(|p| f64::from(p.0))),
                num(p.map(|p| f64::from(p.1))),
            ]
        };
        let yes_no = |b: Option<bool>| {
            b.map_or(Cell::Empty, |b| {
                Cell::Text(if b { "true" } else { "false" }.to_owned())
            })
        };
        let mut cells = vec![
            Cell::Text(self.scenario.clone()),
            Cell::Text(self.path.clone()),
            Cell::Text(self.outcome.as_str().to_owned()),
        ];
        cells.extend(pair(f.map(|f| f.platforms)));
        cells.extend(pair(f.map(|f| f.chambers)));
        cells.extend(pair(f.map(|f| f.enterprises)));
        cells.push(num(f.map(|f| f.enterprises_reached as f64)));
        cells.push(num(f.and_then(|f| f.enterprises_visited).map(|v| v as f64)));
        cells.push(num(f.map(|f| f.officers as f64)));
        cells.push(num(f.map(|f| f.officers_used as f64)));
        cells.push(num(f.and_then(|f| f.additional_officers).map(|n| n as f64)));
        cells.extend(spread(f.and_then(|f| f.load_days)));
        cells.extend(spread(f.and_then(|f| f.travel_hours)));
        cells.push(num(f.and_then(|f| f.trips).map(|t| t as f64)));
        cells.push(yes_no(f.and_then(|f| f.rules_met)));
        cells.push(num(f.map(|f| f.objective)));
        cells.push(num(f.and_then(|f| f.bound)));
        cells.push(num(f.and_then(|f| f.gap)));
        cells.push(f.map_or(Cell::Empty, |f| Cell::Text(f.status.clone())));
        cells.push(f.map_or(Cell::Empty, |f| Cell::Text(f.bound_scope.clone())));
        cells.push(Cell::Number((self.seconds * 10.0).round() / 10.0));
        cells.push(
            self.plan_dir
                .as_ref()
                .map_or(Cell::Empty, |d| Cell::Text(d.clone())),
        );
        cells.push(
            self.error
                .as_ref()
                .map_or(Cell::Empty, |e| Cell::Text(e.clone())),
        );
        debug_assert_eq!(cells.len(), COLUMNS.len());
        cells
    }
}

/// `batch.csv`: a byte-order mark (for Excel), the English header, one line per row.
pub fn write_csv<W: Write>(out: W, rows: &[BatchRow]) -> std::io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    let with_value = has_values(rows);
    w.write_record(columns(rows).iter().map(|(en, _)| *en))?;
    for row in rows {
        w.write_record(cells_of(row, with_value).iter().map(Cell::text))?;
    }
    w.flush()
}

/// `batch.json`: `{"scenarios": [row, …]}`, pretty-printed.
pub fn write_json<W: Write>(out: W, rows: &[BatchRow]) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Batch<'a> {
        scenarios: &'a [BatchRow],
    }
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, &Batch { scenarios: rows })?;
    out.write_all(b"\n")
}

/// The rows of a `batch.json` that [`write_json`] wrote.
///
/// # Errors
/// When the text is not such a file.
pub fn read_json(text: &str) -> Result<Vec<BatchRow>, serde_json::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Batch {
        scenarios: Vec<BatchRow>,
    }
    serde_json::from_str::<Batch>(text).map(|b| b.scenarios)
}

/// `batch.xlsx`: one sheet (对比 / comparison) with a frozen, filtered header in `lang` and
/// numbers as numbers.
pub fn write_xlsx<W: Write + std::io::Seek + Send>(
    out: W,
    rows: &[BatchRow],
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(lang.pick("对比", "comparison"))?;
    let header = Format::new().set_bold().set_text_wrap();
    // The gap is a fraction; shown as a percentage, kept as the number.
    let percent = Format::new().set_num_format("0.000%");
    let with_value = has_values(rows);
    let outcome_column = OUTCOME_COLUMN + u16::from(with_value);
    let names = columns(rows);
    for (c, (en, zh)) in names.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, c, lang.pick(zh, en), &header)?;
        ws.set_column_width(c, if c < 2 { 28.0 } else { 12.0 })?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in cells_of(row, with_value).into_iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(_) if c == outcome_column => {
                    ws.write_string(r, c, row.outcome.words(lang))?;
                }
                Cell::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                Cell::Number(n) if names.get(usize::from(c)).is_some_and(|n| n.0 == "gap") => {
                    ws.write_number_with_format(r, c, n, &percent)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, n)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, last_row, u16::try_from(names.len() - 1).unwrap_or(0))?;
    book.save_to_writer(out)
}
