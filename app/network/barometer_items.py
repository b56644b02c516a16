"""The trust barometer's items: their wording per group and language, their scale and
where each comes from (docs/BAROMETER.md maps them to the published research). Item keys
("dimension.item") never change: history stays comparable."""

# (dimension, item, {audience: {language: text}}). The wording per group is the same
# statement seen from that group's side; "the others" are officers for youngsters,
# youngsters for officers.
EVERY_MEETING = (
    (
        "voice",
        "listened",
        {
            "youngster": {
                "nl": "De agenten luisterden naar mij.",
                "en": "The officers listened to me.",
                "fr": "Les policier·ères m'ont écouté·e.",
            },
            "officer": {
                "nl": "De jongeren luisterden naar mij.",
                "en": "The youngsters listened to me.",
                "fr": "Les jeunes m'ont écouté·e.",
            },
        },
    ),
    (
        "voice",
        "say",
        {
            "youngster": {
                "nl": "Ik kon tegen de agenten zeggen wat ik wilde zeggen.",
                "en": "I could tell the officers what I wanted to say.",
                "fr": "J'ai pu dire aux policier·ères ce que je voulais dire.",
            },
            "officer": {
                "nl": "Ik kon tegen de jongeren zeggen wat ik wilde zeggen.",
                "en": "I could tell the youngsters what I wanted to say.",
                "fr": "J'ai pu dire aux jeunes ce que je voulais dire.",
            },
        },
    ),
    (
        "respect",
        "respected",
        {
            "youngster": {
                "nl": "De agenten behandelden mij met respect.",
                "en": "The officers treated me with respect.",
                "fr": "Les policier·ères m'ont traité·e avec respect.",
            },
            "officer": {
                "nl": "De jongeren behandelden mij met respect.",
                "en": "The youngsters treated me with respect.",
                "fr": "Les jeunes m'ont traité·e avec respect.",
            },
        },
    ),
    (
        "neutrality",
        "fair",
        {
            "youngster": {
                "nl": "De agenten waren eerlijk.",
                "en": "The officers were fair.",
                "fr": "Les policier·ères ont été justes.",
            },
            "officer": {
                "nl": "De jongeren waren eerlijk.",
                "en": "The youngsters were fair.",
                "fr": "Les jeunes ont été justes.",
            },
        },
    ),
    (
        "neutrality",
        "equal",
        {
            "youngster": {
                "nl": "De agenten behandelden iedereen gelijk.",
                "en": "The officers treated everyone equally.",
                "fr": "Les policier·ères ont traité tout le monde de la même façon.",
            },
            "officer": {
                "nl": "De jongeren behandelden iedereen gelijk.",
                "en": "The youngsters treated everyone equally.",
                "fr": "Les jeunes ont traité tout le monde de la même façon.",
            },
        },
    ),
    (
        "trust",
        "more",
        {
            "youngster": {
                "nl": "Ik vertrouw agenten meer dan voor deze ontmoeting.",
                "en": "I trust officers more than before this meeting.",
                "fr": "Je fais plus confiance aux policier·ères qu'avant cette rencontre.",
            },
            "officer": {
                "nl": "Ik vertrouw jongeren meer dan voor deze ontmoeting.",
                "en": "I trust youngsters more than before this meeting.",
                "fr": "Je fais plus confiance aux jeunes qu'avant cette rencontre.",
            },
        },
    ),
    # Added by issue 20 (docs/BAROMETER.md: what the mapping to the research showed missing).
    (
        "explanation",
        "explained",
        {
            "youngster": {
                "nl": "De agenten legden uit waarom ze iets deden of beslisten.",
                "en": "The officers explained why they did or decided things.",
                "fr": "Les policier·ères ont expliqué pourquoi ils et elles faisaient ou décidaient "
                "quelque chose.",
            },
            "officer": {
                "nl": "De jongeren legden uit waarom ze iets deden of zeiden.",
                "en": "The youngsters explained why they did or said things.",
                "fr": "Les jeunes ont expliqué pourquoi ils ou elles faisaient ou disaient quelque chose.",
            },
        },
    ),
    (
        "responsiveness",
        "serious",
        {
            "youngster": {
                "nl": "De agenten namen onze vragen serieus.",
                "en": "The officers took our questions seriously.",
                "fr": "Les policier·ères ont pris nos questions au sérieux.",
            },
            "officer": {
                "nl": "De jongeren namen onze vragen serieus.",
                "en": "The youngsters took our questions seriously.",
                "fr": "Les jeunes ont pris nos questions au sérieux.",
            },
        },
    ),
)

# Asked at the first and the last meeting of a series only (a level, not a judgement
# of one meeting): how much one trusts the other group, 0-10 like the ESS's trust in
# the police. Officers: trust in the youngsters' good intentions and honesty.
SERIES_ENDS = (
    (
        "general_trust",
        "level",
        {
            "youngster": {
                "nl": "Hoeveel vertrouw jij de politie? 0 = helemaal niet, 10 = helemaal.",
                "en": "How much do you trust the police? 0 = not at all, 10 = completely.",
                "fr": "À quel point fais-tu confiance à la police ? 0 = pas du tout, 10 = complètement.",
            },
            "officer": {
                "nl": "Hoeveel vertrouw jij de jongeren hier: dat ze het goed bedoelen en eerlijk zijn? "
                "0 = helemaal niet, 10 = helemaal.",
                "en": "How much do you trust the youngsters here: that they mean well and are honest? "
                "0 = not at all, 10 = completely.",
                "fr": "À quel point fais-tu confiance aux jeunes d'ici : qu'ils et elles ont de bonnes "
                "intentions et sont honnêtes ? 0 = pas du tout, 10 = complètement.",
            },
        },
    ),
)

# Where each item comes from: the codebook's `source` column (docs/BAROMETER.md).
CROSSROADS = "Fine et al. 2021, Crossroads Study (Psychology, Public Policy, and Law 28(1))"
ESS5 = "ESS round 5 (2010), trust in police and courts module"
SOURCES = {
    "voice.listened": f"{CROSSROADS}: factor Voice. Adapted to one encounter; no ESS counterpart.",
    "voice.say": f"{CROSSROADS}: factor Voice. Adapted to one encounter; no ESS counterpart.",
    "respect.respected": f"{CROSSROADS}: factor Respect. {ESS5}: D15 plcrspc (police treat people "
    "with respect; 1-4, how often).",
    "neutrality.fair": f"{CROSSROADS}: factor Neutrality/Impartiality. {ESS5}: D16 plcfrdc (fair, "
    "impartial decisions; 1-4, how often).",
    "neutrality.equal": f"{CROSSROADS}: factors Neutrality/Impartiality and Distributive Justice/Bias "
    "(equal treatment). No ESS counterpart.",
    "trust.more": f"{CROSSROADS}: factor Legitimacy (trust). A change since before the meeting: no "
    "published counterpart; read with general_trust.level.",
    "explanation.explained": f"{ESS5}: D17 plcexdc (police explain their decisions and actions when "
    "asked; 1-4, how often). Not a separate Crossroads factor.",
    "responsiveness.serious": "No published counterpart in the ESS module or the Crossroads factors; "
    "asked by the project (being heard: close to Voice).",
    "general_trust.level": "ESS core item trstplc (trust in the police, 0 = no trust at all, 10 = "
    "complete trust; every round). Officers' version (the youngsters' good intentions and honesty): "
    "no published counterpart.",
}
