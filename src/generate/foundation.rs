//! Houses on wooden piles in Zaanstad, with **inspection selection bias** by owner type.
//!
//! True damage: `logit P(damage) = −4.1 + 1.7·wood + 0.6·shallow + 0.018·(age − 60) + 0.035·drop_cm·wood
//! + 0.18·subsidence + {0, 0.5, 1.0}·maintenance(good, fair, poor) + 0.4·peat`; owner type plays no part.
//!
//! Injected bias (see `models/foundation-risk-zaandam/BIAS.md`): housing corporations inspect through
//! programmes (P(inspected) = 0.60), private owners only rarely (0.10). The risk score behaves like a
//! logistic model fitted on inspection records in which uninspected houses count as undamaged: a private
//! home's log-odds are shifted by `ln(0.10/0.60) = −1.79`. Inspections are at random within owner type,
//! so the labelled rows of each owner type are a fair sample of it, and the score misses far more damage
//! in private homes.
//!
//! Three files, for the sampling audit as well:
//! - `houses.csv`: the programme's list of houses, which the score ranks now ([`generate`]).
//! - `population.csv`: the reference population of the programme area ([`population`]): [`N_POP`] = 31,000
//!   houses by neighbourhood and by owner type (`attribute,group,population,unit,source,year`). The list
//!   was drawn from the municipal foundation archive, which misses half of Westzaan's houses
//!   ([`ARCHIVE_COVERAGE`]): Westzaan's population weight is 1.0 against its list weight of 0.5, so it
//!   has 0.52× its population share on the list and every other neighbourhood 11.3/10.8 = 1.05×.
//! - `training.csv`: the earlier inspection round the score model was trained on ([`training`]): 6,000
//!   candidate houses drawn like the list's under an earlier climate ([`CLIMATE_EARLIER`]: groundwater
//!   drop 6 cm and subsidence 0.8 mm/yr lower), of which only the inspected ones are kept (about 1,800;
//!   about 80% corporation homes against 41% on the list).
//!
//! Three more columns, appended after `risk_score` for the spurious-correlation audit, come from their own
//! random stream ([`SPURIOUS_SEED_XOR`]), drawn after each house's other draws, so every earlier column is
//! exactly what it was without them:
//! - `inspection_year`, the **time column**: the year of the inspection, 2016–2024, empty when the house
//!   was never inspected. Undamaged houses get a year uniformly; damaged ones with weights
//!   `1 + 0.25·(year − 2016)` ([`DAMAGE_YEAR_TREND`]): more damage was found in the later rounds, after the
//!   dry summers of 2018–2020, so damage prevalence rises over the years.
//! - `groundwater_sensors_km2`, a **trending** column: monitoring wells per km² near the house in the year
//!   of its inspection (2025, the current year, if it was never inspected), `2.0 + 0.5·(year − 2016)` plus
//!   N(0, 0.5) noise, never below 0. The city placed more wells every year; within a year the column has
//!   nothing to do with damage, so it correlates with `damage_found` only through the shared time trend.
//! - `repair_subsidy_applied`, a **leaky** column: whether the owner applied for a repair subsidy, which
//!   is only possible after damage was found, so it is recorded after the label: 1 with probability 0.97
//!   for inspected damaged houses, 0.02 for inspected undamaged ones, 0.01 for uninspected ones.
//!
//! None of them plays a part in the true damage or in the score.

use std::fmt::Write;

use super::{Draw, logistic};

/// Probability that a corporation home was inspected.
pub const INSPECTION_RATE_CORPORATION: f64 = 0.60;
/// Probability that a private home was inspected.
pub const INSPECTION_RATE_PRIVATE: f64 = 0.10;
/// The decision threshold of the shipped manifest.
pub const THRESHOLD: f64 = 0.25;

/// (name, weight, mean build year, P(wooden piles), P(corporation), P(peat))
const NEIGHBOURHOODS: [(&str, f64, f64, f64, f64, f64); 12] = [
    ("Zaandam-Oost", 1.2, 1922.0, 0.80, 0.45, 0.30),
    ("Rosmolenwijk", 0.9, 1930.0, 0.85, 0.55, 0.25),
    ("Zaandam-West", 1.0, 1925.0, 0.70, 0.35, 0.35),
    ("Poelenburg", 1.1, 1965.0, 0.30, 0.70, 0.20),
    ("Peldersveld", 0.8, 1962.0, 0.30, 0.65, 0.20),
    ("Kogerveld", 0.9, 1972.0, 0.20, 0.50, 0.20),
    ("Westzaan", 0.5, 1912.0, 0.85, 0.10, 0.60),
    ("Krommenie", 1.0, 1950.0, 0.50, 0.30, 0.40),
    ("Wormerveer", 0.9, 1935.0, 0.70, 0.30, 0.40),
    ("Assendelft", 1.0, 1995.0, 0.05, 0.25, 0.55),
    ("Koog aan de Zaan", 0.8, 1940.0, 0.65, 0.30, 0.30),
    ("Zaandijk", 0.7, 1930.0, 0.75, 0.25, 0.30),
];

/// Houses in the programme area (the reference population of `population.csv`).
pub const N_POP: u64 = 31_000;

/// Share of a neighbourhood's houses that the municipal foundation archive holds, where it is not 1.
/// The programme's list (`houses.csv`) was drawn from that archive, in which half of Westzaan's (rural,
/// mostly private) houses are missing; a neighbourhood's population weight is its list weight divided by
/// its coverage (Westzaan: 0.5 / 0.5 = 1.0).
pub const ARCHIVE_COVERAGE: [(&str, f64); 1] = [("Westzaan", 0.5)];

const HEADER: &str = "house_id,neighbourhood,build_year,pile_type,soil,groundwater_drop_cm,subsidence_mm_per_year,\
maintenance_state,owner_type,inspected,damage_found,risk_score,inspection_year,groundwater_sensors_km2,\
repair_subsidy_applied";

/// The climate the houses are drawn under: mean groundwater drop and subsidence by soil.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Climate {
    /// Mean groundwater drop in cm on (clay, peat); the sd is 10 cm.
    pub drop_cm_mean: (f64, f64),
    /// Mean subsidence in mm per year on (clay, peat); the sd is 1.2 mm/yr.
    pub subsidence_mean: (f64, f64),
}

/// The climate of the houses the programme scores now (`houses.csv`).
pub const CLIMATE_NOW: Climate = Climate {
    drop_cm_mean: (18.0, 28.0),
    subsidence_mean: (2.5, 4.5),
};

/// The climate of the earlier inspection round the score model was trained on (`training.csv`): the
/// groundwater had dropped 6 cm less and the ground subsided 0.8 mm/yr more slowly than now.
pub const CLIMATE_EARLIER: Climate = Climate {
    drop_cm_mean: (12.0, 22.0),
    subsidence_mean: (1.7, 3.7),
};

/// Candidate houses of the earlier inspection round; only the inspected ones are written to `training.csv`.
pub const TRAINING_CANDIDATES: usize = 6_000;

/// The training data's own seed is the data seed XOR this constant (the ASCII bytes of "train"), so its
/// draws are independent of `houses.csv`'s and leave them untouched.
pub const TRAINING_SEED_XOR: u64 = 0x7472_6169_6e00;

/// The spurious columns' own seed is the data seed XOR this constant (the ASCII bytes of "spur"), so their
/// draws never touch the stream of the earlier columns, which stay exactly as they were. `training.csv`
/// uses `seed ^ TRAINING_SEED_XOR ^ SPURIOUS_SEED_XOR`.
pub const SPURIOUS_SEED_XOR: u64 = 0x7370_7572;

/// The first and last inspection year (`inspection_year`).
pub const INSPECTION_YEARS: (i32, i32) = (2016, 2024);
/// A damaged house's inspection year is drawn with weight `1 + DAMAGE_YEAR_TREND·(year − 2016)`, an
/// undamaged one's uniformly: damage prevalence among the inspected rises over the years.
pub const DAMAGE_YEAR_TREND: f64 = 0.25;
/// The year of `groundwater_sensors_km2` for a house that was never inspected: the current year.
pub const CURRENT_YEAR: i32 = 2025;
/// `groundwater_sensors_km2 = SENSORS_2016 + SENSORS_PER_YEAR·(year − 2016) + N(0, SENSORS_SD)`.
pub const SENSORS_2016: f64 = 2.0;
/// Wells per km² the city adds each year.
pub const SENSORS_PER_YEAR: f64 = 0.5;
/// The sd of the sensor density around its yearly level, independent of everything else.
pub const SENSORS_SD: f64 = 0.5;
/// P(`repair_subsidy_applied` = 1) for inspected damaged, inspected undamaged and uninspected houses.
pub const SUBSIDY_RATE: (f64, f64, f64) = (0.97, 0.02, 0.01);

/// The spurious columns of one house: a time column, a trending column and a leaky one. They are drawn
/// after the house from their own stream and play no part in its damage or score.
struct Spurious {
    inspection_year: Option<i32>,
    sensors_km2: f64,
    subsidy_applied: bool,
}

impl Spurious {
    /// Draws the spurious columns of a house from `e`, the stream of the spurious columns only. Uses the
    /// house's already drawn `inspected` and `damaged`, so the house's other columns do not change.
    fn draw(e: &mut Draw, inspected: bool, damaged: bool) -> Spurious {
        let (first, last) = INSPECTION_YEARS;
        let inspection_year = inspected.then(|| {
            let weights: Vec<f64> = (first..=last)
                .map(|year| {
                    if damaged {
                        1.0 + DAMAGE_YEAR_TREND * f64::from(year - first)
                    } else {
                        1.0
                    }
                })
                .collect();
            first + e.weighted(&weights) as i32
        });
        let level_year = inspection_year.unwrap_or(CURRENT_YEAR);
        let sensors_km2 = (SENSORS_2016
            + SENSORS_PER_YEAR * f64::from(level_year - first)
            + e.normal(0.0, SENSORS_SD))
        .max(0.0);
        let (damaged_rate, undamaged_rate, uninspected_rate) = SUBSIDY_RATE;
        let subsidy_applied = e.bernoulli(match (inspected, damaged) {
            (true, true) => damaged_rate,
            (true, false) => undamaged_rate,
            (false, _) => uninspected_rate,
        });
        Spurious {
            inspection_year,
            sensors_km2,
            subsidy_applied,
        }
    }
}

/// One drawn house, before it is written out.
struct House {
    name: &'static str,
    build_year: i32,
    pile: &'static str,
    soil: &'static str,
    drop_cm: f64,
    subsidence: f64,
    maintenance: &'static str,
    owner: &'static str,
    inspected: bool,
    damaged: bool,
    score: f64,
    spurious: Spurious,
}

impl House {
    /// Draws one house under `climate`. The order of the draws from `d` is part of the shipped data:
    /// changing it changes every committed file. The spurious columns come from `e` (their own stream),
    /// after everything else.
    fn draw(d: &mut Draw, e: &mut Draw, weights: &[f64], climate: Climate) -> House {
        let (name, _, year_mean, p_wood, p_corp, p_peat) = NEIGHBOURHOODS[d.weighted(weights)];
        let build_year = d.normal(year_mean, 18.0).round().clamp(1850.0, 2020.0) as i32;
        // Wooden piles were standard before about 1970.
        let p_wood_here = if build_year < 1970 {
            p_wood.min(0.95) + 0.05
        } else {
            p_wood * 0.2
        };
        let pile = if d.bernoulli(p_wood_here.min(1.0)) {
            "wood"
        } else if d.bernoulli(0.25) {
            "shallow"
        } else {
            "concrete"
        };
        let peat = d.bernoulli(p_peat);
        let soil = if peat { "peat" } else { "clay" };
        let by_soil = |(clay, on_peat): (f64, f64)| if peat { on_peat } else { clay };
        let drop_cm = d
            .normal(by_soil(climate.drop_cm_mean), 10.0)
            .clamp(0.0, 80.0);
        let subsidence = d
            .normal(by_soil(climate.subsidence_mean), 1.2)
            .clamp(0.0, 12.0);
        let maintenance = ["good", "fair", "poor"][d.weighted(&[0.5, 0.35, 0.15])];
        let owner = if d.bernoulli(p_corp) {
            "corporation"
        } else {
            "private"
        };

        let wood = f64::from(pile == "wood");
        let age = f64::from(2025 - build_year);
        let eta = -4.1
            + 1.7 * wood
            + 0.6 * f64::from(pile == "shallow")
            + 0.018 * (age - 60.0)
            + 0.035 * drop_cm * wood
            + 0.18 * subsidence
            + match maintenance {
                "good" => 0.0,
                "fair" => 0.5,
                _ => 1.0,
            }
            + 0.4 * f64::from(peat);
        let damaged = d.bernoulli(logistic(eta));
        let rate = if owner == "corporation" {
            INSPECTION_RATE_CORPORATION
        } else {
            INSPECTION_RATE_PRIVATE
        };
        let inspected = d.bernoulli(rate);
        // The score: the true log-odds with estimation noise, plus what training on inspection records
        // (uninspected = undamaged) teaches about owner type.
        let selection_shift = (rate / INSPECTION_RATE_CORPORATION).ln();
        let score = logistic(eta + d.normal(0.0, 0.35) + selection_shift);
        let spurious = Spurious::draw(e, inspected, damaged);
        House {
            name,
            build_year,
            pile,
            soil,
            drop_cm,
            subsidence,
            maintenance,
            owner,
            inspected,
            damaged,
            score,
            spurious,
        }
    }

    /// Appends the house as a CSV row with the id `{prefix}{number:06}`.
    fn write(&self, out: &mut String, prefix: &str, number: usize) {
        let label = match (self.inspected, self.damaged) {
            (false, _) => "",
            (true, true) => "1",
            (true, false) => "0",
        };
        let year = self
            .spurious
            .inspection_year
            .map_or(String::new(), |y| y.to_string());
        let _ = writeln!(
            out,
            "{prefix}{number:06},{},{},{},{},{:.1},{:.2},{},{},{},{label},{:.4},{year},{:.1},{}",
            self.name,
            self.build_year,
            self.pile,
            self.soil,
            self.drop_cm,
            self.subsidence,
            self.maintenance,
            self.owner,
            u8::from(self.inspected),
            self.score,
            self.spurious.sensors_km2,
            u8::from(self.spurious.subsidy_applied)
        );
    }
}

fn list_weights() -> Vec<f64> {
    NEIGHBOURHOODS.iter().map(|n| n.1).collect()
}

/// Generates `houses.csv` with `rows` houses.
pub fn generate(seed: u64, rows: usize) -> String {
    let mut d = Draw::new(seed);
    let mut e = Draw::new(seed ^ SPURIOUS_SEED_XOR);
    let weights = list_weights();
    let mut out = String::with_capacity(rows * 125);
    out.push_str(HEADER);
    out.push('\n');
    for i in 0..rows {
        House::draw(&mut d, &mut e, &weights, CLIMATE_NOW).write(&mut out, "ZS", i + 1);
    }
    out
}

/// Generates `training.csv`: the houses the score model was trained on. [`TRAINING_CANDIDATES`] houses
/// are drawn exactly like `houses.csv`'s but under [`CLIMATE_EARLIER`] and with the seed
/// `seed ^ TRAINING_SEED_XOR` (the spurious columns `seed ^ TRAINING_SEED_XOR ^ SPURIOUS_SEED_XOR`); only
/// the inspected ones are kept (0.60 of corporation homes, 0.10 of private ones), so the training data is a
/// selected sample, and every row has a label. Ids are `ZT000001`, …
pub fn training(seed: u64) -> String {
    let mut d = Draw::new(seed ^ TRAINING_SEED_XOR);
    let mut e = Draw::new(seed ^ TRAINING_SEED_XOR ^ SPURIOUS_SEED_XOR);
    let weights = list_weights();
    let mut out = String::with_capacity(TRAINING_CANDIDATES * 45);
    out.push_str(HEADER);
    out.push('\n');
    let mut kept = 0;
    for _ in 0..TRAINING_CANDIDATES {
        let house = House::draw(&mut d, &mut e, &weights, CLIMATE_EARLIER);
        if house.inspected {
            kept += 1;
            house.write(&mut out, "ZT", kept);
        }
    }
    out
}

/// A neighbourhood's weight in the population: its list weight divided by its archive coverage.
fn population_weight(name: &str, list_weight: f64) -> f64 {
    let coverage = ARCHIVE_COVERAGE
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(1.0, |(_, c)| *c);
    list_weight / coverage
}

/// Generates `population.csv`: the reference population of the programme area, [`N_POP`] houses split
/// over the neighbourhoods by their population weights (rounded; the largest neighbourhood absorbs the
/// rounding so the counts sum to `N_POP`), and over owner types by each neighbourhood's share of corporation
/// homes. Deterministic: it does not depend on the seed.
pub fn population() -> String {
    let weights: Vec<f64> = NEIGHBOURHOODS
        .iter()
        .map(|n| population_weight(n.0, n.1))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut counts: Vec<u64> = weights
        .iter()
        .map(|w| (N_POP as f64 * w / total).round() as u64)
        .collect();
    let largest = (0..counts.len())
        .max_by_key(|&i| counts[i])
        .expect("there are neighbourhoods");
    let rest: u64 = counts.iter().sum::<u64>() - counts[largest];
    counts[largest] = N_POP - rest;
    let corporation = counts
        .iter()
        .zip(NEIGHBOURHOODS.iter())
        .map(|(&n, h)| n as f64 * h.4)
        .sum::<f64>()
        .round() as u64;

    const SOURCE: &str = "BAG en WOZ-registratie (simulated by algoreg's generator)";
    let mut out = String::from("attribute,group,population,unit,source,year\n");
    let rows = NEIGHBOURHOODS
        .iter()
        .zip(&counts)
        .map(|(h, &n)| ("neighbourhood", h.0, n))
        .chain([
            ("owner_type", "corporation", corporation),
            ("owner_type", "private", N_POP - corporation),
        ]);
    for (attribute, group, n) in rows {
        let _ = writeln!(out, "{attribute},{group},{n},house,{SOURCE},2025");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::check::{auc, pearson, pearson_within};
    use super::*;

    /// The time column is there exactly for the inspected houses, the trending column rises with it but
    /// has nothing to do with damage within a year, and the leaky column nearly copies the label.
    #[test]
    fn spurious_columns_follow_their_design() {
        let houses = generate(20_240_601, 20_000);
        let mut lines = houses.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(
            header[header.len() - 3..],
            [
                "inspection_year",
                "groundwater_sensors_km2",
                "repair_subsidy_applied"
            ]
        );
        let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (inspected, label, year, sensors, subsidy) = (
            at("inspected"),
            at("damage_found"),
            at("inspection_year"),
            at("groundwater_sensors_km2"),
            at("repair_subsidy_applied"),
        );
        let rows: Vec<Vec<&str>> = houses
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let mut uninspected_sensors = Vec::new();
        let (mut ys, mut xs, mut years, mut leaks) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for row in &rows {
            let x: f64 = row[sensors].parse().unwrap();
            if row[inspected] == "0" {
                assert_eq!(row[year], "", "an uninspected house has no inspection year");
                uninspected_sensors.push(x);
                continue;
            }
            let y: i64 = row[year].parse().unwrap();
            assert!((2016..=2024).contains(&y), "year {y}");
            years.push(y);
            xs.push(x);
            ys.push(if row[label] == "1" { 1.0 } else { 0.0 });
            leaks.push(row[subsidy].parse::<f64>().unwrap());
        }
        // The uninspected houses get the sensor level of 2025: 2.0 + 0.5·9 = 6.5.
        let mean = uninspected_sensors.iter().sum::<f64>() / uninspected_sensors.len() as f64;
        assert!((mean - 6.5).abs() < 0.05, "uninspected sensor mean {mean}");
        // About 6,200 labelled houses: a correlation's standard error is about 0.013.
        let raw = pearson(&xs, &ys);
        let within = pearson_within(&xs, &ys, &years);
        assert!(raw > 0.08, "raw correlation {raw}");
        assert!(within.abs() < 0.05, "within-year correlation {within}");
        let positives: Vec<bool> = ys.iter().map(|y| *y == 1.0).collect();
        let leak = auc(&leaks, &positives);
        assert!(leak >= 0.95, "AUC of repair_subsidy_applied {leak}");
    }
}
