"""Bad networks between the phone and the server, in a real browser against the
real server: whatever fails, an answer stays on the phone until the server has
it, and then it is stored exactly once (counted in the Answer and Receipt tables)."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from app import meetings
from app.extensions import db
from app.models import Answer, Receipt
from tests.browser import (
    ANSWERS,
    FAULTS,
    ON_PHONE,
    SENT,
    choice,
    count,
    eventually,
    go_online,
    join,
    state,
    stored,
    wait_until,
)

pytestmark = pytest.mark.browser


def outbox(page) -> list:
    return page.evaluate("AlloOutbox.list().then(items => items.map(i => i.uuid))")


def queued(n: int) -> str:
    return f"() => AlloOutbox.list().then(items => items.length === {n})"


@pytest.mark.parametrize("fault", FAULTS)
def test_an_answer_the_server_did_not_confirm_waits_then_arrives_once(flaky_phone, make, fault):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    failed = []

    def fail(route):
        failed.append(route.request.url)
        FAULTS[fault](route)

    page.context.route(ANSWERS, fail)
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    wait_until(page, lambda: failed)  # the send was tried, and failed
    key = page.evaluate("AlloOutbox.list().then(items => items.map(i => i.prompt_id))")
    assert key == [prompt.id]
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    assert (count(Answer), count(Receipt)) == (0, 0)

    page.context.unroute(ANSWERS, fail)
    go_online(page)
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    assert outbox(page) == []
    assert (count(Answer), count(Receipt)) == (1, 1)
    assert stored(meeting) == {prompt.id: ("yes", "youngster")}


def test_a_reply_lost_after_the_commit_makes_the_retry_a_duplicate(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    replies = []

    def lose_first_reply(route):
        response = route.fetch()  # the server commits the answer here
        replies.append([r["status"] for r in response.json()["results"]])
        if len(replies) == 1:
            route.abort("connectionreset")  # ...and the phone never hears it
        else:
            route.fulfill(response=response)

    page.context.route(ANSWERS, lose_first_reply)
    choice(page, "No").tap()
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)  # the backoff retry
    assert replies[0] == ["stored"]
    assert replies[1:] and all(reply == ["duplicate"] for reply in replies[1:])
    assert outbox(page) == []
    assert (count(Answer), count(Receipt)) == (1, 1)
    assert stored(meeting) == {prompt.id: ("no", "youngster")}


def test_an_answer_recorded_before_closing_is_stored_within_the_grace_window(flaky_phone, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    page.context.route(ANSWERS, FAULTS["503"])
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    eventually(page, queued(1))
    meetings.set_status(meeting, "closed")  # the phone had no signal when it closed

    page.context.unroute(ANSWERS)
    go_online(page)
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    assert outbox(page) == []
    assert (count(Answer), count(Receipt)) == (1, 1)


@pytest.mark.parametrize("late", ["after_the_grace_window", "recorded_after_closing"])
def test_a_late_answer_is_refused_explained_and_not_retried(flaky_phone, make, app, late):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    page = flaky_phone
    now = datetime.now(UTC)
    grace = timedelta(hours=app.config["SYNC_GRACE_HOURS"])
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    posts = []

    def watch(route):
        posts.append(route.request.url)
        route.fallback()

    page.context.route(ANSWERS, watch)
    if late == "after_the_grace_window":
        # Answered offline a grace window and a day ago, while the meeting was open;
        # it closed an hour later and the phone only now finds signal.
        page.clock.set_fixed_time(now - grace - timedelta(hours=25))
        closed_at = now - grace - timedelta(hours=24)
        page.context.route(ANSWERS, FAULTS["503"])
        choice(page, "Yes").tap()
        expect(state(page, prompt)).to_have_text(ON_PHONE)
        eventually(page, queued(1))
    else:
        closed_at = now - timedelta(hours=1)  # well within the window, but before the answer
    meetings.set_status(meeting, "closed")
    meeting.closed_at = closed_at
    db.session.commit()
    if late == "after_the_grace_window":
        # Only now, with the meeting closed, may a retry get through.
        page.context.unroute(ANSWERS, FAULTS["503"])
        go_online(page)
    else:
        choice(page, "Yes").tap()  # a page left open since before the meeting closed

    expect(state(page, prompt)).to_have_text("⚠️ Not saved: This meeting is closed: the answer came too late.",
                                             timeout=10_000)
    assert outbox(page) == []
    tried = len(posts)
    assert tried >= 1
    go_online(page)
    assert page.evaluate("AlloOutbox.drain().then(report => report.ok && report.sent)") == 0
    assert len(posts) == tried  # nothing left to retry
    assert (count(Answer), count(Receipt)) == (0, 0)
