//! The UI words of the section on how algoreg trained the model (`view::model`): `(key, nl, en)`.

/// The training section's words: (key, Dutch, English).
pub(in crate::site::view) const MODEL_WORDS: &[(&str, &str, &str)] = &[
    (
        "m_heading",
        "Hoe het model is gemaakt",
        "How the model was made",
    ),
    (
        "m_made",
        "algoreg heeft dit model zelf getraind, precies volgens de beschrijving in het register: {algorithm} die {target} voorspelt uit {features}.",
        "algoreg trained this model itself, exactly as the register describes it: {algorithm} that predicts {target} from {features}.",
    ),
    (
        "m_split",
        "Van de {rows} rijen leerde het model van {train}. De andere {test} rijen hield het apart ({how}); alleen die rijen zijn hieronder getoetst, zodat het model niet wordt beoordeeld op rijen die het al kende.",
        "Of the {rows} rows, the model learned from {train}. It held the other {test} rows back ({how}); only those rows are audited below, so the model is not judged on rows it already knew.",
    ),
    (
        "m_split_fit",
        "Van de {rows} rijen waren er {train} om van te leren; daarvan hadden er {fit} een bekende uitkomst, en alleen die gebruikte het model. De andere {test} rijen hield het apart ({how}); alleen die rijen zijn hieronder getoetst, zodat het model niet wordt beoordeeld op rijen die het al kende.",
        "Of the {rows} rows, {train} were there to learn from; {fit} of them had a known outcome, and only those were used. It held the other {test} rows back ({how}); only those rows are audited below, so the model is not judged on rows it already knew.",
    ),
    (
        "m_how_random",
        "willekeurig gekozen, met vast startgetal {seed}",
        "chosen at random, with fixed seed {seed}",
    ),
    (
        "m_how_time",
        "de laatste perioden: {column} {first} tot en met {last}",
        "the latest periods: {column} {first} to {last}",
    ),
    (
        "m_how_group",
        "hele groepen van {column}: {values}",
        "whole groups of {column}: {values}",
    ),
    ("m_how_other", "splitsing: {method}", "split: {method}"),
    ("m_more_values", "en nog {n}", "and {n} more"),
    (
        "m_negative",
        "Let op: rijen zonder bekende uitkomst telden bij het leren als {none} ({target} = 0). Wat nooit is onderzocht, telt zo als in orde. De toetsing hieronder laat zien wat dat doet met de fouten per groep.",
        "Note: rows without a known outcome counted as {none} ({target} = 0) while the model learned. What was never inspected thus counts as fine. The audit below shows what that does to the errors per group.",
    ),
    ("m_none_damage", "‘geen schade’", "‘no damage’"),
    ("m_none_generic", "‘nee’", "‘no’"),
    (
        "m_quality",
        "Hoe goed voorspelt het model de apart gehouden rijen?",
        "How well does the model predict the rows held back?",
    ),
    (
        "m_quality_classes",
        "Gemeten op de {rows} apart gehouden rijen met een bekende uitkomst, waarvan {cases} met {target} = 1. Ter vergelijking staat erbij hoe goed het zou gaan als je voor elke rij hetzelfde voorspelt: het gemiddelde van de rijen waarvan het model leerde.",
        "Measured on the {rows} rows held back that have a known outcome, {cases} of them with {target} = 1. For comparison: how well it would go if you predicted the same for every row, the average of the rows the model learned from.",
    ),
    (
        "m_quality_counts",
        "Gemeten op de {rows} apart gehouden rijen (samen {cases} in de kolom {target}). Ter vergelijking staat erbij hoe goed het zou gaan als je voor elke rij hetzelfde voorspelt: het gemiddelde van de rijen waarvan het model leerde.",
        "Measured on the {rows} rows held back (together {cases} in the column {target}). For comparison: how well it would go if you predicted the same for every row, the average of the rows the model learned from.",
    ),
    (
        "m_quality_caption",
        "Kwaliteit op de apart gehouden rijen ({level}%-intervallen)",
        "Quality on the rows held back ({level}% intervals)",
    ),
    ("m_col_metric", "Maat", "Measure"),
    ("m_col_value", "Waarde", "Value"),
    ("m_col_ci", "95%-interval", "95% interval"),
    (
        "m_col_baseline",
        "Voor elke rij het gemiddelde",
        "The average for every row",
    ),
    ("m_col_read", "Hoe te lezen", "How to read"),
    (
        "m_auc",
        "Onderscheidend vermogen (AUC)",
        "Discrimination (AUC)",
    ),
    (
        "m_auc_read",
        "hoger is beter; 0,5 is gokken, 1 is perfect",
        "higher is better; 0.5 is guessing, 1 is perfect",
    ),
    ("m_brier", "Brier-score", "Brier score"),
    (
        "m_brier_read",
        "gemiddelde gekwadrateerde fout van de voorspelde kans; lager is beter",
        "mean squared error of the predicted probability; lower is better",
    ),
    ("m_log_loss", "Log-loss", "Log loss"),
    (
        "m_log_loss_read",
        "straft zekere voorspellingen die fout zijn zwaar; lager is beter",
        "punishes confident predictions that are wrong heavily; lower is better",
    ),
    (
        "m_deviance",
        "Gemiddelde Poisson-deviantie",
        "Mean Poisson deviance",
    ),
    (
        "m_deviance_read",
        "hoe ver de voorspelde aantallen van de echte liggen; lager is beter",
        "how far the predicted counts are from the real ones; lower is better",
    ),
    ("m_explained", "Verklaarde deviantie", "Deviance explained"),
    (
        "m_explained_read",
        "hoeveel beter dan voor elke rij het gemiddelde; 0% is niet beter, hoger is beter",
        "how much better than the average for every row; 0% is no better, higher is better",
    ),
    (
        "m_mae",
        "Gemiddelde absolute fout (MAE)",
        "Mean absolute error (MAE)",
    ),
    (
        "m_mae_read",
        "gemiddeld zoveel ernaast per rij; lager is beter",
        "off by this much per row on average; lower is better",
    ),
    ("m_undefined", "niet te bepalen: ", "cannot be determined: "),
    (
        "m_check",
        "Voor wie het wil nagaan: instellingen en vingerafdrukken (SHA-256)",
        "For checking: settings and fingerprints (SHA-256)",
    ),
    ("m_algorithm", "Algoritme", "Algorithm"),
    ("m_params", "Instellingen", "Settings"),
    (
        "m_design",
        "Kolommen na voorbewerking",
        "Columns after preprocessing",
    ),
    ("m_seed", "Startgetal (seed)", "Seed"),
    (
        "m_methods",
        "Hoe de intervallen zijn berekend",
        "How the intervals were computed",
    ),
    (
        "m_inputs",
        "Waarvan het model leerde",
        "What the model learned from",
    ),
    (
        "m_artifacts",
        "Wat het trainen opleverde: het model en de apart gehouden rijen met de uitkomst van het model",
        "What training produced: the model and the rows held back with the model’s output",
    ),
    (
        "m_reproduce",
        "Opnieuw trainen geeft precies dezelfde bestanden",
        "Training again gives exactly the same files",
    ),
    (
        "m_placebo",
        "Welke kenmerken gebruikt het model?",
        "Which features does the model use?",
    ),
    (
        "m_placebo_classes",
        "algoreg trainde het model nog eens met {noise} kolommen willekeurige ruis erbij. Daarna is elk kenmerk {shuffles} keer door elkaar gehusseld over de apart gehouden rijen: hoeveel slechter het model dan onderscheidt (daling van de AUC) is wat het kenmerk bijdraagt. Een kenmerk telt als gebruikt als het meer bijdraagt dan de beste ruiskolom. Het model gebruikt {used} van de {all} kenmerken.",
        "algoreg trained the model once more with {noise} columns of random noise added. Then each feature was shuffled {shuffles} times across the held-back rows: how much worse the model then tells cases apart (the drop in AUC) is what the feature contributes. A feature counts as used when it contributes more than the best noise column. The model uses {used} of the {all} features.",
    ),
    (
        "m_placebo_counts",
        "algoreg trainde het model nog eens met {noise} kolommen willekeurige ruis erbij. Daarna is elk kenmerk {shuffles} keer door elkaar gehusseld over de apart gehouden rijen: hoeveel slechter het model dan voorspelt (stijging van de deviantie) is wat het kenmerk bijdraagt. Een kenmerk telt als gebruikt als het meer bijdraagt dan de beste ruiskolom. Het model gebruikt {used} van de {all} kenmerken.",
        "algoreg trained the model once more with {noise} columns of random noise added. Then each feature was shuffled {shuffles} times across the held-back rows: how much worse the model then predicts (the rise in deviance) is what the feature contributes. A feature counts as used when it contributes more than the best noise column. The model uses {used} of the {all} features.",
    ),
    (
        "m_placebo_caption",
        "Bijdrage van elk kenmerk, vergeleken met ruis",
        "Contribution of each feature, compared with noise",
    ),
    ("m_col_feature", "Kenmerk", "Feature"),
    (
        "m_col_importance",
        "Bijdrage (gemiddeld)",
        "Contribution (mean)",
    ),
    ("m_col_spread", "Spreiding (sd)", "Spread (sd)"),
    ("m_col_used", "Gebruikt?", "Used?"),
    ("m_used_yes", "ja, meer dan ruis", "yes, more than noise"),
    ("m_used_no", "niet meer dan ruis", "no more than noise"),
    ("m_noise_floor", "Beste ruiskolom", "Best noise column"),
];
