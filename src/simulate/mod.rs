//! The feedback-loop simulation of a hotspot model (Ensign et al. 2018, "Runaway feedback loops in
//! predictive policing", FAT* 2018, PMLR 81:160): the model is deployed for a number of rounds; each
//! round wardens patrol the `k` cells it predicts highest, incidents happen at their true rate, residents
//! report each with their area's reporting rate, a patrol records each unreported incident in its cell
//! with the detection probability, the model is retrained on the recorded counts of the last periods,
//! and the next round's patrols follow its new predictions.
//!
//! Two arms run on the same simulated incidents (paired by replication): patrols wholly by the model
//! (`top-k`), and a share of patrols sent to uniformly random cells (`random-share`, the random-sample
//! control of the Dutch algorithm framework). Where patrols go, by area, is compared each round with
//! where they would go if the model knew the true rates (the oracle's top-k), by the total variation
//! distance `½ Σₐ |patrol shareₐ − oracle shareₐ|`; the recorded incidents' shares by area are compared
//! with the true shares in the same way. An arm "runs away" when that divergence grows from the first
//! round to the late rounds: the 95% confidence interval of the mean paired growth lies above 0. Pure and seeded: each replication has its own ChaCha8 streams.

pub mod world;

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Poisson};
use rayon::prelude::*;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::manifest::model::{Algorithm, FeedbackSpec};
use crate::record::feedback::{AreaArm, FeedbackArea, FeedbackArm, FeedbackSection, Spread};
use crate::train::poisson;
pub use world::World;

/// One replication of one arm: per round, patrol and recorded shares by area; the cells patrolled.
struct Run {
    patrol_share: Vec<Vec<f64>>,
    /// Shares by area of what the model learns from (its training target).
    recorded_share: Vec<Vec<f64>>,
    /// Shares by area of the model's predicted incidents, before the round's allocation.
    belief_share: Vec<Vec<f64>>,
    patrolled: Vec<Vec<usize>>,
    /// Per round, the directed (non-random) patrols.
    directed: Vec<Vec<usize>>,
}

/// The mean with its 95% confidence interval `mean ± t₀.₉₇₅,ₙ₋₁·s/√n` (Student's t), and the 2.5th and
/// 97.5th percentiles of the values (linear interpolation between order statistics, Hyndman & Fan 1996
/// type 7). With one value the interval is the value itself.
pub fn spread(values: &[f64]) -> Spread {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - h.floor()) * (v[hi] - v[lo])
    };
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let half = if v.len() > 1 {
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let t = StudentsT::new(0.0, 1.0, n - 1.0)
            .expect("n − 1 ≥ 1 degrees of freedom")
            .inverse_cdf(0.975);
        t * sd / n.sqrt()
    } else {
        0.0
    };
    Spread {
        mean,
        ci_low: mean - half,
        ci_high: mean + half,
        low: q(0.025),
        high: q(0.975),
    }
}

fn tvd(a: &[f64], b: &[f64]) -> f64 {
    0.5 * a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>()
}

fn shares(per_area: &[f64]) -> Vec<f64> {
    let total: f64 = per_area.iter().sum();
    per_area
        .iter()
        .map(|v| if total > 0.0 { v / total } else { 0.0 })
        .collect()
}

/// A Poisson model on feature rows standardised by fixed centres and scales (those of the data's
/// training window), so that each round's refit can start from the previous round's coefficients.
struct Model {
    center: Vec<f64>,
    scale: Vec<f64>,
    intercept: f64,
    coefficients: Vec<f64>,
}

impl Model {
    /// Centres and scales of the columns of `rows`.
    fn standardisation(rows: &[&[f64]]) -> (Vec<f64>, Vec<f64>) {
        let p = rows[0].len();
        let n = rows.len() as f64;
        let center: Vec<f64> = (0..p)
            .map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / n)
            .collect();
        let scale = (0..p)
            .map(|j| {
                let var = rows.iter().map(|r| (r[j] - center[j]).powi(2)).sum::<f64>() / n;
                if var > 0.0 { var.sqrt() } else { 1.0 }
            })
            .collect();
        (center, scale)
    }

    fn fit(
        rows: &[&[f64]],
        y: &[f64],
        algorithm: &Algorithm,
        standard: &(Vec<f64>, Vec<f64>),
        previous: Option<&Model>,
    ) -> Result<Model, String> {
        let Algorithm::Poisson {
            l2,
            max_iterations,
            tolerance,
        } = *algorithm
        else {
            return Err("the simulation retrains Poisson models only".into());
        };
        let (center, scale) = standard;
        let p = center.len();
        // Identical feature rows (recent counts take few values) are fitted once, with their count as
        // weight and their summed target: the same objective, far fewer rows.
        let mut groups: std::collections::BTreeMap<Vec<u64>, (usize, f64, f64)> =
            std::collections::BTreeMap::new();
        for (i, (r, yi)) in rows.iter().zip(y).enumerate() {
            let key = r.iter().map(|v| v.to_bits()).collect();
            let e = groups.entry(key).or_insert((i, 0.0, 0.0));
            e.1 += 1.0;
            e.2 += yi;
        }
        let firsts: Vec<usize> = groups.values().map(|g| g.0).collect();
        let x = ndarray::Array2::from_shape_fn((firsts.len(), p), |(i, j)| {
            (rows[firsts[i]][j] - center[j]) / scale[j]
        });
        let w: ndarray::Array1<f64> = groups.values().map(|g| g.1).collect();
        let ys: ndarray::Array1<f64> = groups.values().map(|g| g.2).collect();
        let start = previous.map(|m| (m.intercept, m.coefficients.as_slice()));
        let f = poisson::fit_from(
            x.view(),
            ys.view(),
            Some(w.view()),
            l2,
            max_iterations,
            tolerance,
            start,
            || {},
        )
        .map_err(|e| e.to_string())?;
        Ok(Model {
            center: center.clone(),
            scale: scale.clone(),
            intercept: f.intercept,
            coefficients: f.coefficients,
        })
    }

    fn predict(&self, row: &[f64]) -> f64 {
        let eta: f64 = row
            .iter()
            .zip(&self.center)
            .zip(&self.scale)
            .zip(&self.coefficients)
            .map(|(((x, c), s), b)| (x - c) / s * b)
            .sum();
        (self.intercept + eta).exp()
    }
}

/// The feature row of a cell given its recorded history.
fn features(world: &World, cell: usize, history: &[f64]) -> Vec<f64> {
    world
        .lags
        .iter()
        .enumerate()
        .map(|(j, lag)| match lag {
            Some(k) => {
                let k = (*k).min(history.len());
                history[history.len() - k..].iter().sum::<f64>() / k as f64
            }
            None => world.cells[cell].features_last[j],
        })
        .collect()
}

/// Runs one arm of one replication on the pre-drawn incidents and reports.
#[allow(clippy::too_many_arguments)]
fn run_arm(
    world: &World,
    algorithm: &Algorithm,
    fb: &FeedbackSpec,
    k: usize,
    window: usize,
    incidents: &[Vec<u64>],
    reported: &[Vec<u64>],
    random_share: f64,
    control: bool,
    rng: &mut ChaCha8Rng,
) -> Result<Run, String> {
    let n = world.cells.len();
    let areas = world.areas.len();
    let mut history: Vec<Vec<f64>> = world.cells.iter().map(|c| c.recorded.clone()).collect();
    // Training rows of the sliding window: (period, features, recorded), starting with the data's.
    let mut window_rows: std::collections::VecDeque<(Vec<Vec<f64>>, Vec<f64>)> =
        (world.periods - window..world.periods)
            .map(|t| {
                (
                    world
                        .cells
                        .iter()
                        .map(|c| c.feature_rows[t].clone())
                        .collect(),
                    world.cells.iter().map(|c| c.recorded[t]).collect(),
                )
            })
            .collect();
    let n_random = ((random_share * k as f64).round() as usize).min(k);
    let mut run = Run {
        patrol_share: Vec::new(),
        recorded_share: Vec::new(),
        belief_share: Vec::new(),
        patrolled: Vec::new(),
        directed: Vec::new(),
    };
    let standard = {
        let rows: Vec<&[f64]> = window_rows
            .iter()
            .flat_map(|(x, _)| x.iter().map(Vec::as_slice))
            .collect();
        Model::standardisation(&rows)
    };
    let mut previous: Option<Model> = None;
    for t in 0..fb.rounds {
        let rows: Vec<&[f64]> = window_rows
            .iter()
            .flat_map(|(x, _)| x.iter().map(Vec::as_slice))
            .collect();
        let y: Vec<f64> = window_rows
            .iter()
            .flat_map(|(_, y)| y.iter().copied())
            .collect();
        let model = Model::fit(&rows, &y, algorithm, &standard, previous.as_ref())?;
        let now: Vec<Vec<f64>> = (0..n).map(|c| features(world, c, &history[c])).collect();
        let mu: Vec<f64> = now.iter().map(|r| model.predict(r)).collect();
        let mut belief = vec![0.0; areas];
        for (c, m) in mu.iter().enumerate() {
            belief[world.cells[c].area] += m;
        }
        run.belief_share.push(shares(&belief));
        // Ties are broken at random: a fresh permutation each round.
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(rng);
        order.sort_by(|&a, &b| mu[b].total_cmp(&mu[a]));
        let mut chosen = vec![false; n];
        let mut random = vec![false; n];
        let mut picks: Vec<usize> = (0..n).collect();
        picks.shuffle(rng);
        for &c in picks.iter().take(n_random) {
            chosen[c] = true;
            random[c] = true;
        }
        let mut left = k - n_random;
        let mut directed = Vec::with_capacity(left);
        for &c in &order {
            if left == 0 {
                break;
            }
            if !chosen[c] {
                chosen[c] = true;
                directed.push(c);
                left -= 1;
            }
        }
        directed.sort_unstable();
        run.directed.push(directed);
        let mut patrols = vec![0.0; areas];
        let mut recorded_area = vec![0.0; areas];
        let mut recorded_now = vec![0.0; n];
        for c in 0..n {
            let unreported = incidents[t][c] - reported[t][c];
            let detected = if chosen[c] && unreported > 0 && fb.detection > 0.0 {
                Binomial::new(unreported, fb.detection)
                    .expect("a valid binomial")
                    .sample(rng)
            } else {
                0
            };
            // The control arm learns from reports and what random patrols find, never from what the
            // model's own patrols find.
            let learned = if control && !random[c] { 0 } else { detected };
            let r = (reported[t][c] + learned) as f64;
            recorded_now[c] = r;
            recorded_area[world.cells[c].area] += r;
            if chosen[c] {
                patrols[world.cells[c].area] += 1.0;
            }
            history[c].push(r);
        }
        run.patrol_share.push(shares(&patrols));
        run.recorded_share.push(shares(&recorded_area));
        run.patrolled.push((0..n).filter(|&c| chosen[c]).collect());
        window_rows.push_back((now, recorded_now));
        while window_rows.len() > window {
            window_rows.pop_front();
        }
        previous = Some(model);
    }
    Ok(run)
}

/// Runs the simulation; `Err` says why it cannot run.
pub fn simulate(
    world: &World,
    algorithm: &Algorithm,
    fb: &FeedbackSpec,
    window: usize,
    seed: u64,
) -> Result<FeedbackSection, String> {
    let n = world.cells.len();
    let areas = world.areas.len();
    let k = fb.patrols.unwrap_or((n / 10).max(1)).min(n);
    let window = window.clamp(1, world.periods);
    let late = (fb.rounds / 4).max(1);
    // The oracle: top-k cells by true rate.
    let mut by_lambda: Vec<usize> = (0..n).collect();
    by_lambda.sort_by(|&a, &b| {
        world.cells[b]
            .lambda
            .total_cmp(&world.cells[a].lambda)
            .then(a.cmp(&b))
    });
    let mut oracle = vec![0.0; areas];
    for &c in by_lambda.iter().take(k) {
        oracle[world.cells[c].area] += 1.0;
    }
    let oracle = shares(&oracle);
    let mut in_oracle = vec![false; n];
    for &c in by_lambda.iter().take(k) {
        in_oracle[c] = true;
    }
    let mut true_area = vec![0.0; areas];
    let mut cells_area = vec![0usize; areas];
    for c in &world.cells {
        true_area[c.area] += c.lambda;
        cells_area[c.area] += 1;
    }
    let true_share = shares(&true_area);
    // (name, random share, learns from the model's own patrols' records)
    let arms = [
        ("top-k", 0.0, true),
        ("random-share", fb.random_share, true),
        ("random-control", fb.random_share, false),
    ];
    let runs: Vec<Vec<Run>> = (0..fb.replications)
        .into_par_iter()
        .map(|rep| {
            let mut w = ChaCha8Rng::seed_from_u64(seed ^ ((rep as u64) << 32) ^ 0x776f_726c);
            let mut incidents = Vec::with_capacity(fb.rounds);
            let mut reported = Vec::with_capacity(fb.rounds);
            for _ in 0..fb.rounds {
                let mut i_t = Vec::with_capacity(n);
                let mut r_t = Vec::with_capacity(n);
                for c in &world.cells {
                    let i = if c.lambda > 0.0 {
                        Poisson::new(c.lambda).expect("a valid rate").sample(&mut w) as u64
                    } else {
                        0
                    };
                    let r = Binomial::new(i, world.reporting[c.area])
                        .expect("a valid binomial")
                        .sample(&mut w);
                    i_t.push(i);
                    r_t.push(r);
                }
                incidents.push(i_t);
                reported.push(r_t);
            }
            arms.iter()
                .enumerate()
                .map(|(a, (_, share, learns_directed))| {
                    let mut rng = ChaCha8Rng::seed_from_u64(
                        seed ^ ((rep as u64) << 32) ^ ((a as u64 + 1) << 8) ^ 0x6172_6d00,
                    );
                    // One draw so the arm streams differ from the world stream even for seed 0.
                    let _: u64 = rng.random();
                    run_arm(
                        world,
                        algorithm,
                        fb,
                        k,
                        window,
                        &incidents,
                        &reported,
                        *share,
                        !learns_directed,
                        &mut rng,
                    )
                })
                .collect::<Result<Vec<Run>, String>>()
        })
        .collect::<Result<_, String>>()?;
    let late_range = fb.rounds - late..fb.rounds;
    let late_mean = |series: &[Vec<f64>], area: usize| {
        late_range.clone().map(|t| series[t][area]).sum::<f64>() / late as f64
    };
    // Per replication: a measure in the first round and its mean over the late rounds.
    let first_late = |reps: &[&Run], f: &dyn Fn(&Run, usize) -> f64| -> (Vec<f64>, Vec<f64>) {
        let first = reps.iter().map(|r| f(r, 0)).collect();
        let lates = reps
            .iter()
            .map(|r| late_range.clone().map(|t| f(r, t)).sum::<f64>() / late as f64)
            .collect();
        (first, lates)
    };
    let truth = |r: &Run, t: usize| tvd(&r.patrol_share[t], &true_share);
    let belief = |r: &Run, t: usize| tvd(&r.belief_share[t], &true_share);
    let record = |r: &Run, t: usize| tvd(&r.recorded_share[t], &true_share);
    let allocation = |r: &Run, t: usize| tvd(&r.patrol_share[t], &oracle);
    let misdirected = |r: &Run, t: usize| {
        let d = &r.directed[t];
        d.iter().filter(|&&c| !in_oracle[c]).count() as f64 / d.len().max(1) as f64
    };
    let mut growths: Vec<Vec<f64>> = Vec::new();
    let feedback_arms: Vec<FeedbackArm> = arms
        .iter()
        .enumerate()
        .map(|(a, (name, share, learns_directed))| {
            let reps: Vec<&Run> = runs.iter().map(|r| &r[a]).collect();
            let by_round = (0..fb.rounds)
                .map(|t| reps.iter().map(|r| truth(r, t)).sum::<f64>() / reps.len() as f64)
                .collect();
            let (d_first, d_late) = first_late(&reps, &truth);
            let growth: Vec<f64> = d_late.iter().zip(&d_first).map(|(l, f)| l - f).collect();
            let (b_first, b_late) = first_late(&reps, &belief);
            let (r_first, r_late) = first_late(&reps, &record);
            let (a_first, a_late) = first_late(&reps, &allocation);
            let (_, m_late) = first_late(&reps, &misdirected);
            let lock: Vec<f64> = reps
                .iter()
                .map(|r| {
                    let first: std::collections::BTreeSet<usize> =
                        r.directed[0].iter().copied().collect();
                    let (hit, all) = late_range.clone().fold((0usize, 0usize), |(h, n), t| {
                        let d = &r.directed[t];
                        (
                            h + d.iter().filter(|c| first.contains(c)).count(),
                            n + d.len(),
                        )
                    });
                    hit as f64 / all.max(1) as f64
                })
                .collect();
            let g = spread(&growth);
            let mitigation = (a > 0).then(|| {
                spread(
                    &growth
                        .iter()
                        .zip(&growths[0])
                        .map(|(x, t)| x - t)
                        .collect::<Vec<_>>(),
                )
            });
            growths.push(growth);
            FeedbackArm {
                name: (*name).into(),
                random_share: *share,
                learns_from: if *learns_directed {
                    "reports and every patrol's records".into()
                } else {
                    "reports and the random patrols' records only".into()
                },
                divergence_by_round: by_round,
                divergence_first: spread(&d_first),
                divergence_late: spread(&d_late),
                mitigation,
                belief_first: spread(&b_first),
                belief_late: spread(&b_late),
                runs_away: g.ci_low > 0.0,
                growth: g,
                record_first: spread(&r_first),
                record_late: spread(&r_late),
                allocation_first: spread(&a_first),
                allocation_late: spread(&a_late),
                misdirected_late: spread(&m_late),
                lock_in: spread(&lock),
            }
        })
        .collect();
    let feedback_areas = (0..areas)
        .map(|area| FeedbackArea {
            area: world.areas[area].clone(),
            cells: cells_area[area],
            reporting_rate: world.reporting[area],
            true_share: true_share[area],
            oracle_share: oracle[area],
            arms: (0..arms.len())
                .map(|a| {
                    let reps: Vec<&Run> = runs.iter().map(|r| &r[a]).collect();
                    let per = |f: &dyn Fn(&Run) -> f64| {
                        spread(&reps.iter().map(|r| f(r)).collect::<Vec<_>>())
                    };
                    AreaArm {
                        patrol_first: per(&|r| r.patrol_share[0][area]),
                        patrol_late: per(&|r| late_mean(&r.patrol_share, area)),
                        recorded_late: per(&|r| late_mean(&r.recorded_share, area)),
                        belief_late: per(&|r| late_mean(&r.belief_share, area)),
                    }
                })
                .collect(),
        })
        .collect();
    Ok(FeedbackSection {
        area_column: String::new(),
        cells: n,
        patrols: k,
        rounds: fb.rounds,
        retrain_window: window,
        detection: fb.detection,
        replications: fb.replications,
        seed,
        reporting_source: String::new(),
        late_rounds: late,
        areas: feedback_areas,
        arms: feedback_arms,
    })
}
