//! The rows a synthetic region consists of, before they are written out.
//!
//! Rows refer to each other by index (a court's county, an officer's court, an
//! enterprise's units); [`crate::write`] turns the indices into ids.
use chrono::NaiveDate;
use tepai_model::{CourtLevel, Rank, Targets, UnitKind};

/// A county (or city district): where courts, units and enterprises are placed.
pub(crate) struct County {
    pub id: String,
    pub name: String,
    /// Prefix for enterprise names (建阳, 福州, …).
    pub short: String,
    /// English place name for foreign enterprises' names.
    pub en: String,
    pub lat: f64,
    pub lon: f64,
    pub prefecture: usize,
    /// Main industries (indices into [`crate::region::INDUSTRIES`]), most important first.
    pub industries: Vec<usize>,
}

pub(crate) struct Court {
    pub id: String,
    pub name: String,
    pub level: CourtLevel,
    pub lat: f64,
    pub lon: f64,
    pub county: usize,
    /// The prefecture it covers; `None` for the high court (the whole province).
    pub prefecture: Option<usize>,
}

pub(crate) struct Officer {
    pub id: String,
    pub name: String,
    pub court: usize,
    pub rank: Rank,
    pub specialties: Vec<&'static str>,
    pub days_per_quarter: u32,
    pub previous_target: Option<String>,
}

#[derive(Clone)]
pub(crate) struct Unit {
    pub id: String,
    pub name: String,
    pub kind: UnitKind,
    pub lat: f64,
    pub lon: f64,
    pub county: usize,
    pub industry: usize,
    pub team_size: u32,
}

pub(crate) struct Enterprise {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub county: usize,
    pub industry: usize,
    /// Indices into the region's units, ascending.
    pub units: Vec<usize>,
    /// Bit `i` set ⇔ the enterprise is in `Category::ALL[i]`.
    pub categories: u8,
    pub needs: Vec<&'static str>,
    pub priority: u8,
}

pub(crate) struct Conflict {
    pub officer: Option<usize>,
    pub court: Option<usize>,
    pub enterprise: usize,
    pub reason: &'static str,
}

pub(crate) struct Unavailable {
    pub officer: usize,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: &'static str,
}

/// A whole synthetic region: every table, and the targets written to `[targets]`.
pub(crate) struct Region {
    pub name: String,
    /// The name a Chinese workbook gives the scenario.
    pub name_zh: String,
    pub year: i32,
    pub targets: Targets,
    pub counties: Vec<County>,
    pub courts: Vec<Court>,
    pub officers: Vec<Officer>,
    pub units: Vec<Unit>,
    pub enterprises: Vec<Enterprise>,
    pub conflicts: Vec<Conflict>,
    pub unavailable: Vec<Unavailable>,
    /// Share of officers with a personal conflict of interest.
    pub conflict_rate: f64,
    /// Share of officers away for one or two stretches of the year.
    pub leave_rate: f64,
}
