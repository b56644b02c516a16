"""A participant on a phone, in a real browser against the real server: join,
answer every kind of prompt by tapping and typing, and what lands in the database."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app import meetings
from app.extensions import db
from app.models import Answer, Participant
from tests.browser import ON_PHONE, SENT, Network, choice, eventually, join, next_, state, stored

pytestmark = pytest.mark.browser


def test_youngster_answers_every_kind_then_changes_one(phone, make):
    # The storyline and the spokes are drawn and slid in tests/test_kinds_more.py.
    meeting = make.meeting(kinds=("scale", "position", "cards", "words", "text", "single", "multiple"))
    faces = meetings.add_prompt(meeting, "scale", {"nl": "Gezichtjes", "en": "Question faces"},
                                {"min": 1, "max": 5, "style": "faces"})
    prompt = {("faces" if p.id == faces.id else p.kind): p for p in meeting.prompts}
    page = phone
    join(page, meeting)

    expect(page.locator("h1")).to_have_text("Question scale")
    expect(page.locator(".progress")).to_contain_text("Question 1 of 8")
    choice(page, "7").tap()
    expect(state(page, prompt["scale"])).to_have_text(SENT)
    next_(page)

    expect(page.locator("h1")).to_have_text("Question position")
    expect(page.locator(".ends")).to_contain_text("Not at all")
    expect(page.locator(".ends")).to_contain_text("Completely")
    slider = page.locator("input[type=range]")
    box = slider.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)
    expect(state(page, prompt["position"])).to_have_text(SENT)
    position = int(slider.input_value())
    assert 65 <= position <= 85
    next_(page)

    expect(page.locator("h1")).to_have_text("Question cards")
    for word in ("happy", "safe", "heard", "nervous"):
        choice(page, word).tap()
    expect(page.get_by_text("You can pick at most 3.")).to_be_visible()
    expect(page.get_by_label("nervous")).not_to_be_checked()
    expect(state(page, prompt["cards"])).to_have_text(SENT)
    next_(page)

    expect(page.locator("h1")).to_have_text("Question words")
    page.get_by_label("Word 1").tap()
    for word in ("fun", "fair", "friends"):
        page.keyboard.type(word)
        page.keyboard.press("Enter")  # on to the next field; after the last, done
    expect(state(page, prompt["words"])).to_have_text(SENT)
    next_(page)

    expect(page.locator("h1")).to_have_text("Question text")
    page.locator("textarea").tap()
    page.keyboard.type("Thanks for the game")
    expect(page.get_by_text("19 of 280 characters")).to_be_visible()
    next_(page)  # leaving the field keeps the answer

    expect(page.locator("h1")).to_have_text("Question single")
    choice(page, "Yes").tap()
    expect(state(page, prompt["single"])).to_have_text(SENT)
    next_(page)

    expect(page.locator("h1")).to_have_text("Question multiple")
    choice(page, "Yes").tap()
    choice(page, "No").tap()
    expect(state(page, prompt["multiple"])).to_have_text(SENT)
    next_(page)

    expect(page.locator("h1")).to_have_text("Question faces")
    expect(page.locator(".faces .choice")).to_have_count(5)
    choice(page, "Good").tap()
    expect(state(page, prompt["faces"])).to_have_text(SENT)
    expect(page.locator(".steps .primary")).to_have_text("Finish")
    next_(page)

    expect(page.locator("h1")).to_have_text("Thank you — your answers are saved")
    expect(page.get_by_text("You answered 8 of 8 questions.")).to_be_visible()
    expect(page.locator("#end-state")).to_have_text(re.compile("All your answers have been sent."))

    expected = {
        prompt["scale"].id: (7, "youngster"),
        prompt["position"].id: (position, "youngster"),
        prompt["cards"].id: (["happy", "safe", "heard"], "youngster"),
        prompt["words"].id: (["fun", "fair", "friends"], "youngster"),
        prompt["text"].id: ("Thanks for the game", "youngster"),
        prompt["single"].id: ("yes", "youngster"),
        prompt["multiple"].id: (["yes", "no"], "youngster"),
        prompt["faces"].id: (4, "youngster"),
    }
    assert stored(meeting) == expected
    first_uuid = db.session.scalar(select(Answer.uuid).where(Answer.prompt_id == prompt["scale"].id))

    page.get_by_role("button", name="Change my answers").tap()
    expect(page.locator("h1")).to_have_text("Question scale")
    expect(page.get_by_label("7", exact=True)).to_be_checked()  # what was said shows again
    choice(page, "3").tap()
    expect(state(page, prompt["scale"])).to_have_text(SENT)
    assert stored(meeting) == {**expected, prompt["scale"].id: (3, "youngster")}
    assert db.session.scalar(select(Answer.uuid).where(Answer.prompt_id == prompt["scale"].id)) != first_uuid
    assert db.session.query(Participant).count() == 1


def test_facilitator_pacing_shows_only_the_current_prompt(phone, make):
    meeting = make.meeting(kinds=("single", "scale", "text"), pacing="facilitator")
    single, scale, text = meeting.prompts
    youth_only = meetings.add_prompt(meeting, "single", {"nl": "Enkel jongeren", "en": "Youngsters only"},
                                     audience="youngster")
    page = phone
    join(page, meeting, "Police officer")
    expect(page.locator("h1")).to_have_text("Wait for the facilitator")

    meetings.set_current_prompt(meeting, single.id)
    expect(page.locator("h1")).to_have_text("Question single", timeout=10_000)
    expect(page.locator(".steps")).to_have_count(0)
    expect(page.locator(".progress")).to_have_count(0)
    expect(page.get_by_text("Question scale")).to_have_count(0)
    choice(page, "No").tap()
    expect(state(page, single)).to_have_text(SENT)

    meetings.set_current_prompt(meeting, text.id)
    expect(page.locator("h1")).to_have_text("Question text", timeout=10_000)
    page.locator("textarea").tap()
    page.keyboard.type("Respect works both ways")
    page.get_by_role("button", name="Save").tap()
    expect(state(page, text)).to_have_text(SENT)

    meetings.set_current_prompt(meeting, youth_only.id)
    expect(page.locator("h1")).to_have_text("This question is for the other group.", timeout=10_000)
    meetings.set_current_prompt(meeting, None)
    expect(page.locator("h1")).to_have_text("Wait for the facilitator", timeout=10_000)

    assert stored(meeting) == {single.id: ("no", "officer"), text.id: ("Respect works both ways", "officer")}


def test_an_officer_never_sees_a_youngster_only_prompt(phone, make):
    meeting = make.meeting(kinds=("single",))
    for audience, text in (("youngster", "Youngsters only"), ("officer", "Officers only")):
        meetings.add_prompt(meeting, "single", {"nl": text, "en": text}, audience=audience)
    page = phone
    join(page, meeting, "Police officer")
    seen = []
    for n in (1, 2):
        expect(page.locator(".progress")).to_contain_text(f"Question {n} of 2")
        seen.append(page.locator("h1").inner_text())
        next_(page)
    expect(page.locator("h1")).to_have_text("Thank you — your answers are saved")
    assert seen == ["Question single", "Officers only"]
    expect(page.get_by_text("You answered 0 of 2 questions.")).to_be_visible()


def test_a_mistaken_group_can_be_changed(phone, make):
    meeting = make.meeting(kinds=("single",))
    page = phone
    join(page, meeting, "Other")
    expect(page.locator(".who")).to_contain_text("You: Other")
    page.get_by_role("button", name="Change").tap()
    page.get_by_role("button", name=re.compile("Youngster")).tap()
    expect(page.locator(".who")).to_contain_text("You: Youngster")
    choice(page, "Yes").tap()
    expect(state(page, meeting.prompts[0])).to_have_text(SENT)
    assert stored(meeting) == {meeting.prompts[0].id: ("yes", "youngster")}
    assert db.session.query(Participant).count() == 1


def test_the_language_chosen_on_the_phone_is_used_with_dutch_as_fallback(phone, make):
    meeting = make.meeting(kinds=("single",))  # prompt text in nl and en only
    page = phone
    page.goto(f"/j/{meeting.token}?lang=en")
    page.get_by_role("link", name="Français").tap()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("link", name="Français")).to_have_attribute("aria-current", "true")
    page.locator(".group-youngster").tap()
    expect(page.locator("h1")).to_have_text("Vraag single")  # no French text: Dutch
    expect(choice(page, "Oui")).to_be_visible()  # the option has French
    db.session.rollback()
    assert db.session.scalar(select(Participant.language)) == "fr"


def test_offline_answer_waits_on_the_phone_and_goes_when_online(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    network = Network(page.context)
    network.off()
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    assert page.evaluate("AlloOutbox.list().then(items => items.map(i => i.prompt_id))") == [prompt.id]
    assert stored(meeting) == {}
    network.on()
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    assert page.evaluate("AlloOutbox.list()") == []
    assert stored(meeting) == {prompt.id: ("yes", "youngster")}


def test_a_captive_portal_page_is_not_taken_for_a_confirmation(phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = phone
    join(page, meeting)
    portal = "**/api/meetings/*/answers"
    page.context.route(portal, lambda route: route.fulfill(status=200, content_type="text/html",
                                                   body="<html><body>Log in to the Wi-Fi</body></html>"))
    choice(page, "No").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    page.wait_for_function("() => AlloOutbox.failures() > 0")  # the portal's reply was taken as a failure
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    assert len(page.evaluate("AlloOutbox.list()")) == 1
    page.context.unroute(portal)
    expect(state(page, prompt)).to_have_text(SENT, timeout=15_000)  # the backoff retry
    assert stored(meeting) == {prompt.id: ("no", "youngster")}


def test_an_answer_kept_on_the_phone_survives_a_reload(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    answers = "**/api/meetings/*/answers"
    page.context.route(answers, lambda route: route.fulfill(status=503, body="down"))
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    page.reload()
    expect(page.get_by_label("Yes")).to_be_checked()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    page.context.unroute(answers)
    page.reload()  # draining on page load
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    assert stored(meeting) == {prompt.id: ("yes", "youngster")}
    assert db.session.scalar(select(db.func.count()).select_from(Answer)) == 1


def test_an_answer_the_outbox_lost_is_queued_again_from_the_record(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    answers = "**/api/meetings/*/answers"
    page.context.route(answers, lambda route: route.fulfill(status=503, body="down"))
    choice(page, "Yes").tap()
    eventually(page, "AlloOutbox.list().then(items => items.length === 1)")
    page.goto("about:blank")
    page.goto(f"/j/{meeting.token}")  # (still failing) the same origin, to empty the store
    page.evaluate("AlloOutbox.list().then(items => AlloOutbox.remove(items.map(i => i.uuid)))")
    page.goto("about:blank")
    page.context.unroute(answers)
    page.goto(f"/j/{meeting.token}")
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    assert stored(meeting) == {prompt.id: ("yes", "youngster")}


def test_the_closed_page_still_sends_what_waited_on_the_phone(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    answers = "**/api/meetings/*/answers"
    page.context.route(answers, lambda route: route.fulfill(status=502, body="bad gateway"))
    choice(page, "No").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    eventually(page, "AlloOutbox.list().then(items => items.length === 1)")
    meetings.set_status(meeting, "closed")  # answers recorded before closing still count
    page.goto("about:blank")  # the phone is put away, its retries stop
    page.context.unroute(answers)
    page.goto(f"/j/{meeting.token}")
    expect(page.locator("h1")).to_have_text("This meeting is closed, thank you!")
    expect(page.get_by_text("Your last answers have arrived.")).to_be_visible()
    assert page.evaluate("AlloOutbox.list()") == []
    assert stored(meeting) == {prompt.id: ("no", "youngster")}


def test_a_rejected_answer_is_explained_and_dropped(phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = phone
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    meetings.set_status(meeting, "draft")  # the facilitator took it back: answers are refused
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text("⚠️ Not saved: This meeting has not started yet.")
    assert page.evaluate("AlloOutbox.list()") == []
    assert stored(meeting) == {}


def test_a_meeting_closing_shows_the_thank_you(phone, make):
    meeting = make.meeting(kinds=("single",), pacing="facilitator")
    page = phone
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Wait for the facilitator")
    meetings.set_status(meeting, "closed")
    expect(page.locator("h1")).to_have_text("This meeting is closed", timeout=10_000)
    page.reload()
    expect(page.locator("h1")).to_have_text("This meeting is closed, thank you!")
