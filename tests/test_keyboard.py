"""By keyboard only, in Chromium, on a phone (390×844) and at 400 % zoom (a 1280×1024
screen zoomed to 320×256): every focus stop of the participant's flow and of the
moderation page is on screen, not hidden behind the sticky Back/Next bar (WCAG 2.4.11),
and shows a focus ring (2.4.7); after a moderation decision focus goes to the next
answer, not to the page (2.4.3)."""

import re

import pytest
from playwright.sync_api import expect

from app import meetings
from app.meetings import defaults
from tests.browser import log_in, post_answer
from tests.routes import PASSWORD, fast_user

pytestmark = pytest.mark.browser

SCREENS = {"phone": {"width": 390, "height": 844}, "zoom400": {"width": 320, "height": 256}}

# Where the focused element is (a hidden radio counts as its label), whether some of it is
# on screen and on top (not under the sticky bar), and whether it shows a focus indicator.
FOCUS = """() => {
  const active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) return {where: "body"};
  let el = active;
  if (el.matches("input.sr-only") && el.labels && el.labels[0]) el = el.labels[0];
  const r = el.getBoundingClientRect();
  const onTop = [0.15, 0.5, 0.85].some((fx) => [0.15, 0.5, 0.85].some((fy) => {
    const x = r.left + r.width * fx, y = r.top + r.height * fy;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit && (el.contains(hit) || hit.contains(el));
  }));
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none" || el instanceof SVGElement;
  return {where: el.outerHTML.slice(0, 90), onTop, ring};
}"""


def check_focus(page, stops: list, problems: list) -> dict:
    found = page.evaluate(FOCUS)
    stops.append(found["where"])
    if found["where"] == "body":
        problems.append("focus on <body>")
    elif not found["onTop"]:
        problems.append(f"hidden: {found['where']}")
    elif not found["ring"]:
        problems.append(f"no focus ring: {found['where']}")
    return found


@pytest.mark.parametrize("screen", SCREENS)
def test_a_participant_answers_every_prompt_by_keyboard(browser, live_server, make, screen):
    meeting = make.meeting(kinds=("scale", "position", "single", "multiple", "words", "text"))
    options = {**defaults.OPTIONS["cards"](), "ask_why": True}
    meetings.add_prompt(meeting, "cards", {"nl": "Kaarten", "en": "Cards"}, options)
    faces = {"min": 1, "max": 5, "style": "faces"}
    meetings.add_prompt(meeting, "scale", {"nl": "Gezichtjes", "en": "Faces"}, faces)
    total = len(meeting.prompts)
    context = browser.new_context(viewport=SCREENS[screen], base_url=live_server["url"], locale="en")
    page = context.new_page()
    page.goto(f"/j/{meeting.token}?lang=en")
    youngster = page.get_by_role("button", name=re.compile("Youngster"))
    youngster.focus()
    page.keyboard.press("Enter")
    stops, problems = [], []
    for n in range(1, total + 1):
        expect(page.locator(".progress")).to_contain_text(f"Question {n} of {total}")
        for _ in range(60):
            page.keyboard.press("Tab")
            found = check_focus(page, stops, problems)
            if found["where"] != "body" and page.evaluate("document.activeElement.matches('input.sr-only')"):
                page.keyboard.press("Space")  # give an answer where one is a tap away
            if page.evaluate("document.activeElement.matches('.steps .primary')"):
                break
        else:
            raise AssertionError(f"prompt {n}: never reached Next by Tab: {stops[-10:]}")
        page.keyboard.press("Enter")
    expect(page.locator("#end-state")).to_be_visible()
    context.close()
    assert len(stops) > total * 2
    assert not problems, f"{len(problems)} of {len(stops)} focus stops: " + "\n".join(problems)


@pytest.mark.parametrize("screen", SCREENS)
def test_moderation_by_keyboard_keeps_focus_on_the_next_answer(browser, live_server, make, screen):
    me = fast_user(make.organisation())
    meeting = make.meeting(me, kinds=("text",))
    [prompt] = meeting.prompts
    context = browser.new_context(viewport=SCREENS[screen], base_url=live_server["url"], locale="en")
    page = context.new_page()
    for n in range(3):
        _who, token = make.participant(meeting)
        post_answer(page, meeting, token, prompt, f"Answer number {n}")
    log_in(page, me, PASSWORD)
    page.goto(f"/f/meetings/{meeting.id}/moderation")
    expect(page.locator("[data-queue] > li")).to_have_count(3)
    stops, problems = [], []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.skip-link')")
    check_focus(page, stops, problems)
    page.keyboard.press("Enter")  # skip the header
    for _ in range(30):
        page.keyboard.press("Tab")
        check_focus(page, stops, problems)
        if page.evaluate("!!document.activeElement.closest('[data-queue]')"):
            break
    for left in (2, 1, 0):
        first = page.evaluate("document.activeElement.closest('li').dataset.key")
        page.keyboard.press("Enter")  # the first button of a card (reject)
        expect(page.locator("[data-queue] > li")).to_have_count(left)
        found = check_focus(page, stops, problems)
        assert found["where"] != "body"
        if left:
            assert page.evaluate("!!document.activeElement.closest('[data-queue] > li')")
            assert page.evaluate("document.activeElement.closest('li').dataset.key") != first
        else:
            assert page.evaluate("document.activeElement.matches('h1')")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_stop_of_the_cockpit_is_on_screen_with_a_ring(browser, live_server, make, screen):
    me = fast_user(make.organisation())
    meeting = make.meeting(me, kinds=("scale", "text"))
    context = browser.new_context(viewport=SCREENS[screen], base_url=live_server["url"], locale="en")
    page = context.new_page()
    _who, token = make.participant(meeting)
    post_answer(page, meeting, token, meeting.prompts[1], "Hello")
    log_in(page, me, PASSWORD)
    page.goto(f"/f/meetings/{meeting.id}/cockpit")
    page.get_by_role("button", name="First prompt →").click()
    expect(page.locator("[data-queue] > li")).to_have_count(1)
    stops, problems = [], []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUS)["where"] in ("body", *stops):  # past the last stop, or round again
            break
        check_focus(page, stops, problems)
    context.close()
    assert len(stops) > 10
    assert not problems, "\n".join(problems)
