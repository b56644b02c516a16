"""Every user-facing string is translated into Dutch and French.

The messages are extracted from the source here, with babel.cfg, so a string added
without a translation fails this test (run `pybabel extract` and `pybabel update`,
then translate it). The catalogs are compiled once per run (the `compiled` fixture of
conftest.py), so the pages are checked in each language without `make translations`."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

try:
    from babel.messages.frontend import parse_mapping_cfg
except ImportError:  # Babel < 2.14
    from babel.messages.frontend import parse_mapping as parse_mapping_cfg

from tests.translations import catalog

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = ("nl", "fr")  # English is the source language: an empty msgstr falls back to it
# plural_forms (app/plurals.py): every plural form of a sentence, for a page's script.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2),
            "plural_forms": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|\{(\w*)[^{}]*\}")


def source_messages() -> dict[tuple[str, str | None], set[str]]:
    """(msgid, msgctxt) of every message in the source -> where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found: dict[tuple[str, str | None], set[str]] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((msgid, context), set()).add(f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {f"%({m[1]})" if m[1] else f"{{{m[2]}}}" for m in PLACEHOLDER.finditer(text)}


def forms(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


@pytest.fixture(scope="module")
def source():
    found = source_messages()
    assert len(found) > 50, "extraction found almost nothing: is babel.cfg still right?"
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_source_string_is_translated(source, lang):
    cat = catalog(lang)
    missing = []
    for (msgid, context), where in sorted(source.items(), key=lambda item: item[0][0]):
        message = cat.get(msgid, context=context)
        if message is None:
            problem = "not in the catalog"
        elif message.fuzzy:
            problem = "fuzzy"
        elif not all(forms(message.string)):
            problem = "empty"
        else:
            continue
        missing.append(f"  {msgid!r} ({problem}; {', '.join(sorted(where))})")
    assert not missing, (
        f"{len(missing)} string(s) without a {lang} translation. Run `pybabel extract -F babel.cfg "
        "-k _l -k lazy_gettext -k plural_forms:1,2 -o app/translations/messages.pot .`, then "
        "`pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching`, "
        "then translate:\n"
        + "\n".join(missing)
    )


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_catalogue_reads_without_a_broken_entry(lang):
    assert len(catalog(lang)) > 100


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_fuzzy_entries(lang):
    fuzzy = [message.id for message in catalog(lang) if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy entries in {lang}: {fuzzy}"


@pytest.mark.parametrize("lang", (*TRANSLATED, "en"))
def test_placeholders_match(lang):
    wrong = []
    for message in catalog(lang):
        if not message.id:
            continue
        ids = forms(message.id)
        expected = set().union(*(placeholders(text) for text in ids))
        for text in forms(message.string):
            if text and placeholders(text) != expected:
                wrong.append(f"  {ids[0]!r} -> {text!r}: {sorted(placeholders(text))} "
                             f"instead of {sorted(expected)}")
    assert not wrong, f"placeholders differ in {lang}:\n" + "\n".join(wrong)


def test_placeholder_pattern():
    assert placeholders("%(n)s of {max}, %(num)d and {group}") == {"%(n)", "%(num)", "{max}", "{group}"}
    assert placeholders("100% sure, no {} here") == {"{}"}


def browser_client(app):
    """A fresh client (no language in the session) that sends no Accept-Language,
    like a phone whose browser does not say (the suite's client asks for English)."""
    client = app.test_client()
    client.environ_base.pop("HTTP_ACCEPT_LANGUAGE", None)
    return client


def home(app, **kwargs) -> str:
    response = browser_client(app).get("/", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_home_is_dutch_by_default(app, compiled):
    page = home(app)
    assert '<html lang="nl">' in page
    assert "Typ de code van de ontmoeting" in page
    assert "Type the meeting code" not in page


@pytest.mark.parametrize(("lang", "text"), [
    ("nl", "Typ de code van de ontmoeting"),
    ("fr", "Tape le code de la rencontre"),
    ("en", "Type the meeting code"),
])
def test_home_in_each_language(app, compiled, lang, text):
    page = home(app, query_string={"lang": lang})
    assert f'<html lang="{lang}">' in page
    assert text in page


def test_language_is_kept_and_browser_language_is_used(app, compiled):
    client = browser_client(app)
    client.get("/", query_string={"lang": "fr"})
    assert "Tape le code de la rencontre" in client.get("/").get_data(as_text=True)
    page = home(app, headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    assert '<html lang="fr">' in page
