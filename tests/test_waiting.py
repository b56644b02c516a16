"""Answers still waiting on phones: each batch says how many stay in the outbox after it
(`waiting`), and a phone that is online but cannot get its answers through reports its
count with PUT /api/meetings/<token>/waiting. The live view adds them up."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Participant
from tests.browser import FAULTS, ON_PHONE, SENT, choice, go_online, join, state, wait_until
from tests.openapi import check, documented_statuses

PATH = "/api/meetings/{token}/waiting"


def waiting_of(participant_id) -> tuple:
    db.session.rollback()  # see what the server committed
    db.session.expire_all()
    found = db.session.get(Participant, participant_id)
    return found.waiting, found.waiting_at


def put(client, url, body, token=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = body if isinstance(body, str) else json.dumps(body)
    return client.put(url, data=data, content_type=headers.pop("content_type", "application/json"),
                      headers=headers)


def post_batch(client, meeting, token, prompt, **extra):
    item = {"uuid": str(uuid.uuid4()), "prompt_id": prompt.id, "value": "yes",
            "recorded_at": datetime.now(UTC).isoformat()}
    body = json.dumps({"answers": [item], **extra})
    return client.post(f"/api/meetings/{meeting.token}/answers", data=body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def test_a_batch_says_how_many_answers_stay_on_the_phone(client, make):
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    who, token = make.participant(meeting)
    assert waiting_of(who.id) == (0, None)
    response = post_batch(client, meeting, token, prompt, waiting=4)
    assert response.json["results"][0]["status"] == "stored"
    count, at = waiting_of(who.id)
    assert count == 4 and abs((datetime.now(UTC) - at).total_seconds()) < 60
    post_batch(client, meeting, token, prompt)  # no count: the last one stays
    assert waiting_of(who.id)[0] == 4
    post_batch(client, meeting, token, prompt, waiting=0)
    assert waiting_of(who.id)[0] == 0


@pytest.mark.parametrize("bad", [-1, 10_001, "3", True, 1.5, None, [2]])
def test_a_bad_count_in_a_batch_never_holds_the_answers_back(client, make, bad):
    meeting = make.meeting(kinds=("single",))
    who, token = make.participant(meeting)
    response = post_batch(client, meeting, token, meeting.prompts[0], waiting=bad)
    assert response.status_code == 200 and response.json["results"][0]["status"] == "stored"
    assert waiting_of(who.id) == (0, None)


def test_put_waiting_stores_the_count_and_its_time(client, make):
    meeting = make.meeting(kinds=("single",))
    who, token = make.participant(meeting)
    other, _ = make.participant(meeting)
    url = f"/api/meetings/{meeting.token}/waiting"
    response = put(client, url, {"waiting": 3}, token)
    assert check(response, PATH, "put") == 200 and response.json == {"waiting": 3}
    count, at = waiting_of(who.id)
    assert count == 3 and at is not None
    assert waiting_of(other.id) == (0, None)  # only this phone's
    assert put(client, url, {"waiting": 0}, token).json == {"waiting": 0}
    assert waiting_of(who.id)[0] == 0


def test_nothing_to_nothing_writes_nothing(client, make):
    meeting = make.meeting(kinds=("single",))
    who, token = make.participant(meeting)
    assert put(client, f"/api/meetings/{meeting.token}/waiting", {"waiting": 0}, token).status_code == 200
    assert waiting_of(who.id) == (0, None)


@pytest.mark.parametrize("body", [{"waiting": -1}, {"waiting": 10_001}, {"waiting": "2"}, {"waiting": True},
                                  {"waiting": 2.5}, {"waiting": None}, {}, {"count": 2}])
def test_put_waiting_refuses_what_is_not_a_count(client, make, body):
    meeting = make.meeting(kinds=("single",))
    who, token = make.participant(meeting)
    response = put(client, f"/api/meetings/{meeting.token}/waiting", body, token)
    assert check(response, PATH, "put") == 400
    assert response.json["error"]["code"] == "invalid_waiting"
    assert "0 to 10000" in response.json["error"]["message"]
    assert waiting_of(who.id) == (0, None)


def test_put_waiting_matches_the_documented_errors(client, make):
    meeting = make.meeting(kinds=("single",))
    _, token = make.participant(meeting)
    elsewhere = make.meeting(kinds=("single",))
    _, stranger = make.participant(elsewhere)  # joined another meeting
    url = f"/api/meetings/{meeting.token}/waiting"
    seen = {
        check(put(client, url, {"waiting": 1}, token), PATH, "put"),
        check(put(client, url, {"waiting": "many"}, token), PATH, "put"),
        check(put(client, url, "[1]", token), PATH, "put"),
        check(put(client, url, {"waiting": 1}), PATH, "put"),
        check(put(client, url, {"waiting": 1}, stranger), PATH, "put"),
        check(put(client, url, {"waiting": 1}, token, Origin="https://evil.example"), PATH, "put"),
        check(put(client, "/api/meetings/nope/waiting", {"waiting": 1}, token), PATH, "put"),
        check(put(client, url, {"waiting": 1, "pad": "x" * 300_000}, token), PATH, "put"),
        check(put(client, url, "waiting=1", token, content_type="text/plain"), PATH, "put"),
    }
    assert seen == documented_statuses(PATH, "put")
    assert client.post(url, json={"waiting": 1}).status_code == 405


@pytest.mark.browser
def test_the_outbox_reports_what_waits_then_zero(browser, live_server, make):
    """A 503 keeps the answer on the phone: the phone says 1 waits (PUT); once through,
    its batch says 0 wait."""
    meeting = make.meeting(kinds=("single",))
    prompt = meeting.prompts[0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  base_url=live_server["url"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    reports, batches = [], []

    def watch_waiting(route):
        reports.append(route.request.post_data_json)
        route.fallback()

    def unavailable(route):
        batches.append(("503", route.request.post_data_json))
        FAULTS["503"](route)

    def watch_answers(route):
        batches.append(("through", route.request.post_data_json))
        route.fallback()

    context.route("**/api/meetings/*/waiting", watch_waiting)
    join(page, meeting)
    expect(page.locator("h1")).to_have_text("Question single")
    who = db.session.scalar(select(Participant).where(Participant.meeting_id == meeting.id))
    context.route("**/api/meetings/*/answers", unavailable)
    choice(page, "Yes").tap()
    expect(state(page, prompt)).to_have_text(ON_PHONE)
    wait_until(page, lambda: reports)
    assert reports[0] == {"waiting": 1}
    assert batches[0][1]["waiting"] == 0  # nothing else waits besides this batch
    wait_until(page, lambda: waiting_of(who.id)[0] == 1)

    # The newest route handler runs first: watch before lifting the 503, so that a retry
    # of the outbox's backoff cannot slip through in between unseen.
    context.route("**/api/meetings/*/answers", watch_answers)
    context.unroute("**/api/meetings/*/answers", unavailable)
    go_online(page)
    expect(state(page, prompt)).to_have_text(SENT, timeout=10_000)
    through = [body for kind, body in batches if kind == "through"]
    assert through and through[-1]["waiting"] == 0 and len(through[-1]["answers"]) == 1
    # A report of 1 still on its way when the answer went through is corrected by a 0.
    wait_until(page, lambda: waiting_of(who.id)[0] == 0)
    # The count changed once while the answers could not go through: the page and the
    # service worker (each remembers what it told, a restarted worker forgets) said 1,
    # then at most a correction to 0.
    assert reports[0] == {"waiting": 1}
    assert all(report in ({"waiting": 1}, {"waiting": 0}) for report in reports), reports
    context.close()
    assert not errors, errors
