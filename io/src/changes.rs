//! What changed between two plans, as `changes.csv` (one row per change, columns in English,
//! a contract like the other tables) and as text for people (`changes.txt` and the
//! terminal of `tepai diff` and `tepai replan`), in Chinese or English.
use std::collections::BTreeMap;
use std::io::Write;

use tepai_solver::diff::{ChangeKind, PlanDiff};

use crate::tables::write_table;
use crate::Lang;

/// Column order of `changes.csv`.
pub const CHANGES_COLUMNS: &[&str] = &[
    "change",
    "officer_id",
    "target_kind",
    "target_id",
    "date_before",
    "date_after",
    "enterprise_ids_before",
    "enterprise_ids_after",
];

/// Writes `changes.csv`: every change of the diff, in its order.
pub fn write_changes_csv<W: Write>(w: W, d: &PlanDiff) -> std::io::Result<()> {
    let rows = d.changes.iter().map(|c| {
        vec![
            c.kind.as_str().to_owned(),
            c.pair.officer.clone(),
            c.pair.kind.clone(),
            c.pair.target.clone(),
            c.date_before.clone(),
            c.date_after.clone(),
            c.enterprises_before.clone(),
            c.enterprises_after.clone(),
        ]
    });
    write_table(w, (CHANGES_COLUMNS, &[]), rows)
}

fn kind_word(k: ChangeKind, lang: Lang) -> &'static str {
    match k {
        ChangeKind::Gained => lang.pick("新增派驻", "gains"),
        ChangeKind::Lost => lang.pick("撤销派驻", "loses"),
        ChangeKind::Moved => lang.pick("改期走访", "visits moved"),
        ChangeKind::Changed => lang.pick("改变走访企业", "visits to other enterprises"),
        ChangeKind::Added => lang.pick("新增走访", "visits added"),
        ChangeKind::Removed => lang.pick("取消走访", "visits removed"),
    }
}

fn figure(x: Option<f64>) -> String {
    match x {
        None => "-".to_owned(),
        Some(v) if (v - v.round()).abs() < 1e-9 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// The diff in words: [`changes_summary`], then per officer what it gains or loses and which
/// of its visits move, change, come or go.
pub fn changes_text(d: &PlanDiff, lang: Lang) -> String {
    let mut out = changes_summary(d, lang);
    let zh = lang == Lang::Zh;
    let mut per_officer: BTreeMap<&str, Vec<&tepai_solver::diff::Change>> = BTreeMap::new();
    for c in &d.changes {
        per_officer
            .entry(c.pair.officer.as_str())
            .or_default()
            .push(c);
    }
    for (officer, changes) in per_officer {
        out += &format!("{officer}\n");
        for c in changes {
            let what = format!("{} {}", c.pair.kind, c.pair.target);
            let line = match c.kind {
                ChangeKind::Gained | ChangeKind::Lost => what,
                ChangeKind::Moved => format!("{what}: {} → {}", c.date_before, c.date_after),
                ChangeKind::Changed => format!(
                    "{what} {}: {} → {}",
                    c.date_after, c.enterprises_before, c.enterprises_after
                ),
                ChangeKind::Added => format!("{what}: {} ({})", c.date_after, c.enterprises_after),
                ChangeKind::Removed => {
                    format!("{what}: {} ({})", c.date_before, c.enterprises_before)
                }
            };
            out += &format!(
                "  {}{} {line}\n",
                kind_word(c.kind, lang),
                if zh { "：" } else { ":" }
            );
        }
    }
    out
}

/// The diff's totals and the summary's figures that changed.
pub fn changes_summary(d: &PlanDiff, lang: Lang) -> String {
    let mut out = String::new();
    let zh = lang == Lang::Zh;
    let n = |k| d.count(k);
    if zh {
        out += &format!(
            "派驻变动：{} 人（新增 {} 组，撤销 {} 组）；走访：保留 {}，改期 {}，改变企业 {}，新增 {}，取消 {}\n",
            d.officers_changed().len(),
            n(ChangeKind::Gained),
            n(ChangeKind::Lost),
            d.visits_kept,
            n(ChangeKind::Moved),
            n(ChangeKind::Changed),
            n(ChangeKind::Added),
            n(ChangeKind::Removed),
        );
    } else {
        out += &format!(
            "assignments: {} officers changed ({} pairs gained, {} lost); visits: {} kept, {} moved, {} to other enterprises, {} added, {} removed\n",
            d.officers_changed().len(),
            n(ChangeKind::Gained),
            n(ChangeKind::Lost),
            d.visits_kept,
            n(ChangeKind::Moved),
            n(ChangeKind::Changed),
            n(ChangeKind::Added),
            n(ChangeKind::Removed),
        );
    }
    let changed: Vec<_> = d.kpis.iter().filter(|k| k.before != k.after).collect();
    if !changed.is_empty() {
        out += lang.pick("指标变化：\n", "figures changed:\n");
        for k in changed {
            out += &format!(
                "  {}{} {} → {}\n",
                kpi_words(k.name, lang),
                lang.pick("：", ":"),
                figure(k.before),
                figure(k.after)
            );
        }
    }
    out
}

/// A figure of the diff (`tepai_solver::diff`'s key) in words.
fn kpi_words(key: &str, lang: Lang) -> &str {
    let (zh, en) = match key {
        "platforms_served" => ("服务平台", "platforms served"),
        "chambers_served" => ("服务商会", "chambers served"),
        "enterprises_reached" => ("企业（按目标口径）", "enterprises (as the target counts)"),
        "targets_met" => (
            "目标全部达成（1 是，0 否）",
            "every target met (1 yes, 0 no)",
        ),
        "pairs" => ("派驻组数", "assignments"),
        "officers_used" => ("有任务的特派员", "officers with a target"),
        "one_way_travel_hours_total" => ("单程路途合计（小时）", "one-way travel, hours in all"),
        "trips" => ("全年走访趟数", "trips in the year"),
        "enterprises_visited" => ("全年走访企业", "enterprises visited"),
        "visits_short" => ("未能排定的走访", "visits that could not be scheduled"),
        other => (other, other),
    };
    lang.pick(zh, en)
}
