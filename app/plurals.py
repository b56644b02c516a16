"""Plural sentences for the pages' scripts. A script counts on the phone (answers still to
send, words picked…), so the server hands it every plural form of a sentence, keyed by the
CLDR category that the browser's Intl.PluralRules picks for a number ("one", "other",
"many"…). Each form comes from ngettext, so the catalogues stay the one source of words."""

from babel import Locale
from flask_babel import get_locale, ngettext

# Numbers that between them reach every plural category of nl, en and fr (fr: "many" for
# a million); each category takes the form gettext gives its first number.
SAMPLES = (1, 0, 2, 3, 5, 11, 21, 101, 1_000_000)


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """{CLDR category: sentence} for the page's language; placeholders stay {n}."""
    locale = get_locale() or Locale("nl")
    forms: dict[str, str] = {}
    for number in SAMPLES:
        category = locale.plural_form(number)
        if category not in forms:
            forms[category] = ngettext(singular, plural, number)
    forms.setdefault("other", ngettext(singular, plural, 2))
    return forms
