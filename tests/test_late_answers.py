"""Answers after close (issue 21, item 5), replayed through the API as a script would:
a late phone adds only what it could really have recorded before the close, by its
clock corrected with the offset measured at send (app/phone/late_answers.py). Every case
runs with one answer and with two."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Answer, Participant, Receipt
from app.phone import checks


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def post(client, meeting, token, items, sent_at: datetime | None = None):
    body = {"answers": items} | ({"sent_at": _iso(sent_at)} if sent_at else {})
    response = client.post(f"/api/meetings/{meeting.token}/answers", data=json.dumps(body),
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [(r["status"], r.get("error")) for r in response.get_json()["results"]]


def items(make, prompts, recorded_at: datetime) -> list[dict]:
    return [make.answer_item(p, 4, recorded_at=recorded_at) for p in prompts]


@pytest.fixture
def closed(make):
    """closed(minutes_ago) -> (meeting, phone's token, its two scale prompts): a phone that
    joined an hour before the close, nothing answered yet."""
    def build(minutes_ago: float):
        meeting, _, token = make.closed_meeting(timedelta(minutes=minutes_ago), kinds=("scale", "scale"))
        db.session.refresh(meeting)
        checks.rules_of(meeting)
        return meeting, token, list(meeting.prompts)
    return build


def stored() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Answer))


@pytest.mark.parametrize("n", [1, 2])
def test_a_script_claiming_before_the_close_without_its_clock_is_refused_two_hours_later(make, client,
                                                                                        closed, n):
    """Before: trusted for 72 hours, stored."""
    meeting, token, prompts = closed(minutes_ago=120)
    sent = items(make, prompts[:n], meeting.closed_at - timedelta(minutes=1))
    assert post(client, meeting, token, sent) == [("rejected", "meeting_closed")] * n
    assert stored() == 0


@pytest.mark.parametrize("n", [1, 2])
def test_an_old_phone_without_its_clock_still_gets_in_soon_after_the_close(make, client, closed, n):
    meeting, token, prompts = closed(minutes_ago=10)
    sent = items(make, prompts[:n], meeting.closed_at - timedelta(minutes=1))
    assert post(client, meeting, token, sent) == [("stored", None)] * n


@pytest.mark.parametrize("n", [1, 2])
def test_a_phone_ten_minutes_fast_gets_in_what_it_recorded_before_the_close(make, client, closed, n):
    """Before: its time, clamped to the server's, fell after the close: refused."""
    meeting, token, prompts = closed(minutes_ago=60)
    fast = timedelta(minutes=10)
    sent = items(make, prompts[:n], meeting.closed_at - timedelta(minutes=1) + fast)
    assert post(client, meeting, token, sent, sent_at=datetime.now(UTC) + fast) == [("stored", None)] * n
    recorded = db.session.scalars(select(Answer.recorded_at)).all()
    assert all(abs(r - (meeting.closed_at - timedelta(minutes=1))) < timedelta(seconds=5) for r in recorded)


@pytest.mark.parametrize("n", [1, 2])
def test_a_token_that_synced_after_the_close_cannot_keep_adding(make, client, closed, n):
    """The phone's outbox drained when it came back; later claims of 'recorded before the
    close' are refused. Before: stored for 72 hours."""
    meeting, token, prompts = closed(minutes_ago=120)
    first = items(make, prompts[:1], meeting.closed_at - timedelta(minutes=5))
    assert post(client, meeting, token, first, sent_at=datetime.now(UTC)) == [("stored", None)]
    db.session.execute(update(Receipt).values(received_at=datetime.now(UTC) - timedelta(minutes=11)))
    db.session.commit()
    later = items(make, prompts[2 - n:] if n == 1 else prompts, meeting.closed_at - timedelta(minutes=2))
    refused = [("rejected", "meeting_closed")] * n
    assert post(client, meeting, token, later, sent_at=datetime.now(UTC)) == refused
    assert stored() == 1


def test_the_rest_of_the_outbox_still_arrives_right_after_the_first_batch(make, client, closed):
    meeting, token, prompts = closed(minutes_ago=120)
    recorded = meeting.closed_at - timedelta(minutes=5)
    for batch in (prompts[:1], prompts[1:]):
        sent = items(make, batch, recorded)
        assert post(client, meeting, token, sent, datetime.now(UTC)) == [("stored", None)]


@pytest.mark.parametrize("n", [1, 2])
def test_an_answer_claimed_before_the_phone_joined_is_refused(make, client, closed, n):
    meeting, token, prompts = closed(minutes_ago=60)
    sent = items(make, prompts[:n], meeting.closed_at - timedelta(hours=2))
    refused = [("rejected", "meeting_closed")] * n
    assert post(client, meeting, token, sent, sent_at=datetime.now(UTC)) == refused


@pytest.mark.parametrize("n", [1, 2])
def test_an_answer_dated_after_the_phone_sent_it_counts_at_the_servers_time(make, client, closed, n):
    """The phone's clock was set back between recording and sending (issue 18): the answer
    is kept at the server's time while the meeting is open (before: refused, lost), and
    such a date cannot slip an answer into a closed meeting."""
    meeting = make.meeting(kinds=("scale", "scale"))
    _who, token = make.participant(meeting)
    now = datetime.now(UTC)
    sent = items(make, meeting.prompts[:n], now + timedelta(minutes=10))
    assert post(client, meeting, token, sent, sent_at=now) == [("stored", None)] * n
    assert all(r <= datetime.now(UTC) for r in db.session.scalars(select(Answer.recorded_at)))
    meeting, token, prompts = closed(minutes_ago=30)
    sent = items(make, prompts[:n], datetime.now(UTC) + timedelta(minutes=10))
    refused = [("rejected", "meeting_closed")] * n
    assert post(client, meeting, token, sent, sent_at=datetime.now(UTC)) == refused


def test_an_open_meeting_stores_the_time_on_the_servers_clock(make, client):
    meeting = make.meeting(kinds=("scale",))
    _who, token = make.participant(meeting)
    checks.rules_of(meeting)
    slow = timedelta(hours=3)
    now = datetime.now(UTC)
    assert post(client, meeting, token, items(make, meeting.prompts, now - slow - timedelta(minutes=2)),
                sent_at=now - slow) == [("stored", None)]
    [recorded] = db.session.scalars(select(Answer.recorded_at)).all()
    assert abs(recorded - (now - timedelta(minutes=2))) < timedelta(seconds=5)


@pytest.mark.parametrize("sent_at, status", [
    ("yesterday", "stored"), ("2025-05-14T19:03:21", "stored"), (12, "stored"), (None, "stored"),
    ("9999-12-31T23:59:59Z", "rejected"),  # a clock that far off puts the answer before year 1
])
def test_a_bad_sent_at_is_judged_as_an_old_phone_and_never_holds_answers_back(make, client, sent_at, status):
    meeting = make.meeting(kinds=("scale",))
    _who, token = make.participant(meeting)
    body = {"answers": items(make, meeting.prompts, datetime.now(UTC)), "sent_at": sent_at}
    response = client.post(f"/api/meetings/{meeting.token}/answers", data=json.dumps(body),
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.get_json()["results"][0]["status"] == status


def test_no_phone_joins_a_closed_meeting(make, client):
    meeting = make.meeting(kinds=("scale",), status="closed")
    response = client.post(f"/api/meetings/{meeting.token}/participants", json={"group": "youngster"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "meeting_closed"
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
