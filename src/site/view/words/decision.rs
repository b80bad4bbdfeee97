//! The UI words of the committee's decision section (`view::decision`): `(key, nl, en)`.

/// The decision section's words: (key, Dutch, English).
pub(in crate::site::view) const DECISION_WORDS: &[(&str, &str, &str)] = &[
    (
        "d_heading",
        "Besluit van de ethische commissie",
        "Decision of the ethics committee",
    ),
    ("d_state", "Stand van zaken: {state}.", "Status: {state}."),
    (
        "d_none",
        "De commissie heeft dit model nog niet beoordeeld.",
        "The committee has not reviewed this model yet.",
    ),
    (
        "d_decided",
        "Op {date} besloot de commissie: {decision}.",
        "On {date} the committee decided: {decision}.",
    ),
    ("d_approved", "goedgekeurd", "approved"),
    (
        "d_approved_conditions",
        "goedgekeurd onder voorwaarden",
        "approved with conditions",
    ),
    ("d_changes", "eerst aanpassen", "changes requested"),
    ("d_rejected", "afgewezen", "rejected"),
    (
        "d_basis",
        "Het besluit gaat over het auditrapport met vingerafdruk (SHA-256)",
        "The decision concerns the audit record with fingerprint (SHA-256)",
    ),
    (
        "d_current",
        "Dat is de audit op deze pagina.",
        "That is the audit on this page.",
    ),
    (
        "d_outdated",
        "De audit is sindsdien opnieuw gedaan: dit besluit gaat over een eerdere versie en geldt niet meer.",
        "The audit has been redone since: this decision is about an earlier version and no longer holds.",
    ),
    ("d_members", "Wie besloot", "Who decided"),
    ("d_reasoning", "Waarom", "Why"),
    ("d_conditions", "Voorwaarden", "Conditions"),
    ("d_due", "uiterlijk {date}", "by {date}"),
    ("d_dissent", "Afwijkende mening", "Dissenting opinion"),
    (
        "d_re_review",
        "De commissie kijkt uiterlijk {date} opnieuw naar dit model.",
        "The committee reviews this model again by {date}.",
    ),
    (
        "d_re_review_due",
        "De commissie had uiterlijk {date} opnieuw naar dit model moeten kijken: die herbeoordeling is nu nodig.",
        "The committee was to review this model again by {date}: that re-review is due now.",
    ),
    (
        "d_history",
        "De geschiedenis van dit model telt {n} gebeurtenissen; de vingerafdruk (SHA-256) van de laatste is",
        "The history of this model has {n} events; the fingerprint (SHA-256) of the latest is",
    ),
    ("st_draft", "nog niet geaudit", "not audited yet"),
    (
        "st_audited",
        "geaudit, nog niet voorgelegd aan de commissie",
        "audited, not yet put to the committee",
    ),
    (
        "st_in_review",
        "ligt voor bij de commissie",
        "before the committee",
    ),
    ("st_approved", "goedgekeurd", "approved"),
    (
        "st_approved_conditions",
        "goedgekeurd onder voorwaarden",
        "approved with conditions",
    ),
    (
        "st_changes",
        "de commissie vroeg om aanpassingen",
        "the committee asked for changes",
    ),
    ("st_rejected", "afgewezen", "rejected"),
    (
        "st_published",
        "goedgekeurd en gepubliceerd",
        "approved and published",
    ),
    ("st_retired", "buiten gebruik", "retired"),
];
