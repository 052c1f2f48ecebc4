//! The report's charts as inline SVG, written by hand: horizontal bars (required against
//! achieved, reached against total), a histogram, and a calendar heat-map. Every shape's
//! figure is also in its `<title>` (shown on hover) and every text is escaped.
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::Lang;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe inside an element and inside a
/// quoted attribute.
pub fn esc(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A coordinate with one decimal (what a screen or a printer can tell apart).
pub fn c1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Width of the charts' drawing area (the SVG's `viewBox`; the page scales it).
const WIDTH: f64 = 720.0;
/// Width left for the row labels of bar charts.
const LABEL: f64 = 170.0;
/// Width left for the figures at the end of bars.
const FIGURE: f64 = 150.0;
/// Height of one bar row.
const ROW: f64 = 24.0;

/// One row of a bar chart: its label, the bar's value, and the reference it is measured
/// against (the target required, or the group's total).
#[derive(Debug, Clone)]
pub struct Bar<'a> {
    /// Shown left of the bar.
    pub label: Cow<'a, str>,
    /// The bar.
    pub value: u32,
    /// The reference.
    pub of: u32,
    /// Text shown right of the bar.
    pub figure: String,
    /// Whether the value falls short of what it should reach (drawn as a shortfall).
    pub short: bool,
    /// `data-*` attributes of the row (already escaped), for readers of the page.
    pub data: String,
}

/// Horizontal bars. `reference_as_marker`: the reference is a required level drawn as a
/// marker line on the bar, and each row has its own scale (targets of different sizes);
/// otherwise it is a total drawn as the bar's background, all rows on one scale (coverage
/// of groups).
pub fn bars(rows: &[Bar<'_>], reference_as_marker: bool, class: &str) -> String {
    let common = rows
        .iter()
        .map(|r| r.value.max(r.of))
        .max()
        .unwrap_or(0)
        .max(1);
    let span = WIDTH - LABEL - FIGURE;
    let height = ROW * rows.len() as f64 + 8.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart {class}" viewBox="0 0 {w} {h}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        w = c1(WIDTH),
        h = c1(height)
    );
    for (i, r) in rows.iter().enumerate() {
        let scale_max = if reference_as_marker {
            r.value.max(r.of).max(1)
        } else {
            common
        };
        let x = |v: u32| LABEL + span * f64::from(v) / f64::from(scale_max);
        let y = 4.0 + ROW * i as f64;
        let bar_class = if r.short { "bar short" } else { "bar" };
        let _ = write!(out, r#"<g class="row"{}>"#, r.data);
        let _ = write!(
            out,
            r#"<title>{}: {}</title><text class="label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            esc(&r.label),
            esc(&r.figure),
            c1(LABEL - 8.0),
            c1(y + ROW * 0.62),
            esc(&r.label)
        );
        if !reference_as_marker {
            let _ = write!(
                out,
                r#"<rect class="total" x="{}" y="{}" width="{}" height="{}"/>"#,
                c1(LABEL),
                c1(y + 3.0),
                c1(x(r.of) - LABEL),
                c1(ROW - 6.0)
            );
        }
        let _ = write!(
            out,
            r#"<rect class="{bar_class}" x="{}" y="{}" width="{}" height="{}"/>"#,
            c1(LABEL),
            c1(y + 3.0),
            c1(x(r.value) - LABEL),
            c1(ROW - 6.0)
        );
        if reference_as_marker {
            let _ = write!(
                out,
                r#"<line class="marker" x1="{m}" x2="{m}" y1="{}" y2="{}"/>"#,
                c1(y),
                c1(y + ROW),
                m = c1(x(r.of))
            );
        }
        let _ = write!(
            out,
            r#"<text class="figure" x="{}" y="{}">{}</text></g>"#,
            c1(WIDTH - FIGURE + 6.0),
            c1(y + ROW * 0.62),
            esc(&r.figure)
        );
    }
    out.push_str("</svg>");
    out
}

/// Values counted into bins of equal width, from `lo`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Width of each bin.
    pub width: f64,
    /// Values per bin: bin `i` holds `lo + i·width ≤ v < lo + (i+1)·width` (the last bin also
    /// holds its right edge).
    pub counts: Vec<u32>,
}

impl Histogram {
    /// Up to `max_bins` bins of a round width (1, 2 or 5 × a power of ten) from 0, covering
    /// every value (values below 0 count in the first bin).
    pub fn of(values: &[f64], max_bins: usize) -> Histogram {
        let hi = values.iter().copied().fold(0.0f64, f64::max);
        let max_bins = max_bins.max(1);
        let raw = (hi / max_bins as f64).max(1e-9);
        let power = 10f64.powf(raw.log10().floor());
        let width = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * power)
            .find(|w| w * max_bins as f64 >= hi)
            .unwrap_or(10.0 * power);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let bins = ((hi / width).floor() as usize + 1).min(max_bins);
        let mut counts = vec![0u32; bins];
        for &v in values {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let i = ((v.max(0.0) / width).floor() as usize).min(bins - 1);
            counts[i] += 1;
        }
        Histogram {
            lo: 0.0,
            width,
            counts,
        }
    }
}

/// A histogram as vertical bars; `unit` names the values (e.g. "days"), `what` the things
/// counted (e.g. "officers").
pub fn histogram(h: &Histogram, unit: &str, what: &str, class: &str) -> String {
    let height = 180.0;
    let (left, bottom, top) = (40.0, 28.0, 10.0);
    let plot_h = height - bottom - top;
    let max = h.counts.iter().copied().max().unwrap_or(0).max(1);
    let bw = (WIDTH - left - 10.0) / h.counts.len().max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart {class}" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        c1(WIDTH),
        c1(height)
    );
    let _ = write!(
        out,
        r#"<line class="axis" x1="{l}" x2="{r}" y1="{b}" y2="{b}"/><text class="tick" x="{}" y="{}" text-anchor="end">{max}</text><text class="tick" x="{}" y="{b}" text-anchor="end">0</text>"#,
        c1(left - 4.0),
        c1(top + 8.0),
        c1(left - 4.0),
        l = c1(left),
        r = c1(WIDTH - 10.0),
        b = c1(height - bottom),
    );
    let label_every = h.counts.len().div_ceil(12).max(1);
    for (i, &count) in h.counts.iter().enumerate() {
        let from = h.lo + h.width * i as f64;
        let to = from + h.width;
        let bh = plot_h * f64::from(count) / f64::from(max);
        let x = left + bw * i as f64;
        let _ = write!(
            out,
            r#"<rect class="bar" x="{}" y="{}" width="{}" height="{}" data-from="{}" data-count="{count}"><title>{}–{} {}: {count} {}</title></rect>"#,
            c1(x + 1.0),
            c1(height - bottom - bh),
            c1((bw - 2.0).max(0.5)),
            c1(bh),
            fmt_num(from),
            fmt_num(from),
            fmt_num(to),
            esc(unit),
            esc(what)
        );
        if i % label_every == 0 {
            let _ = write!(
                out,
                r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                c1(x),
                c1(height - bottom + 14.0),
                fmt_num(from)
            );
        }
    }
    let _ = write!(
        out,
        r#"<text class="tick" x="{}" y="{}" text-anchor="end">{}</text></svg>"#,
        c1(WIDTH - 10.0),
        c1(height - 2.0),
        esc(unit)
    );
    out
}

/// A number as short as it reads: no trailing zeros, at most two decimals.
pub fn fmt_num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Heat level of a day's count against the busiest day: 0 for none, else 1..=4.
pub fn heat_level(count: u32, max: u32) -> u32 {
    if count == 0 || max == 0 {
        0
    } else {
        (4 * count).div_ceil(max).clamp(1, 4)
    }
}

/// The calendar heat-map of one year: a column per week (Monday first), a cell per day,
/// shaded by the day's count; each cell's `<title>` gives the date and the count.
pub fn heatmap(year: i32, per_day: &BTreeMap<NaiveDate, u32>, lang: Lang) -> String {
    let (cell, gap, left, top) = (12.0, 2.0, 26.0, 18.0);
    let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return String::new();
    };
    let offset = jan1.weekday().num_days_from_monday();
    let max = per_day
        .iter()
        .filter(|(d, _)| d.year() == year)
        .map(|(_, &n)| n)
        .max()
        .unwrap_or(0);
    let weeks = 54.0;
    let width = left + weeks * (cell + gap);
    let height = top + 7.0 * (cell + gap) + 26.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart heatmap" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">"#,
        c1(width),
        c1(height)
    );
    let days = [
        lang.pick("一", "Mon"),
        "",
        lang.pick("三", "Wed"),
        "",
        lang.pick("五", "Fri"),
        "",
        "",
    ];
    for (i, d) in days.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="end">{d}</text>"#,
            c1(left - 4.0),
            c1(top + (cell + gap) * i as f64 + cell - 2.0)
        );
    }
    let mut day = jan1;
    while day.year() == year {
        let index = day.ordinal0() + offset;
        let (week, weekday) = (f64::from(index / 7), f64::from(index % 7));
        let x = left + week * (cell + gap);
        if day.day() == 1 {
            let month = day.month();
            let name = match lang {
                Lang::Zh => format!("{month}月"),
                Lang::En => [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ][month as usize - 1]
                    .to_owned(),
            };
            let _ = write!(
                out,
                r#"<text class="tick" x="{}" y="{}">{name}</text>"#,
                c1(x),
                c1(top - 5.0)
            );
        }
        let count = per_day.get(&day).copied().unwrap_or(0);
        let _ = write!(
            out,
            r#"<rect class="h{}" x="{}" y="{}" width="{cell}" height="{cell}" data-date="{}" data-trips="{count}"><title>{}: {count}</title></rect>"#,
            heat_level(count, max),
            c1(x),
            c1(top + weekday * (cell + gap)),
            day.format("%Y-%m-%d"),
            day.format("%Y-%m-%d"),
        );
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    let legend_y = top + 7.0 * (cell + gap) + 8.0;
    let _ = write!(
        out,
        r#"<text class="tick" x="{}" y="{}">{}</text>"#,
        c1(left),
        c1(legend_y + cell - 2.0),
        lang.pick("少", "fewer")
    );
    for level in 0..=4 {
        let _ = write!(
            out,
            r#"<rect class="h{level}" x="{}" y="{}" width="{cell}" height="{cell}"/>"#,
            c1(left + 30.0 + f64::from(level) * (cell + gap)),
            c1(legend_y)
        );
    }
    let _ = write!(
        out,
        r#"<text class="tick" x="{}" y="{}">{} ({} {max})</text></svg>"#,
        c1(left + 30.0 + 5.0 * (cell + gap) + 4.0),
        c1(legend_y + cell - 2.0),
        lang.pick("多", "more"),
        lang.pick("单日最多", "busiest day")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_both_quotes() {
        assert_eq!(esc("王海"), "王海");
        assert!(matches!(esc("plain"), Cow::Borrowed(_)));
        assert_eq!(
            esc(r#"<b>"A&B" 'c'</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot; &#39;c&#39;&lt;/b&gt;"
        );
        assert_eq!(esc("&amp;"), "&amp;amp;");
    }

    #[test]
    fn histogram_bins_hold_every_value_once_in_its_bin() {
        let values = [0.0, 0.4, 1.0, 2.5, 2.5, 9.9, 10.0, 37.2];
        let h = Histogram::of(&values, 10);
        assert_eq!(h.width, 5.0, "37.2 over at most 10 bins: width 5");
        assert_eq!(h.counts.len(), 8);
        assert_eq!(h.counts.iter().sum::<u32>(), values.len() as u32);
        assert_eq!(h.counts, vec![5, 1, 1, 0, 0, 0, 0, 1]);
        let empty = Histogram::of(&[], 10);
        assert_eq!(empty.counts.iter().sum::<u32>(), 0);
        let one = Histogram::of(&[3.0, 3.0], 12);
        assert_eq!(one.counts.iter().sum::<u32>(), 2);
        // The drawing carries the counts.
        let svg = histogram(&h, "h", "officers", "x");
        let drawn: u32 = svg
            .split("data-count=\"")
            .skip(1)
            .map(|t| t[..t.find('"').unwrap()].parse::<u32>().unwrap())
            .sum();
        assert_eq!(drawn, values.len() as u32);
    }

    #[test]
    fn heatmap_has_a_cell_per_day_carrying_its_count() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        let per_day = BTreeMap::from([(d(1, 2), 3), (d(2, 29), 1), (d(12, 31), 6)]);
        let svg = heatmap(2024, &per_day, Lang::Zh);
        assert_eq!(
            svg.matches("data-date=").count(),
            366,
            "2024 is a leap year"
        );
        assert!(svg.contains(r#"data-date="2024-02-29" data-trips="1""#));
        assert!(
            svg.contains(r#"class="h4" x="#),
            "the busiest day is darkest"
        );
        let total: u32 = svg
            .split("data-trips=\"")
            .skip(1)
            .map(|t| t[..t.find('"').unwrap()].parse::<u32>().unwrap())
            .sum();
        assert_eq!(total, 10);
        assert_eq!(heat_level(0, 6), 0);
        assert_eq!(heat_level(1, 6), 1);
        assert_eq!(heat_level(6, 6), 4);
        assert!(heatmap(2023, &BTreeMap::new(), Lang::En).contains("Dec"));
    }

    #[test]
    fn bars_escape_labels_and_scale_per_row_or_to_the_largest() {
        let rows = [
            Bar {
                label: Cow::Borrowed("<a & b>"),
                value: 50,
                of: 100,
                figure: "50 / 100".into(),
                short: true,
                data: String::new(),
            },
            Bar {
                label: Cow::Borrowed("c"),
                value: 100,
                of: 80,
                figure: "100 / 80".into(),
                short: false,
                data: String::new(),
            },
        ];
        let svg = bars(&rows, true, "targets");
        assert!(svg.contains("&lt;a &amp; b&gt;"));
        assert!(!svg.contains("<a &"));
        // The full span is 720 − 170 − 150 = 400 for the row's larger figure.
        assert!(
            svg.contains(r#"class="bar short" x="170" y="7" width="200""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="marker" x1="570""#),
            "100 required: full span"
        );
        assert!(
            svg.contains(r#"class="bar" x="170" y="31" width="400""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="marker" x1="490""#),
            "80 of 100 → 170 + 320"
        );
        // Groups share one scale: 50 of the largest 100 is half the span.
        let svg = bars(&rows, false, "groups");
        assert!(
            svg.contains(r#"class="total" x="170" y="7" width="400""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="total" x="170" y="31" width="320""#),
            "{svg}"
        );
    }

    #[test]
    fn numbers_print_short() {
        assert_eq!(fmt_num(2.0), "2");
        assert_eq!(fmt_num(2.5), "2.5");
        assert_eq!(fmt_num(0.25), "0.25");
        assert_eq!(c1(3.04), "3");
        assert_eq!(c1(3.06), "3.1");
    }
}
