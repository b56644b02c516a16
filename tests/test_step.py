"""Phones in step with the facilitator (app/live/step.py): the step long-poll answers at
once when the phone is behind, waits for a change otherwise, and never holds a request a
server cannot spare (a sync worker, or no slot left): that phone polls."""

import threading
import time

import pytest

from app import live, meetings
from app.live import step
from app.models import Meeting
from tests.browser import wait_for

THREADED = {"wsgi.multithread": True}


def url(meeting, known: str = "") -> str:
    return f"/api/meetings/{meeting.token}/step?known={known}"


@pytest.fixture
def paced(make):
    return make.meeting(kinds=("scale", "single"), pacing="facilitator")


def test_a_phone_that_is_behind_gets_the_step_at_once(client, paced):
    first = paced.prompts[0]
    live.show_prompt(paced, first.id)
    reply = client.get(url(paced, "open.facilitator.0.0"), environ_overrides=THREADED).get_json()
    assert reply["current_prompt_id"] == first.id and reply["status"] == "open"
    assert reply["key"] == step.state_of(paced)["key"] and "retry_ms" not in reply
    whole = client.get(f"/api/meetings/{paced.token}").get_json()
    assert reply["prompts_version"] == whole["prompts_version"]


def test_a_waiting_phone_gets_the_next_prompt_within_the_check_time(app, paced, monkeypatch):
    monkeypatch.setattr(step, "HOLD_S", 10.0)
    key = step.state_of(paced)["key"]
    got = {}

    def wait():
        with app.test_client() as other:
            got["reply"] = other.get(url(paced, key), environ_overrides=THREADED).get_json()
            got["done"] = time.monotonic()

    waiter = threading.Thread(target=wait)
    waiter.start()
    wait_for(lambda: app.extensions["allo_step"].held == 1)  # held: nothing changed yet
    moved = time.monotonic()
    live.show_prompt(paced, paced.prompts[1].id)
    waiter.join(timeout=5)
    assert got["reply"]["current_prompt_id"] == paced.prompts[1].id
    assert got["done"] - moved < 1.5  # CHECK_S (0.15 s) on a quiet machine; margin for a loaded one


def test_a_held_request_ends_after_the_hold_with_the_same_key(client, paced, monkeypatch):
    monkeypatch.setattr(step, "HOLD_S", 0.4)
    key = step.state_of(paced)["key"]
    started = time.monotonic()
    reply = client.get(url(paced, key), environ_overrides=THREADED).get_json()
    assert 0.35 < time.monotonic() - started < 3
    assert reply["key"] == key and "retry_ms" not in reply


def test_a_sync_worker_never_holds_a_phone(client, paced):
    key = step.state_of(paced)["key"]
    started = time.monotonic()
    reply = client.get(url(paced, key), environ_overrides={"wsgi.multithread": False}).get_json()
    assert time.monotonic() - started < 1
    assert reply["key"] == key and reply["retry_ms"] == step.RETRY_MS


def test_beyond_its_slots_a_process_tells_the_phone_to_poll(app, client, paced, monkeypatch):
    monkeypatch.setattr(app.extensions["allo_step"], "slots", 0)
    reply = client.get(url(paced, step.state_of(paced)["key"]), environ_overrides=THREADED).get_json()
    assert reply["retry_ms"] == step.RETRY_MS


def test_self_paced_closed_and_unknown_meetings_answer_at_once(client, make):
    own_pace = make.meeting(kinds=("scale",))
    reply = client.get(url(own_pace, step.state_of(own_pace)["key"]), environ_overrides=THREADED).get_json()
    assert reply["pacing"] == "self" and "retry_ms" not in reply
    meetings.set_status(own_pace, "closed")
    assert client.get(url(own_pace), environ_overrides=THREADED).get_json()["status"] == "closed"
    assert client.get("/api/meetings/nope/step").status_code == 404


def test_the_key_moves_with_every_change_a_phone_shows(paced):
    keys = [step.state_of(paced)["key"]]
    meetings.set_current_prompt(paced, paced.prompts[0].id)
    keys.append(step.state_of(paced)["key"])
    meetings.add_prompt(paced, "text", {"nl": "Nog een"})
    keys.append(step.state_of(paced)["key"])
    meetings.set_status(paced, "closed")
    keys.append(step.state_of(paced)["key"])
    assert len(set(keys)) == 4
    assert step.read([paced.id])[paced.id]["key"] == keys[-1]
    assert isinstance(paced, Meeting)


def test_waiting_phones_keep_no_database_connection(app, client, paced, monkeypatch):
    """More phones wait than the pool has connections (5 + 10), and an answer still gets one."""
    monkeypatch.setattr(step, "HOLD_S", 4.0)
    key = step.state_of(paced)["key"]
    replies = []

    def wait():
        with app.test_client() as other:
            replies.append(other.get(url(paced, key), environ_overrides=THREADED).status_code)

    waiters = [threading.Thread(target=wait) for _ in range(25)]
    for waiter in waiters:
        waiter.start()
    wait_for(lambda: app.extensions["allo_step"].held == 25)
    started = time.monotonic()
    assert client.get(f"/api/meetings/{paced.token}").status_code == 200
    assert time.monotonic() - started < 2
    for waiter in waiters:
        waiter.join(timeout=10)
    assert replies == [200] * 25
