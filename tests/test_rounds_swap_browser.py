"""Linked prompts in a real browser: a round 2 and guesses answered on a 390x844 phone by
touch and by keyboard (and skipped by "other"), and the live views of a round 2 and of
guesses (scale, line-up, choice) at 1920x1080 without console errors. ALLO_SCREENSHOTS
keeps the screenshots."""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

from app import live, meetings
from tests.browser import PHONE, SENT, join, next_, state, stored
from tests.live_api import answer, api

pytestmark = pytest.mark.browser


def linked_meeting(make):
    meeting = make.meeting(kinds=("position", "scale", "single"), title="Horseshoe × turntable")
    lineup, scale, single = meeting.prompts
    second = meetings.add_round_two(meeting, lineup)
    guess_scale, guess_single = meetings.add_guess(meeting, scale), meetings.add_guess(meeting, single)
    guess_lineup = meetings.add_guess(meeting, lineup)
    return meeting, {"lineup": lineup, "scale": scale, "single": single, "round2": second,
                     "guess_scale": guess_scale, "guess_single": guess_single, "guess_lineup": guess_lineup}


def test_by_touch_and_by_keyboard_on_a_phone(phone, browser, live_server, make):
    assert PHONE == {"width": 390, "height": 844}
    meeting, p = linked_meeting(make)
    page = phone
    join(page, meeting)  # a youngster, by touch
    expect(page.locator("h1")).to_have_text("Question position")
    page.locator("input[type=range]").tap()
    next_(page)
    expect(page.locator("h1")).to_have_text("Question scale")
    page.locator(".choice", has_text=re.compile("^4$")).first.tap()
    next_(page)
    page.locator(".choice", has_text="Yes").first.tap()
    next_(page)
    expect(page.locator(".link-lead")).to_have_text("🔁 Round 2: after the talk, where do you stand now?")
    slider = page.locator("input[type=range]")
    box = slider.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2)
    expect(state(page, p["round2"])).to_have_text(SENT)
    next_(page)
    # A guess reads as a guess: the question about the other group is the heading.
    expect(page.locator(".link-lead")).to_have_text("🔄 Guess!")
    expect(page.locator("h1")).to_have_text("Which number did the police officers give, do you think?")
    expect(page.locator(".guess-about")).to_have_text("The question was: “Question scale”")
    page.locator(".choice", has_text=re.compile("^8$")).first.tap()
    expect(state(page, p["guess_scale"])).to_have_text(SENT)
    next_(page)
    expect(page.locator("h1")).to_have_text("What did the police officers pick, do you think?")
    page.locator(".choice", has_text="No").first.tap()
    expect(state(page, p["guess_single"])).to_have_text(SENT)
    found = stored(meeting)
    assert found[p["guess_scale"].id] == (8, "youngster")
    assert found[p["guess_single"].id] == ("no", "youngster")
    assert 70 <= found[p["round2"].id][0] <= 90

    # An officer, by keyboard only: the guess names the youngsters.
    officer = browser.new_context(viewport=PHONE, base_url=live_server["url"]).new_page()
    officer.goto(f"/j/{meeting.token}?lang=en")
    officer.get_by_role("button", name=re.compile("Police officer")).focus()
    officer.keyboard.press("Enter")
    for _ in range(3):
        expect(officer.locator("h1")).to_be_visible()
        officer.locator(".steps .primary").focus()
        officer.keyboard.press("Enter")
    expect(officer.locator(".link-lead")).to_contain_text("Round 2")
    officer.locator("input[type=range]").focus()
    for _ in range(5):
        officer.keyboard.press("ArrowRight")
    officer.keyboard.press("Tab")  # the slider's change fired: the answer is given
    expect(state(officer, p["round2"])).to_have_text(SENT)
    officer.locator(".steps .primary").focus()
    officer.keyboard.press("Enter")
    expect(officer.locator("h1")).to_have_text("Which number did the youngsters give, do you think?")
    officer.locator("input[type=radio]").first.focus()
    officer.keyboard.press("ArrowRight")  # 1 -> 2, chosen
    officer.keyboard.press("Space")
    expect(state(officer, p["guess_scale"])).to_have_text(SENT)
    assert stored(meeting)[p["guess_scale"].id] in {(2, "officer"), (8, "youngster")}
    officer.context.close()

    # Someone of "other" never sees a guess: 4 questions, not 7.
    other = browser.new_context(viewport=PHONE, base_url=live_server["url"], has_touch=True).new_page()
    join(other, meeting, "Other")
    expect(other.locator(".progress")).to_contain_text("Question 1 of 4")
    other.context.close()


def _room(url, meeting, p):
    """Five youngsters and four officers answer everything."""
    values = {
        "youngster": [(20, 5, "no", 55, 8, "yes", 70), (30, 4, "no", 45, 7, "yes", 60),
                      (40, 6, "yes", 60, 8, "yes", 80), (10, 3, "no", 40, 9, "no", 75),
                      (60, 5, "no", 65, 6, "yes", 65)],
        "officer": [(80, 8, "yes", 60, 3, "no", 30), (70, 7, "yes", 55, 4, "no", 25),
                    (90, 9, "no", 70, 5, "yes", 40), (75, 8, "yes", 75, 3, "no", 20)],
    }
    order = ("lineup", "scale", "single", "round2", "guess_scale", "guess_single", "guess_lineup")
    for group, rows in values.items():
        for row in rows:
            body = {"group": group, "language": "nl"}
            joined = api(url, f"/api/meetings/{meeting.token}/participants", body)
            token = joined["device_token"]
            for key, value in zip(order, row, strict=True):
                assert answer(url, meeting, token, p[key], value) == "stored"


def test_screenshots_of_the_live_views(browser, live_server, make, tmp_path):
    meeting, p = linked_meeting(make)
    token = live.create_presenter_link(meeting)
    _room(live_server["url"], meeting, p)
    screen = {"width": 1920, "height": 1080}
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in ("round2", "guess_scale", "guess_single", "guess_lineup"):
        page.goto(f"/p/{token}?prompt={p[name].id}")
        chart = page.locator(".chart-rounds" if name == "round2" else ".chart-swap")
        expect(chart).to_be_visible()
        assert page.evaluate("document.documentElement.scrollHeight") <= screen["height"]
        page.screenshot(path=tmp_path / f"1920x1080-{name}.png")
    page.goto(f"/p/{token}?prompt={p['round2'].id}")  # the read-only link speaks the meeting's Dutch
    expect(page.locator(".shift").first).to_contain_text("Jongeren schoven")
    context.close()
    assert not errors, f"console errors: {errors}"
    if keep := os.environ.get("ALLO_SCREENSHOTS"):
        for shot in tmp_path.glob("*.png"):
            shutil.copy(shot, keep)
