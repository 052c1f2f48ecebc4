//! Routing a day trip: in which order an officer visits the stops of one trip.
//!
//! A trip starts at the officer's court, visits every stop once and returns to the court; its
//! length is the sum of the scenario's travel times along the way (which may be asymmetric
//! when the travel matrix says so). For up to [`EXACT_LIMIT`] stops the order is exact
//! (Held–Karp dynamic programming over subsets, `2^n · n²`); beyond, nearest neighbour from
//! the court followed by 2-opt until no reversal of a segment shortens the tour.
//!
//! Ties are broken deterministically (the first order found in index order wins).
use tepai_model::{EnterpriseIdx, Place, Scenario};

/// Most stops routed exactly; longer trips use nearest neighbour + 2-opt.
pub const EXACT_LIMIT: usize = 8;

/// Unreachable cost in the dynamic programmes (half of `u32::MAX`, so sums do not wrap).
const INF: u32 = u32::MAX / 2;

/// The best visiting order of `stops` for a day trip from `from` and back, with the trip's
/// total travel minutes (`from` → first stop → … → last stop → `from`).
///
/// Exact for up to [`EXACT_LIMIT`] stops; nearest neighbour + 2-opt beyond. No stops: an
/// empty order and 0 minutes.
pub fn best_order(s: &Scenario, from: Place, stops: &[EnterpriseIdx]) -> (Vec<EnterpriseIdx>, u32) {
    if stops.is_empty() {
        return (Vec::new(), 0);
    }
    let places: Vec<Place> = std::iter::once(from)
        .chain(stops.iter().map(|&e| Place::Enterprise(e)))
        .collect();
    let m = matrix(s, &places);
    let (order, cost) = solve(&m);
    (order.into_iter().map(|i| stops[i - 1]).collect(), cost)
}

/// Travel minutes of a trip in the given order: `from` → stops → `from`.
pub fn trip_minutes(s: &Scenario, from: Place, order: &[EnterpriseIdx]) -> u32 {
    let mut at = from;
    let mut total = 0u32;
    for &e in order {
        let next = Place::Enterprise(e);
        total = total.saturating_add(s.travel_minutes(at, next));
        at = next;
    }
    total.saturating_add(s.travel_minutes(at, from))
}

/// The travel matrix between places: `m[i][j]` = minutes from `places[i]` to `places[j]`.
pub(crate) fn matrix(s: &Scenario, places: &[Place]) -> Vec<Vec<u32>> {
    places
        .iter()
        .map(|&a| places.iter().map(|&b| s.travel_minutes(a, b)).collect())
        .collect()
}

/// Cost of the closed tour 0 → order… → 0 in matrix `m`.
pub(crate) fn tour_cost(m: &[Vec<u32>], order: &[usize]) -> u32 {
    let mut at = 0;
    let mut total = 0u32;
    for &i in order {
        total = total.saturating_add(m[at][i]);
        at = i;
    }
    total.saturating_add(m[at][0])
}

/// Best order of nodes `1..m.len()` for a closed tour from node 0, with its cost.
pub(crate) fn solve(m: &[Vec<u32>]) -> (Vec<usize>, u32) {
    let n = m.len().saturating_sub(1);
    match n {
        0 => (Vec::new(), 0),
        1 => (vec![1], tour_cost(m, &[1])),
        _ if n <= EXACT_LIMIT => held_karp(m),
        _ => nearest_two_opt(m),
    }
}

/// Held–Karp forward pass over subsets of the stops `1..m.len()` (bit `j` = node `j + 1`):
/// `dp[mask * n + j]` is the shortest path from node 0 through exactly `mask`, ending at
/// stop `j`; `parent` holds the stop before `j` on it (`u8::MAX` for the first stop).
fn subset_paths(m: &[Vec<u32>]) -> (Vec<u32>, Vec<u8>) {
    let n = m.len() - 1;
    let full = (1usize << n) - 1;
    let mut dp = vec![INF; (full + 1) * n];
    let mut parent = vec![u8::MAX; (full + 1) * n];
    for j in 0..n {
        dp[(1 << j) * n + j] = m[0][j + 1];
    }
    for mask in 1..=full {
        for j in 0..n {
            let cur = dp[mask * n + j];
            if cur >= INF || mask & (1 << j) == 0 {
                continue;
            }
            for l in 0..n {
                if mask & (1 << l) != 0 {
                    continue;
                }
                let next = mask | (1 << l);
                let cand = cur + m[j + 1][l + 1];
                if cand < dp[next * n + l] {
                    dp[next * n + l] = cand;
                    #[allow(clippy::cast_possible_truncation)]
                    let p = j as u8; // j < 64: callers keep n small
                    parent[next * n + l] = p;
                }
            }
        }
    }
    (dp, parent)
}

/// Exact closed tour by dynamic programming over subsets of stops.
fn held_karp(m: &[Vec<u32>]) -> (Vec<usize>, u32) {
    let n = m.len() - 1;
    let full = (1usize << n) - 1;
    let (dp, parent) = subset_paths(m);
    let mut best = (INF, 0);
    for j in 0..n {
        let c = dp[full * n + j].saturating_add(m[j + 1][0]);
        if c < best.0 {
            best = (c, j);
        }
    }
    let mut order = Vec::with_capacity(n);
    let (mut mask, mut j) = (full, best.1);
    loop {
        order.push(j + 1);
        let p = parent[mask * n + j];
        mask &= !(1 << j);
        if p == u8::MAX {
            break;
        }
        j = usize::from(p);
    }
    order.reverse();
    (order, best.0)
}

/// Nearest neighbour from the court, then 2-opt (first improvement) until no segment
/// reversal shortens the tour.
fn nearest_two_opt(m: &[Vec<u32>]) -> (Vec<usize>, u32) {
    let n = m.len() - 1;
    let mut left: Vec<usize> = (1..=n).collect();
    let mut order = Vec::with_capacity(n);
    let mut at = 0;
    while !left.is_empty() {
        let (pos, _) = left
            .iter()
            .enumerate()
            .min_by_key(|(_, &i)| (m[at][i], i))
            .expect("non-empty");
        at = left.remove(pos);
        order.push(at);
    }
    let mut cost = tour_cost(m, &order);
    let mut improved = true;
    while improved {
        improved = false;
        for i in 0..n - 1 {
            for j in i + 1..n {
                order[i..=j].reverse();
                let c = tour_cost(m, &order);
                if c < cost {
                    cost = c;
                    improved = true;
                } else {
                    order[i..=j].reverse();
                }
            }
        }
    }
    (order, cost)
}

/// For every subset of the stops `1..m.len()` (bit `j` = node `j + 1`), the length of the
/// best closed tour from node 0 through exactly those stops (`INF` never; 0 for the empty
/// set). Exponential: only for small `m`.
pub(crate) fn subset_costs(m: &[Vec<u32>]) -> Vec<u32> {
    let n = m.len() - 1;
    let (dp, _) = subset_paths(m);
    (0..1usize << n)
        .map(|mask| {
            if mask == 0 {
                return 0;
            }
            (0..n)
                .filter(|&j| mask & (1 << j) != 0 && dp[mask * n + j] < INF)
                .map(|j| dp[mask * n + j].saturating_add(m[j + 1][0]))
                .fold(INF, u32::min)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdata::nanping;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            let mut rest = items.to_vec();
            let first = rest.remove(i);
            for mut p in permutations(&rest) {
                p.insert(0, first);
                out.push(p);
            }
        }
        out
    }

    fn brute_force(m: &[Vec<u32>]) -> u32 {
        let nodes: Vec<usize> = (1..m.len()).collect();
        permutations(&nodes)
            .iter()
            .map(|p| tour_cost(m, p))
            .min()
            .unwrap_or(0)
    }

    #[test]
    fn best_order_equals_brute_force_on_random_small_stop_sets() {
        let s = nanping();
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for round in 0..40 {
            let court = tepai_model::CourtIdx::from(rng.gen_range(0..s.courts.len()));
            let from = Place::Court(court);
            let n = 1 + round % 7;
            let mut stops: Vec<EnterpriseIdx> = Vec::new();
            while stops.len() < n {
                let e = EnterpriseIdx::from(rng.gen_range(0..s.enterprises.len()));
                if !stops.contains(&e) {
                    stops.push(e);
                }
            }
            let (order, minutes) = best_order(&s, from, &stops);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            let mut want = stops.clone();
            want.sort_unstable();
            assert_eq!(sorted, want, "every stop once");
            assert_eq!(minutes, trip_minutes(&s, from, &order), "reported = walked");
            let places: Vec<Place> = std::iter::once(from)
                .chain(stops.iter().map(|&e| Place::Enterprise(e)))
                .collect();
            assert_eq!(minutes, brute_force(&matrix(&s, &places)), "round {round}");
        }
    }

    #[test]
    fn exact_routing_handles_asymmetric_matrices() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for n in 1..=EXACT_LIMIT.min(7) {
            let m: Vec<Vec<u32>> = (0..=n)
                .map(|i| {
                    (0..=n)
                        .map(|j| if i == j { 0 } else { rng.gen_range(1..100) })
                        .collect()
                })
                .collect();
            let (order, cost) = solve(&m);
            assert_eq!(cost, tour_cost(&m, &order));
            assert_eq!(cost, brute_force(&m), "n = {n}");
        }
    }

    #[test]
    fn subset_costs_match_exact_tours_of_each_subset() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let n = 6;
        let m: Vec<Vec<u32>> = (0..=n)
            .map(|i| {
                (0..=n)
                    .map(|j| if i == j { 0 } else { rng.gen_range(1..100) })
                    .collect()
            })
            .collect();
        let costs = subset_costs(&m);
        for (mask, &cost) in costs.iter().enumerate().skip(1) {
            let nodes: Vec<usize> = (0..=n)
                .filter(|&i| i == 0 || mask & (1 << (i - 1)) != 0)
                .collect();
            let sub: Vec<Vec<u32>> = nodes
                .iter()
                .map(|&a| nodes.iter().map(|&b| m[a][b]).collect())
                .collect();
            assert_eq!(cost, brute_force(&sub), "mask {mask:b}");
        }
    }

    #[test]
    fn long_trips_use_a_two_opt_local_optimum_no_worse_than_nearest_neighbour_alone() {
        let s = nanping();
        let stops: Vec<EnterpriseIdx> = (0..14).map(|i| EnterpriseIdx::from(i * 7)).collect();
        let from = Place::Court(tepai_model::CourtIdx::from(0));
        let (order, minutes) = best_order(&s, from, &stops);
        assert_eq!(order.len(), stops.len());
        assert_eq!(minutes, trip_minutes(&s, from, &order));
        // Nearest neighbour alone, for comparison.
        let places: Vec<Place> = std::iter::once(from)
            .chain(stops.iter().map(|&e| Place::Enterprise(e)))
            .collect();
        let m = matrix(&s, &places);
        let mut left: Vec<usize> = (1..m.len()).collect();
        let (mut at, mut nn) = (0, Vec::new());
        while !left.is_empty() {
            let pos = (0..left.len())
                .min_by_key(|&p| (m[at][left[p]], left[p]))
                .unwrap();
            at = left.remove(pos);
            nn.push(at);
        }
        assert!(minutes <= tour_cost(&m, &nn));
    }

    #[test]
    fn no_stops_is_an_empty_trip() {
        let s = nanping();
        let from = Place::Court(tepai_model::CourtIdx::from(0));
        assert_eq!(best_order(&s, from, &[]), (Vec::new(), 0));
    }
}
