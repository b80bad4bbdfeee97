//! Seeded simulation tests of the subgroup audit's error rates: power to find a real FPR disparity,
//! the family-wise false-alarm rate when there is none, and the coverage of the bootstrap intervals.
//!
//! Every dataset is drawn from a known truth with a fixed seed, run through the same audit the CLI
//! runs (`SubgroupAudit` on in-memory columns), and compared with that truth.

use std::path::PathBuf;

use algoreg::audit::subgroup::SubgroupAudit;
use algoreg::audit::{Audit, AuditInput};
use algoreg::data::{GroupColumn, ScoredData};
use algoreg::manifest::{DataSpec, GroupSpec, IntersectionSpec, PredictionSpec, ReferenceGroup};
use algoreg::policy::PolicyFile;
use algoreg::record::{SubgroupSection, ValueMetricKind, Verdict};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DATASETS: usize = 200;

/// The true rates a dataset is drawn from.
struct Truth {
    /// FPR per level of attribute `g` (4 groups of `rows_per_group`, the first `reference_rows`).
    fpr: [f64; 4],
    tpr: f64,
    prevalence: f64,
    rows_per_group: usize,
    /// Rows of group A, the reference (`rows_per_group` when 0).
    reference_rows: usize,
}

fn column(name: &str, levels: &[&str], codes: Vec<u32>) -> GroupColumn {
    GroupColumn {
        name: name.into(),
        levels: levels.iter().map(|s| s.to_string()).collect(),
        codes,
    }
}

/// Attribute `g` (A–D, equal sizes, reference A), attribute `h` (x/y at random, independent of
/// everything) and, when asked, the intersection g × h.
fn simulate(truth: &Truth, intersect: bool, rng: &mut ChaCha8Rng) -> (ScoredData, DataSpec) {
    let size = |level: u32| match (level, truth.reference_rows) {
        (0, r) if r > 0 => r,
        _ => truth.rows_per_group,
    };
    let n = (0..4).map(size).sum();
    let (mut labels, mut predictions) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut g, mut h) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for level in 0..4u32 {
        for _ in 0..size(level) {
            let y = rng.random::<f64>() < truth.prevalence;
            let p = if y {
                truth.tpr
            } else {
                truth.fpr[level as usize]
            };
            labels.push(Some(y));
            predictions.push(rng.random::<f64>() < p);
            g.push(level);
            h.push(u32::from(rng.random::<f64>() < 0.5));
        }
    }
    let data = ScoredData {
        path: PathBuf::from("<simulated>"),
        sha256: String::new(),
        labels,
        predictions,
        scores: None,
        groups: vec![
            column("g", &["A", "B", "C", "D"], g),
            column("h", &["x", "y"], h),
        ],
        counts: None,
        reporting: None,
    };
    let spec = DataSpec {
        origin: PathBuf::from("<simulation>"),
        file: PathBuf::from("<simulated>"),
        label: Some("y".into()),
        prediction: Some(PredictionSpec::Column("yhat".into())),
        groups: vec![
            GroupSpec {
                column: "g".into(),
                reference: ReferenceGroup::Named("A".into()),
            },
            GroupSpec {
                column: "h".into(),
                reference: ReferenceGroup::Largest,
            },
        ],
        intersections: if intersect {
            vec![IntersectionSpec {
                columns: vec!["g".into(), "h".into()],
                reference: ReferenceGroup::Largest,
            }]
        } else {
            Vec::new()
        },
        count: None,
        sampling: Default::default(),
        spurious: Default::default(),
        map: None,
        kinds: Default::default(),
    };
    (data, spec)
}

/// The built-in policy (FNR, FPR and selection rate judged; band 0.8–1.25; BH at α = 0.05; 30 rows),
/// with the bootstrap turned off when only verdicts are needed.
fn rules(replicates: u32) -> algoreg::policy::Rules {
    let mut r = PolicyFile::built_in()
        .rules_for(None, std::path::Path::new("<built-in>"))
        .unwrap();
    r.bootstrap_replicates = replicates;
    r
}

fn audit(data: &ScoredData, spec: &DataSpec, rules: &algoreg::policy::Rules) -> SubgroupSection {
    SubgroupAudit.run(AuditInput { data, spec, rules }).unwrap()
}

fn flagged(section: &SubgroupSection) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for a in &section.attributes {
        for g in &a.groups {
            for m in &g.metrics {
                if m.comparison
                    .as_ref()
                    .is_some_and(|c| c.verdict == Verdict::Flagged)
                {
                    out.push((
                        a.attribute.clone(),
                        g.group.clone(),
                        m.metric.as_str().to_string(),
                    ));
                }
            }
        }
    }
    out
}

/// Monte Carlo standard error of a rate estimated from `n` datasets.
fn mc_se(rate: f64, n: usize) -> f64 {
    (rate * (1.0 - rate) / n as f64).sqrt()
}

/// Power for the effect the issue names: an FPR ratio of 1.6 in a group of 4,000 rows. The reference A
/// is the largest group (16,000 rows), B, C and D have 4,000 each; prevalence 0.2 (B's FPR rests on
/// about 3,200 non-cases), FPR 0.10 in A, C, D and 0.16 in B, TPR 0.7; 12 judged comparisons (FNR,
/// FPR and selection rate for B, C, D against A and for y against x). A finding needs the FPR ratio
/// to lie beyond the band's edge 1.25, not merely above 1, so the power depends on how far 1.6 lies
/// beyond 1.25 in standard errors: about 5.1 here (about 3.7 when A also has only 4,000 rows, where
/// the power is about 0.8; the README gives the curve).
#[test]
fn a_true_fpr_ratio_of_1_6_in_groups_of_4000_rows_is_found_in_at_least_90_percent_of_datasets() {
    let truth = Truth {
        fpr: [0.10, 0.16, 0.10, 0.10],
        tpr: 0.7,
        prevalence: 0.2,
        rows_per_group: 4000,
        reference_rows: 16_000,
    };
    let rules = rules(0);
    let mut rng = ChaCha8Rng::seed_from_u64(20251122);
    let mut found = 0;
    for _ in 0..DATASETS {
        let (data, spec) = simulate(&truth, false, &mut rng);
        let hits = flagged(&audit(&data, &spec, &rules));
        if hits.contains(&("g".into(), "B".into(), "fpr".into())) {
            found += 1;
        }
    }
    let rate = found as f64 / DATASETS as f64;
    let se = mc_se(rate, DATASETS);
    eprintln!(
        "power: FPR ratio 1.6 flagged in {found} of {DATASETS} datasets ({rate:.3} ± {se:.3})"
    );
    assert!(rate >= 0.90, "power {rate} ± {se}");
}

/// A disparity the council tolerates is no alarm: the true FPR ratio 1.235 lies inside the band
/// 0.8–1.25. The old rule ("estimate outside the band and significantly different from 1") flagged
/// it whenever noise pushed the estimate past 1.25 with a large group; the band test flags it at most
/// in α of datasets (here at most 5% plus two Monte Carlo standard errors).
#[test]
fn a_true_ratio_inside_the_band_is_rarely_an_alarm() {
    let truth = Truth {
        fpr: [0.10, 0.1235, 0.10, 0.10],
        tpr: 0.7,
        prevalence: 0.2,
        rows_per_group: 40_000,
        reference_rows: 0,
    };
    let rules = rules(0);
    let mut rng = ChaCha8Rng::seed_from_u64(20251124);
    let (mut flagged_b, mut outside) = (0, 0);
    let datasets = 60;
    for _ in 0..datasets {
        let (data, spec) = simulate(&truth, false, &mut rng);
        let section = audit(&data, &spec, &rules);
        if flagged(&section).contains(&("g".into(), "B".into(), "fpr".into())) {
            flagged_b += 1;
        }
        let b = &section.attributes[0].groups[1];
        let fpr = b
            .metrics
            .iter()
            .find(|m| m.metric.as_str() == "fpr")
            .unwrap();
        if fpr.comparison.as_ref().unwrap().ratio.value.unwrap() > 1.25 {
            outside += 1;
        }
    }
    let rate = flagged_b as f64 / datasets as f64;
    eprintln!(
        "inside the band: FPR ratio 1.235 flagged in {flagged_b} of {datasets} datasets ({rate:.3}); \
         its estimate lay above 1.25 in {outside}"
    );
    // The old rule would have fired on most of these: the estimate often lies above the edge.
    assert!(outside >= datasets / 5, "{outside}");
    assert!(rate <= 0.05 + 2.0 * mc_se(0.05, datasets), "{rate}");
}

/// The same design without any disparity, and with the intersection g × h added, so the family holds
/// 33 comparisons across two attributes, an intersection and three metrics.
#[test]
fn with_no_disparity_any_finding_is_raised_in_at_most_5_percent_of_datasets() {
    let truth = Truth {
        fpr: [0.10; 4],
        tpr: 0.7,
        prevalence: 0.2,
        rows_per_group: 2000,
        reference_rows: 0,
    };
    let rules = rules(0);
    let mut rng = ChaCha8Rng::seed_from_u64(20251123);
    let mut any = 0;
    let mut tested = 0;
    for _ in 0..DATASETS {
        let (data, spec) = simulate(&truth, true, &mut rng);
        let section = audit(&data, &spec, &rules);
        tested = algoreg::audit::subgroup::tested_count(&section);
        if !flagged(&section).is_empty() {
            any += 1;
        }
    }
    let rate = any as f64 / DATASETS as f64;
    eprintln!(
        "false alarms: any finding in {any} of {DATASETS} null datasets ({rate:.3}); {tested} comparisons each"
    );
    // 3 metrics × (3 + 1 + 7) comparisons: g against A, h against its largest, g × h against its largest.
    assert_eq!(tested, 33);
    assert!(rate <= 0.05, "family-wise false-alarm rate {rate}");
}

/// Binomial(n, p) probabilities.
fn binomial_pmf(n: u64, p: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(n as usize + 1);
    let mut c = 1.0; // C(n, k)
    for k in 0..=n {
        out.push(c * p.powi(k as i32) * (1.0 - p).powi((n - k) as i32));
        c = c * (n - k) as f64 / (k + 1) as f64;
    }
    out
}

/// P(score of a case > score of a non-case) + ½·P(equal), for discrete score distributions.
fn true_auc(cases: &[f64], non_cases: &[f64]) -> f64 {
    let mut auc = 0.0;
    for (i, p) in cases.iter().enumerate() {
        for (j, q) in non_cases.iter().enumerate() {
            auc += p
                * q
                * if i > j {
                    1.0
                } else if i == j {
                    0.5
                } else {
                    0.0
                };
        }
    }
    auc
}

fn covers(estimate: &algoreg::record::Estimate, truth: f64) -> bool {
    let (lo, hi) = (estimate.boot_low.unwrap(), estimate.boot_high.unwrap());
    lo <= truth && truth <= hi
}

/// Scores on a grid of 20 levels, `k ~ Binomial(19, p)`: cases p = 0.6 in both groups, non-cases
/// p = 0.45 in A and 0.5 in B; flagged when the score is at least 0.5 (k ≥ 10). Prevalence 0.3.
#[test]
fn bootstrap_95_percent_intervals_cover_the_truth_93_to_97_percent_of_the_time() {
    const RUNS: usize = 1000;
    const ROWS: usize = 2000;
    let cases = binomial_pmf(19, 0.6);
    let non_cases = [binomial_pmf(19, 0.45), binomial_pmf(19, 0.5)];
    let fpr = |pmf: &[f64]| pmf[10..].iter().sum::<f64>();
    let fpr_b = fpr(&non_cases[1]);
    let ratio = fpr_b / fpr(&non_cases[0]);
    let auc_a = true_auc(&cases, &non_cases[0]);
    let draw = |rng: &mut ChaCha8Rng, pmf: &[f64]| -> u32 {
        let u = rng.random::<f64>();
        let mut cdf = 0.0;
        for (k, p) in pmf.iter().enumerate() {
            cdf += p;
            if u < cdf {
                return k as u32;
            }
        }
        19
    };
    let mut rules = rules(1000);
    rules.metrics = vec![algoreg::audit::metric::Metric::Fpr];
    let mut rng = ChaCha8Rng::seed_from_u64(20251124);
    let (mut hit_fpr, mut hit_ratio, mut hit_auc) = (0, 0, 0);
    for run in 0..RUNS {
        let (mut labels, mut scores, mut predictions, mut codes) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for group in 0..2u32 {
            for _ in 0..ROWS {
                let y = rng.random::<f64>() < 0.3;
                let k = if y {
                    draw(&mut rng, &cases)
                } else {
                    draw(&mut rng, &non_cases[group as usize])
                };
                let s = (f64::from(k) + 0.5) / 20.0;
                labels.push(Some(y));
                scores.push(s);
                predictions.push(s >= 0.5);
                codes.push(group);
            }
        }
        let data = ScoredData {
            path: PathBuf::from("<simulated>"),
            sha256: String::new(),
            labels,
            predictions,
            scores: Some(scores),
            groups: vec![column("g", &["A", "B"], codes)],
            counts: None,
            reporting: None,
        };
        let spec = DataSpec {
            origin: PathBuf::from("<simulation>"),
            file: PathBuf::from("<simulated>"),
            label: Some("y".into()),
            prediction: Some(PredictionSpec::Score {
                column: "s".into(),
                threshold: 0.5,
            }),
            groups: vec![GroupSpec {
                column: "g".into(),
                reference: ReferenceGroup::Named("A".into()),
            }],
            intersections: Vec::new(),
            count: None,
            sampling: Default::default(),
            spurious: Default::default(),
            map: None,
            kinds: Default::default(),
        };
        // A different seed per dataset, as separate audits would have.
        rules.bootstrap_seed = 1000 + run as u64;
        let section = audit(&data, &spec, &rules);
        let attr = &section.attributes[0];
        let b = &attr.groups[1];
        let m = b
            .metrics
            .iter()
            .find(|m| m.metric.as_str() == "fpr")
            .unwrap();
        hit_fpr += usize::from(covers(&m.estimate, fpr_b));
        hit_ratio += usize::from(covers(&m.comparison.as_ref().unwrap().ratio, ratio));
        let auc = attr.groups[0]
            .score_metrics
            .iter()
            .find(|v| v.metric == ValueMetricKind::Auc)
            .unwrap();
        hit_auc += usize::from(covers(&auc.estimate, auc_a));
    }
    let share = |h: usize| h as f64 / RUNS as f64;
    eprintln!(
        "bootstrap coverage over {RUNS} datasets: FPR {:.3}, FPR ratio {:.3}, AUC {:.3} (truth: FPR {fpr_b:.4}, ratio {ratio:.4}, AUC {auc_a:.4})",
        share(hit_fpr),
        share(hit_ratio),
        share(hit_auc)
    );
    for (name, h) in [("FPR", hit_fpr), ("FPR ratio", hit_ratio), ("AUC", hit_auc)] {
        let c = share(h);
        assert!((0.93..=0.97).contains(&c), "{name} coverage {c}");
    }
}
