"""Editor forms of the storyline and the spokes: their phases or spokes, one per line
in each language (the rules shared with choices: app/meetings/choices.py, LinesMixin)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.meetings.choices import LinesMixin, lines_field
from app.meetings.forms import PromptForm


class _LinesForm(LinesMixin, PromptForm):
    """Items (phases, spokes) given one per line; FIELD names the options' list."""

    PREFIX = "items"
    DIFFERENT_ERROR = _l("Each line must be different.")
    SAME_COUNT_ERROR = _l("Give one line per item, in the same order as in Dutch, or leave this empty.")

    def count_error(self):
        return _l("Give from %(fewest)s to %(most)s lines.", fewest=self.FEWEST, most=self.MOST)

    def length_error(self):
        return _l("A line has at most %(most)s characters.", most=self.LONGEST)


class StorylineForm(_LinesForm):
    FIELD = "phases"
    GROUPS = ((_l("Phases of the meeting"), ("items_nl", "items_en", "items_fr")),
              (_l("Levels"), ("levels",)))
    GROUP_HINT = _l("One phase per line, in the order they happened (arrival, game, talk…).")
    items_nl = lines_field("nl", _l("Give at least two phases."), rows=5)
    items_en = lines_field("en", None, rows=5)
    items_fr = lines_field("fr", None, rows=5)
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
    items_nl = lines_field("nl", _l("Give at least three spokes."), rows=5)
    items_en = lines_field("en", None, rows=5)
    items_fr = lines_field("fr", None, rows=5)


FORMS = {"storyline": StorylineForm, "spokes": SpokesForm}
