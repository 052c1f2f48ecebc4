//! A re-plan's schedule: the past as it happened, and the baseline's visits kept where they
//! still hold.
//!
//! Before the re-plan's day `from` nothing is placed: the visits made (the past) are recorded
//! as they are — they take their officer's day, their enterprises' day, count for their job's
//! duty in their period, its spacing and its member rotation — and no day before `from` is
//! free. Periods that ended before `from` are not scheduled (their duty is history). From
//! `from` on, each period first keeps the baseline's visits that still hold — same officer,
//! same unit (or the officer's direct trip whose enterprises the baseline trip visited), a
//! day still free, spaced and open to the stops, the duty not yet met — on their baseline day
//! and with their baseline stops where those are still eligible (other members that day
//! where not); then the usual phases place what the duty still lacks.
use super::jobs::apart_by_closing;
use super::*;

impl Planner<'_> {
    /// Groups each officer's directly served enterprises into day trips as the baseline did
    /// (its trips' enterprises still served by the officer, each in its first trip), the
    /// enterprises new to the officer into trips of their own — so that a change to one
    /// enterprise changes only the trips that visit it.
    pub(super) fn regroup_direct(&mut self, baseline: &[Visit]) {
        let s = self.s;
        let r = &s.rules;
        let v_ent = r.enterprise_visits_per_period as usize;
        let mut direct = Vec::new();
        let mut officer_direct = vec![Vec::new(); s.officers.len()];
        for (oi, jobs) in officer_direct.iter_mut().enumerate() {
            let o = OfficerIdx::from(oi);
            let served: Vec<EnterpriseIdx> = self.officer_direct[oi]
                .iter()
                .flat_map(|&ji| self.direct[ji].stops.iter().copied())
                .collect();
            if served.is_empty() {
                continue;
            }
            let court = Place::Court(s.officer(o).court);
            let mut grouped: BTreeSet<EnterpriseIdx> = BTreeSet::new();
            let mut trips: Vec<(Vec<EnterpriseIdx>, u32)> = Vec::new();
            for v in baseline
                .iter()
                .filter(|v| v.officer == o && matches!(v.target, Target::Enterprise(_)))
            {
                let group: Vec<EnterpriseIdx> = v
                    .stops
                    .iter()
                    .copied()
                    .filter(|e| served.contains(e) && !grouped.contains(e))
                    .collect();
                if group.is_empty() {
                    continue;
                }
                // In the baseline's visiting order (a closed stop left out), apart by closing
                // day as every direct trip is (jobs.rs).
                for group in apart_by_closing(s, &group) {
                    let travel = route::trip_minutes(s, court, &group);
                    if fits_day(travel, group.len(), r.onsite_minutes, r.day_minutes) {
                        grouped.extend(group.iter().copied());
                        trips.push((group, travel));
                    }
                }
            }
            let rest: Vec<EnterpriseIdx> = served
                .iter()
                .copied()
                .filter(|e| !grouped.contains(e))
                .collect();
            for group in apart_by_closing(s, &rest) {
                for t in cluster::day_trips(s, court, &group, r.onsite_minutes, r.day_minutes) {
                    trips.push((t.stops, t.travel));
                }
            }
            self.need[oi] -= self.officer_direct[oi].len() * v_ent;
            self.need[oi] += trips.len() * v_ent;
            for (stops, travel) in trips {
                jobs.push(direct.len());
                direct.push(DirectJob {
                    officer: o,
                    stops,
                    travel,
                    dates: Vec::new(),
                });
            }
        }
        self.direct = direct;
        self.officer_direct = officer_direct;
    }

    /// Records visits made before `from`.
    pub(super) fn record_past(&mut self, past: &[Visit]) {
        let mut seen_trips: HashSet<(NaiveDate, UnitIdx)> = HashSet::new();
        for v in past {
            for &e in &v.stops {
                self.occupied.insert((v.date, e));
            }
            match v.target {
                Target::Unit(u) => {
                    if let Some(job) = self.units.iter_mut().find(|j| j.unit == u) {
                        if seen_trips.insert((v.date, u)) {
                            for (i, m) in job.members.iter().enumerate() {
                                if v.stops.contains(m) {
                                    job.seen[i] += 1;
                                }
                            }
                        }
                        if job.officers.contains(&v.officer) && !job.dates.contains(&v.date) {
                            job.dates.push(v.date);
                        }
                    }
                }
                Target::Enterprise(_) => {
                    for &ji in &self.officer_direct[v.officer.index()] {
                        let job = &mut self.direct[ji];
                        if job.stops.iter().any(|e| v.stops.contains(e))
                            && !job.dates.contains(&v.date)
                        {
                            job.dates.push(v.date);
                        }
                    }
                }
            }
            self.visits.push(v.clone());
        }
    }

    /// No day before `from` is free; the days the past took count against the period's.
    pub(super) fn close_past_days(&self, p: Period, days: &mut [Days]) {
        let Some(from) = self.from else { return };
        for (oi, d) in days.iter_mut().enumerate() {
            for (i, &day) in d.free.iter().enumerate() {
                if day < from {
                    d.used[i] = true;
                }
            }
            let taken: BTreeSet<NaiveDate> = self
                .visits
                .iter()
                .filter(|v| v.officer.index() == oi && v.period == p && v.date < from)
                .map(|v| v.date)
                .collect();
            d.spent = taken.len();
        }
    }

    /// Visits of a job already made in a period (its dates there).
    pub(super) fn made(&self, job: JobRef, p: Period) -> usize {
        self.dates_of(job)
            .iter()
            .filter(|&&d| p.start() <= d && d <= p.end())
            .count()
    }

    /// Keeps the baseline's visits of period `p` that still hold (see the module
    /// documentation).
    pub(super) fn keep_baseline(&mut self, p: Period, days: &mut [Days], baseline: &[Visit]) {
        let s = self.s;
        let r = &s.rules;
        let min = r.min_days_between_visits;
        let from = self.from.unwrap_or(p.start());
        for v in baseline
            .iter()
            .filter(|v| v.date >= from && p.start() <= v.date && v.date <= p.end())
        {
            let d = v.date;
            match v.target {
                Target::Unit(u) => {
                    let Some(ji) = self
                        .units
                        .iter()
                        .position(|j| j.unit == u && j.officers.contains(&v.officer))
                    else {
                        continue;
                    };
                    let job = &self.units[ji];
                    if job.blocked.is_some()
                        || job.dates.contains(&d)
                        || self.made(JobRef::Unit(ji), p) >= r.unit_visits_per_period as usize
                        || !job.officers.iter().all(|o| days[o.index()].available(d))
                        || !spaced(&job.dates, d, min)
                    {
                        continue;
                    }
                    let picked: Option<Vec<usize>> = v
                        .stops
                        .iter()
                        .map(|e| job.members.iter().position(|m| m == e))
                        .collect();
                    let fits = |order: &[EnterpriseIdx]| {
                        job.courts.iter().all(|&c| {
                            fits_day(
                                route::trip_minutes(s, Place::Court(c), order),
                                order.len(),
                                r.onsite_minutes,
                                r.day_minutes,
                            )
                        })
                    };
                    let as_before = picked.filter(|picked| {
                        picked.len() == job.k_on(s, d)
                            && v.stops.iter().all(|&e| !self.occupied.contains(&(d, e)))
                            && fits(&v.stops)
                    });
                    let chosen = match as_before {
                        Some(picked) => Some((picked, v.stops.clone())),
                        None => select_members(s, job, Some(d), &self.occupied, &self.visited),
                    };
                    if let Some((picked, order)) = chosen {
                        for o in self.units[ji].officers.clone() {
                            days[o.index()].take(d);
                        }
                        self.commit_unit(ji, d, p, &picked, order);
                    }
                }
                Target::Enterprise(_) => {
                    let o = v.officer;
                    let Some(&ji) = self.officer_direct[o.index()].iter().find(|&&ji| {
                        let job = &self.direct[ji];
                        job.stops.iter().all(|e| v.stops.contains(e))
                    }) else {
                        continue;
                    };
                    let job = &self.direct[ji];
                    if job.dates.contains(&d)
                        || self.made(JobRef::Direct(ji), p) >= job.visits_due(s, p)
                        || !days[o.index()].available(d)
                        || !spaced(&job.dates, d, min)
                        || job.stops.iter().any(|&e| self.occupied.contains(&(d, e)))
                    {
                        continue;
                    }
                    days[o.index()].take(d);
                    self.commit_direct(ji, d, p);
                }
            }
        }
    }
}
