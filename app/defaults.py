"""Ready-made content: default options per prompt kind and the standard feelings cards."""

FACES = ["😠", "🙁", "😐", "🙂", "😄"]

FEELINGS = [
    ("happy", "😊", "blij", "happy", "content"),
    ("safe", "🛡️", "veilig", "safe", "en sécurité"),
    ("heard", "👂", "gehoord", "heard", "écouté"),
    ("respected", "🤝", "gerespecteerd", "respected", "respecté"),
    ("surprised", "😮", "verrast", "surprised", "surpris"),
    ("hopeful", "🌱", "hoopvol", "hopeful", "plein d'espoir"),
    ("nervous", "😬", "zenuwachtig", "nervous", "nerveux"),
    ("angry", "😠", "boos", "angry", "en colère"),
    ("bored", "🥱", "verveeld", "bored", "ennuyé"),
    ("sad", "😢", "verdrietig", "sad", "triste"),
]


def feelings_cards() -> list[dict]:
    return [
        {"key": key, "icon": icon, "label": {"nl": nl, "en": en, "fr": fr}}
        for key, icon, nl, en, fr in FEELINGS
    ]


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
    "cards": lambda: {"cards": feelings_cards(), "max_picks": 3},
    "words": lambda: {"max_words": 3},
    "text": lambda: {"max_length": 280},
    "single": lambda: {"choices": _choices()},
    "multiple": lambda: {"choices": _choices(), "max_picks": None},
}
