//! The tylervigen test vector: Maine's divorce rate per 1,000 and US margarine consumption per capita,
//! 2000–2009, correlate at r = 0.9926, yet the audit flags the pair as a trend-driven correlation
//! resting on too few effective points. Expected values from scipy/statsmodels
//! (`scripts/peers/assoc_fixtures.py` computes the same series; the numbers below were printed by
//! `scipy.stats.pearsonr` and the lag-1 autocorrelation of statsmodels' `acf`).

use algoreg::audit::spurious::trend::{series_trend, verdict};
use algoreg::policy::{PolicyFile, Rules};
use algoreg::record::spurious::TrendReason;
use approx::assert_relative_eq;

const DIVORCE: [f64; 10] = [5.0, 4.7, 4.6, 4.4, 4.3, 4.1, 4.2, 4.2, 4.2, 4.1];
const MARGARINE: [f64; 10] = [8.2, 7.0, 6.5, 5.3, 5.2, 4.0, 4.6, 4.5, 4.2, 3.7];

fn rules() -> Rules {
    PolicyFile::built_in()
        .rules_for(None, std::path::Path::new("<built-in>"))
        .unwrap()
}

#[test]
fn the_divorce_margarine_pair_is_flagged_as_trend_driven_with_too_few_effective_points() {
    let years: Vec<f64> = (2000..2010).map(f64::from).collect();
    let rules = rules();
    let s = series_trend(&years, &DIVORCE, &MARGARINE, &rules);
    let raw = s.raw.unwrap();
    // scipy.stats.pearsonr: r = 0.9925584582238185, p = 1.3296773472105364e-08.
    assert_relative_eq!(raw.r, 0.992_558_458_223_818_5, max_relative = 1e-12);
    assert_relative_eq!(raw.p_value, 1.329_677_347_210_536_4e-8, max_relative = 1e-9);
    // First differences still correlate at 0.927 (p = 0.00032): differencing alone does not settle it.
    let diff = s.differenced.unwrap();
    assert_relative_eq!(diff.r, 0.927_172_649_945_53, max_relative = 1e-12);
    assert_relative_eq!(diff.p_value, 3.194_552_314_666_052e-4, max_relative = 1e-9);
    // Neither does a straight-line trend: the residuals correlate at 0.973 (both series bend alike).
    assert_relative_eq!(
        s.detrended.unwrap().r,
        0.972_889_338_894_176_5,
        max_relative = 1e-12
    );
    // Lag-1 autocorrelations 0.5774 and 0.5809 leave n_eff = 10·(1 − r₁r₂)/(1 + r₁r₂) = 4.977 points.
    assert_relative_eq!(
        s.autocorrelation_feature.unwrap(),
        0.577_386_934_673_367_1,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        s.autocorrelation_outcome.unwrap(),
        0.580_864_708_316_094_3,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        s.effective_points.unwrap(),
        4.976_968_865_899_241_5,
        max_relative = 1e-12
    );
    assert!(s.effective_points.unwrap() < rules.min_effective_points);
    assert_eq!(s.reasons, vec![TrendReason::TooFewEffectivePoints]);
    // One row per year: no within-period view, so the series decides.
    assert_eq!(
        verdict(None, None, None, &s, &rules).reasons,
        vec![TrendReason::TooFewEffectivePoints]
    );
}

/// Two independent series without a trend: no reason to doubt a correlation that is not there, and
/// nothing is flagged.
#[test]
fn untrended_unrelated_series_raise_nothing() {
    let t: Vec<f64> = (0..12).map(f64::from).collect();
    let x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0];
    let y = [2.0, 7.0, 1.0, 8.0, 2.0, 8.0, 1.0, 8.0, 2.0, 8.0, 4.0, 5.0];
    let s = series_trend(&t, &x, &y, &rules());
    assert!(s.raw.unwrap().p_value > 0.05);
    assert!(s.reasons.is_empty());
}
