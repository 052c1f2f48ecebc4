//! Unit visits: the recording of a unit trip (one row per officer of the job) and the
//! rotation that picks the members each trip visits.
use super::*;

impl Planner<'_> {
    /// Records a unit trip: one row per officer of the job.
    pub(super) fn commit_unit(
        &mut self,
        ji: usize,
        d: NaiveDate,
        p: Period,
        picked: &[usize],
        order: Vec<EnterpriseIdx>,
    ) {
        let s = self.s;
        let job = &mut self.units[ji];
        for &i in picked {
            job.seen[i] += 1;
        }
        job.dates.push(d);
        for &e in &order {
            self.occupied.insert((d, e));
            self.visited[e.index()] = true;
        }
        let onsite = as_u32(order.len()) * s.rules.onsite_minutes;
        for (&o, &c) in job.officers.iter().zip(&job.courts) {
            self.visits.push(Visit {
                date: d,
                period: p,
                officer: o,
                target: Target::Unit(job.unit),
                travel_minutes: route::trip_minutes(s, Place::Court(c), &order),
                stops: order.clone(),
                depart: DEPART_MINUTES,
                onsite_minutes: onsite,
            });
        }
    }
}

/// The `k` members a trip of `job` visits on `d` (any day when `None`), as
/// positions in `job.members` and the visiting order. `None` when fewer than `k` members are
/// free that day or no choice fits the day for every officer of the job.
///
/// Members no trip has visited this year (`visited`, per enterprise; shorter: none visited)
/// come first, so that a unit's visits reach as many distinct enterprises as they can, and
/// none is left for one a direct officer or another unit visits anyway.
pub(super) fn select_members(
    s: &Scenario,
    job: &UnitJob,
    d: Option<NaiveDate>,
    occupied: &HashSet<(NaiveDate, EnterpriseIdx)>,
    visited: &[bool],
) -> Option<(Vec<usize>, Vec<EnterpriseIdx>)> {
    let r = &s.rules;
    let mut cands: Vec<usize> = (0..job.members.len())
        .filter(|&i| d.map_or(true, |d| !occupied.contains(&(d, job.members[i]))))
        .collect();
    // Fewer stops once members have closed (a day trip on any day: all of them).
    let k = d.map_or(job.k, |d| job.k_on(s, d));
    if k == 0 || cands.len() < k {
        return None;
    }
    // Not visited this year first, then (when the target counts visits) the members the
    // assignment counted for this unit, then least visited by this unit, then static rank
    // (value, travel, seeded draw).
    let elsewhere = |i: usize| visited.get(job.members[i].index()).copied() == Some(true);
    let not_held = |i: usize| !job.held.get(i).copied().unwrap_or(false);
    cands.sort_by_key(|&i| (elsewhere(i), not_held(i), job.seen[i], i));
    let origin = Place::Court(job.courts[0]);
    let try_group = |group: &[usize]| -> Option<(Vec<usize>, Vec<EnterpriseIdx>)> {
        let ents: Vec<EnterpriseIdx> = group.iter().map(|&i| job.members[i]).collect();
        let (order, travel) = route::best_order(s, origin, &ents);
        let fits_all = fits_day(travel, order.len(), r.onsite_minutes, r.day_minutes)
            && job.courts[1..].iter().all(|&c| {
                let t = route::trip_minutes(s, Place::Court(c), &order);
                fits_day(t, order.len(), r.onsite_minutes, r.day_minutes)
            });
        fits_all.then(|| (group.to_vec(), order))
    };
    if let Some(sel) = try_group(&cands[..k]) {
        return Some(sel);
    }
    // A compact group around each of the first candidates.
    for &seed in cands.iter().take(FIT_SEEDS) {
        let from = Place::Enterprise(job.members[seed]);
        let mut near: Vec<(u32, usize, usize)> = cands
            .iter()
            .enumerate()
            .filter(|(_, &i)| i != seed)
            .map(|(rank, &i)| {
                (
                    s.travel_minutes(from, Place::Enterprise(job.members[i])),
                    rank,
                    i,
                )
            })
            .collect();
        near.sort_unstable();
        let group: Vec<usize> = std::iter::once(seed)
            .chain(near.iter().take(k - 1).map(|x| x.2))
            .collect();
        if let Some(sel) = try_group(&group) {
            return Some(sel);
        }
    }
    // The members nearest the court.
    let mut near: Vec<(u32, usize, usize)> = cands
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            (
                s.travel_minutes(origin, Place::Enterprise(job.members[i])),
                rank,
                i,
            )
        })
        .collect();
    near.sort_unstable();
    let group: Vec<usize> = near.iter().take(k).map(|x| x.2).collect();
    try_group(&group)
}
