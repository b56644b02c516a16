"""The storyline, the spokes, feelings cards with pictures and a why, and reading for
everyone (issue 9, items 3-6): rules, aggregations against hand-computed examples,
moderation of the why, exports, charts, the participant's own language, and each
control used in Chromium by touch and by keyboard; the live views at projector size."""

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app import live, meetings
from app.extensions import db
from app.live import moderation
from app.meetings import defaults
from app.meetings.prompt_kinds import InvalidValue, clean_value, default_options
from app.models import Answer
from app.results import exports, kinds, per_prompt, shapes
from config import BASE_DIR
from tests.browser import wait_for_value

STORY = default_options("storyline")  # arrival, game, talk, goodbye; levels 1-5
SPOKES = default_options("spokes")  # respect, listening, fun, safety; 0-10
WHY_CARDS = {**default_options("cards"), "ask_why": True}
PHASES = ("arrival", "game", "talk", "goodbye")
SPOKE_KEYS = ("respect", "listening", "fun", "safety")


def story(*levels):
    return dict(zip(PHASES, levels, strict=True))


def marks(*numbers):
    return dict(zip(SPOKE_KEYS, numbers, strict=True))


# --- rules -------------------------------------------------------------------------------

def test_a_storyline_needs_a_level_for_every_phase(app):
    assert clean_value("storyline", STORY, story(1, 5, 3, 2)) == story(1, 5, 3, 2)
    with app.test_request_context("/?lang=en"):
        for bad, message in [
            ({"arrival": 1, "game": 5, "talk": 3}, "Give a level for every phase (missing: Goodbye)."),
            ({}, "Give a level for every phase (missing: Arrival)."),
            ([1, 2, 3, 4], "Give a level for every phase (missing: Arrival)."),
            ({**story(1, 2, 3, 4), "extra": 3}, "Unknown choice: extra."),
            (story(0, 2, 3, 4), "Choose a number from 1 to 5."),
            (story(1, 2, 3, 6), "Choose a number from 1 to 5."),
            (story(1, 2.5, 3, 4), "Give a whole number."),
            (story(1, True, 3, 4), "Give a whole number."),
        ]:
            with pytest.raises(InvalidValue) as raised:
                clean_value("storyline", STORY, bad)
            assert str(raised.value.args[0]) == message


def test_spokes_take_0_to_10_on_every_spoke(app):
    assert clean_value("spokes", SPOKES, marks(0, 10, 5, 7)) == marks(0, 10, 5, 7)
    with app.test_request_context("/?lang=nl"):
        with pytest.raises(InvalidValue) as raised:
            clean_value("spokes", SPOKES, {"respect": 4})
        assert str(raised.value.args[0]) == "Geef een cijfer voor elke spaak (ontbreekt: Luisteren)."
        with pytest.raises(InvalidValue):
            clean_value("spokes", SPOKES, marks(0, 11, 5, 7))
        with pytest.raises(InvalidValue):
            clean_value("spokes", SPOKES, marks(-1, 1, 5, 7))


def test_cards_keep_the_list_and_take_a_scrubbed_why():
    assert clean_value("cards", WHY_CARDS, ["happy"]) == ["happy"]  # as before
    # An empty why leaves the plain list (nothing to moderate).
    assert clean_value("cards", WHY_CARDS, {"cards": ["happy"], "why": "  "}) == ["happy"]
    value = clean_value("cards", WHY_CARDS, {"cards": ["safe"], "why": " Mail me: jan@voorbeeld.be "})
    assert value == {"cards": ["safe"], "why": "Mail me: [e-mail]"}
    with pytest.raises(InvalidValue):
        clean_value("cards", WHY_CARDS, {"cards": ["safe"], "why": "x" * 141})
    with pytest.raises(InvalidValue):
        clean_value("cards", WHY_CARDS, {"cards": [], "why": "no card"})
    with pytest.raises(InvalidValue):
        clean_value("cards", WHY_CARDS, {"cards": ["safe"], "why": 3})
    with pytest.raises(InvalidValue):
        clean_value("cards", WHY_CARDS, {"cards": ["safe"], "who": "me"})
    # Without ask_why a why is refused: the value must be the list.
    with pytest.raises(InvalidValue):
        clean_value("cards", default_options("cards"), {"cards": ["safe"], "why": "because"})


def test_every_standard_card_has_its_own_drawing():
    for card in defaults.feelings_cards():
        drawing = BASE_DIR / "static" / "img" / "cards" / f"{card['picture']}.svg"
        text = drawing.read_text()
        assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"')
        assert len(text) < 1500 and "<script" not in text and "href" not in text


# --- aggregations, by hand ------------------------------------------------------------------

def test_storyline_medians_per_phase():
    values = [story(1, 4, 2, 5), story(3, 4, 5, 5), story(2, 5, 5, 1), story(4, 2, 1, 3)]
    found = kinds.storyline(STORY, values)["phases"]
    # arrival 1,3,2,4 -> 2.5; game 4,4,5,2 -> 4; talk 2,5,5,1 -> 3.5; goodbye 5,5,1,3 -> 4
    assert [(p["key"], p["median"], p["count"]) for p in found] == [
        ("arrival", 2.5, 4), ("game", 4, 4), ("talk", 3.5, 4), ("goodbye", 4, 4)]
    assert [p["mean"] for p in found] == [2.5, 3.75, 3.25, 3.5]
    # A phase removed since is left out; one added since has no values yet.
    edited = {"phases": STORY["phases"][1:] + [{"key": "late", "label": {"nl": "Laat"}}]}
    assert [(p["key"], p["median"], p["count"]) for p in kinds.storyline(edited, values)["phases"]] == [
        ("game", 4, 4), ("talk", 3.5, 4), ("goodbye", 4, 4), ("late", None, 0)]


def test_spokes_means_per_spoke():
    values = [marks(8, 6, 10, 7), marks(5, 3, 9, 7), marks(2, 9, 8, 4)]
    found = kinds.spokes(SPOKES, values)["spokes"]
    # respect (8+5+2)/3 = 5; listening 18/3 = 6; fun 27/3 = 9; safety 18/3 = 6
    assert [(s["key"], s["mean"], s["median"], s["count"]) for s in found] == [
        ("respect", 5, 5, 3), ("listening", 6, 6, 3), ("fun", 9, 9, 3), ("safety", 6, 7, 3)]


def test_radar_and_curve_geometry():
    groups = {"youngster": {"hidden": False, "n": 3, **kinds.spokes(SPOKES, [marks(10, 10, 0, 5)] * 3)},
              "officer": {"hidden": True, "needed": 3}}
    radar = shapes.spokes(SPOKES, groups, "nl")
    assert [s["group"] for s in radar["shapes"]] == ["youngster"]  # a hidden group draws nothing
    cx, cy = radar["center"]
    dots = radar["shapes"][0]["dots"]
    assert (dots[0]["x"], dots[0]["y"]) == (cx, cy - shapes.RADAR_RADIUS)  # 10 on the first spoke: up
    assert (dots[1]["x"], dots[1]["y"]) == (cx + shapes.RADAR_RADIUS, cy)  # 10 on the second: right
    assert (dots[2]["x"], dots[2]["y"]) == (cx, cy)  # 0: the centre
    assert [a["label"] for a in radar["axes"]] == ["Respect", "Luisteren", "Plezier", "Veiligheid"]

    curve = shapes.storyline(STORY, {"officer": {"hidden": False, "n": 3, **kinds.storyline(
        STORY, [story(1, 5, 3, 3)] * 3)}}, "fr")
    top, bottom = curve["levels"][-1]["y"], curve["levels"][0]["y"]
    ys = [d["y"] for d in curve["curves"][0]["dots"]]
    assert ys[0] == bottom and ys[1] == top and ys[2] == ys[3] == (top + bottom) / 2
    assert curve["curves"][0]["marker"] == "square"
    assert [p["label"] for p in curve["phases"]] == ["Arrivée", "Jeu", "Discussion", "Au revoir"]
    assert [lv["label"] for lv in curve["levels"]] == defaults.FACES


# --- through the API, the results, moderation and the exports ----------------------------------

def post(client, meeting, token, prompt, value):
    item = {"uuid": str(uuid.uuid4()), "prompt_id": prompt.id, "value": value,
            "recorded_at": datetime.now(UTC).isoformat()}
    reply = client.post(f"/api/meetings/{meeting.token}/answers", json={"answers": [item]},
                        headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"})
    return reply.json["results"][0]


@pytest.fixture
def room(make):
    meeting = make.meeting(make.user(), kinds=())
    add = meetings.add_prompt
    prompts = {
        "storyline": add(meeting, "storyline", {"nl": "Verhaallijn", "en": "Storyline"}),
        "spokes": add(meeting, "spokes", {"nl": "Spaken", "en": "Spokes"}),
        "cards": add(meeting, "cards", {"nl": "Kaarten", "en": "Cards"}, WHY_CARDS),
    }
    return meeting, prompts


def test_the_api_refuses_a_bad_value_with_a_clear_message(client, make, room):
    meeting, p = room
    _who, token = make.participant(meeting, "youngster", "en")
    refused = post(client, meeting, token, p["storyline"], {"arrival": 3})
    assert refused["status"] == "rejected" and refused["error"] == "invalid_value"
    assert refused["message"] == "Give a level for every phase (missing: Game)."
    refused = post(client, meeting, token, p["spokes"], marks(1, 2, 3, 12))
    assert refused["message"] == "Choose a number from 0 to 10."
    refused = post(client, meeting, token, p["cards"], {"cards": ["happy"], "why": "x" * 200})
    assert refused["message"] == "At most 140 characters."
    assert post(client, meeting, token, p["spokes"], marks(1, 2, 3, 10))["status"] == "stored"


def owner_of(meeting):
    from app.models import User

    return db.session.scalar(select(User).where(User.organisation_id == meeting.organisation_id).limit(1))


def test_results_exports_and_the_moderated_why(client, auth, make, room):
    meeting, p = room
    youngsters = [story(1, 4, 2, 5), story(3, 4, 5, 5), story(2, 5, 5, 1)]
    officers = [story(3, 3, 4, 4)] * 2  # two officers: below K = 3, never shown
    for i, level in enumerate(youngsters):
        who, _token = make.participant(meeting, "youngster")
        make.answer(meeting, who, p["storyline"], level)
        make.answer(meeting, who, p["spokes"], marks(8 - 3 * i, 6, 10 - i, 7))
        why = {"cards": ["happy", "safe"], "why": f"Reden {i}"} if i < 2 else ["heard"]
        make.answer(meeting, who, p["cards"], why)
    for level in officers:
        who, _token = make.participant(meeting, "officer")
        make.answer(meeting, who, p["storyline"], level)
    found = per_prompt.meeting_results(meeting)
    curve = found[p["storyline"].id]["groups"]
    assert [ph["median"] for ph in curve["youngster"]["phases"]] == [2, 4, 5, 5]
    assert curve["officer"] == {"hidden": True, "needed": 3}
    radar = found[p["spokes"].id]["groups"]["youngster"]["spokes"]
    assert [s["mean"] for s in radar] == [5, 6, 9, 7]  # respect 8,5,2; fun 10,9,8
    # The cards count at once; the whys wait for approval.
    cards = found[p["cards"].id]["groups"]["youngster"]
    assert (cards["counts"]["happy"], cards["counts"]["safe"], cards["counts"]["heard"]) == (2, 2, 1)
    assert cards["whys"] == [] and cards["pending"] == 2
    queue = moderation.queue(meeting)
    assert sorted(item.shown for item in queue) == ["Reden 0", "Reden 1"]
    first, second = sorted(queue, key=lambda item: item.shown)
    moderation.decide(meeting, first.answer_id, first.uuid, "approved")
    moderation.decide(meeting, second.answer_id, second.uuid, "rejected")
    cards = per_prompt.meeting_results(meeting)[p["cards"].id]["groups"]["youngster"]
    assert cards["whys"] == ["Reden 0"] and cards["pending"] == 0 and cards["rejected"] == 1
    assert cards["counts"]["happy"] == 2  # a rejected why keeps its cards

    auth.login(owner_of(meeting))
    csv = client.get(f"/f/meetings/{meeting.id}/export.csv").get_data(as_text=True)
    assert "Aankomst: 1; Spel: 4; Gesprek: 2; Afscheid: 5" in csv
    assert "Respect: 8; Luisteren: 6; Plezier: 10; Veiligheid: 7" in csv
    assert "cards: blij, veilig; why: Reden 0" in csv
    assert "Reden 1" not in csv  # rejected: its cards stay, its why goes
    archive = client.get(f"/f/meetings/{meeting.id}/export.json").json
    story_rows = [a for a in archive["answers"] if a["kind"] == "storyline"]
    assert {a["group"] for a in story_rows} == {"youngster"}  # officers below K
    assert story_rows[0]["value"] == {"Aankomst": 1, "Spel": 4, "Gesprek": 2, "Afscheid": 5}
    assert exports.cell({"a": 1, "b": ["x", "y"]}) == "a: 1; b: x, y"

    report = client.get(f"/f/meetings/{meeting.id}/report").get_data(as_text=True)
    assert report.count('class="chart chart-') == 3
    assert '<svg class="storyline"' in report and '<svg class="radar"' in report
    assert "<li>Reden 0</li>" in report and "Reden 1" not in report
    assert re.search(r'src="/static/v/\w+/img/cards/happy\.svg"', report)


def test_the_participant_reads_their_language_the_projector_the_meetings(client, make, room):
    meeting, p = room
    meetings.add_prompt(meeting, "single", {"nl": "Kom je terug?", "fr": "Tu reviens ?"})
    page = client.get(f"/j/{meeting.token}?lang=fr").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="meeting-data">(.*?)</script>', page,
                                re.S).group(1))
    strings = json.loads(re.search(r'<script type="application/json" id="strings">(.*?)</script>', page,
                                   re.S).group(1))
    assert data["lang"] == "fr" and strings["read_aloud"] == "Lire à voix haute"
    assert strings["storyline_hint"].startswith("Trace une ligne")
    # The phone gets every language and picks its own (static/js/participant/dom.js localize).
    single = next(q for q in data["meeting"]["prompts"] if q["kind"] == "single")
    assert single["text"]["fr"] == "Tu reviens ?"
    token = live.create_presenter_link(meeting)
    projector = client.get(f"/p/{token}?prompt={single['id']}&lang=fr",
                           headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Kom je terug?" in projector and "Tu reviens ?" not in projector


# --- in Chromium: the controls by touch and by keyboard, the live views -----------------------

def stored(meeting) -> dict:
    db.session.rollback()
    rows = db.session.execute(select(Answer.prompt_id, Answer.value)).all()
    return dict(rows)


def touch(page, kind: str, x: float, y: float, pointer: int = 7):
    """A pointer event from a finger (pointerType touch) at page coordinates."""
    page.evaluate("""([kind, x, y, id]) => {
        const target = document.elementFromPoint(x, y) || document.body;
        target.dispatchEvent(new PointerEvent(kind, {bubbles: true, cancelable: true, composed: true,
          pointerId: id, pointerType: "touch", isPrimary: true, clientX: x, clientY: y,
          buttons: kind === "pointerup" ? 0 : 1}));
    }""", [kind, x, y, pointer])


@pytest.mark.browser
def test_storyline_drawn_by_thumb_then_changed_by_keyboard(phone, make):
    from playwright.sync_api import expect

    meeting = make.meeting(kinds=("storyline",))
    prompt = meeting.prompts[0]
    phone.goto(f"/j/{meeting.token}?lang=en")
    phone.get_by_role("button", name=re.compile("Youngster")).tap()
    expect(phone.locator("h1")).to_have_text("Question storyline")
    expect(phone.locator(".story-col")).to_have_count(4)
    board = phone.locator(".story-board").bounding_box()
    assert board["width"] >= 300  # a phone's width, minus the margins
    phone.screenshot(path=Path("/tmp") / "storyline-phone-before.png")
    # A drag from the bottom left (low) up to the top right (high), through every column.
    width, height = 70 + 4 * 100, 5 * 64  # storyline.js's viewBox
    def to_px(ux, uy):
        return board["x"] + ux / width * board["width"], board["y"] + uy / height * board["height"]

    # Columns start at x 70, 170, 270, 370; a level is 64 high, the top one first. The last
    # place in a column counts: a stair of levels 1, 3, 4, 5.
    path = [(90, 290), (120, 290), (160, 290), (180, 160), (220, 160), (260, 160), (280, 100), (320, 100),
            (360, 100), (380, 30), (420, 30)]
    touch(phone, "pointerdown", *to_px(*path[0]))
    for point in path[1:]:
        touch(phone, "pointermove", *to_px(*point))
    touch(phone, "pointerup", *to_px(*path[-1]))
    expect(phone.locator(f"#state-{prompt.id}")).to_have_text(re.compile("Sent"))
    assert stored(meeting)[prompt.id] == story(1, 3, 4, 5)
    expect(phone.locator(".story-dot")).to_have_count(4)
    phone.screenshot(path=Path("/tmp") / "storyline-phone-drawn.png")

    # The keyboard: a column is a slider; arrow down twice on "Goodbye".
    goodbye = phone.locator('.story-col[data-phase="goodbye"]')
    goodbye.focus()
    expect(goodbye).to_have_attribute("aria-valuenow", "5")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowDown")
    expect(goodbye).to_have_attribute("aria-valuenow", "3")
    expect(goodbye).to_have_attribute("aria-valuetext", "So-so (3)")
    wait_for_value(phone, lambda: stored(meeting).get(prompt.id), story(1, 3, 4, 3))
    expect(phone.locator(f"#state-{prompt.id}")).to_have_text(re.compile("Sent"))
    # And a tap: one finger on the top of the first column.
    x, y = to_px(120, 20)
    phone.touchscreen.tap(x, y)
    wait_for_value(phone, lambda: stored(meeting).get(prompt.id), story(5, 3, 4, 3))


@pytest.mark.browser
def test_storyline_by_keyboard_alone(phone, make):
    from playwright.sync_api import expect

    meeting = make.meeting(kinds=("storyline",))
    prompt = meeting.prompts[0]
    phone.goto(f"/j/{meeting.token}?lang=en")
    phone.get_by_role("button", name=re.compile("Youngster")).tap()
    cols = phone.locator(".story-col")
    expect(cols).to_have_count(4)
    cols.nth(0).focus()
    expect(phone.get_by_text("0 of 4 parts done")).to_be_visible()
    # Arrival: End (the top); game: Home (the bottom); talk: an arrow starts in the middle (3), up once more.
    for key in ("End", "Tab", "Home", "Tab", "ArrowUp", "ArrowUp"):
        phone.keyboard.press(key)
    expect(phone.get_by_text("3 of 4 parts done")).to_be_visible()
    assert prompt.id not in stored(meeting)  # not every phase has a level yet
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")  # the middle level
    expect(phone.locator(f"#state-{prompt.id}")).to_have_text(re.compile("Sent"))
    assert stored(meeting)[prompt.id] == story(5, 1, 4, 3)


@pytest.mark.browser
def test_spokes_by_touch_and_keyboard_cards_with_a_picture_and_a_why(phone, make):
    from playwright.sync_api import expect

    meeting = make.meeting(kinds=("spokes",))
    cards = meetings.add_prompt(meeting, "cards", {"nl": "Kaarten", "en": "Cards"}, WHY_CARDS)
    spokes = meeting.prompts[0]
    phone.goto(f"/j/{meeting.token}?lang=en")
    phone.get_by_role("button", name=re.compile("Youngster")).tap()
    expect(phone.locator("h1")).to_have_text("Question spokes")
    sliders = phone.locator(".spoke input[type=range]")
    expect(sliders).to_have_count(4)
    for i, fraction in enumerate((0.0, 1.0, 0.5, 0.8)):
        box = sliders.nth(i).bounding_box()
        phone.touchscreen.tap(box["x"] + 22 + (box["width"] - 44) * fraction, box["y"] + box["height"] / 2)
    expect(phone.get_by_text("4 of 4 done")).to_be_visible()
    expect(phone.locator(f"#state-{spokes.id}")).to_have_text(re.compile("Sent"))
    assert stored(meeting)[spokes.id] == marks(0, 10, 5, 8)
    sliders.nth(0).focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    wait_for_value(phone, lambda: stored(meeting).get(spokes.id), marks(2, 10, 5, 8))
    expect(phone.locator(".speak")).to_be_visible()  # Chromium has speech synthesis
    phone.screenshot(path=Path("/tmp") / "spokes-phone.png")

    phone.locator(".steps .primary").tap()
    expect(phone.locator("h1")).to_have_text("Cards")
    expect(phone.locator(".cards img.picture")).to_have_count(10)
    phone.locator(".choice", has_text="safe").tap()
    expect(phone.locator(f"#state-{cards.id}")).to_have_text(re.compile("Sent"))
    assert stored(meeting)[cards.id] == ["safe"]
    phone.get_by_label("Why? (you may skip this)").tap()
    phone.keyboard.type("Ze luisterden echt")
    phone.keyboard.press("Enter")
    phone.locator("h1").tap()  # leaves the field: the why is kept
    why = {"cards": ["safe"], "why": "Ze luisterden echt"}
    wait_for_value(phone, lambda: stored(meeting).get(cards.id), why)
    phone.screenshot(path=Path("/tmp") / "cards-phone.png")


@pytest.mark.browser
def test_the_read_aloud_button_speaks_in_the_prompts_language(browser, live_server, make):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.add_init_script("""window.__spoken = [];
      window.speechSynthesis.speak = (u) => window.__spoken.push([u.lang, u.text]);""")
    meeting = make.meeting(kinds=("spokes",))
    page.goto(f"/j/{meeting.token}?lang=fr")
    page.get_by_role("button", name=re.compile("Jeune")).tap()
    page.get_by_role("button", name="Lire à voix haute").tap()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0][0] == "fr-BE" and "Respect. Écoute. Plaisir. Sécurité" in spoken[0][1]
    # Without speech synthesis: no button.
    other = context.new_page()
    other.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    other.goto(f"/j/{meeting.token}?lang=fr")
    other.wait_for_selector("h1")
    assert other.locator(".speak").count() == 0
    context.close()


@pytest.mark.browser
def test_screenshots_of_the_live_views(browser, live_server, make):
    from playwright.sync_api import expect

    from tests.live_api import answer, join, room_full_of_answers

    meeting = make.meeting(kinds=("storyline", "spokes", "cards", "scale", "position", "words", "text",
                                  "single", "multiple"), title="Voetbal, jeugdhuis De Brug")
    cards = meeting.prompts[2]
    cards.options = {**cards.options, "ask_why": True}
    db.session.commit()
    room_full_of_answers(live_server["url"], meeting)
    for group, why in (("youngster", "Ze speelden echt mee."), ("youngster", "Niemand werd gecontroleerd."),
                       ("officer", "Open gesprek, geen verwijten.")):
        phone = join(live_server["url"], meeting, group)
        answer(live_server["url"], meeting, phone, cards, {"cards": ["heard"], "why": why})
    db.session.query(Answer).filter(Answer.review == "pending").update({"review": "approved"})
    db.session.commit()
    token = live.create_presenter_link(meeting)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server["url"],
                                  locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for prompt in meeting.prompts[:3]:
        page.goto(f"/p/{token}?prompt={prompt.id}")
        expect(page.locator(f".chart-{prompt.kind}")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080
        page.screenshot(path=Path("/tmp") / f"live-{prompt.kind}.png")
    page.goto(f"/p/{token}?prompt={meeting.prompts[0].id}")
    # Four youngsters and three officers: two curves; the one other stays hidden (K = 3).
    assert page.locator(".chart-storyline .curve").count() == 2
    context.close()
    assert not errors, errors
