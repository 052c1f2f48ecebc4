//! Every figure `report.html` shows, computed once from the scenario and the plan (the
//! charts and tables only draw these).
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use tepai_model::{Category, CourtIdx, OfficerIdx, Scenario, Target, UnitKind};
use tepai_solver::candidates::pair_load;
use tepai_solver::plan::Via;
use tepai_solver::Plan;

/// One target: what the scenario requires and what the plan achieves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetFigure {
    /// Required.
    pub required: u32,
    /// Achieved.
    pub achieved: u32,
}

/// Enterprises of a group (a category or a county): how many, and how many the plan reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The group's key (a category's spelling or a county's name).
    pub key: String,
    /// Enterprises in the group.
    pub total: u32,
    /// Of which reached.
    pub reached: u32,
}

/// One court's row of the per-court table.
#[derive(Debug, Clone, PartialEq)]
pub struct CourtRow {
    /// The court.
    pub court: CourtIdx,
    /// Its officers.
    pub officers: u32,
    /// Of which serve something.
    pub used: u32,
    /// Units (platforms and chambers) its officers serve.
    pub units: u32,
    /// Enterprises its officers serve directly.
    pub direct: u32,
    /// Enterprises reached by its officers (directly or through a unit).
    pub reached: u32,
    /// Schedule rows of its officers (trips per officer), when scheduled.
    pub trips: Option<u32>,
    /// Travel hours of its officers over the year, when scheduled.
    pub travel_hours: Option<f64>,
}

/// Everything the report draws.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Platforms served.
    pub platforms: TargetFigure,
    /// Chambers served.
    pub chambers: TargetFigure,
    /// Enterprises reached.
    pub enterprises: TargetFigure,
    /// Enterprises reached (whichever count the enterprise target uses).
    pub enterprises_reached: u32,
    /// The enterprise target counts visited enterprises (`enterprises_count = "visited"`).
    pub target_counts_visited: bool,
    /// Officers in the scenario.
    pub officers: u32,
    /// Officers with at least one target.
    pub officers_used: u32,
    /// Whether each unit is served (its whole team assigned), in the scenario's order.
    pub unit_served: Vec<bool>,
    /// Per category, in declaration order.
    pub categories: Vec<Reach>,
    /// Per county, by name.
    pub counties: Vec<Reach>,
    /// Planned load of each used officer, working days per period (Σ load minutes ÷
    /// `day_minutes`), in officer order.
    pub load_days: Vec<f64>,
    /// Travel hours over the year of each officer with visits, in officer order (`None`: no
    /// schedule).
    pub travel_hours: Option<Vec<f64>>,
    /// Trips per day (a team's joint trip counted once), `None` without a schedule.
    pub trips_per_day: Option<BTreeMap<NaiveDate, u32>>,
    /// One row per court, in the scenario's order.
    pub courts: Vec<CourtRow>,
}

fn n(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

impl Figures {
    /// The figures of a plan.
    pub fn of(s: &Scenario, plan: &Plan) -> Figures {
        let pairs = &plan.assignment.pairs;
        let mut team: HashMap<Target, u32> = HashMap::new();
        for &(_, t) in pairs {
            *team.entry(t).or_insert(0) += 1;
        }
        let unit_served: Vec<bool> = s
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                team.get(&Target::Unit(tepai_model::UnitIdx::from(i)))
                    .is_some_and(|&k| k == u.team_size)
            })
            .collect();
        let served_of = |kind: UnitKind| {
            n(s.units
                .iter()
                .zip(&unit_served)
                .filter(|(u, &on)| on && u.kind == kind)
                .count())
        };
        let reached = |i: usize| plan.coverage.get(i).is_some_and(|r| r.via != Via::None);
        let enterprises_reached = n((0..s.enterprises.len()).filter(|&i| reached(i)).count());

        let categories = Category::ALL
            .iter()
            .map(|&c| {
                let of: Vec<usize> = (0..s.enterprises.len())
                    .filter(|&i| s.enterprises[i].categories.contains(c))
                    .collect();
                Reach {
                    key: c.as_str().to_owned(),
                    total: n(of.len()),
                    reached: n(of.iter().filter(|&&i| reached(i)).count()),
                }
            })
            .collect();
        let mut counties: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for (i, e) in s.enterprises.iter().enumerate() {
            let c = counties.entry(s.tag(e.county)).or_insert((0, 0));
            c.0 += 1;
            c.1 += u32::from(reached(i));
        }
        let counties = counties
            .into_iter()
            .map(|(k, (total, reached))| Reach {
                key: k.to_owned(),
                total,
                reached,
            })
            .collect();

        let mut load = vec![0.0f64; s.officers.len()];
        let mut used = vec![false; s.officers.len()];
        for &(o, t) in pairs {
            used[o.index()] = true;
            load[o.index()] += pair_load(s, o, t).unwrap_or(0.0);
        }
        let day = f64::from(s.rules.day_minutes.max(1));
        let load_days: Vec<f64> = (0..s.officers.len())
            .filter(|&o| used[o])
            .map(|o| load[o] / day)
            .collect();

        let (travel_hours, trips_per_day, rows_of, travel_of) = match &plan.schedule {
            None => (None, None, None, None),
            Some(schedule) => {
                let mut travel = vec![0.0f64; s.officers.len()];
                let mut rows = vec![0u32; s.officers.len()];
                let mut active = BTreeSet::new();
                let mut seen = HashSet::new();
                let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
                for v in &schedule.visits {
                    let o = v.officer.index();
                    travel[o] += f64::from(v.travel_minutes) / 60.0;
                    rows[o] += 1;
                    active.insert(o);
                    if seen.insert((v.date, v.target, v.stops.clone())) {
                        *per_day.entry(v.date).or_insert(0) += 1;
                    }
                }
                let hours = active.iter().map(|&o| travel[o]).collect();
                (Some(hours), Some(per_day), Some(rows), Some(travel))
            }
        };

        let mut courts: Vec<CourtRow> = (0..s.courts.len())
            .map(|c| CourtRow {
                court: CourtIdx::from(c),
                officers: 0,
                used: 0,
                units: 0,
                direct: 0,
                reached: 0,
                trips: rows_of.as_ref().map(|_| 0),
                travel_hours: travel_of.as_ref().map(|_| 0.0),
            })
            .collect();
        for (o, officer) in s.officers.iter().enumerate() {
            let row = &mut courts[officer.court.index()];
            row.officers += 1;
            row.used += u32::from(used[o]);
            if let (Some(t), Some(r)) = (&mut row.trips, &rows_of) {
                *t += r[o];
            }
            if let (Some(h), Some(tr)) = (&mut row.travel_hours, &travel_of) {
                *h += tr[o];
            }
        }
        let mut court_targets: BTreeSet<(usize, Target)> = BTreeSet::new();
        for &(o, t) in pairs {
            court_targets.insert((s.officer(o).court.index(), t));
        }
        for &(c, t) in &court_targets {
            match t {
                Target::Unit(u) if unit_served[u.index()] => courts[c].units += 1,
                Target::Unit(_) => {}
                Target::Enterprise(_) => courts[c].direct += 1,
            }
        }
        for r in &plan.coverage {
            let by: BTreeSet<usize> = r
                .officers
                .iter()
                .map(|&o: &OfficerIdx| s.officer(o).court.index())
                .collect();
            for c in by {
                courts[c].reached += 1;
            }
        }

        Figures {
            platforms: TargetFigure {
                required: s.required_platforms(),
                achieved: served_of(UnitKind::Platform),
            },
            chambers: TargetFigure {
                required: s.required_chambers(),
                achieved: served_of(UnitKind::Chamber),
            },
            enterprises: TargetFigure {
                required: s.targets.enterprises_min,
                // The count the target uses: reached, or visited in the year.
                achieved: match s.targets.enterprises_count {
                    tepai_model::EnterprisesCount::Reached => enterprises_reached,
                    tepai_model::EnterprisesCount::Visited => n(plan
                        .coverage
                        .iter()
                        .filter(|r| r.visits_in_year.is_some_and(|v| v > 0))
                        .count()),
                },
            },
            enterprises_reached,
            target_counts_visited: s.targets.enterprises_count
                == tepai_model::EnterprisesCount::Visited,
            officers: n(s.officers.len()),
            officers_used: n(used.iter().filter(|&&u| u).count()),
            unit_served,
            categories,
            counties,
            load_days,
            travel_hours,
            trips_per_day,
            courts,
        }
    }

    /// Whether every target is reached.
    pub fn targets_met(&self) -> bool {
        [self.platforms, self.chambers, self.enterprises]
            .iter()
            .all(|t| t.achieved >= t.required)
    }
}

/// Smallest, median (the upper one for an even count) and largest, as `summary.json` gives
/// them (one decimal).
pub fn min_median_max(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let round = |x: f64| (x * 10.0).round() / 10.0;
    Some((round(*v.first()?), round(v[v.len() / 2]), round(*v.last()?)))
}
