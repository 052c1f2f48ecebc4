//! The outputs of `tepai staff` (`docs/staffing.md`): `staff.csv` (one line per court: its
//! officers, the new officers it gets, their profile, the officers it could release),
//! `staff.json` (everything: the fewest additional officers with their proof, the marginal
//! gains, the release question) and the terminal table, in Chinese or English.
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use tepai_model::{CourtIdx, Scenario};
use tepai_solver::staff::{BoundFrom, Staffing};

use crate::{write_file, Lang};

/// One court's line.
#[derive(Debug, Clone, Serialize)]
pub struct CourtRow {
    /// Court id.
    pub court: String,
    /// Court name.
    pub name: String,
    /// Officers it has.
    pub officers: u32,
    /// New officers it gets (the fewest in total; empty when none was found).
    pub additional: Option<u32>,
    /// A new officer's rank there.
    pub new_rank: String,
    /// A new officer's days per quarter there.
    pub new_days_per_quarter: u32,
    /// Of its officers, how many could be released with every target met.
    pub releasable: Option<u32>,
}

/// The proof that one fewer cannot work.
#[derive(Debug, Clone, Serialize)]
pub struct Proof {
    /// `optimal` (the total equals the lower bound) or `heuristic`.
    pub status: &'static str,
    /// No set of fewer new officers reaches every target.
    pub lower_bound: u32,
    /// `zero`, `lp_relaxation` or `branch_and_bound`.
    pub bound_from: &'static str,
    /// The bound before rounding up.
    pub bound_value: f64,
    /// Why one fewer cannot work, in words.
    pub why: String,
}

/// The fewest additional officers.
#[derive(Debug, Clone, Serialize)]
pub struct Additional {
    /// Their total.
    pub total: u32,
    /// Court id → new officers (courts with none left out).
    pub per_court: std::collections::BTreeMap<String, u32>,
    /// The proof.
    pub proof: Proof,
}

/// A row of the marginal gain.
#[derive(Debug, Clone, Serialize)]
pub struct GainRow {
    /// Additional officers.
    pub extra: u32,
    /// Platforms served.
    pub platforms: u32,
    /// Chambers served.
    pub chambers: u32,
    /// Enterprises reached.
    pub enterprises: u32,
    /// Targets met, of 3.
    pub targets_met: u32,
    /// Whether no plan with this many officers does better.
    pub proven: bool,
}

/// The release question.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseOut {
    /// How many existing officers could be released.
    pub count: u32,
    /// Which (officer ids).
    pub officers: Vec<String>,
    /// No more than this many can be.
    pub upper_bound: u32,
    /// `optimal` (count equals the upper bound) or `heuristic`.
    pub status: &'static str,
    /// Whether the additional officers are kept in this answer.
    pub with_additional: bool,
}

/// `staff.json`.
#[derive(Debug, Clone, Serialize)]
pub struct StaffJson {
    /// Scenario name.
    pub scenario: String,
    /// Targets: platforms, chambers, enterprises required.
    pub required: [u32; 3],
    /// `ok` (a set of new officers reaches every target), `unreachable` (proven none does),
    /// `not_found` (none found within the time limit) or `solver_error`.
    pub outcome: &'static str,
    /// The fewest additional officers.
    pub additional_officers: Option<Additional>,
    /// Per court.
    pub courts: Vec<CourtRow>,
    /// How the marginal gain is computed.
    pub marginal_method: &'static str,
    /// Targets achieved with 0, 1, 2, … additional officers.
    pub marginal: Vec<GainRow>,
    /// The release question.
    pub release: Option<ReleaseOut>,
    /// HiGHS's failure, when it failed.
    pub solver_error: Option<String>,
}

const MARGINAL_METHOD: &str = "for k = 0, 1, 2, …: the hiring model with at most k new officers \
(any courts), minimising units and enterprises short of the targets, then maximising the reach \
value of the enterprises reached; each row solved by HiGHS within its share of the time limit \
(proven = no plan with k does better), its plan's trips repaired before it is counted";

/// Everything `tepai staff` writes, gathered from the scenario and the answer.
pub fn gather(s: &Scenario, st: &Staffing, lang: Lang) -> StaffJson {
    let additional = st.hires.as_ref().map(|h| {
        let per_court = h
            .per_court
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(c, &n)| (s.courts[c].id.to_string(), n))
            .collect();
        Additional {
            total: h.total,
            per_court,
            proof: Proof {
                status: if h.proven { "optimal" } else { "heuristic" },
                lower_bound: h.lower_bound,
                bound_from: h.bound_from.as_str(),
                bound_value: h.bound_value,
                why: why(h.bound_from, h.bound_value, h.lower_bound, lang),
            },
        }
    });
    let released: Vec<&str> = st
        .release
        .as_ref()
        .map(|r| r.officers.iter().map(|o| o.as_str()).collect())
        .unwrap_or_default();
    let courts = (0..s.courts.len())
        .map(|c| {
            let idx = CourtIdx::from(c);
            let profile = tepai_model::staffing::new_officer(s, idx, 1);
            let own: Vec<_> = s.officers.iter().filter(|o| o.court == idx).collect();
            CourtRow {
                court: s.courts[c].id.to_string(),
                name: s.courts[c].name.clone(),
                officers: count(own.len()),
                additional: st.hires.as_ref().map(|h| h.per_court[c]),
                new_rank: profile.rank.as_str().to_owned(),
                new_days_per_quarter: profile.days_per_quarter,
                releasable: st.release.as_ref().map(|_| {
                    count(
                        own.iter()
                            .filter(|o| released.contains(&o.id.as_str()))
                            .count(),
                    )
                }),
            }
        })
        .collect();
    let outcome = if st.error.is_some() && st.hires.is_none() {
        "solver_error"
    } else if st.hires.is_some() {
        "ok"
    } else if st.hires_proven_none {
        "unreachable"
    } else {
        "not_found"
    };
    StaffJson {
        scenario: s.name.clone(),
        required: [
            s.required_platforms(),
            s.required_chambers(),
            s.targets.enterprises_min,
        ],
        outcome,
        additional_officers: additional,
        courts,
        marginal_method: MARGINAL_METHOD,
        marginal: st
            .gains
            .iter()
            .map(|g| GainRow {
                extra: g.extra,
                platforms: g.coverage.platforms,
                chambers: g.coverage.chambers,
                enterprises: g.coverage.enterprises,
                targets_met: g.targets_met,
                proven: g.proven,
            })
            .collect(),
        release: st.release.as_ref().map(|r| ReleaseOut {
            count: count(r.officers.len()),
            officers: r.officers.iter().map(ToString::to_string).collect(),
            upper_bound: r.upper_bound,
            status: if r.proven { "optimal" } else { "heuristic" },
            with_additional: r.with_hires,
        }),
        solver_error: st.error.as_ref().map(ToString::to_string),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Why one fewer cannot work, in `lang`.
fn why(from: BoundFrom, value: f64, bound: u32, lang: Lang) -> String {
    let fewer = bound.saturating_sub(1);
    match (from, lang) {
        (BoundFrom::Zero, Lang::Zh) => "现有人员已可达成全部目标，无需新增".to_owned(),
        (BoundFrom::Zero, Lang::En) => "every target is met with the officers there are".to_owned(),
        (BoundFrom::Relaxation, Lang::Zh) => format!(
            "招录模型的线性松弛最优值为 {value:.3}，向上取整为 {bound}：{fewer} 名新增人员无法达成全部目标"
        ),
        (BoundFrom::Relaxation, Lang::En) => format!(
            "the hiring model's LP relaxation needs {value:.3} new officers; rounded up, {bound}: {fewer} cannot reach every target"
        ),
        (BoundFrom::Search, Lang::Zh) => format!(
            "分支定界证明的下界为 {value:.3}，向上取整为 {bound}：{fewer} 名新增人员无法达成全部目标"
        ),
        (BoundFrom::Search, Lang::En) => format!(
            "the branch-and-bound search proved a bound of {value:.3}; rounded up, {bound}: {fewer} cannot reach every target"
        ),
    }
}

/// `staff.csv`: a byte-order mark (for Excel), the English header, one line per court.
pub fn write_csv<W: Write>(out: W, j: &StaffJson) -> std::io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "court",
        "name",
        "officers",
        "additional",
        "new_rank",
        "new_days_per_quarter",
        "releasable",
    ])?;
    let opt = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in &j.courts {
        w.write_record([
            r.court.clone(),
            r.name.clone(),
            r.officers.to_string(),
            opt(r.additional),
            r.new_rank.clone(),
            r.new_days_per_quarter.to_string(),
            opt(r.releasable),
        ])?;
    }
    w.flush()
}

/// `staff.json`, pretty-printed.
pub fn write_json<W: Write>(out: W, j: &StaffJson) -> std::io::Result<()> {
    let mut out = out;
    serde_json::to_writer_pretty(&mut out, j)?;
    out.write_all(b"\n")
}

/// Writes `staff.csv` and `staff.json` into `dir`.
///
/// # Errors
/// The system's error, naming the file.
pub fn write_all(dir: &Path, j: &StaffJson) -> std::io::Result<()> {
    write_file(dir, "staff.csv", |w| write_csv(w, j))?;
    write_file(dir, "staff.json", |w| write_json(w, j))
}

/// The terminal's table, in `lang`.
pub fn table(j: &StaffJson, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut t = String::new();
    let [p, c, e] = j.required;
    let _ = writeln!(
        t,
        "{}{}",
        j.scenario,
        if zh {
            format!("：目标 平台 {p}、商会 {c}、企业 {e}")
        } else {
            format!(": targets {p} platforms, {c} chambers, {e} enterprises")
        }
    );
    match &j.additional_officers {
        Some(a) => {
            let _ = writeln!(
                t,
                "{}",
                if zh {
                    format!(
                        "最少新增人员：{} 名（{}）",
                        a.total,
                        if a.proof.status == "optimal" {
                            "已证明最少"
                        } else {
                            "未证明最少"
                        }
                    )
                } else {
                    format!(
                        "fewest additional officers: {} ({})",
                        a.total,
                        if a.proof.status == "optimal" {
                            "proven fewest"
                        } else {
                            "not proven fewest"
                        }
                    )
                }
            );
            let _ = write!(
                t,
                "  {}{}{}{}",
                lang.pick("证明：", "proof: "),
                a.proof.why,
                lang.pick("（下界 ", " (lower bound "),
                a.proof.lower_bound
            );
            t.push_str(lang.pick("）\n", ")\n"));
        }
        None => {
            let _ = writeln!(
                t,
                "{}",
                match j.outcome {
                    "unreachable" => lang.pick(
                        "任何数量的新增人员都无法达成全部目标（已证明）",
                        "no number of additional officers reaches every target (proven)"
                    ),
                    "solver_error" => lang.pick("求解器出错", "the solver failed"),
                    _ => lang.pick(
                        "时限内未找到可达成全部目标的新增人员方案",
                        "no set of additional officers reaching every target found in time"
                    ),
                }
            );
        }
    }
    let _ = writeln!(
        t,
        "  {:<14} {:>6} {:>6} {:<18} {:>6} {:>6}",
        lang.pick("法院", "court"),
        lang.pick("现有", "now"),
        lang.pick("新增", "add"),
        lang.pick("新增人员职级", "new officer rank"),
        lang.pick("天/季", "d/qtr"),
        lang.pick("可释放", "free")
    );
    for r in &j.courts {
        let rank = r
            .new_rank
            .parse::<tepai_model::Rank>()
            .map(|k| if zh { k.zh() } else { k.as_str() })
            .unwrap_or("");
        let opt = |v: Option<u32>| v.map_or("-".to_owned(), |v| v.to_string());
        let _ = writeln!(
            t,
            "  {:<14} {:>6} {:>6} {:<18} {:>6} {:>6}",
            r.court,
            r.officers,
            opt(r.additional),
            rank,
            r.new_days_per_quarter,
            opt(r.releasable)
        );
    }
    if !j.marginal.is_empty() {
        let _ = writeln!(
            t,
            "{}",
            lang.pick(
                "逐名新增的边际效果（每行为该人数下求得的最佳方案）：",
                "marginal gain (the best plan found with each number of additional officers):"
            )
        );
        let _ = writeln!(
            t,
            "  {:>5} {:>6} {:>6} {:>8} {:>6}  {}",
            lang.pick("新增", "extra"),
            lang.pick("平台", "plat."),
            lang.pick("商会", "chamb."),
            lang.pick("企业", "enterp."),
            lang.pick("达标", "met"),
            lang.pick("已证明", "proven")
        );
        for g in &j.marginal {
            let _ = writeln!(
                t,
                "  {:>5} {:>6} {:>6} {:>8} {:>4}/3  {}",
                g.extra,
                g.platforms,
                g.chambers,
                g.enterprises,
                g.targets_met,
                if g.proven {
                    lang.pick("是", "yes")
                } else {
                    lang.pick("否", "no")
                }
            );
        }
    }
    if let Some(r) = &j.release {
        let _ = writeln!(
            t,
            "{}",
            if zh {
                format!(
                    "可释放现有人员：{} 名（{}，至多 {} 名{}）{}",
                    r.count,
                    if r.status == "optimal" {
                        "已证明最多"
                    } else {
                        "未证明最多"
                    },
                    r.upper_bound,
                    if r.with_additional {
                        "，保留上述新增人员"
                    } else {
                        ""
                    },
                    if r.officers.is_empty() {
                        String::new()
                    } else {
                        format!("：{}", r.officers.join("、"))
                    }
                )
            } else {
                format!(
                    "existing officers that could be released: {} ({}, at most {}{}){}",
                    r.count,
                    if r.status == "optimal" {
                        "proven most"
                    } else {
                        "not proven most"
                    },
                    r.upper_bound,
                    if r.with_additional {
                        ", keeping the additional officers above"
                    } else {
                        ""
                    },
                    if r.officers.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", r.officers.join(", "))
                    }
                )
            }
        );
    }
    if let Some(e) = &j.solver_error {
        let _ = writeln!(t, "{}{e}", lang.pick("求解器错误：", "solver error: "));
    }
    t
}
