//! Phase 2 of a period: each officer's own jobs (its units, then its direct trips) on its
//! remaining free days, spread over the period, and the recording of direct trips.
use super::*;

impl Planner<'_> {
    pub(super) fn officer(&mut self, o: OfficerIdx, p: Period, days: &mut [Days]) {
        let s = self.s;
        let r = &s.rules;
        let oi = o.index();
        let mut jobs: Vec<(JobRef, usize)> = Vec::new();
        for &ji in &self.solo_units[oi] {
            if self.units[ji].blocked.is_none() {
                let want = r.unit_visits_per_period as usize;
                let made = self.made(JobRef::Unit(ji), p);
                jobs.push((JobRef::Unit(ji), want.saturating_sub(made)));
            }
        }
        for &ji in &self.officer_direct[oi] {
            let want = self.direct[ji].visits_due(s, p);
            let made = self.made(JobRef::Direct(ji), p);
            jobs.push((JobRef::Direct(ji), want.saturating_sub(made)));
        }
        jobs.retain(|j| j.1 > 0);
        if jobs.is_empty() {
            return;
        }
        // Hand out the remaining days round-robin over the jobs.
        let left = days[oi].budget.saturating_sub(days[oi].spent);
        let mut counts = vec![0usize; jobs.len()];
        let mut given = 0;
        let most = jobs.iter().map(|j| j.1).max().unwrap_or(0);
        'outer: for round in 0..most {
            for (j, job) in jobs.iter().enumerate() {
                if given >= left {
                    break 'outer;
                }
                if round < job.1 {
                    counts[j] += 1;
                    given += 1;
                }
            }
        }
        for (j, &(job, want)) in jobs.iter().enumerate() {
            let missing = want - counts[j];
            for t in self.targets_of(job) {
                self.short(days, o, p, Some(t), ShortfallRule::NotEnoughDays, missing);
            }
        }

        // Days still free, ascending.
        let avail: Vec<NaiveDate> = {
            let d = &days[oi];
            d.free
                .iter()
                .zip(&d.used)
                .filter(|(_, u)| !**u)
                .map(|(d, _)| *d)
                .collect()
        };
        let min = r.min_days_between_visits;
        // Per job, the latest day its visits here may take without leaving the next period
        // fewer spaced days than it needs (a leave early in the next period, say): days up to
        // it are tried first.
        let next_free = Period::new(p.year, p.kind, p.index + 1).map(|q| {
            let working = s
                .calendar
                .working_days(q.start(), q.end())
                .unwrap_or_default();
            self.free_of(oi, &working)
        });
        let latest: Vec<Option<NaiveDate>> = jobs
            .iter()
            .map(|&(_, want)| {
                next_free
                    .as_ref()
                    .and_then(|next| latest_before(&avail, next, min, want))
            })
            .collect();
        let n_jobs = jobs.len() as f64;
        // (tight, ideal position, job, visit): tight jobs first, earliest-first.
        let mut order: Vec<(bool, f64, usize)> = Vec::new();
        for (j, &(job, _)) in jobs.iter().enumerate() {
            let c = counts[j];
            if c == 0 {
                continue;
            }
            let tight = most_spaced(&avail, self.dates_of(job), min, c + 1) <= c;
            for i in 0..c {
                let ideal = (i as f64 + (j as f64 + 0.5) / n_jobs) / c as f64 * avail.len() as f64;
                order.push((!tight, ideal, j));
            }
        }
        order.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (loose, ideal, j) in order {
            let job = jobs[j].0;
            let order: Vec<usize> = if loose {
                nearest_first(avail.len(), ideal).collect()
            } else {
                (0..avail.len()).collect()
            };
            let early = |idx: &usize| latest[j].map_or(true, |l| avail[*idx] <= l);
            let (first, then): (Vec<usize>, Vec<usize>) = order.into_iter().partition(early);
            let candidates = first.into_iter().chain(then);
            let d_o = &days[oi];
            let (occupied, visited) = (&self.occupied, &self.visited);
            match job {
                JobRef::Unit(ji) => {
                    let uj = &self.units[ji];
                    let found = search(candidates, ShortfallRule::NoEligibleMembers, |idx| {
                        let d = avail[idx];
                        if !d_o.available(d) {
                            return Verdict::Busy;
                        }
                        if !spaced(&uj.dates, d, min) {
                            return Verdict::TooClose;
                        }
                        match select_members(s, uj, Some(d), occupied, visited) {
                            Some(sel) => Verdict::Ok(sel),
                            None => Verdict::Blocked,
                        }
                    });
                    match found {
                        Ok((idx, (picked, route))) => {
                            days[oi].take(avail[idx]);
                            self.commit_unit(ji, avail[idx], p, &picked, route);
                        }
                        Err(rule) => {
                            let u = self.units[ji].unit;
                            self.short(days, o, p, Some(Target::Unit(u)), rule, 1);
                        }
                    }
                }
                JobRef::Direct(ji) => {
                    let dj = &self.direct[ji];
                    let found = search(candidates, ShortfallRule::NotEnoughDays, |idx| {
                        let d = avail[idx];
                        if !d_o.available(d) {
                            return Verdict::Busy;
                        }
                        if !spaced(&dj.dates, d, min) {
                            return Verdict::TooClose;
                        }
                        if dj.stops.iter().any(|&e| occupied.contains(&(d, e))) {
                            return Verdict::Blocked;
                        }
                        Verdict::Ok(())
                    });
                    match found {
                        Ok((idx, ())) => {
                            let d = avail[idx];
                            days[oi].take(d);
                            self.commit_direct(ji, d, p);
                        }
                        Err(rule) => {
                            for t in self.targets_of(job) {
                                self.short(days, o, p, Some(t), rule, 1);
                            }
                        }
                    }
                }
            }
        }
    }

    pub(super) fn targets_of(&self, job: JobRef) -> Vec<Target> {
        match job {
            JobRef::Unit(ji) => vec![Target::Unit(self.units[ji].unit)],
            JobRef::Direct(ji) => self.direct[ji]
                .stops
                .iter()
                .map(|&e| Target::Enterprise(e))
                .collect(),
        }
    }

    pub(super) fn dates_of(&self, job: JobRef) -> &[NaiveDate] {
        match job {
            JobRef::Unit(ji) => &self.units[ji].dates,
            JobRef::Direct(ji) => &self.direct[ji].dates,
        }
    }

    pub(super) fn commit_direct(&mut self, ji: usize, d: NaiveDate, p: Period) {
        let s = self.s;
        let job = &mut self.direct[ji];
        job.dates.push(d);
        for &e in &job.stops {
            self.occupied.insert((d, e));
        }
        self.visits.push(Visit {
            date: d,
            period: p,
            officer: job.officer,
            target: Target::Enterprise(job.stops[0]),
            stops: job.stops.clone(),
            depart: DEPART_MINUTES,
            travel_minutes: job.travel,
            onsite_minutes: as_u32(job.stops.len()) * s.rules.onsite_minutes,
        });
    }
}
