"""One editor form per prompt kind: the options of app/prompt_kinds.KINDS as form fields."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectMultipleField, ValidationError
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.meetings import choices, forms, prompt_forms_more
from app.meetings.forms import LANGUAGES, PromptForm
from app.meetings.prompt_kinds import MAX_TEXT_LENGTH


def _number(label, low, high, required=True, **kwargs):
    first = InputRequired(_l("Give a number.")) if required else Optional()
    return IntegerField(label, [first, NumberRange(low, high)], **kwargs)


class ScaleForm(PromptForm):
    GROUPS = ((_l("Scale"), ("style", "min", "max")),)
    style = RadioField(_l("Style"), default="numbers", choices=forms.choice_list([
        ("numbers", _l("Numbers")), ("faces", _l("Five faces (always 1 to 5)"))]))
    min = _number(_l("Lowest number"), 0, 9, required=False)
    max = _number(_l("Highest number"), 2, 10, required=False)

    def initial(self, options):
        return {key: options.get(key) for key in ("style", "min", "max")}

    def validate_max(self, field):
        if self.style.data != "numbers":
            return  # faces are always 1 to 5
        if self.min.data is None or field.data is None:
            raise ValidationError(_l("Give the lowest and the highest number."))
        if self.min.data >= field.data:
            raise ValidationError(_l("The highest number must be above the lowest."))

    def options(self):
        if self.style.data == "faces":
            return {"min": 1, "max": 5, "style": "faces"}
        return {"min": self.min.data, "max": self.max.data, "style": "numbers"}


class PositionForm(PromptForm):
    GROUPS = ((_l("Statement on the left"), ("left_nl", "left_en", "left_fr")),
              (_l("Statement on the right"), ("right_nl", "right_en", "right_fr")))
    left_nl, left_en, left_fr = (forms.language_field(lang, 120, rows=1) for lang in LANGUAGES)
    right_nl, right_en, right_fr = (forms.language_field(lang, 120, rows=1) for lang in LANGUAGES)

    def initial(self, options):
        left, right = options.get("left"), options.get("right")
        return {**forms.from_languages("left", left), **forms.from_languages("right", right)}

    def options(self):
        return {"left": forms.in_languages(self, "left"), "right": forms.in_languages(self, "right")}


class CardsForm(PromptForm):
    GROUPS = ((_l("Cards"), ("max_picks", "ask_why", "cards")),)
    ask_why = BooleanField(_l("Ask “why?” (a short text, shown after your approval)"))
    cards = SelectMultipleField(_l("Cards on offer"), widget=ListWidget(prefix_label=False),
                                option_widget=CheckboxInput())
    max_picks = _number(_l("How many cards may each person pick?"), 1, 10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = choices.cards_on_offer(self.current)
        self.cards.choices = forms.choice_list((c["key"], choices.card_label(c)) for c in self.available)

    def initial(self, options):
        return {"cards": [c["key"] for c in options.get("cards", [])], "max_picks": options.get("max_picks"),
                "ask_why": bool(options.get("ask_why"))}

    def validate_cards(self, field):
        if len(field.data or []) < 2:
            raise ValidationError(_l("Keep at least two cards."))

    def validate_max_picks(self, field):
        if field.data and field.data > len(self.cards.data or []):
            raise ValidationError(_l("At most as many picks as there are cards."))

    def options(self):
        picked = [c for c in self.available if c["key"] in self.cards.data]
        return {"cards": picked, "max_picks": self.max_picks.data, "ask_why": self.ask_why.data}


class WordsForm(PromptForm):
    GROUPS = ((_l("Answer"), ("max_words",)),)
    max_words = _number(_l("How many words may each person give?"), 1, 3)

    def initial(self, options):
        return {"max_words": options.get("max_words")}

    def options(self):
        return {"max_words": self.max_words.data}


class TextForm(PromptForm):
    GROUPS = ((_l("Answer"), ("max_length",)),)
    max_length = _number(_l("Longest answer, in characters"), 10, MAX_TEXT_LENGTH)

    def initial(self, options):
        return {"max_length": options.get("max_length")}

    def options(self):
        return {"max_length": self.max_length.data}


class SingleForm(choices.ChoicesMixin, PromptForm):
    GROUPS = ((_l("Choices"), ("choices_nl", "choices_en", "choices_fr")),)


class MultipleForm(choices.ChoicesMixin, PromptForm):
    GROUPS = ((_l("Choices"), ("choices_nl", "choices_en", "choices_fr")), (_l("Picks"), ("max_picks",)))
    max_picks = _number(_l("How many may each person pick? (empty: no limit)"), 1, choices.MOST,
                        required=False)

    def initial(self, options):
        return {**super().initial(options), "max_picks": options.get("max_picks")}

    def validate_max_picks(self, field):
        if field.data and field.data > len(self.lines("nl")):
            raise ValidationError(_l("At most as many picks as there are choices."))

    def options(self):
        return {**super().options(), "max_picks": self.max_picks.data}


FORMS = {"scale": ScaleForm, "position": PositionForm, "cards": CardsForm, "words": WordsForm,
         "text": TextForm, "single": SingleForm, "multiple": MultipleForm, **prompt_forms_more.FORMS}
