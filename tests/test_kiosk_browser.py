"""Kiosk mode (issue 20, part 1) in Chromium: three people in turn on one kiosk, offline in
the middle; each one's answers are stored once, under a participant of their own, and
the third sees nothing of the first two (DOM, localStorage, the IndexedDB record)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Participant
from tests.browser import (
    ON_PHONE,
    SENT,
    choice,
    eventually,
    go_offline,
    keep,
    kept_offline,
    log_in,
    state,
    wait_for,
)

pytestmark = pytest.mark.browser
WHO = "Who are you?"
RECORD = "token => AlloStore.phone(token)"
# The kiosk's own module, outside the shell, kept by the worker for an offline reload.
MODULE_KEPT = """() => caches.match(new URL("kiosk.js",
    document.querySelector("script[src*='participant/main.js']").src).href).then(Boolean)"""


def make_kiosk(page, owner, meeting, password):
    log_in(page, owner, password)
    page.goto(f"/f/meetings/{meeting.id}")
    page.get_by_text("Make this device a kiosk").click()
    keep(page, "kiosk-facilitator.png")
    page.get_by_role("button", name="Yes, make it a kiosk").click()
    page.wait_for_url(re.compile(rf"/j/{meeting.token}/kiosk"))
    page.goto(f"/j/{meeting.token}/kiosk?lang=en")
    expect(page.get_by_role("heading", name=WHO)).to_be_visible()


def one_person(page, meeting, group, word, secret, landed):
    """Pick a group, answer both prompts, hand on; -> the device token this person had."""
    scale, text = meeting.prompts
    page.get_by_role("button", name=re.compile(group)).tap()
    choice(page, word).tap()
    expect(state(page, scale)).to_have_text(landed)
    page.locator(".steps .primary").tap()
    page.locator("textarea").fill(secret)
    page.locator("textarea").blur()  # kept on "change"
    expect(state(page, text)).to_have_text(landed)
    page.locator(".steps .primary").tap()
    token = page.evaluate(RECORD, meeting.token)["device_token"]
    keep(page, f"kiosk-end-{group}.png")
    page.get_by_role("button", name="Done — hand it on").tap()
    expect(page.get_by_role("heading", name=WHO)).to_be_visible()
    return token


def traces(page, meeting) -> str:
    """Everything of the page a next person could look at: the DOM, localStorage, the record."""
    return page.evaluate("""async token => [document.documentElement.outerHTML, JSON.stringify(localStorage),
        JSON.stringify(await AlloStore.phone(token))].join("\\n")""", meeting.token)


def test_three_people_in_turn_on_one_kiosk_offline_in_the_middle(phones, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("scale", "text"))
    page = phones().new_page()
    make_kiosk(page, owner, meeting, make.PASSWORD)
    kept_offline(page)
    eventually(page, MODULE_KEPT)
    expect(page.get_by_text("Kiosk: one person at a time")).to_be_visible()

    first = one_person(page, meeting, "Youngster", "3", "kiosk-secret-one", SENT)
    network = go_offline(page)
    second = one_person(page, meeting, "Police officer", "8", "kiosk-secret-two", ON_PHONE)
    # Offline still: the third person starts clean, and nothing of the first two is left.
    seen = traces(page, meeting)
    assert "kiosk-secret-one" not in seen and "kiosk-secret-two" not in seen
    assert first not in seen and second not in seen
    assert page.evaluate(RECORD, meeting.token) == {"meeting": meeting.token, "answers": {}, "seq": 0}
    page.go_back()  # no way back into the previous person's screens
    assert "kiosk-secret-two" not in page.content()
    page.goto(f"/j/{meeting.token}/kiosk?lang=en")
    network.on()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    third = one_person(page, meeting, "Youngster", "6", "kiosk-secret-three", SENT)
    assert len({first, second, third}) == 3

    def stored():
        db.session.rollback()
        rows = db.session.execute(select(Participant.id, Participant.group, Answer.value)
                                  .join(Answer).where(Participant.meeting_id == meeting.id)).all()
        return rows if len(rows) == 6 else None

    rows = wait_for(stored)
    people = {}
    for who, group, value in rows:
        people.setdefault(who, (group, []))[1].append(value)
    assert sorted((group, sorted(map(str, values))) for group, values in people.values()) == [
        ("officer", ["8", "kiosk-secret-two"]),
        ("youngster", ["3", "kiosk-secret-one"]),
        ("youngster", ["6", "kiosk-secret-three"]),
    ]


def test_a_kiosk_left_alone_goes_back_to_the_start(phones, make):
    owner = make.user()
    meeting = make.meeting(owner, kinds=("scale", "text"))
    page = phones().new_page()
    page.clock.install()
    make_kiosk(page, owner, meeting, make.PASSWORD)
    page.get_by_role("button", name=re.compile("Youngster")).tap()
    choice(page, "4").tap()
    expect(state(page, meeting.prompts[0])).to_have_text(SENT)
    page.clock.fast_forward("01:31")  # 91 s without a touch
    expect(page.get_by_role("heading", name=WHO)).to_be_visible()
    assert page.evaluate(RECORD, meeting.token)["answers"] == {}
    assert len(wait_for(lambda: db.session.rollback() or db.session.scalars(
        select(Answer).join(Participant).where(Participant.meeting_id == meeting.id)).all())) == 1
