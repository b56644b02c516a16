"""Issue 18: exactly once, whatever the phone's clock, storage or tabs. Each test does
what a real phone does, in Debian's Chromium against the live server, then counts the
rows: 0 answers lost, 0 doubled (one participant per phone), 0 stale (the stored answer
is the phone's newest edit, and the phone shows it)."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Participant, Receipt
from tests.browser import (
    CHROMIUM,
    ON_PHONE,
    PHONE,
    SENT,
    Network,
    choice,
    go_offline,
    join,
    kept_offline,
    state,
)

pytestmark = pytest.mark.browser
WHO = "Who are you?"
MINUTE = 60_000
KILL_AFTER = 0.5  # seconds between the answer and SIGKILL
# The phone's clock, shifted by globalThis.clockShift milliseconds (a test changes it
# between edits, as a phone corrects its clock when the network returns).
CLOCK = """(() => {
    const Real = Date;
    const now = () => Real.now() + globalThis.clockShift;
    globalThis.clockShift = %d;
    globalThis.Date = class extends Real {
        constructor(...args) { if (args.length) super(...args); else super(now()); }
        static now() { return now(); }
    };
})();"""


def tally(meeting) -> dict:
    """What the live server committed for the meeting: phones, answers, receipts."""
    db.session.rollback()
    answers = db.session.execute(
        select(Answer.participant_id, Answer.prompt_id, Answer.value).join(Participant)
        .where(Participant.meeting_id == meeting.id)).all()
    return {
        "participants": db.session.scalar(select(func.count()).select_from(Participant)
                                          .where(Participant.meeting_id == meeting.id)),
        "answers": {prompt_id: value for _, prompt_id, value in answers},
        "answer_rows": len(answers),
        "receipts": db.session.scalar(select(func.count()).select_from(Receipt)),
    }


def assert_exactly_once(meeting, newest: dict, edits: int):
    """One phone, one row per prompt holding its newest edit, every edit received once."""
    assert tally(meeting) == {"participants": 1, "answers": newest, "answer_rows": len(newest),
                              "receipts": edits}


@pytest.fixture
def clocked(phones):
    """new(shift_ms) -> a phone-sized context whose clock is shifted. No service worker:
    its clock could not be shifted with the page's, and the page sends by itself."""
    def new(shift: int):
        context = phones(service_workers="block")
        context.add_init_script(CLOCK % shift)
        return context
    return new


def offline_edits(page, meeting, words) -> Network:
    """Join online, then answer the meeting's one prompt once per word with no signal."""
    join(page, meeting)
    network = Network(page.context)
    network.off()
    for word in words:
        choice(page, word).tap()
        expect(state(page, meeting.prompts[0])).to_have_text(ON_PHONE)
    return network


def online(page, network: Network):
    network.on()
    page.evaluate("window.dispatchEvent(new Event('online'))")  # Playwright's set_offline fires none


def test_a_phone_ten_minutes_fast_keeps_its_newest_offline_edit(clocked, make):
    meeting = make.meeting(kinds=("scale",))
    [prompt] = meeting.prompts
    page = clocked(10 * MINUTE).new_page()
    network = offline_edits(page, meeting, ("3", "5", "8"))  # three edits of one question
    online(page, network)
    expect(state(page, prompt)).to_have_text(SENT)
    expect(page.get_by_label("8", exact=True)).to_be_checked()
    assert_exactly_once(meeting, {prompt.id: 8}, edits=3)


def test_a_phone_ten_minutes_fast_keeps_what_it_answered_before_the_close(clocked, make):
    from app import meetings

    meeting = make.meeting(kinds=("scale",))
    [prompt] = meeting.prompts
    page = clocked(10 * MINUTE).new_page()
    network = offline_edits(page, meeting, ("6",))
    meetings.set_status(meeting, "closed")  # the facilitator closes; the phone gets signal after
    online(page, network)
    expect(state(page, prompt)).to_have_text(SENT)  # recorded before the close: it counts
    page.reload()
    expect(page.get_by_text("All your answers have arrived.")).to_be_visible()
    assert_exactly_once(meeting, {prompt.id: 6}, edits=1)


def test_a_clock_set_back_between_edits_keeps_the_newest_edit(clocked, make):
    meeting = make.meeting(kinds=("scale",))
    [prompt] = meeting.prompts
    page = clocked(0).new_page()
    join(page, meeting)
    choice(page, "3").tap()
    expect(state(page, prompt)).to_have_text(SENT)
    page.evaluate(f"globalThis.clockShift = {-3 * MINUTE}")  # the clock is set back 3 minutes
    network = Network(page.context)
    network.off()
    choice(page, "8").tap()  # the newer edit, recorded by the clock set back
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    page.evaluate("globalThis.clockShift = 0")  # the network returns: the phone corrects its clock
    online(page, network)
    expect(state(page, prompt)).to_have_text(SENT)
    expect(page.get_by_label("8", exact=True)).to_be_checked()  # what the phone shows as sent...
    assert_exactly_once(meeting, {prompt.id: 8}, edits=2)  # ...is what the server kept


class Killable:
    """Debian's Chromium as a process of the test's own, on a profile that outlives it,
    driven over the DevTools protocol: killed with SIGKILL, then started again."""

    def __init__(self, browser, profile):
        self.browser_type, self.profile, self.process = browser.browser_type, profile, None

    def start(self):
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={self.profile}", f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        cdp = self.browser_type.connect_over_cdp(f"http://127.0.0.1:{port}")
        page = cdp.contexts[0].new_page()
        page.set_viewport_size(PHONE)
        page.set_default_timeout(10_000)
        return page

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)  # the browser and every child of it
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def killable(browser, tmp_path):
    chromium = Killable(browser, tmp_path / "profile")
    yield chromium
    if chromium.process:
        chromium.kill()


def test_a_browser_killed_just_after_answering_comes_back_as_the_same_phone(killable, live_server, make):
    meeting = make.meeting(kinds=("scale", "single"))
    scale, single = meeting.prompts
    url = f"{live_server['url']}/j/{meeting.token}?lang=en"
    page = killable.start()  # (a browser over the DevTools protocol has no touch: click)
    page.goto(url)
    page.get_by_role("button", name=re.compile("Youngster")).click()
    expect(page.locator("h1")).to_have_text("Question scale")
    choice(page, "7").click()
    time.sleep(KILL_AFTER)  # the scenario itself: the browser dies this long after the tap
    killable.kill()

    page = killable.start()
    page.goto(url)
    expect(page.locator("h1")).to_have_text(re.compile(f"{WHO}|Question scale"))
    if page.locator("h1").inner_text() == WHO:  # the phone forgot it joined: it joins again
        page.get_by_role("button", name=re.compile("Youngster")).click()
        choice(page, "7").click()
    expect(page.get_by_label("7", exact=True)).to_be_checked()
    expect(state(page, scale)).to_have_text(SENT)
    page.locator(".steps .primary").click()
    choice(page, "Yes").click()
    expect(state(page, single)).to_have_text(SENT)
    assert_exactly_once(meeting, {scale.id: 7, single.id: "yes"}, edits=2)


def test_the_qr_opened_in_two_tabs_is_one_phone(phones, make):
    meeting = make.meeting(kinds=("scale",))
    [prompt] = meeting.prompts
    context = phones()
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(f"/j/{meeting.token}?lang=en")
        expect(page.locator("h1")).to_have_text(WHO)
        # Both tabs tap their group in the same moment (one broadcast reaches both).
        page.evaluate("""() => { new BroadcastChannel("test-go").onmessage =
            () => document.querySelector(".group-youngster").click(); }""")
    first.evaluate("new BroadcastChannel('test-go').postMessage('go')")
    for page in (first, second):
        expect(page.locator("h1")).to_have_text("Question scale")
    choice(first, "3").tap()
    expect(state(first, prompt)).to_have_text(SENT)
    second.bring_to_front()
    choice(second, "8").tap()  # the newer edit, in the other tab
    expect(state(second, prompt)).to_have_text(SENT)
    assert_exactly_once(meeting, {prompt.id: 8}, edits=2)
    first.bring_to_front()
    expect(first.get_by_label("8", exact=True)).to_be_checked()  # one state across the tabs


def test_a_first_visit_without_signal_after_the_page_was_cached(phones, make):
    meeting = make.meeting(kinds=("scale",))
    [prompt] = meeting.prompts
    page = phones().new_page()
    page.goto(f"/j/{meeting.token}?lang=en")  # seen once (the QR on the wall), not joined
    expect(page.locator("h1")).to_have_text(WHO)
    kept_offline(page)
    network = go_offline(page)
    page.reload()  # later, in a basement: the cached page
    expect(page.locator("h1")).to_have_text(WHO)
    page.get_by_role("button", name=re.compile("Youngster")).tap()
    expect(page.locator("h1")).to_have_text("Question scale")  # joined on the phone: answer at once
    choice(page, "7").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    assert tally(meeting)["participants"] == 0
    online(page, network)
    expect(state(page, prompt)).to_have_text(SENT)
    assert_exactly_once(meeting, {prompt.id: 7}, edits=1)


def test_an_older_releases_local_storage_record_is_moved_in_once(phones, make):
    meeting = make.meeting(kinds=("scale", "single"))
    scale, single = meeting.prompts
    participant, token = make.participant(meeting, language="en")  # joined with an older release
    sent = make.answer(meeting, participant, scale, 4)
    old = {"device_token": token, "group": "youngster", "language": "en", "at": single.id, "answers": {
        scale.id: {"uuid": sent.uuid, "value": 4, "recorded_at": "2026-01-01T10:00:00Z", "state": "sent"},
        single.id: {"uuid": str(uuid.uuid4()), "value": "yes", "recorded_at": "2026-01-01T10:01:00Z",
                    "state": "local"},  # never queued: the outbox lost it, the record kept it
    }}
    page = phones().new_page()
    page.goto("/healthz")  # the same origin, before any of the app's code ran
    page.evaluate("([key, record]) => localStorage.setItem(key, JSON.stringify(record))",
                  [f"allo:{meeting.token}", old])
    page.goto(f"/j/{meeting.token}?lang=en")
    expect(page.locator("h1")).to_have_text("Question single")  # not "Who are you?"
    expect(state(page, single)).to_have_text(SENT)
    assert page.evaluate(f"localStorage.getItem('allo:{meeting.token}')") is None
    assert page.evaluate(f"AlloStore.phone('{meeting.token}').then(phone => phone.seq)") == 2
    assert_exactly_once(meeting, {scale.id: 4, single.id: "yes"}, edits=2)
