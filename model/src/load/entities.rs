//! The data tables: courts, units, enterprises, officers, conflicts, unavailability and the
//! travel matrix, each row parsed into typed values with every reference resolved.
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use sha2::Sha256;
use smallvec::SmallVec;

use super::settings::Settings;
use super::table::{list, Row, Table};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ids::{
    CourtId, CourtIdx, EnterpriseId, EnterpriseIdx, IdIndex, OfficerId, OfficerIdx, Place, Target,
    UnitId, UnitIdx,
};
use crate::scenario::{
    Categories, Category, Conflict, ConflictParty, Court, CourtLevel, Enterprise, Officer, Origins,
    Rank, Scenario, Tag, Unavailability, Unit, UnitKind,
};
use crate::travel::{LatLon, TravelModel};

/// Required columns of the courts table.
pub const COURT_COLUMNS: &[&str] = &["id", "name", "level", "lat", "lon", "county"];
/// Required columns of the officers table.
pub const OFFICER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "court",
    "rank",
    "specialties",
    "days_per_quarter",
];
/// Optional columns of the officers table.
pub const OFFICER_OPTIONAL: &[&str] = &["previous_target"];
/// Required columns of the units table.
pub const UNIT_COLUMNS: &[&str] = &["id", "name", "kind", "lat", "lon", "county", "industry"];
/// Optional columns of the units table.
pub const UNIT_OPTIONAL: &[&str] = &["team_size"];
/// Required columns of the enterprises table.
pub const ENTERPRISE_COLUMNS: &[&str] =
    &["id", "name", "lat", "lon", "county", "industry", "units"];
/// Optional columns of the enterprises table.
pub const ENTERPRISE_OPTIONAL: &[&str] = &["categories", "needs", "priority"];
/// Required columns of the conflicts table.
pub const CONFLICT_COLUMNS: &[&str] = &["officer", "court", "enterprise"];
/// Required columns of the unavailability table.
pub const UNAVAILABLE_COLUMNS: &[&str] = &["officer", "from", "to"];
/// Required columns of the travel matrix.
pub const TRAVEL_COLUMNS: &[&str] = &["from", "to", "minutes"];
/// The optional column of the conflicts and unavailability tables.
pub const REASON: &[&str] = &["reason"];

/// Reads every table of `settings.data` and builds the scenario. `None` when a required
/// table could not be read at all; row errors are in `diags`.
pub(crate) fn build(
    settings: Settings,
    source: PathBuf,
    diags: &mut Diagnostics,
    hasher: &mut Sha256,
) -> Option<Scenario> {
    let data = &settings.data;
    // Tables are read one after the other, each row by row, in this order (which is also
    // their order in the content hash). Once a required table could not be read in full, the
    // rest are only read for their own errors: their references could not be resolved.
    let mut usable = true;
    let mut places = PlaceIds::default();
    let mut r = Reading {
        usable: &mut usable,
        diags,
        hasher,
    };
    let courts = r.table(data.courts.as_ref(), COURT_COLUMNS, &[], true, |t, d| {
        courts(t, &mut places, d)
    });
    let units = r.table(
        data.units.as_ref(),
        UNIT_COLUMNS,
        UNIT_OPTIONAL,
        true,
        |t, d| units(t, &mut places, d),
    );
    let mut units = units.unwrap_or_default();
    let read_enterprises = r.table(
        data.enterprises.as_ref(),
        ENTERPRISE_COLUMNS,
        ENTERPRISE_OPTIONAL,
        true,
        |t, d| enterprises(t, &mut places, &mut units, d),
    );
    let officers = r.table(
        data.officers.as_ref(),
        OFFICER_COLUMNS,
        OFFICER_OPTIONAL,
        true,
        |t, d| officers(t, &places, d),
    );
    let no_officers = Officers::default();
    let known = officers.as_ref().unwrap_or(&no_officers);
    let conflicts = r
        .table(
            data.conflicts.as_ref(),
            CONFLICT_COLUMNS,
            REASON,
            false,
            |t, d| conflicts(t, &places, known, d),
        )
        .unwrap_or_default();
    let unavailable = r
        .table(
            data.unavailable.as_ref(),
            UNAVAILABLE_COLUMNS,
            REASON,
            false,
            |t, d| unavailable(t, known, settings.year, d),
        )
        .unwrap_or_default();
    let mut travel = TravelModel::new(settings.speed_kmh, settings.circuity);
    if let Some(overrides) = r.table(data.travel.as_ref(), TRAVEL_COLUMNS, &[], false, |t, d| {
        travel_matrix(t, &places, d)
    }) {
        travel.overrides = overrides;
    }
    for (file, bytes) in &settings.extra_files {
        super::hash_file(r.hasher, file, bytes);
    }
    let (Some(courts), Some(()), Some(officers), true) =
        (courts, read_enterprises, officers, usable)
    else {
        return None;
    };

    let mut conflicts_by_enterprise: HashMap<EnterpriseIdx, Vec<ConflictParty>> = HashMap::new();
    for c in &conflicts {
        conflicts_by_enterprise
            .entry(c.enterprise)
            .or_default()
            .push(c.party);
    }
    let tags = places.tag_texts();
    Some(Scenario {
        name: settings.name,
        year: settings.year,
        seed: settings.seed,
        source,
        content_hash: String::new(),
        courts,
        officers: officers.list,
        units,
        enterprises: places.enterprises,
        conflicts,
        unavailable,
        targets: settings.targets,
        rules: settings.rules,
        weights: settings.weights,
        solver: settings.solver,
        travel,
        calendar: settings.calendar,
        tags,
        officer_index: officers.index,
        unit_index: places.units,
        enterprise_index: places.enterprise_index,
        court_index: places.courts,
        conflicts_by_enterprise,
        origins: Origins {
            units_file: data.units.clone().unwrap_or_default(),
            unit_lines: places.unit_lines,
            officers_file: data.officers.clone().unwrap_or_default(),
            officer_lines: officers.lines,
        },
    })
}

/// The state of reading the tables in turn.
struct Reading<'a> {
    /// Whether every required table so far was read in full.
    usable: &'a mut bool,
    diags: &'a mut Diagnostics,
    hasher: &'a mut Sha256,
}

impl Reading<'_> {
    /// Opens the table at `path` and, while the tables before it are usable, reads it with
    /// `read`; otherwise reads it only for its own errors. `Some` when it was read in full.
    fn table<T>(
        &mut self,
        path: Option<&PathBuf>,
        columns: &[&str],
        optional: &[&str],
        required: bool,
        read: impl FnOnce(&mut Table<'_>, &mut Diagnostics) -> T,
    ) -> Option<T> {
        let opened = path.and_then(|p| Table::open(p, columns, optional, self.diags, self.hasher));
        let Some(mut t) = opened else {
            // An absent required path is E005, already reported.
            if required {
                *self.usable = false;
            }
            return None;
        };
        let out = (*self.usable).then(|| read(&mut t, self.diags));
        t.drain(self.diags);
        if t.complete() {
            out
        } else {
            if required {
                *self.usable = false;
            }
            None
        }
    }
}

/// Ids of every place kind, to resolve references and catch one id used for two kinds.
#[derive(Default)]
struct PlaceIds {
    courts: HashMap<CourtId, CourtIdx>,
    units: HashMap<UnitId, UnitIdx>,
    /// The enterprises read so far, found by id through `enterprise_index` (the table that
    /// may have millions of rows: the index holds no second copy of the ids).
    enterprises: Vec<Enterprise>,
    enterprise_index: IdIndex,
    /// Every county, industry and need tag met so far, each held once.
    tags: HashMap<Box<str>, Tag>,
    /// Ids declared by rows that had errors: references to them are not errors of their own.
    broken: HashSet<String>,
    /// File line of each loaded unit, by index.
    unit_lines: Vec<u64>,
}

impl PlaceIds {
    fn kind_of(&self, id: &str) -> Option<&'static str> {
        if self.courts.contains_key(id) {
            Some("court")
        } else if self.units.contains_key(id) {
            Some("unit")
        } else if self.enterprise(id).is_some() {
            Some("enterprise")
        } else {
            None
        }
    }

    fn place(&self, id: &str) -> Option<Place> {
        if let Some(&c) = self.courts.get(id) {
            return Some(Place::Court(c));
        }
        if let Some(&u) = self.units.get(id) {
            return Some(Place::Unit(u));
        }
        self.enterprise(id).map(Place::Enterprise)
    }

    fn enterprise(&self, id: &str) -> Option<EnterpriseIdx> {
        self.enterprise_index
            .get(id, |at| self.enterprises[at].id.as_str())
            .map(EnterpriseIdx::from)
    }

    /// The one shared copy of a tag (county, industry, need): an enterprise table repeats a
    /// few hundred tags over millions of rows.
    fn tag(&mut self, text: &str) -> Tag {
        if let Some(&tag) = self.tags.get(text) {
            return tag;
        }
        let tag = Tag(u32::try_from(self.tags.len()).expect("fewer than 2^32 tags"));
        self.tags.insert(text.into(), tag);
        tag
    }

    /// The text of every tag, by tag.
    fn tag_texts(&mut self) -> Vec<Box<str>> {
        let mut texts: Vec<(Box<str>, Tag)> = std::mem::take(&mut self.tags).into_iter().collect();
        texts.sort_unstable_by_key(|&(_, tag)| tag);
        texts.into_iter().map(|(text, _)| text).collect()
    }
}

/// Characters no id may hold: list and CSV separators, and what file names (calendars are
/// named by officer id) cannot hold on common systems.
const INVALID_ID_CHARS: &[char] = &[';', ',', '/', '\\', '"', ':', '*', '?', '<', '>', '|'];

/// The items of a list cell, each once, in first-seen order.
fn distinct<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_owned());
        }
    }
    out
}

/// Highest enterprise priority.
pub const PRIORITY_MAX: u32 = 100;

/// Travel minutes must be below this (fractions round up).
pub const TRAVEL_MINUTES_LIMIT: f64 = 1e6;

/// Most days per quarter an officer can be given (a quarter has at most 92 days).
pub const DAYS_PER_QUARTER_MAX: i64 = 92;

/// Longest id, in bytes: ids name files (`calendars/<officer_id>.ics`), and file systems
/// allow 255 bytes a name.
pub const ID_BYTES_MAX: usize = 64;

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= ID_BYTES_MAX
        && !id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || INVALID_ID_CHARS.contains(&c))
}

/// Checks the `id` cell: well-formed, not yet used in `own`, and (for places) not used by
/// another kind of place. Returns the id when the row may be kept.
fn take_id(
    t: &Table,
    row: &Row,
    taken: impl Fn(&str) -> bool,
    duplicate: Code,
    other_kind: Option<&'static str>,
    diags: &mut Diagnostics,
) -> Option<String> {
    let id = t.get(row, "id");
    if !valid_id(id) {
        diags.push(t.at(
            row,
            "id",
            Code::InvalidId,
            format!(
                "an id must be non-empty, at most {ID_BYTES_MAX} bytes, without spaces or any of {}",
                INVALID_ID_CHARS.iter().collect::<String>()
            ),
            "give the row a short unique id such as c-yanping or e-0012",
        ));
        return None;
    }
    if taken(id) {
        diags.push(t.at(
            row,
            "id",
            duplicate,
            format!("`{id}` is already used by an earlier row"),
            "give each row its own id",
        ));
        return None;
    }
    if let Some(kind) = other_kind {
        diags.push(t.at(
            row,
            "id",
            Code::AmbiguousPlaceId,
            format!("`{id}` is already the id of a {kind}"),
            "courts, units and enterprises share one id space (travel matrix, outputs): rename one",
        ));
        return None;
    }
    Some(id.to_owned())
}

fn name(t: &Table, row: &Row, id: &str) -> String {
    let n = t.get(row, "name");
    if n.is_empty() { id } else { n }.to_owned()
}

fn coordinates(t: &Table, row: &Row, diags: &mut Diagnostics) -> Option<LatLon> {
    let mut coordinate = |column: &str, limit: f64| -> Option<f64> {
        let cell = t.get(row, column);
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
            Ok(_) => {
                diags.push(t.at(
                    row,
                    column,
                    Code::CoordinatesOutOfRange,
                    format!("{column} must lie between −{limit} and {limit} degrees"),
                    "give WGS-84 degrees (latitude first: Nanping is lat 26.6, lon 118.2); check for swapped columns",
                ));
                None
            }
            Err(_) => {
                let what = if cell.is_empty() {
                    "is empty"
                } else {
                    "is not a number"
                };
                diags.push(t.at(
                    row,
                    column,
                    Code::MissingCoordinates,
                    format!("{column} {what}"),
                    "give decimal degrees, e.g. 26.637",
                ));
                None
            }
        }
    };
    let lat = coordinate("lat", 90.0);
    let lon = coordinate("lon", 180.0);
    Some(LatLon {
        lat: lat?,
        lon: lon?,
    })
}

fn parse_vocab<T: FromStr>(
    t: &Table,
    row: &Row,
    column: &str,
    code: Code,
    choices: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let cell = t.get(row, column);
    if let Ok(v) = cell.parse() {
        Some(v)
    } else {
        diags.push(t.at(
            row,
            column,
            code,
            format!("`{cell}` is not a known {column}"),
            &format!("use one of: {choices}"),
        ));
        None
    }
}

/// A whole number in `min..` from an optional cell (`default` when empty).
fn number(
    t: &Table,
    row: &Row,
    column: &str,
    default: Option<u32>,
    diags: &mut Diagnostics,
) -> Option<u32> {
    let cell = t.get(row, column);
    if cell.is_empty() {
        if default.is_none() {
            diags.push(t.at(
                row,
                column,
                Code::InvalidNumber,
                format!("{column} is empty"),
                "give a whole number",
            ));
        }
        return default;
    }
    match cell.parse::<i64>() {
        Ok(v) => match u32::try_from(v) {
            Ok(u) => Some(u),
            Err(_) => {
                diags.push(t.at(
                    row,
                    column,
                    Code::InvalidNumber,
                    format!("{column} must be a whole number ≥ 0"),
                    "give a whole number ≥ 0",
                ));
                None
            }
        },
        Err(_) => {
            diags.push(t.at(
                row,
                column,
                Code::InvalidNumber,
                format!("{column} must be a whole number"),
                "give a whole number without units or decimals",
            ));
            None
        }
    }
}

fn courts(t: &mut Table<'_>, places: &mut PlaceIds, diags: &mut Diagnostics) -> Vec<Court> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let other = places.kind_of(t.get(row, "id")).filter(|&k| k != "court");
        let Some(id) = take_id(
            t,
            row,
            |id| places.courts.contains_key(id),
            Code::DuplicateCourtId,
            other,
            diags,
        ) else {
            continue;
        };
        let level = parse_vocab(
            t,
            row,
            "level",
            Code::UnknownCourtLevel,
            &CourtLevel::choices(),
            diags,
        );
        let location = coordinates(t, row, diags);
        let (Some(level), Some(location)) = (level, location) else {
            places.broken.insert(id);
            continue;
        };
        places
            .courts
            .insert(CourtId::from(id.as_str()), CourtIdx::from(out.len()));
        out.push(Court {
            name: name(t, row, &id),
            id: CourtId::from(id.as_str()),
            level,
            location,
            county: t.get(row, "county").to_owned(),
        });
    }
    out
}

fn units(t: &mut Table<'_>, places: &mut PlaceIds, diags: &mut Diagnostics) -> Vec<Unit> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let other = places.kind_of(t.get(row, "id")).filter(|&k| k != "unit");
        let Some(id) = take_id(
            t,
            row,
            |id| places.units.contains_key(id),
            Code::DuplicateUnitId,
            other,
            diags,
        ) else {
            continue;
        };
        let kind = parse_vocab::<UnitKind>(
            t,
            row,
            "kind",
            Code::UnknownUnitKind,
            &UnitKind::choices(),
            diags,
        );
        let location = coordinates(t, row, diags);
        let team_size = number(t, row, "team_size", Some(1), diags);
        if team_size == Some(0) {
            diags.push(t.at(
                row,
                "team_size",
                Code::InvalidTeamSize,
                "a unit needs at least one officer".into(),
                "use 1 for the directed mode, 2 or more for a team",
            ));
        }
        let (Some(kind), Some(location), Some(team_size @ 1..)) = (kind, location, team_size)
        else {
            places.broken.insert(id);
            continue;
        };
        places
            .units
            .insert(UnitId::from(id.as_str()), UnitIdx::from(out.len()));
        places.unit_lines.push(row.line);
        out.push(Unit {
            name: name(t, row, &id),
            id: UnitId::from(id.as_str()),
            kind,
            location,
            county: t.get(row, "county").to_owned(),
            industry: t.get(row, "industry").to_owned(),
            team_size,
            members: Vec::new(),
        });
    }
    out
}

/// Reads the enterprises into `places.enterprises`, and each one's memberships into `units`.
fn enterprises(
    t: &mut Table<'_>,
    places: &mut PlaceIds,
    units: &mut [Unit],
    diags: &mut Diagnostics,
) {
    while let Some(row) = t.next(diags) {
        let row = &row;
        let other = places
            .kind_of(t.get(row, "id"))
            .filter(|&k| k != "enterprise");
        let Some(id) = take_id(
            t,
            row,
            |id| places.enterprise(id).is_some(),
            Code::DuplicateEnterpriseId,
            other,
            diags,
        ) else {
            continue;
        };
        let location = coordinates(t, row, diags);
        let mut member_of: SmallVec<[UnitIdx; 2]> = SmallVec::new();
        for u in list(t.get(row, "units")) {
            match places.units.get(u) {
                Some(&ui) if !member_of.contains(&ui) => member_of.push(ui),
                Some(_) => {}
                None if places.broken.contains(u) => {}
                None => diags.push(
                    t.at(
                        row,
                        "units",
                        Code::UnknownUnit,
                        format!("no unit has id `{u}`"),
                        "list ids from units.csv, separated by ;",
                    )
                    .value(u),
                ),
            }
        }
        let mut categories = Categories::default();
        for c in list(t.get(row, "categories")) {
            match c.parse::<Category>() {
                Ok(cat) => {
                    categories.insert(cat);
                }
                Err(()) => diags.push(
                    t.at(
                        row,
                        "categories",
                        Code::UnknownCategory,
                        format!("`{c}` is not a category"),
                        &format!("use any of: {} (separated by ;)", Category::choices()),
                    )
                    .value(c),
                ),
            }
        }
        let priority = number(t, row, "priority", Some(0), diags).and_then(|p| {
            if p <= PRIORITY_MAX {
                Some(p)
            } else {
                diags.push(t.at(
                    row,
                    "priority",
                    Code::InvalidNumber,
                    format!("priority must be from 0 to {PRIORITY_MAX}"),
                    "give a small whole number: 0 for none, higher for more important",
                ));
                None
            }
        });
        let (Some(location), Some(priority)) = (location, priority) else {
            places.broken.insert(id);
            continue;
        };
        let at = places.enterprises.len();
        for &u in &member_of {
            units[u.index()].members.push(EnterpriseIdx::from(at));
        }
        let mut needs = SmallVec::new();
        for need in distinct(list(t.get(row, "needs"))) {
            needs.push(places.tag(&need));
        }
        let enterprise = Enterprise {
            name: name(t, row, &id).into_boxed_str(),
            id: EnterpriseId::from(id.as_str()),
            location,
            county: places.tag(t.get(row, "county")),
            industry: places.tag(t.get(row, "industry")),
            units: member_of,
            categories,
            needs,
            priority,
        };
        let enterprises = &places.enterprises;
        places
            .enterprise_index
            .insert(&id, at, |i| enterprises[i].id.as_str());
        places.enterprises.push(enterprise);
    }
}

fn officers(t: &mut Table<'_>, places: &PlaceIds, diags: &mut Diagnostics) -> Officers {
    let mut out = Vec::new();
    let mut index = HashMap::new();
    let mut broken = HashSet::new();
    let mut lines = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let Some(id) = take_id(
            t,
            row,
            |id| index.contains_key(id),
            Code::DuplicateOfficerId,
            None,
            diags,
        ) else {
            continue;
        };
        let court_id = t.get(row, "court");
        let court = places.courts.get(court_id).copied();
        if court.is_none() && !places.broken.contains(court_id) {
            diags.push(t.at(
                row,
                "court",
                Code::UnknownCourt,
                format!("no court has id `{court_id}`"),
                "use an id from courts.csv",
            ));
        }
        let rank = parse_vocab(t, row, "rank", Code::UnknownRank, &Rank::choices(), diags);
        let days = t.get(row, "days_per_quarter");
        let days_per_quarter = match days.parse::<i64>() {
            Ok(d) if (1..=DAYS_PER_QUARTER_MAX).contains(&d) => u32::try_from(d).ok(),
            Ok(d) if d > DAYS_PER_QUARTER_MAX => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::InvalidNumber,
                    format!("{d} days is more than a quarter has ({DAYS_PER_QUARTER_MAX} at most)"),
                    "give the working days per quarter the officer can spend on envoy work (e.g. 12)",
                ));
                None
            }
            Ok(_) => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::NonPositiveCapacity,
                    "an officer needs at least one day per quarter".into(),
                    "give the working days per quarter the officer can spend on envoy work (e.g. 12), or remove the officer",
                ));
                None
            }
            Err(_) => {
                diags.push(t.at(
                    row,
                    "days_per_quarter",
                    Code::InvalidNumber,
                    "days_per_quarter must be a whole number".into(),
                    "give whole working days, e.g. 12",
                ));
                None
            }
        };
        let previous = t.get(row, "previous_target");
        let previous_target = if previous.is_empty() {
            Some(None)
        } else if let Some(&u) = places.units.get(previous) {
            Some(Some(Target::Unit(u)))
        } else if let Some(e) = places.enterprise(previous) {
            Some(Some(Target::Enterprise(e)))
        } else if places.broken.contains(previous) {
            None
        } else {
            diags.push(t.at(
                row,
                "previous_target",
                Code::UnknownPreviousTarget,
                format!("`{previous}` is neither a unit nor an enterprise"),
                "give a unit or enterprise id, or leave it empty",
            ));
            None
        };
        let (Some(court), Some(rank), Some(days_per_quarter), Some(previous_target)) =
            (court, rank, days_per_quarter, previous_target)
        else {
            broken.insert(id);
            continue;
        };
        index.insert(OfficerId::from(id.as_str()), OfficerIdx::from(out.len()));
        lines.push(row.line);
        out.push(Officer {
            name: name(t, row, &id),
            id: OfficerId::from(id.as_str()),
            court,
            rank,
            specialties: distinct(list(t.get(row, "specialties"))),
            days_per_quarter,
            previous_target,
        });
    }
    Officers {
        list: out,
        index,
        broken,
        lines,
    }
}

/// The officers that loaded, their index, and the ids of rows that had errors.
#[derive(Default)]
struct Officers {
    list: Vec<Officer>,
    index: HashMap<OfficerId, OfficerIdx>,
    broken: HashSet<String>,
    /// File line of each loaded officer, by index.
    lines: Vec<u64>,
}

impl Officers {
    /// Resolves an officer reference, reporting E112 unless the id's own row was broken.
    fn resolve(
        &self,
        t: &Table,
        row: &Row,
        id: &str,
        diags: &mut Diagnostics,
    ) -> Option<OfficerIdx> {
        let found = self.index.get(id).copied();
        if found.is_none() && !self.broken.contains(id) {
            diags.push(unknown_officer(t, row, id));
        }
        found
    }
}

fn unknown_officer(t: &Table, row: &Row, id: &str) -> Diagnostic {
    t.at(
        row,
        "officer",
        Code::UnknownOfficer,
        format!("no officer has id `{id}`"),
        "use an id from officers.csv",
    )
}

fn conflicts(
    t: &mut Table<'_>,
    places: &PlaceIds,
    officers: &Officers,
    diags: &mut Diagnostics,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let (o, c) = (t.get(row, "officer"), t.get(row, "court"));
        let party = match (o.is_empty(), c.is_empty()) {
            (false, true) => officers
                .resolve(t, row, o, diags)
                .map(ConflictParty::Officer),
            (true, false) => {
                let court = places.courts.get(c).copied();
                if court.is_none() && !places.broken.contains(c) {
                    diags.push(t.at(
                        row,
                        "court",
                        Code::UnknownCourt,
                        format!("no court has id `{c}`"),
                        "use an id from courts.csv",
                    ));
                }
                court.map(ConflictParty::Court)
            }
            _ => {
                diags.push(
                    t.at(
                        row,
                        "officer",
                        Code::ConflictParty,
                        "give an officer id or a court id, not both and not neither".into(),
                        "split a row that names both into two rows",
                    )
                    .value(format!("officer={o}, court={c}")),
                );
                None
            }
        };
        let e = t.get(row, "enterprise");
        let enterprise = places.enterprise(e);
        if enterprise.is_none() && !places.broken.contains(e) {
            diags.push(t.at(
                row,
                "enterprise",
                Code::UnknownEnterprise,
                format!("no enterprise has id `{e}`"),
                "use an id from enterprises.csv",
            ));
        }
        if let (Some(party), Some(enterprise)) = (party, enterprise) {
            out.push(Conflict {
                party,
                enterprise,
                reason: t.get(row, "reason").to_owned(),
            });
        }
    }
    out
}

fn date(t: &Table, row: &Row, column: &str, diags: &mut Diagnostics) -> Option<NaiveDate> {
    let cell = t.get(row, column);
    let parsed = NaiveDate::parse_from_str(cell, "%Y-%m-%d");
    if parsed.is_err() {
        diags.push(t.at(
            row,
            column,
            Code::MalformedDate,
            format!("`{cell}` is not a date"),
            "write dates as YYYY-MM-DD, e.g. 2024-03-15",
        ));
    }
    parsed.ok()
}

fn unavailable(
    t: &mut Table<'_>,
    officers: &Officers,
    year: i32,
    diags: &mut Diagnostics,
) -> Vec<Unavailability> {
    let mut out = Vec::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let officer = officers.resolve(t, row, t.get(row, "officer"), diags);
        let from = date(t, row, "from", diags);
        let to = date(t, row, "to", diags);
        let (Some(officer), Some(from), Some(to)) = (officer, from, to) else {
            continue;
        };
        if to < from {
            diags.push(
                t.at(
                    row,
                    "to",
                    Code::ReversedDateRange,
                    format!("the range ends ({to}) before it starts ({from})"),
                    "swap from and to",
                )
                .value(format!("{from}..{to}")),
            );
            continue;
        }
        if to.year() < year || from.year() > year {
            diags.push(
                t.at(
                    row,
                    "from",
                    Code::UnavailableOutsideYear,
                    format!("{from}..{to} lies outside {year}; it has no effect"),
                    "check the year, or remove the row",
                )
                .value(format!("{from}..{to}")),
            );
        }
        out.push(Unavailability {
            officer,
            from,
            to,
            reason: t.get(row, "reason").to_owned(),
        });
    }
    out
}

fn travel_matrix(
    t: &mut Table<'_>,
    places: &PlaceIds,
    diags: &mut Diagnostics,
) -> HashMap<(Place, Place), u32> {
    let mut out = HashMap::new();
    // The line and minutes each pair was first given at.
    let mut first: HashMap<(Place, Place), (u64, u32)> = HashMap::new();
    while let Some(row) = t.next(diags) {
        let row = &row;
        let mut end = |column: &str| {
            let id = t.get(row, column);
            let place = places.place(id);
            if place.is_none() && !places.broken.contains(id) {
                diags.push(t.at(
                    row,
                    column,
                    Code::UnknownPlace,
                    format!("no court, unit or enterprise has id `{id}`"),
                    "use ids from courts.csv, units.csv or enterprises.csv",
                ));
            }
            place
        };
        let from = end("from");
        let to = end("to");
        let cell = t.get(row, "minutes");
        let minutes = match cell.parse::<f64>() {
            Ok(m) if (0.0..TRAVEL_MINUTES_LIMIT).contains(&m) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let whole = m.ceil() as u32;
                Some(whole)
            }
            _ => {
                diags.push(t.at(
                    row,
                    "minutes",
                    Code::InvalidTravelTime,
                    "minutes must be a number from 0 to 999999".into(),
                    "give one-way driving minutes, e.g. 45",
                ));
                None
            }
        };
        if let (Some(from), Some(to), Some(minutes)) = (from, to, minutes) {
            match first.get(&(from, to)) {
                Some(&(line, earlier)) if earlier != minutes => diags.push(t.at(
                    row,
                    "minutes",
                    Code::ConflictingTravelTime,
                    format!(
                        "{} → {} is given {minutes} minutes here and {earlier} minutes on line {line}",
                        t.get(row, "from"),
                        t.get(row, "to")
                    ),
                    "keep one row per pair and direction",
                )),
                Some(_) => {}
                None => {
                    first.insert((from, to), (row.line, minutes));
                    out.insert((from, to), minutes);
                }
            }
        }
    }
    out
}
