//! The visit ledger (走访台账): what was done during the year, one row per visit, call or
//! meeting — who, where, which enterprises, how, and what came of it.
//!
//! A ledger is a table like the scenario's: a CSV file (`ledger.csv`) or the sheet `走访台账`
//! (or `ledger`) of an `.xlsx` workbook, read by the same machinery (UTF-8 with or without a
//! byte-order mark, GB18030, CRLF line ends, English or Chinese headers, Excel date cells).
//! Every row is checked against the scenario: each problem is a coded finding naming file,
//! line (or cell) and column. A visit that was not in the plan is accepted: the ledger
//! records what happened.
//!
//! Columns: `date`/`日期`, `officers`/`特派员`, `target`/`走访对象` (required);
//! `enterprises`/`走访企业`, `kind`/`方式`, the outcome counts of [`Outcome`] and the
//! follow-up columns (optional). See `docs/ledger.md`.
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use sha2::Sha256;

use crate::diagnostics::{Code, Diagnostics};
use crate::ids::{EnterpriseIdx, OfficerIdx, Target};
use crate::load::table::{list, Row, Table};
use crate::load::workbook::Workbook;
use crate::load::{Column, ColumnKind, TableSpec};
use crate::scenario::Scenario;
use crate::text::Text;

/// How an officer served: only on-site visits count toward the visit duties (DOMAIN: "visits
/// … ≥ 3 times per quarter, plus phone/online service").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VisitKind {
    /// 走访: on site.
    Visit,
    /// 电话: by phone.
    Phone,
    /// 线上: online.
    Online,
    /// 会议: a meeting (a joint meeting, a training).
    Meeting,
}

impl VisitKind {
    /// Every kind, in order.
    pub const ALL: &'static [VisitKind] = &[
        VisitKind::Visit,
        VisitKind::Phone,
        VisitKind::Online,
        VisitKind::Meeting,
    ];

    /// The English word, as written in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitKind::Visit => "visit",
            VisitKind::Phone => "phone",
            VisitKind::Online => "online",
            VisitKind::Meeting => "meeting",
        }
    }

    /// The Chinese word.
    pub fn zh(self) -> &'static str {
        match self {
            VisitKind::Visit => "走访",
            VisitKind::Phone => "电话",
            VisitKind::Online => "线上",
            VisitKind::Meeting => "会议",
        }
    }

    /// The kind a cell names (English, any case, or Chinese); an empty cell is a visit.
    pub fn parse(cell: &str) -> Option<VisitKind> {
        let cell = cell.trim();
        if cell.is_empty() {
            return Some(VisitKind::Visit);
        }
        VisitKind::ALL
            .iter()
            .copied()
            .find(|k| cell.eq_ignore_ascii_case(k.as_str()) || cell == k.zh())
            .or(match cell {
                "实地走访" | "实地" | "上门" | "上门走访" | "现场" | "现场走访" | "线下"
                | "入企" => Some(VisitKind::Visit),
                "电话回访" | "电访" | "电联" => Some(VisitKind::Phone),
                "网络" | "网上" | "在线" | "视频" | "视频连线" | "远程" | "微信" | "邮件" => {
                    Some(VisitKind::Online)
                }
                "座谈" | "座谈会" | "联席会议" | "培训" | "讲座" | "宣讲" => {
                    Some(VisitKind::Meeting)
                }
                _ => None,
            })
    }

    /// Whether this kind counts toward the visit duties (on-site visits only).
    pub fn counts_as_visit(self) -> bool {
        self == VisitKind::Visit
    }
}

macro_rules! outcomes {
    ($($(#[$doc:meta])* $variant:ident = $key:literal, $zh:literal, $whole:literal;)+) => {
        /// An outcome count of a ledger row: one optional column each, named after the rows of
        /// the Zhonglou statistics tables (《“双促双助”法律服务专项活动工作情况统计表》 and
        /// its legal-aid monthly table).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Outcome {
            $($(#[$doc])* $variant),+
        }

        impl Outcome {
            /// Every outcome, in column order.
            pub const ALL: &'static [Outcome] = &[$(Outcome::$variant),+];

            /// The English column name.
            pub fn key(self) -> &'static str {
                match self { $(Outcome::$variant => $key),+ }
            }

            /// The Chinese column name.
            pub fn zh(self) -> &'static str {
                match self { $(Outcome::$variant => $zh),+ }
            }

            /// Whether the value is a whole count (else an amount in 10,000 yuan).
            pub fn whole(self) -> bool {
                match self { $(Outcome::$variant => $whole),+ }
            }
        }

        const OUTCOME_COLUMNS: &[Column] = &[
            $(col($key, $zh, ColumnKind::Number, concat!("选填：", $zh))),+
        ];
    };
}

outcomes! {
    /// 建立联系点（个）.
    ContactPoints = "contact_points", "建立联系点", true;
    /// 化解企业矛盾（件）.
    DisputesResolved = "disputes_resolved", "化解企业矛盾", true;
    /// 发放联系卡（张）.
    ContactCards = "contact_cards", "发放联系卡", true;
    /// 提供法律咨询（次）.
    Consultations = "consultations", "提供法律咨询", true;
    /// 出具风险提示、法律建议（件）.
    RiskNotices = "risk_notices", "出具风险提示、法律建议", true;
    /// 代理案件（件）.
    CasesRepresented = "cases_represented", "代理案件", true;
    /// 担任企业法律顾问（家）.
    EnterpriseAdviserPosts = "enterprise_adviser_posts", "担任企业法律顾问", true;
    /// 担任政府法律顾问（人）.
    GovernmentAdviserPosts = "government_adviser_posts", "担任政府法律顾问", true;
    /// 办理法律援助案件（件）.
    LegalAidCases = "legal_aid_cases", "办理法律援助案件", true;
    /// 参与政府信访接待处理（次；法律援助表的人次）.
    PetitionReceptions = "petition_receptions", "参与政府信访接待处理", true;
    /// 参与政府信访接待（批）, of the legal-aid table.
    PetitionBatches = "petition_batches", "参与政府信访接待批次", true;
    /// 参与社会矛盾纠纷调解（件）.
    Mediations = "mediations", "参与社会矛盾纠纷调解", true;
    /// 挽回企业经济损失（万元）.
    LossRecovered = "loss_recovered", "挽回企业经济损失（万元）", false;
    /// 调处劳资纠纷（件）.
    LabourDisputes = "labour_disputes", "调处劳资纠纷", true;
    /// 开展专项培训（次）.
    Trainings = "trainings", "开展专项培训", true;
    /// 开展专项培训（人次）.
    TrainingAttendees = "training_attendees", "培训人次", true;
    /// 防止群体性事件（件数）.
    MassIncidentsPrevented = "mass_incidents_prevented", "防止群体性事件", true;
    /// 防止群体性事件（人数）.
    MassIncidentPeople = "mass_incident_people", "防止群体性事件人数", true;
    /// 接待来访法律咨询.
    VisitorConsultations = "visitor_consultations", "接待来访法律咨询", true;
    /// 电话（网、信）法律咨询.
    RemoteConsultations = "remote_consultations", "电话（网、信）法律咨询", true;
    /// 建立法律援助工作站（点）.
    AidStations = "aid_stations", "建立法律援助工作站（点）", true;
    /// 建立法律援助代办点.
    AidAgencyPoints = "aid_agency_points", "建立法律援助代办点", true;
    /// 代办点转送审查案件数.
    AidReferredCases = "aid_referred_cases", "代办点转送审查案件数", true;
    /// 按统一标识新、改建接待窗口.
    AidWindows = "aid_windows", "按统一标识新、改建接待窗口", true;
    /// 发出服务质量测评表.
    QualityForms = "quality_forms", "发出服务质量测评表", true;
    /// 发放法律援助联系卡.
    AidContactCards = "aid_contact_cards", "发放法律援助联系卡", true;
    /// 回访受援人.
    AidFollowUpVisits = "aid_follow_up_visits", "回访受援人", true;
    /// 注册法律援助志愿者.
    AidVolunteers = "aid_volunteers", "注册法律援助志愿者", true;
    /// 组织各类宣传咨询活动.
    PublicityEvents = "publicity_events", "组织各类宣传咨询活动", true;
    /// 发放宣传资料.
    PublicityMaterials = "publicity_materials", "发放宣传资料", true;
    /// 张贴宣传标语.
    PublicityBanners = "publicity_banners", "张贴宣传标语", true;
    /// 电视、报纸、网络、电台宣传.
    MediaReports = "media_reports", "电视、报纸、网络、电台宣传", true;
    /// 群体性法律援助案件（件）.
    GroupAidCases = "group_aid_cases", "群体性法律援助案件", true;
    /// 群体性法律援助案件（人数）.
    GroupAidPeople = "group_aid_people", "群体性法律援助案件人数", true;
    /// 挽回经济损失（万元）, of the legal-aid table.
    AidLossRecovered = "aid_loss_recovered", "法律援助挽回经济损失（万元）", false;
    /// 免收法律服务费（万元）.
    FeesWaived = "fees_waived", "免收法律服务费（万元）", false;
}

/// The outcome counts of one ledger row, one value per [`Outcome`] (0 when the cell is
/// empty).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcomes(Vec<f64>);

impl Outcomes {
    /// The value of `o`.
    pub fn get(&self, o: Outcome) -> f64 {
        self.0.get(o as usize).copied().unwrap_or(0.0)
    }

    /// Sets the value of `o`.
    pub fn set(&mut self, o: Outcome, value: f64) {
        if self.0.len() < Outcome::ALL.len() {
            self.0.resize(Outcome::ALL.len(), 0.0);
        }
        self.0[o as usize] = value;
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    /// The file line (or sheet row) of the row.
    pub line: u64,
    /// The day of the visit.
    pub date: NaiveDate,
    /// The officers who went, each once, in the order written.
    pub officers: Vec<OfficerIdx>,
    /// The unit or enterprise visited (the officer's assigned target, or any other).
    pub target: Target,
    /// The enterprises visited, each once, in the order written (may be empty).
    pub enterprises: Vec<EnterpriseIdx>,
    /// On site, by phone, online or a meeting.
    pub kind: VisitKind,
    /// The outcome counts.
    pub outcomes: Outcomes,
    /// 问题清单: problems found.
    pub problems: String,
    /// 回复反馈: the follow-up given or due.
    pub follow_up: String,
    /// 反馈期限: when the follow-up is due.
    pub follow_up_due: Option<NaiveDate>,
    /// 反馈日期: when the follow-up was given.
    pub follow_up_done: Option<NaiveDate>,
}

impl LedgerEntry {
    /// Whether the row counts toward the visit duties of `officer` to `target`: an on-site
    /// visit by the officer to the unit, or (an enterprise served directly) a visit whose
    /// target or enterprises name it.
    pub fn visits(&self, officer: OfficerIdx, target: Target) -> bool {
        self.kind.counts_as_visit()
            && self.officers.contains(&officer)
            && match target {
                Target::Unit(_) => self.target == target,
                Target::Enterprise(e) => self.target == target || self.enterprises.contains(&e),
            }
    }
}

/// A ledger read and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ledger {
    /// Every row without an error, in file order.
    pub entries: Vec<LedgerEntry>,
}

const fn col(name: &'static str, zh: &'static str, kind: ColumnKind, help: &'static str) -> Column {
    Column {
        name,
        zh,
        kind,
        help,
    }
}

const CORE_COLUMNS: &[Column] = &[
    col("date", "日期", ColumnKind::Date, "走访日期，如 2024-03-15"),
    col(
        "officers",
        "特派员",
        ColumnKind::List,
        "特派员编号，多人用 、 或 ； 分隔",
    ),
    col(
        "target",
        "走访对象",
        ColumnKind::Text,
        "平台商会或企业的编号",
    ),
    col(
        "enterprises",
        "走访企业",
        ColumnKind::List,
        "选填：走访的企业编号，多个用 、 分隔",
    ),
    col(
        "kind",
        "方式",
        ColumnKind::Text,
        "选填：走访、电话、线上 或 会议，空为走访",
    ),
];

const TEXT_COLUMNS: &[Column] = &[
    col("problems", "问题清单", ColumnKind::Text, "选填：发现的问题"),
    col("follow_up", "回复反馈", ColumnKind::Text, "选填：回复反馈"),
    col(
        "follow_up_due",
        "反馈期限",
        ColumnKind::Date,
        "选填：回复反馈的期限",
    ),
    col(
        "follow_up_done",
        "反馈日期",
        ColumnKind::Date,
        "选填：已回复反馈的日期",
    ),
];

/// Every column of the ledger, in the order tepai writes them.
pub fn columns() -> Vec<Column> {
    [CORE_COLUMNS, OUTCOME_COLUMNS, TEXT_COLUMNS].concat()
}

const REQUIRED: &[&str] = &["date", "officers", "target"];

fn spec() -> TableSpec {
    let columns: &'static [Column] = Box::leak(columns().into_boxed_slice());
    let optional: Vec<&'static str> = columns
        .iter()
        .map(|c| c.name)
        .filter(|n| !REQUIRED.contains(n))
        .collect();
    TableSpec {
        key: "ledger",
        sheet: "走访台账",
        required: REQUIRED,
        optional: Box::leak(optional.into_boxed_slice()),
        columns,
        mandatory: true,
    }
}

/// The ledger's table: its sheet `走访台账` (or `ledger`) and every column.
pub fn ledger_spec() -> &'static TableSpec {
    static SPEC: std::sync::OnceLock<TableSpec> = std::sync::OnceLock::new();
    SPEC.get_or_init(spec)
}

/// Whether `path` names a workbook (by its extension).
fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// Reads the ledger at `path` (a CSV file, or a workbook with a `走访台账`/`ledger` sheet)
/// and checks every row against `s`.
///
/// # Errors
/// Every finding, when any is an error.
pub fn load_ledger(s: &Scenario, path: &Path) -> Result<(Ledger, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut hasher = Sha256::default();
    let spec = ledger_spec();
    let table = if is_workbook(path) {
        Workbook::open(path, &mut diags, &mut hasher).and_then(|mut w| match w.sheet_of(spec) {
            Some(name) => w
                .read(&name, &mut diags)
                .and_then(|sheet| Table::from_sheet(path, spec, sheet, &mut diags)),
            None => {
                diags.push(w.missing(spec));
                None
            }
        })
    } else {
        Table::open(path, spec, &mut diags, &mut hasher)
    };
    let mut ledger = Ledger::default();
    if let Some(mut t) = table {
        while let Some(row) = t.next(&mut diags) {
            if let Some(entry) = entry(s, &t, &row, &mut diags) {
                ledger.entries.push(entry);
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((ledger, diags))
    }
}

/// Ids of a list cell, each once, in first-seen order.
/// The hint for an unknown id that is the name of a row instead: "write its id", worded as the
/// scenario tables' hint (`load/entities.rs`). `rows` gives (id, name) of the scenario's
/// items; `None` when no item has that name (or several do).
fn name_hint<'a>(
    cell: &str,
    rows: impl Iterator<Item = (&'a str, &'a str)>,
    what: (&str, &str),
) -> Option<Text> {
    let mut found = rows.filter(|(_, name)| name.trim() == cell.trim());
    let (id, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let (en, zh) = what;
    Some(Text::new(
        format!("`{cell}` is the name of {en} {id}: write its id {id}"),
        format!("“{cell}”是{zh} {id} 的名称：应填其编号 {id}"),
    ))
}

fn ids(cell: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for id in list(cell) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Reads one row; `None` when it has an error (reported).
fn entry(s: &Scenario, t: &Table, row: &Row, diags: &mut Diagnostics) -> Option<LedgerEntry> {
    let errors_before = diags.error_count();
    let date = t.date(row, "date", diags);
    if let Some(d) = date {
        if s.year != 0 && d.year() != s.year {
            diags.push(t.at(
                row,
                "date",
                Code::VisitOutsideYear,
                text!(
                    "{d} lies outside {}: the row is read, but counts toward no duty of the year",
                    "{d} 不在 {} 年内：该行照常读取，但不计入本年度的任何走访任务",
                    s.year
                ),
                text!(
                    "check the year; keep each year's visits in that year's ledger",
                    "请核对年份；每年的走访记入当年的台账"
                ),
            ));
        }
    }
    let officer_cell = t.get(row, "officers");
    let mut officers = Vec::new();
    for id in ids(officer_cell) {
        match s.officer_by_id(id) {
            Some(o) => officers.push(o),
            None => diags.push(
                t.at(
                    row,
                    "officers",
                    Code::UnknownOfficer,
                    text!("no officer has id `{id}`", "没有编号为 `{id}` 的特派员"),
                    name_hint(
                        id,
                        s.officers.iter().map(|o| (o.id.as_str(), o.name.as_str())),
                        ("officer", "特派员"),
                    )
                    .unwrap_or_else(|| {
                        Text::new(
                            format!("use an id from {}", s.origins.officers.column_of("id")),
                            format!("使用{}中已有的编号", s.origins.officers.column_of_zh("id")),
                        )
                    }),
                )
                .value(id),
            ),
        }
    }
    if ids(officer_cell).is_empty() {
        diags.push(t.at(
            row,
            "officers",
            Code::VisitWithoutOfficer,
            text!("the row names no officer", "该行没有填写特派员"),
            text!(
                "write the id of every officer who went, separated by ; ； 、 or ，",
                "填写每位参加走访的特派员编号，用 ; ； 、 或 ， 分隔"
            ),
        ));
    }
    let target_cell = t.get(row, "target");
    let target = s
        .unit_by_id(target_cell)
        .map(Target::Unit)
        .or_else(|| s.enterprise_by_id(target_cell).map(Target::Enterprise));
    if target.is_none() {
        diags.push(
            t.at(
                row,
                "target",
                Code::UnknownVisitTarget,
                if target_cell.is_empty() {
                    text!(
                        "the row names no unit or enterprise visited",
                        "该行没有填写走访的平台商会或企业"
                    )
                } else {
                    text!(
                        "no unit or enterprise has id `{target_cell}`",
                        "没有编号为 `{target_cell}` 的平台商会或企业"
                    )
                },
                name_hint(
                    target_cell,
                    s.units
                        .iter()
                        .map(|u| (u.id.as_str(), u.name.as_str()))
                        .chain(s.enterprises.iter().map(|e| (e.id.as_str(), &*e.name))),
                    ("unit or enterprise", "平台商会或企业"),
                )
                .filter(|_| !target_cell.is_empty())
                .unwrap_or_else(|| {
                    Text::new(
                        format!(
                            "use an id from {} or {}",
                            s.origins.units.column_of("id"),
                            s.origins.enterprises.column_of("id")
                        ),
                        format!(
                            "使用{}或{}中已有的编号",
                            s.origins.units.column_of_zh("id"),
                            s.origins.enterprises.column_of_zh("id")
                        ),
                    )
                }),
            ),
        );
    }
    let mut enterprises = Vec::new();
    for id in ids(t.get(row, "enterprises")) {
        match s.enterprise_by_id(id) {
            Some(e) => {
                if let Some(Target::Unit(u)) = target {
                    if !s.enterprise(e).units.contains(&u) {
                        diags.push(
                            t.at(
                                row,
                                "enterprises",
                                Code::EnterpriseNotInUnit,
                                text!(
                                    "`{id}` is not a member of {target_cell}: it counts as visited, but not toward the members a visit of {target_cell} must cover",
                                    "`{id}` 不是 {target_cell} 的会员企业：计为已走访，但不计入走访 {target_cell} 应覆盖的会员企业数"
                                ),
                                text!(
                                    "check the id, or record the enterprise on a row of its own",
                                    "请核对编号，或把该企业单独记一行"
                                ),
                            )
                            .value(id),
                        );
                    }
                }
                enterprises.push(e);
            }
            None => diags.push(
                t.at(
                    row,
                    "enterprises",
                    Code::UnknownEnterprise,
                    text!("no enterprise has id `{id}`", "没有编号为 `{id}` 的企业"),
                    name_hint(
                        id,
                        s.enterprises.iter().map(|e| (e.id.as_str(), &*e.name)),
                        ("enterprise", "企业"),
                    )
                    .unwrap_or_else(|| {
                        Text::new(
                            format!("use an id from {}", s.origins.enterprises.column_of("id")),
                            format!(
                                "使用{}中已有的编号",
                                s.origins.enterprises.column_of_zh("id")
                            ),
                        )
                    }),
                )
                .value(id),
            ),
        }
    }
    let kind_cell = t.get(row, "kind");
    let kind = VisitKind::parse(kind_cell);
    if kind.is_none() {
        diags.push(t.at(
            row,
            "kind",
            Code::UnknownVisitKind,
            text!("`{kind_cell}` is not a way of serving", "`{kind_cell}` 不是一种服务方式"),
            text!(
                "write visit, phone, online or meeting (走访、电话、线上、会议); leave it empty for an on-site visit",
                "填写 走访、电话、线上 或 会议（visit、phone、online、meeting）；实地走访可留空"
            ),
        ));
    }
    let mut outcomes = Outcomes::default();
    for &o in Outcome::ALL {
        let cell = t.get(row, o.key());
        if cell.is_empty() {
            continue;
        }
        match cell.parse::<f64>() {
            Ok(v) if (0.0..1e9).contains(&v) && (!o.whole() || v.fract() == 0.0) => {
                outcomes.set(o, v);
            }
            _ => diags.push(t.at(
                row,
                o.key(),
                Code::InvalidNumber,
                if o.whole() {
                    text!(
                        "`{cell}` is not a whole number from 0 to 999999999",
                        "`{cell}` 不是 0 到 999999999 之间的整数"
                    )
                } else {
                    text!(
                        "`{cell}` is not an amount from 0 to 999999999 (10,000 yuan)",
                        "`{cell}` 不是 0 到 999999999 之间的金额（万元）"
                    )
                },
                text!(
                    "write a number, or leave the cell empty",
                    "填写数字，或留空"
                ),
            )),
        }
    }
    let optional_date = |column: &str, diags: &mut Diagnostics| {
        if t.get(row, column).is_empty() {
            None
        } else {
            t.date(row, column, diags)
        }
    };
    let follow_up_due = optional_date("follow_up_due", diags);
    let follow_up_done = optional_date("follow_up_done", diags);
    if diags.error_count() > errors_before {
        return None;
    }
    Some(LedgerEntry {
        line: row.line,
        date: date?,
        officers,
        target: target?,
        enterprises,
        kind: kind?,
        outcomes,
        problems: t.get(row, "problems").to_owned(),
        follow_up: t.get(row, "follow_up").to_owned(),
        follow_up_due,
        follow_up_done,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_in_english_and_chinese_and_empty_is_a_visit() {
        assert_eq!(VisitKind::parse(""), Some(VisitKind::Visit));
        assert_eq!(VisitKind::parse("Phone"), Some(VisitKind::Phone));
        assert_eq!(VisitKind::parse("线上"), Some(VisitKind::Online));
        assert_eq!(VisitKind::parse("会议"), Some(VisitKind::Meeting));
        assert_eq!(VisitKind::parse("letter"), None);
        assert_eq!(VisitKind::parse(" 现场 "), Some(VisitKind::Visit));
        assert_eq!(VisitKind::parse("线下"), Some(VisitKind::Visit));
        assert_eq!(VisitKind::parse("微信"), Some(VisitKind::Online));
        assert_eq!(VisitKind::parse("电话回访"), Some(VisitKind::Phone));
        assert_eq!(VisitKind::parse("座谈会"), Some(VisitKind::Meeting));
        assert_eq!(VisitKind::parse("短信"), None);
        assert!(VisitKind::Visit.counts_as_visit());
        assert!(!VisitKind::Phone.counts_as_visit());
    }

    #[test]
    fn column_names_are_unique_in_both_languages() {
        let cols = columns();
        for (i, a) in cols.iter().enumerate() {
            for b in &cols[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.zh, b.zh);
            }
        }
        assert_eq!(Outcome::ALL.len(), OUTCOME_COLUMNS.len());
    }
}
