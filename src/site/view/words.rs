//! The site's fixed UI words in Dutch and English: `(key, nl, en)`, looked up by
//! [`super::frame::word`] and [`super::frame::fill`] and handed to every template as `t`; the words of
//! the training, feedback-loop, decision and spurious-correlation sections, the report, the exports,
//! the charts and the history page are in `words/`.

mod charts;
mod decision;
mod export;
mod feedback;
mod history;
mod model;
mod report;
mod spurious;

/// Every fixed word of the site: these, then those of `words/`.
pub(super) fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    WORDS
        .iter()
        .chain(model::MODEL_WORDS)
        .chain(feedback::FEEDBACK_WORDS)
        .chain(decision::DECISION_WORDS)
        .chain(report::REPORT_WORDS)
        .chain(history::HISTORY_WORDS)
        .chain(export::EXPORT_WORDS)
        .chain(charts::CHART_WORDS)
        .chain(spurious::SPURIOUS_WORDS)
}

/// The fixed words of the site: (key, Dutch, English).
const WORDS: &[(&str, &str, &str)] = &[
    ("site_title", "Algoritmeregister", "Algorithm register"),
    (
        "site_intro",
        "Welke algoritmes gebruikt de gemeente, waarvoor, en hoe vallen hun fouten uit per groep? Elk model hieronder is getoetst op ongelijke fouten.",
        "Which algorithms does the municipality use, what for, and how do their errors fall on each group? Every model below was audited for unequal errors.",
    ),
    ("col_name", "Naam", "Name"),
    ("col_org", "Organisatie", "Organisation"),
    ("col_theme", "Thema", "Theme"),
    ("col_status", "Status", "Status"),
    ("col_category", "Categorie", "Category"),
    ("col_audit", "Toetsing", "Audit"),
    (
        "register_fields",
        "Gegevens in het register",
        "Register details",
    ),
    (
        "audit_heading",
        "Hoe vallen de fouten uit per groep?",
        "How do the errors fall on each group?",
    ),
    (
        "sampling_heading",
        "Is de data een eerlijk beeld?",
        "Is the data a fair picture?",
    ),
    (
        "sampling_intro",
        "Een model kent alleen wat er is vastgelegd. Gegevens komen binnen via inspecties, controles en meldingen: wat vaker wordt bekeken of gemeld, staat vaker in de data, en wat niemand vastlegt, ziet het model niet. Dit deel toetst of de data een eerlijk beeld geeft van de gevallen waarover het model beslist: bij wie de uitkomst bekend is, of elke groep naar verhouding in de data zit, hoeveel van wat er gebeurt ook wordt gemeld, en of de data is veranderd sinds het model ervan leerde.",
        "A model only knows what was recorded. Data arrives through inspections, checks and reports: what is looked at or reported more often is in the data more often, and what nobody records the model never sees. This part checks whether the data is a fair picture of the cases the model decides about: for whom the outcome is known, whether every group is in the data in proportion, how much of what happens is reported at all, and whether the data has changed since the model learned from it.",
    ),
    ("findings_heading", "Bevindingen", "Findings"),
    (
        "no_findings",
        "Geen afwijkingen buiten de band die het beleid accepteert.",
        "No differences outside the band the policy accepts.",
    ),
    (
        "not_audited",
        "Dit model is nog niet getoetst.",
        "This model has not been audited yet.",
    ),
    ("col_group", "Groep", "Group"),
    ("col_rows", "Rijen", "Rows"),
    ("col_labelled", "Met uitkomst", "With outcome"),
    (
        "evidence",
        "Bewijs en herhaalbaarheid",
        "Evidence and reproducibility",
    ),
    ("reproduce", "Opnieuw uitrekenen", "Reproduce"),
    ("back", "Terug naar het overzicht", "Back to the overview"),
    (
        "object_heading",
        "Bezwaar en vragen",
        "Objections and questions",
    ),
    (
        "how_to_read",
        "Per groep: de waarde met het 95%-betrouwbaarheidsinterval, en de verhouding tot de referentiegroep. ⚑ betekent: ook als je rekening houdt met toeval (en met het aantal vergelijkingen) ligt de verhouding buiten de band van het beleid. ‘Binnen de band’: het hele interval ligt in de band. ‘Onzeker’: het interval ligt deels in en deels buiten de band; de gegevens zeggen dan niet welke van de twee het is.",
        "Per group: the value with its 95% confidence interval, and the ratio to the reference group. ⚑ means: even allowing for chance (and for the number of comparisons), the ratio lies beyond the policy's band. ‘Within the band’: the whole interval lies inside the band. ‘Uncertain’: the interval lies partly inside and partly outside the band, so the data cannot tell which it is.",
    ),
    ("uncertain_heading", "Hoe onzeker?", "How uncertain?"),
    (
        "methods_summary",
        "De methoden precies (in het Engels, zoals in het toetsingsverslag)",
        "The methods exactly (as in the audit record)",
    ),
    ("skip", "Naar de inhoud", "Skip to content"),
    // The sampling section (`sampling`): headings, fixed lines and column headers.
    (
        "s_labels",
        "Bij wie is de uitkomst bekend?",
        "For whom is the outcome known?",
    ),
    (
        "s_labels_reporting",
        "Dat de uitkomst bekend is, zegt niet dat alles wat er gebeurt ook is vastgelegd: zie de meldingsgraad hieronder.",
        "A known outcome does not mean everything that happens was recorded: see the reporting rate below.",
    ),
    (
        "s_population",
        "Lijkt de data op de bevolking?",
        "Does the data look like the population?",
    ),
    (
        "s_population_intro",
        "Per groep: het aandeel in de data tegenover het aandeel in de bevolking. Een verhouding van 1 is precies naar verhouding; onder 1 zit de groep te weinig in de data, boven 1 te veel.",
        "Per group: its share of the data against its share of the population. A ratio of 1 is exactly in proportion; below 1 the group is under-represented in the data, above 1 over-represented.",
    ),
    (
        "s_reporting",
        "Komt wat er gebeurt in de data?",
        "Does what happens reach the data?",
    ),
    (
        "s_survey_error",
        "Voor minstens één groep geeft de schatting geen standaardfout. Die intervallen bevatten alleen de onzekerheid van de meldingen, niet die van de schatting, en zijn dus te smal.",
        "For at least one group the estimate gives no standard error. Those intervals hold only the uncertainty of the reports, not that of the estimate, so they are too narrow.",
    ),
    (
        "s_drift",
        "Is de data veranderd sinds de training?",
        "Has the data changed since training?",
    ),
    (
        "s_shift_hidden",
        "grootste verschuiving in een categorie met minder dan 10 rijen: niet gepubliceerd",
        "largest shift in a category with fewer than 10 rows: not published",
    ),
    (
        "s_policy",
        "Beleid voor dit deel: een afwijking is een verhouding die ook met toeval meegerekend buiten {band} ligt{drift}: een toets tegen de rand van de band, α = {alpha} na {correction}-correctie over de {tested} toetsen van dit deel. Oordeel pas vanaf {min} (verwachte) rijen.",
        "Policy for this part: a finding is a ratio that lies beyond {band} even allowing for chance{drift}: a test against the band's edge, α = {alpha} after {correction} correction over the {tested} tests of this part. No verdict below {min} (expected) rows.",
    ),
    (
        "s_policy_drift",
        " (bij een verschuiving: een PSI die, ook met toeval meegerekend, boven {floor} ligt)",
        " (for a shift: a PSI that lies above {floor} even allowing for chance)",
    ),
    (
        "s_labels_all",
        "Bij alle {rows} rijen is de uitkomst bekend: de foutmaten rusten niet op een selectie van de rijen.",
        "Every one of the {rows} rows carries a label (a known outcome): the error rates do not rest on a selected sample of the rows.",
    ),
    (
        "s_labels_caption",
        "Uitkomst bekend — {attribute}; referentiegroep {reference}",
        "Outcome known — {attribute}; reference group {reference}",
    ),
    (
        "s_labels_tests",
        "χ²-toets op samenhang — uitkomst bekend × groep: {labelled}; uitkomst × groep, onder de rijen met bekende uitkomst: {outcome}.",
        "χ² test of independence — outcome known × group: {labelled}; outcome × group, among the rows with a known outcome: {outcome}.",
    ),
    (
        "s_population_caption",
        "Vertegenwoordiging — {attribute}: {rows} rijen in de data tegenover een bevolking van {population} (eenheid: {unit}; bron: {source}, {year}{named})",
        "Representation — {attribute}: {rows} rows in the data against a population of {population} (unit: {unit}; source: {source}, {year}{named})",
    ),
    ("s_population_named", ", daar {name}", ", there {name}"),
    (
        "s_population_tests",
        "Toets over alle groepen samen: {chi}; {g}. Totale variatieafstand: {tvd}; zoveel van de data zou bij een andere groep moeten horen om op de bevolking te lijken.",
        "Test over all groups together: {chi}; {g}. Total variation distance: {tvd}; the share of the data that would have to belong to another group to match the population.",
    ),
    (
        "s_reporting_intro",
        "Een model dat van meldingen leert, ziet alleen wat gemeld wordt. Per groep: de geregistreerde voorvallen (kolom {events}) tegenover het aantal dat een onafhankelijke schatting verwacht ({source}, {year}). De meldingsgraad is het deel van de voorvallen dat in de data komt.",
        "A model that learns from reports only sees what is reported. Per group: the recorded events (column {events}) against the number an independent estimate expects ({source}, {year}). The reporting rate is the share of events that reach the data.",
    ),
    (
        "s_reporting_expected",
        "Verwacht = incidentie per 1.000 per jaar × persoonsjaren ({people}; één rij beslaat één {period}).",
        "Expected = incidence per 1,000 per year × person-years ({people}; one row covers one {period}).",
    ),
    (
        "s_reporting_exposure",
        "inwoners uit kolom {column}",
        "residents from column {column}",
    ),
    (
        "s_reporting_one",
        "één persoon per rij",
        "one person per row",
    ),
    (
        "s_reporting_caption",
        "Meldingsgraad — {attribute}: {events} tegenover {source}, {year}; elke groep vergeleken met {reference}",
        "Reporting rate — {attribute}: {events} against {source}, {year}; each group compared with {reference}",
    ),
    (
        "s_drift_intro",
        "Het model leerde van {training} rijen trainingsdata en beoordeelt nu {current} rijen. Per kenmerk: hoe ver de verdeling is verschoven. De PSI (population stability index) is 0 als er niets veranderde; hoe groter, hoe verder verschoven.",
        "The model learned from {training} rows of training data and now scores {current} rows. Per feature: how far its distribution has moved. The PSI (population stability index) is 0 when nothing changed; the larger, the further it moved.",
    ),
    (
        "s_drift_caption",
        "Verschuiving per kenmerk — een verschuiving is een afwijking als de PSI ook met toeval meegerekend boven {floor} ligt",
        "Shift per feature — a shift is a finding when the PSI lies above {floor} even allowing for chance",
    ),
    // Verdicts of the sampling tables, in the error-rate table's words (drift: the PSI floor).
    ("v_flagged", "⚑ afwijking", "⚑ finding"),
    ("v_within", "binnen de band", "within the band"),
    (
        "v_uncertain",
        "onzeker: het interval ligt deels in, deels buiten de band",
        "uncertain: the interval lies partly inside, partly outside the band",
    ),
    (
        "v_below_floor",
        "onder de drempel: het hele interval ligt eronder",
        "below the floor: the whole interval lies under it",
    ),
    (
        "v_above_floor",
        "onzeker: het interval ligt deels onder, deels boven de drempel",
        "uncertain: the interval lies partly below, partly above the floor",
    ),
    (
        "v_too_few",
        "te weinig rijen om te oordelen",
        "too few rows to judge",
    ),
    ("v_undefined", "niet te bepalen", "cannot be determined"),
    ("v_not_judged", "niet getoetst", "not judged"),
    ("s_not_compared", "Niet vergeleken", "Not compared"),
    ("s_warnings", "Waarschuwingen", "Warnings"),
    ("s_col_known", "Met bekende uitkomst", "Outcome known"),
    (
        "s_col_ratio",
        "Verhouding tot de referentiegroep",
        "Ratio to the reference group",
    ),
    (
        "s_col_positive",
        "Positieve uitkomst onder de bekende",
        "Positive outcome among the known",
    ),
    ("s_col_verdict", "Oordeel", "Verdict"),
    ("s_col_rows_data", "Rijen in de data", "Rows in the data"),
    (
        "s_col_share_data",
        "Aandeel in de data",
        "Share of the data",
    ),
    (
        "s_col_share_population",
        "Aandeel in de bevolking",
        "Share of the population",
    ),
    (
        "s_col_ratio_population",
        "Verhouding data / bevolking",
        "Ratio data / population",
    ),
    (
        "s_col_recorded",
        "Geregistreerde voorvallen",
        "Recorded events",
    ),
    (
        "s_col_expected",
        "Verwacht volgens de onafhankelijke schatting",
        "Expected by the independent estimate",
    ),
    (
        "s_col_reporting_rate",
        "Meldingsgraad: deel van de voorvallen dat in de data komt",
        "Reporting rate: share of events that reach the data",
    ),
    ("s_col_feature", "Kenmerk", "Feature"),
    ("s_col_kind", "Soort", "Kind"),
    ("s_col_how", "Hoe verschoven", "How it shifted"),
    ("s_col_psi", "PSI", "PSI"),
    ("s_col_test", "Toets", "Test"),
    ("s_col_p", "p (na correctie)", "p (adjusted)"),
];
