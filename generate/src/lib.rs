//! tepai's synthetic region generator.
//!
//! [`generate`] builds a complete scenario — `scenario.toml` plus the six data
//! tables (courts, officers, units, enterprises, conflicts, unavailability) —
//! for one of five [`Preset`]s, or for any [`Size`] ([`generate_sized`]):
//!
//! | preset | courts | officers | platforms | chambers | enterprises |
//! |---|---|---|---|---|---|
//! | `nanping-2023` | 1 intermediate + 10 basic | 100 | 13 | 42 | ≈1,250, all members of a unit |
//! | `nanping-2024` | same | the same 100 | 13 | 60 | ≥ 2,600, ≥ 300 in no unit |
//! | `county` | 1 intermediate + 1 basic | 8 | 1 | 3 | 60 |
//! | `province` | 1 high + 9 intermediate + ~80 basic | 2,000 | 150 | 1,000 | 60,000 |
//! | `nation` | 10 high + 89 intermediate + 800 basic | 20,000 | 1,500 | 10,000 | 600,000 |
//!
//! The Nanping presets use the real courts and county seats of
//! `generate/data/nanping_counties.csv` and the published figures of the first
//! batch (8 listed, 14 state-owned, 68 foreign-invested, 100 high-tech and 482
//! green enterprises); everything else is synthetic.
//!
//! # Determinism
//! The same preset and seed give byte-identical files. All randomness comes
//! from [`ChaCha8Rng`](rand_chacha::ChaCha8Rng) seeded with the seed, split into independent *streams*
//! (geography, units, officers, enterprises, extras) so that one part can be
//! shared between presets: both Nanping presets draw their officers and their
//! units from the same streams, so officer ids and names are identical and the
//! 2023 units are exactly the 2024 units minus the chambers added in 2024.
//! Only ordered collections are iterated.
//!
//! # Geography
//! Courts sit at county seats (the intermediate and high courts at their
//! city's seat). Platforms lie within 25 km of their county seat, chambers in
//! the county town, member enterprises of a platform around the platform and
//! all other enterprises around the seat (normal offsets, σ ≈ 9 km), every
//! point clamped to ≤ 45 km great-circle of its county seat. The scenario
//! allows 120 minutes one way at 45 km/h with circuity 1.35, i.e. ≈ 66 km, so
//! every unit and enterprise is reachable from its county's basic court.
//!
//! # Rules
//! Every preset writes the scenario format's defaults for the visit rules, the
//! travel model and the solver settings ([`Rules::default`],
//! [`TravelModel::default`], [`SolverSettings::default`]); only the name, year,
//! seed and targets differ between presets. The tables carry exactly the
//! columns the loader reads ([`tepai_model::columns`]).
//!
//! [`Rules::default`]: tepai_model::Rules
//! [`TravelModel::default`]: tepai_model::travel::TravelModel
//! [`SolverSettings::default`]: tepai_model::SolverSettings
//!
//! # Feasibility
//! Each basic court gets at least `max(5, required units of its county + 1)`
//! officers (province: `+ 2`), where the required units are the team sizes of
//! all platforms plus `⌈chambers_share × chambers⌉`; the rest of the officers
//! are spread in proportion to the county's number of units. Unit sizes keep
//! the memberships of all units ≈ 1.1 × the enterprises in units, comfortably
//! above `enterprises_min`. Court-level conflicts prefer enterprises outside
//! any unit (or out of the court's reach) so that a conflict never blocks a
//! whole court from a unit it must serve.
#![warn(missing_docs)]

mod presets;
mod region;
mod sized;
mod tables;
pub mod workbook;
mod write;

pub use presets::{Preset, UnknownPreset};
pub use sized::{Size, SizeError, MAX_ENTERPRISES, MAX_OFFICERS};
pub use write::{Chinese, GeneratedScenario};

/// Generates the scenario of `preset` from `seed`.
///
/// Same preset and seed → byte-identical files; see the module docs for what
/// each preset contains and which feasibility properties it guarantees.
pub fn generate(preset: Preset, seed: u64) -> GeneratedScenario {
    presets::region(preset, seed).render(seed)
}

/// Generates a region of `size` for `year` from `seed` (see [`Size`] for the defaults and
/// the layout). Same size, year and seed → byte-identical files.
pub fn generate_sized(size: &Size, year: i32, seed: u64) -> Result<GeneratedScenario, SizeError> {
    Ok(sized::sized(size, seed, year)?.render(seed))
}

#[cfg(test)]
mod tests;
