"""Issue 22 in a real browser: feelings cards on a narrow phone (item 8) and the open-answers
wall of a real room (item 1). ALLO_SCREENSHOTS keeps the screenshots."""

import os
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 740}

# For every label: the words (runs of non-space) whose characters lie on more than one line.
BROKEN_WORDS = """(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
  const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  if (!node) return [];
  return [...node.textContent.matchAll(/\\S+/g)].filter((m) => {
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return tops.size > 1;
  }).map((m) => m[0]);
})"""


def keep(page, name):
    if target := os.environ.get("ALLO_SCREENSHOTS"):
        page.screenshot(path=os.path.join(target, name), full_page=True)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_no_feelings_card_breaks_inside_a_word_at_360_px(browser, live_server, make, lang):
    meeting = make.meeting(kinds=("cards",))
    context = browser.new_context(viewport=NARROW, has_touch=True, is_mobile=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    page.goto(f"/j/{meeting.token}?lang={lang}")
    page.locator(".group").first.tap()
    expect(page.locator(".cards .choice")).to_have_count(10)
    # The phone can read aloud: the button that used to narrow the cards is there.
    expect(page.locator(".speak")).to_be_visible()
    keep(page, f"room-cards-360-{lang}.png")
    assert page.evaluate(BROKEN_WORDS, ".cards .word") == []
    # The cards use the whole width of the page, not what the read-aloud button leaves.
    widths = page.evaluate("""() => [document.querySelector('.cards').getBoundingClientRect().width,
                                     document.querySelector('main').clientWidth]""")
    assert widths[0] >= widths[1] - 2 * 19 - 2
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    context.close()


# ---- the open-answers wall (item 1)

ROOM_SCREENS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]
FILLER = ("we willen meer samen doen in de wijk, met respect voor elkaar, en dat de politie ook eens "
          "komt praten zonder dat er iets aan de hand is; ")

# The answers fully on the screen now: shown, inside the result area and the viewport.
ON_SCREEN = """(selector) => {
  const area = document.querySelector('.result').getBoundingClientRect();
  const inside = (r) => r.width > 0 && r.top >= area.top - 0.5 && r.bottom <= area.bottom + 0.5
    && r.left >= area.left - 0.5 && r.right <= area.right + 0.5
    && r.bottom <= innerHeight && r.right <= innerWidth;
  return [...document.querySelectorAll(selector)]
    .filter((li) => !li.hidden && inside(li.getBoundingClientRect()))
    .map((li) => [li.firstChild.textContent.trim(), parseFloat(getComputedStyle(li).fontSize)]);
}"""


def full_room(make, kind, values):
    """30 youngsters and 30 officers; values(i) is phone i's answer; all approved."""
    from sqlalchemy import update

    from app.extensions import db
    from app.models import Answer

    meeting = make.meeting(kinds=(kind,))
    prompt = meeting.prompts[0]
    if kind == "text":
        prompt.options = {**prompt.options, "max_length": 500}
        db.session.commit()
    for i in range(60):
        who, _token = make.participant(meeting, "youngster" if i % 2 == 0 else "officer")
        make.answer(meeting, who, prompt, values(i))
    db.session.execute(update(Answer).where(Answer.prompt_id == prompt.id).values(review="approved"))
    db.session.commit()
    return meeting, prompt


def every_page(page, selector):
    """Turn the pages with ↓ until they come round again: {text: smallest font size seen}."""
    seen = {}
    first = page.evaluate("() => [...document.querySelectorAll('[data-paged]')].map((l) => l.dataset.pages)")
    pages = max(int(n) for n in first)
    for _turn in range(pages):
        for text, size in page.evaluate(ON_SCREEN, selector):
            seen[text] = min(size, seen.get(text, size))
        page.keyboard.press("ArrowDown")
    return seen, pages


@pytest.mark.parametrize("screen", ROOM_SCREENS, ids=lambda s: f'{s["width"]}x{s["height"]}')
def test_sixty_open_answers_of_the_longest_length_all_reach_the_screen(browser, live_server, make, screen):
    from app import live

    texts = [(f"A{i:02d} " + FILLER * 5)[:499] + "." for i in range(60)]  # 500 characters: the most
    meeting, prompt = full_room(make, "text", lambda i: texts[i])
    token = live.create_presenter_link(meeting)
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"/p/{token}?prompt={prompt.id}&lang=en")
    expect(page.locator(".wall > li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollHeight") <= screen["height"]
    expect(page.locator(".group-youngster .pager")).to_contain_text(re.compile(r"page 1 of \d+ · \+\d+ more"))
    keep(page, f"room-wall-{screen['width']}x{screen['height']}.png")
    seen, pages = every_page(page, ".wall > li")
    assert sorted(seen) == sorted(texts), f"{60 - len(seen)} answers never fully on the screen"
    assert pages > 1
    # Readable from the back: no answer set smaller than 2 % of the screen's height.
    assert min(seen.values()) >= 0.02 * screen["height"], min(seen.values())

    # The pages also turn on their own.
    page.evaluate("document.getElementById('stage').dataset.wallEvery = '700'")
    page.keyboard.press("ArrowDown")  # restarts the timer with the short interval
    now = page.locator(".group-youngster .wall").get_attribute("data-page")
    expect(page.locator(".group-youngster .wall")).not_to_have_attribute("data-page", now, timeout=5000)

    # One answer alone, full screen: a click; ↓ the next one; Esc closes.
    page.evaluate("document.getElementById('stage').dataset.wallEvery = '600000'")
    page.keyboard.press("ArrowDown")  # the next turn in ten minutes: the page holds still now
    first = page.locator(".group-officer .wall > li:not([hidden])").first
    chosen = first.evaluate("(li) => li.firstChild.textContent.trim()")
    first.click()
    spot = page.locator("#spotlight")
    expect(spot).to_be_visible()
    expect(spot.locator(".spot-text")).to_have_text(chosen)
    expect(spot.locator(".spot-who")).to_have_text("Officers")
    box = spot.locator(".spot-text").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"]
    keep(page, f"room-spotlight-{screen['width']}x{screen['height']}.png")
    page.keyboard.press("ArrowDown")
    expect(spot.locator(".spot-text")).not_to_have_text(chosen)
    page.keyboard.press("Escape")
    expect(spot).to_be_hidden()
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("screen", ROOM_SCREENS, ids=lambda s: f'{s["width"]}x{s["height"]}')
def test_every_word_of_a_large_cloud_is_reachable(browser, live_server, make, screen):
    from app import live

    words = [[(f"w{i:02d}{j}" + "abcdefghijklmnopqrstuvwxyz")[:30] for j in range(3)] for i in range(60)]
    meeting, prompt = full_room(make, "words", lambda i: words[i])
    token = live.create_presenter_link(meeting)
    context = browser.new_context(viewport=screen, base_url=live_server["url"], locale="en")
    page = context.new_page()
    page.goto(f"/p/{token}?prompt={prompt.id}&lang=en")
    expect(page.locator(".cloud > li:not([hidden])").first).to_be_visible()
    keep(page, f"room-cloud-{screen['width']}x{screen['height']}.png")
    seen, _pages = every_page(page, ".cloud > li")
    assert sorted(seen) == sorted(w for three in words for w in three)
    context.close()
