"""Editor forms of the storyline and the spokes: their phases or spokes, one per line
in each language (keys kept stable across edits by app/meetings/views/choices.keyed)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.meetings.choices import keyed
from app.meetings.forms import LANGUAGES, PromptForm

LONGEST = 40


def _lines_field(language: str, required_message):
    label = {"nl": _l("Dutch"), "en": _l("English (optional)"), "fr": _l("French (optional)")}[language]
    first = DataRequired(required_message) if language == "nl" else Optional()
    return TextAreaField(label, [first], render_kw={"rows": 5, "lang": language})


class _LinesForm(PromptForm):
    """Items (phases, spokes) given one per line; FIELD names the options' list."""

    FIELD = ""
    FEWEST, MOST = 2, 8

    def lines(self, language: str) -> list[str]:
        text = self[f"items_{language}"].data or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate_items_nl(self, field):
        lines = self.lines("nl")
        if not self.FEWEST <= len(lines) <= self.MOST:
            raise ValidationError(_l("Give from %(fewest)s to %(most)s lines.",
                                     fewest=self.FEWEST, most=self.MOST))
        if len(set(lines)) != len(lines):
            raise ValidationError(_l("Each line must be different."))
        self._check_length(lines)

    def validate_items_en(self, field):
        self._check_same_count("en")

    def validate_items_fr(self, field):
        self._check_same_count("fr")

    def _check_same_count(self, language):
        lines = self.lines(language)
        if lines and len(lines) != len(self.lines("nl")):
            raise ValidationError(_l("Give one line per item, in the same order as in Dutch, "
                                     "or leave this empty."))
        self._check_length(lines)

    def _check_length(self, lines):
        if any(len(line) > LONGEST for line in lines):
            raise ValidationError(_l("A line has at most %(most)s characters.", most=LONGEST))

    def initial(self, options):
        old = options.get(self.FIELD, [])
        return {f"items_{lang}": "\n".join(c["label"].get(lang) or c["label"]["nl"] for c in old)
                if any(c["label"].get(lang) for c in old) else "" for lang in LANGUAGES}

    def options(self):
        labels = {lang: self.lines(lang) for lang in LANGUAGES}
        old = [] if self.is_new else self.current.get(self.FIELD, [])
        return {self.FIELD: keyed(labels, old)}


class StorylineForm(_LinesForm):
    FIELD = "phases"
    GROUPS = ((_l("Phases of the meeting"), ("items_nl", "items_en", "items_fr")),
              (_l("Levels"), ("levels",)))
    GROUP_HINT = _l("One phase per line, in the order they happened (arrival, game, talk…).")
    items_nl = _lines_field("nl", _l("Give at least two phases."))
    items_en = _lines_field("en", None)
    items_fr = _lines_field("fr", None)
    levels = IntegerField(_l("How many levels (faces)?"),
                          [InputRequired(_l("Give a number.")), NumberRange(3, 7)], default=5)

    def initial(self, options):
        return {**super().initial(options), "levels": options.get("levels") or 5}

    def options(self):
        return {**super().options(), "levels": self.levels.data}


class SpokesForm(_LinesForm):
    FIELD = "spokes"
    FEWEST = 3
    GROUPS = ((_l("Spokes"), ("items_nl", "items_en", "items_fr")),)
    GROUP_HINT = _l("One theme per line (respect, listening, fun…); each gets a number from 0 to 10.")
    items_nl = _lines_field("nl", _l("Give at least three spokes."))
    items_en = _lines_field("en", None)
    items_fr = _lines_field("fr", None)


FORMS = {"storyline": StorylineForm, "spokes": SpokesForm}
