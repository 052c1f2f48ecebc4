//! The profile of an officer a court does not have yet: what `tepai staff`, the diagnosis of
//! a plan that falls short and a what-if that adds officers (`[changes] officers`) assume a
//! new officer at a court brings.
//!
//! A new officer at court C:
//! - belongs to C and travels from it;
//! - has C's most common rank (ties go to the rank listed first in the vocabulary: judge,
//!   assistant, lawyer, notary, legal worker, other), or `judge` when C has no officer;
//! - gives the median `days_per_quarter` of C's officers (the upper median when their count
//!   is even), or of all officers when C has none, or 12 days when the scenario has none;
//! - has no specialties, no leave and served nothing last year;
//! - has the id `+C-k` and the name `<C's name>新增k`, k = 1, 2, … counting the new officers
//!   at C.
use crate::{CourtIdx, Officer, OfficerId, OfficerIdx, Rank, Scenario};

/// The `k`-th (from 1) new officer at court `court`, as described in the module's text.
pub fn new_officer(s: &Scenario, court: CourtIdx, k: u32) -> Officer {
    let at_court: Vec<&Officer> = s.officers.iter().filter(|o| o.court == court).collect();
    let mut days: Vec<u32> = if at_court.is_empty() {
        s.officers.iter().map(|o| o.days_per_quarter).collect()
    } else {
        at_court.iter().map(|o| o.days_per_quarter).collect()
    };
    days.sort_unstable();
    let median = days.get(days.len() / 2).copied().unwrap_or(12);
    let rank = Rank::ALL
        .iter()
        .copied()
        .max_by_key(|r| {
            let n = at_court.iter().filter(|o| o.rank == *r).count();
            // Equal counts: the rank listed first wins, so rank by its place reversed.
            (n, std::cmp::Reverse(Rank::ALL.iter().position(|x| x == r)))
        })
        .filter(|_| !at_court.is_empty())
        .unwrap_or(Rank::Judge);
    let c = s.court(court);
    Officer {
        id: OfficerId::from(format!("+{}-{}", c.id, k).as_str()),
        name: format!("{}新增{}", c.name, k),
        court,
        rank,
        specialties: Vec::new(),
        days_per_quarter: median,
        previous_targets: Vec::new(),
    }
}

/// `s` with `per_court[c]` new officers at each court `c` — [`new_officer`]`(s, c, 1..=n)`,
/// every profile taken from `s`'s own officers — listed after the existing officers, court
/// by court, each found by its id like any officer. Returns it with the new officers'
/// indices.
pub fn with_new_officers(s: &Scenario, per_court: &[u32]) -> (Scenario, Vec<OfficerIdx>) {
    let mut grown = s.clone();
    let mut added = Vec::new();
    for (c, &n) in per_court.iter().enumerate() {
        for k in 1..=n {
            let officer = new_officer(s, CourtIdx::from(c), k);
            let idx = OfficerIdx::from(grown.officers.len());
            grown.officer_index.insert(officer.id.clone(), idx);
            grown.officers.push(officer);
            added.push(idx);
        }
    }
    (grown, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_officer_takes_the_courts_median_days_and_most_common_rank() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../scenarios/adversarial/thin-units"
        );
        let mut s = crate::load(std::path::Path::new(dir)).unwrap().scenario;
        s.officers.truncate(3);
        let court = s.officers[0].court;
        for (o, (rank, days)) in
            s.officers
                .iter_mut()
                .zip([(Rank::Lawyer, 10), (Rank::Lawyer, 30), (Rank::Judge, 20)])
        {
            o.court = court;
            o.rank = rank;
            o.days_per_quarter = days;
        }
        let o = new_officer(&s, court, 2);
        assert_eq!(o.rank, Rank::Lawyer);
        assert_eq!(o.days_per_quarter, 20);
        assert_eq!(o.id.as_str(), format!("+{}-2", s.court(court).id));
        assert!(o.specialties.is_empty() && o.previous_targets.is_empty());
        let (grown, added) = with_new_officers(&s, &[2]);
        assert_eq!(added.len(), 2);
        assert_eq!(grown.officer_by_id(o.id.as_str()), Some(added[1]));
        assert_eq!(grown.officer(added[1]).days_per_quarter, 20);
    }
}
