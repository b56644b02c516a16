"""The cockpit: a facilitator runs the whole meeting from a phone (390×844) while the
projector follows: step through the prompts, see who answered, moderate, close."""

import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Meeting
from tests.browser import log_in, post_answer
from tests.routes import PASSWORD, fast_user

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_facilitator_runs_the_meeting_from_the_phone(browser, live_server, make):
    me = fast_user(make.organisation())
    meeting = make.meeting(me, kinds=("scale", "text"))  # at each person's own pace, as made
    scale, text = meeting.prompts
    phone = browser.new_context(viewport=PHONE, base_url=live_server["url"], locale="en", has_touch=True)
    room = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server["url"],
                               locale="en")
    cockpit, projector = phone.new_page(), room.new_page()
    log_in(cockpit, me, PASSWORD)
    log_in(projector, me, PASSWORD)
    projector.goto(f"/f/meetings/{meeting.id}/present")
    cockpit.goto(f"/f/meetings/{meeting.id}/cockpit")
    nothing = "No prompt shown: the big screen shows the join code."
    expect(cockpit.get_by_role("heading", name=nothing)).to_be_visible()

    cockpit.get_by_role("button", name="First prompt →").tap()
    expect(cockpit.get_by_role("heading", name="Prompt 1 of 2")).to_be_visible()
    expect(projector.locator(".frame")).to_have_attribute("data-prompt", str(scale.id))
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).pacing == "facilitator"  # the phones move together now

    _who, token = make.participant(meeting, "youngster")
    post_answer(cockpit, meeting, token, scale, 7)
    expect(cockpit.locator('[data-count="participants.youngster"]')).to_have_text("1")

    cockpit.get_by_role("button", name="Next →").tap()
    expect(cockpit.get_by_role("heading", name="Prompt 2 of 2")).to_be_visible()
    expect(projector.locator(".frame")).to_have_attribute("data-prompt", str(text.id))
    expect(cockpit.get_by_role("button", name="Next →")).to_be_disabled()
    post_answer(cockpit, meeting, token, text, "Thanks for listening")
    card = cockpit.locator("[data-queue] > li", has_text="Thanks for listening")
    expect(card).to_be_visible(timeout=10_000)  # the queue polls
    card.get_by_role("button", name=re.compile("Approve")).tap()
    expect(card).to_have_count(0)

    cockpit.get_by_role("button", name="← Previous").tap()
    expect(cockpit.get_by_role("heading", name="Prompt 1 of 2")).to_be_visible()
    expect(projector.locator(".frame")).to_have_attribute("data-prompt", str(scale.id))

    cockpit.get_by_text("Close the meeting").tap()
    cockpit.get_by_role("button", name="Yes, close it").tap()
    expect(cockpit.locator("h1 .status")).to_have_text("Closed")
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "closed"
    for target in cockpit.locator(".cockpit button:visible").all():
        assert target.bounding_box()["height"] >= 44
    assert cockpit.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
    room.close()
