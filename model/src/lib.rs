//! tepai's scenario model: the typed, validated description of a dispatch problem.
//!
//! A scenario names courts, officers (envoys), units (industrial platforms and chambers of
//! commerce), enterprises, conflicts of interest and unavailable dates, plus the targets,
//! visit rules, travel model and calendar that govern a plan. [`load`] reads one from a TOML
//! file and CSV tables and either returns a [`Scenario`] that satisfies every rule or lists
//! every problem found, each with a stable [`Code`].
//!
//! ```no_run
//! let loaded = tepai_model::load(std::path::Path::new("scenarios/nanping-2024")).unwrap();
//! let s = &loaded.scenario;
//! println!("{}: {} officers, {} units, {} enterprises", s.name, s.officers.len(), s.units.len(), s.enterprises.len());
//! ```
#![warn(missing_docs)]

#[macro_use]
pub mod text;
pub mod calendar;
pub mod diagnostics;
pub mod ids;
pub mod ledger;
mod load;
pub mod period;
pub mod scenario;
pub mod staffing;
pub mod summary;
pub mod travel;
pub mod validate;

/// The columns of the scenario's CSV tables, as the loader reads them: for each table the
/// required columns, then the optional ones.
pub mod columns {
    pub use crate::load::{
        Column, ColumnKind, TableSpec, Vocabulary, CONFLICTS, CONFLICT_COLUMNS, COURTS,
        COURT_COLUMNS, ENTERPRISES, ENTERPRISE_COLUMNS, ENTERPRISE_OPTIONAL, LIST_SEPARATORS,
        NOTES_SHEETS, OFFICERS, OFFICER_COLUMNS, OFFICER_OPTIONAL, REASON, TABLES, TRAVEL,
        TRAVEL_COLUMNS, UNAVAILABLE, UNAVAILABLE_COLUMNS, UNITS, UNIT_COLUMNS, UNIT_OPTIONAL,
    };
}

pub use calendar::Calendar;
pub use diagnostics::{Code, Diagnostic, Diagnostics, Severity};
pub use ids::{
    CourtId, CourtIdx, EnterpriseId, EnterpriseIdx, OfficerId, OfficerIdx, Place, Target, UnitId,
    UnitIdx,
};
pub use load::{load, scenario_file, Loaded};
pub use period::{Period, PeriodKind};
pub use scenario::{
    Category, Conflict, ConflictParty, ConflictScope, Court, CourtLevel, Enterprise,
    EnterprisesCount, Officer, OfficerMode, Rank, Rules, Scenario, SolverSettings, TargetKind,
    Targets, Unavailability, Unit, UnitKind, Weights, DEFAULT_PRIORITY,
};
pub use text::Text;
pub use travel::LatLon;
