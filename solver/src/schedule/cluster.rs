//! Grouping an officer's directly served enterprises into day trips.
//!
//! Each group is visited together on every visit (so every enterprise of a group gets the
//! same number of visits, with the same spacing). Groups are chosen to need as few days as
//! possible and, among those, as little travel as possible:
//! - up to [`EXACT_LIMIT`] enterprises exactly: the best closed tour of every subset
//!   (Held–Karp over all subsets at once), then a set-partition dynamic programme over the
//!   subsets that fit the day, minimising (trips, travel) lexicographically;
//! - beyond, greedily: start a trip at the enterprise farthest from the court, then add the
//!   nearest remaining enterprise (from the last one added) whose addition still fits the
//!   day, until none does.
use tepai_model::{EnterpriseIdx, Place, Scenario};

use super::route;

/// Most enterprises grouped exactly (the partition programme costs about `3^n`).
pub const EXACT_LIMIT: usize = 12;

/// A group of enterprises visited on one day trip, in visiting order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trip {
    /// Stops in visiting order.
    pub stops: Vec<EnterpriseIdx>,
    /// Court → stops → court, minutes.
    pub travel: u32,
}

/// Whether a trip of `travel` minutes and `stops` stops fits a day.
fn fits(travel: u32, stops: usize, onsite: u32, day: u32) -> bool {
    let stops = u32::try_from(stops).unwrap_or(u32::MAX);
    u64::from(travel) + u64::from(stops) * u64::from(onsite) <= u64::from(day)
}

/// Day trips covering `ents` (each of which fits a day on its own), from `from`.
pub(crate) fn day_trips(
    s: &Scenario,
    from: Place,
    ents: &[EnterpriseIdx],
    onsite: u32,
    day: u32,
) -> Vec<Trip> {
    if ents.is_empty() {
        return Vec::new();
    }
    let groups = if ents.len() <= EXACT_LIMIT {
        exact(s, from, ents, onsite, day)
    } else {
        greedy(s, from, ents, onsite, day)
    };
    let mut trips: Vec<Trip> = groups
        .into_iter()
        .map(|g| {
            let (stops, travel) = route::best_order(s, from, &g);
            Trip { stops, travel }
        })
        .collect();
    trips.sort_by(|a, b| a.stops.cmp(&b.stops));
    trips
}

fn exact(
    s: &Scenario,
    from: Place,
    ents: &[EnterpriseIdx],
    onsite: u32,
    day: u32,
) -> Vec<Vec<EnterpriseIdx>> {
    let n = ents.len();
    let places: Vec<Place> = std::iter::once(from)
        .chain(ents.iter().map(|&e| Place::Enterprise(e)))
        .collect();
    let m = route::matrix(s, &places);
    let cost = route::subset_costs(&m);
    let full = (1usize << n) - 1;
    let ok: Vec<bool> = (0..=full)
        .map(|mask| mask != 0 && fits(cost[mask], mask.count_ones() as usize, onsite, day))
        .collect();
    // best[mask] = (trips, travel) covering mask; choice[mask] = the trip holding its lowest
    // member.
    let mut best = vec![(u32::MAX, u64::MAX); full + 1];
    let mut choice = vec![0usize; full + 1];
    best[0] = (0, 0);
    for mask in 1..=full {
        let low = mask & mask.wrapping_neg();
        let rest = mask ^ low;
        // Enumerate subsets `sub` of `rest`; the trip is `sub | low`.
        let mut sub = rest;
        loop {
            let trip = sub | low;
            if ok[trip] {
                let (t, c) = best[mask ^ trip];
                if t != u32::MAX {
                    let cand = (t + 1, c + u64::from(cost[trip]));
                    if cand < best[mask] {
                        best[mask] = cand;
                        choice[mask] = trip;
                    }
                }
            }
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & rest;
        }
    }
    let mut groups = Vec::new();
    let mut mask = full;
    while mask != 0 {
        let trip = choice[mask];
        if trip == 0 {
            // Unreachable when every enterprise fits alone; keep the rest as singletons.
            groups.extend(
                (0..n)
                    .filter(|j| mask & (1 << j) != 0)
                    .map(|j| vec![ents[j]]),
            );
            break;
        }
        groups.push(
            (0..n)
                .filter(|j| trip & (1 << j) != 0)
                .map(|j| ents[j])
                .collect(),
        );
        mask ^= trip;
    }
    groups
}

fn greedy(
    s: &Scenario,
    from: Place,
    ents: &[EnterpriseIdx],
    onsite: u32,
    day: u32,
) -> Vec<Vec<EnterpriseIdx>> {
    let mut left: Vec<(u32, EnterpriseIdx)> = ents
        .iter()
        .map(|&e| (s.travel_minutes(from, Place::Enterprise(e)), e))
        .collect();
    // Farthest first (ties by index).
    left.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut groups = Vec::new();
    while !left.is_empty() {
        let (_, seed) = left.remove(0);
        let mut group = vec![seed];
        let mut last = seed;
        loop {
            let mut cands: Vec<(u32, usize)> = left
                .iter()
                .enumerate()
                .map(|(i, &(_, e))| {
                    (
                        s.travel_minutes(Place::Enterprise(last), Place::Enterprise(e)),
                        i,
                    )
                })
                .collect();
            cands.sort_unstable();
            let mut added = None;
            for (_, i) in cands {
                let mut g = group.clone();
                g.push(left[i].1);
                let (_, travel) = route::best_order(s, from, &g);
                if fits(travel, g.len(), onsite, day) {
                    added = Some(i);
                    break;
                }
            }
            match added {
                Some(i) => {
                    let (_, e) = left.remove(i);
                    group.push(e);
                    last = e;
                }
                None => break,
            }
        }
        groups.push(group);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::nanping;

    fn check_partition(s: &Scenario, from: Place, ents: &[EnterpriseIdx], trips: &[Trip]) {
        let mut all: Vec<EnterpriseIdx> = trips.iter().flat_map(|t| t.stops.clone()).collect();
        all.sort_unstable();
        let mut want = ents.to_vec();
        want.sort_unstable();
        assert_eq!(all, want, "every enterprise in exactly one trip");
        for t in trips {
            assert_eq!(t.travel, route::trip_minutes(s, from, &t.stops));
            assert!(fits(
                t.travel,
                t.stops.len(),
                s.rules.onsite_minutes,
                s.rules.day_minutes
            ));
        }
    }

    #[test]
    fn nearby_enterprises_share_a_trip_that_fits_the_day() {
        let s = nanping();
        let from = Place::Court(tepai_model::CourtIdx::from(0));
        // Eight enterprises near the first court.
        let mut near: Vec<(u32, EnterpriseIdx)> = (0..s.enterprises.len())
            .map(|i| {
                let e = EnterpriseIdx::from(i);
                (s.travel_minutes(from, Place::Enterprise(e)), e)
            })
            .collect();
        near.sort_unstable();
        let ents: Vec<EnterpriseIdx> = near.iter().take(8).map(|x| x.1).collect();
        let trips = day_trips(&s, from, &ents, s.rules.onsite_minutes, s.rules.day_minutes);
        check_partition(&s, from, &ents, &trips);
        // 8 × 60 on site alone fills a 480-minute day: at least two trips, and close-by
        // enterprises need no more than two.
        assert_eq!(trips.len(), 2, "{trips:?}");
    }

    #[test]
    fn greedy_grouping_covers_large_sets_with_trips_that_fit() {
        let s = nanping();
        let from = Place::Court(tepai_model::CourtIdx::from(0));
        let ents: Vec<EnterpriseIdx> = (0..20).map(|i| EnterpriseIdx::from(i * 3)).collect();
        let ents: Vec<EnterpriseIdx> = ents
            .into_iter()
            .filter(|&e| {
                fits(
                    2 * s.travel_minutes(from, Place::Enterprise(e)),
                    1,
                    s.rules.onsite_minutes,
                    s.rules.day_minutes,
                )
            })
            .collect();
        assert!(ents.len() > EXACT_LIMIT);
        let trips = day_trips(&s, from, &ents, s.rules.onsite_minutes, s.rules.day_minutes);
        check_partition(&s, from, &ents, &trips);
        assert!(trips.len() < ents.len(), "some enterprises share a trip");
    }
}
