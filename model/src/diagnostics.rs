//! Problems found in a scenario, each with a stable code.
//!
//! Every check reports a [`Diagnostic`]: its [`Code`] (stable across releases, so scripts and
//! tests can rely on it), where it is (file, line, field), the offending value, what is wrong
//! and what to do. Loading collects them all before giving up, so a user fixes a scenario in
//! one pass rather than one error at a time.
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::Text;

/// Whether a finding stops the scenario from loading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The scenario is unusable until this is fixed.
    Error,
    /// Legal, but probably not what was meant.
    Warning,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $title:literal;)+) => {
        /// A stable diagnostic code: `E…` for errors, `W…` for warnings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[$doc])* $variant),+
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as printed, e.g. `E101`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code),+
                }
            }

            /// A short title, e.g. `duplicate officer id`.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title),+
                }
            }
        }
    };
}

codes! {
    /// A scenario or data file does not exist or cannot be read.
    FileNotFound = "E001", "file not found";
    /// A file is not valid UTF-8.
    NotUtf8 = "E002", "file is not UTF-8";
    /// The scenario TOML does not parse, or a key has the wrong type.
    InvalidToml = "E003", "invalid scenario file";
    /// A key the scenario format does not know (often a typo).
    UnknownKey = "E004", "unknown scenario key";
    /// A required key is missing.
    MissingKey = "E005", "missing scenario key";
    /// `extends` files form a cycle.
    ExtendsCycle = "E006", "extends cycle";
    /// A CSV file lacks a required column.
    MissingColumn = "E010", "missing column";
    /// A CSV row cannot be read (wrong number of fields, broken quoting).
    MalformedRow = "E011", "malformed row";
    /// A CSV file has the same column twice.
    DuplicateColumn = "E012", "duplicate column";
    /// A file larger than its limit: scenario TOML or calendar 1 MiB, a table 256 MiB (both
    /// found from the length, before the content is read) or 2,000,000 rows.
    FileTooLarge = "E013", "file too large";
    /// A workbook that cannot be read: not an `.xlsx` file, damaged, or protected by a
    /// password.
    UnreadableWorkbook = "E014", "workbook cannot be read";
    /// A workbook lacks the sheet of a required table.
    MissingSheet = "E015", "missing sheet";
    /// A sheet has merged cells (only their first cell holds the value).
    MergedCells = "E016", "merged cells";
    /// A workbook column holds data under an empty header cell.
    UnnamedColumn = "E017", "column without header";
    /// A workbook cell holds a formula (or an Excel error such as `#N/A`), not a value.
    FormulaCell = "E018", "formula cell";
    /// A number cell where text is expected, that cannot be read as the text meant (a
    /// fraction, or more digits than a number cell keeps).
    NumberForText = "E019", "number where text is expected";
    /// `[data] workbook` together with table files.
    WorkbookAndTables = "E020", "workbook and table files both given";
    /// Two officers share an id.
    DuplicateOfficerId = "E101", "duplicate officer id";
    /// Two courts share an id.
    DuplicateCourtId = "E102", "duplicate court id";
    /// Two units share an id.
    DuplicateUnitId = "E103", "duplicate unit id";
    /// Two enterprises share an id.
    DuplicateEnterpriseId = "E104", "duplicate enterprise id";
    /// One id names two places of different kinds (court, unit, enterprise).
    AmbiguousPlaceId = "E105", "id used by two kinds of place";
    /// An id cell is empty, or holds a space or one of `; , / \ " : * ? < > |`.
    InvalidId = "E106", "empty or invalid id";
    /// A reference to a court that does not exist.
    UnknownCourt = "E110", "unknown court";
    /// A reference to a unit that does not exist.
    UnknownUnit = "E111", "unknown unit";
    /// A reference to an officer that does not exist.
    UnknownOfficer = "E112", "unknown officer";
    /// A reference to an enterprise that does not exist.
    UnknownEnterprise = "E113", "unknown enterprise";
    /// `previous_target` names neither a unit nor an enterprise.
    UnknownPreviousTarget = "E114", "unknown previous target";
    /// A travel-matrix row names an unknown place.
    UnknownPlace = "E115", "unknown place in travel matrix";
    /// A conflict row must name exactly one of officer and court.
    ConflictParty = "E116", "conflict names neither or both of officer and court";
    /// Latitude or longitude missing or not a number.
    MissingCoordinates = "E201", "missing coordinates";
    /// Latitude outside −90..90 or longitude outside −180..180.
    CoordinatesOutOfRange = "E202", "coordinates out of range";
    /// A unit kind other than platform or chamber.
    UnknownUnitKind = "E203", "unknown unit kind";
    /// An enterprise category outside the vocabulary.
    UnknownCategory = "E204", "unknown category";
    /// A court level outside the vocabulary.
    UnknownCourtLevel = "E205", "unknown court level";
    /// An officer rank outside the vocabulary.
    UnknownRank = "E206", "unknown rank";
    /// An officer with zero or negative days per quarter.
    NonPositiveCapacity = "E207", "capacity must be positive";
    /// A number cell that does not parse or is out of its range.
    InvalidNumber = "E208", "invalid number";
    /// A date that is not `YYYY-MM-DD`.
    MalformedDate = "E209", "malformed date";
    /// A date range whose end is before its start.
    ReversedDateRange = "E210", "reversed date range";
    /// A unit's team size of zero.
    InvalidTeamSize = "E211", "team size must be at least 1";
    /// A negative or unreadable travel time.
    InvalidTravelTime = "E212", "invalid travel time";
    /// The same from–to pair twice in the travel matrix, with different minutes.
    ConflictingTravelTime = "E213", "travel pair given twice";
    /// A target share outside 0..=1.
    ShareOutOfRange = "E301", "share out of range";
    /// More enterprises demanded than the region has.
    EnterprisesMinTooLarge = "E302", "enterprises_min exceeds the region";
    /// A unit needs a bigger team than the scenario has officers.
    TeamSizeUnsatisfiable = "E303", "team size cannot be satisfied";
    /// A rule or travel parameter that must be positive is not.
    NonPositiveRule = "E304", "rule value must be positive";
    /// A period other than quarter or month.
    UnknownPeriod = "E305", "unknown period";
    /// An officer mode other than exclusive or shared.
    UnknownOfficerMode = "E306", "unknown officer mode";
    /// The scenario's year has no holiday data.
    YearNotCovered = "E307", "no calendar for the year";
    /// A custom calendar file has a bad row.
    InvalidCalendar = "E308", "invalid calendar file";
    /// A conflict scope other than unit or enterprise.
    UnknownConflictScope = "E309", "unknown conflict scope";
    /// A rule value that makes visits impossible (e.g. a visit longer than a day).
    ImpossibleRule = "E310", "rule cannot be met";
    /// A scenario setting above its documented range (e.g. 1,000 visits a period, a speed
    /// of 10,000 km/h, an infinite weight).
    SettingOutOfRange = "E311", "setting out of range";
    /// `[targets] priority` names something that is not a target, or a target twice.
    BadTargetPriority = "E320", "bad target priority";
    /// A `[changes]` entry that cannot be applied: an unknown court in `add_officers`,
    /// `officers` together with `add_officers`, an id listed twice.
    BadChange = "E321", "change cannot be applied";
    /// An enterprise count other than reached or visited.
    UnknownEnterprisesCount = "E312", "unknown enterprise count";
    /// A ledger row whose kind is none of visit, phone, online, meeting.
    UnknownVisitKind = "E501", "unknown visit kind";
    /// A ledger row whose target names neither a unit nor an enterprise.
    UnknownVisitTarget = "E502", "unknown visit target";
    /// A ledger row that names no officer.
    VisitWithoutOfficer = "E503", "visit without officer";
    /// A unit with no member enterprises.
    UnitWithoutMembers = "W401", "unit without members";
    /// A unit with fewer members than one visit must cover.
    UnitTooSmallForVisit = "W402", "unit smaller than a visit";
    /// An unavailability range outside the scenario's year.
    UnavailableOutsideYear = "W403", "unavailability outside the year";
    /// An enterprise need that no officer has as a specialty.
    NeedWithoutSpecialist = "W404", "need no officer can meet";
    /// A CSV column tepai does not read (often a typo).
    UnknownColumn = "W405", "unknown column ignored";
    /// An officer with no specialties.
    OfficerWithoutSpecialties = "W406", "officer without specialties";
    /// More days per quarter than a quarter has working days.
    CapacityAboveWorkingDays = "W407", "capacity above working days";
    /// Targets no officer (or too few for the team) can reach within the travel limit.
    TargetOutOfReach = "W408", "target out of every officer's reach";
    /// Visits per period times their spacing exceed the period: some visits cannot be made.
    VisitsCannotBeSpaced = "W409", "visits cannot be spaced within a period";
    /// A CSV table that is not UTF-8 was read as GB18030 (GBK).
    ReadAsGb18030 = "W410", "table read as GB18030";
    /// A workbook sheet that is no table tepai reads (often a misspelt sheet name).
    UnknownSheet = "W411", "sheet not read";
    /// An officer with fewer days per period than one duty's visits: it can serve nothing.
    OfficerWithoutDuty = "W412", "officer with too few days for any duty";
    /// A `[changes]` list names an id the tables do not have: nothing to remove or close.
    ChangeWithoutEffect = "W420", "change names an unknown id";
    /// Rows or references of an inherited table dropped because `[changes]` removed what
    /// they name.
    ReferencesDropped = "W421", "references to removed entities dropped";
    /// A ledger row dated outside the scenario's year: read, but it counts toward no duty.
    VisitOutsideYear = "W501", "visit outside the year";
    /// A ledger row's enterprise that is not a member of the unit visited.
    EnterpriseNotInUnit = "W502", "enterprise not a member of the unit visited";
    /// A plan's `plan.xlsx` or `report.html` that was changed after tepai wrote it (or
    /// that tepai did not write): `tepai status` leaves it as it is and writes the file with
    /// the status beside it, in its output folder.
    PlanFileNotOwned = "W503", "plan file changed since tepai wrote it";
}

impl Code {
    /// Error or warning, from the code's letter.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding about a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// The file it concerns.
    pub file: Option<PathBuf>,
    /// 1-based line in that file (the header is line 1 of a CSV), or row of a sheet.
    pub line: Option<u64>,
    /// The sheet and cell of a workbook as Excel shows it, e.g. `企业!D17`.
    pub cell: Option<String>,
    /// The column or TOML key.
    pub field: Option<String>,
    /// The offending value as written.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub action: String,
    /// What is wrong, in Chinese.
    pub message_zh: String,
    /// What to do about it, in Chinese.
    pub action_zh: String,
}

impl Diagnostic {
    /// A finding with a code, message and action, each in both languages; place it with the
    /// builder methods.
    pub fn new(code: Code, message: Text, action: Text) -> Self {
        Diagnostic {
            code,
            file: None,
            line: None,
            cell: None,
            field: None,
            value: None,
            message: message.en,
            action: action.en,
            message_zh: message.zh,
            action_zh: action.zh,
        }
    }
    /// In this file.
    #[must_use]
    pub fn file(mut self, path: &Path) -> Self {
        self.file = Some(path.to_path_buf());
        self
    }
    /// At this line.
    #[must_use]
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    /// At this workbook cell (`企业!D17`) or sheet.
    #[must_use]
    pub fn cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }
    /// In this column or key.
    #[must_use]
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    /// With this offending value.
    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
    /// What is wrong, in Chinese when `zh`.
    pub fn detail(&self, zh: bool) -> &str {
        if zh {
            &self.message_zh
        } else {
            &self.message
        }
    }
    /// What to do about it, in Chinese when `zh` (empty when there is nothing specific).
    pub fn fix(&self, zh: bool) -> &str {
        if zh {
            &self.action_zh
        } else {
            &self.action
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `error[E101] officers.csv:7 (id = "o-3"): duplicate officer id: … — fix: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}]", self.code)?;
        if let Some(file) = &self.file {
            write!(f, " {}", file.display())?;
            if let Some(cell) = &self.cell {
                write!(f, " {cell}")?;
            } else if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
        }
        match (&self.field, &self.value) {
            (Some(field), Some(value)) => write!(f, " ({field} = {value:?})")?,
            (Some(field), None) => write!(f, " ({field})")?,
            (None, Some(value)) => write!(f, " ({value:?})")?,
            (None, None) => {}
        }
        write!(f, ": {}: {}", self.code.title(), self.message)?;
        if !self.action.is_empty() {
            write!(f, "\n    fix: {}", self.action)?;
        }
        Ok(())
    }
}

/// Most findings listed of one code in one file; the rest are counted (a table of a
/// million bad rows must not take a million messages' memory, nor bury the first ones).
pub const LISTED_PER_CODE_AND_FILE: u32 = 50;

/// All findings of one load, errors and warnings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics {
    /// In the order found: at most [`LISTED_PER_CODE_AND_FILE`] of each code in each file.
    pub items: Vec<Diagnostic>,
    /// How many of each code in each file were listed, and how many more were only counted.
    tally: BTreeMap<(Code, Option<PathBuf>), (u32, u64)>,
}

impl Diagnostics {
    /// Adds one finding (or only counts it, past the first [`LISTED_PER_CODE_AND_FILE`] of
    /// its code in its file).
    pub fn push(&mut self, d: Diagnostic) {
        let (listed, unlisted) = self.tally.entry((d.code, d.file.clone())).or_default();
        if *listed < LISTED_PER_CODE_AND_FILE {
            *listed += 1;
            self.items.push(d);
        } else {
            *unlisted += 1;
        }
    }
    /// Whether a finding of `code` in `file` pushed now would be listed (not only counted):
    /// what only a listed finding shows (a suggestion) need not be worked out otherwise.
    pub fn lists(&self, code: Code, file: &Path) -> bool {
        self.tally
            .get(&(code, Some(file.to_path_buf())))
            .map_or(true, |&(listed, _)| listed < LISTED_PER_CODE_AND_FILE)
    }
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }
    /// How many errors were found, listed or not.
    pub fn error_count(&self) -> u64 {
        self.count(Severity::Error)
    }
    /// How many warnings were found, listed or not.
    pub fn warning_count(&self) -> u64 {
        self.count(Severity::Warning)
    }
    fn count(&self, severity: Severity) -> u64 {
        self.tally
            .iter()
            .filter(|((code, _), _)| code.severity() == severity)
            .map(|(_, &(listed, unlisted))| u64::from(listed) + unlisted)
            .sum()
    }
    /// The listed findings, then for each code and file with findings left unlisted one
    /// finding that says how many.
    pub fn into_listed(self) -> Vec<Diagnostic> {
        let mut out = self.items;
        for ((code, file), (_, unlisted)) in self.tally {
            if unlisted == 0 {
                continue;
            }
            let mut d = Diagnostic::new(
                code,
                text!(
                    "{unlisted} more like the {LISTED_PER_CODE_AND_FILE} above are not listed",
                    "另有 {unlisted} 条同类问题未列出（以上只列前 {LISTED_PER_CODE_AND_FILE} 条）"
                ),
                text!(
                    "fix the ones listed first: the others are most likely the same mistake",
                    "先改正已列出的几条：其余多半是同样的错误"
                ),
            );
            d.file = file;
            out.push(d);
        }
        out
    }
    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    }
    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
    }
    /// The distinct codes found, sorted.
    pub fn codes(&self) -> Vec<Code> {
        let mut codes: Vec<Code> = self.items.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.clone().into_listed() {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_lettered_by_severity() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert!(c.as_str().starts_with('E') || c.as_str().starts_with('W'));
        }
        assert_eq!(Code::DuplicateOfficerId.as_str(), "E101");
        assert_eq!(Code::UnitWithoutMembers.severity(), Severity::Warning);
    }

    #[test]
    fn past_fifty_of_one_code_in_one_file_findings_are_counted_not_listed() {
        let mut diags = Diagnostics::default();
        for line in 2..1002 {
            let d = Diagnostic::new(
                Code::DuplicateOfficerId,
                text!("again", "再次"),
                text!("rename", "改名"),
            )
            .file(Path::new("officers.csv"))
            .line(line);
            diags.push(d);
        }
        diags.push(
            Diagnostic::new(Code::DuplicateOfficerId, text!("x", "甲"), text!("y", "乙"))
                .file(Path::new("b.csv")),
        );
        assert_eq!(diags.items.len(), 51);
        assert_eq!(diags.error_count(), 1001);
        assert_eq!(diags.warning_count(), 0);
        let text = diags.to_string();
        assert!(text.contains("officers.csv:51:"), "{text}");
        assert!(!text.contains("officers.csv:52:"), "{text}");
        assert!(
            text.contains("error[E101] officers.csv: duplicate officer id: 950 more like the 50 above are not listed"),
            "{text}"
        );
        assert_eq!(diags.into_listed().len(), 52);
    }

    #[test]
    fn display_names_file_line_field_value_and_fix() {
        let d = Diagnostic::new(
            Code::DuplicateOfficerId,
            text!("o-3 is also on line 4", "o-3 也在第 4 行"),
            text!("rename one", "改掉其中一个"),
        )
        .file(Path::new("officers.csv"))
        .line(7)
        .field("id")
        .value("o-3");
        let s = d.to_string();
        assert!(
            s.starts_with("error[E101] officers.csv:7 (id = \"o-3\")"),
            "{s}"
        );
        assert!(s.contains("fix: rename one"), "{s}");
    }
}
