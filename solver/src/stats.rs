//! The statistics tables the offices file, counted from the visit ledger: the half-monthly
//! 《“双促双助”法律服务专项活动工作情况统计表》 (rows: enterprises visited, contact points,
//! consultations, … ; columns: lawyers, notaries, grassroots legal workers, cumulative) and
//! the monthly legal-aid table (《“双促双助”法律服务专项活动法律援助统计表》), for any
//! period.
//!
//! Counting:
//! - `走访企业(家)` is the number of distinct enterprises visited on site (a ledger row of
//!   kind visit: its target when an enterprise, and its enterprises); every other row is
//!   the sum of its ledger column over the rows of the period, whatever their kind; a row
//!   of two figures (`次/人次`, `件数/人数`, `批/人次`, `件/人数`) sums two columns.
//! - A group column (a rank, a court or an officer) counts the ledger rows one of whose
//!   officers is in the group; a row of officers of two groups counts in both. `本期合计`
//!   counts every row once, so it can be less than the sum of the groups.
//! - `累计` is `本期合计` from 1 January of the period's year through the period's last day.
use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use tepai_model::ledger::{Ledger, LedgerEntry, Outcome};
use tepai_model::{EnterpriseIdx, OfficerIdx, Rank, Scenario, Target};

/// What one row of a table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Distinct enterprises visited on site.
    EnterprisesVisited,
    /// The sum of one ledger column.
    Sum(Outcome),
    /// The sums of two ledger columns, shown `a/b`.
    Pair(Outcome, Outcome),
}

/// One row of a statistics table: its English key, its name on the form, what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// English key (the `item` column).
    pub key: &'static str,
    /// The row's name as printed on the form (`项目`).
    pub zh: &'static str,
    /// What it counts.
    pub measure: Measure,
}

const fn item(key: &'static str, zh: &'static str, measure: Measure) -> Item {
    Item { key, zh, measure }
}

use Measure::{EnterprisesVisited, Pair, Sum};
use Outcome as O;

/// The rows of the half-monthly work table (附件1, 半月表), as on the form.
pub const WORK_ITEMS: &[Item] = &[
    item("enterprises_visited", "走访企业(家)", EnterprisesVisited),
    item("contact_points", "建立联系点(个)", Sum(O::ContactPoints)),
    item(
        "disputes_resolved",
        "化解企业矛盾(件)",
        Sum(O::DisputesResolved),
    ),
    item("contact_cards", "发放联系卡(张)", Sum(O::ContactCards)),
    item("consultations", "提供法律咨询(次)", Sum(O::Consultations)),
    item(
        "risk_notices",
        "出具风险提示、法律建议(件)",
        Sum(O::RiskNotices),
    ),
    item(
        "cases_represented",
        "代理案件(件)",
        Sum(O::CasesRepresented),
    ),
    item(
        "enterprise_adviser_posts",
        "担任企业法律顾问(家)",
        Sum(O::EnterpriseAdviserPosts),
    ),
    item(
        "government_adviser_posts",
        "担任政府法律顾问(人)",
        Sum(O::GovernmentAdviserPosts),
    ),
    item(
        "legal_aid_cases",
        "办理法律援助案件(件)",
        Sum(O::LegalAidCases),
    ),
    item(
        "petition_receptions",
        "参与政府信访接待处理(次)",
        Sum(O::PetitionReceptions),
    ),
    item("mediations", "参与社会矛盾纠纷调解(件)", Sum(O::Mediations)),
    item(
        "loss_recovered",
        "挽回企业经济损失(万元)",
        Sum(O::LossRecovered),
    ),
    item(
        "labour_disputes",
        "调处劳资纠纷(件)",
        Sum(O::LabourDisputes),
    ),
    item(
        "trainings",
        "开展专项培训(次/人次)",
        Pair(O::Trainings, O::TrainingAttendees),
    ),
    item(
        "mass_incidents_prevented",
        "防止群体性事件(件数/人数)",
        Pair(O::MassIncidentsPrevented, O::MassIncidentPeople),
    ),
];

/// The rows of the monthly legal-aid table (附件2, 月报表), as on the form.
pub const LEGAL_AID_ITEMS: &[Item] = &[
    item("legal_aid_cases", "办理法律援助案件", Sum(O::LegalAidCases)),
    item(
        "visitor_consultations",
        "接待来访法律咨询",
        Sum(O::VisitorConsultations),
    ),
    item(
        "remote_consultations",
        "电话(网、信)法律咨询",
        Sum(O::RemoteConsultations),
    ),
    item(
        "aid_stations",
        "建立法律援助工作站(点)",
        Sum(O::AidStations),
    ),
    item(
        "aid_agency_points",
        "建立法律援助代办点",
        Sum(O::AidAgencyPoints),
    ),
    item(
        "aid_referred_cases",
        "代办点转送审查案件数",
        Sum(O::AidReferredCases),
    ),
    item(
        "aid_windows",
        "按统一标识新、改建接待窗口",
        Sum(O::AidWindows),
    ),
    item("quality_forms", "发出服务质量测评表", Sum(O::QualityForms)),
    item(
        "aid_contact_cards",
        "发放法律援助联系卡",
        Sum(O::AidContactCards),
    ),
    item(
        "aid_follow_up_visits",
        "回访受援人",
        Sum(O::AidFollowUpVisits),
    ),
    item(
        "petitions",
        "参与政府信访接待(批/人次)",
        Pair(O::PetitionBatches, O::PetitionReceptions),
    ),
    item("aid_volunteers", "注册法律援助志愿", Sum(O::AidVolunteers)),
    item(
        "publicity_events",
        "组织各类宣传咨询活动",
        Sum(O::PublicityEvents),
    ),
    item(
        "publicity_materials",
        "发放宣传资料",
        Sum(O::PublicityMaterials),
    ),
    item(
        "publicity_banners",
        "张贴宣传标语",
        Sum(O::PublicityBanners),
    ),
    item(
        "media_reports",
        "电视、报纸、网络、电台宣传",
        Sum(O::MediaReports),
    ),
    item(
        "group_aid_cases",
        "群体性法律援助案件(件/人数)",
        Pair(O::GroupAidCases, O::GroupAidPeople),
    ),
    item(
        "aid_loss_recovered",
        "挽回经济损失(万元)",
        Sum(O::AidLossRecovered),
    ),
    item("fees_waived", "免收法律服务费(万元)", Sum(O::FeesWaived)),
];

/// How the group columns are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// By rank: 律师, 公证, 基层法律服务工作者 (the form's columns, always), then every other
    /// rank some officer holds.
    Rank,
    /// By court (every court with officers).
    Court,
    /// By officer.
    Officer,
}

/// A group column: its heading and the officers in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The heading (Chinese for ranks; the court's or officer's name).
    pub heading: String,
    /// The officers counted in it.
    pub officers: BTreeSet<OfficerIdx>,
}

/// The form's rank columns and their headings, in order.
const FORM_RANKS: &[(Rank, &str)] = &[
    (Rank::Lawyer, "律师"),
    (Rank::Notary, "公证"),
    (Rank::LegalWorker, "基层法律服务工作者"),
];

/// The group columns of `s` by `by`.
pub fn groups(s: &Scenario, by: GroupBy) -> Vec<Group> {
    let all = || (0..s.officers.len()).map(OfficerIdx::from);
    match by {
        GroupBy::Rank => {
            let mut out: Vec<Group> = FORM_RANKS
                .iter()
                .map(|&(r, heading)| Group {
                    heading: heading.to_owned(),
                    officers: all().filter(|&o| s.officer(o).rank == r).collect(),
                })
                .collect();
            for &r in Rank::ALL {
                if FORM_RANKS.iter().any(|&(f, _)| f == r) {
                    continue;
                }
                let officers: BTreeSet<OfficerIdx> =
                    all().filter(|&o| s.officer(o).rank == r).collect();
                if !officers.is_empty() {
                    out.push(Group {
                        heading: r.zh().to_owned(),
                        officers,
                    });
                }
            }
            out
        }
        GroupBy::Court => s
            .courts
            .iter()
            .enumerate()
            .filter_map(|(c, court)| {
                let officers: BTreeSet<OfficerIdx> =
                    all().filter(|&o| s.officer(o).court.index() == c).collect();
                (!officers.is_empty()).then(|| Group {
                    heading: court.name.clone(),
                    officers,
                })
            })
            .collect(),
        GroupBy::Officer => all()
            .map(|o| Group {
                heading: format!("{}({})", s.officer(o).name, s.officer(o).id),
                officers: BTreeSet::from([o]),
            })
            .collect(),
    }
}

/// A figure: one number, or two (`a/b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// One number.
    One(f64),
    /// Two numbers.
    Two(f64, f64),
}

impl Figure {
    /// As printed: whole numbers without decimals, amounts rounded to 4 decimals (万元: to
    /// the yuan), pairs as `a/b`.
    pub fn text(self) -> String {
        fn n(v: f64) -> String {
            let r = (v * 10_000.0).round() / 10_000.0;
            let s = format!("{r:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_owned()
            } else {
                s.to_owned()
            }
        }
        match self {
            Figure::One(a) => n(a),
            Figure::Two(a, b) => format!("{}/{}", n(a), n(b)),
        }
    }
}

/// One row of a table, filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row.
    pub item: Item,
    /// One figure per group column.
    pub groups: Vec<Figure>,
    /// The period's total, every ledger row once.
    pub total: Figure,
    /// From 1 January through the period's end.
    pub cumulative: Figure,
}

/// A statistics table for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// First day counted.
    pub from: NaiveDate,
    /// Last day counted.
    pub to: NaiveDate,
    /// The group columns.
    pub groups: Vec<Group>,
    /// The rows, in the form's order.
    pub rows: Vec<Row>,
}

fn measure(m: Measure, entries: &[&LedgerEntry]) -> Figure {
    let sum = |o: Outcome| entries.iter().map(|e| e.outcomes.get(o)).sum::<f64>();
    match m {
        Measure::EnterprisesVisited => {
            let set: BTreeSet<EnterpriseIdx> = entries
                .iter()
                .filter(|e| e.kind.counts_as_visit())
                .flat_map(|e| {
                    let first = match e.target {
                        Target::Enterprise(t) => Some(t),
                        Target::Unit(_) => None,
                    };
                    first.into_iter().chain(e.enterprises.iter().copied())
                })
                .collect();
            Figure::One(set.len() as f64)
        }
        Measure::Sum(o) => Figure::One(sum(o)),
        Measure::Pair(a, b) => Figure::Two(sum(a), sum(b)),
    }
}

/// Fills `items` from the ledger rows dated `from..=to`, by `groups`.
pub fn table(
    ledger: &Ledger,
    items: &[Item],
    groups: Vec<Group>,
    from: NaiveDate,
    to: NaiveDate,
) -> Table {
    let year_start = NaiveDate::from_ymd_opt(from.year(), 1, 1).unwrap_or(from);
    let within = |a: NaiveDate, b: NaiveDate| -> Vec<&LedgerEntry> {
        ledger
            .entries
            .iter()
            .filter(|e| a <= e.date && e.date <= b)
            .collect()
    };
    let period = within(from, to);
    let year = within(year_start.min(from), to);
    let by_group: Vec<Vec<&LedgerEntry>> = groups
        .iter()
        .map(|g| {
            period
                .iter()
                .copied()
                .filter(|e| e.officers.iter().any(|o| g.officers.contains(o)))
                .collect()
        })
        .collect();
    let rows = items
        .iter()
        .map(|&item| Row {
            item,
            groups: by_group
                .iter()
                .map(|es| measure(item.measure, es))
                .collect(),
            total: measure(item.measure, &period),
            cumulative: measure(item.measure, &year),
        })
        .collect();
    Table {
        from,
        to,
        groups,
        rows,
    }
}

/// A reporting period: its first and last day, and the date the form is due, when the
/// sources fix one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    /// The label as given.
    pub label: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// When the half-monthly work table is due: the 16th for the first half of a month
    /// (1st–15th), the 1st of the next month for the second half (16th–end) — "请于当月16日和
    /// 次月1日报送".
    pub work_due: Option<NaiveDate>,
    /// When the monthly legal-aid table is due: the 23rd of the month ("请于当月23日报").
    pub legal_aid_due: Option<NaiveDate>,
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl ReportPeriod {
    /// Parses a period label: `2024` (a year), `2024-Q2` (a quarter), `2024-05` (a month),
    /// `2024-05-H1` / `2024-05-H2` (the first half, 1st–15th, or the second, 16th–end).
    pub fn parse(label: &str) -> Option<ReportPeriod> {
        let t = label.trim();
        let make = |from: NaiveDate, to: NaiveDate, work: Option<NaiveDate>, aid| ReportPeriod {
            label: t.to_owned(),
            from,
            to,
            work_due: work,
            legal_aid_due: aid,
        };
        let parts: Vec<&str> = t.split('-').collect();
        let year: i32 = parts.first()?.parse().ok()?;
        if !(1900..=2200).contains(&year) {
            return None;
        }
        match parts.as_slice() {
            [_] => Some(make(
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
                None,
                None,
            )),
            [_, q] if q.len() == 2 && q.starts_with(['Q', 'q']) => {
                let q: u32 = q[1..].parse().ok()?;
                if !(1..=4).contains(&q) {
                    return None;
                }
                Some(make(
                    NaiveDate::from_ymd_opt(year, q * 3 - 2, 1)?,
                    last_of_month(year, q * 3)?,
                    None,
                    None,
                ))
            }
            [_, m] => {
                let m: u32 = m.parse().ok()?;
                let from = NaiveDate::from_ymd_opt(year, m, 1)?;
                Some(make(
                    from,
                    last_of_month(year, m)?,
                    None,
                    NaiveDate::from_ymd_opt(year, m, 23),
                ))
            }
            [_, m, h] => {
                let m: u32 = m.parse().ok()?;
                let first = NaiveDate::from_ymd_opt(year, m, 1)?;
                let last = last_of_month(year, m)?;
                match *h {
                    "H1" | "h1" => Some(make(
                        first,
                        NaiveDate::from_ymd_opt(year, m, 15)?,
                        NaiveDate::from_ymd_opt(year, m, 16),
                        None,
                    )),
                    "H2" | "h2" => Some(make(
                        NaiveDate::from_ymd_opt(year, m, 16)?,
                        last,
                        last.succ_opt(),
                        None,
                    )),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The half-month a date falls in.
    pub fn half_month_of(date: NaiveDate) -> ReportPeriod {
        let half = if date.day() <= 15 { "H1" } else { "H2" };
        let label = format!("{}-{:02}-{half}", date.year(), date.month());
        ReportPeriod::parse(&label).unwrap_or(ReportPeriod {
            label,
            from: date,
            to: date,
            work_due: None,
            legal_aid_due: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn half_months_are_due_on_the_16th_and_the_first_of_the_next_month() {
        let h1 = ReportPeriod::parse("2024-02-H1").unwrap();
        assert_eq!(
            (h1.from, h1.to, h1.work_due),
            (d(2024, 2, 1), d(2024, 2, 15), Some(d(2024, 2, 16)))
        );
        let h2 = ReportPeriod::parse("2024-02-H2").unwrap();
        assert_eq!(
            (h2.from, h2.to, h2.work_due),
            (d(2024, 2, 16), d(2024, 2, 29), Some(d(2024, 3, 1)))
        );
        let dec = ReportPeriod::parse("2024-12-H2").unwrap();
        assert_eq!(dec.work_due, Some(d(2025, 1, 1)));
        let m = ReportPeriod::parse("2024-05").unwrap();
        assert_eq!(
            (m.from, m.to, m.legal_aid_due),
            (d(2024, 5, 1), d(2024, 5, 31), Some(d(2024, 5, 23)))
        );
        let q = ReportPeriod::parse("2024-Q3").unwrap();
        assert_eq!((q.from, q.to), (d(2024, 7, 1), d(2024, 9, 30)));
        let y = ReportPeriod::parse("2024").unwrap();
        assert_eq!((y.from, y.to), (d(2024, 1, 1), d(2024, 12, 31)));
        for bad in [
            "2024-13",
            "2024-Q5",
            "2024-05-H3",
            "24",
            "x",
            "2024-05-01-H1",
        ] {
            assert_eq!(ReportPeriod::parse(bad), None, "{bad}");
        }
        assert_eq!(
            ReportPeriod::half_month_of(d(2024, 3, 16)).label,
            "2024-03-H2"
        );
    }

    #[test]
    fn figures_print_whole_numbers_and_pairs() {
        assert_eq!(Figure::One(3.0).text(), "3");
        assert_eq!(Figure::One(12.5).text(), "12.5");
        assert_eq!(Figure::Two(2.0, 45.0).text(), "2/45");
    }
}
