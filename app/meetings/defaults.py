"""Ready-made content: default options per prompt kind and the standard feelings cards."""

FACES = ["😠", "🙁", "😐", "🙂", "😄"]

FEELINGS = [
    ("happy", "😊", "blij", "happy", "content·e"),
    ("safe", "🛡️", "veilig", "safe", "en sécurité"),
    ("heard", "👂", "gehoord", "heard", "écouté·e"),
    ("respected", "🤝", "gerespecteerd", "respected", "respecté·e"),
    ("surprised", "😮", "verrast", "surprised", "surpris·e"),
    ("hopeful", "🌱", "hoopvol", "hopeful", "plein·e d'espoir"),
    ("nervous", "😬", "zenuwachtig", "nervous", "nerveux·se"),
    ("angry", "😠", "boos", "angry", "en colère"),
    ("bored", "🥱", "verveeld", "bored", "ennuyé·e"),
    ("sad", "😢", "verdrietig", "sad", "triste"),
]


def feelings_cards() -> list[dict]:
    """The standard cards, each with its own drawing (static/img/cards/<key>.svg)."""
    return [
        {"key": key, "icon": icon, "picture": key, "label": {"nl": nl, "en": en, "fr": fr}}
        for key, icon, nl, en, fr in FEELINGS
    ]


PHASES = [
    ("arrival", "Aankomst", "Arrival", "Arrivée"),
    ("game", "Spel", "Game", "Jeu"),
    ("talk", "Gesprek", "Talk", "Discussion"),
    ("goodbye", "Afscheid", "Goodbye", "Au revoir"),
]

SPOKES = [
    ("respect", "Respect", "Respect", "Respect"),
    ("listening", "Luisteren", "Listening", "Écoute"),
    ("fun", "Plezier", "Fun", "Plaisir"),
    ("safety", "Veiligheid", "Safety", "Sécurité"),
]


def _labelled(rows) -> list[dict]:
    return [{"key": key, "label": {"nl": nl, "en": en, "fr": fr}} for key, nl, en, fr in rows]


def storyline_phases() -> list[dict]:
    """The phases of a storyline (the facilitator renames them to the meeting's own)."""
    return _labelled(PHASES)


def spokes() -> list[dict]:
    return _labelled(SPOKES)


def _choices() -> list[dict]:
    return [
        {"key": "yes", "label": {"nl": "Ja", "en": "Yes", "fr": "Oui"}},
        {"key": "no", "label": {"nl": "Nee", "en": "No", "fr": "Non"}},
    ]


OPTIONS = {
    "scale": lambda: {"min": 1, "max": 10, "style": "numbers"},
    "position": lambda: {
        "left": {"nl": "Helemaal niet", "en": "Not at all", "fr": "Pas du tout"},
        "right": {"nl": "Helemaal wel", "en": "Completely", "fr": "Tout à fait"},
    },
    "cards": lambda: {"cards": feelings_cards(), "max_picks": 3, "ask_why": False},
    "words": lambda: {"max_words": 3},
    "text": lambda: {"max_length": 280},
    "single": lambda: {"choices": _choices()},
    "multiple": lambda: {"choices": _choices(), "max_picks": None},
    "storyline": lambda: {"phases": storyline_phases(), "levels": 5},
    "spokes": lambda: {"spokes": spokes()},
}
