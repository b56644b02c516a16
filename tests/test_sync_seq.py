"""Edits ordered by the phone, not by clocks (issue 18, server side): each answer item may
carry "seq", the phone's own edit counter; for one participant's answer to one prompt the
highest seq wins whatever the clocks say. A "superseded" outcome says which answer is
stored ("current"), so the phone never shows a lost edit as sent. Times for the close
rule come from the phone's clock shifted by the offset measured at send, bounded by the
server's own time: a phone whose clock was fast or set back loses nothing."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Answer

NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def post(client, meeting, token, items, sent_at: datetime | None = None, lang: str = "en"):
    body = {"answers": items} | ({"sent_at": iso(sent_at)} if sent_at else {})
    response = client.post(f"/api/meetings/{meeting.token}/answers", data=json.dumps(body),
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": lang})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def edit(prompt, value, seq, recorded_at: datetime, key: str) -> dict:
    return {"uuid": key, "prompt_id": prompt.id, "value": value, "recorded_at": iso(recorded_at), "seq": seq}


def stored(participant_id: int, prompt_id: int) -> tuple:
    db.session.expire_all()
    answer = db.session.scalar(select(Answer).where(Answer.participant_id == participant_id,
                                                    Answer.prompt_id == prompt_id))
    return answer.uuid, answer.value


@pytest.fixture
def room(make):
    meeting = make.meeting(kinds=("scale",))
    who, token = make.participant(meeting)
    return meeting, who, token, meeting.prompts[0]


# UUIDs in the order that makes the UUID tie-break pick the WRONG edit: the newest edit
# has the smallest UUID.
U1, U2, U3 = ("ffffffff-0000-4000-8000-000000000001", "88888888-0000-4000-8000-000000000002",
              "11111111-0000-4000-8000-000000000003")


def test_a_fast_phone_clock_set_right_before_sending_keeps_the_newest_edit(client, room):
    """Three offline edits on a phone 10 minutes fast; the clock is set right when the
    signal returns, so all three claim times after the send and were clamped to one time:
    before, the UUID picked the winner (the oldest edit here)."""
    meeting, who, token, prompt = room
    fast = NOW + timedelta(minutes=10)
    edits = [edit(prompt, v, seq, fast - timedelta(seconds=30 - 10 * seq), key)
             for v, seq, key in ((1, 1, U1), (2, 2, U2), (3, 3, U3))]
    results = post(client, meeting, token, edits, sent_at=datetime.now(UTC))
    assert [r["status"] for r in results] == ["stored", "stored", "stored"]
    assert stored(who.id, prompt.id) == (U3, 3)


def test_a_clock_set_back_between_edits_does_not_make_the_newer_edit_lose(client, room):
    meeting, who, token, prompt = room
    first = edit(prompt, 4, 1, NOW - timedelta(minutes=1), U3)
    assert [r["status"] for r in post(client, meeting, token, [first])] == ["stored"]
    # The phone's clock went back 3 minutes (the network corrected it), then it edited.
    second = edit(prompt, 8, 2, NOW - timedelta(minutes=4) + timedelta(seconds=20), U1)
    assert [r["status"] for r in post(client, meeting, token, [second])] == ["stored"]
    assert stored(who.id, prompt.id) == (U1, 8)


def test_an_older_seq_arriving_late_is_superseded_and_says_what_is_stored(client, room):
    meeting, who, token, prompt = room
    newer = edit(prompt, 9, 5, NOW - timedelta(minutes=5), U3)
    older = edit(prompt, 2, 4, NOW - timedelta(minutes=1), U1)  # a later clock, an older edit
    assert [r["status"] for r in post(client, meeting, token, [newer])] == ["stored"]
    [result] = post(client, meeting, token, [older])
    assert result == {"uuid": U1, "status": "superseded", "current": {"uuid": U3, "value": 9}}
    assert stored(who.id, prompt.id) == (U3, 9)


def test_a_replay_of_a_superseded_edit_still_says_what_is_stored(client, room):
    meeting, _, token, prompt = room
    newer, older = edit(prompt, 9, 2, NOW, U3), edit(prompt, 2, 1, NOW, U1)
    post(client, meeting, token, [newer, older])
    [result] = post(client, meeting, token, [older])  # the reply was lost: the phone retries
    assert result == {"uuid": U1, "status": "duplicate", "current": {"uuid": U3, "value": 9}}
    [result] = post(client, meeting, token, [newer])
    assert result == {"uuid": U3, "status": "duplicate"}


def test_an_edit_with_seq_is_newer_than_one_without(client, make, room):
    meeting, who, token, prompt = room
    unnumbered = make.answer_item(prompt, 6, recorded_at=NOW)  # an outbox of an older release
    numbered = edit(prompt, 7, 1, NOW - timedelta(minutes=30), U1)
    assert [r["status"] for r in post(client, meeting, token, [numbered, unnumbered])] == [
        "stored", "superseded"]
    assert stored(who.id, prompt.id) == (U1, 7)


def test_edits_without_seq_keep_the_old_order(client, make, room):
    meeting, who, token, prompt = room
    late = make.answer_item(prompt, 5, recorded_at=NOW - timedelta(minutes=1))
    early = make.answer_item(prompt, 3, recorded_at=NOW - timedelta(minutes=2))
    assert [r["status"] for r in post(client, meeting, token, [late, early])] == ["stored", "superseded"]
    assert stored(who.id, prompt.id) == (late["uuid"], 5)


@pytest.mark.parametrize("seq", [0, -1, 1.5, "3", True, [1], {"n": 1}, 2**31, 10**30])
def test_a_bad_seq_is_rejected_with_a_clear_message(client, room, seq):
    meeting, _, token, prompt = room
    [result] = post(client, meeting, token, [edit(prompt, 5, seq, NOW, U1)])
    assert (result["status"], result["error"]) == ("rejected", "invalid_seq")
    assert "seq" in result["message"]


def test_a_seq_sent_as_a_whole_float_is_that_number(client, room):
    """JSON has one number type: 3.0 is 3, as for "waiting"."""
    meeting, who, token, prompt = room
    assert [r["status"] for r in post(client, meeting, token, [edit(prompt, 5, 3.0, NOW, U1)])] == ["stored"]


@pytest.mark.parametrize(("lang", "words"), [("nl", "volgnummer"), ("fr", "numéro")])
def test_the_bad_seq_message_is_translated(client, room, lang, words):
    meeting, _, token, prompt = room
    [result] = post(client, meeting, token, [edit(prompt, 5, 0, NOW, U1)], lang=lang)
    assert words in result["message"]


def closed_room(make, minutes_ago: float):
    meeting, who, token = make.closed_meeting(timedelta(minutes=minutes_ago))
    return meeting, who, token, meeting.prompts[0]


def test_a_phone_ten_minutes_fast_keeps_what_it_answered_before_the_close(client, make):
    meeting, who, token, prompt = closed_room(make, minutes_ago=30)
    fast = timedelta(minutes=10)
    edits = [edit(prompt, v, v, meeting.closed_at - timedelta(minutes=3 - v) + fast, key)
             for v, key in ((1, U1), (2, U2))]
    results = post(client, meeting, token, edits, sent_at=datetime.now(UTC) + fast)
    assert [r["status"] for r in results] == ["stored", "stored"]
    assert stored(who.id, prompt.id) == (U2, 2)


def test_an_answer_the_phone_dates_after_its_send_is_bounded_by_the_servers_time(client, room):
    """A clock set back between recording and sending: the time is the server's now,
    never later, and the answer is kept (before, it was refused and lost)."""
    meeting, who, token, prompt = room
    now = datetime.now(UTC)
    [result] = post(client, meeting, token, [edit(prompt, 5, 1, now + timedelta(minutes=3), U1)], sent_at=now)
    assert result["status"] == "stored"
    db.session.expire_all()
    recorded = db.session.scalar(select(Answer.recorded_at))
    assert now - timedelta(seconds=5) <= recorded <= datetime.now(UTC)


def test_a_closed_meeting_still_refuses_what_the_phone_dates_after_the_close(client, make):
    meeting, _, token, prompt = closed_room(make, minutes_ago=30)
    now = datetime.now(UTC)
    [result] = post(client, meeting, token, [edit(prompt, 5, 1, now + timedelta(minutes=3), U1)], sent_at=now)
    assert (result["status"], result["error"]) == ("rejected", "meeting_closed")
