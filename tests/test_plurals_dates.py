"""Counts and dates read as people write them, in every language: every count in a
sentence picks its plural form (also in the phone's script, through Intl.PluralRules
and the forms the server hands it), and a date or period is a date, not "2026-12"."""

import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from app.network.dashboard.filters import period_name
from app.phone.views.strings import participant_strings
from app.plurals import plural_forms


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("nl", "Je hebt 1 van de 1 vraag beantwoord.", "Je hebt 1 van de 2 vragen beantwoord."),
    ("fr", "Tu as répondu à 1 question sur 1.", "Tu as répondu à 1 questions sur 2."),
    ("en", "You answered 1 of 1 question.", "You answered 1 of 2 questions."),
])
def test_the_phone_gets_every_plural_form(app, compiled, lang, one, two):
    with app.test_request_context(), force_locale(lang):
        forms = participant_strings()["answered_n"]
    assert forms["one"].format(n=1, total=1) == one
    assert forms["other"].format(n=1, total=2) == two


def test_plural_forms_follow_each_language(app, compiled):
    with app.test_request_context():
        with force_locale("fr"):
            fr = plural_forms("{n} answer still has to be sent first. Try again when you have signal.",
                              "{n} answers still have to be sent first. Try again when you have signal.")
        with force_locale("nl"):
            nl = plural_forms("{n} answer", "{n} answers")
    assert set(fr) == {"one", "many", "other"} and fr["one"].startswith("{n} réponse doit")
    assert fr["many"].startswith("{n} réponses doivent")  # a million: "many" in CLDR
    assert set(nl) == {"one", "other"}


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", ["1 antwoord staat nog", "0 antwoorden staan nog", "2 antwoorden staan nog"]),
    ("fr", ["1 réponse est encore", "0 réponse est encore", "2 réponses sont encore"]),
    ("en", ["1 answer is still", "0 answers are still", "2 answers are still"]),
])
def test_the_script_picks_the_plural_form_of_its_language(phone, make, compiled, lang, expected):
    meeting = make.meeting(kinds=("single",))
    phone.goto(f"/j/{meeting.token}?lang={lang}")
    expect(phone.locator("html")).to_have_attribute("lang", lang)
    said = phone.evaluate("""async () => {
        const { t } = await import("/static/js/participant/dom.js");
        return [1, 0, 2].map((n) => t("pending", { n }));
    }""")
    for text, start in zip(said, expected, strict=True):
        assert text.startswith(start), (text, start)


@pytest.mark.parametrize(("lang", "month", "quarter"), [
    ("nl", "december 2026", "K4 2026"),
    ("fr", "décembre 2026", "T4 2026"),
    ("en", "December 2026", "Q4 2026"),
])
def test_a_period_is_a_month_or_quarter_in_words(app, lang, month, quarter):
    with app.test_request_context(), force_locale(lang):
        assert period_name("2026-12") == month
        assert period_name("2026-Q4") == quarter
        assert re.fullmatch(r"\w+\.? 2026", period_name("2026-12", short=True))


def test_no_page_writes_a_date_as_year_month_day(client, auth, make, compiled):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    meeting.opened_at = datetime(2026, 12, 5, 10, tzinfo=UTC)
    auth.login(me)
    series_id = int(client.post_form("/n/series", {"name": "Maandelijks"}).location.rsplit("/", 1)[1])
    client.post_form(f"/n/meetings/{meeting.id}/series", {"series_id": str(series_id)})
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    page = client.get(f"/n/series/{series_id}").get_data(as_text=True)
    assert "5 december 2026" in page and "2026-12-05" not in page
    today = date.today()
    board = client.get("/f/dashboard").get_data(as_text=True)
    assert f"{today:%Y-%m}" not in re.sub(r'(value|href|name)="[^"]*"', "", board)
