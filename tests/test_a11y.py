"""Accessibility of the participant pages, checked by axe-core in a real browser:
no WCAG 2.0-2.2 A/AA violation on the home page, the group choice, every prompt kind
(with an answer given) and the notices. Every other page: tests/test_a11y_pages.py."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from app import meetings

pytestmark = pytest.mark.browser
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page):
    """No violation of WCAG 2.0, 2.1 or 2.2, A or AA, whatever its impact."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], results.generate_report()


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_home_page(phone, lang):
    phone.goto(f"/?lang={lang}")
    expect(phone.locator("#code")).to_be_visible()
    assert_accessible(phone)


def test_group_choice(phone, make):
    meeting = make.meeting(kinds=("single",))
    phone.goto(f"/j/{meeting.token}")
    expect(phone.get_by_role("button", name=re.compile("Youngster"))).to_be_visible()
    assert_accessible(phone)


def test_every_prompt_kind(phone, make):
    meeting = make.meeting()
    meetings.add_prompt(meeting, "scale", {"nl": "Gezichtjes"}, {"min": 1, "max": 5, "style": "faces"})
    total = len(meeting.prompts)
    phone.goto(f"/j/{meeting.token}?lang=en")
    phone.get_by_role("button", name=re.compile("Youngster")).tap()
    for n in range(1, total + 1):
        expect(phone.locator(".progress")).to_contain_text(f"Question {n} of {total}")
        if phone.locator(".choice").count():  # with an answer given, its state line shows too
            phone.locator(".choice").first.tap()
            expect(phone.locator(".answer-state")).not_to_be_empty()
        assert_accessible(phone)
        phone.locator(".steps .primary").tap()
    expect(phone.locator("#end-state")).to_be_visible()
    assert_accessible(phone)


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_notices(phone, make, status):
    meeting = make.meeting(status=status)
    phone.goto(f"/j/{meeting.token}")
    expect(phone.locator("h1")).to_be_visible()
    assert_accessible(phone)
