//! A seeded generator of municipal data with the nuisances real registers have, for measuring the
//! audit's false-alarm rate and power (tests/alarm_simulation.rs). Each dataset is a scored file, an
//! independent incidence survey and a policy, written to a folder; the audit then runs on it exactly
//! as a user's quick audit does.
//!
//! The nuisances, all present in every dataset:
//! - a **time-sorted file** (rows in week order) with a **running case number**;
//! - **unlabelled rows**: only 60% of the rows were inspected, equally in every group;
//! - a **bookkeeping column** (`repair_cost`) filled in only for inspected rows, independent of the
//!   outcome;
//! - a **trending column** (`sales`) that drifts with the weeks while the outcome does not;
//! - a **period-level column** (`temperature`): one value per week, the same in every row of it;
//! - a **numeric code** (`postcode`, four digits, one set per neighbourhood);
//! - an **outlier largest group**: Centrum holds 35% of the rows and twice the others' base rate
//!   (so its selection rate differs, which the policy does not judge: `fnr` and `fpr` are);
//! - **missing weeks**: one neighbourhood has no rows in two weeks (an outage, rows and residents
//!   gone together);
//! - **intersections**: neighbourhood × owner type;
//! - a **true row-level driver** (`age`) of the outcome, which the model uses.
//!
//! The effects a scenario may inject, each off in the null world:
//! - `fpr_ratio`: group Noord's false-positive rate is this times the others' (0.10);
//! - `largest_reporting`: the share of Centrum's incidents that get reported, relative to the others'
//!   (0.7): 0.45 is Street Bump's under-reporting largest group;
//! - `temperature_effect`: the weekly temperature drives the outcome (a true period-level driver,
//!   without a trend).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal, Poisson};

/// What a dataset is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct World {
    pub weeks: u32,
    pub rows_per_week: usize,
    /// Share of the rows in Noord (the group the FPR effect is injected in).
    pub noord_share: f64,
    pub fpr_ratio: f64,
    pub largest_reporting: f64,
    pub temperature_effect: f64,
}

impl World {
    /// The null world: no disparity, no under-reporting, no period-level effect.
    pub fn null() -> Self {
        World {
            weeks: 26,
            rows_per_week: 300,
            noord_share: 0.1,
            fpr_ratio: 1.0,
            largest_reporting: 1.0,
            temperature_effect: 0.0,
        }
    }
}

const HOODS: [&str; 8] = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Reeshof",
    "Oud-Noord",
    "Oud-Zuid",
];
/// Survey incidence per 1,000 residents per year, per neighbourhood.
const INCIDENCE: [f64; 8] = [240.0, 110.0, 100.0, 105.0, 95.0, 70.0, 100.0, 90.0];
const REPORTED: f64 = 0.7;
const BASE_FPR: f64 = 0.10;
const TPR: f64 = 0.7;

/// The files of one dataset, and the command-line arguments that audit it.
pub struct Dataset {
    pub dir: PathBuf,
    pub args: Vec<String>,
}

/// Draws one dataset of `world` with `seed` into `dir`.
pub fn generate(world: &World, seed: u64, dir: &Path) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0, 1.0).unwrap();
    let other = (1.0 - 0.35 - world.noord_share) / 6.0;
    let shares: Vec<f64> = HOODS
        .iter()
        .map(|h| match *h {
            "Centrum" => 0.35,
            "Noord" => world.noord_share,
            _ => other,
        })
        .collect();
    let missing_weeks = [
        rng.random_range(1..=world.weeks),
        rng.random_range(1..=world.weeks),
    ];
    let mut csv = String::from(
        "week,case_nr,wijk,owner,postcode,residents,reports,age,sales,temperature,repair_cost,label,prediction\n",
    );
    let mut case = 700_000u64;
    for week in 1..=world.weeks {
        let t = f64::from(week) / f64::from(world.weeks);
        let temperature: f64 = rng.random_range(-1.0..1.0);
        for _ in 0..world.rows_per_week {
            let u: f64 = rng.random();
            let mut acc = 0.0;
            let mut h = 0;
            for (i, s) in shares.iter().enumerate() {
                acc += s;
                if u < acc {
                    h = i;
                    break;
                }
                h = i;
            }
            if h == 7 && missing_weeks.contains(&week) {
                continue;
            }
            let hood = HOODS[h];
            let owner = if rng.random::<f64>() < 0.4 {
                "private"
            } else {
                "corporation"
            };
            let postcode = 1000 + 500 * h as u32 + rng.random_range(0..4u32);
            let residents: u32 = rng.random_range(200..600);
            let reporting = REPORTED
                * if hood == "Centrum" {
                    world.largest_reporting
                } else {
                    1.0
                };
            let mean = INCIDENCE[h] / 1000.0 * f64::from(residents) * 7.0 / 365.25 * reporting;
            let reports = Poisson::new(mean).unwrap().sample(&mut rng) as u64;
            let age: f64 = noise.sample(&mut rng);
            let sales = 100.0 + 60.0 * t + 5.0 * noise.sample(&mut rng);
            let base = if hood == "Centrum" { -1.1 } else { -1.9 };
            let logit = base + 0.8 * age + world.temperature_effect * temperature;
            let y = rng.random::<f64>() < 1.0 / (1.0 + (-logit).exp());
            // The model: finds 70% of the true cases; false alarms at 10%, in Noord times fpr_ratio.
            let fpr = BASE_FPR
                * if hood == "Noord" {
                    world.fpr_ratio
                } else {
                    1.0
                };
            let predicted = rng.random::<f64>() < if y { TPR } else { fpr };
            let inspected = rng.random::<f64>() < 0.6;
            case += 1;
            write!(
                csv,
                "{week},{case},{hood},{owner},{postcode},{residents},{reports},{age:.3},{sales:.1},{temperature:.3},"
            )
            .unwrap();
            if inspected {
                let cost = rng.random_range(200.0..8000.0f64);
                writeln!(csv, "{cost:.0},{},{}", u8::from(y), u8::from(predicted)).unwrap();
            } else {
                writeln!(csv, ",,{}", u8::from(predicted)).unwrap();
            }
        }
    }
    let mut survey = String::from("attribute,group,per_1000_per_year,standard_error,source,year\n");
    for (h, hood) in HOODS.iter().enumerate() {
        // The survey's own error: 5% relative, around the true incidence.
        let estimate = INCIDENCE[h] * (1.0 + 0.05 * noise.sample(&mut rng));
        writeln!(
            survey,
            "wijk,{hood},{estimate:.2},{:.2},simulated survey,2026",
            0.05 * estimate
        )
        .unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("scored.csv"), csv).unwrap();
    std::fs::write(dir.join("survey.csv"), survey).unwrap();
    std::fs::write(
        dir.join("policy.toml"),
        "schema_version = 1\n[default]\nmetrics = [\"fnr\", \"fpr\"]\n",
    )
    .unwrap();
    let path = |name: &str| dir.join(name).display().to_string();
    let args = [
        "--data",
        &path("scored.csv"),
        "--label",
        "label",
        "--prediction",
        "prediction",
        "--group",
        "wijk",
        "--group",
        "owner",
        "--intersect",
        "wijk,owner",
        "--time",
        "week",
        "--incidence",
        &path("survey.csv"),
        "--events",
        "reports",
        "--exposure",
        "residents",
        "--period",
        "week",
        "--reporting-group",
        "wijk",
        "--input",
        "age",
        "--exclude",
        "reports",
        "--exclude",
        "residents",
        "--policy",
        &path("policy.toml"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    Dataset {
        dir: dir.to_path_buf(),
        args,
    }
}
