//! Phase 1 of a period: a team's joint unit visits, on the days free for every member.
use super::*;

impl Planner<'_> {
    pub(super) fn team(&mut self, ji: usize, p: Period, days: &mut [Days]) {
        let s = self.s;
        let min = s.rules.min_days_between_visits;
        let v = s.rules.unit_visits_per_period as usize;
        let officers = self.units[ji].officers.clone();
        let first = &days[officers[0].index()];
        let common: Vec<NaiveDate> = first
            .free
            .iter()
            .copied()
            .filter(|&d| {
                officers[1..]
                    .iter()
                    .all(|o| days[o.index()].slot(d).is_some())
            })
            .collect();
        // Joint visits go earliest-first: a team's common free days are few, and a late last
        // visit in one period can leave too few spaced days in the next (the assignment's
        // team check counts them earliest-first, period after period).
        for _ in 0..v.saturating_sub(self.made(JobRef::Unit(ji), p)) {
            let order = 0..common.len();
            let job = &self.units[ji];
            let (occupied, visited) = (&self.occupied, &self.visited);
            let found = search(order, ShortfallRule::NoEligibleMembers, |idx| {
                let d = common[idx];
                if !officers.iter().all(|o| days[o.index()].available(d)) {
                    return Verdict::Busy;
                }
                if !spaced(&job.dates, d, min) {
                    return Verdict::TooClose;
                }
                match select_members(s, job, Some(d), occupied, visited) {
                    Some(sel) => Verdict::Ok(sel),
                    None => Verdict::Blocked,
                }
            });
            match found {
                Ok((idx, (picked, order))) => {
                    let d = common[idx];
                    for o in &officers {
                        days[o.index()].take(d);
                    }
                    self.commit_unit(ji, d, p, &picked, order);
                }
                Err(rule) => {
                    let u = self.units[ji].unit;
                    for &o in &officers {
                        self.short(days, o, p, Some(Target::Unit(u)), rule, 1);
                    }
                }
            }
        }
    }
}
