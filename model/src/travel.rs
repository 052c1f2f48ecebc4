//! Travel times.
//!
//! One-way minutes between two places are the great-circle distance × `circuity` ÷
//! `speed_kmh`, rounded up to whole minutes — unless the scenario's travel matrix gives the
//! pair, in which case the matrix wins. Mountain roads make the circuity matter: Nanping's
//! county seats are 30–150 km apart by road.
use std::collections::HashMap;

use crate::ids::Place;

/// A point on the earth in degrees (WGS-84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    /// Latitude, −90..=90.
    pub lat: f64,
    /// Longitude, −180..=180.
    pub lon: f64,
}

/// Mean earth radius, km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km (haversine).
pub fn great_circle_km(a: LatLon, b: LatLon) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// The scenario's travel parameters and pairwise overrides.
#[derive(Debug, Clone)]
pub struct TravelModel {
    /// Average road speed, km/h.
    pub speed_kmh: f64,
    /// Road distance ÷ great-circle distance.
    pub circuity: f64,
    /// Minutes given by the matrix, per ordered pair.
    pub overrides: HashMap<(Place, Place), u32>,
}

impl Default for TravelModel {
    /// The model of a scenario file that leaves `[travel]` out: 45 km/h average road speed,
    /// circuity 1.35 (mountain roads), no overrides.
    fn default() -> Self {
        TravelModel::new(45.0, 1.35)
    }
}

impl TravelModel {
    /// A model without overrides.
    pub fn new(speed_kmh: f64, circuity: f64) -> Self {
        TravelModel {
            speed_kmh,
            circuity,
            overrides: HashMap::new(),
        }
    }

    /// Minutes by the distance formula alone.
    pub fn modelled_minutes(&self, a: LatLon, b: LatLon) -> u32 {
        let minutes = great_circle_km(a, b) * self.circuity / self.speed_kmh * 60.0;
        // Distances on earth are < 20,040 km, so this fits easily.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let m = minutes.ceil() as u32;
        m
    }

    /// One-way minutes from `from` to `to`: the matrix's figure for the pair (either
    /// direction, the given one first), else the formula.
    pub fn minutes(&self, from: Place, a: LatLon, to: Place, b: LatLon) -> u32 {
        if from == to {
            return 0;
        }
        if !self.overrides.is_empty() {
            if let Some(&m) = self
                .overrides
                .get(&(from, to))
                .or_else(|| self.overrides.get(&(to, from)))
            {
                return m;
            }
        }
        self.modelled_minutes(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CourtIdx, UnitIdx};

    const YANPING: LatLon = LatLon {
        lat: 26.637,
        lon: 118.178,
    };
    const JIANOU: LatLon = LatLon {
        lat: 27.023,
        lon: 118.305,
    };
    const PUCHENG: LatLon = LatLon {
        lat: 27.917,
        lon: 118.541,
    };
    const GUANGZE: LatLon = LatLon {
        lat: 27.541,
        lon: 117.334,
    };

    #[test]
    fn great_circle_between_nanping_county_seats_matches_known_distances() {
        // Reference values: the haversine formula on a sphere of the mean earth radius,
        // computed separately (Python, double precision) from the county seats' coordinates.
        let yj = great_circle_km(YANPING, JIANOU);
        assert!((yj - 44.7).abs() < 0.1, "Yanping–Jian'ou {yj}");
        let yp = great_circle_km(YANPING, PUCHENG);
        assert!((yp - 146.8).abs() < 0.5, "Yanping–Pucheng {yp}");
        let pg = great_circle_km(PUCHENG, GUANGZE);
        assert!((pg - 125.9).abs() < 0.5, "Pucheng–Guangze {pg}");
    }

    #[test]
    fn distance_is_symmetric_and_zero_on_the_spot() {
        assert!(great_circle_km(YANPING, YANPING).abs() < 1e-9);
        let d1 = great_circle_km(JIANOU, GUANGZE);
        let d2 = great_circle_km(GUANGZE, JIANOU);
        assert!((d1 - d2).abs() < 1e-9);
    }

    #[test]
    fn modelled_minutes_apply_circuity_and_speed() {
        let t = TravelModel::new(45.0, 1.35);
        // 44.7 km × 1.35 / 45 km/h = 80.5 min → 81.
        assert_eq!(t.modelled_minutes(YANPING, JIANOU), 81);
        let fast = TravelModel::new(90.0, 1.35);
        assert_eq!(fast.modelled_minutes(YANPING, JIANOU), 41);
    }

    #[test]
    fn matrix_overrides_the_formula_in_both_directions() {
        let mut t = TravelModel::new(45.0, 1.35);
        let court = Place::Court(CourtIdx(0));
        let unit = Place::Unit(UnitIdx(0));
        t.overrides.insert((court, unit), 200);
        assert_eq!(t.minutes(court, YANPING, unit, JIANOU), 200);
        assert_eq!(t.minutes(unit, JIANOU, court, YANPING), 200);
        t.overrides.insert((unit, court), 150);
        assert_eq!(t.minutes(unit, JIANOU, court, YANPING), 150);
        assert_eq!(t.minutes(court, YANPING, court, YANPING), 0);
    }
}
