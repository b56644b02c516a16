"""The presenter page: a QR code a phone can read from the back of the room, the short
code, the address to type, and live counts."""

import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from app.meetings import qr
from tests.browser import log_in, polled
from tests.live_api import answer, join, room_full_of_answers

# The facilitator tests' client and auth: a fresh `g` per request, a new CSRF token after log-in.

SCREENS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]


def test_the_page_shows_the_qr_code_the_code_and_the_address(app, client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    make.participant(meeting, "officer")
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}/present").get_data(as_text=True)
    svg = re.search(r"<svg [^>]*>", page)[0]
    assert 'class="qr"' in svg and 'viewBox="0 0' in svg and "width=" not in svg and "style" not in svg
    assert f'<p class="code" aria-label="{" ".join(meeting.code)}">{meeting.code}</p>' in page
    assert '<p class="host">localhost</p>' in page
    assert 'data-count="participants.officer">1<' in page
    assert "style=" not in page and "<script>" not in page


def test_public_url_decides_the_join_address(app):
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        app.config["PUBLIC_URL"] = "https://allo.example.be/"
        try:
            assert qr.base_url() == "https://allo.example.be"
            assert qr.join_host() == "allo.example.be"
        finally:
            app.config["PUBLIC_URL"] = ""
        assert qr.base_url() == "http://10.0.0.5:8000"


def test_a_draft_meeting_says_it_is_not_open_yet(client, auth, make):
    me = make.user()
    meeting = make.meeting(me, kinds=(), status="draft")
    auth.login(me)
    page = client.get(f"/f/meetings/{meeting.id}/present").get_data(as_text=True)
    assert "Not open yet" in page


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f'{s["width"]}x{s["height"]}')
def test_a_phone_can_read_the_qr_code_from_a_screenshot(browser, live_server, make, tmp_path, screen):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",))
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, me, make.PASSWORD)
    page.goto(f"/f/meetings/{meeting.id}/present")

    shot = tmp_path / "presenter.png"
    page.screenshot(path=shot)
    codes = zxingcpp.read_barcodes(Image.open(shot))
    assert [c.text for c in codes] == [f'{live_server["url"]}/j/{meeting.token}']
    # The QR code fills most of the screen's height; the short code is huge and fully visible.
    box = page.locator("svg.qr").bounding_box()
    assert box["height"] >= 0.75 * screen["height"]
    code = page.locator("p.code").bounding_box()
    assert code["height"] >= 0.1 * screen["height"]
    assert code["x"] + code["width"] <= screen["width"] and code["y"] + code["height"] <= screen["height"]

    # Counts follow without a reload: someone joins, and the number changes within seconds.
    make.participant(meeting, "youngster")
    expect(page.locator('[data-count="participants.youngster"]')).to_have_text("1", timeout=8000)
    context.close()
    assert not errors, errors


# ---- the live presenter view (app/presenter, static/js/presenter.js)

@pytest.fixture
def projector(browser, live_server):
    """A projector-sized browser context (1920x1080 unless re-sized); fails on console errors."""
    context = browser.new_context(viewport=SCREENS[0], base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors  # a test expecting an error (a 404) takes it out
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


@pytest.mark.browser
def test_an_answer_posted_through_the_api_shows_within_a_second(projector, live_server, make):
    import time

    from app import live

    meeting = make.meeting(kinds=("scale", "single"))
    scale = meeting.prompts[0]
    token = live.create_presenter_link(meeting)
    phones = [join(live_server["url"], meeting, "youngster") for _ in range(3)]
    projector.goto(f"/p/{token}?prompt={scale.id}")
    expect(projector.locator('[data-count="participants.youngster"]')).to_have_text("3")
    expect(projector.locator('[data-count="answered"]')).to_have_text("0")
    # Below K the room is not told how many of a group answered (app/results/disclosure.py).
    for phone, value in zip(phones[:2], (6, 7), strict=True):
        assert answer(live_server["url"], meeting, phone, scale, value) == "stored"
    assert answer(live_server["url"], meeting, phones[2], scale, 8) == "stored"
    posted = time.monotonic()
    expect(projector.locator('[data-count="answered"]')).to_have_text("3", timeout=1000)
    assert time.monotonic() - posted < 1.0
    # Three youngsters answered (K = 3): their histogram shows, without a reload.
    expect(projector.locator(".chart-scale .group-youngster .histogram")).to_be_visible(timeout=1000)


@pytest.mark.browser
def test_a_clicker_browses_hides_the_code_and_blacks_out(projector, make):
    from app import live

    meeting = make.meeting(kinds=("scale", "single"))
    scale, single = meeting.prompts
    token = live.create_presenter_link(meeting)
    projector.goto(f"/p/{token}")
    stage = projector.locator("#stage")
    expect(stage).to_have_class(re.compile(r"\bmode-join\b"))
    projector.keyboard.press("ArrowRight")
    expect(projector.locator(".prompt-text")).to_have_text("Vraag scale")
    expect(stage).to_have_class(re.compile(r"\bmode-prompt\b"))
    assert projector.url.endswith(f"?prompt={scale.id}")
    projector.keyboard.press("PageDown")
    expect(projector.locator(".prompt-text")).to_have_text("Vraag single")
    projector.keyboard.press("ArrowRight")  # the last prompt: stays
    expect(projector.locator(".frame")).to_have_attribute("data-prompt", str(single.id))
    projector.keyboard.press("PageUp")
    projector.keyboard.press("ArrowLeft")  # before the first: the join screen
    expect(stage).to_have_class(re.compile(r"\bmode-join\b"))
    assert "prompt=" not in projector.url

    expect(projector.locator("svg.qr")).to_be_visible()
    projector.keyboard.press("q")
    expect(projector.locator("svg.qr")).to_be_hidden()
    expect(projector.locator(".idle-title")).to_be_visible()
    projector.keyboard.press("Q")
    expect(projector.locator("svg.qr")).to_be_visible()

    projector.keyboard.press("b")
    expect(projector.locator("#blank")).to_be_visible()
    projector.keyboard.press("B")
    expect(projector.locator("#blank")).to_be_hidden()

    # Reloading keeps the prompt browsed to (it is in the URL).
    projector.goto(f"/p/{token}?prompt={single.id}")
    expect(projector.locator(".prompt-text")).to_have_text("Vraag single")


@pytest.mark.browser
def test_the_facilitators_arrows_move_the_phones_and_the_read_only_link_follows(browser, projector,
                                                                                 live_server, make):
    from app import live
    from app.extensions import db

    me = make.user()
    meeting = make.meeting(me, kinds=("scale", "single"), pacing="facilitator")
    scale, single = meeting.prompts
    token = live.create_presenter_link(meeting)
    projector.goto(f"/p/{token}")
    projector.keyboard.press("ArrowRight")  # read-only: nothing moves
    polled(projector, "/live")  # the next look at the live view would show a move
    db.session.refresh(meeting)
    assert meeting.current_prompt_id is None

    context = browser.new_context(viewport=SCREENS[1], base_url=live_server["url"], locale="en")
    laptop = context.new_page()
    log_in(laptop, me, make.PASSWORD)
    laptop.goto(f"/f/meetings/{meeting.id}/present")
    laptop.keyboard.press("ArrowRight")
    expect(laptop.locator(".prompt-text")).to_have_text("Vraag scale")
    db.session.refresh(meeting)
    assert meeting.current_prompt_id == scale.id
    expect(projector.locator(".prompt-text")).to_have_text("Vraag scale", timeout=2000)
    laptop.keyboard.press("ArrowRight")
    expect(projector.locator(".prompt-text")).to_have_text("Vraag single", timeout=2000)
    db.session.refresh(meeting)
    assert meeting.current_prompt_id == single.id

    # Revoked: the open room PC stops showing the meeting at once.
    live.revoke_presenter_link(meeting)
    expect(projector.locator("h1")).to_have_text("We could not find this page.", timeout=3000)
    assert all("404" in e for e in projector.console_errors)
    projector.console_errors.clear()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f'{s["width"]}x{s["height"]}')
def test_screenshots_of_every_prompt_kind(browser, live_server, make, tmp_path, screen):
    import os
    import shutil

    from app import live
    from app.meetings.prompt_kinds import KINDS

    meeting = make.meeting(kinds=KINDS, title="Voetbal, jeugdhuis De Brug")
    token = live.create_presenter_link(meeting)
    room_full_of_answers(live_server["url"], meeting)
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    keep = os.environ.get("ALLO_SCREENSHOTS")  # a directory to keep the screenshots in
    size = f'{screen["width"]}x{screen["height"]}'
    page.goto(f"/p/{token}")
    page.screenshot(path=tmp_path / f"{size}-0-join.png")
    for number, prompt in enumerate(meeting.prompts, start=1):
        page.keyboard.press("ArrowRight")
        expect(page.locator(".frame")).to_have_attribute("data-prompt", str(prompt.id))
        expect(page.locator(f".chart-{prompt.kind}")).to_be_visible()
        # Everything fits the screen: nothing to scroll on a projector.
        assert page.evaluate("document.documentElement.scrollHeight") <= screen["height"]
        text = page.locator(".prompt-text").bounding_box()
        assert text["height"] >= 0.04 * screen["height"]
        page.screenshot(path=tmp_path / f"{size}-{number}-{prompt.kind}.png")
    page.keyboard.press("q")
    page.screenshot(path=tmp_path / f"{size}-9-no-code.png")
    context.close()
    if keep:
        for shot in tmp_path.glob("*.png"):
            shutil.copy(shot, keep)
    assert not errors, errors
