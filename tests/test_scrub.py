"""Personal data out of typed answers: app/phone/scrub.py on the server, and its port
static/js/participant/scrub.js on the phone, against the same examples."""

import pytest

from app.meetings import prompt_kinds
from app.phone.scrub import national_id_valid, scrub

# text -> what is stored. Valid national register numbers: 85.07.30-033.28 (born
# 1985) and 05.03.12-123.60 (born 2005: the check digits count a 2 before the nine).
REMOVED = [
    ("mail me: Jan.Peeters+allo@telenet.be ok", "mail me: [e-mail] ok", ["email"]),
    ("anna_v@gmail.com", "[e-mail]", ["email"]),
    ("bel 0470 12 34 56", "bel [tel]", ["phone"]),
    ("0470123456", "[tel]", ["phone"]),
    ("0470/12.34.56", "[tel]", ["phone"]),
    ("0470-12-34-56!", "[tel]!", ["phone"]),
    ("+32 470 12 34 56", "[tel]", ["phone"]),
    ("+32470123456", "[tel]", ["phone"]),
    ("0032 470 12 34 56", "[tel]", ["phone"]),
    ("+32 (0)53 21 22 23", "[tel]", ["phone"]),
    ("053 21 22 23", "[tel]", ["phone"]),
    ("053/21.22.23", "[tel]", ["phone"]),
    ("02 511 22 33", "[tel]", ["phone"]),
    ("+31 6 12345678", "[tel]", ["phone"]),
    ("06-12345678", "[tel]", ["phone"]),
    ("020-1234567", "[tel]", ["phone"]),
    ("+1 555 123 4567", "[tel]", ["phone"]),
    ("ik ben 17 0470123456", "ik ben 17 [tel]", ["phone"]),
    ("nummerplaat 1-ABC-123", "nummerplaat [plate]", ["plate"]),
    ("1ABC123", "[plate]", ["plate"]),
    ("1 ABC 123", "[plate]", ["plate"]),
    ("1-abc-123", "[plate]", ["plate"]),
    ("2.XYZ.987", "[plate]", ["plate"]),
    ("oude plaat ABC-123", "oude plaat [plate]", ["plate"]),
    ("ABC 123", "[plate]", ["plate"]),
    ("85.07.30-033.28", "[ID]", ["id"]),
    ("85073003328", "[ID]", ["id"]),
    ("rijksregister 85 07 30 033 28.", "rijksregister [ID].", ["id"]),
    ("05.03.12-123.60", "[ID]", ["id"]),
    ("jan@x.be of 0470 12 34 56, auto 1-ABC-123", "[e-mail] of [tel], auto [plate]",
     ["email", "phone", "plate"]),
]

# Look-alike characters that hid personal data from the rules (issue 21, item 8), and
# bidi overrides that made a stored text read backwards: text -> what is stored.
BYPASSES = [
    ("bel 0470\u200b12 34 56", "bel [tel]", ["phone"]),  # zero-width space
    ("0470\u2060123456", "[tel]", ["phone"]),  # word joiner
    ("0470\u00ad123456", "[tel]", ["phone"]),  # soft hyphen
    ("0470\ufeff\u200d\ufeff123456", "[tel]", ["phone"]),  # joiner hidden between format characters
    ("0470\u00a012\u00a034\u00a056", "[tel]", ["phone"]),  # non-breaking spaces
    ("0470\u202f12\u200934\u300056", "[tel]", ["phone"]),  # narrow, thin and ideographic spaces
    ("\uff10\uff14\uff17\uff10 \uff11\uff12 \uff13\uff14 \uff15\uff16", "[tel]", ["phone"]),  # full-width
    ("\uff0b\uff13\uff12 470 12 34 56", "[tel]", ["phone"]),
    ("0470\u201012\u201034\u201056", "[tel]", ["phone"]),  # Unicode hyphen
    ("tel: 0470\u201312\u201334\u201356 \u2014 bel!", "tel: [tel] \u2014 bel!", ["phone"]),  # en dash
    ("0470\u221512.34.56 of 053\u204421.22.23", "[tel] of [tel]", ["phone"]),  # division, fraction slash
    ("jan\u200b@x.be", "[e-mail]", ["email"]),
    ("jan\uff20x\uff0ebe", "[e-mail]", ["email"]),  # full-width @ and .
    ("85.07.30\u2212033.28", "[ID]", ["id"]),  # minus sign
    ("1\u2011ABC\u2011123", "[plate]", ["plate"]),  # non-breaking hyphen
    ("\uff21\uff22\uff23-123", "[plate]", ["plate"]),
    ("\u202eik vond het leuk\u202c", "ik vond het leuk", []),  # right-to-left override
    ("top \u2067agent\u2069 \u200fja", "top agent ja", []),  # isolate, right-to-left mark
]

# Ordinary text that must stay as it is.
KEPT = [
    "kost 1 250 euro", "€ 12,50", "1.250.000", "0,50 euro", "in 2023", "2019-2023",
    "om 19:30", "van 19u30 tot 21u", "7/10", "score 3-1", "10/10!!", "op 09.12.2023 10 agenten",
    "01/02/2023", "12-03-2024", "3 uur 100 keer", "9300 Aalst", "tel 1234", "12 34 56 78 90 12",
    "85.07.30-033.29", "85073003329", "ik ben 16", "agent 007", "top 100", "PSG wint 3-0",
    "Wij waren met 25 jongeren en 4 agenten", "a@b", "x @ y", "C'est bien 100%", "+5 punten",
    "0800 123", "#1 team", "groep 2B", "2 dagen 123", "3 uur 100",
    "het was \u2014 eerlijk \u2014 leuk", "2019\u20132023", "\U0001f3f3\ufe0f\u200d\U0001f308 top",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f926\u200d\u2640\ufe0f", "caf\u00e9 na\u00efef",
]


@pytest.mark.parametrize(("text", "stored", "kinds"), REMOVED + BYPASSES)
def test_personal_data_is_replaced_by_a_marker(text, stored, kinds):
    result = scrub(text)
    assert (result.text, result.found) == (stored, kinds)


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_is_kept(text):
    assert scrub(text).text == text
    assert scrub(text).found == []


def test_the_national_number_check_digits():
    assert national_id_valid("85073003328")
    assert national_id_valid("05031212360")
    assert not national_id_valid("85073003327")
    assert not national_id_valid("8507300332")


def test_text_and_words_are_scrubbed_before_they_are_stored(app):
    with app.test_request_context():
        options = prompt_kinds.default_options("text")
        assert prompt_kinds.clean_value("text", options, "bel me 0470 12 34 56") == "bel me [tel]"
        words = prompt_kinds.clean_value("words", prompt_kinds.default_options("words"),
                                         ["leuk", "0470123456", "jan@x.be"])
        assert words == ["leuk", "[tel]", "[e-mail]"]


@pytest.mark.parametrize("kind", ["text", "words"])
def test_a_text_of_invisible_characters_is_refused_as_empty_not_stored(app, kind):
    with app.test_request_context():
        with pytest.raises(prompt_kinds.InvalidValue):
            prompt_kinds.clean_value(kind, prompt_kinds.default_options(kind), "\u200b\u2060\u202e\u00a0")


def test_the_length_is_checked_on_the_normalised_text(app):
    """NFKC makes one U+FDFA eighteen letters: the limit holds on what is stored."""
    with app.test_request_context():
        with pytest.raises(prompt_kinds.InvalidValue):
            prompt_kinds.clean_value("text", {"max_length": 280}, "\ufdfa" * 20)


def test_a_full_length_text_with_a_short_address_is_not_refused(app):
    with app.test_request_context():
        most = prompt_kinds.default_options("text").get("max_length") or 280
        text = "x" * (most - 7) + " a@b.be"
        assert prompt_kinds.clean_value("text", {"max_length": most}, text).endswith("[e-mail]")


@pytest.mark.browser
def test_the_phone_scrubs_like_the_server(browser, live_server):
    """The same examples through static/js/participant/scrub.js in Chromium."""
    page = browser.new_page(base_url=live_server["url"])
    try:
        page.goto("/")  # a page of the app: its policy lets its own scripts load (a static file's does not)
        results = page.evaluate(
            """async (texts) => {
                const { scrub } = await import("/static/js/participant/scrub.js");
                return texts.map((text) => scrub(text));
            }""",
            [text for text, _, _ in REMOVED + BYPASSES] + KEPT,
        )
    finally:
        page.close()
    expected = [{"text": stored, "found": kinds} for _, stored, kinds in REMOVED + BYPASSES]
    expected += [{"text": text, "found": []} for text in KEPT]
    assert results == expected


@pytest.mark.browser
def test_the_phone_shows_the_scrubbed_text_and_says_why(phone, make):
    """A typed address becomes its marker on the screen, a line says why, and the
    server stores the same text."""
    import re

    from playwright.sync_api import expect
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Answer
    from tests.browser import wait_until

    meeting = make.meeting(kinds=("text",), pacing="facilitator")
    meeting.current_prompt_id = meeting.prompts[0].id
    db.session.commit()
    phone.goto(f"/j/{meeting.token}?lang=en")
    phone.get_by_role("button", name=re.compile("Youngster")).tap()
    phone.locator("textarea").fill("mail jan@x.be")
    phone.get_by_role("button", name="Save").tap()
    expect(phone.locator("textarea")).to_have_value("mail [e-mail]")
    notice = "🔒 We removed an e-mail address: answers stay anonymous."
    expect(phone.locator(".scrubbed")).to_have_text(notice)

    def stored():
        db.session.expire_all()
        return db.session.scalar(select(Answer.value))

    wait_until(phone, stored)
    assert stored() == "mail [e-mail]"
