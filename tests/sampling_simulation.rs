//! Seeded simulation tests of the sampling audit: no findings on data drawn exactly from the
//! reference population, power to find a group at 60% of its population share, coverage of the
//! representation-ratio and reporting-rate-ratio intervals, and drift alarms only for a real shift.
//!
//! Every dataset is drawn from a known truth with a fixed seed and run through the same
//! `SamplingAudit` the CLI runs, on in-memory columns.

use std::path::PathBuf;

use algoreg::audit::sampling::{SamplingAudit, SamplingReferences};
use algoreg::audit::{Audit, AuditInput};
use algoreg::data::{GroupColumn, ReportingColumns, ScoredData};
use algoreg::manifest::{
    DataSpec, DriftSpec, GroupSpec, Period, PopulationSpec, PredictionSpec, ReferenceGroup,
    ReportingSpec, SamplingSpec,
};
use algoreg::policy::{PolicyFile, Rules};
use algoreg::record::sampling::SamplingSection;
use algoreg::record::{Finding, Measure, SamplingMeasure, Verdict};
use algoreg::reference::{IncidenceRow, PopulationRow, RawTable, ReferenceFile};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal, Poisson};

const DATASETS: usize = 200;
const LEVELS: [&str; 5] = ["A", "B", "C", "D", "E"];
/// Population counts of the five groups: shares 0.30, 0.25, 0.20, 0.15, 0.10.
const POPULATION: [f64; 5] = [30_000.0, 25_000.0, 20_000.0, 15_000.0, 10_000.0];
const ROWS: usize = 5_000;

fn rules() -> Rules {
    PolicyFile::built_in()
        .rules_for(None, std::path::Path::new("<built-in>"))
        .unwrap()
}

fn spec(sampling: SamplingSpec) -> DataSpec {
    DataSpec {
        origin: PathBuf::from("<simulation>"),
        file: PathBuf::from("<simulated>"),
        label: Some("y".into()),
        prediction: Some(PredictionSpec::Column("yhat".into())),
        groups: vec![GroupSpec {
            column: "wijk".into(),
            reference: ReferenceGroup::Named("A".into()),
        }],
        intersections: Vec::new(),
        count: None,
        sampling,
        spurious: Default::default(),
        map: None,
        kinds: Default::default(),
    }
}

fn data(
    codes: Vec<u32>,
    labels: Vec<Option<bool>>,
    reporting: Option<ReportingColumns>,
) -> ScoredData {
    let n = codes.len();
    ScoredData {
        path: PathBuf::from("<simulated>"),
        sha256: String::new(),
        labels,
        predictions: vec![false; n],
        scores: None,
        groups: vec![GroupColumn {
            name: "wijk".into(),
            levels: LEVELS.iter().map(|s| s.to_string()).collect(),
            codes,
        }],
        counts: None,
        reporting,
    }
}

fn population() -> ReferenceFile<PopulationRow> {
    ReferenceFile {
        path: PathBuf::from("<population>"),
        sha256: String::new(),
        rows: LEVELS
            .iter()
            .zip(POPULATION)
            .enumerate()
            .map(|(i, (g, count))| PopulationRow {
                line: i as u64 + 2,
                attribute: "wijk".into(),
                group: g.to_string(),
                population: count,
                unit: Some("resident".into()),
                source: "simulation".into(),
                year: "2025".into(),
            })
            .collect(),
    }
}

/// Runs the sampling audit with the built-in policy; returns its findings and section.
fn run(
    references: SamplingReferences<'_>,
    data: &ScoredData,
    spec: &DataSpec,
) -> (Vec<Finding>, SamplingSection) {
    let rules = rules();
    let audit = SamplingAudit { references };
    let section = audit
        .run(AuditInput {
            data,
            spec,
            rules: &rules,
        })
        .unwrap();
    (audit.findings(&section, &rules), section)
}

/// One group code per row, drawn with the given probabilities.
fn draw_groups(p: &[f64; 5], rng: &mut ChaCha8Rng) -> Vec<u32> {
    (0..ROWS)
        .map(|_| {
            let u = rng.random::<f64>();
            let mut acc = 0.0;
            for (i, pi) in p.iter().enumerate() {
                acc += pi;
                if u < acc {
                    return i as u32;
                }
            }
            4
        })
        .collect()
}

/// Runs the representativeness + label-selection audit on one dataset drawn with group probabilities `p`
/// (30% of the rows without a label, at random).
fn represent_run(p: &[f64; 5], rng: &mut ChaCha8Rng) -> (Vec<Finding>, SamplingSection) {
    let codes = draw_groups(p, rng);
    let labels = codes
        .iter()
        .map(|_| (rng.random::<f64>() < 0.7).then(|| rng.random::<f64>() < 0.2))
        .collect();
    let data = data(codes, labels, None);
    let spec = spec(SamplingSpec {
        population: Some(PopulationSpec {
            file: PathBuf::from("<population>"),
            unit: "resident".into(),
            attributes: vec![("wijk".into(), "wijk".into())],
        }),
        ..Default::default()
    });
    let pop = population();
    run(
        SamplingReferences {
            population: Some(&pop),
            subgroup_references: &[("wijk".into(), "A".into())],
            ..Default::default()
        },
        &data,
        &spec,
    )
}

fn shares() -> [f64; 5] {
    let total: f64 = POPULATION.iter().sum();
    POPULATION.map(|c| c / total)
}

#[test]
fn no_findings_on_data_drawn_from_the_population() {
    let mut rng = ChaCha8Rng::seed_from_u64(4_001);
    let q = shares();
    let mut clean = 0;
    let mut covered = [0usize; 5];
    for _ in 0..DATASETS {
        let (findings, section) = represent_run(&q, &mut rng);
        clean += usize::from(findings.is_empty());
        for (i, g) in section.representativeness[0].groups.iter().enumerate() {
            let (lo, hi) = (g.ratio.ci_low.unwrap(), g.ratio.ci_high.unwrap());
            covered[i] += usize::from(lo <= 1.0 && 1.0 <= hi);
        }
    }
    eprintln!("clean runs {clean}/{DATASETS}; ratio-interval coverage per group {covered:?}");
    assert!(
        clean * 100 >= 95 * DATASETS,
        "{clean} of {DATASETS} runs clean"
    );
    // 95% Wilson intervals: over all 1,000 intervals (sd 0.7 points) at least 93%, and no group far
    // below (200 runs give a binomial sd of 1.5 points).
    let pooled: usize = covered.iter().sum();
    assert!(
        pooled * 100 >= 93 * 5 * DATASETS,
        "pooled coverage {pooled}/1000"
    );
    for c in covered {
        assert!(c * 100 >= 90 * DATASETS, "coverage {c}/{DATASETS}");
    }
}

#[test]
fn a_group_at_sixty_percent_of_its_share_is_found() {
    let mut rng = ChaCha8Rng::seed_from_u64(4_002);
    let q = shares();
    // Group C drawn at 60% of its population share; the others scaled up to fill.
    let mut p = q;
    p[2] = 0.6 * q[2];
    for i in [0, 1, 3, 4] {
        p[i] = q[i] * (1.0 - p[2]) / (1.0 - q[2]);
    }
    let (mut found, mut covered, mut others) = (0, 0, 0);
    for _ in 0..DATASETS {
        let (findings, section) = represent_run(&p, &mut rng);
        found += usize::from(findings.iter().any(|f| {
            f.group == "C" && f.measure == Measure::Sampling(SamplingMeasure::Representation)
        }));
        others += findings.iter().filter(|f| f.group != "C").count();
        let c = &section.representativeness[0].groups[2];
        covered += usize::from(c.ratio.ci_low.unwrap() <= 0.6 && 0.6 <= c.ratio.ci_high.unwrap());
    }
    eprintln!(
        "found {found}/{DATASETS}; interval covers 0.6 in {covered}; other findings {others}"
    );
    assert!(
        found * 100 >= 90 * DATASETS,
        "found in {found} of {DATASETS}"
    );
    assert!(
        covered * 100 >= 91 * DATASETS,
        "coverage {covered}/{DATASETS}"
    );
    // The others sit at 1.1 × their share: inside the band, so they must not be flagged.
    assert!(
        others * 100 <= 5 * DATASETS,
        "{others} findings on groups inside the band"
    );
}

/// One seeded reporting dataset: per group (A, B, …) 400 cell-weeks of 500 residents, true incidence
/// 100 per 1,000 per year, recorded with `reporting[g]`; the survey estimates each group's incidence
/// with 5% relative error (and says so). Returns the sampling audit's section (reference A).
fn reporting_dataset(reporting: &[f64], rng: &mut ChaCha8Rng) -> SamplingSection {
    let per_row_py = 500.0 * Period::Week.years();
    let noise = Normal::new(0.0, 0.05).unwrap();
    let (mut codes, mut events, mut exposure) = (Vec::new(), Vec::new(), Vec::new());
    for (g, &r) in reporting.iter().enumerate() {
        let d = Poisson::new(100.0 / 1000.0 * per_row_py * r).unwrap();
        for _ in 0..400 {
            codes.push(g as u32);
            events.push(d.sample(rng));
            exposure.push(500.0);
        }
    }
    let n = codes.len();
    let data = data(
        codes,
        vec![Some(false); n],
        Some(ReportingColumns { events, exposure }),
    );
    let incidence = ReferenceFile {
        path: PathBuf::from("<survey>"),
        sha256: String::new(),
        rows: LEVELS[..reporting.len()]
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let estimate = 100.0 * (1.0 + noise.sample(rng));
                IncidenceRow {
                    line: i as u64 + 2,
                    attribute: "wijk".into(),
                    group: g.to_string(),
                    per_1000_per_year: estimate,
                    standard_error: Some(0.05 * estimate),
                    source: "simulated survey".into(),
                    year: "2025".into(),
                }
            })
            .collect(),
    };
    let spec = spec(SamplingSpec {
        reporting: Some(ReportingSpec {
            file: PathBuf::from("<survey>"),
            column: "wijk".into(),
            attribute: "wijk".into(),
            events: "e".into(),
            exposure: Some("x".into()),
            period: Period::Week,
            reference: Some("A".into()),
        }),
        ..Default::default()
    });
    let (_, section) = run(
        SamplingReferences {
            incidence: Some(&incidence),
            ..Default::default()
        },
        &data,
        &spec,
    );
    section
}

#[test]
fn reporting_rate_ratio_interval_covers_the_truth_with_survey_error() {
    // Four groups (reporting_dataset): reporting 0.30 in B, 0.70 elsewhere.
    let mut rng = ChaCha8Rng::seed_from_u64(4_003);
    let truth = 0.30 / 0.70;
    let (mut covered, mut found, mut false_alarms) = (0, 0, 0);
    let mut false_discovery_share = 0.0;
    for _ in 0..DATASETS {
        let section = reporting_dataset(&[0.70, 0.30, 0.70, 0.70], &mut rng);
        let groups = &section.reporting.as_ref().unwrap().groups;
        let b = &groups[1];
        let ratio = b.ratio.as_ref().unwrap();
        covered += usize::from(ratio.ci_low.unwrap() <= truth && truth <= ratio.ci_high.unwrap());
        found += usize::from(b.judgement.as_ref().unwrap().verdict == Verdict::Flagged);
        let false_here = groups
            .iter()
            .filter(|g| g.group != "B")
            .filter(|g| {
                g.judgement
                    .as_ref()
                    .is_some_and(|j| j.verdict == Verdict::Flagged)
            })
            .count();
        let flagged_here =
            false_here + usize::from(b.judgement.as_ref().unwrap().verdict == Verdict::Flagged);
        false_alarms += false_here;
        if flagged_here > 0 {
            false_discovery_share += false_here as f64 / flagged_here as f64;
        }
    }
    let fdr = false_discovery_share / DATASETS as f64;
    eprintln!(
        "reporting: CI covers 0.43 in {covered}/{DATASETS}, found {found}, false alarms {false_alarms} \
         of {} comparisons, false discovery rate {fdr:.3}",
        2 * DATASETS
    );
    assert!(
        covered * 100 >= 91 * DATASETS,
        "coverage {covered}/{DATASETS}"
    );
    assert!(found * 100 >= 90 * DATASETS);
    // C and D report like A. The band edge 0.8 lies only about two standard errors from 1 here, so
    // a few false alarms are expected; Benjamini–Hochberg bounds their share among the findings
    // (E[V/R] ≤ α = 0.05; 0.015 of Monte Carlo slack) and each comparison's rate stays under α.
    assert!(fdr <= 0.065, "false discovery rate {fdr}");
    assert!(
        false_alarms * 100 <= 5 * 2 * DATASETS,
        "{false_alarms} false alarms"
    );
}

/// B reports almost nothing (reporting 0.002 against 0.70 in A: under one expected report in 400
/// cell-weeks), so in about half the datasets it records no event at all. There the log interval
/// does not exist; the score interval must still bound the ratio from 0, cover the truth (0.0029), and
/// B must be flagged: a neighbourhood from which nothing reaches the data is the strongest case of
/// the bias, not a blank.
#[test]
fn a_group_that_records_no_events_is_judged_with_a_score_interval() {
    let mut rng = ChaCha8Rng::seed_from_u64(4_004);
    let truth = 0.002 / 0.70;
    let (mut silent, mut covered, mut flagged) = (0, 0, 0);
    for _ in 0..DATASETS {
        let section = reporting_dataset(&[0.70, 0.002], &mut rng);
        let b = &section.reporting.as_ref().unwrap().groups[1];
        if b.recorded > 0.0 {
            continue;
        }
        silent += 1;
        let rate = &b.reporting_rate;
        assert_eq!((rate.value, rate.ci_low), (Some(0.0), Some(0.0)));
        assert!(rate.ci_high.unwrap() > 0.0);
        let ratio = b.ratio.as_ref().unwrap();
        assert_eq!((ratio.value, ratio.ci_low), (Some(0.0), Some(0.0)));
        covered += usize::from(truth <= ratio.ci_high.unwrap());
        flagged += usize::from(b.judgement.as_ref().unwrap().verdict == Verdict::Flagged);
    }
    eprintln!("no events in B in {silent}/{DATASETS}: covered {covered}, flagged {flagged}");
    // P(no event) = exp(−0.77) ≈ 0.46.
    assert!(silent * 100 >= 35 * DATASETS, "{silent} silent datasets");
    assert!(covered * 100 >= 95 * silent, "coverage {covered}/{silent}");
    assert_eq!(flagged, silent, "every silent B is flagged");
}

fn table(name: &str, columns: Vec<(&str, Vec<String>)>) -> RawTable {
    let rows = columns[0].1.len();
    RawTable {
        path: PathBuf::from(name),
        sha256: String::new(),
        columns: columns
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
        rows,
        lines: Vec::new(),
    }
}

/// Training (2,000 rows) and scored (5,000 rows) files with a numeric feature `x` ~ N(shift, 1) in the
/// scored file and a categorical feature `k` with the same three shares in both.
fn drift_findings(shift: f64, rng: &mut ChaCha8Rng) -> usize {
    let normal = Normal::new(0.0, 1.0).unwrap();
    let mut make = |n: usize, mean: f64| {
        let x: Vec<String> = (0..n)
            .map(|_| format!("{:.4}", mean + normal.sample(&mut *rng)))
            .collect();
        let k: Vec<String> = (0..n)
            .map(|_| {
                let u = rng.random::<f64>();
                (if u < 0.5 {
                    "a"
                } else if u < 0.8 {
                    "b"
                } else {
                    "c"
                })
                .to_string()
            })
            .collect();
        (x, k)
    };
    let (x0, k0) = make(2_000, 0.0);
    let (x1, k1) = make(5_000, shift);
    let training = table("<training>", vec![("x", x0), ("k", k0)]);
    let current = table("<scored>", vec![("x", x1), ("k", k1)]);
    let data = data(vec![0; 5_000], vec![Some(false); 5_000], None);
    let spec = spec(SamplingSpec {
        drift: Some(DriftSpec {
            training: PathBuf::from("<training>"),
            features: None,
        }),
        ..Default::default()
    });
    let (findings, _) = run(
        SamplingReferences {
            drift: Some((&training, &current)),
            ..Default::default()
        },
        &data,
        &spec,
    );
    findings
        .iter()
        .filter(|f| f.measure == Measure::Sampling(SamplingMeasure::Drift))
        .count()
}

#[test]
fn drift_is_raised_for_a_real_shift_only() {
    let mut rng = ChaCha8Rng::seed_from_u64(4_004);
    let null: usize = (0..DATASETS).map(|_| drift_findings(0.0, &mut rng)).sum();
    // A shift of half a standard deviation: PSI ≈ 0.25 on deciles.
    let shifted: usize = (0..DATASETS)
        .map(|_| drift_findings(0.5, &mut rng).min(1))
        .sum();
    eprintln!("drift: {null} findings without a shift, found the shift in {shifted}/{DATASETS}");
    assert!(null * 100 <= 5 * DATASETS, "{null} false drift alarms");
    assert!(shifted * 100 >= 95 * DATASETS, "found in {shifted}");
}
