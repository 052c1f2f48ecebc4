//! `frontier.svg` of `tepai sweep`: what each target achieved, as a share of what it requires,
//! against the varied value; a filled point where every target is met, a hollow one where
//! one falls short, nothing where the point could not be planned.
use std::fmt::Write as _;

use crate::batch::BatchFigures;
use crate::report::svg::{c1, esc, fmt_num};
use crate::Lang;

/// One target's (achieved, required) of a point.
type Figure = fn(&BatchFigures) -> (u32, u32);

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 150.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 50.0;

/// The chart of `points` (varied value, figures when planned), `key` naming the axis.
pub fn frontier_svg(key: &str, points: &[(f64, Option<BatchFigures>)], lang: Lang) -> String {
    let planned: Vec<(f64, &BatchFigures)> = points
        .iter()
        .filter_map(|(v, f)| f.as_ref().map(|f| (*v, f)))
        .collect();
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (v, _)| {
            (lo.min(*v), hi.max(*v))
        });
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (lo.min(0.0), lo.max(0.0) + 1.0)
    };
    let share = |(achieved, required): (u32, u32)| {
        if required == 0 {
            1.0
        } else {
            f64::from(achieved) / f64::from(required)
        }
    };
    let top = planned
        .iter()
        .flat_map(|(_, f)| [share(f.platforms), share(f.chambers), share(f.enterprises)])
        .fold(1.0_f64, f64::max)
        .min(5.0);
    let x = |v: f64| LEFT + (v - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT);
    let y = |s: f64| TOP + (1.0 - s.min(top) / top) * (HEIGHT - TOP - BOTTOM);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(
        svg,
        r#"<text x="{}" y="18" font-size="14">{}</text>"#,
        c1(LEFT),
        esc(lang.pick(
            "各项目标的达成比例（达成 ÷ 要求）",
            "Each target achieved ÷ required"
        ))
    );
    // Axes, the 100% line, ticks.
    let (x0, x1, y0, y1) = (LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP);
    let _ = write!(
        svg,
        r##"<path d="M{} {} H{} M{} {} V{}" stroke="#444" fill="none"/>"##,
        c1(x0),
        c1(y0),
        c1(x1),
        c1(x0),
        c1(y0),
        c1(y1)
    );
    // Ticks every 25% (every 50% or 100% on a taller scale); the 100% line dashed.
    let step = if top > 3.0 {
        1.0
    } else if top > 1.5 {
        0.5
    } else {
        0.25
    };
    let mut tick = 0.0;
    while tick <= top + 1e-9 {
        let (at, label_x, label_y) = (c1(y(tick)), c1(x0 - 4.0), c1(y(tick) + 4.0));
        let line = if (tick - 1.0).abs() < 1e-9 {
            r##" stroke="#999" stroke-dasharray="4 3""##
        } else {
            r##" stroke="#e3e7eb""##
        };
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{at}" y2="{at}"{line}/><text x="{label_x}" y="{label_y}" text-anchor="end">{}%</text>"#,
            c1(x0),
            c1(x1),
            (tick * 100.0).round()
        );
        tick += step;
    }
    for (v, _) in points {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            c1(x(*v)),
            c1(y0 + 16.0),
            esc(&fmt_num(*v))
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        c1((x0 + x1) / 2.0),
        c1(HEIGHT - 12.0),
        esc(key)
    );
    let series: [(&str, &str, Figure); 3] = [
        (lang.pick("平台", "platforms"), "#1f77b4", |f| f.platforms),
        (lang.pick("商会", "chambers"), "#ff7f0e", |f| f.chambers),
        (lang.pick("企业", "enterprises"), "#2ca02c", |f| {
            f.enterprises
        }),
    ];
    for (k, (label, colour, figure)) in series.iter().enumerate() {
        let mut d = String::new();
        for (i, (v, f)) in planned.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { " L" },
                c1(x(*v)),
                c1(y(share(figure(f))))
            );
        }
        let _ = write!(
            svg,
            r#"<path class="series" d="{d}" stroke="{colour}" stroke-width="2" fill="none"/>"#
        );
        for (v, f) in &planned {
            let (achieved, required) = figure(f);
            let met = achieved >= required;
            let s = share(figure(f));
            let (cx, cy) = (c1(x(*v)), c1(y(s)));
            let fill = if met { *colour } else { "white" };
            let title = format!("{} {}: {achieved} / {required}", key, fmt_num(*v));
            if s > top {
                // Above the chart's top: a triangle pointing up at the top edge.
                let (px, py) = (x(*v), y(top));
                let _ = write!(
                    svg,
                    r#"<path class="clipped" d="M{} {} L{} {} L{} {} Z" stroke="{colour}" stroke-width="2" fill="{fill}"><title>{}</title></path>"#,
                    c1(px),
                    c1(py - 6.0),
                    c1(px - 5.0),
                    c1(py + 3.0),
                    c1(px + 5.0),
                    c1(py + 3.0),
                    esc(&title)
                );
            } else {
                let _ = write!(
                    svg,
                    r#"<circle cx="{cx}" cy="{cy}" r="4" stroke="{colour}" stroke-width="2" fill="{fill}"><title>{}</title></circle>"#,
                    esc(&title)
                );
            }
        }
        let ly = TOP + 20.0 * k as f64 + 10.0;
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{ly}" y2="{ly}" stroke="{colour}" stroke-width="2"/><text x="{}" y="{}">{}</text>"#,
            c1(x1 + 16.0),
            c1(x1 + 36.0),
            c1(x1 + 42.0),
            c1(ly + 4.0),
            esc(label)
        );
    }
    let notes = match lang {
        Lang::Zh => ["实心：达标", "空心：未达标", "三角：超出图顶"],
        Lang::En => ["filled: met", "hollow: short", "triangle: off the top"],
    };
    for (i, note) in notes.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" font-size="11">{}</text>"#,
            c1(x1 + 16.0),
            c1(TOP + 80.0 + 16.0 * i as f64),
            esc(note)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(platforms: (u32, u32)) -> BatchFigures {
        BatchFigures {
            platforms,
            chambers: (9, 10),
            enterprises: (100, 50),
            enterprises_reached: 100,
            enterprises_visited: None,
            officers: 10,
            officers_used: 10,
            additional_officers: None,
            load_days: None,
            travel_hours: None,
            trips: None,
            rules_met: None,
            objective: 0.0,
            bound: None,
            gap: None,
            status: "optimal".to_owned(),
            bound_scope: "all_plans".to_owned(),
        }
    }

    #[test]
    fn a_share_beyond_the_top_is_a_triangle_at_the_top_with_its_figures() {
        let points = [
            (1.0, Some(figures((3, 3)))),
            (2.0, Some(figures((60, 2)))),
            (3.0, None),
        ];
        let svg = frontier_svg("officers", &points, Lang::En);
        // 60/2 = 3000% is beyond the 500% top: one triangle, titled with its figures.
        assert_eq!(svg.matches("class=\"clipped\"").count(), 1);
        assert!(svg.contains("<title>officers 2: 60 / 2</title></path>"));
        // Ticks up to the top, the 100% line among them.
        assert!(svg.contains(">100%</text>") && svg.contains(">500%</text>"));
        // Two planned points per series, the unplanned one drawn nowhere.
        assert_eq!(svg.matches("<circle").count(), 5);
    }
}
