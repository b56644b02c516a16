"""The barometer as paired steps in Chromium (issue 22, item 2, app/live/paired.py): at one
key of the facilitator, a youngster's phone and an officer's phone each show their own half
of the barometer item and both answer it, while the projector shows the pair face to face."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.network import barometer
from app.results import mirrored
from tests.browser import SENT, choice, join, log_in, state

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1920, "height": 1080}
SHOTS = "/work/shots"


def test_a_youngster_and_an_officer_answer_their_halves_at_the_same_step(phones, browser, live_server, make):
    me = make.user()
    meeting = make.meeting(me, kinds=("scale",), pacing="facilitator")
    barometer.add_to(meeting)
    db.session.commit()
    pairs = mirrored.mirrors(meeting)
    young, second = [p for p in meeting.prompts if p.audience == "youngster" and p.id in pairs][:2]
    officer = next(p for p in meeting.prompts if p.id == pairs[young.id])
    laptop = browser.new_context(viewport=LAPTOP, base_url=live_server["url"], locale="en").new_page()
    try:
        log_in(laptop, me, make.PASSWORD)
        laptop.goto(f"/f/meetings/{meeting.id}/present?lang=en")
        youngster_phone, officer_phone = phones().new_page(), phones().new_page()
        join(youngster_phone, meeting, "Youngster")
        join(officer_phone, meeting, "Police officer")
        for page in (youngster_phone, officer_phone):
            expect(page.locator("h1")).to_have_text("Wait for the facilitator")
        laptop.keyboard.press("ArrowRight")  # the meeting's own question
        expect(youngster_phone.locator("h1")).to_have_text("Question scale")
        laptop.keyboard.press("ArrowRight")  # the barometer's first item: one step, two halves
        expect(youngster_phone.locator("h1")).to_have_text(young.text["en"])
        expect(officer_phone.locator("h1")).to_have_text(officer.text["en"])
        for page, prompt in ((youngster_phone, young), (officer_phone, officer)):
            choice(page, "Good").tap()
            expect(state(page, prompt)).to_have_text(SENT)
        expect(laptop.locator(".frame")).to_have_attribute("data-prompt", str(young.id))
        expect(laptop.locator("body")).to_contain_text(young.text["nl"])
        expect(laptop.locator("body")).to_contain_text(officer.text["nl"])
        expect(laptop.locator(".step .number")).to_have_text(f"2 / {1 + len(barometer.ITEMS)}")
        youngster_phone.screenshot(path=f"{SHOTS}/paired-youngster.png")
        officer_phone.screenshot(path=f"{SHOTS}/paired-officer.png")
        laptop.screenshot(path=f"{SHOTS}/paired-projector.png")
        laptop.keyboard.press("ArrowRight")  # the next pair: both phones move again
        expect(youngster_phone.locator("h1")).to_have_text(second.text["en"])
        expect(officer_phone.locator("h1")).to_have_text(meeting_text(meeting, pairs[second.id]))
    finally:
        laptop.context.close()


def meeting_text(meeting, prompt_id: int) -> str:
    return next(p for p in meeting.prompts if p.id == prompt_id).text["en"]
