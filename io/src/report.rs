//! `report.html`: the plan on one page for the people who decide on it — one self-contained
//! file (no script, no font, no image, nothing fetched: its Content-Security-Policy forbids
//! it), in Chinese or English, that prints on A4.
//!
//! It shows the targets required against achieved, the region map, coverage by category and
//! county, the officers' load and travel, a calendar heat-map of trips per day, the per-court
//! table, and the diagnosis when targets fall short. A plan without a schedule (`tepai
//! assign`) has no travel, calendar or trip figures. The page depends only on the scenario
//! and the plan (no time of writing, no run times): the same plan gives the same bytes.
//!
//! Charts are hand-written SVG ([`svg`], [`map`]): four shapes (bars, histogram, heat-map,
//! map) whose every coordinate tepai controls, drawn with CSS classes so one stylesheet
//! colours them for the screen and for print, with no dependency to pull in.
pub mod figures;
pub mod map;
pub mod svg;

use std::fmt::Write as _;
use std::io::Write;

use tepai_model::{Category, CourtLevel, Scenario};
use tepai_solver::Plan;

use crate::{words, Lang};
use figures::{min_median_max, Figures, Reach};
use svg::{esc, fmt_num, Bar, Histogram};

/// Schedule shortfalls listed one by one in the diagnosis; the rest are counted.
const SHORTFALLS_LISTED: usize = 30;

/// Writes `report.html` of a plan.
///
/// # Errors
/// The writer's.
pub fn write_report<W: Write>(
    mut w: W,
    s: &Scenario,
    plan: &Plan,
    lang: Lang,
) -> std::io::Result<()> {
    w.write_all(render(s, plan, lang).as_bytes())
}

/// The page's text.
pub fn render(s: &Scenario, plan: &Plan, lang: Lang) -> String {
    let f = Figures::of(s, plan);
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut out = String::with_capacity(256 * 1024);
    let title = words::plan_title(&s.name, s.year, lang);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>{STYLE}</style>
</head>
<body>
<header id="overview">
<h1>{}</h1>
"#,
        l("zh-CN", "en"),
        esc(&title),
        esc(&title)
    );
    overview(&mut out, s, plan, &f, lang);
    out.push_str("</header>\n");

    section(&mut out, "targets", l("目标完成情况", "Targets"), "");
    targets(&mut out, &f, lang);
    out.push_str("</section>\n");

    diagnosis(&mut out, s, plan, &f, lang);

    section(&mut out, "map", l("区域地图", "Region map"), "page");
    out.push_str(&map::map(s, plan, &f.unit_served, lang));
    out.push_str(&map::legend(s, lang));
    out.push_str("</section>\n");

    section(&mut out, "coverage", l("企业覆盖", "Coverage"), "page");
    coverage(&mut out, &f, lang);
    out.push_str("</section>\n");

    section(
        &mut out,
        "officers",
        l("特派员负荷与出行", "Officer load and travel"),
        "",
    );
    officers(&mut out, s, plan, &f, lang);
    out.push_str("</section>\n");

    if let Some(per_day) = &f.trips_per_day {
        section(
            &mut out,
            "calendar",
            l("走访日历", "Visit calendar"),
            "page",
        );
        let _ = write!(
            out,
            "<p>{}</p>",
            l(
                "每格一天，颜色越深当天出行走访越多（团队同行计一次）。",
                "One cell per day; the darker, the more trips that day (a team's joint trip counts once)."
            )
        );
        out.push_str(&svg::heatmap(s.year, per_day, lang));
        periods(&mut out, plan, lang);
        out.push_str("</section>\n");
    }

    section(&mut out, "courts", l("各院汇总", "Per court"), "page");
    courts(&mut out, s, &f, lang);
    out.push_str("</section>\n");

    let _ = write!(
        out,
        "<footer>{} tepai {} · {} {}</footer>\n</body>\n</html>\n",
        l("由", "Made by"),
        esc(&plan.summary.tepai_version),
        l("场景指纹", "scenario SHA-256"),
        esc(&s.content_hash)
    );
    out
}

fn section(out: &mut String, id: &str, heading: &str, class: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(r#" class="{class}""#)
    };
    let _ = write!(out, "<section id=\"{id}\"{class}>\n<h2>{heading}</h2>\n");
}

/// `12,345` (thousands grouped; the same in both languages).
fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn pct(part: u32, whole: u32) -> String {
    if whole == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", 100.0 * f64::from(part) / f64::from(whole))
    }
}

fn overview(out: &mut String, s: &Scenario, plan: &Plan, f: &Figures, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let met = f.targets_met();
    let _ = write!(
        out,
        r#"<p class="verdict {}">{}</p>"#,
        if met { "ok" } else { "short" },
        if met {
            l("全部目标均已达成。", "Every target is met.")
        } else {
            l(
                "部分目标未能达成，原因见下方诊断。",
                "Some targets are not met; the diagnosis below says why.",
            )
        }
    );
    if let Some(a) = &plan.summary.assignment {
        let _ = write!(
            out,
            r#"<p class="quality">{}</p>"#,
            esc(&crate::words::quality(a, lang))
        );
    }
    let mut cards: Vec<(String, String)> = vec![(
        l("特派员", "Officers").to_owned(),
        format!(
            "{} / {}",
            int(u64::from(f.officers_used)),
            int(u64::from(f.officers))
        ),
    )];
    cards.push((
        l("覆盖企业", "Enterprises reached").to_owned(),
        int(u64::from(f.enterprises_reached)),
    ));
    let visited_counts = s.targets.enterprises_count == tepai_model::EnterprisesCount::Visited;
    if let Some(sch) = &plan.summary.schedule {
        cards.push((
            l("全年出行", "Trips in the year").to_owned(),
            int(sch.trips),
        ));
        cards.push((
            if visited_counts {
                l(
                    "走访企业（企业目标按此计）",
                    "Enterprises visited (the target's count)",
                )
            } else {
                l("走访企业", "Enterprises visited")
            }
            .to_owned(),
            int(sch.enterprises_visited),
        ));
        cards.push((
            l("最多可走访企业", "Visits can reach at most").to_owned(),
            int(sch.enterprises_visited_max),
        ));
        if let Some(h) = &f.travel_hours {
            let total: f64 = h.iter().sum();
            cards.push((
                l("路途时间（小时）", "Travel hours").to_owned(),
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                int(total.round().max(0.0) as u64),
            ));
        }
    }
    out.push_str(r#"<div class="cards">"#);
    for (label, value) in cards {
        let _ = write!(
            out,
            r#"<div class="card"><div class="value">{}</div><div class="label">{}</div></div>"#,
            esc(&value),
            esc(&label)
        );
    }
    out.push_str("</div>");
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} {} · {} {} · {} {}</p>",
        l("法院", "Courts"),
        int(s.courts.len() as u64),
        l("平台与商会", "Platforms and chambers"),
        int(s.units.len() as u64),
        l("企业", "Enterprises"),
        int(s.enterprises.len() as u64),
    );
}

fn targets(out: &mut String, f: &Figures, lang: Lang) {
    let rows: Vec<Bar<'_>> = [
        ("platforms", lang.pick("工业平台", "Platforms"), f.platforms),
        ("chambers", lang.pick("商会", "Chambers"), f.chambers),
        (
            "enterprises",
            if f.target_counts_visited {
                lang.pick("企业（走访）", "Enterprises (visited)")
            } else {
                lang.pick("企业", "Enterprises")
            },
            f.enterprises,
        ),
    ]
    .into_iter()
    .map(|(key, label, t)| Bar {
        label: label.into(),
        value: t.achieved,
        of: t.required,
        figure: match lang {
            Lang::Zh => format!(
                "实现 {} / 要求 {}",
                int(t.achieved.into()),
                int(t.required.into())
            ),
            Lang::En => format!(
                "{} of {} required",
                int(t.achieved.into()),
                int(t.required.into())
            ),
        },
        short: t.achieved < t.required,
        data: format!(
            r#" data-target="{key}" data-required="{}" data-achieved="{}""#,
            t.required, t.achieved
        ),
    })
    .collect();
    out.push_str(&svg::bars(&rows, true, "targets"));
    let _ = write!(
        out,
        r#"<p class="note">{}</p>"#,
        lang.pick(
            "条形为实现数，竖线为要求数。",
            "Bars: achieved; vertical lines: required."
        )
    );
}

fn diagnosis(out: &mut String, s: &Scenario, plan: &Plan, f: &Figures, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let d = plan
        .summary
        .assignment
        .as_ref()
        .and_then(|a| a.diagnosis.as_ref());
    let visit_short = plan
        .summary
        .schedule
        .as_ref()
        .map_or(&[][..], |sch| &sch.shortfalls[..]);
    if d.is_none() && visit_short.is_empty() && f.targets_met() {
        return;
    }
    section(out, "diagnosis", l("诊断", "Diagnosis"), "");
    let court_name = |id: &str| {
        s.court_by_id(id)
            .map_or_else(|| id.to_owned(), |c| s.court(c).name.clone())
    };
    if let Some(d) = d {
        out.push_str("<ul class=\"short\">");
        for t in &d.shortfalls {
            let _ = write!(
                out,
                r#"<li data-short="{}">{}</li>"#,
                esc(&t.target),
                match lang {
                    Lang::Zh => format!(
                        "{}：要求 {}，实现 {}，缺 {}。",
                        words::target_name(&t.target, lang),
                        int(t.required.into()),
                        int(t.achieved.into()),
                        int(t.short_by.into())
                    ),
                    Lang::En => format!(
                        "{}: {} required, {} achieved, {} short.",
                        words::target_name(&t.target, lang),
                        int(t.required.into()),
                        int(t.achieved.into()),
                        int(t.short_by.into())
                    ),
                }
            );
        }
        out.push_str("</ul>");
        if let Some(add) = &d.additional_officers {
            let total: u32 = add.values().sum();
            let _ = write!(
                out,
                "<p class=\"additional\">{} <strong>{}</strong>{}</p>",
                l(
                    "补齐全部缺口所需增派的特派员：",
                    "Additional officers that close every gap:"
                ),
                total,
                if d.additional_officers_proven_minimal {
                    l("（已证明为最少）", " (proven fewest)")
                } else {
                    l(
                        "（时限内找到的最好结果，未证明最少）",
                        " (best found within the time limit, not proven fewest)",
                    )
                }
            );
            if !add.is_empty() {
                let _ = write!(
                    out,
                    "<table class=\"add\"><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
                    l("法院", "Court"),
                    l("增派人数", "Additional officers")
                );
                for (court, k) in add {
                    let _ = write!(
                        out,
                        r#"<tr><td>{}</td><td class="n">{k}</td></tr>"#,
                        esc(&court_name(court))
                    );
                }
                out.push_str("</tbody></table>");
            }
        } else if let Some(e) = &d.additional_officers_error {
            let _ = write!(out, "<p>{}</p>", esc(e));
        }
        if !d.unreachable_units.is_empty() {
            let _ = write!(
                out,
                "<h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
                l("无法服务的平台或商会", "Units no plan can serve"),
                l("单位", "Unit"),
                l("原因", "Why")
            );
            for u in &d.unreachable_units {
                let name = s
                    .unit_by_id(&u.unit)
                    .map_or_else(|| u.unit.clone(), |i| s.unit(i).name.clone());
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    esc(&name),
                    esc(&words::unit_reason(&u.reason, lang))
                );
            }
            out.push_str("</tbody></table>");
        }
        if d.unreachable_enterprises > 0 {
            let _ = write!(
                out,
                "<p>{}</p>",
                match lang {
                    Lang::Zh => format!(
                        "{} 家企业超出所有特派员的可达范围。",
                        int(d.unreachable_enterprises.into())
                    ),
                    Lang::En => format!(
                        "{} enterprises lie beyond every officer's reach.",
                        int(d.unreachable_enterprises.into())
                    ),
                }
            );
        }
        if !d.courts.is_empty() {
            let _ = write!(
                out,
                "<h3>{}</h3><table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
                l("各院人员与附近未服务单位", "Courts: officers and unserved units nearby"),
                l("法院", "Court"),
                l("特派员", "Officers"),
                l("已派出", "Used"),
                l("附近未服务单位", "Unserved units nearby")
            );
            for c in &d.courts {
                let _ = write!(
                    out,
                    r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
                    esc(&court_name(&c.court)),
                    c.officers,
                    c.used,
                    c.unserved_units_nearby
                );
            }
            out.push_str("</tbody></table>");
        }
    }
    if !visit_short.is_empty() {
        let visits: u32 = visit_short.iter().map(|v| v.visits_short).sum();
        let stops: u32 = visit_short.iter().map(|v| v.stops_short).sum();
        let _ = write!(
            out,
            "<h3>{}</h3><p>{}</p>",
            l("未能安排的走访", "Visits the schedule could not make"),
            match lang {
                Lang::Zh => format!("共缺 {visits} 次走访、{stops} 个企业走访点。"),
                Lang::En => format!("{visits} visits and {stops} member stops missing in all."),
            }
        );
        let _ = write!(
            out,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            l("特派员", "Officer"),
            l("期间", "Period"),
            l("对象", "Target"),
            l("原因", "Why"),
            l("缺少次数", "Visits short")
        );
        for v in visit_short.iter().take(SHORTFALLS_LISTED) {
            let officer = s
                .officer_by_id(&v.officer_id)
                .map_or_else(|| v.officer_id.clone(), |o| s.officer(o).name.clone());
            let target = v.target_id.as_deref().map_or_else(String::new, |t| {
                s.unit_by_id(t)
                    .map(|u| s.unit(u).name.clone())
                    .or_else(|| {
                        s.enterprise_by_id(t)
                            .map(|e| s.enterprise(e).name.to_string())
                    })
                    .unwrap_or_else(|| t.to_owned())
            });
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td></tr>"#,
                esc(&officer),
                esc(&words::period_label(&v.period, lang)),
                esc(&target),
                esc(&words::visit_rule(&v.rule, lang)),
                v.visits_short
            );
        }
        out.push_str("</tbody></table>");
        if visit_short.len() > SHORTFALLS_LISTED {
            let _ = write!(
                out,
                "<p class=\"note\">{}</p>",
                match lang {
                    Lang::Zh => format!(
                        "另有 {} 条未列出，详见 summary.json。",
                        visit_short.len() - SHORTFALLS_LISTED
                    ),
                    Lang::En => format!(
                        "{} more not listed; see summary.json.",
                        visit_short.len() - SHORTFALLS_LISTED
                    ),
                }
            );
        }
    }
    out.push_str("</section>\n");
}

fn category_label(key: &str, lang: Lang) -> String {
    let zh = match key.parse::<Category>() {
        Ok(Category::Listed) => "上市公司",
        Ok(Category::StateOwned) => "国有企业",
        Ok(Category::Foreign) => "外资企业",
        Ok(Category::HighTech) => "高新技术企业",
        Ok(Category::Green) => "绿色企业",
        Err(()) => key,
    };
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => key.replace('_', " "),
    }
}

fn reach_bars(rows: &[Reach], label: impl Fn(&str) -> String, group: &str) -> String {
    let bars: Vec<Bar<'_>> = rows
        .iter()
        .map(|r| Bar {
            label: label(&r.key).into(),
            value: r.reached,
            of: r.total,
            figure: format!(
                "{} / {} ({})",
                int(r.reached.into()),
                int(r.total.into()),
                pct(r.reached, r.total)
            ),
            short: false,
            data: format!(
                r#" data-{group}="{}" data-total="{}" data-reached="{}""#,
                esc(&r.key),
                r.total,
                r.reached
            ),
        })
        .collect();
    svg::bars(&bars, false, group)
}

fn coverage(out: &mut String, f: &Figures, lang: Lang) {
    let _ = write!(
        out,
        "<p>{}</p><h3>{}</h3>",
        lang.pick(
            "深色为已覆盖企业（经所服务的平台、商会或直接服务），浅色为该组企业总数。",
            "Dark: enterprises reached (through a served unit or directly); light: all enterprises of the group."
        ),
        lang.pick("按企业类别", "By category")
    );
    out.push_str(&reach_bars(
        &f.categories,
        |k| category_label(k, lang),
        "category",
    ));
    let _ = write!(out, "<h3>{}</h3>", lang.pick("按县区", "By county"));
    out.push_str(&reach_bars(&f.counties, ToOwned::to_owned, "county"));
}

fn spread(values: &[f64], unit: &str, lang: Lang) -> String {
    match min_median_max(values) {
        None => String::new(),
        Some((lo, mid, hi)) => match lang {
            Lang::Zh => format!(
                "最少 {} {unit}，中位数 {} {unit}，最多 {} {unit}。",
                fmt_num(lo),
                fmt_num(mid),
                fmt_num(hi)
            ),
            Lang::En => format!(
                "min {} {unit}, median {} {unit}, max {} {unit}.",
                fmt_num(lo),
                fmt_num(mid),
                fmt_num(hi)
            ),
        },
    }
}

fn officers(out: &mut String, s: &Scenario, plan: &Plan, f: &Figures, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let (period, periods) = match s.rules.period {
        tepai_model::PeriodKind::Quarter => (l("每季度", "per quarter"), l("季度", "quarters")),
        tepai_model::PeriodKind::Month => (l("每月", "per month"), l("月", "months")),
    };
    let day = s.rules.day_minutes;
    let _ = write!(
        out,
        r#"<h3>{}</h3><p class="note">{}</p><p class="spread" data-figure="load-days">{} {}</p>"#,
        match lang {
            Lang::Zh => format!("计划负荷：{period}折合工作日"),
            Lang::En => format!("Planned load: working days {period}"),
        },
        match lang {
            Lang::Zh => format!(
                "每名已派出特派员{period}计划的路程加现场时间，按每个工作日 {day} 分钟折算。"
            ),
            Lang::En => format!(
                "Each officer's planned travel and on-site time {period}, in working days of \
                 {day} minutes."
            ),
        },
        match lang {
            Lang::Zh => format!("已派出的 {} 名特派员：", f.load_days.len()),
            Lang::En => format!("{} officers with targets:", f.load_days.len()),
        },
        spread(&f.load_days, l("天", "days"), lang)
    );
    out.push_str(&svg::histogram(
        &Histogram::of(&f.load_days, 12),
        l("天", "days"),
        l("名特派员", "officers"),
        "load",
    ));
    if let Some(d) = plan
        .summary
        .schedule
        .as_ref()
        .and_then(|sch| sch.days_used_per_officer_and_period)
    {
        let figure = match lang {
            Lang::Zh => format!(
                "最少 {} 天，中位数 {} 天，最多 {} 天。",
                fmt_num(d.min),
                fmt_num(d.median),
                fmt_num(d.max)
            ),
            Lang::En => format!(
                "min {} days, median {} days, max {} days.",
                fmt_num(d.min),
                fmt_num(d.median),
                fmt_num(d.max)
            ),
        };
        let _ = write!(
            out,
            r#"<h3>{}</h3><p class="note">{}</p><p class="spread" data-figure="days-out">{figure}</p>"#,
            match lang {
                Lang::Zh => format!("出行天数：{period}实际出行的日子"),
                Lang::En => format!("Days out {period}: calendar days with a trip"),
            },
            match lang {
                Lang::Zh => format!(
                    "每名特派员在有出行的{periods}里出行的日子数（plan.xlsx 总览中的“每人每期出行天数”）：\
                     一天有出行即计 1 天，不论路程和现场用了几小时，所以通常多于上面的折合工作日。"
                ),
                Lang::En => format!(
                    "The days each officer travels, in each of its {periods} with a trip \
                     (plan.xlsx's “days out per officer and period”): a day with a trip counts \
                     as one however few hours it takes, so it is usually more than the working \
                     days above."
                ),
            }
        );
    }
    if let Some(hours) = &f.travel_hours {
        let _ = write!(
            out,
            r#"<h3>{}</h3><p class="spread" data-figure="travel-hours">{} {}</p>"#,
            l("全年路途时间", "Travel hours in the year"),
            match lang {
                Lang::Zh => format!("有走访的 {} 名特派员：", hours.len()),
                Lang::En => format!("{} officers with visits:", hours.len()),
            },
            spread(hours, l("小时", "h"), lang)
        );
        out.push_str(&svg::histogram(
            &Histogram::of(hours, 12),
            l("小时", "hours"),
            l("名特派员", "officers"),
            "travel",
        ));
    }
}

fn periods(out: &mut String, plan: &Plan, lang: Lang) {
    let Some(sch) = &plan.summary.schedule else {
        return;
    };
    let _ = write!(
        out,
        "<table class=\"periods\"><thead><tr><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        lang.pick("期间", "Period"),
        lang.pick("出行次数", "Trips")
    );
    for (p, n) in &sch.visits_per_period {
        let _ = write!(
            out,
            r#"<tr data-period="{}"><td>{}</td><td class="n">{}</td></tr>"#,
            esc(p),
            esc(&words::period_label(p, lang)),
            int(*n)
        );
    }
    let _ = write!(
        out,
        r#"<tr class="total"><td>{}</td><td class="n" data-figure="trips">{}</td></tr></tbody></table>"#,
        lang.pick("合计", "Total"),
        int(sch.trips)
    );
}

fn level_label(level: CourtLevel, lang: Lang) -> &'static str {
    match (level, lang) {
        (CourtLevel::High, Lang::Zh) => "高级法院",
        (CourtLevel::Intermediate, Lang::Zh) => "中级法院",
        (CourtLevel::Basic, Lang::Zh) => "基层法院",
        (CourtLevel::Bureau, Lang::Zh) => "司法局",
        (CourtLevel::High, Lang::En) => "high court",
        (CourtLevel::Intermediate, Lang::En) => "intermediate court",
        (CourtLevel::Basic, Lang::En) => "basic court",
        (CourtLevel::Bureau, Lang::En) => "justice bureau",
    }
}

fn courts(out: &mut String, s: &Scenario, f: &Figures, lang: Lang) {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let scheduled = f.trips_per_day.is_some();
    let _ = write!(
        out,
        "<table class=\"courts\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th>",
        l("法院", "Court"),
        l("层级", "Level"),
        l("县区", "County"),
        l("特派员", "Officers"),
        l("已派出", "Used"),
        l("服务平台/商会", "Units served"),
        l("直接服务企业", "Served directly"),
        l("覆盖企业", "Enterprises reached"),
    );
    if scheduled {
        let _ = write!(
            out,
            "<th class=\"n\">{}</th><th class=\"n\">{}</th>",
            l("出行人次", "Officer trips"),
            l("路途小时", "Travel hours")
        );
    }
    out.push_str("</tr></thead><tbody>");
    for r in &f.courts {
        let c = s.court(r.court);
        let _ = write!(
            out,
            r#"<tr data-court="{}"><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td>"#,
            esc(c.id.as_str()),
            esc(&c.name),
            level_label(c.level, lang),
            esc(&c.county),
            r.officers,
            r.used,
            r.units,
            r.direct,
            int(r.reached.into())
        );
        if let (Some(t), Some(h)) = (r.trips, r.travel_hours) {
            let _ = write!(
                out,
                r#"<td class="n">{}</td><td class="n">{h:.1}</td>"#,
                int(t.into())
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// The page's stylesheet: screen and A4 print.
pub(crate) const STYLE: &str = r#"
:root{--ink:#1d2733;--muted:#5b6775;--line:#d7dde4;--ok:#2e7d4f;--short:#c0392b;--bar:#2f6fb0;--light:#dce7f3;--accent:#8e1b1b}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1060px;padding:24px 28px;color:var(--ink);font:14px/1.55 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",system-ui,sans-serif;background:#fff}
h1{font-size:24px;margin:0 0 8px;color:var(--accent)}
h2{font-size:19px;margin:28px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
p{margin:6px 0}
.verdict{font-size:17px;font-weight:600}
.verdict.ok{color:var(--ok)}
.verdict.short{color:var(--short)}
.quality,.meta,.note{color:var(--muted)}
.note{font-size:12px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{flex:1 1 150px;border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.card .value{font-size:22px;font-weight:600}
.card .label{color:var(--muted);font-size:12px}
svg.chart{display:block;width:100%;height:auto;margin:6px 0}
svg text{font-size:12px;fill:var(--ink);font-family:inherit}
svg .tick{font-size:10px;fill:var(--muted)}
svg .bar{fill:var(--bar)}
svg .bar.short{fill:var(--short)}
svg .total{fill:var(--light)}
svg .marker{stroke:var(--ink);stroke-width:2}
svg .axis{stroke:var(--muted)}
svg.heatmap rect{stroke:#fff;stroke-width:.5}
.h0{fill:#eef1f4}.h1{fill:#c6dbef}.h2{fill:#6baed6}.h3{fill:#2171b5}.h4{fill:#08306b}
svg.map{display:block;width:100%;height:auto;border:1px solid var(--line)}
.sea{fill:#f7f9fb}
.link-unit{stroke:#2f6fb0;stroke-width:.8;stroke-opacity:.45;fill:none}
.link-direct{stroke:#d98c1f;stroke-width:.6;stroke-opacity:.45;fill:none}
.ent-on{stroke:#2e7d4f;stroke-width:2.4;stroke-linecap:round;fill:none;stroke-opacity:.7}
.ent-off{stroke:#b7bec6;stroke-width:2.4;stroke-linecap:round;fill:none}
.platform,.chamber{stroke:#fff;stroke-width:.8}
.platform.served{fill:#6a3d9a}.chamber.served{fill:#1f78b4}
.platform.unserved,.chamber.unserved{fill:#fff;stroke:var(--short);stroke-width:1.4}
.court{fill:var(--accent);stroke:#fff;stroke-width:1}
ul.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px}
ul.legend li{display:flex;align-items:center;gap:5px}
ul.legend svg{overflow:visible}
table{border-collapse:collapse;width:100%;margin:6px 0;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f5f7;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600}
table.periods,table.add{width:auto;min-width:300px}
ul.short{color:var(--short);font-weight:600}
footer{margin-top:32px;color:var(--muted);font-size:11px;word-break:break-all}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  section.page{break-before:page}
  h2,h3{break-after:avoid}
  svg,tr,.card,ul.legend{break-inside:avoid}
  thead{display:table-header-group}
  svg.map{max-height:235mm}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

#[cfg(test)]
mod tests {
    use std::path::Path;

    use tepai_solver::candidates::pair_load;
    use tepai_solver::{Plan, PlanOptions};

    use super::*;

    fn planned(rel: &str, schedule: bool) -> (Scenario, Plan) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../scenarios")
            .join(rel);
        let s = tepai_model::load(&dir)
            .expect("a shipped scenario")
            .scenario;
        let mut options = PlanOptions::from_scenario(&s);
        options.schedule = schedule;
        let plan = tepai_solver::plan(&s, &options).expect("plans");
        (s, plan)
    }

    /// The numbers of `data-<name>="…"` attributes, in page order.
    fn data(html: &str, name: &str) -> Vec<f64> {
        let key = format!("data-{name}=\"");
        html.split(&key)
            .skip(1)
            .map(|t| t[..t.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    #[test]
    fn every_figure_equals_the_plans_own() {
        let (s, plan) = planned("nanping-2024", true);
        let f = Figures::of(&s, &plan);
        let a = plan.summary.assignment.as_ref().unwrap();
        let sch = plan.summary.schedule.as_ref().unwrap();
        let t = a.targets;
        for (mine, theirs) in [
            (f.platforms, t.platforms),
            (f.chambers, t.chambers),
            (f.enterprises, t.enterprises),
        ] {
            assert_eq!(
                (mine.required, mine.achieved),
                (theirs.required, theirs.achieved)
            );
        }
        assert_eq!(u64::from(f.officers), a.kpis.officers);
        assert_eq!(u64::from(f.officers_used), a.kpis.officers_used);
        assert_eq!(f.load_days.len() as u64, a.kpis.officers_used);
        let load: f64 = plan
            .assignment
            .pairs
            .iter()
            .map(|&(o, t)| pair_load(&s, o, t).unwrap())
            .sum();
        let drawn: f64 = f.load_days.iter().sum::<f64>() * f64::from(s.rules.day_minutes);
        assert!((load - drawn).abs() < 1e-6, "{load} {drawn}");
        let hours = f.travel_hours.as_ref().unwrap();
        let mmm = sch.travel_hours_per_officer.unwrap();
        assert_eq!(min_median_max(hours), Some((mmm.min, mmm.median, mmm.max)));
        assert_eq!(hours.len() as u64, sch.calendars);
        let per_day = f.trips_per_day.as_ref().unwrap();
        assert_eq!(
            per_day.values().map(|&n| u64::from(n)).sum::<u64>(),
            sch.trips
        );
        // Coverage: every enterprise counted once per county, reached ones as the target says.
        let total: u32 = f.counties.iter().map(|c| c.total).sum();
        let reached: u32 = f.counties.iter().map(|c| c.reached).sum();
        assert_eq!(total as usize, s.enterprises.len());
        assert_eq!(reached, t.enterprises.achieved);
        for c in &f.categories {
            let cat: Category = c.key.parse().unwrap();
            let of = s.enterprises.iter().filter(|e| e.categories.contains(cat));
            assert_eq!(c.total as usize, of.count());
            assert!(c.reached <= c.total);
        }
        // Courts add up to the plan's totals.
        assert_eq!(f.courts.iter().map(|c| c.officers).sum::<u32>(), f.officers);
        assert_eq!(
            f.courts.iter().map(|c| c.used).sum::<u32>(),
            f.officers_used
        );
        assert_eq!(
            f.courts
                .iter()
                .map(|c| u64::from(c.trips.unwrap()))
                .sum::<u64>(),
            sch.rows
        );
        assert_eq!(
            f.courts.iter().map(|c| c.direct).sum::<u32>() as u64,
            a.kpis.enterprises_served_directly
        );

        // The page carries the same figures.
        let html = render(&s, &plan, Lang::Zh);
        assert_eq!(
            data(&html, "required"),
            [
                t.platforms.required,
                t.chambers.required,
                t.enterprises.required
            ]
            .map(f64::from)
        );
        assert_eq!(
            data(&html, "achieved"),
            [
                t.platforms.achieved,
                t.chambers.achieved,
                t.enterprises.achieved
            ]
            .map(f64::from)
        );
        assert_eq!(data(&html, "trips").iter().sum::<f64>(), sch.trips as f64);
        assert_eq!(
            data(&html, "count").iter().sum::<f64>(),
            (a.kpis.officers_used + sch.calendars) as f64,
            "the two histograms count every used officer and every officer with visits"
        );
        assert_eq!(
            data(&html, "reached").iter().sum::<f64>(),
            f64::from(t.enterprises.achieved)
                + f.categories
                    .iter()
                    .map(|c| f64::from(c.reached))
                    .sum::<f64>()
        );
        let spread = format!(
            "最少 {} 小时，中位数 {} 小时，最多 {} 小时",
            fmt_num(mmm.min),
            fmt_num(mmm.median),
            fmt_num(mmm.max)
        );
        assert!(html.contains(&spread), "{spread}");
        // The title names the year once; periods read as words; the planned load (working
        // days) and the days out (summary.json's) each say what they count.
        assert!(html.contains("<h1>Nanping 2024 年度法律特派员派驻方案</h1>"));
        for (label, words) in [("2024-Q1", "2024年第一季度"), ("2024-Q4", "2024年第四季度")]
        {
            let row = format!(r#"<tr data-period="{label}"><td>{words}</td>"#);
            assert!(html.contains(&row), "{row}");
        }
        assert!(html.contains("<h3>计划负荷：每季度折合工作日</h3>"));
        let days = sch.days_used_per_officer_and_period.unwrap();
        let days_out = format!(
            r#"data-figure="days-out">最少 {} 天，中位数 {} 天，最多 {} 天。</p>"#,
            fmt_num(days.min),
            fmt_num(days.median),
            fmt_num(days.max)
        );
        assert!(html.contains(&days_out), "{days_out}");
        let load = min_median_max(&f.load_days).unwrap();
        assert!(load.1 < days.median, "fewer working days than days out");
        assert!(html.contains(&format!(r#"data-figure="trips">{}<"#, int(sch.trips))));
        // Every served unit is drawn as served, every other one as not.
        let served = f.unit_served.iter().filter(|&&x| x).count();
        assert_eq!(served as u32, t.platforms.achieved + t.chambers.achieved);
        let map = &html[html.find("<svg class=\"map\"").unwrap()..];
        let map = &map[..map.find("</svg>").unwrap()];
        assert_eq!(map.matches(" served\" d=").count(), served);
        assert_eq!(
            map.matches(" unserved\" d=").count(),
            s.units.len() - served
        );
        assert_eq!(map.matches("class=\"court\"").count(), s.courts.len());
        assert!(html.contains("id=\"calendar\""));
        assert!(!html.contains("id=\"diagnosis\""), "every target is met");
    }

    #[test]
    fn a_plan_without_a_schedule_has_no_calendar_parts() {
        let (s, plan) = planned("nanping-2024", false);
        let html = render(&s, &plan, Lang::En);
        for part in [
            "id=\"calendar\"",
            "data-date=",
            "data-figure=\"travel-hours\"",
            "Officer trips",
        ] {
            assert!(!html.contains(part), "{part}");
        }
        for part in [
            "id=\"targets\"",
            "id=\"map\"",
            "id=\"coverage\"",
            "id=\"courts\"",
            "data-figure=\"load-days\"",
        ] {
            assert!(html.contains(part), "{part}");
        }
        assert!(html.contains("<html lang=\"en\">"));
        assert!(html.contains("Every target is met."));
    }

    #[test]
    fn every_user_text_is_escaped_and_the_page_fetches_nothing() {
        let evil = r#"<script>alert("x")</script> & 'q'"#;
        // Enterprises' counties are the scenario's own tags: write them into a copy.
        let shipped =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/adversarial/teams-clean");
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(&shipped).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
        let table = std::fs::read_to_string(dir.path().join("enterprises.csv")).unwrap();
        let mut rows = csv::Reader::from_reader(table.as_bytes());
        let headers = rows.headers().unwrap().clone();
        let county = headers.iter().position(|h| h == "county").unwrap();
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(&headers).unwrap();
        for row in rows.records() {
            let row = row.unwrap();
            let cells = row
                .iter()
                .enumerate()
                .map(|(i, c)| if i == county { evil } else { c });
            out.write_record(cells).unwrap();
        }
        std::fs::write(
            dir.path().join("enterprises.csv"),
            out.into_inner().unwrap(),
        )
        .unwrap();
        let mut s = tepai_model::load(dir.path()).expect("loads").scenario;
        let mut options = PlanOptions::from_scenario(&s);
        options.schedule = true;
        let plan = tepai_solver::plan(&s, &options).expect("plans");
        s.name = evil.to_owned();
        s.courts[0].name = evil.to_owned();
        s.courts[0].county = evil.to_owned();
        s.units[0].name = evil.to_owned();
        assert_eq!(s.tag(s.enterprises[0].county), evil);
        let html = render(&s, &plan, Lang::Zh);
        assert!(!html.contains("<script"), "no markup from user text");
        assert!(!html.contains("alert(\""));
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;")
        );
        // Self-contained: nothing refers outside the file.
        for needle in ["http:", "https:", "src=", "href=", "url(", "@import"] {
            let hits: Vec<_> = html
                .match_indices(needle)
                .filter(|(i, _)| !html[..*i].ends_with("xmlns=\""))
                .collect();
            assert!(hits.is_empty(), "{needle}: {hits:?}");
        }
        assert!(html.contains("default-src 'none'"));
        assert_eq!(
            html,
            render(&s, &plan, Lang::Zh),
            "the same plan, the same page"
        );
    }
}
