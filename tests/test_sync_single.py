"""One answer per request, through the API, against the real database: the same path
as a batch (app/phone/store.py), as phones use it live."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text

from app import meetings
from app.extensions import db
from app.models import Answer, Participant, Receipt

NOW = datetime.now(UTC)


def send(client, meeting, token, *items, waiting=0):
    response = client.post(f"/api/meetings/{meeting.token}/answers", content_type="application/json",
                           data=json.dumps({"answers": list(items), "waiting": waiting}),
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [r["status"] for r in response.get_json()["results"]]


@pytest.fixture
def room(make, client):
    """An open meeting (a scale, a text), a youngster's phone, and its first answer."""
    meeting = make.meeting(kinds=("scale", "text"))
    who, token = make.participant(meeting)
    scale, text_prompt = meeting.prompts
    send(client, meeting, token, make.answer_item(scale, 1, NOW - timedelta(hours=1)))
    return meeting, who, token, scale, text_prompt


def current(participant_id: int, prompt_id: int) -> Answer:
    db.session.expire_all()
    return db.session.scalar(select(Answer).where(Answer.participant_id == participant_id,
                                                  Answer.prompt_id == prompt_id))


def test_a_newer_edit_replaces_the_answer_and_an_older_one_is_superseded(make, client, room):
    meeting, who, token, scale, text_prompt = room
    newer = make.answer_item(scale, 7, NOW - timedelta(minutes=5))
    older = make.answer_item(scale, 3, NOW - timedelta(minutes=30))
    assert send(client, meeting, token, newer) == ["stored"]
    assert send(client, meeting, token, older) == ["superseded"]
    answer = current(who.id, scale.id)
    assert (answer.uuid, answer.value) == (newer["uuid"], 7)
    # Both have their receipt: a replay of either is a duplicate, never stored again.
    assert set(db.session.scalars(select(Receipt.uuid).where(Receipt.prompt_id == scale.id))) >= {
        newer["uuid"], older["uuid"]}
    # Text is moderated: a new edit is pending again, its value cleaned.
    said = make.answer_item(text_prompt, "  Goed gesprek  ")
    assert send(client, meeting, token, said) == ["stored"]
    answer = current(who.id, text_prompt.id)
    assert (answer.value, answer.review) == ("Goed gesprek", "pending")


def test_a_replay_is_a_duplicate_and_changes_nothing(make, client, room):
    """A phone that never got the reply sends the answer again (on a flaky network that
    is a good share of all requests)."""
    meeting, who, token, scale, _ = room
    item = make.answer_item(scale, 6, NOW - timedelta(minutes=10))
    assert send(client, meeting, token, item) == ["stored"]
    newer = make.answer_item(scale, 9, NOW - timedelta(minutes=5))
    assert send(client, meeting, token, newer) == ["stored"]
    assert send(client, meeting, token, item) == ["duplicate"]
    assert current(who.id, scale.id).value == 9
    assert db.session.scalar(select(Receipt.uuid).where(Receipt.uuid == item["uuid"])) == item["uuid"]


def test_a_uuid_of_another_phone_is_refused(make, client, room):
    meeting, _, token, scale, _ = room
    _, other = make.participant(meeting, "officer")
    item = make.answer_item(scale, 4)
    assert send(client, meeting, token, item) == ["stored"]
    assert send(client, meeting, other, item) == ["rejected"]


def test_a_closed_meeting_takes_answers_recorded_before_it_closed(make, client, room):
    meeting, who, token, scale, _ = room
    meetings.set_status(meeting, "closed")
    db.session.refresh(meeting)
    item = make.answer_item(scale, 8, meeting.closed_at - timedelta(minutes=1))
    assert send(client, meeting, token, item) == ["stored"]
    assert current(who.id, scale.id).value == 8


def test_a_late_answer_to_a_closed_meeting_is_refused(make, client, room):
    meeting, _, token, scale, _ = room
    meetings.set_status(meeting, "closed")
    meeting.closed_at = datetime.now(UTC) - timedelta(minutes=10)  # beyond the clocks' skew
    db.session.commit()
    item = make.answer_item(scale, 8, datetime.now(UTC))
    response = client.post(f"/api/meetings/{meeting.token}/answers", content_type="application/json",
                           data=json.dumps({"answers": [item]}), headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["results"][0]["error"] == "meeting_closed"


def test_a_phone_reporting_waiting_answers_is_noted(make, client, room):
    meeting, who, token, scale, _ = room
    assert send(client, meeting, token, make.answer_item(scale, 5), waiting=3) == ["stored"]
    db.session.expire_all()
    assert db.session.get(Participant, who.id).waiting == 3
    assert send(client, meeting, token, make.answer_item(scale, 6)) == ["stored"]
    db.session.expire_all()
    assert db.session.get(Participant, who.id).waiting == 0


def test_a_prompt_deleted_behind_the_cache_is_refused_and_nothing_is_half_written(make, client, room):
    meeting, who, token, _, text_prompt = room
    item = make.answer_item(text_prompt, "hallo")
    # Deleted without touching the meeting's version: the cached prompts still list it.
    db.session.execute(text("DELETE FROM prompt WHERE id = :id"), {"id": text_prompt.id})
    db.session.commit()
    response = client.post(f"/api/meetings/{meeting.token}/answers", content_type="application/json",
                           data=json.dumps({"answers": [item]}), headers={"Authorization": f"Bearer {token}"})
    assert response.get_json()["results"][0].get("error") == "unknown_prompt", response.get_json()
    assert db.session.scalar(select(Receipt.uuid).where(Receipt.uuid == item["uuid"])) is None


BASE = datetime.now(UTC) - timedelta(hours=2)


@st.composite
def deliveries(draw):
    """Unique edits of two prompts by two phones, each sent one to three times, in any order."""
    edits = draw(st.lists(st.fixed_dictionaries({
        "phone": st.integers(0, 1), "prompt": st.integers(0, 1), "uuid": st.uuids(version=4).map(str),
        "value": st.integers(1, 10), "at": st.integers(0, 4)}),  # few seconds: ties go to the UUID
        min_size=1, max_size=10, unique_by=lambda e: e["uuid"]))
    return edits, draw(st.permutations([e for e in edits for _ in range(draw(st.integers(1, 3)))]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=deliveries())
def test_any_order_of_single_answers_keeps_each_once_and_the_latest_edit_wins(make, client, case):
    """The property of tests/test_sync_properties.py, one answer per request."""
    edits, sent = case
    db.session.execute(delete(Answer))
    db.session.execute(delete(Receipt))
    db.session.commit()
    meeting = make.meeting(kinds=("scale", "scale"))
    phones = [make.participant(meeting, group) for group in ("youngster", "officer")]
    prompts = meeting.prompts
    seen = set()
    for e in sent:
        item = {"uuid": e["uuid"], "prompt_id": prompts[e["prompt"]].id, "value": e["value"],
                "recorded_at": (BASE + timedelta(seconds=e["at"])).isoformat()}
        [status] = send(client, meeting, phones[e["phone"]][1], item)
        assert status == "duplicate" if e["uuid"] in seen else status in ("stored", "superseded")
        seen.add(e["uuid"])
    latest = {}
    for e in edits:
        key = (phones[e["phone"]][0].id, prompts[e["prompt"]].id)
        if key not in latest or (e["at"], e["uuid"]) > (latest[key]["at"], latest[key]["uuid"]):
            latest[key] = e
    db.session.expire_all()
    assert set(db.session.scalars(select(Receipt.uuid))) == {e["uuid"] for e in edits}
    stored = {(a.participant_id, a.prompt_id): (a.uuid, a.value) for a in db.session.scalars(select(Answer))}
    assert stored == {key: (e["uuid"], e["value"]) for key, e in latest.items()}
