//! Shortfalls: the reasons met while placing trips, and the shortfalls counted from the
//! visits made.
use super::*;

impl Planner<'_> {
    pub(super) fn short(
        &mut self,
        days: &[Days],
        o: OfficerIdx,
        p: Period,
        target: Option<Target>,
        rule: ShortfallRule,
        n: usize,
    ) {
        if n == 0 {
            return;
        }
        self.reasons.push(Shortfall {
            officer: o,
            period: p,
            target,
            rule,
            visits_short: as_u32(n),
            stops_short: 0,
            free_days: as_u32(days[o.index()].budget),
            days_needed: as_u32(self.need[o.index()]),
        });
    }

    /// The shortfalls of the schedule made, counted from its visits: per pair of the
    /// assignment and period, the visits the rules require minus the visits made (a team's
    /// joint trip counts for every officer of the team), split by the reasons met while
    /// scheduling (in the order met; visits missing beyond them count as
    /// [`ShortfallRule::NotEnoughDays`]); and the member stops missing from the unit visits
    /// made. Sorted by period, officer, target, rule.
    pub(super) fn count_shortfalls(&self) -> Vec<Shortfall> {
        let s = self.s;
        let r = &s.rules;
        let epuv = r.enterprises_per_unit_visit as usize;
        // Per unit visit: its distinct stops (`usize::MAX` for a past one) and its date.
        let mut unit_rows: BTreeMap<(OfficerIdx, UnitIdx, Period), Vec<(usize, NaiveDate)>> =
            BTreeMap::new();
        let mut direct_rows: BTreeMap<(OfficerIdx, EnterpriseIdx, Period), u32> = BTreeMap::new();
        let past = |d: NaiveDate| self.from.is_some_and(|f| d < f);
        for v in &self.visits {
            match v.target {
                Target::Unit(u) => {
                    let distinct: HashSet<EnterpriseIdx> = v.stops.iter().copied().collect();
                    // A past visit's stops are as they were: none is the plan's to count.
                    let n = if past(v.date) {
                        usize::MAX
                    } else {
                        distinct.len()
                    };
                    unit_rows
                        .entry((v.officer, u, v.period))
                        .or_default()
                        .push((n, v.date));
                }
                Target::Enterprise(_) => {
                    let distinct: BTreeSet<EnterpriseIdx> = v.stops.iter().copied().collect();
                    for e in distinct {
                        *direct_rows.entry((v.officer, e, v.period)).or_insert(0) += 1;
                    }
                }
            }
        }
        let jobs: BTreeMap<UnitIdx, &UnitJob> = self.units.iter().map(|j| (j.unit, j)).collect();
        let mut reasons: BTreeMap<(OfficerIdx, Period, Target), Vec<(ShortfallRule, u32)>> =
            BTreeMap::new();
        for f in &self.reasons {
            if let Some(t) = f.target {
                reasons
                    .entry((f.officer, f.period, t))
                    .or_default()
                    .push((f.rule, f.visits_short));
            }
        }
        let mut out = Vec::new();
        for p in Period::all(s.year, r.period) {
            if past(p.end()) {
                continue;
            }
            for &(o, t) in &self.pairs {
                let (made, stops): (u32, &[(usize, NaiveDate)]) = match t {
                    Target::Unit(u) => {
                        let rows = unit_rows.get(&(o, u, p)).map_or(&[][..], Vec::as_slice);
                        (as_u32(rows.len()), rows)
                    }
                    Target::Enterprise(e) => {
                        (direct_rows.get(&(o, e, p)).copied().unwrap_or(0), &[][..])
                    }
                };
                // (visits, stops) short per rule.
                let mut short: BTreeMap<ShortfallRule, (u32, u32)> = BTreeMap::new();
                let due = match t {
                    Target::Enterprise(e) if !s.enterprise(e).open_through(p.end()) => 0,
                    _ => candidates::visits(s, t),
                };
                let mut left = due.saturating_sub(made);
                for &(rule, n) in reasons.get(&(o, p, t)).map_or(&[][..], Vec::as_slice) {
                    let take = n.min(left);
                    if take > 0 {
                        short.entry(rule).or_default().0 += take;
                        left -= take;
                    }
                }
                if left > 0 {
                    short.entry(ShortfallRule::NotEnoughDays).or_default().0 += left;
                }
                if let Target::Unit(u) = t {
                    for &(n, d) in stops.iter().filter(|x| x.0 != usize::MAX) {
                        let want = jobs.get(&u).map_or(0, |j| j.k_on(s, d));
                        // Members closed by the day owe no stop: a visit makes
                        // `enterprises_per_unit_visit` stops, or as many as members are open.
                        let open = s
                            .unit(u)
                            .members
                            .iter()
                            .filter(|&&e| !s.closed_for_plan(e) && !s.enterprise(e).is_closed_on(d))
                            .count();
                        let owed = epuv.min(open);
                        if n < want {
                            short.entry(ShortfallRule::NoEligibleMembers).or_default().1 +=
                                as_u32(want - n);
                        }
                        if want < owed {
                            short
                                .entry(ShortfallRule::TooFewEligibleMembers)
                                .or_default()
                                .1 += as_u32(owed - want);
                        }
                    }
                }
                for (rule, (visits_short, stops_short)) in short {
                    out.push(Shortfall {
                        officer: o,
                        period: p,
                        target: Some(t),
                        rule,
                        visits_short,
                        stops_short,
                        free_days: as_u32(self.budgets.get(&(o, p)).copied().unwrap_or(0)),
                        days_needed: as_u32(self.need[o.index()]),
                    });
                }
            }
        }
        out.sort_by_key(|f| (f.period, f.officer, f.target, f.rule));
        out
    }
}
