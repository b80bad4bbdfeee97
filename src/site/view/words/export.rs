//! The UI words of the export links (entry page and index): `(key, nl, en)`.

/// The export links' words: (key, Dutch, English).
pub(in crate::site::view) const EXPORT_WORDS: &[(&str, &str, &str)] = &[
    ("x_heading", "Downloads", "Downloads"),
    (
        "x_intro",
        "Deze gegevens als bestand, om te hergebruiken. Groepen die te klein zijn om te publiceren, staan er zonder cijfers in, net als op deze pagina.",
        "This information as files, for reuse. Groups too small to publish appear in them without figures, as on this page.",
    ),
    (
        "x_register",
        "Registratie voor het landelijke Algoritmeregister (JSON, publicatiestandaard 1.0)",
        "Entry for the national Algorithm Register (JSON, Dutch publication standard 1.0)",
    ),
    (
        "x_model_card",
        "Modelkaart met de cijfers per groep (JSON)",
        "Model card with the figures per group (JSON)",
    ),
    (
        "x_csv",
        "Alle registraties in één tabel (CSV)",
        "All entries in one table (CSV)",
    ),
    (
        "x_record_note",
        "Het volledige toetsingsverslag ligt bij de ethische commissie; het bevat ook cijfers over kleine groepen en wordt daarom niet gepubliceerd.",
        "The full audit record is kept by the ethics committee; it also holds figures about small groups and is therefore not published.",
    ),
];
