"""XSS payloads in every text field, on every screen that shows it.

The meeting's title, each prompt's text in nl, en and fr, the option labels (choices,
cards, the line-up's two statements) and the open-text and words answers (approved,
so they reach the wall) all carry script tags, an attribute break-out with an onerror
handler, a javascript: URL, a template expression ({{7*7}}) and an RTL override. The
facilitator's pages, the presenter (logged in and by link) and its live fragments, the
moderation page, the report, the exports and the API are read as text: each payload
appears only escaped, nowhere evaluated. Then Chromium renders the participant page
(built by script), the presenter link and the moderation page: no dialog opens (a
dialog fails the test), no injected element exists, the text is shown as text."""

import csv
import io
import re
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from app import meetings
from app.extensions import db
from app.live import moderation
from app.meetings.prompt_kinds import KINDS, default_options
from app.phone import store
from tests.browser import polled
from tests.routes import PASSWORD, fast_user

ATTACK = '<script>alert(1)</script>"><img src=x onerror=alert(1)>javascript:alert(1) T{{7*7}}T \u202eevil'
WORDS = ["<script>alert(1)</script>", "<img/src=x/onerror=alert(1)>", "T{{7*7}}T"]
# What must never appear in a page as it was sent: markup that a browser would run.
RAW = ["<script>alert(", "<img src=x", "<img/src=x", "onerror=alert(1)>", 'href="javascript:',
       "src=\"javascript:", "T49T"]


def field(tag: str) -> str:
    return f"{tag}{ATTACK}"


def build(make):
    """A facilitator's meeting whose every text field carries the attack; six phones
    answered, their open text and words approved."""
    owner = fast_user(make.organisation())
    meeting = meetings.create_meeting(owner, field("TITLE"))
    tags = ["TITLE"]
    for kind in KINDS:
        options = default_options(kind)
        for key in ("choices", "cards"):
            for n, item in enumerate(options.get(key, [])):
                item["label"] = {lang: field(f"{kind.upper()}{n}{lang.upper()}")
                                 for lang in ("nl", "en", "fr")}
                tags += [f"{kind.upper()}{n}{lang.upper()}" for lang in ("nl", "en", "fr")]
        if kind == "position":
            options["left"] = {lang: field(f"LEFT{lang.upper()}") for lang in ("nl", "en", "fr")}
            options["right"] = {lang: field(f"RIGHT{lang.upper()}") for lang in ("nl", "en", "fr")}
            tags += [f"{side}{lang.upper()}" for side in ("LEFT", "RIGHT") for lang in ("nl", "en", "fr")]
        text = {lang: field(f"Q{kind.upper()}{lang.upper()}") for lang in ("nl", "en", "fr")}
        tags += [f"Q{kind.upper()}{lang.upper()}" for lang in ("nl", "en", "fr")]
        meetings.add_prompt(meeting, kind, text, options)
    meetings.set_status(meeting, "open")
    from app import live

    live.create_presenter_link(meeting)
    values = {"scale": 5, "position": 50, "words": WORDS, "text": field("ANSWER"), "single": None,
              "multiple": None, "cards": None,
              "storyline": {"arrival": 1, "game": 2, "talk": 3, "goodbye": 4},
              "spokes": {"respect": 1, "listening": 2, "fun": 3, "safety": 4}}
    for group in ("youngster", "officer") * 3:
        who, _token = make.participant(meeting, group)
        batch = []
        for prompt in meeting.prompts:
            value = values[prompt.kind]
            if value is None:
                key = "cards" if prompt.kind == "cards" else "choices"
                first = prompt.options[key][0]["key"]
                value = first if prompt.kind == "single" else [first]
            batch.append({"uuid": str(uuid.uuid4()), "prompt_id": prompt.id, "value": value,
                          "recorded_at": datetime.now(UTC).isoformat()})
        results = store.store_batch(meeting, who, batch)
        assert {r.status for r in results} == {"stored"}, results
    return owner, meeting, tags + ["ANSWER"]


def approve_all(meeting):
    for item in moderation.queue(meeting):
        moderation.decide(meeting, item.answer_id, item.uuid, "approved")


def raw_markup(body: str) -> list[str]:
    return [r for r in RAW if r in body]


@pytest.fixture
def world(app, ctx, make):
    return build(make)


def logged_in(app, owner):
    client = app.test_client()
    assert client.post_form("/login", {"email": owner.email, "password": PASSWORD}).status_code == 302
    client._csrf = None
    return client


def pages(meeting) -> list[str]:
    base = f"/f/meetings/{meeting.id}"
    found = ["/f/", base, f"{base}/moderation", f"{base}/moderation/lists", f"{base}/report",
             f"{base}/present", f"{base}/present/live", f"/p/{meeting.presenter_token}",
             f"/p/{meeting.presenter_token}/live", f"/j/{meeting.token}"]
    for prompt in meeting.prompts:
        found += [f"{base}/present?prompt={prompt.id}", f"{base}/present/live?prompt={prompt.id}",
                  f"/p/{meeting.presenter_token}?prompt={prompt.id}",
                  f"/p/{meeting.presenter_token}/live?prompt={prompt.id}", f"{base}/prompts/{prompt.id}"]
    return found


@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_every_field_is_escaped_on_every_server_rendered_page(app, world, language):
    owner, meeting, tags = world
    client = logged_in(app, owner)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    seen, problems = "", {}
    for moderated in (False, True):  # the queue before, the wall and report after approval
        if moderated:
            approve_all(meeting)
        for path in pages(meeting):
            response = client.get(path)
            assert response.status_code == 200, path
            body = response.get_data(as_text=True)
            if found := raw_markup(body):
                problems[path] = found
            seen += body
    assert problems == {}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen
    # Every field was shown somewhere (in the page's language, or nl as the fallback).
    mine = [t for t in tags if t[-2:] not in ("NL", "EN", "FR") or t[-2:] in (language.upper(), "NL")]
    assert [t for t in mine if t not in seen] == []


def test_the_exports_and_the_api_carry_the_text_as_data(app, world):
    owner, meeting, _tags = world
    approve_all(meeting)
    client = logged_in(app, owner)
    exported = client.get(f"/f/meetings/{meeting.id}/export.json")
    assert exported.mimetype == "application/json"
    assert exported.headers["X-Content-Type-Options"] == "nosniff"
    assert exported.headers["Content-Disposition"].startswith("attachment")
    # Exactly the text as typed, no HTML entities: escaping is the screen's job. A typed
    # answer loses its bidi override, as all stored participant text does (app/phone/scrub.py).
    answer = field("ANSWER").replace("\u202e", "")
    assert answer in strings(exported.json) and field("TITLE") in strings(exported.json)
    assert not any("&lt;" in s for s in strings(exported.json))
    table = client.get(f"/f/meetings/{meeting.id}/export.csv").get_data(as_text=True)
    assert answer in [cell for row in csv.reader(io.StringIO(table)) for cell in row]
    phone = client.get(f"/api/meetings/{meeting.token}")
    assert phone.mimetype == "application/json" and field("QTEXTNL") in strings(phone.json)


def strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return [data] if isinstance(data, str) else []


def test_the_join_pages_data_block_cannot_be_broken_out_of(app, world):
    """The participant page embeds the meeting as JSON in a <script type=application/json>:
    a </script> in a prompt must not end that block."""
    _owner, meeting, _tags = world
    body = app.test_client().get(f"/j/{meeting.token}").get_data(as_text=True)
    for block in re.findall(r"<script\b[^>]*>(.*?)</script>", body, re.S):
        assert "<" not in block, block[:200]


# ---- Chromium: the pages built by scripts


INJECTED = """() => ({
    images: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
    scripts: [...document.scripts].filter(s => !s.src && s.type !== 'application/json').length,
    links: [...document.querySelectorAll('[href], [src], [action]')].filter(
        e => /^\\s*javascript:/i.test(
            e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))).length,
    evaluated: document.body.innerText.includes('T49T'),
    text: document.body.innerText,
})"""


def no_injection(page) -> str:
    found = page.evaluate(INJECTED)
    assert (found["images"], found["scripts"], found["links"], found["evaluated"]) == (0, 0, 0, False), found
    return found["text"]


@pytest.fixture
def watched(phone):
    dialogs = []
    phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield phone
    assert dialogs == [], f"a dialog opened: {dialogs}"


@pytest.mark.browser
def test_chromium_participant_page_shows_every_prompt_as_text(world, watched):
    _owner, meeting, _tags = world
    page = watched
    page.goto(f"/j/{meeting.token}?lang=en")
    page.get_by_role("button", name=re.compile("Youngster")).tap()
    shown = ""
    for prompt in meeting.prompts:
        # Each screen is drawn by script after a tap: wait until it shows its prompt.
        expect(page.locator("h1")).to_contain_text(f"Q{prompt.kind.upper()}EN")
        shown += no_injection(page)
        if prompt != meeting.prompts[-1]:
            button = page.locator(".steps .primary")
            expect(button).to_be_visible()  # not while the screen is still being swapped
            button.dispatch_event("click")  # long labels may overlap it: the click is what counts
    assert "<script>alert(1)</script>" in shown and "T{{7*7}}T" in shown
    assert all(f"Q{kind.upper()}EN" in shown for kind in KINDS), shown[:500]


@pytest.mark.browser
def test_chromium_presenter_link_and_moderation(world, watched, live_server):
    owner, meeting, _tags = world
    page = watched
    page.goto(f"/f/meetings/{meeting.id}/moderation")
    page.fill("input[name=email]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url(re.compile("/moderation"))
    polled(page, "/moderation/lists")  # moderation.js polls and redraws the lists
    assert "ANSWER" in no_injection(page)
    approve_all(meeting)
    db.session.commit()
    for prompt in meeting.prompts:
        for path in (f"/p/{meeting.presenter_token}?prompt={prompt.id}",
                     f"/f/meetings/{meeting.id}/present?prompt={prompt.id}"):
            page.goto(path)
            polled(page, "/live")  # presenter.js swaps the live fragment in
            no_injection(page)
    for path in (f"/f/meetings/{meeting.id}", f"/f/meetings/{meeting.id}/report"):
        page.goto(path)
        assert "<script>alert(1)</script>" in no_injection(page)
