//! The UI words of the section on the feedback-loop simulation (`view::feedback`): `(key, nl, en)`.

/// The feedback section's words: (key, Dutch, English).
pub(in crate::site::view) const FEEDBACK_WORDS: &[(&str, &str, &str)] = &[
    (
        "fb_heading",
        "Wat gebeurt er als handhavers het model volgen",
        "What happens when wardens follow the model",
    ),
    (
        "fb_intro",
        "Handhavers gaan naar de plekken waar het model de meeste overlast voorspelt. Daar zien ze meer, en wat ze zien, komt in de data. Het model leert daarvan en stuurt ze de week erna weer daarheen. Zo kan het model steeds meer naar dezelfde plekken wijzen, ook als er elders net zoveel overlast is: een terugkoppellus. Plekken waar bewoners minder melden, raken dan uit beeld.",
        "Wardens go where the model predicts the most nuisance. They see more there, and what they see goes into the data. The model learns from it and sends them there again the next week. So the model can point more and more at the same places, even when there is as much nuisance elsewhere: a feedback loop. Places where residents report less then drop out of sight.",
    ),
    (
        "fb_sim",
        "algoreg heeft dit nagespeeld in een simulatie: een nagebootste stad waarin overlast gebeurt zoals in de data, bewoners per gebied een deel ervan melden, en het model elke week opnieuw leert. Het is een simulatie, geen meting in de echte stad. Ook nagespeeld: een deel van de rondes naar willekeurige plekken sturen, zodat het model ook ziet wat er elders gebeurt.",
        "algoreg played this out in a simulation: a simulated city where nuisance happens as in the data, residents report part of it in each area, and the model learns again every week. It is a simulation, not a measurement in the real city. Also played out: sending part of the patrols to random places, so the model also sees what happens elsewhere.",
    ),
    (
        "fb_gap",
        "Het verschil is het deel van de rondes dat naar een ander gebied zou moeten om net zo verdeeld te zijn als de echte overlast. 0% is precies goed verdeeld. Elk getal is het gemiddelde van {replications} herhalingen, met een 95%-interval.",
        "The gap is the share of patrols that would have to move to another area to be spread exactly like the real nuisance. 0% is spread exactly right. Every number is the mean of {replications} runs, with a 95% interval.",
    ),
    (
        "fb_results",
        "Wat de simulatie laat zien",
        "What the simulation shows",
    ),
    (
        "fb_topk_grows",
        "Zonder willekeurige rondes groeit het verschil tussen waar handhavers heen gaan en waar de overlast echt is: van {first} in de eerste week naar {late} in de laatste {late_weeks} van {rounds} weken. Dat is {growth} procentpunt meer (95%-interval {ci}).",
        "Without random patrols, the gap between where wardens go and where nuisance really happens grows: from {first} in the first week to {late} in the last {late_weeks} of {rounds} weeks. That is {growth} percentage points more (95% interval {ci}).",
    ),
    (
        "fb_topk_flat",
        "Zonder willekeurige rondes groeit het verschil tussen waar handhavers heen gaan en waar de overlast echt is niet duidelijk: van {first} in de eerste week naar {late} in de laatste {late_weeks} van {rounds} weken, {growth} procentpunt (95%-interval {ci}).",
        "Without random patrols, the gap between where wardens go and where nuisance really happens does not clearly grow: from {first} in the first week to {late} in the last {late_weeks} of {rounds} weeks, {growth} percentage points (95% interval {ci}).",
    ),
    (
        "fb_topk_shrinks",
        "Zonder willekeurige rondes wordt het verschil tussen waar handhavers heen gaan en waar de overlast echt is kleiner: van {first} in de eerste week naar {late} in de laatste {late_weeks} van {rounds} weken, {growth} procentpunt (95%-interval {ci}).",
        "Without random patrols, the gap between where wardens go and where nuisance really happens shrinks: from {first} in the first week to {late} in the last {late_weeks} of {rounds} weeks, {growth} percentage points (95% interval {ci}).",
    ),
    (
        "fb_arm_grows",
        "{arm} groeit het verschil: van {first} naar {late}, {growth} procentpunt (95%-interval {ci}).",
        "{arm}, the gap grows: from {first} to {late}, {growth} percentage points (95% interval {ci}).",
    ),
    (
        "fb_arm_flat",
        "{arm} groeit het verschil niet duidelijk: van {first} naar {late}, {growth} procentpunt (95%-interval {ci}).",
        "{arm}, the gap does not clearly grow: from {first} to {late}, {growth} percentage points (95% interval {ci}).",
    ),
    (
        "fb_arm_shrinks",
        "{arm} wordt het verschil kleiner: van {first} naar {late}, {growth} procentpunt (95%-interval {ci}).",
        "{arm}, the gap shrinks: from {first} to {late}, {growth} percentage points (95% interval {ci}).",
    ),
    (
        "fb_mitigation_clear",
        "Dat is {size} procentpunt minder groei dan zonder willekeurige rondes (95%-interval: {ci}): duidelijk minder.",
        "That is {size} percentage points less growth than without random patrols (95% interval: {ci}): clearly less.",
    ),
    (
        "fb_mitigation_unclear",
        "Dat is {size} procentpunt minder groei dan zonder willekeurige rondes (95%-interval: {ci}), maar niet duidelijk minder: het kan ook toeval zijn.",
        "That is {size} percentage points less growth than without random patrols (95% interval: {ci}), but not clearly less: it may be chance.",
    ),
    (
        "fb_mitigation_more",
        "Dat is {size} procentpunt meer groei dan zonder willekeurige rondes (95%-interval: {ci}).",
        "That is {size} percentage points more growth than without random patrols (95% interval: {ci}).",
    ),
    ("fb_less", "{x} minder", "{x} less"),
    ("fb_more", "{x} meer", "{x} more"),
    ("fb_from_to", "van {low} tot {high}", "from {low} to {high}"),
    ("fb_topk", "Alleen het model", "Only the model"),
    ("fb_share", "{share} willekeurig", "{share} random"),
    (
        "fb_control",
        "{share} willekeurig, het model leert alleen van meldingen en die rondes",
        "{share} random, the model learns only from reports and those patrols",
    ),
    (
        "fb_share_lead",
        "Met {share} van de rondes naar willekeurige plekken, en het model dat van alle rondes leert,",
        "With {share} of patrols sent to random places, and the model learning from every patrol",
    ),
    (
        "fb_control_lead",
        "Met {share} van de rondes naar willekeurige plekken, en het model dat alleen leert van meldingen en van wat die willekeurige rondes zien,",
        "With {share} of patrols sent to random places, and the model learning only from reports and what those random patrols see",
    ),
    (
        "fb_chart_title",
        "Verschil tussen de rondes en de echte overlast, per week",
        "Gap between the patrols and the real nuisance, per week",
    ),
    (
        "fb_chart_desc",
        "Lijndiagram met één lijn per manier van inzetten. {lines} De getallen staan ook in de tekst en de tabel.",
        "Line chart with one line per way of deploying. {lines} The numbers are also in the text and the table.",
    ),
    (
        "fb_chart_line",
        "{arm}: {first} in week 1, {last} in week {rounds}.",
        "{arm}: {first} in week 1, {last} in week {rounds}.",
    ),
    ("fb_axis_week", "Week", "Week"),
    ("fb_axis_gap", "Verschil", "Gap"),
    ("fb_late_band", "laatste {n} weken", "last {n} weeks"),
    (
        "fb_areas",
        "Waar gaan de rondes heen, per gebied?",
        "Where do the patrols go, per area?",
    ),
    (
        "fb_areas_caption",
        "Aandeel van de rondes per gebied ({column}): eerste week → laatste {late} weken",
        "Share of patrols per area ({column}): first week → last {late} weeks",
    ),
    ("fb_col_area", "Gebied", "Area"),
    ("fb_col_cells", "Vakken", "Squares"),
    (
        "fb_col_reporting",
        "Meldingsgraad: deel van de overlast dat bewoners melden",
        "Reporting rate: share of nuisance residents report",
    ),
    (
        "fb_col_true",
        "Aandeel van de echte overlast",
        "Share of the real nuisance",
    ),
    ("fb_col_arm", "Rondes: {arm}", "Patrols: {arm}"),
    (
        "fb_areas_note",
        "Een gebied waar het aandeel rondes ver onder het aandeel echte overlast ligt, krijgt minder handhavers dan zijn overlast vraagt; ver erboven: meer. Elk getal is het gemiddelde van {replications} herhalingen.",
        "An area whose share of patrols lies far below its share of the real nuisance gets fewer wardens than its nuisance calls for; far above: more. Every number is the mean of {replications} runs.",
    ),
    (
        "fb_settings",
        "Instellingen van de simulatie: {cells} vakken in {areas} gebieden; elke week bezoeken handhavers {patrols} vakken, {rounds} weken lang; het model leert elke week opnieuw van de laatste {window} weken; een handhaver legt overlast die niemand meldde vast met een kans van {detection}; {replications} herhalingen met vast startgetal (seed) {seed}.",
        "Simulation settings: {cells} squares in {areas} areas; every week wardens visit {patrols} squares, for {rounds} weeks; every week the model learns again from the last {window} weeks; a warden records nuisance nobody reported with a probability of {detection}; {replications} runs with fixed seed {seed}.",
    ),
    (
        "fb_source",
        "Meldingsgraad per gebied:",
        "Reporting rate per area:",
    ),
    (
        "fb_source_sampling",
        "uit de toets op de data hierboven, geregistreerde voorvallen tegenover {rest}",
        "from the data audit above, recorded incidents against {rest}",
    ),
    (
        "fb_source_assumed",
        "aangenomen: bewoners melden in elk gebied {share} van de overlast (er is geen enquête naar overlast)",
        "assumed: residents report {share} of incidents in every area (no incidence survey)",
    ),
];
