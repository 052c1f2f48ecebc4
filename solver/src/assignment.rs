//! What the assignment stage produces: who serves what.
use tepai_model::{OfficerIdx, Target};

/// An assignment: the officer–target pairs of a plan.
///
/// A unit is served when it has exactly `team_size` officers; an enterprise is served
/// directly when one officer has it; an enterprise is *reached* when it is served directly
/// or belongs to a served unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    /// Each pair once, sorted by officer then target.
    pub pairs: Vec<(OfficerIdx, Target)>,
}

impl Assignment {
    /// An assignment from pairs in any order (sorted and deduplicated here).
    pub fn new(mut pairs: Vec<(OfficerIdx, Target)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        Assignment { pairs }
    }

    /// The targets of one officer.
    pub fn targets_of(&self, officer: OfficerIdx) -> impl Iterator<Item = Target> + '_ {
        self.pairs
            .iter()
            .filter(move |(o, _)| *o == officer)
            .map(|(_, t)| *t)
    }
}
