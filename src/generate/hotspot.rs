//! Tilburg nuisance hotspots: grid cells × weeks, with **reporting bias** by neighbourhood.
//!
//! True incidents per cell-week are Poisson with
//! `ln λ = 0.55·ln(residents/500) + 0.30·nightlife − 0.015·lamp_posts + 0.25·sin(2π·week/52)`.
//! Injected bias (see `models/hotspot-tilburg/BIAS.md`): residents of Reeshof and Noord report an incident
//! with probability 0.30, elsewhere 0.70 (rate ratio 0.43). Only reported incidents are recorded; the
//! model predicts a hotspot from recorded counts of earlier weeks, so it sends fewer wardens where fewer
//! people report.
//!
//! `survey.csv` is an *incidence file* for the sampling audit: an independent victimisation survey's
//! estimate of the **true** incidents per 1,000 residents per year in each neighbourhood
//! (`attribute,group,per_1000_per_year,standard_error,source,year`). The rate is the true count over the
//! 40 output weeks, scaled to a year of 365.25/7 weeks, per 1,000 residents, times N(1, 0.05) sampling
//! noise; the standard error is 5% of the rate as written. Residents per neighbourhood are in `cells.csv`.
//! Recorded incidents per resident against the survey's incidence estimate each neighbourhood's reporting
//! rate: 0.30/0.70 = 0.43 in Reeshof and Noord against the others. The survey's draws come after all the
//! cells' draws, so changing the survey never changes `cells.csv`.
//!
//! Two more columns of `cells.csv`, appended after `hotspot` for the spurious-correlation audit, come from
//! their own random stream ([`SPURIOUS_SEED_XOR`]), so every earlier column and `survey.csv` are exactly
//! what they were without them:
//! - `ice_cream_sales`, a **trending** column (the classic ice cream and crime): a city-wide weekly sales
//!   index that follows the same season as the incidents, `100·(1 + 0.8·sin(2π·week/52)) + N(0, 5)` per
//!   cell-week, never below 0 ([`ICE_CREAM_SEASON`], [`ICE_CREAM_SD`]). Within a week it has nothing to do
//!   with the incidents, so it correlates with `hotspot` only through the shared season.
//! - `warden_reports`, a **leaky** column: the nuisance reports wardens filed for the cell that week,
//!   written up after the week, so it nearly copies the recorded incidents:
//!   `Binomial(incidents, 0.95) + Poisson(0.03)` ([`WARDEN_COPY_RATE`], [`WARDEN_EXTRA_RATE`]).

use std::fmt::Write;

use super::Draw;

/// Probability that an incident is reported, per neighbourhood.
pub const REPORTING_RATE: [(&str, f64); 8] = [
    ("Centrum", 0.70),
    ("Oud-Noord", 0.70),
    ("Noord", 0.30),
    ("Oud-Zuid", 0.70),
    ("Zuid", 0.70),
    ("West", 0.70),
    ("Reeshof", 0.30),
    ("Oost", 0.70),
];

/// Income band per neighbourhood (a second group attribute).
const INCOME_BAND: [&str; 8] = [
    "midden", "laag", "laag", "hoog", "midden", "laag", "midden", "hoog",
];

/// Neighbourhood centres on the 20-wide grid (x, y in cells of 250 m).
const CENTRES: [(f64, f64); 8] = [
    (10.0, 7.0),
    (10.0, 11.0),
    (10.0, 14.5),
    (10.0, 3.5),
    (10.0, 0.5),
    (4.0, 8.0),
    (0.5, 11.0),
    (17.0, 8.0),
];

/// Weeks in the file; four earlier weeks are simulated for the lags.
pub const WEEKS: usize = 40;
const WARM_UP: usize = 4;
/// Weeks per year, for the survey's yearly rate: a week is 7/365.25 of a year.
pub const WEEKS_PER_YEAR: f64 = 365.25 / 7.0;
/// The survey's relative standard error (its estimates carry N(1, 0.05) noise).
pub const SURVEY_RELATIVE_SE: f64 = 0.05;
/// A cell-week is a hotspot when at least this many incidents were recorded.
pub const HOTSPOT_MIN_INCIDENTS: u64 = 2;
/// The shipped rule predicts a hotspot when `0.4·lag1 + 0.6·lag4_mean >= 1.0`.
pub const PREDICTION_CUTOFF: f64 = 1.0;
/// The predicted incident count is never below this (it stays far under the hotspot cutoff).
pub const PREDICTION_FLOOR: f64 = 0.05;

/// The spurious columns' own seed is the data seed XOR this constant (the ASCII bytes of "spur"), so their
/// draws never touch the stream of the other columns and of `survey.csv`, which stay exactly as they were.
pub const SPURIOUS_SEED_XOR: u64 = 0x7370_7572;
/// `ice_cream_sales = 100·(1 + ICE_CREAM_SEASON·sin(2π·week/52)) + N(0, ICE_CREAM_SD)`, with `week` on the
/// same scale as the incidents' season (warm-up weeks counted).
pub const ICE_CREAM_SEASON: f64 = 0.8;
/// The sd of the per-cell-week noise on the sales index, independent of everything else.
pub const ICE_CREAM_SD: f64 = 5.0;
/// Each recorded incident is in the wardens' reports with this probability.
pub const WARDEN_COPY_RATE: f64 = 0.95;
/// Poisson mean of the wardens' reports of nuisance that was not recorded otherwise.
pub const WARDEN_EXTRA_RATE: f64 = 0.03;

struct Cell {
    id: String,
    x: usize,
    y: usize,
    hood: usize,
    residents: u64,
    nightlife: u64,
    lamp_posts: u64,
}

/// Generates `(cells.csv, survey.csv)` with about `rows` cell-weeks (cells = rows / 40, on a 20-wide grid).
pub fn generate(seed: u64, rows: usize) -> (String, String) {
    let mut d = Draw::new(seed);
    let mut e = Draw::new(seed ^ SPURIOUS_SEED_XOR);
    let n_cells = (rows / WEEKS).max(20);
    let height = n_cells.div_ceil(20);
    let mut cells = Vec::with_capacity(n_cells);
    for i in 0..n_cells {
        let (x, y) = (i % 20, i / 20);
        let (fx, fy) = (x as f64, y as f64 * 15.0 / height as f64);
        let hood = (0..CENTRES.len())
            .min_by(|&a, &b| {
                let da = (CENTRES[a].0 - fx).powi(2) + (CENTRES[a].1 - fy).powi(2);
                let db = (CENTRES[b].0 - fx).powi(2) + (CENTRES[b].1 - fy).powi(2);
                da.total_cmp(&db)
            })
            .expect("there are centres");
        let centre_dist = ((fx - 10.0).powi(2) + (fy - 7.0).powi(2)).sqrt();
        let residents = d.poisson(
            if hood == 6 {
                900.0
            } else {
                700.0 / (1.0 + centre_dist / 12.0)
            }
            .max(50.0)
                / 10.0,
        ) * 10;
        let nightlife = if hood == 0 {
            d.poisson(3.0)
        } else {
            d.poisson(0.3)
        };
        let lamp_posts = d.poisson(12.0 + 10.0 * f64::from(hood == 0));
        cells.push(Cell {
            id: format!("TB{x:02}{y:02}"),
            x,
            y,
            hood,
            residents,
            nightlife,
            lamp_posts,
        });
    }

    let mut out = String::with_capacity(n_cells * WEEKS * 115);
    out.push_str(
        "cell_id,x,y,neighbourhood,income_band,year,week,residents,nightlife_venues,lamp_posts,\
incidents_lag1,incidents_lag4_mean,predicted_rate,predicted_hotspot,incidents,hotspot,ice_cream_sales,\
warden_reports\n",
    );
    // Per neighbourhood: true incidents and residents over the output weeks (for the survey).
    let mut true_by_hood = [0u64; 8];
    let mut residents_by_hood = [0u64; 8];
    let mut recorded: Vec<Vec<u64>> = vec![Vec::with_capacity(WEEKS + WARM_UP); n_cells];
    for w in 0..WEEKS + WARM_UP {
        let week = w + 1;
        let phase = (std::f64::consts::TAU * week as f64 / 52.0).sin();
        let season = 0.25 * phase;
        let ice_cream_level = 100.0 * (1.0 + ICE_CREAM_SEASON * phase);
        for (c, cell) in cells.iter().enumerate() {
            let ln_lambda = 0.55 * (cell.residents.max(10) as f64 / 500.0).ln()
                + 0.30 * cell.nightlife as f64
                - 0.015 * cell.lamp_posts as f64
                + season;
            let true_count = d.poisson(ln_lambda.exp());
            let rec = d.binomial(true_count, REPORTING_RATE[cell.hood].1);
            let history = &recorded[c];
            if w >= WARM_UP {
                true_by_hood[cell.hood] += true_count;
                if w == WARM_UP {
                    residents_by_hood[cell.hood] += cell.residents;
                }
                let lag1 = history[w - 1];
                let lag4 = history[w - 4..w].iter().sum::<u64>() as f64 / 4.0;
                // Floored at PREDICTION_FLOOR: a count model never predicts exactly zero (and the Poisson
                // deviance needs a positive prediction).
                let predicted_rate = (0.4 * lag1 as f64 + 0.6 * lag4).max(PREDICTION_FLOOR);
                // The spurious columns, from their own stream `e`.
                // Never below 0 (in the shipped data the lowest value is 4.1, far from it).
                let ice_cream = (ice_cream_level + e.normal(0.0, ICE_CREAM_SD)).max(0.0);
                let warden = e.binomial(rec, WARDEN_COPY_RATE) + e.poisson(WARDEN_EXTRA_RATE);
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},2025,{},{},{},{},{lag1},{lag4:.2},{predicted_rate:.2},{},{rec},{},\
{ice_cream:.1},{warden}",
                    cell.id,
                    cell.x,
                    cell.y,
                    REPORTING_RATE[cell.hood].0,
                    INCOME_BAND[cell.hood],
                    week - WARM_UP,
                    cell.residents,
                    cell.nightlife,
                    cell.lamp_posts,
                    u8::from(predicted_rate >= PREDICTION_CUTOFF),
                    u8::from(rec >= HOTSPOT_MIN_INCIDENTS)
                );
            }
            recorded[c].push(rec);
        }
    }

    // The survey estimates true incidents per 1,000 residents per year, with 5% sampling noise; the file
    // gives that relative standard error per neighbourhood.
    let mut survey = String::from("attribute,group,per_1000_per_year,standard_error,source,year\n");
    for (h, (name, _)) in REPORTING_RATE.iter().enumerate() {
        let per_year = true_by_hood[h] as f64 * WEEKS_PER_YEAR / WEEKS as f64;
        let rate = 1000.0 * per_year / residents_by_hood[h].max(1) as f64
            * d.normal(1.0, SURVEY_RELATIVE_SE);
        // The standard error is 5% of the rate as written (one decimal).
        let rate = (rate * 10.0).round() / 10.0;
        let standard_error = SURVEY_RELATIVE_SE * rate;
        let _ = writeln!(
            survey,
            "neighbourhood,{name},{rate:.1},{standard_error:.1},Veiligheidsmonitor (simulated by algoreg's generator),2025"
        );
    }
    (out, survey)
}

#[cfg(test)]
mod tests {
    use super::super::check::{auc, pearson, pearson_within};
    use super::*;

    /// The trending column follows the season but has nothing to do with the incidents within a week, and
    /// the leaky column nearly copies the label.
    #[test]
    fn spurious_columns_follow_their_design() {
        let (cells, _) = generate(20_240_602, 24_000);
        let mut lines = cells.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (week, incidents, hotspot, ice_cream, warden) = (
            at("week"),
            at("incidents"),
            at("hotspot"),
            at("ice_cream_sales"),
            at("warden_reports"),
        );
        assert_eq!(
            header[header.len() - 2..],
            ["ice_cream_sales", "warden_reports"]
        );
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        let num =
            |col: usize| -> Vec<f64> { rows.iter().map(|r| r[col].parse().unwrap()).collect() };
        let (weeks, recorded, label, sales, reports) = (
            num(week),
            num(incidents),
            num(hotspot),
            num(ice_cream),
            num(warden),
        );
        let groups: Vec<i64> = weeks.iter().map(|w| *w as i64).collect();
        // n = 24,000: a correlation's standard error is about 0.0065.
        let raw = pearson(&sales, &label);
        let within = pearson_within(&sales, &label, &groups);
        assert!(raw > 0.08, "raw correlation {raw}");
        assert!(within.abs() < 0.03, "within-week correlation {within}");
        let positives: Vec<bool> = label.iter().map(|l| *l == 1.0).collect();
        let leak = auc(&reports, &positives);
        assert!(leak >= 0.95, "AUC of warden_reports {leak}");
        // Wardens drop about 5% of the recorded incidents and add a few of their own.
        let (sum_reports, sum_recorded) =
            (reports.iter().sum::<f64>(), recorded.iter().sum::<f64>());
        let ratio = sum_reports / sum_recorded;
        assert!((0.93..1.0).contains(&ratio), "reports / recorded {ratio}");
    }
}
