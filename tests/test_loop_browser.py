""""You said → we did" in a real browser (issue 20, part 3): a participant reaches it from the
meeting's own link after it closed, on a 390×844 phone; the projector shows it at 1920×1080.
Screenshots go to ALLO_SCREENSHOTS when set."""

from datetime import date

import pytest
from playwright.sync_api import expect

from app import live
from app.followups import loop
from tests.browser import keep

pytestmark = pytest.mark.browser


def test_a_participant_reads_what_came_of_it_on_the_phone_and_the_room_on_the_projector(
        phone, browser, live_server, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("text",), status="closed")
    for on, said, did in ((date(2026, 11, 20), "Een voetbalmatch met de wijkagenten.",
                           "Gespeeld op 3 december: 14 jongeren, 5 agenten."),
                          (date(2026, 11, 27), "Een bank op het pleintje.", "")):
        loop.decide(meeting, loop.write(owner, meeting, False, on, said, did), "approved")
    loop.write(owner, meeting, False, date(2026, 12, 1), "Nog niet goedgekeurd.", "")  # pending
    phone.goto(f"/j/{meeting.token}?lang=nl")
    section = phone.locator("section.loop")
    expect(section.locator(".loop-entry")).to_have_count(2)
    expect(section).to_contain_text("Een voetbalmatch met de wijkagenten.")
    expect(phone.locator("body")).not_to_contain_text("Nog niet goedgekeurd")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    keep(phone, "loop-phone-closed-390.png")
    phone.goto(f"/j/{meeting.token}/loop?lang=nl")
    expect(phone.locator(".loop-entry")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    keep(phone, "loop-phone-page-390.png")

    token = live.create_presenter_link(meeting)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server["url"])
    projector = context.new_page()
    projector.goto(f"/p/{token}")
    projector.get_by_role("link", name="Jij zei → wij deden").click()
    expect(projector.locator(".loop-entry")).to_have_count(2)
    # Everything fits the screen: nothing to scroll on a projector.
    assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
    keep(projector, "loop-projector-1920.png")
    context.close()
