//! The region map as inline SVG: courts, platforms, chambers and enterprises placed by their
//! coordinates, a line from each serving officer's court to what it serves, and reached or
//! served places told apart from the others.
//!
//! The projection is equirectangular with longitudes shrunk by the cosine of the middle
//! latitude: over a region the size of a province it keeps distances and shapes true to a
//! few percent, which is what a planner reads a map for. North is up.
//!
//! Size: lines are drawn once per court and target, and enterprise dots once per pixel and
//! state (reached or not); a region of more than [`DOTS_EXACT`] enterprises has its dots
//! snapped to a grid of [`GRID_PX`] pixels, so a province of tens of thousands of
//! enterprises still gives a map of bounded size.
use std::collections::BTreeSet;
use std::fmt::Write as _;

use tepai_model::{LatLon, Scenario, Target, UnitKind};
use tepai_solver::plan::Via;
use tepai_solver::Plan;

use super::svg::{c1, esc};
use crate::Lang;

/// Width of the map's drawing area.
pub const WIDTH: f64 = 1000.0;
/// Its largest height.
pub const MAX_HEIGHT: f64 = 760.0;
/// Space kept free around the places.
pub const MARGIN: f64 = 16.0;
/// Up to this many enterprises, every one has its own dot (at 0.1 pixel).
pub const DOTS_EXACT: usize = 5000;
/// Above it, dots snap to a grid of this many pixels.
pub const GRID_PX: f64 = 3.0;

/// Maps coordinates to the map's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    lon0: f64,
    lat1: f64,
    kx: f64,
    scale: f64,
    /// The map's width, pixels.
    pub width: f64,
    /// The map's height, pixels.
    pub height: f64,
}

impl Projection {
    /// The projection that fits every point into `width` × at most `max_height` pixels,
    /// with `margin` around; `None` when there is no point.
    pub fn fit(
        points: impl IntoIterator<Item = LatLon>,
        width: f64,
        max_height: f64,
        margin: f64,
    ) -> Option<Projection> {
        let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in points {
            lon0 = lon0.min(p.lon);
            lon1 = lon1.max(p.lon);
            lat0 = lat0.min(p.lat);
            lat1 = lat1.max(p.lat);
        }
        if lon0 > lon1 {
            return None;
        }
        let kx = ((lat0 + lat1) / 2.0).to_radians().cos().max(0.01);
        // A single place (or a line of them) still gets a map: a span of at least 0.01°.
        let dx = ((lon1 - lon0) * kx).max(0.01);
        let dy = (lat1 - lat0).max(0.01);
        let scale = ((width - 2.0 * margin) / dx).min((max_height - 2.0 * margin) / dy);
        // Centre the places in the span they were given.
        let lon0 = (lon0 + lon1) / 2.0 - dx / kx / 2.0;
        let lat1 = (lat0 + lat1) / 2.0 + dy / 2.0;
        Some(Projection {
            lon0: lon0 - margin / scale / kx,
            lat1: lat1 + margin / scale,
            kx,
            scale,
            width: dx * scale + 2.0 * margin,
            height: dy * scale + 2.0 * margin,
        })
    }

    /// The pixel of a point: x to the east, y to the south.
    pub fn xy(&self, p: LatLon) -> (f64, f64) {
        (
            (p.lon - self.lon0) * self.kx * self.scale,
            (self.lat1 - p.lat) * self.scale,
        )
    }
}

/// A dot of a path: a zero-length segment drawn with a round cap.
fn dot(out: &mut String, (x, y): (f64, f64)) {
    let _ = write!(out, "M{} {}h0", c1(x), c1(y));
}

fn snap(v: f64, grid: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let cell = (v / grid).round() as i64;
    cell
}

/// The map of a plan. `unit_served`: whether each unit is served (its whole team assigned).
pub fn map(s: &Scenario, plan: &Plan, unit_served: &[bool], lang: Lang) -> String {
    let points = s
        .courts
        .iter()
        .map(|c| c.location)
        .chain(s.units.iter().map(|u| u.location))
        .chain(s.enterprises.iter().map(|e| e.location));
    let Some(p) = Projection::fit(points, WIDTH, MAX_HEIGHT, MARGIN) else {
        return String::new();
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="map" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg"><title>{}</title><rect class="sea" x="0" y="0" width="{}" height="{}"/>"#,
        c1(p.width),
        c1(p.height),
        lang.pick("区域地图", "Region map"),
        c1(p.width),
        c1(p.height)
    );

    // Lines: once per court and target, to units and to enterprises served directly.
    let lines: BTreeSet<(usize, Target)> = plan
        .assignment
        .pairs
        .iter()
        .map(|&(o, t)| (s.officer(o).court.index(), t))
        .collect();
    for (class, units) in [("link-unit", true), ("link-direct", false)] {
        let mut d = String::new();
        for &(c, t) in &lines {
            let to = match t {
                Target::Unit(u) if units => s.unit(u).location,
                Target::Enterprise(e) if !units => s.enterprise(e).location,
                _ => continue,
            };
            let (a, b) = (p.xy(s.courts[c].location), p.xy(to));
            let _ = write!(d, "M{} {}L{} {}", c1(a.0), c1(a.1), c1(b.0), c1(b.1));
        }
        if !d.is_empty() {
            let _ = write!(out, r#"<path class="{class}" d="{d}"/>"#);
        }
    }

    // Enterprises: one dot per pixel (or grid cell) and state.
    let grid = if s.enterprises.len() > DOTS_EXACT {
        GRID_PX
    } else {
        0.1
    };
    for (class, want) in [("ent-off", false), ("ent-on", true)] {
        let mut cells = BTreeSet::new();
        let mut d = String::new();
        for (i, e) in s.enterprises.iter().enumerate() {
            let on = plan.coverage.get(i).is_some_and(|r| r.via != Via::None);
            if on != want {
                continue;
            }
            let (x, y) = p.xy(e.location);
            let cell = (snap(x, grid), snap(y, grid));
            if cells.insert(cell) {
                #[allow(clippy::cast_precision_loss)]
                dot(&mut d, (cell.0 as f64 * grid, cell.1 as f64 * grid));
            }
        }
        if !d.is_empty() {
            let _ = write!(out, r#"<path class="{class}" d="{d}"/>"#);
        }
    }

    // Units: platforms as triangles, chambers as diamonds; each with its name.
    out.push_str(r#"<g class="units">"#);
    for (u, unit) in s.units.iter().enumerate() {
        let (x, y) = p.xy(unit.location);
        let served = unit_served.get(u).copied().unwrap_or(false);
        let (shape, kind) = match unit.kind {
            UnitKind::Platform => (
                format!(
                    "M{} {}L{} {}L{} {}Z",
                    c1(x),
                    c1(y - 6.0),
                    c1(x + 5.5),
                    c1(y + 4.0),
                    c1(x - 5.5),
                    c1(y + 4.0)
                ),
                lang.pick("工业平台", "platform"),
            ),
            UnitKind::Chamber => (
                format!(
                    "M{} {}L{} {}L{} {}L{} {}Z",
                    c1(x),
                    c1(y - 5.0),
                    c1(x + 4.5),
                    c1(y),
                    c1(x),
                    c1(y + 5.0),
                    c1(x - 4.5),
                    c1(y)
                ),
                lang.pick("商会", "chamber"),
            ),
        };
        let state = if served {
            lang.pick("已派驻", "served")
        } else {
            lang.pick("未派驻", "not served")
        };
        let _ = write!(
            out,
            r#"<path class="{} {}" d="{shape}"><title>{} ({kind}, {state})</title></path>"#,
            unit.kind.as_str(),
            if served { "served" } else { "unserved" },
            esc(&unit.name)
        );
    }
    out.push_str("</g>");

    // Courts on top.
    let mut officers = vec![0u32; s.courts.len()];
    for o in &s.officers {
        officers[o.court.index()] += 1;
    }
    out.push_str(r#"<g class="courts">"#);
    for (c, court) in s.courts.iter().enumerate() {
        let (x, y) = p.xy(court.location);
        let _ = write!(
            out,
            r#"<rect class="court" x="{}" y="{}" width="9" height="9"><title>{} ({} {})</title></rect>"#,
            c1(x - 4.5),
            c1(y - 4.5),
            esc(&court.name),
            officers[c],
            lang.pick("名特派员", "officers")
        );
    }
    out.push_str("</g></svg>");
    out
}

/// The map's legend, as HTML (it wraps and prints better than SVG text).
pub fn legend(s: &Scenario, lang: Lang) -> String {
    let thinned = s.enterprises.len() > DOTS_EXACT;
    let mut out = String::from(r#"<ul class="legend">"#);
    let items = [
        (
            "court",
            lang.pick("法院（派出单位）", "court (sends officers)"),
        ),
        (
            "platform served",
            lang.pick("工业平台（已派驻）", "platform (served)"),
        ),
        (
            "platform unserved",
            lang.pick("工业平台（未派驻）", "platform (not served)"),
        ),
        (
            "chamber served",
            lang.pick("商会（已派驻）", "chamber (served)"),
        ),
        (
            "chamber unserved",
            lang.pick("商会（未派驻）", "chamber (not served)"),
        ),
        (
            "ent-on",
            lang.pick("企业（已覆盖）", "enterprise (reached)"),
        ),
        (
            "ent-off",
            lang.pick("企业（未覆盖）", "enterprise (not reached)"),
        ),
        (
            "link-unit",
            lang.pick("法院 → 所服务的平台或商会", "court → unit it serves"),
        ),
        (
            "link-direct",
            lang.pick(
                "法院 → 直接服务的企业",
                "court → enterprise served directly",
            ),
        ),
    ];
    for (class, text) in items {
        let _ = write!(
            out,
            r#"<li><svg viewBox="0 0 16 12" width="16" height="12" xmlns="http://www.w3.org/2000/svg">{}</svg>{text}</li>"#,
            match class {
                "court" => r#"<rect class="court" x="3" y="1.5" width="9" height="9"/>"#.to_owned(),
                c if c.starts_with("platform") =>
                    format!(r#"<path class="{c}" d="M8 0.5L13.5 10.5L2.5 10.5Z"/>"#),
                c if c.starts_with("chamber") =>
                    format!(r#"<path class="{c}" d="M8 1L12.5 6L8 11L3.5 6Z"/>"#),
                c if c.starts_with("ent") => format!(r#"<path class="{c}" d="M8 6h0"/>"#),
                c => format!(r#"<path class="{c}" d="M1 6L15 6"/>"#),
            }
        );
    }
    out.push_str("</ul>");
    if thinned {
        let _ = write!(
            out,
            r#"<p class="note">{}</p>"#,
            match lang {
                Lang::Zh => format!(
                    "企业共 {} 家，超过 {DOTS_EXACT} 家：相距不足 {GRID_PX} 像素的企业合为一点。",
                    s.enterprises.len()
                ),
                Lang::En => format!(
                    "{} enterprises, more than {DOTS_EXACT}: enterprises closer than {GRID_PX} pixels share one dot.",
                    s.enterprises.len()
                ),
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lat: f64, lon: f64) -> LatLon {
        LatLon { lat, lon }
    }

    #[test]
    fn projection_fits_the_points_with_north_up_and_true_proportions() {
        // Nanping's extent, roughly: 26.2–28.3 °N, 117.0–119.2 °E.
        let pts = [ll(26.2, 117.0), ll(28.3, 119.2), ll(27.3, 118.1)];
        let p = Projection::fit(pts, 1000.0, 760.0, 16.0).unwrap();
        assert!(p.width <= 1000.0 + 1e-9 && p.height <= 760.0 + 1e-9);
        let (x0, y0) = p.xy(ll(28.3, 117.0)); // north-west corner
        let (x1, y1) = p.xy(ll(26.2, 119.2)); // south-east corner
        assert!(
            (x0 - 16.0).abs() < 1e-6 && (y0 - 16.0).abs() < 1e-6,
            "{x0} {y0}"
        );
        assert!((x1 - (p.width - 16.0)).abs() < 1e-6, "{x1}");
        assert!((y1 - (p.height - 16.0)).abs() < 1e-6, "{y1}");
        // North is up, east is right.
        assert!(p.xy(ll(28.0, 118.0)).1 < p.xy(ll(27.0, 118.0)).1);
        assert!(p.xy(ll(27.0, 119.0)).0 > p.xy(ll(27.0, 118.0)).0);
        // One degree of longitude is cos(27.25°) of one degree of latitude.
        let (a, b) = (p.xy(ll(27.0, 118.0)), p.xy(ll(27.0, 119.0)));
        let (c, d) = (p.xy(ll(27.0, 118.0)), p.xy(ll(28.0, 118.0)));
        let ratio = (b.0 - a.0) / (c.1 - d.1);
        assert!(
            (ratio - 27.25f64.to_radians().cos()).abs() < 1e-9,
            "{ratio}"
        );
    }

    #[test]
    fn projection_of_one_place_or_none() {
        assert!(Projection::fit([], 1000.0, 760.0, 16.0).is_none());
        let p = Projection::fit([ll(26.6, 118.2)], 1000.0, 760.0, 16.0).unwrap();
        let (x, y) = p.xy(ll(26.6, 118.2));
        assert!((x - p.width / 2.0).abs() < 1e-6 && (y - p.height / 2.0).abs() < 1e-6);
        // A region along one meridian is as tall as allowed and centred across.
        let p = Projection::fit([ll(26.0, 118.0), ll(28.0, 118.0)], 1000.0, 760.0, 16.0).unwrap();
        assert!((p.height - 760.0).abs() < 1e-6);
        assert!((p.xy(ll(27.0, 118.0)).0 - p.width / 2.0).abs() < 1e-6);
    }
}
