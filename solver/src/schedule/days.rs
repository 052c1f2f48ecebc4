//! Free working days and spacing: each officer's days in a period, and the search for a day
//! that is free, spaced from the job's other visits and open to the trip's stops.
use super::*;

#[derive(Default)]
pub(super) struct Days {
    /// Free working days, ascending.
    pub(super) free: Vec<NaiveDate>,
    /// Whether each free day already has a trip.
    pub(super) used: Vec<bool>,
    /// Days usable: min(free, days per period).
    pub(super) budget: usize,
    /// Days used so far.
    pub(super) spent: usize,
}

impl Days {
    pub(super) fn slot(&self, d: NaiveDate) -> Option<usize> {
        self.free.binary_search(&d).ok()
    }
    pub(super) fn available(&self, d: NaiveDate) -> bool {
        self.spent < self.budget && self.slot(d).is_some_and(|i| !self.used[i])
    }
    pub(super) fn take(&mut self, d: NaiveDate) {
        if let Some(i) = self.slot(d) {
            self.used[i] = true;
            self.spent += 1;
        }
    }
}

/// What a candidate day offers.
pub(super) enum Verdict<T> {
    /// The officer (or a team member) has no trip left or is busy that day.
    Busy,
    /// Too close to another visit of the job.
    TooClose,
    /// The trip's enterprises cannot be visited that day.
    Blocked,
    /// Usable, with what the trip would be.
    Ok(T),
}

/// Tries candidate days in order; the first usable one wins. On failure, the most specific
/// reason seen (blocked > spacing > busy).
pub(super) fn search<T>(
    order: impl Iterator<Item = usize>,
    blocked_rule: ShortfallRule,
    mut try_day: impl FnMut(usize) -> Verdict<T>,
) -> Result<(usize, T), ShortfallRule> {
    let (mut close, mut blocked) = (false, false);
    for i in order {
        match try_day(i) {
            Verdict::Ok(t) => return Ok((i, t)),
            Verdict::Busy => {}
            Verdict::TooClose => close = true,
            Verdict::Blocked => blocked = true,
        }
    }
    Err(if blocked {
        blocked_rule
    } else if close {
        ShortfallRule::Spacing
    } else {
        ShortfallRule::NotEnoughDays
    })
}

/// Indices `0..len` by distance from the continuous position `ideal` (day `i` covers
/// `[i, i + 1)`), earlier first on ties.
pub(super) fn nearest_first(len: usize, ideal: f64) -> impl Iterator<Item = usize> {
    let centre = move |i: usize| (i as f64 + 0.5 - ideal).abs();
    let start = (ideal.max(0.0) as usize).min(len.saturating_sub(1));
    let (mut lo, mut hi) = (start as isize, start + 1);
    std::iter::from_fn(move || {
        let lo_ok = lo >= 0;
        let hi_ok = hi < len;
        if len == 0 || (!lo_ok && !hi_ok) {
            return None;
        }
        let take_lo = lo_ok && (!hi_ok || centre(lo as usize) <= centre(hi));
        if take_lo {
            lo -= 1;
            Some((lo + 1) as usize)
        } else {
            hi += 1;
            Some(hi - 1)
        }
    })
}

/// Whether `d` is at least `min` calendar days from every date of `dates`.
pub(super) fn spaced(dates: &[NaiveDate], d: NaiveDate, min: u32) -> bool {
    dates
        .iter()
        .all(|&x| (d - x).num_days().unsigned_abs() >= u64::from(min) && x != d)
}

/// How many visits the earliest-first rule fits on `days` (ascending), spaced from `prev`
/// and from each other — the most any placement can fit.
pub(super) fn most_spaced(days: &[NaiveDate], prev: &[NaiveDate], min: u32, cap: usize) -> usize {
    let mut placed: Vec<NaiveDate> = prev.to_vec();
    let mut n = 0;
    for &d in days {
        if n >= cap {
            break;
        }
        if spaced(&placed, d, min) {
            placed.push(d);
            n += 1;
        }
    }
    n
}

/// The latest of `days` after which a job can no longer make as many spaced visits on
/// `next` (the days free in the following period) as it could with no visit before them:
/// the last day a period's visit may take without costing the next period one.
pub(super) fn latest_before(
    days: &[NaiveDate],
    next: &[NaiveDate],
    min: u32,
    want: usize,
) -> Option<NaiveDate> {
    let fits = most_spaced(next, &[], min, want);
    days.iter()
        .rev()
        .copied()
        .find(|&d| most_spaced(next, &[d], min, want) >= fits)
}

impl Planner<'_> {
    /// One officer's free working days in a period (outside its leave), ascending.
    pub(super) fn free_of(&self, oi: usize, working: &[NaiveDate]) -> Vec<NaiveDate> {
        working
            .iter()
            .copied()
            .filter(|d| !self.leave[oi].iter().any(|(a, b)| a <= d && d <= b))
            .collect()
    }

    /// The free days of every officer in a period.
    pub(super) fn days(&self, p: Period) -> Vec<Days> {
        let working = self
            .s
            .calendar
            .working_days(p.start(), p.end())
            .unwrap_or_default();
        (0..self.s.officers.len())
            .map(|oi| {
                let free = self.free_of(oi, &working);
                let per_period = self
                    .s
                    .days_per_period(OfficerIdx::from(oi))
                    .floor()
                    .max(0.0);
                let budget = (per_period as usize).min(free.len());
                Days {
                    used: vec![false; free.len()],
                    free,
                    budget,
                    spent: 0,
                }
            })
            .collect()
    }
}
