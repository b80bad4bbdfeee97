//! Quick mode on a small fixture, checked against values computed by hand (and, for the intervals, by
//! statsmodels / scipy: see the comments).

mod common;

use approx::assert_relative_eq;
use common::*;

fn quick(extra: &[&str]) -> assert_cmd::assert::Assert {
    let file = data("quick_small.csv");
    let mut args = vec![
        "audit",
        "--data",
        file.to_str().unwrap(),
        "--label",
        "y",
        "--group",
        "wijk",
        "--json",
    ];
    args.extend_from_slice(extra);
    algoreg().args(&args).assert()
}

#[test]
fn counts_and_rates_match_a_hand_computation() {
    // quick_small.csv, by construction:
    //   A: TP 3, FN 1, FP 2, TN 4 (10 rows, all labelled)
    //   B: TP 1, FN 3, FP 1, TN 5, plus 2 unlabelled rows (one predicted 1, one 0): 12 rows
    let out = quick(&["--prediction", "yhat", "--reference", "wijk=A"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let r = json(&out);
    let a = group(&r, "wijk", "A");
    let b = group(&r, "wijk", "B");
    for (g, n, labelled, pp, tp, fp, tn, fn_) in
        [(a, 10, 10, 5, 3, 2, 4, 1), (b, 12, 10, 3, 1, 1, 5, 3)]
    {
        assert_eq!(g["n"], n);
        assert_eq!(g["labelled"], labelled);
        assert_eq!(g["predicted_positive"], pp);
        assert_eq!(
            (
                g["tp"].clone(),
                g["fp"].clone(),
                g["tn"].clone(),
                g["fn"].clone()
            ),
            (tp.into(), fp.into(), tn.into(), fn_.into())
        );
    }
    let expect_a = [
        ("tpr", 3.0 / 4.0),
        ("fnr", 1.0 / 4.0),
        ("fpr", 2.0 / 6.0),
        ("tnr", 4.0 / 6.0),
        ("ppv", 3.0 / 5.0),
        ("fdr", 2.0 / 5.0),
        ("npv", 4.0 / 5.0),
        ("for", 1.0 / 5.0),
        ("selection_rate", 5.0 / 10.0),
        ("prevalence", 4.0 / 10.0),
        ("accuracy", 7.0 / 10.0),
    ];
    let expect_b = [
        ("tpr", 1.0 / 4.0),
        ("fnr", 3.0 / 4.0),
        ("fpr", 1.0 / 6.0),
        ("tnr", 5.0 / 6.0),
        ("ppv", 1.0 / 2.0),
        ("fdr", 1.0 / 2.0),
        ("npv", 5.0 / 8.0),
        ("for", 3.0 / 8.0),
        ("selection_rate", 3.0 / 12.0),
        ("prevalence", 4.0 / 10.0),
        ("accuracy", 6.0 / 10.0),
    ];
    for ((name, va), (_, vb)) in expect_a.iter().zip(&expect_b) {
        assert_relative_eq!(
            f(&metric(a, name)["estimate"]["value"]),
            *va,
            epsilon = 1e-15
        );
        assert_relative_eq!(
            f(&metric(b, name)["estimate"]["value"]),
            *vb,
            epsilon = 1e-15
        );
        assert_relative_eq!(
            f(&metric(b, name)["comparison"]["ratio"]["value"]),
            vb / va,
            epsilon = 1e-12
        );
        assert_relative_eq!(
            f(&metric(b, name)["comparison"]["difference"]["value"]),
            vb - va,
            epsilon = 1e-12
        );
        assert!(
            metric(a, name)["comparison"].is_null(),
            "the reference group is not compared with itself"
        );
    }
    // Aequitas ppr: B's share of all 8 predicted positives.
    assert_relative_eq!(f(&b["ppr"]["value"]), 3.0 / 8.0, epsilon = 1e-15);

    // Intervals, from statsmodels proportion_confint(3, 4, method="wilson") and
    // confint_proportions_2indep(3, 4, 1, 4, method="score", compare="ratio", correction=False)
    // (Koopman's score interval).
    let fnr_b = metric(b, "fnr");
    assert_relative_eq!(
        f(&fnr_b["estimate"]["ci_low"]),
        0.30064184258240184,
        epsilon = 1e-12
    );
    assert_relative_eq!(
        f(&fnr_b["estimate"]["ci_high"]),
        0.9544127391902995,
        epsilon = 1e-12
    );
    assert_relative_eq!(
        f(&fnr_b["comparison"]["ratio"]["ci_low"]),
        0.685216435365477,
        epsilon = 1e-9
    );
    assert_relative_eq!(
        f(&fnr_b["comparison"]["ratio"]["ci_high"]),
        17.264196794337423,
        epsilon = 1e-7
    );
    // Expected cells below 5, so Fisher's exact test: scipy fisher_exact([[3,1],[1,3]]) = 34/70.
    assert_eq!(fnr_b["comparison"]["test"], "Fisher exact test");
    assert_relative_eq!(
        f(&fnr_b["comparison"]["p_value"]),
        34.0 / 70.0,
        epsilon = 1e-12
    );

    // Groups this small get no verdict, and say why.
    assert_eq!(fnr_b["comparison"]["verdict"], "too_few_rows");
    assert!(
        fnr_b["comparison"]["reason"]
            .as_str()
            .unwrap()
            .contains("too few rows to judge (n = 4")
    );
    assert_eq!(r["verdict"]["flagged"], false);
    assert_eq!(r["model_id"], serde_json::Value::Null);
}

#[test]
fn score_and_threshold_give_the_same_counts_as_the_prediction_column() {
    let by_column = json(&quick(&["--prediction", "yhat"]).get_output().stdout);
    let by_score = json(
        &quick(&["--score", "p", "--threshold", "0.5"])
            .get_output()
            .stdout,
    );
    // The score run adds score metrics and calibration; everything else is the same.
    let mut stripped = by_score["subgroup"]["attributes"].clone();
    let strip = |row: &mut serde_json::Value| {
        let row = row.as_object_mut().unwrap();
        assert!(row.remove("score_metrics").is_some());
        assert!(row.remove("calibration").is_some());
    };
    for attr in stripped.as_array_mut().unwrap() {
        strip(&mut attr["overall"]);
        attr["groups"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .for_each(strip);
    }
    assert_eq!(by_column["subgroup"]["attributes"], stripped);
    // Without --reference the largest group (B, 12 rows) is the reference.
    assert_eq!(by_column["subgroup"]["attributes"][0]["reference"], "B");
    assert_eq!(
        by_column["subgroup"]["attributes"][0]["reference_rule"],
        "largest"
    );
}

#[test]
fn quick_mode_stores_nothing_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = data("quick_small.csv");
    algoreg()
        .current_dir(dir.path())
        .args([
            "audit",
            "--data",
            file.to_str().unwrap(),
            "--label",
            "y",
            "--prediction",
            "yhat",
            "--group",
            "wijk",
        ])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("no findings"))
        .stdout(predicates::str::contains("too few rows to judge"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "quick mode wrote nothing"
    );
}

#[test]
fn training_file_gives_drift_and_is_hashed() {
    let houses = root().join("models/foundation-risk-zaandam/houses.csv");
    let training = root().join("models/foundation-risk-zaandam/training.csv");
    let out = algoreg()
        .args([
            "audit",
            "--data",
            houses.to_str().unwrap(),
            "--label",
            "damage_found",
            "--score",
            "risk_score",
            "--threshold",
            "0.25",
            "--group",
            "owner_type",
            "--training",
            training.to_str().unwrap(),
            "--json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = json(&out);
    let files = r["inputs"]["data"].as_array().unwrap();
    assert_eq!(files.len(), 2, "the training file is an input");
    assert!(files[1]["path"].as_str().unwrap().ends_with("training.csv"));
    let drift = &r["sampling"]["drift"];
    let feature = |name: &str| {
        drift["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["feature"] == name)
            .unwrap_or_else(|| panic!("feature {name}"))
            .clone()
    };
    // `inspected` is 1 on every training row (the model learned from inspected houses only) and 1 on
    // the inspected share of the scored rows: two bins (0 and 1), PSI by hand with the empty training
    // bin raised to 0.0001.
    let count_ones = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = header.iter().position(|h| *h == "inspected").unwrap();
        let (mut ones, mut n) = (0.0, 0.0);
        for l in lines {
            n += 1.0;
            if l.split(',').nth(col).unwrap() == "1" {
                ones += 1.0;
            }
        }
        (ones, n)
    };
    let (t1, tn) = count_ones(&training);
    let (c1, cn) = count_ones(&houses);
    assert_eq!(t1, tn, "every training row was inspected");
    let (r0, r1) = (0.0001_f64, 1.0_f64);
    let (a0, a1) = ((cn - c1) / cn, c1 / cn);
    let psi = (a0 - r0) * (a0 / r0).ln() + (a1 - r1) * (a1 / r1).ln();
    let inspected = feature("inspected");
    assert_relative_eq!(f(&inspected["psi"]["value"]), psi, max_relative = 1e-12);
    assert_eq!(inspected["judgement"]["verdict"], "flagged");
    // The identifier and the outcome/score columns are left out, with reasons.
    let skipped: Vec<&str> = drift["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["feature"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["damage_found", "risk_score", "house_id"]);
}

/// statsmodels' Koopman interval for 0 events in 400 against 9 in 380 (the first `koopman` case of
/// tests/data/stats_expected.json): `(low, high)`.
fn koopman_0_of_400_against_9_of_380() -> (f64, f64) {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data("stats_expected.json")).unwrap())
            .unwrap();
    let case = &expected["koopman"][0];
    assert_eq!(
        [&case["a"], &case["n1"], &case["c"], &case["n2"]],
        [0, 400, 9, 380]
    );
    (f(&case["low"]), f(&case["high"]))
}

/// The quick-mode record of `csv` (columns wijk, y, yhat; reference wijk=B), read `mode`.
fn quick_record(csv: &str, mode: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scored.csv");
    std::fs::write(&file, csv).unwrap();
    let out = algoreg()
        .args(["audit", "--data", file.to_str().unwrap()])
        .args(["--label", "y", "--prediction", "yhat", "--group", "wijk"])
        .args(["--reference", "wijk=B", "--json", "--quiet", mode])
        .assert()
        .get_output()
        .stdout
        .clone();
    json(&out)
}

/// A ratio of 0 whose Katz interval does not exist carries Koopman's score interval `[0, high]`.
fn assert_koopman(ratio: &serde_json::Value, high: f64, what: &str) {
    assert_eq!(ratio["value"], 0.0, "{what}");
    assert_eq!(ratio["ci_low"], 0.0, "{what}");
    assert_relative_eq!(f(&ratio["ci_high"]), high, max_relative = 1e-9);
    let undefined = ratio["undefined"].as_str().unwrap_or_default();
    assert!(!undefined.contains("Katz"), "{what}: {undefined}");
}

/// A group whose false-alarm rate is 0 (0 of 400 non-cases flagged, against 9 of 380 in the
/// reference): the ratio is 0, the Katz interval does not exist, and the record carries Koopman's
/// score interval instead, as statsmodels computes it; streamed as in memory.
#[test]
fn a_group_without_false_alarms_gets_koopmans_ratio_interval() {
    let (_, high) = koopman_0_of_400_against_9_of_380();
    let mut csv = String::from("wijk,y,yhat\n");
    for (wijk, non_cases, flagged) in [("A", 400, 0), ("B", 380, 9)] {
        for i in 0..non_cases {
            csv.push_str(&format!("{wijk},0,{}\n", u8::from(i < flagged)));
        }
        for _ in 0..50 {
            csv.push_str(&format!("{wijk},1,1\n"));
        }
    }
    for mode in ["--in-memory", "--stream"] {
        let r = quick_record(&csv, mode);
        let fpr = value_metric(group(&r, "wijk", "A"), "metrics", "fpr");
        assert_eq!(
            (&fpr["numerator"], &fpr["denominator"]),
            (&0.into(), &400.into())
        );
        assert_koopman(&fpr["comparison"]["ratio"], high, mode);
    }
}

/// A group none of whose 400 rows carries a label, against 9 labelled of 380 in the reference: the
/// sampling audit's labelled-share ratio is 0 with Koopman's score interval.
#[test]
fn a_group_without_labels_gets_koopmans_ratio_interval() {
    let (_, high) = koopman_0_of_400_against_9_of_380();
    let mut csv = String::from("wijk,y,yhat\n");
    csv.push_str(&"A,,0\n".repeat(400));
    for i in 0..380 {
        let label = if i < 9 {
            (i % 2).to_string()
        } else {
            String::new()
        };
        csv.push_str(&format!("B,{label},1\n"));
    }
    let r = quick_record(&csv, "--in-memory");
    let groups = &r["sampling"]["label_selection"]["attributes"][0]["groups"];
    let a = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "A")
        .unwrap();
    assert_eq!((&a["rows"], &a["labelled"]), (&400.into(), &0.into()));
    assert_koopman(&a["ratio"], high, "labelled share");
}
