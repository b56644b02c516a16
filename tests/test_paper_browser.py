"""Paper answer sheets in a real browser (issue 20, part 2): the printed sheets as Chromium
renders them to PDF (one A4 page per sheet), and a facilitator entering sheets at a
laptop's size with the keyboard only. Screenshots and the PDF go to ALLO_SCREENSHOTS."""

import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Participant
from app.network import barometer
from tests.browser import keep, log_in

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}


def _laptop(browser, live_server, user, make):
    context = browser.new_context(viewport=LAPTOP, base_url=live_server["url"], locale="en")
    page = context.new_page()
    log_in(page, user, make.PASSWORD)
    return context, page


def test_the_sheets_print_one_a4_page_each(browser, live_server, make, tmp_path):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("position", "single", "multiple", "cards", "text"), status="closed")
    barometer.add_to(meeting)  # the eight items for both groups: the longest sheet there is
    db.session.commit()
    context, page = _laptop(browser, live_server, owner, make)
    try:
        page.goto(f"/f/meetings/{meeting.id}/paper/sheets?start=41&count=3")
        expect(page.locator(".sheet")).to_have_count(3)
        target = os.environ.get("ALLO_SCREENSHOTS") or str(tmp_path)
        pdf = page.pdf(path=os.path.join(target, "loop-paper-sheets.pdf"), format="A4", print_background=True)
    finally:
        context.close()
    assert pdf.startswith(b"%PDF")
    # Each sheet fits on its own page: three sheets, three A4 pages.
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 3


def test_a_facilitator_enters_sheets_by_keyboard_and_a_sheet_twice_is_refused(browser, live_server, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("scale", "single", "cards"), status="closed")
    context, page = _laptop(browser, live_server, owner, make)
    try:
        page.goto(f"/f/meetings/{meeting.id}/paper")
        for sheet, group, scale, single, cards in (("1", "1", "8", "1", "1 3"), ("2", "2", "4", "2", "10")):
            expect(page.locator("#sheet")).to_be_focused()  # ready for the next sheet at once
            for typed in (sheet, group, scale, single, cards):
                page.keyboard.type(typed)
                page.keyboard.press("Tab")
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Enter")
            expect(page.locator(".flash")).to_contain_text(f"Sheet {sheet} entered.")
        keep(page, "loop-paper-enter-1366.png")
        # The same sheet again: refused by its number, nothing stored.
        page.keyboard.type("2")
        page.keyboard.press("Tab")
        page.keyboard.type("1")
        page.keyboard.press("Enter")
        expect(page.locator(".error")).to_contain_text("This sheet was already entered.")
        keep(page, "loop-paper-twice-1366.png")
    finally:
        context.close()
    people = db.session.scalars(select(Participant).where(Participant.meeting_id == meeting.id)
                                .order_by(Participant.sheet)).all()
    assert [(p.sheet, p.group, p.source) for p in people] == [(1, "youngster", "paper"),
                                                              (2, "officer", "paper")]
    answers = db.session.scalars(select(Answer).where(Answer.participant_id.in_([p.id for p in people])))
    assert sorted(str(a.value) for a in answers) == sorted(["8", "yes", "['happy', 'heard']",
                                                            "4", "no", "['sad']"])
