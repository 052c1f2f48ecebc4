//! `bench.html`, the page of a `tepai bench` run: the table of cases, where each case's time
//! goes (a bar per case, one segment per stage, the baseline's total as a marker), its peak
//! memory and its gap against the bound, and the regressions when a baseline was given.
//! One self-contained file (inline style and SVG, no script), in Chinese or English.
use std::fmt::Write as _;

use crate::bench::{BenchCase, BenchReport, Regression};
use crate::report::svg::{c1, esc};
use crate::report::STYLE;
use crate::Lang;

/// The stages a case's total is made of, in the order they run, with their colours.
const STAGES: [(&str, &str, &str, &str); 10] = [
    ("load", "读入", "load", "#7f7f7f"),
    ("graph", "候选图", "candidate graph", "#bcbd22"),
    ("heuristic", "启发式", "heuristic", "#17becf"),
    ("model_build", "建模", "model build", "#9467bd"),
    ("lp", "线性松弛", "LP", "#1f77b4"),
    ("pricing", "定价", "pricing", "#aec7e8"),
    ("mip", "整数规划", "MIP", "#d62728"),
    ("diagnosis", "诊断", "diagnosis", "#ff9896"),
    ("schedule", "排程", "schedule", "#2ca02c"),
    ("write", "写出", "write", "#ff7f0e"),
];

const WIDTH: f64 = 720.0;
const LABEL: f64 = 190.0;
const FIGURE: f64 = 110.0;
const ROW: f64 = 24.0;

/// The page of `report`, compared with `baseline` when given (`regressions` is then what
/// [`crate::bench::compare`] found at `tolerance`).
pub fn bench_html(
    report: &BenchReport,
    baseline: Option<&BenchReport>,
    regressions: Option<&[Regression]>,
    tolerance: f64,
    lang: Lang,
) -> String {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let title = match lang {
        Lang::Zh => format!("基准测试：{}", report.suite),
        Lang::En => format!("Benchmark: {}", report.suite),
    };
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="{}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<style>{STYLE}
table.bench td.num,table.bench th.num{{text-align:right}}
tr.regressed td{{color:var(--short)}}
.legend span{{display:inline-block;margin-right:12px;font-size:12px}}
.legend i{{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}}
</style>
</head>
<body>
<header id="overview">
<h1>{}</h1>
<p class="meta">{} {} · {} {} · {} {}</p>
"#,
        l("zh-CN", "en"),
        esc(&title),
        esc(&title),
        l("tepai 版本", "tepai"),
        esc(&report.tepai_version),
        l("每次整数规划的节点上限", "node limit per MIP solve"),
        report.node_limit,
        l("用例", "cases"),
        report.cases.len(),
    );
    verdict(&mut out, report, baseline, regressions, tolerance, lang);
    out.push_str("</header>\n");

    let _ = writeln!(out, "<section id=\"cases\"><h2>{}</h2>", l("用例", "Cases"));
    cases_table(&mut out, report, regressions.unwrap_or(&[]), lang);
    out.push_str("</section>\n");

    let _ = write!(
        out,
        "<section id=\"time\"><h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        l("耗时分布", "Where the time goes"),
        l(
            "每个用例一条：各阶段的墙钟秒数依次相接；竖线是基线的总耗时。",
            "One bar per case: the wall-clock seconds of each stage, end to end; the line is the baseline's total."
        )
    );
    legend(&mut out, lang);
    time_chart(&mut out, report, baseline);
    out.push_str("</section>\n");

    let _ = write!(
        out,
        "<section id=\"memory\"><h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        l("内存峰值", "Peak memory"),
        l(
            "每个用例在独立进程中运行时的常驻内存峰值（MiB）；竖线是基线的数值。",
            "Peak resident memory of each case, run in a process of its own (MiB); the line is the baseline's."
        )
    );
    let memory: Vec<(String, Option<f64>, Option<f64>)> = report
        .cases
        .iter()
        .map(|c| {
            let base = case_of(baseline, &c.name).and_then(|b| b.measured.peak_rss_mib);
            (c.name.clone(), c.measured.peak_rss_mib, base)
        })
        .collect();
    simple_chart(&mut out, "memory", &memory, |v| format!("{v:.1} MiB"));
    out.push_str("</section>\n");

    let _ = write!(
        out,
        "<section id=\"gap\"><h2>{}</h2>\n<p class=\"note\">{}</p>\n",
        l("与下界的差距", "Gap to the bound"),
        l(
            "（目标值 − 下界）÷ max(1, |目标值|)，单位 %；竖线是基线的数值。",
            "(objective − bound) ÷ max(1, |objective|), in %; the line is the baseline's."
        )
    );
    let gaps: Vec<(String, Option<f64>, Option<f64>)> = report
        .cases
        .iter()
        .map(|c| {
            let base = case_of(baseline, &c.name).and_then(|b| b.gap);
            (
                c.name.clone(),
                c.gap.map(|g| g * 100.0),
                base.map(|g| g * 100.0),
            )
        })
        .collect();
    simple_chart(&mut out, "gap", &gaps, |v| format!("{v:.3}%"));
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

fn case_of<'a>(report: Option<&'a BenchReport>, name: &str) -> Option<&'a BenchCase> {
    report?.cases.iter().find(|c| c.name == name)
}

/// The line under the title: every check passed or not, and the comparison's outcome.
fn verdict(
    out: &mut String,
    report: &BenchReport,
    baseline: Option<&BenchReport>,
    regressions: Option<&[Regression]>,
    tolerance: f64,
    lang: Lang,
) {
    let failed = report.cases.iter().filter(|c| c.check != "pass").count();
    let (class, text) = match (failed, regressions) {
        (0, None) => (
            "ok",
            lang.pick(
                "每个用例的方案都通过了 tepai check",
                "every case's plan passed tepai check",
            )
            .to_owned(),
        ),
        (0, Some([])) => (
            "ok",
            match lang {
                Lang::Zh => format!("与基线相比没有超出 {:.0}% 的退步", tolerance * 100.0),
                Lang::En => format!(
                    "no regression beyond {:.0}% of the baseline",
                    tolerance * 100.0
                ),
            },
        ),
        (_, Some(r)) if !r.is_empty() => (
            "short",
            match lang {
                Lang::Zh => format!("与基线相比有 {} 处退步", r.len()),
                Lang::En => format!("{} regressions against the baseline", r.len()),
            },
        ),
        _ => (
            "short",
            match lang {
                Lang::Zh => format!("{failed} 个用例的方案未通过 tepai check"),
                Lang::En => format!("{failed} cases' plans failed tepai check"),
            },
        ),
    };
    let _ = writeln!(out, r#"<p class="verdict {class}">{}</p>"#, esc(&text));
    if let (Some(base), Some(regressions)) = (baseline, regressions) {
        let _ = writeln!(
            out,
            r#"<p class="meta">{} {}</p>"#,
            lang.pick("基线：tepai 版本", "baseline: tepai"),
            esc(&base.tepai_version)
        );
        if !regressions.is_empty() {
            out.push_str("<ul class=\"regressions\">\n");
            for r in regressions {
                let _ = writeln!(out, "<li>{}</li>", esc(&r.words(lang)));
            }
            out.push_str("</ul>\n");
        }
    }
}

fn cases_table(out: &mut String, report: &BenchReport, regressions: &[Regression], lang: Lang) {
    let head = [
        lang.pick("用例", "case"),
        lang.pick("人数", "officers"),
        lang.pick("服务对象", "units"),
        lang.pick("企业", "enterprises"),
        lang.pick("总秒数", "seconds"),
        lang.pick("内存峰值 MiB", "peak MiB"),
        lang.pick("目标值", "objective"),
        lang.pick("差距", "gap"),
        lang.pick("状态", "status"),
        lang.pick("核查", "check"),
    ];
    out.push_str("<table class=\"bench\"><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if (1..=7).contains(&i) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for c in &report.cases {
        let regressed = regressions.iter().any(|r| r.case == c.name);
        let _ = write!(
            out,
            "<tr{} data-case=\"{}\"><td>{}</td>",
            if regressed {
                " class=\"regressed\""
            } else {
                ""
            },
            esc(&c.name),
            esc(&c.name)
        );
        let cells = [
            c.officers.to_string(),
            c.units.to_string(),
            c.enterprises.to_string(),
            format!("{:.2}", c.total_seconds()),
            c.measured
                .peak_rss_mib
                .map_or("–".to_owned(), |m| format!("{m:.1}")),
            format!("{:.3}", c.objective),
            c.gap
                .map_or("–".to_owned(), |g| format!("{:.3}%", g * 100.0)),
        ];
        for cell in cells {
            let _ = write!(out, "<td class=\"num\">{}</td>", esc(&cell));
        }
        let _ = writeln!(
            out,
            "<td>{}</td><td>{}</td></tr>",
            esc(&c.status),
            esc(&c.check)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn legend(out: &mut String, lang: Lang) {
    out.push_str("<p class=\"legend\">");
    for (_, zh, en, colour) in STAGES {
        let _ = write!(
            out,
            r#"<span><i style="background:{colour}"></i>{}</span>"#,
            esc(lang.pick(zh, en))
        );
    }
    out.push_str("</p>\n");
}

/// One bar per case, a segment per stage; the baseline's total as a marker.
fn time_chart(out: &mut String, report: &BenchReport, baseline: Option<&BenchReport>) {
    let stages = |c: &BenchCase| -> Vec<(usize, f64)> {
        STAGES
            .iter()
            .enumerate()
            .filter_map(|(i, (key, ..))| {
                let v = c.measured.seconds.get(*key).copied().unwrap_or(0.0);
                (v.is_finite() && v > 0.0).then_some((i, v))
            })
            .collect()
    };
    let top = report
        .cases
        .iter()
        .map(|c| {
            let base = case_of(baseline, &c.name).map_or(0.0, BenchCase::total_seconds);
            c.total_seconds()
                .max(stages(c).iter().map(|(_, v)| v).sum())
                .max(base)
        })
        .fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    let span = WIDTH - LABEL - FIGURE;
    let x = |v: f64| LABEL + span * (v / top).clamp(0.0, 1.0);
    open_svg(out, "time", report.cases.len());
    for (i, c) in report.cases.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let _ = write!(
            out,
            r#"<g class="row" data-case="{}" data-seconds="{:.3}">"#,
            esc(&c.name),
            c.total_seconds()
        );
        row_label(out, &c.name, y);
        let mut at = 0.0;
        for (stage, v) in stages(c) {
            let (key, _, en, colour) = STAGES[stage];
            let _ = write!(
                out,
                r#"<rect class="stage" data-stage="{key}" x="{}" y="{}" width="{}" height="{}" fill="{colour}"><title>{}: {en} {v:.3} s</title></rect>"#,
                c1(x(at)),
                c1(y + 3.0),
                c1(x(at + v) - x(at)),
                c1(ROW - 6.0),
                esc(&c.name)
            );
            at += v;
        }
        if let Some(b) = case_of(baseline, &c.name) {
            marker(out, x(b.total_seconds()), y);
        }
        figure(out, &format!("{:.2} s", c.total_seconds()), y);
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
}

/// One bar per case of `(name, value, baseline value)`, a marker at the baseline's.
fn simple_chart(
    out: &mut String,
    class: &str,
    rows: &[(String, Option<f64>, Option<f64>)],
    words: impl Fn(f64) -> String,
) {
    let top = rows
        .iter()
        .flat_map(|(_, v, b)| [v.unwrap_or(0.0), b.unwrap_or(0.0)])
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let top = if top > 0.0 { top } else { 1.0 };
    let span = WIDTH - LABEL - FIGURE;
    let x = |v: f64| LABEL + span * (v / top).clamp(0.0, 1.0);
    open_svg(out, class, rows.len());
    for (i, (name, value, base)) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let _ = write!(out, r#"<g class="row" data-case="{}">"#, esc(name));
        row_label(out, name, y);
        if let Some(v) = value.filter(|v| v.is_finite()) {
            let _ = write!(
                out,
                r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>"#,
                c1(LABEL),
                c1(y + 3.0),
                c1(x(v) - LABEL),
                c1(ROW - 6.0),
                esc(name),
                esc(&words(v))
            );
        }
        if let Some(b) = base.filter(|b| b.is_finite()) {
            marker(out, x(b), y);
        }
        figure(out, &value.map_or("–".to_owned(), &words), y);
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
}

fn open_svg(out: &mut String, class: &str, rows: usize) {
    let _ = write!(
        out,
        r#"<svg class="chart {class}" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        c1(WIDTH),
        c1(ROW * rows.max(1) as f64 + 8.0)
    );
}

fn row_label(out: &mut String, name: &str, y: f64) {
    let _ = write!(
        out,
        r#"<text class="label" x="{}" y="{}" text-anchor="end">{}</text>"#,
        c1(LABEL - 8.0),
        c1(y + ROW * 0.62),
        esc(name)
    );
}

fn marker(out: &mut String, at: f64, y: f64) {
    let _ = write!(
        out,
        r#"<line class="marker" x1="{m}" x2="{m}" y1="{}" y2="{}"/>"#,
        c1(y),
        c1(y + ROW),
        m = c1(at)
    );
}

fn figure(out: &mut String, text: &str, y: f64) {
    let _ = write!(
        out,
        r#"<text class="figure" x="{}" y="{}">{}</text>"#,
        c1(WIDTH - FIGURE + 6.0),
        c1(y + ROW * 0.62),
        esc(text)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::Measured;

    fn case(name: &str, seconds: &[(&str, f64)], rss: f64, gap: f64) -> BenchCase {
        let mut s: std::collections::BTreeMap<String, f64> =
            seconds.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
        s.insert("total".to_owned(), seconds.iter().map(|(_, v)| v).sum());
        BenchCase {
            name: name.to_owned(),
            region: "county".to_owned(),
            seed: 1,
            officers: 8,
            units: 6,
            enterprises: 60,
            objective: -100.0,
            bound: Some(-100.1),
            bound_scope: "all_plans".to_owned(),
            gap: Some(gap),
            status: "optimal".to_owned(),
            targets_met: true,
            rules_met: true,
            check: "pass".to_owned(),
            measured: Measured {
                seconds: s,
                peak_rss_mib: Some(rss),
            },
        }
    }

    fn report(cases: Vec<BenchCase>) -> BenchReport {
        BenchReport {
            suite: "ci".to_owned(),
            tepai_version: "0.1.0".to_owned(),
            node_limit: 2000,
            cases,
        }
    }

    #[test]
    fn each_case_has_its_stages_its_memory_and_its_gap_and_regressions_are_named() {
        let now = report(vec![
            case(
                "a/seed-1",
                &[("load", 0.1), ("lp", 0.6), ("write", 0.1)],
                20.0,
                0.001,
            ),
            case("b<&>/seed-2", &[("mip", 2.0)], 40.0, 0.002),
        ]);
        let base = report(vec![
            case("a/seed-1", &[("load", 0.1)], 20.0, 0.001),
            case("b<&>/seed-2", &[("mip", 0.5)], 40.0, 0.002),
        ]);
        let regressions = crate::bench::compare(&base, &now, 0.05, 0.001);
        assert_eq!(regressions.len(), 2, "{regressions:?}");
        let html = bench_html(&now, Some(&base), Some(&regressions), 0.05, Lang::En);
        assert_eq!(html.matches(r#"data-stage="lp""#).count(), 1);
        assert_eq!(html.matches(r#"data-stage="mip""#).count(), 1);
        // A bar per case in each of the three charts, a baseline marker in each row.
        assert_eq!(html.matches(r#"<g class="row""#).count(), 6);
        assert_eq!(html.matches(r#"class="marker""#).count(), 6);
        assert!(html.contains("2 regressions against the baseline"));
        assert!(html.contains("b&lt;&amp;&gt;/seed-2"));
        assert!(!html.contains("b<&>"));
        assert_eq!(html.matches("class=\"regressed\"").count(), 2);
        let zh = bench_html(&now, None, None, 0.05, Lang::Zh);
        assert!(zh.contains("每个用例的方案都通过了 tepai check"));
        assert!(!zh.contains("class=\"marker\""));
    }
}
