"""Properties of the sync (app/phone/store.py), for any mix of batches hypothesis makes:
edits from one or several phones, duplicated, reordered and interleaved, store
exactly the set of unique answers, the latest edit (by the phone's seq, then
recorded_at, then UUID; an edit without seq is older than any with one) wins, every
replay is a "duplicate", and every "superseded" says what is stored. Against the real
database."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.extensions import db
from app.models import Answer, Receipt
from app.phone import store

BASE = datetime.now(UTC) - timedelta(hours=1)
PHONES, PROMPTS = 2, 2  # prompt 0 is a scale, prompt 1 an open text


@pytest.fixture
def room(app, make):
    """An open meeting with a scale and a text prompt, and two phones."""
    with app.test_request_context():
        meeting = make.meeting(kinds=("scale", "text"))
        phones = [make.participant(meeting, group)[0] for group in ("youngster", "officer")]
        yield meeting, phones


def value_for(prompt: int):
    if prompt == 0:
        return st.integers(1, 10)
    return st.text(alphabet="abcdefghij ", min_size=1, max_size=12).filter(str.strip)


@st.composite
def edit(draw):
    phone, prompt = draw(st.integers(0, PHONES - 1)), draw(st.integers(0, PROMPTS - 1))
    return {"phone": phone, "prompt": prompt, "uuid": str(draw(st.uuids(version=4))),
            "value": draw(value_for(prompt)),
            # few distinct seconds: ties on recorded_at are decided by the UUID
            "at": draw(st.integers(0, 5)),
            # the phone's edit counter, or none (an older release's outbox); few values: ties
            "seq": draw(st.one_of(st.none(), st.integers(1, 3)))}


@st.composite
def deliveries(draw):
    """Unique edits, then what the server receives: each edit one or more times,
    shuffled, cut into batches of one phone each, in any order."""
    edits = draw(st.lists(edit(), min_size=1, max_size=12, unique_by=lambda e: e["uuid"]))
    sent = [e for e in edits for _ in range(draw(st.integers(1, 3)))]
    sent = draw(st.permutations(sent))
    batches = []
    for item in sent:
        if batches and batches[-1][0] == item["phone"] and draw(st.booleans()):
            batches[-1][1].append(item)
        else:
            batches.append((item["phone"], [item]))
    return edits, batches


def wire(item, prompts) -> dict:
    return {"uuid": item["uuid"], "prompt_id": prompts[item["prompt"]].id, "value": item["value"],
            "recorded_at": (BASE + timedelta(seconds=item["at"])).isoformat()} | (
        {"seq": item["seq"]} if item["seq"] is not None else {})


def order(e) -> tuple:
    return (e["seq"] or 0, e["at"], e["uuid"])


def clean(value):
    return value.strip() if isinstance(value, str) else value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=deliveries())
def test_any_mix_of_batches_stores_the_unique_answers_and_the_latest_edit_wins(app, room, case):
    meeting, phones = room
    edits, batches = case
    db.session.execute(delete(Answer))
    db.session.execute(delete(Receipt))
    db.session.commit()
    prompts = meeting.prompts

    seen, statuses = set(), {}
    for phone, items in batches:
        outcomes = store.store_batch(meeting, phones[phone], [wire(i, prompts) for i in items])
        for item, outcome in zip(items, outcomes, strict=True):
            assert outcome.uuid == item["uuid"]
            if item["uuid"] in seen:
                assert outcome.status == "duplicate"
            else:
                assert outcome.status in ("stored", "superseded"), outcome.as_json()
                seen.add(item["uuid"])
            if outcome.status == "superseded":
                assert outcome.current["uuid"] != item["uuid"]
            statuses.setdefault(item["uuid"], []).append(outcome.status)

    db.session.expire_all()
    assert set(db.session.scalars(select(Receipt.uuid))) == {e["uuid"] for e in edits}
    latest = {}
    for e in edits:
        key = (phones[e["phone"]].id, prompts[e["prompt"]].id)
        if key not in latest or order(e) > order(latest[key]):
            latest[key] = e
    stored = {(a.participant_id, a.prompt_id): (a.uuid, a.value) for a in db.session.scalars(select(Answer))}
    assert stored == {key: (e["uuid"], clean(e["value"])) for key, e in latest.items()}
    # The winner was "stored" when it first came; nothing was ever rejected.
    for e in latest.values():
        assert statuses[e["uuid"]][0] == "stored"
