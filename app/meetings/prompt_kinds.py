"""The prompt types of active reviewing: their default options, and the rules an
answer's value must follow. One function per kind keeps each rule readable."""

import unicodedata

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.meetings import defaults
from app.phone.scrub import normalise, scrub_text

KINDS = ("scale", "position", "cards", "words", "text", "single", "multiple", "storyline", "spokes")
KIND_LABELS = {
    "scale": _l("Barometer (scale)"),
    "position": _l("Line-up (between two statements)"),
    "cards": _l("Feelings cards"),
    "words": _l("One to three words"),
    "text": _l("Open question"),
    "single": _l("Statement, one choice"),
    "multiple": _l("Statement, several choices"),
    "storyline": _l("Storyline (mood over the phases)"),
    "spokes": _l("Spokes (0 to 10 on several themes)"),
}
# What a participant typed in an answer of each kind, which app/meetings/retention.py forgets:
# the whole answer ("answer"), the "why" of a {"cards": [...], "why": "..."} answer, or
# nothing (None). Every kind is listed, so a new kind has to say (tests/test_retention.py).
TYPED_TEXT = {
    "scale": None, "position": None, "cards": "why", "words": "answer", "text": "answer",
    "single": None, "multiple": None, "storyline": None, "spokes": None,
}
MAX_WORD_LENGTH = 30
MAX_TEXT_LENGTH = 500
MAX_WHY_LENGTH = 140
SPOKE_MAX = 10


class InvalidValue(ValueError):
    """An answer value that breaks its prompt's rules; the message says which."""


def localize(mapping: dict | None, language: str) -> str:
    """Text in the asked language, falling back to Dutch (always present)."""
    mapping = mapping or {}
    return mapping.get(language) or mapping.get("nl") or ""


def default_options(kind: str) -> dict:
    return defaults.OPTIONS[kind]()


def clean_value(kind: str, options: dict, value):
    """Return the normalised value, or raise InvalidValue."""
    return _CLEANERS[kind](options, value)


def _integer(value, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(_l("Give a whole number."))
    if not low <= value <= high:
        raise InvalidValue(_l("Choose a number from %(low)s to %(high)s.", low=low, high=high))
    return value


def _keys(options: dict, field: str) -> list[str]:
    return [item["key"] for item in options.get(field, [])]


def _picks(value, allowed: list[str], most: int) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InvalidValue(_l("Pick at least one."))
    if len(set(value)) != len(value):
        raise InvalidValue(_l("Each choice counts once."))
    if len(value) > most:
        raise InvalidValue(_l("Pick at most %(most)s.", most=most))
    if unknown := [v for v in value if v not in allowed]:
        raise InvalidValue(_l("Unknown choice: %(choice)s.", choice=unknown[0][:40]))
    return value


def _printable(text: str) -> str:
    """Without control characters (NUL breaks PostgreSQL's JSON functions), but
    keeping line breaks and tabs; Windows line ends become plain ones. Normalised as
    the scrub reads it (app/phone/scrub.py), so that emptiness and length are checked on
    what is stored: a text of zero-width spaces is empty."""
    text = text.replace("\r\n", "\n")
    return normalise("".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc"))


def _scale(options, value):
    return _integer(value, options.get("min", 1), options.get("max", 10))


def _position(options, value):
    return _integer(value, 0, 100)


def _cards(options, value):
    """A list of card keys; with the option ask_why also {"cards": [...], "why": "..."}.
    An empty why is left out (the answer is then the plain list, never moderated)."""
    allowed = _keys(options, "cards")
    why = None
    if isinstance(value, dict) and options.get("ask_why"):
        if set(value) - {"cards", "why"}:
            raise InvalidValue(_l("An answer has only cards and a why."))
        why = value.get("why") or ""
        if not isinstance(why, str):
            raise InvalidValue(_l("Write the why as text."))
        why = _printable(why).strip()
        if len(why) > MAX_WHY_LENGTH:
            raise InvalidValue(_l("At most %(most)s characters.", most=MAX_WHY_LENGTH))
        value = value.get("cards")
    picks = _picks(value, allowed, options.get("max_picks") or len(allowed))
    return {"cards": picks, "why": scrub_text(why)} if why else picks


def _single(options, value):
    if not isinstance(value, str) or value not in _keys(options, "choices"):
        raise InvalidValue(_l("Pick one of the choices."))
    return value


def _multiple(options, value):
    allowed = _keys(options, "choices")
    return _picks(value, allowed, options.get("max_picks") or len(allowed))


def _words(options, value):
    most = options.get("max_words") or 3
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(_l("Write one or more words."))
    words = [w for w in (" ".join(_printable(v).split()) for v in value) if w]
    if not words:
        raise InvalidValue(_l("Write at least one word."))
    if len(words) > most:
        raise InvalidValue(_l("At most %(most)s words.", most=most))
    if any(len(w) > MAX_WORD_LENGTH for w in words):
        raise InvalidValue(_l("A word has at most %(most)s letters.", most=MAX_WORD_LENGTH))
    # Personal data becomes a marker before anything is stored (app/phone/scrub.py); the
    # lengths are checked first, on what the participant typed, so a marker a few
    # characters longer than the address it replaces never refuses an answer.
    return [scrub_text(w) for w in words]


def _text(options, value):
    most = min(options.get("max_length") or 280, MAX_TEXT_LENGTH)
    if isinstance(value, str):
        value = _printable(value).strip()
    if not isinstance(value, str) or not value:
        raise InvalidValue(_l("Write something first."))
    if len(value) > most:
        raise InvalidValue(_l("At most %(most)s characters.", most=most))
    return scrub_text(value)


def _label(options: dict, field: str, key: str) -> str:
    """An item's label in the request's language, for an error message."""
    for item in options.get(field, []):
        if item["key"] == key:
            return localize(item.get("label"), str(get_locale() or "nl"))[:40] or key
    return key


def _levels(value, keys: list[str], low: int, high: int, missing_message) -> dict[str, int]:
    """{key: whole number low..high} with every key of the options (so no group's result
    per phase or spoke rests on fewer people than answered: the anonymity threshold holds)."""
    if not isinstance(value, dict) or not value:
        raise InvalidValue(missing_message(keys[0] if keys else ""))
    if unknown := [k for k in value if k not in keys]:
        raise InvalidValue(_l("Unknown choice: %(choice)s.", choice=str(unknown[0])[:40]))
    if missing := [k for k in keys if k not in value]:
        raise InvalidValue(missing_message(missing[0]))
    return {key: _integer(value[key], low, high) for key in keys}


def _storyline(options, value):
    """{phase: level 1..levels} for every phase."""
    return _levels(value, _keys(options, "phases"), 1, options.get("levels") or 5,
                   lambda key: _l("Give a level for every phase (missing: %(phase)s).",
                                  phase=_label(options, "phases", key)))


def _spokes(options, value):
    """{spoke: 0..10} for every spoke."""
    return _levels(value, _keys(options, "spokes"), 0, SPOKE_MAX,
                   lambda key: _l("Give a number for every spoke (missing: %(spoke)s).",
                                  spoke=_label(options, "spokes", key)))


_CLEANERS = {
    "scale": _scale,
    "position": _position,
    "cards": _cards,
    "words": _words,
    "text": _text,
    "single": _single,
    "multiple": _multiple,
    "storyline": _storyline,
    "spokes": _spokes,
}
