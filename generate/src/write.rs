//! Writing a region: `scenario.toml` and the CSV tables, in memory or to a directory.
//!
//! Each table's header is the loader's required columns followed by its optional ones
//! ([`tepai_model::columns`]); the rules, travel and solver sections hold the scenario
//! format's defaults.
use std::collections::BTreeMap;
use std::path::Path;

use tepai_model::columns::{
    CONFLICT_COLUMNS, COURT_COLUMNS, ENTERPRISE_COLUMNS, ENTERPRISE_OPTIONAL, OFFICER_COLUMNS,
    OFFICER_OPTIONAL, REASON, UNAVAILABLE_COLUMNS, UNIT_COLUMNS, UNIT_OPTIONAL,
};
use tepai_model::travel::TravelModel;
use tepai_model::{Category, Rules, SolverSettings};

use crate::region::{INDUSTRIES, REASONS, SPECIALTIES, SPECIALTIES_ZH};
use crate::tables::Region;

/// The files of a generated scenario, in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratedScenario {
    /// `(file name, contents)` pairs: `scenario.toml` first, then the CSV
    /// tables in the order the `[data]` section names them.
    pub files: Vec<(String, String)>,
    /// What a Chinese workbook writes in Chinese where these files write English.
    pub chinese: Chinese,
}

/// The Chinese of a generated scenario's English words, for a Chinese workbook
/// ([`GeneratedScenario::as_workbook`]): the scenario's name, and per column the free-text
/// tags (counties, industries, specialties and needs, reasons). Officers' specialties and
/// enterprises' needs share one vocabulary, so they still match in Chinese.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chinese {
    /// The scenario's name (`延平区（测试）`); `None` keeps the English one.
    pub name: Option<String>,
    /// Per column (its English name: `county`, `industry`, `specialties`, `needs`,
    /// `reason`), each English value's Chinese; a list's items are looked up one by one,
    /// and a value not listed is written as it is.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

impl Chinese {
    /// The Chinese of `value` in the column `column`, or `value` itself.
    pub fn of<'a>(&'a self, column: &str, value: &'a str) -> &'a str {
        self.values
            .get(column)
            .and_then(|m| m.get(value))
            .map_or(value, String::as_str)
    }
}

impl GeneratedScenario {
    /// Writes every file into `dir`, creating `dir` (and its parents) first.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, contents) in &self.files {
            std::fs::write(dir.join(name), contents)?;
        }
        Ok(())
    }

    /// The contents of the file called `name`, if the scenario has one.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_str())
    }
}

impl Region {
    /// The scenario's files: `scenario.toml`, then the tables in `[data]` order.
    pub(crate) fn render(&self, seed: u64) -> GeneratedScenario {
        let county_id = |c: usize| self.counties[c].id.as_str();
        let courts = write_csv(
            &header(COURT_COLUMNS, &[]),
            self.courts.iter().map(|c| {
                vec![
                    c.id.clone(),
                    c.name.clone(),
                    c.level.as_str().to_owned(),
                    coord(c.lat),
                    coord(c.lon),
                    county_id(c.county).to_owned(),
                ]
            }),
        );
        let officers = write_csv(
            &header(OFFICER_COLUMNS, OFFICER_OPTIONAL),
            self.officers.iter().map(|o| {
                vec![
                    o.id.clone(),
                    o.name.clone(),
                    self.courts[o.court].id.clone(),
                    o.rank.as_str().to_owned(),
                    o.specialties.join(";"),
                    o.days_per_quarter.to_string(),
                    o.previous_target.clone().unwrap_or_default(),
                ]
            }),
        );
        let units = write_csv(
            &header(UNIT_COLUMNS, UNIT_OPTIONAL),
            self.units.iter().map(|u| {
                vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.kind.as_str().to_owned(),
                    coord(u.lat),
                    coord(u.lon),
                    county_id(u.county).to_owned(),
                    INDUSTRIES[u.industry].tag.to_owned(),
                    u.team_size.to_string(),
                ]
            }),
        );
        let enterprises = write_csv(
            // A generated region's enterprises are all open: no `closed_on` column.
            &header(ENTERPRISE_COLUMNS, ENTERPRISE_OPTIONAL)
                .into_iter()
                .filter(|&c| c != "closed_on")
                .collect::<Vec<_>>(),
            self.enterprises.iter().map(|e| {
                let units: Vec<&str> = e.units.iter().map(|&u| self.units[u].id.as_str()).collect();
                let categories: Vec<&str> = Category::ALL
                    .iter()
                    .enumerate()
                    .filter(|(bit, _)| e.categories & (1 << bit) != 0)
                    .map(|(_, c)| c.as_str())
                    .collect();
                vec![
                    e.id.clone(),
                    e.name.clone(),
                    coord(e.lat),
                    coord(e.lon),
                    county_id(e.county).to_owned(),
                    INDUSTRIES[e.industry].tag.to_owned(),
                    units.join(";"),
                    categories.join(";"),
                    e.needs.join(";"),
                    e.priority.to_string(),
                ]
            }),
        );
        let conflicts = write_csv(
            &header(CONFLICT_COLUMNS, REASON),
            self.conflicts.iter().map(|c| {
                vec![
                    c.officer
                        .map(|o| self.officers[o].id.clone())
                        .unwrap_or_default(),
                    c.court
                        .map(|k| self.courts[k].id.clone())
                        .unwrap_or_default(),
                    self.enterprises[c.enterprise].id.clone(),
                    c.reason.to_owned(),
                ]
            }),
        );
        let unavailable = write_csv(
            &header(UNAVAILABLE_COLUMNS, REASON),
            self.unavailable.iter().map(|u| {
                vec![
                    self.officers[u.officer].id.clone(),
                    u.from.format("%Y-%m-%d").to_string(),
                    u.to.format("%Y-%m-%d").to_string(),
                    u.reason.to_owned(),
                ]
            }),
        );
        GeneratedScenario {
            chinese: self.chinese(),
            files: vec![
                ("scenario.toml".to_owned(), self.scenario_toml(seed)),
                ("courts.csv".to_owned(), courts),
                ("officers.csv".to_owned(), officers),
                ("units.csv".to_owned(), units),
                ("enterprises.csv".to_owned(), enterprises),
                ("conflicts.csv".to_owned(), conflicts),
                ("unavailable.csv".to_owned(), unavailable),
            ],
        }
    }

    /// The Chinese of the region's name and tags.
    fn chinese(&self) -> Chinese {
        let pairs = |pairs: &mut dyn Iterator<Item = (&str, &str)>| -> BTreeMap<String, String> {
            pairs
                .map(|(en, zh)| (en.to_owned(), zh.to_owned()))
                .collect()
        };
        let skills = pairs(&mut SPECIALTIES.iter().copied().zip(SPECIALTIES_ZH));
        let values = BTreeMap::from([
            (
                "county".to_owned(),
                pairs(
                    &mut self
                        .counties
                        .iter()
                        .map(|c| (c.id.as_str(), c.name.as_str())),
                ),
            ),
            (
                "industry".to_owned(),
                pairs(&mut INDUSTRIES.iter().map(|i| (i.tag, i.zh))),
            ),
            ("specialties".to_owned(), skills.clone()),
            ("needs".to_owned(), skills),
            ("reason".to_owned(), pairs(&mut REASONS.iter().copied())),
        ]);
        Chinese {
            name: Some(self.name_zh.to_owned()),
            values,
        }
    }

    /// `scenario.toml`: the region's name, year, seed and targets, and the format's
    /// defaults for rules, travel and solver, written out so the file is complete.
    fn scenario_toml(&self, seed: u64) -> String {
        let rules = Rules::default();
        let travel = TravelModel::default();
        let solver = SolverSettings::default();
        // A region smaller than the nominal target asks for what it has.
        let enterprises = u32::try_from(self.enterprises.len()).unwrap_or(u32::MAX);
        let enterprises_min = self.targets.enterprises_min.min(enterprises);
        // Travel figures keep their decimal point (`45.0`); the time limit is written
        // as whole seconds when it is whole (`60`).
        format!(
            r#"name = "{name}"
year = {year}
seed = {seed}

[data]
courts = "courts.csv"
officers = "officers.csv"
units = "units.csv"
enterprises = "enterprises.csv"
conflicts = "conflicts.csv"
unavailable = "unavailable.csv"

[targets]
platforms_share = {platforms:.1}
chambers_share = {chambers:.1}
enterprises_min = {enterprises_min}

[rules]
period = "{period}"
unit_visits_per_period = {unit_visits}
enterprises_per_unit_visit = {per_unit_visit}
enterprise_visits_per_period = {enterprise_visits}
min_days_between_visits = {min_days}
max_one_way_minutes = {max_minutes}
officer_mode = "{officer_mode}"
max_enterprises_per_officer = {max_enterprises}
day_minutes = {day_minutes}
onsite_minutes = {onsite_minutes}
conflict_scope = "{conflict_scope}"

[travel]
speed_kmh = {speed:?}
circuity = {circuity:?}

[solver]
time_limit_s = {time_limit}
mip_gap = {mip_gap}
"#,
            name = self.name,
            year = self.year,
            platforms = self.targets.platforms_share,
            chambers = self.targets.chambers_share,
            period = rules.period.as_str(),
            unit_visits = rules.unit_visits_per_period,
            per_unit_visit = rules.enterprises_per_unit_visit,
            enterprise_visits = rules.enterprise_visits_per_period,
            min_days = rules.min_days_between_visits,
            max_minutes = rules.max_one_way_minutes,
            officer_mode = rules.officer_mode.as_str(),
            max_enterprises = rules.max_enterprises_per_officer,
            day_minutes = rules.day_minutes,
            onsite_minutes = rules.onsite_minutes,
            conflict_scope = rules.conflict_scope.as_str(),
            speed = travel.speed_kmh,
            circuity = travel.circuity,
            time_limit = solver.time_limit_s,
            mip_gap = solver.mip_gap,
        )
    }
}

/// A table's header: its required columns, then its optional ones.
fn header(required: &[&'static str], optional: &[&'static str]) -> Vec<&'static str> {
    [required, optional].concat()
}

/// Writes a header and rows as CSV with `\n` line endings, quoting as needed.
fn write_csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(header)
        .expect("writing CSV to memory cannot fail");
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing CSV to memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV built from UTF-8 strings is UTF-8")
}

fn coord(x: f64) -> String {
    format!("{x:.5}")
}
