//! What changed between two plans: the assignments each officer gained or lost, the visits
//! kept, moved, changed, added or removed, and the change of the summary's figures.
//!
//! Plans are compared by their written ids (the cells of `assignment.csv`, `schedule.csv` and
//! `summary.json`), so that any two plan folders compare, also when made for different
//! versions of a scenario. Used by `tepai diff` and by `tepai replan`'s `changes.csv`.
//!
//! Visits are matched per officer and target (the unit, or the first stop of a direct trip):
//! a row of plan A with a row of plan B on the same date and with the same stops is *kept*;
//! then rows on the same date with other stops are *changed* (e.g. a closed member replaced);
//! then the remaining rows of A and of B, in date order, pair up as *moved*; what is left in
//! B is *added*, what is left in A *removed*.
use std::collections::BTreeMap;

use crate::summary::Summary;

/// One assignment pair as written: officer id, target kind, target id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PairIds {
    /// `officer_id`.
    pub officer: String,
    /// `platform`, `chamber` or `enterprise`.
    pub kind: String,
    /// `target_id`.
    pub target: String,
}

/// One row of `schedule.csv` as written (the cells a diff looks at).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct VisitIds {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who, what.
    pub pair: PairIds,
    /// `enterprise_ids`, `;`-separated, in visiting order.
    pub enterprises: String,
}

/// A plan as the diff reads it.
#[derive(Debug, Clone, Default)]
pub struct PlanIds {
    /// Every assignment pair.
    pub pairs: Vec<PairIds>,
    /// Every schedule row (empty when the plan has no schedule).
    pub visits: Vec<VisitIds>,
    /// `summary.json`, when it reads as one.
    pub summary: Option<Summary>,
}

/// What happened to a visit or an assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The officer serves a target it did not serve.
    Gained,
    /// The officer no longer serves a target.
    Lost,
    /// A visit on another date (same officer and target).
    Moved,
    /// A visit on the same date to other enterprises.
    Changed,
    /// A visit plan B has and plan A had no counterpart for.
    Added,
    /// A visit plan A had and plan B has no counterpart for.
    Removed,
}

impl ChangeKind {
    /// Every kind, in the order listed.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::Gained,
        ChangeKind::Lost,
        ChangeKind::Moved,
        ChangeKind::Changed,
        ChangeKind::Added,
        ChangeKind::Removed,
    ];

    /// As written in `changes.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Gained => "gained",
            ChangeKind::Lost => "lost",
            ChangeKind::Moved => "moved",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

/// One change: an assignment gained or lost, or a visit moved, changed, added or removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Who and what.
    pub pair: PairIds,
    /// What happened.
    pub kind: ChangeKind,
    /// The visit's date in plan A (empty for an assignment, or a visit added).
    pub date_before: String,
    /// The visit's date in plan B (empty for an assignment, or a visit removed).
    pub date_after: String,
    /// The visit's stops in plan A.
    pub enterprises_before: String,
    /// The visit's stops in plan B.
    pub enterprises_after: String,
}

/// A figure of the summary in both plans (`None`: the plan does not have it).
#[derive(Debug, Clone, PartialEq)]
pub struct KpiDelta {
    /// The figure's key, e.g. `enterprises_reached`.
    pub name: &'static str,
    /// In plan A.
    pub before: Option<f64>,
    /// In plan B.
    pub after: Option<f64>,
}

/// Everything that differs between two plans.
#[derive(Debug, Clone, Default)]
pub struct PlanDiff {
    /// Every change, sorted by officer, target, kind and dates.
    pub changes: Vec<Change>,
    /// Visits in the same place on both sides.
    pub visits_kept: usize,
    /// The summary's figures on both sides.
    pub kpis: Vec<KpiDelta>,
}

impl PlanDiff {
    /// How many changes of one kind.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// Officers with an assignment gained or lost.
    pub fn officers_changed(&self) -> Vec<&str> {
        let mut o: Vec<&str> = self
            .changes
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::Gained | ChangeKind::Lost))
            .map(|c| c.pair.officer.as_str())
            .collect();
        o.sort_unstable();
        o.dedup();
        o
    }

    /// Whether the plans are the same (no change, every figure equal).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.kpis.iter().all(|k| k.before == k.after)
    }
}

/// Compares plan `a` (before) with plan `b` (after).
pub fn diff(a: &PlanIds, b: &PlanIds) -> PlanDiff {
    let mut changes = Vec::new();
    let set =
        |p: &PlanIds| -> std::collections::BTreeSet<PairIds> { p.pairs.iter().cloned().collect() };
    let (pa, pb) = (set(a), set(b));
    for (pairs, other, kind) in [(&pb, &pa, ChangeKind::Gained), (&pa, &pb, ChangeKind::Lost)] {
        for p in pairs.difference(other) {
            changes.push(Change {
                pair: p.clone(),
                kind,
                date_before: String::new(),
                date_after: String::new(),
                enterprises_before: String::new(),
                enterprises_after: String::new(),
            });
        }
    }

    type Side = Vec<(String, String)>;
    let mut by_pair: BTreeMap<PairIds, (Side, Side)> = BTreeMap::new();
    for v in &a.visits {
        let e = by_pair.entry(v.pair.clone()).or_default();
        e.0.push((v.date.clone(), v.enterprises.clone()));
    }
    for v in &b.visits {
        let e = by_pair.entry(v.pair.clone()).or_default();
        e.1.push((v.date.clone(), v.enterprises.clone()));
    }
    let mut kept = 0;
    for (pair, (mut before, mut after)) in by_pair {
        before.sort();
        after.sort();
        let change = |kind, b: Option<&(String, String)>, a: Option<&(String, String)>| Change {
            pair: pair.clone(),
            kind,
            date_before: b.map_or_else(String::new, |x| x.0.clone()),
            date_after: a.map_or_else(String::new, |x| x.0.clone()),
            enterprises_before: b.map_or_else(String::new, |x| x.1.clone()),
            enterprises_after: a.map_or_else(String::new, |x| x.1.clone()),
        };
        // Same date, same stops: kept.
        let mut rest_before = Vec::new();
        for v in before {
            if let Some(i) = after.iter().position(|w| *w == v) {
                after.remove(i);
                kept += 1;
            } else {
                rest_before.push(v);
            }
        }
        // Same date, other stops: changed.
        let mut unmatched = Vec::new();
        for v in rest_before {
            if let Some(i) = after.iter().position(|w| w.0 == v.0) {
                let w = after.remove(i);
                changes.push(change(ChangeKind::Changed, Some(&v), Some(&w)));
            } else {
                unmatched.push(v);
            }
        }
        // Other dates, in date order: moved; the rest added or removed.
        let n = unmatched.len().min(after.len());
        for (v, w) in unmatched.iter().zip(&after) {
            changes.push(change(ChangeKind::Moved, Some(v), Some(w)));
        }
        for v in &unmatched[n..] {
            changes.push(change(ChangeKind::Removed, Some(v), None));
        }
        for w in &after[n..] {
            changes.push(change(ChangeKind::Added, None, Some(w)));
        }
    }
    changes.sort_by(|x, y| {
        (&x.pair, x.kind, &x.date_before, &x.date_after).cmp(&(
            &y.pair,
            y.kind,
            &y.date_before,
            &y.date_after,
        ))
    });
    PlanDiff {
        changes,
        visits_kept: kept,
        kpis: kpis(a.summary.as_ref(), b.summary.as_ref()),
    }
}

/// The figures compared, from each side's summary.
fn kpis(a: Option<&Summary>, b: Option<&Summary>) -> Vec<KpiDelta> {
    type Get = fn(&Summary) -> Option<f64>;
    #[allow(clippy::cast_precision_loss)]
    let figures: [(&'static str, Get); 10] = [
        ("platforms_served", |s| {
            s.assignment
                .as_ref()
                .map(|a| f64::from(a.targets.platforms.achieved))
        }),
        ("chambers_served", |s| {
            s.assignment
                .as_ref()
                .map(|a| f64::from(a.targets.chambers.achieved))
        }),
        ("enterprises_reached", |s| {
            s.assignment
                .as_ref()
                .map(|a| f64::from(a.targets.enterprises.achieved))
        }),
        ("targets_met", |s| {
            s.assignment
                .as_ref()
                .map(|a| f64::from(u8::from(a.targets_met)))
        }),
        ("pairs", |s| {
            s.assignment.as_ref().map(|a| a.kpis.pairs as f64)
        }),
        ("officers_used", |s| {
            s.assignment.as_ref().map(|a| a.kpis.officers_used as f64)
        }),
        ("one_way_travel_hours_total", |s| {
            s.assignment
                .as_ref()
                .map(|a| a.kpis.one_way_travel_hours_total)
        }),
        ("trips", |s| s.schedule.as_ref().map(|x| x.trips as f64)),
        ("enterprises_visited", |s| {
            s.schedule.as_ref().map(|x| x.enterprises_visited as f64)
        }),
        ("visits_short", |s| {
            s.schedule
                .as_ref()
                .map(|x| f64::from(x.shortfalls.iter().map(|f| f.visits_short).sum::<u32>()))
        }),
    ];
    figures
        .iter()
        .map(|&(name, get)| KpiDelta {
            name,
            before: a.and_then(get),
            after: b.and_then(get),
        })
        .filter(|k| k.before.is_some() || k.after.is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(o: &str, t: &str) -> PairIds {
        PairIds {
            officer: o.to_owned(),
            kind: "platform".to_owned(),
            target: t.to_owned(),
        }
    }

    fn visit(date: &str, o: &str, t: &str, stops: &str) -> VisitIds {
        VisitIds {
            date: date.to_owned(),
            pair: pair(o, t),
            enterprises: stops.to_owned(),
        }
    }

    #[test]
    fn gains_losses_and_every_kind_of_visit_change_are_told_apart() {
        let a = PlanIds {
            pairs: vec![pair("o1", "u1"), pair("o2", "u2")],
            visits: vec![
                visit("2024-01-10", "o1", "u1", "e1;e2"),
                visit("2024-02-10", "o1", "u1", "e1;e2"),
                visit("2024-03-10", "o1", "u1", "e3"),
                visit("2024-01-11", "o2", "u2", "e5"),
            ],
            summary: None,
        };
        let b = PlanIds {
            pairs: vec![pair("o1", "u1"), pair("o3", "u2")],
            visits: vec![
                visit("2024-01-10", "o1", "u1", "e1;e2"),
                visit("2024-02-10", "o1", "u1", "e1;e4"),
                visit("2024-03-20", "o1", "u1", "e3"),
                visit("2024-04-20", "o1", "u1", "e3"),
                visit("2024-01-11", "o3", "u2", "e5"),
            ],
            summary: None,
        };
        let d = diff(&a, &b);
        assert_eq!(d.visits_kept, 1);
        let kinds: Vec<(ChangeKind, &str, &str, &str)> = d
            .changes
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.pair.officer.as_str(),
                    c.date_before.as_str(),
                    c.date_after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::Moved, "o1", "2024-03-10", "2024-03-20"),
                (ChangeKind::Changed, "o1", "2024-02-10", "2024-02-10"),
                (ChangeKind::Added, "o1", "", "2024-04-20"),
                (ChangeKind::Lost, "o2", "", ""),
                (ChangeKind::Removed, "o2", "2024-01-11", ""),
                (ChangeKind::Gained, "o3", "", ""),
                (ChangeKind::Added, "o3", "", "2024-01-11"),
            ]
            .iter()
            .map(|&(k, o, x, y)| (k, o, x, y))
            .collect::<Vec<_>>()
        );
        assert_eq!(d.officers_changed(), ["o2", "o3"]);
        assert!(diff(&a, &a).is_empty());
        assert!(!d.is_empty());
    }
}
