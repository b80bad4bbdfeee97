//! Helpers of the streaming and Parquet tests: the scored file's spec (hood, age and their
//! intersection) and a comparison of records to 1e-9.

use std::path::{Path, PathBuf};

use algoreg::manifest::sampling::SamplingSpec;
use algoreg::manifest::spurious::SpuriousSpec;
use algoreg::manifest::{DataSpec, GroupSpec, IntersectionSpec, PredictionSpec, ReferenceGroup};

/// The spec of a scored file with `hood`, `age` (reference `oud`), `label`, `score` (≥ 0.5 flags)
/// and an `id` column the spurious audit leaves out.
pub fn spec(file: &Path) -> DataSpec {
    DataSpec {
        origin: PathBuf::from("<test>"),
        file: file.to_path_buf(),
        label: Some("label".into()),
        prediction: Some(PredictionSpec::Score {
            column: "score".into(),
            threshold: 0.5,
        }),
        groups: vec![
            GroupSpec {
                column: "hood".into(),
                reference: ReferenceGroup::Largest,
            },
            GroupSpec {
                column: "age".into(),
                reference: ReferenceGroup::Named("oud".into()),
            },
        ],
        intersections: vec![IntersectionSpec {
            columns: vec!["hood".into(), "age".into()],
            reference: ReferenceGroup::Largest,
        }],
        count: None,
        sampling: SamplingSpec::default(),
        spurious: SpuriousSpec {
            exclude: vec!["id".into()],
            ..SpuriousSpec::default()
        },
        map: None,
        kinds: Default::default(),
    }
}

/// Two JSON values equal, numbers to 1e-9 relative.
pub fn same(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!(
                approx::relative_eq!(x, y, max_relative = 1e-9, epsilon = 1e-12),
                "{at}: {x} vs {y}"
            );
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Object(x), Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}: keys"
            );
            for (k, v) in x {
                same(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}
