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


def lines_field(language: str, required_message, rows: int) -> TextAreaField:
    """One textarea of lines in one language: Dutch is required and sets the count."""
    label = {"nl": _l("Dutch"), "en": _l("English (optional)"), "fr": _l("French (optional)")}[language]
    first = [DataRequired(required_message), _check_first] if language == "nl" else [Optional(), _check_other]
    return TextAreaField(label, first, render_kw={"rows": rows, "lang": language})


def _check_first(form, field) -> None:
    lines = form.lines("nl")
    if not form.FEWEST <= len(lines) <= form.MOST:
        raise ValidationError(form.count_error())
    if len(set(lines)) != len(lines):
        raise ValidationError(form.DIFFERENT_ERROR)
    form.check_length(lines)


def _check_other(form, field) -> None:
    lines = form.lines(field.render_kw["lang"])
    if lines and len(lines) != len(form.lines("nl")):
        raise ValidationError(form.SAME_COUNT_ERROR)
    form.check_length(lines)


class LinesMixin:
    """Items given one per line in each language (choices, phases, spokes): fields
    PREFIX_nl/_en/_fr, kept under the options' FIELD with stable keys (`keyed`)."""

    PREFIX = FIELD = ""
    FEWEST, MOST, LONGEST = 2, 8, 40

    def lines(self, language: str) -> list[str]:
        text = self[f"{self.PREFIX}_{language}"].data or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def check_length(self, lines):
        if any(len(line) > self.LONGEST for line in lines):
            raise ValidationError(self.length_error())

    def initial(self, options):
        old = options.get(self.FIELD, [])
        return {f"{self.PREFIX}_{lang}": "\n".join(c["label"].get(lang) or c["label"]["nl"] for c in old)
                if any(c["label"].get(lang) for c in old) else "" for lang in LANGUAGES}

    def options(self):
        labels = {lang: self.lines(lang) for lang in LANGUAGES}
        old = [] if self.is_new else self.current.get(self.FIELD, [])  # a new prompt starts at c1
        return {self.FIELD: keyed(labels, old)}


class ChoicesMixin(LinesMixin):
    """Fields and rules for single and multiple choice statements."""

    PREFIX = FIELD = "choices"
    FEWEST, MOST, LONGEST = 2, MOST, LONGEST
    GROUP_HINT = _l("One choice per line, in the same order in each language.")
    DIFFERENT_ERROR = _l("Each choice must be different.")
    SAME_COUNT_ERROR = _l("Give one line per choice, in the same order as in Dutch, or leave this empty.")

    choices_nl = lines_field("nl", _l("Give at least two choices."), rows=4)
    choices_en = lines_field("en", None, rows=4)
    choices_fr = lines_field("fr", None, rows=4)

    def count_error(self):
        return _l("Give from 2 to %(most)s choices.", most=self.MOST)

    def length_error(self):
        return _l("A choice has at most %(most)s characters.", most=self.LONGEST)
