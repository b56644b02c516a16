"""Storing answers exactly once (app/phone/store.py), against the real database."""

import threading
import uuid as uuidlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import meetings
from app.extensions import db
from app.models import Answer, Meeting, Participant, Receipt
from app.phone import checks, store

NOW = datetime.now(UTC)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stored_answers() -> list[tuple]:
    rows = db.session.execute(select(Answer.participant_id, Answer.prompt_id, Answer.uuid, Answer.value))
    return sorted(tuple(row) for row in rows)


def statuses(outcomes) -> list[str]:
    return [o.status for o in outcomes]


@pytest.fixture(autouse=True)
def _request(app):
    """Messages are lazy strings, translated in the language of a request."""
    with app.test_request_context():
        yield


@pytest.fixture
def room(make):
    """An open meeting with a scale and a text prompt, and one youngster's phone."""
    meeting = make.meeting(kinds=("scale", "text"))
    who, _ = make.participant(meeting)
    scale, text = meeting.prompts
    return meeting, who, scale, text


def test_a_new_answer_is_stored_with_one_receipt(make, room):
    meeting, who, scale, _ = room
    item = make.answer_item(scale, 7)
    [outcome] = store.store_batch(meeting, who, [item])
    assert outcome.as_json() == {"uuid": item["uuid"], "status": "stored"}
    assert stored_answers() == [(who.id, scale.id, item["uuid"], 7)]
    assert count(Receipt) == 1


def test_the_same_uuid_again_is_a_duplicate_that_changes_nothing(make, room):
    meeting, who, scale, _ = room
    item = make.answer_item(scale, 7)
    store.store_batch(meeting, who, [item])
    before = stored_answers()
    replay = {**item, "value": 2}  # even a changed value under the same UUID is the same answer
    assert statuses(store.store_batch(meeting, who, [replay])) == ["duplicate"]
    assert stored_answers() == before
    assert count(Receipt) == 1


def test_a_newer_edit_replaces_the_value(make, room):
    meeting, who, scale, _ = room
    make.answer(meeting, who, scale, 3, recorded_at=NOW - timedelta(minutes=2))
    edit = make.answer_item(scale, 9, recorded_at=NOW - timedelta(minutes=1))
    assert statuses(store.store_batch(meeting, who, [edit])) == ["stored"]
    assert stored_answers() == [(who.id, scale.id, edit["uuid"], 9)]
    assert count(Receipt) == 2


def test_an_older_edit_arriving_late_is_superseded_and_its_replay_a_duplicate(make, room):
    meeting, who, scale, _ = room
    older = make.answer_item(scale, 3, recorded_at=NOW - timedelta(minutes=2))
    newer = make.answer_item(scale, 9, recorded_at=NOW - timedelta(minutes=1))
    assert statuses(store.store_batch(meeting, who, [newer])) == ["stored"]
    assert statuses(store.store_batch(meeting, who, [older])) == ["superseded"]
    assert stored_answers() == [(who.id, scale.id, newer["uuid"], 9)]
    assert count(Receipt) == 2
    assert statuses(store.store_batch(meeting, who, [older])) == ["duplicate"]
    assert stored_answers() == [(who.id, scale.id, newer["uuid"], 9)]
    assert count(Receipt) == 2


def test_edits_in_any_order_end_with_the_latest(make, room):
    meeting, who, scale, _ = room
    edits = [make.answer_item(scale, v, recorded_at=NOW - timedelta(minutes=10 - v)) for v in (1, 2, 3)]
    assert statuses(store.store_batch(meeting, who, [edits[2], edits[0], edits[1]])) == [
        "stored", "superseded", "superseded"]
    assert stored_answers() == [(who.id, scale.id, edits[2]["uuid"], 3)]
    assert count(Receipt) == 3


def test_the_same_uuid_twice_in_one_batch_is_stored_once(make, room):
    meeting, who, scale, _ = room
    item = make.answer_item(scale, 5)
    assert statuses(store.store_batch(meeting, who, [item, dict(item)])) == ["stored", "duplicate"]
    assert count(Answer) == 1
    assert count(Receipt) == 1


def test_an_upper_case_uuid_is_the_same_answer(make, room):
    meeting, who, scale, _ = room
    item = make.answer_item(scale, 5, key=str(uuidlib.uuid4()).upper())
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.uuid, outcome.status) == (item["uuid"], "stored")  # echoed as sent
    assert statuses(store.store_batch(meeting, who, [item])) == ["duplicate"]
    lower = {**item, "uuid": item["uuid"].lower()}
    assert statuses(store.store_batch(meeting, who, [lower])) == ["duplicate"]
    assert count(Receipt) == 1


def test_a_uuid_of_another_participant_is_rejected(make, room):
    meeting, who, scale, _ = room
    other, _ = make.participant(meeting)
    item = make.answer_item(scale, 5)
    store.store_batch(meeting, other, [item])
    before = stored_answers()
    [outcome] = store.store_batch(meeting, who, [{**item, "value": 1}])
    assert (outcome.status, outcome.error) == ("rejected", "uuid_conflict")
    assert outcome.message
    assert stored_answers() == before
    assert count(Receipt) == 1


def test_a_prompt_of_another_meeting_is_rejected(make, room):
    meeting, who, _, _ = room
    elsewhere = make.meeting(kinds=("scale",))
    [outcome] = store.store_batch(meeting, who, [make.answer_item(elsewhere.prompts[0], 5)])
    assert (outcome.status, outcome.error) == ("rejected", "unknown_prompt")
    assert count(Answer) == count(Receipt) == 0


def test_a_prompt_for_the_other_group_is_rejected(make, room):
    meeting, who, _, _ = room
    officers_only = meetings.add_prompt(meeting, "scale", {"nl": "Agenten"}, audience="officer")
    youngsters_only = meetings.add_prompt(meeting, "scale", {"nl": "Jongeren"}, audience="youngster")
    outcomes = store.store_batch(meeting, who, [make.answer_item(officers_only, 5),
                                               make.answer_item(youngsters_only, 5)])
    assert [(o.status, o.error) for o in outcomes] == [("rejected", "not_for_group"), ("stored", None)]
    assert count(Answer) == count(Receipt) == 1


def test_a_draft_meeting_rejects_answers(make):
    meeting = make.meeting(kinds=("scale",), status="draft")
    who, _ = make.participant(meeting)
    [outcome] = store.store_batch(meeting, who, [make.answer_item(meeting.prompts[0], 5)])
    assert (outcome.status, outcome.error) == ("rejected", "meeting_not_open")
    assert count(Answer) == count(Receipt) == 0


def closed(make, hours_ago: float):
    meeting, who, _ = make.closed_meeting(timedelta(hours=hours_ago))
    return meeting, who, meeting.prompts[0]


def test_a_closed_meeting_takes_late_answers_recorded_before_closing(app, make):
    """From a phone that sends its clock with the batch (app/phone/late_answers.py)."""
    meeting, who, prompt = closed(make, hours_ago=app.config["SYNC_GRACE_HOURS"] - 1)
    item = make.answer_item(prompt, 5, recorded_at=meeting.closed_at - timedelta(minutes=10))
    sent_at = datetime.now(UTC).isoformat()
    assert statuses(store.store_batch(meeting, who, [item], sent_at=sent_at)) == ["stored"]
    assert count(Answer) == 1


def test_a_closed_meeting_refuses_answers_after_the_grace_window(app, make):
    meeting, who, prompt = closed(make, hours_ago=app.config["SYNC_GRACE_HOURS"] + 1)
    item = make.answer_item(prompt, 5, recorded_at=meeting.closed_at - timedelta(minutes=10))
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.status, outcome.error) == ("rejected", "meeting_closed")
    assert count(Answer) == count(Receipt) == 0


def test_a_closed_meeting_refuses_answers_recorded_after_closing(make):
    meeting, who, prompt = closed(make, hours_ago=1)
    item = make.answer_item(prompt, 5, recorded_at=meeting.closed_at + timedelta(minutes=30))
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.status, outcome.error) == ("rejected", "meeting_closed")
    assert count(Answer) == count(Receipt) == 0


def test_a_time_in_the_future_is_clamped_to_now(make, room):
    meeting, who, scale, _ = room
    before = datetime.now(UTC)
    store.store_batch(meeting, who, [make.answer_item(scale, 5, recorded_at=before + timedelta(days=365))])
    after = datetime.now(UTC)
    answer = db.session.scalar(select(Answer))
    assert before <= answer.recorded_at <= after
    # So a phone whose clock runs a year fast cannot block a later real edit.
    later = make.answer_item(scale, 6, recorded_at=after + timedelta(seconds=1))
    assert statuses(store.store_batch(meeting, who, [later])) == ["stored"]


def test_other_time_zones_are_compared_in_utc(make, room):
    meeting, who, scale, _ = room
    brussels = timezone_plus(2)
    first = make.answer_item(scale, 1, recorded_at=(NOW - timedelta(minutes=5)).astimezone(brussels))
    second = make.answer_item(scale, 2, recorded_at=NOW - timedelta(minutes=1))
    assert statuses(store.store_batch(meeting, who, [second, first])) == ["stored", "superseded"]
    assert db.session.scalar(select(Answer.value)) == 2


def timezone_plus(hours: int):
    from datetime import timezone

    return timezone(timedelta(hours=hours))


GOOD = object()  # stands for a valid UUID in the table below


@pytest.mark.parametrize(("change", "error"), [
    ({"uuid": None}, "invalid_uuid"),
    ({"uuid": "not-a-uuid"}, "invalid_uuid"),
    ({"uuid": 12345}, "invalid_uuid"),
    ({"uuid": ["a"]}, "invalid_uuid"),
    ({"prompt_id": None}, "unknown_prompt"),
    ({"prompt_id": "PROMPT"}, "unknown_prompt"),  # the right id, as a string
    ({"prompt_id": True}, "unknown_prompt"),
    ({"prompt_id": 1.0}, "unknown_prompt"),
    ({"prompt_id": [1]}, "unknown_prompt"),
    ({"prompt_id": {"id": 1}}, "unknown_prompt"),
    ({"prompt_id": 10**30}, "unknown_prompt"),
    ({"recorded_at": None}, "invalid_time"),
    ({"recorded_at": 1700000000}, "invalid_time"),
    ({"recorded_at": "yesterday"}, "invalid_time"),
    ({"recorded_at": "2025-01-01T10:00:00"}, "invalid_time"),  # no time zone
    ({"recorded_at": "0001-01-01T00:00:00+01:00"}, "invalid_time"),  # before year 1 in UTC
    ({"value": "7"}, "invalid_value"),
    ({"value": True}, "invalid_value"),
    ({"value": 7.0}, "invalid_value"),
    ({"value": None}, "invalid_value"),
    ({"value": 11}, "invalid_value"),
])
def test_bad_items_are_rejected_one_by_one(make, room, change, error):
    meeting, who, scale, _ = room
    item = {**make.answer_item(scale, 7), **change}
    if item["prompt_id"] == "PROMPT":
        item["prompt_id"] = str(scale.id)
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.status, outcome.error) == ("rejected", error)
    assert set(outcome.as_json()) == {"uuid", "status", "error", "message"}
    assert count(Answer) == count(Receipt) == 0


def test_the_first_prompt_is_not_found_by_true(make):
    """True == 1 in Python: the prompt with id 1 must not answer to it."""
    meeting = make.meeting(kinds=("scale",))
    who, _ = make.participant(meeting)
    assert meeting.prompts[0].id == 1  # ids restart in every test
    item = {**make.answer_item(meeting.prompts[0], 5), "prompt_id": True}
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.status, outcome.error) == ("rejected", "unknown_prompt")


@pytest.mark.parametrize("item", ["answer", 5, None, [], ["uuid"], True])
def test_items_that_are_not_objects_are_rejected(make, room, item):
    meeting, who, _, _ = room
    [outcome] = store.store_batch(meeting, who, [item])
    assert (outcome.uuid, outcome.status, outcome.error) == ("", "rejected", "invalid_item")


def test_control_characters_are_stored_without_them(make, room):
    meeting, who, _, text = room
    store.store_batch(meeting, who, [make.answer_item(text, "nul\x00 byte")])
    assert db.session.scalar(select(Answer.value)) == "nul byte"


def test_a_mixed_batch_gives_one_outcome_per_item_in_order(make, room):
    meeting, who, scale, text = room
    old = make.answer_item(text, "eerst", recorded_at=NOW - timedelta(minutes=5))
    store.store_batch(meeting, who, [old])
    good_scale = make.answer_item(scale, 4)
    good_text = make.answer_item(text, "daarna", recorded_at=NOW - timedelta(minutes=1))
    batch = [
        good_scale,
        {**make.answer_item(scale, 4), "value": 99},
        old,
        "garbage",
        {**make.answer_item(text, "x"), "uuid": "nope"},
        good_text,
        good_scale,
    ]
    outcomes = store.store_batch(meeting, who, batch)
    assert [(o.uuid, o.status, o.error) for o in outcomes] == [
        (good_scale["uuid"], "stored", None),
        (batch[1]["uuid"], "rejected", "invalid_value"),
        (old["uuid"], "duplicate", None),
        ("", "rejected", "invalid_item"),
        ("nope", "rejected", "invalid_uuid"),
        (good_text["uuid"], "stored", None),
        (good_scale["uuid"], "duplicate", None),
    ]
    assert stored_answers() == sorted([(who.id, scale.id, good_scale["uuid"], 4),
                                       (who.id, text.id, good_text["uuid"], "daarna")])
    assert count(Receipt) == 3


# ---- Races between requests. Each thread has its own app context, so its own
# session and database connection, as two requests in two server threads would.

def run_in_threads(app, meeting_id, participant_id, batches) -> list:
    """store_batch for each batch in its own thread; -> the statuses per batch."""
    results, errors = [None] * len(batches), []

    def post(index, items):
        try:
            with app.app_context():
                meeting = db.session.get(Meeting, meeting_id)
                who = db.session.get(Participant, participant_id)
                results[index] = statuses(store.store_batch(meeting, who, items))
                db.session.remove()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=post, args=pair) for pair in enumerate(batches)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_the_same_batch_posted_twice_at_once_is_stored_once(app, make, monkeypatch):
    meeting = make.meeting(kinds=("scale", "words", "text"))
    who, _ = make.participant(meeting)
    items = [make.answer_item(p, v) for p, v in zip(meeting.prompts, (4, ["ja"], "goed"), strict=True)]
    both_read = threading.Barrier(2, timeout=30)
    waited = threading.local()
    clean_value = checks.clean_value

    def clean_after_both_read(*args):
        # Both threads have read the receipts (none yet) before either writes:
        # both will insert the same rows, and one must lose and judge again.
        if not getattr(waited, "done", False):
            waited.done = True
            both_read.wait()
        return clean_value(*args)

    monkeypatch.setattr(checks, "clean_value", clean_after_both_read)
    results = run_in_threads(app, meeting.id, who.id, [items, items])
    assert sorted(results) == [["duplicate"] * 3, ["stored"] * 3]
    db.session.expire_all()
    assert count(Answer) == 3
    assert count(Receipt) == 3
    assert sorted(row[2] for row in stored_answers()) == sorted(i["uuid"] for i in items)


def test_two_new_edits_of_one_prompt_at_once_keep_the_latest(app, make, monkeypatch):
    meeting = make.meeting(kinds=("scale",))
    who, _ = make.participant(meeting)
    prompt = meeting.prompts[0]
    early = make.answer_item(prompt, 1, recorded_at=NOW - timedelta(minutes=2))
    late = make.answer_item(prompt, 2, recorded_at=NOW - timedelta(minutes=1))
    both_read = threading.Barrier(2, timeout=30)
    waited = threading.local()
    clean_value = checks.clean_value

    def clean_after_both_read(*args):
        if not getattr(waited, "done", False):
            waited.done = True
            both_read.wait()
        return clean_value(*args)

    monkeypatch.setattr(checks, "clean_value", clean_after_both_read)
    results = run_in_threads(app, meeting.id, who.id, [[early], [late]])
    assert results[1] == ["stored"]
    assert results[0] in (["stored"], ["superseded"])  # depends on which thread wrote first
    db.session.expire_all()
    assert stored_answers() == [(who.id, prompt.id, late["uuid"], 2)]
    assert count(Receipt) == 2


def test_an_edit_is_never_overwritten_by_an_older_one_read_before_it(app, make, monkeypatch):
    """A newer edit committed between this request's read and its write wins."""
    meeting = make.meeting(kinds=("scale",))
    who, _ = make.participant(meeting)
    prompt = meeting.prompts[0]
    make.answer(meeting, who, prompt, 1, recorded_at=NOW - timedelta(minutes=3))
    older = make.answer_item(prompt, 2, recorded_at=NOW - timedelta(minutes=2))
    newer = make.answer_item(prompt, 3, recorded_at=NOW - timedelta(minutes=1))
    clean_value = checks.clean_value
    interleaved = []
    main = threading.get_ident()

    def newer_edit_lands_meanwhile(*args):
        # After this request read the stored answer, before it writes its edit.
        if threading.get_ident() == main and not interleaved:
            interleaved.append(run_in_threads(app, meeting.id, who.id, [[newer]]))
        return clean_value(*args)

    monkeypatch.setattr(checks, "clean_value", newer_edit_lands_meanwhile)
    assert statuses(store.store_batch(meeting, who, [older])) == ["superseded"]
    assert interleaved == [[["stored"]]]
    assert stored_answers() == [(who.id, prompt.id, newer["uuid"], 3)]
    assert count(Receipt) == 3


def test_the_prompt_rules_cache_follows_the_prompts_version_only(make, room):
    """A moderation click or a pacing step (the live version) keeps every process's
    prompt rules; a change of the prompts reads them again."""
    from app import live

    meeting, *_ = room
    rules = checks.rules_of(meeting)
    live.touch(meeting)
    db.session.commit()
    assert checks.rules_of(meeting) is rules
    meetings.add_prompt(meeting, "scale", {"nl": "Nog een vraag"})
    db.session.refresh(meeting)
    fresh = checks.rules_of(meeting)
    assert fresh is not rules and len(fresh) == len(rules) + 1
