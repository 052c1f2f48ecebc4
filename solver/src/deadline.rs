//! The wall-clock limit of a run: made once from the time limit asked for, then asked how
//! much is left, instead of each step redoing the arithmetic on seconds and instants.
use std::time::{Duration, Instant};

/// The shortest time limit handed to HiGHS, seconds: it needs a positive one, and a solve
/// given less than this could not even load a model.
const SOLVE_MIN_S: f64 = 0.1;

/// A point in time by which a run should end, with the limit it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    start: Instant,
    limit: Duration,
}

impl Deadline {
    /// A deadline `seconds` from now (at least [`SOLVE_MIN_S`]; a limit that is not a number
    /// counts as that, an infinite one as the longest [`Duration`]).
    pub fn after_s(seconds: f64) -> Self {
        Deadline {
            start: Instant::now(),
            limit: Duration::try_from_secs_f64(seconds.max(SOLVE_MIN_S)).unwrap_or(Duration::MAX),
        }
    }

    /// The time left (zero once expired).
    pub fn remaining(&self) -> Duration {
        self.limit.saturating_sub(self.start.elapsed())
    }

    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.start.elapsed() >= self.limit
    }

    /// The share of the whole limit still left, from 1 (just made) to 0 (expired).
    pub fn fraction_left(&self) -> f64 {
        self.remaining().as_secs_f64() / self.limit.as_secs_f64()
    }

    /// The time limit to give one HiGHS solve: what is left, at least [`SOLVE_MIN_S`].
    pub fn solve_limit_s(&self) -> f64 {
        self.remaining().as_secs_f64().max(SOLVE_MIN_S)
    }

    /// A deadline for a step that must run even when this one is (nearly) spent: from now,
    /// what is left of this one, but at least `fraction` of its whole limit.
    pub fn at_least(&self, fraction: f64) -> Deadline {
        let floor = self.limit.mul_f64(fraction.clamp(0.0, 1.0));
        Deadline {
            start: Instant::now(),
            limit: self.remaining().max(floor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_counts_down_from_its_limit() {
        let d = Deadline::after_s(60.0);
        assert!(!d.expired());
        assert!(d.remaining() <= Duration::from_secs(60));
        assert!(d.remaining() > Duration::from_secs(59));
        assert!(d.fraction_left() > 0.98 && d.fraction_left() <= 1.0);
        assert!(d.solve_limit_s() > 59.0);
    }

    #[test]
    fn a_spent_deadline_still_gives_a_solve_and_a_late_step_some_time() {
        let d = Deadline::after_s(0.0);
        std::thread::sleep(Duration::from_millis(120));
        assert!(d.expired());
        assert_eq!(d.remaining(), Duration::ZERO);
        assert_eq!(d.fraction_left(), 0.0);
        assert_eq!(d.solve_limit_s(), SOLVE_MIN_S);
        let late = d.at_least(0.5);
        assert!(!late.expired());
        assert!(late.remaining() <= Duration::from_millis(50));
        assert!(Deadline::after_s(f64::NAN).remaining() <= Duration::from_millis(100));
    }
}
