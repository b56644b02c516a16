"""Choices of statements (one per line, per language) and the feelings cards on offer.
A choice's key must survive edits: answers already given point at it."""

import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField, ValidationError
from wtforms.validators import DataRequired, Optional

from app.meetings import defaults
from app.meetings.forms import LANGUAGES
from app.meetings.prompt_kinds import localize

MOST = 12
LONGEST = 80


def keyed(labels: dict[str, list[str]], old: list[dict]) -> list[dict]:
    """Choices with stable keys: a line keeps the key of the old choice with the same
    Dutch text, else of the old choice in its place (an edited line), else gets c1, c2…"""
    by_label = {c["label"].get("nl"): c["key"] for c in old}
    keys = [by_label.get(line) for line in labels["nl"]]
    used = {key for key in keys if key}
    numbers = [int(c["key"][1:]) for c in old if re.fullmatch(r"c\d+", c["key"])]
    serial = max(numbers, default=0)
    for place, key in enumerate(keys):
        if key is None:
            if place < len(old) and old[place]["key"] not in used:
                key = old[place]["key"]
            else:
                serial += 1
                key = f"c{serial}"
            keys[place] = key
            used.add(key)
    return [
        {"key": key, "label": {lang: labels[lang][i] for lang in LANGUAGES if labels[lang]}}
        for i, key in enumerate(keys)
    ]


def cards_on_offer(options: dict) -> list[dict]:
    """The prompt's own cards first, then the standard cards it does not use."""
    own = list(options.get("cards", []))
    keys = {card["key"] for card in own}
    return own + [card for card in defaults.feelings_cards() if card["key"] not in keys]


def card_label(card: dict) -> str:
    return f'{card["icon"]} {localize(card["label"], str(get_locale()))}'


def _lines_field(language: str):
    label = {"nl": _l("Dutch"), "en": _l("English (optional)"), "fr": _l("French (optional)")}[language]
    first = DataRequired(_l("Give at least two choices.")) if language == "nl" else Optional()
    return TextAreaField(label, [first], render_kw={"rows": 4, "lang": language})


class ChoicesMixin:
    """Fields and rules for single and multiple choice statements."""

    GROUP_HINT = _l("One choice per line, in the same order in each language.")

    choices_nl = _lines_field("nl")
    choices_en = _lines_field("en")
    choices_fr = _lines_field("fr")

    def lines(self, language: str) -> list[str]:
        text = self[f"choices_{language}"].data or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate_choices_nl(self, field):
        lines = self.lines("nl")
        if not 2 <= len(lines) <= MOST:
            raise ValidationError(_l("Give from 2 to %(most)s choices.", most=MOST))
        if len(set(lines)) != len(lines):
            raise ValidationError(_l("Each choice must be different."))
        self._check_length(lines)

    def validate_choices_en(self, field):
        self._check_same_count("en")

    def validate_choices_fr(self, field):
        self._check_same_count("fr")

    def _check_same_count(self, language):
        lines = self.lines(language)
        if lines and len(lines) != len(self.lines("nl")):
            raise ValidationError(_l("Give one line per choice, in the same order as in Dutch, "
                                     "or leave this empty."))
        self._check_length(lines)

    def _check_length(self, lines):
        if any(len(line) > LONGEST for line in lines):
            raise ValidationError(_l("A choice has at most %(most)s characters.", most=LONGEST))

    def initial(self, options):
        old = options.get("choices", [])
        return {f"choices_{lang}": "\n".join(c["label"].get(lang) or c["label"]["nl"] for c in old)
                if any(c["label"].get(lang) for c in old) else "" for lang in LANGUAGES}

    def options(self):
        labels = {lang: self.lines(lang) for lang in LANGUAGES}
        old = [] if self.is_new else self.current.get("choices", [])  # a new prompt starts at c1
        return {"choices": keyed(labels, old)}
