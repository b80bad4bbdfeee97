//! The site's fixed UI words in Dutch and English: `(key, nl, en)`, looked up by
//! [`super::frame::word`] and [`super::frame::fill`] and handed to every template as `t`; the words of
//! the training, feedback-loop and decision sections and of the history page are in `words/`.

mod charts;
mod decision;
mod export;
mod feedback;
mod history;
mod model;
mod report;

/// Every fixed word of the site: these, then the training and feedback sections' words.
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
        "Per groep: de waarde met het 95%-betrouwbaarheidsinterval, en de verhouding tot de referentiegroep. ⚑ betekent: buiten de band van het beleid en geen toeval na correctie voor het aantal vergelijkingen.",
        "Per group: the value with its 95% confidence interval, and the ratio to the reference group. ⚑ means: outside the policy's band and not chance after correcting for the number of comparisons.",
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
        "Beleid voor dit deel: een afwijking is een verhouding buiten {band}{drift} die geen toeval is: α = {alpha} na {correction}-correctie over de {tested} toetsen van dit deel. Oordeel pas vanaf {min} (verwachte) rijen.",
        "Policy for this part: a finding is a ratio outside {band}{drift} that is not chance: α = {alpha} after {correction} correction over the {tested} tests of this part. No verdict below {min} (expected) rows.",
    ),
    (
        "s_policy_drift",
        " (bij een verschuiving: een PSI van ten minste {floor})",
        " (for a shift: a PSI of at least {floor})",
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
        "Meldingsgraad — {attribute}: {events} tegenover {source}, {year}; referentiegroep {reference} ({rule})",
        "Reporting rate — {attribute}: {events} against {source}, {year}; reference group {reference} ({rule})",
    ),
    (
        "s_drift_intro",
        "Het model leerde van {training} rijen trainingsdata en beoordeelt nu {current} rijen. Per kenmerk: hoe ver de verdeling is verschoven. De PSI (population stability index) is 0 als er niets veranderde; hoe groter, hoe verder verschoven.",
        "The model learned from {training} rows of training data and now scores {current} rows. Per feature: how far its distribution has moved. The PSI (population stability index) is 0 when nothing changed; the larger, the further it moved.",
    ),
    (
        "s_drift_caption",
        "Verschuiving per kenmerk — een verschuiving is een afwijking vanaf PSI {floor}, als ze geen toeval is",
        "Shift per feature — a shift is a finding from PSI {floor}, when it is not chance",
    ),
    // Verdicts of the sampling tables, in the error-rate table's words (drift: the PSI floor).
    ("v_flagged", "⚑ afwijking", "⚑ finding"),
    ("v_within", "binnen de band", "within the band"),
    (
        "v_outside",
        "buiten de band, mogelijk toeval",
        "outside the band, may be chance",
    ),
    ("v_below_floor", "onder de drempel", "below the floor"),
    (
        "v_above_floor",
        "boven de drempel, mogelijk toeval",
        "above the floor, may be chance",
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
    // The spurious-correlation section (`spurious`): headings, fixed lines, column headers, verdicts.
    (
        "spurious_heading",
        "Zegt een kolom echt iets over de uitkomst?",
        "Does a column really say something about the outcome?",
    ),
    (
        "spurious_intro",
        "Een kolom kan samenhangen met de uitkomst zonder er iets over te zeggen: een schijnverband (spurious correlation). Dat gebeurt op vier manieren. Door toeval: wie veel kolommen toetst, vindt er altijd een paar die toevallig samenhangen. Door een gedeelde trend in de tijd: twee dingen die allebei stijgen, lijken met elkaar te maken te hebben. Door een lek: een kolom die pas na de uitkomst wordt vastgelegd, bevat het antwoord al. En als vervanger van wie waar woont: een kolom die een beschermd kenmerk verraadt, zoals de wijk of het inkomen, laat het model groepen verschillend behandelen zonder dat kenmerk te zien. Een model dat op zo’n verband leunt, lijkt goed te werken, maar faalt bij nieuwe gevallen of benadeelt groepen. Dit deel toetst elke kolom van de data daarop.",
        "A column can be related to the outcome without saying anything about it: a spurious correlation. That happens in four ways. By chance: whoever tests many columns always finds a few that are related by accident. Through a shared trend over time: two things that both rise seem to have something to do with each other. Through a leak: a column that is only recorded after the outcome already holds the answer. And as a stand-in for who lives where: a column that gives away a protected attribute, such as the neighbourhood or income, lets the model treat groups differently without seeing that attribute. A model that leans on such a relation seems to work well, but fails on new cases or puts groups at a disadvantage. This part checks every column of the data for it.",
    ),
    (
        "sp_policy",
        "Beleid voor dit deel: een kolom lekt de uitkomst vanaf een AUC van {leak}; een kolom is een sterke vervanger van een beschermd kenmerk vanaf Cramérs V {proxy}; een samenhang komt door de tijd als zij binnen de perioden zakt onder {collapse} van de ruwe correlatie; een correlatie over de tijd moet rusten op ten minste {points} onafhankelijke meetpunten (effectieve punten). Geen toeval: α = {alpha} na correctie voor het aantal toetsen ({tested} toetsen in dit deel). Oordeel pas vanaf {min} rijen.",
        "Policy for this part: a column leaks the outcome from an AUC of {leak}; a column is a strong stand-in for a protected attribute from Cramér’s V {proxy}; a relation comes from time when within periods it drops below {collapse} of the raw correlation; a correlation over time must rest on at least {points} independent points (effective points). Not chance: α = {alpha} after correction for the number of tests ({tested} tests in this part). No verdict below {min} rows.",
    ),
    (
        "sp_assoc",
        "Welke kolommen hangen samen met de uitkomst?",
        "Which columns are related to the outcome?",
    ),
    (
        "sp_assoc_intro",
        "Per kolom: hoe sterk zij samenhangt met de uitkomst ({target}). Voor een getal is dat de AUC: de kans dat een rij met een positieve uitkomst een hogere waarde heeft dan een rij zonder; 0,5 is geen samenhang, hoe verder van 0,5 hoe sterker. Voor een categorie is het Cramérs V: 0 is geen samenhang, 1 volledig. Spearmans ρ (rangcorrelatie, van −1 tot +1) en de informatie die de kolom over de uitkomst geeft (mutual information, in bits) zeggen hetzelfde op een andere schaal. Samenhang is nog geen bevinding: ook een echte oorzaak hangt samen met de uitkomst.",
        "Per column: how strongly it is related to the outcome ({target}). For a number that is the AUC: the chance that a row with a positive outcome has a higher value than a row without; 0.5 is no relation, the further from 0.5 the stronger. For a category it is Cramér’s V: 0 is no relation, 1 complete. Spearman’s ρ (rank correlation, from −1 to +1) and the information the column gives about the outcome (mutual information, in bits) say the same on another scale. A relation is not a finding by itself: a real cause is related to the outcome too.",
    ),
    (
        "sp_inputs_unknown",
        "Het manifest zegt niet welke kolommen het model gebruikt; daarom staat er ‘onbekend’ bij invoer van het model.",
        "The manifest does not say which columns the model uses, hence ‘unknown’ under model input.",
    ),
    (
        "sp_assoc_caption",
        "Samenhang met {target} — {rows} rijen met een bekende uitkomst",
        "Relation with {target} — {rows} rows with a known outcome",
    ),
    ("sp_not_tested", "Niet getoetst", "Not tested"),
    ("sp_empty_cells", "{n} lege cellen", "{n} empty cells"),
    (
        "sp_leak",
        "Verraadt een kolom de uitkomst?",
        "Does a column give the outcome away?",
    ),
    (
        "sp_leak_intro",
        "Een lek is een kolom die het antwoord al bevat, vaak omdat zij pas na de uitkomst wordt vastgelegd. Een model dat ervan leert, lijkt nauwkeurig maar werkt niet bij nieuwe gevallen. Getoetst: een kolom die in haar eentje de uitkomst bijna bepaalt, een volgnummer waarvan de volgorde de uitkomst verraadt, en lege cellen die alleen bij een bepaalde uitkomst voorkomen.",
        "A leak is a column that already holds the answer, often because it is only recorded after the outcome. A model that learns from it seems accurate but does not work on new cases. Checked: a column that on its own nearly decides the outcome, a serial number whose order gives the outcome away, and empty cells that occur only with one outcome.",
    ),
    (
        "sp_leak_none",
        "Geen kolom verraadt de uitkomst.",
        "No column gives the outcome away.",
    ),
    (
        "sp_leak_caption",
        "Mogelijke lekken — uitkomst {target}",
        "Possible leaks — outcome {target}",
    ),
    (
        "sp_trend",
        "Komt een samenhang alleen door de tijd?",
        "Does a relation only come from time?",
    ),
    (
        "sp_trend_intro",
        "Twee dingen die in dezelfde jaren stijgen, lijken samen te hangen, ook als ze niets met elkaar te maken hebben. Per kolom die samenhangt met de uitkomst: de correlatie (r) over alle rijen, binnen elke periode (dan valt wat alleen tussen perioden verandert weg), en tussen de periodegemiddelden als twee reeksen: ruw, in de veranderingen van periode tot periode, en na het weghalen van een rechte trend. Opeenvolgende perioden lijken op elkaar; daarom staat erbij op hoeveel onafhankelijke meetpunten (effectieve punten) de reeks werkelijk rust.",
        "Two things that rise in the same years seem related, even when they have nothing to do with each other. Per column related to the outcome: the correlation (r) over all rows, within each period (what only changes between periods drops out), and between the period means as two series: raw, in the changes from period to period, and after removing a straight-line trend. Successive periods resemble each other, so the table also says on how many independent points (effective points) the series really rests.",
    ),
    (
        "sp_time_line",
        "Tijdkolom: {column}, {periods} perioden ({first}–{last}).",
        "Time column: {column}, {periods} periods ({first}–{last}).",
    ),
    (
        "sp_time_none",
        "Het manifest noemt geen tijdkolom: gedeelde trends in de tijd zijn niet getoetst.",
        "The manifest names no time column: shared trends over time were not checked.",
    ),
    (
        "sp_trend_caption",
        "Samenhang met {target} over de tijd ({column})",
        "Relation with {target} over time ({column})",
    ),
    (
        "sp_none_related",
        "Geen getallenkolom hangt samen met de uitkomst: er is niets om zo te toetsen.",
        "No numeric column is related to the outcome: there is nothing to check this way.",
    ),
    (
        "sp_one_per_period",
        "één rij per periode",
        "one row per period",
    ),
    (
        "sp_series_alone",
        "{feature} houdt stand binnen de perioden, maar de periodegemiddelden alleen zouden niets bewijzen: {reasons}.",
        "{feature} holds within periods, but the period means alone would prove nothing: {reasons}.",
    ),
    (
        "sp_stability",
        "Geldt de samenhang overal?",
        "Does the relation hold everywhere?",
    ),
    (
        "sp_stability_intro",
        "Een samenhang die in één wijk of één periode omkeert, of die verdwijnt zonder één groep, is geen vaste regel: een model dat erop leunt, werkt elders verkeerd. Per kolom en per indeling: in hoeveel groepen de correlatie te beoordelen is, hoe verschillend de groepen zijn (I²: 0% is even sterk overal, dicht bij 100% zijn de verschillen groot), en waar de samenhang omkeert of van afhangt. De groepen zelf staan hier niet: alleen de namen van groepen waar de samenhang omkeert of waar zij van afhangt.",
        "A relation that reverses in one neighbourhood or period, or disappears without one group, is no fixed rule: a model that leans on it goes wrong elsewhere. Per column and per split: in how many groups the correlation can be judged, how different the groups are (I²: 0% is equally strong everywhere, close to 100% the differences are large), and where the relation reverses or what it rests on. The groups themselves are not listed: only the names of groups where the relation reverses or that it rests on.",
    ),
    (
        "sp_stability_caption",
        "Samenhang met {target} per groep en per periode",
        "Relation with {target} per group and per period",
    ),
    ("sp_strata", "{judged} van {total}", "{judged} of {total}"),
    (
        "sp_strata_small",
        "{n} met te weinig rijen",
        "{n} with too few rows",
    ),
    ("sp_reverses", "keert om in {names}", "reverses in {names}"),
    ("sp_rests_on", "hangt aan {name}", "rests on {name}"),
    (
        "sp_small_stratum",
        "een groep met minder dan 10 rijen",
        "a group with fewer than 10 rows",
    ),
    (
        "sp_proxy",
        "Staat een kolom in voor een beschermd kenmerk?",
        "Does a column stand in for a protected attribute?",
    ),
    (
        "sp_proxy_intro",
        "Een model dat de wijk of het inkomen niet ziet, kan die toch gebruiken via een kolom die ze verraadt, zoals een postcode of een coördinaat. Per beschermd kenmerk: hoe sterk elke kolom ermee samenhangt (Cramérs V: 0 is niets, 1 verraadt het helemaal), en hoe goed de sterkste kolommen samen het kenmerk voorspellen. Een sterke vervanger is een bevinding als het model de kolom gebruikt.",
        "A model that does not see the neighbourhood or income can still use them through a column that gives them away, such as a postcode or a coordinate. Per protected attribute: how strongly each column is related to it (Cramér’s V: 0 is nothing, 1 gives it away completely), and how well the strongest columns together predict the attribute. A strong stand-in is a finding when the model uses the column.",
    ),
    (
        "sp_proxy_none",
        "Er zijn geen beschermde kenmerken om vervangers voor te zoeken.",
        "There are no protected attributes to look for stand-ins of.",
    ),
    (
        "sp_proxy_caption",
        "Vervangers van {attribute} ({groups} groepen)",
        "Stand-ins for {attribute} ({groups} groups)",
    ),
    (
        "sp_reconstruct",
        "Samen voorspellen {features} {attribute} goed voor {accuracy} van de {rows} rijen (door de grootste groep te gokken: {baseline}; Cohens κ {kappa}: 0 is niet beter dan gokken, 1 is perfect).",
        "Together, {features} predict {attribute} right for {accuracy} of {rows} rows (guessing the largest group: {baseline}; Cohen’s κ {kappa}: 0 is no better than guessing, 1 is perfect).",
    ),
    (
        "sp_reconstruct_one",
        "Alleen al {features} voorspelt {attribute} goed voor {accuracy} van de {rows} rijen (door de grootste groep te gokken: {baseline}; Cohens κ {kappa}: 0 is niet beter dan gokken, 1 is perfect).",
        "{features} alone predicts {attribute} right for {accuracy} of {rows} rows (guessing the largest group: {baseline}; Cohen’s κ {kappa}: 0 is no better than guessing, 1 is perfect).",
    ),
    ("sp_and", "en", "and"),
    ("sp_col_input", "Invoer van het model", "Model input"),
    ("sp_col_measure", "Sterkte", "Strength"),
    ("sp_col_spearman", "Spearmans ρ", "Spearman’s ρ"),
    ("sp_col_mi", "Informatie (bits)", "Information (bits)"),
    ("sp_col_value", "Waarde", "Value"),
    ("sp_col_detail", "Wat is gemeten", "What was measured"),
    ("sp_col_r", "r over alle rijen", "r over all rows"),
    (
        "sp_col_r_within",
        "r binnen de perioden",
        "r within periods",
    ),
    (
        "sp_col_r_series",
        "r van de periode\u{ad}gemiddelden",
        "r of the period means",
    ),
    (
        "sp_col_r_diff",
        "r van de veranderingen",
        "r of the changes",
    ),
    (
        "sp_col_r_detrended",
        "r zonder rechte trend",
        "r without straight-line trend",
    ),
    ("sp_col_effective", "Effectieve punten", "Effective points"),
    ("sp_col_by", "Indeling", "Split by"),
    ("sp_col_strata", "Te beoordelen groepen", "Groups judged"),
    (
        "sp_col_i2",
        "Verschil tussen groepen (I²)",
        "Difference between groups (I²)",
    ),
    (
        "sp_col_where",
        "Omkering of afhankelijkheid",
        "Reversal or dependence",
    ),
    ("sp_col_v", "Cramérs V", "Cramér’s V"),
    ("sp_yes", "ja", "yes"),
    ("sp_no", "nee", "no"),
    ("sp_unknown", "onbekend", "unknown"),
    ("sp_v_related", "samenhang", "related"),
    (
        "sp_v_unrelated",
        "geen samenhang na correctie",
        "not related after correction",
    ),
    (
        "sp_v_chance",
        "mogelijk toeval, geen bevinding",
        "may be chance, no finding",
    ),
    (
        "sp_v_holds_within",
        "houdt stand binnen de perioden",
        "holds within periods",
    ),
    (
        "sp_v_survives",
        "houdt stand na de trendtoetsen",
        "survives the trend checks",
    ),
    ("sp_v_stable", "stabiel", "stable"),
    (
        "sp_v_flip_chance",
        "keert hier en daar om, mogelijk toeval",
        "reverses in places, may be chance",
    ),
    (
        "sp_v_weak",
        "geen sterke vervanger",
        "not a strong stand-in",
    ),
    (
        "sp_v_strong_used",
        "sterke vervanger die het model gebruikt",
        "strong stand-in the model uses",
    ),
    (
        "sp_v_strong_unused",
        "sterke vervanger, maar geen invoer van het model",
        "strong stand-in, but not a model input",
    ),
    (
        "sp_v_strong_unknown",
        "sterke vervanger; onbekend of het model deze kolom gebruikt",
        "strong stand-in; unknown whether the model uses this column",
    ),
    (
        "sp_v_strong_chance",
        "sterke vervanger, maar mogelijk toeval",
        "strong stand-in, but may be chance",
    ),
    (
        "sp_kind_determines",
        "bepaalt in haar eentje bijna de uitkomst",
        "nearly decides the outcome on its own",
    ),
    (
        "sp_kind_identifier",
        "lijkt een volgnummer of kenmerk",
        "looks like a serial number or identifier",
    ),
    (
        "sp_kind_missing_labelled",
        "alleen leeg als de uitkomst bekend is",
        "empty only when the outcome is known",
    ),
    (
        "sp_kind_present_labelled",
        "alleen ingevuld als de uitkomst bekend is",
        "filled in only when the outcome is known",
    ),
    (
        "sp_kind_missing_positive",
        "alleen leeg bij een positieve uitkomst",
        "empty only with a positive outcome",
    ),
    (
        "sp_kind_missing_negative",
        "alleen leeg bij een negatieve uitkomst",
        "empty only with a negative outcome",
    ),
    ("sp_warnings", "Waarschuwingen", "Warnings"),
    (
        "sp_placebo",
        "Op welke kolommen leunt het model?",
        "Which columns does the model lean on?",
    ),
    (
        "sp_placebo_intro",
        "algoreg ziet niet in een model dat elders is gemaakt. Daarom bootst het de uitkomst van het model ({output}) na met een eenvoudig rechtlijnig model op alle geteste kolommen, plus {noise} kolommen met puur toeval (placebo). Het leert op de even rijen en wordt beoordeeld op de oneven rijen; het verklaart daar {r2} van wat het model doet (R²). Per kolom: hoeveel slechter de nabootsing wordt als je die kolom door elkaar husselt (permutatie-belang, als deel van de spreiding). Een kolom die niet boven de toevalskolommen uitkomt ({floor}), gebruikt het model niet merkbaar. Kolommen die samenhangen, delen de eer.",
        "algoreg cannot see inside a model made elsewhere. So it imitates the model’s output ({output}) with a simple straight-line model on all tested columns, plus {noise} columns of pure chance (placebo). It learns on the even rows and is judged on the odd rows, where it explains {r2} of what the model does (R²). Per column: how much worse the imitation gets when that column is shuffled (permutation importance, as a share of the spread). A column that does not rise above the chance columns ({floor}) is not used noticeably by the model. Columns that go together share the credit.",
    ),
    (
        "sp_placebo_none",
        "Geen placebocontrole: {reason}",
        "No placebo check: {reason}",
    ),
    (
        "sp_placebo_caption",
        "Belang per kolom voor de uitkomst van het model ({output})",
        "Importance of each column for the model’s output ({output})",
    ),
    ("sp_col_importance", "Belang", "Importance"),
    ("sp_col_above_noise", "Boven toeval?", "Above chance?"),
    (
        "sp_above_noise",
        "ja, boven de toevalskolommen",
        "yes, above the chance columns",
    ),
    (
        "sp_below_noise",
        "nee, niet boven toeval",
        "no, not above chance",
    ),
    (
        "sp_noise_floor",
        "hoogste toevalskolom",
        "highest chance column",
    ),
];
