//! The UI words of the audit charts and the grid map (`view::chart`): `(key, nl, en)`.

/// The charts' words: (key, Dutch, English).
pub(in crate::site::view) const CHART_WORDS: &[(&str, &str, &str)] = &[
    ("ch_heading", "In grafieken", "As charts"),
    (
        "ch_intro",
        "Dezelfde uitkomsten als in de tabellen, als grafiek. Bij elke grafiek staat in welke tabel de getallen staan.",
        "The same results as in the tables, as charts. Each chart says which table holds its numbers.",
    ),
    (
        "ch_rates_heading",
        "Percentages per groep",
        "Rates by group",
    ),
    (
        "ch_rates_intro",
        "Voor elke maat die het beleid toetst: per groep de waarde (punt) met het interval (lijn). De stippellijn is de referentiegroep; een ruit met ⚑ is een afwijking.",
        "For each measure the policy judges: each group's value (dot) with its interval (line). The dashed line is the reference group; a diamond with ⚑ is a finding.",
    ),
    (
        "ch_represent_heading",
        "Vertegenwoordiging in de data",
        "Representation in the data",
    ),
    (
        "ch_represent_intro",
        "Per groep het aandeel in de data gedeeld door het aandeel in de bevolking, op een logaritmische schaal: 1 is naar verhouding, 2 twee keer zo vaak, 0,5 half zo vaak. Het grijze vlak is de band die het beleid accepteert.",
        "Each group's share in the data divided by its share in the population, on a log scale: 1 is in proportion, 2 twice as often, 0.5 half as often. The grey area is the band the policy accepts.",
    ),
    ("ch_reporting_heading", "Meldingsgraad", "Reporting rate"),
    (
        "ch_reporting_intro",
        "Per groep de meldingsgraad (wat in de data komt tegenover wat de onafhankelijke schatting verwacht) gedeeld door die van de middelste groepen samen (of van de referentiegroep die het manifest noemt), op een logaritmische schaal.",
        "Each group's reporting rate (what reaches the data against what the independent estimate expects) divided by that of the middle groups together (or of the reference group the manifest names), on a log scale.",
    ),
    ("ch_flagged", "⚑ afwijking", "⚑ finding"),
    ("ch_reference", "referentie", "reference"),
    ("ch_no_interval", "geen interval", "no interval"),
    ("ch_not_computed", "niet berekend", "not computed"),
    ("ch_no_rows", "geen rijen in de data", "no rows in the data"),
    (
        "ch_zero_ratio",
        "verhouding 0 past niet op een logaritmische schaal",
        "a ratio of 0 does not fit a log scale",
    ),
    (
        "ch_left_out",
        "Niet getoond: {group} — ",
        "Not shown: {group} — ",
    ),
    (
        "ch_hidden_one",
        "Niet getoond: {n} groep met minder dan {min} rijen.",
        "Not shown: {n} group with fewer than {min} rows.",
    ),
    (
        "ch_hidden_many",
        "Niet getoond: {n} groepen met minder dan {min} rijen.",
        "Not shown: {n} groups with fewer than {min} rows.",
    ),
    (
        "ch_legend_dot",
        "punt: de waarde van een groep; lijn: het interval",
        "dot: a group's value; line: its interval",
    ),
    (
        "ch_legend_flagged",
        "ruit en ⚑: afwijking (ook met toeval meegerekend buiten de band)",
        "diamond and ⚑: finding (beyond the band even allowing for chance)",
    ),
    (
        "ch_reference_line",
        "stippellijn: referentiegroep {group}, {value}",
        "dashed line: reference group {group}, {value}",
    ),
    (
        "ch_rate_title",
        "{metric} per groep — {attribute}",
        "{metric} by group — {attribute}",
    ),
    (
        "ch_rate_caption",
        "{title}. De getallen staan in de tabel ‘{table}’ verderop.",
        "{title}. The numbers are in the table ‘{table}’ further down.",
    ),
    (
        "ch_rate_desc",
        "Per groep: {metric} (punt) met het interval (lijn).",
        "Each group: {metric} (dot) with its interval (line).",
    ),
    (
        "ch_high_low",
        "Hoogste: {high}; laagste: {low}.",
        "Highest: {high}; lowest: {low}.",
    ),
    (
        "ch_low_high",
        "Laagste: {low}; hoogste: {high}.",
        "Lowest: {low}; highest: {high}.",
    ),
    (
        "ch_none_flagged",
        "Geen groep is als afwijking gemarkeerd.",
        "No group is flagged.",
    ),
    (
        "ch_some_flagged",
        "Als afwijking gemarkeerd: {groups}.",
        "Flagged as a finding: {groups}.",
    ),
    (
        "ch_numbers_below",
        "De getallen staan in de tabel ‘{table}’ verderop.",
        "The numbers are in the table ‘{table}’ further down.",
    ),
    (
        "ch_represent_title",
        "Aandeel in de data gedeeld door aandeel in de bevolking — {attribute}",
        "Share in the data divided by share in the population — {attribute}",
    ),
    (
        "ch_represent_table",
        "Vertegenwoordiging — {attribute}",
        "Representation — {attribute}",
    ),
    (
        "ch_represent_what",
        "het aandeel in de data gedeeld door het aandeel in de bevolking",
        "the share in the data divided by the share in the population",
    ),
    (
        "ch_represent_one",
        "stippellijn bij 1: naar verhouding",
        "dashed line at 1: in proportion",
    ),
    (
        "ch_represent_axis",
        "Aandeel in de data ÷ aandeel in de bevolking (logaritmische schaal)",
        "Share in the data ÷ share in the population (log scale)",
    ),
    (
        "ch_reporting_title",
        "Meldingsgraad tegenover de andere groepen — {attribute}",
        "Reporting rate against the other groups — {attribute}",
    ),
    (
        "ch_reporting_table",
        "Meldingsgraad — {attribute}",
        "Reporting rate — {attribute}",
    ),
    (
        "ch_reporting_what",
        "de meldingsgraad gedeeld door die van {reference}",
        "the reporting rate divided by that of {reference}",
    ),
    (
        "ch_reporting_one",
        "stippellijn bij 1: even vaak gemeld als in {reference}",
        "dashed line at 1: reported as often as in {reference}",
    ),
    (
        "ch_reporting_axis",
        "Meldingsgraad ÷ die van {reference} (logaritmische schaal)",
        "Reporting rate ÷ that of {reference} (log scale)",
    ),
    (
        "ch_ratio_caption",
        "{title}. De getallen staan in de tabel ‘{table}’ in het deel ‘Is de data een eerlijk beeld?’.",
        "{title}. The numbers are in the table ‘{table}’ in the part ‘Is the data a fair picture?’.",
    ),
    (
        "ch_band",
        "grijs vlak: band van het beleid, {band}",
        "grey area: the policy's band, {band}",
    ),
    (
        "ch_ratio_desc",
        "Per groep {what} (punt) met het interval (lijn), op een logaritmische schaal; {one}; grijs vlak: de band van het beleid ({band}).",
        "Each group: {what} (dot) with its interval (line), on a log scale; {one}; grey area: the policy's band ({band}).",
    ),
    (
        "ch_numbers_sampling",
        "De getallen staan in de tabel ‘{table}’ in het deel ‘Is de data een eerlijk beeld?’.",
        "The numbers are in the table ‘{table}’ in the part ‘Is the data a fair picture?’.",
    ),
    (
        "ch_map_heading",
        "Kaart van de vakken",
        "Map of the grid cells",
    ),
    (
        "ch_map_intro",
        "Elk vakje op de kaarten is één vak van het raster ({cells} vakken), op zijn plaats: noord is boven. Dikke lijnen zijn de grenzen van de gebieden ({areas}, kolom {column}). De eerste kaart toont hoe vaak het model er handhavers heen stuurde, de tweede of er meer of minder incidenten werden geregistreerd dan het model voorspelde, gemiddeld over de getoetste {periods}.",
        "Each square on the maps is one cell of the grid ({cells} cells), in its place: north is up. Thick lines are the borders of the areas ({areas}, column {column}). The first map shows how often the model sent wardens there, the second whether more or fewer incidents were recorded than the model predicted, averaged over the audited {periods}.",
    ),
    (
        "ch_map_share_title",
        "Aandeel van de {periods} waarin het model handhavers stuurde",
        "Share of {periods} in which the model sent wardens",
    ),
    (
        "ch_map_share_desc",
        "Kaart van de vakken: hoe donkerder een vak, hoe groter het aandeel van de {periods} waarin het model er handhavers heen stuurde (een voorspelde hotspot). Dikke lijnen zijn grenzen tussen gebieden.",
        "Map of the grid cells: the darker a cell, the larger the share of {periods} in which the model sent wardens there (a predicted hotspot). Thick lines are borders between areas.",
    ),
    (
        "ch_map_share_extremes",
        "Per gebied het vaakst in {high} ({high_share}) en het minst vaak in {low} ({low_share}).",
        "By area most often in {high} ({high_share}) and least often in {low} ({low_share}).",
    ),
    (
        "ch_map_share_legend",
        "Aandeel {periods} met handhavers",
        "Share of {periods} with wardens",
    ),
    (
        "ch_map_share_cell",
        "{cell} ({area}): handhavers in {share} van de {periods}",
        "{cell} ({area}): wardens in {share} of {periods}",
    ),
    (
        "ch_map_diff_title",
        "Geregistreerde min voorspelde incidenten per {period}",
        "Recorded minus predicted incidents per {period}",
    ),
    (
        "ch_map_diff_desc",
        "Kaart van de vakken: oranje met + waar meer incidenten werden geregistreerd dan het model voorspelde, paars met − waar minder, lichtgrijs waar het verschil klein is. Dikke lijnen zijn grenzen tussen gebieden.",
        "Map of the grid cells: orange with + where more incidents were recorded than the model predicted, purple with − where fewer, light grey where the difference is small. Thick lines are borders between areas.",
    ),
    (
        "ch_map_diff_extremes",
        "Per gebied het verst erboven: {high} ({high_diff}); het verst eronder: {low} ({low_diff}).",
        "By area furthest above: {high} ({high_diff}); furthest below: {low} ({low_diff}).",
    ),
    (
        "ch_map_diff_legend",
        "Geregistreerd min voorspeld per {period}",
        "Recorded minus predicted per {period}",
    ),
    (
        "ch_map_diff_cell",
        "{cell} ({area}): {diff} per {period} (geregistreerd {recorded}, voorspeld {predicted})",
        "{cell} ({area}): {diff} per {period} (recorded {recorded}, predicted {predicted})",
    ),
    (
        "ch_map_withheld",
        "minder dan {min} rijen: niet getoond",
        "fewer than {min} rows: not shown",
    ),
    (
        "ch_map_withheld_cell",
        "{cell} ({area}): minder dan {min} rijen, niet getoond",
        "{cell} ({area}): fewer than {min} rows, not shown",
    ),
    (
        "ch_map_withheld_desc",
        "Vakken met minder dan {min} rijen ({n}){cells} zijn gearceerd en zonder getallen.",
        "Cells with fewer than {min} rows ({n}){cells} are hatched and carry no numbers.",
    ),
    (
        "ch_map_caption",
        "{title}. De getallen per gebied staan in de tabel onder de kaarten.",
        "{title}. The numbers by area are in the table below the maps.",
    ),
    ("ch_map_areas", "Per gebied", "By area"),
    (
        "ch_map_table_caption",
        "Per gebied ({column}): vakken, handhavers en incidenten over de getoetste {periods}",
        "By area ({column}): cells, wardens and incidents over the audited {periods}",
    ),
    ("ch_map_col_area", "Gebied", "Area"),
    ("ch_map_col_cells", "Vakken", "Cells"),
    (
        "ch_map_col_share",
        "Aandeel {periods} met handhavers",
        "Share of {periods} with wardens",
    ),
    (
        "ch_map_col_recorded",
        "Geregistreerd per {period}",
        "Recorded per {period}",
    ),
    (
        "ch_map_col_predicted",
        "Voorspeld per {period}",
        "Predicted per {period}",
    ),
    (
        "ch_map_cells_withheld",
        "{cells} ({n} niet getoond)",
        "{cells} ({n} not shown)",
    ),
    (
        "ch_map_table_note",
        "Geregistreerd en voorspeld: gemiddeld aantal incidenten per vak per {period}.",
        "Recorded and predicted: mean number of incidents per cell per {period}.",
    ),
    (
        "ch_map_table_withheld",
        "Vakken met minder dan {min} rijen tellen niet mee in deze getallen, zodat die van hen ook niet terug te rekenen zijn.",
        "Cells with fewer than {min} rows are left out of these numbers, so theirs cannot be worked back either.",
    ),
];
