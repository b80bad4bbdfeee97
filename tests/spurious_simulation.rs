//! Seeded simulation of the spurious audit's chance control: 1,000 datasets, each with 200 pure-noise
//! features and one real one. The real one must be found every time, and the share of datasets that
//! report any noise feature as related after correction (the familywise error) must not exceed 5%: the
//! policy's default Holm correction bounds it by α·200/201 = 4.88% (with the real feature rejected
//! first, a noise feature passes only with p < α/200, and 1 − (1 − 0.05/200)^200 = 0.0488). A finite
//! simulation estimates that rate with binomial noise, so the test fails when the count is
//! significantly above 5% (more than 67 of 1,000: P(X ≥ 68 | Bin(1000, 0.05)) = 0.0074, scipy). Also: a trending feature in panel data is flagged as trend-driven while a
//! real feature in the same data is not.
//!
//! Every dataset is drawn with a fixed seed and run through the same `SpuriousAudit` the CLI runs, on
//! in-memory columns.

use std::path::PathBuf;

use algoreg::audit::spurious::SpuriousAudit;
use algoreg::audit::{Audit, AuditInput};
use algoreg::data::{GroupColumn, ScoredData};
use algoreg::manifest::spurious::SpuriousSpec;
use algoreg::manifest::{DataSpec, GroupSpec, PredictionSpec, ReferenceGroup};
use algoreg::policy::{PolicyFile, Rules};
use algoreg::record::Verdict;
use algoreg::record::spurious::SpuriousSection;
use algoreg::reference::RawTable;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

const DATASETS: usize = 1_000;
const NOISE: usize = 200;
const ROWS: usize = 500;

fn rules() -> Rules {
    let mut r = PolicyFile::built_in()
        .rules_for(None, std::path::Path::new("<built-in>"))
        .unwrap();
    // The intervals play no part in which features pass; leaving the bootstrap out keeps 200 × 201
    // features fast.
    r.bootstrap_replicates = 0;
    r
}

fn spec(time: Option<&str>) -> DataSpec {
    DataSpec {
        origin: PathBuf::from("<simulation>"),
        file: PathBuf::from("<simulated>"),
        label: Some("y".into()),
        prediction: Some(PredictionSpec::Column("yhat".into())),
        groups: vec![GroupSpec {
            column: "g".into(),
            reference: ReferenceGroup::Largest,
        }],
        intersections: Vec::new(),
        count: None,
        sampling: Default::default(),
        spurious: SpuriousSpec {
            time: time.map(str::to_string),
            protected: Some(Vec::new()),
            ..SpuriousSpec::default()
        },
        map: None,
        kinds: Default::default(),
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn run(
    columns: Vec<(String, Vec<String>)>,
    labels: Vec<Option<bool>>,
    spec: &DataSpec,
) -> SpuriousSection {
    let n = labels.len();
    let data = ScoredData {
        path: PathBuf::from("<simulated>"),
        sha256: String::new(),
        labels,
        predictions: vec![false; n],
        scores: None,
        groups: vec![GroupColumn {
            name: "g".into(),
            levels: vec!["a".into(), "b".into()],
            codes: (0..n).map(|i| (i % 2) as u32).collect(),
        }],
        counts: None,
        reporting: None,
    };
    let table = RawTable {
        path: PathBuf::from("<simulated>"),
        sha256: String::new(),
        columns,
        rows: n,
        lines: Vec::new(),
    };
    let rules = rules();
    SpuriousAudit { table: &table }
        .run(AuditInput {
            data: &data,
            spec,
            rules: &rules,
        })
        .unwrap()
}

fn associated(s: &SpuriousSection, name: &str) -> bool {
    s.associations
        .iter()
        .any(|a| a.feature == name && a.judgement.verdict == Verdict::Flagged)
}

#[test]
fn the_real_feature_is_found_and_noise_passes_in_at_most_5_percent_of_datasets() {
    let normal = Normal::new(0.0, 1.0).unwrap();
    let spec = spec(None);
    let (mut found, mut any_noise, mut noise_uncorrected, mut tail) = (0, 0, 0u64, 0u64);
    for d in 0..DATASETS {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5eed_0000 + d as u64);
        let real: Vec<f64> = (0..ROWS).map(|_| normal.sample(&mut rng)).collect();
        let labels: Vec<Option<bool>> = real
            .iter()
            .map(|&x| Some(rng.random::<f64>() < logistic(-0.5 + 0.8 * x)))
            .collect();
        let mut columns = vec![(
            "real".to_string(),
            real.iter().map(|x| format!("{x:.6}")).collect::<Vec<_>>(),
        )];
        for j in 0..NOISE {
            columns.push((
                format!("noise{j:03}"),
                (0..ROWS)
                    .map(|_| format!("{:.6}", normal.sample(&mut rng)))
                    .collect(),
            ));
        }
        let s = run(columns, labels, &spec);
        assert_eq!(s.features_tested, NOISE as u64 + 1);
        found += usize::from(associated(&s, "real"));
        any_noise += usize::from(
            s.associations
                .iter()
                .any(|a| a.feature != "real" && a.judgement.verdict == Verdict::Flagged),
        );
        tail += s
            .associations
            .iter()
            .filter(|a| {
                a.feature != "real" && a.judgement.p_value.is_some_and(|p| p < 0.05 / 200.0)
            })
            .count() as u64;
        noise_uncorrected += s
            .associations
            .iter()
            .filter(|a| a.feature != "real" && a.judgement.p_value.is_some_and(|p| p < 0.05))
            .count() as u64;
    }
    println!(
        "real found in {found}/{DATASETS}; any noise feature passed in {any_noise}/{DATASETS}; \
         noise features with p < 0.05 before correction: {noise_uncorrected} of {} ({:.2}%)",
        DATASETS * NOISE,
        100.0 * noise_uncorrected as f64 / (DATASETS * NOISE) as f64
    );
    println!(
        "noise features with p < 0.05/200 before correction: {tail} (expected 0.05·{DATASETS})"
    );
    assert_eq!(
        found, DATASETS,
        "the real feature is found in every dataset"
    );
    assert!(
        any_noise <= 67,
        "{any_noise} of {DATASETS} datasets report a noise feature: significantly more than 5%"
    );
    // Without correction about 5% of the noise features pass: the audit's chance statement is right.
    let share = noise_uncorrected as f64 / (DATASETS * NOISE) as f64;
    assert!((0.04..0.06).contains(&share), "uncorrected share {share}");
}

/// Panel data: 20 periods × 150 rows. The outcome's rate rises over the periods; `trending` rises with
/// the period but, within a period, is unrelated to the outcome; `real` drives the outcome within every
/// period. Over 50 datasets, `trending` is flagged as trend-driven in almost all and `real` never.
#[test]
fn a_shared_trend_is_flagged_and_a_real_relation_is_not() {
    let normal = Normal::new(0.0, 1.0).unwrap();
    let spec = spec(Some("period"));
    let (periods, per) = (20usize, 150usize);
    let (mut trend_flagged, mut real_flagged) = (0, 0);
    let runs = 50;
    for d in 0..runs {
        let mut rng = ChaCha8Rng::seed_from_u64(0x7e4d_0000 + d as u64);
        let (mut period, mut trending, mut real, mut labels) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for p in 0..periods {
            for _ in 0..per {
                let t = p as f64 / periods as f64;
                let x = normal.sample(&mut rng);
                period.push(format!("{}", 2000 + p));
                trending.push(format!("{:.4}", 3.0 * t + 0.5 * normal.sample(&mut rng)));
                real.push(format!("{x:.4}"));
                labels.push(Some(
                    rng.random::<f64>() < logistic(-1.5 + 2.0 * t + 0.5 * x),
                ));
            }
        }
        let s = run(
            vec![
                ("period".into(), period),
                ("trending".into(), trending),
                ("real".into(), real),
            ],
            labels,
            &spec,
        );
        let flagged = |name: &str| {
            s.trends
                .iter()
                .any(|t| t.feature == name && t.judgement.verdict == Verdict::Flagged)
        };
        trend_flagged += usize::from(flagged("trending"));
        real_flagged += usize::from(flagged("real"));
    }
    println!("trending flagged in {trend_flagged}/{runs}, real in {real_flagged}/{runs}");
    assert!(
        trend_flagged * 10 >= runs * 9,
        "trending flagged in {trend_flagged}/{runs}"
    );
    assert_eq!(real_flagged, 0);
}
