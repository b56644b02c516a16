"""Issue 22 in a real browser: feelings cards on a narrow phone (item 8) and the open-answers
wall of a real room (item 1). ALLO_SCREENSHOTS keeps the screenshots."""

import os
import re
import shutil

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
    context = browser.new_context(viewport=NARROW, has_touch=True, is_mobile=True, base_url=live_server["url"])
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
