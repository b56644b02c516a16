"""The facilitator's forms: a meeting's settings, and the part every prompt editor
shares (the question in three languages and who answers it). The per-kind option
forms are in prompt_forms.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.results.disclosure import HIGHEST_K, LOWEST_K

LANGUAGES = ("nl", "en", "fr")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}
MAX_PROMPT_TEXT = 300


def strip(value):
    return value.strip() if isinstance(value, str) else value


def choice_list(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def in_languages(form, prefix: str) -> dict:
    """{"nl": ..., "en": ..., "fr": ...} from fields named prefix_nl etc., empty ones left out."""
    texts = {lang: getattr(form, f"{prefix}_{lang}").data for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text}


def from_languages(prefix: str, texts: dict | None) -> dict:
    """The reverse of in_languages: initial data for the fields."""
    return {f"{prefix}_{lang}": (texts or {}).get(lang, "") for lang in LANGUAGES}


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(), Length(max=120)], filters=[strip],
                        description=_l("For example: Football, youth centre De Brug, 12 March"))
    language = SelectField(_l("Main language"), choices=choice_list(LANGUAGE_NAMES.items()),
                           default="nl",
                           description=_l("Phones start in this language; everyone can switch."))
    pacing = RadioField(_l("Pacing"), default="self", choices=choice_list([
        ("self", _l("Everyone answers at their own pace")),
        ("facilitator", _l("I show one prompt at a time")),
    ]))


def seats_field(label):
    return IntegerField(label, [Optional(), NumberRange(min=0, max=1000)],
                        description=_l("Leave empty if you do not want to check."))


class ProtectionForm(FlaskForm):
    """Who is in the room and when a group's answers may be shown (app/results/disclosure.py)."""

    seats_youngster = seats_field(_l("Youngsters in the room"))
    seats_officer = seats_field(_l("Officers in the room"))
    seats_other = seats_field(_l("Others in the room"))
    min_group_size = IntegerField(
        _l("Show a group's answers once this many of it answered"),
        [InputRequired(), NumberRange(min=LOWEST_K, max=HIGHEST_K)], default=3,
        description=_l("At least 2. Higher protects small groups better."))
    show_same = BooleanField(_l("Also show a small group's result when everyone in it gave the same answer "
                                "(then everyone knows what each of them answered)"))

    def seats(self) -> dict[str, int]:
        return {group: getattr(self, f"seats_{group}").data for group in ("youngster", "officer", "other")
                if getattr(self, f"seats_{group}").data is not None}


def language_field(language: str, longest: int, rows: int = 2):
    """A text in one language; Dutch is required, English and French fall back to it."""
    label = {"nl": _l("Dutch"), "en": _l("English"), "fr": _l("French")}[language]
    first = DataRequired(_l("The Dutch text is required.")) if language == "nl" else Optional()
    return TextAreaField(label, [first, Length(max=longest)], filters=[strip],
                         render_kw={"rows": rows, "lang": language})


class PromptForm(FlaskForm):
    """The question and its audience. Subclasses add a kind's options: `GROUPS` lists
    them under headings, `initial(options)` fills them, `options()` makes the stored dict."""

    GROUPS: tuple = ()
    GROUP_HINT = None

    text_nl, text_en, text_fr = (language_field(lang, MAX_PROMPT_TEXT) for lang in LANGUAGES)
    audience = RadioField(_l("Who answers"), default="everyone", choices=choice_list([
        ("everyone", _l("Everyone")),
        ("youngster", _l("Youngsters only")),
        ("officer", _l("Officers only")),
    ]))

    def __init__(self, text: dict | None, options: dict, audience: str = "everyone", **kwargs):
        """text None: a new prompt, its options the kind's defaults."""
        self.is_new, self.current = text is None, options
        data = {**from_languages("text", text), "audience": audience, **self.initial(options)}
        super().__init__(data=data, **kwargs)

    def initial(self, options: dict) -> dict:
        return {}

    def options(self) -> dict:
        return {}

    def text(self) -> dict:
        return in_languages(self, "text")

    def option_groups(self) -> list:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]
