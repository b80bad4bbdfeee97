//! The sampling audit on the two shipped example models against values computed independently in Python
//! (scipy / numpy / pandas / statsmodels) straight from the models' CSV files: known answers in
//! tests/data/shipped_sampling_expected.json, made by scripts/peers/shipped_sampling_fixtures.py (its
//! docstring names the peer function behind each value). Compared with the committed records
//! `audits/<id>/audit.json` (key `sampling`), which tests/register.rs keeps equal to a fresh audit.
//!
//! Every number must agree to 1e-9 relative; the absolute epsilon is 1e-300 so that tiny p-values are
//! compared too. The bootstrap intervals (`boot_low`, `boot_high` of the TVD and the PSI) are not
//! compared: they are seeded Monte Carlo (the audit's own xoshiro256++ streams), which no peer reproduces.
//! Run with `-- --nocapture` to see the largest relative error of each part.
//!
//! Every ratio judged against the policy band carries the band test of src/audit/verdict.rs: its
//! `p_value` is `min(1, 2·min(P_above, P_below))` from one-sided score (representativeness, label
//! selection) or log-scale Wald (reporting) tests against the band's edges, and its verdict follows
//! from the corrected p-value and whether its interval lies inside the band. The fixture holds the
//! peer's p-values and verdicts; no value in it is read from a record.
//!
//! The largest errors (about 1e-10) are in the p-values from the normal tail (the band tests):
//! statrs 0.19.1's `erfc` is accurate to about 1e-10 relative only (its interval constants carry 10
//! digits; scipy's erfc and chi2.sf agree with each other to 1e-14). The χ²-based p-values and
//! everything else agree to about 1e-14 (Koopman's interval, found by bisection in the audit and from
//! a cubic in statsmodels, to about 1e-13).

use approx::assert_relative_eq;
use serde_json::Value;

const MODELS: [&str; 2] = ["foundation-risk-zaandam", "hotspot-tilburg"];

fn read(path: &str) -> Value {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn expected() -> Value {
    read("tests/data/shipped_sampling_expected.json")
}

/// The `sampling` section of a committed audit record.
fn sampling(model: &str) -> Value {
    read(&format!("audits/{model}/audit.json"))["sampling"].clone()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn list(v: &Value) -> &[Value] {
    v.as_array().unwrap_or_else(|| panic!("not a list: {v}"))
}

/// The element of `items` whose `key` is `name`.
fn by<'a>(items: &'a Value, key: &str, name: &str) -> &'a Value {
    list(items)
        .iter()
        .find(|x| x[key] == name)
        .unwrap_or_else(|| panic!("no {key} = {name}"))
}

/// Compares numbers and keeps the largest relative error.
#[derive(Default)]
struct Compare {
    count: usize,
    max: f64,
    worst: String,
}

impl Compare {
    fn close(&mut self, what: &str, got: f64, want: f64) {
        let rel = if want == 0.0 {
            got.abs()
        } else {
            ((got - want) / want).abs()
        };
        self.count += 1;
        if rel > self.max || self.worst.is_empty() {
            self.max = rel;
            self.worst = format!("{what}: got {got:e}, want {want:e}");
        }
        assert_relative_eq!(got, want, max_relative = 1e-9, epsilon = 1e-300);
    }

    /// `got` (a record value) against `want` (a fixture value), both JSON numbers.
    fn num(&mut self, what: &str, got: &Value, want: &Value) {
        self.close(what, f(got), f(want));
    }

    /// An estimate of the record: its value and its (analytic) interval.
    fn estimate(&mut self, what: &str, got: &Value, value: &Value, low: &Value, high: &Value) {
        self.num(&format!("{what} value"), &got["value"], value);
        self.num(&format!("{what} ci_low"), &got["ci_low"], low);
        self.num(&format!("{what} ci_high"), &got["ci_high"], high);
    }

    /// A χ² / G test of the record against the fixture's `{statistic, df, p}`.
    fn test(&mut self, what: &str, got: &Value, want: &Value) {
        assert_eq!(u(&got["df"]), u(&want["df"]), "{what} df");
        self.num(
            &format!("{what} statistic"),
            &got["statistic"],
            &want["statistic"],
        );
        self.num(&format!("{what} p"), &got["p_value"], &want["p"]);
    }

    fn report(&self, part: &str) {
        eprintln!(
            "{part}: {} values, largest relative error {:.1e} ({})",
            self.count, self.max, self.worst
        );
        assert!(self.count > 0, "{part}: nothing compared");
    }
}

#[test]
fn foundation_representativeness_matches_scipy_and_statsmodels() {
    let e = &expected()["foundation-risk-zaandam"];
    let got = sampling("foundation-risk-zaandam");
    let mut c = Compare::default();
    let want_attrs = list(&e["representativeness"]);
    assert_eq!(list(&got["representativeness"]).len(), want_attrs.len());
    for w in want_attrs {
        let attr = s(&w["attribute"]);
        let g = by(&got["representativeness"], "attribute", attr);
        assert_eq!(g["population_attribute"], w["population_attribute"]);
        assert_eq!(u(&g["rows"]), u(&w["rows"]), "{attr} rows");
        c.num(
            &format!("{attr} population"),
            &g["population"],
            &w["population"],
        );
        c.test(&format!("{attr} χ²"), &g["chi_square"], &w["chi_square"]);
        c.test(&format!("{attr} G"), &g["g_test"], &w["g_test"]);
        c.num(
            &format!("{attr} TVD"),
            &g["total_variation"]["value"],
            &w["total_variation"],
        );
        let groups = list(&w["groups"]);
        assert_eq!(list(&g["groups"]).len(), groups.len(), "{attr} groups");
        for wg in groups {
            let name = s(&wg["group"]);
            let gg = by(&g["groups"], "group", name);
            let what = format!("{attr} = {name}");
            assert_eq!(u(&gg["rows"]), u(&wg["rows"]), "{what} rows");
            for key in ["population", "population_share", "expected_rows"] {
                c.num(&format!("{what} {key}"), &gg[key], &wg[key]);
            }
            c.estimate(
                &format!("{what} share"),
                &gg["share"],
                &wg["share"],
                &wg["share_low"],
                &wg["share_high"],
            );
            c.estimate(
                &format!("{what} ratio"),
                &gg["ratio"],
                &wg["ratio"],
                &wg["ratio_low"],
                &wg["ratio_high"],
            );
            // the band test: one-sided score tests of the share against high·q and low·q
            // (statsmodels proportions_ztest with the null variance)
            c.num(
                &format!("{what} band-test p"),
                &gg["judgement"]["p_value"],
                &wg["p"],
            );
        }
    }
    c.report("foundation representativeness");
}

#[test]
fn foundation_label_selection_matches_scipy_and_statsmodels() {
    let e = &expected()["foundation-risk-zaandam"]["label_selection"];
    let got = &sampling("foundation-risk-zaandam")["label_selection"];
    let mut c = Compare::default();
    assert_eq!(u(&got["rows"]), u(&e["rows"]));
    assert_eq!(u(&got["labelled"]), u(&e["labelled"]));
    assert_eq!(got["selected_sample"], true);
    c.estimate(
        "labelled share",
        &got["labelled_share"],
        &e["share"],
        &e["share_low"],
        &e["share_high"],
    );
    let want_attrs = list(&e["attributes"]);
    assert_eq!(list(&got["attributes"]).len(), want_attrs.len());
    for w in want_attrs {
        let attr = s(&w["attribute"]);
        let g = by(&got["attributes"], "attribute", attr);
        assert_eq!(g["reference"], w["reference"], "{attr} reference");
        c.test(
            &format!("{attr} labelled × group"),
            &g["independence"],
            &w["independence"],
        );
        c.test(
            &format!("{attr} outcome × group"),
            &g["outcome_independence"],
            &w["outcome_independence"],
        );
        let groups = list(&w["groups"]);
        assert_eq!(list(&g["groups"]).len(), groups.len(), "{attr} groups");
        for wg in groups {
            let name = s(&wg["group"]);
            let gg = by(&g["groups"], "group", name);
            let what = format!("{attr} = {name}");
            for key in ["rows", "labelled", "positives"] {
                assert_eq!(u(&gg[key]), u(&wg[key]), "{what} {key}");
            }
            c.estimate(
                &format!("{what} labelled share"),
                &gg["labelled_share"],
                &wg["share"],
                &wg["share_low"],
                &wg["share_high"],
            );
            c.estimate(
                &format!("{what} outcome rate"),
                &gg["outcome_rate"],
                &wg["outcome_rate"],
                &wg["outcome_low"],
                &wg["outcome_high"],
            );
            if wg.get("ratio").is_none() {
                assert_eq!(name, s(&w["reference"]));
                assert!(gg["ratio"].is_null() && gg["judgement"].is_null(), "{what}");
                continue;
            }
            // Koopman's score interval (statsmodels confint_proportions_2indep, checked in mpmath),
            // band-test p from Farrington–Manning score tests at the band's edges (statsmodels
            // test_proportions_2indep)
            c.estimate(
                &format!("{what} ratio"),
                &gg["ratio"],
                &wg["ratio"],
                &wg["ratio_low"],
                &wg["ratio_high"],
            );
            c.num(
                &format!("{what} band-test p"),
                &gg["judgement"]["p_value"],
                &wg["p"],
            );
        }
    }
    c.report("foundation label selection");
}

#[test]
fn foundation_drift_matches_scipy_and_numpy() {
    let e = &expected()["foundation-risk-zaandam"]["drift"];
    let got = &sampling("foundation-risk-zaandam")["drift"];
    let mut c = Compare::default();
    assert_eq!(u(&got["training_rows"]), u(&e["training_rows"]));
    assert_eq!(u(&got["current_rows"]), u(&e["current_rows"]));
    assert!(list(&got["skipped"]).is_empty());
    let features = list(&e["features"]);
    let got_names: Vec<&str> = list(&got["features"])
        .iter()
        .map(|x| s(&x["feature"]))
        .collect();
    let want_names: Vec<&str> = features.iter().map(|x| s(&x["feature"])).collect();
    assert_eq!(got_names, want_names, "features, in the manifest's order");
    for w in features {
        let name = s(&w["feature"]);
        let g = by(&got["features"], "feature", name);
        assert_eq!(g["kind"], w["kind"], "{name} kind");
        assert_eq!(g["test"], w["test"], "{name} test");
        for key in ["training_missing", "current_missing"] {
            c.num(&format!("{name} {key}"), &g[key], &w[key]);
        }
        for key in ["training_mean", "current_mean"] {
            if w[key].is_null() {
                assert!(g[key].is_null(), "{name} {key}");
            } else {
                c.num(&format!("{name} {key}"), &g[key], &w[key]);
            }
        }
        c.num(&format!("{name} PSI"), &g["psi"]["value"], &w["psi"]);
        c.num(
            &format!("{name} statistic"),
            &g["statistic"],
            &w["statistic"],
        );
        c.num(&format!("{name} test p"), &g["test_p_value"], &w["test_p"]);
        // The verdict's test: the PSI against the policy's floor, with its delta-method interval.
        c.num(&format!("{name} p"), &g["judgement"]["p_value"], &w["p"]);
        c.num(
            &format!("{name} PSI low"),
            &g["psi"]["ci_low"],
            &w["psi_low"],
        );
        c.num(
            &format!("{name} PSI high"),
            &g["psi"]["ci_high"],
            &w["psi_high"],
        );
        let (gb, wb) = (list(&g["bins"]), list(&w["bins"]));
        assert_eq!(gb.len(), wb.len(), "{name} bins");
        for (i, (gb, wb)) in gb.iter().zip(wb).enumerate() {
            let what = format!("{name} bin {i}");
            match wb.get("category") {
                Some(cat) => {
                    assert_eq!(&gb["category"], cat, "{what}");
                    assert!(gb["low"].is_null() && gb["high"].is_null(), "{what}");
                }
                None => {
                    assert!(gb["category"].is_null(), "{what}");
                    for key in ["low", "high"] {
                        if wb[key].is_null() {
                            assert!(gb[key].is_null(), "{what} {key}");
                        } else {
                            c.num(&format!("{what} {key}"), &gb[key], &wb[key]);
                        }
                    }
                }
            }
            for key in ["training_share", "current_share"] {
                c.num(&format!("{what} {key}"), &gb[key], &wb[key]);
            }
        }
    }
    c.report("foundation drift");
}

#[test]
fn hotspot_reporting_matches_numpy_and_statsmodels() {
    let e = &expected()["hotspot-tilburg"]["reporting"];
    let got = &sampling("hotspot-tilburg")["reporting"];
    let mut c = Compare::default();
    // No group is named: each neighbourhood is compared with the middle groups together.
    assert!(e["reference"].is_null());
    assert!(got["reference"].is_null(), "{}", got["reference"]);
    assert_eq!(s(&got["reference_rule"]), s(&e["reference_rule"]));
    assert_eq!(got["reference_groups"], e["reference_groups"]);
    assert_eq!(got["survey_error_missing"], false);
    c.estimate(
        "pooled reporting rate",
        &got["pooled_rate"],
        &e["pooled_rate"],
        &e["pooled_rate_low"],
        &e["pooled_rate_high"],
    );
    let z = f(&e["z"]);
    let groups = list(&e["groups"]);
    assert_eq!(list(&got["groups"]).len(), groups.len());
    for w in groups {
        let name = s(&w["group"]);
        let g = by(&got["groups"], "group", name);
        assert_eq!(u(&g["rows"]), u(&w["rows"]), "{name} rows");
        for (key, want) in [
            ("recorded", "recorded"),
            ("person_years", "person_years"),
            ("incidence_per_1000_per_year", "incidence"),
            ("incidence_standard_error", "incidence_se"),
            ("expected", "expected"),
        ] {
            c.num(&format!("{name} {key}"), &g[key], &w[want]);
        }
        c.estimate(
            &format!("{name} reporting rate"),
            &g["reporting_rate"],
            &w["rate"],
            &w["rate_low"],
            &w["rate_high"],
        );
        // the rest: every other neighbourhood pooled
        c.estimate(
            &format!("{name} rate of the middle groups together"),
            &g["reference_rate"],
            &w["reference_rate"],
            &w["reference_rate_low"],
            &w["reference_rate_high"],
        );
        c.estimate(
            &format!("{name} ratio"),
            &g["ratio"],
            &w["ratio"],
            &w["ratio_low"],
            &w["ratio_high"],
        );
        c.num(
            &format!("{name} band-test p"),
            &g["judgement"]["p_value"],
            &w["p"],
        );
        // The record's interval is the Poisson part (statsmodels' wald-log interval for two Poisson
        // rates, exposures = the expected counts) plus the survey's delta-method part.
        let (lo, hi) = (f(&g["ratio"]["ci_low"]), f(&g["ratio"]["ci_high"]));
        let var = ((hi / lo).ln() / (2.0 * z)).powi(2);
        c.close(
            &format!("{name} log variance = Poisson (statsmodels) + survey"),
            var,
            f(&w["poisson_log_variance_statsmodels"]) + f(&w["survey_log_variance"]),
        );
    }
    c.report("hotspot reporting");
}

/// Whether a warning of the record's sampling section contains `phrase` (English text).
fn warned(section: &Value, phrase: &str) -> bool {
    list(&section["warnings"])
        .iter()
        .any(|w| s(&w["text_en"]).contains(phrase))
}

/// The record's warnings are those the peer's conditions call for: a largest reference that stands
/// out from the other groups together (label selection), implausible reporting inputs (rates above
/// 300%, every incidence below 1 per 1,000), and the reference-file mismatches.
#[test]
fn sampling_warnings_match_the_peer_conditions() {
    let e = expected();
    for model in MODELS {
        let got = sampling(model);
        assert_eq!(
            list(&got["warnings"]).len() as u64,
            u(&e[model]["warnings"]["count"]),
            "{model}: {}",
            got["warnings"]
        );
    }
    let got = sampling("foundation-risk-zaandam");
    let attrs = list(&e["foundation-risk-zaandam"]["label_selection"]["attributes"]);
    let mut checked = 0;
    for w in attrs {
        let attr = s(&w["attribute"]);
        let phrase = format!(
            "The reference group {attr} = {} (the largest group) itself stands out",
            s(&w["reference"])
        );
        let want = &w["reference_stands_out"];
        if want.is_null() {
            // a named reference: no check
            assert!(!warned(&got, &phrase), "{attr}");
            continue;
        }
        checked += 1;
        let want = want["warning"].as_bool().unwrap();
        assert_eq!(warned(&got, &phrase), want, "{attr}: {phrase}");
    }
    assert!(checked > 0, "no reference chosen as the largest");
    let got = sampling("hotspot-tilburg");
    let w = &e["hotspot-tilburg"]["warnings"];
    assert_eq!(
        warned(
            &got,
            "far more records than the independent estimate expects"
        ),
        w["implausible_rate"].as_bool().unwrap()
    );
    assert_eq!(
        warned(&got, "below 1 per 1,000 residents per year"),
        w["incidence_below_1_per_1000"].as_bool().unwrap()
    );
}

/// Every judgement of a sampling section, as `(part, attribute, item, judgement)`.
fn judgements(section: &Value) -> Vec<(String, String, String, &Value)> {
    let mut out = Vec::new();
    for a in list(&section["representativeness"]) {
        for g in list(&a["groups"]) {
            out.push((
                "representativeness".to_string(),
                s(&a["attribute"]).to_string(),
                s(&g["group"]).to_string(),
                &g["judgement"],
            ));
        }
    }
    for a in list(&section["label_selection"]["attributes"]) {
        for g in list(&a["groups"])
            .iter()
            .filter(|g| !g["judgement"].is_null())
        {
            out.push((
                "label_selection".to_string(),
                s(&a["attribute"]).to_string(),
                s(&g["group"]).to_string(),
                &g["judgement"],
            ));
        }
    }
    if !section["reporting"].is_null() {
        let r = &section["reporting"];
        for g in list(&r["groups"])
            .iter()
            .filter(|g| !g["judgement"].is_null())
        {
            out.push((
                "reporting".to_string(),
                s(&r["attribute"]).to_string(),
                s(&g["group"]).to_string(),
                &g["judgement"],
            ));
        }
    }
    if !section["drift"].is_null() {
        for d in list(&section["drift"]["features"]) {
            out.push((
                "drift".to_string(),
                String::new(),
                s(&d["feature"]).to_string(),
                &d["judgement"],
            ));
        }
    }
    out
}

#[test]
fn one_benjamini_hochberg_family_per_record_matches_statsmodels() {
    let e = expected();
    for model in MODELS {
        let got = sampling(model);
        let family = list(&e[model]["family"]);
        let mut c = Compare::default();
        // no shipped comparison is too small or undefined: the family is every judgement
        let all = judgements(&got);
        assert_eq!(u(&got["too_small"]), 0, "{model}");
        assert_eq!(u(&got["undefined"]), 0, "{model}");
        assert_eq!(
            u(&got["comparisons_tested"]),
            family.len() as u64,
            "{model}"
        );
        assert_eq!(all.len(), family.len(), "{model}: judgements in the record");
        for w in family {
            let (part, attr, item) = (s(&w["part"]), s(&w["attribute"]), s(&w["item"]));
            let what = format!("{model} {part} {attr} {item}");
            let (_, _, _, j) = all
                .iter()
                .find(|(p, a, i, _)| p == part && a == attr && i == item)
                .unwrap_or_else(|| panic!("{what}: not in the record"));
            c.num(&format!("{what} p"), &j["p_value"], &w["p"]);
            c.num(
                &format!("{what} p adjusted"),
                &j["p_adjusted"],
                &w["p_adjusted"],
            );
            // band tests: flagged, within_band (interval inside the band) or uncertain; drift against
            // its PSI floor as a band of one edge
            assert_eq!(s(&j["verdict"]), s(&w["verdict"]), "{what}");
        }
        c.report(&format!("{model} correction family"));
    }
}

/// The injected biases described in the models' BIAS.md are found.
#[test]
fn shipped_findings_match_bias_md() {
    let hotspot = sampling("hotspot-tilburg");
    // BIAS.md: an incident is reported with probability 0.30 in Reeshof and Noord, 0.70 elsewhere. A
    // neighbourhood is compared with the middle groups together (the peer's `reference_groups`),
    // whose reporting probability is the expected-events-weighted mean of theirs (expected events
    // from the peer's fixture). The two low groups are the lowest quarter, so the middle is honest.
    let low = ["Reeshof", "Noord"];
    let reported = |g: &str| if low.contains(&g) { 0.30 } else { 0.70 };
    let e = &expected()["hotspot-tilburg"]["reporting"];
    let middle: Vec<&str> = list(&e["reference_groups"]).iter().map(s).collect();
    assert!(low.iter().all(|g| !middle.contains(g)), "{middle:?}");
    let peer = list(&e["groups"]).to_vec();
    for name in low {
        let (mut weighted, mut total) = (0.0, 0.0);
        for w in peer
            .iter()
            .filter(|w| s(&w["group"]) != name && middle.contains(&s(&w["group"])))
        {
            weighted += f(&w["expected"]) * reported(s(&w["group"]));
            total += f(&w["expected"]);
        }
        let injected = reported(name) / (weighted / total);
        let g = by(&hotspot["reporting"]["groups"], "group", name);
        assert_eq!(s(&g["judgement"]["verdict"]), "flagged", "{name}");
        let (lo, hi) = (f(&g["ratio"]["ci_low"]), f(&g["ratio"]["ci_high"]));
        assert!(
            lo <= injected && injected <= hi,
            "{name}: 95% CI {lo}–{hi} misses the injected {injected}"
        );
    }
    let foundation = sampling("foundation-risk-zaandam");
    let owner = by(
        &foundation["label_selection"]["attributes"],
        "attribute",
        "owner_type",
    );
    assert_eq!(s(&owner["reference"]), "corporation");
    let private = by(&owner["groups"], "group", "private");
    assert_eq!(s(&private["judgement"]["verdict"]), "flagged");
    assert!(f(&private["ratio"]["value"]) < 0.8);
    let neighbourhood = by(
        &foundation["representativeness"],
        "attribute",
        "neighbourhood",
    );
    let westzaan = by(&neighbourhood["groups"], "group", "Westzaan");
    assert_eq!(s(&westzaan["judgement"]["verdict"]), "flagged");
    assert!(f(&westzaan["ratio"]["ci_high"]) < 0.8, "under-represented");
    let flagged: Vec<&str> = list(&foundation["drift"]["features"])
        .iter()
        .filter(|d| d["judgement"]["verdict"] == "flagged")
        .map(|d| s(&d["feature"]))
        .collect();
    assert_eq!(
        flagged,
        [
            "groundwater_drop_cm",
            "subsidence_mm_per_year",
            "owner_type"
        ]
    );
}
